//===- SetSearch.cpp - Greedy pair merging for set aggregation ------------===//
//
// hag-paper.md section 4: repeatedly take the pair of nodes that appears
// together in the most input lists, make it an aggregation node, and replace
// the pair by that node in every list that holds both. The paper's code
// rescans every list per merge and counts all Theta(sum deg^2) pairs; here:
//   - an exact, sorted index from every node to the lists that hold it; the
//     lists of a pair are the intersection of two index rows, so no merge
//     scans all lists;
//   - a pair's count can only fall after it is first counted (lists lose
//     inputs, and a new node joins lists only when it is created). So pairs
//     below the threshold at their birth are never stored, and a stored count
//     is an upper bound that is re-checked (by the intersection) only when the
//     pair reaches the top: lazy greedy, no per-merge count updates at all;
//   - a bucket queue keyed by count pops the best pair in O(1) amortized
//     (counts are small integers and the best count never rises);
//   - lists longer than the hub cap skip pair counting (deg^2 work each) and
//     receive the merges afterwards, in creation order;
//   - with maxInputs > 2 the popped pair is widened before it is made: the
//     input most of its lists also hold joins while the one node then saves
//     more ((r - 1)(|S| - 1)), and the node replaces its inputs in the lists
//     that hold them all. Lists still only shrink, so the lazy counts hold.
// docs/Search.md gives the invariants and costs.
//
//===----------------------------------------------------------------------===//
#include "SetSearch.h"

#include "FlatMap.h" // pairKey

#include <algorithm>
#include <chrono>
#include <queue>
#include <string>

using namespace hag;
using namespace hag::detail;

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// Picks the hub cap: the largest degree H such that the pair counting over
/// lists of degree <= H costs at most `budget` (sum of deg^2), but at least
/// 8x the mean degree, so only outliers are ever capped. UINT64_MAX when no
/// list is over the cap.
uint64_t chooseHubDegree(const Csr &graph, uint64_t budget) {
  std::vector<uint64_t> degrees;
  degrees.reserve(graph.numNodes);
  uint64_t total = 0;
  for (NodeId v = 0; v < graph.numNodes; ++v) {
    uint64_t d = graph.degree(v);
    degrees.push_back(d);
    total += d * d;
  }
  if (total <= budget)
    return UINT64_MAX;
  std::sort(degrees.begin(), degrees.end());
  uint64_t work = 0, cap = 1;
  for (uint64_t d : degrees) {
    if (work + d * d > budget)
      break;
    work += d * d;
    cap = d;
  }
  uint64_t floor = graph.numNodes ? 8 * graph.numEdges() / graph.numNodes : 0;
  cap = std::max<uint64_t>({cap, floor, 2});
  return cap >= degrees.back() ? UINT64_MAX : cap;
}

/// The state of one greedy run. Node ids: 0..n-1 input nodes, n+k the k-th
/// aggregation node created.
class SetSearch {
public:
  SetSearch(const Csr &graph, const SearchOptions &options)
      : graph_(graph), options_(options), n_(graph.numNodes) {}

  Expected<SearchResult> run();

private:
  /// Builds the working lists (sorted copies) and the node -> lists index
  /// over the counted lists.
  void buildLists();
  /// Counts every pair inside counted lists; keeps those >= threshold.
  void countInitialPairs();
  /// Pops the pair with the highest current count and leaves the lists that
  /// share it in affected_; false when no pair reaches the threshold.
  bool popBest(uint64_t &key);
  /// Sets affected_ to the counted lists holding both a and b.
  void intersect(NodeId a, NodeId b);
  /// Creates the aggregation node for {a, b} and applies it to the lists in
  /// affected_.
  void merge(NodeId a, NodeId b);
  /// Widens the pair in `inputs` (affected_ its lists) while one more input
  /// saves more aggregations with the one node (options.maxInputs > 2).
  void widen(std::vector<NodeId> &inputs);
  /// Creates the aggregation node for `inputs` (three or more) and applies
  /// it to the lists in affected_.
  void mergeWide(const std::vector<NodeId> &inputs);
  /// Drops the lists in affected_ from x's index row (they now hold the new
  /// node instead); both are sorted, so one merge pass.
  void removeAffected(NodeId x);
  /// The bookkeeping of a new aggregation node w over `inputs`: id, depth,
  /// scratch slots, the inputs' index rows shrink now.
  NodeId createNode(NodeRange inputs);
  /// w's index row (exactly affected_) and the pairs of w counted in the
  /// tally while its lists were rewritten.
  void fileNewNode(NodeId w);
  /// Applies the created nodes to the hub lists, in creation order.
  void applyToHubLists();
  /// Assembles the HAG from the working lists.
  Hag finish();

