#include "fleetopt/lp/primal_pricing.hpp"

#include <algorithm>
#include <stdexcept>

namespace fleetopt::lp {
namespace {

class PrimalDevex final : public PrimalPricing {
 public:
  PrimalPricingRule rule() const override { return PrimalPricingRule::devex; }
  bool updates_weights() const override { return true; }
  double updated_weight(double weight_j, double ratio, double weight_q) const override {
    return std::max(weight_j, ratio * ratio * weight_q);
  }
  double leaving_weight(double weight_q, double alpha_rq) const override {
    return std::max(weight_q / (alpha_rq * alpha_rq), 1.0);
  }
};

class PrimalDantzig final : public PrimalPricing {
 public:
  PrimalPricingRule rule() const override { return PrimalPricingRule::dantzig; }
  bool updates_weights() const override { return false; }
  double updated_weight(double weight_j, double, double) const override { return weight_j; }
  double leaving_weight(double, double) const override { return 1.0; }
};

}  // namespace

std::unique_ptr<PrimalPricing> PrimalPricing::clone() const { return make_primal_pricing(rule()); }

std::string to_string(PrimalPricingRule rule) {
  switch (rule) {
    case PrimalPricingRule::devex: return "devex";
    case PrimalPricingRule::dantzig: return "dantzig";
  }
  return "unknown";
}

PrimalPricingRule parse_primal_pricing_rule(const std::string& name) {
  for (PrimalPricingRule rule : {PrimalPricingRule::devex, PrimalPricingRule::dantzig})
    if (to_string(rule) == name) return rule;
  throw std::invalid_argument("unknown primal pricing rule '" + name + "' (devex, dantzig)");
}

std::unique_ptr<PrimalPricing> make_primal_pricing(PrimalPricingRule rule) {
  switch (rule) {
    case PrimalPricingRule::devex: return std::make_unique<PrimalDevex>();
    case PrimalPricingRule::dantzig: return std::make_unique<PrimalDantzig>();
  }
  throw std::invalid_argument("make_primal_pricing: unknown rule");
}

}  // namespace fleetopt::lp
