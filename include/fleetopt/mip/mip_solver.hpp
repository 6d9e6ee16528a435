// Branch-and-bound for general mixed-integer linear programs (core::Model with is_integer), over
// fleetopt's own dual simplex (lp::LpSolver, used only through its public API: column bounds,
// basis, cutoff, limits).
//
// The method (Land and Doig 1960; the design of SCIP, Achterberg's thesis "Constraint Integer
// Programming", TU Berlin 2007, chapters 5-7, is the model):
//
//  * A node is the list of bound changes from the root (shared with its ancestors), the final
//    basis of its parent, the parent's proven LP bound and an estimate of its best solution.
//  * Each node's LP is re-solved warm by the dual simplex from the parent's basis, with the
//    incumbent as objective cutoff; a node is pruned when its LP is infeasible (a checked Farkas
//    ray), its proven dual bound passes the cutoff, or its LP solution is integral (a candidate
//    incumbent, accepted only after the model's own feasibility check, check_solution()).
//  * Branching rules and primal heuristics are plug-ins (branching_rule.hpp,
//    primal_heuristic.hpp); the defaults are reliability branching (branch_reliability.hpp),
//    simple rounding, fix-and-resolve rounding and fractional diving.
//  * Node selection plunges depth first while the child is promising and otherwise takes the
//    best-estimate node from the queue, every few selections the best-bound node
//    (node_selection.hpp).
//  * Reduced-cost fixing at the root (global) and in the nodes (local).
//  * Before the root, the model is strengthened in place (presolve.hpp): tighter bounds and
//    coefficients, the same integer solutions; incumbents are checked on the original model.
//
// The reported best bound is proven: it is the least of the bounds of every leaf the search cut
// off (each a verified LP answer, a checked Farkas ray, or a dual bound recomputed on the
// unscaled model) and of every node still open. "optimal" is reported only when that bound and
// the checked incumbent are within the gap tolerances. The search is deterministic: no decision
// depends on time or on threads (time enters only through the time limit and the log).
#pragma once

#include <atomic>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fleetopt/core/model.hpp"
#include "fleetopt/core/tolerances.hpp"
#include "fleetopt/lp/lp_solver.hpp"
#include "fleetopt/mip/member_symmetry.hpp"

