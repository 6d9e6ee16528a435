// Dual pricing (CHUZR) rules of the dual simplex, behind one interface so that experiments can
// compare them (SoPlex splits pricers the same way, SPxPricer). Every rule keeps a weight w_i per
// basis position and the simplex picks the primal infeasible row with the largest
// infeasibility_i^2 / w_i; the rules differ in how w follows the basis:
//
//  * dual steepest edge (Forrest and Goldfarb, Math. Prog. 57, 1992; Koberstein's thesis 2005,
//    sec. 3.3.2): w_i = ||e_i^T B^-1||^2, updated exactly after a pivot on row r with entering
//    column alpha = B^-1 a_q and tau = B^-1 rho_r, rho_r = B^-T e_r:
//        w_i := max(w_i - 2 (alpha_i / alpha_r) tau_i + (alpha_i / alpha_r)^2 w_r,
//                   (alpha_i / alpha_r)^2),   w_r := w_r / alpha_r^2.
//    The best choice per iteration, at one extra FTRAN (tau) per iteration.
//  * dual Devex (Forrest and Goldfarb 1992, sec. 5; Koberstein sec. 3.3.2.2): the same update
//    with the reference framework's approximation, no tau:
//        w_i := max(w_i, (alpha_i / alpha_r)^2 w_r),   w_r := max(w_r / alpha_r^2, 1).
//  * Dantzig: w_i = 1, the largest infeasibility (the textbook rule; cheapest per iteration,
//    usually the most iterations).
//
// Weights start at 1 (exact for the slack basis under steepest edge) and are reset to 1 whenever
// the basis is set from outside.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "fleetopt/lp/indexed_vector.hpp"

namespace fleetopt::lp {

enum class DualPricingRule { steepest_edge, devex, dantzig };
std::string to_string(DualPricingRule rule);
// "steepest-edge", "devex" or "dantzig"; throws std::invalid_argument otherwise.
DualPricingRule parse_dual_pricing_rule(const std::string& name);
// The names parse_dual_pricing_rule accepts, in the order of the enum (for command-line checks).
std::vector<std::string> dual_pricing_rule_names();

class DualPricing {
 public:
  virtual ~DualPricing() = default;
  virtual DualPricingRule rule() const = 0;
  // True if update_weights needs row_norm2 = ||rho_r||^2 and tau = B^-1 rho_r.
  virtual bool needs_row_norm() const = 0;
  // The rules hold no state (the weights are the caller's): a copy is a new rule of the same kind.
  std::unique_ptr<DualPricing> clone() const;
  // After the pivot on basis position r (before the basis changes): alpha = B^-1 a_q,
  // alpha_r = alpha[r]; row_norm2 and tau only when needs_row_norm().
  virtual void update_weights(int r, const IndexedVector& alpha, double alpha_r, double row_norm2,
                              const IndexedVector& tau, std::vector<double>& weight) const = 0;
};

std::unique_ptr<DualPricing> make_dual_pricing(DualPricingRule rule);

}  // namespace fleetopt::lp
