//===- HagIOTest.cpp - Tests of the hag v1 text format --------------------===//
//
// Round trips of searched HAGs, renumbering of files in another order, and
// one rejection test per malformed-input rule of docs/HagFormat.md.
//
//===----------------------------------------------------------------------===//
#include "TestGraphs.h"

#include "hag/Graph/Generators.h"
#include "hag/Search/HagIO.h"
#include "hag/Search/HagSearch.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

using namespace hag;

namespace {

Hag searched(AggregationKind kind) {
  Expected<Csr> graph = generateFromSpec("ego:nodes=1500,groups=200,seed=9");
  EXPECT_TRUE(graph.ok()) << graph.message();
  SearchOptions options;
  options.kind = kind;
  options.threshold = 2;
  options.capacity = *Capacity::parse("unlimited");
  Expected<SearchResult> result = searchHag(*graph, options);
  EXPECT_TRUE(result.ok()) << result.message();
  return result->hag;
}

void expectSameHag(const Hag &a, const Hag &b) {
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.numNodes, b.numNodes);
  EXPECT_EQ(a.aggInputs, b.aggInputs);
  EXPECT_EQ(a.levelBegin, b.levelBegin);
  EXPECT_EQ(a.listOffsets, b.listOffsets);
  EXPECT_EQ(a.listIndices, b.listIndices);
}

TEST(HagText, RoundTripSet) {
  Hag hag = searched(AggregationKind::Set);
  ASSERT_GT(hag.numAggNodes(), 0u);
  Expected<Hag> back = parseHagText(formatHagText(hag), "mem");
  ASSERT_TRUE(back.ok()) << back.message();
  expectSameHag(hag, *back);
}

TEST(HagText, RoundTripSequentialThroughAFile) {
  Hag hag = searched(AggregationKind::Sequential);
  std::string path = ::testing::TempDir() + "/roundtrip.hag";
  ASSERT_TRUE(writeHagText(hag, path).ok());
  Expected<Hag> back = readHagText(path);
  ASSERT_TRUE(back.ok()) << back.message();
  expectSameHag(hag, *back);
  std::remove(path.c_str());
}

// A sequential HAG of a multigraph: a list may be longer than the HAG has
// nodes (node 1 folds input 0 forty times), and an aggregation node may read
// one input twice (the shared prefix [0, 0]). Both are what hag-search
// writes, so both read back (the reader used to cap a list at |V| + |V_A|).
TEST(HagText, RoundTripSequentialMultigraph) {
  std::vector<NodeId> zeros(40, 0);
  std::vector<NodeId> shared = {0, 0, 0, 0, 0, 0, 0, 0, 1};
  Csr graph = test::graphFromLists({{}, zeros, shared, shared, shared, shared});
  SearchOptions options;
  options.kind = AggregationKind::Sequential;
  options.threshold = 2;
  options.capacity = *Capacity::parse("unlimited");
  Hag hag = test::searchChecked(graph, options);
  ASSERT_GT(hag.numAggNodes(), 0u);
  ASSERT_GT(hag.list(1).size(), hag.numTotalNodes());
  ASSERT_EQ(test::inputsOf(hag, 0), (std::vector<NodeId>{0, 0}));

  Expected<Hag> back = parseHagText(formatHagText(hag), "mem");
  ASSERT_TRUE(back.ok()) << back.message();
  expectSameHag(hag, *back);
  std::string path = ::testing::TempDir() + "/multigraph.hag";
  ASSERT_TRUE(writeHagText(hag, path).ok());
  Expected<Hag> fromFile = readHagText(path);
  std::remove(path.c_str());
  ASSERT_TRUE(fromFile.ok()) << fromFile.message();
  expectSameHag(hag, *fromFile);
  EXPECT_TRUE(checkEquivalence(graph, *fromFile).ok());

  // The fuzzer's file: one list of 5 entries in a HAG of 3 nodes.
  Expected<Hag> small = parseHagText("hag v1 sequential 3 0\n"
                                     "n 2 5 0 0 0 0 1\n",
                                     "mem");
  ASSERT_TRUE(small.ok()) << small.message();
  EXPECT_EQ(small->list(2).size(), 5u);
}

