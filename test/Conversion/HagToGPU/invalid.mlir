// RUN: hag-opt %s -split-input-file -convert-hag-to-gpu -verify-diagnostics

// Features computed on the host cannot be read by a kernel.
func.func @features_from_host(%o: tensor<?xi64>, %i: tensor<?xi32>, %x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %g = hag.graph_from_tensors %o, %i : tensor<?xi64>, tensor<?xi32> -> !hag.graph<?>
  %y = math.exp %x : tensor<?x4xf32>
  // expected-error@+1 {{on the cuda target, the features must be a function argument (device memory), a constant or another aggregation's result; here it is computed on the host by 'math.exp'}}
  %z = hag.aggregate sum %g, %y : !hag.graph<?>, tensor<?x4xf32> -> tensor<?x4xf32>
  return %z : tensor<?x4xf32>
}

// -----

// Tiled plans are a CPU form.
func.func @tiled_plan(%x: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %p = hag.plan_constant agg_inputs(dense<[[0, 1]]> : tensor<1x2xi32>)
      levels(dense<[0, 1]> : tensor<2xi32>)
      list_offsets(dense<[0, 0, 0, 1, 2]> : tensor<5xi64>)
      list_indices(dense<[4, 4]> : tensor<2xi32>)
      tiles(dense<[[0, 0], [4, 1]]> : tensor<2x2xi32>) : !hag.plan<set, 4>
  // expected-error@+1 {{cannot lower a tiled plan to GPU kernels: search it with tile-nodes=0 (the cuda target's default)}}
  %y = hag.plan_aggregate sum %p, %x : !hag.plan<set, 4>, tensor<4x4xf32> -> tensor<4x4xf32>
  return %y : tensor<4x4xf32>
}

// -----

// So are tiled plans built at run time.
func.func @tiled_runtime_plan(%a: tensor<?x2xi32>, %l: tensor<?xi32>, %o: tensor<?xi64>, %i: tensor<?xi32>, %t: tensor<?x2xi32>, %x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %p = hag.plan_from_tensors %a, %l, %o, %i tiles %t : tensor<?x2xi32>, tensor<?xi32>, tensor<?xi64>, tensor<?xi32> tiles tensor<?x2xi32> -> !hag.plan<set, ?>
  // expected-error@+1 {{cannot lower to GPU kernels: a tiled run-time plan runs on the cpu target (build it with tile_nodes = 0 for cuda)}}
  %y = hag.plan_aggregate sum %p, %x : !hag.plan<set, ?>, tensor<?x4xf32> -> tensor<?x4xf32>
  return %y : tensor<?x4xf32>
}

// -----

// And run-time plans with wide nodes.
func.func @wide_runtime_plan(%a: tensor<?xi32>, %l: tensor<?xi32>, %o: tensor<?xi64>, %i: tensor<?xi32>, %ao: tensor<?xi64>, %x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %p = hag.plan_from_tensors %a, %l, %o, %i agg_offsets %ao : tensor<?xi32>, tensor<?xi32>, tensor<?xi64>, tensor<?xi32> agg_offsets tensor<?xi64> -> !hag.plan<set, ?>
  // expected-error@+1 {{cannot lower to GPU kernels: a run-time plan with wide aggregation nodes (agg_offsets) runs on the cpu target (build it with max_inputs = 2 for cuda)}}
  %y = hag.plan_aggregate sum %p, %x : !hag.plan<set, ?>, tensor<?x4xf32> -> tensor<?x4xf32>
  return %y : tensor<?x4xf32>
}

// -----

func.func @graph_from_csr(%m: tensor<4x4xf32, #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed) }>>, %x: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %g = hag.graph_from_csr %m : tensor<4x4xf32, #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed) }>> -> !hag.graph<4>
  // expected-error@+1 {{cannot lower to GPU kernels yet: a hag.graph_from_csr (its matrix's sparse buffers are lowered on the cpu target only)}}
  %y = hag.aggregate sum %g, %x : !hag.graph<4>, tensor<4x4xf32> -> tensor<4x4xf32>
  return %y : tensor<4x4xf32>
}

// -----

func.func @f16_custom(%o: tensor<?xi64>, %i: tensor<?xi32>, %x: tensor<?x4xf16>) -> tensor<?x4xf16> {
  %g = hag.graph_from_tensors %o, %i : tensor<?xi64>, tensor<?xi32> -> !hag.graph<?>
  // expected-error@+1 {{cannot lower to GPU kernels yet: a custom combiner over non-f32 rows}}
  %y = hag.aggregate custom %g, %x commutative combiner {
  ^bb0(%a: f16, %b: f16):
    %s = arith.addf %a, %b : f16
    hag.yield %s : f16
  } : !hag.graph<?>, tensor<?x4xf16> -> tensor<?x4xf16>
  return %y : tensor<?x4xf16>
}

// -----

// The host-side row-count check calls libc's write(); a module whose @write
// is something else cannot have it.
func.func private @write(i32)
func.func @write_of_another_type(%offsets: tensor<?xi64>, %indices: tensor<?xi32>, %x: tensor<?x64xf32>) -> tensor<?x64xf32> {
  %g = hag.graph_from_tensors %offsets, %indices : tensor<?xi64>, tensor<?xi32> -> !hag.graph<?>
  // expected-error@+1 {{'hag.aggregate' op needs libc's 'write' of type '!llvm.func<i64 (i32, ptr, i64)>' for its run-time row-count check, but the module's @write is another symbol}}
  %y = hag.aggregate sum %g, %x : !hag.graph<?>, tensor<?x64xf32> -> tensor<?x64xf32>
  return %y : tensor<?x64xf32>
}

// -----

// A plan of a constant graph the search refuses (node 0 lists input 1
// twice) names the search's reason, as the CPU lowering does; before, it
// said only that the plan was not a plan_constant or plan_from_tensors.
func.func @constant_graph_refused(%x: tensor<2x64xf32>) -> tensor<2x64xf32> {
  %g = hag.graph_constant offsets(dense<[0, 2, 3]> : tensor<3xi64>) indices(dense<[1, 1, 0]> : tensor<3xi32>) : !hag.graph<2>
  // expected-error@+1 {{no plan for this constant graph: set aggregation needs duplicate-free input lists, but node 0 lists input 1 twice}}
  %p = hag.build_plan %g {capacity = "unlimited", threshold = 2 : i32} : !hag.graph<2> -> !hag.plan<set, 2>
  %y = hag.plan_aggregate sum %p, %x : !hag.plan<set, 2>, tensor<2x64xf32> -> tensor<2x64xf32>
  return %y : tensor<2x64xf32>
}

// -----

func.func @graph_load_not_read_yet(%x: tensor<2708x4xf32>) -> tensor<2708x4xf32> {
  %g = hag.graph_load "cora.cites" : !hag.graph<2708>
  // expected-error@+1 {{cannot lower to GPU kernels an aggregation over a hag.graph_load: run -hag-load-graphs (then -canonicalize) first}}
  %y = hag.aggregate sum %g, %x : !hag.graph<2708>, tensor<2708x4xf32> -> tensor<2708x4xf32>
  return %y : tensor<2708x4xf32>
}
