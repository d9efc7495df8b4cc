// RUN: hag-opt %s -split-input-file -convert-hag-to-scf | FileCheck %s
// RUN: hag-opt %s -split-input-file -convert-hag-to-scf | FileCheck %s --check-prefix=MSG
// RUN: hag-opt %s -split-input-file -convert-hag-to-scf | FileCheck %s --check-prefix=STATIC

// Where features' rows are counted only at run time, the kernel checks them
// against the node count and stops with a message naming the aggregation's
// place, written to stderr (write(2) and abort(), not cf.assert's puts,
// which abort() does not flush): the run-time graphs, then the constant
// graph of 3 nodes over features of a dynamic row count.
// MSG: llvm.mlir.global private constant @hag_check_message("{{.*}}basic.mlir:{{[0-9]+}}:8: error: the features of this aggregation have a row count other than its graph's node count\0A")
// MSG: llvm.func @write(i32, !llvm.ptr, i64) -> i64
// MSG: llvm.mlir.global private constant @hag_check_message("{{.*}}basic.mlir:{{[0-9]+}}:8: error: the features of this aggregation have a row count other than its graph's node count\0A")
// MSG: llvm.mlir.global private constant @hag_check_message("{{.*}}basic.mlir:{{[0-9]+}}:8: error: the features of this aggregation have a row count other than its graph's node count (3)\0A")

// A plain sum over a constant graph: one parallel loop over parts of the
// nodes of equal work (list entries plus 4 per row: 0, 4, 9 and 15 before
// nodes 0..3; the shares 5 and 10 are nearest the boundaries after nodes 0
// and 1, so each of the three parts holds one node), whose bounds are a
// constant; in a part, a loop
// over its nodes, and a loop over the node's inputs reading each input row
// whole (one 16-float block: static rows of up to 16 blocks go together),
// accumulated in f32 and written into the node's row of the part's slice.
// No hag op is left.
// CHECK-LABEL: func.func @aggregate_sum
// CHECK-DAG: %[[OFF:.*]] = arith.constant dense<[0, 0, 1, 3]> : tensor<4xi64>
// CHECK-DAG: %[[IDX:.*]] = arith.constant dense<[0, 0, 1]> : tensor<3xi32>
// CHECK-DAG: %[[PARTS:.*]] = arith.constant dense<[0, 1, 2, 3]> : tensor<4xi64>
// CHECK: scf.forall (%[[P:.*]]) in (3) shared_outs(%[[OUT:.*]] = %{{.*}}) -> (tensor<3x16xf32>)
// CHECK: %[[FIRST:.*]] = tensor.extract %[[PARTS]][%[[P]]]
// CHECK: %[[R0:.*]] = arith.index_cast %[[FIRST]]
// CHECK: %[[LAST:.*]] = tensor.extract %[[PARTS]]
// CHECK: %[[R1:.*]] = arith.index_cast %[[LAST]]
// CHECK: %[[SLICE:.*]] = tensor.extract_slice %[[OUT]][%[[R0]], 0] [%{{.*}}, 16] [1, 1]
// CHECK: scf.for %[[V:[a-z0-9_]+]] = %[[R0]] to %[[R1]] step %{{.*}} iter_args(%{{.*}} = %[[SLICE]]) -> (tensor<?x16xf32>)
// CHECK: tensor.extract %[[OFF]][%[[V]]]
// CHECK: scf.for %[[E:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[ACC:.*]] = %{{.*}}) -> (vector<16xf32>)
// CHECK: tensor.extract %[[IDX]][%[[E]]]
// CHECK: vector.transfer_read %{{.*}}[%{{.*}}, %{{.*}}], %{{.*}} {in_bounds = [true]} : tensor<3x16xf32>, vector<16xf32>
// CHECK: arith.addf %[[ACC]]
// CHECK: vector.transfer_write
// CHECK: tensor.parallel_insert_slice
// CHECK-NOT: hag.
// Static sizes are the verifier's: no check at run time, nothing declared
// for one (the first split's module, up to its function's end).
// STATIC-NOT: @abort
// STATIC-NOT: @write
// STATIC-LABEL: func.func @aggregate_sum
// STATIC-NOT: @abort
// STATIC: return
func.func @aggregate_sum(%x: tensor<3x16xf32>) -> tensor<3x16xf32> {
  %g = hag.graph_constant offsets(dense<[0, 0, 1, 3]> : tensor<4xi64>)
                          indices(dense<[0, 0, 1]> : tensor<3xi32>) : !hag.graph<3>
  %y = hag.aggregate sum %g, %x : !hag.graph<3>, tensor<3x16xf32> -> tensor<3x16xf32>
  return %y : tensor<3x16xf32>
}

