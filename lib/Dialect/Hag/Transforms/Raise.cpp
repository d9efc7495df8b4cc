//===- Raise.cpp - Upstream sparse aggregation IR -> hag.aggregate --------===//
//
// --hag-raise: recognises the sparse matrix products that GNN frameworks and
// the MLIR sparsifier's users write for neighbour aggregation and rewrites
// them to hag.aggregate. Each pattern checks that the rewrite keeps the
// meaning exactly (unit weights or a normalization's factors, zero
// accumulator, square CSR adjacency) and explains every bail-out with
// notifyMatchFailure.
//
//===----------------------------------------------------------------------===//
#include "hag/Dialect/Hag/IR/HagData.h"
#include "hag/Dialect/Hag/Transforms/Passes.h"
#include "hag/Graph/Csr.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SparseTensor/IR/SparseTensor.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>
#include <limits>

namespace mlir {
namespace hag {
#define GEN_PASS_DEF_RAISEPASS
#include "hag/Dialect/Hag/Transforms/Passes.h.inc"
} // namespace hag
} // namespace mlir

using namespace mlir;
using namespace mlir::hag;

//===----------------------------------------------------------------------===//
// Utilities
//===----------------------------------------------------------------------===//

/// True if `value` is a tensor of zeros: a zero splat constant, or a
/// linalg.fill of a zero constant.
static bool isZeroTensor(Value value) {
  if (matchPattern(value, m_AnyZeroFloat()))
    return true;
  if (auto fill = value.getDefiningOp<linalg::FillOp>())
    return matchPattern(fill.getInputs()[0], m_AnyZeroFloat());
  return false;
}

/// The constant elements of a sparse matrix operand, looking through
/// sparse_tensor.convert; null if it is not a constant.
static ElementsAttr constantMatrix(Value matrix) {
  while (auto convert = matrix.getDefiningOp<sparse_tensor::ConvertOp>())
    matrix = convert.getSource();
  ElementsAttr attr;
  if (matchPattern(matrix, m_Constant(&attr)))
    return attr;
  return nullptr;
}

/// The graph of n nodes with `edges`, self-loops kept (an entry (i, i) means
/// i aggregates itself). Fails on a repeated edge: the source IR sums it
/// twice, while a graph's input list holds each neighbour once.
static FailureOr<::hag::Csr> graphOfEdges(int64_t n,
                                          ArrayRef<::hag::Edge> edges) {
  ::hag::BuildOptions options;
  options.dropSelfLoops = false;
  options.dropDuplicates = true;
  ::hag::Csr graph = ::hag::buildCsr(::hag::NodeId(n), edges, options);
  if (graph.numEdges() != edges.size())
    return failure();
  return graph;
}

/// `value` as a double; exact for the float types raising reads (f16, bf16,
/// f32, f64).
static double toDouble(APFloat value) {
  bool lost = false;
  value.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven, &lost);
  return value.convertToDouble();
}

/// A stored entry of a constant matrix: A(row, column) = value.
struct MatrixEntry {
  int64_t row;
  int64_t column;
  double value;
};

/// The stored (sparse) or non-zero (dense, dense_resource) entries of a
/// constant N x N matrix of f16, bf16, f32 or f64 as doubles, in the
/// attribute's order (constantMatrixEntries); failure otherwise. An integer
/// adjacency is not raised, and the 8-bit and smaller floats are too coarse
/// for factorTolerance (4 units in their last place is 50% and more: 0.4375
/// would pass for 1/3).
static FailureOr<SmallVector<MatrixEntry>> constantEntries(ElementsAttr attr) {
  if (!isa<Float16Type, BFloat16Type, Float32Type, Float64Type>(
          attr.getElementType()))
    return failure();
  std::optional<SmallVector<ConstantMatrixEntry>> stored =
      constantMatrixEntries(attr);
  if (!stored)
    return failure();
  SmallVector<MatrixEntry> entries;
  entries.reserve(stored->size());
  for (const ConstantMatrixEntry &entry : *stored)
    entries.push_back({entry.row, entry.column,
                       toDouble(cast<FloatAttr>(entry.value).getValue())});
  return entries;
}

/// A constant adjacency: its graph (entry (i, j) is the edge j -> i: row i
/// aggregates column j) and the normalization its stored values stand for.
struct ConstantAdjacency {
  ::hag::Csr graph;
  Normalization normalization;
};

/// What the stored values of a constant adjacency make of A x X, with
/// deg(x) the number of entries in row x (hag's degree: the length of x's
/// input list, a diagonal entry included):
/// - all 1: a plain sum;
/// - deg(i)^-1/2 deg(j)^-1/2 at (i, j): the symmetric normalization (GCN's
///   D^-1/2 A D^-1/2, with self-loops when the diagonal is stored);
/// - deg(i)^-1 at (i, j): the row normalization (a mean).
/// A normalized value matches within `tolerance` (relative): frameworks
/// compute these factors in the matrix's type (PyG: deg^-0.5, then the
/// product), and hag.aggregate computes its own, so the two differ by the
/// same rounding as a sum in another order. Fails on a repeated entry (a
/// graph's input list holds each neighbour once) and on any other values.
static FailureOr<ConstantAdjacency>
adjacencyOfEntries(ArrayRef<MatrixEntry> entries, int64_t n, double tolerance) {
  std::vector<::hag::Edge> edges;
  edges.reserve(entries.size());
  for (const MatrixEntry &entry : entries)
    edges.push_back({::hag::NodeId(entry.column), ::hag::NodeId(entry.row)});
  FailureOr<::hag::Csr> graph = graphOfEdges(n, edges);
  if (failed(graph))
    return failure();
  auto degree = [&](int64_t x) {
    return double(graph->offsets[x + 1] - graph->offsets[x]);
  };
  // The largest relative distance from each meaning's factors; a column
  // whose own row is empty has no symmetric factor (hag.aggregate takes
  // such an input as contributing nothing), so it rules symmetric out.
  bool unit = true;
  double symmetricError = 0, rowError = 0;
  auto distance = [](double value, double factor) {
    return std::abs(value - factor) / factor;
  };
  const double inf = std::numeric_limits<double>::infinity();
  for (const MatrixEntry &entry : entries) {
    double rowDegree = degree(entry.row), columnDegree = degree(entry.column);
    if (std::isnan(entry.value))
      return failure();
    unit = unit && entry.value == 1.0;
    symmetricError = std::max(
        symmetricError,
        columnDegree == 0
            ? inf
            : distance(entry.value, 1.0 / std::sqrt(rowDegree * columnDegree)));
    rowError = std::max(rowError, distance(entry.value, 1.0 / rowDegree));
    if (!unit && !(symmetricError <= tolerance) && !(rowError <= tolerance))
      return failure();
  }
  // Both normalizations can match within a coarse type's rounding (bf16's
  // 3% covers degrees 16 and 17): the closer one is meant. Where every
  // degree is the same their factors are equal (all 1 at degree 1), and
  // the meanings agree.
  Normalization normalization = Normalization::None;
  if (!unit)
    normalization = symmetricError <= rowError ? Normalization::Symmetric
                                               : Normalization::Row;
  return ConstantAdjacency{std::move(*graph), normalization};
}

