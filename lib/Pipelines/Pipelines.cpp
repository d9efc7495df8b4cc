//===- Pipelines.cpp - Registered hag pass pipelines ----------------------===//
//
// One small function per stage, each with the reason it is there. Pass
// options are forwarded as the passes' own option strings, never restated.
//
//===----------------------------------------------------------------------===//
#include "hag/Pipelines/Pipelines.h"

#include "hag/Conversion/Passes.h"
#include "hag/Dialect/Hag/Transforms/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/GPU/Pipelines/Passes.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/Transforms/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace mlir::hag;

// Graphs named by file become constants first, so every later stage sees the
// data.
static void addLoadStage(OpPassManager &pm) {
  pm.addPass(createLoadGraphsPass());
}

// Other compilers' sparse products become hag.aggregate; canonicalization
// then folds hag.build_plan of constant graphs into constant plans and
// removes the dead upstream constants.
static void addRaiseStage(OpPassManager &pm, bool raise) {
  if (raise)
    pm.addPass(createRaisePass());
  pm.addPass(createCanonicalizerPass());
}

// Adds `pass` with `passOptions`, spelt as the pass spells them (a
// pipeline's string option carrying them), or fails through errorHandler.
static LogicalResult
addPassWithOptions(OpPassManager &pm, std::unique_ptr<Pass> pass,
                   StringRef passOptions,
                   function_ref<LogicalResult(const Twine &)> errorHandler) {
  // Options that do not parse are reported by llvm::cl on stderr, and the
  // handler is then called with no message: one error names the pass and
  // the options instead of an empty one.
  std::string reason;
  auto collect = [&](const Twine &message) {
    reason = message.str();
    return failure();
  };
  if (failed(pass->initializeOptions(passOptions, collect)))
    return errorHandler(pass->getArgument() + ": cannot take the options '" +
                        passOptions + "'" +
                        (reason.empty() ? "" : ": " + reason));
  pm.addPass(std::move(pass));
  return success();
}

// One HAG per graph and aggregation class, chosen by the cost model.
static LogicalResult
addEliminateStage(OpPassManager &pm, StringRef passOptions,
                  function_ref<LogicalResult(const Twine &)> errorHandler) {
  return addPassWithOptions(pm, createEliminateRedundancyPass(), passOptions,
                            errorHandler);
}

LogicalResult mlir::hag::buildOptimizePipeline(
    OpPassManager &pm, const OptimizePipelineOptions &options,
    function_ref<LogicalResult(const Twine &)> errorHandler) {
  addLoadStage(pm);
  addRaiseStage(pm, options.raise);
  return addEliminateStage(pm, options.eliminateRedundancy, errorHandler);
}

// Element-wise arith/math ops on whole tensors in the user's code (a
// message-passing loop's row update, say) have no bufferization of their
// own; as linalg.generic they bufferize in place. Run before the hag
// lowerings, whose own tensor selects must stay selects.
static void addElementwiseStage(OpPassManager &pm) {
  pm.addPass(createConvertElementwiseToLinalgPass());
}

// hag ops become kernels (tensor loops on the CPU, gpu.launch kernels on
// buffers for CUDA) by `lowering` with its options; canonicalization and CSE
// clean up after it.
static LogicalResult
addKernelStage(OpPassManager &pm, std::unique_ptr<Pass> lowering,
               StringRef passOptions,
               function_ref<LogicalResult(const Twine &)> errorHandler) {
  if (failed(addPassWithOptions(pm, std::move(lowering), passOptions,
                                errorHandler)))
    return failure();
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  return success();
}

// Tensors become buffers in place (the row slices of scf.forall write into
// the result directly), with deallocation of what bufferization allocates.
// The deallocation pipeline refuses ops with unknown memory effects, such as
// gpu.wait; the cuda lowering frees its own buffers and leaves none to it.
static void addBufferizationStage(OpPassManager &pm, bool deallocate = true) {
  // A result materialized into a caller's buffer is computed there directly
  // (the kernel's tensor.empty becomes that buffer), not copied.
  pm.addPass(bufferization::createEmptyTensorEliminationPass());
  // One-shot bufferization, or the sparsifier's where the module holds
  // sparse tensors (docs/Pipelines.md).
  pm.addPass(createBufferizePass());
  if (!deallocate)
    return;
  bufferization::BufferDeallocationPipelineOptions deallocation;
  bufferization::buildBufferDeallocationPipeline(pm, deallocation);
}

