//===- Status.h - Error values for the IR-free libraries -------*- C++ -*-===//
//
// The graph and search libraries report failures as values, never by
// exceptions or aborts: a Status is success or one message, and Expected<T>
// is a T or a message. Messages name what was wrong and where
// ("file:line: reason"), so tools can print them as they are.
//
//===----------------------------------------------------------------------===//
#ifndef HAG_GRAPH_STATUS_H
#define HAG_GRAPH_STATUS_H

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace hag {

/// strerror(err) starting in lower case, to follow "PATH: " in a message.
std::string errnoReason(int err);

/// Success, or a failure carrying one human-readable message.
class [[nodiscard]] Status {
public:
  /// Returns the success value.
  static Status success() { return Status(); }
  /// Returns a failure with the given message.
  static Status error(std::string message) {
    Status status;
    status.failed_ = true;
    status.message_ = std::move(message);
    return status;
  }

  /// True if this is a failure.
  bool failed() const { return failed_; }
  /// True if this is success.
  bool ok() const { return !failed_; }
  /// The failure message (empty on success).
  const std::string &message() const { return message_; }

private:
  bool failed_ = false;
  std::string message_;
};

/// A value of type T, or the message of the failure that prevented it.
template <typename T> class [[nodiscard]] Expected {
public:
  /// Holds a value.
  Expected(T value) : value_(std::move(value)) {}
  /// Holds a failure; `status` must be a failure.
  Expected(Status status) : message_(status.message()) {
    assert(status.failed() &&
           "an Expected built from a Status needs a failure");
  }

  /// True if a value is held.
  bool ok() const { return value_.has_value(); }
  /// True if a failure is held.
  bool failed() const { return !value_.has_value(); }
  /// The failure message (empty when a value is held).
  const std::string &message() const { return message_; }
  /// The failure as a Status (success when a value is held).
  Status status() const {
    return ok() ? Status::success() : Status::error(message_);
  }

  T &operator*() {
    assert(ok() && "no value in a failed Expected");
    return *value_;
  }
  const T &operator*() const {
    assert(ok() && "no value in a failed Expected");
    return *value_;
  }
  T *operator->() { return &**this; }
  const T *operator->() const { return &**this; }
  /// Moves the value out.
  T take() { return std::move(**this); }

private:
  std::optional<T> value_;
  std::string message_;
};

} // namespace hag

#endif // HAG_GRAPH_STATUS_H
