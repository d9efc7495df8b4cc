//===- BenchHost.cpp - The host side of hag-cuda-bench -------------------===//
//
// Options, graph, HAG, features, reference and JSON; see BenchHost.h.
//
//===----------------------------------------------------------------------===//
#include "BenchHost.h"

#include "hag/Graph/Generators.h"
#include "hag/Graph/GraphIO.h"
#include "hag/Search/HagIO.h"
#include "hag/Search/HagSearch.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

using namespace hag;
using namespace hag::cudabench;

const char *const hag::cudabench::kKernelNames[5] = {
    "copy", "plain", "hag", "cusparse-alg2", "cusparse-default"};

bool Options::wants(const std::string &kernel) const {
  return std::find(kernels.begin(), kernels.end(), kernel) != kernels.end();
}

std::string hag::cudabench::usage() {
  return R"(hag-cuda-bench: hag's CUDA kernels against cuSPARSE on one graph

usage: hag-cuda-bench (--graph=FILE | --generate=SPEC) [options]

graph
  --graph=FILE          a graph in any format hag reads (docs/GraphFormats.md)
  --format=NAME         auto (default), edgelist, mtx, tu, dgcnn, cites, csr
  --generate=SPEC       a seeded generated graph, e.g. rmat:scale=23,edges=26M
                        or ego:nodes=1M,groups=61k,max=100 (docs/Tools.md)
  --name=NAME           the graph's name in the output (default: file or spec)
  --write-csr=FILE      also write the graph as hag binary CSR (for
                        bench/cuda_torch_bench.py)
kernels
  --kernels=LIST        copy,plain,hag,cusparse-alg2,cusparse-default (all)
  --d=LIST              feature widths (16,64,256); plain and hag exist for
                        16, 64 and 256
  --reduce=LIST         sum,max (both); cuSPARSE runs for sum only
timing
  --repeat=N            at most N timed runs per kernel (50)
  --min-repeat=N        at least N timed runs (5)
  --kernel-budget-ms=T  timed runs stop at about T ms of kernel time (2000)
  --warmup=N            untimed runs first (3)
  --no-flush            keep the L2 cache between runs (default: each timed
                        run starts from a flushed L2)
  --seed=N              feature seed (1)
  --tolerance=X         largest norm-wise relative error of a sum (1e-4);
                        max must be exact
HAG
  --capacity=C          aggregation nodes: N, a fraction of |V|, or unlimited
                        (0.25, the search's default)
  --threshold=K         merge pairs shared by at least K lists (3)
  --save-hag=FILE       write the searched HAG (hag v1 text, and FILE.json)
  --load-hag=FILE       use this HAG instead of searching (it is checked)
modes
  --json                one JSON object per kernel, width and reduction
  --search-only         load, write, search and save; no reference, no GPU
  --cpu-only            everything but the GPU: graph, HAG, references
  --help
)";
}

namespace {

bool parseUnsigned(const std::string &text, uint64_t &value) {
  if (text.empty() || text[0] == '-' || text[0] == '+')
    return false;
  char *end = nullptr;
  errno = 0;
  unsigned long long parsed = std::strtoull(text.c_str(), &end, 10);
  if (errno != 0 || *end != '\0')
    return false;
  value = parsed;
  return true;
}

bool parseDouble(const std::string &text, double &value) {
  if (text.empty())
    return false;
  char *end = nullptr;
  errno = 0;
  double parsed = std::strtod(text.c_str(), &end);
  if (errno != 0 || *end != '\0' || !std::isfinite(parsed))
    return false;
  value = parsed;
  return true;
}

std::vector<std::string> splitList(const std::string &text) {
  std::vector<std::string> items;
  std::stringstream stream(text);
  std::string item;
  while (std::getline(stream, item, ','))
    if (!item.empty())
      items.push_back(item);
  return items;
}

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}

/// The number after "\"key\":" in a small JSON text, or -1.
double jsonNumber(const std::string &text, const std::string &key) {
  size_t at = text.find("\"" + key + "\":");
  if (at == std::string::npos)
    return -1;
  return std::strtod(text.c_str() + at + key.size() + 3, nullptr);
}