/// adjacencyOfEntries of a constant matrix's stored entries.
static FailureOr<ConstantAdjacency>
adjacencyOfConstant(ElementsAttr attr, int64_t n, double tolerance) {
  FailureOr<SmallVector<MatrixEntry>> entries = constantEntries(attr);
  if (failed(entries))
    return failure();
  return adjacencyOfEntries(*entries, n, tolerance);
}

/// How far a stored normalization factor of `type` may be from the exact
/// one, relative: 4 units in the last place of the type's precision (its
/// rounding of deg^-1/2, of their product, and of the conversion).
static double factorTolerance(Type type) {
  if (auto floatType = dyn_cast<FloatType>(type))
    return std::ldexp(4.0, -int(floatType.getFPMantissaWidth() - 1));
  return 0;
}

/// The square CSR adjacency type of `matrix` with N rows, or failure.
static FailureOr<RankedTensorType> csrAdjacency(Value matrix) {
  auto type = dyn_cast<RankedTensorType>(matrix.getType());
  if (!type || !isCsrMatrix(type))
    return failure();
  if (type.hasStaticShape() && type.getDimSize(0) != type.getDimSize(1))
    return failure();
  return type;
}

/// The checks both products share, then the rewrite: `op` computes
/// `adjacency x features` into `init`; if the adjacency is a constant
/// square CSR matrix of ones or a normalization's factors, `init` zeros and
/// the features/result one float type, replace `op` by a sum aggregation
/// over the adjacency's graph, normalized as its values say. A run-time
/// matrix is left alone: its values may be any weights.
static LogicalResult replaceBySumAggregation(PatternRewriter &rewriter,
                                             Operation *op, Value adjacency,
                                             Value features, Value init) {
  FailureOr<RankedTensorType> adjType = csrAdjacency(adjacency);
  if (failed(adjType))
    return rewriter.notifyMatchFailure(op, "A is not a square CSR matrix");
  if (!isZeroTensor(init))
    return rewriter.notifyMatchFailure(op, "accumulator is not zero");
  auto featureType = cast<RankedTensorType>(features.getType());
  if (featureType != op->getResultTypes()[0] ||
      !isa<Float32Type, Float16Type, BFloat16Type>(
          featureType.getElementType()))
    return rewriter.notifyMatchFailure(op, "features/result types differ");
  ElementsAttr attr = constantMatrix(adjacency);
  if (!attr)
    return rewriter.notifyMatchFailure(
        op, "A is not a constant, so its values may be any weights");
  if (!adjType->hasStaticShape())
    return rewriter.notifyMatchFailure(op, "A is a constant of dynamic shape");
  FailureOr<ConstantAdjacency> adjacencyGraph = adjacencyOfConstant(
      attr, adjType->getDimSize(0), factorTolerance(adjType->getElementType()));
  if (failed(adjacencyGraph))
    return rewriter.notifyMatchFailure(
        op, "A's values are not all 1, nor a row or symmetric normalization "
            "of its pattern, or it has repeated entries");
  Value graph =
      createGraphConstant(rewriter, op->getLoc(), adjacencyGraph->graph)
          .getGraph();
  rewriter.replaceOpWithNewOp<AggregateOp>(
      op, featureType, Reduction::Sum, graph, features,
      adjacencyGraph->normalization, /*self_loops=*/false,
      /*commutative=*/false);
  return success();
}

//===----------------------------------------------------------------------===//
// Gather + scatter-add (message passing)
//===----------------------------------------------------------------------===//

/// `value` without an index cast in front of it.
static Value stripIndexCast(Value value) {
  if (auto cast = value.getDefiningOp<arith::IndexCastOp>())
    return cast.getIn();
  if (auto castUnsigned = value.getDefiningOp<arith::IndexCastUIOp>())
    return castUnsigned.getIn();
  return value;
}

/// The 1-D index array that `value` reads at position `position`:
/// `tensor.extract %array[%position]`, possibly through an index cast.
/// Null otherwise.
static Value indexArrayReadAt(Value value, Value position) {
  auto extract = stripIndexCast(value).getDefiningOp<tensor::ExtractOp>();
  if (!extract || extract.getIndices().size() != 1 ||
      extract.getIndices()[0] != position ||
      !extract.getTensor().getType().getElementType().isIntOrIndex())
    return nullptr;
  return extract.getTensor();
}

/// True if `slice` takes one whole row of its tensor (`source`): offsets
/// (row, 0, ...), sizes (1, full extent, ...), unit strides, with static
/// extents past the first dimension.
static bool isWholeRow(OffsetSizeAndStrideOpInterface slice,
                       RankedTensorType source, Value row) {
  SmallVector<OpFoldResult> offsets = slice.getMixedOffsets();
  SmallVector<OpFoldResult> sizes = slice.getMixedSizes();
  if (offsets.empty() || dyn_cast<Value>(offsets[0]) != row ||
      !isConstantIntValue(sizes[0], 1) ||
      !llvm::all_of(slice.getMixedStrides(), [](OpFoldResult stride) {
        return isConstantIntValue(stride, 1);
      }))
    return false;
  for (int64_t dim = 1, rank = source.getRank(); dim < rank; ++dim)
    if (source.isDynamicDim(dim) || !isConstantIntValue(offsets[dim], 0) ||
        !isConstantIntValue(sizes[dim], source.getDimSize(dim)))
      return false;
  return true;
}

/// A gather of whole feature rows, `messages[e] = features[source[e]]`.
struct RowGather {
  Value features;
  /// The row index of every message: 1-D, or E x 1 (tensor.gather's form).
  Value sourceIndices;
  /// Whether the indices are read as unsigned (arith.index_castui).
  bool unsignedIndices = false;
};

/// The element-wise linalg.generic over (e, d) with `numInputs` inputs and
/// one output, on tensors, that defines `messages`; null otherwise.
static linalg::GenericOp messageGeneric(Value messages, unsigned numInputs) {
  auto generic = messages.getDefiningOp<linalg::GenericOp>();
  if (!generic || !generic.hasPureTensorSemantics() ||
      generic.getNumDpsInputs() != numInputs || generic.getNumDpsInits() != 1 ||
      generic.getNumLoops() != 2 || generic.getNumReductionLoops() != 0)
    return nullptr;
  return generic;
}

