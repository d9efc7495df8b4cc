//===- PrintCost.cpp - Print the cost model's predictions -----------------===//
//
// --hag-print-cost: a report of the CostModel analysis, as text or as one
// JSON object, on standard output. Changes no IR.
//
//===----------------------------------------------------------------------===//
#include "hag/Analysis/CostModel.h"
#include "hag/Dialect/Hag/Transforms/Passes.h"
#include "hag/Search/Calibration.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

namespace mlir {
namespace hag {
#define GEN_PASS_DEF_PRINTCOSTPASS
#include "hag/Dialect/Hag/Transforms/Passes.h.inc"
} // namespace hag
} // namespace mlir

using namespace mlir;
using namespace mlir::hag;

namespace {
struct PrintCostPass
    : public mlir::hag::impl::PrintCostPassBase<PrintCostPass> {
  using Base::Base;
  void runOnOperation() override;
};

/// "file:line:col" of an op, or "unknown".
std::string locationText(Operation *op) {
  std::string text;
  llvm::raw_string_ostream os(text);
  if (auto file = dyn_cast<FileLineColLoc>(op->getLoc()))
    os << file.getFilename().getValue() << ":" << file.getLine() << ":"
       << file.getColumn();
  else
    op->getLoc().print(os);
  return text;
}
} // namespace

void PrintCostPass::runOnOperation() {
  std::optional<::hag::CostTarget> costTarget = ::hag::parseCostTarget(target);
  if (!costTarget) {
    getOperation().emitError()
        << "hag-print-cost: unknown target '" << target << "' (cpu or cuda)";
    return signalPassFailure();
  }
  if (format != "text" && format != "json") {
    getOperation().emitError()
        << "hag-print-cost: unknown format '" << format << "' (text or json)";
    return signalPassFailure();
  }
  ::hag::Expected<::hag::CostCoefficients> coefficientValues =
      ::hag::coefficientsFor(coefficients, *costTarget);
  if (coefficientValues.failed()) {
    getOperation().emitError()
        << "hag-print-cost: " << coefficientValues.message();
    return signalPassFailure();
  }
  CostModel model(getOperation(), *costTarget, *coefficientValues);
  llvm::raw_ostream &os = llvm::outs();
  if (format == "json") {
    llvm::json::OStream json(os);
    json.object([&] {
      json.attribute("target", target);
      json.attributeArray("aggregations", [&] {
        for (const auto &[op, cost] : model.costs()) {
          const ::hag::HagMetrics &m = cost.metrics;
          json.object([&] {
            json.attribute("op", op->getName().getStringRef());
            json.attribute("loc", locationText(op));
            json.attribute("nodes", int64_t(m.nodes));
            json.attribute("edges", int64_t(m.edges));
            json.attribute("feature_width", cost.featureWidth);
            json.attribute("element_bytes", cost.elementBytes);
            json.attribute("agg_nodes", int64_t(m.aggNodes));
            json.attribute("levels", int64_t(m.levels));
            json.attribute("edge_reads",
                           int64_t(cost.throughPlan ? m.edgeReadsAfter
                                                    : m.edgeReadsBefore));
            json.attribute("plain_us", cost.plainSeconds * 1e6);
            if (cost.throughPlan)
              json.attribute("hag_us", cost.hagSeconds * 1e6);
          });
        }
      });
    });
    os << "\n";
  } else {
    os << "hag cost model, target " << target << "\n";
    for (const auto &[op, cost] : model.costs()) {
      const ::hag::HagMetrics &m = cost.metrics;
      os << op->getName() << " at " << locationText(op) << ": " << m.nodes
         << " nodes, " << m.edges << " edges, width " << cost.featureWidth
         << " x " << cost.elementBytes << " B: plain "
         << llvm::format("%.3g", cost.plainSeconds * 1e6) << " us";
      if (cost.throughPlan)
        os << "; plan " << m.aggNodes << " aggregation nodes in " << m.levels
           << " levels, edge reads " << m.edgeReadsBefore << " -> "
           << m.edgeReadsAfter << ": "
           << llvm::format("%.3g", cost.hagSeconds * 1e6) << " us ("
           << llvm::format("%.2f", cost.plainSeconds / cost.hagSeconds) << "x)";
      os << "\n";
    }
  }
  markAllAnalysesPreserved();
}
