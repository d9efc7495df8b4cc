//===- Csr.cpp - CSR construction and checks ------------------------------===//
//
// Building a CSR graph from raw edges with a stable counting sort, so rows
// keep the input order (sequential aggregation depends on it), and duplicate
// removal with one stamp array instead of a sort.
//
//===----------------------------------------------------------------------===//
#include "hag/Graph/Csr.h"
#include "hag/Graph/Memory.h"

#include <algorithm>
#include <string>

using namespace hag;

uint64_t Csr::maxDegree() const {
  uint64_t best = 0;
  for (NodeId v = 0; v < numNodes; ++v)
    best = std::max(best, degree(v));
  return best;
}

Status Csr::validate() const {
  if (offsets.size() != uint64_t(numNodes) + 1)
    return Status::error("CSR has " + std::to_string(offsets.size()) +
                         " offsets for " + std::to_string(numNodes) +
                         " nodes (expected nodes + 1)");
  if (offsets[0] != 0)
    return Status::error("CSR offsets must start at 0, found " +
                         std::to_string(offsets[0]));
  for (NodeId v = 0; v < numNodes; ++v)
    if (offsets[v + 1] < offsets[v])
      return Status::error("CSR offsets decrease at node " + std::to_string(v));
  if (offsets[numNodes] != indices.size())
    return Status::error("CSR offsets end at " +
                         std::to_string(offsets[numNodes]) + " but there are " +
                         std::to_string(indices.size()) + " indices");
  for (uint64_t i = 0; i < indices.size(); ++i)
    if (indices[i] >= numNodes)
      return Status::error("CSR index " + std::to_string(i) + " is " +
                           std::to_string(indices[i]) + ", not below " +
                           std::to_string(numNodes) + " nodes");
  return Status::success();
}

uint64_t hag::csrBuildBytes(uint64_t numNodes, uint64_t numEdges,
                            bool symmetrize) {
  const uint64_t perEdge = sizeof(Edge) + (symmetrize ? 2 : 1) * sizeof(NodeId);
  const uint64_t perNode = 2 * sizeof(uint64_t) + sizeof(NodeId);
  return saturatingAdd(saturatingMultiply(numNodes, perNode),
                       saturatingMultiply(numEdges, perEdge));
}

Csr hag::buildCsr(NodeId numNodes, const std::vector<Edge> &edges,
                  const BuildOptions &options) {
  Csr graph;
  graph.numNodes = numNodes;
  // Count, per destination, the edges that survive the self-loop filter; the
  // reverse edges of a symmetrized graph are a second pass over `edges`.
  std::vector<uint64_t> counts(uint64_t(numNodes) + 1, 0);
  auto keep = [&](const Edge &e) {
    return !(options.dropSelfLoops && e.src == e.dst);
  };
  for (const Edge &e : edges)
    if (keep(e)) {
      ++counts[e.dst + 1];
      if (options.symmetrize)
        ++counts[e.src + 1];
    }
  for (NodeId v = 0; v < numNodes; ++v)
    counts[v + 1] += counts[v];
  std::vector<NodeId> indices(counts[numNodes]);
  std::vector<uint64_t> cursor(counts.begin(), counts.end() - 1);
  for (const Edge &e : edges)
    if (keep(e))
      indices[cursor[e.dst]++] = e.src;
  if (options.symmetrize)
    for (const Edge &e : edges)
      if (keep(e))
        indices[cursor[e.src]++] = e.dst;
  cursor.clear();
  cursor.shrink_to_fit();

  if (!options.dropDuplicates) {
    graph.offsets = std::move(counts);
    graph.indices = std::move(indices);
    return graph;
  }
  // Compact each row in place, keeping the first occurrence of every input:
  // lastRow[u] == v + 1 means u was already seen in row v.
  std::vector<NodeId> lastRow(numNodes, 0);
  graph.offsets.assign(uint64_t(numNodes) + 1, 0);
  uint64_t out = 0;
  for (NodeId v = 0; v < numNodes; ++v) {
    for (uint64_t i = counts[v]; i < counts[v + 1]; ++i) {
      NodeId u = indices[i];
      if (lastRow[u] == v + 1)
        continue;
      lastRow[u] = v + 1;
      indices[out++] = u;
    }
    graph.offsets[v + 1] = out;
  }
  indices.resize(out);
  indices.shrink_to_fit();
  graph.indices = std::move(indices);
  return graph;
}

Csr hag::sortedRows(const Csr &graph) {
  Csr sorted = graph;
  for (NodeId v = 0; v < sorted.numNodes; ++v)
    std::sort(sorted.indices.begin() + sorted.offsets[v],
              sorted.indices.begin() + sorted.offsets[v + 1]);
  return sorted;
}

Csr hag::transpose(const Csr &graph) {
  Csr result;
  result.numNodes = graph.numNodes;
  result.offsets.assign(uint64_t(graph.numNodes) + 1, 0);
  for (NodeId u : graph.indices)
    ++result.offsets[u + 1];
  for (NodeId v = 0; v < graph.numNodes; ++v)
    result.offsets[v + 1] += result.offsets[v];
  result.indices.resize(graph.indices.size());
  std::vector<uint64_t> cursor(result.offsets.begin(),
                               result.offsets.end() - 1);
  // Visiting rows in order makes every transposed row sorted.
  for (NodeId v = 0; v < graph.numNodes; ++v)
    for (NodeId u : graph.row(v))
      result.indices[cursor[u]++] = v;
  return result;
}
