/*===- PlanRuntime.h - HAG plans built at run time, plain C ABI ---*- C -*-===//
//
// What code lowered from `hag.build_plan` over a run-time graph calls: the
// HAG search of the hag library, run once per distinct graph and options
// and kept, so every layer, every call and every epoch reuses one plan.
// Built as libhag_plan_runtime.so; hag-run links it, mlir-runner loads it
// with -shared-libs.
//
// Generated code calls, in order:
//   id = hagPlanBuild(offsets, indices, class, capacity..., threshold, depth,
//                     tile size, most inputs per aggregation node)
//        (hagPlanBuildForChoice for hag.build_plan plain_if_slower)
//   id = hagPlanChoose(id, width, element size)  (plain_if_slower: per
//                     aggregation, plan or plain; then
//                     hagPlanListsAreRows(id) says whether to read the
//                     lists from the caller's own CSR arrays)
//   hagPlanView*(id, HAG_PLAN_*)              for each array it reads
// and aggregates through `hag.plan_from_tensors` of the views: descriptors
// of the kept plan's own arrays, read in place (hag.plan_array), which
// generated code never writes or frees. hagPlanSize and hagPlanCopy* copy
// an array into a caller's buffer instead (for callers that keep or change
// it). Memref arguments are MLIR's ranked
// memref descriptors (the `_mlir_ciface_` names are what func.call of a
// declaration with `llvm.emit_c_interface` calls).
//
// Errors: generated code cannot check return codes, so the runtime checks
// everything: a graph that is not valid CSR (offsets not starting at 0,
// decreasing, or not ending at the index count; an index outside [0, N)),
// a set plan over a row that lists a node twice, bad options. The first
// failure is recorded (hagPlanTakeError) and printed on stderr, and the
// plan returned is the empty plan of the graph's node count: no aggregation
// node, every list empty, so the kernels read nothing out of bounds and
// write zeros. Nothing aborts the process. The one call that checks
// nothing is hagPlanBuildForChoice answered by the key alone: the caller's
// rows are then read as they are (see there).
//
// All functions are thread-safe.
//
//===----------------------------------------------------------------------===*/
#ifndef HAG_RUNTIME_PLANRUNTIME_H
#define HAG_RUNTIME_PLANRUNTIME_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* MLIR's descriptors of memref<?xi64>, memref<?xi32> and memref<?x2xi32>
   (any offset and strides). */
typedef struct {
  int64_t *allocated;
  int64_t *aligned;
  int64_t offset;
  int64_t sizes[1];
  int64_t strides[1];
} HagMemRefI64;

typedef struct {
  int32_t *allocated;
  int32_t *aligned;
  int64_t offset;
  int64_t sizes[1];
  int64_t strides[1];
} HagMemRefI32;

typedef struct {
  int32_t *allocated;
  int32_t *aligned;
  int64_t offset;
  int64_t sizes[2];
  int64_t strides[2];
} HagMemRefI32x2;

/* The arrays of a plan, with the layout of hag.plan_from_tensors. */
enum {
  HAG_PLAN_AGG_INPUTS = 0, /* A x 2 i32: the inputs of each aggregation node */
  HAG_PLAN_LEVELS = 1,     /* L + 1 i32: level starts over aggregation nodes */
  HAG_PLAN_LIST_OFFSETS = 2, /* N + 1 i64 */
  HAG_PLAN_LIST_INDICES = 3, /* i32, ids over V u V_A */
  HAG_PLAN_DEGREES = 4,      /* N i64: original input counts */
  HAG_PLAN_TILES = 5,        /* T + 1 x 2 i32: each tile's first node and first
                                aggregation node; 0 rows when untiled */
  HAG_PLAN_AGG_RUNS = 6,     /* S i32: every aggregation node's inputs, one
                                node after another (HAG_PLAN_AGG_INPUTS
                                flattened, when every node has two) */
  HAG_PLAN_AGG_OFFSETS = 7,  /* A + 1 i64: node k reads runs [k] .. [k+1]-1 */
  HAG_PLAN_LIST_SPLITS = 8,  /* N i64: where node v's input rows begin */
  HAG_PLAN_AGG_SPLITS = 9,   /* A i64: where node k's input rows begin */
  HAG_PLAN_PART_BOUNDS = 10, /* P + 1 i64: the parallel loop's parts of equal
                                work, as bounds in tiles (a tiled plan) or
                                in nodes (hag::balancedBounds,
                                hag/Search/WorkPartition.h) */
};

