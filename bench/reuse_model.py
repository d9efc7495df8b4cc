#!/usr/bin/env python3
"""How often the CPU kernels' row reads and writes would miss L1: a count,
not a timing (docs/CpuPerformance.md, "Reuse distance").

Reads a set HAG in hag v1 text (`hag-search --emit`), recovers each node's
list (the graph nodes its HAG list covers), and replays three kernels'
sequences of row touches through a least-recently-used cache of whole rows
(--cache-bytes, 32 KB by default: one core's L1 here), one row being 4·d
bytes:

  plain      each node reads the rows of its list, then writes its result.
  hag        the shape of the generated tiled kernel (bench/read_bound.c's
             `hag`): per tile, each aggregation node reads its aggregation
             rows, then its graph rows, and writes its row of the scratch
             buffer (one buffer, reused by every tile); then each node of
             the tile reads its list the same way and writes its result.
  hag-steps  bench/read_bound.c's `hag-steps`: each tile's aggregation
             nodes in the order its nodes first need them (inputs first),
             its nodes in steps of --step-nodes, each step after the
             aggregation rows it needs that are not computed yet.

Prints, per width and kernel, the rows that miss, and the rows touched:
read, aggregation rows written, results written. One thread's view: the threads' shares of the graph are replayed one
after the other through the same cache, as if each had its own.
Standard library only.

  build/bin/hag-search GRAPH --capacity=unlimited --threshold=2 \\
      --max-inputs=8 --tile-nodes=32 --emit=/tmp/g.hag --quiet
  python3 bench/reuse_model.py /tmp/g.hag --widths=64,256
"""
import argparse
import collections
import sys


def fail(message):
    sys.exit("reuse_model: error: " + message)


def read_hag(path):
    """(nodes, aggregation inputs by id, node lists, tiles as (first node,
    first aggregation id)) of a set HAG."""
    try:
        text = open(path).read().splitlines()
    except OSError as e:
        fail("cannot open %s: %s" % (path, e.strerror))
    num_nodes = num_agg = None
    aggs, lists, tiles = {}, {}, []
    for number, line in enumerate(text, 1):
        cells = line.split()
        if not cells or cells[0].startswith("#"):
            continue
        where = "%s:%d" % (path, number)
        if num_nodes is None:
            if cells[:3] != ["hag", "v1", "set"] or len(cells) != 5:
                fail("%s: expected 'hag v1 set <nodes> <aggregation nodes>' "
                     "(a set HAG)" % where)
            num_nodes, num_agg = int(cells[3]), int(cells[4])
            continue
        try:
            ids = [int(c) for c in cells[1:]]
        except ValueError:
            fail("%s: not a number in '%s'" % (where, line.strip()))
        if any(i < 0 or i >= num_nodes + num_agg for i in ids):
            fail("%s: an id outside 0..%d" % (where, num_nodes + num_agg - 1))
        kind = cells[0]
        if kind == "t" and len(ids) == 2:
            tiles.append((ids[0], ids[1]))
        elif kind == "a" and len(ids) >= 3 and ids[0] >= num_nodes:
            if any(i >= ids[0] for i in ids[1:]):
                fail("%s: aggregation node %d reads one not defined before "
                     "it" % (where, ids[0]))
            aggs[ids[0]] = ids[1:]
        elif kind == "n" and len(ids) >= 2 and ids[0] < num_nodes \
                and ids[1] == len(ids) - 2:
            lists[ids[0]] = ids[2:]
        else:
            fail("%s: not a 't', 'a' or 'n' line of hag v1" % where)
    if num_nodes is None:
        fail("%s: no 'hag v1' header" % path)
    if len(aggs) != num_agg:
        fail("%s: %d aggregation nodes defined, the header says %d"
             % (path, len(aggs), num_agg))
    if not tiles:
        tiles = [(0, num_nodes)]
    return num_nodes, aggs, lists, tiles


def graph_lists(num_nodes, aggs, lists):
    """Each node's list as the graph nodes it covers, ascending."""
    cover = {}
    for a in sorted(aggs):
        cover[a] = [x for i in aggs[a]
                    for x in ([i] if i < num_nodes else cover[i])]
    return {v: sorted(x for i in items
                      for x in ([i] if i < num_nodes else cover[i]))
            for v, items in lists.items()}


def split(items, num_nodes):
    """A list's aggregation entries first, as the kernels read it."""
    return ([i for i in items if i >= num_nodes] +
            [i for i in items if i < num_nodes])


# A touch is (row, kind): the row a graph node id, ("scratch", slot) or
# ("result", node); kind READ, AGG_WRITE or RESULT_WRITE.
READ, AGG_WRITE, RESULT_WRITE = "read", "aggregation write", "result write"


def plain_touches(num_nodes, graph):
    for v in range(num_nodes):
        for x in graph.get(v, []):
            yield x, READ
        yield ("result", v), RESULT_WRITE


def tile_bounds(num_nodes, aggs, tiles):
    bounds = tiles + [(num_nodes, num_nodes + len(aggs))]
    return [(bounds[t][0], bounds[t + 1][0], bounds[t][1], bounds[t + 1][1])
            for t in range(len(tiles))]


