// The LP solver: a bounded revised simplex on the computational form (computational_form.hpp),
// dual simplex first (Koberstein 2005, ch. 3-6; Fourer 1994), primal simplex for clean-up and for
// unboundedness. What it does, in order:
//
//  * dual phase 1 by Koberstein's subproblem approach (thesis 4.1.2): if the starting basis is not
//    dual feasible for a variable that cannot be flipped (free or one-sided), solve the auxiliary
//    LP with the same rows and costs but bounds [-1,1] (free), [0,1] (lower-only), [-1,0]
//    (upper-only), [0,0] (boxed/fixed); it is bounded and feasible (x = 0), and its optimal basis is
//    dual feasible for the original problem unless the original dual is infeasible;
//  * dual phase 2 with dual steepest-edge pricing by default (weights 1 for a slack basis, which
//    is exact; Forrest-Goldfarb update with one extra FTRAN; Devex and Dantzig pricing on request,
//    dual_pricing.hpp), the bound-flipping ratio test with Harris' two-pass tolerance, random
//    cost perturbation and cost shifting against degeneracy;
//  * the perturbation is removed and, if reduced costs lost their sign, primal simplex (Devex
//    pricing by default, Dantzig on request, primal_pricing.hpp; Harris ratio test, bound flips
//    of the entering variable) finishes;
//  * if the original dual is infeasible, the dual simplex on zero costs finds a feasible basis
//    (or a Farkas proof) and the primal simplex then finds the optimum or an unbounded ray.
//
// Every answer is verified on the UNSCALED model before it is returned: "optimal" needs primal
// and dual feasibility within core::tol::kPrimalFeasibility / kDualFeasibility (relative to
// max(1, magnitude)); "infeasible" needs a Farkas ray that passes is_farkas_certificate;
// "unbounded" a ray that passes is_primal_ray. Failing checks lead to refactorization and a
// restart without perturbation, and finally to numerical_trouble -- never to a wrong answer.
//
// Warm start for branch and bound: bounds changed with set_col_bounds keep the basis, its LU
// factors and the edge weights; the next solve() continues with the dual simplex from there.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "fleetopt/core/model.hpp"
#include "fleetopt/lp/basis_factor.hpp"
#include "fleetopt/lp/dual_pricing.hpp"
#include "fleetopt/lp/dual_ratio_test.hpp"
#include "fleetopt/lp/primal_pricing.hpp"

namespace fleetopt::lp {

enum class LpStatus {
  not_solved,
  optimal,
  infeasible,
  unbounded,
  cutoff,  // the dual objective passed set_objective_cutoff: no solution better than the cutoff
  iteration_limit,
  time_limit,
  numerical_trouble,
};
std::string to_string(LpStatus status);

// A variable's place in the basis. For rows, the status refers to the row activity a_i x:
// at_lower means a_i x = row_lower. `fixed` is at_lower for a variable with lower == upper;
// `free` is a nonbasic free variable at value 0.
enum class VarStatus : std::uint8_t { basic, at_lower, at_upper, free, fixed };

// Which simplex does the work. dual (the default; the fast one on our LPs): dual phase 1 if
// needed, dual phase 2, primal clean-up. primal: a feasible basis from the dual simplex on zero
// costs (every basis is dual feasible there, so no phase 1), then the primal simplex on the true
// costs, for experiments and as the fallback the literature recommends on LPs the dual simplex
// handles badly. Warm re-solves (bounds changed since the last solve) always use the dual.
enum class SimplexAlgorithm { dual, primal };
std::string to_string(SimplexAlgorithm algorithm);
// "dual" or "primal"; throws std::invalid_argument otherwise.
SimplexAlgorithm parse_simplex_algorithm(const std::string& name);

struct LpOptions {
  int iteration_limit = 1 << 30;
  double time_limit_seconds = 1e30;
  bool scale = true;
  bool perturb_costs = true;
  unsigned random_seed = 12345;
  // When set and true, the solve stops at the next iteration with status time_limit (Ctrl-C in
  // the command line, a branch-and-bound's interrupt).
  const std::atomic<bool>* interrupt = nullptr;
  // Makes the basis factorization; default make_klu_factor.
  std::function<std::unique_ptr<BasisFactor>()> factor_maker;
  // The dual simplex's row choice (dual_pricing.hpp) and column choice (dual_ratio_test.hpp).
  DualPricingRule dual_pricing = DualPricingRule::steepest_edge;
  DualRatioTestRule dual_ratio_test = DualRatioTestRule::bound_flipping;
  // The primal simplex's column choice (primal_pricing.hpp): clean-up after the dual simplex, the
  // dual-infeasible case, and the whole solve with SimplexAlgorithm::primal.
  PrimalPricingRule primal_pricing = PrimalPricingRule::devex;
  SimplexAlgorithm algorithm = SimplexAlgorithm::dual;
};

struct LpResult {
  LpStatus status = LpStatus::not_solved;
  double objective = 0.0;              // c^T x + c0 in the model's own sense
  std::vector<double> x;               // column values
  std::vector<double> row_activity;    // A x
  std::vector<double> row_dual;        // y: d = c - A^T y, in the model's own sense; for a cutoff,
                                       // iteration_limit or time_limit answer, those of dual_bound
  std::vector<double> reduced_cost;    // d per column
  std::vector<double> farkas_row_multipliers;  // when infeasible (see is_farkas_certificate)
  std::vector<double> primal_ray;              // when unbounded (see is_primal_ray)
  // A proven bound on the LP optimum (model sense: a lower bound when minimising, an upper bound
  // when maximising): the Lagrangian bound of the current basis' duals with the true costs,
  // recomputed on the unscaled model (lagrangian_bound in certificates.hpp). Set for optimal,
  // cutoff, iteration_limit and time_limit answers; -+infinity (no information) when the duals
  // need an infinite bound or no factorization is at hand. For a cutoff it passes the cutoff.
  double dual_bound = 0.0;
  long long iterations = 0;            // of this solve
  long long dual_iterations = 0;
  long long primal_iterations = 0;
  int refactorizations = 0;
  double seconds = 0.0;                // of this solve
};

class SimplexEngine;
class LpSolver;

// A saved basis with its factors and the simplex's values (LpSolver::checkpoint). Restoring it
// after bound changes and pivots, as strong branching and probing make them, copies O(m + n)
// values where set_basis would refactorize and recompute everything; when the factors were
// rebuilt in between, or the checkpoint is another solver's, restore falls back to set_basis.
// Bounds are not part of it: the caller puts them back (before or after restoring).
class LpCheckpoint {
 public:
  const std::vector<VarStatus>& statuses() const { return statuses_; }

