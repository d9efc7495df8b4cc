#!/usr/bin/env python3
"""A GCN layer's aggregation as frameworks export it, compiled three ways,
in two forms:

- `matrix`: the product of a constant CSR adjacency whose values are GCN's
  symmetric normalization D^-1/2 (A + I) D^-1/2 (f32 factors as PyG
  computes them: deg^-0.5, then the product) with the features,
  `linalg.matmul` into zeros;
- `computed`: GCNConv over edges given at run time (hag-run
  --entry-args=edges): self-loop edges appended, the factors computed in the
  program as PyG's gcn_norm computes them (in-degree by a scatter-add of
  ones, deg^-0.5 with inf masked to 0, s[src] * s[dst]), each gathered
  message x[src[e]] scaled by its factor and scatter-added at dst[e] by an
  edge loop.

The three ways:

- `written`: the module as written; hag-lower-to-cpu compiles the product
  through upstream's sparsifier (hag-bufferize), or the loops and generics
  as they are;
- `raised`: after `hag-opt -hag-raise`, which recognises the factors and
  makes it `hag.aggregate sum ... normalization(symmetric)` (over the
  edges' graph, sorted into CSR by the plan runtime, for `computed`): hag's
  plain kernel;
- `raised+hag`: the raised module run by `hag-run --hag` (a forced
  hag-eliminate-redundancy with the pass's defaults: the CPU's tiled plan of
  nodes of up to 8 inputs, threshold 3; searched at run time for
  `computed`).

Each is one `hag-run --module` process per run, checked against the double
reference of GCN's propagation on the same graph; the processes of the
three alternate, --runs times per graph, form and width, so a busy minute
touches all alike. The tables give each median call and `written`'s median
over the others'. Writes a Markdown page with the command, the machine and
the date (docs/RaisedGcnBenchmark.md by default). Standard library only.
"""
import os
import re
import shlex
import statistics
import struct
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from search_bench import (DATASETS, kernel_bench_arguments,  # noqa: E402
                          report_header, write_report)

VARIANTS = ("written", "raised", "raised+hag")
FORMS = {
    "matrix": "The constant normalized adjacency times the features "
              "(`linalg.matmul`, the sparsifier's form)",
    "computed": "GCNConv over edges given at run time: the factors computed "
                "in the program, the scaled messages scatter-added",
}


def f32(value):
    return struct.unpack("<f", struct.pack("<f", value))[0]


def read_edges(bin_dir, path, work):
    """The graph as hag reads it (hag-graph's edge list: `u v`, v aggregates
    u), and its node count."""
    edges_path = os.path.join(work, "graph.el")
    subprocess.run([os.path.join(bin_dir, "hag-graph"), path, "-o", edges_path],
                   check=True, capture_output=True)
    nodes, edges = None, []
    with open(edges_path) as f:
        for line in f:
            if line.startswith("# nodes"):
                nodes = int(line.split()[2])
            elif line.strip() and not line.startswith("#"):
                u, v = line.split()[:2]
                edges.append((int(u), int(v)))
    if nodes is None:
        nodes = 1 + max(max(u, v) for u, v in edges)
    return nodes, edges


CSR_ENCODING = ("#CSR = #sparse_tensor.encoding<{ map = (i, j) -> "
                "(i : dense, j : compressed) }>")


def normalized_entries(nodes, edges, normalization, self_loops):
    """The stored entries ("[v, u]", sorted) and values (f32, as PyG
    computes them: deg^-0.5 rounded, then the product; or 1/deg) of the
    adjacency of `edges` (u, v: v aggregates u) normalized `symmetric` or
    `row`, deg a node's input count, with a self-loop per node if asked."""
    rows = [[] for _ in range(nodes)]
    for u, v in edges:
        rows[v].append(u)
    if self_loops:
        for v in range(nodes):
            rows[v].append(v)
    degree = [len(r) for r in rows]
    inverse_root = [f32(x ** -0.5) if x else 0.0 for x in degree]
    entries, values = [], []
    for v in range(nodes):
        for u in sorted(rows[v]):
            entries.append("[%d, %d]" % (v, u))
            weight = (f32(inverse_root[v] * inverse_root[u])
                      if normalization == "symmetric" else f32(1.0 / degree[v]))
            values.append(repr(weight))
    return entries, values