/* Every list the runtime stores (a node's final list, an aggregation node's
   inputs) holds its aggregation-node entries (ids >= N) first and its input
   rows after them, from the split on: a set plan's lists are reordered so,
   a sequential plan's are so by construction (only a list's first entry
   can be an aggregation node). Kernels of commutative reductions read the
   two parts in two loops that check no entry (hag.plan_from_tensors
   `list_splits`, `agg_splits`). */

/* hag::Capacity, flattened: kind 0 = `nodes`, 1 = `fraction` of |V|,
   2 = unlimited. */
enum {
  HAG_CAPACITY_NODES = 0,
  HAG_CAPACITY_FRACTION = 1,
  HAG_CAPACITY_UNLIMITED = 2,
};

/* Finds (or reuses) the HAG of the CSR graph `offsets` (N + 1) / `indices`
   with the options of hag.build_plan; `sequential` 0 for a set plan, 1 for a
   sequential plan (lists kept in their given order); `tileNodes` 0 for one
   HAG over the graph, N for tiles of N nodes searched on their own
   (HAG_PLAN_TILES); `maxInputs` the most inputs of one aggregation node (2
   for pairs; more only for set plans: then read the nodes as
   HAG_PLAN_AGG_RUNS and HAG_PLAN_AGG_OFFSETS). Returns the plan's id, valid
   until hagPlanReleaseAll. */
int64_t _mlir_ciface_hagPlanBuild(const HagMemRefI64 *offsets,
                                  const HagMemRefI32 *indices,
                                  int32_t sequential, int32_t capacityKind,
                                  int64_t capacityNodes,
                                  double capacityFraction, int32_t threshold,
                                  int32_t maxDepth, int32_t tileNodes,
                                  int32_t maxInputs);

/* hagPlanBuild for hag.build_plan plain_if_slower, whose aggregations all
   ask hagPlanChoose and, where hagPlanListsAreRows, read the lists from
   their own arguments. Where a kept plan with the same options, node and
   edge counts and lookup key (the sizes and words sampled from the arrays)
   has no aggregation node, or has so far been sent to its plain
   counterpart at every width asked, that plan or counterpart is returned
   without comparing the graph (the comparison, O(|V| + |E|), was most of
   what such a call added to plain: docs/Runtime.md). Its lists, splits
   and degrees are then read from the caller's `offsets` and `indices`,
   which makes the result right for whatever valid graph was passed; its
   tiles and parts of equal work only divide the nodes. Such a call checks
   nothing: a graph hagPlanBuild would refuse (not valid CSR, or a set row
   listing a node twice) that shares the key is read as it is. Once any
   plan of the key is kept at some width, every call of the key compares
   the graph as hagPlanBuild does. */
int64_t _mlir_ciface_hagPlanBuildForChoice(
    const HagMemRefI64 *offsets, const HagMemRefI32 *indices,
    int32_t sequential, int32_t capacityKind, int64_t capacityNodes,
    double capacityFraction, int32_t threshold, int32_t maxDepth,
    int32_t tileNodes, int32_t maxInputs);

/* 1 when every list of `plan` is its graph's row, as it is: a plain
   counterpart (hagPlanChoose), or a plan whose search made no aggregation
   node. Generated code then reads the lists, their splits (the row starts)
   and the degrees from the caller's CSR arrays. 0 otherwise (the empty
   plan left by a failed search included), and for an unknown plan (with
   an error recorded). */
int32_t hagPlanListsAreRows(int64_t plan);

/* The graph of the edges sources[e] -> targets[e] (targets[e] aggregates
   sources[e]) over `numNodes` nodes, for hag.graph_from_edges: sorted into
   CSR (each row keeps the edges' order; repeats and self-loops kept), kept
   like a plan and returned as the id of the plan without aggregation nodes
   whose lists are the rows, so HAG_PLAN_LIST_OFFSETS / _LIST_INDICES are
   its CSR. Ids outside [0, numNodes), arrays of different lengths or a
   node count outside [0, 2^31) leave an error and the empty graph. */
int64_t _mlir_ciface_hagGraphFromEdges(const HagMemRefI64 *sources,
                                       const HagMemRefI64 *targets,
                                       int64_t numNodes);

/* How much faster than plain the cpu cost model must predict a run-time
   plan for hagPlanChoose to keep it. The model was fitted on compile-time
   plans at static widths (docs/CostModelFit.md); run-time plans measured
   0.47-0.73 of the speed-up it predicts at dynamic widths (0.58-0.74 before
   the refit of 2026-12-07) and 0.59-0.85 at static ones, on the graphs
   where it predicts one (BZR_MD, IMDB-BINARY, IMDB-MULTI at d = 16, 64 and
   256: docs/RuntimePlanBenchmark.md, docs/RuntimePlanBenchmarkStatic.md,
   docs/Runtime.md), so a plan is kept where about 1.7 x 0.58 is 1: not
   slower than plain on those. The function is not told whether a width is
   static: one margin serves both (docs/Runtime.md). */
