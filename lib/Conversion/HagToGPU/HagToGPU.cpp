//===- HagToGPU.cpp - hag aggregations to GPU kernels ---------------------===//
//
// Lowers hag.aggregate and hag.plan_aggregate to gpu.launch kernels over
// memrefs (docs/Pipelines.md "hag-lower-to-cuda", docs/Rationale.md "CUDA
// kernels"). Every kernel maps a group of lanes to one row: a lane owns
// 16-byte column chunks of the row and loops over the row's inputs, loading
// each input's chunk (coalesced across the group, vectorised) with four
// inputs in flight, so no two threads ever write the same element and the
// kernels need no atomics, no shared memory and no barrier. Because threads
// never communicate, the same kernels also run as host loops (`emulate`),
// which is how their logic is tested on machines without a GPU.
//
// Kernels, in stream order:
//  - one per aggregation-node level of a plan: row k = combine of its two
//    inputs, into a scratch buffer of A rows;
//  - rows: the final row of every node with at most `hub-edges` inputs, with
//    self-loop, normalisation and an element-wise epilogue fused;
//  - hub partials and hub rows (when hub-edges > 0): the inputs are cut into
//    segments of `hub-edges`; a row with more inputs (a hub) gets one
//    partial per segment it overlaps, computed in parallel, then the group
//    of the segment holding the hub's first input combines the partials and
//    finishes the row. A hub overlaps a segment either from before it
//    (continuation part) or from inside it (head part), and a segment meets at
//    most one of each, so partials have two slots per segment and no list of
//    hubs is needed.
//
//===----------------------------------------------------------------------===//
#include "hag/Conversion/HagToGPU/HagToGPU.h"

#include "hag/Conversion/AggregationLowering.h"
#include "hag/Conversion/Passes.h"
#include "hag/Dialect/Hag/IR/HagData.h"
#include "hag/Dialect/Hag/IR/HagDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/IR/SymbolTable.h"

#include <limits>

namespace mlir {
namespace hag {
#define GEN_PASS_DEF_CONVERTHAGTOGPUPASS
#include "hag/Conversion/Passes.h.inc"
} // namespace hag
} // namespace mlir

using namespace mlir;
using namespace mlir::hag;

namespace {

/// Inputs loaded before any is combined: enough loads in flight per lane to
/// cover memory latency with the few warps a row group leaves per SM slot.
constexpr int64_t kInputsInFlight = 4;
/// Lanes per row group, at most a warp.
constexpr int64_t kMaxLanes = 32;
/// Bytes a lane loads per input row (one 16-byte vector load).
constexpr int64_t kChunkBytes = 16;

/// A stream unit: `gpu.wait async`, the op made by `body(token)` from it
/// (returning the op's token), then `gpu.wait` on that. The runtime runs all
/// units on one in-order stream, so they stay ordered although their tokens
/// never cross the host loops over levels (docs/Rationale.md, "CUDA
/// kernels").
void streamUnit(ImplicitLocOpBuilder &b, function_ref<Value(Value)> body) {
  Value start =
      gpu::WaitOp::create(b, b.getType<gpu::AsyncTokenType>(), ValueRange{})
          .getAsyncToken();
  gpu::WaitOp::create(b, Type(), ValueRange{body(start)});
}

/// A buffer of `type` with dynamic `sizes`: device memory (`gpu.alloc`), or
/// host memory when the kernels are emulated.
Value allocBuffer(ImplicitLocOpBuilder &b, MemRefType type, ValueRange sizes,
                  bool emulate) {
  // Aligned as cudaMalloc's buffers are (256 bytes): the kernels' chunk
  // loads and stores declare the alignment of a chunk of the feature type's
  // lanes, up to 32 bytes in an f32 scratch buffer of 16-bit features, and
  // malloc's 16 made the emulated vmovaps fault.
  if (emulate)
    return memref::AllocOp::create(b, type, sizes, ValueRange{},
                                   b.getI64IntegerAttr(256));
  Value buffer;
  streamUnit(b, [&](Value start) {
    auto alloc = gpu::AllocOp::create(b, type, b.getType<gpu::AsyncTokenType>(),
                                      ValueRange{start}, sizes, ValueRange{},
                                      /*hostShared=*/false);
    buffer = alloc.getMemref();
    return alloc.getAsyncToken();
  });
  return buffer;
}

/// The buffers and shape of one aggregation, as memrefs.
struct GpuSpec {
  Reduction reduction;
  Normalization normalization;
  bool selfLoops = false;
  Region *combiner = nullptr;
  Value features;  // memref<N x D x T>
  Value offsets;   // memref<N+1 x i64>
  Value indices;   // memref<E x i32>, ids over V (u V_A for plans)
  Value aggInputs; // memref<2A x i32>, plans only
  Value degrees;   // memref<N x i64>, plans that divide by degrees
  /// Symmetric normalization of a constant graph or plan: deg(x)^-1/2 per
  /// node (memref<N x f32>, inputScalesConstant, copied to the device once),
  /// read per input entry instead of computed there from two offsets (or a
  /// degree) and a reciprocal square root: one 4-byte load instead of two
  /// 8-byte ones. Not yet timed on a GPU (the CUDA benchmark runs plain
  /// sums); on the CPU, reading the scales (with a fused multiply-add) took
  /// Cora's normalized call at d = 16 from 0.021 to 0.007 ms.
  Value scales;
  Value levelsMemref;          // host memref<L+1 x i32> (run-time plans)
  SmallVector<int64_t> levels; // compile-time plans
  bool isPlan = false;
  linalg::GenericOp epilogue;
  unsigned epilogueInput = 0;
  SmallVector<Value> epilogueOperands; // memrefs, by input number
  Value out;                           // memref<N x D x T>
};

/// Emits the kernels of one aggregation.
class GpuKernelEmitter {
public:
  GpuKernelEmitter(ImplicitLocOpBuilder &b, GpuSpec &spec, bool emulate,
                   int64_t hubEdges, int64_t blockSize)
      : b(b), spec(spec), emulate(emulate), hubEdges(hubEdges),
        blockSize(blockSize), f32(b.getF32Type()) {}