  /// Counts `x` once more in the scratch tally of the current node.
  void tally(NodeId x) {
    if (tally_[x]++ == 0)
      touched_.push_back(x);
  }
  /// Files a pair whose exact count is `count` now.
  void fileBucket(uint64_t key, uint32_t count) {
    if (count >= buckets_.size())
      buckets_.resize(count + 1);
    // Among equal counts the shallower pair goes first: same saving, fewer
    // levels (each level is a barrier or a kernel launch when executed).
    uint32_t depth = std::max(depth_[pairFirst(key)], depth_[pairSecond(key)]);
    Bucket &bucket = buckets_[count];
    if (depth >= bucket.byDepth.size())
      bucket.byDepth.resize(depth + 1);
    bucket.byDepth[depth].push_back({key, clock_});
    bucket.minDepth = std::min(bucket.minDepth, depth);
    ++bucket.size;
    maxBucket_ = std::max(maxBucket_, count);
  }
  void report(const char *phase, uint64_t done, uint64_t total);

  const Csr &graph_;
  const SearchOptions &options_;
  const NodeId n_;
  uint32_t threshold_ = 3;
  uint64_t capacity_ = 0;
  uint64_t hubDegree_ = UINT64_MAX;
  Clock::time_point start_ = Clock::now();
  double lastReport_ = 0;

  // Working lists: list v lives in listData_[graph.offsets[v] ...] and has
  // listLen_[v] entries; lists only shrink, so they never move.
  std::vector<NodeId> listData_;
  std::vector<uint32_t> listLen_;
  std::vector<char> isHub_;
  uint64_t hubLists_ = 0;

  // Node -> counted lists holding it, exact and sorted at all times. Row x
  // is outPool_[outStart_[x] ...] with outLen_[x] entries; rows of
  // aggregation nodes are appended when the node is created and only shrink
  // after (removal keeps the order).
  std::vector<NodeId> outPool_;
  std::vector<uint64_t> outStart_;
  std::vector<uint32_t> outLen_;

  std::vector<uint32_t> depth_;
  AggInputs aggInputs_;

  // A pair as filed: its count was exact at time filedAt.
  struct FiledPair {
    uint64_t key;
    uint32_t filedAt;
  };
  // The pairs whose count was c when filed (the true count is at most
  // that), by the depth of their deeper node.
  struct Bucket {
    std::vector<std::vector<FiledPair>> byDepth;
    uint32_t minDepth = UINT32_MAX; // no non-empty depth below this
    uint64_t size = 0;
  };
  std::vector<Bucket> buckets_;
  // Time: 1 + merges done. shrunkAt_[x] is the time x's index row last lost
  // lists. A pair neither of whose rows shrank since it was filed still has
  // its filed count, so its pop needs no intersection.
  uint32_t clock_ = 1;
  std::vector<uint32_t> shrunkAt_;
  // True when affected_ holds the lists of the pair popBest returned.
  bool affectedReady_ = false;
  uint32_t maxBucket_ = 0;
  uint64_t initialPairs_ = 0;

  // Scratch: per-node tallies with their touched list; the lists of the pair
  // being merged.
  std::vector<uint32_t> tally_;
  std::vector<NodeId> touched_;
  std::vector<NodeId> affected_;
  // Scratch of wide merges: inSet_[x] is set while x is an input of the node
  // being made; narrowed_ holds affected_ filtered by one more input.
  std::vector<char> inSet_;
  std::vector<NodeId> narrowed_, wide_;
};

} // namespace

