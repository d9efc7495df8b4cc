// Entries for test/Tools/hag-run/runtime-plan-same-key.test: two graphs
// with one lookup key, each aggregated through hag.build_plan with
// plain_if_slower, the shape runtime-graphs=plan emits.
//
// @same_key_other_graph (sum): the first graph is the
// graph passed with list entries 1 and 5278 swapped: on the bundled Cora
// (10556 entries, so the key samples every 329th and the last) that moves
// node 2 from row 0 to row 1055 and node 1915 the other way, neither row
// holding the node already, and leaves the key as it was. Its plan is
// searched and, at d = 16, sent to its plain counterpart. The second, the
// graph passed, is then answered by the key alone with that counterpart
// (hagPlanBuildForChoice) and must read its lists from its own arrays: read
// from the first graph's, rows 0 and 1055 would come out wrong.
func.func @same_key_other_graph(%offsets: memref<?xi64>, %indices: memref<?xi32>, %xm: memref<?x?xf32>, %ym: memref<?x?xf32>) attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %far = arith.constant 5278 : index
  %entries = memref.dim %indices, %c0 : memref<?xi32>
  %swapped = memref.alloc(%entries) : memref<?xi32>
  memref.copy %indices, %swapped : memref<?xi32> to memref<?xi32>
  %first = memref.load %indices[%c1] : memref<?xi32>
  %second = memref.load %indices[%far] : memref<?xi32>
  memref.store %second, %swapped[%c1] : memref<?xi32>
  memref.store %first, %swapped[%far] : memref<?xi32>
  %o = bufferization.to_tensor %offsets restrict : memref<?xi64> to tensor<?xi64>
  %x = bufferization.to_tensor %xm restrict : memref<?x?xf32> to tensor<?x?xf32>
  %is = bufferization.to_tensor %swapped restrict : memref<?xi32> to tensor<?xi32>
  %gs = hag.graph_from_tensors %o, %is : tensor<?xi64>, tensor<?xi32> -> !hag.graph<?>
  %ps = hag.build_plan %gs {capacity = "unlimited", threshold = 3 : i32, tile_nodes = 32 : i32, max_inputs = 8 : i32, plain_if_slower} : !hag.graph<?> -> !hag.plan<set, ?>
  %as = hag.plan_aggregate sum %ps, %x : !hag.plan<set, ?>, tensor<?x?xf32> -> tensor<?x?xf32>
  %rows = memref.dim %xm, %c0 : memref<?x?xf32>
  %cols = memref.dim %xm, %c1 : memref<?x?xf32>
  %scratch = memref.alloc(%rows, %cols) : memref<?x?xf32>
  bufferization.materialize_in_destination %as in restrict writable %scratch : (tensor<?x?xf32>, memref<?x?xf32>) -> ()
  %i = bufferization.to_tensor %indices restrict : memref<?xi32> to tensor<?xi32>
  %g = hag.graph_from_tensors %o, %i : tensor<?xi64>, tensor<?xi32> -> !hag.graph<?>
  %p = hag.build_plan %g {capacity = "unlimited", threshold = 3 : i32, tile_nodes = 32 : i32, max_inputs = 8 : i32, plain_if_slower} : !hag.graph<?> -> !hag.plan<set, ?>
  %a = hag.plan_aggregate sum %p, %x : !hag.plan<set, ?>, tensor<?x?xf32> -> tensor<?x?xf32>
  bufferization.materialize_in_destination %a in restrict writable %ym : (tensor<?x?xf32>, memref<?x?xf32>) -> ()
  return
}