namespace fleetopt::mip {

class BranchingRule;
class PrimalHeuristic;
class CutSeparator;

enum class MipStatus {
  optimal,      // incumbent and proven bound within the gap tolerances
  feasible,     // a time, node or node-memory limit stopped the search with a solution in hand
  infeasible,   // proven: every node was cut off by infeasibility
  unbounded,    // the LP relaxation is unbounded (the MILP is unbounded or infeasible)
  no_solution,  // a limit (time, nodes, node memory) stopped the search without a solution
  interrupted,  // the interrupt flag stopped the search (with or without a solution)
  error,        // the search could not go on (node LPs kept failing, a plug-in or the LP layer
                // threw): the bound is still valid, x the checked incumbent if there is one
};
const char* to_string(MipStatus status);

struct MipOptions {
  double time_limit_seconds = core::kInfinity;
  long long node_limit = -1;  // < 0: no limit
  // A deterministic work limit: the search stops (like at the node limit, status feasible or
  // no_solution, message "LP iteration limit reached") before the next node once the simplex
  // iterations of all its LPs -- root cuts, root, nodes, strong branching, heuristics -- reach it.
  // Checked between nodes and between root cut rounds, so one node's work may pass it. Searches
  // a heuristic runs of its own (the fleet's sub-MIPs) are not counted: they have their own
  // limits. A sub-MIP that must end the same on any machine is limited by this and by nodes, the
  // time limit being a safety net.
  // < 0: no limit.
  long long lp_iteration_limit = -1;
  // Stop when |bound - incumbent| <= relative_gap * max(1, |incumbent|) or <= absolute_gap.
  double relative_gap = core::tol::kMipRelativeGap;
  double absolute_gap = core::tol::kMipAbsoluteGap;
  // Set (by a signal handler, another thread, ...) to stop at the next node: status interrupted.
  const std::atomic<bool>* interrupt = nullptr;
  // Progress log in the style of HiGHS (header, a line per new incumbent and every
  // log_interval_seconds, a final summary); nullptr: silent.
  std::ostream* log = nullptr;
  double log_interval_seconds = 5.0;
  // Memory for open nodes (their stored bases and bound changes). Past it, stored bases of open
  // nodes are dropped (they restart from the current basis) and selection turns depth first.
  std::size_t node_memory_limit_bytes = std::size_t{2} << 30;
  // The hard cap: when the open nodes need more than this even without their bases, the search
  // stops like at a node limit (status feasible or no_solution, the open nodes' bounds kept in
  // best_bound, message "node memory limit reached ..."). A std::bad_alloc anywhere in the search
  // stops it the same way. Twice the soft limit by default.
  std::size_t node_memory_stop_bytes = std::size_t{4} << 30;
  bool reduced_cost_fixing = true;
  // Dual-proof conflicts (conflict_pool.hpp): every node pruned by its LP bound leaves the bound
  // function of its duals, which prunes and tightens other nodes before their LPs.
  bool conflicts = true;
  // Before the branching rule, every fractional candidate's two children get a proven bound from
  // one long dual simplex step each (Driebeek's penalties; src/mip/dual_step_fixing.hpp): a child
  // past the cutoff is never made (both: the node is pruned; one: the column is fixed to the other
  // side and the node's LP solved again).
  bool dual_step_bounds = true;
  // Dual-step bounds that find nothing thin out: once this many candidates were bounded since the
  // last pruned node or fixed column (or since the start), they run at every
  // `dual_step_thinning`-th node only, until one of those runs finds something again. Each
  // candidate costs a BTRAN and a pass over the matrix: on a 300 x 6,000 set partitioning model
  // with hundreds of fractional columns that was most of a node's time, for nothing (docs/mip.md
  // section 1). 0: every node, always.
  long long dual_step_idle_candidates = 20000;
  int dual_step_thinning = 10;
  // Domain propagation at every node but the root (node_propagation.hpp): the rows (root cuts
  // included) bound the columns by the node's box, integer bounds round inward, and a row that
  // cannot be met prunes the node before its LP.
  bool node_propagation = true;
  // Propagation stops for the rest of the search once this many nodes were propagated without
  // a single tightening or prune: on the hull formulation of a coupled fleet the rows give the LP
  // everything they imply, and 3,000-5,000 nodes of 10x24x4 (caps 0.5) found nothing in 1.2 s of
  // 50 (docs/mip.md section 1). The 14 MIPLIB 3 trees stay as they were (each finds something
  // early); small random programs do find their first tightening after a few idle nodes, hence
  // 500 and not a handful. 0: never stop.
  long long node_propagation_idle_nodes = 500;
  // Threads the search may use. With 2 or more, heuristics that run beside the search
  // (PrimalHeuristic::runs_beside_search: the fleet's RINS and window search) run on a second
  // thread while the search goes on (at the root: its strong branching and first nodes); with 1
  // they run at once. Their solutions count, either way, at the first node after the search has
  // solved beside_heuristics_nodes more nodes or its own LPs (nodes, strong branching, probes)
  // have done beside_heuristics_lp_iterations more simplex iterations, whichever comes first:
  // clocks of the search's work that end the same on any machine, so the result does not depend
  // on the number of threads. On the coupled 10x24x4 fleet 100 nodes are about what the root's
  // RINS and window search take (6-10 s, 60,000 iterations); on 10x96x4, whose nodes cost
  // 3-5 s and 2,500-4,000 iterations each, 100 nodes would take minutes, 100,000 iterations come
  // far sooner (docs/fleet-structure.md section 8).
  // beside_heuristics_nodes < 0: those heuristics run in their place among the others, their
  // solutions counting at once.
  int threads = 1;
  long long beside_heuristics_nodes = 100;
  long long beside_heuristics_lp_iterations = 100000;
  // Queued nodes' LPs solved ahead (node_lps_ahead.hpp in src/mip): while no heuristics run
  // beside the search, the LP of every queued child is solved from its parent's basis on a second
  // thread (threads >= 2), and the node, once taken from the queue, starts from that LP's final
  // basis. With one thread those LPs run when their node is taken, so the search is the same on
  // any number of threads, but slower than without them. Off by default (general MILPs have no
  // second thread here, `fleetopt mip`); the fleet solver switches it on for a coupled fleet's
  // single search (FleetSolveOptions::node_lps_ahead). Measured: docs/fleet-structure.md, section 8.
  bool node_lps_ahead = false;
  // Strong branching on copies of the node's LP (strong_branching_probes.hpp in src/mip): every
  // child LP of strong branching starts from an exact copy of the node's LP, so that with two
  // threads a second thread solves child LPs beside the search with the same answers; the
  // search is the same on any number of threads. The node's LP then also drops scaling and cost
  // perturbation after the root. Off by default: on the coupled fleets it made one search faster
  // and most slower (FleetSolveOptions::parallel_strong_branching, `fleetopt solve
  // --parallel-strong-branching`; docs/fleet-structure.md, section 8).
  bool parallel_strong_branching = false;
  // Interchangeable members (member_symmetry.hpp: identical assets of a fleet): each is checked
  // on the presolved model before the root cuts; one that holds makes branching on a member's
  // binary orbital (the down child fixes the binary's whole orbit), and the root's reduced-cost
  // fixings fix their images too. One that fails its check is left out (the log says why).
  // Empty: no symmetry handling.
  std::vector<MemberSymmetry> member_symmetries;
  // Root strengthening in place (presolve.hpp): bound propagation and coefficient tightening.
  bool presolve = true;
  // Root cutting planes (cut_separator.hpp): separators unset means the generic defaults
  // (Gomory mixed-integer cuts); an empty vector or max_cut_rounds = 0 switches cuts off.
  std::optional<std::vector<std::function<std::unique_ptr<CutSeparator>()>>> separators;
  // At most this many rounds; the stall rule below usually ends them first (MIPLIB 3: all but
  // vpm2 stop before 10). 30 rather than 10: on the MILP differential's fixed-charge flows the
  // later rounds still move the root bound (fcnf_n30_a170_s30771 3,274 after 10 rounds, 3,406
  // after 20, 3,459 after 40; HiGHS 3,498) and the trees are 2-8 times smaller (fcnf 20x100
  // mixed 746 nodes instead of 5,962); vpm2 800 nodes instead of 2,043; 50 rounds were no better.
  // Coupled fleets keep 10 (fleet::FleetSolveOptions::coupled_root_cut_rounds).
  int max_cut_rounds = 30;
  // Rounds stop when the root bound moved by less than this share of |bound| + 1 over the last
  // two rounds.
  double root_cut_stall_improvement = 1e-4;
  // Cuts are kept only if all rounds together moved the root LP bound by at least this share of
  // max(1, |bound|): rows that barely move the bound make every node LP larger and, measured on
  // MIPLIB 3's bell5 (root bound +0.5%), made the tree 35 times larger; where cuts pay they moved
  // the bound by 1% (dcmulti) to 15% (vpm2). A caller that knows its integrality gap is small
  // (coupled fleets: 0.5% of the bound) sets both thresholds lower.
  double root_cut_min_improvement = 1e-2;
  // Keep the root cuts marked Cut::keep_when_slack (c-MIR) even when they are slack at the root
  // LP, between rounds and for the tree: they make every node LP larger but bind deeper in the
  // tree (docs/mip.md, section 1). Off for general MILPs: on MIPLIB 3 keeping them took vpm2
  // from 1.5 to 6.1 s and dcmulti from 0.6 to 1.9 s; on for coupled fleets (fleet_solver.hpp).
  bool root_cut_keep_slack = false;
  // Plug-ins, created once per solve (so that one MipOptions can drive solves on several threads).
  // A plug-in that throws, or a branching rule that returns a bound change on a column that does
  // not exist or with NaN bounds, stops the search with status error and a message naming it
  // (docs/mip.md, "Faults").
  // An empty branching factory means reliability branching; `heuristics` unset means the generic
  // defaults (default_heuristics()); an empty vector switches heuristics off.
  std::function<std::unique_ptr<BranchingRule>()> branching;
  std::optional<std::vector<std::function<std::unique_ptr<PrimalHeuristic>()>>> heuristics;
  // Known solutions (e.g. from a problem-specific heuristic): checked, the best becomes the first
  // incumbent before the root LP is solved.
  std::vector<std::vector<double>> initial_solutions;
  // A proven bound on the optimum from outside the tree (model sense: an upper bound when
  // maximising), e.g. a Lagrangian or dynamic-programming bound. The reported bound is the better
  // of it and the tree's, and the search stops once the incumbent meets it within the gaps. The
  // caller vouches for it: a wrong one makes a wrong "optimal".
  std::optional<double> known_bound;
  // A basis to start the root LP from (statuses of the columns, then of the rows, as
  // lp::LpSolver::basis gives them), e.g. MipResult::root_basis of a search on the same columns
  // and rows with other bounds: the fleet's window search chains its sub-MIPs so, whose root LPs
  // otherwise cost thousands of iterations from the slack basis to prove a window has nothing.
  // With root cuts, the cut loop's first LP starts from it (a coupled fleet's solve hands over
  // the optimal basis of the LP it solved for its duals, on search_model's model of
  // presolve.hpp, instead of the search solving that LP again: 20 s on a 40-asset fleet with
  // caps), and the tree from the loop's last basis. Ignored when it is not a basis of the
  // model's LP. Empty: the slack basis.
  std::vector<lp::VarStatus> start_basis;
  // The simplex iterations that `start_basis` cost the caller from the slack basis (0: unknown or
  // nothing). The budgets that scale with the LP work so far (strong branching's, the
  // heuristics') count them as the root LP's, so that a search handed the optimal root basis
  // runs as the one that solved its root LP itself.
  long long start_basis_lp_iterations = 0;
  lp::LpOptions lp;
  // Debugging aid (SCIP's debug solution): a known optimal solution. Every pruning and fixing
  // decision that removes it while claiming a bound it does not have throws std::logic_error
  // naming the decision. Empty: off.
  std::vector<double> debug_solution;
};

// Where the time went (seconds), for the final summary.
struct MipTimes {
  double total = 0.0;
  double root_lp = 0.0;
  double node_lp = 0.0;
  double strong_branching = 0.0;
  double heuristics = 0.0;
  // The part of `heuristics` that ran on a second thread while the search went on (MipOptions::
  // threads): it is not part of `total`'s wall time.
  double heuristics_beside = 0.0;
  // Queued nodes' LPs solved ahead on a second thread (MipOptions::node_lps_ahead): not part of
  // `total`'s wall time, nor of node_lp (which is the search's own node LPs).
  double node_lps_ahead = 0.0;
  double cuts = 0.0;  // root cutting-plane loop (its LPs included)

