// Generator: SplitMix64 against its published reference outputs, the integer and real mappings,
// determinism, the invariants of section 5, and a golden comparison with an independent Python
// reimplementation of the draw order written down in docs/instances.md.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "fleetopt/core/errors.hpp"
#include "fleetopt/fleet/generator.hpp"
#include "fleetopt/fleet/random.hpp"
#include "scratch.hpp"

using namespace fleetopt;
using namespace fleetopt::fleet;
namespace fs = std::filesystem;

TEST_CASE("SplitMix64 reproduces the reference outputs for seed 1234567", "[generator]") {
  // Published outputs of Vigna's splitmix64.c for seed 1234567 (re-derived with Python integers).
  SplitMix64 rng(1234567);
  CHECK(rng.next() == 6457827717110365317ULL);
  CHECK(rng.next() == 3203168211198807973ULL);
  CHECK(rng.next() == 9817491932198370423ULL);
  CHECK(rng.next() == 4593380528125082431ULL);
  CHECK(rng.next() == 16408922859458223821ULL);
}

TEST_CASE("SplitMix64 mappings to reals in 0..1 and integers below n", "[generator]") {
  SECTION("uniform01 is the top 53 bits times 2^-53") {
    SplitMix64 rng(1234567);
    // (6457827717110365317 >> 11) * 2^-53, computed with Python's exact integers.
    CHECK(rng.uniform01() == 0.3500795420214081);
  }
  SECTION("below(n) is x mod n when x is not in the biased tail") {
    SplitMix64 rng(1234567);
    CHECK(rng.below(10) == 7u);  // 6457827717110365317 mod 10
  }
  SECTION("below(n) rejects draws under 2^64 mod n") {
    // n = 2^63 + 1: 2^64 mod n = 2^63 - 1, so the first two outputs (both < 2^63 - 1) are
    // rejected and the third gives 9817491932198370423 - (2^63 + 1).
    SplitMix64 rng(1234567);
    CHECK(rng.below((1ULL << 63) + 1) == 594119895343594614ULL);
    CHECK(rng.next() == 4593380528125082431ULL);  // exactly three draws were used
  }
  SECTION("below(1) is always 0 and below(0) is refused") {
    SplitMix64 rng(7);
    for (int i = 0; i < 10; ++i) CHECK(rng.below(1) == 0u);
    CHECK_THROWS_AS(rng.below(0), std::invalid_argument);
  }
  SECTION("uniform01 stays in [0, 1)") {
    SplitMix64 rng(99);
    for (int i = 0; i < 100000; ++i) {
      const double u = rng.uniform01();
      REQUIRE(u >= 0.0);
      REQUIRE(u < 1.0);
    }
  }
}

namespace {
bool is_whole(double v) { return v == std::floor(v); }
bool has_cents_only(double v) {
  const double cents = v * 100.0;
  return std::fabs(cents - std::round(cents)) < 1e-6;
}
}  // namespace