  void emit();

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
  Value loadIndex(Value memref, Value i) {
    Value element = memref::LoadOp::create(b, memref, ValueRange{i});
    return arith::IndexCastOp::create(b, b.getIndexType(), element);
  }
  Value add(Value x, Value y) { return arith::AddIOp::create(b, x, y); }
  Value sub(Value x, Value y) { return arith::SubIOp::create(b, x, y); }
  Value mul(Value x, Value y) { return arith::MulIOp::create(b, x, y); }
  Value cmp(arith::CmpIPredicate p, Value x, Value y) {
    return arith::CmpIOp::create(b, p, x, y);
  }
  Value minIndex(Value x, Value y) { return arith::MinUIOp::create(b, x, y); }

  /// A W-element chunk at (row, col) of a 2-D memref, as f32 lanes.
  Value loadChunk(Value memref, Value row, Value col) {
    auto type = cast<MemRefType>(memref.getType());
    auto loadType = VectorType::get({width}, type.getElementType());
    auto load =
        vector::LoadOp::create(b, loadType, memref, ValueRange{row, col});
    if (width > 1)
      load.setAlignment(uint64_t(width * type.getElementTypeBitWidth() / 8));
    Value value = load;
    if (type.getElementType() != f32)
      value = arith::ExtFOp::create(b, vecType, value);
    return value;
  }
  void storeChunk(Value value, Value memref, Value row, Value col) {
    auto type = cast<MemRefType>(memref.getType());
    if (type.getElementType() != f32)
      value = arith::TruncFOp::create(
          b, VectorType::get({width}, type.getElementType()), value);
    auto store =
        vector::StoreOp::create(b, value, memref, ValueRange{row, col});
    if (width > 1)
      store.setAlignment(uint64_t(width * type.getElementTypeBitWidth() / 8));
  }

  Value combine(Value acc, Value next) {
    return combineLanes(b, b.getLoc(), spec.reduction, spec.combiner, acc, next,
                        width);
  }
  double identity() const { return reductionIdentity(spec.reduction); }

  /// deg(v) for normalisation and mean (plus one with self-loops).
  Value degree(Value v) {
    Value d;
    if (spec.degrees) {
      d = loadIndex(spec.degrees, v);
    } else {
      auto [begin, end] = inputsOf(v);
      d = sub(end, begin);
    }
    return spec.selfLoops ? add(d, index(1)) : d;
  }
  Value rsqrtDegree(Value v) { return rsqrtOfDegree(b, b.getLoc(), degree(v)); }
  /// deg(v)^-1/2 for symmetric normalization: read from spec.scales when
  /// known, else computed.
  Value inputScale(Value v) {
    if (spec.scales)
      return memref::LoadOp::create(b, spec.scales, ValueRange{v});
    return rsqrtDegree(v);
  }
  Value scaleBy(Value chunk, Value scalar) {
    return arith::MulFOp::create(
        b, chunk, vector::BroadcastOp::create(b, vecType, scalar));
  }

  /// The chunks at `cols` of row `id` of V u V_A: an input row (pre-scaled
  /// for symmetric normalisation) or an aggregation-node row.
  SmallVector<Value> readNode(Value id, ArrayRef<Value> cols);
  /// Folds the rows of inputs [begin, end) of `indices` into `accs`, with
  /// kInputsInFlight indices and rows loaded before they are combined. The
  /// fold order is the list order, so sequential combiners keep it.
  SmallVector<Value> foldInputs(Value begin, Value end, ArrayRef<Value> cols,
                                SmallVector<Value> accs);
  /// The fold of inputs [begin, end) (non-empty for custom combiners, which
  /// have no identity: they start from the first input).
  SmallVector<Value> foldRange(Value begin, Value end, ArrayRef<Value> cols);
  /// Self-loop, mean / normalisation, zeros for an isolated node, epilogue,
  /// then the store of node v's chunks.
  void finishRow(Value v, ArrayRef<Value> cols, SmallVector<Value> accs);

  /// Runs `body(item, lane)` for item in [0, count) with `lanes` lanes per
  /// item: a gpu.launch of blockSize threads per block, or host loops.
  void launch(Value count, function_ref<void(Value, Value)> body);
  /// Calls `body(cols)` for the columns lane `lane` owns: all its chunks at
  /// once for a static width, else one chunk per step of a loop.
  void forLaneChunks(Value lane, function_ref<void(ArrayRef<Value>)> body);
  /// A device (or, emulated, host) buffer of `rows` x D f32 rows, allocated
  /// and freed in stream order.
  Value allocRows(Value rows);
  void free(Value buffer);
  /// The largest r < N with offsets[r] <= e: the row holding input e.
  Value rowOfInput(Value e);
  /// Row r's inputs: [offsets[r], offsets[r + 1]).
  std::pair<Value, Value> inputsOf(Value r) {
    return {loadIndex(spec.offsets, r),
            loadIndex(spec.offsets, add(r, index(1)))};
  }

  void emitLevelKernels();
  void emitRowKernel();
  void emitHubKernels();

