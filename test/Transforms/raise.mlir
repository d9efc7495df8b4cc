// RUN: hag-opt %s -split-input-file -hag-raise | FileCheck %s

#CSR = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed) }>

// The sparsifier's form of a GCN aggregation: a constant unweighted CSR
// adjacency (entry (i, j) = 1: i aggregates j) times features, into zeros.
// Rows: N(0) = {1, 2}, N(1) = {0}, N(2) = {0}, N(3) = {3}.
// CHECK-LABEL: func.func @matmul_unit_csr_constant
// CHECK: %[[G:.*]] = hag.graph_constant offsets(dense<[0, 2, 3, 4, 5]> : tensor<5xi64>) indices(dense<[1, 2, 0, 0, 3]> : tensor<5xi32>) : !hag.graph<4>
// CHECK: %[[Y:.*]] = hag.aggregate sum %[[G]], %{{.*}} : !hag.graph<4>, tensor<4x8xf32> -> tensor<4x8xf32>
// CHECK-NOT: linalg.matmul
// CHECK: return %[[Y]]
func.func @matmul_unit_csr_constant(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %a = arith.constant sparse<[[0, 1], [0, 2], [1, 0], [2, 0], [3, 3]],
                             [1.0, 1.0, 1.0, 1.0, 1.0]> : tensor<4x4xf32>
  %adj = sparse_tensor.convert %a : tensor<4x4xf32> to tensor<4x4xf32, #CSR>
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<4x8xf32>
  %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<4x8xf32>) -> tensor<4x8xf32>
  %y = linalg.matmul ins(%adj, %x : tensor<4x4xf32, #CSR>, tensor<4x8xf32>)
                     outs(%init : tensor<4x8xf32>) -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

#CSR = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed) }>

// A weighted adjacency whose values are neither ones nor a normalization's
// factors (row 0 has one entry, 0.5) is not an aggregation: left alone.
// CHECK-LABEL: func.func @matmul_weighted_untouched
// CHECK: linalg.matmul
// CHECK-NOT: hag.aggregate
func.func @matmul_weighted_untouched(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %a = arith.constant sparse<[[0, 1], [1, 0]], [0.5, 1.0]> : tensor<2x2xf32>
  %adj = sparse_tensor.convert %a : tensor<2x2xf32> to tensor<2x2xf32, #CSR>
  %init = arith.constant dense<0.0> : tensor<2x8xf32>
  %y = linalg.matmul ins(%adj, %x : tensor<2x2xf32, #CSR>, tensor<2x8xf32>)
                     outs(%init : tensor<2x8xf32>) -> tensor<2x8xf32>
  return %y : tensor<2x8xf32>
}

// -----

#CSR = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed) }>

// A non-zero accumulator (y = c + A x) is not a plain aggregation.
// CHECK-LABEL: func.func @matmul_accumulating_untouched
// CHECK: linalg.matmul
// CHECK-NOT: hag.aggregate
func.func @matmul_accumulating_untouched(%x: tensor<2x8xf32>, %c: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %a = arith.constant sparse<[[0, 1], [1, 0]], [1.0, 1.0]> : tensor<2x2xf32>
  %adj = sparse_tensor.convert %a : tensor<2x2xf32> to tensor<2x2xf32, #CSR>
  %y = linalg.matmul ins(%adj, %x : tensor<2x2xf32, #CSR>, tensor<2x8xf32>)
                     outs(%c : tensor<2x8xf32>) -> tensor<2x8xf32>
  return %y : tensor<2x8xf32>
}

// -----

#CSR = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed) }>
#CSC = #sparse_tensor.encoding<{ map = (i, j) -> (j : dense, i : compressed) }>

// A run-time CSR matrix in a matmul: its values are unknown, so it could be
// weighted; not raised. A dense matrix and a CSC matrix are not raised
// either.
// CHECK-LABEL: func.func @matmul_runtime_dense_csc_untouched
// CHECK-COUNT-3: linalg.matmul
// CHECK-NOT: hag.aggregate
func.func @matmul_runtime_dense_csc_untouched(%adj: tensor<?x?xf32, #CSR>,
    %dense: tensor<4x4xf32>, %csc: tensor<4x4xf32, #CSC>,
    %x: tensor<?x8xf32>, %x4: tensor<4x8xf32>) -> (tensor<?x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>) {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x8xf32>
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty(%n) : tensor<?x8xf32>
  %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<?x8xf32>) -> tensor<?x8xf32>
  %y = linalg.matmul ins(%adj, %x : tensor<?x?xf32, #CSR>, tensor<?x8xf32>)
                     outs(%init : tensor<?x8xf32>) -> tensor<?x8xf32>
  %init4 = arith.constant dense<0.0> : tensor<4x8xf32>
  %d = linalg.matmul ins(%dense, %x4 : tensor<4x4xf32>, tensor<4x8xf32>)
                     outs(%init4 : tensor<4x8xf32>) -> tensor<4x8xf32>
  %c = linalg.matmul ins(%csc, %x4 : tensor<4x4xf32, #CSC>, tensor<4x8xf32>)
                     outs(%init4 : tensor<4x8xf32>) -> tensor<4x8xf32>
  return %y, %d, %c : tensor<?x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>
}

// -----

#CSR = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed) }>

#map_a = affine_map<(i, j, k) -> (i, j)>
#map_x = affine_map<(i, j, k) -> (j, k)>
#map_y = affine_map<(i, j, k) -> (i, k)>

// A body that ignores A's value (`y + x`) is not an aggregation over A's
// pattern: a linalg.generic iterates its whole domain whatever A stores, so
// it adds every row of X into every row of Y (the sparsifier computes just
// that). Left alone, over a run-time matrix and over a constant one.
// CHECK-LABEL: func.func @generic_ignoring_a_untouched
// CHECK: linalg.generic
// CHECK: linalg.generic
// CHECK-NOT: hag.
func.func @generic_ignoring_a_untouched(%adj: tensor<?x?xf32, #CSR>, %x: tensor<?x16xbf16>,
                                   %init: tensor<?x16xbf16>) -> (tensor<?x16xbf16>, tensor<2x16xbf16>) {
  %zero = arith.constant 0.0 : bf16
  %z = linalg.fill ins(%zero : bf16) outs(%init : tensor<?x16xbf16>) -> tensor<?x16xbf16>
  %y = linalg.generic {indexing_maps = [#map_a, #map_x, #map_y],
                       iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%adj, %x : tensor<?x?xf32, #CSR>, tensor<?x16xbf16>)
      outs(%z : tensor<?x16xbf16>) {
  ^bb0(%a: f32, %v: bf16, %acc: bf16):
    %s = arith.addf %acc, %v : bf16
    linalg.yield %s : bf16
  } -> tensor<?x16xbf16>
  %c = arith.constant sparse<[[0, 1], [1, 0]], [1.0, 1.0]> : tensor<2x2xf32>
  %cdj = sparse_tensor.convert %c : tensor<2x2xf32> to tensor<2x2xf32, #CSR>
  %x2 = arith.constant dense<1.0> : tensor<2x16xbf16>
  %z2 = arith.constant dense<0.0> : tensor<2x16xbf16>
  %y2 = linalg.generic {indexing_maps = [#map_a, #map_x, #map_y],
                        iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%cdj, %x2 : tensor<2x2xf32, #CSR>, tensor<2x16xbf16>)
      outs(%z2 : tensor<2x16xbf16>) {
  ^bb0(%a: f32, %v: bf16, %acc: bf16):
    %s = arith.addf %acc, %v : bf16
    linalg.yield %s : bf16
  } -> tensor<2x16xbf16>
  return %y, %y2 : tensor<?x16xbf16>, tensor<2x16xbf16>
}

// -----

#CSR = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed) }>

#map_a = affine_map<(i, j, k) -> (i, j)>
#map_x = affine_map<(i, j, k) -> (j, k)>
#map_y = affine_map<(i, j, k) -> (i, k)>

// The same product but the body multiplies by A's value, which is not
// known (a run-time matrix): a weighted product, left alone.
// CHECK-LABEL: func.func @generic_weighted_untouched
// CHECK: linalg.generic
// CHECK-NOT: hag.aggregate
func.func @generic_weighted_untouched(%adj: tensor<?x?xf32, #CSR>, %x: tensor<?x16xf32>,
                                      %init: tensor<?x16xf32>) -> tensor<?x16xf32> {
  %zero = arith.constant 0.0 : f32
  %z = linalg.fill ins(%zero : f32) outs(%init : tensor<?x16xf32>) -> tensor<?x16xf32>
  %y = linalg.generic {indexing_maps = [#map_a, #map_x, #map_y],
                       iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%adj, %x : tensor<?x?xf32, #CSR>, tensor<?x16xf32>)
      outs(%z : tensor<?x16xf32>) {
  ^bb0(%a: f32, %v: f32, %acc: f32):
    %m = arith.mulf %a, %v : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  } -> tensor<?x16xf32>
  return %y : tensor<?x16xf32>
}

// -----

#CSR = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed) }>

// GCN's normalized adjacency as a constant, D^-1/2 (A + I) D^-1/2 for the
// path 0 - 1 - 2 with self-loops: deg = (2, 3, 2), values computed the way
// PyG does in f32 (deg^-0.5, then the product; 0.49999997 is one unit in the
// last place below 1/2). The diagonal stays in the graph as each node's edge
// to itself, so hag's degrees are the rows' entry counts.
// CHECK-LABEL: func.func @matmul_gcn_symmetric
// CHECK: %[[G:.*]] = hag.graph_constant offsets(dense<[0, 2, 5, 7]> : tensor<4xi64>) indices(dense<[0, 1, 0, 1, 2, 1, 2]> : tensor<7xi32>) : !hag.graph<3>
// CHECK: %[[Y:.*]] = hag.aggregate sum %[[G]], %{{.*}} normalization(symmetric) : !hag.graph<3>, tensor<3x8xf32> -> tensor<3x8xf32>
// CHECK-NOT: linalg.matmul
// CHECK: return %[[Y]]
func.func @matmul_gcn_symmetric(%x: tensor<3x8xf32>) -> tensor<3x8xf32> {
  %a = arith.constant sparse<[[0, 0], [0, 1], [1, 0], [1, 1], [1, 2], [2, 1], [2, 2]],
                             [0.49999997, 0.40824828, 0.40824828, 0.33333331,
                              0.40824828, 0.40824828, 0.49999997]> : tensor<3x3xf32>
  %adj = sparse_tensor.convert %a : tensor<3x3xf32> to tensor<3x3xf32, #CSR>
  %init = arith.constant dense<0.0> : tensor<3x8xf32>
  %y = linalg.matmul ins(%adj, %x : tensor<3x3xf32, #CSR>, tensor<3x8xf32>)
                     outs(%init : tensor<3x8xf32>) -> tensor<3x8xf32>
  return %y : tensor<3x8xf32>
}

// -----

#CSR = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed) }>

// The same pattern with 1/deg(row) in every row (a mean): the row
// normalization.
// CHECK-LABEL: func.func @matmul_row_normalized
// CHECK: %[[G:.*]] = hag.graph_constant offsets(dense<[0, 2, 5, 7]> : tensor<4xi64>) indices(dense<[0, 1, 0, 1, 2, 1, 2]> : tensor<7xi32>) : !hag.graph<3>
// CHECK: hag.aggregate sum %[[G]], %{{.*}} normalization(row) : !hag.graph<3>, tensor<3x8xf32> -> tensor<3x8xf32>
// CHECK-NOT: linalg.matmul
func.func @matmul_row_normalized(%x: tensor<3x8xf32>) -> tensor<3x8xf32> {
  %a = arith.constant sparse<[[0, 0], [0, 1], [1, 0], [1, 1], [1, 2], [2, 1], [2, 2]],
                             [0.5, 0.5, 0.33333334, 0.33333334, 0.33333334, 0.5, 0.5]> : tensor<3x3xf32>
  %adj = sparse_tensor.convert %a : tensor<3x3xf32> to tensor<3x3xf32, #CSR>
  %init = arith.constant dense<0.0> : tensor<3x8xf32>
  %y = linalg.matmul ins(%adj, %x : tensor<3x3xf32, #CSR>, tensor<3x8xf32>)
                     outs(%init : tensor<3x8xf32>) -> tensor<3x8xf32>
  return %y : tensor<3x8xf32>
}

// -----

#CSR = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed) }>

// Factors near a normalization's but not within rounding of it (0.4083
// where 1/sqrt(6) = 0.40824829: 1.3e-4 away, about 1000 units in the last
// place), and 1/2 everywhere (the factor of the rows of degree 2, given to
// row 1 of degree 3 too), are weights: left alone.
// CHECK-LABEL: func.func @matmul_near_factors_untouched
// CHECK-COUNT-2: linalg.matmul
// CHECK-NOT: hag.aggregate
func.func @matmul_near_factors_untouched(%x: tensor<3x8xf32>) -> (tensor<3x8xf32>, tensor<3x8xf32>) {
  %a = arith.constant sparse<[[0, 0], [0, 1], [1, 0], [1, 1], [1, 2], [2, 1], [2, 2]],
                             [0.5, 0.4083, 0.40824829, 0.33333334,
                              0.40824829, 0.40824829, 0.5]> : tensor<3x3xf32>
  %adj = sparse_tensor.convert %a : tensor<3x3xf32> to tensor<3x3xf32, #CSR>
  %b = arith.constant sparse<[[0, 0], [0, 1], [1, 0], [1, 1], [1, 2], [2, 1], [2, 2]],
                             [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]> : tensor<3x3xf32>
  %bdj = sparse_tensor.convert %b : tensor<3x3xf32> to tensor<3x3xf32, #CSR>
  %init = arith.constant dense<0.0> : tensor<3x8xf32>
  %y = linalg.matmul ins(%adj, %x : tensor<3x3xf32, #CSR>, tensor<3x8xf32>)
                     outs(%init : tensor<3x8xf32>) -> tensor<3x8xf32>
  %z = linalg.matmul ins(%bdj, %x : tensor<3x3xf32, #CSR>, tensor<3x8xf32>)
                     outs(%init : tensor<3x8xf32>) -> tensor<3x8xf32>
  return %y, %z : tensor<3x8xf32>, tensor<3x8xf32>
}

// -----

#CSR = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed) }>

// Rows whose columns have empty rows of their own: 1/2 in row 0 is its
// row factor (a mean of nodes 1 and 2), and no symmetric factor exists
// (deg(1) = deg(2) = 0), so it is the row normalization; a lone 0.5 whose
// column's row is empty is neither, and stays.
// CHECK-LABEL: func.func @matmul_columns_of_empty_rows
// CHECK: hag.aggregate sum %{{.*}}, %{{.*}} normalization(row) : !hag.graph<3>
// CHECK: linalg.matmul
// CHECK-NOT: hag.aggregate
func.func @matmul_columns_of_empty_rows(%x: tensor<3x8xf32>, %x2: tensor<2x8xf32>) -> (tensor<3x8xf32>, tensor<2x8xf32>) {
  %a = arith.constant sparse<[[0, 1], [0, 2]], [0.5, 0.5]> : tensor<3x3xf32>
  %adj = sparse_tensor.convert %a : tensor<3x3xf32> to tensor<3x3xf32, #CSR>
  %init = arith.constant dense<0.0> : tensor<3x8xf32>
  %y = linalg.matmul ins(%adj, %x : tensor<3x3xf32, #CSR>, tensor<3x8xf32>)
                     outs(%init : tensor<3x8xf32>) -> tensor<3x8xf32>
  %b = arith.constant sparse<[[0, 1]], [0.5]> : tensor<2x2xf32>
  %bdj = sparse_tensor.convert %b : tensor<2x2xf32> to tensor<2x2xf32, #CSR>
  %init2 = arith.constant dense<0.0> : tensor<2x8xf32>
  %z = linalg.matmul ins(%bdj, %x2 : tensor<2x2xf32, #CSR>, tensor<2x8xf32>)
                     outs(%init2 : tensor<2x8xf32>) -> tensor<2x8xf32>
  return %y, %z : tensor<3x8xf32>, tensor<2x8xf32>
}

// -----

#CSR = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed) }>

// bf16 factors match both meanings within bf16's rounding where degrees
// 16 and 17 meet (1/16 against 1/sqrt(16 * 17), 3% apart): the closer one
// is meant. Row 0 has 16 entries of 1/16 (columns 1-16), and rows 1-16 each
// 17 (column 0 and columns 1-16): exactly the row factors.
// CHECK-LABEL: func.func @matmul_bf16_closer_meaning
// CHECK: normalization(row)
func.func @matmul_bf16_closer_meaning(%x: tensor<17x8xbf16>) -> tensor<17x8xbf16> {
  %a = arith.constant dense<[[0.0, 0.0625, 0.0625, 0.0625, 0.0625, 0.0625, 0.0625, 0.0625, 0.0625, 0.0625, 0.0625, 0.0625, 0.0625, 0.0625, 0.0625, 0.0625, 0.0625], [0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705], [0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705], [0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705], [0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705], [0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705], [0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705], [0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705], [0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705], [0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705], [0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705], [0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705], [0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705], [0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705], [0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705], [0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705], [0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.058823529411764705]]> : tensor<17x17xbf16>
  %adj0 = sparse_tensor.convert %a : tensor<17x17xbf16> to tensor<17x17xbf16, #CSR>
  %init = arith.constant dense<0.0> : tensor<17x8xbf16>
  %y = linalg.matmul ins(%adj0, %x : tensor<17x17xbf16, #CSR>, tensor<17x8xbf16>)
                     outs(%init : tensor<17x8xbf16>) -> tensor<17x8xbf16>
  return %y : tensor<17x8xbf16>
}

// -----

#CSR = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed) }>

#map_a = affine_map<(i, j, k) -> (i, j)>
#map_x = affine_map<(i, j, k) -> (j, k)>
#map_y = affine_map<(i, j, k) -> (i, k)>

// The weighted product as a linalg.generic (`y + a * x`, either order) over
// a constant f16 adjacency: its values are factors of the symmetric
// normalization rounded to f16 (1/sqrt(6) is 0.408203125 there, 1/3
// 0.333251953125), so it is that aggregation. Without self-loops here: the
// path 0 - 1 - 2 alone, deg = (1, 2, 1), factors 1/sqrt(2).
// CHECK-LABEL: func.func @generic_weighted_symmetric_f16
// CHECK: %[[G:.*]] = hag.graph_constant offsets(dense<[0, 1, 3, 4]> : tensor<4xi64>) indices(dense<[1, 0, 2, 1]> : tensor<4xi32>) : !hag.graph<3>
// CHECK: hag.aggregate sum %[[G]], %{{.*}} normalization(symmetric) : !hag.graph<3>, tensor<3x16xf16> -> tensor<3x16xf16>
// CHECK-NOT: linalg.generic
func.func @generic_weighted_symmetric_f16(%x: tensor<3x16xf16>) -> tensor<3x16xf16> {
  %a = arith.constant sparse<[[0, 1], [1, 0], [1, 2], [2, 1]],
                             [0.70703125, 0.70703125, 0.70703125, 0.70703125]> : tensor<3x3xf16>
  %adj = sparse_tensor.convert %a : tensor<3x3xf16> to tensor<3x3xf16, #CSR>
  %init = arith.constant dense<0.0> : tensor<3x16xf16>
  %y = linalg.generic {indexing_maps = [#map_a, #map_x, #map_y],
                       iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%adj, %x : tensor<3x3xf16, #CSR>, tensor<3x16xf16>)
      outs(%init : tensor<3x16xf16>) {
  ^bb0(%w: f16, %v: f16, %acc: f16):
    %m = arith.mulf %v, %w : f16
    %s = arith.addf %m, %acc : f16
    linalg.yield %s : f16
  } -> tensor<3x16xf16>
  return %y : tensor<3x16xf16>
}

// -----

#CSR = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed) }>

#map_a = affine_map<(i, j, k) -> (i, j)>
#map_x = affine_map<(i, j, k) -> (j, k)>
#map_y = affine_map<(i, j, k) -> (i, k)>

// A constant of ones in a weighted body is the plain sum; a body that does
// more than scale by A (a * x * x) is not a product of A and X: left alone.
// CHECK-LABEL: func.func @generic_weighted_ones_and_other_bodies
// CHECK: hag.aggregate sum %{{.*}}, %{{.*}} : !hag.graph<2>, tensor<2x4xf32> -> tensor<2x4xf32>
// CHECK: linalg.generic
// CHECK-NOT: hag.aggregate
func.func @generic_weighted_ones_and_other_bodies(%x: tensor<2x4xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>) {
  %a = arith.constant sparse<[[0, 1], [1, 0]], [1.0, 1.0]> : tensor<2x2xf32>
  %adj = sparse_tensor.convert %a : tensor<2x2xf32> to tensor<2x2xf32, #CSR>
  %init = arith.constant dense<0.0> : tensor<2x4xf32>
  %y = linalg.generic {indexing_maps = [#map_a, #map_x, #map_y],
                       iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%adj, %x : tensor<2x2xf32, #CSR>, tensor<2x4xf32>)
      outs(%init : tensor<2x4xf32>) {
  ^bb0(%w: f32, %v: f32, %acc: f32):
    %m = arith.mulf %w, %v : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  } -> tensor<2x4xf32>
  %z = linalg.generic {indexing_maps = [#map_a, #map_x, #map_y],
                       iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%adj, %x : tensor<2x2xf32, #CSR>, tensor<2x4xf32>)
      outs(%init : tensor<2x4xf32>) {
  ^bb0(%w: f32, %v: f32, %acc: f32):
    %m = arith.mulf %w, %v : f32
    %mm = arith.mulf %m, %v : f32
    %s = arith.addf %acc, %mm : f32
    linalg.yield %s : f32
  } -> tensor<2x4xf32>
  return %y, %z : tensor<2x4xf32>, tensor<2x4xf32>
}

// -----

// Message passing as an edge loop, the gather fused in: for every edge e,
// acc[dst[e]] += x[src[e]]. Constant edges src -> dst give the same graph as
// the matmul above: N(0) = {1, 2}, N(1) = {0}, N(2) = {0}, N(3) = {3}.
// CHECK-LABEL: func.func @scatter_add_loop_fused_gather
// CHECK: %[[G:.*]] = hag.graph_constant offsets(dense<[0, 2, 3, 4, 5]> : tensor<5xi64>) indices(dense<[1, 2, 0, 0, 3]> : tensor<5xi32>) : !hag.graph<4>
// CHECK: %[[Y:.*]] = hag.aggregate sum %[[G]], %{{.*}} : !hag.graph<4>, tensor<4x8xf32> -> tensor<4x8xf32>
// CHECK-NOT: scf.for
// CHECK: return %[[Y]]
func.func @scatter_add_loop_fused_gather(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %src = arith.constant dense<[1, 2, 0, 0, 3]> : tensor<5xi32>
  %dst = arith.constant dense<[0, 0, 1, 2, 3]> : tensor<5xi32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c5 = arith.constant 5 : index
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<4x8xf32>
  %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<4x8xf32>) -> tensor<4x8xf32>
  %y = scf.for %e = %c0 to %c5 step %c1 iter_args(%acc = %init) -> (tensor<4x8xf32>) {
    %s = tensor.extract %src[%e] : tensor<5xi32>
    %u = arith.index_cast %s : i32 to index
    %d = tensor.extract %dst[%e] : tensor<5xi32>
    %v = arith.index_cast %d : i32 to index
    %msg = tensor.extract_slice %x[%u, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<1x8xf32>
    %old = tensor.extract_slice %acc[%v, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<1x8xf32>
    %new = arith.addf %old, %msg : tensor<1x8xf32>
    %next = tensor.insert_slice %new into %acc[%v, 0] [1, 8] [1, 1] : tensor<1x8xf32> into tensor<4x8xf32>
    scf.yield %next : tensor<4x8xf32>
  }
  return %y : tensor<4x8xf32>
}

// -----

// The messages gathered first by tensor.gather (E x 1 x D), then scattered
// with rank-reduced rows; index-typed edge arrays, message added first.
// CHECK-LABEL: func.func @scatter_add_loop_tensor_gather
// CHECK: %[[G:.*]] = hag.graph_constant offsets(dense<[0, 2, 3, 4, 5]> : tensor<5xi64>) indices(dense<[1, 2, 0, 0, 3]> : tensor<5xi32>) : !hag.graph<4>
// CHECK: %[[Y:.*]] = hag.aggregate sum %[[G]], %{{.*}} : !hag.graph<4>, tensor<4x8xf16> -> tensor<4x8xf16>
// CHECK-NOT: tensor.gather
// CHECK-NOT: scf.for
// CHECK: return %[[Y]]
func.func @scatter_add_loop_tensor_gather(%x: tensor<4x8xf16>) -> tensor<4x8xf16> {
  %src = arith.constant dense<[[1], [2], [0], [0], [3]]> : tensor<5x1xindex>
  %dst = arith.constant dense<[0, 0, 1, 2, 3]> : tensor<5xindex>
  %msgs = tensor.gather %x[%src] gather_dims([0]) : (tensor<4x8xf16>, tensor<5x1xindex>) -> tensor<5x1x8xf16>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c5 = arith.constant 5 : index
  %init = arith.constant dense<0.0> : tensor<4x8xf16>
  %y = scf.for %e = %c0 to %c5 step %c1 iter_args(%acc = %init) -> (tensor<4x8xf16>) {
    %v = tensor.extract %dst[%e] : tensor<5xindex>
    %msg = tensor.extract_slice %msgs[%e, 0, 0] [1, 1, 8] [1, 1, 1] : tensor<5x1x8xf16> to tensor<8xf16>
    %old = tensor.extract_slice %acc[%v, 0] [1, 8] [1, 1] : tensor<4x8xf16> to tensor<8xf16>
    %new = arith.addf %msg, %old : tensor<8xf16>
    %next = tensor.insert_slice %new into %acc[%v, 0] [1, 8] [1, 1] : tensor<8xf16> into tensor<4x8xf16>
    scf.yield %next : tensor<4x8xf16>
  }
  return %y : tensor<4x8xf16>
}

// -----

#src_map = affine_map<(e, d) -> (e)>
#row_map = affine_map<(e, d) -> (e, d)>

// index_select as frameworks lower it (an indexing linalg.generic), then
// the scatter loop accumulating with linalg.add.
// CHECK-LABEL: func.func @scatter_add_loop_indexing_generic
// CHECK: %[[G:.*]] = hag.graph_constant offsets(dense<[0, 2, 3, 4, 5]> : tensor<5xi64>) indices(dense<[1, 2, 0, 0, 3]> : tensor<5xi32>) : !hag.graph<4>
// CHECK: hag.aggregate sum %[[G]], %{{.*}} : !hag.graph<4>, tensor<4x8xf32> -> tensor<4x8xf32>
// CHECK-NOT: linalg.generic
// CHECK-NOT: linalg.add
// CHECK-NOT: scf.for
func.func @scatter_add_loop_indexing_generic(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %src = arith.constant dense<[1, 2, 0, 0, 3]> : tensor<5xi64>
  %dst = arith.constant dense<[0, 0, 1, 2, 3]> : tensor<5xi64>
  %e_msgs = tensor.empty() : tensor<5x8xf32>
  %msgs = linalg.generic {indexing_maps = [#src_map, #row_map],
                          iterator_types = ["parallel", "parallel"]}
      ins(%src : tensor<5xi64>) outs(%e_msgs : tensor<5x8xf32>) {
  ^bb0(%s: i64, %out: f32):
    %u = arith.index_cast %s : i64 to index
    %j = linalg.index 1 : index
    %val = tensor.extract %x[%u, %j] : tensor<4x8xf32>
    linalg.yield %val : f32
  } -> tensor<5x8xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c5 = arith.constant 5 : index
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<4x8xf32>
  %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<4x8xf32>) -> tensor<4x8xf32>
  %y = scf.for %e = %c0 to %c5 step %c1 iter_args(%acc = %init) -> (tensor<4x8xf32>) {
    %d = tensor.extract %dst[%e] : tensor<5xi64>
    %v = arith.index_cast %d : i64 to index
    %msg = tensor.extract_slice %msgs[%e, 0] [1, 8] [1, 1] : tensor<5x8xf32> to tensor<8xf32>
    %old = tensor.extract_slice %acc[%v, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<8xf32>
    %new = linalg.add ins(%old, %msg : tensor<8xf32>, tensor<8xf32>) outs(%old : tensor<8xf32>) -> tensor<8xf32>
    %next = tensor.insert_slice %new into %acc[%v, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<4x8xf32>
    scf.yield %next : tensor<4x8xf32>
  }
  return %y : tensor<4x8xf32>
}

// -----

// Messages scaled per edge by an E x 1 weight array (`w.view(-1, 1) * x[src]`)
// whose values are 1/deg(dst): node 0 has two inputs (weights 1/2), the
// others one: the row normalization.
// CHECK-LABEL: func.func @scatter_add_loop_row_weights
// CHECK: %[[G:.*]] = hag.graph_constant offsets(dense<[0, 2, 3, 4, 5]> : tensor<5xi64>) indices(dense<[1, 2, 0, 0, 3]> : tensor<5xi32>) : !hag.graph<4>
// CHECK: hag.aggregate sum %[[G]], %{{.*}} normalization(row) : !hag.graph<4>, tensor<4x8xf32> -> tensor<4x8xf32>
// CHECK-NOT: scf.for

#src_map = affine_map<(e, d) -> (e)>
#row_map = affine_map<(e, d) -> (e, d)>

func.func @scatter_add_loop_row_weights(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %src = arith.constant dense<[1, 2, 0, 0, 3]> : tensor<5xi64>
  %dst = arith.constant dense<[0, 0, 1, 2, 3]> : tensor<5xi64>
  %e_msgs = tensor.empty() : tensor<5x8xf32>
  %msgs = linalg.generic {indexing_maps = [#src_map, #row_map],
                          iterator_types = ["parallel", "parallel"]}
      ins(%src : tensor<5xi64>) outs(%e_msgs : tensor<5x8xf32>) {
  ^bb0(%s: i64, %out: f32):
    %u = arith.index_cast %s : i64 to index
    %j = linalg.index 1 : index
    %val = tensor.extract %x[%u, %j] : tensor<4x8xf32>
    linalg.yield %val : f32
  } -> tensor<5x8xf32>
  %w = arith.constant dense<[[0.5], [0.5], [1.0], [1.0], [1.0]]> : tensor<5x1xf32>
  %e_scaled = tensor.empty() : tensor<5x8xf32>
  %scaled = linalg.generic {indexing_maps = [affine_map<(e, j) -> (e, 0)>, #row_map, #row_map],
                            iterator_types = ["parallel", "parallel"]}
      ins(%w, %msgs : tensor<5x1xf32>, tensor<5x8xf32>) outs(%e_scaled : tensor<5x8xf32>) {
  ^bb0(%wv: f32, %mv: f32, %out: f32):
    %p = arith.mulf %mv, %wv : f32
    linalg.yield %p : f32
  } -> tensor<5x8xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c5 = arith.constant 5 : index
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<4x8xf32>
  %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<4x8xf32>) -> tensor<4x8xf32>
  %y = scf.for %e = %c0 to %c5 step %c1 iter_args(%acc = %init) -> (tensor<4x8xf32>) {
    %d = tensor.extract %dst[%e] : tensor<5xi64>
    %v = arith.index_cast %d : i64 to index
    %msg = tensor.extract_slice %scaled[%e, 0] [1, 8] [1, 1] : tensor<5x8xf32> to tensor<8xf32>
    %old = tensor.extract_slice %acc[%v, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<8xf32>
    %new = linalg.add ins(%old, %msg : tensor<8xf32>, tensor<8xf32>) outs(%old : tensor<8xf32>) -> tensor<8xf32>
    %next = tensor.insert_slice %new into %acc[%v, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<4x8xf32>
    scf.yield %next : tensor<4x8xf32>
  }
  return %y : tensor<4x8xf32>
}

// -----

// Weights known only at run time may be anything: left alone.
// CHECK-LABEL: func.func @scatter_add_loop_runtime_weights_untouched
// CHECK: scf.for
// CHECK-NOT: hag.aggregate

#src_map = affine_map<(e, d) -> (e)>
#row_map = affine_map<(e, d) -> (e, d)>

func.func @scatter_add_loop_runtime_weights_untouched(%x: tensor<4x8xf32>, %w: tensor<5x1xf32>) -> tensor<4x8xf32> {
  %src = arith.constant dense<[1, 2, 0, 0, 3]> : tensor<5xi64>
  %dst = arith.constant dense<[0, 0, 1, 2, 3]> : tensor<5xi64>
  %e_msgs = tensor.empty() : tensor<5x8xf32>
  %msgs = linalg.generic {indexing_maps = [#src_map, #row_map],
                          iterator_types = ["parallel", "parallel"]}
      ins(%src : tensor<5xi64>) outs(%e_msgs : tensor<5x8xf32>) {
  ^bb0(%s: i64, %out: f32):
    %u = arith.index_cast %s : i64 to index
    %j = linalg.index 1 : index
    %val = tensor.extract %x[%u, %j] : tensor<4x8xf32>
    linalg.yield %val : f32
  } -> tensor<5x8xf32>
  %e_scaled = tensor.empty() : tensor<5x8xf32>
  %scaled = linalg.generic {indexing_maps = [affine_map<(e, j) -> (e, 0)>, #row_map, #row_map],
                            iterator_types = ["parallel", "parallel"]}
      ins(%w, %msgs : tensor<5x1xf32>, tensor<5x8xf32>) outs(%e_scaled : tensor<5x8xf32>) {
  ^bb0(%wv: f32, %mv: f32, %out: f32):
    %p = arith.mulf %mv, %wv : f32
    linalg.yield %p : f32
  } -> tensor<5x8xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c5 = arith.constant 5 : index
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<4x8xf32>
  %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<4x8xf32>) -> tensor<4x8xf32>
  %y = scf.for %e = %c0 to %c5 step %c1 iter_args(%acc = %init) -> (tensor<4x8xf32>) {
    %d = tensor.extract %dst[%e] : tensor<5xi64>
    %v = arith.index_cast %d : i64 to index
    %msg = tensor.extract_slice %scaled[%e, 0] [1, 8] [1, 1] : tensor<5x8xf32> to tensor<8xf32>
    %old = tensor.extract_slice %acc[%v, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<8xf32>
    %new = linalg.add ins(%old, %msg : tensor<8xf32>, tensor<8xf32>) outs(%old : tensor<8xf32>) -> tensor<8xf32>
    %next = tensor.insert_slice %new into %acc[%v, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<4x8xf32>
    scf.yield %next : tensor<4x8xf32>
  }
  return %y : tensor<4x8xf32>
}

// -----

// Forms that must stay as they are: a loop over part of run-time edge
// arrays, a non-zero accumulator, a repeated constant edge (summed twice),
// a constant id out of range, a product instead of a sum, and a loop that
// stops early.
// CHECK-LABEL: func.func @scatter_add_loop_untouched
// CHECK-COUNT-6: scf.for
// CHECK-NOT: hag.
func.func @scatter_add_loop_untouched(%x: tensor<4x8xf32>, %src_rt: tensor<5xi32>, %dst_rt: tensor<5xi32>,
    %c: tensor<4x8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>) {
  %src = arith.constant dense<[1, 2, 0, 0, 3]> : tensor<5xi32>
  %dst = arith.constant dense<[0, 0, 1, 2, 3]> : tensor<5xi32>
  %src_repeat = arith.constant dense<[1, 1, 0, 0, 3]> : tensor<5xi32>
  %src_range = arith.constant dense<[1, 2, 0, 0, 4]> : tensor<5xi32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c5 = arith.constant 5 : index
  %zeros = arith.constant dense<0.0> : tensor<4x8xf32>
  %r0 = scf.for %e = %c0 to %c4 step %c1 iter_args(%acc = %zeros) -> (tensor<4x8xf32>) {
    %s = tensor.extract %src_rt[%e] : tensor<5xi32>
    %u = arith.index_cast %s : i32 to index
    %d = tensor.extract %dst_rt[%e] : tensor<5xi32>
    %v = arith.index_cast %d : i32 to index
    %msg = tensor.extract_slice %x[%u, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<8xf32>
    %old = tensor.extract_slice %acc[%v, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<8xf32>
    %new = arith.addf %old, %msg : tensor<8xf32>
    %next = tensor.insert_slice %new into %acc[%v, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<4x8xf32>
    scf.yield %next : tensor<4x8xf32>
  }
  %r1 = scf.for %e = %c0 to %c5 step %c1 iter_args(%acc = %c) -> (tensor<4x8xf32>) {
    %s = tensor.extract %src[%e] : tensor<5xi32>
    %u = arith.index_cast %s : i32 to index
    %d = tensor.extract %dst[%e] : tensor<5xi32>
    %v = arith.index_cast %d : i32 to index
    %msg = tensor.extract_slice %x[%u, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<8xf32>
    %old = tensor.extract_slice %acc[%v, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<8xf32>
    %new = arith.addf %old, %msg : tensor<8xf32>
    %next = tensor.insert_slice %new into %acc[%v, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<4x8xf32>
    scf.yield %next : tensor<4x8xf32>
  }
  %r2 = scf.for %e = %c0 to %c5 step %c1 iter_args(%acc = %zeros) -> (tensor<4x8xf32>) {
    %s = tensor.extract %src_repeat[%e] : tensor<5xi32>
    %u = arith.index_cast %s : i32 to index
    %d = tensor.extract %dst[%e] : tensor<5xi32>
    %v = arith.index_cast %d : i32 to index
    %msg = tensor.extract_slice %x[%u, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<8xf32>
    %old = tensor.extract_slice %acc[%v, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<8xf32>
    %new = arith.addf %old, %msg : tensor<8xf32>
    %next = tensor.insert_slice %new into %acc[%v, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<4x8xf32>
    scf.yield %next : tensor<4x8xf32>
  }
  %r3 = scf.for %e = %c0 to %c5 step %c1 iter_args(%acc = %zeros) -> (tensor<4x8xf32>) {
    %s = tensor.extract %src_range[%e] : tensor<5xi32>
    %u = arith.index_cast %s : i32 to index
    %d = tensor.extract %dst[%e] : tensor<5xi32>
    %v = arith.index_cast %d : i32 to index
    %msg = tensor.extract_slice %x[%u, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<8xf32>
    %old = tensor.extract_slice %acc[%v, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<8xf32>
    %new = arith.addf %old, %msg : tensor<8xf32>
    %next = tensor.insert_slice %new into %acc[%v, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<4x8xf32>
    scf.yield %next : tensor<4x8xf32>
  }
  %r4 = scf.for %e = %c0 to %c5 step %c1 iter_args(%acc = %zeros) -> (tensor<4x8xf32>) {
    %s = tensor.extract %src[%e] : tensor<5xi32>
    %u = arith.index_cast %s : i32 to index
    %d = tensor.extract %dst[%e] : tensor<5xi32>
    %v = arith.index_cast %d : i32 to index
    %msg = tensor.extract_slice %x[%u, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<8xf32>
    %old = tensor.extract_slice %acc[%v, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<8xf32>
    %new = arith.mulf %old, %msg : tensor<8xf32>
    %next = tensor.insert_slice %new into %acc[%v, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<4x8xf32>
    scf.yield %next : tensor<4x8xf32>
  }
  %r5 = scf.for %e = %c0 to %c4 step %c1 iter_args(%acc = %zeros) -> (tensor<4x8xf32>) {
    %s = tensor.extract %src[%e] : tensor<5xi32>
    %u = arith.index_cast %s : i32 to index
    %d = tensor.extract %dst[%e] : tensor<5xi32>
    %v = arith.index_cast %d : i32 to index
    %msg = tensor.extract_slice %x[%u, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<8xf32>
    %old = tensor.extract_slice %acc[%v, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<8xf32>
    %new = arith.addf %old, %msg : tensor<8xf32>
    %next = tensor.insert_slice %new into %acc[%v, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<4x8xf32>
    scf.yield %next : tensor<4x8xf32>
  }
  return %r0, %r1, %r2, %r3, %r4, %r5 : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>
}

// -----

// Message passing over edge arrays known only at run time (PyG's edge_index
// as arguments): a graph from the edges, built by the plan runtime; the
// E x 1 index tensor of tensor.gather is collapsed, index ids are cast.
// CHECK-LABEL: func.func @scatter_add_loop_runtime_edges
// CHECK-SAME: (%[[X:.*]]: tensor<4x8xf32>, %[[SRC:.*]]: tensor<6x1xindex>, %[[DST:.*]]: tensor<6xi32>)
// CHECK-DAG: %[[N:.*]] = arith.constant 4 : index
// CHECK-DAG: %[[S1:.*]] = tensor.collapse_shape %[[SRC]] {{\[\[}}0, 1]] : tensor<6x1xindex> into tensor<6xindex>
// CHECK-DAG: %[[S:.*]] = arith.index_cast %[[S1]] : tensor<6xindex> to tensor<6xi64>
// CHECK-DAG: %[[D:.*]] = arith.extsi %[[DST]] : tensor<6xi32> to tensor<6xi64>
// CHECK: %[[G:.*]] = hag.graph_from_edges %[[S]], %[[D]] nodes(%[[N]]) : tensor<6xi64>, tensor<6xi64> -> !hag.graph<4>
// CHECK: %[[Y:.*]] = hag.aggregate sum %[[G]], %[[X]] : !hag.graph<4>, tensor<4x8xf32> -> tensor<4x8xf32>
// CHECK-NOT: scf.for
// CHECK: return %[[Y]]
func.func @scatter_add_loop_runtime_edges(%x: tensor<4x8xf32>, %src: tensor<6x1xindex>, %dst: tensor<6xi32>) -> tensor<4x8xf32> {
  %msgs = tensor.gather %x[%src] gather_dims([0]) : (tensor<4x8xf32>, tensor<6x1xindex>) -> tensor<6x1x8xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c6 = arith.constant 6 : index
  %init = arith.constant dense<0.0> : tensor<4x8xf32>
  %y = scf.for %e = %c0 to %c6 step %c1 iter_args(%acc = %init) -> (tensor<4x8xf32>) {
    %d = tensor.extract %dst[%e] : tensor<6xi32>
    %v = arith.index_cast %d : i32 to index
    %msg = tensor.extract_slice %msgs[%e, 0, 0] [1, 1, 8] [1, 1, 1] : tensor<6x1x8xf32> to tensor<8xf32>
    %old = tensor.extract_slice %acc[%v, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<8xf32>
    %new = arith.addf %old, %msg : tensor<8xf32>
    %next = tensor.insert_slice %new into %acc[%v, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<4x8xf32>
    scf.yield %next : tensor<4x8xf32>
  }
  return %y : tensor<4x8xf32>
}

// -----

// i8 ids read through arith.index_castui are unsigned (i8 200 is node 200):
// both arrays are zero-extended to i64, not sign-extended (which made node
// 200 the id -56, refused by the plan runtime).
// CHECK-LABEL: func.func @scatter_add_loop_runtime_edges_unsigned
// CHECK-SAME: (%[[X:.*]]: tensor<201x8xf32>, %[[SRC:.*]]: tensor<3xi8>, %[[DST:.*]]: tensor<3xi8>)
// CHECK-DAG: %[[S:.*]] = arith.extui %[[SRC]] : tensor<3xi8> to tensor<3xi64>
// CHECK-DAG: %[[D:.*]] = arith.extui %[[DST]] : tensor<3xi8> to tensor<3xi64>
// CHECK: hag.graph_from_edges %[[S]], %[[D]]
func.func @scatter_add_loop_runtime_edges_unsigned(%x: tensor<201x8xf32>, %src: tensor<3xi8>, %dst: tensor<3xi8>) -> tensor<201x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %init = arith.constant dense<0.0> : tensor<201x8xf32>
  %y = scf.for %e = %c0 to %c3 step %c1 iter_args(%acc = %init) -> (tensor<201x8xf32>) {
    %s = tensor.extract %src[%e] : tensor<3xi8>
    %u = arith.index_castui %s : i8 to index
    %d = tensor.extract %dst[%e] : tensor<3xi8>
    %v = arith.index_castui %d : i8 to index
    %msg = tensor.extract_slice %x[%u, 0] [1, 8] [1, 1] : tensor<201x8xf32> to tensor<8xf32>
    %old = tensor.extract_slice %acc[%v, 0] [1, 8] [1, 1] : tensor<201x8xf32> to tensor<8xf32>
    %new = arith.addf %old, %msg : tensor<8xf32>
    %next = tensor.insert_slice %new into %acc[%v, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<201x8xf32>
    scf.yield %next : tensor<201x8xf32>
  }
  return %y : tensor<201x8xf32>
}

// -----

#CSR = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed) }>

// The adjacency as torch-mlir stores tensors, a dense_resource blob (here
// the mean of the path 0 - 1 - 2 with self-loops: 1/2, 1/3, 1/2 per row).
// CHECK-LABEL: func.func @matmul_dense_resource_row
// CHECK: %[[G:.*]] = hag.graph_constant offsets(dense<[0, 2, 5, 7]> : tensor<4xi64>) indices(dense<[0, 1, 0, 1, 2, 1, 2]> : tensor<7xi32>) : !hag.graph<3>
// CHECK: hag.aggregate sum %[[G]], %{{.*}} normalization(row) : !hag.graph<3>, tensor<3x8xf32> -> tensor<3x8xf32>
// CHECK-NOT: linalg.matmul
func.func @matmul_dense_resource_row(%x: tensor<3x8xf32>) -> tensor<3x8xf32> {
  %a = arith.constant dense_resource<path_mean> : tensor<3x3xf32>
  %adj = sparse_tensor.convert %a : tensor<3x3xf32> to tensor<3x3xf32, #CSR>
  %init = arith.constant dense<0.0> : tensor<3x8xf32>
  %y = linalg.matmul ins(%adj, %x : tensor<3x3xf32, #CSR>, tensor<3x8xf32>)
                     outs(%init : tensor<3x8xf32>) -> tensor<3x8xf32>
  return %y : tensor<3x8xf32>
}

{-#
  dialect_resources: {
    builtin: {
      path_mean: "0x040000000000003F0000003F00000000ABAAAA3EABAAAA3EABAAAA3E000000000000003F0000003F"
    }
  }
#-}

// -----

#CSR = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed) }>

// A blob of another size than its type (2 x 2 floats and 2 more) is not
// read: left alone (raising it crashed; upstream refuses it when
// translating).
// CHECK-LABEL: func.func @matmul_dense_resource_wrong_size_untouched
// CHECK: linalg.matmul
// CHECK-NOT: hag.aggregate
func.func @matmul_dense_resource_wrong_size_untouched(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %a = arith.constant dense_resource<too_long> : tensor<2x2xf32>
  %adj = sparse_tensor.convert %a : tensor<2x2xf32> to tensor<2x2xf32, #CSR>
  %init = arith.constant dense<0.0> : tensor<2x8xf32>
  %y = linalg.matmul ins(%adj, %x : tensor<2x2xf32, #CSR>, tensor<2x8xf32>)
                     outs(%init : tensor<2x8xf32>) -> tensor<2x8xf32>
  return %y : tensor<2x8xf32>
}

{-#
  dialect_resources: {
    builtin: {
      too_long: "0x04000000000000000000803F0000803F000000000000803F0000803F"
    }
  }
#-}
