// RUN: hag-opt %s -split-input-file -convert-hag-to-scf | FileCheck %s

// hag.build_plan of a run-time graph: the plan runtime searches (or reuses)
// the HAG, the aggregation reads its arrays in place (hag.plan_array, to
// tensors that are not writable: no copy) through hag.plan_from_tensors,
// lowered as usual. Both reductions are built in, so the lists' splits are
// read too and each final list is read in two loops (aggregation rows, then
// inputs).
// CHECK-DAG: func.func private @hagPlanBuild(memref<?xi64, strided<[?], offset: ?>>, memref<?xi32, strided<[?], offset: ?>>, i32, i32, i64, f64, i32, i32, i32, i32) -> i64 attributes {llvm.emit_c_interface}
// CHECK-NOT: hagPlanCopy
// CHECK-NOT: hagPlanSize
// CHECK-LABEL: func.func @runtime_plan
// CHECK-DAG: %[[SEQ:.*]] = arith.constant 1 : i32
// CHECK-DAG: %[[NODES:.*]] = arith.constant 100 : i64
// CHECK-DAG: %[[THRESHOLD:.*]] = arith.constant 2 : i32
// CHECK-DAG: %[[DEPTH:.*]] = arith.constant 5 : i32
// CHECK-DAG: %[[KIND:.*]] = arith.constant 0 : i32
// CHECK: %[[OFF:.*]] = bufferization.to_buffer %{{.*}} read_only : tensor<?xi64> to memref<?xi64, strided<[?], offset: ?>>
// CHECK: %[[IDX:.*]] = bufferization.to_buffer %{{.*}} read_only : tensor<?xi32> to memref<?xi32, strided<[?], offset: ?>>
// CHECK: %[[PLAN:.*]] = call @hagPlanBuild(%[[OFF]], %[[IDX]], %[[SEQ]], %[[KIND]], %[[NODES]], %{{.*}}, %[[THRESHOLD]], %[[DEPTH]], %[[KIND]], %[[THRESHOLD]])
// CHECK: %[[AGG:.*]] = hag.plan_array %[[PLAN]] "agg_inputs" : memref<?x2xi32>
// CHECK: bufferization.to_tensor %[[AGG]] restrict : memref<?x2xi32> to tensor<?x2xi32>
// CHECK: %[[SPLITS_VIEW:.*]] = hag.plan_array %[[PLAN]] "list_splits" : memref<?xi64>
// CHECK: %[[SPLITS:.*]] = bufferization.to_tensor %[[SPLITS_VIEW]] restrict : memref<?xi64> to tensor<?xi64>
// CHECK: hag.plan_array %[[PLAN]] "levels" : memref<?xi32>
// CHECK: hag.plan_array %[[PLAN]] "list_offsets" : memref<?xi64>
// CHECK: hag.plan_array %[[PLAN]] "list_indices" : memref<?xi32>
// Neither sum nor max divides by degrees: they are not read.
// CHECK-NOT: "degrees"
// The one plan serves both aggregations: one build; untiled, no tiles.
// CHECK-NOT: call @hagPlanBuild
// CHECK-NOT: "tiles"
// CHECK: scf.forall (%{{.*}}) in
// CHECK: scf.for %[[V:[a-z0-9_]+]] = {{.*}} -> (tensor<?x8xf32>)
// CHECK: %[[SPLIT:.*]] = tensor.extract %[[SPLITS]][%[[V]]]
// CHECK: %[[SPLIT_INDEX:.*]] = arith.index_cast %[[SPLIT]]
// CHECK: scf.for %{{.*}} = %{{.*}} to %[[SPLIT_INDEX]]
// CHECK: scf.for %{{.*}} = %[[SPLIT_INDEX]] to
// CHECK-NOT: {{hag\.(aggregate|plan_aggregate|plan_from_tensors|plan_constant|build_plan|graph_)}}
func.func @runtime_plan(%o: tensor<?xi64>, %i: tensor<?xi32>, %x: tensor<?x8xf32>) -> (tensor<?x8xf32>, tensor<?x8xf32>) {
  %g = hag.graph_from_tensors %o, %i : tensor<?xi64>, tensor<?xi32> -> !hag.graph<?>
  %p = hag.build_plan %g {capacity = "100", threshold = 2 : i32, max_depth = 5 : i32} : !hag.graph<?> -> !hag.plan<sequential, ?>
  %a = hag.plan_aggregate sum %p, %x : !hag.plan<sequential, ?>, tensor<?x8xf32> -> tensor<?x8xf32>
  %b = hag.plan_aggregate max %p, %x : !hag.plan<sequential, ?>, tensor<?x8xf32> -> tensor<?x8xf32>
  return %a, %b : tensor<?x8xf32>, tensor<?x8xf32>
}

