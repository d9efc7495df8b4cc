#!/usr/bin/env python3
"""Benchmark of the HAG search: quality and speed on every real graph, and
growth on generated graphs. Writes a Markdown table with the command, the
machine and the date (docs/SearchBenchmark.md by default).

Each timing is the median of --repeat runs of hag-search (its own
search_seconds, which excludes reading the file); quality numbers are
deterministic. Standard library only.
"""
import argparse
import datetime
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys

# (name, path under the datasets folder, paper numbers at |V|/4 and r >= 3:
# aggregation reduction, edge-read reduction, seconds; hag-paper.md sec. 6)
DATASETS = [
    ("Cora", "cora/cora.cites", (1.151, 1.067, 0.1)),
    ("CiteSeer", "citeseer/citeseer.cites", (1.188, 1.077, 0.1)),
    ("PubMed", "pubmed/Pubmed-Diabetes.DIRECTED.cites.tab", (1.206, 1.108, 14)),
    ("BZR", "bzr", (1.000, 1.000, 0)),
    ("BZR_MD", "bzr_md", (1.398, 1.350, 1.2)),
    ("IMDB-BINARY", "imdb-binary/IMDBBINARY.txt", (1.725, 1.542, 11)),
    ("IMDB-MULTI", "imdb-multi/IMDBMULTI.txt", (1.795, 1.599, 15)),
    ("email-Enron", "graph-tool-collection/email-Enron.mtx", None),
    ("cond-mat-2005", "graph-tool-collection/cond-mat-2005.mtx", None),
    ("as-22july06", "graph-tool-collection/as-22july06.mtx", None),
]

# Paper numbers with unlimited capacity and r >= 2 (hag-paper.md sec. 6).
PAPER_UNLIMITED = {"BZR_MD": (7.40, 3.89, 9), "IMDB-MULTI": (3.76, 2.13, 140)}

# Generated graphs for growth: about 1M, 10M and 50M directed edges.
SCALE = [
    ("R-MAT ~1M", "rmat:scale=18,edges=530k,seed=1"),
    ("R-MAT ~10M", "rmat:scale=21,edges=5400k,seed=1"),
    ("R-MAT ~50M", "rmat:scale=23,edges=26M,seed=1"),
    ("ego ~1M", "ego:nodes=20k,groups=1150,max=100,seed=1"),
    ("ego ~10M", "ego:nodes=200k,groups=11500,max=100,seed=1"),
    ("ego ~50M", "ego:nodes=1M,groups=57500,max=100,seed=1"),
]


def kernel_bench_arguments(description, repeat):
    """The options every kernel benchmark takes (where the tools and graphs
    are, feature widths, timed runs), and the repository root."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--bin", default=os.path.join(root, "build/bin"))
    p.add_argument("--datasets", default=os.path.join(root, "../shared/datasets"))
    p.add_argument("--widths", default="16,64,256")
    p.add_argument("--repeat", type=int, default=repeat)
    return p, root


def add_plan_search_arguments(p):
    """The options of the plan hag-bench searches for its hag kernel, with
    the CPU's defaults: capacity, threshold, most inputs, tile size."""
    p.add_argument("--capacity", default="unlimited")
    p.add_argument("--threshold", default="3",
                   help="search threshold (3: the pass's default)")
    p.add_argument("--max-inputs", default="8",
                   help="most inputs of one aggregation node (8: the CPU "
                        "default, hag::defaultMaxInputs)")
    p.add_argument("--tile-nodes", type=int, default=32,
                   help="tile size of the hag kernel's plan")


def plan_bench_arguments(description, repeat, configs, out):
    """kernel_bench_arguments plus the options of the benchmarks that run
    plans of several shapes on a few graphs: graphs, (capacity, max inputs,
    threshold) configurations, tile size, runs, the page written."""
    p, root = kernel_bench_arguments(description, repeat)
    p.add_argument("--graphs", default="BZR_MD;IMDB-MULTI",
                   help="names from the dataset list, separated by ';'")
    p.add_argument("--configs", default=configs,
                   help="capacity,max-inputs,threshold triples, separated by ';'")
    p.add_argument("--tile-nodes", type=int, default=32)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--out", default=os.path.join(root, out))
    return p, root


