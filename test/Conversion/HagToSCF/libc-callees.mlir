// RUN: hag-opt %s -split-input-file -convert-hag-to-scf | FileCheck %s
// RUN: hag-opt %s -split-input-file -hag-lower-to-cpu | FileCheck %s --check-prefix=LLVM

// Proves: the run-time row-count check calls the module's own declarations
// of libc's write() and abort() when it has them, an llvm.func or a
// func.func of the same type, instead of declaring a second symbol of the
// name (which did not verify: "redefinition of symbol named 'abort'").
// CHECK-LABEL: llvm.func @write(i32, !llvm.ptr, i64) -> i64
// CHECK-NOT: llvm.func @write
// CHECK-NOT: llvm.func @abort
// CHECK-LABEL: func.func @own_abort
// CHECK: scf.if
// CHECK: llvm.call @write(
// CHECK: func.call @abort() : () -> ()
// CHECK: scf.forall
// After the whole CPU pipeline there is one of each.
// LLVM-COUNT-1: llvm.func @abort()
// LLVM-NOT: llvm.func @abort()
func.func private @abort()
llvm.func @write(i32, !llvm.ptr, i64) -> i64
func.func @own_abort(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  call @abort() : () -> ()
  %g = hag.graph_constant offsets(dense<[0, 0, 1]> : tensor<3xi64>)
                          indices(dense<[0]> : tensor<1xi32>) : !hag.graph<2>
  %y = hag.aggregate sum %g, %x : !hag.graph<2>, tensor<?x4xf32> -> tensor<?x4xf32>
  return %y : tensor<?x4xf32>
}
