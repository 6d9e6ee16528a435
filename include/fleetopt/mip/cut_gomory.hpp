// Gomory mixed-integer cuts (Gomory 1960; the form of Marchand, Martin, Weismantel, Wolsey,
// "Cutting planes in integer and mixed integer programming", Discrete Appl. Math. 123, 2002,
// sec. 3; Cornuejols, "Revival of the Gomory cuts in the 1990's", Ann. OR 149, 2007, on the
// numerical safeguards that make them usable).
//
// For a basic integer column with fractional value, its tableau row, with every nonbasic
// variable w_k moved to t_k >= 0 (t = w - lower at the lower bound, upper - w at the upper),
// reads x_B + sum_k a_k t_k = beta, f0 = beta - floor(beta) in (0, 1). Then
//     sum_{k integer, f_k <= f0} f_k / f0 t_k + sum_{k integer, f_k > f0} (1 - f_k) / (1 - f0) t_k
//   + sum_{k continuous, a_k > 0} a_k / f0 t_k + sum_{k continuous, a_k < 0} -a_k / (1 - f0) t_k >= 1
// (f_k = a_k - floor(a_k)) holds for every mixed-integer solution. Row activities r_i (the
// logicals) count as continuous; substituting t back and r_i = a_i x gives a cut in x.
//
// Safeguards: only rows with f0 away from 0 and 1; no free nonbasic; coefficients below a
// relative threshold are removed by relaxing the right-hand side with the column's bound (or
// the cut is dropped); cuts with too wide a coefficient range, too many nonzeros or too small a
// violation are dropped; the right-hand side is relaxed by a small margin against rounding.
#pragma once

#include "fleetopt/mip/cut_separator.hpp"

namespace fleetopt::mip {

struct GomoryParameters {
  int max_cuts_per_round = 100;
  double min_fraction = 0.01;         // f0 in [min, 1 - min]
  double max_dynamism = 1e6;          // max |coefficient| / min |coefficient|
  double max_tableau_entry = 1e6;     // rows with larger |a_k| are numerically unreliable
  double min_efficacy = 1e-4;         // violation / ||cut||, in the units of the model
  double max_density = 0.5;           // at most this share of the columns (plus 20) per cut
};

class GomoryMixedInteger : public CutSeparator {
 public:
  explicit GomoryMixedInteger(GomoryParameters parameters = {}) : p_(parameters) {}
  std::string name() const override { return "gomory"; }
  std::vector<Cut> separate(CutContext& ctx) override;

 private:
  GomoryParameters p_;
};

}  // namespace fleetopt::mip
