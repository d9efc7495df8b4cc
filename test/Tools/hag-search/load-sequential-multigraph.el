# Proves: hag-search reads back the sequential HAG it writes for a graph with repeated edges: a list longer than the HAG's node count (node 1 folds input 0 twelve times) and an aggregation node reading one input twice (the shared prefix 0, 0) are both valid for sequential aggregation. A set HAG whose aggregation node repeats an input is refused at its line.
#
# Rows (kept duplicates): 1: [0 x 12]   2, 3: [0, 0, 1].
# RUN: hag-search %s --keep-duplicates --aggregation=sequential --threshold=2 --capacity=unlimited --emit=%t.hag
# RUN: FileCheck %s --input-file=%t.hag --check-prefix=HAG --match-full-lines --implicit-check-not={{.}}
# HAG:      hag v1 sequential 4 2
# HAG-NEXT: # 2 levels; aggregation nodes are listed level by level
# HAG-NEXT: a 4 0 0
# HAG-NEXT: a 5 4 1
# HAG-NEXT: n 1 11 4 0 0 0 0 0 0 0 0 0 0
# HAG-NEXT: n 2 1 5
# HAG-NEXT: n 3 1 5
# RUN: hag-search %s --keep-duplicates --aggregation=sequential --load=%t.hag --verify | FileCheck %s --check-prefix=LOAD
# LOAD: verify        ok
#
# RUN: printf 'hag v1 set 4 1\na 4 0 0\nn 1 1 4\n' > %t.set.hag
# RUN: not hag-search %s --load=%t.set.hag 2>&1 | FileCheck %s -DFILE=%t.set.hag --check-prefix=SET
# SET: hag-search: error: [[FILE]]:2: aggregation node 4 reads input 0 twice; a set aggregation node reads each input at most once{{$}}
0 1
0 1
0 1
0 1
0 1
0 1
0 1
0 1
0 1
0 1
0 1
0 1
0 2
0 2
1 2
0 3
0 3
1 3
