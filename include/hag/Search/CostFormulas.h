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

#include <cstdint>
#include <optional>
#include <string>

namespace hag {

/// The machines the cost model knows.
enum class CostTarget { Cpu, Cuda };

/// Parses "cpu" or "cuda".
std::optional<CostTarget> parseCostTarget(const std::string &name);

/// Coefficients of one target (units in the names). The defaults are
/// documented estimates for the project's machines (docs/CostModel.md) until
/// a calibration replaces them.
struct CostCoefficients {
  /// Sustained bandwidth of gathering feature rows, bytes per second.
  double gatherBytesPerSecond;
  /// Sustained bandwidth of writing result and intermediate rows.
  double writeBytesPerSecond;
  /// Cost of one level of aggregation nodes (barrier or launch), seconds.
  double secondsPerLevel;
  /// Fixed cost of the final aggregation (one launch or parallel region).
  double secondsFixed;
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
};

/// The work of aggregating over `graph` directly.
AggregationWork plainWork(const HagMetrics &metrics);
/// The work of aggregating through the HAG the metrics describe.
AggregationWork hagWork(const HagMetrics &metrics);

/// Predicted seconds for `work` with feature rows of `featureWidth` elements
/// of `elementBytes` bytes each.
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

double predictSeconds(const AggregationWork &work, uint64_t featureWidth,
                      uint64_t elementBytes, const CostCoefficients &c);

} // namespace hag

#endif // HAG_SEARCH_COSTFORMULAS_H
