// RUN: hag-opt %s -split-input-file -hag-bufferize | FileCheck %s

// Proves: a dense module gets one-shot bufferization (memrefs, no sparse
// ops); a constant CSR matrix becomes sparse_tensor.assemble of constant
// arrays (sorted by row, then column) before the sparsifier, which then
// leaves no sparse tensor type behind; values of another type are
// converted (an f64 and an i32 constant into f32 matrices); a constant
// without entries is left to the sparsifier and bufferizes too.

// CHECK-LABEL: func.func @dense
// CHECK-SAME: memref<4xf32
// CHECK-NOT: tensor<
func.func @dense(%x: tensor<4xf32>) -> tensor<4xf32> {
  %c = arith.constant dense<1.0> : tensor<4xf32>
  %e = tensor.empty() : tensor<4xf32>
  %y = linalg.add ins(%x, %c : tensor<4xf32>, tensor<4xf32>) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

#CSR = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed) }>
// Entries given out of order: (2, 0), (0, 2), (0, 1).
// The arrays become globals, before the function:
// CHECK-DAG: memref.global "private" constant @{{.*}} : memref<4xindex> = dense<[0, 2, 2, 3]>
// CHECK-DAG: memref.global "private" constant @{{.*}} : memref<3xindex> = dense<[1, 2, 0]>
// CHECK-DAG: memref.global "private" constant @{{.*}} : memref<3xf32> = dense<[3.000000e+00, 2.000000e+00, 1.000000e+00]>
// CHECK-LABEL: func.func @constant_csr
// CHECK-NOT: #sparse
func.func @constant_csr(%x: tensor<3x4xf32>) -> tensor<3x4xf32> {
  %a = arith.constant sparse<[[2, 0], [0, 2], [0, 1]], [1.0, 2.0, 3.0]> : tensor<3x3xf32>
  %adj = sparse_tensor.convert %a : tensor<3x3xf32> to tensor<3x3xf32, #CSR>
  %init = arith.constant dense<0.0> : tensor<3x4xf32>
  %y = linalg.matmul ins(%adj, %x : tensor<3x3xf32, #CSR>, tensor<3x4xf32>)
                     outs(%init : tensor<3x4xf32>) -> tensor<3x4xf32>
  return %y : tensor<3x4xf32>
}

// -----

#CSR = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed) }>
// CHECK-DAG: memref.global "private" constant @{{.*}} : memref<2xf32> = dense<[2.500000e-01, 3.000000e+00]>
// CHECK-LABEL: func.func @converted_values
// CHECK-NOT: #sparse
func.func @converted_values() -> (tensor<2x2xf32, #CSR>, tensor<2x2xf32, #CSR>) {
  %a = arith.constant sparse<[[0, 1], [1, 0]], [0.25, 3.0]> : tensor<2x2xf64>
  %m = sparse_tensor.convert %a : tensor<2x2xf64> to tensor<2x2xf32, #CSR>
  %b = arith.constant dense<[[0, 7], [5, 0]]> : tensor<2x2xi32>
  %n = sparse_tensor.convert %b : tensor<2x2xi32> to tensor<2x2xf32, #CSR>
  return %m, %n : tensor<2x2xf32, #CSR>, tensor<2x2xf32, #CSR>
}

// -----

#CSR = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed) }>
// CHECK-LABEL: func.func @no_entries
// CHECK-NOT: #sparse
func.func @no_entries(%x: tensor<3x4xf32>) -> tensor<3x4xf32> {
  %a = arith.constant dense<0.0> : tensor<3x3xf32>
  %adj = sparse_tensor.convert %a : tensor<3x3xf32> to tensor<3x3xf32, #CSR>
  %init = arith.constant dense<0.0> : tensor<3x4xf32>
  %y = linalg.matmul ins(%adj, %x : tensor<3x3xf32, #CSR>, tensor<3x4xf32>)
                     outs(%init : tensor<3x4xf32>) -> tensor<3x4xf32>
  return %y : tensor<3x4xf32>
}

// -----

#CSR = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed) }>
// A dense_resource blob (torch-mlir's form) is assembled as well: its
// non-zero elements, 1/2 and 1/3.
// CHECK-DAG: memref.global "private" constant @{{.*}} : memref<4xindex> = dense<[0, 2, 5, 7]>
// CHECK-DAG: memref.global "private" constant @{{.*}} : memref<7xindex> = dense<[0, 1, 0, 1, 2, 1, 2]>
// CHECK-LABEL: func.func @dense_resource_constant
// CHECK-NOT: #sparse
func.func @dense_resource_constant() -> tensor<3x3xf32, #CSR> {
  %a = arith.constant dense_resource<path_mean> : tensor<3x3xf32>
  %adj = sparse_tensor.convert %a : tensor<3x3xf32> to tensor<3x3xf32, #CSR>
  return %adj : tensor<3x3xf32, #CSR>
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
// Unsigned integers and booleans convert unsigned (200 as ui8 is 200, true
// is 1); a typed constant's stored zero is dropped; a typed constant without
// entries becomes a zero constant of the matrix's type, converted by the
// sparsifier.
// CHECK-DAG: memref.global "private" constant @{{.*}} : memref<2xf32> = dense<[2.000000e+02, 1.000000e+00]>
// CHECK-DAG: memref.global "private" constant @{{.*}} : memref<1xf32> = dense<2.500000e-01>
// CHECK-LABEL: func.func @typed_values
// CHECK-NOT: #sparse
func.func @typed_values() -> (tensor<2x2xf32, #CSR>, tensor<2x2xf32, #CSR>, tensor<2x2xf32, #CSR>, tensor<3x3xf32, #CSR>) {
  %a = arith.constant dense<[[0, 200], [1, 0]]> : tensor<2x2xui8>
  %m = sparse_tensor.convert %a : tensor<2x2xui8> to tensor<2x2xf32, #CSR>
  %b = arith.constant dense<[[false, true], [true, false]]> : tensor<2x2xi1>
  %n = sparse_tensor.convert %b : tensor<2x2xi1> to tensor<2x2xf32, #CSR>
  %c = arith.constant sparse<[[0, 1], [1, 1]], [0.25, 0.0]> : tensor<2x2xf64>
  %o = sparse_tensor.convert %c : tensor<2x2xf64> to tensor<2x2xf32, #CSR>
  %d = arith.constant dense<0.0> : tensor<3x3xf64>
  %p = sparse_tensor.convert %d : tensor<3x3xf64> to tensor<3x3xf32, #CSR>
  return %m, %n, %o, %p : tensor<2x2xf32, #CSR>, tensor<2x2xf32, #CSR>, tensor<2x2xf32, #CSR>, tensor<3x3xf32, #CSR>
}
