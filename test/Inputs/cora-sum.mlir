// A user's module for hag-run --module (test/Tools/hag-run/module.test): the
// bundled Cora graph loaded at compile time, a sum aggregation of 16-float
// rows written into the caller's buffer.
func.func @aggregate(%xm: memref<2708x16xf32>, %ym: memref<2708x16xf32>) {
  %x = bufferization.to_tensor %xm restrict : memref<2708x16xf32> to tensor<2708x16xf32>
  %g = hag.graph_load "@DATA@/cora.cites" : !hag.graph<2708>
  %y = hag.aggregate sum %g, %x : !hag.graph<2708>, tensor<2708x16xf32> -> tensor<2708x16xf32>
  bufferization.materialize_in_destination %y in restrict writable %ym
      : (tensor<2708x16xf32>, memref<2708x16xf32>) -> ()
  return
}

// The graph at run time (CSR buffers), GCN normalisation with self-loops, any
// width.
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

// The same layer through HAGs that the plan runtime searches at run time
// for whatever graph the caller passes (hag.build_plan of a run-time graph):
// a whole-graph plan of nodes of up to 8 inputs, run level by level, and a
// plan of pairs in 32-node tiles, run tile by tile, both read as split
// lists; the result is their mean, so it checks both (and, over several
// runs, their reuse).
func.func @gcn_runtime_plan(%offsets: memref<?xi64>, %indices: memref<?xi32>,
                            %xm: memref<?x?xf32>, %ym: memref<?x?xf32>) attributes {llvm.emit_c_interface} {
  %o = bufferization.to_tensor %offsets restrict : memref<?xi64> to tensor<?xi64>
  %i = bufferization.to_tensor %indices restrict : memref<?xi32> to tensor<?xi32>
  %x = bufferization.to_tensor %xm restrict : memref<?x?xf32> to tensor<?x?xf32>
  %g = hag.graph_from_tensors %o, %i : tensor<?xi64>, tensor<?xi32> -> !hag.graph<?>
  %p = hag.build_plan %g {capacity = "unlimited", threshold = 2 : i32, max_inputs = 8 : i32} : !hag.graph<?> -> !hag.plan<set, ?>
  %pt = hag.build_plan %g {capacity = "unlimited", threshold = 2 : i32, tile_nodes = 32 : i32} : !hag.graph<?> -> !hag.plan<set, ?>
  %a = hag.plan_aggregate sum %p, %x normalization(symmetric) self_loops
      : !hag.plan<set, ?>, tensor<?x?xf32> -> tensor<?x?xf32>
  %b = hag.plan_aggregate sum %pt, %x normalization(symmetric) self_loops
      : !hag.plan<set, ?>, tensor<?x?xf32> -> tensor<?x?xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = tensor.dim %x, %c0 : tensor<?x?xf32>
  %d = tensor.dim %x, %c1 : tensor<?x?xf32>
  %e = tensor.empty(%n, %d) : tensor<?x?xf32>
  // (a + b) / 2 = a when both plans agree.
  %y = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>],
                       iterator_types = ["parallel", "parallel"]}
      ins(%a, %b : tensor<?x?xf32>, tensor<?x?xf32>) outs(%e : tensor<?x?xf32>) {
  ^bb0(%u: f32, %v: f32, %o2: f32):
    %s = arith.addf %u, %v : f32
    %half = arith.constant 0.5 : f32
    %m = arith.mulf %s, %half : f32
    linalg.yield %m : f32
  } -> tensor<?x?xf32>
  bufferization.materialize_in_destination %y in restrict writable %ym
      : (tensor<?x?xf32>, memref<?x?xf32>) -> ()
  return
}
