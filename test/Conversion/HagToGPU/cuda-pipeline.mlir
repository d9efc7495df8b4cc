// The whole cuda pipeline: kernels, bufferization, then upstream's NVVM
// pipeline down to PTX embedded in the host module, whose host code calls
// hag's runtime (docs/Runtime.md).
// RUN: hag-opt %s '-hag-lower-to-cuda=nvvm={cubin-chip=sm_90 cubin-features=+ptx80 cubin-format=isa}' | FileCheck %s
// RUN: hag-opt %s '-hag-lower-to-cuda=nvvm={cubin-chip=sm_90 cubin-features=+ptx80 cubin-format=isa}' \
// RUN:   | mlir-translate --mlir-to-llvmir | FileCheck %s --check-prefix=HOST
// A cubin, assembled by ptxas (the default format, fatbin, also embeds the
// PTX), and a host object as the CUDA benchmark harness links it:
// REQUIRES: ptxas
// RUN: hag-opt %s -hag-lower-to-cuda | mlir-translate --mlir-to-llvmir \
// RUN:   | llc -O2 -filetype=obj -relocation-model=pic -o %t.o
// RUN: nm %t.o | FileCheck %s --check-prefix=OBJECT
// RUN: not hag-opt %s '-hag-lower-to-cuda=nvvm={cubin-chip=sm_90 no-such-option=1}' 2>&1 \
// RUN:   | FileCheck %s --check-prefix=BAD

// CHECK-NOT: hag.
// CHECK-LABEL: llvm.func @hag_sum_mean(
// CHECK: gpu.launch_func
// CHECK-NOT: gpu.launch_func
// CHECK: gpu.binary @hag_sum_mean_kernel [#gpu.object<#nvvm.target<chip = "sm_90", features = "+ptx80">
// CHECK-SAME: .target sm_90
// Coalesced 16-byte loads of feature chunks:
// CHECK-SAME: ld.global.v4.b32
// CHECK-LABEL: llvm.func @run_time_max(
// CHECK-COUNT-3: gpu.launch_func
// CHECK-NOT: gpu.launch_func
// CHECK: gpu.binary @run_time_max_kernel

// HOST-LABEL: define void @hag_sum_mean(
// HOST: call { ptr, ptr, i64, [1 x i64], [1 x i64] } @hagCudaDeviceCopyI64(
// HOST: call void @mgpuLaunchKernel(
// HOST: call void @mgpuStreamSynchronize(
// HOST-LABEL: define void @run_time_max(
// HOST: call ptr @mgpuMemAlloc(
// HOST: call void @mgpuLaunchKernel(
// HOST: call void @mgpuMemFree(

// OBJECT: U _mlir_ciface_hagCudaDeviceCopyI32
// OBJECT: T _mlir_ciface_hag_sum_mean
// OBJECT: U mgpuLaunchKernel
// OBJECT: U mgpuModuleLoad

// BAD: cannot parse the nvvm options

// A row-normalised sum over a constant graph (a 4-cycle plus a hub whose 9
// inputs the default 1024-input segments do not split, so the hub kernels
// are left out) written into the caller's device buffer.
func.func @hag_sum_mean(%x: memref<5x64xf32>, %out: memref<5x64xf32>) attributes {llvm.emit_c_interface} {
  %g = hag.graph_constant offsets(dense<[0, 1, 2, 3, 4, 13]> : tensor<6xi64>)
      indices(dense<[3, 0, 1, 2, 0, 1, 2, 3, 0, 1, 2, 3, 0]> : tensor<13xi32>) : !hag.graph<5>
  %xt = bufferization.to_tensor %x restrict : memref<5x64xf32> to tensor<5x64xf32>
  %r = hag.aggregate sum %g, %xt normalization(row) : !hag.graph<5>, tensor<5x64xf32> -> tensor<5x64xf32>
  bufferization.materialize_in_destination %r in restrict writable %out : (tensor<5x64xf32>, memref<5x64xf32>) -> ()
  return
}

// A max over a run-time graph: the hub kernels are in (three launches).
func.func @run_time_max(%off: memref<?xi64>, %idx: memref<?xi32>, %x: memref<?x16xf32>, %out: memref<?x16xf32>) attributes {llvm.emit_c_interface} {
  %o = bufferization.to_tensor %off restrict : memref<?xi64> to tensor<?xi64>
  %i = bufferization.to_tensor %idx restrict : memref<?xi32> to tensor<?xi32>
  %xt = bufferization.to_tensor %x restrict : memref<?x16xf32> to tensor<?x16xf32>
  %g = hag.graph_from_tensors %o, %i : tensor<?xi64>, tensor<?xi32> -> !hag.graph<?>
  %r = hag.aggregate max %g, %xt : !hag.graph<?>, tensor<?x16xf32> -> tensor<?x16xf32>
  bufferization.materialize_in_destination %r in restrict writable %out : (tensor<?x16xf32>, memref<?x16xf32>) -> ()
  return
}