// -----

// tile_nodes: the plan runtime searches tiles of that many nodes, and its
// tile bounds feed hag.plan_from_tensors' tiles. The kernel is the tiled
// one: a parallel loop over chunks of tiles, the chunk count and the
// scratch rows (the most aggregation nodes of a tile) read from the bounds.
// The chunks are the plan's parts of equal work, which the runtime found
// once for the plan (part_bounds, in tiles): the loop runs over them and
// reads each chunk's tiles from them, searching nothing.
// CHECK-LABEL: func.func @tiled_runtime_plan
// CHECK-DAG: %[[TILE:.*]] = arith.constant 16 : i32
// CHECK: %[[PLAN:.*]] = call @hagPlanBuild(%{{.*}}, %[[TILE]], %{{.*}})
// CHECK: hag.plan_array %[[PLAN]] "tiles" : memref<?x2xi32>
// CHECK: %[[BOUNDS_VIEW:.*]] = hag.plan_array %[[PLAN]] "part_bounds" : memref<?xi64>
// CHECK: %[[BOUNDS:.*]] = bufferization.to_tensor %[[BOUNDS_VIEW]] restrict
// CHECK: %[[MOST:.*]] = scf.for {{.*}} -> (index)
// CHECK: arith.maxui
// CHECK: %[[P1:.*]] = tensor.dim %[[BOUNDS]], %c0
// CHECK: %[[PARTS:.*]] = arith.subi %[[P1]], %c1
// CHECK: scf.forall (%[[C:.*]]) in (%[[PARTS]])
// CHECK-NOT: scf.while
// CHECK: tensor.extract %[[BOUNDS]][%[[C]]]
// CHECK-NOT: scf.while
// CHECK: tensor.empty(%[[MOST]]) : tensor<?x8xf32>
// CHECK-NOT: {{hag\.(aggregate|plan_aggregate|plan_from_tensors|plan_constant|build_plan|graph_)}}
func.func @tiled_runtime_plan(%o: tensor<?xi64>, %i: tensor<?xi32>, %x: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %g = hag.graph_from_tensors %o, %i : tensor<?xi64>, tensor<?xi32> -> !hag.graph<?>
  %p = hag.build_plan %g {capacity = "unlimited", threshold = 2 : i32, tile_nodes = 16 : i32} : !hag.graph<?> -> !hag.plan<set, ?>
  %a = hag.plan_aggregate sum %p, %x : !hag.plan<set, ?>, tensor<?x8xf32> -> tensor<?x8xf32>
  return %a : tensor<?x8xf32>
}

// -----

