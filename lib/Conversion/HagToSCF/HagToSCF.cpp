//===- HagToSCF.cpp - hag aggregations to parallel tensor loops -----------===//
//
// Lowers hag.aggregate and hag.plan_aggregate to scf.forall loops over nodes
// on tensors, vectorised over features. Preconditions (Conversion/Passes.td):
// the graph is a hag.graph_constant or hag.graph_from_tensors, the plan a
// hag.plan_constant; built-in reductions, or custom combiners of element-wise
// ops over f32 rows (applied lane by lane; a fold starts with its first
// input, so the order of sequential aggregations is kept). The kernel shape
// follows hag-paper.md section 5: aggregation-node rows level by level (each a
// two-input combine), then every node's list, with self-loop, mean and
// degree normalisation fused into the final loop. Rows accumulate in f32.
//
//===----------------------------------------------------------------------===//
#include "hag/Conversion/HagToSCF/HagToSCF.h"

#include "hag/Conversion/AggregationLowering.h"
#include "hag/Conversion/Passes.h"
#include "hag/Dialect/Hag/IR/HagData.h"
#include "hag/Dialect/Hag/IR/HagDialect.h"
#include "hag/Runtime/PlanRuntime.h"
#include "hag/Search/HagSearch.h"
#include "hag/Search/WorkPartition.h"

#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SparseTensor/IR/SparseTensor.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mlir {
namespace hag {
#define GEN_PASS_DEF_CONVERTHAGTOSCFPASS
#include "hag/Conversion/Passes.h.inc"
} // namespace hag
} // namespace mlir

using namespace mlir;
using namespace mlir::hag;

//===----------------------------------------------------------------------===//
// Utilities
//===----------------------------------------------------------------------===//

namespace {

/// Elements combined per vector operation when the width is dynamic or not a
/// multiple of 8; reads and writes past the row end are masked, so any
/// feature width works.
constexpr int64_t kVectorWidth = 8;
/// Widest block of a row kept in registers across a node's whole input list:
/// each gathered row is read in stretches of up to 64 bytes (the input loop
/// runs inside the block loop, so indices are re-read once per block).
/// Measured on BZR_MD: 16 floats is best at d = 16 and as good as 8 or 32 at
/// d = 64 and 256; 64 floats made LLVM spill and ran 20x slower.
constexpr int64_t kMaxBlockWidth = 16;

/// The block width for rows of `type`: the largest of 16 and 8 dividing a
/// static width, else 8 with masked tails; 16 for a dynamic width (its
/// full blocks go unmasked, four at a time: KernelEmitter::writeRow).
int64_t blockWidthFor(RankedTensorType type) {
  if (type.isDynamicDim(1))
    return kMaxBlockWidth;
  int64_t width = type.getDimSize(1);
  for (int64_t block = kMaxBlockWidth; block > kVectorWidth; block /= 2)
    if (width % block == 0)
      return block;
  return kVectorWidth;
}

/// A graph or plan list structure as tensors: row v is
/// indices[offsets[v] .. offsets[v+1]).
struct ListTensors {
  Value offsets; // tensor<?xi64>
  Value indices; // tensor<?xi32>
};

/// Everything the kernel emitter needs about one aggregation op.
struct AggregationSpec {
  Reduction reduction;
  Normalization normalization;
  bool selfLoops;
  Value features; // tensor<N x D x T>
  RankedTensorType type;
  ListTensors lists;
  /// Plan only: aggregation node inputs (tensor<A x 2 x i32>), the level
  /// boundaries, and each node's original degree (tensor<N x i64>).
  Value aggInputs;
  /// A plan of wide aggregation nodes only (tensor<A+1 x i64>): node k
  /// reads aggInputs[aggOffsets[k] .. aggOffsets[k+1]-1]. Without it node k
  /// reads elements 2k and 2k + 1.
  Value aggOffsets;
  SmallVector<int64_t> levels;
  Value degrees;
  /// Symmetric normalization of a constant graph or plan: deg(x)^-1/2 per
  /// node (tensor<N x f32>, inputScalesConstant), read per input entry
  /// instead of computed there. Computed per entry (two offset loads, a
  /// conversion and a square root), the normalized plain kernel ran 1.5x
  /// slower than the sparsifier's weighted product of the same graph at d =
  /// 16 (Cora, bench/raised_gcn_bench.py, 2026-12-07).
  Value inputScales;
  /// Constant plans of built-in reductions: every list (a node's final list,
  /// a wide aggregation node's inputs) holds its aggregation-row entries
  /// first, and the split (tensor<N x i64> for the final lists, tensor<A x
  /// i64> for aggOffsets' runs) is where its input-row entries begin. The
  /// kernel then reads each part in a loop of its own, without checking every
  /// entry for which kind of row it names.
  Value listSplits, aggSplits;
  /// A run-time plan's level boundaries (tensor<L+1 x i32>), instead of
  /// `levels`.
  Value levelsTensor;
  /// Tiled plans only: tile t holds nodes tileNodes[t] .. tileNodes[t+1]-1
  /// and aggregation nodes tileAggs[t] .. tileAggs[t+1]-1 (tensor<T+1 x
  /// i32> each); aggregation ids in aggInputs and the lists are local to
  /// their tile (N + index within the tile), naming rows of the tile's
  /// scratch buffer of maxTileAggNodes rows.
  Value tileNodes, tileAggs;
  int64_t numTiles = 0;
  int64_t maxTileAggNodes = 0;
  /// A tiled plan built at run time (hag.plan_from_tensors with tiles): its
  /// ids stay global (N + k), the tile count and scratch size are read from
  /// tileNodes and tileAggs, and each tile's first aggregation node is
  /// subtracted when a row of the scratch buffer is read.
  bool globalTileIds = false;
  /// Bounds of the parts of the parallel loop (hag::balancedBounds; rows for
  /// the whole-graph kernel, tiles for a tiled plan), known at compile time
  /// for a constant graph or plan; empty when the graph or plan comes at run
  /// time (the kernel then reads partBoundsValue or searches its own).
  std::vector<int64_t> partBounds;
  /// The same bounds passed at run time (hag.plan_from_tensors part_bounds),
  /// for a plan whose bounds its builder found (the plan runtime's).
  Value partBoundsValue;
  /// Custom reductions: the scalar combiner region, applied lane-wise.
  Region *combiner = nullptr;
  /// An element-wise linalg.generic consuming the aggregate (bias, ReLU,
  /// a residual, ...), fused into the final loop; see findEpilogue.
  linalg::GenericOp epilogue;
  /// Which input of the epilogue is the aggregate.
  unsigned epilogueInput = 0;
  /// The kernel shape's options (steps).
  KernelShapeOptions shape;
};

/// Rows are handled as blocks of vectors, one value per block.
using Blocks = SmallVector<Value, 4>;

/// Most blocks of a static row processed together (16 x 16 floats = 256
/// floats; wider rows go block by block). Going block by block over rows of
/// 1 KB maps the gathered lines of one block to a few cache sets: on
/// email-Enron at d = 256 the HAG kernel took 204 ms that way and 64 ms with
/// all 16 blocks together (the accumulators spill to the stack, which stays
/// in L1).
constexpr int64_t kMaxUnrolledBlocks = 16;

/// Nodes per step of a tile at wide rows (emitTileInSteps): the search's
/// groups (::hag::kDemandGroupNodes). The widths run in steps are options
/// (KernelShapeOptions): by default 256 to 512. At d = 256 a tile's
/// aggregation rows and the graph rows they read outgrow the 32 KB L1 (32
/// nodes and about 34 aggregation rows of 1 KB); computed all before the
/// tile's nodes, most are read back from L2. In steps of 4 nodes the
/// generated kernel ran BZR_MD 9% faster at d = 256 (steps of 8: 5%, 16:
/// 3%) and IMDB-MULTI 0-3% faster at d = 256 and 512. Narrower rows fit
/// (d = 128: BZR_MD 2-4% slower in steps); much wider ones outgrow L1 even
/// in steps (d = 768: no gain, d = 1024: BZR_MD up to 5% slower).
/// docs/CpuPerformance.md, "Steps".
constexpr int64_t kStepNodes = ::hag::kDemandGroupNodes;

/// The emitter of one aggregation kernel.
class KernelEmitter {
public:
  KernelEmitter(ImplicitLocOpBuilder &b, const AggregationSpec &spec)
      : b(b), spec(spec), f32(b.getF32Type()),
        blockWidth(blockWidthFor(spec.type)),
        vecType(VectorType::get({blockWidth}, f32)) {}

  /// Emits the kernel and returns the result tensor.
  Value emit();

