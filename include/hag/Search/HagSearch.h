//===- HagSearch.h - Finding a HAG for a graph -----------------*- C++ -*-===//
//
// The search of hag-paper.md section 4, made fast: set aggregation by greedy
// pair merging over a pair index and a bucket queue (docs/Search.md gives the
// data structures and their costs), sequential aggregation by the optimal
// shared-prefix trie. Deterministic: the same graph and options give the same
// HAG.
//
//===----------------------------------------------------------------------===//
#ifndef HAG_SEARCH_HAGSEARCH_H
#define HAG_SEARCH_HAGSEARCH_H

#include "hag/Graph/Csr.h"
#include "hag/Graph/Status.h"
#include "hag/Search/Hag.h"

#include <cstdint>
#include <functional>
#include <string>

namespace hag {

/// The bound on |V_A|.
struct Capacity {
  enum class Kind {
    Nodes,       ///< At most `nodes` aggregation nodes.
    FractionOfV, ///< At most floor(fraction * |V|).
    Unlimited,   ///< Until no pair reaches the threshold.
  };
  Kind kind = Kind::FractionOfV;
  uint64_t nodes = 0;
  double fraction = 0.25;

  /// Parses "N" (an integer), "F" (a number with a '.', a finite positive
  /// fraction of |V|) or "unlimited".
  static Expected<Capacity> parse(const std::string &text);
  /// The node bound for a graph of numNodes nodes; a fraction whose product
  /// passes 2^64 gives UINT64_MAX, no bound, as unlimited does.
  uint64_t resolve(uint64_t numNodes) const;
  /// Text for reports: "|V|/4" for 1/k fractions, "1.5|V|" for others.
  std::string str() const;
};

/// How sequential aggregation orders each input list before the search.
enum class NeighborOrder {
  AsGiven,          ///< Keep the row order of the graph.
  DegreeDescending, ///< Larger |N(u)| first, ties by smaller id (the paper's).
};

/// What a long search reports to its caller.
struct SearchProgress {
  const char *phase;
  uint64_t done;
  uint64_t total;
  double seconds;
};

/// A tiled search numbers each tile's aggregation nodes by groups of this
/// many of the tile's nodes: first those the first group's lists read (and
/// the aggregation nodes those read), in order of depth, then the next
/// group's that are not numbered yet, and so on; those no list reads last.
/// The CPU kernel computes a tile at wide rows in steps of this many nodes,
/// each step after the aggregation rows it reads, so that they are still in
/// L1 when read (docs/CpuPerformance.md, "Steps"). Any numbering in which
/// inputs come first gives the same results; this one makes steps cheap.
constexpr uint32_t kDemandGroupNodes = 4;

/// Options of searchHag; the defaults are the documented ones.
struct SearchOptions {
  AggregationKind kind = AggregationKind::Set;
  Capacity capacity;
  /// Merge a pair only if at least this many lists share it (>= 2). With 3
  /// every merge also cuts edge reads (hag-paper.md section 3).
  uint32_t threshold = 3;
  /// Largest depth of an aggregation node; 0 means no limit.
  uint32_t maxDepth = 0;
  /// Set search: the most inputs of one aggregation node. 2 is the paper's
  /// pair merging. K > 2 widens each merge: from the best pair, the input
  /// most of its lists share is added while that saves more aggregations
  /// with the one node ((r - 1)(|S| - 1) for a set S shared by r lists), so
  /// a capacity of C nodes (C stored rows) removes far more work on graphs
  /// of dense overlapping groups (docs/Search.md "Wider aggregation nodes").
  uint32_t maxInputs = 2;
  /// Set search: lists longer than this are hub lists. They do not take part
  /// in pair counting (which costs deg^2 per list) but still receive every
  /// merge that applies to them, in creation order. 0 means "auto": the
  /// largest degree whose lists keep the counting work within the budget
  /// below, but never less than 8x the mean degree (so graphs without
  /// outliers are searched in full). UINT64_MAX disables the cap.
  uint64_t hubDegree = 0;
  /// Auto hub cap: counting work (sum of deg^2 over counted lists) allowed
  /// per edge, on top of a fixed 2^27.
  uint64_t hubWorkPerEdge = 32;
  NeighborOrder order = NeighborOrder::AsGiven;
  /// 0: one HAG over the whole graph, computed level by level. N: cut V into
  /// tiles of N consecutive nodes and search each tile's lists on their own
  /// (Hag.h, "Tiles"): pairs shared across tiles are not merged, but a
  /// tile's aggregation rows stay in cache while its nodes read them, and
  /// tiles need no barrier. The capacity is shared out over the tiles by
  /// their node count (a node count by their edge count).
  uint32_t tileNodes = 0;
  /// Threads searching tiles at once (0: one per hardware thread). The result
  /// does not depend on it.
  unsigned threads = 0;
  /// Called about once a second while a search runs longer than a second.
  std::function<void(const SearchProgress &)> progress;
};

/// What the search did, besides the HAG.
struct SearchStats {
  double seconds = 0;
  /// Hub cap actually used (UINT64_MAX if none).
  uint64_t hubDegree = 0;
  /// Lists left out of pair counting because they are longer than hubDegree.
  uint64_t hubLists = 0;
  /// Set: pairs that reached the threshold when counting started.
  /// Sequential: trie nodes (distinct prefixes of length >= 2).
  uint64_t initialPairs = 0;
};

/// A HAG and how it was found.
struct SearchResult {
  Hag hag;
  SearchStats stats;
};

/// Applies `order` to every row (a copy of the graph; AsGiven returns it as
/// it is). Sequential HAGs are built for, and checked against, this order.
Csr orderNeighbors(const Csr &graph, NeighborOrder order);

/// Finds a HAG for `graph` (already ordered for Sequential). Fails on invalid
/// options or, for Set, on a row that lists an input twice (a multiset has no
/// set HAG; read the graph with duplicate removal).
Expected<SearchResult> searchHag(const Csr &graph,
                                 const SearchOptions &options);

} // namespace hag

#endif // HAG_SEARCH_HAGSEARCH_H
