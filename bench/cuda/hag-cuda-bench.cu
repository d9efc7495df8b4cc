//===- hag-cuda-bench.cu - hag's CUDA kernels against cuSPARSE -----------===//
//
// Times, in one run on one GPU, each kernel over the same graph and seeded
// features: `copy` (a device-to-device copy of the features, the bandwidth
// ceiling of this size), `plain` and `hag` (our lowered entry points, when
// their objects were linked), and cuSPARSE's SpMM on the CSR adjacency with
// ALG2 and the default algorithm. Each time is the median of event-timed
// runs after a warm-up, each run from a flushed L2; every output is checked
// against a double-precision CPU reference on the device. The method and
// the output fields: docs/CudaBenchmark.md.
//
//===----------------------------------------------------------------------===//
#include "BenchHost.h"
#include "Entries.h"

#include "hag/Graph/GraphIO.h"
#include "hag/Runtime/CudaRuntime.h"

#include <cuda_runtime.h>
#include <cusparse.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <future>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

using namespace hag;
using namespace hag::cudabench;

namespace {

[[noreturn]] void fatal(const std::string &message) {
  std::fflush(stdout);
  std::fprintf(stderr, "hag-cuda-bench: error: %s\n", message.c_str());
  std::exit(1);
}

void progress(const std::string &message) {
  std::fprintf(stderr, "hag-cuda-bench: %s\n", message.c_str());
}

std::string cudaText(cudaError_t error) {
  return std::string(cudaGetErrorName(error)) + " (" +
         std::to_string(int(error)) + "): " + cudaGetErrorString(error);
}

/// Exits with "WHAT: CALL: cudaErrorX (N): text" on failure.
void checkCuda(cudaError_t error, const char *call, const std::string &what) {
  if (error != cudaSuccess)
    fatal(what + ": " + call + ": " + cudaText(error));
}

std::string cusparseText(cusparseStatus_t status) {
  return std::string(cusparseGetErrorName(status)) + " (" +
         std::to_string(int(status)) + ")";
}

std::string mib(size_t bytes) {
  return std::to_string((bytes + (1 << 20) - 1) >> 20) + " MiB";
}

/// Device memory, freed with its owner.
class DeviceBuffer {
public:
  DeviceBuffer() = default;
  DeviceBuffer(size_t bytes, const std::string &what) : bytes_(bytes) {
    // Never zero bytes: an empty HAG still passes a valid pointer.
    checkCuda(cudaMalloc(&data_, std::max<size_t>(bytes, 256)), "cudaMalloc",
              "allocating " + mib(bytes) + " for " + what);
  }
  DeviceBuffer(const DeviceBuffer &) = delete;
  DeviceBuffer &operator=(const DeviceBuffer &) = delete;
  DeviceBuffer(DeviceBuffer &&other) { *this = std::move(other); }
  DeviceBuffer &operator=(DeviceBuffer &&other) {
    std::swap(data_, other.data_);
    std::swap(bytes_, other.bytes_);
    return *this;
  }
  ~DeviceBuffer() {
    if (data_)
      cudaFree(data_);
  }
  template <typename T> T *as() const { return static_cast<T *>(data_); }
  size_t bytes() const { return bytes_; }

private:
  void *data_ = nullptr;
  size_t bytes_ = 0;
};

template <typename T>
DeviceBuffer upload(const T *data, size_t count, const std::string &what) {
  DeviceBuffer buffer(count * sizeof(T), what);
  checkCuda(cudaMemcpy(buffer.as<T>(), data, count * sizeof(T),
                       cudaMemcpyHostToDevice),
            "cudaMemcpy", "uploading " + what);
  // A copy from pageable memory may return before its DMA ends.
  checkCuda(cudaDeviceSynchronize(), "cudaDeviceSynchronize",
            "uploading " + what);
  return buffer;
}

//===----------------------------------------------------------------------===//
// The check: got (float) against the reference (double), on the device
//===----------------------------------------------------------------------===//

struct CheckSums {
  unsigned long long worstBits; // max |g - w| / max(1, |w|), as double bits
  unsigned long long bad;       // non-finite outputs (unwritten: NaN poison)
  double diffSquares;           // sum (g - w)^2
  double refSquares;            // sum w^2
};

__global__ void compareKernel(const float *got, const double *want,
                              unsigned long long count, CheckSums *sums) {
  double worst = 0, diff2 = 0, ref2 = 0;
  unsigned long long bad = 0;
  for (unsigned long long i =
           blockIdx.x * (unsigned long long)blockDim.x + threadIdx.x;
       i < count; i += (unsigned long long)gridDim.x * blockDim.x) {
    double g = got[i], w = want[i];
    ref2 += w * w;
    if (!isfinite(g)) {
      ++bad;
      continue;
    }
    double diff = fabs(g - w);
    worst = fmax(worst, diff / fmax(1.0, fabs(w)));
    diff2 += diff * diff;
  }
  for (int offset = 16; offset > 0; offset >>= 1) {
    worst = fmax(worst, __shfl_down_sync(0xffffffffu, worst, offset));
    diff2 += __shfl_down_sync(0xffffffffu, diff2, offset);
    ref2 += __shfl_down_sync(0xffffffffu, ref2, offset);
    bad += __shfl_down_sync(0xffffffffu, bad, offset);
  }
  if ((threadIdx.x & 31) == 0) {
    // Non-negative doubles order as their bit patterns.
    atomicMax(&sums->worstBits,
              (unsigned long long)__double_as_longlong(worst));
    atomicAdd(&sums->diffSquares, diff2);
    atomicAdd(&sums->refSquares, ref2);
    if (bad)
      atomicAdd(&sums->bad, bad);
  }
}

/// The L2 flush between timed runs: reads every word of a buffer larger than
/// the L2 and writes one value (only when an impossible sum turns up, so that
/// the reads cannot be dropped). Reading leaves the L2 full of clean lines;
/// a memset would leave it full of dirty ones, written back to memory during
/// the next timed run and so counted in its time.
__global__ void flushKernel(const uint4 *buffer, unsigned long long count,
                            unsigned *sink) {
  unsigned sum = 0;
  for (unsigned long long i =
           blockIdx.x * (unsigned long long)blockDim.x + threadIdx.x;
       i < count; i += (unsigned long long)gridDim.x * blockDim.x) {
    uint4 v = buffer[i];
    sum += v.x ^ v.y ^ v.z ^ v.w;
  }
  if (sum == 0x9e3779b9u)
    *sink = sum;
}

struct Check {
  double maxRelError = 0;
  double normRelError = 0;
  uint64_t badValues = 0;
};

//===----------------------------------------------------------------------===//
// Timing
//===----------------------------------------------------------------------===//

struct Timing {
  double medianMs = NAN;
  double minMs = NAN;
  unsigned runs = 0;
  std::optional<Check> check;
  std::string error;
};

/// Enqueues one run of a kernel on the bench's stream; returns an error
/// message, or "" on success.
using Launch = std::function<std::string()>;

class Timer {
public:
  Timer(const Options &options, cudaStream_t stream, int multiprocessors)
      : options_(options), stream_(stream), blocks_(multiprocessors * 8) {
    size_t flushBytes = options.flushL2 ? size_t(256) << 20 : 0;
    if (flushBytes) {
      flush_ = DeviceBuffer(flushBytes, "the L2 flush buffer");
      // Written once here; the flushes only read it.
      checkCuda(cudaMemset(flush_.as<char>(), 0, flushBytes), "cudaMemset",
                "the L2 flush buffer");
      flushSink_ = DeviceBuffer(sizeof(unsigned), "the L2 flush's sink");
    }
    sums_ = DeviceBuffer(sizeof(CheckSums), "the check's sums");
    unsigned events = std::max(options.repeat, options.warmup) + 1;
    for (unsigned i = 0; i < 2 * events; ++i) {
      cudaEvent_t event;
      checkCuda(cudaEventCreate(&event), "cudaEventCreate", "timing events");
      events_.push_back(event);
    }
  }
  ~Timer() {
    for (cudaEvent_t event : events_)
      cudaEventDestroy(event);
  }

