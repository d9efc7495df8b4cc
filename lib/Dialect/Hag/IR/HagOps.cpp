//===- HagOps.cpp - hag op verifiers and canonicalizations ----------------===//
//
// One verifier per op; every check is labelled with its constraint in
// docs/HagSpec.md (`// aggregate_c3`) and has a negative test in
// test/Dialect/Hag/invalid.mlir. The structural check of constant plans is
// the library's (hag::verifyHagStructure), so IR and files agree on what a
// valid HAG is.
//
//===----------------------------------------------------------------------===//
#include "hag/Dialect/Hag/IR/HagData.h"
#include "hag/Dialect/Hag/IR/HagDialect.h"
#include "hag/Graph/GraphIO.h"
#include "hag/Graph/Memory.h"
#include "hag/Search/HagSearch.h"

#include "mlir/Dialect/SparseTensor/IR/SparseTensor.h"
#include "mlir/Dialect/SparseTensor/IR/SparseTensorType.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::hag;

#define GET_OP_CLASSES
#include "hag/Dialect/Hag/IR/HagOps.cpp.inc"

//===----------------------------------------------------------------------===//
// Utilities
//===----------------------------------------------------------------------===//

/// Checks that `attr` is a `dense` or `dense_resource` static array of rank
/// `rank` and signless iN (the layouts hag reads); names it in the error.
static LogicalResult verifyIntArray(Operation *op, ElementsAttr attr,
                                    StringRef name, unsigned bitWidth,
                                    int64_t rank = 1) {
  auto type = dyn_cast<ShapedType>(attr.getType());
  if (!type || !type.hasStaticShape() || type.getRank() != rank ||
      !type.getElementType().isSignlessInteger(bitWidth))
    return op->emitOpError()
           << "expects '" << name << "' to be a static " << rank
           << "-D array of i" << bitWidth << ", got " << attr.getType();
  if (!isa<DenseIntElementsAttr, DenseResourceElementsAttr>(attr))
    return op->emitOpError()
           << "expects '" << name << "' to be a dense or dense_resource array";
  // The values are read into 64-bit vectors (readIntegers), a splat
  // included: a size beyond this machine's memory is refused here, where
  // reading it ended in "LLVM ERROR: out of memory".
  const uint64_t count = uint64_t(type.getNumElements());
  if (::hag::Status s = ::hag::checkMemoryNeed(
          "'" + name.str() + "' of " + std::to_string(count) + " elements",
          ::hag::saturatingMultiply(count, sizeof(int64_t)));
      s.failed())
    return op->emitOpError() << s.message();
  // A blob holds what its type says: the readers take the count from the
  // blob, and a blob of another length described another graph or plan.
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr))
    if (const AsmResourceBlob *blob = resource.getRawHandle().getBlob())
      if (uint64_t(blob->getData().size()) != count * (bitWidth / 8))
        return op->emitOpError()
               << "expects '" << name << "' to hold " << count << " i"
               << bitWidth << " values (" << count * (bitWidth / 8)
               << " bytes), as its type says; its blob holds "
               << blob->getData().size() << " bytes";
  return success();
}

/// A node count as written in types: `?` when dynamic.
static std::string nodeCountText(int64_t count) {
  return ShapedType::isDynamic(count) ? "?" : std::to_string(count);
}

static int64_t numElements(ElementsAttr attr) {
  return cast<ShapedType>(attr.getType()).getNumElements();
}

//===----------------------------------------------------------------------===//
// GraphConstantOp
//===----------------------------------------------------------------------===//

