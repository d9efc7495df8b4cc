//===- PlanRuntime.cpp - HAG plans built at run time ----------------------===//
//
// The C ABI of PlanRuntime.h over the hag search library. Plans are kept in
// one table for the life of the process (or until hagPlanReleaseAll); a
// request for a graph and options already searched returns the kept plan,
// found by a key of the graph (its sizes, the options and sampled words) and
// confirmed by comparing the graph itself, so a collision can never hand out
// the plan of another graph.
//
//===----------------------------------------------------------------------===//
#include "hag/Runtime/PlanRuntime.h"

#include "hag/Search/CostFormulas.h"
#include "hag/Search/HagSearch.h"
#include "hag/Search/WorkPartition.h"

#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace {

/// What identifies a search: the options, as generated code passes them.
struct PlanOptions {
  int32_t sequential, capacityKind;
  int64_t capacityNodes;
  double capacityFraction;
  int32_t threshold, maxDepth, tileNodes, maxInputs;
  bool operator==(const PlanOptions &o) const {
    return sequential == o.sequential && capacityKind == o.capacityKind &&
           capacityNodes == o.capacityNodes &&
           capacityFraction == o.capacityFraction && threshold == o.threshold &&
           maxDepth == o.maxDepth && tileNodes == o.tileNodes &&
           maxInputs == o.maxInputs;
  }
};

/// A kept plan, in the element types of hag.plan_from_tensors.
struct KeptPlan {
  hag::Csr graph;
  PlanOptions options;
  /// Every aggregation node's inputs, one node after another (2 per node in
  /// a plan of pairs), delimited by aggOffsets.
  std::vector<int32_t> aggInputs;
  std::vector<int64_t> aggOffsets;
  std::vector<int32_t> levels;
  std::vector<int64_t> listOffsets;
  std::vector<int32_t> listIndices;
  std::vector<int64_t> degrees;
  /// Where each list's input rows begin (its aggregation rows come first).
  std::vector<int64_t> listSplits, aggSplits;
  /// A tiled plan: 2 per tile boundary (first node, first aggregation node);
  /// empty when untiled.
  std::vector<int32_t> tiles;
  /// The kernel's parallel parts of equal work, in tiles or in nodes
  /// (HAG_PLAN_PART_BOUNDS): found once here, not searched on every call.
  std::vector<int64_t> partBounds;
  /// What its kernel and the plain one move (hag::hagWork, hag::plainWork),
  /// found on hagPlanChoose's first call and priced per width.
  std::optional<hag::AggregationWork> work, plainWork;
  /// hagPlanChoose's answers so far, by width and element size, and the id
  /// of the plain counterpart once one was handed out (-1 before).
  std::unordered_map<uint64_t, int64_t> chosen;
  int64_t plainCounterpart = -1;
  /// Whether hagPlanChoose has kept this plan at some width: until then a
  /// call of hagPlanBuildForChoice is answered with its plain counterpart
  /// by the key alone, without comparing the graph.
  bool everKept = false;
  /// For a plain counterpart: the id of the plan it stands in for.
  int64_t counterpartOf = -1;
  /// Whether this is the plan of its graph (keepFound), not the empty plan
  /// a failure leaves (keepFailed) or a counterpart.
  bool found = false;
  /// For a graph from edges (hagGraphFromEdges): the edge arrays it was
  /// first sorted from (when they came contiguous and not empty), so the
  /// same arrays are found again by comparing them instead of sorting them.
  std::vector<int64_t> edgeSources, edgeTargets;
  /// For a graph from edges: the plans built from its own views (the
  /// lowering of hag.graph_from_edges passes them to hagPlanBuild), by
  /// options. The views never change while kept, so a call passing them
  /// needs no comparison of the graph.
  std::vector<std::pair<PlanOptions, int64_t>> plansOfViews;
};

/// Whether `plan`'s lists are its graph's rows as they are: a plain
/// counterpart, or a found plan without aggregation nodes (whose split
/// moved nothing), so generated code may read them from the caller's arrays
/// (hagPlanListsAreRows).
bool listsAreRows(const KeptPlan &plan) {
  return plan.counterpartOf >= 0 || (plan.found && plan.aggOffsets.size() <= 1);
}

struct PlanTable {
  std::mutex mutex;
  std::vector<std::unique_ptr<KeptPlan>> plans;
  std::unordered_multimap<uint64_t, int64_t> byKey;
  /// Graphs from edges, by a key of their edge arrays (edgesKey).
  std::unordered_multimap<uint64_t, int64_t> byEdges;
  /// Graphs from edges, by the address of their kept offsets (what their
  /// HAG_PLAN_LIST_OFFSETS view hands out).
  std::unordered_map<const void *, int64_t> byViews;
  int64_t searches = 0;
  /// hagPlanChoose's decisions so far: the plan kept, or its plain
  /// counterpart handed out.
  int64_t choicesKept = 0, choicesPlain = 0;
  std::string pendingError, takenError;
  bool hasPendingError = false;
};

PlanTable &table() {
  static PlanTable instance;
  return instance;
}

/// Records the first error (the caller holds the mutex).
void recordError(PlanTable &t, const std::string &message) {
  std::fprintf(stderr, "hag plan runtime: %s\n", message.c_str());
  if (!t.hasPendingError) {
    t.pendingError = message;
    t.hasPendingError = true;
  }
}

/// A CSR graph as arrays in memory: a kept graph's, or the contiguous
/// arrays generated code passes (int64 offsets and int32 indices, which for
/// a valid graph hold the same bytes as the kept uint64 and uint32 ones).
struct GraphBytes {
  hag::NodeId numNodes;
  const void *offsets; // numNodes + 1 entries of 8 bytes
  const void *indices; // numEdges entries of 4 bytes
  size_t numEdges;
};

GraphBytes bytesOf(const hag::Csr &graph) {
  return {graph.numNodes, graph.offsets.data(), graph.indices.data(),
          graph.indices.size()};
}

