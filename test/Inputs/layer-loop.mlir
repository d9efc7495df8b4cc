// Aggregations in a loop over layers (scf.for whose iteration argument is
// each layer's result), as a multi-layer GNN is written: each iteration
// yields a fresh buffer, which one-shot bufferization refused before the
// CPU pipeline allowed it (test/Tools/hag-run/layer-loop.test).
// @once runs one iteration, counted at run time (min(rows, 1)), so hag-run
// --check compares it with one aggregation; @thrice runs three.
func.func @once(%offsets: memref<?xi64>, %indices: memref<?xi32>,
                %xm: memref<?x?xf32>, %ym: memref<?x?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %o = bufferization.to_tensor %offsets restrict : memref<?xi64> to tensor<?xi64>
  %i = bufferization.to_tensor %indices restrict : memref<?xi32> to tensor<?xi32>
  %x = bufferization.to_tensor %xm restrict : memref<?x?xf32> to tensor<?x?xf32>
  %g = hag.graph_from_tensors %o, %i : tensor<?xi64>, tensor<?xi32> -> !hag.graph<?>
  %rows = tensor.dim %x, %c0 : tensor<?x?xf32>
  %n = arith.minui %rows, %c1 : index
  %r = scf.for %layer = %c0 to %n step %c1 iter_args(%h = %x) -> tensor<?x?xf32> {
    %a = hag.aggregate sum %g, %h : !hag.graph<?>, tensor<?x?xf32> -> tensor<?x?xf32>
    scf.yield %a : tensor<?x?xf32>
  }
  bufferization.materialize_in_destination %r in restrict writable %ym
      : (tensor<?x?xf32>, memref<?x?xf32>) -> ()
  return
}

func.func @thrice(%offsets: memref<?xi64>, %indices: memref<?xi32>,
                  %xm: memref<?x?xf32>, %ym: memref<?x?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %o = bufferization.to_tensor %offsets restrict : memref<?xi64> to tensor<?xi64>
  %i = bufferization.to_tensor %indices restrict : memref<?xi32> to tensor<?xi32>
  %x = bufferization.to_tensor %xm restrict : memref<?x?xf32> to tensor<?x?xf32>
  %g = hag.graph_from_tensors %o, %i : tensor<?xi64>, tensor<?xi32> -> !hag.graph<?>
  %r = scf.for %layer = %c0 to %c3 step %c1 iter_args(%h = %x) -> tensor<?x?xf32> {
    %a = hag.aggregate mean %g, %h : !hag.graph<?>, tensor<?x?xf32> -> tensor<?x?xf32>
    scf.yield %a : tensor<?x?xf32>
  }
  bufferization.materialize_in_destination %r in restrict writable %ym
      : (tensor<?x?xf32>, memref<?x?xf32>) -> ()
  return
}