def list_touches(items, num_nodes, slot_of):
    for i in split(items, num_nodes):
        if i < num_nodes:
            yield i, READ
        elif i in slot_of:
            yield ("scratch", slot_of[i]), READ
        else:
            fail("aggregation node %d is read outside its tile" % i)


def aggregation_row(a, aggs, num_nodes, slot_of):
    """Aggregation node a's inputs read, then its scratch row written."""
    yield from list_touches(aggs[a], num_nodes, slot_of)
    yield ("scratch", slot_of[a]), AGG_WRITE


def node_row(v, lists, num_nodes, slot_of):
    """Node v's list read, then its result written."""
    yield from list_touches(lists.get(v, []), num_nodes, slot_of)
    yield ("result", v), RESULT_WRITE


def hag_touches(num_nodes, aggs, lists, tiles):
    for n0, n1, a0, a1 in tile_bounds(num_nodes, aggs, tiles):
        slot_of = {a: a - a0 for a in range(a0, a1)}
        for a in range(a0, a1):
            yield from aggregation_row(a, aggs, num_nodes, slot_of)
        for v in range(n0, n1):
            yield from node_row(v, lists, num_nodes, slot_of)


def steps_touches(num_nodes, aggs, lists, tiles, step_nodes):
    for n0, n1, a0, a1 in tile_bounds(num_nodes, aggs, tiles):
        # Demand order: a tile's aggregation nodes numbered as its nodes
        # first need them, inputs first (an explicit stack, no recursion).
        order, numbered = [], set()

        def number(root):
            stack = [(root, False)]
            while stack:
                a, inputs_done = stack.pop()
                if a in numbered:
                    continue
                if inputs_done:
                    numbered.add(a)
                    order.append(a)
                    continue
                stack.append((a, True))
                for i in reversed(aggs[a]):
                    if i >= num_nodes and i not in numbered:
                        stack.append((i, False))

        for v in range(n0, n1):
            for i in lists.get(v, []):
                if i >= num_nodes:
                    number(i)
        for a in range(a0, a1):
            number(a)
        slot_of = {a: k for k, a in enumerate(order)}
        computed = 0
        for first in range(n0, n1, step_nodes):
            step = range(first, min(first + step_nodes, n1))
            need = max([slot_of[i] + 1 for v in step
                        for i in lists.get(v, []) if i >= num_nodes],
                       default=0)
            while computed < need:
                yield from aggregation_row(order[computed], aggs, num_nodes,
                                           slot_of)
                computed += 1
            for v in step:
                yield from node_row(v, lists, num_nodes, slot_of)
        # The tile's aggregation nodes none of its nodes reads, last.
        for a in order[computed:]:
            yield from aggregation_row(a, aggs, num_nodes, slot_of)


def replay(touches, capacity):
    """(misses, rows read, aggregation rows written, result rows written) of
    a least-recently-used cache of `capacity` rows; a row written counts as
    a miss when it is not in the cache (it is fetched to be written)."""
    cache = collections.OrderedDict()
    misses = 0
    count = collections.Counter()
    for row, kind in touches:
        count[kind] += 1
        if row in cache:
            cache.move_to_end(row)
            continue
        misses += 1
        cache[row] = None
        if len(cache) > capacity:
            cache.popitem(last=False)
    return misses, count[READ], count[AGG_WRITE], count[RESULT_WRITE]


def main():
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("hag", help="a set HAG, as hag-search --emit writes it")
    p.add_argument("--widths", default="64,256",
                   help="feature widths d, comma-separated")
    p.add_argument("--cache-bytes", type=int, default=32768)
    p.add_argument("--step-nodes", type=int, default=8)
    a = p.parse_args()
    try:
        widths = [int(w) for w in a.widths.split(",")]
    except ValueError:
        fail("--widths must be integers separated by commas, not '%s'"
             % a.widths)
    if any(w <= 0 for w in widths) or a.cache_bytes <= 0 or a.step_nodes <= 0:
        fail("--widths, --cache-bytes and --step-nodes must be positive")
    num_nodes, aggs, lists, tiles = read_hag(a.hag)
    graph = graph_lists(num_nodes, aggs, lists)
    kernels = [
        ("plain", lambda: plain_touches(num_nodes, graph)),
        ("hag", lambda: hag_touches(num_nodes, aggs, lists, tiles)),
        ("hag-steps", lambda: steps_touches(num_nodes, aggs, lists, tiles,
                                            a.step_nodes)),
    ]
    print("%s: %d nodes, %d aggregation nodes, %d tiles; LRU cache of %d "
          "bytes, steps of %d nodes" % (a.hag, num_nodes, len(aggs),
                                        len(tiles), a.cache_bytes,
                                        a.step_nodes))
    print("%-5s %-10s %8s %8s %8s %8s" % ("d", "kernel", "misses", "reads",
                                         "agg-rows", "results"))
    for d in widths:
        capacity = max(1, a.cache_bytes // (4 * d))
        for name, touches in kernels:
            print("%-5d %-10s %8d %8d %8d %8d"
                  % ((d, name) + replay(touches(), capacity)))


if __name__ == "__main__":
    main()
