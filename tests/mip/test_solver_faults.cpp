// Solver faults end cleanly (issue 11, part 3; docs/mip.md, "Faults"): a search that runs out of
// node memory, whose node LPs fail or throw, or whose plug-ins throw or hand the LP a corrupt basis
// ends with a clear status and message, its checked incumbent and a bound that is still valid --
// never a crash, never a wrong "optimal". Each fault is forced through public API only (memory
// limits, LpOptions::factor_maker, plug-ins) on knapsacks whose optimum a normal solve and dynamic
// programming both give.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <functional>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

#include "fleetopt/core/model.hpp"
#include "fleetopt/lp/basis_factor.hpp"
#include "fleetopt/mip/branching_rule.hpp"
#include "fleetopt/mip/mip_solver.hpp"
#include "fleetopt/mip/node_context.hpp"
#include "fleetopt/mip/primal_heuristic.hpp"
#include "fleetopt/mip/solution_check.hpp"
#include "test_random.hpp"

using namespace fleetopt;
using Catch::Matchers::Contains;
using core::kInfinity;
using core::ModelBuilder;
using core::ObjectiveSense;
using mip::MipStatus;

namespace {

// Slack for comparing objectives and bounds of integer-valued knapsacks (LP rounding).
constexpr double kTolerance = 1e-6;

using fleetopt::test::Lcg;

// Bounded knapsack with one or more capacity rows; item i may be taken 0..copies[i] times.
struct Knapsack {
  std::vector<int> value, copies;
  std::vector<std::vector<int>> weight;  // weight[row][item]
  std::vector<int> capacity;
};

// Values correlated with weights make the LP bound weak and the tree deep (hundreds of nodes).
// With one row, the same knapsacks as test_branch_and_bound.cpp's.
Knapsack random_knapsack(std::uint64_t seed, int items, int max_copies, int rows = 1) {
  Lcg rng(seed);
  Knapsack k;
  k.weight.assign(rows, {});
  for (int i = 0; i < items; ++i) {
    for (int r = 0; r < rows; ++r) k.weight[r].push_back(5 + rng.below(40));
    k.value.push_back(k.weight[0].back() + rng.below(10));
    k.copies.push_back(1 + rng.below(max_copies));
  }
  for (int r = 0; r < rows; ++r) {
    int total = 0;
    for (int i = 0; i < items; ++i) total += k.weight[r][i] * k.copies[i];
    k.capacity.push_back(total / 2);
  }
  return k;
}

// Independent optimum of a one-row knapsack: dynamic programming over the capacity.
int knapsack_optimum(const Knapsack& k) {
  std::vector<int> best(k.capacity[0] + 1, 0);
  for (std::size_t i = 0; i < k.value.size(); ++i)
    for (int c = 0; c < k.copies[i]; ++c)
      for (int w = k.capacity[0]; w >= k.weight[0][i]; --w)
        best[w] = std::max(best[w], best[w - k.weight[0][i]] + k.value[i]);
  return best[k.capacity[0]];
}

core::Model knapsack_model(const Knapsack& k) {
  ModelBuilder b("knapsack", ObjectiveSense::maximize);
  std::vector<int> cols;
  for (std::size_t i = 0; i < k.value.size(); ++i)
    cols.push_back(b.add_column("x" + std::to_string(i), k.value[i], 0.0, k.copies[i], true));
  for (std::size_t r = 0; r < k.capacity.size(); ++r) {
    std::vector<double> weights(k.weight[r].begin(), k.weight[r].end());
    b.add_row("capacity" + std::to_string(r), -kInfinity, k.capacity[r], cols, weights);
  }
  return b.build();
}

// Gap 0 and no root cuts: the tree is large and the number of LP factorizations reproducible.
mip::MipOptions exact() {
  mip::MipOptions o;
  o.relative_gap = 0.0;
  o.absolute_gap = 1e-9;
  o.max_cut_rounds = 0;
  return o;
}

// What every faulted search must still get right (maximisation: the bound is an upper bound).
void require_clean_end(const core::Model& model, const mip::MipResult& r, double optimum) {
  INFO("status " << mip::to_string(r.status) << ": " << r.message);
  CHECK(r.status != MipStatus::optimal);
  CHECK(!r.message.empty());
  CHECK(r.best_bound >= optimum - kTolerance);
  if (!r.x.empty()) {
    const mip::SolutionCheck check = mip::check_solution(model, r.x);
    CHECK(check.ok);
    REQUIRE(r.objective);
    CHECK(*r.objective == Approx(model.objective_value(r.x)).margin(kTolerance));
    CHECK(*r.objective <= optimum + kTolerance);
  } else {
    CHECK(!r.objective);
  }
}

// The all-zero solution, feasible for every knapsack: a checked incumbent from the start.
std::vector<std::vector<double>> zero_start(const core::Model& model) {
  return {std::vector<double>(model.num_cols(), 0.0)};
}

// A plug-in that misbehaves from its `from_call`-th call on; counts its calls.
struct Countdown {
  long long calls = 0;
  long long from_call = 0;
  bool due() { return ++calls > from_call; }
};

// Throws what `fault` makes once due, at every node where heuristics are asked.
class ThrowingHeuristic : public mip::PrimalHeuristic {
 public:
  ThrowingHeuristic(std::shared_ptr<Countdown> countdown, std::function<void()> fault)
      : countdown_(std::move(countdown)), fault_(std::move(fault)) {}
  std::string name() const override { return "throwing"; }
  char log_letter() const override { return 'T'; }
  bool should_run(const mip::NodeContext&) const override { return true; }
  void run(mip::NodeContext&, const mip::SolutionSink&) override {
    if (countdown_->due()) fault_();
  }

