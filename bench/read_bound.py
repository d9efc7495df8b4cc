#!/usr/bin/env python3
"""How much of a HAG's edge-read reduction a CPU kernel could turn into
speed, on this machine: bench/read_bound.c (built here with cc for each
width) times plain, the HAG kernel's shape, the same with its aggregation
rows free, with every row free (its loops alone), in column passes, in
steps of 8 nodes, and the floor of any kernel making the HAG's count of
reads, each beside plain; the generated kernels (`hag-bench
--kernels=plain,hag`) run the same plan for comparison.

Each (graph, plan, width) runs --runs times, all of them interleaved, and the
table gives medians of plain's time over each kernel's, and that over the
plan's edge-read reduction. Writes a Markdown page with the command, the
machine and the date (docs/ReadBound.md by default). Standard library only.
"""
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from search_bench import (parse_plans, plain_over_hag,  # noqa: E402
                          plan_bench_arguments, report_header, write_report)

KERNELS = ("hag", "hag-reads", "hag-loops", "hag-passes", "hag-steps", "floor",
           "copy")
# (capacity, max inputs, threshold) per plan.
DEFAULT_CONFIGS = "unlimited,8,2;unlimited,8,3"


def build(here, work, width):
    binary = os.path.join(work, "read_bound%d" % width)
    subprocess.run(["cc", "-O3", "-march=native", "-falign-loops=64",
                    "-fopenmp", "-DD=%d" % width,
                    os.path.join(here, "read_bound.c"), "-o", binary, "-lm"],
                   check=True)
    return binary


def search(a, path, capacity, k, t, out):
    return json.loads(subprocess.run(
        [os.path.join(a.bin, "hag-search"), path, "--stats=json", "--quiet",
         "--capacity=" + capacity, "--max-inputs=%d" % k, "--threshold=%d" % t,
         "--tile-nodes=%d" % a.tile_nodes, "--emit=" + out],
        check=True, capture_output=True, text=True).stdout)


def bound_ratios(binary, hag_file, rounds):
    """plain over each kernel of read_bound, from one process."""
    out = subprocess.run([binary, hag_file, str(rounds)], check=True,
                         capture_output=True, text=True).stdout
    ratios = {}
    for line in out.splitlines():
        cells = line.split()
        if cells and cells[0] in KERNELS:
            ratios[cells[0]] = float(cells[4].rstrip("x"))
    missing = [k for k in KERNELS if k not in ratios]
    if missing:
        raise SystemExit("%s: no line for %s in:\n%s" % (binary, missing, out))
    return ratios


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p, _ = plan_bench_arguments(__doc__, repeat=100, configs=DEFAULT_CONFIGS,
                                out="docs/ReadBound.md")
    p.add_argument("--title",
                   default="What a HAG's read reduction can buy on the CPU",
                   help="the page's heading")
    a = p.parse_args()
    command = "python3 bench/read_bound.py " + " ".join(
        shlex.quote(x) for x in sys.argv[1:])
    widths, configs, paths, graphs = parse_plans(a)

    with tempfile.TemporaryDirectory() as work:
        binaries = {d: build(here, work, d) for d in widths}
        plans, stats = {}, {}
        for g in graphs:
            for i, c in enumerate(configs):
                plans[(g, c)] = os.path.join(work, "%s-%d.hag" % (g, i))
                stats[(g, c)] = search(a, paths[g], *c, plans[(g, c)])
        measured = {}
        for run in range(a.runs):
            for g in graphs:
                for c in configs:
                    for d in widths:
                        r = bound_ratios(binaries[d], plans[(g, c)], a.repeat)
                        r["generated"] = plain_over_hag(a, paths[g], *c,
                                                        [d])[d]
                        measured.setdefault((g, c, d), []).append(r)
            print("run %d of %d done" % (run + 1, a.runs), file=sys.stderr)

    lines = report_header(a.title,
                          command, [
        "Plans: `hag-search --tile-nodes=%d` with the capacity, max inputs "
        "K and threshold T of each row; reduction = its edge-read "
        "reduction." % a.tile_nodes,
        "Columns: plain's median time over the kernel's, each kernel timed "
        "in rounds alternating with plain (%d rounds), the median of %d "
        "runs, all runs interleaved; in brackets that ratio over the "
        "reduction. `generated`: our hag kernel (`hag-bench "
        "--kernels=plain,hag`; at 256 to 512 floats per row it runs each "
        "tile in steps of 4 nodes, in the search's numbering: "
        "docs/CpuPerformance.md, \"Steps\"); the others: "
        "`bench/read_bound.c`, built "
        "with `cc -O3 -march=native -falign-loops=64 -fopenmp`, its threads "
        "taking runs of parts of equal work as the generated kernels do. "
        "Reduce sum." % (a.repeat, a.runs),
        "`hag`: the generated kernel's shape in C, without steps (all of a "
        "tile's aggregation rows, then its nodes). `hag-reads`: the same "
        "loops and reads with the aggregation rows made free (every one it "
        "reads is one row kept in L1, none written). `hag-loops`: the same "
        "with every graph row it reads made free too. `hag-passes`: `hag` "
        "run in column passes of 64 floats per tile (d = 256: four), so a "
        "tile's row slices fit L1. `hag-steps`: `hag` with each tile's "
        "aggregation nodes numbered in the order its nodes first need them, "
        "its nodes run in steps of 8, each after the aggregation rows it "
        "needs that are not computed yet. `floor`: the HAG's "
        "count of reads at their cheapest (each node reads its own row, then "
        "its share of the reads from one row kept in L1, in plain's loops). "
        "`copy`: every row read and written once."])
    header = ["graph", "K", "T", "reduction", "d", "generated"] + list(KERNELS)
    lines += ["| %s |" % " | ".join(header),
              "|%s" % ("---|" * len(header))]
    for g in graphs:
        for c in configs:
            reduction = stats[(g, c)]["edge_read_reduction"]
            for d in widths:
                runs = measured[(g, c, d)]
                cells = []
                for k in ("generated",) + KERNELS:
                    ratio = statistics.median(r[k] for r in runs)
                    cells.append("%.2fx" % ratio if k == "copy" else
                                 "%.2fx (%.2f)" % (ratio, ratio / reduction))
                lines.append("| %s | %d | %d | %.2fx | %d | %s |" % (
                    g, c[1], c[2], reduction, d, " | ".join(cells)))
    write_report(lines, a.out)


if __name__ == "__main__":
    main()
