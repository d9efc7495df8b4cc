// RUN: hag-opt %s -hag-print-cost='coefficients=%inputs/cache-coefficients.txt' -o /dev/null | FileCheck %s --check-prefix=TEXT
// RUN: hag-opt %s -hag-print-cost='format=json coefficients=%inputs/cache-coefficients.txt' -o /dev/null | FileCheck %s --check-prefix=JSON
// RUN: hag-opt %s -hag-print-cost -o /dev/null | FileCheck %s --check-prefix=DEFAULT
// RUN: hag-opt %s -hag-print-cost='target=cuda' -o /dev/null | FileCheck %s --check-prefix=CUDA
// RUN: not hag-opt %s -hag-print-cost='target=tpu' -o /dev/null 2>&1 | FileCheck %s --check-prefix=BAD

// The same aggregation plain and through its plan (nodes 6, 7, 8 share
// {0, 1, 2}), priced with the round coefficients of
// Inputs/cache-coefficients.txt (docs/CostModel.md, "Reuse"). Rows are
// 64 x 4 = 256 B; everything fits both caches.
// Plain: nodes 0-5 write their rows; 6 reads 0, 1, 2, 3 for the first time;
// 7 and 8 read 0, 1, 2 again 5 touches later (core cache: 6 x 256 B at
// 10 GB/s) and 4, 5 for the first time. First reads, the 12 x 4 B indices
// and 10 x 8 B offsets and the 9 result rows come from the last-level
// cache: (6 x 256 + 128 + 9 x 256) B at 2 GB/s. Plus 1 us fixed, 12 entries
// x 1 ns and 9 loops x 10 ns: 1 + 0.1536 + 1.984 + 0.012 + 0.09 = 3.24 us.
// Through the plan, level by level: 10 rows read (6 first, 4 from the core
// cache), 11 written, 2 levels x 5 us, 18 loops (two per final row):
// 1 + 10 + 0.1024 + (6 x 256 + 120 + 11 x 256) / 2e9 + 0.01 + 0.18 =
// 13.5 us, so the plan is predicted slower here (0.24x). The f16 rows are
// half the bytes: 2.2 us.
// TEXT: hag cost model, target cpu
// TEXT-NEXT: hag.aggregate at {{.*}}cost-model.mlir:{{[0-9]+}}:{{[0-9]+}}: 9 nodes, 12 edges, width 64 x 4 B: plain 3.24 us
// TEXT-NEXT: hag.plan_aggregate at {{.*}}: 9 nodes, 12 edges, width 64 x 4 B: plain 3.24 us; plan 2 aggregation nodes in 2 levels, edge reads 12 -> 10: 13.5 us (0.24x)
// TEXT-NEXT: hag.aggregate at {{.*}}: 9 nodes, 12 edges, width 64 x 2 B: plain 2.2 us
// TEXT-NOT: hag.aggregate

// JSON: {"target":"cpu","aggregations":[
// JSON-SAME: {"op":"hag.aggregate","loc":"{{.*}}","nodes":9,"edges":12,"feature_width":64,"element_bytes":4,"agg_nodes":0,"levels":0,"edge_reads":12,"plain_us":3.239{{[0-9]*}}},
// JSON-SAME: {"op":"hag.plan_aggregate","loc":"{{.*}}","nodes":9,"edges":12,"feature_width":64,"element_bytes":4,"agg_nodes":2,"levels":2,"edge_reads":10,"plain_us":3.239{{[0-9]*}},"hag_us":13.528{{[0-9]*}}},
// JSON-SAME: {"op":"hag.aggregate",{{.*}}"element_bytes":2,{{.*}}}]}

// The built-in cpu coefficients (fitted, docs/CostModelFit.md) price the
// same shapes; their values move with each fit.
// DEFAULT: hag cost model, target cpu
// DEFAULT-NEXT: hag.aggregate at {{.*}}: plain {{[0-9.e+-]+}} us
// DEFAULT-NEXT: hag.plan_aggregate at {{.*}}: plain {{[0-9.e+-]+}} us; plan 2 aggregation nodes in 2 levels, edge reads 12 -> 10: {{[0-9.e+-]+}} us ({{[0-9.]+}}x)

// CUDA: hag cost model, target cuda
// CUDA-NEXT: hag.aggregate at {{.*}}: plain 4 us

// BAD: hag-print-cost: unknown target 'tpu' (cpu or cuda)

func.func @cost(%x: tensor<9x64xf32>, %h: tensor<9x64xf16>, %r: !hag.graph<?>,
                %rx: tensor<?x64xf32>)
    -> (tensor<9x64xf32>, tensor<9x64xf32>, tensor<9x64xf16>, tensor<?x64xf32>) {
  %g = hag.graph_constant
      offsets(dense<[0, 0, 0, 0, 0, 0, 0, 4, 8, 12]> : tensor<10xi64>)
      indices(dense<[0, 1, 2, 3, 0, 1, 2, 4, 0, 1, 2, 5]> : tensor<12xi32>)
      : !hag.graph<9>
  %p = hag.plan_constant agg_inputs(dense<[[0, 1], [9, 2]]> : tensor<2x2xi32>)
      levels(dense<[0, 1, 2]> : tensor<3xi32>)
      list_offsets(dense<[0, 0, 0, 0, 0, 0, 0, 2, 4, 6]> : tensor<10xi64>)
      list_indices(dense<[10, 3, 10, 4, 10, 5]> : tensor<6xi32>) : !hag.plan<set, 9>
  %a = hag.aggregate sum %g, %x : !hag.graph<9>, tensor<9x64xf32> -> tensor<9x64xf32>
  %b = hag.plan_aggregate sum %p, %x : !hag.plan<set, 9>, tensor<9x64xf32> -> tensor<9x64xf32>
  %c = hag.aggregate max %g, %h : !hag.graph<9>, tensor<9x64xf16> -> tensor<9x64xf16>
  // A run-time graph has no prediction.
  %d = hag.aggregate sum %r, %rx : !hag.graph<?>, tensor<?x64xf32> -> tensor<?x64xf32>
  return %a, %b, %c, %d : tensor<9x64xf32>, tensor<9x64xf32>, tensor<9x64xf16>, tensor<?x64xf32>
}