// max_inputs: the plan's wide nodes come as runs with their offsets and
// splits, the final lists' splits too, and the kernel reads every run and
// list in two unchecked loops; the scratch buffer has a row per node
// (offsets - 1), not per input pair.
// CHECK-LABEL: func.func @wide_runtime_plan
// CHECK-DAG: %[[MOST:.*]] = arith.constant 16 : i32
// CHECK: %[[PLAN:.*]] = call @hagPlanBuild(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[MOST]])
// CHECK: %[[RUNS:.*]] = hag.plan_array %[[PLAN]] "agg_runs" : memref<?xi32>
// CHECK: %[[INPUTS:.*]] = bufferization.to_tensor %[[RUNS]]
// CHECK: %[[OFFSETS:.*]] = hag.plan_array %[[PLAN]] "agg_offsets" : memref<?xi64>
// CHECK: %[[NODE_OFFSETS:.*]] = bufferization.to_tensor %[[OFFSETS]]
// CHECK: %[[AGG_SPLITS:.*]] = hag.plan_array %[[PLAN]] "agg_splits" : memref<?xi64>
// CHECK: %[[NODE_SPLITS:.*]] = bufferization.to_tensor %[[AGG_SPLITS]]
// CHECK: hag.plan_array %[[PLAN]] "list_splits" : memref<?xi64>
// CHECK-NOT: "agg_inputs"
// CHECK: %[[A1:.*]] = tensor.dim %[[NODE_OFFSETS]]
// CHECK: %[[A:.*]] = arith.subi %[[A1]]
// CHECK: tensor.empty(%[[A]]) : tensor<?x8xf32>
// CHECK: scf.forall (%[[K:.*]]) =
// CHECK: tensor.extract %[[NODE_OFFSETS]][%[[K]]]
// CHECK: %[[SPLIT:.*]] = tensor.extract %[[NODE_SPLITS]][%[[K]]]
// CHECK: %[[SPLIT_INDEX:.*]] = arith.index_cast %[[SPLIT]]
// CHECK: scf.for %[[E:.*]] = %{{.*}} to %[[SPLIT_INDEX]]
// CHECK: tensor.extract %[[INPUTS]][%[[E]]]
// CHECK: scf.for %{{.*}} = %[[SPLIT_INDEX]] to
// CHECK-NOT: {{hag\.(aggregate|plan_aggregate|plan_from_tensors|plan_constant|build_plan|graph_)}}
func.func @wide_runtime_plan(%o: tensor<?xi64>, %i: tensor<?xi32>, %x: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %g = hag.graph_from_tensors %o, %i : tensor<?xi64>, tensor<?xi32> -> !hag.graph<?>
  %p = hag.build_plan %g {capacity = "unlimited", threshold = 2 : i32, max_inputs = 16 : i32} : !hag.graph<?> -> !hag.plan<set, ?>
  %a = hag.plan_aggregate sum %p, %x : !hag.plan<set, ?>, tensor<?x8xf32> -> tensor<?x8xf32>
  return %a : tensor<?x8xf32>
}

// -----

