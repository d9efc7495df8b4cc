#!/usr/bin/env python3
"""PyTorch's and PyG's aggregations on the GPU, timed like hag-cuda-bench.

For each graph (hag's binary CSR, docs/GraphFormats.md, as
`hag-cuda-bench --write-csr` writes it), width and reduction it times:

  torch-sparse  torch.sparse.mm(A, X), A a torch.sparse_csr_tensor of the
                adjacency (A[v, u] = 1 for u in N(v)); for max, the
                reduce="amax" form where PyTorch supports it on CUDA
  pyg           PyG's gather + scatter message passing:
                torch_geometric.nn.SimpleConv(aggr=sum|max) on edge_index
                (x[src] gathered, scattered into dst)

with CUDA events around each run, an L2 flush between runs (outside the
events: a sum over a 256 MiB buffer, which only reads it), warm-up first,
and the median of the timed runs; each output is checked against a float64
reference computed on the GPU in column chunks.
Prints one JSON object per kernel, width and reduction with the fields of
hag-cuda-bench (docs/CudaBenchmark.md), or a text table without --json.

usage: cuda_torch_bench.py [options] NAME=FILE.csr [NAME=FILE.csr ...]

Needs torch (and torch_geometric for pyg); runs on the GPU machine.
--graph-limit-s ends the process (exit 124) when one graph, or the start-up
before the first, takes longer: a hang in a CUDA call cannot be interrupted
from Python, and bench/cuda_bench.py reruns the graphs after it.
"""
import argparse
import json
import math
import os
import sys
import threading
import time
import warnings

MAGIC = b"HAGCSR1\n"


def fail(message):
    print("cuda_torch_bench.py: error: " + message, file=sys.stderr)
    sys.exit(1)


def log(message):
    print("cuda_torch_bench.py: " + message, file=sys.stderr, flush=True)


def read_csr(path, np):
    """(num_nodes, offsets int64, indices int64) from hag's binary CSR; the
    errors name the file and what is wrong (the checksum is not checked: the
    files come from hag-cuda-bench in the same run)."""
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as f:
            header = f.read(24)
            if header[:8] != MAGIC:
                fail("%s: not a hag binary CSR file (bad magic)" % path)
            if len(header) < 24:
                fail("%s: truncated: %d bytes, less than the 24-byte header" % (path, size))
            n = int.from_bytes(header[8:16], "little")
            e = int.from_bytes(header[16:24], "little")
            need = 40 + 8 * n + 4 * e
            if size != need:
                fail("%s: header says %d nodes and %d edges, which needs %d bytes, "
                     "but the file has %d" % (path, n, e, need, size))
            offsets = np.fromfile(f, dtype="<u8", count=n + 1)
            indices = np.fromfile(f, dtype="<u4", count=e)
    except OSError as error:
        fail("%s: %s" % (path, error.strerror or error))
    if offsets[0] != 0 or offsets[-1] != e or np.any(np.diff(offsets.astype(np.int64)) < 0):
        fail("%s: offsets are not a CSR's" % path)
    if e and int(indices.max()) >= n:
        fail("%s: a node id is out of range" % path)
    return n, offsets.astype(np.int64), indices.astype(np.int64)


class Watchdog:
    """Exits the process when what it watches runs past its limit (a thread:
    the main one may be stuck inside a CUDA call)."""

    def __init__(self, limit_s):
        self.limit_s = limit_s
        self.what, self.deadline = None, None
        if limit_s > 0:
            threading.Thread(target=self.watch, daemon=True).start()

    def arm(self, what):
        self.what, self.deadline = what, time.monotonic() + self.limit_s

    def watch(self):
        while True:
            time.sleep(0.5)
            if self.deadline is not None and time.monotonic() > self.deadline:
                # Records are flushed as they are printed; nothing else to
                # save (and stdout's lock may be held by the stuck thread).
                log("%s: stopped after %.0f s (--graph-limit-s)" % (self.what, self.limit_s))
                os._exit(124)


