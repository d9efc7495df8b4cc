//===- PlanRuntimeTest.cpp - Plans built at run time, through the C ABI ---===//
//
// Drives libhag_plan_runtime.so the way lowered hag.build_plan code does:
// descriptors in, sizes, copies into buffers of those sizes. The plan read
// back must pass the equivalence checker on a real graph, be reused for the
// same graph and options, and every bad input must leave an error and the
// empty plan instead of a crash.
//
//===----------------------------------------------------------------------===//
#include "hag/Runtime/PlanRuntime.h"

#include "hag/Graph/Generators.h"
#include "hag/Graph/GraphIO.h"
#include "hag/Search/CostFormulas.h"
#include "hag/Search/Hag.h"
#include "hag/Search/WorkPartition.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace hag;

namespace {

HagMemRefI64 describe(std::vector<int64_t> &values) {
  return {values.data(), values.data(), 0, {int64_t(values.size())}, {1}};
}
HagMemRefI32 describe(std::vector<int32_t> &values) {
  return {values.data(), values.data(), 0, {int64_t(values.size())}, {1}};
}

/// A plan read back through the C ABI.
struct PlanArrays {
  std::vector<int32_t> aggInputs, levels, listIndices;
  std::vector<int64_t> listOffsets, degrees;
  std::vector<int32_t> tiles; // 2 per tile boundary
  /// Every node's inputs one after another, node k's from aggOffsets[k].
  std::vector<int32_t> aggRuns;
  std::vector<int64_t> aggOffsets;
  /// Where each list's (each node's run's) input rows begin.
  std::vector<int64_t> listSplits, aggSplits;
  /// The kernel's parts of equal work, in tiles or in nodes.
  std::vector<int64_t> partBounds;
};

/// The plan's arrays; `pairs` false for a plan with wider nodes, which has
/// no A x 2 HAG_PLAN_AGG_INPUTS.
PlanArrays readBack(int64_t plan, bool pairs = true) {
  PlanArrays arrays;
  // The two-column arrays, each through its own copy function.
  auto copyPairs = [&](int32_t array, std::vector<int32_t> &out,
                       void (*copy)(int64_t, HagMemRefI32x2 *)) {
    out.resize(2 * hagPlanSize(plan, array));
    HagMemRefI32x2 d = {
        out.data(), out.data(), 0, {int64_t(out.size() / 2), 2}, {2, 1}};
    copy(plan, &d);
  };
  if (pairs)
    copyPairs(HAG_PLAN_AGG_INPUTS, arrays.aggInputs,
              _mlir_ciface_hagPlanCopyAggInputs);
  copyPairs(HAG_PLAN_TILES, arrays.tiles, _mlir_ciface_hagPlanCopyTiles);
  auto copy32 = [&](int32_t array, std::vector<int32_t> &out) {
    out.resize(hagPlanSize(plan, array));
    HagMemRefI32 d = describe(out);
    _mlir_ciface_hagPlanCopyI32(plan, array, &d);
  };
  auto copy64 = [&](int32_t array, std::vector<int64_t> &out) {
    out.resize(hagPlanSize(plan, array));
    HagMemRefI64 d = describe(out);
    _mlir_ciface_hagPlanCopyI64(plan, array, &d);
  };
  copy32(HAG_PLAN_LEVELS, arrays.levels);
  copy32(HAG_PLAN_LIST_INDICES, arrays.listIndices);
  copy64(HAG_PLAN_LIST_OFFSETS, arrays.listOffsets);
  copy64(HAG_PLAN_DEGREES, arrays.degrees);
  copy32(HAG_PLAN_AGG_RUNS, arrays.aggRuns);
  copy64(HAG_PLAN_AGG_OFFSETS, arrays.aggOffsets);
  copy64(HAG_PLAN_LIST_SPLITS, arrays.listSplits);
  copy64(HAG_PLAN_AGG_SPLITS, arrays.aggSplits);
  copy64(HAG_PLAN_PART_BOUNDS, arrays.partBounds);
  return arrays;
}

Hag hagOf(const PlanArrays &arrays, NodeId numNodes, AggregationKind kind) {
  Hag hag;
  hag.kind = kind;
  hag.numNodes = numNodes;
  // From the runs, which every plan has (HAG_PLAN_AGG_INPUTS is checked
  // against them where it is read).
  for (size_t k = 0; k + 1 < arrays.aggOffsets.size(); ++k)
    hag.aggInputs.append(arrays.aggRuns.begin() + arrays.aggOffsets[k],
                         arrays.aggRuns.begin() + arrays.aggOffsets[k + 1]);
  hag.levelBegin.assign(arrays.levels.begin(), arrays.levels.end());
  hag.listOffsets.assign(arrays.listOffsets.begin(), arrays.listOffsets.end());
  hag.listIndices.assign(arrays.listIndices.begin(), arrays.listIndices.end());
  for (size_t t = 0; t + 1 < arrays.tiles.size(); t += 2) {
    hag.tileNodeBegin.push_back(NodeId(arrays.tiles[t]));
    hag.tileAggBegin.push_back(uint32_t(arrays.tiles[t + 1]));
  }
  return hag;
}

int64_t build(std::vector<int64_t> &offsets, std::vector<int32_t> &indices,
              int32_t sequential = 0,
              int32_t capacityKind = HAG_CAPACITY_FRACTION,
              int64_t capacityNodes = 0, double fraction = 0.25,
              int32_t threshold = 3, int32_t tileNodes = 0,
              int32_t maxInputs = 2) {
  HagMemRefI64 o = describe(offsets);
  HagMemRefI32 i = describe(indices);
  return _mlir_ciface_hagPlanBuild(&o, &i, sequential, capacityKind,
                                   capacityNodes, fraction, threshold, 0,
                                   tileNodes, maxInputs);
}

/// Checks that every list of `arrays` (final lists and aggregation nodes'
/// runs) holds aggregation-node ids (>= n) before its split and input rows
/// from it on.
void expectAggregationsFirst(const PlanArrays &arrays, int64_t n) {
  auto check = [&](const std::vector<int32_t> &ids,
                   const std::vector<int64_t> &offsets,
                   const std::vector<int64_t> &splits, const char *what) {
    ASSERT_EQ(splits.size() + 1, offsets.size()) << what;
    for (size_t k = 0; k < splits.size(); ++k) {
      ASSERT_GE(splits[k], offsets[k]) << what << " " << k;
      ASSERT_LE(splits[k], offsets[k + 1]) << what << " " << k;
      for (int64_t e = offsets[k]; e < offsets[k + 1]; ++e)
        EXPECT_EQ(ids[e] >= n, e < splits[k])
            << what << " " << k << " entry " << e << " (id " << ids[e] << ")";
    }
  };
  check(arrays.listIndices, arrays.listOffsets, arrays.listSplits, "list");
  check(arrays.aggRuns, arrays.aggOffsets, arrays.aggSplits, "node");
}

/// 300 cliques of 21 nodes, BZR_MD's shape: each node's list is the other
/// 20 of its clique, so the lists share most of their inputs.
Csr cliqueGraph() {
  constexpr NodeId kClique = 21, kCliques = 300;
  Csr graph;
  graph.numNodes = kClique * kCliques;
  graph.offsets.assign(1, 0);
  for (NodeId v = 0; v < graph.numNodes; ++v) {
    NodeId first = v / kClique * kClique;
    for (NodeId u = first; u < first + kClique; ++u)
      if (u != v)
        graph.indices.push_back(u);
    graph.offsets.push_back(graph.indices.size());
  }
  return graph;
}

std::string takeError() {
  const char *error = hagPlanTakeError();
  return error ? error : "";
}

class PlanRuntimeTest : public ::testing::Test {
protected:
  void SetUp() override {
    hagPlanReleaseAll();
    takeError();
  }

