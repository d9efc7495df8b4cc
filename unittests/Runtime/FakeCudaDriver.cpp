//===- FakeCudaDriver.cpp - A CUDA driver stand-in for runtime tests ------===//
//
// Exports the driver functions hag's CUDA runtime resolves, defined against
// cuda.h's own declarations (so a signature mismatch does not compile), on
// host memory: "device" pointers are host pointers, streams run their work
// at once, and launching hag_test_add_one runs it on the host. It enforces
// what the runtime must get right: a current context on the calling thread,
// live streams and allocations, frees matching their allocation kind, block
// size limits. See FakeCudaDriver.h.
//
//===----------------------------------------------------------------------===//
#include "FakeCudaDriver.h"

#include <cstdlib>
#include <cstring>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#define FAKE_EXPORT extern "C" __attribute__((visibility("default")))

namespace {

/// How a live allocation was made; frees must match.
enum class AllocationKind { Plain, Async, Managed };

struct FakeModule {
  std::string text;
};

struct FakeFunction {
  std::string name;
};

/// Opaque handles: their addresses are what the runtime sees.
struct FakeStream {
  unsigned flags = 0;
};
struct FakeEvent {};

struct Driver {
  std::mutex mutex;
  FakeCudaDriverState state;
  bool initialized = false;
  std::unordered_map<CUdeviceptr, AllocationKind> allocations;
  std::set<CUstream> liveStreams;
  std::set<CUevent> liveEvents;
  std::set<CUmodule> liveModules;
  int primaryContextTag = 0;
};

Driver &driver() {
  static Driver *instance = new Driver;
  return *instance;
}

CUcontext primaryContext() {
  return reinterpret_cast<CUcontext>(&driver().primaryContextTag);
}

thread_local CUcontext currentContext = nullptr;

/// Stream-taking calls accept the legacy default stream (null) or a live
/// stream, and need the context current on this thread, as the real driver
/// does.
CUresult checkContextAndStream(CUstream stream) {
  if (!driver().initialized)
    return CUDA_ERROR_NOT_INITIALIZED;
  if (currentContext != primaryContext())
    return CUDA_ERROR_INVALID_CONTEXT;
  if (stream != nullptr && !driver().liveStreams.count(stream))
    return CUDA_ERROR_INVALID_HANDLE;
  return CUDA_SUCCESS;
}

CUresult allocate(CUdeviceptr *pointer, size_t bytes, AllocationKind kind) {
  if (bytes == 0)
    return CUDA_ERROR_INVALID_VALUE;
  void *memory = std::calloc(1, bytes);
  if (memory == nullptr)
    return CUDA_ERROR_OUT_OF_MEMORY;
  *pointer = reinterpret_cast<CUdeviceptr>(memory);
  driver().allocations[*pointer] = kind;
  return CUDA_SUCCESS;
}

CUresult release(CUdeviceptr pointer, bool streamOrdered) {
  auto it = driver().allocations.find(pointer);
  if (it == driver().allocations.end())
    return CUDA_ERROR_INVALID_VALUE;
  // Managed memory is freed with cuMemFree; pool memory may be freed either
  // way.
  if (streamOrdered && it->second == AllocationKind::Managed)
    return CUDA_ERROR_INVALID_VALUE;
  std::free(reinterpret_cast<void *>(pointer));
  driver().allocations.erase(it);
  return CUDA_SUCCESS;
}

/// The one kernel the fake device runs (see FakeCudaDriver.h).
CUresult runKernel(const FakeFunction &function, const unsigned grid[3],
                   const unsigned block[3], void **params) {
  if (function.name != "hag_test_add_one")
    return CUDA_SUCCESS;
  if (params == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  float *data = *static_cast<float **>(params[0]);
  int32_t count = *static_cast<int32_t *>(params[1]);
  uint64_t threads = uint64_t(grid[0]) * block[0];
  for (uint64_t i = 0; i < threads && i < uint64_t(count > 0 ? count : 0); ++i)
    data[i] += 1.0f;
  return CUDA_SUCCESS;
}

CUresult launch(CUfunction function, const unsigned grid[3],
                const unsigned block[3], const unsigned cluster[3],
                unsigned sharedMemoryBytes, CUstream stream, void **params) {
  if (CUresult result = checkContextAndStream(stream))
    return result;
  if (function == nullptr)
    return CUDA_ERROR_INVALID_HANDLE;
  if (uint64_t(block[0]) * block[1] * block[2] > 1024)
    return CUDA_ERROR_INVALID_VALUE;
  auto *fakeFunction = reinterpret_cast<FakeFunction *>(function);
  FakeCudaDriverState &state = driver().state;
  ++state.launches;
  state.lastLaunch.kernel = fakeFunction->name;
  for (int i = 0; i < 3; ++i) {
    state.lastLaunch.grid[i] = grid[i];
    state.lastLaunch.block[i] = block[i];
    state.lastLaunch.cluster[i] = cluster[i];
  }
  state.lastLaunch.sharedMemoryBytes = sharedMemoryBytes;
  state.lastLaunch.stream = stream;
  return runKernel(*fakeFunction, grid, block, params);
}

} // namespace

FAKE_EXPORT FakeCudaDriverState *fakeCudaDriverState() {
  return &driver().state;
}

//===----------------------------------------------------------------------===//
// Initialisation, devices, contexts
//===----------------------------------------------------------------------===//

FAKE_EXPORT CUresult cuGetErrorName(CUresult error, const char **name) {
  switch (error) {
  case CUDA_SUCCESS:
    *name = "CUDA_SUCCESS";
    return CUDA_SUCCESS;
  case CUDA_ERROR_INVALID_VALUE:
    *name = "CUDA_ERROR_INVALID_VALUE";
    return CUDA_SUCCESS;
  case CUDA_ERROR_INVALID_CONTEXT:
    *name = "CUDA_ERROR_INVALID_CONTEXT";
    return CUDA_SUCCESS;
  case CUDA_ERROR_INVALID_HANDLE:
    *name = "CUDA_ERROR_INVALID_HANDLE";
    return CUDA_SUCCESS;
  case CUDA_ERROR_INVALID_PTX:
    *name = "CUDA_ERROR_INVALID_PTX";
    return CUDA_SUCCESS;
  case CUDA_ERROR_NOT_FOUND:
    *name = "CUDA_ERROR_NOT_FOUND";
    return CUDA_SUCCESS;
  default:
    *name = nullptr;
    return CUDA_ERROR_INVALID_VALUE;
  }
}

FAKE_EXPORT CUresult cuInit(unsigned int flags) {
  if (flags != 0)
    return CUDA_ERROR_INVALID_VALUE;
  driver().initialized = true;
  return CUDA_SUCCESS;
}

FAKE_EXPORT CUresult cuDeviceGetCount(int *count) {
  if (!driver().initialized)
    return CUDA_ERROR_NOT_INITIALIZED;
  *count = 1;
  return CUDA_SUCCESS;
}

FAKE_EXPORT CUresult cuDeviceGet(CUdevice *device, int ordinal) {
  if (ordinal != 0)
    return CUDA_ERROR_INVALID_DEVICE;
  *device = 0;
  return CUDA_SUCCESS;
}

FAKE_EXPORT CUresult cuDeviceGetAttribute(int *value,
                                          CUdevice_attribute attribute,
                                          CUdevice device) {
  if (device != 0)
    return CUDA_ERROR_INVALID_DEVICE;
  *value = attribute == CU_DEVICE_ATTRIBUTE_MEMORY_POOLS_SUPPORTED ? 1 : 0;
  return CUDA_SUCCESS;
}

FAKE_EXPORT CUresult cuDevicePrimaryCtxRetain(CUcontext *context,
                                              CUdevice device) {
  if (device != 0)
    return CUDA_ERROR_INVALID_DEVICE;
  *context = primaryContext();
  return CUDA_SUCCESS;
}

FAKE_EXPORT CUresult cuCtxGetCurrent(CUcontext *context) {
  *context = currentContext;
  return CUDA_SUCCESS;
}

FAKE_EXPORT CUresult cuCtxSetCurrent(CUcontext context) {
  std::lock_guard<std::mutex> lock(driver().mutex);
  ++driver().state.contextSets;
  currentContext = context;
  return CUDA_SUCCESS;
}

FAKE_EXPORT CUresult cuDeviceGetDefaultMemPool(CUmemoryPool *pool,
                                               CUdevice device) {
  if (device != 0)
    return CUDA_ERROR_INVALID_DEVICE;
  *pool = reinterpret_cast<CUmemoryPool>(&driver().state);
  return CUDA_SUCCESS;
}

FAKE_EXPORT CUresult cuMemPoolSetAttribute(CUmemoryPool pool,
                                           CUmemPool_attribute attribute,
                                           void *value) {
  if (pool != reinterpret_cast<CUmemoryPool>(&driver().state))
    return CUDA_ERROR_INVALID_HANDLE;
  if (attribute == CU_MEMPOOL_ATTR_RELEASE_THRESHOLD)
    driver().state.poolReleaseThreshold = *static_cast<uint64_t *>(value);
  return CUDA_SUCCESS;
}

//===----------------------------------------------------------------------===//
// Memory
//===----------------------------------------------------------------------===//

FAKE_EXPORT CUresult cuMemAlloc_v2(CUdeviceptr *pointer, size_t bytes) {
  std::lock_guard<std::mutex> lock(driver().mutex);
  if (CUresult result = checkContextAndStream(nullptr))
    return result;
  ++driver().state.plainAllocations;
  return allocate(pointer, bytes, AllocationKind::Plain);
}

FAKE_EXPORT CUresult cuMemFree_v2(CUdeviceptr pointer) {
  std::lock_guard<std::mutex> lock(driver().mutex);
  if (CUresult result = checkContextAndStream(nullptr))
    return result;
  ++driver().state.plainFrees;
  return release(pointer, /*streamOrdered=*/false);
}

FAKE_EXPORT CUresult cuMemAllocManaged(CUdeviceptr *pointer, size_t bytes,
                                       unsigned int flags) {
  std::lock_guard<std::mutex> lock(driver().mutex);
  if (CUresult result = checkContextAndStream(nullptr))
    return result;
  if (flags != CU_MEM_ATTACH_GLOBAL && flags != CU_MEM_ATTACH_HOST)
    return CUDA_ERROR_INVALID_VALUE;
  ++driver().state.managedAllocations;
  return allocate(pointer, bytes, AllocationKind::Managed);
}

FAKE_EXPORT CUresult cuMemAllocAsync(CUdeviceptr *pointer, size_t bytes,
                                     CUstream stream) {
  std::lock_guard<std::mutex> lock(driver().mutex);
  if (CUresult result = checkContextAndStream(stream))
    return result;
  ++driver().state.asyncAllocations;
  return allocate(pointer, bytes, AllocationKind::Async);
}

FAKE_EXPORT CUresult cuMemFreeAsync(CUdeviceptr pointer, CUstream stream) {
  std::lock_guard<std::mutex> lock(driver().mutex);
  if (CUresult result = checkContextAndStream(stream))
    return result;
  ++driver().state.asyncFrees;
  return release(pointer, /*streamOrdered=*/true);
}

FAKE_EXPORT CUresult cuMemcpyAsync(CUdeviceptr destination, CUdeviceptr source,
                                   size_t bytes, CUstream stream) {
  std::lock_guard<std::mutex> lock(driver().mutex);
  if (CUresult result = checkContextAndStream(stream))
    return result;
  std::memmove(reinterpret_cast<void *>(destination),
               reinterpret_cast<const void *>(source), bytes);
  return CUDA_SUCCESS;
}

FAKE_EXPORT CUresult cuMemcpyHtoDAsync_v2(CUdeviceptr destination,
                                          const void *source, size_t bytes,
                                          CUstream stream) {
  std::lock_guard<std::mutex> lock(driver().mutex);
  if (CUresult result = checkContextAndStream(stream))
    return result;
  ++driver().state.hostToDeviceCopies;
  std::memcpy(reinterpret_cast<void *>(destination), source, bytes);
  return CUDA_SUCCESS;
}

FAKE_EXPORT CUresult cuMemcpyDtoHAsync_v2(void *destination, CUdeviceptr source,
                                          size_t bytes, CUstream stream) {
  std::lock_guard<std::mutex> lock(driver().mutex);
  if (CUresult result = checkContextAndStream(stream))
    return result;
  std::memcpy(destination, reinterpret_cast<const void *>(source), bytes);
  return CUDA_SUCCESS;
}

FAKE_EXPORT CUresult cuMemsetD32Async(CUdeviceptr destination,
                                      unsigned int value, size_t count,
                                      CUstream stream) {
  std::lock_guard<std::mutex> lock(driver().mutex);
  if (CUresult result = checkContextAndStream(stream))
    return result;
  auto *elements = reinterpret_cast<uint32_t *>(destination);
  for (size_t i = 0; i < count; ++i)
    elements[i] = value;
  return CUDA_SUCCESS;
}

FAKE_EXPORT CUresult cuMemsetD16Async(CUdeviceptr destination,
                                      unsigned short value, size_t count,
                                      CUstream stream) {
  std::lock_guard<std::mutex> lock(driver().mutex);
  if (CUresult result = checkContextAndStream(stream))
    return result;
  auto *elements = reinterpret_cast<uint16_t *>(destination);
  for (size_t i = 0; i < count; ++i)
    elements[i] = value;
  return CUDA_SUCCESS;
}

//===----------------------------------------------------------------------===//
// Streams and events
//===----------------------------------------------------------------------===//

FAKE_EXPORT CUresult cuStreamCreate(CUstream *stream, unsigned int flags) {
  std::lock_guard<std::mutex> lock(driver().mutex);
  if (CUresult result = checkContextAndStream(nullptr))
    return result;
  if (flags == CU_STREAM_NON_BLOCKING)
    ++driver().state.nonBlockingStreamsCreated;
  else
    ++driver().state.defaultStreamsCreated;
  auto *fakeStream = new FakeStream{flags};
  *stream = reinterpret_cast<CUstream>(fakeStream);
  driver().liveStreams.insert(*stream);
  return CUDA_SUCCESS;
}

/// Not resolved by the runtime (it never destroys a stream); tests destroy
/// the streams they create with it.
FAKE_EXPORT CUresult cuStreamDestroy_v2(CUstream stream) {
  std::lock_guard<std::mutex> lock(driver().mutex);
  if (stream == nullptr || !driver().liveStreams.erase(stream))
    return CUDA_ERROR_INVALID_HANDLE;
  ++driver().state.streamsDestroyed;
  delete reinterpret_cast<FakeStream *>(stream);
  return CUDA_SUCCESS;
}

FAKE_EXPORT CUresult cuStreamSynchronize(CUstream stream) {
  std::lock_guard<std::mutex> lock(driver().mutex);
  if (CUresult result = checkContextAndStream(stream))
    return result;
  ++driver().state.streamSynchronizations;
  return CUDA_SUCCESS;
}

FAKE_EXPORT CUresult cuStreamWaitEvent(CUstream stream, CUevent event,
                                       unsigned int flags) {
  std::lock_guard<std::mutex> lock(driver().mutex);
  if (CUresult result = checkContextAndStream(stream))
    return result;
  if (flags != 0 || !driver().liveEvents.count(event))
    return CUDA_ERROR_INVALID_HANDLE;
  return CUDA_SUCCESS;
}

FAKE_EXPORT CUresult cuEventCreate(CUevent *event, unsigned int /*flags*/) {
  std::lock_guard<std::mutex> lock(driver().mutex);
  if (CUresult result = checkContextAndStream(nullptr))
    return result;
  *event = reinterpret_cast<CUevent>(new FakeEvent);
  driver().liveEvents.insert(*event);
  return CUDA_SUCCESS;
}

FAKE_EXPORT CUresult cuEventDestroy_v2(CUevent event) {
  std::lock_guard<std::mutex> lock(driver().mutex);
  if (!driver().liveEvents.erase(event))
    return CUDA_ERROR_INVALID_HANDLE;
  delete reinterpret_cast<FakeEvent *>(event);
  return CUDA_SUCCESS;
}

FAKE_EXPORT CUresult cuEventRecord(CUevent event, CUstream stream) {
  std::lock_guard<std::mutex> lock(driver().mutex);
  if (CUresult result = checkContextAndStream(stream))
    return result;
  return driver().liveEvents.count(event) ? CUDA_SUCCESS
                                          : CUDA_ERROR_INVALID_HANDLE;
}

FAKE_EXPORT CUresult cuEventSynchronize(CUevent event) {
  std::lock_guard<std::mutex> lock(driver().mutex);
  if (!driver().liveEvents.count(event))
    return CUDA_ERROR_INVALID_HANDLE;
  ++driver().state.eventSynchronizations;
  return CUDA_SUCCESS;
}

//===----------------------------------------------------------------------===//
// Modules and launches
//===----------------------------------------------------------------------===//

/// Accepts any text with a `.version` directive as PTX; otherwise fails
/// with a log, as ptxas would.
FAKE_EXPORT CUresult cuModuleLoadDataEx(CUmodule *module, const void *image,
                                        unsigned int numOptions,
                                        CUjit_option *options,
                                        void **optionValues) {
  std::lock_guard<std::mutex> lock(driver().mutex);
  if (CUresult result = checkContextAndStream(nullptr))
    return result;
  char *log = nullptr;
  size_t logBytes = 0;
  for (unsigned i = 0; i < numOptions; ++i) {
    if (options[i] == CU_JIT_ERROR_LOG_BUFFER)
      log = static_cast<char *>(optionValues[i]);
    else if (options[i] == CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES)
      logBytes = reinterpret_cast<uintptr_t>(optionValues[i]);
    else if (options[i] == CU_JIT_OPTIMIZATION_LEVEL)
      driver().state.lastJitOptimizationLevel =
          static_cast<int>(reinterpret_cast<uintptr_t>(optionValues[i]));
  }
  std::string text = static_cast<const char *>(image);
  if (text.find(".version") == std::string::npos) {
    if (log != nullptr && logBytes > 0) {
      std::string message = "ptxas fatal   : fake driver: no .version\n";
      std::strncpy(log, message.c_str(), logBytes - 1);
      log[logBytes - 1] = '\0';
    }
    return CUDA_ERROR_INVALID_PTX;
  }
  *module = reinterpret_cast<CUmodule>(new FakeModule{text});
  driver().liveModules.insert(*module);
  return CUDA_SUCCESS;
}

FAKE_EXPORT CUresult cuModuleUnload(CUmodule module) {
  std::lock_guard<std::mutex> lock(driver().mutex);
  if (driver().state.unloadReportsDeinitialized)
    return CUDA_ERROR_DEINITIALIZED;
  if (!driver().liveModules.erase(module))
    return CUDA_ERROR_INVALID_HANDLE;
  delete reinterpret_cast<FakeModule *>(module);
  return CUDA_SUCCESS;
}

/// Finds `.entry <name>(` in the module's text. Function handles are leaked:
/// the fake lives as long as the test process.
FAKE_EXPORT CUresult cuModuleGetFunction(CUfunction *function, CUmodule module,
                                         const char *name) {
  std::lock_guard<std::mutex> lock(driver().mutex);
  if (!driver().liveModules.count(module))
    return CUDA_ERROR_INVALID_HANDLE;
  const std::string &text = reinterpret_cast<FakeModule *>(module)->text;
  if (text.find(".entry " + std::string(name) + "(") == std::string::npos)
    return CUDA_ERROR_NOT_FOUND;
  *function = reinterpret_cast<CUfunction>(new FakeFunction{name});
  return CUDA_SUCCESS;
}

FAKE_EXPORT CUresult cuFuncSetAttribute(CUfunction function,
                                        CUfunction_attribute attribute,
                                        int value) {
  std::lock_guard<std::mutex> lock(driver().mutex);
  if (function == nullptr || value < 0)
    return CUDA_ERROR_INVALID_VALUE;
  if (attribute == CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES)
    ++driver().state.sharedMemoryOptIns;
  return CUDA_SUCCESS;
}

FAKE_EXPORT CUresult cuLaunchKernel(CUfunction function, unsigned int gridX,
                                    unsigned int gridY, unsigned int gridZ,
                                    unsigned int blockX, unsigned int blockY,
                                    unsigned int blockZ,
                                    unsigned int sharedMemoryBytes,
                                    CUstream stream, void **params,
                                    void ** /*extra*/) {
  std::lock_guard<std::mutex> lock(driver().mutex);
  const unsigned grid[3] = {gridX, gridY, gridZ};
  const unsigned block[3] = {blockX, blockY, blockZ};
  const unsigned cluster[3] = {1, 1, 1};
  return launch(function, grid, block, cluster, sharedMemoryBytes, stream,
                params);
}

FAKE_EXPORT CUresult cuLaunchKernelEx(const CUlaunchConfig *config,
                                      CUfunction function, void **params,
                                      void ** /*extra*/) {
  std::lock_guard<std::mutex> lock(driver().mutex);
  const unsigned grid[3] = {config->gridDimX, config->gridDimY,
                            config->gridDimZ};
  const unsigned block[3] = {config->blockDimX, config->blockDimY,
                             config->blockDimZ};
  unsigned cluster[3] = {1, 1, 1};
  for (unsigned i = 0; i < config->numAttrs; ++i) {
    const CUlaunchAttribute &attribute = config->attrs[i];
    if (attribute.id != CU_LAUNCH_ATTRIBUTE_CLUSTER_DIMENSION)
      continue;
    cluster[0] = attribute.value.clusterDim.x;
    cluster[1] = attribute.value.clusterDim.y;
    cluster[2] = attribute.value.clusterDim.z;
  }
  // As the hardware requires: whole clusters only.
  for (int i = 0; i < 3; ++i)
    if (cluster[i] == 0 || grid[i] % cluster[i] != 0)
      return CUDA_ERROR_INVALID_VALUE;
  return launch(function, grid, block, cluster, config->sharedMemBytes,
                config->hStream, params);
}