  /// The module the kernel is emitted into (for its scratch buffer).
  ModuleOp module;

private:
  Value index(int64_t value) {
    return arith::ConstantIndexOp::create(b, value);
  }
  Value f32Const(double value) {
    return arith::ConstantOp::create(b, b.getF32FloatAttr(float(value)));
  }
  Value splat(double value) {
    return vector::BroadcastOp::create(b, vecType, f32Const(value));
  }
  /// Element `i` of a 1-D integer tensor, as an index.
  Value extractIndex(Value tensor, Value i) {
    Value element = tensor::ExtractOp::create(b, tensor, ValueRange{i});
    return arith::IndexCastOp::create(b, b.getIndexType(), element);
  }
  /// Whether the tail of a row needs masking.
  bool rowsInBounds() const {
    return !spec.type.isDynamicDim(1) &&
           spec.type.getDimSize(1) % blockWidth == 0;
  }
  /// Whether the blocks being emitted lie inside the row: all of them when
  /// rowsInBounds, else those of writeRow's unmasked passes.
  bool blocksInBounds() const { return inFullBlocks || rowsInBounds(); }
  bool inFullBlocks = false;
  /// Reads elements [c, c + 8) of row `row` of `tensor` as f32.
  Value readRow(Value tensor, Value row, Value c) {
    auto elementType =
        cast<RankedTensorType>(tensor.getType()).getElementType();
    auto readType = VectorType::get({blockWidth}, elementType);
    Value pad = arith::ConstantOp::create(b, b.getZeroAttr(elementType));
    SmallVector<bool> inBounds = {blocksInBounds()};
    Value read = vector::TransferReadOp::create(
        b, readType, tensor, ValueRange{row, c}, pad, inBounds);
    if (elementType != f32)
      read = arith::ExtFOp::create(b, vecType, read);
    return read;
  }
  Value combine(Value acc, Value next) {
    // A pre-scaled input row (symmetric normalization) is summed with one
    // fused multiply-add rather than a multiply and an add: the sparsifier's
    // weighted product does the same, and at d = 16 the add was a third of
    // an entry's instructions.
    if (spec.reduction == Reduction::Sum)
      if (auto scaled = next.getDefiningOp<arith::MulFOp>();
          scaled && preScaledRows.contains(scaled) && scaled->use_empty()) {
        Value fused =
            vector::FMAOp::create(b, scaled.getLhs(), scaled.getRhs(), acc);
        preScaledRows.erase(scaled);
        scaled->erase();
        return fused;
      }
    return combineLanes(b, b.getLoc(), spec.reduction, spec.combiner, acc, next,
                        blockWidth);
  }
  /// The multiplies preScaled made, which combine may fuse into its sum.
  llvm::SmallPtrSet<Operation *, 8> preScaledRows;
  /// `body` applied lane by lane to the blocks `args` (AggregationLowering.h).
  Value applyLaneWise(Block &body, ArrayRef<Value> args) {
    return mlir::hag::applyLaneWise(b, b.getLoc(), body, args, blockWidth);
  }
  /// The epilogue's body applied to block `c` of node v's aggregate `acc`.
  Value applyEpilogue(Value acc, Value v, Value c);
  double identity() const { return reductionIdentity(spec.reduction); }
  /// deg(v) as used by normalisation and mean: the original input count,
  /// plus one with self-loops.
  Value degree(Value v);
  /// Symmetric normalisation scales every input row u by deg(u)^-1/2.
  Value preScaled(Value row, Value u) {
    if (spec.normalization != Normalization::Symmetric)
      return row;
    Value scaled = scaleBy(row, inputScale(u));
    preScaledRows.insert(scaled.getDefiningOp());
    return scaled;
  }
  /// The input scales preScaled reads: spec.inputScales for a constant graph
  /// or plan, else computeInputScales' (symmetric normalization only).
  Value scales;
  /// deg(x)^-1/2 of every node x, computed once per call for a graph or plan
  /// that comes at run time (tensor<N x f32>).
  Value computeInputScales();
  /// deg(v)^-1/2 for symmetric normalization: read from `scales` when
  /// there are any, else computed.
  Value inputScale(Value v) {
    return scales ? Value(tensor::ExtractOp::create(b, scales, v))
                  : rsqrtDegree(v);
  }
  /// deg(v)^-1/2, and 0 for deg(v) = 0 (docs/HagSpec.md: a node without
  /// inputs contributes nothing, instead of an infinity).
  Value rsqrtDegree(Value v) { return rsqrtOfDegree(b, b.getLoc(), degree(v)); }
  Value scaleBy(Value row, Value scalar) {
    return arith::MulFOp::create(
        b, row, vector::BroadcastOp::create(b, vecType, scalar));
  }
  Value aggregationRows();
  /// The row of aggregation node k (inputs 2k and 2k + 1 of aggInputs, or
  /// its run of aggOffsets), reading aggregation rows from `agg`.
  Blocks aggregationRow(Value k, ArrayRef<Value> cs, Value agg);
  /// The final row of node v: its list combined, with self-loop and
  /// normalisation fused in.
  Blocks finalRow(Value v, ArrayRef<Value> cs, Value agg);
  /// Writes row `row` of `dest` as `body(cs, latest)`: all blocks of a
  /// static row in one step, else a loop over blocks. `latest` is `dest` as
  /// updated so far (other rows of it may be read from there). Returns the
  /// updated tensor.
  Value writeRow(Value dest, Value row,
                 function_ref<Blocks(ArrayRef<Value>, Value)> body);
  /// The whole-graph kernel: aggregation levels, then the final loop.
  Value emitLevels();
  /// The final row of every node into a new result tensor, in parallel over
  /// parts of equal work (hag::balancedBounds), each part's rows in order.
  Value emitFinalRows(Value agg);
  /// Bound `p` of `parts` parts of items [0, count) of equal work (see
  /// hag::balancedBounds): read from partBoundsTensor when known; else, for a
  /// run-time graph of kSearchedPartsMinNodes nodes or more, searched in
  /// `workAt` (the work before item k, non-decreasing; `total` is
  /// workAt(count)), and below that p * count / parts.
  Value partBound(Value p, Value parts, Value count, Value total,
                  function_ref<Value(Value)> workAt);
  /// The bounds when known: spec.partBoundsValue, or spec.partBounds as a
  /// constant tensor.
  Value partBoundsTensor;
  void createPartBoundsTensor() {
    if (spec.partBoundsValue)
      partBoundsTensor = spec.partBoundsValue;
    else if (!spec.partBounds.empty())
      partBoundsTensor = arith::ConstantOp::create(
          b, DenseIntElementsAttr::get(
                 RankedTensorType::get({int64_t(spec.partBounds.size())},
                                       b.getI64Type()),
                 ArrayRef<int64_t>(spec.partBounds)));
  }
  /// Parts of the parallel loop over `count` items: those of the known
  /// bounds (spec.partBounds, spec.partBoundsValue); else kParallelParts, or
  /// kSearchedParts when they are searched (each bound is a binary search of
  /// dependent loads: 2 x 64 of them cost IMDB-MULTI's plain call about 9 us
  /// of its 130), or `count` when fewer. For a run-time graph or plan it also
  /// decides whether the bounds are searched (partsSearched).
  OpFoldResult numParts(Value count) {
    if (!spec.partBounds.empty())
      return b.getIndexAttr(int64_t(spec.partBounds.size()) - 1);
    if (spec.partBoundsValue)
      return arith::SubIOp::create(
                 b, tensor::DimOp::create(b, spec.partBoundsValue, 0), index(1))
          .getResult();
    partsSearched = arith::CmpIOp::create(
        b, arith::CmpIPredicate::uge, numNodes, index(kSearchedPartsMinNodes));
    Value most = arith::SelectOp::create(
        b, partsSearched, index(kSearchedParts), index(::hag::kParallelParts));
    return arith::MinUIOp::create(b, count, most).getResult();
  }
  static constexpr int64_t kSearchedParts = 16;
  /// Whether the parts of a run-time graph or plan are of equal work (a
  /// binary search per part bound) rather than of equal row counts: below
  /// kSearchedPartsMinNodes nodes the searches would cost more than the
  /// imbalance they remove.
  Value partsSearched;
  static constexpr int64_t kSearchedPartsMinNodes = 16384;
  /// emitLevels for a run-time plan: a loop over its levels.
  Value emitRunTimeLevels();
  /// The tiled kernel (spec.tileNodes set): see its definition.
  Value emitTiles();
  /// Whether a tile's nodes run in steps (emitTileInSteps): rows of a
  /// static width in the range of spec.shape.
  bool runsInSteps() const {
    return !spec.type.isDynamicDim(1) &&
           spec.type.getDimSize(1) >= spec.shape.stepMinWidth &&
           spec.type.getDimSize(1) <= spec.shape.stepMaxWidth;
  }
  /// Tile t of a chunk (its first aggregation node a0, the chunk's first node
  /// n0; `carried` = the chunk's result rows and scratch rows so far): all
  /// its aggregation rows, then its nodes. Returns the two updated.
  std::pair<Value, Value> emitTileAtOnce(Value t, Value a0, Value n0,
                                         ValueRange carried);
  /// The same in steps of nodes: see its definition.
  std::pair<Value, Value> emitTileInSteps(Value t, Value a0, Value n0,
                                          ValueRange carried);
  /// One past the largest aggregation node (an index into aggInputs) that
  /// the lists of nodes [first, last) read, and at least `bound`.
  Value aggregationsReadBy(Value first, Value last, Value a0, Value bound);
  /// Reads the blocks at offsets `cs` of row `id` of V u V_A: an input row
  /// (pre-scaled) or an aggregation node row of `agg`.
  Blocks readNode(Value id, ArrayRef<Value> cs, Value agg);
  /// The blocks at offsets `cs` of input row `id`, pre-scaled.
  Blocks readInput(Value id, ArrayRef<Value> cs);
  /// The blocks at offsets `cs` of aggregation row `id` (numbered from N).
  Blocks readAggregation(Value id, ArrayRef<Value> cs, Value agg);
  /// The first aggregation node of the tile being emitted, when the plan's
  /// ids are global (AggregationSpec::globalTileIds).
  Value tileAggBase;
  /// `init` combined with the rows that entries [begin, end) of `indices`
  /// name, each read by `read` (from its id).
  Blocks foldEntries(Value indices, Value begin, Value end, Blocks init,
                     function_ref<Blocks(Value)> read);
  /// `init` combined with the rows named by final-list entries [begin, end),
  /// each checked for which kind of row it names; a custom combiner's fold
  /// starts with the first row itself (it has no identity).
  Blocks foldList(Value begin, Value end, Blocks init, ArrayRef<Value> cs,
                  Value agg);
  /// `init` combined with the rows named by entries [begin, end) of a split
  /// list (see AggregationSpec::listSplits): aggregation rows up to `split`,
  /// input rows after it.
  Blocks foldSplitList(Value indices, Value begin, Value split, Value end,
                       Blocks init, ArrayRef<Value> cs, Value agg) {
    Blocks fromAggregations =
        foldEntries(indices, begin, split, std::move(init),
                    [&](Value id) { return readAggregation(id, cs, agg); });
    return foldEntries(indices, split, end, std::move(fromAggregations),
                       [&](Value id) { return readInput(id, cs); });
  }
  /// Emits scf.forall over [lb, ub) with `dest` as its shared output:
  /// iteration i owns the rows `rows(i)` = (first, count) of it and returns
  /// them as `body(i, slice, out)`, from their slice; `out` is the loop's
  /// view of all of `dest` (other rows may be read from it).
  Value
  emitForallOverRows(Value dest, OpFoldResult lb, OpFoldResult ub,
                     function_ref<std::pair<Value, OpFoldResult>(Value)> rows,
                     function_ref<Value(Value, Value, Value)> body);
  /// A parallel loop writing row r of `dest` for r in [lb, ub) as
  /// `body(r, cs, out)`, `out` being the loop's view of `dest`. A static row
  /// is done in one step, all its blocks at once (each gathered row is read
  /// once, its index once); a dynamic one block at a time.
  Value
  emitRowsInParallel(Value dest, OpFoldResult lb, Value ub,
                     function_ref<Blocks(Value, ArrayRef<Value>, Value)> body) {
    return emitForallOverRows(
        dest, lb, ub,
        [&](Value r) -> std::pair<Value, OpFoldResult> {
          return {r, b.getIndexAttr(1)};
        },
        [&](Value r, Value row, Value out) {
          return writeRow(row, index(0), [&](ArrayRef<Value> cs, Value) {
            return body(r, cs, out);
          });
        });
  }
  /// One level of aggregation rows [lb, ub) of `dest`, each reading rows of
  /// earlier levels from the loop's view of `dest`. A static row is written
  /// by emitRowsInParallel, all blocks at once. A dynamic one goes block by
  /// block outside the parallel loop, one block per row and loop: with the
  /// block loop inside, bufferization saw each row's writes interleaved with
  /// reads of the buffer it writes and gave every row a buffer of its own,
  /// allocated and copied per row (the whole-graph kernel at a dynamic
  /// width ran 40x slower than at a static one).
  Value emitAggregationLevel(Value dest, OpFoldResult lb, Value ub);
  /// A sequential loop writing row r - base of `dest` for r in [lb, ub) as
  /// `body(r, cs, latest)`, `latest` being `dest` as written so far.
  Value
  emitRowsInOrder(Value dest, Value lb, Value ub, Value base,
                  function_ref<Blocks(Value, ArrayRef<Value>, Value)> body);
  /// Number of blocks a static row is split into, or 0 (dynamic width or
  /// more than kMaxUnrolledBlocks blocks): then one block per step.
  int64_t unrolledBlocks() const {
    if (spec.type.isDynamicDim(1) || !rowsInBounds())
      return 0;
    int64_t blocks = spec.type.getDimSize(1) / blockWidth;
    return blocks <= kMaxUnrolledBlocks ? blocks : 0;
  }

  ImplicitLocOpBuilder &b;
  const AggregationSpec &spec;
  Type f32;
  int64_t blockWidth;
  VectorType vecType;
  Value numNodes, width;
  OpFoldResult widthSize;
  /// The result's sizes, static where the features' are.
  SmallVector<OpFoldResult> resultShape;
};

Value KernelEmitter::degree(Value v) {
  Value d;
  if (spec.degrees) {
    d = extractIndex(spec.degrees, v);
  } else {
    Value next = arith::AddIOp::create(b, v, index(1));
    d = arith::SubIOp::create(b, extractIndex(spec.lists.offsets, next),
                              extractIndex(spec.lists.offsets, v));
  }
  if (spec.selfLoops)
    d = arith::AddIOp::create(b, d, index(1));
  return d;
}

Blocks KernelEmitter::readInput(Value id, ArrayRef<Value> cs) {
  Blocks rows;
  for (Value c : cs)
    rows.push_back(preScaled(readRow(spec.features, id, c), id));
  return rows;
}

Blocks KernelEmitter::readAggregation(Value id, ArrayRef<Value> cs, Value agg) {
  Value aggRow = arith::SubIOp::create(b, id, numNodes);
  if (tileAggBase)
    aggRow = arith::SubIOp::create(b, aggRow, tileAggBase);
  Blocks rows;
  for (Value c : cs)
    rows.push_back(readRow(agg, aggRow, c));
  return rows;
}

Blocks KernelEmitter::readNode(Value id, ArrayRef<Value> cs, Value agg) {
  if (!agg)
    return readInput(id, cs);
  Value isInput =
      arith::CmpIOp::create(b, arith::CmpIPredicate::ult, id, numNodes);
  SmallVector<Type> types(cs.size(), vecType);
  auto branch = scf::IfOp::create(b, types, isInput, /*withElseRegion=*/true);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(branch.thenBlock());
    scf::YieldOp::create(b, readInput(id, cs));
    b.setInsertionPointToStart(branch.elseBlock());
    scf::YieldOp::create(b, readAggregation(id, cs, agg));
  }
  return Blocks(branch.getResults().begin(), branch.getResults().end());
}

