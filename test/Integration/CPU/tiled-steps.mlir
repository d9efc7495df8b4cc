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
// N(8) = [8, 9], N(9) = [0]; one tile of all ten nodes. Aggregation nodes
// 10 = (3, 4), 11 = (5, 6), 12 = (1, 2), 13 = (12, 10), 14 = (12, 11),
// 15 = (8, 9). Steps: nodes 0-3 need 10-13 (node 0 reads 13), nodes 4-7
// need 14 as well, nodes 8-9 nothing more.

// f(v, j) = ((7 v + 13 j) mod 101) - 50.
func.func @features() -> tensor<10x512xf32> {
  %e = tensor.empty() : tensor<10x512xf32>
  %x = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>],
                       iterator_types = ["parallel", "parallel"]} outs(%e : tensor<10x512xf32>) {
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
  } -> tensor<10x512xf32>
  return %x : tensor<10x512xf32>
}

// max over all elements of |a - b|.
func.func @max_difference(%a: tensor<10x?xf32>, %b: tensor<10x?xf32>) -> f32 {
  %zero = arith.constant 0.0 : f32
  %init = tensor.empty() : tensor<f32>
  %acc = linalg.fill ins(%zero : f32) outs(%init : tensor<f32>) -> tensor<f32>
  %r = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>,
                                        affine_map<(i, j) -> ()>],
                       iterator_types = ["reduction", "reduction"]}
      ins(%a, %b : tensor<10x?xf32>, tensor<10x?xf32>) outs(%acc : tensor<f32>) {
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
func.func @total(%a: tensor<10x?xf32>) -> f32 {
  %zero = arith.constant 0.0 : f32
  %init = tensor.empty() : tensor<f32>
  %acc = linalg.fill ins(%zero : f32) outs(%init : tensor<f32>) -> tensor<f32>
  %r = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> ()>],
                       iterator_types = ["reduction", "reduction"]}
      ins(%a : tensor<10x?xf32>) outs(%acc : tensor<f32>) {
  ^bb0(%x: f32, %m: f32):
    %n = arith.addf %m, %x : f32
    linalg.yield %n : f32
  } -> tensor<f32>
  %e = tensor.extract %r[] : tensor<f32>
  return %e : f32
}

func.func @compare(%plain: tensor<10x?xf32>, %planned: tensor<10x?xf32>) {
  %d = call @max_difference(%plain, %planned) : (tensor<10x?xf32>, tensor<10x?xf32>) -> f32
  %t = call @total(%plain) : (tensor<10x?xf32>) -> f32
  %u = call @total(%planned) : (tensor<10x?xf32>) -> f32
  vector.print %d : f32
  vector.print %t : f32
  vector.print %u : f32
  return
}

