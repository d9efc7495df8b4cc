//===- CudaRuntimeTest.cpp - Tests of hag's CUDA runtime ------------------===//
//
// One binary, run by ctest against three drivers (HAG_CUDA_DRIVER):
//  - the real one (libcuda.so.1): without a device the NoDevice tests check
//    the failure paths and the Device tests skip; with one it is the reverse;
//  - the toolkit's stub libcuda.so: every driver symbol resolves, cuInit
//    fails with CUDA_ERROR_STUB_LIBRARY;
//  - FakeCudaDriver: the Device tests run on host memory, and the FakeDriver
//    tests check what only the fake can observe (streams created, pool
//    settings, synchronisations).
// Each test starts from a clean state (no pending error, runtime stream,
// synchronisation on), so the binary also runs as a whole in one process.
//
//===----------------------------------------------------------------------===//
#include "FakeCudaDriver.h"

#include "hag/Runtime/CudaRuntime.h"

#include "gtest/gtest.h"

#include <dlfcn.h>

#include <cstdlib>
#include <cstring>
#include <regex>
#include <string>
#include <thread>
#include <vector>

namespace {

//===----------------------------------------------------------------------===//
// Utilities
//===----------------------------------------------------------------------===//

/// hag_test_add_one(float *data, int32_t n): data[i] += 1 for every global
/// thread index i < n. Written by hand for sm_75, the oldest architecture
/// CUDA 13 supports, so any device JIT-compiles it.
constexpr const char *kAddOnePtx = R"(
.version 7.8
.target sm_75
.address_size 64

.visible .entry hag_test_add_one(
	.param .u64 hag_test_add_one_param_0,
	.param .u32 hag_test_add_one_param_1
)
{
	.reg .pred 	%p<2>;
	.reg .b32 	%r<5>;
	.reg .f32 	%f<3>;
	.reg .b64 	%rd<5>;

	ld.param.u64 	%rd1, [hag_test_add_one_param_0];
	ld.param.u32 	%r1, [hag_test_add_one_param_1];
	mov.u32 	%r2, %ctaid.x;
	mov.u32 	%r3, %ntid.x;
	mov.u32 	%r4, %tid.x;
	mad.lo.s32 	%r2, %r2, %r3, %r4;
	setp.ge.s32 	%p1, %r2, %r1;
	@%p1 bra 	$L__done;
	cvta.to.global.u64 	%rd2, %rd1;
	mul.wide.s32 	%rd3, %r2, 4;
	add.s64 	%rd4, %rd2, %rd3;
	ld.global.f32 	%f1, [%rd4];
	add.f32 	%f2, %f1, 0f3F800000;
	st.global.f32 	[%rd4], %f2;
$L__done:
	ret;
}
)";

constexpr const char *kAddOne = "hag_test_add_one";

/// The pending error as a string ("" when none), taken.
std::string takeError() {
  const char *error = hagCudaTakeError();
  return error ? error : "";
}

/// The driver library the runtime opened, opened again by the test to make
/// its own streams and, with the fake, to read its counters.
void *driverLibrary() {
  static void *library = [] {
    const char *configured = std::getenv("HAG_CUDA_DRIVER");
    return dlopen(configured && *configured ? configured : "libcuda.so.1",
                  RTLD_NOW | RTLD_LOCAL);
  }();
  return library;
}

/// The fake driver's state, or null with any other driver.
FakeCudaDriverState *fakeState() {
  void *library = driverLibrary();
  if (library == nullptr)
    return nullptr;
  auto get = reinterpret_cast<FakeCudaDriverState *(*)()>(
      dlsym(library, "fakeCudaDriverState"));
  return get ? get() : nullptr;
}

/// A stream the host owns, created with the driver directly.
class HostStream {
public:
  HostStream() {
    auto create = reinterpret_cast<decltype(&::cuStreamCreate)>(
        dlsym(driverLibrary(), "cuStreamCreate"));
    if (create && create(&stream, CU_STREAM_NON_BLOCKING) != CUDA_SUCCESS)
      stream = nullptr;
  }
  ~HostStream() {
    if (stream != nullptr) {
      EXPECT_EQ(destroy(), CUDA_SUCCESS) << "the runtime destroyed it";
    }
  }
  CUresult destroy() {
    auto destroyStream = reinterpret_cast<decltype(&::cuStreamDestroy_v2)>(
        dlsym(driverLibrary(), "cuStreamDestroy_v2"));
    CUresult result = destroyStream(stream);
    stream = nullptr;
    return result;
  }
  CUstream stream = nullptr;
};