Blocks KernelEmitter::foldEntries(Value indices, Value begin, Value end,
                                  Blocks init,
                                  function_ref<Blocks(Value)> read) {
  auto loop = scf::ForOp::create(b, begin, end, index(1), init);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(loop.getBody());
  Blocks rows = read(extractIndex(indices, loop.getInductionVar()));
  Blocks next;
  for (auto [acc, row] : llvm::zip(loop.getRegionIterArgs(), rows))
    next.push_back(combine(acc, row));
  scf::YieldOp::create(b, next);
  return Blocks(loop.getResults().begin(), loop.getResults().end());
}

Value KernelEmitter::writeRow(
    Value dest, Value row, function_ref<Blocks(ArrayRef<Value>, Value)> body) {
  auto destType = cast<RankedTensorType>(dest.getType());
  // Writes the blocks at offsets `cs` into row `row` of `tensor`, narrowing
  // to the element type.
  auto writeBlocks = [&](ArrayRef<Value> cs, const Blocks &values,
                         Value tensor) {
    Type elementType = destType.getElementType();
    SmallVector<bool> inBounds = {blocksInBounds()};
    for (auto [c, block] : llvm::zip(cs, values)) {
      Value value = block;
      if (elementType != f32)
        value = arith::TruncFOp::create(
            b, VectorType::get({blockWidth}, elementType), value);
      tensor = vector::TransferWriteOp::create(b, value, tensor,
                                               ValueRange{row, c}, inBounds)
                   .getResult();
    }
    return tensor;
  };
  if (int64_t blocks = unrolledBlocks()) {
    Blocks cs;
    for (int64_t k = 0; k < blocks; ++k)
      cs.push_back(index(k * blockWidth));
    return writeBlocks(cs, body(cs, dest), dest);
  }
  // A row of unknown or ragged width: passes of kBlocksPerPass full blocks,
  // unmasked (each gathered row read in stretches of 256 bytes, its index
  // once per pass), then the full blocks left (at most one pass of two and
  // one of one), unmasked too, then a masked block for a ragged end. One
  // masked block per step read every index once per 32 bytes of row and ran
  // the plain kernel at d = 64 2x slower than its static-width form. With
  // the full blocks left masked too (until 2026-12-07), d = 16 and 32, whose
  // rows have no pass of four, ran every entry masked: the plain kernel took
  // 1.21-1.28x its static-width time at d = 16 on BZR_MD and IMDB-MULTI.
  constexpr int64_t kBlocksPerPass = 4;
  // Steps of `blocks` blocks over columns [lo, hi), unmasked unless
  // `masked`; returns the updated `dest`.
  auto passesOf = [&](int64_t blocks, Value lo, Value hi, bool masked,
                      Value into) {
    auto passes = scf::ForOp::create(b, lo, hi, index(blocks * blockWidth),
                                     ValueRange{into});
    OpBuilder::InsertionGuard inner(b);
    b.setInsertionPointToStart(passes.getBody());
    Value c = passes.getInductionVar();
    Blocks cs;
    for (int64_t k = 0; k < blocks; ++k)
      cs.push_back(
          k == 0 ? c
                 : Value(arith::AddIOp::create(b, c, index(k * blockWidth))));
    Value latest = passes.getRegionIterArgs()[0];
    inFullBlocks = !masked;
    Value written = writeBlocks(cs, body(cs, latest), latest);
    inFullBlocks = false;
    scf::YieldOp::create(b, written);
    return passes.getResult(0);
  };
  // The end of the columns [from, ...) that steps of `step` columns cover
  // up to `limit`.
  auto coveredEnd = [&](Value from, Value limit, int64_t step) -> Value {
    Value span = arith::SubIOp::create(b, limit, from);
    return arith::AddIOp::create(
        b, from,
        arith::MulIOp::create(b, arith::DivUIOp::create(b, span, index(step)),
                              index(step)));
  };
  Value fullBlocks = coveredEnd(index(0), width, blockWidth);
  Value quads = coveredEnd(index(0), width, kBlocksPerPass * blockWidth);
  Value pairs = coveredEnd(quads, fullBlocks, 2 * blockWidth);
  Value written = passesOf(kBlocksPerPass, index(0), quads, false, dest);
  written = passesOf(2, quads, pairs, false, written);
  written = passesOf(1, pairs, fullBlocks, false, written);
  return passesOf(1, fullBlocks, width, true, written);
}

Value KernelEmitter::emitForallOverRows(
    Value dest, OpFoldResult lb, OpFoldResult ub,
    function_ref<std::pair<Value, OpFoldResult>(Value)> rows,
    function_ref<Value(Value, Value, Value)> body) {
  auto forall = scf::ForallOp::create(b, ArrayRef<OpFoldResult>{lb},
                                      ArrayRef<OpFoldResult>{ub},
                                      ArrayRef<OpFoldResult>{b.getIndexAttr(1)},
                                      ValueRange{dest}, std::nullopt);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(forall.getBody());
  Value i = forall.getInductionVar(0);
  Value out = forall.getRegionIterArgs()[0];
  auto [first, count] = rows(i);
  SmallVector<OpFoldResult> offsets = {first, b.getIndexAttr(0)};
  SmallVector<OpFoldResult> sizes = {count, widthSize};
  SmallVector<OpFoldResult> strides = {b.getIndexAttr(1), b.getIndexAttr(1)};
  Value slice = tensor::ExtractSliceOp::create(b, out, offsets, sizes, strides);
  Value written = body(i, slice, out);
  b.setInsertionPointToStart(forall.getTerminator().getBody());
  tensor::ParallelInsertSliceOp::create(b, written, out, offsets, sizes,
                                        strides);
  return forall.getResult(0);
}

Value KernelEmitter::emitRowsInOrder(
    Value dest, Value lb, Value ub, Value base,
    function_ref<Blocks(Value, ArrayRef<Value>, Value)> body) {
  auto loop = scf::ForOp::create(b, lb, ub, index(1), ValueRange{dest});
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(loop.getBody());
  Value r = loop.getInductionVar();
  Value slot = arith::SubIOp::create(b, r, base);
  scf::YieldOp::create(b, writeRow(loop.getRegionIterArgs()[0], slot,
                                   [&](ArrayRef<Value> cs, Value latest) {
                                     return body(r, cs, latest);
                                   }));
  return loop.getResult(0);
}

Value KernelEmitter::emitAggregationLevel(Value dest, OpFoldResult lb,
                                          Value ub) {
  auto body = [&](Value k, ArrayRef<Value> cs, Value current) {
    return aggregationRow(k, cs, current);
  };
  if (unrolledBlocks())
    return emitRowsInParallel(dest, lb, ub, body);
  auto blocks = scf::ForOp::create(b, index(0), width, index(blockWidth),
                                   ValueRange{dest});
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(blocks.getBody());
  Value c = blocks.getInductionVar();
  Value level = emitForallOverRows(
      blocks.getRegionIterArgs()[0], lb, ub,
      [&](Value r) -> std::pair<Value, OpFoldResult> {
        return {r, b.getIndexAttr(1)};
      },
      [&](Value k, Value row, Value out) {
        Blocks values = body(k, {c}, out);
        SmallVector<bool> inBounds = {blocksInBounds()};
        return vector::TransferWriteOp::create(
                   b, values[0], row, ValueRange{index(0), c}, inBounds)
            .getResult();
      });
  scf::YieldOp::create(b, level);
  return blocks.getResult(0);
}

/// The tensor the aggregation-node rows are written to. With a static width
/// it lives in a module-level buffer, so a call neither allocates nor
/// page-faults a fresh buffer (on a 5M-edge graph that cost more than the
/// aggregation); the price is that the kernel is not reentrant. A dynamic
/// width allocates per call.
Value KernelEmitter::aggregationRows() {
  int64_t rows = spec.levels.back();
  if (spec.type.isDynamicDim(1) || !module)
    return tensor::EmptyOp::create(
        b, ArrayRef<OpFoldResult>{b.getIndexAttr(rows), widthSize}, f32);
  auto type = MemRefType::get({rows, spec.type.getDimSize(1)}, f32);
  // Built detached, then inserted by the symbol table, which makes the name
  // unique among the module's symbols (one buffer per aggregation).
  OpBuilder detached(b.getContext());
  auto global = memref::GlobalOp::create(
      detached, b.getLoc(), b.getStringAttr("hag_aggregation_rows"),
      b.getStringAttr("private"), type, /*initial_value=*/Attribute(),
      /*constant=*/false, /*alignment=*/b.getI64IntegerAttr(64));
  SymbolTable(module).insert(global, module.getBody()->begin());
  std::string name = global.getSymName().str();
  Value buffer = memref::GetGlobalOp::create(b, type, name);
  return bufferization::ToTensorOp::create(
      b, RankedTensorType::get(type.getShape(), f32), buffer,
      /*restrict=*/b.getUnitAttr(), /*writable=*/b.getUnitAttr());
}

Blocks KernelEmitter::aggregationRow(Value k, ArrayRef<Value> cs, Value agg) {
  if (!spec.aggOffsets) {
    // Inputs of node k are elements 2k and 2k + 1.
    Value first = arith::MulIOp::create(b, k, index(2));
    Value second = arith::AddIOp::create(b, first, index(1));
    Blocks left = readNode(extractIndex(spec.aggInputs, first), cs, agg);
    Blocks right = readNode(extractIndex(spec.aggInputs, second), cs, agg);
    Blocks rows;
    for (auto [l, r] : llvm::zip(left, right))
      rows.push_back(combine(l, r));
    return rows;
  }
  // A wide node: one row written for all of its inputs, where the two-input
  // form writes one per pair.
  Value begin = extractIndex(spec.aggOffsets, k);
  Value end =
      extractIndex(spec.aggOffsets, arith::AddIOp::create(b, k, index(1)));
  if (spec.aggSplits)
    return foldSplitList(spec.aggInputs, begin, extractIndex(spec.aggSplits, k),
                         end, Blocks(cs.size(), splat(identity())), cs, agg);
  // Its first input, then the others folded in, in order (a sequential
  // combiner sees them as the search grouped them).
  Blocks first = readNode(extractIndex(spec.aggInputs, begin), cs, agg);
  auto rest = scf::ForOp::create(b, arith::AddIOp::create(b, begin, index(1)),
                                 end, index(1), first);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(rest.getBody());
    Blocks rows =
        readNode(extractIndex(spec.aggInputs, rest.getInductionVar()), cs, agg);
    Blocks next;
    for (auto [acc, row] : llvm::zip(rest.getRegionIterArgs(), rows))
      next.push_back(combine(acc, row));
    scf::YieldOp::create(b, next);
  }
  return Blocks(rest.getResults().begin(), rest.getResults().end());
}

Value KernelEmitter::applyEpilogue(Value acc, Value v, Value c) {
  linalg::GenericOp generic = spec.epilogue;
  SmallVector<Value> args;
  for (OpOperand *input : generic.getDpsInputOperands()) {
    unsigned i = input->getOperandNumber();
    if (i == spec.epilogueInput) {
      args.push_back(acc);
      continue;
    }
    // findEpilogue admitted four shapes of operand: a row per node (i, j),
    // one row for all nodes (j), a value per node (i), one value ().
    Value operand = input->get();
    AffineMap map = generic.getMatchingIndexingMap(input);
    if (map.getNumResults() == 2) {
      args.push_back(readRow(operand, v, c));
    } else if (map.getNumResults() == 1 && map.getDimPosition(0) == 1) {
      SmallVector<bool> inBounds = {blocksInBounds()};
      Value pad = f32Const(0.0);
      args.push_back(vector::TransferReadOp::create(
          b, vecType, operand, ValueRange{c}, pad, inBounds));
    } else {
      SmallVector<Value> at;
      if (map.getNumResults() == 1)
        at.push_back(v);
      Value scalar = tensor::ExtractOp::create(b, operand, at);
      args.push_back(vector::BroadcastOp::create(b, vecType, scalar));
    }
  }
  return applyLaneWise(*generic.getBlock(), args);
}

