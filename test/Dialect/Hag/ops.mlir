// RUN: hag-opt %s -split-input-file | FileCheck %s
// Round trip: every op prints in the form it parses, and re-parses.
// RUN: hag-opt %s -split-input-file | hag-opt -split-input-file | FileCheck %s

// A constant graph: N(1) = {0}, N(2) = {0, 1}.
// CHECK-LABEL: func.func @graph_constant
// CHECK: hag.graph_constant offsets(dense<[0, 0, 1, 3]> : tensor<4xi64>) indices(dense<[0, 0, 1]> : tensor<3xi32>) : !hag.graph<3>
func.func @graph_constant() -> !hag.graph<3> {
  %g = hag.graph_constant offsets(dense<[0, 0, 1, 3]> : tensor<4xi64>)
                          indices(dense<[0, 0, 1]> : tensor<3xi32>) : !hag.graph<3>
  return %g : !hag.graph<3>
}

// -----

// A graph from run-time CSR tensors, static and dynamic node counts.
// CHECK-LABEL: func.func @graph_from_tensors
// CHECK: hag.graph_from_tensors %{{.*}}, %{{.*}} : tensor<?xi64>, tensor<?xi32> -> !hag.graph<?>
// CHECK: hag.graph_from_tensors %{{.*}}, %{{.*}} : tensor<5xi64>, tensor<?xi32> -> !hag.graph<4>
func.func @graph_from_tensors(%o: tensor<?xi64>, %i: tensor<?xi32>,
                              %o4: tensor<5xi64>) -> (!hag.graph<?>, !hag.graph<4>) {
  %g = hag.graph_from_tensors %o, %i : tensor<?xi64>, tensor<?xi32> -> !hag.graph<?>
  %h = hag.graph_from_tensors %o4, %i : tensor<5xi64>, tensor<?xi32> -> !hag.graph<4>
  return %g, %h : !hag.graph<?>, !hag.graph<4>
}

// -----

// A graph from run-time edge arrays (COO), static and dynamic node counts.
// CHECK-LABEL: func.func @graph_from_edges
// CHECK: hag.graph_from_edges %{{.*}}, %{{.*}} nodes(%{{.*}}) : tensor<?xi64>, tensor<?xi64> -> !hag.graph<?>
// CHECK: hag.graph_from_edges %{{.*}}, %{{.*}} nodes(%{{.*}}) : tensor<6xi64>, tensor<6xi64> -> !hag.graph<4>
func.func @graph_from_edges(%s: tensor<?xi64>, %t: tensor<?xi64>, %n: index,
                            %s6: tensor<6xi64>, %t6: tensor<6xi64>) -> (!hag.graph<?>, !hag.graph<4>) {
  %g = hag.graph_from_edges %s, %t nodes(%n) : tensor<?xi64>, tensor<?xi64> -> !hag.graph<?>
  %c4 = arith.constant 4 : index
  %h = hag.graph_from_edges %s6, %t6 nodes(%c4) : tensor<6xi64>, tensor<6xi64> -> !hag.graph<4>
  return %g, %h : !hag.graph<?>, !hag.graph<4>
}

// -----

// The built-in reductions, with and without normalisation and self-loops.
// CHECK-LABEL: func.func @aggregate_builtin
// CHECK: hag.aggregate sum %[[G:.*]], %[[X:.*]] : !hag.graph<4>, tensor<4x8xf32> -> tensor<4x8xf32>
// CHECK: hag.aggregate sum %[[G]], %[[X]] normalization(symmetric) self_loops : !hag.graph<4>, tensor<4x8xf32> -> tensor<4x8xf32>
// CHECK: hag.aggregate mean %[[G]], %[[X]] : !hag.graph<4>, tensor<4x8xf32> -> tensor<4x8xf32>
// CHECK: hag.aggregate max %[[G]], %[[X]] : !hag.graph<4>, tensor<4x8xf32> -> tensor<4x8xf32>
// CHECK: hag.aggregate min %[[G]], %{{.*}} : !hag.graph<4>, tensor<4x?xbf16> -> tensor<4x?xbf16>
func.func @aggregate_builtin(%g: !hag.graph<4>, %x: tensor<4x8xf32>,
                             %y: tensor<4x?xbf16>) {
  %0 = hag.aggregate sum %g, %x : !hag.graph<4>, tensor<4x8xf32> -> tensor<4x8xf32>
  %1 = hag.aggregate sum %g, %x normalization(symmetric) self_loops
      : !hag.graph<4>, tensor<4x8xf32> -> tensor<4x8xf32>
  %2 = hag.aggregate mean %g, %x : !hag.graph<4>, tensor<4x8xf32> -> tensor<4x8xf32>
  %3 = hag.aggregate max %g, %x : !hag.graph<4>, tensor<4x8xf32> -> tensor<4x8xf32>
  %4 = hag.aggregate min %g, %y : !hag.graph<4>, tensor<4x?xbf16> -> tensor<4x?xbf16>
  return
}