/// Resets the runtime's host-visible settings around every test.
class RuntimeTest : public ::testing::Test {
protected:
  void SetUp() override { reset(); }
  void TearDown() override { reset(); }
  static void reset() {
    hagCudaTakeError();
    hagCudaSetStream(nullptr);
    hagCudaSetSynchronize(1);
  }
};

/// Tests of the paths taken when no device is usable.
class NoDevice : public RuntimeTest {
protected:
  void SetUp() override {
    RuntimeTest::SetUp();
    if (hagCudaDeviceCount() > 0)
      GTEST_SKIP() << "a CUDA device is usable here";
  }
};

/// Tests that need a device (or the fake driver).
class Device : public RuntimeTest {
protected:
  void SetUp() override {
    RuntimeTest::SetUp();
    if (hagCudaDeviceCount() == 0) {
      hagCudaInit();
      GTEST_SKIP() << "no usable CUDA device: " << takeError();
    }
    ASSERT_EQ(hagCudaInit(), 0) << takeError();
  }

  /// Loads the add-one kernel; null (with a test failure) if it cannot.
  void *loadAddOne() {
    void *module = mgpuModuleLoadJIT(const_cast<char *>(kAddOnePtx), 2);
    EXPECT_NE(module, nullptr) << takeError();
    if (module == nullptr)
      return nullptr;
    void *function = mgpuModuleGetFunction(module, kAddOne);
    EXPECT_NE(function, nullptr) << takeError();
    modules.push_back(module);
    return function;
  }

  /// Launches add-one over `count` floats at `data` on `stream`.
  static void launchAddOne(void *function, void *data, int32_t count,
                           void *stream) {
    void *params[] = {&data, &count};
    int64_t blocks = (count + 127) / 128;
    mgpuLaunchKernel(function, blocks, 1, 1, 128, 1, 1, 0, stream, params,
                     nullptr, 2);
  }

  void TearDown() override {
    for (void *module : modules)
      mgpuModuleUnload(module);
    EXPECT_EQ(takeError(), "");
    RuntimeTest::TearDown();
  }

  std::vector<void *> modules;
};

/// Tests of what only the fake driver can observe.
class FakeDriver : public Device {
protected:
  void SetUp() override {
    state = fakeState();
    if (state == nullptr)
      GTEST_SKIP() << "needs HAG_CUDA_DRIVER set to the fake driver";
    Device::SetUp();
  }
  FakeCudaDriverState *state = nullptr;
};

//===----------------------------------------------------------------------===//
// Without a device
//===----------------------------------------------------------------------===//

TEST_F(NoDevice, InitFailsWithTheReason) {
  EXPECT_NE(hagCudaInit(), 0);
  std::string error = takeError();
  // Either the driver is missing or a named driver call failed.
  EXPECT_TRUE(std::regex_match(
      error, std::regex(R"(cannot load the CUDA driver \(.+\)|)"
                        R"(cu[A-Za-z]+: (CUDA_ERROR_[A-Z_]+ \([0-9]+\)|.+))")))
      << error;
  const char *configured = std::getenv("HAG_CUDA_DRIVER");
  if (configured == nullptr || *configured == '\0') {
    if (error.find("cannot load") != std::string::npos) {
      EXPECT_NE(error.find("libcuda.so.1"), std::string::npos) << error;
    }
  } else if (std::strstr(configured, "stubs") != nullptr) {
    // The stub resolves every symbol the runtime needs; only cuInit fails.
    EXPECT_EQ(error, "cuInit: CUDA_ERROR_STUB_LIBRARY (34)");
  }
}

TEST_F(NoDevice, InitIsIdempotentAndRecordsTheReasonAgain) {
  EXPECT_NE(hagCudaInit(), 0);
  std::string first = takeError();
  EXPECT_NE(hagCudaInit(), 0);
  EXPECT_EQ(takeError(), first);
}

TEST_F(NoDevice, DeviceCountIsZeroAndRecordsNothing) {
  EXPECT_EQ(hagCudaDeviceCount(), 0);
  EXPECT_EQ(hagCudaTakeError(), nullptr);
}

