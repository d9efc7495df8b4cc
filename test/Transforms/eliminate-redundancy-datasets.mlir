// REQUIRES: datasets
// RUN: sed 's|@DATASETS@|%datasets|g' %s | hag-opt -split-input-file -hag-load-graphs -hag-eliminate-redundancy='verify=true report=true' 2>&1 | FileCheck %s
// On a GPU, 64 floats per row, a graph this small moves only ~35 MB: with
// one launch per level (the default cuda coefficients) the levels cost more
// than the bytes saved, so the cost model keeps the plain aggregation.
// RUN: sed 's|@DATASETS@|%datasets|g' %s | hag-opt -split-input-file -hag-load-graphs -hag-eliminate-redundancy='target=cuda' 2>&1 | FileCheck %s --check-prefix=CUDA
// Wider aggregation nodes (max-inputs=8) at |V|/4: BZR_MD's aggregations
// fall from 131215 to 43788 (hag-search --max-inputs=8, docs/Search.md). For
// the CPU the plan keeps the wide nodes (flat inputs and their offsets), whose
// kernels compute each as one row; for CUDA it holds their two-input form.
// Both are checked against the graph by verify=true.
// RUN: sed 's|@DATASETS@|%datasets|g' %s | hag-opt -split-input-file -hag-load-graphs -hag-eliminate-redundancy='verify=true report=true max-inputs=8 capacity=0.25 tile-nodes=0' 2>&1 | FileCheck %s --check-prefix=WIDE
// WIDE: remark: HAG for 2 aggregate(s): aggregations 131215 -> 43788, edge reads 137734 -> {{[0-9]+}}, capacity |V|/4
// WIDE-LABEL: func.func @gcn_bzr_md
// WIDE: hag.plan_constant agg_inputs({{.*}} : tensor<{{[0-9]+}}xi32>) agg_offsets({{.*}} : tensor<{{[0-9]+}}xi64>)
// RUN: sed 's|@DATASETS@|%datasets|g' %s | hag-opt -split-input-file -hag-load-graphs -hag-eliminate-redundancy='verify=true report=true force=true target=cuda max-inputs=8 capacity=0.25' 2>&1 | FileCheck %s --check-prefix=WIDE-CUDA
// WIDE-CUDA: remark: HAG for 2 aggregate(s): aggregations 131215 -> 43788, edge reads 137734 -> {{[0-9]+}}, capacity |V|/4
// WIDE-CUDA-LABEL: func.func @gcn_bzr_md
// WIDE-CUDA-NOT: agg_offsets
// WIDE-CUDA: hag.plan_constant agg_inputs({{.*}} : tensor<{{[0-9]+}}x2xi32>)

// A two-layer GCN on BZR_MD (the paper's "BZR"): both layers aggregate over
// one graph, so one HAG is searched, checked (verify=true) and shared. Its
// complete-graph molecules make it the paper's best case.
// CHECK: remark: HAG for 2 aggregate(s): aggregations 131215 -> {{[0-9]+}}, edge reads 137734 -> {{[0-9]+}}, capacity
// CHECK-LABEL: func.func @gcn_bzr_md
// CHECK: %[[P:.*]] = hag.plan_constant {{.*}} : !hag.plan<set, 6519>
// CHECK: %[[H:.*]] = hag.plan_aggregate sum %[[P]], %{{.*}} normalization(symmetric) self_loops
// CHECK: hag.plan_aggregate sum %[[P]], %[[H]] normalization(symmetric) self_loops
// CHECK-NOT: hag.aggregate
// CUDA: remark: kept plain: on cuda the best HAG (capacity {{.*}}) is predicted at {{.*}} us against {{.*}} us plain
// CUDA-LABEL: func.func @gcn_bzr_md
// CUDA: hag.aggregate sum
func.func @gcn_bzr_md(%x: tensor<6519x64xf32>) -> tensor<6519x64xf32> {
  %g = hag.graph_load "@DATASETS@/bzr_md" : !hag.graph<6519>
  %h = hag.aggregate sum %g, %x normalization(symmetric) self_loops
      : !hag.graph<6519>, tensor<6519x64xf32> -> tensor<6519x64xf32>
  %y = hag.aggregate sum %g, %h normalization(symmetric) self_loops
      : !hag.graph<6519>, tensor<6519x64xf32> -> tensor<6519x64xf32>
  return %y : tensor<6519x64xf32>
}

// -----

// GraphSAGE-pool style max aggregation on IMDB-MULTI (the paper's "IMDB").
// CHECK: remark: HAG for 1 aggregate(s): aggregations 178304 -> {{[0-9]+}}, edge reads 197806 -> {{[0-9]+}}
// CHECK-LABEL: func.func @sage_imdb_multi
// CHECK: hag.plan_aggregate max
func.func @sage_imdb_multi(%x: tensor<19502x128xf32>) -> tensor<19502x128xf32> {
  %g = hag.graph_load "@DATASETS@/imdb-multi/IMDBMULTI.txt" : !hag.graph<19502>
  %y = hag.aggregate max %g, %x : !hag.graph<19502>, tensor<19502x128xf32> -> tensor<19502x128xf32>
  return %y : tensor<19502x128xf32>
}
