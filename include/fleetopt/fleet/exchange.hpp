// The exchange condition (docs/fleet-structure.md, section 1; ../shared/docs/bnb.md 2.1 and 3.4):
// whether charging and discharging one asset in the same step could pay.
//
// Per MW of charge power C moved at step t, stored energy rises by etac*dt*C; discharging
// D = etac*etad*C MW returns the same energy, so the soc trajectory is unchanged. The best
// revenue such a pair can earn is
//     gain[a,t] = vD* + etac*etad*(vU* - kappa*dt)      (EUR per MW of charge)
// where vD* (vU*) is the best revenue per MW, s[m]*pi[t,m]*dt, over the asset's down (up) markets
// with q[a,m] > 0. Simultaneous flow can pay only if gain > 0; when gain <= 0 every schedule can
// be netted (both flows reduced, soc unchanged) without losing revenue, so u[a,t] need not be
// binary there.
#pragma once

#include "fleetopt/fleet/instance.hpp"

namespace fleetopt::fleet {

// Best revenue per MW over asset a's markets of one direction at step t, EUR/MW (discharge
// cost kappa*dt included for up markets); -infinity when the asset has no market that way.
double best_value_per_mw(const Instance& instance, int asset, int step, Direction direction);

// gain[a,t] above; -infinity when the asset cannot move power both ways at t.
double exchange_gain(const Instance& instance, int asset, int step);

// Whether the binary u[a,t] is needed for optimality: the asset has markets both ways and
// exchange_gain > 0. (Minimum bids are a separate matter: see docs/fleet-structure.md.)
inline bool exchange_can_pay(const Instance& instance, int asset, int step) {
  return exchange_gain(instance, asset, step) > 0.0;
}

}  // namespace fleetopt::fleet
