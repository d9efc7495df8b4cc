//===- plan_lookup.cpp - What a kept run-time plan costs per call ---------===//
//
// Times what every call of a lowered `hag.build_plan` with `plain_if_slower`
// does before its kernel runs: `hagPlanBuild` finding the kept plan (a key
// of sampled words, then the graph compared with the kept copy) and
// `hagPlanChoose` looking up its answer for the width. The plan is searched
// once first (the runtime-graphs=plan shape: unlimited, threshold 3, tiles
// of 32, nodes of up to 8 inputs), then the pair is called 200 times on one
// thread; prints the median (docs/Runtime.md). Build and run, from the
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
    auto call = [&] {
      int64_t plan = _mlir_ciface_hagPlanBuild(
          &o, &i, /*sequential=*/0, HAG_CAPACITY_UNLIMITED, 0, 0,
          /*threshold=*/3, /*maxDepth=*/0, /*tileNodes=*/32, /*maxInputs=*/8);
      return hagPlanChoose(plan, /*width=*/64, /*elementBytes=*/4);
    };
    call(); // the search, and the first choice
    std::vector<double> micros;
    for (int r = 0; r < 200; ++r) {
      auto start = std::chrono::steady_clock::now();
      call();
      micros.push_back(std::chrono::duration<double, std::micro>(
                           std::chrono::steady_clock::now() - start)
                           .count());
    }
    if (const char *error = hagPlanTakeError()) {
      std::fprintf(stderr, "%s: %s\n", argv[a], error);
      return 1;
    }
    std::sort(micros.begin(), micros.end());
    std::printf("%s: %.1f us a call (median of 200), %.2f MB of CSR "
                "compared\n",
                argv[a], micros[micros.size() / 2],
                double(offsets.size() * 8 + indices.size() * 4) / 1e6);
  }
  return 0;
}