/// A hash of words fed one by one, and of about 32 elements sampled evenly
/// from an array (all of them when fewer): what the lookup keys are made
/// of.
class SampledHash {
public:
  void word(uint64_t w) {
    h ^= w + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
  }
  void bytes(const void *data, size_t count) {
    const auto *p = static_cast<const unsigned char *>(data);
    size_t i = 0;
    for (; i + 8 <= count; i += 8) {
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      word(w);
    }
    uint64_t tail = 0;
    if (count > i)
      std::memcpy(&tail, p + i, count - i);
    word(tail ^ (uint64_t(count) << 56));
  }
  /// `count` elements of `size` bytes each at `data`.
  void sample(const void *data, size_t count, size_t size) {
    const auto *p = static_cast<const unsigned char *>(data);
    constexpr size_t kSamples = 32;
    size_t step = count > kSamples ? count / kSamples : 1;
    for (size_t i = 0; i < count; i += step)
      bytes(p + i * size, size);
    if (count)
      bytes(p + (count - 1) * size, size);
  }
  uint64_t value() const { return h; }

private:
  uint64_t h = 0x9e3779b97f4a7c15ull;
};

uint64_t lookupKey(const GraphBytes &graph, const PlanOptions &options) {
  // Every call of a lowered hag.build_plan looks its graph up, and every
  // kept plan with the same key is confirmed by comparing the whole graph
  // (findKept), so the key need not read the whole graph: the sizes, the
  // options and about 32 words sampled evenly from each array. Hashing all of
  // it took about 0.1 ms a call on BZR_MD's 600 KB of CSR (byte-wise FNV-1a
  // about 1 ms), on top of the comparison a hit needs anyway.
  SampledHash h;
  h.bytes(&graph.numNodes, sizeof(graph.numNodes));
  h.bytes(&graph.numEdges, sizeof(graph.numEdges));
  h.sample(graph.offsets, size_t(graph.numNodes) + 1, sizeof(uint64_t));
  h.sample(graph.indices, graph.numEdges, sizeof(hag::NodeId));
  h.bytes(&options.sequential, sizeof(options.sequential));
  h.bytes(&options.capacityKind, sizeof(options.capacityKind));
  h.bytes(&options.capacityNodes, sizeof(options.capacityNodes));
  h.bytes(&options.capacityFraction, sizeof(options.capacityFraction));
  h.bytes(&options.threshold, sizeof(options.threshold));
  h.bytes(&options.maxDepth, sizeof(options.maxDepth));
  h.bytes(&options.tileNodes, sizeof(options.tileNodes));
  h.bytes(&options.maxInputs, sizeof(options.maxInputs));
  return h.value();
}

/// The descriptors' arrays as they are, when both are contiguous and the
/// node count fits 32 bits: a call with the graph of a kept plan is then
/// found without copying or re-validating it.
std::optional<GraphBytes> contiguousBytes(const HagMemRefI64 *offsets,
                                          const HagMemRefI32 *indices) {
  if (!offsets || !indices || offsets->sizes[0] < 1 ||
      offsets->sizes[0] - 1 > int64_t(UINT32_MAX) ||
      (offsets->sizes[0] > 1 && offsets->strides[0] != 1) ||
      (indices->sizes[0] > 1 && indices->strides[0] != 1))
    return std::nullopt;
  return GraphBytes{
      hag::NodeId(offsets->sizes[0] - 1), offsets->aligned + offsets->offset,
      indices->aligned + indices->offset, size_t(indices->sizes[0])};
}

/// The graph of the descriptors, checked; an error message otherwise.
hag::Expected<hag::Csr> readGraph(const HagMemRefI64 *offsets,
                                  const HagMemRefI32 *indices) {
  if (!offsets || !indices || offsets->sizes[0] < 1)
    return hag::Status::error(
        "hag.build_plan: the offsets array is empty (it needs N + 1 entries)");
  int64_t numNodes = offsets->sizes[0] - 1;
  if (numNodes > int64_t(UINT32_MAX))
    return hag::Status::error("hag.build_plan: " + std::to_string(numNodes) +
                              " nodes do not fit 32-bit node ids");
  hag::Csr graph;
  graph.numNodes = hag::NodeId(numNodes);
  graph.offsets.resize(numNodes + 1);
  for (int64_t v = 0; v <= numNodes; ++v) {
    int64_t value = offsets->aligned[offsets->offset + v * offsets->strides[0]];
    if (value < 0)
      return hag::Status::error("hag.build_plan: offsets[" + std::to_string(v) +
                                "] = " + std::to_string(value) +
                                " is negative");
    graph.offsets[v] = uint64_t(value);
  }
  graph.indices.resize(indices->sizes[0]);
  for (int64_t e = 0; e < indices->sizes[0]; ++e) {
    int32_t value = indices->aligned[indices->offset + e * indices->strides[0]];
    if (value < 0)
      return hag::Status::error("hag.build_plan: indices[" + std::to_string(e) +
                                "] = " + std::to_string(value) +
                                " is negative");
    graph.indices[e] = hag::NodeId(value);
  }
  if (hag::Status status = graph.validate(); status.failed())
    return hag::Status::error("hag.build_plan: the graph is not valid CSR: " +
                              status.message());
  return graph;
}

/// The CSR of the edges sources[e] -> targets[e]: a counting sort by target
/// that keeps the edges' order within a row.
hag::Expected<hag::Csr> edgesToCsr(const HagMemRefI64 *sources,
                                   const HagMemRefI64 *targets,
                                   int64_t numNodes) {
  if (numNodes < 0 || numNodes > int64_t(INT32_MAX))
    return hag::Status::error("hag.graph_from_edges: node count " +
                              std::to_string(numNodes) +
                              " is outside [0, 2^31)");
  if (!sources || !targets || sources->sizes[0] != targets->sizes[0])
    return hag::Status::error(
        "hag.graph_from_edges: " +
        std::to_string(sources ? sources->sizes[0] : 0) + " sources but " +
        std::to_string(targets ? targets->sizes[0] : 0) + " targets");
  const int64_t numEdges = sources->sizes[0];
  auto at = [](const HagMemRefI64 *array, int64_t e) {
    return array->aligned[array->offset + e * array->strides[0]];
  };
  hag::Csr graph;
  graph.numNodes = hag::NodeId(numNodes);
  graph.offsets.assign(numNodes + 1, 0);
  for (int64_t e = 0; e < numEdges; ++e) {
    int64_t u = at(sources, e), v = at(targets, e);
    if (u < 0 || u >= numNodes || v < 0 || v >= numNodes)
      return hag::Status::error(
          "hag.graph_from_edges: edge " + std::to_string(e) + " is " +
          std::to_string(u) + " -> " + std::to_string(v) +
          ", outside the nodes 0.." + std::to_string(numNodes - 1));
    ++graph.offsets[v + 1];
  }
  for (int64_t v = 0; v < numNodes; ++v)
    graph.offsets[v + 1] += graph.offsets[v];
  graph.indices.resize(numEdges);
  std::vector<uint64_t> cursor(graph.offsets.begin(), graph.offsets.end() - 1);
  for (int64_t e = 0; e < numEdges; ++e)
    graph.indices[cursor[at(targets, e)]++] = hag::NodeId(at(sources, e));
  return graph;
}

