//===- Runner.cpp - Compile and run hag aggregations in-process -----------===//
//
// Builds `func @aggregate(memref<N x D x f32>, memref<N x D x f32>)` around
// one hag.aggregate over the graph as a constant, or, when a HAG is asked
// for, one hag.plan_aggregate over the caller's or a freshly searched plan;
// lowers with hag-lower-to-cpu and JIT-compiles with the OpenMP runtime
// loaded. The
// sparsifier peer is the same sum as `linalg.matmul` on a CSR tensor,
// lowered by upstream's sparsifier pipeline.
//
//===----------------------------------------------------------------------===//
#include "hag/Run/Runner.h"

#include "JitSupport.h"

#include "hag/Graph/Memory.h"
#include "hag/Search/CostFormulas.h"

#include "hag/Conversion/Passes.h"
#include "hag/Dialect/Hag/IR/HagData.h"
#include "hag/Dialect/Hag/IR/HagDialect.h"
#include "hag/Pipelines/Pipelines.h"
#ifdef HAG_HAVE_CUDA_RUNTIME
#include "hag/Runtime/CudaRuntime.h"
#endif

#include "mlir/AsmParser/AsmParser.h"
#include "mlir/Conversion/SCFToOpenMP/SCFToOpenMP.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/SparseTensor/IR/SparseTensor.h"
#include "mlir/Dialect/SparseTensor/Pipelines/Passes.h"
#include "mlir/Dialect/SparseTensor/Transforms/Passes.h"
#include "mlir/ExecutionEngine/CRunnerUtils.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <optional>

#include <sys/stat.h>

using namespace hag;
using namespace hag::run;

using RowsMemRef = StridedMemRefType<float, 2>;
using IndexMemRef = StridedMemRefType<int64_t, 1>;
using ValuesMemRef = StridedMemRefType<float, 1>;

namespace {
std::string diagnosticsOf(const std::string &what, const std::string &text) {
  return what + (text.empty() ? std::string() : ": " + text);
}

/// The checks both kinds of kernel share on the request and the graph.
Status checkShape(const Csr &graph, const AggregationRequest &request) {
  if (request.width <= 0)
    return Status::error("feature width must be positive");
  if (Status s = graph.validate(); s.failed())
    return Status::error("invalid graph: " + s.message());
  return Status::success();
}

} // namespace

struct CompiledAggregation::Impl {
  ~Impl();
  mlir::MLIRContext context;
  /// The cuda target: device buffers for the features and the result.
  void *deviceFeatures = nullptr, *deviceResult = nullptr;
  std::unique_ptr<mlir::ExecutionEngine> engine;
  /// hag's kernels: features, result.
  void (*entry)(RowsMemRef *, RowsMemRef *) = nullptr;
  /// The sparsifier's kernel: the CSR positions, coordinates and values of
  /// the adjacency, then features and result.
  void (*sparseEntry)(IndexMemRef *, IndexMemRef *, ValuesMemRef *,
                      RowsMemRef *, RowsMemRef *) = nullptr;
  /// The arrays sparseEntry assembles its sparse operand from on every run.
  std::vector<int64_t> positions, coordinates;
  std::vector<float> values;
  explicit Impl(const mlir::DialectRegistry &registry) : context(registry) {}
};

CompiledAggregation::~CompiledAggregation() = default;

#ifdef HAG_HAVE_CUDA_RUNTIME
/// The runtime's pending error as a Status (`what` failed).
static Status cudaFailure(const std::string &what) {
  const char *error = hagCudaTakeError();
  return Status::error(what + ": " + (error ? error : "unknown CUDA error"));
}
#endif

CompiledAggregation::Impl::~Impl() {
#ifdef HAG_HAVE_CUDA_RUNTIME
  if (deviceFeatures)
    hagCudaFree(deviceFeatures);
  if (deviceResult)
    hagCudaFree(deviceResult);
#endif
}