  /// The bundled Cora graph and its CSR arrays as generated code passes
  /// them (int64 offsets, int32 indices).
  void loadCora() {
    Expected<Csr> read =
        readGraph(std::string(HAG_SOURCE_DIR) + "/data/cora.cites", {});
    ASSERT_TRUE(read.ok()) << read.message();
    graph = read.take();
    offsets.assign(graph.offsets.begin(), graph.offsets.end());
    indices.assign(graph.indices.begin(), graph.indices.end());
  }
  Csr graph;
  std::vector<int64_t> offsets;
  std::vector<int32_t> indices;
};

} // namespace

TEST_F(PlanRuntimeTest, RealGraphPlanIsEquivalentAndReused) {
  ASSERT_NO_FATAL_FAILURE(loadCora());

  for (int32_t sequential : {0, 1}) {
    int64_t searches = hagPlanSearchCount();
    int64_t plan = build(offsets, indices, sequential);
    EXPECT_EQ(takeError(), "");
    EXPECT_EQ(hagPlanSearchCount(), searches + 1);
    PlanArrays arrays = readBack(plan);
    EXPECT_EQ(takeError(), "");
    AggregationKind kind =
        sequential ? AggregationKind::Sequential : AggregationKind::Set;
    Hag hag = hagOf(arrays, graph.numNodes, kind);
    EXPECT_GT(hag.numAggNodes(), 0u);
    Status check = checkEquivalence(graph, hag);
    EXPECT_TRUE(check.ok()) << check.message();
    // Pairs: the A x 2 array is the runs; every list split (a set plan's
    // reordered, a sequential plan's as it was: the checker above saw the
    // order).
    EXPECT_EQ(arrays.aggInputs, arrays.aggRuns);
    expectAggregationsFirst(arrays, graph.numNodes);
    EXPECT_GT(std::count_if(arrays.listSplits.begin(), arrays.listSplits.end(),
                            [&, v = 0](int64_t split) mutable {
                              return split > arrays.listOffsets[v++];
                            }),
              0)
        << "some list reads an aggregation node";
    ASSERT_EQ(arrays.degrees.size(), graph.numNodes);
    for (NodeId v = 0; v < graph.numNodes; ++v)
      EXPECT_EQ(arrays.degrees[v], int64_t(graph.degree(v)));

    // The same graph and options: the kept plan, no second search.
    EXPECT_EQ(build(offsets, indices, sequential), plan);
    EXPECT_EQ(hagPlanSearchCount(), searches + 1);
  }
  // Other options: another search.
  int64_t searches = hagPlanSearchCount();
  build(offsets, indices, 0, HAG_CAPACITY_UNLIMITED, 0, 0, 2);
  EXPECT_EQ(hagPlanSearchCount(), searches + 1);
  // The same buffers with other contents (one input changed in place, as a
  // caller reusing its arrays would): not the kept plan, a new search.
  int64_t before = build(offsets, indices);
  searches = hagPlanSearchCount();
  indices[0] = indices[0] == 0 ? 1 : 0;
  int64_t changed = build(offsets, indices);
  EXPECT_NE(changed, before);
  EXPECT_EQ(hagPlanSearchCount(), searches + 1);
  // The lookup key samples the arrays; a change between the samples (two
  // inputs of row 0 swapped, entries 1 and 2 of 10556) is still told apart
  // by the comparison.
  ASSERT_GE(graph.degree(0), 3u);
  std::swap(indices[1], indices[2]);
  EXPECT_NE(build(offsets, indices), changed);
  EXPECT_EQ(hagPlanSearchCount(), searches + 2);
  EXPECT_EQ(takeError(), "");
}

// A tile size gives a tiled plan (the tiles of hag-search --tile-nodes),
// equivalent to the graph, kept apart from the untiled plan of the graph.
TEST_F(PlanRuntimeTest, TiledPlanHasTilesAndIsEquivalent) {
  ASSERT_NO_FATAL_FAILURE(loadCora());
  int64_t untiled = build(offsets, indices, 0, HAG_CAPACITY_UNLIMITED, 0, 0, 2);
  EXPECT_EQ(readBack(untiled).tiles.size(), 0u);
  int64_t plan =
      build(offsets, indices, 0, HAG_CAPACITY_UNLIMITED, 0, 0, 2, /*tiles=*/32);
  EXPECT_NE(plan, untiled);
  EXPECT_EQ(takeError(), "");
  PlanArrays arrays = readBack(plan);
  EXPECT_EQ(takeError(), "");
  // ceil(2708 / 32) tiles, T + 1 boundaries, the first at (0, 0), the last
  // at (N, A).
  ASSERT_EQ(arrays.tiles.size(), 2u * (85 + 1));
  EXPECT_EQ(arrays.tiles[0], 0);
  EXPECT_EQ(arrays.tiles[1], 0);
  EXPECT_EQ(arrays.tiles[arrays.tiles.size() - 2], int32_t(graph.numNodes));
  EXPECT_EQ(arrays.tiles.back(), int32_t(arrays.aggInputs.size() / 2));
  Hag hag = hagOf(arrays, graph.numNodes, AggregationKind::Set);
  EXPECT_TRUE(hag.isTiled());
  EXPECT_GT(hag.numAggNodes(), 0u);
  Status check = checkEquivalence(graph, hag);
  EXPECT_TRUE(check.ok()) << check.message();
  // A negative tile size is refused with the empty plan.
  build(offsets, indices, 0, HAG_CAPACITY_UNLIMITED, 0, 0, 2, -1);
  EXPECT_EQ(takeError(), "hag.build_plan: tile size -1 is negative");
}