// Node loops become OpenMP parallel loops (the canonicalization is what the
// scf-to-openmp conversion needs to clean up its reductions).
static void addParallelStage(OpPassManager &pm, bool openmp) {
  pm.addPass(createForallToParallelLoopPass());
  if (openmp) {
    pm.addPass(createConvertSCFToOpenMPPass());
    pm.addPass(createCanonicalizerPass());
    // One thread team for a HAG's consecutive levels.
    pm.addPass(createFuseParallelRegionsPass());
  }
}

// Everything else, the standard way down to the LLVM dialect (linalg ops
// around the aggregations become loops first).
static void addToLLVMStage(OpPassManager &pm) {
  pm.addPass(createConvertLinalgToLoopsPass());
  pm.addPass(createConvertVectorToSCFPass());
  // The sparsifier's buffers (hag-bufferize on sparse modules) leave
  // bufferization.clone ops; dense modules have none.
  pm.addPass(createConvertBufferizationToMemRefPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(createConvertVectorToLLVMPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createConvertOpenMPToLLVMPass());
  pm.addPass(createConvertFuncToLLVMPass());
  // ub.poison, which the sparsifier's code carries (dense modules have none).
  pm.addPass(createUBToLLVMConversionPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
}

LogicalResult mlir::hag::buildLowerToCpuPipeline(
    OpPassManager &pm, const LowerToCpuPipelineOptions &options,
    function_ref<LogicalResult(const Twine &)> errorHandler) {
  // First, while the entries have the types their callers see: a library
  // compiled ahead of time keeps them for hag-run to check.
  pm.addPass(createExportEntrySignaturesPass());
  addElementwiseStage(pm);
  if (failed(addKernelStage(pm, createConvertHagToSCFPass(), options.kernels,
                            errorHandler)))
    return failure();
  // Hoists what each row of the kernels recomputes.
  pm.addPass(createLoopInvariantCodeMotionPass());
  addBufferizationStage(pm);
  // Run-time plans are read in place, through calls placed after
  // deallocation, which would otherwise free the runtime's arrays.
  pm.addPass(createPlanArraysToCallsPass());
  addParallelStage(pm, options.openmp);
  addToLLVMStage(pm);
  return success();
}

LogicalResult mlir::hag::buildLowerToCudaPipeline(
    OpPassManager &pm, const LowerToCudaPipelineOptions &options,
    function_ref<LogicalResult(const Twine &)> errorHandler) {
  addElementwiseStage(pm);
  if (failed(addKernelStage(pm, createConvertHagToGPUPass(), options.kernels,
                            errorHandler)))
    return failure();
  addBufferizationStage(pm, /*deallocate=*/false);
  // Kernel outlining, NVVM, PTX/cubin and the host's runtime calls: upstream's
  // pipeline, with its own options.
  gpu::GPUToNVVMPipelineOptions nvvm;
  if (failed(nvvm.parseFromString(options.nvvm)))
    return errorHandler("cannot parse the nvvm options '" + options.nvvm + "'");
  gpu::buildLowerToNVVMPassPipeline(pm, nvvm);
  return success();
}

/// Registers pipeline `name` built by `build` from options of type Options,
/// at the low level, so that a bad option string, of the pipeline or of a
/// pass option string it carries, fails the run instead of silently
/// dropping the pipeline.
template <typename Options>
static void registerWithOptions(
    StringRef name, StringRef summary,
    LogicalResult (*build)(OpPassManager &, const Options &,
                           function_ref<LogicalResult(const Twine &)>)) {
  registerPassPipeline(
      name, summary,
      [name, build](OpPassManager &pm, StringRef text,
                    function_ref<LogicalResult(const Twine &)> errorHandler) {
        Options options;
        if (failed(options.parseFromString(text)))
          return errorHandler("cannot parse the " + name + " options '" + text +
                              "'");
        return build(pm, options, errorHandler);
      },
      [](function_ref<void(const mlir::detail::PassOptions &)> describe) {
        describe(Options());
      });
}

void mlir::hag::registerHagPipelines() {
  registerWithOptions<LowerToCudaPipelineOptions>(
      "hag-lower-to-cuda",
      "Lower hag aggregations to CUDA kernels (PTX/cubin embedded in the "
      "host module) and the host code around them to the LLVM dialect, "
      "calling hag's CUDA runtime",
      buildLowerToCudaPipeline);
  registerWithOptions<LowerToCpuPipelineOptions>(
      "hag-lower-to-cpu",
      "Lower hag aggregations and the tensor code around them to the LLVM "
      "dialect (OpenMP-parallel, vectorised loops)",
      buildLowerToCpuPipeline);
  registerWithOptions<OptimizePipelineOptions>(
      "hag-optimize",
      "Load graph files, raise upstream aggregations and rewrite them "
      "through shared HAGs where the cost model predicts a gain",
      buildOptimizePipeline);
}