TEST_CASE("Default generated instance follows the original script's recipe", "[generator]") {
  GeneratorOptions o;
  o.assets = 3;
  o.markets = 5;
  o.steps = 30;
  o.seed = 42;
  const Instance in = generate_instance(o);
  CHECK(in.name == "gen-3-5-30-s42");
  CHECK(in.step_hours == 1.0);
  CHECK(in.start == "2025-01-01T00:00:00Z");
  REQUIRE(in.num_assets() == 3);
  REQUIRE(in.num_markets() == 5);
  REQUIRE(in.num_steps() == 30);
  CHECK(in.time_labels[0] == "2025-01-01T00:00:00Z");
  CHECK(in.time_labels[1] == "2025-01-01T01:00:00Z");
  CHECK(in.time_labels[23] == "2025-01-01T23:00:00Z");
  CHECK(in.time_labels[24] == "2025-01-02T00:00:00Z");
  bool up = false, down = false;
  for (int m = 0; m < 5; ++m) {
    const Market& mk = in.markets[m];
    CHECK(mk.name == "m" + std::to_string(m) + "_" + to_string(mk.direction));
    CHECK(mk.settlement == Settlement::energy);
    CHECK_FALSE(mk.cap_mw.has_value());
    CHECK(mk.min_bid_mw == 0.0);
    (mk.direction == Direction::up ? up : down) = true;
  }
  CHECK((up && down));
  for (int a = 0; a < 3; ++a) {
    const Asset& as = in.assets[a];
    CHECK(as.name == "a" + std::to_string(a));
    CHECK(as.power_mw == 10.0);
    CHECK(as.energy_mwh == 20.0);
    CHECK(as.soc_initial_mwh == 10.0);
    CHECK(as.soc_min_mwh == 2.0);
    CHECK(as.soc_max_mwh == 20.0);
    CHECK(as.soc_final_min_mwh == 2.0);
    CHECK(as.eta_charge == 1.0);
    CHECK(as.eta_discharge == 1.0);
    CHECK(as.cycle_cost_eur_per_mwh == 0.0);
    for (double q : as.prequalified_mw) {
      CHECK(is_whole(q));
      CHECK(q >= 0.0);
      CHECK(q <= 9.0);
    }
  }
  for (double p : in.prices) {
    CHECK(p >= 0.0);
    CHECK(p < 100.0);
    CHECK(has_cents_only(p));
  }
  CHECK(in.trivial_infeasibility().empty());
}

TEST_CASE("Generator is deterministic and the seed matters", "[generator]") {
  GeneratorOptions o;
  o.assets = 4;
  o.markets = 3;
  o.steps = 24;
  o.seed = 7;
  const Instance a = generate_instance(o), b = generate_instance(o);
  CHECK(a.prices == b.prices);
  for (int i = 0; i < 4; ++i) CHECK(a.assets[i].prequalified_mw == b.assets[i].prequalified_mw);
  o.seed = 8;
  const Instance c = generate_instance(o);
  CHECK(a.prices != c.prices);
}

TEST_CASE("Every market set has both directions when M >= 2", "[generator]") {
  int all_same_single = 0;
  for (std::uint64_t seed = 0; seed < 300; ++seed) {
    GeneratorOptions o;
    o.assets = 1;
    o.markets = 2;
    o.steps = 1;
    o.seed = seed;
    const Instance in = generate_instance(o);
    REQUIRE(in.markets[0].direction != in.markets[1].direction);
    o.markets = 1;
    all_same_single += generate_instance(o).markets[0].direction == Direction::up;
  }
  // With M = 1 the direction is a fair coin: both outcomes occur (P(miss) = 2^-299).
  CHECK(all_same_single > 0);
  CHECK(all_same_single < 300);
}

