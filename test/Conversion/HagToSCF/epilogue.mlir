// RUN: hag-opt %s -split-input-file -convert-hag-to-scf | FileCheck %s

// A GCN layer's epilogue (bias, then ReLU) on the aggregate is applied in
// the final loop, block by block, before the row is written: the generic is
// gone, the bias is read as a vector of the block's columns.
// CHECK-LABEL: func.func @bias_relu
// CHECK-NOT: linalg.generic
// CHECK: scf.forall
// CHECK: %[[B:.*]] = vector.transfer_read %arg1[%{{.*}}], %{{.*}} {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
// CHECK: %[[S:.*]] = arith.addf %{{.*}}, %[[B]] : vector<16xf32>
// CHECK: arith.maximumf %[[S]], %{{.*}} : vector<16xf32>
// CHECK: vector.transfer_write
// CHECK-NOT: linalg.generic
// CHECK-NOT: hag.
func.func @bias_relu(%x: tensor<5x16xf32>, %bias: tensor<16xf32>) -> tensor<5x16xf32> {
  %g = hag.graph_constant offsets(dense<[0, 0, 1, 3, 4, 5]> : tensor<6xi64>)
      indices(dense<[0, 0, 1, 2, 3]> : tensor<5xi32>) : !hag.graph<5>
  %a = hag.aggregate sum %g, %x normalization(symmetric) self_loops
      : !hag.graph<5>, tensor<5x16xf32> -> tensor<5x16xf32>
  %e = tensor.empty() : tensor<5x16xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (j)>, affine_map<(i, j) -> (i, j)>],
                       iterator_types = ["parallel", "parallel"]}
      ins(%a, %bias : tensor<5x16xf32>, tensor<16xf32>) outs(%e : tensor<5x16xf32>) {
  ^bb0(%v: f32, %b: f32, %o: f32):
    %s = arith.addf %v, %b : f32
    %zero = arith.constant 0.0 : f32
    %m = arith.maximumf %s, %zero : f32
    linalg.yield %m : f32
  } -> tensor<5x16xf32>
  return %r : tensor<5x16xf32>
}

// -----

// Through a tiled plan, with a residual row (i, j), a per-node scale (i) and
// one scalar (): all read inside the tile's node loop.
// CHECK-LABEL: func.func @residual_scale
// CHECK-NOT: linalg.generic
// CHECK: scf.forall
// CHECK: scf.for
// CHECK: vector.transfer_read %arg1[%{{.*}}, %{{.*}}]
// CHECK: tensor.extract %arg2[%{{.*}}] : tensor<5xf32>
// CHECK: tensor.extract %arg3[] : tensor<f32>
// CHECK-NOT: hag.
func.func @residual_scale(%x: tensor<5x16xf32>, %res: tensor<5x16xf32>, %scale: tensor<5xf32>,
                          %alpha: tensor<f32>) -> tensor<5x16xf32> {
  %p = hag.plan_constant agg_inputs(dense<[[0, 1], [0, 1], [6, 2]]> : tensor<3x2xi32>)
      levels(dense<[0, 3]> : tensor<2xi32>)
      list_offsets(dense<[0, 0, 1, 3, 4, 5]> : tensor<6xi64>)
      list_indices(dense<[5, 5, 2, 7, 7]> : tensor<5xi32>)
      tiles(dense<[[0, 0], [3, 1], [5, 3]]> : tensor<3x2xi32>) : !hag.plan<set, 5>
  %a = hag.plan_aggregate sum %p, %x : !hag.plan<set, 5>, tensor<5x16xf32> -> tensor<5x16xf32>
  %e = tensor.empty() : tensor<5x16xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>,
                                        affine_map<(i, j) -> (i)>, affine_map<(i, j) -> ()>,
                                        affine_map<(i, j) -> (i, j)>],
                       iterator_types = ["parallel", "parallel"]}
      ins(%a, %res, %scale, %alpha : tensor<5x16xf32>, tensor<5x16xf32>, tensor<5xf32>, tensor<f32>)
      outs(%e : tensor<5x16xf32>) {
  ^bb0(%v: f32, %r0: f32, %s: f32, %al: f32, %o: f32):
    %t = arith.mulf %v, %s : f32
    %u = arith.mulf %r0, %al : f32
    %w = arith.addf %t, %u : f32
    linalg.yield %w : f32
  } -> tensor<5x16xf32>
  return %r : tensor<5x16xf32>
}

// -----

// Not fused: the aggregate has a second use (it must exist as a tensor).
// CHECK-LABEL: func.func @two_uses
// CHECK: scf.forall
// CHECK: linalg.generic
func.func @two_uses(%x: tensor<5x16xf32>) -> (tensor<5x16xf32>, tensor<5x16xf32>) {
  %g = hag.graph_constant offsets(dense<[0, 0, 1, 3, 4, 5]> : tensor<6xi64>)
      indices(dense<[0, 0, 1, 2, 3]> : tensor<5xi32>) : !hag.graph<5>
  %a = hag.aggregate sum %g, %x : !hag.graph<5>, tensor<5x16xf32> -> tensor<5x16xf32>
  %e = tensor.empty() : tensor<5x16xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>],
                       iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<5x16xf32>) outs(%e : tensor<5x16xf32>) {
  ^bb0(%v: f32, %o: f32):
    %zero = arith.constant 0.0 : f32
    %m = arith.maximumf %v, %zero : f32
    linalg.yield %m : f32
  } -> tensor<5x16xf32>
  return %a, %r : tensor<5x16xf32>, tensor<5x16xf32>
}

// -----

// Not fused: the generic reads the aggregate transposed, and another one
// accumulates into its output (the output's value is used).
// CHECK-LABEL: func.func @not_row_wise
// CHECK-COUNT-2: linalg.generic
func.func @not_row_wise(%x: tensor<16x16xf32>, %acc: tensor<16x16xf32>) -> (tensor<16x16xf32>, tensor<16x16xf32>) {
  %g = hag.graph_constant offsets(dense<[0, 0, 1, 3, 4, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5]> : tensor<17xi64>)
      indices(dense<[0, 0, 1, 2, 3]> : tensor<5xi32>) : !hag.graph<16>
  %a = hag.aggregate sum %g, %x : !hag.graph<16>, tensor<16x16xf32> -> tensor<16x16xf32>
  %e = tensor.empty() : tensor<16x16xf32>
  %t = linalg.generic {indexing_maps = [affine_map<(i, j) -> (j, i)>, affine_map<(i, j) -> (i, j)>],
                       iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<16x16xf32>) outs(%e : tensor<16x16xf32>) {
  ^bb0(%v: f32, %o: f32):
    linalg.yield %v : f32
  } -> tensor<16x16xf32>
  %b = hag.aggregate max %g, %x : !hag.graph<16>, tensor<16x16xf32> -> tensor<16x16xf32>
  %s = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>],
                       iterator_types = ["parallel", "parallel"]}
      ins(%b : tensor<16x16xf32>) outs(%acc : tensor<16x16xf32>) {
  ^bb0(%v: f32, %o: f32):
    %w = arith.addf %v, %o : f32
    linalg.yield %w : f32
  } -> tensor<16x16xf32>
  return %t, %s : tensor<16x16xf32>, tensor<16x16xf32>
}
