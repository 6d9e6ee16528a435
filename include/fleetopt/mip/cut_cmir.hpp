// Complemented mixed-integer rounding (c-MIR) cuts on aggregated rows (Marchand and Wolsey,
// "Aggregation and mixed integer rounding to solve MIPs", Oper. Res. 49(3), 2001, sec. 3-4).
//
// 1. Aggregation. Start from one row as `sum a_j x_j <= beta` and, up to
//    max_aggregated_rows - 1 times, eliminate the continuous column that lies deepest inside its
//    bounds at the LP point by adding a multiple of another row that is tight there (an
//    inequality only with the sign that keeps it valid).
// 2. Bound substitution. Each continuous x_j is written from its closest bound at the LP point:
//    a plain bound (x = l + x' or x = u - x') or a variable bound found in a two-column row
//    (x <= e + d z or x >= e + d z with z integer: x = e + d z -+ x'), so that x' >= 0. A variable
//    bound brings z into the row, which is how flow-cover-like cuts arise from a row of
//    continuous flows (`x[t,m] = sum_a p[a,t,m]` with `p <= q u`).
// 3. Complementation. Each integer column is measured from its lower or its upper bound,
//    whichever is closer at the LP point: x = l + x' or x = u - x', x' >= 0 integer.
// 4. Rounding. The row now reads `sum_k abar_k x'_k - s <= betabar` with s >= 0 the continuous
//    terms of negative coefficient (those of positive coefficient are dropped, a relaxation).
//    For a divisor delta with f0 = frac(betabar / delta) in (0, 1), the MIR inequality
//        sum_k (floor(abar_k / delta) + max(0, f_k - f0) / (1 - f0)) x'_k
//                                              - s / (delta (1 - f0)) <= floor(betabar / delta)
//    (f_k = frac(abar_k / delta)) holds for every mixed-integer solution (Nemhauser and Wolsey,
//    "Integer and Combinatorial Optimization", 1988, II.1.7). The divisors tried are the
//    |abar_k| of the integer columns strictly inside their bounds, then the best one halved up to
//    three times (Marchand and Wolsey's choice).
// 5. Complementation trials. With that divisor fixed, each integer column strictly inside its
//    bounds is measured from its other bound in turn; the switch stays when the rounded cut
//    gets more efficacious (Marchand and Wolsey's last step).
// 6. Lifted cover. If every integer of the row of step 4 is binary, it is a mixed-binary
//    knapsack `sum a_k x_k <= b + s` once the binaries of negative coefficient are complemented;
//    a cover C of it exceeds b by lambda > 0, and the inequality
//        sum_{k in C} min(a_k, lambda) x_k + sum_{k not in C} phi(a_k) x_k
//                                           <= sum_{k in C} min(a_k, lambda) - lambda + s
//    with phi the superadditive lifting function of Marchand and Wolsey ("The 0-1 knapsack
//    problem with a single continuous variable", Math. Programming 85, 1999; cut_cmir.cpp) is
//    valid. It replaces the MIR inequality when more efficacious.
// The cut is mapped back to x by undoing 3 (as last decided) and 2.
//
// Every step is a valid relaxation, so the cut is valid for the model it is given; it is
// returned only if it is violated by at least min_efficacy (in the model's units, per unit norm)
// and passes the numerical filters of CmirParameters (dynamism, density).
#pragma once

#include "fleetopt/mip/cut_separator.hpp"

namespace fleetopt::mip {

struct CmirParameters {
  int max_aggregated_rows = 6;        // Marchand and Wolsey aggregate at most 5 further rows
  // Per round, the most efficacious max(max_cuts_per_round, max_cuts_per_column * columns) cuts:
  // a fixed number starves large models. Measured on the coupled 10x96x4 fleet (6,144 columns,
  // cap 0.5, minimum bid 1, seed 0; 200 s runs): root bound 108595 with 200 cuts per round,
  // 108540 with 400, 108462 with 800, 108451 with 1,600 (at three times the cut time of 800);
  // the bound at 200 s 108571 with 200 and 108443 with 800. One per 8 columns gives 768 there
  // and keeps 200 up to 1,600 columns (the 10x24x4 fleet; MIPLIB 3 but l152lav, which finds one
  // cut). SCIP allows 2,000 per root round (separating/maxcutsroot). Columns, not rows: the rows
  // grow by the cuts of earlier rounds.
  int max_cuts_per_round = 200;
  double max_cuts_per_column = 0.125;
  int max_divisors = 8;               // distinct |abar_k| tried as delta before the halvings
  double min_fraction = 0.05;         // f0 in [min, 1 - min]: the rounding is numerically safe
  double max_dynamism = 1e4;          // max |coefficient| / min |coefficient| of a cut
  double min_efficacy = 1e-4;         // violation / ||cut||, in the units of the model
  double max_density = 0.5;           // at most this share of the columns (plus 20) per cut
  // Marchand and Wolsey's step 5: with the best divisor, try each fractional integer column
  // measured from its other bound, keeping the switch when the cut's efficacy grows.
  bool complementation_trials = true;
  // Where every integer term of the rounded row is binary, also the lifted cover inequality of
  // its mixed-binary knapsack (Marchand and Wolsey 1999, cut_cmir.cpp), kept instead of the
  // MIR inequality when more efficacious.
  bool lifted_covers = true;
};

class ComplementedMir : public CutSeparator {
 public:
  explicit ComplementedMir(CmirParameters parameters = {}) : p_(parameters) {}
  std::string name() const override { return "cmir"; }
  std::vector<Cut> separate(CutContext& ctx) override;

 private:
  CmirParameters p_;
};

}  // namespace fleetopt::mip