  /// Runs `launch` once into a poisoned `out` and checks it against `want`
  /// (when given), then warms up and times it.
  Timing time(const std::string &what, const Launch &launch, float *out,
              size_t outCount, const double *want) {
    Timing timing;
    if (out)
      checkCuda(cudaMemsetAsync(out, 0xFF, outCount * sizeof(float), stream_),
                "cudaMemsetAsync", what + ": poisoning the output");
    timing.error = launch();
    if (!timing.error.empty())
      return timing;
    synchronize(what + ": first run");
    if (want)
      timing.check = compare(what, out, want, outCount);

    // Warm-up runs, timed only to choose how many runs fit the budget.
    std::vector<float> times;
    if (!runTimed(what, launch, std::max(1u, options_.warmup), times,
                  timing.error))
      return timing;
    std::sort(times.begin(), times.end());
    double estimate = std::max<double>(times[times.size() / 2], 1e-3);
    unsigned runs = unsigned(std::min<double>(
        options_.repeat,
        std::max<double>(options_.minRepeat,
                         std::floor(options_.kernelBudgetMs / estimate))));
    if (!runTimed(what, launch, runs, times, timing.error))
      return timing;
    std::sort(times.begin(), times.end());
    timing.runs = runs;
    timing.minMs = times.front();
    timing.medianMs = runs % 2 ? times[runs / 2]
                               : 0.5 * (times[runs / 2 - 1] + times[runs / 2]);
    return timing;
  }

