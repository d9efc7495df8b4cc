//===- Generators.h - Seeded synthetic graphs ------------------*- C++ -*-===//
//
// Deterministic generators for graphs larger than the bundled datasets: the
// same parameters and seed give the same graph on every machine (own PRNG, no
// std:: distributions, whose output is implementation-defined).
//
//===----------------------------------------------------------------------===//
#ifndef HAG_GRAPH_GENERATORS_H
#define HAG_GRAPH_GENERATORS_H

#include "hag/Graph/Csr.h"
#include "hag/Graph/Status.h"

#include <cstdint>
#include <string>

namespace hag {

/// R-MAT / Kronecker power-law graph (Chakrabarti et al., SDM 2004).
struct RmatOptions {
  /// log2 of the number of nodes.
  unsigned scale = 16;
  /// Number of edges drawn (before symmetrization and duplicate removal); at
  /// most n(n - 1), the distinct edges without self loops of n = 2^scale
  /// nodes.
  uint64_t edges = uint64_t(1) << 20;
  /// Quadrant probabilities; d = 1 - a - b - c.
  double a = 0.57, b = 0.19, c = 0.19;
  /// Make the graph undirected (both directions), as GNN inputs are.
  bool symmetrize = true;
  uint64_t seed = 1;
};

/// Ego-network / community graph: many dense, overlapping groups, the shape of
/// collaboration graphs such as COLLAB. Each node joins 1 + Poisson-like
/// extra groups; group sizes follow a power law in [minGroup, maxGroup];
/// each pair inside a group is an edge with probability `density`.
struct EgoOptions {
  uint32_t nodes = 100000;
  /// Number of groups.
  uint32_t groups = 20000;
  uint32_t minGroup = 8;
  uint32_t maxGroup = 200;
  /// Power-law exponent of the group size distribution.
  double sizeExponent = 2.0;
  /// Probability that two members of a group are linked.
  double density = 0.6;
  uint64_t seed = 1;
};

/// Generates an R-MAT graph; fails on out-of-range parameters and, before
/// allocating, on a graph that needs more than this machine's physical
/// memory (hag/Graph/Memory.h).
Expected<Csr> generateRmat(const RmatOptions &options);
/// Generates an ego-network graph; fails on out-of-range parameters and on
/// one whose nodes and smallest possible groups need more than this
/// machine's physical memory.
Expected<Csr> generateEgo(const EgoOptions &options);

/// Parses "rmat:scale=20,edges=10M,seed=3" or "ego:nodes=1M,groups=100k" into a
/// graph (k/M/G suffixes accepted; symmetrize is 0 or 1; a key may appear
/// once). The error names the bad key or value.
Expected<Csr> generateFromSpec(const std::string &spec);

} // namespace hag

#endif // HAG_GRAPH_GENERATORS_H