/// Recognises `messages` as a row gather: `tensor.gather %x[%idx]
/// gather_dims([0])`, or the indexing linalg.generic that frameworks lower
/// index_select to (maps (e, d) -> (e) and (e, d) -> (e, d), body
/// `tensor.extract %x[cast(src), linalg.index 1]`).
static FailureOr<RowGather> matchRowGather(Value messages) {
  if (auto gather = messages.getDefiningOp<tensor::GatherOp>()) {
    if (gather.getSourceType().getRank() != 2 ||
        gather.getGatherDims() != ArrayRef<int64_t>{0} ||
        gather.getIndicesType().getRank() != 2)
      return failure();
    return RowGather{gather.getSource(), gather.getIndices()};
  }
  linalg::GenericOp generic = messageGeneric(messages, /*numInputs=*/1);
  if (!generic)
    return failure();
  MLIRContext *ctx = generic.getContext();
  AffineExpr e, d;
  bindDims(ctx, e, d);
  SmallVector<AffineMap> expected = {AffineMap::get(2, 0, {e}, ctx),
                                     AffineMap::get(2, 0, {e, d}, ctx)};
  if (generic.getIndexingMapsArray() != expected)
    return failure();
  Block &body = generic.getRegion().front();
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  auto extract = yield.getValues()[0].getDefiningOp<tensor::ExtractOp>();
  if (!extract || extract.getIndices().size() != 2)
    return failure();
  Value row = stripIndexCast(extract.getIndices()[0]);
  auto column = extract.getIndices()[1].getDefiningOp<linalg::IndexOp>();
  Value features = extract.getTensor();
  if (row != body.getArgument(0) || !column || column.getDim() != 1 ||
      features.getParentRegion() == &generic.getRegion())
    return failure();
  return RowGather{features, generic.getDpsInputs()[0],
                   isa_and_nonnull<arith::IndexCastUIOp>(
                       extract.getIndices()[0].getDefiningOp())};
}

/// Recognises `messages` as a row gather, or as one scaled row by row by a
/// weight per message: the broadcasting multiply frameworks lower
/// `w.view(-1, 1) * x[src]` to (a linalg.generic over (e, d) of a weight
/// array, 1-D or E x 1, and the gather, body `w * x`), as PyG's GCNConv
/// scales its messages by the normalization. `weights` is null for none.
static FailureOr<RowGather> matchScaledRowGather(Value messages,
                                                 Value &weights) {
  weights = nullptr;
  FailureOr<RowGather> plain = matchRowGather(messages);
  if (succeeded(plain))
    return plain;
  linalg::GenericOp generic = messageGeneric(messages, /*numInputs=*/2);
  if (!generic)
    return failure();
  MLIRContext *ctx = generic.getContext();
  AffineExpr e, d;
  bindDims(ctx, e, d);
  AffineMap row = AffineMap::get(2, 0, {e, d}, ctx);
  AffineMap perMessage = AffineMap::get(2, 0, {e}, ctx);
  AffineMap perMessageColumn =
      AffineMap::get(2, 0, {e, getAffineConstantExpr(0, ctx)}, ctx);
  SmallVector<AffineMap> maps = generic.getIndexingMapsArray();
  if (maps[2] != row)
    return failure();
  Block &body = generic.getRegion().front();
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  auto multiply = yield.getValues()[0].getDefiningOp<arith::MulFOp>();
  if (!multiply || body.getOperations().size() != 2)
    return failure();
  for (unsigned w = 0; w < 2; ++w) {
    unsigned x = 1 - w;
    if ((maps[w] != perMessage && maps[w] != perMessageColumn) ||
        maps[x] != row)
      continue;
    Value weightArg = body.getArgument(w), rowArg = body.getArgument(x);
    if (!((multiply.getLhs() == weightArg && multiply.getRhs() == rowArg) ||
          (multiply.getLhs() == rowArg && multiply.getRhs() == weightArg)))
      continue;
    FailureOr<RowGather> gather = matchRowGather(generic.getDpsInputs()[x]);
    if (failed(gather))
      return failure();
    weights = generic.getDpsInputs()[w];
    return gather;
  }
  return failure();
}

/// True if `array` is a constant.
static bool isConstantArray(Value array) {
  return matchPattern(array, m_Constant());
}

/// The static entry count of an index array (1-D, or E x 1), or -1.
static int64_t arrayLength(Value array) {
  auto type = cast<RankedTensorType>(array.getType());
  if (!type.hasStaticShape() ||
      (type.getRank() == 2 && type.getDimSize(1) != 1) || type.getRank() > 2)
    return -1;
  return type.getDimSize(0);
}

/// An index array (1-D or E x 1, any integer or index type) as the 1-D i64
/// tensor hag.graph_from_edges takes, narrower integers extended as the
/// loop reads them (`isUnsigned`: through arith.index_castui, so i8 200 is
/// node 200, not -56).
static Value asI64Vector(OpBuilder &builder, Location loc, Value array,
                         bool isUnsigned) {
  auto type = cast<RankedTensorType>(array.getType());
  if (type.getRank() == 2)
    array = tensor::CollapseShapeOp::create(
        builder, loc, array, SmallVector<ReassociationIndices>{{0, 1}});
  auto i64 = RankedTensorType::get({type.getDimSize(0)}, builder.getI64Type());
  Type element = type.getElementType();
  if (element.isIndex())
    return arith::IndexCastOp::create(builder, loc, i64, array);
  if (element.getIntOrFloatBitWidth() < 64)
    return isUnsigned ? Value(arith::ExtUIOp::create(builder, loc, i64, array))
                      : Value(arith::ExtSIOp::create(builder, loc, i64, array));
  return array;
}

/// The values of a constant index array (1-D, or E x 1), or failure.
static FailureOr<SmallVector<int64_t>> constantIndices(Value array) {
  DenseIntElementsAttr attr;
  if (!matchPattern(array, m_Constant(&attr)))
    return failure();
  SmallVector<int64_t> values;
  for (const APInt &value : attr.getValues<APInt>())
    values.push_back(value.getSExtValue());
  return values;
}

/// The edges src[e] -> dst[e] of constant index arrays over n nodes, or
/// failure if either is not a constant of `numEdges` ids in [0, n).
static FailureOr<SmallVector<::hag::Edge>> constantEdges(Value sourceArray,
                                                         Value destinationArray,
                                                         int64_t numEdges,
                                                         int64_t n) {
  FailureOr<SmallVector<int64_t>> sources = constantIndices(sourceArray);
  FailureOr<SmallVector<int64_t>> destinations =
      constantIndices(destinationArray);
  if (failed(sources) || failed(destinations) ||
      int64_t(sources->size()) != numEdges ||
      int64_t(destinations->size()) != numEdges)
    return failure();
  SmallVector<::hag::Edge> edges;
  edges.reserve(numEdges);
  for (int64_t e = 0; e < numEdges; ++e) {
    int64_t u = (*sources)[e], v = (*destinations)[e];
    if (u < 0 || u >= n || v < 0 || v >= n)
      return failure();
    edges.push_back({::hag::NodeId(u), ::hag::NodeId(v)});
  }
  return edges;
}

