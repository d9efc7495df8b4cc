//===- AggregationLowering.cpp - shared by the hag lowerings --------------===//
#include "hag/Conversion/AggregationLowering.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/IRMapping.h"

using namespace mlir;
using namespace mlir::hag;

#include <limits>

double mlir::hag::reductionIdentity(Reduction reduction) {
  if (reduction == Reduction::Max)
    return -std::numeric_limits<double>::infinity();
  if (reduction == Reduction::Min)
    return std::numeric_limits<double>::infinity();
  return 0.0;
}

Value mlir::hag::combineLanes(OpBuilder &b, Location loc, Reduction reduction,
                              Region *combiner, Value acc, Value next,
                              int64_t lanes) {
  if (combiner)
    return applyLaneWise(b, loc, combiner->front(), {acc, next}, lanes);
  switch (reduction) {
  case Reduction::Max:
    return arith::MaximumFOp::create(b, loc, acc, next);
  case Reduction::Min:
    return arith::MinimumFOp::create(b, loc, acc, next);
  default:
    return arith::AddFOp::create(b, loc, acc, next);
  }
}

Value mlir::hag::rsqrtOfDegree(OpBuilder &b, Location loc, Value degree) {
  Type f32 = b.getF32Type();
  Value d = arith::UIToFPOp::create(
      b, loc, f32, arith::IndexCastOp::create(b, loc, b.getI64Type(), degree));
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value isZero =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, degree, zero);
  Value zeroF = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0f));
  return arith::SelectOp::create(b, loc, isZero, zeroF,
                                 math::RsqrtOp::create(b, loc, d));
}

bool mlir::hag::isLaneWiseRegion(Region &body) {
  for (Operation &op : body.front().without_terminator()) {
    if (isa<arith::ConstantOp>(op))
      continue;
    if (!op.hasTrait<OpTrait::Elementwise>() || op.getNumRegions() != 0)
      return false;
  }
  return true;
}

Value mlir::hag::applyLaneWise(OpBuilder &b, Location loc, Block &body,
                               ArrayRef<Value> args, int64_t lanes) {
  auto vectorOf = [&](Type type) { return VectorType::get({lanes}, type); };
  IRMapping map;
  for (auto [argument, value] : llvm::zip(body.getArguments(), args))
    map.map(argument, value);
  for (Operation &op : body.without_terminator()) {
    if (auto constant = dyn_cast<arith::ConstantOp>(op)) {
      Value scalar = b.clone(op)->getResult(0);
      map.map(constant.getResult(),
              vector::BroadcastOp::create(b, loc, vectorOf(scalar.getType()),
                                          scalar));
      continue;
    }
    OperationState state(loc, op.getName());
    for (Value operand : op.getOperands()) {
      // A scalar defined above the region (constants get hoisted there) is
      // the same for every lane.
      Value laneValues = map.lookupOrNull(operand);
      if (!laneValues)
        laneValues = vector::BroadcastOp::create(
            b, loc, vectorOf(operand.getType()), operand);
      state.addOperands(laneValues);
    }
    for (Type type : op.getResultTypes())
      state.addTypes(vectorOf(type));
    state.addAttributes(op.getAttrs());
    Operation *laneOp = b.create(state);
    map.map(op.getResults(), laneOp->getResults());
  }
  Value result = body.getTerminator()->getOperand(0);
  if (Value laneValues = map.lookupOrNull(result))
    return laneValues;
  return vector::BroadcastOp::create(b, loc, vectorOf(result.getType()),
                                     result);
}

std::optional<std::pair<linalg::GenericOp, unsigned>>
mlir::hag::findEpilogue(Operation *aggregate) {
  Value result = aggregate->getResult(0);
  if (!result.hasOneUse())
    return std::nullopt;
  auto generic = dyn_cast<linalg::GenericOp>(*result.getUsers().begin());
  if (!generic || generic.getNumDpsInits() != 1 ||
      generic->getNumResults() != 1 || generic.getNumLoops() != 2 ||
      generic.getNumParallelLoops() != 2 ||
      generic->getResult(0).getType() != result.getType() ||
      !cast<RankedTensorType>(result.getType()).getElementType().isF32())
    return std::nullopt;
  Block &body = *generic.getBlock();
  if (!isLaneWiseRegion(*body.getParent()) ||
      !body.getArgument(generic.getNumDpsInputs()).use_empty() ||
      !body.getTerminator()->getOperand(0).getType().isF32())
    return std::nullopt;
  std::optional<unsigned> aggregateInput;
  for (OpOperand *input : generic.getDpsInputOperands()) {
    auto type = dyn_cast<RankedTensorType>(input->get().getType());
    AffineMap map = generic.getMatchingIndexingMap(input);
    if (!type || !type.getElementType().isF32() ||
        !map.isProjectedPermutation() || map.getNumResults() != type.getRank())
      return std::nullopt;
    bool ordered = true;
    for (unsigned k = 1; k < map.getNumResults(); ++k)
      ordered &= map.getDimPosition(k - 1) < map.getDimPosition(k);
    if (!ordered)
      return std::nullopt;
    if (input->get() == result) {
      if (!map.isIdentity() || aggregateInput)
        return std::nullopt;
      aggregateInput = input->getOperandNumber();
    }
  }
  if (!aggregateInput)
    return std::nullopt;
  return std::make_pair(generic, *aggregateInput);
}