Blocks KernelEmitter::foldList(Value begin, Value end, Blocks init,
                               ArrayRef<Value> cs, Value agg) {
  auto inputs = scf::ForOp::create(b, begin, end, index(1), init);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(inputs.getBody());
  Value e = inputs.getInductionVar();
  Blocks rows = readNode(extractIndex(spec.lists.indices, e), cs, agg);
  Value isFirst =
      spec.combiner
          ? arith::CmpIOp::create(b, arith::CmpIPredicate::eq, e, begin)
          : Value();
  Blocks next;
  for (auto [acc, row] : llvm::zip(inputs.getRegionIterArgs(), rows)) {
    Value combined = combine(acc, row);
    if (isFirst)
      combined = arith::SelectOp::create(b, isFirst, row, combined);
    next.push_back(combined);
  }
  scf::YieldOp::create(b, next);
  return Blocks(inputs.getResults().begin(), inputs.getResults().end());
}

Blocks KernelEmitter::finalRow(Value v, ArrayRef<Value> cs, Value agg) {
  Value start = extractIndex(spec.lists.offsets, v);
  Value end =
      extractIndex(spec.lists.offsets, arith::AddIOp::create(b, v, index(1)));
  Blocks identities(cs.size(), splat(identity()));
  Blocks accs = spec.listSplits && agg
                    ? foldSplitList(spec.lists.indices, start,
                                    extractIndex(spec.listSplits, v), end,
                                    identities, cs, agg)
                    : foldList(start, end, identities, cs, agg);
  Value noInputs =
      arith::CmpIOp::create(b, arith::CmpIPredicate::eq, start, end);
  // A node's list is empty exactly when it has no inputs (a plan's list
  // covers them), so emptiness needs no degree; a self-loop makes every
  // node an input of its own.
  const bool dividesByDegree = spec.reduction == Reduction::Mean ||
                               spec.normalization != Normalization::None;
  Value deg = dividesByDegree && !scales ? degree(v) : Value();
  for (auto [block, c] : llvm::zip(accs, cs)) {
    Value &acc = block;
    if (spec.selfLoops) {
      Value own = preScaled(readRow(spec.features, v, c), v);
      Value withOwn = combine(acc, own);
      if (spec.combiner)
        withOwn = arith::SelectOp::create(b, noInputs, own, withOwn);
      acc = withOwn;
    }
    if (spec.reduction == Reduction::Mean ||
        spec.normalization == Normalization::Row) {
      Value d = arith::UIToFPOp::create(
          b, f32, arith::IndexCastOp::create(b, b.getI64Type(), deg));
      acc = arith::DivFOp::create(b, acc,
                                  vector::BroadcastOp::create(b, vecType, d));
    } else if (spec.normalization == Normalization::Symmetric) {
      acc = scaleBy(acc, inputScale(v));
    }
    // A node with no inputs gets zeros (the identity of max/min is +-inf,
    // and a mean or a normalised sum would divide by zero); a sum's fold
    // already starts from them.
    if (!spec.selfLoops &&
        (spec.reduction != Reduction::Sum || dividesByDegree))
      acc = arith::SelectOp::create(b, noInputs, splat(0.0), acc);
    if (spec.epilogue)
      acc = applyEpilogue(acc, v, c);
  }
  return accs;
}

Value KernelEmitter::emit() {
  // Static sizes stay static in the result type.
  SmallVector<OpFoldResult> shape =
      tensor::getMixedSizes(b, b.getLoc(), spec.features);
  numNodes = getValueOrCreateConstantIndexOp(b, b.getLoc(), shape[0]);
  width = getValueOrCreateConstantIndexOp(b, b.getLoc(), shape[1]);
  widthSize = shape[1];
  resultShape = shape;
  // Rows of no features: nothing to read or write (the row loops would
  // slice a width-0 tensor at offsets the verifier rejects).
  if (isConstantIntValue(widthSize, 0))
    return tensor::EmptyOp::create(b, resultShape, spec.type.getElementType());
  scales = spec.inputScales;
  if (spec.normalization == Normalization::Symmetric && !scales)
    scales = computeInputScales();
  return spec.tileNodes ? emitTiles() : emitLevels();
}

/// Computed per input entry, deg(u)^-1/2 took two offset loads, a conversion
/// and a square root there: Cora's GCN aggregation over a run-time graph at
/// d = 16 took 0.021-0.022 ms, 2.6x the sum with self-loops of the same
/// graph. Here each node's scale is computed once, 8 nodes per step, before
/// the parallel loops, and the call takes 0.012 ms, 1.5x that sum (about
/// half of that the scale read per entry; bench/normalized-runtime.mlir,
/// docs/CpuPerformance.md, 2026-12-07). The loop is serial: replacing it by
/// nothing changed the call's median by less than the noise, and a parallel
/// version (an OpenMP region of its own) measured the same.
Value KernelEmitter::computeInputScales() {
  constexpr int64_t lanes = 8;
  Type i64 = b.getI64Type();
  auto counts = VectorType::get({lanes}, i64);
  auto scaleVector = VectorType::get({lanes}, f32);
  Value init =
      tensor::EmptyOp::create(b, ArrayRef<OpFoldResult>{resultShape[0]}, f32);
  Value zeroCount = arith::ConstantOp::create(b, b.getI64IntegerAttr(0));
  // Element x of `tensor` onwards, lanes past its end read as 0.
  auto readCounts = [&](Value tensor, Value x) -> Value {
    return vector::TransferReadOp::create(b, counts, tensor, ValueRange{x},
                                          zeroCount, ArrayRef<bool>{false});
  };
  auto loop = scf::ForOp::create(
      b, index(0), numNodes, index(lanes), ValueRange{init},
      [&](OpBuilder &builder, Location, Value x, ValueRange iterArgs) {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPoint(builder.getInsertionBlock(),
                            builder.getInsertionPoint());
        Value degree;
        if (spec.degrees) {
          degree = readCounts(spec.degrees, x);
        } else {
          Value next = arith::AddIOp::create(b, x, index(1));
          degree =
              arith::SubIOp::create(b, readCounts(spec.lists.offsets, next),
                                    readCounts(spec.lists.offsets, x));
        }
        if (spec.selfLoops)
          degree = arith::AddIOp::create(
              b, degree,
              arith::ConstantOp::create(
                  b, DenseElementsAttr::get(counts, b.getI64IntegerAttr(1))));
        Value zeros = arith::ConstantOp::create(
            b, DenseElementsAttr::get(counts, b.getI64IntegerAttr(0)));
        Value isZero =
            arith::CmpIOp::create(b, arith::CmpIPredicate::eq, degree, zeros);
        Value rsqrt = math::RsqrtOp::create(
            b, arith::UIToFPOp::create(b, scaleVector, degree));
        Value scale = arith::SelectOp::create(
            b, isZero,
            arith::ConstantOp::create(
                b, DenseElementsAttr::get(scaleVector, b.getF32FloatAttr(0))),
            rsqrt);
        Value written = vector::TransferWriteOp::create(b, scale, iterArgs[0],
                                                        ValueRange{x},
                                                        ArrayRef<bool>{false})
                            .getResult();
        scf::YieldOp::create(b, written);
      });
  return loop.getResult(0);
}

Value KernelEmitter::partBound(Value p, Value parts, Value count, Value total,
                               function_ref<Value(Value)> workAt) {
  if (partBoundsTensor)
    return extractIndex(partBoundsTensor, p);
  auto searched = scf::IfOp::create(b, TypeRange{b.getIndexType()},
                                    partsSearched, /*withElseRegion=*/true);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(&searched.getThenRegion().front());
  // The first k in [0, count] with workAt(k) * parts >= p * total ...
  Value target = arith::MulIOp::create(b, p, total);
  Type indexType = b.getIndexType();
  auto search = scf::WhileOp::create(
      b, TypeRange{indexType, indexType}, ValueRange{index(0), count},
      [&](OpBuilder &builder, Location, ValueRange bounds) {
        OpBuilder::InsertionGuard inner(b);
        b.setInsertionPoint(builder.getInsertionBlock(),
                            builder.getInsertionPoint());
        Value open = arith::CmpIOp::create(b, arith::CmpIPredicate::ult,
                                           bounds[0], bounds[1]);
        scf::ConditionOp::create(b, open, bounds);
      },
      [&](OpBuilder &builder, Location, ValueRange bounds) {
        OpBuilder::InsertionGuard inner(b);
        b.setInsertionPoint(builder.getInsertionBlock(),
                            builder.getInsertionPoint());
        Value lo = bounds[0], hi = bounds[1];
        Value mid = arith::ShRUIOp::create(b, arith::AddIOp::create(b, lo, hi),
                                           index(1));
        Value below = arith::CmpIOp::create(
            b, arith::CmpIPredicate::ult,
            arith::MulIOp::create(b, workAt(mid), parts), target);
        scf::YieldOp::create(
            b, ValueRange{
                   arith::SelectOp::create(
                       b, below, arith::AddIOp::create(b, mid, index(1)), lo),
                   arith::SelectOp::create(b, below, hi, mid)});
      });
  // Or the boundary before it, where strictly nearer to the share.
  Value k = search.getResult(0);
  Value before =
      arith::SubIOp::create(b, k, arith::MinUIOp::create(b, k, index(1)));
  Value under = arith::SubIOp::create(
      b, target, arith::MulIOp::create(b, workAt(before), parts));
  Value over = arith::SubIOp::create(
      b, arith::MulIOp::create(b, workAt(k), parts), target);
  Value nearer =
      arith::CmpIOp::create(b, arith::CmpIPredicate::ult, under, over);
  scf::YieldOp::create(
      b,
      ValueRange{arith::SelectOp::create(
          b,
          arith::AndIOp::create(
              b, nearer,
              arith::CmpIOp::create(b, arith::CmpIPredicate::ugt, k, index(0))),
          before, k)});
  b.setInsertionPointToStart(&searched.getElseRegion().front());
  scf::YieldOp::create(b, ValueRange{arith::DivUIOp::create(
                              b, arith::MulIOp::create(b, p, count), parts)});
  return searched.getResult(0);
}

Value KernelEmitter::emitFinalRows(Value agg) {
  createPartBoundsTensor();
  // Row r's work before it: its list entries and kWorkPerRow per row
  // (hag::rowWorkPrefix).
  auto workAt = [&](Value r) -> Value {
    return arith::AddIOp::create(
        b, extractIndex(spec.lists.offsets, r),
        arith::MulIOp::create(b, r, index(::hag::kWorkPerRow)));
  };
  OpFoldResult loopParts = numParts(numNodes);
  // Known bounds are read from their constant; only a search needs the part
  // count and the total work as values.
  Value parts = dyn_cast<Value>(loopParts);
  Value total = partBoundsTensor ? Value() : workAt(numNodes);
  Value init =
      tensor::EmptyOp::create(b, resultShape, spec.type.getElementType());
  Value r0, r1;
  auto partRows = [&](Value p) -> std::pair<Value, OpFoldResult> {
    r0 = partBound(p, parts, numNodes, total, workAt);
    r1 = partBound(arith::AddIOp::create(b, p, index(1)), parts, numNodes,
                   total, workAt);
    return {r0, arith::SubIOp::create(b, r1, r0).getResult()};
  };
  return emitForallOverRows(init, b.getIndexAttr(0), loopParts, partRows,
                            [&](Value, Value slice, Value) {
                              return emitRowsInOrder(
                                  slice, r0, r1, r0,
                                  [&](Value v, ArrayRef<Value> cs, Value) {
                                    return finalRow(v, cs, agg);
                                  });
                            });
}