// -----

// A run-time graph uses its tensors directly. Its parts are of equal work
// from 16384 nodes up, each bound a binary search over the offsets for the
// first node whose work before it (entries + 4 per row) reaches the part's
// share, or the node before where that is strictly nearer, and of equal row
// counts below; a width that is not a multiple of 8
// goes in passes of four, two and one full 8-float blocks (here one: 12 =
// 8 + 4), then a masked block for the tail; bf16 rows are widened to f32.
// CHECK-LABEL: func.func @aggregate_runtime_graph_bf16
// CHECK-SAME: (%[[O:.*]]: tensor<?xi64>, %[[I:.*]]: tensor<?xi32>, %[[X:.*]]: tensor<?x12xbf16>
// The features' row count is checked against the node count at run time.
// CHECK: %[[ROWS:.*]] = tensor.dim %[[X]], %c0
// CHECK: %[[LEN:.*]] = tensor.dim %[[O]], %c0
// CHECK: %[[NODES:.*]] = arith.subi %[[LEN]], %c1
// CHECK: %[[DIFFER:.*]] = arith.cmpi ne, %[[ROWS]], %[[NODES]]
// CHECK: scf.if %[[DIFFER]] {
// CHECK-NEXT: llvm.call @write(%{{.*}}, %{{.*}}, %{{.*}})
// CHECK-NEXT: llvm.call @abort()
// CHECK: %[[N:.*]] = tensor.dim
// CHECK: %[[SEARCHED:.*]] = arith.cmpi uge, %[[N]], %c16384
// CHECK: %[[MOST:.*]] = arith.select %[[SEARCHED]], %c16, %c64
// CHECK: %[[PARTS:.*]] = arith.minui %[[N]], %[[MOST]]
// CHECK: scf.forall (%[[P:.*]]) in (%[[PARTS]])
// CHECK: %[[R0:.*]] = scf.if %[[SEARCHED]] -> (index) {
// CHECK: %[[TARGET:.*]] = arith.muli %[[P]], %[[TOTAL:.*]] : index
// CHECK: %[[FOUND:.*]]:2 = scf.while (%[[LO:.*]] = %c0, %[[HI:.*]] = %[[N]])
// CHECK: arith.cmpi ult, %[[LO]], %[[HI]]
// CHECK: %[[MID:.*]] = arith.shrui
// CHECK: %[[ROWS:.*]] = arith.muli %[[MID]], %c4
// CHECK: tensor.extract %[[O]][%[[MID]]]
// CHECK: %[[WORK:.*]] = arith.addi %{{.*}}, %[[ROWS]]
// CHECK: %[[SCALED:.*]] = arith.muli %[[WORK]], %[[PARTS]]
// CHECK: arith.cmpi ult, %[[SCALED]], %[[TARGET]]
// CHECK: %[[ONE:.*]] = arith.minui %[[FOUND]]#0, %c1
// CHECK: %[[BEFORE:.*]] = arith.subi %[[FOUND]]#0, %[[ONE]]
// CHECK: %[[UNDER:.*]] = arith.subi %[[TARGET]], %{{.*}}
// CHECK: %[[OVER:.*]] = arith.subi %{{.*}}, %[[TARGET]]
// CHECK: %[[NEARER:.*]] = arith.cmpi ult, %[[UNDER]], %[[OVER]]
// CHECK: %[[AFTER_FIRST:.*]] = arith.cmpi ugt, %[[FOUND]]#0, %c0
// CHECK: %[[BACK:.*]] = arith.andi %[[NEARER]], %[[AFTER_FIRST]]
// CHECK: arith.select %[[BACK]], %[[BEFORE]], %[[FOUND]]#0
// CHECK: } else {
// CHECK: %[[SHARE:.*]] = arith.muli %[[P]], %[[N]]
// CHECK: arith.divui %[[SHARE]], %[[PARTS]]
// CHECK: %[[R1:.*]] = scf.if %[[SEARCHED]] -> (index) {
// CHECK: scf.for %{{.*}} = %[[R0]] to %[[R1]] {{.*}} -> (tensor<?x12xbf16>)
// CHECK: scf.for {{.*}} -> (tensor<?x12xbf16>)
// CHECK: tensor.extract %[[O]]
// CHECK: vector.transfer_read {{.*}} : tensor<?x12xbf16>, vector<8xbf16>
// CHECK: arith.extf {{.*}} : vector<8xbf16> to vector<8xf32>
// CHECK: arith.maximumf
// CHECK: arith.truncf {{.*}} : vector<8xf32> to vector<8xbf16>
// CHECK-NOT: hag.
func.func @aggregate_runtime_graph_bf16(%o: tensor<?xi64>, %i: tensor<?xi32>,
                                        %x: tensor<?x12xbf16>) -> tensor<?x12xbf16> {
  %g = hag.graph_from_tensors %o, %i : tensor<?xi64>, tensor<?xi32> -> !hag.graph<?>
  %y = hag.aggregate max %g, %x : !hag.graph<?>, tensor<?x12xbf16> -> tensor<?x12xbf16>
  return %y : tensor<?x12xbf16>
}

