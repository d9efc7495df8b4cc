//===- AggregationLowering.h - shared by the hag lowerings ------*- C++ -*-===//
//
// What the CPU (HagToSCF) and GPU (HagToGPU) lowerings of hag aggregations
// share: which combiners and epilogues can be applied lane by lane, the
// lane-wise application itself, and the run-time check of the feature rows
// against the graph's node count. Both lowerings accumulate a row as vectors of
// f32 lanes, so a scalar body (a combiner region, an epilogue's linalg body)
// is re-created on vectors.
//
//===----------------------------------------------------------------------===//
#ifndef HAG_CONVERSION_AGGREGATIONLOWERING_H
#define HAG_CONVERSION_AGGREGATIONLOWERING_H

#include "hag/Dialect/Hag/IR/HagDialect.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/Builders.h"

#include <optional>
#include <utility>

namespace mlir {
namespace hag {

/// True if every op of `body` (a combiner region or an epilogue body) can be
/// applied to vectors lane by lane: element-wise ops and scalar constants.
bool isLaneWiseRegion(Region &body);

/// The ops of `body` re-created on vectors of `lanes` elements, with its
/// leading block arguments bound to `args` (vectors); scalar constants and
/// scalars defined above the body are broadcast. Returns the vector of its
/// first yielded value. `body` must satisfy isLaneWiseRegion.
Value applyLaneWise(OpBuilder &b, Location loc, Block &body,
                    ArrayRef<Value> args, int64_t lanes);

/// The identity of a built-in reduction (0 for sum and mean, -inf for max,
/// +inf for min): where a row's fold starts.
double reductionIdentity(Reduction reduction);

/// `acc` combined with `next` (f32 lane vectors of `lanes` elements) by a
/// built-in reduction, or by the custom `combiner` lane by lane when given.
Value combineLanes(OpBuilder &b, Location loc, Reduction reduction,
                   Region *combiner, Value acc, Value next, int64_t lanes);

/// deg^-1/2 as f32 for an index `degree`, and 0 for a degree of 0
/// (docs/HagSpec.md: a node without inputs contributes nothing, instead of
/// an infinity).
Value rsqrtOfDegree(OpBuilder &b, Location loc, Value degree);

/// deg(x)^-1/2 of every node x (0 where deg(x) = 0, as rsqrtOfDegree gives)
/// as a constant tensor<N x f32>, for `degrees` known at compile time (plus
/// one each with `selfLoops`): the input scales of a constant graph's or
/// plan's symmetric normalization, read once per input entry.
Value inputScalesConstant(OpBuilder &b, Location loc, ArrayRef<int64_t> degrees,
                          bool selfLoops);

/// The element-wise linalg.generic that is the only user of `aggregate`'s
/// result, if a lowering can apply it lane by lane in its final loop, and
/// the index of the input that is the aggregate: all loops parallel over
/// (node, feature); f32 everywhere; the aggregate read with the identity map;
/// other inputs a row per node (i, j), one row (j), a value per node (i) or
/// one value (); a body of element-wise ops that ignores the output's value.
std::optional<std::pair<linalg::GenericOp, unsigned>>
findEpilogue(Operation *aggregate);

/// Where the row count of `features` or the node count of the list
/// `offsets` (nodes + 1 entries; tensors or memrefs) is dynamic, emits before
/// `aggregation`'s kernel a check that they are equal. The kernels compute a
/// row for every node from the lists of the same index and read the rows the
/// lists name, so rows of another count were read and written out of bounds
/// (a module's constant graph run on another graph's features corrupted the
/// heap). On a mismatch the code writes "FILE:LINE:COL: error: ..." (the
/// aggregation's location) to stderr and aborts, through libc's `write` and
/// `abort`: the module's own declarations of them when it has them, else
/// ones declared here. Static sizes are the verifier's and get no check.
/// Fails, with an error on `aggregation` and nothing emitted, when the
/// module has another symbol of either name.
LogicalResult emitRowCountCheck(OpBuilder &b, Operation *aggregation,
                                Value features, Value offsets);

/// Fails, with emitRowCountCheck's error, if an aggregation under `root`
/// will be checked at run time (its rows or its graph's or plan's node
/// count are dynamic) and the module's symbols rule out the check's libc
/// calls. For pattern-based lowerings, which must fail before they change
/// the IR.
LogicalResult checkRowCountCallees(Operation *root);

/// Replaces every hag.build_plan over a constant graph under `root` by the
/// hag.plan_constant its search finds now, as canonicalization folds it
/// (searchConstantBuildPlan). Where the search refuses the graph (a set row
/// listing an input twice, ...) it fails with "no plan for this constant
/// graph: REASON" on the op, rather than leave the aggregations to a
/// lowering that cannot read the plan.
LogicalResult searchConstantBuildPlans(Operation *root);

} // namespace hag
} // namespace mlir

#endif // HAG_CONVERSION_AGGREGATIONLOWERING_H
