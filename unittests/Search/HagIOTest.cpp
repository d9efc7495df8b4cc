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

#include <cstdio>
#include <fstream>

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
