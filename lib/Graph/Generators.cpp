//===- Generators.cpp - Seeded R-MAT and ego-network graphs ---------------===//
//
// Deterministic synthetic graphs for scale tests. Randomness comes from our
// own xoshiro256** stream (std:: distributions differ between standard
// libraries), so a spec and seed name the same graph everywhere.
//
//===----------------------------------------------------------------------===//
#include "hag/Graph/Generators.h"
#include "hag/Graph/Memory.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <map>

using namespace hag;

namespace {

/// xoshiro256** (Blackman & Vigna), seeded through SplitMix64.
class Random {
public:
  explicit Random(uint64_t seed) {
    for (uint64_t &word : state_) {
      seed += 0x9e3779b97f4a7c15ULL;
      uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      word = z ^ (z >> 31);
    }
  }
  uint64_t next() {
    uint64_t result = rotl(state_[1] * 5, 7) * 9;
    uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }
  /// Uniform in [0, 1).
  double uniform() { return double(next() >> 11) * 0x1.0p-53; }
  /// Uniform in [0, bound) for bound > 0 (multiply-shift; bias < 2^-32).
  uint64_t below(uint64_t bound) {
    return uint64_t((__uint128_t(next()) * bound) >> 64);
  }

private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t state_[4];
};

/// Bytes per node a generator holds beside buildCsr's (csrBuildBytes): its
/// relabelling, or its group marks.
constexpr uint64_t kGeneratorBytesPerNode = 4;

/// A random permutation of 0..n-1 (Fisher-Yates).
std::vector<NodeId> permutation(NodeId n, Random &random) {
  std::vector<NodeId> perm(n);
  for (NodeId i = 0; i < n; ++i)
    perm[i] = i;
  for (NodeId i = n; i > 1; --i)
    std::swap(perm[i - 1], perm[random.below(i)]);
  return perm;
}

} // namespace

Expected<Csr> hag::generateRmat(const RmatOptions &o) {
  if (o.scale < 1 || o.scale > 31)
    return Status::error("rmat: scale must be in 1..31, got " +
                         std::to_string(o.scale));
  double d = 1.0 - o.a - o.b - o.c;
  if (o.a <= 0 || o.b < 0 || o.c < 0 || d < 0)
    return Status::error("rmat: probabilities a, b, c must be >= 0 (a > 0) "
                         "with a + b + c <= 1");
  if (o.edges == 0 || o.edges > (uint64_t(1) << 34))
    return Status::error("rmat: edges must be in 1..2^34, got " +
                         std::to_string(o.edges));
  const NodeId n = NodeId(uint64_t(1) << o.scale);
  // Duplicates and self loops are dropped, so a graph of n nodes keeps at
  // most n(n - 1) edges: asking for more draws mostly repeats, for as long
  // as the count says, and cannot give the edges asked for.
  const uint64_t distinctEdges = uint64_t(n) * (uint64_t(n) - 1);
  if (o.edges > distinctEdges)
    return Status::error("rmat: edges=" + std::to_string(o.edges) +
                         " is more than the " + std::to_string(distinctEdges) +
                         " distinct edges 2^" + std::to_string(o.scale) +
                         " nodes can have (duplicates and self loops are "
                         "removed)");
  // The drawn edges and the CSR built from them, and the relabelling.
  uint64_t bytes = saturatingAdd(csrBuildBytes(n, o.edges, o.symmetrize),
                                 saturatingMultiply(n, kGeneratorBytesPerNode));
  if (Status s =
          checkMemoryNeed("rmat: 2^" + std::to_string(o.scale) + " nodes and " +
                              std::to_string(o.edges) + " edges",
                          bytes);
      s.failed())
    return s;
  Random random(o.seed);
  std::vector<Edge> edges(o.edges);
  const double ab = o.a + o.b, abc = o.a + o.b + o.c;
  for (Edge &e : edges) {
    NodeId src = 0, dst = 0;
    for (unsigned level = 0; level < o.scale; ++level) {
      double r = random.uniform();
      // Quadrants: a = (0,0), b = (0,1), c = (1,0), d = (1,1).
      NodeId rowBit = r >= ab, colBit = (r >= o.a && r < ab) || r >= abc;
      src = (src << 1) | rowBit;
      dst = (dst << 1) | colBit;
    }
    e = {src, dst};
  }
  // Relabel so high-degree nodes are not clustered at small ids (Graph500).
  std::vector<NodeId> perm = permutation(n, random);
  for (Edge &e : edges)
    e = {perm[e.src], perm[e.dst]};
  BuildOptions build;
  build.symmetrize = o.symmetrize;
  return buildCsr(n, edges, build);
}

