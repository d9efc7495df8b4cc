//===- WorkPartition.cpp - Parallel parts of equal work -------------------===//
//
// See WorkPartition.h. The emitted IR computes the same bounds for run-time
// graphs and plans (convert-hag-to-scf), by a binary search per bound.
//
//===----------------------------------------------------------------------===//
#include "hag/Search/WorkPartition.h"

#include <algorithm>
#include <cassert>

using namespace hag;

std::vector<int64_t>
hag::balancedBounds(const std::vector<int64_t> &cumulativeWork, int64_t parts) {
  assert(!cumulativeWork.empty() && parts > 0);
  const int64_t items = int64_t(cumulativeWork.size()) - 1;
  const int64_t total = cumulativeWork.back();
  std::vector<int64_t> bounds(size_t(parts) + 1);
  for (int64_t p = 0; p <= parts; ++p) {
    // The first k with cumulativeWork[k] * parts >= p * total (exact in
    // integers), or k - 1 where that is strictly nearer to the share.
    const int64_t target = p * total;
    auto at = std::partition_point(
        cumulativeWork.begin(), cumulativeWork.end(),
        [&](int64_t work) { return work * parts < target; });
    int64_t k = std::min<int64_t>(at - cumulativeWork.begin(), items);
    if (k > 0 && target - cumulativeWork[size_t(k - 1)] * parts <
                     cumulativeWork[size_t(k)] * parts - target)
      --k;
    bounds[size_t(p)] = k;
  }
  bounds.back() = items;
  return bounds;
}

std::vector<int64_t> hag::rowWorkPrefix(const std::vector<uint64_t> &offsets) {
  std::vector<int64_t> work(offsets.size());
  for (size_t v = 0; v < offsets.size(); ++v)
    work[v] = workBefore(int64_t(offsets[v]), int64_t(v));
  return work;
}

std::vector<int64_t> hag::tileWorkPrefix(const Hag &hag) {
  const std::vector<uint64_t> &aggOffsets = hag.aggInputs.inputOffsets();
  std::vector<int64_t> work(hag.numTiles() + 1);
  for (uint32_t t = 0; t <= hag.numTiles(); ++t) {
    const int64_t nodes = hag.tileNodeBegin[t];
    const int64_t aggs = hag.tileAggBegin[t];
    work[t] = workBefore(int64_t(hag.listOffsets[size_t(nodes)]) +
                             int64_t(aggOffsets[size_t(aggs)]),
                         nodes + aggs);
  }
  return work;
}