/// True if `array` holds 0, 1, ..., n - 1: a constant, or a linalg.generic
/// without inputs whose body yields its index (cast to the element type).
static bool isNodeIota(Value array, int64_t n) {
  auto type = dyn_cast<RankedTensorType>(array.getType());
  if (!type || type.getRank() != 1 || type.getDimSize(0) != n ||
      !type.getElementType().isIntOrIndex())
    return false;
  if (FailureOr<SmallVector<int64_t>> values = constantIndices(array);
      succeeded(values)) {
    for (int64_t i = 0; i < n; ++i)
      if ((*values)[i] != i)
        return false;
    return true;
  }
  auto generic = array.getDefiningOp<linalg::GenericOp>();
  if (!generic || !generic.hasPureTensorSemantics() ||
      generic.getNumDpsInputs() != 0 || generic.getNumDpsInits() != 1 ||
      generic.getNumLoops() != 1 || generic.getNumReductionLoops() != 0 ||
      !generic.getIndexingMapsArray()[0].isIdentity())
    return false;
  auto yield =
      cast<linalg::YieldOp>(generic.getRegion().front().getTerminator());
  auto position =
      stripIndexCast(yield.getValues()[0]).getDefiningOp<linalg::IndexOp>();
  // An index cast to a type too narrow for n - 1 would wrap.
  unsigned width = type.getElementType().isIndex()
                       ? 64
                       : type.getElementType().getIntOrFloatBitWidth();
  return position && position.getDim() == 0 &&
         (width >= 64 || n <= (int64_t(1) << (width - 1)));
}

/// The edge array `array` had before one self-loop edge per node was
/// appended to it (`tensor.concat dim(0) %array, %iota`, %iota holding 0 ..
/// n - 1: PyG's add_self_loops), or null.
static Value withoutAppendedSelfLoops(Value array, int64_t n) {
  auto concat = array.getDefiningOp<tensor::ConcatOp>();
  if (!concat || concat.getDim() != 0 || concat.getInputs().size() != 2 ||
      !isNodeIota(concat.getInputs()[1], n))
    return nullptr;
  return concat.getInputs()[0];
}

/// The value added to `old` by `sum` (`arith.addf` on tensors or
/// `linalg.add`, either operand order), or null.
static Value addendOf(Value sum, Value old) {
  Value lhs, rhs;
  if (auto add = sum.getDefiningOp<arith::AddFOp>()) {
    lhs = add.getLhs();
    rhs = add.getRhs();
  } else if (auto add = sum.getDefiningOp<linalg::AddOp>()) {
    if (!add.hasPureTensorSemantics())
      return nullptr;
    lhs = add.getInputs()[0];
    rhs = add.getInputs()[1];
  } else {
    return nullptr;
  }
  if (lhs == old)
    return rhs;
  return rhs == old ? lhs : nullptr;
}

//===----------------------------------------------------------------------===//
// Patterns
//===----------------------------------------------------------------------===//

//===----------------------------------------------------------------------===//
// Normalizations computed at run time
//===----------------------------------------------------------------------===//
//
// A GCN layer whose graph arrives at run time computes its normalization in
// the program, as PyG's gcn_norm does:
//
//   deg[v]  = number of edges e with dst[e] = v     (a scatter-add of ones)
//   s[v]    = deg[v]^-1/2, and 0 where that is inf   (pow, masked_fill)
//   w[e]    = s[src[e]] * s[dst[e]]                  (two index_selects)
//
// and scales each message by w[e]. That is exactly hag's symmetric
// normalization over the graph of the edges (a node's degree is the length
// of its input list, repeats included, as the count above includes them),
// so raising proves it piece by piece from the IR: the count loop over the
// same dst array, the scalar function of the count, and which array indexes
// which factor. A mean's w[e] = 1/deg[dst[e]] is the row normalization.

namespace {
/// What one element of a per-node tensor is, as a function of the node's
/// in-degree (the count loop's result).
enum class NodeValue {
  Degree,
  /// deg^-1/2, infinite where deg = 0.
  InverseRootUnmasked,
  /// deg^-1/2, and 0 where deg = 0.
  InverseRoot,
  /// 1/deg, infinite where deg = 0.
  InverseUnmasked,
  /// 1/deg, and 0 where deg = 0.
  Inverse,
};

/// One factor of a per-edge weight.
enum class EdgeFactor {
  /// s[src[e]] with s masked (0 for a node without inputs).
  SourceInverseRoot,
  /// s[dst[e]]; dst[e] has the edge e as an input, so no mask is needed.
  DestinationInverseRoot,
  /// 1/deg[dst[e]].
  DestinationInverse,
};

/// The edge arrays of the loop being raised, and its sizes.
struct EdgeArrays {
  Value sources, destinations;
  int64_t numEdges, numNodes;
  /// Values the matchers below may still look at. They recurse through
  /// operands and generics, so a long chain of ops, or products sharing
  /// operands (each visited once per use, doubling per level), would
  /// overflow the stack or never end; the forms they recognise take a few
  /// dozen visits.
  mutable int budget = 256;
  bool spend() const { return --budget >= 0; }
};
} // namespace

/// The element-wise linalg.generic over one dimension (identity maps, one
/// output, tensors) that defines `tensor`; null otherwise.
static linalg::GenericOp elementwise1D(Value tensor) {
  auto generic = tensor.getDefiningOp<linalg::GenericOp>();
  if (!generic || !generic.hasPureTensorSemantics() ||
      generic.getNumDpsInits() != 1 || generic.getNumLoops() != 1 ||
      generic.getNumReductionLoops() != 0 ||
      !llvm::all_of(generic.getIndexingMapsArray(),
                    [](AffineMap map) { return map.isIdentity(); }))
    return nullptr;
  return generic;
}

/// True if `value` is the float or integer constant `expected`.
static bool isScalarConstant(Value value, double expected) {
  FloatAttr floatAttr;
  if (matchPattern(value, m_Constant(&floatAttr)))
    return floatAttr.getValueAsDouble() == expected;
  IntegerAttr intAttr;
  if (matchPattern(value, m_Constant(&intAttr))) {
    // Read as the integer it is: getInt() keeps only the low 64 bits of a
    // wider one (2^64 + 1 would read as 1).
    const APInt &bits = intAttr.getValue();
    return bits.getSignificantBits() <= 64 &&
           double(bits.getSExtValue()) == expected;
  }
  return false;
}

/// True if `value` is a constant +0 (float, or integer 0), or a splat or
/// fill of one. A float count must start from +0: from -0 an empty node's
/// count stays -0, whose rsqrt is -inf, which a mask of +inf lets through.
static bool isPositiveZero(Value value) {
  if (auto fill = value.getDefiningOp<linalg::FillOp>())
    value = fill.getInputs()[0];
  return matchPattern(value, m_PosZeroFloat()) || matchPattern(value, m_Zero());
}