Expected<Csr> hag::generateEgo(const EgoOptions &o) {
  if (o.nodes < 2 || o.groups == 0)
    return Status::error("ego: needs nodes >= 2 and groups >= 1");
  if (o.minGroup < 2 || o.maxGroup < o.minGroup || o.maxGroup > o.nodes)
    return Status::error(
        "ego: needs 2 <= min <= max <= nodes for group sizes, not min=" +
        std::to_string(o.minGroup) + ", max=" + std::to_string(o.maxGroup) +
        ", nodes=" + std::to_string(o.nodes) +
        " (min and max not given are defaults: set them)");
  if (!(o.density > 0 && o.density <= 1))
    return Status::error("ego: density must be in (0, 1]");
  if (!(o.sizeExponent > 1))
    return Status::error("ego: the size exponent must be > 1");
  // Every group has at least minGroup members, so the groups draw at least
  // about this many edges (bigger groups draw more), symmetrized in the CSR.
  double leastEdges = double(o.groups) * double(o.minGroup) *
                      double(o.minGroup - 1) / 2 * o.density;
  uint64_t bytes = saturatingAdd(
      csrBuildBytes(o.nodes,
                    leastEdges >= 0x1p64 ? UINT64_MAX : uint64_t(leastEdges),
                    /*symmetrize=*/true),
      saturatingMultiply(o.nodes, kGeneratorBytesPerNode));
  if (Status s = checkMemoryNeed("ego: " + std::to_string(o.nodes) +
                                     " nodes and " + std::to_string(o.groups) +
                                     " groups of at least " +
                                     std::to_string(o.minGroup) + " members",
                                 bytes);
      s.failed())
    return s;
  Random random(o.seed);
  std::vector<Edge> edges;
  std::vector<NodeId> members;
  // inGroup[x] == g + 1: x already joined group g (Floyd's duplicate test).
  std::vector<uint32_t> inGroup(o.nodes, 0);
  for (uint32_t g = 0; g < o.groups; ++g) {
    // Power-law size by inverse transform, clipped to [min, max].
    double u = random.uniform();
    double size = o.minGroup * std::pow(1.0 - u, -1.0 / (o.sizeExponent - 1));
    uint32_t s = uint32_t(std::min<double>(size, o.maxGroup));
    // Members come from a window around a random centre, so groups that sit
    // close together overlap, as communities of one field do.
    uint64_t window = std::min<uint64_t>(o.nodes, uint64_t(3) * s);
    uint64_t centre = random.below(o.nodes);
    members.clear();
    // Floyd's sampling of s distinct offsets in [0, window).
    for (uint64_t j = window - s; j < window; ++j) {
      uint64_t t = random.below(j + 1);
      NodeId pick = NodeId((centre + t) % o.nodes);
      if (inGroup[pick] == g + 1)
        pick = NodeId((centre + j) % o.nodes);
      inGroup[pick] = g + 1;
      members.push_back(pick);
    }
    for (size_t i = 0; i < members.size(); ++i)
      for (size_t j = i + 1; j < members.size(); ++j)
        if (random.uniform() < o.density)
          edges.push_back({members[i], members[j]});
  }
  BuildOptions build;
  build.symmetrize = true;
  return buildCsr(o.nodes, edges, build);
}