/// Edge arrays as generated code passes them to hagGraphFromEdges, when
/// both are contiguous and of one length.
struct EdgeBytes {
  const int64_t *sources, *targets;
  size_t count;
};

std::optional<EdgeBytes> contiguousEdges(const HagMemRefI64 *sources,
                                         const HagMemRefI64 *targets) {
  if (!sources || !targets || sources->sizes[0] != targets->sizes[0] ||
      (sources->sizes[0] > 1 &&
       (sources->strides[0] != 1 || targets->strides[0] != 1)))
    return std::nullopt;
  return EdgeBytes{sources->aligned + sources->offset,
                   targets->aligned + targets->offset,
                   size_t(sources->sizes[0])};
}

/// The key of edge arrays over `numNodes` nodes: the sizes and about 32
/// elements sampled from each array (a kept graph with the key is
/// confirmed by comparing the arrays, findEdges).
uint64_t edgesKey(const EdgeBytes &edges, int64_t numNodes) {
  SampledHash h;
  h.bytes(&numNodes, sizeof(numNodes));
  h.bytes(&edges.count, sizeof(edges.count));
  h.sample(edges.sources, edges.count, sizeof(int64_t));
  h.sample(edges.targets, edges.count, sizeof(int64_t));
  return h.value();
}

/// The kept graph first sorted from exactly these edge arrays, if any.
std::optional<int64_t> findEdges(PlanTable &t, uint64_t key,
                                 const EdgeBytes &edges, int64_t numNodes) {
  auto [begin, end] = t.byEdges.equal_range(key);
  for (auto it = begin; it != end; ++it) {
    const KeptPlan &kept = *t.plans[it->second];
    const size_t bytes = edges.count * sizeof(int64_t);
    if (int64_t(kept.graph.numNodes) == numNodes &&
        kept.edgeSources.size() == edges.count &&
        std::memcmp(kept.edgeSources.data(), edges.sources, bytes) == 0 &&
        std::memcmp(kept.edgeTargets.data(), edges.targets, bytes) == 0)
      return it->second;
  }
  return std::nullopt;
}

/// The id of a kept entry for this graph and these options, if any.
std::optional<int64_t> findKept(PlanTable &t, uint64_t key,
                                const GraphBytes &graph,
                                const PlanOptions &options) {
  auto [begin, end] = t.byKey.equal_range(key);
  for (auto it = begin; it != end; ++it) {
    const KeptPlan &kept = *t.plans[it->second];
    if (kept.options == options && kept.graph.numNodes == graph.numNodes &&
        kept.graph.indices.size() == graph.numEdges &&
        std::memcmp(kept.graph.offsets.data(), graph.offsets,
                    kept.graph.offsets.size() * sizeof(uint64_t)) == 0 &&
        (graph.numEdges == 0 ||
         std::memcmp(kept.graph.indices.data(), graph.indices,
                     graph.numEdges * sizeof(hag::NodeId)) == 0))
      return it->second;
  }
  return std::nullopt;
}

/// The parts of equal work of `plan`'s kernel (hag::balancedBounds): over
/// its tiles when tiled, else over its nodes, with the work the emitted IR
/// would count (hag::workBefore).
void findPartBounds(KeptPlan &plan) {
  std::vector<int64_t> work;
  if (!plan.tiles.empty()) {
    for (size_t i = 0; i < plan.tiles.size(); i += 2) {
      const int64_t nodes = plan.tiles[i], aggs = plan.tiles[i + 1];
      work.push_back(hag::workBefore(plan.listOffsets[size_t(nodes)] +
                                         plan.aggOffsets[size_t(aggs)],
                                     nodes + aggs));
    }
  } else {
    for (size_t v = 0; v < plan.listOffsets.size(); ++v)
      work.push_back(hag::workBefore(plan.listOffsets[v], int64_t(v)));
  }
  plan.partBounds =
      hag::balancedBounds(work, hag::partsFor(int64_t(work.size()) - 1));
}

/// The empty plan of n nodes: every list empty. Asked for tiles, it is
/// tiled too (tiles of the size asked, none with an aggregation node): the
/// kernel lowered for a tiled plan reads the tile boundaries, and an
/// untiled empty plan left it none, so it read out of bounds.
void keepEmpty(KeptPlan &plan, uint64_t n) {
  plan.aggInputs.clear();
  plan.aggOffsets = {0};
  plan.aggSplits.clear();
  plan.levels = {0};
  plan.listOffsets.assign(n + 1, 0);
  plan.listIndices.clear();
  plan.degrees.assign(n, 0);
  plan.listSplits.assign(n, 0);
  plan.tiles.clear();
  if (plan.options.tileNodes != 0) {
    // A negative size (refused) still gets tiles: one of all the nodes.
    const uint64_t step =
        plan.options.tileNodes > 0 ? uint64_t(plan.options.tileNodes) : n;
    for (uint64_t first = 0; first < n; first += step) {
      plan.tiles.push_back(int32_t(first));
      plan.tiles.push_back(0);
    }
    plan.tiles.push_back(int32_t(n));
    plan.tiles.push_back(0);
  }
  findPartBounds(plan);
}

/// Puts the aggregation-node entries (ids >= n) of entries [begin, end) of
/// `base` first and returns the index where the input rows begin. A set list
/// may be reordered; a sequential one is folded in order and must already be
/// so (its only aggregation entry is its prefix, first), or nothing is
/// returned.
std::optional<int64_t> aggregationsFirst(int32_t *base, size_t begin,
                                         size_t end, hag::NodeId n,
                                         bool reorder) {
  auto isAggregation = [n](int32_t id) { return uint32_t(id) >= n; };
  int32_t *first = base + begin, *last = base + end;
  if (reorder)
    return std::stable_partition(first, last, isAggregation) - base;
  if (!std::is_partitioned(first, last, isAggregation))
    return std::nullopt;
  return std::partition_point(first, last, isAggregation) - base;
}

