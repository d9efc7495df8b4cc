//===- Hag.cpp - HAG levels, structure checks and equivalence -------------===//
//
// Levelization (hag-paper.md section 4, last step) and the equivalence
// checker of Theorem 1: a HAG is correct iff cover(v) == N(v) for every v,
// with each input covered exactly once.
//
//===----------------------------------------------------------------------===//
#include "hag/Search/Hag.h"

#include <algorithm>
#include <string>

using namespace hag;

const char *hag::aggregationKindName(AggregationKind kind) {
  return kind == AggregationKind::Set ? "set" : "sequential";
}

Hag hag::identityHag(const Csr &graph, AggregationKind kind) {
  Hag hag;
  hag.kind = kind;
  hag.numNodes = graph.numNodes;
  hag.listOffsets = graph.offsets;
  hag.listIndices = graph.indices;
  return hag;
}

//===----------------------------------------------------------------------===//
// Levels
//===----------------------------------------------------------------------===//

void hag::levelize(Hag &hag) {
  const NodeId n = hag.numNodes;
  const uint32_t numAgg = hag.numAggNodes();
  // Depths in creation order; inputs come first, so one pass suffices.
  std::vector<uint32_t> depth(numAgg);
  uint32_t maxDepth = 0;
  for (uint32_t k = 0; k < numAgg; ++k) {
    uint32_t d = 0;
    for (NodeId in : hag.aggInputs[k])
      if (in >= n)
        d = std::max(d, depth[in - n]);
    depth[k] = d + 1;
    maxDepth = std::max(maxDepth, depth[k]);
  }
  // Counting sort by depth, stable, gives the new index of every node.
  std::vector<uint32_t> begin(maxDepth + 1, 0);
  for (uint32_t k = 0; k < numAgg; ++k)
    ++begin[depth[k]];
  for (uint32_t l = 0, sum = 0; l <= maxDepth; ++l) {
    uint32_t count = begin[l];
    begin[l] = sum;
    sum += count;
  }
  std::vector<uint32_t> newIndex(numAgg);
  for (uint32_t k = 0; k < numAgg; ++k)
    newIndex[k] = begin[depth[k]]++;
  auto remap = [&](NodeId id) { return id < n ? id : n + newIndex[id - n]; };

  std::vector<uint32_t> oldIndex(numAgg);
  for (uint32_t k = 0; k < numAgg; ++k)
    oldIndex[newIndex[k]] = k;
  AggInputs inputs;
  inputs.reserve(numAgg);
  std::vector<NodeId> scratch;
  for (uint32_t k = 0; k < numAgg; ++k) {
    scratch.clear();
    for (NodeId in : hag.aggInputs[oldIndex[k]])
      scratch.push_back(remap(in));
    inputs.append(scratch.begin(), scratch.end());
  }
  hag.aggInputs = std::move(inputs);
  for (NodeId &id : hag.listIndices)
    id = remap(id);
  // After the pass above begin[l] is the end of depth l; level l-1 holds
  // depth l.
  hag.levelBegin.assign(1, 0);
  for (uint32_t l = 1; l <= maxDepth; ++l)
    hag.levelBegin.push_back(begin[l]);
}

Hag hag::binarize(const Hag &hag) {
  if (hag.aggInputs.isBinary())
    return hag;
  const NodeId n = hag.numNodes;
  Hag out = hag;
  out.aggInputs = AggInputs();
  // newId[k]: the id of the node that now stands for node k (the root of
  // its tree); tiles gain the trees' inner nodes.
  std::vector<NodeId> newId(hag.numAggNodes());
  auto remap = [&](NodeId id) { return id < n ? id : newId[id - n]; };
  std::vector<NodeId> level, next;
  auto add = [&](NodeId a, NodeId b) {
    out.aggInputs.push_back({a, b});
    return NodeId(n + out.aggInputs.size() - 1);
  };
  uint32_t tile = 0;
  for (uint32_t k = 0; k < hag.numAggNodes(); ++k) {
    while (hag.isTiled() && k == hag.tileAggBegin[tile + 1]) {
      out.tileAggBegin[++tile] = uint32_t(out.aggInputs.size());
    }
    level.clear();
    for (NodeId in : hag.aggInputs[k])
      level.push_back(remap(in));
    if (hag.kind == AggregationKind::Sequential) {
      // A chain keeps the fold order: ((in0 + in1) + in2) + ...
      NodeId acc = add(level[0], level[1]);
      for (size_t i = 2; i < level.size(); ++i)
        acc = add(acc, level[i]);
      newId[k] = acc;
      continue;
    }
    // Pairs of pairs: depth ceil(log2 k) instead of k - 1.
    while (level.size() > 1) {
      next.clear();
      for (size_t i = 0; i + 1 < level.size(); i += 2)
        next.push_back(add(level[i], level[i + 1]));
      if (level.size() % 2)
        next.push_back(level.back());
      level.swap(next);
    }
    newId[k] = level[0];
  }
  if (hag.isTiled())
    while (tile + 1 < out.tileAggBegin.size())
      out.tileAggBegin[++tile] = uint32_t(out.aggInputs.size());
  for (NodeId &id : out.listIndices)
    id = remap(id);
  if (out.isTiled()) {
    out.levelBegin = {0};
    if (!out.aggInputs.empty())
      out.levelBegin.push_back(uint32_t(out.aggInputs.size()));
  } else {
    levelize(out);
  }
  return out;
}