namespace {
/// Parses "12", "3k", "10M", "2G" (powers of 1000).
bool parseCount(const std::string &text, uint64_t &value) {
  if (text.empty())
    return false;
  uint64_t scale = 1;
  std::string digits = text;
  switch (text.back()) {
  case 'k':
  case 'K':
    scale = 1000;
    digits.pop_back();
    break;
  case 'm':
  case 'M':
    scale = 1000000;
    digits.pop_back();
    break;
  case 'g':
  case 'G':
    scale = 1000000000;
    digits.pop_back();
    break;
  default:
    break;
  }
  auto [ptr, ec] =
      std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || ec != std::errc() ||
      ptr != digits.data() + digits.size())
    return false;
  if (value > UINT64_MAX / scale)
    return false;
  value *= scale;
  return true;
}

bool parseReal(const std::string &text, double &value) {
  char *stop = nullptr;
  value = std::strtod(text.c_str(), &stop);
  return !text.empty() && stop == text.c_str() + text.size() &&
         std::isfinite(value);
}
} // namespace

Expected<Csr> hag::generateFromSpec(const std::string &spec) {
  size_t colon = spec.find(':');
  std::string kind = spec.substr(0, colon);
  std::map<std::string, std::string> params;
  if (colon != std::string::npos) {
    std::string rest = spec.substr(colon + 1);
    size_t pos = 0;
    while (pos <= rest.size() && !rest.empty()) {
      size_t comma = rest.find(',', pos);
      std::string item = rest.substr(pos, comma - pos);
      size_t eq = item.find('=');
      if (eq == std::string::npos || eq == 0)
        return Status::error("generator spec '" + spec + "': '" + item +
                             "' is not key=value");
      // A key given twice has no one meaning; the map would keep the last.
      if (!params.emplace(item.substr(0, eq), item.substr(eq + 1)).second)
        return Status::error("generator spec '" + spec + "': key '" +
                             item.substr(0, eq) + "' given twice");
      if (comma == std::string::npos)
        break;
      pos = comma + 1;
    }
  }
  auto bad = [&](const std::string &key) {
    return Status::error("generator spec '" + spec + "': bad value '" +
                         params[key] + "' for " + key);
  };
  auto unknown = [&](const std::string &key) {
    return Status::error("generator spec '" + spec + "': unknown key '" + key +
                         "' for " + kind);
  };
  if (kind == "rmat") {
    RmatOptions o;
    for (auto &[key, value] : params) {
      uint64_t count = 0;
      double real = 0;
      if (key == "symmetrize" && value != "0" && value != "1")
        return Status::error("generator spec '" + spec + "': bad value '" +
                             value + "' for symmetrize (0 or 1)");
      if (key == "scale" || key == "edges" || key == "seed" ||
          key == "symmetrize") {
        if (!parseCount(value, count))
          return bad(key);
        if (key == "scale")
          o.scale = unsigned(std::min<uint64_t>(count, UINT32_MAX));
        else if (key == "edges")
          o.edges = count;
        else if (key == "seed")
          o.seed = count;
        else
          o.symmetrize = count == 1;
      } else if (key == "a" || key == "b" || key == "c") {
        if (!parseReal(value, real))
          return bad(key);
        (key == "a" ? o.a : key == "b" ? o.b : o.c) = real;
      } else {
        return unknown(key);
      }
    }
    return generateRmat(o);
  }
  if (kind == "ego") {
    EgoOptions o;
    for (auto &[key, value] : params) {
      uint64_t count = 0;
      double real = 0;
      if (key == "density" || key == "exponent") {
        if (!parseReal(value, real))
          return bad(key);
        (key == "density" ? o.density : o.sizeExponent) = real;
        continue;
      }
      if (!parseCount(value, count))
        return bad(key);
      if (key != "seed" && count > UINT32_MAX)
        return bad(key);
      if (key == "nodes")
        o.nodes = uint32_t(count);
      else if (key == "groups")
        o.groups = uint32_t(count);
      else if (key == "min")
        o.minGroup = uint32_t(count);
      else if (key == "max")
        o.maxGroup = uint32_t(count);
      else if (key == "seed")
        o.seed = count;
      else
        return unknown(key);
    }
    return generateEgo(o);
  }
  return Status::error("generator spec '" + spec +
                       "': unknown generator (use rmat:... or ego:...)");
}
