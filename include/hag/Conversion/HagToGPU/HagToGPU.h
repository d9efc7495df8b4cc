//===- HagToGPU.h - hag aggregations to GPU kernels -------------*- C++ -*-===//
//
// The pass lowering hag.aggregate and hag.plan_aggregate to gpu.launch
// kernels over memrefs (see Conversion/Passes.td, convert-hag-to-gpu). The
// dialects its output uses are included so the generated pass base compiles.
//
//===----------------------------------------------------------------------===//
#ifndef HAG_CONVERSION_HAGTOGPU_HAGTOGPU_H
#define HAG_CONVERSION_HAGTOGPU_HAGTOGPU_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

#endif // HAG_CONVERSION_HAGTOGPU_HAGTOGPU_H
