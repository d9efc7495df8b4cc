// REQUIRES: openmp-runtime
// Plain aggregation, compiled and run:
// RUN: hag-opt %s -hag-lower-to-cpu | %mlir_runner -e main -entry-point-result=void %runner_libs | FileCheck %s
// The same through a HAG (forced, every pair shared by 2 lists merged):
// the numbers must not change.
// RUN: hag-opt %s -hag-eliminate-redundancy='force=true capacity=unlimited threshold=2 verify=true' \
// RUN:   | FileCheck %s --check-prefix=PLAN
// RUN: hag-opt %s -hag-eliminate-redundancy='force=true capacity=unlimited threshold=2' -hag-lower-to-cpu \
// RUN:   | %mlir_runner -e main -entry-point-result=void %runner_libs | FileCheck %s
// The tiled plan with its tile in steps of 4 nodes (forced at this width).
// RUN: hag-opt %s -hag-eliminate-redundancy='force=true capacity=unlimited threshold=2' -hag-lower-to-cpu='kernels=step-min-width=1' \
// RUN:   | %mlir_runner -e main -entry-point-result=void %runner_libs | FileCheck %s
// The default plan is tiled (one tile here); the level-by-level kernel of a
// whole-graph plan (tile-nodes=0) gives the same numbers.
// RUN: hag-opt %s -hag-eliminate-redundancy='force=true capacity=unlimited threshold=2 tile-nodes=0' -hag-lower-to-cpu \
// RUN:   | %mlir_runner -e main -entry-point-result=void %runner_libs | FileCheck %s
// Sequential loops instead of OpenMP threads give the same numbers too.
// RUN: hag-opt %s -hag-lower-to-cpu='openmp=false' | %mlir_runner -e main -entry-point-result=void %runner_libs | FileCheck %s
// The CUDA kernels (convert-hag-to-gpu), their threads run as host loops,
// plain and through a level-by-level plan, with rows split into hub segments:
// RUN: hag-opt %s -convert-hag-to-gpu='emulate=true hub-edges=2' -hag-lower-to-cpu \
// RUN:   | %mlir_runner -e main -entry-point-result=void %runner_libs | FileCheck %s
// RUN: hag-opt %s -hag-eliminate-redundancy='force=true capacity=unlimited threshold=2 target=cuda' \
// RUN:   -convert-hag-to-gpu='emulate=true hub-edges=2' -hag-lower-to-cpu \
// RUN:   | %mlir_runner -e main -entry-point-result=void %runner_libs | FileCheck %s

// The graph: N(0) = {1, 2}, N(1) = {0}, N(2) = {0, 1, 3}, N(3) = {},
// N(4) = {0, 1, 2}. {1, 2} is shared by two lists (and {0, 1} too until
// {1, 2} is merged): the plan has one aggregation node.
// PLAN: hag.plan_constant agg_inputs(dense<{{\[\[}}1, 2]]> : tensor<1x2xi32>)
// PLAN-COUNT-7: hag.plan_aggregate

