//===- Hag.h - The HAG plan: aggregation nodes, levels, lists --*- C++ -*-===//
//
// A HAG (hag-paper.md section 2) as plain arrays: the inputs of every
// aggregation node, grouped into levels that can run in parallel, and the
// input list N^(v) of every node over V u V_A. One plan serves every layer,
// the backward pass and the runtime; nothing here points into IR. This file
// also holds the equivalence checker (Theorem 1) and the metrics of section 3.
//
//===----------------------------------------------------------------------===//
#ifndef HAG_SEARCH_HAG_H
#define HAG_SEARCH_HAG_H

#include "hag/Graph/Csr.h"
#include "hag/Graph/Status.h"

#include <array>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

namespace hag {

/// The aggregation classes of hag-paper.md section 2.
enum class AggregationKind {
  /// Order-invariant (sum, mean, max, min): any shared subset can be reused.
  Set,
  /// Ordered fold (LSTM-style): only shared prefixes can be reused.
  Sequential,
};

/// "set" or "sequential".
const char *aggregationKindName(AggregationKind kind);

/// The inputs of every aggregation node: node k reads aggInputs[k], two or
/// more ids. Stored flat (offsets + ids) so a node may read any number of
/// inputs; the paper's search has exactly two (isBinary). `--max-inputs`
/// searches make wider nodes: one stored row for a shared set of k inputs,
/// which the CPU kernels run as it is and the GPU kernels in its two-input
/// form (binarize, kernelForm).
class AggInputs {
public:
  AggInputs() = default;
  AggInputs(std::initializer_list<std::initializer_list<NodeId>> nodes) {
    for (const auto &inputs : nodes)
      push_back(inputs);
  }

  /// Number of aggregation nodes.
  size_t size() const { return offsets_.size() - 1; }
  bool empty() const { return size() == 0; }
  /// The inputs of node k, in order.
  NodeRange operator[](size_t k) const {
    return NodeRange(ids_.data() + offsets_[k], ids_.data() + offsets_[k + 1]);
  }
  /// The inputs of node k, to renumber them in place.
  NodeId *mutableInputs(size_t k) { return ids_.data() + offsets_[k]; }
  /// Appends a node reading `inputs`.
  void push_back(std::initializer_list<NodeId> inputs) {
    append(inputs.begin(), inputs.end());
  }
  void push_back(NodeRange inputs) { append(inputs.begin(), inputs.end()); }
  template <typename It> void append(It begin, It end) {
    ids_.insert(ids_.end(), begin, end);
    offsets_.push_back(ids_.size());
  }
  void reserve(size_t nodes) {
    offsets_.reserve(nodes + 1);
    ids_.reserve(2 * nodes);
  }
  /// Inputs over all nodes (2 |V_A| when binary).
  uint64_t numInputs() const { return ids_.size(); }
  /// Every node's inputs, one after another: for a binary HAG the inputs of
  /// node k are entries 2k and 2k + 1 (a plan's agg_inputs layout).
  const std::vector<NodeId> &flatInputs() const { return ids_; }
  /// Node k reads flatInputs()[inputOffsets()[k] .. inputOffsets()[k+1])
  /// (a wide plan's agg_offsets).
  const std::vector<uint64_t> &inputOffsets() const { return offsets_; }
  /// True if every node reads exactly two inputs.
  bool isBinary() const { return ids_.size() == 2 * size(); }
  bool operator==(const AggInputs &other) const {
    return offsets_ == other.offsets_ && ids_ == other.ids_;
  }
  bool operator!=(const AggInputs &other) const { return !(*this == other); }

  /// Iterates the nodes' input ranges in order.
  class iterator {
  public:
    iterator(const AggInputs *inputs, size_t k) : inputs_(inputs), k_(k) {}
    NodeRange operator*() const { return (*inputs_)[k_]; }
    iterator &operator++() {
      ++k_;
      return *this;
    }
    bool operator!=(const iterator &other) const { return k_ != other.k_; }