// plain_if_slower: the plan is built once (hagPlanBuildForChoice, which
// may hand out a plan whose lists are the graph's rows without comparing
// the graph), and each aggregation asks the runtime which plan to read at
// its own width (hagPlanChoose: the plan or its plain counterpart) and
// reads that one's arrays, except that where its lists are the rows
// (hagPlanListsAreRows) the lists, their splits (the row starts) and the
// degrees come from the graph's own tensors. A dynamic width is passed as
// it is at run time. Only the mean reads degrees.
// CHECK-LABEL: func.func @chosen_per_width
// CHECK-SAME: %[[O:[^:]*]]: tensor<?xi64>, %[[I:[^:]*]]: tensor<?xi32>, %[[X:[^:]*]]: tensor<?x8xf32>, %[[Y:[^:]*]]: tensor<?x?xf32>
// CHECK-DAG: %[[BYTES:.*]] = arith.constant 4 : i32
// CHECK-DAG: %[[EIGHT:.*]] = arith.constant 8 : i64
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0 : i32
// CHECK: %[[PLAN:.*]] = call @hagPlanBuildForChoice(
// CHECK: %[[FIRST:.*]] = call @hagPlanChoose(%[[PLAN]], %[[EIGHT]], %[[BYTES]]) : (i64, i64, i32) -> i64
// CHECK: %[[ROWS_FLAG:.*]] = call @hagPlanListsAreRows(%[[FIRST]]) : (i64) -> i32
// CHECK: %[[ROWS:.*]] = arith.cmpi ne, %[[ROWS_FLAG]], %[[ZERO]]
// CHECK: hag.plan_array %[[FIRST]] "agg_runs"
// CHECK: %[[SPLITS_VIEW:.*]] = hag.plan_array %[[FIRST]] "list_splits"
// CHECK: %[[SPLITS:.*]] = bufferization.to_tensor %[[SPLITS_VIEW]]
// CHECK: %[[OFFSETS_VIEW:.*]] = hag.plan_array %[[FIRST]] "list_offsets"
// CHECK: %[[OFFSETS:.*]] = bufferization.to_tensor %[[OFFSETS_VIEW]]
// CHECK: %[[INDICES_VIEW:.*]] = hag.plan_array %[[FIRST]] "list_indices"
// CHECK: %[[INDICES:.*]] = bufferization.to_tensor %[[INDICES_VIEW]]
// CHECK: hag.plan_array %[[FIRST]] "tiles"
// CHECK: %[[LIST_OFFSETS:.*]] = arith.select %[[ROWS]], %[[O]], %[[OFFSETS]] : tensor<?xi64>
// CHECK: %[[LIST_INDICES:.*]] = arith.select %[[ROWS]], %[[I]], %[[INDICES]] : tensor<?xi32>
// CHECK: %[[STARTS:.*]] = tensor.extract_slice %[[O]][0] [%{{.*}}] [1]
// CHECK: %[[LIST_SPLITS:.*]] = arith.select %[[ROWS]], %[[STARTS]], %[[SPLITS]] : tensor<?xi64>
// CHECK-NOT: hag.plan_array %[[FIRST]] "degrees"
// The kernel reads the selected arrays.
// CHECK: tensor.extract %[[LIST_OFFSETS]]
// CHECK: tensor.extract %[[LIST_SPLITS]]
// CHECK: tensor.extract %[[LIST_INDICES]]
// CHECK: %[[COLS:.*]] = tensor.dim %[[Y]], %{{.*}} : tensor<?x?xf32>
// CHECK: %[[WIDTH:.*]] = arith.index_cast %[[COLS]] : index to i64
// CHECK: %[[SECOND:.*]] = call @hagPlanChoose(%[[PLAN]], %[[WIDTH]], %[[BYTES]])
// CHECK: %[[SECOND_ROWS_FLAG:.*]] = call @hagPlanListsAreRows(%[[SECOND]])
// CHECK: %[[SECOND_ROWS:.*]] = arith.cmpi ne, %[[SECOND_ROWS_FLAG]], %[[ZERO]]
// CHECK: hag.plan_array %[[SECOND]] "agg_runs"
// CHECK: %[[DEGREES_VIEW:.*]] = hag.plan_array %[[SECOND]] "degrees"
// CHECK: %[[DEGREES:.*]] = bufferization.to_tensor %[[DEGREES_VIEW]]
// CHECK: hag.plan_array %[[SECOND]] "tiles"
// The degrees are counted from the graph's offsets only where the rows are
// read (offsets[v + 1] - offsets[v]); a kept plan's are its own.
// CHECK: %[[SECOND_DEGREES:.*]] = scf.if %[[SECOND_ROWS]] -> (tensor<?xi64>) {
// CHECK: tensor.generate
// CHECK-NEXT: ^bb0(%[[V:.*]]: index):
// CHECK-NEXT: %[[NEXT:.*]] = arith.addi %[[V]], %{{.*}} : index
// CHECK-NEXT: %[[END:.*]] = tensor.extract %[[O]][%[[NEXT]]]
// CHECK-NEXT: %[[BEGIN:.*]] = tensor.extract %[[O]][%[[V]]]
// CHECK-NEXT: %[[COUNT:.*]] = arith.subi %[[END]], %[[BEGIN]] : i64
// CHECK-NEXT: tensor.yield %[[COUNT]]
// CHECK: } else {
// CHECK-NEXT: scf.yield %[[DEGREES]]
// CHECK: tensor.extract %[[SECOND_DEGREES]]
// CHECK-NOT: {{hag\.(aggregate|plan_aggregate|plan_from_tensors|plan_constant|build_plan|graph_)}}
func.func @chosen_per_width(%o: tensor<?xi64>, %i: tensor<?xi32>, %x: tensor<?x8xf32>, %y: tensor<?x?xf32>) -> (tensor<?x8xf32>, tensor<?x?xf32>) {
  %g = hag.graph_from_tensors %o, %i : tensor<?xi64>, tensor<?xi32> -> !hag.graph<?>
  %p = hag.build_plan %g {capacity = "unlimited", threshold = 3 : i32, tile_nodes = 32 : i32, max_inputs = 8 : i32, plain_if_slower} : !hag.graph<?> -> !hag.plan<set, ?>
  %a = hag.plan_aggregate sum %p, %x : !hag.plan<set, ?>, tensor<?x8xf32> -> tensor<?x8xf32>
  %b = hag.plan_aggregate mean %p, %y : !hag.plan<set, ?>, tensor<?x?xf32> -> tensor<?x?xf32>
  return %a, %b : tensor<?x8xf32>, tensor<?x?xf32>
}

// -----