 private:
  std::shared_ptr<Countdown> countdown_;
  std::function<void()> fault_;
};

// Reliability branching that, once due, throws or returns an impossible bound change.
class FaultyBranching : public mip::BranchingRule {
 public:
  enum class Fault { throws, bad_column };
  FaultyBranching(std::shared_ptr<Countdown> countdown, Fault fault)
      : countdown_(std::move(countdown)), fault_(fault), inner_(mip::make_branching_rule("reliability")) {}
  std::string name() const override { return "faulty"; }
  mip::BranchDecision select(mip::NodeContext& ctx) override {
    if (!countdown_->due()) return inner_->select(ctx);
    if (fault_ == Fault::throws) throw std::runtime_error("injected branching failure");
    mip::BranchDecision d;
    d.kind = mip::BranchDecision::Kind::tightened;
    d.tightenings.push_back({ctx.model.num_cols() + 5, 0.0, 0.0});
    return d;
  }

 private:
  std::shared_ptr<Countdown> countdown_;
  Fault fault_;
  std::unique_ptr<mip::BranchingRule> inner_;
};

// A KLU factorization that, from its shared countdown's due call on, fails (reports
// FactorStatus::failed, as for a basis it cannot factorize even with repairs) or throws.
struct FactorFaults {
  Countdown countdown;
  bool throw_instead = false;
};

class FaultyFactor : public lp::BasisFactor {
 public:
  explicit FaultyFactor(std::shared_ptr<FactorFaults> faults) : faults_(std::move(faults)), inner_(lp::make_klu_factor()) {}
  lp::FactorStatus factorize(const core::SparseMatrix& a, std::vector<int>& basic_index) override {
    if (faults_->countdown.due()) {
      if (faults_->throw_instead) throw std::runtime_error("injected factorization fault");
      return lp::FactorStatus::failed;
    }
    return inner_->factorize(a, basic_index);
  }
  void ftran(lp::IndexedVector& rhs) const override { inner_->ftran(rhs); }
  void btran(lp::IndexedVector& rhs) const override { inner_->btran(rhs); }
  bool update(int position, const lp::IndexedVector& entering) override { return inner_->update(position, entering); }
  bool wants_refactor() const override { return inner_->wants_refactor(); }
  int updates_since_refactor() const override { return inner_->updates_since_refactor(); }
  long long factorizations() const override { return inner_->factorizations(); }
  bool drop_updates_after(int count) override { return inner_->drop_updates_after(count); }
  // A copy shares the countdown: a fault due later still comes, whichever copy makes the call.
  std::unique_ptr<lp::BasisFactor> clone() const override {
    auto copy = std::make_unique<FaultyFactor>(faults_);
    copy->inner_ = inner_->clone();
    return copy;
  }

 private:
  std::shared_ptr<FactorFaults> faults_;
  std::unique_ptr<lp::BasisFactor> inner_;
};

// A three-row knapsack that needs a few hundred nodes at gap 0 (372; seed 11, used before the
// conflict pool, needs only 110 with it); its optimum is the normal solve's (checked against
// dynamic programming only where that applies: one row, below).
struct Reference {
  core::Model model = knapsack_model(random_knapsack(1, 35, 2, 3));
  mip::MipResult normal = mip::solve_mip(model, exact());
  double optimum = normal.objective.value_or(kInfinity);
};

const Reference& reference() {
  static const Reference r;
  return r;
}

}  // namespace

