//===- TextScanner.cpp - Shared scanning for the text graph readers -------===//
//
// File loading with one read() per file, line and token splitting over
// string_views, std::from_chars number parsing, and the located messages all
// text readers share.
//
//===----------------------------------------------------------------------===//
#include "TextScanner.h"

#include "hag/Graph/Memory.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <map>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace hag;
using namespace hag::detail;

//===----------------------------------------------------------------------===//
// Files
//===----------------------------------------------------------------------===//

std::string hag::errnoReason(int err) {
  std::string reason = std::strerror(err);
  if (!reason.empty())
    reason[0] =
        static_cast<char>(std::tolower(static_cast<unsigned char>(reason[0])));
  return reason;
}

FdCloser::~FdCloser() {
  if (fd_ >= 0)
    ::close(fd_);
}

int64_t detail::readFully(int fd, char *buffer, size_t size) {
  size_t done = 0;
  while (done < size) {
    ssize_t got = ::read(fd, buffer + done, size - done);
    if (got < 0) {
      if (errno == EINTR)
        continue;
      return -1;
    }
    if (got == 0)
      break;
    done += static_cast<size_t>(got);
  }
  return static_cast<int64_t>(done);
}

namespace {
/// Streams captured by CapturedStream, by path, on this thread.
thread_local std::map<std::string, TextFile> capturedStreams;

/// A stream's bytes may take at most this share of physical memory: the
/// buffer grows by doubling and is copied once more at the end.
constexpr uint64_t kStreamMemoryShare = 4;

/// Reads a stream to its end (see TextFile::load), into `data`.
Status readStream(int fd, const std::string &path, std::vector<char> &data) {
  const uint64_t physical = physicalMemoryBytes();
  const uint64_t limit =
      physical ? physical / kStreamMemoryShare : uint64_t(-1);
  char chunk[1 << 16];
  while (true) {
    int64_t got = readFully(fd, chunk, sizeof(chunk));
    if (got < 0)
      return fileError(path, "cannot read: " + errnoReason(errno));
    if (data.empty() && got > 0) {
      std::string_view head(chunk, size_t(got));
      if (head.substr(0, 6) == "HAGCSR")
        return fileError(path, "is hag's binary CSR, which is read from a "
                               "regular file only (its sizes are checked "
                               "against the file's before anything is "
                               "allocated); save the stream to a file");
      if (size_t nul = head.find('\0'); nul != std::string_view::npos)
        return fileError(path, "byte " + std::to_string(nul) +
                                   " is a NUL, which no text file hag "
                                   "reads holds (graph, plan or "
                                   "coefficients): not a text file");
    }
    if (uint64_t(data.size()) + uint64_t(got) > limit)
      return fileError(path, "still not at its end after " +
                                 formatBytes(data.size()) +
                                 ", a quarter of this machine's memory: "
                                 "read it from a regular file");
    data.insert(data.end(), chunk, chunk + got);
    if (static_cast<size_t>(got) < sizeof(chunk))
      return Status::success();
  }
}

/// Whether `info` is of a stream TextFile::load reads in chunks: anything
/// but a regular file that states its size (a directory is an error).
bool isStream(const struct stat &info) {
  return !S_ISDIR(info.st_mode) &&
         (!S_ISREG(info.st_mode) || info.st_size == 0);
}
} // namespace

Expected<TextFile> TextFile::load(const std::string &path) {
  if (auto it = capturedStreams.find(path); it != capturedStreams.end()) {
    TextFile file = std::move(it->second);
    capturedStreams.erase(it);
    return file;
  }
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return fileError(path, errnoReason(errno));
  FdCloser closer(fd);
  struct stat info;
  if (::fstat(fd, &info) != 0)
    return fileError(path, errnoReason(errno));
  if (S_ISDIR(info.st_mode))
    return fileError(path, "is a directory, expected a file");

  TextFile file;
  file.path_ = path;
  if (!isStream(info)) {
    // One allocation of the exact size and one read: no zero-filling and no
    // regrowth for a file whose size is known.
    size_t size = static_cast<size_t>(info.st_size);
    file.data_.reset(new char[size]);
    int64_t got = readFully(fd, file.data_.get(), size);
    if (got < 0)
      return fileError(path, "cannot read: " + errnoReason(errno));
    file.size_ = static_cast<size_t>(got);
  } else {
    // Pipes, devices and /proc files state no size; read them in chunks.
    std::vector<char> bytes;
    if (Status s = readStream(fd, path, bytes); s.failed())
      return s;
    file.data_.reset(new char[bytes.empty() ? 1 : bytes.size()]);
    std::copy(bytes.begin(), bytes.end(), file.data_.get());
    file.size_ = bytes.size();
  }
  if (file.size_ == 0)
    return fileError(path, "file is empty");
  return file;
}