// More than two inputs per node (set plans): the nodes come as runs, every
// list split, the plan equivalent; the same graph with pairs is another
// plan. A sequential plan cannot have wide nodes.
TEST_F(PlanRuntimeTest, WidePlanHasRunsAndSplitsAndIsEquivalent) {
  ASSERT_NO_FATAL_FAILURE(loadCora());
  int64_t pairs = build(offsets, indices, 0, HAG_CAPACITY_UNLIMITED, 0, 0, 2);
  for (int32_t tileNodes : {0, 32}) {
    int64_t plan = build(offsets, indices, 0, HAG_CAPACITY_UNLIMITED, 0, 0, 2,
                         tileNodes, /*maxInputs=*/8);
    EXPECT_NE(plan, pairs);
    EXPECT_EQ(takeError(), "");
    PlanArrays arrays = readBack(plan, /*pairs=*/false);
    EXPECT_EQ(takeError(), "");
    Hag hag = hagOf(arrays, graph.numNodes, AggregationKind::Set);
    ASSERT_FALSE(hag.aggInputs.isBinary()) << "some node has more inputs";
    EXPECT_EQ(hag.isTiled(), tileNodes != 0);
    Status check = checkEquivalence(graph, hag);
    EXPECT_TRUE(check.ok()) << check.message();
    expectAggregationsFirst(arrays, graph.numNodes);
    // No A x 2 view of wide nodes.
    EXPECT_EQ(hagPlanSize(plan, HAG_PLAN_AGG_INPUTS), 0);
    EXPECT_NE(takeError().find("aggregation nodes of more than two inputs"),
              std::string::npos);
    std::vector<int32_t> buffer(2 * arrays.aggRuns.size(), -1);
    HagMemRefI32x2 d = {buffer.data(),
                        buffer.data(),
                        0,
                        {int64_t(arrays.aggRuns.size()), 2},
                        {2, 1}};
    _mlir_ciface_hagPlanCopyAggInputs(plan, &d);
    EXPECT_NE(takeError().find("more than two inputs"), std::string::npos);
    EXPECT_EQ(buffer, std::vector<int32_t>(buffer.size(), -1));
  }
  build(offsets, indices, 1, HAG_CAPACITY_UNLIMITED, 0, 0, 2, 0, 8);
  EXPECT_NE(takeError().find("max inputs 8"), std::string::npos);
}

// Views (what lowered code reads) are the kept arrays themselves: the same
// values as the copies, the same storage on every call, until released.
TEST_F(PlanRuntimeTest, ViewsAreTheKeptArrays) {
  ASSERT_NO_FATAL_FAILURE(loadCora());
  for (int32_t maxInputs : {2, 8}) {
    int64_t plan = build(offsets, indices, 0, HAG_CAPACITY_UNLIMITED, 0, 0, 2,
                         32, maxInputs);
    PlanArrays copied = readBack(plan, /*pairs=*/maxInputs == 2);
    EXPECT_EQ(takeError(), "");
    auto view32 = [&](int32_t array) {
      HagMemRefI32 d;
      _mlir_ciface_hagPlanViewI32(&d, plan, array);
      EXPECT_EQ(d.offset, 0);
      EXPECT_EQ(d.strides[0], 1);
      return std::vector<int32_t>(d.aligned, d.aligned + d.sizes[0]);
    };
    auto view64 = [&](int32_t array) {
      HagMemRefI64 d;
      _mlir_ciface_hagPlanViewI64(&d, plan, array);
      EXPECT_EQ(d.strides[0], 1);
      return std::vector<int64_t>(d.aligned, d.aligned + d.sizes[0]);
    };
    auto viewPairs = [&](int32_t array) {
      HagMemRefI32x2 d;
      _mlir_ciface_hagPlanViewPairs(&d, plan, array);
      EXPECT_EQ(d.sizes[1], 2);
      EXPECT_EQ(d.strides[0], 2);
      EXPECT_EQ(d.strides[1], 1);
      return std::vector<int32_t>(d.aligned, d.aligned + 2 * d.sizes[0]);
    };
    EXPECT_EQ(view32(HAG_PLAN_LEVELS), copied.levels);
    EXPECT_EQ(view32(HAG_PLAN_LIST_INDICES), copied.listIndices);
    EXPECT_EQ(view32(HAG_PLAN_AGG_RUNS), copied.aggRuns);
    EXPECT_EQ(view64(HAG_PLAN_LIST_OFFSETS), copied.listOffsets);
    EXPECT_EQ(view64(HAG_PLAN_DEGREES), copied.degrees);
    EXPECT_EQ(view64(HAG_PLAN_AGG_OFFSETS), copied.aggOffsets);
    EXPECT_EQ(view64(HAG_PLAN_LIST_SPLITS), copied.listSplits);
    EXPECT_EQ(view64(HAG_PLAN_AGG_SPLITS), copied.aggSplits);
    EXPECT_EQ(view64(HAG_PLAN_PART_BOUNDS), copied.partBounds);
    EXPECT_EQ(viewPairs(HAG_PLAN_TILES), copied.tiles);
    if (maxInputs == 2) {
      EXPECT_EQ(viewPairs(HAG_PLAN_AGG_INPUTS), copied.aggInputs);
    }
    EXPECT_EQ(takeError(), "");
    // The same storage on the next call for the same graph.
    HagMemRefI32 first, again;
    _mlir_ciface_hagPlanViewI32(&first, plan, HAG_PLAN_LIST_INDICES);
    int64_t same = build(offsets, indices, 0, HAG_CAPACITY_UNLIMITED, 0, 0, 2,
                         32, maxInputs);
    ASSERT_EQ(same, plan);
    _mlir_ciface_hagPlanViewI32(&again, same, HAG_PLAN_LIST_INDICES);
    EXPECT_EQ(again.aligned, first.aligned);
  }
  // Refused, with an empty view: an array of another kind, pairs of wide
  // nodes, an unknown plan.
  int64_t wide =
      build(offsets, indices, 0, HAG_CAPACITY_UNLIMITED, 0, 0, 2, 32, 8);
  HagMemRefI64 wrongKind;
  _mlir_ciface_hagPlanViewI64(&wrongKind, wide, HAG_PLAN_LIST_INDICES);
  EXPECT_EQ(wrongKind.sizes[0], 0);
  EXPECT_NE(takeError().find("hagPlanViewI64: array 3 is not one of its kind"),
            std::string::npos);
  HagMemRefI32 pairsAsFlat;
  _mlir_ciface_hagPlanViewI32(&pairsAsFlat, wide, HAG_PLAN_TILES);
  EXPECT_EQ(pairsAsFlat.sizes[0], 0);
  EXPECT_NE(takeError().find("not one of its kind"), std::string::npos);
  HagMemRefI32x2 widePairs;
  _mlir_ciface_hagPlanViewPairs(&widePairs, wide, HAG_PLAN_AGG_INPUTS);
  EXPECT_EQ(widePairs.sizes[0], 0);
  EXPECT_NE(takeError().find("more than two inputs"), std::string::npos);
  HagMemRefI32 unknown;
  _mlir_ciface_hagPlanViewI32(&unknown, wide + 100, HAG_PLAN_LEVELS);
  EXPECT_EQ(unknown.sizes[0], 0);
  EXPECT_NE(takeError().find("unknown plan id"), std::string::npos);
}