LogicalResult GraphConstantOp::verify() {
  mlir::hag::GraphType type = getGraph().getType();
  if (!type.hasStaticNodeCount()) // graph_constant_c1
    return emitOpError("needs a static node count in its type");
  if (failed(verifyIntArray(*this, getOffsets(), "offsets", 64)) || // c2
      failed(verifyIntArray(*this, getIndices(), "indices", 32)))   // c3
    return failure();
  int64_t n = type.getNumNodes();
  if (numElements(getOffsets()) != n + 1) // graph_constant_c2
    return emitOpError() << "expects " << n + 1 << " offsets for a graph of "
                         << n << " nodes, got " << numElements(getOffsets());
  // c4, c5 need the values; a resource blob may not be loaded yet.
  std::optional<::hag::Csr> csr = getCsr(*this);
  if (!csr)
    return success();
  if (::hag::Status s = csr->validate(); s.failed()) // c4, c5
    return emitOpError() << "holds an invalid CSR: " << s.message();
  return success();
}

//===----------------------------------------------------------------------===//
// GraphFromTensorsOp
//===----------------------------------------------------------------------===//

LogicalResult GraphFromTensorsOp::verify() {
  auto offsets = getOffsets().getType();
  auto indices = getIndices().getType();
  if (offsets.getRank() != 1 || !offsets.getElementType().isSignlessInteger(64))
    return emitOpError() << "expects 1-D i64 offsets, got " << offsets; // c1
  if (indices.getRank() != 1 || !indices.getElementType().isSignlessInteger(32))
    return emitOpError() << "expects 1-D i32 indices, got " << indices; // c2
  mlir::hag::GraphType type = getGraph().getType();
  if (type.hasStaticNodeCount() && !offsets.isDynamicDim(0) &&
      offsets.getDimSize(0) != type.getNumNodes() + 1) // c3
    return emitOpError() << "expects " << type.getNumNodes() + 1
                         << " offsets for a graph of " << type.getNumNodes()
                         << " nodes, got " << offsets.getDimSize(0);
  return success();
}

//===----------------------------------------------------------------------===//
// GraphFromEdgesOp
//===----------------------------------------------------------------------===//

LogicalResult GraphFromEdgesOp::verify() {
  auto sources = getSources().getType();
  auto targets = getTargets().getType();
  for (RankedTensorType type : {sources, targets})
    if (type.getRank() != 1 || !type.getElementType().isSignlessInteger(64))
      return emitOpError() << "expects 1-D i64 edge arrays, got " << type; // c1
  if (!sources.isDynamicDim(0) && !targets.isDynamicDim(0) &&
      sources.getDimSize(0) != targets.getDimSize(0)) // c2
    return emitOpError() << "expects as many sources as targets, got "
                         << sources.getDimSize(0) << " and "
                         << targets.getDimSize(0);
  std::optional<int64_t> n = getConstantIntValue(getNumNodes());
  mlir::hag::GraphType type = getGraph().getType();
  if (n && *n < 0) // c3
    return emitOpError() << "expects a node count >= 0, got " << *n;
  if (n && type.hasStaticNodeCount() && *n != type.getNumNodes()) // c3
    return emitOpError() << "has " << *n << " nodes but its type says "
                         << type.getNumNodes();
  return success();
}

//===----------------------------------------------------------------------===//
// GraphFromCsrOp
//===----------------------------------------------------------------------===//

bool mlir::hag::isCsrMatrix(RankedTensorType type) {
  auto enc = sparse_tensor::getSparseTensorEncoding(type);
  if (!enc || type.getRank() != 2)
    return false;
  sparse_tensor::SparseTensorType sparse(type);
  return sparse.isIdentity() && sparse.getLvlRank() == 2 &&
         sparse.isDenseLvl(0) && sparse.isCompressedLvl(1);
}

LogicalResult GraphFromCsrOp::verify() {
  RankedTensorType type = getMatrix().getType();
  if (!isCsrMatrix(type)) // graph_from_csr_c1
    return emitOpError() << "expects a 2-D CSR sparse tensor (dense, then "
                            "compressed levels in dimension order), got "
                         << type;
  if (type.hasStaticShape() && type.getDimSize(0) != type.getDimSize(1))
    return emitOpError() << "expects a square matrix, got " << type; // c2
  int64_t nodes = getGraph().getType().getNumNodes();
  for (int64_t dim = 0; dim < 2; ++dim) // graph_from_csr_c3
    if (!ShapedType::isDynamic(nodes) && !type.isDynamicDim(dim) &&
        type.getDimSize(dim) != nodes)
      return emitOpError() << "makes a graph of " << nodes
                           << " nodes from a matrix with "
                           << type.getDimSize(dim)
                           << (dim == 0 ? " rows" : " columns");
  return success();
}

