// REQUIRES: openmp-runtime
// Proves: a sparse-dense linalg.generic whose body ignores A's value
// (`y + x`) sums every row of X into every row of Y, whatever A stores
// (linalg.generic iterates its whole domain), so it is not an aggregation
// over A's pattern: compiled as written (through the sparsifier) and after
// -hag-raise (which must leave it alone), every row is 1 + 2 + 4 + 8 = 15,
// where an aggregation over the pattern would give 6, 1, 1, 8
// (docs/Raising.md, "Left alone").
// RUN: hag-opt %s -hag-lower-to-cpu | %mlir_runner -e main -entry-point-result=void %runner_libs | FileCheck %s
// RUN: hag-opt %s -hag-raise -hag-lower-to-cpu | %mlir_runner -e main -entry-point-result=void %runner_libs | FileCheck %s
// CHECK-COUNT-4: [15]

#CSR = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed) }>
#map_a = affine_map<(i, j, k) -> (i, j)>
#map_x = affine_map<(i, j, k) -> (j, k)>
#map_y = affine_map<(i, j, k) -> (i, k)>

func.func private @printMemrefF32(tensor<*xf32>)

func.func @ignoring_a(%adj: tensor<4x4xf32, #CSR>, %x: tensor<4x1xf32>) -> tensor<4x1xf32> {
  %init = arith.constant dense<0.0> : tensor<4x1xf32>
  %y = linalg.generic {indexing_maps = [#map_a, #map_x, #map_y],
                       iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%adj, %x : tensor<4x4xf32, #CSR>, tensor<4x1xf32>)
      outs(%init : tensor<4x1xf32>) {
  ^bb0(%a: f32, %v: f32, %acc: f32):
    %s = arith.addf %acc, %v : f32
    linalg.yield %s : f32
  } -> tensor<4x1xf32>
  return %y : tensor<4x1xf32>
}

// The pattern: N(0) = {1, 2}, N(1) = {0}, N(2) = {0}, N(3) = {3}.
func.func @main() {
  %a = arith.constant sparse<[[0, 1], [0, 2], [1, 0], [2, 0], [3, 3]],
                             [1.0, 1.0, 1.0, 1.0, 1.0]> : tensor<4x4xf32>
  %adj = sparse_tensor.convert %a : tensor<4x4xf32> to tensor<4x4xf32, #CSR>
  %x = arith.constant dense<[[1.0], [2.0], [4.0], [8.0]]> : tensor<4x1xf32>
  %y = call @ignoring_a(%adj, %x) : (tensor<4x4xf32, #CSR>, tensor<4x1xf32>) -> tensor<4x1xf32>
  %u = tensor.cast %y : tensor<4x1xf32> to tensor<*xf32>
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}