  /// Waits for the stream; a failure here (an illegal address in a kernel,
  /// say) leaves the context unusable, so it ends the run.
  void synchronize(const std::string &what) {
    checkCuda(cudaStreamSynchronize(stream_), "cudaStreamSynchronize", what);
    checkCuda(cudaGetLastError(), "cudaGetLastError", what);
  }

private:
  /// `runs` back-to-back runs, each between two events and after an L2
  /// flush (flushKernel, read-only) outside them; their times in ms.
  bool runTimed(const std::string &what, const Launch &launch, unsigned runs,
                std::vector<float> &times, std::string &error) {
    times.clear();
    for (unsigned r = 0; r < runs; ++r) {
      if (flush_.bytes()) {
        flushKernel<<<blocks_, 256, 0, stream_>>>(
            flush_.as<uint4>(), flush_.bytes() / sizeof(uint4),
            flushSink_.as<unsigned>());
        checkCuda(cudaGetLastError(), "flushKernel launch",
                  "flushing the L2 cache");
      }
      checkCuda(cudaEventRecord(events_[2 * r], stream_), "cudaEventRecord",
                what);
      error = launch();
      if (!error.empty())
        return false;
      checkCuda(cudaEventRecord(events_[2 * r + 1], stream_), "cudaEventRecord",
                what);
    }
    synchronize(what + ": timed runs");
    for (unsigned r = 0; r < runs; ++r) {
      float ms = 0;
      checkCuda(cudaEventElapsedTime(&ms, events_[2 * r], events_[2 * r + 1]),
                "cudaEventElapsedTime", what);
      times.push_back(ms);
    }
    return true;
  }

  Check compare(const std::string &what, const float *got, const double *want,
                size_t count) {
    checkCuda(cudaMemsetAsync(sums_.as<char>(), 0, sizeof(CheckSums), stream_),
              "cudaMemsetAsync", what + ": check");
    unsigned blocks = unsigned(
        std::max<size_t>(1, std::min<size_t>(blocks_, (count + 255) / 256)));
    compareKernel<<<blocks, 256, 0, stream_>>>(got, want, count,
                                               sums_.as<CheckSums>());
    checkCuda(cudaGetLastError(), "compareKernel launch", what + ": check");
    CheckSums sums;
    checkCuda(cudaMemcpyAsync(&sums, sums_.as<CheckSums>(), sizeof(sums),
                              cudaMemcpyDeviceToHost, stream_),
              "cudaMemcpyAsync", what + ": check");
    synchronize(what + ": check");
    Check check;
    std::memcpy(&check.maxRelError, &sums.worstBits, sizeof(double));
    check.badValues = sums.bad;
    check.normRelError = sums.refSquares > 0
                             ? std::sqrt(sums.diffSquares / sums.refSquares)
                             : std::sqrt(sums.diffSquares);
    return check;
  }

  const Options &options_;
  cudaStream_t stream_;
  unsigned blocks_;
  DeviceBuffer flush_;
  DeviceBuffer flushSink_;
  DeviceBuffer sums_;
  std::vector<cudaEvent_t> events_;
};

//===----------------------------------------------------------------------===//
// cuSPARSE: C = A X, A the CSR adjacency (A(v, u) = 1 for u in N(v))
//===----------------------------------------------------------------------===//

class CusparseProduct {
public:
  CusparseProduct(cusparseHandle_t handle, const Csr &graph,
                  const DeviceBuffer &offsets32, const DeviceBuffer &indices,
                  const DeviceBuffer &ones)
      : handle_(handle), n_(graph.numNodes) {
    status_ = cusparseCreateCsr(
        &a_, n_, n_, int64_t(graph.numEdges()), offsets32.as<int32_t>(),
        indices.as<int32_t>(), ones.as<float>(), CUSPARSE_INDEX_32I,
        CUSPARSE_INDEX_32I, CUSPARSE_INDEX_BASE_ZERO, CUDA_R_32F);
    if (status_ != CUSPARSE_STATUS_SUCCESS)
      a_ = nullptr;
  }
  ~CusparseProduct() {
    releaseDense();
    if (a_)
      cusparseDestroySpMat(a_);
  }

  /// Describes X and C for a width (row-major, leading dimension d), and
  /// drops the buffers of the previous width.
  std::string setWidth(float *x, float *out, int64_t d) {
    releaseDense();
    if (!a_)
      return "cusparseCreateCsr: " + cusparseText(status_);
    cusparseStatus_t s =
        cusparseCreateDnMat(&b_, n_, d, d, x, CUDA_R_32F, CUSPARSE_ORDER_ROW);
    if (s != CUSPARSE_STATUS_SUCCESS)
      return "cusparseCreateDnMat(X): " + cusparseText(s);
    s = cusparseCreateDnMat(&c_, n_, d, d, out, CUDA_R_32F, CUSPARSE_ORDER_ROW);
    if (s != CUSPARSE_STATUS_SUCCESS)
      return "cusparseCreateDnMat(C): " + cusparseText(s);
    return "";
  }