/// True if `tensor` holds the in-degree of every node as `edges` count it:
///
///   scf.for %e = 0 to E step 1 iter_args(%deg = zeros(N)) {
///     %v = tensor.extract %dst[%e]           (index-cast allowed)
///     %n = tensor.extract %deg[%v]
///     scf.yield (tensor.insert (%n + 1) into %deg[%v])
///   }
///
/// in integers, or in floats where every count up to E is exact (E <= 2^24
/// in f32; a float count past its precision would stop growing).
static bool isInDegreeCount(Value tensor, const EdgeArrays &edges) {
  auto loop = tensor.getDefiningOp<scf::ForOp>();
  if (!loop || loop.getNumResults() != 1)
    return false;
  auto type = dyn_cast<RankedTensorType>(loop.getResult(0).getType());
  if (!type || type.getRank() != 1 || type.getDimSize(0) != edges.numNodes)
    return false;
  Type element = type.getElementType();
  if (auto floatType = dyn_cast<FloatType>(element)) {
    if (edges.numEdges > (int64_t(1) << (floatType.getFPMantissaWidth())))
      return false;
  } else if (auto intType = dyn_cast<IntegerType>(element)) {
    if (intType.getWidth() < 64 &&
        edges.numEdges >= (int64_t(1) << (intType.getWidth() - 1)))
      return false;
  } else {
    return false;
  }
  if (!isConstantIntValue(loop.getLowerBound(), 0) ||
      !isConstantIntValue(loop.getStep(), 1) ||
      !isConstantIntValue(loop.getUpperBound(), edges.numEdges))
    return false;
  if (!isPositiveZero(loop.getInitArgs()[0]) ||
      !llvm::all_of(loop.getBody()->without_terminator(),
                    [](Operation &op) { return isPure(&op); }))
    return false;
  Value acc = loop.getRegionIterArgs()[0];
  auto insert = loop.getYieldedValues()[0].getDefiningOp<tensor::InsertOp>();
  if (!insert || insert.getDest() != acc || insert.getIndices().size() != 1)
    return false;
  Value node = insert.getIndices()[0];
  if (indexArrayReadAt(node, loop.getInductionVar()) != edges.destinations)
    return false;
  Operation *add = insert.getScalar().getDefiningOp();
  if (!isa_and_nonnull<arith::AddFOp, arith::AddIOp>(add))
    return false;
  for (unsigned i = 0; i < 2; ++i) {
    auto old = add->getOperand(i).getDefiningOp<tensor::ExtractOp>();
    if (old && old.getTensor() == acc && old.getIndices().size() == 1 &&
        old.getIndices()[0] == node &&
        isScalarConstant(add->getOperand(1 - i), 1.0))
      return true;
  }
  return false;
}

static FailureOr<NodeValue> nodeTensorValue(Value tensor,
                                            const EdgeArrays &edges);

/// What `scalar`, a value in the body of the element-wise `generic` over
/// nodes, is as a function of the node's degree.
static FailureOr<NodeValue> nodeScalarValue(Value scalar,
                                            linalg::GenericOp generic,
                                            const EdgeArrays &edges) {
  if (!edges.spend())
    return failure();
  if (auto argument = dyn_cast<BlockArgument>(scalar)) {
    if (argument.getOwner() != &generic.getRegion().front() ||
        argument.getArgNumber() >= generic.getNumDpsInputs())
      return failure();
    return nodeTensorValue(generic.getDpsInputs()[argument.getArgNumber()],
                           edges);
  }
  Operation *op = scalar.getDefiningOp();
  if (!op)
    return failure();
  // Conversions of a count to a float: exact when every count up to E is
  // (an integer to bf16 rounds 257 to 256), and a float count's extension.
  if (isa<arith::SIToFPOp, arith::UIToFPOp, arith::ExtFOp>(op)) {
    auto floatType = dyn_cast<FloatType>(scalar.getType());
    if (!floatType ||
        edges.numEdges > (int64_t(1) << floatType.getFPMantissaWidth()))
      return failure();
    FailureOr<NodeValue> in =
        nodeScalarValue(op->getOperand(0), generic, edges);
    if (failed(in) || *in != NodeValue::Degree)
      return failure();
    return NodeValue::Degree;
  }
  auto ofDegree = [&](Value value) {
    FailureOr<NodeValue> in = nodeScalarValue(value, generic, edges);
    return succeeded(in) && *in == NodeValue::Degree;
  };
  // deg^-1/2: rsqrt(deg), pow(deg, -0.5), 1 / sqrt(deg).
  if (auto rsqrt = dyn_cast<math::RsqrtOp>(op))
    if (ofDegree(rsqrt.getOperand()))
      return NodeValue::InverseRootUnmasked;
  if (auto pow = dyn_cast<math::PowFOp>(op); pow && ofDegree(pow.getLhs())) {
    if (isScalarConstant(pow.getRhs(), -0.5))
      return NodeValue::InverseRootUnmasked;
    if (isScalarConstant(pow.getRhs(), -1.0))
      return NodeValue::InverseUnmasked;
  }
  if (auto divide = dyn_cast<arith::DivFOp>(op);
      divide && isScalarConstant(divide.getLhs(), 1.0)) {
    if (auto sqrt = divide.getRhs().getDefiningOp<math::SqrtOp>();
        sqrt && ofDegree(sqrt.getOperand()))
      return NodeValue::InverseRootUnmasked;
    if (ofDegree(divide.getRhs()))
      return NodeValue::InverseUnmasked;
  }
  // The mask: select(y == inf or deg == 0, 0, y), or the same with != and
  // the arms swapped (masked_fill(y == inf, 0) in PyG's gcn_norm).
  if (auto select = dyn_cast<arith::SelectOp>(op)) {
    // A float compare (of the value with +inf, or of a float degree with
    // 0), or an integer one (of an integer degree with 0).
    Operation *compare = select.getCondition().getDefiningOp();
    bool equal = false, notEqual = false;
    if (auto floatCompare = dyn_cast_or_null<arith::CmpFOp>(compare)) {
      arith::CmpFPredicate predicate = floatCompare.getPredicate();
      equal = predicate == arith::CmpFPredicate::OEQ ||
              predicate == arith::CmpFPredicate::UEQ;
      notEqual = predicate == arith::CmpFPredicate::ONE ||
                 predicate == arith::CmpFPredicate::UNE;
    } else if (auto intCompare = dyn_cast_or_null<arith::CmpIOp>(compare)) {
      equal = intCompare.getPredicate() == arith::CmpIPredicate::eq;
      notEqual = intCompare.getPredicate() == arith::CmpIPredicate::ne;
    }
    if (!equal && !notEqual)
      return failure();
    Value zeroArm = equal ? select.getTrueValue() : select.getFalseValue();
    Value kept = equal ? select.getFalseValue() : select.getTrueValue();
    if (!isScalarConstant(zeroArm, 0.0))
      return failure();
    FailureOr<NodeValue> value = nodeScalarValue(kept, generic, edges);
    if (failed(value) || (*value != NodeValue::InverseRootUnmasked &&
                          *value != NodeValue::InverseUnmasked))
      return failure();
    NodeValue masked = *value == NodeValue::InverseRootUnmasked
                           ? NodeValue::InverseRoot
                           : NodeValue::Inverse;
    // What is compared, with what: the value itself with +inf, or the
    // degree with 0.
    for (unsigned i = 0; i < 2; ++i) {
      Value compared = compare->getOperand(i),
            with = compare->getOperand(1 - i);
      if (compared == kept && isa<arith::CmpFOp>(compare) &&
          isScalarConstant(with, std::numeric_limits<double>::infinity()))
        return masked;
      if (ofDegree(compared) && isScalarConstant(with, 0.0))
        return masked;
    }
    return failure();
  }
  return failure();
}

