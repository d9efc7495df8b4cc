//===- hag-cuda-probe.cpp - Tell whether a CUDA device is usable ----------===//
//
// Initialises hag's CUDA runtime and moves four bytes to the device and back.
// Prints `cuda devices: N` and exits 0 when that works, else prints
// `no usable CUDA device: <reason>` and exits 1. lit runs it to decide
// whether the GPU execution tests (feature `cuda-device`) run.
//
//===----------------------------------------------------------------------===//
#include "hag/Runtime/CudaRuntime.h"

#include <cstdint>
#include <cstdio>

namespace {
/// Prints why the device is unusable and returns the exit code for it.
int reportUnusable() {
  const char *reason = hagCudaTakeError();
  std::printf("no usable CUDA device: %s\n",
              reason ? reason : "unknown reason");
  return 1;
}
} // namespace

int main() {
  if (hagCudaInit() != 0)
    return reportUnusable();

  // A retained context is not proof enough: a device in exclusive or
  // prohibited compute mode, or out of memory, fails only at first use.
  const uint32_t sent = 0x68616721u;
  uint32_t received = 0;
  void *buffer = hagCudaMalloc(sizeof(sent));
  if (buffer == nullptr ||
      hagCudaCopyToDevice(buffer, &sent, sizeof(sent)) != 0 ||
      hagCudaCopyToHost(&received, buffer, sizeof(received)) != 0) {
    hagCudaFree(buffer);
    return reportUnusable();
  }
  hagCudaFree(buffer);
  if (received != sent) {
    std::printf("no usable CUDA device: a 4-byte round trip returned "
                "0x%08x instead of 0x%08x\n",
                received, sent);
    return 1;
  }
  std::printf("cuda devices: %d\n", hagCudaDeviceCount());
  return 0;
}
