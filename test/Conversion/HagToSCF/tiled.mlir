// RUN: hag-opt %s -convert-hag-to-scf | FileCheck %s
// RUN: hag-opt %s -hag-lower-to-cpu | FileCheck %s --check-prefix=LLVM
// RUN: hag-opt %s -convert-hag-to-scf | FileCheck %s --check-prefix=NARROW
// RUN: hag-opt %s -convert-hag-to-scf='step-min-width=16' | FileCheck %s --check-prefix=FORCED
// RUN: hag-opt %s -convert-hag-to-scf='step-max-width=0' | FileCheck %s --check-prefix=NEVER
// RUN: not hag-opt %s -convert-hag-to-scf='step-min-width=0' 2>&1 | FileCheck %s --check-prefix=BAD-STEPS
// RUN: not hag-opt %s -hag-lower-to-cpu='kernels=step-max-width=-1' 2>&1 | FileCheck %s --check-prefix=BAD-MAX
// RUN: not hag-opt %s -convert-hag-to-scf='step-min-width=600' 2>&1 | FileCheck %s --check-prefix=BAD-RANGE

// A tiled plan: tiles {0, 1, 2} and {3, 4}; tile 0 has aggregation node
// 5 = (0, 1), read by nodes 1 and 2; tile 1 has 6 = (0, 1) and 7 = (6, 2),
// read by nodes 3 and 4. The kernel runs one parallel loop over chunks of
// tiles; each chunk has a scratch buffer of two rows (the most aggregation
// nodes of a tile), writes a tile's aggregation rows into it, in order, and
// reads them back for the tile's nodes. Aggregation ids become rows of the
// scratch buffer: 5 -> 5, 6 -> 5, 7 -> 6 (N + index in the tile), so the
// kernel's input list of node 4 is [6], and node 7 reads (5, 2). Each
// final list has its node rows first (node 2's [2, 5] becomes [5, 2]), and
// the splits constant says where its input rows begin. A chunk whose tiles
// have no aggregation node runs its rows as the plain kernel does (one loop
// per list, every entry an input row, no scratch buffer). The chunks are
// of equal work (list entries, aggregation inputs and 4 per row: 21 for
// tile 0, 22 for tile 1), their tile bounds a constant: one tile each.
// CHECK-LABEL: func.func @tiled_sum
// CHECK-DAG: arith.constant dense<[0, 1, 0, 1, 5, 2]> : tensor<6xi32>
// CHECK-DAG: arith.constant dense<[5, 5, 2, 6, 6]> : tensor<5xi32>
// CHECK-DAG: arith.constant dense<[0, 1, 2, 4, 5]> : tensor<5xi64>
// CHECK-DAG: arith.constant dense<[0, 3, 5]> : tensor<3xi32>
// CHECK-DAG: arith.constant dense<[0, 1, 3]> : tensor<3xi32>
// CHECK-DAG: %[[CHUNKS:.*]] = arith.constant dense<[0, 1, 2]> : tensor<3xi64>
// CHECK: scf.forall (%[[C:.*]]) in (2) shared_outs(%[[OUT:.*]] = %{{.*}}) -> (tensor<5x16xf32>)
// CHECK: tensor.extract %[[CHUNKS]][%[[C]]]
// CHECK: %[[SLICE:.*]] = tensor.extract_slice %[[OUT]]
// CHECK: %[[NO_AGGS:.*]] = arith.cmpi eq
// CHECK: scf.if %[[NO_AGGS]] -> (tensor<?x16xf32>) {
// CHECK-NEXT: scf.for {{.*}} iter_args(%{{.*}} = %[[SLICE]])
// CHECK-NOT: scf.if
// CHECK: scf.for
// CHECK-NOT: scf.if
// CHECK: vector.transfer_write
// CHECK: } else {
// CHECK-NEXT: %[[SCRATCH:.*]] = tensor.empty() : tensor<2x16xf32>
// CHECK: scf.for {{.*}} iter_args(%{{.*}} = %{{.*}}, %{{.*}} = %[[SCRATCH]])
// CHECK: scf.for
// CHECK: scf.if
// CHECK: vector.transfer_write
// CHECK: scf.for
// CHECK: scf.for
// CHECK-NOT: scf.if
// CHECK: scf.for
// CHECK-NOT: scf.if
// CHECK: tensor.parallel_insert_slice
// CHECK-NOT: hag.
// The whole pipeline reaches LLVM with one OpenMP loop and no hag op.
// LLVM-LABEL: llvm.func @tiled_sum
// LLVM-COUNT-1: omp.wsloop
// LLVM-NOT: hag.
func.func @tiled_sum(%x: tensor<5x16xf32>) -> tensor<5x16xf32> {
  %p = hag.plan_constant agg_inputs(dense<[[0, 1], [0, 1], [6, 2]]> : tensor<3x2xi32>)
      levels(dense<[0, 3]> : tensor<2xi32>)
      list_offsets(dense<[0, 0, 1, 3, 4, 5]> : tensor<6xi64>)
      list_indices(dense<[5, 2, 5, 7, 7]> : tensor<5xi32>)
      tiles(dense<[[0, 0], [3, 1], [5, 3]]> : tensor<3x2xi32>) : !hag.plan<set, 5>
  %y = hag.plan_aggregate sum %p, %x : !hag.plan<set, 5>, tensor<5x16xf32> -> tensor<5x16xf32>
  return %y : tensor<5x16xf32>
}