  ImplicitLocOpBuilder &b;
  GpuSpec &spec;
  bool emulate;
  int64_t hubEdges;
  int64_t blockSize;
  Type f32;
  /// Elements per chunk (W), lanes per row group (L), chunks per lane (K,
  /// 0 for a dynamic width).
  int64_t width = 1, lanes = kMaxLanes, chunksPerLane = 0;
  VectorType vecType;
  Value numNodes, numCols, numInputs;
  Value agg; // aggregation-node rows, plans only
};

SmallVector<Value> GpuKernelEmitter::readNode(Value id, ArrayRef<Value> cols) {
  auto readInput = [&]() {
    SmallVector<Value> chunks;
    Value scale;
    if (spec.normalization == Normalization::Symmetric)
      scale = inputScale(id);
    for (Value c : cols) {
      Value chunk = loadChunk(spec.features, id, c);
      chunks.push_back(scale ? scaleBy(chunk, scale) : chunk);
    }
    return chunks;
  };
  if (!agg)
    return readInput();
  Value isInput = cmp(arith::CmpIPredicate::ult, id, numNodes);
  SmallVector<Type> types(cols.size(), vecType);
  auto branch = scf::IfOp::create(b, types, isInput, /*withElseRegion=*/true);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(branch.thenBlock());
  scf::YieldOp::create(b, readInput());
  b.setInsertionPointToStart(branch.elseBlock());
  Value row = sub(id, numNodes);
  SmallVector<Value> chunks;
  for (Value c : cols)
    chunks.push_back(loadChunk(agg, row, c));
  scf::YieldOp::create(b, chunks);
  return SmallVector<Value>(branch.getResults());
}

SmallVector<Value> GpuKernelEmitter::foldInputs(Value begin, Value end,
                                                ArrayRef<Value> cols,
                                                SmallVector<Value> accs) {
  auto foldLoop = [&](Value lb, Value ub, int64_t step) {
    auto loop = scf::ForOp::create(b, lb, ub, index(step), accs);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    Value e = loop.getInductionVar();
    // All ids, then all rows, then the combines: the loads are independent
    // and issue back to back.
    SmallVector<Value> ids;
    for (int64_t j = 0; j < step; ++j)
      ids.push_back(loadIndex(spec.indices, j ? add(e, index(j)) : e));
    SmallVector<SmallVector<Value>> rows;
    for (Value id : ids)
      rows.push_back(readNode(id, cols));
    SmallVector<Value> next(loop.getRegionIterArgs());
    for (const SmallVector<Value> &row : rows)
      for (auto [acc, chunk] : llvm::zip(next, row))
        acc = combine(acc, chunk);
    scf::YieldOp::create(b, next);
    return SmallVector<Value>(loop.getResults());
  };
  Value count = sub(end, begin);
  Value whole = mul(arith::DivUIOp::create(b, count, index(kInputsInFlight)),
                    index(kInputsInFlight));
  Value split = add(begin, whole);
  accs = foldLoop(begin, split, kInputsInFlight);
  return foldLoop(split, end, 1);
}

SmallVector<Value> GpuKernelEmitter::foldRange(Value begin, Value end,
                                               ArrayRef<Value> cols) {
  if (!spec.combiner)
    return foldInputs(begin, end, cols,
                      SmallVector<Value>(cols.size(), splat(identity())));
  // A custom combiner has no identity: start from the first input, if any.
  Value nonEmpty = cmp(arith::CmpIPredicate::ult, begin, end);
  SmallVector<Type> types(cols.size(), vecType);
  auto first = scf::IfOp::create(b, types, nonEmpty, /*withElseRegion=*/true);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(first.thenBlock());
    scf::YieldOp::create(b, readNode(loadIndex(spec.indices, begin), cols));
    b.setInsertionPointToStart(first.elseBlock());
    scf::YieldOp::create(b, SmallVector<Value>(cols.size(), splat(0.0)));
  }
  Value rest = minIndex(add(begin, index(1)), end);
  return foldInputs(rest, end, cols, SmallVector<Value>(first.getResults()));
}

void GpuKernelEmitter::finishRow(Value v, ArrayRef<Value> cols,
                                 SmallVector<Value> accs) {
  Value deg = degree(v);
  Value isolated = cmp(arith::CmpIPredicate::eq, deg, index(0));
  Value listEmpty;
  if (spec.selfLoops && spec.combiner) {
    auto [begin, end] = inputsOf(v);
    listEmpty = cmp(arith::CmpIPredicate::eq, begin, end);
  }
  Value scale;
  if (spec.normalization == Normalization::Symmetric)
    scale = inputScale(v);
  for (auto [acc, col] : llvm::zip(accs, cols)) {
    if (spec.selfLoops) {
      Value own = loadChunk(spec.features, v, col);
      if (scale)
        own = scaleBy(own, scale);
      Value withOwn = combine(acc, own);
      if (listEmpty)
        withOwn = arith::SelectOp::create(b, listEmpty, own, withOwn);
      acc = withOwn;
    }
    if (spec.reduction == Reduction::Mean ||
        spec.normalization == Normalization::Row) {
      Value d = arith::UIToFPOp::create(
          b, f32, arith::IndexCastOp::create(b, b.getI64Type(), deg));
      acc = arith::DivFOp::create(b, acc,
                                  vector::BroadcastOp::create(b, vecType, d));
    } else if (scale) {
      acc = scaleBy(acc, scale);
    }
    // A node with no inputs gets zeros (see HagSpec.md, hag.aggregate).
    acc = arith::SelectOp::create(b, isolated, splat(0.0), acc);
    if (spec.epilogue) {
      SmallVector<Value> args;
      for (OpOperand *input : spec.epilogue.getDpsInputOperands()) {
        unsigned i = input->getOperandNumber();
        if (i == spec.epilogueInput) {
          args.push_back(acc);
          continue;
        }
        Value operand = spec.epilogueOperands[i];
        AffineMap map = spec.epilogue.getMatchingIndexingMap(input);
        if (map.getNumResults() == 2) {
          args.push_back(loadChunk(operand, v, col));
        } else if (map.getNumResults() == 1 && map.getDimPosition(0) == 1) {
          auto load =
              vector::LoadOp::create(b, vecType, operand, ValueRange{col});
          args.push_back(load);
        } else {
          SmallVector<Value> at;
          if (map.getNumResults() == 1)
            at.push_back(v);
          Value scalar = memref::LoadOp::create(b, operand, at);
          args.push_back(vector::BroadcastOp::create(b, vecType, scalar));
        }
      }
      acc =
          applyLaneWise(b, b.getLoc(), *spec.epilogue.getBlock(), args, width);
    }
    storeChunk(acc, spec.out, v, col);
  }
}

