//===- TiledSearchTest.cpp - Tests of tiled HAGs --------------------------===//
//
// The tiled search (SearchOptions::tileNodes): its HAGs are equivalent and
// keep every aggregation node inside its tile, number a tile's aggregation
// nodes in groups of the nodes that read them, one tile is the whole-graph
// HAG, the thread count changes nothing, and the checker and the hag v1
// reader reject broken tiles.
//
//===----------------------------------------------------------------------===//
#include "TestGraphs.h"

#include "hag/Graph/Generators.h"
#include "hag/Graph/GraphIO.h"
#include "hag/Search/HagIO.h"
#include "hag/Search/HagSearch.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace hag;
using hag::test::graphFromLists;
using hag::test::readDataset;
using hag::test::searchChecked;

namespace {

SearchOptions tiledOptions(uint32_t tileNodes, const char *capacity,
                           uint32_t threshold = 2) {
  SearchOptions options;
  options.tileNodes = tileNodes;
  options.capacity = *Capacity::parse(capacity);
  options.threshold = threshold;
  return options;
}

/// The tile of aggregation index k.
uint32_t tileOfAgg(const Hag &hag, uint32_t k) {
  uint32_t t = 0;
  while (hag.tileAggBegin[t + 1] <= k)
    ++t;
  return t;
}

/// Checks the numbering of kDemandGroupNodes (HagSearch.h) in every tile:
/// replaying the CPU kernel's steps, each group of nodes needs exactly the
/// aggregation nodes numbered next (those its lists read, transitively, not
/// needed by an earlier group), in order of depth unless `anyDepthOrder`
/// (binarize's trees stand where their wide nodes stood), and the nodes no
/// list reads come last.
void expectDemandOrder(const Hag &hag, bool anyDepthOrder = false) {
  const NodeId n = hag.numNodes;
  const std::vector<uint32_t> depth = aggDepths(hag);
  std::vector<char> needed(hag.numAggNodes(), 0);
  for (uint32_t t = 0; t < hag.numTiles(); ++t) {
    uint32_t computed = hag.tileAggBegin[t];
    auto checkGroup = [&](std::vector<uint32_t> &group, const char *what) {
      // Transitive inputs, not needed before.
      for (size_t i = 0; i < group.size(); ++i)
        for (NodeId in : hag.aggInputs[group[i]])
          if (in >= n && !needed[in - n]) {
            needed[in - n] = 1;
            group.push_back(in - n);
          }
      std::sort(group.begin(), group.end());
      for (size_t i = 0; i < group.size(); ++i) {
        ASSERT_EQ(group[i], computed + i)
            << "tile " << t << ", " << what << ": aggregation node " << group[i]
            << " out of place";
        if (i > 0 && !anyDepthOrder) {
          EXPECT_LE(depth[group[i - 1]], depth[group[i]])
              << "tile " << t << ": node " << group[i] << " before a shallower";
        }
      }
      computed += uint32_t(group.size());
    };
    for (NodeId first = hag.tileNodeBegin[t]; first < hag.tileNodeBegin[t + 1];
         first += kDemandGroupNodes) {
      std::vector<uint32_t> group;
      NodeId last =
          std::min(first + kDemandGroupNodes, hag.tileNodeBegin[t + 1]);
      for (NodeId v = first; v < last; ++v)
        for (NodeId x : hag.list(v))
          if (x >= n && !needed[x - n]) {
            needed[x - n] = 1;
            group.push_back(x - n);
          }
      checkGroup(group, "a group's rows");
      if (::testing::Test::HasFatalFailure())
        return;
    }
    std::vector<uint32_t> unread;
    for (uint32_t k = computed; k < hag.tileAggBegin[t + 1]; ++k)
      if (!needed[k]) {
        needed[k] = 1;
        unread.push_back(k);
      }
    checkGroup(unread, "unread rows");
    if (::testing::Test::HasFatalFailure())
      return;
    EXPECT_EQ(computed, hag.tileAggBegin[t + 1]) << "tile " << t;
  }
}

// Two groups of three nodes share {0, 1, 2} and {3, 4, 5}; with tiles of 3
// nodes each group's pair is merged inside its own tile, and nothing crosses.
TEST(TiledSearch, MergesInsideTilesOnly) {
  Csr graph = graphFromLists({{},
                              {},
                              {},
                              {},
                              {},
                              {},
                              {0, 1, 2},
                              {0, 1, 2},
                              {0, 1, 2},
                              {0, 1, 2},
                              {0, 1, 2},
                              {0, 1, 2}});
  Hag hag = searchChecked(graph, tiledOptions(3, "unlimited"));
  ASSERT_TRUE(hag.isTiled());
  EXPECT_EQ(hag.numTiles(), 4u);
  EXPECT_EQ(hag.tileNodeBegin, (std::vector<NodeId>{0, 3, 6, 9, 12}));
  // Tiles 2 and 3 each build {0, 1, 2} for their own three lists: two nodes
  // each, as the whole-graph search would build once.
  EXPECT_EQ(hag.tileAggBegin, (std::vector<uint32_t>{0, 0, 0, 2, 4}));
  EXPECT_EQ(hag.maxTileAggNodes(), 2u);
  EXPECT_EQ(hag.numLevels(), 1u);
  HagMetrics m = computeMetrics(graph, hag);
  EXPECT_EQ(m.tiles, 4u);
  EXPECT_EQ(m.depth, 2u);
  for (NodeId v = 6; v < 12; ++v)
    EXPECT_EQ(hag.list(v).size(), 1u);
}

// A tile as large as the graph gives exactly the whole-graph HAG (local ids
// keep the global order, so ties break the same way).
TEST(TiledSearch, OneTileIsTheWholeGraphHag) {
  Expected<Csr> graph = generateFromSpec("ego:nodes=1000,groups=150,seed=3");
  ASSERT_TRUE(graph.ok()) << graph.message();
  Hag whole = searchChecked(*graph, tiledOptions(0, "unlimited"));
  Hag tiled = searchChecked(*graph, tiledOptions(1u << 20, "unlimited"));
  ASSERT_TRUE(tiled.isTiled());
  EXPECT_EQ(tiled.numTiles(), 1u);
  EXPECT_EQ(computeMetrics(*graph, whole).edgeReadsAfter,
            computeMetrics(*graph, tiled).edgeReadsAfter);
  EXPECT_EQ(whole.numAggNodes(), tiled.numAggNodes());
}

// Wide nodes in tiles: each tile's nodes stay tile-local, and their
// two-input form (what plan_constant holds) keeps the trees in their tiles,
// including tiles without aggregation nodes.
TEST(TiledSearch, WideNodesBinarizeWithinTheirTiles) {
  Expected<Csr> graph = generateFromSpec("ego:nodes=2000,groups=300,seed=4");
  ASSERT_TRUE(graph.ok()) << graph.message();
  SearchOptions options = tiledOptions(16, "0.25");
  options.maxInputs = 8;
  Hag wide = searchChecked(*graph, options);
  ASSERT_TRUE(wide.isTiled());
  ASSERT_FALSE(wide.aggInputs.isBinary());
  Hag binary = binarize(wide);
  EXPECT_TRUE(binary.aggInputs.isBinary());
  EXPECT_EQ(binary.tileNodeBegin, wide.tileNodeBegin);
  Status check = checkEquivalence(*graph, binary);
  EXPECT_TRUE(check.ok()) << check.message();
  EXPECT_EQ(computeMetrics(*graph, binary).aggregationsAfter,
            computeMetrics(*graph, wide).aggregationsAfter);
  // Each tile gains exactly its wide nodes' extra inner nodes.
  for (uint32_t t = 0; t < wide.numTiles(); ++t) {
    uint64_t inner = 0;
    for (uint32_t k = wide.tileAggBegin[t]; k < wide.tileAggBegin[t + 1]; ++k)
      inner += wide.aggInputs[k].size() - 1;
    EXPECT_EQ(binary.tileAggBegin[t + 1] - binary.tileAggBegin[t], inner);
  }
}

// The result does not depend on how many threads search the tiles.
TEST(TiledSearch, ThreadCountChangesNothing) {
  Expected<Csr> graph = generateFromSpec("rmat:scale=11,edges=20k,seed=5");
  ASSERT_TRUE(graph.ok()) << graph.message();
  SearchOptions options = tiledOptions(64, "0.25", 2);
  options.threads = 1;
  Hag one = searchChecked(*graph, options);
  options.threads = 4;
  Hag four = searchChecked(*graph, options);
  EXPECT_EQ(one.aggInputs, four.aggInputs);
  EXPECT_EQ(one.listIndices, four.listIndices);
  EXPECT_EQ(one.tileAggBegin, four.tileAggBegin);
}

// Capacity is shared out: a fraction of |V| per tile, a node count by edges.
TEST(TiledSearch, CapacityIsSharedOverTiles) {
  Expected<Csr> graph = generateFromSpec("ego:nodes=4000,groups=500,seed=9");
  ASSERT_TRUE(graph.ok()) << graph.message();
  Hag fraction = searchChecked(*graph, tiledOptions(100, "0.1"));
  for (uint32_t t = 0; t < fraction.numTiles(); ++t)
    EXPECT_LE(fraction.tileAggBegin[t + 1] - fraction.tileAggBegin[t], 10u);
  Hag count = searchChecked(*graph, tiledOptions(100, "300"));
  EXPECT_LE(count.numAggNodes(), 300u);
  EXPECT_GT(count.numAggNodes(), 0u);
}

struct TiledCase {
  const char *spec;
  AggregationKind kind;
  uint32_t tileNodes;
};

class TiledProperty : public ::testing::TestWithParam<TiledCase> {};

// Every tiled HAG checks, and every aggregation node reads only its tile.
TEST_P(TiledProperty, EquivalentAndTileLocal) {
  const TiledCase &c = GetParam();
  Expected<Csr> graph = generateFromSpec(c.spec);
  ASSERT_TRUE(graph.ok()) << graph.message();
  SearchOptions options = tiledOptions(c.tileNodes, "unlimited");
  options.kind = c.kind;
  Csr input = orderNeighbors(*graph, c.kind == AggregationKind::Sequential
                                         ? NeighborOrder::DegreeDescending
                                         : NeighborOrder::AsGiven);
  Hag hag = searchChecked(input, options);
  ASSERT_TRUE(hag.isTiled());
  const NodeId n = hag.numNodes;
  for (uint32_t k = 0; k < hag.numAggNodes(); ++k)
    for (NodeId in : hag.aggInputs[k]) {
      if (in >= n) {
        EXPECT_EQ(tileOfAgg(hag, in - n), tileOfAgg(hag, k));
      }
    }
  HagMetrics m = computeMetrics(input, hag);
  EXPECT_LT(m.edgeReadsAfter, m.edgeReadsBefore);
  expectDemandOrder(hag);
}

INSTANTIATE_TEST_SUITE_P(
    Generated, TiledProperty,
    ::testing::Values(
        TiledCase{"ego:nodes=3000,groups=400,seed=1", AggregationKind::Set, 32},
        TiledCase{"ego:nodes=3000,groups=400,seed=2", AggregationKind::Set, 7},
        TiledCase{"rmat:scale=10,edges=8k,seed=3", AggregationKind::Set, 100},
        TiledCase{"ego:nodes=3000,groups=400,seed=4",
                  AggregationKind::Sequential, 32}));

// Real graphs: tiles of 32 keep most of the whole-graph saving where the
// sharing is local (IMDB-MULTI's graphs are small and numbered together).
TEST(TiledSearch, ImdbMultiKeepsMostOfTheSaving) {
  std::optional<Expected<Csr>> dataset =
      readDataset("imdb-multi/IMDBMULTI.txt");
  if (!dataset)
    GTEST_SKIP() << "dataset not present: imdb-multi/IMDBMULTI.txt";
  Expected<Csr> &graph = *dataset;
  ASSERT_TRUE(graph.ok()) << graph.message();
  Hag hag = searchChecked(*graph, tiledOptions(32, "unlimited"));
  EXPECT_GE(computeMetrics(*graph, hag).edgeReadReduction(), 1.9);
  expectDemandOrder(hag);
}

// One tile, two groups: nodes 0-3 read {4, 5, 6}, nodes 4-7 read {0, 1}.
// The search makes two nodes of depth 1, (0, 1) and one pair of {4, 5, 6},
// and one of depth 2 adding the third; by level the depth-2 node comes
// last. The first group reads it, so it is numbered right after its input,
// and the second group's (0, 1) last: depths 1, 2, 1, an order no level
// order gives.
TEST(TiledSearch, NumbersAggregationNodesByTheGroupsThatReadThem) {
  Csr graph = graphFromLists({{4, 5, 6},
                              {4, 5, 6},
                              {4, 5, 6},
                              {4, 5, 6},
                              {0, 1},
                              {0, 1},
                              {0, 1},
                              {0, 1}});
  Hag hag = searchChecked(graph, tiledOptions(8, "unlimited"));
  ASSERT_EQ(hag.numAggNodes(), 3u);
  EXPECT_EQ(aggDepths(hag), (std::vector<uint32_t>{1, 2, 1}));
  for (NodeId v = 0; v < 4; ++v)
    EXPECT_EQ(std::vector<NodeId>(hag.list(v).begin(), hag.list(v).end()),
              std::vector<NodeId>{8 + 1});
  for (NodeId v = 4; v < 8; ++v)
    EXPECT_EQ(std::vector<NodeId>(hag.list(v).begin(), hag.list(v).end()),
              std::vector<NodeId>{8 + 2});
  EXPECT_EQ(
      std::vector<NodeId>(hag.aggInputs[2].begin(), hag.aggInputs[2].end()),
      (std::vector<NodeId>{0, 1}));
  expectDemandOrder(hag);
  // Tiles of many groups, wide nodes and their two-input form.
  SearchOptions wide = tiledOptions(32, "unlimited");
  wide.maxInputs = 8;
  Expected<Csr> ego = generateFromSpec("ego:nodes=3000,groups=400,seed=8");
  ASSERT_TRUE(ego.ok()) << ego.message();
  Hag wideHag = searchChecked(*ego, wide);
  expectDemandOrder(wideHag);
  expectDemandOrder(binarize(wideHag), /*anyDepthOrder=*/true);
}

//===----------------------------------------------------------------------===//
// Rejections: the checker and the reader
//===----------------------------------------------------------------------===//

/// Nodes 0..3 in tiles {0, 1} and {2, 3}; tile 0 builds 4 = (0, 1) for both
/// its lists, tile 1 builds 5 = (0, 1) for its lists.
Hag twoTiles() {
  Hag hag;
  hag.numNodes = 4;
  hag.aggInputs = {{0, 1}, {0, 1}};
  hag.levelBegin = {0, 2};
  hag.listOffsets = {0, 1, 2, 3, 4};
  hag.listIndices = {4, 4, 5, 5};
  hag.tileNodeBegin = {0, 2, 4};
  hag.tileAggBegin = {0, 1, 2};
  return hag;
}

TEST(TiledCheck, AcceptsTileLocalHag) {
  EXPECT_TRUE(verifyHagStructure(twoTiles()).ok());
}

TEST(TiledCheck, RejectsListReadingAnotherTile) {
  Hag hag = twoTiles();
  hag.listIndices[3] = 4;
  Status s = verifyHagStructure(hag);
  ASSERT_TRUE(s.failed());
  EXPECT_NE(s.message().find("node 3 of tile 1 reads aggregation node 4 of "
                             "another tile"),
            std::string::npos)
      << s.message();
}

TEST(TiledCheck, RejectsAggregationReadingAnotherTile) {
  Hag hag = twoTiles();
  hag.aggInputs = {{0, 1}, {4, 2}};
  Status s = verifyHagStructure(hag);
  ASSERT_TRUE(s.failed());
  EXPECT_NE(s.message().find("aggregation node 5 of tile 1 reads 4"),
            std::string::npos)
      << s.message();
}

TEST(TiledCheck, RejectsBadBoundaries) {
  Hag empty = twoTiles();
  empty.tileNodeBegin = {0, 0, 4};
  EXPECT_NE(verifyHagStructure(empty).message().find("tile 0 has no input"),
            std::string::npos);
  Hag partial = twoTiles();
  partial.tileNodeBegin = {0, 2, 3};
  EXPECT_NE(verifyHagStructure(partial).message().find("do not cover the 4"),
            std::string::npos);
  Hag levels = twoTiles();
  levels.levelBegin = {0, 1, 2};
  EXPECT_NE(verifyHagStructure(levels).message().find("one level"),
            std::string::npos);
  Hag mismatch = twoTiles();
  mismatch.tileAggBegin = {0, 2};
  EXPECT_NE(verifyHagStructure(mismatch).message().find("boundaries"),
            std::string::npos);
}

TEST(TiledText, RoundTrip) {
  Hag hag = twoTiles();
  std::string text = formatHagText(hag);
  EXPECT_NE(text.find("t 0 4\nt 2 5\n"), std::string::npos) << text;
  Expected<Hag> back = parseHagText(text, "in.hag");
  ASSERT_TRUE(back.ok()) << back.message();
  EXPECT_EQ(back->tileNodeBegin, hag.tileNodeBegin);
  EXPECT_EQ(back->tileAggBegin, hag.tileAggBegin);
  EXPECT_EQ(back->aggInputs, hag.aggInputs);
  EXPECT_EQ(back->listIndices, hag.listIndices);
  EXPECT_EQ(back->levelBegin, hag.levelBegin);
}

struct BadTiles {
  const char *name;
  const char *text;
  const char *message;
};

class TiledTextRejects : public ::testing::TestWithParam<BadTiles> {};

TEST_P(TiledTextRejects, WithLocatedMessage) {
  Expected<Hag> hag = parseHagText(GetParam().text, "in.hag");
  ASSERT_TRUE(hag.failed());
  EXPECT_NE(hag.message().find(GetParam().message), std::string::npos)
      << hag.message();
}

INSTANTIATE_TEST_SUITE_P(
    Malformed, TiledTextRejects,
    ::testing::Values(
        BadTiles{"FirstNotZero", "hag v1 set 4 0\nt 1 4\n",
                 "in.hag:2: the first tile must start at node 0"},
        BadTiles{"FirstAgg", "hag v1 set 4 1\nt 0 5\na 4 0 1\n",
                 "in.hag:2: the first tile must start at aggregation node 4"},
        BadTiles{"NodesBackwards", "hag v1 set 4 0\nt 0 4\nt 0 4\n",
                 "in.hag:3:"},
        BadTiles{"AggBeyond", "hag v1 set 4 1\nt 0 4\nt 2 6\na 4 0 1\n",
                 "in.hag:3:"},
        BadTiles{"AfterAgg", "hag v1 set 4 1\na 4 0 1\nt 0 4\n",
                 "in.hag:3: tile line after an 'a' or 'n' line"},
        BadTiles{"Fields", "hag v1 set 4 0\nt 0 4 9\n",
                 "in.hag:2: 't' line has a node and an aggregation node id"},
        BadTiles{"CrossTile",
                 "hag v1 set 4 2\nt 0 4\nt 2 5\na 4 0 1\na 5 0 1\n"
                 "n 0 1 4\nn 3 1 4\n",
                 "in.hag: node 3 of tile 1 reads aggregation node 4 of "
                 "another tile"}),
    [](const ::testing::TestParamInfo<BadTiles> &info) {
      return std::string(info.param.name);
    });

// A tile's search sees its rows renumbered; the duplicate-input error must
// still name the graph's own ids, as the untiled search does.
TEST(TiledSearch, DuplicateInputNamesGlobalIds) {
  // Node 2 lists input 3 twice (edges 0 1, 0 2, 1 2, 3 2, 3 2, 0 3).
  Csr graph = graphFromLists({{}, {0}, {0, 1, 3, 3}, {0}});
  const std::string expected =
      "set aggregation needs duplicate-free input lists, but node 2 lists "
      "input 3 twice (read the graph with duplicate removal)";
  for (uint32_t tileNodes : {0u, 1u, 2u, 3u}) {
    Expected<SearchResult> result =
        searchHag(graph, tiledOptions(tileNodes, "unlimited"));
    ASSERT_TRUE(result.failed()) << "tiles of " << tileNodes;
    EXPECT_EQ(result.message(), expected) << "tiles of " << tileNodes;
  }
  // A sequential list may repeat an input, tiled or not.
  SearchOptions sequential = tiledOptions(2, "unlimited");
  sequential.kind = AggregationKind::Sequential;
  searchChecked(graph, sequential);
}

// A node-count capacity near 2^64 is shared out over the tiles without an
// out-of-range conversion (2^64 as a double does not convert back).
TEST(TiledSearch, HugeNodeCapacity) {
  Csr graph = graphFromLists({{}, {}, {}, {0, 1, 2}, {0, 1, 2}, {0, 1, 2}});
  Hag huge = searchChecked(graph, tiledOptions(6, "18446744073709551615"));
  Hag free = searchChecked(graph, tiledOptions(6, "unlimited"));
  EXPECT_EQ(huge.numAggNodes(), free.numAggNodes());
  EXPECT_GT(huge.numAggNodes(), 0u);
}

} // namespace
