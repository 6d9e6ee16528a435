#include "fleetopt/lp/dual_pricing.hpp"

#include <algorithm>
#include <stdexcept>

namespace fleetopt::lp {
namespace {

// Floor of a steepest-edge weight (a squared norm of a row of B^-1, which is at least 1/max|B|^2
// in exact arithmetic): keeps the pricing ratio finite if rounding drives it to zero.
constexpr double kMinEdgeWeight = 1e-12;

class DualSteepestEdge final : public DualPricing {
 public:
  DualPricingRule rule() const override { return DualPricingRule::steepest_edge; }
  bool needs_row_norm() const override { return true; }
  void update_weights(int r, const IndexedVector& alpha, double alpha_r, double row_norm2, const IndexedVector& tau,
                      std::vector<double>& weight) const override {
    alpha.for_each_position([&](int i) {
      if (i == r || alpha[i] == 0.0) return;
      const double ratio = alpha[i] / alpha_r;
      const double w = weight[i] + ratio * (ratio * row_norm2 - 2.0 * tau[i]);
      weight[i] = std::max(w, ratio * ratio);
    });
    weight[r] = std::max(row_norm2 / (alpha_r * alpha_r), kMinEdgeWeight);
  }
};

class DualDevex final : public DualPricing {
 public:
  DualPricingRule rule() const override { return DualPricingRule::devex; }
  bool needs_row_norm() const override { return false; }
  void update_weights(int r, const IndexedVector& alpha, double alpha_r, double, const IndexedVector&,
                      std::vector<double>& weight) const override {
    const double w_r = weight[r];
    alpha.for_each_position([&](int i) {
      if (i == r || alpha[i] == 0.0) return;
      const double ratio = alpha[i] / alpha_r;
      weight[i] = std::max(weight[i], ratio * ratio * w_r);
    });
    weight[r] = std::max(w_r / (alpha_r * alpha_r), 1.0);
  }
};

class Dantzig final : public DualPricing {
 public:
  DualPricingRule rule() const override { return DualPricingRule::dantzig; }
  bool needs_row_norm() const override { return false; }
  void update_weights(int, const IndexedVector&, double, double, const IndexedVector&,
                      std::vector<double>&) const override {}
};

}  // namespace

std::unique_ptr<DualPricing> DualPricing::clone() const { return make_dual_pricing(rule()); }

std::string to_string(DualPricingRule rule) {
  switch (rule) {
    case DualPricingRule::steepest_edge: return "steepest-edge";
    case DualPricingRule::devex: return "devex";
    case DualPricingRule::dantzig: return "dantzig";
  }
  return "unknown";
}

namespace {
constexpr DualPricingRule kDualPricingRules[] = {DualPricingRule::steepest_edge, DualPricingRule::devex,
                                                 DualPricingRule::dantzig};
}  // namespace

std::vector<std::string> dual_pricing_rule_names() {
  std::vector<std::string> names;
  for (DualPricingRule rule : kDualPricingRules) names.push_back(to_string(rule));
  return names;
}

DualPricingRule parse_dual_pricing_rule(const std::string& name) {
  for (DualPricingRule rule : kDualPricingRules)
    if (to_string(rule) == name) return rule;
  const std::vector<std::string> names = dual_pricing_rule_names();
  std::string known;
  for (std::size_t i = 0; i < names.size(); ++i)
    known += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
  throw std::invalid_argument("unknown dual pricing rule '" + name + "' (" + known + ")");
}

std::unique_ptr<DualPricing> make_dual_pricing(DualPricingRule rule) {
  switch (rule) {
    case DualPricingRule::steepest_edge: return std::make_unique<DualSteepestEdge>();
    case DualPricingRule::devex: return std::make_unique<DualDevex>();
    case DualPricingRule::dantzig: return std::make_unique<Dantzig>();
  }
  throw std::invalid_argument("make_dual_pricing: unknown rule");
}

}  // namespace fleetopt::lp
