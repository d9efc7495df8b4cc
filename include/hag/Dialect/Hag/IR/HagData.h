//===- HagData.h - hag IR constants <-> library structures -----*- C++ -*-===//
//
// Moves graph and HAG data between hag IR constants (dense or dense_resource
// attributes) and the IR-free library structures hag::Csr and hag::Hag, so
// passes can hand IR to the search and put its result back.
//
//===----------------------------------------------------------------------===//
#ifndef HAG_DIALECT_HAG_IR_HAGDATA_H
#define HAG_DIALECT_HAG_IR_HAGDATA_H

#include "hag/Dialect/Hag/IR/HagDialect.h"
#include "hag/Graph/Csr.h"
#include "hag/Graph/Status.h"
#include "hag/Search/Hag.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace mlir {
namespace hag {

/// The values of a 1-D or 2-D integer array attribute of element type iN,
/// widened to int64_t; std::nullopt if the attribute is not such an array or
/// its resource blob is not available.
std::optional<std::vector<int64_t>> readIntegers(ElementsAttr attr,
                                                 unsigned bitWidth);

/// An i32 (or i64) array attribute of the given shape: `dense` when small,
/// `dense_resource` (a blob that MLIR bytecode stores as raw bytes) when at
/// least `kResourceThreshold` elements.
ElementsAttr makeI32Array(MLIRContext *context, ArrayRef<int64_t> shape,
                          ArrayRef<int32_t> values, StringRef blobName);
ElementsAttr makeI64Array(MLIRContext *context, ArrayRef<int64_t> shape,
                          ArrayRef<int64_t> values, StringRef blobName);
constexpr int64_t kResourceThreshold = 4096;

/// A stored entry of a constant matrix: A(row, column) = value.
struct ConstantMatrixEntry {
  int64_t row;
  int64_t column;
  Attribute value;
};

/// The entries of a constant 2-D matrix, in the attribute's order: every
/// stored entry of a sparse attribute (an explicitly stored zero included),
/// the non-zero elements of a dense one or of a dense_resource blob of f32
/// or f64 (torch-mlir's form; its values as FloatAttrs). std::nullopt for
/// other attributes and for a blob that is not present or whose size is not
/// its type's. Used by raising,
/// which reads an adjacency's values, and by hag-bufferize, which assembles
/// a constant CSR matrix from them.
std::optional<SmallVector<ConstantMatrixEntry>>
constantMatrixEntries(ElementsAttr attr);

/// The CSR graph of a constant graph, or std::nullopt when its data is not
/// available. Expects a verified op.
std::optional<::hag::Csr> getCsr(GraphConstantOp op);

/// The HAG of a constant plan, or std::nullopt when its data is not
/// available. Expects a verified op.
std::optional<::hag::Hag> getHag(PlanConstantOp op);

/// The search a hag.build_plan over a constant graph stands for, run now:
/// its HAG, or why there is none (the graph is not a constant with data, or
/// the search refuses it, e.g. a set row listing an input twice).
/// Canonicalization folds the op with it; the lowerings report its reason
/// where the op did not fold.
::hag::Expected<::hag::Hag> searchConstantBuildPlan(BuildPlanOp op);

/// One array of a plan the plan runtime keeps (hag.plan_array), by its name:
/// its HAG_PLAN_* id (include/hag/Runtime/PlanRuntime.h), element width,
/// and whether it has two columns; std::nullopt for an unknown name.
struct PlanArrayLayout {
  int32_t id;
  unsigned elementBits;
  bool pairs;
};
std::optional<PlanArrayLayout> planArrayLayout(StringRef name);

/// How a plan constant holds aggregation nodes of more than two inputs.
enum class PlanNodes {
  /// Their two-input form (::hag::binarize): every lowering runs it.
  Binary,
  /// As they are, with `agg_offsets`: one stored row per node, which the
  /// CPU kernels compute from all its inputs (the GPU lowering binarizes).
  Wide,
};

/// Creates a hag.plan_constant holding `hag` (a two-input HAG is stored the
/// same either way).
PlanConstantOp createPlanConstant(OpBuilder &builder, Location loc,
                                  const ::hag::Hag &hag,
                                  PlanNodes nodes = PlanNodes::Binary);

/// Creates a hag.graph_constant holding `graph`.
GraphConstantOp createGraphConstant(OpBuilder &builder, Location loc,
                                    const ::hag::Csr &graph);

} // namespace hag
} // namespace mlir

#endif // HAG_DIALECT_HAG_IR_HAGDATA_H
