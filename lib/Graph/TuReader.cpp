//===- TuReader.cpp - TU Dortmund graph-kernel datasets -------------------===//
//
// Reads a TU dataset (DS_A.txt and DS_graph_indicator.txt) as one graph that
// is the disjoint union of all the dataset's graphs: the indicator gives the
// node count, DS_A.txt the 1-based "r, c" edges r -> c.
//
//===----------------------------------------------------------------------===//
#include "TextScanner.h"

#include "hag/Graph/GraphIO.h"

#include <algorithm>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

using namespace hag;
using namespace hag::detail;
namespace fs = std::filesystem;

namespace {

/// The names of the files of `folder` that equal `name` without regard to
/// case, sorted.
std::vector<std::string> namesNoCase(const fs::path &folder,
                                     std::string_view name) {
  std::error_code ec;
  std::vector<std::string> names;
  fs::path dir = folder.empty() ? fs::path(".") : folder;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end;
       it.increment(ec)) {
    std::string entry = it->path().filename().string();
    if (equalsNoCase(entry, name))
      names.push_back(entry);
  }
  std::sort(names.begin(), names.end());
  return names;
}

/// Finds the one "*_A.txt" file of a dataset folder.
Expected<std::string> findAdjacencyFile(const std::string &folder) {
  std::error_code ec;
  std::vector<std::string> names;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end;
       it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (isTuAdjacencyName(name))
      names.push_back(name);
  }
  if (ec)
    return fileError(folder, "cannot list the folder: " + ec.message());
  if (names.empty())
    return fileError(folder, "no '*_A.txt' file in this folder, so it is not "
                             "a TU dataset");
  if (names.size() > 1) {
    std::sort(names.begin(), names.end());
    std::string list;
    for (const std::string &name : names)
      list += (list.empty() ? "" : ", ") + name;
    return fileError(folder, "several '*_A.txt' files (" + list +
                                 "); give the path of the one to read");
  }
  return (fs::path(folder) / names.front()).string();
}

/// The graph of each node of a dataset: one positive graph id per non-blank
/// line, node i's on the i-th.
Expected<std::vector<uint32_t>> graphOfNodes(const std::string &indicatorPath) {
  Expected<TextFile> file = TextFile::load(indicatorPath);
  if (file.failed())
    return file.status();
  LineReader lines(file->text());
  std::string_view line;
  std::vector<uint32_t> graphOf;
  graphOf.reserve(countNewlines(file->text()) + 1);
  while (lines.next(line)) {
    if (isBlank(line))
      continue;
    LineCursor cursor(indicatorPath, lines.lineNumber(), line,
                      Separators::WhitespaceAndComma);
    uint64_t graph = 0;
    if (Status s = cursor.readU64(graph, "graph id"); s.failed())
      return s;
    if (graph == 0)
      return cursor.error("graph id 0 is not positive (TU graph ids start "
                          "at 1)");
    if (graph > UINT32_MAX)
      return cursor.error("graph id " + std::to_string(graph) +
                          " does not fit in 32 bits");
    if (Status s = cursor.expectEnd("expected one graph id per line");
        s.failed())
      return s;
    if (graphOf.size() > uint64_t(kMaxNodeId))
      return fileError(indicatorPath, "more nodes than 32-bit ids allow");
    graphOf.push_back(uint32_t(graph));
  }
  if (graphOf.empty())
    return fileError(indicatorPath, "no graph ids, so the dataset has no "
                                    "nodes");
  return graphOf;
}

} // namespace

Expected<Csr> hag::readTuDataset(const std::string &path,
                                 const ReadOptions &options) {
  std::error_code ec;
  fs::file_status status = fs::status(path, ec);
  if (!fs::exists(status))
    return fileError(path, "no such file or directory");
  if (ec)
    return fileError(path, errnoReason(ec.value()));
  std::string adjacencyPath = path;
  if (fs::is_directory(status)) {
    Expected<std::string> found = findAdjacencyFile(path);
    if (found.failed())
      return found.status();
    adjacencyPath = *found;
  } else {
    if (!isTuAdjacencyName(fs::path(path).filename().string()))
      return fileError(path, "a TU dataset is given as its folder or its "
                             "'DS_A.txt' file");
  }

  fs::path adjacency(adjacencyPath);
  std::string name = adjacency.filename().string();
  std::string dataset = name.substr(0, name.size() - kTuAdjacencySuffix.size());
  std::string indicatorName = dataset + "_graph_indicator.txt";
  std::string indicatorPath =
      (adjacency.parent_path() / indicatorName).string();
  // The adjacency suffix is matched without regard to case, so the
  // indicator's name may differ in case too ("DS_GRAPH_INDICATOR.TXT").
  if (!fs::exists(indicatorPath, ec)) {
    std::vector<std::string> others =
        namesNoCase(adjacency.parent_path(), indicatorName);
    if (others.empty())
      return fileError(adjacencyPath,
                       "missing '" + indicatorName + "' beside it (expected " +
                           indicatorPath + "; it gives the number of nodes)");
    if (others.size() > 1) {
      std::string list;
      for (const std::string &other : others)
        list += (list.empty() ? "'" : ", '") + other + "'";
      return fileError(adjacencyPath, "several files beside it are named '" +
                                          indicatorName + "' but for case (" +
                                          list + "); keep one");
    }
    indicatorPath = (adjacency.parent_path() / others.front()).string();
  }
  Expected<std::vector<uint32_t>> graphOf = graphOfNodes(indicatorPath);
  if (graphOf.failed())
    return graphOf.status();
  uint64_t numNodes = graphOf->size();

  Expected<TextFile> file = TextFile::load(adjacencyPath);
  if (file.failed())
    return file.status();
  std::vector<Edge> edges;
  edges.reserve(countNewlines(file->text()) + 1);
  LineReader lines(file->text());
  std::string_view line;
  while (lines.next(line)) {
    if (isBlank(line))
      continue;
    LineCursor cursor(adjacencyPath, lines.lineNumber(), line,
                      Separators::WhitespaceAndComma);
    uint64_t r = 0, c = 0;
    if (Status s = cursor.readIndex(r, "node id", 1, numNodes); s.failed())
      return s;
    if (Status s = cursor.readIndex(c, "node id", 1, numNodes); s.failed())
      return s;
    if (Status s = cursor.expectEnd("expected one edge 'r, c' per line");
        s.failed())
      return s;
    // The dataset is a disjoint union of graphs (its graph labels, the
    // per-graph pooling of a GNN, rely on it): an edge between two is an
    // error in the files, not an edge.
    if (uint32_t from = (*graphOf)[r - 1], to = (*graphOf)[c - 1]; from != to)
      return cursor.error("edge " + std::to_string(r) + ", " +
                          std::to_string(c) + " joins graph " +
                          std::to_string(from) + " to graph " +
                          std::to_string(to) + " (by " +
                          fs::path(indicatorPath).filename().string() +
                          "); a TU dataset's graphs share no edges");
    edges.push_back(
        Edge{static_cast<NodeId>(r - 1), static_cast<NodeId>(c - 1)});
  }
  return buildCsr(static_cast<NodeId>(numNodes), edges,
                  buildOptionsFor(options, /*defaultSymmetrize=*/false));
}