//===----------------------------------------------------------------------===//
// GraphLoadOp
//===----------------------------------------------------------------------===//

LogicalResult GraphLoadOp::verify() {
  if (getPath().empty()) // graph_load_c1
    return emitOpError("needs a file path");
  if (!::hag::parseGraphFormat(getFormat().str())) // graph_load_c2
    return emitOpError() << "unknown format '" << getFormat()
                         << "' (auto, edgelist, mtx, tu, dgcnn, cites, csr)";
  return success();
}

//===----------------------------------------------------------------------===//
// AggregateOp and PlanAggregateOp
//===----------------------------------------------------------------------===//

/// The checks shared by both aggregations (aggregate_c1..c6).
static LogicalResult verifyAggregateLike(Operation *op, Reduction reduction,
                                         Normalization normalization,
                                         bool commutative,
                                         RankedTensorType features, Type result,
                                         int64_t numNodes, Region &combiner) {
  if (features != result) // c1
    return op->emitOpError() << "expects the result type " << result
                             << " to equal the features type " << features;
  if (!ShapedType::isDynamic(numNodes) && !features.isDynamicDim(0) &&
      features.getDimSize(0) != numNodes) // c2
    return op->emitOpError() << "has " << features.getDimSize(0)
                             << " feature rows for " << numNodes << " nodes";
  if (normalization != Normalization::None && reduction != Reduction::Sum) // c3
    return op->emitOpError()
           << "normalization '" << stringifyNormalization(normalization)
           << "' needs reduction 'sum', got '" << stringifyReduction(reduction)
           << "'";
  if (commutative && reduction != Reduction::Custom) // c6
    return op->emitOpError("'commutative' only applies to a custom combiner");
  bool custom = reduction == Reduction::Custom;
  if (custom != !combiner.empty()) // c4
    return op->emitOpError() << (custom ? "reduction 'custom' needs a combiner "
                                          "region"
                                        : "only reduction 'custom' takes a "
                                          "combiner region");
  if (!custom)
    return success();
  // c5: (acc, next) -> one value, all of the element type.
  Type element = features.getElementType();
  Block &body = combiner.front();
  if (body.empty() || !body.back().hasTrait<OpTrait::IsTerminator>())
    return op->emitOpError() << "expects the combiner to end with hag.yield";
  if (body.getNumArguments() != 2 || body.getArgument(0).getType() != element ||
      body.getArgument(1).getType() != element)
    return op->emitOpError() << "expects the combiner to take two " << element
                             << " arguments (accumulated, next)";
  auto yield = dyn_cast<YieldOp>(body.getTerminator());
  if (!yield || yield.getValues().size() != 1 ||
      yield.getValues()[0].getType() != element)
    return op->emitOpError() << "expects the combiner to yield one " << element;
  return success();
}

LogicalResult AggregateOp::verify() {
  return verifyAggregateLike(*this, getReduction(), getNormalization(),
                             getCommutative(), getFeatures().getType(),
                             getResult().getType(),
                             getGraph().getType().getNumNodes(), getCombiner());
}

LogicalResult PlanAggregateOp::verify() {
  PlanType plan = getPlan().getType();
  if (failed(verifyAggregateLike(*this, getReduction(), getNormalization(),
                                 getCommutative(), getFeatures().getType(),
                                 getResult().getType(), plan.getNumNodes(),
                                 getCombiner())))
    return failure();
  if (plan.getAggregationClass() == AggregationClass::Set &&
      getAggregationClass() != AggregationClass::Set) // plan_aggregate_c7
    return emitOpError("a set plan cannot serve an ordered (non-commutative) "
                       "combiner; use a sequential plan");
  auto fromTensors = getPlan().getDefiningOp<PlanFromTensorsOp>();
  if (fromTensors && !fromTensors.getDegrees() &&
      (getReduction() == Reduction::Mean ||
       getNormalization() != Normalization::None)) // plan_aggregate_c8
    return emitOpError("divides by degrees, so its hag.plan_from_tensors "
                       "needs a 'degrees' operand");
  return success();
}

