//===- Passes.h - hag dialect passes ----------------------------*- C++ -*-===//
//
// Declarations and registration of the hag passes (Passes.td).
//
//===----------------------------------------------------------------------===//
#ifndef HAG_DIALECT_HAG_TRANSFORMS_PASSES_H
#define HAG_DIALECT_HAG_TRANSFORMS_PASSES_H

#include "hag/Dialect/Hag/IR/HagDialect.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir {
namespace hag {

/// The prefix of the global that hag-export-entry-signatures adds for an
/// entry: `_hag_signature_<name>` holds its type as text.
inline constexpr char kEntrySignaturePrefix[] = "_hag_signature_";

#define GEN_PASS_DECL
#include "hag/Dialect/Hag/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "hag/Dialect/Hag/Transforms/Passes.h.inc"

} // namespace hag
} // namespace mlir

#endif // HAG_DIALECT_HAG_TRANSFORMS_PASSES_H
