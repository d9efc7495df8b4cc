//===- Pipelines.h - Registered hag pass pipelines --------------*- C++ -*-===//
//
// Pipelines that chain hag passes for users' tools. Each pipeline has one
// options struct whose fields carry the option strings of the passes it
// runs, so every pass option is declared once, in Passes.td.
//
//===----------------------------------------------------------------------===//
#ifndef HAG_PIPELINES_PIPELINES_H
#define HAG_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace mlir {
namespace hag {

/// Options of the `hag-optimize` pipeline.
struct OptimizePipelineOptions
    : public PassPipelineOptions<OptimizePipelineOptions> {
  Option<bool> raise{*this, "raise",
                     llvm::cl::desc("Run --hag-raise on upstream sparse IR"),
                     llvm::cl::init(true)};
  Option<std::string> eliminateRedundancy{
      *this, "eliminate-redundancy",
      llvm::cl::desc("Options of --hag-eliminate-redundancy, as that pass "
                     "spells them, e.g. \"target=cuda threshold=2\""),
      llvm::cl::init("")};
};

/// hag-optimize: read graph files, raise upstream aggregations, fold plans of
/// constant graphs, and rewrite aggregations through shared HAGs.
/// Fails (through `errorHandler`) if the pass options do not parse.
LogicalResult
buildOptimizePipeline(OpPassManager &pm, const OptimizePipelineOptions &options,
                      function_ref<LogicalResult(const Twine &)> errorHandler);

/// Options of the `hag-lower-to-cpu` pipeline.
struct LowerToCpuPipelineOptions
    : public PassPipelineOptions<LowerToCpuPipelineOptions> {
  Option<bool> openmp{*this, "openmp",
                      llvm::cl::desc("Run the node loops on OpenMP threads "
                                     "(otherwise sequential scf loops)"),
                      llvm::cl::init(true)};
  Option<std::string> kernels{
      *this, "kernels",
      llvm::cl::desc("Options of --convert-hag-to-scf, as that pass spells "
                     "them, e.g. \"step-min-width=128 step-max-width=256\""),
      llvm::cl::init("")};
};

/// hag-lower-to-cpu: hag aggregations and the upstream tensor, linalg,
/// vector, math and arith ops around them, down to the LLVM dialect, ready
/// for mlir-runner or mlir-translate --mlir-to-llvmir. Fails, through
/// `errorHandler`, on kernel options the pass does not accept.
LogicalResult buildLowerToCpuPipeline(
    OpPassManager &pm, const LowerToCpuPipelineOptions &options,
    function_ref<LogicalResult(const Twine &)> errorHandler);

/// Registers every hag pipeline with the global registry.
struct LowerToCudaPipelineOptions
    : public PassPipelineOptions<LowerToCudaPipelineOptions> {
  Option<std::string> kernels{
      *this, "kernels",
      llvm::cl::desc("Options of --convert-hag-to-gpu, as that pass spells "
                     "them, e.g. \"hub-edges=2048 block-size=128\""),
      llvm::cl::init("")};
  Option<std::string> nvvm{
      *this, "nvvm",
      llvm::cl::desc("Options of upstream's gpu-lower-to-nvvm-pipeline, as it "
                     "spells them"),
      llvm::cl::init("cubin-chip=sm_90 cubin-features=+ptx80 "
                     "cubin-format=fatbin")};
};

LogicalResult buildLowerToCudaPipeline(
    OpPassManager &pm, const LowerToCudaPipelineOptions &options,
    function_ref<LogicalResult(const Twine &)> errorHandler);

void registerHagPipelines();

} // namespace hag
} // namespace mlir

#endif // HAG_PIPELINES_PIPELINES_H
