//===- Passes.h - hag conversion passes -------------------------*- C++ -*-===//
//
// Declarations and registration of the conversions out of hag (Passes.td).
//
//===----------------------------------------------------------------------===//
#ifndef HAG_CONVERSION_PASSES_H
#define HAG_CONVERSION_PASSES_H

#include "hag/Conversion/HagToGPU/HagToGPU.h"
#include "hag/Conversion/HagToSCF/HagToSCF.h"

#include "mlir/Pass/Pass.h"

namespace mlir {
namespace hag {

#define GEN_PASS_DECL
#include "hag/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "hag/Conversion/Passes.h.inc"

} // namespace hag
} // namespace mlir

#endif // HAG_CONVERSION_PASSES_H
