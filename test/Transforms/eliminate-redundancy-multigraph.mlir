// RUN: hag-opt %s -hag-eliminate-redundancy -verify-diagnostics | FileCheck %s
// RUN: not hag-opt %s -hag-eliminate-redundancy=force=true 2>&1 | FileCheck %s --check-prefix=FORCE
// RUN: not hag-opt %s -hag-eliminate-redundancy=threshold=1 2>&1 | FileCheck %s --check-prefix=THRESHOLD

// A multigraph (node 0 lists input 0 twice) is valid IR, but the set search
// refuses repeated inputs: its aggregations stay plain with the search's
// reason (before, the pass failed), unless a HAG is demanded (force).
// CHECK-LABEL: func.func @multigraph
// CHECK: hag.aggregate sum
// CHECK-NOT: hag.plan
// FORCE: error: hag-eliminate-redundancy: set aggregation needs duplicate-free input lists, but node 0 lists input 0 twice
// The threshold in the option's error is a number (it was a raw byte).
// THRESHOLD: error: hag-eliminate-redundancy: threshold 1 is below 2
func.func @multigraph(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %g = hag.graph_constant offsets(dense<[0, 4, 8, 12, 16]> : tensor<5xi64>)
      indices(dense<[0, 0, 1, 1, 1, 1, 0, 0, 2, 2, 1, 1, 0, 0, 1, 1]> : tensor<16xi32>) : !hag.graph<4>
  // expected-remark@+1 {{kept plain: no HAG can be searched for this graph: set aggregation needs duplicate-free input lists, but node 0 lists input 0 twice}}
  %a = hag.aggregate sum %g, %x : !hag.graph<4>, tensor<4x8xf32> -> tensor<4x8xf32>
  return %a : tensor<4x8xf32>
}
