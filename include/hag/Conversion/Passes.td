//===- Passes.td - hag conversion passes -------------------*- tablegen -*-===//
//
// Conversions out of the hag dialect.
//
//===----------------------------------------------------------------------===//
#ifndef HAG_CONVERSION_PASSES_TD
#define HAG_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertHagToSCFPass : Pass<"convert-hag-to-scf"> {
  let summary = "Lower hag aggregations to parallel, vectorised tensor loops";
  let description = [{
    Lowers `hag.aggregate` and `hag.plan_aggregate` to `scf.forall` loops
    over nodes on tensors (one-shot bufferization then makes them in-place
    memref loops): each aggregation node level is one parallel loop writing
    a row per node as the combine of two earlier rows; the final loop
    combines each node's input list, with the self-loop, the degree
    normalisation and the mean division fused in, so no intermediate tensor
    makes an extra trip through memory. Rows are read and combined in
    vector blocks (16 elements when the static width allows, else 8 with
    masked tails, so any feature width works) and accumulated in f32
    whatever the element type. All blocks of a static row of up to 256
    elements are accumulated together across a node's whole input list, so
    each input row is read in one stretch and its index once; wider or
    dynamic rows go block by block.

    Custom combiners made of element-wise ops over f32 rows are applied lane
    by lane; a fold starts with its first input and keeps the list order, so
    sequential aggregations (and sequential plans) keep their meaning.

    Epilogue fusion: when the aggregate's only user is an element-wise
    `linalg.generic` over (node, feature) in f32 (bias add, ReLU, a residual,
    a per-node scale: its other inputs may be a row per node `(i, j)`, one
    row `(j)`, a value per node `(i)` or one value `()`), and its body is
    element-wise ops that ignore the output's old value, the body is applied
    lane by lane to each finished block in the final loop and the generic is
    replaced by the kernel.

    A tiled plan (`tiles(...)`) runs as one parallel loop over chunks of
    consecutive tiles; a chunk allocates a scratch buffer of the largest
    tile's aggregation rows once and, tile by tile, writes the tile's
    aggregation rows into it in order, then its nodes' rows, which read them
    while they are in cache: no barrier, and the kernel is reentrant. At a
    static width from `step-min-width` to `step-max-width` (256 to 512 by
    default) a tile runs in steps of 4 nodes instead, each step computing
    the aggregation rows its lists read that are not computed yet, then its
    nodes. The
    aggregation-node rows of an untiled plan over a static width live in a
    module-level buffer (`memref.global`), so a call neither allocates nor
    page-faults them; such kernels are not reentrant (two concurrent calls of
    one kernel would share the buffer).

    Preconditions: the graph is a `hag.graph_constant` or
    `hag.graph_from_tensors`, the plan a `hag.plan_constant`. Not lowered yet
    (an error names the op): custom combiners over f16/bf16 rows or with
    non-element-wise ops, run-time plans (`hag.build_plan`),
    `hag.graph_from_csr`, `hag.graph_load` (run `--hag-load-graphs` first).

    Before:
    ```mlir
    %y = hag.aggregate sum %g, %x : !hag.graph<4>, tensor<4x8xf32> -> tensor<4x8xf32>
    ```
    After (shape):
    ```mlir
    %y = scf.forall (%v) in (4) shared_outs(%o = %init) -> tensor<4x8xf32> {
      ... scf.for over the inputs of %v, vector.transfer_read, arith.addf ...
      scf.forall.in_parallel { tensor.parallel_insert_slice ... }
    }
    ```
  }];
  let options = [
    Option<"stepMinWidth", "step-min-width", "int64_t",
           /*default=*/"::mlir::hag::kDefaultStepMinWidth",
           "Narrowest static row width (elements) at which a tiled plan's "
           "tile runs in steps of 4 nodes, each after the aggregation rows "
           "it reads (docs/CpuPerformance.md, \"Steps\"); at least 1">,
    Option<"stepMaxWidth", "step-max-width", "int64_t",
           /*default=*/"::mlir::hag::kDefaultStepMaxWidth",
           "Widest static row width run in steps; 0: never in steps">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect", "::mlir::vector::VectorDialect",
    "::mlir::math::MathDialect", "::mlir::memref::MemRefDialect",
    "::mlir::bufferization::BufferizationDialect", "::mlir::func::FuncDialect",
    "::mlir::LLVM::LLVMDialect", "::mlir::linalg::LinalgDialect",
    "::mlir::sparse_tensor::SparseTensorDialect"
  ];
}

def BufferizePass : Pass<"hag-bufferize", "::mlir::ModuleOp"> {
  let summary = "One-shot bufferization, through the sparsifier where the "
                "module holds sparse tensors";
  let description = [{
    Bufferizes the whole module (function boundaries included, loops that
    yield a fresh buffer per iteration allowed, as a loop over layers does).
    A module without sparse tensors gets upstream's `one-shot-bufferize`
    with those options, nothing else. A module with a
    `#sparse_tensor.encoding` tensor anywhere (a CSR adjacency that
    `--hag-raise` did not turn into a graph, or the matrix a
    `hag.graph_from_csr` reads) goes through upstream's sparsifier instead:
    named linalg ops generalized, then `sparsification-and-bufferization`
    with the same options (sparse code generated in place, no runtime
    library, outer loops parallel, 16-lane vectors: the sparsifier peer's
    options, docs/Tools.md) and the storage specifiers lowered, so that
    sparse ops around hag ops lower in the same pipeline. The sparsifier
    leaves its buffers to the deallocation pipeline that follows.
  }];
}