std::vector<uint32_t> hag::aggDepths(const Hag &hag) {
  const NodeId n = hag.numNodes;
  std::vector<uint32_t> depth(hag.numAggNodes());
  for (uint32_t k = 0; k < hag.numAggNodes(); ++k) {
    uint32_t d = 0;
    for (NodeId in : hag.aggInputs[k])
      if (in >= n && in - n < k)
        d = std::max(d, depth[in - n]);
    depth[k] = d + 1;
  }
  return depth;
}

uint32_t Hag::maxTileAggNodes() const {
  uint32_t most = 0;
  for (uint32_t t = 0; t < numTiles(); ++t)
    most = std::max(most, tileAggBegin[t + 1] - tileAggBegin[t]);
  return most;
}

//===----------------------------------------------------------------------===//
// Checks
//===----------------------------------------------------------------------===//

namespace {
/// The tile invariants of Hag (lists and ids are already in range).
Status verifyTiles(const Hag &hag) {
  const NodeId n = hag.numNodes;
  const uint32_t numAgg = hag.numAggNodes();
  const auto &nodes = hag.tileNodeBegin;
  const auto &aggs = hag.tileAggBegin;
  if (nodes.size() < 2 || aggs.size() != nodes.size())
    return Status::error("HAG tiles: " + std::to_string(nodes.size()) +
                         " node boundaries and " + std::to_string(aggs.size()) +
                         " aggregation boundaries; both need tiles + 1 >= 2");
  if (nodes.front() != 0 || nodes.back() != n)
    return Status::error("HAG tiles do not cover the " + std::to_string(n) +
                         " input nodes");
  if (aggs.front() != 0 || aggs.back() != numAgg)
    return Status::error("HAG tiles do not cover the " +
                         std::to_string(numAgg) + " aggregation nodes");
  for (size_t t = 0; t + 1 < nodes.size(); ++t) {
    if (nodes[t + 1] <= nodes[t])
      return Status::error("HAG tile " + std::to_string(t) +
                           " has no input nodes");
    if (aggs[t + 1] < aggs[t] || aggs[t + 1] > numAgg)
      return Status::error("HAG tile " + std::to_string(t) +
                           " has aggregation boundary " +
                           std::to_string(aggs[t + 1]) + " out of order");
  }
  std::vector<uint32_t> oneStage = {0};
  if (numAgg)
    oneStage.push_back(numAgg);
  if (hag.levelBegin != oneStage)
    return Status::error("a tiled HAG has one level (levelBegin {0, " +
                         std::to_string(numAgg) + "})");
  for (uint32_t t = 0; t + 1 < nodes.size(); ++t) {
    auto inTile = [&](NodeId id, uint64_t end) {
      return id < n || (id - n >= aggs[t] && id - n < end);
    };
    for (uint32_t k = aggs[t]; k < aggs[t + 1]; ++k)
      for (NodeId in : hag.aggInputs[k])
        if (!inTile(in, k))
          return Status::error(
              "aggregation node " + std::to_string(n + k) + " of tile " +
              std::to_string(t) + " reads " + std::to_string(in) +
              ", which is not an input node or an earlier aggregation node "
              "of its tile");
    for (NodeId v = nodes[t]; v < nodes[t + 1]; ++v)
      for (NodeId x : hag.list(v))
        if (!inTile(x, aggs[t + 1]))
          return Status::error("node " + std::to_string(v) + " of tile " +
                               std::to_string(t) + " reads aggregation node " +
                               std::to_string(x) + " of another tile");
  }
  return Status::success();
}
} // namespace

std::string hag::repeatedInputMessage(NodeId node, NodeId input) {
  return "aggregation node " + std::to_string(node) + " reads input " +
         std::to_string(input) +
         " twice; a set aggregation node reads each input at most once";
}