TEST_F(NoDevice, TakeClearsAndTheFirstErrorWins) {
  EXPECT_EQ(hagCudaTakeError(), nullptr);
  EXPECT_EQ(mgpuStreamCreate(), nullptr);
  EXPECT_EQ(mgpuEventCreate(), nullptr);
  const char *error = hagCudaTakeError();
  ASSERT_NE(error, nullptr);
  EXPECT_EQ(std::string(error).rfind("mgpuStreamCreate: no usable CUDA "
                                     "device: ",
                                     0),
            0u)
      << error;
  EXPECT_EQ(hagCudaTakeError(), nullptr);
}

TEST_F(NoDevice, MgpuCallsRecordErrorsAndDoNotCrash) {
  // Each call records "<entry>: no usable CUDA device: <reason>".
  auto expectRecorded = [](const char *entry) {
    std::string error = takeError();
    EXPECT_EQ(error.rfind(std::string(entry) + ": no usable CUDA device: ", 0),
              0u)
        << "after " << entry << ": '" << error << "'";
  };
  EXPECT_EQ(mgpuModuleLoadJIT(const_cast<char *>(kAddOnePtx), 2), nullptr);
  expectRecorded("mgpuModuleLoadJIT");
  char image[16] = {};
  EXPECT_EQ(mgpuModuleLoad(image, sizeof(image)), nullptr);
  expectRecorded("mgpuModuleLoad");
  EXPECT_EQ(mgpuStreamCreate(), nullptr);
  expectRecorded("mgpuStreamCreate");
  EXPECT_EQ(mgpuEventCreate(), nullptr);
  expectRecorded("mgpuEventCreate");
  EXPECT_EQ(mgpuMemAlloc(64, nullptr, false), nullptr);
  expectRecorded("mgpuMemAlloc");
  EXPECT_EQ(mgpuMemAlloc(64, nullptr, true), nullptr);
  expectRecorded("mgpuMemAlloc");

  void *params[] = {nullptr};
  mgpuLaunchKernel(nullptr, 1, 1, 1, 1, 1, 1, 0, nullptr, params, nullptr, 1);
  expectRecorded("mgpuLaunchKernel");
  mgpuLaunchClusterKernel(nullptr, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, nullptr,
                          params, nullptr);
  expectRecorded("mgpuLaunchClusterKernel");
  mgpuStreamSynchronize(nullptr);
  expectRecorded("mgpuStreamSynchronize");
  mgpuStreamWaitEvent(nullptr, nullptr);
  expectRecorded("mgpuStreamWaitEvent");
  mgpuEventRecord(nullptr, nullptr);
  expectRecorded("mgpuEventRecord");
  mgpuEventSynchronize(nullptr);
  expectRecorded("mgpuEventSynchronize");
  float host[4] = {};
  mgpuMemcpy(host, host + 2, sizeof(float), nullptr);
  expectRecorded("mgpuMemcpy");
  mgpuMemset32(host, 1, 1, nullptr);
  expectRecorded("mgpuMemset32");
  mgpuMemset16(host, 1, 1, nullptr);
  expectRecorded("mgpuMemset16");

  EXPECT_EQ(hagCudaMalloc(64), nullptr);
  expectRecorded("hagCudaMalloc");
  EXPECT_NE(hagCudaCopyToDevice(host, host, sizeof(host)), 0);
  expectRecorded("hagCudaCopyToDevice");
  EXPECT_NE(hagCudaCopyToHost(host, host, sizeof(host)), 0);
  expectRecorded("hagCudaCopyToHost");
  EXPECT_NE(hagCudaSynchronize(), 0);
  expectRecorded("hagCudaSynchronize");

  // The constant's shape survives; its pointers are null.
  int32_t values[3] = {1, 2, 3};
  HagMemRef1DI32 source = {values, values, 0, {3}, {1}};
  HagMemRef1DI32 copy;
  _mlir_ciface_hagCudaDeviceCopyI32(&copy, &source);
  EXPECT_EQ(copy.aligned, nullptr);
  EXPECT_EQ(copy.sizes[0], 3);
  expectRecorded("hagCudaDeviceCopyI32");

  // Null handles release nothing and record nothing.
  mgpuModuleUnload(nullptr);
  mgpuStreamDestroy(nullptr);
  mgpuEventDestroy(nullptr);
  mgpuMemFree(nullptr, nullptr);
  hagCudaFree(nullptr);
  EXPECT_EQ(hagCudaTakeError(), nullptr);
}

