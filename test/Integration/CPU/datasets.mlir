// REQUIRES: openmp-runtime, datasets
// On real graphs, the aggregation through a HAG (hag.build_plan folded at
// compile time) gives the plain aggregation's numbers: max and min exactly,
// sums within float rounding (they add in another order).
// RUN: sed 's|@DATASETS@|%datasets|g' %s | hag-opt -hag-load-graphs -canonicalize -hag-lower-to-cpu \
// RUN:   | %mlir_runner -e main -entry-point-result=void %runner_libs | FileCheck %s
// The same with every tiled plan's tiles in steps of 4 nodes, forced at 16
// floats per row (by default only 256 to 512 run in steps): tiled mean,
// max and the custom set combiner.
// RUN: sed 's|@DATASETS@|%datasets|g' %s | hag-opt -hag-load-graphs -canonicalize -hag-lower-to-cpu='kernels=step-min-width=1' \
// RUN:   | %mlir_runner -e main -entry-point-result=void %runner_libs | FileCheck %s
// The plans were searched at compile time and are not empty.
// RUN: sed 's|@DATASETS@|%datasets|g' %s | hag-opt -hag-load-graphs -canonicalize | FileCheck %s --check-prefix=PLANS
// PLANS-COUNT-2: hag.plan_constant agg_inputs(dense_resource<{{.*}}> : tensor<{{[0-9]+}}x2xi32>)
// PLANS-COUNT-2: hag.plan_constant agg_inputs(dense_resource<{{.*}}> : tensor<{{[0-9]+}}x2xi32>) {{.*}} tiles(dense{{.*}} : tensor<{{[0-9]+}}x2xi32>)
// PLANS: hag.plan_constant agg_inputs(dense_resource<{{.*}}> : tensor<{{[0-9]+}}x2xi32>) {{.*}} : !hag.plan<sequential, 6519>

// Features f(v, d) = ((7 v + 13 d) mod 101) - 50: deterministic, no big
// constants.
func.func @features(%n: index) -> tensor<?x16xf32> {
  %e = tensor.empty(%n) : tensor<?x16xf32>
  %x = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>],
                       iterator_types = ["parallel", "parallel"]} outs(%e : tensor<?x16xf32>) {
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
  } -> tensor<?x16xf32>
  return %x : tensor<?x16xf32>
}

// max over all elements of |a - b| / max(1, |a|).
func.func @max_relative_error(%a: tensor<?x16xf32>, %b: tensor<?x16xf32>) -> f32 {
  %zero = arith.constant 0.0 : f32
  %init = tensor.empty() : tensor<f32>
  %acc = linalg.fill ins(%zero : f32) outs(%init : tensor<f32>) -> tensor<f32>
  %r = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>,
                                        affine_map<(i, j) -> ()>],
                       iterator_types = ["reduction", "reduction"]}
      ins(%a, %b : tensor<?x16xf32>, tensor<?x16xf32>) outs(%acc : tensor<f32>) {
  ^bb0(%x: f32, %y: f32, %m: f32):
    %d = arith.subf %x, %y : f32
    %ad = math.absf %d : f32
    %ax = math.absf %x : f32
    %one = arith.constant 1.0 : f32
    %den = arith.maximumf %ax, %one : f32
    %rel = arith.divf %ad, %den : f32
    %n = arith.maximumf %m, %rel : f32
    linalg.yield %n : f32
  } -> tensor<f32>
  %e = tensor.extract %r[] : tensor<f32>
  return %e : f32
}