/// What every element of the per-node `tensor` is: the in-degree count of
/// isInDegreeCount, or an element-wise function of it.
static FailureOr<NodeValue> nodeTensorValue(Value tensor,
                                            const EdgeArrays &edges) {
  if (!edges.spend())
    return failure();
  if (isInDegreeCount(tensor, edges))
    return NodeValue::Degree;
  linalg::GenericOp generic = elementwise1D(tensor);
  if (!generic)
    return failure();
  auto yield =
      cast<linalg::YieldOp>(generic.getRegion().front().getTerminator());
  return nodeScalarValue(yield.getValues()[0], generic, edges);
}

/// The edge array that `index` (in the body of `generic`, an element-wise
/// generic over edges) holds the element e of: an input of the generic read
/// through its block argument, or `tensor.extract %array[linalg.index 0]`.
static Value edgeArrayAt(Value index, linalg::GenericOp generic) {
  index = stripIndexCast(index);
  if (auto argument = dyn_cast<BlockArgument>(index)) {
    if (argument.getOwner() != &generic.getRegion().front() ||
        argument.getArgNumber() >= generic.getNumDpsInputs())
      return nullptr;
    return generic.getDpsInputs()[argument.getArgNumber()];
  }
  auto extract = index.getDefiningOp<tensor::ExtractOp>();
  if (!extract || extract.getIndices().size() != 1)
    return nullptr;
  auto position = extract.getIndices()[0].getDefiningOp<linalg::IndexOp>();
  if (!position || position.getDim() != 0 ||
      !extract.getTensor().getType().getElementType().isIntOrIndex())
    return nullptr;
  return extract.getTensor();
}

static LogicalResult edgeTensorFactors(Value tensor, const EdgeArrays &edges,
                                       SmallVectorImpl<EdgeFactor> &factors);

/// The factors of `scalar`, a value in the body of the element-wise
/// `generic` over edges: products of per-node values read at src[e] or
/// dst[e], and of ones.
static LogicalResult edgeScalarFactors(Value scalar, linalg::GenericOp generic,
                                       const EdgeArrays &edges,
                                       SmallVectorImpl<EdgeFactor> &factors) {
  if (!edges.spend())
    return failure();
  if (isScalarConstant(scalar, 1.0))
    return success();
  if (auto argument = dyn_cast<BlockArgument>(scalar)) {
    if (argument.getOwner() != &generic.getRegion().front() ||
        argument.getArgNumber() >= generic.getNumDpsInputs())
      return failure();
    return edgeTensorFactors(generic.getDpsInputs()[argument.getArgNumber()],
                             edges, factors);
  }
  if (auto multiply = scalar.getDefiningOp<arith::MulFOp>())
    return success(succeeded(edgeScalarFactors(multiply.getLhs(), generic,
                                               edges, factors)) &&
                   succeeded(edgeScalarFactors(multiply.getRhs(), generic,
                                               edges, factors)));
  // A per-node value read at an edge's end.
  auto extract = scalar.getDefiningOp<tensor::ExtractOp>();
  if (!extract || extract.getIndices().size() != 1)
    return failure();
  Value array = edgeArrayAt(extract.getIndices()[0], generic);
  bool atSource = array && array == edges.sources;
  bool atDestination = array && array == edges.destinations;
  FailureOr<NodeValue> value = nodeTensorValue(extract.getTensor(), edges);
  if ((!atSource && !atDestination) || failed(value))
    return failure();
  switch (*value) {
  case NodeValue::InverseRoot:
    factors.push_back(atSource ? EdgeFactor::SourceInverseRoot
                               : EdgeFactor::DestinationInverseRoot);
    return success();
  case NodeValue::InverseRootUnmasked:
    // Infinite at a source without inputs of its own; never at dst[e].
    if (!atDestination)
      return failure();
    factors.push_back(EdgeFactor::DestinationInverseRoot);
    return success();
  case NodeValue::InverseUnmasked:
  case NodeValue::Inverse:
    // At a source, a mean's factor is not one of hag's normalizations.
    if (!atDestination)
      return failure();
    factors.push_back(EdgeFactor::DestinationInverse);
    return success();
  case NodeValue::Degree:
    return failure();
  }
  return failure();
}

/// The factors of every element of the per-edge `tensor` (1-D, E floats):
/// a splat of ones, a product of such tensors, or an element-wise generic.
static LogicalResult edgeTensorFactors(Value tensor, const EdgeArrays &edges,
                                       SmallVectorImpl<EdgeFactor> &factors) {
  if (!edges.spend())
    return failure();
  auto type = dyn_cast<RankedTensorType>(tensor.getType());
  if (!type || type.getRank() != 1 || type.getDimSize(0) != edges.numEdges)
    return failure();
  SplatElementsAttr splat;
  if (matchPattern(tensor, m_Constant(&splat)))
    return success(isa<FloatType>(splat.getElementType()) &&
                   splat.getSplatValue<APFloat>().isExactlyValue(1.0));
  if (auto fill = tensor.getDefiningOp<linalg::FillOp>())
    return success(isScalarConstant(fill.getInputs()[0], 1.0));
  if (auto multiply = tensor.getDefiningOp<arith::MulFOp>())
    return success(
        succeeded(edgeTensorFactors(multiply.getLhs(), edges, factors)) &&
        succeeded(edgeTensorFactors(multiply.getRhs(), edges, factors)));
  linalg::GenericOp generic = elementwise1D(tensor);
  if (!generic)
    return failure();
  auto yield =
      cast<linalg::YieldOp>(generic.getRegion().front().getTerminator());
  return edgeScalarFactors(yield.getValues()[0], generic, edges, factors);
}

/// The normalization that per-edge `weights` computed at run time stand
/// for, or failure: s[src[e]] * s[dst[e]] with s = deg^-1/2 (0 for deg =
/// 0) is the symmetric one, 1/deg[dst[e]] the row one, ones none. The
/// weights may be E x 1 (`w.view(-1, 1)`).
static FailureOr<Normalization> runTimeNormalization(Value weights,
                                                     const EdgeArrays &edges) {
  if (auto expand = weights.getDefiningOp<tensor::ExpandShapeOp>())
    weights = expand.getSrc();
  SmallVector<EdgeFactor> factors;
  if (failed(edgeTensorFactors(weights, edges, factors)))
    return failure();
  llvm::sort(factors);
  if (factors.empty())
    return Normalization::None;
  if (factors == SmallVector<EdgeFactor>{EdgeFactor::SourceInverseRoot,
                                         EdgeFactor::DestinationInverseRoot})
    return Normalization::Symmetric;
  if (factors == SmallVector<EdgeFactor>{EdgeFactor::DestinationInverse})
    return Normalization::Row;
  return failure();
}

