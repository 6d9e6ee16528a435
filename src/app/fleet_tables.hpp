// The terminal tables of a fleet instance and its schedule, as the original script printed them:
// markets and directions, prequalified powers, prices, the non-zero bids and each asset's state
// of charge per step. Shared by `demo` and `solve`.
#pragma once

#include <ostream>

#include "fleetopt/fleet/instance.hpp"
#include "fleetopt/fleet/solution.hpp"

namespace fleetopt::app {

// How much of a large instance the tables show: at most `max_rows` rows per table and
// `max_assets` asset columns (a note says how much was left out and where the rest is).
// The defaults show everything.
struct TableLimits {
  int max_rows = 1 << 30;
  int max_assets = 1 << 30;
};

void print_instance(const fleet::Instance& instance, std::ostream& out, const TableLimits& limits = {});
void print_schedule(const fleet::Instance& instance, const fleet::FleetSolution& schedule, std::ostream& out,
                    const TableLimits& limits = {});

}  // namespace fleetopt::app