// A custom combiner through a tiled plan: a list's fold starts from its
// first row (there is no identity), in the chunks without aggregation nodes
// too, whose single loop selects the first row instead of combining it.
// CHECK-LABEL: func.func @tiled_custom
// CHECK: scf.forall
// CHECK: %[[NO_AGGS:.*]] = arith.cmpi eq
// CHECK: scf.if %[[NO_AGGS]]
// CHECK: %[[BEGIN:.*]] = arith.index_cast
// CHECK: scf.for %[[E:[^ ]*]] = %[[BEGIN]] to
// CHECK: %[[FIRST:.*]] = arith.cmpi eq, %[[E]], %[[BEGIN]]
// CHECK: %[[MAX:.*]] = arith.maximumf
// CHECK: arith.select %[[FIRST]], %{{.*}}, %[[MAX]]
// CHECK: } else {
// CHECK: tensor.empty() : tensor<2x16xf32>
// CHECK: tensor.parallel_insert_slice
// CHECK-NOT: hag.
// LLVM-LABEL: llvm.func @tiled_custom
func.func @tiled_custom(%x: tensor<5x16xf32>) -> tensor<5x16xf32> {
  %p = hag.plan_constant agg_inputs(dense<[[0, 1], [0, 1], [6, 2]]> : tensor<3x2xi32>)
      levels(dense<[0, 3]> : tensor<2xi32>)
      list_offsets(dense<[0, 0, 1, 3, 4, 5]> : tensor<6xi64>)
      list_indices(dense<[5, 2, 5, 7, 7]> : tensor<5xi32>)
      tiles(dense<[[0, 0], [3, 1], [5, 3]]> : tensor<3x2xi32>) : !hag.plan<set, 5>
  %y = hag.plan_aggregate custom %p, %x commutative combiner {
  ^bb0(%l: f32, %r: f32):
    %m = arith.maximumf %l, %r : f32
    hag.yield %m : f32
  } : !hag.plan<set, 5>, tensor<5x16xf32> -> tensor<5x16xf32>
  return %y : tensor<5x16xf32>
}

// A tiled plan passed at run time without part_bounds (a host's own plan):
// from 16384 nodes up the kernel searches its chunks of equal work over the
// tile bounds: a tile's first node and first aggregation node give the list
// entries (list offsets) and the inputs (two per pair) before it, plus 4
// per row of either; below that the chunks hold equal tile counts.
// CHECK-LABEL: func.func @tiled_runtime_tensors
// CHECK: %[[SEARCHED:.*]] = arith.cmpi uge, %{{.*}}, %c16384
// CHECK: scf.forall
// CHECK: scf.if %[[SEARCHED]] -> (index)
// CHECK: scf.while
// CHECK: %[[MID:.*]] = arith.shrui
// CHECK: %[[FIRST_NODE:.*]] = tensor.extract %{{.*}}[%[[MID]]] : tensor<?xi32>
// CHECK: %[[NODES:.*]] = arith.index_cast %[[FIRST_NODE]]
// CHECK: %[[FIRST_AGG:.*]] = tensor.extract %{{.*}}[%[[MID]]] : tensor<?xi32>
// CHECK: %[[AGGS:.*]] = arith.index_cast %[[FIRST_AGG]]
// CHECK: arith.muli %[[AGGS]], %c2
// CHECK: tensor.extract %{{.*}}[%[[NODES]]] : tensor<?xi64>
// CHECK: %[[ROWS:.*]] = arith.addi %[[NODES]], %[[AGGS]]
// CHECK: arith.muli %[[ROWS]], %c4
// CHECK: } else {
// CHECK: arith.divui
// LLVM-LABEL: llvm.func @tiled_runtime_tensors
func.func @tiled_runtime_tensors(%a: tensor<?x2xi32>, %l: tensor<?xi32>, %o: tensor<?xi64>, %i: tensor<?xi32>, %t: tensor<?x2xi32>, %x: tensor<?x16xf32>) -> tensor<?x16xf32> {
  %p = hag.plan_from_tensors %a, %l, %o, %i tiles %t : tensor<?x2xi32>, tensor<?xi32>, tensor<?xi64>, tensor<?xi32> tiles tensor<?x2xi32> -> !hag.plan<set, ?>
  %y = hag.plan_aggregate sum %p, %x : !hag.plan<set, ?>, tensor<?x16xf32> -> tensor<?x16xf32>
  return %y : tensor<?x16xf32>
}

