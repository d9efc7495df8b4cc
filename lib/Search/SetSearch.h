//===- SetSearch.h - Internal entry points of the searches -----*- C++ -*-===//
//
// searchHag (HagSearch.cpp) validates options and dispatches here.
//
//===----------------------------------------------------------------------===//
#ifndef HAG_LIB_SEARCH_SETSEARCH_H
#define HAG_LIB_SEARCH_SETSEARCH_H

#include "hag/Search/HagSearch.h"

namespace hag {
namespace detail {

/// Fails, naming the node and the input, on a row that lists an input
/// twice: a set HAG covers each input once (SetSearch.cpp).
Status checkDuplicateFree(const Csr &graph);
/// Greedy pair merging for set aggregation (SetSearch.cpp), on a graph that
/// checkDuplicateFree accepts (searchHag checks the whole graph first, so
/// its error names the graph's ids, not a tile's).
Expected<SearchResult> searchSetHag(const Csr &graph,
                                    const SearchOptions &options);
/// The shared-prefix trie for sequential aggregation (SequentialSearch.cpp).
Expected<SearchResult> searchSequentialHag(const Csr &graph,
                                           const SearchOptions &options);
/// Tiles of options.tileNodes nodes, each searched by one of the above.
Expected<SearchResult> searchTiledHag(const Csr &graph,
                                      const SearchOptions &options);

} // namespace detail
} // namespace hag

#endif // HAG_LIB_SEARCH_SETSEARCH_H
