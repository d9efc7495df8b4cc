// RUN: hag-opt %s -split-input-file -hag-bufferize -verify-diagnostics

// Proves: hag-bufferize refuses, with the entry named, a sparse constant
// that stores an entry twice (the sparsifier crashed on it), and one whose
// entries overflow its encoding's coordinate or position width (it stored
// them truncated, and the product's numbers were wrong).

#CSR = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed) }>
func.func @repeated_entry() -> tensor<3x3xf32, #CSR> {
  %a = arith.constant sparse<[[0, 1], [2, 2], [0, 1]], [1.0, 2.0, 3.0]> : tensor<3x3xf32>
  // expected-error@+1 {{the sparse constant stores entry (0, 1) more than once}}
  %adj = sparse_tensor.convert %a : tensor<3x3xf32> to tensor<3x3xf32, #CSR>
  return %adj : tensor<3x3xf32, #CSR>
}

// -----

// Column 299 does not fit 8-bit coordinates.
#CSR2 = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed), posWidth = 8, crdWidth = 8 }>
func.func @coordinate_overflow() -> tensor<300x300xf32, #CSR2> {
  %a = arith.constant sparse<[[0, 1], [1, 299], [2, 2], [3, 3]], [1.0, 1.0, 1.0, 1.0]> : tensor<300x300xf32>
  // expected-error@+1 {{the sparse constant's 4 entries in 300 columns overflow its encoding's position or coordinate width (posWidth 8, crdWidth 8)}}
  %adj = sparse_tensor.convert %a : tensor<300x300xf32> to tensor<300x300xf32, #CSR2>
  return %adj : tensor<300x300xf32, #CSR2>
}

// -----

// 256 entries (a 16 x 16 matrix of ones) do not fit 8-bit positions.
#CSR3 = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed), posWidth = 8, crdWidth = 8 }>
func.func @position_overflow() -> tensor<16x16xf32, #CSR3> {
  %a = arith.constant dense<1.0> : tensor<16x16xf32>
  // expected-error@+1 {{the sparse constant's 256 entries in 16 columns overflow its encoding's position or coordinate width (posWidth 8, crdWidth 8)}}
  %adj = sparse_tensor.convert %a : tensor<16x16xf32> to tensor<16x16xf32, #CSR3>
  return %adj : tensor<16x16xf32, #CSR3>
}
