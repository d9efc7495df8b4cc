//===- hag-bench.cpp - hag's kernels against the CPU peers ----------------===//
//
// Times, in one run on one machine, each kernel over the same graph and
// features: `plain` (our lowering on the graph), `hag` (our lowering through
// the HAG), and the peers `eigen` (Eigen 3 row-major sparse x dense),
// `sparsifier` (upstream MLIR's sparsifier on linalg.matmul with a CSR
// operand) and `graphblas` (SuiteSparse:GraphBLAS GrB_mxm). The kernels of
// one width run in interleaved rounds after a warm-up (see timeInRounds);
// each time is a median, and every output is checked against the
// double-precision reference (docs/CpuBenchmark.md).
//
//===----------------------------------------------------------------------===//
#include "../common/GraphInput.h"
#include "../common/RowBuffer.h"

#include "hag/Graph/Memory.h"
#include "hag/Run/Runner.h"
#include "hag/Search/Calibration.h"
#include "hag/Search/CostFormulas.h"
#include "hag/Search/HagSearch.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <Eigen/Sparse>
// GraphBLAS.h leaves the extern "C" of its C API to C++ includers (it marks
// its own C++ parts extern "C++").
extern "C" {
#include <GraphBLAS.h>
}

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <optional>
#include <thread>

using namespace hag;
namespace cl = llvm::cl;

