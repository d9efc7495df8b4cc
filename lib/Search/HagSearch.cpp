//===- HagSearch.cpp - Search options and dispatch ------------------------===//
//
// Validates SearchOptions, orders neighbours for the sequential class and
// dispatches to the set or sequential search.
//
//===----------------------------------------------------------------------===//
#include "hag/Search/HagSearch.h"

#include "SetSearch.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

using namespace hag;

Expected<Capacity> Capacity::parse(const std::string &text) {
  Capacity capacity;
  if (text == "unlimited") {
    capacity.kind = Kind::Unlimited;
    return capacity;
  }
  const char *begin = text.data(), *end = text.data() + text.size();
  if (text.find('.') != std::string::npos) {
    char *stop = nullptr;
    double fraction = std::strtod(text.c_str(), &stop);
    if (text.empty() || stop != end || !std::isfinite(fraction) ||
        fraction <= 0)
      return Status::error("capacity '" + text +
                           "' is not a positive fraction of |V| such as 0.25");
    capacity.kind = Kind::FractionOfV;
    capacity.fraction = fraction;
    return capacity;
  }
  uint64_t nodes = 0;
  auto [ptr, ec] = std::from_chars(begin, end, nodes);
  if (ec == std::errc::result_out_of_range && ptr == end)
    return Status::error("capacity '" + text +
                         "' is more nodes than 64 bits hold; use 'unlimited'");
  if (text.empty() || ec != std::errc() || ptr != end)
    return Status::error("capacity '" + text +
                         "' is not a node count, a fraction such as 0.25, "
                         "or 'unlimited'");
  capacity.kind = Kind::Nodes;
  capacity.nodes = nodes;
  return capacity;
}

uint64_t Capacity::resolve(uint64_t numNodes) const {
  switch (kind) {
  case Kind::Nodes:
    return nodes;
  case Kind::FractionOfV: {
    // A product past 2^64 (--capacity=1.e30) is no bound at all; converting
    // it to an integer would be undefined and gave 0 nodes.
    double bound = std::floor(fraction * double(numNodes));
    return bound >= 0x1p64 ? UINT64_MAX : uint64_t(bound);
  }
  case Kind::Unlimited:
    return UINT64_MAX;
  }
  return 0;
}

std::string Capacity::str() const {
  switch (kind) {
  case Kind::Nodes:
    return std::to_string(nodes);
  case Kind::FractionOfV: {
    // |V|/k only for a whole k: fractions above 1 have none (1.e30 read
    // |V|/0 when its inverse rounded to 0).
    double inverse = 1.0 / fraction;
    if (fraction <= 1 && std::fabs(inverse - std::round(inverse)) < 1e-9)
      return "|V|/" + std::to_string(int64_t(std::round(inverse)));
    char text[32];
    std::snprintf(text, sizeof text, "%g|V|", fraction);
    return text;
  }
  case Kind::Unlimited:
    return "unlimited";
  }
  return "";
}

Csr hag::orderNeighbors(const Csr &graph, NeighborOrder order) {
  Csr ordered = graph;
  if (order == NeighborOrder::AsGiven)
    return ordered;
  for (NodeId v = 0; v < ordered.numNodes; ++v)
    std::sort(ordered.indices.begin() + ordered.offsets[v],
              ordered.indices.begin() + ordered.offsets[v + 1],
              [&](NodeId x, NodeId y) {
                uint64_t dx = graph.degree(x), dy = graph.degree(y);
                return dx != dy ? dx > dy : x < y;
              });
  return ordered;
}

Expected<SearchResult> hag::searchHag(const Csr &graph,
                                      const SearchOptions &options) {
  if (options.threshold < 2)
    return Status::error(
        "threshold " + std::to_string(options.threshold) +
        " is below 2: a node shared by one list saves nothing");
  if (options.maxInputs < 2)
    return Status::error("max inputs " + std::to_string(options.maxInputs) +
                         " is below 2: an aggregation node combines at least "
                         "two inputs");
  if (options.maxInputs > 2 && options.kind != AggregationKind::Set)
    return Status::error("max inputs " + std::to_string(options.maxInputs) +
                         " needs set aggregation: a sequential HAG's nodes "
                         "are shared prefixes, one input longer each");
  if (Status s = graph.validate(); s.failed())
    return Status::error("invalid graph: " + s.message());
  // Checked here, on the whole graph, so that the error names the graph's
  // own ids; a tile's search sees its rows renumbered.
  if (options.kind == AggregationKind::Set)
    if (Status s = detail::checkDuplicateFree(graph); s.failed())
      return s;
  if (options.tileNodes)
    return detail::searchTiledHag(graph, options);
  if (options.kind == AggregationKind::Set)
    return detail::searchSetHag(graph, options);
  return detail::searchSequentialHag(graph, options);
}