std::string formatDouble(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%.9g", value);
  return buffer;
}
} // namespace

Expected<Options> hag::cudabench::parseOptions(int argc, char **argv) {
  Options o;
  auto bad = [](const std::string &arg, const std::string &why) {
    return Status::error("option '" + arg + "': " + why +
                         " (--help lists the options)");
  };
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--", 0) != 0) {
      if (!o.graph.empty())
        return bad(arg, "a second graph file");
      o.graph = arg;
      continue;
    }
    size_t eq = arg.find('=');
    std::string key =
        arg.substr(2, eq == std::string::npos ? arg.npos : eq - 2);
    bool hasValue = eq != std::string::npos;
    std::string value = hasValue ? arg.substr(eq + 1) : "";
    auto needValue = [&]() { return hasValue && !value.empty(); };
    uint64_t number = 0;
    if (key == "help" || key == "json" || key == "no-flush" ||
        key == "search-only" || key == "cpu-only") {
      if (hasValue)
        return bad(arg, "takes no value");
      if (key == "help")
        o.help = true;
      else if (key == "json")
        o.json = true;
      else if (key == "no-flush")
        o.flushL2 = false;
      else if (key == "search-only")
        o.searchOnly = true;
      else
        o.cpuOnly = true;
      continue;
    }
    if (!needValue())
      return bad(arg, "needs a value, as --" + key + "=VALUE");
    if (key == "graph") {
      o.graph = value;
    } else if (key == "generate") {
      o.generate = value;
    } else if (key == "name") {
      o.name = value;
    } else if (key == "format") {
      if (!parseGraphFormat(value))
        return bad(arg, "unknown format");
      o.format = value;
    } else if (key == "write-csr") {
      o.writeCsr = value;
    } else if (key == "save-hag") {
      o.saveHag = value;
    } else if (key == "load-hag") {
      o.loadHag = value;
    } else if (key == "capacity") {
      if (Capacity::parse(value).failed())
        return bad(arg, Capacity::parse(value).message());
      o.capacity = value;
    } else if (key == "d") {
      o.widths.clear();
      for (const std::string &item : splitList(value)) {
        if (!parseUnsigned(item, number) || number == 0 || number > 65536)
          return bad(arg, "'" + item + "' is not a width in 1..65536");
        o.widths.push_back(int64_t(number));
      }
      if (o.widths.empty())
        return bad(arg, "no width");
    } else if (key == "reduce") {
      o.reductions = splitList(value);
      for (const std::string &item : o.reductions)
        if (item != "sum" && item != "max")
          return bad(arg, "'" + item + "' is not sum or max");
      if (o.reductions.empty())
        return bad(arg, "no reduction");
    } else if (key == "kernels") {
      o.kernels = splitList(value);
      for (const std::string &item : o.kernels)
        if (std::find(std::begin(kKernelNames), std::end(kKernelNames), item) ==
            std::end(kKernelNames))
          return bad(arg, "unknown kernel '" + item +
                              "' (copy, plain, hag, cusparse-alg2, "
                              "cusparse-default)");
    } else if (key == "repeat" || key == "min-repeat" || key == "warmup" ||
               key == "threshold" || key == "seed") {
      if (!parseUnsigned(value, number))
        return bad(arg, "not a non-negative integer");
      if (key == "seed") {
        o.seed = number;
        continue;
      }
      if (number > 1000000)
        return bad(arg, "too large");
      if (key == "repeat")
        o.repeat = unsigned(number);
      else if (key == "min-repeat")
        o.minRepeat = unsigned(number);
      else if (key == "warmup")
        o.warmup = unsigned(number);
      else
        o.threshold = unsigned(number);
    } else if (key == "kernel-budget-ms" || key == "tolerance") {
      double x = 0;
      if (!parseDouble(value, x) || x < 0)
        return bad(arg, "not a non-negative number");
      if (key == "tolerance")
        o.tolerance = x;
      else
        o.kernelBudgetMs = x;
    } else {
      return bad(arg, "unknown option");
    }
  }
  if (o.help)
    return o;
  if (o.graph.empty() == o.generate.empty())
    return Status::error(
        "give one graph: --graph=FILE or --generate=SPEC (--help)");
  if (o.repeat == 0)
    return Status::error("--repeat must be at least 1");
  o.minRepeat = std::max(1u, std::min(o.minRepeat, o.repeat));
  if (o.threshold < 2)
    return Status::error("--threshold must be at least 2");
  if (!o.loadHag.empty() && !o.saveHag.empty())
    return Status::error("--load-hag and --save-hag exclude each other");
  if (o.searchOnly && o.loadHag.empty() && o.saveHag.empty() &&
      o.writeCsr.empty())
    return Status::error("--search-only without --save-hag or --write-csr "
                         "would compute nothing that is kept");
  return o;
}