//===----------------------------------------------------------------------===//
// PlanFromTensorsOp
//===----------------------------------------------------------------------===//

/// Whether `type` is a rank-`rank` tensor of signless `width`-bit integers.
static bool isIntTensor(RankedTensorType type, int64_t rank, unsigned width) {
  return type.getRank() == rank &&
         type.getElementType().isSignlessInteger(width);
}

LogicalResult PlanFromTensorsOp::verify() {
  RankedTensorType aggInputs = getAggInputs().getType();
  if (getAggOffsets()) {
    if (!isIntTensor(aggInputs, 1, 32)) // c1
      return emitOpError()
             << "expects 1-D i32 agg_inputs with agg_offsets, got "
             << aggInputs;
  } else if (!isIntTensor(aggInputs, 2, 32) ||
             (!aggInputs.isDynamicDim(1) &&
              aggInputs.getDimSize(1) != 2)) { // c1
    return emitOpError() << "expects A x 2 i32 agg_inputs, got " << aggInputs;
  }
  auto expect = [&](Value value, StringRef name,
                    unsigned width) -> LogicalResult {
    auto type = cast<RankedTensorType>(value.getType());
    if (!isIntTensor(type, 1, width)) // c2
      return emitOpError() << "expects 1-D i" << width << " " << name
                           << ", got " << type;
    return success();
  };
  if (failed(expect(getLevels(), "levels", 32)) ||
      failed(expect(getListOffsets(), "list_offsets", 64)) ||
      failed(expect(getListIndices(), "list_indices", 32)) ||
      (getDegrees() && failed(expect(getDegrees(), "degrees", 64))) ||
      (getAggOffsets() && failed(expect(getAggOffsets(), "agg_offsets", 64))) ||
      (getListSplits() && failed(expect(getListSplits(), "list_splits", 64))) ||
      (getAggSplits() && failed(expect(getAggSplits(), "agg_splits", 64))) ||
      (getPartBounds() && failed(expect(getPartBounds(), "part_bounds", 64))))
    return failure();
  if (getAggSplits() && !getAggOffsets()) // c5
    return emitOpError() << "has agg_splits but no agg_offsets (two-input "
                            "nodes have no split)";
  if (Value tiles = getTiles()) {
    auto type = cast<RankedTensorType>(tiles.getType());
    if (!isIntTensor(type, 2, 32) ||
        (!type.isDynamicDim(1) && type.getDimSize(1) != 2)) // c4
      return emitOpError() << "expects T + 1 x 2 i32 tiles, got " << type;
  }
  PlanType type = getPlan().getType();
  if (!type.hasStaticNodeCount())
    return success();
  int64_t n = type.getNumNodes();
  auto lengthIs = [&](Value value, StringRef name,
                      int64_t expected) -> LogicalResult {
    auto t = cast<RankedTensorType>(value.getType());
    if (!t.isDynamicDim(0) && t.getDimSize(0) != expected) // c3
      return emitOpError() << "expects " << expected << " " << name << " for "
                           << n << " nodes, got " << t.getDimSize(0);
    return success();
  };
  if (failed(lengthIs(getListOffsets(), "list_offsets", n + 1)) ||
      (getDegrees() && failed(lengthIs(getDegrees(), "degrees", n))) ||
      (getListSplits() && failed(lengthIs(getListSplits(), "list_splits", n))))
    return failure();
  return success();
}

//===----------------------------------------------------------------------===//
// PlanArrayOp
//===----------------------------------------------------------------------===//

