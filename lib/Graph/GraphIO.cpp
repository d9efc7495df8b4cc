//===- GraphIO.cpp - Format names, detection and dispatch -----------------===//
//
// Maps format names to GraphFormat and back, guesses the format of a path
// from its name and first bytes, and sends readGraph to the right reader.
//
//===----------------------------------------------------------------------===//
#include "TextScanner.h"

#include "hag/Graph/GraphIO.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace hag;
using namespace hag::detail;

namespace {

struct FormatName {
  GraphFormat format;
  const char *name;
};

constexpr FormatName kFormatNames[] = {
    {GraphFormat::Auto, "auto"},     {GraphFormat::EdgeList, "edgelist"},
    {GraphFormat::Mtx, "mtx"},       {GraphFormat::Tu, "tu"},
    {GraphFormat::Dgcnn, "dgcnn"},   {GraphFormat::Cites, "cites"},
    {GraphFormat::BinaryCsr, "csr"},
};

std::string_view baseName(std::string_view path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

/// The first line of `text` whose content is not blank, advancing `lines`.
bool nextContentLine(LineReader &lines, std::string_view &line) {
  while (lines.next(line))
    if (!isBlank(line))
      return true;
  return false;
}

/// True if the head of a file reads "G" then "n label", as DGCNN files begin.
bool looksLikeDgcnn(std::string_view head) {
  LineReader lines(head);
  std::string_view line;
  if (!nextContentLine(lines, line))
    return false;
  LineCursor first("", 1, line, Separators::Whitespace);
  uint64_t graphs = 0;
  std::string_view token;
  if (!first.next(token) || parseU64(token, graphs) != ParseResult::Ok ||
      !first.atEnd())
    return false;
  if (!nextContentLine(lines, line))
    return false;
  LineCursor second("", 2, line, Separators::Whitespace);
  uint64_t nodes = 0;
  int64_t label = 0;
  std::string_view nodesToken, labelToken;
  return second.next(nodesToken) &&
         parseU64(nodesToken, nodes) == ParseResult::Ok &&
         second.next(labelToken) && parseI64(labelToken, label) &&
         second.atEnd();
}

} // namespace

std::optional<GraphFormat> hag::parseGraphFormat(const std::string &name) {
  for (const FormatName &entry : kFormatNames)
    if (name == entry.name)
      return entry.format;
  return std::nullopt;
}

const char *hag::graphFormatName(GraphFormat format) {
  for (const FormatName &entry : kFormatNames)
    if (entry.format == format)
      return entry.name;
  return "unknown";
}

Expected<GraphFormat> hag::detectGraphFormat(const std::string &path) {
  struct stat info;
  if (::stat(path.c_str(), &info) != 0)
    return fileError(path, errnoReason(errno));
  if (S_ISDIR(info.st_mode))
    return GraphFormat::Tu;
  std::string_view name = baseName(path);
  if (isTuAdjacencyName(name))
    return GraphFormat::Tu;

  // The first bytes settle binary files (any name) and Matrix Market files
  // without the .mtx extension, which an edge-list reader would misread
  // (it would take the size line for an edge).
  char head[4096];
  int64_t headBytes = 0;
  if (const TextFile *captured = CapturedStream::find(path)) {
    // A stream readGraph read already: look at its bytes, not the drained
    // stream.
    headBytes = int64_t(std::min(sizeof(head), captured->text().size()));
    std::copy_n(captured->text().data(), headBytes, head);
  } else {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
      return fileError(path, errnoReason(errno));
    FdCloser closer(fd);
    headBytes = readFully(fd, head, sizeof(head));
    if (headBytes < 0)
      return fileError(path, "cannot read: " + errnoReason(errno));
  }
  std::string_view headText(head, static_cast<size_t>(headBytes));
  // A file cut inside the magic itself still starts with "HAGCSR": the
  // binary reader then reports the truncation, not the edge-list reader.
  if (headText.substr(0, 8) == std::string_view("HAGCSR1\n", 8) ||
      (headBytes < 8 && headBytes >= 6 && headText.substr(0, 6) == "HAGCSR" &&
       std::string_view("HAGCSR1\n", 8).substr(0, size_t(headBytes)) ==
           headText))
    return GraphFormat::BinaryCsr;
  // A .csr name without the magic is a damaged binary file: its reader says
  // so ("bad magic") where the edge-list reader would complain of a token.
  if (endsWithNoCase(name, ".csr"))
    return GraphFormat::BinaryCsr;
  if (endsWithNoCase(name, ".mtx") ||
      endsWithNoCase(headText.substr(0, 14), "%%MatrixMarket"))
    return GraphFormat::Mtx;
  if (endsWithNoCase(name, ".cites") || endsWithNoCase(name, ".cites.tab"))
    return GraphFormat::Cites;
  if (endsWithNoCase(name, ".txt")) {
    // Only complete lines count; drop a partial last line of the head.
    size_t lastNewline = headText.find_last_of('\n');
    if (headBytes == static_cast<int64_t>(sizeof(head)) &&
        lastNewline != std::string_view::npos)
      headText = headText.substr(0, lastNewline + 1);
    if (looksLikeDgcnn(headText))
      return GraphFormat::Dgcnn;
  }
  return GraphFormat::EdgeList;
}

Expected<Csr> hag::readGraph(const std::string &path,
                             const ReadOptions &options, GraphFormat *read) {
  GraphFormat format = options.format;
  // A stream can be read once: detection looks at its bytes and the reader
  // parses them (CapturedStream), where opening it twice found a pipe
  // drained and waited forever on a FIFO.
  std::optional<CapturedStream> stream;
  if (format == GraphFormat::Auto) {
    Expected<CapturedStream> captured = CapturedStream::captureIfStream(path);
    if (captured.failed())
      return captured.status();
    stream.emplace(captured.take());
    Expected<GraphFormat> detected = detectGraphFormat(path);
    if (detected.failed())
      return detected.status();
    format = *detected;
  }
  if (read)
    *read = format;
  // A binary CSR is read by size from its file, which a stream has not; and
  // a stream is drained once read (a FIFO named .csr waited forever).
  if (stream && CapturedStream::find(path) && format == GraphFormat::BinaryCsr)
    return fileError(path, "is a stream, and a binary CSR is read from a "
                           "regular file only (its sizes are checked against "
                           "the file's before anything is allocated); save "
                           "the stream to a file");
  switch (format) {
  case GraphFormat::EdgeList:
    return readEdgeList(path, options);
  case GraphFormat::Mtx:
    return readMatrixMarket(path, options);
  case GraphFormat::Tu:
    return readTuDataset(path, options);
  case GraphFormat::Dgcnn: {
    Expected<Csr> graph = readDgcnn(path, options);
    // Only this format is told by content alone (a .txt whose first lines
    // are "N" and "n label"): an edge list that starts so is misread.
    if (graph.failed() && options.format == GraphFormat::Auto)
      return Status::error(graph.message() +
                           " (read as DGCNN text, which its first two lines "
                           "look like; --format=edgelist reads it as an "
                           "edge list)");
    return graph;
  }
  case GraphFormat::Cites:
    return readCites(path, options);
  case GraphFormat::BinaryCsr:
    return readBinaryCsr(path);
  case GraphFormat::Auto:
    break;
  }
  return fileError(path, "no reader for this graph format");
}
