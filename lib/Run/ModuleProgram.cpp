//===- ModuleProgram.cpp - Run an entry point of a user's module ----------===//
//
// A .mlir/.mlirbc module goes through hag-load-graphs and canonicalization
// (so hag.graph_load and hag.build_plan of constant graphs are resolved),
// optionally a forced hag-eliminate-redundancy, then hag-lower-to-cpu, and is
// JIT-compiled; a .so is dlopen'ed with the OpenMP runtime loaded first. Both
// end in the entry's C interface, called with memref descriptors over the
// caller's buffers.
//
//===----------------------------------------------------------------------===//
#include "hag/Run/ModuleProgram.h"
#include "hag/Runtime/PlanRuntime.h"

#include "JitSupport.h"

#include "hag/Dialect/Hag/IR/HagDialect.h"
#include "hag/Dialect/Hag/Transforms/Passes.h"
#include "hag/Pipelines/Pipelines.h"

#include "mlir/AsmParser/AsmParser.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/ExecutionEngine/CRunnerUtils.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"

#include <cerrno>
#include <chrono>
#include <dlfcn.h>
#include <sys/stat.h>

using namespace hag;
using namespace hag::run;

Expected<EntryArgs> run::parseEntryArgs(const std::string &text) {
  if (text == "features")
    return EntryArgs::Features;
  if (text == "graph")
    return EntryArgs::GraphAndFeatures;
  if (text == "edges")
    return EntryArgs::EdgesAndFeatures;
  return Status::error("entry arguments must be 'features' (x, y), 'graph' "
                       "(offsets, indices, x, y) or 'edges' (src, dst, x, "
                       "y), not '" +
                       text + "'");
}

