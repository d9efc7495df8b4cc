// REQUIRES: openmp-runtime
// A two-level HAG over f16 rows of 10 elements (the vector tail is masked)
// and of a dynamic width, against the plain aggregation of the same graph.
// RUN: hag-opt %s -hag-lower-to-cpu | %mlir_runner -e main -entry-point-result=void %runner_libs | FileCheck %s
// RUN: hag-opt %s -hag-eliminate-redundancy='force=true capacity=unlimited max-inputs=2 verify=true tile-nodes=0' | FileCheck %s --check-prefix=PLAN
// RUN: hag-opt %s -hag-eliminate-redundancy='force=true capacity=unlimited max-inputs=2 tile-nodes=0' -hag-lower-to-cpu \
// RUN:   | %mlir_runner -e main -entry-point-result=void %runner_libs | FileCheck %s
// The tiled kernel (one tile here: its two nodes computed in order into the
// scratch rows) gives the same numbers.
// RUN: hag-opt %s -hag-eliminate-redundancy='force=true capacity=unlimited max-inputs=2 verify=true' | FileCheck %s --check-prefix=TILED
// RUN: hag-opt %s -hag-eliminate-redundancy='force=true capacity=unlimited max-inputs=2' -hag-lower-to-cpu \
// RUN:   | %mlir_runner -e main -entry-point-result=void %runner_libs | FileCheck %s
// The CUDA kernels on f16 rows, emulated on the host:
// RUN: hag-opt %s -hag-eliminate-redundancy='force=true capacity=unlimited target=cuda' \
// RUN:   -convert-hag-to-gpu='emulate=true hub-edges=2' -hag-lower-to-cpu \
// RUN:   | %mlir_runner -e main -entry-point-result=void %runner_libs | FileCheck %s

// Nodes 6, 7, 8 aggregate {0, 1, 2} and one input each: two aggregation
// nodes in two levels, read by all three lists.
// PLAN: hag.plan_constant {{.*}} levels(dense<[0, 1, 2]> : tensor<3xi32>)
// PLAN-NOT: tiles
// By default the cpu target searches nodes of up to 8 inputs
// (hag::defaultMaxInputs), so {0, 1, 2} is one wide node in one level, and
// cuda gets its two-input form in two levels:
// RUN: hag-opt %s -hag-eliminate-redundancy='force=true capacity=unlimited verify=true tile-nodes=0' | FileCheck %s --check-prefix=DEFAULT-CPU
// DEFAULT-CPU: hag.plan_constant agg_inputs(dense<[0, 1, 2]> : tensor<3xi32>) agg_offsets(dense<[0, 3]> : tensor<2xi64>) levels(dense<[0, 1]> : tensor<2xi32>)
// RUN: hag-opt %s -hag-eliminate-redundancy='force=true capacity=unlimited verify=true target=cuda' | FileCheck %s --check-prefix=DEFAULT-CUDA
// DEFAULT-CUDA: hag.plan_constant agg_inputs(dense<{{\[\[}}1, 2], [0, 9]]> : tensor<2x2xi32>) levels(dense<[0, 1, 2]> : tensor<3xi32>)
// RUN: hag-opt %s -hag-eliminate-redundancy='force=true capacity=unlimited' -hag-lower-to-cpu \
// RUN:   | %mlir_runner -e main -entry-point-result=void %runner_libs | FileCheck %s
// TILED: hag.plan_constant {{.*}} levels(dense<[0, 2]> : tensor<2xi32>) {{.*}} tiles(dense<{{\[\[}}0, 0], [9, 2]]> : tensor<2x2xi32>)

func.func private @printMemrefF16(tensor<*xf16>) attributes { llvm.emit_c_interface }

func.func @main() {
  // Row i is i + 0.5 * column.
  %x = arith.constant dense<[
      [0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5],
      [1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0, 5.5],
      [2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0, 5.5, 6.0, 6.5],
      [3.0, 3.5, 4.0, 4.5, 5.0, 5.5, 6.0, 6.5, 7.0, 7.5],
      [4.0, 4.5, 5.0, 5.5, 6.0, 6.5, 7.0, 7.5, 8.0, 8.5],
      [5.0, 5.5, 6.0, 6.5, 7.0, 7.5, 8.0, 8.5, 9.0, 9.5],
      [6.0, 6.5, 7.0, 7.5, 8.0, 8.5, 9.0, 9.5, 10.0, 10.5],
      [7.0, 7.5, 8.0, 8.5, 9.0, 9.5, 10.0, 10.5, 11.0, 11.5],
      [8.0, 8.5, 9.0, 9.5, 10.0, 10.5, 11.0, 11.5, 12.0, 12.5]]> : tensor<9x10xf16>
  %g = hag.graph_constant
      offsets(dense<[0, 0, 0, 0, 0, 0, 0, 4, 8, 12]> : tensor<10xi64>)
      indices(dense<[0, 1, 2, 3, 0, 1, 2, 4, 0, 1, 2, 5]> : tensor<12xi32>)
      : !hag.graph<9>

  // Row 6 = x0 + x1 + x2 + x3 = 6 + 2 * column.
  // CHECK: [0,   0,   0,   0,   0,   0,   0,   0,   0,   0],
  // CHECK: [6,   8,   10,   12,   14,   16,   18,   20,   22,   24],
  // CHECK-NEXT: [7,   9,   11,   13,   15,   17,   19,   21,   23,   25],
  // CHECK-NEXT: [8,   10,   12,   14,   16,   18,   20,   22,   24,   26]]
  %y = hag.aggregate sum %g, %x : !hag.graph<9>, tensor<9x10xf16> -> tensor<9x10xf16>
  %u = tensor.cast %y : tensor<9x10xf16> to tensor<*xf16>
  call @printMemrefF16(%u) : (tensor<*xf16>) -> ()

  // The same rows with a width known only at run time; max this time.
  // CHECK: [3,   3.5,   4,   4.5,   5,   5.5,   6,   6.5,   7,   7.5],
  // CHECK-NEXT: [4,   4.5,   5,   5.5,   6,   6.5,   7,   7.5,   8,   8.5],
  // CHECK-NEXT: [5,   5.5,   6,   6.5,   7,   7.5,   8,   8.5,   9,   9.5]]
  %xd = tensor.cast %x : tensor<9x10xf16> to tensor<9x?xf16>
  %m = hag.aggregate max %g, %xd : !hag.graph<9>, tensor<9x?xf16> -> tensor<9x?xf16>
  %v = tensor.cast %m : tensor<9x?xf16> to tensor<*xf16>
  call @printMemrefF16(%v) : (tensor<*xf16>) -> ()
  return
}