void GpuKernelEmitter::launch(Value count,
                              function_ref<void(Value, Value)> body) {
  int64_t itemsPerBlock = blockSize / lanes;
  // At least one block: a launch of zero blocks is an error in CUDA, and the
  // guard below makes surplus threads idle.
  Value blocks = arith::CeilDivUIOp::create(b, count, index(itemsPerBlock));
  blocks = arith::MaxUIOp::create(b, blocks, index(1));
  auto perThread = [&](Value block, Value thread) {
    Value lane = arith::RemUIOp::create(b, thread, index(lanes));
    Value slot = arith::DivUIOp::create(b, thread, index(lanes));
    Value item = add(mul(block, index(itemsPerBlock)), slot);
    Value active = arith::AndIOp::create(
        b, cmp(arith::CmpIPredicate::ult, slot, index(itemsPerBlock)),
        cmp(arith::CmpIPredicate::ult, item, count));
    auto guard = scf::IfOp::create(b, active, /*withElseRegion=*/false);
    OpBuilder::InsertionGuard inner(b);
    b.setInsertionPointToStart(guard.thenBlock());
    body(item, lane);
  };
  if (emulate) {
    // Threads never communicate, so running them one after another is exact.
    auto blocksLoop = scf::ForallOp::create(
        b, ArrayRef<OpFoldResult>{b.getIndexAttr(0)},
        ArrayRef<OpFoldResult>{blocks},
        ArrayRef<OpFoldResult>{b.getIndexAttr(1)}, ValueRange{}, std::nullopt);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(blocksLoop.getBody());
    auto threads = scf::ForOp::create(b, index(0), index(blockSize), index(1));
    b.setInsertionPointToStart(threads.getBody());
    perThread(blocksLoop.getInductionVar(0), threads.getInductionVar());
    return;
  }
  // Each launch waits for the work before it on the runtime's in-order
  // stream (docs/Runtime.md); the token is consumed at once because tokens
  // cannot cross the host loops over levels.
  Value one = index(1);
  streamUnit(b, [&](Value start) {
    auto kernel = gpu::LaunchOp::create(
        b, blocks, one, one, index(blockSize), one, one,
        /*dynamicSharedMemorySize=*/Value(), b.getType<gpu::AsyncTokenType>(),
        ValueRange{start});
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(&kernel.getBody().front());
    perThread(kernel.getBlockIds().x, kernel.getThreadIds().x);
    gpu::TerminatorOp::create(b);
    return kernel.getAsyncToken();
  });
}

void GpuKernelEmitter::forLaneChunks(Value lane,
                                     function_ref<void(ArrayRef<Value>)> body) {
  if (chunksPerLane) {
    SmallVector<Value> cols;
    for (int64_t k = 0; k < chunksPerLane; ++k)
      cols.push_back(mul(add(lane, index(k * lanes)), index(width)));
    body(cols);
    return;
  }
  auto loop = scf::ForOp::create(b, lane, numCols, index(lanes));
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(loop.getBody());
  body({loop.getInductionVar()});
}

Value GpuKernelEmitter::allocRows(Value rows) {
  auto type =
      MemRefType::get({ShapedType::kDynamic,
                       cast<MemRefType>(spec.out.getType()).getDimSize(1)},
                      f32);
  SmallVector<Value> sizes = {rows};
  if (type.isDynamicDim(1))
    sizes.push_back(numCols);
  return allocBuffer(b, type, sizes, emulate);
}

void GpuKernelEmitter::free(Value buffer) {
  // Emulated, the host pipeline's buffer deallocation frees it (and refuses
  // a dealloc written here).
  if (emulate)
    return;
  streamUnit(b, [&](Value start) {
    return gpu::DeallocOp::create(b, b.getType<gpu::AsyncTokenType>(),
                                  ValueRange{start}, buffer)
        .getAsyncToken();
  });
}

Value GpuKernelEmitter::rowOfInput(Value e) {
  // Binary search over offsets[0..N]: offsets[lo] <= e < offsets[hi] holds
  // throughout (offsets[0] = 0 <= e < E = offsets[N]).
  auto search = scf::WhileOp::create(
      b, TypeRange{b.getIndexType(), b.getIndexType()},
      ValueRange{index(0), numNodes},
      [&](OpBuilder &, Location, ValueRange range) {
        Value wide =
            cmp(arith::CmpIPredicate::ugt, sub(range[1], range[0]), index(1));
        scf::ConditionOp::create(b, wide, range);
      },
      [&](OpBuilder &, Location, ValueRange range) {
        Value mid =
            arith::DivUIOp::create(b, add(range[0], range[1]), index(2));
        Value atOrBefore =
            cmp(arith::CmpIPredicate::ule, loadIndex(spec.offsets, mid), e);
        Value lo = arith::SelectOp::create(b, atOrBefore, mid, range[0]);
        Value hi = arith::SelectOp::create(b, atOrBefore, range[1], mid);
        scf::YieldOp::create(b, ValueRange{lo, hi});
      });
  return search.getResult(0);
}

void GpuKernelEmitter::emitLevelKernels() {
  auto levelKernel = [&](Value begin, Value end) {
    launch(sub(end, begin), [&](Value item, Value lane) {
      Value k = add(begin, item);
      Value first = mul(k, index(2));
      Value left = loadIndex(spec.aggInputs, first);
      Value right = loadIndex(spec.aggInputs, add(first, index(1)));
      forLaneChunks(lane, [&](ArrayRef<Value> cols) {
        SmallVector<Value> l = readNode(left, cols);
        SmallVector<Value> r = readNode(right, cols);
        for (auto [x, y, c] : llvm::zip(l, r, cols))
          storeChunk(combine(x, y), agg, k, c);
      });
    });
  };
  if (!spec.levelsMemref) {
    for (size_t l = 0; l + 1 < spec.levels.size(); ++l)
      levelKernel(index(spec.levels[l]), index(spec.levels[l + 1]));
    return;
  }
  // A run-time plan: its levels are read on the host (host memory).
  Value numLevels =
      sub(memref::DimOp::create(b, spec.levelsMemref, 0), index(1));
  auto loop = scf::ForOp::create(b, index(0), numLevels, index(1));
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(loop.getBody());
  Value l = loop.getInductionVar();
  levelKernel(loadIndex(spec.levelsMemref, l),
              loadIndex(spec.levelsMemref, add(l, index(1))));
}