// A set aggregation node covers each input once (Hag.h), so repeating one is
// refused, on reading and by verifyHagStructure; a sequential node may.
TEST(HagText, RepeatedAggregationInputs) {
  Expected<Hag> set = parseHagText("hag v1 set 3 1\na 3 0 0\nn 2 1 3\n", "in");
  ASSERT_TRUE(set.failed());
  EXPECT_NE(set.message().find("in:2: aggregation node 3 reads input 0 "
                               "twice; a set aggregation node reads each "
                               "input at most once"),
            std::string::npos)
      << set.message();
  Expected<Hag> wide =
      parseHagText("hag v1 set 4 1\na 4 0 1 2 1\nn 3 1 4\n", "in");
  ASSERT_TRUE(wide.failed());
  EXPECT_NE(wide.message().find("in:2: aggregation node 4 reads input 1 twice"),
            std::string::npos)
      << wide.message();
  Expected<Hag> sequential =
      parseHagText("hag v1 sequential 3 1\na 3 0 0\nn 2 2 3 1\n", "in");
  ASSERT_TRUE(sequential.ok()) << sequential.message();
  EXPECT_TRUE(
      checkEquivalence(test::graphFromLists({{}, {}, {0, 0, 1}}), *sequential)
          .ok());

  Hag built = *sequential;
  EXPECT_TRUE(verifyHagStructure(built).ok());
  built.kind = AggregationKind::Set;
  Status s = verifyHagStructure(built);
  ASSERT_TRUE(s.failed());
  EXPECT_NE(s.message().find("aggregation node 3 reads input 0 twice"),
            std::string::npos)
      << s.message();
}

// An 'a' line of 200,000 inputs. The reader counted the tokens left on the
// line before every input, which is quadratic: about a minute for this line
// at -O2 (15 s for 100,000). Read linearly it takes milliseconds, so the
// bound below leaves a wide margin for slow or instrumented builds.
TEST(HagText, LongLineReadsInLinearTime) {
  const uint32_t inputs = 200000;
  std::string text = "hag v1 set " + std::to_string(inputs + 1) + " 1\na " +
                     std::to_string(inputs + 1);
  for (uint32_t u = 0; u < inputs; ++u)
    text += " " + std::to_string(u);
  text += "\nn " + std::to_string(inputs) + " 1 " + std::to_string(inputs + 1) +
          "\n";
  auto start = std::chrono::steady_clock::now();
  Expected<Hag> hag = parseHagText(text, "long");
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  ASSERT_TRUE(hag.ok()) << hag.message();
  ASSERT_EQ(hag->numAggNodes(), 1u);
  EXPECT_EQ(hag->aggInputs[0].size(), inputs);
  EXPECT_EQ(hag->aggInputs[0][inputs - 1], inputs - 1);
  EXPECT_LT(seconds, 5.0) << "reading one long line is not linear";
}

TEST(HagText, ExactText) {
  // N(3) = {0, 1, 2} through node 4 = (0, 1).
  Hag hag = identityHag(test::graphFromLists({{}, {}, {}, {0, 1, 2}}),
                        AggregationKind::Set);
  hag.aggInputs = {{0, 1}};
  hag.levelBegin = {0, 1};
  hag.listOffsets = {0, 0, 0, 0, 2};
  hag.listIndices = {4, 2};
  EXPECT_EQ(formatHagText(hag), "hag v1 set 4 1\n"
                                "# 1 levels; aggregation nodes are listed "
                                "level by level\n"
                                "a 4 0 1\n"
                                "n 3 2 4 2\n");
}

// Aggregation nodes of more than two inputs (hag-search --max-inputs): the
// 'a' line lists them all, and a searched wide HAG survives the round trip.
TEST(HagText, WideNodes) {
  Expected<Hag> hag = parseHagText("hag v1 set 5 1\n"
                                   "a 5 0 1 2\n"
                                   "n 3 2 5 4\n"
                                   "n 4 1 5\n",
                                   "mem");
  ASSERT_TRUE(hag.ok()) << hag.message();
  EXPECT_EQ(test::inputsOf(*hag, 0), (std::vector<NodeId>{0, 1, 2}));
  EXPECT_TRUE(
      checkEquivalence(
          test::graphFromLists({{}, {}, {}, {0, 1, 2, 4}, {0, 1, 2}}), *hag)
          .ok());
  EXPECT_EQ(formatHagText(*hag), "hag v1 set 5 1\n"
                                 "# 1 levels; aggregation nodes are listed "
                                 "level by level\n"
                                 "a 5 0 1 2\n"
                                 "n 3 2 5 4\n"
                                 "n 4 1 5\n");

  Expected<Csr> graph = generateFromSpec("ego:nodes=1500,groups=200,seed=9");
  ASSERT_TRUE(graph.ok()) << graph.message();
  SearchOptions options;
  options.maxInputs = 8;
  Expected<SearchResult> wide = searchHag(*graph, options);
  ASSERT_TRUE(wide.ok()) << wide.message();
  ASSERT_FALSE(wide->hag.aggInputs.isBinary());
  Expected<Hag> back = parseHagText(formatHagText(wide->hag), "mem");
  ASSERT_TRUE(back.ok()) << back.message();
  expectSameHag(wide->hag, *back);
}

