# Proves: every invalid hag-search option is refused with a message naming the option and the bad value, and set aggregation refuses a list that holds an input twice.
#
# The file is a valid graph: node 1 aggregates [0, 2, 0], so it lists input 0
# twice unless duplicates are dropped (the default).
# RUN: hag-search %s --stats=json | FileCheck %s --check-prefix=OK
# OK: "nodes":3,"edges":2,
#
# RUN: not hag-search %s --capacity=lots 2>&1 | FileCheck %s --check-prefix=CAPACITY
# CAPACITY: hag-search: error: --capacity: capacity 'lots' is not a node count, a fraction such as 0.25, or 'unlimited'{{$}}
# RUN: not hag-search %s --capacity=0.0 2>&1 | FileCheck %s --check-prefix=CAPACITY-FRACTION
# CAPACITY-FRACTION: hag-search: error: --capacity: capacity '0.0' is not a positive fraction of |V| such as 0.25{{$}}
# RUN: not hag-search %s --threshold=1 2>&1 | FileCheck %s --check-prefix=THRESHOLD
# THRESHOLD: hag-search: error: threshold 1 is below 2: a node shared by one list saves nothing{{$}}
# RUN: not hag-search %s --aggregation=bag 2>&1 | FileCheck %s --check-prefix=AGGREGATION
# AGGREGATION: hag-search: error: --aggregation must be set or sequential, not 'bag'{{$}}
# RUN: not hag-search %s --aggregation=sequential --order=x 2>&1 | FileCheck %s --check-prefix=ORDER
# ORDER: hag-search: error: --order must be given or degree, not 'x'{{$}}
# RUN: not hag-search %s --hub-degree=1 2>&1 | FileCheck %s --check-prefix=HUB
# HUB: hag-search: error: --hub-degree must be auto, none or a number >= 2, not '1'{{$}}
# RUN: not hag-search %s --stats=xml 2>&1 | FileCheck %s --check-prefix=STATS
# STATS: hag-search: error: --stats only supports json, not 'xml'{{$}}
# RUN: not hag-search %s --format=graphml 2>&1 | FileCheck %s --check-prefix=FORMAT
# FORMAT: hag-search: error: unknown --format 'graphml' (auto|edgelist|mtx|tu|dgcnn|cites|csr){{$}}
# RUN: not hag-search %s --base=2 2>&1 | FileCheck %s --check-prefix=BASE -DFILE=%s
# BASE: hag-search: error: [[FILE]]: unsupported id base 2 for an edge list (expected 0 or 1){{$}}
#
# RUN: not hag-search %s --keep-duplicates 2>&1 | FileCheck %s --check-prefix=TWICE
# TWICE: hag-search: error: set aggregation needs duplicate-free input lists, but node 1 lists input 0 twice (read the graph with duplicate removal){{$}}
# A sequential list may repeat an input.
# RUN: hag-search %s --keep-duplicates --aggregation=sequential --verify --stats=json | FileCheck %s --check-prefix=SEQ-DUP
# SEQ-DUP: "nodes":3,"edges":3,{{.*}}"verified":true,"hag":"searched"}
#
# RUN: not hag-search 2>&1 | FileCheck %s --check-prefix=NO-INPUT
# NO-INPUT: hag-search: error: no input graph (give a file or --generate=SPEC){{$}}
# RUN: not hag-search %s --generate=rmat:scale=4 2>&1 | FileCheck %s --check-prefix=BOTH
# BOTH: hag-search: error: give either a file or --generate=SPEC, not both{{$}}
0 1
2 1
0 1
# RUN: not hag-search %s --max-inputs=1 2>&1 | FileCheck %s --check-prefix=MAX-INPUTS
# MAX-INPUTS: hag-search: error: max inputs 1 is below 2: an aggregation node combines at least two inputs{{$}}
# RUN: not hag-search %s --max-inputs=3 --aggregation=sequential 2>&1 | FileCheck %s --check-prefix=MAX-INPUTS-SEQ
# MAX-INPUTS-SEQ: hag-search: error: max inputs 3 needs set aggregation: a sequential HAG's nodes are shared prefixes, one input longer each{{$}}
