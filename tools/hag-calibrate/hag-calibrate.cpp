//===- hag-calibrate.cpp - Measure the cost model on this machine ---------===//
//
// Runs hag::calibrateCpu on a graph (a file or a generated one) and writes
// the coefficients file that `--hag-eliminate-redundancy=coefficients=FILE`
// and `-hag-print-cost=coefficients=FILE` read (docs/CostModel.md).
//
//===----------------------------------------------------------------------===//
#include "../common/GraphInput.h"

#include "hag/Graph/Memory.h"
#include "hag/Graph/OutputFile.h"
#include "hag/Search/Calibration.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

using namespace hag;
namespace cl = llvm::cl;

namespace {
cl::OptionCategory calibrationCategory("Calibration options");
cl::opt<std::string> inputOpt(cl::Positional, cl::desc("[graph file]"),
                              cl::init(""));
cl::opt<std::string> outputOpt("o", cl::desc("Write the coefficients file"),
                               cl::value_desc("file"),
                               cl::cat(calibrationCategory));
cl::opt<unsigned> widthOpt("width",
                           cl::desc("Feature width of the measured kernel"),
                           cl::init(64), cl::cat(calibrationCategory));
cl::opt<unsigned> threadsOpt("workers", cl::desc("Worker threads (0: all)"),
                             cl::init(0), cl::cat(calibrationCategory));
cl::opt<unsigned> repeatsOpt("repeats", cl::desc("Timed runs per measurement"),
                             cl::init(7), cl::cat(calibrationCategory));
} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions(
      {&calibrationCategory, &tools::graphInputCategory()});
  cl::ParseCommandLineOptions(
      argc, argv,
      "hag-calibrate: measure the cpu cost-model coefficients here\n\n"
      "  hag-calibrate --generate=rmat:scale=18,edges=1M -o cpu.costs\n");
  auto fail = [](const std::string &message) {
    llvm::errs() << "hag-calibrate: error: " << message << "\n";
    return 1;
  };
  // Everything that can be checked without the graph is, before the
  // measurement, which takes seconds to minutes.
  if (threadsOpt > maxCalibrationThreads())
    return fail("--workers=" + std::to_string(threadsOpt) +
                " is more than 4 per hardware thread (at most " +
                std::to_string(maxCalibrationThreads()) + " here)");
  if (!outputOpt.empty()) {
    if (Status s = checkOutputIsNotInput(outputOpt, inputOpt, "-o"); s.failed())
      return fail(s.message());
    if (Status s = checkCoefficientsWritable(outputOpt); s.failed())
      return fail("-o: " + s.message());
  }
  Expected<tools::InputGraph> graph = tools::loadInputGraph(inputOpt);
  if (graph.failed())
    return fail(graph.message());
  CalibrationOptions options;
  options.featureWidth = widthOpt;
  options.threads = threadsOpt;
  options.repeats = repeatsOpt;
  CalibrationReport report;
  if (graph->graph.numEdges() == 0)
    return fail(graph->name + ": calibration needs a graph with edges, and "
                              "this one has none");
  // The library refuses this too; checked here so the error names the
  // option that asked for it, as hag-run's and hag-bench's do.
  const uint64_t n = graph->graph.numNodes, d = widthOpt;
  if (Status s = checkMemoryNeed("--width=" + std::to_string(d) + ": two " +
                                     std::to_string(n) + " x " +
                                     std::to_string(d) + " float arrays",
                                 calibrationBytes(n, d));
      s.failed())
    return fail(s.message());
  Expected<CostCoefficients> c = calibrateCpu(graph->graph, options, report);
  if (c.failed())
    return fail(c.message());
  llvm::outs() << "graph " << graph->name << ": " << graph->graph.numNodes
               << " nodes, " << graph->graph.numEdges() << " edges, width "
               << unsigned(widthOpt) << ", " << report.threads << " threads\n"
               << llvm::format("aggregation %.3f ms, write %.3f ms, "
                               "level %.2f us, launch %.2f us\n",
                               report.aggregationSeconds * 1e3,
                               report.writeSeconds * 1e3,
                               report.levelSeconds * 1e6,
                               report.launchSeconds * 1e6)
               << llvm::format("gather_bytes_per_second %.4g\n"
                               "write_bytes_per_second %.4g\n"
                               "seconds_per_level %.4g\nseconds_fixed %.4g\n",
                               c->gatherBytesPerSecond, c->writeBytesPerSecond,
                               c->secondsPerLevel, c->secondsFixed);
  if (!outputOpt.empty()) {
    std::string comment = "measured by hag-calibrate on " + graph->name;
    if (Status s = writeCoefficients(outputOpt, CostTarget::Cpu, *c, comment);
        s.failed())
      return fail(s.message());
    llvm::outs() << "wrote " << outputOpt << "\n";
  }
  return 0;
}
