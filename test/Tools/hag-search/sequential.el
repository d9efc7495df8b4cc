# Proves: sequential aggregation shares exactly the common prefixes of the ordered input lists, and --order=degree reorders lists before the search.
#
# Edge "u v" means v aggregates u, and a row keeps the file's order:
#   10: [0,1,2,3]   11: [0,1,2,4]   12: [0,1,5]   13: [1,0]
#   20: [8,6,7]     21: [6,8,7]     22: [7,8,6]    8: [15,16]
# 23 nodes (ids 0..22), 24 edges; aggregations before = 3+3+2+1+2+2+2+1 = 16.
#
# Given order, threshold 2: prefix (0,1) is shared by 10,11,12 and (0,1,2) by
# 10,11; nothing else repeats ([1,0] is another prefix). 2 nodes, 2 levels:
#   23 = (0,1), 24 = (23,2); lists 10: [24,3], 11: [24,4], 12: [23,5].
#   aggregations after = 1+1+1+1+2+2+2+1 + 2 = 13
#   edge reads after   = 2+2+2+2+3+3+3+2 + 2*2 = 23
# RUN: hag-search %s --aggregation=sequential --threshold=2 --capacity=unlimited --verify --stats=json \
# RUN:   | FileCheck %s --check-prefix=GIVEN
# GIVEN: "aggregation":"sequential","capacity":"unlimited","threshold":2,"max_depth":0,
# GIVEN-SAME: "nodes":23,"edges":24,"agg_nodes":2,"levels":2,"aggregations_before":16,"aggregations_after":13,"edge_reads_before":24,"edge_reads_after":23,
# GIVEN-SAME: "verified":true,"hag":"searched"}
#
# Threshold 3 keeps (0,1) only (3 lists); (0,1,2) has 2.
# RUN: hag-search %s --aggregation=sequential --threshold=3 --capacity=unlimited --verify --stats=json \
# RUN:   | FileCheck %s --check-prefix=GIVEN-T3
# GIVEN-T3: "nodes":23,"edges":24,"agg_nodes":1,"levels":1,"aggregations_before":16,"aggregations_after":14,"edge_reads_before":24,"edge_reads_after":23,
#
# In the emitted sequential hag v1 text each aggregation node is (prefix node, next
# input), and every list starts with the node of its longest kept prefix.
# RUN: hag-search %s --aggregation=sequential --threshold=2 --capacity=unlimited --emit=%t.hag
# RUN: FileCheck %s --input-file=%t.hag --check-prefix=HAG --match-full-lines --implicit-check-not={{.}}
# HAG:      hag v1 sequential 23 2
# HAG-NEXT: # 2 levels; aggregation nodes are listed level by level
# HAG-NEXT: a 23 0 1
# HAG-NEXT: a 24 23 2
# HAG-NEXT: n 8 2 15 16
# HAG-NEXT: n 10 2 24 3
# HAG-NEXT: n 11 2 24 4
# HAG-NEXT: n 12 2 23 5
# HAG-NEXT: n 13 2 1 0
# HAG-NEXT: n 20 3 8 6 7
# HAG-NEXT: n 21 3 6 8 7
# HAG-NEXT: n 22 3 7 8 6
#
# --order=degree sorts each list by |N(u)| descending, ties by smaller id.
# Node 8 has 2 inputs, every other input node none, so the lists become
#   10: [0,1,2,3]  11: [0,1,2,4]  12: [0,1,5]  13: [0,1]  20,21,22: [8,6,7]
# Threshold 2: (0,1) x4, (0,1,2) x2, (8,6) x3, (8,6,7) x3: 4 nodes, 2 levels.
#   aggregations after = 1+1+1+0+0+0+0+1 + 4 = 8
#   edge reads after   = 2+2+2+1+1+1+1+2 + 2*4 = 20
# RUN: hag-search %s --aggregation=sequential --order=degree --threshold=2 --capacity=unlimited --verify --stats=json \
# RUN:   | FileCheck %s --check-prefix=DEGREE
# DEGREE: "nodes":23,"edges":24,"agg_nodes":4,"levels":2,"aggregations_before":16,"aggregations_after":8,"edge_reads_before":24,"edge_reads_after":20,
# DEGREE-SAME: "verified":true,"hag":"searched"}
# RUN: hag-search %s --aggregation=sequential --order=degree --threshold=2 --capacity=unlimited --emit=%t.degree.hag
# RUN: FileCheck %s --input-file=%t.degree.hag --check-prefix=DEGREE-HAG --match-full-lines --implicit-check-not={{.}}
# DEGREE-HAG:      hag v1 sequential 23 4
# DEGREE-HAG-NEXT: # 2 levels; aggregation nodes are listed level by level
# DEGREE-HAG-NEXT: a 23 0 1
# DEGREE-HAG-NEXT: a 24 8 6
# DEGREE-HAG-NEXT: a 25 24 7
# DEGREE-HAG-NEXT: a 26 23 2
# DEGREE-HAG-NEXT: n 8 2 15 16
# DEGREE-HAG-NEXT: n 10 2 26 3
# DEGREE-HAG-NEXT: n 11 2 26 4
# DEGREE-HAG-NEXT: n 12 2 23 5
# DEGREE-HAG-NEXT: n 13 1 23
# DEGREE-HAG-NEXT: n 20 1 25
# DEGREE-HAG-NEXT: n 21 1 25
# DEGREE-HAG-NEXT: n 22 1 25
#
# Threshold 3 under degree order drops (0,1,2) only: 3 nodes. A capacity of 3
# keeps the 3 most shared prefixes, which are the same 3.
# RUN: hag-search %s --aggregation=sequential --order=degree --threshold=3 --capacity=unlimited --stats=json \
# RUN:   | FileCheck %s --check-prefix=DEGREE-3
# RUN: hag-search %s --aggregation=sequential --order=degree --threshold=2 --capacity=3 --verify --stats=json \
# RUN:   | FileCheck %s --check-prefix=DEGREE-3
# DEGREE-3: "agg_nodes":3,"levels":2,"aggregations_before":16,"aggregations_after":9,"edge_reads_before":24,"edge_reads_after":20,
#
# Max depth 1 keeps prefixes of length 2 only: (0,1) and (8,6).
# RUN: hag-search %s --aggregation=sequential --order=degree --threshold=2 --capacity=unlimited --max-depth=1 --verify --stats=json \
# RUN:   | FileCheck %s --check-prefix=DEGREE-DEPTH1
# DEGREE-DEPTH1: "agg_nodes":2,"levels":1,"aggregations_before":16,"aggregations_after":11,"edge_reads_before":24,"edge_reads_after":21,
#
# --order would have no effect on set aggregation (a set has no order), so
# giving it there is refused rather than ignored.
# RUN: not hag-search %s --threshold=2 --capacity=unlimited --order=given 2>&1 | FileCheck %s --check-prefix=SET-ORDER
# RUN: not hag-search %s --threshold=2 --capacity=unlimited --order=degree 2>&1 | FileCheck %s --check-prefix=SET-ORDER
# SET-ORDER: hag-search: error: --order needs --aggregation=sequential (a set aggregation's lists have no order){{$}}
0 10
1 10
2 10
3 10
0 11
1 11
2 11
4 11
0 12
1 12
5 12
1 13
0 13
8 20
6 20
7 20
6 21
8 21
7 21
7 22
8 22
6 22
15 8
16 8