func.func @main() {
  // BZR_MD (the paper's "BZR"): complete graphs per molecule.
  %g = hag.graph_load "@DATASETS@/bzr_md" : !hag.graph<6519>
  %n = arith.constant 6519 : index
  %x = call @features(%n) : (index) -> tensor<?x16xf32>
  %p = hag.build_plan %g {capacity = "unlimited", threshold = 2 : i32}
      : !hag.graph<6519> -> !hag.plan<set, 6519>
  %sum = hag.aggregate sum %g, %x : !hag.graph<6519>, tensor<?x16xf32> -> tensor<?x16xf32>
  %sum_hag = hag.plan_aggregate sum %p, %x : !hag.plan<set, 6519>, tensor<?x16xf32> -> tensor<?x16xf32>
  %e_sum = call @max_relative_error(%sum, %sum_hag) : (tensor<?x16xf32>, tensor<?x16xf32>) -> f32
  // CHECK: bzr_md sum
  // CHECK-NEXT: {{^0$|^[0-9](\.[0-9]+)?e-0[6-9]$}}
  vector.print str "bzr_md sum\n"
  vector.print %e_sum : f32

  %max = hag.aggregate max %g, %x : !hag.graph<6519>, tensor<?x16xf32> -> tensor<?x16xf32>
  %max_hag = hag.plan_aggregate max %p, %x : !hag.plan<set, 6519>, tensor<?x16xf32> -> tensor<?x16xf32>
  %e_max = call @max_relative_error(%max, %max_hag) : (tensor<?x16xf32>, tensor<?x16xf32>) -> f32
  // CHECK: bzr_md max
  // CHECK-NEXT: {{^0$}}
  vector.print str "bzr_md max\n"
  vector.print %e_max : f32

  // IMDB-MULTI (the paper's "IMDB"), GCN normalisation with self-loops.
  %h = hag.graph_load "@DATASETS@/imdb-multi/IMDBMULTI.txt" : !hag.graph<19502>
  %m = arith.constant 19502 : index
  %y = call @features(%m) : (index) -> tensor<?x16xf32>
  %q = hag.build_plan %h {capacity = "unlimited", threshold = 2 : i32}
      : !hag.graph<19502> -> !hag.plan<set, 19502>
  %gcn = hag.aggregate sum %h, %y normalization(symmetric) self_loops
      : !hag.graph<19502>, tensor<?x16xf32> -> tensor<?x16xf32>
  %gcn_hag = hag.plan_aggregate sum %q, %y normalization(symmetric) self_loops
      : !hag.plan<set, 19502>, tensor<?x16xf32> -> tensor<?x16xf32>
  %e_gcn = call @max_relative_error(%gcn, %gcn_hag) : (tensor<?x16xf32>, tensor<?x16xf32>) -> f32
  // CHECK: imdb-multi gcn
  // CHECK-NEXT: {{^0$|^[0-9](\.[0-9]+)?e-0[6-9]$}}
  vector.print str "imdb-multi gcn\n"
  vector.print %e_gcn : f32
  %min = hag.aggregate min %h, %y : !hag.graph<19502>, tensor<?x16xf32> -> tensor<?x16xf32>
  %min_hag = hag.plan_aggregate min %q, %y : !hag.plan<set, 19502>, tensor<?x16xf32> -> tensor<?x16xf32>
  %e_min = call @max_relative_error(%min, %min_hag) : (tensor<?x16xf32>, tensor<?x16xf32>) -> f32
  // CHECK: imdb-multi min
  // CHECK-NEXT: {{^0$}}
  vector.print str "imdb-multi min\n"
  vector.print %e_min : f32

  // Tiled plans (tiles of 32 nodes, each tile's aggregation rows in a
  // scratch buffer): mean over IMDB-MULTI and max over BZR_MD.
  %qt = hag.build_plan %h {capacity = "unlimited", threshold = 2 : i32, tile_nodes = 32 : i32}
      : !hag.graph<19502> -> !hag.plan<set, 19502>
  %mean = hag.aggregate mean %h, %y : !hag.graph<19502>, tensor<?x16xf32> -> tensor<?x16xf32>
  %mean_hag = hag.plan_aggregate mean %qt, %y : !hag.plan<set, 19502>, tensor<?x16xf32> -> tensor<?x16xf32>
  %e_mean = call @max_relative_error(%mean, %mean_hag) : (tensor<?x16xf32>, tensor<?x16xf32>) -> f32
  // CHECK: imdb-multi tiled mean
  // CHECK-NEXT: {{^0$|^[0-9](\.[0-9]+)?e-0[6-9]$}}
  vector.print str "imdb-multi tiled mean\n"
  vector.print %e_mean : f32
  %pt = hag.build_plan %g {capacity = "unlimited", threshold = 2 : i32, tile_nodes = 32 : i32}
      : !hag.graph<6519> -> !hag.plan<set, 6519>
  %max_tiled = hag.plan_aggregate max %pt, %x : !hag.plan<set, 6519>, tensor<?x16xf32> -> tensor<?x16xf32>
  %e_max_tiled = call @max_relative_error(%max, %max_tiled) : (tensor<?x16xf32>, tensor<?x16xf32>) -> f32
  // CHECK: bzr_md tiled max
  // CHECK-NEXT: {{^0$}}
  vector.print str "bzr_md tiled max\n"
  vector.print %e_max_tiled : f32

  // A custom set combiner (max written as a commutative region) through the
  // tiled set plan gives the built-in max exactly.
  %cmax = hag.plan_aggregate custom %pt, %x commutative combiner {
  ^bb0(%acc: f32, %next: f32):
    %larger = arith.maximumf %acc, %next : f32
    hag.yield %larger : f32
  } : !hag.plan<set, 6519>, tensor<?x16xf32> -> tensor<?x16xf32>
  %e_cmax = call @max_relative_error(%max, %cmax) : (tensor<?x16xf32>, tensor<?x16xf32>) -> f32
  // CHECK: bzr_md custom set max
  // CHECK-NEXT: {{^0$}}
  vector.print str "bzr_md custom set max\n"
  vector.print %e_cmax : f32

  // A sequential fold c(a, b) = a / 2 + b through a sequential plan (shared
  // prefixes): the same operations in the same order as the plain fold, so
  // the same numbers exactly.
  %ps = hag.build_plan %g {capacity = "unlimited", threshold = 2 : i32}
      : !hag.graph<6519> -> !hag.plan<sequential, 6519>
  %fold = hag.aggregate custom %g, %x combiner {
  ^bb0(%acc: f32, %next: f32):
    %half = arith.constant 0.5 : f32
    %halved = arith.mulf %acc, %half : f32
    %folded = arith.addf %halved, %next : f32
    hag.yield %folded : f32
  } : !hag.graph<6519>, tensor<?x16xf32> -> tensor<?x16xf32>
  %fold_hag = hag.plan_aggregate custom %ps, %x combiner {
  ^bb0(%acc: f32, %next: f32):
    %half = arith.constant 0.5 : f32
    %halved = arith.mulf %acc, %half : f32
    %folded = arith.addf %halved, %next : f32
    hag.yield %folded : f32
  } : !hag.plan<sequential, 6519>, tensor<?x16xf32> -> tensor<?x16xf32>
  %e_fold = call @max_relative_error(%fold, %fold_hag) : (tensor<?x16xf32>, tensor<?x16xf32>) -> f32
  // CHECK: bzr_md sequential fold
  // CHECK-NEXT: {{^0$}}
  vector.print str "bzr_md sequential fold\n"
  vector.print %e_fold : f32
  return
}
