//===- CudaDriver.h - The CUDA driver API, opened with dlopen ---*- C++ -*-===//
//
// The driver functions hag's CUDA runtime calls, resolved from libcuda.so.1
// (or a stand-in) at run time and typed by cuda.h, and how their failures
// are named. Internal to lib/Runtime.
//
//===----------------------------------------------------------------------===//
#ifndef HAG_LIB_RUNTIME_CUDADRIVER_H
#define HAG_LIB_RUNTIME_CUDADRIVER_H

#include <cuda.h>

#include <string>

namespace hag::cuda {

/// Every driver function the runtime calls, by its exported symbol. cuda.h
/// maps the unversioned names to versioned ones with macros (cuMemAlloc ->
/// cuMemAlloc_v2); dlsym sees no macros, so the list names the versions
/// whose signatures cuda.h declares.
#define HAG_FOR_EACH_DRIVER_FUNCTION(X)                                        \
  X(cuGetErrorName)                                                            \
  X(cuInit)                                                                    \
  X(cuDeviceGetCount)                                                          \
  X(cuDeviceGet)                                                               \
  X(cuDeviceGetAttribute)                                                      \
  X(cuDevicePrimaryCtxRetain)                                                  \
  X(cuCtxGetCurrent)                                                           \
  X(cuCtxSetCurrent)                                                           \
  X(cuDeviceGetDefaultMemPool)                                                 \
  X(cuMemPoolSetAttribute)                                                     \
  X(cuMemAlloc_v2)                                                             \
  X(cuMemFree_v2)                                                              \
  X(cuMemAllocManaged)                                                         \
  X(cuMemAllocAsync)                                                           \
  X(cuMemFreeAsync)                                                            \
  X(cuMemcpyAsync)                                                             \
  X(cuMemcpyHtoDAsync_v2)                                                      \
  X(cuMemcpyDtoHAsync_v2)                                                      \
  X(cuMemsetD32Async)                                                          \
  X(cuMemsetD16Async)                                                          \
  X(cuStreamCreate)                                                            \
  X(cuStreamSynchronize)                                                       \
  X(cuStreamWaitEvent)                                                         \
  X(cuEventCreate)                                                             \
  X(cuEventDestroy_v2)                                                         \
  X(cuEventRecord)                                                             \
  X(cuEventSynchronize)                                                        \
  X(cuModuleLoadDataEx)                                                        \
  X(cuModuleUnload)                                                            \
  X(cuModuleGetFunction)                                                       \
  X(cuFuncSetAttribute)                                                        \
  X(cuLaunchKernel)                                                            \
  X(cuLaunchKernelEx)

/// Pointers to the driver's functions, typed by cuda.h's declarations.
struct DriverApi {
#define HAG_DECLARE_DRIVER_FUNCTION(name) decltype(&::name) name = nullptr;
  HAG_FOR_EACH_DRIVER_FUNCTION(HAG_DECLARE_DRIVER_FUNCTION)
#undef HAG_DECLARE_DRIVER_FUNCTION

  /// Opens the driver library at `path` and resolves every function above.
  /// Returns why that failed, or an empty string. The library stays open for
  /// the life of the process.
  std::string open(const std::string &path);

  /// "<call>: <CUDA error name> (<code>)", named by the driver when it can.
  std::string describeFailure(CUresult result, const char *call) const;
};

} // namespace hag::cuda

#endif // HAG_LIB_RUNTIME_CUDADRIVER_H