// Features: x0 = [1 2 3], x1 = [10 20 30], x2 = [100 200 300],
// x3 = [-1 -2 -3], x4 = [7 7 7] (x4 is nobody's input).

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

  // CHECK: {{\[}}[110,   220,   330],
  // CHECK-NEXT: [1,   2,   3],
  // CHECK-NEXT: [10,   20,   30],
  // CHECK-NEXT: [0,   0,   0],
  // CHECK-NEXT: [111,   222,   333]]
  %sum = hag.aggregate sum %g, %x : !hag.graph<5>, tensor<5x3xf32> -> tensor<5x3xf32>
  call @print(%sum) : (tensor<5x3xf32>) -> ()

  // An isolated node gets zeros, not -inf.
  // CHECK: {{\[}}[100,   200,   300],
  // CHECK-NEXT: [1,   2,   3],
  // CHECK-NEXT: [10,   20,   30],
  // CHECK-NEXT: [0,   0,   0],
  // CHECK-NEXT: [100,   200,   300]]
  %max = hag.aggregate max %g, %x : !hag.graph<5>, tensor<5x3xf32> -> tensor<5x3xf32>
  call @print(%max) : (tensor<5x3xf32>) -> ()

  // CHECK: {{\[}}[10,   20,   30],
  // CHECK-NEXT: [1,   2,   3],
  // CHECK-NEXT: [-1,   -2,   -3],
  // CHECK-NEXT: [0,   0,   0],
  // CHECK-NEXT: [1,   2,   3]]
  %min = hag.aggregate min %g, %x : !hag.graph<5>, tensor<5x3xf32> -> tensor<5x3xf32>
  call @print(%min) : (tensor<5x3xf32>) -> ()

  // CHECK: {{\[}}[55,   110,   165],
  // CHECK-NEXT: [1,   2,   3],
  // CHECK-NEXT: [3.33333,   6.66667,   10],
  // CHECK-NEXT: [0,   0,   0],
  // CHECK-NEXT: [37,   74,   111]]
  %mean = hag.aggregate mean %g, %x : !hag.graph<5>, tensor<5x3xf32> -> tensor<5x3xf32>
  call @print(%mean) : (tensor<5x3xf32>) -> ()

  // With self-loops each node adds its own row.
  // CHECK: {{\[}}[111,   222,   333],
  // CHECK-NEXT: [11,   22,   33],
  // CHECK-NEXT: [110,   220,   330],
  // CHECK-NEXT: [-1,   -2,   -3],
  // CHECK-NEXT: [118,   229,   340]]
  %self = hag.aggregate sum %g, %x self_loops : !hag.graph<5>, tensor<5x3xf32> -> tensor<5x3xf32>
  call @print(%self) : (tensor<5x3xf32>) -> ()

  // Row normalisation with self-loops: the mean over N(v) and v.
  // CHECK: {{\[}}[37,   74,   111],
  // CHECK-NEXT: [5.5,   11,   16.5],
  // CHECK-NEXT: [27.5,   55,   82.5],
  // CHECK-NEXT: [-1,   -2,   -3],
  // CHECK-NEXT: [29.5,   57.25,   85]]
  %row = hag.aggregate sum %g, %x normalization(row) self_loops
      : !hag.graph<5>, tensor<5x3xf32> -> tensor<5x3xf32>
  call @print(%row) : (tensor<5x3xf32>) -> ()

  // GCN: D^-1/2 (A + I) D^-1/2 with deg = |N(v)| + 1 = [3, 2, 4, 1, 4];
  // e.g. node 1: (x0 / sqrt 3 + x1 / sqrt 2) / sqrt 2 =
  // [0.408248 + 5, 0.816497 + 10, 1.224745 + 15] = [5.40825 10.8165 16.2247].
  // CHECK: {{\[}}[33.2833,   66.5667,   99.85],
  // CHECK-NEXT: [5.40825,   10.8165,   16.2247],
  // CHECK-NEXT: [28.3242,   56.6484,   84.9726],
  // CHECK-NEXT: [-1,   -2,   -3],
  // CHECK-NEXT: [30.5742,   59.3984,   88.2226]]
  %gcn = hag.aggregate sum %g, %x normalization(symmetric) self_loops
      : !hag.graph<5>, tensor<5x3xf32> -> tensor<5x3xf32>
  call @print(%gcn) : (tensor<5x3xf32>) -> ()

  // The same normalization without self-loops, over the graph as run-time
  // tensors: the kernel computes deg(u)^-1/2 for all 5 nodes first (8 per
  // step, the last step masked). deg = [2, 1, 3, 0, 3]; node 3 has no
  // inputs, so its scale is 0 and x3 adds nothing to node 2: node 2 =
  // (x0 / sqrt 2 + x1) / sqrt 3 = [6.18175 12.3635 18.5453]; node 3 gets
  // zeros.
  // CHECK: {{\[}}[47.8959,   95.7918,   143.688],
  // CHECK-NEXT: [0.707107,   1.41421,   2.12132],
  // CHECK-NEXT: [6.18175,   12.3635,   18.5453],
  // CHECK-NEXT: [0,   0,   0],
  // CHECK-NEXT: [39.5151,   79.0302,   118.545]]
  %offsets = arith.constant dense<[0, 2, 3, 6, 6, 9]> : tensor<6xi64>
  %indices = arith.constant dense<[1, 2, 0, 0, 1, 3, 0, 1, 2]> : tensor<9xi32>
  %gt = hag.graph_from_tensors %offsets, %indices
      : tensor<6xi64>, tensor<9xi32> -> !hag.graph<5>
  %gcnt = hag.aggregate sum %gt, %x normalization(symmetric)
      : !hag.graph<5>, tensor<5x3xf32> -> tensor<5x3xf32>
  call @print(%gcnt) : (tensor<5x3xf32>) -> ()

  // A width known only at run time (the GPU kernels then loop over
  // single-element chunks): the same sums.
  // CHECK: {{\[}}[110,   220,   330],
  // CHECK-NEXT: [1,   2,   3],
  // CHECK-NEXT: [10,   20,   30],
  // CHECK-NEXT: [0,   0,   0],
  // CHECK-NEXT: [111,   222,   333]]
  %xd = tensor.cast %x : tensor<5x3xf32> to tensor<5x?xf32>
  %sumd = hag.aggregate sum %g, %xd : !hag.graph<5>, tensor<5x?xf32> -> tensor<5x?xf32>
  %sums = tensor.cast %sumd : tensor<5x?xf32> to tensor<5x3xf32>
  call @print(%sums) : (tensor<5x3xf32>) -> ()
  return
}
