// Net-flow fixing: a fix-and-resolve heuristic (heur_fix_and_resolve.hpp) that rounds the fleet's
// binaries by what the LP does with the energy instead of by their LP values
// (docs/fleet-plugins.md section 4). Through an LpProbe on the node's LP:
//
//   u[a,t] = 1 where the discharge carries more energy than the charge, D dt / etad > C dt etac,
//            else 0 (ties, and no flow, give 0: "may charge", like the idle schedule);
//   y[t,m] = 1 where x[t,m] >= minbid[m], else 0;
//   any other integer column: rounded to the nearest integer;
//
// all within the node's bounds, then the LP over the continuous columns is solved and its answer
// submitted. u at 1/2 with the LP exchanging energy within a step loses the exchange but keeps
// the net energy, which is what an integer schedule can keep. If the probe is infeasible (a bid
// fixed at y = 1 that cannot be filled), it is retried with y = 1 only where the LP already had
// y = 1, then with every y at 0 (within the node's bounds): with all y = 0 and any u, p = 0 (idle)
// is feasible, so at the root of a feasible fleet the last try always gives a schedule.
#pragma once

#include <memory>

#include "fleetopt/fleet/fleet_structure.hpp"
#include "fleetopt/mip/primal_heuristic.hpp"

namespace fleetopt::fleet {

class NetFlowFixing : public mip::PrimalHeuristic {
 public:
  // As fix-and-resolve: at the root and every 20th node, within 5% of the node LP iterations
  // plus 1000 (the measured cost of one probe on a 10-asset fleet is a few node LPs).
  explicit NetFlowFixing(std::shared_ptr<const FleetStructure> structure,
                         mip::HeuristicSchedule schedule = {20, 0.05, 1000})
      : structure_(std::move(structure)), schedule_(schedule) {}
  std::string name() const override { return "net-flow fixing"; }
  char log_letter() const override { return 'N'; }
  bool should_run(const mip::NodeContext& ctx) const override { return schedule_.due(ctx, iterations_used_); }
  void run(mip::NodeContext& ctx, const mip::SolutionSink& submit) override;

 private:
  std::shared_ptr<const FleetStructure> structure_;
  mip::HeuristicSchedule schedule_;
  long long iterations_used_ = 0;
};

}  // namespace fleetopt::fleet
