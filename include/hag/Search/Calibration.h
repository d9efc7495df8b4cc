//===- Calibration.h - Measuring the cost model's coefficients -*- C++ -*-===//
//
// Measures the CPU coefficients of the cost model (CostFormulas.h) on the
// machine it runs on, with the loop shape hag's CPU kernels have: threads over
// rows, each row the sum of its input rows. Also reads and writes the
// coefficients file format of docs/CostModel.md.
//
//===----------------------------------------------------------------------===//
#ifndef HAG_SEARCH_CALIBRATION_H
#define HAG_SEARCH_CALIBRATION_H

#include "hag/Graph/Csr.h"
#include "hag/Graph/Status.h"
#include "hag/Search/CostFormulas.h"

#include <cstdint>
#include <string>

namespace hag {

/// How the calibration measures.
struct CalibrationOptions {
  /// Worker threads (0: all hardware threads).
  unsigned threads = 0;
  /// Feature width of the measured aggregation, in floats.
  unsigned featureWidth = 64;
  /// Timed repetitions per measurement; the median is kept.
  unsigned repeats = 7;
};

/// What was measured, besides the coefficients.
struct CalibrationReport {
  unsigned threads = 0;
  double aggregationSeconds = 0;
  double writeSeconds = 0;
  double levelSeconds = 0;
  double launchSeconds = 0;
};

/// The most worker threads calibrateCpu accepts: 4 per hardware thread.
/// More measure nothing a kernel runs, and thousands fail to start.
unsigned maxCalibrationThreads();

/// Bytes of the two numNodes x featureWidth float arrays calibrateCpu
/// measures with (saturated, hag/Graph/Memory.h).
uint64_t calibrationBytes(uint64_t numNodes, uint64_t featureWidth);

/// Measures the cpu coefficients by aggregating over `graph`. Fails before
/// measuring on more threads than maxCalibrationThreads() or than the system
/// starts, and on arrays larger than physical memory.
Expected<CostCoefficients> calibrateCpu(const Csr &graph,
                                        const CalibrationOptions &options,
                                        CalibrationReport &report);

/// Checks that writeCoefficients could write `path` (not a directory; its
/// folder takes the temporary file, created and removed again), so a tool
/// can refuse a bad output path before a long measurement. Leaves no file.
Status checkCoefficientsWritable(const std::string &path);

/// Writes `c` for `target` as a coefficients file (temporary file and
/// rename).
Status writeCoefficients(const std::string &path, CostTarget target,
                         const CostCoefficients &c, const std::string &comment);

/// Reads a coefficients file; the error names the file, line and reason.
Expected<CostCoefficients> readCoefficients(const std::string &path,
                                            CostTarget expectedTarget);

/// The coefficients a tool or pass option names: the file `path` (as
/// readCoefficients), or `target`'s defaults when `path` is empty.
Expected<CostCoefficients> coefficientsFor(const std::string &path,
                                           CostTarget target);

} // namespace hag

#endif // HAG_SEARCH_CALIBRATION_H