// At a static width from 256 to 512 a tile runs in steps of 4 nodes: one
// past the largest aggregation node the step's lists read (arith.maxui over
// their entries of id - N + 1 plus the tile's first aggregation node, the
// lists' ids being local to the tile, starting from those computed so
// far), the aggregation rows below it not computed yet, then the step's
// nodes. Narrower and wider rows, and dynamic widths, compute a tile's
// aggregation rows all before its nodes.
// The widths are options (convert-hag-to-scf's step-min-width and
// step-max-width, which hag-lower-to-cpu passes on as kernels=): from 16 every
// static width up to 512 runs in steps; a maximum of 0 turns steps off; a
// width range that cannot be (a minimum below 1 or above a maximum that is
// not 0, a negative maximum) is refused, naming both.
// FORCED-LABEL: func.func @tiled_sum(
// FORCED: step %c4 iter_args
// FORCED-LABEL: func.func @tiled_custom(
// FORCED: step %c4 iter_args
// FORCED-LABEL: func.func @tiled_runtime_tensors(
// FORCED: step %c4 iter_args
// FORCED-LABEL: func.func @tiled_sum_steps(
// FORCED: step %c4 iter_args
// FORCED-LABEL: func.func @tiled_sum_1024(
// FORCED-NOT: step %c4 iter_args
// A dynamic width never runs in steps, whatever the range (choosing at run
// time showed no gain: docs/CpuPerformance.md, "Steps").
// FORCED-LABEL: func.func @tiled_sum_dynamic(
// FORCED-NOT: step %c4 iter_args
// NEVER-NOT: step %c4 iter_args
// BAD-STEPS: error: convert-hag-to-scf: step-min-width must be at least 1 and step-max-width at least 0, not 0 and 512
// BAD-MAX: error: convert-hag-to-scf: step-min-width must be at least 1 and step-max-width at least 0, not 256 and -1
// BAD-RANGE: error: convert-hag-to-scf: step-min-width 600 is above step-max-width 512 (0 turns steps off)
// NARROW-LABEL: func.func @tiled_sum(
// NARROW-NOT: step %c4
// NARROW-LABEL: func.func @tiled_custom(
// NARROW-NOT: step %c4
// NARROW-LABEL: func.func @tiled_runtime_tensors(
// NARROW-NOT: step %c4
// NARROW-LABEL: func.func @tiled_sum_steps(
// NARROW: step %c4 iter_args
// NARROW-LABEL: func.func @tiled_sum_1024(
// NARROW-NOT: step %c4
// CHECK-LABEL: func.func @tiled_sum_steps
// CHECK: %[[SCRATCH:.*]] = tensor.empty() : tensor<2x256xf32>
// CHECK: scf.for {{.*}} iter_args(%[[ROWS:.*]] = %{{.*}}, %[[AGGS:.*]] = %[[SCRATCH]])
// CHECK: %[[FIRST_AGG:.*]] = arith.index_cast
// CHECK: %[[END:.*]] = arith.index_cast
// CHECK: scf.for %[[FIRST:.*]] = %{{.*}} to %[[END]] step %c4 iter_args(%[[STEP_ROWS:.*]] = %[[ROWS]], %[[STEP_AGGS:.*]] = %[[AGGS]], %[[DONE:.*]] = %[[FIRST_AGG]]) -> (tensor<?x256xf32>, tensor<2x256xf32>, index)
// CHECK: %[[LAST:.*]] = arith.minui %{{.*}}, %[[END]]
// CHECK: %[[NEEDED:.*]] = scf.for %{{.*}} = %[[FIRST]] to %[[LAST]] step %c1 iter_args(%{{.*}} = %[[DONE]]) -> (index)
// CHECK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %c1 iter_args(%[[MOST:.*]] = %{{.*}}) -> (index)
// CHECK: %[[ID:.*]] = arith.index_cast %{{.*}} : i32 to index
// CHECK-NEXT: %[[K:.*]] = arith.subi %[[ID]], %c5 : index
// CHECK-NEXT: %[[NEXT:.*]] = arith.addi %[[K]], %c1 : index
// CHECK-NEXT: %[[PAST:.*]] = arith.addi %[[NEXT]], %[[FIRST_AGG]] : index
// CHECK-NEXT: %[[LARGER:.*]] = arith.maxui %[[MOST]], %[[PAST]] : index
// CHECK-NEXT: scf.yield %[[LARGER]] : index
// CHECK: %[[FILLED:.*]] = scf.for %{{.*}} = %[[DONE]] to %[[NEEDED]] step %c1 iter_args(%{{.*}} = %[[STEP_AGGS]]) -> (tensor<2x256xf32>)
// CHECK: %[[WRITTEN:.*]] = scf.for %{{.*}} = %[[FIRST]] to %[[LAST]] step %c1 iter_args(%{{.*}} = %[[STEP_ROWS]]) -> (tensor<?x256xf32>)
// CHECK: scf.yield %[[WRITTEN]], %[[FILLED]], %[[NEEDED]] : tensor<?x256xf32>, tensor<2x256xf32>, index
// CHECK-NOT: hag.
// LLVM-LABEL: llvm.func @tiled_sum_steps
// LLVM-COUNT-1: omp.wsloop
// LLVM-NOT: hag.
func.func @tiled_sum_steps(%x: tensor<5x256xf32>) -> tensor<5x256xf32> {
  %p = hag.plan_constant agg_inputs(dense<[[0, 1], [0, 1], [6, 2]]> : tensor<3x2xi32>)
      levels(dense<[0, 3]> : tensor<2xi32>)
      list_offsets(dense<[0, 0, 1, 3, 4, 5]> : tensor<6xi64>)
      list_indices(dense<[5, 2, 5, 7, 7]> : tensor<5xi32>)
      tiles(dense<[[0, 0], [3, 1], [5, 3]]> : tensor<3x2xi32>) : !hag.plan<set, 5>
  %y = hag.plan_aggregate sum %p, %x : !hag.plan<set, 5>, tensor<5x256xf32> -> tensor<5x256xf32>
  return %y : tensor<5x256xf32>
}

