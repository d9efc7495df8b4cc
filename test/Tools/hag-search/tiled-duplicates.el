# Proves: set aggregation's duplicate-input error names the graph's own node ids when the search is tiled, as it does untiled.
#
# Edge "u v" means v aggregates u, so node 2 aggregates [0, 1, 3, 3]: it lists
# input 3 twice when duplicates are kept. With tiles of 2 nodes, node 2 is the
# first node of tile 1, and input 3 the third distinct input of that tile;
# the error used to name those tile-local ids ("tile 1: ... node 0 lists
# input 2 twice").
#
# RUN: not hag-search %s --keep-duplicates 2>&1 | FileCheck %s
# RUN: not hag-search %s --keep-duplicates --tile-nodes=2 2>&1 | FileCheck %s
# RUN: not hag-search %s --keep-duplicates --tile-nodes=3 2>&1 | FileCheck %s
# CHECK: hag-search: error: set aggregation needs duplicate-free input lists, but node 2 lists input 3 twice (read the graph with duplicate removal){{$}}
#
# Without --keep-duplicates the repeat is dropped and the tiled search runs.
# RUN: hag-search %s --tile-nodes=2 --verify --stats=json | FileCheck %s --check-prefix=DROPPED
# DROPPED: "nodes":4,"edges":5,{{.*}}"verified":true,
0 1
0 2
1 2
3 2
3 2
0 3