namespace {

/// linalg.matmul(A, X) into zeros, A a constant CSR adjacency of ones or of
/// a row or symmetric normalization's factors.
struct RaiseCsrMatmul : public OpRewritePattern<linalg::MatmulOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(linalg::MatmulOp op,
                                PatternRewriter &rewriter) const override {
    if (!op.hasPureTensorSemantics() || op.getInputs().size() != 2 ||
        op.getOutputs().size() != 1)
      return rewriter.notifyMatchFailure(op, "not a tensor matmul");
    if (op.hasUserDefinedMaps())
      return rewriter.notifyMatchFailure(op, "transposed or broadcast maps");
    // The product uses A's values, so only a constant whose values are
    // ones or a normalization's factors is an aggregation.
    return replaceBySumAggregation(rewriter, op, op.getInputs()[0],
                                   op.getInputs()[1], op.getOutputs()[0]);
  }
};

/// A weighted sparse-dense product as a linalg.generic over (i, j, k) with
/// A(i, j), X(j, k), Y(i, k) and body `y + a * x`, A a constant whose values
/// are ones or a normalization's factors (as for linalg.matmul). A body that
/// ignores A (`y + x`) is not an aggregation: a linalg.generic iterates its
/// whole domain whatever A stores, so that body adds every row of X into
/// every row of Y (the sparsifier computes exactly that).
struct RaiseWeightedSpmmGeneric : public OpRewritePattern<linalg::GenericOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(linalg::GenericOp op,
                                PatternRewriter &rewriter) const override {
    if (!op.hasPureTensorSemantics() || op.getNumDpsInputs() != 2 ||
        op.getNumDpsInits() != 1)
      return rewriter.notifyMatchFailure(op, "not a 2-input tensor generic");
    MLIRContext *ctx = op.getContext();
    AffineExpr i, j, k;
    bindDims(ctx, i, j, k);
    auto map = [&](ArrayRef<AffineExpr> results) {
      return AffineMap::get(3, 0, results, ctx);
    };
    SmallVector<AffineMap> expected = {map({i, j}), map({j, k}), map({i, k})};
    if (op.getIndexingMapsArray() != expected)
      return rewriter.notifyMatchFailure(op,
                                         "maps are not A(i,j) X(j,k) Y(i,k)");
    auto iterators = op.getIteratorTypesArray();
    if (iterators.size() != 3 ||
        iterators[0] != utils::IteratorType::parallel ||
        iterators[1] != utils::IteratorType::reduction ||
        iterators[2] != utils::IteratorType::parallel)
      return rewriter.notifyMatchFailure(op,
                                         "iterators are not (par, red, par)");
    Block &body = op.getRegion().front();
    auto yield = cast<linalg::YieldOp>(body.getTerminator());
    auto add = yield.getValues()[0].getDefiningOp<arith::AddFOp>();
    Value a = body.getArgument(0), x = body.getArgument(1),
          y = body.getArgument(2);
    auto isPair = [](Value lhs, Value rhs, Value first, Value second) {
      return (lhs == first && rhs == second) || (lhs == second && rhs == first);
    };
    Value product =
        !add ? Value() : (add.getLhs() == y ? add.getRhs() : add.getLhs());
    auto multiply =
        product ? product.getDefiningOp<arith::MulFOp>() : arith::MulFOp();
    if (!add || body.getOperations().size() != 3 || !multiply ||
        (add.getLhs() != y && add.getRhs() != y) || !product.hasOneUse() ||
        !isPair(multiply.getLhs(), multiply.getRhs(), a, x))
      return rewriter.notifyMatchFailure(op, "body is not `y + a * x`");
    return replaceBySumAggregation(rewriter, op, op.getDpsInputs()[0],
                                   op.getDpsInputs()[1], op.getDpsInits()[0]);
  }
};

