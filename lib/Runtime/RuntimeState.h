//===- RuntimeState.h - The CUDA runtime's process-wide state ---*- C++ -*-===//
//
// What the C entry points of CudaRuntime.cpp share: the driver, device
// initialisation, the pending error, streams, kernel names and the cache of
// device copies. One instance per process, each part under its own lock.
// Internal to lib/Runtime.
//
//===----------------------------------------------------------------------===//
#ifndef HAG_LIB_RUNTIME_RUNTIMESTATE_H
#define HAG_LIB_RUNTIME_RUNTIMESTATE_H

#include "CudaDriver.h"

#include <cuda.h>

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace hag::cuda {

/// Identifies a constant array handed to hagCudaDeviceCopy*: its host
/// address, offset, extent, stride and element size.
using DeviceCopyKey =
    std::tuple<const void *, int64_t, int64_t, int64_t, size_t>;

/// A cached device copy and the bytes of the sampled host elements it was
/// made from.
struct DeviceCopy {
  CUdeviceptr devicePointer = 0;
  std::vector<unsigned char> samples;
};

/// The process-wide runtime: the driver, the primary context, the pending
/// error, streams and the device-copy cache. Each part has its own lock so
/// that a launch never waits for an upload.
class Runtime {
public:
  /// The one instance. Never destroyed: lowered objects unload their modules
  /// from global destructors, which may run after this library's own.
  static Runtime &get() {
    static Runtime *runtime = new Runtime;
    return *runtime;
  }

  //===--------------------------------------------------------------------===//
  // Initialisation
  //===--------------------------------------------------------------------===//

  /// Initialises on the first call; true when the runtime is usable.
  bool ensureInitialized() {
    if (initialized.load(std::memory_order_acquire))
      return true;
    std::lock_guard<std::mutex> lock(initMutex);
    if (!initAttempted) {
      initAttempted = true;
      initFailure = initialize();
      initialized.store(initFailure.empty(), std::memory_order_release);
    }
    return initialized.load(std::memory_order_relaxed);
  }

  /// Why initialisation failed; empty when it succeeded or was not tried.
  std::string failureReason() {
    std::lock_guard<std::mutex> lock(initMutex);
    return initFailure;
  }

  int deviceCount() {
    ensureInitialized();
    std::lock_guard<std::mutex> lock(initMutex);
    return countedDevices;
  }

  void setDefaultDevice(int32_t device) {
    std::lock_guard<std::mutex> lock(initMutex);
    if (!initAttempted) {
      deviceOrdinal = device;
      return;
    }
    if (device != deviceOrdinal)
      recordError("mgpuSetDefaultDevice: the runtime already uses device " +
                  std::to_string(deviceOrdinal) + "; it cannot switch to " +
                  std::to_string(device));
  }

  //===--------------------------------------------------------------------===//
  // Errors
  //===--------------------------------------------------------------------===//

  bool hasPendingError() const {
    return errorPending.load(std::memory_order_acquire);
  }

  /// Keeps the first error until it is taken: later ones are usually its
  /// consequences.
  void recordError(const std::string &message) {
    std::lock_guard<std::mutex> lock(errorMutex);
    if (errorPending.load(std::memory_order_relaxed))
      return;
    pendingError = message;
    errorPending.store(true, std::memory_order_release);
  }

  const char *takeError() {
    std::lock_guard<std::mutex> lock(errorMutex);
    if (!errorPending.load(std::memory_order_relaxed))
      return nullptr;
    takenError.swap(pendingError);
    pendingError.clear();
    errorPending.store(false, std::memory_order_release);
    return takenError.c_str();
  }

  /// "<call>: <CUDA error name> (<code>)".
  std::string describeFailure(CUresult result, const char *call) const {
    return driver.describeFailure(result, call);
  }

  /// Records a failed driver `call` made for `entry`; true on success.
  bool succeeded(CUresult result, const char *call, const char *entry) {
    if (result == CUDA_SUCCESS)
      return true;
    recordError(describeFailure(result, call) + " in " + entry);
    return false;
  }

  //===--------------------------------------------------------------------===//
  // Entry prologues
  //===--------------------------------------------------------------------===//

  /// Prologue of calls that set up or release (loads, look-ups, frees,
  /// stream and event handles): needs a usable runtime and makes its context
  /// current on this thread.
  bool enter(const char *entry) {
    if (!ensureInitialized()) {
      recordError(std::string(entry) +
                  ": no usable CUDA device: " + failureReason());
      return false;
    }
    return makeContextCurrent(entry);
  }

  /// Prologue of calls that queue device work: they also do nothing while an
  /// error is pending, so one failure does not cascade into garbage results.
  bool enterWork(const char *entry) {
    return !hasPendingError() && enter(entry);
  }

  //===--------------------------------------------------------------------===//
  // Streams
  //===--------------------------------------------------------------------===//

  void setUserStream(CUstream stream) {
    userStream.store(stream, std::memory_order_release);
  }

  void setSynchronize(bool enabled) {
    synchronizeEnabled.store(enabled, std::memory_order_release);
  }

  bool shouldSynchronize() const {
    return synchronizeEnabled.load(std::memory_order_acquire);
  }

  /// The user's stream when one is set, else the runtime's own, created on
  /// first use and kept: lowered code asks for a stream on every call.
  /// Null (with an error recorded) if it cannot be created.
  CUstream currentStream(const char *entry) {
    if (CUstream stream = userStream.load(std::memory_order_acquire))
      return stream;
    if (CUstream stream = runtimeStream.load(std::memory_order_acquire))
      return stream;
    std::lock_guard<std::mutex> lock(streamMutex);
    if (CUstream stream = runtimeStream.load(std::memory_order_relaxed))
      return stream;
    CUstream stream = nullptr;
    // A blocking stream (not CU_STREAM_NON_BLOCKING) is ordered after work
    // on the legacy default stream, where hosts using cudaMemcpy or the
    // synchronous driver copies put their inputs.
    if (!succeeded(driver.cuStreamCreate(&stream, CU_STREAM_DEFAULT),
                   "cuStreamCreate", entry))
      return nullptr;
    runtimeStream.store(stream, std::memory_order_release);
    return stream;
  }

  //===--------------------------------------------------------------------===//
  // Kernels
  //===--------------------------------------------------------------------===//

  /// Remembers `function`'s name for error messages. A handle may be reused
  /// by the driver after its module is unloaded, so the name is refreshed.
  void rememberKernelName(CUfunction function, const char *name) {
    std::lock_guard<std::mutex> lock(tablesMutex);
    auto [it, inserted] = kernelNames.try_emplace(function, name);
    if (!inserted && it->second != name)
      it->second = name;
  }

  std::string kernelName(CUfunction function) {
    if (function == nullptr)
      return "<none>";
    std::lock_guard<std::mutex> lock(tablesMutex);
    auto it = kernelNames.find(function);
    return it == kernelNames.end() ? "<unknown>" : it->second;
  }

  /// The last kernel launched, named when an asynchronous failure surfaces
  /// at a later synchronisation.
  void noteLaunch(CUfunction function) {
    lastLaunched.store(function, std::memory_order_relaxed);
  }

  std::string lastLaunchedDescription() {
    CUfunction function = lastLaunched.load(std::memory_order_relaxed);
    if (function == nullptr)
      return "no kernel launched yet";
    return "last kernel launched: '" + kernelName(function) + "'";
  }

  /// succeeded() for a synchronisation, where an earlier launch's
  /// asynchronous failure surfaces: the message names that launch.
  bool synchronized(CUresult result, const char *call, const char *entry) {
    if (result == CUDA_SUCCESS)
      return true;
    recordError(describeFailure(result, call) + " in " + entry + " (" +
                lastLaunchedDescription() + ")");
    return false;
  }

  //===--------------------------------------------------------------------===//
  // Memory
  //===--------------------------------------------------------------------===//

  bool usesStreamOrderedAllocation() const { return streamOrderedAllocation; }

  void rememberManaged(void *pointer) {
    std::lock_guard<std::mutex> lock(tablesMutex);
    managedAllocations.insert(pointer);
  }

  /// Forgets `pointer` if it is managed memory; true if it was.
  bool forgetManaged(void *pointer) {
    std::lock_guard<std::mutex> lock(tablesMutex);
    return managedAllocations.erase(pointer) != 0;
  }

  /// The device copy of `count` elements of `elementSize` bytes at `host`
  /// (`stride` elements apart), uploaded on first use; 0 on failure.
  CUdeviceptr deviceCopy(const char *entry, const unsigned char *host,
                         int64_t offset, int64_t count, int64_t stride,
                         size_t elementSize);

  void releaseDeviceCopies();

  DriverApi driver;

private:
  Runtime() = default;

  /// Opens the driver and sets up the device; the failure reason, or empty.
  std::string initialize();

  bool makeContextCurrent(const char *entry) {
    CUcontext current = nullptr;
    if (!succeeded(driver.cuCtxGetCurrent(&current), "cuCtxGetCurrent", entry))
      return false;
    // Only set when different: the primary context is usually current
    // already, and hosts using the CUDA runtime API share it.
    if (current == primaryContext)
      return true;
    return succeeded(driver.cuCtxSetCurrent(primaryContext), "cuCtxSetCurrent",
                     entry);
  }

  // Initialisation; guarded by initMutex, `initialized` readable without it.
  std::mutex initMutex;
  bool initAttempted = false;
  std::atomic<bool> initialized{false};
  std::string initFailure;
  int deviceOrdinal = 0;
  int countedDevices = 0;
  CUcontext primaryContext = nullptr;
  bool streamOrderedAllocation = false;

  // The pending error; guarded by errorMutex.
  std::mutex errorMutex;
  std::atomic<bool> errorPending{false};
  std::string pendingError;
  std::string takenError;

  // Streams.
  std::mutex streamMutex;
  std::atomic<CUstream> userStream{nullptr};
  std::atomic<CUstream> runtimeStream{nullptr};
  std::atomic<bool> synchronizeEnabled{true};

  // Kernel names and managed allocations; guarded by tablesMutex.
  std::mutex tablesMutex;
  std::unordered_map<CUfunction, std::string> kernelNames;
  std::unordered_set<void *> managedAllocations;
  std::atomic<CUfunction> lastLaunched{nullptr};

  // Device copies of constants; guarded by deviceCopyMutex.
  std::mutex deviceCopyMutex;
  std::map<DeviceCopyKey, DeviceCopy> deviceCopies;
};

} // namespace hag::cuda

#endif // HAG_LIB_RUNTIME_RUNTIMESTATE_H