TEST_F(NoDevice, LookupOnAFailedLoadNamesTheKernel) {
  EXPECT_EQ(mgpuModuleGetFunction(nullptr, "plain_kernel"), nullptr);
  EXPECT_EQ(takeError(), "mgpuModuleGetFunction: no module for kernel "
                         "'plain_kernel' (its load failed)");
}

//===----------------------------------------------------------------------===//
// With a device
//===----------------------------------------------------------------------===//

TEST_F(Device, InitSucceedsAndCountsDevices) {
  EXPECT_EQ(hagCudaInit(), 0);
  EXPECT_GT(hagCudaDeviceCount(), 0);
}

TEST_F(Device, HostApiRoundTrip) {
  std::vector<float> sent = {1.5f, -2.0f, 3.25f, 1e9f};
  void *device = hagCudaMalloc(sent.size() * sizeof(float));
  ASSERT_NE(device, nullptr) << takeError();
  EXPECT_EQ(hagCudaCopyToDevice(device, sent.data(), sent.size() * 4), 0);
  std::vector<float> received(sent.size(), 0.0f);
  EXPECT_EQ(hagCudaCopyToHost(received.data(), device, received.size() * 4), 0);
  EXPECT_EQ(received, sent);
  EXPECT_EQ(hagCudaSynchronize(), 0);
  hagCudaFree(device);
  EXPECT_EQ(hagCudaMalloc(0), nullptr);
}

TEST_F(Device, JitLoadAndLaunch) {
  void *function = loadAddOne();
  ASSERT_NE(function, nullptr);
  constexpr int32_t count = 1000;
  std::vector<float> host(count);
  for (int32_t i = 0; i < count; ++i)
    host[i] = static_cast<float>(i);
  void *device = hagCudaMalloc(count * sizeof(float));
  ASSERT_NE(device, nullptr) << takeError();
  ASSERT_EQ(hagCudaCopyToDevice(device, host.data(), count * 4), 0);

  void *stream = mgpuStreamCreate();
  ASSERT_NE(stream, nullptr) << takeError();
  launchAddOne(function, device, count, stream);
  mgpuStreamSynchronize(stream);
  mgpuStreamDestroy(stream);
  ASSERT_EQ(takeError(), "");

  std::vector<float> result(count);
  ASSERT_EQ(hagCudaCopyToHost(result.data(), device, count * 4), 0);
  for (int32_t i = 0; i < count; ++i)
    ASSERT_EQ(result[i], static_cast<float>(i) + 1.0f) << "at " << i;
  hagCudaFree(device);
}

TEST_F(Device, ClusterLaunch) {
  void *function = loadAddOne();
  ASSERT_NE(function, nullptr);
  constexpr int32_t count = 512;
  std::vector<float> host(count, 2.0f);
  void *device = hagCudaMalloc(count * sizeof(float));
  ASSERT_NE(device, nullptr) << takeError();
  ASSERT_EQ(hagCudaCopyToDevice(device, host.data(), count * 4), 0);
  void *stream = mgpuStreamCreate();
  int32_t n = count;
  void *params[] = {&device, &n};
  // 4 blocks of 128 threads in clusters of 2 (Hopper and newer).
  mgpuLaunchClusterKernel(function, 2, 1, 1, 4, 1, 1, 128, 1, 1, 0, stream,
                          params, nullptr);
  mgpuStreamSynchronize(stream);
  ASSERT_EQ(takeError(), "");
  ASSERT_EQ(hagCudaCopyToHost(host.data(), device, count * 4), 0);
  EXPECT_EQ(host, std::vector<float>(count, 3.0f));
  hagCudaFree(device);
}

TEST_F(Device, EmptyLaunchDoesNothing) {
  void *function = loadAddOne();
  ASSERT_NE(function, nullptr);
  void *params[] = {nullptr, nullptr};
  mgpuLaunchKernel(function, 0, 1, 1, 128, 1, 1, 0, mgpuStreamCreate(), params,
                   nullptr, 2);
  EXPECT_EQ(takeError(), "");
}