def adjacency_product(n, d, entries, values):
    """The ops of %y = A %x into zeros, A the constant n x n CSR matrix of
    `entries` and `values`, %x and %y n x d f32 tensors."""
    return f"""  %a = arith.constant sparse<[{', '.join(entries)}],
                             [{', '.join(values)}]> : tensor<{n}x{n}xf32>
  %adj = sparse_tensor.convert %a : tensor<{n}x{n}xf32> to tensor<{n}x{n}xf32, #CSR>
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<{n}x{d}xf32>
  %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<{n}x{d}xf32>) -> tensor<{n}x{d}xf32>
  %y = linalg.matmul ins(%adj, %x : tensor<{n}x{n}xf32, #CSR>, tensor<{n}x{d}xf32>)
                     outs(%init : tensor<{n}x{d}xf32>) -> tensor<{n}x{d}xf32>
"""



def computed_weights(n, e, normalization, index_type):
    """The ops computing %w (tensor<e x f32>), the per-edge factors of
    `normalization` (symmetric or row), from the edge arrays %src and %dst
    (tensor<e x index_type>) in the program, as PyG's gcn_norm does, in
    upstream ops: the in-degree by a scatter-add of ones over dst (an edge
    loop), deg^-0.5 with inf masked to 0 (symmetric) or 1/deg (row) by an
    element-wise linalg.generic, and w[e] = s[src[e]] * s[dst[e]] (or
    s[dst[e]]) by an indexing linalg.generic."""
    it = index_type
    if normalization == "symmetric":
        node_body = """    %mhalf = arith.constant -0.5 : f32
    %p = math.powf %dv, %mhalf : f32
    %inf = arith.constant 0x7F800000 : f32
    %isinf = arith.cmpf oeq, %p, %inf : f32
    %zero_s = arith.constant 0.0 : f32
    %r = arith.select %isinf, %zero_s, %p : f32"""
        edge_ins = f"ins(%src, %dst : tensor<{e}x{it}>, tensor<{e}x{it}>)"
        edge_args = f"%sv: {it}, %tv: {it}, %o: f32"
        num_maps = 3
        edge_body = f"""    %u = arith.index_cast %sv : {it} to index
    %v = arith.index_cast %tv : {it} to index
    %a = tensor.extract %dis[%u] : tensor<{n}xf32>
    %b = tensor.extract %dis[%v] : tensor<{n}xf32>
    %p = arith.mulf %a, %b : f32"""
    else:
        node_body = """    %one_r = arith.constant 1.0 : f32
    %r = arith.divf %one_r, %dv : f32"""
        edge_ins = f"ins(%dst : tensor<{e}x{it}>)"
        edge_args = f"%tv: {it}, %o: f32"
        num_maps = 2
        edge_body = f"""    %v = arith.index_cast %tv : {it} to index
    %p = tensor.extract %dis[%v] : tensor<{n}xf32>"""
    maps = ", ".join(["affine_map<(i) -> (i)>"] * num_maps)
    return f"""
  // The in-degree: a scatter-add of ones over dst.
  %zero_d = arith.constant 0.0 : f32
  %one_d = arith.constant 1.0 : f32
  %c0_d = arith.constant 0 : index
  %c1_d = arith.constant 1 : index
  %cE_d = arith.constant {e} : index
  %empty_d = tensor.empty() : tensor<{n}xf32>
  %deg0 = linalg.fill ins(%zero_d : f32) outs(%empty_d : tensor<{n}xf32>) -> tensor<{n}xf32>
  %deg = scf.for %i = %c0_d to %cE_d step %c1_d iter_args(%dacc = %deg0) -> (tensor<{n}xf32>) {{
    %t = tensor.extract %dst[%i] : tensor<{e}x{it}>
    %v = arith.index_cast %t : {it} to index
    %old = tensor.extract %dacc[%v] : tensor<{n}xf32>
    %new = arith.addf %old, %one_d : f32
    %next = tensor.insert %new into %dacc[%v] : tensor<{n}xf32>
    scf.yield %next : tensor<{n}xf32>
  }}
  %empty_s = tensor.empty() : tensor<{n}xf32>
  %dis = linalg.generic {{indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>],
                         iterator_types = ["parallel"]}}
      ins(%deg : tensor<{n}xf32>) outs(%empty_s : tensor<{n}xf32>) {{
  ^bb0(%dv: f32, %o: f32):
{node_body}
    linalg.yield %r : f32
  }} -> tensor<{n}xf32>
  %empty_w = tensor.empty() : tensor<{e}xf32>
  %w = linalg.generic {{indexing_maps = [{maps}],
                       iterator_types = ["parallel"]}}
      {edge_ins} outs(%empty_w : tensor<{e}xf32>) {{
  ^bb0({edge_args}):
{edge_body}
    linalg.yield %p : f32
  }} -> tensor<{e}xf32>"""