TEST_CASE("faults: the reference solve is optimal and needs a real tree", "[mip][faults]") {
  const Reference& ref = reference();
  REQUIRE(ref.normal.status == MipStatus::optimal);
  CHECK(mip::check_solution(ref.model, ref.normal.x).ok);
  CHECK(ref.normal.nodes > 200);
  // The generator and the solver agree with dynamic programming on its one-row sibling.
  const Knapsack one_row = random_knapsack(11, 35, 2);
  const mip::MipResult r = mip::solve_mip(knapsack_model(one_row), exact());
  REQUIRE(r.status == MipStatus::optimal);
  CHECK(*r.objective == Approx(knapsack_optimum(one_row)).margin(1e-9));
}

TEST_CASE("faults: past node_memory_stop_bytes the search stops with its incumbent and bound",
          "[mip][faults][memory]") {
  const Reference& ref = reference();
  SECTION("with an incumbent: feasible") {
    mip::MipOptions o = exact();
    o.node_memory_stop_bytes = 4096;  // a few dozen open nodes without bases
    o.initial_solutions = zero_start(ref.model);
    const mip::MipResult r = mip::solve_mip(ref.model, o);
    require_clean_end(ref.model, r, ref.optimum);
    CHECK(r.status == MipStatus::feasible);
    CHECK_THAT(r.message, Contains("node memory limit reached") && Contains("node_memory_stop_bytes = 4096"));
    CHECK(!r.x.empty());
    CHECK(r.nodes < ref.normal.nodes);
  }
  SECTION("without one: no_solution") {
    mip::MipOptions o = exact();
    o.node_memory_stop_bytes = 0;  // the root's two children are already too many
    o.heuristics = std::vector<mip::HeuristicFactory>{};
    const mip::MipResult r = mip::solve_mip(ref.model, o);
    require_clean_end(ref.model, r, ref.optimum);
    CHECK(r.status == MipStatus::no_solution);
    CHECK_THAT(r.message, Contains("node memory limit reached"));
    CHECK(r.x.empty());
    CHECK(r.nodes == 1);
    // Only the root was solved: the bound is the root LP's or what strong branching proved there.
    CHECK(r.best_bound <= r.root_bound + kTolerance);
  }
  SECTION("the soft limit alone still reaches the optimum") {
    mip::MipOptions o = exact();
    o.node_memory_limit_bytes = 1024;
    const mip::MipResult r = mip::solve_mip(ref.model, o);
    REQUIRE(r.status == MipStatus::optimal);
    CHECK(*r.objective == Approx(ref.optimum).margin(1e-9));
  }
}

TEST_CASE("faults: std::bad_alloc in the search stops it like the memory limit", "[mip][faults][memory]") {
  const Reference& ref = reference();
  mip::MipOptions o = exact();
  o.initial_solutions = zero_start(ref.model);
  auto countdown = std::make_shared<Countdown>();
  countdown->from_call = 20;
  o.heuristics = std::vector<mip::HeuristicFactory>{
      [countdown] { return std::make_unique<ThrowingHeuristic>(countdown, [] { throw std::bad_alloc(); }); }};
  const mip::MipResult r = mip::solve_mip(ref.model, o);
  require_clean_end(ref.model, r, ref.optimum);
  CHECK(r.status == MipStatus::feasible);
  CHECK_THAT(r.message, Contains("out of memory") && Contains("the search stopped"));
  CHECK(countdown->calls == countdown->from_call + 1);  // it stopped at the first fault
}