TEST_F(Device, LaunchFailureNamesTheKernel) {
  void *function = loadAddOne();
  ASSERT_NE(function, nullptr);
  float *data = nullptr;
  int32_t count = 0;
  void *params[] = {&data, &count};
  // 4096 threads per block is more than any device allows.
  mgpuLaunchKernel(function, 1, 1, 1, 4096, 1, 1, 0, mgpuStreamCreate(), params,
                   nullptr, 2);
  std::string error = takeError();
  EXPECT_EQ(error.rfind("cuLaunchKernel: CUDA_ERROR_INVALID_VALUE (1) in "
                        "mgpuLaunchKernel of kernel 'hag_test_add_one' (grid "
                        "1x1x1, block 4096x1x1",
                        0),
            0u)
      << error;
}

TEST_F(Device, PendingErrorStopsQueuedWork) {
  void *function = loadAddOne();
  ASSERT_NE(function, nullptr);
  void *stream = mgpuStreamCreate();
  float *data = nullptr;
  int32_t count = 0;
  void *params[] = {&data, &count};
  mgpuLaunchKernel(function, 1, 1, 1, 4096, 1, 1, 0, stream, params, nullptr,
                   2);
  // Not taken: the copy and the allocation must not happen.
  float source = 1.0f, destination = 0.0f;
  mgpuMemcpy(&destination, &source, sizeof(float), stream);
  EXPECT_EQ(mgpuMemAlloc(16, stream, false), nullptr);
  mgpuStreamSynchronize(stream);
  EXPECT_EQ(destination, 0.0f);
  EXPECT_NE(takeError().find("cuLaunchKernel"), std::string::npos);
  // Taken: work runs again.
  mgpuMemcpy(&destination, &source, sizeof(float), stream);
  mgpuStreamSynchronize(stream);
  EXPECT_EQ(destination, 1.0f);
}

TEST_F(Device, BadPtxReportsTheJitLog) {
  EXPECT_EQ(mgpuModuleLoadJIT(const_cast<char *>("not ptx at all"), 2),
            nullptr);
  std::string error = takeError();
  EXPECT_EQ(error.rfind("cuModuleLoadDataEx: CUDA_ERROR_", 0), 0u) << error;
  EXPECT_NE(error.find("in mgpuModuleLoadJIT: "), std::string::npos) << error;
}

TEST_F(Device, MissingKernelIsReported) {
  void *module = mgpuModuleLoadJIT(const_cast<char *>(kAddOnePtx), 2);
  ASSERT_NE(module, nullptr) << takeError();
  modules.push_back(module);
  EXPECT_EQ(mgpuModuleGetFunction(module, "no_such_kernel"), nullptr);
  EXPECT_EQ(takeError(), "cuModuleGetFunction: CUDA_ERROR_NOT_FOUND (500) in "
                         "mgpuModuleGetFunction of kernel 'no_such_kernel'");
}

TEST_F(Device, RuntimeStreamIsCreatedOnceAndKept) {
  void *first = mgpuStreamCreate();
  ASSERT_NE(first, nullptr) << takeError();
  mgpuStreamDestroy(first);
  void *second = mgpuStreamCreate();
  EXPECT_EQ(first, second);
  // Still usable after the "destroy".
  mgpuStreamSynchronize(second);
  EXPECT_EQ(hagCudaSynchronize(), 0);
}

TEST_F(Device, UserStreamIsUsedAndNotDestroyed) {
  HostStream host;
  ASSERT_NE(host.stream, nullptr);
  hagCudaSetStream(host.stream);
  void *stream = mgpuStreamCreate();
  EXPECT_EQ(stream, static_cast<void *>(host.stream));
  void *function = loadAddOne();
  ASSERT_NE(function, nullptr);
  float value = 41.0f;
  void *device = hagCudaMalloc(sizeof(float));
  ASSERT_EQ(hagCudaCopyToDevice(device, &value, sizeof(float)), 0);
  launchAddOne(function, device, 1, stream);
  mgpuStreamSynchronize(stream);
  mgpuStreamDestroy(stream);
  EXPECT_EQ(hagCudaSynchronize(), 0);
  ASSERT_EQ(hagCudaCopyToHost(&value, device, sizeof(float)), 0);
  EXPECT_EQ(value, 42.0f);
  hagCudaFree(device);
  hagCudaSetStream(nullptr);
  EXPECT_NE(mgpuStreamCreate(), static_cast<void *>(host.stream));
  // ~HostStream checks that the stream is still alive.
}

