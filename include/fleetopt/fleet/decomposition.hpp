// The fleet MILP split into one MILP per asset (docs/model.md section 3, "Structure worth
// exploiting"): without minimum bids and without a market cap that can bind, the link rows
// x[t,m] = sum_a p[a,t,m] are the only rows that mention two assets, and x is free of other rows,
// so the fleet optimum is the sum of the asset optima. This header detects that case, builds the
// per-asset instances ("blocks"), solves them with mip::solve_mip on a thread pool
// (core::run_indexed) and combines schedules, objectives and bounds by block index, so that the
// result never depends on the number of threads. docs/fleet-solve.md explains the choices.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "fleetopt/fleet/fleet_solver.hpp"
#include "fleetopt/fleet/instance.hpp"
#include "fleetopt/fleet/solution.hpp"
#include "fleetopt/mip/mip_solver.hpp"

namespace fleetopt::fleet {

// Whether market m's cap can bind: it can unless it is absent or at least the sum of the
// assets' prequalified power in m (x[t,m] = sum_a p[a,t,m] <= sum_a q[a,m] always holds).
bool cap_can_bind(const Instance& instance, int market);

// Why the assets are coupled ("market 'm1' has a minimum bid of 2 MW", "market 'm0' has a cap of
// 40 MW below the 63 MW prequalified in it"), or an empty string when the fleet separates.
std::string coupling_reason(const Instance& instance);

// Asset a alone: the fleet's horizon, prices and markets (their caps dropped: in a separable
// fleet none can bind, and one asset cannot exceed the sum over all), with only asset a.
Instance asset_block(const Instance& instance, int asset);

// A valid upper bound on asset a's revenue that needs no LP, for a block the solve never started.
// With the link row substituted, the block's revenue is sum_{t,m} c[t,m] p[a,t,m] where
// c[t,m] = s[m] pi[t,m] dt - (m up ? kappa[a] dt : 0), and 0 <= p[a,t,m] <= q[a,m] holds in every
// feasible schedule; dropping every other row can only raise the maximum, which then is
// sum_{t,m} max(0, c[t,m]) q[a,m].
double box_revenue_bound(const Instance& instance, int asset);

// One block's part in a decomposed solve.
struct BlockOutcome {
  bool started = false;          // false: the deadline or the interrupt came first
  mip::MipResult mip;            // the block's B&B result (default when not started)
  FleetSolution schedule;        // the block's (one-asset) schedule: the incumbent, else idle
  double objective = 0.0;        // its revenue as the B&B reported it (0 for idle)
  double bound = 0.0;            // min(the B&B's proven bound, box_revenue_bound)
  double seconds = 0.0;          // wall time of this block
  double dp_seconds = 0.0;       // of which the dynamic program (FleetSolveOptions::dp_grid_intervals)
};

struct DecomposedSolve {
  // optimal: every block optimal and the fleet's own gap within the gap tolerances; feasible: a
  // limit or the deadline stopped a block (or only the blocks, not the fleet, met the gap);
  // interrupted: the interrupt stopped a block or kept one from starting; error: a block's B&B
  // failed, or claimed infeasible or unbounded although idle is feasible.
  mip::MipStatus status = mip::MipStatus::error;
  std::vector<BlockOutcome> blocks;    // by asset index
  std::optional<FleetSolution> schedule;  // the combined schedule, absent on error
  double objective = 0.0;              // sum of the blocks' objectives, in block order
  double best_bound = 0.0;             // sum of the blocks' bounds, in block order
  double root_bound = 0.0;             // sum of the blocks' root LP bounds (box bound if not started)
  long long nodes = 0;
  long long lp_iterations = 0;
  mip::MipTimes times;                 // summed over blocks (total: wall time of the whole solve)
  double dp_seconds = 0.0;             // dynamic programs, summed over blocks
  std::string message;
};

// Solves a separable fleet (requires coupling_reason(instance) empty and no trivial
// infeasibility) block by block on options.threads threads, as FleetSolveOptions documents. When
// options.mip.log is set, prints one line per block, in block order, as blocks finish.
DecomposedSolve solve_decomposed(const Instance& instance, const FleetSolveOptions& options);

}  // namespace fleetopt::fleet