def parse_plans(a):
    """The widths, (capacity, K, T) configurations, dataset paths by name and
    the graphs asked for, from plan_bench_arguments' options."""
    widths = [int(x) for x in a.widths.split(",")]
    configs = []
    for item in a.configs.split(";"):
        fields = item.split(",")
        if (len(fields) != 3 or not fields[1].isdigit()
                or not fields[2].isdigit()):
            raise SystemExit("--configs: '%s' is not capacity,max-inputs,"
                             "threshold (e.g. unlimited,8,2)" % item)
        configs.append((fields[0], int(fields[1]), int(fields[2])))
    paths = {name: os.path.join(a.datasets, rel) for name, rel, _ in DATASETS}
    graphs = [g for g in a.graphs.split(";") if g]
    for g in graphs:
        if g not in paths:
            raise SystemExit("unknown graph '%s' (%s)" % (g, ", ".join(paths)))
    return widths, configs, paths, graphs


def plain_over_hag(a, path, capacity, k, t, widths, bin_dir=None,
                   reduce="sum"):
    """plain's median over hag's per width, from one `hag-bench
    --kernels=plain,hag` process (interleaved rounds) of the build in
    `bin_dir` (default a.bin); both outputs must match the reference."""
    args = [os.path.join(bin_dir or a.bin, "hag-bench"), "--graph=" + path,
            "--d=" + ",".join(str(d) for d in widths), "--kernels=plain,hag",
            "--json", "--repeat=%d" % a.repeat, "--reduce=" + reduce,
            "--capacity=" + capacity, "--max-inputs=%d" % k,
            "--threshold=%d" % t, "--tile-nodes=%d" % a.tile_nodes]
    run = subprocess.run(args, capture_output=True, text=True)
    if run.returncode != 0:
        raise SystemExit("%s failed (exit %d):\n%s" % (
            " ".join(shlex.quote(x) for x in args), run.returncode,
            run.stderr.strip()))
    times = {}
    for line in run.stdout.splitlines():
        r = json.loads(line)
        if r["max_rel_error"] is None or r["max_rel_error"] > 1e-5:
            raise SystemExit("%s: %s at d=%d is wrong (max rel error %s)" % (
                path, r["kernel"], r["d"], r["max_rel_error"]))
        times[(r["kernel"], r["d"])] = r["median_ms"]
    missing = [(kernel, d) for kernel in ("plain", "hag") for d in widths
               if (kernel, d) not in times]
    if missing:
        raise SystemExit("%s printed no time for %s" % (
            args[0], ", ".join("%s at d = %d" % m for m in missing)))
    return {d: times[("plain", d)] / times[("hag", d)] for d in widths}


def run_search(tool, args):
    cmd = [tool] + args + ["--stats=json", "--quiet"]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def measure(tool, args, repeat):
    runs = [run_search(tool, args) for _ in range(repeat)]
    first = runs[0]
    first["median_seconds"] = statistics.median(r["search_seconds"] for r in runs)
    first["peak_rss_bytes"] = max(r["peak_rss_bytes"] for r in runs)
    return first


def machine():
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            kb = int(f.readline().split()[1])
            mem = f", {kb / 1048576:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{model}, {os.cpu_count()} cores{mem}, {platform.system()} {platform.release()}"


def report_header(title, command, notes):
    """The first lines of every results page: title, command, machine, date,
    then the page's own notes (each a bullet)."""
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M")
    lines = ["# " + title, "", "- Command: `%s`" % command.strip(),
             "- Machine: %s" % machine(), "- Date: %s UTC" % date]
    return lines + ["- " + note for note in notes] + [""]