TEST_F(Device, StreamOrderedMemory) {
  void *stream = mgpuStreamCreate();
  auto *device = static_cast<uint32_t *>(mgpuMemAlloc(64, stream, false));
  ASSERT_NE(device, nullptr) << takeError();
  mgpuMemset32(device, 0xdeadbeef, 16, stream);
  mgpuMemset16(device, 0x1234, 2, stream);
  std::vector<uint32_t> host(16, 0);
  mgpuMemcpy(host.data(), device, 64, stream);
  mgpuStreamSynchronize(stream);
  mgpuMemFree(device, stream);
  ASSERT_EQ(takeError(), "");
  EXPECT_EQ(host[0], 0x12341234u);
  for (size_t i = 1; i < host.size(); ++i)
    EXPECT_EQ(host[i], 0xdeadbeefu) << "at " << i;
  EXPECT_EQ(mgpuMemAlloc(0, stream, false), nullptr);
  EXPECT_EQ(takeError(), "");
}

TEST_F(Device, HostSharedMemory) {
  void *stream = mgpuStreamCreate();
  auto *shared = static_cast<float *>(mgpuMemAlloc(4 * 256, stream, true));
  ASSERT_NE(shared, nullptr) << takeError();
  for (int i = 0; i < 256; ++i)
    shared[i] = static_cast<float>(i);
  void *function = loadAddOne();
  ASSERT_NE(function, nullptr);
  launchAddOne(function, shared, 256, stream);
  mgpuStreamSynchronize(stream);
  ASSERT_EQ(takeError(), "");
  for (int i = 0; i < 256; ++i)
    ASSERT_EQ(shared[i], static_cast<float>(i) + 1.0f) << "at " << i;
  mgpuMemFree(shared, stream);
}

TEST_F(Device, Events) {
  void *stream = mgpuStreamCreate();
  void *event = mgpuEventCreate();
  ASSERT_NE(event, nullptr) << takeError();
  mgpuEventRecord(event, stream);
  mgpuStreamWaitEvent(stream, event);
  mgpuEventSynchronize(event);
  mgpuEventDestroy(event);
  EXPECT_EQ(takeError(), "");
}

TEST_F(Device, DeviceCopiesAreCached) {
  static int64_t values[] = {10, 20, 30, 40, 50, 60};
  HagMemRef1DI64 source = {values, values, 1, {4}, {1}};
  HagMemRef1DI64 first, second;
  _mlir_ciface_hagCudaDeviceCopyI64(&first, &source);
  _mlir_ciface_hagCudaDeviceCopyI64(&second, &source);
  ASSERT_NE(first.aligned, nullptr) << takeError();
  EXPECT_EQ(first.aligned, second.aligned);
  EXPECT_EQ(first.allocated, first.aligned);
  EXPECT_EQ(first.offset, 0);
  EXPECT_EQ(first.sizes[0], 4);
  EXPECT_EQ(first.strides[0], 1);
  int64_t host[4] = {};
  ASSERT_EQ(hagCudaCopyToHost(host, first.aligned, sizeof(host)), 0);
  EXPECT_EQ(std::vector<int64_t>(host, host + 4),
            (std::vector<int64_t>{20, 30, 40, 50}));
  hagCudaReleaseDeviceCopies();
  EXPECT_EQ(takeError(), "");
}

TEST_F(Device, StridedDeviceCopyIsContiguous) {
  static float values[] = {0, 1, 2, 3, 4, 5, 6, 7};
  HagMemRef1DF32 source = {values, values, 1, {4}, {2}};
  HagMemRef1DF32 copy;
  _mlir_ciface_hagCudaDeviceCopyF32(&copy, &source);
  ASSERT_NE(copy.aligned, nullptr) << takeError();
  float host[4] = {};
  ASSERT_EQ(hagCudaCopyToHost(host, copy.aligned, sizeof(host)), 0);
  EXPECT_EQ(std::vector<float>(host, host + 4),
            (std::vector<float>{1, 3, 5, 7}));
  hagCudaReleaseDeviceCopies();
}

