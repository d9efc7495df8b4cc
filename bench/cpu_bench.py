#!/usr/bin/env python3
"""hag's CPU kernels against the CPU peers on every real graph.

Runs hag-bench once per graph for the kernels on LLVM's OpenMP runtime
(copy, plain, hag and the sparsifier: timed in interleaved rounds in one
process, so their ratios are measured side by side), and once per graph for
each other kernel in a process of its own: Eigen and GraphBLAS run on
libgomp, whose threads would compete with ours for the cores, and
hag-levels's buffer of every aggregation row would crowd the others out of
the cache. It collects medians and writes a table with the ratios the issue
asks for: plain against the fastest peer, the HAG speed-up against the edge-read
reduction of the plan it ran (from hag-search with the same options), and
every kernel against the bandwidth floor (`copy`: the features read once,
every result row written once). Generated graphs (--generate) join the real
ones. Standard library only.
"""
import json
import os
import shlex
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from search_bench import (DATASETS, add_plan_search_arguments,  # noqa: E402
                          kernel_bench_arguments, report_header, write_report)

# Kernels that are ours; everything else in --kernels is a peer.
OURS = ("copy", "plain", "hag", "hag-levels")
# Kernels timed together, interleaved in one process (see the docstring).
INTERLEAVED = ("copy", "plain", "hag", "sparsifier")


def edge_read_reduction(a, graph_args, tile_nodes):
    stats = json.loads(subprocess.run(
        [os.path.join(a.bin, "hag-search")] + graph_args +
        ["--stats=json", "--quiet", "--capacity=" + a.capacity,
         "--threshold=" + a.threshold, "--max-inputs=" + a.max_inputs,
         "--tile-nodes=%d" % tile_nodes],
        check=True, capture_output=True, text=True).stdout)
    return stats["edge_read_reduction"]


def main():
    p, root = kernel_bench_arguments(__doc__, repeat=30)
    p.add_argument("--reduce", default="sum")
    p.add_argument("--kernels", default="copy,plain,hag,hag-levels,eigen")
    add_plan_search_arguments(p)
    p.add_argument("--generate", default="ego:nodes=100k,groups=20k,seed=1",
                   help="generator specs of extra graphs, separated by ';' ('' for none)")
    p.add_argument("--generated-skip", default="hag-levels",
                   help="kernels not run on generated graphs (the whole-graph "
                        "plan's buffer of all aggregation rows does not fit)")
    p.add_argument("--only", default="", help="graph names or specs to run, separated by ';'")
    p.add_argument("--out", default=os.path.join(root, "docs/CpuBenchmark.md"))
    a = p.parse_args()
    command = "python3 bench/cpu_bench.py " + " ".join(shlex.quote(x) for x in sys.argv[1:])
    kernels = a.kernels.split(",")
    peers = [k for k in kernels if k not in OURS]
    lines = report_header("CPU kernels against the CPU peers", command, [
        "`hag-bench` medians of %d rounds after a warm-up: copy, plain, hag "
        "and sparsifier interleaved in one process, hag-levels, eigen and "
        "graphblas each in a process of its own; features and results on "
        "2 MB pages; "
        "reduce %s; HAG searched with capacity %s, threshold %s, nodes of up "
        "to %s inputs; `hag` runs the "
        "tiled plan (tiles of %d nodes), `hag-levels` the whole-graph plan level "
        "by level; every output checked against the double-precision reference "
        "(max relative error)." % (a.repeat, a.reduce, a.capacity, a.threshold,
                                   a.max_inputs, a.tile_nodes),
        "plain/peer: fastest peer's time over plain's (>= 1: plain as fast or "
        "faster). x floor: time over `copy`'s (the features read once and the "
        "result written once, the least any kernel moves). speed-up/reduction: "
        "plain over hag, divided by the edge-read reduction of hag's plan "
        "(issue 5 target: >= 0.8 on BZR_MD and IMDB-MULTI)."])
    lines += ["| graph | d | copy ms | plain ms | hag ms | hag-levels ms | %s | plain/peer | plain x floor | hag x floor | hag speed-up | edge-read reduction | speed-up/reduction | max error |" %
              " | ".join(k + " ms" for k in peers),
              "|---|---|---|---|---|---|%s---|---|---|---|---|---|---|" % ("---|" * len(peers))]
    graphs = [(name, ["--graph=" + os.path.join(a.datasets, rel)],
               [os.path.join(a.datasets, rel)], os.path.join(a.datasets, rel))
              for name, rel, _ in DATASETS]
    graphs += [(spec, ["--generate=" + spec], ["--generate=" + spec], None)
               for spec in a.generate.split(";") if spec]
    only = set(x for x in a.only.split(";") if x)
    for name, bench_args, search_args, path in graphs:
        if path and not os.path.exists(path):
            continue
        if only and name not in only:
            continue
        reduction = edge_read_reduction(a, search_args, a.tile_nodes)
        times, worst = {}, 0.0
        skip = set(a.generated_skip.split(",")) if path is None else set()
        together = [k for k in kernels if k in INTERLEAVED and k not in skip]
        groups = ([together] if together else []) + [
            [k] for k in kernels if k not in INTERLEAVED and k not in skip]
        for group in groups:
            run = subprocess.run(
                [os.path.join(a.bin, "hag-bench")] + bench_args +
                ["--d=" + a.widths, "--reduce=" + a.reduce,
                 "--kernels=" + ",".join(group),
                 "--json", "--repeat=%d" % a.repeat] + (
                     # hag-bench refuses search options no kernel uses.
                     ["--capacity=" + a.capacity, "--threshold=" + a.threshold,
                      "--max-inputs=" + a.max_inputs,
                      "--tile-nodes=%d" % a.tile_nodes]
                     if any(k.startswith("hag") for k in group) else []),
                capture_output=True, text=True)
            if run.returncode != 0:
                # One kernel failing (a peer out of memory, say) must not
                # lose the rest of the table; the log says why.
                print("%s %s failed: %s" % (name, ",".join(group),
                                            run.stderr.strip()[-300:]),
                      file=sys.stderr)
                continue
            for line in run.stdout.splitlines():
                r = json.loads(line)
                times[(r["kernel"], r["d"])] = r["median_ms"]
                if r["max_rel_error"] is not None:
                    worst = max(worst, r["max_rel_error"])

        def cell(kernel, d):
            t = times.get((kernel, d))
            return "%.3f" % t if t is not None else "-"

        for d in [int(x) for x in a.widths.split(",")]:
            copy, plain = times.get(("copy", d)), times.get(("plain", d))
            hag = times.get(("hag", d))
            peer_times = [times.get((k, d)) for k in peers]
            fastest = min([t for t in peer_times if t is not None], default=None)
            ratio = "%.2f" % (fastest / plain) if fastest and plain else "-"
            speedup = plain / hag if plain and hag else None
            lines.append("| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %.2fx | %s | %.1g |" % (
                name, d, cell("copy", d), cell("plain", d), cell("hag", d),
                cell("hag-levels", d), " | ".join(cell(k, d) for k in peers), ratio,
                "%.2f" % (plain / copy) if plain and copy else "-",
                "%.2f" % (hag / copy) if hag and copy else "-",
                "%.2fx" % speedup if speedup else "-", reduction,
                "%.2f" % (speedup / reduction) if speedup else "-", worst))
        print("done", name, file=sys.stderr)
    write_report(lines, a.out)


if __name__ == "__main__":
    main()