void SetSearch::report(const char *phase, uint64_t done, uint64_t total) {
  if (!options_.progress)
    return;
  double now = secondsSince(start_);
  if (now < 1.0 || now - lastReport_ < 1.0)
    return;
  lastReport_ = now;
  options_.progress(SearchProgress{phase, done, total, now});
}

void SetSearch::buildLists() {
  listData_ = graph_.indices;
  listLen_.resize(n_);
  isHub_.assign(n_, 0);
  for (NodeId v = 0; v < n_; ++v) {
    uint64_t d = graph_.degree(v);
    listLen_[v] = uint32_t(d);
    // Sorted rows let the initial count visit each pair once (b after a).
    std::sort(listData_.begin() + graph_.offsets[v],
              listData_.begin() + graph_.offsets[v + 1]);
    if (d > hubDegree_) {
      isHub_[v] = 1;
      ++hubLists_;
    }
  }
  // The index covers counted lists of two or more inputs: a shorter list
  // holds no pair.
  outStart_.assign(uint64_t(n_) + 1, 0);
  outLen_.assign(n_, 0);
  for (NodeId v = 0; v < n_; ++v)
    if (!isHub_[v] && listLen_[v] >= 2)
      for (uint64_t i = graph_.offsets[v]; i < graph_.offsets[v + 1]; ++i)
        ++outLen_[listData_[i]];
  for (NodeId x = 0; x < n_; ++x)
    outStart_[x + 1] = outStart_[x] + outLen_[x];
  outPool_.resize(outStart_[n_]);
  std::vector<uint64_t> cursor(outStart_.begin(), outStart_.end() - 1);
  for (NodeId v = 0; v < n_; ++v)
    if (!isHub_[v] && listLen_[v] >= 2)
      for (uint64_t i = graph_.offsets[v]; i < graph_.offsets[v + 1]; ++i)
        outPool_[cursor[listData_[i]]++] = v;
  outStart_.pop_back();
  depth_.assign(n_, 0);
  tally_.assign(n_, 0);
  shrunkAt_.assign(n_, 0);
  inSet_.assign(n_, 0);
}

void SetSearch::countInitialPairs() {
  // For each a, tally every b > a that shares a list with a; the tally is the
  // pair count. Memory: one O(|V|) tally array plus the pairs kept.
  for (NodeId a = 0; a < n_; ++a) {
    for (uint32_t i = 0; i < outLen_[a]; ++i) {
      NodeId v = outPool_[outStart_[a] + i];
      const NodeId *row = listData_.data() + graph_.offsets[v];
      const NodeId *end = row + listLen_[v];
      for (const NodeId *p = std::upper_bound(row, end, a); p != end; ++p)
        tally(*p);
    }
    for (NodeId b : touched_) {
      if (tally_[b] >= threshold_) {
        fileBucket(pairKey(a, b), tally_[b]);
        ++initialPairs_;
      }
      tally_[b] = 0;
    }
    touched_.clear();
    if ((a & 4095) == 0)
      report("counting pairs", a, n_);
  }
}

void SetSearch::intersect(NodeId a, NodeId b) {
  affected_.clear();
  const NodeId *x = outPool_.data() + outStart_[a], *xEnd = x + outLen_[a];
  const NodeId *y = outPool_.data() + outStart_[b], *yEnd = y + outLen_[b];
  if (xEnd - x > yEnd - y) {
    std::swap(x, y);
    std::swap(xEnd, yEnd);
  }
  if ((yEnd - y) > 16 * (xEnd - x)) {
    // Rows of very different length (a hub and a rare node): look each entry
    // of the short row up in the long one.
    for (; x != xEnd && y != yEnd; ++x) {
      y = std::lower_bound(y, yEnd, *x);
      if (y != yEnd && *y == *x)
        affected_.push_back(*x);
    }
    return;
  }
  while (x != xEnd && y != yEnd) {
    if (*x < *y)
      ++x;
    else if (*y < *x)
      ++y;
    else {
      affected_.push_back(*x);
      ++x;
      ++y;
    }
  }
}

