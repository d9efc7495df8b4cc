// Entries for test/Tools/hag-run/runtime-plan-reductions.test: the graph
// passed at run time (CSR buffers), aggregated through plans the plan
// runtime builds: tiled with nodes of up to 8 inputs (the CPU's default
// shape) for mean and max, whole-graph with wide nodes for min, and for
// mean_chosen the default shape with plain_if_slower (what
// runtime-graphs=plan emits: the plan or its plain counterpart, by the cost
// model at the call's width). Nodes without inputs must come out as zeros,
// which the kernels tell by their empty lists. sum_256 and max_256 take
// rows of a static 256 floats, where the kernel runs each tile in steps of
// 4 nodes (each after the aggregation rows it reads, in the run-time plan's
// global ids).
func.func @mean_wide(%offsets: memref<?xi64>, %indices: memref<?xi32>, %xm: memref<?x?xf32>, %ym: memref<?x?xf32>) attributes {llvm.emit_c_interface} {
  %o = bufferization.to_tensor %offsets restrict : memref<?xi64> to tensor<?xi64>
  %i = bufferization.to_tensor %indices restrict : memref<?xi32> to tensor<?xi32>
  %x = bufferization.to_tensor %xm restrict : memref<?x?xf32> to tensor<?x?xf32>
  %g = hag.graph_from_tensors %o, %i : tensor<?xi64>, tensor<?xi32> -> !hag.graph<?>
  %p = hag.build_plan %g {capacity = "unlimited", threshold = 2 : i32, tile_nodes = 32 : i32, max_inputs = 8 : i32} : !hag.graph<?> -> !hag.plan<set, ?>
  %a = hag.plan_aggregate mean %p, %x : !hag.plan<set, ?>, tensor<?x?xf32> -> tensor<?x?xf32>
  bufferization.materialize_in_destination %a in restrict writable %ym : (tensor<?x?xf32>, memref<?x?xf32>) -> ()
  return
}
func.func @max_wide(%offsets: memref<?xi64>, %indices: memref<?xi32>, %xm: memref<?x?xf32>, %ym: memref<?x?xf32>) attributes {llvm.emit_c_interface} {
  %o = bufferization.to_tensor %offsets restrict : memref<?xi64> to tensor<?xi64>
  %i = bufferization.to_tensor %indices restrict : memref<?xi32> to tensor<?xi32>
  %x = bufferization.to_tensor %xm restrict : memref<?x?xf32> to tensor<?x?xf32>
  %g = hag.graph_from_tensors %o, %i : tensor<?xi64>, tensor<?xi32> -> !hag.graph<?>
  %p = hag.build_plan %g {capacity = "unlimited", threshold = 2 : i32, tile_nodes = 32 : i32, max_inputs = 8 : i32} : !hag.graph<?> -> !hag.plan<set, ?>
  %a = hag.plan_aggregate max %p, %x : !hag.plan<set, ?>, tensor<?x?xf32> -> tensor<?x?xf32>
  bufferization.materialize_in_destination %a in restrict writable %ym : (tensor<?x?xf32>, memref<?x?xf32>) -> ()
  return
}
func.func @min_levels(%offsets: memref<?xi64>, %indices: memref<?xi32>, %xm: memref<?x?xf32>, %ym: memref<?x?xf32>) attributes {llvm.emit_c_interface} {
  %o = bufferization.to_tensor %offsets restrict : memref<?xi64> to tensor<?xi64>
  %i = bufferization.to_tensor %indices restrict : memref<?xi32> to tensor<?xi32>
  %x = bufferization.to_tensor %xm restrict : memref<?x?xf32> to tensor<?x?xf32>
  %g = hag.graph_from_tensors %o, %i : tensor<?xi64>, tensor<?xi32> -> !hag.graph<?>
  %p = hag.build_plan %g {capacity = "unlimited", threshold = 2 : i32, max_inputs = 8 : i32} : !hag.graph<?> -> !hag.plan<set, ?>
  %a = hag.plan_aggregate min %p, %x : !hag.plan<set, ?>, tensor<?x?xf32> -> tensor<?x?xf32>
  bufferization.materialize_in_destination %a in restrict writable %ym : (tensor<?x?xf32>, memref<?x?xf32>) -> ()
  return
}
func.func @mean_chosen(%offsets: memref<?xi64>, %indices: memref<?xi32>, %xm: memref<?x?xf32>, %ym: memref<?x?xf32>) attributes {llvm.emit_c_interface} {
  %o = bufferization.to_tensor %offsets restrict : memref<?xi64> to tensor<?xi64>
  %i = bufferization.to_tensor %indices restrict : memref<?xi32> to tensor<?xi32>
  %x = bufferization.to_tensor %xm restrict : memref<?x?xf32> to tensor<?x?xf32>
  %g = hag.graph_from_tensors %o, %i : tensor<?xi64>, tensor<?xi32> -> !hag.graph<?>
  %p = hag.build_plan %g {capacity = "unlimited", threshold = 3 : i32, tile_nodes = 32 : i32, max_inputs = 8 : i32, plain_if_slower} : !hag.graph<?> -> !hag.plan<set, ?>
  %a = hag.plan_aggregate mean %p, %x : !hag.plan<set, ?>, tensor<?x?xf32> -> tensor<?x?xf32>
  bufferization.materialize_in_destination %a in restrict writable %ym : (tensor<?x?xf32>, memref<?x?xf32>) -> ()
  return
}
func.func @sum_256(%offsets: memref<?xi64>, %indices: memref<?xi32>, %xm: memref<?x256xf32>, %ym: memref<?x256xf32>) attributes {llvm.emit_c_interface} {
  %o = bufferization.to_tensor %offsets restrict : memref<?xi64> to tensor<?xi64>
  %i = bufferization.to_tensor %indices restrict : memref<?xi32> to tensor<?xi32>
  %x = bufferization.to_tensor %xm restrict : memref<?x256xf32> to tensor<?x256xf32>
  %g = hag.graph_from_tensors %o, %i : tensor<?xi64>, tensor<?xi32> -> !hag.graph<?>
  %p = hag.build_plan %g {capacity = "unlimited", threshold = 2 : i32, tile_nodes = 32 : i32, max_inputs = 8 : i32} : !hag.graph<?> -> !hag.plan<set, ?>
  %a = hag.plan_aggregate sum %p, %x : !hag.plan<set, ?>, tensor<?x256xf32> -> tensor<?x256xf32>
  bufferization.materialize_in_destination %a in restrict writable %ym : (tensor<?x256xf32>, memref<?x256xf32>) -> ()
  return
}
func.func @max_256(%offsets: memref<?xi64>, %indices: memref<?xi32>, %xm: memref<?x256xf32>, %ym: memref<?x256xf32>) attributes {llvm.emit_c_interface} {
  %o = bufferization.to_tensor %offsets restrict : memref<?xi64> to tensor<?xi64>
  %i = bufferization.to_tensor %indices restrict : memref<?xi32> to tensor<?xi32>
  %x = bufferization.to_tensor %xm restrict : memref<?x256xf32> to tensor<?x256xf32>
  %g = hag.graph_from_tensors %o, %i : tensor<?xi64>, tensor<?xi32> -> !hag.graph<?>
  %p = hag.build_plan %g {capacity = "unlimited", threshold = 2 : i32, tile_nodes = 32 : i32} : !hag.graph<?> -> !hag.plan<set, ?>
  %a = hag.plan_aggregate max %p, %x : !hag.plan<set, ?>, tensor<?x256xf32> -> tensor<?x256xf32>
  bufferization.materialize_in_destination %a in restrict writable %ym : (tensor<?x256xf32>, memref<?x256xf32>) -> ()
  return
}
