#!/usr/bin/env python3
"""A GCN layer's aggregation as frameworks export it, compiled three ways:
the product of a constant CSR adjacency whose values are GCN's symmetric
normalization D^-1/2 (A + I) D^-1/2 (f32 factors as PyG computes them:
deg^-0.5, then the product) with the features, `linalg.matmul` into zeros.

- `written`: the module as written; hag-lower-to-cpu compiles the product
  through upstream's sparsifier (hag-bufferize);
- `raised`: after `hag-opt -hag-raise`, which recognises the factors and
  makes it `hag.aggregate sum ... normalization(symmetric)`: hag's plain
  kernel;
- `raised+hag`: the raised module run by `hag-run --hag` (a forced
  hag-eliminate-redundancy with the pass's defaults: the CPU's tiled plan of
  nodes of up to 8 inputs, threshold 3).

Each is one `hag-run --module` process per run (the entry takes the feature
and result buffers), checked against the double reference of GCN's
propagation on the same graph; the processes of the three alternate, --runs
times per graph and width, so a busy minute touches all alike. The table
gives each median call and `written`'s median over the others'. Writes a
Markdown page with the command, the machine and the date
(docs/RaisedGcnBenchmark.md by default). Standard library only.
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


def call_ms(bin_dir, a, path, module, variant, d):
    """One hag-run process's median call and its check."""
    command = [os.path.join(bin_dir, "hag-run"), path, "--module=" + module,
               "--entry=gcn", "--d=%d" % d, "--normalization=symmetric",
               "--self-loops", "--repeat=%d" % a.repeat, "--check"]
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
    rows = []
    with tempfile.TemporaryDirectory() as work:
        for g in names:
            nodes, edges = read_edges(a.bin, paths[g], work)
            for d in widths:
                written = os.path.join(work, "%s-%d.mlir" % (g, d))
                with open(written, "w") as f:
                    f.write(gcn_module(nodes, edges, d))
                raised = os.path.join(work, "%s-%d-raised.mlir" % (g, d))
                subprocess.run([os.path.join(a.bin, "hag-opt"), written,
                                "-hag-raise", "-o", raised], check=True)
                with open(raised) as f:
                    if "normalization(symmetric)" not in f.read():
                        raise SystemExit("%s: -hag-raise did not recognise the "
                                         "normalized adjacency" % g)
                modules = {"written": written, "raised": raised,
                           "raised+hag": raised}
                times = {v: [] for v in VARIANTS}
                for _ in range(a.runs):
                    for v in VARIANTS:
                        times[v].append(call_ms(a.bin, a, paths[g], modules[v],
                                                v, d))
                medians = {v: statistics.median(times[v]) for v in VARIANTS}
                rows.append((g, d, len(edges) + nodes, medians))
                print("%s d=%d: %s" % (g, d, ", ".join(
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
         "written: the linalg.matmul of the constant normalized CSR "
         "adjacency, compiled by hag-lower-to-cpu through upstream's "
         "sparsifier; raised: `hag-opt -hag-raise` first (hag.aggregate "
         "sum normalization(symmetric), hag's plain kernel); raised+hag: "
         "the raised module with `hag-run --hag` (the pass's tiled plan, "
         "nodes of up to 8 inputs, threshold 3, forced)",
         "entries: the adjacency's stored entries (edges and self-loops)"])
    lines += ["| graph | d | entries | written ms | raised ms | raised+hag ms "
              "| written / raised | written / raised+hag |",
              "|---|---|---|---|---|---|---|---|"]
    for g, d, entries, m in rows:
        lines.append("| %s | %d | %d | %.3f | %.3f | %.3f | %.2fx | %.2fx |" % (
            g, d, entries, m["written"], m["raised"], m["raised+hag"],
            m["written"] / m["raised"], m["written"] / m["raised+hag"]))
    write_report(lines, a.out)


if __name__ == "__main__":
    main()
