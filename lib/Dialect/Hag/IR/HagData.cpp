//===- HagData.cpp - hag IR constants <-> library structures --------------===//
//
// Reads dense and dense_resource integer arrays without going through APInt
// per element (graphs have millions of entries), and writes large arrays as
// resource blobs so they stay compact in bytecode.
//
//===----------------------------------------------------------------------===//
#include "hag/Dialect/Hag/IR/HagData.h"
#include "hag/Runtime/PlanRuntime.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/StringSwitch.h"

using namespace mlir;
using namespace mlir::hag;

namespace {
template <typename T>
std::optional<std::vector<int64_t>> readTyped(ElementsAttr attr) {
  std::vector<int64_t> out;
  if (auto dense = dyn_cast<DenseIntElementsAttr>(attr)) {
    out.reserve(dense.getNumElements());
    for (T value : dense.getValues<T>())
      out.push_back(int64_t(value));
    return out;
  }
  if (auto resource =
          dyn_cast<mlir::detail::DenseResourceElementsAttrBase<T>>(attr)) {
    std::optional<ArrayRef<T>> data = resource.tryGetAsArrayRef();
    if (!data)
      return std::nullopt;
    out.assign(data->begin(), data->end());
    return out;
  }
  return std::nullopt;
}
} // namespace

std::optional<std::vector<int64_t>> mlir::hag::readIntegers(ElementsAttr attr,
                                                            unsigned bitWidth) {
  auto type = dyn_cast<ShapedType>(attr.getType());
  if (!type || !type.getElementType().isInteger(bitWidth))
    return std::nullopt;
  if (bitWidth == 32)
    return readTyped<int32_t>(attr);
  if (bitWidth == 64)
    return readTyped<int64_t>(attr);
  return std::nullopt;
}

namespace {
template <typename T>
ElementsAttr makeArray(MLIRContext *context, ArrayRef<int64_t> shape,
                       ArrayRef<T> values, StringRef blobName) {
  auto type =
      RankedTensorType::get(shape, IntegerType::get(context, sizeof(T) * 8));
  if (int64_t(values.size()) < kResourceThreshold)
    return cast<ElementsAttr>(DenseElementsAttr::get(type, values));
  Attribute blob = mlir::detail::DenseResourceElementsAttrBase<T>::get(
      type, blobName, HeapAsmResourceBlob::allocateAndCopyInferAlign(values));
  return cast<ElementsAttr>(blob);
}
} // namespace

ElementsAttr mlir::hag::makeI32Array(MLIRContext *context,
                                     ArrayRef<int64_t> shape,
                                     ArrayRef<int32_t> values,
                                     StringRef blobName) {
  return makeArray(context, shape, values, blobName);
}

ElementsAttr mlir::hag::makeI64Array(MLIRContext *context,
                                     ArrayRef<int64_t> shape,
                                     ArrayRef<int64_t> values,
                                     StringRef blobName) {
  return makeArray(context, shape, values, blobName);
}

namespace {
/// Appends the non-zero elements of `attr`, a dense_resource blob of T that
/// is present, to `entries`; false if it is not one.
template <typename T>
bool appendResourceEntries(ElementsAttr attr, int64_t columns,
                           SmallVector<ConstantMatrixEntry> &entries) {
  auto resource =
      dyn_cast<mlir::detail::DenseResourceElementsAttrBase<T>>(attr);
  std::optional<ArrayRef<T>> data =
      resource ? resource.tryGetAsArrayRef() : std::nullopt;
  // A blob of another size than its type is not read (rows past the matrix
  // crashed raising; upstream refuses it when translating).
  if (!data || int64_t(data->size()) != attr.getNumElements())
    return false;
  Type element = attr.getElementType();
  for (int64_t k = 0, size = int64_t(data->size()); k < size; ++k)
    if ((*data)[k] != T(0))
      entries.push_back({k / columns, k % columns,
                         FloatAttr::get(element, double((*data)[k]))});
  return true;
}
} // namespace

