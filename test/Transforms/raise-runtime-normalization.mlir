// RUN: hag-opt %s -split-input-file -hag-raise | FileCheck %s

// The normalization of a GCN layer whose graph arrives at run time, computed
// in the program as PyG's gcn_norm computes it (in upstream ops): deg[v] =
// the number of edges into v (a scatter-add of ones over dst), s = deg^-1/2
// with inf masked to 0, w[e] = s[src[e]] * s[dst[e]], and the messages x[src]
// scaled by w before the scatter-add. --hag-raise proves each step and
// raises the loop to hag.aggregate sum normalization(symmetric) over
// hag.graph_from_edges; 1/deg[dst[e]] is the row normalization. The
// integration test (test/Integration/CPU/raise-normalized-adjacency.test)
// runs the same forms on Cora, as written and raised.

// PyG's gcn_norm: a float count, pow(deg, -0.5), masked_fill(inf, 0), and
// one generic reading s at both ends of every edge. The count, the scales
// and the weights die with the loop.
// CHECK-LABEL: func.func @runtime_gcn_norm
// CHECK-SAME: (%[[X:.*]]: tensor<4x8xf32>, %[[SRC:.*]]: tensor<5xi64>, %[[DST:.*]]: tensor<5xi64>)
// CHECK-NOT: scf.for
// CHECK-NOT: linalg.generic
// CHECK: %[[G:.*]] = hag.graph_from_edges %[[SRC]], %[[DST]] nodes(%{{.*}}) : tensor<5xi64>, tensor<5xi64> -> !hag.graph<4>
// CHECK: %[[Y:.*]] = hag.aggregate sum %[[G]], %[[X]] normalization(symmetric) : !hag.graph<4>, tensor<4x8xf32> -> tensor<4x8xf32>
// CHECK-NOT: scf.for
// CHECK: return %[[Y]]

