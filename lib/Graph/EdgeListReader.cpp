//===- EdgeListReader.cpp - "u v" edge-list files -------------------------===//
//
// Reads one edge "u v" (or "u,v", optionally followed by a numeric weight that
// is ignored) per line into a CSR graph whose nodes are 0..max id, or as many
// as a "# nodes N" comment says. Ids must be dense: files with sparse or
// string ids belong to the cites reader.
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
  // A "# nodes N" line (writeEdgeList's first) gives the node count, which
  // keeps nodes no edge names: those above the largest id, or all of them.
  uint64_t statedNodes = 0, statedLine = 0;
  LineReader lines(text);
  std::string_view line;
  while (lines.next(line)) {
    if (isBlank(line))
      continue;
    if (startsWithAny(line, "#%")) {
      // Exactly "# nodes N"; any other comment, "# nodes are papers"
      // included, is only a comment.
      LineCursor words(path, lines.lineNumber(), line, Separators::Whitespace);
      std::string_view mark, key, count;
      if (words.remaining() == 3 && words.next(mark) && mark == "#" &&
          words.next(key) && key == "nodes" && words.next(count) &&
          count.find_first_not_of("0123456789") == std::string_view::npos) {
        if (statedLine != 0)
          return words.error("a second '# nodes' line (the first is line " +
                             std::to_string(statedLine) + ")");
        LineCursor number(path, lines.lineNumber(), count,
                          Separators::Whitespace);
        if (Status s = number.readU64(statedNodes, "node count"); s.failed())
          return s;
        if (statedNodes > uint64_t(kMaxNodeId) + 1)
          return words.error("'# nodes " + std::string(count) +
                             "' is more nodes than 32-bit ids allow (at "
                             "most " +
                             std::to_string(uint64_t(kMaxNodeId) + 1) + ")");
        statedLine = lines.lineNumber();
      }
      continue;
    }
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
  if (edges.empty() && statedLine == 0)
    return fileError(path, "no edges found");
  if (statedLine != 0 && !edges.empty() && uint64_t(maxId) >= statedNodes)
    return lineError(path, maxIdLine,
                     "node id " +
                         std::to_string(uint64_t(maxId) + options.base) +
                         " is not one of the " + std::to_string(statedNodes) +
                         " nodes of the '# nodes' line (line " +
                         std::to_string(statedLine) + ")");

  // Node count comes from the largest id (or the '# nodes' line), so one
  // stray huge number would make buildCsr allocate for billions of nodes.
  // Real edge lists are far denser than checkNodeCount's bound; refuse
  // before allocating anything.
  uint64_t numNodes = statedLine != 0 ? statedNodes : uint64_t(maxId) + 1;
  if (Status s = checkNodeCount(
          path, statedLine != 0 ? statedLine : maxIdLine, numNodes,
          edges.size(), options,
          statedLine != 0
              ? "'# nodes " + std::to_string(statedNodes) + "'"
              : "node id " + std::to_string(uint64_t(maxId) + options.base),
          "edges",
          "edge-list ids must be dense (0..N-1, or 1..N with base 1). Use "
          "--format=cites for files with arbitrary ids");
      s.failed())
    return s;
  return buildCsr(static_cast<NodeId>(numNodes), edges,
                  buildOptionsFor(options, /*defaultSymmetrize=*/false));
}
