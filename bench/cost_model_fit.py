#!/usr/bin/env python3
"""Fits the CPU cost model's rates to measured kernel times, and checks how
well the model then predicts, and decides, plain against HAG.

For every real graph it runs hag-bench once (copy, plain and hag timed in
interleaved rounds, --json) with a coefficients file that holds this
machine's cache sizes: hag-bench then prints, per kernel and width, the
model's cost terms (bytes served by the core's cache, by the last-level
cache, read from and written to memory; list entries; loops over lists). The
time the model predicts is linear in the inverse rates, so the rates are a
least-squares fit with every coefficient >= 0 (an exact search over which
coefficients are zero: there are nine) of each kernel's time and of each
hag - plain difference (see DIFFERENCE_WEIGHT). It writes the
fitted coefficients file and a table of measured against predicted
plain/hag ratios, with the decision the pass would take. Standard library
only.
"""
import itertools
import json
import os
import platform
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from search_bench import DATASETS, kernel_bench_arguments  # noqa: E402

# The coefficients fitted, in the order of the cost terms that multiply
# them; seconds_fixed multiplies 1. The model's time is seconds_fixed plus
# the larger of its memory terms and its other (core) terms
# (hag::predictSeconds).
TERMS = ["cache_bytes", "shared_cache_bytes", "memory_read_bytes",
         "memory_write_bytes", "entries", "loops", "shared_cache_reads",
         "memory_reads"]
KEYS = ["cache_bytes_per_second", "shared_cache_bytes_per_second",
        "gather_bytes_per_second", "write_bytes_per_second",
        "seconds_per_entry", "seconds_per_loop",
        "seconds_per_shared_cache_read", "seconds_per_memory_read"]
MEMORY = {"memory_read_bytes", "memory_write_bytes", "memory_reads"}
RATES = {"cache_bytes_per_second", "shared_cache_bytes_per_second",
         "gather_bytes_per_second", "write_bytes_per_second"}
# The pass rewrites through a HAG only when it is predicted this much faster
# (kRequiredGain in EliminateRedundancy.cpp).
REQUIRED_GAIN = 1.05


def solve(a, b):
    """Least squares by the normal equations (Gaussian elimination with
    partial pivoting); None when singular."""
    n = len(a[0])
    m = [[sum(r[i] * r[j] for r in a) for j in range(n)] +
         [sum(r[i] * y for r, y in zip(a, b))] for i in range(n)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        if abs(m[p][c]) < 1e-300:
            return None
        m[c], m[p] = m[p], m[c]
        for r in range(n):
            if r != c:
                f = m[r][c] / m[c][c]
                m[r] = [x - f * y for x, y in zip(m[r], m[c])]
    return [m[i][n] / m[i][i] for i in range(n)]


# How much the fit weighs each graph and width's hag - plain difference
# against each kernel's own time. plain and hag run interleaved in one
# process, so their difference is far less noisy than a time is between
# processes on a shared machine, and it is what the pass decides on: with
# the times alone (weight 0) the fit got 15 of 30 decisions right, with 5 it
# got 26 (2026-12-06, with the model's terms summed rather than the larger
# side taken); a larger weight gained one more decision and lost accuracy on
# the times.
DIFFERENCE_WEIGHT = 5.0


def nonnegative_fit(rows, targets):
    """min over x >= 0 of sum ((rows[i] . x) - targets[i])^2: every subset
    of free coefficients, the best feasible one."""
    n = len(rows[0])
    # Columns scaled to a largest entry of 1: bytes and counts differ by
    # orders of magnitude, and the normal equations would lose the small.
    scale = [max(abs(r[i]) for r in rows) or 1.0 for i in range(n)]
    a = [[v / s for v, s in zip(r, scale)] for r in rows]
    best = None
    for k in range(n, 0, -1):
        for free in itertools.combinations(range(n), k):
            x = solve([[r[i] for i in free] for r in a], targets)
            if x is None or min(x) < 0:
                continue
            full = [0.0] * n
            for i, v in zip(free, x):
                full[i] = v
            err = sum((sum(c * v for c, v in zip(r, full)) - t) ** 2
                      for r, t in zip(a, targets))
            if best is None or err < best[0]:
                best = (err, full)
    return [v / s for v, s in zip(best[1], scale)]


def split_time(x, m):
    """(memory seconds, core seconds) of sample m under coefficients x."""
    memory = core = 0.0
    for c, t in zip(x[1:], TERMS):
        if t in MEMORY:
            memory += c * m["cost_terms"][t]
        else:
            core += c * m["cost_terms"][t]
    return memory, core


def predicted(x, m):
    return x[0] + max(split_time(x, m))


def fit(samples):
    """The coefficients (seconds_fixed, then one per TERMS entry) that best
    predict every time (relative error) and every hag - plain difference
    (relative to plain's time, weighted by DIFFERENCE_WEIGHT). The time is a
    maximum of two sums, so the fit alternates: each sample counts only the
    terms of its slower side under the last coefficients (both sides at
    first), the least-squares fit is redone, until no sample changes side."""
    def terms(m, side):
        return [1.0] + [m["cost_terms"][t] if side is None or
                        (t in MEMORY) == side else 0.0 for t in TERMS]
    by_key = {(m["graph"], m["d"], m["kernel"]): m for m in samples}
    sides = {id(m): None for m in samples}
    x = None
    for _ in range(20):
        rows, targets = [], []
        for m in samples:
            t = m["median_ms"] * 1e-3
            rows.append([v / t for v in terms(m, sides[id(m)])])
            targets.append(1.0)
        for (graph, d, kernel), hag in by_key.items():
            plain = by_key.get((graph, d, "plain"))
            if kernel != "hag" or not plain:
                continue
            t = plain["median_ms"] * 1e-3
            w = DIFFERENCE_WEIGHT
            rows.append([w * (h - p) / t for h, p in
                         zip(terms(hag, sides[id(hag)]),
                             terms(plain, sides[id(plain)]))])
            targets.append(w * (hag["median_ms"] - plain["median_ms"]) * 1e-3 / t)
        x = nonnegative_fit(rows, targets)
        new_sides = {}
        for m in samples:
            memory, core = split_time(x, m)
            new_sides[id(m)] = memory >= core
        if new_sides == sides:
            break
        sides = new_sides
    return x


def run_benchmarks(a, probe, only):
    """One hag-bench process per graph: copy, plain and hag interleaved."""
    samples = []
    for name, path, _ in DATASETS:
        if only and name not in only:
            continue
        cmd = [os.path.join(a.bin, "hag-bench"),
               "--graph=" + os.path.join(a.datasets, path),
               "--d=" + a.widths, "--kernels=copy,plain,hag", "--json",
               # The plans docs/CostModelFit.md was fitted and checked on
               # (hag-bench's default until 2026-12-07).
               "--threshold=2",
               "--repeat=%d" % a.repeat, "--coefficients=" + probe]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True)
        for line in out.stdout.splitlines():
            m = json.loads(line)
            if m.get("median_ms") and "cost_terms" in m:
                m["graph"] = name
                samples.append(m)
        print("done", name, file=sys.stderr)
    return samples


