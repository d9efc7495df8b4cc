// REQUIRES: openmp-runtime
// The CUDA kernels' logic run on the host over f16 rows split into hub
// segments: their f32 scratch rows (hub partials) are read and written in
// 8-lane chunks declared 32-byte aligned, so the emulated buffers are
// aligned as cudaMalloc's are (256 bytes). With malloc's 16 the vector
// store faulted in about half the runs.
// RUN: hag-opt %s -convert-hag-to-gpu='emulate=true hub-edges=2' | FileCheck %s --check-prefix=IR
// IR-LABEL: func.func @main
// IR: memref.alloc({{.*}}) {alignment = 256 : i64} : memref<?x16xf32>
// RUN: for i in 1 2 3 4 5 6; do \
// RUN:   hag-opt %s -convert-hag-to-gpu='emulate=true hub-edges=2' -hag-lower-to-cpu \
// RUN:     | %mlir_runner -e main -entry-point-result=void %runner_libs || exit 1; \
// RUN: done | FileCheck %s
// N(0) = {0, 1, 2} (a hub of 3 inputs over segments of 2), N(1) = {0},
// N(2) = {1, 2}; every feature is 1.
// CHECK-COUNT-6: {{\[}}[3,   3,   3,   3,   3,   3,   3,   3,   3,   3,   3,   3,   3,   3,   3,   3],
func.func private @printMemrefF32(tensor<*xf32>)
func.func @main() {
  %x = arith.constant dense<1.0> : tensor<3x16xf16>
  %g = hag.graph_constant offsets(dense<[0, 3, 4, 6]> : tensor<4xi64>)
                          indices(dense<[0, 1, 2, 0, 1, 2]> : tensor<6xi32>) : !hag.graph<3>
  %y = hag.aggregate sum %g, %x : !hag.graph<3>, tensor<3x16xf16> -> tensor<3x16xf16>
  %e = tensor.empty() : tensor<3x16xf32>
  %f = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>],
                       iterator_types = ["parallel", "parallel"]}
      ins(%y : tensor<3x16xf16>) outs(%e : tensor<3x16xf32>) {
  ^bb0(%a: f16, %o: f32):
    %c = arith.extf %a : f16 to f32
    linalg.yield %c : f32
  } -> tensor<3x16xf32>
  %u = tensor.cast %f : tensor<3x16xf32> to tensor<*xf32>
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}