bool SetSearch::popBest(uint64_t &key) {
  while (maxBucket_ >= threshold_ && maxBucket_ < buckets_.size()) {
    Bucket &bucket = buckets_[maxBucket_];
    if (bucket.size == 0) {
      --maxBucket_;
      continue;
    }
    while (bucket.byDepth[bucket.minDepth].empty())
      ++bucket.minDepth;
    FiledPair entry = bucket.byDepth[bucket.minDepth].back();
    bucket.byDepth[bucket.minDepth].pop_back();
    --bucket.size;
    key = entry.key;
    NodeId a = pairFirst(key), b = pairSecond(key);
    if (shrunkAt_[a] <= entry.filedAt && shrunkAt_[b] <= entry.filedAt) {
      affectedReady_ = false;
      return true;
    }
    intersect(a, b);
    uint32_t current = uint32_t(affected_.size());
    if (current == maxBucket_) {
      affectedReady_ = true;
      return true;
    }
    // Stale: merges took some of its lists since it was filed. Re-file it at
    // its true count; the best count never rises, so it is met again in
    // order.
    if (current >= threshold_)
      fileBucket(key, current);
  }
  return false;
}

NodeId SetSearch::createNode(NodeRange inputs) {
  const NodeId w = NodeId(n_ + aggInputs_.size());
  aggInputs_.push_back(inputs);
  uint32_t depth = 0;
  for (NodeId x : inputs)
    depth = std::max(depth, depth_[x]);
  depth_.push_back(depth + 1);
  tally_.push_back(0);
  shrunkAt_.push_back(0);
  inSet_.push_back(0);
  ++clock_;
  for (NodeId x : inputs)
    shrunkAt_[x] = clock_;
  return w;
}

void SetSearch::removeAffected(NodeId x) {
  NodeId *row = outPool_.data() + outStart_[x];
  uint32_t kept = 0;
  size_t j = 0;
  for (uint32_t i = 0; i < outLen_[x]; ++i) {
    while (j < affected_.size() && affected_[j] < row[i])
      ++j;
    if (j < affected_.size() && affected_[j] == row[i])
      continue;
    row[kept++] = row[i];
  }
  outLen_[x] = kept;
}

void SetSearch::fileNewNode(NodeId w) {
  // w's index row is exactly the affected lists, already sorted.
  outStart_.push_back(outPool_.size());
  outLen_.push_back(uint32_t(affected_.size()));
  outPool_.insert(outPool_.end(), affected_.begin(), affected_.end());
  for (NodeId x : touched_) {
    if (tally_[x] >= threshold_)
      fileBucket(pairKey(w, x), tally_[x]);
    tally_[x] = 0;
  }
  touched_.clear();
}

void SetSearch::merge(NodeId a, NodeId b) {
  const NodeId pair[2] = {a, b};
  const NodeId w = createNode(NodeRange(pair, pair + 2));
  removeAffected(a);
  removeAffected(b);

  // Rewrite each list: {a, b} -> w. Every other input x of the list now
  // shares it with w; the tally gives the pair counts of w at its birth.
  for (NodeId v : affected_) {
    NodeId *row = listData_.data() + graph_.offsets[v];
    uint32_t len = listLen_[v], posA = 0, posB = 0;
    for (uint32_t i = 0; i < len; ++i) {
      NodeId x = row[i];
      if (x == a)
        posA = i;
      else if (x == b)
        posB = i;
      else
        tally(x);
    }
    row[posA] = w;
    row[posB] = row[len - 1];
    listLen_[v] = len - 1;
  }
  fileNewNode(w);
}

