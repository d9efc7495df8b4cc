#!/usr/bin/env python3
"""How the shape of a HAG plan turns into CPU time: for each graph and each
search setting (capacity, --max-inputs K, --threshold T), the plan's
aggregation nodes and edge reads (hag-search), the rows it moves (reads plus
one write per aggregation node and per node), and plain's time over hag's,
measured in the same hag-bench process (interleaved rounds).

Every configuration runs --runs times, the runs of all configurations
interleaved (a quiet or busy minute of a shared machine then touches all of
them), and the table gives the median ratio per width. Writes a Markdown
page with the command, the machine and the date (docs/PlanShapeBenchmark.md
by default). Standard library only.
"""
import json
import os
import shlex
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from search_bench import (DATASETS, kernel_bench_arguments,  # noqa: E402
                          report_header, write_report)

# (capacity, max inputs, threshold) per row of the table.
DEFAULT_CONFIGS = ("unlimited,2,2;unlimited,4,2;unlimited,8,2;unlimited,8,3;"
                   "unlimited,8,4;0.5,8,2;0.25,8,2")


def plan_stats(a, path, capacity, k, t):
    stats = json.loads(subprocess.run(
        [os.path.join(a.bin, "hag-search"), path, "--stats=json", "--quiet",
         "--capacity=" + capacity, "--max-inputs=%d" % k, "--threshold=%d" % t,
         "--tile-nodes=%d" % a.tile_nodes],
        check=True, capture_output=True, text=True).stdout)
    return stats


def ratios(a, path, capacity, k, t):
    """plain over hag per width, from one hag-bench process."""
    run = subprocess.run(
        [os.path.join(a.bin, "hag-bench"), "--graph=" + path,
         "--d=" + a.widths, "--kernels=plain,hag", "--json",
         "--repeat=%d" % a.repeat, "--capacity=" + capacity,
         "--max-inputs=%d" % k, "--threshold=%d" % t,
         "--tile-nodes=%d" % a.tile_nodes],
        check=True, capture_output=True, text=True)
    times = {}
    for line in run.stdout.splitlines():
        r = json.loads(line)
        if r["max_rel_error"] is None or r["max_rel_error"] > 1e-5:
            raise SystemExit("%s: %s at d=%d is wrong (max rel error %s)" % (
                path, r["kernel"], r["d"], r["max_rel_error"]))
        times[(r["kernel"], r["d"])] = r["median_ms"]
    return {d: times[("plain", d)] / times[("hag", d)]
            for d in [int(x) for x in a.widths.split(",")]}


def main():
    p, root = kernel_bench_arguments(__doc__, repeat=30)
    p.set_defaults(widths="16,64,256")
    p.add_argument("--graphs", default="BZR_MD;IMDB-MULTI",
                   help="names from the dataset list, separated by ';'")
    p.add_argument("--configs", default=DEFAULT_CONFIGS,
                   help="capacity,max-inputs,threshold triples, separated by ';'")
    p.add_argument("--tile-nodes", type=int, default=32)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--out", default=os.path.join(root, "docs/PlanShapeBenchmark.md"))
    a = p.parse_args()
    command = "python3 bench/plan_shape_bench.py " + " ".join(
        shlex.quote(x) for x in sys.argv[1:])
    widths = [int(x) for x in a.widths.split(",")]
    configs = []
    for item in a.configs.split(";"):
        capacity, k, t = item.split(",")
        configs.append((capacity, int(k), int(t)))
    paths = {name: os.path.join(a.datasets, rel) for name, rel, _ in DATASETS}
    graphs = [g for g in a.graphs.split(";") if g]
    for g in graphs:
        if g not in paths:
            raise SystemExit("unknown graph '%s' (%s)" % (g, ", ".join(paths)))

    stats = {(g, c): plan_stats(a, paths[g], *c) for g in graphs for c in configs}
    measured = {(g, c): [] for g in graphs for c in configs}
    for run in range(a.runs):
        for g in graphs:
            for c in configs:
                measured[(g, c)].append(ratios(a, paths[g], *c))
        print("run %d of %d done" % (run + 1, a.runs), file=sys.stderr)

    lines = report_header("Plan shape against CPU time", command, [
        "Per graph and search setting: the tiled plan's aggregation nodes "
        "and edge reads (`hag-search --tile-nodes=%d --stats=json`); rows "
        "moved = reads + one row written per aggregation node and per node "
        "(plain: its edges + its nodes); model = plain's rows moved over "
        "the plan's." % a.tile_nodes,
        "Measured: plain's median over hag's in one `hag-bench "
        "--kernels=plain,hag --repeat=%d` process (interleaved rounds), "
        "the median of %d such runs, the runs of all rows interleaved. "
        "Reduce sum." % (a.repeat, a.runs)])
    lines += ["| graph | capacity | K | T | agg nodes | edge reads | reduction | "
              "rows moved | model | %s |" % " | ".join("d = %d" % d for d in widths),
              "|---|---|---|---|---|---|---|---|---|%s" % ("---|" * len(widths))]
    for g in graphs:
        for c in configs:
            s = stats[(g, c)]
            nodes, edges = s["nodes"], s["edges"]
            reads, aggs = s["edge_reads_after"], s["agg_nodes"]
            moved = reads + aggs + nodes
            cells = ["%.2fx" % statistics.median(r[d] for r in measured[(g, c)])
                     for d in widths]
            lines.append("| %s | %s | %d | %d | %d | %d | %.2fx | %d | %.2fx | %s |" % (
                g, c[0], c[1], c[2], aggs, reads, s["edge_read_reduction"],
                moved, (edges + nodes) / moved, " | ".join(cells)))
    write_report(lines, a.out)


if __name__ == "__main__":
    main()