TEST_CASE("Generator options", "[generator]") {
  GeneratorOptions base;
  base.assets = 6;
  base.markets = 4;
  base.steps = 48;
  base.seed = 3;
  const Instance plain = generate_instance(base);

  SECTION("asset types: the first K assets as drawn, the others copies of asset a mod K") {
    for (bool heterogeneous : {false, true}) {
      GeneratorOptions o = base;
      o.heterogeneous = heterogeneous;
      const Instance drawn = generate_instance(o);
      o.asset_types = 2;
      const Instance in = generate_instance(o);
      CHECK(in.name == drawn.name + "-types2");
      CHECK(in.prices == drawn.prices);
      REQUIRE(in.num_assets() == 6);
      for (int a = 0; a < 6; ++a) {
        const Asset& model = drawn.assets[a % 2];
        CHECK(in.assets[a].name == "a" + std::to_string(a));
        CHECK(in.assets[a].power_mw == model.power_mw);
        CHECK(in.assets[a].energy_mwh == model.energy_mwh);
        CHECK(in.assets[a].eta_charge == model.eta_charge);
        CHECK(in.assets[a].cycle_cost_eur_per_mwh == model.cycle_cost_eur_per_mwh);
        CHECK(in.assets[a].prequalified_mw == model.prequalified_mw);
      }
    }
    GeneratorOptions negative = base;
    negative.asset_types = -1;
    CHECK_THROWS_AS(generate_instance(negative), fleetopt::core::InputError);
  }

  SECTION("asset spread: copies alike within the spread, the drawn assets and prices as they were") {
    GeneratorOptions o = base;
    o.heterogeneous = true;
    o.asset_types = 2;
    const Instance copies = generate_instance(o);
    o.asset_spread = 0.05;
    const Instance in = generate_instance(o);
    CHECK(in.name == copies.name + "-spread0.05");
    CHECK(in.prices == copies.prices);
    REQUIRE(in.num_assets() == 6);
    int differ = 0;
    for (int a = 0; a < 6; ++a) {
      const Asset& model = copies.assets[a % 2];
      const Asset& x = in.assets[a];
      INFO("asset " << a);
      if (a < 2) {  // drawn, not copied: unchanged
        CHECK(x.power_mw == model.power_mw);
        CHECK(x.prequalified_mw == model.prequalified_mw);
        continue;
      }
      const auto within = [](double value, double of) { return std::abs(value - of) <= 0.05 * of + 0.0005; };
      CHECK(within(x.power_mw, model.power_mw));
      CHECK(within(x.energy_mwh, model.energy_mwh));
      // The state-of-charge levels keep their ratios to the energy (one factor for all).
      CHECK(x.soc_initial_mwh / x.energy_mwh == Approx(model.soc_initial_mwh / model.energy_mwh).margin(1e-3));
      CHECK(x.soc_min_mwh <= x.soc_initial_mwh);
      CHECK(x.soc_initial_mwh <= x.soc_max_mwh);
      CHECK(x.eta_charge == model.eta_charge);
      for (std::size_t m = 0; m < x.prequalified_mw.size(); ++m) {
        CHECK(within(x.prequalified_mw[m], model.prequalified_mw[m]));
        CHECK(x.prequalified_mw[m] <= x.power_mw);
        CHECK(std::abs(x.prequalified_mw[m] * 1000.0 - std::round(x.prequalified_mw[m] * 1000.0)) < 1e-6);
      }
      differ += x.power_mw != model.power_mw;
    }
    CHECK(differ >= 3);
    CHECK(in.trivial_infeasibility().empty());
    GeneratorOptions bad = base;
    bad.asset_spread = 0.05;  // without --asset-types
    CHECK_THROWS_AS(generate_instance(bad), fleetopt::core::InputError);
    bad.asset_types = 2;
    bad.asset_spread = 1.0;
    CHECK_THROWS_AS(generate_instance(bad), fleetopt::core::InputError);
  }

  SECTION("heterogeneous fleets vary the assets and leave prices and directions alone") {
    GeneratorOptions o = base;
    o.heterogeneous = true;
    const Instance in = generate_instance(o);
    CHECK(in.prices == plain.prices);
    for (int m = 0; m < 4; ++m) CHECK(in.markets[m].direction == plain.markets[m].direction);
    bool varied = false;
    for (const Asset& a : in.assets) {
      CHECK(a.power_mw >= 5);
      CHECK(a.power_mw <= 20);
      const double duration = a.energy_mwh / a.power_mw;
      CHECK((duration == 1 || duration == 2 || duration == 4));
      CHECK(a.eta_charge >= 0.9);
      CHECK(a.eta_charge <= 0.99);
      CHECK(a.eta_discharge == a.eta_charge);
      CHECK(a.cycle_cost_eur_per_mwh >= 0);
      CHECK(a.cycle_cost_eur_per_mwh <= 10);
      CHECK(a.soc_initial_mwh == a.energy_mwh / 2);
      CHECK(a.soc_min_mwh == a.energy_mwh / 10);
      for (double q : a.prequalified_mw) CHECK((q >= 0 && q <= a.power_mw - 1 && is_whole(q)));
      varied = varied || a.power_mw != in.assets[0].power_mw;
    }
    CHECK(varied);
  }
  SECTION("caps are the fraction of the summed prequalification, rounded to 0.1 MW") {
    GeneratorOptions o = base;
    o.cap_fraction = 0.37;
    const Instance in = generate_instance(o);
    for (int m = 0; m < 4; ++m) {
      double total = 0;
      for (const Asset& a : in.assets) total += a.prequalified_mw[m];
      REQUIRE(in.markets[m].cap_mw.has_value());
      CHECK(*in.markets[m].cap_mw == Approx(0.37 * total).margin(0.05 + 1e-12));
      CHECK(has_cents_only(*in.markets[m].cap_mw * 10.0));
    }
  }
  SECTION("min bids and reserve settlement") {
    GeneratorOptions o = base;
    o.min_bid_mw = 2.5;
    o.reserve_fraction = 1.0;
    const Instance in = generate_instance(o);
    for (const Market& m : in.markets) {
      CHECK(m.min_bid_mw == 2.5);
      CHECK(m.settlement == Settlement::reserve);
    }
    CHECK(in.prices == plain.prices);
  }
  SECTION("negative spikes with probability 1 make every price negative") {
    GeneratorOptions o = base;
    o.negative_spike_probability = 1.0;
    const Instance in = generate_instance(o);
    for (double p : in.prices) {
      CHECK(p < 0);
      CHECK(p >= -100);
      CHECK(has_cents_only(p));
    }
  }
  SECTION("the daily shape follows the hour of day") {
    GeneratorOptions o = base;
    o.price_shape = PriceShape::daily;
    const Instance in = generate_instance(o);
    // Without noise every market is the profile times a level in [0.75, 1.25): the evening peak
    // (19:00, 88) beats the night trough (03:00, 32) in every market and both days repeat.
    for (int m = 0; m < 4; ++m) {
      CHECK(in.price(19, m) > in.price(3, m));
      CHECK(in.price(19, m) == in.price(43, m));
      CHECK(in.price(3, m) >= 0.75 * 32 - 0.005);
      CHECK(in.price(19, m) <= 1.25 * 88 + 0.005);
    }
  }
  SECTION("fractional steps give second-accurate labels") {
    GeneratorOptions o = base;
    o.step_hours = 0.25;
    const Instance in = generate_instance(o);
    CHECK(in.time_labels[1] == "2025-01-01T00:15:00Z");
    CHECK(in.time_labels[47] == "2025-01-01T11:45:00Z");
  }
  SECTION("bad options are input errors naming the option") {
    GeneratorOptions o = base;
    o.reserve_fraction = 1.5;
    CHECK_THROWS_WITH(generate_instance(o), Catch::Contains("--reserve-fraction"));
    o = base;
    o.price_noise = 0.1;  // uniform shape
    CHECK_THROWS_AS(generate_instance(o), core::InputError);
    o = base;
    o.steps = 0;
    CHECK_THROWS_WITH(generate_instance(o), Catch::Contains("--steps"));
  }
}

