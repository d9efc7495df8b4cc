/* How much of a HAG's edge-read reduction a CPU kernel can turn into speed.
 *
 * Reads a HAG (hag v1 text, as `hag-search --emit` writes it), recovers the
 * graph's lists from it (each node's list is the cover of its HAG list,
 * sorted as a CSR's), and times sum aggregation of D floats
 * per row with these kernels:
 *
 *   plain        each node folds its whole list.
 *   hag          the shape HagToSCF generates for a tiled plan: per tile, each
 *                aggregation node folds its aggregation inputs, then its graph
 *                inputs, into a row of a scratch buffer; then each node of
 *                the tile folds its list the same way.
 *   hag-reads    the hag kernel's loops and reads with its aggregation rows
 *                made free: every aggregation row it reads is one row kept
 *                in L1 (its index still loaded, the row still read), none is
 *                written.
 *   hag-loops    the same with every graph row it reads made free as well:
 *                what the hag kernel's loops cost alone.
 *   hag-passes   the hag kernel run in column passes of 64 floats per tile
 *                (at d = 256: four), each pass a slice of every row, so a
 *                tile's slices fit L1; aggregation rows stored pass by pass.
 *                Tried for d = 256 and not kept (docs/CpuPerformance.md).
 *   hag-steps    the hag kernel with each tile's aggregation nodes numbered
 *                in the order its nodes first need them (inputs first), and
 *                the tile's nodes run in steps of kStepNodes, each step after
 *                the aggregation rows it needs that are not computed yet: a
 *                row is read soon after it is written, and a step's graph
 *                rows are those its aggregation nodes have just read.
 *   floor        the HAG's count of reads at their cheapest: each node reads
 *                its own row (every row is read once, in order) and then
 *                its share of the HAG's reads from one row kept in L1, in
 *                plain's loops. Any kernel that makes the HAG's reads reads
 *                every row at least once and no faster than from L1.
 *   copy         each row read once and written once: the traffic every
 *                aggregation pays whatever it saves.
 *
 * Used by bench/read_bound.py (docs/ReadBound.md) and docs/CpuPerformance.md
 * ("What the reduction can buy").
 *
 *   cc -O3 -march=native -falign-loops=64 -fopenmp -DD=64 \
 *      bench/read_bound.c -o /tmp/read_bound64 -lm
 *   build/bin/hag-search GRAPH --capacity=unlimited --threshold=2 \
 *      --max-inputs=8 --tile-nodes=32 --emit=/tmp/graph.hag --quiet
 *   /tmp/read_bound64 /tmp/graph.hag [rounds]
 *
 * Each kernel splits its nodes (or tiles) into parts of equal work and each
 * OpenMP thread (OMP_NUM_THREADS) takes a run of consecutive parts, as the
 * generated kernels do. Each kernel runs in rounds alternating
 * with plain; the line prints the median of each, plain's over the
 * kernel's, and that ratio over the reduction. The results of hag,
 * hag-passes and hag-steps are checked against plain's.
 */
#include <math.h>
#include <omp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#ifndef D
#define D 64
#endif
#if D % 16 != 0 || D < 16 || D > 256
#error "D must be a multiple of 16 from 16 to 256 (blocks of 16 floats)"
#endif
enum { kBlocks = D / 16, kMaxRounds = 100000 };

/* A block of 16 floats, 64 bytes: one AVX-512 register with -march=native
 * on this machine, as the generated kernels use (docs/CpuPerformance.md);
 * GCC's vector extension keeps the file portable. */
typedef float Block __attribute__((vector_size(64)));

/* A list structure: list i is entries[offsets[i] .. offsets[i+1]). For the
 * HAG's lists, entries[offsets[i] .. splits[i]) are aggregation nodes. */
typedef struct {
  int *offsets, *entries, *splits;
} Lists;

static int numNodes, numAgg, numTiles;
static int *tileFirstNode, *tileFirstAgg; /* numTiles + 1 each */
static Lists aggLists, nodeLists, plainLists, floorLists;
/* hag-steps' lists: the HAG's, with each tile's aggregation nodes renumbered
 * in demand order (stepAggLists is indexed by the new numbers). */
static Lists stepAggLists, stepNodeLists;
/* stepBounds[firstStep[t] + j]: one past the last aggregation node (0-based
 * over all tiles, new numbers) computed before step j of tile t. */
static int *stepBounds, *firstStep;
static float *features, *result, *reference;
/* scratchRows rows per thread: the most aggregation nodes of a tile. */
static float *scratch;
static int scratchRows;

static void fail(const char *format, ...) {
  va_list args;
  va_start(args, format);
  fprintf(stderr, "read_bound: error: ");
  vfprintf(stderr, format, args);
  fprintf(stderr, "\n");
  va_end(args);
  exit(1);
}

static void *allocate(size_t bytes) {
  void *p = malloc(bytes ? bytes : 1);
  if (!p)
    fail("out of memory (%zu bytes)", bytes);
  return p;
}

/* Rows on 2 MB pages where the kernel allows it, as hag-bench places them,
 * so page placement does not change the result from process to process. */
