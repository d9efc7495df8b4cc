//===- OutputFile.cpp - Files written whole or not at all -----------------===//
//
// See OutputFile.h for what is written where.
//
//===----------------------------------------------------------------------===//
#include "hag/Graph/OutputFile.h"

#include "TextScanner.h"

#include <cerrno>
#include <climits>
#include <cstdlib>

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

Status OutputFile::open() {
  target_ = path_;
  struct stat link, info;
  if (::lstat(path_.c_str(), &link) == 0) {
    if (::stat(path_.c_str(), &info) != 0) {
      // A link to nothing: name where it leads rather than create that.
      char to[PATH_MAX];
      ssize_t size = ::readlink(path_.c_str(), to, sizeof to - 1);
      to[size > 0 ? size : 0] = '\0';
      return fileError(path_, std::string("cannot write: it is a symbolic "
                                          "link to a missing file (") +
                                  to + ")");
    }
    if (S_ISCHR(info.st_mode) || S_ISFIFO(info.st_mode)) {
      // A device or pipe (/dev/stdout leads to one) has no file to
      // replace: write into it.
      fd_ = ::open(path_.c_str(), O_WRONLY | O_CLOEXEC);
      if (fd_ < 0)
        return failure("cannot write", errno);
      target_.clear();
      buffer_.reserve(kBufferBytes);
      return Status::success();
    }
    if (!S_ISREG(info.st_mode))
      return fileError(path_, std::string("cannot write: it is ") +
                                  kindOf(info.st_mode));
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
  fd_ =
      ::open(tempPath_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    int err = errno;
    tempPath_.clear();
    return failure("cannot write", err);
  }
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
  // An input folder (a TU dataset) is read file by file: an output that
  // replaces a file in it may replace one of the dataset's.
  if (S_ISDIR(in.st_mode)) {
    char *resolved = ::realpath(output.c_str(), nullptr);
    std::string folder = resolved ? resolved : "";
    std::free(resolved);
    folder = folder.substr(0, folder.find_last_of('/') + 1);
    struct stat parent;
    if (!folder.empty() && ::stat(folder.c_str(), &parent) == 0 &&
        parent.st_dev == in.st_dev && parent.st_ino == in.st_ino)
      return Status::error(std::string(what) + "=" + output +
                           ": would replace a file of the input folder " +
                           input);
  }
  return Status::success();
}
