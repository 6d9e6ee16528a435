// Differential test of the branch-and-bound against brute force: small random pure and mixed
// integer programs (up to 6 rows; when pure up to 10 integer columns with domains of at most 5
// values and 4,096 integer points, when mixed up to 6 such columns and 512 points plus 1-3
// continuous columns) are solved by mip::solve_mip at zero relative gap and by enumerating every
// integer point -- for a pure program evaluating it directly, for a mixed one solving the LP of
// the continuous columns with the integers fixed (lp::solve_lp, cold, one fresh model per point).
// Enumeration shares nothing with the search (no branching, no bounds, no warm starts), so a
// wrong pruning, a lost node or a wrong infeasibility verdict shows as a different answer.
//
// Program k is drawn from std::mt19937_64 seeded with kSuiteSeed + k (the engine's output is
// specified bit for bit by the C++ standard; the mappings below are our own, not <random>'s
// distributions). A mismatch prints k and the program in LP format.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>
#include <random>
#include <sstream>

#include "fleetopt/core/lp_format.hpp"
#include "fleetopt/core/model.hpp"
#include "fleetopt/core/tolerances.hpp"
#include "fleetopt/mip/primal_heuristic.hpp"
#include "fleetopt/lp/lp_solver.hpp"
#include "fleetopt/mip/mip_solver.hpp"

using namespace fleetopt;

namespace {

// Agreement of the two optima, relative to max(1, |optimum|). The data are small integers, so
// pure programs have exact integer optima and mixed ones the optimum of an LP solved to 1e-7
// feasibility; a wrong answer of the search is off by at least a whole unit of some coefficient.
constexpr double kAgreementRelative = 1e-6;
// A returned solution is checked here, independently of mip::check_solution: rows and bounds
// within this (times max(1, |bound|)) and integer columns within core::tol::kIntegrality.
constexpr double kSolutionFeasibility = 1e-6;
// The search runs at gap 0, relative and absolute: the branch-and-bound prunes only ties and
// calls a complete search optimal when incumbent and bound agree to LP noise
// (core::tol::kMipGapFloorRelative), far below any difference between two integer solutions.
constexpr double kSearchAbsoluteGap = 0.0;
// Enumeration stays cheap: at most this many integer points per program. A point of a pure
// program costs one matrix-vector product, one of a mixed program an LP solve.
constexpr long kMaxPurePoints = 4096;
constexpr long kMaxMixedPoints = 512;
constexpr std::uint64_t kSuiteSeed = 77001;
constexpr int kDefaultPrograms = 500;
constexpr int kLongPrograms = 5000;

class Draw {
 public:
  explicit Draw(std::uint64_t seed) : engine_(seed) {}
  // Integer in [low, high]; the modulo bias is irrelevant for ranges this small.
  int between(int low, int high) {
    return low + static_cast<int>(engine_() % static_cast<std::uint64_t>(high - low + 1));
  }
  bool chance(int numerator, int denominator) { return between(1, denominator) <= numerator; }

