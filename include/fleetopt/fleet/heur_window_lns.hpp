// Time-window large neighbourhood search for coupled fleets (docs/fleet-plugins.md section 6):
// starting from the incumbent, free every binary of a window of consecutive steps -- u[a,t] of
// every asset and y[t,m] of every market, t in the window -- fix all other binaries at the
// incumbent's values, and solve that sub-MIP (a copy of the model with those bounds, generic
// plug-ins, no recursion); windows slide over the horizon, each starting from the best schedule
// so far. The continuous columns (powers, bids, states of charge) stay free everywhere, so a
// window's sub-MIP re-plans the whole fleet's powers around new modes in the window.
//
// Why windows of steps and not groups of assets: a cap (or a minimum bid) couples the assets
// within one step, so improving a step usually means swapping the modes of several assets at
// once, which a neighbourhood over one or two assets cannot do; the state of charge couples
// consecutive steps of an asset, which a window keeps together. It is the fleet's version of the
// relaxation-free neighbourhoods of Shaw (CP 1998) and of the time-decomposition ("relax and
// fix") heuristics of lot sizing (Pochet and Wolsey, "Production Planning by Mixed Integer
// Programming", 2006, section 3.6). Measured on the coupled 10x24x4 fleet (cap 0.5, minimum bid 1,
// seed 0; optimum 28052.45 by HiGHS): from the root's incumbent 27432.83, windows of 4 steps
// reached 28043.82 (0.03% below the optimum) in one sweep of 6 sub-MIPs, where windows of two
// assets reached 27966.20 in two sweeps of 10.
//
// Where the windows stall, a sweep of asset blocks (u of two assets over 20 steps, every y fixed)
// changes the neighbourhood, after which the time windows may move again.
//
// Runs at the root once an incumbent exists, and then every `schedule.frequency`-th node when the
// incumbent has changed since its last call (around the same incumbent it would search the same
// windows again), within the schedule's share of the search's LP iterations. A call sweeps the
// horizon with windows (every other sweep's windows straddle the previous one's boundaries) while
// a sweep improves, then makes one asset-block sweep, and starts over if that improved; it stops
// when neither improved, after `max_sweeps` sweeps, on its time share, or once its schedule is
// within the search's gap of the search's bound (NodeContext::ends_search: on a fleet of ten
// identical units the optimum, equal to the root bound, came in the call's 7th sub-MIP at 2.2 s,
// and the 22 sub-MIPs after it took another 6.4 s while the search waited for them). Sub-MIPs stop
// at the search's deadline and on its interrupt flag.
//
// Determinism: the node and LP-iteration limits decide a sub-MIP's work; its time limit is a
// safety net (a sub-MIP that hits it can make two runs differ), as for RINS. Under a time limit
// of the whole search, `max_time_share` ends a call by the clock: there, as everywhere, a time
// limit makes the result depend on the machine.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "fleetopt/fleet/fleet_structure.hpp"
#include "fleetopt/lp/lp_solver.hpp"
#include "fleetopt/mip/primal_heuristic.hpp"

namespace fleetopt::fleet {

struct WindowLnsParameters {
  // Binaries u freed per window: the window has max(1, free_binaries / assets with a u column)
  // steps. 40 gave the best incumbent per second on the coupled 10x24x4 fleet (4-step windows).
  int free_binaries = 40;
  long long node_limit = 200;       // nodes of one sub-MIP
  // The sub-MIP's deterministic work limit, in simplex iterations per column (mip/sub_mip.hpp); as
  // RINS's, so that a window never ends on the time limit (coupled 10x96x4: at most 9 per column).
  double sub_mip_lp_iterations_per_column = 15.0;
  double time_limit_seconds = 10.0;  // safety net per sub-MIP: the limits above are meant to decide
  // Sweeps per call. Time-window sweeps go on while they improve (on 10x96x4 with caps the
  // third and fourth sweeps still improved, 3 stopped them); then one asset-block sweep, and the
  // call ends when that improves nothing either.
  int max_sweeps = 12;
  // The asset-block sweep frees u of `asset_block_assets` consecutive assets over
  // `asset_block_steps` steps (the same 40 binaries as a window) with every y fixed; 0 assets: no
  // asset blocks. A different neighbourhood where the time windows stall: alone it did worse
  // (docs/fleet-plugins.md section 6), after them the windows may move again.
  int asset_block_assets = 2;
  int asset_block_steps = 20;
  // A call starts no window after this share of the search's time left at its start, so that a
  // time-limited search keeps time for its tree (10x96x4 with caps: 3 sweeps of 24 windows would
  // take the whole of a 60 s limit). Without a time limit the node limits alone decide.
  double max_time_share = 0.5;
  // Strong-branching looks per direction in a sub-MIP's reliability branching. 0 (pseudocosts
  // from the first branchings on) found schedules as good as 1 or 4 in a third of the time: a
  // window is a neighbourhood to search, not a bound to prove.
  int sub_mip_reliability = 0;
  // Root, then every 100th node (if the incumbent changed) within 50% of the search's LP
  // iterations plus 20000: on a coupled fleet the incumbent is what the tree lacks most.
  mip::HeuristicSchedule schedule{100, 0.5, 20000};
};

class FleetWindowLns : public mip::PrimalHeuristic {
 public:
  explicit FleetWindowLns(std::shared_ptr<const FleetStructure> structure, WindowLnsParameters parameters = {})
      : structure_(std::move(structure)), p_(parameters) {}
  std::string name() const override { return "window search"; }
  char log_letter() const override { return 'L'; }
  bool should_run(const mip::NodeContext& ctx) const override;
  bool runs_beside_search() const override { return true; }  // sub-MIPs from the context alone
  void run(mip::NodeContext& ctx, const mip::SolutionSink& submit) override;

  int sub_mips() const { return sub_mips_; }
  int window_steps() const;

 private:
  std::shared_ptr<const FleetStructure> structure_;
  WindowLnsParameters p_;
  long long iterations_used_ = 0;
  int sub_mips_ = 0;
  std::optional<double> last_incumbent_;  // the incumbent at the end of the last call
  // The root basis of the last sub-MIP: the next one starts its root LP there. Windows differ in
  // the bounds of a few dozen binaries, so that LP is a few hundred iterations away instead of
  // thousands from the slack basis (40 identical units: 6,000-7,000 per window, most windows
  // proven unimprovable at their root).
  std::vector<lp::VarStatus> basis_;
};

}  // namespace fleetopt::fleet
