//===- SearchTest.cpp - Tests of the HAG search and checker ---------------===//
//
// Hand-made graphs where the HAG is known, the checker's rejections, and
// property tests that every HAG built on generated and real graphs passes the
// equivalence checker.
//
//===----------------------------------------------------------------------===//
#include "TestGraphs.h"

#include "hag/Graph/Generators.h"
#include "hag/Graph/GraphIO.h"
#include "hag/Search/Calibration.h"
#include "hag/Search/CostFormulas.h"
#include "hag/Search/HagSearch.h"

#include <gtest/gtest.h>

#include <optional>

#include <string>

using namespace hag;
using hag::test::graphFromLists;
using hag::test::readDataset;
using hag::test::searchChecked;

namespace {

SearchOptions setOptions(uint32_t threshold, Capacity capacity = Capacity()) {
  SearchOptions options;
  options.threshold = threshold;
  options.capacity = capacity;
  return options;
}

Capacity unlimited() {
  Capacity c;
  c.kind = Capacity::Kind::Unlimited;
  return c;
}

Capacity nodes(uint64_t n) {
  Capacity c;
  c.kind = Capacity::Kind::Nodes;
  c.nodes = n;
  return c;
}

std::vector<NodeId> listOf(const Hag &hag, NodeId v) {
  NodeRange list = hag.list(v);
  return std::vector<NodeId>(list.begin(), list.end());
}

//===----------------------------------------------------------------------===//
// Set search on planted structure
//===----------------------------------------------------------------------===//

// Nodes 6, 7, 8 all aggregate {0, 1, 2}: two aggregation nodes cover the
// triple once, and each list reads one row instead of three.
TEST(SetSearch, PlantedTripleSharedByThreeLists) {
  Csr graph = graphFromLists(
      {{}, {}, {}, {}, {}, {}, {0, 1, 2, 3}, {0, 1, 2, 4}, {0, 1, 2, 5}});
  Hag hag = searchChecked(graph, setOptions(3, unlimited()));
  ASSERT_EQ(hag.numAggNodes(), 2u);
  EXPECT_EQ(hag.numLevels(), 2u);
  NodeId top = graph.numNodes + 1; // the level-2 node covers {0, 1, 2}
  EXPECT_EQ(coverSizes(hag)[top], 3u);
  for (NodeId v : {6u, 7u, 8u}) {
    std::vector<NodeId> list = listOf(hag, v);
    ASSERT_EQ(list.size(), 2u);
    EXPECT_TRUE(list[0] == top || list[1] == top);
  }
  HagMetrics m = computeMetrics(graph, hag);
  EXPECT_EQ(m.aggregationsBefore, 9u);
  EXPECT_EQ(m.aggregationsAfter, 3u + 2u);
  EXPECT_EQ(m.edgeReadsBefore, 12u);
  EXPECT_EQ(m.edgeReadsAfter, 6u + 4u);
}

// The same planted triple with --max-inputs=3: one node of three inputs
// instead of two nodes, the same lists, one stored row fewer.
TEST(WideSearch, PlantedTripleIsOneNode) {
  Csr graph = graphFromLists(
      {{}, {}, {}, {}, {}, {}, {0, 1, 2, 3}, {0, 1, 2, 4}, {0, 1, 2, 5}});
  SearchOptions options = setOptions(3, unlimited());
  options.maxInputs = 3;
  Hag hag = searchChecked(graph, options);
  ASSERT_EQ(hag.numAggNodes(), 1u);
  EXPECT_EQ(test::inputsOf(hag, 0), (std::vector<NodeId>{0, 1, 2}));
  HagMetrics m = computeMetrics(graph, hag);
  EXPECT_EQ(m.aggregationsAfter, 3u + 2u);
  EXPECT_EQ(m.edgeReadsAfter, 6u + 3u);
  // Its two-input form: two nodes, the same aggregations, one read more.
  Hag binary = binarize(hag);
  EXPECT_TRUE(binary.aggInputs.isBinary());
  EXPECT_EQ(binary.numAggNodes(), 2u);
  EXPECT_TRUE(checkEquivalence(graph, binary).ok());
  EXPECT_EQ(computeMetrics(graph, binary).aggregationsAfter, 5u);
  EXPECT_EQ(computeMetrics(graph, binary).edgeReadsAfter, 6u + 4u);
  // What each target runs: the CPU the wide node as it is (one row
  // written), CUDA its two-input form; a two-input HAG is the same for both.
  EXPECT_TRUE(runsWideNodes(CostTarget::Cpu));
  EXPECT_FALSE(runsWideNodes(CostTarget::Cuda));
  EXPECT_EQ(kernelForm(hag, CostTarget::Cpu).numAggNodes(), 1u);
  Hag forCuda = kernelForm(hag, CostTarget::Cuda);
  EXPECT_TRUE(forCuda.aggInputs.isBinary());
  EXPECT_EQ(forCuda.numAggNodes(), 2u);
  EXPECT_EQ(kernelForm(binary, CostTarget::Cpu).numAggNodes(), 2u);
  // The cost model prices the form: one row fewer written on the CPU.
  EXPECT_EQ(hagWork(computeMetrics(graph, hag)).rowsWritten + 1,
            hagWork(computeMetrics(graph, forCuda)).rowsWritten);
}

TEST(WideSearch, TargetDefaultMaxInputs) {
  // An unset max-inputs (0) means the target's default: wide nodes where
  // the kernels run them, pairs where they do not; a set one is kept.
  EXPECT_EQ(resolveMaxInputs(0, CostTarget::Cpu),
            defaultMaxInputs(CostTarget::Cpu));
  EXPECT_GT(defaultMaxInputs(CostTarget::Cpu), 2u);
  EXPECT_EQ(resolveMaxInputs(0, CostTarget::Cuda), 2u);
  EXPECT_EQ(resolveMaxInputs(5, CostTarget::Cuda), 5u);
  EXPECT_EQ(resolveMaxInputs(2, CostTarget::Cpu), 2u);
  // The CPU default finds the planted triple as one node.
  Csr graph = graphFromLists(
      {{}, {}, {}, {}, {}, {}, {0, 1, 2, 3}, {0, 1, 2, 4}, {0, 1, 2, 5}});
  SearchOptions options = setOptions(3, unlimited());
  options.maxInputs = resolveMaxInputs(0, CostTarget::Cpu);
  Hag hag = searchChecked(graph, options);
  ASSERT_EQ(hag.numAggNodes(), 1u);
  EXPECT_EQ(test::inputsOf(hag, 0), (std::vector<NodeId>{0, 1, 2}));
}

// A k-clique (every node aggregates the other k - 1): the pair's best saving
// with one node is k - 3; half the clique as one node serves the other
// half's lists and saves (k/2 - 1)^2. With capacity 2 the wide search cuts
// the clique's 12 x 10 aggregations far more than pairs can.
TEST(WideSearch, CliqueHalvesBeatPairsAtTheSameCapacity) {
  const NodeId k = 12;
  std::vector<std::vector<NodeId>> lists(k);
  for (NodeId v = 0; v < k; ++v)
    for (NodeId u = 0; u < k; ++u)
      if (u != v)
        lists[v].push_back(u);
  Csr graph = graphFromLists(lists);
  SearchOptions pairs = setOptions(3, nodes(2));
  SearchOptions wide = pairs;
  wide.maxInputs = k;
  HagMetrics pairMetrics = computeMetrics(graph, searchChecked(graph, pairs));
  Hag wideHag = searchChecked(graph, wide);
  HagMetrics wideMetrics = computeMetrics(graph, wideHag);
  EXPECT_EQ(pairMetrics.aggregationsBefore, uint64_t(k) * (k - 2));
  EXPECT_EQ(pairMetrics.aggregationsAfter, 120u - 2 * (k - 3));
  EXPECT_LE(wideHag.numAggNodes(), 2u);
  // Two halves of six: each serves six lists, saving 5 * 5 each.
  EXPECT_EQ(wideMetrics.aggregationsAfter, 120u - 2 * 25);
  EXPECT_TRUE(checkEquivalence(graph, binarize(wideHag)).ok());
}

TEST(WideSearch, RejectsBadMaxInputs) {
  Csr graph = graphFromLists({{1}, {0}});
  SearchOptions options = setOptions(3, unlimited());
  options.maxInputs = 1;
  Expected<SearchResult> r = searchHag(graph, options);
  ASSERT_TRUE(r.failed());
  EXPECT_NE(r.message().find("max inputs 1 is below 2"), std::string::npos);
  options.maxInputs = 4;
  options.kind = AggregationKind::Sequential;
  r = searchHag(graph, options);
  ASSERT_TRUE(r.failed());
  EXPECT_NE(r.message().find("needs set aggregation"), std::string::npos);
}

// Hub lists (left out of pair counting) receive wide nodes too: a node
// applies to a hub list holding all of its inputs.
TEST(WideSearch, HubListsReceiveWideNodes) {
  Csr graph = graphFromLists({{},
                              {},
                              {},
                              {},
                              {0, 1, 2, 3},
                              {0, 1, 2, 3},
                              {0, 1, 2, 3},
                              {0, 1, 2, 3, 7, 8, 9, 10, 11, 12},
                              {},
                              {},
                              {},
                              {},
                              {}});
  SearchOptions options = setOptions(3, unlimited());
  options.maxInputs = 4;
  options.hubDegree = 5;
  Hag hag = searchChecked(graph, options);
  ASSERT_EQ(hag.numAggNodes(), 1u);
  EXPECT_EQ(hag.aggInputs[0].size(), 4u);
  EXPECT_EQ(hag.list(7).size(), 7u) << "the hub list uses the wide node";
}

// A pair shared by only two lists saves an aggregation but no edge read: the
// default threshold 3 leaves it, threshold 2 merges it.
TEST(SetSearch, ThresholdDecidesPairsSharedByTwo) {
  Csr graph = graphFromLists({{}, {}, {}, {0, 1, 2}, {0, 1}});
  EXPECT_EQ(searchChecked(graph, setOptions(3, unlimited())).numAggNodes(), 0u);
  Hag merged = searchChecked(graph, setOptions(2, unlimited()));
  ASSERT_EQ(merged.numAggNodes(), 1u);
  EXPECT_EQ(test::inputsOf(merged, 0), (std::vector<NodeId>{0, 1}));
}

// The pair shared by most lists goes first: {0,1} by four lists beats {2,3}
// by three, and capacity 1 keeps only it.
TEST(SetSearch, CapacityKeepsTheMostSharedPair) {
  Csr graph = graphFromLists(
      {{}, {}, {}, {}, {0, 1}, {0, 1}, {0, 1}, {0, 1, 2, 3}, {2, 3}, {2, 3}});
  Hag hag = searchChecked(graph, setOptions(3, nodes(1)));
  ASSERT_EQ(hag.numAggNodes(), 1u);
  EXPECT_EQ(test::inputsOf(hag, 0), (std::vector<NodeId>{0, 1}));
  Hag both = searchChecked(graph, setOptions(3, unlimited()));
  EXPECT_EQ(both.numAggNodes(), 2u);
}

// With max depth 1 no aggregation node may read another.
TEST(SetSearch, MaxDepthBoundsLevels) {
  Csr graph = graphFromLists(
      {{}, {}, {}, {}, {0, 1, 2, 3}, {0, 1, 2, 3}, {0, 1, 2, 3}, {0, 1, 2, 3}});
  SearchOptions options = setOptions(3, unlimited());
  Hag deep = searchChecked(graph, options);
  EXPECT_GT(deep.numLevels(), 1u);
  options.maxDepth = 1;
  Hag flat = searchChecked(graph, options);
  EXPECT_EQ(flat.numLevels(), 1u);
  EXPECT_EQ(flat.numAggNodes(), 2u);
  for (const auto &in : flat.aggInputs)
    EXPECT_TRUE(in[0] < graph.numNodes && in[1] < graph.numNodes);
}

TEST(SetSearch, IsDeterministic) {
  Expected<Csr> graph = generateFromSpec("rmat:scale=10,edges=20k,seed=7");
  ASSERT_TRUE(graph.ok()) << graph.message();
  Hag first = searchChecked(*graph, setOptions(2, unlimited()));
  Hag second = searchChecked(*graph, setOptions(2, unlimited()));
  EXPECT_EQ(first.aggInputs, second.aggInputs);
  EXPECT_EQ(first.listIndices, second.listIndices);
  EXPECT_EQ(first.levelBegin, second.levelBegin);
}

// Hub lists skip pair counting but still take every merge that applies, so
// a low hub cap keeps the HAG correct and still shrinks the hubs.
TEST(SetSearch, HubListsReceiveMerges) {
  Expected<Csr> graph = generateFromSpec("rmat:scale=11,edges=60k,seed=3");
  ASSERT_TRUE(graph.ok()) << graph.message();
  SearchOptions options = setOptions(3, unlimited());
  options.hubDegree = 40;
  Expected<SearchResult> capped = searchHag(*graph, options);
  ASSERT_TRUE(capped.ok()) << capped.message();
  EXPECT_GT(capped->stats.hubLists, 0u);
  EXPECT_TRUE(checkEquivalence(*graph, capped->hag).ok());
  uint64_t hubBefore = 0, hubAfter = 0;
  for (NodeId v = 0; v < graph->numNodes; ++v)
    if (graph->degree(v) > 40) {
      hubBefore += graph->degree(v);
      hubAfter += capped->hag.list(v).size();
    }
  EXPECT_LT(hubAfter, hubBefore);
  options.hubDegree = UINT64_MAX;
  Expected<SearchResult> full = searchHag(*graph, options);
  ASSERT_TRUE(full.ok());
  EXPECT_EQ(full->stats.hubLists, 0u);
  EXPECT_GE(computeMetrics(*graph, full->hag).aggregationReduction(),
            computeMetrics(*graph, capped->hag).aggregationReduction());
}

TEST(SetSearch, RejectsDuplicateInputs) {
  Csr graph = graphFromLists({{}, {0, 0}});
  Expected<SearchResult> result = searchHag(graph, setOptions(3));
  ASSERT_TRUE(result.failed());
  EXPECT_NE(result.message().find("node 1 lists input 0 twice"),
            std::string::npos)
      << result.message();
}

TEST(SetSearch, RejectsThresholdBelowTwo) {
  Csr graph = graphFromLists({{}, {0}});
  Expected<SearchResult> result = searchHag(graph, setOptions(1));
  ASSERT_TRUE(result.failed());
  EXPECT_NE(result.message().find("threshold 1"), std::string::npos);
}

TEST(SetSearch, RejectsInvalidGraph) {
  Csr graph = graphFromLists({{}, {5}});
  Expected<SearchResult> result = searchHag(graph, setOptions(3));
  ASSERT_TRUE(result.failed());
  EXPECT_NE(result.message().find("invalid graph"), std::string::npos);
}

//===----------------------------------------------------------------------===//
// Sequential search
//===----------------------------------------------------------------------===//

// Prefix [0,1] is shared by three lists and [0,1,2] by two: with threshold 2
// both become nodes (the optimal trie), with threshold 3 only the first.
TEST(SequentialSearch, SharedPrefixTrie) {
  Csr graph = graphFromLists(
      {{}, {}, {}, {}, {}, {}, {0, 1, 2, 3}, {0, 1, 2, 4}, {0, 1, 5}, {1, 0}});
  SearchOptions options = setOptions(2, unlimited());
  options.kind = AggregationKind::Sequential;
  Hag hag = searchChecked(graph, options);
  ASSERT_EQ(hag.numAggNodes(), 2u);
  const NodeId n = graph.numNodes;
  EXPECT_EQ(test::inputsOf(hag, 0), (std::vector<NodeId>{0, 1}));
  EXPECT_EQ(test::inputsOf(hag, 1), (std::vector<NodeId>{n, 2}));
  EXPECT_EQ(listOf(hag, 6), (std::vector<NodeId>{n + 1, 3}));
  EXPECT_EQ(listOf(hag, 7), (std::vector<NodeId>{n + 1, 4}));
  EXPECT_EQ(listOf(hag, 8), (std::vector<NodeId>{n, 5}));
  // [1, 0] holds the same set but not the same prefix: untouched.
  EXPECT_EQ(listOf(hag, 9), (std::vector<NodeId>{1, 0}));
  options.threshold = 3;
  EXPECT_EQ(searchChecked(graph, options).numAggNodes(), 1u);
}

TEST(SequentialSearch, DegreeOrderSortsByDegreeThenId) {
  Csr graph = graphFromLists({{1}, {0, 2}, {0, 1}, {2, 1, 0}});
  Csr ordered = orderNeighbors(graph, NeighborOrder::DegreeDescending);
  NodeRange row = ordered.row(3);
  // deg(1) = deg(2) = 2 > deg(0) = 1; ties by id.
  EXPECT_EQ(std::vector<NodeId>(row.begin(), row.end()),
            (std::vector<NodeId>{1, 2, 0}));
}

TEST(SequentialSearch, CapacityKeepsPrefixClosedSet) {
  Expected<Csr> graph = generateFromSpec("ego:nodes=2000,groups=300,seed=5");
  ASSERT_TRUE(graph.ok()) << graph.message();
  SearchOptions options = setOptions(2, nodes(50));
  options.kind = AggregationKind::Sequential;
  Hag hag = searchChecked(*graph, options);
  EXPECT_EQ(hag.numAggNodes(), 50u);
}

//===----------------------------------------------------------------------===//
// The checker rejects wrong HAGs
//===----------------------------------------------------------------------===//

class CheckerTest : public ::testing::Test {
protected:
  // N(3) = {0, 1, 2}; the HAG aggregates {0, 1} in node 4.
  Csr graph = graphFromLists({{}, {}, {}, {0, 1, 2}});
  Hag good() {
    Hag hag = identityHag(graph, AggregationKind::Set);
    hag.aggInputs = {{0, 1}};
    hag.levelBegin = {0, 1};
    hag.listOffsets = {0, 0, 0, 0, 2};
    hag.listIndices = {4, 2};
    return hag;
  }
  std::string failure(const Hag &hag) {
    Status s = checkEquivalence(graph, hag);
    EXPECT_TRUE(s.failed());
    return s.message();
  }
};

TEST_F(CheckerTest, AcceptsCorrectHag) {
  EXPECT_TRUE(checkEquivalence(graph, good()).ok());
}

TEST_F(CheckerTest, RejectsMissingInput) {
  Hag hag = good();
  hag.listIndices = {4};
  hag.listOffsets = {0, 0, 0, 0, 1};
  EXPECT_NE(failure(hag).find("input 2 of N(v) is not covered"),
            std::string::npos);
}

TEST_F(CheckerTest, RejectsDoubleCover) {
  Hag hag = good();
  hag.listIndices = {4, 2, 0};
  hag.listOffsets = {0, 0, 0, 0, 3};
  EXPECT_NE(failure(hag).find("input 0 is covered more than once"),
            std::string::npos);
}

TEST_F(CheckerTest, RejectsForeignInput) {
  Hag hag = good();
  hag.listIndices = {4, 2, 3};
  hag.listOffsets = {0, 0, 0, 0, 3};
  EXPECT_NE(failure(hag).find("input 3 is covered but is not in N(v)"),
            std::string::npos);
}

TEST_F(CheckerTest, RejectsInputThatComesLater) {
  Hag hag = good();
  hag.aggInputs = {{0, 4}};
  EXPECT_NE(failure(hag).find("does not come before it"), std::string::npos);
}

TEST_F(CheckerTest, RejectsWrongLevel) {
  Hag hag = good();
  hag.aggInputs.push_back({4, 2});
  hag.levelBegin = {0, 2}; // node 5 has depth 2 but sits in level 0
  EXPECT_NE(failure(hag).find("has depth 2 but sits in level 0"),
            std::string::npos);
}

TEST_F(CheckerTest, RejectsIdOutOfRange) {
  Hag hag = good();
  hag.listIndices = {4, 9};
  EXPECT_NE(failure(hag).find("beyond the last node"), std::string::npos);
}

TEST_F(CheckerTest, SequentialChecksOrder) {
  Hag hag = good();
  hag.kind = AggregationKind::Sequential;
  EXPECT_TRUE(checkEquivalence(graph, hag).ok());
  hag.aggInputs = {{1, 0}};
  EXPECT_NE(failure(hag).find("position 0 of the ordered cover is 1"),
            std::string::npos);
}

TEST(Levelize, GroupsNodesByDepth) {
  // Created as: k0 = (0,1) depth 1, k1 = (k0, 2) depth 2, k2 = (3,4) depth 1.
  Csr graph = graphFromLists({{}, {}, {}, {}, {}, {0, 1, 2, 3, 4}});
  Hag hag = identityHag(graph, AggregationKind::Set);
  const NodeId n = graph.numNodes;
  hag.aggInputs = {{0, 1}, {n, 2}, {3, 4}};
  hag.listOffsets = {0, 0, 0, 0, 0, 0, 2};
  hag.listIndices = {n + 1, n + 2};
  levelize(hag);
  EXPECT_EQ(hag.levelBegin, (std::vector<uint32_t>{0, 2, 3}));
  EXPECT_EQ(test::inputsOf(hag, 1), (std::vector<NodeId>{3, 4}));
  EXPECT_EQ(test::inputsOf(hag, 2), (std::vector<NodeId>{n, 2}));
  EXPECT_EQ(listOf(hag, 5), (std::vector<NodeId>{n + 2, n + 1}));
  EXPECT_TRUE(checkEquivalence(graph, hag).ok());
}

TEST(Capacity, Parses) {
  EXPECT_EQ(Capacity::parse("100")->resolve(1000), 100u);
  EXPECT_EQ(Capacity::parse("0.25")->resolve(1000), 250u);
  EXPECT_EQ(Capacity::parse("unlimited")->resolve(1000), UINT64_MAX);
  EXPECT_EQ(Capacity::parse("0.25")->str(), "|V|/4");
  EXPECT_TRUE(Capacity::parse("-3").failed());
  EXPECT_TRUE(Capacity::parse("many").failed());
  EXPECT_TRUE(Capacity::parse("0.0").failed());
  EXPECT_TRUE(Capacity::parse("").failed());
}

// A fraction whose product passes 2^64 bounds nothing: the conversion to an
// integer was undefined and gave 0 nodes, printed as |V|/0.
TEST(Capacity, HugeFractionIsNoBound) {
  Expected<Capacity> huge = Capacity::parse("1.e30");
  ASSERT_TRUE(huge.ok()) << huge.message();
  EXPECT_EQ(huge->resolve(2708), UINT64_MAX);
  EXPECT_EQ(huge->str(), "1e+30|V|");
  EXPECT_EQ(Capacity::parse("1.5")->str(), "1.5|V|");
  EXPECT_EQ(Capacity::parse("1.0")->str(), "|V|/1");
  EXPECT_EQ(Capacity::parse("0.5")->str(), "|V|/2");
  // The search runs as with no bound.
  Csr graph = graphFromLists({{}, {}, {}, {0, 1, 2}, {0, 1, 2}, {0, 1, 2}});
  Hag bounded = searchChecked(graph, setOptions(2, *huge));
  Hag free = searchChecked(graph, setOptions(2, unlimited()));
  EXPECT_EQ(bounded.numAggNodes(), free.numAggNodes());
  EXPECT_GT(bounded.numAggNodes(), 0u);
}

TEST(Capacity, RefusesWhatIsNoCount) {
  for (const char *text : {"nan", "inf", "-0.5", ".nan", "-inf.", "1.e400"}) {
    Expected<Capacity> c = Capacity::parse(text);
    EXPECT_TRUE(c.failed()) << text;
  }
  Expected<Capacity> tooMany = Capacity::parse("99999999999999999999");
  ASSERT_TRUE(tooMany.failed());
  EXPECT_EQ(tooMany.message(), "capacity '99999999999999999999' is more nodes "
                               "than 64 bits hold; use 'unlimited'");
  EXPECT_EQ(Capacity::parse("18446744073709551615")->resolve(10), UINT64_MAX);
}

// Calibration refuses, before measuring, thread counts no kernel runs and
// output paths it could not write at the end.
TEST(Calibration, RefusesBeforeMeasuring) {
  Csr graph = graphFromLists({{1}, {0}});
  CalibrationOptions options;
  options.threads = maxCalibrationThreads() + 1;
  CalibrationReport report;
  Expected<CostCoefficients> c = calibrateCpu(graph, options, report);
  ASSERT_TRUE(c.failed());
  EXPECT_EQ(c.message(), "calibration with " +
                             std::to_string(maxCalibrationThreads() + 1) +
                             " worker threads: at most " +
                             std::to_string(maxCalibrationThreads()) +
                             " (4 per hardware thread) are allowed");
  // Two 2^32 x 2^32 float arrays: more than any machine has. The graph's
  // rows are never read: the size is refused first.
  options.threads = 1;
  options.featureWidth = UINT32_MAX;
  Csr huge;
  huge.numNodes = kMaxNodeId;
  huge.indices = {0};
  c = calibrateCpu(huge, options, report);
  ASSERT_TRUE(c.failed());
  EXPECT_EQ(c.message().rfind("calibration at feature width 4294967295 (two "
                              "4294967294 x 4294967295 float arrays) would "
                              "need 16 EiB or more, more than this machine's ",
                              0),
            0u)
      << c.message();
  EXPECT_EQ(calibrationBytes(3, 5), 3u * 5u * 8u);

  Status missing = checkCoefficientsWritable("/nonexistent-hag-dir/x.costs");
  ASSERT_TRUE(missing.failed());
  EXPECT_EQ(missing.message(),
            "/nonexistent-hag-dir/x.costs: cannot write: no such file or "
            "directory");
  Status directory = checkCoefficientsWritable("/tmp");
  ASSERT_TRUE(directory.failed());
  EXPECT_EQ(directory.message(), "/tmp: cannot write: it is a directory");
}

//===----------------------------------------------------------------------===//
// Every HAG on generated graphs is equivalent (property test)
//===----------------------------------------------------------------------===//

struct PropertyCase {
  const char *spec;
  AggregationKind kind;
  uint32_t threshold;
  const char *capacity;
  uint32_t maxDepth;
  uint64_t hubDegree;
  uint32_t maxInputs = 2;
};

class SearchProperty : public ::testing::TestWithParam<PropertyCase> {};

TEST_P(SearchProperty, HagIsEquivalent) {
  const PropertyCase &c = GetParam();
  Expected<Csr> graph = generateFromSpec(c.spec);
  ASSERT_TRUE(graph.ok()) << graph.message();
  SearchOptions options;
  options.kind = c.kind;
  options.threshold = c.threshold;
  options.capacity = *Capacity::parse(c.capacity);
  options.maxDepth = c.maxDepth;
  options.hubDegree = c.hubDegree;
  options.maxInputs = c.maxInputs;
  Csr input = orderNeighbors(*graph, c.kind == AggregationKind::Sequential
                                         ? NeighborOrder::DegreeDescending
                                         : NeighborOrder::AsGiven);
  Hag hag = searchChecked(input, options);
  HagMetrics m = computeMetrics(input, hag);
  EXPECT_LE(m.aggregationsAfter, m.aggregationsBefore);
  if (options.maxDepth) {
    EXPECT_LE(hag.numLevels(), options.maxDepth);
  }
  if (options.capacity.kind == Capacity::Kind::Nodes) {
    EXPECT_LE(hag.numAggNodes(), options.capacity.nodes);
  }
  for (NodeRange in : hag.aggInputs)
    EXPECT_LE(in.size(), options.maxInputs);
  // The two-input form computes the same, with the same aggregations.
  Hag binary = binarize(hag);
  EXPECT_TRUE(binary.aggInputs.isBinary());
  Status check = checkEquivalence(input, binary);
  EXPECT_TRUE(check.ok()) << check.message();
  EXPECT_EQ(computeMetrics(input, binary).aggregationsAfter,
            m.aggregationsAfter);
}

INSTANTIATE_TEST_SUITE_P(
    Generated, SearchProperty,
    ::testing::Values(
        PropertyCase{"rmat:scale=10,edges=8k,seed=1", AggregationKind::Set, 3,
                     "0.25", 0, 0},
        PropertyCase{"rmat:scale=10,edges=8k,seed=2", AggregationKind::Set, 2,
                     "unlimited", 0, 0},
        PropertyCase{"rmat:scale=11,edges=30k,seed=3", AggregationKind::Set, 2,
                     "unlimited", 3, 16},
        PropertyCase{"rmat:scale=9,edges=5k,seed=4,symmetrize=0",
                     AggregationKind::Set, 2, "100", 0, 0},
        PropertyCase{"ego:nodes=3000,groups=400,seed=5", AggregationKind::Set,
                     3, "0.5", 0, 0},
        PropertyCase{"ego:nodes=3000,groups=400,seed=6", AggregationKind::Set,
                     2, "unlimited", 4, 20},
        PropertyCase{"rmat:scale=10,edges=8k,seed=7",
                     AggregationKind::Sequential, 2, "unlimited", 0, 0},
        PropertyCase{"ego:nodes=3000,groups=400,seed=9", AggregationKind::Set,
                     3, "0.25", 0, 0, 8},
        PropertyCase{"rmat:scale=11,edges=30k,seed=10", AggregationKind::Set, 2,
                     "unlimited", 3, 16, 16},
        PropertyCase{"ego:nodes=3000,groups=400,seed=8",
                     AggregationKind::Sequential, 3, "200", 5, 0}));

//===----------------------------------------------------------------------===//
// Real graphs: the paper's reductions are reached, and every HAG checks
//===----------------------------------------------------------------------===//

struct DatasetCase {
  const char *path; // under the datasets folder
  uint32_t threshold;
  const char *capacity;
  double minAggregationReduction;
};

class DatasetSearch : public ::testing::TestWithParam<DatasetCase> {};

// The thresholds are the quality bars (hag-paper.md section 6): the
// reference algorithm's result on the same graph with the same options.
TEST_P(DatasetSearch, ReachesPaperReduction) {
  const DatasetCase &c = GetParam();
  std::optional<Expected<Csr>> dataset = readDataset(c.path);
  if (!dataset)
    GTEST_SKIP() << "dataset not present: " << c.path;
  Expected<Csr> &graph = *dataset;
  ASSERT_TRUE(graph.ok()) << graph.message();
  Hag hag = searchChecked(
      *graph, setOptions(c.threshold, *Capacity::parse(c.capacity)));
  EXPECT_GE(computeMetrics(*graph, hag).aggregationReduction(),
            c.minAggregationReduction);

  SearchOptions sequential = setOptions(2, unlimited());
  sequential.kind = AggregationKind::Sequential;
  searchChecked(orderNeighbors(*graph, NeighborOrder::DegreeDescending),
                sequential);
}

INSTANTIATE_TEST_SUITE_P(
    Paper, DatasetSearch,
    ::testing::Values(
        DatasetCase{"cora/cora.cites", 3, "0.25", 1.15},
        DatasetCase{"pubmed/Pubmed-Diabetes.DIRECTED.cites.tab", 3, "0.25",
                    1.20},
        DatasetCase{"bzr_md", 3, "0.25", 1.39},
        DatasetCase{"imdb-binary/IMDBBINARY.txt", 3, "0.25", 1.72},
        DatasetCase{"imdb-multi/IMDBMULTI.txt", 3, "0.25", 1.79},
        DatasetCase{"bzr_md", 2, "unlimited", 7.4},
        DatasetCase{"imdb-multi/IMDBMULTI.txt", 2, "unlimited", 3.75},
        DatasetCase{"graph-tool-collection/email-Enron.mtx", 3, "0.25", 1.0}));

// Beyond the paper at the same capacity (|V|/4 nodes, threshold 3): wider
// aggregation nodes. The bars are below the measured reductions
// (docs/SearchBenchmark.md) and well above the paper's.
struct WideCase {
  const char *path;
  uint32_t maxInputs;
  double minAggregationReduction;
};

class WideDatasetSearch : public ::testing::TestWithParam<WideCase> {};

TEST_P(WideDatasetSearch, BeatsPairsAtTheSameCapacity) {
  const WideCase &c = GetParam();
  std::optional<Expected<Csr>> dataset = readDataset(c.path);
  if (!dataset)
    GTEST_SKIP() << "dataset not present: " << c.path;
  Expected<Csr> &graph = *dataset;
  ASSERT_TRUE(graph.ok()) << graph.message();
  SearchOptions options = setOptions(3, *Capacity::parse("0.25"));
  HagMetrics pairs = computeMetrics(*graph, searchChecked(*graph, options));
  options.maxInputs = c.maxInputs;
  Hag wide = searchChecked(*graph, options);
  HagMetrics m = computeMetrics(*graph, wide);
  EXPECT_LE(wide.numAggNodes(), graph->numNodes / 4);
  EXPECT_GE(m.aggregationReduction(), c.minAggregationReduction);
  EXPECT_GT(m.aggregationReduction(), pairs.aggregationReduction());
  EXPECT_TRUE(checkEquivalence(*graph, binarize(wide)).ok());
}

INSTANTIATE_TEST_SUITE_P(
    BeyondPaper, WideDatasetSearch,
    ::testing::Values(WideCase{"bzr_md", 8, 2.9},
                      WideCase{"imdb-binary/IMDBBINARY.txt", 4, 2.0},
                      WideCase{"imdb-multi/IMDBMULTI.txt", 4, 2.15}));

} // namespace