Value KernelEmitter::emitLevels() {
  if (spec.levelsTensor)
    return emitRunTimeLevels();
  // Aggregation-node rows, level by level: each a parallel loop whose rows
  // read only earlier levels.
  Value agg;
  if (spec.aggInputs && spec.levels.back() > 0)
    agg = aggregationRows();
  if (agg) {
    for (size_t l = 0; l + 1 < spec.levels.size(); ++l) {
      // A level reads only rows of earlier levels, which it does not write:
      // reading them from the loop's own view of the buffer keeps
      // bufferization in place (no copy of the node rows per level).
      agg = emitAggregationLevel(agg, b.getIndexAttr(spec.levels[l]),
                                 index(spec.levels[l + 1]));
    }
  }
  // The final aggregation into every node, with everything element-wise
  // fused in.
  return emitFinalRows(agg);
}

/// A run-time plan: the aggregation rows live in a buffer allocated per call
/// (their count is known only now), filled by a sequential loop over the
/// levels, each level a parallel loop.
Value KernelEmitter::emitRunTimeLevels() {
  // A nodes: A + 1 offsets of wide nodes, or 2A inputs of pairs.
  Value numAggs;
  if (spec.aggOffsets)
    numAggs = arith::SubIOp::create(
        b, tensor::DimOp::create(b, spec.aggOffsets, 0), index(1));
  else
    numAggs = arith::DivUIOp::create(
        b, tensor::DimOp::create(b, spec.aggInputs, 0), index(2));
  Value agg = tensor::EmptyOp::create(
      b, ArrayRef<OpFoldResult>{numAggs, widthSize}, f32);
  Value numLevels = arith::SubIOp::create(
      b, tensor::DimOp::create(b, spec.levelsTensor, 0), index(1));
  auto levels =
      scf::ForOp::create(b, index(0), numLevels, index(1), ValueRange{agg});
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(levels.getBody());
    Value l = levels.getInductionVar();
    Value begin = extractIndex(spec.levelsTensor, l);
    Value end =
        extractIndex(spec.levelsTensor, arith::AddIOp::create(b, l, index(1)));
    scf::YieldOp::create(
        b, emitAggregationLevel(levels.getRegionIterArgs()[0], begin, end));
  }
  return emitFinalRows(levels.getResult(0));
}

/// A tiled plan runs as one parallel loop over chunks of consecutive tiles.
/// A chunk allocates a scratch buffer of maxTileAggNodes rows once, then for
/// each of its tiles writes the tile's aggregation rows into it, in order,
/// and the tile's nodes read them from there while they are still in cache.
/// No barrier, no buffer of all aggregation rows, and the kernel is
/// reentrant. Chunks, rather than one tile per iteration, keep the scratch
/// allocations few; kParallelParts of them, of equal work
/// (hag::tileWorkPrefix), balance the threads.

Value KernelEmitter::emitTiles() {
  // A constant plan's counts are static; a run-time plan's are read from its
  // tile bounds: T, and the most aggregation nodes of one tile (at least 1).
  OpFoldResult scratchRows;
  Value numTiles;
  if (!spec.globalTileIds) {
    numTiles = index(spec.numTiles);
    scratchRows = b.getIndexAttr(std::max<int64_t>(spec.maxTileAggNodes, 1));
  } else {
    numTiles = arith::SubIOp::create(
        b, tensor::DimOp::create(b, spec.tileNodes, 0), index(1));
    auto most = scf::ForOp::create(b, index(0), numTiles, index(1),
                                   ValueRange{index(1)});
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(most.getBody());
      Value t = most.getInductionVar();
      Value count = arith::SubIOp::create(
          b, extractIndex(spec.tileAggs, arith::AddIOp::create(b, t, index(1))),
          extractIndex(spec.tileAggs, t));
      scf::YieldOp::create(b, ValueRange{arith::MaxUIOp::create(
                                  b, most.getRegionIterArgs()[0], count)});
    }
    scratchRows = most.getResult(0);
  }
  createPartBoundsTensor();
  OpFoldResult loopChunks = numParts(numTiles);
  Value chunks = dyn_cast<Value>(loopChunks);
  // Tile t's work before it: the final-list entries of its nodes and the
  // inputs of its aggregation nodes, and kWorkPerRow per row of either
  // (hag::tileWorkPrefix).
  auto workAt = [&](Value t) -> Value {
    Value nodes = extractIndex(spec.tileNodes, t);
    Value aggs = extractIndex(spec.tileAggs, t);
    Value aggEntries =
        spec.aggOffsets ? extractIndex(spec.aggOffsets, aggs)
                        : arith::MulIOp::create(b, aggs, index(2)).getResult();
    Value entries = arith::AddIOp::create(
        b, extractIndex(spec.lists.offsets, nodes), aggEntries);
    Value rows = arith::AddIOp::create(b, nodes, aggs);
    return arith::AddIOp::create(
        b, entries, arith::MulIOp::create(b, rows, index(::hag::kWorkPerRow)));
  };
  Value total = partBoundsTensor ? Value() : workAt(numTiles);
  Value init =
      tensor::EmptyOp::create(b, resultShape, spec.type.getElementType());
  // Tiles [t0, t1) of chunk c and their nodes [n0, n1).
  auto tileOf = [&](Value c) {
    return partBound(c, chunks, numTiles, total, workAt);
  };
  Value t0, t1, n0, n1;
  auto chunkRows = [&](Value c) -> std::pair<Value, OpFoldResult> {
    t0 = tileOf(c);
    t1 = tileOf(arith::AddIOp::create(b, c, index(1)));
    n0 = extractIndex(spec.tileNodes, t0);
    n1 = extractIndex(spec.tileNodes, t1);
    return {n0, arith::SubIOp::create(b, n1, n0).getResult()};
  };
  return emitForallOverRows(
      init, b.getIndexAttr(0), loopChunks, chunkRows,
      [&](Value, Value slice, Value) {
        // The chunk's tiles, one after another: a tile's aggregation rows
        // into the scratch buffer, in order (inputs come first), then its
        // nodes, reading the rows just written.
        auto emitChunkTiles = [&]() -> Value {
          Value scratch = tensor::EmptyOp::create(
              b, ArrayRef<OpFoldResult>{scratchRows, widthSize}, f32);
          auto tiles = scf::ForOp::create(b, t0, t1, index(1),
                                          ValueRange{slice, scratch});
          OpBuilder::InsertionGuard inner(b);
          b.setInsertionPointToStart(tiles.getBody());
          Value t = tiles.getInductionVar();
          Value a0 = extractIndex(spec.tileAggs, t);
          if (spec.globalTileIds)
            tileAggBase = a0;
          auto [rows, filled] =
              runsInSteps()
                  ? emitTileInSteps(t, a0, n0, tiles.getRegionIterArgs())
                  : emitTileAtOnce(t, a0, n0, tiles.getRegionIterArgs());
          tileAggBase = Value();
          scf::YieldOp::create(b, ValueRange{rows, filled});
          return tiles.getResult(0);
        };
        // A chunk without aggregation nodes (every chunk of a plan's plain
        // counterpart, hagPlanChoose; the chunks of a sparse HAG where the
        // search found nothing to share) runs its rows as the plain kernel
        // does: one loop per list of input rows (finalRow without
        // aggregation rows), no scratch buffer.
        Value noAggregations = arith::CmpIOp::create(
            b, arith::CmpIPredicate::eq, extractIndex(spec.tileAggs, t0),
            extractIndex(spec.tileAggs, t1));
        auto plainChunk = scf::IfOp::create(b, slice.getType(), noAggregations,
                                            /*withElseRegion=*/true);
        OpBuilder::InsertionGuard inner(b);
        b.setInsertionPointToStart(&plainChunk.getThenRegion().front());
        Value rows = emitRowsInOrder(slice, n0, n1, n0,
                                     [&](Value v, ArrayRef<Value> cs, Value) {
                                       return finalRow(v, cs, Value());
                                     });
        scf::YieldOp::create(b, rows);
        b.setInsertionPointToStart(&plainChunk.getElseRegion().front());
        scf::YieldOp::create(b, emitChunkTiles());
        return plainChunk.getResult(0);
      });
}

std::pair<Value, Value>
KernelEmitter::emitTileAtOnce(Value t, Value a0, Value n0, ValueRange carried) {
  Value next = arith::AddIOp::create(b, t, index(1));
  Value filled =
      emitRowsInOrder(carried[1], a0, extractIndex(spec.tileAggs, next), a0,
                      [&](Value k, ArrayRef<Value> cs, Value latest) {
                        return aggregationRow(k, cs, latest);
                      });
  Value rows = emitRowsInOrder(carried[0], extractIndex(spec.tileNodes, t),
                               extractIndex(spec.tileNodes, next), n0,
                               [&](Value v, ArrayRef<Value> cs, Value) {
                                 return finalRow(v, cs, filled);
                               });
  return {rows, filled};
}

Value KernelEmitter::aggregationsReadBy(Value first, Value last, Value a0,
                                        Value bound) {
  auto nodes = scf::ForOp::create(b, first, last, index(1), ValueRange{bound});
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(nodes.getBody());
  Value v = nodes.getInductionVar();
  Value begin = extractIndex(spec.lists.offsets, v);
  // A split list names its aggregation rows before its split (none after);
  // any other list may name one anywhere.
  Value end = spec.listSplits
                  ? extractIndex(spec.listSplits, v)
                  : extractIndex(spec.lists.offsets,
                                 arith::AddIOp::create(b, v, index(1)));
  auto entries = scf::ForOp::create(b, begin, end, index(1),
                                    ValueRange{nodes.getRegionIterArgs()[0]});
  {
    OpBuilder::InsertionGuard inner(b);
    b.setInsertionPointToStart(entries.getBody());
    Value id = extractIndex(spec.lists.indices, entries.getInductionVar());
    // Aggregation node k + 1 for id N + k (global ids) or id N + (k - a0)
    // (ids local to the tile).
    Value past = arith::AddIOp::create(
        b, arith::SubIOp::create(b, id, numNodes), index(1));
    if (!spec.globalTileIds)
      past = arith::AddIOp::create(b, past, a0);
    Value most = entries.getRegionIterArgs()[0];
    Value larger = arith::MaxUIOp::create(b, most, past);
    if (!spec.listSplits) {
      // For an input row's id, below N, id - N + 1 wraps to a huge bound:
      // keep the bound as it was.
      Value isAggregation =
          arith::CmpIOp::create(b, arith::CmpIPredicate::uge, id, numNodes);
      larger = arith::SelectOp::create(b, isAggregation, larger, most);
    }
    scf::YieldOp::create(b, ValueRange{larger});
  }
  scf::YieldOp::create(b, entries.getResults());
  return nodes.getResult(0);
}

/// A tile in steps of kStepNodes nodes: before each step, the aggregation
/// rows its lists read that are not computed yet (those numbered below the
/// largest it reads: every input precedes its reader, so they include
/// everything the step needs), then the step's nodes. With the search's
/// numbering (demandOrder in TiledSearch.cpp) a step computes little more
/// than what it reads, and its nodes read the rows while they are in L1;
/// with any other numbering the result is the same. Aggregation rows
/// numbered after the last one a list reads (where the search puts those no
/// list reads) are not computed at all.
std::pair<Value, Value> KernelEmitter::emitTileInSteps(Value t, Value a0,
                                                       Value n0,
                                                       ValueRange carried) {
  Value next = arith::AddIOp::create(b, t, index(1));
  Value nodesEnd = extractIndex(spec.tileNodes, next);
  auto steps = scf::ForOp::create(b, extractIndex(spec.tileNodes, t), nodesEnd,
                                  index(kStepNodes),
                                  ValueRange{carried[0], carried[1], a0});
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(steps.getBody());
  Value first = steps.getInductionVar();
  Value last = arith::MinUIOp::create(
      b, arith::AddIOp::create(b, first, index(kStepNodes)), nodesEnd);
  Value computed = steps.getRegionIterArgs()[2];
  Value needed = aggregationsReadBy(first, last, a0, computed);
  Value filled =
      emitRowsInOrder(steps.getRegionIterArgs()[1], computed, needed, a0,
                      [&](Value k, ArrayRef<Value> cs, Value latest) {
                        return aggregationRow(k, cs, latest);
                      });
  Value rows = emitRowsInOrder(steps.getRegionIterArgs()[0], first, last, n0,
                               [&](Value v, ArrayRef<Value> cs, Value) {
                                 return finalRow(v, cs, filled);
                               });
  scf::YieldOp::create(b, ValueRange{rows, filled, needed});
  return {steps.getResult(0), steps.getResult(1)};
}