  /// Sizes and allocates the buffer of `alg` (cached until the next width)
  /// and calls cusparseSpMM_preprocess once, outside the timed runs. The
  /// call is optional: cuSPARSE documents a gain from it for CSR_ALG1 and
  /// CSR_ALG3 only, so for ALG2 it should change nothing; it is made for
  /// both algorithms so that the default one, should it choose one of
  /// those, is not timed without it.
  std::string prepare(cusparseSpMMAlg_t alg, const char *name) {
    if (buffers_.count(alg))
      return "";
    size_t bytes = 0;
    cusparseStatus_t s =
        cusparseSpMM_bufferSize(handle_, CUSPARSE_OPERATION_NON_TRANSPOSE,
                                CUSPARSE_OPERATION_NON_TRANSPOSE, &alpha_, a_,
                                b_, &beta_, c_, CUDA_R_32F, alg, &bytes);
    if (s != CUSPARSE_STATUS_SUCCESS)
      return std::string("cusparseSpMM_bufferSize(") + name +
             "): " + cusparseText(s);
    DeviceBuffer &buffer = buffers_[alg] =
        DeviceBuffer(bytes, std::string("the cuSPARSE buffer of ") + name);
    s = cusparseSpMM_preprocess(handle_, CUSPARSE_OPERATION_NON_TRANSPOSE,
                                CUSPARSE_OPERATION_NON_TRANSPOSE, &alpha_, a_,
                                b_, &beta_, c_, CUDA_R_32F, alg,
                                buffer.as<void>());
    if (s != CUSPARSE_STATUS_SUCCESS)
      return std::string("cusparseSpMM_preprocess(") + name +
             "): " + cusparseText(s);
    return "";
  }

  std::string multiply(cusparseSpMMAlg_t alg, const char *name) {
    cusparseStatus_t s =
        cusparseSpMM(handle_, CUSPARSE_OPERATION_NON_TRANSPOSE,
                     CUSPARSE_OPERATION_NON_TRANSPOSE, &alpha_, a_, b_, &beta_,
                     c_, CUDA_R_32F, alg, buffers_[alg].as<void>());
    if (s != CUSPARSE_STATUS_SUCCESS)
      return std::string("cusparseSpMM(") + name + "): " + cusparseText(s);
    return "";
  }

private:
  void releaseDense() {
    buffers_.clear();
    if (b_)
      cusparseDestroyDnMat(b_);
    if (c_)
      cusparseDestroyDnMat(c_);
    b_ = c_ = nullptr;
  }