 private:
  friend class LpSolver;
  std::vector<VarStatus> statuses_;  // for the fallback
  long long engine_id_ = -1;
  long long factorizations_ = -1;
  int updates_ = 0;
  bool factor_valid_ = false, values_current_ = false, perturbed_ = false, costs_shifted_ = false;
  std::vector<int> basic_index_, position_, infeasible_positions_;
  std::vector<std::uint8_t> where_;
  std::vector<char> listed_infeasible_;
  std::vector<double> x_, dual_, cost_, dse_weight_, infeasibility_;
};

class LpSolver {
 public:
  explicit LpSolver(const core::Model& model, LpOptions options = {});
  ~LpSolver();
  LpSolver(const LpSolver&) = delete;
  LpSolver& operator=(const LpSolver&) = delete;

  LpStatus solve();
  const LpResult& result() const { return result_; }

  // Changes the bounds of column j (unscaled). The basis and its factorization are kept, so the
  // next solve() is warm: a bound change keeps dual feasibility and the dual simplex resumes.
  // Throws std::invalid_argument unless lower <= upper (an empty box is the caller's to prune).
  void set_col_bounds(int j, double lower, double upper);
  double col_lower(int j) const;
  double col_upper(int j) const;
  // Replaces the objective coefficients (unscaled, in the model's sense; one per column). The
  // basis and its factors are kept, but the next solve() starts cold from that basis, as after
  // set_basis: the old duals no longer hold. With SimplexAlgorithm::dual, boxed nonbasic columns
  // whose new reduced cost has the wrong sign move to their other bound first, as in every cold
  // start of the dual simplex; with SimplexAlgorithm::primal nothing moves, so a basis that was
  // primal feasible stays so and the primal simplex goes on from its vertex (the feasibility
  // pump's re-solves, mip/heur_feasibility_pump.hpp).
  // Throws std::invalid_argument for a wrong length or a value that is not finite.
  void set_objective(const std::vector<double>& objective);