Status hag::verifyHagStructure(const Hag &hag) {
  const NodeId n = hag.numNodes;
  const uint64_t total = hag.numTotalNodes();
  if (total > uint64_t(kMaxNodeId) + 1)
    return Status::error("HAG has " + std::to_string(total) +
                         " nodes, more than 32-bit ids allow");
  if (hag.listOffsets.size() != uint64_t(n) + 1 || hag.listOffsets[0] != 0 ||
      hag.listOffsets.back() != hag.listIndices.size())
    return Status::error("HAG input lists do not match " + std::to_string(n) +
                         " input nodes");
  for (NodeId v = 0; v < n; ++v)
    if (hag.listOffsets[v + 1] < hag.listOffsets[v])
      return Status::error("HAG list offsets decrease at node " +
                           std::to_string(v));
  for (uint64_t i = 0; i < hag.listIndices.size(); ++i)
    if (hag.listIndices[i] >= total)
      return Status::error("HAG list entry " + std::to_string(i) + " names " +
                           std::to_string(hag.listIndices[i]) +
                           ", beyond the last node " +
                           std::to_string(total - 1));
  for (uint32_t k = 0; k < hag.numAggNodes(); ++k) {
    if (hag.aggInputs[k].size() < 2)
      return Status::error("aggregation node " + std::to_string(n + k) +
                           " has " + std::to_string(hag.aggInputs[k].size()) +
                           " input(s); it needs at least two");
    // In range before any check below indexes by them (the repeat finder
    // is sized to the nodes).
    for (NodeId in : hag.aggInputs[k])
      if (in >= total)
        return Status::error("aggregation node " + std::to_string(n + k) +
                             " reads " + std::to_string(in) +
                             ", beyond the last node " +
                             std::to_string(total - 1));
  }
  // A set node covers each of its inputs once. A sequential node may fold
  // one input twice: a shared prefix of a multigraph's rows ([0, 0, ...]).
  if (hag.kind == AggregationKind::Set) {
    RepeatFinder repeats(hag.numTotalNodes());
    for (uint32_t k = 0; k < hag.numAggNodes(); ++k)
      if (std::optional<NodeId> twice = repeats.firstRepeat(hag.aggInputs[k]))
        return Status::error(repeatedInputMessage(n + k, *twice));
  }
  if (hag.isTiled())
    return verifyTiles(hag);
  if (!hag.tileAggBegin.empty())
    return Status::error("HAG has aggregation tile boundaries but no tiles");
  const std::vector<uint32_t> &levels = hag.levelBegin;
  if (levels.empty() || levels.front() != 0 ||
      levels.back() != hag.numAggNodes())
    return Status::error("HAG levels do not cover the " +
                         std::to_string(hag.numAggNodes()) +
                         " aggregation nodes");
  // Every boundary in range before any is used as an index.
  for (uint32_t l = 0; l < levels.size(); ++l)
    if (levels[l] > hag.numAggNodes())
      return Status::error("HAG level boundary " + std::to_string(l) + " is " +
                           std::to_string(levels[l]) + ", beyond the " +
                           std::to_string(hag.numAggNodes()) +
                           " aggregation nodes");
  std::vector<uint32_t> depth(hag.numAggNodes());
  for (uint32_t l = 0; l + 1 < levels.size(); ++l) {
    if (levels[l + 1] <= levels[l])
      return Status::error("HAG level " + std::to_string(l) + " is empty");
    for (uint32_t k = levels[l]; k < levels[l + 1]; ++k) {
      const NodeId id = n + k;
      uint32_t d = 0;
      for (NodeId in : hag.aggInputs[k]) {
        if (in >= id)
          return Status::error("aggregation node " + std::to_string(id) +
                               " reads " + std::to_string(in) +
                               ", which does not come before it");
        if (in >= n)
          d = std::max(d, depth[in - n]);
      }
      depth[k] = d + 1;
      if (depth[k] != l + 1)
        return Status::error("aggregation node " + std::to_string(id) +
                             " has depth " + std::to_string(depth[k]) +
                             " but sits in level " + std::to_string(l) +
                             " (depth " + std::to_string(l + 1) + ")");
    }
  }
  return Status::success();
}

namespace {
/// Walks cover(x) in order (first input first), calling `leaf` on every input
/// node. An explicit stack: sequential HAGs hold chains as long as a row.
template <typename Fn>
void forEachCovered(const Hag &hag, NodeId x, std::vector<NodeId> &stack,
                    Fn leaf) {
  stack.clear();
  stack.push_back(x);
  while (!stack.empty()) {
    NodeId id = stack.back();
    stack.pop_back();
    if (id < hag.numNodes) {
      leaf(id);
      continue;
    }
    NodeRange in = hag.aggInputs[id - hag.numNodes];
    for (size_t i = in.size(); i-- > 0;)
      stack.push_back(in[i]);
  }
}
} // namespace

