//===- JitSupport.cpp - What every hag JIT needs --------------------------===//
#include "JitSupport.h"

#include "hag/Dialect/Hag/IR/HagDialect.h"

#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/TargetSelect.h"

#include <cstdlib>
#include <mutex>
#include <sys/stat.h>

using namespace hag;

namespace {
/// Where the OpenMP runtime the lowered loops call lives on these machines.
const char *kOpenMPRuntimes[] = {"/usr/lib/x86_64-linux-gnu/libomp.so.5",
                                 "/usr/lib/llvm-22/lib/libomp.so"};

/// The x86 backend's alignment of innermost loops, as log2 bytes: 6 (64
/// bytes) where LLVM's default is 4. A kernel's loop over a list is a few
/// instructions, and where it happened to cross a 64-byte fetch block it ran
/// about 10% slower on the project's AMD EPYC: BZR_MD's plain kernel at d = 16
/// took 0.077-0.079 ms or 0.086-0.091 ms on one thread depending on where an
/// unrelated change put the loop, and 0.077-0.085 ms either way with 64-byte
/// alignment (docs/CpuPerformance.md). LLVM reads it as a command-line option
/// (there is no TargetOptions field for innermost loops), so it is set once
/// per process, unless the program's own command line already set it.
const char *const kInnermostLoopAlignmentOption =
    "x86-experimental-pref-innermost-loop-alignment";
constexpr const char *kInnermostLoopAlignment = "6";

void alignInnermostLoops() {
  static std::once_flag once;
  std::call_once(once, [] {
    auto options = llvm::cl::getRegisteredOptions();
    auto found = options.find(kInnermostLoopAlignmentOption);
    if (found != options.end() && found->second->getNumOccurrences() == 0)
      (void)found->second->addOccurrence(0, found->first,
                                         kInnermostLoopAlignment);
  });
}
} // namespace

mlir::DialectRegistry run::detail::fullRegistry() {
  mlir::DialectRegistry registry;
  registry.insert<mlir::hag::HagDialect>();
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  mlir::registerAllToLLVMIRTranslations(registry);
  return registry;
}

std::string run::detail::openmpRuntimePath() {
  for (const char *path : kOpenMPRuntimes) {
    struct stat info;
    if (::stat(path, &info) == 0)
      return path;
  }
  return "";
}

Expected<std::unique_ptr<mlir::ExecutionEngine>>
run::detail::jitCompile(mlir::ModuleOp module, bool openmp) {
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  alignInnermostLoops();
  std::string runtime = openmpRuntimePath();
  if (openmp && runtime.empty())
    return Status::error("no OpenMP runtime (libomp.so.5) found for the "
                         "parallel kernel; use sequential loops");
  // Lowered code may call MLIR's C runner utilities (memrefCopy for strided
  // copies), as under mlir-runner.
  std::vector<llvm::StringRef> libraries = {HAG_C_RUNNER_UTILS};
  if (!runtime.empty())
    libraries.push_back(runtime);
  mlir::ExecutionEngineOptions options;
  options.sharedLibPaths = libraries;
  auto optimize = mlir::makeOptimizingTransformer(
      /*optLevel=*/3, /*sizeLevel=*/0, /*targetMachine=*/nullptr);
  options.transformer = optimize;
  // HAG_JIT_OBJECT=FILE keeps the machine code for objdump and perf
  // annotate: JIT code has no symbols a profiler can see otherwise.
  const char *objectPath = std::getenv("HAG_JIT_OBJECT");
  options.enableObjectDump = objectPath != nullptr;
  auto engine = mlir::ExecutionEngine::create(module, options);
  if (!engine)
    return Status::error("JIT compilation failed: " +
                         llvm::toString(engine.takeError()));
  if (objectPath)
    (*engine)->dumpToObjectFile(objectPath);
  return std::move(*engine);
}

Expected<void *>
run::detail::jitCompileEntry(mlir::ModuleOp module, bool openmp,
                             const std::string &entry,
                             std::unique_ptr<mlir::ExecutionEngine> &engine) {
  Expected<std::unique_ptr<mlir::ExecutionEngine>> compiled =
      jitCompile(module, openmp);
  if (compiled.failed())
    return compiled.status();
  // Static constructors (the cuda target's kernel-module loads) run before
  // the entry is called through a raw pointer.
  (*compiled)->initialize();
  auto symbol = (*compiled)->lookup("_mlir_ciface_" + entry);
  if (!symbol)
    return Status::error("entry point '" + entry +
                         "' missing after "
                         "lowering: " +
                         llvm::toString(symbol.takeError()));
  engine = compiled.take();
  return reinterpret_cast<void *>(*symbol);
}

run::detail::ErrorCollector::ErrorCollector(mlir::MLIRContext *context,
                                            bool withLocations)
    : mlir::ScopedDiagnosticHandler(context) {
  setHandler([this, withLocations](mlir::Diagnostic &diagnostic) {
    if (diagnostic.getSeverity() != mlir::DiagnosticSeverity::Error)
      return mlir::success();
    std::string message;
    llvm::raw_string_ostream os(message);
    if (withLocations)
      os << diagnostic.getLocation() << ": ";
    os << diagnostic.str();
    text_ += (text_.empty() ? "" : "; ") + message;
    return mlir::success();
  });
}

StridedMemRefType<float, 2>
run::detail::describeRows(float *data, int64_t numRows, int64_t width) {
  StridedMemRefType<float, 2> memref;
  memref.basePtr = memref.data = data;
  memref.offset = 0;
  memref.sizes[0] = numRows;
  memref.sizes[1] = width;
  memref.strides[0] = width;
  memref.strides[1] = 1;
  return memref;
}
