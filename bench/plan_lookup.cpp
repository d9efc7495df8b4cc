//===- plan_lookup.cpp - What a kept run-time plan costs per call ---------===//
//
// Times what every call of a lowered `hag.build_plan` with `plain_if_slower`
// does before its kernel runs: `hagPlanBuild` finding the kept plan (a key
// of sampled words, then the graph compared with the kept copy) and
// `hagPlanChoose` looking up its answer for the width. The plan is searched
// once first (the runtime-graphs=plan shape: unlimited, threshold 3, tiles
// of 32, nodes of up to 8 inputs), then the pair is called 200 times on one
// thread; prints the median (docs/Runtime.md). Then the same for what a
// lowered `hag.graph_from_edges` and a `hag.build_plan` over it call:
// `hagGraphFromEdges` given the graph's edges as source and target arrays
// (the first call sorting them into CSR, every later one finding the kept
// graph), and `hagPlanBuild` and `hagPlanChoose` given that graph's views.
// Build and run, from the
// repository root, after building hag:
//
//   c++ -O2 -std=c++17 -Iinclude bench/plan_lookup.cpp
//     build/lib/libHagGraph.a -Lbuild/lib -lhag_plan_runtime
//     -Wl,-rpath,$PWD/build/lib -o /tmp/plan_lookup      (one line)
//   /tmp/plan_lookup data/cora.cites ../shared/datasets/bzr_md
//
//===----------------------------------------------------------------------===//
#include "hag/Graph/GraphIO.h"
#include "hag/Runtime/PlanRuntime.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

/// The median time of 200 calls of `call`, in microseconds, after one call
/// that does the first-time work (the search, the sort); -1 with the error
/// printed if the runtime recorded one.
template <typename Call>
static double medianMicros(const char *graph, Call call) {
  call();
  std::vector<double> micros;
  for (int r = 0; r < 200; ++r) {
    auto start = std::chrono::steady_clock::now();
    call();
    micros.push_back(std::chrono::duration<double, std::micro>(
                         std::chrono::steady_clock::now() - start)
                         .count());
  }
  if (const char *error = hagPlanTakeError()) {
    std::fprintf(stderr, "%s: %s\n", graph, error);
    return -1;
  }
  std::sort(micros.begin(), micros.end());
  return micros[micros.size() / 2];
}

int main(int argc, char **argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s GRAPH...\n", argv[0]);
    return 2;
  }
  for (int a = 1; a < argc; ++a) {
    hag::Expected<hag::Csr> graph = hag::readGraph(argv[a], hag::ReadOptions());
    if (!graph.ok()) {
      std::fprintf(stderr, "%s\n", graph.message().c_str());
      return 1;
    }
    // The arrays as generated code passes them: int64 offsets, int32 ids.
    std::vector<int64_t> offsets(graph->offsets.begin(), graph->offsets.end());
    std::vector<int32_t> indices(graph->indices.begin(), graph->indices.end());
    HagMemRefI64 o{
        offsets.data(), offsets.data(), 0, {int64_t(offsets.size())}, {1}};
    HagMemRefI32 i{
        indices.data(), indices.data(), 0, {int64_t(indices.size())}, {1}};
    double lookup = medianMicros(argv[a], [&] {
      int64_t plan = _mlir_ciface_hagPlanBuild(
          &o, &i, /*sequential=*/0, HAG_CAPACITY_UNLIMITED, 0, 0,
          /*threshold=*/3, /*maxDepth=*/0, /*tileNodes=*/32, /*maxInputs=*/8);
      return hagPlanChoose(plan, /*width=*/64, /*elementBytes=*/4);
    });
    if (lookup < 0)
      return 1;
    std::printf("%s: %.1f us a call (median of 200), %.2f MB of CSR "
                "compared\n",
                argv[a], lookup,
                double(offsets.size() * 8 + indices.size() * 4) / 1e6);

    // The edges v <- u of every row, as hag.graph_from_edges passes them.
    std::vector<int64_t> sources, targets;
    for (hag::NodeId v = 0; v < graph->numNodes; ++v)
      for (uint64_t e = graph->offsets[v]; e < graph->offsets[v + 1]; ++e) {
        sources.push_back(graph->indices[e]);
        targets.push_back(v);
      }
    HagMemRefI64 s{
        sources.data(), sources.data(), 0, {int64_t(sources.size())}, {1}};
    HagMemRefI64 t{
        targets.data(), targets.data(), 0, {int64_t(targets.size())}, {1}};
    double fromEdges = medianMicros(argv[a], [&] {
      return _mlir_ciface_hagGraphFromEdges(&s, &t, graph->numNodes);
    });
    double withPlan = medianMicros(argv[a], [&] {
      int64_t edgeGraph =
          _mlir_ciface_hagGraphFromEdges(&s, &t, graph->numNodes);
      HagMemRefI64 viewOffsets;
      HagMemRefI32 viewIndices;
      _mlir_ciface_hagPlanViewI64(&viewOffsets, edgeGraph,
                                  HAG_PLAN_LIST_OFFSETS);
      _mlir_ciface_hagPlanViewI32(&viewIndices, edgeGraph,
                                  HAG_PLAN_LIST_INDICES);
      int64_t plan = _mlir_ciface_hagPlanBuild(
          &viewOffsets, &viewIndices, /*sequential=*/0, HAG_CAPACITY_UNLIMITED,
          0, 0, /*threshold=*/3, /*maxDepth=*/0, /*tileNodes=*/32,
          /*maxInputs=*/8);
      return hagPlanChoose(plan, /*width=*/64, /*elementBytes=*/4);
    });
    if (fromEdges < 0 || withPlan < 0)
      return 1;
    std::printf("%s: %.1f us a hagGraphFromEdges call, %.1f us with the "
                "plan of its views (medians of 200), %zu edges\n",
                argv[a], fromEdges, withPlan, sources.size());
  }
  return 0;
}
