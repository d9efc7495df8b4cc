//===- AggregationLowering.cpp - shared by the hag lowerings --------------===//
#include "hag/Conversion/AggregationLowering.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"

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

/// If `failed`, writes `message` and a newline to stderr and aborts. Not
/// cf.assert: its LLVM lowering prints with puts, to stdout, whose buffer
/// abort() does not flush, so the message was lost whenever stdout was a
/// pipe or a file. write(2) and abort() are plain libc, so the kernel needs
/// no runtime of ours.
static void emitAbortIf(OpBuilder &b, Location loc, ModuleOp module,
                        Value failed, StringRef message) {
  MLIRContext *context = b.getContext();
  auto ptr = LLVM::LLVMPointerType::get(context);
  Type i32 = b.getI32Type(), i64 = b.getI64Type();
  std::string text = message.str() + "\n";
  auto declare = [&](StringRef name, Type result, ArrayRef<Type> args) {
    if (auto existing = module.lookupSymbol<LLVM::LLVMFuncOp>(name))
      return existing;
    OpBuilder top(context);
    top.setInsertionPointToStart(module.getBody());
    return LLVM::LLVMFuncOp::create(top, module.getLoc(), name,
                                    LLVM::LLVMFunctionType::get(result, args));
  };
  LLVM::LLVMFuncOp write = declare("write", i64, {i32, ptr, i64});
  LLVM::LLVMFuncOp abort =
      declare("abort", LLVM::LLVMVoidType::get(context), {});
  // Built detached, then inserted by the symbol table, which makes the name
  // unique (one message per check).
  OpBuilder detached(context);
  auto global = LLVM::GlobalOp::create(
      detached, loc, LLVM::LLVMArrayType::get(b.getI8Type(), text.size()),
      /*isConstant=*/true, LLVM::Linkage::Private, "hag_check_message",
      b.getStringAttr(text));
  SymbolTable(module).insert(global, module.getBody()->begin());
  auto check = scf::IfOp::create(b, loc, failed, /*withElseRegion=*/false);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(check.thenBlock());
  Value stderrFd =
      LLVM::ConstantOp::create(b, loc, i32, b.getI32IntegerAttr(2));
  Value bytes = LLVM::ConstantOp::create(
      b, loc, i64, b.getI64IntegerAttr(int64_t(text.size())));
  Value address = LLVM::AddressOfOp::create(b, loc, global);
  LLVM::CallOp::create(b, loc, write, ValueRange{stderrFd, address, bytes});
  LLVM::CallOp::create(b, loc, abort, ValueRange{});
}

void mlir::hag::emitRowCountCheck(OpBuilder &b, Operation *aggregation,
                                  Value rows, Value nodes,
                                  std::optional<int64_t> staticNodes) {
  // Outside a module there is nowhere to put the message; the lowerings
  // run on modules and the functions in them.
  auto module = aggregation->getParentOfType<ModuleOp>();
  if (!module)
    return;
  Location loc = aggregation->getLoc();
  Value differ =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, rows, nodes);
  // Worded like a diagnostic, without the op's name: no trace of the hag
  // dialect is left in the lowered IR.
  std::string message;
  llvm::raw_string_ostream os(message);
  if (auto file = loc->findInstanceOf<FileLineColLoc>())
    os << file.getFilename().getValue() << ":" << file.getLine() << ":"
       << file.getColumn() << ": ";
  os << "error: the features of this aggregation have a row count other "
        "than its graph's node count";
  if (staticNodes)
    os << " (" << *staticNodes << ")";
  emitAbortIf(b, loc, module, differ, message);
}
