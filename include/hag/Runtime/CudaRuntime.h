/*===- CudaRuntime.h - hag's CUDA runtime, plain C ABI ------------*- C -*-===//
//
// The runtime that code lowered by `hag-lower-to-cuda` runs on, and the API
// hosts (hag-run, hag-bench, the CUDA benchmark harness, embedding programs)
// use to drive it. Plain C, no MLIR. Built as libhag_cuda_runtime.so.
//
// Two halves:
//  - the `hagCuda*` functions, for hosts;
//  - the `mgpu*` entry points that MLIR 22's gpu-to-llvm lowering and its
//    LLVM IR translation call (module load, launch, streams, events,
//    memory). Debian ships no libmlir_cuda_runtime, so these are ours, with
//    MLIR 22's names and signatures. Handles are CUDA driver handles
//    (CUmodule, CUfunction, CUstream, CUevent) passed as `void *`.
//
// The CUDA driver (libcuda.so.1, or the library named by the environment
// variable HAG_CUDA_DRIVER) is opened with dlopen on first use, so the
// library loads and reports a clear error on a machine without a driver or
// device instead of failing to start. The runtime works in the device's
// primary context, so buffers from the CUDA runtime API (cudaMalloc) and from
// hagCudaMalloc are interchangeable.
//
// Errors: generated code cannot check return codes, so every driver call is
// checked inside the runtime; the first failure is recorded with the call
// name, the CUDA error name and code and what was being done
// ("cuLaunchKernel: CUDA_ERROR_INVALID_VALUE (1) in mgpuLaunchKernel of
// kernel 'k' ..."). While an error is pending, mgpu* calls that queue device
// work (launch, copy, set, allocate, record, wait, synchronise) do nothing;
// loads, look-ups and releases still run. Hosts read the error with
// hagCudaTakeError() after a call. Nothing aborts the process.
//
// All functions are thread-safe.
//
//===----------------------------------------------------------------------===*/
#ifndef HAG_RUNTIME_CUDARUNTIME_H
#define HAG_RUNTIME_CUDARUNTIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*===----------------------------------------------------------------------===//
// Host API
//===----------------------------------------------------------------------===*/

/* Opens the driver, initialises it and retains the primary context of device
   0 (or of the device chosen by mgpuSetDefaultDevice before first use).
   Returns 0 on success; otherwise non-zero with the reason recorded (no
   libcuda.so.1, no device, ...). Idempotent: the first call decides, later
   calls return the same answer (and record the reason again). Every other
   function except hagCudaDeviceCount, hagCudaTakeError, hagCudaSetStream and
   hagCudaSetSynchronize calls it. */
int hagCudaInit(void);

/* Number of CUDA devices, 0 when there is no driver or device. Records no
   error (hagCudaInit gives the reason). */
int hagCudaDeviceCount(void);

/* The first error recorded since the last take, or NULL. The string stays
   valid until the next hagCudaTakeError call. Taking clears it. */
const char *hagCudaTakeError(void);

/* Device memory in the primary context. NULL (and an error) on failure; NULL
   without an error for 0 bytes. Freeing NULL does nothing. */
void *hagCudaMalloc(size_t bytes);
void hagCudaFree(void *devicePointer);
/* Synchronous copies, ordered after the work queued on the current stream;
   0 on success. */
int hagCudaCopyToDevice(void *devicePointer, const void *hostPointer,
                        size_t bytes);
int hagCudaCopyToHost(void *hostPointer, const void *devicePointer,
                      size_t bytes);

/* The stream generated code launches on. NULL (the default) makes the
   runtime use a stream of its own, created once. The pointer is a
   CUstream/cudaStream_t; it stays the caller's (the runtime never destroys
   it). */
void hagCudaSetStream(void *stream);

/* Whether the synchronisation at the end of a lowered function
   (mgpuStreamSynchronize, mgpuEventSynchronize) waits for the device
   (default 1). A host that orders its work on its own stream
   (hagCudaSetStream) and synchronises itself may set 0, so that back-to-back
   calls queue without a host round trip. */
void hagCudaSetSynchronize(int enabled);

/* Waits for all work on the current stream; 0 on success. */
int hagCudaSynchronize(void);

/* Called by lowered code for constant arrays (graph and plan constants)
   whose kernels run on the device: returns a device copy of `source`,
   uploaded on the first call for that host address, offset, size and stride
   and cached for the life of the process (constants are immutable
   globals). The result is contiguous (offset 0, stride 1). On failure its
   pointers are NULL and an error is recorded. Rank-1 strided memref
   descriptors, MLIR's C interface (`llvm.emit_c_interface`): the result
   descriptor comes first. */
