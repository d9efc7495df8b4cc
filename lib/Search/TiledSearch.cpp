//===- TiledSearch.cpp - One HAG per tile of consecutive nodes ------------===//
//
// Cuts V into tiles of consecutive nodes and searches each tile's lists on
// their own (a partition-local search, as RT-GNN does; hag-paper.md section
// 7). The whole-graph HAG computes its aggregation rows level by level over
// the whole graph, so by the time a node reads a row it has left the cache,
// and every level is a barrier; on our CPU that made it slower than the plain
// kernel (docs/CpuBenchmark.md). A tile's rows are written and read while they
// are still in cache, by one thread, with no barrier. Tiles are independent,
// so they are searched in parallel; the result does not depend on the number
// of threads.
//
//===----------------------------------------------------------------------===//
#include "SetSearch.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

using namespace hag;

namespace {

constexpr NodeId kUnseen = ~NodeId(0);

/// The search result of one tile, in local ids: inputs 0..m-1 stand for
/// inputs[0..m-1], rows 0..size-1 are the tile's nodes.
struct TileResult {
  std::vector<NodeId> inputs;
  Hag hag;
  SearchStats stats;
  Status status = Status::success();
};

/// The tile's lists as a graph of its own, its distinct inputs renumbered in
/// the order of their global ids (so ties break as in a whole-graph search,
/// and a single tile makes the whole-graph HAG's merges, its aggregation
/// nodes numbered by demandOrder). `local` maps a global id to
/// its local one and is kUnseen everywhere on entry and on return.
Csr tileGraph(const Csr &graph, NodeId begin, NodeId end,
              std::vector<NodeId> &local, std::vector<NodeId> &inputs) {
  inputs.clear();
  for (NodeId v = begin; v < end; ++v)
    for (NodeId u : graph.row(v))
      if (local[u] == kUnseen) {
        local[u] = 0;
        inputs.push_back(u);
      }
  std::sort(inputs.begin(), inputs.end());
  for (NodeId i = 0; i < NodeId(inputs.size()); ++i)
    local[inputs[i]] = i;
  Csr sub;
  // Rows past the tile's nodes (when it has more inputs than nodes) are empty.
  sub.numNodes = std::max<NodeId>(NodeId(inputs.size()), end - begin);
  sub.offsets.assign(uint64_t(sub.numNodes) + 1, 0);
  sub.indices.reserve(graph.offsets[end] - graph.offsets[begin]);
  for (NodeId v = begin; v < end; ++v) {
    for (NodeId u : graph.row(v))
      sub.indices.push_back(local[u]);
    sub.offsets[v - begin + 1] = sub.indices.size();
  }
  for (NodeId r = end - begin; r < sub.numNodes; ++r)
    sub.offsets[r + 1] = sub.indices.size();
  for (NodeId u : inputs)
    local[u] = kUnseen;
  return sub;
}

/// This tile's share of the capacity.
Capacity tileCapacity(const Capacity &capacity, const Csr &graph, NodeId begin,
                      NodeId end) {
  Capacity share;
  share.kind = Capacity::Kind::Nodes;
  switch (capacity.kind) {
  case Capacity::Kind::Unlimited:
    return capacity;
  case Capacity::Kind::FractionOfV:
    share.nodes = capacity.resolve(end - begin);
    return share;
  case Capacity::Kind::Nodes: {
    uint64_t edges = graph.offsets[end] - graph.offsets[begin];
    uint64_t total = std::max<uint64_t>(graph.numEdges(), 1);
    // A count near 2^64 rounds up to 2^64 as a double, which does not
    // convert back; such a share is no bound.
    double nodes = double(capacity.nodes) * double(edges) / double(total);
    share.nodes = nodes >= 0x1p64 ? UINT64_MAX : uint64_t(nodes);
    return share;
  }
  }
  return share;
}

/// The new number of each of a tile's aggregation nodes (`local`, in local
/// ids; its lists 0 .. listCount-1 are the tile's nodes): by groups of
/// kDemandGroupNodes nodes, each group in order of depth (HagSearch.h).
///
/// Why: the search's own order is by level over the whole tile, so a tile's
/// first node may read its last aggregation row; in this order a kernel can
/// compute the rows a group at a time just ahead of the nodes that read
/// them (KernelEmitter::emitTileInSteps). Within a group, rows of one depth
/// do not wait for each other: numbered instead in the order they are first
/// read (each right after its inputs), the kernel lost 5% on BZR_MD at
/// d = 16, where it does not run in steps, against the level order; by
/// depth within groups it loses 0-5% there (docs/CpuPerformance.md).
std::vector<uint32_t> demandOrder(const Hag &local, NodeId listCount) {
  constexpr uint32_t kUnnumbered = ~uint32_t(0);
  const NodeId n = local.numNodes;
  const std::vector<uint32_t> depth = aggDepths(local);
  std::vector<uint32_t> number(local.numAggNodes(), kUnnumbered);
  std::vector<char> inGroup(local.numAggNodes(), 0);
  std::vector<uint32_t> group, stack;
  uint32_t next = 0;
  // Adds `root` and the aggregation nodes it reads, not numbered or added
  // yet, to the group: a walk with its own stack, since a chain of
  // aggregation nodes as long as the tile allows must not overflow the call
  // stack.
  auto gather = [&](uint32_t root) {
    if (number[root] != kUnnumbered || inGroup[root])
      return;
    inGroup[root] = 1;
    stack.push_back(root);
    while (!stack.empty()) {
      uint32_t k = stack.back();
      stack.pop_back();
      group.push_back(k);
      for (NodeId in : local.aggInputs[k])
        if (in >= n && number[in - n] == kUnnumbered && !inGroup[in - n]) {
          inGroup[in - n] = 1;
          stack.push_back(in - n);
        }
    }
  };
  auto numberGroup = [&]() {
    std::sort(group.begin(), group.end(), [&](uint32_t x, uint32_t y) {
      return depth[x] != depth[y] ? depth[x] < depth[y] : x < y;
    });
    for (uint32_t k : group)
      number[k] = next++;
    group.clear();
  };
  for (NodeId first = 0; first < listCount; first += kDemandGroupNodes) {
    for (NodeId v = first; v < std::min(first + kDemandGroupNodes, listCount);
         ++v)
      for (NodeId x : local.list(v))
        if (x >= n)
          gather(x - n);
    numberGroup();
  }
  for (uint32_t k = 0; k < local.numAggNodes(); ++k)
    gather(k);
  numberGroup();
  return number;
}

} // namespace