// @same_key_other_rows (mean): the first graph is the graph passed with
// offsets[1000] one less (the key samples every 84th of Cora's 2709 offsets
// and the last), which moves the last input of row 999 (node 2002) to the
// front of row 1000: rows 999 and 1000 get 1 and 3 inputs instead of 2 and
// 2. The second, the graph passed, must read its own offsets, row starts
// (the splits) and degrees: from the first graph's, rows 999 and 1000 would
// come out wrong. @same_key_other_rows_untiled is the same with whole-graph
// plans, whose kernel reads the splits of a plan without aggregation nodes
// (the tiled kernel runs such a plan's rows without them), and
// @same_key_other_rows_sequential with tiled sequential plans of pairs (their
// counterparts' rows read in order).
func.func @same_key_other_rows(%offsets: memref<?xi64>, %indices: memref<?xi32>, %xm: memref<?x?xf32>, %ym: memref<?x?xf32>) attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %one = arith.constant 1 : i64
  %row = arith.constant 1000 : index
  %count = memref.dim %offsets, %c0 : memref<?xi64>
  %moved = memref.alloc(%count) : memref<?xi64>
  memref.copy %offsets, %moved : memref<?xi64> to memref<?xi64>
  %start = memref.load %offsets[%row] : memref<?xi64>
  %earlier = arith.subi %start, %one : i64
  memref.store %earlier, %moved[%row] : memref<?xi64>
  %i = bufferization.to_tensor %indices restrict : memref<?xi32> to tensor<?xi32>
  %x = bufferization.to_tensor %xm restrict : memref<?x?xf32> to tensor<?x?xf32>
  %om = bufferization.to_tensor %moved restrict : memref<?xi64> to tensor<?xi64>
  %gm = hag.graph_from_tensors %om, %i : tensor<?xi64>, tensor<?xi32> -> !hag.graph<?>
  %pm = hag.build_plan %gm {capacity = "unlimited", threshold = 3 : i32, tile_nodes = 32 : i32, max_inputs = 8 : i32, plain_if_slower} : !hag.graph<?> -> !hag.plan<set, ?>
  %am = hag.plan_aggregate mean %pm, %x : !hag.plan<set, ?>, tensor<?x?xf32> -> tensor<?x?xf32>
  %rows = memref.dim %xm, %c0 : memref<?x?xf32>
  %cols = memref.dim %xm, %c1 : memref<?x?xf32>
  %scratch = memref.alloc(%rows, %cols) : memref<?x?xf32>
  bufferization.materialize_in_destination %am in restrict writable %scratch : (tensor<?x?xf32>, memref<?x?xf32>) -> ()
  %o = bufferization.to_tensor %offsets restrict : memref<?xi64> to tensor<?xi64>
  %g = hag.graph_from_tensors %o, %i : tensor<?xi64>, tensor<?xi32> -> !hag.graph<?>
  %p = hag.build_plan %g {capacity = "unlimited", threshold = 3 : i32, tile_nodes = 32 : i32, max_inputs = 8 : i32, plain_if_slower} : !hag.graph<?> -> !hag.plan<set, ?>
  %a = hag.plan_aggregate mean %p, %x : !hag.plan<set, ?>, tensor<?x?xf32> -> tensor<?x?xf32>
  bufferization.materialize_in_destination %a in restrict writable %ym : (tensor<?x?xf32>, memref<?x?xf32>) -> ()
  return
}

