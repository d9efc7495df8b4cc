// The pipeline's stages, with the pass options forwarded as written.
// RUN: hag-opt %s -hag-optimize='eliminate-redundancy="target=cuda threshold=2"' -dump-pass-pipeline -o /dev/null 2>&1 | FileCheck %s --check-prefix=PIPELINE
// PIPELINE: builtin.module(
// PIPELINE-NEXT: hag-load-graphs,
// PIPELINE-NEXT: hag-raise,
// PIPELINE-NEXT: canonicalize{
// PIPELINE-NEXT: hag-eliminate-redundancy{capacity=auto coefficients= force=false max-depth=0 max-inputs=0 report=false runtime-graphs=plain target=cuda threshold=2 tile-nodes=auto verify=false}
// RUN: hag-opt %s -hag-optimize='raise=false' -dump-pass-pipeline -o /dev/null 2>&1 | FileCheck %s --check-prefix=NORAISE
// NORAISE-NOT: hag-raise
// A misspelt pass option fails the run.
// RUN: not hag-opt %s -hag-optimize='eliminate-redundancy="treshold=2"' -o /dev/null 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: error: hag-eliminate-redundancy: cannot take the options 'treshold=2': <Pass-Options-Parser>: no such option treshold{{$}}

// End to end on IR someone else wrote: the sparsifier's GCN product over a
// constant unweighted CSR adjacency is raised, then rewritten through a HAG
// (forced: on a graph this small the cost model would keep it plain).
// RUN: hag-opt %s -hag-optimize='eliminate-redundancy="force=true capacity=unlimited verify=true"' | FileCheck %s
// CHECK-LABEL: func.func @sparsifier_gcn
// CHECK: %[[P:.*]] = hag.plan_constant {{.*}} : !hag.plan<set, 6>
// CHECK: hag.plan_aggregate sum %[[P]], %{{.*}} : !hag.plan<set, 6>, tensor<6x8xf32> -> tensor<6x8xf32>
// CHECK-NOT: linalg.matmul
// CHECK-NOT: hag.aggregate

#CSR = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed) }>

// Nodes 3, 4, 5 aggregate {0, 1, 2}.
func.func @sparsifier_gcn(%x: tensor<6x8xf32>) -> tensor<6x8xf32> {
  %a = arith.constant sparse<[[3, 0], [3, 1], [3, 2], [4, 0], [4, 1], [4, 2],
                              [5, 0], [5, 1], [5, 2]],
                             [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]> : tensor<6x6xf32>
  %adj = sparse_tensor.convert %a : tensor<6x6xf32> to tensor<6x6xf32, #CSR>
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<6x8xf32>
  %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<6x8xf32>) -> tensor<6x8xf32>
  %y = linalg.matmul ins(%adj, %x : tensor<6x6xf32, #CSR>, tensor<6x8xf32>)
                     outs(%init : tensor<6x8xf32>) -> tensor<6x8xf32>
  return %y : tensor<6x8xf32>
}
