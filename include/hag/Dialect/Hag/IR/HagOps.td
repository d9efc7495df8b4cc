//===- HagOps.td - hag operations --------------------------*- tablegen -*-===//
//
// Graph values, neighbour aggregation, and the HAG form: plans and the
// aggregation through them. Each op's description names the constraints of
// docs/HagSpec.md that its verifier enforces.
//
//===----------------------------------------------------------------------===//
#ifndef HAG_DIALECT_HAG_IR_HAGOPS_TD
#define HAG_DIALECT_HAG_IR_HAGOPS_TD

include "hag/Dialect/Hag/IR/HagTypes.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/IR/OpBase.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"

class Hag_Op<string mnemonic, list<Trait> traits = []>
    : Op<Hag_Dialect, mnemonic, traits>;

def Hag_FeatureTensor : RankedTensorOf<[F32, F16, BF16], [HasAnyRankOfPred<[2]>]>;

//===----------------------------------------------------------------------===//
// Graph values
//===----------------------------------------------------------------------===//

def Hag_GraphConstantOp : Hag_Op<"graph_constant", [Pure]> {
  let summary = "A graph known at compile time, held as CSR attributes";
  let description = [{
    Makes a graph value from constant CSR arrays: `offsets` (i64, one more
    than the node count) and `indices` (i32 node ids). Row v,
    `indices[offsets[v] .. offsets[v+1])`, is v's input list. Either array
    may be a `dense` or a `dense_resource` attribute, so large graphs
    round-trip through MLIR bytecode as blobs.

    Constraints (docs/HagSpec.md): graph_constant_c1 the type has a static
    node count; c2 `offsets` is a `dense` or `dense_resource` 1-D signless
    i64 array of node count + 1 elements; c3 `indices` is such a 1-D i32
    array; c4 offsets start at 0, never decrease and
    end at the size of `indices`; c5 every index is a node id below the node
    count. c4 and c5 are checked when the values are available (a
    `dense_resource` blob not yet loaded is checked when it is).

    Example:
    ```mlir
    // 0 -> 1, 0 -> 2, 1 -> 2: N(1) = {0}, N(2) = {0, 1}
    %g = hag.graph_constant offsets(dense<[0, 0, 1, 3]> : tensor<4xi64>)
                            indices(dense<[0, 0, 1]> : tensor<3xi32>)
                            : !hag.graph<3>
    ```
  }];
  let arguments = (ins ElementsAttr:$offsets, ElementsAttr:$indices);
  let results = (outs Hag_GraphType:$graph);
  let assemblyFormat = [{
    `offsets` `(` $offsets `)` `indices` `(` $indices `)` attr-dict `:`
    qualified(type($graph))
  }];
  let hasVerifier = 1;
}

def Hag_GraphFromTensorsOp : Hag_Op<"graph_from_tensors", [Pure]> {
  let summary = "A graph known at run time, from CSR tensors";
  let description = [{
    Makes a graph value from run-time CSR tensors with the layout of
    `hag.graph_constant`. Nothing about the values is checked at compile
    time; the runtime checks them when it builds a plan.

    Constraints (docs/HagSpec.md): graph_from_tensors_c1 `offsets` is a 1-D
    i64 tensor; c2 `indices` is a 1-D i32 tensor; c3 if both the offsets
    length and the node count are static, the length is the node count + 1.

    Example:
    ```mlir
    %g = hag.graph_from_tensors %offsets, %indices
        : tensor<?xi64>, tensor<?xi32> -> !hag.graph<?>
    ```
  }];
  let arguments = (ins RankedTensorOf<[AnyInteger]>:$offsets,
                       RankedTensorOf<[AnyInteger]>:$indices);
  let results = (outs Hag_GraphType:$graph);
  let assemblyFormat = [{
    $offsets `,` $indices attr-dict `:` type($offsets) `,` type($indices)
    `->` qualified(type($graph))
  }];
  let hasVerifier = 1;
}