  // Statuses of the columns (first num_cols entries) then of the rows.
  std::vector<VarStatus> basis() const;
  // Throws std::invalid_argument (the solver unchanged) unless there are num_cols + num_rows
  // known statuses of which exactly num_rows are basic. A nonbasic status the variable's bounds
  // do not allow is corrected to one they do; a singular basis is repaired when the next solve
  // factorizes it (dependent columns replaced by logicals, BasisFactor::factorize). The basis the
  // solver has already costs nothing: its factors and values are kept.
  void set_basis(const std::vector<VarStatus>& statuses);
  // The dual simplex's steepest-edge weights (Forrest and Goldfarb 1992) of the basic variables,
  // in increasing variable index (columns, then rows); float, as they only steer the pricing.
  std::vector<float> edge_weights() const;
  // set_basis that also sets the pricing weights edge_weights() gave for that basis, instead of
  // starting them all at 1: a basis stored and set again (a branch-and-bound node taken from its
  // queue) keeps its pricing. Measured on a coupled fleet's tree (docs/mip.md section 1): 46
  // node-LP iterations per node instead of 74.
  // Throws std::invalid_argument as set_basis does, and unless there is one weight per basic
  // variable; a weight that is not positive and finite counts as 1. Any positive weights leave
  // the answer exact: they only choose the leaving rows.
  void set_basis(const std::vector<VarStatus>& statuses, const std::vector<float>& edge_weights);
  // See LpCheckpoint. restore returns false when it had to fall back to set_basis (it then
  // factorizes that basis at once; a checkpoint taken next can be restored exactly).
  LpCheckpoint checkpoint() const;
  bool restore(const LpCheckpoint& saved);

  // Stop the dual simplex once its (verified, unperturbed) objective passes `value` (in the
  // model's sense: above it when minimising, below it when maximising). +-infinity disables.
  void set_objective_cutoff(double value);
  // Iterations per solve; negative: no limit (a limit beyond LpOptions' int range is none either).
  void set_iteration_limit(long long limit);
  void set_time_limit(double seconds);
  // The flag that stops the following solves (LpOptions::interrupt); nullptr: none.
  void set_interrupt(const std::atomic<bool>* interrupt);
  // Whether the following solves that do not start warm perturb the costs (LpOptions::
  // perturb_costs; a solve whose answer fails its checks may still turn it off for good).
  void set_cost_perturbation(bool on);

  // Makes this solver an exact copy of `source` as it stands: column bounds, basis, factors with
  // their updates, values, pricing weights, working costs (perturbed or shifted), cutoff, limits,
  // options and random state. The next solve then gives what the same solve on `source` would,
  // bit for bit, whatever this solver did before: strong branching solves child LPs this way on
  // two threads with the answers of one (mip/strong_branching_probes.hpp). `source` must be a
  // solver of the same model (matrix and rows; column bounds may differ), which is not checked
  // beyond its dimensions (std::invalid_argument). The scaled matrices are shared, not copied, so
  // this costs O(m + n) plus the factors; result() becomes the source's. `source` is only read:
  // several solvers may copy from one at the same time while it does not change.
  void copy_state_from(const LpSolver& source);

  long long total_iterations() const { return total_iterations_; }
  const core::Model& model() const { return model_; }  // with the current column bounds
  // The options in effect: a solve whose answer failed its checks turns scaling or the cost
  // perturbation off for this solver's later solves, so they may differ from those given.
  const LpOptions& options() const;

  // A row of the simplex tableau of the current basis (for Gomory cuts), unscaled: over the
  // variables w = (x, r), r = A x the row activities (index num_cols + i), it gives `row` with
  //     sum_k row[k] * w_k = 0,   row[variable] = 1,   row[k] = 0 for the other basic variables.
  // False when `variable` is not basic or no factorization is at hand (e.g. after set_basis
  // before a solve).
  bool tableau_row(int variable, std::vector<double>& row);
  // The same row's entries on the nonbasic variables (the zeros left out), for callers that walk
  // many rows (dual_step_bounds.hpp): formed over the nonzeros of e_p^T B^-1 when they are few,
  // as the dual simplex forms its pivot row. Its sums run in another order than tableau_row's,
  // so the values may differ from its in the last bits. False as tableau_row.
  bool tableau_row_entries(int variable, std::vector<int>& index, std::vector<double>& value);

 private:
  double current_dual_bound();  // LpResult::dual_bound of the current basis
  // The BTRAN of tableau_row and tableau_row_entries (e_p^T B^-1 into the engine's row_ep); the
  // variable's own coefficient in the unscaled row, or 0 when there is no row (as tableau_row).
  double start_tableau_row(int variable);
  LpStatus solve_with_engine();  // solve() on the current engine, without the unscaled retry
  // set_basis without weights (they start at 1); false when `statuses` is the basis the solver
  // has already, whose factors, values and weights are kept.
  bool assign_basis(const std::vector<VarStatus>& statuses);

  // The unscaled model with the CURRENT column bounds (set_col_bounds changes them here too):
  // reported values and every certificate are checked against the bounds actually solved.
  core::Model model_;
  std::unique_ptr<SimplexEngine> engine_;
  LpResult result_;
  std::vector<double> reduced_cost_size_;  // per column: the magnitude of the terms of d (tolerances)
  long long total_iterations_ = 0;
};

// Convenience: a cold solve.
LpResult solve_lp(const core::Model& model, LpOptions options = {});

}  // namespace fleetopt::lp
