//===- Passes.td - hag dialect passes ----------------------*- tablegen -*-===//
//
// The passes that transform hag IR: redundancy elimination through a HAG.
//
//===----------------------------------------------------------------------===//
#ifndef HAG_DIALECT_HAG_TRANSFORMS_PASSES_TD
#define HAG_DIALECT_HAG_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def LoadGraphsPass : Pass<"hag-load-graphs", "ModuleOp"> {
  let summary = "Read the files of hag.graph_load into constant graphs";
  let description = [{
    Replaces every `hag.graph_load` by a `hag.graph_constant` holding the
    file's CSR (large arrays as `dense_resource` blobs), and refines a `?`
    node count in the types of its users' graph operands. A file that cannot
    be read is an error at the op, with the reader's message (file, line,
    reason).

    Before:
    ```mlir
    %g = hag.graph_load "cora.cites" : !hag.graph<?>
    ```
    After:
    ```mlir
    %g = hag.graph_constant offsets(dense_resource<...> : tensor<2709xi64>)
                            indices(dense_resource<...> : tensor<10556xi32>)
                            : !hag.graph<2708>
    ```
  }];
  let dependentDialects = ["::mlir::hag::HagDialect"];
}

def RaisePass : Pass<"hag-raise"> {
  let summary = "Recognise neighbour aggregations in upstream sparse IR";
  let description = [{
    Rewrites the forms in which other compilers express a GNN aggregation
    into `hag.aggregate`, so `--hag-eliminate-redundancy` can remove their
    redundancy. Recognised (docs/Raising.md lists the exact conditions):

    1. `linalg.matmul ins(%A, %X) outs(%zero)` where `%A` is a square CSR
       sparse constant and `%zero` is zero-filled: `hag.aggregate sum` over a
       `hag.graph_constant` of `%A`'s pattern when its stored values are all
       1 (an unweighted adjacency), with `normalization(symmetric)` when
       they are deg(i)^-1/2 deg(j)^-1/2 (GCN's D^-1/2 A D^-1/2, deg a row's
       entry count) and `normalization(row)` when they are 1/deg(i), each
       to within 4 units in the last place of their type.
    2. A `linalg.generic` sparse-dense product over `(i, j, k)` with maps
       A(i, j), X(j, k), Y(i, k), zero-filled output and body `y + a * x`,
       over a constant `%A` whose values are read as in 1. (A body that
       ignores A's value sums over every column, whatever A stores: not an
       aggregation, left alone.)
    3. The scatter-add of message passing, an edge loop on tensors
       (`scf.for %e = 0 to E` with a zero-filled accumulator, adding row
       `e` of a gather `x[src]` (`tensor.gather` or an indexing
       `linalg.generic`), or row `src[e]` of `x`, into row `dst[e]`):
       `hag.aggregate sum` over the `hag.graph_constant` of the edges
       `src[e] -> dst[e]` for constant edge arrays, or over
       `hag.graph_from_edges` of run-time arrays of E entries. Messages
       scaled per edge before the scatter (PyG's GCNConv: a broadcasting
       `linalg.generic` of a constant weight array and the gather) become
       the aggregation with `normalization(symmetric)` or `(row)` when the
       weights are that normalization's factors of the edges' graph:
       constants with those values, or computed by the program from its
       edge arrays as PyG's gcn_norm computes them (the in-degree counted by
       an edge loop over `dst`, then deg^-1/2 (inf masked to 0), or 1/deg, by
       element-wise generics, w[e] = s[src[e]] * s[dst[e]] or 1/deg[dst[e]]).

    Anything else stays as it is: other weights (weights passed in may be
    anything; an unmasked deg^-1/2 at a source is infinite for a node
    without inputs), products over a run-time
    matrix, bodies that ignore A, non-zero accumulators, dense adjacencies,
    other layouts, edge loops with repeated constant edges or over arrays of
    another length.

    Before:
    ```mlir
    %y = linalg.matmul ins(%adj, %x : tensor<4x4xf32, #CSR>, tensor<4x8xf32>)
                       outs(%zero : tensor<4x8xf32>) -> tensor<4x8xf32>
    ```
    After:
    ```mlir
    %g = hag.graph_constant offsets(...) indices(...) : !hag.graph<4>
    %y = hag.aggregate sum %g, %x : !hag.graph<4>, tensor<4x8xf32> -> tensor<4x8xf32>
    ```
  }];
  let dependentDialects = ["::mlir::hag::HagDialect"];
}

