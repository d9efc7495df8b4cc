//===- CostFormulas.cpp - Predicted time of an aggregation ----------------===//
//
// See CostFormulas.h and docs/CostModel.md for the formula and its units.
//
//===----------------------------------------------------------------------===//
#include "hag/Search/CostFormulas.h"

#include <algorithm>
#include <charconv>
#include <cmath>

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
  case CostTarget::Cpu: {
    // Fitted by bench/cost_model_fit.py on the project's machine (AMD EPYC,
    // 2 cores, 1 MB L2 per core, 32 MB L3; 2026-12-07, kernels whose threads
    // get equal work; docs/CostModelFit.md). The fit put memory's cost in the
    // per-read latency (the gathers are of scattered rows), so its byte rates
    // are the cache's.
    CostCoefficients c{3.4456e11, 3.4456e11, 5e-6, 0};
    c.cacheBytes = 1 << 20;
    c.cacheBytesPerSecond = 3.4456e11;
    c.sharedCacheBytes = 32 << 20;
    c.sharedCacheBytesPerSecond = 1.88149e11;
    c.secondsPerEntry = 3.51824e-11;
    c.secondsPerLoop = 2.67162e-10;
    c.secondsPerSharedCacheRead = 0;
    c.secondsPerMemoryRead = 4.34497e-8;
    return c;
  }
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
  w.listLoops = m.nodes;
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
  w.listLoops = 2 * m.nodes + 2 * m.aggNodes;
  w.scratchRowsWritten = m.tiles ? m.aggNodes : 0;
  return w;
}

double ReuseProfile::readsWithin(double rows) const {
  double within = 0;
  for (size_t k = 0; k < reads.size(); ++k) {
    double low = std::ldexp(1.0, int(k)), width = low;
    if (rows >= low + width - 1) {
      within += double(reads[k]);
    } else {
      if (rows >= low)
        within += double(reads[k]) * (rows - low + 1) / width;
      break;
    }
  }
  return within;
}

uint64_t ReuseProfile::repeatedReads() const {
  uint64_t total = 0;
  for (uint64_t count : reads)
    total += count;
  return total;
}

namespace {
/// floor(log2(x)) for x > 0.
unsigned floorLog2(uint64_t x) {
  unsigned k = 0;
  while (x >>= 1)
    ++k;
  return k;
}

} // namespace

void ReuseCounter::read(size_t row) {
  uint64_t last = touch(row);
  if (last == 0)
    ++profile_.firstReads;
  else
    ++profile_.reads[floorLog2(clock_ - last)];
}

uint64_t ReuseCounter::touch(size_t row) {
  uint64_t last = lastTouch_[row];
  lastTouch_[row] = ++clock_;
  if (last == 0)
    ++profile_.footprintRows;
  return last;
}

AggregationWork hag::plainWork(const Csr &graph) {
  AggregationWork w = plainWork(plainMetrics(graph));
  const size_t n = graph.numNodes;
  ReuseCounter counter(2 * n, w.reuse);
  for (NodeId v = 0; v < graph.numNodes; ++v) {
    for (NodeId u : graph.row(v))
      counter.read(u);
    counter.write(n + v);
  }
  w.hasReuse = true;
  return w;
}