// Generated graphs of both kinds the benchmarks use (clustered groups and
// skewed R-MAT), every option the lowering passes varied: each plan read
// back through its views is equivalent to the graph, its lists split where
// the runtime says, and a failure is an error, never a crash.
TEST_F(PlanRuntimeTest, GeneratedGraphsGiveEquivalentSplitPlans) {
  const char *specs[] = {"ego:nodes=600,groups=60,max=40,seed=3",
                         "ego:nodes=300,groups=80,max=12,seed=7",
                         "rmat:scale=9,edges=6000,seed=5"};
  for (const char *spec : specs) {
    Expected<Csr> generated = generateFromSpec(spec);
    ASSERT_TRUE(generated.ok()) << spec << ": " << generated.message();
    graph = generated.take();
    offsets.assign(graph.offsets.begin(), graph.offsets.end());
    indices.assign(graph.indices.begin(), graph.indices.end());
    for (int32_t sequential : {0, 1})
      for (int32_t maxInputs : {2, 4, 16})
        for (int32_t tileNodes : {0, 7, 64})
          for (int32_t threshold : {2, 3}) {
            if (sequential && maxInputs > 2)
              continue; // wide nodes are a set plan's (build_plan_c6)
            SCOPED_TRACE(std::string(spec) + " sequential " +
                         std::to_string(sequential) + " K " +
                         std::to_string(maxInputs) + " tiles " +
                         std::to_string(tileNodes) + " T " +
                         std::to_string(threshold));
            int64_t plan =
                build(offsets, indices, sequential, HAG_CAPACITY_UNLIMITED, 0,
                      0, threshold, tileNodes, maxInputs);
            ASSERT_EQ(takeError(), "");
            PlanArrays arrays = readBack(plan, /*pairs=*/maxInputs == 2);
            ASSERT_EQ(takeError(), "");
            Hag hag = hagOf(arrays, graph.numNodes,
                            sequential ? AggregationKind::Sequential
                                       : AggregationKind::Set);
            EXPECT_EQ(hag.isTiled(), tileNodes != 0);
            // The group graphs share inputs whatever the options, so the
            // checks below see aggregation nodes (and wide ones when asked).
            if (std::string(spec).rfind("ego", 0) == 0) {
              EXPECT_GT(hag.numAggNodes(), 0u);
              if (maxInputs > 2) {
                EXPECT_FALSE(hag.aggInputs.isBinary());
              }
            }
            Status check = checkEquivalence(graph, hag);
            EXPECT_TRUE(check.ok()) << check.message();
            expectAggregationsFirst(arrays, graph.numNodes);
          }
  }
}

TEST_F(PlanRuntimeTest, StridedGraphIsRead) {
  // offsets 0 2 3 3 and indices 1 2 0 stored with stride 2 (odd slots junk).
  std::vector<int64_t> offsets = {0, -7, 2, -7, 3, -7, 3, -7};
  std::vector<int32_t> indices = {1, -9, 2, -9, 0, -9};
  HagMemRefI64 o = {offsets.data(), offsets.data(), 0, {4}, {2}};
  HagMemRefI32 i = {indices.data(), indices.data(), 0, {3}, {2}};
  int64_t plan = _mlir_ciface_hagPlanBuild(&o, &i, 0, HAG_CAPACITY_UNLIMITED, 0,
                                           0, 2, 0, 0, 2);
  EXPECT_EQ(takeError(), "");
  PlanArrays arrays = readBack(plan);
  EXPECT_EQ(arrays.degrees, (std::vector<int64_t>{2, 1, 0}));
  // Copies into strided buffers go element by element: list offsets into
  // every other slot, the (empty) aggregation inputs into a column-major
  // A x 2 buffer.
  std::vector<int64_t> strided(8, -1);
  HagMemRefI64 out = {strided.data(), strided.data(), 0, {4}, {2}};
  _mlir_ciface_hagPlanCopyI64(plan, HAG_PLAN_LIST_OFFSETS, &out);
  EXPECT_EQ(takeError(), "");
  EXPECT_EQ(strided, (std::vector<int64_t>{0, -1, 2, -1, 3, -1, 3, -1}));
}

TEST_F(PlanRuntimeTest, BadGraphLeavesErrorAndEmptyPlan) {
  struct Case {
    std::vector<int64_t> offsets;
    std::vector<int32_t> indices;
    const char *message;
  };
  std::vector<Case> cases = {
      {{0, 2, 1}, {0, 1}, "not valid CSR"},
      {{0, 1, 2}, {0, 5}, "not valid CSR"},
      {{0, 1, 2}, {0, -3}, "indices[1] = -3 is negative"},
      {{0, -1, 2}, {0, 1}, "offsets[1] = -1 is negative"},
      {{0, 2, 2}, {1, 1}, "hag.build_plan: "},
      {{}, {}, "the offsets array is empty"},
  };
  for (Case &c : cases) {
    int64_t plan = build(c.offsets, c.indices);
    std::string error = takeError();
    EXPECT_NE(error.find(c.message), std::string::npos)
        << "expected '" << c.message << "' in '" << error << "'";
    EXPECT_EQ(takeError(), "") << "taking clears the error";
    // The empty plan: no aggregation node, every list empty.
    PlanArrays arrays = readBack(plan);
    int64_t n = c.offsets.empty() ? 0 : int64_t(c.offsets.size()) - 1;
    EXPECT_TRUE(arrays.aggInputs.empty());
    EXPECT_EQ(arrays.listOffsets, std::vector<int64_t>(n + 1, 0));
    EXPECT_TRUE(arrays.listIndices.empty());
    EXPECT_EQ(arrays.degrees, std::vector<int64_t>(n, 0));
  }
}

// A failed search asked for tiles leaves an empty plan that is tiled too:
// the tiled kernel reads the tile boundaries (without them it read out of
// bounds). Tiles of the size asked, none with an aggregation node, the last
// boundary at (N, 0).
TEST_F(PlanRuntimeTest, FailedTiledSearchLeavesTiledEmptyPlan) {
  // 70 nodes, node 0 lists node 1 twice: a set search refuses it.
  std::vector<int64_t> offsets(71);
  std::vector<int32_t> indices;
  for (int32_t v = 0; v < 70; ++v) {
    indices.push_back((v + 1) % 70);
    if (v == 0)
      indices.push_back(1);
    offsets[size_t(v) + 1] = int64_t(indices.size());
  }
  for (int32_t tileNodes : {32, 0, -1}) {
    SCOPED_TRACE("tile nodes " + std::to_string(tileNodes));
    int64_t plan = build(offsets, indices, 0, HAG_CAPACITY_UNLIMITED, 0, 0, 2,
                         tileNodes, /*maxInputs=*/8);
    EXPECT_NE(takeError(), "");
    PlanArrays arrays = readBack(plan, /*pairs=*/false);
    EXPECT_EQ(arrays.listOffsets, std::vector<int64_t>(71, 0));
    std::vector<int32_t> tiles;
    if (tileNodes == 32)
      tiles = {0, 0, 32, 0, 64, 0, 70, 0};
    else if (tileNodes < 0)
      tiles = {0, 0, 70, 0};
    EXPECT_EQ(arrays.tiles, tiles);
    EXPECT_FALSE(arrays.partBounds.empty());
  }
}

