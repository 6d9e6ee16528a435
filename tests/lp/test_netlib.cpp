// The Netlib LPs in the shared data folder, each solved to the optimum recorded in optima.tsv
// (published Netlib optima, confirmed by external solvers) within 1e-6 relative.
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <sstream>

#include "fleetopt/core/mps.hpp"
#include "fleetopt/core/paths.hpp"
#include "fleetopt/lp/lp_solver.hpp"
#include "requirements.hpp"

namespace {

// The agreement asked of every Netlib solve: the optima are published to 11 significant digits.
constexpr double kNetlibRelative = 1e-6;

struct NetlibEntry {
  std::string name;
  int rows = 0;
  double optimum = 0.0;
};

std::vector<NetlibEntry> read_optima(const std::filesystem::path& dir) {
  std::ifstream in(dir / "optima.tsv");
  std::vector<NetlibEntry> out;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::istringstream ls(line);
    NetlibEntry e;
    int cols = 0, nnz = 0;
    if (ls >> e.name >> e.rows >> cols >> nnz >> e.optimum) out.push_back(e);
  }
  return out;
}

void solve_and_compare(const std::filesystem::path& dir, const NetlibEntry& e, const fleetopt::lp::LpOptions& options) {
  const auto model = fleetopt::core::read_mps(dir / (e.name + ".mps.gz"));
  const auto res = fleetopt::lp::solve_lp(model, options);
  INFO(e.name << ": status " << fleetopt::lp::to_string(res.status) << ", objective " << res.objective
              << ", reference " << e.optimum << ", " << res.iterations << " iterations, " << res.seconds << " s");
  REQUIRE(res.status == fleetopt::lp::LpStatus::optimal);
  CHECK(std::abs(res.objective - e.optimum) <= kNetlibRelative * std::max(1.0, std::abs(e.optimum)));
}

// Every Netlib LP of the shared folder with the given options: the published optimum.
void solve_all_with(const fleetopt::lp::LpOptions& options) {
  const auto dir = fleetopt::core::shared_data_dir();
  if (!dir) {
    fleetopt::test::missing_shared_data();
    return;
  }
  const auto entries = read_optima(*dir / "netlib");
  REQUIRE(entries.size() == 35);
  for (const auto& e : entries) solve_and_compare(*dir / "netlib", e, options);
}

// The same with the given dual pricing and ratio test.
void solve_all(fleetopt::lp::DualPricingRule pricing = fleetopt::lp::DualPricingRule::steepest_edge,
               fleetopt::lp::DualRatioTestRule ratio_test = fleetopt::lp::DualRatioTestRule::bound_flipping) {
  fleetopt::lp::LpOptions options;
  options.dual_pricing = pricing;
  options.dual_ratio_test = ratio_test;
  solve_all_with(options);
}

}  // namespace

// All 35 together take well under a second with the KLU factor, so they stay in the default run.
TEST_CASE("Netlib: all 35 LPs reach the published optimum", "[netlib]") { solve_all(); }

// The other dual pricing rules (dual_pricing.hpp) change the path, never the optimum.
TEST_CASE("Netlib: Devex and Dantzig pricing reach the same published optima", "[netlib]") {
  for (auto rule : {fleetopt::lp::DualPricingRule::devex, fleetopt::lp::DualPricingRule::dantzig}) {
    INFO(fleetopt::lp::to_string(rule));
    solve_all(rule);
  }
}

TEST_CASE("dual pricing rules are named and parsed both ways", "[netlib]") {
  using fleetopt::lp::DualPricingRule;
  for (auto rule : {DualPricingRule::steepest_edge, DualPricingRule::devex, DualPricingRule::dantzig})
    CHECK(fleetopt::lp::parse_dual_pricing_rule(fleetopt::lp::to_string(rule)) == rule);
  CHECK_THROWS_AS(fleetopt::lp::parse_dual_pricing_rule("dse"), std::invalid_argument);
}

TEST_CASE("Netlib: the Harris ratio test without bound flips reaches the same published optima", "[netlib]") {
  solve_all(fleetopt::lp::DualPricingRule::steepest_edge, fleetopt::lp::DualRatioTestRule::harris);
}

TEST_CASE("dual ratio tests are named and parsed both ways", "[netlib]") {
  using fleetopt::lp::DualRatioTestRule;
  for (auto rule : {DualRatioTestRule::bound_flipping, DualRatioTestRule::harris})
    CHECK(fleetopt::lp::parse_dual_ratio_test_rule(fleetopt::lp::to_string(rule)) == rule);
  CHECK_THROWS_AS(fleetopt::lp::parse_dual_ratio_test_rule("bfrt"), std::invalid_argument);
}

// The primal simplex doing the work (SimplexAlgorithm::primal: a feasible basis from the dual
// simplex on zero costs, then primal iterations), with each primal pricing rule
// (primal_pricing.hpp): a different path, the same optima.
TEST_CASE("Netlib: the primal simplex with Devex and Dantzig pricing reaches the same published optima", "[netlib]") {
  for (auto rule : {fleetopt::lp::PrimalPricingRule::devex, fleetopt::lp::PrimalPricingRule::dantzig}) {
    INFO(fleetopt::lp::to_string(rule));
    fleetopt::lp::LpOptions options;
    options.algorithm = fleetopt::lp::SimplexAlgorithm::primal;
    options.primal_pricing = rule;
    solve_all_with(options);
  }
}

TEST_CASE("primal pricing rules and simplex algorithms are named and parsed both ways", "[netlib]") {
  using fleetopt::lp::PrimalPricingRule;
  using fleetopt::lp::SimplexAlgorithm;
  for (auto rule : {PrimalPricingRule::devex, PrimalPricingRule::dantzig})
    CHECK(fleetopt::lp::parse_primal_pricing_rule(fleetopt::lp::to_string(rule)) == rule);
  CHECK_THROWS_AS(fleetopt::lp::parse_primal_pricing_rule("steepest-edge"), std::invalid_argument);
  for (auto algorithm : {SimplexAlgorithm::dual, SimplexAlgorithm::primal})
    CHECK(fleetopt::lp::parse_simplex_algorithm(fleetopt::lp::to_string(algorithm)) == algorithm);
  CHECK_THROWS_AS(fleetopt::lp::parse_simplex_algorithm("barrier"), std::invalid_argument);
}