TEST_CASE("Time labels cross years and leap days", "[generator]") {
  GeneratorOptions o;
  o.assets = 1;
  o.markets = 1;
  // 2025-01-01 + 1154 days = 2028-02-29 (365 * 3 + 31 + 28 days; 2028 is a leap year).
  o.steps = 1155 * 24 + 1;
  const Instance in = generate_instance(o);
  CHECK(in.time_labels[365 * 24] == "2026-01-01T00:00:00Z");
  CHECK(in.time_labels[1154 * 24 + 13] == "2028-02-29T13:00:00Z");
  CHECK(in.time_labels[1155 * 24] == "2028-03-01T00:00:00Z");
}

TEST_CASE("parse_generate_spec", "[generator]") {
  GeneratorOptions o = parse_generate_spec("2,4,6");
  CHECK(o.assets == 2);
  CHECK(o.markets == 4);
  CHECK(o.steps == 6);
  CHECK(o.seed == 0u);
  o = parse_generate_spec("100,3,96,18446744073709551615");
  CHECK(o.assets == 100);
  CHECK(o.seed == 18446744073709551615ULL);

  auto error_of = [](const std::string& spec) -> core::InputError {
    try {
      parse_generate_spec(spec);
    } catch (const core::InputError& e) {
      return e;
    }
    FAIL("no InputError for '" << spec << "'");
    return core::InputError("", "");
  };
  CHECK(error_of("2,4").file() == "--generate");
  CHECK(error_of("2,4,6,1,9").file() == "--generate");
  const core::InputError bad_steps = error_of("2,4,x");
  CHECK(bad_steps.column() == 5);
  CHECK_THAT(bad_steps.message(), Catch::Contains("steps"));
  CHECK(error_of("2,0,6").column() == 3);
  CHECK(error_of("2,4,6,-1").column() == 7);
  CHECK(error_of("2,4,6,18446744073709551616").column() == 7);
  CHECK(error_of(" 2,4,6").column() == 1);
  CHECK(error_of("2,4,6,").column() == 7);
}

