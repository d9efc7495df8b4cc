//===- CudaRuntime.cpp - hag's CUDA runtime over the driver API -----------===//
//
// Implements include/hag/Runtime/CudaRuntime.h: the hagCuda* host API and
// the mgpu* entry points that MLIR 22's gpu-to-llvm lowering calls, on the
// CUDA driver API. The state they share lives in RuntimeState.h, the driver
// table (opened with dlopen, typed by cuda.h) in CudaDriver.h; no CUDA
// library is linked, so the library loads, and reports why CUDA is
// unusable, on a machine without a driver.
//
//===----------------------------------------------------------------------===//

#include "RuntimeState.h"

#include "hag/Runtime/CudaRuntime.h"

#include <cuda.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

/// The C API is exported; everything else stays hidden (the library is built
/// with -fvisibility=hidden), so the runtime's C++ internals cannot clash
/// with the host's.
#define HAG_CUDA_EXPORT extern "C" __attribute__((visibility("default")))

namespace {

/// The largest dynamic shared memory a kernel gets without opting in with
/// CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES.
constexpr int32_t kDefaultSharedMemoryLimit = 48 * 1024;

/// The largest cluster the hardware guarantees without
/// CU_FUNC_ATTRIBUTE_NON_PORTABLE_CLUSTER_SIZE_ALLOWED.
constexpr int64_t kPortableClusterSize = 8;

/// How much of a failed PTX compilation's log goes into the error message.
constexpr size_t kJitLogBytes = 4096;

std::string describeDims(int64_t x, int64_t y, int64_t z) {
  return std::to_string(x) + "x" + std::to_string(y) + "x" + std::to_string(z);
}

/// Launch dimensions must be positive and fit the driver's `unsigned int`.
bool isValidDim(int64_t extent) {
  return extent > 0 && extent <= std::numeric_limits<unsigned>::max();
}

CUdeviceptr toDevicePointer(const void *pointer) {
  return reinterpret_cast<CUdeviceptr>(pointer);
}

using hag::cuda::Runtime;

Runtime &runtime() { return Runtime::get(); }

/// Fills `result` with the device copy of `source` (a rank-1 memref
/// descriptor of any element type).
template <typename MemRef>
void deviceCopyMemRef(const char *entry, MemRef *result, const MemRef *source) {
  using Element = std::remove_pointer_t<decltype(source->aligned)>;
  int64_t count = source->sizes[0];
  *result = MemRef{nullptr, nullptr, 0, {count}, {1}};
  if (count <= 0 || !runtime().enterWork(entry))
    return;
  CUdeviceptr devicePointer = runtime().deviceCopy(
      entry, reinterpret_cast<const unsigned char *>(source->aligned),
      source->offset, count, source->strides[0], sizeof(Element));
  auto *device = reinterpret_cast<Element *>(devicePointer);
  result->allocated = device;
  result->aligned = device;
}

/// Shared part of the two launch entries: the kernel name and shape for the
/// error message, built only on failure.
std::string describeLaunch(CUfunction function, int64_t gridX, int64_t gridY,
                           int64_t gridZ, int64_t blockX, int64_t blockY,
                           int64_t blockZ, int32_t sharedMemoryBytes) {
  return "kernel '" + runtime().kernelName(function) + "' (grid " +
         describeDims(gridX, gridY, gridZ) + ", block " +
         describeDims(blockX, blockY, blockZ) + ", " +
         std::to_string(sharedMemoryBytes) + " bytes of dynamic shared memory)";
}

/// Checks a launch's operands. False when there is nothing to launch (a zero
/// extent: an empty input) or the launch is invalid (error recorded).
bool prepareLaunch(const char *entry, CUfunction function,
                   std::initializer_list<int64_t> extents,
                   int32_t sharedMemoryBytes, const std::string &shape) {
  if (function == nullptr) {
    runtime().recordError(std::string(entry) +
                          ": no kernel function (its module failed to load or "
                          "the look-up failed)");
    return false;
  }
  for (int64_t extent : extents) {
    if (extent == 0)
      return false;
    if (!isValidDim(extent)) {
      runtime().recordError(std::string(entry) + ": launch extent " +
                            std::to_string(extent) + " out of range for " +
                            shape);
      return false;
    }
  }
  if (sharedMemoryBytes < 0) {
    runtime().recordError(std::string(entry) +
                          ": negative dynamic shared memory for " + shape);
    return false;
  }
  // Beyond 48 KiB a kernel must opt in to dynamic shared memory.
  if (sharedMemoryBytes > kDefaultSharedMemoryLimit) {
    CUresult result = runtime().driver.cuFuncSetAttribute(
        function, CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES,
        sharedMemoryBytes);
    if (result != CUDA_SUCCESS) {
      runtime().recordError(
          runtime().describeFailure(result, "cuFuncSetAttribute") + " in " +
          entry + " of " + shape);
      return false;
    }
  }
  return true;
}

/// Loads a module image with the driver's JIT error log attached, so that a
/// PTX compilation failure says why. `optLevel` < 0 leaves ptxas's default.
void *loadModule(const char *entry, const void *image, int optLevel) {
  if (!runtime().enter(entry))
    return nullptr;
  if (image == nullptr) {
    runtime().recordError(std::string(entry) + ": no module image");
    return nullptr;
  }
  std::vector<char> log(kJitLogBytes, '\0');
  std::vector<CUjit_option> options = {CU_JIT_ERROR_LOG_BUFFER,
                                       CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES};
  std::vector<void *> values = {log.data(),
                                reinterpret_cast<void *>(log.size())};
  if (optLevel >= 0) {
    options.push_back(CU_JIT_OPTIMIZATION_LEVEL);
    values.push_back(reinterpret_cast<void *>(
        static_cast<uintptr_t>(std::min(optLevel, 4))));
  }
  CUmodule module = nullptr;
  CUresult result = runtime().driver.cuModuleLoadDataEx(
      &module, image, static_cast<unsigned>(options.size()), options.data(),
      values.data());
  if (result != CUDA_SUCCESS) {
    log.back() = '\0';
    std::string details(log.data());
    while (!details.empty() &&
           std::isspace(static_cast<unsigned char>(details.back())))
      details.pop_back();
    std::string message =
        runtime().describeFailure(result, "cuModuleLoadDataEx") + " in " +
        entry;
    if (!details.empty())
      message += ": " + details;
    runtime().recordError(message);
    return nullptr;
  }
  return module;
}

} // namespace

