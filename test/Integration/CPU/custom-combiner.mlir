// REQUIRES: openmp-runtime
// Custom combiners: a commutative one (set class) and an ordered fold
// (sequential class), plain and through the HAG of their class.
// RUN: hag-opt %s -hag-lower-to-cpu | %mlir_runner -e main -entry-point-result=void %runner_libs | FileCheck %s
// RUN: hag-opt %s -hag-eliminate-redundancy='force=true capacity=unlimited threshold=2 verify=true' | FileCheck %s --check-prefix=PLANS
// RUN: hag-opt %s -hag-eliminate-redundancy='force=true capacity=unlimited threshold=2' -hag-lower-to-cpu \
// RUN:   | %mlir_runner -e main -entry-point-result=void %runner_libs | FileCheck %s
// The CUDA kernels, emulated on the host (rows of set aggregations split
// into hub segments; sequential folds are never split):
// RUN: hag-opt %s -convert-hag-to-gpu='emulate=true hub-edges=2' -hag-lower-to-cpu \
// RUN:   | %mlir_runner -e main -entry-point-result=void %runner_libs | FileCheck %s
// RUN: hag-opt %s -hag-eliminate-redundancy='force=true capacity=unlimited threshold=2 target=cuda' \
// RUN:   -convert-hag-to-gpu='emulate=true hub-edges=2' -hag-lower-to-cpu \
// RUN:   | %mlir_runner -e main -entry-point-result=void %runner_libs | FileCheck %s

// The graph of aggregate.mlir: N(0) = [1, 2], N(1) = [0], N(2) = [0, 1, 3],
// N(3) = [], N(4) = [0, 1, 2]. The sequential plan shares the prefix [0, 1]
// of lists 2 and 4; the set plan the pair {1, 2}.
// PLANS-DAG: hag.plan_constant {{.*}} : !hag.plan<sequential, 5>
// PLANS-DAG: hag.plan_constant {{.*}} : !hag.plan<set, 5>

func.func private @printMemrefF32(tensor<*xf32>)

func.func @print(%t: tensor<5x3xf32>) {
  %u = tensor.cast %t : tensor<5x3xf32> to tensor<*xf32>
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}

func.func @main() {
  %x = arith.constant dense<[[1.0, 2.0, 3.0], [10.0, 20.0, 30.0],
      [100.0, 200.0, 300.0], [-1.0, -2.0, -3.0], [7.0, 7.0, 7.0]]> : tensor<5x3xf32>
  %g = hag.graph_constant offsets(dense<[0, 2, 3, 6, 6, 9]> : tensor<6xi64>)
                          indices(dense<[1, 2, 0, 0, 1, 3, 0, 1, 2]> : tensor<9xi32>)
                          : !hag.graph<5>

  // The ordered fold c(a, b) = a / 2 + b: node 2 gets
  // (x0 / 2 + x1) / 2 + x3 = x0 / 4 + x1 / 2 + x3 = [4.25 8.5 12.75].
  // CHECK: {{\[}}[105,   210,   315],
  // CHECK-NEXT: [1,   2,   3],
  // CHECK-NEXT: [4.25,   8.5,   12.75],
  // CHECK-NEXT: [0,   0,   0],
  // CHECK-NEXT: [105.25,   210.5,   315.75]]
  %fold = hag.aggregate custom %g, %x combiner {
  ^bb0(%acc: f32, %next: f32):
    %half = arith.constant 0.5 : f32
    %h = arith.mulf %acc, %half : f32
    %s = arith.addf %h, %next : f32
    hag.yield %s : f32
  } : !hag.graph<5>, tensor<5x3xf32> -> tensor<5x3xf32>
  call @print(%fold) : (tensor<5x3xf32>) -> ()

  // A commutative combiner (max), with self-loops: node 3 has only itself.
  // CHECK: {{\[}}[100,   200,   300],
  // CHECK-NEXT: [10,   20,   30],
  // CHECK-NEXT: [100,   200,   300],
  // CHECK-NEXT: [-1,   -2,   -3],
  // CHECK-NEXT: [100,   200,   300]]
  %max = hag.aggregate custom %g, %x self_loops commutative combiner {
  ^bb0(%acc: f32, %next: f32):
    %m = arith.maximumf %acc, %next : f32
    hag.yield %m : f32
  } : !hag.graph<5>, tensor<5x3xf32> -> tensor<5x3xf32>
  call @print(%max) : (tensor<5x3xf32>) -> ()
  return
}