static float *allocateRows(size_t rows) {
  size_t bytes =
      (rows * D * sizeof(float) + (2u << 20) - 1) & ~((2u << 20) - 1);
  void *p = aligned_alloc(2u << 20, bytes);
  if (!p)
    fail("out of memory (%zu bytes of rows)", bytes);
  madvise(p, bytes, MADV_HUGEPAGE);
  memset(p, 0, bytes);
  return p;
}

/* ---- Reading the HAG ---------------------------------------------------- */

static int **aggInputs, *aggInputCount, **nodeList, *nodeListCount;

static int readInts(const char *text, int *out, int most, const char *path,
                    long line) {
  int count = 0, used;
  long value;
  while (sscanf(text, "%ld%n", &value, &used) == 1) {
    if (count == most)
      fail("%s:%ld: more than %d numbers on a line", path, line, most);
    if (value < 0 || value >= numNodes + numAgg)
      fail("%s:%ld: id %ld is not a node or aggregation node", path, line,
           value);
    out[count++] = (int)value;
    text += used;
  }
  while (*text == ' ' || *text == '\t' || *text == '\n' || *text == '\r')
    ++text;
  if (*text)
    fail("%s:%ld: not a number: '%.*s'", path, line,
         (int)strcspn(text, " \t\r\n"), text);
  return count;
}

static void readHag(const char *path) {
  FILE *file = fopen(path, "r");
  if (!file)
    fail("cannot open %s", path);
  enum { kMaxLine = 1 << 22 };
  char *text = allocate(kMaxLine);
  int *numbers = allocate(sizeof(int) * (kMaxLine / 2));
  long line = 0;
  int haveHeader = 0;
  numTiles = 0;
  while (fgets(text, kMaxLine, file)) {
    ++line;
    if (!strchr(text, '\n') && !feof(file))
      fail("%s:%ld: line longer than %d bytes", path, line, kMaxLine);
    const char *p = text;
    while (*p == ' ' || *p == '\t')
      ++p;
    if (*p == '#' || *p == '\n' || *p == '\r' || !*p)
      continue;
    if (!haveHeader) {
      if (sscanf(p, "hag v1 set %d %d", &numNodes, &numAgg) != 2 ||
          numNodes <= 0 || numAgg < 0)
        fail("%s:%ld: expected 'hag v1 set <nodes> <aggregation nodes>' (a "
             "set HAG)",
             path, line);
      haveHeader = 1;
      tileFirstNode = allocate(sizeof(int) * (numNodes + 1));
      tileFirstAgg = allocate(sizeof(int) * (numNodes + 1));
      aggInputs = calloc(numAgg + 1, sizeof(int *));
      aggInputCount = calloc(numAgg + 1, sizeof(int));
      nodeList = calloc(numNodes, sizeof(int *));
      nodeListCount = calloc(numNodes, sizeof(int));
      if (!aggInputs || !aggInputCount || !nodeList || !nodeListCount)
        fail("out of memory");
      continue;
    }
    char kind = *p++;
    int count = readInts(p, numbers, kMaxLine / 2, path, line);
    if (kind == 't') {
      if (count != 2 || numTiles == numNodes)
        fail("%s:%ld: expected 't <first node> <first aggregation id>'", path,
             line);
      tileFirstNode[numTiles] = numbers[0];
      tileFirstAgg[numTiles] = numbers[1] - numNodes;
      ++numTiles;
    } else if (kind == 'a') {
      int a = numbers[0] - numNodes;
      if (count < 3 || a < 0 || aggInputs[a])
        fail("%s:%ld: expected 'a <new aggregation id> <inputs...>'", path,
             line);
      aggInputCount[a] = count - 1;
      aggInputs[a] = allocate(sizeof(int) * (count - 1));
      memcpy(aggInputs[a], numbers + 1, sizeof(int) * (count - 1));
    } else if (kind == 'n') {
      int v = numbers[0];
      if (count < 3 || v >= numNodes || count - 2 != numbers[1] || nodeList[v])
        fail("%s:%ld: expected 'n <node> <k> <k entries>'", path, line);
      nodeListCount[v] = count - 2;
      nodeList[v] = allocate(sizeof(int) * (count - 2));
      memcpy(nodeList[v], numbers + 2, sizeof(int) * (count - 2));
    } else {
      fail("%s:%ld: unknown line kind '%c'", path, line, kind);
    }
  }
  if (!haveHeader)
    fail("%s: no 'hag v1' header", path);
  for (int a = 0; a < numAgg; ++a)
    if (!aggInputs[a])
      fail("%s: aggregation node %d is not defined", path, a + numNodes);
  if (numTiles == 0) {
    /* An untiled HAG is one tile. */
    tileFirstNode[0] = 0;
    tileFirstAgg[0] = 0;
    numTiles = 1;
  }
  tileFirstNode[numTiles] = numNodes;
  tileFirstAgg[numTiles] = numAgg;
  free(text);
  free(numbers);
  fclose(file);
}

/* ---- Lists the kernels read ---------------------------------------------- */

/* `count` lists, list i given by (items[i], counts[i]), each with its
 * aggregation nodes first, as the lowering stores a constant plan. */
