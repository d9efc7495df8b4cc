// Options the kernels cannot run with are refused: a block smaller than one
// row's 32 lanes launched nothing and left every row unwritten (exit 0).
// RUN: not hag-opt %s -convert-hag-to-gpu=block-size=7 2>&1 | FileCheck %s --check-prefix=SMALL
// SMALL: error: convert-hag-to-gpu: block-size 7 is not a multiple of 32 from 32 to 1024
// RUN: not hag-opt %s -convert-hag-to-gpu=block-size=2048 2>&1 | FileCheck %s --check-prefix=LARGE
// LARGE: error: convert-hag-to-gpu: block-size 2048 is not a multiple of 32 from 32 to 1024
// RUN: not hag-opt %s -convert-hag-to-gpu=block-size=100 2>&1 | FileCheck %s --check-prefix=RAGGED
// RAGGED: error: convert-hag-to-gpu: block-size 100 is not a multiple of 32 from 32 to 1024
// RUN: not hag-opt %s -convert-hag-to-gpu=hub-edges=-1 2>&1 | FileCheck %s --check-prefix=HUBS
// HUBS: error: convert-hag-to-gpu: hub-edges -1 is negative
// The bounds themselves are accepted.
// RUN: hag-opt %s -convert-hag-to-gpu=block-size=32 | FileCheck %s --check-prefix=OK
// RUN: hag-opt %s -convert-hag-to-gpu=block-size=1024 | FileCheck %s --check-prefix=OK
// OK: gpu.launch
func.func @sum(%x: tensor<3x16xf32>) -> tensor<3x16xf32> {
  %g = hag.graph_constant offsets(dense<[0, 0, 1, 3]> : tensor<4xi64>)
                          indices(dense<[0, 0, 1]> : tensor<3xi32>) : !hag.graph<3>
  %y = hag.aggregate sum %g, %x : !hag.graph<3>, tensor<3x16xf32> -> tensor<3x16xf32>
  return %y : tensor<3x16xf32>
}
