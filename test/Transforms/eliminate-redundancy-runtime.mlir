// RUN: hag-opt %s -split-input-file -hag-eliminate-redundancy='runtime-graphs=plan report=true' -verify-diagnostics | FileCheck %s
// RUN: hag-opt %s -split-input-file -hag-eliminate-redundancy='runtime-graphs=plan capacity=0.5 threshold=2 max-inputs=4 tile-nodes=0' | FileCheck %s --check-prefix=OPTIONS
// RUN: hag-opt %s -split-input-file -hag-eliminate-redundancy='runtime-graphs=plan force=true' | FileCheck %s --check-prefix=FORCE
// RUN: hag-opt %s -split-input-file -hag-eliminate-redundancy -o /dev/null 2>&1 | FileCheck %s --check-prefix=DEFAULT
// RUN: not hag-opt %s -hag-eliminate-redundancy='runtime-graphs=plan target=cuda' -o /dev/null 2>&1 | FileCheck %s --check-prefix=CUDA
// RUN: not hag-opt %s -hag-eliminate-redundancy='runtime-graphs=maybe' -o /dev/null 2>&1 | FileCheck %s --check-prefix=BAD

// runtime-graphs=plan: aggregations over a graph known only at run time go
// through one hag.build_plan per graph and class, with the cpu target's plan
// shape (unlimited for capacity auto, threshold 3, nodes of up to 8 inputs,
// tiles of 32); the plan runtime searches it when the program runs, and
// each aggregation reads it only where the cost model predicts a gain at
// its width (plain_if_slower; force=true reads it always). A sequential
// aggregation gets a sequential plan of pairs of its own.
// CHECK-LABEL: func.func @layers
// CHECK: %[[G:.*]] = hag.graph_from_tensors
// CHECK-NEXT: %[[SEQ:.*]] = hag.build_plan %[[G]] {capacity = "unlimited", plain_if_slower, tile_nodes = 32 : i32} : !hag.graph<?> -> !hag.plan<sequential, ?>
// CHECK-NEXT: %[[SET:.*]] = hag.build_plan %[[G]] {capacity = "unlimited", max_inputs = 8 : i32, plain_if_slower, tile_nodes = 32 : i32} : !hag.graph<?> -> !hag.plan<set, ?>
// CHECK: hag.plan_aggregate sum %[[SET]], %{{.*}} normalization(symmetric) self_loops
// CHECK: hag.plan_aggregate mean %[[SET]]
// CHECK: hag.plan_aggregate custom %[[SEQ]]
// CHECK-NOT: hag.aggregate
// OPTIONS: hag.build_plan %{{.*}} {capacity = "0.5", plain_if_slower, threshold = 2 : i32} : !hag.graph<?> -> !hag.plan<sequential, ?>
// OPTIONS: hag.build_plan %{{.*}} {capacity = "0.5", max_inputs = 4 : i32, plain_if_slower, threshold = 2 : i32} : !hag.graph<?> -> !hag.plan<set, ?>
// FORCE-LABEL: func.func @layers
// FORCE: hag.build_plan %{{.*}} {capacity = "unlimited", tile_nodes = 32 : i32} : !hag.graph<?> -> !hag.plan<sequential, ?>
// FORCE: hag.build_plan %{{.*}} {capacity = "unlimited", max_inputs = 8 : i32, tile_nodes = 32 : i32} : !hag.graph<?> -> !hag.plan<set, ?>
// DEFAULT: remark: kept plain: the graph is not a compile-time constant (runtime-graphs=plan searches a HAG at run time, or write a hag.build_plan)
// CUDA: error: hag-eliminate-redundancy: runtime-graphs=plan needs target cpu (the cuda target does not build plans at run time yet)
// BAD: error: hag-eliminate-redundancy: runtime-graphs 'maybe' is not plain or plan
func.func @layers(%o: tensor<?xi64>, %i: tensor<?xi32>, %x: tensor<?x16xf32>) -> (tensor<?x16xf32>, tensor<?x16xf32>, tensor<?x16xf32>) {
  // expected-remark@+2 {{HAG searched at run time for 2 aggregate(s) (runtime-graphs=plan): capacity unlimited, threshold 3, up to 8 inputs per node, tiles of 32, read where the cost model predicts a gain at run time}}
  // expected-remark@+1 {{HAG searched at run time for 1 aggregate(s) (runtime-graphs=plan): capacity unlimited, threshold 3, up to 2 inputs per node, tiles of 32, read where the cost model predicts a gain at run time}}
  %g = hag.graph_from_tensors %o, %i : tensor<?xi64>, tensor<?xi32> -> !hag.graph<?>
  %a = hag.aggregate sum %g, %x normalization(symmetric) self_loops : !hag.graph<?>, tensor<?x16xf32> -> tensor<?x16xf32>
  %b = hag.aggregate mean %g, %a : !hag.graph<?>, tensor<?x16xf32> -> tensor<?x16xf32>
  %c = hag.aggregate custom %g, %b combiner {
  ^bb0(%l: f32, %r: f32):
    %d = arith.subf %l, %r : f32
    hag.yield %d : f32
  } : !hag.graph<?>, tensor<?x16xf32> -> tensor<?x16xf32>
  return %a, %b, %c : tensor<?x16xf32>, tensor<?x16xf32>, tensor<?x16xf32>
}

// -----

// Edge arrays (what --hag-raise makes of message passing) are a run-time
// graph too.
// CHECK-LABEL: func.func @edges
// CHECK: %[[G:.*]] = hag.graph_from_edges
// CHECK-NEXT: %[[P:.*]] = hag.build_plan %[[G]]
// CHECK: hag.plan_aggregate max %[[P]]
func.func @edges(%s: tensor<?xi64>, %t: tensor<?xi64>, %n: index, %x: tensor<?x16xf32>) -> tensor<?x16xf32> {
  // expected-remark@+1 {{HAG searched at run time for 1 aggregate(s)}}
  %g = hag.graph_from_edges %s, %t nodes(%n) : tensor<?xi64>, tensor<?xi64> -> !hag.graph<?>
  %y = hag.aggregate max %g, %x : !hag.graph<?>, tensor<?x16xf32> -> tensor<?x16xf32>
  return %y : tensor<?x16xf32>
}

// -----

// A graph that is a block argument has no op to build a plan after: kept.
// CHECK-LABEL: func.func @argument_graph
// CHECK: hag.aggregate sum
func.func @argument_graph(%g: !hag.graph<?>, %x: tensor<?x8xf32>) -> tensor<?x8xf32> {
  // expected-remark@+1 {{kept plain: the graph is not a compile-time constant (a run-time graph needs hag.build_plan)}}
  %y = hag.aggregate sum %g, %x : !hag.graph<?>, tensor<?x8xf32> -> tensor<?x8xf32>
  return %y : tensor<?x8xf32>
}