//===----------------------------------------------------------------------===//
// Metrics from the HAG alone, and the cost formulas
//===----------------------------------------------------------------------===//

namespace {
// The cost model reads plans without their graph: the counts derived from
// cover sizes must equal those computed against the graph.
TEST(Metrics, FromHagAloneMatchGraph) {
  for (const char *spec : {"rmat:scale=10,edges=8k,seed=11",
                           "ego:nodes=2000,groups=300,seed=12"}) {
    Expected<Csr> graph = generateFromSpec(spec);
    ASSERT_TRUE(graph.ok()) << graph.message();
    Hag hag = searchChecked(*graph, setOptions(2, unlimited()));
    HagMetrics withGraph = computeMetrics(*graph, hag);
    HagMetrics alone = computeMetrics(hag);
    EXPECT_EQ(alone.edges, withGraph.edges) << spec;
    EXPECT_EQ(alone.aggregationsBefore, withGraph.aggregationsBefore) << spec;
    EXPECT_EQ(alone.aggregationsAfter, withGraph.aggregationsAfter) << spec;
    EXPECT_EQ(alone.edgeReadsBefore, withGraph.edgeReadsBefore) << spec;
    EXPECT_EQ(alone.edgeReadsAfter, withGraph.edgeReadsAfter) << spec;
    // The graph the plan covers is the searched one, up to row order.
    Csr covered = sortedRows(coveredGraph(hag));
    Csr sorted = sortedRows(*graph);
    EXPECT_EQ(covered.offsets, sorted.offsets) << spec;
    EXPECT_EQ(covered.indices, sorted.indices) << spec;
  }
}

// docs/CostModel.md's worked example without the cache model: 9 nodes, 12
// edges, 64 floats per row at 8 GB/s and 5 us fixed is 5 us + 3200 B / 8
// GB/s + 2304 B / 8 GB/s.
TEST(CostFormulas, PlainWorkedExample) {
  HagMetrics m;
  m.nodes = 9;
  m.edges = m.edgeReadsBefore = 12;
  CostCoefficients bytesOnly{8e9, 8e9, 5e-6, 5e-6};
  EXPECT_FALSE(bytesOnly.modelsCaches());
  double seconds = predictSeconds(plainWork(m), 64, 4, bytesOnly);
  EXPECT_NEAR(seconds, 5e-6 + 3200 / 8e9 + 2304 / 8e9, 1e-12);
  // The cpu target's fitted defaults model the caches; cuda's do not.
  EXPECT_TRUE(defaultCoefficients(CostTarget::Cpu).modelsCaches());
  EXPECT_FALSE(defaultCoefficients(CostTarget::Cuda).modelsCaches());
}

// Through a HAG: fewer rows read, more rows written, and a cost per level.
TEST(CostFormulas, HagWorkCountsLevelsAndIntermediateRows) {
  HagMetrics m;
  m.nodes = 100;
  m.edgeReadsBefore = 1000;
  m.edgeReadsAfter = 400;
  m.aggNodes = 50;
  m.levels = 3;
  AggregationWork w = hagWork(m);
  EXPECT_EQ(w.rowsRead, 400u);
  EXPECT_EQ(w.rowsWritten, 150u);
  EXPECT_EQ(w.levels, 3u);
  CostCoefficients c{1e9, 1e9, 1e-6, 0};
  EXPECT_NEAR(predictSeconds(w, 1, 1, c),
              3e-6 + (400 + 4 * 400 + 8 * 101) / 1e9 + 150 / 1e9, 1e-15);
  EXPECT_FALSE(parseCostTarget("tpu").has_value());
  EXPECT_EQ(*parseCostTarget("cuda"), CostTarget::Cuda);
}

// The cpu defaults are the fit bench/cost_model_fit.py wrote to
// bench/cpu-coefficients.txt (to three digits): a refit must update both.
TEST(CostFormulas, CpuDefaultsAreTheCommittedFit) {
  Expected<CostCoefficients> fitted = readCoefficients(
      std::string(HAG_SOURCE_DIR) + "/bench/cpu-coefficients.txt",
      CostTarget::Cpu);
  ASSERT_TRUE(fitted.ok()) << fitted.message();
  CostCoefficients d = defaultCoefficients(CostTarget::Cpu);
  auto near = [](double a, double b) {
    return std::abs(a - b) <= 0.005 * std::max(std::abs(a), std::abs(b));
  };
  EXPECT_TRUE(near(d.gatherBytesPerSecond, fitted->gatherBytesPerSecond));
  EXPECT_TRUE(near(d.writeBytesPerSecond, fitted->writeBytesPerSecond));
  EXPECT_TRUE(near(d.secondsPerLevel, fitted->secondsPerLevel));
  EXPECT_TRUE(near(d.secondsFixed, fitted->secondsFixed));
  EXPECT_TRUE(near(d.cacheBytes, fitted->cacheBytes));
  EXPECT_TRUE(near(d.cacheBytesPerSecond, fitted->cacheBytesPerSecond));
  EXPECT_TRUE(near(d.sharedCacheBytes, fitted->sharedCacheBytes));
  EXPECT_TRUE(
      near(d.sharedCacheBytesPerSecond, fitted->sharedCacheBytesPerSecond));
  EXPECT_TRUE(near(d.secondsPerEntry, fitted->secondsPerEntry));
  EXPECT_TRUE(near(d.secondsPerLoop, fitted->secondsPerLoop));
  EXPECT_TRUE(
      near(d.secondsPerSharedCacheRead, fitted->secondsPerSharedCacheRead));
  EXPECT_TRUE(near(d.secondsPerMemoryRead, fitted->secondsPerMemoryRead));
}

// The plain kernel's touches, in order: read 1, read 2, write result 0,
// read 1 and read 2 again three touches later, write results 1 and 2.
TEST(CostFormulas, PlainReuseProfileCountsTouchesBetweenReads) {
  Csr graph = graphFromLists({{1, 2}, {1, 2}, {}});
  AggregationWork w = plainWork(graph);
  ASSERT_TRUE(w.hasReuse);
  EXPECT_EQ(w.reuse.firstReads, 2u);
  EXPECT_EQ(w.reuse.reads[1], 2u); // distances 2..3
  EXPECT_EQ(w.reuse.repeatedReads(), 2u);
  EXPECT_EQ(w.reuse.footprintRows, 5u); // rows 1, 2 and three results
  EXPECT_EQ(w.listLoops, 3u);
  // A cache of 2 rows holds half of the bucket 2..3, one of 3 all of it.
  EXPECT_DOUBLE_EQ(w.reuse.readsWithin(1), 0);
  EXPECT_DOUBLE_EQ(w.reuse.readsWithin(2), 1);
  EXPECT_DOUBLE_EQ(w.reuse.readsWithin(3), 2);
}

// Where the cache terms put the bytes: repeated reads within the core's
// cache at its rate; when everything fits the last-level cache, first reads
// and result writes at that rate; else from and to memory.
TEST(CostFormulas, CacheTermsFollowTheReuseProfile) {
  Csr graph = graphFromLists({{1, 2}, {1, 2}, {}});
  AggregationWork w = plainWork(graph);
  CostCoefficients c{1e9, 1e9, 0, 0};
  c.cacheBytes = 3 * 4; // three rows of one float
  c.cacheBytesPerSecond = 4e9;
  c.sharedCacheBytes = 1000; // everything fits
  c.sharedCacheBytesPerSecond = 2e9;
  c.secondsPerEntry = 1e-9;
  c.secondsPerLoop = 2e-9;
  CostTerms t = costTerms(w, 1, 4, c);
  EXPECT_DOUBLE_EQ(t.cacheBytes, 2 * 4);
  EXPECT_DOUBLE_EQ(t.sharedCacheBytes, 2 * 4 + double(w.indexBytes) + 3 * 4);
  EXPECT_DOUBLE_EQ(t.memoryReadBytes, 0);
  EXPECT_DOUBLE_EQ(t.memoryWriteBytes, 0);
  // Nothing from memory: the time is the work in the caches.
  EXPECT_NEAR(predictSeconds(w, 1, 4, c),
              t.cacheBytes / 4e9 + t.sharedCacheBytes / 2e9 + 4 * 1e-9 +
                  3 * 2e-9,
              1e-15);
  // A last-level cache too small for the call: compulsory traffic goes to
  // memory, and a core cache of one row holds none of the repeated reads.
  c.cacheBytes = 4;
  c.sharedCacheBytes = 12;
  t = costTerms(w, 1, 4, c);
  EXPECT_DOUBLE_EQ(t.cacheBytes, 0);
  EXPECT_DOUBLE_EQ(t.sharedCacheBytes, 2 * 4); // within 3 rows: distance 2..3
  EXPECT_DOUBLE_EQ(t.memoryReadBytes, 2 * 4 + double(w.indexBytes));
  EXPECT_DOUBLE_EQ(t.memoryWriteBytes, 3 * 4);
  // The slower of memory traffic and work in the caches: here memory.
  double memory = t.memoryReadBytes / 1e9 + t.memoryWriteBytes / 1e9;
  double caches = t.sharedCacheBytes / 2e9 + 4 * 1e-9 + 3 * 2e-9;
  ASSERT_GT(memory, caches);
  EXPECT_NEAR(predictSeconds(w, 1, 4, c), memory, 1e-15);
  // Without the cache model every read is a gather from memory (v1).
  CostCoefficients v1{1e9, 1e9, 0, 0};
  t = costTerms(w, 1, 4, v1);
  EXPECT_DOUBLE_EQ(t.memoryReadBytes, 4 * 4 + double(w.indexBytes));
  EXPECT_DOUBLE_EQ(t.cacheBytes + t.sharedCacheBytes, 0);
}

// A tiled plan's aggregation rows live in its tile's scratch rows, reused
// by every tile: the footprint counts each slot once, their writes count as
// scratch, and the HAG reads fewer rows than the plain kernel.
TEST(CostFormulas, TiledPlanReusesScratchRows) {
  // Two cliques of six nodes, one tile each.
  std::vector<std::vector<NodeId>> lists(12);
  for (NodeId v = 0; v < 12; ++v)
    for (NodeId u = v / 6 * 6; u < v / 6 * 6 + 6; ++u)
      if (u != v)
        lists[v].push_back(u);
  Csr graph = graphFromLists(lists);
  SearchOptions options = setOptions(2, unlimited());
  options.tileNodes = 6;
  options.maxInputs = 8;
  Hag hag = searchChecked(graph, options);
  ASSERT_TRUE(hag.isTiled());
  ASSERT_GT(hag.numAggNodes(), 1u);
  AggregationWork w = hagWork(hag);
  EXPECT_EQ(w.scratchRowsWritten, hag.numAggNodes());
  // Two loops (node rows, then input rows) per final row and wide node.
  EXPECT_EQ(w.listLoops, 2 * (12 + hag.numAggNodes()));
  uint64_t perTile = hag.maxTileAggNodes();
  EXPECT_LT(perTile, hag.numAggNodes());
  EXPECT_EQ(w.reuse.footprintRows, 12u + 12u + perTile);
  EXPECT_EQ(w.reuse.firstReads, 12u);
  EXPECT_LT(w.rowsRead, plainWork(graph).rowsRead);
}
} // namespace
