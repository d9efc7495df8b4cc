//===- hag-search.cpp - Find a HAG for a graph file -----------------------===//
//
// Reads a graph, runs the HAG search, optionally checks the result with the
// equivalence checker and writes it as hag v1 text; prints a summary or one
// JSON object of metrics (docs/Tools.md).
//
//===----------------------------------------------------------------------===//
#include "../common/GraphInput.h"

#include "hag/Graph/OutputFile.h"
#include "hag/Search/HagIO.h"
#include "hag/Search/HagSearch.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <charconv>
#include <sys/stat.h>
#include <unistd.h>

using namespace hag;
namespace cl = llvm::cl;

namespace {
cl::OptionCategory searchCategory("Search options");

cl::opt<std::string> inputOpt(cl::Positional, cl::desc("<graph file>"),
                              cl::init(""));
cl::opt<std::string>
    aggregationOpt("aggregation", cl::desc("Aggregation class: set|sequential"),
                   cl::init("set"), cl::cat(searchCategory));
cl::opt<std::string> capacityOpt(
    "capacity",
    cl::desc("Most aggregation nodes: N, a fraction F of |V|, or unlimited"),
    cl::init("0.25"), cl::cat(searchCategory));
cl::opt<unsigned>
    thresholdOpt("threshold",
                 cl::desc("Merge only pairs shared by at least K lists (>= 2)"),
                 cl::init(3), cl::cat(searchCategory));
cl::opt<unsigned>
    maxDepthOpt("max-depth",
                cl::desc("Deepest aggregation node allowed (0: no limit)"),
                cl::init(0), cl::cat(searchCategory));
cl::opt<unsigned> maxInputsOpt(
    "max-inputs",
    cl::desc("Set search: most inputs of one aggregation node (2: the "
             "paper's pairs; more: one stored row for a wider shared set)"),
    cl::init(2), cl::cat(searchCategory));
cl::opt<unsigned> tileNodesOpt(
    "tile-nodes",
    cl::desc("Search tiles of N consecutive nodes on their own, so a tile's "
             "aggregation rows stay in cache (0: one HAG, run level by level)"),
    cl::init(0), cl::cat(searchCategory));
cl::opt<std::string> orderOpt(
    "order",
    cl::desc("Sequential neighbour order: given|degree (degree-descending)"),
    cl::init("given"), cl::cat(searchCategory));
cl::opt<std::string> hubDegreeOpt(
    "hub-degree",
    cl::desc("Set search: lists longer than this skip pair counting "
             "(auto|none|N)"),
    cl::init("auto"), cl::cat(searchCategory));
cl::opt<bool> verifyOpt("verify",
                        cl::desc("Check cover(v) == N(v) for every node"),
                        cl::cat(searchCategory));
cl::opt<std::string> emitOpt("emit", cl::desc("Write the HAG as hag v1 text"),
                             cl::value_desc("OUT.hag"),
                             cl::cat(searchCategory));
/// --stats=json. LLVM registers its own -stats (pass statistics) lazily,
/// which hag-search has no use for; it is unregistered first so the flag the
/// tool documents can take the name.
cl::opt<std::string> &statsOption() {
  static bool unregistered = [] {
    auto &registered = cl::getRegisteredOptions();
    if (auto it = registered.find("stats"); it != registered.end())
      it->second->removeArgument();
    return true;
  }();
  (void)unregistered;
  static cl::opt<std::string> option(
      "stats", cl::desc("Print metrics as one JSON object: json"), cl::init(""),
      cl::cat(searchCategory));
  return option;
}
cl::opt<std::string> loadOpt(
    "load",
    cl::desc("Read a HAG (hag v1) instead of searching; with --verify, check "
             "it against the graph"),
    cl::value_desc("IN.hag"), cl::cat(searchCategory));
cl::opt<bool> quietOpt("quiet", cl::desc("No progress on stderr"),
                       cl::cat(searchCategory));

int fail(const std::string &message) {
  // After what was printed so far, when both streams go to one place.
  llvm::outs().flush();
  llvm::errs() << "hag-search: error: " << message << "\n";
  return 1;
}

/// Parses the search options; the error names the flag.
Expected<SearchOptions> parseSearchOptions() {
  SearchOptions options;
  if (aggregationOpt == "set")
    options.kind = AggregationKind::Set;
  else if (aggregationOpt == "sequential")
    options.kind = AggregationKind::Sequential;
  else
    return Status::error("--aggregation must be set or sequential, not '" +
                         aggregationOpt + "'");
  Expected<Capacity> capacity = Capacity::parse(capacityOpt);
  if (capacity.failed())
    return Status::error("--capacity: " + capacity.message());
  options.capacity = *capacity;
  options.threshold = thresholdOpt;
  options.maxDepth = maxDepthOpt;
  options.maxInputs = maxInputsOpt;
  options.tileNodes = tileNodesOpt;
  if (orderOpt == "given")
    options.order = NeighborOrder::AsGiven;
  else if (orderOpt == "degree")
    options.order = NeighborOrder::DegreeDescending;
  else
    return Status::error("--order must be given or degree, not '" + orderOpt +
                         "'");
  // Each class has options the other ignores; given for the wrong one they
  // would change nothing, silently.
  if (orderOpt.getNumOccurrences() &&
      options.kind != AggregationKind::Sequential)
    return Status::error("--order needs --aggregation=sequential (a set "
                         "aggregation's lists have no order)");
  if (hubDegreeOpt.getNumOccurrences() && options.kind != AggregationKind::Set)
    return Status::error("--hub-degree needs --aggregation=set (the "
                         "sequential search counts no pairs)");
  if (hubDegreeOpt == "auto") {
    options.hubDegree = 0;
  } else if (hubDegreeOpt == "none") {
    options.hubDegree = UINT64_MAX;
  } else {
    // from_chars takes digits only: strtoull accepted "-1" (wrapping to
    // 2^64 - 1) and leading blanks.
    const std::string &text = hubDegreeOpt;
    uint64_t value = 0;
    auto [end, ec] =
        std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() ||
        value < 2)
      return Status::error("--hub-degree must be auto, none or a number >= 2, "
                           "not '" +
                           text + "'");
    options.hubDegree = value;
  }
  // A loaded plan is read, not searched: the search's own options would
  // change nothing, and the report would claim settings that never ran.
  if (!loadOpt.empty())
    for (const cl::Option *option : std::initializer_list<const cl::Option *>{
             &capacityOpt, &thresholdOpt, &maxDepthOpt, &maxInputsOpt,
             &tileNodesOpt, &hubDegreeOpt})
      if (option->getNumOccurrences())
        return Status::error("--" + option->ArgStr.str() +
                             " sets the search, which --load skips (the "
                             "plan is read from " +
                             loadOpt + "); leave it out");
  const std::string &stats = statsOption();
  if (!stats.empty() && stats != "json")
    return Status::error("--stats only supports json, not '" + stats + "'");
  return options;
}

