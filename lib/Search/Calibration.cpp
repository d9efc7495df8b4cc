//===- Calibration.cpp - Measuring the cost model's coefficients ----------===//
//
// Four timings, each the median of repeated runs after a warm-up:
//   write:       every thread fills its rows of an N x D output;
//   aggregation: every thread sums the input rows of its rows (the plain
//                kernel); the gather bandwidth is its bytes read over its
//                time minus the write time;
//   level:       threads crossing a barrier, per crossing;
//   launch:      starting and joining the threads (the fixed cost).
//
//===----------------------------------------------------------------------===//
#include "hag/Search/Calibration.h"

#include "hag/Graph/Memory.h"
#include "hag/Graph/OutputFile.h"

// The line scanner of the graph readers (internal to HagGraph).
#include "../Graph/TextScanner.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <sys/stat.h>
#include <system_error>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace hag;

namespace {

using Clock = std::chrono::steady_clock;

/// Runs `body(thread)` on `threads` threads and returns the wall seconds.
/// The workers wait until all of them have started, so a thread the system
/// refuses ends the run with a message before any body runs (a body waiting
/// at a barrier for a thread that never came would wait forever).
Expected<double> runThreads(unsigned threads,
                            const std::function<void(unsigned)> &body) {
  enum : int { kWait, kGo, kStop };
  std::atomic<int> state{kWait};
  auto start = Clock::now();
  std::vector<std::thread> workers;
  std::string failure;
  try {
    for (unsigned t = 1; t < threads; ++t)
      workers.emplace_back([&state, &body, t] {
        int now;
        while ((now = state.load(std::memory_order_acquire)) == kWait)
          std::this_thread::yield();
        if (now == kGo)
          body(t);
      });
  } catch (const std::system_error &error) {
    failure = "cannot start " + std::to_string(threads) + " worker threads (" +
              std::to_string(workers.size() + 1) + " started): " + error.what();
  }
  state.store(failure.empty() ? kGo : kStop, std::memory_order_release);
  if (failure.empty())
    body(0);
  for (std::thread &worker : workers)
    worker.join();
  if (!failure.empty())
    return Status::error(failure);
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

/// A sense-reversing spin barrier (levels in a kernel are such barriers).
class SpinBarrier {
public:
  explicit SpinBarrier(unsigned count) : count_(count), waiting_(count) {}
  void wait(bool &localSense) {
    localSense = !localSense;
    if (waiting_.fetch_sub(1) == 1) {
      waiting_.store(count_);
      sense_.store(localSense, std::memory_order_release);
    } else {
      while (sense_.load(std::memory_order_acquire) != localSense)
        std::this_thread::yield();
    }
  }

private:
  const unsigned count_;
  std::atomic<unsigned> waiting_;
  std::atomic<bool> sense_{false};
};

} // namespace

unsigned hag::maxCalibrationThreads() {
  return 4 * std::max(1u, std::thread::hardware_concurrency());
}

uint64_t hag::calibrationBytes(uint64_t numNodes, uint64_t featureWidth) {
  return saturatingMultiply(2 * sizeof(float),
                            saturatingMultiply(numNodes, featureWidth));
}

Expected<CostCoefficients> hag::calibrateCpu(const Csr &graph,
                                             const CalibrationOptions &options,
                                             CalibrationReport &report) {
  if (graph.numNodes == 0 || graph.numEdges() == 0)
    return Status::error("calibration needs a graph with edges, and this one "
                         "has " +
                         std::to_string(graph.numNodes) + " nodes and " +
                         std::to_string(graph.numEdges()) + " edges");
  if (options.featureWidth == 0 || options.repeats == 0)
    return Status::error("calibration needs a feature width and repeats > 0, "
                         "not " +
                         std::to_string(options.featureWidth) + " and " +
                         std::to_string(options.repeats));
  if (options.threads > maxCalibrationThreads())
    return Status::error("calibration with " + std::to_string(options.threads) +
                         " worker threads: at most " +
                         std::to_string(maxCalibrationThreads()) +
                         " (4 per hardware thread) are allowed");
  unsigned threads = options.threads
                         ? options.threads
                         : std::max(1u, std::thread::hardware_concurrency());
  report.threads = threads;
  const uint64_t n = graph.numNodes, d = options.featureWidth;
  if (Status s = checkMemoryNeed(
          "calibration at feature width " + std::to_string(d) + " (two " +
              std::to_string(n) + " x " + std::to_string(d) + " float arrays)",
          calibrationBytes(n, d));
      s.failed())
    return s;
  std::vector<float> x(n * d), y(n * d);
  for (uint64_t i = 0; i < x.size(); ++i)
    x[i] = float(i % 251) * 0.01f;
  auto rows = [&](unsigned t) {
    return std::make_pair(n * t / threads, n * (t + 1) / threads);
  };

  // The median of the repeated runs after a warm-up; a run that could not
  // start its threads stops the calibration.
  Status threadFailure = Status::success();
  auto timed = [&](const std::function<Expected<double>()> &run) {
    std::vector<double> times;
    for (unsigned r = 0; r <= options.repeats && threadFailure.ok(); ++r) {
      Expected<double> seconds = run();
      if (seconds.failed())
        threadFailure = seconds.status();
      else if (r > 0) // run 0 is the warm-up
        times.push_back(*seconds);
    }
    return times.empty() ? 0.0 : median(times);
  };
  report.writeSeconds = timed([&] {
    return runThreads(threads, [&](unsigned t) {
      auto [begin, end] = rows(t);
      std::fill(y.begin() + begin * d, y.begin() + end * d, 1.0f);
    });
  });
  report.aggregationSeconds = timed([&] {
    return runThreads(threads, [&](unsigned t) {
      auto [begin, end] = rows(t);
      for (uint64_t v = begin; v < end; ++v) {
        float *out = y.data() + v * d;
        std::fill(out, out + d, 0.0f);
        for (NodeId u : graph.row(NodeId(v))) {
          const float *in = x.data() + uint64_t(u) * d;
          for (uint64_t k = 0; k < d; ++k)
            out[k] += in[k];
        }
      }
    });
  });
  report.launchSeconds =
      timed([&] { return runThreads(threads, [](unsigned) {}); });
  constexpr unsigned kCrossings = 2000;
  double barrierRun = timed([&] {
    SpinBarrier barrier(threads);
    return runThreads(threads, [&](unsigned) {
      bool sense = false;
      for (unsigned i = 0; i < kCrossings; ++i)
        barrier.wait(sense);
    });
  });
  if (threadFailure.failed())
    return threadFailure;
  report.levelSeconds =
      std::max(0.0, barrierRun - report.launchSeconds) / kCrossings;

  // Bytes as CostFormulas counts them.
  double rowBytes = double(d) * sizeof(float);
  double writeBytes = double(n) * rowBytes;
  double readBytes = double(graph.numEdges()) * rowBytes +
                     4.0 * double(graph.numEdges()) + 8.0 * double(n + 1);
  CostCoefficients c;
  c.writeBytesPerSecond = writeBytes / report.writeSeconds;
  // The aggregation writes its rows too; what is left is the gathering.
  double gatherSeconds =
      std::max(report.aggregationSeconds - report.writeSeconds,
               0.1 * report.aggregationSeconds);
  c.gatherBytesPerSecond = readBytes / gatherSeconds;
  c.secondsPerLevel = report.levelSeconds;
  c.secondsFixed = report.launchSeconds;
  return c;
}

//===----------------------------------------------------------------------===//
// The coefficients file
//===----------------------------------------------------------------------===//

Status hag::checkCoefficientsWritable(const std::string &path) {
  // A device or pipe is written into, and opening one to test it would be
  // its whole write (a FIFO's reader saw its end, and the write hung).
  struct stat info;
  if (::stat(path.c_str(), &info) == 0 &&
      (S_ISCHR(info.st_mode) || S_ISFIFO(info.st_mode)))
    return Status::success();
  // Else opening is the test (the temporary file beside `path`, removed
  // unused), so `path` itself is left as it was.
  OutputFile file(path);
  return file.open();
}

Status hag::writeCoefficients(const std::string &path, CostTarget target,
                              const CostCoefficients &c,
                              const std::string &comment) {
  std::string text;
  auto line = [&](const char *key, double value) {
    char buffer[96];
    std::snprintf(buffer, sizeof buffer, "%s %.6g\n", key, value);
    text += buffer;
  };
  // v2 adds the cache model's keys; a file without them is a v1 one.
  text += "# hag cost coefficients v" +
          std::to_string(c.modelsCaches() ? 2 : 1) + " (docs/CostModel.md)\n";
  if (!comment.empty())
    text += "# " + comment + "\n";
  text += std::string("target ") +
          (target == CostTarget::Cpu ? "cpu" : "cuda") + "\n";
  line("gather_bytes_per_second", c.gatherBytesPerSecond);
  line("write_bytes_per_second", c.writeBytesPerSecond);
  line("seconds_per_level", c.secondsPerLevel);
  line("seconds_fixed", c.secondsFixed);
  if (c.modelsCaches()) {
    line("cache_bytes", c.cacheBytes);
    line("cache_bytes_per_second", c.cacheBytesPerSecond);
    line("shared_cache_bytes", c.sharedCacheBytes);
    line("shared_cache_bytes_per_second", c.sharedCacheBytesPerSecond);
    line("seconds_per_entry", c.secondsPerEntry);
    line("seconds_per_loop", c.secondsPerLoop);
    line("seconds_per_shared_cache_read", c.secondsPerSharedCacheRead);
    line("seconds_per_memory_read", c.secondsPerMemoryRead);
  }
  OutputFile file(path);
  if (Status s = file.open(); s.failed())
    return s;
  file.append(text);
  return file.commit();
}

Expected<CostCoefficients> hag::readCoefficients(const std::string &path,
                                                 CostTarget expectedTarget) {
  Expected<detail::TextFile> file = detail::TextFile::load(path);
  if (file.failed())
    return file.status();
  detail::LineReader lines(file->text());
  std::string_view line;
  CostCoefficients c{0, 0, -1, -1};
  bool haveTarget = false;
  // Each key once: a second value would silently win over the first.
  std::map<std::string, uint64_t, std::less<>> firstLine;
  while (lines.next(line)) {
    if (detail::isBlank(line) || detail::startsWithAny(line, "#"))
      continue;
    detail::LineCursor cursor(path, lines.lineNumber(), line,
                              detail::Separators::Whitespace);
    std::string_view key, value;
    if (Status s = cursor.readToken(key, "key"); s.failed())
      return s;
    if (Status s = cursor.readToken(value, "value"); s.failed())
      return s;
    if (Status s = cursor.expectEnd("a line is 'key value'"); s.failed())
      return s;
    if (auto [it, added] = firstLine.emplace(key, lines.lineNumber()); !added)
      return cursor.error("key " + detail::quote(key) +
                          " given twice (first on line " +
                          std::to_string(it->second) + ")");
    if (key == "target") {
      std::optional<CostTarget> target = parseCostTarget(std::string(value));
      if (!target)
        return cursor.error("unknown target " + detail::quote(value));
      if (*target != expectedTarget)
        return cursor.error("coefficients are for target " +
                            detail::quote(value) + ", not the one asked for");
      haveTarget = true;
      continue;
    }
    double number = 0;
    std::string text(value);
    char *end = nullptr;
    number = std::strtod(text.c_str(), &end);
    if (text.empty() || *end || !std::isfinite(number) || number < 0)
      return cursor.error("expected a finite non-negative number, found " +
                          detail::quote(value));
    // Bounds that keep every prediction finite: a rate of at least 1 byte a
    // second, a time or size below 1e15. Beyond them a file is not a
    // measurement, and an infinite prediction would silently keep every
    // aggregation plain.
    constexpr std::string_view kRate = "_per_second";
    const bool isRate = key.size() > kRate.size() &&
                        key.substr(key.size() - kRate.size()) == kRate;
    if (isRate && number != 0 && number < 1)
      return cursor.error(detail::quote(key) + " is " + detail::quote(value) +
                          ", below 1 byte a second");
    if (!isRate && number >= 1e15)
      return cursor.error(detail::quote(key) + " is " + detail::quote(value) +
                          ", not below 1e15");
    if (key == "gather_bytes_per_second")
      c.gatherBytesPerSecond = number;
    else if (key == "write_bytes_per_second")
      c.writeBytesPerSecond = number;
    else if (key == "seconds_per_level")
      c.secondsPerLevel = number;
    else if (key == "seconds_fixed")
      c.secondsFixed = number;
    else if (key == "cache_bytes")
      c.cacheBytes = number;
    else if (key == "cache_bytes_per_second")
      c.cacheBytesPerSecond = number;
    else if (key == "shared_cache_bytes")
      c.sharedCacheBytes = number;
    else if (key == "shared_cache_bytes_per_second")
      c.sharedCacheBytesPerSecond = number;
    else if (key == "seconds_per_entry")
      c.secondsPerEntry = number;
    else if (key == "seconds_per_loop")
      c.secondsPerLoop = number;
    else if (key == "seconds_per_shared_cache_read")
      c.secondsPerSharedCacheRead = number;
    else if (key == "seconds_per_memory_read")
      c.secondsPerMemoryRead = number;
    else
      return cursor.error("unknown key " + detail::quote(key));
  }
  std::string missing;
  auto need = [&](bool ok, const char *what) {
    if (!ok)
      missing += (missing.empty() ? "" : ", ") + std::string(what);
  };
  need(haveTarget, "target");
  need(c.gatherBytesPerSecond > 0, "gather_bytes_per_second > 0");
  need(c.writeBytesPerSecond > 0, "write_bytes_per_second > 0");
  need(c.secondsPerLevel >= 0, "seconds_per_level");
  need(c.secondsFixed >= 0, "seconds_fixed");
  if (!missing.empty())
    return Status::error(path + ": needs " + missing);
  if (c.modelsCaches() &&
      (c.cacheBytesPerSecond <= 0 || c.sharedCacheBytes < c.cacheBytes ||
       c.sharedCacheBytesPerSecond <= 0))
    return Status::error(path + ": cache_bytes > 0 turns the cache model on, "
                                "which needs cache_bytes_per_second > 0, "
                                "shared_cache_bytes >= cache_bytes and "
                                "shared_cache_bytes_per_second > 0");
  return c;
}

Expected<CostCoefficients> hag::coefficientsFor(const std::string &path,
                                                CostTarget target) {
  if (path.empty())
    return defaultCoefficients(target);
  return readCoefficients(path, target);
}
