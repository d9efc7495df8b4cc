// Entries that return wrong results, for hag-run --check
// (test/Tools/hag-run/check-wrong-results.test): the check must fail on
// each and name the element.
// Every element NaN (a NaN compared with std::max used to pass as error 0).
func.func @all_nan(%xm: memref<?x?xf32>, %ym: memref<?x?xf32>) {
  %nan = arith.constant 0x7FC00000 : f32
  linalg.fill ins(%nan : f32) outs(%ym : memref<?x?xf32>)
  return
}
// Zeros, with one NaN at row 7, column 3: the NaN is the worst element.
func.func @one_nan(%xm: memref<?x?xf32>, %ym: memref<?x?xf32>) {
  %zero = arith.constant 0.0 : f32
  %nan = arith.constant 0x7FC00000 : f32
  %c3 = arith.constant 3 : index
  %c7 = arith.constant 7 : index
  linalg.fill ins(%zero : f32) outs(%ym : memref<?x?xf32>)
  memref.store %nan, %ym[%c7, %c3] : memref<?x?xf32>
  return
}
// Every element +infinity.
func.func @all_inf(%xm: memref<?x?xf32>, %ym: memref<?x?xf32>) {
  %inf = arith.constant 0x7F800000 : f32
  linalg.fill ins(%inf : f32) outs(%ym : memref<?x?xf32>)
  return
}
// Zeros, with 1e6 at row 2, column 1: a finite error far above the others
// (every other element is off by at most its reference, a relative error of
// at most 1).
func.func @one_far(%xm: memref<?x?xf32>, %ym: memref<?x?xf32>) {
  %zero = arith.constant 0.0 : f32
  %far = arith.constant 1.0e6 : f32
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  linalg.fill ins(%zero : f32) outs(%ym : memref<?x?xf32>)
  memref.store %far, %ym[%c2, %c1] : memref<?x?xf32>
  return
}
// Every element 0: every element whose reference is at least 1 in size is
// off by a relative 1, and of equal errors the first is named.
func.func @zeros(%xm: memref<?x?xf32>, %ym: memref<?x?xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%ym : memref<?x?xf32>)
  return
}
