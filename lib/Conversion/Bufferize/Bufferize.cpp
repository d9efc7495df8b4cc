//===- Bufferize.cpp - Tensors to buffers, sparse ones included -----------===//
//
// --hag-bufferize: the bufferization stage of hag-lower-to-cpu. Dense
// modules get upstream's one-shot bufferization unchanged; a module that
// holds sparse tensors (the sparse ops around hag ops that raising left, or
// the matrix of a hag.graph_from_csr) needs the sparsifier, whose
// mini-pipeline bufferizes dense and sparse ops together. Which one a module
// needs is only known from its types, so the pass looks and runs one.
//
//===----------------------------------------------------------------------===//
#include "hag/Conversion/Passes.h"
#include "hag/Dialect/Hag/IR/HagData.h"
#include "hag/Dialect/Hag/IR/HagDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Bufferization/Transforms/OneShotAnalysis.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/SparseTensor/IR/SparseTensor.h"
#include "mlir/Dialect/SparseTensor/IR/SparseTensorType.h"
#include "mlir/Dialect/SparseTensor/Transforms/Passes.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Pass/PassManager.h"

#include <algorithm>

namespace mlir {
namespace hag {
#define GEN_PASS_DEF_BUFFERIZEPASS
#include "hag/Conversion/Passes.h.inc"
} // namespace hag
} // namespace mlir

using namespace mlir;