func.func @same_key_other_rows_untiled(%offsets: memref<?xi64>, %indices: memref<?xi32>, %xm: memref<?x?xf32>, %ym: memref<?x?xf32>) attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %one = arith.constant 1 : i64
  %row = arith.constant 1000 : index
  %count = memref.dim %offsets, %c0 : memref<?xi64>
  %moved = memref.alloc(%count) : memref<?xi64>
  memref.copy %offsets, %moved : memref<?xi64> to memref<?xi64>
  %start = memref.load %offsets[%row] : memref<?xi64>
  %earlier = arith.subi %start, %one : i64
  memref.store %earlier, %moved[%row] : memref<?xi64>
  %i = bufferization.to_tensor %indices restrict : memref<?xi32> to tensor<?xi32>
  %x = bufferization.to_tensor %xm restrict : memref<?x?xf32> to tensor<?x?xf32>
  %om = bufferization.to_tensor %moved restrict : memref<?xi64> to tensor<?xi64>
  %gm = hag.graph_from_tensors %om, %i : tensor<?xi64>, tensor<?xi32> -> !hag.graph<?>
  %pm = hag.build_plan %gm {capacity = "unlimited", threshold = 3 : i32, max_inputs = 8 : i32, plain_if_slower} : !hag.graph<?> -> !hag.plan<set, ?>
  %am = hag.plan_aggregate mean %pm, %x : !hag.plan<set, ?>, tensor<?x?xf32> -> tensor<?x?xf32>
  %rows = memref.dim %xm, %c0 : memref<?x?xf32>
  %cols = memref.dim %xm, %c1 : memref<?x?xf32>
  %scratch = memref.alloc(%rows, %cols) : memref<?x?xf32>
  bufferization.materialize_in_destination %am in restrict writable %scratch : (tensor<?x?xf32>, memref<?x?xf32>) -> ()
  %o = bufferization.to_tensor %offsets restrict : memref<?xi64> to tensor<?xi64>
  %g = hag.graph_from_tensors %o, %i : tensor<?xi64>, tensor<?xi32> -> !hag.graph<?>
  %p = hag.build_plan %g {capacity = "unlimited", threshold = 3 : i32, max_inputs = 8 : i32, plain_if_slower} : !hag.graph<?> -> !hag.plan<set, ?>
  %a = hag.plan_aggregate mean %p, %x : !hag.plan<set, ?>, tensor<?x?xf32> -> tensor<?x?xf32>
  bufferization.materialize_in_destination %a in restrict writable %ym : (tensor<?x?xf32>, memref<?x?xf32>) -> ()
  return
}

func.func @same_key_other_rows_sequential(%offsets: memref<?xi64>, %indices: memref<?xi32>, %xm: memref<?x?xf32>, %ym: memref<?x?xf32>) attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %one = arith.constant 1 : i64
  %row = arith.constant 1000 : index
  %count = memref.dim %offsets, %c0 : memref<?xi64>
  %moved = memref.alloc(%count) : memref<?xi64>
  memref.copy %offsets, %moved : memref<?xi64> to memref<?xi64>
  %start = memref.load %offsets[%row] : memref<?xi64>
  %earlier = arith.subi %start, %one : i64
  memref.store %earlier, %moved[%row] : memref<?xi64>
  %i = bufferization.to_tensor %indices restrict : memref<?xi32> to tensor<?xi32>
  %x = bufferization.to_tensor %xm restrict : memref<?x?xf32> to tensor<?x?xf32>
  %om = bufferization.to_tensor %moved restrict : memref<?xi64> to tensor<?xi64>
  %gm = hag.graph_from_tensors %om, %i : tensor<?xi64>, tensor<?xi32> -> !hag.graph<?>
  %pm = hag.build_plan %gm {capacity = "unlimited", threshold = 3 : i32, tile_nodes = 32 : i32, plain_if_slower} : !hag.graph<?> -> !hag.plan<sequential, ?>
  %am = hag.plan_aggregate mean %pm, %x : !hag.plan<sequential, ?>, tensor<?x?xf32> -> tensor<?x?xf32>
  %rows = memref.dim %xm, %c0 : memref<?x?xf32>
  %cols = memref.dim %xm, %c1 : memref<?x?xf32>
  %scratch = memref.alloc(%rows, %cols) : memref<?x?xf32>
  bufferization.materialize_in_destination %am in restrict writable %scratch : (tensor<?x?xf32>, memref<?x?xf32>) -> ()
  %o = bufferization.to_tensor %offsets restrict : memref<?xi64> to tensor<?xi64>
  %g = hag.graph_from_tensors %o, %i : tensor<?xi64>, tensor<?xi32> -> !hag.graph<?>
  %p = hag.build_plan %g {capacity = "unlimited", threshold = 3 : i32, tile_nodes = 32 : i32, plain_if_slower} : !hag.graph<?> -> !hag.plan<sequential, ?>
  %a = hag.plan_aggregate mean %p, %x : !hag.plan<sequential, ?>, tensor<?x?xf32> -> tensor<?x?xf32>
  bufferization.materialize_in_destination %a in restrict writable %ym : (tensor<?x?xf32>, memref<?x?xf32>) -> ()
  return
}
