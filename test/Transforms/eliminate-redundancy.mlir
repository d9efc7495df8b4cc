// RUN: hag-opt %s -split-input-file -hag-eliminate-redundancy='force=true verify=true capacity=unlimited' | FileCheck %s
// RUN: hag-opt %s -split-input-file -hag-eliminate-redundancy=tile-nodes=0 -verify-diagnostics | FileCheck %s --check-prefix=COST
// RUN: hag-opt %s -split-input-file -hag-eliminate-redundancy='force=true threshold=2' | FileCheck %s --check-prefix=T2
// RUN: hag-opt %s -split-input-file -hag-eliminate-redundancy=tile-nodes=0 -o /dev/null 2>&1 | FileCheck %s --check-prefix=MARGIN

// Nodes 6, 7, 8 aggregate {0, 1, 2} plus one input of their own: the search
// adds one aggregation node of three inputs (the cpu target's default
// max-inputs is 8; in pairs it would be 9 = (0, 1) or similar and 10
// covering the triple), every list reads the triple's node instead of three
// rows. Both
// aggregates over the graph share one plan. On a graph this small the
// levels cost more than the rows saved, so the cost model keeps a level-by-level
// plan (tile-nodes=0) plain.
// CHECK-LABEL: func.func @planted_triple
// CHECK: %[[P:.*]] = hag.plan_constant
// CHECK-SAME: list_offsets(dense<[0, 0, 0, 0, 0, 0, 0, 2, 4, 6]> : tensor<10xi64>)
// CHECK-SAME: : !hag.plan<set, 9>
// CHECK-NOT: hag.plan_constant
// CHECK: hag.plan_aggregate sum %[[P]], %{{.*}} normalization(symmetric) self_loops
// CHECK: hag.plan_aggregate max %[[P]]
// CHECK-NOT: hag.aggregate
// The remark says what the prediction had to beat: a HAG must be predicted
// 5% faster than plain (kRequiredGain).
// MARGIN: remark: kept plain: on cpu the best HAG (capacity |V|/8, 12 -> 9 edge reads) is predicted at {{[0-9.e+-]+}} us against {{[0-9.e+-]+}} us plain (a HAG must be predicted 5% faster)
// COST-LABEL: func.func @planted_triple
// COST-NOT: hag.plan_constant
// COST: hag.aggregate sum
func.func @planted_triple(%x: tensor<9x64xf32>) -> (tensor<9x64xf32>, tensor<9x64xf32>) {
  %g = hag.graph_constant
      offsets(dense<[0, 0, 0, 0, 0, 0, 0, 4, 8, 12]> : tensor<10xi64>)
      indices(dense<[0, 1, 2, 3, 0, 1, 2, 4, 0, 1, 2, 5]> : tensor<12xi32>)
      : !hag.graph<9>
  // expected-remark@+1 {{kept plain: on cpu the best HAG (capacity |V|/8, 12 -> 9 edge reads) is predicted at}}
  %a = hag.aggregate sum %g, %x normalization(symmetric) self_loops
      : !hag.graph<9>, tensor<9x64xf32> -> tensor<9x64xf32>
  // expected-remark@+1 {{kept plain}}
  %b = hag.aggregate max %g, %x : !hag.graph<9>, tensor<9x64xf32> -> tensor<9x64xf32>
  return %a, %b : tensor<9x64xf32>, tensor<9x64xf32>
}

// -----

// The set and the sequential aggregations of one graph get one plan each;
// the sequential plan shares prefixes only (here [0, 1, 2] of all three).
// CHECK-LABEL: func.func @two_classes
// CHECK-DAG: %[[SEQ:.*]] = hag.plan_constant {{.*}} : !hag.plan<sequential, 9>
// CHECK-DAG: %[[SET:.*]] = hag.plan_constant {{.*}} : !hag.plan<set, 9>
// CHECK-DAG: hag.plan_aggregate custom %[[SEQ]], %{{.*}} combiner
// CHECK-DAG: hag.plan_aggregate custom %[[SET]], %{{.*}} commutative combiner
func.func @two_classes(%x: tensor<9x4xf32>) -> (tensor<9x4xf32>, tensor<9x4xf32>) {
  %g = hag.graph_constant
      offsets(dense<[0, 0, 0, 0, 0, 0, 0, 4, 8, 12]> : tensor<10xi64>)
      indices(dense<[0, 1, 2, 3, 0, 1, 2, 4, 0, 1, 2, 5]> : tensor<12xi32>)
      : !hag.graph<9>
  // expected-remark@+1 {{kept plain}}
  %a = hag.aggregate custom %g, %x combiner {
  ^bb0(%acc: f32, %next: f32):
    %d = arith.subf %acc, %next : f32
    hag.yield %d : f32
  } : !hag.graph<9>, tensor<9x4xf32> -> tensor<9x4xf32>
  // expected-remark@+1 {{kept plain}}
  %b = hag.aggregate custom %g, %x commutative combiner {
  ^bb0(%acc: f32, %next: f32):
    %s = arith.addf %acc, %next : f32
    hag.yield %s : f32
  } : !hag.graph<9>, tensor<9x4xf32> -> tensor<9x4xf32>
  return %a, %b : tensor<9x4xf32>, tensor<9x4xf32>
}

// -----

// A pair shared by only two lists saves no edge read: threshold 3 (default)
// finds no HAG at all, threshold 2 merges it.
// CHECK-LABEL: func.func @pair_shared_by_two
// CHECK-NOT: hag.plan_constant
// CHECK: hag.aggregate sum
// T2-LABEL: func.func @pair_shared_by_two
// T2: hag.plan_constant agg_inputs(dense<{{\[\[}}0, 1]]> : tensor<1x2xi32>)
func.func @pair_shared_by_two(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %g = hag.graph_constant offsets(dense<[0, 0, 0, 2, 4]> : tensor<5xi64>)
      indices(dense<[0, 1, 0, 1]> : tensor<4xi32>) : !hag.graph<4>
  // expected-remark@+1 {{kept plain: no inputs are shared by 3 or more lists, so a HAG saves nothing}}
  %y = hag.aggregate sum %g, %x : !hag.graph<4>, tensor<4x8xf32> -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

// A graph known only at run time is left alone, with the reason.
// CHECK-LABEL: func.func @runtime_graph
// CHECK: hag.aggregate sum
func.func @runtime_graph(%g: !hag.graph<?>, %x: tensor<?x8xf32>) -> tensor<?x8xf32> {
  // expected-remark@+1 {{kept plain: the graph is not a compile-time constant (a run-time graph needs hag.build_plan)}}
  %y = hag.aggregate sum %g, %x : !hag.graph<?>, tensor<?x8xf32> -> tensor<?x8xf32>
  return %y : tensor<?x8xf32>
}