//===----------------------------------------------------------------------===//
// Host API
//===----------------------------------------------------------------------===//

HAG_CUDA_EXPORT int hagCudaInit(void) {
  if (runtime().ensureInitialized())
    return 0;
  runtime().recordError(runtime().failureReason());
  return 1;
}

HAG_CUDA_EXPORT int hagCudaDeviceCount(void) { return runtime().deviceCount(); }

HAG_CUDA_EXPORT const char *hagCudaTakeError(void) {
  return runtime().takeError();
}

HAG_CUDA_EXPORT void *hagCudaMalloc(size_t bytes) {
  if (!runtime().enter("hagCudaMalloc") || bytes == 0)
    return nullptr;
  CUdeviceptr pointer = 0;
  if (!runtime().succeeded(runtime().driver.cuMemAlloc_v2(&pointer, bytes),
                           "cuMemAlloc_v2", "hagCudaMalloc"))
    return nullptr;
  return reinterpret_cast<void *>(pointer);
}

HAG_CUDA_EXPORT void hagCudaFree(void *devicePointer) {
  if (devicePointer == nullptr || !runtime().enter("hagCudaFree"))
    return;
  runtime().succeeded(
      runtime().driver.cuMemFree_v2(toDevicePointer(devicePointer)),
      "cuMemFree_v2", "hagCudaFree");
}

HAG_CUDA_EXPORT int hagCudaCopyToDevice(void *devicePointer,
                                        const void *hostPointer, size_t bytes) {
  const char *entry = "hagCudaCopyToDevice";
  if (!runtime().enter(entry))
    return 1;
  if (bytes == 0)
    return 0;
  // On the current stream, so the copy is ordered with the kernels of
  // lowered code even when the host's stream does not block.
  CUstream stream = runtime().currentStream(entry);
  if (stream == nullptr)
    return 1;
  bool ok = runtime().succeeded(
                runtime().driver.cuMemcpyHtoDAsync_v2(
                    toDevicePointer(devicePointer), hostPointer, bytes, stream),
                "cuMemcpyHtoDAsync_v2", entry) &&
            runtime().succeeded(runtime().driver.cuStreamSynchronize(stream),
                                "cuStreamSynchronize", entry);
  return ok ? 0 : 1;
}