AggregationWork hag::hagWork(const Hag &hag) {
  AggregationWork w = hagWork(computeMetrics(hag));
  const size_t n = hag.numNodes, numAggs = hag.numAggNodes();
  ReuseCounter counter(2 * n + numAggs, w.reuse);
  // Aggregation node k's row: its own slot in an untiled plan, its slot in
  // the tile's scratch rows (reused by every tile) in a tiled one.
  std::vector<size_t> slot(numAggs);
  for (size_t k = 0; k < numAggs; ++k)
    slot[k] = 2 * n + k;
  for (uint32_t t = 0; t < hag.numTiles(); ++t)
    for (uint32_t k = hag.tileAggBegin[t]; k < hag.tileAggBegin[t + 1]; ++k)
      slot[k] = 2 * n + (k - hag.tileAggBegin[t]);
  auto row = [&](NodeId id) { return id < n ? size_t(id) : slot[id - n]; };
  if (hag.aggInputs.isBinary())
    w.listLoops = 2 * n;
  auto aggregationRows = [&](size_t begin, size_t end) {
    for (size_t k = begin; k < end; ++k) {
      for (NodeId in : hag.aggInputs[k])
        counter.read(row(in));
      counter.write(slot[k]);
    }
  };
  auto nodeRows = [&](NodeId begin, NodeId end) {
    for (NodeId v = begin; v < end; ++v) {
      for (NodeId x : hag.list(v))
        counter.read(row(x));
      counter.write(n + v);
    }
  };
  if (hag.isTiled()) {
    for (uint32_t t = 0; t < hag.numTiles(); ++t) {
      aggregationRows(hag.tileAggBegin[t], hag.tileAggBegin[t + 1]);
      nodeRows(hag.tileNodeBegin[t], hag.tileNodeBegin[t + 1]);
    }
  } else {
    aggregationRows(0, numAggs);
    nodeRows(0, NodeId(n));
  }
  w.hasReuse = true;
  return w;
}

CostTerms hag::costTerms(const AggregationWork &w, uint64_t featureWidth,
                         uint64_t elementBytes, const CostCoefficients &c) {
  CostTerms t;
  const double rowBytes = double(featureWidth) * double(elementBytes);
  t.entries = double(w.rowsRead);
  t.loops = double(w.listLoops);
  t.levels = double(w.levels);
  if (!c.modelsCaches() || !w.hasReuse) {
    t.memoryReadBytes = double(w.rowsRead) * rowBytes + double(w.indexBytes);
    t.memoryWriteBytes = double(w.rowsWritten) * rowBytes;
    return t;
  }
  const ReuseProfile &r = w.reuse;
  // Everything a call touches stays in the last-level cache between calls
  // when it fits there; then even first reads and result writes hit it.
  const bool fits = double(r.footprintRows) * rowBytes + double(w.indexBytes) <=
                    c.sharedCacheBytes;
  const double repeated = double(r.repeatedReads());
  const double near = r.readsWithin(c.cacheBytes / rowBytes);
  const double shared =
      fits ? repeated
           : std::max(near, r.readsWithin(c.sharedCacheBytes / rowBytes));
  t.cacheBytes = (near + double(w.scratchRowsWritten)) * rowBytes;
  t.sharedCacheReads = shared - near;
  t.memoryReads = repeated - shared;
  const double results = double(w.rowsWritten - w.scratchRowsWritten);
  if (fits) {
    t.sharedCacheReads += double(r.firstReads);
    t.sharedCacheBytes = t.sharedCacheReads * rowBytes + double(w.indexBytes) +
                         results * rowBytes;
  } else {
    t.memoryReads += double(r.firstReads);
    t.sharedCacheBytes = t.sharedCacheReads * rowBytes;
    t.memoryReadBytes = t.memoryReads * rowBytes + double(w.indexBytes);
    t.memoryWriteBytes = results * rowBytes;
  }
  return t;
}

double hag::predictSeconds(const AggregationWork &w, uint64_t featureWidth,
                           uint64_t elementBytes, const CostCoefficients &c) {
  CostTerms t = costTerms(w, featureWidth, elementBytes, c);
  double memory = t.memoryReadBytes / c.gatherBytesPerSecond +
                  t.memoryWriteBytes / c.writeBytesPerSecond +
                  t.memoryReads * c.secondsPerMemoryRead;
  double core = t.entries * c.secondsPerEntry + t.loops * c.secondsPerLoop;
  if (c.modelsCaches())
    core += t.cacheBytes / c.cacheBytesPerSecond +
            t.sharedCacheBytes / c.sharedCacheBytesPerSecond +
            t.sharedCacheReads * c.secondsPerSharedCacheRead;
  // The cores work through cached rows while earlier misses are in flight:
  // a call takes as long as the slower of its memory traffic and its work
  // in the caches, not their sum (a kernel bound by memory gains nothing
  // from cache hits it no longer makes; docs/CostModel.md).
  return c.secondsFixed + t.levels * c.secondsPerLevel + std::max(memory, core);
}