namespace {
// An independent reimplementation of docs/instances.md "Generator" in Python (integers are exact
// there, so SplitMix64 is written straight from its definition). It prints one record per line.
const char* kPythonGenerator = R"PY(
import sys, math
MASK = (1 << 64) - 1
class Rng:
    def __init__(self, seed): self.s = seed & MASK
    def next(self):
        self.s = (self.s + 0x9E3779B97F4A7C15) & MASK
        z = self.s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)
    def u01(self): return (self.next() >> 11) * 2.0 ** -53
    def below(self, n):
        limit = (1 << 64) % n
        while True:
            x = self.next()
            if x >= limit: return x % n

def cround(v):  # C's round(): halves away from zero
    return math.copysign(math.floor(abs(v) + 0.5), v)

A, M, T, seed = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
het, reserve, spikes, daily, noise, cap = int(sys.argv[5]), float(sys.argv[6]), float(sys.argv[7]), int(sys.argv[8]), float(sys.argv[9]), float(sys.argv[10])
master = Rng(seed)
rm, ra, rq, rp, rn, rs = (Rng(master.next()) for _ in range(6))
while True:
    dirs = ['up' if rm.below(2) == 0 else 'down' for _ in range(M)]
    if M < 2 or ('up' in dirs and 'down' in dirs): break
settle = ['reserve' if reserve > 0 and rm.u01() < reserve else 'energy' for _ in range(M)]
assets = []
for a in range(A):
    P, E, eta, kappa = 10.0, 20.0, 1.0, 0.0
    if het:
        P = float(5 + ra.below(16)); E = P * [1, 2, 4][ra.below(3)]
        eta = (90 + ra.below(10)) / 100.0; kappa = float(ra.below(11))
    q = [float(rq.below(int(P))) for _ in range(M)]
    assets.append((P, E, eta, kappa, q))
for m in range(M):
    c = 0.0
    if cap > 0: c = cround(cap * sum(x[4][m] for x in assets) * 10.0) / 10.0
    print('market', 'm%d_%s' % (m, dirs[m]), dirs[m], settle[m], repr(c))
for a, (P, E, eta, kappa, q) in enumerate(assets):
    print('asset', 'a%d' % a, repr(P), repr(E), repr(E / 2.0), repr(E / 10.0), repr(eta), repr(kappa), *[repr(v) for v in q])
prof = [38, 35, 33, 32, 33, 38, 48, 60, 68, 64, 55, 48, 44, 42, 45, 52, 62, 75, 85, 88, 78, 65, 52, 44]
level = [0.75 + 0.5 * rp.u01() for _ in range(M)] if daily else [1.0] * M
for t in range(T):
    for m in range(M):
        if not daily:
            price = rp.below(10000) / 100.0
        else:
            h = math.fmod(t * 1.0, 24.0); i = int(math.floor(h)); f = h - i
            v = (prof[i % 24] * (1.0 - f) + prof[(i + 1) % 24] * f) * level[m]
            if noise > 0: v *= 1.0 + noise * (2.0 * rn.u01() - 1.0)
            price = cround(v * 100.0) / 100.0
        if spikes > 0:
            d = rs.u01(); mag = (1 + rs.below(10000)) / 100.0
            if d < spikes: price = -mag
        print('price', t, m, repr(price))
)PY";

