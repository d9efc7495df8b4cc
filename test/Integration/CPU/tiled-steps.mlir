// REQUIRES: openmp-runtime
// A tiled plan at a static width of 256 and of 512 runs each tile in steps
// of 4 nodes, each step after the aggregation rows it reads. The kernel
// must give the plain aggregation's numbers whatever the plan's numbering,
// so this plan's is the worst for steps: node 0, in the first step, reads
// the deepest aggregation node, numbered after every other but one; the
// last, 15 = (8, 9), is read by no list (no step computes it, and nothing
// may depend on its row). Sums of small integers are exact in any order,
// so every difference printed must be 0. Sum and max (split lists) and a
// custom combiner (lists read entry by entry), over 256 floats per row
// (blocks unrolled) and 512 (a loop over blocks).
// RUN: hag-opt %s -hag-lower-to-cpu | %mlir_runner -e main -entry-point-result=void %runner_libs | FileCheck %s
// RUN: hag-opt %s -convert-hag-to-scf | FileCheck %s --check-prefix=STEPS

// Every kernel through the plan runs in steps (the plain ones have no tiles).
// STEPS-COUNT-6: step %c4 iter_args
// STEPS-NOT: step %c4 iter_args

// The graph: N(0) = [1, 2, 3, 4], N(1) = [1, 2], N(2) = [], N(3) = [5, 6],
// N(4) = [1, 2, 5, 6], N(5) = [7], N(6) = [3, 4], N(7) = [3, 4, 7],
// N(8) = [8, 9], N(9) = [0], and nodes 10-19 the same 10 ids up; tiles
// {0..9} and {10..19}. Aggregation nodes 20 = (3, 4), 21 = (5, 6),
// 22 = (1, 2), 23 = (22, 20), 24 = (22, 21), 25 = (8, 9) in the first
// tile, and 26-31 the same, 10 node ids and 6 aggregation ids up, in the
// second. Steps: nodes 0-3 need 20-23 (node 0 reads 23), nodes 4-7 need 24
// as well, nodes 8-9 nothing more; the same in the second tile. The
// lowering makes the ids local to the tile (20 + index in the tile), so
// every bound of the second tile adds its first aggregation node, 6: a
// bound off by it computes too few rows.

// f(v, j) = ((7 v + 13 j) mod 101) - 50.
func.func @features() -> tensor<20x512xf32> {
  %e = tensor.empty() : tensor<20x512xf32>
  %x = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>],
                       iterator_types = ["parallel", "parallel"]} outs(%e : tensor<20x512xf32>) {
  ^bb0(%o: f32):
    %i = linalg.index 0 : index
    %j = linalg.index 1 : index
    %c7 = arith.constant 7 : index
    %c13 = arith.constant 13 : index
    %c101 = arith.constant 101 : index
    %a = arith.muli %i, %c7 : index
    %b = arith.muli %j, %c13 : index
    %s = arith.addi %a, %b : index
    %m = arith.remui %s, %c101 : index
    %k = arith.index_cast %m : index to i64
    %f = arith.uitofp %k : i64 to f32
    %c50 = arith.constant 50.0 : f32
    %r = arith.subf %f, %c50 : f32
    linalg.yield %r : f32
  } -> tensor<20x512xf32>
  return %x : tensor<20x512xf32>
}

// max over all elements of |a - b|.
func.func @max_difference(%a: tensor<20x?xf32>, %b: tensor<20x?xf32>) -> f32 {
  %zero = arith.constant 0.0 : f32
  %init = tensor.empty() : tensor<f32>
  %acc = linalg.fill ins(%zero : f32) outs(%init : tensor<f32>) -> tensor<f32>
  %r = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>,
                                        affine_map<(i, j) -> ()>],
                       iterator_types = ["reduction", "reduction"]}
      ins(%a, %b : tensor<20x?xf32>, tensor<20x?xf32>) outs(%acc : tensor<f32>) {
  ^bb0(%x: f32, %y: f32, %m: f32):
    %d = arith.subf %x, %y : f32
    %ad = math.absf %d : f32
    %n = arith.maximumf %m, %ad : f32
    linalg.yield %n : f32
  } -> tensor<f32>
  %e = tensor.extract %r[] : tensor<f32>
  return %e : f32
}

