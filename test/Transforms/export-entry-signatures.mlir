// RUN: hag-opt %s -split-input-file -verify-diagnostics -hag-export-entry-signatures | FileCheck %s --implicit-check-not=_hag_signature_

// Each defined public entry marked llvm.emit_c_interface gains a constant
// string holding its type; other functions gain nothing.
// (--implicit-check-not: no other signature anywhere in the output.)
// CHECK-LABEL: func.func @aggregate(
// CHECK: llvm.mlir.global external constant @_hag_signature_aggregate("(memref<?x?xf32>, memref<?x?xf32>) -> ()\00") {addr_space = 0 : i32}
// CHECK: llvm.mlir.global external constant @_hag_signature_gcn("(memref<?xi64>, memref<?xi32>, memref<2708x16xf32>, memref<2708x16xf32>) -> ()\00") {addr_space = 0 : i32}
func.func @aggregate(%x: memref<?x?xf32>, %y: memref<?x?xf32>) attributes {llvm.emit_c_interface} {
  return
}
func.func @helper(%x: memref<?x?xf32>) {
  return
}
func.func private @declared(%x: memref<?x?xf32>) attributes {llvm.emit_c_interface}
func.func private @hidden(%x: memref<?x?xf32>) attributes {llvm.emit_c_interface} {
  return
}
func.func @gcn(%o: memref<?xi64>, %i: memref<?xi32>, %x: memref<2708x16xf32>, %y: memref<2708x16xf32>) attributes {llvm.emit_c_interface} {
  return
}

// -----

// A symbol of the signature's name already in the module is refused.
llvm.mlir.global external constant @_hag_signature_entry("mine\00") {addr_space = 0 : i32}
// expected-error @+1 {{hag-export-entry-signatures: the module already defines @_hag_signature_entry, the name of this entry's signature}}
func.func @entry(%x: memref<?x?xf32>) attributes {llvm.emit_c_interface} {
  return
}
