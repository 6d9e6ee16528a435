// Generated instances (docs/model.md section 5). Random numbers come from SplitMix64 with our own
// integer-to-real mapping (random.hpp), never from <random> distributions, so the same options and
// seed give the same instance bit for bit on every machine and compiler.
#pragma once

#include <cstdint>
#include <string>

#include "fleetopt/fleet/instance.hpp"

namespace fleetopt::fleet {

enum class PriceShape { uniform, daily };

struct GeneratorOptions {
  int assets = 2;
  int markets = 4;
  int steps = 6;
  std::uint64_t seed = 0;
  double step_hours = 1.0;
  // Defaults reproduce the original script: uniform prices in [0, 100) with two decimals,
  // identical 10 MW / 20 MWh assets. The rest are off unless asked for.
  bool heterogeneous = false;           // vary power, energy, efficiency, cycle cost per asset
  double cap_fraction = 0.0;            // > 0: cap[m] = fraction * sum_a q[a,m] (rounded to 0.1 MW)
  double min_bid_mw = 0.0;              // > 0: every market gets this minimum bid
  double reserve_fraction = 0.0;        // probability that a market is reserve-settled
  PriceShape price_shape = PriceShape::uniform;
  double price_noise = 0.0;             // daily shape: relative noise amplitude
  double negative_spike_probability = 0.0;  // per step and market: price becomes negative
  // > 0: only the first asset_types assets are drawn; asset a is a copy of asset a % asset_types
  // (a fleet of identical units: 1 makes every asset alike). 0: every asset is drawn.
  int asset_types = 0;
  // With asset_types > 0: each copy's power, energy (with its state-of-charge levels) and
  // prequalified powers are scaled by its own factors, uniform in [1 - s, 1 + s] (the values
  // rounded to 0.001; prequalified powers never above the copy's power), so that the copies are
  // alike but not identical (count columns without symmetry: docs/fleet-structure.md section 9).
  // 0: exact copies.
  double asset_spread = 0.0;
};

// Parses "A,M,T[,SEED]" (the --generate argument). Throws core::InputError (file "--generate").
GeneratorOptions parse_generate_spec(const std::string& spec);

Instance generate_instance(const GeneratorOptions& options);

}  // namespace fleetopt::fleet