namespace {
cl::OptionCategory benchCategory("Benchmark options");
cl::opt<std::string> graphOpt("graph", cl::desc("Graph file"),
                              cl::value_desc("file"), cl::init(""),
                              cl::cat(benchCategory));
cl::list<int64_t> widthsOpt("d", cl::desc("Feature widths (default 16,64,256)"),
                            cl::CommaSeparated, cl::cat(benchCategory));
cl::opt<std::string> reduceOpt("reduce", cl::desc("sum|max"), cl::init("sum"),
                               cl::cat(benchCategory));
cl::list<std::string>
    kernelsOpt("kernels",
               cl::desc("Kernels to time: plain, hag (tiled plan), hag-levels "
                        "(whole-graph plan, level by level), eigen, "
                        "sparsifier (MLIR's, on linalg.matmul), graphblas "
                        "(SuiteSparse GrB_mxm), copy (the bandwidth floor); "
                        "default plain,hag,eigen"),
               cl::CommaSeparated, cl::cat(benchCategory));
cl::opt<std::string> capacityOpt("capacity", cl::desc("HAG capacity"),
                                 cl::init("unlimited"), cl::cat(benchCategory));
cl::opt<std::string> tileNodesOpt(
    "tile-nodes",
    cl::desc("HAG tile size: auto, a node count, or 0 for one HAG run level "
             "by level"),
    cl::init("auto"), cl::cat(benchCategory));
cl::opt<unsigned> thresholdOpt(
    "threshold",
    cl::desc("HAG threshold (3: the default of hag-eliminate-redundancy)"),
    cl::init(3), cl::cat(benchCategory));
cl::opt<unsigned> maxInputsOpt(
    "max-inputs",
    cl::desc("Most inputs of one searched aggregation node (hag-search "
             "--max-inputs), 0 for the target's default (8 on the CPU, 2 "
             "on CUDA); the CPU kernels compute such a node as one row, the "
             "GPU kernels run its two-input form"),
    cl::init(0), cl::cat(benchCategory));
cl::opt<unsigned> repeatOpt("repeat",
                            cl::desc("Timed rounds; a round runs every kernel "
                                     "once, in turn"),
                            cl::init(10), cl::cat(benchCategory));
cl::opt<bool> jsonOpt("json", cl::desc("One JSON object per kernel and width"),
                      cl::cat(benchCategory));
cl::opt<std::string> coefficientsOpt(
    "coefficients",
    cl::desc("Cost coefficients file (hag-calibrate) for the predictions "
             "--json prints; default the cpu target's built-in ones"),
    cl::cat(benchCategory));

/// Every kernel --kernels accepts.
const char *const kKernelNames[] = {
    "plain", "hag", "hag-levels", "eigen", "sparsifier", "graphblas", "copy"};

int fail(const std::string &message) {
  // After what was printed so far, when both streams go to one place.
  llvm::outs().flush();
  llvm::errs() << "hag-bench: error: " << message << "\n";
  return 1;
}

struct Measurement {
  std::string kernel;
  int64_t width;
  double seconds;
  double error;
  std::string note;
  /// The fastest run: on a shared machine the least disturbed one.
  double minSeconds = 0;
  /// Our kernels: what the cost model counts for them (docs/CostModel.md).
  std::optional<AggregationWork> work;
};

/// A kernel of one width, set up and ready to time: `run` computes the
/// aggregation once into the width's shared result array, `finish` copies
/// it there after the timing for kernels whose result lives elsewhere, and
/// `expected` is what it must equal. A skipped kernel has no `run`, only
/// the note saying why.
struct TimedKernel {
  Measurement measurement;
  std::function<Status()> run;
  std::function<Status()> finish;
  const std::vector<double> *expected = nullptr;
  std::vector<double> seconds;
};

/// `value` as %.9g prints it ("nan", "inf" included).
std::string formatValue(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.9g", value);
  return text;
}

/// Times `kernels` in `repeat` rounds after one warm-up run each; a round
/// runs every kernel once, starting one kernel later each round. Interleaved
/// this way, a burst of load on a shared machine lands on all kernels
/// alike, where timing one kernel's runs after another's gave ratios that
/// moved by 2x between runs. Each measurement's time is its median. The
/// kernels share one result array `result`, so interleaving them does not
/// add arrays to the cache's working set; after the rounds each kernel runs
/// once more and its result is checked against its `expected`.
Status timeInRounds(std::vector<TimedKernel> &all, unsigned repeat,
                    const float *result) {
  std::vector<TimedKernel *> kernels;
  for (TimedKernel &k : all)
    if (k.run)
      kernels.push_back(&k);
  if (kernels.empty())
    return Status::success();
  for (TimedKernel *k : kernels)
    if (Status s = k->run(); s.failed())
      return Status::error(k->measurement.kernel + ": " + s.message());
  for (unsigned r = 0; r < repeat; ++r) {
    for (size_t i = 0; i < kernels.size(); ++i) {
      TimedKernel &k = *kernels[(i + r) % kernels.size()];
      auto start = std::chrono::steady_clock::now();
      Status s = k.run();
      k.seconds.push_back(std::chrono::duration<double>(
                              std::chrono::steady_clock::now() - start)
                              .count());
      if (s.failed())
        return Status::error(k.measurement.kernel + ": " + s.message());
    }
  }
  for (TimedKernel *k : kernels) {
    std::sort(k->seconds.begin(), k->seconds.end());
    k->measurement.seconds = k->seconds[k->seconds.size() / 2];
    k->measurement.minSeconds = k->seconds.front();
    Status s = k->run();
    if (s.ok() && k->finish)
      s = k->finish();
    if (s.failed())
      return Status::error(k->measurement.kernel + ": " + s.message());
    run::ResultError worst = run::worstResultError(result, *k->expected);
    // A NaN or infinity where the reference has none has no place in the
    // JSON's number (nor would a script's comparison catch it): an error.
    if (!std::isfinite(worst.relative)) {
      const int64_t d = k->measurement.width;
      return Status::error(
          k->measurement.kernel + " at d = " + std::to_string(d) + ": row " +
          std::to_string(worst.index / d) + ", column " +
          std::to_string(worst.index % d) + " is " + formatValue(worst.got) +
          " where the reference is " + formatValue(worst.want));
    }
    k->measurement.error = worst.relative;
  }
  return Status::success();
}

//===----------------------------------------------------------------------===//
// The GraphBLAS peer
//===----------------------------------------------------------------------===//

/// Success, or "CALL failed: GrB_<CODE> (<number>)".
Status grbCheck(GrB_Info info, const char *call) {
  if (info == GrB_SUCCESS)
    return Status::success();
  const char *code = "unknown GrB_Info";
  switch (info) {
#define HAG_GRB_INFO(name)                                                     \
  case name:                                                                   \
    code = #name;                                                              \
    break;
    HAG_GRB_INFO(GrB_NO_VALUE)
    HAG_GRB_INFO(GxB_EXHAUSTED)
    HAG_GRB_INFO(GrB_UNINITIALIZED_OBJECT)
    HAG_GRB_INFO(GrB_NULL_POINTER)
    HAG_GRB_INFO(GrB_INVALID_VALUE)
    HAG_GRB_INFO(GrB_INVALID_INDEX)
    HAG_GRB_INFO(GrB_DOMAIN_MISMATCH)
    HAG_GRB_INFO(GrB_DIMENSION_MISMATCH)
    HAG_GRB_INFO(GrB_OUTPUT_NOT_EMPTY)
    HAG_GRB_INFO(GrB_NOT_IMPLEMENTED)
    HAG_GRB_INFO(GrB_PANIC)
    HAG_GRB_INFO(GrB_OUT_OF_MEMORY)
    HAG_GRB_INFO(GrB_INSUFFICIENT_SPACE)
    HAG_GRB_INFO(GrB_INVALID_OBJECT)
    HAG_GRB_INFO(GrB_INDEX_OUT_OF_BOUNDS)
    HAG_GRB_INFO(GrB_EMPTY_OBJECT)
#undef HAG_GRB_INFO
  default:
    break;
  }
  return Status::error(std::string(call) + " failed: " + code + " (" +
                       std::to_string(int(info)) + ")");
}

/// One GraphBLAS session for the process: GrB_init (non-blocking) when the
/// kernel is asked for, GrB_finalize when main returns, after every matrix
/// is freed (declare it before them).
class GraphBlasSession {
public:
  Status start() {
    Status status = grbCheck(GrB_init(GrB_NONBLOCKING), "GrB_init");
    started_ = status.ok();
    if (status.failed())
      return status;
    // Tuned the way a user after speed would: GraphBLAS's default work
    // estimate (GxB_CHUNK 65536) keeps products of Cora's and PubMed's size
    // on one thread; a chunk of 4096 lets it use every core (1.9x on
    // PubMed), and more threads than cores never helped.
    if (Status s =
            grbCheck(GxB_Global_Option_set_FP64(GxB_GLOBAL_CHUNK, 4096.0),
                     "GxB_Global_Option_set_FP64(GxB_GLOBAL_CHUNK)");
        s.failed())
      return s;
    int threads = int(std::max(1u, std::thread::hardware_concurrency()));
    return grbCheck(GxB_Global_Option_set_INT32(GxB_GLOBAL_NTHREADS, threads),
                    "GxB_Global_Option_set_INT32(GxB_GLOBAL_NTHREADS)");
  }
  ~GraphBlasSession() {
    if (started_)
      GrB_finalize();
  }

private:
  bool started_ = false;
};

/// A GrB_Matrix freed with its owner.
class GrbMatrix {
public:
  GrbMatrix() = default;
  GrbMatrix(const GrbMatrix &) = delete;
  GrbMatrix &operator=(const GrbMatrix &) = delete;
  ~GrbMatrix() { reset(); }
  void reset() {
    if (matrix)
      GrB_Matrix_free(&matrix);
  }
  GrB_Matrix matrix = nullptr;
};

/// C = A X in GraphBLAS: A the adjacency (A(v, u) = 1 for u in N(v)) held
/// as CSR, X the features held full by row, C a by-row result matrix that
/// each product replaces.
class GraphBlasProduct {
public:
  /// Builds A once. Duplicate inputs (--keep-duplicates) add up to their
  /// count, as the reference counts them.
  Status buildAdjacency(const Csr &graph) {
    n_ = graph.numNodes;
    std::vector<GrB_Index> rows, columns;
    rows.reserve(graph.numEdges());
    columns.reserve(graph.numEdges());
    for (NodeId v = 0; v < graph.numNodes; ++v)
      for (NodeId u : graph.row(v)) {
        rows.push_back(v);
        columns.push_back(u);
      }
    std::vector<float> ones(rows.size(), 1.0f);
    if (Status s = grbCheck(GrB_Matrix_new(&a_.matrix, GrB_FP32, n_, n_),
                            "GrB_Matrix_new(A)");
        s.failed())
      return s;
    // Pinned to CSR, the format the other kernels read the graph in.
    if (Status s =
            grbCheck(GxB_Matrix_Option_set(a_.matrix, GxB_FORMAT, GxB_BY_ROW),
                     "GxB_Matrix_Option_set(A, GxB_FORMAT)");
        s.failed())
      return s;
    if (Status s = grbCheck(
            GxB_Matrix_Option_set(a_.matrix, GxB_SPARSITY_CONTROL, GxB_SPARSE),
            "GxB_Matrix_Option_set(A, GxB_SPARSITY_CONTROL)");
        s.failed())
      return s;
    if (Status s = grbCheck(GrB_Matrix_build_FP32(a_.matrix, rows.data(),
                                                  columns.data(), ones.data(),
                                                  rows.size(), GrB_PLUS_FP32),
                            "GrB_Matrix_build_FP32(A)");
        s.failed())
      return s;
    return grbCheck(GrB_Matrix_wait(a_.matrix, GrB_MATERIALIZE),
                    "GrB_Matrix_wait(A)");
  }

