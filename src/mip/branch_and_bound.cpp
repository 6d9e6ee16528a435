// The branch-and-bound of mip_solver.hpp. Internally every objective value is in minimisation
// terms: internal = sigma * (model objective), sigma = -1 for a maximised model.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <new>
#include <optional>
#include <ostream>
#include <sstream>
#include <stdexcept>

#include "fleetopt/core/timer.hpp"
#include "fleetopt/mip/branching_rule.hpp"
#include "fleetopt/mip/conflict_pool.hpp"
#include "fleetopt/mip/member_symmetry.hpp"
#include "fleetopt/mip/mip_solver.hpp"
#include "fleetopt/mip/node_propagation.hpp"
#include "fleetopt/mip/node_queue.hpp"
#include "fleetopt/mip/presolve.hpp"
#include "fleetopt/mip/primal_heuristic.hpp"
#include "fleetopt/mip/solution_check.hpp"
#include "dual_step_fixing.hpp"
#include "heuristics_beside_search.hpp"
#include "node_lp.hpp"
#include "node_lps_ahead.hpp"
#include "strong_branching_probes.hpp"
#include "root_cuts.hpp"

namespace fleetopt::mip {

namespace {

using core::kInfinity;

// Node selection (SCIP's nodesel_estimate, Achterberg 2007 sec. 6.3): leaving a plunge, every
// kBestBoundFrequency-th selection takes the best-bound node (so the proven bound moves), the
// others the best-estimate node (so good solutions come early).
constexpr int kBestBoundFrequency = 10;
// A plunge goes on into the preferred child while the child's estimate is within this fraction
// of the way from the global bound to the incumbent (SCIP's maxplungequot).
constexpr double kPlungeQuotient = 0.25;
// Plunges always go this deep, and at most max(this, half the deepest depth seen) deep.
constexpr int kMinPlungeDepth = 10;
// A branching rule may report proven bound changes and ask for the node's LP again; after this
// many rounds the node branches on whatever it is given (a guard against a rule that loops).
constexpr int kMaxTighteningRounds = 8;
// Objective rounding when every solution's objective is an integer: a bound b means every
// solution is at least ceil(b - slack); the slack covers LP tolerances on b (relative part) and
// must stay far below 1.
constexpr double kIntegralObjectiveSlackAbsolute = 1e-6;
constexpr double kIntegralObjectiveSlackRelative = 1e-9;
// An integer column's LP value within this of an integer is taken as exactly integral (LP
// rounding noise); between this and core::tol::kIntegrality a candidate is polished by the LP.
constexpr double kExactIntegrality = 1e-9;
// At a leaf whose LP solution the incumbent does not match, columns this far or farther from an
// integer are branched on: under a big-M of 60, a binary at 8e-10 lets a bid of 5e-8 MW through.
constexpr double kBranchableFraction = 1e-12;
// A scaled coefficient within this (relative) of an integer counts as integral when deciding
// whether every solution's objective lies on a grid.
constexpr double kIntegralCoefficient = 1e-9;
// A node LP that fails even from a fresh factorization and without the root cuts keeps its
// parent's bound and is split on an integer column. Some such nodes are numerical bad luck (MIPLIB
// 3's bell5 has more than 100 in 6,150 nodes and is still solved to optimality); when they are at
// least kMaxFailedNodeLps AND at least kMaxFailedNodeLpShare of the nodes solved, the LP layer
// cannot solve this model's LPs, and blind splits would double the open nodes with every level:
// the search stops with status error instead (docs/mip.md, "Faults").
constexpr long long kMaxFailedNodeLps = 100;
constexpr double kMaxFailedNodeLpShare = 0.25;
// Iteration limit of a queued node's LP solved ahead (node_lps_ahead.hpp): this many times the
// average node LP, at least the minimum. A job needs a limit to be a function of its inputs (no
// time limit), and one that stops it still hands over a basis further on than its parent's.
constexpr long long kAheadIterationLimitFactor = 10;
constexpr long long kAheadMinIterationLimit = 1000;
// Largest denominator tried for the grid of objective values (coefficients such as 0.25 or 0.01
// give grids 1/4 and 1/100; SCIP's SCIPcalcIntegralScalar searches alike).
constexpr long long kMaxObjectiveDenominator = 10000;

// The least s in 1..kMaxObjectiveDenominator with s * c integral for every c given (0 if none).
long long objective_grid_scale(const std::vector<double>& coefficients) {
  long long scale = 1;
  for (double c : coefficients) {
    const auto integral = [&](long long s) {
      const double v = c * static_cast<double>(s);
      return std::abs(v - std::round(v)) <= kIntegralCoefficient * std::max(1.0, std::abs(v));
    };
    if (integral(scale)) continue;
    // The least multiple of the current scale that makes c integral too.
    long long next = 0;
    for (long long k = 2; scale * k <= kMaxObjectiveDenominator; ++k)
      if (integral(scale * k)) {
        next = scale * k;
        break;
      }
    if (next == 0) return 0;
    scale = next;
  }
  return scale;
}

// check_debug's report: a bug in the search itself, which the fault handling passes on unchanged.
class DebugSolutionCutOff : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

// A plug-in threw or returned something impossible; what() names the plug-in.
class PluginFault : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Runs a plug-in's `call`; an exception it lets out becomes a PluginFault naming it (`who`, made
// only then). Out of memory and the debug solution's report pass unchanged: they are not the
// plug-in's fault and the search handles them itself.
template <class Who, class Call>
auto call_plugin(const Who& who, Call&& call) -> decltype(call()) {
  try {
    return call();
  } catch (const DebugSolutionCutOff&) {
    throw;
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const PluginFault&) {
    throw;
  } catch (const std::exception& e) {
    throw PluginFault(who() + " threw: " + e.what());
  } catch (...) {
    throw PluginFault(who() + " threw a non-standard exception");
  }
}

}  // namespace

const char* to_string(MipStatus status) {
  switch (status) {
    case MipStatus::optimal: return "optimal";
    case MipStatus::feasible: return "feasible";
    case MipStatus::infeasible: return "infeasible";
    case MipStatus::unbounded: return "unbounded";
    case MipStatus::no_solution: return "no_solution";
    case MipStatus::interrupted: return "interrupted";
    case MipStatus::error: return "error";
  }
  return "unknown";
}

double relative_gap(double objective, double bound) {
  if (!std::isfinite(objective) || !std::isfinite(bound)) return kInfinity;
  return std::abs(bound - objective) / std::max(1.0, std::abs(objective));
}

bool within_gap_tolerances(double objective, double bound, double relative_gap, double absolute_gap) {
  const double gap = std::abs(bound - objective);
  return gap <= relative_gap * std::max(1.0, std::abs(objective)) || gap <= absolute_gap;
}

namespace {

class BranchAndBound {
 public:
  // `original` judges solutions; `working` (the same columns, strengthened, with root cuts) is
  // solved; `without_cuts` is `working` before the cuts, the fallback relaxation.
  // `start_basis`, if not empty, is where the root LP starts: the root cuts' optimal basis of
  // `working`'s LP, or else the caller's MipOptions::start_basis (ignored if it is no basis of
  // that LP). `root_lp_work` is what the root LP cost from scratch (iterations; for a caller's
  // basis what the caller says it cost, MipOptions::start_basis_lp_iterations): the budgets that
  // scale with the LP work so far (strong branching's iteration limit is twice the average node
  // LP) count it as if the root had paid it, or they would start near zero.
  BranchAndBound(const core::Model& original, const core::Model& working, const core::Model& without_cuts,
                 const MipOptions& options, std::vector<lp::VarStatus> start_basis = {},
                 long long root_lp_work = 0);
  // A heuristic run or an LP solved ahead still in flight (the search threw) ends before the
  // members it reads.
  ~BranchAndBound() {
    beside_run_.reset();
    sb_probes_.reset();  // before the LPs ahead it pauses
    lps_ahead_.reset();
  }
  BranchAndBound(const BranchAndBound&) = delete;
  BranchAndBound& operator=(const BranchAndBound&) = delete;
  MipResult run();

 private:
  // memory: node_memory_stop_bytes or std::bad_alloc; fault: an exception (a plug-in, the LP
  // layer); lp_failures: kMaxFailedNodeLps node LPs failed.
  enum class Stop { none, optimal, time, nodes, lp_iterations, interrupt, memory, fault, lp_failures };

  // --- values ---
  double internal(double model_value) const { return sigma_ * model_value; }
  double external(double internal_value) const { return sigma_ * internal_value; }
  double effective(double bound) const;  // integral-objective rounding of a bound
  double gap_tolerance() const;          // allowed |incumbent - bound|, internal units
  // What a complete search may leave between incumbent and bound and still be optimal: LP noise.
  // LP noise scales with the objective's terms, not with their sum (which may cancel to 0).
  double noise_tolerance() const {
    return std::max(gap_tolerance(), core::tol::kMipGapFloorRelative *
                                         std::max({1.0, std::abs(incumbent_), objective_magnitude_}));
  }
  double cutoff() const;                 // nodes with effective bound >= this are pruned
  double lp_cutoff() const;              // the raw LP value past which a node is pruned
  double global_bound() const;
  void note_pruned(double bound) { pruned_floor_ = std::min(pruned_floor_, bound); }
  // With MipOptions::debug_solution: throws if the current node holds that solution and
  // `claimed` (internal) is above its objective, i.e. a pruning decision would be wrong.
  void check_debug(double claimed, const char* decision) const;
  // Whether MipOptions::debug_solution (not empty) lies in the current node's box, integers
  // within the integrality tolerance.
  bool debug_solution_in_node() const;

  // --- incumbent ---
  // Checks a candidate (rounding, polishing its continuous part by the LP) and makes it the
  // incumbent if it is better. `judged`, if given, receives the internal objective of the
  // solution that passed the check (NaN if none did).
  bool try_incumbent(const std::vector<double>& x, char source, double* judged = nullptr);
  // The objective (model sense) of a candidate whose integers are exact and that passes the
  // model's check; nullopt otherwise. Reads only the model: safe beside the search.
  std::optional<double> judge_exact(const std::vector<double>& x) const;
  // Starts the heuristics that run beside the search (`chosen`, indices into heuristics_, due at
  // this node) on a copy of `ctx`; adopt_beside_heuristics waits for them and tries their
  // solutions, in the order found, as incumbents.
  void launch_beside_heuristics(const NodeContext& ctx, const std::vector<std::size_t>& chosen);
  void adopt_beside_heuristics();
  bool accept_if_better(const std::vector<double>& x, char source, double* judged = nullptr);
  void on_new_incumbent();

