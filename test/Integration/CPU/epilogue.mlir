// REQUIRES: openmp-runtime
// A GCN layer's tail (symmetric normalisation with self-loops, bias, ReLU)
// on the bundled Cora graph: the epilogue fused into the aggregation kernel
// gives the numbers of the unfused program, where the aggregate is a tensor
// of its own and upstream lowers the element-wise generic. Plain, and
// through a tiled HAG.
// RUN: sed 's|@DATA@|%hag_src/data|g' %s | hag-opt -hag-load-graphs -hag-lower-to-cpu \
// RUN:   | %mlir_runner -e main -entry-point-result=void %runner_libs | FileCheck %s
// RUN: sed 's|@DATA@|%hag_src/data|g' %s | hag-opt -hag-load-graphs \
// RUN:   -hag-eliminate-redundancy='force=true capacity=unlimited threshold=2' -hag-lower-to-cpu \
// RUN:   | %mlir_runner -e main -entry-point-result=void %runner_libs | FileCheck %s
// The fused program has one generic fewer before lowering.
// The same with every tile in steps of 4 nodes (at the CPU's defaults only
// rows of 256 to 512 floats run in steps): the epilogue after each node.
// RUN: sed 's|@DATA@|%hag_src/data|g' %s | hag-opt -hag-load-graphs \
// RUN:   -hag-eliminate-redundancy='force=true capacity=unlimited threshold=2' -hag-lower-to-cpu='kernels=step-min-width=1' \
// RUN:   | %mlir_runner -e main -entry-point-result=void %runner_libs | FileCheck %s
// RUN: sed 's|@DATA@|%hag_src/data|g' %s | hag-opt -hag-load-graphs -convert-hag-to-scf | FileCheck %s --check-prefix=IR
// The CUDA kernels with the epilogue fused, emulated on the host:
// RUN: sed 's|@DATA@|%hag_src/data|g' %s | hag-opt -hag-load-graphs \
// RUN:   -hag-eliminate-redundancy='force=true capacity=unlimited threshold=2 target=cuda' \
// RUN:   -convert-hag-to-gpu='emulate=true hub-edges=16' -hag-lower-to-cpu \
// RUN:   | %mlir_runner -e main -entry-point-result=void %runner_libs | FileCheck %s
// IR-COUNT-1: linalg.generic {{.*}}iterator_types = ["parallel", "parallel"]}{{.*}}ins(%{{.*}}, %{{.*}} : tensor<2708x16xf32>, tensor<16xf32>)
// IR-NOT: hag.

// Features f(v, d) = ((7 v + 13 d) mod 101) - 50, bias b(d) = d - 8.
func.func @inputs() -> (tensor<2708x16xf32>, tensor<16xf32>) {
  %e = tensor.empty() : tensor<2708x16xf32>
  %x = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>],
                       iterator_types = ["parallel", "parallel"]} outs(%e : tensor<2708x16xf32>) {
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
  } -> tensor<2708x16xf32>
  %eb = tensor.empty() : tensor<16xf32>
  %bias = linalg.generic {indexing_maps = [affine_map<(j) -> (j)>], iterator_types = ["parallel"]}
      outs(%eb : tensor<16xf32>) {
  ^bb0(%o: f32):
    %j = linalg.index 0 : index
    %k = arith.index_cast %j : index to i64
    %f = arith.uitofp %k : i64 to f32
    %c8 = arith.constant 8.0 : f32
    %r = arith.subf %f, %c8 : f32
    linalg.yield %r : f32
  } -> tensor<16xf32>
  return %x, %bias : tensor<2708x16xf32>, tensor<16xf32>
}

func.func @bias_relu(%a: tensor<2708x16xf32>, %bias: tensor<16xf32>) -> tensor<2708x16xf32> {
  %e = tensor.empty() : tensor<2708x16xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (j)>, affine_map<(i, j) -> (i, j)>],
                       iterator_types = ["parallel", "parallel"]}
      ins(%a, %bias : tensor<2708x16xf32>, tensor<16xf32>) outs(%e : tensor<2708x16xf32>) {
  ^bb0(%v: f32, %b: f32, %o: f32):
    %s = arith.addf %v, %b : f32
    %zero = arith.constant 0.0 : f32
    %m = arith.maximumf %s, %zero : f32
    linalg.yield %m : f32
  } -> tensor<2708x16xf32>
  return %r : tensor<2708x16xf32>
}