def PlanArraysToCallsPass
    : Pass<"hag-plan-arrays-to-calls", "::mlir::ModuleOp"> {
  let summary = "Read run-time plan arrays through calls of the plan runtime";
  let description = [{
    Replaces every `hag.plan_array` by a call of the plan runtime that
    returns a descriptor of the kept array, in place
    (`hagPlanViewI32`, `hagPlanViewI64`, `hagPlanViewPairs`, declared with
    `llvm.emit_c_interface`; include/hag/Runtime/PlanRuntime.h). Runs after
    buffer deallocation: the op's result is a view no one owns, which
    deallocation leaves alone, while a call's memref result would be taken
    as the caller's to free. `hag-lower-to-cpu` runs it after its
    bufferization stage.

    Before:
    ```mlir
    %m = hag.plan_array %plan "list_indices" : memref<?xi32>
    ```
    After:
    ```mlir
    %c3 = arith.constant 3 : i32
    %m = call @hagPlanViewI32(%plan, %c3) : (i64, i32) -> memref<?xi32>
    ```
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::func::FuncDialect"
  ];
}

def ConvertHagToGPUPass : Pass<"convert-hag-to-gpu", "::mlir::ModuleOp"> {
  let summary = "Lower hag aggregations to GPU kernels (gpu.launch on memrefs)";
  let description = [{
    Lowers `hag.aggregate` and `hag.plan_aggregate` to `gpu.launch` kernels
    that read and write memrefs, for the cuda target (`hag-lower-to-cuda`
    continues with upstream's NVVM pipeline). A group of lanes (up to a warp)
    computes one row: each lane owns 16-byte column chunks (4 f32) and folds
    the row's inputs into them, loading four inputs before combining them,
    so the loads of a group are coalesced, vectorised and several are in
    flight; no two threads write one element, so there are no atomics,
    shared memory or barriers. Kernels, in stream order: one per level of a
    plan's aggregation nodes (into a scratch buffer), the rows of every node
    with at most `hub-edges` inputs (self-loop, normalisation, mean and an
    element-wise epilogue fused as in `convert-hag-to-scf`), then two hub
    kernels: inputs are cut into segments of `hub-edges`, each segment
    computes the partial folds of the hub rows (rows with more inputs) it
    overlaps, in parallel, and the segment holding a hub's first input
    combines its partials in order and finishes the row. Sequential
    (ordered) aggregations are never split.

    Buffers: features, graph and plan arrays and epilogue operands that are
    function arguments (or `bufferization.to_tensor` of memrefs) are device
    memory; a `hag.plan_from_tensors` `levels` operand is host memory (the
    host launches one kernel per level). Constant arrays (graph and plan
    constants, constant epilogue operands) are copied to the device once by
    the runtime (`hagCudaDeviceCopyI32/I64/F32`, docs/Runtime.md). A result
    materialized into a buffer (`bufferization.materialize_in_destination`)
    is written there directly; otherwise a device buffer is allocated
    (`gpu.alloc`) and returned. Other operands (tensors computed on the host)
    are refused with an error naming them.

    Streams: every launch, allocation and free is a `gpu.wait async` /
    op / `gpu.wait` unit; the runtime runs them all on one in-order stream,
    so they stay ordered without tokens crossing host loops, and a caller that
    synchronises itself can turn the per-unit waits off
    (`hagCudaSetSynchronize(0)`).

    With `emulate`, the same kernels become host loops (`scf.forall` over
    blocks, `scf.for` over threads) on host buffers: since threads never
    communicate this is exact, and it is how the kernels' logic is tested on
    machines without a GPU (`hag-run --target=cuda-emulation`).

    Not lowered (an error names the op): tiled plans (the cuda target
    searches with tile-nodes=0), custom combiners over f16/bf16 rows or with
    non-element-wise ops, graphs other than `hag.graph_constant` /
    `hag.graph_from_tensors`, plans other than `hag.plan_constant` /
    `hag.plan_from_tensors`.
  }];
  let options = [
    Option<"emulate", "emulate", "bool", /*default=*/"false",
           "Run the kernels' threads as host loops on host buffers (tests the "
           "kernels' logic without a GPU)">,
    Option<"hubEdges", "hub-edges", "int64_t", /*default=*/"1024",
           "Rows with more inputs are split into segments of this many, "
           "folded in parallel (0: never split; not negative)">,
    Option<"blockSize", "block-size", "int64_t", /*default=*/"256",
           "Threads per block: a multiple of 32 from 32 to 1024">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::scf::SCFDialect",
    "::mlir::gpu::GPUDialect", "::mlir::vector::VectorDialect",
    "::mlir::math::MathDialect", "::mlir::memref::MemRefDialect",
    "::mlir::func::FuncDialect", "::mlir::tensor::TensorDialect",
    "::mlir::bufferization::BufferizationDialect", "::mlir::LLVM::LLVMDialect"
  ];
}

#endif // HAG_CONVERSION_PASSES_TD