std::optional<SmallVector<ConstantMatrixEntry>>
mlir::hag::constantMatrixEntries(ElementsAttr attr) {
  auto type = dyn_cast<ShapedType>(attr.getType());
  if (!type || type.getRank() != 2 || !type.hasStaticShape())
    return std::nullopt;
  const int64_t columns = type.getDimSize(1);
  SmallVector<ConstantMatrixEntry> entries;
  if (auto sparse = dyn_cast<SparseElementsAttr>(attr)) {
    auto indices = sparse.getIndices().getValues<int64_t>();
    auto values = sparse.getValues().getValues<Attribute>();
    int64_t stored = sparse.getIndices().getType().getDimSize(0);
    for (int64_t e = 0; e < stored; ++e)
      entries.push_back({indices[2 * e], indices[2 * e + 1], values[e]});
    return entries;
  }
  if (auto dense = dyn_cast<DenseElementsAttr>(attr)) {
    int64_t k = 0;
    for (Attribute value : dense.getValues<Attribute>()) {
      bool zero = false;
      if (auto f = dyn_cast<FloatAttr>(value))
        zero = f.getValue().isZero();
      else if (auto i = dyn_cast<IntegerAttr>(value))
        zero = i.getValue().isZero();
      if (!zero)
        entries.push_back({k / columns, k % columns, value});
      ++k;
    }
    return entries;
  }
  if (appendResourceEntries<float>(attr, columns, entries) ||
      appendResourceEntries<double>(attr, columns, entries))
    return entries;
  return std::nullopt;
}

std::optional<::hag::Csr> mlir::hag::getCsr(GraphConstantOp op) {
  std::optional<std::vector<int64_t>> offsets =
      readIntegers(op.getOffsets(), 64);
  std::optional<std::vector<int64_t>> indices =
      readIntegers(op.getIndices(), 32);
  if (!offsets || !indices || offsets->empty())
    return std::nullopt;
  ::hag::Csr graph;
  graph.numNodes = ::hag::NodeId(offsets->size() - 1);
  graph.offsets.assign(offsets->begin(), offsets->end());
  graph.indices.assign(indices->begin(), indices->end());
  return graph;
}

std::optional<::hag::Hag> mlir::hag::getHag(PlanConstantOp op) {
  auto inputs = readIntegers(op.getAggInputs(), 32);
  auto levels = readIntegers(op.getLevels(), 32);
  auto offsets = readIntegers(op.getListOffsets(), 64);
  auto indices = readIntegers(op.getListIndices(), 32);
  if (!inputs || !levels || !offsets || !indices || offsets->empty())
    return std::nullopt;
  // Two inputs per node, or a wide plan's offsets into the flat inputs.
  std::vector<int64_t> aggOffsets;
  if (std::optional<ElementsAttr> attr = op.getAggOffsets()) {
    auto read = readIntegers(*attr, 64);
    if (!read || read->empty() || read->front() != 0 ||
        read->back() != int64_t(inputs->size()))
      return std::nullopt;
    aggOffsets = std::move(*read);
  } else {
    if (inputs->size() % 2)
      return std::nullopt;
    for (size_t i = 0; i <= inputs->size(); i += 2)
      aggOffsets.push_back(int64_t(i));
  }
  ::hag::Hag hag;
  hag.kind =
      op.getPlan().getType().getAggregationClass() == AggregationClass::Set
          ? ::hag::AggregationKind::Set
          : ::hag::AggregationKind::Sequential;
  hag.numNodes = ::hag::NodeId(offsets->size() - 1);
  hag.aggInputs.reserve(aggOffsets.size() - 1);
  std::vector<::hag::NodeId> ids(inputs->begin(), inputs->end());
  for (size_t k = 0; k + 1 < aggOffsets.size(); ++k) {
    if (aggOffsets[k + 1] < aggOffsets[k])
      return std::nullopt;
    hag.aggInputs.append(ids.begin() + aggOffsets[k],
                         ids.begin() + aggOffsets[k + 1]);
  }
  hag.levelBegin.assign(levels->begin(), levels->end());
  hag.listOffsets.assign(offsets->begin(), offsets->end());
  hag.listIndices.assign(indices->begin(), indices->end());
  if (std::optional<ElementsAttr> tilesAttr = op.getTiles()) {
    auto tiles = readIntegers(*tilesAttr, 32);
    if (!tiles || tiles->size() % 2)
      return std::nullopt;
    for (size_t i = 0; i < tiles->size(); i += 2) {
      hag.tileNodeBegin.push_back(::hag::NodeId((*tiles)[i]));
      hag.tileAggBegin.push_back(uint32_t((*tiles)[i + 1]));
    }
  }
  return hag;
}