/// The list structure of a graph value, or failure.
FailureOr<ListTensors> graphLists(ImplicitLocOpBuilder &b, Value graph) {
  if (auto constant = graph.getDefiningOp<GraphConstantOp>()) {
    Value offsets = arith::ConstantOp::create(b, constant.getOffsets());
    Value indices = arith::ConstantOp::create(b, constant.getIndices());
    return ListTensors{offsets, indices};
  }
  if (auto fromTensors = graph.getDefiningOp<GraphFromTensorsOp>())
    return ListTensors{fromTensors.getOffsets(), fromTensors.getIndices()};
  return failure();
}

//===----------------------------------------------------------------------===//
// Patterns
//===----------------------------------------------------------------------===//

/// Custom combiners are lowered for f32 rows when lane-wise (the kernel
/// accumulates in f32, so the region's types must be f32 already).
template <typename AggregateLikeOp>
LogicalResult checkCombiner(AggregateLikeOp op, PatternRewriter &rewriter) {
  if (op.getReduction() != Reduction::Custom)
    return success();
  if (!op.getFeatures().getType().getElementType().isF32())
    return rewriter.notifyMatchFailure(op, "custom combiner over non-f32 rows");
  if (!isLaneWiseRegion(op.getCombiner()))
    return rewriter.notifyMatchFailure(op, "combiner is not element-wise");
  return success();
}

/// Emits the kernel of `op` (with its epilogue, if it has one) and replaces
/// the op, or the epilogue, by it.
LogicalResult emitKernel(Operation *op, AggregationSpec &spec,
                         const KernelShapeOptions &shape,
                         ImplicitLocOpBuilder &b, PatternRewriter &rewriter,
                         ModuleOp module) {
  spec.shape = shape;
  std::optional<std::pair<linalg::GenericOp, unsigned>> epilogue =
      findEpilogue(op);
  if (epilogue) {
    spec.epilogue = epilogue->first;
    spec.epilogueInput = epilogue->second;
    // Emitted where the epilogue was, so its other operands are defined.
    b.setInsertionPoint(spec.epilogue);
  }
  // checkRowCountCallees ran before the patterns, so this cannot fail.
  if (failed(emitRowCountCheck(b, op, spec.features, spec.lists.offsets)))
    return failure();
  KernelEmitter emitter(b, spec);
  emitter.module = module;
  Value result = emitter.emit();
  if (!epilogue) {
    rewriter.replaceOp(op, result);
    return success();
  }
  rewriter.replaceOp(spec.epilogue, result);
  rewriter.eraseOp(op);
  return success();
}

/// The parts of the kernel spec both aggregation ops carry the same way.
template <typename AggregateLikeOp>
AggregationSpec commonSpec(AggregateLikeOp op) {
  AggregationSpec spec;
  spec.reduction = op.getReduction();
  spec.normalization = op.getNormalization();
  spec.selfLoops = op.getSelfLoops();
  spec.features = op.getFeatures();
  spec.type = op.getFeatures().getType();
  if (op.getReduction() == Reduction::Custom)
    spec.combiner = &op.getCombiner();
  return spec;
}

struct LowerAggregate : public OpRewritePattern<AggregateOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(AggregateOp op,
                                PatternRewriter &rewriter) const override {
    if (failed(checkCombiner(op, rewriter)))
      return failure();
    ImplicitLocOpBuilder b(op.getLoc(), rewriter);
    FailureOr<ListTensors> lists = graphLists(b, op.getGraph());
    if (failed(lists))
      return rewriter.notifyMatchFailure(
          op, "graph is not a hag.graph_constant or hag.graph_from_tensors");
    AggregationSpec spec = commonSpec(op);
    spec.lists = *lists;
    if (auto constant = op.getGraph().getDefiningOp<GraphConstantOp>())
      if (std::optional<::hag::Csr> graph = getCsr(constant)) {
        spec.partBounds =
            ::hag::balancedBounds(::hag::rowWorkPrefix(graph->offsets),
                                  ::hag::partsFor(int64_t(graph->numNodes)));
        if (spec.normalization == Normalization::Symmetric) {
          std::vector<int64_t> degrees;
          for (::hag::NodeId v = 0; v < graph->numNodes; ++v)
            degrees.push_back(int64_t(graph->degree(v)));
          spec.inputScales =
              inputScalesConstant(b, b.getLoc(), degrees, spec.selfLoops);
        }
      }
    // No plan, no tiles: nothing to run in steps.
    return emitKernel(op, spec, KernelShapeOptions(), b, rewriter, ModuleOp());
  }
};

struct LowerPlanAggregate : public OpRewritePattern<PlanAggregateOp> {
  LowerPlanAggregate(MLIRContext *context, const KernelShapeOptions &shape)
      : OpRewritePattern(context), shape(shape) {}
  KernelShapeOptions shape;
  LogicalResult matchAndRewrite(PlanAggregateOp op,
                                PatternRewriter &rewriter) const override {
    if (failed(checkCombiner(op, rewriter)))
      return failure();
    if (auto fromTensors = op.getPlan().getDefiningOp<PlanFromTensorsOp>()) {
      ImplicitLocOpBuilder b(op.getLoc(), rewriter);
      AggregationSpec spec = commonSpec(op);
      SmallVector<ReassociationIndices> flat = {{0, 1}};
      if (Value offsets = fromTensors.getAggOffsets()) {
        // Wide nodes: runs of the 1-D inputs.
        spec.aggInputs = fromTensors.getAggInputs();
        spec.aggOffsets = offsets;
      } else {
        // Flattened to 1-D: input j of node k is element 2k + j.
        spec.aggInputs = tensor::CollapseShapeOp::create(
            b, fromTensors.getAggInputs(), flat);
      }
      // Split lists are read in two unchecked loops from the identity; a
      // custom combiner has none and keeps the checked read.
      if (op.getReduction() != Reduction::Custom) {
        spec.listSplits = fromTensors.getListSplits();
        spec.aggSplits = fromTensors.getAggSplits();
      }
      spec.levelsTensor = fromTensors.getLevels();
      spec.partBoundsValue = fromTensors.getPartBounds();
      spec.degrees = fromTensors.getDegrees();
      spec.lists = {fromTensors.getListOffsets(), fromTensors.getListIndices()};
      if (Value tiles = fromTensors.getTiles()) {
        // Its two columns: each tile's first node, first aggregation node.
        auto column = [&](int64_t c) -> Value {
          SmallVector<OpFoldResult> offsets = {b.getIndexAttr(0),
                                               b.getIndexAttr(c)};
          SmallVector<OpFoldResult> sizes = {
              tensor::getMixedSize(b, b.getLoc(), tiles, 0), b.getIndexAttr(1)};
          SmallVector<OpFoldResult> strides = {b.getIndexAttr(1),
                                               b.getIndexAttr(1)};
          Value slice =
              tensor::ExtractSliceOp::create(b, tiles, offsets, sizes, strides);
          return tensor::CollapseShapeOp::create(b, slice, flat);
        };
        spec.tileNodes = column(0);
        spec.tileAggs = column(1);
        spec.globalTileIds = true;
      }
      return emitKernel(op, spec, shape, b, rewriter, ModuleOp());
    }
    auto plan = op.getPlan().getDefiningOp<PlanConstantOp>();
    std::optional<::hag::Hag> hag = plan ? getHag(plan) : std::nullopt;
    if (!hag)
      return rewriter.notifyMatchFailure(op,
                                         "plan is not a constant with data");
    ImplicitLocOpBuilder b(op.getLoc(), rewriter);
    // Original degrees (cover sizes of the lists) for mean and normalisation,
    // known now because the plan is.
    std::vector<uint64_t> original = ::hag::originalDegrees(*hag);
    std::vector<int64_t> degrees(original.begin(), original.end());
    MLIRContext *ctx = b.getContext();
    AggregationSpec spec = commonSpec(op);
    // Aggregation ids as the kernel reads them: global for the whole-graph
    // kernel, local to their tile (N + index in the tile's scratch rows) for
    // a tiled plan.
    const int64_t n = hag->numNodes;
    std::vector<int64_t> localBase(hag->numAggNodes(), 0);
    for (uint32_t t = 0; t < hag->numTiles(); ++t)
      for (uint32_t k = hag->tileAggBegin[t]; k < hag->tileAggBegin[t + 1]; ++k)
        localBase[k] = hag->tileAggBegin[t];
    auto kernelId = [&](::hag::NodeId id, int64_t base) {
      return int32_t(id < n ? int64_t(id) : int64_t(id) - base);
    };
    // Built-in reductions are commutative and have an identity, so every list
    // may be reordered with its aggregation rows first and read in two
    // unchecked loops (AggregationSpec::listSplits). Two-input nodes keep
    // their pair, read with the check.
    const bool split = op.getReduction() != Reduction::Custom;
    // Appends `ids` (kernel ids) to `out`, aggregation rows first when
    // splitting, and returns where the input rows begin.
    auto appendList = [&](::hag::NodeRange ids, int64_t base,
                          std::vector<int32_t> &out) {
      size_t first = out.size();
      for (::hag::NodeId id : ids)
        out.push_back(kernelId(id, base));
      if (!split)
        return int64_t(first);
      auto inputs = std::stable_partition(out.begin() + first, out.end(),
                                          [&](int32_t id) { return id >= n; });
      return int64_t(inputs - out.begin());
    };
    // Flattened to 1-D: input j of a two-input node k is element 2k + j; a
    // wide plan's nodes are runs given by their offsets.
    std::vector<int32_t> flat;
    std::vector<int64_t> aggSplits;
    for (uint32_t k = 0; k < hag->numAggNodes(); ++k)
      aggSplits.push_back(appendList(hag->aggInputs[k], localBase[k], flat));
    spec.aggInputs = arith::ConstantOp::create(
        b, makeI32Array(ctx, {int64_t(flat.size())}, flat, "hag_agg_inputs"));
    if (!hag->aggInputs.isBinary()) {
      const std::vector<uint64_t> &offsets = hag->aggInputs.inputOffsets();
      std::vector<int64_t> starts(offsets.begin(), offsets.end());
      spec.aggOffsets = arith::ConstantOp::create(
          b, makeI64Array(ctx, {int64_t(starts.size())}, starts,
                          "hag_agg_offsets"));
      if (split)
        spec.aggSplits = arith::ConstantOp::create(
            b, makeI64Array(ctx, {int64_t(aggSplits.size())}, aggSplits,
                            "hag_agg_splits"));
    }
    spec.levels.assign(hag->levelBegin.begin(), hag->levelBegin.end());
    spec.degrees = arith::ConstantOp::create(
        b,
        makeI64Array(ctx, {int64_t(degrees.size())}, degrees, "hag_degrees"));
    if (spec.normalization == Normalization::Symmetric)
      spec.inputScales =
          inputScalesConstant(b, b.getLoc(), degrees, spec.selfLoops);
    // Final lists, with aggregation ids local to the node's tile in a tiled
    // plan.
    std::vector<int32_t> indices;
    std::vector<int64_t> listSplits;
    indices.reserve(hag->listIndices.size());
    listSplits.reserve(n);
    std::vector<int64_t> nodeBase(n, 0);
    for (uint32_t t = 0; t < hag->numTiles(); ++t)
      for (::hag::NodeId v = hag->tileNodeBegin[t];
           v < hag->tileNodeBegin[t + 1]; ++v)
        nodeBase[v] = hag->tileAggBegin[t];
    for (::hag::NodeId v = 0; v < n; ++v)
      listSplits.push_back(appendList(hag->list(v), nodeBase[v], indices));
    Value listIndices = arith::ConstantOp::create(
        b, makeI32Array(ctx, {int64_t(indices.size())}, indices,
                        hag->isTiled() ? "hag_tile_list_indices"
                                       : "hag_list_indices"));
    if (split)
      spec.listSplits = arith::ConstantOp::create(
          b, makeI64Array(ctx, {n}, listSplits, "hag_list_splits"));
    if (hag->isTiled()) {
      std::vector<int32_t> tileNodes, tileAggs;
      for (uint32_t t = 0; t <= hag->numTiles(); ++t) {
        tileNodes.push_back(int32_t(hag->tileNodeBegin[t]));
        tileAggs.push_back(int32_t(hag->tileAggBegin[t]));
      }
      int64_t bounds = int64_t(tileNodes.size());
      spec.tileNodes = arith::ConstantOp::create(
          b, makeI32Array(ctx, {bounds}, tileNodes, "hag_tile_nodes"));
      spec.tileAggs = arith::ConstantOp::create(
          b, makeI32Array(ctx, {bounds}, tileAggs, "hag_tile_aggs"));
      spec.numTiles = hag->numTiles();
      spec.maxTileAggNodes = hag->maxTileAggNodes();
      spec.partBounds = ::hag::balancedBounds(::hag::tileWorkPrefix(*hag),
                                              ::hag::partsFor(hag->numTiles()));
    } else {
      spec.partBounds = ::hag::balancedBounds(
          ::hag::rowWorkPrefix(hag->listOffsets), ::hag::partsFor(n));
    }
    spec.lists = {arith::ConstantOp::create(b, plan.getListOffsets()),
                  listIndices};
    return emitKernel(op, spec, shape, b, rewriter,
                      op->getParentOfType<ModuleOp>());
  }
};

