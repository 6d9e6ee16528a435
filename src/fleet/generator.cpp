// Generated instances (docs/model.md section 5). The draw order below is part of the contract:
// docs/instances.md specifies it step by step, and tests/fleet/test_generator.cpp checks it
// against an independent Python reimplementation.
#include "fleetopt/fleet/generator.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <sstream>

#include "fleetopt/core/calendar.hpp"
#include "fleetopt/core/errors.hpp"
#include "fleetopt/fleet/random.hpp"

namespace fleetopt::fleet {

namespace {

using core::InputError;

// A typical day-ahead price shape (EUR/MWh) by hour of day, UTC: night trough, morning peak,
// midday solar dip, evening peak. Piecewise-linear interpolation keeps generation free of libm
// transcendental functions, whose last bits differ between C libraries.
constexpr std::array<double, 24> kDailyProfile = {38, 35, 33, 32, 33, 38, 48, 60, 68, 64, 55, 48,
                                                  44, 42, 45, 52, 62, 75, 85, 88, 78, 65, 52, 44};

double round_to_cents(double v) { return std::round(v * 100.0) / 100.0; }
double round_to_tenths(double v) { return std::round(v * 10.0) / 10.0; }

// 2025-01-01T00:00:00Z is day 20089 after the Unix epoch.
constexpr long long kStartDay = 20089;

std::string utc_label(long long seconds_after_start) {
  return core::utc_label(kStartDay * 86400 + seconds_after_start);
}

double daily_profile_at(double hour_of_day) {
  const int h = static_cast<int>(std::floor(hour_of_day));
  const double fraction = hour_of_day - h;
  return kDailyProfile[h % 24] * (1.0 - fraction) + kDailyProfile[(h + 1) % 24] * fraction;
}

void validate(const GeneratorOptions& o) {
  auto need = [](bool ok, const char* option, const std::string& expected) {
    if (!ok) throw InputError(option, expected);
  };
  need(o.assets >= 1, "--assets", "expected at least 1 asset, got " + std::to_string(o.assets));
  need(o.markets >= 1, "--markets", "expected at least 1 market, got " + std::to_string(o.markets));
  need(o.steps >= 1, "--steps", "expected at least 1 step, got " + std::to_string(o.steps));
  // Labels are whole seconds: a step must last at least one second to get a label of its own.
  need(std::isfinite(o.step_hours) && o.step_hours * 3600.0 >= 1.0, "--step-hours",
       "expected a step of at least 1 second (1/3600 h)");
  need(std::isfinite(o.cap_fraction) && o.cap_fraction >= 0, "--cap-fraction",
       "expected a fraction >= 0 (0 = no cap)");
  need(std::isfinite(o.min_bid_mw) && o.min_bid_mw >= 0, "--min-bid", "expected MW >= 0");
  need(o.reserve_fraction >= 0 && o.reserve_fraction <= 1, "--reserve-fraction",
       "expected a probability in [0, 1]");
  need(o.price_noise >= 0 && o.price_noise <= 1, "--price-noise",
       "expected a relative amplitude in [0, 1]");
  need(o.price_noise == 0 || o.price_shape == PriceShape::daily, "--price-noise",
       "noise shapes the daily profile: use it with --price-shape daily");
  need(o.asset_types >= 0, "--asset-types", "expected a count >= 0, got " + std::to_string(o.asset_types));
  need(std::isfinite(o.asset_spread) && o.asset_spread >= 0 && o.asset_spread < 1, "--asset-spread",
       "expected a relative spread in [0, 1)");
  need(o.asset_spread == 0 || o.asset_types > 0, "--asset-spread",
       "the spread varies the copies of --asset-types: use it with --asset-types K");
  need(o.negative_spike_probability >= 0 && o.negative_spike_probability <= 1,
       "--negative-spikes", "expected a probability in [0, 1]");
}

}  // namespace

GeneratorOptions parse_generate_spec(const std::string& spec) {
  const char* kLabel = "--generate";
  std::vector<std::pair<std::string, int>> fields;  // text and its 1-based column
  size_t begin = 0;
  for (;;) {
    const size_t comma = spec.find(',', begin);
    fields.emplace_back(spec.substr(begin, comma == std::string::npos ? std::string::npos : comma - begin),
                        static_cast<int>(begin) + 1);
    if (comma == std::string::npos) break;
    begin = comma + 1;
  }
  if (fields.size() < 3 || fields.size() > 4)
    throw InputError(kLabel, "expected A,M,T[,SEED] (assets, markets, steps, optional seed), got '" +
                                 spec + "'");
  auto parse_unsigned = [&](const std::pair<std::string, int>& field, const char* what,
                            unsigned long long max) {
    const std::string& text = field.first;
    bool digits = !text.empty() && text.size() <= 20;
    for (char c : text) digits = digits && c >= '0' && c <= '9';
    unsigned long long value = 0;
    if (digits) {
      errno = 0;
      value = std::strtoull(text.c_str(), nullptr, 10);
      digits = errno == 0 && value <= max;
    }
    if (!digits)
      throw InputError(kLabel, 1, field.second,
                       std::string(what) + ": expected an integer in [" +
                           (max == std::numeric_limits<unsigned long long>::max() ? "0" : "1") +
                           ", " + std::to_string(max) + "], got '" + text + "'");
    return value;
  };
  constexpr unsigned long long kMaxCount = 1000000;
  GeneratorOptions options;
  options.assets = static_cast<int>(parse_unsigned(fields[0], "assets", kMaxCount));
  options.markets = static_cast<int>(parse_unsigned(fields[1], "markets", kMaxCount));
  options.steps = static_cast<int>(parse_unsigned(fields[2], "steps", kMaxCount));
  const std::pair<std::string, int>* zero = nullptr;
  for (int i = 0; i < 3; ++i)
    if (!zero && std::stoull(fields[i].first) == 0) zero = &fields[i];
  if (zero) throw InputError(kLabel, 1, zero->second, "expected a count of at least 1, got 0");
  if (fields.size() == 4)
    options.seed = parse_unsigned(fields[3], "seed", std::numeric_limits<unsigned long long>::max());
  return options;
}

Instance generate_instance(const GeneratorOptions& o) {
  validate(o);
  const int A = o.assets, M = o.markets, T = o.steps;

  // One sub-stream per ingredient, seeded from the master stream in this fixed order, so that
  // turning an option on changes only what it is about (e.g. --heterogeneous leaves prices alone).
  SplitMix64 master(o.seed);
  SplitMix64 market_rng(master.next());
  SplitMix64 asset_rng(master.next());
  SplitMix64 prequalification_rng(master.next());
  SplitMix64 price_rng(master.next());
  SplitMix64 noise_rng(master.next());
  SplitMix64 spike_rng(master.next());
  SplitMix64 spread_rng(master.next());  // last: the streams above stay as they were

  Instance in;
  in.name = "gen-" + std::to_string(A) + "-" + std::to_string(M) + "-" + std::to_string(T) + "-s" +
            std::to_string(o.seed) + (o.asset_types > 0 ? "-types" + std::to_string(o.asset_types) : "");
  if (o.asset_spread > 0) {
    std::ostringstream spread;
    spread << "-spread" << o.asset_spread;
    in.name += spread.str();
  }
  in.step_hours = o.step_hours;
  in.start = utc_label(0);

  // Directions uniform; with M >= 2 an all-up or all-down draw is redrawn as a whole, which makes
  // the result uniform over the assignments that have both directions.
  std::vector<Direction> directions(M);
  for (;;) {
    bool any_up = false, any_down = false;
    for (int m = 0; m < M; ++m) {
      directions[m] = market_rng.below(2) == 0 ? Direction::up : Direction::down;
      (directions[m] == Direction::up ? any_up : any_down) = true;
    }
    if (M < 2 || (any_up && any_down)) break;
  }
  for (int m = 0; m < M; ++m) {
    Market market;
    market.direction = directions[m];
    market.name = "m" + std::to_string(m) + "_" + to_string(directions[m]);
    if (o.reserve_fraction > 0 && market_rng.uniform01() < o.reserve_fraction)
      market.settlement = Settlement::reserve;
    market.min_bid_mw = o.min_bid_mw;
    in.markets.push_back(market);
  }

  for (int a = 0; a < A; ++a) {
    if (o.asset_types > 0 && a >= o.asset_types) {
      Asset copy = in.assets[static_cast<std::size_t>(a % o.asset_types)];
      copy.name = "a" + std::to_string(a);
      if (o.asset_spread > 0) {
        const auto factor = [&] {
          return 1.0 + o.asset_spread * (2.0 * spread_rng.uniform01() - 1.0);
        };
        const auto thousandths = [](double x) { return std::round(x * 1000.0) / 1000.0; };
        const double power = factor(), energy = factor();
        copy.power_mw = thousandths(copy.power_mw * power);
        for (double* level : {&copy.energy_mwh, &copy.soc_initial_mwh, &copy.soc_min_mwh, &copy.soc_max_mwh,
                              &copy.soc_final_min_mwh})
          *level = thousandths(*level * energy);
        for (double& q : copy.prequalified_mw) q = std::min(copy.power_mw, thousandths(q * factor()));
      }
      in.assets.push_back(std::move(copy));
      continue;
    }
    Asset asset;
    asset.name = "a" + std::to_string(a);
    asset.power_mw = 10;
    asset.energy_mwh = 20;
    if (o.heterogeneous) {
      static constexpr double kDurationsHours[] = {1, 2, 4};
      asset.power_mw = static_cast<double>(5 + asset_rng.below(16));
      asset.energy_mwh = asset.power_mw * kDurationsHours[asset_rng.below(3)];
      asset.eta_charge = static_cast<double>(90 + asset_rng.below(10)) / 100.0;
      asset.eta_discharge = asset.eta_charge;
      asset.cycle_cost_eur_per_mwh = static_cast<double>(asset_rng.below(11));
    }
    asset.soc_initial_mwh = asset.energy_mwh / 2.0;
    asset.soc_min_mwh = asset.energy_mwh / 10.0;
    asset.soc_max_mwh = asset.energy_mwh;
    asset.soc_final_min_mwh = asset.soc_min_mwh;
    asset.prequalified_mw.resize(M);
    // q uniform integer in [0, P - 1]: the script's randint(0, 10) for its 10 MW assets.
    for (int m = 0; m < M; ++m)
      asset.prequalified_mw[m] =
          static_cast<double>(prequalification_rng.below(static_cast<std::uint64_t>(asset.power_mw)));
    in.assets.push_back(asset);
  }

  if (o.cap_fraction > 0)
    for (int m = 0; m < M; ++m) {
      double total = 0;
      for (const Asset& asset : in.assets) total += asset.prequalified_mw[m];
      in.markets[m].cap_mw = round_to_tenths(o.cap_fraction * total);
    }

  std::vector<double> level(M, 1.0);
  if (o.price_shape == PriceShape::daily)
    for (int m = 0; m < M; ++m) level[m] = 0.75 + 0.5 * price_rng.uniform01();

  const long long step_seconds = std::llround(o.step_hours * 3600.0);
  in.prices.resize(static_cast<size_t>(T) * M);
  for (int t = 0; t < T; ++t) {
    in.time_labels.push_back(utc_label(step_seconds * t));
    const double hour_of_day = std::fmod(t * o.step_hours, 24.0);
    for (int m = 0; m < M; ++m) {
      double price;
      if (o.price_shape == PriceShape::uniform) {
        price = static_cast<double>(price_rng.below(10000)) / 100.0;
      } else {
        double shaped = daily_profile_at(hour_of_day) * level[m];
        if (o.price_noise > 0) shaped *= 1.0 + o.price_noise * (2.0 * noise_rng.uniform01() - 1.0);
        price = round_to_cents(shaped);
      }
      if (o.negative_spike_probability > 0) {
        const double draw = spike_rng.uniform01();
        const double magnitude = static_cast<double>(1 + spike_rng.below(10000)) / 100.0;
        if (draw < o.negative_spike_probability) price = -magnitude;
      }
      in.prices[static_cast<size_t>(t) * M + m] = price;
    }
  }
  return in;
}

}  // namespace fleetopt::fleet
