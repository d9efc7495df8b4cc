//===- WorkPartitionTest.cpp - Tests of parallel parts of equal work ------===//
//
// hag::balancedBounds and the work it is given (WorkPartition.h): bounds
// cover the items in order, each part holds about an equal share, heavy
// items leave empty parts rather than splitting, and on a real graph whose
// edges crowd into low ids the parts split the work where equal row counts
// do not.
//
//===----------------------------------------------------------------------===//
#include "TestGraphs.h"

#include "hag/Graph/GraphIO.h"
#include "hag/Search/HagSearch.h"
#include "hag/Search/WorkPartition.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

using namespace hag;
using hag::test::graphFromLists;
using hag::test::readDataset;
using hag::test::searchChecked;

namespace {

/// The work of part p: cumulativeWork at its end bound minus at its start.
int64_t partWork(const std::vector<int64_t> &cumulativeWork,
                 const std::vector<int64_t> &bounds, size_t p) {
  return cumulativeWork[size_t(bounds[p + 1])] -
         cumulativeWork[size_t(bounds[p])];
}

/// Bounds start at 0, end at the item count, and never go back.
void expectCovering(const std::vector<int64_t> &bounds, int64_t items,
                    int64_t parts) {
  ASSERT_EQ(bounds.size(), size_t(parts) + 1);
  EXPECT_EQ(bounds.front(), 0);
  EXPECT_EQ(bounds.back(), items);
  EXPECT_TRUE(std::is_sorted(bounds.begin(), bounds.end()));
}

TEST(WorkPartition, EqualItemsSplitEvenly) {
  // Eight items of work 3: two parts of four.
  std::vector<int64_t> work = {0, 3, 6, 9, 12, 15, 18, 21, 24};
  std::vector<int64_t> bounds = balancedBounds(work, 2);
  expectCovering(bounds, 8, 2);
  EXPECT_EQ(bounds[1], 4);
  bounds = balancedBounds(work, 4);
  EXPECT_EQ(bounds, (std::vector<int64_t>{0, 2, 4, 6, 8}));
}

TEST(WorkPartition, BoundIsTheBoundaryNearestToItsShare) {
  // Items of work 1, 1, 6, 1, 1 (total 10): the share of part 0 is 5, the
  // boundaries around it have 2 and 8 before them, equally near: the later
  // one is taken, so part 0 holds 8 and part 1 holds 2; a bound never splits
  // an item.
  std::vector<int64_t> work = {0, 1, 2, 8, 9, 10};
  std::vector<int64_t> bounds = balancedBounds(work, 2);
  expectCovering(bounds, 5, 2);
  EXPECT_EQ(bounds[1], 3);
  EXPECT_EQ(partWork(work, bounds, 0), 8);
  // Two tiles of work 21 and 22: the share 21.5 is nearer the boundary
  // after the first tile (21) than after the second (43), so each part
  // gets one tile, not the first part both.
  EXPECT_EQ(balancedBounds({0, 21, 43}, 2), (std::vector<int64_t>{0, 1, 2}));
}

TEST(WorkPartition, AHeavyItemLeavesEmptyParts) {
  // Item 0 holds 97 of 100: the shares 25, 50 and 75 are nearer the
  // boundary before it (0), after it (97) and after it, so part 0 is empty,
  // part 1 holds item 0, part 2 is empty and part 3 holds the rest.
  std::vector<int64_t> work = {0, 97, 98, 99, 100};
  std::vector<int64_t> bounds = balancedBounds(work, 4);
  expectCovering(bounds, 4, 4);
  EXPECT_EQ(bounds, (std::vector<int64_t>{0, 0, 1, 1, 4}));
}

TEST(WorkPartition, NoItemsAndNoWork) {
  expectCovering(balancedBounds({0}, 1), 0, 1);
  // Items without work: every bound but the last is 0.
  std::vector<int64_t> bounds = balancedBounds({0, 0, 0}, 2);
  expectCovering(bounds, 2, 2);
}

TEST(WorkPartition, RowWorkCountsEntriesAndRows) {
  // Lists of 3, 0 and 5 entries.
  std::vector<int64_t> work = rowWorkPrefix({0, 3, 3, 8});
  EXPECT_EQ(work, (std::vector<int64_t>{0, 3 + kWorkPerRow, 3 + 2 * kWorkPerRow,
                                        8 + 3 * kWorkPerRow}));
}

TEST(WorkPartition, TileWorkCountsListsAggregationInputsAndRows) {
  // Tiles of three nodes; the first tile's lists share {0, 1, 2}, the
  // second's lists have nothing to share.
  Csr graph = graphFromLists({{3, 4, 5}, {3, 4, 5}, {3, 4, 5}, {0}, {1}, {2}});
  SearchOptions options;
  options.tileNodes = 3;
  options.capacity = *Capacity::parse("unlimited");
  options.maxInputs = 8;
  Hag hag = searchChecked(graph, options);
  ASSERT_EQ(hag.numTiles(), 2u);
  ASSERT_EQ(hag.numAggNodes(), 1u);
  std::vector<int64_t> work = tileWorkPrefix(hag);
  ASSERT_EQ(work.size(), 3u);
  EXPECT_EQ(work[0], 0);
  // Tile 0: one aggregation node of 3 inputs, three lists of 1 entry, and
  // four rows written.
  EXPECT_EQ(work[1], 3 + 3 + 4 * kWorkPerRow);
  // Tile 1: three lists of 1 entry and three rows.
  EXPECT_EQ(work[2] - work[1], 3 + 3 * kWorkPerRow);
}

// email-Enron keeps most of its list entries in its first half of node ids:
// equal row counts give one of two threads most of the work, parts of equal
// work give each half.
TEST(WorkPartition, SkewedRealGraphIsSplitByWork) {
  std::optional<Expected<Csr>> dataset =
      readDataset("graph-tool-collection/email-Enron.mtx");
  if (!dataset)
    GTEST_SKIP()
        << "dataset not present: graph-tool-collection/email-Enron.mtx";
  Expected<Csr> &graph = *dataset;
  ASSERT_TRUE(graph.ok()) << graph.message();
  std::vector<int64_t> work = rowWorkPrefix(graph->offsets);
  const int64_t total = work.back();
  const int64_t rows = graph->numNodes;
  // Half the rows hold far more than half the work.
  EXPECT_GT(double(work[size_t(rows / 2)]) / double(total), 0.7);
  std::vector<int64_t> bounds = balancedBounds(work, kParallelParts);
  expectCovering(bounds, rows, kParallelParts);
  // Two threads take 32 consecutive parts each: within 1% of half.
  double firstHalf = double(work[size_t(bounds[kParallelParts / 2])]) / total;
  EXPECT_NEAR(firstHalf, 0.5, 0.01);
  // No part holds more than twice its share (no list is that long here).
  for (size_t p = 0; p < size_t(kParallelParts); ++p)
    EXPECT_LE(partWork(work, bounds, p), 2 * total / kParallelParts) << p;
}

} // namespace
