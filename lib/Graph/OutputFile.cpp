//===- OutputFile.cpp - Files written whole or not at all -----------------===//
//
// See OutputFile.h for what is written where.
//
//===----------------------------------------------------------------------===//
#include "hag/Graph/OutputFile.h"

#include "TextScanner.h"

#include <cerrno>
#include <charconv>
#include <climits>
#include <cstdlib>
#include <string_view>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace hag;
using namespace hag::detail;

namespace {
constexpr size_t kBufferBytes = size_t(1) << 20;

/// What a file mode is, for messages.
const char *kindOf(mode_t mode) {
  if (S_ISDIR(mode))
    return "a directory";
  if (S_ISBLK(mode))
    return "a block device";
  if (S_ISSOCK(mode))
    return "a socket";
  return "not a regular file";
}

/// The descriptor a path names when it is one of this process's own:
/// /dev/stdout, /dev/stderr, /dev/fd/N, /proc/self/fd/N; else -1.
int ownDescriptor(const std::string &path) {
  if (path == "/dev/stdout")
    return 1;
  if (path == "/dev/stderr")
    return 2;
  for (std::string_view prefix : {"/dev/fd/", "/proc/self/fd/"}) {
    if (path.compare(0, prefix.size(), prefix) != 0)
      continue;
    std::string_view digits = std::string_view(path).substr(prefix.size());
    int fd = 0;
    auto [end, ec] =
        std::from_chars(digits.data(), digits.data() + digits.size(), fd);
    if (!digits.empty() && ec == std::errc() &&
        end == digits.data() + digits.size())
      return fd;
  }
  return -1;
}
} // namespace

OutputFile::OutputFile(std::string path) : path_(std::move(path)) {}

OutputFile::~OutputFile() {
  if (fd_ >= 0)
    ::close(fd_);
  if (!committed_ && !tempPath_.empty())
    ::unlink(tempPath_.c_str());
}

Status OutputFile::failure(const std::string &what, int err) const {
  return fileError(path_, what + ": " + errnoReason(err));
}

Status OutputFile::writeInto(int fd) {
  if (fd < 0)
    return failure("cannot write", errno);
  fd_ = fd;
  target_.clear();
  buffer_.reserve(kBufferBytes);
  return Status::success();
}