// A plan that is used other than by aggregations (here returned) must be
// the graph's own plan, so the build compares the graph (hagPlanBuild).
// CHECK-LABEL: func.func @chosen_plan_escapes
// CHECK-NOT: hagPlanBuildForChoice
// CHECK: %[[PLAN:.*]] = call @hagPlanBuild(
// CHECK: %[[VIEWED:.*]] = hag.plan_from_tensors
// CHECK: call @hagPlanChoose(%[[PLAN]],
// CHECK: return %{{.*}}, %[[VIEWED]]
func.func @chosen_plan_escapes(%o: tensor<?xi64>, %i: tensor<?xi32>, %x: tensor<?x8xf32>) -> (tensor<?x8xf32>, !hag.plan<set, ?>) {
  %g = hag.graph_from_tensors %o, %i : tensor<?xi64>, tensor<?xi32> -> !hag.graph<?>
  %p = hag.build_plan %g {capacity = "unlimited", threshold = 3 : i32, plain_if_slower} : !hag.graph<?> -> !hag.plan<set, ?>
  %a = hag.plan_aggregate sum %p, %x : !hag.plan<set, ?>, tensor<?x8xf32> -> tensor<?x8xf32>
  return %a, %p : tensor<?x8xf32>, !hag.plan<set, ?>
}

// -----

// A custom combiner folds from its first row (it has no identity), so it
// keeps the checked read and no split is read.
// CHECK-LABEL: func.func @custom_runtime_plan
// CHECK: hag.plan_array %{{.*}} "agg_runs"
// CHECK-NOT: _splits"
// CHECK: scf.if
// CHECK-NOT: {{hag\.(aggregate|plan_aggregate|plan_from_tensors|plan_constant|build_plan|graph_)}}
func.func @custom_runtime_plan(%o: tensor<?xi64>, %i: tensor<?xi32>, %x: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %g = hag.graph_from_tensors %o, %i : tensor<?xi64>, tensor<?xi32> -> !hag.graph<?>
  %p = hag.build_plan %g {capacity = "unlimited", threshold = 2 : i32, max_inputs = 16 : i32} : !hag.graph<?> -> !hag.plan<set, ?>
  %a = hag.plan_aggregate custom %p, %x commutative combiner {
  ^bb0(%l: f32, %r: f32):
    %m = arith.maximumf %l, %r : f32
    hag.yield %m : f32
  } : !hag.plan<set, ?>, tensor<?x8xf32> -> tensor<?x8xf32>
  return %a : tensor<?x8xf32>
}

// -----

// A dynamic feature width: each level goes block by block, the parallel
// loop over the level's rows inside the loop over blocks, so a row's one
// block is written after all its reads (with the block loop inside the
// parallel one, bufferization gave every row a buffer of its own).
// CHECK-LABEL: func.func @dynamic_width_levels
// CHECK: scf.for {{.*}} iter_args(%[[LEVEL:.*]] = %{{.*}}) -> (tensor<?x?xf32>)
// CHECK: scf.for %[[C:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[BLOCK:.*]] = %[[LEVEL]]) -> (tensor<?x?xf32>)
// CHECK: scf.forall {{.*}} shared_outs(%{{.*}} = %[[BLOCK]]) -> (tensor<?x?xf32>)
// CHECK-NOT: scf.for {{.*}} -> (tensor<1x?xf32>)
// CHECK: vector.transfer_write %{{.*}}, %{{.*}}[%{{.*}}, %[[C]]]
// CHECK: tensor.parallel_insert_slice
func.func @dynamic_width_levels(%o: tensor<?xi64>, %i: tensor<?xi32>, %x: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %g = hag.graph_from_tensors %o, %i : tensor<?xi64>, tensor<?xi32> -> !hag.graph<?>
  %p = hag.build_plan %g {capacity = "unlimited", threshold = 2 : i32} : !hag.graph<?> -> !hag.plan<set, ?>
  %a = hag.plan_aggregate sum %p, %x : !hag.plan<set, ?>, tensor<?x?xf32> -> tensor<?x?xf32>
  return %a : tensor<?x?xf32>
}

// -----

// A static graph size: the arrays are cast to dynamic shapes for the call.
// A mean divides by the degrees, so they are read.
// CHECK-LABEL: func.func @static_sizes
// CHECK: tensor.cast %{{.*}} : tensor<4xi64> to tensor<?xi64>
// CHECK: tensor.cast %{{.*}} : tensor<5xi32> to tensor<?xi32>
// CHECK: %[[PLAN:.*]] = call @hagPlanBuild
// CHECK: hag.plan_array %[[PLAN]] "degrees" : memref<?xi64>
func.func @static_sizes(%o: tensor<4xi64>, %i: tensor<5xi32>, %x: tensor<3x8xf32>) -> tensor<3x8xf32> {
  %g = hag.graph_from_tensors %o, %i : tensor<4xi64>, tensor<5xi32> -> !hag.graph<3>
  %p = hag.build_plan %g : !hag.graph<3> -> !hag.plan<set, 3>
  %a = hag.plan_aggregate mean %p, %x : !hag.plan<set, 3>, tensor<3x8xf32> -> tensor<3x8xf32>
  return %a : tensor<3x8xf32>
}