void GpuKernelEmitter::emitRowKernel() {
  launch(numNodes, [&](Value v, Value lane) {
    // Plain values, not structured bindings: a C++17 lambda cannot capture
    // those.
    Value begin, end;
    std::tie(begin, end) = inputsOf(v);
    auto body = [&]() {
      forLaneChunks(lane, [&](ArrayRef<Value> cols) {
        finishRow(v, cols, foldRange(begin, end, cols));
      });
    };
    if (!hubEdges) {
      body();
      return;
    }
    // Hubs are left to the hub kernels.
    Value light =
        cmp(arith::CmpIPredicate::ule, sub(end, begin), index(hubEdges));
    auto guard = scf::IfOp::create(b, light, /*withElseRegion=*/false);
    OpBuilder::InsertionGuard inner(b);
    b.setInsertionPointToStart(guard.thenBlock());
    body();
  });
}

void GpuKernelEmitter::emitHubKernels() {
  Value segmentSize = index(hubEdges);
  Value numSegments = arith::CeilDivUIOp::create(b, numInputs, segmentSize);
  Value partials = allocRows(mul(numSegments, index(2)));
  auto segmentBounds = [&](Value s) {
    Value first = mul(s, segmentSize);
    return std::make_pair(first, minIndex(add(first, segmentSize), numInputs));
  };
  auto isHub = [&](Value begin, Value end) {
    return cmp(arith::CmpIPredicate::ugt, sub(end, begin), segmentSize);
  };
  // Partials: the hub parts of segment s. Part 2s is the continuation of a
  // hub that started before the segment, 2s + 1 the head of one starting in
  // it; no hub fits strictly inside a segment, so the row of the first and
  // of the last input of the segment are the only candidates.
  launch(numSegments, [&](Value s, Value lane) {
    auto [first, last] = segmentBounds(s);
    auto partial = [&](Value slot, Value from, Value to) {
      forLaneChunks(lane, [&](ArrayRef<Value> cols) {
        SmallVector<Value> accs = foldRange(from, to, cols);
        for (auto [acc, c] : llvm::zip(accs, cols))
          storeChunk(acc, partials, slot, c);
      });
    };
    Value r0 = rowOfInput(first);
    auto [begin0, end0] = inputsOf(r0);
    {
      auto guard =
          scf::IfOp::create(b, isHub(begin0, end0), /*withElseRegion=*/false);
      OpBuilder::InsertionGuard inner(b);
      b.setInsertionPointToStart(guard.thenBlock());
      Value startsHere = cmp(arith::CmpIPredicate::eq, begin0, first);
      Value slot =
          add(mul(s, index(2)),
              arith::SelectOp::create(b, startsHere, index(1), index(0)));
      partial(slot, first, minIndex(end0, last));
    }
    Value r1 = rowOfInput(sub(last, index(1)));
    auto [begin1, end1] = inputsOf(r1);
    Value another = arith::AndIOp::create(
        b, cmp(arith::CmpIPredicate::ne, r1, r0), isHub(begin1, end1));
    auto guard = scf::IfOp::create(b, another, /*withElseRegion=*/false);
    OpBuilder::InsertionGuard inner(b);
    b.setInsertionPointToStart(guard.thenBlock());
    partial(add(mul(s, index(2)), index(1)), begin1, last);
  });
  // Hub rows: the segment holding a hub's first input combines the hub's
  // partials in segment order and finishes the row.
  launch(numSegments, [&](Value s, Value lane) {
    auto [first, last] = segmentBounds(s);
    Value r = rowOfInput(sub(last, index(1)));
    auto [begin, end] = inputsOf(r);
    Value headHere = arith::AndIOp::create(
        b, cmp(arith::CmpIPredicate::uge, begin, first), isHub(begin, end));
    auto guard = scf::IfOp::create(b, headHere, /*withElseRegion=*/false);
    OpBuilder::InsertionGuard inner(b);
    b.setInsertionPointToStart(guard.thenBlock());
    Value lastSegment =
        arith::DivUIOp::create(b, sub(end, index(1)), segmentSize);
    forLaneChunks(lane, [&](ArrayRef<Value> cols) {
      SmallVector<Value> accs;
      Value head = add(mul(s, index(2)), index(1));
      for (Value c : cols)
        accs.push_back(loadChunk(partials, head, c));
      auto loop = scf::ForOp::create(
          b, add(s, index(1)), add(lastSegment, index(1)), index(1), accs);
      {
        OpBuilder::InsertionGuard body(b);
        b.setInsertionPointToStart(loop.getBody());
        Value slot = mul(loop.getInductionVar(), index(2));
        SmallVector<Value> next;
        for (auto [acc, c] : llvm::zip(loop.getRegionIterArgs(), cols))
          next.push_back(combine(acc, loadChunk(partials, slot, c)));
        scf::YieldOp::create(b, next);
      }
      finishRow(r, cols, SmallVector<Value>(loop.getResults()));
    });
  });
  free(partials);
}

void GpuKernelEmitter::emit() {
  auto outType = cast<MemRefType>(spec.out.getType());
  auto elementType = outType.getElementType();
  // 16-byte chunks when the width allows, else one element per lane.
  int64_t perChunk = kChunkBytes * 8 / elementType.getIntOrFloatBitWidth();
  if (!outType.isDynamicDim(1)) {
    int64_t cols = outType.getDimSize(1);
    width = cols % perChunk == 0 ? perChunk : 1;
    int64_t chunks = cols / width;
    // The most lanes (up to a warp) that divide the chunks evenly.
    lanes = 1;
    for (int64_t l = std::min(chunks, kMaxLanes); l >= 1; --l)
      if (chunks % l == 0) {
        lanes = l;
        break;
      }
    chunksPerLane = chunks / lanes;
  }
  vecType = VectorType::get({width}, f32);
  numNodes = memref::DimOp::create(b, spec.out, 0);
  numCols = memref::DimOp::create(b, spec.out, 1);
  numInputs = memref::DimOp::create(b, spec.indices, 0);
  if (spec.isPlan) {
    Value numAggs = arith::DivUIOp::create(
        b, memref::DimOp::create(b, spec.aggInputs, 0), index(2));
    agg = allocRows(numAggs);
    emitLevelKernels();
  }
  emitRowKernel();
  if (hubEdges)
    emitHubKernels();
  if (agg)
    free(agg);
}