def EliminateRedundancyPass : Pass<"hag-eliminate-redundancy", "ModuleOp"> {
  let summary = "Rewrite aggregations over constant graphs through one HAG";
  let description = [{
    Finds every `hag.aggregate` whose graph is a `hag.graph_constant`, groups
    them by graph and aggregation class (set or sequential), searches one HAG
    per group (the library behind `hag-search`), and rewrites every aggregate
    of the group into a `hag.plan_aggregate` over one shared
    `hag.plan_constant`, so all layers reuse the same plan.

    The cost model (`Search/CostFormulas.h`, docs/CostModel.md) predicts the
    time of the plain and of the HAG aggregation for each candidate capacity
    on the chosen target, for the widest feature tensor of the group, and the
    pass keeps the capacity with the lowest prediction. Where no capacity is
    predicted at least 2% faster than the plain aggregation, the aggregates
    stay as they are and a remark says why. Sequential aggregations keep their row order.

    Graphs known only at run time (`hag.graph_from_tensors`,
    `hag.graph_from_edges`) have no data for the search or the cost model.
    By default their aggregates stay plain, with a remark; with
    `runtime-graphs=plan` (target cpu) the pass gives each such graph and
    aggregation class one `hag.build_plan` with the options' plan shape
    (capacity `auto` means unlimited there), which the plan runtime searches
    on the first call and reuses after (docs/Runtime.md), and rewrites the
    aggregates through it.

    Statistics (`-mlir-pass-statistics`, on MLIR builds with statistics
    enabled; Debian's release build compiles them out): aggregations and
    edge reads before and after, aggregates rewritten and kept. The same
    numbers, on any build: `report=true` (one remark per rewritten graph).

    Before:
    ```mlir
    %g = hag.graph_constant offsets(...) indices(...) : !hag.graph<9>
    %y = hag.aggregate sum %g, %x : !hag.graph<9>, tensor<9x64xf32> -> tensor<9x64xf32>
    ```
    After:
    ```mlir
    %g = hag.graph_constant offsets(...) indices(...) : !hag.graph<9>
    %p = hag.plan_constant agg_inputs(...) levels(...) list_offsets(...)
        list_indices(...) : !hag.plan<set, 9>
    %y = hag.plan_aggregate sum %p, %x : !hag.plan<set, 9>, tensor<9x64xf32> -> tensor<9x64xf32>
    ```
  }];
  let dependentDialects = ["::mlir::hag::HagDialect"];
  let options = [
    Option<"capacity", "capacity", "std::string", /*default=*/"\"auto\"",
           "Most aggregation nodes: N, a fraction F of |V|, unlimited, or "
           "auto (the cost model picks among |V|/16 .. unlimited)">,
    Option<"threshold", "threshold", "unsigned", /*default=*/"3",
           "Merge only pairs shared by at least this many lists (>= 2)">,
    Option<"maxDepth", "max-depth", "unsigned", /*default=*/"0",
           "Deepest aggregation node (0: no limit)">,
    Option<"maxInputs", "max-inputs", "unsigned", /*default=*/"0",
           "Set groups: most inputs of one searched aggregation node (hag-search "
           "--max-inputs), or 0 for the target's default "
           "(hag::defaultMaxInputs: 8 on cpu, 2 on cuda); the plan keeps "
           "such nodes for target cpu, whose kernels run them, and holds "
           "their two-input form (hag::binarize) for cuda; the cost model "
           "prices that form">,
    Option<"tileNodes", "tile-nodes", "std::string", /*default=*/"\"auto\"",
           "Tiled plan of N-node tiles searched on their own (their "
           "aggregation rows stay in cache, no barrier between levels), 0 for "
           "one HAG run level by level, or auto (the target's default, "
           "hag::defaultTileNodes: tiles of 32 on cpu, none on cuda)">,
    Option<"target", "target", "std::string", /*default=*/"\"cpu\"",
           "Cost model target: cpu or cuda">,
    Option<"coefficients", "coefficients", "std::string", /*default=*/"\"\"",
           "Cost coefficients file (hag-calibrate -o); default: the built-in "
           "estimates of docs/CostModel.md">,
    Option<"force", "force", "bool", /*default=*/"false",
           "Rewrite even where the cost model predicts no gain">,
    Option<"report", "report", "bool", /*default=*/"false",
           "Emit a remark per rewritten graph with aggregations and edge "
           "reads before and after, the capacity, levels and search time "
           "(Debian's release MLIR compiles pass statistics out)">,
    Option<"runtimeGraphs", "runtime-graphs", "std::string",
           /*default=*/"\"plain\"",
           "Aggregations over run-time graphs (graph_from_tensors, "
           "graph_from_edges): plain (kept, with a remark) or plan (target "
           "cpu: one hag.build_plan per graph and class, searched by the "
           "plan runtime at run time; each aggregation reads it or, where "
           "the cost model predicts no gain at its width, its plain "
           "counterpart: plain_if_slower, unless force)">,
    Option<"verify", "verify", "bool", /*default=*/"false",
           "Run the equivalence checker (cover(v) == N(v)) on every HAG "
           "before rewriting; a failure is an error">,
  ];
  let statistics = [
    Statistic<"numRewritten", "aggregates-rewritten",
              "Aggregations rewritten through a HAG">,
    Statistic<"numKept", "aggregates-kept",
              "Aggregations left plain (no predicted gain or not constant)">,
    Statistic<"aggregationsBefore", "aggregations-before",
              "Binary aggregations of the rewritten graphs, plain">,
    Statistic<"aggregationsAfter", "aggregations-after",
              "Binary aggregations of the rewritten graphs, through the HAG">,
    Statistic<"edgeReadsBefore", "edge-reads-before",
              "Edge reads of the rewritten graphs, plain">,
    Statistic<"edgeReadsAfter", "edge-reads-after",
              "Edge reads of the rewritten graphs, through the HAG">,
  ];
}

def FuseParallelRegionsPass : Pass<"hag-fuse-parallel-regions"> {
  let summary = "Run consecutive OpenMP parallel loops in one parallel region";
  let description = [{
    After `--convert-scf-to-openmp` every parallel loop is its own
    `omp.parallel` region, so a HAG's levels start the thread team once per
    level. This pass merges consecutive `omp.parallel` regions of a block
    whose bodies are only worksharing loops (`omp.wsloop`, each ending in an
    implicit barrier, which keeps the level order) into one region. Ops
    between two regions are moved before the first when they are free of
    side effects and use only values defined before it; anything else keeps
    the regions apart.

    Before:
    ```mlir
    omp.parallel { omp.wsloop { ... level 1 ... } omp.terminator }
    omp.parallel { omp.wsloop { ... level 2 ... } omp.terminator }
    ```
    After:
    ```mlir
    omp.parallel {
      omp.wsloop { ... level 1 ... }
      omp.wsloop { ... level 2 ... }
      omp.terminator
    }
    ```
  }];
}

def ExportEntrySignaturesPass
    : Pass<"hag-export-entry-signatures", "ModuleOp"> {
  let summary = "Record each C-interface entry's type in the compiled code";
  let description = [{
    A library compiled ahead of time keeps no types: a caller that passes
    the wrong buffers to an entry gets a crash, not an error. For every
    defined public `func.func` marked `llvm.emit_c_interface`, this pass
    adds a constant global string `_hag_signature_<name>`, the function's
    type as MLIR prints it, NUL-terminated. `hag-run --module=LIB.so` reads
    it with `dlsym` and checks the entry against the graph and width it
    will pass, as it checks a `.mlir` module's entry
    (docs/Tools.md). `hag-lower-to-cpu` runs it first, on the types the
    user wrote.

    ```mlir
    func.func @aggregate(%x: memref<?x?xf32>, %y: memref<?x?xf32>)
        attributes {llvm.emit_c_interface} { ... }
    // gains
    llvm.mlir.global external constant @_hag_signature_aggregate(
        "(memref<?x?xf32>, memref<?x?xf32>) -> ()\00")
    ```
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def PrintCostPass : Pass<"hag-print-cost", "ModuleOp"> {
  let summary = "Print the cost model's prediction for every aggregation";
  let description = [{
    Prints, for every `hag.aggregate` over a constant graph and every
    `hag.plan_aggregate` over a constant plan, what the cost model
    (`Analysis/CostModel.h`, docs/CostModel.md) predicts on the target: the
    counts it uses (nodes, edges, aggregation nodes, levels, rows read and
    written, feature width) and the predicted time, plain and through the
    plan. Text for people, one JSON object for tools. The IR is unchanged.

    Example (`format=text`):
    ```
    hag cost model, target cpu
    hag.aggregate at t.mlir:4:8: 9 nodes, 12 edges, width 64 x 4 B: plain 5.69 us
    ```
  }];
  let options = [
    Option<"format", "format", "std::string", /*default=*/"\"text\"",
           "Output format: text or json">,
    Option<"target", "target", "std::string", /*default=*/"\"cpu\"",
           "Cost model target: cpu or cuda">,
    Option<"coefficients", "coefficients", "std::string", /*default=*/"\"\"",
           "Cost coefficients file (hag-calibrate -o); default: the built-in "
           "estimates of docs/CostModel.md">,
  ];
}

#endif // HAG_DIALECT_HAG_TRANSFORMS_PASSES_TD
