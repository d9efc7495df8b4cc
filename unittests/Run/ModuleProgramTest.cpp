//===- ModuleProgramTest.cpp - The C++ API that runs a user's module -----===//
//
// loadModuleProgram and ModuleProgram::run as a program embedding the
// compiler calls them: a module written to a file, JIT-compiled through
// hag-lower-to-cpu, run over graphs built here, its numbers checked by hand.
//
//===----------------------------------------------------------------------===//
#include "hag/Run/ModuleProgram.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

using namespace hag;

namespace {

/// A sum aggregation over a graph's edges given as arrays of three entries
/// (hag-run --entry-args=edges), rows of 4 floats.
constexpr const char *kEdgesModule = R"mlir(
func.func @sum_edges(%srcm: memref<3xi64>, %dstm: memref<3xi64>,
                     %xm: memref<?x4xf32>, %ym: memref<?x4xf32>) {
  %src = bufferization.to_tensor %srcm restrict : memref<3xi64> to tensor<3xi64>
  %dst = bufferization.to_tensor %dstm restrict : memref<3xi64> to tensor<3xi64>
  %x = bufferization.to_tensor %xm restrict : memref<?x4xf32> to tensor<?x4xf32>
  %c3 = arith.constant 3 : index
  %g = hag.graph_from_edges %src, %dst nodes(%c3) : tensor<3xi64>, tensor<3xi64> -> !hag.graph<3>
  %y = hag.aggregate sum %g, %x : !hag.graph<3>, tensor<?x4xf32> -> tensor<?x4xf32>
  bufferization.materialize_in_destination %y in restrict writable %ym
      : (tensor<?x4xf32>, memref<?x4xf32>) -> ()
  return
}
)mlir";

/// `text` in a temporary .mlir file, removed with the object.
class TempModule {
public:
  explicit TempModule(const char *text) {
    char name[] = "/tmp/hag-run-test-XXXXXX.mlir";
    int fd = ::mkstemps(name, 5);
    EXPECT_GE(fd, 0);
    ::close(fd);
    path_ = name;
    std::ofstream(path_) << text;
  }
  ~TempModule() { std::remove(path_.c_str()); }
  const std::string &path() const { return path_; }

private:
  std::string path_;
};

/// A graph of 3 nodes from its rows (row v lists v's inputs).
Csr graphOfRows(const std::vector<std::vector<NodeId>> &rows) {
  Csr graph;
  graph.numNodes = NodeId(rows.size());
  for (const std::vector<NodeId> &row : rows) {
    graph.indices.insert(graph.indices.end(), row.begin(), row.end());
    graph.offsets.push_back(graph.indices.size());
  }
  return graph;
}

/// Features: row v is [v + 1, 10 (v + 1), 100 (v + 1), -(v + 1)].
std::vector<float> features() {
  std::vector<float> x;
  for (int v = 0; v < 3; ++v)
    for (float scale : {1.0f, 10.0f, 100.0f, -1.0f})
      x.push_back(scale * float(v + 1));
  return x;
}

std::unique_ptr<run::ModuleProgram> loadEdges(const TempModule &module,
                                              int64_t numEdges) {
  run::ModuleRequest request;
  request.path = module.path();
  request.entry = "sum_edges";
  request.args = run::EntryArgs::EdgesAndFeatures;
  request.numEdges = numEdges;
  Expected<std::unique_ptr<run::ModuleProgram>> program =
      run::loadModuleProgram(request, /*numNodes=*/3, /*width=*/4);
  EXPECT_TRUE(program.ok()) << program.message();
  return program.ok() ? program.take() : nullptr;
}

TEST(ModuleProgram, EdgesEntryAggregatesTheGraphPassed) {
  TempModule module(kEdgesModule);
  std::unique_ptr<run::ModuleProgram> program = loadEdges(module, 3);
  ASSERT_TRUE(program);
  std::vector<float> x = features(), y(12, -7.0f);
  // N(0) = {1, 2}, N(1) = {0}, N(2) = {}.
  Csr first = graphOfRows({{1, 2}, {0}, {}});
  Status status = program->run(first, x.data(), y.data());
  ASSERT_FALSE(status.failed()) << status.message();
  EXPECT_EQ(y,
            (std::vector<float>{5, 50, 500, -5, 1, 10, 100, -1, 0, 0, 0, 0}));
  // Another graph of as many edges, as a new Csr: its own edges are passed.
  // N(0) = {}, N(1) = {2}, N(2) = {0, 1}.
  Csr second = graphOfRows({{}, {2}, {0, 1}});
  status = program->run(second, x.data(), y.data());
  ASSERT_FALSE(status.failed()) << status.message();
  EXPECT_EQ(y,
            (std::vector<float>{0, 0, 0, 0, 3, 30, 300, -3, 3, 30, 300, -3}));
}

TEST(ModuleProgram, EdgesEntryRefusesAnotherEdgeCount) {
  TempModule module(kEdgesModule);
  // Arrays of 3 entries against a graph of 2 edges: refused when loading...
  run::ModuleRequest request;
  request.path = module.path();
  request.entry = "sum_edges";
  request.args = run::EntryArgs::EdgesAndFeatures;
  request.numEdges = 2;
  Expected<std::unique_ptr<run::ModuleProgram>> refused =
      run::loadModuleProgram(request, 3, 4);
  ASSERT_TRUE(refused.failed());
  EXPECT_NE(refused.message().find(
                "@sum_edges argument 0 is memref<3xi64> but the graph has 2 "
                "edges"),
            std::string::npos)
      << refused.message();
  // ... and when run: the entry would read the arrays out of bounds.
  std::unique_ptr<run::ModuleProgram> program = loadEdges(module, 3);
  ASSERT_TRUE(program);
  std::vector<float> x = features(), y(12, 0.0f);
  Csr twoEdges = graphOfRows({{1}, {0}, {}});
  Status status = program->run(twoEdges, x.data(), y.data());
  ASSERT_TRUE(status.failed());
  EXPECT_EQ(status.message(),
            "the graph has 2 edges, the entry's arrays hold 3");
}

TEST(ModuleProgram, RefusesAnotherNodeCount) {
  TempModule module(kEdgesModule);
  std::unique_ptr<run::ModuleProgram> program = loadEdges(module, 3);
  ASSERT_TRUE(program);
  std::vector<float> x(16, 1.0f), y(16, 0.0f);
  Csr fourNodes = graphOfRows({{1}, {0}, {3}, {}});
  Status status = program->run(fourNodes, x.data(), y.data());
  ASSERT_TRUE(status.failed());
  EXPECT_EQ(status.message(),
            "the graph has 4 nodes, the program was bound to 3");
}

} // namespace
