//===- TestGraphs.h - Small graphs for the search tests --------*- C++ -*-===//
//
// Builders for hand-made graphs, so each test states its input lists
// directly: lists[v] is N(v); a search that checks its result; and the
// shared real graphs beside the checkout.
//
//===----------------------------------------------------------------------===//
#ifndef HAG_UNITTESTS_SEARCH_TESTGRAPHS_H
#define HAG_UNITTESTS_SEARCH_TESTGRAPHS_H

#include "hag/Graph/Csr.h"
#include "hag/Graph/GraphIO.h"
#include "hag/Search/HagSearch.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace hag {
namespace test {

/// The graph whose input lists are `lists`, in the given order.
inline Csr graphFromLists(const std::vector<std::vector<NodeId>> &lists) {
  Csr graph;
  graph.numNodes = NodeId(lists.size());
  for (const auto &list : lists) {
    graph.indices.insert(graph.indices.end(), list.begin(), list.end());
    graph.offsets.push_back(graph.indices.size());
  }
  return graph;
}

/// The inputs of aggregation node k, to compare with a list.
inline std::vector<NodeId> inputsOf(const Hag &hag, size_t k) {
  NodeRange in = hag.aggInputs[k];
  return std::vector<NodeId>(in.begin(), in.end());
}

/// Searches and checks equivalence; fails the test on any error.
inline Hag searchChecked(const Csr &graph, const SearchOptions &options) {
  Expected<SearchResult> result = searchHag(graph, options);
  EXPECT_TRUE(result.ok()) << result.message();
  if (result.failed())
    return Hag();
  Status check = checkEquivalence(graph, result->hag);
  EXPECT_TRUE(check.ok()) << check.message();
  return result->hag;
}

/// The shared dataset at `relative` (under the datasets folder): nullopt if
/// it is absent (the caller skips), a failed Expected if it does not read.
inline std::optional<Expected<Csr>> readDataset(const char *relative) {
  std::string path = std::string(HAG_DATASETS_DIR) + "/" + relative;
  Expected<GraphFormat> format = detectGraphFormat(path);
  if (format.failed())
    return std::nullopt;
  ReadOptions read;
  read.format = *format;
  return readGraph(path, read);
}

} // namespace test
} // namespace hag

#endif // HAG_UNITTESTS_SEARCH_TESTGRAPHS_H
