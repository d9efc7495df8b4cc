//===- output_groups.cpp - Groups of nodes with shared sums in registers --===//
//
// The experiment behind docs/CpuPerformance.md "Tried and not kept: output
// groups". A tiled HAG writes a row per aggregation node, and on this CPU a
// row written costs about 1.85 rows read. Here the nodes of each 32-node
// tile are grouped by four (pairs of pairs, greedily by shared inputs) and a
// group is computed together: the sum of the inputs all four share, then
// per pair its shared rest, then each node's own rest, every partial kept
// in registers. The HAG search then runs over those seven lists per group,
// so its stored rows serve what groups share across the tile.
//
// Times plain, the tiled HAG (K = 8, T = 3, the CPU's default shape) and
// the groups in one process, interleaved, with hand-vectorised kernels of
// the same form (so the comparison is between plans, not code generators),
// and checks both against plain. Build and run:
//
//   c++ -O3 -march=native -mprefer-vector-width=512 -fopenmp -std=c++17
//     -Iinclude bench/output_groups.cpp build/lib/libHagSearch.a
//     build/lib/libHagGraph.a -o /tmp/output_groups      (one line)
//   /tmp/output_groups ../shared/datasets/bzr_md/BZR_MD_A.txt [T] [K]
//
//===----------------------------------------------------------------------===//
#include "hag/Graph/GraphIO.h"
#include "hag/Search/HagSearch.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <vector>

using namespace hag;

namespace {

constexpr NodeId kNone = ~NodeId(0);
constexpr unsigned kTileNodes = 32;
/// Lists per group: all four share, pair 1 shares, node 1, node 2, pair 2
/// shares, node 3, node 4.
constexpr unsigned kListsPerGroup = 7;

using List = std::vector<NodeId>;

List intersect(const List &a, const List &b) {
  List r;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(),
                        std::back_inserter(r));
  return r;
}
List subtract(const List &a, const List &b) {
  List r;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(),
                      std::back_inserter(r));
  return r;
}

/// The groups of every tile: `members` holds 4 node ids per group (kNone
/// for a missing one), `hag` the HAG over the groups' lists (7 per group,
/// tiled so that a tile of groups is a tile of nodes).
struct GroupPlan {
  std::vector<NodeId> members;
  Hag hag;
};

/// Pairs items [0, count) greedily: each unpaired item with the unpaired
/// one of largest `shared(i, j)` after it; kNone when none is left.
template <typename Shared>
std::vector<std::pair<size_t, size_t>> pairGreedily(size_t count,
                                                    Shared shared) {
  std::vector<bool> used(count, false);
  std::vector<std::pair<size_t, size_t>> pairs;
  for (size_t i = 0; i < count; ++i) {
    if (used[i])
      continue;
    used[i] = true;
    size_t best = kNone, bestShared = 0;
    for (size_t j = i + 1; j < count; ++j)
      if (!used[j] && (best == kNone || shared(i, j) > bestShared)) {
        best = j;
        bestShared = shared(i, j);
      }
    if (best != kNone)
      used[best] = true;
    pairs.push_back({i, best});
  }
  return pairs;
}

GroupPlan buildGroups(const Csr &graph, SearchOptions options) {
  GroupPlan plan;
  const NodeId n = graph.numNodes;
  std::vector<List> lists(n);
  for (NodeId v = 0; v < n; ++v) {
    lists[v].assign(graph.row(v).begin(), graph.row(v).end());
    std::sort(lists[v].begin(), lists[v].end());
  }
  std::vector<List> rows;
  for (NodeId begin = 0; begin < n; begin += kTileNodes) {
    const NodeId end = std::min<NodeId>(n, begin + kTileNodes);
    auto pairs = pairGreedily(end - begin, [&](size_t i, size_t j) {
      return intersect(lists[begin + i], lists[begin + j]).size();
    });
    // What each pair's nodes share (a lone node: its whole list).
    std::vector<List> shared(pairs.size());
    for (size_t p = 0; p < pairs.size(); ++p)
      shared[p] = pairs[p].second == kNone
                      ? lists[begin + pairs[p].first]
                      : intersect(lists[begin + pairs[p].first],
                                  lists[begin + pairs[p].second]);
    auto groups = pairGreedily(pairs.size(), [&](size_t p, size_t q) {
      return intersect(shared[p], shared[q]).size();
    });
    for (auto [p, q] : groups) {
      List all = q == kNone ? shared[p] : intersect(shared[p], shared[q]);
      rows.push_back(all);
      for (size_t pair : {p, q}) {
        if (pair == kNone) {
          rows.insert(rows.end(), 3, List{});
          plan.members.insert(plan.members.end(), 2, kNone);
          continue;
        }
        rows.push_back(subtract(shared[pair], all));
        for (size_t node : {pairs[pair].first, pairs[pair].second}) {
          if (node == kNone) {
            rows.push_back({});
            plan.members.push_back(kNone);
          } else {
            rows.push_back(subtract(lists[begin + node], shared[pair]));
            plan.members.push_back(begin + NodeId(node));
          }
        }
      }
    }
    // A full tile has at most kTileNodes / 4 groups; pad to that so that the
    // search's tiles of lists line up with the tiles of nodes.
    const size_t want = (begin / kTileNodes + 1) * (kTileNodes / 4);
    if (end - begin == kTileNodes)
      while (rows.size() / kListsPerGroup < want) {
        rows.insert(rows.end(), kListsPerGroup, List{});
        plan.members.insert(plan.members.end(), 4, kNone);
      }
  }
  // The lists as the rows of a graph over the same input ids.
  Csr lists7;
  lists7.numNodes = std::max<NodeId>(n, NodeId(rows.size()));
  lists7.offsets.assign(size_t(lists7.numNodes) + 1, 0);
  for (size_t r = 0; r < lists7.numNodes; ++r) {
    if (r < rows.size())
      lists7.indices.insert(lists7.indices.end(), rows[r].begin(),
                            rows[r].end());
    lists7.offsets[r + 1] = lists7.indices.size();
  }
  options.tileNodes = kTileNodes / 4 * kListsPerGroup;
  Expected<SearchResult> found = searchHag(lists7, options);
  if (!found.ok()) {
    std::fprintf(stderr, "search: %s\n", found.message().c_str());
    std::exit(1);
  }
  plan.hag = std::move(found->hag);
  return plan;
}