//===----------------------------------------------------------------------===//
// From tensors to buffers
//===----------------------------------------------------------------------===//

/// Turns the tensor operands of an aggregation into the buffers its kernels
/// read: function arguments and results of earlier aggregations are device
/// buffers already; constants are copied to the device once by the runtime
/// (hagCudaDeviceCopy*, cached per constant).
class OperandBuffers {
public:
  OperandBuffers(ImplicitLocOpBuilder &b, ModuleOp module, bool emulate)
      : b(b), module(module), emulate(emulate) {}

  /// A buffer of `tensor` for the kernels, or failure with a diagnostic on
  /// `user` (an operand computed on the host cannot be read by a kernel).
  FailureOr<Value> deviceBuffer(Value tensor, Operation *user, StringRef what);
  /// A buffer of `tensor` the host reads (plan levels).
  Value hostBuffer(Value tensor) { return toBuffer(tensor); }

private:
  Value toBuffer(Value tensor) {
    auto type = cast<RankedTensorType>(tensor.getType());
    return bufferization::ToBufferOp::create(
        b, MemRefType::get(type.getShape(), type.getElementType()), tensor,
        /*readOnly=*/true);
  }
  /// The declaration of the runtime's copy function for `element`.
  FailureOr<func::FuncOp> copyFunction(Type element);

  ImplicitLocOpBuilder &b;
  ModuleOp module;
  bool emulate;
};

FailureOr<func::FuncOp> OperandBuffers::copyFunction(Type element) {
  StringRef name;
  if (element.isInteger(32))
    name = "hagCudaDeviceCopyI32";
  else if (element.isInteger(64))
    name = "hagCudaDeviceCopyI64";
  else if (element.isF32())
    name = "hagCudaDeviceCopyF32";
  else
    return failure();
  if (auto existing = module.lookupSymbol<func::FuncOp>(name))
    return existing;
  auto type = MemRefType::get({ShapedType::kDynamic}, element);
  OpBuilder top(module.getBodyRegion());
  auto function = func::FuncOp::create(top, module.getLoc(), name,
                                       top.getFunctionType({type}, {type}));
  function.setPrivate();
  // The runtime takes MLIR's C interface (descriptor pointers).
  function->setAttr("llvm.emit_c_interface", top.getUnitAttr());
  return function;
}

FailureOr<Value> OperandBuffers::deviceBuffer(Value tensor, Operation *user,
                                              StringRef what) {
  if (emulate)
    return toBuffer(tensor);
  Value source = tensor;
  while (auto cast = source.getDefiningOp<tensor::CastOp>())
    source = cast.getSource();
  Operation *def = source.getDefiningOp();
  if (!def || isa<bufferization::ToTensorOp, AggregateOp, PlanAggregateOp>(def))
    return toBuffer(tensor);
  if (!isa<arith::ConstantOp>(def)) {
    user->emitError() << "on the cuda target, the " << what
                      << " must be a function argument (device memory), a "
                         "constant or another aggregation's result; here it "
                         "is computed on the host by '"
                      << def->getName() << "'";
    return failure();
  }
  auto type = cast<RankedTensorType>(tensor.getType());
  FailureOr<func::FuncOp> copy = copyFunction(type.getElementType());
  if (failed(copy) || !type.hasStaticShape() || type.getRank() > 2) {
    user->emitError() << "on the cuda target, the constant " << what
                      << " must be a static 1-D or 2-D tensor of i32, i64 or "
                         "f32, got "
                      << type;
    return failure();
  }
  Value host = toBuffer(tensor);
  auto hostType = cast<MemRefType>(host.getType());
  Value flat = host;
  if (type.getRank() == 2)
    flat = memref::CollapseShapeOp::create(
        b, host, ArrayRef<ReassociationIndices>{{0, 1}});
  auto dynamicType =
      MemRefType::get({ShapedType::kDynamic}, type.getElementType());
  Value dynamic = memref::CastOp::create(b, dynamicType, flat);
  Value device =
      func::CallOp::create(b, *copy, ValueRange{dynamic}).getResult(0);
  auto flatType =
      MemRefType::get({type.getNumElements()}, type.getElementType());
  Value shaped = memref::CastOp::create(b, flatType, device);
  if (type.getRank() == 2)
    shaped = memref::ExpandShapeOp::create(
        b, hostType.getShape(), shaped, ArrayRef<ReassociationIndices>{{0, 1}});
  return shaped;
}

/// Custom combiners are lowered for f32 rows when lane-wise.
template <typename AggregateLikeOp>
LogicalResult checkLowerable(AggregateLikeOp op) {
  if (op.getReduction() != Reduction::Custom)
    return success();
  if (!op.getFeatures().getType().getElementType().isF32())
    return op.emitError("cannot lower to GPU kernels yet: a custom combiner "
                        "over non-f32 rows");
  if (!isLaneWiseRegion(op.getCombiner()))
    return op.emitError("cannot lower to GPU kernels yet: the combiner is not "
                        "element-wise");
  return success();
}

struct ConvertHagToGPUPass
    : public mlir::hag::impl::ConvertHagToGPUPassBase<ConvertHagToGPUPass> {
  using Base::Base;

  void runOnOperation() override {
    // A block holds whole rows of up to kMaxLanes lanes each (a smaller
    // block held none, launched nothing and left every row unwritten), and
    // CUDA allows at most 1024 threads per block.
    if (blockSize < kMaxLanes || blockSize > 1024 || blockSize % kMaxLanes) {
      getOperation().emitError()
          << "convert-hag-to-gpu: block-size " << int64_t(blockSize)
          << " is not a multiple of " << kMaxLanes << " from " << kMaxLanes
          << " to 1024";
      return signalPassFailure();
    }
    if (hubEdges < 0) {
      getOperation().emitError() << "convert-hag-to-gpu: hub-edges "
                                 << int64_t(hubEdges) << " is negative";
      return signalPassFailure();
    }
    if (failed(searchConstantBuildPlans(getOperation())))
      return signalPassFailure();
    SmallVector<Operation *> aggregations;
    getOperation().walk([&](Operation *op) {
      if (isa<AggregateOp, PlanAggregateOp>(op))
        aggregations.push_back(op);
    });
    for (Operation *op : aggregations)
      if (failed(lower(op)))
        return signalPassFailure();
    // The graph and plan values the aggregations read are dead now.
    SmallVector<Operation *> hagOps;
    getOperation().walk([&](Operation *op) {
      if (isa<HagDialect>(op->getDialect()))
        hagOps.push_back(op);
    });
    // Users come after their operands' producers: erase in reverse.
    for (Operation *op : llvm::reverse(hagOps))
      if (isOpTriviallyDead(op))
        op->erase();
  }

  LogicalResult lower(Operation *op);
  LogicalResult lowerSpec(Operation *op, GpuSpec &spec, OperandBuffers &buffers,
                          ImplicitLocOpBuilder &b);
};