HAG_CUDA_EXPORT int hagCudaCopyToHost(void *hostPointer,
                                      const void *devicePointer, size_t bytes) {
  const char *entry = "hagCudaCopyToHost";
  if (!runtime().enter(entry))
    return 1;
  if (bytes == 0)
    return 0;
  CUstream stream = runtime().currentStream(entry);
  if (stream == nullptr)
    return 1;
  bool ok = runtime().succeeded(
                runtime().driver.cuMemcpyDtoHAsync_v2(
                    hostPointer, toDevicePointer(devicePointer), bytes, stream),
                "cuMemcpyDtoHAsync_v2", entry) &&
            runtime().succeeded(runtime().driver.cuStreamSynchronize(stream),
                                "cuStreamSynchronize", entry);
  return ok ? 0 : 1;
}

HAG_CUDA_EXPORT void hagCudaSetStream(void *stream) {
  runtime().setUserStream(static_cast<CUstream>(stream));
}

HAG_CUDA_EXPORT void hagCudaSetSynchronize(int enabled) {
  runtime().setSynchronize(enabled != 0);
}

HAG_CUDA_EXPORT int hagCudaSynchronize(void) {
  const char *entry = "hagCudaSynchronize";
  if (!runtime().enter(entry))
    return 1;
  CUstream stream = runtime().currentStream(entry);
  if (stream == nullptr)
    return 1;
  return runtime().synchronized(runtime().driver.cuStreamSynchronize(stream),
                                "cuStreamSynchronize", entry)
             ? 0
             : 1;
}

HAG_CUDA_EXPORT void _mlir_ciface_hagCudaDeviceCopyI32(HagMemRef1DI32 *result,
                                                       HagMemRef1DI32 *source) {
  deviceCopyMemRef("hagCudaDeviceCopyI32", result, source);
}

HAG_CUDA_EXPORT void _mlir_ciface_hagCudaDeviceCopyI64(HagMemRef1DI64 *result,
                                                       HagMemRef1DI64 *source) {
  deviceCopyMemRef("hagCudaDeviceCopyI64", result, source);
}

HAG_CUDA_EXPORT void _mlir_ciface_hagCudaDeviceCopyF32(HagMemRef1DF32 *result,
                                                       HagMemRef1DF32 *source) {
  deviceCopyMemRef("hagCudaDeviceCopyF32", result, source);
}

HAG_CUDA_EXPORT void hagCudaReleaseDeviceCopies(void) {
  if (runtime().enter("hagCudaReleaseDeviceCopies"))
    runtime().releaseDeviceCopies();
}

//===----------------------------------------------------------------------===//
// Modules and launches
//===----------------------------------------------------------------------===//

HAG_CUDA_EXPORT void *mgpuModuleLoad(void *data, size_t /*size*/) {
  // cubin and fatbin images carry their own size; the driver reads headers.
  return loadModule("mgpuModuleLoad", data, /*optLevel=*/-1);
}

HAG_CUDA_EXPORT void *mgpuModuleLoadJIT(void *data, int optLevel) {
  return loadModule("mgpuModuleLoadJIT", data, std::max(optLevel, 0));
}

HAG_CUDA_EXPORT void mgpuModuleUnload(void *module) {
  if (module == nullptr || !runtime().enter("mgpuModuleUnload"))
    return;
  CUresult result =
      runtime().driver.cuModuleUnload(static_cast<CUmodule>(module));
  // Unloads run from global destructors; at exit the driver may already be
  // shut down, and the module with it.
  if (result != CUDA_ERROR_DEINITIALIZED)
    runtime().succeeded(result, "cuModuleUnload", "mgpuModuleUnload");
}