PlanConstantOp mlir::hag::createPlanConstant(OpBuilder &builder, Location loc,
                                             const ::hag::Hag &searched,
                                             PlanNodes nodes) {
  MLIRContext *context = builder.getContext();
  bool wide = nodes == PlanNodes::Wide && !searched.aggInputs.isBinary();
  const ::hag::Hag hag = wide ? searched : ::hag::binarize(searched);
  const std::vector<::hag::NodeId> &flat = hag.aggInputs.flatInputs();
  std::vector<int32_t> inputs(flat.begin(), flat.end());
  std::vector<int32_t> levels(hag.levelBegin.begin(), hag.levelBegin.end());
  std::vector<int64_t> offsets(hag.listOffsets.begin(), hag.listOffsets.end());
  std::vector<int32_t> indices(hag.listIndices.begin(), hag.listIndices.end());
  auto cls = hag.kind == ::hag::AggregationKind::Set
                 ? AggregationClass::Set
                 : AggregationClass::Sequential;
  auto type = PlanType::get(context, cls, int64_t(hag.numNodes));
  ElementsAttr tiles;
  if (hag.isTiled()) {
    std::vector<int32_t> bounds;
    for (uint32_t t = 0; t <= hag.numTiles(); ++t) {
      bounds.push_back(int32_t(hag.tileNodeBegin[t]));
      bounds.push_back(int32_t(hag.tileAggBegin[t]));
    }
    tiles = makeI32Array(context, {int64_t(hag.numTiles()) + 1, 2}, bounds,
                         "hag_tiles");
  }
  ElementsAttr aggInputs, aggOffsets;
  if (wide) {
    const std::vector<uint64_t> &offsets = hag.aggInputs.inputOffsets();
    std::vector<int64_t> starts(offsets.begin(), offsets.end());
    aggInputs = makeI32Array(context, {int64_t(inputs.size())}, inputs,
                             "hag_agg_inputs");
    aggOffsets = makeI64Array(context, {int64_t(starts.size())}, starts,
                              "hag_agg_offsets");
  } else {
    aggInputs = makeI32Array(context, {int64_t(hag.aggInputs.size()), 2},
                             inputs, "hag_agg_inputs");
  }
  return PlanConstantOp::create(
      builder, loc, type, aggInputs,
      makeI32Array(context, {int64_t(levels.size())}, levels, "hag_levels"),
      makeI64Array(context, {int64_t(offsets.size())}, offsets,
                   "hag_list_offsets"),
      makeI32Array(context, {int64_t(indices.size())}, indices,
                   "hag_list_indices"),
      tiles, aggOffsets);
}

GraphConstantOp mlir::hag::createGraphConstant(OpBuilder &builder, Location loc,
                                               const ::hag::Csr &graph) {
  MLIRContext *context = builder.getContext();
  std::vector<int64_t> offsets(graph.offsets.begin(), graph.offsets.end());
  std::vector<int32_t> indices(graph.indices.begin(), graph.indices.end());
  return GraphConstantOp::create(
      builder, loc, mlir::hag::GraphType::get(context, int64_t(graph.numNodes)),
      makeI64Array(context, {int64_t(offsets.size())}, offsets,
                   "hag_graph_offsets"),
      makeI32Array(context, {int64_t(indices.size())}, indices,
                   "hag_graph_indices"));
}

std::optional<PlanArrayLayout> mlir::hag::planArrayLayout(StringRef name) {
  return llvm::StringSwitch<std::optional<PlanArrayLayout>>(name)
      .Case("agg_inputs", PlanArrayLayout{HAG_PLAN_AGG_INPUTS, 32, true})
      .Case("levels", PlanArrayLayout{HAG_PLAN_LEVELS, 32, false})
      .Case("list_offsets", PlanArrayLayout{HAG_PLAN_LIST_OFFSETS, 64, false})
      .Case("list_indices", PlanArrayLayout{HAG_PLAN_LIST_INDICES, 32, false})
      .Case("degrees", PlanArrayLayout{HAG_PLAN_DEGREES, 64, false})
      .Case("tiles", PlanArrayLayout{HAG_PLAN_TILES, 32, true})
      .Case("agg_runs", PlanArrayLayout{HAG_PLAN_AGG_RUNS, 32, false})
      .Case("agg_offsets", PlanArrayLayout{HAG_PLAN_AGG_OFFSETS, 64, false})
      .Case("list_splits", PlanArrayLayout{HAG_PLAN_LIST_SPLITS, 64, false})
      .Case("agg_splits", PlanArrayLayout{HAG_PLAN_AGG_SPLITS, 64, false})
      .Case("part_bounds", PlanArrayLayout{HAG_PLAN_PART_BOUNDS, 64, false})
      .Default(std::nullopt);
}
