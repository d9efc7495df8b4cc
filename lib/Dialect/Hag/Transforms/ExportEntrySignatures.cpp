//===- ExportEntrySignatures.cpp - Entry types kept in compiled code ------===//
//
// --hag-export-entry-signatures: a constant string per C-interface entry
// holding its MLIR type, so that a host loading the compiled library can
// check the buffers it passes (Passes.td).
//
//===----------------------------------------------------------------------===//
#include "hag/Dialect/Hag/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Builders.h"

namespace mlir {
namespace hag {
#define GEN_PASS_DEF_EXPORTENTRYSIGNATURESPASS
#include "hag/Dialect/Hag/Transforms/Passes.h.inc"
} // namespace hag
} // namespace mlir

using namespace mlir;
using namespace mlir::hag;

namespace {
struct ExportEntrySignaturesPass
    : public hag::impl::ExportEntrySignaturesPassBase<
          ExportEntrySignaturesPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    OpBuilder builder(module.getBodyRegion());
    builder.setInsertionPointToEnd(module.getBody());
    for (auto func : llvm::to_vector(module.getOps<func::FuncOp>())) {
      if (func.isExternal() || !func.isPublic() ||
          !func->hasAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName()))
        continue;
      std::string name = kEntrySignaturePrefix + func.getSymName().str();
      if (module.lookupSymbol(name)) {
        func.emitError() << "hag-export-entry-signatures: the module already "
                            "defines @"
                         << name << ", the name of this entry's signature";
        return signalPassFailure();
      }
      std::string text;
      llvm::raw_string_ostream os(text);
      func.getFunctionType().print(os);
      text.push_back('\0');
      auto type = LLVM::LLVMArrayType::get(builder.getI8Type(), text.size());
      LLVM::GlobalOp::create(builder, func.getLoc(), type, /*isConstant=*/true,
                             LLVM::Linkage::External, name,
                             builder.getStringAttr(text));
    }
  }
};
} // namespace