  cusparseHandle_t handle_;
  int64_t n_;
  cusparseStatus_t status_ = CUSPARSE_STATUS_SUCCESS;
  cusparseSpMatDescr_t a_ = nullptr;
  cusparseDnMatDescr_t b_ = nullptr, c_ = nullptr;
  std::map<int, DeviceBuffer> buffers_;
  float alpha_ = 1.0f, beta_ = 0.0f;
};

//===----------------------------------------------------------------------===//
// Output
//===----------------------------------------------------------------------===//

struct Context {
  const Options &options;
  std::string graphName;
  int64_t nodes = 0;
  uint64_t edges = 0;
  const Plan *plan = nullptr;
  std::string device;
  double ceilingGBs = NAN;
  int failures = 0;
  /// Median ms by (width, reduction, kernel), for the ratios at the end.
  std::map<std::tuple<int64_t, std::string, std::string>, double> medians;
};

/// Prints one record (JSON line or text row) at once, so a run cut short
/// keeps what it measured.
void report(Context &ctx, const std::string &kernel, int64_t d,
            const std::string &reduce, const Timing &t, double bytes,
            const std::string &note) {
  bool checked = t.check.has_value();
  bool pass = false;
  if (checked) {
    const Check &c = *t.check;
    pass = c.badValues == 0 &&
           (reduce == "max" ? c.maxRelError == 0
                            : c.normRelError <= ctx.options.tolerance);
  }
  if (!t.error.empty() || (checked && !pass))
    ++ctx.failures;
  double gbs = t.medianMs > 0 ? bytes / (t.medianMs * 1e-3) / 1e9 : NAN;
  if (t.medianMs > 0 && (!checked || pass))
    ctx.medians[{d, reduce, kernel}] = t.medianMs;
  if (ctx.options.json) {
    JsonObject json;
    json.add("graph", ctx.graphName).add("kernel", kernel).add("d", d);
    if (reduce.empty())
      json.addNull("reduce");
    else
      json.add("reduce", reduce);
    json.add("median_ms", t.medianMs)
        .add("min_ms", t.minMs)
        .add("runs", int64_t(t.runs));
    if (checked)
      json.add("max_rel_error", t.check->maxRelError)
          .add("norm_rel_error", t.check->normRelError)
          .add("bad_values", uint64_t(t.check->badValues))
          .add("exact", t.check->maxRelError == 0 && t.check->badValues == 0)
          .add("check", pass ? "ok" : "FAIL");
    else
      json.addNull("max_rel_error").addNull("check");
    json.add("compulsory_bytes", bytes)
        .add("gbs", gbs)
        .add("ceiling_gbs", ctx.ceilingGBs)
        .add("ceiling_fraction", gbs / ctx.ceilingGBs)
        .add("nodes", ctx.nodes)
        .add("edges", uint64_t(ctx.edges));
    if (ctx.plan)
      json.add("agg_nodes", uint64_t(ctx.plan->metrics.aggNodes))
          .add("levels", uint64_t(ctx.plan->metrics.levels))
          .add("edge_read_reduction", ctx.plan->metrics.edgeReadReduction())
          .add("search_seconds", ctx.plan->searchSeconds);
    json.add("flush_l2", ctx.options.flushL2).add("device", ctx.device);
    if (!note.empty())
      json.add("note", note);
    if (!t.error.empty())
      json.add("error", t.error);
    std::printf("%s\n", json.str().c_str());
  } else {
    std::printf("  d=%-4lld %-4s %-17s ", (long long)d,
                reduce.empty() ? "-" : reduce.c_str(), kernel.c_str());
    if (!t.error.empty())
      std::printf("error: %s\n", t.error.c_str());
    else if (!(t.medianMs > 0))
      std::printf("%s\n", note.c_str());
    else {
      std::printf("%9.4f ms  %5.1f%% of ceiling", t.medianMs,
                  100 * gbs / ctx.ceilingGBs);
      if (checked)
        std::printf("  max rel error %.2g, norm %.2g%s %s",
                    t.check->maxRelError, t.check->normRelError,
                    t.check->badValues
                        ? (", " + std::to_string(t.check->badValues) +
                           " unwritten or non-finite")
                              .c_str()
                        : "",
                    pass ? "ok" : "FAIL");
      if (!note.empty())
        std::printf("  (%s)", note.c_str());
      std::printf("\n");
    }
  }
  std::fflush(stdout);
}

Timing skipped() { return Timing(); }

/// The ratios of docs/CudaBenchmark.md, from the checked medians: plain and
/// hag over the faster cuSPARSE algorithm, and each speed-up over the HAG's
/// edge-read reduction.
void printRatios(const Context &ctx) {
  auto get = [&](int64_t d, const std::string &reduce, const char *kernel) {
    auto found = ctx.medians.find({d, reduce, kernel});
    return found == ctx.medians.end() ? NAN : found->second;
  };
  double reduction =
      ctx.plan ? ctx.plan->metrics.edgeReadReduction() : double(NAN);
  std::printf("ratios (times: lower is better; speed-ups over the edge-read "
              "reduction %.3fx):\n",
              reduction);
  for (int64_t d : ctx.options.widths)
    for (const std::string &reduce : ctx.options.reductions) {
      double plain = get(d, reduce, "plain"), hag = get(d, reduce, "hag");
      double best = std::fmin(get(d, reduce, "cusparse-alg2"),
                              get(d, reduce, "cusparse-default"));
      std::printf("  d=%-4lld %-4s plain/cuSPARSE %5.2f  hag/cuSPARSE %5.2f  "
                  "(cuSPARSE/hag)/reduction %5.2f  (plain/hag)/reduction "
                  "%5.2f\n",
                  (long long)d, reduce.c_str(), plain / best, hag / best,
                  best / hag / reduction, plain / hag / reduction);
    }
}

} // namespace

