//===- AggregationLowering.cpp - shared by the hag lowerings --------------===//
#include "hag/Conversion/AggregationLowering.h"

#include "hag/Dialect/Hag/IR/HagData.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"

#include <cmath>
#include <limits>
#include <vector>

using namespace mlir;
using namespace mlir::hag;

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

Value mlir::hag::inputScalesConstant(OpBuilder &b, Location loc,
                                     ArrayRef<int64_t> degrees,
                                     bool selfLoops) {
  std::vector<float> scales;
  scales.reserve(degrees.size());
  for (int64_t degree : degrees) {
    int64_t d = degree + (selfLoops ? 1 : 0);
    scales.push_back(d == 0 ? 0.0f : float(1.0 / std::sqrt(double(d))));
  }
  auto type = RankedTensorType::get({int64_t(scales.size())}, b.getF32Type());
  return arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(type, ArrayRef<float>(scales)));
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

namespace {
/// libc's `write` and `abort`, which the row-count check calls.
struct LibcCallees {
  Operation *write = nullptr;
  Operation *abort = nullptr;
};
} // namespace

/// libc's `name` of type (args) -> result for a call from `user`: the
/// module's own declaration when it has one of that type (an llvm.func, or a
/// func.func it declared for its own calls, which the func-to-llvm lowering
/// turns into the same function), else null, to be declared. Any other symbol
/// of that name is an error: a second one would not verify, and a call to a
/// function of another type would not be libc's.
static FailureOr<Operation *> findLibcFunction(Operation *user, ModuleOp module,
                                               StringRef name, Type result,
                                               ArrayRef<Type> args) {
  Operation *symbol = SymbolTable::lookupSymbolIn(module, name);
  if (!symbol)
    return static_cast<Operation *>(nullptr);
  auto llvmType = LLVM::LLVMFunctionType::get(result, args);
  if (auto f = dyn_cast<LLVM::LLVMFuncOp>(symbol);
      f && f.getFunctionType() == llvmType)
    return symbol;
  SmallVector<Type> results;
  if (!isa<LLVM::LLVMVoidType>(result))
    results.push_back(result);
  if (auto f = dyn_cast<func::FuncOp>(symbol);
      f && f.getFunctionType() ==
               FunctionType::get(user->getContext(), args, results))
    return symbol;
  return user->emitOpError()
         << "needs libc's '" << name << "' of type " << llvmType
         << " for its run-time row-count check, but the module's @" << name
         << " is another symbol";
}

/// The types of libc's `write` (i32, ptr, i64) -> i64 and `abort` () -> ().
static LLVM::LLVMFunctionType libcType(MLIRContext *context, StringRef name) {
  if (name == "abort")
    return LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(context), {});
  Type i64 = IntegerType::get(context, 64);
  return LLVM::LLVMFunctionType::get(i64, {IntegerType::get(context, 32),
                                           LLVM::LLVMPointerType::get(context),
                                           i64});
}

/// Both callees of the check as the module declares them (null: not
/// declared), or an error on `user` if a symbol of either name is another.
static FailureOr<LibcCallees> findLibcCallees(Operation *user,
                                              ModuleOp module) {
  LibcCallees callees;
  for (auto [name, callee] :
       {std::pair<StringRef, Operation **>{"write", &callees.write},
        {"abort", &callees.abort}}) {
    LLVM::LLVMFunctionType type = libcType(user->getContext(), name);
    FailureOr<Operation *> found = findLibcFunction(
        user, module, name, type.getReturnType(), type.getParams());
    if (failed(found))
      return failure();
    *callee = *found;
  }
  return callees;
}

/// Both callees of the check, found or declared; nothing is declared unless
/// both can be had.
static FailureOr<LibcCallees> lookupOrDeclareLibc(Operation *user,
                                                  ModuleOp module) {
  FailureOr<LibcCallees> callees = findLibcCallees(user, module);
  if (failed(callees))
    return failure();
  OpBuilder top(user->getContext());
  top.setInsertionPointToStart(module.getBody());
  for (auto [name, callee] :
       {std::pair<StringRef, Operation **>{"write", &callees->write},
        {"abort", &callees->abort}})
    if (!*callee)
      *callee = LLVM::LLVMFuncOp::create(top, module.getLoc(), name,
                                         libcType(user->getContext(), name));
  return callees;
}

/// Calls `callee` (an llvm.func or a func.func, see findLibcFunction).
static void emitCall(OpBuilder &b, Location loc, Operation *callee,
                     ValueRange args) {
  if (auto f = dyn_cast<LLVM::LLVMFuncOp>(callee))
    LLVM::CallOp::create(b, loc, f, args);
  else
    func::CallOp::create(b, loc, cast<func::FuncOp>(callee), args);
}