std::string ratio(double value) {
  char buffer[32];
  snprintf(buffer, sizeof buffer, "%.3fx", value);
  return buffer;
}
} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  statsOption();
  cl::HideUnrelatedOptions({&searchCategory, &tools::graphInputCategory()});
  cl::ParseCommandLineOptions(
      argc, argv,
      "hag-search: find a HAG (hierarchically aggregated computation graph)\n\n"
      "  hag-search cora.cites --verify --emit=cora.hag\n"
      "  hag-search BZR_MD/ --capacity=unlimited --threshold=2 --stats=json\n");

  Expected<SearchOptions> options = parseSearchOptions();
  if (options.failed())
    return fail(options.message());
  // Before the search, which can take long: --emit must not replace the
  // graph or the plan it reads.
  for (const std::string &read : {std::string(inputOpt), std::string(loadOpt)})
    if (Status s = checkOutputIsNotInput(emitOpt, read, "--emit"); s.failed())
      return fail(s.message());
  Expected<tools::InputGraph> input = tools::loadInputGraph(inputOpt);
  if (input.failed())
    return fail(input.message());
  Csr graph = std::move(input->graph);
  if (options->kind == AggregationKind::Sequential)
    graph = orderNeighbors(graph, options->order);

  bool showedProgress = false;
  const bool tty = isatty(STDERR_FILENO);
  if (!quietOpt)
    options->progress = [&](const SearchProgress &p) {
      llvm::errs() << (tty ? "\r" : "") << "hag-search: " << p.phase << " "
                   << p.done << "/" << p.total << " ("
                   << llvm::format("%.1f", p.seconds) << " s)"
                   << (tty ? "" : "\n");
      showedProgress = true;
    };
  Expected<SearchResult> result = Status::error("no search run");
  if (loadOpt.empty()) {
    result = searchHag(graph, *options);
  } else {
    Expected<Hag> loaded = readHagText(loadOpt);
    if (loaded.failed())
      return fail(loaded.message());
    if (loaded->numNodes != graph.numNodes)
      return fail(loadOpt + " is a HAG for " +
                  std::to_string(loaded->numNodes) +
                  " nodes but the graph has " + std::to_string(graph.numNodes));
    if (loaded->kind != options->kind)
      return fail(
          loadOpt + " holds a " + aggregationKindName(loaded->kind) +
          " HAG; pass --aggregation=" + aggregationKindName(loaded->kind));
    SearchStats none;
    none.hubDegree = UINT64_MAX; // no search, no cap
    result = SearchResult{loaded.take(), none};
  }
  if (showedProgress && tty)
    llvm::errs() << "\n";
  if (result.failed())
    return fail(result.message());
  const Hag &hag = result->hag;

  std::string verified = "not run";
  if (verifyOpt) {
    if (Status s = checkEquivalence(graph, hag); s.failed())
      return fail((loadOpt.empty() ? "" : loadOpt + ": ") +
                  "equivalence check failed: " + s.message());
    verified = "ok";
  }
  if (!emitOpt.empty())
    if (Status s = writeHagText(hag, emitOpt); s.failed())
      return fail(s.message());

  // With the plan written to standard output (--emit=/dev/stdout), the
  // report goes to stderr: appended to the plan it would make it unreadable.
  struct stat out, emitted;
  const bool emitsToStdout = !emitOpt.empty() && ::fstat(1, &out) == 0 &&
                             ::stat(emitOpt.c_str(), &emitted) == 0 &&
                             out.st_dev == emitted.st_dev &&
                             out.st_ino == emitted.st_ino;
  llvm::raw_ostream &report = emitsToStdout ? llvm::errs() : llvm::outs();
  HagMetrics m = computeMetrics(graph, hag);
  const SearchStats &stats = result->stats;
  uint64_t rss = tools::peakRssBytes();
  if (statsOption() == "json") {
    llvm::json::OStream json(report);
    json.object([&] {
      json.attribute("graph", input->name);
      json.attribute("aggregation", aggregationKindName(hag.kind));
      json.attribute("capacity", options->capacity.str());
      json.attribute("threshold", int64_t(options->threshold));
      json.attribute("max_depth", int64_t(options->maxDepth));
      json.attribute("max_inputs", int64_t(options->maxInputs));
      json.attribute("agg_inputs", int64_t(hag.aggInputs.numInputs()));
      json.attribute("nodes", int64_t(m.nodes));
      json.attribute("edges", int64_t(m.edges));
      json.attribute("agg_nodes", int64_t(m.aggNodes));
      json.attribute("levels", int64_t(m.levels));
      json.attribute("aggregations_before", int64_t(m.aggregationsBefore));
      json.attribute("aggregations_after", int64_t(m.aggregationsAfter));
      json.attribute("edge_reads_before", int64_t(m.edgeReadsBefore));
      json.attribute("edge_reads_after", int64_t(m.edgeReadsAfter));
      json.attribute("aggregation_reduction", m.aggregationReduction());
      json.attribute("edge_read_reduction", m.edgeReadReduction());
      json.attribute("search_seconds", stats.seconds);
      json.attribute("read_seconds", input->readSeconds);
      json.attribute("peak_rss_bytes", int64_t(rss));
      json.attribute("hub_degree",
                     stats.hubDegree == UINT64_MAX
                         ? llvm::json::Value(nullptr)
                         : llvm::json::Value(int64_t(stats.hubDegree)));
      json.attribute("hub_lists", int64_t(stats.hubLists));
      json.attribute("tiles", int64_t(m.tiles));
      json.attribute("tile_nodes", int64_t(options->tileNodes));
      json.attribute("depth", int64_t(m.depth));
      json.attribute("verified", bool(verifyOpt));
      json.attribute("hag", loadOpt.empty() ? llvm::json::Value("searched")
                                            : llvm::json::Value(loadOpt));
    });
    report << "\n";
    return 0;
  }
  report << "graph         " << input->name << " (" << input->format
         << "): " << m.nodes << " nodes, " << m.edges << " edges, read in "
         << llvm::format("%.3f", input->readSeconds) << " s\n";
  // Where the aggregation nodes sit: in levels, or in tiles.
  std::string layout = m.tiles ? std::to_string(m.tiles) + " tiles (depth " +
                                     std::to_string(m.depth) + ")"
                               : std::to_string(m.levels) + " levels";
  if (loadOpt.empty())
    report << "search        " << aggregationKindName(hag.kind) << ", capacity "
           << options->capacity.str() << ", threshold " << options->threshold
           << ", max depth "
           << (options->maxDepth ? std::to_string(options->maxDepth)
                                 : std::string("none"))
           << (options->maxInputs > 2
                   ? ", up to " + std::to_string(options->maxInputs) +
                         " inputs per node"
                   : std::string())
           << (options->tileNodes
                   ? ", tiles of " + std::to_string(options->tileNodes)
                   : std::string())
           << ": " << m.aggNodes << " aggregation nodes in " << layout << ", "
           << llvm::format("%.3f", stats.seconds) << " s\n";
  else
    report << "loaded        " << loadOpt << ": "
           << aggregationKindName(hag.kind) << ", " << m.aggNodes
           << " aggregation nodes in " << layout << "\n";
  report << "aggregations  " << m.aggregationsBefore << " -> "
         << m.aggregationsAfter << " (" << ratio(m.aggregationReduction())
         << " fewer)\n";
  report << "edge reads    " << m.edgeReadsBefore << " -> " << m.edgeReadsAfter
         << " (" << ratio(m.edgeReadReduction()) << " fewer)\n";
  if (stats.hubLists)
    report << "hub lists     " << stats.hubLists << " lists longer than "
           << stats.hubDegree << " skipped pair counting\n";
  report << "verify        " << verified << "\n";
  report << "peak memory   " << llvm::format("%.1f", rss / 1048576.0)
         << " MiB\n";
  if (!emitOpt.empty())
    report << "wrote         " << emitOpt << "\n";
  return 0;
}
