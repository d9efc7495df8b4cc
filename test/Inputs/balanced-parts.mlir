// Entries for test/Tools/hag-run/balanced-parts.test: a sum over a graph
// passed at run time (CSR buffers), as the plain kernel, through a tiled
// plan and through a whole-graph plan built at run time. Each splits its
// parallel loop into parts of equal work: the plans read theirs from the
// plan runtime (part_bounds, found once per plan); the plain kernel, for a
// graph of 16384 nodes or more, finds its own by a binary search per part
// bound (convert-hag-to-scf's partBound), and below that splits by row
// counts.
func.func @sum_plain(%offsets: memref<?xi64>, %indices: memref<?xi32>, %xm: memref<?x?xf32>, %ym: memref<?x?xf32>) attributes {llvm.emit_c_interface} {
  %o = bufferization.to_tensor %offsets restrict : memref<?xi64> to tensor<?xi64>
  %i = bufferization.to_tensor %indices restrict : memref<?xi32> to tensor<?xi32>
  %x = bufferization.to_tensor %xm restrict : memref<?x?xf32> to tensor<?x?xf32>
  %g = hag.graph_from_tensors %o, %i : tensor<?xi64>, tensor<?xi32> -> !hag.graph<?>
  %a = hag.aggregate sum %g, %x : !hag.graph<?>, tensor<?x?xf32> -> tensor<?x?xf32>
  bufferization.materialize_in_destination %a in restrict writable %ym : (tensor<?x?xf32>, memref<?x?xf32>) -> ()
  return
}
func.func @sum_tiled(%offsets: memref<?xi64>, %indices: memref<?xi32>, %xm: memref<?x?xf32>, %ym: memref<?x?xf32>) attributes {llvm.emit_c_interface} {
  %o = bufferization.to_tensor %offsets restrict : memref<?xi64> to tensor<?xi64>
  %i = bufferization.to_tensor %indices restrict : memref<?xi32> to tensor<?xi32>
  %x = bufferization.to_tensor %xm restrict : memref<?x?xf32> to tensor<?x?xf32>
  %g = hag.graph_from_tensors %o, %i : tensor<?xi64>, tensor<?xi32> -> !hag.graph<?>
  %p = hag.build_plan %g {capacity = "unlimited", threshold = 2 : i32, tile_nodes = 32 : i32, max_inputs = 8 : i32} : !hag.graph<?> -> !hag.plan<set, ?>
  %a = hag.plan_aggregate sum %p, %x : !hag.plan<set, ?>, tensor<?x?xf32> -> tensor<?x?xf32>
  bufferization.materialize_in_destination %a in restrict writable %ym : (tensor<?x?xf32>, memref<?x?xf32>) -> ()
  return
}
func.func @sum_levels(%offsets: memref<?xi64>, %indices: memref<?xi32>, %xm: memref<?x?xf32>, %ym: memref<?x?xf32>) attributes {llvm.emit_c_interface} {
  %o = bufferization.to_tensor %offsets restrict : memref<?xi64> to tensor<?xi64>
  %i = bufferization.to_tensor %indices restrict : memref<?xi32> to tensor<?xi32>
  %x = bufferization.to_tensor %xm restrict : memref<?x?xf32> to tensor<?x?xf32>
  %g = hag.graph_from_tensors %o, %i : tensor<?xi64>, tensor<?xi32> -> !hag.graph<?>
  %p = hag.build_plan %g {capacity = "unlimited", threshold = 2 : i32} : !hag.graph<?> -> !hag.plan<set, ?>
  %a = hag.plan_aggregate sum %p, %x : !hag.plan<set, ?>, tensor<?x?xf32> -> tensor<?x?xf32>
  bufferization.materialize_in_destination %a in restrict writable %ym : (tensor<?x?xf32>, memref<?x?xf32>) -> ()
  return
}
