//===- MtxReader.cpp - Matrix Market coordinate files ---------------------===//
//
// Reads a square "matrix coordinate" Matrix Market file as an adjacency
// matrix: entry (i, j) says row i aggregates column j, i.e. edge j -> i.
// Symmetric files list one triangle; the mirrored entries are added here.
//
//===----------------------------------------------------------------------===//
#include "TextScanner.h"

#include "hag/Graph/GraphIO.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

using namespace hag;
using namespace hag::detail;

namespace {

enum class Field { Pattern, Integer, Real };

constexpr const char *kExpectedHeader =
    "'%%MatrixMarket matrix coordinate <pattern|integer|real> "
    "<general|symmetric>'";

/// Parses the header line into the field and the symmetry.
Status parseHeader(const std::string &path, std::string_view line, Field &field,
                   bool &symmetric) {
  LineCursor cursor(path, 1, line, Separators::Whitespace);
  std::string_view word;
  if (!cursor.next(word) || !equalsNoCase(word, "%%MatrixMarket"))
    return cursor.error(std::string("missing Matrix Market header: expected ") +
                        kExpectedHeader);
  auto nextWord = [&](const char *what) -> Status {
    if (cursor.next(word))
      return Status::success();
    return cursor.error(std::string("incomplete Matrix Market header: "
                                    "missing the ") +
                        what + " word; expected " + kExpectedHeader);
  };
  if (Status s = nextWord("object"); s.failed())
    return s;
  if (!equalsNoCase(word, "matrix"))
    return cursor.error("unsupported Matrix Market object " + quote(word) +
                        " (expected 'matrix')");
  if (Status s = nextWord("format"); s.failed())
    return s;
  if (!equalsNoCase(word, "coordinate"))
    return cursor.error("unsupported Matrix Market format " + quote(word) +
                        " (expected 'coordinate'; dense 'array' files are "
                        "not graphs)");
  if (Status s = nextWord("field"); s.failed())
    return s;
  if (equalsNoCase(word, "pattern"))
    field = Field::Pattern;
  else if (equalsNoCase(word, "integer"))
    field = Field::Integer;
  else if (equalsNoCase(word, "real"))
    field = Field::Real;
  else
    return cursor.error("unsupported Matrix Market field " + quote(word) +
                        " (expected pattern, integer or real)");
  if (Status s = nextWord("symmetry"); s.failed())
    return s;
  if (equalsNoCase(word, "general"))
    symmetric = false;
  else if (equalsNoCase(word, "symmetric"))
    symmetric = true;
  else
    return cursor.error("unsupported Matrix Market symmetry " + quote(word) +
                        " (expected general or symmetric)");
  return cursor.expectEnd(std::string("expected ") + kExpectedHeader);
}

} // namespace

Expected<Csr> hag::readMatrixMarket(const std::string &path,
                                    const ReadOptions &options) {
  Expected<TextFile> file = TextFile::load(path);
  if (file.failed())
    return file.status();
  LineReader lines(file->text());
  std::string_view line;
  lines.next(line); // load() refuses empty files, so there is a first line.
  Field field = Field::Pattern;
  bool symmetric = false;
  if (Status s = parseHeader(path, line, field, symmetric); s.failed())
    return s;

  // The size line follows the '%' comments.
  bool haveSize = false;
  while (!haveSize && lines.next(line))
    haveSize = !isBlank(line) && !startsWithAny(line, "%");
  if (!haveSize)
    return fileError(path, "missing the size line 'rows cols entries' after "
                           "the header");
  const uint64_t sizeLineNumber = lines.lineNumber();
  LineCursor sizeLine(path, sizeLineNumber, line, Separators::Whitespace);
  uint64_t rows = 0, cols = 0, nnz = 0;
  if (Status s = sizeLine.readU64(rows, "row count"); s.failed())
    return s;
  if (Status s = sizeLine.readU64(cols, "column count"); s.failed())
    return s;
  if (Status s = sizeLine.readU64(nnz, "entry count"); s.failed())
    return s;
  if (Status s = sizeLine.expectEnd("expected the size line 'rows cols "
                                    "entries'");
      s.failed())
    return s;
  if (rows != cols)
    return sizeLine.error("the matrix is " + std::to_string(rows) + " x " +
                          std::to_string(cols) +
                          ", but an adjacency matrix must be square");
  if (rows == 0)
    return sizeLine.error("the matrix has 0 rows (an empty graph)");
  if (rows > uint64_t(kMaxNodeId) + 1)
    return sizeLine.error(std::to_string(rows) +
                          " rows do not fit in 32-bit node ids");

  // nnz is untrusted: every entry takes at least 4 bytes ("1 1\n"), so the
  // file size caps what is worth reserving.
  uint64_t reserve = std::min<uint64_t>(nnz, file->text().size() / 4 + 1);
  std::vector<Edge> edges;
  edges.reserve(symmetric ? 2 * reserve : reserve);
  const char *valueName =
      field == Field::Integer ? "integer value" : "numeric value";
  uint64_t found = 0;
  while (lines.next(line)) {
    if (isBlank(line) || startsWithAny(line, "%"))
      continue;
    LineCursor cursor(path, lines.lineNumber(), line, Separators::Whitespace);
    if (found == nnz)
      return cursor.error("more entries than the " + std::to_string(nnz) +
                          " declared in the size line");
    uint64_t i = 0, j = 0;
    if (Status s = cursor.readIndex(i, "row index", 1, rows); s.failed())
      return s;
    if (Status s = cursor.readIndex(j, "column index", 1, cols); s.failed())
      return s;
    if (field == Field::Pattern) {
      if (Status s = cursor.expectEnd("a pattern matrix entry is 'i j' "
                                      "without a value");
          s.failed())
        return s;
    } else {
      if (field == Field::Integer) {
        int64_t ignored;
        if (Status s = cursor.readI64(ignored, valueName); s.failed())
          return s;
      } else if (Status s = cursor.readReal(valueName); s.failed()) {
        return s;
      }
      if (Status s = cursor.expectEnd("expected an entry 'i j value'");
          s.failed())
        return s;
    }
    edges.push_back(
        Edge{static_cast<NodeId>(j - 1), static_cast<NodeId>(i - 1)});
    ++found;
  }
  if (found < nnz)
    return fileError(path, "truncated: expected " + std::to_string(nnz) +
                               " entries, found " + std::to_string(found));
  // The row count is one number in the file: guard it as the edge-list
  // reader guards its largest id, before buildCsr allocates a row per node.
  if (Status s = checkNodeCount(
          path, sizeLineNumber, rows, nnz, options,
          "the size line's " + std::to_string(rows) + " rows", "entries", "");
      s.failed())
    return s;

  // Mirrored entries go after all stored ones, as buildCsr's symmetrize does,
  // so a row lists the file's own entries first.
  if (symmetric) {
    size_t stored = edges.size();
    for (size_t k = 0; k < stored; ++k)
      if (edges[k].src != edges[k].dst)
        edges.push_back(Edge{edges[k].dst, edges[k].src});
  }
  return buildCsr(static_cast<NodeId>(rows), edges,
                  buildOptionsFor(options, /*defaultSymmetrize=*/false));
}