// -----

// Custom combiners: commutative (set class) and ordered (sequential class).
// CHECK-LABEL: func.func @aggregate_custom
// CHECK: hag.aggregate custom %{{.*}}, %{{.*}} commutative combiner {
// CHECK: ^bb0(%[[A:.*]]: f16, %[[B:.*]]: f16):
// CHECK:   %[[M:.*]] = arith.maximumf %[[A]], %[[B]] : f16
// CHECK:   hag.yield %[[M]] : f16
// CHECK: } : !hag.graph<?>, tensor<?x4xf16> -> tensor<?x4xf16>
// CHECK: hag.aggregate custom %{{.*}}, %{{.*}} combiner {
// CHECK: arith.subf
func.func @aggregate_custom(%g: !hag.graph<?>, %x: tensor<?x4xf16>) {
  %0 = hag.aggregate custom %g, %x commutative combiner {
  ^bb0(%a: f16, %b: f16):
    %m = arith.maximumf %a, %b : f16
    hag.yield %m : f16
  } : !hag.graph<?>, tensor<?x4xf16> -> tensor<?x4xf16>
  %1 = hag.aggregate custom %g, %x combiner {
  ^bb0(%a: f16, %b: f16):
    %d = arith.subf %a, %b : f16
    hag.yield %d : f16
  } : !hag.graph<?>, tensor<?x4xf16> -> tensor<?x4xf16>
  return
}

// -----

// A constant plan: nodes 3 and 4 aggregate {0, 1, 2} through node 5 = (0, 1).
// CHECK-LABEL: func.func @plan_constant_and_aggregate
// CHECK: %[[P:.*]] = hag.plan_constant agg_inputs(dense<{{\[\[}}0, 1]]> : tensor<1x2xi32>) levels(dense<[0, 1]> : tensor<2xi32>) list_offsets(dense<[0, 0, 0, 0, 2, 4]> : tensor<6xi64>) list_indices(dense<[5, 2, 5, 2]> : tensor<4xi32>) : !hag.plan<set, 5>
// CHECK: hag.plan_aggregate sum %[[P]], %{{.*}} normalization(row) : !hag.plan<set, 5>, tensor<5x16xf32> -> tensor<5x16xf32>
func.func @plan_constant_and_aggregate(%x: tensor<5x16xf32>) -> tensor<5x16xf32> {
  %p = hag.plan_constant agg_inputs(dense<[[0, 1]]> : tensor<1x2xi32>)
      levels(dense<[0, 1]> : tensor<2xi32>)
      list_offsets(dense<[0, 0, 0, 0, 2, 4]> : tensor<6xi64>)
      list_indices(dense<[5, 2, 5, 2]> : tensor<4xi32>) : !hag.plan<set, 5>
  %y = hag.plan_aggregate sum %p, %x normalization(row)
      : !hag.plan<set, 5>, tensor<5x16xf32> -> tensor<5x16xf32>
  return %y : tensor<5x16xf32>
}

// -----