func.func @tiled_sum_1024(%x: tensor<5x1024xf32>) -> tensor<5x1024xf32> {
  %p = hag.plan_constant agg_inputs(dense<[[0, 1], [0, 1], [6, 2]]> : tensor<3x2xi32>)
      levels(dense<[0, 3]> : tensor<2xi32>)
      list_offsets(dense<[0, 0, 1, 3, 4, 5]> : tensor<6xi64>)
      list_indices(dense<[5, 2, 5, 7, 7]> : tensor<5xi32>)
      tiles(dense<[[0, 0], [3, 1], [5, 3]]> : tensor<3x2xi32>) : !hag.plan<set, 5>
  %y = hag.plan_aggregate sum %p, %x : !hag.plan<set, 5>, tensor<5x1024xf32> -> tensor<5x1024xf32>
  return %y : tensor<5x1024xf32>
}

func.func @tiled_sum_dynamic(%x: tensor<5x?xf32>) -> tensor<5x?xf32> {
  %p = hag.plan_constant agg_inputs(dense<[[0, 1], [0, 1], [6, 2]]> : tensor<3x2xi32>)
      levels(dense<[0, 3]> : tensor<2xi32>)
      list_offsets(dense<[0, 0, 1, 3, 4, 5]> : tensor<6xi64>)
      list_indices(dense<[5, 2, 5, 7, 7]> : tensor<5xi32>)
      tiles(dense<[[0, 0], [3, 1], [5, 3]]> : tensor<3x2xi32>) : !hag.plan<set, 5>
  %y = hag.plan_aggregate sum %p, %x : !hag.plan<set, 5>, tensor<5x?xf32> -> tensor<5x?xf32>
  return %y : tensor<5x?xf32>
}
