// The plain sum over a graph given at run time with rows of a width known
// only at run time (@dyn) and of a static width (@stat16, @stat32, @stat64):
// docs/CpuPerformance.md, "Dynamic feature widths". Each entry takes
// (offsets, indices, x, y): hag-run --entry-args=graph, --d matching a
// static entry's width (test/Tools/hag-run/dynamic-widths.test keeps them
// runnable).
func.func @dyn(%offsets: memref<?xi64>, %indices: memref<?xi32>,
              %xm: memref<?x?xf32>, %ym: memref<?x?xf32>) attributes {llvm.emit_c_interface} {
  %o = bufferization.to_tensor %offsets restrict : memref<?xi64> to tensor<?xi64>
  %i = bufferization.to_tensor %indices restrict : memref<?xi32> to tensor<?xi32>
  %x = bufferization.to_tensor %xm restrict : memref<?x?xf32> to tensor<?x?xf32>
  %g = hag.graph_from_tensors %o, %i : tensor<?xi64>, tensor<?xi32> -> !hag.graph<?>
  %y = hag.aggregate sum %g, %x : !hag.graph<?>, tensor<?x?xf32> -> tensor<?x?xf32>
  bufferization.materialize_in_destination %y in restrict writable %ym
      : (tensor<?x?xf32>, memref<?x?xf32>) -> ()
  return
}

func.func @stat16(%offsets: memref<?xi64>, %indices: memref<?xi32>,
                 %xm: memref<?x16xf32>, %ym: memref<?x16xf32>) attributes {llvm.emit_c_interface} {
  %o = bufferization.to_tensor %offsets restrict : memref<?xi64> to tensor<?xi64>
  %i = bufferization.to_tensor %indices restrict : memref<?xi32> to tensor<?xi32>
  %x = bufferization.to_tensor %xm restrict : memref<?x16xf32> to tensor<?x16xf32>
  %g = hag.graph_from_tensors %o, %i : tensor<?xi64>, tensor<?xi32> -> !hag.graph<?>
  %y = hag.aggregate sum %g, %x : !hag.graph<?>, tensor<?x16xf32> -> tensor<?x16xf32>
  bufferization.materialize_in_destination %y in restrict writable %ym
      : (tensor<?x16xf32>, memref<?x16xf32>) -> ()
  return
}

func.func @stat32(%offsets: memref<?xi64>, %indices: memref<?xi32>,
                 %xm: memref<?x32xf32>, %ym: memref<?x32xf32>) attributes {llvm.emit_c_interface} {
  %o = bufferization.to_tensor %offsets restrict : memref<?xi64> to tensor<?xi64>
  %i = bufferization.to_tensor %indices restrict : memref<?xi32> to tensor<?xi32>
  %x = bufferization.to_tensor %xm restrict : memref<?x32xf32> to tensor<?x32xf32>
  %g = hag.graph_from_tensors %o, %i : tensor<?xi64>, tensor<?xi32> -> !hag.graph<?>
  %y = hag.aggregate sum %g, %x : !hag.graph<?>, tensor<?x32xf32> -> tensor<?x32xf32>
  bufferization.materialize_in_destination %y in restrict writable %ym
      : (tensor<?x32xf32>, memref<?x32xf32>) -> ()
  return
}

func.func @stat64(%offsets: memref<?xi64>, %indices: memref<?xi32>,
                 %xm: memref<?x64xf32>, %ym: memref<?x64xf32>) attributes {llvm.emit_c_interface} {
  %o = bufferization.to_tensor %offsets restrict : memref<?xi64> to tensor<?xi64>
  %i = bufferization.to_tensor %indices restrict : memref<?xi32> to tensor<?xi32>
  %x = bufferization.to_tensor %xm restrict : memref<?x64xf32> to tensor<?x64xf32>
  %g = hag.graph_from_tensors %o, %i : tensor<?xi64>, tensor<?xi32> -> !hag.graph<?>
  %y = hag.aggregate sum %g, %x : !hag.graph<?>, tensor<?x64xf32> -> tensor<?x64xf32>
  bufferization.materialize_in_destination %y in restrict writable %ym
      : (tensor<?x64xf32>, memref<?x64xf32>) -> ()
  return
}
