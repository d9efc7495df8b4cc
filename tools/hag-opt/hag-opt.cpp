//===- hag-opt.cpp - The hag optimizer driver -----------------------------===//
//
// mlir-opt for hag: parses, verifies and transforms hag IR together with the
// upstream dialects around it; registers the hag passes, conversions and
// pipelines and all upstream dialects and passes (they live in the one shared
// libMLIR.so, so this costs no link time), as the lowering pipelines need
// them.
//
//===----------------------------------------------------------------------===//
#include "hag/Conversion/Passes.h"
#include "hag/Dialect/Hag/IR/HagDialect.h"
#include "hag/Dialect/Hag/Transforms/Passes.h"
#include "hag/Pipelines/Pipelines.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  registry.insert<mlir::hag::HagDialect>();
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  // gpu-module-to-binary translates kernels to LLVM IR (hag-lower-to-cuda).
  mlir::registerAllToLLVMIRTranslations(registry);
  mlir::registerAllPasses();
  mlir::hag::registerHagTransformsPasses();
  mlir::hag::registerHagConversionPasses();
  mlir::hag::registerHagPipelines();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "hag optimizer driver\n", registry));
}