def machine_caches():
    """The core's L2 and the shared L3 in bytes, from sysfs (getconf on a VM
    may report the host's L3)."""
    sizes = {}
    base = "/sys/devices/system/cpu/cpu0/cache"
    for entry in sorted(os.listdir(base)):
        if not entry.startswith("index"):
            continue
        with open(os.path.join(base, entry, "level")) as f:
            level = int(f.read())
        with open(os.path.join(base, entry, "size")) as f:
            text = f.read().strip()
        scale = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}.get(text[-1], 1)
        sizes[level] = int(text.rstrip("KMG")) * scale
    return sizes[2], sizes[3]


def cpu_model():
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.machine()


def write_coefficients(path, values, comment):
    with open(path, "w") as f:
        f.write("# hag cost coefficients v2 (docs/CostModel.md)\n")
        f.write("# %s\n" % comment)
        f.write("target cpu\n")
        for key, value in values.items():
            f.write("%s %.6g\n" % (key, value))


def main():
    p, root = kernel_bench_arguments(__doc__.split("\n")[0], 20)
    p.add_argument("--out", default=os.path.join(root, "docs/CostModelFit.md"))
    p.add_argument("--coefficients-out",
                   default=os.path.join(root, "bench/cpu-coefficients.txt"))
    p.add_argument("--only", default="", help="comma-separated graph names")
    a = p.parse_args()
    l2, l3 = machine_caches()
    probe = "/tmp/hag-cost-probe-%d.txt" % os.getpid()
    # Rates of 1 only make hag-bench print the terms; they are not used.
    write_coefficients(probe, {
        "gather_bytes_per_second": 1, "write_bytes_per_second": 1,
        "seconds_per_level": 5e-6, "seconds_fixed": 0, "cache_bytes": l2,
        "cache_bytes_per_second": 1, "shared_cache_bytes": l3,
        "shared_cache_bytes_per_second": 1}, "cache sizes of this machine")
    only = set(a.only.split(",")) if a.only else None
    # Fitted on one run, judged on another: the table's measured ratios and
    # decisions come from a second process per graph, which the fit did not
    # see.
    samples = run_benchmarks(a, probe, only)
    held_out = run_benchmarks(a, probe, only)
    os.remove(probe)

    x = fit(samples)
    fitted = {"seconds_fixed": x[0]}
    for key, value in zip(KEYS, x[1:]):
        if key in RATES:
            # A rate whose term the fit zeroed is as fast as the fastest
            # level the model has.
            fitted[key] = 1 / value if value > 0 else 0
        else:
            fitted[key] = value
    fastest = max(v for k, v in fitted.items() if k in RATES)
    for key in RATES:
        if fitted[key] == 0:
            fitted[key] = fastest
    values = {"gather_bytes_per_second": fitted["gather_bytes_per_second"],
              "write_bytes_per_second": fitted["write_bytes_per_second"],
              "seconds_per_level": 5e-6,
              "seconds_fixed": fitted["seconds_fixed"],
              "cache_bytes": l2,
              "cache_bytes_per_second": fitted["cache_bytes_per_second"],
              "shared_cache_bytes": l3,
              "shared_cache_bytes_per_second":
                  fitted["shared_cache_bytes_per_second"],
              "seconds_per_entry": fitted["seconds_per_entry"],
              "seconds_per_loop": fitted["seconds_per_loop"],
              "seconds_per_shared_cache_read":
                  fitted["seconds_per_shared_cache_read"],
              "seconds_per_memory_read": fitted["seconds_per_memory_read"]}
    # Predictions from the values as written (a zeroed rate became the
    # fastest one), so the table shows what hag::predictSeconds computes.
    x = [values["seconds_fixed"]] + [
        1 / values[k] if k in RATES else values[k] for k in KEYS]
    date = time.strftime("%Y-%m-%d")
    command = "python3 bench/cost_model_fit.py" + (
        " --only=" + a.only if a.only else "")
    write_coefficients(a.coefficients_out, values,
                       "fitted by `%s` on %s, %s" % (command, cpu_model(), date))

    def table(runs, lines):
        by_key = {(m["graph"], m["d"], m["kernel"]): m for m in runs}
        right = total = 0
        for name, _, _ in DATASETS:
            for d in [int(w) for w in a.widths.split(",")]:
                plain = by_key.get((name, d, "plain"))
                hag = by_key.get((name, d, "hag"))
                if not plain or not hag:
                    continue
                measured = plain["median_ms"] / hag["median_ms"]
                ratio = predicted(x, plain) / predicted(x, hag)
                decision = "hag" if ratio > REQUIRED_GAIN else "plain"
                # Within 5% of a tie either choice is right.
                ok = abs(measured - 1) < 0.05 or (measured > 1) == (decision == "hag")
                right += ok
                total += 1
                if lines is not None:
                    lines.append(
                        "| %s | %d | %.3f | %.3f | %.3f | %.3f | %.2fx | %.2fx | %s%s |"
                        % (name, d, plain["median_ms"], hag["median_ms"],
                           predicted(x, plain) * 1e3, predicted(x, hag) * 1e3,
                           measured, ratio, decision, "" if ok else " (wrong)"))
        return right, total

    lines = []
    lines.append("# Cost model fit (CPU)\n")
    lines.append("Command: `%s` (hag-bench: copy, plain and hag interleaved, "
                 "median of %d rounds, default CPU plans; two runs, one "
                 "process per graph each: the fit uses the first, the table "
                 "the second). Machine: %s, %d cores, L2 %d KB per core, "
                 "L3 %d MB. Date: %s.\n"
                 % (command, a.repeat, cpu_model(), os.cpu_count(), l2 >> 10,
                    l3 >> 20, date))
    lines.append("Fitted coefficients (written to `%s`):\n"
                 % os.path.relpath(a.coefficients_out, root))
    lines.append("| coefficient | value |\n|---|---|")
    for key, value in values.items():
        lines.append("| %s | %.4g |" % (key, value))
    lines.append("")
    errors = sorted(abs(predicted(x, m) / (m["median_ms"] * 1e-3) - 1)
                    for m in held_out)
    lines.append("Over the %d kernel timings of the second run the prediction "
                 "is off by a median of %.0f%% and at most %.0f%%.\n"
                 % (len(errors), 100 * errors[len(errors) // 2],
                    100 * errors[-1]))
    lines.append("| graph | d | plain ms | hag ms | predicted plain ms | "
                 "predicted hag ms | measured plain/hag | predicted plain/hag "
                 "| pass decides |")
    lines.append("|---|---|---|---|---|---|---|---|---|")
    right, total = table(held_out, lines)
    fit_right, fit_total = table(samples, None)
    lines.append("")
    lines.append("The pass's decision (hag where the predicted ratio is above "
                 "%.2f) is right on %d of %d graph and width pairs of the "
                 "second run (a measured ratio within 5%% of 1 counts as "
                 "right either way), and on %d of %d of the run it was "
                 "fitted to." % (REQUIRED_GAIN, right, total, fit_right,
                                 fit_total))
    with open(a.out, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("wrote", a.out, "and", a.coefficients_out, file=sys.stderr)


if __name__ == "__main__":
    main()