TEST_CASE("faults: a throwing or lying plug-in ends the search with status error", "[mip][faults][plugin]") {
  const Reference& ref = reference();
  SECTION("a heuristic throws") {
    mip::MipOptions o = exact();
    o.initial_solutions = zero_start(ref.model);
    auto countdown = std::make_shared<Countdown>();
    countdown->from_call = 30;
    o.heuristics = std::vector<mip::HeuristicFactory>{[countdown] {
      return std::make_unique<ThrowingHeuristic>(countdown, [] { throw std::out_of_range("injected heuristic bug"); });
    }};
    const mip::MipResult r = mip::solve_mip(ref.model, o);
    require_clean_end(ref.model, r, ref.optimum);
    CHECK(r.status == MipStatus::error);
    CHECK_THAT(r.message, Contains("primal heuristic 'throwing' threw: injected heuristic bug"));
    CHECK(!r.x.empty());
    // The node in hand when it threw keeps its bound: not worse than the root's.
    CHECK(r.best_bound <= r.root_bound + kTolerance);
  }
  SECTION("a branching rule throws") {
    mip::MipOptions o = exact();
    auto countdown = std::make_shared<Countdown>();
    countdown->from_call = 10;
    o.branching = [countdown] {
      return std::make_unique<FaultyBranching>(countdown, FaultyBranching::Fault::throws);
    };
    const mip::MipResult r = mip::solve_mip(ref.model, o);
    require_clean_end(ref.model, r, ref.optimum);
    CHECK(r.status == MipStatus::error);
    CHECK_THAT(r.message, Contains("branching rule 'faulty' threw: injected branching failure"));
  }
  SECTION("a branching rule returns a bound change on a column that does not exist") {
    mip::MipOptions o = exact();
    o.initial_solutions = zero_start(ref.model);
    auto countdown = std::make_shared<Countdown>();
    countdown->from_call = 10;
    o.branching = [countdown] {
      return std::make_unique<FaultyBranching>(countdown, FaultyBranching::Fault::bad_column);
    };
    const mip::MipResult r = mip::solve_mip(ref.model, o);
    require_clean_end(ref.model, r, ref.optimum);
    CHECK(r.status == MipStatus::error);
    CHECK_THAT(r.message, Contains("branching rule 'faulty' returned a bound change on column 40"));
  }
  SECTION("a plug-in factory throws: the search cannot start") {
    mip::MipOptions o = exact();
    o.initial_solutions = zero_start(ref.model);
    o.branching = []() -> std::unique_ptr<mip::BranchingRule> { throw std::runtime_error("no rule today"); };
    const mip::MipResult r = mip::solve_mip(ref.model, o);
    require_clean_end(ref.model, r, ref.optimum);
    CHECK(r.status == MipStatus::error);
    CHECK_THAT(r.message, Contains("the search could not start: no rule today"));
    CHECK(r.x.empty());  // nothing was checked
  }
}

TEST_CASE("faults: node LPs whose factorization fails or throws end the search honestly",
          "[mip][faults][lp]") {
  const Reference& ref = reference();
  // From the k-th factorization on, every one fails: k = 0 breaks the root LP, larger k let the
  // search find solutions and bounds first. Whatever k, the answer is either the true optimum
  // (the search finished before the factor broke) or a clean end.
  int errors = 0;
  for (const long long k : {0LL, 2LL, 5LL, 20LL, 60LL, 200LL}) {
    for (const bool throw_instead : {false, true}) {
      INFO("failing from factorization " << k << (throw_instead ? ", throwing" : ", reporting failure"));
      auto faults = std::make_shared<FactorFaults>();
      faults->countdown.from_call = k;
      faults->throw_instead = throw_instead;
      mip::MipOptions o = exact();
      o.initial_solutions = zero_start(ref.model);
      o.lp.factor_maker = [faults] { return std::make_unique<FaultyFactor>(faults); };
      const mip::MipResult r = mip::solve_mip(ref.model, o);
      if (r.status == MipStatus::optimal) {
        CHECK(*r.objective == Approx(ref.optimum).margin(1e-9));
        continue;
      }
      require_clean_end(ref.model, r, ref.optimum);
      REQUIRE(r.status == MipStatus::error);
      ++errors;
      // Thrown inside a plug-in's probe, the message names the plug-in; in a node LP, the search.
      if (throw_instead)
        CHECK_THAT(r.message, Contains("injected factorization fault") && Contains("the search stopped"));
      else
        CHECK_THAT(r.message, Contains("node LPs failed even from a fresh factorization"));
      if (!throw_instead) CHECK(r.failed_node_lps >= 1);
      CHECK(!r.x.empty());  // the zero start, at least, checked and kept
    }
  }
  CHECK(errors >= 8);  // the faults did happen
}