//===----------------------------------------------------------------------===//
// Plans built at run time
//===----------------------------------------------------------------------===//

namespace {
/// Calls into the plan runtime (include/hag/Runtime/PlanRuntime.h) from the
/// code in front of one op: declarations created on first use, the arrays
/// passed as strided buffers, a kept entry's arrays read in place
/// (hag.plan_array).
class PlanRuntimeCalls {
public:
  PlanRuntimeCalls(Operation *op, ModuleOp module)
      : builder_(op), b_(op->getLoc(), builder_), module_(module) {}

  ImplicitLocOpBuilder &builder() { return b_; }

  Value i32Constant(int64_t value) {
    return arith::ConstantIntOp::create(b_, b_.getI32Type(), value);
  }

  /// A 1-D tensor as a read-only buffer of any offset and stride.
  Value stridedBuffer(Value tensor) {
    auto elementType =
        cast<RankedTensorType>(tensor.getType()).getElementType();
    auto dynamicTensor =
        RankedTensorType::get({ShapedType::kDynamic}, elementType);
    if (tensor.getType() != dynamicTensor)
      tensor = tensor::CastOp::create(b_, dynamicTensor, tensor);
    auto layout = StridedLayoutAttr::get(b_.getContext(), ShapedType::kDynamic,
                                         {ShapedType::kDynamic});
    auto type = MemRefType::get({ShapedType::kDynamic}, elementType, layout);
    return bufferization::ToBufferOp::create(b_, type, tensor,
                                             /*read_only=*/true);
  }

  /// Calls `name` (declared with `results`; memref arguments as descriptors
  /// when `cInterface`).
  ValueRange call(StringRef name, ValueRange args, TypeRange results,
                  bool cInterface) {
    func::FuncOp function = declaration(
        name, b_.getFunctionType(args.getTypes(), results), cInterface);
    return func::CallOp::create(b_, function, args).getResults();
  }

  /// Array `name` of kept entry `id` (hag.plan_array), read in place as a
  /// tensor: no copy per call. The view is not owned by the function
  /// (deallocation frees nothing of it) and never written (the tensor is
  /// not writable, so a write would copy it first).
  Value viewArray(Value id, StringRef name) {
    std::optional<PlanArrayLayout> layout = planArrayLayout(name);
    assert(layout && "a plan array name");
    SmallVector<int64_t> shape = {ShapedType::kDynamic};
    if (layout->pairs)
      shape.push_back(2);
    Type elementType = b_.getIntegerType(layout->elementBits);
    Value view = PlanArrayOp::create(b_, MemRefType::get(shape, elementType),
                                     id, b_.getStringAttr(name));
    return bufferization::ToTensorOp::create(
        b_, RankedTensorType::get(shape, elementType), view,
        /*restrict=*/true, /*writable=*/false);
  }

private:
  func::FuncOp declaration(StringRef name, FunctionType type, bool cInterface) {
    if (auto existing = module_.lookupSymbol<func::FuncOp>(name))
      return existing;
    OpBuilder::InsertionGuard guard(builder_);
    builder_.setInsertionPointToStart(module_.getBody());
    auto function =
        func::FuncOp::create(builder_, module_.getLoc(), name, type);
    function.setPrivate();
    if (cInterface)
      function->setAttr("llvm.emit_c_interface", builder_.getUnitAttr());
    return function;
  }

  OpBuilder builder_;
  ImplicitLocOpBuilder b_;
  ModuleOp module_;
};
} // namespace

/// Replaces `hag.graph_from_edges` by the plan runtime's CSR of the edges
/// (sorted once per distinct edge set and kept), read in place
/// (hag.plan_array) by a `hag.graph_from_tensors`.
static void lowerGraphFromEdges(GraphFromEdgesOp op, ModuleOp module) {
  PlanRuntimeCalls runtime(op, module);
  ImplicitLocOpBuilder &b = runtime.builder();
  Type i64 = b.getI64Type();
  Value numNodes = arith::IndexCastOp::create(b, i64, op.getNumNodes());
  Value id = runtime.call("hagGraphFromEdges",
                          {runtime.stridedBuffer(op.getSources()),
                           runtime.stridedBuffer(op.getTargets()), numNodes},
                          {i64}, /*cInterface=*/true)[0];
  Value offsets = runtime.viewArray(id, "list_offsets");
  Value indices = runtime.viewArray(id, "list_indices");
  Value graph =
      GraphFromTensorsOp::create(b, op.getGraph().getType(), offsets, indices);
  op.getGraph().replaceAllUsesWith(graph);
  op.erase();
}

/// `array` (1-D, any integer or index type) as a 1-D tensor of `element`:
/// itself when it has that type, else an element-wise cast (index_cast for
/// index, zero extension or truncation for integers: positions and
/// coordinates are unsigned).
static Value castArray(ImplicitLocOpBuilder &b, Value array, Type element) {
  auto type = cast<RankedTensorType>(array.getType());
  Type from = type.getElementType();
  if (from == element)
    return array;
  auto resultType = RankedTensorType::get(type.getShape(), element);
  SmallVector<Value> sizes;
  if (type.isDynamicDim(0))
    sizes.push_back(tensor::DimOp::create(b, array, 0));
  Value empty = tensor::EmptyOp::create(b, resultType, sizes);
  AffineMap identity = b.getMultiDimIdentityMap(1);
  auto generic = linalg::GenericOp::create(
      b, resultType, array, empty, ArrayRef<AffineMap>{identity, identity},
      ArrayRef<utils::IteratorType>{utils::IteratorType::parallel},
      [&](OpBuilder &nested, Location loc, ValueRange args) {
        Value value = args[0];
        if (from.isIndex() || element.isIndex())
          value = arith::IndexCastUIOp::create(nested, loc, element, value);
        else if (from.getIntOrFloatBitWidth() < element.getIntOrFloatBitWidth())
          value = arith::ExtUIOp::create(nested, loc, element, value);
        else
          value = arith::TruncIOp::create(nested, loc, element, value);
        linalg::YieldOp::create(nested, loc, value);
      });
  return generic.getResult(0);
}

/// Replaces `hag.graph_from_csr %A` by `hag.graph_from_tensors` of the
/// matrix's positions and coordinates (level 1), viewed as tensors and
/// cast to i64 offsets and i32 indices where the encoding stores other
/// widths. The views are the matrix's own buffers once the sparsifier has
/// run (hag-bufferize, in hag-lower-to-cpu), so nothing is copied when the
/// encoding's widths are 64 and 32 bits.
static void lowerGraphFromCsr(GraphFromCsrOp op) {
  ImplicitLocOpBuilder b(op.getLoc(), op);
  Value matrix = op.getMatrix();
  auto view = [&](Value buffer) -> Value {
    auto type = cast<MemRefType>(buffer.getType());
    return bufferization::ToTensorOp::create(
        b, RankedTensorType::get(type.getShape(), type.getElementType()),
        buffer, /*restrict=*/b.getUnitAttr(), /*writable=*/UnitAttr());
  };
  Value positions =
      view(sparse_tensor::ToPositionsOp::create(b, matrix, b.getIndexAttr(1)));
  Value coordinates = view(
      sparse_tensor::ToCoordinatesOp::create(b, matrix, b.getIndexAttr(1)));
  Value graph = GraphFromTensorsOp::create(
      b, op.getGraph().getType(), castArray(b, positions, b.getI64Type()),
      castArray(b, coordinates, b.getI32Type()));
  op.getGraph().replaceAllUsesWith(graph);
  op.erase();
}

/// The CSR tensors a run-time plan was built from, and whether the plan
/// chosen for an aggregation has the graph's rows as its lists
/// (hagPlanListsAreRows): those lists are then read from these tensors.
struct CallerRows {
  Value offsets, indices, listsAreRows;
};

/// `tensor` (1-D) with a dynamic size, as the views are.
static Value dynamicVector(ImplicitLocOpBuilder &b, Value tensor) {
  auto type = cast<RankedTensorType>(tensor.getType());
  auto dynamic =
      RankedTensorType::get({ShapedType::kDynamic}, type.getElementType());
  return type == dynamic ? tensor : tensor::CastOp::create(b, dynamic, tensor);
}

/// Each node's input count, offsets[v + 1] - offsets[v], of CSR `offsets`.
static Value degreesOf(ImplicitLocOpBuilder &b, Value offsets) {
  Type i64 = b.getI64Type();
  Value one = arith::ConstantIndexOp::create(b, 1);
  Value n = arith::SubIOp::create(b, tensor::DimOp::create(b, offsets, 0), one);
  auto type = RankedTensorType::get({ShapedType::kDynamic}, i64);
  return tensor::GenerateOp::create(
      b, type, ValueRange{n},
      [&](OpBuilder &nested, Location loc, ValueRange at) {
        Value next = arith::AddIOp::create(nested, loc, at[0], one);
        Value end = tensor::ExtractOp::create(nested, loc, offsets, next);
        Value begin = tensor::ExtractOp::create(nested, loc, offsets, at[0]);
        tensor::YieldOp::create(
            nested, loc,
            arith::SubIOp::create(nested, loc, end, begin).getResult());
      });
}

