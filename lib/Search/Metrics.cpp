//===- Metrics.cpp - Aggregation and edge-read counts ---------------------===//
//
// The accounting of hag-paper.md section 3: aggregations are binary
// combines, edge reads are rows read by an aggregation.
//
//===----------------------------------------------------------------------===//
#include "hag/Search/Hag.h"

#include <algorithm>

using namespace hag;

namespace {
/// The "after" counts and the HAG's size.
void addHagCounts(HagMetrics &m, const Hag &hag) {
  m.aggNodes = hag.numAggNodes();
  m.levels = hag.numLevels();
  m.tiles = hag.numTiles();
  for (uint32_t depth : aggDepths(hag))
    m.depth = std::max<uint64_t>(m.depth, depth);
  for (NodeId v = 0; v < hag.numNodes; ++v) {
    uint64_t after = hag.list(v).size();
    m.aggregationsAfter += after ? after - 1 : 0;
    m.edgeReadsAfter += after;
  }
  // A node of k inputs: k - 1 aggregations, k reads.
  m.aggregationsAfter += hag.aggInputs.numInputs() - hag.numAggNodes();
  m.edgeReadsAfter += hag.aggInputs.numInputs();
}

/// The "before" counts of a node whose original degree is `degree`.
void addPlainCounts(HagMetrics &m, uint64_t degree) {
  m.edges += degree;
  m.aggregationsBefore += degree ? degree - 1 : 0;
  m.edgeReadsBefore += degree;
}
} // namespace

HagMetrics hag::plainMetrics(const Csr &graph) {
  HagMetrics m;
  m.nodes = graph.numNodes;
  for (NodeId v = 0; v < graph.numNodes; ++v)
    addPlainCounts(m, graph.degree(v));
  // Without a HAG the "after" counts are the "before" ones.
  m.aggregationsAfter = m.aggregationsBefore;
  m.edgeReadsAfter = m.edgeReadsBefore;
  return m;
}

HagMetrics hag::computeMetrics(const Csr &graph, const Hag &hag) {
  HagMetrics m;
  m.nodes = graph.numNodes;
  for (NodeId v = 0; v < graph.numNodes; ++v)
    addPlainCounts(m, graph.degree(v));
  addHagCounts(m, hag);
  return m;
}

HagMetrics hag::computeMetrics(const Hag &hag) {
  std::vector<uint64_t> cover = coverSizes(hag);
  HagMetrics m;
  m.nodes = hag.numNodes;
  for (NodeId v = 0; v < hag.numNodes; ++v) {
    uint64_t degree = 0;
    for (NodeId x : hag.list(v))
      degree += cover[x];
    addPlainCounts(m, degree);
  }
  addHagCounts(m, hag);
  return m;
}