Expected<CapturedStream>
CapturedStream::captureIfStream(const std::string &path) {
  CapturedStream capture;
  struct stat info;
  if (::stat(path.c_str(), &info) != 0 || !isStream(info) ||
      capturedStreams.count(path))
    return capture;
  Expected<TextFile> file = TextFile::load(path);
  if (file.failed())
    return file.status();
  capturedStreams.emplace(path, file.take());
  capture.path_ = path;
  return capture;
}

CapturedStream::CapturedStream(CapturedStream &&other) noexcept
    : path_(std::move(other.path_)) {
  other.path_.clear();
}

CapturedStream::~CapturedStream() {
  if (!path_.empty())
    capturedStreams.erase(path_);
}

const TextFile *CapturedStream::find(const std::string &path) {
  auto it = capturedStreams.find(path);
  return it == capturedStreams.end() ? nullptr : &it->second;
}

//===----------------------------------------------------------------------===//
// Lines
//===----------------------------------------------------------------------===//

bool LineReader::next(std::string_view &line) {
  if (pos_ >= text_.size())
    return false;
  size_t end = text_.find('\n', pos_);
  size_t stop = end == std::string_view::npos ? text_.size() : end;
  line = text_.substr(pos_, stop - pos_);
  if (!line.empty() && line.back() == '\r')
    line.remove_suffix(1);
  pos_ = end == std::string_view::npos ? text_.size() : end + 1;
  ++lineNumber_;
  return true;
}

std::string_view detail::trimLeft(std::string_view line) {
  size_t i = 0;
  while (i < line.size() && isSpace(line[i]))
    ++i;
  return line.substr(i);
}

bool detail::startsWithAny(std::string_view line, std::string_view marks) {
  std::string_view rest = trimLeft(line);
  return !rest.empty() && marks.find(rest.front()) != std::string_view::npos;
}

size_t detail::countNewlines(std::string_view text) {
  return static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
}

//===----------------------------------------------------------------------===//
// Numbers
//===----------------------------------------------------------------------===//

ParseResult detail::parseU64(std::string_view token, uint64_t &value) {
  if (token.empty())
    return ParseResult::NotANumber;
  const char *first = token.data();
  const char *last = token.data() + token.size();
  // from_chars rejects a sign for unsigned types; tell a negative number
  // apart from garbage so the message can say which it was.
  if (*first == '-') {
    uint64_t ignored;
    auto [ptr, ec] = std::from_chars(first + 1, last, ignored);
    bool digits = ptr == last && ptr != first + 1 &&
                  (ec == std::errc() || ec == std::errc::result_out_of_range);
    return digits ? ParseResult::Negative : ParseResult::NotANumber;
  }
  auto [ptr, ec] = std::from_chars(first, last, value);
  if (ec == std::errc::result_out_of_range) {
    // from_chars stops after the digits even on overflow; anything after
    // them makes the token garbage rather than a big number.
    return ptr == last ? ParseResult::Overflow : ParseResult::NotANumber;
  }
  if (ec != std::errc() || ptr != last)
    return ParseResult::NotANumber;
  return ParseResult::Ok;
}

bool detail::parseI64(std::string_view token, int64_t &value) {
  // As for reals, a leading '+' is allowed where from_chars takes only '-'.
  if (!token.empty() && token.front() == '+') {
    token.remove_prefix(1);
    if (!token.empty() && token.front() == '-')
      return false;
  }
  const char *first = token.data();
  const char *last = token.data() + token.size();
  auto [ptr, ec] = std::from_chars(first, last, value);
  return ec == std::errc() && ptr == last && !token.empty();
}

