// RUN: hag-opt %s -split-input-file -verify-diagnostics
// One negative case per constraint of docs/HagSpec.md (several where a
// constraint has several checks); each function is named after the constraint
// it breaks. The table at the end of docs/HagSpec.md maps ids to functions.

//===----------------------------------------------------------------------===//
// !hag.graph, !hag.plan
//===----------------------------------------------------------------------===//

// A negative node count is neither '?' nor a count.
// expected-error@+1 {{node count -5 is not '?' or in 0..2^32-1 (32-bit node ids)}}
func.func @graph_type_c1_negative_node_count(%g: !hag.graph<-5>) {
  return
}

// -----

// 2^32 nodes need an id 2^32 - 1, which is the 32-bit sentinel.
// expected-error@+1 {{node count 4294967296 is not '?' or in 0..2^32-1 (32-bit node ids)}}
func.func @graph_type_c1_node_count_beyond_32_bit_ids(%g: !hag.graph<4294967296>) {
  return
}

// -----

// A plan's node count obeys the same rule as a graph's.
// expected-error@+1 {{node count -1 is not '?' or in 0..2^32-1 (32-bit node ids)}}
func.func @plan_type_c1_negative_node_count(%p: !hag.plan<set, -1>) {
  return
}

// -----

//===----------------------------------------------------------------------===//
// hag.graph_constant
//===----------------------------------------------------------------------===//

// A constant graph must say how many nodes it has.
func.func @graph_constant_c1_dynamic_node_count() {
  // expected-error@+1 {{'hag.graph_constant' op needs a static node count in its type}}
  %g = hag.graph_constant offsets(dense<[0, 0, 1, 3]> : tensor<4xi64>)
                          indices(dense<[0, 0, 1]> : tensor<3xi32>) : !hag.graph<?>
  return
}

// -----

// Offsets are 64-bit.
func.func @graph_constant_c2_offsets_not_i64() {
  // expected-error@+1 {{'hag.graph_constant' op expects 'offsets' to be a static 1-D array of i64, got 'tensor<4xi32>'}}
  %g = hag.graph_constant offsets(dense<[0, 0, 1, 3]> : tensor<4xi32>)
                          indices(dense<[0, 0, 1]> : tensor<3xi32>) : !hag.graph<3>
  return
}

// -----

// Offsets are 1-D.
func.func @graph_constant_c2_offsets_not_1d() {
  // expected-error@+1 {{'hag.graph_constant' op expects 'offsets' to be a static 1-D array of i64, got 'tensor<2x2xi64>'}}
  %g = hag.graph_constant offsets(dense<[[0, 0], [1, 3]]> : tensor<2x2xi64>)
                          indices(dense<[0, 0, 1]> : tensor<3xi32>) : !hag.graph<3>
  return
}

// -----

// Three nodes need four offsets.
func.func @graph_constant_c2_offsets_count() {
  // expected-error@+1 {{'hag.graph_constant' op expects 4 offsets for a graph of 3 nodes, got 3}}
  %g = hag.graph_constant offsets(dense<[0, 1, 3]> : tensor<3xi64>)
                          indices(dense<[0, 0, 1]> : tensor<3xi32>) : !hag.graph<3>
  return
}

// -----

// Indices are 32-bit node ids.
func.func @graph_constant_c3_indices_not_i32() {
  // expected-error@+1 {{'hag.graph_constant' op expects 'indices' to be a static 1-D array of i32, got 'tensor<3xi64>'}}
  %g = hag.graph_constant offsets(dense<[0, 0, 1, 3]> : tensor<4xi64>)
                          indices(dense<[0, 0, 1]> : tensor<3xi64>) : !hag.graph<3>
  return
}

// -----

// Offsets must start at 0.
func.func @graph_constant_c4_offsets_do_not_start_at_0() {
  // expected-error@+1 {{'hag.graph_constant' op holds an invalid CSR: CSR offsets must start at 0, found 1}}
  %g = hag.graph_constant offsets(dense<[1, 1, 2, 3]> : tensor<4xi64>)
                          indices(dense<[0, 0, 1]> : tensor<3xi32>) : !hag.graph<3>
  return
}

// -----

// Row 1 would end before it starts.
func.func @graph_constant_c4_offsets_decrease() {
  // expected-error@+1 {{'hag.graph_constant' op holds an invalid CSR: CSR offsets decrease at node 1}}
  %g = hag.graph_constant offsets(dense<[0, 2, 1, 3]> : tensor<4xi64>)
                          indices(dense<[0, 0, 1]> : tensor<3xi32>) : !hag.graph<3>
  return
}

// -----

// The last offset must be the number of indices.
func.func @graph_constant_c4_offsets_do_not_end_at_indices_size() {
  // expected-error@+1 {{'hag.graph_constant' op holds an invalid CSR: CSR offsets end at 2 but there are 3 indices}}
  %g = hag.graph_constant offsets(dense<[0, 0, 1, 2]> : tensor<4xi64>)
                          indices(dense<[0, 0, 1]> : tensor<3xi32>) : !hag.graph<3>
  return
}

// -----

// Node 3 does not exist in a graph of 3 nodes.
func.func @graph_constant_c5_index_out_of_range() {
  // expected-error@+1 {{'hag.graph_constant' op holds an invalid CSR: CSR index 2 is 3, not below 3 nodes}}
  %g = hag.graph_constant offsets(dense<[0, 0, 1, 3]> : tensor<4xi64>)
                          indices(dense<[0, 0, 3]> : tensor<3xi32>) : !hag.graph<3>
  return
}

// -----

// The same out-of-range index held in a dense_resource blob: checked once the
// blob is loaded (the blob is [0, 0, 9] after its 4-byte alignment word).
func.func @graph_constant_c5_index_out_of_range_in_resource() {
  // expected-error@+1 {{'hag.graph_constant' op holds an invalid CSR: CSR index 2 is 9, not below 3 nodes}}
  %g = hag.graph_constant offsets(dense<[0, 0, 1, 3]> : tensor<4xi64>)
                          indices(dense_resource<bad_indices> : tensor<3xi32>)
                          : !hag.graph<3>
  return
}