// max over all elements of |a - b| / max(1, |a|), and the sum of a (so a
// result of all zeros cannot pass).
func.func @compare(%a: tensor<2708x16xf32>, %b: tensor<2708x16xf32>) -> (f32, f32) {
  %zero = arith.constant 0.0 : f32
  %init = tensor.empty() : tensor<f32>
  %acc = linalg.fill ins(%zero : f32) outs(%init : tensor<f32>) -> tensor<f32>
  %r:2 = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>,
                                          affine_map<(i, j) -> ()>, affine_map<(i, j) -> ()>],
                         iterator_types = ["reduction", "reduction"]}
      ins(%a, %b : tensor<2708x16xf32>, tensor<2708x16xf32>) outs(%acc, %acc : tensor<f32>, tensor<f32>) {
  ^bb0(%x: f32, %y: f32, %m: f32, %t: f32):
    %d = arith.subf %x, %y : f32
    %ad = math.absf %d : f32
    %ax = math.absf %x : f32
    %one = arith.constant 1.0 : f32
    %den = arith.maximumf %ax, %one : f32
    %rel = arith.divf %ad, %den : f32
    %n = arith.maximumf %m, %rel : f32
    %s = arith.addf %t, %x : f32
    linalg.yield %n, %s : f32, f32
  } -> (tensor<f32>, tensor<f32>)
  %e = tensor.extract %r#0[] : tensor<f32>
  %t = tensor.extract %r#1[] : tensor<f32>
  return %e, %t : f32, f32
}

func.func @main() {
  %g = hag.graph_load "@DATA@/cora.cites" : !hag.graph<2708>
  %x, %bias = call @inputs() : () -> (tensor<2708x16xf32>, tensor<16xf32>)
  // Fused: the aggregate's only user is the epilogue.
  %a = hag.aggregate sum %g, %x normalization(symmetric) self_loops
      : !hag.graph<2708>, tensor<2708x16xf32> -> tensor<2708x16xf32>
  %e = tensor.empty() : tensor<2708x16xf32>
  %fused = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (j)>, affine_map<(i, j) -> (i, j)>],
                           iterator_types = ["parallel", "parallel"]}
      ins(%a, %bias : tensor<2708x16xf32>, tensor<16xf32>) outs(%e : tensor<2708x16xf32>) {
  ^bb0(%v: f32, %b: f32, %o: f32):
    %s = arith.addf %v, %b : f32
    %zero = arith.constant 0.0 : f32
    %m = arith.maximumf %s, %zero : f32
    linalg.yield %m : f32
  } -> tensor<2708x16xf32>
  // Unfused: the aggregate goes to a call, which is not an epilogue.
  %a2 = hag.aggregate sum %g, %x normalization(symmetric) self_loops
      : !hag.graph<2708>, tensor<2708x16xf32> -> tensor<2708x16xf32>
  %unfused = call @bias_relu(%a2, %bias) : (tensor<2708x16xf32>, tensor<16xf32>) -> tensor<2708x16xf32>
  %err, %total = call @compare(%fused, %unfused) : (tensor<2708x16xf32>, tensor<2708x16xf32>) -> (f32, f32)
  // CHECK: epilogue error
  // CHECK-NEXT: {{^0$|^[0-9](\.[0-9]+)?e-0[6-9]$}}
  vector.print str "epilogue error\n"
  vector.print %err : f32
  // CHECK: sum positive
  // CHECK-NEXT: 1
  vector.print str "sum positive\n"
  %zero = arith.constant 0.0 : f32
  %positive = arith.cmpf ogt, %total, %zero : f32
  vector.print %positive : i1
  return
}
