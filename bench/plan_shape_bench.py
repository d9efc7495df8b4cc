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
from search_bench import (parse_plans, plain_over_hag,  # noqa: E402
                          plan_bench_arguments, report_header, write_report)

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


def main():
    p, _ = plan_bench_arguments(__doc__, repeat=30, configs=DEFAULT_CONFIGS,
                                out="docs/PlanShapeBenchmark.md")
    p.set_defaults(widths="16,64,256")
    a = p.parse_args()
    command = "python3 bench/plan_shape_bench.py " + " ".join(
        shlex.quote(x) for x in sys.argv[1:])
    widths, configs, paths, graphs = parse_plans(a)

    stats = {(g, c): plan_stats(a, paths[g], *c) for g in graphs for c in configs}
    measured = {(g, c): [] for g in graphs for c in configs}
    for run in range(a.runs):
        for g in graphs:
            for c in configs:
                measured[(g, c)].append(plain_over_hag(a, paths[g], *c, widths))
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
