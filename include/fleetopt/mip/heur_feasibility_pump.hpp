// The objective feasibility pump (Fischetti, Glover, Lodi, "The feasibility pump", Math. Prog.
// 104, 2005; general integers: Bertacco, Fischetti, Lodi, "A feasibility pump heuristic for
// general mixed-integer problems", Discrete Optimization 4, 2007; the objective term: Achterberg
// and Berthold, "Improving the feasibility pump", Discrete Optimization 4, 2007). For models
// where no node LP comes out integral and rounding and diving fail (equality rows over integers,
// mixed rows with big coefficients), it looks for a first solution at the root. It alternates
// between an LP point x* and its rounding x~ (the integer columns I rounded to the nearest
// integer in their bounds): each round solves, over the node's LP rows and bounds,
//
//     min (1 - alpha) Delta(x, x~) + alpha (sqrt(|I|) / ||c||) c^T x,
//     Delta(x, x~) = sum_{binary j, x~_j = l_j} (x_j - l_j) + sum_{binary j, x~_j = u_j} (u_j - x_j)
//                    + sum_{other j in I} d_j,   d_j >= |x_j - x~_j|,
//
// warm from the last vertex (lp::LpSolver::set_objective), and rounds its answer again; alpha
// starts at 1 (the node's own LP) and shrinks by `alpha_decay` each round. The d_j are Bertacco
// et al.'s auxiliary columns for integer columns with more than two values, which may be rounded
// strictly inside their bounds (heur_feasibility_pump.cpp, with_distance_columns). When the
// rounding repeats the last one, the columns with the largest |x*_j - x~_j| move one step
// towards x* (FGL's flip of T in [T/2, 3T/2] of them); when it repeats one of the rounds before,
// a random restart moves each column whose |x*_j - x~_j| + max(rho, 0) > 1/2 for rho uniform in
// [-0.3, 0.7] (FGL section 3). An LP point that is integral on I is a solution of the node's LP
// rows, so of the model: it is submitted, and so is the LP over the continuous columns with the
// integers fixed there and the true objective (fix_and_resolve's step). The branch-and-bound
// checks both against the model, as every candidate.
//
// Runs at the root only and only while there is no incumbent (the search's own heuristics and
// node LPs usually find one; where they do not, this is what finds it). A run stops at the first
// solution, after `max_rounds` rounds, after `max_stall_rounds` rounds in which the smallest
// distance sum_{j in I} |x*_j - x~_j| did not fall by `stall_improvement` of itself, or when its
// LPs have taken `iteration_offset` plus `iteration_fraction` times the root LP's iterations.
// The random numbers come from a fixed seed: the same model gives the same run.
#pragma once

#include <cstdint>

#include "fleetopt/mip/primal_heuristic.hpp"

namespace fleetopt::mip {

struct FeasibilityPumpParameters {
  // Rounds of one run: FGL report most successes within 100 rounds on MIPLIB; SCIP's default
  // stops after 10 rounds without progress. Ours allows 200 rounds in all and 100 without
  // progress: a round is one warm primal LP of a few dozen iterations (MIPLIB 3's misc03: 200
  // rounds in 90 ms), and the iteration budget below bounds the run on large models.
  int max_rounds = 200;
  int max_stall_rounds = 100;
  double stall_improvement = 0.1;  // a new smallest distance counts when it is 10% below the old
  // Achterberg and Berthold's schedule: alpha_0 = 1, alpha_{k+1} = 0.9 alpha_k.
  double alpha_decay = 0.9;
  // FGL's T: a repeated rounding moves between T/2 and 3T/2 columns, at random.
  int flip_count = 10;
  // A rounding equal to one of the last `cycle_memory` rounds (not the last) is a longer cycle.
  int cycle_memory = 3;
  // LP work of one run: the root LP's iterations times this, plus the offset (SCIP's pump takes
  // a share of the node LPs; a root without an incumbent is where the share pays most).
  double iteration_fraction = 1.0;
  long long iteration_offset = 10000;
  std::uint32_t seed = 20050101;
  // When the rounds end without a solution, two sub-MIPs around the pump's LP point with the
  // fewest fractional integer columns (the closest point), each with the limits of RINS's
  // sub-MIPs (heur_rins.hpp): first the model on its true objective with the integer columns
  // fixed where the closest point and the node's LP agree on an integer (RINS's rule between
  // two LP points), if they are at least `min_fixing_rate` of the integer columns; then, if that
  // found nothing, FGL's third stage: the whole model with the distance to the closest point's
  // rounding as its objective (the distance columns above), nothing fixed. Measured on the MILP
  // differential's general family, the first alone was infeasible at its root on four of five
  // models; the second found MIPLIB 3's misc03 a solution in 3 nodes.
  double min_fixing_rate = 0.3;
  long long sub_mip_node_limit = 200;
  double sub_mip_lp_iterations_per_column = 15.0;
  double sub_mip_time_limit_seconds = 10.0;
};

class FeasibilityPump : public PrimalHeuristic {
 public:
  explicit FeasibilityPump(FeasibilityPumpParameters parameters = {}) : p_(parameters) {}
  std::string name() const override { return "feasibility pump"; }
  char log_letter() const override { return 'P'; }
  bool should_run(const NodeContext& ctx) const override;
  void run(NodeContext& ctx, const SolutionSink& submit) override;

  // Rounds and LP iterations of the last run (tests and the log of experiments).
  int rounds() const { return rounds_; }
  long long iterations() const { return iterations_; }
  long long sub_mip_nodes() const { return sub_mip_nodes_; }  // of both sub-MIPs; -1: none ran

 private:
  // The two sub-MIPs after the rounds; `integers` and `general` as run() found them (the integer
  // columns the node has not fixed, and those of them with more than two values).
  void search_around(const NodeContext& ctx, const std::vector<double>& closest, const std::vector<int>& integers,
                     const std::vector<int>& general, const SolutionSink& submit);

  FeasibilityPumpParameters p_;
  bool ran_ = false;
  int rounds_ = 0;
  long long iterations_ = 0;
  long long sub_mip_nodes_ = -1;
};

}  // namespace fleetopt::mip
