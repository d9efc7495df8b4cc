#!/usr/bin/env python3
"""Prints bench/raised_gcn_bench.py's `computed` module: @gcn(src, dst, x,
y), GCNConv over N nodes and E edges given at run time (hag-run
--entry-args=edges), its normalization computed in the program as PyG's
gcn_norm computes it.

usage: computed_gcn.py N E D"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "bench"))
from raised_gcn_bench import computed_gcn_module  # noqa: E402

if len(sys.argv) != 4:
    sys.exit(__doc__.split("\n\n")[-1])
print(computed_gcn_module(*map(int, sys.argv[1:])))