HAG_CUDA_EXPORT void *mgpuModuleGetFunction(void *module, const char *name) {
  const char *entry = "mgpuModuleGetFunction";
  if (module == nullptr) {
    runtime().recordError(std::string(entry) + ": no module for kernel '" +
                          (name ? name : "<null>") + "' (its load failed)");
    return nullptr;
  }
  if (!runtime().enter(entry))
    return nullptr;
  CUfunction function = nullptr;
  CUresult result = runtime().driver.cuModuleGetFunction(
      &function, static_cast<CUmodule>(module), name);
  if (result != CUDA_SUCCESS) {
    runtime().recordError(
        runtime().describeFailure(result, "cuModuleGetFunction") + " in " +
        entry + " of kernel '" + (name ? name : "<null>") + "'");
    return nullptr;
  }
  runtime().rememberKernelName(function, name);
  return function;
}

HAG_CUDA_EXPORT void mgpuLaunchKernel(void *function, int64_t gridX,
                                      int64_t gridY, int64_t gridZ,
                                      int64_t blockX, int64_t blockY,
                                      int64_t blockZ, int32_t sharedMemoryBytes,
                                      void *stream, void **params, void **extra,
                                      size_t /*paramsCount*/) {
  const char *entry = "mgpuLaunchKernel";
  if (!runtime().enterWork(entry))
    return;
  auto *kernel = static_cast<CUfunction>(function);
  auto shape = [&] {
    return describeLaunch(kernel, gridX, gridY, gridZ, blockX, blockY, blockZ,
                          sharedMemoryBytes);
  };
  // Every launch of lowered code goes through here: check the common case
  // cheaply and leave messages (and the opt-in for large shared memory) to
  // prepareLaunch.
  bool ordinary = kernel != nullptr && sharedMemoryBytes >= 0 &&
                  sharedMemoryBytes <= kDefaultSharedMemoryLimit;
  for (int64_t extent : {gridX, gridY, gridZ, blockX, blockY, blockZ})
    ordinary = ordinary && isValidDim(extent);
  if (!ordinary && !prepareLaunch(entry, kernel,
                                  {gridX, gridY, gridZ, blockX, blockY, blockZ},
                                  sharedMemoryBytes, shape()))
    return;
  runtime().noteLaunch(kernel);
  CUresult result = runtime().driver.cuLaunchKernel(
      kernel, static_cast<unsigned>(gridX), static_cast<unsigned>(gridY),
      static_cast<unsigned>(gridZ), static_cast<unsigned>(blockX),
      static_cast<unsigned>(blockY), static_cast<unsigned>(blockZ),
      static_cast<unsigned>(sharedMemoryBytes), static_cast<CUstream>(stream),
      params, extra);
  if (result != CUDA_SUCCESS)
    runtime().recordError(runtime().describeFailure(result, "cuLaunchKernel") +
                          " in " + entry + " of " + shape());
}