/// The scatter-add of message passing, as an edge loop on tensors:
///
///   scf.for %e = 0 to E step 1 iter_args(%acc = zeros(N x D)) {
///     %v   = tensor.extract %dst[%e]                  (index-cast allowed)
///     %msg = row %e of gather(%x, %src)   or   row %src[%e] of %x
///     %old = tensor.extract_slice %acc[%v, 0] [1, D] [1, 1]
///     %new = arith.addf %old, %msg        (or linalg.add)
///     scf.yield (tensor.insert_slice %new into %acc[%v, 0] [1, D] [1, 1])
///   }
///
/// is the sum aggregation over the graph of edges src[e] -> dst[e]: a
/// hag.graph_constant for constant arrays, a hag.graph_from_edges for
/// run-time ones. The gather is the tensor.gather or indexing generic of
/// matchRowGather; its E x D messages die with the loop.
struct RaiseScatterAddLoop : public OpRewritePattern<scf::ForOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(scf::ForOp loop,
                                PatternRewriter &rewriter) const override {
    if (loop.getNumResults() != 1)
      return rewriter.notifyMatchFailure(loop, "not one loop-carried tensor");
    auto resultType = dyn_cast<RankedTensorType>(loop.getResult(0).getType());
    if (!resultType || resultType.getRank() != 2 ||
        !resultType.hasStaticShape() ||
        !isa<Float32Type, Float16Type, BFloat16Type>(
            resultType.getElementType()))
      return rewriter.notifyMatchFailure(
          loop, "result is not a static N x D f32/f16/bf16 tensor");
    std::optional<int64_t> lower = getConstantIntValue(loop.getLowerBound());
    std::optional<int64_t> upper = getConstantIntValue(loop.getUpperBound());
    if (lower != 0 || !isConstantIntValue(loop.getStep(), 1) || !upper)
      return rewriter.notifyMatchFailure(loop, "not a loop 0 to E step 1");
    if (!isZeroTensor(loop.getInitArgs()[0]))
      return rewriter.notifyMatchFailure(loop, "accumulator is not zero");
    Block *body = loop.getBody();
    if (!llvm::all_of(body->without_terminator(),
                      [](Operation &op) { return isPure(&op); }))
      return rewriter.notifyMatchFailure(loop, "body has side effects");

    // The accumulation: insert_slice(old + message) into %acc at row %v.
    Value edge = loop.getInductionVar();
    Value acc = loop.getRegionIterArgs()[0];
    auto insert =
        loop.getYieldedValues()[0].getDefiningOp<tensor::InsertSliceOp>();
    if (!insert || insert.getDest() != acc)
      return rewriter.notifyMatchFailure(loop, "yield is not an insert_slice");
    Value row = dyn_cast<Value>(insert.getMixedOffsets()[0]);
    Value destinations = row ? indexArrayReadAt(row, edge) : nullptr;
    if (!destinations || !isWholeRow(insert, resultType, row))
      return rewriter.notifyMatchFailure(loop,
                                         "insert is not a whole row at dst[e]");
    Value inserted = insert.getSource();
    tensor::ExtractSliceOp old;
    Value message;
    if (Operation *add = inserted.getDefiningOp())
      for (Value operand : add->getOperands()) {
        auto slice = operand.getDefiningOp<tensor::ExtractSliceOp>();
        if (slice && slice.getSource() == acc &&
            isWholeRow(slice, resultType, row)) {
          old = slice;
          message = addendOf(inserted, slice);
          break;
        }
      }
    if (!old || !message || old.getType() != insert.getSourceType() ||
        message.getType() != old.getType())
      return rewriter.notifyMatchFailure(
          loop, "inserted row is not acc[dst[e]] + message");

    // The message: a whole row, of the gathered messages at %e or of the
    // features at %src[%e].
    auto messageSlice = message.getDefiningOp<tensor::ExtractSliceOp>();
    if (!messageSlice)
      return rewriter.notifyMatchFailure(loop, "message is not a row slice");
    Value messageRow = dyn_cast<Value>(messageSlice.getMixedOffsets()[0]);
    RankedTensorType sliced = messageSlice.getSourceType();
    if (!messageRow || !isWholeRow(messageSlice, sliced, messageRow))
      return rewriter.notifyMatchFailure(loop, "message is not a whole row");
    Value features, sources, weights;
    // How the loop reads each array's ids (see asI64Vector).
    bool unsignedSources = false;
    bool unsignedDestinations =
        isa_and_nonnull<arith::IndexCastUIOp>(row.getDefiningOp());
    if (messageRow == edge) {
      FailureOr<RowGather> gather =
          matchScaledRowGather(messageSlice.getSource(), weights);
      if (failed(gather))
        return rewriter.notifyMatchFailure(
            loop, "messages are not a row gather of the features");
      features = gather->features;
      sources = gather->sourceIndices;
      unsignedSources = gather->unsignedIndices;
    } else {
      features = messageSlice.getSource();
      sources = indexArrayReadAt(messageRow, edge);
      unsignedSources =
          isa_and_nonnull<arith::IndexCastUIOp>(messageRow.getDefiningOp());
      if (!sources)
        return rewriter.notifyMatchFailure(
            loop, "message row is neither e nor src[e]");
    }
    if (features.getType() != resultType)
      return rewriter.notifyMatchFailure(loop, "features/result types differ");

    int64_t numNodes = resultType.getDimSize(0);
    Value graphValue;
    bool selfLoops = false;
    Normalization normalization = Normalization::None;
    FailureOr<Normalization> runTime = failure();
    if (weights && !matchPattern(weights, m_Constant()))
      runTime = runTimeNormalization(
          weights, EdgeArrays{sources, destinations, *upper, numNodes});
    if (succeeded(runTime)) {
      // The weights are a normalization the program computes from the
      // edges: the aggregation's over the same graph.
      normalization = *runTime;
      weights = nullptr;
    }
    if (weights) {
      // Scaled messages: an aggregation when the weights are ones or a
      // normalization's factors of the edges' graph, which needs them all
      // known.
      DenseFPElementsAttr weightValues;
      if (!matchPattern(weights, m_Constant(&weightValues)) ||
          !isa<Float16Type, BFloat16Type, Float32Type, Float64Type>(
              weightValues.getType().getElementType()) ||
          !isConstantArray(sources) || !isConstantArray(destinations))
        return rewriter.notifyMatchFailure(
            loop, "scaled messages need constant weights and edges, or "
                  "weights computed from the edges as a normalization");
      FailureOr<SmallVector<::hag::Edge>> edges =
          constantEdges(sources, destinations, *upper, numNodes);
      if (failed(edges) || int64_t(weightValues.getNumElements()) != *upper)
        return rewriter.notifyMatchFailure(
            loop, "src/dst/weights are not arrays of E entries, ids in range");
      SmallVector<MatrixEntry> entries;
      int64_t e = 0;
      for (const APFloat &value : weightValues.getValues<APFloat>()) {
        const ::hag::Edge &edge = (*edges)[e++];
        entries.push_back(
            {int64_t(edge.dst), int64_t(edge.src), toDouble(value)});
      }
      FailureOr<ConstantAdjacency> adjacency = adjacencyOfEntries(
          entries, numNodes,
          factorTolerance(weightValues.getType().getElementType()));
      if (failed(adjacency))
        return rewriter.notifyMatchFailure(
            loop, "weights are not all 1, nor a row or symmetric "
                  "normalization of the edges' graph, or an edge repeats");
      graphValue =
          createGraphConstant(rewriter, loop.getLoc(), adjacency->graph)
              .getGraph();
      normalization = adjacency->normalization;
    } else if (isConstantArray(sources) && isConstantArray(destinations)) {
      FailureOr<SmallVector<::hag::Edge>> edges =
          constantEdges(sources, destinations, *upper, numNodes);
      if (failed(edges))
        return rewriter.notifyMatchFailure(
            loop, "src/dst are not arrays of E node ids in range");
      FailureOr<::hag::Csr> graph = graphOfEdges(numNodes, *edges);
      if (failed(graph))
        return rewriter.notifyMatchFailure(loop, "repeated edge");
      graphValue =
          createGraphConstant(rewriter, loop.getLoc(), *graph).getGraph();
    } else {
      // Edges known at run time: the plan runtime sorts them into CSR
      // (repeats kept, ids checked there). The loop reads E of each.
      if (arrayLength(sources) != *upper || arrayLength(destinations) != *upper)
        return rewriter.notifyMatchFailure(
            loop, "run-time src/dst do not hold exactly E static entries");
      // A self-loop edge per node appended to both arrays is the
      // aggregation's self_loops over the edges before (hag's degree counts
      // the node itself then, as the edges' count did): the plan runtime then
      // sorts and compares the arrays as given, without the copies the
      // concatenation makes every call.
      Value sourcesBefore = withoutAppendedSelfLoops(sources, numNodes);
      Value destinationsBefore =
          withoutAppendedSelfLoops(destinations, numNodes);
      if (sourcesBefore && destinationsBefore) {
        sources = sourcesBefore;
        destinations = destinationsBefore;
        selfLoops = true;
      }
      Location loc = loop.getLoc();
      Value n = arith::ConstantIndexOp::create(rewriter, loc, numNodes);
      graphValue = GraphFromEdgesOp::create(
          rewriter, loc,
          mlir::hag::GraphType::get(rewriter.getContext(), numNodes),
          asI64Vector(rewriter, loc, sources, unsignedSources),
          asI64Vector(rewriter, loc, destinations, unsignedDestinations), n);
    }
    rewriter.replaceOpWithNewOp<AggregateOp>(
        loop, resultType, Reduction::Sum, graphValue, features, normalization,
        selfLoops, /*commutative=*/false);
    return success();
  }
};

struct RaisePass : public mlir::hag::impl::RaisePassBase<RaisePass> {
  using Base::Base;
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<RaiseCsrMatmul, RaiseWeightedSpmmGeneric, RaiseScatterAddLoop>(
        &getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