/// The `hag.plan_from_tensors` of kept plan `id`'s arrays, read in place,
/// for the aggregations `users`: wide nodes come as runs with their offsets,
/// pairs as A x 2; the splits serve kernels of built-in reductions only (a
/// custom combiner's fold has no identity to start the second loop from),
/// so they are viewed when every user has one; degrees only for users that
/// divide by them (plan_aggregate_c8). With `rows`, a plan whose lists are
/// the graph's rows takes its lists, splits and degrees from the caller's
/// CSR instead (hagPlanBuildForChoice may hand one out without comparing
/// the graph with the one it was made from).
static Value viewPlan(PlanRuntimeCalls &runtime, Value id, Type planType,
                      ArrayRef<Operation *> users, bool wide, bool tiled,
                      std::optional<CallerRows> rows = std::nullopt) {
  ImplicitLocOpBuilder &b = runtime.builder();
  const bool split = llvm::all_of(users, [](Operation *user) {
    auto aggregate = dyn_cast<PlanAggregateOp>(user);
    return aggregate && aggregate.getReduction() != Reduction::Custom;
  });
  const bool needsDegrees = llvm::any_of(users, [](Operation *user) {
    auto aggregate = dyn_cast<PlanAggregateOp>(user);
    return !aggregate || aggregate.getReduction() == Reduction::Mean ||
           aggregate.getNormalization() != Normalization::None;
  });
  Value aggInputs = runtime.viewArray(id, wide ? "agg_runs" : "agg_inputs");
  Value aggOffsets = wide ? runtime.viewArray(id, "agg_offsets") : Value();
  Value aggSplits =
      wide && split ? runtime.viewArray(id, "agg_splits") : Value();
  Value listSplits = split ? runtime.viewArray(id, "list_splits") : Value();
  Value levels = runtime.viewArray(id, "levels");
  Value listOffsets = runtime.viewArray(id, "list_offsets");
  Value listIndices = runtime.viewArray(id, "list_indices");
  Value degrees = needsDegrees ? runtime.viewArray(id, "degrees") : Value();
  Value tiles = tiled ? runtime.viewArray(id, "tiles") : Value();
  if (rows) {
    Value offsets = dynamicVector(b, rows->offsets);
    auto pick = [&](Value callers, Value viewed) -> Value {
      return arith::SelectOp::create(b, rows->listsAreRows, callers, viewed);
    };
    listOffsets = pick(offsets, listOffsets);
    listIndices = pick(dynamicVector(b, rows->indices), listIndices);
    if (listSplits) {
      // A row's input entries begin where the row does.
      Value n = arith::SubIOp::create(b, tensor::DimOp::create(b, offsets, 0),
                                      arith::ConstantIndexOp::create(b, 1));
      SmallVector<OpFoldResult> at = {b.getIndexAttr(0)}, size = {n},
                                stride = {b.getIndexAttr(1)};
      listSplits =
          pick(tensor::ExtractSliceOp::create(b, offsets, at, size, stride),
               listSplits);
    }
    if (degrees) {
      // Counted only where the rows are read: a kept plan's degrees are
      // its own array, with nothing computed per call.
      auto branch = scf::IfOp::create(b, degrees.getType(), rows->listsAreRows,
                                      /*withElseRegion=*/true);
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(branch.thenBlock());
      scf::YieldOp::create(b, degreesOf(b, offsets));
      b.setInsertionPointToStart(branch.elseBlock());
      scf::YieldOp::create(b, degrees);
      degrees = branch.getResult(0);
    }
  }
  // The parts of equal work the runtime found once for the plan, so the
  // kernel need not search them on every call.
  Value partBounds = runtime.viewArray(id, "part_bounds");
  return PlanFromTensorsOp::create(b, planType, aggInputs, levels, listOffsets,
                                   listIndices, degrees, tiles, aggOffsets,
                                   listSplits, aggSplits, partBounds);
}

/// Replaces `hag.build_plan` over a `hag.graph_from_tensors` by calls to the
/// plan runtime (libhag_plan_runtime.so): the search runs there, once per
/// distinct graph and options for the life of the process, and the plan's
/// arrays, read in place (hag.plan_array), feed a `hag.plan_from_tensors`,
/// which the aggregation lowering already reads. With `plain_if_slower`,
/// each aggregation reads the plan hagPlanChoose picks for its width.
static LogicalResult lowerRuntimeBuildPlan(BuildPlanOp op, ModuleOp module) {
  auto graph = op.getGraph().getDefiningOp<GraphFromTensorsOp>();
  if (!graph)
    return success(); // anything else stays, and its users say so
  ::hag::Expected<::hag::Capacity> capacity =
      ::hag::Capacity::parse(op.getCapacity().str());
  if (capacity.failed()) // build_plan_c2 makes this unreachable
    return op.emitError() << capacity.message();

  PlanRuntimeCalls runtime(op, module);
  ImplicitLocOpBuilder &b = runtime.builder();
  Type i64 = b.getI64Type(), f64 = b.getF64Type();
  int32_t capacityKind = capacity->kind == ::hag::Capacity::Kind::Nodes
                             ? HAG_CAPACITY_NODES
                         : capacity->kind == ::hag::Capacity::Kind::FractionOfV
                             ? HAG_CAPACITY_FRACTION
                             : HAG_CAPACITY_UNLIMITED;
  bool sequential = op.getPlan().getType().getAggregationClass() ==
                    AggregationClass::Sequential;
  SmallVector<Value> buildArgs = {
      runtime.stridedBuffer(graph.getOffsets()),
      runtime.stridedBuffer(graph.getIndices()),
      runtime.i32Constant(sequential),
      runtime.i32Constant(capacityKind),
      arith::ConstantIntOp::create(b, i64, int64_t(capacity->nodes)),
      arith::ConstantFloatOp::create(b, cast<FloatType>(f64),
                                     APFloat(capacity->fraction)),
      runtime.i32Constant(op.getThreshold()),
      runtime.i32Constant(op.getMaxDepth()),
      runtime.i32Constant(op.getTileNodes()),
      runtime.i32Constant(op.getMaxInputs())};
  SmallVector<Operation *> users(op.getPlan().getUsers());
  // With plain_if_slower and only aggregations reading the plan, each reads
  // a plan whose lists are the graph's rows from the graph's own tensors,
  // so the build may hand out such a plan without comparing the graph
  // (hagPlanBuildForChoice); any other user needs the plan confirmed.
  const bool onlyAggregations =
      llvm::all_of(users, llvm::IsaPred<PlanAggregateOp>);
  Value plan = runtime.call(op.getPlainIfSlower() && onlyAggregations
                                ? "hagPlanBuildForChoice"
                                : "hagPlanBuild",
                            buildArgs, {i64}, /*cInterface=*/true)[0];
  const bool wide = op.getMaxInputs() > 2;
  const bool tiled = op.getTileNodes() != 0;
  if (!op.getPlainIfSlower()) {
    op.getPlan().replaceAllUsesWith(
        viewPlan(runtime, plan, op.getPlan().getType(), users, wide, tiled));
    op.erase();
    return success();
  }
  // Each aggregation asks which plan to read at its own width: the one
  // built, or its plain counterpart (hagPlanChoose), so one plan's layers
  // may differ. The choice is made where the aggregation is, after its
  // features exist.
  for (Operation *user : users) {
    auto aggregate = dyn_cast<PlanAggregateOp>(user);
    if (!aggregate)
      continue;
    PlanRuntimeCalls local(aggregate, module);
    ImplicitLocOpBuilder &at = local.builder();
    Value features = aggregate.getFeatures();
    auto featureType = cast<RankedTensorType>(features.getType());
    Value width = arith::IndexCastOp::create(
        at, i64, tensor::DimOp::create(at, features, 1));
    Value elementBytes =
        local.i32Constant((featureType.getElementTypeBitWidth() + 7) / 8);
    Value chosen = local.call("hagPlanChoose", {plan, width, elementBytes},
                              {i64}, /*cInterface=*/false)[0];
    Value listsAreRows = arith::CmpIOp::create(
        at, arith::CmpIPredicate::ne,
        local.call("hagPlanListsAreRows", {chosen}, {at.getI32Type()},
                   /*cInterface=*/false)[0],
        local.i32Constant(0));
    aggregate.getPlanMutable().assign(viewPlan(
        local, chosen, op.getPlan().getType(), {user}, wide, tiled,
        CallerRows{graph.getOffsets(), graph.getIndices(), listsAreRows}));
  }
  if (!op.getPlan().use_empty())
    op.getPlan().replaceAllUsesWith(viewPlan(
        runtime, plan, op.getPlan().getType(),
        SmallVector<Operation *>(op.getPlan().getUsers()), wide, tiled));
  op.erase();
  return success();
}

//===----------------------------------------------------------------------===//
// Pass driver
//===----------------------------------------------------------------------===//

struct ConvertHagToSCFPass
    : public mlir::hag::impl::ConvertHagToSCFPassBase<ConvertHagToSCFPass> {
  using Base::Base;
  void runOnOperation() override {
    Operation *root = getOperation();
    auto module = dyn_cast<ModuleOp>(root);
    if (!module)
      module = root->getParentOfType<ModuleOp>();
    // Run-time graphs and plans first: calls into the plan runtime, whose
    // results the aggregation patterns below read as tensors.
    SmallVector<GraphFromEdgesOp> edgeGraphs;
    SmallVector<GraphFromCsrOp> csrGraphs;
    bool buildsPlans = false;
    root->walk([&](Operation *op) {
      if (auto edges = dyn_cast<GraphFromEdgesOp>(op))
        edgeGraphs.push_back(edges);
      else if (auto csr = dyn_cast<GraphFromCsrOp>(op))
        csrGraphs.push_back(csr);
      else if (isa<BuildPlanOp>(op))
        buildsPlans = true;
    });
    if (!module && (!edgeGraphs.empty() || buildsPlans)) {
      root->emitError("run-time graphs and plans call the plan runtime, "
                      "which needs an enclosing module for its declarations");
      return signalPassFailure();
    }
    // Not on the op: its diagnostic would print the whole module.
    if (stepMinWidth < 1 || stepMaxWidth < 0) {
      mlir::emitError(root->getLoc())
          << "convert-hag-to-scf: step-min-width must be at least 1 and "
             "step-max-width at least 0, not "
          << int64_t(stepMinWidth) << " and " << int64_t(stepMaxWidth);
      return signalPassFailure();
    }
    if (stepMaxWidth != 0 && stepMinWidth > stepMaxWidth) {
      mlir::emitError(root->getLoc())
          << "convert-hag-to-scf: step-min-width " << int64_t(stepMinWidth)
          << " is above step-max-width " << int64_t(stepMaxWidth)
          << " (0 turns steps off)";
      return signalPassFailure();
    }
    if (failed(checkRowCountCallees(root)) ||
        failed(searchConstantBuildPlans(root)))
      return signalPassFailure();
    for (GraphFromEdgesOp op : edgeGraphs)
      lowerGraphFromEdges(op, module);
    for (GraphFromCsrOp op : csrGraphs)
      lowerGraphFromCsr(op);
    // Collected only now: searchConstantBuildPlans erased the plans of
    // constant graphs (collected before, they were lowered after being
    // freed).
    SmallVector<BuildPlanOp> buildPlans;
    root->walk([&](BuildPlanOp op) { buildPlans.push_back(op); });
    for (BuildPlanOp op : buildPlans)
      if (failed(lowerRuntimeBuildPlan(op, module)))
        return signalPassFailure();
    RewritePatternSet patterns(&getContext());
    populateHagToSCFConversionPatterns(
        patterns, KernelShapeOptions{stepMinWidth, stepMaxWidth});
    GreedyRewriteConfig config;
    config.setStrictness(GreedyRewriteStrictness::ExistingOps);
    if (failed(applyPatternsGreedily(root, std::move(patterns), config)))
      return signalPassFailure();
    // Every aggregation must be gone; say which one could not be lowered.
    WalkResult left = root->walk([](Operation *op) {
      if (auto aggregate = dyn_cast<AggregateOp>(op);
          aggregate && aggregate.getGraph().getDefiningOp<GraphLoadOp>()) {
        op->emitError("cannot lower an aggregation over a hag.graph_load: "
                      "run -hag-load-graphs (then -canonicalize) first, "
                      "which reads the file into a constant graph");
        return WalkResult::interrupt();
      }
      if (isa<AggregateOp, PlanAggregateOp>(op)) {
        op->emitError("cannot lower this aggregation yet: it needs a "
                      "built-in reduction or an element-wise f32 combiner, "
                      "over a hag.graph_constant, hag.graph_from_tensors, "
                      "hag.graph_from_edges, hag.plan_constant, "
                      "hag.plan_from_tensors or hag.build_plan");
        return WalkResult::interrupt();
      }
      return WalkResult::advance();
    });
    if (left.wasInterrupted())
      signalPassFailure();
  }
};

} // namespace

void mlir::hag::populateHagToSCFConversionPatterns(
    RewritePatternSet &patterns, const KernelShapeOptions &shape) {
  patterns.add<LowerAggregate>(patterns.getContext());
  patterns.add<LowerPlanAggregate>(patterns.getContext(), shape);
  // hag.build_plan of a constant graph becomes a constant plan first.
  BuildPlanOp::getCanonicalizationPatterns(patterns, patterns.getContext());
}