template <typename AggregateLikeOp>
void commonSpec(AggregateLikeOp op, GpuSpec &spec) {
  spec.reduction = op.getReduction();
  spec.normalization = op.getNormalization();
  spec.selfLoops = op.getSelfLoops();
  if (op.getReduction() == Reduction::Custom)
    spec.combiner = &op.getCombiner();
}

LogicalResult ConvertHagToGPUPass::lower(Operation *op) {
  ModuleOp module = getOperation();
  ImplicitLocOpBuilder b(op->getLoc(), op);
  GpuSpec spec;
  OperandBuffers buffers(b, module, emulate);
  // The fused epilogue decides where the kernels are emitted: at the
  // epilogue, whose other operands are defined there.
  if (auto epilogue = findEpilogue(op)) {
    spec.epilogue = epilogue->first;
    spec.epilogueInput = epilogue->second;
    b.setInsertionPoint(spec.epilogue);
  }
  return lowerSpec(op, spec, buffers, b);
}

LogicalResult ConvertHagToGPUPass::lowerSpec(Operation *op, GpuSpec &spec,
                                             OperandBuffers &buffers,
                                             ImplicitLocOpBuilder &b) {
  auto device = [&](Value tensor, StringRef what) {
    return buffers.deviceBuffer(tensor, op, what);
  };
  Value features;
  // A constant graph's or plan's symmetric scales (tensor<N x f32>).
  Value scales;
  bool sequential = false;
  // The longest input list, when the graph or plan is a constant: then the
  // hub kernels are left out if no row is a hub.
  std::optional<int64_t> longestList;
  auto longestOf = [](ArrayRef<int64_t> offsets) {
    int64_t longest = 0;
    for (size_t v = 0; v + 1 < offsets.size(); ++v)
      longest = std::max(longest, offsets[v + 1] - offsets[v]);
    return longest;
  };
  if (auto aggregate = dyn_cast<AggregateOp>(op)) {
    if (failed(checkLowerable(aggregate)))
      return failure();
    commonSpec(aggregate, spec);
    features = aggregate.getFeatures();
    sequential =
        aggregate.getAggregationClass() == AggregationClass::Sequential;
    Value graph = aggregate.getGraph();
    Value offsets, indices;
    if (auto constant = graph.getDefiningOp<GraphConstantOp>()) {
      offsets = arith::ConstantOp::create(b, constant.getOffsets());
      indices = arith::ConstantOp::create(b, constant.getIndices());
      if (auto values = readIntegers(constant.getOffsets(), 64)) {
        longestList = longestOf(*values);
        if (spec.normalization == Normalization::Symmetric) {
          SmallVector<int64_t> degrees;
          for (size_t v = 0; v + 1 < values->size(); ++v)
            degrees.push_back((*values)[v + 1] - (*values)[v]);
          scales = inputScalesConstant(b, b.getLoc(), degrees, spec.selfLoops);
        }
      }
    } else if (auto fromTensors = graph.getDefiningOp<GraphFromTensorsOp>()) {
      offsets = fromTensors.getOffsets();
      indices = fromTensors.getIndices();
    } else if (graph.getDefiningOp<GraphFromCsrOp>()) {
      return op->emitError("cannot lower to GPU kernels yet: a "
                           "hag.graph_from_csr (its matrix's sparse buffers "
                           "are lowered on the cpu target only); pass its "
                           "positions and coordinates as a "
                           "hag.graph_from_tensors");
    } else if (graph.getDefiningOp<GraphLoadOp>()) {
      return op->emitError("cannot lower to GPU kernels an aggregation over "
                           "a hag.graph_load: run -hag-load-graphs (then "
                           "-canonicalize) first, which reads the file into "
                           "a constant graph");
    } else {
      return op->emitError("cannot lower to GPU kernels: the graph must be a "
                           "hag.graph_constant or hag.graph_from_tensors");
    }
    FailureOr<Value> o = device(offsets, "graph offsets");
    FailureOr<Value> i = device(indices, "graph indices");
    if (failed(o) || failed(i))
      return failure();
    spec.offsets = *o;
    spec.indices = *i;
  } else {
    auto planAggregate = cast<PlanAggregateOp>(op);
    if (failed(checkLowerable(planAggregate)))
      return failure();
    commonSpec(planAggregate, spec);
    features = planAggregate.getFeatures();
    sequential =
        planAggregate.getAggregationClass() == AggregationClass::Sequential;
    spec.isPlan = true;
    Value aggInputs, listOffsets, listIndices, degrees;
    if (auto fromTensors =
            planAggregate.getPlan().getDefiningOp<PlanFromTensorsOp>()) {
      if (fromTensors.getTiles())
        return op->emitError("cannot lower to GPU kernels: a tiled run-time "
                             "plan runs on the cpu target (build it with "
                             "tile_nodes = 0 for cuda)");
      // The GPU kernels run pairs, and a run-time plan's wide nodes cannot
      // be binarized here (hag::binarize renumbers the lists). Its splits
      // are harmless: the kernels check every entry anyway.
      if (fromTensors.getAggOffsets())
        return op->emitError("cannot lower to GPU kernels: a run-time plan "
                             "with wide aggregation nodes (agg_offsets) runs "
                             "on the cpu target (build it with max_inputs = "
                             "2 for cuda)");
      aggInputs = fromTensors.getAggInputs();
      listOffsets = fromTensors.getListOffsets();
      listIndices = fromTensors.getListIndices();
      degrees = fromTensors.getDegrees();
      spec.levelsMemref = buffers.hostBuffer(fromTensors.getLevels());
    } else if (auto constant =
                   planAggregate.getPlan().getDefiningOp<PlanConstantOp>()) {
      std::optional<::hag::Hag> hag = getHag(constant);
      if (!hag)
        return op->emitError("cannot lower to GPU kernels: the plan constant "
                             "holds no data");
      if (hag->isTiled())
        return op->emitError(
            "cannot lower a tiled plan to GPU kernels: search it with "
            "tile-nodes=0 (the cuda target's default)");
      // The GPU kernels run two-input nodes: a wide plan's nodes become
      // trees of pairs (hag::binarize), which renumbers them, so the lists
      // are taken from the binarized HAG rather than from the constant.
      if (!hag->aggInputs.isBinary())
        hag = ::hag::binarize(*hag);
      MLIRContext *ctx = b.getContext();
      std::vector<int32_t> flat;
      for (const auto &inputs : hag->aggInputs)
        for (::hag::NodeId in : inputs)
          flat.push_back(int32_t(in));
      aggInputs = arith::ConstantOp::create(
          b, makeI32Array(ctx, {int64_t(flat.size())}, flat, "hag_agg_inputs"));
      std::vector<uint64_t> original = ::hag::originalDegrees(*hag);
      std::vector<int64_t> degreeValues(original.begin(), original.end());
      degrees = arith::ConstantOp::create(
          b, makeI64Array(ctx, {int64_t(degreeValues.size())}, degreeValues,
                          "hag_degrees"));
      if (spec.normalization == Normalization::Symmetric)
        scales =
            inputScalesConstant(b, b.getLoc(), degreeValues, spec.selfLoops);
      std::vector<int64_t> planOffsets(hag->listOffsets.begin(),
                                       hag->listOffsets.end());
      std::vector<int32_t> planIndices(hag->listIndices.begin(),
                                       hag->listIndices.end());
      listOffsets = arith::ConstantOp::create(
          b, makeI64Array(ctx, {int64_t(planOffsets.size())}, planOffsets,
                          "hag_list_offsets"));
      listIndices = arith::ConstantOp::create(
          b, makeI32Array(ctx, {int64_t(planIndices.size())}, planIndices,
                          "hag_list_indices"));
      spec.levels.assign(hag->levelBegin.begin(), hag->levelBegin.end());
      longestList = longestOf(planOffsets);
    } else {
      return op->emitError("cannot lower to GPU kernels: the plan must be a "
                           "hag.plan_constant or hag.plan_from_tensors");
    }
    FailureOr<Value> a = device(aggInputs, "plan aggregation inputs");
    // Input j of aggregation node k is element 2k + j.
    if (succeeded(a) && cast<ShapedType>(a->getType()).getRank() == 2)
      a = memref::CollapseShapeOp::create(
              b, *a, ArrayRef<ReassociationIndices>{{0, 1}})
              .getResult();
    FailureOr<Value> o = device(listOffsets, "plan list offsets");
    FailureOr<Value> i = device(listIndices, "plan list indices");
    if (failed(a) || failed(o) || failed(i))
      return failure();
    spec.aggInputs = *a;
    spec.offsets = *o;
    spec.indices = *i;
    if (degrees) {
      FailureOr<Value> d = device(degrees, "plan degrees");
      if (failed(d))
        return failure();
      spec.degrees = *d;
    }
  }
  FailureOr<Value> x = device(features, "features");
  if (failed(x))
    return failure();
  spec.features = *x;
  if (scales) {
    FailureOr<Value> s = device(scales, "input scales");
    if (failed(s))
      return failure();
    spec.scales = *s;
  }
  // Rows or nodes known only at run time are checked against each other on
  // the host before any kernel reads them.
  if (failed(emitRowCountCheck(b, op, spec.features, spec.offsets)))
    return failure();
  if (spec.epilogue) {
    spec.epilogueOperands.resize(spec.epilogue->getNumOperands());
    for (OpOperand *input : spec.epilogue.getDpsInputOperands()) {
      if (input->getOperandNumber() == spec.epilogueInput)
        continue;
      FailureOr<Value> buffer = device(input->get(), "epilogue operand");
      if (failed(buffer))
        return failure();
      spec.epilogueOperands[input->getOperandNumber()] = *buffer;
    }
  }

  // The result: written straight into a caller's buffer when it is
  // materialized into one, else into a fresh buffer (device memory).
  Operation *producer = spec.epilogue ? spec.epilogue.getOperation() : op;
  Value result = producer->getResult(0);
  auto resultType = cast<RankedTensorType>(result.getType());
  bufferization::MaterializeInDestinationOp materialize;
  if (result.hasOneUse())
    materialize = dyn_cast<bufferization::MaterializeInDestinationOp>(
        *result.getUsers().begin());
  if (materialize && !isa<BaseMemRefType>(materialize.getDest().getType()))
    materialize = {};
  auto memrefType =
      MemRefType::get(resultType.getShape(), resultType.getElementType());
  if (materialize) {
    spec.out = materialize.getDest();
  } else {
    SmallVector<Value> sizes;
    for (int64_t d = 0; d < 2; ++d)
      if (resultType.isDynamicDim(d))
        sizes.push_back(memref::DimOp::create(b, spec.features, d));
    spec.out = allocBuffer(b, memrefType, sizes, emulate);
  }
  // Sequential folds keep their order, so their rows are never split.
  int64_t hubs = sequential ? 0 : int64_t(hubEdges);
  if (longestList && *longestList <= hubs)
    hubs = 0;
  GpuKernelEmitter(b, spec, emulate, hubs, blockSize).emit();

  if (materialize) {
    materialize->erase();
  } else {
    Value tensor = bufferization::ToTensorOp::create(
        b, resultType, spec.out, /*restrict=*/b.getUnitAttr(),
        /*writable=*/b.getUnitAttr());
    result.replaceAllUsesWith(tensor);
  }
  if (spec.epilogue)
    spec.epilogue->erase();
  op->erase();
  return success();
}

} // namespace