  // Adds another search's times part by part (a resumed search, blocks of a fleet).
  MipTimes& operator+=(const MipTimes& other) {
    total += other.total;
    root_lp += other.root_lp;
    node_lp += other.node_lp;
    strong_branching += other.strong_branching;
    heuristics += other.heuristics;
    heuristics_beside += other.heuristics_beside;
    node_lps_ahead += other.node_lps_ahead;
    cuts += other.cuts;
    return *this;
  }
};

struct MipResult {
  MipStatus status = MipStatus::error;
  std::vector<double> x;             // best solution found (empty without one), passed check_solution
  std::optional<double> objective;   // its objective, model sense, with the constant
  double best_bound = 0.0;           // proven bound, model sense (+-infinity when none is known)
  double gap = core::kInfinity;      // |best_bound - objective| / max(1, |objective|); inf without one
  double root_bound = 0.0;           // the root LP bound, model sense
  long long nodes = 0;               // nodes whose LP was solved (the root counts)
  long long lp_iterations = 0;       // all simplex iterations: nodes, strong branching, heuristics
  long long strong_branching_iterations = 0;
  long long heuristic_iterations = 0;
  // The root LP's optimal basis over the model's own rows (for MipOptions::start_basis of a
  // related search); empty when root cuts added rows or the root LP did not end optimal.
  std::vector<lp::VarStatus> root_basis;
  int max_depth = 0;
  int solutions_found = 0;           // incumbents accepted
  int cuts = 0;                      // root cuts kept in the model the tree searched
  long long conflicts_learned = 0;   // conflict pool (MipOptions::conflicts): conflicts learned,
  long long conflicts_from_infeasibility = 0;  // (of which from infeasible nodes' Farkas rays)
  long long conflict_prunes = 0;     // nodes it pruned before their LP,
  long long conflict_tightenings = 0;  // and bounds it tightened
  long long propagation_prunes = 0;      // node propagation (MipOptions::node_propagation): nodes
  long long propagation_tightenings = 0;  // it proved empty before their LP, integer bounds tightened
  bool propagation_stopped = false;      // it found nothing in MipOptions::node_propagation_idle_nodes
  int symmetries_used = 0;               // member_symmetries that passed their check,
  long long orbital_branchings = 0;      // branchings whose down child fixed an orbit of 2 or more,
  long long symmetry_fixings = 0;        // and images of root reduced-cost fixings
  long long dual_step_prunes = 0;        // dual-step bounds (MipOptions::dual_step_bounds): nodes
  long long dual_step_tightenings = 0;   // pruned since both children of a column passed the cutoff, columns fixed
  // Queued nodes' LPs solved ahead (MipOptions::node_lps_ahead): the nodes whose LP started from
  // such a job's basis (the same on any number of threads), and the jobs run on the second thread
  // and by the search itself (where it took the node first, or had no second thread). The second
  // thread also runs jobs of nodes pruned before they were taken.
  long long node_lps_ahead_used = 0;
  long long node_lps_ahead_beside = 0;
  long long node_lps_ahead_here = 0;
  // Strong branching on copies (MipOptions::parallel_strong_branching): child LPs the second
  // thread solved (used or not), and its seconds for them (not part of the search's wall time;
  // the search's own strong branching, waits included, is times.strong_branching).
  long long strong_branching_children_beside = 0;
  double strong_branching_seconds_beside = 0.0;
  long long relaxed_node_lps = 0;    // node LPs solved without the root cuts after numerical trouble
  long long failed_node_lps = 0;     // node LPs that failed even so (the node kept its parent's bound)
  MipTimes times;
  // Per primal heuristic of this search, in the order they run: what each costs and what it
  // found (the log's summary and `fleetopt mip --json` show them). The seconds add up to
  // times.heuristics; the improvements count towards solutions_found. A fleet block resumed after
  // its DP bound adds the first run's times but not these: nothing reports them per block.
  struct HeuristicStats {
    std::string name;
    char letter = ' ';             // its mark in the log
    long long calls = 0;           // runs (should_run said yes)
    int improvements = 0;          // incumbents it set
    double seconds = 0.0;
  };
  std::vector<HeuristicStats> heuristics;
  std::string message;               // why the search stopped, or what went wrong
};

// Solves `model` (minimise or maximise, integrality per is_integer).
MipResult solve_mip(const core::Model& model, const MipOptions& options = {});

// Relative gap as reported: |bound - objective| / max(1, |objective|).
double relative_gap(double objective, double bound);

// The stopping test of MipOptions: |bound - objective| <= relative_gap * max(1, |objective|) or
// <= absolute_gap. For callers that combine bounds and solutions from outside one search.
bool within_gap_tolerances(double objective, double bound, double relative_gap, double absolute_gap);

}  // namespace fleetopt::mip