/// Records `message` and keeps the empty plan of n nodes in place of the one
/// asked for (not found again by a later request: it is not keyed).
int64_t keepFailed(PlanTable &t, std::unique_ptr<KeptPlan> plan,
                   const std::string &message, uint64_t n) {
  recordError(t, message);
  keepEmpty(*plan, n);
  t.plans.push_back(std::move(plan));
  return int64_t(t.plans.size()) - 1;
}

/// Keeps `hag` (ids as plan_constant has them, N + k for aggregation node k,
/// tiled or not; plan_from_tensors' layout, every list's aggregation rows
/// first) as `plan` for `graph`, under `key`, and returns its id.
int64_t keepFound(PlanTable &t, std::unique_ptr<KeptPlan> plan,
                  const hag::Hag &hag, hag::Csr graph, uint64_t key) {
  plan->aggInputs.assign(hag.aggInputs.flatInputs().begin(),
                         hag.aggInputs.flatInputs().end());
  const std::vector<uint64_t> &runs = hag.aggInputs.inputOffsets();
  plan->aggOffsets.assign(runs.begin(), runs.end());
  plan->levels.assign(hag.levelBegin.begin(), hag.levelBegin.end());
  plan->listOffsets.assign(hag.listOffsets.begin(), hag.listOffsets.end());
  plan->listIndices.assign(hag.listIndices.begin(), hag.listIndices.end());
  // Each list's split, its aggregation entries put first; a sequential list
  // that is not so already (none is, by construction) leaves an error.
  const bool reorder = hag.kind == hag::AggregationKind::Set;
  std::string unsplit;
  auto splitLists = [&](std::vector<int32_t> &ids, const auto &offsets,
                        const char *what, std::vector<int64_t> &splits) {
    for (size_t k = 0; k + 1 < offsets.size(); ++k) {
      std::optional<int64_t> split = aggregationsFirst(
          ids.data(), offsets[k], offsets[k + 1], hag.numNodes, reorder);
      if (!split) {
        unsplit = std::string(what) + std::to_string(k);
        return false;
      }
      splits.push_back(*split);
    }
    return true;
  };
  if (!splitLists(plan->aggInputs, runs, "the input list of aggregation node ",
                  plan->aggSplits) ||
      !splitLists(plan->listIndices, hag.listOffsets, "the list of node ",
                  plan->listSplits))
    return keepFailed(t, std::move(plan),
                      "hag.build_plan: " + unsplit +
                          " of a sequential plan names an aggregation node "
                          "after an input row",
                      graph.numNodes);
  for (uint32_t t = 0; hag.isTiled() && t <= hag.numTiles(); ++t) {
    plan->tiles.push_back(int32_t(hag.tileNodeBegin[t]));
    plan->tiles.push_back(int32_t(hag.tileAggBegin[t]));
  }
  // Asked for tiles, a graph of no nodes gets an untiled HAG from the
  // search; the kernel lowered for a tiled plan reads the tile bounds
  // (T + 1 rows), and read none as T = -1 tiles and crashed. It gets the
  // bounds of no tile, as keepEmpty gives them.
  if (plan->options.tileNodes != 0 && plan->tiles.empty())
    plan->tiles = {int32_t(graph.numNodes), 0};
  plan->degrees.resize(graph.numNodes);
  for (hag::NodeId v = 0; v < graph.numNodes; ++v)
    plan->degrees[v] = int64_t(graph.degree(v));
  findPartBounds(*plan);
  plan->found = true;
  plan->graph = std::move(graph);
  t.plans.push_back(std::move(plan));
  int64_t id = int64_t(t.plans.size()) - 1;
  t.byKey.emplace(key, id);
  return id;
}

hag::Expected<hag::SearchOptions> searchOptions(const PlanOptions &o) {
  hag::SearchOptions options;
  options.kind = o.sequential ? hag::AggregationKind::Sequential
                              : hag::AggregationKind::Set;
  switch (o.capacityKind) {
  case HAG_CAPACITY_NODES:
    if (o.capacityNodes < 0)
      return hag::Status::error("hag.build_plan: negative capacity");
    options.capacity.kind = hag::Capacity::Kind::Nodes;
    options.capacity.nodes = uint64_t(o.capacityNodes);
    break;
  case HAG_CAPACITY_FRACTION:
    if (!(o.capacityFraction > 0))
      return hag::Status::error("hag.build_plan: capacity fraction " +
                                std::to_string(o.capacityFraction) +
                                " is not positive");
    options.capacity.kind = hag::Capacity::Kind::FractionOfV;
    options.capacity.fraction = o.capacityFraction;
    break;
  case HAG_CAPACITY_UNLIMITED:
    options.capacity.kind = hag::Capacity::Kind::Unlimited;
    break;
  default:
    return hag::Status::error("hag.build_plan: unknown capacity kind " +
                              std::to_string(o.capacityKind));
  }
  if (o.threshold < 2 || o.maxDepth < 0)
    return hag::Status::error("hag.build_plan: threshold " +
                              std::to_string(o.threshold) + " or max depth " +
                              std::to_string(o.maxDepth) + " out of range");
  if (o.tileNodes < 0)
    return hag::Status::error("hag.build_plan: tile size " +
                              std::to_string(o.tileNodes) + " is negative");
  options.threshold = uint32_t(o.threshold);
  options.maxDepth = uint32_t(o.maxDepth);
  options.tileNodes = uint32_t(o.tileNodes);
  // The search refuses fewer than 2 inputs, and more than 2 for a
  // sequential plan, with its own message.
  options.maxInputs = uint32_t(std::max(o.maxInputs, 0));
  return options;
}

/// True if every aggregation node of `plan` reads two inputs, so its inputs
/// are also HAG_PLAN_AGG_INPUTS' A x 2.
bool pairsOnly(const KeptPlan &plan) {
  return plan.aggInputs.size() == 2 * (plan.aggOffsets.size() - 1);
}
constexpr const char *kWideNodes =
    "the plan has aggregation nodes of more than two inputs, so no A x 2 "
    "HAG_PLAN_AGG_INPUTS (read HAG_PLAN_AGG_RUNS and HAG_PLAN_AGG_OFFSETS)";