HAG_CUDA_EXPORT void
mgpuLaunchClusterKernel(void *function, int64_t clusterX, int64_t clusterY,
                        int64_t clusterZ, int64_t gridX, int64_t gridY,
                        int64_t gridZ, int64_t blockX, int64_t blockY,
                        int64_t blockZ, int32_t sharedMemoryBytes, void *stream,
                        void **params, void **extra) {
  const char *entry = "mgpuLaunchClusterKernel";
  if (!runtime().enterWork(entry))
    return;
  auto *kernel = static_cast<CUfunction>(function);
  std::string shape = describeLaunch(kernel, gridX, gridY, gridZ, blockX,
                                     blockY, blockZ, sharedMemoryBytes) +
                      " in clusters of " +
                      describeDims(clusterX, clusterY, clusterZ);
  // Cluster launches are rare and heavy; validating every time is cheap.
  if (!prepareLaunch(entry, kernel,
                     {clusterX, clusterY, clusterZ, gridX, gridY, gridZ, blockX,
                      blockY, blockZ},
                     sharedMemoryBytes, shape))
    return;
  // In floating point: the extents are validated, their product may still
  // overflow.
  double clusterSize = static_cast<double>(clusterX) * clusterY * clusterZ;
  if (clusterSize > kPortableClusterSize) {
    CUresult result = runtime().driver.cuFuncSetAttribute(
        kernel, CU_FUNC_ATTRIBUTE_NON_PORTABLE_CLUSTER_SIZE_ALLOWED, 1);
    if (result != CUDA_SUCCESS) {
      runtime().recordError(
          runtime().describeFailure(result, "cuFuncSetAttribute") + " in " +
          entry + " of " + shape);
      return;
    }
  }
  CUlaunchAttribute cluster;
  std::memset(&cluster, 0, sizeof(cluster));
  cluster.id = CU_LAUNCH_ATTRIBUTE_CLUSTER_DIMENSION;
  cluster.value.clusterDim.x = static_cast<unsigned>(clusterX);
  cluster.value.clusterDim.y = static_cast<unsigned>(clusterY);
  cluster.value.clusterDim.z = static_cast<unsigned>(clusterZ);
  CUlaunchConfig config;
  std::memset(&config, 0, sizeof(config));
  config.gridDimX = static_cast<unsigned>(gridX);
  config.gridDimY = static_cast<unsigned>(gridY);
  config.gridDimZ = static_cast<unsigned>(gridZ);
  config.blockDimX = static_cast<unsigned>(blockX);
  config.blockDimY = static_cast<unsigned>(blockY);
  config.blockDimZ = static_cast<unsigned>(blockZ);
  config.sharedMemBytes = static_cast<unsigned>(sharedMemoryBytes);
  config.hStream = static_cast<CUstream>(stream);
  config.attrs = &cluster;
  config.numAttrs = 1;
  runtime().noteLaunch(kernel);
  CUresult result =
      runtime().driver.cuLaunchKernelEx(&config, kernel, params, extra);
  if (result != CUDA_SUCCESS)
    runtime().recordError(
        runtime().describeFailure(result, "cuLaunchKernelEx") + " in " + entry +
        " of " + shape);
}

//===----------------------------------------------------------------------===//
// Streams and events
//===----------------------------------------------------------------------===//

HAG_CUDA_EXPORT void *mgpuStreamCreate(void) {
  const char *entry = "mgpuStreamCreate";
  if (!runtime().enter(entry))
    return nullptr;
  return runtime().currentStream(entry);
}

HAG_CUDA_EXPORT void mgpuStreamDestroy(void * /*stream*/) {
  // Deliberately empty: the stream is the host's or the runtime's reused
  // one, and neither may go away with one lowered call.
}

HAG_CUDA_EXPORT void mgpuStreamSynchronize(void *stream) {
  const char *entry = "mgpuStreamSynchronize";
  if (!runtime().shouldSynchronize() || !runtime().enterWork(entry))
    return;
  // Launch failures surface here; the message names the last launch.
  runtime().synchronized(
      runtime().driver.cuStreamSynchronize(static_cast<CUstream>(stream)),
      "cuStreamSynchronize", entry);
}

HAG_CUDA_EXPORT void mgpuStreamWaitEvent(void *stream, void *event) {
  const char *entry = "mgpuStreamWaitEvent";
  if (!runtime().enterWork(entry))
    return;
  runtime().succeeded(runtime().driver.cuStreamWaitEvent(
                          static_cast<CUstream>(stream),
                          static_cast<CUevent>(event), /*Flags=*/0),
                      "cuStreamWaitEvent", entry);
}

HAG_CUDA_EXPORT void *mgpuEventCreate(void) {
  const char *entry = "mgpuEventCreate";
  if (!runtime().enter(entry))
    return nullptr;
  CUevent event = nullptr;
  // Events only order work here; timing would make them slower.
  if (!runtime().succeeded(
          runtime().driver.cuEventCreate(&event, CU_EVENT_DISABLE_TIMING),
          "cuEventCreate", entry))
    return nullptr;
  return event;
}

HAG_CUDA_EXPORT void mgpuEventDestroy(void *event) {
  const char *entry = "mgpuEventDestroy";
  if (event == nullptr || !runtime().enter(entry))
    return;
  runtime().succeeded(
      runtime().driver.cuEventDestroy_v2(static_cast<CUevent>(event)),
      "cuEventDestroy_v2", entry);
}

HAG_CUDA_EXPORT void mgpuEventSynchronize(void *event) {
  const char *entry = "mgpuEventSynchronize";
  if (!runtime().shouldSynchronize() || !runtime().enterWork(entry))
    return;
  runtime().synchronized(
      runtime().driver.cuEventSynchronize(static_cast<CUevent>(event)),
      "cuEventSynchronize", entry);
}

