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

#include <fcntl.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

/// Whether reading `path` to its end can end: the input is read whole before
/// it is parsed, and a device such as /dev/zero never ends. Terminals (the
/// user types until end of file) and /dev/null (empty) do.
static bool readsToAnEnd(const std::string &path) {
  struct stat info, null;
  if (path == "-" || ::stat(path.c_str(), &info) != 0 || !S_ISCHR(info.st_mode))
    return true; // a file, a pipe, or a path whose error MLIR reports
  if (::stat("/dev/null", &null) == 0 && info.st_rdev == null.st_rdev)
    return true;
  int fd = ::open(path.c_str(), O_RDONLY | O_NOCTTY | O_CLOEXEC);
  bool terminal = fd >= 0 && ::isatty(fd);
  if (fd >= 0)
    ::close(fd);
  return terminal;
}

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
  auto [input, output] = mlir::registerAndParseCLIOptions(
      argc, argv, "hag optimizer driver\n", registry);
  if (!readsToAnEnd(input)) {
    llvm::errs() << "hag-opt: error: " << input
                 << ": is a device, not a file (it would be read until "
                    "memory runs out)\n";
    return 1;
  }
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, input, output, registry));
}
