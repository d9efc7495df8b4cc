//===- hag-run.cpp - Compile, run and check an aggregation ----------------===//
//
// Compiles the aggregation of a graph's feature rows (plain, or through a
// HAG searched at compile time) with hag-lower-to-cpu, JIT-runs it on
// features from a file or generated ones, times it, and with --check
// compares it with a double-precision reference (docs/Tools.md).
//
//===----------------------------------------------------------------------===//
#include "../common/GraphInput.h"
#include "../common/RowBuffer.h"

#include "hag/Graph/Memory.h"
#include "hag/Graph/OutputFile.h"
#include "hag/Run/ModuleProgram.h"
#include "hag/Run/Runner.h"
#include "hag/Runtime/PlanRuntime.h"
#include "hag/Search/Calibration.h"
#include "hag/Search/CostFormulas.h"
#include "hag/Search/HagSearch.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>

using namespace hag;
namespace cl = llvm::cl;

namespace {
cl::OptionCategory runCategory("Run options");
cl::opt<std::string> inputOpt(cl::Positional, cl::desc("<graph file>"),
                              cl::init(""));
cl::opt<std::string> reduceOpt("reduce", cl::desc("sum|mean|max|min"),
                               cl::init("sum"), cl::cat(runCategory));
cl::opt<std::string> normalizationOpt("normalization",
                                      cl::desc("none|row|symmetric (sum only)"),
                                      cl::init("none"), cl::cat(runCategory));
cl::opt<bool> selfLoopsOpt("self-loops", cl::desc("Add each node's own row"),
                           cl::cat(runCategory));
cl::opt<int64_t> widthOpt("d", cl::desc("Feature width"), cl::init(64),
                          cl::cat(runCategory));
cl::opt<std::string> featuresOpt(
    "features",
    cl::desc("Raw float32 N x D row-major features (default: generated)"),
    cl::value_desc("file"), cl::cat(runCategory));
cl::opt<bool> hagOpt("hag", cl::desc("Aggregate through a HAG"),
                     cl::cat(runCategory));
cl::opt<std::string> capacityOpt("capacity",
                                 cl::desc("HAG capacity (N, F or unlimited)"),
                                 cl::init("0.25"), cl::cat(runCategory));
cl::opt<std::string> tileNodesOpt(
    "tile-nodes",
    cl::desc("HAG tile size: auto, a node count, or 0 for one HAG run level "
             "by level"),
    cl::init("auto"), cl::cat(runCategory));
cl::opt<unsigned> thresholdOpt("threshold", cl::desc("HAG merge threshold"),
                               cl::init(3), cl::cat(runCategory));
cl::opt<unsigned> maxInputsOpt(
    "max-inputs",
    cl::desc("Most inputs of one searched aggregation node (hag-search "
             "--max-inputs), 0 for the target's default (8 on the CPU, 2 "
             "on CUDA); the CPU kernels compute such a node as one row, the "
             "GPU kernels run its two-input form"),
    cl::init(0), cl::cat(runCategory));
cl::opt<std::string> targetOpt(
    "target",
    cl::desc("Where the kernel runs: cpu; cuda (hag-lower-to-cuda, on device "
             "0 through hag's CUDA runtime; times include the copies in and "
             "out); or cuda-emulation (the CUDA kernels with their threads "
             "run as host loops, to check them without a GPU)"),
    cl::init("cpu"), cl::cat(runCategory));
cl::opt<std::string> cudaKernelsOpt(
    "cuda-kernels",
    cl::desc("Options of convert-hag-to-gpu for the cuda targets, as "
             "that pass spells them (e.g. \"hub-edges=8 block-size=128\")"),
    cl::init(""), cl::cat(runCategory));
cl::opt<std::string> moduleOpt(
    "module",
    cl::desc("Run an entry point of this module instead of a built "
             "aggregation: .mlir/.mlirbc (JIT-compiled through "
             "hag-lower-to-cpu; --hag applies hag-eliminate-redundancy first) "
             "or a .so that hag-lower-to-cpu produced ahead of time. --reduce, "
             "--normalization and --self-loops say what it computes, for "
             "--check"),
    cl::value_desc("file"), cl::cat(runCategory));
cl::opt<std::string> entryOpt(
    "entry",
    cl::desc("Entry point of --module; several, separated by ',', are timed "
             "in the same process, round by round (each round runs every "
             "entry once, in order), so a busy host slows them alike"),
    cl::init("aggregate"), cl::cat(runCategory));
cl::opt<std::string> entryArgsOpt(
    "entry-args",
    cl::desc("What the entry takes: features (x, y: memref<N x D x f32>), "
             "graph (offsets memref<?xi64>, indices memref<?xi32>, x, y) or "
             "edges (src memref<?xi64>, dst memref<?xi64>, x, y: edge e is "
             "src[e] -> dst[e], PyG's edge_index)"),
    cl::init("features"), cl::cat(runCategory));
cl::opt<bool> sequentialOpt("sequential-loops", cl::desc("No OpenMP threads"),
                            cl::cat(runCategory));
cl::opt<bool> checkOpt("check",
                       cl::desc("Compare with a double-precision reference"),
                       cl::cat(runCategory));
cl::opt<double>
    toleranceOpt("tolerance",
                 cl::desc("Largest relative error --check accepts for sums"),
                 cl::init(1e-4), cl::cat(runCategory));
cl::opt<std::string> coefficientsOpt(
    "coefficients",
    cl::desc("Cost coefficients file for the predicted time (default: the "
             "built-in cpu estimates)"),
    cl::value_desc("file"), cl::cat(runCategory));
cl::opt<std::string> outputOpt(
    "output",
    cl::desc("Write the result as raw float32 N x D rows, row-major (what "
             "--features reads); with several --entry, one file per entry, "
             "separated by ',', written one after another. Not written when "
             "--check fails"),
    cl::value_desc("file"), cl::cat(runCategory));
cl::alias outputShortOpt("o", cl::desc("Alias for --output"),
                         cl::aliasopt(outputOpt));
cl::opt<unsigned> repeatOpt("repeat", cl::desc("Timed runs (median kept)"),
                            cl::init(5), cl::cat(runCategory));

int fail(const std::string &message) {
  // After what was printed so far, when both streams go to one place.
  llvm::outs().flush();
  llvm::errs() << "hag-run: error: " << message << "\n";
  return 1;
}

bool given(const cl::Option &option) { return option.getNumOccurrences() > 0; }

/// `path` with its folder resolved (and the path itself when it exists, so
/// a link names its target), so that two spellings of one file, `a` and
/// `./a`, compare equal.
std::string resolvedPath(const std::string &path) {
  llvm::SmallString<256> real;
  if (!llvm::sys::fs::real_path(path, real))
    return std::string(real);
  llvm::StringRef parent = llvm::sys::path::parent_path(path);
  if (llvm::sys::fs::real_path(parent.empty() ? "." : parent, real))
    return path;
  llvm::sys::path::append(real, llvm::sys::path::filename(path));
  return std::string(real);
}

/// Refuses an option given without the one that makes it mean something.
Status checkOptionsApply() {
  if (moduleOpt.empty()) {
    if (given(entryOpt))
      return Status::error(
          std::string("--entry") +
          (llvm::StringRef(entryOpt).contains(',') ? " with several entries"
                                                   : "") +
          " needs --module (the built aggregation's entry is its own)");
    if (given(entryArgsOpt))
      return Status::error("--entry-args needs --module (it says what the "
                           "module's entry takes)");
  }
  if (!hagOpt)
    for (const cl::Option *option : std::initializer_list<const cl::Option *>{
             &capacityOpt, &thresholdOpt, &maxInputsOpt, &tileNodesOpt})
      if (given(*option))
        return Status::error("--" + option->ArgStr.str() +
                             " needs --hag (it is a HAG search option)");
  if (given(cudaKernelsOpt) && targetOpt == "cpu")
    return Status::error("--cuda-kernels needs --target=cuda or "
                         "--target=cuda-emulation");
  if (given(toleranceOpt) && !checkOpt)
    return Status::error("--tolerance needs --check");
  return Status::success();
}
} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions({&runCategory, &tools::graphInputCategory()});
  cl::ParseCommandLineOptions(
      argc, argv,
      "hag-run: compile an aggregation with hag, run it, check it\n\n"
      "  hag-run cora.cites --d=64 --hag --check\n");
  if (widthOpt <= 0)
    return fail("--d must be positive");
  if (repeatOpt == 0)
    return fail("--repeat must be at least 1");
  // NaN compares false with every error, so "error <= nan" failed every
  // check; a negative tolerance fails them all too.
  if (!std::isfinite(toleranceOpt) || toleranceOpt < 0) {
    char value[32];
    std::snprintf(value, sizeof value, "%g", double(toleranceOpt));
    return fail(std::string("--tolerance must be a finite number >= 0, not ") +
                value);
  }
  // Options that only mean something with another one are refused without
  // it rather than ignored, so that a forgotten --hag or --module does not
  // time a kernel other than the one asked for.
  if (Status s = checkOptionsApply(); s.failed())
    return fail(s.message());
  // What runs: the built aggregation, or the entries of a user's module.
  std::vector<std::string> entries;
  for (llvm::StringRef rest = entryOpt; !rest.empty();) {
    auto [name, tail] = rest.split(',');
    if (name.empty())
      return fail("--entry: an empty entry name in '" + entryOpt + "'");
    entries.push_back(name.str());
    rest = tail;
  }
  if (entries.empty())
    return fail("--entry: no entry named");
  // The result files, opened before anything is read or compiled, so that
  // a path that cannot be written fails at once, not after the run; each is
  // committed only after the run (and --check) succeeded.
  std::vector<std::unique_ptr<OutputFile>> outputs;
  if (given(outputOpt)) {
    std::vector<std::string> paths;
    for (llvm::StringRef rest = outputOpt;;) {
      auto [path, tail] = rest.split(',');
      if (path.empty())
        return fail("--output: an empty file name in '" + outputOpt + "'");
      paths.push_back(path.str());
      if (tail.empty() && !rest.contains(','))
        break;
      rest = tail;
    }
    if (paths.size() != entries.size())
      return fail("--output names " + std::to_string(paths.size()) +
                  (paths.size() == 1 ? " file" : " files") + " for " +
                  std::to_string(entries.size()) +
                  (entries.size() == 1 ? " entry" : " entries") +
                  "; name one per --entry, in its order");
    for (size_t i = 0; i < paths.size(); ++i) {
      for (size_t j = 0; j < i; ++j)
        if (resolvedPath(paths[i]) == resolvedPath(paths[j]))
          return fail("--output names " + paths[i] +
                      " twice; name one file per entry");
      for (const std::string &read :
           {std::string(inputOpt), std::string(featuresOpt),
            std::string(moduleOpt)})
        if (Status s = checkOutputIsNotInput(paths[i], read, "--output");
            s.failed())
          return fail(s.message());
      outputs.push_back(std::make_unique<OutputFile>(paths[i]));
      if (Status s = outputs.back()->open(); s.failed())
        return fail("--output: " + s.message());
    }
  }
  Expected<tools::InputGraph> input = tools::loadInputGraph(inputOpt);
  if (input.failed())
    return fail(input.message());
  const Csr &graph = input->graph;
  // The features, a result per entry and, with --check, the reference in
  // doubles, before any of them is allocated.
  {
    const uint64_t rows = run::featureBytes(graph.numNodes, widthOpt);
    const uint64_t arrays = 1 + entries.size() + (checkOpt ? 2 : 0);
    if (Status s = checkMemoryNeed(
            "--d=" + std::to_string(widthOpt) + ": " +
                std::to_string(graph.numNodes) + " x " +
                std::to_string(widthOpt) +
                (checkOpt ? " features, results and the --check reference"
                          : " features and results"),
            saturatingMultiply(rows, arrays));
        s.failed())
      return fail(s.message());
  }

  run::AggregationRequest request;
  request.reduction = reduceOpt;
  request.normalization = normalizationOpt;
  request.selfLoops = selfLoopsOpt;
  request.width = widthOpt;
  request.throughHag = hagOpt;
  request.capacity = capacityOpt;
  request.threshold = thresholdOpt;
  request.maxInputs = maxInputsOpt;
  request.tileNodes = tileNodesOpt;
  request.openmp = !sequentialOpt;
  request.target = targetOpt;
  request.cudaKernelOptions = cudaKernelsOpt;
  if (targetOpt != "cpu" && targetOpt != "cuda" &&
      targetOpt != "cuda-emulation")
    return fail("--target must be cpu, cuda or cuda-emulation, not '" +
                targetOpt + "'");
  if (targetOpt != "cpu" && !moduleOpt.empty())
    return fail("--module runs on --target=cpu only");
  const CostTarget searchTarget =
      targetOpt == "cpu" ? CostTarget::Cpu : CostTarget::Cuda;

  std::vector<float> features;
  if (featuresOpt.empty()) {
    Expected<std::vector<float>> generated =
        run::generatedFeatures(graph.numNodes, widthOpt);
    if (generated.failed())
      return fail(generated.message());
    features = generated.take();
  } else {
    Expected<std::vector<float>> read =
        run::readFeatures(featuresOpt, graph.numNodes, widthOpt);
    if (read.failed())
      return fail(read.message());
    features = read.take();
  }

  std::string hagSummary = "plain";
  // What the cost model predicts for this kernel (docs/CostModel.md).
  Expected<CostCoefficients> coefficients =
      coefficientsFor(coefficientsOpt, CostTarget::Cpu);
  if (coefficients.failed())
    return fail(coefficients.message());
  double predicted =
      predictSeconds(plainWork(graph), widthOpt, sizeof(float), *coefficients);
  // The built aggregation's HAG is searched once, here, and handed to the
  // compiler; a --module searches inside its own pipeline.
  std::optional<SearchResult> search;
  if (hagOpt && moduleOpt.empty()) {
    Expected<Capacity> capacity = Capacity::parse(capacityOpt);
    if (capacity.failed())
      return fail("--capacity: " + capacity.message());
    Expected<uint32_t> tiles = parseTileNodes(tileNodesOpt, searchTarget);
    if (tiles.failed())
      return fail("--tile-nodes: " + tiles.message());
    SearchOptions options;
    options.capacity = *capacity;
    options.threshold = thresholdOpt;
    options.maxInputs = resolveMaxInputs(maxInputsOpt, searchTarget);
    options.tileNodes = *tiles;
    Expected<SearchResult> found = searchHag(graph, options);
    if (found.failed())
      return fail(found.message());
    search = found.take();
    // What the kernel runs (a --max-inputs node stays one node on the CPU,
    // becomes a tree of two-input ones on the GPU), so the summary and the
    // prediction describe that.
    search->hag = kernelForm(std::move(search->hag), searchTarget);
    request.plan = &search->hag;
    HagMetrics m = computeMetrics(graph, search->hag);
    predicted = predictSeconds(hagWork(search->hag), widthOpt, sizeof(float),
                               *coefficients);
    size_t widest = 2;
    for (NodeRange inputs : search->hag.aggInputs)
      widest = std::max(widest, inputs.size());
    hagSummary = "through a HAG: " + std::to_string(m.aggNodes) +
                 " aggregation nodes" +
                 (widest > 2 ? " of up to " + std::to_string(widest) + " inputs"
                             : std::string()) +
                 " in " +
                 (m.tiles ? std::to_string(m.tiles) + " tiles"
                          : std::to_string(m.levels) + " levels") +
                 ", edge reads " + std::to_string(m.edgeReadsBefore) + " -> " +
                 std::to_string(m.edgeReadsAfter);
  }

  // The kernels read and write rows on huge pages, as in hag-bench: on 4 KB
  // pages where the rows land in physical memory, and how they share the
  // caches' sets, changes with every process (docs/CpuPerformance.md).
  tools::RowBuffer rows(features.size());
  if (!rows.data())
    return fail("out of memory for " + std::to_string(graph.numNodes) + " x " +
                std::to_string(widthOpt) + " features");
  std::copy(features.begin(), features.end(), rows.data());
  const float *x = rows.data();
  std::vector<std::function<Status(float *)>> runners;
  double compileSeconds = 0;
  std::unique_ptr<run::CompiledAggregation> kernel;
  std::vector<std::unique_ptr<run::ModuleProgram>> programs;
  if (moduleOpt.empty()) {
    Expected<std::unique_ptr<run::CompiledAggregation>> compiled =
        run::compileAggregation(graph, request);
    if (compiled.failed())
      return fail(compiled.message());
    kernel = compiled.take();
    compileSeconds = kernel->compileSeconds();
    runners.push_back([&](float *out) { return kernel->run(x, out); });
  } else {
    Expected<run::EntryArgs> args = run::parseEntryArgs(entryArgsOpt);
    if (args.failed())
      return fail("--entry-args: " + args.message());
    for (const std::string &entry : entries) {
      run::ModuleRequest moduleRequest;
      moduleRequest.path = moduleOpt;
      moduleRequest.entry = entry;
      moduleRequest.args = *args;
      moduleRequest.numEdges = int64_t(graph.indices.size());
      moduleRequest.openmp = !sequentialOpt;
      moduleRequest.throughHag = hagOpt;
      moduleRequest.capacity = capacityOpt;
      moduleRequest.threshold = thresholdOpt;
      moduleRequest.maxInputs = maxInputsOpt;
      moduleRequest.tileNodes = tileNodesOpt;
      Expected<std::unique_ptr<run::ModuleProgram>> loaded =
          run::loadModuleProgram(moduleRequest, graph.numNodes, widthOpt);
      if (loaded.failed())
        return fail(loaded.message());
      programs.push_back(loaded.take());
      compileSeconds += programs.back()->loadSeconds();
      run::ModuleProgram *program = programs.back().get();
      runners.push_back([&graph, x, program](float *out) {
        return program->run(graph, x, out);
      });
    }
    hagSummary = "module " + moduleOpt + " @" + entries[0];
    for (size_t e = 1; e < entries.size(); ++e)
      hagSummary += ", @" + entries[e];
    if (hagOpt)
      hagSummary += " through a HAG";
  }
  std::vector<std::unique_ptr<tools::RowBuffer>> results;
  for (size_t e = 0; e < runners.size(); ++e) {
    results.push_back(std::make_unique<tools::RowBuffer>(features.size()));
    if (!results.back()->data())
      return fail("out of memory for " + std::to_string(graph.numNodes) +
                  " x " + std::to_string(widthOpt) + " results");
  }
  std::vector<std::vector<double>> times(runners.size());
  for (unsigned r = 0; r <= repeatOpt; ++r) { // the first round warms up
    for (size_t e = 0; e < runners.size(); ++e) {
      auto start = std::chrono::steady_clock::now();
      if (Status s = runners[e](results[e]->data()); s.failed())
        return fail(runners.size() > 1 ? "@" + entries[e] + ": " + s.message()
                                       : s.message());
      double seconds = std::chrono::duration<double>(
                           std::chrono::steady_clock::now() - start)
                           .count();
      if (r > 0)
        times[e].push_back(seconds);
    }
  }
  std::vector<double> medians;
  for (std::vector<double> &t : times) {
    std::sort(t.begin(), t.end());
    medians.push_back(t[t.size() / 2]);
  }

  llvm::outs() << "graph    " << input->name << ": " << graph.numNodes
               << " nodes, " << graph.numEdges() << " edges\n";
  llvm::outs() << "kernel   " << reduceOpt << ", normalization "
               << normalizationOpt << (selfLoopsOpt ? ", self-loops" : "")
               << ", d = " << widthOpt << ", " << hagSummary << "\n";
  llvm::outs() << llvm::format("compile  %.3f s\n", compileSeconds);
  if (runners.size() == 1)
    llvm::outs() << llvm::format("run      %.3f ms (median of %u)\n",
                                 medians[0] * 1e3, unsigned(repeatOpt));
  else
    for (size_t e = 0; e < runners.size(); ++e)
      llvm::outs() << llvm::format(
          "run      @%s %.3f ms (median of %u, rounds interleaved; @%s's "
          "time over it %.2fx)\n",
          entries[e].c_str(), medians[e] * 1e3, unsigned(repeatOpt),
          entries[0].c_str(), medians[0] / medians[e]);
  if (moduleOpt.empty())
    llvm::outs() << llvm::format("predict  %.3f ms (cost model)\n",
                                 predicted * 1e3);
  // What the plan runtime did for hag.build_plan over the run-time graph:
  // its searches, and where plain_if_slower let the cost model pick.
  int64_t keptChoices = 0, plainChoices = 0;
  hagPlanChoiceCounts(&keptChoices, &plainChoices);
  if (int64_t searches = hagPlanSearchCount(); searches > 0) {
    llvm::outs() << "plans    " << searches << " searched at run time";
    if (keptChoices + plainChoices > 0)
      llvm::outs() << "; by the cost model, the plan at " << keptChoices
                   << " aggregation width(s), its plain counterpart at "
                   << plainChoices;
    llvm::outs() << "\n";
  }
  if (checkOpt) {
    std::vector<double> reference =
        run::referenceAggregation(graph, request, features.data());
    bool exact = reduceOpt == "max" || reduceOpt == "min";
    for (size_t e = 0; e < runners.size(); ++e) {
      run::ResultError worst =
          run::worstResultError(results[e]->data(), reference);
      double error = worst.relative;
      // max and min are exact in any order; sums differ by rounding only.
      bool ok = exact ? error == 0 : error <= toleranceOpt;
      std::string which = runners.size() > 1 ? "@" + entries[e] + " " : "";
      llvm::outs() << llvm::format("check    %smax relative error %.3g "
                                   "against the double reference: %s\n",
                                   which.c_str(), error, ok ? "ok" : "FAILED");
      if (!ok) {
        std::string where;
        llvm::raw_string_ostream os(where);
        os << llvm::format(" (row %llu, column %llu: %.9g, the reference "
                           "%.9g)",
                           (unsigned long long)(worst.index / widthOpt),
                           (unsigned long long)(worst.index % widthOpt),
                           worst.got, worst.want);
        return fail(which +
                    (exact ? "max/min must match the reference exactly"
                           : "relative error above --tolerance") +
                    where);
      }
    }
  }
  for (size_t e = 0; e < outputs.size(); ++e) {
    outputs[e]->append(results[e]->data(),
                       run::featureBytes(graph.numNodes, widthOpt));
    if (Status s = outputs[e]->commit(); s.failed())
      return fail("--output: " + s.message());
  }
  return 0;
}