// -----

// GCN's normalization over a run-time graph: deg(x)^-1/2 of every node is
// computed once, 8 nodes per step (masked reads of the offsets and a masked
// write), before the parallel loop; the loop reads a scale per input entry
// and per node, and computes no square root.
// CHECK-LABEL: func.func @aggregate_runtime_graph_symmetric
// CHECK-SAME: (%[[O:.*]]: tensor<?xi64>, %[[I:.*]]: tensor<?xi32>, %[[X:.*]]: tensor<?x16xf32>
// CHECK: scf.if
// CHECK: %[[N:.*]] = tensor.dim %[[X]], %c0
// CHECK: %[[EMPTY:.*]] = tensor.empty(%[[N]]) : tensor<?xf32>
// CHECK: %[[SCALES:.*]] = scf.for %[[V:.*]] = %c0 to %[[N]] step %c8 iter_args(%[[ACC:.*]] = %[[EMPTY]])
// CHECK: %[[NEXT:.*]] = arith.addi %[[V]], %c1
// CHECK: %[[LO:.*]] = vector.transfer_read %[[O]][%[[V]]], %{{.*}} : tensor<?xi64>, vector<8xi64>
// CHECK: %[[HI:.*]] = vector.transfer_read %[[O]][%[[NEXT]]], %{{.*}} : tensor<?xi64>, vector<8xi64>
// CHECK: %[[DEG:.*]] = arith.subi %[[HI]], %[[LO]] : vector<8xi64>
// CHECK: %[[EMPTYROW:.*]] = arith.cmpi eq, %[[DEG]]
// CHECK: %[[RSQRT:.*]] = math.rsqrt {{.*}} : vector<8xf32>
// CHECK: %[[SCALE:.*]] = arith.select %[[EMPTYROW]], %{{.*}}, %[[RSQRT]]
// CHECK: vector.transfer_write %[[SCALE]], %[[ACC]][%[[V]]] : vector<8xf32>, tensor<?xf32>
// CHECK: scf.forall
// CHECK-NOT: math.rsqrt
// CHECK: tensor.extract %[[SCALES]]
// CHECK: vector.fma
// CHECK-NOT: math.rsqrt
// CHECK: return
func.func @aggregate_runtime_graph_symmetric(%o: tensor<?xi64>, %i: tensor<?xi32>,
                                             %x: tensor<?x16xf32>) -> tensor<?x16xf32> {
  %g = hag.graph_from_tensors %o, %i : tensor<?xi64>, tensor<?xi32> -> !hag.graph<?>
  %y = hag.aggregate sum %g, %x normalization(symmetric)
      : !hag.graph<?>, tensor<?x16xf32> -> tensor<?x16xf32>
  return %y : tensor<?x16xf32>
}