namespace {
using FeaturesEntry = void (*)(StridedMemRefType<float, 2> *,
                               StridedMemRefType<float, 2> *);
using GraphEntry = void (*)(StridedMemRefType<int64_t, 1> *,
                            StridedMemRefType<int32_t, 1> *,
                            StridedMemRefType<float, 2> *,
                            StridedMemRefType<float, 2> *);
using EdgesEntry = void (*)(StridedMemRefType<int64_t, 1> *,
                            StridedMemRefType<int64_t, 1> *,
                            StridedMemRefType<float, 2> *,
                            StridedMemRefType<float, 2> *);

const char *entryArgsName(EntryArgs args) {
  switch (args) {
  case EntryArgs::Features:
    return "features";
  case EntryArgs::GraphAndFeatures:
    return "graph";
  case EntryArgs::EdgesAndFeatures:
    return "edges";
  }
  return "features";
}

bool endsWith(const std::string &text, const std::string &suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string typeText(mlir::Type type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  type.print(os);
  return text;
}

/// Checks `func`'s signature against `args` and the sizes; the message says
/// what the entry should look like.
Status checkSignature(mlir::FunctionType type, llvm::StringRef entry,
                      EntryArgs args, int64_t numNodes, int64_t width,
                      int64_t numEdges, int64_t &staticEdges) {
  staticEdges = -1;
  std::string name = "@" + entry.str();
  size_t expected = args == EntryArgs::Features ? 2 : 4;
  std::string shape;
  switch (args) {
  case EntryArgs::Features:
    shape = "(memref<N x D x f32>, memref<N x D x f32>) -> ()";
    break;
  case EntryArgs::GraphAndFeatures:
    shape = "(memref<?xi64>, memref<?xi32>, memref<N x D x f32>, memref<N x D "
            "x f32>) -> ()";
    break;
  case EntryArgs::EdgesAndFeatures:
    shape = "(memref<?xi64>, memref<?xi64>, memref<N x D x f32>, memref<N x D "
            "x f32>) -> ()";
    break;
  }
  if (type.getNumInputs() != expected || type.getNumResults() != 0)
    return Status::error(name + " has type " + typeText(type) +
                         "; --entry-args=" + entryArgsName(args) + " needs " +
                         shape);
  auto isIdentityMemRef = [](mlir::Type t, int64_t rank, mlir::Type element) {
    auto memref = llvm::dyn_cast<mlir::MemRefType>(t);
    return memref && memref.getRank() == rank &&
           memref.getElementType() == element &&
           memref.getLayout().isIdentity();
  };
  mlir::Builder b(type.getContext());
  size_t first = 0;
  if (args == EntryArgs::GraphAndFeatures) {
    if (!isIdentityMemRef(type.getInput(0), 1, b.getI64Type()) ||
        !isIdentityMemRef(type.getInput(1), 1, b.getI32Type()))
      return Status::error(name + " has type " + typeText(type) +
                           "; the graph arguments must be " + shape);
    first = 2;
  }
  if (args == EntryArgs::EdgesAndFeatures) {
    for (unsigned i = 0; i < 2; ++i) {
      if (!isIdentityMemRef(type.getInput(i), 1, b.getI64Type()))
        return Status::error(name + " has type " + typeText(type) +
                             "; the edge arguments must be " + shape);
      int64_t length =
          llvm::cast<mlir::MemRefType>(type.getInput(i)).getDimSize(0);
      if (!mlir::ShapedType::isDynamic(length) && length != numEdges)
        return Status::error(name + " argument " + std::to_string(i) + " is " +
                             typeText(type.getInput(i)) +
                             " but the graph has " + std::to_string(numEdges) +
                             " edges");
      if (!mlir::ShapedType::isDynamic(length))
        staticEdges = length;
    }
    first = 2;
  }
  for (size_t i = first; i < expected; ++i) {
    if (!isIdentityMemRef(type.getInput(i), 2, b.getF32Type()))
      return Status::error(name + " argument " + std::to_string(i) + " is " +
                           typeText(type.getInput(i)) +
                           "; feature and result rows are " + shape);
    auto memref = llvm::cast<mlir::MemRefType>(type.getInput(i));
    int64_t rows = memref.getDimSize(0), cols = memref.getDimSize(1);
    if ((!mlir::ShapedType::isDynamic(rows) && rows != numNodes) ||
        (!mlir::ShapedType::isDynamic(cols) && cols != width))
      return Status::error(name + " argument " + std::to_string(i) + " is " +
                           typeText(memref) + " but the graph has " +
                           std::to_string(numNodes) +
                           " nodes and the width is " + std::to_string(width));
  }
  return Status::success();
}
/// The node count of a graph or plan type, if static.
std::optional<int64_t> staticNodeCount(mlir::Type type) {
  int64_t n = mlir::ShapedType::kDynamic;
  if (auto graph = llvm::dyn_cast<mlir::hag::GraphType>(type))
    n = graph.getNumNodes();
  else if (auto plan = llvm::dyn_cast<mlir::hag::PlanType>(type))
    n = plan.getNumNodes();
  if (mlir::ShapedType::isDynamic(n))
    return std::nullopt;
  return n;
}

/// The type of the graph or plan `aggregation` (hag.aggregate or
/// hag.plan_aggregate) aggregates over, and its features, if it is one.
std::optional<std::pair<mlir::Type, mlir::Value>>
aggregationOperands(mlir::Operation *aggregation) {
  if (auto aggregate = llvm::dyn_cast<mlir::hag::AggregateOp>(aggregation))
    return std::make_pair(aggregate.getGraph().getType(),
                          aggregate.getFeatures());
  if (auto plan = llvm::dyn_cast<mlir::hag::PlanAggregateOp>(aggregation))
    return std::make_pair(plan.getPlan().getType(), plan.getFeatures());
  return std::nullopt;
}

/// After hag-load-graphs: an aggregation in `func` over the entry's own
/// feature argument (`featuresArg`, as a tensor) aggregates those rows, one
/// per node of the graph given; a static graph or plan of another node count
/// would read and write them out of bounds (the kernel would abort on its
/// run-time check), so it is refused here with the op's location.
/// Aggregations over other rows, and those in functions the entry calls, are
/// left to the kernel's check.
Status checkGraphSizes(const std::string &path, mlir::func::FuncOp func,
                       unsigned featuresArg, int64_t numNodes) {
  mlir::Value entryFeatures = func.getArgument(featuresArg);
  Status status = Status::success();
  func.walk([&](mlir::Operation *op) {
    auto operands = aggregationOperands(op);
    if (!operands)
      return mlir::WalkResult::advance();
    auto [graphType, features] = *operands;
    auto toTensor = features.getDefiningOp<mlir::bufferization::ToTensorOp>();
    std::optional<int64_t> nodes = staticNodeCount(graphType);
    if (!toTensor || toTensor.getBuffer() != entryFeatures || !nodes ||
        *nodes == numNodes)
      return mlir::WalkResult::advance();
    std::string where = path + ": ";
    if (auto file = op->getLoc()->findInstanceOf<mlir::FileLineColLoc>())
      where = path + ":" + std::to_string(file.getLine()) + ":" +
              std::to_string(file.getColumn()) + ": ";
    status = Status::error(
        where + op->getName().getStringRef().str() + " in @" +
        func.getSymName().str() + " aggregates over a graph of " +
        std::to_string(*nodes) + " nodes, but the graph given has " +
        std::to_string(numNodes) + " (as many as its feature rows)");
    return mlir::WalkResult::interrupt();
  });
  return status;
}
} // namespace

struct ModuleProgram::Impl {
  std::unique_ptr<mlir::MLIRContext> context;
  std::unique_ptr<mlir::ExecutionEngine> engine;
  void *library = nullptr;
  void *entry = nullptr;
  EntryArgs args = EntryArgs::Features;
  /// EdgesAndFeatures: the edge count the entry's arrays have statically,
  /// or -1; run() refuses a graph of another count, which the entry would
  /// read out of bounds.
  int64_t staticEdges = -1;
  /// EdgesAndFeatures: the edge arrays of the graph `edgesOf` (by address
  /// and arrays; ModuleProgram::run), built at its first run in the CSR's
  /// order (by destination).
  const Csr *edgesOf = nullptr;
  const void *edgesOfIndices = nullptr;
  std::vector<int64_t> sources, destinations;
  ~Impl() {
    engine.reset();
    if (library)
      ::dlclose(library);
  }
};

ModuleProgram::~ModuleProgram() = default;

/// A plan the entry built at run time (hag.build_plan) may have failed: the
/// plan runtime recorded why, and the result is not to be trusted.
static Status planRuntimeStatus() {
  if (const char *error = hagPlanTakeError())
    return Status::error(error);
  return Status::success();
}

Status ModuleProgram::run(const Csr &graph, const float *features,
                          float *result) const {
  StridedMemRefType<float, 2> x = run::detail::describeRows(
      const_cast<float *>(features), numNodes_, width_);
  StridedMemRefType<float, 2> y =
      run::detail::describeRows(result, numNodes_, width_);
  if (impl_->args == EntryArgs::Features) {
    reinterpret_cast<FeaturesEntry>(impl_->entry)(&x, &y);
    return planRuntimeStatus();
  }
  if (int64_t(graph.numNodes) != numNodes_)
    return Status::error("the graph has " + std::to_string(graph.numNodes) +
                         " nodes, the program was bound to " +
                         std::to_string(numNodes_));
  if (impl_->args == EntryArgs::EdgesAndFeatures) {
    if (impl_->staticEdges >= 0 &&
        int64_t(graph.indices.size()) != impl_->staticEdges)
      return Status::error("the graph has " +
                           std::to_string(graph.indices.size()) +
                           " edges, the entry's arrays hold " +
                           std::to_string(impl_->staticEdges));
    if (impl_->edgesOf != &graph ||
        impl_->edgesOfIndices != graph.indices.data() ||
        impl_->sources.size() != graph.indices.size()) {
      impl_->sources.assign(graph.indices.begin(), graph.indices.end());
      impl_->destinations.clear();
      impl_->destinations.reserve(graph.indices.size());
      for (NodeId v = 0; v < graph.numNodes; ++v)
        impl_->destinations.insert(impl_->destinations.end(), graph.degree(v),
                                   int64_t(v));
      impl_->edgesOf = &graph;
      impl_->edgesOfIndices = graph.indices.data();
    }
    auto sources = run::detail::describeVector(impl_->sources.data(),
                                               int64_t(impl_->sources.size()));
    auto destinations = run::detail::describeVector(
        impl_->destinations.data(), int64_t(impl_->destinations.size()));
    reinterpret_cast<EdgesEntry>(impl_->entry)(&sources, &destinations, &x, &y);
    return planRuntimeStatus();
  }
  // The entry reads offsets as i64 and indices as i32: our CSR's types,
  // with node ids that must fit a signed i32.
  if (graph.numNodes > NodeId(INT32_MAX))
    return Status::error("the graph has more nodes than memref<?xi32> "
                         "indices can name");
  auto offsets = run::detail::describeVector(
      reinterpret_cast<const int64_t *>(graph.offsets.data()),
      int64_t(graph.offsets.size()));
  auto indices = run::detail::describeVector(
      reinterpret_cast<const int32_t *>(graph.indices.data()),
      int64_t(graph.indices.size()));
  reinterpret_cast<GraphEntry>(impl_->entry)(&offsets, &indices, &x, &y);
  return planRuntimeStatus();
}

namespace {
/// dlopen's a shared library the pipeline produced, with the OpenMP runtime
/// and MLIR's C runner utilities loaded globally first (its kernels call
/// __kmpc_* and may call memrefCopy).
Status loadLibrary(const ModuleRequest &request, int64_t numNodes,
                   int64_t width, void *&library, void *&entry,
                   int64_t &staticEdges) {
  std::string runtime = run::detail::openmpRuntimePath();
  if (!runtime.empty() && !::dlopen(runtime.c_str(), RTLD_NOW | RTLD_GLOBAL))
    return Status::error(runtime + ": cannot load: " + ::dlerror());
  // MLIR's C runner utilities too (strided copies call memrefCopy), as the
  // JIT gets them.
  if (!::dlopen(HAG_C_RUNNER_UTILS, RTLD_NOW | RTLD_GLOBAL))
    return Status::error(std::string(HAG_C_RUNNER_UTILS) +
                         ": cannot load: " + ::dlerror());
  // A bare file name would make dlopen search the library path instead.
  std::string path = request.path.find('/') == std::string::npos
                         ? "./" + request.path
                         : request.path;
  library = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!library)
    return Status::error(request.path + ": cannot load: " + ::dlerror());
  std::string symbol = "_mlir_ciface_" + request.entry;
  entry = ::dlsym(library, symbol.c_str());
  if (!entry)
    return Status::error(request.path + ": no entry point '" + request.entry +
                         "' (symbol " + symbol +
                         "; was the function marked llvm.emit_c_interface?)");
  // The entry's type, as hag-export-entry-signatures recorded it: calling
  // it with other buffers than it takes would crash, not fail.
  std::string signatureSymbol =
      mlir::hag::kEntrySignaturePrefix + request.entry;
  const char *signature =
      static_cast<const char *>(::dlsym(library, signatureSymbol.c_str()));
  if (!signature)
    return Status::error(
        request.path + ": '" + request.entry +
        "' has no recorded signature (symbol " + signatureSymbol +
        "), so the buffers passed to it cannot be checked; compile the "
        "library with hag-lower-to-cpu, which records it");
  mlir::MLIRContext context;
  run::detail::ErrorCollector errors(&context, /*withLocations=*/false);
  auto type = llvm::dyn_cast_or_null<mlir::FunctionType>(
      mlir::parseType(signature, &context));
  if (!type)
    return Status::error(request.path + ": " + signatureSymbol + " is '" +
                         signature +
                         "', which hag-run cannot read as a function of "
                         "memrefs" +
                         (errors.text().empty() ? "" : ": " + errors.text()));
  if (Status s = checkSignature(type, request.entry, request.args, numNodes,
                                width, request.numEdges, staticEdges);
      s.failed())
    return Status::error(request.path + ": " + s.message());
  return Status::success();
}
} // namespace

