// REQUIRES: openmp-runtime
// A tiled plan whose first tile has no aggregation node: its chunk runs its
// rows as the plain kernel does (convert-hag-to-scf's branch for chunks
// without aggregation nodes), the second tile's chunk reads aggregation node
// 5 = (0, 1) from its scratch row. For a sum and for a custom combiner,
// whose fold must start from a list's first row (it has no identity: node 1
// reads only the negative x3, which a fold from 0 would turn into zeros).
// RUN: hag-opt %s -hag-lower-to-cpu | %mlir_runner -e main -entry-point-result=void %runner_libs | FileCheck %s
// RUN: hag-opt %s -convert-hag-to-scf | FileCheck %s --check-prefix=BRANCH

// The graph: N(0) = [1, 2], N(1) = [3], N(2) = [0, 1, 3], N(3) = [],
// N(4) = [0, 1, 2]. Tiles {0, 1} (no aggregation node) and {2, 3, 4}, whose
// nodes 2 and 4 read node 5 = x0 + x1 (or max(x0, x1)).
// BRANCH-COUNT-2: scf.if %{{.*}} -> (tensor<?x3xf32>) {

func.func private @printMemrefF32(tensor<*xf32>)

func.func @print(%t: tensor<5x3xf32>) {
  %u = tensor.cast %t : tensor<5x3xf32> to tensor<*xf32>
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}

func.func @main() {
  %x = arith.constant dense<[[1.0, 2.0, 3.0], [10.0, 20.0, 30.0],
      [100.0, 200.0, 300.0], [-1.0, -2.0, -3.0], [7.0, 7.0, 7.0]]> : tensor<5x3xf32>
  %p = hag.plan_constant agg_inputs(dense<[[0, 1]]> : tensor<1x2xi32>)
      levels(dense<[0, 1]> : tensor<2xi32>)
      list_offsets(dense<[0, 2, 3, 5, 5, 7]> : tensor<6xi64>)
      list_indices(dense<[1, 2, 3, 5, 3, 5, 2]> : tensor<7xi32>)
      tiles(dense<[[0, 0], [2, 0], [5, 1]]> : tensor<3x2xi32>) : !hag.plan<set, 5>

  // CHECK: {{\[}}[110,   220,   330],
  // CHECK-NEXT: [-1,   -2,   -3],
  // CHECK-NEXT: [10,   20,   30],
  // CHECK-NEXT: [0,   0,   0],
  // CHECK-NEXT: [111,   222,   333]]
  %sum = hag.plan_aggregate sum %p, %x : !hag.plan<set, 5>, tensor<5x3xf32> -> tensor<5x3xf32>
  call @print(%sum) : (tensor<5x3xf32>) -> ()

  // CHECK: {{\[}}[100,   200,   300],
  // CHECK-NEXT: [-1,   -2,   -3],
  // CHECK-NEXT: [10,   20,   30],
  // CHECK-NEXT: [0,   0,   0],
  // CHECK-NEXT: [100,   200,   300]]
  %max = hag.plan_aggregate custom %p, %x commutative combiner {
  ^bb0(%acc: f32, %next: f32):
    %m = arith.maximumf %acc, %next : f32
    hag.yield %m : f32
  } : !hag.plan<set, 5>, tensor<5x3xf32> -> tensor<5x3xf32>
  call @print(%max) : (tensor<5x3xf32>) -> ()
  return
}