#define HAG_PLAN_CHOOSE_MARGIN 1.7

/* The plan an aggregation of rows of `width` elements of `elementBytes`
   bytes should read: `plan` itself, or, where the cpu cost model (its
   default coefficients, docs/CostModel.md) does not predict it
   HAG_PLAN_CHOOSE_MARGIN times as fast as the plain aggregation, the id of
   its plain counterpart: a plan of the same shape (tiles, node width)
   without aggregation nodes, whose lists are the graph's rows, so a kernel
   built for `plan` runs it unchanged. Decided once per plan, width and
   element size; plans without aggregation nodes are returned as they are.
   A plain counterpart is returned as it is too, after deciding the width
   for its plan if that was not done yet (hagPlanBuildForChoice hands out
   counterparts; a later call then finds the plan if it is kept there).
   An unknown plan, a negative width or an element size outside [1, 16]
   leaves an error and returns `plan`.
   */
int64_t hagPlanChoose(int64_t plan, int64_t width, int32_t elementBytes);

/* Element count of one array of plan `plan` (rows for HAG_PLAN_AGG_INPUTS
   and HAG_PLAN_TILES); 0 for an unknown plan or array, and for
   HAG_PLAN_AGG_INPUTS of a plan with wider nodes (and an error is
   recorded). */
int64_t hagPlanSize(int64_t plan, int32_t array);

/* A descriptor of one array of plan `plan`, in place: valid, and unchanged,
   until hagPlanReleaseAll; the caller must neither write nor free it.
   hagPlanViewI32 serves HAG_PLAN_LEVELS, _LIST_INDICES and _AGG_RUNS;
   hagPlanViewI64 _LIST_OFFSETS, _DEGREES, _AGG_OFFSETS, _LIST_SPLITS,
   _AGG_SPLITS and _PART_BOUNDS; hagPlanViewPairs the two-column _AGG_INPUTS and
   _TILES. An unknown plan, an array of another kind, or _AGG_INPUTS of a plan
   with wider nodes leaves an error and an empty descriptor (no elements). */
void _mlir_ciface_hagPlanViewI32(HagMemRefI32 *result, int64_t plan,
                                 int32_t array);
void _mlir_ciface_hagPlanViewI64(HagMemRefI64 *result, int64_t plan,
                                 int32_t array);
void _mlir_ciface_hagPlanViewPairs(HagMemRefI32x2 *result, int64_t plan,
                                   int32_t array);

/* Copies HAG_PLAN_AGG_INPUTS into `out` (A x 2). */
void _mlir_ciface_hagPlanCopyAggInputs(int64_t plan, HagMemRefI32x2 *out);
/* Copies HAG_PLAN_TILES into `out` (T + 1 x 2). */
void _mlir_ciface_hagPlanCopyTiles(int64_t plan, HagMemRefI32x2 *out);
/* Copies HAG_PLAN_LEVELS, HAG_PLAN_LIST_INDICES or HAG_PLAN_AGG_RUNS into
   `out`. */
void _mlir_ciface_hagPlanCopyI32(int64_t plan, int32_t array,
                                 HagMemRefI32 *out);
/* Copies HAG_PLAN_LIST_OFFSETS, HAG_PLAN_DEGREES, HAG_PLAN_AGG_OFFSETS,
   HAG_PLAN_LIST_SPLITS or HAG_PLAN_AGG_SPLITS into `out`. */
void _mlir_ciface_hagPlanCopyI64(int64_t plan, int32_t array,
                                 HagMemRefI64 *out);
/* A copy whose buffer is smaller than the array copies nothing and records
   an error. */

/* Number of searches run so far (a reused plan runs none). */
int64_t hagPlanSearchCount(void);

/* hagPlanChoose's decisions so far (one per plan, width and element size):
   into `kept` those that kept the plan, into `plain` those that handed out
   its plain counterpart; either pointer may be NULL. Decisions, not reads:
   a width decided through a counterpart that hagPlanBuildForChoice handed
   out counts as kept where the model keeps it, though that call read
   plain. */
void hagPlanChoiceCounts(int64_t *kept, int64_t *plain);

/* The first error since the last call, or NULL. The text stays valid until
   the next hagPlanTakeError call. Taking clears it. */
const char *hagPlanTakeError(void);

/* Drops every kept plan (its id becomes unknown, and is never handed out
   again) and resets the choice counts. */
void hagPlanReleaseAll(void);

#ifdef __cplusplus
}
#endif

#endif /* HAG_RUNTIME_PLANRUNTIME_H */