TEST_F(Device, DeviceCopyOfReplacedConstantIsFresh) {
  // Another object's constant at the same address (the previous one was
  // unloaded without hagCudaReleaseDeviceCopies).
  static int32_t values[] = {1, 2, 3, 4};
  HagMemRef1DI32 source = {values, values, 0, {4}, {1}};
  HagMemRef1DI32 copy;
  _mlir_ciface_hagCudaDeviceCopyI32(&copy, &source);
  ASSERT_NE(copy.aligned, nullptr) << takeError();
  values[3] = 99;
  _mlir_ciface_hagCudaDeviceCopyI32(&copy, &source);
  ASSERT_NE(copy.aligned, nullptr) << takeError();
  int32_t host[4] = {};
  ASSERT_EQ(hagCudaCopyToHost(host, copy.aligned, sizeof(host)), 0);
  EXPECT_EQ(host[3], 99);
  hagCudaReleaseDeviceCopies();
  EXPECT_EQ(takeError(), "");
}

TEST_F(Device, EmptyDeviceCopy) {
  HagMemRef1DF32 source = {nullptr, nullptr, 0, {0}, {1}};
  HagMemRef1DF32 copy;
  _mlir_ciface_hagCudaDeviceCopyF32(&copy, &source);
  EXPECT_EQ(copy.aligned, nullptr);
  EXPECT_EQ(copy.sizes[0], 0);
  EXPECT_EQ(takeError(), "");
}

TEST_F(Device, OtherThreadsGetTheContext) {
  void *function = loadAddOne();
  ASSERT_NE(function, nullptr);
  float value = 1.0f;
  void *device = hagCudaMalloc(sizeof(float));
  ASSERT_EQ(hagCudaCopyToDevice(device, &value, sizeof(float)), 0);
  std::thread worker([&] {
    void *stream = mgpuStreamCreate();
    launchAddOne(function, device, 1, stream);
    mgpuStreamSynchronize(stream);
  });
  worker.join();
  EXPECT_EQ(takeError(), "");
  ASSERT_EQ(hagCudaCopyToHost(&value, device, sizeof(float)), 0);
  EXPECT_EQ(value, 2.0f);
  hagCudaFree(device);
}

TEST_F(Device, DefaultDeviceCannotChangeAfterInit) {
  mgpuSetDefaultDevice(0);
  EXPECT_EQ(takeError(), "");
  mgpuSetDefaultDevice(7);
  EXPECT_EQ(takeError(), "mgpuSetDefaultDevice: the runtime already uses "
                         "device 0; it cannot switch to 7");
}

//===----------------------------------------------------------------------===//
// With the fake driver
//===----------------------------------------------------------------------===//

TEST_F(FakeDriver, PoolKeepsFreedMemory) {
  EXPECT_EQ(state->poolReleaseThreshold, UINT64_MAX);
}

TEST_F(FakeDriver, RuntimeStreamIsCreatedOnce) {
  int destroyed = state->streamsDestroyed;
  for (int i = 0; i < 3; ++i)
    mgpuStreamDestroy(mgpuStreamCreate());
  // Once per process, whichever test came first.
  EXPECT_EQ(state->defaultStreamsCreated, 1);
  EXPECT_EQ(state->streamsDestroyed, destroyed);
}

TEST_F(FakeDriver, SynchronizationCanBeTurnedOff) {
  void *stream = mgpuStreamCreate();
  void *event = mgpuEventCreate();
  int streamSyncs = state->streamSynchronizations;
  int eventSyncs = state->eventSynchronizations;
  hagCudaSetSynchronize(0);
  mgpuStreamSynchronize(stream);
  mgpuEventSynchronize(event);
  EXPECT_EQ(state->streamSynchronizations, streamSyncs);
  EXPECT_EQ(state->eventSynchronizations, eventSyncs);
  // The host API still waits: it promises synchronous copies.
  EXPECT_EQ(hagCudaSynchronize(), 0);
  EXPECT_EQ(state->streamSynchronizations, streamSyncs + 1);
  hagCudaSetSynchronize(1);
  mgpuStreamSynchronize(stream);
  mgpuEventSynchronize(event);
  EXPECT_EQ(state->streamSynchronizations, streamSyncs + 2);
  EXPECT_EQ(state->eventSynchronizations, eventSyncs + 1);
  mgpuEventDestroy(event);
}

TEST_F(FakeDriver, ScratchMemoryIsStreamOrdered) {
  void *stream = mgpuStreamCreate();
  int allocations = state->asyncAllocations;
  int frees = state->asyncFrees;
  void *scratch = mgpuMemAlloc(256, stream, false);
  ASSERT_NE(scratch, nullptr);
  mgpuMemFree(scratch, stream);
  EXPECT_EQ(state->asyncAllocations, allocations + 1);
  EXPECT_EQ(state->asyncFrees, frees + 1);
  // Managed memory is freed with cuMemFree (the fake rejects the other).
  void *shared = mgpuMemAlloc(256, stream, true);
  mgpuMemFree(shared, stream);
  EXPECT_EQ(state->asyncFrees, frees + 1);
}