// A plan of wide aggregation nodes (agg_offsets): node 6 = (0, 1, 2) serves
// the lists of nodes 4 and 5.
// CHECK-LABEL: func.func @wide_plan_constant
// CHECK: hag.plan_constant agg_inputs(dense<[0, 1, 2]> : tensor<3xi32>) agg_offsets(dense<[0, 3]> : tensor<2xi64>) levels(dense<[0, 1]> : tensor<2xi32>) list_offsets(dense<[0, 0, 0, 0, 0, 2, 4]> : tensor<7xi64>) list_indices(dense<[6, 3, 6, 3]> : tensor<4xi32>) : !hag.plan<set, 6>
func.func @wide_plan_constant(%x: tensor<6x16xf32>) -> tensor<6x16xf32> {
  %p = hag.plan_constant agg_inputs(dense<[0, 1, 2]> : tensor<3xi32>)
      agg_offsets(dense<[0, 3]> : tensor<2xi64>)
      levels(dense<[0, 1]> : tensor<2xi32>)
      list_offsets(dense<[0, 0, 0, 0, 0, 2, 4]> : tensor<7xi64>)
      list_indices(dense<[6, 3, 6, 3]> : tensor<4xi32>) : !hag.plan<set, 6>
  %y = hag.plan_aggregate sum %p, %x
      : !hag.plan<set, 6>, tensor<6x16xf32> -> tensor<6x16xf32>
  return %y : tensor<6x16xf32>
}

// -----

// A plan from run-time tensors, with and without degrees, and tiled.
// CHECK-LABEL: func.func @plan_from_tensors
// CHECK: %[[P:.*]] = hag.plan_from_tensors %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} degrees %{{.*}} : tensor<?x2xi32>, tensor<?xi32>, tensor<?xi64>, tensor<?xi32>, tensor<?xi64> -> !hag.plan<set, ?>
// CHECK: hag.plan_aggregate mean %[[P]]
// CHECK: hag.plan_from_tensors %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} : tensor<?x2xi32>, tensor<3xi32>, tensor<6xi64>, tensor<?xi32> -> !hag.plan<set, 5>
// CHECK: hag.plan_from_tensors %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} degrees %{{.*}} tiles %{{.*}} : tensor<?x2xi32>, tensor<?xi32>, tensor<?xi64>, tensor<?xi32>, tensor<?xi64> tiles tensor<?x2xi32> -> !hag.plan<set, ?>
func.func @plan_from_tensors(%a: tensor<?x2xi32>, %l: tensor<?xi32>, %o: tensor<?xi64>, %i: tensor<?xi32>, %d: tensor<?xi64>, %x: tensor<?x4xf32>, %l3: tensor<3xi32>, %o6: tensor<6xi64>, %t: tensor<?x2xi32>) -> tensor<?x4xf32> {
  %p = hag.plan_from_tensors %a, %l, %o, %i degrees %d
      : tensor<?x2xi32>, tensor<?xi32>, tensor<?xi64>, tensor<?xi32>, tensor<?xi64> -> !hag.plan<set, ?>
  %y = hag.plan_aggregate mean %p, %x : !hag.plan<set, ?>, tensor<?x4xf32> -> tensor<?x4xf32>
  %q = hag.plan_from_tensors %a, %l3, %o6, %i
      : tensor<?x2xi32>, tensor<3xi32>, tensor<6xi64>, tensor<?xi32> -> !hag.plan<set, 5>
  %r = hag.plan_from_tensors %a, %l, %o, %i degrees %d tiles %t
      : tensor<?x2xi32>, tensor<?xi32>, tensor<?xi64>, tensor<?xi32>, tensor<?xi64> tiles tensor<?x2xi32> -> !hag.plan<set, ?>
  return %y : tensor<?x4xf32>
}

// -----