// A file may define nodes in any inputs-first order; the reader renumbers
// them into levels and rewrites the lists.
TEST(HagText, RenumbersIntoLevels) {
  Expected<Hag> hag = parseHagText("hag v1 set 3 2\n"
                                   "a 4 0 1\n"
                                   "a 3 4 0\n"
                                   "n 2 1 3\n",
                                   "mem");
  ASSERT_TRUE(hag.ok()) << hag.message();
  EXPECT_EQ(test::inputsOf(*hag, 0), (std::vector<NodeId>{0, 1}));
  EXPECT_EQ(test::inputsOf(*hag, 1), (std::vector<NodeId>{3, 0}));
  EXPECT_EQ(hag->list(2)[0], 4u);
  EXPECT_EQ(hag->numLevels(), 2u);
}

struct BadText {
  const char *name;
  const char *text;
  const char *message;
};

class HagTextRejects : public ::testing::TestWithParam<BadText> {};

TEST_P(HagTextRejects, WithLocatedMessage) {
  Expected<Hag> hag = parseHagText(GetParam().text, "in.hag");
  ASSERT_TRUE(hag.failed());
  EXPECT_NE(hag.message().find(GetParam().message), std::string::npos)
      << hag.message();
}

INSTANTIATE_TEST_SUITE_P(
    Malformed, HagTextRejects,
    ::testing::Values(
        BadText{"Empty", "", "in.hag: no 'hag v1' header"},
        BadText{"OnlyComments", "# nothing\n", "no 'hag v1' header"},
        BadText{"NotAHeader", "hog v1 set 1 0\n",
                "in.hag:1: expected the header"},
        BadText{"Version", "hag v2 set 1 0\n", "in.hag:1: unsupported version"},
        BadText{"Kind", "hag v1 bag 1 0\n", "aggregation class must be set or"},
        BadText{"HeaderFields", "hag v1 set 1 0 7\n", "header has four fields"},
        BadText{"AggIdLow", "hag v1 set 3 1\na 2 0 1\n", "in.hag:2:"},
        BadText{"AggIdHigh", "hag v1 set 3 1\na 4 0 1\n", "in.hag:2:"},
        BadText{"NoAggDeclared", "hag v1 set 3 0\na 3 0 1\n",
                "declares no aggregation nodes"},
        BadText{"AggTwice", "hag v1 set 3 2\na 3 0 1\na 3 1 2\n",
                "in.hag:3: aggregation node 3 is defined twice"},
        BadText{"InputLater", "hag v1 set 3 2\na 3 4 1\na 4 0 1\n",
                "in.hag:2: aggregation node 3 reads 4, which is not defined"},
        BadText{"AggShort", "hag v1 set 3 1\na 3 0\n",
                "in.hag:2: 'a' line has an id and at least two inputs, found "
                "1 input(s)"},
        BadText{"AggMissing", "hag v1 set 3 2\na 3 0 1\n",
                "declares 2 aggregation nodes but 1 are defined"},
        BadText{"ListCount", "hag v1 set 3 0\nn 2 3 0 1\n",
                "in.hag:2: list of node 2 declares 3 inputs but has 2"},
        BadText{"ListTwice", "hag v1 set 3 0\nn 2 1 0\nn 2 1 1\n",
                "in.hag:3: node 2 has two input lists"},
        BadText{"ListNode", "hag v1 set 3 0\nn 3 1 0\n", "in.hag:2:"},
        BadText{"ListEntry", "hag v1 set 3 0\nn 2 1 9\n", "in.hag:2:"},
        BadText{"AggAfterList", "hag v1 set 3 1\nn 2 1 0\na 3 0 1\n",
                "all 'a' lines must come before the 'n' lines"},
        BadText{"UnknownLine", "hag v1 set 3 0\nx 1 2\n",
                "in.hag:2: expected a line starting with 'a' or 'n'"},
        BadText{"NegativeId", "hag v1 set 3 0\nn 2 1 -1\n", "in.hag:2:"},
        BadText{"HugeHeader", "hag v1 set 4000000000 0\n",
                "header counts are larger than the file can hold"}),
    [](const ::testing::TestParamInfo<BadText> &info) {
      return std::string(info.param.name);
    });

TEST(HagText, MissingFile) {
  Expected<Hag> hag = readHagText("/nonexistent/dir/x.hag");
  ASSERT_TRUE(hag.failed());
  EXPECT_NE(hag.message().find("/nonexistent/dir/x.hag"), std::string::npos);
}

TEST(HagText, UnwritablePathLeavesNoFile) {
  Hag hag = searched(AggregationKind::Set);
  Status s = writeHagText(hag, "/nonexistent/dir/out.hag");
  ASSERT_TRUE(s.failed());
  EXPECT_NE(s.message().find("/nonexistent/dir/out.hag: cannot write"),
            std::string::npos);
}

} // namespace