std::vector<std::vector<std::string>> run_python(const GeneratorOptions& o) {
  const fs::path dir = fleetopt::test::scratch_root() / "generator_py";
  fs::create_directories(dir);
  const fs::path script = dir / "gen.py", out = dir / "out.txt";
  std::ofstream(script) << kPythonGenerator;
  std::ostringstream cmd;
  cmd << "/usr/bin/python3 " << script << ' ' << o.assets << ' ' << o.markets << ' ' << o.steps << ' '
      << o.seed << ' ' << (o.heterogeneous ? 1 : 0) << ' ' << o.reserve_fraction << ' '
      << o.negative_spike_probability << ' ' << (o.price_shape == PriceShape::daily ? 1 : 0) << ' '
      << o.price_noise << ' ' << o.cap_fraction << " > " << out;
  REQUIRE(std::system(cmd.str().c_str()) == 0);
  std::ifstream in(out);
  std::vector<std::vector<std::string>> records;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::vector<std::string> record;
    for (std::string w; words >> w;) record.push_back(w);
    records.push_back(record);
  }
  return records;
}

double num(const std::string& s) { return std::strtod(s.c_str(), nullptr); }

void compare_with_python(const GeneratorOptions& o) {
  const Instance in = generate_instance(o);
  const auto records = run_python(o);
  const int A = o.assets, M = o.markets, T = o.steps;
  REQUIRE(records.size() == static_cast<size_t>(M + A + T * M));
  for (int m = 0; m < M; ++m) {
    const auto& r = records[m];
    REQUIRE(r.size() == 5);
    CHECK(r[1] == in.markets[m].name);
    CHECK(r[2] == to_string(in.markets[m].direction));
    CHECK(r[3] == to_string(in.markets[m].settlement));
    CHECK(num(r[4]) == in.markets[m].cap_mw.value_or(0.0));
  }
  for (int a = 0; a < A; ++a) {
    const auto& r = records[M + a];
    const Asset& as = in.assets[a];
    REQUIRE(r.size() == static_cast<size_t>(8 + M));
    CHECK(r[1] == as.name);
    CHECK(num(r[2]) == as.power_mw);
    CHECK(num(r[3]) == as.energy_mwh);
    CHECK(num(r[4]) == as.soc_initial_mwh);
    CHECK(num(r[5]) == as.soc_min_mwh);
    CHECK(num(r[6]) == as.eta_charge);
    CHECK(num(r[7]) == as.cycle_cost_eur_per_mwh);
    for (int m = 0; m < M; ++m) CHECK(num(r[8 + m]) == as.prequalified_mw[m]);
  }
  for (int t = 0; t < T; ++t)
    for (int m = 0; m < M; ++m) {
      const auto& r = records[M + A + t * M + m];
      REQUIRE(r.size() == 4);
      REQUIRE(num(r[1]) == t);
      REQUIRE(num(r[2]) == m);
      CHECK(num(r[3]) == in.price(t, m));
    }
}
}  // namespace

TEST_CASE("Generator matches an independent Python reimplementation", "[generator]") {
  GeneratorOptions o;
  o.assets = 3;
  o.markets = 4;
  o.steps = 30;
  SECTION("defaults, seed 0") { compare_with_python(o); }
  SECTION("all options, seed 2024") {
    o.seed = 2024;
    o.heterogeneous = true;
    o.reserve_fraction = 0.5;
    o.negative_spike_probability = 0.1;
    o.price_shape = PriceShape::daily;
    o.price_noise = 0.2;
    o.cap_fraction = 0.6;
    compare_with_python(o);
  }
}
