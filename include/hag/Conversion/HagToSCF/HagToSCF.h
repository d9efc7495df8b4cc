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
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SparseTensor/IR/SparseTensor.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir {
namespace hag {

/// The static row widths, in elements, at which a tiled plan's tile runs in
/// steps of ::hag::kDemandGroupNodes nodes by default, each step after the
/// aggregation rows it reads (docs/CpuPerformance.md, "Steps"): the
/// defaults of convert-hag-to-scf's and hag-lower-to-cpu's step-min-width
/// and step-max-width.
constexpr int64_t kDefaultStepMinWidth = 256;
constexpr int64_t kDefaultStepMaxWidth = 512;

/// The choices of kernel shape left to the user (convert-hag-to-scf's
/// options).
struct KernelShapeOptions {
  /// Static row widths at which a tiled plan's tile runs in steps;
  /// stepMaxWidth 0: never.
  int64_t stepMinWidth = kDefaultStepMinWidth;
  int64_t stepMaxWidth = kDefaultStepMaxWidth;
};

/// Adds the patterns lowering hag aggregations to loops.
void populateHagToSCFConversionPatterns(RewritePatternSet &patterns,
                                        const KernelShapeOptions &shape = {});

} // namespace hag
} // namespace mlir

#endif // HAG_CONVERSION_HAGTOSCF_HAGTOSCF_H
