//===- Csr.h - Compressed sparse row graphs --------------------*- C++ -*-===//
//
// The graph every hag library works on. Convention (used everywhere): an edge
// u -> v means that v aggregates u, so row v of the CSR is v's input list
// N(v). Node ids are 32-bit, offsets 64-bit. The order of a row is kept as
// built, which matters for sequential aggregation.
//
//===----------------------------------------------------------------------===//
#ifndef HAG_GRAPH_CSR_H
#define HAG_GRAPH_CSR_H

#include "hag/Graph/Status.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace hag {

/// A node id. Ids of input nodes are 0..numNodes-1.
using NodeId = uint32_t;
/// The largest id a graph may use; one less than the sentinel ~0u.
constexpr NodeId kMaxNodeId = 0xFFFFFFFEu;

/// A read-only view of a contiguous run of node ids (a row).
class NodeRange {
public:
  NodeRange(const NodeId *begin, const NodeId *end)
      : begin_(begin), end_(end) {}
  const NodeId *begin() const { return begin_; }
  const NodeId *end() const { return end_; }
  size_t size() const { return static_cast<size_t>(end_ - begin_); }
  bool empty() const { return begin_ == end_; }
  NodeId operator[](size_t i) const { return begin_[i]; }

private:
  const NodeId *begin_;
  const NodeId *end_;
};

/// Finds an id that one list names twice, list after list, in time linear in
/// the entries: each id keeps the number of the last list that named it.
/// Set aggregation covers each input once, so the readers, the search and
/// verifyHagStructure refuse such lists.
class RepeatFinder {
public:
  /// For lists of ids below `numIds`.
  explicit RepeatFinder(uint64_t numIds) : lastList_(numIds, 0) {}
  /// The first entry of `list` that an earlier entry of it names, if any.
  std::optional<NodeId> firstRepeat(NodeRange list) {
    if (++list_ == 0) { // wrapped: forget every list before
      std::fill(lastList_.begin(), lastList_.end(), 0);
      list_ = 1;
    }
    for (NodeId id : list) {
      if (lastList_[id] == list_)
        return id;
      lastList_[id] = list_;
    }
    return std::nullopt;
  }

private:
  std::vector<uint32_t> lastList_;
  uint32_t list_ = 0;
};

/// A directed graph in CSR form over the input lists.
///
/// Invariants (checked by validate()):
///   offsets.size() == numNodes + 1, offsets[0] == 0, offsets non-decreasing,
///   offsets[numNodes] == indices.size(), every index < numNodes.
struct Csr {
  /// Number of nodes |V|.
  NodeId numNodes = 0;
  /// Row starts; row v is indices[offsets[v] .. offsets[v+1]).
  std::vector<uint64_t> offsets{0};
  /// Concatenated input lists.
  std::vector<NodeId> indices;

  /// Number of edges |E| (entries over all rows).
  uint64_t numEdges() const { return indices.size(); }
  /// The input list N(v).
  NodeRange row(NodeId v) const {
    return NodeRange(indices.data() + offsets[v],
                     indices.data() + offsets[v + 1]);
  }
  /// |N(v)|.
  uint64_t degree(NodeId v) const { return offsets[v + 1] - offsets[v]; }
  /// Largest |N(v)| over all v (0 for an empty graph).
  uint64_t maxDegree() const;
  /// Checks the structural invariants; the message names the first violation.
  Status validate() const;
};

/// One directed edge u -> v (v aggregates u).
struct Edge {
  NodeId src;
  NodeId dst;
};

/// How raw edges become a CSR graph.
struct BuildOptions {
  /// Add v -> u for every u -> v (before dropping duplicates).
  bool symmetrize = false;
  /// Keep only the first occurrence of a repeated edge.
  bool dropDuplicates = true;
  /// Drop edges u -> u.
  bool dropSelfLoops = true;
};

/// The most memory buildCsr holds at once for `numNodes` nodes and
/// `numEdges` edges, the edges it reads included: per node its counts and
/// cursor, later its counts, duplicate stamps and the result's offsets (20
/// bytes); per edge the Edge read and its index in the result, two indices
/// with symmetrize (12 or 16 bytes). Saturates instead of wrapping. The
/// readers and generators check it against physical memory
/// (hag/Graph/Memory.h) before they allocate.
uint64_t csrBuildBytes(uint64_t numNodes, uint64_t numEdges, bool symmetrize);

/// Builds a CSR graph from edges whose ids are all < numNodes. Within a row
/// the inputs keep the order of `edges` (stable); with symmetrize the reversed
/// edges come after all original ones, so a row lists its original inputs
/// first. O(|V| + |E|) time and one extra pass of O(|V|) scratch for
/// duplicate removal.
Csr buildCsr(NodeId numNodes, const std::vector<Edge> &edges,
             const BuildOptions &options);

/// Returns a copy of `graph` with every row sorted by id.
Csr sortedRows(const Csr &graph);

/// Returns the transpose: row u lists every v with u in N(v) (u's consumers),
/// rows sorted by v.
Csr transpose(const Csr &graph);

} // namespace hag

#endif // HAG_GRAPH_CSR_H
