//===- FakeCudaDriver.h - A CUDA driver stand-in for runtime tests -*- C++ -*-//
//
// The observable state of FakeCudaDriver.cpp, a shared library that exports
// the driver functions hag's CUDA runtime resolves, with cuda.h's signatures,
// on host memory. Loaded through HAG_CUDA_DRIVER, it lets the runtime's
// device paths (streams, pools, launches, caching, error messages) run on a
// machine without a GPU. Its one "device" runs one kernel, by name:
// hag_test_add_one(float *data, int32_t n) adds 1 to data[i] for every
// thread index i = blockIdx.x * blockDim.x + threadIdx.x below n, the same
// kernel the tests hand to real devices as PTX.
//
//===----------------------------------------------------------------------===//
#ifndef HAG_UNITTESTS_RUNTIME_FAKECUDADRIVER_H
#define HAG_UNITTESTS_RUNTIME_FAKECUDADRIVER_H

#include <cuda.h>

#include <cstdint>
#include <string>

/// One recorded launch.
struct FakeLaunch {
  std::string kernel;
  unsigned grid[3] = {0, 0, 0};
  unsigned block[3] = {0, 0, 0};
  unsigned cluster[3] = {1, 1, 1};
  unsigned sharedMemoryBytes = 0;
  CUstream stream = nullptr;
};

/// Counters and settings the tests read (and a few they set to inject
/// failures). Read and written only by the test's thread, or after joins.
struct FakeCudaDriverState {
  int defaultStreamsCreated = 0;     ///< cuStreamCreate(CU_STREAM_DEFAULT)
  int nonBlockingStreamsCreated = 0; ///< cuStreamCreate(NON_BLOCKING)
  int streamsDestroyed = 0;
  int streamSynchronizations = 0;
  int eventSynchronizations = 0;
  int contextSets = 0;
  int asyncAllocations = 0;
  int asyncFrees = 0;
  int plainAllocations = 0;
  int plainFrees = 0;
  int managedAllocations = 0;
  int hostToDeviceCopies = 0;
  uint64_t poolReleaseThreshold = 0;
  int lastJitOptimizationLevel = -1;
  int launches = 0;
  FakeLaunch lastLaunch;
  int sharedMemoryOptIns = 0;
  /// When set, cuModuleUnload answers CUDA_ERROR_DEINITIALIZED (the driver
  /// shutting down at exit).
  bool unloadReportsDeinitialized = false;
};

extern "C" FakeCudaDriverState *fakeCudaDriverState();

#endif // HAG_UNITTESTS_RUNTIME_FAKECUDADRIVER_H