TEST_F(FakeDriver, JitOptimizationLevelIsPassed) {
  void *module = mgpuModuleLoadJIT(const_cast<char *>(kAddOnePtx), 3);
  ASSERT_NE(module, nullptr);
  modules.push_back(module);
  EXPECT_EQ(state->lastJitOptimizationLevel, 3);
}

TEST_F(FakeDriver, LaunchShapeIsPassed) {
  void *function = loadAddOne();
  ASSERT_NE(function, nullptr);
  void *stream = mgpuStreamCreate();
  void *params[] = {nullptr, nullptr};
  int32_t zero = 0;
  float *data = nullptr;
  params[0] = &data;
  params[1] = &zero;
  mgpuLaunchKernel(function, 3, 2, 1, 32, 4, 2, 96 * 1024, stream, params,
                   nullptr, 2);
  EXPECT_EQ(takeError(), "");
  const FakeLaunch &launch = state->lastLaunch;
  EXPECT_EQ(launch.kernel, kAddOne);
  EXPECT_EQ(std::vector<unsigned>(launch.grid, launch.grid + 3),
            (std::vector<unsigned>{3, 2, 1}));
  EXPECT_EQ(std::vector<unsigned>(launch.block, launch.block + 3),
            (std::vector<unsigned>{32, 4, 2}));
  EXPECT_EQ(launch.sharedMemoryBytes, 96u * 1024);
  EXPECT_EQ(launch.stream, stream);
  // Over 48 KiB of dynamic shared memory needs the opt-in.
  EXPECT_GE(state->sharedMemoryOptIns, 1);

  mgpuLaunchClusterKernel(function, 2, 1, 1, 4, 2, 1, 64, 1, 1, 0, stream,
                          params, nullptr);
  EXPECT_EQ(takeError(), "");
  EXPECT_EQ(std::vector<unsigned>(launch.cluster, launch.cluster + 3),
            (std::vector<unsigned>{2, 1, 1}));
  EXPECT_EQ(std::vector<unsigned>(launch.grid, launch.grid + 3),
            (std::vector<unsigned>{4, 2, 1}));
}

TEST_F(FakeDriver, DeviceCopyUploadsOnce) {
  static float values[] = {1, 2, 3};
  HagMemRef1DF32 source = {values, values, 0, {3}, {1}};
  HagMemRef1DF32 copy;
  int uploads = state->hostToDeviceCopies;
  for (int i = 0; i < 5; ++i)
    _mlir_ciface_hagCudaDeviceCopyF32(&copy, &source);
  EXPECT_EQ(state->hostToDeviceCopies, uploads + 1);
  hagCudaReleaseDeviceCopies();
  _mlir_ciface_hagCudaDeviceCopyF32(&copy, &source);
  EXPECT_EQ(state->hostToDeviceCopies, uploads + 2);
  hagCudaReleaseDeviceCopies();
}

TEST_F(FakeDriver, UnloadAtDriverShutdownIsQuiet) {
  void *module = mgpuModuleLoadJIT(const_cast<char *>(kAddOnePtx), 2);
  ASSERT_NE(module, nullptr);
  state->unloadReportsDeinitialized = true;
  mgpuModuleUnload(module);
  state->unloadReportsDeinitialized = false;
  EXPECT_EQ(takeError(), "");
}

TEST_F(FakeDriver, AsynchronousFailureNamesTheLastKernel) {
  void *function = loadAddOne();
  ASSERT_NE(function, nullptr);
  float value = 0.0f;
  void *device = hagCudaMalloc(sizeof(float));
  launchAddOne(function, device, 1, mgpuStreamCreate());
  hagCudaFree(device);
  EXPECT_EQ(takeError(), "");
  // A stream the fake does not know fails like a faulted kernel would
  // surface at the next synchronisation.
  mgpuStreamSynchronize(&value);
  EXPECT_EQ(takeError(), "cuStreamSynchronize: CUDA_ERROR_INVALID_HANDLE (400) "
                         "in mgpuStreamSynchronize (last kernel launched: "
                         "'hag_test_add_one')");
}

} // namespace