TEST_F(PlanRuntimeTest, TiledPlanOfNoNodesHasTheBoundsOfNoTile) {
  // The search gives a graph of no nodes an untiled HAG; a kernel lowered
  // for a tiled plan reads T + 1 rows of tile bounds, and with none read
  // T = -1 tiles and crashed. A tiled request gets the one bound row of no
  // tile, as the empty plan of a failed search does; an untiled one none.
  std::vector<int64_t> offsets = {0};
  std::vector<int32_t> indices;
  for (int32_t tileNodes : {32, 0}) {
    SCOPED_TRACE("tile nodes " + std::to_string(tileNodes));
    int64_t plan = build(offsets, indices, 0, HAG_CAPACITY_UNLIMITED, 0, 0, 2,
                         tileNodes, /*maxInputs=*/8);
    EXPECT_EQ(takeError(), "");
    PlanArrays arrays = readBack(plan, /*pairs=*/false);
    EXPECT_EQ(arrays.listOffsets, std::vector<int64_t>{0});
    std::vector<int32_t> tiles;
    if (tileNodes != 0)
      tiles = {0, 0};
    EXPECT_EQ(arrays.tiles, tiles);
    EXPECT_FALSE(arrays.partBounds.empty());
  }
}

TEST_F(PlanRuntimeTest, BadOptionsLeaveError) {
  std::vector<int64_t> offsets = {0, 1, 2};
  std::vector<int32_t> indices = {1, 0};
  build(offsets, indices, 0, HAG_CAPACITY_FRACTION, 0, -0.5);
  EXPECT_NE(takeError().find("capacity fraction"), std::string::npos);
  build(offsets, indices, 0, 7);
  EXPECT_NE(takeError().find("unknown capacity kind 7"), std::string::npos);
  build(offsets, indices, 0, HAG_CAPACITY_UNLIMITED, 0, 0, 1);
  EXPECT_NE(takeError().find("threshold 1"), std::string::npos);
}

TEST_F(PlanRuntimeTest, ShortBufferAndUnknownPlanAreRefused) {
  std::vector<int64_t> offsets = {0, 1, 2};
  std::vector<int32_t> indices = {1, 0};
  int64_t plan = build(offsets, indices);
  std::vector<int64_t> shortBuffer(2, -1); // list offsets need 3
  HagMemRefI64 d = describe(shortBuffer);
  _mlir_ciface_hagPlanCopyI64(plan, HAG_PLAN_LIST_OFFSETS, &d);
  EXPECT_NE(takeError().find("the buffer holds 2 elements, the array 3"),
            std::string::npos);
  EXPECT_EQ(shortBuffer, (std::vector<int64_t>{-1, -1})) << "nothing copied";
  EXPECT_EQ(hagPlanSize(plan + 100, HAG_PLAN_DEGREES), 0);
  EXPECT_NE(takeError().find("unknown plan id"), std::string::npos);
  hagPlanReleaseAll();
  EXPECT_EQ(hagPlanSize(plan, HAG_PLAN_DEGREES), 0);
  EXPECT_NE(takeError().find("unknown plan id"), std::string::npos);
}

// hagPlanChoose hands out the plan where the cpu cost model predicts it
// HAG_PLAN_CHOOSE_MARGIN times as fast as plain at the width, else one
// plain counterpart per plan: the same tiles, no aggregation node, the
// graph's rows as lists (an equivalent plan). Cora shares almost nothing
// (plain at d = 16); disjoint 21-node cliques, BZR_MD's shape, share most
// of every list (the plan at d = 64); the other widths follow the model,
// recomputed here from the plan read back.
TEST_F(PlanRuntimeTest, ChoiceFollowsTheCostModelWithAnEquivalentPlainPlan) {
  struct Case {
    const char *name;
    int64_t width;
    bool plan; // the choice the model must make at `width`
  };
  for (Case c : {Case{"cora", 16, false}, Case{"cliques", 64, true}}) {
    SCOPED_TRACE(c.name);
    if (std::string(c.name) == "cora") {
      ASSERT_NO_FATAL_FAILURE(loadCora());
    } else {
      graph = cliqueGraph();
      offsets.assign(graph.offsets.begin(), graph.offsets.end());
      indices.assign(graph.indices.begin(), graph.indices.end());
    }
    int64_t plan = build(offsets, indices, 0, HAG_CAPACITY_UNLIMITED, 0, 0, 3,
                         /*tileNodes=*/32, /*maxInputs=*/8);
    PlanArrays arrays = readBack(plan, /*pairs=*/false);
    ASSERT_EQ(takeError(), "");
    Hag hag = hagOf(arrays, graph.numNodes, AggregationKind::Set);
    ASSERT_GT(hag.numAggNodes(), 0u);
    const CostCoefficients model = defaultCoefficients(CostTarget::Cpu);
    const AggregationWork hagCost = hagWork(hag), plainCost = plainWork(graph);
    int64_t counterpart = -1;
    for (int64_t width : {16, 64, 256}) {
      SCOPED_TRACE("width " + std::to_string(width));
      bool faster =
          HAG_PLAN_CHOOSE_MARGIN * predictSeconds(hagCost, width, 4, model) <
          predictSeconds(plainCost, width, 4, model);
      if (width == c.width) {
        EXPECT_EQ(faster, c.plan);
      }
      int64_t chosen = hagPlanChoose(plan, width, 4);
      EXPECT_EQ(takeError(), "");
      EXPECT_EQ(chosen == plan, faster);
      EXPECT_EQ(hagPlanChoose(plan, width, 4), chosen) << "decided once";
      if (chosen == plan)
        continue;
      if (counterpart >= 0) {
        EXPECT_EQ(chosen, counterpart) << "one counterpart per plan";
      }
      counterpart = chosen;
      PlanArrays plain = readBack(chosen, /*pairs=*/false);
      ASSERT_EQ(takeError(), "");
      EXPECT_TRUE(plain.aggRuns.empty());
      EXPECT_EQ(plain.aggOffsets, std::vector<int64_t>{0});
      EXPECT_EQ(plain.listOffsets, offsets);
      EXPECT_EQ(plain.listIndices, indices);
      EXPECT_EQ(plain.listSplits,
                std::vector<int64_t>(offsets.begin(), offsets.end() - 1));
      EXPECT_EQ(plain.degrees, arrays.degrees);
      ASSERT_EQ(plain.tiles.size(), arrays.tiles.size());
      for (size_t t = 0; t < plain.tiles.size(); t += 2) {
        EXPECT_EQ(plain.tiles[t], arrays.tiles[t]);
        EXPECT_EQ(plain.tiles[t + 1], 0) << "no aggregation node in a tile";
      }
      Status check = checkEquivalence(
          graph, hagOf(plain, graph.numNodes, AggregationKind::Set));
      EXPECT_TRUE(check.ok()) << check.message();
      // A plan without aggregation nodes is its own counterpart.
      EXPECT_EQ(hagPlanChoose(chosen, width, 4), chosen);
    }
    // Bad arguments leave an error and the plan as it is.
    EXPECT_EQ(hagPlanChoose(plan, -1, 4), plan);
    EXPECT_NE(takeError().find("hagPlanChoose: feature width -1"),
              std::string::npos);
    EXPECT_EQ(hagPlanChoose(plan, 16, 0), plan);
    EXPECT_NE(takeError().find("element size 0"), std::string::npos);
  }
  EXPECT_EQ(hagPlanChoose(12345, 16, 4), 12345);
  EXPECT_NE(takeError().find("unknown plan id 12345"), std::string::npos);
}