typedef float Vec16 __attribute__((vector_size(64), aligned(4)));

/// W vectors of 16 floats, kept in registers by the compiler.
template <int W> struct Row {
  Vec16 v[W];
  void zero() {
    for (int i = 0; i < W; ++i)
      v[i] = Vec16{};
  }
  void add(const float *r) {
    for (int i = 0; i < W; ++i)
      v[i] += *reinterpret_cast<const Vec16 *>(r + 16 * i);
  }
  void store(float *out) const {
    for (int i = 0; i < W; ++i)
      *reinterpret_cast<Vec16 *>(out + 16 * i) = v[i];
  }
};

template <int D> struct Kernels {
  static void plain(const Csr &g, const float *x, float *y) {
#pragma omp parallel for schedule(dynamic, 32)
    for (NodeId v = 0; v < g.numNodes; ++v) {
      Row<D / 16> acc;
      acc.zero();
      for (NodeId u : g.row(v))
        acc.add(x + size_t(u) * D);
      acc.store(y + size_t(v) * D);
    }
  }
  /// Row `id` of V u V_A: an input row, or a scratch row of the tile whose
  /// first aggregation node is `first`.
  static const float *row(const Hag &h, NodeId id, const float *x,
                          const float *scratch, uint32_t first) {
    return id < h.numNodes ? x + size_t(id) * D
                           : scratch + size_t(id - h.numNodes - first) * D;
  }
  static void aggregationRows(const Hag &h, uint32_t t, const float *x,
                              float *scratch) {
    const uint32_t first = h.tileAggBegin[t];
    for (uint32_t k = first; k < h.tileAggBegin[t + 1]; ++k) {
      Row<D / 16> acc;
      acc.zero();
      for (NodeId id : h.aggInputs[k])
        acc.add(row(h, id, x, scratch, first));
      acc.store(scratch + size_t(k - first) * D);
    }
  }
  static void tiledHag(const Hag &h, const float *x, float *y) {
#pragma omp parallel
    {
      std::vector<float> scratch(size_t(h.maxTileAggNodes() + 1) * D);
#pragma omp for schedule(dynamic, 1)
      for (uint32_t t = 0; t < h.numTiles(); ++t) {
        aggregationRows(h, t, x, scratch.data());
        for (NodeId v = h.tileNodeBegin[t]; v < h.tileNodeBegin[t + 1]; ++v) {
          Row<D / 16> acc;
          acc.zero();
          for (NodeId id : h.list(v))
            acc.add(row(h, id, x, scratch.data(), h.tileAggBegin[t]));
          acc.store(y + size_t(v) * D);
        }
      }
    }
  }
  static void groups(const GroupPlan &plan, const float *x, float *y) {
    const Hag &h = plan.hag;
    // Columns per pass: three partial rows live at once, so wide rows go
    // in windows of 64 columns.
    constexpr int C = D < 64 ? D : 64;
#pragma omp parallel
    {
      std::vector<float> scratch(size_t(h.maxTileAggNodes() + 1) * D);
#pragma omp for schedule(dynamic, 1)
      for (uint32_t t = 0; t < h.numTiles(); ++t) {
        aggregationRows(h, t, x, scratch.data());
        const uint32_t first = h.tileAggBegin[t];
        auto fold = [&](Row<C / 16> &acc, NodeId list, int c0) {
          for (NodeId id : h.list(list))
            acc.add(row(h, id, x, scratch.data(), first) + c0);
        };
        for (NodeId r = h.tileNodeBegin[t];
             r + kListsPerGroup <= h.tileNodeBegin[t + 1];
             r += kListsPerGroup) {
          const NodeId *members = &plan.members[r / kListsPerGroup * 4];
          for (int c0 = 0; c0 < D; c0 += C) {
            Row<C / 16> all;
            all.zero();
            fold(all, r, c0);
            for (int pair = 0; pair < 2; ++pair) {
              const NodeId base = r + 1 + 3 * pair;
              if (members[2 * pair] == kNone)
                continue;
              Row<C / 16> pairSum = all;
              fold(pairSum, base, c0);
              for (int node = 0; node < 2; ++node) {
                NodeId v = members[2 * pair + node];
                if (v == kNone)
                  continue;
                Row<C / 16> acc = pairSum;
                fold(acc, base + 1 + node, c0);
                acc.store(y + size_t(v) * D + c0);
              }
            }
          }
        }
      }
    }
  }
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

template <int D>
void compare(const Csr &graph, const Hag &tiled, const GroupPlan &groups,
             int rounds) {
  const size_t n = graph.numNodes;
  std::vector<float> x(n * D), yPlain(n * D), yTiled(n * D), yGroups(n * D);
  for (size_t i = 0; i < x.size(); ++i)
    x[i] = float((i * 2654435761u) % 1000) / 1000.f;
  std::vector<double> tPlain, tTiled, tGroups;
  for (int round = 0; round <= rounds; ++round) { // round 0 warms up
    auto time = [](auto &&run) {
      auto start = std::chrono::steady_clock::now();
      run();
      return std::chrono::duration<double, std::milli>(
                 std::chrono::steady_clock::now() - start)
          .count();
    };
    double a = time([&] { Kernels<D>::plain(graph, x.data(), yPlain.data()); });
    double b =
        time([&] { Kernels<D>::tiledHag(tiled, x.data(), yTiled.data()); });
    double c =
        time([&] { Kernels<D>::groups(groups, x.data(), yGroups.data()); });
    if (round > 0) {
      tPlain.push_back(a);
      tTiled.push_back(b);
      tGroups.push_back(c);
    }
  }
  double errTiled = 0, errGroups = 0;
  for (size_t i = 0; i < yPlain.size(); ++i) {
    double scale = std::fabs(yPlain[i]) + 1;
    errTiled = std::max(errTiled, std::fabs(yPlain[i] - yTiled[i]) / scale);
    errGroups = std::max(errGroups, std::fabs(yPlain[i] - yGroups[i]) / scale);
  }
  std::printf("d=%d plain %.3f ms, tiled HAG %.3f ms (%.2fx), groups %.3f ms "
              "(%.2fx); max error %.1e, %.1e\n",
              D, median(tPlain), median(tTiled),
              median(tPlain) / median(tTiled), median(tGroups),
              median(tPlain) / median(tGroups), errTiled, errGroups);
  if (errTiled > 1e-4 || errGroups > 1e-4) {
    std::fprintf(stderr, "a kernel disagrees with plain\n");
    std::exit(1);
  }
}

/// Reads, writes, and plain over the plan by the write-weighted rows-moved
/// model (a row written costs 1.85 rows read).
void describe(const char *name, const Hag &h, uint64_t outputs,
              uint64_t edges) {
  uint64_t reads = h.aggInputs.numInputs() + h.listIndices.size();
  uint64_t writes = h.numAggNodes() + outputs;
  std::printf("%s: %u aggregation rows, %lu reads (%.2fx fewer), %lu writes, "
              "write-weighted model %.2fx\n",
              name, h.numAggNodes(), (unsigned long)reads,
              double(edges) / reads, (unsigned long)writes,
              (edges + 1.85 * outputs) / (reads + 1.85 * writes));
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s GRAPH [threshold] [max-inputs]\n", argv[0]);
    return 2;
  }
  Expected<Csr> graph = readGraph(argv[1], ReadOptions());
  if (!graph.ok()) {
    std::fprintf(stderr, "%s\n", graph.message().c_str());
    return 1;
  }
  SearchOptions options;
  options.capacity.kind = Capacity::Kind::Unlimited;
  options.threshold = argc > 2 ? unsigned(std::atoi(argv[2])) : 3;
  options.maxInputs = argc > 3 ? unsigned(std::atoi(argv[3])) : 8;
  options.tileNodes = kTileNodes;
  Expected<SearchResult> tiled = searchHag(*graph, options);
  if (!tiled.ok()) {
    std::fprintf(stderr, "search: %s\n", tiled.message().c_str());
    return 1;
  }
  GroupPlan groups = buildGroups(*graph, options);
  std::printf("%s: %u nodes, %lu edges\n", argv[1], graph->numNodes,
              (unsigned long)graph->numEdges());
  describe("tiled HAG", tiled->hag, graph->numNodes, graph->numEdges());
  describe("groups", groups.hag, graph->numNodes, graph->numEdges());
  compare<16>(*graph, tiled->hag, groups, 40);
  compare<64>(*graph, tiled->hag, groups, 40);
  compare<256>(*graph, tiled->hag, groups, 20);
  return 0;
}
