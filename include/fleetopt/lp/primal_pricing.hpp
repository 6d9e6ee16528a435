// Primal pricing (CHUZC) rules of the primal simplex, behind one interface like the dual rules
// (dual_pricing.hpp; SoPlex splits pricers the same way, SPxPricer). Every rule keeps a reference
// weight w_j per variable and the primal simplex enters the dual infeasible nonbasic variable
// with the largest d_j^2 / w_j; the rules differ in how w follows the basis. After a pivot with
// entering q, leaving row r and pivot row alpha_r. = e_r^T B^-1 A:
//
//  * Devex (P. M. J. Harris, "Pivot selection methods of the Devex LP code", Math. Prog. 5, 1973;
//    Forrest and Goldfarb, Math. Prog. 57, 1992, sec. 2): an approximation of the steepest edge
//    ||B^-1 a_j||^2 in a reference framework, updated along the pivot row only:
//        w_j := max(w_j, (alpha_rj / alpha_rq)^2 w_q),   w_leaving := max(w_q / alpha_rq^2, 1).
//    No extra solve per iteration; the default.
//  * Dantzig: w_j = 1, the largest |d_j| (the textbook rule; usually the most iterations, and
//    sensitive to the scaling of the columns).
//
// Weights start at 1 (the reference framework is the starting nonbasic set) and restart at 1
// whenever the primal simplex starts.
#pragma once

#include <memory>
#include <string>

namespace fleetopt::lp {

enum class PrimalPricingRule { devex, dantzig };
std::string to_string(PrimalPricingRule rule);
// "devex" or "dantzig"; throws std::invalid_argument otherwise.
PrimalPricingRule parse_primal_pricing_rule(const std::string& name);

class PrimalPricing {
 public:
  virtual ~PrimalPricing() = default;
  virtual PrimalPricingRule rule() const = 0;
  // The rules hold no state (the weights are the caller's): a copy is a new rule of the same kind.
  std::unique_ptr<PrimalPricing> clone() const;
  // False if the weights never change (then the simplex skips the pass along the pivot row).
  virtual bool updates_weights() const = 0;
  // The new weight of nonbasic j with pivot row entry ratio = alpha_rj / alpha_rq, given the
  // entering variable's weight w_q.
  virtual double updated_weight(double weight_j, double ratio, double weight_q) const = 0;
  // The weight of the leaving variable, now nonbasic.
  virtual double leaving_weight(double weight_q, double alpha_rq) const = 0;
};

std::unique_ptr<PrimalPricing> make_primal_pricing(PrimalPricingRule rule);

}  // namespace fleetopt::lp
