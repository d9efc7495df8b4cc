//===- GraphInput.cpp - Graph input options shared by the tools -----------===//
//
// Defines the graph input options once; every tool that links this library
// gets the same flags, help text and defaults (documented in
// docs/GraphFormats.md).
//
//===----------------------------------------------------------------------===//
#include "GraphInput.h"

#include "hag/Graph/Generators.h"
#include "hag/Graph/GraphIO.h"

#include <chrono>
#include <sys/resource.h>

using namespace hag;
namespace cl = llvm::cl;

cl::OptionCategory &tools::graphInputCategory() {
  static cl::OptionCategory category("Graph input options");
  return category;
}

namespace {
cl::opt<std::string>
    formatOpt("format",
              cl::desc("Input format: auto|edgelist|mtx|tu|dgcnn|cites|csr"),
              cl::init("auto"), cl::cat(tools::graphInputCategory()));
cl::opt<unsigned> baseOpt("base",
                          cl::desc("First node id of an edge list: 0 or 1"),
                          cl::init(0), cl::cat(tools::graphInputCategory()));
cl::opt<cl::boolOrDefault> symmetrizeOpt(
    "symmetrize",
    cl::desc("Add reverse edges (default: on for LINQS citation graphs only)"),
    cl::cat(tools::graphInputCategory()));
cl::opt<bool> keepDuplicatesOpt("keep-duplicates",
                                cl::desc("Keep repeated edges"),
                                cl::cat(tools::graphInputCategory()));
cl::opt<bool> keepSelfLoopsOpt("keep-self-loops", cl::desc("Keep edges u -> u"),
                               cl::cat(tools::graphInputCategory()));
cl::opt<bool> allowSparseNodesOpt(
    "allow-sparse-nodes",
    cl::desc("Accept an edge list's largest id or a Matrix Market row count "
             "above 64 x edges + 2^20 (refused by default: one stray number "
             "would allocate a row per node)"),
    cl::cat(tools::graphInputCategory()));
cl::opt<std::string> generateOpt(
    "generate",
    cl::desc("Generate the input instead of reading a file, e.g. "
             "rmat:scale=20,edges=10M,seed=1 or ego:nodes=1M,groups=200k"),
    cl::cat(tools::graphInputCategory()));
} // namespace

const std::string &tools::generateSpec() { return generateOpt.getValue(); }

Expected<tools::InputGraph>
tools::loadInputGraph(const std::string &input, std::string_view inputSyntax) {
  auto start = std::chrono::steady_clock::now();
  InputGraph result;
  // The reading options that were given, for the checks that they apply.
  const cl::Option *const readingOptions[] = {
      &formatOpt,         &baseOpt,          &symmetrizeOpt,
      &keepDuplicatesOpt, &keepSelfLoopsOpt, &allowSparseNodesOpt};
  auto given = [](const cl::Option *option) {
    return option->getNumOccurrences() > 0;
  };
  if (!generateOpt.empty()) {
    if (!input.empty())
      return Status::error("give either " + std::string(inputSyntax) +
                           " or --generate=SPEC, not both");
    for (const cl::Option *option : readingOptions)
      if (given(option))
        return Status::error("--" + option->ArgStr.str() +
                             " reads a graph file, and --generate reads "
                             "none; leave it out");
    Expected<Csr> graph = generateFromSpec(generateOpt);
    if (graph.failed())
      return graph.status();
    result.graph = graph.take();
    result.name = generateOpt;
    result.format = "generated";
  } else {
    if (input.empty())
      return Status::error("no input graph (give " + std::string(inputSyntax) +
                           " or --generate=SPEC)");
    std::optional<GraphFormat> format = parseGraphFormat(formatOpt);
    if (!format)
      return Status::error("unknown --format '" + formatOpt +
                           "' (auto|edgelist|mtx|tu|dgcnn|cites|csr)");
    ReadOptions options;
    options.format = *format;
    options.base = baseOpt;
    if (symmetrizeOpt != cl::BOU_UNSET)
      options.symmetrize = symmetrizeOpt == cl::BOU_TRUE;
    options.dropDuplicates = !keepDuplicatesOpt;
    options.dropSelfLoops = !keepSelfLoopsOpt;
    options.allowSparseNodes = allowSparseNodesOpt;
    // Options the format read does not use would change nothing, silently;
    // checked before reading when --format names it, else once detected.
    auto checkFor = [&](GraphFormat read) -> Status {
      if (given(&baseOpt) && read != GraphFormat::EdgeList)
        return Status::error("--base applies to edge lists, and " + input +
                             " is read as " + graphFormatName(read) +
                             ", whose ids the format fixes; leave it out");
      if (read == GraphFormat::BinaryCsr)
        for (const cl::Option *option :
             {static_cast<const cl::Option *>(&symmetrizeOpt),
              static_cast<const cl::Option *>(&keepDuplicatesOpt),
              static_cast<const cl::Option *>(&keepSelfLoopsOpt)})
          if (given(option))
            return Status::error("--" + option->ArgStr.str() +
                                 " filters edges as a file is read, and " +
                                 input +
                                 " is a binary CSR, a finished graph; leave "
                                 "it out");
      return Status::success();
    };
    if (options.format != GraphFormat::Auto)
      if (Status s = checkFor(options.format); s.failed())
        return s;
    GraphFormat read = options.format;
    Expected<Csr> graph = readGraph(input, options, &read);
    if (graph.failed())
      return graph.status();
    if (options.format == GraphFormat::Auto)
      if (Status s = checkFor(read); s.failed())
        return s;
    result.graph = graph.take();
    result.name = input;
    result.format = graphFormatName(read);
  }
  result.readSeconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  return result;
}

uint64_t tools::peakRssBytes() {
  struct rusage usage;
  if (getrusage(RUSAGE_SELF, &usage) != 0)
    return 0;
  return uint64_t(usage.ru_maxrss) * 1024; // Linux reports KiB.
}
