//===- RuntimeState.cpp - The CUDA runtime's process-wide state -----------===//
//
// Device initialisation and the cache of device copies (RuntimeState.h).
//
//===----------------------------------------------------------------------===//
#include "RuntimeState.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <limits>

using namespace hag::cuda;

/// Elements compared to detect that a cached device copy's host address now
/// holds another constant (see hagCudaReleaseDeviceCopies).
static constexpr int64_t kDeviceCopySamples = 16;

std::string Runtime::initialize() {
  const char *configuredPath = std::getenv("HAG_CUDA_DRIVER");
  std::string path =
      configuredPath && *configuredPath ? configuredPath : "libcuda.so.1";
  if (std::string failure = driver.open(path); !failure.empty())
    return failure;

  CUresult result = driver.cuInit(0);
  if (result != CUDA_SUCCESS)
    return describeFailure(result, "cuInit");
  result = driver.cuDeviceGetCount(&countedDevices);
  if (result != CUDA_SUCCESS) {
    countedDevices = 0;
    return describeFailure(result, "cuDeviceGetCount");
  }
  if (countedDevices == 0)
    return "cuDeviceGetCount: the driver reports no CUDA device";
  if (deviceOrdinal < 0 || deviceOrdinal >= countedDevices)
    return "device " + std::to_string(deviceOrdinal) + " requested, but only " +
           std::to_string(countedDevices) + " CUDA device(s) exist";

  CUdevice device = 0;
  result = driver.cuDeviceGet(&device, deviceOrdinal);
  if (result != CUDA_SUCCESS)
    return describeFailure(result, "cuDeviceGet");
  result = driver.cuDevicePrimaryCtxRetain(&primaryContext, device);
  if (result != CUDA_SUCCESS)
    return describeFailure(result, "cuDevicePrimaryCtxRetain");
  result = driver.cuCtxSetCurrent(primaryContext);
  if (result != CUDA_SUCCESS)
    return describeFailure(result, "cuCtxSetCurrent");

  int poolsSupported = 0;
  result = driver.cuDeviceGetAttribute(
      &poolsSupported, CU_DEVICE_ATTRIBUTE_MEMORY_POOLS_SUPPORTED, device);
  if (result != CUDA_SUCCESS)
    return describeFailure(result, "cuDeviceGetAttribute");
  if (poolsSupported) {
    CUmemoryPool pool = nullptr;
    result = driver.cuDeviceGetDefaultMemPool(&pool, device);
    if (result != CUDA_SUCCESS)
      return describeFailure(result, "cuDeviceGetDefaultMemPool");
    // By default the pool returns freed memory to the system at every
    // synchronisation, which would make each call's scratch allocation a
    // real cuMemAlloc again. Keep it instead.
    uint64_t keepEverything = std::numeric_limits<uint64_t>::max();
    result = driver.cuMemPoolSetAttribute(
        pool, CU_MEMPOOL_ATTR_RELEASE_THRESHOLD, &keepEverything);
    if (result != CUDA_SUCCESS)
      return describeFailure(result, "cuMemPoolSetAttribute");
    streamOrderedAllocation = true;
  }
  return {};
}

CUdeviceptr Runtime::deviceCopy(const char *entry, const unsigned char *host,
                                int64_t offset, int64_t count, int64_t stride,
                                size_t elementSize) {
  const unsigned char *first =
      host + offset * static_cast<int64_t>(elementSize);
  auto elementAt = [&](int64_t index) {
    return first + index * stride * static_cast<int64_t>(elementSize);
  };
  // Evenly spread elements, first and last included.
  std::vector<unsigned char> samples;
  int64_t sampleCount = std::min(count, kDeviceCopySamples);
  samples.reserve(sampleCount * elementSize);
  for (int64_t i = 0; i < sampleCount; ++i) {
    int64_t index = sampleCount == 1 ? 0 : i * (count - 1) / (sampleCount - 1);
    const unsigned char *element = elementAt(index);
    samples.insert(samples.end(), element, element + elementSize);
  }

  std::lock_guard<std::mutex> lock(deviceCopyMutex);
  DeviceCopyKey key{host, offset, count, stride, elementSize};
  auto it = deviceCopies.find(key);
  if (it != deviceCopies.end()) {
    if (it->second.samples == samples)
      return it->second.devicePointer;
    // Another constant now lives at this address (its object was unloaded
    // without hagCudaReleaseDeviceCopies): upload again.
    succeeded(driver.cuMemFree_v2(it->second.devicePointer), "cuMemFree_v2",
              entry);
    deviceCopies.erase(it);
  }

  // The device copy is contiguous; gather a strided source first.
  size_t bytes = static_cast<size_t>(count) * elementSize;
  const void *contiguous = first;
  std::vector<unsigned char> gathered;
  if (stride != 1) {
    gathered.resize(bytes);
    for (int64_t i = 0; i < count; ++i)
      std::memcpy(gathered.data() + i * elementSize, elementAt(i), elementSize);
    contiguous = gathered.data();
  }

  CUstream stream = currentStream(entry);
  if (stream == nullptr)
    return 0;
  CUdeviceptr devicePointer = 0;
  if (!succeeded(driver.cuMemAlloc_v2(&devicePointer, bytes), "cuMemAlloc_v2",
                 entry))
    return 0;
  // Waiting once here means later users on any stream see a finished copy.
  if (!succeeded(
          driver.cuMemcpyHtoDAsync_v2(devicePointer, contiguous, bytes, stream),
          "cuMemcpyHtoDAsync_v2", entry) ||
      !succeeded(driver.cuStreamSynchronize(stream), "cuStreamSynchronize",
                 entry)) {
    driver.cuMemFree_v2(devicePointer);
    return 0;
  }
  deviceCopies.emplace(key, DeviceCopy{devicePointer, std::move(samples)});
  return devicePointer;
}

void Runtime::releaseDeviceCopies() {
  std::lock_guard<std::mutex> lock(deviceCopyMutex);
  for (auto &[key, copy] : deviceCopies)
    succeeded(driver.cuMemFree_v2(copy.devicePointer), "cuMemFree_v2",
              "hagCudaReleaseDeviceCopies");
  deviceCopies.clear();
}
