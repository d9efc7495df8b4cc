#!/usr/bin/env python3
"""Writes a module in the gather + scatter-add form of message passing over
the edges of an edge list ("u v": v aggregates u), for the raising
integration test: @main gathers x[src] into an E x D message tensor (the
indexing linalg.generic frameworks lower index_select to), scatters it into
zeros with an edge loop, and compares the result with hag.aggregate sum over
the same graph read by hag.graph_load.

With --runtime-edges the edge arrays are arguments of @message_passing
(constants only in @main), so the raised graph is built at run time.

With --normalized=symmetric or --normalized=row, @message_passing is instead
the sparsifier's form of a normalized GCN or mean aggregation: a
linalg.matmul of a constant CSR adjacency whose values are the
normalization's factors, computed in f32 as PyG does (symmetric: GCN's
D^-1/2 (A + I) D^-1/2, self-loops stored on the diagonal, deg^-0.5 rounded
to f32, then the product rounded; row: 1/deg per row, no self-loops), and
@main compares it with hag.aggregate sum normalization(...) over the graph.

With --weighted=symmetric or --weighted=row, the messages are scaled per
edge before the scatter-add, as PyG's GCNConv does (`norm.view(-1, 1) *
x[src]`, a broadcasting linalg.generic over the gather), by the same f32
factors (symmetric: self-loop edges added, as GCNConv adds them); with
--weighted=off-by-2-percent, by row factors 2% too large, which are no
normalization.

With --weighted=runtime-symmetric or --weighted=runtime-row (which imply
--runtime-edges), @message_passing computes those factors itself from its
edge arrays, in upstream ops, as PyG's gcn_norm does: the in-degree by a
scatter-add of ones over dst (an edge loop), deg^-0.5 with inf masked to 0
(symmetric) or 1/deg (row) by an element-wise linalg.generic, and w[e] =
s[src[e]] * s[dst[e]] (or s[dst[e]]) by an indexing linalg.generic.

usage: message_passing.py EDGES.el GRAPH_FILE [--runtime-edges |
          --normalized=symmetric|row |
          --weighted=symmetric|row|off-by-2-percent|runtime-symmetric|runtime-row]"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "bench"))
from raised_gcn_bench import (CSR_ENCODING, adjacency_product,  # noqa: E402
                              computed_weights, f32, message_passing,
                              normalized_entries)

edges_path, graph_file = sys.argv[1], sys.argv[2]
runtime_edges = "--runtime-edges" in sys.argv[3:]
normalized = next((a.split("=", 1)[1] for a in sys.argv[3:]
                   if a.startswith("--normalized=")), None)
if normalized not in (None, "symmetric", "row"):
    sys.exit("message_passing.py: --normalized must be symmetric or row")
weighted = next((a.split("=", 1)[1] for a in sys.argv[3:]
                 if a.startswith("--weighted=")), None)
if weighted not in (None, "symmetric", "row", "off-by-2-percent",
                    "runtime-symmetric", "runtime-row"):
    sys.exit("message_passing.py: --weighted must be symmetric, row, "
             "off-by-2-percent, runtime-symmetric or runtime-row")
runtime_weights = weighted in ("runtime-symmetric", "runtime-row")
runtime_edges = runtime_edges or runtime_weights
src, dst = [], []
with open(edges_path) as f:
    for line in f:
        if line.strip() and not line.startswith(("#", "%")):
            u, v = line.split()[:2]
            src.append(u)
            dst.append(v)
num_nodes = max(max(map(int, src)), max(map(int, dst))) + 1
if weighted in ("symmetric", "runtime-symmetric"):
    src += [str(v) for v in range(num_nodes)]
    dst += [str(v) for v in range(num_nodes)]
num_edges = len(src)
width = 16
n, e, d = num_nodes, num_edges, width

constants = (f"  %src = arith.constant dense<[{', '.join(src)}]> : tensor<{e}xi32>\n"
             f"  %dst = arith.constant dense<[{', '.join(dst)}]> : tensor<{e}xi32>\n")
edge_params = (f", %src: tensor<{e}xi32>, %dst: tensor<{e}xi32>"
               if runtime_edges else "")
edge_constants = "" if runtime_edges else constants
main_constants = constants if runtime_edges else ""
call_args = "%x, %src, %dst" if runtime_edges else "%x"
call_types = (f"tensor<{n}x{d}xf32>, tensor<{e}xi32>, tensor<{e}xi32>"
              if runtime_edges else f"tensor<{n}x{d}xf32>")


def normalized_matmul():
    """@message_passing as the product of a constant normalized adjacency
    (the generator of bench/raised_gcn_bench.py)."""
    pairs = list(zip(map(int, src), map(int, dst)))
    entries, values = normalized_entries(n, pairs, normalized,
                                         self_loops=normalized == "symmetric")
    return f"""
{CSR_ENCODING}

