//===- CostFormulas.cpp - Predicted time of an aggregation ----------------===//
//
// See CostFormulas.h and docs/CostModel.md for the formula and its units.
//
//===----------------------------------------------------------------------===//
#include "hag/Search/CostFormulas.h"

#include <charconv>

using namespace hag;

std::optional<CostTarget> hag::parseCostTarget(const std::string &name) {
  if (name == "cpu")
    return CostTarget::Cpu;
  if (name == "cuda")
    return CostTarget::Cuda;
  return std::nullopt;
}

bool hag::runsWideNodes(CostTarget target) { return target == CostTarget::Cpu; }

Hag hag::kernelForm(Hag hag, CostTarget target) {
  if (runsWideNodes(target) || hag.aggInputs.isBinary())
    return hag;
  return binarize(hag);
}

CostCoefficients hag::defaultCoefficients(CostTarget target) {
  switch (target) {
  case CostTarget::Cpu:
    // Two cores gathering 64-byte rows from DRAM: ~8 GB/s; an OpenMP barrier
    // or region start: a few microseconds.
    return {8e9, 8e9, 5e-6, 5e-6};
  case CostTarget::Cuda:
    // H100: device copies reach ~3.0 TB/s, gathers ~80% of that; a kernel
    // launch ~4 microseconds.
    return {2.4e12, 2.8e12, 4e-6, 4e-6};
  }
  return {8e9, 8e9, 5e-6, 5e-6};
}

uint32_t hag::defaultMaxInputs(CostTarget target) {
  return runsWideNodes(target) ? 8 : 2;
}

uint32_t hag::resolveMaxInputs(uint32_t requested, CostTarget target) {
  return requested ? requested : defaultMaxInputs(target);
}

uint32_t hag::defaultTileNodes(CostTarget target) {
  return target == CostTarget::Cpu ? 32 : 0;
}

Expected<uint32_t> hag::parseTileNodes(const std::string &text,
                                       CostTarget target) {
  if (text == "auto")
    return defaultTileNodes(target);
  uint32_t value = 0;
  auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size())
    return Status::error("tile size '" + text +
                         "' is not a node count (0 for no tiles) or 'auto'");
  return value;
}

AggregationWork hag::plainWork(const HagMetrics &m) {
  AggregationWork w;
  w.rowsRead = m.edgeReadsBefore;
  w.rowsWritten = m.nodes;
  w.indexBytes = 4 * m.edgeReadsBefore + 8 * (m.nodes + 1);
  w.levels = 0;
  return w;
}

AggregationWork hag::hagWork(const HagMetrics &m) {
  AggregationWork w;
  w.rowsRead = m.edgeReadsAfter;
  w.rowsWritten = m.nodes + m.aggNodes;
  // Lists over V u V_A plus two inputs per aggregation node, and offsets.
  w.indexBytes = 4 * m.edgeReadsAfter + 8 * (m.nodes + 1);
  // A tiled plan has no barrier between levels: every tile runs start to
  // end on one thread.
  w.levels = m.tiles ? 0 : m.levels;
  return w;
}

double hag::predictSeconds(const AggregationWork &w, uint64_t featureWidth,
                           uint64_t elementBytes, const CostCoefficients &c) {
  double rowBytes = double(featureWidth) * double(elementBytes);
  double readBytes = double(w.rowsRead) * rowBytes + double(w.indexBytes);
  double writeBytes = double(w.rowsWritten) * rowBytes;
  return c.secondsFixed + double(w.levels) * c.secondsPerLevel +
         readBytes / c.gatherBytesPerSecond +
         writeBytes / c.writeBytesPerSecond;
}
