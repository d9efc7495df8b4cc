//===- CostFormulas.h - Predicted time of an aggregation -------*- C++ -*-===//
//
// The cost model's formulas, IR-free (docs/CostModel.md). An aggregation is
// memory-bound: its time is the bytes it moves over the bandwidth of the
// target, plus a fixed cost per level of aggregation nodes (a barrier on a
// CPU, a kernel launch on a GPU). This refines hag-paper.md section 3, whose
// cost counts binary aggregations only and never measured its coefficients.
//
//===----------------------------------------------------------------------===//
#ifndef HAG_SEARCH_COSTFORMULAS_H
#define HAG_SEARCH_COSTFORMULAS_H

#include "hag/Search/Hag.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hag {

/// The machines the cost model knows.
enum class CostTarget { Cpu, Cuda };

/// Parses "cpu" or "cuda".
std::optional<CostTarget> parseCostTarget(const std::string &name);

/// Coefficients of one target (units in the names). The defaults are
/// documented estimates or fits for the project's machines
/// (docs/CostModel.md) until a calibration replaces them.
struct CostCoefficients {
  /// Sustained bandwidth of gathering feature rows from memory, bytes per
  /// second (every read, when the cache terms below are 0).
  double gatherBytesPerSecond;
  /// Sustained bandwidth of writing result and intermediate rows to memory.
  double writeBytesPerSecond;
  /// Cost of one level of aggregation nodes (barrier or launch), seconds.
  double secondsPerLevel;
  /// Fixed cost of the final aggregation (one launch or parallel region).
  double secondsFixed;
  /// The cache model (docs/CostModel.md, "Reuse"); all 0 turns it off.
  /// Bytes of recently touched rows a core keeps close (its L2), and the
  /// rate of reads and writes that hit there.
  double cacheBytes = 0;
  double cacheBytesPerSecond = 0;
  /// Bytes of the last-level cache, and the rate of reads and writes that
  /// hit there.
  double sharedCacheBytes = 0;
  double sharedCacheBytesPerSecond = 0;
  /// Seconds per list entry (index read, address, loop step) and per loop
  /// over a list (bounds, setup, exit), beyond the bytes.
  double secondsPerEntry = 0;
  double secondsPerLoop = 0;
  /// Seconds per row read from the last-level cache and from memory beyond
  /// their bytes: the latency a gather of scattered rows cannot hide (small
  /// rows of a graph without locality are latency-bound, not
  /// bandwidth-bound).
  double secondsPerSharedCacheRead = 0;
  double secondsPerMemoryRead = 0;

  /// Whether reads are priced by where they hit (cacheBytes > 0).
  bool modelsCaches() const { return cacheBytes > 0; }
};

/// Whether the kernels of `target` compute an aggregation node of more than
/// two inputs (a --max-inputs search) as one row: the CPU's fold all its
/// inputs and write it once; the GPU's run its two-input form
/// (hag::binarize), which writes one row per pair.
bool runsWideNodes(CostTarget target);

/// `hag` in the form the kernels of `target` run, which is the form the cost
/// model must price: as it is, or binarized.
Hag kernelForm(Hag hag, CostTarget target);

/// The default coefficients of `target`.
CostCoefficients defaultCoefficients(CostTarget target);

/// How recently the kernel touched the rows it reads: reads[k] counts reads
/// whose row was last touched (read or written) between 2^k and 2^(k+1) - 1
/// touches earlier, in the order one thread runs the kernel; firstReads
/// those that touch a row for the first time in a call. A row is still in a
/// cache of C rows when fewer than C touches came between (an LRU cache,
/// counting touches rather than distinct rows).
struct ReuseProfile {
  std::array<uint64_t, 64> reads{};
  uint64_t firstReads = 0;
  /// Distinct rows touched in a call: feature rows read, rows written.
  uint64_t footprintRows = 0;

  /// Reads whose row was touched at most `rows` touches earlier (a bucket
  /// that straddles `rows` counts in proportion).
  double readsWithin(double rows) const;
  /// All reads of a row touched before in the call.
  uint64_t repeatedReads() const;
};

/// Follows the rows one thread of a kernel touches, in order, into `profile`
/// (plainWork and hagWork replay the kernels with it; bench/step_replay.cpp
/// replays the kernel's steps). Row ids: feature rows [0, N), result rows
/// [N, 2N), aggregation or scratch rows from 2N.
class ReuseCounter {
public:
  ReuseCounter(size_t rows, ReuseProfile &profile)
      : lastTouch_(rows, 0), profile_(profile) {}
  void read(size_t row);
  void write(size_t row) { touch(row); }

private:
  /// Marks `row` touched now; returns when it was touched before (0: never).
  uint64_t touch(size_t row);

