//===- TextScanner.h - Scanning for the text graph readers ---- -*- C++ -*-===//
//
// Internal to HagGraph (not installed). Loads a file in one read, walks its
// lines with 1-based numbers, splits them into tokens and parses numbers with
// std::from_chars, turning every problem into a "PATH:LINE: reason" Status.
//
//===----------------------------------------------------------------------===//
#ifndef HAG_LIB_GRAPH_TEXTSCANNER_H
#define HAG_LIB_GRAPH_TEXTSCANNER_H

#include "hag/Graph/Csr.h"
#include "hag/Graph/GraphIO.h"
#include "hag/Graph/Status.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace hag {
namespace detail {

/// A whole file held in memory. The bytes live in a heap block that never
/// moves, so string_views into text() stay valid while the TextFile lives,
/// even after the TextFile itself is moved.
class TextFile {
public:
  /// Reads `path` in one go. Fails with "PATH: reason" for a missing,
  /// unreadable or empty file and for a directory. A stream (a pipe, a
  /// device, a file that states no size such as /proc's) is read to its end
  /// in chunks, up to a quarter of this machine's memory: an endless one
  /// (/dev/zero) is refused there, or at its first chunk when that holds a
  /// NUL byte, which no text file hag reads holds. A stream captured for `path`
  /// (CapturedStream) is taken from there instead.
  static Expected<TextFile> load(const std::string &path);

  /// The path as given to load().
  const std::string &path() const { return path_; }
  /// The file's bytes.
  std::string_view text() const { return std::string_view(data_.get(), size_); }

private:
  std::string path_;
  std::unique_ptr<char[]> data_;
  size_t size_ = 0;
};

/// A stream's bytes read once and kept for `path` while this lives, so that
/// format detection can look at them and the reader then parse them (a
/// pipe cannot be opened twice: the second open finds it drained, or a FIFO
/// waits forever for another writer). The reader's TextFile::load(path)
/// takes them.
class CapturedStream {
public:
  /// Captures `path` when it is a stream (see TextFile::load); does nothing
  /// for a regular file, a directory or a path that cannot be stat'ed.
  static Expected<CapturedStream> captureIfStream(const std::string &path);
  ~CapturedStream();
  CapturedStream(CapturedStream &&other) noexcept;
  CapturedStream(const CapturedStream &) = delete;
  CapturedStream &operator=(const CapturedStream &) = delete;
  CapturedStream &operator=(CapturedStream &&) = delete;

  /// The captured bytes of `path` not yet taken by a load, or null.
  static const TextFile *find(const std::string &path);

private:
  CapturedStream() = default;
  std::string path_;
};

/// Closes a file descriptor on every return path.
class FdCloser {
public:
  explicit FdCloser(int fd) : fd_(fd) {}
  ~FdCloser();
  FdCloser(const FdCloser &) = delete;
  FdCloser &operator=(const FdCloser &) = delete;

private:
  int fd_;
};

/// Reads up to `size` bytes from descriptor `fd`, retrying after signals and
/// short reads. Returns the count read (less than `size` only at end of file)
/// or -1 with errno set.
int64_t readFully(int fd, char *buffer, size_t size);

/// Iterates the lines of a text, without their "\n" or "\r\n" ends.
class LineReader {
public:
  explicit LineReader(std::string_view text) : text_(text) {}

  /// Moves to the next line; false at the end of the text. A final line
  /// without a newline is still a line; the empty tail after a final newline
  /// is not.
  bool next(std::string_view &line);
  /// The 1-based number of the line last returned by next().
  uint64_t lineNumber() const { return lineNumber_; }

private:
  std::string_view text_;
  size_t pos_ = 0;
  uint64_t lineNumber_ = 0;
};

/// Which characters separate tokens.
enum class Separators {
  Whitespace,         ///< Spaces, tabs, '\r', '\v', '\f'.
  WhitespaceAndComma, ///< The above and ','; runs of them count as one.
};

/// True for the whitespace characters the readers skip.
inline bool isSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/// The line without leading whitespace.
std::string_view trimLeft(std::string_view line);
/// True if the line holds only whitespace.
inline bool isBlank(std::string_view line) { return trimLeft(line).empty(); }
/// True if the first non-blank character of `line` is one of `marks`.
bool startsWithAny(std::string_view line, std::string_view marks);

/// True if `a` equals `b` without regard to ASCII case, as Matrix Market
/// header words are compared.
bool equalsNoCase(std::string_view a, std::string_view b);

/// True if `s` ends with `suffix`, compared without regard to ASCII case, as
/// file extensions are ("graph.MTX").
bool endsWithNoCase(std::string_view s, std::string_view suffix);

/// True for the name of a TU dataset's adjacency file: "DS_A.txt" with a
/// non-empty DS, the suffix compared without regard to case ("DS_a.TXT").
/// Format detection and the TU reader both decide by this.
bool isTuAdjacencyName(std::string_view fileName);
/// The suffix isTuAdjacencyName looks for.
inline constexpr std::string_view kTuAdjacencySuffix = "_A.txt";

/// How parsing an unsigned integer went.
enum class ParseResult { Ok, NotANumber, Negative, Overflow };

/// Parses all of `token` as a decimal unsigned 64-bit integer.
ParseResult parseU64(std::string_view token, uint64_t &value);
/// Parses all of `token` as a decimal signed 64-bit integer (an optional
/// leading '+' is allowed).
bool parseI64(std::string_view token, int64_t &value);
/// True if all of `token` is a real number (an optional leading '+' is
/// allowed, as text exporters write it; "inf" and "nan" count as numbers).
bool isReal(std::string_view token);

/// A token as it appears in a message: quoted, shortened when long and with
/// non-printable bytes escaped, so a binary file cannot flood a terminal.
std::string quote(std::string_view token);
/// "a" or "an", whichever reads right before `noun`.
const char *article(std::string_view noun);

/// "PATH: reason".
Status fileError(std::string_view path, std::string_view reason);
/// "PATH:LINE: reason".
Status lineError(std::string_view path, uint64_t line, std::string_view reason);

/// The tokens of one line, read left to right, with errors located at that
/// line. `what` arguments name the expected token ("node id", "row index"),
/// so messages read "expected a node id, found 'abc'".
class LineCursor {
public:
  LineCursor(std::string_view path, uint64_t lineNumber, std::string_view line,
             Separators separators)
      : path_(path), lineNumber_(lineNumber), line_(line),
        commaSeparates_(separators == Separators::WhitespaceAndComma) {}