Status CompiledAggregation::run(const float *features, float *result) const {
  RowsMemRef in =
      detail::describeRows(const_cast<float *>(features), numNodes_, width_);
  RowsMemRef out = detail::describeRows(result, numNodes_, width_);
#ifdef HAG_HAVE_CUDA_RUNTIME
  if (impl_->deviceFeatures) {
    size_t bytes = size_t(numNodes_) * size_t(width_) * sizeof(float);
    if (hagCudaCopyToDevice(impl_->deviceFeatures, features, bytes) != 0)
      return cudaFailure("copying the features to the device");
    RowsMemRef deviceIn = detail::describeRows(
        static_cast<float *>(impl_->deviceFeatures), numNodes_, width_);
    RowsMemRef deviceOut = detail::describeRows(
        static_cast<float *>(impl_->deviceResult), numNodes_, width_);
    impl_->entry(&deviceIn, &deviceOut);
    // A failure inside the call is recorded by the runtime, not returned:
    // the synchronisation reports it (taking it once, for the message).
    if (hagCudaSynchronize() != 0)
      return cudaFailure("running the kernel");
    if (const char *error = hagCudaTakeError())
      return Status::error(std::string("running the kernel: ") + error);
    if (hagCudaCopyToHost(result, impl_->deviceResult, bytes) != 0)
      return cudaFailure("copying the result to the host");
    return Status::success();
  }
#endif
  if (!impl_->sparseEntry) {
    impl_->entry(&in, &out);
    return Status::success();
  }
  IndexMemRef positions = detail::describeVector(
      impl_->positions.data(), int64_t(impl_->positions.size()));
  IndexMemRef coordinates = detail::describeVector(
      impl_->coordinates.data(), int64_t(impl_->coordinates.size()));
  ValuesMemRef values = detail::describeVector(impl_->values.data(),
                                               int64_t(impl_->values.size()));
  impl_->sparseEntry(&positions, &coordinates, &values, &in, &out);
  return Status::success();
}

Expected<SearchResult> hag::run::searchPlan(const Csr &graph,
                                            const AggregationRequest &request) {
  Expected<Capacity> capacity = Capacity::parse(request.capacity);
  if (capacity.failed())
    return capacity.status();
  const CostTarget target =
      request.target == "cpu" ? CostTarget::Cpu : CostTarget::Cuda;
  Expected<uint32_t> tiles = parseTileNodes(request.tileNodes, target);
  if (tiles.failed())
    return tiles.status();
  SearchOptions options;
  options.capacity = *capacity;
  options.threshold = request.threshold;
  options.maxInputs = resolveMaxInputs(request.maxInputs, target);
  options.tileNodes = *tiles;
  Expected<SearchResult> found = searchHag(graph, options);
  if (found.ok())
    found->hag = kernelForm(std::move(found->hag), target);
  return found;
}

