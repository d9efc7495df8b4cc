// RUN: hag-opt %s -hag-lower-to-cpu | FileCheck %s
// RUN: hag-opt %s -hag-lower-to-cpu='openmp=false' | FileCheck %s --check-prefix=SEQ
// The pipeline hands its kernel options to convert-hag-to-scf, and fails
// on one the pass does not have.
// RUN: hag-opt %s -hag-lower-to-cpu='kernels={step-min-width=64 step-max-width=128}' -dump-pass-pipeline -o /dev/null 2>&1 | FileCheck %s --check-prefix=STEP-WIDTHS
// STEP-WIDTHS: convert-hag-to-scf{step-max-width=128 step-min-width=64}
// RUN: not hag-opt %s -hag-lower-to-cpu='kernels=step-width=64' -o /dev/null 2>&1 | FileCheck %s --check-prefix=BAD-KERNELS
// BAD-KERNELS: error: convert-hag-to-scf: cannot take the options 'step-width=64': <Pass-Options-Parser>: no such option step-width{{$}}
// A value that does not parse: llvm::cl says why, then one error names the
// pass and its options (it used to be an empty "error:").
// RUN: not hag-opt %s -hag-lower-to-cpu='kernels={step-min-width=abc}' -o /dev/null 2>&1 | FileCheck %s --check-prefix=BAD-VALUE
// BAD-VALUE: for the --step-min-width option: 'abc' value invalid
// BAD-VALUE-NEXT: error: convert-hag-to-scf: cannot take the options 'step-min-width=abc'{{$}}

// The whole module, hag ops and the tensor code around them, ends in the
// LLVM dialect: the node loop as an OpenMP parallel loop, no hag, scf,
// tensor, vector or memref op left.
// CHECK-LABEL: llvm.func @gcn_layer
// CHECK: omp.parallel
// CHECK: omp.wsloop
// CHECK-NOT: hag.
// CHECK-NOT: scf.
// CHECK-NOT: tensor.
// CHECK-NOT: vector.transfer
// SEQ-LABEL: llvm.func @gcn_layer
// SEQ-NOT: omp.
func.func @gcn_layer(%x: tensor<4x32xf32>) -> tensor<4x32xf32> {
  %g = hag.graph_constant offsets(dense<[0, 2, 3, 4, 4]> : tensor<5xi64>)
                          indices(dense<[1, 2, 0, 0]> : tensor<4xi32>) : !hag.graph<4>
  %y = hag.aggregate sum %g, %x normalization(symmetric) self_loops
      : !hag.graph<4>, tensor<4x32xf32> -> tensor<4x32xf32>
  return %y : tensor<4x32xf32>
}