def message_passing(n, e, d, index_type, weights=None):
    """The ops of %y: the rows x[src[e]] (an indexing linalg.generic, as
    frameworks lower index_select), scaled by %w[e] when `weights` (the ops
    defining %w, tensor<e x f32>) is given (PyG's `norm.view(-1, 1) *
    x[src]`, a broadcasting linalg.generic), scatter-added into zeros at
    dst[e] by an edge loop."""
    it = index_type
    messages = "%msgs"
    scaling = ""
    if weights is not None:
        messages = "%scaled"
        scaling = f"""{weights}
  %e_scaled = tensor.empty() : tensor<{e}x{d}xf32>
  %scaled = linalg.generic {{indexing_maps = [affine_map<(e, j) -> (e)>, affine_map<(e, j) -> (e, j)>, affine_map<(e, j) -> (e, j)>],
                            iterator_types = ["parallel", "parallel"]}}
      ins(%w, %msgs : tensor<{e}xf32>, tensor<{e}x{d}xf32>) outs(%e_scaled : tensor<{e}x{d}xf32>) {{
  ^bb0(%wv: f32, %mv: f32, %out: f32):
    %p = arith.mulf %wv, %mv : f32
    linalg.yield %p : f32
  }} -> tensor<{e}x{d}xf32>"""
    return f"""  %e_msgs = tensor.empty() : tensor<{e}x{d}xf32>
  %msgs = linalg.generic {{indexing_maps = [affine_map<(e, j) -> (e)>, affine_map<(e, j) -> (e, j)>],
                          iterator_types = ["parallel", "parallel"]}}
      ins(%src : tensor<{e}x{it}>) outs(%e_msgs : tensor<{e}x{d}xf32>) {{
  ^bb0(%s: {it}, %out: f32):
    %u = arith.index_cast %s : {it} to index
    %j = linalg.index 1 : index
    %val = tensor.extract %x[%u, %j] : tensor<{n}x{d}xf32>
    linalg.yield %val : f32
  }} -> tensor<{e}x{d}xf32>{scaling}
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %cE = arith.constant {e} : index
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<{n}x{d}xf32>
  %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<{n}x{d}xf32>) -> tensor<{n}x{d}xf32>
  %y = scf.for %i = %c0 to %cE step %c1 iter_args(%acc = %init) -> (tensor<{n}x{d}xf32>) {{
    %t = tensor.extract %dst[%i] : tensor<{e}x{it}>
    %v = arith.index_cast %t : {it} to index
    %msg = tensor.extract_slice {messages}[%i, 0] [1, {d}] [1, 1] : tensor<{e}x{d}xf32> to tensor<{d}xf32>
    %old = tensor.extract_slice %acc[%v, 0] [1, {d}] [1, 1] : tensor<{n}x{d}xf32> to tensor<{d}xf32>
    %new = arith.addf %old, %msg : tensor<{d}xf32>
    %next = tensor.insert_slice %new into %acc[%v, 0] [1, {d}] [1, 1] : tensor<{d}xf32> into tensor<{n}x{d}xf32>
    scf.yield %next : tensor<{n}x{d}xf32>
  }}
"""