  /// True if only separators are left.
  bool atEnd();
  /// Takes the next token; false (and `token` untouched) at the end.
  bool next(std::string_view &token);
  /// Counts the tokens left without consuming them.
  size_t remaining() const;

  /// Takes the next token; fails with "expected a WHAT, found end of line".
  Status readToken(std::string_view &token, std::string_view what);
  /// Takes an unsigned 64-bit integer.
  Status readU64(uint64_t &value, std::string_view what);
  /// Takes a signed 64-bit integer.
  Status readI64(int64_t &value, std::string_view what);
  /// Takes a real number and discards it (weights, attributes).
  Status readReal(std::string_view what);
  /// Takes a node id written with first id `base` and returns it 0-based;
  /// fails if it is below the base or does not fit in a NodeId.
  Status readNodeId(NodeId &id, uint64_t base, std::string_view what);
  /// Takes an integer that must lie in [lo, hi].
  Status readIndex(uint64_t &value, std::string_view what, uint64_t lo,
                   uint64_t hi);
  /// Fails with "EXPECTATION, found extra token 'x'" unless at the end.
  Status expectEnd(std::string_view expectation);

  /// "PATH:LINE: reason" for this line.
  Status error(std::string_view reason) const {
    return lineError(path_, lineNumber_, reason);
  }
  /// The line number errors are reported at.
  uint64_t lineNumber() const { return lineNumber_; }

private:
  Status unsignedError(ParseResult result, std::string_view token,
                       std::string_view what, const char *width);

  std::string_view path_;
  uint64_t lineNumber_;
  std::string_view line_;
  size_t pos_ = 0;
  bool commaSeparates_;
};

/// The BuildOptions a reader passes to buildCsr: the user's filters, and
/// symmetrize from the user or else the format's default.
inline BuildOptions buildOptionsFor(const ReadOptions &options,
                                    bool defaultSymmetrize) {
  BuildOptions build;
  build.symmetrize = options.symmetrize.value_or(defaultSymmetrize);
  build.dropDuplicates = options.dropDuplicates;
  build.dropSelfLoops = options.dropSelfLoops;
  return build;
}

/// The node-count guard of the readers whose node count comes from one number
/// in the file (an edge list's largest id, a Matrix Market size line), checked
/// before buildCsr allocates a row per node. Refuses, at PATH:LINE:
///   - a count above 64 x `numEdges` + 2^20 unless options.allowSparseNodes
///     ("CLAIM would make a graph of N nodes for only E EDGENOUN; more than
///     ... is refused unless sparse node counts are allowed
///     (--allow-sparse-nodes; allow_sparse_nodes on hag.graph_load); ADVICE");
///   - a count whose CSR, with `numEdges` edges, needs more than physical
///     memory (hag/Graph/Memory.h), even when sparse counts are allowed.
/// `claim` names the number ("node id 5000000"), `edgeNoun` what the file
/// counts ("edges", "entries"), `advice` the format's own remedy (may be
/// empty).
Status checkNodeCount(std::string_view path, uint64_t line, uint64_t numNodes,
                      uint64_t numEdges, const ReadOptions &options,
                      std::string_view claim, std::string_view edgeNoun,
                      std::string_view advice);

/// The most nodes checkNodeCount accepts for `numEdges` edges without
/// ReadOptions::allowSparseNodes: 64 x numEdges + 2^20.
uint64_t sparseNodeLimit(uint64_t numEdges);

/// Number of '\n' in `text`, used to reserve edge vectors.
size_t countNewlines(std::string_view text);

} // namespace detail
} // namespace hag

#endif // HAG_LIB_GRAPH_TEXTSCANNER_H