Expected<std::unique_ptr<CompiledAggregation>>
hag::run::compileAggregation(const Csr &graph,
                             const AggregationRequest &request) {
  auto start = std::chrono::steady_clock::now();
  using namespace mlir;
  std::optional<mlir::hag::Reduction> reduction =
      mlir::hag::symbolizeReduction(request.reduction);
  if (!reduction || *reduction == mlir::hag::Reduction::Custom)
    return Status::error("reduction must be sum, mean, max or min, not '" +
                         request.reduction + "'");
  std::optional<mlir::hag::Normalization> normalization =
      mlir::hag::symbolizeNormalization(request.normalization);
  if (!normalization)
    return Status::error("normalization must be none, row or symmetric, not '" +
                         request.normalization + "'");
  if (*normalization != mlir::hag::Normalization::None &&
      *reduction != mlir::hag::Reduction::Sum)
    return Status::error("normalization needs reduction sum");
  if (Status s = checkShape(graph, request); s.failed())
    return s;
  if (request.target != "cpu" && request.target != "cuda" &&
      request.target != "cuda-emulation")
    return Status::error("target must be cpu, cuda or cuda-emulation, not '" +
                         request.target + "'");
  if (request.target == "cuda") {
#ifdef HAG_HAVE_CUDA_RUNTIME
    if (hagCudaInit() != 0)
      return cudaFailure("no usable CUDA device");
#else
    return Status::error("this build has no CUDA runtime (the CUDA toolkit's "
                         "cuda.h was not found at configure time)");
#endif
  }
  // The plan the kernel runs: the caller's, or one searched now.
  std::optional<SearchResult> searched;
  const Hag *plan = request.throughHag ? request.plan : nullptr;
  if (request.throughHag && !plan) {
    Expected<SearchResult> found = searchPlan(graph, request);
    if (found.failed())
      return found.status();
    searched = found.take();
    plan = &searched->hag;
  }
  if (plan && plan->numNodes != graph.numNodes)
    return Status::error("the plan is for " + std::to_string(plan->numNodes) +
                         " nodes but the graph has " +
                         std::to_string(graph.numNodes));

  auto compiled = std::unique_ptr<CompiledAggregation>(new CompiledAggregation);
  compiled->impl_ =
      std::make_unique<CompiledAggregation::Impl>(detail::fullRegistry());
  MLIRContext &context = compiled->impl_->context;
  context.loadAllAvailableDialects();
  detail::ErrorCollector errors(&context, /*withLocations=*/false);

  // func @aggregate(%x: memref, %y: memref) { %y = hag.aggregate(%x) over
  // the constant graph }: the caller owns both buffers, and the kernel
  // writes its rows straight into %y (no result allocation, no copy).
  OpBuilder b(&context);
  Location loc = b.getUnknownLoc();
  OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
  b.setInsertionPointToEnd(module->getBody());
  SmallVector<int64_t> shape = {int64_t(graph.numNodes), request.width};
  auto rows = RankedTensorType::get(shape, b.getF32Type());
  auto buffer = MemRefType::get(shape, b.getF32Type());
  auto func = func::FuncOp::create(b, loc, "aggregate",
                                   b.getFunctionType({buffer, buffer}, {}));
  func->setAttr("llvm.emit_c_interface", b.getUnitAttr());
  Block *body = func.addEntryBlock();
  b.setInsertionPointToStart(body);
  Value features = bufferization::ToTensorOp::create(
      b, loc, rows, body->getArgument(0), /*restrict=*/b.getUnitAttr());
  Value aggregate;
  if (plan) {
    // Wide nodes stay wide for the CPU kernels; the GPU lowering runs their
    // two-input form.
    bool wide = runsWideNodes(request.target == "cpu" ? CostTarget::Cpu
                                                      : CostTarget::Cuda);
    auto constant = mlir::hag::createPlanConstant(
        b, loc, *plan,
        wide ? mlir::hag::PlanNodes::Wide : mlir::hag::PlanNodes::Binary);
    aggregate = mlir::hag::PlanAggregateOp::create(
        b, loc, rows, *reduction, constant.getPlan(), features, *normalization,
        request.selfLoops, /*commutative=*/false);
  } else {
    auto g = mlir::hag::createGraphConstant(b, loc, graph);
    aggregate = mlir::hag::AggregateOp::create(
        b, loc, rows, *reduction, g.getGraph(), features, *normalization,
        request.selfLoops, /*commutative=*/false);
  }
  bufferization::MaterializeInDestinationOp::create(
      b, loc, /*result=*/Type(), aggregate, body->getArgument(1),
      /*restrict=*/b.getUnitAttr(), /*writable=*/b.getUnitAttr());
  func::ReturnOp::create(b, loc);

  PassManager pm(&context);
  // A bad --cuda-kernels string fails the set-up with the parser's words.
  std::string problem;
  auto keepProblem = [&](const Twine &message) {
    problem = message.str();
    return failure();
  };
  auto badKernelOptions = [&]() {
    return Status::error("bad cuda kernel options '" +
                         request.cudaKernelOptions + "'" +
                         (problem.empty() ? "" : ": " + problem));
  };
  if (request.target == "cuda") {
    mlir::hag::LowerToCudaPipelineOptions lowering;
    lowering.kernels = request.cudaKernelOptions;
    if (failed(mlir::hag::buildLowerToCudaPipeline(pm, lowering, keepProblem)))
      return badKernelOptions();
  } else if (request.target == "cuda-emulation") {
    // The GPU kernels, their threads as host loops (HagToGPU.cpp).
    std::unique_ptr<Pass> kernels = mlir::hag::createConvertHagToGPUPass();
    if (failed(kernels->initializeOptions(
            request.cudaKernelOptions + " emulate=true", keepProblem)))
      return badKernelOptions();
    pm.addPass(std::move(kernels));
  }
  if (request.target != "cuda") {
    mlir::hag::LowerToCpuPipelineOptions lowering;
    lowering.openmp = request.openmp;
    // No kernel options: the defaults cannot fail.
    (void)mlir::hag::buildLowerToCpuPipeline(pm, lowering, keepProblem);
  }
  if (failed(pm.run(*module)))
    return Status::error(diagnosticsOf("lowering failed", errors.text()));

  Expected<void *> entry = detail::jitCompileEntry(
      *module, request.openmp, "aggregate", compiled->impl_->engine);
  if (entry.failed())
    return entry.status();
  compiled->impl_->entry =
      reinterpret_cast<decltype(compiled->impl_->entry)>(*entry);
#ifdef HAG_HAVE_CUDA_RUNTIME
  if (request.target == "cuda") {
    // Loading the module ran its kernels' loads; then the two buffers.
    if (const char *error = hagCudaTakeError())
      return Status::error(std::string("loading the kernels: ") + error);
    size_t bytes =
        size_t(graph.numNodes) * size_t(request.width) * sizeof(float);
    compiled->impl_->deviceFeatures = hagCudaMalloc(bytes);
    compiled->impl_->deviceResult = hagCudaMalloc(bytes);
    if (!compiled->impl_->deviceFeatures || !compiled->impl_->deviceResult)
      return cudaFailure("allocating device buffers");
  }
#endif
  compiled->numNodes_ = graph.numNodes;
  compiled->width_ = request.width;
  compiled->compileSeconds_ =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  return compiled;
}

