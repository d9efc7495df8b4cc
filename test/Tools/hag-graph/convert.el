# Proves: hag-graph reports a graph's size and degree statistics and converts it to binary CSR and back to an edge list without changing any row, so hag-search gives the same numbers on every copy.
#
# Rows (edge "u v": v aggregates u; file order kept, the repeated "0 4" and
# the self-loop "5 5" dropped by default):
#   4: [0,1,2]   5: [2,1,0]   6: [1,0,2]
# 7 nodes (3 has no edge), 9 edges, max degree 3, 4 isolated (0,1,2,3),
# sum deg^2 = 3*9 = 27.
# RUN: hag-graph %s | FileCheck %s -DFILE=%s --check-prefix=INFO
# INFO: [[FILE]] (edgelist): 7 nodes, 9 edges, max degree 3, 4 isolated, sum deg^2 27, read in
# RUN: hag-graph %s --json | FileCheck %s -DFILE=%s --check-prefix=JSON
# JSON: {"graph":"[[FILE]]","format":"edgelist","nodes":7,"edges":9,"max_degree":3,"isolated_nodes":4,"sum_degree_squared":27,"read_seconds":{{[0-9.e+-]+}}}
# RUN: hag-graph %s --keep-duplicates --keep-self-loops --json | FileCheck %s --check-prefix=KEEP
# KEEP: "nodes":7,"edges":11,"max_degree":4,"isolated_nodes":4,"sum_degree_squared":41,
# RUN: hag-graph %s --symmetrize --json | FileCheck %s --check-prefix=SYM
# SYM: "nodes":7,"edges":18,"max_degree":3,"isolated_nodes":1,"sum_degree_squared":54,
#
# Binary CSR: 40 + 8*7 + 4*9 = 132 bytes.
# RUN: hag-graph %s -o %t.csr | FileCheck %s -DOUT=%t.csr --check-prefix=WROTE
# WROTE: wrote [[OUT]]
# RUN: wc -c < %t.csr | FileCheck %s --check-prefix=SIZE
# SIZE: {{^ *}}132{{$}}
# RUN: hag-graph %t.csr --json | FileCheck %s -DFILE=%t.csr --check-prefix=CSR-JSON
# CSR-JSON: {"graph":"[[FILE]]","format":"csr","nodes":7,"edges":9,"max_degree":3,"isolated_nodes":4,"sum_degree_squared":27,
#
# hag-search on the original and on the CSR copy: the same HAG numbers. All
# three pairs of {0,1,2} are shared by 3 lists: 2 aggregation nodes in 2
# levels; aggregations 6 -> 0 + 2, edge reads 9 -> 3 + 2*2 = 7.
# RUN: hag-search %s --capacity=unlimited --verify --stats=json | FileCheck %s --check-prefix=SEARCH
# RUN: hag-search %t.csr --capacity=unlimited --verify --stats=json | FileCheck %s --check-prefix=SEARCH
# SEARCH: "nodes":7,"edges":9,"agg_nodes":2,"levels":2,"aggregations_before":6,"aggregations_after":2,"edge_reads_before":9,"edge_reads_after":7,
# SEARCH-SAME: "verified":true,"hag":"searched"}
# The HAGs are identical too, and so are the sequential ones (row order kept).
# RUN: hag-search %s --capacity=unlimited --emit=%t.el.hag
# RUN: hag-search %t.csr --capacity=unlimited --emit=%t.csr.hag
# RUN: diff %t.el.hag %t.csr.hag
# RUN: hag-search %s --aggregation=sequential --threshold=2 --emit=%t.el.seq.hag
# RUN: hag-search %t.csr --aggregation=sequential --threshold=2 --emit=%t.csr.seq.hag
# RUN: diff %t.el.seq.hag %t.csr.seq.hag
#
# Edge-list output: one "u v" line per edge, rows in order, each row in its
# input order; converting the CSR copy gives the same file.
# RUN: hag-graph %s -o %t.el | FileCheck %s -DOUT=%t.el --check-prefix=WROTE-EL
# WROTE-EL: wrote [[OUT]]
# RUN: FileCheck %s --input-file=%t.el --check-prefix=EL --match-full-lines --implicit-check-not={{.}}
# EL:      # nodes 7
# EL-NEXT: 0 4
# EL-NEXT: 1 4
# EL-NEXT: 2 4
# EL-NEXT: 2 5
# EL-NEXT: 1 5
# EL-NEXT: 0 5
# EL-NEXT: 1 6
# EL-NEXT: 0 6
# EL-NEXT: 2 6
# RUN: hag-graph %t.csr -o %t.from-csr.el
# RUN: diff %t.el %t.from-csr.el
# RUN: hag-graph %t.el --json | FileCheck %s --check-prefix=EL-JSON
# EL-JSON: "format":"edgelist","nodes":7,"edges":9,
#
# An output name that is neither .csr nor .el (nor .txt) is refused and
# nothing is written.
# RUN: rm -f %t.out.bin
# RUN: not hag-graph %s -o %t.out.bin 2>&1 | FileCheck %s -DOUT=%t.out.bin --check-prefix=BAD-EXT
# BAD-EXT: hag-graph: error: [[OUT]]: unknown output kind (use .csr or .el){{$}}
# RUN: not test -e %t.out.bin
# A folder that does not exist: the error names the path and the reason.
# RUN: not hag-graph %s -o %t.no-such-dir/g.csr 2>&1 | FileCheck %s -DOUT=%t.no-such-dir/g.csr --check-prefix=BAD-DIR
# BAD-DIR: hag-graph: error: [[OUT]]: cannot write: no such file or directory{{$}}
0 4
1 4
2 4
2 5
1 5
0 5
5 5
1 6
0 6
2 6
0 4
