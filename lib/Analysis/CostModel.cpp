//===- CostModel.cpp - Predicted time of hag aggregations -----------------===//
//
// Reads the constant graph or plan of each aggregation (HagData.h), counts
// what it moves (hag::computeMetrics) and applies the cost formulas.
//
//===----------------------------------------------------------------------===//
#include "hag/Analysis/CostModel.h"

#include "hag/Dialect/Hag/IR/HagData.h"
#include "hag/Dialect/Hag/IR/HagDialect.h"

using namespace mlir;
using namespace mlir::hag;

std::pair<int64_t, int64_t>
mlir::hag::featureRowShape(RankedTensorType features) {
  int64_t width =
      features.isDynamicDim(1) ? kAssumedFeatureWidth : features.getDimSize(1);
  return {width, features.getElementTypeBitWidth() / 8};
}

CostModel::CostModel(Operation *op) : CostModel(op, ::hag::CostTarget::Cpu) {}

CostModel::CostModel(Operation *op, ::hag::CostTarget target)
    : CostModel(op, target, ::hag::defaultCoefficients(target)) {}

CostModel::CostModel(Operation *op, ::hag::CostTarget target,
                     const ::hag::CostCoefficients &coefficients)
    : target_(target), coefficients_(coefficients) {
  analyze(op);
}

std::optional<AggregationCost> CostModel::lookup(Operation *op) const {
  auto it = costs_.find(op);
  if (it == costs_.end())
    return std::nullopt;
  return it->second;
}

void CostModel::analyze(Operation *root) {
  auto rowShape = [](RankedTensorType type, AggregationCost &cost) {
    std::tie(cost.featureWidth, cost.elementBytes) = featureRowShape(type);
  };
  auto predict = [&](AggregationCost &cost, const ::hag::AggregationWork &w,
                     const ::hag::Hag *plan = nullptr) {
    double seconds = ::hag::predictSeconds(w, cost.featureWidth,
                                           cost.elementBytes, coefficients_);
    if (plan) {
      cost.hagSeconds = seconds;
      // The plain kernel over the graph the plan covers.
      cost.plainSeconds = ::hag::predictSeconds(
          ::hag::plainWork(::hag::coveredGraph(*plan)), cost.featureWidth,
          cost.elementBytes, coefficients_);
    } else {
      cost.plainSeconds = seconds;
    }
  };
  root->walk([&](Operation *op) {
    AggregationCost cost;
    if (auto aggregate = dyn_cast<AggregateOp>(op)) {
      auto graph = aggregate.getGraph().getDefiningOp<GraphConstantOp>();
      std::optional<::hag::Csr> csr = graph ? getCsr(graph) : std::nullopt;
      if (!csr)
        return;
      cost.metrics = ::hag::plainMetrics(*csr);
      rowShape(aggregate.getFeatures().getType(), cost);
      predict(cost, ::hag::plainWork(*csr));
    } else if (auto aggregate = dyn_cast<PlanAggregateOp>(op)) {
      auto plan = aggregate.getPlan().getDefiningOp<PlanConstantOp>();
      std::optional<::hag::Hag> hag = plan ? getHag(plan) : std::nullopt;
      if (!hag)
        return;
      // Priced in the form the target's kernels run (a wide plan runs
      // binarized on the GPU).
      ::hag::Hag kernelPlan = ::hag::kernelForm(*hag, target_);
      cost.metrics = ::hag::computeMetrics(kernelPlan);
      cost.throughPlan = true;
      rowShape(aggregate.getFeatures().getType(), cost);
      predict(cost, ::hag::hagWork(kernelPlan), &kernelPlan);
    } else {
      return;
    }
    costs_[op] = cost;
  });
}
