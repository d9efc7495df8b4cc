//===- HagToSCF.h - hag aggregations to tensor loops ------------*- C++ -*-===//
//
// The patterns that lower hag.aggregate and hag.plan_aggregate to scf.forall
// loops over tensors with vector reads (see Conversion/Passes.td).
//
//===----------------------------------------------------------------------===//
#ifndef HAG_CONVERSION_HAGTOSCF_HAGTOSCF_H
#define HAG_CONVERSION_HAGTOSCF_HAGTOSCF_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir {
namespace hag {

/// Adds the patterns lowering hag aggregations to loops.
void populateHagToSCFConversionPatterns(RewritePatternSet &patterns);

} // namespace hag
} // namespace mlir

#endif // HAG_CONVERSION_HAGTOSCF_HAGTOSCF_H