HAG_CUDA_EXPORT void mgpuEventRecord(void *event, void *stream) {
  const char *entry = "mgpuEventRecord";
  if (!runtime().enterWork(entry))
    return;
  runtime().succeeded(
      runtime().driver.cuEventRecord(static_cast<CUevent>(event),
                                     static_cast<CUstream>(stream)),
      "cuEventRecord", entry);
}

//===----------------------------------------------------------------------===//
// Memory
//===----------------------------------------------------------------------===//

HAG_CUDA_EXPORT void *mgpuMemAlloc(uint64_t sizeBytes, void *stream,
                                   bool isHostShared) {
  const char *entry = "mgpuMemAlloc";
  if (sizeBytes == 0 || !runtime().enterWork(entry))
    return nullptr;
  CUdeviceptr pointer = 0;
  if (isHostShared) {
    if (!runtime().succeeded(runtime().driver.cuMemAllocManaged(
                                 &pointer, sizeBytes, CU_MEM_ATTACH_GLOBAL),
                             "cuMemAllocManaged", entry))
      return nullptr;
    runtime().rememberManaged(reinterpret_cast<void *>(pointer));
    return reinterpret_cast<void *>(pointer);
  }
  // Stream-ordered: a per-call scratch buffer comes from the pool without a
  // device synchronisation.
  bool ok = runtime().usesStreamOrderedAllocation()
                ? runtime().succeeded(
                      runtime().driver.cuMemAllocAsync(
                          &pointer, sizeBytes, static_cast<CUstream>(stream)),
                      "cuMemAllocAsync", entry)
                : runtime().succeeded(
                      runtime().driver.cuMemAlloc_v2(&pointer, sizeBytes),
                      "cuMemAlloc_v2", entry);
  return ok ? reinterpret_cast<void *>(pointer) : nullptr;
}

HAG_CUDA_EXPORT void mgpuMemFree(void *pointer, void *stream) {
  const char *entry = "mgpuMemFree";
  if (pointer == nullptr || !runtime().enter(entry))
    return;
  if (runtime().forgetManaged(pointer) ||
      !runtime().usesStreamOrderedAllocation()) {
    runtime().succeeded(runtime().driver.cuMemFree_v2(toDevicePointer(pointer)),
                        "cuMemFree_v2", entry);
    return;
  }
  runtime().succeeded(
      runtime().driver.cuMemFreeAsync(toDevicePointer(pointer),
                                      static_cast<CUstream>(stream)),
      "cuMemFreeAsync", entry);
}

HAG_CUDA_EXPORT void mgpuMemcpy(void *destination, void *source,
                                size_t sizeBytes, void *stream) {
  const char *entry = "mgpuMemcpy";
  if (sizeBytes == 0 || !runtime().enterWork(entry))
    return;
  runtime().succeeded(runtime().driver.cuMemcpyAsync(
                          toDevicePointer(destination), toDevicePointer(source),
                          sizeBytes, static_cast<CUstream>(stream)),
                      "cuMemcpyAsync", entry);
}

HAG_CUDA_EXPORT void mgpuMemset32(void *destination, uint32_t value,
                                  size_t count, void *stream) {
  const char *entry = "mgpuMemset32";
  if (count == 0 || !runtime().enterWork(entry))
    return;
  runtime().succeeded(
      runtime().driver.cuMemsetD32Async(toDevicePointer(destination), value,
                                        count, static_cast<CUstream>(stream)),
      "cuMemsetD32Async", entry);
}

HAG_CUDA_EXPORT void mgpuMemset16(void *destination, uint16_t value,
                                  size_t count, void *stream) {
  const char *entry = "mgpuMemset16";
  if (count == 0 || !runtime().enterWork(entry))
    return;
  runtime().succeeded(
      runtime().driver.cuMemsetD16Async(toDevicePointer(destination), value,
                                        count, static_cast<CUstream>(stream)),
      "cuMemsetD16Async", entry);
}

HAG_CUDA_EXPORT void mgpuSetDefaultDevice(int32_t device) {
  runtime().setDefaultDevice(device);
}
