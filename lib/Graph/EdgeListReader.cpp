//===- EdgeListReader.cpp - "u v" edge-list files -------------------------===//
//
// Reads one edge "u v" (or "u,v", optionally followed by a numeric weight that
// is ignored) per line into a CSR graph whose nodes are 0..max id. Ids must be
// dense: files with sparse or string ids belong to the cites reader.
//
//===----------------------------------------------------------------------===//
#include "TextScanner.h"

#include "hag/Graph/GraphIO.h"

#include <string>
#include <vector>

using namespace hag;
using namespace hag::detail;

Expected<Csr> hag::readEdgeList(const std::string &path,
                                const ReadOptions &options) {
  if (options.base > 1)
    return fileError(path, "unsupported id base " +
                               std::to_string(options.base) +
                               " for an edge list (expected 0 or 1)");
  Expected<TextFile> file = TextFile::load(path);
  if (file.failed())
    return file.status();
  std::string_view text = file->text();

  std::vector<Edge> edges;
  edges.reserve(countNewlines(text) + 1);
  NodeId maxId = 0;
  uint64_t maxIdLine = 0;
  LineReader lines(text);
  std::string_view line;
  while (lines.next(line)) {
    if (isBlank(line) || startsWithAny(line, "#%"))
      continue;
    LineCursor cursor(path, lines.lineNumber(), line,
                      Separators::WhitespaceAndComma);
    Edge edge;
    if (Status s = cursor.readNodeId(edge.src, options.base, "node id");
        s.failed())
      return s;
    if (Status s = cursor.readNodeId(edge.dst, options.base, "node id");
        s.failed())
      return s;
    if (!cursor.atEnd()) {
      if (Status s = cursor.readReal("numeric weight"); s.failed())
        return s;
      if (Status s = cursor.expectEnd("expected at most 3 columns 'u v "
                                      "[weight]'");
          s.failed())
        return s;
    }
    NodeId high = edge.src > edge.dst ? edge.src : edge.dst;
    if (high > maxId || maxIdLine == 0) {
      maxId = high;
      maxIdLine = lines.lineNumber();
    }
    edges.push_back(edge);
  }
  if (edges.empty())
    return fileError(path, "no edges found");

  // Node count comes from the largest id, so one stray huge id would make
  // buildCsr allocate for billions of nodes. Real edge lists are far denser
  // than checkNodeCount's bound; refuse before allocating anything.
  uint64_t numNodes = uint64_t(maxId) + 1;
  if (Status s = checkNodeCount(
          path, maxIdLine, numNodes, edges.size(), options,
          "node id " + std::to_string(uint64_t(maxId) + options.base), "edges",
          "edge-list ids must be dense (0..N-1, or 1..N with base 1). Use "
          "--format=cites for files with arbitrary ids");
      s.failed())
    return s;
  return buildCsr(static_cast<NodeId>(numNodes), edges,
                  buildOptionsFor(options, /*defaultSymmetrize=*/false));
}