func.func @runtime_gcn_norm(%x: tensor<4x8xf32>, %src: tensor<5xi64>, %dst: tensor<5xi64>) -> tensor<4x8xf32> {
  %one_w_c = arith.constant 1.0 : f32
  %c0_d = arith.constant 0 : index
  %c1_d = arith.constant 1 : index
  %cE_d = arith.constant 5 : index
  %zero_d = arith.constant 0.0 : f32
  %one_d = arith.constant 1.0 : f32
  %empty_d = tensor.empty() : tensor<4xf32>
  %deg0 = linalg.fill ins(%zero_d : f32) outs(%empty_d : tensor<4xf32>) -> tensor<4xf32>
  %deg = scf.for %i = %c0_d to %cE_d step %c1_d iter_args(%dacc = %deg0) -> (tensor<4xf32>) {
    %t = tensor.extract %dst[%i] : tensor<5xi64>
    %v = arith.index_cast %t : i64 to index
    %old = tensor.extract %dacc[%v] : tensor<4xf32>
    %new = arith.addf %old, %one_d : f32
    %next = tensor.insert %new into %dacc[%v] : tensor<4xf32>
    scf.yield %next : tensor<4xf32>
  }
  %empty_s = tensor.empty() : tensor<4xf32>
  %dis = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>],
                         iterator_types = ["parallel"]}
      ins(%deg : tensor<4xf32>) outs(%empty_s : tensor<4xf32>) {
  ^bb0(%dv: f32, %o: f32):
    %mhalf = arith.constant -0.5 : f32
    %p = math.powf %dv, %mhalf : f32
    %inf = arith.constant 0x7F800000 : f32
    %isinf = arith.cmpf oeq, %p, %inf : f32
    %zero = arith.constant 0.0 : f32
    %r = arith.select %isinf, %zero, %p : f32
    linalg.yield %r : f32
  } -> tensor<4xf32>
  %empty_w = tensor.empty() : tensor<5xf32>
  %w = linalg.generic {indexing_maps = [affine_map<(e) -> (e)>, affine_map<(e) -> (e)>, affine_map<(e) -> (e)>],
                       iterator_types = ["parallel"]}
      ins(%src, %dst : tensor<5xi64>, tensor<5xi64>) outs(%empty_w : tensor<5xf32>) {
  ^bb0(%sv: i64, %tv: i64, %o: f32):
    %u = arith.index_cast %sv : i64 to index
    %v = arith.index_cast %tv : i64 to index
    %a = tensor.extract %dis[%u] : tensor<4xf32>
    %b = tensor.extract %dis[%v] : tensor<4xf32>
    %p = arith.mulf %a, %b : f32
    linalg.yield %p : f32
  } -> tensor<5xf32>
  %e_msgs = tensor.empty() : tensor<5x8xf32>
  %msgs = linalg.generic {indexing_maps = [affine_map<(e, j) -> (e)>, affine_map<(e, j) -> (e, j)>],
                          iterator_types = ["parallel", "parallel"]}
      ins(%src : tensor<5xi64>) outs(%e_msgs : tensor<5x8xf32>) {
  ^bb0(%s: i64, %out: f32):
    %u = arith.index_cast %s : i64 to index
    %j = linalg.index 1 : index
    %val = tensor.extract %x[%u, %j] : tensor<4x8xf32>
    linalg.yield %val : f32
  } -> tensor<5x8xf32>
  %e_scaled = tensor.empty() : tensor<5x8xf32>
  %scaled = linalg.generic {indexing_maps = [affine_map<(e, j) -> (e)>, affine_map<(e, j) -> (e, j)>, affine_map<(e, j) -> (e, j)>],
                            iterator_types = ["parallel", "parallel"]}
      ins(%w, %msgs : tensor<5xf32>, tensor<5x8xf32>) outs(%e_scaled : tensor<5x8xf32>) {
  ^bb0(%wv: f32, %mv: f32, %out: f32):
    %p = arith.mulf %wv, %mv : f32
    linalg.yield %p : f32
  } -> tensor<5x8xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %cE = arith.constant 5 : index
  %zero_y = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<4x8xf32>
  %init = linalg.fill ins(%zero_y : f32) outs(%empty : tensor<4x8xf32>) -> tensor<4x8xf32>
  %y = scf.for %e = %c0 to %cE step %c1 iter_args(%acc = %init) -> (tensor<4x8xf32>) {
    %d = tensor.extract %dst[%e] : tensor<5xi64>
    %v = arith.index_cast %d : i64 to index
    %msg = tensor.extract_slice %scaled[%e, 0] [1, 8] [1, 1] : tensor<5x8xf32> to tensor<8xf32>
    %old = tensor.extract_slice %acc[%v, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<8xf32>
    %new = arith.addf %old, %msg : tensor<8xf32>
    %next = tensor.insert_slice %new into %acc[%v, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<4x8xf32>
    scf.yield %next : tensor<4x8xf32>
  }
  return %y : tensor<4x8xf32>
}

// -----

// The same in other spellings: an integer count converted to float,
// rsqrt, the mask on deg != 0 with the arms swapped, s gathered at src and
// at dst (there through linalg.index) by two generics, their product with
// an edge weight of ones, and the weights viewed as E x 1.
// CHECK-LABEL: func.func @runtime_gcn_norm_other_spellings
// CHECK-NOT: scf.for
// CHECK: hag.graph_from_edges
// CHECK: hag.aggregate sum %{{.*}}, %{{.*}} normalization(symmetric)
// CHECK-NOT: scf.for

func.func @runtime_gcn_norm_other_spellings(%x: tensor<4x8xf32>, %src: tensor<5xi64>, %dst: tensor<5xi64>) -> tensor<4x8xf32> {
  %one_w_c = arith.constant 1.0 : f32
  %c0_d = arith.constant 0 : index
  %c1_d = arith.constant 1 : index
  %cE_d = arith.constant 5 : index
  %zero_d = arith.constant 0 : i64
  %one_d = arith.constant 1 : i64
  %empty_d = tensor.empty() : tensor<4xi64>
  %deg0 = linalg.fill ins(%zero_d : i64) outs(%empty_d : tensor<4xi64>) -> tensor<4xi64>
  %deg = scf.for %i = %c0_d to %cE_d step %c1_d iter_args(%dacc = %deg0) -> (tensor<4xi64>) {
    %t = tensor.extract %dst[%i] : tensor<5xi64>
    %v = arith.index_cast %t : i64 to index
    %old = tensor.extract %dacc[%v] : tensor<4xi64>
    %new = arith.addi %old, %one_d : i64
    %next = tensor.insert %new into %dacc[%v] : tensor<4xi64>
    scf.yield %next : tensor<4xi64>
  }
  %empty_s = tensor.empty() : tensor<4xf32>
  %dis = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>],
                         iterator_types = ["parallel"]}
      ins(%deg : tensor<4xi64>) outs(%empty_s : tensor<4xf32>) {
  ^bb0(%dv: i64, %o: f32):
    %f = arith.sitofp %dv : i64 to f32
    %p = math.rsqrt %f : f32
    %zero = arith.constant 0.0 : f32
    %nonzero = arith.cmpf une, %f, %zero : f32
    %r = arith.select %nonzero, %p, %zero : f32
    linalg.yield %r : f32
  } -> tensor<4xf32>
  %empty_ws = tensor.empty() : tensor<5xf32>
  %ws = linalg.generic {indexing_maps = [affine_map<(e) -> (e)>, affine_map<(e) -> (e)>],
                       iterator_types = ["parallel"]}
      ins(%src : tensor<5xi64>) outs(%empty_ws : tensor<5xf32>) {
  ^bb0(%sv: i64, %o: f32):
    %u = arith.index_cast %sv : i64 to index
    %p = tensor.extract %dis[%u] : tensor<4xf32>
    linalg.yield %p : f32
  } -> tensor<5xf32>
  %empty_wd = tensor.empty() : tensor<5xf32>
  %wd = linalg.generic {indexing_maps = [affine_map<(e) -> (e)>],
                       iterator_types = ["parallel"]}
      outs(%empty_wd : tensor<5xf32>) {
  ^bb0(%o: f32):
    %i = linalg.index 0 : index
    %t = tensor.extract %dst[%i] : tensor<5xi64>
    %v = arith.index_cast %t : i64 to index
    %p = tensor.extract %dis[%v] : tensor<4xf32>
    linalg.yield %p : f32
  } -> tensor<5xf32>
  %ones = arith.constant dense<1.0> : tensor<5xf32>
  %ws1 = arith.mulf %ws, %ones : tensor<5xf32>
  %w1 = arith.mulf %ws1, %wd : tensor<5xf32>
  %w = tensor.expand_shape %w1 [[0, 1]] output_shape [5, 1] : tensor<5xf32> into tensor<5x1xf32>
  %e_msgs = tensor.empty() : tensor<5x8xf32>
  %msgs = linalg.generic {indexing_maps = [affine_map<(e, j) -> (e)>, affine_map<(e, j) -> (e, j)>],
                          iterator_types = ["parallel", "parallel"]}
      ins(%src : tensor<5xi64>) outs(%e_msgs : tensor<5x8xf32>) {
  ^bb0(%s: i64, %out: f32):
    %u = arith.index_cast %s : i64 to index
    %j = linalg.index 1 : index
    %val = tensor.extract %x[%u, %j] : tensor<4x8xf32>
    linalg.yield %val : f32
  } -> tensor<5x8xf32>
  %e_scaled = tensor.empty() : tensor<5x8xf32>
  %scaled = linalg.generic {indexing_maps = [affine_map<(e, j) -> (e, 0)>, affine_map<(e, j) -> (e, j)>, affine_map<(e, j) -> (e, j)>],
                            iterator_types = ["parallel", "parallel"]}
      ins(%w, %msgs : tensor<5x1xf32>, tensor<5x8xf32>) outs(%e_scaled : tensor<5x8xf32>) {
  ^bb0(%wv: f32, %mv: f32, %out: f32):
    %p = arith.mulf %wv, %mv : f32
    linalg.yield %p : f32
  } -> tensor<5x8xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %cE = arith.constant 5 : index
  %zero_y = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<4x8xf32>
  %init = linalg.fill ins(%zero_y : f32) outs(%empty : tensor<4x8xf32>) -> tensor<4x8xf32>
  %y = scf.for %e = %c0 to %cE step %c1 iter_args(%acc = %init) -> (tensor<4x8xf32>) {
    %d = tensor.extract %dst[%e] : tensor<5xi64>
    %v = arith.index_cast %d : i64 to index
    %msg = tensor.extract_slice %scaled[%e, 0] [1, 8] [1, 1] : tensor<5x8xf32> to tensor<8xf32>
    %old = tensor.extract_slice %acc[%v, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<8xf32>
    %new = arith.addf %old, %msg : tensor<8xf32>
    %next = tensor.insert_slice %new into %acc[%v, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<4x8xf32>
    scf.yield %next : tensor<4x8xf32>
  }
  return %y : tensor<4x8xf32>
}

// -----

// An integer count masked where it is 0 (arith.cmpi).
// CHECK-LABEL: func.func @runtime_gcn_norm_integer_mask
// CHECK-NOT: scf.for
// CHECK: hag.aggregate sum %{{.*}}, %{{.*}} normalization(symmetric)

func.func @runtime_gcn_norm_integer_mask(%x: tensor<4x8xf32>, %src: tensor<5xi64>, %dst: tensor<5xi64>) -> tensor<4x8xf32> {
  %one_w_c = arith.constant 1.0 : f32
  %c0_d = arith.constant 0 : index
  %c1_d = arith.constant 1 : index
  %cE_d = arith.constant 5 : index
  %zero_d = arith.constant 0 : i64
  %one_d = arith.constant 1 : i64
  %empty_d = tensor.empty() : tensor<4xi64>
  %deg0 = linalg.fill ins(%zero_d : i64) outs(%empty_d : tensor<4xi64>) -> tensor<4xi64>
  %deg = scf.for %i = %c0_d to %cE_d step %c1_d iter_args(%dacc = %deg0) -> (tensor<4xi64>) {
    %t = tensor.extract %dst[%i] : tensor<5xi64>
    %v = arith.index_cast %t : i64 to index
    %old = tensor.extract %dacc[%v] : tensor<4xi64>
    %new = arith.addi %old, %one_d : i64
    %next = tensor.insert %new into %dacc[%v] : tensor<4xi64>
    scf.yield %next : tensor<4xi64>
  }
  %empty_s = tensor.empty() : tensor<4xf32>
  %dis = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>],
                         iterator_types = ["parallel"]}
      ins(%deg : tensor<4xi64>) outs(%empty_s : tensor<4xf32>) {
  ^bb0(%dv: i64, %o: f32):
    %f = arith.sitofp %dv : i64 to f32
    %p = math.rsqrt %f : f32
    %zero = arith.constant 0.0 : f32
    %none = arith.constant 0 : i64
    %empty = arith.cmpi eq, %dv, %none : i64
    %r = arith.select %empty, %zero, %p : f32
    linalg.yield %r : f32
  } -> tensor<4xf32>
  %empty_w = tensor.empty() : tensor<5xf32>
  %w = linalg.generic {indexing_maps = [affine_map<(e) -> (e)>, affine_map<(e) -> (e)>, affine_map<(e) -> (e)>],
                       iterator_types = ["parallel"]}
      ins(%src, %dst : tensor<5xi64>, tensor<5xi64>) outs(%empty_w : tensor<5xf32>) {
  ^bb0(%sv: i64, %tv: i64, %o: f32):
    %u = arith.index_cast %sv : i64 to index
    %v = arith.index_cast %tv : i64 to index
    %a = tensor.extract %dis[%u] : tensor<4xf32>
    %b = tensor.extract %dis[%v] : tensor<4xf32>
    %p = arith.mulf %a, %b : f32
    linalg.yield %p : f32
  } -> tensor<5xf32>
  %e_msgs = tensor.empty() : tensor<5x8xf32>
  %msgs = linalg.generic {indexing_maps = [affine_map<(e, j) -> (e)>, affine_map<(e, j) -> (e, j)>],
                          iterator_types = ["parallel", "parallel"]}
      ins(%src : tensor<5xi64>) outs(%e_msgs : tensor<5x8xf32>) {
  ^bb0(%s: i64, %out: f32):
    %u = arith.index_cast %s : i64 to index
    %j = linalg.index 1 : index
    %val = tensor.extract %x[%u, %j] : tensor<4x8xf32>
    linalg.yield %val : f32
  } -> tensor<5x8xf32>
  %e_scaled = tensor.empty() : tensor<5x8xf32>
  %scaled = linalg.generic {indexing_maps = [affine_map<(e, j) -> (e)>, affine_map<(e, j) -> (e, j)>, affine_map<(e, j) -> (e, j)>],
                            iterator_types = ["parallel", "parallel"]}
      ins(%w, %msgs : tensor<5xf32>, tensor<5x8xf32>) outs(%e_scaled : tensor<5x8xf32>) {
  ^bb0(%wv: f32, %mv: f32, %out: f32):
    %p = arith.mulf %wv, %mv : f32
    linalg.yield %p : f32
  } -> tensor<5x8xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %cE = arith.constant 5 : index
  %zero_y = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<4x8xf32>
  %init = linalg.fill ins(%zero_y : f32) outs(%empty : tensor<4x8xf32>) -> tensor<4x8xf32>
  %y = scf.for %e = %c0 to %cE step %c1 iter_args(%acc = %init) -> (tensor<4x8xf32>) {
    %d = tensor.extract %dst[%e] : tensor<5xi64>
    %v = arith.index_cast %d : i64 to index
    %msg = tensor.extract_slice %scaled[%e, 0] [1, 8] [1, 1] : tensor<5x8xf32> to tensor<8xf32>
    %old = tensor.extract_slice %acc[%v, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<8xf32>
    %new = arith.addf %old, %msg : tensor<8xf32>
    %next = tensor.insert_slice %new into %acc[%v, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<4x8xf32>
    scf.yield %next : tensor<4x8xf32>
  }
  return %y : tensor<4x8xf32>
}

// -----

// A mean: w[e] = 1/deg[dst[e]], unmasked (dst[e] has e as an input, so its
// degree is at least 1).
// CHECK-LABEL: func.func @runtime_mean_norm
// CHECK-NOT: scf.for
// CHECK: hag.graph_from_edges
// CHECK: hag.aggregate sum %{{.*}}, %{{.*}} normalization(row)

func.func @runtime_mean_norm(%x: tensor<4x8xf32>, %src: tensor<5xi64>, %dst: tensor<5xi64>) -> tensor<4x8xf32> {
  %one_w_c = arith.constant 1.0 : f32
  %c0_d = arith.constant 0 : index
  %c1_d = arith.constant 1 : index
  %cE_d = arith.constant 5 : index
  %zero_d = arith.constant 0.0 : f32
  %one_d = arith.constant 1.0 : f32
  %empty_d = tensor.empty() : tensor<4xf32>
  %deg0 = linalg.fill ins(%zero_d : f32) outs(%empty_d : tensor<4xf32>) -> tensor<4xf32>
  %deg = scf.for %i = %c0_d to %cE_d step %c1_d iter_args(%dacc = %deg0) -> (tensor<4xf32>) {
    %t = tensor.extract %dst[%i] : tensor<5xi64>
    %v = arith.index_cast %t : i64 to index
    %old = tensor.extract %dacc[%v] : tensor<4xf32>
    %new = arith.addf %old, %one_d : f32
    %next = tensor.insert %new into %dacc[%v] : tensor<4xf32>
    scf.yield %next : tensor<4xf32>
  }
  %empty_s = tensor.empty() : tensor<4xf32>
  %dis = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>],
                         iterator_types = ["parallel"]}
      ins(%deg : tensor<4xf32>) outs(%empty_s : tensor<4xf32>) {
  ^bb0(%dv: f32, %o: f32):
    %one = arith.constant 1.0 : f32
    %r = arith.divf %one, %dv : f32
    linalg.yield %r : f32
  } -> tensor<4xf32>
  %empty_w = tensor.empty() : tensor<5xf32>
  %w = linalg.generic {indexing_maps = [affine_map<(e) -> (e)>, affine_map<(e) -> (e)>],
                       iterator_types = ["parallel"]}
      ins(%dst : tensor<5xi64>) outs(%empty_w : tensor<5xf32>) {
  ^bb0(%tv: i64, %o: f32):
    %v = arith.index_cast %tv : i64 to index
    %p = tensor.extract %dis[%v] : tensor<4xf32>
    linalg.yield %p : f32
  } -> tensor<5xf32>
  %e_msgs = tensor.empty() : tensor<5x8xf32>
  %msgs = linalg.generic {indexing_maps = [affine_map<(e, j) -> (e)>, affine_map<(e, j) -> (e, j)>],
                          iterator_types = ["parallel", "parallel"]}
      ins(%src : tensor<5xi64>) outs(%e_msgs : tensor<5x8xf32>) {
  ^bb0(%s: i64, %out: f32):
    %u = arith.index_cast %s : i64 to index
    %j = linalg.index 1 : index
    %val = tensor.extract %x[%u, %j] : tensor<4x8xf32>
    linalg.yield %val : f32
  } -> tensor<5x8xf32>
  %e_scaled = tensor.empty() : tensor<5x8xf32>
  %scaled = linalg.generic {indexing_maps = [affine_map<(e, j) -> (e)>, affine_map<(e, j) -> (e, j)>, affine_map<(e, j) -> (e, j)>],
                            iterator_types = ["parallel", "parallel"]}
      ins(%w, %msgs : tensor<5xf32>, tensor<5x8xf32>) outs(%e_scaled : tensor<5x8xf32>) {
  ^bb0(%wv: f32, %mv: f32, %out: f32):
    %p = arith.mulf %wv, %mv : f32
    linalg.yield %p : f32
  } -> tensor<5x8xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %cE = arith.constant 5 : index
  %zero_y = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<4x8xf32>
  %init = linalg.fill ins(%zero_y : f32) outs(%empty : tensor<4x8xf32>) -> tensor<4x8xf32>
  %y = scf.for %e = %c0 to %cE step %c1 iter_args(%acc = %init) -> (tensor<4x8xf32>) {
    %d = tensor.extract %dst[%e] : tensor<5xi64>
    %v = arith.index_cast %d : i64 to index
    %msg = tensor.extract_slice %scaled[%e, 0] [1, 8] [1, 1] : tensor<5x8xf32> to tensor<8xf32>
    %old = tensor.extract_slice %acc[%v, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<8xf32>
    %new = arith.addf %old, %msg : tensor<8xf32>
    %next = tensor.insert_slice %new into %acc[%v, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<4x8xf32>
    scf.yield %next : tensor<4x8xf32>
  }
  return %y : tensor<4x8xf32>
}

// -----

// Constant edges, with the weights computed from them in the program: a
// graph constant. N(0) = {1, 2}, N(1) = {0}, N(2) = {0}, N(3) = {3}.
// CHECK-LABEL: func.func @computed_norm_constant_edges
// CHECK-NOT: scf.for
// CHECK: %[[G:.*]] = hag.graph_constant offsets(dense<[0, 2, 3, 4, 5]> : tensor<5xi64>) indices(dense<[1, 2, 0, 0, 3]> : tensor<5xi32>) : !hag.graph<4>
// CHECK: hag.aggregate sum %[[G]], %{{.*}} normalization(symmetric)

func.func @computed_norm_constant_edges(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %src = arith.constant dense<[1, 2, 0, 0, 3]> : tensor<5xi64>
  %dst = arith.constant dense<[0, 0, 1, 2, 3]> : tensor<5xi64>
  %one_w_c = arith.constant 1.0 : f32
  %c0_d = arith.constant 0 : index
  %c1_d = arith.constant 1 : index
  %cE_d = arith.constant 5 : index
  %zero_d = arith.constant 0.0 : f32
  %one_d = arith.constant 1.0 : f32
  %empty_d = tensor.empty() : tensor<4xf32>
  %deg0 = linalg.fill ins(%zero_d : f32) outs(%empty_d : tensor<4xf32>) -> tensor<4xf32>
  %deg = scf.for %i = %c0_d to %cE_d step %c1_d iter_args(%dacc = %deg0) -> (tensor<4xf32>) {
    %t = tensor.extract %dst[%i] : tensor<5xi64>
    %v = arith.index_cast %t : i64 to index
    %old = tensor.extract %dacc[%v] : tensor<4xf32>
    %new = arith.addf %old, %one_d : f32
    %next = tensor.insert %new into %dacc[%v] : tensor<4xf32>
    scf.yield %next : tensor<4xf32>
  }
  %empty_s = tensor.empty() : tensor<4xf32>
  %dis = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>],
                         iterator_types = ["parallel"]}
      ins(%deg : tensor<4xf32>) outs(%empty_s : tensor<4xf32>) {
  ^bb0(%dv: f32, %o: f32):
    %mhalf = arith.constant -0.5 : f32
    %p = math.powf %dv, %mhalf : f32
    %inf = arith.constant 0x7F800000 : f32
    %isinf = arith.cmpf oeq, %p, %inf : f32
    %zero = arith.constant 0.0 : f32
    %r = arith.select %isinf, %zero, %p : f32
    linalg.yield %r : f32
  } -> tensor<4xf32>
  %empty_w = tensor.empty() : tensor<5xf32>
  %w = linalg.generic {indexing_maps = [affine_map<(e) -> (e)>, affine_map<(e) -> (e)>, affine_map<(e) -> (e)>],
                       iterator_types = ["parallel"]}
      ins(%src, %dst : tensor<5xi64>, tensor<5xi64>) outs(%empty_w : tensor<5xf32>) {
  ^bb0(%sv: i64, %tv: i64, %o: f32):
    %u = arith.index_cast %sv : i64 to index
    %v = arith.index_cast %tv : i64 to index
    %a = tensor.extract %dis[%u] : tensor<4xf32>
    %b = tensor.extract %dis[%v] : tensor<4xf32>
    %p = arith.mulf %a, %b : f32
    linalg.yield %p : f32
  } -> tensor<5xf32>
  %e_msgs = tensor.empty() : tensor<5x8xf32>
  %msgs = linalg.generic {indexing_maps = [affine_map<(e, j) -> (e)>, affine_map<(e, j) -> (e, j)>],
                          iterator_types = ["parallel", "parallel"]}
      ins(%src : tensor<5xi64>) outs(%e_msgs : tensor<5x8xf32>) {
  ^bb0(%s: i64, %out: f32):
    %u = arith.index_cast %s : i64 to index
    %j = linalg.index 1 : index
    %val = tensor.extract %x[%u, %j] : tensor<4x8xf32>
    linalg.yield %val : f32
  } -> tensor<5x8xf32>
  %e_scaled = tensor.empty() : tensor<5x8xf32>
  %scaled = linalg.generic {indexing_maps = [affine_map<(e, j) -> (e)>, affine_map<(e, j) -> (e, j)>, affine_map<(e, j) -> (e, j)>],
                            iterator_types = ["parallel", "parallel"]}
      ins(%w, %msgs : tensor<5xf32>, tensor<5x8xf32>) outs(%e_scaled : tensor<5x8xf32>) {
  ^bb0(%wv: f32, %mv: f32, %out: f32):
    %p = arith.mulf %wv, %mv : f32
    linalg.yield %p : f32
  } -> tensor<5x8xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %cE = arith.constant 5 : index
  %zero_y = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<4x8xf32>
  %init = linalg.fill ins(%zero_y : f32) outs(%empty : tensor<4x8xf32>) -> tensor<4x8xf32>
  %y = scf.for %e = %c0 to %cE step %c1 iter_args(%acc = %init) -> (tensor<4x8xf32>) {
    %d = tensor.extract %dst[%e] : tensor<5xi64>
    %v = arith.index_cast %d : i64 to index
    %msg = tensor.extract_slice %scaled[%e, 0] [1, 8] [1, 1] : tensor<5x8xf32> to tensor<8xf32>
    %old = tensor.extract_slice %acc[%v, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<8xf32>
    %new = arith.addf %old, %msg : tensor<8xf32>
    %next = tensor.insert_slice %new into %acc[%v, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<4x8xf32>
    scf.yield %next : tensor<4x8xf32>
  }
  return %y : tensor<4x8xf32>
}

// -----

// GCNConv's self-loops, one edge v -> v per node appended to both arrays
// (PyG's add_self_loops: a concatenation with 0 .. N-1): the aggregation's
// self_loops over the edges before, so no concatenated copy is made per
// call. The count runs over the concatenated dst, so every degree counts
// the node itself, as self_loops does.
// CHECK-LABEL: func.func @runtime_gcn_norm_self_loops
// CHECK-SAME: (%[[X:.*]]: tensor<4x8xf32>, %[[SRC:.*]]: tensor<5xi64>, %[[DST:.*]]: tensor<5xi64>)
// CHECK-NOT: tensor.concat
// CHECK: %[[G:.*]] = hag.graph_from_edges %[[SRC]], %[[DST]] nodes(%{{.*}}) : tensor<5xi64>, tensor<5xi64> -> !hag.graph<4>
// CHECK: hag.aggregate sum %[[G]], %[[X]] normalization(symmetric) self_loops
// CHECK-NOT: tensor.concat

func.func @runtime_gcn_norm_self_loops(%x: tensor<4x8xf32>, %src0: tensor<5xi64>, %dst0: tensor<5xi64>) -> tensor<4x8xf32> {
  %one_w_c = arith.constant 1.0 : f32
  %empty_l = tensor.empty() : tensor<4xi64>
  %loops = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>], iterator_types = ["parallel"]}
      outs(%empty_l : tensor<4xi64>) {
  ^bb0(%o: i64):
    %i = linalg.index 0 : index
    %v = arith.index_cast %i : index to i64
    linalg.yield %v : i64
  } -> tensor<4xi64>
  %src = tensor.concat dim(0) %src0, %loops : (tensor<5xi64>, tensor<4xi64>) -> tensor<9xi64>
  %dst = tensor.concat dim(0) %dst0, %loops : (tensor<5xi64>, tensor<4xi64>) -> tensor<9xi64>
  %c0_d = arith.constant 0 : index
  %c1_d = arith.constant 1 : index
  %cE_d = arith.constant 9 : index
  %zero_d = arith.constant 0.0 : f32
  %one_d = arith.constant 1.0 : f32
  %empty_d = tensor.empty() : tensor<4xf32>
  %deg0 = linalg.fill ins(%zero_d : f32) outs(%empty_d : tensor<4xf32>) -> tensor<4xf32>
  %deg = scf.for %i = %c0_d to %cE_d step %c1_d iter_args(%dacc = %deg0) -> (tensor<4xf32>) {
    %t = tensor.extract %dst[%i] : tensor<9xi64>
    %v = arith.index_cast %t : i64 to index
    %old = tensor.extract %dacc[%v] : tensor<4xf32>
    %new = arith.addf %old, %one_d : f32
    %next = tensor.insert %new into %dacc[%v] : tensor<4xf32>
    scf.yield %next : tensor<4xf32>
  }
  %empty_s = tensor.empty() : tensor<4xf32>
  %dis = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>],
                         iterator_types = ["parallel"]}
      ins(%deg : tensor<4xf32>) outs(%empty_s : tensor<4xf32>) {
  ^bb0(%dv: f32, %o: f32):
    %mhalf = arith.constant -0.5 : f32
    %p = math.powf %dv, %mhalf : f32
    %inf = arith.constant 0x7F800000 : f32
    %isinf = arith.cmpf oeq, %p, %inf : f32
    %zero = arith.constant 0.0 : f32
    %r = arith.select %isinf, %zero, %p : f32
    linalg.yield %r : f32
  } -> tensor<4xf32>
  %empty_w = tensor.empty() : tensor<9xf32>
  %w = linalg.generic {indexing_maps = [affine_map<(e) -> (e)>, affine_map<(e) -> (e)>, affine_map<(e) -> (e)>],
                       iterator_types = ["parallel"]}
      ins(%src, %dst : tensor<9xi64>, tensor<9xi64>) outs(%empty_w : tensor<9xf32>) {
  ^bb0(%sv: i64, %tv: i64, %o: f32):
    %u = arith.index_cast %sv : i64 to index
    %v = arith.index_cast %tv : i64 to index
    %a = tensor.extract %dis[%u] : tensor<4xf32>
    %b = tensor.extract %dis[%v] : tensor<4xf32>
    %p = arith.mulf %a, %b : f32
    linalg.yield %p : f32
  } -> tensor<9xf32>
  %e_msgs = tensor.empty() : tensor<9x8xf32>
  %msgs = linalg.generic {indexing_maps = [affine_map<(e, j) -> (e)>, affine_map<(e, j) -> (e, j)>],
                          iterator_types = ["parallel", "parallel"]}
      ins(%src : tensor<9xi64>) outs(%e_msgs : tensor<9x8xf32>) {
  ^bb0(%s: i64, %out: f32):
    %u = arith.index_cast %s : i64 to index
    %j = linalg.index 1 : index
    %val = tensor.extract %x[%u, %j] : tensor<4x8xf32>
    linalg.yield %val : f32
  } -> tensor<9x8xf32>
  %e_scaled = tensor.empty() : tensor<9x8xf32>
  %scaled = linalg.generic {indexing_maps = [affine_map<(e, j) -> (e)>, affine_map<(e, j) -> (e, j)>, affine_map<(e, j) -> (e, j)>],
                            iterator_types = ["parallel", "parallel"]}
      ins(%w, %msgs : tensor<9xf32>, tensor<9x8xf32>) outs(%e_scaled : tensor<9x8xf32>) {
  ^bb0(%wv: f32, %mv: f32, %out: f32):
    %p = arith.mulf %wv, %mv : f32
    linalg.yield %p : f32
  } -> tensor<9x8xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %cE = arith.constant 9 : index
  %zero_y = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<4x8xf32>
  %init = linalg.fill ins(%zero_y : f32) outs(%empty : tensor<4x8xf32>) -> tensor<4x8xf32>
  %y = scf.for %e = %c0 to %cE step %c1 iter_args(%acc = %init) -> (tensor<4x8xf32>) {
    %d = tensor.extract %dst[%e] : tensor<9xi64>
    %v = arith.index_cast %d : i64 to index
    %msg = tensor.extract_slice %scaled[%e, 0] [1, 8] [1, 1] : tensor<9x8xf32> to tensor<8xf32>
    %old = tensor.extract_slice %acc[%v, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<8xf32>
    %new = arith.addf %old, %msg : tensor<8xf32>
    %next = tensor.insert_slice %new into %acc[%v, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<4x8xf32>
    scf.yield %next : tensor<4x8xf32>
  }
  return %y : tensor<4x8xf32>
}

// -----

// The same with the node ids a constant.
// CHECK-LABEL: func.func @runtime_gcn_norm_constant_self_loops
// CHECK: hag.graph_from_edges %{{.*}}, %{{.*}} nodes(%{{.*}}) : tensor<5xi64>, tensor<5xi64>
// CHECK: normalization(symmetric) self_loops

func.func @runtime_gcn_norm_constant_self_loops(%x: tensor<4x8xf32>, %src0: tensor<5xi64>, %dst0: tensor<5xi64>) -> tensor<4x8xf32> {
  %one_w_c = arith.constant 1.0 : f32
  %loops = arith.constant dense<[0, 1, 2, 3]> : tensor<4xi64>
  %src = tensor.concat dim(0) %src0, %loops : (tensor<5xi64>, tensor<4xi64>) -> tensor<9xi64>
  %dst = tensor.concat dim(0) %dst0, %loops : (tensor<5xi64>, tensor<4xi64>) -> tensor<9xi64>
  %c0_d = arith.constant 0 : index
  %c1_d = arith.constant 1 : index
  %cE_d = arith.constant 9 : index
  %zero_d = arith.constant 0.0 : f32
  %one_d = arith.constant 1.0 : f32
  %empty_d = tensor.empty() : tensor<4xf32>
  %deg0 = linalg.fill ins(%zero_d : f32) outs(%empty_d : tensor<4xf32>) -> tensor<4xf32>
  %deg = scf.for %i = %c0_d to %cE_d step %c1_d iter_args(%dacc = %deg0) -> (tensor<4xf32>) {
    %t = tensor.extract %dst[%i] : tensor<9xi64>
    %v = arith.index_cast %t : i64 to index
    %old = tensor.extract %dacc[%v] : tensor<4xf32>
    %new = arith.addf %old, %one_d : f32
    %next = tensor.insert %new into %dacc[%v] : tensor<4xf32>
    scf.yield %next : tensor<4xf32>
  }
  %empty_s = tensor.empty() : tensor<4xf32>
  %dis = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>],
                         iterator_types = ["parallel"]}
      ins(%deg : tensor<4xf32>) outs(%empty_s : tensor<4xf32>) {
  ^bb0(%dv: f32, %o: f32):
    %mhalf = arith.constant -0.5 : f32
    %p = math.powf %dv, %mhalf : f32
    %inf = arith.constant 0x7F800000 : f32
    %isinf = arith.cmpf oeq, %p, %inf : f32
    %zero = arith.constant 0.0 : f32
    %r = arith.select %isinf, %zero, %p : f32
    linalg.yield %r : f32
  } -> tensor<4xf32>
  %empty_w = tensor.empty() : tensor<9xf32>
  %w = linalg.generic {indexing_maps = [affine_map<(e) -> (e)>, affine_map<(e) -> (e)>, affine_map<(e) -> (e)>],
                       iterator_types = ["parallel"]}
      ins(%src, %dst : tensor<9xi64>, tensor<9xi64>) outs(%empty_w : tensor<9xf32>) {
  ^bb0(%sv: i64, %tv: i64, %o: f32):
    %u = arith.index_cast %sv : i64 to index
    %v = arith.index_cast %tv : i64 to index
    %a = tensor.extract %dis[%u] : tensor<4xf32>
    %b = tensor.extract %dis[%v] : tensor<4xf32>
    %p = arith.mulf %a, %b : f32
    linalg.yield %p : f32
  } -> tensor<9xf32>
  %e_msgs = tensor.empty() : tensor<9x8xf32>
  %msgs = linalg.generic {indexing_maps = [affine_map<(e, j) -> (e)>, affine_map<(e, j) -> (e, j)>],
                          iterator_types = ["parallel", "parallel"]}
      ins(%src : tensor<9xi64>) outs(%e_msgs : tensor<9x8xf32>) {
  ^bb0(%s: i64, %out: f32):
    %u = arith.index_cast %s : i64 to index
    %j = linalg.index 1 : index
    %val = tensor.extract %x[%u, %j] : tensor<4x8xf32>
    linalg.yield %val : f32
  } -> tensor<9x8xf32>
  %e_scaled = tensor.empty() : tensor<9x8xf32>
  %scaled = linalg.generic {indexing_maps = [affine_map<(e, j) -> (e)>, affine_map<(e, j) -> (e, j)>, affine_map<(e, j) -> (e, j)>],
                            iterator_types = ["parallel", "parallel"]}
      ins(%w, %msgs : tensor<9xf32>, tensor<9x8xf32>) outs(%e_scaled : tensor<9x8xf32>) {
  ^bb0(%wv: f32, %mv: f32, %out: f32):
    %p = arith.mulf %wv, %mv : f32
    linalg.yield %p : f32
  } -> tensor<9x8xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %cE = arith.constant 9 : index
  %zero_y = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<4x8xf32>
  %init = linalg.fill ins(%zero_y : f32) outs(%empty : tensor<4x8xf32>) -> tensor<4x8xf32>
  %y = scf.for %e = %c0 to %cE step %c1 iter_args(%acc = %init) -> (tensor<4x8xf32>) {
    %d = tensor.extract %dst[%e] : tensor<9xi64>
    %v = arith.index_cast %d : i64 to index
    %msg = tensor.extract_slice %scaled[%e, 0] [1, 8] [1, 1] : tensor<9x8xf32> to tensor<8xf32>
    %old = tensor.extract_slice %acc[%v, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<8xf32>
    %new = arith.addf %old, %msg : tensor<8xf32>
    %next = tensor.insert_slice %new into %acc[%v, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<4x8xf32>
    scf.yield %next : tensor<4x8xf32>
  }
  return %y : tensor<4x8xf32>
}

// -----

// Edges v -> v + 1 (mod 4) appended: 0 .. N-1 in src, but not in dst, so no
// self-loops; the concatenated arrays are the graph's edges, as written.
// CHECK-LABEL: func.func @appended_edges_not_self_loops
// CHECK: %[[SRC:.*]] = tensor.concat
// CHECK: %[[DST:.*]] = tensor.concat
// CHECK: hag.graph_from_edges %[[SRC]], %[[DST]] nodes(%{{.*}}) : tensor<9xi64>, tensor<9xi64>
// CHECK: hag.aggregate sum %{{.*}}, %{{.*}} normalization(symmetric) :

func.func @appended_edges_not_self_loops(%x: tensor<4x8xf32>, %src0: tensor<5xi64>, %dst0: tensor<5xi64>) -> tensor<4x8xf32> {
  %one_w_c = arith.constant 1.0 : f32
  %loops = arith.constant dense<[0, 1, 2, 3]> : tensor<4xi64>
  %shifted = arith.constant dense<[1, 2, 3, 0]> : tensor<4xi64>
  %src = tensor.concat dim(0) %src0, %loops : (tensor<5xi64>, tensor<4xi64>) -> tensor<9xi64>
  %dst = tensor.concat dim(0) %dst0, %shifted : (tensor<5xi64>, tensor<4xi64>) -> tensor<9xi64>
  %c0_d = arith.constant 0 : index
  %c1_d = arith.constant 1 : index
  %cE_d = arith.constant 9 : index
  %zero_d = arith.constant 0.0 : f32
  %one_d = arith.constant 1.0 : f32
  %empty_d = tensor.empty() : tensor<4xf32>
  %deg0 = linalg.fill ins(%zero_d : f32) outs(%empty_d : tensor<4xf32>) -> tensor<4xf32>
  %deg = scf.for %i = %c0_d to %cE_d step %c1_d iter_args(%dacc = %deg0) -> (tensor<4xf32>) {
    %t = tensor.extract %dst[%i] : tensor<9xi64>
    %v = arith.index_cast %t : i64 to index
    %old = tensor.extract %dacc[%v] : tensor<4xf32>
    %new = arith.addf %old, %one_d : f32
    %next = tensor.insert %new into %dacc[%v] : tensor<4xf32>
    scf.yield %next : tensor<4xf32>
  }
  %empty_s = tensor.empty() : tensor<4xf32>
  %dis = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>],
                         iterator_types = ["parallel"]}
      ins(%deg : tensor<4xf32>) outs(%empty_s : tensor<4xf32>) {
  ^bb0(%dv: f32, %o: f32):
    %mhalf = arith.constant -0.5 : f32
    %p = math.powf %dv, %mhalf : f32
    %inf = arith.constant 0x7F800000 : f32
    %isinf = arith.cmpf oeq, %p, %inf : f32
    %zero = arith.constant 0.0 : f32
    %r = arith.select %isinf, %zero, %p : f32
    linalg.yield %r : f32
  } -> tensor<4xf32>
  %empty_w = tensor.empty() : tensor<9xf32>
  %w = linalg.generic {indexing_maps = [affine_map<(e) -> (e)>, affine_map<(e) -> (e)>, affine_map<(e) -> (e)>],
                       iterator_types = ["parallel"]}
      ins(%src, %dst : tensor<9xi64>, tensor<9xi64>) outs(%empty_w : tensor<9xf32>) {
  ^bb0(%sv: i64, %tv: i64, %o: f32):
    %u = arith.index_cast %sv : i64 to index
    %v = arith.index_cast %tv : i64 to index
    %a = tensor.extract %dis[%u] : tensor<4xf32>
    %b = tensor.extract %dis[%v] : tensor<4xf32>
    %p = arith.mulf %a, %b : f32
    linalg.yield %p : f32
  } -> tensor<9xf32>
  %e_msgs = tensor.empty() : tensor<9x8xf32>
  %msgs = linalg.generic {indexing_maps = [affine_map<(e, j) -> (e)>, affine_map<(e, j) -> (e, j)>],
                          iterator_types = ["parallel", "parallel"]}
      ins(%src : tensor<9xi64>) outs(%e_msgs : tensor<9x8xf32>) {
  ^bb0(%s: i64, %out: f32):
    %u = arith.index_cast %s : i64 to index
    %j = linalg.index 1 : index
    %val = tensor.extract %x[%u, %j] : tensor<4x8xf32>
    linalg.yield %val : f32
  } -> tensor<9x8xf32>
  %e_scaled = tensor.empty() : tensor<9x8xf32>
  %scaled = linalg.generic {indexing_maps = [affine_map<(e, j) -> (e)>, affine_map<(e, j) -> (e, j)>, affine_map<(e, j) -> (e, j)>],
                            iterator_types = ["parallel", "parallel"]}
      ins(%w, %msgs : tensor<9xf32>, tensor<9x8xf32>) outs(%e_scaled : tensor<9x8xf32>) {
  ^bb0(%wv: f32, %mv: f32, %out: f32):
    %p = arith.mulf %wv, %mv : f32
    linalg.yield %p : f32
  } -> tensor<9x8xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %cE = arith.constant 9 : index
  %zero_y = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<4x8xf32>
  %init = linalg.fill ins(%zero_y : f32) outs(%empty : tensor<4x8xf32>) -> tensor<4x8xf32>
  %y = scf.for %e = %c0 to %cE step %c1 iter_args(%acc = %init) -> (tensor<4x8xf32>) {
    %d = tensor.extract %dst[%e] : tensor<9xi64>
    %v = arith.index_cast %d : i64 to index
    %msg = tensor.extract_slice %scaled[%e, 0] [1, 8] [1, 1] : tensor<9x8xf32> to tensor<8xf32>
    %old = tensor.extract_slice %acc[%v, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<8xf32>
    %new = arith.addf %old, %msg : tensor<8xf32>
    %next = tensor.insert_slice %new into %acc[%v, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<4x8xf32>
    scf.yield %next : tensor<4x8xf32>
  }
  return %y : tensor<4x8xf32>
}

// -----

// Without the mask, a source with no edges into it has s = inf, and its
// messages are inf or NaN where hag's normalization gives 0: left alone.
// CHECK-LABEL: func.func @unmasked_source_factor_untouched
// CHECK-NOT: hag.aggregate
// CHECK: scf.for
// CHECK-NOT: hag.aggregate
// CHECK: return

func.func @unmasked_source_factor_untouched(%x: tensor<4x8xf32>, %src: tensor<5xi64>, %dst: tensor<5xi64>) -> tensor<4x8xf32> {
  %one_w_c = arith.constant 1.0 : f32
  %c0_d = arith.constant 0 : index
  %c1_d = arith.constant 1 : index
  %cE_d = arith.constant 5 : index
  %zero_d = arith.constant 0.0 : f32
  %one_d = arith.constant 1.0 : f32
  %empty_d = tensor.empty() : tensor<4xf32>
  %deg0 = linalg.fill ins(%zero_d : f32) outs(%empty_d : tensor<4xf32>) -> tensor<4xf32>
  %deg = scf.for %i = %c0_d to %cE_d step %c1_d iter_args(%dacc = %deg0) -> (tensor<4xf32>) {
    %t = tensor.extract %dst[%i] : tensor<5xi64>
    %v = arith.index_cast %t : i64 to index
    %old = tensor.extract %dacc[%v] : tensor<4xf32>
    %new = arith.addf %old, %one_d : f32
    %next = tensor.insert %new into %dacc[%v] : tensor<4xf32>
    scf.yield %next : tensor<4xf32>
  }
  %empty_s = tensor.empty() : tensor<4xf32>
  %dis = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>],
                         iterator_types = ["parallel"]}
      ins(%deg : tensor<4xf32>) outs(%empty_s : tensor<4xf32>) {
  ^bb0(%dv: f32, %o: f32):
    %mhalf = arith.constant -0.5 : f32
    %r = math.powf %dv, %mhalf : f32
    linalg.yield %r : f32
  } -> tensor<4xf32>
  %empty_w = tensor.empty() : tensor<5xf32>
  %w = linalg.generic {indexing_maps = [affine_map<(e) -> (e)>, affine_map<(e) -> (e)>, affine_map<(e) -> (e)>],
                       iterator_types = ["parallel"]}
      ins(%src, %dst : tensor<5xi64>, tensor<5xi64>) outs(%empty_w : tensor<5xf32>) {
  ^bb0(%sv: i64, %tv: i64, %o: f32):
    %u = arith.index_cast %sv : i64 to index
    %v = arith.index_cast %tv : i64 to index
    %a = tensor.extract %dis[%u] : tensor<4xf32>
    %b = tensor.extract %dis[%v] : tensor<4xf32>
    %p = arith.mulf %a, %b : f32
    linalg.yield %p : f32
  } -> tensor<5xf32>
  %e_msgs = tensor.empty() : tensor<5x8xf32>
  %msgs = linalg.generic {indexing_maps = [affine_map<(e, j) -> (e)>, affine_map<(e, j) -> (e, j)>],
                          iterator_types = ["parallel", "parallel"]}
      ins(%src : tensor<5xi64>) outs(%e_msgs : tensor<5x8xf32>) {
  ^bb0(%s: i64, %out: f32):
    %u = arith.index_cast %s : i64 to index
    %j = linalg.index 1 : index
    %val = tensor.extract %x[%u, %j] : tensor<4x8xf32>
    linalg.yield %val : f32
  } -> tensor<5x8xf32>
  %e_scaled = tensor.empty() : tensor<5x8xf32>
  %scaled = linalg.generic {indexing_maps = [affine_map<(e, j) -> (e)>, affine_map<(e, j) -> (e, j)>, affine_map<(e, j) -> (e, j)>],
                            iterator_types = ["parallel", "parallel"]}
      ins(%w, %msgs : tensor<5xf32>, tensor<5x8xf32>) outs(%e_scaled : tensor<5x8xf32>) {
  ^bb0(%wv: f32, %mv: f32, %out: f32):
    %p = arith.mulf %wv, %mv : f32
    linalg.yield %p : f32
  } -> tensor<5x8xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %cE = arith.constant 5 : index
  %zero_y = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<4x8xf32>
  %init = linalg.fill ins(%zero_y : f32) outs(%empty : tensor<4x8xf32>) -> tensor<4x8xf32>
  %y = scf.for %e = %c0 to %cE step %c1 iter_args(%acc = %init) -> (tensor<4x8xf32>) {
    %d = tensor.extract %dst[%e] : tensor<5xi64>
    %v = arith.index_cast %d : i64 to index
    %msg = tensor.extract_slice %scaled[%e, 0] [1, 8] [1, 1] : tensor<5x8xf32> to tensor<8xf32>
    %old = tensor.extract_slice %acc[%v, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<8xf32>
    %new = arith.addf %old, %msg : tensor<8xf32>
    %next = tensor.insert_slice %new into %acc[%v, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<4x8xf32>
    scf.yield %next : tensor<4x8xf32>
  }
  return %y : tensor<4x8xf32>
}

// -----

// The count runs over src (out-degrees), not hag's degree: left alone.
// CHECK-LABEL: func.func @count_over_src_untouched
// CHECK-NOT: hag.aggregate
// CHECK: scf.for
// CHECK-NOT: hag.aggregate
// CHECK: return

func.func @count_over_src_untouched(%x: tensor<4x8xf32>, %src: tensor<5xi64>, %dst: tensor<5xi64>) -> tensor<4x8xf32> {
  %one_w_c = arith.constant 1.0 : f32
  %c0_d = arith.constant 0 : index
  %c1_d = arith.constant 1 : index
  %cE_d = arith.constant 5 : index
  %zero_d = arith.constant 0.0 : f32
  %one_d = arith.constant 1.0 : f32
  %empty_d = tensor.empty() : tensor<4xf32>
  %deg0 = linalg.fill ins(%zero_d : f32) outs(%empty_d : tensor<4xf32>) -> tensor<4xf32>
  %deg = scf.for %i = %c0_d to %cE_d step %c1_d iter_args(%dacc = %deg0) -> (tensor<4xf32>) {
    %t = tensor.extract %src[%i] : tensor<5xi64>
    %v = arith.index_cast %t : i64 to index
    %old = tensor.extract %dacc[%v] : tensor<4xf32>
    %new = arith.addf %old, %one_d : f32
    %next = tensor.insert %new into %dacc[%v] : tensor<4xf32>
    scf.yield %next : tensor<4xf32>
  }
  %empty_s = tensor.empty() : tensor<4xf32>
  %dis = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>],
                         iterator_types = ["parallel"]}
      ins(%deg : tensor<4xf32>) outs(%empty_s : tensor<4xf32>) {
  ^bb0(%dv: f32, %o: f32):
    %mhalf = arith.constant -0.5 : f32
    %p = math.powf %dv, %mhalf : f32
    %inf = arith.constant 0x7F800000 : f32
    %isinf = arith.cmpf oeq, %p, %inf : f32
    %zero = arith.constant 0.0 : f32
    %r = arith.select %isinf, %zero, %p : f32
    linalg.yield %r : f32
  } -> tensor<4xf32>
  %empty_w = tensor.empty() : tensor<5xf32>
  %w = linalg.generic {indexing_maps = [affine_map<(e) -> (e)>, affine_map<(e) -> (e)>, affine_map<(e) -> (e)>],
                       iterator_types = ["parallel"]}
      ins(%src, %dst : tensor<5xi64>, tensor<5xi64>) outs(%empty_w : tensor<5xf32>) {
  ^bb0(%sv: i64, %tv: i64, %o: f32):
    %u = arith.index_cast %sv : i64 to index
    %v = arith.index_cast %tv : i64 to index
    %a = tensor.extract %dis[%u] : tensor<4xf32>
    %b = tensor.extract %dis[%v] : tensor<4xf32>
    %p = arith.mulf %a, %b : f32
    linalg.yield %p : f32
  } -> tensor<5xf32>
  %e_msgs = tensor.empty() : tensor<5x8xf32>
  %msgs = linalg.generic {indexing_maps = [affine_map<(e, j) -> (e)>, affine_map<(e, j) -> (e, j)>],
                          iterator_types = ["parallel", "parallel"]}
      ins(%src : tensor<5xi64>) outs(%e_msgs : tensor<5x8xf32>) {
  ^bb0(%s: i64, %out: f32):
    %u = arith.index_cast %s : i64 to index
    %j = linalg.index 1 : index
    %val = tensor.extract %x[%u, %j] : tensor<4x8xf32>
    linalg.yield %val : f32
  } -> tensor<5x8xf32>
  %e_scaled = tensor.empty() : tensor<5x8xf32>
  %scaled = linalg.generic {indexing_maps = [affine_map<(e, j) -> (e)>, affine_map<(e, j) -> (e, j)>, affine_map<(e, j) -> (e, j)>],
                            iterator_types = ["parallel", "parallel"]}
      ins(%w, %msgs : tensor<5xf32>, tensor<5x8xf32>) outs(%e_scaled : tensor<5x8xf32>) {
  ^bb0(%wv: f32, %mv: f32, %out: f32):
    %p = arith.mulf %wv, %mv : f32
    linalg.yield %p : f32
  } -> tensor<5x8xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %cE = arith.constant 5 : index
  %zero_y = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<4x8xf32>
  %init = linalg.fill ins(%zero_y : f32) outs(%empty : tensor<4x8xf32>) -> tensor<4x8xf32>
  %y = scf.for %e = %c0 to %cE step %c1 iter_args(%acc = %init) -> (tensor<4x8xf32>) {
    %d = tensor.extract %dst[%e] : tensor<5xi64>
    %v = arith.index_cast %d : i64 to index
    %msg = tensor.extract_slice %scaled[%e, 0] [1, 8] [1, 1] : tensor<5x8xf32> to tensor<8xf32>
    %old = tensor.extract_slice %acc[%v, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<8xf32>
    %new = arith.addf %old, %msg : tensor<8xf32>
    %next = tensor.insert_slice %new into %acc[%v, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<4x8xf32>
    scf.yield %next : tensor<4x8xf32>
  }
  return %y : tensor<4x8xf32>
}

// -----

// The count starts at 1 in every node (as if with self-loops the edges do
// not hold): left alone.
// CHECK-LABEL: func.func @count_from_one_untouched
// CHECK-NOT: hag.aggregate
// CHECK: scf.for
// CHECK-NOT: hag.aggregate
// CHECK: return

func.func @count_from_one_untouched(%x: tensor<4x8xf32>, %src: tensor<5xi64>, %dst: tensor<5xi64>) -> tensor<4x8xf32> {
  %one_w_c = arith.constant 1.0 : f32
  %c0_d = arith.constant 0 : index
  %c1_d = arith.constant 1 : index
  %cE_d = arith.constant 5 : index
  %zero_d = arith.constant 1.0 : f32
  %one_d = arith.constant 1.0 : f32
  %empty_d = tensor.empty() : tensor<4xf32>
  %deg0 = linalg.fill ins(%zero_d : f32) outs(%empty_d : tensor<4xf32>) -> tensor<4xf32>
  %deg = scf.for %i = %c0_d to %cE_d step %c1_d iter_args(%dacc = %deg0) -> (tensor<4xf32>) {
    %t = tensor.extract %dst[%i] : tensor<5xi64>
    %v = arith.index_cast %t : i64 to index
    %old = tensor.extract %dacc[%v] : tensor<4xf32>
    %new = arith.addf %old, %one_d : f32
    %next = tensor.insert %new into %dacc[%v] : tensor<4xf32>
    scf.yield %next : tensor<4xf32>
  }
  %empty_s = tensor.empty() : tensor<4xf32>
  %dis = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>],
                         iterator_types = ["parallel"]}
      ins(%deg : tensor<4xf32>) outs(%empty_s : tensor<4xf32>) {
  ^bb0(%dv: f32, %o: f32):
    %mhalf = arith.constant -0.5 : f32
    %p = math.powf %dv, %mhalf : f32
    %inf = arith.constant 0x7F800000 : f32
    %isinf = arith.cmpf oeq, %p, %inf : f32
    %zero = arith.constant 0.0 : f32
    %r = arith.select %isinf, %zero, %p : f32
    linalg.yield %r : f32
  } -> tensor<4xf32>
  %empty_w = tensor.empty() : tensor<5xf32>
  %w = linalg.generic {indexing_maps = [affine_map<(e) -> (e)>, affine_map<(e) -> (e)>, affine_map<(e) -> (e)>],
                       iterator_types = ["parallel"]}
      ins(%src, %dst : tensor<5xi64>, tensor<5xi64>) outs(%empty_w : tensor<5xf32>) {
  ^bb0(%sv: i64, %tv: i64, %o: f32):
    %u = arith.index_cast %sv : i64 to index
    %v = arith.index_cast %tv : i64 to index
    %a = tensor.extract %dis[%u] : tensor<4xf32>
    %b = tensor.extract %dis[%v] : tensor<4xf32>
    %p = arith.mulf %a, %b : f32
    linalg.yield %p : f32
  } -> tensor<5xf32>
  %e_msgs = tensor.empty() : tensor<5x8xf32>
  %msgs = linalg.generic {indexing_maps = [affine_map<(e, j) -> (e)>, affine_map<(e, j) -> (e, j)>],
                          iterator_types = ["parallel", "parallel"]}
      ins(%src : tensor<5xi64>) outs(%e_msgs : tensor<5x8xf32>) {
  ^bb0(%s: i64, %out: f32):
    %u = arith.index_cast %s : i64 to index
    %j = linalg.index 1 : index
    %val = tensor.extract %x[%u, %j] : tensor<4x8xf32>
    linalg.yield %val : f32
  } -> tensor<5x8xf32>
  %e_scaled = tensor.empty() : tensor<5x8xf32>
  %scaled = linalg.generic {indexing_maps = [affine_map<(e, j) -> (e)>, affine_map<(e, j) -> (e, j)>, affine_map<(e, j) -> (e, j)>],
                            iterator_types = ["parallel", "parallel"]}
      ins(%w, %msgs : tensor<5xf32>, tensor<5x8xf32>) outs(%e_scaled : tensor<5x8xf32>) {
  ^bb0(%wv: f32, %mv: f32, %out: f32):
    %p = arith.mulf %wv, %mv : f32
    linalg.yield %p : f32
  } -> tensor<5x8xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %cE = arith.constant 5 : index
  %zero_y = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<4x8xf32>
  %init = linalg.fill ins(%zero_y : f32) outs(%empty : tensor<4x8xf32>) -> tensor<4x8xf32>
  %y = scf.for %e = %c0 to %cE step %c1 iter_args(%acc = %init) -> (tensor<4x8xf32>) {
    %d = tensor.extract %dst[%e] : tensor<5xi64>
    %v = arith.index_cast %d : i64 to index
    %msg = tensor.extract_slice %scaled[%e, 0] [1, 8] [1, 1] : tensor<5x8xf32> to tensor<8xf32>
    %old = tensor.extract_slice %acc[%v, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<8xf32>
    %new = arith.addf %old, %msg : tensor<8xf32>
    %next = tensor.insert_slice %new into %acc[%v, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<4x8xf32>
    scf.yield %next : tensor<4x8xf32>
  }
  return %y : tensor<4x8xf32>
}

// -----

// The count adds 2 per edge: left alone.
// CHECK-LABEL: func.func @count_by_two_untouched
// CHECK-NOT: hag.aggregate
// CHECK: scf.for
// CHECK-NOT: hag.aggregate
// CHECK: return

func.func @count_by_two_untouched(%x: tensor<4x8xf32>, %src: tensor<5xi64>, %dst: tensor<5xi64>) -> tensor<4x8xf32> {
  %one_w_c = arith.constant 1.0 : f32
  %c0_d = arith.constant 0 : index
  %c1_d = arith.constant 1 : index
  %cE_d = arith.constant 5 : index
  %zero_d = arith.constant 0.0 : f32
  %one_d = arith.constant 2.0 : f32
  %empty_d = tensor.empty() : tensor<4xf32>
  %deg0 = linalg.fill ins(%zero_d : f32) outs(%empty_d : tensor<4xf32>) -> tensor<4xf32>
  %deg = scf.for %i = %c0_d to %cE_d step %c1_d iter_args(%dacc = %deg0) -> (tensor<4xf32>) {
    %t = tensor.extract %dst[%i] : tensor<5xi64>
    %v = arith.index_cast %t : i64 to index
    %old = tensor.extract %dacc[%v] : tensor<4xf32>
    %new = arith.addf %old, %one_d : f32
    %next = tensor.insert %new into %dacc[%v] : tensor<4xf32>
    scf.yield %next : tensor<4xf32>
  }
  %empty_s = tensor.empty() : tensor<4xf32>
  %dis = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>],
                         iterator_types = ["parallel"]}
      ins(%deg : tensor<4xf32>) outs(%empty_s : tensor<4xf32>) {
  ^bb0(%dv: f32, %o: f32):
    %mhalf = arith.constant -0.5 : f32
    %p = math.powf %dv, %mhalf : f32
    %inf = arith.constant 0x7F800000 : f32
    %isinf = arith.cmpf oeq, %p, %inf : f32
    %zero = arith.constant 0.0 : f32
    %r = arith.select %isinf, %zero, %p : f32
    linalg.yield %r : f32
  } -> tensor<4xf32>
  %empty_w = tensor.empty() : tensor<5xf32>
  %w = linalg.generic {indexing_maps = [affine_map<(e) -> (e)>, affine_map<(e) -> (e)>, affine_map<(e) -> (e)>],
                       iterator_types = ["parallel"]}
      ins(%src, %dst : tensor<5xi64>, tensor<5xi64>) outs(%empty_w : tensor<5xf32>) {
  ^bb0(%sv: i64, %tv: i64, %o: f32):
    %u = arith.index_cast %sv : i64 to index
    %v = arith.index_cast %tv : i64 to index
    %a = tensor.extract %dis[%u] : tensor<4xf32>
    %b = tensor.extract %dis[%v] : tensor<4xf32>
    %p = arith.mulf %a, %b : f32
    linalg.yield %p : f32
  } -> tensor<5xf32>
  %e_msgs = tensor.empty() : tensor<5x8xf32>
  %msgs = linalg.generic {indexing_maps = [affine_map<(e, j) -> (e)>, affine_map<(e, j) -> (e, j)>],
                          iterator_types = ["parallel", "parallel"]}
      ins(%src : tensor<5xi64>) outs(%e_msgs : tensor<5x8xf32>) {
  ^bb0(%s: i64, %out: f32):
    %u = arith.index_cast %s : i64 to index
    %j = linalg.index 1 : index
    %val = tensor.extract %x[%u, %j] : tensor<4x8xf32>
    linalg.yield %val : f32
  } -> tensor<5x8xf32>
  %e_scaled = tensor.empty() : tensor<5x8xf32>
  %scaled = linalg.generic {indexing_maps = [affine_map<(e, j) -> (e)>, affine_map<(e, j) -> (e, j)>, affine_map<(e, j) -> (e, j)>],
                            iterator_types = ["parallel", "parallel"]}
      ins(%w, %msgs : tensor<5xf32>, tensor<5x8xf32>) outs(%e_scaled : tensor<5x8xf32>) {
  ^bb0(%wv: f32, %mv: f32, %out: f32):
    %p = arith.mulf %wv, %mv : f32
    linalg.yield %p : f32
  } -> tensor<5x8xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %cE = arith.constant 5 : index
  %zero_y = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<4x8xf32>
  %init = linalg.fill ins(%zero_y : f32) outs(%empty : tensor<4x8xf32>) -> tensor<4x8xf32>
  %y = scf.for %e = %c0 to %cE step %c1 iter_args(%acc = %init) -> (tensor<4x8xf32>) {
    %d = tensor.extract %dst[%e] : tensor<5xi64>
    %v = arith.index_cast %d : i64 to index
    %msg = tensor.extract_slice %scaled[%e, 0] [1, 8] [1, 1] : tensor<5x8xf32> to tensor<8xf32>
    %old = tensor.extract_slice %acc[%v, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<8xf32>
    %new = arith.addf %old, %msg : tensor<8xf32>
    %next = tensor.insert_slice %new into %acc[%v, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<4x8xf32>
    scf.yield %next : tensor<4x8xf32>
  }
  return %y : tensor<4x8xf32>
}

// -----

// A bf16 count stops being exact past 256 edges into one node (here E =
// 300): left alone.
// CHECK-LABEL: func.func @inexact_bf16_count_untouched
// CHECK-NOT: hag.aggregate
// CHECK: scf.for
// CHECK-NOT: hag.aggregate
// CHECK: return

func.func @inexact_bf16_count_untouched(%x: tensor<4x8xf32>, %src: tensor<300xi64>, %dst: tensor<300xi64>) -> tensor<4x8xf32> {
  %one_w_c = arith.constant 1.0 : f32
  %c0_d = arith.constant 0 : index
  %c1_d = arith.constant 1 : index
  %cE_d = arith.constant 300 : index
  %zero_d = arith.constant 0.0 : bf16
  %one_d = arith.constant 1.0 : bf16
  %empty_d = tensor.empty() : tensor<4xbf16>
  %deg0 = linalg.fill ins(%zero_d : bf16) outs(%empty_d : tensor<4xbf16>) -> tensor<4xbf16>
  %deg = scf.for %i = %c0_d to %cE_d step %c1_d iter_args(%dacc = %deg0) -> (tensor<4xbf16>) {
    %t = tensor.extract %dst[%i] : tensor<300xi64>
    %v = arith.index_cast %t : i64 to index
    %old = tensor.extract %dacc[%v] : tensor<4xbf16>
    %new = arith.addf %old, %one_d : bf16
    %next = tensor.insert %new into %dacc[%v] : tensor<4xbf16>
    scf.yield %next : tensor<4xbf16>
  }
  %empty_s = tensor.empty() : tensor<4xf32>
  %dis = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>],
                         iterator_types = ["parallel"]}
      ins(%deg : tensor<4xbf16>) outs(%empty_s : tensor<4xf32>) {
  ^bb0(%dv: bf16, %o: f32):
    %df = arith.extf %dv : bf16 to f32
    %mhalf = arith.constant -0.5 : f32
    %p = math.powf %df, %mhalf : f32
    %inf = arith.constant 0x7F800000 : f32
    %isinf = arith.cmpf oeq, %p, %inf : f32
    %zero = arith.constant 0.0 : f32
    %r = arith.select %isinf, %zero, %p : f32
    linalg.yield %r : f32
  } -> tensor<4xf32>
  %empty_w = tensor.empty() : tensor<300xf32>
  %w = linalg.generic {indexing_maps = [affine_map<(e) -> (e)>, affine_map<(e) -> (e)>, affine_map<(e) -> (e)>],
                       iterator_types = ["parallel"]}
      ins(%src, %dst : tensor<300xi64>, tensor<300xi64>) outs(%empty_w : tensor<300xf32>) {
  ^bb0(%sv: i64, %tv: i64, %o: f32):
    %u = arith.index_cast %sv : i64 to index
    %v = arith.index_cast %tv : i64 to index
    %a = tensor.extract %dis[%u] : tensor<4xf32>
    %b = tensor.extract %dis[%v] : tensor<4xf32>
    %p = arith.mulf %a, %b : f32
    linalg.yield %p : f32
  } -> tensor<300xf32>
  %e_msgs = tensor.empty() : tensor<300x8xf32>
  %msgs = linalg.generic {indexing_maps = [affine_map<(e, j) -> (e)>, affine_map<(e, j) -> (e, j)>],
                          iterator_types = ["parallel", "parallel"]}
      ins(%src : tensor<300xi64>) outs(%e_msgs : tensor<300x8xf32>) {
  ^bb0(%s: i64, %out: f32):
    %u = arith.index_cast %s : i64 to index
    %j = linalg.index 1 : index
    %val = tensor.extract %x[%u, %j] : tensor<4x8xf32>
    linalg.yield %val : f32
  } -> tensor<300x8xf32>
  %e_scaled = tensor.empty() : tensor<300x8xf32>
  %scaled = linalg.generic {indexing_maps = [affine_map<(e, j) -> (e)>, affine_map<(e, j) -> (e, j)>, affine_map<(e, j) -> (e, j)>],
                            iterator_types = ["parallel", "parallel"]}
      ins(%w, %msgs : tensor<300xf32>, tensor<300x8xf32>) outs(%e_scaled : tensor<300x8xf32>) {
  ^bb0(%wv: f32, %mv: f32, %out: f32):
    %p = arith.mulf %wv, %mv : f32
    linalg.yield %p : f32
  } -> tensor<300x8xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %cE = arith.constant 300 : index
  %zero_y = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<4x8xf32>
  %init = linalg.fill ins(%zero_y : f32) outs(%empty : tensor<4x8xf32>) -> tensor<4x8xf32>
  %y = scf.for %e = %c0 to %cE step %c1 iter_args(%acc = %init) -> (tensor<4x8xf32>) {
    %d = tensor.extract %dst[%e] : tensor<300xi64>
    %v = arith.index_cast %d : i64 to index
    %msg = tensor.extract_slice %scaled[%e, 0] [1, 8] [1, 1] : tensor<300x8xf32> to tensor<8xf32>
    %old = tensor.extract_slice %acc[%v, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<8xf32>
    %new = arith.addf %old, %msg : tensor<8xf32>
    %next = tensor.insert_slice %new into %acc[%v, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<4x8xf32>
    scf.yield %next : tensor<4x8xf32>
  }
  return %y : tensor<4x8xf32>
}

// -----

// deg^-1/4 is no normalization of hag's: left alone.
// CHECK-LABEL: func.func @other_power_untouched
// CHECK-NOT: hag.aggregate
// CHECK: scf.for
// CHECK-NOT: hag.aggregate
// CHECK: return

func.func @other_power_untouched(%x: tensor<4x8xf32>, %src: tensor<5xi64>, %dst: tensor<5xi64>) -> tensor<4x8xf32> {
  %one_w_c = arith.constant 1.0 : f32
  %c0_d = arith.constant 0 : index
  %c1_d = arith.constant 1 : index
  %cE_d = arith.constant 5 : index
  %zero_d = arith.constant 0.0 : f32
  %one_d = arith.constant 1.0 : f32
  %empty_d = tensor.empty() : tensor<4xf32>
  %deg0 = linalg.fill ins(%zero_d : f32) outs(%empty_d : tensor<4xf32>) -> tensor<4xf32>
  %deg = scf.for %i = %c0_d to %cE_d step %c1_d iter_args(%dacc = %deg0) -> (tensor<4xf32>) {
    %t = tensor.extract %dst[%i] : tensor<5xi64>
    %v = arith.index_cast %t : i64 to index
    %old = tensor.extract %dacc[%v] : tensor<4xf32>
    %new = arith.addf %old, %one_d : f32
    %next = tensor.insert %new into %dacc[%v] : tensor<4xf32>
    scf.yield %next : tensor<4xf32>
  }
  %empty_s = tensor.empty() : tensor<4xf32>
  %dis = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>],
                         iterator_types = ["parallel"]}
      ins(%deg : tensor<4xf32>) outs(%empty_s : tensor<4xf32>) {
  ^bb0(%dv: f32, %o: f32):
    %mhalf = arith.constant -0.25 : f32
    %p = math.powf %dv, %mhalf : f32
    %inf = arith.constant 0x7F800000 : f32
    %isinf = arith.cmpf oeq, %p, %inf : f32
    %zero = arith.constant 0.0 : f32
    %r = arith.select %isinf, %zero, %p : f32
    linalg.yield %r : f32
  } -> tensor<4xf32>
  %empty_w = tensor.empty() : tensor<5xf32>
  %w = linalg.generic {indexing_maps = [affine_map<(e) -> (e)>, affine_map<(e) -> (e)>, affine_map<(e) -> (e)>],
                       iterator_types = ["parallel"]}
      ins(%src, %dst : tensor<5xi64>, tensor<5xi64>) outs(%empty_w : tensor<5xf32>) {
  ^bb0(%sv: i64, %tv: i64, %o: f32):
    %u = arith.index_cast %sv : i64 to index
    %v = arith.index_cast %tv : i64 to index
    %a = tensor.extract %dis[%u] : tensor<4xf32>
    %b = tensor.extract %dis[%v] : tensor<4xf32>
    %p = arith.mulf %a, %b : f32
    linalg.yield %p : f32
  } -> tensor<5xf32>
  %e_msgs = tensor.empty() : tensor<5x8xf32>
  %msgs = linalg.generic {indexing_maps = [affine_map<(e, j) -> (e)>, affine_map<(e, j) -> (e, j)>],
                          iterator_types = ["parallel", "parallel"]}
      ins(%src : tensor<5xi64>) outs(%e_msgs : tensor<5x8xf32>) {
  ^bb0(%s: i64, %out: f32):
    %u = arith.index_cast %s : i64 to index
    %j = linalg.index 1 : index
    %val = tensor.extract %x[%u, %j] : tensor<4x8xf32>
    linalg.yield %val : f32
  } -> tensor<5x8xf32>
  %e_scaled = tensor.empty() : tensor<5x8xf32>
  %scaled = linalg.generic {indexing_maps = [affine_map<(e, j) -> (e)>, affine_map<(e, j) -> (e, j)>, affine_map<(e, j) -> (e, j)>],
                            iterator_types = ["parallel", "parallel"]}
      ins(%w, %msgs : tensor<5xf32>, tensor<5x8xf32>) outs(%e_scaled : tensor<5x8xf32>) {
  ^bb0(%wv: f32, %mv: f32, %out: f32):
    %p = arith.mulf %wv, %mv : f32
    linalg.yield %p : f32
  } -> tensor<5x8xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %cE = arith.constant 5 : index
  %zero_y = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<4x8xf32>
  %init = linalg.fill ins(%zero_y : f32) outs(%empty : tensor<4x8xf32>) -> tensor<4x8xf32>
  %y = scf.for %e = %c0 to %cE step %c1 iter_args(%acc = %init) -> (tensor<4x8xf32>) {
    %d = tensor.extract %dst[%e] : tensor<5xi64>
    %v = arith.index_cast %d : i64 to index
    %msg = tensor.extract_slice %scaled[%e, 0] [1, 8] [1, 1] : tensor<5x8xf32> to tensor<8xf32>
    %old = tensor.extract_slice %acc[%v, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<8xf32>
    %new = arith.addf %old, %msg : tensor<8xf32>
    %next = tensor.insert_slice %new into %acc[%v, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<4x8xf32>
    scf.yield %next : tensor<4x8xf32>
  }
  return %y : tensor<4x8xf32>
}

// -----

// inf masked to 1 instead of 0: left alone.
// CHECK-LABEL: func.func @mask_to_one_untouched
// CHECK-NOT: hag.aggregate
// CHECK: scf.for
// CHECK-NOT: hag.aggregate
// CHECK: return

func.func @mask_to_one_untouched(%x: tensor<4x8xf32>, %src: tensor<5xi64>, %dst: tensor<5xi64>) -> tensor<4x8xf32> {
  %one_w_c = arith.constant 1.0 : f32
  %c0_d = arith.constant 0 : index
  %c1_d = arith.constant 1 : index
  %cE_d = arith.constant 5 : index
  %zero_d = arith.constant 0.0 : f32
  %one_d = arith.constant 1.0 : f32
  %empty_d = tensor.empty() : tensor<4xf32>
  %deg0 = linalg.fill ins(%zero_d : f32) outs(%empty_d : tensor<4xf32>) -> tensor<4xf32>
  %deg = scf.for %i = %c0_d to %cE_d step %c1_d iter_args(%dacc = %deg0) -> (tensor<4xf32>) {
    %t = tensor.extract %dst[%i] : tensor<5xi64>
    %v = arith.index_cast %t : i64 to index
    %old = tensor.extract %dacc[%v] : tensor<4xf32>
    %new = arith.addf %old, %one_d : f32
    %next = tensor.insert %new into %dacc[%v] : tensor<4xf32>
    scf.yield %next : tensor<4xf32>
  }
  %empty_s = tensor.empty() : tensor<4xf32>
  %dis = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>],
                         iterator_types = ["parallel"]}
      ins(%deg : tensor<4xf32>) outs(%empty_s : tensor<4xf32>) {
  ^bb0(%dv: f32, %o: f32):
    %mhalf = arith.constant -0.5 : f32
    %p = math.powf %dv, %mhalf : f32
    %inf = arith.constant 0x7F800000 : f32
    %isinf = arith.cmpf oeq, %p, %inf : f32
    %zero = arith.constant 1.0 : f32
    %r = arith.select %isinf, %zero, %p : f32
    linalg.yield %r : f32
  } -> tensor<4xf32>
  %empty_w = tensor.empty() : tensor<5xf32>
  %w = linalg.generic {indexing_maps = [affine_map<(e) -> (e)>, affine_map<(e) -> (e)>, affine_map<(e) -> (e)>],
                       iterator_types = ["parallel"]}
      ins(%src, %dst : tensor<5xi64>, tensor<5xi64>) outs(%empty_w : tensor<5xf32>) {
  ^bb0(%sv: i64, %tv: i64, %o: f32):
    %u = arith.index_cast %sv : i64 to index
    %v = arith.index_cast %tv : i64 to index
    %a = tensor.extract %dis[%u] : tensor<4xf32>
    %b = tensor.extract %dis[%v] : tensor<4xf32>
    %p = arith.mulf %a, %b : f32
    linalg.yield %p : f32
  } -> tensor<5xf32>
  %e_msgs = tensor.empty() : tensor<5x8xf32>
  %msgs = linalg.generic {indexing_maps = [affine_map<(e, j) -> (e)>, affine_map<(e, j) -> (e, j)>],
                          iterator_types = ["parallel", "parallel"]}
      ins(%src : tensor<5xi64>) outs(%e_msgs : tensor<5x8xf32>) {
  ^bb0(%s: i64, %out: f32):
    %u = arith.index_cast %s : i64 to index
    %j = linalg.index 1 : index
    %val = tensor.extract %x[%u, %j] : tensor<4x8xf32>
    linalg.yield %val : f32
  } -> tensor<5x8xf32>
  %e_scaled = tensor.empty() : tensor<5x8xf32>
  %scaled = linalg.generic {indexing_maps = [affine_map<(e, j) -> (e)>, affine_map<(e, j) -> (e, j)>, affine_map<(e, j) -> (e, j)>],
                            iterator_types = ["parallel", "parallel"]}
      ins(%w, %msgs : tensor<5xf32>, tensor<5x8xf32>) outs(%e_scaled : tensor<5x8xf32>) {
  ^bb0(%wv: f32, %mv: f32, %out: f32):
    %p = arith.mulf %wv, %mv : f32
    linalg.yield %p : f32
  } -> tensor<5x8xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %cE = arith.constant 5 : index
  %zero_y = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<4x8xf32>
  %init = linalg.fill ins(%zero_y : f32) outs(%empty : tensor<4x8xf32>) -> tensor<4x8xf32>
  %y = scf.for %e = %c0 to %cE step %c1 iter_args(%acc = %init) -> (tensor<4x8xf32>) {
    %d = tensor.extract %dst[%e] : tensor<5xi64>
    %v = arith.index_cast %d : i64 to index
    %msg = tensor.extract_slice %scaled[%e, 0] [1, 8] [1, 1] : tensor<5x8xf32> to tensor<8xf32>
    %old = tensor.extract_slice %acc[%v, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<8xf32>
    %new = arith.addf %old, %msg : tensor<8xf32>
    %next = tensor.insert_slice %new into %acc[%v, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<4x8xf32>
    scf.yield %next : tensor<4x8xf32>
  }
  return %y : tensor<4x8xf32>
}

// -----

// s[src[e]] * s[src[e]] = 1/deg(src): not symmetric: left alone.
// CHECK-LABEL: func.func @source_twice_untouched
// CHECK-NOT: hag.aggregate
// CHECK: scf.for
// CHECK-NOT: hag.aggregate
// CHECK: return

func.func @source_twice_untouched(%x: tensor<4x8xf32>, %src: tensor<5xi64>, %dst: tensor<5xi64>) -> tensor<4x8xf32> {
  %one_w_c = arith.constant 1.0 : f32
  %c0_d = arith.constant 0 : index
  %c1_d = arith.constant 1 : index
  %cE_d = arith.constant 5 : index
  %zero_d = arith.constant 0.0 : f32
  %one_d = arith.constant 1.0 : f32
  %empty_d = tensor.empty() : tensor<4xf32>
  %deg0 = linalg.fill ins(%zero_d : f32) outs(%empty_d : tensor<4xf32>) -> tensor<4xf32>
  %deg = scf.for %i = %c0_d to %cE_d step %c1_d iter_args(%dacc = %deg0) -> (tensor<4xf32>) {
    %t = tensor.extract %dst[%i] : tensor<5xi64>
    %v = arith.index_cast %t : i64 to index
    %old = tensor.extract %dacc[%v] : tensor<4xf32>
    %new = arith.addf %old, %one_d : f32
    %next = tensor.insert %new into %dacc[%v] : tensor<4xf32>
    scf.yield %next : tensor<4xf32>
  }
  %empty_s = tensor.empty() : tensor<4xf32>
  %dis = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>],
                         iterator_types = ["parallel"]}
      ins(%deg : tensor<4xf32>) outs(%empty_s : tensor<4xf32>) {
  ^bb0(%dv: f32, %o: f32):
    %mhalf = arith.constant -0.5 : f32
    %p = math.powf %dv, %mhalf : f32
    %inf = arith.constant 0x7F800000 : f32
    %isinf = arith.cmpf oeq, %p, %inf : f32
    %zero = arith.constant 0.0 : f32
    %r = arith.select %isinf, %zero, %p : f32
    linalg.yield %r : f32
  } -> tensor<4xf32>
  %empty_w = tensor.empty() : tensor<5xf32>
  %w = linalg.generic {indexing_maps = [affine_map<(e) -> (e)>, affine_map<(e) -> (e)>, affine_map<(e) -> (e)>],
                       iterator_types = ["parallel"]}
      ins(%src, %src : tensor<5xi64>, tensor<5xi64>) outs(%empty_w : tensor<5xf32>) {
  ^bb0(%sv: i64, %tv: i64, %o: f32):
    %u = arith.index_cast %sv : i64 to index
    %v = arith.index_cast %tv : i64 to index
    %a = tensor.extract %dis[%u] : tensor<4xf32>
    %b = tensor.extract %dis[%v] : tensor<4xf32>
    %p = arith.mulf %a, %b : f32
    linalg.yield %p : f32
  } -> tensor<5xf32>
  %e_msgs = tensor.empty() : tensor<5x8xf32>
  %msgs = linalg.generic {indexing_maps = [affine_map<(e, j) -> (e)>, affine_map<(e, j) -> (e, j)>],
                          iterator_types = ["parallel", "parallel"]}
      ins(%src : tensor<5xi64>) outs(%e_msgs : tensor<5x8xf32>) {
  ^bb0(%s: i64, %out: f32):
    %u = arith.index_cast %s : i64 to index
    %j = linalg.index 1 : index
    %val = tensor.extract %x[%u, %j] : tensor<4x8xf32>
    linalg.yield %val : f32
  } -> tensor<5x8xf32>
  %e_scaled = tensor.empty() : tensor<5x8xf32>
  %scaled = linalg.generic {indexing_maps = [affine_map<(e, j) -> (e)>, affine_map<(e, j) -> (e, j)>, affine_map<(e, j) -> (e, j)>],
                            iterator_types = ["parallel", "parallel"]}
      ins(%w, %msgs : tensor<5xf32>, tensor<5x8xf32>) outs(%e_scaled : tensor<5x8xf32>) {
  ^bb0(%wv: f32, %mv: f32, %out: f32):
    %p = arith.mulf %wv, %mv : f32
    linalg.yield %p : f32
  } -> tensor<5x8xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %cE = arith.constant 5 : index
  %zero_y = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<4x8xf32>
  %init = linalg.fill ins(%zero_y : f32) outs(%empty : tensor<4x8xf32>) -> tensor<4x8xf32>
  %y = scf.for %e = %c0 to %cE step %c1 iter_args(%acc = %init) -> (tensor<4x8xf32>) {
    %d = tensor.extract %dst[%e] : tensor<5xi64>
    %v = arith.index_cast %d : i64 to index
    %msg = tensor.extract_slice %scaled[%e, 0] [1, 8] [1, 1] : tensor<5x8xf32> to tensor<8xf32>
    %old = tensor.extract_slice %acc[%v, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<8xf32>
    %new = arith.addf %old, %msg : tensor<8xf32>
    %next = tensor.insert_slice %new into %acc[%v, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<4x8xf32>
    scf.yield %next : tensor<4x8xf32>
  }
  return %y : tensor<4x8xf32>
}

// -----

// 1/deg[src[e]] is no normalization of hag's: left alone.
// CHECK-LABEL: func.func @mean_at_source_untouched
// CHECK-NOT: hag.aggregate
// CHECK: scf.for
// CHECK-NOT: hag.aggregate
// CHECK: return

func.func @mean_at_source_untouched(%x: tensor<4x8xf32>, %src: tensor<5xi64>, %dst: tensor<5xi64>) -> tensor<4x8xf32> {
  %one_w_c = arith.constant 1.0 : f32
  %c0_d = arith.constant 0 : index
  %c1_d = arith.constant 1 : index
  %cE_d = arith.constant 5 : index
  %zero_d = arith.constant 0.0 : f32
  %one_d = arith.constant 1.0 : f32
  %empty_d = tensor.empty() : tensor<4xf32>
  %deg0 = linalg.fill ins(%zero_d : f32) outs(%empty_d : tensor<4xf32>) -> tensor<4xf32>
  %deg = scf.for %i = %c0_d to %cE_d step %c1_d iter_args(%dacc = %deg0) -> (tensor<4xf32>) {
    %t = tensor.extract %dst[%i] : tensor<5xi64>
    %v = arith.index_cast %t : i64 to index
    %old = tensor.extract %dacc[%v] : tensor<4xf32>
    %new = arith.addf %old, %one_d : f32
    %next = tensor.insert %new into %dacc[%v] : tensor<4xf32>
    scf.yield %next : tensor<4xf32>
  }
  %empty_s = tensor.empty() : tensor<4xf32>
  %dis = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>],
                         iterator_types = ["parallel"]}
      ins(%deg : tensor<4xf32>) outs(%empty_s : tensor<4xf32>) {
  ^bb0(%dv: f32, %o: f32):
    %one = arith.constant 1.0 : f32
    %r = arith.divf %one, %dv : f32
    linalg.yield %r : f32
  } -> tensor<4xf32>
  %empty_w = tensor.empty() : tensor<5xf32>
  %w = linalg.generic {indexing_maps = [affine_map<(e) -> (e)>, affine_map<(e) -> (e)>],
                       iterator_types = ["parallel"]}
      ins(%src : tensor<5xi64>) outs(%empty_w : tensor<5xf32>) {
  ^bb0(%tv: i64, %o: f32):
    %v = arith.index_cast %tv : i64 to index
    %p = tensor.extract %dis[%v] : tensor<4xf32>
    linalg.yield %p : f32
  } -> tensor<5xf32>
  %e_msgs = tensor.empty() : tensor<5x8xf32>
  %msgs = linalg.generic {indexing_maps = [affine_map<(e, j) -> (e)>, affine_map<(e, j) -> (e, j)>],
                          iterator_types = ["parallel", "parallel"]}
      ins(%src : tensor<5xi64>) outs(%e_msgs : tensor<5x8xf32>) {
  ^bb0(%s: i64, %out: f32):
    %u = arith.index_cast %s : i64 to index
    %j = linalg.index 1 : index
    %val = tensor.extract %x[%u, %j] : tensor<4x8xf32>
    linalg.yield %val : f32
  } -> tensor<5x8xf32>
  %e_scaled = tensor.empty() : tensor<5x8xf32>
  %scaled = linalg.generic {indexing_maps = [affine_map<(e, j) -> (e)>, affine_map<(e, j) -> (e, j)>, affine_map<(e, j) -> (e, j)>],
                            iterator_types = ["parallel", "parallel"]}
      ins(%w, %msgs : tensor<5xf32>, tensor<5x8xf32>) outs(%e_scaled : tensor<5x8xf32>) {
  ^bb0(%wv: f32, %mv: f32, %out: f32):
    %p = arith.mulf %wv, %mv : f32
    linalg.yield %p : f32
  } -> tensor<5x8xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %cE = arith.constant 5 : index
  %zero_y = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<4x8xf32>
  %init = linalg.fill ins(%zero_y : f32) outs(%empty : tensor<4x8xf32>) -> tensor<4x8xf32>
  %y = scf.for %e = %c0 to %cE step %c1 iter_args(%acc = %init) -> (tensor<4x8xf32>) {
    %d = tensor.extract %dst[%e] : tensor<5xi64>
    %v = arith.index_cast %d : i64 to index
    %msg = tensor.extract_slice %scaled[%e, 0] [1, 8] [1, 1] : tensor<5x8xf32> to tensor<8xf32>
    %old = tensor.extract_slice %acc[%v, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<8xf32>
    %new = arith.addf %old, %msg : tensor<8xf32>
    %next = tensor.insert_slice %new into %acc[%v, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<4x8xf32>
    scf.yield %next : tensor<4x8xf32>
  }
  return %y : tensor<4x8xf32>
}

// -----

// s[src[e]] * s[dst[e]] * 2: left alone.
// CHECK-LABEL: func.func @scaled_twice_untouched
// CHECK-NOT: hag.aggregate
// CHECK: scf.for
// CHECK-NOT: hag.aggregate
// CHECK: return

func.func @scaled_twice_untouched(%x: tensor<4x8xf32>, %src: tensor<5xi64>, %dst: tensor<5xi64>) -> tensor<4x8xf32> {
  %one_w_c = arith.constant 1.0 : f32
  %c0_d = arith.constant 0 : index
  %c1_d = arith.constant 1 : index
  %cE_d = arith.constant 5 : index
  %zero_d = arith.constant 0.0 : f32
  %one_d = arith.constant 1.0 : f32
  %empty_d = tensor.empty() : tensor<4xf32>
  %deg0 = linalg.fill ins(%zero_d : f32) outs(%empty_d : tensor<4xf32>) -> tensor<4xf32>
  %deg = scf.for %i = %c0_d to %cE_d step %c1_d iter_args(%dacc = %deg0) -> (tensor<4xf32>) {
    %t = tensor.extract %dst[%i] : tensor<5xi64>
    %v = arith.index_cast %t : i64 to index
    %old = tensor.extract %dacc[%v] : tensor<4xf32>
    %new = arith.addf %old, %one_d : f32
    %next = tensor.insert %new into %dacc[%v] : tensor<4xf32>
    scf.yield %next : tensor<4xf32>
  }
  %empty_s = tensor.empty() : tensor<4xf32>
  %dis = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>],
                         iterator_types = ["parallel"]}
      ins(%deg : tensor<4xf32>) outs(%empty_s : tensor<4xf32>) {
  ^bb0(%dv: f32, %o: f32):
    %mhalf = arith.constant -0.5 : f32
    %p = math.powf %dv, %mhalf : f32
    %inf = arith.constant 0x7F800000 : f32
    %isinf = arith.cmpf oeq, %p, %inf : f32
    %zero = arith.constant 0.0 : f32
    %r = arith.select %isinf, %zero, %p : f32
    linalg.yield %r : f32
  } -> tensor<4xf32>
  %empty_w = tensor.empty() : tensor<5xf32>
  %w = linalg.generic {indexing_maps = [affine_map<(e) -> (e)>, affine_map<(e) -> (e)>, affine_map<(e) -> (e)>],
                       iterator_types = ["parallel"]}
      ins(%src, %dst : tensor<5xi64>, tensor<5xi64>) outs(%empty_w : tensor<5xf32>) {
  ^bb0(%sv: i64, %tv: i64, %o: f32):
    %u = arith.index_cast %sv : i64 to index
    %v = arith.index_cast %tv : i64 to index
    %a = tensor.extract %dis[%u] : tensor<4xf32>
    %b = tensor.extract %dis[%v] : tensor<4xf32>
    %p = arith.mulf %a, %b : f32
    %two = arith.constant 2.0 : f32
    %p2 = arith.mulf %p, %two : f32
    linalg.yield %p2 : f32
  } -> tensor<5xf32>
  %e_msgs = tensor.empty() : tensor<5x8xf32>
  %msgs = linalg.generic {indexing_maps = [affine_map<(e, j) -> (e)>, affine_map<(e, j) -> (e, j)>],
                          iterator_types = ["parallel", "parallel"]}
      ins(%src : tensor<5xi64>) outs(%e_msgs : tensor<5x8xf32>) {
  ^bb0(%s: i64, %out: f32):
    %u = arith.index_cast %s : i64 to index
    %j = linalg.index 1 : index
    %val = tensor.extract %x[%u, %j] : tensor<4x8xf32>
    linalg.yield %val : f32
  } -> tensor<5x8xf32>
  %e_scaled = tensor.empty() : tensor<5x8xf32>
  %scaled = linalg.generic {indexing_maps = [affine_map<(e, j) -> (e)>, affine_map<(e, j) -> (e, j)>, affine_map<(e, j) -> (e, j)>],
                            iterator_types = ["parallel", "parallel"]}
      ins(%w, %msgs : tensor<5xf32>, tensor<5x8xf32>) outs(%e_scaled : tensor<5x8xf32>) {
  ^bb0(%wv: f32, %mv: f32, %out: f32):
    %p = arith.mulf %wv, %mv : f32
    linalg.yield %p : f32
  } -> tensor<5x8xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %cE = arith.constant 5 : index
  %zero_y = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<4x8xf32>
  %init = linalg.fill ins(%zero_y : f32) outs(%empty : tensor<4x8xf32>) -> tensor<4x8xf32>
  %y = scf.for %e = %c0 to %cE step %c1 iter_args(%acc = %init) -> (tensor<4x8xf32>) {
    %d = tensor.extract %dst[%e] : tensor<5xi64>
    %v = arith.index_cast %d : i64 to index
    %msg = tensor.extract_slice %scaled[%e, 0] [1, 8] [1, 1] : tensor<5x8xf32> to tensor<8xf32>
    %old = tensor.extract_slice %acc[%v, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<8xf32>
    %new = arith.addf %old, %msg : tensor<8xf32>
    %next = tensor.insert_slice %new into %acc[%v, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<4x8xf32>
    scf.yield %next : tensor<4x8xf32>
  }
  return %y : tensor<4x8xf32>
}

// -----

// A float count from -0: a node without inputs keeps -0, whose rsqrt is
// -inf, which the mask of +inf lets through (the written module gives
// infinities where hag gives 0): left alone.
// CHECK-LABEL: func.func @count_from_negative_zero_untouched
// CHECK-NOT: hag.aggregate
// CHECK: scf.for
// CHECK-NOT: hag.aggregate
// CHECK: return

func.func @count_from_negative_zero_untouched(%x: tensor<4x8xf32>, %src: tensor<5xi64>, %dst: tensor<5xi64>) -> tensor<4x8xf32> {
  %one_w_c = arith.constant 1.0 : f32
  %c0_d = arith.constant 0 : index
  %c1_d = arith.constant 1 : index
  %cE_d = arith.constant 5 : index
  %zero_d = arith.constant -0.0 : f32
  %one_d = arith.constant 1.0 : f32
  %empty_d = tensor.empty() : tensor<4xf32>
  %deg0 = linalg.fill ins(%zero_d : f32) outs(%empty_d : tensor<4xf32>) -> tensor<4xf32>
  %deg = scf.for %i = %c0_d to %cE_d step %c1_d iter_args(%dacc = %deg0) -> (tensor<4xf32>) {
    %t = tensor.extract %dst[%i] : tensor<5xi64>
    %v = arith.index_cast %t : i64 to index
    %old = tensor.extract %dacc[%v] : tensor<4xf32>
    %new = arith.addf %old, %one_d : f32
    %next = tensor.insert %new into %dacc[%v] : tensor<4xf32>
    scf.yield %next : tensor<4xf32>
  }
  %empty_s = tensor.empty() : tensor<4xf32>
  %dis = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>],
                         iterator_types = ["parallel"]}
      ins(%deg : tensor<4xf32>) outs(%empty_s : tensor<4xf32>) {
  ^bb0(%dv: f32, %o: f32):
    %p = math.rsqrt %dv : f32
    %inf = arith.constant 0x7F800000 : f32
    %isinf = arith.cmpf oeq, %p, %inf : f32
    %zero = arith.constant 0.0 : f32
    %r = arith.select %isinf, %zero, %p : f32
    linalg.yield %r : f32
  } -> tensor<4xf32>
  %empty_w = tensor.empty() : tensor<5xf32>
  %w = linalg.generic {indexing_maps = [affine_map<(e) -> (e)>, affine_map<(e) -> (e)>, affine_map<(e) -> (e)>],
                       iterator_types = ["parallel"]}
      ins(%src, %dst : tensor<5xi64>, tensor<5xi64>) outs(%empty_w : tensor<5xf32>) {
  ^bb0(%sv: i64, %tv: i64, %o: f32):
    %u = arith.index_cast %sv : i64 to index
    %v = arith.index_cast %tv : i64 to index
    %a = tensor.extract %dis[%u] : tensor<4xf32>
    %b = tensor.extract %dis[%v] : tensor<4xf32>
    %p = arith.mulf %a, %b : f32
    linalg.yield %p : f32
  } -> tensor<5xf32>
  %e_msgs = tensor.empty() : tensor<5x8xf32>
  %msgs = linalg.generic {indexing_maps = [affine_map<(e, j) -> (e)>, affine_map<(e, j) -> (e, j)>],
                          iterator_types = ["parallel", "parallel"]}
      ins(%src : tensor<5xi64>) outs(%e_msgs : tensor<5x8xf32>) {
  ^bb0(%s: i64, %out: f32):
    %u = arith.index_cast %s : i64 to index
    %j = linalg.index 1 : index
    %val = tensor.extract %x[%u, %j] : tensor<4x8xf32>
    linalg.yield %val : f32
  } -> tensor<5x8xf32>
  %e_scaled = tensor.empty() : tensor<5x8xf32>
  %scaled = linalg.generic {indexing_maps = [affine_map<(e, j) -> (e)>, affine_map<(e, j) -> (e, j)>, affine_map<(e, j) -> (e, j)>],
                            iterator_types = ["parallel", "parallel"]}
      ins(%w, %msgs : tensor<5xf32>, tensor<5x8xf32>) outs(%e_scaled : tensor<5x8xf32>) {
  ^bb0(%wv: f32, %mv: f32, %out: f32):
    %p = arith.mulf %wv, %mv : f32
    linalg.yield %p : f32
  } -> tensor<5x8xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %cE = arith.constant 5 : index
  %zero_y = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<4x8xf32>
  %init = linalg.fill ins(%zero_y : f32) outs(%empty : tensor<4x8xf32>) -> tensor<4x8xf32>
  %y = scf.for %e = %c0 to %cE step %c1 iter_args(%acc = %init) -> (tensor<4x8xf32>) {
    %d = tensor.extract %dst[%e] : tensor<5xi64>
    %v = arith.index_cast %d : i64 to index
    %msg = tensor.extract_slice %scaled[%e, 0] [1, 8] [1, 1] : tensor<5x8xf32> to tensor<8xf32>
    %old = tensor.extract_slice %acc[%v, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<8xf32>
    %new = arith.addf %old, %msg : tensor<8xf32>
    %next = tensor.insert_slice %new into %acc[%v, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<4x8xf32>
    scf.yield %next : tensor<4x8xf32>
  }
  return %y : tensor<4x8xf32>
}

// -----

// An exact i32 count converted to bf16, which rounds 257 to 256 (E = 300
// edges may give a node 257): left alone.
// CHECK-LABEL: func.func @count_rounded_to_bf16_untouched
// CHECK-NOT: hag.aggregate
// CHECK: scf.for
// CHECK-NOT: hag.aggregate
// CHECK: return

func.func @count_rounded_to_bf16_untouched(%x: tensor<4x8xf32>, %src: tensor<300xi64>, %dst: tensor<300xi64>) -> tensor<4x8xf32> {
  %one_w_c = arith.constant 1.0 : f32
  %c0_d = arith.constant 0 : index
  %c1_d = arith.constant 1 : index
  %cE_d = arith.constant 300 : index
  %zero_d = arith.constant 0 : i32
  %one_d = arith.constant 1 : i32
  %empty_d = tensor.empty() : tensor<4xi32>
  %deg0 = linalg.fill ins(%zero_d : i32) outs(%empty_d : tensor<4xi32>) -> tensor<4xi32>
  %deg = scf.for %i = %c0_d to %cE_d step %c1_d iter_args(%dacc = %deg0) -> (tensor<4xi32>) {
    %t = tensor.extract %dst[%i] : tensor<300xi64>
    %v = arith.index_cast %t : i64 to index
    %old = tensor.extract %dacc[%v] : tensor<4xi32>
    %new = arith.addi %old, %one_d : i32
    %next = tensor.insert %new into %dacc[%v] : tensor<4xi32>
    scf.yield %next : tensor<4xi32>
  }
  %empty_s = tensor.empty() : tensor<4xf32>
  %dis = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>],
                         iterator_types = ["parallel"]}
      ins(%deg : tensor<4xi32>) outs(%empty_s : tensor<4xf32>) {
  ^bb0(%dv: i32, %o: f32):
    %h = arith.sitofp %dv : i32 to bf16
    %f = arith.extf %h : bf16 to f32
    %p = math.rsqrt %f : f32
    %zero = arith.constant 0.0 : f32
    %empty = arith.cmpf oeq, %f, %zero : f32
    %r = arith.select %empty, %zero, %p : f32
    linalg.yield %r : f32
  } -> tensor<4xf32>
  %empty_w = tensor.empty() : tensor<300xf32>
  %w = linalg.generic {indexing_maps = [affine_map<(e) -> (e)>, affine_map<(e) -> (e)>, affine_map<(e) -> (e)>],
                       iterator_types = ["parallel"]}
      ins(%src, %dst : tensor<300xi64>, tensor<300xi64>) outs(%empty_w : tensor<300xf32>) {
  ^bb0(%sv: i64, %tv: i64, %o: f32):
    %u = arith.index_cast %sv : i64 to index
    %v = arith.index_cast %tv : i64 to index
    %a = tensor.extract %dis[%u] : tensor<4xf32>
    %b = tensor.extract %dis[%v] : tensor<4xf32>
    %p = arith.mulf %a, %b : f32
    linalg.yield %p : f32
  } -> tensor<300xf32>
  %e_msgs = tensor.empty() : tensor<300x8xf32>
  %msgs = linalg.generic {indexing_maps = [affine_map<(e, j) -> (e)>, affine_map<(e, j) -> (e, j)>],
                          iterator_types = ["parallel", "parallel"]}
      ins(%src : tensor<300xi64>) outs(%e_msgs : tensor<300x8xf32>) {
  ^bb0(%s: i64, %out: f32):
    %u = arith.index_cast %s : i64 to index
    %j = linalg.index 1 : index
    %val = tensor.extract %x[%u, %j] : tensor<4x8xf32>
    linalg.yield %val : f32
  } -> tensor<300x8xf32>
  %e_scaled = tensor.empty() : tensor<300x8xf32>
  %scaled = linalg.generic {indexing_maps = [affine_map<(e, j) -> (e)>, affine_map<(e, j) -> (e, j)>, affine_map<(e, j) -> (e, j)>],
                            iterator_types = ["parallel", "parallel"]}
      ins(%w, %msgs : tensor<300xf32>, tensor<300x8xf32>) outs(%e_scaled : tensor<300x8xf32>) {
  ^bb0(%wv: f32, %mv: f32, %out: f32):
    %p = arith.mulf %wv, %mv : f32
    linalg.yield %p : f32
  } -> tensor<300x8xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %cE = arith.constant 300 : index
  %zero_y = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<4x8xf32>
  %init = linalg.fill ins(%zero_y : f32) outs(%empty : tensor<4x8xf32>) -> tensor<4x8xf32>
  %y = scf.for %e = %c0 to %cE step %c1 iter_args(%acc = %init) -> (tensor<4x8xf32>) {
    %d = tensor.extract %dst[%e] : tensor<300xi64>
    %v = arith.index_cast %d : i64 to index
    %msg = tensor.extract_slice %scaled[%e, 0] [1, 8] [1, 1] : tensor<300x8xf32> to tensor<8xf32>
    %old = tensor.extract_slice %acc[%v, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<8xf32>
    %new = arith.addf %old, %msg : tensor<8xf32>
    %next = tensor.insert_slice %new into %acc[%v, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<4x8xf32>
    scf.yield %next : tensor<4x8xf32>
  }
  return %y : tensor<4x8xf32>
}

// -----

// An i128 count adding 2^64 + 1 per edge (whose low 64 bits are 1): left
// alone.
// CHECK-LABEL: func.func @count_by_wide_constant_untouched
// CHECK-NOT: hag.aggregate
// CHECK: scf.for
// CHECK-NOT: hag.aggregate
// CHECK: return

func.func @count_by_wide_constant_untouched(%x: tensor<4x8xf32>, %src: tensor<5xi64>, %dst: tensor<5xi64>) -> tensor<4x8xf32> {
  %one_w_c = arith.constant 1.0 : f32
  %c0_d = arith.constant 0 : index
  %c1_d = arith.constant 1 : index
  %cE_d = arith.constant 5 : index
  %zero_d = arith.constant 0 : i128
  %one_d = arith.constant 18446744073709551617 : i128
  %empty_d = tensor.empty() : tensor<4xi128>
  %deg0 = linalg.fill ins(%zero_d : i128) outs(%empty_d : tensor<4xi128>) -> tensor<4xi128>
  %deg = scf.for %i = %c0_d to %cE_d step %c1_d iter_args(%dacc = %deg0) -> (tensor<4xi128>) {
    %t = tensor.extract %dst[%i] : tensor<5xi64>
    %v = arith.index_cast %t : i64 to index
    %old = tensor.extract %dacc[%v] : tensor<4xi128>
    %new = arith.addi %old, %one_d : i128
    %next = tensor.insert %new into %dacc[%v] : tensor<4xi128>
    scf.yield %next : tensor<4xi128>
  }
  %empty_s = tensor.empty() : tensor<4xf32>
  %dis = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>],
                         iterator_types = ["parallel"]}
      ins(%deg : tensor<4xi128>) outs(%empty_s : tensor<4xf32>) {
  ^bb0(%dv: i128, %o: f32):
    %f = arith.sitofp %dv : i128 to f32
    %p = math.rsqrt %f : f32
    %zero = arith.constant 0.0 : f32
    %empty = arith.cmpf oeq, %f, %zero : f32
    %r = arith.select %empty, %zero, %p : f32
    linalg.yield %r : f32
  } -> tensor<4xf32>
  %empty_w = tensor.empty() : tensor<5xf32>
  %w = linalg.generic {indexing_maps = [affine_map<(e) -> (e)>, affine_map<(e) -> (e)>, affine_map<(e) -> (e)>],
                       iterator_types = ["parallel"]}
      ins(%src, %dst : tensor<5xi64>, tensor<5xi64>) outs(%empty_w : tensor<5xf32>) {
  ^bb0(%sv: i64, %tv: i64, %o: f32):
    %u = arith.index_cast %sv : i64 to index
    %v = arith.index_cast %tv : i64 to index
    %a = tensor.extract %dis[%u] : tensor<4xf32>
    %b = tensor.extract %dis[%v] : tensor<4xf32>
    %p = arith.mulf %a, %b : f32
    linalg.yield %p : f32
  } -> tensor<5xf32>
  %e_msgs = tensor.empty() : tensor<5x8xf32>
  %msgs = linalg.generic {indexing_maps = [affine_map<(e, j) -> (e)>, affine_map<(e, j) -> (e, j)>],
                          iterator_types = ["parallel", "parallel"]}
      ins(%src : tensor<5xi64>) outs(%e_msgs : tensor<5x8xf32>) {
  ^bb0(%s: i64, %out: f32):
    %u = arith.index_cast %s : i64 to index
    %j = linalg.index 1 : index
    %val = tensor.extract %x[%u, %j] : tensor<4x8xf32>
    linalg.yield %val : f32
  } -> tensor<5x8xf32>
  %e_scaled = tensor.empty() : tensor<5x8xf32>
  %scaled = linalg.generic {indexing_maps = [affine_map<(e, j) -> (e)>, affine_map<(e, j) -> (e, j)>, affine_map<(e, j) -> (e, j)>],
                            iterator_types = ["parallel", "parallel"]}
      ins(%w, %msgs : tensor<5xf32>, tensor<5x8xf32>) outs(%e_scaled : tensor<5x8xf32>) {
  ^bb0(%wv: f32, %mv: f32, %out: f32):
    %p = arith.mulf %wv, %mv : f32
    linalg.yield %p : f32
  } -> tensor<5x8xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %cE = arith.constant 5 : index
  %zero_y = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<4x8xf32>
  %init = linalg.fill ins(%zero_y : f32) outs(%empty : tensor<4x8xf32>) -> tensor<4x8xf32>
  %y = scf.for %e = %c0 to %cE step %c1 iter_args(%acc = %init) -> (tensor<4x8xf32>) {
    %d = tensor.extract %dst[%e] : tensor<5xi64>
    %v = arith.index_cast %d : i64 to index
    %msg = tensor.extract_slice %scaled[%e, 0] [1, 8] [1, 1] : tensor<5x8xf32> to tensor<8xf32>
    %old = tensor.extract_slice %acc[%v, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<8xf32>
    %new = arith.addf %old, %msg : tensor<8xf32>
    %next = tensor.insert_slice %new into %acc[%v, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<4x8xf32>
    scf.yield %next : tensor<4x8xf32>
  }
  return %y : tensor<4x8xf32>
}

// -----

// A product of 2^60 factors whose ops share operands (60 squarings):
// looked at within a budget, not expanded, and left alone (raising once
// visited each operand per use, 2^60 visits).
// CHECK-LABEL: func.func @deep_shared_product_untouched
// CHECK-NOT: hag.aggregate
// CHECK: scf.for
// CHECK-NOT: hag.aggregate
// CHECK: return

func.func @deep_shared_product_untouched(%x: tensor<4x8xf32>, %src: tensor<5xi64>, %dst: tensor<5xi64>) -> tensor<4x8xf32> {
  %one_w_c = arith.constant 1.0 : f32
  %c0_d = arith.constant 0 : index
  %c1_d = arith.constant 1 : index
  %cE_d = arith.constant 5 : index
  %zero_d = arith.constant 0.0 : f32
  %one_d = arith.constant 1.0 : f32
  %empty_d = tensor.empty() : tensor<4xf32>
  %deg0 = linalg.fill ins(%zero_d : f32) outs(%empty_d : tensor<4xf32>) -> tensor<4xf32>
  %deg = scf.for %i = %c0_d to %cE_d step %c1_d iter_args(%dacc = %deg0) -> (tensor<4xf32>) {
    %t = tensor.extract %dst[%i] : tensor<5xi64>
    %v = arith.index_cast %t : i64 to index
    %old = tensor.extract %dacc[%v] : tensor<4xf32>
    %new = arith.addf %old, %one_d : f32
    %next = tensor.insert %new into %dacc[%v] : tensor<4xf32>
    scf.yield %next : tensor<4xf32>
  }
  %empty_s = tensor.empty() : tensor<4xf32>
  %dis = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>],
                         iterator_types = ["parallel"]}
      ins(%deg : tensor<4xf32>) outs(%empty_s : tensor<4xf32>) {
  ^bb0(%dv: f32, %o: f32):
    %mhalf = arith.constant -0.5 : f32
    %p = math.powf %dv, %mhalf : f32
    %inf = arith.constant 0x7F800000 : f32
    %isinf = arith.cmpf oeq, %p, %inf : f32
    %zero = arith.constant 0.0 : f32
    %r = arith.select %isinf, %zero, %p : f32
    linalg.yield %r : f32
  } -> tensor<4xf32>
  %empty_w = tensor.empty() : tensor<5xf32>
  %w = linalg.generic {indexing_maps = [affine_map<(e) -> (e)>, affine_map<(e) -> (e)>, affine_map<(e) -> (e)>],
                       iterator_types = ["parallel"]}
      ins(%src, %dst : tensor<5xi64>, tensor<5xi64>) outs(%empty_w : tensor<5xf32>) {
  ^bb0(%sv: i64, %tv: i64, %o: f32):
    %u = arith.index_cast %sv : i64 to index
    %v = arith.index_cast %tv : i64 to index
    %a = tensor.extract %dis[%u] : tensor<4xf32>
    %b = tensor.extract %dis[%v] : tensor<4xf32>
    %p = arith.mulf %a, %b : f32
    %q0 = arith.mulf %p, %p : f32
    %q1 = arith.mulf %q0, %q0 : f32
    %q2 = arith.mulf %q1, %q1 : f32
    %q3 = arith.mulf %q2, %q2 : f32
    %q4 = arith.mulf %q3, %q3 : f32
    %q5 = arith.mulf %q4, %q4 : f32
    %q6 = arith.mulf %q5, %q5 : f32
    %q7 = arith.mulf %q6, %q6 : f32
    %q8 = arith.mulf %q7, %q7 : f32
    %q9 = arith.mulf %q8, %q8 : f32
    %q10 = arith.mulf %q9, %q9 : f32
    %q11 = arith.mulf %q10, %q10 : f32
    %q12 = arith.mulf %q11, %q11 : f32
    %q13 = arith.mulf %q12, %q12 : f32
    %q14 = arith.mulf %q13, %q13 : f32
    %q15 = arith.mulf %q14, %q14 : f32
    %q16 = arith.mulf %q15, %q15 : f32
    %q17 = arith.mulf %q16, %q16 : f32
    %q18 = arith.mulf %q17, %q17 : f32
    %q19 = arith.mulf %q18, %q18 : f32
    %q20 = arith.mulf %q19, %q19 : f32
    %q21 = arith.mulf %q20, %q20 : f32
    %q22 = arith.mulf %q21, %q21 : f32
    %q23 = arith.mulf %q22, %q22 : f32
    %q24 = arith.mulf %q23, %q23 : f32
    %q25 = arith.mulf %q24, %q24 : f32
    %q26 = arith.mulf %q25, %q25 : f32
    %q27 = arith.mulf %q26, %q26 : f32
    %q28 = arith.mulf %q27, %q27 : f32
    %q29 = arith.mulf %q28, %q28 : f32
    %q30 = arith.mulf %q29, %q29 : f32
    %q31 = arith.mulf %q30, %q30 : f32
    %q32 = arith.mulf %q31, %q31 : f32
    %q33 = arith.mulf %q32, %q32 : f32
    %q34 = arith.mulf %q33, %q33 : f32
    %q35 = arith.mulf %q34, %q34 : f32
    %q36 = arith.mulf %q35, %q35 : f32
    %q37 = arith.mulf %q36, %q36 : f32
    %q38 = arith.mulf %q37, %q37 : f32
    %q39 = arith.mulf %q38, %q38 : f32
    %q40 = arith.mulf %q39, %q39 : f32
    %q41 = arith.mulf %q40, %q40 : f32
    %q42 = arith.mulf %q41, %q41 : f32
    %q43 = arith.mulf %q42, %q42 : f32
    %q44 = arith.mulf %q43, %q43 : f32
    %q45 = arith.mulf %q44, %q44 : f32
    %q46 = arith.mulf %q45, %q45 : f32
    %q47 = arith.mulf %q46, %q46 : f32
    %q48 = arith.mulf %q47, %q47 : f32
    %q49 = arith.mulf %q48, %q48 : f32
    %q50 = arith.mulf %q49, %q49 : f32
    %q51 = arith.mulf %q50, %q50 : f32
    %q52 = arith.mulf %q51, %q51 : f32
    %q53 = arith.mulf %q52, %q52 : f32
    %q54 = arith.mulf %q53, %q53 : f32
    %q55 = arith.mulf %q54, %q54 : f32
    %q56 = arith.mulf %q55, %q55 : f32
    %q57 = arith.mulf %q56, %q56 : f32
    %q58 = arith.mulf %q57, %q57 : f32
    %q59 = arith.mulf %q58, %q58 : f32
    linalg.yield %q59 : f32
  } -> tensor<5xf32>
  %e_msgs = tensor.empty() : tensor<5x8xf32>
  %msgs = linalg.generic {indexing_maps = [affine_map<(e, j) -> (e)>, affine_map<(e, j) -> (e, j)>],
                          iterator_types = ["parallel", "parallel"]}
      ins(%src : tensor<5xi64>) outs(%e_msgs : tensor<5x8xf32>) {
  ^bb0(%s: i64, %out: f32):
    %u = arith.index_cast %s : i64 to index
    %j = linalg.index 1 : index
    %val = tensor.extract %x[%u, %j] : tensor<4x8xf32>
    linalg.yield %val : f32
  } -> tensor<5x8xf32>
  %e_scaled = tensor.empty() : tensor<5x8xf32>
  %scaled = linalg.generic {indexing_maps = [affine_map<(e, j) -> (e)>, affine_map<(e, j) -> (e, j)>, affine_map<(e, j) -> (e, j)>],
                            iterator_types = ["parallel", "parallel"]}
      ins(%w, %msgs : tensor<5xf32>, tensor<5x8xf32>) outs(%e_scaled : tensor<5x8xf32>) {
  ^bb0(%wv: f32, %mv: f32, %out: f32):
    %p = arith.mulf %wv, %mv : f32
    linalg.yield %p : f32
  } -> tensor<5x8xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %cE = arith.constant 5 : index
  %zero_y = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<4x8xf32>
  %init = linalg.fill ins(%zero_y : f32) outs(%empty : tensor<4x8xf32>) -> tensor<4x8xf32>
  %y = scf.for %e = %c0 to %cE step %c1 iter_args(%acc = %init) -> (tensor<4x8xf32>) {
    %d = tensor.extract %dst[%e] : tensor<5xi64>
    %v = arith.index_cast %d : i64 to index
    %msg = tensor.extract_slice %scaled[%e, 0] [1, 8] [1, 1] : tensor<5x8xf32> to tensor<8xf32>
    %old = tensor.extract_slice %acc[%v, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<8xf32>
    %new = arith.addf %old, %msg : tensor<8xf32>
    %next = tensor.insert_slice %new into %acc[%v, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<4x8xf32>
    scf.yield %next : tensor<4x8xf32>
  }
  return %y : tensor<4x8xf32>
}