Status OutputFile::open() {
  target_ = path_;
  // One of this process's descriptors (standard output, say, redirected to
  // a file or a pipe) is written through a copy of it, at its offset and
  // with its flags: resolving the link to the file and renaming onto it
  // replaced a file the shell was appending to.
  if (int own = ownDescriptor(path_); own >= 0)
    return writeInto(::fcntl(own, F_DUPFD_CLOEXEC, 0));
  struct stat link, info;
  mode_t mode = 0644;
  bool replacing = false;
  if (::lstat(path_.c_str(), &link) == 0) {
    if (::stat(path_.c_str(), &info) != 0) {
      if (errno != ENOENT)
        return failure("cannot write", errno); // a loop of links, say
      // A link to nothing: name where it leads rather than create that.
      char to[PATH_MAX];
      ssize_t size = ::readlink(path_.c_str(), to, sizeof to - 1);
      to[size > 0 ? size : 0] = '\0';
      return fileError(path_, std::string("cannot write: it is a symbolic "
                                          "link to a missing file (") +
                                  to + ")");
    }
    // A device or pipe has no file to replace: write into it.
    if (S_ISCHR(info.st_mode) || S_ISFIFO(info.st_mode))
      return writeInto(::open(path_.c_str(), O_WRONLY | O_CLOEXEC));
    if (!S_ISREG(info.st_mode))
      return fileError(path_, std::string("cannot write: it is ") +
                                  kindOf(info.st_mode));
    // The file written in its place keeps its permissions.
    mode = info.st_mode & 07777;
    replacing = true;
    if (S_ISLNK(link.st_mode)) {
      // Rename onto the file the link leads to, so the link stays.
      char *resolved = ::realpath(path_.c_str(), nullptr);
      if (!resolved)
        return failure("cannot write", errno);
      target_ = resolved;
      std::free(resolved);
    }
  }
  tempPath_ = target_ + ".tmp." + std::to_string(::getpid());
  // A stale file or a link planted at the temporary name is removed, never
  // followed.
  ::unlink(tempPath_.c_str());
  fd_ = ::open(tempPath_.c_str(),
               O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
  if (fd_ < 0) {
    int err = errno;
    tempPath_.clear();
    return failure("cannot write", err);
  }
  // The process's umask may have narrowed the mode of the file replaced.
  if (replacing && ::fchmod(fd_, mode) != 0)
    error_ = errno;
  buffer_.reserve(kBufferBytes);
  return Status::success();
}

void OutputFile::append(const void *data, size_t size) {
  if (error_ != 0)
    return;
  const char *bytes = static_cast<const char *>(data);
  if (buffer_.size() + size > kBufferBytes)
    flush();
  if (size >= kBufferBytes)
    writeRaw(bytes, size);
  else
    buffer_.insert(buffer_.end(), bytes, bytes + size);
}

void OutputFile::flush() {
  if (!buffer_.empty())
    writeRaw(buffer_.data(), buffer_.size());
  buffer_.clear();
}

void OutputFile::writeRaw(const char *data, size_t size) {
  while (size > 0 && error_ == 0) {
    ssize_t put = ::write(fd_, data, size);
    if (put < 0) {
      if (errno != EINTR)
        error_ = errno;
      continue;
    }
    data += put;
    size -= static_cast<size_t>(put);
  }
}

Status OutputFile::commit() {
  if (fd_ < 0)
    return fileError(path_, "cannot write: the file was not opened");
  flush();
  int fd = fd_;
  fd_ = -1;
  if (error_ != 0) {
    ::close(fd);
    return failure("cannot write", error_);
  }
  if (::close(fd) != 0)
    return failure("cannot write", errno);
  if (!tempPath_.empty() && ::rename(tempPath_.c_str(), target_.c_str()) != 0)
    return failure("cannot rename '" + tempPath_ + "' into place", errno);
  committed_ = true;
  return Status::success();
}

Status hag::checkOutputIsNotInput(const std::string &output,
                                  const std::string &input,
                                  std::string_view what) {
  struct stat out, in;
  if (output.empty() || input.empty() || ::stat(output.c_str(), &out) != 0 ||
      ::stat(input.c_str(), &in) != 0)
    return Status::success();
  if (!S_ISREG(out.st_mode))
    return Status::success(); // a device (/dev/null twice) replaces nothing
  if (out.st_dev == in.st_dev && out.st_ino == in.st_ino)
    return Status::error(std::string(what) + "=" + output +
                         ": is the input file " + input +
                         "; writing it would replace the input");
  // A TU dataset (its folder, or its DS_A.txt file) is read file by file:
  // an output that replaces a file of the folder may replace one of the
  // dataset's.
  std::string folder;
  if (S_ISDIR(in.st_mode)) {
    folder = input;
  } else if (isTuAdjacencyName(input.substr(input.find_last_of('/') + 1))) {
    size_t slash = input.find_last_of('/');
    folder = slash == std::string::npos ? "." : input.substr(0, slash + 1);
  }
  struct stat inputFolder;
  if (!folder.empty() && ::stat(folder.c_str(), &inputFolder) == 0) {
    char *resolved = ::realpath(output.c_str(), nullptr);
    std::string outputFolder = resolved ? resolved : "";
    std::free(resolved);
    outputFolder = outputFolder.substr(0, outputFolder.find_last_of('/') + 1);
    struct stat parent;
    if (!outputFolder.empty() && ::stat(outputFolder.c_str(), &parent) == 0 &&
        parent.st_dev == inputFolder.st_dev &&
        parent.st_ino == inputFolder.st_ino)
      return Status::error(std::string(what) + "=" + output +
                           ": would replace a file of the input folder " +
                           folder);
  }
  return Status::success();
}