const KeptPlan *findPlan(PlanTable &t, int64_t id) {
  if (id < 0 || id >= int64_t(t.plans.size()) || !t.plans[id]) {
    recordError(t, "unknown plan id " + std::to_string(id) +
                       " (released, or never built)");
    return nullptr;
  }
  return t.plans[id].get();
}

template <typename T>
const std::vector<T> *planArray(const KeptPlan &plan, int32_t array);
template <>
const std::vector<int32_t> *planArray(const KeptPlan &plan, int32_t array) {
  switch (array) {
  case HAG_PLAN_AGG_INPUTS:
  case HAG_PLAN_AGG_RUNS:
    return &plan.aggInputs;
  case HAG_PLAN_LEVELS:
    return &plan.levels;
  case HAG_PLAN_LIST_INDICES:
    return &plan.listIndices;
  case HAG_PLAN_TILES:
    return &plan.tiles;
  default:
    return nullptr;
  }
}
template <>
const std::vector<int64_t> *planArray(const KeptPlan &plan, int32_t array) {
  switch (array) {
  case HAG_PLAN_LIST_OFFSETS:
    return &plan.listOffsets;
  case HAG_PLAN_DEGREES:
    return &plan.degrees;
  case HAG_PLAN_AGG_OFFSETS:
    return &plan.aggOffsets;
  case HAG_PLAN_LIST_SPLITS:
    return &plan.listSplits;
  case HAG_PLAN_AGG_SPLITS:
    return &plan.aggSplits;
  case HAG_PLAN_PART_BOUNDS:
    return &plan.partBounds;
  default:
    return nullptr;
  }
}

/// Copies one array into a destination of `capacity` elements: to
/// `contiguous` when the destination's elements are adjacent (the buffers
/// generated code allocates), else element i to `at(i)` (the descriptor's
/// strides).
template <typename T, typename At>
void copyArray(int64_t id, int32_t array, int64_t capacity, T *contiguous,
               At at, const char *what) {
  PlanTable &t = table();
  std::lock_guard<std::mutex> lock(t.mutex);
  const KeptPlan *plan = findPlan(t, id);
  if (!plan)
    return;
  const std::vector<T> *values = planArray<T>(*plan, array);
  if (!values) {
    recordError(t, std::string(what) + ": array " + std::to_string(array) +
                       " is not one of its element type");
    return;
  }
  if (array == HAG_PLAN_AGG_INPUTS && !pairsOnly(*plan)) {
    recordError(t, std::string(what) + ": " + kWideNodes);
    return;
  }
  if (capacity < int64_t(values->size())) {
    recordError(t, std::string(what) + ": the buffer holds " +
                       std::to_string(capacity) + " elements, the array " +
                       std::to_string(values->size()));
    return;
  }
  if (contiguous) {
    // Copying element by element through the strides took about a tenth
    // of a lowered hag.build_plan's call while generated code still copied
    // the plan (it reads views now); contiguous buffers take memcpy.
    if (!values->empty())
      std::memcpy(contiguous, values->data(), values->size() * sizeof(T));
    return;
  }
  for (size_t i = 0; i < values->size(); ++i)
    *at(int64_t(i)) = (*values)[i];
}

/// The first element of a 1-D destination whose elements are adjacent, or
/// null.
template <typename Descriptor> auto contiguousStart(Descriptor *out) {
  return out->sizes[0] <= 1 || out->strides[0] == 1 ? out->aligned + out->offset
                                                    : nullptr;
}

} // namespace