static Lists splitLists(int count, int **items, const int *counts) {
  Lists lists;
  lists.offsets = allocate(sizeof(int) * (count + 1));
  lists.splits = allocate(sizeof(int) * (count + 1));
  long total = 0;
  for (int i = 0; i < count; ++i)
    total += counts[i];
  lists.entries = allocate(sizeof(int) * total);
  int at = 0;
  for (int i = 0; i < count; ++i) {
    lists.offsets[i] = at;
    for (int k = 0; k < counts[i]; ++k)
      if (items[i][k] >= numNodes)
        lists.entries[at++] = items[i][k];
    lists.splits[i] = at;
    for (int k = 0; k < counts[i]; ++k)
      if (items[i][k] < numNodes)
        lists.entries[at++] = items[i][k];
  }
  lists.offsets[count] = at;
  return lists;
}

static int compareInts(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}

/* Appends the graph nodes `id` covers, in any order (the caller sorts).
 * An explicit stack (`stack`), not recursion: a crafted chain of
 * aggregation nodes would overflow the call stack. Every aggregation node
 * has two inputs or more, so the expansion of a cover of at most numNodes
 * nodes holds fewer than 2 * numNodes ids. */
static void cover(int id, int *out, int *count, int *stack) {
  int depth = 0;
  stack[depth++] = id;
  while (depth > 0) {
    int top = stack[--depth];
    if (top < numNodes) {
      out[(*count)++] = top;
      continue;
    }
    int a = top - numNodes;
    for (int k = 0; k < aggInputCount[a]; ++k)
      stack[depth++] = aggInputs[a][k];
  }
}

/* Replaces each node's HAG list by the graph's list it covers, sorted. */
static void expandToGraphLists(void) {
  /* Inputs are defined before the nodes that read them, so one pass in id
   * order sizes every cover; a list whose covers add up to more than
   * numNodes is refused before it is expanded into the buffer. */
  long *coverSize = allocate(sizeof(long) * (numAgg + 1));
  for (int a = 0; a < numAgg; ++a) {
    coverSize[a] = 0;
    for (int k = 0; k < aggInputCount[a]; ++k) {
      int id = aggInputs[a][k];
      if (id >= a + numNodes)
        fail("aggregation node %d reads %d, not defined before it",
             a + numNodes, id);
      coverSize[a] += id < numNodes ? 1 : coverSize[id - numNodes];
      if (coverSize[a] > numNodes)
        fail("aggregation node %d covers more than %d nodes: not a set HAG",
             a + numNodes, numNodes);
    }
  }
  int *buffer = allocate(sizeof(int) * numNodes);
  int *stack = allocate(sizeof(int) * 2 * (size_t)numNodes);
  for (int v = 0; v < numNodes; ++v) {
    long size = 0;
    for (int k = 0; k < nodeListCount[v]; ++k) {
      int id = nodeList[v][k];
      size += id < numNodes ? 1 : coverSize[id - numNodes];
    }
    if (size > numNodes)
      fail("node %d's list covers %ld nodes, more than the graph has: not a "
           "set HAG",
           v, size);
    int count = 0;
    for (int k = 0; k < nodeListCount[v]; ++k)
      cover(nodeList[v][k], buffer, &count, stack);
    free(nodeList[v]);
    nodeList[v] = allocate(sizeof(int) * count);
    memcpy(nodeList[v], buffer, sizeof(int) * count);
    qsort(nodeList[v], count, sizeof(int), compareInts);
    nodeListCount[v] = count;
  }
  free(buffer);
  free(stack);
  free(coverSize);
}

/* The graph's lists (after expandToGraphLists), and floor's: node v's own
 * id, then the first entries of its list, `keep` of its entries in all (at
 * least one where the list has any). */
static void buildPlainLists(double keep) {
  long total = 0;
  for (int v = 0; v < numNodes; ++v)
    total += nodeListCount[v];
  Lists *lists[2] = {&plainLists, &floorLists};
  for (int c = 0; c < 2; ++c) {
    lists[c]->offsets = allocate(sizeof(int) * (numNodes + 1));
    lists[c]->entries = allocate(sizeof(int) * (total + numNodes));
    lists[c]->splits = NULL;
  }
  int at[2] = {0, 0};
  for (int v = 0; v < numNodes; ++v) {
    int count = nodeListCount[v];
    /* At most the whole list: a HAG may read more rows than the graph has
     * edges. */
    int kept = (int)lround(count * keep);
    if (kept > count)
      kept = count;
    if (kept == 0 && count > 0)
      kept = 1;
    plainLists.offsets[v] = at[0];
    floorLists.offsets[v] = at[1];
    for (int k = 0; k < count; ++k)
      plainLists.entries[at[0]++] = nodeList[v][k];
    if (kept > 0)
      floorLists.entries[at[1]++] = v;
    for (int k = 0; k + 1 < kept; ++k)
      floorLists.entries[at[1]++] = nodeList[v][k];
  }
  plainLists.offsets[numNodes] = at[0];
  floorLists.offsets[numNodes] = at[1];
}

/* ---- hag-steps' plan ---------------------------------------------------- */

enum { kStepNodes = 8 };

/* Gives aggregation node a (and, first, the aggregation nodes it reads) the
 * next numbers of its tile, unless it has one: a depth-first walk on an
 * explicit stack (`stack`, numAgg entries; recursion would overflow on a
 * crafted chain), `inputsDone` marking the nodes whose inputs are pushed.
 * Every input precedes its reader, so the walk ends. */