// -----

// A dynamic width: passes of four full 16-float blocks, read and written
// unmasked (the indices read once per 64 floats), then the full blocks left
// (at most a pass of two and one of one, unmasked too), then a masked block
// for a ragged end.
// CHECK-LABEL: func.func @aggregate_dynamic_width
// CHECK: scf.forall
// CHECK: scf.for {{.*}} -> (tensor<?x?xf32>)
// CHECK: %[[QUADS:.*]] = scf.for %{{.*}} = %c0 to %[[QUADS_END:.*]] step %c64 iter_args
// CHECK-COUNT-4: vector.transfer_read {{.*}} {in_bounds = [true]} : tensor<?x?xf32>, vector<16xf32>
// CHECK-COUNT-4: vector.transfer_write {{.*}} {in_bounds = [true]} : vector<16xf32>
// CHECK: %[[PAIRS:.*]] = scf.for %{{.*}} = %[[QUADS_END]] to %[[PAIRS_END:.*]] step %c32 iter_args(%{{.*}} = %[[QUADS]])
// CHECK-COUNT-2: vector.transfer_read {{.*}} {in_bounds = [true]} : tensor<?x?xf32>, vector<16xf32>
// CHECK-COUNT-2: vector.transfer_write {{.*}} {in_bounds = [true]} : vector<16xf32>
// CHECK: %[[ONES:.*]] = scf.for %{{.*}} = %[[PAIRS_END]] to %[[FULL_END:.*]] step %c16 iter_args(%{{.*}} = %[[PAIRS]])
// CHECK: vector.transfer_read {{.*}} {in_bounds = [true]} : tensor<?x?xf32>, vector<16xf32>
// CHECK: vector.transfer_write {{.*}} {in_bounds = [true]} : vector<16xf32>
// CHECK: scf.for %{{.*}} = %[[FULL_END]] to %{{.*}} step %c16 iter_args(%{{.*}} = %[[ONES]])
// CHECK: vector.transfer_read {{.*}} : tensor<?x?xf32>, vector<16xf32>
// CHECK-NOT: in_bounds = [true]
// CHECK: vector.transfer_write
// CHECK-NOT: hag.
func.func @aggregate_dynamic_width(%o: tensor<?xi64>, %i: tensor<?xi32>,
                                   %x: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %g = hag.graph_from_tensors %o, %i : tensor<?xi64>, tensor<?xi32> -> !hag.graph<?>
  %y = hag.aggregate sum %g, %x : !hag.graph<?>, tensor<?x?xf32> -> tensor<?x?xf32>
  return %y : tensor<?x?xf32>
}

// -----

