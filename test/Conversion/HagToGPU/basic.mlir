// RUN: hag-opt %s -split-input-file -convert-hag-to-gpu | FileCheck %s
// RUN: hag-opt %s -split-input-file -convert-hag-to-gpu='emulate=true' | FileCheck %s --check-prefix=EMU

// A plain sum over a run-time graph, materialized into the caller's buffer:
// one row kernel (16 lanes of 4-float chunks per 64-float row, 16 rows per
// 256-thread block, four inputs loaded before they are combined) and the two
// hub kernels; every launch on the runtime's in-order stream.
// CHECK-LABEL: func.func @plain_sum
// CHECK-NOT: hag.
// The feature rows are checked against the node count on the host first.
// CHECK: %[[FROWS:.*]] = memref.dim %{{.*}}, %{{.*}} : memref<?x64xf32>
// CHECK: %[[LEN:.*]] = memref.dim %{{.*}}, %{{.*}} : memref<?xi64>
// CHECK: %[[NODES:.*]] = arith.subi %[[LEN]], %{{.*}}
// CHECK: %[[DIFFER:.*]] = arith.cmpi ne, %[[FROWS]], %[[NODES]]
// CHECK: scf.if %[[DIFFER]] {
// CHECK: llvm.call @write
// CHECK-NEXT: llvm.call @abort
// CHECK: %[[ROWS:.*]] = memref.dim %[[OUT:.*]], %{{.*}} : memref<?x64xf32>
// CHECK: gpu.wait async
// CHECK: gpu.launch async
// CHECK-SAME: threads(%{{.*}}, %{{.*}}, %{{.*}}) in (%{{.*}} = %c256
// CHECK: arith.remui %{{.*}}, %c16
// CHECK: scf.for {{.*}} step %c4
// CHECK-COUNT-4: memref.load {{.*}} : memref<?xi32>
// CHECK-COUNT-4: vector.load {{.*}} {alignment = 16 : i64} : memref<?x64xf32>, vector<4xf32>
// CHECK: vector.store {{.*}}, %[[OUT]]{{.*}} {alignment = 16 : i64} : memref<?x64xf32>, vector<4xf32>
// CHECK: gpu.wait [
// The hub partials live in a scratch buffer of two rows per segment.
// CHECK: gpu.alloc async
// CHECK: gpu.launch async
// CHECK: scf.while
// CHECK: gpu.launch async
// CHECK: gpu.dealloc async
// CHECK-NOT: materialize_in_destination
// EMU-LABEL: func.func @plain_sum
// EMU-NOT: gpu.
// EMU: scf.forall
// EMU: scf.for %{{.*}} = %{{.*}} to %c256 step
func.func @plain_sum(%off: memref<?xi64>, %idx: memref<?xi32>, %x: memref<?x64xf32>, %out: memref<?x64xf32>) {
  %o = bufferization.to_tensor %off restrict : memref<?xi64> to tensor<?xi64>
  %i = bufferization.to_tensor %idx restrict : memref<?xi32> to tensor<?xi32>
  %xt = bufferization.to_tensor %x restrict : memref<?x64xf32> to tensor<?x64xf32>
  %g = hag.graph_from_tensors %o, %i : tensor<?xi64>, tensor<?xi32> -> !hag.graph<?>
  %r = hag.aggregate sum %g, %xt : !hag.graph<?>, tensor<?x64xf32> -> tensor<?x64xf32>
  bufferization.materialize_in_destination %r in restrict writable %out : (tensor<?x64xf32>, memref<?x64xf32>) -> ()
  return
}

// -----

// A constant plan: its arrays are copied to the device once by the runtime
// (the levels stay on the host: one kernel per level, here one level), the
// aggregation rows live in a scratch buffer; the result is a fresh device
// buffer. Without hubs only the level and row kernels run.
// The runtime's copy function, declared with MLIR's C interface:
// CHECK: func.func private @hagCudaDeviceCopyI32(memref<?xi32>) -> memref<?xi32> attributes {llvm.emit_c_interface}
// CHECK-LABEL: func.func @constant_plan
// CHECK-NOT: hag.plan
// CHECK: call @hagCudaDeviceCopyI32
// CHECK: call @hagCudaDeviceCopyI64
// CHECK: %[[RESULT:.*]], %{{.*}} = gpu.alloc async {{.*}} () : memref<5x8xf32>
// CHECK: gpu.alloc async
// CHECK: gpu.launch async
// CHECK: gpu.launch async
// CHECK-NOT: gpu.launch
// CHECK: gpu.dealloc async
// CHECK: bufferization.to_tensor %[[RESULT]]
func.func @constant_plan(%x: tensor<5x8xf32>) -> tensor<5x8xf32> {
  %p = hag.plan_constant agg_inputs(dense<[[0, 1]]> : tensor<1x2xi32>)
      levels(dense<[0, 1]> : tensor<2xi32>)
      list_offsets(dense<[0, 0, 0, 0, 2, 4]> : tensor<6xi64>)
      list_indices(dense<[5, 2, 5, 2]> : tensor<4xi32>) : !hag.plan<set, 5>
  %y = hag.plan_aggregate mean %p, %x : !hag.plan<set, 5>, tensor<5x8xf32> -> tensor<5x8xf32>
  return %y : tensor<5x8xf32>
}