static void numberInDemandOrder(int a, int *newNumber, int *next, int *stack,
                                char *inputsDone) {
  int depth = 0;
  if (newNumber[a] < 0)
    stack[depth++] = a;
  while (depth > 0) {
    int top = stack[depth - 1];
    if (newNumber[top] >= 0) {
      --depth;
    } else if (inputsDone[top]) {
      newNumber[top] = (*next)++;
      --depth;
    } else {
      inputsDone[top] = 1;
      /* Pushed last first, so the first input is numbered first. */
      for (int k = aggInputCount[top] - 1; k >= 0; --k) {
        int input = aggInputs[top][k] - numNodes;
        if (input >= 0 && newNumber[input] < 0 && !inputsDone[input])
          stack[depth++] = input;
      }
    }
  }
}

/* `count` lists (items[i], counts[i]) with aggregation ids renamed by
 * newNumber, list i taken from old list order[i]. */
static Lists renamedLists(int count, int **items, const int *counts,
                          const int *order, const int *newNumber) {
  int **renamed = allocate(sizeof(int *) * (count + 1));
  int *renamedCounts = allocate(sizeof(int) * (count + 1));
  for (int i = 0; i < count; ++i) {
    int from = order ? order[i] : i;
    renamedCounts[i] = counts[from];
    renamed[i] = allocate(sizeof(int) * (counts[from] + 1));
    for (int k = 0; k < counts[from]; ++k) {
      int id = items[from][k];
      renamed[i][k] = id < numNodes ? id : numNodes + newNumber[id - numNodes];
    }
  }
  Lists lists = splitLists(count, renamed, renamedCounts);
  for (int i = 0; i < count; ++i)
    free(renamed[i]);
  free(renamed);
  free(renamedCounts);
  return lists;
}

/* Needs the HAG's lists as read (before expandToGraphLists), checked by
 * main: every aggregation node a list reads lies in the list's tile and,
 * for an aggregation node's list, before it. Renumbering within a tile
 * then keeps every aggregation node after its inputs, so the plan stays
 * valid whatever order the search gave. */
static void buildStepPlan(void) {
  int *newNumber = allocate(sizeof(int) * (numAgg + 1));
  int *oldOf = allocate(sizeof(int) * (numAgg + 1));
  int *stack = allocate(sizeof(int) * (numAgg + 1));
  char *inputsDone = calloc(numAgg + 1, 1);
  if (!inputsDone)
    fail("out of memory");
  for (int a = 0; a < numAgg; ++a)
    newNumber[a] = -1;
  for (int t = 0; t < numTiles; ++t) {
    int next = tileFirstAgg[t];
    for (int v = tileFirstNode[t]; v < tileFirstNode[t + 1]; ++v)
      for (int k = 0; k < nodeListCount[v]; ++k)
        if (nodeList[v][k] >= numNodes)
          numberInDemandOrder(nodeList[v][k] - numNodes, newNumber, &next,
                              stack, inputsDone);
    /* Aggregation nodes no node of the tile reads, last. */
    for (int a = tileFirstAgg[t]; a < tileFirstAgg[t + 1]; ++a)
      numberInDemandOrder(a, newNumber, &next, stack, inputsDone);
    if (next != tileFirstAgg[t + 1]) /* main's checks make this impossible */
      fail("internal error: tile %d's aggregation nodes numbered %d to %d, "
           "not %d to %d",
           t, tileFirstAgg[t], next - 1, tileFirstAgg[t],
           tileFirstAgg[t + 1] - 1);
  }
  for (int a = 0; a < numAgg; ++a)
    oldOf[newNumber[a]] = a;
  stepAggLists =
      renamedLists(numAgg, aggInputs, aggInputCount, oldOf, newNumber);
  stepNodeLists =
      renamedLists(numNodes, nodeList, nodeListCount, NULL, newNumber);

  firstStep = allocate(sizeof(int) * (numTiles + 1));
  firstStep[0] = 0;
  for (int t = 0; t < numTiles; ++t)
    firstStep[t + 1] =
        firstStep[t] +
        (tileFirstNode[t + 1] - tileFirstNode[t] + kStepNodes - 1) / kStepNodes;
  stepBounds = allocate(sizeof(int) * (firstStep[numTiles] + 1));
  for (int t = 0; t < numTiles; ++t) {
    int bound = tileFirstAgg[t];
    for (int j = 0; j < firstStep[t + 1] - firstStep[t]; ++j) {
      int first = tileFirstNode[t] + j * kStepNodes;
      for (int v = first; v < first + kStepNodes && v < tileFirstNode[t + 1];
           ++v)
        for (int e = stepNodeLists.offsets[v]; e < stepNodeLists.splits[v]; ++e)
          if (stepNodeLists.entries[e] - numNodes + 1 > bound)
            bound = stepNodeLists.entries[e] - numNodes + 1;
      stepBounds[firstStep[t] + j] = bound;
    }
  }
  free(newNumber);
  free(oldOf);
  free(stack);
  free(inputsDone);
}

/* ---- Parallel parts ------------------------------------------------------ */

/* Items (nodes or tiles) in consecutive parts of equal work, as the
 * generated kernels split them (hag::balancedBounds, WorkPartition.h): work
 * is list entries read plus 4 per row written, up to 64 parts, and OpenMP
 * hands each thread a run of consecutive parts. Part p is items
 * [bounds[p], bounds[p + 1]). */