// -----

// A constant graph's plan is searched at compile time instead: no call.
// CHECK-LABEL: func.func @constant_graph
// CHECK-NOT: call @hagPlanBuild
// CHECK-NOT: {{hag\.(aggregate|plan_aggregate|plan_from_tensors|plan_constant|build_plan|graph_)}}
func.func @constant_graph(%x: tensor<3x8xf32>) -> tensor<3x8xf32> {
  %g = hag.graph_constant offsets(dense<[0, 2, 4, 6]> : tensor<4xi64>) indices(dense<[1, 2, 0, 2, 0, 1]> : tensor<6xi32>) : !hag.graph<3>
  %p = hag.build_plan %g {capacity = "unlimited", threshold = 2 : i32} : !hag.graph<3> -> !hag.plan<set, 3>
  %a = hag.plan_aggregate sum %p, %x : !hag.plan<set, 3>, tensor<3x8xf32> -> tensor<3x8xf32>
  return %a : tensor<3x8xf32>
}

// -----

// hag.graph_from_edges: the plan runtime sorts the edges into CSR (kept per
// distinct edge set) and its arrays, read in place, feed a
// hag.graph_from_tensors; a plan
// built on it is then searched at run time too.
// CHECK-DAG: func.func private @hagGraphFromEdges(memref<?xi64, strided<[?], offset: ?>>, memref<?xi64, strided<[?], offset: ?>>, i64) -> i64 attributes {llvm.emit_c_interface}
// CHECK-LABEL: func.func @edges
// CHECK: %[[N:.*]] = arith.index_cast %{{.*}} : index to i64
// CHECK: %[[S:.*]] = bufferization.to_buffer %{{.*}} read_only : tensor<?xi64> to memref<?xi64, strided<[?], offset: ?>>
// CHECK: %[[T:.*]] = bufferization.to_buffer %{{.*}} read_only : tensor<?xi64> to memref<?xi64, strided<[?], offset: ?>>
// CHECK: %[[G:.*]] = call @hagGraphFromEdges(%[[S]], %[[T]], %[[N]])
// CHECK: hag.plan_array %[[G]] "list_offsets" : memref<?xi64>
// CHECK: hag.plan_array %[[G]] "list_indices" : memref<?xi32>
// CHECK: call @hagPlanBuild
// CHECK-NOT: {{hag\.(aggregate|plan_aggregate|plan_from_tensors|plan_constant|build_plan|graph_)}}
func.func @edges(%s: tensor<?xi64>, %t: tensor<?xi64>, %n: index, %x: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %g = hag.graph_from_edges %s, %t nodes(%n) : tensor<?xi64>, tensor<?xi64> -> !hag.graph<?>
  %p = hag.build_plan %g : !hag.graph<?> -> !hag.plan<set, ?>
  %a = hag.plan_aggregate sum %p, %x : !hag.plan<set, ?>, tensor<?x8xf32> -> tensor<?x8xf32>
  return %a : tensor<?x8xf32>
}

// -----

// Plans built on a constant graph are searched at compile time and become
// constants, before the run-time plans are lowered (two of them used to be
// lowered after they were freed, and crashed).
// CHECK-LABEL: func.func @constant_graph_plans
// CHECK-COUNT-2: hag.plan_constant
// CHECK-NOT: hag.build_plan
// CHECK-NOT: call @hagPlanBuild
func.func @constant_graph_plans() -> (!hag.plan<set, 1>, !hag.plan<set, 1>) {
  %g = hag.graph_constant offsets(dense<[0, 0]> : tensor<2xi64>) indices(dense<> : tensor<0xi32>) : !hag.graph<1>
  %p = hag.build_plan %g : !hag.graph<1> -> !hag.plan<set, 1>
  %q = hag.build_plan %g : !hag.graph<1> -> !hag.plan<set, 1>
  return %p, %q : !hag.plan<set, 1>, !hag.plan<set, 1>
}
