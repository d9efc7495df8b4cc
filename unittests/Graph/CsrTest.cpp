//===- CsrTest.cpp - Tests of CSR construction and checks -----------------===//
//
// buildCsr's row order, filters and symmetrization, transpose, sortedRows and
// the invariants validate() enforces.
//
//===----------------------------------------------------------------------===//
#include "hag/Graph/Csr.h"

#include "gtest/gtest.h"

#include <vector>

using namespace hag;

namespace {

/// The rows of `graph` as nested vectors, for whole-graph comparisons.
std::vector<std::vector<NodeId>> rowsOf(const Csr &graph) {
  std::vector<std::vector<NodeId>> rows;
  for (NodeId v = 0; v < graph.numNodes; ++v)
    rows.emplace_back(graph.row(v).begin(), graph.row(v).end());
  return rows;
}

using Rows = std::vector<std::vector<NodeId>>;

TEST(CsrTest, BuildKeepsInputOrderWithinRows) {
  // Row order matters for sequential aggregation, so it must follow `edges`.
  std::vector<Edge> edges = {{2, 0}, {1, 0}, {3, 0}, {0, 1}};
  Csr graph = buildCsr(4, edges, BuildOptions());
  EXPECT_EQ(graph.numNodes, 4u);
  EXPECT_EQ(graph.numEdges(), 4u);
  EXPECT_EQ(rowsOf(graph), (Rows{{2, 1, 3}, {0}, {}, {}}));
  EXPECT_EQ(graph.maxDegree(), 3u);
  EXPECT_TRUE(graph.validate().ok());
}

TEST(CsrTest, BuildFiltersDuplicatesAndSelfLoops) {
  std::vector<Edge> edges = {{1, 0}, {1, 0}, {0, 0}, {2, 0}};
  EXPECT_EQ(rowsOf(buildCsr(3, edges, BuildOptions())), (Rows{{1, 2}, {}, {}}));
  BuildOptions keepAll;
  keepAll.dropDuplicates = false;
  keepAll.dropSelfLoops = false;
  EXPECT_EQ(rowsOf(buildCsr(3, edges, keepAll)), (Rows{{1, 1, 0, 2}, {}, {}}));
}

TEST(CsrTest, SymmetrizeAppendsReversedEdgesAfterOriginals) {
  std::vector<Edge> edges = {{1, 0}, {0, 2}, {2, 1}};
  BuildOptions options;
  options.symmetrize = true;
  // Row 0 holds its own input 1 first, then 2 (from 0 -> 2 reversed).
  EXPECT_EQ(rowsOf(buildCsr(3, edges, options)),
            (Rows{{1, 2}, {2, 0}, {0, 1}}));
}

TEST(CsrTest, EmptyGraphIsValid) {
  Csr graph = buildCsr(0, {}, BuildOptions());
  EXPECT_EQ(graph.numNodes, 0u);
  EXPECT_EQ(graph.numEdges(), 0u);
  EXPECT_EQ(graph.maxDegree(), 0u);
  EXPECT_TRUE(graph.validate().ok());
}

TEST(CsrTest, TransposeListsConsumersSorted) {
  std::vector<Edge> edges = {{2, 0}, {1, 0}, {2, 1}, {0, 2}};
  Csr graph = buildCsr(3, edges, BuildOptions());
  Csr flipped = transpose(graph);
  EXPECT_EQ(rowsOf(flipped), (Rows{{2}, {0}, {0, 1}}));
  EXPECT_TRUE(flipped.validate().ok());
  EXPECT_EQ(rowsOf(transpose(flipped)), rowsOf(sortedRows(graph)));
}

TEST(CsrTest, SortedRowsSortsEachRow) {
  std::vector<Edge> edges = {{3, 0}, {1, 0}, {2, 0}, {2, 1}, {0, 1}};
  EXPECT_EQ(rowsOf(sortedRows(buildCsr(4, edges, BuildOptions()))),
            (Rows{{1, 2, 3}, {0, 2}, {}, {}}));
}

TEST(CsrTest, ValidateNamesTheViolation) {
  Csr good = buildCsr(2, {{0, 1}}, BuildOptions());
  ASSERT_TRUE(good.validate().ok());

  Csr badIndex = good;
  badIndex.indices[0] = 7;
  Status s = badIndex.validate();
  ASSERT_TRUE(s.failed());
  EXPECT_NE(s.message().find("not below 2 nodes"), std::string::npos)
      << s.message();

  Csr badOffsets = good;
  badOffsets.offsets = {0, 1};
  s = badOffsets.validate();
  ASSERT_TRUE(s.failed());
  EXPECT_NE(s.message().find("offsets"), std::string::npos) << s.message();

  Csr decreasing = good;
  decreasing.offsets = {0, 1, 0};
  s = decreasing.validate();
  ASSERT_TRUE(s.failed());
  EXPECT_NE(s.message().find("decrease"), std::string::npos) << s.message();

  Csr badEnd = good;
  badEnd.indices.push_back(0);
  s = badEnd.validate();
  ASSERT_TRUE(s.failed());
  EXPECT_NE(s.message().find("indices"), std::string::npos) << s.message();
}

} // namespace

// An id repeated within one list is found, the first repeat first; the same
// id in different lists is no repeat.
TEST(CsrTest, RepeatFinderLooksWithinOneList) {
  RepeatFinder repeats(6);
  auto range = [](const std::vector<NodeId> &ids) {
    return NodeRange(ids.data(), ids.data() + ids.size());
  };
  std::vector<NodeId> a = {0, 1, 2}, b = {2, 1, 0, 5}, c = {3, 4, 3, 4},
                      d = {5, 1, 1, 5}, empty;
  EXPECT_EQ(repeats.firstRepeat(range(a)), std::nullopt);
  EXPECT_EQ(repeats.firstRepeat(range(b)), std::nullopt);
  EXPECT_EQ(repeats.firstRepeat(range(c)), std::optional<NodeId>(3));
  EXPECT_EQ(repeats.firstRepeat(range(d)), std::optional<NodeId>(1));
  EXPECT_EQ(repeats.firstRepeat(range(empty)), std::nullopt);
  EXPECT_EQ(repeats.firstRepeat(range(a)), std::nullopt);
}