typedef struct {
  int count;
  int *bounds;
} Parts;

enum { kMaxParts = 64, kWorkPerRow = 4 };

/* `prefix` holds the work before each of `items` items (items + 1 values):
 * bound p is the item boundary whose work before it is nearest to
 * p * total / parts. */
static Parts balancedParts(const long long *prefix, int items) {
  Parts parts;
  parts.count = items < 1 ? 1 : items < kMaxParts ? items : kMaxParts;
  parts.bounds = allocate(sizeof(int) * (parts.count + 1));
  long long total = prefix[items];
  int k = 0;
  parts.bounds[0] = 0;
  for (int p = 1; p < parts.count; ++p) {
    long long target = (long long)p * total;
    while (k < items && prefix[k] * parts.count < target)
      ++k;
    int bound = k;
    if (k > 0 &&
        target - prefix[k - 1] * parts.count < prefix[k] * parts.count - target)
      bound = k - 1;
    parts.bounds[p] = bound > parts.bounds[p - 1] ? bound : parts.bounds[p - 1];
  }
  parts.bounds[parts.count] = items;
  return parts;
}

/* Parts of the rows of a list structure. */
static Parts rowParts(const Lists *lists) {
  long long *prefix = allocate(sizeof(long long) * (numNodes + 1));
  for (int v = 0; v <= numNodes; ++v)
    prefix[v] = lists->offsets[v] + (long long)kWorkPerRow * v;
  Parts parts = balancedParts(prefix, numNodes);
  free(prefix);
  return parts;
}

/* Parts of the tiles of the HAG: each tile's aggregation inputs and list
 * entries, plus 4 per aggregation node and per node. */
static Parts tileParts(void) {
  long long *prefix = allocate(sizeof(long long) * (numTiles + 1));
  for (int t = 0; t <= numTiles; ++t)
    prefix[t] = aggLists.offsets[tileFirstAgg[t]] +
                nodeLists.offsets[tileFirstNode[t]] +
                (long long)kWorkPerRow * (tileFirstAgg[t] + tileFirstNode[t]);
  Parts parts = balancedParts(prefix, numTiles);
  free(prefix);
  return parts;
}

static Parts plainParts, floorParts, copyParts, hagParts;

/* A parallel loop over the items of `parts`, `item` bound in its body;
 * TEAM_FOR_PARTS is the same loop shared by the threads of an enclosing
 * parallel region, so that a kernel can set up each thread's state once. */
// clang-format off
#define PARTS_LOOP(parts, item)                                                \
  for (int part_ = 0; part_ < (parts).count; ++part_)                          \
    for (int item = (parts).bounds[part_]; item < (parts).bounds[part_ + 1];   \
         ++item)
#define FOR_PARTS(parts, item)                                                 \
  _Pragma("omp parallel for schedule(static)") PARTS_LOOP(parts, item)
#define TEAM_FOR_PARTS(parts, item)                                            \
  _Pragma("omp for schedule(static)") PARTS_LOOP(parts, item)
// clang-format on

/* ---- Kernels ------------------------------------------------------------- */

/* Rows are 64-byte aligned (D is a multiple of 16 floats, the arrays start
 * on 2 MB pages), so a row is read and written as whole blocks: `blocks` of
 * them from `row` (a whole row, kBlocks, or a column slice of one). */
#define ZERO_ACC                                                               \
  Block acc[kBlocks];                                                          \
  for (int b = 0; b < kBlocks; ++b)                                            \
    acc[b] = (Block) { 0 }
#define ADD_BLOCKS(row, blocks)                                                \
  do {                                                                         \
    const Block *r_ = (const Block *)(row);                                    \
    _Pragma("GCC unroll 16") for (int b = 0; b < (blocks); ++b) acc[b] +=      \
        r_[b];                                                                 \
  } while (0)
#define STORE_BLOCKS(row, blocks)                                              \
  do {                                                                         \
    Block *w_ = (Block *)(row);                                                \
    _Pragma("GCC unroll 16") for (int b = 0; b < (blocks); ++b) w_[b] =        \
        acc[b];                                                                \
  } while (0)
#define ADD_ROW(row) ADD_BLOCKS(row, kBlocks)
#define STORE_ROW(row) STORE_BLOCKS(row, kBlocks)
/* Keeps the sums of a row that is not stored: in registers where a block
 * fits one, else through memory. */
#if defined(__AVX512F__)
#define KEEP_ROW()                                                             \
  for (int b = 0; b < kBlocks; ++b)                                            \
  __asm__ volatile("" ::"v"(acc[b]))
#else
#define KEEP_ROW()                                                             \
  for (int b = 0; b < kBlocks; ++b)                                            \
  __asm__ volatile("" ::"m"(acc[b]))
#endif

/* Adds `blocks` blocks of list i of `lists` (split: aggregation rows first)
 * into acc, reading aggregation node id x at aggBase + (x & aggMask) *
 * aggStride and graph node x at graphBase + (x & graphMask) * D. */
