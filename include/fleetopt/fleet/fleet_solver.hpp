// Solving a fleet instance with fleetopt's own branch-and-bound (mip::solve_mip): builds the
// formulation, hands the solver the idle schedule (always feasible when the instance is, spec
// section 3) as a first incumbent, and -- when the fleet separates (no minimum bids, no cap that
// can bind: decomposition.hpp) -- solves one MILP per asset, on `threads` threads, and combines
// their schedules, objectives and bounds. The combined schedule is judged by the independent
// checker (checker.hpp) before it is returned; a schedule that fails it is never reported.
// docs/fleet-solve.md describes the statuses, gaps, limits and log.
#pragma once

#include <optional>
#include <string>

#include "fleetopt/fleet/fleet_plugins.hpp"
#include "fleetopt/fleet/formulation.hpp"
#include "fleetopt/fleet/instance.hpp"
#include "fleetopt/fleet/solution.hpp"
#include "fleetopt/mip/mip_solver.hpp"

namespace fleetopt::fleet {

// Which fleet plug-ins to use; an unset choice is automatic (resolve):
//  * branching: reliability; flow branching only on request (it found better schedules on a
//    coupled fleet in a fixed time, but proved far slower: 13710 nodes against 194 on a 3-asset
//    coupled fleet at gap 0; docs/fleet-plugins.md, section 9);
//  * uncoupled models (a block, or a whole fleet without binding caps and minimum bids), which
//    start from the DP's near-optimal schedule: flow rounding only -- measured on 10x96x4 and
//    1x96x6, the other heuristics cost more than they found;
//  * coupled models: every heuristic (they found the best schedules on 10x24x4 with caps and
//    minimum bids).
struct FleetPluginChoice {
  std::optional<bool> flow_branching, flow_strong_branching, flow_rounding, net_flow, rins, window_lns,
      generic_heuristics;
  FleetPluginSwitches resolve(bool coupled) const;
};

struct FleetSolveOptions {
  Formulation formulation = Formulation::hull;
  // Presolve by the exchange condition (formulation.hpp, BuildOptions::relax_unneeded_u). Applied
  // with the hull formulation only: with tight, one differential case (docs/fleet-structure.md,
  // section 1) ended "feasible" at gap 0 -- a leaf's LP answer after root presolve and cuts failed
  // the model's check -- which is safe but not optimal; not yet understood, so not used there.
  bool exchange_presolve = true;
  // Per-asset dynamic program on a state-of-charge grid (soc_grid_dp.hpp) with this many grid
  // intervals; 0 switches it off. For a separable fleet each block gets the DP schedule (repaired
  // by an LP with mode_repair) as a starting incumbent, and a bound on 4 times this grid tilted by
  // the repair LP's energy values, which proves most blocks without a tree (docs/fleet-solve.md).
  // For an uncoupled fleet solved whole (decompose off) the DP schedules together are the
  // starting incumbent and their bounds' sum a bound; if that meets the gap, there is no
  // branch-and-bound.
  int dp_grid_intervals = 1000;
  // A block whose tree has not closed after its first stretch gets the DP on finer grids (x4 per
  // round, a quarter of the time left) before the tree resumes: the DP bound converges with the
  // grid, where the LP bound of some blocks (reserve markets, long horizons) stalls.
  bool dp_refinement = true;
  // The tree's first stretch, as simplex work: LP iterations times the block model's rows. Work,
  // not seconds, so that where the tree stops, and with it the nodes, iterations and schedule,
  // do not depend on the machine's speed or load (a 1 s stretch made the 1x96x6 block with
  // reserve markets end with 671 to 983 nodes from run to run). 1.5e7 is about 11,000 iterations
  // on that block (1,344 rows), about a second on the development machine, and 170 on a
  // year-long asset (87,600 rows). 0: no tree before the refinement.
  double dp_refinement_after_work = 1.5e7;
  // Coupled fleets solved whole: before the search, the per-asset DP schedules under the LP
  // relaxation's duals of the link rows are turned into a starting incumbent by mode repair
  // (mode_repair.hpp). With `lagrangian`, subgradient steps (at most lagrangian_seconds) first
  // lower the Lagrangian bound (lagrangian_bound.hpp), which becomes the search's known bound.
  // Off by default: on the generated coupled fleets it did not beat the hull LP bound (the gap
  // left is the coupling's, which it cannot see; docs/fleet-structure.md, section 7).
  bool lagrangian = false;
  double lagrangian_seconds = 5.0;
  // Mode repair also turns the DP schedules of an uncoupled fleet (each block's DPs, the whole
  // fleet's when it is solved whole) into better ones: same charge/discharge modes, powers
  // re-optimised by an LP, whose state-of-charge duals then tilt the block's DP bound. Together
  // they prove most blocks without a tree (docs/fleet-solve.md, "Starting schedules").
  bool mode_repair = true;
  // Root cut rounds of an uncoupled fleet's searches: mip.max_cut_rounds is capped at this. The
  // later Gomory rounds on one asset's hull model cost more than they save: on generated fleets
  // solved per asset (30 assets x 96 steps x 4 markets, 1e-4 gap, summed over blocks) 5 rounds
  // took 68,112 LP iterations and 1.8-2.2 s against 76,352 and 2.3-3.0 s with 10; 3 rounds
  // 2.2 s, none 6.3 s.
  int uncoupled_root_cut_rounds = 5;
  // The same cap for coupled fleets: 10 rounds, measured on 10x24x4 with caps
  // (docs/fleet-structure.md section 8: 5 rounds did not prove it in 250 s, 20 rounds took
  // 120 s against 74-86 s, each node LP dearer by the cuts).
  int coupled_root_cut_rounds = 10;
  // A coupled fleet's root cuts are kept when they move the bound by this share of it, and the
  // rounds go on while they move it by this share per two rounds: its whole integrality gap is
  // about 0.5% of the bound, below the generic thresholds (mip.root_cut_min_improvement 1%,
  // stall 1e-4) meant for MIPLIB. On 10 x 24 x 4 with caps and minimum bids (optimum 28,054.09,
  // hull LP 28,183.40) Gomory and c-MIR cuts take the root bound to 28,153.6 and the tree,
  // which kept nothing before, moves its bound 85 EUR in 60 s instead of 1. The c-MIR cuts stay
  // even where the root LP leaves them slack (mip.root_cut_keep_slack): proven in 85 s and 5,333
  // nodes, against 147 s and 38,004 nodes with the binding cuts only, and 229 s with every cut.
  double coupled_root_cut_min_improvement = 0.0;
  double coupled_root_cut_stall_improvement = 1e-6;
  bool coupled_root_cut_keep_slack = true;
  // The dual simplex's row choice in a coupled fleet's search (cut rounds, node LPs, strong
  // branching, sub-MIPs; the root LP from scratch: coupled_root_lp_pricing below;
  // mip.lp.dual_pricing elsewhere). Dual Devex, not steepest edge: with its root cuts a coupled
  // fleet's basis inverse is dense (on 10 x 24 x 4 with caps and 1,196 cuts, B^-1 a_q has about
  // 1,000 of 3,624 entries and steepest edge's extra FTRAN of rho_r about 2,900), so Devex's
  // iterations are cheaper (strong branching there: 120 against 193 us per iteration; that LP from
  // scratch: 145 against 176 us); it takes more of them. Measured on the coupled suite
  // (docs/fleet-structure.md, section 8): shifted geometric mean of the ten proven fleets 9.4 s
  // against 10.4 s, 10 x 24 x 4 seed 0 in 39.5 s against 50.2 s, and 10 x 96 x 4 with caps at a gap
  // of 0.56% after 120 s against 0.59%.
  lp::DualPricingRule coupled_dual_pricing = lp::DualPricingRule::devex;
  // The row choice of a coupled fleet's LPs from scratch before any cut: the LP relaxation solved
  // for the mode repair's duals, whose optimal basis the search then starts from
  // (docs/fleet-solve.md), and the mode repair's LPs. Without cuts the basis inverse is sparse,
  // and steepest edge's fewer iterations win: on 40 x 96 x 4 with caps 36,863 iterations and
  // 21.6 s against Devex's 70,121 and 45.0 s; on 10 x 96 x 4 with caps 9,309 and 1.34 s against
  // 11,562 and 1.22 s.
  lp::DualPricingRule coupled_root_lp_pricing = lp::DualPricingRule::steepest_edge;
  // A coupled fleet's root LP starts from the optimal basis of its uncoupled relaxation (the fleet
  // bids and minimum-bid indicators unbounded above, so each asset answers its prices alone):
  // coupled_root_lp.hpp. On 40 x 96 x 4 with caps the LP takes 12.0 s instead of 23.5 s. The
  // mode repair's LPs start the same way (repair_modes): 1.5 s instead of 4.9 s there.
  bool coupled_root_lp_uncoupled_start = true;
  // The fleet plug-ins of the branch-and-bound (fleet_plugins.hpp, docs/fleet-plugins.md), each
  // switchable. A branching rule or heuristics set in `mip` by the caller take precedence.
  FleetPluginChoice plugins;
  // Limits, gaps, interrupt flag, log, plug-ins. For a decomposed fleet the time limit and the
  // interrupt apply to the whole solve (a shared deadline), the node limit to each block, and the
  // gaps to the fleet: each block gets the relative gap as is (every block's revenue is >= 0, so
  // the fleet's relative gap is at most the largest block's whenever blocks earn >= 1 EUR) and an
  // even share of the absolute gap; "optimal" also needs the fleet's own gap, from the sums, to
  // meet the tolerances. mip.initial_solutions is ignored: solve_fleet supplies the idle schedule
  // of each model it solves. mip.node_memory_limit_bytes is shared out among the threads. When
  // mip.interrupt is set and mip.lp.interrupt is not, the LP gets the same flag (so that a long
  // LP stops at its next iteration, not at the end of the node).
  mip::MipOptions mip;
  // Blocks solved in parallel, or (one model, a coupled fleet) up to 2 for its search
  // (mip::MipOptions::threads); 0 = all cores. Never changes a result.
  int threads = 0;
  // A fleet solved as one model (a coupled fleet): queued nodes' LPs are solved ahead, on the
  // second thread when there is one (mip::MipOptions::node_lps_ahead; docs/fleet-structure.md,
  // section 8). Blocks of a decomposed fleet do not: their threads are all busy.
  bool node_lps_ahead = true;
  // A fleet solved as one model: strong branching solves its child LPs on copies of the node's
  // LP, two at a time when there is a second thread (mip::MipOptions::parallel_strong_branching).
  // Off: on the coupled suite it was 10% slower overall (docs/fleet-structure.md, section 8).
  bool parallel_strong_branching = false;
  bool decompose = true;   // split a separable fleet into one MILP per asset
  // A fleet solved as one model: identical assets are interchangeable members of the MILP, and
  // the search keeps one of each set of equivalent schedules (asset_symmetry.hpp).
  bool asset_symmetry = true;
  // A fleet solved as one model: a count column per group of like assets and step
  // (BuildOptions::count_like_assets), to branch on and for the cuts.
  bool count_columns = true;
};

struct FleetSolveOutcome {
  SolveSummary summary;                  // solver "fleetopt", status, objective, bound, gap, ...
  std::optional<FleetSolution> schedule; // present with status optimal, feasible or interrupted
                                         // (interrupted may also come without one)
  // The independent checker refused the solver's schedule (status error; the report is in
  // summary.message). Distinguishes "a check failed" from a solver failure for exit codes.
  bool schedule_rejected = false;
  int blocks = 1;                        // MILPs solved (1 = the whole fleet)
  mip::MipTimes times;                   // summed over blocks
  double root_bound = 0.0;               // sum of the blocks' root LP bounds
  double dp_seconds = 0.0;               // dynamic programs (summed over blocks)
  double lagrangian_seconds = 0.0;       // Lagrangian bound and mode repair (coupled fleets)
  std::optional<double> lagrangian_bound;
};

FleetSolveOutcome solve_fleet(const Instance& instance, const FleetSolveOptions& options = {});

// Whether solve_fleet builds its models with the exchange presolve (see exchange_presolve).
inline bool exchange_presolve_applies(const FleetSolveOptions& options) {
  return options.exchange_presolve && options.formulation == Formulation::hull;
}

// Puts the switched-on fleet plug-ins for `model` (built from `instance`) into `mip_options`,
// unless the caller set a branching rule or heuristics there (options.mip) already.
void install_fleet_plugins(const Instance& instance, const FleetModel& model, const FleetSolveOptions& options,
                           mip::MipOptions& mip_options);

}  // namespace fleetopt::fleet