  std::vector<uint64_t> lastTouch_;
  uint64_t clock_ = 0;
  ReuseProfile &profile_;
};

/// What an aggregation moves. Counts follow hag-paper.md section 3.
struct AggregationWork {
  /// Feature rows read: |E| plain, sum of |N^(v)| + 2|V_A| through a HAG.
  uint64_t rowsRead = 0;
  /// Rows written: |V| plain, |V| + |V_A| through a HAG.
  uint64_t rowsWritten = 0;
  /// Index entries read (4 bytes each; equals rowsRead) plus offsets.
  uint64_t indexBytes = 0;
  /// Levels of aggregation nodes (0 plain).
  uint64_t levels = 0;
  /// Loops over a list the kernel starts (each pays its bounds, setup and
  /// exit): one per row plain; through a HAG two per final row and per wide
  /// node (node rows, then input rows: the split lists of HagToSCF), none
  /// for a two-input node.
  uint64_t listLoops = 0;
  /// Of rowsWritten, the aggregation rows a tiled plan writes to a scratch
  /// buffer of its tile, which stays in the core's cache.
  uint64_t scratchRowsWritten = 0;
  /// Where the reads come from; only set by the overloads that see the
  /// graph or plan itself.
  ReuseProfile reuse;
  bool hasReuse = false;
};

/// The work of aggregating over `graph` directly.
AggregationWork plainWork(const HagMetrics &metrics);
/// The work of aggregating through the HAG the metrics describe.
AggregationWork hagWork(const HagMetrics &metrics);
/// plainWork with the reuse profile of the plain kernel's reads: nodes in
/// order, each reading its input rows and writing its result row.
AggregationWork plainWork(const Csr &graph);
/// hagWork of `hag` (in the form the kernels run) with the reuse profile of
/// the CPU kernels' order: a tiled plan tile by tile (its aggregation rows
/// into the tile's scratch rows, then its nodes), an untiled one level by
/// level, then every node.
AggregationWork hagWork(const Hag &hag);

/// The bytes and counts of `work` by where the model prices them, for rows
/// of `featureWidth` elements of `elementBytes` bytes under the cache sizes
/// of `c`; predictSeconds prices each at its rate and takes the larger of
/// the memory side and the rest (docs/CostModel.md, "Time").
struct CostTerms {
  double cacheBytes = 0;       // read or written where cacheBytes holds them
  double sharedCacheBytes = 0; // read or written in the last-level cache
  double memoryReadBytes = 0;  // read from memory (the gather rate)
  double memoryWriteBytes = 0; // written to memory (the write rate)
  double entries = 0;
  double loops = 0;
  double levels = 0;
  /// Rows read from the last-level cache and from memory.
  double sharedCacheReads = 0;
  double memoryReads = 0;
};
CostTerms costTerms(const AggregationWork &work, uint64_t featureWidth,
                    uint64_t elementBytes, const CostCoefficients &c);

/// The tile size (SearchOptions::tileNodes) plans for `target` get unless
/// told otherwise: 32 nodes on the CPU (tiles of 16 to 64 ran alike on
/// IMDB-MULTI, `hag-bench --tile-nodes=N`; larger ones slower, the whole
/// graph 2.3x slower than plain: docs/CpuBenchmark.md); 0 (untiled) on CUDA
/// for now.
uint32_t defaultTileNodes(CostTarget target);

/// The most inputs of one aggregation node (SearchOptions::maxInputs) that
/// set plans for `target` get unless told otherwise: 8 on the CPU, whose
/// kernels compute a wide node as one row (fewer rows written than with
/// pairs: on BZR_MD 1.06x -> 1.49x at d = 256, 1.84x -> 2.05x at d = 64,
/// docs/PlanShapeBenchmark.md); 2 on CUDA, whose kernels run pairs.
uint32_t defaultMaxInputs(CostTarget target);

/// `requested`, or defaultMaxInputs(target) for 0 (the options' "auto").
uint32_t resolveMaxInputs(uint32_t requested, CostTarget target);

/// Parses a tile-size option: "auto" (defaultTileNodes) or a node count.
Expected<uint32_t> parseTileNodes(const std::string &text, CostTarget target);

/// Predicted seconds for `work` with feature rows of `featureWidth` elements
/// of `elementBytes` bytes each.
double predictSeconds(const AggregationWork &work, uint64_t featureWidth,
                      uint64_t elementBytes, const CostCoefficients &c);

} // namespace hag

#endif // HAG_SEARCH_COSTFORMULAS_H
