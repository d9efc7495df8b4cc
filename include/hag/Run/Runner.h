//===- Runner.h - Compile and run hag aggregations in-process ---*- C++ -*-===//
//
// The C++ API behind hag-run for programs that embed the compiler: build the
// IR of one aggregation over a graph, optionally through a HAG, lower it with
// hag-lower-to-cpu, JIT-compile it with mlir::ExecutionEngine, run it on
// feature rows, and compare with a double-precision reference. The same
// interface runs upstream MLIR's sparsifier on the aggregation written as a
// CSR matrix product, the compiler peer hag-bench measures hag against.
//
//===----------------------------------------------------------------------===//
#ifndef HAG_RUN_RUNNER_H
#define HAG_RUN_RUNNER_H

#include "hag/Graph/Csr.h"
#include "hag/Graph/Status.h"
#include "hag/Search/HagSearch.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace hag {
namespace run {

/// What to aggregate and how to compile it.
struct AggregationRequest {
  /// sum, mean, max or min.
  std::string reduction = "sum";
  /// none, row or symmetric (sum only).
  std::string normalization = "none";
  bool selfLoops = false;
  /// Feature width D (rows are N x D float32, row-major).
  int64_t width = 64;
  /// Aggregate through a HAG: the search runs at compile time and the plan
  /// is embedded (forced, whatever the cost model predicts).
  bool throughHag = false;
  /// Search options when throughHag (as hag-search spells them).
  std::string capacity = "0.25";
  unsigned threshold = 3;
  /// Most inputs of one aggregation node (hag-search --max-inputs), 0 for
  /// the target's default (hag::defaultMaxInputs); the compiled plan keeps
  /// such nodes on the CPU and holds their two-input form (hag::binarize)
  /// for the GPU (hag::kernelForm).
  unsigned maxInputs = 0;
  /// Tile size of the plan: "auto" (hag::defaultTileNodes for the CPU), or
  /// a node count, 0 for one HAG run level by level.
  std::string tileNodes = "auto";
  /// A HAG the caller already searched for this graph (throughHag): embedded
  /// as it is, so the search does not run twice. Must outlive the call.
  const Hag *plan = nullptr;
  /// Run the node loops on OpenMP threads.
  bool openmp = true;
  /// Where the kernel runs: "cpu" (hag-lower-to-cpu); "cuda"
  /// (hag-lower-to-cuda, JIT-compiled, run through hag's CUDA runtime on
  /// device 0; run() copies the features in and the result out); or
  /// "cuda-emulation":
  /// the GPU kernels of hag-lower-to-cuda run as host loops
  /// (convert-hag-to-gpu emulate=true, then hag-lower-to-cpu), which checks
  /// their logic on machines without a GPU. Plans for the cuda kernels are
  /// searched with the cuda defaults (tile-nodes auto = 0).
  std::string target = "cpu";
  /// Options of convert-hag-to-gpu for the cuda targets, as that pass
  /// spells them (e.g. "hub-edges=8").
  std::string cudaKernelOptions;
};

/// One compiled aggregation kernel; owns its MLIR context and JIT.
class CompiledAggregation {
public:
  ~CompiledAggregation();
  /// Runs the kernel: `features` and `result` hold numNodes x width floats.
  Status run(const float *features, float *result) const;
  int64_t numNodes() const { return numNodes_; }
  int64_t width() const { return width_; }
  /// Seconds spent building, lowering and JIT-compiling.
  double compileSeconds() const { return compileSeconds_; }

private:
  friend Expected<std::unique_ptr<CompiledAggregation>>
  compileAggregation(const Csr &graph, const AggregationRequest &request);
  friend Expected<std::unique_ptr<CompiledAggregation>>
  compileSparsifierAggregation(const Csr &graph,
                               const AggregationRequest &request);
  struct Impl;
  std::unique_ptr<Impl> impl_;
  int64_t numNodes_ = 0, width_ = 0;
  double compileSeconds_ = 0;
};

/// Searches the HAG `request` asks for (set class; its capacity, threshold,
/// max inputs and tile size for the CPU), as hag-eliminate-redundancy
/// would, in the two-input form the kernels run. Callers
/// that compile several kernels of one graph search once and pass the plan.
Expected<SearchResult> searchPlan(const Csr &graph,
                                  const AggregationRequest &request);

/// Builds, lowers and JIT-compiles the aggregation of `request` over `graph`
/// (through request.plan, or a plan searched now, when throughHag). Errors
/// (bad request, search, lowering or JIT failure) name what failed.
Expected<std::unique_ptr<CompiledAggregation>>
compileAggregation(const Csr &graph, const AggregationRequest &request);

/// Builds the sum aggregation as a user of upstream MLIR would write it,
/// `linalg.matmul` of the adjacency A (A(v, u) = 1 for u in N(v)) as a
/// `#sparse_tensor.encoding` CSR tensor with the features, lowers it with
/// the sparsifier pipeline (direct code, OpenMP outer loop when
/// request.openmp, vector length 16) and JIT-compiles it. The kernel
/// assembles A on every run from the graph's CSR arrays, which it keeps and
/// passes as run-time buffers (not constants). Only a plain sum is a matrix
/// product: other reductions, normalization, self loops and HAGs are errors.
Expected<std::unique_ptr<CompiledAggregation>>
compileSparsifierAggregation(const Csr &graph,
                             const AggregationRequest &request);

/// The aggregation of docs/HagSpec.md computed directly in double precision
/// (the reference `--check` compares with).
std::vector<double> referenceAggregation(const Csr &graph,
                                         const AggregationRequest &request,
                                         const float *features);

/// The element of a result furthest from the reference.
struct ResultError {
  /// |got - want| / max(1, |want|); infinite where one side is NaN and the
  /// other is not, or one is infinite and the other is not the same
  /// infinity (a NaN must not compare its way to an error of 0).
  double relative = 0;
  /// Where (row-major index), and the two values there.
  size_t index = 0;
  double got = 0;
  double want = 0;
};
ResultError worstResultError(const float *got, const std::vector<double> &want);
/// worstResultError's relative error.
double maxRelativeError(const float *got, const std::vector<double> &want);

/// Bytes of numNodes x width float32 rows, saturated at UINT64_MAX
/// (hag/Graph/Memory.h); 0 for a negative count.
uint64_t featureBytes(int64_t numNodes, int64_t width);

/// Deterministic feature rows: f(v, d) = ((7v + 13d) mod 101) - 50, as in
/// the integration tests. Fails, before allocating, on rows larger than
/// physical memory.
Expected<std::vector<float>> generatedFeatures(int64_t numNodes, int64_t width);

/// Reads numNodes x width float32 values (raw, row-major, little-endian)
/// from `path`, a regular file whose size is checked before anything is
/// allocated; the error names the file and the size mismatch, or says it
/// is a directory or not a regular file.
Expected<std::vector<float>> readFeatures(const std::string &path,
                                          int64_t numNodes, int64_t width);

} // namespace run
} // namespace hag

#endif // HAG_RUN_RUNNER_H