typedef struct HagMemRef1DI32 {
  int32_t *allocated;
  int32_t *aligned;
  int64_t offset;
  int64_t sizes[1];
  int64_t strides[1];
} HagMemRef1DI32;
typedef struct HagMemRef1DI64 {
  int64_t *allocated;
  int64_t *aligned;
  int64_t offset;
  int64_t sizes[1];
  int64_t strides[1];
} HagMemRef1DI64;
typedef struct HagMemRef1DF32 {
  float *allocated;
  float *aligned;
  int64_t offset;
  int64_t sizes[1];
  int64_t strides[1];
} HagMemRef1DF32;
void _mlir_ciface_hagCudaDeviceCopyI32(HagMemRef1DI32 *result,
                                       HagMemRef1DI32 *source);
void _mlir_ciface_hagCudaDeviceCopyI64(HagMemRef1DI64 *result,
                                       HagMemRef1DI64 *source);
void _mlir_ciface_hagCudaDeviceCopyF32(HagMemRef1DF32 *result,
                                       HagMemRef1DF32 *source);

/* Frees every cached device copy. A host that unloads lowered code (a JIT
   engine, a dlclose'd object) calls it first: another object's constants may
   later live at the same host addresses. (The cache also re-uploads when
   sampled elements no longer match, but that is a guard, not a proof.) */
void hagCudaReleaseDeviceCopies(void);

/*===----------------------------------------------------------------------===//
// Entry points of MLIR 22's gpu-to-llvm lowering
//===----------------------------------------------------------------------===*/

/* Module load and unload run from the lowered object's global constructor
   and destructor. On failure the load records the error and returns NULL;
   look-ups and launches on a NULL module or function record an error. */
/* A cubin or fatbin image (cubin-format=bin|fatbin); `size` in bytes. */
void *mgpuModuleLoad(void *data, size_t size);
/* NUL-terminated PTX text (cubin-format=isa), compiled by the driver at
   ptxas optimisation level `optLevel` (0-4). */
void *mgpuModuleLoadJIT(void *data, int optLevel);
void mgpuModuleUnload(void *module);
void *mgpuModuleGetFunction(void *module, const char *name);

/* Launches on `stream`. A grid or block with a zero extent launches nothing
   (empty inputs); `paramsCount` is the number of entries in `params`. */
void mgpuLaunchKernel(void *function, int64_t gridX, int64_t gridY,
                      int64_t gridZ, int64_t blockX, int64_t blockY,
                      int64_t blockZ, int32_t sharedMemoryBytes, void *stream,
                      void **params, void **extra, size_t paramsCount);
/* A launch with thread-block clusters (sm_90+); the grid counts blocks and
   must be a multiple of the cluster. */
void mgpuLaunchClusterKernel(void *function, int64_t clusterX, int64_t clusterY,
                             int64_t clusterZ, int64_t gridX, int64_t gridY,
                             int64_t gridZ, int64_t blockX, int64_t blockY,
                             int64_t blockZ, int32_t sharedMemoryBytes,
                             void *stream, void **params, void **extra);

/* Returns the stream set with hagCudaSetStream, else the runtime's own
   stream (created once); NULL when the runtime is unusable. */
void *mgpuStreamCreate(void);
/* Does nothing: every stream mgpuStreamCreate hands out is either the
   caller's or the runtime's reused one. */
void mgpuStreamDestroy(void *stream);
/* Waits for `stream`, unless hagCudaSetSynchronize(0). */
void mgpuStreamSynchronize(void *stream);
void mgpuStreamWaitEvent(void *stream, void *event);

void *mgpuEventCreate(void);
void mgpuEventDestroy(void *event);
/* Waits for `event`, unless hagCudaSetSynchronize(0). */
void mgpuEventSynchronize(void *event);
void mgpuEventRecord(void *event, void *stream);

/* Stream-ordered device memory (cuMemAllocAsync from the device's default
   pool, which keeps freed memory for reuse), or managed memory when
   `isHostShared`. 0 bytes gives NULL. */
void *mgpuMemAlloc(uint64_t sizeBytes, void *stream, bool isHostShared);
void mgpuMemFree(void *pointer, void *stream);
/* Any direction (unified addressing), ordered on `stream`. */
void mgpuMemcpy(void *destination, void *source, size_t sizeBytes,
                void *stream);
/* Sets `count` 32-bit (16-bit) elements. */
void mgpuMemset32(void *destination, uint32_t value, size_t count,
                  void *stream);
void mgpuMemset16(void *destination, uint16_t value, size_t count,
                  void *stream);

/* Chooses the device the runtime initialises on. Only before first use: once
   initialised on another device it records an error. */
void mgpuSetDefaultDevice(int32_t device);

#ifdef __cplusplus
}
#endif

#endif /* HAG_RUNTIME_CUDARUNTIME_H */
