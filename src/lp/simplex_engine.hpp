// Private to the lp layer: the state and steps of the bounded revised simplex shared by the dual
// (dual_simplex.cpp) and primal (primal_simplex.cpp) methods. See lp_solver.hpp for the method.
#pragma once

#include <atomic>
#include <memory>
#include <random>
#include <vector>

#include "fleetopt/core/timer.hpp"
#include "fleetopt/lp/basis_factor.hpp"
#include "fleetopt/lp/computational_form.hpp"
#include "fleetopt/lp/indexed_vector.hpp"
#include "fleetopt/lp/lp_solver.hpp"

namespace fleetopt::lp {

// Length of CHUZR's short list (see SimplexEngine::chuzr_list): long enough that a scan serves
// many iterations, short enough that walking it costs far less than a scan. Measured on cold
// solves of the tight 20x672x4 / 1x8760x4 fleet LPs (seconds): 64 2.9 / 1.7, 256 2.5 / 1.4,
// 1024 2.7 / 1.6 (a full scan every iteration: 3.7 / 4.0).
inline constexpr std::size_t kChuzrListSize = 256;

// Internal nonbasic position of a variable. A fixed variable is kAtLower.
enum class Where : std::uint8_t { kBasic, kAtLower, kAtUpper, kFree };

enum class PhaseResult { optimal, infeasible, unbounded, cutoff, iteration_limit, time_limit, trouble };

// A unique_ptr whose copies clone what it points to (T::clone()), so that the engine below can be
// copied whole (LpSolver::copy_state_from).
template <typename T>
class ClonePtr {
 public:
  ClonePtr() = default;
  ClonePtr(std::unique_ptr<T> p) : p_(std::move(p)) {}  // NOLINT: converts like a unique_ptr
  ClonePtr(const ClonePtr& other) : p_(other.p_ ? other.p_->clone() : nullptr) {}
  ClonePtr& operator=(const ClonePtr& other) {
    if (this != &other) p_ = other.p_ ? other.p_->clone() : nullptr;
    return *this;
  }
  ClonePtr(ClonePtr&&) noexcept = default;
  ClonePtr& operator=(ClonePtr&&) noexcept = default;
  ClonePtr& operator=(std::unique_ptr<T> p) {
    p_ = std::move(p);
    return *this;
  }
  T* operator->() const { return p_.get(); }
  T& operator*() const { return *p_; }
  T* get() const { return p_.get(); }
  explicit operator bool() const { return p_ != nullptr; }

 private:
  std::unique_ptr<T> p_;
};

// An engine's identity, unique in the process: checkpoints name the engine they belong to.
// A copy is another engine, so copying (or assigning) gives a new identity.
class EngineId {
 public:
  EngineId();
  EngineId(const EngineId&) : EngineId() {}
  EngineId& operator=(const EngineId&) {
    value_ = EngineId().value_;
    return *this;
  }
  operator long long() const { return value_; }  // NOLINT: read as a number

 private:
  long long value_;
};

class SimplexEngine {
 public:
  SimplexEngine(ComputationalForm form, const LpOptions& options);

  ComputationalForm form;
  LpOptions options;
  EngineId id;
  int m = 0, n = 0, total = 0;

  std::vector<double> lower, upper;  // working bounds (the phase-1 box replaces them)
  std::vector<double> cost;          // working costs: form.cost plus perturbation and shifts
  std::vector<double> x;             // every variable's value
  std::vector<double> dual;          // reduced costs (0 for basic)
  std::vector<int> basic_index;      // basis position -> variable
  std::vector<int> position;         // variable -> basis position, -1 if nonbasic
  std::vector<Where> where;
  std::vector<double> dse_weight;    // dual pricing weights per basis position (dual_pricing.hpp)
  ClonePtr<DualPricing> pricing;
  ClonePtr<PrimalPricing> primal_pricing;  // the primal simplex's CHUZC (primal_pricing.hpp)
  ClonePtr<DualRatioTest> ratio_test;
  std::vector<double> infeasibility; // squared primal infeasibility per basis position
  // Positions that may be infeasible (a superset, pruned by CHUZR), so that pricing scans the
  // few infeasible rows instead of all m (HiGHS keeps a similar list in HEkkDualRHS).
  std::vector<int> infeasible_positions;
  std::vector<char> listed_infeasible;
  // CHUZR's short list (Hall and McKinnon 2005, "hyper-sparse" CHUZR): a full scan keeps the
  // kChuzrListSize best positions by infeasibility^2 / weight and the best merit of the others.
  // Between scans a merit changes only where update_infeasibility was called (x and the weights
  // change together, at the pivot column's nonzeros, the flips and the pivot row), so those are
  // recorded, and the list's best is the true best while it is at least the others' bound; else
  // the list is rebuilt. A cold solve of a year-long asset spent half its time in full scans.
  bool chuzr_valid = false;
  std::vector<int> chuzr_list;
  std::vector<char> chuzr_listed;
  double chuzr_rest_bound = 0.0;     // no position outside the list had a larger merit at the scan
  std::vector<int> chuzr_touched;    // positions whose merit may have changed since
  int choose_leaving_row();          // -1: primal feasible within the tolerance
  std::vector<std::pair<double, int>> scan_merits_;  // scratch of the full scan
  void invalidate_chuzr() { chuzr_valid = false; }
  ClonePtr<BasisFactor> factor;
  bool factor_valid = false;
  bool perturbed = false;
  bool costs_shifted = false;  // cost differs from form.cost by shifts (dual_phase2, shifting)
  // The last solve ended optimal and verified, and x, dual, the infeasibility list, the bounds and
  // the (true) costs still belong to the current basis and factors: set_col_bounds then updates
  // x incrementally and the next solve starts warm, without recomputing anything of the size of
  // the model. Cleared by anything else that touches the basis.
  bool values_current = false;
  // Nonbasic columns whose bounds changed while values_current: their dual feasibility is
  // checked (and restored by a flip where the column is boxed) at the start of the warm solve.
  std::vector<int> pending_dual_check;

