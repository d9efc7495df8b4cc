#!/usr/bin/env python3
"""Two builds of hag's CPU kernels compared: the HAG speed-up over plain
before and after a change to the kernels or the search.

For each graph, run, and build in turn, one `hag-bench --kernels=plain,hag
--json` process times plain and hag in interleaved rounds at every width
(the plan searched by that build's own hag-search, with the options given);
the two builds alternate, which of them goes first changing with each run,
so a busy minute of a shared host touches both alike. The table gives, for
each graph and width, plain's time over hag's in the same process: the
median over the runs and, in brackets, their range, before and after, and
the median of the per-run ratio after/before (runs paired by their order).
Every output must match hag-bench's double-precision reference (max
relative error at most 1e-5), or the script stops and names it. Writes a Markdown page with the command, the machine and the
date (docs/CpuBeforeAfter.md by default). Standard library only.

--before is the bin directory of the other build, e.g. of an earlier
commit: `git worktree add /tmp/before COMMIT`, configured as
scripts/build.sh does and built (`ninja -C build hag-bench`).
"""
import os
import shlex
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from runtime_plan_bench import build_commit  # noqa: E402
from search_bench import (DATASETS, add_plan_search_arguments,  # noqa: E402
                          kernel_bench_arguments, plain_over_hag,
                          report_header, write_report)


def main():
    p, root = kernel_bench_arguments(__doc__, repeat=100)
    p.set_defaults(widths="16,64,128,256,512")
    p.add_argument("--before", required=True,
                   help="bin directory of the build to compare with")
    p.add_argument("--graphs", default="BZR_MD;IMDB-MULTI",
                   help="names from the dataset list, separated by ';'")
    p.add_argument("--runs", type=int, default=8)
    p.add_argument("--reduce", default="sum")
    add_plan_search_arguments(p)
    p.add_argument("--out", default=None,
                   help="the page to write (default docs/CpuBeforeAfter.md)")
    a = p.parse_args()
    command = "python3 bench/cpu_before_after.py " + " ".join(
        shlex.quote(x) for x in sys.argv[1:])
    if a.out is None:
        a.out = os.path.join(root, "docs/CpuBeforeAfter.md")
    if a.runs < 1 or a.repeat < 1:
        raise SystemExit("--runs and --repeat must be at least 1")
    try:
        widths = [int(x) for x in a.widths.split(",")]
    except ValueError:
        raise SystemExit("--widths must be integers separated by ',', not "
                         "'%s'" % a.widths)
    try:
        max_inputs, threshold = int(a.max_inputs), int(a.threshold)
    except ValueError:
        raise SystemExit("--max-inputs and --threshold must be integers, not "
                         "'%s' and '%s'" % (a.max_inputs, a.threshold))
    paths = {name: os.path.join(a.datasets, rel) for name, rel, _ in DATASETS}
    graphs = [g for g in a.graphs.split(";") if g]
    for g in graphs:
        if g not in paths:
            raise SystemExit("unknown graph '%s' (%s)" % (g, ", ".join(paths)))
    for b in (a.before, a.bin):
        if not os.access(os.path.join(b, "hag-bench"), os.X_OK):
            raise SystemExit("no hag-bench in '%s'" % b)

    builds = [a.before, a.bin]
    measured = {(b, g): [] for b in builds for g in graphs}
    for run in range(a.runs):
        for g in graphs:
            for b in builds if run % 2 == 0 else builds[::-1]:
                measured[(b, g)].append(plain_over_hag(
                    a, paths[g], a.capacity, max_inputs, threshold, widths,
                    bin_dir=b, reduce=a.reduce))
        print("run %d of %d done" % (run + 1, a.runs), file=sys.stderr)

    lines = report_header("CPU kernels, two builds compared", command, [
        "Before: `%s` (commit %s); after: `%s` (commit %s). Each run is one "
        "`hag-bench --kernels=plain,hag --repeat=%d --json` process of each "
        "build per graph, the two alternating (which goes first changes "
        "every run); reduce %s; plans searched by each build with capacity "
        "%s, threshold %s, nodes of up to %s inputs, tiles of %d nodes; "
        "every output checked against the double-precision reference (max "
        "relative error at most 1e-5)." % (
            a.before, build_commit(a.before), a.bin, build_commit(a.bin),
            a.repeat, a.reduce, a.capacity, a.threshold, a.max_inputs,
            a.tile_nodes),
        "Each cell: plain's time over hag's in the same process, the median "
        "over %d runs and, in brackets, their range; after/before: the "
        "median of the runs' ratios, paired in order." % a.runs])
    lines += ["| graph | d | before | after | after/before |",
              "|---|---|---|---|---|"]
    for g in graphs:
        for d in widths:
            cells = []
            series = []
            for b in builds:
                r = [x[d] for x in measured[(b, g)]]
                series.append(r)
                cells.append("%.2fx (%.2f–%.2f)" % (
                    statistics.median(r), min(r), max(r)))
            change = statistics.median(
                after / before for before, after in zip(*series))
            lines.append("| %s | %d | %s | %.3f |" % (
                g, d, " | ".join(cells), change))
    write_report(lines, a.out)


if __name__ == "__main__":
    main()