/// If `failed`, writes `message` and a newline to stderr and aborts. Not
/// cf.assert: its LLVM lowering prints with puts, to stdout, whose buffer
/// abort() does not flush, so the message was lost whenever stdout was a
/// pipe or a file. write(2) and abort() are plain libc, so the kernel needs
/// no runtime of ours.
static void emitAbortIf(OpBuilder &b, Location loc, ModuleOp module,
                        const LibcCallees &libc, Value failed,
                        StringRef message) {
  MLIRContext *context = b.getContext();
  Type i32 = b.getI32Type(), i64 = b.getI64Type();
  std::string text = message.str() + "\n";
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
  emitCall(b, loc, libc.write, ValueRange{stderrFd, address, bytes});
  emitCall(b, loc, libc.abort, ValueRange{});
}

/// Whether the lowerings check `aggregation`'s rows at run time: its rows,
/// or the node count of its graph or plan, are dynamic.
static bool needsRowCountCheck(Operation *aggregation) {
  Value features;
  if (auto aggregate = dyn_cast<AggregateOp>(aggregation))
    features = aggregate.getFeatures();
  else if (auto planAggregate = dyn_cast<PlanAggregateOp>(aggregation))
    features = planAggregate.getFeatures();
  else
    return false;
  if (cast<ShapedType>(features.getType()).isDynamicDim(0))
    return true;
  return llvm::any_of(aggregation->getOperandTypes(), [](Type type) {
    if (auto graph = dyn_cast<mlir::hag::GraphType>(type))
      return !graph.hasStaticNodeCount();
    if (auto plan = dyn_cast<mlir::hag::PlanType>(type))
      return !plan.hasStaticNodeCount();
    return false;
  });
}

LogicalResult mlir::hag::checkRowCountCallees(Operation *root) {
  auto module = dyn_cast<ModuleOp>(root);
  if (!module)
    module = root->getParentOfType<ModuleOp>();
  if (!module)
    return success();
  // Every aggregation sees the same symbols: the first one checked at run
  // time settles it (and carries the error).
  Operation *first = nullptr;
  root->walk([&](Operation *op) {
    if (!needsRowCountCheck(op))
      return WalkResult::advance();
    first = op;
    return WalkResult::interrupt();
  });
  if (!first)
    return success();
  return success(succeeded(findLibcCallees(first, module)));
}

/// Size `dim` of a ranked tensor or memref, as an index value.
static Value dimOf(OpBuilder &b, Location loc, Value shaped, int64_t dim) {
  if (isa<RankedTensorType>(shaped.getType()))
    return tensor::DimOp::create(b, loc, shaped, dim);
  return memref::DimOp::create(b, loc, shaped, dim);
}

LogicalResult mlir::hag::emitRowCountCheck(OpBuilder &b, Operation *aggregation,
                                           Value features, Value offsets) {
  auto featuresType = cast<ShapedType>(features.getType());
  auto offsetsType = cast<ShapedType>(offsets.getType());
  // Static sizes are the verifier's to check.
  if (!featuresType.isDynamicDim(0) && !offsetsType.isDynamicDim(0))
    return success();
  // Outside a module there is nowhere to put the message; the lowerings
  // run on modules and the functions in them.
  auto module = aggregation->getParentOfType<ModuleOp>();
  if (!module)
    return success();
  FailureOr<LibcCallees> libc = lookupOrDeclareLibc(aggregation, module);
  if (failed(libc))
    return failure();
  Location loc = aggregation->getLoc();
  std::optional<int64_t> staticNodes;
  if (!offsetsType.isDynamicDim(0))
    staticNodes = offsetsType.getDimSize(0) - 1;
  Value rows = dimOf(b, loc, features, 0);
  Value nodes =
      staticNodes
          ? arith::ConstantIndexOp::create(b, loc, *staticNodes).getResult()
          : arith::SubIOp::create(b, loc, dimOf(b, loc, offsets, 0),
                                  arith::ConstantIndexOp::create(b, loc, 1))
                .getResult();
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
  emitAbortIf(b, loc, module, *libc, differ, message);
  return success();
}

LogicalResult mlir::hag::searchConstantBuildPlans(Operation *root) {
  SmallVector<BuildPlanOp> builds;
  root->walk([&](BuildPlanOp op) {
    if (op.getGraph().getDefiningOp<GraphConstantOp>())
      builds.push_back(op);
  });
  for (BuildPlanOp op : builds) {
    ::hag::Expected<::hag::Hag> hag = searchConstantBuildPlan(op);
    if (hag.failed())
      return op.emitError()
             << "no plan for this constant graph: " << hag.message();
    OpBuilder builder(op);
    op.getPlan().replaceAllUsesWith(
        createPlanConstant(builder, op.getLoc(), *hag, PlanNodes::Wide));
    op.erase();
  }
  return success();
}