// -----

// A run-time plan: the host loops over its levels (host memory), one launch
// per level. Widths that are not a multiple of 4 use one element per lane.
// CHECK-LABEL: func.func @run_time_plan
// CHECK: %[[LEVELS:.*]] = bufferization.to_buffer %{{.*}} read_only : tensor<?xi32> to memref<?xi32>
// CHECK: scf.for
// CHECK: memref.load %[[LEVELS]]
// CHECK: gpu.launch async
// CHECK: vector.load {{.*}} : memref<?x6xf32>, vector<1xf32>
func.func @run_time_plan(%a: tensor<?x2xi32>, %l: tensor<?xi32>, %o: tensor<?xi64>, %i: tensor<?xi32>, %x: tensor<?x6xf32>) -> tensor<?x6xf32> {
  %p = hag.plan_from_tensors %a, %l, %o, %i : tensor<?x2xi32>, tensor<?xi32>, tensor<?xi64>, tensor<?xi32> -> !hag.plan<set, ?>
  %y = hag.plan_aggregate max %p, %x : !hag.plan<set, ?>, tensor<?x6xf32> -> tensor<?x6xf32>
  return %y : tensor<?x6xf32>
}

// -----

// A sequential fold is never split into hub segments (it keeps its order).
// CHECK-LABEL: func.func @sequential
// CHECK: gpu.launch async
// CHECK-NOT: gpu.launch
// CHECK: return
func.func @sequential(%o: tensor<?xi64>, %i: tensor<?xi32>, %x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %g = hag.graph_from_tensors %o, %i : tensor<?xi64>, tensor<?xi32> -> !hag.graph<?>
  %y = hag.aggregate custom %g, %x combiner {
  ^bb0(%acc: f32, %next: f32):
    %h = arith.constant 5.000000e-01 : f32
    %s = arith.mulf %acc, %h : f32
    %t = arith.addf %s, %next : f32
    hag.yield %t : f32
  } : !hag.graph<?>, tensor<?x4xf32> -> tensor<?x4xf32>
  return %y : tensor<?x4xf32>
}

// -----

// GCN's normalization over a constant graph: deg(x)^-1/2 of every node is a
// constant (here deg = [2, 1, 1] + 1 for the self-loop: 1/sqrt 3, 1/sqrt 2,
// 1/sqrt 2), copied to the device once like the graph; the row kernel loads
// a node's scale for each input and for the row itself, and computes no
// square root.
// CHECK: func.func private @hagCudaDeviceCopyF32(memref<?xf32>) -> memref<?xf32> attributes {llvm.emit_c_interface}
// CHECK-LABEL: func.func @symmetric_constant_graph
// CHECK: %[[SCALES:.*]] = arith.constant dense<[0.577350259, 0.707106769, 0.707106769]> : tensor<3xf32>
// CHECK: call @hagCudaDeviceCopyF32
// CHECK: gpu.launch async
// CHECK-NOT: math.rsqrt
// CHECK: memref.load {{.*}} : memref<3xf32>
// CHECK-NOT: math.rsqrt
// CHECK: gpu.terminator
// EMU-LABEL: func.func @symmetric_constant_graph
// EMU-NOT: math.rsqrt
// EMU: memref.load {{.*}} : memref<3xf32>
// EMU-NOT: math.rsqrt
// EMU: return
func.func @symmetric_constant_graph(%x: memref<3x8xf32>, %out: memref<3x8xf32>) {
  %xt = bufferization.to_tensor %x restrict : memref<3x8xf32> to tensor<3x8xf32>
  %g = hag.graph_constant offsets(dense<[0, 2, 3, 4]> : tensor<4xi64>)
                          indices(dense<[1, 2, 0, 0]> : tensor<4xi32>) : !hag.graph<3>
  %r = hag.aggregate sum %g, %xt normalization(symmetric) self_loops
      : !hag.graph<3>, tensor<3x8xf32> -> tensor<3x8xf32>
  bufferization.materialize_in_destination %r in restrict writable %out : (tensor<3x8xf32>, memref<3x8xf32>) -> ()
  return
}