/// `_mlir_ciface_hagPlanBuildForChoice` with the shape runtime-graphs=plan
/// builds: unlimited, threshold 3, tiles of 32 nodes, up to 8 inputs.
int64_t buildForChoice(std::vector<int64_t> &offsets,
                       std::vector<int32_t> &indices) {
  HagMemRefI64 o = describe(offsets);
  HagMemRefI32 i = describe(indices);
  return _mlir_ciface_hagPlanBuildForChoice(&o, &i, 0, HAG_CAPACITY_UNLIMITED,
                                            0, 0, 3, 0, 32, 8);
}

/// `indices` with entry 1 (which the lookup key does not sample once there
/// are more than 64 entries) replaced by a node outside its row, so the
/// graph stays valid but is another graph of the same key.
std::vector<int32_t> withEntryOneChanged(const Csr &graph,
                                         std::vector<int32_t> indices) {
  NodeId row = 0;
  while (graph.offsets[row + 1] <= 1)
    ++row;
  std::vector<NodeId> members(graph.indices.begin() + graph.offsets[row],
                              graph.indices.begin() + graph.offsets[row + 1]);
  NodeId other = 0;
  while (std::find(members.begin(), members.end(), other) != members.end())
    ++other;
  indices[1] = int32_t(other);
  return indices;
}

// hagPlanBuildForChoice answers by the key alone, without comparing the
// graph, only where the answer reads the caller's own rows: a plan that
// every width so far sent to its plain counterpart gives the counterpart,
// which generated code reads from the caller's arrays (hagPlanListsAreRows).
// Once a width keeps the plan, every call compares the graph again, so a
// changed graph of the same key never reads another graph's plan.
TEST_F(PlanRuntimeTest, BuildForChoiceComparesOnlyWhereThePlanIsRead) {
  ASSERT_NO_FATAL_FAILURE(loadCora());
  ASSERT_GT(indices.size(), 64u);
  const int64_t searches = hagPlanSearchCount();
  int64_t plan = buildForChoice(offsets, indices);
  ASSERT_EQ(takeError(), "");
  EXPECT_EQ(hagPlanSearchCount(), searches + 1);
  EXPECT_EQ(hagPlanListsAreRows(plan), 0) << "Cora's plan has nodes";
  // Before any choice, a second call compares and finds the plan.
  EXPECT_EQ(buildForChoice(offsets, indices), plan);
  int64_t plain = hagPlanChoose(plan, 16, 4);
  ASSERT_NE(plain, plan) << "Cora at d = 16 reads plain";
  EXPECT_EQ(hagPlanListsAreRows(plain), 1);
  // Now the key alone gives the counterpart, for the graph and for another
  // graph of the same key, which hagPlanBuild tells apart.
  std::vector<int32_t> changed = withEntryOneChanged(graph, indices);
  EXPECT_EQ(buildForChoice(offsets, indices), plain);
  EXPECT_EQ(buildForChoice(offsets, changed), plain);
  EXPECT_EQ(hagPlanSearchCount(), searches + 1) << "no search, no comparison";
  EXPECT_NE(build(offsets, changed, 0, HAG_CAPACITY_UNLIMITED, 0, 0, 3, 32, 8),
            plan);
  EXPECT_EQ(hagPlanSearchCount(), searches + 2);
  // The counterpart answers for itself at any width, and decides a width
  // not seen yet for its plan.
  int64_t kept = 0, plainChoices = 0;
  hagPlanChoiceCounts(&kept, &plainChoices);
  EXPECT_EQ(hagPlanChoose(plain, 64, 4), plain);
  int64_t keptAfter = 0, plainAfter = 0;
  hagPlanChoiceCounts(&keptAfter, &plainAfter);
  EXPECT_EQ(keptAfter + plainAfter, kept + plainChoices + 1);
  EXPECT_EQ(hagPlanChoose(plain, 64, 4), plain);
  hagPlanChoiceCounts(&keptAfter, &plainAfter);
  EXPECT_EQ(keptAfter + plainAfter, kept + plainChoices + 1) << "once";
  EXPECT_EQ(takeError(), "");

  // 300 cliques of 21 nodes keep the plan at d = 64: from then on the
  // graph is compared, and the changed graph gets a search of its own.
  Csr cliques = cliqueGraph();
  std::vector<int64_t> cliqueOffsets(cliques.offsets.begin(),
                                     cliques.offsets.end());
  std::vector<int32_t> cliqueIndices(cliques.indices.begin(),
                                     cliques.indices.end());
  int64_t cliquePlan = buildForChoice(cliqueOffsets, cliqueIndices);
  int64_t cliquePlain = hagPlanChoose(cliquePlan, 16, 4);
  EXPECT_EQ(hagPlanChoose(cliquePlan, 64, 4), cliquePlan);
  EXPECT_EQ(buildForChoice(cliqueOffsets, cliqueIndices), cliquePlan);
  const int64_t before = hagPlanSearchCount();
  std::vector<int32_t> cliqueChanged =
      withEntryOneChanged(cliques, cliqueIndices);
  int64_t other = buildForChoice(cliqueOffsets, cliqueChanged);
  EXPECT_NE(other, cliquePlan);
  EXPECT_NE(other, cliquePlain);
  EXPECT_EQ(hagPlanSearchCount(), before + 1);
  EXPECT_EQ(takeError(), "");

  // A plan whose search made no aggregation node (a path of 200 nodes, each
  // aggregating the one before) reads the rows too, and is found by its key
  // alone, for another graph of the key as well; the empty plan of a bad
  // graph does not read them.
  Csr pathGraph;
  pathGraph.numNodes = 200;
  pathGraph.offsets = {0, 0};
  for (NodeId v = 1; v < pathGraph.numNodes; ++v) {
    pathGraph.indices.push_back(v - 1);
    pathGraph.offsets.push_back(pathGraph.indices.size());
  }
  std::vector<int64_t> pathOffsets(pathGraph.offsets.begin(),
                                   pathGraph.offsets.end());
  std::vector<int32_t> pathIndices(pathGraph.indices.begin(),
                                   pathGraph.indices.end());
  int64_t path = buildForChoice(pathOffsets, pathIndices);
  EXPECT_EQ(hagPlanListsAreRows(path), 1);
  const int64_t pathSearches = hagPlanSearchCount();
  std::vector<int32_t> pathChanged =
      withEntryOneChanged(pathGraph, pathIndices);
  EXPECT_EQ(buildForChoice(pathOffsets, pathChanged), path);
  EXPECT_EQ(hagPlanSearchCount(), pathSearches);
  std::vector<int64_t> badOffsets = {0, 1, 5};
  std::vector<int32_t> badIndices = {0, 1, 7};
  int64_t bad = buildForChoice(badOffsets, badIndices);
  EXPECT_NE(takeError(), "");
  EXPECT_EQ(hagPlanListsAreRows(bad), 0);
  EXPECT_EQ(hagPlanListsAreRows(12345), 0);
  EXPECT_NE(takeError().find("unknown plan id 12345"), std::string::npos);
}