void SetSearch::widen(std::vector<NodeId> &inputs) {
  uint32_t maxDepth = 0;
  for (NodeId x : inputs) {
    inSet_[x] = 1;
    maxDepth = std::max(maxDepth, depth_[x]);
  }
  while (inputs.size() < options_.maxInputs) {
    // How many of the current lists hold each other input.
    for (NodeId v : affected_) {
      const NodeId *row = listData_.data() + graph_.offsets[v];
      for (uint32_t i = 0; i < listLen_[v]; ++i)
        if (!inSet_[row[i]])
          tally(row[i]);
    }
    // The best next input: the most lists, then the shallower, then the
    // smaller id (deterministic whatever the tally order).
    NodeId best = 0;
    uint32_t bestCount = 0;
    for (NodeId x : touched_) {
      uint32_t count = tally_[x];
      tally_[x] = 0;
      if (options_.maxDepth &&
          std::max(maxDepth, depth_[x]) + 1 > options_.maxDepth)
        continue;
      if (count > bestCount ||
          (count == bestCount && (depth_[x] < depth_[best] ||
                                  (depth_[x] == depth_[best] && x < best)))) {
        best = x;
        bestCount = count;
      }
    }
    touched_.clear();
    // Saving with the one node: (lists - 1) * (inputs - 1) aggregations.
    const uint64_t k = inputs.size(), r = affected_.size();
    if (bestCount < threshold_ || (bestCount - 1) * k <= (r - 1) * (k - 1))
      break;
    // Keep the lists that also hold `best` (both sorted).
    narrowed_.clear();
    const NodeId *row = outPool_.data() + outStart_[best];
    const NodeId *rowEnd = row + outLen_[best];
    for (NodeId v : affected_) {
      row = std::lower_bound(row, rowEnd, v);
      if (row != rowEnd && *row == v)
        narrowed_.push_back(v);
    }
    affected_.swap(narrowed_);
    inputs.push_back(best);
    inSet_[best] = 1;
    maxDepth = std::max(maxDepth, depth_[best]);
  }
  for (NodeId x : inputs)
    inSet_[x] = 0;
}

void SetSearch::mergeWide(const std::vector<NodeId> &inputs) {
  const NodeId w =
      createNode(NodeRange(inputs.data(), inputs.data() + inputs.size()));
  for (NodeId x : inputs) {
    removeAffected(x);
    inSet_[x] = 1;
  }
  // Rewrite each list: the inputs -> w, the others kept in order.
  for (NodeId v : affected_) {
    NodeId *row = listData_.data() + graph_.offsets[v];
    uint32_t kept = 0;
    for (uint32_t i = 0; i < listLen_[v]; ++i) {
      NodeId x = row[i];
      if (inSet_[x])
        continue;
      tally(x);
      row[kept++] = x;
    }
    row[kept++] = w;
    listLen_[v] = kept;
  }
  for (NodeId x : inputs)
    inSet_[x] = 0;
  fileNewNode(w);
}

void SetSearch::applyToHubLists() {
  if (hubLists_ == 0 || aggInputs_.empty())
    return;
  const uint64_t total = uint64_t(n_) + aggInputs_.size();
  // parents[x]: the aggregation nodes that read x, in creation order.
  std::vector<uint64_t> parentStart(total + 1, 0);
  for (NodeRange in : aggInputs_)
    for (NodeId x : in)
      ++parentStart[x + 1];
  for (uint64_t x = 0; x < total; ++x)
    parentStart[x + 1] += parentStart[x];
  std::vector<uint32_t> parents(parentStart[total]);
  {
    std::vector<uint64_t> cursor(parentStart.begin(), parentStart.end() - 1);
    for (uint32_t k = 0; k < aggInputs_.size(); ++k)
      for (NodeId x : aggInputs_[k])
        parents[cursor[x]++] = k;
  }
  // inList[x] == stamp: x is currently in the hub list being rewritten.
  std::vector<uint32_t> inList(total, 0);
  uint32_t stamp = 0;
  std::priority_queue<uint32_t, std::vector<uint32_t>, std::greater<uint32_t>>
      candidates;
  std::vector<NodeId> added;
  auto allInList = [&](uint32_t k) {
    for (NodeId in : aggInputs_[k])
      if (inList[in] != stamp)
        return false;
    return true;
  };
  auto offerParents = [&](NodeId x) {
    for (uint64_t i = parentStart[x]; i < parentStart[x + 1]; ++i)
      if (allInList(parents[i]))
        candidates.push(parents[i]);
  };
  for (NodeId v = 0; v < n_; ++v) {
    if (!isHub_[v])
      continue;
    ++stamp;
    NodeId *row = listData_.data() + graph_.offsets[v];
    for (uint32_t i = 0; i < listLen_[v]; ++i)
      inList[row[i]] = stamp;
    for (uint32_t i = 0; i < listLen_[v]; ++i)
      offerParents(row[i]);
    // Smallest index first replays the greedy's creation order: applying k
    // only adds candidates created after k.
    added.clear();
    while (!candidates.empty()) {
      uint32_t k = candidates.top();
      candidates.pop();
      NodeId w = NodeId(n_ + k);
      if (inList[w] == stamp || !allInList(k))
        continue;
      for (NodeId in : aggInputs_[k])
        inList[in] = 0;
      inList[w] = stamp;
      added.push_back(w);
      offerParents(w);
    }
    uint32_t len = 0;
    for (uint32_t i = 0; i < listLen_[v]; ++i)
      if (inList[row[i]] == stamp)
        row[len++] = row[i];
    for (NodeId w : added)
      if (inList[w] == stamp)
        row[len++] = w;
    listLen_[v] = len;
    report("hub lists", v, n_);
  }
}