  private:
    const AggInputs *inputs_;
    size_t k_;
  };
  iterator begin() const { return iterator(this, 0); }
  iterator end() const { return iterator(this, size()); }

private:
  std::vector<uint64_t> offsets_{0};
  std::vector<NodeId> ids_;
};

/// A HAG over a graph of numNodes input nodes.
///
/// Definitions and invariants (checked by verifyHagStructure):
///   - Ids 0..numNodes-1 are input nodes V; id numNodes + k is aggregation
///     node k of V_A, with the inputs aggInputs[k]: two (the paper's HAG) or
///     more (a --max-inputs search). In a Set HAG each id is an input of a
///     node at most once; a Sequential node may repeat one (a prefix
///     [u, u, ...] shared by rows of a multigraph).
///   - Inputs come first: every input of node numNodes + k is < numNodes + k.
///   - Levels (untiled HAG): levelBegin has numLevels + 1 entries over
///     aggregation indices; level l (0-based) holds aggregation nodes
///     levelBegin[l] .. levelBegin[l+1]-1, and the depth of each of them is
///     exactly l + 1 (depth of an input node is 0, of an aggregation node 1 +
///     the larger depth of its inputs). So a level only reads earlier levels.
///   - listOffsets/listIndices are the final input lists N^(v) of the input
///     nodes, with ids over V u V_A. Order matters for Sequential.
///   - Tiles (optional; tileNodeBegin is empty when the HAG is not tiled):
///     tile t holds the input nodes tileNodeBegin[t] .. tileNodeBegin[t+1]-1
///     (consecutive, at least one) and the aggregation nodes tileAggBegin[t]
///     .. tileAggBegin[t+1]-1 (indices into aggInputs). An aggregation node
///     reads input nodes and aggregation nodes of its own tile; a list of a
///     node of tile t names input nodes and aggregation nodes of tile t. So
///     one thread computes a tile from start to end with its aggregation rows
///     in a small scratch buffer that stays in cache, and tiles run in
///     parallel without a barrier: a tiled HAG has one level (one stage),
///     whatever the depth of its nodes inside a tile.
struct Hag {
  AggregationKind kind = AggregationKind::Set;
  NodeId numNodes = 0;
  AggInputs aggInputs;
  std::vector<uint32_t> levelBegin{0};
  std::vector<uint64_t> listOffsets{0};
  std::vector<NodeId> listIndices;
  std::vector<NodeId> tileNodeBegin;
  std::vector<uint32_t> tileAggBegin;