// Two graphs of one key, one plan kept at some width: then no call of that
// key is answered by the key alone, so neither graph gets the other's
// counterpart, and the kept plan is read only for its own graph. 300
// cliques of 21 read their plan from d = 16 on and plain below.
TEST_F(PlanRuntimeTest, AKeyWithAKeptPlanIsAlwaysCompared) {
  Csr cliques = cliqueGraph();
  std::vector<int64_t> offsets(cliques.offsets.begin(), cliques.offsets.end());
  std::vector<int32_t> first(cliques.indices.begin(), cliques.indices.end());
  std::vector<int32_t> second = withEntryOneChanged(cliques, first);
  int64_t firstPlan = buildForChoice(offsets, first);
  ASSERT_EQ(hagPlanChoose(firstPlan, 64, 4), firstPlan);
  int64_t secondPlan = buildForChoice(offsets, second);
  ASSERT_NE(secondPlan, firstPlan) << "compared, so searched";
  int64_t secondPlain = hagPlanChoose(secondPlan, 4, 4);
  ASSERT_NE(secondPlain, secondPlan) << "plain at d = 4";
  EXPECT_EQ(buildForChoice(offsets, first), firstPlan);
  EXPECT_EQ(buildForChoice(offsets, second), secondPlan);
  EXPECT_EQ(hagPlanChoose(firstPlan, 64, 4), firstPlan);
  EXPECT_EQ(takeError(), "");
}

// A released id is never handed out again: a caller still holding one gets
// an error, not another plan.
TEST_F(PlanRuntimeTest, ReleasedIdsAreNotReused) {
  ASSERT_NO_FATAL_FAILURE(loadCora());
  int64_t before = buildForChoice(offsets, indices);
  hagPlanReleaseAll();
  int64_t after = buildForChoice(offsets, indices);
  EXPECT_NE(after, before);
  EXPECT_EQ(hagPlanListsAreRows(before), 0);
  EXPECT_NE(takeError().find("unknown plan id"), std::string::npos);
  EXPECT_EQ(hagPlanSize(before, HAG_PLAN_LIST_OFFSETS), 0);
  EXPECT_NE(takeError().find("unknown plan id"), std::string::npos);
}

/// The bounds the kernel would find for `arrays` (hag::balancedBounds over
/// its tiles when tiled, else over its nodes).
std::vector<int64_t> expectedPartBounds(const PlanArrays &arrays,
                                        NodeId numNodes) {
  Hag hag = hagOf(arrays, numNodes, AggregationKind::Set);
  std::vector<int64_t> work =
      hag.isTiled()
          ? tileWorkPrefix(hag)
          : rowWorkPrefix(std::vector<uint64_t>(arrays.listOffsets.begin(),
                                                arrays.listOffsets.end()));
  return balancedBounds(work, partsFor(int64_t(work.size()) - 1));
}

// Each plan carries its kernel's parts of equal work, found once: over its
// tiles when tiled (64 parts of Cora's 85 tiles), else over its nodes, and
// for a plain counterpart over its tiles without aggregation nodes. On
// email-Enron, whose list entries crowd into its low ids, the first half of
// the parts ends far before the middle node.
TEST_F(PlanRuntimeTest, PlansCarryPartsOfEqualWork) {
  ASSERT_NO_FATAL_FAILURE(loadCora());
  for (int32_t tileNodes : {0, 32}) {
    SCOPED_TRACE("tile nodes " + std::to_string(tileNodes));
    int64_t plan = build(offsets, indices, 0, HAG_CAPACITY_UNLIMITED, 0, 0, 3,
                         tileNodes, /*maxInputs=*/8);
    PlanArrays arrays = readBack(plan, /*pairs=*/false);
    ASSERT_EQ(takeError(), "");
    ASSERT_EQ(arrays.partBounds.size(), size_t(kParallelParts) + 1);
    EXPECT_EQ(arrays.partBounds.front(), 0);
    EXPECT_EQ(arrays.partBounds.back(),
              tileNodes ? int64_t(arrays.tiles.size() / 2 - 1)
                        : int64_t(graph.numNodes));
    EXPECT_EQ(arrays.partBounds, expectedPartBounds(arrays, graph.numNodes));
    // Cora at d = 16 goes to the plain counterpart, whose parts differ.
    int64_t plain = hagPlanChoose(plan, 16, 4);
    ASSERT_NE(plain, plan);
    PlanArrays counterpart = readBack(plain, /*pairs=*/false);
    EXPECT_EQ(counterpart.partBounds,
              expectedPartBounds(counterpart, graph.numNodes));
  }
  std::string path =
      std::string(HAG_DATASETS_DIR) + "/graph-tool-collection/email-Enron.mtx";
  Expected<Csr> enron = readGraph(path, {});
  if (enron.failed())
    GTEST_SKIP() << "dataset not present: " << path;
  std::vector<int64_t> enronOffsets(enron->offsets.begin(),
                                    enron->offsets.end());
  std::vector<int32_t> enronIndices(enron->indices.begin(),
                                    enron->indices.end());
  int64_t plan = build(enronOffsets, enronIndices, 0, HAG_CAPACITY_UNLIMITED, 0,
                       0, 3, 0, 8);
  PlanArrays arrays = readBack(plan, /*pairs=*/false);
  ASSERT_EQ(takeError(), "");
  EXPECT_LT(arrays.partBounds[size_t(kParallelParts) / 2],
            int64_t(enron->numNodes) / 3);
}

// Edge arrays (hag.graph_from_edges) become CSR rows in edge order, repeats
// and self-loops kept; the same edges give the kept entry again.
TEST_F(PlanRuntimeTest, EdgesBecomeRowsInEdgeOrder) {
  // 2 <- 1, 0 <- 3, 2 <- 0, 2 <- 1 (again), 3 <- 3.
  std::vector<int64_t> sources = {1, 3, 0, 1, 3};
  std::vector<int64_t> targets = {2, 0, 2, 2, 3};
  HagMemRefI64 s = describe(sources), t = describe(targets);
  int64_t searches = hagPlanSearchCount();
  int64_t graph = _mlir_ciface_hagGraphFromEdges(&s, &t, 4);
  EXPECT_EQ(takeError(), "");
  PlanArrays arrays = readBack(graph);
  EXPECT_EQ(arrays.listOffsets, (std::vector<int64_t>{0, 1, 1, 4, 5}));
  EXPECT_EQ(arrays.listIndices, (std::vector<int32_t>{3, 1, 0, 1, 3}));
  EXPECT_EQ(arrays.degrees, (std::vector<int64_t>{1, 0, 3, 1}));
  EXPECT_TRUE(arrays.aggInputs.empty());
  EXPECT_EQ(_mlir_ciface_hagGraphFromEdges(&s, &t, 4), graph);
  EXPECT_EQ(hagPlanSearchCount(), searches) << "a graph runs no search";
}