Expected<InputGraph> hag::cudabench::loadGraph(const Options &options) {
  auto start = std::chrono::steady_clock::now();
  InputGraph input;
  if (!options.generate.empty()) {
    Expected<Csr> graph = generateFromSpec(options.generate);
    if (graph.failed())
      return Status::error("--generate=" + options.generate + ": " +
                           graph.message());
    input.graph = graph.take();
    input.name = options.generate;
  } else {
    ReadOptions read;
    read.format = *parseGraphFormat(options.format);
    Expected<Csr> graph = readGraph(options.graph, read);
    if (graph.failed())
      return graph.status();
    input.graph = graph.take();
    input.name = options.graph;
  }
  if (!options.name.empty())
    input.name = options.name;
  if (Status s = input.graph.validate(); s.failed())
    return Status::error(input.name + ": " + s.message());
  if (input.graph.numNodes == 0 || input.graph.numEdges() == 0)
    return Status::error(input.name + ": the graph has no edges");
  if (input.graph.numNodes > uint64_t(INT32_MAX))
    return Status::error(input.name +
                         ": more nodes than the kernels' int32 ids allow");
  input.loadSeconds = secondsSince(start);
  return input;
}

Expected<Plan> hag::cudabench::findPlan(const Csr &graph,
                                        const Options &options) {
  Plan plan;
  if (!options.loadHag.empty()) {
    Expected<Hag> hag = readHagText(options.loadHag);
    if (hag.failed())
      return hag.status();
    plan.hag = hag.take();
    plan.source = "loaded " + options.loadHag;
    std::ifstream side(options.loadHag + ".json");
    if (side) {
      std::stringstream text;
      text << side.rdbuf();
      plan.searchSeconds = jsonNumber(text.str(), "search_seconds");
    }
  } else {
    SearchOptions search;
    Expected<Capacity> capacity = Capacity::parse(options.capacity);
    if (capacity.failed())
      return capacity.status();
    search.capacity = *capacity;
    search.threshold = options.threshold;
    // The cuda target's plans: one HAG over the whole graph, run level by
    // level (hag::defaultTileNodes(CostTarget::Cuda) == 0).
    search.tileNodes = 0;
    Expected<SearchResult> found = searchHag(graph, search);
    if (found.failed())
      return Status::error("HAG search: " + found.message());
    plan.hag = std::move(found->hag);
    plan.searchSeconds = found->stats.seconds;
    plan.source = "searched, capacity " + search.capacity.str() +
                  ", threshold " + std::to_string(search.threshold);
  }
  if (plan.hag.isTiled())
    return Status::error(plan.source +
                         ": a tiled HAG; the CUDA kernels run whole-graph "
                         "plans level by level");
  if (plan.hag.numTotalNodes() > uint64_t(INT32_MAX))
    return Status::error(plan.source +
                         ": more nodes than the kernels' int32 ids allow");
  if (Status s = checkEquivalence(graph, plan.hag); s.failed())
    return Status::error(plan.source +
                         ": the HAG does not compute the graph's "
                         "aggregation: " +
                         s.message());
  plan.metrics = computeMetrics(graph, plan.hag);
  return plan;
}