namespace {

/// True if any value, block argument or function type in `module` is a
/// sparse tensor.
bool holdsSparseTensors(ModuleOp module) {
  auto sparse = [](Type type) {
    return sparse_tensor::getSparseTensorEncoding(type) != nullptr;
  };
  auto anySparse = [&](TypeRange types) { return llvm::any_of(types, sparse); };
  WalkResult found = module.walk([&](Operation *op) {
    if (anySparse(op->getOperandTypes()) || anySparse(op->getResultTypes()))
      return WalkResult::interrupt();
    if (auto func = dyn_cast<FunctionOpInterface>(op))
      if (anySparse(func.getArgumentTypes()) ||
          anySparse(func.getResultTypes()))
        return WalkResult::interrupt();
    for (Region &region : op->getRegions())
      for (Block &block : region)
        if (anySparse(block.getArgumentTypes()))
          return WalkResult::interrupt();
    return WalkResult::advance();
  });
  return found.wasInterrupted();
}

/// A constant CSR matrix, `sparse_tensor.convert` of an `arith.constant`,
/// becomes `sparse_tensor.assemble` of constant position, coordinate and
/// value arrays. The sparsifier would insert the entries one by one, each an
/// op: 13k for Cora's adjacency, over which the deallocation pipeline after
/// bufferization ran for more than 10 minutes. Entries are sorted by row,
/// then column, as the compressed level orders them; values of another
/// type are converted to the matrix's (floats rounded to nearest, signed
/// integers as signed, unsigned ones and booleans as unsigned). The constant
/// may be sparse, dense, or a dense_resource blob of f32 or f64 (torch-mlir's
/// form). Left to the sparsifier, when it has the matrix's element type: a
/// constant with no entry (an assemble of empty arrays does not lower) or with
/// an explicitly stored zero. The sparsifier cannot convert types, so of
/// another type a stored zero is dropped and an empty constant becomes a zero
/// constant of the matrix's type. Refused: a constant that stores an entry
/// twice (the sparsifier crashed on it), one whose counts overflow the
/// encoding's position or coordinate width (it stored them truncated), and
/// values that convert to no float.
///
/// Returns true when `op` was replaced, false when it is left to the
/// sparsifier, failure (with an error on `op`) when it is refused.
FailureOr<bool> assembleConstantCsr(sparse_tensor::ConvertOp op,
                                    RewriterBase &rewriter) {
  auto type = cast<RankedTensorType>(op.getDest().getType());
  if (!mlir::hag::isCsrMatrix(type) || !type.hasStaticShape() ||
      sparse_tensor::getSparseTensorEncoding(op.getSource().getType()))
    return false;
  ElementsAttr constant;
  if (!matchPattern(op.getSource(), m_Constant(&constant)))
    return false;
  // Values of another type are converted as sparse_tensor.convert does
  // (rounded to nearest); the sparsifier's own lowering of such a convert
  // builds invalid IR.
  Type valueType = type.getElementType();
  auto convertValue = [&](Attribute value) -> Attribute {
    if (cast<TypedAttr>(value).getType() == valueType)
      return value;
    auto floatType = dyn_cast<FloatType>(valueType);
    if (!floatType)
      return nullptr;
    APFloat converted(floatType.getFloatSemantics());
    bool lost = false;
    if (auto floatValue = dyn_cast<FloatAttr>(value)) {
      converted = floatValue.getValue();
      converted.convert(floatType.getFloatSemantics(),
                        APFloat::rmNearestTiesToEven, &lost);
    } else if (auto intValue = dyn_cast<IntegerAttr>(value)) {
      // Unsigned integers and booleans (i1: true is 1, not -1) are read
      // unsigned, the others signed.
      auto intType = cast<IntegerType>(intValue.getType());
      bool isSigned = !intType.isUnsigned() && intType.getWidth() > 1;
      converted.convertFromAPInt(intValue.getValue(), isSigned,
                                 APFloat::rmNearestTiesToEven);
    } else {
      return nullptr;
    }
    return FloatAttr::get(floatType, converted);
  };
  const int64_t rows = type.getDimSize(0), columns = type.getDimSize(1);
  std::optional<SmallVector<mlir::hag::ConstantMatrixEntry>> stored =
      mlir::hag::constantMatrixEntries(constant);
  if (!stored)
    return false;
  using Entry = mlir::hag::ConstantMatrixEntry;
  SmallVector<Entry> entries = std::move(*stored);
  auto isZero = [](const Entry &entry) {
    return matchPattern(entry.value, m_AnyZeroFloat()) ||
           matchPattern(entry.value, m_Zero());
  };
  const bool converts = constant.getElementType() != valueType;
  if (converts) {
    // The sparsifier cannot convert types: an explicitly stored zero is
    // dropped (it is a zero of the matrix either way), and a constant
    // without entries becomes a zero constant of the matrix's type, which
    // the sparsifier converts.
    llvm::erase_if(entries, isZero);
    if (entries.empty()) {
      auto zeros = RankedTensorType::get(type.getShape(), valueType);
      Value zero = arith::ConstantOp::create(rewriter, op.getLoc(),
                                             rewriter.getZeroAttr(zeros));
      rewriter.modifyOpInPlace(op, [&] { op.getSourceMutable().assign(zero); });
      return true;
    }
  } else if (llvm::any_of(entries, isZero)) {
    // An explicitly stored zero is left to the sparsifier.
    return false;
  }
  std::stable_sort(
      entries.begin(), entries.end(), [](const Entry &a, const Entry &b) {
        return std::tie(a.row, a.column) < std::tie(b.row, b.column);
      });
  if (entries.empty())
    return false;
  for (size_t e = 1; e < entries.size(); ++e)
    if (entries[e].row == entries[e - 1].row &&
        entries[e].column == entries[e - 1].column) {
      op.emitError() << "the sparse constant stores entry (" << entries[e].row
                     << ", " << entries[e].column << ") more than once";
      return failure();
    }

  sparse_tensor::SparseTensorType sparseType(type);
  Type positionType = sparseType.getPosType();
  Type coordinateType = sparseType.getCrdType();
  auto fits = [](Type element, uint64_t value) {
    unsigned width = element.isIndex() ? 64 : element.getIntOrFloatBitWidth();
    return width >= 64 || value < (uint64_t(1) << width);
  };
  if (!fits(positionType, entries.size()) ||
      !fits(coordinateType, uint64_t(columns - 1))) {
    op.emitError() << "the sparse constant's " << entries.size()
                   << " entries in " << columns
                   << " columns overflow its encoding's position or "
                      "coordinate width (posWidth "
                   << sparseType.getPosWidth() << ", crdWidth "
                   << sparseType.getCrdWidth() << ")";
    return failure();
  }
  auto integer = [](Type element, int64_t value) -> Attribute {
    if (element.isIndex())
      return IntegerAttr::get(element, value);
    return IntegerAttr::get(element,
                            APInt(element.getIntOrFloatBitWidth(), value));
  };
  SmallVector<Attribute> positions, coordinates, values;
  positions.reserve(rows + 1);
  positions.push_back(integer(positionType, 0));
  size_t next = 0;
  for (int64_t row = 0; row < rows; ++row) {
    while (next < entries.size() && entries[next].row == row) {
      coordinates.push_back(integer(coordinateType, entries[next].column));
      Attribute value = convertValue(entries[next].value);
      if (!value) {
        op.emitError() << "cannot convert the sparse constant's "
                       << cast<TypedAttr>(entries[next].value).getType()
                       << " values to " << valueType;
        return failure();
      }
      values.push_back(value);
      ++next;
    }
    positions.push_back(integer(positionType, int64_t(next)));
  }
  auto array = [&](Type element, ArrayRef<Attribute> elements) -> Value {
    auto arrayType = RankedTensorType::get({int64_t(elements.size())}, element);
    return arith::ConstantOp::create(
        rewriter, op.getLoc(), DenseElementsAttr::get(arrayType, elements));
  };
  Value levels[] = {array(positionType, positions),
                    array(coordinateType, coordinates)};
  Value valueArray = array(type.getElementType(), values);
  rewriter.replaceOpWithNewOp<sparse_tensor::AssembleOp>(op, type, levels,
                                                         valueArray);
  return true;
}

/// One-shot bufferization as hag-lower-to-cpu has always run it.
void addDenseBufferization(OpPassManager &pm) {
  bufferization::OneShotBufferizePassOptions options;
  options.bufferizeFunctionBoundaries = true;
  // A loop over layers (scf.for whose iteration argument is each layer's
  // aggregation) yields a fresh buffer per iteration; without this,
  // one-shot bufferization refused such loops ("Yield operand #0 is not
  // equivalent to the corresponding iter bbArg"). The deallocation
  // pipeline after this pass frees what each iteration leaves behind.
  options.allowReturnAllocsFromLoops = true;
  pm.addPass(bufferization::createOneShotBufferizePass(options));
}

/// The sparsifier's bufferization, with the same choices where they apply.
void addSparseBufferization(OpPassManager &pm) {
  // The sparsifier rewrites linalg.generic ops only.
  pm.addNestedPass<func::FuncOp>(createLinalgGeneralizeNamedOpsPass());
  bufferization::OneShotBufferizationOptions bufferization =
      mlir::getBufferizationOptionsForSparsification(
          /*analysisOnly=*/false);
  bufferization.allowReturnAllocsFromLoops = true;
  // The options of the sparsifier peer (run::compileSparsifierAggregation),
  // each measured there: outer loops in parallel, 16-float vectors, code
  // on the storage buffers rather than calls into a support library.
  auto parallelization = SparseParallelizationStrategy::kAnyStorageOuterLoop;
  SparsificationOptions sparsification(parallelization,
                                       SparseEmitStrategy::kFunctional,
                                       /*enableRuntimeLibrary=*/false);
  pm.addPass(createSparsificationAndBufferizationPass(
      bufferization, sparsification,
      // The ownership-based deallocation after this pass frees the
      // sparsifier's buffers too; its own deallocations would be freed
      // twice (that pipeline refuses them).
      /*createSparseDeallocs=*/false, /*enableRuntimeLibrary=*/false,
      /*enableBufferInitialization=*/false, /*vectorLength=*/16,
      /*enableVLAVectorization=*/false, /*enableSIMDIndex32=*/false,
      /*enableGPULibgen=*/false, SparseEmitStrategy::kFunctional,
      parallelization));
  pm.addPass(createStorageSpecifierToLLVMPass());
}

struct BufferizePass
    : public mlir::hag::impl::BufferizePassBase<BufferizePass> {
  void getDependentDialects(DialectRegistry &registry) const override {
    OpPassManager dense("builtin.module"), sparse("builtin.module");
    addDenseBufferization(dense);
    addSparseBufferization(sparse);
    dense.getDependentDialects(registry);
    sparse.getDependentDialects(registry);
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    OpPassManager pm("builtin.module");
    if (holdsSparseTensors(module)) {
      SmallVector<sparse_tensor::ConvertOp> converts;
      module.walk([&](sparse_tensor::ConvertOp op) { converts.push_back(op); });
      IRRewriter rewriter(&getContext());
      bool refused = false;
      for (sparse_tensor::ConvertOp op : converts) {
        rewriter.setInsertionPoint(op);
        refused |= failed(assembleConstantCsr(op, rewriter));
      }
      if (refused)
        return signalPassFailure();
      addSparseBufferization(pm);
    } else {
      addDenseBufferization(pm);
    }
    if (failed(runPipeline(pm, module)))
      signalPassFailure();
  }
};

} // namespace