// The {normalized}-normalized adjacency times the features, into zeros.
func.func @message_passing(%x: tensor<{n}x{d}xf32>) -> tensor<{n}x{d}xf32> {{
{adjacency_product(n, d, entries, values)}  return %y : tensor<{n}x{d}xf32>
}}
"""


def edge_weights():
    """The per-edge factors of --weighted, f32 as PyG computes them."""
    degree = [0] * n
    for v in map(int, dst):
        degree[v] += 1
    inverse_root = [f32(d ** -0.5) if d else 0.0 for d in degree]
    weights = []
    for u, v in zip(map(int, src), map(int, dst)):
        if weighted == "symmetric":
            weights.append(f32(inverse_root[v] * inverse_root[u]))
        else:
            scale = 1.02 if weighted == "off-by-2-percent" else 1.0
            weights.append(f32(scale / degree[v]))
    return weights


weights = None
if weighted:
    weights = (computed_weights(n, e, weighted.split("-", 1)[1], "i32")
               if runtime_weights else f"""
  %w = arith.constant dense<[{', '.join(map(repr, edge_weights()))}]> : tensor<{e}xf32>""")

aggregation_function = normalized_matmul() if normalized else f"""// Message passing with sum aggregation: messages = x[src], then
// out[dst[e]] += messages[e] for every edge e.
func.func @message_passing(%x: tensor<{n}x{d}xf32>{edge_params}) -> tensor<{n}x{d}xf32> {{
{edge_constants}{message_passing(n, e, d, "i32", weights)}  return %y : tensor<{n}x{d}xf32>
}}

"""
reference_attributes = {None: "", "symmetric": " normalization(symmetric) self_loops",
                        "row": " normalization(row)",
                        "off-by-2-percent": " normalization(row)",
                        "runtime-symmetric": " normalization(symmetric) self_loops",
                        "runtime-row": " normalization(row)"}[normalized or weighted]

print(f"""
// Features f(v, j) = ((7 v + 13 j) mod 101) - 50.
func.func @inputs() -> tensor<{n}x{d}xf32> {{
  %e = tensor.empty() : tensor<{n}x{d}xf32>
  %x = linalg.generic {{indexing_maps = [affine_map<(i, j) -> (i, j)>],
                       iterator_types = ["parallel", "parallel"]}} outs(%e : tensor<{n}x{d}xf32>) {{
  ^bb0(%o: f32):
    %i = linalg.index 0 : index
    %j = linalg.index 1 : index
    %c7 = arith.constant 7 : index
    %c13 = arith.constant 13 : index
    %c101 = arith.constant 101 : index
    %a = arith.muli %i, %c7 : index
    %b = arith.muli %j, %c13 : index
    %s = arith.addi %a, %b : index
    %m = arith.remui %s, %c101 : index
    %k = arith.index_cast %m : index to i64
    %f = arith.uitofp %k : i64 to f32
    %c50 = arith.constant 50.0 : f32
    %r = arith.subf %f, %c50 : f32
    linalg.yield %r : f32
  }} -> tensor<{n}x{d}xf32>
  return %x : tensor<{n}x{d}xf32>
}}

{aggregation_function}// max over all elements of |a - b| / max(1, |a|), and the sum of |a| (so a
// result of all zeros cannot pass).
func.func @compare(%a: tensor<{n}x{d}xf32>, %b: tensor<{n}x{d}xf32>) -> (f32, f32) {{
  %zero = arith.constant 0.0 : f32
  %init = tensor.empty() : tensor<f32>
  %acc = linalg.fill ins(%zero : f32) outs(%init : tensor<f32>) -> tensor<f32>
  %r:2 = linalg.generic {{indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>,
                                          affine_map<(i, j) -> ()>, affine_map<(i, j) -> ()>],
                         iterator_types = ["reduction", "reduction"]}}
      ins(%a, %b : tensor<{n}x{d}xf32>, tensor<{n}x{d}xf32>) outs(%acc, %acc : tensor<f32>, tensor<f32>) {{
  ^bb0(%x: f32, %y: f32, %m: f32, %t: f32):
    %diff = arith.subf %x, %y : f32
    %ad = math.absf %diff : f32
    %ax = math.absf %x : f32
    %one = arith.constant 1.0 : f32
    %den = arith.maximumf %ax, %one : f32
    %rel = arith.divf %ad, %den : f32
    %nm = arith.maximumf %m, %rel : f32
    %s = arith.addf %t, %ax : f32
    linalg.yield %nm, %s : f32, f32
  }} -> (tensor<f32>, tensor<f32>)
  %err = tensor.extract %r#0[] : tensor<f32>
  %total = tensor.extract %r#1[] : tensor<f32>
  return %err, %total : f32, f32
}}

func.func @main() {{
  %g = hag.graph_load "{graph_file}" : !hag.graph<{n}>
  %x = call @inputs() : () -> tensor<{n}x{d}xf32>
{main_constants}  %y = call @message_passing({call_args}) : ({call_types}) -> tensor<{n}x{d}xf32>
  %ref = hag.aggregate sum %g, %x{reference_attributes} : !hag.graph<{n}>, tensor<{n}x{d}xf32> -> tensor<{n}x{d}xf32>
  %err, %total = call @compare(%y, %ref) : (tensor<{n}x{d}xf32>, tensor<{n}x{d}xf32>) -> (f32, f32)
  vector.print str "message passing error\\n"
  vector.print %err : f32
  vector.print str "sum positive\\n"
  %zero = arith.constant 0.0 : f32
  %positive = arith.cmpf ogt, %total, %zero : f32
  vector.print %positive : i1
  return
}}
""")