Status hag::cudabench::savePlan(const Plan &plan, const std::string &path) {
  if (Status s = writeHagText(plan.hag, path); s.failed())
    return s;
  std::ofstream side(path + ".json");
  JsonObject json;
  json.add("search_seconds", plan.searchSeconds)
      .add("agg_nodes", uint64_t(plan.metrics.aggNodes))
      .add("levels", uint64_t(plan.metrics.levels))
      .add("edge_read_reduction", plan.metrics.edgeReadReduction());
  side << json.str() << "\n";
  if (!side.flush())
    return Status::error(path + ".json: cannot write");
  return Status::success();
}

void hag::cudabench::parallelFor(
    int64_t count, int64_t grain,
    const std::function<void(int64_t, int64_t)> &body) {
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  std::atomic<int64_t> next{0};
  auto work = [&] {
    for (;;) {
      int64_t begin = next.fetch_add(grain);
      if (begin >= count)
        return;
      body(begin, std::min(count, begin + grain));
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t)
    pool.emplace_back(work);
  work();
  for (std::thread &thread : pool)
    thread.join();
}

std::vector<float>
hag::cudabench::seededFeatures(int64_t numNodes, int64_t width, uint64_t seed) {
  std::vector<float> x(size_t(numNodes) * size_t(width));
  uint64_t base = seed * 0x9E3779B97F4A7C15ull + uint64_t(width);
  parallelFor(int64_t(x.size()), 1 << 16, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) {
      // splitmix64 of (base, i): 24 random bits, uniform in [-1, 1).
      uint64_t z = base + uint64_t(i) * 0x9E3779B97F4A7C15ull;
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
      z ^= z >> 31;
      x[size_t(i)] = float(int64_t(z >> 40) - (int64_t(1) << 23)) *
                     (1.0f / float(1 << 23));
    }
  });
  return x;
}

std::vector<double> hag::cudabench::referenceAggregation(const Csr &graph,
                                                         int64_t width,
                                                         bool isMax,
                                                         const float *x) {
  std::vector<double> y(size_t(graph.numNodes) * size_t(width), 0.0);
  parallelFor(graph.numNodes, 512, [&](int64_t begin, int64_t end) {
    for (int64_t v = begin; v < end; ++v) {
      NodeRange row = graph.row(NodeId(v));
      if (row.empty())
        continue; // zeros
      double *out = y.data() + v * width;
      const float *first = x + int64_t(row[0]) * width;
      for (int64_t k = 0; k < width; ++k)
        out[k] = first[k];
      for (size_t j = 1; j < row.size(); ++j) {
        const float *in = x + int64_t(row[j]) * width;
        if (isMax)
          for (int64_t k = 0; k < width; ++k)
            out[k] = std::max(out[k], double(in[k]));
        else
          for (int64_t k = 0; k < width; ++k)
            out[k] += double(in[k]);
      }
    }
  });
  return y;
}

std::string hag::cudabench::jsonString(const std::string &text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += char(c);
    } else if (c < 0x20) {
      char buffer[8];
      std::snprintf(buffer, sizeof(buffer), "\\u%04x", c);
      out += buffer;
    } else {
      out += char(c);
    }
  }
  return out + "\"";
}

void JsonObject::key(const std::string &key) {
  if (!body_.empty())
    body_ += ", ";
  body_ += jsonString(key) + ": ";
}

JsonObject &JsonObject::add(const std::string &k, const std::string &value) {
  key(k);
  body_ += jsonString(value);
  return *this;
}

JsonObject &JsonObject::add(const std::string &k, const char *value) {
  return add(k, std::string(value));
}

JsonObject &JsonObject::add(const std::string &k, double value) {
  key(k);
  body_ += std::isfinite(value) ? formatDouble(value) : "null";
  return *this;
}

JsonObject &JsonObject::add(const std::string &k, int64_t value) {
  key(k);
  body_ += std::to_string(value);
  return *this;
}

JsonObject &JsonObject::add(const std::string &k, uint64_t value) {
  key(k);
  body_ += std::to_string(value);
  return *this;
}

JsonObject &JsonObject::add(const std::string &k, bool value) {
  key(k);
  body_ += value ? "true" : "false";
  return *this;
}

JsonObject &JsonObject::addNull(const std::string &k) {
  key(k);
  body_ += "null";
  return *this;
}
