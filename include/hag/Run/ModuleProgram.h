//===- ModuleProgram.h - Run an entry point of a user's module --*- C++ -*-===//
//
// hag-run --module: a module written by a user (hag ops with the upstream ops
// around them), JIT-compiled through hag's pipelines, or a shared library
// that `hag-lower-to-cpu` produced ahead of time; one entry point bound to a
// graph and feature buffers. docs/Tools.md, "hag-run --module", has the entry
// conventions.
//
//===----------------------------------------------------------------------===//
#ifndef HAG_RUN_MODULEPROGRAM_H
#define HAG_RUN_MODULEPROGRAM_H

#include "hag/Graph/Csr.h"
#include "hag/Graph/Status.h"

#include <cstdint>
#include <memory>
#include <string>

namespace hag {
namespace run {

/// What an entry point takes, through its C interface
/// (`_mlir_ciface_<entry>`, from `llvm.emit_c_interface`).
enum class EntryArgs {
  /// (features memref<N x D x f32>, result memref<N x D x f32>): the graph is
  /// part of the module.
  Features,
  /// (offsets memref<? x i64>, indices memref<? x i32>, features, result):
  /// the graph in CSR form at run time (row v is N(v)).
  GraphAndFeatures,
  /// (src memref<? x i64>, dst memref<? x i64>, features, result): the
  /// graph's edges at run time, as PyG's edge_index holds them: edge e is
  /// src[e] -> dst[e] (dst[e] aggregates src[e]), in the CSR's order. The
  /// two arrays may have the static length E.
  EdgesAndFeatures,
};

/// Parses "features", "graph" or "edges".
Expected<EntryArgs> parseEntryArgs(const std::string &text);

struct ModuleRequest {
  /// A .mlir or .mlirbc module (JIT-compiled), or a .so shared library.
  std::string path;
  std::string entry = "aggregate";
  EntryArgs args = EntryArgs::Features;
  /// The graph's edge count, which an EdgesAndFeatures entry's arrays of
  /// static length must have.
  int64_t numEdges = 0;
  /// JIT only: run the node loops on OpenMP threads.
  bool openmp = true;
  /// JIT only: rewrite every aggregation over a constant graph through a HAG
  /// (hag-eliminate-redundancy with force=true and these options) before
  /// lowering; otherwise the module runs as written. A shared library with
  /// it is refused (its plans were fixed when it was compiled).
  bool throughHag = false;
  std::string capacity = "0.25";
  unsigned threshold = 3;
  /// 0: the pass's target default (hag::defaultMaxInputs).
  unsigned maxInputs = 0;
  std::string tileNodes = "auto";
};

class ModuleProgram {
public:
  ~ModuleProgram();
  /// Runs the entry point over `graph` (used only by GraphAndFeatures and
  /// EdgesAndFeatures entries) with numNodes x width float rows. An
  /// EdgesAndFeatures entry gets edge arrays built from `graph` at its first
  /// run and reused while the same Csr (the same object and index array)
  /// is passed: a graph changed in place must be passed as a new Csr.
  Status run(const Csr &graph, const float *features, float *result) const;
  /// Seconds spent parsing, lowering and JIT-compiling, or loading.
  double loadSeconds() const { return loadSeconds_; }

private:
  friend Expected<std::unique_ptr<ModuleProgram>>
  loadModuleProgram(const ModuleRequest &, int64_t, int64_t);
  ModuleProgram() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
  int64_t numNodes_ = 0;
  int64_t width_ = 0;
  double loadSeconds_ = 0;
};

/// Compiles or loads `request.path` and binds its entry point to rows of
/// `numNodes` x `width` floats. Errors name the file and what was wrong: an
/// unknown entry point (with the ones the module defines), a signature that
/// is not the one `request.args` says, static sizes that differ from the
/// graph's node count or the width, a module that does not parse or lower.
Expected<std::unique_ptr<ModuleProgram>>
loadModuleProgram(const ModuleRequest &request, int64_t numNodes,
                  int64_t width);

} // namespace run
} // namespace hag

#endif // HAG_RUN_MODULEPROGRAM_H