// The sum of every element, so that a result of zeros cannot pass.
func.func @total(%a: tensor<20x?xf32>) -> f32 {
  %zero = arith.constant 0.0 : f32
  %init = tensor.empty() : tensor<f32>
  %acc = linalg.fill ins(%zero : f32) outs(%init : tensor<f32>) -> tensor<f32>
  %r = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> ()>],
                       iterator_types = ["reduction", "reduction"]}
      ins(%a : tensor<20x?xf32>) outs(%acc : tensor<f32>) {
  ^bb0(%x: f32, %m: f32):
    %n = arith.addf %m, %x : f32
    linalg.yield %n : f32
  } -> tensor<f32>
  %e = tensor.extract %r[] : tensor<f32>
  return %e : f32
}

func.func @compare(%plain: tensor<20x?xf32>, %planned: tensor<20x?xf32>) {
  %d = call @max_difference(%plain, %planned) : (tensor<20x?xf32>, tensor<20x?xf32>) -> f32
  %t = call @total(%plain) : (tensor<20x?xf32>) -> f32
  %u = call @total(%planned) : (tensor<20x?xf32>) -> f32
  vector.print %d : f32
  vector.print %t : f32
  vector.print %u : f32
  return
}

func.func @main() {
  %g = hag.graph_constant offsets(dense<[0, 4, 6, 6, 8, 12, 13, 15, 18, 20, 21, 25, 27, 27, 29, 33, 34, 36, 39, 41, 42]> : tensor<21xi64>)
      indices(dense<[1, 2, 3, 4, 1, 2, 5, 6, 1, 2, 5, 6, 7, 3, 4, 3, 4, 7, 8, 9, 0,
                     11, 12, 13, 14, 11, 12, 15, 16, 11, 12, 15, 16, 17, 13, 14, 13, 14, 17, 18, 19, 10]> : tensor<42xi32>)
      : !hag.graph<20>
  %p = hag.plan_constant agg_inputs(dense<[[3, 4], [5, 6], [1, 2], [22, 20], [22, 21], [8, 9],
                                           [13, 14], [15, 16], [11, 12], [28, 26], [28, 27], [18, 19]]> : tensor<12x2xi32>)
      levels(dense<[0, 12]> : tensor<2xi32>)
      list_offsets(dense<[0, 1, 2, 2, 3, 4, 5, 6, 8, 10, 11, 12, 13, 13, 14, 15, 16, 17, 19, 21, 22]> : tensor<21xi64>)
      list_indices(dense<[23, 22, 21, 24, 7, 20, 20, 7, 8, 9, 0,
                          29, 28, 27, 30, 17, 26, 26, 17, 18, 19, 10]> : tensor<22xi32>)
      tiles(dense<[[0, 0], [10, 6], [20, 12]]> : tensor<3x2xi32>) : !hag.plan<set, 20>
  %wide = call @features() : () -> tensor<20x512xf32>
  %x = tensor.extract_slice %wide[0, 0] [20, 256] [1, 1] : tensor<20x512xf32> to tensor<20x256xf32>

  // CHECK: sum 256
  // CHECK-NEXT: 0
  // CHECK-NEXT: [[SUM256:-?[1-9][0-9]*]]
  // CHECK-NEXT: [[SUM256]]
  vector.print str "sum 256\n"
  %s = hag.aggregate sum %g, %x : !hag.graph<20>, tensor<20x256xf32> -> tensor<20x256xf32>
  %sp = hag.plan_aggregate sum %p, %x : !hag.plan<set, 20>, tensor<20x256xf32> -> tensor<20x256xf32>
  %s_ = tensor.cast %s : tensor<20x256xf32> to tensor<20x?xf32>
  %sp_ = tensor.cast %sp : tensor<20x256xf32> to tensor<20x?xf32>
  call @compare(%s_, %sp_) : (tensor<20x?xf32>, tensor<20x?xf32>) -> ()

  // CHECK: max 256
  // CHECK-NEXT: 0
  // CHECK-NEXT: [[MAX256:-?[1-9][0-9]*]]
  // CHECK-NEXT: [[MAX256]]
  vector.print str "max 256\n"
  %m = hag.aggregate max %g, %x : !hag.graph<20>, tensor<20x256xf32> -> tensor<20x256xf32>
  %mp = hag.plan_aggregate max %p, %x : !hag.plan<set, 20>, tensor<20x256xf32> -> tensor<20x256xf32>
  %m_ = tensor.cast %m : tensor<20x256xf32> to tensor<20x?xf32>
  %mp_ = tensor.cast %mp : tensor<20x256xf32> to tensor<20x?xf32>
  call @compare(%m_, %mp_) : (tensor<20x?xf32>, tensor<20x?xf32>) -> ()

  // A custom combiner (addition written as a region): its lists are read
  // entry by entry, each entry checked for which kind of row it names, and
  // its fold starts from a list's first row.
  // CHECK: custom 256
  // CHECK-NEXT: 0
  // CHECK-NEXT: [[CUSTOM256:-?[1-9][0-9]*]]
  // CHECK-NEXT: [[CUSTOM256]]
  vector.print str "custom 256\n"
  %c = hag.aggregate custom %g, %x commutative combiner {
  ^bb0(%acc: f32, %next: f32):
    %s2 = arith.addf %acc, %next : f32
    hag.yield %s2 : f32
  } : !hag.graph<20>, tensor<20x256xf32> -> tensor<20x256xf32>
  %cp = hag.plan_aggregate custom %p, %x commutative combiner {
  ^bb0(%acc: f32, %next: f32):
    %s2 = arith.addf %acc, %next : f32
    hag.yield %s2 : f32
  } : !hag.plan<set, 20>, tensor<20x256xf32> -> tensor<20x256xf32>
  %c_ = tensor.cast %c : tensor<20x256xf32> to tensor<20x?xf32>
  %cp_ = tensor.cast %cp : tensor<20x256xf32> to tensor<20x?xf32>
  call @compare(%c_, %cp_) : (tensor<20x?xf32>, tensor<20x?xf32>) -> ()

  // CHECK: sum 512
  // CHECK-NEXT: 0
  // CHECK-NEXT: [[SUM512:-?[1-9][0-9]*]]
  // CHECK-NEXT: [[SUM512]]
  vector.print str "sum 512\n"
  %w = hag.aggregate sum %g, %wide : !hag.graph<20>, tensor<20x512xf32> -> tensor<20x512xf32>
  %wp = hag.plan_aggregate sum %p, %wide : !hag.plan<set, 20>, tensor<20x512xf32> -> tensor<20x512xf32>
  %w_ = tensor.cast %w : tensor<20x512xf32> to tensor<20x?xf32>
  %wp_ = tensor.cast %wp : tensor<20x512xf32> to tensor<20x?xf32>
  call @compare(%w_, %wp_) : (tensor<20x?xf32>, tensor<20x?xf32>) -> ()

  // CHECK: max 512
  // CHECK-NEXT: 0
  // CHECK-NEXT: [[MAX512:-?[1-9][0-9]*]]
  // CHECK-NEXT: [[MAX512]]
  vector.print str "max 512\n"
  %n = hag.aggregate max %g, %wide : !hag.graph<20>, tensor<20x512xf32> -> tensor<20x512xf32>
  %np = hag.plan_aggregate max %p, %wide : !hag.plan<set, 20>, tensor<20x512xf32> -> tensor<20x512xf32>
  %n_ = tensor.cast %n : tensor<20x512xf32> to tensor<20x?xf32>
  %np_ = tensor.cast %np : tensor<20x512xf32> to tensor<20x?xf32>
  call @compare(%n_, %np_) : (tensor<20x?xf32>, tensor<20x?xf32>) -> ()

  // CHECK: custom 512
  // CHECK-NEXT: 0
  // CHECK-NEXT: [[CUSTOM512:-?[1-9][0-9]*]]
  // CHECK-NEXT: [[CUSTOM512]]
  vector.print str "custom 512\n"
  %d = hag.aggregate custom %g, %wide commutative combiner {
  ^bb0(%acc: f32, %next: f32):
    %s2 = arith.addf %acc, %next : f32
    hag.yield %s2 : f32
  } : !hag.graph<20>, tensor<20x512xf32> -> tensor<20x512xf32>
  %dp = hag.plan_aggregate custom %p, %wide commutative combiner {
  ^bb0(%acc: f32, %next: f32):
    %s2 = arith.addf %acc, %next : f32
    hag.yield %s2 : f32
  } : !hag.plan<set, 20>, tensor<20x512xf32> -> tensor<20x512xf32>
  %d_ = tensor.cast %d : tensor<20x512xf32> to tensor<20x?xf32>
  %dp_ = tensor.cast %dp : tensor<20x512xf32> to tensor<20x?xf32>
  call @compare(%d_, %dp_) : (tensor<20x?xf32>, tensor<20x?xf32>) -> ()
  return
}
