// RUN: sed 's|@INPUTS@|%inputs|g' %s | hag-opt -split-input-file -hag-load-graphs -verify-diagnostics -mlir-elide-elementsattrs-if-larger=8 | FileCheck %s

// Proves: hag.graph_load can read a file the readers' sparse node guard
// refuses by default (a Matrix Market size line of 2000000 rows for one
// entry), with allow_sparse_nodes, which its error names.
func.func @sparse_refused() {
  // expected-error@+1 {{cannot load the graph: @INPUTS@/sparse-rows.mtx:4: the size line's 2000000 rows would make a graph of 2000000 nodes for only 1 entries; more than 64 x entries + 2^20 = 1048640 nodes is refused unless sparse node counts are allowed (--allow-sparse-nodes; allow_sparse_nodes on hag.graph_load)}}
  %g = hag.graph_load "@INPUTS@/sparse-rows.mtx" : !hag.graph<?>
  return
}

// -----

// CHECK-LABEL: func.func @sparse_allowed
// CHECK: hag.graph_constant {{.*}} : !hag.graph<2000000>
// CHECK: hag.aggregate sum %{{.*}}, %{{.*}} : !hag.graph<2000000>
func.func @sparse_allowed(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %g = hag.graph_load "@INPUTS@/sparse-rows.mtx" {allow_sparse_nodes} : !hag.graph<?>
  %y = hag.aggregate sum %g, %x : !hag.graph<?>, tensor<?x4xf32> -> tensor<?x4xf32>
  return %y : tensor<?x4xf32>
}
