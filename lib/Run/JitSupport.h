//===- JitSupport.h - What every hag JIT needs -----------------*- C++ -*-===//
//
// Internal to lib/Run: the dialect registry, the OpenMP runtime the parallel
// kernels call, and JIT compilation of a module already lowered to LLVM.
//
//===----------------------------------------------------------------------===//
#ifndef HAG_LIB_RUN_JITSUPPORT_H
#define HAG_LIB_RUN_JITSUPPORT_H

#include "hag/Graph/Status.h"

#include "mlir/ExecutionEngine/CRunnerUtils.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"

#include <memory>
#include <string>

namespace hag {
namespace run {
namespace detail {

/// hag's dialect, every upstream dialect and extension, and the LLVM IR
/// translations.
mlir::DialectRegistry fullRegistry();

/// The OpenMP runtime lowered kernels call (libomp.so.5), or "" if none of
/// the known paths exists on this machine.
std::string openmpRuntimePath();

/// JIT-compiles `module` (LLVM dialect) at -O3 for the host, loading the
/// OpenMP runtime when `openmp`.
Expected<std::unique_ptr<mlir::ExecutionEngine>>
jitCompile(mlir::ModuleOp module, bool openmp);

/// Collects the error diagnostics of `context` while it lives, joined by
/// "; " (each prefixed by its location when `withLocations`).
class ErrorCollector : public mlir::ScopedDiagnosticHandler {
public:
  ErrorCollector(mlir::MLIRContext *context, bool withLocations);
  const std::string &text() const { return text_; }

private:
  std::string text_;
};

/// A descriptor of `numRows` x `width` contiguous floats at `data`.
StridedMemRefType<float, 2> describeRows(float *data, int64_t numRows,
                                         int64_t width);

/// A descriptor of `size` contiguous elements at `data` (read only).
template <typename T>
StridedMemRefType<T, 1> describeVector(const T *data, int64_t size) {
  StridedMemRefType<T, 1> memref;
  memref.basePtr = memref.data = const_cast<T *>(data);
  memref.offset = 0;
  memref.sizes[0] = size;
  memref.strides[0] = 1;
  return memref;
}

/// jitCompile, then the address of the C interface of `entry`
/// (`_mlir_ciface_<entry>`); `engine` receives the code and must outlive
/// every call.
Expected<void *>
jitCompileEntry(mlir::ModuleOp module, bool openmp, const std::string &entry,
                std::unique_ptr<mlir::ExecutionEngine> &engine);

} // namespace detail
} // namespace run
} // namespace hag

#endif // HAG_LIB_RUN_JITSUPPORT_H
