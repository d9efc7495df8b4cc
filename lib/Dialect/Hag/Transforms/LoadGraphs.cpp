//===- LoadGraphs.cpp - hag.graph_load -> hag.graph_constant --------------===//
//
// --hag-load-graphs: reads each named graph file with the graph library's
// readers at compile time and puts the CSR into the IR.
//
//===----------------------------------------------------------------------===//
#include "hag/Dialect/Hag/IR/HagData.h"
#include "hag/Dialect/Hag/Transforms/Passes.h"
#include "hag/Graph/GraphIO.h"

#include "mlir/IR/Builders.h"

namespace mlir {
namespace hag {
#define GEN_PASS_DEF_LOADGRAPHSPASS
#include "hag/Dialect/Hag/Transforms/Passes.h.inc"
} // namespace hag
} // namespace mlir

using namespace mlir;
using namespace mlir::hag;

namespace {
struct LoadGraphsPass
    : public mlir::hag::impl::LoadGraphsPassBase<LoadGraphsPass> {
  using Base::Base;
  void runOnOperation() override;
};
} // namespace

void LoadGraphsPass::runOnOperation() {
  SmallVector<GraphLoadOp> loads;
  getOperation().walk([&](GraphLoadOp op) { loads.push_back(op); });
  for (GraphLoadOp op : loads) {
    ::hag::ReadOptions options;
    options.format = *::hag::parseGraphFormat(op.getFormat().str());
    if (std::optional<bool> symmetrize = op.getSymmetrize())
      options.symmetrize = *symmetrize;
    options.allowSparseNodes = op.getAllowSparseNodes();
    ::hag::Expected<::hag::Csr> graph =
        ::hag::readGraph(op.getPath().str(), options);
    if (graph.failed()) {
      op.emitError() << "cannot load the graph: " << graph.message();
      return signalPassFailure();
    }
    mlir::hag::GraphType declared = op.getGraph().getType();
    if (declared.hasStaticNodeCount() &&
        declared.getNumNodes() != int64_t(graph->numNodes)) {
      op.emitError() << "declares " << declared.getNumNodes() << " nodes but "
                     << op.getPath() << " has " << graph->numNodes;
      return signalPassFailure();
    }
    OpBuilder builder(op);
    GraphConstantOp constant =
        createGraphConstant(builder, op.getLoc(), *graph);
    // Users take any graph type; a `?` count becomes the file's.
    op.getGraph().replaceAllUsesWith(constant.getGraph());
    op.erase();
  }
}
