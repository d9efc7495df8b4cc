// RUN: hag-opt %s -split-input-file -canonicalize | FileCheck %s

// build_plan of a constant graph runs the search at compile time and becomes
// a constant plan: nodes 6, 7, 8 share {0, 1, 2}, so two aggregation nodes.
// CHECK-LABEL: func.func @build_plan_of_constant_graph
// CHECK-NOT: hag.build_plan
// CHECK: %[[P:.*]] = hag.plan_constant agg_inputs({{.*}} : tensor<2x2xi32>) levels(dense<[0, 1, 2]> : tensor<3xi32>)
// CHECK-SAME: : !hag.plan<set, 9>
// CHECK: hag.plan_aggregate sum %[[P]]
func.func @build_plan_of_constant_graph(%x: tensor<9x4xf32>) -> tensor<9x4xf32> {
  %g = hag.graph_constant
      offsets(dense<[0, 0, 0, 0, 0, 0, 0, 4, 8, 12]> : tensor<10xi64>)
      indices(dense<[0, 1, 2, 3, 0, 1, 2, 4, 0, 1, 2, 5]> : tensor<12xi32>)
      : !hag.graph<9>
  %p = hag.build_plan %g {capacity = "unlimited"} : !hag.graph<9> -> !hag.plan<set, 9>
  %y = hag.plan_aggregate sum %p, %x : !hag.plan<set, 9>, tensor<9x4xf32> -> tensor<9x4xf32>
  return %y : tensor<9x4xf32>
}

// -----

// A sequential plan of the same graph shares the prefix [0, 1, 2].
// CHECK-LABEL: func.func @build_sequential_plan_of_constant_graph
// CHECK: hag.plan_constant agg_inputs(dense<{{\[\[}}0, 1], [9, 2]]> : tensor<2x2xi32>)
// CHECK-SAME: list_indices(dense<[10, 3, 10, 4, 10, 5]> : tensor<6xi32>) : !hag.plan<sequential, 9>
func.func @build_sequential_plan_of_constant_graph() -> !hag.plan<sequential, 9> {
  %g = hag.graph_constant
      offsets(dense<[0, 0, 0, 0, 0, 0, 0, 4, 8, 12]> : tensor<10xi64>)
      indices(dense<[0, 1, 2, 3, 0, 1, 2, 4, 0, 1, 2, 5]> : tensor<12xi32>)
      : !hag.graph<9>
  %p = hag.build_plan %g {capacity = "unlimited"} : !hag.graph<9> -> !hag.plan<sequential, 9>
  return %p : !hag.plan<sequential, 9>
}

// -----

// max_inputs: the search may make wide nodes, and the constant keeps them
// (agg_offsets); here one node of the three shared inputs.
// CHECK-LABEL: func.func @build_wide_plan_of_constant_graph
// CHECK: hag.plan_constant agg_inputs(dense<[0, 1, 2]> : tensor<3xi32>) agg_offsets(dense<[0, 3]> : tensor<2xi64>)
// CHECK-SAME: list_indices(dense<[3, 9, 4, 9, 5, 9]> : tensor<6xi32>)
func.func @build_wide_plan_of_constant_graph() -> !hag.plan<set, 9> {
  %g = hag.graph_constant
      offsets(dense<[0, 0, 0, 0, 0, 0, 0, 4, 8, 12]> : tensor<10xi64>)
      indices(dense<[0, 1, 2, 3, 0, 1, 2, 4, 0, 1, 2, 5]> : tensor<12xi32>)
      : !hag.graph<9>
  %p = hag.build_plan %g {capacity = "unlimited", max_inputs = 8 : i32} : !hag.graph<9> -> !hag.plan<set, 9>
  return %p : !hag.plan<set, 9>
}

// -----

// A run-time graph keeps its build_plan: the runtime searches.
// CHECK-LABEL: func.func @build_plan_of_runtime_graph
// CHECK: hag.build_plan %{{.*}} : !hag.graph<?> -> !hag.plan<set, ?>
func.func @build_plan_of_runtime_graph(%g: !hag.graph<?>, %x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %p = hag.build_plan %g : !hag.graph<?> -> !hag.plan<set, ?>
  %y = hag.plan_aggregate sum %p, %x : !hag.plan<set, ?>, tensor<?x4xf32> -> tensor<?x4xf32>
  return %y : tensor<?x4xf32>
}