//===----------------------------------------------------------------------===//
// The sparsifier peer
//===----------------------------------------------------------------------===//

/// Adds upstream's sparsifier pipeline, with the scf.parallel loops of
/// the parallelization strategy turned into OpenMP loops. buildSparsifier
/// itself only lowers them to sequential loops (convert-scf-to-cf), so the
/// first of its steps that make them (generalize the named ops, sparsify
/// and bufferize) run here first, from the same options, then
/// convert-scf-to-openmp; the pipeline's own copies of those steps find
/// no tensors left, and its lowering to LLVM keeps the OpenMP ops.
static void
buildParallelSparsifier(mlir::OpPassManager &pm,
                        const mlir::sparse_tensor::SparsifierOptions &options) {
  using namespace mlir;
  if (options.parallelization != SparseParallelizationStrategy::kNone) {
    pm.addNestedPass<func::FuncOp>(createLinalgGeneralizeNamedOpsPass());
    SparsificationOptions sparsification = options.sparsificationOptions();
    pm.addPass(createSparsificationAndBufferizationPass(
        getBufferizationOptionsForSparsification(/*analysisOnly=*/false),
        sparsification, options.createSparseDeallocs,
        options.enableRuntimeLibrary, options.enableBufferInitialization,
        options.vectorLength, /*enableVLAVectorization=*/options.armSVE,
        /*enableSIMDIndex32=*/options.force32BitVectorIndices,
        options.enableGPULibgen, sparsification.sparseEmitStrategy,
        sparsification.parallelizationStrategy));
    pm.addPass(createConvertSCFToOpenMPPass());
    // As in hag-lower-to-cpu: the conversion needs the clean-up.
    pm.addPass(createCanonicalizerPass());
  }
  sparse_tensor::buildSparsifier(pm, options);
}