{-#
  dialect_resources: {
    builtin: {
      bad_indices: "0x04000000000000000000000009000000"
    }
  }
#-}

// -----

// A blob of another length than its type: the readers take the count from
// the blob, so it described another graph (a shorter one ran a kernel that
// wrote no row and exited 0).
func.func @graph_constant_c3_resource_length_differs_from_type() {
  // expected-error@+1 {{'hag.graph_constant' op expects 'indices' to hold 3 i32 values (12 bytes), as its type says; its blob holds 8 bytes}}
  %g = hag.graph_constant offsets(dense<[0, 0, 1, 3]> : tensor<4xi64>)
                          indices(dense_resource<short_indices> : tensor<3xi32>)
                          : !hag.graph<3>
  return
}

{-#
  dialect_resources: {
    builtin: {
      short_indices: "0x040000000000000001000000"
    }
  }
#-}

// -----

// An array beyond any machine's memory (a splat of 10^12 indices) is
// refused before it is read (reading it ended in "LLVM ERROR: out of
// memory").
func.func @graph_constant_c2_array_beyond_memory() {
  // expected-error@+1 {{'hag.graph_constant' op 'indices' of 1000000000000 elements would need}}
  %g = hag.graph_constant offsets(dense<[0, 1000000000000]> : tensor<2xi64>)
                          indices(dense<0> : tensor<1000000000000xi32>)
                          : !hag.graph<1>
  return
}

// -----

//===----------------------------------------------------------------------===//
// hag.graph_from_tensors
//===----------------------------------------------------------------------===//

// Offsets are 64-bit.
func.func @graph_from_tensors_c1_offsets_not_i64(%o: tensor<?xi32>, %i: tensor<?xi32>) {
  // expected-error@+1 {{'hag.graph_from_tensors' op expects 1-D i64 offsets, got 'tensor<?xi32>'}}
  %g = hag.graph_from_tensors %o, %i : tensor<?xi32>, tensor<?xi32> -> !hag.graph<?>
  return
}

// -----

// Offsets are 1-D.
func.func @graph_from_tensors_c1_offsets_not_1d(%o: tensor<?x2xi64>, %i: tensor<?xi32>) {
  // expected-error@+1 {{'hag.graph_from_tensors' op expects 1-D i64 offsets, got 'tensor<?x2xi64>'}}
  %g = hag.graph_from_tensors %o, %i : tensor<?x2xi64>, tensor<?xi32> -> !hag.graph<?>
  return
}

// -----

// Offsets are integers (the ODS operand type, part of c1).
func.func @graph_from_tensors_c1_offsets_not_integer(%o: tensor<?xf32>, %i: tensor<?xi32>) {
  // expected-error@+1 {{'hag.graph_from_tensors' op operand #0 must be ranked tensor of integer values, but got 'tensor<?xf32>'}}
  %g = hag.graph_from_tensors %o, %i : tensor<?xf32>, tensor<?xi32> -> !hag.graph<?>
  return
}

// -----

// Indices are 32-bit node ids.
func.func @graph_from_tensors_c2_indices_not_i32(%o: tensor<?xi64>, %i: tensor<?xi64>) {
  // expected-error@+1 {{'hag.graph_from_tensors' op expects 1-D i32 indices, got 'tensor<?xi64>'}}
  %g = hag.graph_from_tensors %o, %i : tensor<?xi64>, tensor<?xi64> -> !hag.graph<?>
  return
}

// -----

// Four nodes need five offsets.
func.func @graph_from_tensors_c3_offsets_length(%o: tensor<4xi64>, %i: tensor<?xi32>) {
  // expected-error@+1 {{'hag.graph_from_tensors' op expects 5 offsets for a graph of 4 nodes, got 4}}
  %g = hag.graph_from_tensors %o, %i : tensor<4xi64>, tensor<?xi32> -> !hag.graph<4>
  return
}

// -----

//===----------------------------------------------------------------------===//
// hag.graph_from_edges
//===----------------------------------------------------------------------===//

// Edge arrays are 64-bit ids.
func.func @graph_from_edges_c1_sources_not_i64(%s: tensor<?xi32>, %t: tensor<?xi64>, %n: index) {
  // expected-error@+1 {{'hag.graph_from_edges' op expects 1-D i64 edge arrays, got 'tensor<?xi32>'}}
  %g = hag.graph_from_edges %s, %t nodes(%n) : tensor<?xi32>, tensor<?xi64> -> !hag.graph<?>
  return
}

// -----

// Edge arrays are 1-D.
func.func @graph_from_edges_c1_targets_not_1d(%s: tensor<?xi64>, %t: tensor<?x2xi64>, %n: index) {
  // expected-error@+1 {{'hag.graph_from_edges' op expects 1-D i64 edge arrays, got 'tensor<?x2xi64>'}}
  %g = hag.graph_from_edges %s, %t nodes(%n) : tensor<?xi64>, tensor<?x2xi64> -> !hag.graph<?>
  return
}

// -----

// Edge arrays are integers (the ODS operand type, part of c1).
func.func @graph_from_edges_c1_sources_not_integer(%s: tensor<?xf32>, %t: tensor<?xi64>, %n: index) {
  // expected-error@+1 {{'hag.graph_from_edges' op operand #0 must be ranked tensor of integer values, but got 'tensor<?xf32>'}}
  %g = hag.graph_from_edges %s, %t nodes(%n) : tensor<?xf32>, tensor<?xi64> -> !hag.graph<?>
  return
}

// -----

// One target per source.
func.func @graph_from_edges_c2_lengths_differ(%s: tensor<5xi64>, %t: tensor<6xi64>, %n: index) {
  // expected-error@+1 {{'hag.graph_from_edges' op expects as many sources as targets, got 5 and 6}}
  %g = hag.graph_from_edges %s, %t nodes(%n) : tensor<5xi64>, tensor<6xi64> -> !hag.graph<?>
  return
}

// -----

// A constant node count agrees with the type.
func.func @graph_from_edges_c3_node_count_differs(%s: tensor<?xi64>, %t: tensor<?xi64>) {
  %n = arith.constant 5 : index
  // expected-error@+1 {{'hag.graph_from_edges' op has 5 nodes but its type says 4}}
  %g = hag.graph_from_edges %s, %t nodes(%n) : tensor<?xi64>, tensor<?xi64> -> !hag.graph<4>
  return
}

// -----

// And is not negative.
func.func @graph_from_edges_c3_negative_node_count(%s: tensor<?xi64>, %t: tensor<?xi64>) {
  %n = arith.constant -1 : index
  // expected-error@+1 {{'hag.graph_from_edges' op expects a node count >= 0, got -1}}
  %g = hag.graph_from_edges %s, %t nodes(%n) : tensor<?xi64>, tensor<?xi64> -> !hag.graph<?>
  return
}

// -----

//===----------------------------------------------------------------------===//
// hag.graph_from_csr
//===----------------------------------------------------------------------===//

// A dense matrix has no sparsity pattern to read.
func.func @graph_from_csr_c1_not_sparse(%a: tensor<4x4xf32>) {
  // expected-error@+1 {{'hag.graph_from_csr' op expects a 2-D CSR sparse tensor (dense, then compressed levels in dimension order), got 'tensor<4x4xf32>'}}
  %g = hag.graph_from_csr %a : tensor<4x4xf32> -> !hag.graph<4>
  return
}

// -----

// CSC (levels in transposed order) is not CSR.
#CSC = #sparse_tensor.encoding<{ map = (i, j) -> (j : dense, i : compressed) }>
func.func @graph_from_csr_c1_csc_layout(%a: tensor<4x4xf32, #CSC>) {
  // expected-error@+1 {{'hag.graph_from_csr' op expects a 2-D CSR sparse tensor (dense, then compressed levels in dimension order), got 'tensor<4x4xf32, #sparse_tensor.encoding<{ map = (d0, d1) -> (d1 : dense, d0 : compressed) }>>'}}
  %g = hag.graph_from_csr %a : tensor<4x4xf32, #CSC> -> !hag.graph<4>
  return
}

// -----

// COO (compressed, then singleton) is not CSR.
#COO = #sparse_tensor.encoding<{ map = (i, j) -> (i : compressed(nonunique), j : singleton) }>
func.func @graph_from_csr_c1_coo_layout(%a: tensor<4x4xf32, #COO>) {
  // expected-error@+1 {{'hag.graph_from_csr' op expects a 2-D CSR sparse tensor (dense, then compressed levels in dimension order), got 'tensor<4x4xf32, #sparse_tensor.encoding<{ map = (d0, d1) -> (d0 : compressed(nonunique), d1 : singleton) }>>'}}
  %g = hag.graph_from_csr %a : tensor<4x4xf32, #COO> -> !hag.graph<4>
  return
}

// -----

// An adjacency matrix is square.
#CSR = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed) }>
func.func @graph_from_csr_c2_not_square(%a: tensor<4x5xf32, #CSR>) {
  // expected-error@+1 {{'hag.graph_from_csr' op expects a square matrix, got 'tensor<4x5xf32, #sparse_tensor.encoding<{ map = (d0, d1) -> (d0 : dense, d1 : compressed) }>>'}}
  %g = hag.graph_from_csr %a : tensor<4x5xf32, #CSR> -> !hag.graph<4>
  return
}

// -----

// One node per matrix row.
#CSR = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed) }>
func.func @graph_from_csr_c3_node_count_differs_from_rows(%a: tensor<4x?xf32, #CSR>) {
  // expected-error@+1 {{'hag.graph_from_csr' op makes a graph of 5 nodes from a matrix with 4 rows}}
  %g = hag.graph_from_csr %a : tensor<4x?xf32, #CSR> -> !hag.graph<5>
  return
}

// -----

//===----------------------------------------------------------------------===//
// hag.graph_load
//===----------------------------------------------------------------------===//

// The file path is empty.
func.func @graph_load_c1_empty_path() {
  // expected-error@+1 {{'hag.graph_load' op needs a file path}}
  %g = hag.graph_load "" : !hag.graph<?>
  return
}

// -----

// json is not a graph format hag-search reads.
func.func @graph_load_c2_unknown_format() {
  // expected-error@+1 {{'hag.graph_load' op unknown format 'json' (auto, edgelist, mtx, tu, dgcnn, cites, csr)}}
  %g = hag.graph_load "graph.json" {format = "json"} : !hag.graph<?>
  return
}

// -----

//===----------------------------------------------------------------------===//
// hag.aggregate
//===----------------------------------------------------------------------===//

// Features are floating point (the ODS operand type): i32 is refused.
func.func @aggregate_features_not_float(%g: !hag.graph<4>, %x: tensor<4x8xi32>) {
  // expected-error@+1 {{'hag.aggregate' op operand #1 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type values, but got 'tensor<4x8xi32>'}}
  %0 = hag.aggregate sum %g, %x : !hag.graph<4>, tensor<4x8xi32> -> tensor<4x8xi32>
  return
}

// -----

// Features are N x D (the ODS operand type): a 3-D tensor is refused (the
// message does not say 2-D; the rank predicate is not in the type summary).
func.func @aggregate_features_not_2d(%g: !hag.graph<4>, %x: tensor<4x8x2xf32>) {
  // expected-error@+1 {{'hag.aggregate' op operand #1 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type values, but got 'tensor<4x8x2xf32>'}}
  %0 = hag.aggregate sum %g, %x : !hag.graph<4>, tensor<4x8x2xf32> -> tensor<4x8x2xf32>
  return
}

// -----

// The result has the features' type: no element type change.
func.func @aggregate_c1_result_type_differs(%g: !hag.graph<4>, %x: tensor<4x8xf32>) {
  // expected-error@+1 {{'hag.aggregate' op expects the result type 'tensor<4x8xf16>' to equal the features type 'tensor<4x8xf32>'}}
  %0 = hag.aggregate sum %g, %x : !hag.graph<4>, tensor<4x8xf32> -> tensor<4x8xf16>
  return
}

// -----

// One feature row per node.
func.func @aggregate_c2_feature_rows_differ_from_node_count(%g: !hag.graph<4>, %x: tensor<5x8xf32>) {
  // expected-error@+1 {{'hag.aggregate' op has 5 feature rows for 4 nodes}}
  %0 = hag.aggregate sum %g, %x : !hag.graph<4>, tensor<5x8xf32> -> tensor<5x8xf32>
  return
}

// -----

// Normalisation scales a sum; a mean is already scaled.
func.func @aggregate_c3_normalization_needs_sum(%g: !hag.graph<4>, %x: tensor<4x8xf32>) {
  // expected-error@+1 {{'hag.aggregate' op normalization 'row' needs reduction 'sum', got 'mean'}}
  %0 = hag.aggregate mean %g, %x normalization(row) : !hag.graph<4>, tensor<4x8xf32> -> tensor<4x8xf32>
  return
}

// -----

// reduction = custom without a combiner.
func.func @aggregate_c4_custom_needs_combiner(%g: !hag.graph<4>, %x: tensor<4x8xf32>) {
  // expected-error@+1 {{'hag.aggregate' op reduction 'custom' needs a combiner region}}
  %0 = hag.aggregate custom %g, %x : !hag.graph<4>, tensor<4x8xf32> -> tensor<4x8xf32>
  return
}

// -----

// A built-in reduction with a combiner.
func.func @aggregate_c4_builtin_takes_no_combiner(%g: !hag.graph<4>, %x: tensor<4x8xf32>) {
  // expected-error@+1 {{'hag.aggregate' op only reduction 'custom' takes a combiner region}}
  %0 = hag.aggregate max %g, %x combiner {
  ^bb0(%a: f32, %b: f32):
    %m = arith.maximumf %a, %b : f32
    hag.yield %m : f32
  } : !hag.graph<4>, tensor<4x8xf32> -> tensor<4x8xf32>
  return
}

// -----

// The combiner's arguments have the element type (f32 here, not f16).
func.func @aggregate_c5_combiner_argument_type(%g: !hag.graph<4>, %x: tensor<4x8xf32>) {
  // expected-error@+1 {{'hag.aggregate' op expects the combiner to take two 'f32' arguments (accumulated, next)}}
  %0 = hag.aggregate custom %g, %x combiner {
  ^bb0(%a: f16, %b: f16):
    %s = arith.addf %a, %b : f16
    hag.yield %s : f16
  } : !hag.graph<4>, tensor<4x8xf32> -> tensor<4x8xf32>
  return
}

// -----

// The combiner takes exactly two arguments.
func.func @aggregate_c5_combiner_argument_count(%g: !hag.graph<4>, %x: tensor<4x8xf32>) {
  // expected-error@+1 {{'hag.aggregate' op expects the combiner to take two 'f32' arguments (accumulated, next)}}
  %0 = hag.aggregate custom %g, %x combiner {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %s = arith.addf %a, %b : f32
    hag.yield %s : f32
  } : !hag.graph<4>, tensor<4x8xf32> -> tensor<4x8xf32>
  return
}

// -----

// The combiner yields exactly one value.
func.func @aggregate_c5_combiner_yields_two_values(%g: !hag.graph<4>, %x: tensor<4x8xf32>) {
  // expected-error@+1 {{'hag.aggregate' op expects the combiner to yield one 'f32'}}
  %0 = hag.aggregate custom %g, %x combiner {
  ^bb0(%a: f32, %b: f32):
    hag.yield %a, %b : f32, f32
  } : !hag.graph<4>, tensor<4x8xf32> -> tensor<4x8xf32>
  return
}

// -----

// The combiner yields a value of the element type.
func.func @aggregate_c5_combiner_yield_type(%g: !hag.graph<4>, %x: tensor<4x8xf32>) {
  // expected-error@+1 {{'hag.aggregate' op expects the combiner to yield one 'f32'}}
  %0 = hag.aggregate custom %g, %x combiner {
  ^bb0(%a: f32, %b: f32):
    %e = arith.extf %a : f32 to f64
    hag.yield %e : f64
  } : !hag.graph<4>, tensor<4x8xf32> -> tensor<4x8xf32>
  return
}

// -----

// 'commutative' describes a custom combiner only.
func.func @aggregate_c6_commutative_needs_custom(%g: !hag.graph<4>, %x: tensor<4x8xf32>) {
  // expected-error@+1 {{'hag.aggregate' op 'commutative' only applies to a custom combiner}}
  %0 = hag.aggregate sum %g, %x commutative : !hag.graph<4>, tensor<4x8xf32> -> tensor<4x8xf32>
  return
}

// -----

// hag.yield only terminates a combiner.
func.func @yield_parent_outside_aggregate(%a: f32) {
  // expected-error@+1 {{'hag.yield' op expects parent op to be one of 'hag.aggregate, hag.plan_aggregate'}}
  hag.yield %a : f32
}

// -----

//===----------------------------------------------------------------------===//
// hag.plan_aggregate
//===----------------------------------------------------------------------===//

// The result has the features' type.
func.func @plan_aggregate_c1_result_type_differs(%p: !hag.plan<set, 4>, %x: tensor<4x8xf32>) {
  // expected-error@+1 {{'hag.plan_aggregate' op expects the result type 'tensor<4x9xf32>' to equal the features type 'tensor<4x8xf32>'}}
  %0 = hag.plan_aggregate sum %p, %x : !hag.plan<set, 4>, tensor<4x8xf32> -> tensor<4x9xf32>
  return
}

// -----

// One feature row per node of the plan's graph.
func.func @plan_aggregate_c2_feature_rows_differ_from_node_count(%p: !hag.plan<set, 4>, %x: tensor<3x8xf32>) {
  // expected-error@+1 {{'hag.plan_aggregate' op has 3 feature rows for 4 nodes}}
  %0 = hag.plan_aggregate sum %p, %x : !hag.plan<set, 4>, tensor<3x8xf32> -> tensor<3x8xf32>
  return
}

// -----

// Normalisation needs a sum.
func.func @plan_aggregate_c3_normalization_needs_sum(%p: !hag.plan<set, 4>, %x: tensor<4x8xf32>) {
  // expected-error@+1 {{'hag.plan_aggregate' op normalization 'symmetric' needs reduction 'sum', got 'max'}}
  %0 = hag.plan_aggregate max %p, %x normalization(symmetric) : !hag.plan<set, 4>, tensor<4x8xf32> -> tensor<4x8xf32>
  return
}

// -----

// reduction = custom without a combiner.
func.func @plan_aggregate_c4_custom_needs_combiner(%p: !hag.plan<sequential, 4>, %x: tensor<4x8xf32>) {
  // expected-error@+1 {{'hag.plan_aggregate' op reduction 'custom' needs a combiner region}}
  %0 = hag.plan_aggregate custom %p, %x : !hag.plan<sequential, 4>, tensor<4x8xf32> -> tensor<4x8xf32>
  return
}

// -----

// The combiner's arguments have the element type (bf16 here).
func.func @plan_aggregate_c5_combiner_argument_type(%p: !hag.plan<set, 4>, %x: tensor<4x8xbf16>) {
  // expected-error@+1 {{'hag.plan_aggregate' op expects the combiner to take two 'bf16' arguments (accumulated, next)}}
  %0 = hag.plan_aggregate custom %p, %x commutative combiner {
  ^bb0(%a: f32, %b: f32):
    %s = arith.addf %a, %b : f32
    hag.yield %s : f32
  } : !hag.plan<set, 4>, tensor<4x8xbf16> -> tensor<4x8xbf16>
  return
}

// -----

// 'commutative' describes a custom combiner only.
func.func @plan_aggregate_c6_commutative_needs_custom(%p: !hag.plan<set, 4>, %x: tensor<4x8xf32>) {
  // expected-error@+1 {{'hag.plan_aggregate' op 'commutative' only applies to a custom combiner}}
  %0 = hag.plan_aggregate min %p, %x commutative : !hag.plan<set, 4>, tensor<4x8xf32> -> tensor<4x8xf32>
  return
}

// -----

// A set plan may have regrouped and reordered the inputs: an ordered combiner
// needs a sequential plan.
func.func @plan_aggregate_c7_set_plan_serves_only_set_aggregation(%p: !hag.plan<set, 4>, %x: tensor<4x8xf32>) {
  // expected-error@+1 {{'hag.plan_aggregate' op a set plan cannot serve an ordered (non-commutative) combiner; use a sequential plan}}
  %0 = hag.plan_aggregate custom %p, %x combiner {
  ^bb0(%a: f32, %b: f32):
    %d = arith.subf %a, %b : f32
    hag.yield %d : f32
  } : !hag.plan<set, 4>, tensor<4x8xf32> -> tensor<4x8xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// hag.plan_constant
//===----------------------------------------------------------------------===//

// A constant plan must say how many nodes it has.
func.func @plan_constant_c1_dynamic_node_count() {
  // expected-error@+1 {{'hag.plan_constant' op needs a static node count in its type}}
  %p = hag.plan_constant agg_inputs(dense<[[0, 1]]> : tensor<1x2xi32>)
      levels(dense<[0, 1]> : tensor<2xi32>)
      list_offsets(dense<[0, 0, 0, 0, 2, 4]> : tensor<6xi64>)
      list_indices(dense<[5, 2, 5, 2]> : tensor<4xi32>) : !hag.plan<set, ?>
  return
}

// -----

// agg_inputs are 32-bit ids.
func.func @plan_constant_c2_agg_inputs_not_i32() {
  // expected-error@+1 {{'hag.plan_constant' op expects 'agg_inputs' to be a static 2-D array of i32, got 'tensor<1x2xi64>'}}
  %p = hag.plan_constant agg_inputs(dense<[[0, 1]]> : tensor<1x2xi64>)
      levels(dense<[0, 1]> : tensor<2xi32>)
      list_offsets(dense<[0, 0, 0, 0, 2, 4]> : tensor<6xi64>)
      list_indices(dense<[5, 2, 5, 2]> : tensor<4xi32>) : !hag.plan<set, 5>
  return
}

// -----

// agg_inputs is A x 2.
func.func @plan_constant_c2_agg_inputs_not_two_per_node() {
  // expected-error@+1 {{'hag.plan_constant' op expects two inputs per aggregation node, got 3 (wider nodes need agg_offsets)}}
  %p = hag.plan_constant agg_inputs(dense<[[0, 1, 2]]> : tensor<1x3xi32>)
      levels(dense<[0, 1]> : tensor<2xi32>)
      list_offsets(dense<[0, 0, 0, 0, 1, 2]> : tensor<6xi64>)
      list_indices(dense<[5, 5]> : tensor<2xi32>) : !hag.plan<set, 5>
  return
}

// -----

// levels is a 1-D i32 array.
func.func @plan_constant_c2_levels_not_i32() {
  // expected-error@+1 {{'hag.plan_constant' op expects 'levels' to be a static 1-D array of i32, got 'tensor<2xi64>'}}
  %p = hag.plan_constant agg_inputs(dense<[[0, 1]]> : tensor<1x2xi32>)
      levels(dense<[0, 1]> : tensor<2xi64>)
      list_offsets(dense<[0, 0, 0, 0, 2, 4]> : tensor<6xi64>)
      list_indices(dense<[5, 2, 5, 2]> : tensor<4xi32>) : !hag.plan<set, 5>
  return
}

// -----

// list_offsets is a 1-D i64 array.
func.func @plan_constant_c2_list_offsets_not_i64() {
  // expected-error@+1 {{'hag.plan_constant' op expects 'list_offsets' to be a static 1-D array of i64, got 'tensor<6xi32>'}}
  %p = hag.plan_constant agg_inputs(dense<[[0, 1]]> : tensor<1x2xi32>)
      levels(dense<[0, 1]> : tensor<2xi32>)
      list_offsets(dense<[0, 0, 0, 0, 2, 4]> : tensor<6xi32>)
      list_indices(dense<[5, 2, 5, 2]> : tensor<4xi32>) : !hag.plan<set, 5>
  return
}

// -----

// Five nodes need six list offsets.
func.func @plan_constant_c2_list_offsets_count() {
  // expected-error@+1 {{'hag.plan_constant' op expects 6 list offsets for 5 nodes, got 5}}
  %p = hag.plan_constant agg_inputs(dense<[[0, 1]]> : tensor<1x2xi32>)
      levels(dense<[0, 1]> : tensor<2xi32>)
      list_offsets(dense<[0, 0, 0, 2, 4]> : tensor<5xi64>)
      list_indices(dense<[5, 2, 5, 2]> : tensor<4xi32>) : !hag.plan<set, 5>
  return
}

// -----

// list_indices is a 1-D i32 array.
func.func @plan_constant_c2_list_indices_not_1d() {
  // expected-error@+1 {{'hag.plan_constant' op expects 'list_indices' to be a static 1-D array of i32, got 'tensor<2x2xi32>'}}
  %p = hag.plan_constant agg_inputs(dense<[[0, 1]]> : tensor<1x2xi32>)
      levels(dense<[0, 1]> : tensor<2xi32>)
      list_offsets(dense<[0, 0, 0, 0, 2, 4]> : tensor<6xi64>)
      list_indices(dense<[[5, 2], [5, 2]]> : tensor<2x2xi32>) : !hag.plan<set, 5>
  return
}

// -----

// Aggregation node 6 reads node 7, defined after it (inputs come first).
func.func @plan_constant_c3_input_defined_later() {
  // expected-error@+1 {{'hag.plan_constant' op holds an invalid HAG: aggregation node 6 reads 7, which does not come before it}}
  %p = hag.plan_constant agg_inputs(dense<[[0, 7], [1, 2]]> : tensor<2x2xi32>)
      levels(dense<[0, 2]> : tensor<2xi32>)
      list_offsets(dense<[0, 0, 0, 0, 0, 0, 1]> : tensor<7xi64>)
      list_indices(dense<[6]> : tensor<1xi32>) : !hag.plan<set, 6>
  return
}

// -----

// Aggregation node 5 reads itself.
func.func @plan_constant_c3_input_is_itself() {
  // expected-error@+1 {{'hag.plan_constant' op holds an invalid HAG: aggregation node 5 reads 5, which does not come before it}}
  %p = hag.plan_constant agg_inputs(dense<[[0, 5]]> : tensor<1x2xi32>)
      levels(dense<[0, 1]> : tensor<2xi32>)
      list_offsets(dense<[0, 0, 0, 0, 0, 1]> : tensor<6xi64>)
      list_indices(dense<[5]> : tensor<1xi32>) : !hag.plan<set, 5>
  return
}

// -----

// Node 6 = (5, 2) has depth 2 but is put in level 0 next to its input 5.
func.func @plan_constant_c3_node_deeper_than_its_level() {
  // expected-error@+1 {{'hag.plan_constant' op holds an invalid HAG: aggregation node 6 has depth 2 but sits in level 0 (depth 1)}}
  %p = hag.plan_constant agg_inputs(dense<[[0, 1], [5, 2]]> : tensor<2x2xi32>)
      levels(dense<[0, 2]> : tensor<2xi32>)
      list_offsets(dense<[0, 0, 0, 0, 1, 2]> : tensor<6xi64>)
      list_indices(dense<[6, 6]> : tensor<2xi32>) : !hag.plan<set, 5>
  return
}

// -----

// Node 6 = (2, 3) reads only input nodes (depth 1) but sits in level 1.
func.func @plan_constant_c3_node_shallower_than_its_level() {
  // expected-error@+1 {{'hag.plan_constant' op holds an invalid HAG: aggregation node 6 has depth 1 but sits in level 1 (depth 2)}}
  %p = hag.plan_constant agg_inputs(dense<[[0, 1], [2, 3]]> : tensor<2x2xi32>)
      levels(dense<[0, 1, 2]> : tensor<3xi32>)
      list_offsets(dense<[0, 0, 0, 0, 0, 2]> : tensor<6xi64>)
      list_indices(dense<[5, 6]> : tensor<2xi32>) : !hag.plan<set, 5>
  return
}

// -----

// levels ends at 0 but there is one aggregation node.
func.func @plan_constant_c3_levels_do_not_cover_agg_nodes() {
  // expected-error@+1 {{'hag.plan_constant' op holds an invalid HAG: HAG levels do not cover the 1 aggregation nodes}}
  %p = hag.plan_constant agg_inputs(dense<[[0, 1]]> : tensor<1x2xi32>)
      levels(dense<[0]> : tensor<1xi32>)
      list_offsets(dense<[0, 0, 0, 0, 2, 4]> : tensor<6xi64>)
      list_indices(dense<[5, 2, 5, 2]> : tensor<4xi32>) : !hag.plan<set, 5>
  return
}

// -----

// levels must start at 0 (it has L + 1 >= 1 entries).
func.func @plan_constant_c3_levels_do_not_start_at_0() {
  // expected-error@+1 {{'hag.plan_constant' op holds an invalid HAG: HAG levels do not cover the 1 aggregation nodes}}
  %p = hag.plan_constant agg_inputs(dense<[[0, 1]]> : tensor<1x2xi32>)
      levels(dense<[1, 1]> : tensor<2xi32>)
      list_offsets(dense<[0, 0, 0, 0, 2, 4]> : tensor<6xi64>)
      list_indices(dense<[5, 2, 5, 2]> : tensor<4xi32>) : !hag.plan<set, 5>
  return
}

// -----

// Level 0 holds no node: every level holds at least one.
func.func @plan_constant_c3_empty_level() {
  // expected-error@+1 {{'hag.plan_constant' op holds an invalid HAG: HAG level 0 is empty}}
  %p = hag.plan_constant agg_inputs(dense<[[0, 1]]> : tensor<1x2xi32>)
      levels(dense<[0, 0, 1]> : tensor<3xi32>)
      list_offsets(dense<[0, 0, 0, 0, 2, 4]> : tensor<6xi64>)
      list_indices(dense<[5, 2, 5, 2]> : tensor<4xi32>) : !hag.plan<set, 5>
  return
}

// -----

// List offsets must start at 0.
func.func @plan_constant_c4_list_offsets_do_not_start_at_0() {
  // expected-error@+1 {{'hag.plan_constant' op holds an invalid HAG: HAG input lists do not match 5 input nodes}}
  %p = hag.plan_constant agg_inputs(dense<[[0, 1]]> : tensor<1x2xi32>)
      levels(dense<[0, 1]> : tensor<2xi32>)
      list_offsets(dense<[1, 1, 1, 1, 2, 4]> : tensor<6xi64>)
      list_indices(dense<[5, 2, 5, 2]> : tensor<4xi32>) : !hag.plan<set, 5>
  return
}

// -----

// The last list offset must be the size of list_indices.
func.func @plan_constant_c4_list_offsets_do_not_end_at_indices_size() {
  // expected-error@+1 {{'hag.plan_constant' op holds an invalid HAG: HAG input lists do not match 5 input nodes}}
  %p = hag.plan_constant agg_inputs(dense<[[0, 1]]> : tensor<1x2xi32>)
      levels(dense<[0, 1]> : tensor<2xi32>)
      list_offsets(dense<[0, 0, 0, 0, 2, 3]> : tensor<6xi64>)
      list_indices(dense<[5, 2, 5, 2]> : tensor<4xi32>) : !hag.plan<set, 5>
  return
}

// -----

// The list of node 3 would end before it starts.
func.func @plan_constant_c4_list_offsets_decrease() {
  // expected-error@+1 {{'hag.plan_constant' op holds an invalid HAG: HAG list offsets decrease at node 3}}
  %p = hag.plan_constant agg_inputs(dense<[[0, 1]]> : tensor<1x2xi32>)
      levels(dense<[0, 1]> : tensor<2xi32>)
      list_offsets(dense<[0, 0, 0, 3, 2, 4]> : tensor<6xi64>)
      list_indices(dense<[5, 2, 5, 2]> : tensor<4xi32>) : !hag.plan<set, 5>
  return
}

// -----

// A list names node 9; there are only 5 + 1 nodes (ids 0..5).
func.func @plan_constant_c4_list_entry_out_of_range() {
  // expected-error@+1 {{'hag.plan_constant' op holds an invalid HAG: HAG list entry 2 names 9, beyond the last node 5}}
  %p = hag.plan_constant agg_inputs(dense<[[0, 1]]> : tensor<1x2xi32>)
      levels(dense<[0, 1]> : tensor<2xi32>)
      list_offsets(dense<[0, 0, 0, 0, 2, 4]> : tensor<6xi64>)
      list_indices(dense<[5, 2, 9, 2]> : tensor<4xi32>) : !hag.plan<set, 5>
  return
}

// -----

// Tiles need (T + 1) x 2 boundaries.
func.func @plan_constant_c5_tiles_not_two_columns() {
  // expected-error@+1 {{'hag.plan_constant' op expects tiles of shape (T + 1) x 2 with T >= 1, got 2x3}}
  %p = hag.plan_constant agg_inputs(dense<[[0, 1]]> : tensor<1x2xi32>)
      levels(dense<[0, 1]> : tensor<2xi32>)
      list_offsets(dense<[0, 0, 0, 0, 2, 4]> : tensor<6xi64>)
      list_indices(dense<[5, 2, 5, 2]> : tensor<4xi32>)
      tiles(dense<[[0, 0, 0], [5, 1, 0]]> : tensor<2x3xi32>) : !hag.plan<set, 5>
  return
}

// -----

// Nodes 3 and 4 sit in different tiles; node 4 reads node 5 of tile 0.
func.func @plan_constant_c5_list_reads_another_tile() {
  // expected-error@+1 {{'hag.plan_constant' op holds an invalid HAG: node 4 of tile 1 reads aggregation node 5 of another tile}}
  %p = hag.plan_constant agg_inputs(dense<[[0, 1]]> : tensor<1x2xi32>)
      levels(dense<[0, 1]> : tensor<2xi32>)
      list_offsets(dense<[0, 0, 0, 0, 2, 4]> : tensor<6xi64>)
      list_indices(dense<[5, 2, 5, 2]> : tensor<4xi32>)
      tiles(dense<[[0, 0], [4, 1], [5, 1]]> : tensor<3x2xi32>) : !hag.plan<set, 5>
  return
}

// -----

// A tiled plan has one level.
func.func @plan_constant_c5_tiled_plan_with_levels() {
  // expected-error@+1 {{'hag.plan_constant' op holds an invalid HAG: a tiled HAG has one level (levelBegin {0, 2})}}
  %p = hag.plan_constant agg_inputs(dense<[[0, 1], [5, 2]]> : tensor<2x2xi32>)
      levels(dense<[0, 1, 2]> : tensor<3xi32>)
      list_offsets(dense<[0, 0, 0, 0, 1, 2]> : tensor<6xi64>)
      list_indices(dense<[6, 6]> : tensor<2xi32>)
      tiles(dense<[[0, 0], [5, 2]]> : tensor<2x2xi32>) : !hag.plan<set, 5>
  return
}

// -----

// A wide plan's agg_inputs is flat (1-D).
func.func @plan_constant_c2_wide_inputs_not_flat() {
  // expected-error@+1 {{'hag.plan_constant' op expects 'agg_inputs' to be a static 1-D array of i32, got 'tensor<1x3xi32>'}}
  %p = hag.plan_constant agg_inputs(dense<[[0, 1, 2]]> : tensor<1x3xi32>)
      agg_offsets(dense<[0, 3]> : tensor<2xi64>)
      levels(dense<[0, 1]> : tensor<2xi32>)
      list_offsets(dense<[0, 0, 0, 0, 1, 2]> : tensor<6xi64>)
      list_indices(dense<[5, 5]> : tensor<2xi32>) : !hag.plan<set, 5>
  return
}

// -----

// agg_offsets is a 1-D i64 array.
func.func @plan_constant_c2_agg_offsets_not_i64() {
  // expected-error@+1 {{'hag.plan_constant' op expects 'agg_offsets' to be a static 1-D array of i64, got 'tensor<2xi32>'}}
  %p = hag.plan_constant agg_inputs(dense<[0, 1, 2]> : tensor<3xi32>)
      agg_offsets(dense<[0, 3]> : tensor<2xi32>)
      levels(dense<[0, 1]> : tensor<2xi32>)
      list_offsets(dense<[0, 0, 0, 0, 1, 2]> : tensor<6xi64>)
      list_indices(dense<[5, 5]> : tensor<2xi32>) : !hag.plan<set, 5>
  return
}

// -----

// The offsets stop short of the inputs: input 2 belongs to no node.
func.func @plan_constant_c6_offsets_do_not_cover_inputs() {
  // expected-error@+1 {{'hag.plan_constant' op expects agg_offsets from 0 to the 3 agg_inputs, got 0 .. 2}}
  %p = hag.plan_constant agg_inputs(dense<[0, 1, 2]> : tensor<3xi32>)
      agg_offsets(dense<[0, 2]> : tensor<2xi64>)
      levels(dense<[0, 1]> : tensor<2xi32>)
      list_offsets(dense<[0, 0, 0, 0, 1, 2]> : tensor<6xi64>)
      list_indices(dense<[5, 5]> : tensor<2xi32>) : !hag.plan<set, 5>
  return
}

// -----

// Node 6 has a single input: it would only copy a row.
func.func @plan_constant_c6_node_of_one_input() {
  // expected-error@+1 {{'hag.plan_constant' op expects at least two inputs per aggregation node, node 1 has 1}}
  %p = hag.plan_constant agg_inputs(dense<[0, 1, 2]> : tensor<3xi32>)
      agg_offsets(dense<[0, 2, 3]> : tensor<3xi64>)
      levels(dense<[0, 2]> : tensor<2xi32>)
      list_offsets(dense<[0, 0, 0, 0, 1, 2]> : tensor<6xi64>)
      list_indices(dense<[5, 6]> : tensor<2xi32>) : !hag.plan<set, 5>
  return
}

// -----

// A wide node reads an aggregation node of its own level.
func.func @plan_constant_c3_wide_node_reads_its_level() {
  // expected-error@+1 {{'hag.plan_constant' op holds an invalid HAG: aggregation node 6 has depth 2 but sits in level 0 (depth 1)}}
  %p = hag.plan_constant agg_inputs(dense<[0, 1, 2, 5, 3]> : tensor<5xi32>)
      agg_offsets(dense<[0, 3, 5]> : tensor<3xi64>)
      levels(dense<[0, 2]> : tensor<2xi32>)
      list_offsets(dense<[0, 0, 0, 0, 0, 1]> : tensor<6xi64>)
      list_indices(dense<[6]> : tensor<1xi32>) : !hag.plan<set, 5>
  return
}

// -----

//===----------------------------------------------------------------------===//
// hag.build_plan
//===----------------------------------------------------------------------===//

// The plan is for the graph's nodes.
func.func @build_plan_c1_node_counts_differ(%g: !hag.graph<3>) {
  // expected-error@+1 {{'hag.build_plan' op builds a plan for 4 nodes from a graph of 3}}
  %p = hag.build_plan %g : !hag.graph<3> -> !hag.plan<set, 4>
  return
}

// -----

// Static and dynamic node counts do not mix either (-9223372036854775808 is
// how the message prints '?').
func.func @build_plan_c1_static_plan_from_dynamic_graph(%g: !hag.graph<?>) {
  // expected-error@+1 {{'hag.build_plan' op builds a plan for 3 nodes from a graph of ?}}
  %p = hag.build_plan %g : !hag.graph<?> -> !hag.plan<set, 3>
  return
}

// -----

// capacity is a count, a fraction with a dot, or 'unlimited'.
func.func @build_plan_c2_capacity_not_a_count(%g: !hag.graph<?>) {
  // expected-error@+1 {{'hag.build_plan' op capacity 'all' is not a node count, a fraction such as 0.25, or 'unlimited'}}
  %p = hag.build_plan %g {capacity = "all"} : !hag.graph<?> -> !hag.plan<set, ?>
  return
}

// -----

// A fraction must be positive.
func.func @build_plan_c2_capacity_fraction_not_positive(%g: !hag.graph<?>) {
  // expected-error@+1 {{'hag.build_plan' op capacity '-0.5' is not a positive fraction of |V| such as 0.25}}
  %p = hag.build_plan %g {capacity = "-0.5"} : !hag.graph<?> -> !hag.plan<set, ?>
  return
}

// -----

// A pair shared by one list saves nothing.
func.func @build_plan_c3_threshold_below_2(%g: !hag.graph<?>) {
  // expected-error@+1 {{'hag.build_plan' op threshold 1 is below 2: a node shared by one list saves nothing}}
  %p = hag.build_plan %g {threshold = 1 : i32} : !hag.graph<?> -> !hag.plan<set, ?>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Regressions: verifier gaps found while writing these tests, now closed.
//===----------------------------------------------------------------------===//

// graph_type_c1: -2^63 is the internal code of '?'; written, it is refused
// instead of reading as a dynamic count.
// expected-error@+1 {{node count -9223372036854775808 is not '?' or in 0..2^32-1 (32-bit node ids)}}
func.func @graph_type_c1_int64_min_is_not_dynamic(%g: !hag.graph<-9223372036854775808>) {
  return
}

// -----

// graph_from_tensors_c1: unsigned offsets are not i64 (signedness counts).
func.func @graph_from_tensors_c1_unsigned_offsets(%o: tensor<?xui64>, %i: tensor<?xi32>) {
  // expected-error@+1 {{'hag.graph_from_tensors' op expects 1-D i64 offsets, got 'tensor<?xui64>'}}
  %g = hag.graph_from_tensors %o, %i : tensor<?xui64>, tensor<?xi32> -> !hag.graph<?>
  return
}

// -----

// graph_constant_c2: a `sparse` elements attribute is refused (only dense and
// dense_resource arrays are read, so values could not be checked).
func.func @graph_constant_c2_sparse_offsets() {
  // expected-error@+1 {{'hag.graph_constant' op expects 'offsets' to be a dense or dense_resource array}}
  %g = hag.graph_constant offsets(sparse<[[3]], [7]> : tensor<4xi64>)
                          indices(dense<[0, 0, 9]> : tensor<3xi32>) : !hag.graph<3>
  return
}

// -----

// graph_constant_c3: unsigned indices are refused.
func.func @graph_constant_c3_unsigned_indices() {
  // expected-error@+1 {{'hag.graph_constant' op expects 'indices' to be a static 1-D array of i32, got 'tensor<3xui32>'}}
  %g = hag.graph_constant offsets(dense<[0, 1, 2, 3]> : tensor<4xi64>)
                          indices(dense<[1, 2, 0]> : tensor<3xui32>) : !hag.graph<3>
  return
}

// -----

// graph_from_csr_c3: a static column count must match the node count too.
#CSR = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed) }>
func.func @graph_from_csr_c3_columns_differ(%a: tensor<?x5xf32, #CSR>) {
  // expected-error@+1 {{'hag.graph_from_csr' op makes a graph of 4 nodes from a matrix with 5 columns}}
  %g = hag.graph_from_csr %a : tensor<?x5xf32, #CSR> -> !hag.graph<4>
  return
}

// -----

// plan_constant_c3: a level boundary beyond the aggregation nodes is refused
// before any node is read through it.
func.func @plan_constant_c3_level_boundary_out_of_range() {
  // expected-error@+1 {{'hag.plan_constant' op holds an invalid HAG: HAG level boundary 1 is 5, beyond the 1 aggregation nodes}}
  %p = hag.plan_constant agg_inputs(dense<[[0, 1]]> : tensor<1x2xi32>)
      levels(dense<[0, 5, 1]> : tensor<3xi32>)
      list_offsets(dense<[0, 0, 0, 1]> : tensor<4xi64>)
      list_indices(dense<[3]> : tensor<1xi32>) : !hag.plan<set, 3>
  return
}

// -----

// build_plan_c4: a negative max_depth is refused.
func.func @build_plan_c4_negative_max_depth(%g: !hag.graph<?>) {
  // expected-error@+1 {{'hag.build_plan' op max_depth -1 is negative (0 means no limit)}}
  %p = hag.build_plan %g {max_depth = -1 : i32} : !hag.graph<?> -> !hag.plan<set, ?>
  return
}

// -----

func.func @build_plan_c5_negative_tile_nodes(%g: !hag.graph<?>) {
  // expected-error@+1 {{'hag.build_plan' op tile_nodes -4 is negative (0 means no tiles)}}
  %p = hag.build_plan %g {tile_nodes = -4 : i32} : !hag.graph<?> -> !hag.plan<set, ?>
  return
}

// -----

func.func @build_plan_c6_max_inputs_below_two(%g: !hag.graph<?>) {
  // expected-error@+1 {{'hag.build_plan' op max_inputs 1 is below 2: an aggregation node combines at least two rows}}
  %p = hag.build_plan %g {max_inputs = 1 : i32} : !hag.graph<?> -> !hag.plan<set, ?>
  return
}

// -----

func.func @build_plan_c6_wide_sequential(%g: !hag.graph<?>) {
  // expected-error@+1 {{'hag.build_plan' op max_inputs 4 needs a set plan: a sequential plan's nodes are prefixes of two inputs}}
  %p = hag.build_plan %g {max_inputs = 4 : i32} : !hag.graph<?> -> !hag.plan<sequential, ?>
  return
}

// -----

// aggregate_c5: a combiner block that does not end with a terminator.
func.func @aggregate_c5_combiner_without_terminator(%g: !hag.graph<?>, %x: tensor<?x4xf32>) {
  // expected-error@+1 {{expects the combiner to end with hag.yield}}
  %y = "hag.aggregate"(%g, %x) ({
  ^bb0(%a: f32, %b: f32):
    %s = arith.addf %a, %b : f32
  }) {reduction = 4 : i32, commutative} : (!hag.graph<?>, tensor<?x4xf32>) -> tensor<?x4xf32>
  return
}

// -----

// plan_from_tensors_c1: two inputs per aggregation node.
func.func @plan_from_tensors_c1_agg_inputs_three_columns(%a: tensor<?x3xi32>, %l: tensor<?xi32>, %o: tensor<?xi64>, %i: tensor<?xi32>) {
  // expected-error@+1 {{'hag.plan_from_tensors' op expects A x 2 i32 agg_inputs, got 'tensor<?x3xi32>'}}
  %p = hag.plan_from_tensors %a, %l, %o, %i : tensor<?x3xi32>, tensor<?xi32>, tensor<?xi64>, tensor<?xi32> -> !hag.plan<set, ?>
  return
}

// -----

func.func @plan_from_tensors_c1_agg_inputs_not_i32(%a: tensor<?x2xi64>, %l: tensor<?xi32>, %o: tensor<?xi64>, %i: tensor<?xi32>) {
  // expected-error@+1 {{'hag.plan_from_tensors' op expects A x 2 i32 agg_inputs, got 'tensor<?x2xi64>'}}
  %p = hag.plan_from_tensors %a, %l, %o, %i : tensor<?x2xi64>, tensor<?xi32>, tensor<?xi64>, tensor<?xi32> -> !hag.plan<set, ?>
  return
}

// -----

// plan_from_tensors_c2: element types and ranks of the other arrays.
func.func @plan_from_tensors_c2_levels_not_i32(%a: tensor<?x2xi32>, %l: tensor<?xi64>, %o: tensor<?xi64>, %i: tensor<?xi32>) {
  // expected-error@+1 {{'hag.plan_from_tensors' op expects 1-D i32 levels, got 'tensor<?xi64>'}}
  %p = hag.plan_from_tensors %a, %l, %o, %i : tensor<?x2xi32>, tensor<?xi64>, tensor<?xi64>, tensor<?xi32> -> !hag.plan<set, ?>
  return
}

// -----

func.func @plan_from_tensors_c2_list_offsets_not_i64(%a: tensor<?x2xi32>, %l: tensor<?xi32>, %o: tensor<?xi32>, %i: tensor<?xi32>) {
  // expected-error@+1 {{'hag.plan_from_tensors' op expects 1-D i64 list_offsets, got 'tensor<?xi32>'}}
  %p = hag.plan_from_tensors %a, %l, %o, %i : tensor<?x2xi32>, tensor<?xi32>, tensor<?xi32>, tensor<?xi32> -> !hag.plan<set, ?>
  return
}

// -----

func.func @plan_from_tensors_c2_degrees_not_1d(%a: tensor<?x2xi32>, %l: tensor<?xi32>, %o: tensor<?xi64>, %i: tensor<?xi32>, %d: tensor<?x1xi64>) {
  // expected-error@+1 {{'hag.plan_from_tensors' op expects 1-D i64 degrees, got 'tensor<?x1xi64>'}}
  %p = hag.plan_from_tensors %a, %l, %o, %i degrees %d : tensor<?x2xi32>, tensor<?xi32>, tensor<?xi64>, tensor<?xi32>, tensor<?x1xi64> -> !hag.plan<set, ?>
  return
}

// -----

// plan_from_tensors_c3: static lengths agree with a static node count.
func.func @plan_from_tensors_c3_list_offsets_length(%a: tensor<?x2xi32>, %l: tensor<?xi32>, %o: tensor<5xi64>, %i: tensor<?xi32>) {
  // expected-error@+1 {{'hag.plan_from_tensors' op expects 6 list_offsets for 5 nodes, got 5}}
  %p = hag.plan_from_tensors %a, %l, %o, %i : tensor<?x2xi32>, tensor<?xi32>, tensor<5xi64>, tensor<?xi32> -> !hag.plan<set, 5>
  return
}

// -----

func.func @plan_from_tensors_c3_degrees_length(%a: tensor<?x2xi32>, %l: tensor<?xi32>, %o: tensor<?xi64>, %i: tensor<?xi32>, %d: tensor<4xi64>) {
  // expected-error@+1 {{'hag.plan_from_tensors' op expects 5 degrees for 5 nodes, got 4}}
  %p = hag.plan_from_tensors %a, %l, %o, %i degrees %d : tensor<?x2xi32>, tensor<?xi32>, tensor<?xi64>, tensor<?xi32>, tensor<4xi64> -> !hag.plan<set, 5>
  return
}

// -----

// plan_from_tensors_c4: a tiled run-time plan's bounds are pairs of i32.
func.func @plan_from_tensors_c4_tiles_three_columns(%a: tensor<?x2xi32>, %l: tensor<?xi32>, %o: tensor<?xi64>, %i: tensor<?xi32>, %t: tensor<?x3xi32>) {
  // expected-error@+1 {{'hag.plan_from_tensors' op expects T + 1 x 2 i32 tiles, got 'tensor<?x3xi32>'}}
  %p = hag.plan_from_tensors %a, %l, %o, %i tiles %t : tensor<?x2xi32>, tensor<?xi32>, tensor<?xi64>, tensor<?xi32> tiles tensor<?x3xi32> -> !hag.plan<set, ?>
  return
}

// -----

// plan_from_tensors_c1: wide nodes' inputs are one run after another.
func.func @plan_from_tensors_c1_wide_agg_inputs_2d(%a: tensor<?x2xi32>, %l: tensor<?xi32>, %o: tensor<?xi64>, %i: tensor<?xi32>, %ao: tensor<?xi64>) {
  // expected-error@+1 {{'hag.plan_from_tensors' op expects 1-D i32 agg_inputs with agg_offsets, got 'tensor<?x2xi32>'}}
  %p = hag.plan_from_tensors %a, %l, %o, %i agg_offsets %ao : tensor<?x2xi32>, tensor<?xi32>, tensor<?xi64>, tensor<?xi32> agg_offsets tensor<?xi64> -> !hag.plan<set, ?>
  return
}

// -----

func.func @plan_from_tensors_c2_part_bounds_not_i64(%a: tensor<?x2xi32>, %l: tensor<?xi32>, %o: tensor<?xi64>, %i: tensor<?xi32>, %b: tensor<?xi32>) {
  // expected-error@+1 {{'hag.plan_from_tensors' op expects 1-D i64 part_bounds, got 'tensor<?xi32>'}}
  %p = hag.plan_from_tensors %a, %l, %o, %i part_bounds %b : tensor<?x2xi32>, tensor<?xi32>, tensor<?xi64>, tensor<?xi32> part_bounds tensor<?xi32> -> !hag.plan<set, ?>
  return
}

// -----

func.func @plan_from_tensors_c2_list_splits_not_i64(%a: tensor<?x2xi32>, %l: tensor<?xi32>, %o: tensor<?xi64>, %i: tensor<?xi32>, %s: tensor<?xi32>) {
  // expected-error@+1 {{'hag.plan_from_tensors' op expects 1-D i64 list_splits, got 'tensor<?xi32>'}}
  %p = hag.plan_from_tensors %a, %l, %o, %i list_splits %s : tensor<?x2xi32>, tensor<?xi32>, tensor<?xi64>, tensor<?xi32> list_splits tensor<?xi32> -> !hag.plan<set, ?>
  return
}

// -----

func.func @plan_from_tensors_c2_agg_offsets_not_1d(%a: tensor<?xi32>, %l: tensor<?xi32>, %o: tensor<?xi64>, %i: tensor<?xi32>, %ao: tensor<?x2xi64>) {
  // expected-error@+1 {{'hag.plan_from_tensors' op expects 1-D i64 agg_offsets, got 'tensor<?x2xi64>'}}
  %p = hag.plan_from_tensors %a, %l, %o, %i agg_offsets %ao : tensor<?xi32>, tensor<?xi32>, tensor<?xi64>, tensor<?xi32> agg_offsets tensor<?x2xi64> -> !hag.plan<set, ?>
  return
}

// -----

func.func @plan_from_tensors_c3_list_splits_length(%a: tensor<?x2xi32>, %l: tensor<?xi32>, %o: tensor<5xi64>, %i: tensor<?xi32>, %s: tensor<5xi64>) {
  // expected-error@+1 {{'hag.plan_from_tensors' op expects 4 list_splits for 4 nodes, got 5}}
  %p = hag.plan_from_tensors %a, %l, %o, %i list_splits %s : tensor<?x2xi32>, tensor<?xi32>, tensor<5xi64>, tensor<?xi32> list_splits tensor<5xi64> -> !hag.plan<set, 4>
  return
}

// -----

// plan_from_tensors_c5: two-input nodes are read with their check.
func.func @plan_from_tensors_c5_agg_splits_without_offsets(%a: tensor<?x2xi32>, %l: tensor<?xi32>, %o: tensor<?xi64>, %i: tensor<?xi32>, %s: tensor<?xi64>) {
  // expected-error@+1 {{'hag.plan_from_tensors' op has agg_splits but no agg_offsets (two-input nodes have no split)}}
  %p = hag.plan_from_tensors %a, %l, %o, %i agg_splits %s : tensor<?x2xi32>, tensor<?xi32>, tensor<?xi64>, tensor<?xi32> agg_splits tensor<?xi64> -> !hag.plan<set, ?>
  return
}

// -----

func.func @plan_array_c1_unknown_name(%plan: i64) {
  // expected-error@+1 {{'hag.plan_array' op names no plan array: 'edges' (agg_inputs, levels, list_offsets, list_indices, degrees, tiles, agg_runs, agg_offsets, list_splits, agg_splits, part_bounds)}}
  %m = hag.plan_array %plan "edges" : memref<?xi32>
  return
}

// -----

func.func @plan_array_c2_wrong_type(%plan: i64) {
  // expected-error@+1 {{'hag.plan_array' op 'list_offsets' is a 'memref<?xi64>', not 'memref<?xi32>'}}
  %m = hag.plan_array %plan "list_offsets" : memref<?xi32>
  return
}

// -----

func.func @plan_array_c2_pairs_are_two_columns(%plan: i64) {
  // expected-error@+1 {{'hag.plan_array' op 'tiles' is a 'memref<?x2xi32>', not 'memref<?xi32>'}}
  %m = hag.plan_array %plan "tiles" : memref<?xi32>
  return
}

// -----

// plan_aggregate_c8: a run-time plan's lists are not the original ones, so
// dividing by degrees needs them given.
func.func @plan_aggregate_c8_mean_needs_degrees(%a: tensor<?x2xi32>, %l: tensor<?xi32>, %o: tensor<?xi64>, %i: tensor<?xi32>, %x: tensor<?x8xf32>) {
  %p = hag.plan_from_tensors %a, %l, %o, %i : tensor<?x2xi32>, tensor<?xi32>, tensor<?xi64>, tensor<?xi32> -> !hag.plan<set, ?>
  // expected-error@+1 {{'hag.plan_aggregate' op divides by degrees, so its hag.plan_from_tensors needs a 'degrees' operand}}
  %y = hag.plan_aggregate mean %p, %x : !hag.plan<set, ?>, tensor<?x8xf32> -> tensor<?x8xf32>
  return
}

// -----

// An aggregation input out of range, -1 read as 2^32 - 1: named, where the
// duplicate-input check indexed by it first and crashed.
func.func @plan_constant_c3_agg_input_out_of_range() {
  // expected-error@+1 {{'hag.plan_constant' op holds an invalid HAG: aggregation node 2 reads 4294967295, beyond the last node 2}}
  %p = hag.plan_constant agg_inputs(dense<[[0, -1]]> : tensor<1x2xi32>)
      levels(dense<[0, 1]> : tensor<2xi32>)
      list_offsets(dense<[0, 0, 0]> : tensor<3xi64>)
      list_indices(dense<> : tensor<0xi32>) : !hag.plan<set, 2>
  return
}
