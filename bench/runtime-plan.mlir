// Run-time plans against the plain aggregation, for docs/Runtime.md: every
// entry takes the graph as CSR buffers (hag-run --entry-args=graph) and
// aggregates (sum) plain, through a whole-graph run-time plan, through a
// plan of 32-node tiles, through a tiled plan of nodes of up to 8 inputs
// (the CPU's compile-time default shape), or through that plan where the
// cost model predicts it faster at the call's width and its plain
// counterpart elsewhere (chosen: what runtime-graphs=plan emits), each
// searched by the plan runtime
// on the first call and looked up on every later one
// (bench/runtime_plan_bench.py times them all). For example:
//   build/bin/hag-run ../shared/datasets/bzr_md/BZR_MD_A.txt \
//     --module=bench/runtime-plan.mlir --entry=tiled --entry-args=graph \
//     --d=64 --repeat=30 --check
func.func @levels(%offsets: memref<?xi64>, %indices: memref<?xi32>, %xm: memref<?x?xf32>, %ym: memref<?x?xf32>) attributes {llvm.emit_c_interface} {
  %o = bufferization.to_tensor %offsets restrict : memref<?xi64> to tensor<?xi64>
  %i = bufferization.to_tensor %indices restrict : memref<?xi32> to tensor<?xi32>
  %x = bufferization.to_tensor %xm restrict : memref<?x?xf32> to tensor<?x?xf32>
  %g = hag.graph_from_tensors %o, %i : tensor<?xi64>, tensor<?xi32> -> !hag.graph<?>
  %p = hag.build_plan %g {capacity = "unlimited", threshold = 2 : i32} : !hag.graph<?> -> !hag.plan<set, ?>
  %a = hag.plan_aggregate sum %p, %x : !hag.plan<set, ?>, tensor<?x?xf32> -> tensor<?x?xf32>
  bufferization.materialize_in_destination %a in restrict writable %ym : (tensor<?x?xf32>, memref<?x?xf32>) -> ()
  return
}
func.func @tiled(%offsets: memref<?xi64>, %indices: memref<?xi32>, %xm: memref<?x?xf32>, %ym: memref<?x?xf32>) attributes {llvm.emit_c_interface} {
  %o = bufferization.to_tensor %offsets restrict : memref<?xi64> to tensor<?xi64>
  %i = bufferization.to_tensor %indices restrict : memref<?xi32> to tensor<?xi32>
  %x = bufferization.to_tensor %xm restrict : memref<?x?xf32> to tensor<?x?xf32>
  %g = hag.graph_from_tensors %o, %i : tensor<?xi64>, tensor<?xi32> -> !hag.graph<?>
  %p = hag.build_plan %g {capacity = "unlimited", threshold = 2 : i32, tile_nodes = 32 : i32} : !hag.graph<?> -> !hag.plan<set, ?>
  %a = hag.plan_aggregate sum %p, %x : !hag.plan<set, ?>, tensor<?x?xf32> -> tensor<?x?xf32>
  bufferization.materialize_in_destination %a in restrict writable %ym : (tensor<?x?xf32>, memref<?x?xf32>) -> ()
  return
}
func.func @wide(%offsets: memref<?xi64>, %indices: memref<?xi32>, %xm: memref<?x?xf32>, %ym: memref<?x?xf32>) attributes {llvm.emit_c_interface} {
  %o = bufferization.to_tensor %offsets restrict : memref<?xi64> to tensor<?xi64>
  %i = bufferization.to_tensor %indices restrict : memref<?xi32> to tensor<?xi32>
  %x = bufferization.to_tensor %xm restrict : memref<?x?xf32> to tensor<?x?xf32>
  %g = hag.graph_from_tensors %o, %i : tensor<?xi64>, tensor<?xi32> -> !hag.graph<?>
  %p = hag.build_plan %g {capacity = "unlimited", threshold = 3 : i32, tile_nodes = 32 : i32, max_inputs = 8 : i32} : !hag.graph<?> -> !hag.plan<set, ?>
  %a = hag.plan_aggregate sum %p, %x : !hag.plan<set, ?>, tensor<?x?xf32> -> tensor<?x?xf32>
  bufferization.materialize_in_destination %a in restrict writable %ym : (tensor<?x?xf32>, memref<?x?xf32>) -> ()
  return
}
func.func @chosen(%offsets: memref<?xi64>, %indices: memref<?xi32>, %xm: memref<?x?xf32>, %ym: memref<?x?xf32>) attributes {llvm.emit_c_interface} {
  %o = bufferization.to_tensor %offsets restrict : memref<?xi64> to tensor<?xi64>
  %i = bufferization.to_tensor %indices restrict : memref<?xi32> to tensor<?xi32>
  %x = bufferization.to_tensor %xm restrict : memref<?x?xf32> to tensor<?x?xf32>
  %g = hag.graph_from_tensors %o, %i : tensor<?xi64>, tensor<?xi32> -> !hag.graph<?>
  %p = hag.build_plan %g {capacity = "unlimited", threshold = 3 : i32, tile_nodes = 32 : i32, max_inputs = 8 : i32, plain_if_slower} : !hag.graph<?> -> !hag.plan<set, ?>
  %a = hag.plan_aggregate sum %p, %x : !hag.plan<set, ?>, tensor<?x?xf32> -> tensor<?x?xf32>
  bufferization.materialize_in_destination %a in restrict writable %ym : (tensor<?x?xf32>, memref<?x?xf32>) -> ()
  return
}
func.func @plain(%offsets: memref<?xi64>, %indices: memref<?xi32>, %xm: memref<?x?xf32>, %ym: memref<?x?xf32>) attributes {llvm.emit_c_interface} {
  %o = bufferization.to_tensor %offsets restrict : memref<?xi64> to tensor<?xi64>
  %i = bufferization.to_tensor %indices restrict : memref<?xi32> to tensor<?xi32>
  %x = bufferization.to_tensor %xm restrict : memref<?x?xf32> to tensor<?x?xf32>
  %g = hag.graph_from_tensors %o, %i : tensor<?xi64>, tensor<?xi32> -> !hag.graph<?>
  %a = hag.aggregate sum %g, %x : !hag.graph<?>, tensor<?x?xf32> -> tensor<?x?xf32>
  bufferization.materialize_in_destination %a in restrict writable %ym : (tensor<?x?xf32>, memref<?x?xf32>) -> ()
  return
}
