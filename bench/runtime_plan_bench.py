#!/usr/bin/env python3
"""Plans built at run time against the plain aggregation, per call: for each
graph and feature width, `hag-run` runs every entry of bench/runtime-plan.mlir
(the graph passed as CSR buffers, the width dynamic) --repeat times and
reports the median call, checked against the double reference. Entries:
plain (no plan), levels (a whole-graph plan of pairs, run level by level),
tiled (pairs in 32-node tiles), wide (tiles of nodes of up to 8 inputs,
threshold 3: the CPU's compile-time default shape), chosen (the wide plan
where the cost model predicts it faster at the width, else its plain
counterpart: hag.build_plan plain_if_slower, what runtime-graphs=plan
emits). Each run of the table
takes every entry once per graph and width, and --runs runs are
interleaved, so a busy minute of a shared host touches all entries; the table
gives the median over runs, and plain's time over each plan's. The plan
runtime searches on the first call of each process and looks the graph up on
every later one, so the medians are the per-call cost of a kept plan: the
lookup, the copies of the plan arrays and the kernel. Writes a Markdown page
with the command, the machine and the date (docs/RuntimePlanBenchmark.md by
default). Standard library only.
"""
import os
import re
import shlex
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from search_bench import (DATASETS, kernel_bench_arguments,  # noqa: E402
                          report_header, write_report)

ENTRIES = ("plain", "levels", "tiled", "wide", "chosen")


def call_ms(a, module, path, entry, d):
    """The median call of one hag-run process, which must check out."""
    run = subprocess.run(
        [os.path.join(a.bin, "hag-run"), path, "--module=" + module,
         "--entry=" + entry, "--entry-args=graph", "--d=%d" % d,
         "--repeat=%d" % a.repeat, "--check"],
        capture_output=True, text=True)
    if run.returncode != 0 or "check" not in run.stdout or \
            not run.stdout.rstrip().endswith("ok"):
        raise SystemExit("%s @%s at d=%d failed:\n%s%s" % (
            path, entry, d, run.stdout, run.stderr))
    match = re.search(r"^run\s+([0-9.]+) ms", run.stdout, re.M)
    if not match:
        raise SystemExit("no time in hag-run's output:\n" + run.stdout)
    return float(match.group(1))


def main():
    p, root = kernel_bench_arguments(__doc__, repeat=300)
    p.add_argument("--graphs", default="BZR_MD;IMDB-MULTI",
                   help="names from the dataset list, separated by ';'")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--entries", default=",".join(ENTRIES),
                   help="entries of the module to time, plain first, "
                        "separated by ','")
    p.add_argument("--module", default=os.path.join(root, "bench/runtime-plan.mlir"))
    p.add_argument("--out", default=os.path.join(root, "docs/RuntimePlanBenchmark.md"))
    a = p.parse_args()
    command = "python3 bench/runtime_plan_bench.py " + " ".join(
        shlex.quote(x) for x in sys.argv[1:])
    widths = [int(x) for x in a.widths.split(",")]
    paths = {name: os.path.join(a.datasets, rel) for name, rel, _ in DATASETS}
    graphs = [g for g in a.graphs.split(";") if g]
    entries = [e for e in a.entries.split(",") if e]
    if not entries or entries[0] != "plain":
        raise SystemExit("--entries must start with plain (the baseline)")
    for g in graphs:
        if g not in paths:
            raise SystemExit("unknown graph '%s' (%s)" % (g, ", ".join(paths)))

    measured = {(g, d, e): [] for g in graphs for d in widths for e in entries}
    for run in range(a.runs):
        for g in graphs:
            for d in widths:
                for e in entries:
                    measured[(g, d, e)].append(call_ms(a, a.module, paths[g], e, d))
        print("run %d of %d done" % (run + 1, a.runs), file=sys.stderr)

    lines = report_header("Run-time plans against plain, per call", command, [
        "Entries of `bench/runtime-plan.mlir`, each given the graph as CSR "
        "buffers at a dynamic feature width: `plain` (no plan), `levels` "
        "(whole-graph plan of pairs, threshold 2), `tiled` (pairs in 32-node "
        "tiles, threshold 2), `wide` (32-node tiles, nodes of up to 8 "
        "inputs, threshold 3), `chosen` (the `wide` plan with "
        "`plain_if_slower`: its plain counterpart where the cost model "
        "does not predict it 5% faster at the width). Reduce sum.",
        "Each cell: the median over %d interleaved runs of the median call "
        "of one `hag-run --entry-args=graph --repeat=%d --check` process "
        "(every run checked against the double reference); in brackets "
        "plain's time over the entry's." % (a.runs, a.repeat)])
    lines += ["| graph | d | %s |" % " | ".join(entries),
              "|---|---|%s" % ("---|" * len(entries))]
    for g in graphs:
        for d in widths:
            ms = {e: statistics.median(measured[(g, d, e)]) for e in entries}
            cells = ["%.3f ms" % ms["plain"]] + [
                "%.3f ms (%.2fx)" % (ms[e], ms["plain"] / ms[e])
                for e in entries[1:]]
            lines.append("| %s | %d | %s |" % (g, d, " | ".join(cells)))
    write_report(lines, a.out)


if __name__ == "__main__":
    main()
