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
    while they are in cache: no barrier, and the kernel is reentrant. The
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
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect", "::mlir::vector::VectorDialect",
    "::mlir::math::MathDialect", "::mlir::memref::MemRefDialect",
    "::mlir::bufferization::BufferizationDialect"
  ];
}

#endif // HAG_CONVERSION_PASSES_TD
