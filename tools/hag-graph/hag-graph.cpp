//===- hag-graph.cpp - Read, generate, describe and convert graphs --------===//
//
// Loads a graph from any supported format (or a generator spec), prints its
// size and degree statistics, and writes it as hag's binary CSR (fast reloads)
// or as a plain edge list.
//
//===----------------------------------------------------------------------===//
#include "../common/GraphInput.h"

#include "hag/Graph/GraphIO.h"
#include "hag/Graph/OutputFile.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

using namespace hag;
namespace cl = llvm::cl;

namespace {
cl::OptionCategory outputCategory("Output options");
cl::opt<std::string> inputOpt(cl::Positional, cl::desc("<graph file>"),
                              cl::init(""));
cl::opt<std::string>
    outputOpt("o",
              cl::desc("Write the graph: .csr (binary CSR) or .el (edge list)"),
              cl::value_desc("file"), cl::cat(outputCategory));
cl::opt<bool> jsonOpt("json", cl::desc("Print statistics as one JSON object"),
                      cl::cat(outputCategory));

/// What -o writes, from its extension (compared without regard to case, as
/// format detection compares them).
enum class OutputKind { None, BinaryCsr, EdgeList };

/// The kind of `path`, or an error for any other extension. Only the two
/// documented ones: a ".txt" edge list used to be written too, but reads
/// back as a TU or DGCNN dataset where its name or first lines look like
/// one (docs/GraphFormats.md, "Detection").
Expected<OutputKind> outputKind(const std::string &path) {
  if (path.empty())
    return OutputKind::None;
  llvm::StringRef name(path);
  if (name.ends_with_insensitive(".csr"))
    return OutputKind::BinaryCsr;
  if (name.ends_with_insensitive(".el"))
    return OutputKind::EdgeList;
  return Status::error(path + ": unknown output kind (use .csr or .el)");
}
} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions({&outputCategory, &tools::graphInputCategory()});
  cl::ParseCommandLineOptions(
      argc, argv,
      "hag-graph: read or generate a graph, describe it, convert it\n\n"
      "  hag-graph cora.cites -o cora.csr\n"
      "  hag-graph --generate=rmat:scale=20,edges=16M -o rmat20.csr\n");
  // Checked before the graph is read or generated, which can take long.
  Expected<OutputKind> kind = outputKind(outputOpt);
  if (kind.failed()) {
    llvm::errs() << "hag-graph: error: " << kind.message() << "\n";
    return 1;
  }
  if (Status s = checkOutputIsNotInput(outputOpt, inputOpt, "-o"); s.failed()) {
    llvm::errs() << "hag-graph: error: " << s.message() << "\n";
    return 1;
  }
  Expected<tools::InputGraph> input = tools::loadInputGraph(inputOpt);
  if (input.failed()) {
    llvm::errs() << "hag-graph: error: " << input.message() << "\n";
    return 1;
  }
  const Csr &graph = input->graph;
  uint64_t maxDegree = 0, isolated = 0;
  double squares = 0;
  for (NodeId v = 0; v < graph.numNodes; ++v) {
    uint64_t d = graph.degree(v);
    maxDegree = std::max(maxDegree, d);
    isolated += d == 0;
    squares += double(d) * double(d);
  }
  if (*kind != OutputKind::None) {
    Status written = *kind == OutputKind::BinaryCsr
                         ? writeBinaryCsr(graph, outputOpt)
                         : writeEdgeList(graph, outputOpt);
    if (written.failed()) {
      llvm::errs() << "hag-graph: error: " << written.message() << "\n";
      return 1;
    }
  }
  if (jsonOpt) {
    llvm::json::OStream json(llvm::outs());
    json.object([&] {
      json.attribute("graph", input->name);
      json.attribute("format", input->format);
      json.attribute("nodes", int64_t(graph.numNodes));
      json.attribute("edges", int64_t(graph.numEdges()));
      json.attribute("max_degree", int64_t(maxDegree));
      json.attribute("isolated_nodes", int64_t(isolated));
      json.attribute("sum_degree_squared", squares);
      json.attribute("read_seconds", input->readSeconds);
    });
    llvm::outs() << "\n";
    return 0;
  }
  llvm::outs() << input->name << " (" << input->format
               << "): " << graph.numNodes << " nodes, " << graph.numEdges()
               << " edges, max degree " << maxDegree << ", " << isolated
               << " isolated, sum deg^2 " << llvm::format("%.3g", squares)
               << ", read in " << llvm::format("%.3f", input->readSeconds)
               << " s\n";
  if (!outputOpt.empty())
    llvm::outs() << "wrote " << outputOpt << "\n";
  return 0;
}