// Wide nodes (1-D inputs with their offsets), split lists and the parallel
// loop's part bounds, as the plan runtime passes them; pairs may have list
// splits alone.
// CHECK-LABEL: func.func @plan_from_tensors_wide_and_split
// CHECK: hag.plan_from_tensors %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} degrees %{{.*}} tiles %{{.*}} agg_offsets %{{.*}} list_splits %{{.*}} agg_splits %{{.*}} part_bounds %{{.*}} : tensor<?xi32>, tensor<?xi32>, tensor<?xi64>, tensor<?xi32>, tensor<?xi64> tiles tensor<?x2xi32> agg_offsets tensor<?xi64> list_splits tensor<?xi64> agg_splits tensor<?xi64> part_bounds tensor<?xi64> -> !hag.plan<set, ?>
// CHECK: hag.plan_from_tensors %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} list_splits %{{.*}} : tensor<?x2xi32>, tensor<?xi32>, tensor<6xi64>, tensor<?xi32> list_splits tensor<5xi64> -> !hag.plan<sequential, 5>
func.func @plan_from_tensors_wide_and_split(%runs: tensor<?xi32>, %a: tensor<?x2xi32>, %l: tensor<?xi32>, %o: tensor<?xi64>, %i: tensor<?xi32>, %d: tensor<?xi64>, %t: tensor<?x2xi32>, %ao: tensor<?xi64>, %ls: tensor<?xi64>, %as: tensor<?xi64>, %pb: tensor<?xi64>, %o6: tensor<6xi64>, %ls5: tensor<5xi64>) {
  %p = hag.plan_from_tensors %runs, %l, %o, %i degrees %d tiles %t agg_offsets %ao list_splits %ls agg_splits %as part_bounds %pb
      : tensor<?xi32>, tensor<?xi32>, tensor<?xi64>, tensor<?xi32>, tensor<?xi64> tiles tensor<?x2xi32> agg_offsets tensor<?xi64> list_splits tensor<?xi64> agg_splits tensor<?xi64> part_bounds tensor<?xi64> -> !hag.plan<set, ?>
  %q = hag.plan_from_tensors %a, %l, %o6, %i list_splits %ls5
      : tensor<?x2xi32>, tensor<?xi32>, tensor<6xi64>, tensor<?xi32> list_splits tensor<5xi64> -> !hag.plan<sequential, 5>
  return
}

// -----

// A plan built at run time, serving an ordered combiner (sequential plan).
// CHECK-LABEL: func.func @build_plan
// CHECK: %[[P:.*]] = hag.build_plan %{{.*}} {capacity = "unlimited", threshold = 2 : i32} : !hag.graph<?> -> !hag.plan<sequential, ?>
// CHECK: hag.plan_aggregate custom %[[P]]
// CHECK: hag.build_plan %{{.*}} : !hag.graph<?> -> !hag.plan<set, ?>
func.func @build_plan(%g: !hag.graph<?>, %x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %p = hag.build_plan %g {capacity = "unlimited", threshold = 2 : i32}
      : !hag.graph<?> -> !hag.plan<sequential, ?>
  %y = hag.plan_aggregate custom %p, %x combiner {
  ^bb0(%a: f32, %b: f32):
    %d = arith.subf %a, %b : f32
    hag.yield %d : f32
  } : !hag.plan<sequential, ?>, tensor<?x4xf32> -> tensor<?x4xf32>
  %q = hag.build_plan %g : !hag.graph<?> -> !hag.plan<set, ?>
  return %y : tensor<?x4xf32>
}

// -----

// Views of a run-time plan's arrays (what build_plan's lowering reads).
// CHECK-LABEL: func.func @plan_array
// CHECK: hag.plan_array %{{.*}} "list_indices" : memref<?xi32>
// CHECK: hag.plan_array %{{.*}} "agg_inputs" : memref<?x2xi32>
// CHECK: hag.plan_array %{{.*}} "degrees" : memref<?xi64>
func.func @plan_array(%plan: i64) {
  %a = hag.plan_array %plan "list_indices" : memref<?xi32>
  %b = hag.plan_array %plan "agg_inputs" : memref<?x2xi32>
  %c = hag.plan_array %plan "degrees" : memref<?xi64>
  return
}

// -----

// Wide nodes: max_inputs prints when it is not the default 2.
// CHECK-LABEL: func.func @build_plan_max_inputs
// CHECK: hag.build_plan %{{.*}} {max_inputs = 8 : i32, tile_nodes = 32 : i32} : !hag.graph<?> -> !hag.plan<set, ?>
// CHECK: hag.build_plan %{{.*}} : !hag.graph<?> -> !hag.plan<set, ?>
func.func @build_plan_max_inputs(%g: !hag.graph<?>) {
  %p = hag.build_plan %g {max_inputs = 8 : i32, tile_nodes = 32 : i32} : !hag.graph<?> -> !hag.plan<set, ?>
  %q = hag.build_plan %g {max_inputs = 2 : i32} : !hag.graph<?> -> !hag.plan<set, ?>
  return
}
