//===- OutputFile.h - Files written whole or not at all --------*- C++ -*-===//
//
// Every file hag writes (graphs, plans, cost coefficients) goes through
// OutputFile: readers never see half a file, a failed write leaves the
// target as it was, and what stands at the path decides how it is written.
//
//===----------------------------------------------------------------------===//
#ifndef HAG_GRAPH_OUTPUTFILE_H
#define HAG_GRAPH_OUTPUTFILE_H

#include "hag/Graph/Status.h"

#include <string>
#include <string_view>
#include <vector>

namespace hag {

/// A file being written. What is at `path` decides where the bytes go:
/// - nothing, or a regular file: a temporary file beside it ("PATH.tmp.PID"),
///   renamed onto `path` by commit();
/// - a symbolic link: the same for the regular file it leads to, so the link
///   stays a link (a link to nothing, or to a directory, is refused);
/// - a character device or a pipe (/dev/stdout, /dev/null, a FIFO): written
///   directly, since there is no file to replace;
/// - a directory or anything else: refused by open(), naming what it is.
/// Anything not committed is removed. Output is buffered; the first failure
/// is kept and reported by commit().
class OutputFile {
public:
  explicit OutputFile(std::string path);
  ~OutputFile();
  OutputFile(const OutputFile &) = delete;
  OutputFile &operator=(const OutputFile &) = delete;

  /// Opens the temporary file (or the device); errors name the path.
  Status open();
  /// Appends bytes; failures surface in commit().
  void append(const void *data, size_t size);
  void append(std::string_view text) { append(text.data(), text.size()); }
  /// Flushes, closes and (for a file) renames it into place.
  Status commit();

private:
  /// Writes into `fd` as it stands (a device, a pipe, a descriptor of
  /// ours), without a temporary file; fails, with errno, for fd < 0.
  Status writeInto(int fd);
  void flush();
  void writeRaw(const char *data, size_t size);
  Status failure(const std::string &what, int err) const;

  std::string path_;
  /// The file renamed onto (path_ or the file its link leads to), and the
  /// temporary name it is written under; empty when written directly.
  std::string target_;
  std::string tempPath_;
  std::vector<char> buffer_;
  int fd_ = -1;
  int error_ = 0;
  bool committed_ = false;
};

/// Refuses to write `output` when it is the file `input` was read from (the
/// same file through any path or link): the write would replace the input.
/// `what` names the option ("--emit", "-o").
Status checkOutputIsNotInput(const std::string &output,
                             const std::string &input, std::string_view what);

} // namespace hag

#endif // HAG_GRAPH_OUTPUTFILE_H
