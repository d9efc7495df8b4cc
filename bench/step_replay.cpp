//===- step_replay.cpp - The cost model's replay with the kernel's steps --===//
//
// The check behind docs/CostModel.md, "Reuse": at static widths of 256 to
// 512 the CPU kernel runs a tile in steps of 4 nodes (emitTileInSteps in
// lib/Conversion/HagToSCF/HagToSCF.cpp), each after the aggregation rows its
// lists read, while hag::hagWork replays a tile as all its aggregation rows,
// then its nodes. This replays the steps the kernel's way (a step's bound is
// one past the largest aggregation node its lists read) through the same
// reuse profile, and prints the predictions of both orders and how many
// repeated reads come within 32 to 8192 touches of their row's last touch.
// Plans: the CPU default shape (capacity unlimited, threshold 3, up to 8
// inputs, tiles of 32). Build and run, from the repository root, after
// building hag:
//
//   c++ -O2 -std=c++17 -Iinclude bench/step_replay.cpp
//     build/lib/libHagSearch.a build/lib/libHagGraph.a
//     -o /tmp/step_replay      (one line)
//   /tmp/step_replay ../shared/datasets/bzr_md/BZR_MD_A.txt
//
//===----------------------------------------------------------------------===//
#include "hag/Graph/GraphIO.h"
#include "hag/Search/CostFormulas.h"
#include "hag/Search/HagSearch.h"

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace hag;

namespace {
/// hagWork(hag) with the reuse profile of the kernel's steps of
/// kDemandGroupNodes nodes. Row ids: feature rows [0, N), results [N, 2N),
/// a tile's scratch slots from 2N.
AggregationWork steppedWork(const Hag &hag) {
  AggregationWork work = hagWork(hag);
  work.reuse = ReuseProfile{};
  const size_t n = hag.numNodes;
  ReuseCounter touches(2 * n + hag.numAggNodes(), work.reuse);
  for (uint32_t t = 0; t < hag.numTiles(); ++t) {
    const uint32_t a0 = hag.tileAggBegin[t];
    auto row = [&](NodeId id) {
      return id < n ? size_t(id) : 2 * n + (id - n - a0);
    };
    size_t computed = a0;
    const NodeId end = hag.tileNodeBegin[t + 1];
    for (NodeId first = hag.tileNodeBegin[t]; first < end;
         first += kDemandGroupNodes) {
      const NodeId last = std::min<NodeId>(first + kDemandGroupNodes, end);
      size_t needed = computed;
      for (NodeId v = first; v < last; ++v)
        for (NodeId x : hag.list(v))
          if (x >= n)
            needed = std::max<size_t>(needed, x - n + 1);
      for (size_t k = computed; k < needed; ++k) {
        for (NodeId in : hag.aggInputs[k])
          touches.read(row(in));
        touches.write(2 * n + (k - a0));
      }
      computed = needed;
      for (NodeId v = first; v < last; ++v) {
        for (NodeId x : hag.list(v))
          touches.read(row(x));
        touches.write(n + v);
      }
    }
  }
  return work;
}
} // namespace

int main(int argc, char **argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s GRAPH\n", argv[0]);
    return 2;
  }
  Expected<Csr> graph = readGraph(argv[1], ReadOptions());
  if (graph.failed()) {
    std::fprintf(stderr, "%s\n", graph.message().c_str());
    return 1;
  }
  SearchOptions options;
  options.capacity.kind = Capacity::Kind::Unlimited;
  options.threshold = 3;
  options.maxInputs = 8;
  options.tileNodes = 32;
  Expected<SearchResult> search = searchHag(*graph, options);
  if (search.failed()) {
    std::fprintf(stderr, "%s\n", search.message().c_str());
    return 1;
  }
  const CostCoefficients c = defaultCoefficients(CostTarget::Cpu);
  const AggregationWork plain = plainWork(*graph);
  const AggregationWork whole = hagWork(search->hag);
  const AggregationWork steps = steppedWork(search->hag);
  for (uint64_t d : {16, 64, 128, 256, 512, 1024}) {
    double p = predictSeconds(plain, d, 4, c);
    double w = predictSeconds(whole, d, 4, c);
    double s = predictSeconds(steps, d, 4, c);
    std::printf("d = %4llu: plain over hag, tile at once %.3fx, in steps "
                "%.3fx\n",
                (unsigned long long)d, p / w, p / s);
  }
  for (double rows : {32.0, 128.0, 512.0, 1024.0, 8192.0})
    std::printf("repeated reads within %5.0f touches: tile at once %.0f, in "
                "steps %.0f\n",
                rows, whole.reuse.readsWithin(rows),
                steps.reuse.readsWithin(rows));
  return 0;
}