  // Work vectors.
  IndexedVector row_ep, col_aq, tau, flip_col, pivot_row_cols;
  std::mt19937 rng;

  // Limits and counters of the current solve.
  core::Timer timer;
  long long iterations = 0, dual_iterations = 0, primal_iterations = 0;
  int refactorizations = 0;
  double cutoff_internal = core::kInfinity;
  double running_objective = 0.0;   // dual_phase2's tracked sum cost * x (see there)
  int farkas_row = -1;              // basis position whose row proved infeasibility
  std::vector<double> farkas_y;     // scaled row multipliers
  std::vector<double> ray;          // scaled primal ray over all variables

  // --- basis bookkeeping (simplex_engine.cpp) ---
  void set_slack_basis();
  bool refactor();                   // false if the factorization failed
  void place_nonbasic(int j);        // x[j] from where[j] and bounds
  void fix_nonbasic_where(int j);    // make where[j] possible for the bounds
  void compute_primal();             // x_B from nonbasic values
  // After nonbasic j moved by delta: x_B -= delta B^-1 a_j (one FTRAN of a sparse column).
  void shift_basic_values(int j, double delta);
  // v += delta * (column j of [A I]).
  void add_scaled_column(int j, double delta, IndexedVector& v) const;
  // x_B -= v, with v = B^-1 (the moved columns times their moves), and the infeasibilities follow;
  // `objective`, if given, falls by cost_B * v term by term.
  void subtract_from_basic_values(const IndexedVector& v, double* objective = nullptr);
  void compute_duals();              // y then d from cost
  void update_infeasibility(int pos);
  void compute_infeasibilities();
  double dual_infeasibility(int j) const;
  double max_dual_infeasibility() const;
  double max_primal_infeasibility() const;
  double objective_internal() const;  // sum cost * x (working cost)
  bool limits_reached(PhaseResult& why) const;
  // Start of every simplex iteration: false (with `why` set) when a limit is reached or the
  // basis cannot be refactorized; refactorizes when due and then recomputes primal and dual
  // values from the fresh factors, so update drift never outlives a refactorization.
  bool ready_for_iteration(PhaseResult& why);
  // Pivot row alpha_r = row_ep^T [A I] for nonbasic structurals (into pivot_row_cols); logicals
  // read row_ep directly.
  void compute_pivot_row();
  double pivot_row_entry(int j) const { return j < n ? pivot_row_cols[j] : row_ep[j - n]; }
  // Calls visit(j) for every variable j whose pivot-row entry may be nonzero: the listed entries
  // when the row is sparse, every structural and logical otherwise.
  template <typename Visit>
  void for_each_pivot_row_entry(Visit&& visit) const {
    if (pivot_row_cols.is_sparse()) {
      for (int j : pivot_row_cols.indices()) visit(j);
    } else {
      for (int j = 0; j < n; ++j) visit(j);
    }
    if (row_ep.is_sparse()) {
      for (int i : row_ep.indices()) visit(n + i);
    } else {
      for (int i = 0; i < m; ++i) visit(n + i);
    }
  }
  void load_column(int j, IndexedVector& v) const;  // v := column j of [A I]
  void apply_basis_change(int pos, int entering, Where leaving_to);

  void perturb_costs();
  // After perturbing (small dual infeasibilities): boxed variables flip to the other bound, the
  // others get their cost shifted so the reduced cost is 0. True if any flip (x_B is then stale).
  bool make_dual_feasible_by_shifting();
  void remove_cost_changes();  // cost := form.cost, recompute duals

  // --- methods ---
  PhaseResult dual_phase2();                // dual_simplex.cpp
  PhaseResult dual_phase1();  // optimal: dual feasible basis; unbounded: the dual is infeasible
  PhaseResult primal_phase2();              // primal_simplex.cpp
};

}  // namespace fleetopt::lp
