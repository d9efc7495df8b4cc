#!/usr/bin/env python3
"""Plans built at run time against the plain aggregation, per call: for each
graph and feature width, one `hag-run` process runs the entries of
bench/runtime-plan.mlir (the graph passed as CSR buffers, the width dynamic)
round by round, every entry once per round, --repeat rounds, and reports
each entry's median call, all checked against the double reference. Entries:
plain (no plan), levels (a whole-graph plan of pairs, run level by level),
tiled (pairs in 32-node tiles), wide (tiles of nodes of up to 8 inputs,
threshold 3: the CPU's compile-time default shape), chosen (the wide plan
where the cost model predicts it faster at the width, else its plain
counterpart: hag.build_plan plain_if_slower, what runtime-graphs=plan
emits). Rounds interleave the entries inside a process, and --runs
processes per graph and width are interleaved across graphs, so a busy
minute of a shared host touches all entries alike; the table gives plain's
time over each entry's, the median over runs of the ratio each process
measured. The plan runtime searches on the first call of each process and
looks the graph up on every later one, so the medians are the per-call cost
of a kept plan: the lookup and the kernel. Writes a Markdown page with the
command, the machine and the date (docs/RuntimePlanBenchmark.md by
default). Standard library only.

With --before=BIN (the bin directory of another build, e.g. of an earlier
commit: `git worktree add /tmp/before COMMIT`, configured and built as
scripts/build.sh does), every process is run once with that build's hag-run
and once with --bin's, alternating, and the table compares the two: for
each entry after plain, plain's time over the entry's in the same process,
median and range over the runs, before and after (--out
docs/RuntimePlanBeforeAfter.md by default then).
"""
import os
import re
import shlex
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from search_bench import (DATASETS, kernel_bench_arguments,  # noqa: E402
                          report_header, write_report)

ENTRIES = ("plain", "levels", "tiled", "wide", "chosen")


def call_ms(bin_dir, a, module, path, entries, d):
    """Each entry's median call in one hag-run process of the build in
    `bin_dir` (rounds interleaved), every entry checked."""
    run = subprocess.run(
        [os.path.join(bin_dir, "hag-run"), path, "--module=" + module,
         "--entry=" + ",".join(entries), "--entry-args=graph", "--d=%d" % d,
         "--repeat=%d" % a.repeat, "--check"],
        capture_output=True, text=True)
    checks = re.findall(r"^check .*: (\w+)$", run.stdout, re.M)
    if run.returncode != 0 or len(checks) != len(entries) or \
            any(c != "ok" for c in checks):
        raise SystemExit("%s at d=%d failed:\n%s%s" % (
            path, d, run.stdout, run.stderr))
    ms = {}
    for e in entries:
        pattern = r"^run\s+%s([0-9.]+) ms" % (
            re.escape("@" + e + " ") if len(entries) > 1 else "")
        match = re.search(pattern, run.stdout, re.M)
        if not match:
            raise SystemExit("no time for @%s in hag-run's output:\n%s" % (
                e, run.stdout))
        ms[e] = float(match.group(1))
    return ms