  // --- nodes ---
  bool apply_node_bounds(const OpenNode& node);
  // Conflicts (conflict_pool.hpp): learns from the LP just solved, whose bound pruned the node;
  // propagates the pool on the node in hand before its LP (false: pruned; tightenings join
  // node.path).
  void learn_conflict();
  // The same from the Farkas ray of an infeasible node LP (conflict_pool.hpp).
  void learn_infeasibility_conflict();
  bool propagate_conflicts(OpenNode& node);
  // Domain propagation (node_propagation.hpp) on the node in hand before its LP (false: pruned,
  // the box holds no integer point; tightenings join node.path).
  bool propagate_rows(OpenNode& node);
  // For a decision before the node LP (conflicts, propagation) that pruned the node or tightened
  // its box from [before_lower, before_upper]: with MipOptions::debug_solution, throws if the
  // debug solution was in that box and the decision removed it while claiming `claimed`.
  void check_debug_removal(std::vector<double>& before_lower, std::vector<double>& before_upper, bool pruned,
                           const std::vector<BoundChange>& tightenings, double claimed, const char* decision);
  // Those tightenings then join the node's changes, pruned or not (the next node's
  // apply_node_bounds puts every column in lp_dirty_ back to its global bounds), and, if the
  // node lives on, its path.
  void adopt_tightenings(OpenNode& node, std::vector<BoundChange> tightenings, bool pruned);
  // Processes `node`; returns the children to visit (0 or 2), preferred child first.
  std::vector<OpenNode> process(OpenNode node);
  void reduced_cost_fixing(const std::vector<double>& x, const std::vector<double>& reduced_cost, double lp_value,
                           bool global, std::vector<BoundChange>* local);
  std::vector<int> fractional_columns(const std::vector<double>& x, double tolerance) const;
  double node_estimate(double lp_value, const std::vector<int>& fractional, const std::vector<double>& x) const;
  OpenNode select_from_queue();
  bool keep_plunging(const OpenNode& child) const;
  // Orbital branching on the count (member_symmetry.hpp) on binary column j, fractional in the
  // node's LP solution x: the children, or nullopt when j's orbit at this node is j alone.
  std::optional<BranchChildren> orbit_children(int j, const std::vector<double>& x) const;
  // Queued nodes' LPs solved ahead (node_lps_ahead.hpp): a job for a child about to be queued
  // from the node just processed (its LP starts from child.basis, that node's final basis); and,
  // for the node taken next, the basis that job ended with.
  void solve_ahead(OpenNode& child);
  void take_solved_ahead(OpenNode& node);
  Stop check_limits() const;
  // The part of check_limits that reads only the clock and the interrupt flag: safe from the
  // thread of heuristics beside the search.
  bool interrupted_or_out_of_time() const;

  // --- log ---
  void log_header();
  void log_line(char source);
  void log_summary(const MipResult& result);

  const core::Model& model_;
  MipOptions options_;
  const int n_;
  const double sigma_;
  core::Timer timer_;
  std::vector<lp::VarStatus> start_basis_;    // see the constructor
  std::vector<lp::VarStatus> root_lp_basis_;  // the root LP's optimal basis: MipResult::root_basis
  long long root_lp_work_ = 0;
  NodeLp lp_;
  std::vector<double> global_lower_, global_upper_;
  std::vector<int> integer_columns_;
  bool objective_integral_ = false;  // every solution's objective is on the grid below
  double grid_scale_ = 1.0, grid_offset_ = 0.0;  // values grid_offset_ + k / grid_scale_

  std::vector<double> incumbent_x_;
  double incumbent_ = kInfinity;  // internal
  int solutions_found_ = 0;
  char last_solution_source_ = ' ';

  NodeQueue queue_;
  double pruned_floor_ = kInfinity;       // least bound of the leaves cut off so far (and of
                                          // nodes a fault or stop left unqueued)
  double processing_bound_ = kInfinity;   // bound of the node in hand (not in the queue)
  long long unresolved_nodes_ = 0;        // nodes whose LP failed: their bound is the parent's
  long long rejected_leaves_ = 0;         // integral LP optima that failed the model's check
  long long relaxed_nodes_ = 0;           // node LPs solved without the root cuts after trouble

  Pseudocosts pseudocosts_;
  std::unique_ptr<BranchingRule> branching_;
  std::vector<std::unique_ptr<PrimalHeuristic>> heuristics_;
  std::vector<MipResult::HeuristicStats> heuristic_stats_;  // one per heuristics_ entry

  // Root LP for reduced-cost fixing whenever the incumbent improves.
  bool have_root_ = false;
  double root_bound_ = -kInfinity;  // internal
  double root_value_ = 0.0;         // internal
  double objective_magnitude_ = 0.0;  // sum |c_j x_j| at the root LP: the scale of LP noise
  std::vector<double> root_x_, root_reduced_cost_;

  ConflictPool conflicts_;
  long long conflict_prunes_ = 0, conflict_tightenings_ = 0;
  // Built at the first node after the root, over the LP's model (root cuts included).
  std::unique_ptr<NodePropagator> propagator_;
  long long propagation_prunes_ = 0, propagation_tightenings_ = 0, propagation_row_visits_ = 0;
  double propagation_seconds_ = 0.0;
  // Dual-step bounds of the branching candidates' children (MipOptions::dual_step_bounds).
  long long dual_step_prunes_ = 0, dual_step_tightenings_ = 0;
  long long dual_step_idle_candidates_ = 0;  // bounded since the last prune or fixing
  double dual_step_seconds_ = 0.0;
  lp::DualStepScratch dual_step_scratch_;
  // Heuristics that run beside the search (heuristics_beside_search.hpp): the run in flight,
  // which heuristics_ it holds, and the node count or the search's LP iterations
  // (lp_.total_iterations()) at which its solutions are adopted, whichever comes first.
  std::optional<HeuristicsBesideSearch> beside_run_;
  std::vector<std::size_t> beside_heuristics_;
  long long beside_adopt_at_nodes_ = 0, beside_adopt_at_iterations_ = 0;
  double heuristic_seconds_beside_ = 0.0;  // MipTimes::heuristics_beside
  // Queued nodes' LPs solved ahead (MipOptions::node_lps_ahead), and the global bounds as the
  // jobs see them (shared by jobs until the global bounds change).
  std::unique_ptr<NodeLpsAhead> lps_ahead_;
  // Strong branching on copies of the node's LP (MipOptions::parallel_strong_branching).
  std::unique_ptr<StrongBranchingProbes> sb_probes_;
  long long sb_children_beside_ = 0;
  double sb_seconds_beside_ = 0.0;
  std::shared_ptr<const std::vector<double>> ahead_global_lower_, ahead_global_upper_;
  long long ahead_used_ = 0;  // nodes started from a job's basis
  long long ahead_jobs_beside_ = 0, ahead_jobs_here_ = 0;  // what the run did, once it ends
  double ahead_seconds_beside_ = 0.0, ahead_seconds_here_ = 0.0, ahead_seconds_waited_ = 0.0;
  long long propagated_nodes_ = 0;
  bool propagation_idle_ = false;  // MipOptions::node_propagation_idle_nodes passed without a find

  // Columns whose LP bounds differ from the global ones (the current node's changes).
  std::vector<int> lp_dirty_;
  std::vector<char> dirty_mark_;  // 1: in lp_dirty_; 2: being collected by apply_node_bounds
  std::vector<int> pending_global_;  // globally tightened columns not yet given to the LP
  std::vector<double> node_lower_, node_upper_;
  MemberOrbits orbits_;  // the member symmetries that passed their check
  long long orbital_branchings_ = 0, symmetry_fixings_ = 0;