Expected<SearchResult>
hag::detail::searchTiledHag(const Csr &graph, const SearchOptions &options) {
  auto start = std::chrono::steady_clock::now();
  const NodeId n = graph.numNodes;
  const uint32_t tileSize = options.tileNodes;
  const uint32_t numTiles =
      n ? uint32_t((uint64_t(n) + tileSize - 1) / tileSize) : 0;
  // Tile t holds nodes tileStart(t) .. tileStart(t + 1) - 1.
  auto tileStart = [&](uint32_t t) {
    return NodeId(std::min<uint64_t>(uint64_t(t) * tileSize, n));
  };
  std::vector<TileResult> tiles(numTiles);

  SearchOptions tileOptions = options;
  tileOptions.tileNodes = 0;
  tileOptions.progress = nullptr;
  std::atomic<uint32_t> next{0}, done{0};
  std::mutex progressMutex;
  double lastReport = 0;
  auto work = [&]() {
    std::vector<NodeId> local(n, kUnseen);
    for (uint32_t t = next++; t < numTiles; t = next++) {
      NodeId begin = tileStart(t), end = tileStart(t + 1);
      TileResult &result = tiles[t];
      Csr sub = tileGraph(graph, begin, end, local, result.inputs);
      SearchOptions o = tileOptions;
      o.capacity = tileCapacity(options.capacity, graph, begin, end);
      Expected<SearchResult> found = options.kind == AggregationKind::Set
                                         ? detail::searchSetHag(sub, o)
                                         : detail::searchSequentialHag(sub, o);
      if (!found.ok()) {
        result.status = found.status();
        continue;
      }
      result.hag = std::move(found->hag);
      result.stats = found->stats;
      uint32_t finished = ++done;
      if (options.progress) {
        std::lock_guard<std::mutex> lock(progressMutex);
        double now = std::chrono::duration<double>(
                         std::chrono::steady_clock::now() - start)
                         .count();
        if (now - lastReport >= 1.0) {
          lastReport = now;
          options.progress(SearchProgress{"tiles", finished, numTiles, now});
        }
      }
    }
  };
  unsigned threads =
      options.threads ? options.threads : std::thread::hardware_concurrency();
  threads = std::max(1u, std::min<unsigned>(threads, numTiles));
  std::vector<std::thread> pool;
  for (unsigned i = 1; i < threads; ++i)
    pool.emplace_back(work);
  work();
  for (std::thread &thread : pool)
    thread.join();

  // Assemble: tile by tile, aggregation nodes in the order the tile's nodes
  // read them (demandOrder), ids made global.
  SearchResult result;
  Hag &hag = result.hag;
  hag.kind = options.kind;
  hag.numNodes = n;
  hag.tileNodeBegin.push_back(0);
  hag.tileAggBegin.push_back(0);
  uint64_t numAgg = 0;
  for (uint32_t t = 0; t < numTiles; ++t) {
    if (tiles[t].status.failed())
      return Status::error("tile " + std::to_string(t) + ": " +
                           tiles[t].status.message());
    numAgg += tiles[t].hag.numAggNodes();
  }
  if (uint64_t(n) + numAgg > uint64_t(kMaxNodeId) + 1)
    return Status::error("the tiled HAG would have " +
                         std::to_string(uint64_t(n) + numAgg) +
                         " nodes, more than 32-bit ids allow");
  hag.aggInputs.reserve(numAgg);
  hag.listIndices.reserve(graph.numEdges());
  for (uint32_t t = 0; t < numTiles; ++t) {
    const TileResult &tile = tiles[t];
    const Hag &local = tile.hag;
    const NodeId localNodes = local.numNodes;
    const NodeId aggBase = n + NodeId(hag.aggInputs.size());
    NodeId begin = tileStart(t), end = tileStart(t + 1);
    const std::vector<uint32_t> number = demandOrder(local, end - begin);
    std::vector<uint32_t> oldAtNew(number.size());
    for (uint32_t k = 0; k < number.size(); ++k)
      oldAtNew[number[k]] = k;
    auto globalId = [&](NodeId x) {
      return x < localNodes ? tile.inputs[x] : aggBase + number[x - localNodes];
    };
    std::vector<NodeId> global;
    for (uint32_t k : oldAtNew) {
      global.clear();
      for (NodeId x : local.aggInputs[k])
        global.push_back(globalId(x));
      hag.aggInputs.append(global.begin(), global.end());
    }
    for (NodeId v = begin; v < end; ++v) {
      for (NodeId x : local.list(v - begin))
        hag.listIndices.push_back(globalId(x));
      hag.listOffsets.push_back(hag.listIndices.size());
    }
    hag.tileNodeBegin.push_back(end);
    hag.tileAggBegin.push_back(uint32_t(hag.aggInputs.size()));
    result.stats.hubDegree =
        std::max(result.stats.hubDegree, tile.stats.hubDegree);
    result.stats.hubLists += tile.stats.hubLists;
    result.stats.initialPairs += tile.stats.initialPairs;
  }
  hag.levelBegin.assign(1, 0);
  if (!hag.aggInputs.empty())
    hag.levelBegin.push_back(hag.numAggNodes());
  if (numTiles == 0) {
    // Nothing to tile: an empty graph has the plain (empty) HAG.
    hag.tileNodeBegin.clear();
    hag.tileAggBegin.clear();
  }
  result.stats.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  return result;
}
