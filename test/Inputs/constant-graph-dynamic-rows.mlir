// A module whose graph is its own constant of 3 nodes, over features whose
// row count is known only at run time: in the entry itself (@direct, which
// hag-run checks before compiling) and in a function it calls (@nested,
// which the kernel checks when it runs), and over rows of its own
// (@own_rows, which needs no check).
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

// Aggregates rows of its own, not the features given: the first three rows,
// over the constant graph of three nodes, written back over them. Whatever
// the graph given, this is in bounds.
func.func @own_rows(%xm: memref<?x?xf32>, %ym: memref<?x?xf32>) {
  %x = bufferization.to_tensor %xm restrict : memref<?x?xf32> to tensor<?x?xf32>
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %d = tensor.dim %x, %c1 : tensor<?x?xf32>
  %z = tensor.extract_slice %x[0, 0] [%c3, %d] [1, 1] : tensor<?x?xf32> to tensor<?x?xf32>
  %g = hag.graph_constant offsets(dense<[0, 0, 1, 3]> : tensor<4xi64>)
                          indices(dense<[0, 0, 1]> : tensor<3xi32>) : !hag.graph<3>
  %a = hag.aggregate sum %g, %z : !hag.graph<3>, tensor<?x?xf32> -> tensor<?x?xf32>
  %y = tensor.insert_slice %a into %x[0, 0] [%c3, %d] [1, 1] : tensor<?x?xf32> into tensor<?x?xf32>
  bufferization.materialize_in_destination %y in restrict writable %ym : (tensor<?x?xf32>, memref<?x?xf32>) -> ()
  return
}