// The same edge arrays passed again are found by comparing them with the
// kept copy, without sorting; edge arrays of the same key that differ (an
// edge the key does not sample) are sorted into their own graph, and
// strided arrays (which are sorted, not compared) find the same graph.
TEST_F(PlanRuntimeTest, EdgeArraysAreFoundAgainOnlyWhenEqual) {
  // 300 edges u -> u + 1 of a 301-node path: the key samples every 9th.
  std::vector<int64_t> sources, targets;
  for (int64_t u = 0; u < 300; ++u) {
    sources.push_back(u);
    targets.push_back(u + 1);
  }
  HagMemRefI64 s = describe(sources), t = describe(targets);
  int64_t graph = _mlir_ciface_hagGraphFromEdges(&s, &t, 301);
  EXPECT_EQ(_mlir_ciface_hagGraphFromEdges(&s, &t, 301), graph);
  // Edge 1 now comes from node 200: node 2 aggregates node 200.
  std::vector<int64_t> changed = sources;
  changed[1] = 200;
  HagMemRefI64 c = describe(changed);
  int64_t other = _mlir_ciface_hagGraphFromEdges(&c, &t, 301);
  ASSERT_EQ(takeError(), "");
  ASSERT_NE(other, graph);
  PlanArrays arrays = readBack(other);
  ASSERT_EQ(arrays.listOffsets.size(), 302u);
  EXPECT_EQ(arrays.listIndices[arrays.listOffsets[2]], 200);
  EXPECT_EQ(readBack(graph).listIndices[arrays.listOffsets[2]], 1);
  // The same arrays over one more node are another graph.
  int64_t wider = _mlir_ciface_hagGraphFromEdges(&s, &t, 302);
  EXPECT_NE(wider, graph);
  EXPECT_EQ(readBack(wider).listOffsets.size(), 303u);
  // The same edges every other element of arrays twice as long.
  std::vector<int64_t> wideSources, wideTargets;
  for (size_t e = 0; e < sources.size(); ++e) {
    wideSources.insert(wideSources.end(), {sources[e], -1});
    wideTargets.insert(wideTargets.end(), {targets[e], -1});
  }
  HagMemRefI64 ws = {wideSources.data(), wideSources.data(), 0, {300}, {2}};
  HagMemRefI64 wt = {wideTargets.data(), wideTargets.data(), 0, {300}, {2}};
  EXPECT_EQ(_mlir_ciface_hagGraphFromEdges(&ws, &wt, 301), graph);
  EXPECT_EQ(takeError(), "");
}

// A plan built from a graph-from-edges' own views (what the lowering of
// hag.build_plan over hag.graph_from_edges passes) is found again by those
// views, per options; a copy of the arrays finds it by comparison, and a
// part of the views (the same addresses, shorter) is another graph.
TEST_F(PlanRuntimeTest, PlansOfAGraphsOwnViewsAreFoundAgain) {
  ASSERT_NO_FATAL_FAILURE(loadCora());
  std::vector<int64_t> sources, targets;
  for (NodeId v = 0; v < graph.numNodes; ++v)
    for (uint64_t e = graph.offsets[v]; e < graph.offsets[v + 1]; ++e) {
      sources.push_back(graph.indices[e]);
      targets.push_back(v);
    }
  HagMemRefI64 s = describe(sources), t = describe(targets);
  int64_t edgeGraph = _mlir_ciface_hagGraphFromEdges(&s, &t, graph.numNodes);
  HagMemRefI64 viewOffsets;
  HagMemRefI32 viewIndices;
  _mlir_ciface_hagPlanViewI64(&viewOffsets, edgeGraph, HAG_PLAN_LIST_OFFSETS);
  _mlir_ciface_hagPlanViewI32(&viewIndices, edgeGraph, HAG_PLAN_LIST_INDICES);
  auto buildFrom = [](HagMemRefI64 *o, HagMemRefI32 *i, int32_t threshold) {
    return _mlir_ciface_hagPlanBuild(o, i, 0, HAG_CAPACITY_UNLIMITED, 0, 0,
                                     threshold, 0, 32, 8);
  };
  const int64_t searches = hagPlanSearchCount();
  int64_t plan = buildFrom(&viewOffsets, &viewIndices, 3);
  EXPECT_EQ(hagPlanSearchCount(), searches + 1);
  EXPECT_EQ(buildFrom(&viewOffsets, &viewIndices, 3), plan);
  HagMemRefI64 copyOffsets = describe(offsets);
  HagMemRefI32 copyIndices = describe(indices);
  EXPECT_EQ(buildFrom(&copyOffsets, &copyIndices, 3), plan);
  EXPECT_EQ(hagPlanSearchCount(), searches + 1);
  int64_t otherOptions = buildFrom(&viewOffsets, &viewIndices, 2);
  EXPECT_NE(otherOptions, plan);
  EXPECT_EQ(buildFrom(&viewOffsets, &viewIndices, 2), otherOptions);
  EXPECT_EQ(takeError(), "");
  // The first N - 1 nodes' rows, at the views' own addresses: read and
  // checked as any other graph (Cora's last rows name node N - 1, so this
  // one is refused), not taken for the kept one.
  HagMemRefI64 shorterOffsets = viewOffsets;
  shorterOffsets.sizes[0] -= 1;
  HagMemRefI32 shorterIndices = viewIndices;
  shorterIndices.sizes[0] = offsets[offsets.size() - 2];
  int64_t shorter = buildFrom(&shorterOffsets, &shorterIndices, 3);
  EXPECT_NE(shorter, plan);
  EXPECT_NE(takeError().find("is not valid CSR"), std::string::npos);
  EXPECT_EQ(readBack(shorter, /*pairs=*/false).listOffsets.size(),
            offsets.size() - 1);
}

TEST_F(PlanRuntimeTest, BadEdgesLeaveErrorAndEmptyGraph) {
  struct Case {
    std::vector<int64_t> sources, targets;
    int64_t numNodes;
    const char *message;
  };
  std::vector<Case> cases = {
      {{0, 4}, {1, 1}, 3, "edge 1 is 4 -> 1, outside the nodes 0..2"},
      {{0, 1}, {1, -2}, 3, "edge 1 is 1 -> -2"},
      {{0, 1}, {1}, 3, "2 sources but 1 targets"},
      {{}, {}, -5, "node count -5 is outside [0, 2^31)"},
  };
  for (Case &c : cases) {
    HagMemRefI64 s = describe(c.sources), t = describe(c.targets);
    int64_t graph = _mlir_ciface_hagGraphFromEdges(&s, &t, c.numNodes);
    std::string error = takeError();
    EXPECT_NE(error.find(c.message), std::string::npos)
        << "expected '" << c.message << "' in '" << error << "'";
    PlanArrays arrays = readBack(graph);
    int64_t n = std::max<int64_t>(c.numNodes, 0);
    EXPECT_EQ(arrays.listOffsets, std::vector<int64_t>(n + 1, 0));
    EXPECT_TRUE(arrays.listIndices.empty());
  }
}