def computed_gcn_module(nodes, num_edges, d):
    """@gcn(src, dst, x, y), GCNConv's aggregation over edges given at run
    time (hag-run --entry-args=edges): self-loop edges appended (PyG's
    add_remaining_self_loops on a graph without any), the factors computed
    from the edges (computed_weights), then the scaled message passing."""
    n, e = nodes, num_edges + nodes
    return f"""func.func @gcn(%srcm: memref<{num_edges}xi64>, %dstm: memref<{num_edges}xi64>,
               %xm: memref<{n}x{d}xf32>, %ym: memref<{n}x{d}xf32>) attributes {{llvm.emit_c_interface}} {{
  %src0 = bufferization.to_tensor %srcm restrict : memref<{num_edges}xi64> to tensor<{num_edges}xi64>
  %dst0 = bufferization.to_tensor %dstm restrict : memref<{num_edges}xi64> to tensor<{num_edges}xi64>
  %x = bufferization.to_tensor %xm restrict : memref<{n}x{d}xf32> to tensor<{n}x{d}xf32>
  // Self-loop edges v -> v, appended to both arrays.
  %empty_l = tensor.empty() : tensor<{n}xi64>
  %loops = linalg.generic {{indexing_maps = [affine_map<(i) -> (i)>], iterator_types = ["parallel"]}}
      outs(%empty_l : tensor<{n}xi64>) {{
  ^bb0(%o: i64):
    %i = linalg.index 0 : index
    %v = arith.index_cast %i : index to i64
    linalg.yield %v : i64
  }} -> tensor<{n}xi64>
  %src = tensor.concat dim(0) %src0, %loops : (tensor<{num_edges}xi64>, tensor<{n}xi64>) -> tensor<{e}xi64>
  %dst = tensor.concat dim(0) %dst0, %loops : (tensor<{num_edges}xi64>, tensor<{n}xi64>) -> tensor<{e}xi64>
{message_passing(n, e, d, "i64", computed_weights(n, e, "symmetric", "i64"))}  bufferization.materialize_in_destination %y in restrict writable %ym
      : (tensor<{n}x{d}xf32>, memref<{n}x{d}xf32>) -> ()
  return
}}
"""

def gcn_module(nodes, edges, d):
    """@gcn(x, y): y = the normalized adjacency (self-loops added) times x."""
    entries, values = normalized_entries(nodes, edges, "symmetric", True)
    n = nodes
    return f"""{CSR_ENCODING}
func.func @gcn(%xm: memref<{n}x{d}xf32>, %ym: memref<{n}x{d}xf32>) attributes {{llvm.emit_c_interface}} {{
  %x = bufferization.to_tensor %xm restrict : memref<{n}x{d}xf32> to tensor<{n}x{d}xf32>
{adjacency_product(n, d, entries, values)}  bufferization.materialize_in_destination %y in restrict writable %ym
      : (tensor<{n}x{d}xf32>, memref<{n}x{d}xf32>) -> ()
  return
}}
"""


def call_ms(bin_dir, a, path, module, variant, d, form):
    """One hag-run process's median call and its check."""
    command = [os.path.join(bin_dir, "hag-run"), path, "--module=" + module,
               "--entry=gcn", "--d=%d" % d, "--normalization=symmetric",
               "--self-loops", "--repeat=%d" % a.repeat, "--check"]
    if form == "computed":
        command.append("--entry-args=edges")
    if variant == "raised+hag":
        command.append("--hag")
    run = subprocess.run(command, capture_output=True, text=True)
    check = re.search(r"^check .*: (\w+)$", run.stdout, re.M)
    time = re.search(r"^run\s+([0-9.]+) ms", run.stdout, re.M)
    if run.returncode != 0 or not check or check.group(1) != "ok" or not time:
        raise SystemExit("%s (%s, d=%d) failed:\n%s%s" % (
            path, variant, d, run.stdout, run.stderr))
    return float(time.group(1))