 private:
  std::mt19937_64 engine_;
};

struct RandomProgram {
  core::Model model;
  int integers = 0;  // columns 0 .. integers-1 are integer, the rest continuous
};

// Rows are built around a random point of the box, so most programs are feasible; negative
// slacks and shifted equalities make some infeasible, in integers or altogether.
RandomProgram random_program(std::uint64_t seed) {
  Draw d(seed);
  RandomProgram p;
  const bool pure = d.chance(1, 2);
  p.integers = pure ? d.between(1, 10) : d.between(1, 6);
  const int continuous = pure ? 0 : d.between(1, 3);
  const long max_points = pure ? kMaxPurePoints : kMaxMixedPoints;
  const int columns = p.integers + continuous;
  const auto sense = d.chance(1, 2) ? core::ObjectiveSense::minimize : core::ObjectiveSense::maximize;
  core::ModelBuilder b("random-" + std::to_string(seed), sense);

  std::vector<int> lower(p.integers), width(p.integers);
  for (int j = 0; j < p.integers; ++j) {
    lower[j] = d.between(-3, 1);
    width[j] = d.between(0, 4);
  }
  auto points = [&] {
    long n = 1;
    for (int w : width) n *= w + 1;
    return n;
  };
  for (int j = 0; points() > max_points; j = (j + 1) % p.integers) width[j] = std::max(0, width[j] - 1);

  std::vector<double> point(columns);
  for (int j = 0; j < columns; ++j) {
    const bool integer = j < p.integers;
    const double lo = integer ? lower[j] : d.between(-4, 0);
    const double up = integer ? lower[j] + width[j] : lo + d.between(0, 6);
    b.add_column((integer ? "z" : "c") + std::to_string(j), d.between(-9, 9), lo, up, integer);
    point[j] = integer ? lo + d.between(0, width[j]) : lo + 0.5 * d.between(0, static_cast<int>(2 * (up - lo)));
  }
  b.set_objective_constant(d.between(-5, 5));

  const int rows = d.between(1, pure ? 6 : 4);
  for (int i = 0; i < rows; ++i) {
    std::vector<int> cols;
    std::vector<double> values;
    double activity = 0.0;
    for (int j = 0; j < columns; ++j) {
      if (!d.chance(2, 3)) continue;
      int a = d.between(-6, 6);
      if (a == 0) a = 1;
      cols.push_back(j);
      values.push_back(a);
      activity += a * point[j];
    }
    if (cols.empty()) {
      cols.push_back(d.between(0, columns - 1));
      values.push_back(d.between(1, 6));
      activity = values[0] * point[cols[0]];
    }
    const double slack = d.between(-2, 3);
    double lo = -core::kInfinity, up = core::kInfinity;
    switch (d.between(0, 3)) {
      case 0: up = activity + slack; break;
      case 1: lo = activity - slack; break;
      case 2: lo = up = activity + (d.chance(1, 4) ? 1.0 : 0.0); break;
      default:
        lo = activity - std::abs(slack);
        up = activity + d.between(0, 3);
        break;
    }
    b.add_row("r" + std::to_string(i), lo, up, cols, values);
  }
  p.model = b.build();
  return p;
}

struct Enumerated {
  bool feasible = false;
  double optimum = 0.0;
  long points = 0;
};

// The optimum by brute force over the integer points.
Enumerated enumerate(const RandomProgram& p) {
  const core::Model& m = p.model;
  const bool maximize = m.sense == core::ObjectiveSense::maximize;
  const bool pure = p.integers == m.num_cols();
  Enumerated best;
  std::vector<double> z(m.col_lower.begin(), m.col_lower.begin() + p.integers);
  for (;;) {
    ++best.points;
    std::optional<double> value;
    if (pure) {
      // Integer data and an integer point: the activities are exact.
      const std::vector<double> activity = m.row_activity(z);
      bool ok = true;
      for (int i = 0; i < m.num_rows(); ++i) ok = ok && activity[i] >= m.row_lower[i] && activity[i] <= m.row_upper[i];
      if (ok) value = m.objective_value(z);
    } else {
      core::Model fixed = m;
      for (int j = 0; j < p.integers; ++j) fixed.col_lower[j] = fixed.col_upper[j] = z[j];
      std::fill(fixed.is_integer.begin(), fixed.is_integer.end(), 0);
      const lp::LpResult r = lp::solve_lp(fixed);
      INFO("LP of the continuous part at an integer point: " << lp::to_string(r.status));
      REQUIRE((r.status == lp::LpStatus::optimal || r.status == lp::LpStatus::infeasible));
      if (r.status == lp::LpStatus::optimal) value = r.objective;
    }
    if (value && (!best.feasible || (maximize ? *value > best.optimum : *value < best.optimum))) {
      best.feasible = true;
      best.optimum = *value;
    }
    int j = 0;  // next point, odometer style
    while (j < p.integers && z[j] >= m.col_upper[j]) {
      z[j] = m.col_lower[j];
      ++j;
    }
    if (j == p.integers) break;
    z[j] += 1.0;
  }
  return best;
}

// True when the LP relaxation is better than the integer optimum, or feasible when the program
// is not: the programs where the search has work to do beyond one LP.
bool has_integrality_gap(const RandomProgram& p, const Enumerated& truth) {
  core::Model relaxed = p.model;
  std::fill(relaxed.is_integer.begin(), relaxed.is_integer.end(), 0);
  const lp::LpResult r = lp::solve_lp(relaxed);
  if (r.status != lp::LpStatus::optimal) return false;
  if (!truth.feasible) return true;
  const double tolerance = kAgreementRelative * std::max(1.0, std::abs(truth.optimum));
  return p.model.sense == core::ObjectiveSense::maximize ? r.objective > truth.optimum + tolerance
                                                          : r.objective < truth.optimum - tolerance;
}

// What is wrong with the search's answer (empty: nothing).
std::string compare(const RandomProgram& p, const Enumerated& truth, const mip::MipResult& r) {
  const core::Model& m = p.model;
  const bool maximize = m.sense == core::ObjectiveSense::maximize;
  std::ostringstream why;
  why.precision(17);
  if (!truth.feasible) {
    if (r.status != mip::MipStatus::infeasible)
      why << "enumeration: infeasible; solve_mip: " << mip::to_string(r.status) << " (" << r.message << ")";
    return why.str();
  }
  const double tolerance = kAgreementRelative * std::max(1.0, std::abs(truth.optimum));
  if (r.status != mip::MipStatus::optimal || !r.objective) {
    why << "enumeration: optimum " << truth.optimum << "; solve_mip: " << mip::to_string(r.status) << ", objective "
        << (r.objective ? *r.objective : std::nan("")) << ", bound " << r.best_bound << " (" << r.message << ")";
    return why.str();
  }
  if (std::abs(*r.objective - truth.optimum) > tolerance)
    why << "objective " << *r.objective << ", enumeration " << truth.optimum << "; ";
  if (maximize ? r.best_bound < truth.optimum - tolerance : r.best_bound > truth.optimum + tolerance)
    why << "best bound " << r.best_bound << " cuts off the optimum " << truth.optimum << "; ";
  if (static_cast<int>(r.x.size()) != m.num_cols()) {
    why << "solution has " << r.x.size() << " values for " << m.num_cols() << " columns";
    return why.str();
  }
  auto off = [](double v, double lo, double up) {
    return std::max({0.0, (lo - v) / std::max(1.0, std::abs(lo)), (v - up) / std::max(1.0, std::abs(up))});
  };
  for (int j = 0; j < m.num_cols(); ++j) {
    if (off(r.x[j], m.col_lower[j], m.col_upper[j]) > kSolutionFeasibility)
      why << "column " << m.col_names[j] << " = " << r.x[j] << " outside its bounds; ";
    if (m.is_integer[j] && std::abs(r.x[j] - std::round(r.x[j])) > core::tol::kIntegrality)
      why << "integer column " << m.col_names[j] << " = " << r.x[j] << "; ";
  }
  const std::vector<double> activity = m.row_activity(r.x);
  for (int i = 0; i < m.num_rows(); ++i)
    if (off(activity[i], m.row_lower[i], m.row_upper[i]) > kSolutionFeasibility)
      why << "row " << m.row_names[i] << " = " << activity[i] << " violated; ";
  if (std::abs(m.objective_value(r.x) - *r.objective) > tolerance)
    why << "the solution's objective is " << m.objective_value(r.x) << ", not the reported " << *r.objective;
  return why.str();
}

// `configure` switches on what the run tests beyond the defaults; it returns, per search, a count
// the run adds up into `*used` (how often the feature did something), if given.
void run_enumeration_differential(int first, int count,
                                  const std::function<void(mip::MipOptions&)>& configure = {},
                                  const std::function<long long(const mip::MipResult&)>& usage = {},
                                  long long* used = nullptr) {
  int infeasible = 0, mixed = 0, with_gap = 0, mismatches = 0;
  long points = 0;
  for (int k = first; k < first + count; ++k) {
    const RandomProgram p = random_program(kSuiteSeed + static_cast<std::uint64_t>(k));
    const Enumerated truth = enumerate(p);
    mip::MipOptions options;
    options.relative_gap = 0.0;
    options.absolute_gap = kSearchAbsoluteGap;
    if (configure) configure(options);
    const mip::MipResult result = mip::solve_mip(p.model, options);
    if (usage && used != nullptr) *used += usage(result);
    infeasible += !truth.feasible;
    mixed += p.integers < p.model.num_cols();
    points += truth.points;
    with_gap += has_integrality_gap(p, truth);
    const std::string why = compare(p, truth, result);
    if (why.empty()) continue;
    ++mismatches;
    FAIL_CHECK("program " << k << " (random_program(" << kSuiteSeed << " + " << k << ")), " << result.nodes
                          << " nodes:\n" << why << "\n" << core::to_lp_string(p.model));
  }
  INFO(count << " programs: " << mixed << " mixed, " << infeasible << " infeasible, " << with_gap
             << " with an integrality gap, " << points << " integer points enumerated, " << mismatches << " mismatches");
  // The mix the test promises: pure and mixed programs, feasible and infeasible ones, and
  // programs whose LP relaxation is not enough (something is left to branch on or cut off).
  CHECK(mixed >= count / 4);
  CHECK(count - mixed >= count / 4);
  CHECK(infeasible >= count / 50);
  CHECK(with_gap >= count / 5);
  CHECK(count - infeasible >= count / 2);
}

}  // namespace