def Hag_GraphFromEdgesOp : Hag_Op<"graph_from_edges", [Pure]> {
  let summary = "A graph known at run time, from edge arrays (COO)";
  let description = [{
    Makes a graph value from run-time edge arrays, as message passing holds
    them (PyG's `edge_index`): edge e is `sources[e] -> targets[e]`, i.e.
    node `targets[e]` aggregates node `sources[e]`, over `num_nodes` nodes.
    Each node's inputs keep the edges' order; a repeated edge stays repeated
    (a sum adds it twice, as a scatter-add does) and self-loops stay. The
    plan runtime (`libhag_plan_runtime.so`, cpu target) sorts the edges into
    CSR once per distinct edge set and checks them: an id outside
    `[0, num_nodes)` or arrays of different lengths is a recorded error and
    the empty graph. `--hag-raise` makes this op from a message-passing loop
    over run-time edge arrays.

    Constraints (docs/HagSpec.md): graph_from_edges_c1 `sources` and
    `targets` are 1-D i64 tensors; c2 their lengths agree when both are
    static; c3 a constant `num_nodes` is not negative and equals a static
    node count of the result.

    Example:
    ```mlir
    %g = hag.graph_from_edges %src, %dst nodes(%n)
        : tensor<?xi64>, tensor<?xi64> -> !hag.graph<?>
    ```
  }];
  let arguments = (ins RankedTensorOf<[AnyInteger]>:$sources,
                       RankedTensorOf<[AnyInteger]>:$targets,
                       Index:$num_nodes);
  let results = (outs Hag_GraphType:$graph);
  let assemblyFormat = [{
    $sources `,` $targets `nodes` `(` $num_nodes `)` attr-dict `:`
    type($sources) `,` type($targets) `->` qualified(type($graph))
  }];
  let hasVerifier = 1;
}

def Hag_GraphFromCsrOp : Hag_Op<"graph_from_csr", [Pure]> {
  let summary = "The graph of a CSR sparse adjacency matrix";
  let description = [{
    Views the sparsity pattern of a square CSR matrix (a `tensor` with a
    `#sparse_tensor.encoding` whose levels are dense then compressed, in
    dimension order) as a graph: row i of the matrix, the columns j with a
    stored entry, is node i's input list. The stored values are ignored.
    `hag-lower-to-cpu` lowers it to `hag.graph_from_tensors` of the matrix's
    positions and coordinates.

    Constraints (docs/HagSpec.md): graph_from_csr_c1 the operand is a 2-D
    sparse tensor in CSR layout (identity dimension-to-level map, level 0
    dense, level 1 compressed); c2 it is square when both sizes are static;
    c3 a static node count equals every static size of the matrix.

    Example:
    ```mlir
    #CSR = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed) }>
    %g = hag.graph_from_csr %adj : tensor<?x?xf32, #CSR> -> !hag.graph<?>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$matrix);
  let results = (outs Hag_GraphType:$graph);
  let assemblyFormat = [{
    $matrix attr-dict `:` type($matrix) `->` qualified(type($graph))
  }];
  let hasVerifier = 1;
}

def Hag_GraphLoadOp : Hag_Op<"graph_load", []> {
  let summary = "A graph read from a file at compile time";
  let description = [{
    Names a graph file (any format `hag-search` reads, docs/GraphFormats.md)
    that the compiler reads: `--hag-load-graphs` replaces the op by a
    `hag.graph_constant` with the file's CSR (and refines a `?` node count to
    the file's). The file is read with the readers' defaults unless
    `symmetrize` says otherwise; `allow_sparse_nodes` accepts an edge list's
    largest id or a Matrix Market row count above 64 x edges + 2^20 nodes,
    which the readers refuse by default (docs/GraphFormats.md, "Sparse node
    guard"). Until then the op has no run-time meaning: lowering rejects it.

    Constraints (docs/HagSpec.md): graph_load_c1 `path` is not empty; c2
    `format` is one of auto, edgelist, mtx, tu, dgcnn, cites, csr.

    Example:
    ```mlir
    %g = hag.graph_load "data/cora.cites" : !hag.graph<?>
    %h = hag.graph_load "graphs/BZR_MD" {format = "tu"} : !hag.graph<6519>
    ```
  }];
  let arguments = (ins StrAttr:$path,
                       DefaultValuedStrAttr<StrAttr, "auto">:$format,
                       OptionalAttr<BoolAttr>:$symmetrize,
                       UnitAttr:$allow_sparse_nodes);
  let results = (outs Hag_GraphType:$graph);
  let assemblyFormat = "$path attr-dict `:` qualified(type($graph))";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Aggregation
//===----------------------------------------------------------------------===//

class Hag_AggregateLikeOp<string mnemonic, list<Trait> traits = []>
    : Hag_Op<mnemonic, !listconcat(traits, [Pure])> {
  let results = (outs Hag_FeatureTensor:$result);
  let regions = (region MaxSizedRegion<1>:$combiner);
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The class of this aggregation: set for sum, mean, max, min and
    /// commutative custom combiners, sequential otherwise.
    ::mlir::hag::AggregationClass getAggregationClass() {
      if (getReduction() != ::mlir::hag::Reduction::Custom || getCommutative())
        return ::mlir::hag::AggregationClass::Set;
      return ::mlir::hag::AggregationClass::Sequential;
    }
  }];
}

def Hag_AggregateOp : Hag_AggregateLikeOp<"aggregate"> {
  let summary = "Neighbour aggregation of node features over a graph";
  let description = [{
    For every node v, combines the feature rows of v's inputs N(v) (plus v
    itself with `self_loops`, after N(v)):
    `result[v] = combine over u in N(v) of features[u]`, one combine per
    feature column. `features` is an N x D tensor of f32, f16 or bf16.

    | reduction | result[v] for inputs u1..uk | class |
    |---|---|---|
    | sum | f[u1] + ... + f[uk] | set |
    | mean | (f[u1] + ... + f[uk]) / k | set |
    | max / min | element-wise max / min | set |
    | custom commutative | c(...c(c(f[u1], f[u2]), f[u3])..., f[uk]) in any order | set |
    | custom | c(...c(c(f[u1], f[u2]), f[u3])..., f[uk]) in this order | sequential |

    A node without inputs gets zeros. `custom` takes the combiner `c` from the
    region: two scalar block arguments (accumulated, next) of the element
    type, `hag.yield` of one scalar. `commutative` asserts that `c` is
    associative and commutative; then any subset of inputs may be aggregated
    first (set class), otherwise the order is kept (sequential class).
    `normalization` scales a sum by degrees (row: 1/deg(v); symmetric:
    deg(u)^-1/2 per input row, deg(v)^-1/2 per result row).

    Constraints (docs/HagSpec.md): aggregate_c1 `features` and `result` have
    the same type; c2 the row count of `features` equals the graph's node
    count when both are static; c3 `normalization` other than none needs
    `reduction = sum`; c4 `reduction = custom` needs a combiner region and
    the other reductions none; c5 the combiner has two arguments of the
    element type and yields one value of it; c6 `commutative` only with
    `reduction = custom`.

    Examples:
    ```mlir
    %h = hag.aggregate sum %g, %x normalization(symmetric) self_loops
        : !hag.graph<2708>, tensor<2708x16xf32> -> tensor<2708x16xf32>
    %m = hag.aggregate custom %g, %x commutative combiner {
    ^bb0(%acc: f32, %next: f32):
      %s = arith.maximumf %acc, %next : f32
      hag.yield %s : f32
    } : !hag.graph<2708>, tensor<2708x16xf32> -> tensor<2708x16xf32>
    ```
  }];
  let arguments = (ins Hag_Reduction:$reduction, Hag_GraphType:$graph,
      Hag_FeatureTensor:$features,
      DefaultValuedAttr<Hag_Normalization, "Normalization::None">:$normalization,
      UnitAttr:$self_loops, UnitAttr:$commutative);
  let assemblyFormat = [{
    $reduction $graph `,` $features
    (`normalization` `(` $normalization^ `)`)? (`self_loops` $self_loops^)?
    (`commutative` $commutative^)? (`combiner` $combiner^)? attr-dict `:`
    qualified(type($graph)) `,` type($features) `->` type($result)
  }];
}

def Hag_PlanAggregateOp : Hag_AggregateLikeOp<"plan_aggregate"> {
  let summary = "Neighbour aggregation through a HAG plan";
  let description = [{
    Computes exactly what `hag.aggregate` computes on the plan's graph, but
    through the plan: the rows of the aggregation nodes level by level (each
    the combine of two earlier rows), then every node's combine over its plan
    input list. Degrees for `mean` and normalisation are the sizes of the
    original input lists (the plan's covers). `--hag-eliminate-redundancy`
    produces this op.

    Constraints (docs/HagSpec.md): plan_aggregate_c1..c6 as aggregate_c1..c6
    with the plan's node count; c7 a `set` plan only serves set aggregations
    (a `sequential` plan keeps every order and serves all).

    Example:
    ```mlir
    %h = hag.plan_aggregate sum %plan, %x normalization(symmetric)
        : !hag.plan<set, 2708>, tensor<2708x16xf32> -> tensor<2708x16xf32>
    ```
  }];
  let arguments = (ins Hag_Reduction:$reduction, Hag_PlanType:$plan,
      Hag_FeatureTensor:$features,
      DefaultValuedAttr<Hag_Normalization, "Normalization::None">:$normalization,
      UnitAttr:$self_loops, UnitAttr:$commutative);
  let assemblyFormat = [{
    $reduction $plan `,` $features
    (`normalization` `(` $normalization^ `)`)? (`self_loops` $self_loops^)?
    (`commutative` $commutative^)? (`combiner` $combiner^)? attr-dict `:`
    qualified(type($plan)) `,` type($features) `->` type($result)
  }];
}

def Hag_YieldOp : Hag_Op<"yield", [Pure, ReturnLike, Terminator,
    ParentOneOf<["AggregateOp", "PlanAggregateOp"]>]> {
  let summary = "Returns the combined value from a custom combiner";
  let description = [{
    Terminates the combiner region of `hag.aggregate` and
    `hag.plan_aggregate` with the combined scalar.

    Example: `hag.yield %sum : f32`.
  }];
  let arguments = (ins Variadic<AnyType>:$values);
  let assemblyFormat = "attr-dict ($values^ `:` type($values))?";
}

//===----------------------------------------------------------------------===//
// HAG plans
//===----------------------------------------------------------------------===//

def Hag_PlanConstantOp : Hag_Op<"plan_constant", [Pure]> {
  let summary = "A HAG plan found at compile time";
  let description = [{
    A searched HAG as constant arrays (the same content as the hag v1 text
    format, docs/HagFormat.md): `agg_inputs` (A x 2, i32) the two inputs of
    aggregation node N + k; `levels` (L + 1, i32) where level l holds
    aggregation nodes `levels[l] .. levels[l+1]-1`; `list_offsets` (N + 1,
    i64) and `list_indices` (i32) the input list of every node over
    V u V_A. A tiled plan (docs/HagFormat.md, "Tiles") also has `tiles`
    (T + 1 x 2, i32): row t is the first node and the first aggregation index
    of tile t, the last row is (N, A); its `levels` are `[0, A]` (one stage:
    tiles run in parallel, each computing its own aggregation nodes in order).
    A plan of wide aggregation nodes (a `max-inputs` search, docs/Search.md)
    has `agg_offsets` (A + 1, i64): then `agg_inputs` is 1-D and node k reads
    `agg_inputs[agg_offsets[k] .. agg_offsets[k+1]-1]`, two or more ids, in
    order; the CPU kernels compute such a node's row from all its inputs
    (one stored row), the GPU lowering runs its two-input form.
    Arrays may be `dense` or `dense_resource`.

    Constraints (docs/HagSpec.md): plan_constant_c1 the type has a static
    node count; c2 the array shapes and signless element types above, as
    `dense` or `dense_resource` arrays; c3 every
    aggregation node has exactly two inputs (with `agg_offsets`: at least
    two), each an input node or an aggregation node of an earlier level, and
    sits in the level of its depth; c4 list offsets start at 0, never
    decrease and end at the size of `list_indices`, whose entries are ids
    below N + A; c5 `tiles`, when present, has the shape above and cuts the
    nodes into non-empty runs, and every aggregation node and list of a tile
    reads only aggregation nodes of its tile; c6 `agg_offsets`, when
    present, start at 0, grow by at least 2 per node and end at the size of
    `agg_inputs`. c3 to c6 are checked when the values are available.

    Example (nodes 3 and 4 both aggregate {0, 1, 2} through node 5 = (0, 1)):
    ```mlir
    %p = hag.plan_constant agg_inputs(dense<[[0, 1]]> : tensor<1x2xi32>)
        levels(dense<[0, 1]> : tensor<2xi32>)
        list_offsets(dense<[0, 0, 0, 0, 2, 4]> : tensor<6xi64>)
        list_indices(dense<[5, 2, 5, 2]> : tensor<4xi32>)
        : !hag.plan<set, 5>
    ```

    A wide node: nodes 4 and 5 both aggregate {0, 1, 2, 3} through node
    6 = (0, 1, 2):
    ```mlir
    %p = hag.plan_constant agg_inputs(dense<[0, 1, 2]> : tensor<3xi32>)
        agg_offsets(dense<[0, 3]> : tensor<2xi64>)
        levels(dense<[0, 1]> : tensor<2xi32>)
        list_offsets(dense<[0, 0, 0, 0, 0, 2, 4]> : tensor<7xi64>)
        list_indices(dense<[6, 3, 6, 3]> : tensor<4xi32>)
        : !hag.plan<set, 6>
    ```
  }];
  let arguments = (ins ElementsAttr:$agg_inputs, ElementsAttr:$levels,
                       ElementsAttr:$list_offsets, ElementsAttr:$list_indices,
                       OptionalAttr<ElementsAttr>:$tiles,
                       OptionalAttr<ElementsAttr>:$agg_offsets);
  let results = (outs Hag_PlanType:$plan);
  let assemblyFormat = [{
    `agg_inputs` `(` $agg_inputs `)`
    (`agg_offsets` `(` $agg_offsets^ `)`)? `levels` `(` $levels `)`
    `list_offsets` `(` $list_offsets `)` `list_indices` `(` $list_indices `)`
    (`tiles` `(` $tiles^ `)`)? attr-dict `:` qualified(type($plan))
  }];
  let hasVerifier = 1;
}

def Hag_PlanFromTensorsOp : Hag_Op<"plan_from_tensors",
    [Pure, AttrSizedOperandSegments]> {
  let summary = "A HAG plan known at run time, from tensors";
  let description = [{
    Makes a plan value from run-time tensors with the layout of
    `hag.plan_constant` (docs/HagFormat.md): `agg_inputs` (A x 2), `levels`
    (L + 1), `list_offsets` (N + 1), `list_indices`, e.g. a plan a host
    program searched with the hag library or read from a hag v1 file, or the
    plan runtime's (`hag.build_plan`). `tiles` (T + 1 x 2 i32: each tile's
    first node and first aggregation node, as `hag.plan_constant`'s) makes it
    a tiled plan; ids stay global (N + k for aggregation node k). `degrees` (N, i64), each node's original input
    count, is needed by aggregations that divide by degrees (`mean`, `row` and
    `symmetric` normalisation: plan_aggregate_c8), since the plan's lists are
    not the original ones. With `agg_offsets` (A + 1, i64) the aggregation
    nodes are wide, as `hag.plan_constant`'s: `agg_inputs` is 1-D and node k
    reads entries `agg_offsets[k] .. agg_offsets[k+1]-1`. `list_splits` (N,
    i64) and `agg_splits` (A, i64, with `agg_offsets`) state that every list
    (a node's final list, a wide node's run) holds its aggregation-node
    entries first and its input rows from the split on; kernels of built-in
    reductions then read each part without checking entries. `part_bounds`
    (P + 1, i64) splits the kernel's parallel loop into P parts, as bounds
    in tiles for a tiled plan and in nodes otherwise, non-decreasing from 0
    to the tile or node count (the plan runtime's are of equal work,
    hag::balancedBounds); without it the kernel finds its own. Nothing about
    the values is checked at compile time; they must form a valid plan
    (plan_constant_c3, c4, c6), the splits must hold and the part bounds
    cover the tiles or nodes.

    Placement on the cuda target (docs/Pipelines.md): `levels` is read by the
    host, which launches one kernel per level, so it is host memory; every
    other array is device memory. Tiled run-time plans run on the cpu target.

    Constraints (docs/HagSpec.md): plan_from_tensors_c1 `agg_inputs` is a
    2-D i32 tensor with 2 columns (1-D with `agg_offsets`); c2 `levels` and
    `list_indices` are 1-D i32, `list_offsets`, `degrees`, `agg_offsets`,
    `list_splits`, `agg_splits` and `part_bounds` 1-D i64; c3 with a static node count,
    static lengths of `list_offsets`, `degrees` and `list_splits` are N + 1,
    N and N; c4 `tiles` is a 2-D i32 tensor with 2 columns; c5 `agg_splits`
    needs `agg_offsets`.

    Example:
    ```mlir
    %p = hag.plan_from_tensors %agg_inputs, %levels, %list_offsets,
        %list_indices degrees %degrees
        : tensor<?x2xi32>, tensor<?xi32>, tensor<?xi64>, tensor<?xi32>,
          tensor<?xi64> -> !hag.plan<set, ?>
    ```
  }];
  let arguments = (ins RankedTensorOf<[AnyInteger]>:$agg_inputs,
                       RankedTensorOf<[AnyInteger]>:$levels,
                       RankedTensorOf<[AnyInteger]>:$list_offsets,
                       RankedTensorOf<[AnyInteger]>:$list_indices,
                       Optional<RankedTensorOf<[AnyInteger]>>:$degrees,
                       Optional<RankedTensorOf<[AnyInteger]>>:$tiles,
                       Optional<RankedTensorOf<[AnyInteger]>>:$agg_offsets,
                       Optional<RankedTensorOf<[AnyInteger]>>:$list_splits,
                       Optional<RankedTensorOf<[AnyInteger]>>:$agg_splits,
                       Optional<RankedTensorOf<[AnyInteger]>>:$part_bounds);
  let results = (outs Hag_PlanType:$plan);
  let assemblyFormat = [{
    $agg_inputs `,` $levels `,` $list_offsets `,` $list_indices
    (`degrees` $degrees^)? (`tiles` $tiles^)?
    (`agg_offsets` $agg_offsets^)? (`list_splits` $list_splits^)?
    (`agg_splits` $agg_splits^)? (`part_bounds` $part_bounds^)? attr-dict
    `:` type($agg_inputs)
    `,` type($levels) `,` type($list_offsets) `,` type($list_indices)
    (`,` type($degrees)^)? (`tiles` type($tiles)^)?
    (`agg_offsets` type($agg_offsets)^)? (`list_splits` type($list_splits)^)?
    (`agg_splits` type($agg_splits)^)?
    (`part_bounds` type($part_bounds)^)?
    `->` qualified(type($plan))
  }];
  let builders = [
    OpBuilder<(ins "Type":$plan, "Value":$agg_inputs, "Value":$levels,
                   "Value":$list_offsets, "Value":$list_indices,
                   "Value":$degrees, "Value":$tiles), [{
      build($_builder, $_state, plan, agg_inputs, levels, list_offsets,
            list_indices, degrees, tiles, Value(), Value(), Value(),
            Value());
    }]>
  ];
  let hasVerifier = 1;
}

def Hag_PlanArrayOp : Hag_Op<"plan_array", [Pure]> {
  let summary = "One array of a plan the plan runtime keeps, as a buffer view";
  let description = [{
    The buffer of one array of the plan `plan` (an id of the plan runtime,
    `hagPlanBuild`'s result), read in place: no copy. What the lowering of
    `hag.build_plan` reads a run-time plan through (`bufferization.to_tensor`
    of it, restrict, not writable). The plan runtime keeps the array
    unchanged until `hagPlanReleaseAll`, so the op is pure, and its result is
    a view no one owns: buffer deallocation frees nothing for it.
    `--hag-plan-arrays-to-calls`, after deallocation, turns it into a call
    of the runtime (`hagPlanViewI32`, `hagPlanViewI64`, `hagPlanViewPairs`).

    `array` names the array, as `hag.plan_from_tensors` does its operands:
    `agg_inputs` and `tiles` are `memref<?x2xi32>`; `levels`,
    `list_indices` and `agg_runs` (every node's inputs in turn) are
    `memref<?xi32>`; `list_offsets`, `degrees`, `agg_offsets`,
    `list_splits`, `agg_splits` and `part_bounds` are `memref<?xi64>`.

    Constraints (docs/HagSpec.md): plan_array_c1 `array` is one of those
    names; c2 the result type is that array's.

    Example:
    ```mlir
    %m = hag.plan_array %plan "list_indices" : memref<?xi32>
    %t = bufferization.to_tensor %m restrict : memref<?xi32> to tensor<?xi32>
    ```
  }];
  let arguments = (ins I64:$plan, StrAttr:$array);
  let results = (outs AnyMemRef:$view);
  let assemblyFormat = [{
    $plan $array attr-dict `:` type($view)
  }];
  let hasVerifier = 1;
}

def Hag_BuildPlanOp : Hag_Op<"build_plan", [Pure]> {
  let summary = "Searches a HAG for a graph (at run time, or folded)";
  let description = [{
    Finds a HAG for `graph` with the options of `hag-search`. For a graph
    known only at run time (`hag.graph_from_tensors`) the plan runtime
    (`libhag_plan_runtime.so`, cpu target) runs the search once per distinct
    graph and options and keeps the plan, so every `hag.plan_aggregate` using
    it, and every later call, reuses it; when the graph is a
    `hag.graph_constant`, canonicalization runs the search at compile time
    and replaces the op by a `hag.plan_constant`.

    `capacity` is a node count, a fraction of the node count (with a dot),
    or `unlimited`; `threshold` >= 2; `max_depth` 0 for no limit;
    `tile_nodes` 0 for one HAG over the graph, run level by level, or N for
    a tiled plan of N-node tiles searched on their own (`hag-search
    --tile-nodes`), at compile time or by the plan runtime alike;
    `max_inputs` the most inputs of one aggregation node (`hag-search
    --max-inputs`: 2 for pairs, more for a set plan's wide nodes, which the
    cpu target computes as one row each); `plain_if_slower` lets the plan
    runtime hand each `hag.plan_aggregate` the plan's plain counterpart (the
    same shape, no aggregation node, the graph's rows as lists) at a feature
    width where the cpu cost model does not predict the HAG 1.7 times as
    fast (`hagPlanChoose`, `HAG_PLAN_CHOOSE_MARGIN`; a folded plan ignores
    it: the redundancy pass prices constant graphs itself); such a call
    reads the rows from the graph's own tensors, so the runtime may hand
    the counterpart out by the graph's lookup key without comparing the
    whole graph (`hagPlanBuildForChoice`, docs/Runtime.md).

    Constraints (docs/HagSpec.md): build_plan_c1 graph and plan node counts
    agree (static or dynamic alike); c2 `capacity` parses; c3
    `threshold` >= 2; c4 `max_depth` >= 0; c5 `tile_nodes` >= 0; c6
    `max_inputs` >= 2, and 2 for a sequential plan.

    Example:
    ```mlir
    %p = hag.build_plan %g {capacity = "0.25", threshold = 3 : i32}
        : !hag.graph<?> -> !hag.plan<set, ?>
    ```
  }];
  let arguments = (ins Hag_GraphType:$graph,
      DefaultValuedStrAttr<StrAttr, "0.25">:$capacity,
      DefaultValuedAttr<I32Attr, "3">:$threshold,
      DefaultValuedAttr<I32Attr, "0">:$max_depth,
      DefaultValuedAttr<I32Attr, "0">:$tile_nodes,
      DefaultValuedAttr<I32Attr, "2">:$max_inputs,
      UnitAttr:$plain_if_slower);
  let results = (outs Hag_PlanType:$plan);
  let assemblyFormat = [{
    $graph attr-dict `:` qualified(type($graph)) `->` qualified(type($plan))
  }];
  let hasVerifier = 1;
  let hasCanonicalizer = 1;
}

#endif // HAG_DIALECT_HAG_IR_HAGOPS_TD