LogicalResult PlanArrayOp::verify() {
  std::optional<PlanArrayLayout> layout = planArrayLayout(getArray());
  if (!layout) // plan_array_c1
    return emitOpError() << "names no plan array: '" << getArray()
                         << "' (agg_inputs, levels, list_offsets, "
                            "list_indices, degrees, tiles, agg_runs, "
                            "agg_offsets, list_splits, agg_splits, "
                            "part_bounds)";
  auto type = cast<MemRefType>(getView().getType());
  SmallVector<int64_t> shape = {ShapedType::kDynamic};
  if (layout->pairs)
    shape.push_back(2);
  auto expected = MemRefType::get(
      shape, IntegerType::get(getContext(), layout->elementBits));
  if (type != expected) // plan_array_c2
    return emitOpError() << "'" << getArray() << "' is a " << expected
                         << ", not " << type;
  return success();
}

//===----------------------------------------------------------------------===//
// PlanConstantOp
//===----------------------------------------------------------------------===//

LogicalResult PlanConstantOp::verify() {
  PlanType type = getPlan().getType();
  if (!type.hasStaticNodeCount()) // plan_constant_c1
    return emitOpError("needs a static node count in its type");
  std::optional<ElementsAttr> aggOffsets = getAggOffsets();
  // Two-input plans hold A x 2 inputs; wide ones a flat array and offsets.
  if (failed(verifyIntArray(*this, getAggInputs(), "agg_inputs", 32,
                            aggOffsets ? 1 : 2)) ||
      failed(verifyIntArray(*this, getLevels(), "levels", 32)) ||
      failed(verifyIntArray(*this, getListOffsets(), "list_offsets", 64)) ||
      failed(verifyIntArray(*this, getListIndices(), "list_indices", 32)) ||
      (aggOffsets &&
       failed(verifyIntArray(*this, *aggOffsets, "agg_offsets", 64))))
    return failure(); // plan_constant_c2
  if (std::optional<ElementsAttr> tiles = getTiles()) {
    if (failed(verifyIntArray(*this, *tiles, "tiles", 32, 2)))
      return failure(); // plan_constant_c5
    auto tilesShape = cast<ShapedType>(tiles->getType()).getShape();
    if (tilesShape[1] != 2 || tilesShape[0] < 2) // plan_constant_c5
      return emitOpError() << "expects tiles of shape (T + 1) x 2 with T >= 1, "
                              "got "
                           << tilesShape[0] << "x" << tilesShape[1];
  }
  if (aggOffsets) {
    if (numElements(*aggOffsets) < 1) // plan_constant_c6
      return emitOpError("expects at least one agg_offsets entry (A + 1)");
    if (std::optional<std::vector<int64_t>> offsets =
            readIntegers(*aggOffsets, 64)) {
      int64_t inputs = numElements(getAggInputs());
      if ((*offsets)[0] != 0 || offsets->back() != inputs) // plan_constant_c6
        return emitOpError() << "expects agg_offsets from 0 to the " << inputs
                             << " agg_inputs, got " << (*offsets)[0] << " .. "
                             << offsets->back();
      for (size_t k = 0; k + 1 < offsets->size(); ++k)
        if ((*offsets)[k + 1] - (*offsets)[k] < 2) // plan_constant_c3, c6
          return emitOpError()
                 << "expects at least two inputs per aggregation node, node "
                 << k << " has " << (*offsets)[k + 1] - (*offsets)[k];
    }
  } else {
    auto inputsShape = cast<ShapedType>(getAggInputs().getType()).getShape();
    if (inputsShape[1] != 2) // plan_constant_c2, c3
      return emitOpError() << "expects two inputs per aggregation node, got "
                           << inputsShape[1]
                           << " (wider nodes need agg_offsets)";
  }
  int64_t n = type.getNumNodes();
  if (numElements(getListOffsets()) != n + 1) // plan_constant_c2
    return emitOpError() << "expects " << n + 1 << " list offsets for " << n
                         << " nodes, got " << numElements(getListOffsets());
  std::optional<::hag::Hag> hag = getHag(*this);
  if (!hag)
    return success();
  if (::hag::Status s = ::hag::verifyHagStructure(*hag); s.failed()) // c3, c4
    return emitOpError() << "holds an invalid HAG: " << s.message();
  return success();
}

