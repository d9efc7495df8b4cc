//===- BenchHost.h - The host side of hag-cuda-bench ------------*- C++ -*-===//
//
// Everything of the CUDA benchmark that needs no GPU, kept out of the .cu
// file so that nvcc compiles little: options, the graph and its HAG (searched
// with our search library, or loaded), seeded features, the double-precision
// reference, and JSON output. docs/CudaBenchmark.md describes the method.
//
//===----------------------------------------------------------------------===//
#ifndef HAG_BENCH_CUDA_BENCHHOST_H
#define HAG_BENCH_CUDA_BENCHHOST_H

#include "hag/Graph/Csr.h"
#include "hag/Graph/Status.h"
#include "hag/Search/Hag.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace hag {
namespace cudabench {

/// The kernels --kernels accepts.
extern const char *const kKernelNames[5];

/// Command-line options (usage() lists them with their defaults).
struct Options {
  std::string graph;
  std::string generate;
  std::string name;
  std::string format = "auto";
  std::vector<int64_t> widths{16, 64, 256};
  std::vector<std::string> reductions{"sum", "max"};
  std::vector<std::string> kernels{"copy", "plain", "hag", "cusparse-alg2",
                                   "cusparse-default"};
  unsigned repeat = 50;
  unsigned minRepeat = 5;
  unsigned warmup = 3;
  double kernelBudgetMs = 2000;
  bool flushL2 = true;
  std::string capacity = "0.25";
  unsigned threshold = 3;
  bool json = false;
  std::string writeCsr;
  std::string saveHag;
  std::string loadHag;
  bool searchOnly = false;
  bool cpuOnly = false;
  uint64_t seed = 1;
  double tolerance = 1e-4;
  bool help = false;

  bool wants(const std::string &kernel) const;
};

/// The usage text.
std::string usage();

/// Parses argv; the error names the option and what was wrong.
Expected<Options> parseOptions(int argc, char **argv);

/// The graph named by --graph or --generate, and its display name.
struct InputGraph {
  Csr graph;
  std::string name;
  double loadSeconds = 0;
};
Expected<InputGraph> loadGraph(const Options &options);

/// A HAG for the graph: searched (whole-graph, level by level: tileNodes 0,
/// the cuda target's default) or loaded from --load-hag, and always checked
/// against the graph (Theorem 1) before use.
struct Plan {
  Hag hag;
  HagMetrics metrics;
  /// The search's own time; negative when it is not known (a loaded HAG
  /// without its .json side file).
  double searchSeconds = -1;
  std::string source;
};
Expected<Plan> findPlan(const Csr &graph, const Options &options);

/// Writes the HAG as hag v1 text at `path` and its search time and metrics
/// at `path`.json (read back by --load-hag).
Status savePlan(const Plan &plan, const std::string &path);

/// Runs body(begin, end) over [0, count) in chunks of `grain` on every
/// hardware thread.
void parallelFor(int64_t count, int64_t grain,
                 const std::function<void(int64_t, int64_t)> &body);

/// Seeded features: n x d values uniform in [-1, 1), a hash of (seed, index)
/// each, so any thread count gives the same matrix.
std::vector<float> seededFeatures(int64_t numNodes, int64_t width,
                                  uint64_t seed);

/// The aggregation in double precision: row v is the sum (or the
/// elementwise max) of the feature rows of N(v); rows with no inputs are 0.
std::vector<double> referenceAggregation(const Csr &graph, int64_t width,
                                         bool isMax, const float *features);

/// One JSON object, built field by field.
class JsonObject {
public:
  JsonObject &add(const std::string &key, const std::string &value);
  JsonObject &add(const std::string &key, const char *value);
  JsonObject &add(const std::string &key, double value);
  JsonObject &add(const std::string &key, int64_t value);
  JsonObject &add(const std::string &key, uint64_t value);
  JsonObject &add(const std::string &key, bool value);
  JsonObject &addNull(const std::string &key);
  std::string str() const { return "{" + body_ + "}"; }

private:
  void key(const std::string &key);
  std::string body_;
};

/// `text` as a JSON string literal.
std::string jsonString(const std::string &text);

} // namespace cudabench
} // namespace hag

#endif // HAG_BENCH_CUDA_BENCHHOST_H