/// func @aggregate(%positions, %coordinates, %values, %x, %y) {
///   %a = sparse_tensor.assemble (%positions, %coordinates), %values
///   linalg.fill 0 into %y; %y += linalg.matmul(%a, %x) in place }
/// with %a a `numNodes` x `numNodes` CSR tensor and %x, %y `numNodes` x
/// `width`. Null if the encoding does not parse (a diagnostic says why).
static mlir::OwningOpRef<mlir::ModuleOp>
buildMatmulModule(mlir::MLIRContext &context, int64_t numNodes, int64_t width) {
  using namespace mlir;
  OpBuilder b(&context);
  Location loc = b.getUnknownLoc();
  Attribute csr = parseAttribute(
      "#sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed) "
      "}>",
      &context);
  if (!csr)
    return nullptr;
  OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
  b.setInsertionPointToEnd(module->getBody());
  auto adjacency =
      RankedTensorType::get({numNodes, numNodes}, b.getF32Type(), csr);
  SmallVector<int64_t> shape = {numNodes, width};
  auto rows = RankedTensorType::get(shape, b.getF32Type());
  auto buffer = MemRefType::get(shape, b.getF32Type());
  auto indexArray = MemRefType::get({ShapedType::kDynamic}, b.getIndexType());
  auto valueArray = MemRefType::get({ShapedType::kDynamic}, b.getF32Type());
  auto func = func::FuncOp::create(
      b, loc, "aggregate",
      b.getFunctionType({indexArray, indexArray, valueArray, buffer, buffer},
                        {}));
  func->setAttr("llvm.emit_c_interface", b.getUnitAttr());
  Block *body = func.addEntryBlock();
  b.setInsertionPointToStart(body);
  auto toTensor = [&](unsigned argument, bool writable = false) -> Value {
    Value memref = body->getArgument(argument);
    auto type = cast<MemRefType>(memref.getType());
    return bufferization::ToTensorOp::create(
        b, loc, RankedTensorType::get(type.getShape(), type.getElementType()),
        memref, /*restrict=*/true, writable);
  };
  Value a = sparse_tensor::AssembleOp::create(
      b, loc, adjacency, ValueRange{toTensor(0), toTensor(1)}, toTensor(2));
  Value x = toTensor(3);
  Value y = body->getArgument(4);
  // The zeros go into %y's buffer, before its tensor view is taken. The
  // textbook linalg.fill of a tensor.empty becomes a zero constant that
  // bufferization copies into a fresh buffer on every run and that buffer
  // again into %y: 3-6x slower on Cora and PubMed (d = 16..256).
  Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0f));
  linalg::FillOp::create(b, loc, ValueRange{zero}, ValueRange{y});
  Value product =
      linalg::MatmulOp::create(b, loc, TypeRange{rows}, ValueRange{a, x},
                               ValueRange{toTensor(4, /*writable=*/true)})
          .getResult(0);
  bufferization::MaterializeInDestinationOp::create(
      b, loc, /*result=*/Type(), product, y, /*restrict=*/b.getUnitAttr(),
      /*writable=*/b.getUnitAttr());
  func::ReturnOp::create(b, loc);
  return module;
}