#define ADD_SPLIT_LIST(lists, i, aggBase, aggMask, aggStride, graphBase,       \
                       graphMask, blocks)                                      \
  do {                                                                         \
    for (int e = (lists).offsets[i]; e < (lists).splits[i]; ++e)               \
      ADD_BLOCKS((aggBase) +                                                   \
                     (size_t)((lists).entries[e] & (aggMask)) * (aggStride),   \
                 blocks);                                                      \
    for (int e = (lists).splits[i]; e < (lists).offsets[(i) + 1]; ++e)         \
      ADD_BLOCKS((graphBase) + (size_t)((lists).entries[e] & (graphMask)) * D, \
                 blocks);                                                      \
  } while (0)

/* Where a tiled kernel finds aggregation id x's row of tile t: at
 * aggRows + x * D, aggRows being this, so that the tile's first
 * aggregation node is `rows`' first row. */
static const float *tileAggRows(const float *rows, int t) {
  return rows - ((size_t)numNodes + tileFirstAgg[t]) * D;
}

/* In a tiled kernel with `rows` (the thread's scratch rows) and `aggRows`
 * (where aggregation id x's row is at x * D) in scope: aggregation node a
 * of tile t, its inputs list a of `lists`, into its scratch row; node v,
 * its list v of `lists`, into its result row. */
#define TILE_AGG_ROW(lists, a, t)                                              \
  do {                                                                         \
    ZERO_ACC;                                                                  \
    ADD_SPLIT_LIST(lists, a, aggRows, -1, D, features, -1, kBlocks);           \
    STORE_ROW(rows + (size_t)((a)-tileFirstAgg[t]) * D);                       \
  } while (0)
#define TILE_NODE_ROW(lists, v)                                                \
  do {                                                                         \
    ZERO_ACC;                                                                  \
    ADD_SPLIT_LIST(lists, v, aggRows, -1, D, features, -1, kBlocks);           \
    STORE_ROW(result + (size_t)(v)*D);                                         \
  } while (0)

/* The calling thread's scratchRows rows: a tile's aggregation rows, or the
 * one row the kernels with free rows read. Asked for once per thread, before
 * the loop over parts: a call per node (omp_get_thread_num, which the
 * compiler did not hoist out of floor's loop) made floor 15% slower at
 * d = 64. */
static float *threadScratch(void) {
  return scratch + (size_t)omp_get_thread_num() * scratchRows * D;
}

static void foldLists(const Lists *lists, Parts parts) {
  FOR_PARTS(parts, v) {
    ZERO_ACC;
    for (int e = lists->offsets[v]; e < lists->offsets[v + 1]; ++e)
      ADD_ROW(features + (size_t)lists->entries[e] * D);
    STORE_ROW(result + (size_t)v * D);
  }
}

static void plainKernel(void) { foldLists(&plainLists, plainParts); }

static void copyKernel(void) {
  FOR_PARTS(copyParts, v) {
    ZERO_ACC;
    ADD_ROW(features + (size_t)v * D);
    STORE_ROW(result + (size_t)v * D);
  }
}

static void hagKernel(void) {
#pragma omp parallel
  {
    float *rows = threadScratch();
    TEAM_FOR_PARTS(hagParts, t) {
      const float *aggRows = tileAggRows(rows, t);
      for (int a = tileFirstAgg[t]; a < tileFirstAgg[t + 1]; ++a)
        TILE_AGG_ROW(aggLists, a, t);
      for (int v = tileFirstNode[t]; v < tileFirstNode[t + 1]; ++v)
        TILE_NODE_ROW(nodeLists, v);
    }
  }
}

/* Floats per column pass of hagPassesKernel: 64 (256 bytes a row), or the
 * whole row when it is narrower. */
enum {
  kPassWidth = D < 64 ? D : 64,
  kPasses = D / kPassWidth,
  kPassBlocks = kPassWidth / 16
};

static void hagPassesKernel(void) {
#pragma omp parallel
  {
    float *rows = threadScratch();
    TEAM_FOR_PARTS(hagParts, t) {
      const int tileAggs = tileFirstAgg[t + 1] - tileFirstAgg[t];
      for (int p = 0; p < kPasses; ++p) {
        /* The pass's aggregation slices lie together: slot i of pass p at
         * rows + (p * tileAggs + i) * kPassWidth. */
        float *slices = rows + (size_t)p * tileAggs * kPassWidth;
        const float *aggSlices =
            slices - ((size_t)numNodes + tileFirstAgg[t]) * kPassWidth;
        const float *graphSlices = features + p * kPassWidth;
        for (int a = tileFirstAgg[t]; a < tileFirstAgg[t + 1]; ++a) {
          ZERO_ACC;
          ADD_SPLIT_LIST(aggLists, a, aggSlices, -1, kPassWidth, graphSlices,
                         -1, kPassBlocks);
          STORE_BLOCKS(slices + (size_t)(a - tileFirstAgg[t]) * kPassWidth,
                       kPassBlocks);
        }
        for (int v = tileFirstNode[t]; v < tileFirstNode[t + 1]; ++v) {
          ZERO_ACC;
          ADD_SPLIT_LIST(nodeLists, v, aggSlices, -1, kPassWidth, graphSlices,
                         -1, kPassBlocks);
          STORE_BLOCKS(result + (size_t)v * D + p * kPassWidth, kPassBlocks);
        }
      }
    }
  }
}