def main():
    p, root = kernel_bench_arguments(__doc__.split("\n")[0], repeat=50)
    p.add_argument("--graphs", default="Cora;BZR_MD;IMDB-MULTI")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--forms", default="matrix,computed",
                   help="matrix: the constant normalized adjacency; computed: "
                   "GCNConv's factors computed from edges given at run time")
    p.add_argument("--out", default=os.path.join(root, "docs/RaisedGcnBenchmark.md"))
    p.set_defaults(widths="16,64")
    a = p.parse_args()
    paths = {name: os.path.join(a.datasets, rel) for name, rel, _ in DATASETS}
    names = [g for g in a.graphs.split(";") if g]
    for g in names:
        if g not in paths:
            raise SystemExit("raised_gcn_bench.py: unknown graph %r (one of %s)"
                             % (g, ", ".join(paths)))
    widths = [int(w) for w in a.widths.split(",")]
    forms = [f for f in a.forms.split(",") if f]
    for form in forms:
        if form not in FORMS:
            raise SystemExit("raised_gcn_bench.py: unknown form %r (one of %s)"
                             % (form, ", ".join(FORMS)))
    rows = {form: [] for form in forms}
    with tempfile.TemporaryDirectory() as work:
        for g in names:
            nodes, edges = read_edges(a.bin, paths[g], work)
            for form in forms:
                for d in widths:
                    written = os.path.join(work, "%s-%s-%d.mlir" % (g, form, d))
                    with open(written, "w") as f:
                        f.write(gcn_module(nodes, edges, d) if form == "matrix"
                                else computed_gcn_module(nodes, len(edges), d))
                    raised = os.path.join(work,
                                          "%s-%s-%d-raised.mlir" % (g, form, d))
                    subprocess.run([os.path.join(a.bin, "hag-opt"), written,
                                    "-hag-raise", "-o", raised], check=True)
                    with open(raised) as f:
                        if "normalization(symmetric)" not in f.read():
                            raise SystemExit(
                                "%s: -hag-raise did not recognise the %s "
                                "normalization" % (g, form))
                    modules = {"written": written, "raised": raised,
                               "raised+hag": raised}
                    times = {v: [] for v in VARIANTS}
                    for _ in range(a.runs):
                        for v in VARIANTS:
                            times[v].append(call_ms(a.bin, a, paths[g],
                                                    modules[v], v, d, form))
                    medians = {v: statistics.median(times[v]) for v in VARIANTS}
                    rows[form].append((g, d, len(edges) + nodes, medians))
                    print("%s %s d=%d: %s" % (g, form, d, ", ".join(
                        "%s %.3f ms" % (v, medians[v]) for v in VARIANTS)),
                        file=sys.stderr)
    command = "python3 bench/raised_gcn_bench.py " + " ".join(
        shlex.quote(arg) for arg in sys.argv[1:])
    lines = report_header(
        "A GCN layer exported with its normalized adjacency: as written, "
        "raised, raised through a HAG", command,
        ["`hag-run --module` processes, each the median of %d calls after a "
         "warm-up call, every result checked against the double reference "
         "(GCN's propagation with self-loops); the three variants' processes "
         "alternate, %d runs each; the table gives the median over runs"
         % (a.repeat, a.runs),
         "written: the module compiled by hag-lower-to-cpu as it is (the "
         "matrix form's linalg.matmul through upstream's sparsifier; the "
         "computed form's degree loop, generics and scatter-add loop); "
         "raised: `hag-opt -hag-raise` first (hag.aggregate sum "
         "normalization(symmetric), hag's plain kernel; over "
         "hag.graph_from_edges for the computed form, whose edges the plan "
         "runtime sorts into CSR once and recognises in later calls); "
         "raised+hag: the raised module with `hag-run --hag` (the pass's "
         "tiled plan, nodes of up to 8 inputs, threshold 3, forced; for the "
         "computed form a plan the plan runtime searches in the first call "
         "and keeps)",
         "entries: the adjacency's stored entries, or the edges with their "
         "self-loops (the computed form's E)"])
    for form in forms:
        if lines[-1]:
            lines.append("")
        lines += ["### " + FORMS[form], "",
                  "| graph | d | entries | written ms | raised ms | raised+hag ms "
                  "| written / raised | written / raised+hag |",
                  "|---|---|---|---|---|---|---|---|"]
        for g, d, entries, m in rows[form]:
            lines.append("| %s | %d | %d | %.3f | %.3f | %.3f | %.2fx | %.2fx |"
                         % (g, d, entries, m["written"], m["raised"],
                            m["raised+hag"], m["written"] / m["raised"],
                            m["written"] / m["raised+hag"]))
    write_report(lines, a.out)


if __name__ == "__main__":
    main()