namespace {
/// The kept array of `id` that `array` names, for a view of element type T
/// (`pairs`: a two-column one), or null after recording why not.
template <typename T>
const std::vector<T> *viewedArray(int64_t id, int32_t array, bool pairs,
                                  const char *what) {
  PlanTable &t = table();
  std::lock_guard<std::mutex> lock(t.mutex);
  const KeptPlan *plan = findPlan(t, id);
  if (!plan)
    return nullptr;
  const bool isPairs = array == HAG_PLAN_AGG_INPUTS || array == HAG_PLAN_TILES;
  const std::vector<T> *values =
      isPairs == pairs ? planArray<T>(*plan, array) : nullptr;
  if (!values) {
    recordError(t, std::string(what) + ": array " + std::to_string(array) +
                       " is not one of its kind");
    return nullptr;
  }
  if (array == HAG_PLAN_AGG_INPUTS && !pairsOnly(*plan)) {
    recordError(t, std::string(what) + ": " + kWideNodes);
    return nullptr;
  }
  // Kept plans are never changed or moved (the table holds them by
  // pointer), so the storage outlives the call.
  return values;
}

/// A 1-D descriptor of `values` (empty for null).
template <typename Descriptor, typename T>
void describe(Descriptor *result, const std::vector<T> *values) {
  T *data = values ? const_cast<T *>(values->data()) : nullptr;
  *result = {data, data, 0, {values ? int64_t(values->size()) : 0}, {1}};
}
/// Reads, checks and searches the graph of `offsets` / `indices` (unless
/// a kept plan has it: a strided call is first found here) and keeps the
/// plan, or the empty plan and an error.
int64_t searchAndKeep(PlanTable &t, const HagMemRefI64 *offsets,
                      const HagMemRefI32 *indices, const PlanOptions &options) {
  hag::Expected<hag::Csr> graph = readGraph(offsets, indices);
  auto plan = std::make_unique<KeptPlan>();
  plan->options = options;
  std::lock_guard<std::mutex> lock(t.mutex);
  if (graph.failed()) {
    int64_t n = offsets && offsets->sizes[0] > 0 ? offsets->sizes[0] - 1 : 0;
    return keepFailed(t, std::move(plan), graph.message(), uint64_t(n));
  }
  uint64_t key = lookupKey(bytesOf(*graph), options);
  if (std::optional<int64_t> kept = findKept(t, key, bytesOf(*graph), options))
    return *kept;
  // The search runs under the lock: concurrent requests for one graph
  // search it once.
  std::string failure;
  std::optional<hag::SearchResult> found;
  hag::Expected<hag::SearchOptions> searchOpts = searchOptions(options);
  if (searchOpts.failed()) {
    failure = searchOpts.message();
  } else {
    hag::Expected<hag::SearchResult> result =
        hag::searchHag(*graph, *searchOpts);
    if (result.failed())
      failure = "hag.build_plan: " + result.message();
    else
      found = std::move(*result);
  }
  if (!found)
    return keepFailed(t, std::move(plan), failure, graph->numNodes);
  ++t.searches;
  return keepFound(t, std::move(plan), found->hag, std::move(*graph), key);
}

/// For hagPlanBuildForChoice: a kept plan of the same key, sizes and
/// options that has no aggregation node, or the plain counterpart of one
/// that every width so far sent to it, found without comparing the graph
/// (the comparison was most of what such a call added to plain's time,
/// docs/Runtime.md). Its lists are read from the caller's own arrays
/// (hagPlanListsAreRows), so the result is right for whatever graph was
/// passed; only the choice of plain could be wrong, should another graph
/// share the key. None where any plan of the key has been kept at some
/// width: then the graph must be compared, so that the plan is read
/// exactly for its own graph.
std::optional<int64_t> findRowsByKey(PlanTable &t, uint64_t key,
                                     const GraphBytes &graph,
                                     const PlanOptions &options) {
  std::optional<int64_t> found;
  auto [begin, end] = t.byKey.equal_range(key);
  for (auto it = begin; it != end; ++it) {
    const KeptPlan &kept = *t.plans[it->second];
    if (!(kept.options == options && kept.graph.numNodes == graph.numNodes &&
          kept.graph.indices.size() == graph.numEdges))
      continue;
    if (kept.everKept)
      return std::nullopt;
    if (found)
      continue;
    if (listsAreRows(kept))
      found = it->second;
    else if (kept.plainCounterpart >= 0)
      found = kept.plainCounterpart;
  }
  return found;
}

/// hagPlanBuild (`rowsByKey` false) and hagPlanBuildForChoice (true).
/// The graph from edges whose own views `graph` is, if it is: its arrays
/// exactly, not a copy or a part of them.
KeptPlan *graphOfViews(PlanTable &t, const GraphBytes &graph) {
  auto it = t.byViews.find(graph.offsets);
  if (it == t.byViews.end())
    return nullptr;
  KeptPlan &entry = *t.plans[it->second];
  if (entry.listIndices.data() != graph.indices ||
      entry.listOffsets.size() != size_t(graph.numNodes) + 1 ||
      entry.listIndices.size() != graph.numEdges)
    return nullptr;
  return &entry;
}

/// hagPlanBuild (`rowsByKey` false) and hagPlanBuildForChoice (true).
int64_t findOrSearch(const HagMemRefI64 *offsets, const HagMemRefI32 *indices,
                     const PlanOptions &options, bool rowsByKey) {
  PlanTable &t = table();
  std::optional<GraphBytes> bytes = contiguousBytes(offsets, indices);
  // The common call: the graph of a kept plan, passed as it was.
  if (bytes) {
    uint64_t key = lookupKey(*bytes, options);
    std::lock_guard<std::mutex> lock(t.mutex);
    // A graph from edges passed as its own views: its plan for these
    // options, if one was built, with nothing compared.
    KeptPlan *views = graphOfViews(t, *bytes);
    if (views)
      for (const auto &[viewOptions, id] : views->plansOfViews)
        if (viewOptions == options)
          return id;
    if (rowsByKey)
      if (std::optional<int64_t> rows = findRowsByKey(t, key, *bytes, options))
        return *rows;
    if (std::optional<int64_t> kept = findKept(t, key, *bytes, options)) {
      if (views)
        views->plansOfViews.emplace_back(options, *kept);
      return *kept;
    }
  }
  int64_t id = searchAndKeep(t, offsets, indices, options);
  if (bytes) {
    std::lock_guard<std::mutex> lock(t.mutex);
    // A failed search leaves an empty plan that is not the graph's.
    KeptPlan *views = graphOfViews(t, *bytes);
    if (views && t.plans[id] && t.plans[id]->found)
      views->plansOfViews.emplace_back(options, id);
  }
  return id;
}

} // namespace

// The C ABI is all the library exports (it is built with hidden visibility,
// so the search library inside cannot clash with a host's copy).
#define HAG_PLAN_EXPORT __attribute__((visibility("default")))