Expected<std::unique_ptr<CompiledAggregation>>
hag::run::compileSparsifierAggregation(const Csr &graph,
                                       const AggregationRequest &request) {
  auto start = std::chrono::steady_clock::now();
  using namespace mlir;
  if (request.reduction != "sum" || request.normalization != "none" ||
      request.selfLoops || request.throughHag)
    return Status::error("the sparsifier kernel is a linalg.matmul: it "
                         "computes a plain sum over the graph only");
  if (Status s = checkShape(graph, request); s.failed())
    return s;

  auto compiled = std::unique_ptr<CompiledAggregation>(new CompiledAggregation);
  compiled->impl_ =
      std::make_unique<CompiledAggregation::Impl>(detail::fullRegistry());
  CompiledAggregation::Impl &impl = *compiled->impl_;
  MLIRContext &context = impl.context;
  context.loadAllAvailableDialects();
  detail::ErrorCollector errors(&context, /*withLocations=*/false);

  // The CSR arrays of A (A(v, u) = 1 for u in N(v)). The encoding's
  // compressed level promises ordered coordinates, so rows are sorted; the
  // graph keeps the order it was built in.
  Csr sorted = sortedRows(graph);
  impl.positions.assign(sorted.offsets.begin(), sorted.offsets.end());
  impl.coordinates.assign(sorted.indices.begin(), sorted.indices.end());
  impl.values.assign(sorted.indices.size(), 1.0f);

  OwningOpRef<ModuleOp> module =
      buildMatmulModule(context, graph.numNodes, request.width);
  if (!module)
    return Status::error(diagnosticsOf("bad CSR encoding", errors.text()));

  // The options a user after speed would pick (docs/Tools.md, hag-bench),
  // each measured on Cora and PubMed at d = 16, 64, 256.
  sparse_tensor::SparsifierOptions options;
  // Direct code on the assembled arrays, no calls into a support library.
  options.enableRuntimeLibrary = false;
  // Rows in parallel: up to 1.35x faster than sequential on two cores
  // (even at d = 16). any-storage-any-loop also makes the edge loop (a
  // reduction) and the feature loop scf.parallel; as nested OpenMP regions
  // they run serially with a fork per row and edge, 10-140x slower.
  options.parallelization =
      request.openmp ? SparseParallelizationStrategy::kAnyStorageOuterLoop
                     : SparseParallelizationStrategy::kNone;
  // Feature loop in vectors of 16 floats (one AVX-512 register, masked for
  // narrower widths): 2-4x faster than scalar code.
  options.vectorLength = 16;
  PassManager pm(&context);
  buildParallelSparsifier(pm, options);
  if (failed(pm.run(*module)))
    return Status::error(diagnosticsOf("sparsifier failed", errors.text()));

  Expected<void *> entry = detail::jitCompileEntry(*module, request.openmp,
                                                   "aggregate", impl.engine);
  if (entry.failed())
    return entry.status();
  impl.sparseEntry = reinterpret_cast<decltype(impl.sparseEntry)>(*entry);
  compiled->numNodes_ = graph.numNodes;
  compiled->width_ = request.width;
  compiled->compileSeconds_ =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  return compiled;
}

//===----------------------------------------------------------------------===//
// Reference and data
//===----------------------------------------------------------------------===//

std::vector<double> hag::run::referenceAggregation(
    const Csr &graph, const AggregationRequest &request, const float *x) {
  const int64_t n = graph.numNodes, d = request.width;
  auto degree = [&](NodeId v) {
    return double(graph.degree(v) + (request.selfLoops ? 1 : 0));
  };
  auto scale = [&](NodeId u) {
    if (request.normalization != "symmetric")
      return 1.0;
    double deg = degree(u);
    return deg > 0 ? 1.0 / std::sqrt(deg) : 0.0;
  };
  std::vector<double> y(n * d, 0.0);
  std::vector<NodeId> inputs;
  for (NodeId v = 0; v < NodeId(n); ++v) {
    inputs.assign(graph.row(v).begin(), graph.row(v).end());
    if (request.selfLoops)
      inputs.push_back(v);
    if (inputs.empty())
      continue; // zeros
    for (int64_t k = 0; k < d; ++k) {
      double acc = request.reduction == "max"   ? -INFINITY
                   : request.reduction == "min" ? INFINITY
                                                : 0.0;
      for (NodeId u : inputs) {
        double value = double(x[int64_t(u) * d + k]) * scale(u);
        if (request.reduction == "max")
          acc = std::max(acc, value);
        else if (request.reduction == "min")
          acc = std::min(acc, value);
        else
          acc += value;
      }
      if (request.reduction == "mean" || request.normalization == "row")
        acc /= degree(v);
      else if (request.normalization == "symmetric")
        acc *= scale(v);
      y[int64_t(v) * d + k] = acc;
    }
  }
  return y;
}