def main():
    p, root = kernel_bench_arguments(__doc__, repeat=300)
    p.add_argument("--graphs", default="BZR_MD;IMDB-MULTI",
                   help="names from the dataset list, separated by ';'")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--entries", default=",".join(ENTRIES),
                   help="entries of the module to time, plain first, "
                        "separated by ','")
    p.add_argument("--module", default=os.path.join(root, "bench/runtime-plan.mlir"))
    p.add_argument("--out", default=None,
                   help="the page to write (default "
                        "docs/RuntimePlanBenchmark.md, or "
                        "docs/RuntimePlanBeforeAfter.md with --before)")
    p.add_argument("--before", default=None,
                   help="bin directory of another build to compare with, "
                        "process by process")
    p.add_argument("--static-width", action="store_true",
                   help="give the entries the width as a static size "
                        "(memref<?xDxf32>: the kernels specialised for it, "
                        "as a model with fixed layer widths gets), through a "
                        "copy of --module per width")
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

    modules = {d: a.module for d in widths}
    if a.static_width:
        text = open(a.module).read()
        scratch = tempfile.mkdtemp(prefix="runtime-plan-")
        for d in widths:
            modules[d] = os.path.join(scratch, "runtime-plan-d%d.mlir" % d)
            with open(modules[d], "w") as f:
                f.write(text.replace("?x?xf32", "?x%dxf32" % d))
    if a.out is None:
        a.out = os.path.join(root, "docs/RuntimePlanBeforeAfter.md"
                             if a.before else "docs/RuntimePlanBenchmark.md")
    builds = [a.before, a.bin] if a.before else [a.bin]
    measured = {(b, g, d): [] for b in builds for g in graphs
                for d in widths}
    for run in range(a.runs):
        for g in graphs:
            for d in widths:
                for b in builds:
                    measured[(b, g, d)].append(
                        call_ms(b, a, modules[d], paths[g], entries, d))
        print("run %d of %d done" % (run + 1, a.runs), file=sys.stderr)
    if a.before:
        write_before_after(a, root, command, graphs, widths, entries,
                           measured)
        return
    measured = {(g, d): measured[(a.bin, g, d)] for g in graphs
                for d in widths}

    lines = report_header("Run-time plans against plain, per call", command, [
        "Entries of `bench/runtime-plan.mlir`, each given the graph as CSR "
        "buffers at a %s feature width: `plain` (no plan), `levels` "
        "(whole-graph plan of pairs, threshold 2), `tiled` (pairs in 32-node "
        "tiles, threshold 2), `wide` (32-node tiles, nodes of up to 8 "
        "inputs, threshold 3), `chosen` (the `wide` plan with "
        "`plain_if_slower`: its plain counterpart where the cost model "
        "does not predict it 1.7 times as fast at the width, whose rows "
        "are read from the graph passed, found by its key alone once every "
        "width so far read plain). Reduce sum."
        % ("static (the module's `?x?xf32` made `?xDxf32`, "
           "--static-width)" if a.static_width else "dynamic"),
        "Each cell: the median over %d runs of the entry's median call in "
        "one `hag-run --entry=%s --entry-args=graph --repeat=%d --check` "
        "process (the entries' calls interleaved round by round; every "
        "entry checked against the double reference); in brackets the "
        "median over the runs of plain's time over the entry's in the same "
        "process." % (a.runs, ",".join(entries), a.repeat)])
    lines += ["| graph | d | %s |" % " | ".join(entries),
              "|---|---|%s" % ("---|" * len(entries))]
    for g in graphs:
        for d in widths:
            runs = measured[(g, d)]
            ms = {e: statistics.median(r[e] for r in runs) for e in entries}
            ratio = {e: statistics.median(r["plain"] / r[e] for r in runs)
                     for e in entries}
            cells = ["%.3f ms" % ms["plain"]] + [
                "%.3f ms (%.2fx)" % (ms[e], ratio[e]) for e in entries[1:]]
            lines.append("| %s | %d | %s |" % (g, d, " | ".join(cells)))
    write_report(lines, a.out)


def build_commit(bin_dir):
    """The commit a build's sources were at (from its CMakeCache.txt and
    git), with `+` when they had uncommitted changes; "unknown" if not
    found."""
    try:
        with open(os.path.join(os.path.dirname(os.path.abspath(bin_dir)),
                               "CMakeCache.txt")) as f:
            source = next(line.split("=", 1)[1].strip() for line in f
                          if line.startswith("CMAKE_HOME_DIRECTORY:"))
        commit = subprocess.run(["git", "-C", source, "rev-parse", "--short",
                                 "HEAD"], capture_output=True, text=True,
                                check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", source, "status", "--porcelain",
                                "--untracked-files=no"], capture_output=True,
                               text=True).stdout.strip()
        return commit + ("+" if dirty else "")
    except (OSError, StopIteration, subprocess.CalledProcessError):
        return "unknown"


def write_before_after(a, root, command, graphs, widths, entries, measured):
    lines = report_header(
        "Run-time plans against plain, two builds compared", command, [
            "Entries %s of `%s` (the graph passed as CSR buffers), reduce "
            "sum, %s feature width." % (
                ", ".join("`%s`" % e for e in entries),
                os.path.relpath(a.module, root),
                "a static" if a.static_width else "a dynamic"),
            "Before: `%s` (commit %s); after: `%s` (commit %s). Each run is "
            "one `hag-run --entry=%s --entry-args=graph --repeat=%d --check` "
            "process of each build, the two alternating." % (
                a.before, build_commit(a.before), a.bin, build_commit(a.bin),
                ",".join(entries), a.repeat),
            "Each cell: plain's time over the entry's in the same process, "
            "the median over %d runs and, in brackets, their range." % a.runs])
    head = ["graph", "d"]
    for e in entries[1:]:
        head += ["%s before" % e, "%s after" % e]
    lines += ["| %s |" % " | ".join(head), "|%s" % ("---|" * len(head))]
    for g in graphs:
        for d in widths:
            cells = []
            for e in entries[1:]:
                for b in (a.before, a.bin):
                    r = [x["plain"] / x[e] for x in measured[(b, g, d)]]
                    cells.append("%.2fx (%.2f–%.2f)" % (
                        statistics.median(r), min(r), max(r)))
            lines.append("| %s | %d | %s |" % (g, d, " | ".join(cells)))
    write_report(lines, a.out)


if __name__ == "__main__":
    main()
