# Proves: set-HAG search on a planted graph finds exactly the hand-derived HAG under threshold, capacity, depth and hub limits.
#
# Edge "u v" means v aggregates u. Nodes 6, 7 and 8 all aggregate {0,1,2};
# node 11 aggregates {1,2}; nodes 9 and 10 aggregate {3,4}; node 15 aggregates
# {5}. Ids run to 15, so there are 16 nodes (3, 12, 13, 14 have no edges) and
# 16 edges; the default capacity is floor(16/4) = 4.
#
# Threshold 3, by hand: {1,2} is shared by 4 lists (6,7,8,11), every other
# pair by at most 3, so greedy merges {1,2} -> 16 first; then {0,16} is shared
# by 6,7,8 -> 17. {3,4} (2 lists) stays below the threshold. 2 aggregation
# nodes in 2 levels.
#   aggregations before: (3-1)*3 + (2-1)*3 + 0 = 9
#   aggregations after:  lists 6,7,8,11,15 -> 1 input (0), 9,10 -> 2 inputs (1
#                        each), plus 2 aggregation nodes = 4
#   edge reads: 16 before; after 3 + 2*2 + 1 + 1 + 2*2 = 13
#
# RUN: hag-search %s | FileCheck %s -DFILE=%s --check-prefix=SUMMARY
# SUMMARY:      graph         [[FILE]] (edgelist): 16 nodes, 16 edges, read in
# SUMMARY-NEXT: search        set, capacity |V|/4, threshold 3, max depth none: 2 aggregation nodes in 2 levels,
# SUMMARY-NEXT: aggregations  9 -> 4 (2.250x fewer)
# SUMMARY-NEXT: edge reads    16 -> 13 (1.231x fewer)
# SUMMARY-NEXT: verify        not run
# SUMMARY-NEXT: peak memory   {{[0-9]+\.[0-9]}} MiB
# SUMMARY-NOT:  wrote
#
# RUN: hag-search %s --stats=json | FileCheck %s -DFILE=%s --check-prefix=JSON
# JSON:      {"graph":"[[FILE]]","aggregation":"set","capacity":"|V|/4","threshold":3,"max_depth":0,
# JSON-SAME: "nodes":16,"edges":16,"agg_nodes":2,"levels":2,
# JSON-SAME: "aggregations_before":9,"aggregations_after":4,"edge_reads_before":16,"edge_reads_after":13,
# JSON-SAME: "aggregation_reduction":2.25,
# JSON-SAME: "search_seconds":{{[0-9.e+-]+}},"read_seconds":{{[0-9.e+-]+}},"peak_rss_bytes":{{[1-9][0-9]*}},
# JSON-SAME: "hub_degree":null,"hub_lists":0,"tiles":0,"tile_nodes":0,"depth":2,"verified":false,"hag":"searched"}
#
# --verify checks cover(v) == N(v) for every node and reports it.
# RUN: hag-search %s --verify | FileCheck %s --check-prefix=VERIFY
# VERIFY: 2 aggregation nodes in 2 levels
# VERIFY: verify        ok
# RUN: hag-search %s --verify --stats=json | FileCheck %s --check-prefix=VERIFY-JSON
# VERIFY-JSON: "agg_nodes":2,"levels":2,{{.*}}"verified":true,"hag":"searched"}
#
# Threshold 2 also merges {3,4} (shared by 9 and 10): 3 aggregation nodes, all
# lists of one input, so aggregations after = 3 and edge reads after
# = 7 + 2*3 = 13.
# RUN: hag-search %s --threshold=2 --verify --stats=json | FileCheck %s --check-prefix=T2
# T2: "threshold":2,
# T2-SAME: "nodes":16,"edges":16,"agg_nodes":3,"levels":2,"aggregations_before":9,"aggregations_after":3,"edge_reads_before":16,"edge_reads_after":13,
#
# Capacity 1 keeps only the first merge {1,2}: lists 6,7,8 hold {0,16}, 9,10
# hold {3,4}: aggregations after = 3 + 2 + 1 = 6, edge reads 6 + 4 + 1 + 1 + 2
# = 14.
# RUN: hag-search %s --capacity=1 --verify --stats=json | FileCheck %s --check-prefix=CAP1
# CAP1: "capacity":"1",
# CAP1-SAME: "agg_nodes":1,"levels":1,"aggregations_before":9,"aggregations_after":6,"edge_reads_before":16,"edge_reads_after":14,
# RUN: hag-search %s --capacity=0 --stats=json | FileCheck %s --check-prefix=CAP0
# CAP0: "agg_nodes":0,"levels":0,"aggregations_before":9,"aggregations_after":9,"edge_reads_before":16,"edge_reads_after":16,
#
# Max depth 1 forbids {0,16} (depth 2), so the result equals capacity 1; with
# threshold 2 the depth-1 node {3,4} is still made: 2 nodes in 1 level.
# RUN: hag-search %s --max-depth=1 --verify --stats=json | FileCheck %s --check-prefix=DEPTH1
# DEPTH1: "max_depth":1,
# DEPTH1-SAME: "agg_nodes":1,"levels":1,"aggregations_before":9,"aggregations_after":6,"edge_reads_before":16,"edge_reads_after":14,
# RUN: hag-search %s --max-depth=1 --threshold=2 --verify --stats=json | FileCheck %s --check-prefix=DEPTH1-T2
# DEPTH1-T2: "agg_nodes":2,"levels":1,"aggregations_before":9,"aggregations_after":5,"edge_reads_before":16,"edge_reads_after":14,
#
# Hub degree 2: the three lists of length 3 skip pair counting, leaving {1,2}
# in one counted list only; {3,4} is still merged at threshold 2.
# RUN: hag-search %s --hub-degree=2 --threshold=2 --verify --stats=json | FileCheck %s --check-prefix=HUB
# HUB: "agg_nodes":1,"levels":1,"aggregations_before":9,"aggregations_after":8,
# HUB-SAME: "hub_degree":2,"hub_lists":3,"tiles":0,"tile_nodes":0,"depth":{{[0-9]+}},"verified":true,"hag":"searched"}
# RUN: hag-search %s --hub-degree=2 --threshold=2 | FileCheck %s --check-prefix=HUB-SUMMARY
# HUB-SUMMARY: hub lists     3 lists longer than 2 skipped pair counting
#
# --emit writes the HAG as hag v1 text: the header, aggregation nodes level by
# level (inputs first) and one "n v k inputs..." line per non-empty list.
# RUN: hag-search %s --verify --emit=%t.hag | FileCheck %s -DOUT=%t.hag --check-prefix=EMIT
# EMIT: verify        ok
# EMIT: wrote         [[OUT]]
# RUN: FileCheck %s --input-file=%t.hag --check-prefix=HAG --match-full-lines --implicit-check-not={{.}}
# HAG:      hag v1 set 16 2
# HAG-NEXT: # 2 levels; aggregation nodes are listed level by level
# HAG-NEXT: a 16 1 2
# HAG-NEXT: a 17 0 16
# HAG-NEXT: n 6 1 17
# HAG-NEXT: n 7 1 17
# HAG-NEXT: n 8 1 17
# HAG-NEXT: n 9 2 3 4
# HAG-NEXT: n 10 2 3 4
# HAG-NEXT: n 11 1 16
# HAG-NEXT: n 15 1 5
# The emitted file loads back (--load) as the same, verified HAG.
# RUN: hag-search %s --load=%t.hag --verify --stats=json | FileCheck %s --check-prefix=RELOAD
# RELOAD: "nodes":16,"edges":16,"agg_nodes":2,"levels":2,"aggregations_before":9,"aggregations_after":4,"edge_reads_before":16,"edge_reads_after":13,
# RELOAD-SAME: "verified":true,"hag":"{{[^"]*}}.hag"}
0 6
1 6
2 6
0 7
1 7
2 7
0 8
1 8
2 8
3 9
4 9
3 10
4 10
1 11
2 11
5 15
#
# Wider aggregation nodes at the same capacity. With one node allowed, pairs
# merge {1,2} -> 16 (4 lists): 9 -> 6 aggregations, 16 -> 14 edge reads.
# --max-inputs=3 widens {1,2} by 0 (in 3 of its 4 lists: saving (3-1)*(3-1) =
# 4 > (4-1)*(2-1) = 3): one node {0,1,2} for lists 6,7,8, node 11 keeps
# {1,2}: aggregations 2 (the node) + 1 (11) + 2 (9, 10) = 5; edge reads 3 +
# 3 + 2 + 4 + 1 = 13.
# RUN: hag-search %s --capacity=1 --verify | FileCheck %s --check-prefix=PAIR1
# PAIR1: aggregations  9 -> 6 (1.500x fewer)
# PAIR1: edge reads    16 -> 14
# RUN: hag-search %s --capacity=1 --max-inputs=3 --verify --emit=%t.wide.hag | FileCheck %s --check-prefix=WIDE1
# WIDE1: search        set, capacity 1, threshold 3, max depth none, up to 3 inputs per node: 1 aggregation nodes in 1 levels,
# WIDE1: aggregations  9 -> 5 (1.800x fewer)
# WIDE1: edge reads    16 -> 13 (1.231x fewer)
# WIDE1: verify        ok
# RUN: FileCheck %s --check-prefix=WIDE-FILE < %t.wide.hag
# WIDE-FILE: a 16 0 1 2
# The file loads back and checks against the graph.
# RUN: hag-search %s --load=%t.wide.hag --verify | FileCheck %s --check-prefix=WIDE-LOAD
# WIDE-LOAD: aggregations  9 -> 5
# WIDE-LOAD: verify        ok
# Without a capacity bound the pairs' two nodes do more here: wider nodes pay
# off where rows are the scarce resource.
# RUN: hag-search %s --max-inputs=3 | FileCheck %s --check-prefix=WIDE-FREE
# WIDE-FREE: aggregations  9 -> 5