Hag SetSearch::finish() {
  Hag hag;
  hag.kind = AggregationKind::Set;
  hag.numNodes = n_;
  hag.aggInputs = std::move(aggInputs_);
  hag.listOffsets.assign(uint64_t(n_) + 1, 0);
  for (NodeId v = 0; v < n_; ++v)
    hag.listOffsets[v + 1] = hag.listOffsets[v] + listLen_[v];
  hag.listIndices.resize(hag.listOffsets[n_]);
  for (NodeId v = 0; v < n_; ++v)
    std::copy_n(listData_.begin() + graph_.offsets[v], listLen_[v],
                hag.listIndices.begin() + hag.listOffsets[v]);
  levelize(hag);
  return hag;
}

Expected<SearchResult> SetSearch::run() {
  threshold_ = options_.threshold;
  capacity_ = options_.capacity.resolve(n_);
  // Ids of aggregation nodes must stay below the sentinel.
  capacity_ = std::min<uint64_t>(capacity_, uint64_t(kMaxNodeId) - n_);
  hubDegree_ = options_.hubDegree;
  if (hubDegree_ == 0)
    hubDegree_ =
        chooseHubDegree(graph_, (uint64_t(1) << 27) + options_.hubWorkPerEdge *
                                                          graph_.numEdges());

  buildLists();
  countInitialPairs();
  uint64_t key = 0;
  while (aggInputs_.size() < capacity_ && popBest(key)) {
    NodeId a = pairFirst(key), b = pairSecond(key);
    // Too deep, now and forever (depths never change): the pair is dropped.
    if (options_.maxDepth &&
        std::max(depth_[a], depth_[b]) + 1 > options_.maxDepth)
      continue;
    if (!affectedReady_)
      intersect(a, b);
    if (options_.maxInputs > 2) {
      wide_.assign({a, b});
      widen(wide_);
      if (wide_.size() > 2) {
        std::sort(wide_.begin(), wide_.end()); // tidy files; order is free
        mergeWide(wide_);
        continue;
      }
    }
    merge(a, b);
    if ((aggInputs_.size() & 1023) == 0)
      report("merging", aggInputs_.size(), capacity_);
  }
  applyToHubLists();

  SearchResult result;
  result.stats.hubDegree = hubDegree_;
  result.stats.hubLists = hubLists_;
  result.stats.initialPairs = initialPairs_;
  result.hag = finish();
  result.stats.seconds = secondsSince(start_);
  return result;
}

Status hag::detail::checkDuplicateFree(const Csr &graph) {
  // A set HAG covers each input exactly once, so a row may not repeat one.
  RepeatFinder repeats(graph.numNodes);
  for (NodeId v = 0; v < graph.numNodes; ++v)
    if (std::optional<NodeId> u = repeats.firstRepeat(graph.row(v)))
      return Status::error(
          "set aggregation needs duplicate-free input lists, but node " +
          std::to_string(v) + " lists input " + std::to_string(*u) +
          " twice (read the graph with duplicate removal)");
  return Status::success();
}

Expected<SearchResult> hag::detail::searchSetHag(const Csr &graph,
                                                 const SearchOptions &options) {
  SetSearch search(graph, options);
  return search.run();
}