Status hag::checkEquivalence(const Csr &graph, const Hag &hag) {
  if (hag.numNodes != graph.numNodes)
    return Status::error("HAG is for " + std::to_string(hag.numNodes) +
                         " nodes but the graph has " +
                         std::to_string(graph.numNodes));
  if (Status s = verifyHagStructure(hag); s.failed())
    return s;
  const NodeId n = graph.numNodes;
  std::vector<NodeId> stack;
  // Set: need[u] counts how often u must still be covered in this row; it
  // returns to zero after each row, so no clearing pass is needed.
  std::vector<int64_t> need(hag.kind == AggregationKind::Set ? n : 0, 0);
  for (NodeId v = 0; v < n; ++v) {
    NodeRange expected = graph.row(v);
    if (hag.kind == AggregationKind::Sequential) {
      uint64_t pos = 0;
      bool mismatch = false;
      NodeId got = 0;
      for (NodeId x : hag.list(v)) {
        forEachCovered(hag, x, stack, [&](NodeId u) {
          if (mismatch)
            return;
          if (pos >= expected.size() || expected[pos] != u) {
            mismatch = true;
            got = u;
            return;
          }
          ++pos;
        });
        if (mismatch)
          break;
      }
      if (mismatch)
        return Status::error("node " + std::to_string(v) + ": position " +
                             std::to_string(pos) + " of the ordered cover is " +
                             std::to_string(got) + " but N(v) has " +
                             (pos < expected.size()
                                  ? std::to_string(expected[pos])
                                  : std::string("no more inputs")));
      if (pos != expected.size())
        return Status::error("node " + std::to_string(v) + ": cover has " +
                             std::to_string(pos) + " inputs but N(v) has " +
                             std::to_string(expected.size()));
      continue;
    }
    for (NodeId u : expected)
      ++need[u];
    Status failure = Status::success();
    for (NodeId x : hag.list(v)) {
      forEachCovered(hag, x, stack, [&](NodeId u) {
        if (--need[u] < 0 && failure.ok())
          failure = Status::error(
              "node " + std::to_string(v) + ": input " + std::to_string(u) +
              (need[u] < -1 || std::find(expected.begin(), expected.end(), u) !=
                                   expected.end()
                   ? " is covered more than once"
                   : " is covered but is not in N(v)"));
      });
    }
    for (NodeId u : expected)
      if (need[u] > 0 && failure.ok())
        failure = Status::error("node " + std::to_string(v) + ": input " +
                                std::to_string(u) + " of N(v) is not covered");
    if (failure.failed())
      return failure;
    // Reset the counters this row touched (covered leaves are a subset of
    // N(v) once the row passed, so N(v) is enough).
    for (NodeId u : expected)
      need[u] = 0;
  }
  return Status::success();
}

std::vector<uint64_t> hag::coverSizes(const Hag &hag) {
  std::vector<uint64_t> size(hag.numTotalNodes(), 1);
  std::fill(size.begin() + hag.numNodes, size.end(), 0);
  for (uint32_t k = 0; k < hag.numAggNodes(); ++k)
    for (NodeId in : hag.aggInputs[k])
      size[hag.numNodes + k] += size[in];
  return size;
}

Csr hag::coveredGraph(const Hag &hag) {
  Csr graph;
  graph.numNodes = hag.numNodes;
  graph.offsets.assign(size_t(hag.numNodes) + 1, 0);
  std::vector<NodeId> stack;
  for (NodeId v = 0; v < hag.numNodes; ++v) {
    // Depth first, last input pushed first, so inputs come out in order.
    NodeRange list = hag.list(v);
    for (auto it = list.end(); it != list.begin();)
      stack.push_back(*--it);
    while (!stack.empty()) {
      NodeId x = stack.back();
      stack.pop_back();
      if (x < hag.numNodes) {
        graph.indices.push_back(x);
        continue;
      }
      NodeRange inputs = hag.aggInputs[x - hag.numNodes];
      for (auto it = inputs.end(); it != inputs.begin();)
        stack.push_back(*--it);
    }
    graph.offsets[v + 1] = graph.indices.size();
  }
  return graph;
}

std::vector<uint64_t> hag::originalDegrees(const Hag &hag) {
  std::vector<uint64_t> cover = coverSizes(hag);
  std::vector<uint64_t> degrees(hag.numNodes, 0);
  for (NodeId v = 0; v < hag.numNodes; ++v)
    for (NodeId x : hag.list(v))
      degrees[v] += cover[x];
  return degrees;
}