Expected<std::unique_ptr<ModuleProgram>>
run::loadModuleProgram(const ModuleRequest &request, int64_t numNodes,
                       int64_t width) {
  auto start = std::chrono::steady_clock::now();
  if (width <= 0)
    return Status::error("feature width must be positive");
  auto program = std::unique_ptr<ModuleProgram>(new ModuleProgram);
  program->impl_ = std::make_unique<ModuleProgram::Impl>();
  ModuleProgram::Impl &impl = *program->impl_;
  impl.args = request.args;
  program->numNodes_ = numNodes;
  program->width_ = width;

  // A library cannot go through a HAG, whatever is at the path.
  if (endsWith(request.path, ".so") && request.throughHag)
    return Status::error(request.path +
                         ": a HAG needs a .mlir or .mlirbc module; this "
                         "one was compiled ahead of time, with whatever "
                         "plans its pipeline gave it");
  // Named here: the parser's own message for these is "could not open input
  // file", without the reason.
  struct stat info;
  if (::stat(request.path.c_str(), &info) != 0)
    return Status::error(request.path + ": " + errnoReason(errno));
  if (S_ISDIR(info.st_mode))
    return Status::error(request.path + ": is a directory, not a module "
                                        "(.mlir, .mlirbc or .so)");
  // A module is read whole: a device (/dev/zero) would be read until memory
  // runs out. A pipe ends.
  if (!S_ISREG(info.st_mode) && !S_ISFIFO(info.st_mode))
    return Status::error(request.path + ": is a device, not a module file");
  if (endsWith(request.path, ".so")) {
    if (Status s = loadLibrary(request, numNodes, width, impl.library,
                               impl.entry, impl.staticEdges);
        s.failed())
      return s;
  } else {
    impl.context =
        std::make_unique<mlir::MLIRContext>(run::detail::fullRegistry());
    mlir::MLIRContext &context = *impl.context;
    context.loadAllAvailableDialects();
    run::detail::ErrorCollector errors(&context, /*withLocations=*/true);
    mlir::OwningOpRef<mlir::ModuleOp> module =
        mlir::parseSourceFile<mlir::ModuleOp>(request.path, &context);
    if (!module)
      return Status::error(request.path + ": cannot parse: " +
                           (errors.text().empty() ? "no such file or no module"
                                                  : errors.text()));
    auto func = module->lookupSymbol<mlir::func::FuncOp>(request.entry);
    if (!func || func.isExternal()) {
      std::string names;
      module->walk([&](mlir::func::FuncOp f) {
        if (!f.isExternal())
          names += (names.empty() ? "@" : ", @") + f.getSymName().str();
      });
      return Status::error(request.path + ": no entry point '@" +
                           request.entry + "'; the module defines " +
                           (names.empty() ? "no functions" : names));
    }
    if (Status s = checkSignature(func.getFunctionType(), func.getSymName(),
                                  request.args, numNodes, width,
                                  request.numEdges, impl.staticEdges);
        s.failed())
      return Status::error(request.path + ": " + s.message());
    func->setAttr("llvm.emit_c_interface", mlir::UnitAttr::get(&context));

    mlir::PassManager load(&context);
    load.addPass(mlir::hag::createLoadGraphsPass());
    load.addPass(mlir::createCanonicalizerPass());
    if (mlir::failed(load.run(*module)))
      return Status::error(request.path + ": " + errors.text());
    if (Status s = checkGraphSizes(
            request.path, func,
            request.args == EntryArgs::Features ? /*features*/ 0 : 2, numNodes);
        s.failed())
      return s;

    mlir::PassManager pm(&context);
    if (request.throughHag) {
      mlir::hag::EliminateRedundancyPassOptions options;
      options.capacity = request.capacity;
      options.threshold = request.threshold;
      options.maxInputs = request.maxInputs;
      options.tileNodes = request.tileNodes;
      options.force = true;
      // Entries given the graph at run time search it then.
      options.runtimeGraphs = "plan";
      pm.addPass(mlir::hag::createEliminateRedundancyPass(options));
    }
    mlir::hag::LowerToCpuPipelineOptions lowering;
    lowering.openmp = request.openmp;
    // No kernel options: the defaults cannot fail.
    (void)mlir::hag::buildLowerToCpuPipeline(
        pm, lowering, [](const llvm::Twine &) { return mlir::failure(); });
    if (mlir::failed(pm.run(*module)))
      return Status::error(request.path +
                           ": lowering failed: " + errors.text());
    Expected<void *> entry = run::detail::jitCompileEntry(
        *module, request.openmp, request.entry, impl.engine);
    if (entry.failed())
      return Status::error(request.path + ": " + entry.message());
    impl.entry = *entry;
  }
  program->loadSeconds_ =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  return program;
}
