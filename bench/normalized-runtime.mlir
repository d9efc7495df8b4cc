// GCN's normalized sum over a graph given at run time, against the same sum
// without the normalization, with and without self-loops, at any width:
// docs/CpuPerformance.md, "GCN's normalization over a run-time graph".
// Each entry takes (offsets, indices, x, y): hag-run --entry-args=graph
// (test/Tools/hag-run/dynamic-widths.test keeps them runnable).
func.func @gcn(%offsets: memref<?xi64>, %indices: memref<?xi32>,
               %xm: memref<?x?xf32>, %ym: memref<?x?xf32>) attributes {llvm.emit_c_interface} {
  %o = bufferization.to_tensor %offsets restrict : memref<?xi64> to tensor<?xi64>
  %i = bufferization.to_tensor %indices restrict : memref<?xi32> to tensor<?xi32>
  %x = bufferization.to_tensor %xm restrict : memref<?x?xf32> to tensor<?x?xf32>
  %g = hag.graph_from_tensors %o, %i : tensor<?xi64>, tensor<?xi32> -> !hag.graph<?>
  %y = hag.aggregate sum %g, %x normalization(symmetric) self_loops
      : !hag.graph<?>, tensor<?x?xf32> -> tensor<?x?xf32>
  bufferization.materialize_in_destination %y in restrict writable %ym
      : (tensor<?x?xf32>, memref<?x?xf32>) -> ()
  return
}

func.func @sum_self(%offsets: memref<?xi64>, %indices: memref<?xi32>,
                    %xm: memref<?x?xf32>, %ym: memref<?x?xf32>) attributes {llvm.emit_c_interface} {
  %o = bufferization.to_tensor %offsets restrict : memref<?xi64> to tensor<?xi64>
  %i = bufferization.to_tensor %indices restrict : memref<?xi32> to tensor<?xi32>
  %x = bufferization.to_tensor %xm restrict : memref<?x?xf32> to tensor<?x?xf32>
  %g = hag.graph_from_tensors %o, %i : tensor<?xi64>, tensor<?xi32> -> !hag.graph<?>
  %y = hag.aggregate sum %g, %x self_loops
      : !hag.graph<?>, tensor<?x?xf32> -> tensor<?x?xf32>
  bufferization.materialize_in_destination %y in restrict writable %ym
      : (tensor<?x?xf32>, memref<?x?xf32>) -> ()
  return
}
