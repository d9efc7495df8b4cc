// REQUIRES: openmp-runtime
// Proves: hag.graph_from_csr of a CSR matrix known only at run time lowers
// in hag-lower-to-cpu (its positions and coordinates, viewed after the
// sparsifier's bufferization, become the graph's offsets and indices) and
// aggregates over the matrix's pattern, ignoring its values: for the default
// index widths and for 32-bit positions and coordinates (cast to the
// graph's i64 offsets and i32 indices), plain and through a plan the plan
// runtime builds when the program runs (runtime-graphs=plan).
// RUN: hag-opt %s -hag-lower-to-cpu | %mlir_runner -e main -entry-point-result=void %runner_libs | FileCheck %s
// RUN: hag-opt %s -hag-eliminate-redundancy='force=true capacity=unlimited threshold=2 runtime-graphs=plan' -hag-lower-to-cpu \
// RUN:   | %mlir_runner -e main -entry-point-result=void %runner_libs,%plan_runtime | FileCheck %s
// where each aggregation reads a plan built from the matrix's graph:
// RUN: hag-opt %s -hag-eliminate-redundancy='force=true capacity=unlimited threshold=2 runtime-graphs=plan' | FileCheck %s --check-prefix=PLAN
// PLAN-LABEL: func.func @sum_index_widths
// PLAN: %[[G:.*]] = hag.graph_from_csr
// PLAN: %[[P:.*]] = hag.build_plan %[[G]]
// PLAN: hag.plan_aggregate sum %[[P]]
// PLAN-LABEL: func.func @max_32_bit
// PLAN: hag.build_plan
// PLAN: hag.plan_aggregate max
// The lowering, before bufferization:
// RUN: hag-opt %s -convert-hag-to-scf | FileCheck %s --check-prefix=IR
// IR-LABEL: func.func @sum_index_widths
// IR: sparse_tensor.positions %{{.*}} {level = 1 : index}
// IR: sparse_tensor.coordinates %{{.*}} {level = 1 : index}
// IR-NOT: hag.
// IR-LABEL: func.func @max_32_bit

#CSR = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed) }>
#CSR32 = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed), posWidth = 32, crdWidth = 32 }>

func.func private @printMemrefF32(tensor<*xf32>)

func.func @sum_index_widths(%adj: tensor<5x5xf32, #CSR>, %x: tensor<5x3xf32>) -> tensor<5x3xf32> {
  %g = hag.graph_from_csr %adj : tensor<5x5xf32, #CSR> -> !hag.graph<5>
  %y = hag.aggregate sum %g, %x : !hag.graph<5>, tensor<5x3xf32> -> tensor<5x3xf32>
  return %y : tensor<5x3xf32>
}

func.func @max_32_bit(%adj: tensor<5x5xf32, #CSR32>, %x: tensor<5x3xf32>) -> tensor<5x3xf32> {
  %g = hag.graph_from_csr %adj : tensor<5x5xf32, #CSR32> -> !hag.graph<5>
  %y = hag.aggregate max %g, %x : !hag.graph<5>, tensor<5x3xf32> -> tensor<5x3xf32>
  return %y : tensor<5x3xf32>
}

// The pattern: N(0) = {1, 2}, N(1) = {0}, N(2) = {0, 1, 3}, N(3) = {},
// N(4) = {0, 1, 2}; the stored values (2, 3, -1, ...) are not weights.
// Features: x0 = [1 2 3], x1 = [10 20 30], x2 = [100 200 300],
// x3 = [-1 -2 -3], x4 = [7 7 7].
func.func @main() {
  %a = arith.constant sparse<[[0, 1], [0, 2], [1, 0], [2, 0], [2, 1], [2, 3], [4, 0], [4, 1], [4, 2]],
                             [2.0, 3.0, -1.0, 1.0, 5.0, 0.5, 1.0, 1.0, 4.0]> : tensor<5x5xf32>
  %adj = sparse_tensor.convert %a : tensor<5x5xf32> to tensor<5x5xf32, #CSR>
  %adj32 = sparse_tensor.convert %a : tensor<5x5xf32> to tensor<5x5xf32, #CSR32>
  %x = arith.constant dense<[[1.0, 2.0, 3.0], [10.0, 20.0, 30.0], [100.0, 200.0, 300.0],
                             [-1.0, -2.0, -3.0], [7.0, 7.0, 7.0]]> : tensor<5x3xf32>
  %sum = call @sum_index_widths(%adj, %x) : (tensor<5x5xf32, #CSR>, tensor<5x3xf32>) -> tensor<5x3xf32>
  %s = tensor.cast %sum : tensor<5x3xf32> to tensor<*xf32>
  call @printMemrefF32(%s) : (tensor<*xf32>) -> ()
  %max = call @max_32_bit(%adj32, %x) : (tensor<5x5xf32, #CSR32>, tensor<5x3xf32>) -> tensor<5x3xf32>
  %m = tensor.cast %max : tensor<5x3xf32> to tensor<*xf32>
  call @printMemrefF32(%m) : (tensor<*xf32>) -> ()
  return
}

// Sums: y0 = x1 + x2, y1 = x0, y2 = x0 + x1 + x3, y3 = 0, y4 = x0 + x1 + x2.
// CHECK: [110,   220,   330]
// CHECK-NEXT: [1,   2,   3]
// CHECK-NEXT: [10,   20,   30]
// CHECK-NEXT: [0,   0,   0]
// CHECK-NEXT: [111,   222,   333]
// Maxima (an empty list gives 0).
// CHECK: [100,   200,   300]
// CHECK-NEXT: [1,   2,   3]
// CHECK-NEXT: [10,   20,   30]
// CHECK-NEXT: [0,   0,   0]
// CHECK-NEXT: [100,   200,   300]
