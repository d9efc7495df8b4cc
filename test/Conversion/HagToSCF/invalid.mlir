// RUN: hag-opt %s -split-input-file -convert-hag-to-scf -verify-diagnostics

// A custom combiner over f16 rows is not lowered yet (the kernel
// accumulates in f32): the conversion says which op.
func.func @custom_combiner_f16_not_lowered(%x: tensor<2x4xf16>) -> tensor<2x4xf16> {
  %g = hag.graph_constant offsets(dense<[0, 0, 1]> : tensor<3xi64>)
                          indices(dense<[0]> : tensor<1xi32>) : !hag.graph<2>
  // expected-error@+1 {{cannot lower this aggregation yet}}
  %y = hag.aggregate custom %g, %x commutative combiner {
  ^bb0(%a: f16, %b: f16):
    %s = arith.addf %a, %b : f16
    hag.yield %s : f16
  } : !hag.graph<2>, tensor<2x4xf16> -> tensor<2x4xf16>
  return %y : tensor<2x4xf16>
}

// -----

// A graph that is a function argument has no CSR tensors to read.
func.func @graph_argument_not_lowered(%g: !hag.graph<?>, %x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  // expected-error@+1 {{cannot lower this aggregation yet}}
  %y = hag.aggregate sum %g, %x : !hag.graph<?>, tensor<?x4xf32> -> tensor<?x4xf32>
  return %y : tensor<?x4xf32>
}

// -----

// A plan of a constant graph the search refuses (node 0 lists input 1
// twice) names the search's reason; before, the lowering only said that
// the aggregation over it could not be lowered.
func.func @constant_graph_refused(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %g = hag.graph_constant offsets(dense<[0, 2, 3]> : tensor<3xi64>) indices(dense<[1, 1, 0]> : tensor<3xi32>) : !hag.graph<2>
  // expected-error@+1 {{no plan for this constant graph: set aggregation needs duplicate-free input lists, but node 0 lists input 1 twice}}
  %p = hag.build_plan %g {capacity = "unlimited", threshold = 2 : i32} : !hag.graph<2> -> !hag.plan<set, 2>
  %y = hag.plan_aggregate sum %p, %x : !hag.plan<set, 2>, tensor<2x4xf32> -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

// The run-time row-count check calls libc's abort(); a module whose @abort is
// something else cannot have it, and the conversion says so before it
// changes anything.
func.func private @abort(i32)
func.func @abort_of_another_type(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %g = hag.graph_constant offsets(dense<[0, 0, 1]> : tensor<3xi64>)
                          indices(dense<[0]> : tensor<1xi32>) : !hag.graph<2>
  // expected-error@+1 {{'hag.aggregate' op needs libc's 'abort' of type '!llvm.func<void ()>' for its run-time row-count check, but the module's @abort is another symbol}}
  %y = hag.aggregate sum %g, %x : !hag.graph<2>, tensor<?x4xf32> -> tensor<?x4xf32>
  return %y : tensor<?x4xf32>
}

// -----

// A graph still to be read from its file: the error says which pass reads
// it (hag-lower-to-cpu's input is the module after -hag-load-graphs).
func.func @graph_load_not_read_yet(%x: tensor<2708x4xf32>) -> tensor<2708x4xf32> {
  %g = hag.graph_load "cora.cites" : !hag.graph<2708>
  // expected-error@+1 {{cannot lower an aggregation over a hag.graph_load: run -hag-load-graphs (then -canonicalize) first, which reads the file into a constant graph}}
  %y = hag.aggregate sum %g, %x : !hag.graph<2708>, tensor<2708x4xf32> -> tensor<2708x4xf32>
  return %y : tensor<2708x4xf32>
}
