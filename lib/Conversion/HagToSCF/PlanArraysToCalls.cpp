//===- PlanArraysToCalls.cpp - hag.plan_array -> plan runtime calls -------===//
//
// --hag-plan-arrays-to-calls: after buffer deallocation, each view of a kept
// run-time plan's array becomes the plan runtime's call returning that
// view's descriptor. Done this late because deallocation takes a call's
// memref result as the caller's to free, and the runtime keeps these.
//
//===----------------------------------------------------------------------===//
#include "hag/Conversion/Passes.h"
#include "hag/Dialect/Hag/IR/HagData.h"
#include "hag/Dialect/Hag/IR/HagDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"

namespace mlir {
namespace hag {
#define GEN_PASS_DEF_PLANARRAYSTOCALLSPASS
#include "hag/Conversion/Passes.h.inc"
} // namespace hag
} // namespace mlir

using namespace mlir;
using namespace mlir::hag;

namespace {

struct PlanArraysToCallsPass
    : public mlir::hag::impl::PlanArraysToCallsPassBase<PlanArraysToCallsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<PlanArrayOp> views;
    module.walk([&](PlanArrayOp op) { views.push_back(op); });
    OpBuilder builder(module.getContext());
    for (PlanArrayOp op : views) {
      // The verifier (plan_array_c1, c2) makes the layout known and the
      // result type that array's.
      PlanArrayLayout layout = *planArrayLayout(op.getArray());
      StringRef name = layout.pairs               ? "hagPlanViewPairs"
                       : layout.elementBits == 32 ? "hagPlanViewI32"
                                                  : "hagPlanViewI64";
      builder.setInsertionPoint(op);
      Value array = arith::ConstantIntOp::create(
          builder, op.getLoc(), builder.getI32Type(), layout.id);
      func::FuncOp callee = declaration(
          module, name,
          builder.getFunctionType({op.getPlan().getType(), array.getType()},
                                  {op.getView().getType()}));
      auto call = func::CallOp::create(builder, op.getLoc(), callee,
                                       ValueRange{op.getPlan(), array});
      op.getView().replaceAllUsesWith(call.getResult(0));
      op.erase();
    }
  }

  /// The runtime function `name` of `type`, declared once per module with
  /// the C interface (its memref result comes back through a descriptor).
  static func::FuncOp declaration(ModuleOp module, StringRef name,
                                  FunctionType type) {
    if (auto existing = module.lookupSymbol<func::FuncOp>(name))
      return existing;
    OpBuilder builder(module.getBodyRegion());
    auto function = func::FuncOp::create(builder, module.getLoc(), name, type);
    function.setPrivate();
    function->setAttr("llvm.emit_c_interface", builder.getUnitAttr());
    return function;
  }
};

} // namespace
