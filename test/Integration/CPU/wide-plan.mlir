// REQUIRES: openmp-runtime
// Plans of wide aggregation nodes (agg_offsets), written by hand so the
// numbers can be worked out: the CPU kernels compute each wide node as one
// row from all its inputs, in order; the CUDA kernels (emulated on the host)
// run its two-input form. Both must give the plain aggregation's numbers.
// RUN: hag-opt %s -hag-lower-to-cpu | %mlir_runner -e main -entry-point-result=void %runner_libs | FileCheck %s
// RUN: hag-opt %s -convert-hag-to-gpu='emulate=true' -hag-lower-to-cpu \
// RUN:   | %mlir_runner -e main -entry-point-result=void %runner_libs | FileCheck %s

// Six nodes: N(4) = [0, 1, 2, 3], N(5) = [0, 1, 2]. Aggregation node 6 is the
// prefix (0, 1, 2) they share; list(4) = [6, 3], list(5) = [6].

func.func private @printMemrefF32(tensor<*xf32>)

func.func @print(%t: tensor<6x2xf32>) {
  %u = tensor.cast %t : tensor<6x2xf32> to tensor<*xf32>
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}

func.func @main() {
  %x = arith.constant dense<[[8.0, 16.0], [4.0, 8.0], [2.0, 4.0], [1.0, 2.0],
      [100.0, 100.0], [200.0, 200.0]]> : tensor<6x2xf32>

  // The ordered fold c(a, b) = a / 2 + b keeps the order of node 6's inputs:
  // node 6 = (x0 / 2 + x1) / 2 + x2 = [6, 12], node 5 gets it as it is and
  // node 4 gets node 6 / 2 + x3 = [4, 8]. Any other order gives other numbers.
  // CHECK: {{\[}}[0,   0],
  // CHECK-NEXT: [0,   0],
  // CHECK-NEXT: [0,   0],
  // CHECK-NEXT: [0,   0],
  // CHECK-NEXT: [4,   8],
  // CHECK-NEXT: [6,   12]]
  %seq = hag.plan_constant agg_inputs(dense<[0, 1, 2]> : tensor<3xi32>)
      agg_offsets(dense<[0, 3]> : tensor<2xi64>)
      levels(dense<[0, 1]> : tensor<2xi32>)
      list_offsets(dense<[0, 0, 0, 0, 0, 2, 3]> : tensor<7xi64>)
      list_indices(dense<[6, 3, 6]> : tensor<3xi32>) : !hag.plan<sequential, 6>
  %fold = hag.plan_aggregate custom %seq, %x combiner {
  ^bb0(%acc: f32, %next: f32):
    %half = arith.constant 0.5 : f32
    %h = arith.mulf %acc, %half : f32
    %s = arith.addf %h, %next : f32
    hag.yield %s : f32
  } : !hag.plan<sequential, 6>, tensor<6x2xf32> -> tensor<6x2xf32>
  call @print(%fold) : (tensor<6x2xf32>) -> ()

  // Set class, mean with row-wise sums: node 4 = (8 + 4 + 2 + 1) / 4,
  // node 5 = (8 + 4 + 2) / 3 (degrees are the original list sizes).
  // CHECK: {{\[}}[0,   0],
  // CHECK-NEXT: [0,   0],
  // CHECK-NEXT: [0,   0],
  // CHECK-NEXT: [0,   0],
  // CHECK-NEXT: [3.75,   7.5],
  // CHECK-NEXT: [4.66667,   9.33333]]
  %set = hag.plan_constant agg_inputs(dense<[0, 1, 2]> : tensor<3xi32>)
      agg_offsets(dense<[0, 3]> : tensor<2xi64>)
      levels(dense<[0, 1]> : tensor<2xi32>)
      list_offsets(dense<[0, 0, 0, 0, 0, 2, 3]> : tensor<7xi64>)
      list_indices(dense<[6, 3, 6]> : tensor<3xi32>) : !hag.plan<set, 6>
  %mean = hag.plan_aggregate mean %set, %x
      : !hag.plan<set, 6>, tensor<6x2xf32> -> tensor<6x2xf32>
  call @print(%mean) : (tensor<6x2xf32>) -> ()

  // A wide node of the second level reading one of the first: 7 = (6, 3, 4),
  // max over [0, 1, 2, 3, 4] for node 5 whose list is [7].
  // CHECK: {{\[}}[0,   0],
  // CHECK-NEXT: [0,   0],
  // CHECK-NEXT: [0,   0],
  // CHECK-NEXT: [0,   0],
  // CHECK-NEXT: [8,   16],
  // CHECK-NEXT: [100,   100]]
  %deep = hag.plan_constant agg_inputs(dense<[0, 1, 2, 6, 3, 4]> : tensor<6xi32>)
      agg_offsets(dense<[0, 3, 6]> : tensor<3xi64>)
      levels(dense<[0, 1, 2]> : tensor<3xi32>)
      list_offsets(dense<[0, 0, 0, 0, 0, 2, 3]> : tensor<7xi64>)
      list_indices(dense<[6, 3, 7]> : tensor<3xi32>) : !hag.plan<set, 6>
  %max = hag.plan_aggregate max %deep, %x
      : !hag.plan<set, 6>, tensor<6x2xf32> -> tensor<6x2xf32>
  call @print(%max) : (tensor<6x2xf32>) -> ()
  return
}