class Bench:
    def __init__(self, a, torch):
        self.a = a
        self.torch = torch
        self.dev = torch.device(a.device)
        self.cuda = self.dev.type == "cuda"
        if self.cuda:
            props = torch.cuda.get_device_properties(0)
            self.device = "%s (sm_%d%d, %d SMs, %d MiB), torch %s" % (
                props.name, props.major, props.minor, props.multi_processor_count,
                props.total_memory >> 20, torch.__version__)
        else:
            self.device = "cpu (a check of this script, not a benchmark), torch %s" % (
                torch.__version__)
        # 256 MiB, written once: the flush between runs only reads it (a
        # sum), leaving clean lines in L2; a fill_ would leave dirty ones,
        # written back inside the next timed run.
        self.flush = torch.zeros(64 << 20, dtype=torch.float32, device=self.dev) \
            if a.flush and self.cuda else None
        self.ceiling = self.measure_ceiling()
        log("%s; copy ceiling %.0f GB/s" % (self.device, self.ceiling))

    def synchronize(self):
        if self.cuda:
            self.torch.cuda.synchronize()

    def time_runs(self, f, runs):
        """Times of `runs` runs in ms: CUDA events around each, queued back to
        back (host clocks on the CPU, for checks of this script)."""
        if not self.cuda:
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                f()
                times.append((time.perf_counter() - start) * 1e3)
            return sorted(times)
        starts = [self.torch.cuda.Event(enable_timing=True) for _ in range(runs)]
        ends = [self.torch.cuda.Event(enable_timing=True) for _ in range(runs)]
        for i in range(runs):
            if self.flush is not None:
                self.flush.sum()
            starts[i].record()
            f()
            ends[i].record()
        self.torch.cuda.synchronize()
        return sorted(s.elapsed_time(e) for s, e in zip(starts, ends))

    def time(self, f):
        """(median ms, min ms, runs) after warm-up runs."""
        warm = self.time_runs(f, max(1, self.a.warmup))
        estimate = max(warm[len(warm) // 2], 1e-3)
        runs = int(min(self.a.repeat, max(self.a.min_repeat,
                                          math.floor(self.a.budget_ms / estimate))))
        times = self.time_runs(f, runs)
        median = times[runs // 2] if runs % 2 else 0.5 * (times[runs // 2 - 1] + times[runs // 2])
        return median, times[0], runs

    def measure_ceiling(self):
        torch = self.torch
        count = 1 << (28 if self.cuda else 24)  # 1 GiB of float32 on a GPU
        src = torch.ones(count, dtype=torch.float32, device=self.dev)
        dst = torch.empty_like(src)
        median, _, _ = self.time(lambda: dst.copy_(src))
        return 2.0 * count * 4 / (median * 1e-3) / 1e9

    def check(self, y, x, src, dst, n, d, reduce):
        """Against a float64 reference in column chunks: (max rel error,
        norm-wise rel error, non-finite count)."""
        torch = self.torch
        edges = max(1, src.numel())
        cols = max(1, min(d, (1 << 27) // edges))
        worst, diff2, ref2, bad = 0.0, 0.0, 0.0, 0
        for c0 in range(0, d, cols):
            c1 = min(d, c0 + cols)
            msg = x[:, c0:c1].double().index_select(0, src)
            ref = torch.zeros(n, c1 - c0, dtype=torch.float64, device=self.dev)
            if reduce == "sum":
                ref.index_add_(0, dst, msg)
            else:
                ref.scatter_reduce_(0, dst.unsqueeze(1).expand_as(msg), msg, "amax",
                                    include_self=False)
            del msg
            got = y[:, c0:c1].double()
            finite = torch.isfinite(got)
            bad += int((~finite).sum())
            diff = torch.where(finite, (got - ref).abs(), torch.zeros_like(got))
            worst = max(worst, float((diff / ref.abs().clamp_min(1.0)).max()))
            diff2 += float((diff * diff).sum())
            ref2 += float((ref * ref).sum())
            del ref, got, diff, finite
        norm = math.sqrt(diff2 / ref2) if ref2 > 0 else math.sqrt(diff2)
        return worst, norm, bad

    def record(self, base, kernel, d, reduce, timing=None, check=None, note=None):
        r = dict(base, kernel=kernel, d=d, reduce=reduce, median_ms=None, min_ms=None,
                 runs=0, max_rel_error=None, check=None)
        if timing:
            r["median_ms"], r["min_ms"], r["runs"] = timing
        if check:
            worst, norm, bad = check
            ok = bad == 0 and (worst == 0 if reduce == "max" else norm <= self.a.tolerance)
            r.update(max_rel_error=worst, norm_rel_error=norm, bad_values=bad,
                     exact=worst == 0 and bad == 0, check="ok" if ok else "FAIL")
            if not ok:
                self.failures += 1
        n, e = base["nodes"], base["edges"]
        r["compulsory_bytes"] = 8.0 * n * d + 8.0 * (n + 1) + 4.0 * e
        if r["median_ms"]:
            r["gbs"] = r["compulsory_bytes"] / (r["median_ms"] * 1e-3) / 1e9
            r["ceiling_gbs"] = self.ceiling
            r["ceiling_fraction"] = r["gbs"] / self.ceiling
        if note:
            r["note"] = note
        if self.a.json:
            print(json.dumps(r), flush=True)
        else:
            t = "%9.4f ms" % r["median_ms"] if r["median_ms"] else "        -   "
            extra = (" max rel error %.2g %s" % (r["max_rel_error"], r["check"])
                     if r.get("check") else "")
            print("  d=%-4d %-4s %-13s %s%s%s" % (d, reduce, kernel, t, extra,
                                                 "  (%s)" % note if note else ""), flush=True)

    def run_kernel(self, base, kernel, d, reduce, f, x, src, dst, n):
        torch = self.torch
        try:
            y = f()
            self.synchronize()
            check = self.check(y, x, src, dst, n, d, reduce)
            del y
            timing = self.time(f)
            self.record(base, kernel, d, reduce, timing, check)
        except torch.cuda.OutOfMemoryError as error:
            self.record(base, kernel, d, reduce,
                        note="out of memory: %s" % str(error).splitlines()[0][:160])
        except (RuntimeError, NotImplementedError, TypeError) as error:
            self.record(base, kernel, d, reduce,
                        note="not supported: %s" % str(error).splitlines()[0][:200])
        self.empty_cache()

    def empty_cache(self):
        if self.cuda:
            self.torch.cuda.empty_cache()

    def graph(self, name, path, np, simple_conv, pyg_note):
        torch = self.torch
        n, offsets, indices = read_csr(path, np)
        e = int(indices.size)
        log("%s: %d nodes, %d edges" % (name, n, e))
        base = {"graph": name, "nodes": n, "edges": e, "flush_l2": self.flush is not None,
                "device": self.device}
        crow = torch.from_numpy(offsets).to(self.dev)
        col = torch.from_numpy(indices).to(self.dev)
        counts = crow[1:] - crow[:-1]
        dst = torch.repeat_interleave(torch.arange(n, device=self.dev), counts)
        src = col
        edge_index = torch.stack([src, dst])
        adjacency = torch.sparse_csr_tensor(
            crow, col, torch.ones(e, dtype=torch.float32, device=self.dev), size=(n, n))
        gen = torch.Generator(device=self.dev)
        for d in self.a.widths:
            gen.manual_seed(self.a.seed * 1000003 + d)
            x = torch.rand(n, d, generator=gen, device=self.dev) * 2 - 1
            for reduce in self.a.reductions:
                if "torch-sparse" in self.a.kernels:
                    if reduce == "sum":
                        f = lambda: torch.sparse.mm(adjacency, x)  # noqa: E731
                    else:
                        f = lambda: torch.sparse.mm(adjacency, x, reduce="amax")  # noqa: E731
                    self.run_kernel(base, "torch-sparse", d, reduce, f, x, src, dst, n)
                if "pyg" in self.a.kernels:
                    if simple_conv is None:
                        self.record(base, "pyg", d, reduce, note=pyg_note)
                    else:
                        conv = simple_conv(aggr=reduce).to(self.dev)
                        f = lambda: conv(x, edge_index)  # noqa: E731
                        self.run_kernel(base, "pyg", d, reduce, f, x, src, dst, n)
            x = None  # freed before the next width's features
            self.empty_cache()


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("graphs", nargs="+", help="NAME=FILE.csr")
    p.add_argument("--json", action="store_true")
    p.add_argument("--d", default="16,64,256")
    p.add_argument("--reduce", default="sum,max")
    p.add_argument("--kernels", default="torch-sparse,pyg")
    p.add_argument("--repeat", type=int, default=50)
    p.add_argument("--min-repeat", type=int, default=5)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--budget-ms", type=float, default=1000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--tolerance", type=float, default=1e-4)
    p.add_argument("--no-flush", dest="flush", action="store_false")
    p.add_argument("--graph-limit-s", type=float, default=0,
                   help="exit 124 when a graph (or the start-up) takes longer "
                        "than this; 0: no limit")
    p.add_argument("--device", default="cuda",
                   help="cuda, or cpu to check this script where there is no GPU")
    a = p.parse_args()
    try:
        a.widths = [int(x) for x in a.d.split(",") if x]
    except ValueError:
        fail("--d: widths are integers, got '%s'" % a.d)
    a.reductions = [x for x in a.reduce.split(",") if x]
    a.kernels = [x for x in a.kernels.split(",") if x]
    for r in a.reductions:
        if r not in ("sum", "max"):
            fail("--reduce: '%s' is not sum or max" % r)
    for k in a.kernels:
        if k not in ("torch-sparse", "pyg"):
            fail("--kernels: unknown kernel '%s' (torch-sparse, pyg)" % k)
    graphs = []
    for item in a.graphs:
        name, sep, path = item.partition("=")
        if not sep or not name or not path:
            fail("graph '%s': expected NAME=FILE.csr" % item)
        if not os.path.exists(path):
            fail("%s: no such file or directory" % path)
        graphs.append((name, path))

    watchdog = Watchdog(a.graph_limit_s)
    watchdog.arm("start-up")
    warnings.filterwarnings("ignore", message=".*[Ss]parse CSR tensor support")
    try:
        import numpy as np
        import torch
    except ImportError as error:
        fail("needs numpy and torch: %s" % error)
    if a.device == "cuda" and not torch.cuda.is_available():
        fail("no CUDA device: torch.cuda.is_available() is False (torch %s)" %
             torch.__version__)
    simple_conv, pyg_note = None, None
    if "pyg" in a.kernels:
        try:
            import torch_geometric
            from torch_geometric.nn import SimpleConv as simple_conv
            log("torch_geometric %s" % torch_geometric.__version__)
        except ImportError as error:
            pyg_note = "skipped: torch_geometric not importable: %s" % error

    start = time.monotonic()
    bench = Bench(a, torch)
    bench.failures = 0
    with torch.no_grad():
        for name, path in graphs:
            watchdog.arm(name)
            t0 = time.monotonic()
            try:
                bench.graph(name, path, np, simple_conv, pyg_note)
            except torch.cuda.OutOfMemoryError as error:
                log("%s: out of memory outside a kernel: %s" % (name, error))
            bench.empty_cache()
            log("%s: %.1f s" % (name, time.monotonic() - t0))
    watchdog.deadline = None
    log("done in %.1f s" % (time.monotonic() - start))
    return 2 if bench.failures else 0


if __name__ == "__main__":
    sys.exit(main())
