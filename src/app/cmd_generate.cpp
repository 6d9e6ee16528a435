// fleetopt generate: writes a generated instance (docs/model.md section 5, draw order in
// docs/instances.md) as an instance folder that read_instance reads back identically.
#include <iostream>
#include <memory>

#include "command.hpp"
#include "fleetopt/fleet/generator.hpp"
#include "fleetopt/fleet/instance_io.hpp"

namespace fleetopt::app {
namespace {

struct GenerateOptions {
  fleet::GeneratorOptions generator;
  std::string price_shape = "uniform";
  std::string out;
};

int run_generate(GenerateOptions& options) {
  options.generator.price_shape =
      options.price_shape == "daily" ? fleet::PriceShape::daily : fleet::PriceShape::uniform;
  const fleet::Instance instance = fleet::generate_instance(options.generator);
  fleet::write_instance(instance, options.out);
  std::cout << "wrote " << instance.name << " (" << instance.num_assets() << " assets, "
            << instance.num_markets() << " markets, " << instance.num_steps() << " steps) to "
            << options.out << "/instance.toml\n";
  return kExitOk;
}

CommandRunner setup_generate(CLI::App& command) {
  auto options = std::make_shared<GenerateOptions>();
  fleet::GeneratorOptions& g = options->generator;
  command.add_option("--assets", g.assets, "Number of assets")->required();
  command.add_option("--markets", g.markets, "Number of markets")->required();
  command.add_option("--steps", g.steps, "Number of time steps")->required();
  command.add_option("--seed", g.seed, "Random seed (SplitMix64)")->capture_default_str();
  command.add_flag("--heterogeneous", g.heterogeneous,
                   "Vary power (5-20 MW), duration (1, 2, 4 h), efficiency (0.90-0.99) and cycle cost "
                   "(0-10 EUR/MWh) per asset");
  command.add_option("--asset-types", g.asset_types,
                     "Draw only this many assets and make the others copies of them, asset a of type a mod K "
                     "(identical units; 0 = every asset drawn)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  command.add_option("--asset-spread", g.asset_spread,
                     "With --asset-types: scale each copy's power, energy and prequalified powers by its own "
                     "factors in [1 - S, 1 + S] (units alike but not identical; 0 = exact copies)")
      ->capture_default_str();
  command.add_option("--cap-fraction", g.cap_fraction,
                     "Cap each market at this fraction of the fleet's prequalified power (0 = no cap)")
      ->capture_default_str();
  command.add_option("--min-bid", g.min_bid_mw, "Minimum bid of every market, MW (0 = none)")
      ->capture_default_str();
  command.add_option("--reserve-fraction", g.reserve_fraction,
                     "Probability that a market is reserve-settled")
      ->capture_default_str();
  command.add_option("--price-shape", options->price_shape, "uniform: U[0,100) prices; daily: a daily profile")
      ->capture_default_str()
      ->check(CLI::IsMember({"uniform", "daily"}));
  command.add_option("--price-noise", g.price_noise, "Relative noise on the daily profile, in [0, 1]")
      ->capture_default_str();
  command.add_option("--negative-spikes", g.negative_spike_probability,
                     "Probability per step and market of a negative price")
      ->capture_default_str();
  command.add_option("--step-hours", g.step_hours, "Step length in hours")->capture_default_str();
  command.add_option("--out", options->out, "Instance folder to write (instance.toml, prices.csv)")
      ->required();
  return [options] { return run_generate(*options); };
}

const bool registered = register_command(
    {"generate", "Generate a random instance like the original script (docs/instances.md)", setup_generate});

}  // namespace
}  // namespace fleetopt::app
