// A module whose graph is its own constant of 3 nodes, over features whose
// row count is known only at run time: in the entry itself (@direct, which
// hag-run checks before compiling) and in a function it calls (@nested,
// which the kernel checks when it runs).
func.func @direct(%xm: memref<?x?xf32>, %ym: memref<?x?xf32>) {
  %x = bufferization.to_tensor %xm restrict : memref<?x?xf32> to tensor<?x?xf32>
  %g = hag.graph_constant offsets(dense<[0, 0, 1, 3]> : tensor<4xi64>)
                          indices(dense<[0, 0, 1]> : tensor<3xi32>) : !hag.graph<3>
  %y = hag.aggregate sum %g, %x : !hag.graph<3>, tensor<?x?xf32> -> tensor<?x?xf32>
  bufferization.materialize_in_destination %y in restrict writable %ym : (tensor<?x?xf32>, memref<?x?xf32>) -> ()
  return
}

func.func @nested(%xm: memref<?x?xf32>, %ym: memref<?x?xf32>) {
  call @inner(%xm, %ym) : (memref<?x?xf32>, memref<?x?xf32>) -> ()
  return
}

func.func private @inner(%xm: memref<?x?xf32>, %ym: memref<?x?xf32>) {
  %x = bufferization.to_tensor %xm restrict : memref<?x?xf32> to tensor<?x?xf32>
  %g = hag.graph_constant offsets(dense<[0, 0, 1, 3]> : tensor<4xi64>)
                          indices(dense<[0, 0, 1]> : tensor<3xi32>) : !hag.graph<3>
  %y = hag.aggregate sum %g, %x : !hag.graph<3>, tensor<?x?xf32> -> tensor<?x?xf32>
  bufferization.materialize_in_destination %y in restrict writable %ym : (tensor<?x?xf32>, memref<?x?xf32>) -> ()
  return
}
