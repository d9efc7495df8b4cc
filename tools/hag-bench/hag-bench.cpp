//===- hag-bench.cpp - hag's kernels against the CPU peers ----------------===//
//
// Times, in one run on one machine, each kernel over the same graph and
// features: `plain` (our lowering on the graph), `hag` (our lowering through
// the HAG), and `eigen` (Eigen 3 row-major sparse x dense). Each time is the
// median of repeated runs after a warm-up, and every output is checked
// against the double-precision reference (docs/Benchmarks.md).
//
//===----------------------------------------------------------------------===//
#include "../common/GraphInput.h"

#include "hag/Run/Runner.h"
#include "hag/Search/HagSearch.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <Eigen/Sparse>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <functional>

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
                        "(whole-graph plan, level by level), eigen, copy (the "
                        "bandwidth floor); default plain,hag,eigen"),
               cl::CommaSeparated, cl::cat(benchCategory));
cl::opt<std::string> capacityOpt("capacity", cl::desc("HAG capacity"),
                                 cl::init("unlimited"), cl::cat(benchCategory));
cl::opt<std::string> tileNodesOpt(
    "tile-nodes",
    cl::desc("HAG tile size: auto, a node count, or 0 for one HAG run level "
             "by level"),
    cl::init("auto"), cl::cat(benchCategory));
cl::opt<unsigned> thresholdOpt("threshold", cl::desc("HAG threshold"),
                               cl::init(2), cl::cat(benchCategory));
cl::opt<unsigned> repeatOpt("repeat", cl::desc("Timed runs per kernel"),
                            cl::init(10), cl::cat(benchCategory));
cl::opt<bool> jsonOpt("json", cl::desc("One JSON object per kernel and width"),
                      cl::cat(benchCategory));

int fail(const std::string &message) {
  llvm::errs() << "hag-bench: error: " << message << "\n";
  return 1;
}

/// Median seconds of `repeat` runs of `body` after one warm-up run.
double medianSeconds(unsigned repeat, const std::function<void()> &body) {
  body();
  std::vector<double> times;
  for (unsigned r = 0; r < repeat; ++r) {
    auto start = std::chrono::steady_clock::now();
    body();
    times.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

struct Measurement {
  std::string kernel;
  int64_t width;
  double seconds;
  double error;
  std::string note;
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
  std::vector<int64_t> widths(widthsOpt.begin(), widthsOpt.end());
  if (widths.empty())
    widths = {16, 64, 256};
  std::vector<std::string> kernels(kernelsOpt.begin(), kernelsOpt.end());
  if (kernels.empty())
    kernels = {"plain", "hag", "eigen"};
  for (const std::string &k : kernels)
    if (k != "plain" && k != "hag" && k != "hag-levels" && k != "eigen" &&
        k != "copy")
      return fail("unknown kernel '" + k +
                  "' (plain, hag, hag-levels, eigen, copy)");
  Expected<tools::InputGraph> input = tools::loadInputGraph(graphOpt);
  if (input.failed())
    return fail(input.message());
  const Csr &graph = input->graph;
  const int64_t n = graph.numNodes;

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

  std::vector<Measurement> results;
  for (int64_t d : widths) {
    if (d <= 0)
      return fail("feature widths must be positive");
    std::vector<float> x = run::generatedFeatures(n, d), y(n * d);
    run::AggregationRequest request;
    request.reduction = reduceOpt;
    request.width = d;
    std::vector<double> reference =
        run::referenceAggregation(graph, request, x.data());
    for (const std::string &kernel : kernels) {
      Measurement m{kernel, d, 0, 0, ""};
      if (kernel == "copy") {
        // The bandwidth floor: every feature row read once and every result
        // row written once, the least traffic any aggregation kernel has.
        m.seconds = medianSeconds(repeatOpt, [&] {
#pragma omp parallel for schedule(static)
          for (int64_t v = 0; v < n; ++v)
            std::memcpy(y.data() + v * d, x.data() + v * d,
                        sizeof(float) * size_t(d));
        });
        m.note = "bandwidth floor: reads the features once, writes every row";
        results.push_back(m);
        continue;
      }
      if (kernel == "eigen") {
        if (reduceOpt != "sum") {
          m.note = "skipped: Eigen has no max semiring";
          results.push_back(m);
          continue;
        }
        Eigen::Map<const Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic,
                                       Eigen::RowMajor>>
            features(x.data(), n, d);
        Eigen::Map<Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic,
                                 Eigen::RowMajor>>
            out(y.data(), n, d);
        m.seconds = medianSeconds(
            repeatOpt, [&] { out.noalias() = adjacency * features; });
      } else {
        request.throughHag = kernel != "plain";
        request.capacity = capacityOpt;
        request.threshold = thresholdOpt;
        // hag-levels: the whole-graph HAG, run level by level.
        request.tileNodes =
            kernel == "hag-levels" ? std::string("0") : tileNodesOpt.getValue();
        Expected<std::unique_ptr<run::CompiledAggregation>> compiled =
            run::compileAggregation(graph, request);
        if (compiled.failed())
          return fail(kernel + ": " + compiled.message());
        Status status = Status::success();
        m.seconds = medianSeconds(repeatOpt, [&] {
          if (status.ok())
            status = (*compiled)->run(x.data(), y.data());
        });
        if (status.failed())
          return fail(kernel + ": " + status.message());
      }
      m.error = run::maxRelativeError(y.data(), reference);
      results.push_back(m);
    }
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
        json.attribute("max_rel_error", m.note.empty()
                                            ? llvm::json::Value(m.error)
                                            : llvm::json::Value(nullptr));
        if (!m.note.empty())
          json.attribute("note", m.note);
      });
      llvm::outs() << "\n";
    }
    return 0;
  }
  llvm::outs() << input->name << ": " << n << " nodes, " << graph.numEdges()
               << " edges, reduce " << reduceOpt << ", median of "
               << unsigned(repeatOpt) << "\n";
  for (const Measurement &m : results) {
    llvm::outs() << llvm::format("  d=%-4lld %-10s ", (long long)m.width,
                                 m.kernel.c_str());
    if (m.seconds > 0 && !m.note.empty())
      llvm::outs() << llvm::format("%9.3f ms   ", m.seconds * 1e3) << m.note
                   << "\n";
    else if (!m.note.empty())
      llvm::outs() << m.note << "\n";
    else
      llvm::outs() << llvm::format("%9.3f ms   max rel error %.2g\n",
                                   m.seconds * 1e3, m.error);
  }
  return 0;
}