namespace {

// A heuristic that hands its probe corrupt bases. Refused ones must throw std::invalid_argument
// and leave the LP as it was; a singular one must be repaired, so that the probe, whose bounds are
// the node's, finds the node's LP optimum again. With `uncaught`, it lets the refusal out.
struct BasisReport {
  int refused = 0, repaired_and_solved = 0, wrong = 0;
};

class CorruptBasisHeuristic : public mip::PrimalHeuristic {
 public:
  CorruptBasisHeuristic(std::shared_ptr<BasisReport> report, bool uncaught)
      : report_(std::move(report)), uncaught_(uncaught) {}
  std::string name() const override { return "corrupt-basis"; }
  char log_letter() const override { return 'C'; }
  bool should_run(const mip::NodeContext& ctx) const override { return ctx.node_number <= kCorruptNodes; }
  void run(mip::NodeContext& ctx, const mip::SolutionSink&) override {
    const int n = ctx.model.num_cols(), m = ctx.model.num_rows();
    mip::LpProbe probe(ctx.node_lp, mip::LpProbe::Purpose::heuristic);
    if (uncaught_) probe.set_basis({lp::VarStatus::basic});  // wrong length; lets the refusal out
    std::vector<std::vector<lp::VarStatus>> refused_bases;
    refused_bases.push_back(std::vector<lp::VarStatus>(n + m + 1, lp::VarStatus::at_lower));  // wrong length
    refused_bases.push_back(std::vector<lp::VarStatus>(n + m, lp::VarStatus::basic));         // too many basic
    std::vector<lp::VarStatus> unknown(n + m, lp::VarStatus::at_lower);
    for (int i = 0; i < m; ++i) unknown[n + i] = lp::VarStatus::basic;
    unknown[0] = static_cast<lp::VarStatus>(9);  // not a status at all
    refused_bases.push_back(unknown);
    for (const auto& basis : refused_bases) {
      try {
        probe.set_basis(basis);
        ++report_->wrong;
      } catch (const std::invalid_argument&) {
        ++report_->refused;
      }
    }
    // Singular: columns 0 and 1 are equal, and with every row nonbasic they are the whole basis.
    std::vector<lp::VarStatus> singular(n + m, lp::VarStatus::at_lower);
    singular[0] = singular[1] = lp::VarStatus::basic;
    for (int i = 0; i < m; ++i) singular[n + i] = lp::VarStatus::at_upper;
    probe.set_basis(singular);
    const lp::LpStatus status = probe.solve();
    if (status == lp::LpStatus::optimal &&
        std::abs(probe.result().objective - ctx.lp.objective) <= kTolerance * std::max(1.0, std::abs(ctx.lp.objective)))
      ++report_->repaired_and_solved;
    else
      ++report_->wrong;
  }

 private:
  // Nodes it corrupts (the first ones: the root and some of its descendants).
  static constexpr long long kCorruptNodes = 15;
  std::shared_ptr<BasisReport> report_;
  bool uncaught_;
};

// Two capacity rows with items 0 and 1 identical in both, so that {x0, x1} is a singular basis.
core::Model twin_column_model() {
  Knapsack k = random_knapsack(5, 24, 1, 2);
  for (auto& row : k.weight) row[1] = row[0];
  return knapsack_model(k);
}

}  // namespace

TEST_CASE("faults: a corrupt basis from a plug-in is refused or repaired, the search unharmed",
          "[mip][faults][basis]") {
  const core::Model model = twin_column_model();
  const mip::MipResult normal = mip::solve_mip(model, exact());
  REQUIRE(normal.status == MipStatus::optimal);
  REQUIRE(normal.nodes > 1);
  const double optimum = *normal.objective;

  SECTION("caught by the plug-in: the search goes on to the optimum") {
    auto report = std::make_shared<BasisReport>();
    mip::MipOptions o = exact();
    o.heuristics = std::vector<mip::HeuristicFactory>{
        [report] { return std::make_unique<CorruptBasisHeuristic>(report, false); }};
    const mip::MipResult r = mip::solve_mip(model, o);
    REQUIRE(r.status == MipStatus::optimal);
    CHECK(*r.objective == Approx(optimum).margin(1e-9));
    CHECK(mip::check_solution(model, r.x).ok);
    CHECK(report->wrong == 0);
    CHECK(report->repaired_and_solved >= 1);
    CHECK(report->refused == 3 * report->repaired_and_solved);
  }
  SECTION("let out of the plug-in: status error naming it") {
    auto report = std::make_shared<BasisReport>();
    mip::MipOptions o = exact();
    o.initial_solutions = zero_start(model);
    o.heuristics = std::vector<mip::HeuristicFactory>{
        [report] { return std::make_unique<CorruptBasisHeuristic>(report, true); }};
    const mip::MipResult r = mip::solve_mip(model, o);
    require_clean_end(model, r, optimum);
    CHECK(r.status == MipStatus::error);
    CHECK_THAT(r.message, Contains("primal heuristic 'corrupt-basis' threw: set_basis"));
    CHECK(r.nodes == 1);  // the root's heuristics already stop it
  }
}