// Through a plan: one parallel loop per level writes the aggregation-node
// rows (f32); a pair checks each of its inputs for which kind of row it
// names. The final lists are reordered with their aggregation rows first
// (node 7's [4, 10] becomes [10, 4]), and a constant of splits says where
// each list's input rows begin, so the final loop reads a list in two loops
// that check nothing: node rows, then input rows.
// CHECK-LABEL: func.func @plan_aggregate_two_levels
// CHECK-DAG: %[[LIST:.*]] = arith.constant dense<[10, 3, 10, 4, 10, 5]> : tensor<6xi32>
// CHECK-DAG: %[[SPLITS:.*]] = arith.constant dense<[0, 0, 0, 0, 0, 0, 1, 3, 5]> : tensor<9xi64>
// CHECK: %[[L1:.*]] = scf.forall {{.*}} -> (tensor<2x8xf32>)
// CHECK: scf.if
// CHECK: %[[L2:.*]] = scf.forall {{.*}} shared_outs(%{{.*}} = %[[L1]]) -> (tensor<2x8xf32>)
// CHECK: scf.forall {{.*}} -> (tensor<9x8xf32>)
// CHECK: scf.for %[[V:[a-z0-9_]+]] = {{.*}} -> (tensor<?x8xf32>)
// CHECK: %[[SPLIT:.*]] = tensor.extract %[[SPLITS]][%[[V]]]
// CHECK: %[[S:.*]] = arith.index_cast %[[SPLIT]]
// CHECK: %[[NODES:.*]] = scf.for %{{.*}} = %{{.*}} to %[[S]]
// CHECK-NOT: scf.if
// CHECK: vector.transfer_read %[[L2]]
// CHECK: scf.for %{{.*}} = %[[S]] to %{{.*}} iter_args(%{{.*}} = %[[NODES]])
// CHECK-NOT: scf.if
// CHECK: vector.transfer_read %arg0
// CHECK-NOT: hag.
func.func @plan_aggregate_two_levels(%x: tensor<9x8xf32>) -> tensor<9x8xf32> {
  %p = hag.plan_constant agg_inputs(dense<[[0, 1], [9, 2]]> : tensor<2x2xi32>)
      levels(dense<[0, 1, 2]> : tensor<3xi32>)
      list_offsets(dense<[0, 0, 0, 0, 0, 0, 0, 2, 4, 6]> : tensor<10xi64>)
      list_indices(dense<[10, 3, 4, 10, 10, 5]> : tensor<6xi32>) : !hag.plan<set, 9>
  %y = hag.plan_aggregate mean %p, %x : !hag.plan<set, 9>, tensor<9x8xf32> -> tensor<9x8xf32>
  return %y : tensor<9x8xf32>
}

// -----

// Wide nodes (agg_offsets): 6 = (0, 1, 2, 3) and 7 = (4, 6), read by nodes
// 4 and 5. A node's row starts from the identity, folds its node-row inputs
// in one loop and its input rows in another (node 7's run is reordered to
// [6, 4], its split at element 5), and is written once. The inputs stay a
// flat array; the offsets and splits become constants the loop bounds come
// from.
// CHECK-LABEL: func.func @plan_aggregate_wide_node
// CHECK-DAG: %[[IN:.*]] = arith.constant dense<[0, 1, 2, 3, 6, 4]> : tensor<6xi32>
// CHECK-DAG: %[[OFFS:.*]] = arith.constant dense<[0, 4, 6]> : tensor<3xi64>
// CHECK-DAG: %[[SPLITS:.*]] = arith.constant dense<[0, 5]> : tensor<2xi64>
// CHECK: %[[L1:.*]] = scf.forall (%[[K:.*]]) in {{.*}} -> (tensor<2x8xf32>)
// CHECK: tensor.extract %[[OFFS]][%[[K]]]
// CHECK: tensor.extract %[[OFFS]]
// CHECK: %[[SPLIT:.*]] = tensor.extract %[[SPLITS]][%[[K]]]
// CHECK: %[[S:.*]] = arith.index_cast %[[SPLIT]]
// CHECK: scf.for %[[I:.*]] = %{{.*}} to %[[S]] step %{{.*}} iter_args(%{{.*}} = %{{.*}}) -> (vector<8xf32>)
// CHECK: tensor.extract %[[IN]][%[[I]]]
// CHECK: arith.addf
// CHECK: scf.for %[[J:.*]] = %[[S]] to %{{.*}} step %{{.*}} iter_args(%{{.*}} = %{{.*}}) -> (vector<8xf32>)
// CHECK: tensor.extract %[[IN]][%[[J]]]
// CHECK: arith.addf
// CHECK: %[[ROWS:.*]] = scf.forall {{.*}} shared_outs(%{{.*}} = %[[L1]])
// CHECK: scf.forall {{.*}} -> (tensor<6x8xf32>)
// CHECK: vector.transfer_read %[[ROWS]]
// CHECK-NOT: hag.
func.func @plan_aggregate_wide_node(%x: tensor<6x8xf32>) -> tensor<6x8xf32> {
  %p = hag.plan_constant agg_inputs(dense<[0, 1, 2, 3, 4, 6]> : tensor<6xi32>)
      agg_offsets(dense<[0, 4, 6]> : tensor<3xi64>)
      levels(dense<[0, 1, 2]> : tensor<3xi32>)
      list_offsets(dense<[0, 0, 0, 0, 0, 1, 2]> : tensor<7xi64>)
      list_indices(dense<[6, 7]> : tensor<2xi32>) : !hag.plan<set, 6>
  %y = hag.plan_aggregate sum %p, %x : !hag.plan<set, 6>, tensor<6x8xf32> -> tensor<6x8xf32>
  return %y : tensor<6x8xf32>
}