//===----------------------------------------------------------------------===//
// BuildPlanOp
//===----------------------------------------------------------------------===//

LogicalResult BuildPlanOp::verify() {
  int64_t graphNodes = getGraph().getType().getNumNodes();
  int64_t planNodes = getPlan().getType().getNumNodes();
  if (graphNodes != planNodes) // build_plan_c1
    return emitOpError() << "builds a plan for " << nodeCountText(planNodes)
                         << " nodes from a graph of "
                         << nodeCountText(graphNodes);
  if (::hag::Expected<::hag::Capacity> c =
          ::hag::Capacity::parse(getCapacity().str());
      c.failed()) // build_plan_c2
    return emitOpError() << c.message();
  if (getThreshold() < 2) // build_plan_c3
    return emitOpError() << "threshold " << getThreshold()
                         << " is below 2: a node shared by one list saves "
                            "nothing";
  if (getMaxDepthAttr().getInt() < 0) // build_plan_c4
    return emitOpError() << "max_depth " << getMaxDepthAttr().getInt()
                         << " is negative (0 means no limit)";
  if (getTileNodesAttr().getInt() < 0) // build_plan_c5
    return emitOpError() << "tile_nodes " << getTileNodesAttr().getInt()
                         << " is negative (0 means no tiles)";
  if (getMaxInputs() < 2) // build_plan_c6
    return emitOpError() << "max_inputs " << getMaxInputs()
                         << " is below 2: an aggregation node combines at "
                            "least two rows";
  if (getMaxInputs() > 2 && getPlan().getType().getAggregationClass() !=
                                AggregationClass::Set) // build_plan_c6
    return emitOpError() << "max_inputs " << getMaxInputs()
                         << " needs a set plan: a sequential plan's nodes are "
                            "prefixes of two inputs";
  return success();
}

::hag::Expected<::hag::Hag> mlir::hag::searchConstantBuildPlan(BuildPlanOp op) {
  auto graph = op.getGraph().getDefiningOp<GraphConstantOp>();
  if (!graph)
    return ::hag::Status::error("the graph is not a hag.graph_constant");
  std::optional<::hag::Csr> csr = getCsr(graph);
  if (!csr)
    return ::hag::Status::error("the graph's data is not available");
  ::hag::SearchOptions options;
  options.kind =
      op.getPlan().getType().getAggregationClass() == AggregationClass::Set
          ? ::hag::AggregationKind::Set
          : ::hag::AggregationKind::Sequential;
  options.capacity = *::hag::Capacity::parse(op.getCapacity().str());
  options.threshold = uint32_t(op.getThreshold());
  options.maxDepth = uint32_t(op.getMaxDepth());
  options.tileNodes = uint32_t(op.getTileNodes());
  options.maxInputs = uint32_t(op.getMaxInputs());
  ::hag::Expected<::hag::SearchResult> result = ::hag::searchHag(*csr, options);
  if (result.failed())
    return result.status();
  return std::move(result->hag);
}

namespace {
/// build_plan of a constant graph: run the search now and put the plan in
/// the IR, so the program does no search at run time.
struct FoldConstantBuildPlan : public OpRewritePattern<BuildPlanOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(BuildPlanOp op,
                                PatternRewriter &rewriter) const override {
    ::hag::Expected<::hag::Hag> hag = searchConstantBuildPlan(op);
    if (hag.failed())
      return rewriter.notifyMatchFailure(op, hag.message());
    rewriter.replaceOp(
        op, createPlanConstant(rewriter, op.getLoc(), *hag, PlanNodes::Wide)
                .getResult());
    return success();
  }
};
} // namespace

void BuildPlanOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                              MLIRContext *context) {
  patterns.add<FoldConstantBuildPlan>(context);
}