  /// |V_A|.
  uint32_t numAggNodes() const {
    return static_cast<uint32_t>(aggInputs.size());
  }
  /// Number of levels: the depth of the deepest aggregation node, or for a
  /// tiled HAG 1 (one stage of tiles; 0 without aggregation nodes).
  uint32_t numLevels() const {
    return static_cast<uint32_t>(levelBegin.size()) - 1;
  }
  /// |V| + |V_A|.
  uint64_t numTotalNodes() const { return uint64_t(numNodes) + numAggNodes(); }
  /// N^(v) for an input node v.
  NodeRange list(NodeId v) const {
    return NodeRange(listIndices.data() + listOffsets[v],
                     listIndices.data() + listOffsets[v + 1]);
  }
  /// True if the HAG is cut into tiles (see above).
  bool isTiled() const { return !tileNodeBegin.empty(); }
  /// Number of tiles (0 when not tiled).
  uint32_t numTiles() const {
    return isTiled() ? static_cast<uint32_t>(tileNodeBegin.size()) - 1 : 0;
  }
  /// Most aggregation nodes of one tile: the scratch rows a tile needs.
  uint32_t maxTileAggNodes() const;
  /// True if `id` names an aggregation node.
  bool isAggNode(NodeId id) const { return id >= numNodes; }
};

/// The two-input form of `hag`: every node of k > 2 inputs becomes k - 1
/// two-input nodes (a balanced tree for Set, a left-to-right chain for
/// Sequential, so the order is kept), then levels are rebuilt. Aggregations
/// are unchanged; aggregation nodes (stored rows) and edge reads grow. A
/// binary HAG is returned as it is. Tiles are kept (each tree stays in its
/// node's tile).
Hag binarize(const Hag &hag);

/// Returns the HAG that adds nothing: N^(v) = N(v).
Hag identityHag(const Csr &graph, AggregationKind kind);

/// Renumbers aggregation nodes by depth (stable within a depth) into
/// contiguous levels, rewrites all ids, and fills levelBegin. Expects inputs to
/// come first (any order of depths).
void levelize(Hag &hag);

/// Depth of every aggregation node (1 + the larger depth of its inputs; input
/// nodes have depth 0), indexed by aggregation index.
std::vector<uint32_t> aggDepths(const Hag &hag);

/// Checks the invariants listed on Hag; the message names the first broken one
/// and the node.
Status verifyHagStructure(const Hag &hag);

/// "aggregation node NODE reads input INPUT twice; ...": the error of a set
/// aggregation node that repeats an input, from verifyHagStructure and the
/// HAG text reader alike.
std::string repeatedInputMessage(NodeId node, NodeId input);

/// The equivalence checker (Theorem 1): structure, then cover(v) == N(v) for
/// every v, each input covered exactly once; as a multiset for Set, as an
/// ordered list for Sequential. O(|V| + |E| + |V_A|).
Status checkEquivalence(const Csr &graph, const Hag &hag);

/// |cover(x)| for every x in V u V_A (1 for input nodes); for an input node v,
/// the sum over N^(v) is v's original degree, which normalisation needs.
std::vector<uint64_t> coverSizes(const Hag &hag);

/// The graph `hag` aggregates: row v lists cover(N^(v)), the input nodes
/// under v's list, in order (the original graph of a correct HAG, up to the
/// order of a set's rows). Lets a plan's plain counterpart be priced when
/// only the plan is known. O(|V| + |E| + |V_A|).
Csr coveredGraph(const Hag &hag);

/// Every input node's original degree |N(v)| = sum of |cover(x)| over its
/// list N^(v): what mean and degree normalisation divide by.
std::vector<uint64_t> originalDegrees(const Hag &hag);

/// The counts of hag-paper.md section 3.
struct HagMetrics {
  uint64_t nodes = 0;
  uint64_t edges = 0;
  uint64_t aggNodes = 0;
  uint64_t levels = 0;
  /// Tiles (0: not tiled) and the deepest aggregation node.
  uint64_t tiles = 0;
  uint64_t depth = 0;
  /// sum over v of max(deg(v) - 1, 0).
  uint64_t aggregationsBefore = 0;
  /// sum over V u V_A of max(|N^(x)| - 1, 0).
  uint64_t aggregationsAfter = 0;
  /// |E|.
  uint64_t edgeReadsBefore = 0;
  /// sum over V of |N^(v)| + the inputs of every aggregation node (2 |V_A|
  /// for a two-input HAG).
  uint64_t edgeReadsAfter = 0;

  double aggregationReduction() const {
    return aggregationsAfter ? double(aggregationsBefore) / aggregationsAfter
                             : 1.0;
  }
  double edgeReadReduction() const {
    return edgeReadsAfter ? double(edgeReadsBefore) / edgeReadsAfter : 1.0;
  }
};

/// Computes the metrics of `hag` over `graph`.
HagMetrics computeMetrics(const Csr &graph, const Hag &hag);

/// The metrics of aggregating over `graph` directly (no aggregation nodes;
/// the "after" counts equal the "before" ones).
HagMetrics plainMetrics(const Csr &graph);

/// Computes the metrics of `hag` alone: the plain graph's degrees are the
/// cover sizes of the lists (|cover(N^(v))| = deg(v) for a correct HAG), so
/// `edges` and the "before" counts come from the HAG itself.
HagMetrics computeMetrics(const Hag &hag);

} // namespace hag

#endif // HAG_SEARCH_HAG_H