bool detail::isReal(std::string_view token) {
  // from_chars takes '-' but not '+'; allow one '+' in place of a '-'.
  if (!token.empty() && token.front() == '+') {
    token.remove_prefix(1);
    if (!token.empty() && token.front() == '-')
      return false;
  }
  if (token.empty())
    return false;
  double value;
  const char *last = token.data() + token.size();
  auto [ptr, ec] = std::from_chars(token.data(), last, value);
  // Out of range ("1e999") is still a number; only the syntax matters here.
  return ptr == last &&
         (ec == std::errc() || ec == std::errc::result_out_of_range);
}

//===----------------------------------------------------------------------===//
// Messages
//===----------------------------------------------------------------------===//

std::string detail::quote(std::string_view token) {
  constexpr size_t kMaxShown = 40;
  std::string out = "'";
  size_t shown = std::min(token.size(), kMaxShown);
  for (size_t i = 0; i < shown; ++i) {
    unsigned char c = static_cast<unsigned char>(token[i]);
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      static const char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  if (token.size() > kMaxShown)
    out += "...";
  out += "'";
  return out;
}

const char *detail::article(std::string_view noun) {
  if (noun.empty())
    return "a";
  switch (std::tolower(static_cast<unsigned char>(noun.front()))) {
  case 'a':
  case 'e':
  case 'i':
  case 'o':
  case 'u':
    return "an";
  default:
    return "a";
  }
}

Status detail::fileError(std::string_view path, std::string_view reason) {
  std::string message;
  message.reserve(path.size() + reason.size() + 2);
  message.append(path).append(": ").append(reason);
  return Status::error(std::move(message));
}

Status detail::lineError(std::string_view path, uint64_t line,
                         std::string_view reason) {
  std::string message(path);
  message += ':';
  message += std::to_string(line);
  message += ": ";
  message.append(reason);
  return Status::error(std::move(message));
}

bool detail::equalsNoCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool detail::endsWithNoCase(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         equalsNoCase(s.substr(s.size() - suffix.size()), suffix);
}

bool detail::isTuAdjacencyName(std::string_view fileName) {
  // A name that is only the suffix has no dataset name.
  return fileName.size() > kTuAdjacencySuffix.size() &&
         endsWithNoCase(fileName, kTuAdjacencySuffix);
}

//===----------------------------------------------------------------------===//
// LineCursor
//===----------------------------------------------------------------------===//

namespace {
bool isSeparator(char c, bool commaSeparates) {
  return isSpace(c) || (commaSeparates && c == ',');
}
} // namespace

bool LineCursor::atEnd() {
  while (pos_ < line_.size() && isSeparator(line_[pos_], commaSeparates_))
    ++pos_;
  return pos_ == line_.size();
}

bool LineCursor::next(std::string_view &token) {
  if (atEnd())
    return false;
  size_t start = pos_;
  while (pos_ < line_.size() && !isSeparator(line_[pos_], commaSeparates_))
    ++pos_;
  token = line_.substr(start, pos_ - start);
  return true;
}

size_t LineCursor::remaining() const {
  LineCursor copy = *this;
  size_t count = 0;
  std::string_view token;
  while (copy.next(token))
    ++count;
  return count;
}

Status LineCursor::readToken(std::string_view &token, std::string_view what) {
  if (next(token))
    return Status::success();
  std::string reason = "expected ";
  reason.append(article(what)).append(" ").append(what);
  reason += ", found end of line";
  return error(reason);
}

Status LineCursor::unsignedError(ParseResult result, std::string_view token,
                                 std::string_view what, const char *width) {
  std::string reason;
  switch (result) {
  case ParseResult::Negative:
    reason.append("negative ").append(what).append(" ").append(quote(token));
    break;
  case ParseResult::Overflow:
    reason.append(what).append(" ").append(quote(token));
    reason.append(" overflows ").append(width).append(" bits");
    break;
  default:
    reason.append("expected ").append(article(what)).append(" ");
    reason.append(what).append(", found ").append(quote(token));
    break;
  }
  return error(reason);
}

Status LineCursor::readU64(uint64_t &value, std::string_view what) {
  std::string_view token;
  if (Status s = readToken(token, what); s.failed())
    return s;
  ParseResult result = parseU64(token, value);
  if (result != ParseResult::Ok)
    return unsignedError(result, token, what, "64");
  return Status::success();
}

Status LineCursor::readI64(int64_t &value, std::string_view what) {
  std::string_view token;
  if (Status s = readToken(token, what); s.failed())
    return s;
  if (parseI64(token, value))
    return Status::success();
  std::string reason = "expected ";
  reason.append(article(what)).append(" ").append(what);
  reason.append(", found ").append(quote(token));
  return error(reason);
}

Status LineCursor::readReal(std::string_view what) {
  std::string_view token;
  if (Status s = readToken(token, what); s.failed())
    return s;
  if (isReal(token))
    return Status::success();
  std::string reason = "expected ";
  reason.append(article(what)).append(" ").append(what);
  reason.append(", found ").append(quote(token));
  return error(reason);
}

Status LineCursor::readNodeId(NodeId &id, uint64_t base,
                              std::string_view what) {
  std::string_view token;
  if (Status s = readToken(token, what); s.failed())
    return s;
  uint64_t value = 0;
  ParseResult result = parseU64(token, value);
  // Ids are 32-bit, so a 64-bit overflow is reported as a 32-bit one too.
  if (result != ParseResult::Ok)
    return unsignedError(result, token, what, "32");
  if (value < base) {
    std::string reason(what);
    reason += " " + std::to_string(value) + " is below the base " +
              std::to_string(base);
    return error(reason);
  }
  if (value - base > kMaxNodeId)
    return unsignedError(ParseResult::Overflow, token, what, "32");
  id = static_cast<NodeId>(value - base);
  return Status::success();
}

Status LineCursor::readIndex(uint64_t &value, std::string_view what,
                             uint64_t lo, uint64_t hi) {
  std::string_view token;
  if (Status s = readToken(token, what); s.failed())
    return s;
  ParseResult result = parseU64(token, value);
  if (result == ParseResult::Ok && value >= lo && value <= hi)
    return Status::success();
  if (result == ParseResult::Ok || result == ParseResult::Overflow) {
    std::string reason(what);
    reason += " " + quote(token) + " is out of range " + std::to_string(lo) +
              ".." + std::to_string(hi);
    return error(reason);
  }
  return unsignedError(result, token, what, "64");
}

Status LineCursor::expectEnd(std::string_view expectation) {
  std::string_view token;
  if (!next(token))
    return Status::success();
  std::string reason(expectation);
  reason += ", found extra token " + quote(token);
  return error(reason);
}

//===----------------------------------------------------------------------===//
// Node counts
//===----------------------------------------------------------------------===//

uint64_t detail::sparseNodeLimit(uint64_t numEdges) {
  return saturatingAdd(saturatingMultiply(64, numEdges), uint64_t(1) << 20);
}

Status detail::checkNodeCount(std::string_view path, uint64_t line,
                              uint64_t numNodes, uint64_t numEdges,
                              const ReadOptions &options,
                              std::string_view claim, std::string_view edgeNoun,
                              std::string_view advice) {
  uint64_t limit = sparseNodeLimit(numEdges);
  if (numNodes > limit && !options.allowSparseNodes) {
    std::string reason(claim);
    reason += " would make a graph of " + std::to_string(numNodes) +
              " nodes for only " + std::to_string(numEdges) + " ";
    reason.append(edgeNoun);
    reason += "; more than 64 x ";
    reason.append(edgeNoun);
    reason += " + 2^20 = " + std::to_string(limit) +
              " nodes is refused unless sparse node counts are allowed "
              "(--allow-sparse-nodes; allow_sparse_nodes on hag.graph_load)";
    if (!advice.empty())
      reason.append("; ").append(advice);
    return lineError(path, line, reason);
  }
  uint64_t bytes = csrBuildBytes(numNodes, numEdges, /*symmetrize=*/false);
  std::string what(claim);
  what += ": a graph of " + std::to_string(numNodes) + " nodes and " +
          std::to_string(numEdges) + " ";
  what.append(edgeNoun);
  if (Status s = checkMemoryNeed(what, bytes); s.failed())
    return lineError(path, line, s.message());
  return Status::success();
}
