//===- WorkPartition.h - Parallel parts of equal work ----------*- C++ -*-===//
//
// A kernel's parallel loop runs over consecutive parts of its rows (or of a
// tiled plan's tiles), and OpenMP hands each thread a run of consecutive
// parts. Parts of equal row counts leave the threads unequal work on graphs
// whose edges crowd into some ids: email-Enron keeps 83% of its list entries
// in its first half of nodes, so of two threads one waited most of the call.
// Parts of equal work (list entries read, plus a fixed cost per row written)
// keep the threads level for any thread count that divides the part count.
// The same bounds are computed at compile time for constant graphs and plans
// (convert-hag-to-scf), once per plan by the plan runtime for the plans it
// builds (HAG_PLAN_PART_BOUNDS), and in the emitted IR for other graphs and
// plans passed at run time; all follow the formulas here.
//
//===----------------------------------------------------------------------===//
#ifndef HAG_SEARCH_WORKPARTITION_H
#define HAG_SEARCH_WORKPARTITION_H

#include "hag/Search/Hag.h"

#include <cstdint>
#include <vector>

namespace hag {

/// Parts of a kernel's parallel loop: a multiple of every power-of-two thread
/// count up to 64, and few enough that finding a part's bounds costs nothing
/// next to its rows.
constexpr int64_t kParallelParts = 64;

/// The work of one row written, in list entries read: its list loop, its
/// accumulators and its store (the cost model's fit of 2026-12-06 put a
/// loop at 0.30 ns and an entry at 0.14 ns, and a row written costs about
/// 1.85 rows read, docs/CpuPerformance.md). Rough by design: the bounds
/// nearest each share split uniform graphs as evenly as row counts do.
constexpr int64_t kWorkPerRow = 4;

/// The work before a boundary with `entries` list entries (final-list
/// entries and aggregation inputs) and `rows` rows (nodes and aggregation
/// nodes) before it. The emitted IR (convert-hag-to-scf) and the plan runtime
/// count the same.
constexpr int64_t workBefore(int64_t entries, int64_t rows) {
  return entries + kWorkPerRow * rows;
}

/// Bounds of `parts` consecutive parts of items [0, K), where
/// `cumulativeWork` (K + 1 values, non-decreasing, starting at 0) holds the
/// work before each item: bound p is the item boundary whose work before it
/// is nearest to p * total / parts (the first k with cumulativeWork[k] *
/// parts >= p * total, or k - 1 where that is strictly nearer), so part p is
/// items [bound p, bound p+1) and holds about total / parts of the work (an
/// item heavier than that makes the parts around it empty). Returns parts + 1
/// non-decreasing bounds, the first 0 and the last K.
std::vector<int64_t> balancedBounds(const std::vector<int64_t> &cumulativeWork,
                                    int64_t parts);

/// The work before each row of a CSR-like list structure with these offsets:
/// workBefore(offsets[v], v).
std::vector<int64_t> rowWorkPrefix(const std::vector<uint64_t> &offsets);

/// The work before each tile of a tiled HAG: the final-list entries of its
/// nodes and the inputs of its aggregation nodes, plus kWorkPerRow per node
/// and per aggregation node, over the tiles before it. NumTiles + 1 values.
std::vector<int64_t> tileWorkPrefix(const Hag &hag);

/// The part count of a parallel loop over `items` rows or tiles:
/// kParallelParts, or fewer when there are fewer items (at least one).
constexpr int64_t partsFor(int64_t items) {
  return items < 1 ? 1 : items < kParallelParts ? items : kParallelParts;
}

} // namespace hag

#endif // HAG_SEARCH_WORKPARTITION_H