extern "C" {

HAG_PLAN_EXPORT int64_t _mlir_ciface_hagPlanBuild(
    const HagMemRefI64 *offsets, const HagMemRefI32 *indices,
    int32_t sequential, int32_t capacityKind, int64_t capacityNodes,
    double capacityFraction, int32_t threshold, int32_t maxDepth,
    int32_t tileNodes, int32_t maxInputs) {
  return findOrSearch(offsets, indices,
                      {sequential, capacityKind, capacityNodes,
                       capacityFraction, threshold, maxDepth, tileNodes,
                       maxInputs},
                      /*rowsByKey=*/false);
}

HAG_PLAN_EXPORT int64_t _mlir_ciface_hagPlanBuildForChoice(
    const HagMemRefI64 *offsets, const HagMemRefI32 *indices,
    int32_t sequential, int32_t capacityKind, int64_t capacityNodes,
    double capacityFraction, int32_t threshold, int32_t maxDepth,
    int32_t tileNodes, int32_t maxInputs) {
  return findOrSearch(offsets, indices,
                      {sequential, capacityKind, capacityNodes,
                       capacityFraction, threshold, maxDepth, tileNodes,
                       maxInputs},
                      /*rowsByKey=*/true);
}

HAG_PLAN_EXPORT int32_t hagPlanListsAreRows(int64_t id) {
  PlanTable &t = table();
  std::lock_guard<std::mutex> lock(t.mutex);
  const KeptPlan *plan = findPlan(t, id);
  return plan && listsAreRows(*plan) ? 1 : 0;
}

HAG_PLAN_EXPORT int64_t
_mlir_ciface_hagGraphFromEdges(const HagMemRefI64 *sources,
                               const HagMemRefI64 *targets, int64_t numNodes) {
  // Options no plan can have: the entry is a graph (no search).
  const PlanOptions graphOptions{-1, -1, 0, 0, 0, 0};
  PlanTable &t = table();
  // The common call: the edge arrays of a kept graph, passed again. Found
  // by comparing them with the kept copy, O(|E|), where sorting them into
  // CSR cost 10x as much (docs/Runtime.md).
  std::optional<EdgeBytes> edges = contiguousEdges(sources, targets);
  uint64_t edgeKey = 0;
  if (edges) {
    edgeKey = edgesKey(*edges, numNodes);
    std::lock_guard<std::mutex> lock(t.mutex);
    if (std::optional<int64_t> kept = findEdges(t, edgeKey, *edges, numNodes))
      return *kept;
  }
  hag::Expected<hag::Csr> graph = edgesToCsr(sources, targets, numNodes);
  auto plan = std::make_unique<KeptPlan>();
  plan->options = graphOptions;
  std::lock_guard<std::mutex> lock(t.mutex);
  if (graph.failed())
    return keepFailed(t, std::move(plan), graph.message(),
                      uint64_t(std::clamp<int64_t>(numNodes, 0, INT32_MAX)));
  uint64_t key = lookupKey(bytesOf(*graph), graphOptions);
  std::optional<int64_t> id = findKept(t, key, bytesOf(*graph), graphOptions);
  if (!id) {
    // A plan without aggregation nodes: its lists are the graph's rows.
    hag::Hag rows = hag::identityHag(*graph, hag::AggregationKind::Set);
    id = keepFound(t, std::move(plan), rows, std::move(*graph), key);
  }
  // The edges, checked now, are kept with the graph (the first arrays that
  // gave it), so passing them again finds it without sorting; no edges
  // need no copy (they sort for free).
  KeptPlan &kept = *t.plans[*id];
  t.byViews.emplace(kept.listOffsets.data(), *id);
  if (edges && edges->count > 0 && kept.edgeSources.empty()) {
    kept.edgeSources.assign(edges->sources, edges->sources + edges->count);
    kept.edgeTargets.assign(edges->targets, edges->targets + edges->count);
    t.byEdges.emplace(edgeKey, *id);
  }
  return *id;
}

HAG_PLAN_EXPORT int64_t hagPlanSize(int64_t id, int32_t array) {
  PlanTable &t = table();
  std::lock_guard<std::mutex> lock(t.mutex);
  const KeptPlan *plan = findPlan(t, id);
  if (!plan)
    return 0;
  if (array == HAG_PLAN_AGG_INPUTS) {
    if (!pairsOnly(*plan)) {
      recordError(t, std::string("hagPlanSize: ") + kWideNodes);
      return 0;
    }
    return int64_t(plan->aggInputs.size() / 2);
  }
  if (array == HAG_PLAN_TILES)
    return int64_t(plan->tiles.size() / 2);
  if (const std::vector<int32_t> *values = planArray<int32_t>(*plan, array))
    return int64_t(values->size());
  if (const std::vector<int64_t> *values = planArray<int64_t>(*plan, array))
    return int64_t(values->size());
  recordError(t, "hagPlanSize: unknown array " + std::to_string(array));
  return 0;
}

namespace {
/// Copies a 2-column array (HAG_PLAN_AGG_INPUTS, HAG_PLAN_TILES) into `out`.
void copyPairs(int64_t id, int32_t array, HagMemRefI32x2 *out,
               const char *what) {
  int64_t capacity = out->sizes[1] == 2 ? 2 * out->sizes[0] : 0;
  bool rowMajor = out->sizes[1] == 2 && out->strides[1] == 1 &&
                  (out->sizes[0] <= 1 || out->strides[0] == 2);
  copyArray<int32_t>(
      id, array, capacity, rowMajor ? out->aligned + out->offset : nullptr,
      [out](int64_t i) {
        return out->aligned + out->offset + (i / 2) * out->strides[0] +
               (i % 2) * out->strides[1];
      },
      what);
}
} // namespace

HAG_PLAN_EXPORT void _mlir_ciface_hagPlanCopyAggInputs(int64_t id,
                                                       HagMemRefI32x2 *out) {
  copyPairs(id, HAG_PLAN_AGG_INPUTS, out, "hagPlanCopyAggInputs");
}

HAG_PLAN_EXPORT void _mlir_ciface_hagPlanCopyTiles(int64_t id,
                                                   HagMemRefI32x2 *out) {
  copyPairs(id, HAG_PLAN_TILES, out, "hagPlanCopyTiles");
}

HAG_PLAN_EXPORT void _mlir_ciface_hagPlanCopyI32(int64_t id, int32_t array,
                                                 HagMemRefI32 *out) {
  // The aggregation inputs and tiles are 2-D: hagPlanCopyAggInputs and
  // hagPlanCopyTiles.
  copyArray<int32_t>(
      id, array == HAG_PLAN_AGG_INPUTS || array == HAG_PLAN_TILES ? -1 : array,
      out->sizes[0], contiguousStart(out),
      [out](int64_t i) {
        return out->aligned + out->offset + i * out->strides[0];
      },
      "hagPlanCopyI32");
}

HAG_PLAN_EXPORT void _mlir_ciface_hagPlanCopyI64(int64_t id, int32_t array,
                                                 HagMemRefI64 *out) {
  copyArray<int64_t>(
      id, array, out->sizes[0], contiguousStart(out),
      [out](int64_t i) {
        return out->aligned + out->offset + i * out->strides[0];
      },
      "hagPlanCopyI64");
}

HAG_PLAN_EXPORT void _mlir_ciface_hagPlanViewI32(HagMemRefI32 *result,
                                                 int64_t id, int32_t array) {
  describe(result, viewedArray<int32_t>(id, array, false, "hagPlanViewI32"));
}

HAG_PLAN_EXPORT void _mlir_ciface_hagPlanViewI64(HagMemRefI64 *result,
                                                 int64_t id, int32_t array) {
  describe(result, viewedArray<int64_t>(id, array, false, "hagPlanViewI64"));
}

HAG_PLAN_EXPORT void _mlir_ciface_hagPlanViewPairs(HagMemRefI32x2 *result,
                                                   int64_t id, int32_t array) {
  const std::vector<int32_t> *values =
      viewedArray<int32_t>(id, array, true, "hagPlanViewPairs");
  int32_t *data = values ? const_cast<int32_t *>(values->data()) : nullptr;
  int64_t rows = values ? int64_t(values->size() / 2) : 0;
  *result = {data, data, 0, {rows, 2}, {2, 1}};
}

namespace {
/// `plan` as the hag::Hag the cost model prices: its levels, tiles and
/// lists as kept (each list with its aggregation rows first, an order the
/// counts do not depend on and the kernels read it in).
hag::Hag hagOf(const KeptPlan &plan) {
  hag::Hag hag;
  hag.kind = plan.options.sequential ? hag::AggregationKind::Sequential
                                     : hag::AggregationKind::Set;
  hag.numNodes = plan.graph.numNodes;
  hag.aggInputs.reserve(plan.aggOffsets.size() - 1);
  for (size_t k = 0; k + 1 < plan.aggOffsets.size(); ++k)
    hag.aggInputs.append(plan.aggInputs.begin() + plan.aggOffsets[k],
                         plan.aggInputs.begin() + plan.aggOffsets[k + 1]);
  hag.levelBegin.assign(plan.levels.begin(), plan.levels.end());
  hag.listOffsets.assign(plan.listOffsets.begin(), plan.listOffsets.end());
  hag.listIndices.assign(plan.listIndices.begin(), plan.listIndices.end());
  for (size_t i = 0; i < plan.tiles.size(); i += 2) {
    hag.tileNodeBegin.push_back(hag::NodeId(plan.tiles[i]));
    hag.tileAggBegin.push_back(uint32_t(plan.tiles[i + 1]));
  }
  return hag;
}

/// The plan of `plan`'s shape without aggregation nodes: every node's list
/// is its graph row (no aggregation entry, so each split is the list's
/// start), a tiled plan keeps its tiles with no aggregation node in any.
std::unique_ptr<KeptPlan> plainCounterpartOf(const KeptPlan &plan) {
  auto plain = std::make_unique<KeptPlan>();
  const hag::Csr &graph = plan.graph;
  plain->options = plan.options;
  plain->aggOffsets = {0};
  plain->levels = {0};
  plain->listOffsets.assign(graph.offsets.begin(), graph.offsets.end());
  plain->listIndices.assign(graph.indices.begin(), graph.indices.end());
  plain->degrees = plan.degrees;
  plain->listSplits.assign(plain->listOffsets.begin(),
                           plain->listOffsets.end() - 1);
  for (size_t i = 0; i < plan.tiles.size(); i += 2) {
    plain->tiles.push_back(plan.tiles[i]);
    plain->tiles.push_back(0);
  }
  findPartBounds(*plain);
  return plain;
}

/// hagPlanChoose for kept plan `id` (not a counterpart), under the lock:
/// the plan, or its plain counterpart, decided once per width and element
/// size.
int64_t decide(PlanTable &t, int64_t id, int64_t width, int32_t elementBytes) {
  KeptPlan &plan = *t.plans[id];
  if (plan.aggOffsets.size() <= 1)
    return id; // no aggregation node: its own plain counterpart
  const uint64_t key = (uint64_t(width) << 8) | uint64_t(elementBytes);
  if (auto it = plan.chosen.find(key); it != plan.chosen.end())
    return it->second;
  if (!plan.work) {
    // The reuse profiles walk every read once; only plans that are chosen
    // between pay for them, once.
    plan.work = hag::hagWork(hagOf(plan));
    plan.plainWork = hag::plainWork(plan.graph);
  }
  const hag::CostCoefficients c =
      hag::defaultCoefficients(hag::CostTarget::Cpu);
  const double hagSeconds =
      hag::predictSeconds(*plan.work, uint64_t(width), elementBytes, c);
  const double plainSeconds =
      hag::predictSeconds(*plan.plainWork, uint64_t(width), elementBytes, c);
  int64_t choice = id;
  if (!(hagSeconds * HAG_PLAN_CHOOSE_MARGIN < plainSeconds)) {
    if (plan.plainCounterpart < 0) {
      auto counterpart = plainCounterpartOf(plan);
      counterpart->counterpartOf = id;
      t.plans.push_back(std::move(counterpart));
      // `plan` is still valid: t.plans holds pointers.
      plan.plainCounterpart = int64_t(t.plans.size()) - 1;
    }
    choice = plan.plainCounterpart;
  } else {
    plan.everKept = true;
  }
  ++(choice == id ? t.choicesKept : t.choicesPlain);
  plan.chosen.emplace(key, choice);
  return choice;
}
} // namespace

HAG_PLAN_EXPORT int64_t hagPlanChoose(int64_t id, int64_t width,
                                      int32_t elementBytes) {
  PlanTable &t = table();
  std::lock_guard<std::mutex> lock(t.mutex);
  if (!findPlan(t, id))
    return id;
  if (width < 0 || elementBytes <= 0 || elementBytes > 16) {
    recordError(t, "hagPlanChoose: feature width " + std::to_string(width) +
                       " or element size " + std::to_string(elementBytes) +
                       " out of range");
    return id;
  }
  if (const int64_t parent = t.plans[id]->counterpartOf; parent >= 0) {
    // A counterpart that hagPlanBuildForChoice handed out without comparing
    // the graph: it is the answer for this call whatever the width. A width
    // not decided yet is decided for the plan now, so that where the model
    // keeps the plan, later calls compare the graph and read it.
    decide(t, parent, width, elementBytes);
    return id;
  }
  return decide(t, id, width, elementBytes);
}

HAG_PLAN_EXPORT int64_t hagPlanSearchCount(void) {
  PlanTable &t = table();
  std::lock_guard<std::mutex> lock(t.mutex);
  return t.searches;
}

HAG_PLAN_EXPORT void hagPlanChoiceCounts(int64_t *kept, int64_t *plain) {
  PlanTable &t = table();
  std::lock_guard<std::mutex> lock(t.mutex);
  if (kept)
    *kept = t.choicesKept;
  if (plain)
    *plain = t.choicesPlain;
}

HAG_PLAN_EXPORT const char *hagPlanTakeError(void) {
  PlanTable &t = table();
  std::lock_guard<std::mutex> lock(t.mutex);
  if (!t.hasPendingError)
    return nullptr;
  t.takenError = std::move(t.pendingError);
  t.hasPendingError = false;
  return t.takenError.c_str();
}

HAG_PLAN_EXPORT void hagPlanReleaseAll(void) {
  PlanTable &t = table();
  std::lock_guard<std::mutex> lock(t.mutex);
  // The slots stay, empty, so a released id is never handed out again for
  // another plan (a caller still holding one gets an error, not the wrong
  // plan's arrays).
  for (std::unique_ptr<KeptPlan> &plan : t.plans)
    plan.reset();
  t.byKey.clear();
  t.byEdges.clear();
  t.byViews.clear();
  t.choicesKept = t.choicesPlain = 0;
}

} // extern "C"
