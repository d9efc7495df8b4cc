// RUN: hag-opt %s -hag-plan-arrays-to-calls | FileCheck %s
// RUN: hag-opt %s -one-shot-bufferize=bufferize-function-boundaries -buffer-deallocation-pipeline -hag-plan-arrays-to-calls | FileCheck %s --check-prefix=DEALLOC

// Every view of a kept plan's array becomes the runtime call for its kind,
// with the array's HAG_PLAN_* id (include/hag/Runtime/PlanRuntime.h); one
// declaration per function, with the C interface.
// CHECK-DAG: func.func private @hagPlanViewPairs(i64, i32) -> memref<?x2xi32> attributes {llvm.emit_c_interface}
// CHECK-DAG: func.func private @hagPlanViewI32(i64, i32) -> memref<?xi32> attributes {llvm.emit_c_interface}
// CHECK-DAG: func.func private @hagPlanViewI64(i64, i32) -> memref<?xi64> attributes {llvm.emit_c_interface}
// CHECK-LABEL: func.func @views(
// CHECK-SAME: %[[PLAN:.*]]: i64
// CHECK: %[[AGG:.*]] = arith.constant 0 : i32
// CHECK-NEXT: call @hagPlanViewPairs(%[[PLAN]], %[[AGG]]) : (i64, i32) -> memref<?x2xi32>
// CHECK-NEXT: %[[INDICES:.*]] = arith.constant 3 : i32
// CHECK-NEXT: call @hagPlanViewI32(%[[PLAN]], %[[INDICES]]) : (i64, i32) -> memref<?xi32>
// CHECK-NEXT: %[[OFFSETS:.*]] = arith.constant 2 : i32
// CHECK-NEXT: call @hagPlanViewI64(%[[PLAN]], %[[OFFSETS]]) : (i64, i32) -> memref<?xi64>
// CHECK-NEXT: %[[TILES:.*]] = arith.constant 5 : i32
// CHECK-NEXT: call @hagPlanViewPairs(%[[PLAN]], %[[TILES]])
// CHECK-NEXT: %[[RUNS:.*]] = arith.constant 6 : i32
// CHECK-NEXT: call @hagPlanViewI32(%[[PLAN]], %[[RUNS]])
// CHECK-NEXT: %[[SPLITS:.*]] = arith.constant 8 : i32
// CHECK-NEXT: call @hagPlanViewI64(%[[PLAN]], %[[SPLITS]])
// CHECK-NOT: hag.plan_array
// The views are not owned: bufferization reads them in place (no copy)
// and deallocation frees nothing of them.
// DEALLOC-LABEL: func.func @views(
// DEALLOC-NOT: memref.copy
// DEALLOC-NOT: memref.dealloc
// DEALLOC-NOT: bufferization.dealloc
// DEALLOC: return
func.func @views(%plan: i64, %i: index) -> (i32, i32, i64, i32, i32, i64) {
  %c0 = arith.constant 0 : index
  %a = hag.plan_array %plan "agg_inputs" : memref<?x2xi32>
  %l = hag.plan_array %plan "list_indices" : memref<?xi32>
  %o = hag.plan_array %plan "list_offsets" : memref<?xi64>
  %t = hag.plan_array %plan "tiles" : memref<?x2xi32>
  %r = hag.plan_array %plan "agg_runs" : memref<?xi32>
  %s = hag.plan_array %plan "list_splits" : memref<?xi64>
  %at = bufferization.to_tensor %a restrict : memref<?x2xi32> to tensor<?x2xi32>
  %lt = bufferization.to_tensor %l restrict : memref<?xi32> to tensor<?xi32>
  %ot = bufferization.to_tensor %o restrict : memref<?xi64> to tensor<?xi64>
  %tt = bufferization.to_tensor %t restrict : memref<?x2xi32> to tensor<?x2xi32>
  %rt = bufferization.to_tensor %r restrict : memref<?xi32> to tensor<?xi32>
  %st = bufferization.to_tensor %s restrict : memref<?xi64> to tensor<?xi64>
  %v0 = tensor.extract %at[%i, %c0] : tensor<?x2xi32>
  %v1 = tensor.extract %lt[%i] : tensor<?xi32>
  %v2 = tensor.extract %ot[%i] : tensor<?xi64>
  %v3 = tensor.extract %tt[%i, %c0] : tensor<?x2xi32>
  %v4 = tensor.extract %rt[%i] : tensor<?xi32>
  %v5 = tensor.extract %st[%i] : tensor<?xi64>
  return %v0, %v1, %v2, %v3, %v4, %v5 : i32, i32, i64, i32, i32, i64
}