static void hagStepsKernel(void) {
#pragma omp parallel
  {
    float *rows = threadScratch();
    TEAM_FOR_PARTS(hagParts, t) {
      const float *aggRows = tileAggRows(rows, t);
      /* The tile's aggregation nodes computed so far are tileFirstAgg[t] ..
       * computed - 1, in their new numbers. */
      int computed = tileFirstAgg[t];
      for (int j = 0, first = tileFirstNode[t]; first < tileFirstNode[t + 1];
           ++j, first += kStepNodes) {
        for (const int bound = stepBounds[firstStep[t] + j]; computed < bound;
             ++computed)
          TILE_AGG_ROW(stepAggLists, computed, t);
        const int last = first + kStepNodes < tileFirstNode[t + 1]
                             ? first + kStepNodes
                             : tileFirstNode[t + 1];
        for (int v = first; v < last; ++v)
          TILE_NODE_ROW(stepNodeLists, v);
      }
      /* The tile's aggregation nodes its nodes do not read: none in a plan
       * hag-search writes, but computed as the hag kernel would. */
      for (; computed < tileFirstAgg[t + 1]; ++computed)
        TILE_AGG_ROW(stepAggLists, computed, t);
    }
  }
}

/* 0, set at run time: with it every aggregation id names row 0 of the
 * thread's scratch rows, and the compiler, not knowing it, still loads each
 * index and each row (a constant 0 let it hoist the row's load out of the
 * loop, leaving only the additions). */
int hotRowMask;

/* The HAG kernel's loops, every aggregation row it reads (and, with
 * `graphRowsFree`, every graph row too) read from one row that stays in L1,
 * no aggregation row written. */
static void hagWithFreeRows(int graphRowsFree) {
  const int graphMask = graphRowsFree ? hotRowMask : -1;
#pragma omp parallel
  {
    const float *hot = threadScratch();
    TEAM_FOR_PARTS(hagParts, t) {
      const float *graphRows = graphRowsFree ? hot : features;
      for (int a = tileFirstAgg[t]; a < tileFirstAgg[t + 1]; ++a) {
        ZERO_ACC;
        ADD_SPLIT_LIST(aggLists, a, hot, hotRowMask, D, graphRows, graphMask,
                       kBlocks);
        KEEP_ROW();
      }
      for (int v = tileFirstNode[t]; v < tileFirstNode[t + 1]; ++v) {
        ZERO_ACC;
        ADD_SPLIT_LIST(nodeLists, v, hot, hotRowMask, D, graphRows, graphMask,
                       kBlocks);
        STORE_ROW(result + (size_t)v * D);
      }
    }
  }
}

static void hagReadsKernel(void) { hagWithFreeRows(0); }
static void hagLoopsKernel(void) { hagWithFreeRows(1); }

/* Node v reads row v, then the rest of its floor list from one row that
 * stays in L1 (the index still loaded). */
static void floorKernel(void) {
#pragma omp parallel
  {
    const float *hot = threadScratch();
    TEAM_FOR_PARTS(floorParts, v) {
      ZERO_ACC;
      int begin = floorLists.offsets[v], end = floorLists.offsets[v + 1];
      if (begin < end)
        ADD_ROW(features + (size_t)floorLists.entries[begin] * D);
      for (int e = begin + 1; e < end; ++e)
        ADD_ROW(hot + (size_t)(floorLists.entries[e] & hotRowMask) * D);
      STORE_ROW(result + (size_t)v * D);
    }
  }
}

/* ---- Timing -------------------------------------------------------------- */

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static int compareDoubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Runs `kernel` on a cleared result and fails unless it matches plain's
 * (in `reference`) within float rounding. */
static void checkAgainstPlain(const char *name, void (*kernel)(void)) {
  memset(result, 0, sizeof(float) * numNodes * D);
  kernel();
  for (size_t i = 0; i < (size_t)numNodes * D; ++i) {
    double error = fabs((double)result[i] - reference[i]) /
                   fmax(fabs((double)reference[i]), 1e-6);
    if (!(error <= 1e-4)) /* a NaN fails too */
      fail("the %s kernel's result differs from plain's at element %zu "
           "(%g, plain %g)",
           name, i, result[i], reference[i]);
  }
}