func.func @main() {
  %g = hag.graph_constant offsets(dense<[0, 4, 6, 6, 8, 12, 13, 15, 18, 20, 21]> : tensor<11xi64>)
      indices(dense<[1, 2, 3, 4, 1, 2, 5, 6, 1, 2, 5, 6, 7, 3, 4, 3, 4, 7, 8, 9, 0]> : tensor<21xi32>)
      : !hag.graph<10>
  %p = hag.plan_constant agg_inputs(dense<[[3, 4], [5, 6], [1, 2], [12, 10], [12, 11], [8, 9]]> : tensor<6x2xi32>)
      levels(dense<[0, 6]> : tensor<2xi32>)
      list_offsets(dense<[0, 1, 2, 2, 3, 4, 5, 6, 8, 10, 11]> : tensor<11xi64>)
      list_indices(dense<[13, 12, 11, 14, 7, 10, 10, 7, 8, 9, 0]> : tensor<11xi32>)
      tiles(dense<[[0, 0], [10, 6]]> : tensor<2x2xi32>) : !hag.plan<set, 10>
  %wide = call @features() : () -> tensor<10x512xf32>
  %x = tensor.extract_slice %wide[0, 0] [10, 256] [1, 1] : tensor<10x512xf32> to tensor<10x256xf32>

  // CHECK: sum 256
  // CHECK-NEXT: 0
  // CHECK-NEXT: [[SUM256:-?[1-9][0-9]*]]
  // CHECK-NEXT: [[SUM256]]
  vector.print str "sum 256\n"
  %s = hag.aggregate sum %g, %x : !hag.graph<10>, tensor<10x256xf32> -> tensor<10x256xf32>
  %sp = hag.plan_aggregate sum %p, %x : !hag.plan<set, 10>, tensor<10x256xf32> -> tensor<10x256xf32>
  %s_ = tensor.cast %s : tensor<10x256xf32> to tensor<10x?xf32>
  %sp_ = tensor.cast %sp : tensor<10x256xf32> to tensor<10x?xf32>
  call @compare(%s_, %sp_) : (tensor<10x?xf32>, tensor<10x?xf32>) -> ()

  // CHECK: max 256
  // CHECK-NEXT: 0
  // CHECK-NEXT: [[MAX256:-?[1-9][0-9]*]]
  // CHECK-NEXT: [[MAX256]]
  vector.print str "max 256\n"
  %m = hag.aggregate max %g, %x : !hag.graph<10>, tensor<10x256xf32> -> tensor<10x256xf32>
  %mp = hag.plan_aggregate max %p, %x : !hag.plan<set, 10>, tensor<10x256xf32> -> tensor<10x256xf32>
  %m_ = tensor.cast %m : tensor<10x256xf32> to tensor<10x?xf32>
  %mp_ = tensor.cast %mp : tensor<10x256xf32> to tensor<10x?xf32>
  call @compare(%m_, %mp_) : (tensor<10x?xf32>, tensor<10x?xf32>) -> ()

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
  } : !hag.graph<10>, tensor<10x256xf32> -> tensor<10x256xf32>
  %cp = hag.plan_aggregate custom %p, %x commutative combiner {
  ^bb0(%acc: f32, %next: f32):
    %s2 = arith.addf %acc, %next : f32
    hag.yield %s2 : f32
  } : !hag.plan<set, 10>, tensor<10x256xf32> -> tensor<10x256xf32>
  %c_ = tensor.cast %c : tensor<10x256xf32> to tensor<10x?xf32>
  %cp_ = tensor.cast %cp : tensor<10x256xf32> to tensor<10x?xf32>
  call @compare(%c_, %cp_) : (tensor<10x?xf32>, tensor<10x?xf32>) -> ()

  // CHECK: sum 512
  // CHECK-NEXT: 0
  // CHECK-NEXT: [[SUM512:-?[1-9][0-9]*]]
  // CHECK-NEXT: [[SUM512]]
  vector.print str "sum 512\n"
  %w = hag.aggregate sum %g, %wide : !hag.graph<10>, tensor<10x512xf32> -> tensor<10x512xf32>
  %wp = hag.plan_aggregate sum %p, %wide : !hag.plan<set, 10>, tensor<10x512xf32> -> tensor<10x512xf32>
  %w_ = tensor.cast %w : tensor<10x512xf32> to tensor<10x?xf32>
  %wp_ = tensor.cast %wp : tensor<10x512xf32> to tensor<10x?xf32>
  call @compare(%w_, %wp_) : (tensor<10x?xf32>, tensor<10x?xf32>) -> ()

  // CHECK: max 512
  // CHECK-NEXT: 0
  // CHECK-NEXT: [[MAX512:-?[1-9][0-9]*]]
  // CHECK-NEXT: [[MAX512]]
  vector.print str "max 512\n"
  %n = hag.aggregate max %g, %wide : !hag.graph<10>, tensor<10x512xf32> -> tensor<10x512xf32>
  %np = hag.plan_aggregate max %p, %wide : !hag.plan<set, 10>, tensor<10x512xf32> -> tensor<10x512xf32>
  %n_ = tensor.cast %n : tensor<10x512xf32> to tensor<10x?xf32>
  %np_ = tensor.cast %np : tensor<10x512xf32> to tensor<10x?xf32>
  call @compare(%n_, %np_) : (tensor<10x?xf32>, tensor<10x?xf32>) -> ()

  // CHECK: custom 512
  // CHECK-NEXT: 0
  // CHECK-NEXT: [[CUSTOM512:-?[1-9][0-9]*]]
  // CHECK-NEXT: [[CUSTOM512]]
  vector.print str "custom 512\n"
  %d = hag.aggregate custom %g, %wide commutative combiner {
  ^bb0(%acc: f32, %next: f32):
    %s2 = arith.addf %acc, %next : f32
    hag.yield %s2 : f32
  } : !hag.graph<10>, tensor<10x512xf32> -> tensor<10x512xf32>
  %dp = hag.plan_aggregate custom %p, %wide commutative combiner {
  ^bb0(%acc: f32, %next: f32):
    %s2 = arith.addf %acc, %next : f32
    hag.yield %s2 : f32
  } : !hag.plan<set, 10>, tensor<10x512xf32> -> tensor<10x512xf32>
  %d_ = tensor.cast %d : tensor<10x512xf32> to tensor<10x?xf32>
  %dp_ = tensor.cast %dp : tensor<10x512xf32> to tensor<10x?xf32>
  call @compare(%d_, %dp_) : (tensor<10x?xf32>, tensor<10x?xf32>) -> ()
  return
}