def write_report(lines, path):
    """Writes the page and echoes it."""
    text = "\n".join(lines) + "\n"
    with open(path, "w") as f:
        f.write(text)
    print(text)


def mib(b):
    return f"{b / 1048576:.0f}"


def paper_cells(paper, digits):
    """The paper's (aggregations, edge reads, seconds) as table cells."""
    if not paper:
        return "-", "-", "-"
    return (f"{paper[0]:.{digits}f}x", f"{paper[1]:.{digits}f}x", f"{paper[2]}")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--tool", default=os.path.join(root, "build/bin/hag-search"))
    p.add_argument("--datasets", default=os.path.join(root, "../shared/datasets"))
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--scale", choices=["none", "small", "all"], default="all",
                   help="generated graphs: none, ~1M and ~10M, or all")
    p.add_argument("--out", default=os.path.join(root, "docs/SearchBenchmark.md"))
    a = p.parse_args()
    command = "python3 bench/search_bench.py " + " ".join(
        shlex.quote(x) for x in sys.argv[1:])

    lines = report_header("HAG search benchmark", command, [
        f"Times are the median of {a.repeat} runs of hag-search's own search "
        "time (file reading excluded); every HAG was checked with `--verify`.",
        "Reductions are before/after ratios with the definitions of "
        "hag-paper.md section 3; \"paper\" is the reference algorithm re-run "
        "from hag-paper.md section 6 (15 s and 140 s on IMDB-MULTI)."])
    w = lines.append

    w("## Set aggregation, capacity |V|/4, threshold 3 (the paper's setting)")
    w("")
    w("| graph | nodes | edges | agg nodes | levels | aggregations | paper | "
      "edge reads | paper | search s | paper s | peak MiB |")
    w("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for name, rel, paper in DATASETS:
        path = os.path.join(a.datasets, rel)
        if not os.path.exists(path):
            w(f"| {name} | (dataset missing) |||||||||||")
            continue
        r = measure(a.tool, [path, "--verify"], a.repeat)
        pa, pe, ps = paper_cells(paper, 3)
        w(f"| {name} | {r['nodes']} | {r['edges']} | {r['agg_nodes']} | "
          f"{r['levels']} | {r['aggregation_reduction']:.3f}x | {pa} | "
          f"{r['edge_read_reduction']:.3f}x | {pe} | {r['median_seconds']:.4f} | "
          f"{ps} | {mib(r['peak_rss_bytes'])} |")
    w("")

    w("## Beyond the paper: wider aggregation nodes at the same capacity")
    w("")
    w("Capacity |V|/4 and threshold 3 as above; `--max-inputs=K` lets one "
      "aggregation node (one stored row) combine up to K inputs "
      "(docs/Search.md \"Wider aggregation nodes\"). Cells: aggregation "
      "reduction / edge-read reduction; the gain column is the best K's "
      "aggregation reduction over the paper's pairs (K = 2).")
    w("")
    widths = [2, 4, 8, 16]
    w("| graph | " + " | ".join(f"K = {k}" for k in widths) +
      " | best K | gain | agg nodes (best) | levels (best) | search s (best) |")
    w("|---|" + "---|" * (len(widths) + 5))
    for name, rel, _ in DATASETS:
        path = os.path.join(a.datasets, rel)
        if not os.path.exists(path):
            continue
        rows = {k: measure(a.tool, [path, "--verify", f"--max-inputs={k}"],
                           a.repeat) for k in widths}
        best = max(widths, key=lambda k: rows[k]["aggregation_reduction"])
        gain = (rows[best]["aggregation_reduction"] /
                rows[2]["aggregation_reduction"])
        cells = " | ".join(f"{rows[k]['aggregation_reduction']:.3f}x / "
                           f"{rows[k]['edge_read_reduction']:.3f}x" for k in widths)
        r = rows[best]
        w(f"| {name} | {cells} | {best} | {gain:.3f}x | {r['agg_nodes']} | "
          f"{r['levels']} | {r['median_seconds']:.4f} |")
    w("")

    w("## Set aggregation, unlimited capacity, threshold 2")
    w("")
    w("| graph | agg nodes | levels | aggregations | paper | edge reads | paper | "
      "search s | paper s | peak MiB |")
    w("|---|---|---|---|---|---|---|---|---|---|")
    for name, rel, _ in DATASETS:
        path = os.path.join(a.datasets, rel)
        if not os.path.exists(path):
            continue
        r = measure(a.tool, [path, "--verify", "--capacity=unlimited",
                             "--threshold=2"], a.repeat)
        pa, pe, ps = paper_cells(PAPER_UNLIMITED.get(name), 2)
        w(f"| {name} | {r['agg_nodes']} | {r['levels']} | "
          f"{r['aggregation_reduction']:.3f}x | {pa} | "
          f"{r['edge_read_reduction']:.3f}x | {pe} | {r['median_seconds']:.4f} | "
          f"{ps} | {mib(r['peak_rss_bytes'])} |")
    w("")

    w("## Sequential aggregation (shared-prefix trie), degree-descending order, "
      "unlimited capacity, threshold 2")
    w("")
    w("| graph | agg nodes | levels | aggregations | edge reads | search s |")
    w("|---|---|---|---|---|---|")
    for name, rel, _ in DATASETS:
        path = os.path.join(a.datasets, rel)
        if not os.path.exists(path):
            continue
        r = measure(a.tool, [path, "--verify", "--aggregation=sequential",
                             "--order=degree", "--capacity=unlimited",
                             "--threshold=2"], a.repeat)
        w(f"| {name} | {r['agg_nodes']} | {r['levels']} | "
          f"{r['aggregation_reduction']:.3f}x | {r['edge_read_reduction']:.3f}x | "
          f"{r['median_seconds']:.4f} |")
    w("")

    if a.scale != "none":
        w("## What the hub cap costs")
        w("")
        w("The same R-MAT graph (~1M edges) with the automatic cap and with no cap.")
        w("")
        w("| hub cap | hub lists | agg nodes | aggregations | edge reads | search s | peak MiB |")
        w("|---|---|---|---|---|---|---|")
        for cap in ["auto", "none"]:
            r = run_search(a.tool, ["--generate=" + SCALE[0][1], "--hub-degree=" + cap])
            hub = r["hub_degree"] if r["hub_degree"] is not None else "none"
            w(f"| {cap} ({hub}) | {r['hub_lists']} | {r['agg_nodes']} | "
              f"{r['aggregation_reduction']:.4f}x | {r['edge_read_reduction']:.4f}x | "
              f"{r['search_seconds']:.2f} | {mib(r['peak_rss_bytes'])} |")
        w("")
        w("## Growth on generated graphs (set, |V|/4, threshold 3, hub cap auto)")
        w("")
        w("One run each (the graph is generated in the same process; "
          "generation time is excluded).")
        w("")
        w("| graph | spec | nodes | edges | agg nodes | aggregations | "
          "search s | s per M edges | peak MiB | hub cap | hub lists |")
        w("|---|---|---|---|---|---|---|---|---|---|---|")
        scale = SCALE if a.scale == "all" else [s for s in SCALE if "50M" not in s[0]]
        for name, spec in scale:
            r = run_search(a.tool, ["--generate=" + spec])
            per = r["search_seconds"] / (r["edges"] / 1e6)
            hub = r["hub_degree"] if r["hub_degree"] is not None else "none"
            w(f"| {name} | `{spec}` | {r['nodes']} | {r['edges']} | "
              f"{r['agg_nodes']} | {r['aggregation_reduction']:.3f}x | "
              f"{r['search_seconds']:.2f} | {per:.2f} | "
              f"{mib(r['peak_rss_bytes'])} | {hub} | {r['hub_lists']} |")
            print(f"{name}: {r['search_seconds']:.2f} s", file=sys.stderr)
        w("")

    write_report(lines, a.out)


if __name__ == "__main__":
    main()