  long long nodes_ = 0;
  int max_depth_ = 0;
  int plunge_depth_ = 0;
  long long selections_ = 0;
  bool memory_tight_ = false;
  double next_log_ = 0.0;
  bool unbounded_ = false;
  std::string failure_;
  std::string last_lp_failure_;  // status of the last node LP that failed even from scratch
  std::string stop_reason_;      // for Stop::memory, fault and lp_failures: the message
};

BranchAndBound::BranchAndBound(const core::Model& original, const core::Model& model,
                               const core::Model& without_cuts, const MipOptions& options,
                               std::vector<lp::VarStatus> start_basis, long long root_lp_work)
    : model_(original),
      options_(options),
      n_(model.num_cols()),
      sigma_(model.sense == core::ObjectiveSense::minimize ? 1.0 : -1.0),
      lp_(model,
          [&] {
            lp::LpOptions o = options.lp;
            if (o.interrupt == nullptr) o.interrupt = options.interrupt;
            return o;
          }(),
          timer_, options.time_limit_seconds),
      global_lower_(model.col_lower),
      global_upper_(model.col_upper),
      pseudocosts_(model.num_cols()),
      dirty_mark_(model.num_cols(), 0),
      node_lower_(model.col_lower),
      node_upper_(model.col_upper),
      orbits_(options.member_symmetries, model.num_cols()) {
  for (int j = 0; j < n_; ++j)
    if (model.is_integer[j]) {
      integer_columns_.push_back(j);
      // An integer column's bounds may be rounded inward without losing a solution.
      global_lower_[j] = std::ceil(global_lower_[j] - core::tol::kIntegrality);
      global_upper_[j] = std::floor(global_upper_[j] + core::tol::kIntegrality);
    }
  // Every solution's objective lies on the grid c0 + k / s when all objective coefficients sit on
  // integer columns and are multiples of 1 / s: bounds may then be rounded up to the grid.
  std::vector<double> coefficients;
  bool on_integers = true;
  for (int j = 0; j < n_; ++j)
    if (model.objective[j] != 0.0) {
      on_integers = on_integers && model.is_integer[j];
      coefficients.push_back(model.objective[j]);
    }
  const long long scale = on_integers && !coefficients.empty() ? objective_grid_scale(coefficients) : 0;
  objective_integral_ = scale > 0;
  grid_scale_ = static_cast<double>(scale);
  grid_offset_ = sigma_ * model.objective_constant;

  if (without_cuts.num_rows() != model.num_rows()) lp_.set_relaxation(without_cuts);
  branching_ = options.branching ? options.branching() : make_branching_rule("reliability");
  const std::vector<HeuristicFactory> factories = options.heuristics ? *options.heuristics : default_heuristics();
  for (const auto& make : factories) heuristics_.push_back(make());
  for (const auto& h : heuristics_) {
    MipResult::HeuristicStats stats;
    stats.name = h->name();
    stats.letter = h->log_letter();
    heuristic_stats_.push_back(stats);
  }
  start_basis_ = std::move(start_basis);
  if (!start_basis_.empty()) root_lp_work_ = root_lp_work;
}

double BranchAndBound::effective(double bound) const {
  if (!objective_integral_ || !std::isfinite(bound)) return bound;
  const double k = (bound - grid_offset_) * grid_scale_;
  const double slack = std::max(kIntegralObjectiveSlackAbsolute, kIntegralObjectiveSlackRelative * std::abs(k));
  return grid_offset_ + std::ceil(k - slack) / grid_scale_;
}

double BranchAndBound::gap_tolerance() const {
  if (!std::isfinite(incumbent_)) return 0.0;
  return mip::gap_tolerance(incumbent_, options_.relative_gap, options_.absolute_gap);
}

double BranchAndBound::cutoff() const {
  return std::isfinite(incumbent_) ? incumbent_ - gap_tolerance() : kInfinity;
}

double BranchAndBound::lp_cutoff() const {
  if (!std::isfinite(incumbent_)) return kInfinity;
  if (!objective_integral_) return cutoff();
  // effective(b) >= cutoff() holds for every b above this (effective rounds b - slack up to the
  // grid): with K the least grid index at or above the cutoff, b > grid point K-1 (+ slack) does.
  const double k = std::ceil((cutoff() - grid_offset_) * grid_scale_ - kIntegralObjectiveSlackAbsolute);
  const double slack = std::max(kIntegralObjectiveSlackAbsolute, kIntegralObjectiveSlackRelative * std::abs(k));
  return grid_offset_ + (k - 1.0 + 2.0 * slack) / grid_scale_;
}

double BranchAndBound::global_bound() const {
  double b = std::min({queue_.best_bound(), pruned_floor_, processing_bound_});
  if (options_.known_bound) b = std::max(b, internal(*options_.known_bound));
  return std::min(b, incumbent_);
}

// --- incumbent ---

bool BranchAndBound::try_incumbent(const std::vector<double>& candidate, char source, double* judged) {
  if (judged != nullptr) *judged = std::numeric_limits<double>::quiet_NaN();
  if (static_cast<int>(candidate.size()) != n_) return false;
  // (model_ is the original model: a strengthened row or a cut never judges a solution.)
  std::vector<double> x = candidate;
  bool exact = true;
  for (int j : integer_columns_) {
    x[j] = std::round(x[j]);
    exact = exact && std::abs(candidate[j] - x[j]) <= kExactIntegrality;
    if (x[j] < model_.col_lower[j] || x[j] > model_.col_upper[j]) return false;
  }
  if (exact || integer_columns_.empty()) return check_solution(model_, x).ok && accept_if_better(x, source, judged);
  // Integers within the integrality tolerance but not exact: the continuous part may live off
  // the difference (a binary at 1e-8 under a big-M opens 1e-8 * M). The LP with the integers
  // fixed at their rounded values gives the honest value of this assignment; its answer decides.
  {
    LpProbe probe(lp_, LpProbe::Purpose::heuristic);
    for (int j : integer_columns_) probe.set_bounds(j, x[j], x[j]);
    const lp::LpStatus status = probe.solve();
    if (status == lp::LpStatus::optimal) {
      std::vector<double> polished = probe.result().x;
      for (int j : integer_columns_) polished[j] = x[j];
      probe.restore();
      if (check_solution(model_, polished).ok) return accept_if_better(polished, source, judged);
    } else if (status == lp::LpStatus::cutoff || status == lp::LpStatus::infeasible) {
      return false;  // the exact assignment cannot beat the incumbent, or has no completion
    }
  }
  // The working LP (it carries the root cuts, whose rows can make its answers noisier) gave no
  // completion that passes the check: a cold LP on the original model with the integers fixed
  // decides. Measured on a 5-step fleet with Gomory and c-MIR cuts: the working LP's completion
  // missed a minimum-bid row by 1.3e-7, and the candidate that then passed on tolerances alone
  // (binaries at 2.6e-7) claimed 2.1e-5 EUR where exact binaries earn 0.
  {
    core::Model fixed = model_;
    for (int j : integer_columns_) fixed.col_lower[j] = fixed.col_upper[j] = x[j];
    lp::LpOptions cold = options_.lp;
    if (cold.interrupt == nullptr) cold.interrupt = options_.interrupt;
    const lp::LpResult r = lp::solve_lp(fixed, cold);
    if (r.status == lp::LpStatus::optimal) {
      std::vector<double> polished = r.x;
      for (int j : integer_columns_) polished[j] = x[j];
      if (check_solution(model_, polished).ok) return accept_if_better(polished, source, judged);
    } else if (r.status == lp::LpStatus::infeasible) {
      return false;
    }
  }
  // The LP could not settle it: judge the candidate by the tolerances alone.
  if (check_solution(model_, x).ok) return accept_if_better(x, source, judged);
  return check_solution(model_, candidate).ok && accept_if_better(candidate, source, judged);
}

std::optional<double> BranchAndBound::judge_exact(const std::vector<double>& x) const {
  if (static_cast<int>(x.size()) != n_) return std::nullopt;
  for (int j : integer_columns_)
    if (std::abs(x[j] - std::round(x[j])) > kExactIntegrality) return std::nullopt;
  if (!check_solution(model_, x).ok) return std::nullopt;
  return model_.objective_value(x);
}

void BranchAndBound::launch_beside_heuristics(const NodeContext& ctx, const std::vector<std::size_t>& chosen) {
  if (interrupted_or_out_of_time()) return;
  std::vector<PrimalHeuristic*> heuristics;
  for (std::size_t h : chosen) heuristics.push_back(heuristics_[h].get());
  beside_heuristics_ = chosen;
  beside_adopt_at_nodes_ = nodes_ + options_.beside_heuristics_nodes;
  beside_adopt_at_iterations_ = lp_.total_iterations() + options_.beside_heuristics_lp_iterations;
  // What the second thread may read of the search: the model, the interrupt flag and the clock.
  beside_run_.emplace(
      ctx, std::move(heuristics), [this](const std::vector<double>& x) { return judge_exact(x); },
      [this] { return interrupted_or_out_of_time(); }, options_.threads >= 2);
}

void BranchAndBound::adopt_beside_heuristics() {
  if (!beside_run_) return;
  const auto who = [&] {
    const std::size_t k = beside_run_->failed().value_or(0);
    return "primal heuristic '" + heuristics_[beside_heuristics_[k]]->name() + "'";
  };
  try {
    heuristic_seconds_beside_ += call_plugin(who, [&] { return beside_run_->finish(); });
  } catch (...) {
    beside_run_.reset();
    throw;
  }
  for (std::size_t k = 0; k < beside_heuristics_.size(); ++k) {
    heuristic_stats_[beside_heuristics_[k]].calls += beside_run_->calls(k);
    heuristic_stats_[beside_heuristics_[k]].seconds += beside_run_->seconds(k);
  }
  const std::vector<HeuristicsBesideSearch::Found> found = beside_run_->take_found();
  beside_run_.reset();
  for (const HeuristicsBesideSearch::Found& f : found) {
    MipResult::HeuristicStats& stats = heuristic_stats_[beside_heuristics_[f.heuristic]];
    if (try_incumbent(f.x, stats.letter)) ++stats.improvements;
  }
}

bool BranchAndBound::accept_if_better(const std::vector<double>& given, char source, double* judged) {
  // Values within the feasibility tolerance of a bound are put on it when the solution still
  // passes the check: an LP answer may leave 5e-8 MW bid on a market whose binary is 0, which
  // is feasible within tolerance but earns a phantom 2e-6.
  std::vector<double> x = given;
  bool snapped = false;
  for (int j = 0; j < n_; ++j)
    for (const double b : {model_.col_lower[j], model_.col_upper[j]})
      if (std::isfinite(b) && x[j] != b &&
          std::abs(x[j] - b) <= core::tol::kPrimalFeasibility * std::max(1.0, std::abs(b))) {
        x[j] = b;
        snapped = true;
      }
  if (snapped && !check_solution(model_, x).ok) x = given;
  const double value = internal(model_.objective_value(x));
  if (judged != nullptr) *judged = value;
  if (!(value < incumbent_)) return false;
  incumbent_x_ = std::move(x);  // first, and without allocating: value and solution always match
  incumbent_ = value;
  ++solutions_found_;
  last_solution_source_ = source;
  on_new_incumbent();
  log_line(source);
  return true;
}

void BranchAndBound::on_new_incumbent() {
  lp_.set_cutoff(external(lp_cutoff()));
  note_pruned(queue_.prune(cutoff()));
  if (have_root_ && options_.reduced_cost_fixing) {
    reduced_cost_fixing(root_x_, root_reduced_cost_, root_value_, true, nullptr);
  }
}

// --- reduced-cost fixing (Achterberg 2007, sec. 7.7) ---
// For a column nonbasic at its lower bound l with reduced cost d > 0 (minimisation terms), every
// solution of the LP's box satisfies c^T x >= z + d (x_j - l): values x_j > l + (cutoff - z) / d
// cannot beat the cutoff. Symmetric at the upper bound.
void BranchAndBound::reduced_cost_fixing(const std::vector<double>& x, const std::vector<double>& reduced_cost,
                                         double z, bool global,
                                         std::vector<BoundChange>* local) {
  if (!std::isfinite(incumbent_)) return;
  const double allowed = lp_cutoff() - z;
  if (!(allowed >= 0)) return;
  for (int j : integer_columns_) {
    const double d = sigma_ * reduced_cost[j];
    if (d == 0.0) continue;
    const double lo = global ? global_lower_[j] : node_lower_[j];
    const double hi = global ? global_upper_[j] : node_upper_[j];
    if (lo == hi) continue;
    double new_lo = lo, new_hi = hi, removed_bound;
    if (d > 0 && x[j] <= lo + core::tol::kIntegrality && std::isfinite(lo)) {
      const double steps = std::floor(allowed / d);
      if (lo + steps >= hi) continue;
      new_hi = lo + steps;
      removed_bound = z + d * (steps + 1.0);
    } else if (d < 0 && x[j] >= hi - core::tol::kIntegrality && std::isfinite(hi)) {
      const double steps = std::floor(allowed / -d);
      if (hi - steps <= lo) continue;
      new_lo = hi - steps;
      removed_bound = z - d * (steps + 1.0);
    } else {
      continue;
    }
    // The part cut away holds no solution below removed_bound: it counts as a pruned leaf.
    if (!options_.debug_solution.empty() && (options_.debug_solution[j] < new_lo - core::tol::kIntegrality ||
                                             options_.debug_solution[j] > new_hi + core::tol::kIntegrality))
      check_debug(effective(removed_bound), global ? "root reduced-cost fixing" : "reduced-cost fixing");
    note_pruned(effective(removed_bound));
    if (global) {
      // Applied to the LP by the next apply_node_bounds (a probe may hold the LP right now).
      // The claim holds for every integer point, so it holds for the column's images under the
      // member symmetries too: no integer point that beats the cutoff has them beyond the bound.
      for (int image : orbits_.images(j)) {
        const double lo_image = std::max(global_lower_[image], new_lo);
        const double hi_image = std::min(global_upper_[image], new_hi);
        if (lo_image == global_lower_[image] && hi_image == global_upper_[image]) continue;
        if (!options_.debug_solution.empty() &&
            (options_.debug_solution[image] < lo_image - core::tol::kIntegrality ||
             options_.debug_solution[image] > hi_image + core::tol::kIntegrality))
          check_debug(effective(removed_bound), "root reduced-cost fixing of a symmetric image");
        global_lower_[image] = lo_image;
        global_upper_[image] = hi_image;
        pending_global_.push_back(image);
        if (image != j) ++symmetry_fixings_;
      }
    } else if (local != nullptr) {
      local->push_back({j, new_lo, new_hi});
      node_lower_[j] = new_lo;
      node_upper_[j] = new_hi;
      // Valid for this node's LP at once; the column is now one of the node's changes.
      lp_.set_bounds(j, new_lo, new_hi);
      if (!dirty_mark_[j]) {
        dirty_mark_[j] = 1;
        lp_dirty_.push_back(j);
      }
    }
  }
}

std::optional<BranchChildren> BranchAndBound::orbit_children(int j, const std::vector<double>& x) const {
  if (orbits_.empty()) return std::nullopt;
  const auto value = [&](int k) { return std::clamp(x[k], node_lower_[k], node_upper_[k]); };
  if (std::floor(value(j)) != 0.0 || std::ceil(value(j)) != 1.0) return std::nullopt;
  std::vector<int> orbit = orbits_.orbit(j, node_lower_, node_upper_);
  if (orbit.size() < 2) return std::nullopt;
  // On a binary of a member whose place in r members alike at this node holds LP values of sum
  // S, the children are "at least c of them are 1" and "at most c - 1", c = ceil(S) (S + 1 if
  // integral); the members being alike, the 1s may be taken to be the first ones, so the
  // children fix the first c to 1 and the last r - c + 1 to 0. Column j is the first: the up
  // child holds x_j = 1; the others follow by falling LP value, so each child moves the LP
  // point as little as it can.
  std::stable_sort(orbit.begin() + 1, orbit.end(), [&](int a, int b) { return value(a) > value(b); });
  double sum = 0.0;
  for (int k : orbit) sum += value(k);
  const double rounded = std::round(sum);
  const int r = static_cast<int>(orbit.size());
  const int c = std::clamp(std::abs(sum - rounded) <= core::tol::kIntegrality ? static_cast<int>(rounded) + 1
                                                                               : static_cast<int>(std::ceil(sum)),
                           1, r);
  BranchChildren children;
  for (int k = 0; k < c; ++k) {
    children.up.push_back({orbit[k], 1.0, 1.0});
    children.up_distance += 1.0 - value(orbit[k]);
  }
  for (int k = c - 1; k < r; ++k) {
    children.down.push_back({orbit[k], 0.0, 0.0});
    children.down_distance += value(orbit[k]);
  }
  children.orbit_key = *std::min_element(orbit.begin(), orbit.end());
  return children;
}

bool BranchAndBound::debug_solution_in_node() const {
  const std::vector<double>& d = options_.debug_solution;
  for (int j : integer_columns_)
    if (d[j] < node_lower_[j] - core::tol::kIntegrality || d[j] > node_upper_[j] + core::tol::kIntegrality) return false;
  return true;
}

void BranchAndBound::check_debug(double claimed, const char* decision) const {
  const std::vector<double>& d = options_.debug_solution;
  if (d.empty() || !debug_solution_in_node()) return;
  const double value = internal(model_.objective_value(d));
  if (claimed > value + 1e-6 * (1.0 + std::abs(value)))
    throw DebugSolutionCutOff(std::string("debug solution cut off by ") + decision + " at node " +
                           std::to_string(nodes_) + ": claimed bound " + std::to_string(external(claimed)) +
                           ", debug solution's objective " + std::to_string(external(value)));
}

// --- nodes ---

bool BranchAndBound::apply_node_bounds(const OpenNode& node) {
  std::vector<int> touched;
  for (const PathStep* step = node.path.get(); step != nullptr; step = step->parent.get())
    for (const BoundChange& c : step->changes) {
      if (dirty_mark_[c.column] != 2) {
        dirty_mark_[c.column] = 2;
        touched.push_back(c.column);
        node_lower_[c.column] = global_lower_[c.column];
        node_upper_[c.column] = global_upper_[c.column];
      }
      node_lower_[c.column] = std::max(node_lower_[c.column], c.lower);
      node_upper_[c.column] = std::min(node_upper_[c.column], c.upper);
    }
  // Global bounds tightened since the last node (reduced-cost fixing at the root).
  for (int j : pending_global_)
    if (dirty_mark_[j] == 0) {
      node_lower_[j] = global_lower_[j];
      node_upper_[j] = global_upper_[j];
      lp_.set_bounds(j, global_lower_[j], global_upper_[j]);
    }
  pending_global_.clear();
  // Columns changed for the previous node but not for this one go back to the global bounds.
  for (int j : lp_dirty_)
    if (dirty_mark_[j] != 2) {
      dirty_mark_[j] = 0;
      node_lower_[j] = global_lower_[j];
      node_upper_[j] = global_upper_[j];
      lp_.set_bounds(j, global_lower_[j], global_upper_[j]);
    }
  bool empty = false;
  for (int j : touched) {
    dirty_mark_[j] = 1;
    if (node_lower_[j] > node_upper_[j]) empty = true;
  }
  lp_dirty_ = std::move(touched);
  if (empty) return false;
  for (int j : lp_dirty_) lp_.set_bounds(j, node_lower_[j], node_upper_[j]);
  return true;
}

// --- conflicts (conflict_pool.hpp) ---
void BranchAndBound::learn_conflict() {
  if (!options_.conflicts || !std::isfinite(incumbent_)) return;
  const lp::LpResult& r = lp_.result();
  if (r.row_dual.empty()) return;
  conflicts_.learn(lp_.model(), r.row_dual, global_lower_, global_upper_, lp_.model().is_integer);
}

void BranchAndBound::learn_infeasibility_conflict() {
  if (!options_.conflicts) return;
  const lp::LpResult& r = lp_.result();
  if (r.farkas_row_multipliers.empty()) return;
  conflicts_.learn_infeasibility(lp_.model(), r.farkas_row_multipliers, node_lower_, node_upper_, global_lower_,
                                 global_upper_, lp_.model().is_integer);
}

bool BranchAndBound::propagate_conflicts(OpenNode& node) {
  // Without an incumbent only the conflicts of infeasible nodes can decide (cutoff() is infinite).
  if (!options_.conflicts || conflicts_.size() == 0) return true;
  std::vector<double> before_lower, before_upper;
  if (!options_.debug_solution.empty()) {
    before_lower = node_lower_;
    before_upper = node_upper_;
  }
  ConflictPool::Outcome out = conflicts_.propagate(node_lower_, node_upper_, lp_dirty_, cutoff(), lp_cutoff());
  // What the pool claims: nothing it removes beats the cutoff (a pool whose bound is wrong is
  // caught even if that bound itself stays below the debug solution's value). The tightenings
  // claim only that (lp_cutoff): a solution as good as the incumbent may go with them, and then
  // the pruned rest of the box says nothing about it.
  // The conflicts of infeasible nodes claim more: no point at all. A tightening does not say which
  // conflict made it, so they are held to the weaker claim.
  double claimed = lp_cutoff();
  if (out.prune && !options_.debug_solution.empty() && debug_solution_in_node())
    claimed = out.prune_infeasible ? kInfinity : std::max(out.bound, cutoff());
  check_debug_removal(before_lower, before_upper, out.prune, out.tightenings, claimed, "a conflict");
  conflict_tightenings_ += static_cast<long long>(out.tightenings.size());
  adopt_tightenings(node, std::move(out.tightenings), out.prune);
  if (out.prune) {
    ++conflict_prunes_;
    note_pruned(out.prune_infeasible ? kInfinity : effective(out.bound));
    return false;
  }
  return true;
}

void BranchAndBound::check_debug_removal(std::vector<double>& before_lower, std::vector<double>& before_upper,
                                         bool pruned, const std::vector<BoundChange>& tightenings, double claimed,
                                         const char* decision) {
  if (options_.debug_solution.empty() || (!pruned && tightenings.empty())) return;
  bool removed = pruned;
  for (const BoundChange& c : tightenings)
    removed = removed || options_.debug_solution[c.column] < c.lower - core::tol::kIntegrality ||
              options_.debug_solution[c.column] > c.upper + core::tol::kIntegrality;
  if (!removed) return;
  // Judged on the box before the decision changed it.
  std::swap(before_lower, node_lower_);
  std::swap(before_upper, node_upper_);
  check_debug(claimed, decision);
  std::swap(before_lower, node_lower_);
  std::swap(before_upper, node_upper_);
}

void BranchAndBound::adopt_tightenings(OpenNode& node, std::vector<BoundChange> tightenings, bool pruned) {
  for (const BoundChange& c : tightenings) {
    lp_.set_bounds(c.column, node_lower_[c.column], node_upper_[c.column]);
    if (!dirty_mark_[c.column]) {
      dirty_mark_[c.column] = 1;
      lp_dirty_.push_back(c.column);
    }
  }
  if (!pruned && !tightenings.empty())
    node.path = std::make_shared<PathStep>(PathStep{std::move(tightenings), node.path});
}

bool BranchAndBound::propagate_rows(OpenNode& node) {
  if (!options_.node_propagation || propagation_idle_ || lp_dirty_.empty()) return true;
  if (!propagator_) propagator_ = std::make_unique<NodePropagator>(lp_.model(), global_lower_, global_upper_);
  std::vector<double> before_lower, before_upper;
  if (!options_.debug_solution.empty()) {
    before_lower = node_lower_;
    before_upper = node_upper_;
  }
  const core::Timer propagation_clock;
  NodePropagator::Outcome out = propagator_->propagate(node_lower_, node_upper_, lp_dirty_);
  propagation_seconds_ += propagation_clock.seconds();
  propagation_row_visits_ += out.row_visits;
  // What propagation claims: the part it removes holds no feasible point at all.
  check_debug_removal(before_lower, before_upper, out.infeasible, out.tightenings, kInfinity, "node propagation");
  propagation_tightenings_ += static_cast<long long>(out.tightenings.size());
  if (out.infeasible) ++propagation_prunes_;
  ++propagated_nodes_;
  if (options_.node_propagation_idle_nodes > 0 && propagated_nodes_ >= options_.node_propagation_idle_nodes &&
      propagation_tightenings_ == 0 && propagation_prunes_ == 0)
    propagation_idle_ = true;
  adopt_tightenings(node, std::move(out.tightenings), out.infeasible);
  if (out.infeasible) {
    note_pruned(kInfinity);
    return false;
  }
  return true;
}

std::vector<int> BranchAndBound::fractional_columns(const std::vector<double>& x, double tolerance) const {
  // A value a hair outside the node's bounds (within the LP's feasibility tolerance) is judged
  // at the bound, so that no candidate has an empty child.
  std::vector<int> out;
  for (int j : integer_columns_) {
    const double v = std::clamp(x[j], node_lower_[j], node_upper_[j]);
    if (std::abs(v - std::round(v)) > tolerance) out.push_back(j);
  }
  return out;
}

double BranchAndBound::node_estimate(double lp_value, const std::vector<int>& fractional,
                                     const std::vector<double>& x) const {
  double estimate = lp_value;
  for (int j : fractional) {
    const double f = x[j] - std::floor(x[j]);
    estimate += std::min(pseudocosts_.expected(j, false, f), pseudocosts_.expected(j, true, 1.0 - f));
  }
  return estimate;
}

std::vector<OpenNode> BranchAndBound::process(OpenNode node) {
  processing_bound_ = node.bound;
  max_depth_ = std::max(max_depth_, node.depth);
  if (!apply_node_bounds(node)) {
    check_debug(kInfinity, "an empty box");
    note_pruned(kInfinity);
    processing_bound_ = kInfinity;
    return {};
  }
  if (nodes_ > 0 && (!propagate_conflicts(node) || !propagate_rows(node))) {
    processing_bound_ = kInfinity;
    return {};
  }
  if (node.basis) {
    if (node.basis->edge_weights().empty()) lp_.set_basis(node.basis->unpack());
    else lp_.set_basis(node.basis->unpack(), node.basis->edge_weights());
  }
  const bool root = nodes_ == 0;
  const LpWork work = root ? LpWork::root : LpWork::node;

  // A node LP and its fallbacks: after numerical trouble (or an iteration limit) it is solved
  // again from the slack basis, then without the root cuts (cuts can make an LP ill-conditioned:
  // the relaxation without them is weaker but valid).
  const auto solve_node_lp = [&] {
    lp::LpStatus status = lp_.solve(work);
    const auto failed = [&] {
      return status == lp::LpStatus::numerical_trouble || status == lp::LpStatus::iteration_limit;
    };
    if (failed()) {
      lp_.rebuild();
      status = lp_.solve(work);
      if (failed() && lp_.has_relaxation()) {
        ++relaxed_nodes_;
        status = lp_.solve_relaxation(work);
      }
    }
    return status;
  };

  for (int round = 0;; ++round) {
    lp::LpStatus status = solve_node_lp();
    if (round == 0) ++nodes_;
    if (status == lp::LpStatus::cutoff) {
      const double b = effective(internal(lp_.result().dual_bound));
      if (b >= cutoff()) {
        check_debug(b, "an LP cutoff");
        learn_conflict();
        if (root && round == 0) root_bound_ = b;
        note_pruned(std::max(b, node.bound));
        processing_bound_ = kInfinity;
        return {};
      }
      // The dual bound recomputed on the unscaled model does not confirm the cutoff: solve to
      // optimality instead. (The dual objective of an infeasible LP grows without bound, so it
      // passes the cutoff before the ray is found: dcmulti had 122 such nodes per search, which
      // the LP solved on proves infeasible.)
      lp_.set_cutoff(sigma_ * kInfinity);
      status = solve_node_lp();
      lp_.set_cutoff(external(lp_cutoff()));
    }
    if (status == lp::LpStatus::time_limit) {
      // Stopped by the deadline or an interrupt: the node stays open.
      queue_.push(std::move(node));
      processing_bound_ = kInfinity;
      return {};
    }
    if (status == lp::LpStatus::infeasible) {
      check_debug(kInfinity, "an infeasible node LP");
      learn_infeasibility_conflict();
      note_pruned(kInfinity);
      processing_bound_ = kInfinity;
      return {};
    }
    if (status == lp::LpStatus::unbounded) {
      unbounded_ = true;
      failure_ = "the LP relaxation is unbounded";
      processing_bound_ = kInfinity;
      note_pruned(-kInfinity);
      return {};
    }
    if (status != lp::LpStatus::optimal) {
      // The LP failed even from scratch. Its bound stays the parent's (still proven); branch on
      // an unfixed integer column to go on, or give the node up.
      ++unresolved_nodes_;
      last_lp_failure_ = lp::to_string(status);
      int column = -1;
      for (int j : integer_columns_)
        if (node_lower_[j] < node_upper_[j] && (column < 0 || node_upper_[j] - node_lower_[j] >
                                                                  node_upper_[column] - node_lower_[column]))
          column = j;
      processing_bound_ = kInfinity;
      if (column < 0 || !std::isfinite(node_lower_[column]) || !std::isfinite(node_upper_[column])) {
        note_pruned(node.bound);
        failure_ = "a node LP failed (" + lp::to_string(status) + ") even from a fresh factorization";
        return {};
      }
      const double split = std::floor((node_lower_[column] + node_upper_[column]) / 2.0);
      std::vector<OpenNode> children(2);
      for (int k = 0; k < 2; ++k) {
        OpenNode& c = children[k];
        c.path = std::make_shared<PathStep>(PathStep{
            {k == 0 ? BoundChange{column, node_lower_[column], split}
                    : BoundChange{column, split + 1.0, node_upper_[column]}},
            node.path});
        c.bound = c.estimate = node.bound;
        c.depth = node.depth + 1;
      }
      return children;
    }

    // Optimal: a verified LP answer.
    const lp::LpResult lp = lp_.result();  // plug-ins may probe the LP, which overwrites its result
    const double lp_value = internal(lp.objective);
    // Two bounds: the verified LP value, and the Lagrangian bound of its duals recomputed on the
    // unscaled model (rigorous for any duals). LP noise can put either above the other; both are
    // bounds, so the larger counts (an LP point 5e-8 outside a row can score 2e-6 above a
    // Lagrangian bound that sits exactly on the optimum).
    double bound = std::max(node.bound, effective(lp_value));
    if (std::isfinite(lp.dual_bound)) bound = std::max(bound, effective(internal(lp.dual_bound)));
    check_debug(bound, "a node LP bound");
    processing_bound_ = bound;
    // Strong branching on the node's LP left it unscaled and unperturbed for the rest of the
    // search on the coupled fleets (its first probe failed the checks with scaling, and the LP
    // solver then drops both for good); on copies it would stay as the root left it, and the
    // node LPs and the LPs ahead were 10-20% dearer (docs/mip.md section 4). So the node LP
    // drops both after the root when strong branching runs on copies.
    if (root && round == 0 && options_.parallel_strong_branching) lp_.unscale_and_unperturb();
    if (root && round == 0) {
      root_bound_ = bound;
      root_lp_basis_ = lp_.basis();  // kept only over the model's own rows (no cut rows)
      if (root_lp_basis_.size() != static_cast<std::size_t>(model_.num_cols() + model_.num_rows()))
        root_lp_basis_.clear();
      objective_magnitude_ = 0.0;
      for (int j = 0; j < n_; ++j) objective_magnitude_ += std::abs(model_.objective[j] * lp.x[j]);
    }
    if (node.branch_column >= 0 && round == 0)
      pseudocosts_.record(node.branch_column, node.branch_up, node.branch_distance, lp_value - node.parent_lp);
    if (bound >= cutoff()) {
      learn_conflict();
      note_pruned(bound);
      processing_bound_ = kInfinity;
      return {};
    }
    std::vector<int> fractional = fractional_columns(lp.x, core::tol::kIntegrality);
    if (fractional.empty()) {
      // An integral LP optimum is the node's best solution -- if its integers are exact. The
      // node is closed when the incumbent (perhaps this solution, polished) now matches its bound.
      double judged;
      try_incumbent(lp.x, 'L', &judged);
      if (bound >= cutoff()) {
        note_pruned(bound);
        processing_bound_ = kInfinity;
        return {};
      }
      // It does not: the LP's near-integral values bought more than exact integers can. Branch on
      // the columns that are not exactly integral (x <= 0 or x >= 1 for a binary at 1e-8).
      fractional = fractional_columns(lp.x, kBranchableFraction);
      if (fractional.empty()) {
        // Exactly integral, yet the incumbent does not match the bound: the candidate failed the
        // model's check, or was accepted at a value LP noise away from the bound. Either way
        // the bound stays in the proven bound, and the status says what keeps the gap open.
        // An integral LP optimum is the best point of its leaf. If that point passed the check
        // (judged), what separates its value from the LP value is LP noise (basic columns a hair
        // outside their bounds), which the final status allows for; if not, it is counted.
        if (!(judged == judged)) ++rejected_leaves_;
        note_pruned(bound);
        processing_bound_ = kInfinity;
        return {};
      }
    }

    std::vector<BoundChange> local_fixings;
    if (root) {
      have_root_ = true;
      root_value_ = lp.dual_bound == lp.dual_bound && std::isfinite(lp.dual_bound)
                        ? std::min(lp_value, internal(lp.dual_bound))
                        : lp_value;
      root_x_ = lp.x;
      root_reduced_cost_ = lp.reduced_cost;
    }
    if (options_.reduced_cost_fixing && std::isfinite(incumbent_)) {
      const double z = std::isfinite(lp.dual_bound) ? std::min(lp_value, internal(lp.dual_bound)) : lp_value;
      reduced_cost_fixing(lp.x, lp.reduced_cost, z, root, &local_fixings);
    }

    NodeContext ctx{model_,     node_lower_, node_upper_, lp,  external(bound), fractional,
                    std::nullopt, external(cutoff()), node.depth, nodes_,
                    root_lp_work_ + lp_.iterations(LpWork::root) + lp_.iterations(LpWork::node),
                    pseudocosts_, lp_};
    ctx.interrupt = options_.interrupt;
    ctx.seconds_left = options_.time_limit_seconds - timer_.seconds();
    ctx.strong_branching_probes = sb_probes_.get();
    if (const double b = global_bound(); std::isfinite(b)) ctx.global_bound = external(b);
    ctx.relative_gap = options_.relative_gap;
    ctx.absolute_gap = options_.absolute_gap;
    if (!orbits_.empty()) ctx.branch_children = [this, &lp](int j) { return orbit_children(j, lp.x); };
    // The second core runs the heuristics beside the search while they are in flight.
    if (sb_probes_) sb_probes_->allow_second_thread(!beside_run_);
    if (std::isfinite(incumbent_)) {
      ctx.incumbent = external(incumbent_);
      ctx.incumbent_x = &incumbent_x_;
    }

    // Primal heuristics. Those that run beside the search (heuristics_beside_search.hpp) are set
    // aside when due: they run after the others, while the search goes on.
    std::vector<std::size_t> beside;
    for (std::size_t h = 0; h < heuristics_.size(); ++h) {
      PrimalHeuristic& heuristic = *heuristics_[h];
      const auto who = [&] { return "primal heuristic '" + heuristic.name() + "'"; };
      if (options_.beside_heuristics_nodes >= 0 && call_plugin(who, [&] { return heuristic.runs_beside_search(); })) {
        // One run at a time: while one is in flight, none of these is asked.
        if (!beside_run_ && call_plugin(who, [&] { return heuristic.should_run(ctx); })) beside.push_back(h);
        continue;
      }
      if (!call_plugin(who, [&] { return heuristic.should_run(ctx); })) continue;
      core::Timer t;
      MipResult::HeuristicStats& stats = heuristic_stats_[h];
      ++stats.calls;
      call_plugin(who, [&] {
        heuristic.run(ctx, [this, &stats](const std::vector<double>& x) {
          const bool improved = try_incumbent(x, stats.letter);
          if (improved) ++stats.improvements;
          return improved;
        });
      });
      stats.seconds += t.seconds();
      if (std::isfinite(incumbent_)) {
        ctx.incumbent = external(incumbent_);
        ctx.incumbent_x = &incumbent_x_;
      }
      ctx.cutoff = external(cutoff());
      ctx.seconds_left = options_.time_limit_seconds - timer_.seconds();
      if (interrupted_or_out_of_time()) break;
    }
    if (bound >= cutoff()) {
      note_pruned(bound);
      processing_bound_ = kInfinity;
      return {};
    }

    if (!beside.empty()) launch_beside_heuristics(ctx, beside);
    // Both children of one column proven past the cutoff (dual steps, the branching rule): the
    // node is pruned, its bound the better of the children's proven bounds (model sense; a child
    // without one counts as infinite), at least the node's own.
    const auto prune_both_children = [&](const std::optional<double>& down, const std::optional<double>& up,
                                         const char* decision) {
      double floor_bound = kInfinity;
      if (down) floor_bound = std::min(floor_bound, effective(internal(*down)));
      if (up) floor_bound = std::min(floor_bound, effective(internal(*up)));
      check_debug(std::max(bound, floor_bound), decision);
      note_pruned(std::max(bound, floor_bound));
      processing_bound_ = kInfinity;
    };
    // Proven bound changes (dual steps, the branching rule) join the node's path with its local
    // fixings, and the round's loop solves its LP again; false: they left the node empty (pruned).
    const auto join_path_and_apply = [&](const std::vector<BoundChange>& tightenings) {
      std::vector<BoundChange> changes = local_fixings;
      changes.insert(changes.end(), tightenings.begin(), tightenings.end());
      node.path = std::make_shared<PathStep>(PathStep{std::move(changes), node.path});
      node.bound = bound;
      if (apply_node_bounds(node)) return true;
      note_pruned(kInfinity);
      processing_bound_ = kInfinity;
      return false;
    };
    // Children that cannot beat the cutoff, from their dual-step bounds (dual_step_fixing.hpp),
    // before the branching rule spends strong branching on them. Their raw bounds are compared
    // with lp_cutoff(): past it a bound prunes once rounded to an integral objective's grid.
    // Idle for long, they run at every dual_step_thinning-th node only (MipOptions).
    const bool dual_steps_idle = options_.dual_step_idle_candidates > 0 &&
                                 dual_step_idle_candidates_ >= options_.dual_step_idle_candidates &&
                                 options_.dual_step_thinning > 1 && nodes_ % options_.dual_step_thinning != 0;
    if (options_.dual_step_bounds && std::isfinite(cutoff()) && round < kMaxTighteningRounds && !dual_steps_idle) {
      const core::Timer t;
      const DualStepFixings steps =
          dual_step_fixings(lp_, lp, fractional, node_lower_, node_upper_, external(lp_cutoff()), dual_step_scratch_);
      dual_step_seconds_ += t.seconds();
      if (steps.node_cut_off || !steps.fixings.empty()) dual_step_idle_candidates_ = 0;
      else dual_step_idle_candidates_ += static_cast<long long>(fractional.size());
      if (steps.node_cut_off) {
        ++dual_step_prunes_;
        prune_both_children(steps.down_bound, steps.up_bound, "dual-step bounds (both children cut off)");
        return {};
      }
      if (!steps.fixings.empty()) {
        // A fixing that removes the debug solution must have proven the removed child's bound.
        if (!options_.debug_solution.empty())
          for (std::size_t f = 0; f < steps.fixings.size(); ++f) {
            const BoundChange& c = steps.fixings[f];
            if (options_.debug_solution[c.column] < c.lower - core::tol::kIntegrality ||
                options_.debug_solution[c.column] > c.upper + core::tol::kIntegrality)
              check_debug(effective(internal(steps.fixing_bounds[f])), "a bound change proven by dual-step bounds");
          }
        dual_step_tightenings_ += static_cast<long long>(steps.fixings.size());
        if (!join_path_and_apply(steps.fixings)) return {};
        continue;
      }
    }
    const auto rule = [&] { return "branching rule '" + branching_->name() + "'"; };
    BranchDecision decision = call_plugin(rule, [&] { return branching_->select(ctx); });
    if (decision.kind == BranchDecision::Kind::tightened)
      for (const BoundChange& c : decision.tightenings)
        if (c.column < 0 || c.column >= n_ || std::isnan(c.lower) || std::isnan(c.upper))
          throw PluginFault(rule() + " returned a bound change on column " + std::to_string(c.column) + " to [" +
                            std::to_string(c.lower) + ", " + std::to_string(c.upper) + "] (" +
                            std::to_string(n_) + " columns)");
    if (decision.kind == BranchDecision::Kind::infeasible) {
      prune_both_children(decision.down_bound, decision.up_bound, "strong branching (both children cut off)");
      return {};
    }
    if (decision.kind == BranchDecision::Kind::tightened && !options_.debug_solution.empty())
      for (const BoundChange& c : decision.tightenings)
        if (options_.debug_solution[c.column] < c.lower - core::tol::kIntegrality ||
            options_.debug_solution[c.column] > c.upper + core::tol::kIntegrality)
          // A rule's bound change removes nothing better than the cutoff (strong branching cuts
          // a child off by its bound, not only by infeasibility).
          check_debug(cutoff(), "a bound change proven by the branching rule");
    if (decision.kind == BranchDecision::Kind::tightened && round < kMaxTighteningRounds &&
        !decision.tightenings.empty()) {
      if (!join_path_and_apply(decision.tightenings)) return {};
      continue;
    }
    int column = decision.column;
    if (decision.kind != BranchDecision::Kind::branch || column < 0 ||
        std::find(fractional.begin(), fractional.end(), column) == fractional.end()) {
      column = fractional.front();  // a rule that did not decide: branch on the first candidate
      decision.down_bound.reset();
      decision.up_bound.reset();
    }

    // Two children. Local fixings go into one step shared by both.
    std::shared_ptr<const PathStep> base = node.path;
    if (!local_fixings.empty()) base = std::make_shared<PathStep>(PathStep{std::move(local_fixings), node.path});
    const double v = std::clamp(lp.x[column], node_lower_[column], node_upper_[column]);
    const double down_value = std::floor(v), up_value = std::ceil(v);
    const double estimate = node_estimate(lp_value, fractional, lp.x);
    const double f = v - down_value;
    const double own = std::min(pseudocosts_.expected(column, false, f), pseudocosts_.expected(column, true, 1.0 - f));
    std::vector<BoundChange> up_changes{BoundChange{column, up_value, node_upper_[column]}};
    std::vector<BoundChange> down_changes{BoundChange{column, node_lower_[column], down_value}};
    double up_distance = 1.0 - f, down_distance = f;
    if (std::optional<BranchChildren> orbital = orbit_children(column, lp.x)) {
      up_changes = std::move(orbital->up);
      down_changes = std::move(orbital->down);
      up_distance = orbital->up_distance;
      down_distance = orbital->down_distance;
      // A bound strong branching proved for x_j = 0 alone holds for the down child only if it
      // fixes x_j (c = 1); x_j = 1's holds for the up child, which fixes x_j among others.
      if (down_changes.front().column != column && !decision.bounds_for_branch_children) decision.down_bound.reset();
      ++orbital_branchings_;
      // A debug solution in this node has an image in one child: its 1s in the orbit moved to
      // the first members by exchanges of members alike here.
      std::vector<double>& d = options_.debug_solution;
      if (!d.empty() && debug_solution_in_node()) {
        std::vector<int> orbit;  // up's columns, then down's but the first (the shared one)
        for (const BoundChange& change : up_changes) orbit.push_back(change.column);
        for (std::size_t k = 1; k < down_changes.size(); ++k) orbit.push_back(down_changes[k].column);
        const int r = static_cast<int>(orbit.size());
        for (int k = 0; k < r; ++k)
          if (d[orbit[k]] < 0.5)
            for (int l = k + 1; l < r; ++l)
              if (d[orbit[l]] > 0.5) {
                orbits_.exchange(d, orbit[k], orbit[l]);
                break;
              }
      }
    }
    std::vector<OpenNode> children(2);
    for (int k = 0; k < 2; ++k) {
      const bool up = (k == 0) == decision.up_first;
      OpenNode& c = children[k];
      c.path = std::make_shared<PathStep>(PathStep{up ? up_changes : down_changes, base});
      const std::optional<double>& child_bound = up ? decision.up_bound : decision.down_bound;
      c.bound = bound;
      if (child_bound && std::isfinite(*child_bound)) c.bound = std::max(bound, effective(internal(*child_bound)));
      c.estimate = std::max(c.bound, estimate - own + pseudocosts_.expected(column, up, up ? 1.0 - f : f));
      if (!options_.debug_solution.empty()) {
        bool in_child = true;
        for (const BoundChange& change : up ? up_changes : down_changes)
          in_child = in_child && options_.debug_solution[change.column] >= change.lower - core::tol::kIntegrality &&
                     options_.debug_solution[change.column] <= change.upper + core::tol::kIntegrality;
        if (in_child) check_debug(c.bound, up ? "the up child's bound from the branching rule"
                                              : "the down child's bound from the branching rule");
      }
      c.depth = node.depth + 1;
      c.branch_column = column;
      c.branch_up = up;
      c.branch_distance = up ? up_distance : down_distance;
      c.parent_lp = lp_value;
    }
    return children;
  }
}

bool BranchAndBound::keep_plunging(const OpenNode& child) const {
  if (memory_tight_) return true;  // depth first while memory is short
  if (!std::isfinite(incumbent_)) return true;
  if (plunge_depth_ < kMinPlungeDepth) return child.estimate < cutoff();
  if (plunge_depth_ >= std::max(kMinPlungeDepth, max_depth_ / 2)) return false;
  const double lb = global_bound();
  return child.estimate <= lb + kPlungeQuotient * (incumbent_ - lb);
}

OpenNode BranchAndBound::select_from_queue() {
  ++selections_;
  plunge_depth_ = 0;
  if (memory_tight_) return queue_.pop_deepest();
  if (selections_ % kBestBoundFrequency == 0 || !std::isfinite(incumbent_)) {
    // Without an incumbent the estimate says little; the best bound keeps the search broad.
    return selections_ % 2 == 0 || std::isfinite(incumbent_) ? queue_.pop_best_bound() : queue_.pop_best_estimate();
  }
  return queue_.pop_best_estimate();
}

void BranchAndBound::solve_ahead(OpenNode& child) {
  if (!lps_ahead_ || beside_run_ || memory_tight_ || !child.basis) return;
  if (!ahead_global_lower_ || *ahead_global_lower_ != global_lower_ || *ahead_global_upper_ != global_upper_) {
    ahead_global_lower_ = std::make_shared<const std::vector<double>>(global_lower_);
    ahead_global_upper_ = std::make_shared<const std::vector<double>>(global_upper_);
  }
  const long long average = lp_.iterations(LpWork::node) / std::max<long long>(1, nodes_);
  const long long limit = std::max(kAheadMinIterationLimit, kAheadIterationLimitFactor * average);
  child.ahead = lps_ahead_->make_job(ahead_global_lower_, ahead_global_upper_, child.path, child.basis,
                                     external(lp_cutoff()), limit, lp_.solver_options());
}

void BranchAndBound::take_solved_ahead(OpenNode& node) {
  if (!node.ahead) return;
  std::shared_ptr<const PackedBasis> basis =
      lps_ahead_->take(*node.ahead, options_.time_limit_seconds - timer_.seconds());
  node.ahead.reset();
  if (!basis) return;
  node.basis = std::move(basis);
  ++ahead_used_;
}

bool BranchAndBound::interrupted_or_out_of_time() const {
  return (options_.interrupt != nullptr && options_.interrupt->load(std::memory_order_relaxed)) ||
         timer_.seconds() >= options_.time_limit_seconds;
}

BranchAndBound::Stop BranchAndBound::check_limits() const {
  if (options_.interrupt != nullptr && options_.interrupt->load(std::memory_order_relaxed)) return Stop::interrupt;
  if (timer_.seconds() >= options_.time_limit_seconds) return Stop::time;
  if (options_.node_limit >= 0 && nodes_ >= options_.node_limit) return Stop::nodes;
  if (options_.lp_iteration_limit >= 0 && lp_.total_iterations() >= options_.lp_iteration_limit)
    return Stop::lp_iterations;
  return Stop::none;
}

MipResult BranchAndBound::run() {
  log_header();
  lp_.set_cutoff(sigma_ * kInfinity);
  processing_bound_ = -kInfinity;  // the root is open until solved: no bound yet
  for (const auto& x : options_.initial_solutions) try_incumbent(x, 'I');

  if (!start_basis_.empty()) {
    try {
      lp_.set_basis(start_basis_);
    } catch (const std::invalid_argument&) {
      // Not a basis of this LP after all: the root solves from the slack basis.
    }
  }
  std::optional<OpenNode> current;
  {
    OpenNode root;
    root.bound = -kInfinity;
    root.estimate = -kInfinity;
    current = std::move(root);
  }
  if (options_.node_lps_ahead) {
    lp::LpOptions o = options_.lp;
    if (o.interrupt == nullptr) o.interrupt = options_.interrupt;
    lps_ahead_ = std::make_unique<NodeLpsAhead>(lp_.model(), o, options_.threads >= 2);
  }
  if (options_.parallel_strong_branching) {
    // While strong branching runs, the LPs ahead start no new job: its child LPs on the second
    // thread get the core next (node_lps_ahead.hpp, pause).
    std::function<void(bool)> on_active;
    if (lps_ahead_ && options_.threads >= 2)
      on_active = [this](bool active) {
        if (lps_ahead_) lps_ahead_->pause(active);
      };
    sb_probes_ = std::make_unique<StrongBranchingProbes>(timer_, options_.time_limit_seconds, options_.threads >= 2,
                                                         std::move(on_active));
  }
  Stop stop = Stop::none;
  while (true) try {
    if (beside_run_ && (nodes_ >= beside_adopt_at_nodes_ || lp_.total_iterations() >= beside_adopt_at_iterations_))
      adopt_beside_heuristics();
    // The node in hand is open too: its bound takes part in the global bound.
    processing_bound_ = current ? current->bound : kInfinity;
    if (std::isfinite(incumbent_) && global_bound() >= cutoff()) {
      stop = Stop::optimal;
      break;
    }
    if (!current && queue_.empty()) break;
    if ((stop = check_limits()) != Stop::none) break;
    if (!current) current = select_from_queue();
    processing_bound_ = current->bound;
    if (current->bound >= cutoff()) {
      note_pruned(current->bound);
      current.reset();
      continue;
    }
    // First the node in hand (a job made for it is still unreleased if it was queued just now:
    // it then starts from its parent's basis), then the jobs of the nodes queued since.
    take_solved_ahead(*current);
    if (lps_ahead_) lps_ahead_->release_jobs();
    std::vector<OpenNode> children = process(std::move(*current));
    current.reset();
    if (unbounded_) break;
    if (!children.empty()) {
      // The first child is the preferred one: plunge into it or queue both.
      const bool plunge = keep_plunging(children[0]);
      std::shared_ptr<const PackedBasis> basis;
      for (std::size_t k = plunge ? 1 : 0; k < children.size(); ++k) {
        // With its pricing weights: the node LP started from this basis later would otherwise
        // price with weights 1 (docs/mip.md section 1).
        if (!basis) basis = std::make_shared<PackedBasis>(lp_.basis(), lp_.edge_weights());
        children[k].basis = basis;
        solve_ahead(children[k]);
        queue_.push(std::move(children[k]));
      }
      if (plunge) {
        current = std::move(children[0]);
        ++plunge_depth_;
      }
      processing_bound_ = current ? current->bound : kInfinity;
    }
    memory_tight_ = queue_.memory_bytes() > options_.node_memory_limit_bytes;
    if (memory_tight_) queue_.drop_bases();
    if (queue_.memory_bytes() > options_.node_memory_stop_bytes) {
      stop = Stop::memory;
      stop_reason_ = "node memory limit reached: " + std::to_string(queue_.size()) + " open nodes need " +
                     std::to_string(queue_.memory_bytes()) + " bytes without their stored bases, more than " +
                     "node_memory_stop_bytes = " + std::to_string(options_.node_memory_stop_bytes);
      break;
    }
    if (unresolved_nodes_ >= kMaxFailedNodeLps &&
        static_cast<double>(unresolved_nodes_) >= kMaxFailedNodeLpShare * static_cast<double>(nodes_)) {
      stop = Stop::lp_failures;
      stop_reason_ = std::to_string(unresolved_nodes_) + " node LPs failed even from a fresh factorization (last: " +
                     last_lp_failure_ + "); the search stopped, their bound is their parent's";
      break;
    }
    if (options_.log != nullptr && timer_.seconds() >= next_log_) log_line(' ');
  } catch (const DebugSolutionCutOff&) {
    throw;
  } catch (const std::exception& e) {
    // The node in hand (or the children being queued) is lost: processing_bound_ is at most the
    // bound of anything below it, so it stays in the proven bound. The incumbent was checked
    // before it was taken, and is complete (accept_if_better moves it in whole).
    note_pruned(processing_bound_);
    current.reset();  // moved into process() or covered by processing_bound_ (set from its bound)
    const bool out_of_memory = dynamic_cast<const std::bad_alloc*>(&e) != nullptr;
    stop = out_of_memory ? Stop::memory : Stop::fault;
    if (out_of_memory) stop_reason_ = "out of memory (" + std::string(e.what()) + ")";
    else if (dynamic_cast<const PluginFault*>(&e) != nullptr) stop_reason_ = e.what();
    else stop_reason_ = "internal error: " + std::string(e.what());
    stop_reason_ += " at node " + std::to_string(nodes_) + "; the search stopped";
    break;
  }
  // Heuristics still running beside the search (it ended first): their solutions count.
  try {
    adopt_beside_heuristics();
  } catch (const DebugSolutionCutOff&) {
    throw;
  } catch (const std::exception& e) {
    if (stop != Stop::fault && stop != Stop::memory) {
      stop = dynamic_cast<const std::bad_alloc*>(&e) != nullptr ? Stop::memory : Stop::fault;
      stop_reason_ = e.what() + std::string(" after the last node");
    }
  }
  if (sb_probes_) {
    const long long children = sb_probes_->children_beside();
    const double seconds = sb_probes_->seconds_beside();
    sb_probes_.reset();  // ends the second thread
    sb_children_beside_ = children;
    sb_seconds_beside_ = seconds;
  }
  if (lps_ahead_) {
    lps_ahead_->stop();  // the counts are final once the second thread has ended
    ahead_jobs_beside_ = lps_ahead_->jobs_beside();
    ahead_jobs_here_ = lps_ahead_->jobs_here();
    ahead_seconds_beside_ = lps_ahead_->seconds_beside();
    ahead_seconds_here_ = lps_ahead_->seconds_here();
    ahead_seconds_waited_ = lps_ahead_->seconds_waited();
    lps_ahead_.reset();
  }
  // A node still in hand is open: its bound counts (noted rather than queued, which could need
  // memory that is not there).
  if (current) note_pruned(current->bound);
  processing_bound_ = kInfinity;
  if (stop == Stop::optimal) note_pruned(queue_.prune(-kInfinity));

  MipResult result;
  const double bound = global_bound();
  result.x = incumbent_x_;
  if (std::isfinite(incumbent_)) result.objective = model_.objective_value(incumbent_x_);
  result.best_bound = external(bound);
  result.gap = result.objective ? relative_gap(*result.objective, result.best_bound) : kInfinity;
  result.root_bound = external(root_bound_);
  result.root_basis = std::move(root_lp_basis_);
  result.nodes = nodes_;
  result.lp_iterations = lp_.total_iterations();
  result.strong_branching_iterations = lp_.iterations(LpWork::strong_branching);
  result.heuristic_iterations = lp_.iterations(LpWork::heuristic);
  result.max_depth = max_depth_;
  result.conflicts_learned = conflicts_.learned();
  result.conflicts_from_infeasibility = conflicts_.learned_from_infeasibility();
  result.conflict_prunes = conflict_prunes_;
  result.node_lps_ahead_used = ahead_used_;
  result.strong_branching_children_beside = sb_children_beside_;
  result.strong_branching_seconds_beside = sb_seconds_beside_;
  result.node_lps_ahead_beside = ahead_jobs_beside_;
  result.node_lps_ahead_here = ahead_jobs_here_;
  result.conflict_tightenings = conflict_tightenings_;
  result.propagation_prunes = propagation_prunes_;
  result.propagation_tightenings = propagation_tightenings_;
  result.propagation_stopped = propagation_idle_;
  result.dual_step_prunes = dual_step_prunes_;
  result.symmetries_used = orbits_.size();
  result.orbital_branchings = orbital_branchings_;
  result.symmetry_fixings = symmetry_fixings_;
  result.dual_step_tightenings = dual_step_tightenings_;
  result.failed_node_lps = unresolved_nodes_;
  result.relaxed_node_lps = relaxed_nodes_;
  result.solutions_found = solutions_found_;
  result.times.total = timer_.seconds();
  result.times.root_lp = lp_.seconds(LpWork::root);
  result.times.node_lp = lp_.seconds(LpWork::node);
  result.times.strong_branching = lp_.seconds(LpWork::strong_branching);
  result.times.heuristics = 0.0;
  for (const auto& h : heuristic_stats_) result.times.heuristics += h.seconds;
  result.times.heuristics_beside = heuristic_seconds_beside_;
  result.times.node_lps_ahead = ahead_seconds_beside_;
  result.heuristics = heuristic_stats_;

  // Closed: the bound meets the incumbent within the gap, or the whole tree was searched (no
  // open node, no failed LP) and what is left between them is LP noise.
  const bool complete = stop == Stop::none && queue_.empty() && unresolved_nodes_ == 0 && failure_.empty();
  const bool closed = std::isfinite(incumbent_) &&
                      (bound >= cutoff() || (complete && incumbent_ - bound <= noise_tolerance()));
  if (unbounded_) {
    result.status = MipStatus::unbounded;
    result.message = failure_;
  } else if (closed) {
    result.status = MipStatus::optimal;
  } else if (stop == Stop::interrupt) {
    result.status = MipStatus::interrupted;
    result.message = "interrupted";
  } else if (stop == Stop::time || stop == Stop::nodes || stop == Stop::lp_iterations) {
    result.status = std::isfinite(incumbent_) ? MipStatus::feasible : MipStatus::no_solution;
    result.message = stop == Stop::time    ? "time limit reached"
                     : stop == Stop::nodes ? "node limit reached"
                                           : "LP iteration limit reached";
  } else if (stop == Stop::memory) {
    result.status = std::isfinite(incumbent_) ? MipStatus::feasible : MipStatus::no_solution;
    result.message = stop_reason_;
  } else if (stop == Stop::fault || stop == Stop::lp_failures) {
    result.status = MipStatus::error;
    result.message = stop_reason_;
  } else if (unresolved_nodes_ > 0 || !failure_.empty()) {
    result.status = std::isfinite(incumbent_) ? MipStatus::feasible : MipStatus::error;
    result.message = std::to_string(unresolved_nodes_) + " node LP(s) failed; their bound is their parent's" +
                     (failure_.empty() ? "" : ": " + failure_);
  } else if (!std::isfinite(incumbent_)) {
    result.status = MipStatus::infeasible;
    result.message = "every node was cut off as infeasible";
  } else {
    // Every node was processed, yet the proven bound does not reach the incumbent: leaves whose
    // integral LP solution was not accepted at its LP value keep their bound. Not optimal.
    result.status = MipStatus::feasible;
    result.message = "search complete, but the bound stays " + std::to_string(result.gap) +
                     " (relative) from the incumbent: leaves whose integral LP solution was not accepted at its "
                     "LP value keep their bound (" + std::to_string(rejected_leaves_) +
                     " failed the model's feasibility check)";
  }
  log_summary(result);
  return result;
}

// --- log ---

void BranchAndBound::log_header() {
  if (options_.log == nullptr) return;
  std::ostream& out = *options_.log;
  out << "Branch-and-bound: " << model_.num_rows() << " rows, " << n_ << " columns (" << integer_columns_.size()
      << " integer), " << model_.matrix.nonzeros() << " nonzeros; branching " << branching_->name()
      << "; heuristics";
  if (heuristics_.empty()) out << " none";
  for (const auto& h : heuristics_) out << " " << h->name() << " (" << h->log_letter() << ")";
  out << "\n\n";
  char line[160];
  std::snprintf(line, sizeof line, "%3s %10s %9s %6s %12s %16s %16s %9s %8s\n", "", "nodes", "open", "depth",
                "LP iters", "incumbent", "best bound", "gap", "time");
  out << line;
  next_log_ = options_.log_interval_seconds;
}

void BranchAndBound::log_line(char source) {
  if (options_.log == nullptr) return;
  const double bound = external(global_bound());
  char inc[32], bnd[32], gap[32];
  if (std::isfinite(incumbent_)) std::snprintf(inc, sizeof inc, "%16.8g", external(incumbent_));
  else std::snprintf(inc, sizeof inc, "%16s", "-");
  if (std::isfinite(bound)) std::snprintf(bnd, sizeof bnd, "%16.8g", bound);
  else std::snprintf(bnd, sizeof bnd, "%16s", bound > 0 ? "inf" : "-inf");
  const double g = std::isfinite(incumbent_) ? relative_gap(external(incumbent_), bound) : kInfinity;
  if (std::isfinite(g)) std::snprintf(gap, sizeof gap, "%8.2f%%", 100.0 * g);
  else std::snprintf(gap, sizeof gap, "%9s", "inf");
  char line[200];
  std::snprintf(line, sizeof line, "%3c %10lld %9zu %6d %12lld %s %s %s %7.1fs\n", source, nodes_, queue_.size(),
                max_depth_, lp_.total_iterations(), inc, bnd, gap, timer_.seconds());
  *options_.log << line << std::flush;
  next_log_ = timer_.seconds() + options_.log_interval_seconds;
}

void BranchAndBound::log_summary(const MipResult& r) {
  if (options_.log == nullptr) return;
  log_line(' ');
  std::ostream& out = *options_.log;
  char buf[256];
  out << "\nStatus            " << to_string(r.status);
  if (!r.message.empty() && r.status != MipStatus::optimal) out << " (" << r.message << ")";
  out << "\n";
  if (r.objective) {
    std::snprintf(buf, sizeof buf, "Objective         %.12g\n", *r.objective);
    out << buf;
  }
  std::snprintf(buf, sizeof buf, "Best bound        %.12g (root LP %.12g)\n", r.best_bound, r.root_bound);
  out << buf;
  if (r.objective) {
    std::snprintf(buf, sizeof buf, "Gap               %.4g%% (tolerance %.4g%% relative, %.3g absolute)\n",
                  100.0 * r.gap, 100.0 * options_.relative_gap, options_.absolute_gap);
    out << buf;
  }
  std::snprintf(buf, sizeof buf, "Nodes             %lld (max depth %d)\n", r.nodes, r.max_depth);
  out << buf;
  if (r.relaxed_node_lps > 0 || r.failed_node_lps > 0) {
    std::snprintf(buf, sizeof buf, "Node LP trouble   %lld solved without the root cuts, %lld failed (parent's bound kept)\n",
                  r.relaxed_node_lps, r.failed_node_lps);
    out << buf;
  }
  std::snprintf(buf, sizeof buf, "LP iterations     %lld (strong branching %lld, heuristics %lld)\n",
                r.lp_iterations, r.strong_branching_iterations, r.heuristic_iterations);
  out << buf;
  const double other = std::max(0.0, r.times.total - r.times.root_lp - r.times.node_lp - r.times.strong_branching -
                                         (r.times.heuristics - r.times.heuristics_beside));
  std::snprintf(buf, sizeof buf,
                "Time              %.3f s: root LP %.3f, node LPs %.3f, strong branching %.3f, heuristics %.3f, "
                "other %.3f (root cuts are reported before the tree)\n",
                r.times.total, r.times.root_lp, r.times.node_lp, r.times.strong_branching, r.times.heuristics,
                other);
  out << buf;
  if (r.times.heuristics_beside > 0.0) {
    std::snprintf(buf, sizeof buf, "                  of the heuristics, %.3f s ran beside the search\n",
                  r.times.heuristics_beside);
    out << buf;
  }
  if (ahead_jobs_beside_ + ahead_jobs_here_ > 0) {
    std::snprintf(buf, sizeof buf,
                  "Node LPs ahead    %lld nodes started from them; %lld solved beside the search (%.3f s), %lld "
                  "here (%.3f s; in 'other' with %.3f s waited)\n",
                  ahead_used_, ahead_jobs_beside_, ahead_seconds_beside_, ahead_jobs_here_, ahead_seconds_here_,
                  ahead_seconds_waited_);
    out << buf;
  }
  if (sb_children_beside_ > 0) {
    std::snprintf(buf, sizeof buf,
                  "Strong branching %lld child LPs solved beside the search (%.3f s)\n", sb_children_beside_,
                  sb_seconds_beside_);
    out << buf;
  }
  if (!r.heuristics.empty()) {
    out << "Heuristics       ";
    for (std::size_t h = 0; h < r.heuristics.size(); ++h) {
      const MipResult::HeuristicStats& stats = r.heuristics[h];
      std::snprintf(buf, sizeof buf, "%s %c %.3f s (%lld call%s, %d improved)", h == 0 ? "" : ",", stats.letter,
                    stats.seconds, stats.calls, stats.calls == 1 ? "" : "s", stats.improvements);
      out << buf;
    }
    out << "\n";
  }
  if (options_.node_propagation) {
    std::snprintf(buf, sizeof buf, "Propagation       %lld nodes pruned, %lld bounds tightened; %lld row visits, %.3f s%s\n",
                  propagation_prunes_, propagation_tightenings_, propagation_row_visits_, propagation_seconds_,
                  propagation_idle_ ? "; stopped: nothing found in its first nodes" : "");
    out << buf;
  }
  if (!orbits_.empty()) {
    std::snprintf(buf, sizeof buf, "Member symmetry   %lld orbital branchings, %lld images of root fixings\n",
                  orbital_branchings_, symmetry_fixings_);
    out << buf;
  }
  if (options_.dual_step_bounds) {
    std::snprintf(buf, sizeof buf, "Dual steps        %lld nodes pruned, %lld bounds tightened; %.3f s\n",
                  dual_step_prunes_, dual_step_tightenings_, dual_step_seconds_);
    out << buf;
  }
  if (options_.conflicts) {
    std::snprintf(buf, sizeof buf,
                  "Conflicts         %lld learned (%lld from infeasible nodes), %zu kept; %lld nodes pruned, %lld "
                  "bounds tightened\n",
                  r.conflicts_learned, r.conflicts_from_infeasibility, conflicts_.size(), r.conflict_prunes,
                  r.conflict_tightenings);
    out << buf;
  }
  out << "Solutions         " << r.solutions_found;
  if (r.solutions_found > 0) out << " (best from '" << last_solution_source_ << "')";
  out << "\n";
}

// The member symmetries that hold on `model` (the presolved model before its cuts: cuts need not
// be symmetric, but they hold for every integer point, so the integer points stay symmetric).
std::vector<MemberSymmetry> verified_symmetries(const core::Model& model, const std::vector<MemberSymmetry>& given,
                                                std::ostream* log) {
  std::vector<MemberSymmetry> out;
  std::size_t members = 0;
  for (const MemberSymmetry& s : given) {
    std::string why;
    if (verify_member_symmetry(model, s, why)) {
      out.push_back(s);
      members += s.members.size();
    } else if (log != nullptr) {
      *log << "Member symmetry left out: " << why << "\n";
    }
  }
  if (log != nullptr && !out.empty())
    *log << "Member symmetry: " << out.size() << " group" << (out.size() == 1 ? "" : "s") << " of interchangeable members ("
         << members << " members), orbital branching\n";
  return out;
}

}  // namespace

MipResult solve_mip(const core::Model& model, const MipOptions& requested) {
  MipOptions options = requested;
  model.validate();
  core::Timer timer;
  // Infeasible before the search: no bound, no point.
  const auto infeasible = [&](std::string message) {
    MipResult result;
    result.status = MipStatus::infeasible;
    result.message = std::move(message);
    result.best_bound = model.sense == core::ObjectiveSense::minimize ? kInfinity : -kInfinity;
    result.root_bound = result.best_bound;
    result.times.total = timer.seconds();
    if (options.log != nullptr) *options.log << "\nStatus            infeasible (" << result.message << ")\n";
    return result;
  };
  SearchModel prepared = search_model(model, options.presolve);
  if (prepared.presolve && options.log != nullptr) {
    const PresolveStats& stats = *prepared.presolve;
    *options.log << "Presolve: " << stats.tightened_bounds << " bounds and " << stats.tightened_coefficients
                 << " coefficients tightened in " << stats.rounds << " rounds; " << stats.closed_continuous_bounds
                 << " infinite continuous bounds made finite\n";
  }
  if (!prepared.infeasible.empty()) return infeasible(prepared.infeasible);
  core::Model working = std::move(prepared.model);
  // Symmetries are checked on the presolved model before the cuts (cuts need not be symmetric,
  // but they hold for every integer point, so the integer points stay symmetric); the cut loop
  // and the tree get those that hold.
  options.member_symmetries = verified_symmetries(working, requested.member_symmetries, requested.log);
  RootCutStats cut_stats;
  std::string cut_fault;
  const core::Model without_cuts = working;
  if (!working.is_integer.empty() && working.num_integers() > 0) {
    const std::vector<SeparatorFactory> separators = options.separators ? *options.separators : default_separators();
    try {
      working = add_root_cuts(working, options, separators, cut_stats);
    } catch (const std::exception& e) {
      // Cuts only strengthen: the tree can search the model without them.
      working = without_cuts;
      cut_stats = RootCutStats{};
      cut_fault = "root cuts skipped after an error: " + std::string(e.what());
      if (options.log != nullptr) *options.log << cut_fault << "\n";
    }
    if (options.log != nullptr && cut_stats.rounds > 0)
      *options.log << "Root cuts: " << cut_stats.cuts_added << " found in " << cut_stats.rounds << " rounds, "
                   << cut_stats.cuts_kept << " kept (" << working.matrix.nonzeros() - without_cuts.matrix.nonzeros()
                   << " nonzeros); root LP " << cut_stats.bound_before << " -> "
                   << cut_stats.bound_after << "\n";
  }
  // The tree gets what is left of the time limit.
  MipOptions tree_options = options;
  tree_options.time_limit_seconds = std::max(0.0, options.time_limit_seconds - timer.seconds());
  if (options.lp_iteration_limit >= 0)
    tree_options.lp_iteration_limit = std::max(0LL, options.lp_iteration_limit - cut_stats.lp_iterations);
  // The cut loop's last LP bounds the model (its cuts are valid): a tree that stops before its
  // root (the time limit reached during the cut loop, on a large model) reports it. Once the
  // root is solved, the tree's own bound is that LP's again, then better.
  if (std::isfinite(cut_stats.proven_bound)) {
    const bool minimize = model.sense == core::ObjectiveSense::minimize;
    const double b = cut_stats.proven_bound;
    if (!tree_options.known_bound || (minimize ? b > *tree_options.known_bound : b < *tree_options.known_bound))
      tree_options.known_bound = b;
  }
  MipResult result;
  try {
    // The root starts from the cut loop's final basis, else from the caller's.
    const bool cut_basis = !cut_stats.final_basis.empty();
    BranchAndBound bnb(model, working, without_cuts, tree_options,
                       cut_basis ? std::move(cut_stats.final_basis) : options.start_basis,
                       cut_basis ? cut_stats.first_lp_iterations : options.start_basis_lp_iterations);
    result = bnb.run();  // catches what goes wrong in the tree itself
  } catch (const DebugSolutionCutOff&) {
    throw;
  } catch (const std::exception& e) {
    // Setting up the tree failed (a plug-in factory or the LP threw): nothing is known, nothing
    // was checked.
    result = MipResult{};
    result.status = MipStatus::error;
    result.message = "the search could not start: " + std::string(e.what());
    result.best_bound = result.root_bound = model.sense == core::ObjectiveSense::minimize ? -kInfinity : kInfinity;
  }
  if (!cut_fault.empty()) result.message += (result.message.empty() ? "" : "; ") + cut_fault;
  result.cuts = cut_stats.cuts_kept;
  result.times.cuts = cut_stats.seconds;
  result.times.total = timer.seconds();
  result.lp_iterations += cut_stats.lp_iterations;
  return result;
}

}  // namespace fleetopt::mip
