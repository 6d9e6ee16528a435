// CPLEX LP writer, and both writers checked by the external solvers they are written for: a small
// MILP with a hand-derived optimum solved from LP and MPS by glpsol and cbc, and Netlib LPs
// rewritten by our MPS and LP writers solved by glpsol and cbc against netlib/optima.tsv.
#include <catch2/catch.hpp>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <cstring>
#include <sstream>
#include <utility>

#include "fleetopt/core/lp_format.hpp"
#include "fleetopt/core/mps.hpp"
#include "fleetopt/core/paths.hpp"
#include "fleetopt/core/tolerances.hpp"
#include "requirements.hpp"
#include "scratch.hpp"

using namespace fleetopt::core;
namespace fs = std::filesystem;

namespace {

constexpr double inf = kInfinity;

// max 5a + 4b + 3c - d + 0.25e + 10
//   weight: 2a + 3b + c <= 4;  count: 1 <= a + b + c <= 2 (ranged);  need_d: d >= 1.5
//   e_link: e - a = 0.5;  a, b, c binary;  d integer in [0, 5];  e free.
// By hand: e = a + 0.5 adds 0.25a + 0.125; d = 2 (smallest integer >= 1.5) costs 2. Item sets
// allowed by weight and count: {a}, {b}, {c}, {a,c} (weight 3), {b,c} (weight 4); {a,b} weighs 5.
// Best is {a,c}: 5 + 3 + 0.25 + 0.125 - 2 + 10 = 16.375 (exact in binary).
constexpr double kKnapsackOptimum = 16.375;
constexpr double kKnapsackConstant = 10.0;

Model knapsack() {
  ModelBuilder b("knapsack", ObjectiveSense::maximize);
  const int a = b.add_column("a", 5.0, 0.0, 1.0, true);
  const int bb = b.add_column("b", 4.0, 0.0, 1.0, true);
  const int c = b.add_column("c", 3.0, 0.0, 1.0, true);
  const int d = b.add_column("d", -1.0, 0.0, 5.0, true);
  const int e = b.add_column("e", 0.25, -inf, inf);
  b.add_row("weight", -inf, 4.0, {a, bb, c}, {2.0, 3.0, 1.0});
  b.add_row("count", 1.0, 2.0, {a, bb, c}, {1.0, 1.0, 1.0});
  b.add_row("need_d", 1.5, inf, {d}, {1.0});
  b.add_row("e_link", 0.5, 0.5, {e, a}, {1.0, -1.0});
  b.set_objective_constant(kKnapsackConstant);
  b.set_objective_name("profit");
  return b.build();
}

bool have(const char* program) {
  return std::system((std::string("command -v ") + program + " >/dev/null 2>&1").c_str()) == 0;
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_text(const fs::path& p, const std::string& text) {
  std::ofstream out(p);
  out << text;
}

struct TempDir {
  fs::path path;
  TempDir() {
    static int counter = 0;
    path = fleetopt::test::scratch_root() / ("core_io_" + std::to_string(counter++));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

// The optimum glpsol reports in its -o output ("Objective:  name = value (MAXimum)").
double glpsol_objective(const std::string& input_flags, const fs::path& dir) {
  const fs::path out = dir / "glpsol.txt";
  const std::string cmd = "glpsol " + input_flags + " -o " + out.string() + " > " +
                          (dir / "glpsol.log").string() + " 2>&1";
  INFO(cmd << "\n" << read_text(dir / "glpsol.log"));
  REQUIRE(std::system(cmd.c_str()) == 0);
  const std::string text = read_text(out);
  INFO(text);
  const size_t at = text.find("Objective:");
  REQUIRE(at != std::string::npos);
  const size_t eq = text.find('=', at);
  REQUIRE(eq != std::string::npos);
  CHECK(text.find("UNDEFINED") == std::string::npos);
  return std::strtod(text.c_str() + eq + 1, nullptr);
}

// The optimum cbc reports in its -solu file ("Optimal - objective value 16.37500000").
double cbc_objective(const std::string& file_and_flags, const fs::path& dir) {
  const fs::path sol = dir / "cbc.sol";
  const std::string cmd = "cbc " + file_and_flags + " -solve -solu " + sol.string() + " > " +
                          (dir / "cbc.log").string() + " 2>&1";
  INFO(cmd << "\n" << read_text(dir / "cbc.log"));
  REQUIRE(std::system(cmd.c_str()) == 0);
  const std::string text = read_text(sol);
  INFO(text);
  REQUIRE(text.rfind("Optimal - objective value ", 0) == 0);
  return std::strtod(text.c_str() + std::string("Optimal - objective value ").size(), nullptr);
}

// Removes the OBJSENSE section, which glpsol 5.0 rejects (see mps.hpp).
std::string without_objsense(const std::string& mps) {
  const std::string section = "OBJSENSE\n    MAX\n";
  std::string out = mps;
  if (const size_t at = out.find(section); at != std::string::npos) out.erase(at, section.size());
  return out;
}

bool lp_names_valid(const Model& m) {
  try {
    to_lp_string(m);
    return true;
  } catch (const std::invalid_argument&) {
    return false;
  }
}

// Makes names LP format refuses acceptable: '_' for bad characters, "n_" before a leading digit
// or '.', '_' after a keyword (and checks that no two names then collide).
Model with_lp_names(Model m) {
  auto fix = [](std::vector<std::string>& names) {
    std::set<std::string> seen;
    for (auto& name : names) {
      for (char& c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && !std::strchr("!\"#$%&()/,.;?@_`'{}|~", c)) c = '_';
      if (std::isdigit(static_cast<unsigned char>(name[0])) || name[0] == '.') name = "n_" + name;
      for (const char* keyword : {"free", "inf", "infinity", "end", "st", "bounds", "max", "min"})
        if (name == keyword) name += '_';
      REQUIRE(seen.insert(name).second);
    }
  };
  fix(m.row_names);
  fix(m.col_names);
  return m;
}

bool close(double a, double b) {
  return std::abs(a - b) <= tol::kObjectiveAgreementRelative * std::max(1.0, std::abs(b));
}

}  // namespace

TEST_CASE("lp: the knapsack in CPLEX LP format, line by line", "[core][lp]") {
  // Expected text written by hand from the format rules in lp_format.hpp.
  const std::string expected =
      "\\ Problem: knapsack\n"
      "Maximize\n"
      " profit: 5 a + 4 b + 3 c - 1 d + 0.25 e + 10 obj_constant\n"
      "Subject To\n"
      " weight: 2 a + 3 b + 1 c <= 4\n"
      " count_lo: 1 a + 1 b + 1 c >= 1\n"
      " count_hi: 1 a + 1 b + 1 c <= 2\n"
      " need_d: 1 d >= 1.5\n"
      " e_link: - 1 a + 1 e = 0.5\n"
      "Bounds\n"
      " d <= 5\n"
      " e free\n"
      " obj_constant = 1\n"
      "Generals\n"
      " d\n"
      "Binaries\n"
      " a b c\n"
      "End\n";
  CHECK(to_lp_string(knapsack()) == expected);
}

TEST_CASE("lp: bounds, empty objective, free and empty rows, wrapping", "[core][lp]") {
  ModelBuilder b("shapes", ObjectiveSense::minimize);
  const int x = b.add_column("x", 0.0, -inf, 3.0);
  const int y = b.add_column("y", 0.0, -2.5, inf);
  b.add_column("z", 0.0, -1.0, 1.0);
  b.add_column("w", 0.0, 7.0, 7.0);
  b.add_column("g", 0.0, 0.0, inf, true);
  b.add_row("free_row", -inf, inf, {x}, {1.0});
  b.add_row("empty_row", -inf, 2.0);
  std::vector<int> many;
  std::vector<double> ones;
  for (int k = 0; k < 40; ++k) {
    many.push_back(b.add_column("long_column_name_" + std::to_string(k), 0.0, 0.0, inf));
    ones.push_back(1.0);
  }
  b.add_row("wide", -inf, 10.0, many, ones);
  b.add_entry(0, y, 1.0);
  const std::string longest_name(200, 'n');
  b.add_row(longest_name, -inf, 1e-300, {b.add_column(longest_name, 0.0, -inf, -1.0 / 7.0)}, {-1.0 / 3.0});
  const std::string text = to_lp_string(b.build());
  CHECK(text.find(" obj: 0 x\n") != std::string::npos);
  CHECK(text.find("\\ row free_row is free and left out\n") != std::string::npos);
  CHECK(text.find(" empty_row: 0 x <= 2\n") != std::string::npos);
  CHECK(text.find(" -inf <= x <= 3\n y >= -2.5\n -1 <= z <= 1\n w = 7\n") != std::string::npos);
  CHECK(text.find("Generals\n g\n") != std::string::npos);
  CHECK(text.find("Binaries") == std::string::npos);
  CHECK(text.find("obj_constant") == std::string::npos);
  std::istringstream lines(text);
  std::string line;
  size_t longest = 0, wide_lines = 0;
  while (std::getline(lines, line)) {
    longest = std::max(longest, line.size());
    if (line.find("long_column_name_") != std::string::npos) ++wide_lines;
  }
  CHECK(longest <= 255);
  CHECK(wide_lines >= 10);  // the 40-term row is wrapped over several lines
}

TEST_CASE("lp: names LP format cannot hold are refused", "[core][lp]") {
  for (const std::string& bad : std::vector<std::string>{"1x", ".x", "a b", "x:y", "x+y", "free", "Inf", "x[1]", std::string(201, 'n')}) {
    ModelBuilder b;
    b.add_column(bad, 1.0, 0.0, 1.0);
    CHECK_THROWS_AS(to_lp_string(b.build()), std::invalid_argument);
  }
  ModelBuilder b;
  b.add_column("x_1.ok", 1.0, 0.0, 1.0);
  b.add_column("obj_constant", 1.0, 0.0, 1.0);  // the constant's column must avoid this name
  b.set_objective_constant(2.0);
  const std::string text = to_lp_string(b.build());
  CHECK(text.find("+ 2 obj_constant_\n") != std::string::npos);
  CHECK(text.find(" obj_constant_ = 1\n") != std::string::npos);
}

TEST_CASE("lp and mps: glpsol and cbc find the hand-derived knapsack optimum", "[core][lp][mps][solvers]") {
  const Model model = knapsack();
  TempDir dir;
  write_lp(model, dir.path / "k.lp");
  write_mps(model, dir.path / "k.mps");
  if (have("glpsol")) {
    CHECK(glpsol_objective("--lp " + (dir.path / "k.lp").string(), dir.path) == kKnapsackOptimum);
    // glpsol reads the MPS objective constant with the opposite sign (c0 = +RHS), mps.hpp.
    write_text(dir.path / "k_glpk.mps", without_objsense(to_mps_string(model)));
    CHECK(glpsol_objective("--freemps " + (dir.path / "k_glpk.mps").string() + " --max", dir.path) ==
          kKnapsackOptimum - 2 * kKnapsackConstant);
  } else {
    fleetopt::test::missing_reference_solver(fleetopt::reference::ReferenceSolver::glpk,
                                             "glpsol is not installed: its external solver check skipped");
  }
  if (have("cbc")) {
    CHECK(cbc_objective((dir.path / "k.lp").string(), dir.path) == kKnapsackOptimum);
    // cbc ignores OBJSENSE MAX (mps.hpp): the sense is given on the command line.
    CHECK(cbc_objective((dir.path / "k.mps").string() + " -max", dir.path) == kKnapsackOptimum);
    // Without -max cbc minimizes, a check that the sense really is ignored: by hand the minimum
    // takes the cheapest single item c (3 + 0.25 * 0.5) and d = 5: 3.125 - 5 + 10 = 8.125.
    CHECK(cbc_objective((dir.path / "k.mps").string(), dir.path) == 8.125);
  } else {
    fleetopt::test::missing_reference_solver(fleetopt::reference::ReferenceSolver::cbc,
                                             "cbc is not installed: its external solver check skipped");
  }
}

TEST_CASE("lp and mps: Netlib LPs rewritten by our writers solve to the published optimum",
          "[core][lp][mps][solvers][netlib]") {
  const auto dir = shared_data_dir();
  if (!dir) {
    fleetopt::test::missing_shared_data();
    return;
  }
  for (const auto& [solver, program] : {std::pair{fleetopt::reference::ReferenceSolver::glpk, "glpsol"},
                                        std::pair{fleetopt::reference::ReferenceSolver::cbc, "cbc"}}) {
    if (!have(program)) {
      fleetopt::test::missing_reference_solver(solver, "glpsol or cbc is not installed: external solver check skipped");
      return;
    }
  }
  // Every Netlib LP through both writers and glpsol; afiro and boeing2 (which has RANGES and
  // BOUNDS) also through cbc. Names LP format refuses (boeing2: FLAV*1) are renamed for the LP
  // file only; the writer itself refuses them.
  std::ifstream tsv(*dir / "netlib" / "optima.tsv");
  std::string line;
  std::getline(tsv, line);
  int solved = 0;
  while (std::getline(tsv, line)) {
    std::istringstream fields(line);
    std::string name;
    int rows = 0, cols = 0, nonzeros = 0;
    double expected = 0.0;
    fields >> name >> rows >> cols >> nonzeros >> expected;
    INFO(name);
    const Model m = read_mps(*dir / "netlib" / (name + ".mps.gz"));
    if (name == "afiro") CHECK(lp_names_valid(m));
    if (name == "boeing2") CHECK_FALSE(lp_names_valid(m));
    TempDir tmp;
    write_mps(m, tmp.path / "m.mps");
    write_lp(with_lp_names(m), tmp.path / "m.lp");
    // optima.tsv includes the objective constant (e226: RHS on the objective row), which glpsol
    // reads from MPS with the opposite sign (mps.hpp); the LP file carries it as a column.
    if (name == "e226") CHECK(m.objective_constant != 0.0);
    CHECK(close(glpsol_objective("--freemps " + (tmp.path / "m.mps").string(), tmp.path),
                expected - 2.0 * m.objective_constant));
    CHECK(close(glpsol_objective("--lp " + (tmp.path / "m.lp").string(), tmp.path), expected));
    if (name == "afiro" || name == "boeing2") {
      CHECK(close(cbc_objective((tmp.path / "m.mps").string(), tmp.path), expected));
      CHECK(close(cbc_objective((tmp.path / "m.lp").string(), tmp.path), expected));
    }
    ++solved;
  }
  CHECK(solved == 35);
}