// -----

// A custom combiner has no identity (its fold starts with the first row), so
// its lists keep their order and every entry is checked for which kind of
// row it names (node 4's list stays [4, 6]).
// CHECK-LABEL: func.func @plan_aggregate_custom_checked
// CHECK-DAG: arith.constant dense<[4, 6, 6]> : tensor<3xi32>
// CHECK: scf.forall {{.*}} -> (tensor<1x8xf32>)
// CHECK: scf.forall {{.*}} -> (tensor<6x8xf32>)
// CHECK: scf.for
// CHECK: scf.if
// CHECK-NOT: hag.
func.func @plan_aggregate_custom_checked(%x: tensor<6x8xf32>) -> tensor<6x8xf32> {
  %p = hag.plan_constant agg_inputs(dense<[0, 1, 2, 3]> : tensor<4xi32>)
      agg_offsets(dense<[0, 4]> : tensor<2xi64>)
      levels(dense<[0, 1]> : tensor<2xi32>)
      list_offsets(dense<[0, 0, 0, 0, 0, 2, 3]> : tensor<7xi64>)
      list_indices(dense<[4, 6, 6]> : tensor<3xi32>) : !hag.plan<set, 6>
  %y = hag.plan_aggregate custom %p, %x commutative combiner {
  ^bb0(%a: f32, %b: f32):
    %m = arith.maximumf %a, %b : f32
    hag.yield %m : f32
  } : !hag.plan<set, 6>, tensor<6x8xf32> -> tensor<6x8xf32>
  return %y : tensor<6x8xf32>
}

// -----

// A constant graph over features of a row count known only at run time:
// the kernel checks that count against the graph's 3 nodes before it reads
// (features of another graph were read and written out of bounds).
// CHECK-LABEL: func.func @constant_graph_dynamic_rows
// CHECK-SAME: (%[[X:.*]]: tensor<?x16xf32>)
// CHECK: %[[ROWS:.*]] = tensor.dim %[[X]], %c0
// CHECK: %[[DIFFER:.*]] = arith.cmpi ne, %[[ROWS]], %c3
// CHECK: scf.if %[[DIFFER]] {
// CHECK-NEXT: llvm.call @write(%{{.*}}, %{{.*}}, %{{.*}})
// CHECK-NEXT: llvm.call @abort()
// CHECK: scf.forall
func.func @constant_graph_dynamic_rows(%x: tensor<?x16xf32>) -> tensor<?x16xf32> {
  %g = hag.graph_constant offsets(dense<[0, 0, 1, 3]> : tensor<4xi64>)
                          indices(dense<[0, 0, 1]> : tensor<3xi32>) : !hag.graph<3>
  %y = hag.aggregate sum %g, %x : !hag.graph<3>, tensor<?x16xf32> -> tensor<?x16xf32>
  return %y : tensor<?x16xf32>
}

// -----

// Rows of width 0: nothing to compute, the result is an empty tensor (the
// row loops sliced the width-0 tensor at offsets the verifier rejected).
// CHECK-LABEL: func.func @width_zero
// CHECK-NOT: scf.forall
// CHECK: %[[E:.*]] = tensor.empty() : tensor<3x0xf32>
// CHECK-NEXT: return %[[E]]
func.func @width_zero(%x: tensor<3x0xf32>) -> tensor<3x0xf32> {
  %g = hag.graph_constant offsets(dense<[0, 0, 1, 3]> : tensor<4xi64>)
                          indices(dense<[0, 0, 1]> : tensor<3xi32>) : !hag.graph<3>
  %y = hag.aggregate mean %g, %x : !hag.graph<3>, tensor<3x0xf32> -> tensor<3x0xf32>
  return %y : tensor<3x0xf32>
}