int main(int argc, char **argv) {
  Expected<Options> parsed = parseOptions(argc, argv);
  if (parsed.failed())
    fatal(parsed.message());
  const Options &options = *parsed;
  if (options.help) {
    std::printf("%s", usage().c_str());
    return 0;
  }

  // The graph, and its binary CSR for the PyTorch benchmark.
  Expected<InputGraph> loaded = loadGraph(options);
  if (loaded.failed())
    fatal(loaded.message());
  const Csr &graph = loaded->graph;
  const int64_t n = graph.numNodes;
  const uint64_t edges = graph.numEdges();
  progress(loaded->name + ": " + std::to_string(n) + " nodes, " +
           std::to_string(edges) + " edges, loaded in " +
           std::to_string(loaded->loadSeconds) + " s");
  if (!options.writeCsr.empty())
    if (Status s = writeBinaryCsr(graph, options.writeCsr); s.failed())
      fatal(s.message());

  // The HAG, searched on another thread while the other kernels run.
  bool wantsPlan = options.wants("hag") || !options.saveHag.empty() ||
                   !options.loadHag.empty();
  std::future<Expected<Plan>> planFuture;
  if (wantsPlan)
    planFuture = std::async(std::launch::async,
                            [&] { return findPlan(graph, options); });
  std::optional<Plan> plan;
  auto waitForPlan = [&]() -> const Plan & {
    if (!plan) {
      Expected<Plan> found = planFuture.get();
      if (found.failed())
        fatal(loaded->name + ": " + found.message());
      plan = found.take();
      progress("HAG " + plan->source + ": " +
               std::to_string(plan->metrics.aggNodes) + " aggregation nodes, " +
               std::to_string(plan->metrics.levels) + " levels, edge reads " +
               std::to_string(plan->metrics.edgeReadReduction()) +
               "x fewer, search " + std::to_string(plan->searchSeconds) + " s");
      if (!options.saveHag.empty())
        if (Status s = savePlan(*plan, options.saveHag); s.failed())
          fatal(s.message());
    }
    return *plan;
  };

  if (options.searchOnly) {
    if (wantsPlan)
      waitForPlan();
    return 0;
  }
  if (options.cpuOnly) {
    // Everything the GPU run does on the host, for checks without a device.
    std::printf("%s: %lld nodes, %llu edges; %d of 12 kernel entries "
                "linked\n",
                loaded->name.c_str(), (long long)n, (unsigned long long)edges,
                linkedEntryCount());
    for (int64_t d : options.widths) {
      std::vector<float> x = seededFeatures(n, d, options.seed);
      for (const std::string &reduce : options.reductions) {
        auto start = std::chrono::steady_clock::now();
        std::vector<double> want =
            referenceAggregation(graph, d, reduce == "max", x.data());
        std::printf("reference %s d=%lld: %.3f s\n", reduce.c_str(),
                    (long long)d,
                    std::chrono::duration<double>(
                        std::chrono::steady_clock::now() - start)
                        .count());
      }
    }
    if (wantsPlan) {
      const Plan &p = waitForPlan();
      std::printf("HAG: %llu aggregation nodes, %llu levels, edge reads "
                  "%.3fx fewer, checked\n",
                  (unsigned long long)p.metrics.aggNodes,
                  (unsigned long long)p.metrics.levels,
                  p.metrics.edgeReadReduction());
    }
    return 0;
  }

  // The device.
  int devices = 0;
  cudaError_t error = cudaGetDeviceCount(&devices);
  if (error != cudaSuccess)
    fatal("no CUDA device: cudaGetDeviceCount: " + cudaText(error));
  if (devices == 0)
    fatal("no CUDA device: cudaGetDeviceCount found none");
  checkCuda(cudaSetDevice(0), "cudaSetDevice", "device 0");
  cudaDeviceProp props;
  checkCuda(cudaGetDeviceProperties(&props, 0), "cudaGetDeviceProperties",
            "device 0");
  int driver = 0, runtime = 0;
  cudaDriverGetVersion(&driver);
  cudaRuntimeGetVersion(&runtime);
  char deviceText[512];
  std::snprintf(deviceText, sizeof(deviceText),
                "%s (sm_%d%d, %d SMs, %d MiB L2, %zu MiB), driver %d.%d, "
                "runtime %d.%d",
                props.name, props.major, props.minor, props.multiProcessorCount,
                props.l2CacheSize >> 20, props.totalGlobalMem >> 20,
                driver / 1000, driver % 1000 / 10, runtime / 1000,
                runtime % 1000 / 10);

  cudaStream_t stream;
  // A blocking stream: work on the legacy default stream (synchronous
  // copies, frees) stays ordered with it.
  checkCuda(cudaStreamCreate(&stream), "cudaStreamCreate",
            "the benchmark stream");
  cusparseHandle_t sparse = nullptr;
  if (cusparseStatus_t s = cusparseCreate(&sparse);
      s != CUSPARSE_STATUS_SUCCESS)
    fatal("cusparseCreate: " + cusparseText(s));
  if (cusparseStatus_t s = cusparseSetStream(sparse, stream);
      s != CUSPARSE_STATUS_SUCCESS)
    fatal("cusparseSetStream: " + cusparseText(s));

  // Our runtime queues the lowered code on the same stream, with no host
  // round trip at the end of each call.
  bool entriesLinked = linkedEntryCount() > 0;
  if (entriesLinked && (options.wants("plain") || options.wants("hag"))) {
    if (hagCudaInit() != 0) {
      const char *why = hagCudaTakeError();
      fatal(std::string("hagCudaInit: ") + (why ? why : "failed"));
    }
    hagCudaSetStream(stream);
    hagCudaSetSynchronize(0);
  }

  Timer timer(options, stream, props.multiProcessorCount);
  Context ctx{options, loaded->name, n, edges, nullptr, deviceText};

  // The copy ceiling of this device: a 1 GiB device-to-device copy (or a
  // quarter of the free memory), bytes read plus bytes written.
  {
    size_t free = 0, total = 0;
    checkCuda(cudaMemGetInfo(&free, &total), "cudaMemGetInfo", "device 0");
    size_t bytes = std::min<size_t>(size_t(1) << 30, free / 4) & ~size_t(255);
    DeviceBuffer from(bytes, "the ceiling copy's source");
    DeviceBuffer to(bytes, "the ceiling copy's destination");
    checkCuda(cudaMemsetAsync(from.as<char>(), 1, bytes, stream),
              "cudaMemsetAsync", "the ceiling copy");
    Timing t = timer.time(
        "ceiling copy",
        [&] {
          cudaError_t e = cudaMemcpyAsync(to.as<char>(), from.as<char>(), bytes,
                                          cudaMemcpyDeviceToDevice, stream);
          return e == cudaSuccess ? std::string()
                                  : "cudaMemcpyAsync: " + cudaText(e);
        },
        nullptr, 0, nullptr);
    if (!t.error.empty())
      fatal("measuring the copy ceiling: " + t.error);
    ctx.ceilingGBs = 2.0 * double(bytes) / (t.medianMs * 1e-3) / 1e9;
    progress(std::string("device ") + deviceText + "; copy ceiling " +
             std::to_string(ctx.ceilingGBs) + " GB/s (" + mib(2 * bytes) +
             " moved)");
  }
  if (!options.json)
    std::printf("%s: %lld nodes, %llu edges; %s; copy ceiling %.0f GB/s\n",
                loaded->name.c_str(), (long long)n, (unsigned long long)edges,
                deviceText, ctx.ceilingGBs);

  // The graph on the device: int64 offsets and int32 ids for our kernels,
  // int32 offsets and all-one values for cuSPARSE.
  DeviceBuffer dOffsets =
      upload(reinterpret_cast<const int64_t *>(graph.offsets.data()),
             graph.offsets.size(), "the CSR offsets");
  DeviceBuffer dIndices =
      upload(reinterpret_cast<const int32_t *>(graph.indices.data()),
             graph.indices.size(), "the CSR indices");
  bool wantsCusparse =
      options.wants("cusparse-alg2") || options.wants("cusparse-default");
  bool cusparseFits = edges <= uint64_t(INT32_MAX);
  DeviceBuffer dOffsets32, dOnes;
  std::optional<CusparseProduct> product;
  if (wantsCusparse && cusparseFits) {
    std::vector<int32_t> offsets32(graph.offsets.begin(), graph.offsets.end());
    dOffsets32 = upload(offsets32.data(), offsets32.size(),
                        "the CSR offsets (int32, cuSPARSE)");
    std::vector<float> ones(edges, 1.0f);
    dOnes = upload(ones.data(), ones.size(), "the CSR values (cuSPARSE)");
    product.emplace(sparse, graph, dOffsets32, dIndices, dOnes);
  }

  // The HAG on the device, uploaded when first needed.
  DeviceBuffer dAggInputs, dListOffsets, dListIndices;
  std::vector<int32_t> levels;
  auto uploadPlan = [&] {
    const Plan &p = waitForPlan();
    ctx.plan = &p;
    if (dListOffsets.bytes())
      return;
    // The kernels read two inputs per node (the default search's HAG).
    if (!p.hag.aggInputs.isBinary())
      fatal("the HAG has aggregation nodes of more than two inputs");
    dAggInputs = upload(
        reinterpret_cast<const int32_t *>(p.hag.aggInputs.flatInputs().data()),
        p.hag.aggInputs.numInputs(), "the HAG's agg_inputs");
    dListOffsets =
        upload(reinterpret_cast<const int64_t *>(p.hag.listOffsets.data()),
               p.hag.listOffsets.size(), "the HAG's list_offsets");
    dListIndices =
        upload(reinterpret_cast<const int32_t *>(p.hag.listIndices.data()),
               p.hag.listIndices.size(), "the HAG's list_indices");
    levels.assign(p.hag.levelBegin.begin(), p.hag.levelBegin.end());
  };

  for (int64_t d : options.widths) {
    std::vector<float> x = seededFeatures(n, d, options.seed);
    size_t count = size_t(n) * size_t(d);
    DeviceBuffer dX =
        upload(x.data(), count, "the features (d=" + std::to_string(d) + ")");
    DeviceBuffer dOut(count * sizeof(float),
                      "the output (d=" + std::to_string(d) + ")");
    float *out = dOut.as<float>();
    std::string sparseError;
    if (product)
      sparseError = product->setWidth(dX.as<float>(), out, d);
    double floorBytes = 2.0 * double(count) * sizeof(float);
    double compulsory =
        floorBytes + double(graph.offsets.size()) * 8 + double(edges) * 4;

    if (options.wants("copy")) {
      Timing t = timer.time(
          "copy d=" + std::to_string(d),
          [&] {
            cudaError_t e =
                cudaMemcpyAsync(out, dX.as<float>(), count * sizeof(float),
                                cudaMemcpyDeviceToDevice, stream);
            return e == cudaSuccess ? std::string()
                                    : "cudaMemcpyAsync: " + cudaText(e);
          },
          nullptr, 0, nullptr);
      report(ctx, "copy", d, "", t, floorBytes,
             "features copied device to device: the ceiling for this size");
    }

    for (const std::string &reduce : options.reductions) {
      // The reference, when a kernel will be checked against it.
      bool checks = (options.wants("plain") && findPlainEntry(reduce, d)) ||
                    (options.wants("hag") && findHagEntry(reduce, d)) ||
                    (reduce == "sum" && product && wantsCusparse);
      DeviceBuffer dWant;
      if (checks) {
        std::vector<double> want =
            referenceAggregation(graph, d, reduce == "max", x.data());
        dWant = upload(want.data(), want.size(),
                       "the reference (" + reduce + ", d=" + std::to_string(d) +
                           ")");
      }
      const std::string tag = " " + reduce + " d=" + std::to_string(d);
      auto features = memref2d(dX.as<float>(), n, d);
      auto result = memref2d(out, n, d);

      // The peers first: a crash in our lowered kernels (an illegal
      // address ends the process) must not lose the cuSPARSE times of
      // this width; cuda_bench.py reruns the later widths without ours.
      const std::pair<const char *, cusparseSpMMAlg_t> algorithms[] = {
          {"cusparse-alg2", CUSPARSE_SPMM_CSR_ALG2},
          {"cusparse-default", CUSPARSE_SPMM_ALG_DEFAULT}};
      for (const auto &algorithm : algorithms) {
        const char *kernel = algorithm.first;
        cusparseSpMMAlg_t alg = algorithm.second;
        if (!options.wants(kernel))
          continue;
        if (reduce != "sum") {
          report(ctx, kernel, d, reduce, skipped(), compulsory,
                 "skipped: cuSPARSE has no max semiring");
          continue;
        }
        if (!product) {
          report(ctx, kernel, d, reduce, skipped(), compulsory,
                 "skipped: more edges than cuSPARSE's int32 CSR holds");
          continue;
        }
        Timing t;
        t.error = sparseError;
        if (t.error.empty())
          t.error = product->prepare(alg, kernel);
        if (t.error.empty())
          t = timer.time(
              kernel + tag, [&] { return product->multiply(alg, kernel); }, out,
              count, dWant.as<double>());
        report(ctx, kernel, d, reduce, t, compulsory, "");
      }

      if (options.wants("plain")) {
        PlainEntry entry = findPlainEntry(reduce, d);
        std::string name = entryName("plain", reduce, d);
        if (!entry) {
          report(ctx, "plain", d, reduce, skipped(), compulsory,
                 entriesLinked ? "skipped: " + name + " not linked"
                               : "skipped: the kernel objects were not "
                                 "linked (HAG_CUDA_KERNEL_OBJECTS)");
        } else {
          auto offsets = memref1d(dOffsets.as<int64_t>(), n + 1);
          auto indices = memref1d(dIndices.as<int32_t>(), int64_t(edges));
          Timing t = timer.time(
              "plain" + tag,
              [&] {
                entry(&offsets, &indices, &features, &result);
                const char *why = hagCudaTakeError();
                return why ? name + ": " + why : std::string();
              },
              out, count, dWant.as<double>());
          report(ctx, "plain", d, reduce, t, compulsory, "");
        }
      }

      if (options.wants("hag")) {
        HagEntry entry = findHagEntry(reduce, d);
        std::string name = entryName("hag", reduce, d);
        uploadPlan();
        if (!entry) {
          report(ctx, "hag", d, reduce, skipped(), compulsory,
                 entriesLinked ? "skipped: " + name + " not linked"
                               : "skipped: the kernel objects were not "
                                 "linked (HAG_CUDA_KERNEL_OBJECTS)");
        } else {
          const Hag &h = ctx.plan->hag;
          auto aggInputs =
              memref2d(dAggInputs.as<int32_t>(), int64_t(h.numAggNodes()), 2);
          auto levelsRef = memref1d(levels.data(), int64_t(levels.size()));
          auto listOffsets =
              memref1d(dListOffsets.as<int64_t>(), int64_t(n + 1));
          auto listIndices = memref1d(dListIndices.as<int32_t>(),
                                      int64_t(h.listIndices.size()));
          Timing t = timer.time(
              "hag" + tag,
              [&] {
                entry(&aggInputs, &levelsRef, &listOffsets, &listIndices,
                      &features, &result);
                const char *why = hagCudaTakeError();
                return why ? name + ": " + why : std::string();
              },
              out, count, dWant.as<double>());
          report(ctx, "hag", d, reduce, t, compulsory, "");
        }
      }
    }
  }

  if (wantsPlan && !plan)
    waitForPlan(); // --save-hag without the hag kernel
  if (!options.json)
    printRatios(ctx);
  cusparseDestroy(sparse);
  cudaStreamDestroy(stream);
  if (ctx.failures) {
    progress(std::to_string(ctx.failures) +
             " kernel(s) failed or gave wrong results (see 'error' and "
             "'check' above)");
    return 2;
  }
  return 0;
}