int main(int argc, char **argv) {
  if (argc < 2 || argc > 3)
    fail("usage: read_bound HAG_FILE [rounds]");
  int rounds = argc == 3 ? atoi(argv[2]) : 200;
  if (rounds < 1 || rounds > kMaxRounds)
    fail("rounds must be 1 to %d, not '%s'", kMaxRounds, argv[2]);
  readHag(argv[1]);
  hotRowMask = 0; /* a store the kernels cannot see through */
  /* The HAG's lists, split, before expandToGraphLists expands them. */
  aggLists = splitLists(numAgg, aggInputs, aggInputCount);
  nodeLists = splitLists(numNodes, nodeList, nodeListCount);
  if (tileFirstNode[0] != 0 || tileFirstAgg[0] != 0)
    fail("%s: the first tile starts at node %d and id %d, not 0 and %d",
         argv[1], tileFirstNode[0], tileFirstAgg[0] + numNodes, numNodes);
  int longestTile = 0;
  for (int t = 0; t < numTiles; ++t) {
    if (tileFirstNode[t + 1] < tileFirstNode[t] ||
        tileFirstAgg[t + 1] < tileFirstAgg[t])
      fail("tile %d's bounds go backwards", t);
    if (tileFirstAgg[t + 1] - tileFirstAgg[t] > longestTile)
      longestTile = tileFirstAgg[t + 1] - tileFirstAgg[t];
  }
  /* A tiled HAG's lists read only their own tile's aggregation rows. */
  for (int t = 0; t < numTiles; ++t) {
    int lo = numNodes + tileFirstAgg[t], hi = numNodes + tileFirstAgg[t + 1];
    for (int a = tileFirstAgg[t]; a < tileFirstAgg[t + 1]; ++a)
      for (int e = aggLists.offsets[a]; e < aggLists.splits[a]; ++e)
        if (aggLists.entries[e] < lo || aggLists.entries[e] >= a + numNodes)
          fail("aggregation node %d reads %d, outside its tile or not before "
               "it",
               a + numNodes, aggLists.entries[e]);
    for (int v = tileFirstNode[t]; v < tileFirstNode[t + 1]; ++v)
      for (int e = nodeLists.offsets[v]; e < nodeLists.splits[v]; ++e)
        if (nodeLists.entries[e] < lo || nodeLists.entries[e] >= hi)
          fail("node %d reads %d, outside its tile", v, nodeLists.entries[e]);
  }
  buildStepPlan();
  long hagReads = (long)aggLists.offsets[numAgg] + nodeLists.offsets[numNodes];
  expandToGraphLists();
  long edges = 0;
  for (int v = 0; v < numNodes; ++v)
    edges += nodeListCount[v];
  if (hagReads == 0 || edges == 0)
    fail("%s: the graph has no edges", argv[1]);
  buildPlainLists((double)hagReads / edges);
  plainParts = rowParts(&plainLists);
  floorParts = rowParts(&floorLists);
  hagParts = tileParts();
  {
    /* copy reads one row per node: parts of equal node counts. */
    long long *prefix = allocate(sizeof(long long) * (numNodes + 1));
    for (int v = 0; v <= numNodes; ++v)
      prefix[v] = (long long)(1 + kWorkPerRow) * v;
    copyParts = balancedParts(prefix, numNodes);
    free(prefix);
  }

  features = allocateRows(numNodes);
  result = allocateRows(numNodes);
  reference = allocateRows(numNodes);
  scratchRows = longestTile + 1;
  scratch = allocateRows((size_t)scratchRows * omp_get_max_threads());
  for (size_t i = 0; i < (size_t)numNodes * D; ++i)
    features[i] = (float)((i * 2654435761u) % 1000) * 1e-3f;

  plainKernel();
  memcpy(reference, result, sizeof(float) * numNodes * D);
  checkAgainstPlain("hag", hagKernel);
  checkAgainstPlain("hag-passes", hagPassesKernel);
  checkAgainstPlain("hag-steps", hagStepsKernel);

  struct {
    const char *name;
    void (*run)(void);
    long reads;
    int savesReads; /* prints its ratio over the reduction */
  } kernels[] = {
      {"plain", plainKernel, edges, 0},
      {"hag", hagKernel, hagReads, 1},
      {"hag-reads", hagReadsKernel, hagReads, 1},
      {"hag-loops", hagLoopsKernel, hagReads, 1},
      {"hag-passes", hagPassesKernel, hagReads, 1},
      {"hag-steps", hagStepsKernel, hagReads, 1},
      {"floor", floorKernel, floorLists.offsets[numNodes], 1},
      {"copy", copyKernel, numNodes, 0},
  };
  enum { kKernels = sizeof kernels / sizeof kernels[0] };
  printf("%s: %d nodes, %d aggregation nodes, %d tiles, d = %d, %d threads, "
         "%d rounds\n",
         argv[1], numNodes, numAgg, numTiles, D, omp_get_max_threads(), rounds);
  printf("edge-read reduction %.2fx (%ld rows read by plain, %ld by the "
         "HAG)\n",
         (double)edges / hagReads, edges, hagReads);
  printf("%-13s %10s %10s %10s %11s %15s\n", "kernel", "rows read", "median ms",
         "plain ms", "plain/this", "over reduction");
  /* Each kernel is timed beside plain alone, in rounds of the two, as
   * `hag-bench --kernels=plain,hag` times them: a kernel then starts with
   * the caches as plain leaves them, whatever the other kernels do. */
  double *times = allocate(sizeof(double) * 2 * rounds);
  for (int k = 1; k < kKernels; ++k) {
    void (*pair[2])(void) = {kernels[0].run, kernels[k].run};
    for (int i = 0; i < 2; ++i)
      pair[i](); /* warm-up */
    for (int r = 0; r < rounds; ++r)
      for (int i = 0; i < 2; ++i) {
        double start = now();
        pair[i]();
        times[i * rounds + r] = now() - start;
      }
    double medians[2];
    for (int i = 0; i < 2; ++i) {
      qsort(times + i * rounds, rounds, sizeof(double), compareDoubles);
      medians[i] = times[i * rounds + rounds / 2];
    }
    double ratio = medians[0] / medians[1];
    printf("%-13s %10ld %10.4f %10.4f %10.2fx", kernels[k].name,
           kernels[k].reads, medians[1] * 1e3, medians[0] * 1e3, ratio);
    if (kernels[k].savesReads)
      printf(" %15.2f", ratio / ((double)edges / hagReads));
    printf("\n");
  }
  return 0;
}
