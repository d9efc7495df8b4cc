#!/usr/bin/env python3
"""Predicted against measured aggregation time (docs/CostModel.md).

For every real graph, feature width and variant (plain; through a tiled HAG
at |V|/4, r >= 3; through a tiled HAG unlimited, r >= 2; the whole-graph HAG
unlimited, r >= 2, run level by level) runs hag-run, which JIT-runs
the CPU kernel (median of --repeat runs) and prints the cost model's
prediction, then reports the Spearman rank correlation of predicted and
measured times, overall and per graph, with the command, machine and date.
Standard library only.
"""
import os
import re
import shlex
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from search_bench import (DATASETS, kernel_bench_arguments,  # noqa: E402
                          report_header, write_report)

VARIANTS = [
    ("plain", []),
    ("hag |V|/4 r3", ["--hag"]),
    ("hag unlimited r2", ["--hag", "--capacity=unlimited", "--threshold=2"]),
    ("hag levels unlimited r2", ["--hag", "--capacity=unlimited", "--threshold=2",
                                 "--tile-nodes=0"]),
]


def ranks(values):
    order = sorted(range(len(values)), key=lambda i: values[i])
    r = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            r[order[k]] = (i + j) / 2.0
        i = j + 1
    return r


def spearman(xs, ys):
    rx, ry = ranks(xs), ranks(ys)
    n = len(xs)
    mx, my = sum(rx) / n, sum(ry) / n
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    vx = sum((a - mx) ** 2 for a in rx) ** 0.5
    vy = sum((b - my) ** 2 for b in ry) ** 0.5
    return cov / (vx * vy) if vx and vy else float("nan")


def main():
    p, root = kernel_bench_arguments(__doc__, repeat=7)
    p.add_argument("--calibrate", default="rmat:scale=18,edges=1M,seed=1",
                   help="generator spec to calibrate on ('' = built-in coefficients)")
    p.add_argument("--out", default=os.path.join(root, "docs/CostModelValidation.md"))
    a = p.parse_args()
    command = "python3 bench/cost_model_bench.py " + " ".join(
        shlex.quote(x) for x in sys.argv[1:])
    coefficients = []
    calibration = "built-in coefficients"
    if a.calibrate:
        path = os.path.join(root, "build", "calibrated.costs")
        out = subprocess.run([os.path.join(a.bin, "hag-calibrate"),
                              "--generate=" + a.calibrate, "-o", path],
                             check=True, capture_output=True, text=True).stdout
        coefficients = ["--coefficients=" + path]
        calibration = "calibrated with `hag-calibrate --generate=%s`:\n\n```\n%s```" % (
            a.calibrate, out)

    rows = []
    for name, rel, _ in DATASETS:
        path = os.path.join(a.datasets, rel)
        if not os.path.exists(path):
            continue
        for d in [int(x) for x in a.widths.split(",")]:
            for variant, args in VARIANTS:
                cmd = [os.path.join(a.bin, "hag-run"), path, "--d=%d" % d,
                       "--repeat=%d" % a.repeat] + args + coefficients
                out = subprocess.run(cmd, check=True, capture_output=True,
                                     text=True).stdout
                measured = float(re.search(r"run\s+([0-9.]+) ms", out).group(1))
                predicted = float(re.search(r"predict\s+([0-9.]+) ms", out).group(1))
                rows.append((name, d, variant, predicted, measured))
                print("%-14s d=%-4d %-18s predicted %8.3f ms measured %8.3f ms" %
                      (name, d, variant, predicted, measured), file=sys.stderr)

    overall = spearman([r[3] for r in rows], [r[4] for r in rows])
    lines = report_header("Cost model: predicted against measured time", command, [
        "Measured: `hag-run` (the `-hag-lower-to-cpu` kernel, JIT, OpenMP), "
        "median of %d runs after a warm-up; predicted: the cost model "
        "(docs/CostModel.md) for the same kernel, %s" % (a.repeat, calibration)])
    lines += ["**Spearman rank correlation over all %d kernels: %.3f** (goal: at least 0.9)." % (len(rows), overall),
             "",
             "Per graph (ranks within one graph: widths x variants):", "",
             "| graph | kernels | Spearman |", "|---|---|---|"]
    for name, _, _ in DATASETS:
        sub = [r for r in rows if r[0] == name]
        if len(sub) > 2:
            lines.append("| %s | %d | %.3f |" % (name, len(sub),
                         spearman([r[3] for r in sub], [r[4] for r in sub])))
    lines += ["", "| graph | d | kernel | predicted ms | measured ms | measured / predicted |",
              "|---|---|---|---|---|---|"]
    for name, d, variant, predicted, measured in rows:
        lines.append("| %s | %d | %s | %.3f | %.3f | %.2f |" % (
            name, d, variant, predicted, measured, measured / predicted if predicted else 0))
    write_report(lines, a.out)


if __name__ == "__main__":
    main()
