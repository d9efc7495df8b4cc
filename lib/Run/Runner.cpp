//===- Runner.cpp - Compile and run hag aggregations in-process -----------===//
//
// Builds `func @aggregate(tensor<N x D x f32>) -> tensor<N x D x f32>` around
// one hag.aggregate over the graph as a constant, runs
// --hag-eliminate-redundancy (forced) when a HAG is asked for, lowers with
// hag-lower-to-cpu and JIT-compiles with the OpenMP runtime loaded.
//
//===----------------------------------------------------------------------===//
#include "hag/Run/Runner.h"

#include "hag/Dialect/Hag/IR/HagData.h"
#include "hag/Dialect/Hag/IR/HagDialect.h"
#include "hag/Dialect/Hag/Transforms/Passes.h"
#include "hag/Pipelines/Pipelines.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/ExecutionEngine/CRunnerUtils.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "llvm/Support/TargetSelect.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sys/stat.h>

using namespace hag;
using namespace hag::run;

namespace {
/// Where the OpenMP runtime the lowered loops call lives on these machines.
const char *kOpenMPRuntimes[] = {"/usr/lib/x86_64-linux-gnu/libomp.so.5",
                                 "/usr/lib/llvm-22/lib/libomp.so"};

std::string diagnosticsOf(const std::string &what, const std::string &text) {
  return what + (text.empty() ? std::string() : ": " + text);
}
} // namespace

struct CompiledAggregation::Impl {
  mlir::MLIRContext context;
  std::unique_ptr<mlir::ExecutionEngine> engine;
  void (*entry)(StridedMemRefType<float, 2> *,
                StridedMemRefType<float, 2> *) = nullptr;
  explicit Impl(const mlir::DialectRegistry &registry) : context(registry) {}
};

CompiledAggregation::~CompiledAggregation() = default;

Status CompiledAggregation::run(const float *features, float *result) const {
  auto describe = [&](float *data) {
    StridedMemRefType<float, 2> memref;
    memref.basePtr = memref.data = data;
    memref.offset = 0;
    memref.sizes[0] = numNodes_;
    memref.sizes[1] = width_;
    memref.strides[0] = width_;
    memref.strides[1] = 1;
    return memref;
  };
  StridedMemRefType<float, 2> in = describe(const_cast<float *>(features));
  StridedMemRefType<float, 2> out = describe(result);
  impl_->entry(&in, &out);
  return Status::success();
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
  if (request.width <= 0)
    return Status::error("feature width must be positive");
  if (Status s = graph.validate(); s.failed())
    return Status::error("invalid graph: " + s.message());

  DialectRegistry registry;
  registry.insert<mlir::hag::HagDialect>();
  registerAllDialects(registry);
  registerAllExtensions(registry);
  registerAllToLLVMIRTranslations(registry);
  auto compiled = std::unique_ptr<CompiledAggregation>(new CompiledAggregation);
  compiled->impl_ = std::make_unique<CompiledAggregation::Impl>(registry);
  MLIRContext &context = compiled->impl_->context;
  context.loadAllAvailableDialects();
  std::string diagnostics;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diagnostic) {
    if (diagnostic.getSeverity() == DiagnosticSeverity::Error)
      diagnostics += (diagnostics.empty() ? "" : "; ") + diagnostic.str();
    return success();
  });

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
  auto g = mlir::hag::createGraphConstant(b, loc, graph);
  auto aggregate = mlir::hag::AggregateOp::create(
      b, loc, rows, *reduction, g.getGraph(), features, *normalization,
      request.selfLoops, /*commutative=*/false);
  bufferization::MaterializeInDestinationOp::create(
      b, loc, /*result=*/Type(), aggregate.getResult(), body->getArgument(1),
      /*restrict=*/b.getUnitAttr(), /*writable=*/b.getUnitAttr());
  func::ReturnOp::create(b, loc);

  PassManager pm(&context);
  if (request.throughHag) {
    mlir::hag::EliminateRedundancyPassOptions options;
    options.capacity = request.capacity;
    options.threshold = request.threshold;
    options.tileNodes = request.tileNodes;
    options.force = true;
    pm.addPass(mlir::hag::createEliminateRedundancyPass(options));
  }
  mlir::hag::LowerToCpuPipelineOptions lowering;
  lowering.openmp = request.openmp;
  mlir::hag::buildLowerToCpuPipeline(pm, lowering);
  if (failed(pm.run(*module)))
    return Status::error(diagnosticsOf("lowering failed", diagnostics));

  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  std::vector<StringRef> libraries;
  for (const char *path : kOpenMPRuntimes) {
    struct stat info;
    if (::stat(path, &info) == 0) {
      libraries.push_back(path);
      break;
    }
  }
  if (request.openmp && libraries.empty())
    return Status::error("no OpenMP runtime (libomp.so.5) found for the "
                         "parallel kernel; use sequential loops");
  ExecutionEngineOptions options;
  options.sharedLibPaths = libraries;
  auto optimize = makeOptimizingTransformer(/*optLevel=*/3, /*sizeLevel=*/0,
                                            /*targetMachine=*/nullptr);
  options.transformer = optimize;
  auto engine = ExecutionEngine::create(*module, options);
  if (!engine)
    return Status::error("JIT compilation failed: " +
                         llvm::toString(engine.takeError()));
  auto symbol = (*engine)->lookup("_mlir_ciface_aggregate");
  if (!symbol)
    return Status::error("entry point missing: " +
                         llvm::toString(symbol.takeError()));
  compiled->impl_->entry =
      reinterpret_cast<decltype(compiled->impl_->entry)>(*symbol);
  compiled->impl_->engine = std::move(*engine);
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

double hag::run::maxRelativeError(const float *got,
                                  const std::vector<double> &want) {
  double worst = 0;
  for (size_t i = 0; i < want.size(); ++i)
    worst = std::max(worst, std::fabs(double(got[i]) - want[i]) /
                                std::max(1.0, std::fabs(want[i])));
  return worst;
}

std::vector<float> hag::run::generatedFeatures(int64_t numNodes,
                                               int64_t width) {
  std::vector<float> x(numNodes * width);
  for (int64_t v = 0; v < numNodes; ++v)
    for (int64_t k = 0; k < width; ++k)
      x[v * width + k] = float((7 * v + 13 * k) % 101) - 50.0f;
  return x;
}

Expected<std::vector<float>> hag::run::readFeatures(const std::string &path,
                                                    int64_t numNodes,
                                                    int64_t width) {
  std::FILE *file = std::fopen(path.c_str(), "rb");
  if (!file)
    return Status::error(path + ": cannot open the features file");
  std::vector<float> x(numNodes * width);
  size_t read = std::fread(x.data(), sizeof(float), x.size(), file);
  bool more = std::fgetc(file) != EOF;
  std::fclose(file);
  if (read != x.size() || more)
    return Status::error(
        path + ": expected " + std::to_string(numNodes) + " x " +
        std::to_string(width) + " float32 values (" +
        std::to_string(x.size() * sizeof(float)) + " bytes), the file has " +
        (more ? "more" : std::to_string(read * sizeof(float)) + " bytes"));
  return x;
}