  /// Makes X (n x d, full, by row) from a copy of `features` and an empty
  /// n x d result C.
  Status setFeatures(const std::vector<float> &features, int64_t d) {
    d_ = d;
    x_.reset();
    c_.reset();
    if (Status s = grbCheck(GrB_Matrix_new(&x_.matrix, GrB_FP32, n_, d_),
                            "GrB_Matrix_new(X)");
        s.failed())
      return s;
    // GraphBLAS takes the array over and releases it with free().
    size_t bytes = features.size() * sizeof(float);
    void *values = std::malloc(bytes);
    if (!values)
      return Status::error("out of memory for the GraphBLAS features");
    std::memcpy(values, features.data(), bytes);
    if (Status s = grbCheck(GxB_Matrix_pack_FullR(x_.matrix, &values, bytes,
                                                  /*iso=*/false, nullptr),
                            "GxB_Matrix_pack_FullR(X)");
        s.failed()) {
      std::free(values);
      return s;
    }
    if (Status s = grbCheck(GrB_Matrix_new(&c_.matrix, GrB_FP32, n_, d_),
                            "GrB_Matrix_new(C)");
        s.failed())
      return s;
    return grbCheck(GxB_Matrix_Option_set(c_.matrix, GxB_FORMAT, GxB_BY_ROW),
                    "GxB_Matrix_Option_set(C, GxB_FORMAT)");
  }