/// The relative error of one element (see ResultError::relative).
static double relativeError(double got, double want) {
  if (std::isnan(got) || std::isnan(want))
    return std::isnan(got) && std::isnan(want)
               ? 0
               : std::numeric_limits<double>::infinity();
  if (std::isinf(got) || std::isinf(want))
    return got == want ? 0 : std::numeric_limits<double>::infinity();
  return std::fabs(got - want) / std::max(1.0, std::fabs(want));
}

hag::run::ResultError
hag::run::worstResultError(const float *got, const std::vector<double> &want) {
  ResultError worst;
  for (size_t i = 0; i < want.size(); ++i) {
    double error = relativeError(double(got[i]), want[i]);
    // Strictly larger: of equal errors the first is named.
    if (error > worst.relative) {
      worst.relative = error;
      worst.index = i;
      worst.got = double(got[i]);
      worst.want = want[i];
    }
  }
  return worst;
}

double hag::run::maxRelativeError(const float *got,
                                  const std::vector<double> &want) {
  return worstResultError(got, want).relative;
}

uint64_t hag::run::featureBytes(int64_t numNodes, int64_t width) {
  if (numNodes <= 0 || width <= 0)
    return 0;
  return saturatingMultiply(sizeof(float), saturatingMultiply(numNodes, width));
}

Expected<std::vector<float>> hag::run::generatedFeatures(int64_t numNodes,
                                                         int64_t width) {
  if (numNodes < 0 || width < 0)
    return Status::error("features need a node count and a width >= 0");
  if (Status s = checkMemoryNeed(std::to_string(numNodes) + " x " +
                                     std::to_string(width) + " features",
                                 featureBytes(numNodes, width));
      s.failed())
    return s;
  std::vector<float> x(numNodes * width);
  for (int64_t v = 0; v < numNodes; ++v)
    for (int64_t k = 0; k < width; ++k)
      x[v * width + k] = float((7 * v + 13 * k) % 101) - 50.0f;
  return x;
}

Expected<std::vector<float>> hag::run::readFeatures(const std::string &path,
                                                    int64_t numNodes,
                                                    int64_t width) {
  if (numNodes < 0 || width < 0)
    return Status::error("features need a node count and a width >= 0");
  // The size is checked before anything is allocated: a wrong --d must not
  // first ask for N x D floats it then finds the file does not hold.
  struct stat info;
  if (stat(path.c_str(), &info) != 0)
    return Status::error(
        path + ": cannot open the features file: " + std::strerror(errno));
  if (S_ISDIR(info.st_mode))
    return Status::error(path + ": is a directory, not a features file");
  if (!S_ISREG(info.st_mode))
    return Status::error(path + ": is not a regular file, so its size "
                                "cannot be checked against the features");
  const uint64_t expected = featureBytes(numNodes, width);
  if (uint64_t(info.st_size) != expected)
    return Status::error(
        path + ": expected " + std::to_string(numNodes) + " x " +
        std::to_string(width) + " float32 values (" +
        (expected == UINT64_MAX ? formatBytes(expected)
                                : std::to_string(expected) + " bytes") +
        "), the file has " + std::to_string(info.st_size) + " bytes");
  if (Status s =
          checkMemoryNeed(path + ": " + std::to_string(numNodes) + " x " +
                              std::to_string(width) + " features",
                          expected);
      s.failed())
    return s;
  std::FILE *file = std::fopen(path.c_str(), "rb");
  if (!file)
    return Status::error(
        path + ": cannot open the features file: " + std::strerror(errno));
  std::vector<float> x(numNodes * width);
  size_t read = std::fread(x.data(), sizeof(float), x.size(), file);
  bool more = std::fgetc(file) != EOF;
  std::fclose(file);
  // The file changed between stat and read (or a read error).
  if (read != x.size() || more)
    return Status::error(
        path + ": expected " + std::to_string(numNodes) + " x " +
        std::to_string(width) + " float32 values (" +
        std::to_string(x.size() * sizeof(float)) + " bytes), read " +
        (more ? "more" : std::to_string(read * sizeof(float)) + " bytes"));
  return x;
}