TEST_CASE("enumeration differential: 500 random small MILPs, branch-and-bound against brute force",
          "[mip][differential]") {
  run_enumeration_differential(0, kDefaultPrograms);
}

TEST_CASE("enumeration differential: 300 random small MILPs with the queued nodes' LPs solved ahead",
          "[mip][differential][ahead]") {
  long long jobs = 0;
  run_enumeration_differential(
      0, 300,
      [](mip::MipOptions& o) {
        o.node_lps_ahead = true;
        o.threads = 2;
        // Without RINS, which would hold the second thread beside the search (the LPs ahead wait
        // for it) for 100 nodes, longer than these trees.
        o.heuristics = mip::heuristics_without_sub_mips();
      },
      [](const mip::MipResult& r) { return r.node_lps_ahead_used; }, &jobs);
  // Their trees are small: few nodes wait in the queue (5 start from a basis solved ahead). The
  // knapsacks of test_node_lps_ahead.cpp have thousands.
  INFO(jobs << " nodes started from a basis solved ahead");
  CHECK(jobs > 0);
}

TEST_CASE("enumeration differential: 300 random small MILPs with strong branching on copies on two threads",
          "[mip][differential][parallel-sb]") {
  long long iterations = 0;
  run_enumeration_differential(
      300, 300,
      [](mip::MipOptions& o) {
        o.parallel_strong_branching = true;
        o.node_lps_ahead = true;
        o.threads = 2;
      },
      [](const mip::MipResult& r) { return r.strong_branching_iterations; }, &iterations);
  // Programs 300-599 (the other differentials' first 300 are 0-299), with the LPs ahead too.
  INFO(iterations << " strong-branching iterations on copies of the node LPs");
  CHECK(iterations > 0);
}

TEST_CASE("enumeration differential: 5000 more random small MILPs", "[mip][differential][long]") {
  run_enumeration_differential(kDefaultPrograms, kLongPrograms);
}