  /// C = A X over `semiring` (no mask, no accumulator: C is replaced), and
  /// waits until C is computed. This is the timed part. GraphBLAS picks the
  /// method itself, with the thread settings of GraphBlasSession::start.
  Status multiply(GrB_Semiring semiring) {
    if (Status s = grbCheck(GrB_mxm(c_.matrix, nullptr, nullptr, semiring,
                                    a_.matrix, x_.matrix, nullptr),
                            "GrB_mxm");
        s.failed())
      return s;
    return grbCheck(GrB_Matrix_wait(c_.matrix, GrB_MATERIALIZE),
                    "GrB_Matrix_wait(C)");
  }

  /// Copies C into the n x d row-major `result`. Rows with no inputs have
  /// no entries in C; they are zeros, as the aggregation defines them.
  Status copyResult(float *result) const {
    GrB_Index count = 0;
    if (Status s = grbCheck(GrB_Matrix_nvals(&count, c_.matrix),
                            "GrB_Matrix_nvals(C)");
        s.failed())
      return s;
    std::vector<GrB_Index> rows(count), columns(count);
    std::vector<float> values(count);
    if (Status s = grbCheck(
            GrB_Matrix_extractTuples_FP32(rows.data(), columns.data(),
                                          values.data(), &count, c_.matrix),
            "GrB_Matrix_extractTuples_FP32(C)");
        s.failed())
      return s;
    std::fill(result, result + n_ * d_, 0.0f);
    for (GrB_Index k = 0; k < count; ++k)
      result[int64_t(rows[k]) * d_ + int64_t(columns[k])] = values[k];
    return Status::success();
  }

private:
  GrbMatrix a_, x_, c_;
  int64_t n_ = 0, d_ = 0;
};
} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions({&benchCategory, &tools::graphInputCategory()});
  cl::ParseCommandLineOptions(argc, argv,
                              "hag-bench: hag's CPU kernels against peers\n\n"
                              "  hag-bench --graph=cora.cites --d=16,64\n");
  if (reduceOpt != "sum" && reduceOpt != "max")
    return fail("--reduce must be sum or max");
  if (repeatOpt == 0)
    return fail("--repeat must be at least 1");
  // One initialisation, not an empty vector assigned later: GCC 12 warns
  // about that assignment (a false -Wfree-nonheap-object).
  std::vector<int64_t> widths =
      widthsOpt.empty()
          ? std::vector<int64_t>{16, 64, 256}
          : std::vector<int64_t>(widthsOpt.begin(), widthsOpt.end());
  std::vector<std::string> kernels(kernelsOpt.begin(), kernelsOpt.end());
  if (kernels.empty())
    kernels = {"plain", "hag", "eigen"};
  for (const std::string &k : kernels)
    if (llvm::find(kKernelNames, k) == std::end(kKernelNames))
      return fail(
          "unknown kernel '" + k + "' (" +
          llvm::join(std::begin(kKernelNames), std::end(kKernelNames), ", ") +
          ")");
  // The search options shape only the plans of the HAG kernels; given
  // without one they would be ignored, and a table would claim a setting it
  // never ran.
  bool runsHag = llvm::any_of(kernels, [](const std::string &k) {
    return k == "hag" || k == "hag-levels";
  });
  if (!runsHag)
    for (const cl::Option *option : std::initializer_list<const cl::Option *>{
             &capacityOpt, &thresholdOpt, &maxInputsOpt, &tileNodesOpt})
      if (option->getNumOccurrences())
        return fail("--" + option->ArgStr.str() +
                    " sets the HAG search, but no kernel in --kernels (" +
                    llvm::join(kernels, ",") +
                    ") runs a HAG; add hag or hag-levels, or leave it out");
  // Eigen and the sparsifier compute sums only; with another reduction they
  // are skipped, and a run of nothing else would measure nothing.
  if (reduceOpt != "sum" && llvm::all_of(kernels, [](const std::string &k) {
        return k == "eigen" || k == "sparsifier";
      }))
    return fail("--kernels=" + llvm::join(kernels, ",") +
                " compute sums only (Eigen has no max semiring; the "
                "sparsifier's linalg.matmul is a sum), so --reduce=" +
                reduceOpt + " would measure nothing");
  // The coefficients price the predictions, which only --json prints.
  if (coefficientsOpt.getNumOccurrences() && !jsonOpt)
    return fail("--coefficients prices the predictions of --json's "
                "predicted_ms, which the table does not print; add --json or "
                "leave it out");
  Expected<CostCoefficients> coefficients =
      coefficientsFor(coefficientsOpt, CostTarget::Cpu);
  if (coefficients.failed())
    return fail(coefficients.message());
  for (int64_t d : widths)
    if (d <= 0)
      return fail("feature widths must be positive");
  Expected<tools::InputGraph> input =
      tools::loadInputGraph(graphOpt, "--graph=FILE");
  if (input.failed())
    return fail(input.message());
  const Csr &graph = input->graph;
  const int64_t n = graph.numNodes;
  // Per width: the generated features, the features and the result on huge
  // pages, the reference and the features again in doubles (for the copy's
  // check). Every width is checked before the first is measured.
  for (int64_t d : widths) {
    const uint64_t rows = run::featureBytes(n, d);
    if (Status s = checkMemoryNeed(
            "--d=" + std::to_string(d) + ": " + std::to_string(n) + " x " +
                std::to_string(d) + " features, results and references",
            saturatingMultiply(rows, /*float arrays*/ 3 + /*double*/ 2 * 2));
        s.failed())
      return fail(s.message());
  }

  // Eigen's operand: A(v, u) = 1 for u in N(v), so A x aggregates rows.
  Eigen::SparseMatrix<float, Eigen::RowMajor, int64_t> adjacency(n, n);
  {
    std::vector<Eigen::Triplet<float, int64_t>> entries;
    entries.reserve(graph.numEdges());
    for (NodeId v = 0; v < graph.numNodes; ++v)
      for (NodeId u : graph.row(v))
        entries.emplace_back(v, u, 1.0f);
    adjacency.setFromTriplets(entries.begin(), entries.end());
  }

  // GraphBLAS's adjacency, built once, only when its kernel runs. The
  // session outlives the matrices (declared first, destroyed last).
  GraphBlasSession graphBlasSession;
  std::optional<GraphBlasProduct> graphBlas;
  if (llvm::is_contained(kernels, "graphblas")) {
    graphBlas.emplace();
    if (Status s = graphBlasSession.start(); s.failed())
      return fail("graphblas: " + s.message());
    if (Status s = graphBlas->buildAdjacency(graph); s.failed())
      return fail("graphblas: " + s.message());
  }

  std::vector<Measurement> results;
  // The HAGs of the hag kernels, by tile size.
  std::map<std::string, SearchResult> plans;
  // What the cost model counts for each of our kernels: the same at every
  // width, and a pass over the graph to count, so counted once.
  std::map<std::string, AggregationWork> works;
  for (int64_t d : widths) {
    Expected<std::vector<float>> generatedRows = run::generatedFeatures(n, d);
    if (generatedRows.failed())
      return fail("--d=" + std::to_string(d) + ": " + generatedRows.message());
    std::vector<float> generated = generatedRows.take();
    tools::RowBuffer x(generated.size()), y(generated.size());
    if (!x.data() || !y.data())
      return fail("out of memory for " + std::to_string(n) + " x " +
                  std::to_string(d) + " features and results");
    std::copy(generated.begin(), generated.end(), x.data());
    run::AggregationRequest request;
    request.reduction = reduceOpt;
    request.width = d;
    std::vector<double> reference =
        run::referenceAggregation(graph, request, generated.data());
    // The copy's result is the features themselves.
    std::vector<double> features(generated.begin(), generated.end());
    // Set up every kernel of this width first, then time them together.
    std::vector<TimedKernel> timed;
    // Kept alive until the timing is done.
    std::vector<std::unique_ptr<run::CompiledAggregation>> compiledKernels;
    // Every kernel writes this one array (see timeInRounds).
    float *result = y.data();
    // Makes a compiled kernel t's run, or says why it did not compile.
    auto useCompiled =
        [&](TimedKernel &t,
            Expected<std::unique_ptr<run::CompiledAggregation>> compiled) {
          if (compiled.failed())
            return Status::error(compiled.message());
          compiledKernels.push_back(compiled.take());
          run::CompiledAggregation *aggregation = compiledKernels.back().get();
          t.run = [aggregation, &x, result] {
            return aggregation->run(x.data(), result);
          };
          return Status::success();
        };
    for (const std::string &kernel : kernels) {
      Measurement m{kernel, d, 0, 0, ""};
      if ((kernel == "eigen" && reduceOpt != "sum") ||
          (kernel == "sparsifier" && reduceOpt != "sum")) {
        m.note = kernel == "eigen"
                     ? "skipped: Eigen has no max semiring"
                     : "skipped: the sparsifier's linalg.matmul is a sum";
        timed.push_back(TimedKernel{m, nullptr, nullptr, nullptr, {}});
        continue;
      }
      timed.push_back(TimedKernel{
          m, nullptr, nullptr, kernel == "copy" ? &features : &reference, {}});
      TimedKernel &t = timed.back();
      if (kernel == "copy") {
        // The bandwidth floor: every feature row read once and every result
        // row written once, the least traffic any aggregation kernel has.
        // It is our own kernel on a graph where each node's only input is
        // itself, so it runs on the OpenMP runtime of plain and hag and can
        // be interleaved with them (a libgomp loop here competed with the
        // JIT's libomp threads, which spin after each kernel, and read 3x
        // slower).
        Csr identity;
        identity.numNodes = NodeId(n);
        identity.offsets.assign(size_t(n) + 1, 0);
        run::AggregationRequest copyRequest;
        copyRequest.width = d;
        copyRequest.selfLoops = true;
        if (Status s =
                useCompiled(t, run::compileAggregation(identity, copyRequest));
            s.failed())
          return fail(kernel + ": " + s.message());
        // For the cost model, the same traffic as a graph of self-edges.
        if (!works.count(kernel)) {
          Csr selfEdges = identity;
          for (NodeId v = 0; v < NodeId(n); ++v) {
            selfEdges.indices.push_back(v);
            selfEdges.offsets[v + 1] = v + 1;
          }
          works[kernel] = plainWork(selfEdges);
        }
        t.measurement.work = works[kernel];
        t.measurement.note =
            "bandwidth floor: reads the features once, writes every row";
      } else if (kernel == "eigen") {
        t.run = [&adjacency, &x, result, n, d] {
          Eigen::Map<const Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic,
                                         Eigen::RowMajor>>
              features(x.data(), n, d);
          Eigen::Map<Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic,
                                   Eigen::RowMajor>>
              out(result, n, d);
          out.noalias() = adjacency * features;
          return Status::success();
        };
      } else if (kernel == "graphblas") {
        // max(second(A(v, u), x(u, k))) is the max of the inputs' features,
        // exactly; the sum multiplies each feature by A's 1.
        GrB_Semiring semiring = reduceOpt == "max"
                                    ? GrB_MAX_SECOND_SEMIRING_FP32
                                    : GrB_PLUS_TIMES_SEMIRING_FP32;
        if (Status s = graphBlas->setFeatures(generated, d); s.failed())
          return fail(kernel + ": " + s.message());
        t.run = [&graphBlas, semiring] {
          return graphBlas->multiply(semiring);
        };
        // Outside the timing: only the check needs the result as an array.
        t.finish = [&graphBlas, result] {
          return graphBlas->copyResult(result);
        };
      } else {
        request.throughHag = kernel == "hag" || kernel == "hag-levels";
        request.capacity = capacityOpt;
        request.threshold = thresholdOpt;
        request.maxInputs = maxInputsOpt;
        // hag-levels: the whole-graph HAG, run level by level.
        request.tileNodes =
            kernel == "hag-levels" ? std::string("0") : tileNodesOpt.getValue();
        // One search per plan, shared by every width.
        request.plan = nullptr;
        if (request.throughHag) {
          auto found = plans.find(request.tileNodes);
          if (found == plans.end()) {
            Expected<SearchResult> searched = run::searchPlan(graph, request);
            if (searched.failed())
              return fail(kernel + ": " + searched.message());
            found = plans.emplace(request.tileNodes, searched.take()).first;
          }
          request.plan = &found->second.hag;
        }
        if (!works.count(kernel) && (kernel == "plain" || request.plan))
          works[kernel] =
              request.plan ? hagWork(*request.plan) : plainWork(graph);
        if (works.count(kernel))
          t.measurement.work = works[kernel];
        if (Status s = useCompiled(
                t, kernel == "sparsifier"
                       ? run::compileSparsifierAggregation(graph, request)
                       : run::compileAggregation(graph, request));
            s.failed())
          return fail(kernel + ": " + s.message());
      }
    }
    if (Status s = timeInRounds(timed, repeatOpt, result); s.failed())
      return fail(s.message());
    for (const TimedKernel &t : timed)
      results.push_back(t.measurement);
  }

  if (jsonOpt) {
    for (const Measurement &m : results) {
      llvm::json::OStream json(llvm::outs());
      json.object([&] {
        json.attribute("graph", input->name);
        json.attribute("kernel", m.kernel);
        json.attribute("d", m.width);
        json.attribute("reduce", std::string(reduceOpt));
        json.attribute("median_ms", m.seconds > 0
                                        ? llvm::json::Value(m.seconds * 1e3)
                                        : llvm::json::Value(nullptr));
        json.attribute("min_ms", m.seconds > 0
                                     ? llvm::json::Value(m.minSeconds * 1e3)
                                     : llvm::json::Value(nullptr));
        json.attribute("max_rel_error", m.seconds > 0
                                            ? llvm::json::Value(m.error)
                                            : llvm::json::Value(nullptr));
        if (!m.note.empty())
          json.attribute("note", m.note);
        if (m.work) {
          CostTerms terms = costTerms(*m.work, m.width, 4, *coefficients);
          json.attribute(
              "predicted_ms",
              1e3 * predictSeconds(*m.work, m.width, 4, *coefficients));
          json.attributeObject("cost_terms", [&] {
            json.attribute("cache_bytes", terms.cacheBytes);
            json.attribute("shared_cache_bytes", terms.sharedCacheBytes);
            json.attribute("memory_read_bytes", terms.memoryReadBytes);
            json.attribute("memory_write_bytes", terms.memoryWriteBytes);
            json.attribute("entries", terms.entries);
            json.attribute("loops", terms.loops);
            json.attribute("shared_cache_reads", terms.sharedCacheReads);
            json.attribute("memory_reads", terms.memoryReads);
            json.attribute("levels", terms.levels);
          });
        }
      });
      llvm::outs() << "\n";
    }
    return 0;
  }
  llvm::outs() << input->name << ": " << n << " nodes, " << graph.numEdges()
               << " edges, reduce " << reduceOpt << ", median of "
               << unsigned(repeatOpt) << " interleaved rounds\n";
  for (const Measurement &m : results) {
    llvm::outs() << llvm::format("  d=%-4lld %-10s ", (long long)m.width,
                                 m.kernel.c_str());
    if (m.seconds > 0)
      llvm::outs() << llvm::format("%9.3f ms   max rel error %.2g",
                                   m.seconds * 1e3, m.error);
    if (m.seconds > 0 && !m.note.empty())
      llvm::outs() << "   ";
    llvm::outs() << m.note << "\n";
  }
  return 0;
}
