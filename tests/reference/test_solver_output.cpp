// Parsers of the reference solvers' output, on text written the way CBC 2.10.8, glpsol 5.0 and
// scipy_highs.py write it (copied from real runs on the small model of
// test_reference_solver.cpp), plus the MPS preparation and the child-process runner.
#include <string>
#include <unistd.h>
#include <catch2/catch.hpp>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "fleetopt/reference/solver_output.hpp"
#include "scratch.hpp"

using namespace fleetopt::reference;
namespace fs = std::filesystem;

namespace {

const char* const kFreeMps =
    "NAME tiny\n"
    "OBJSENSE\n"
    "    MAX\n"
    "ROWS\n"
    " N obj\n"
    " L c1\n"
    " L c2\n"
    "COLUMNS\n"
    " x obj 1 c1 1\n"
    " x c2 3\n"
    " MARKER 'MARKER' 'INTORG'\n"
    " y obj 1 c1 2\n"
    " y c2 1\n"
    " MARKER 'MARKER' 'INTEND'\n"
    "RHS\n"
    " RHS c1 4 c2 6\n"
    "BOUNDS\n"
    " UP BND y 10\n"
    "ENDATA\n";

// CBC's -saveSolution layout: int rows, int cols, objective, row activities, row duals, column
// values, reduced costs.
std::string cbc_binary(double objective, const std::vector<double>& rows, const std::vector<double>& cols) {
  std::string bytes;
  auto put_int = [&](int v) { bytes.append(reinterpret_cast<const char*>(&v), sizeof v); };
  auto put = [&](double v) { bytes.append(reinterpret_cast<const char*>(&v), sizeof v); };
  put_int(static_cast<int>(rows.size()));
  put_int(static_cast<int>(cols.size()));
  put(objective);
  for (double r : rows) put(r);
  for (size_t i = 0; i < rows.size(); ++i) put(0.0);
  for (double c : cols) put(c);
  for (size_t i = 0; i < cols.size(); ++i) put(0.0);
  return bytes;
}

double value_of(const ParsedSolution& p, const std::string& name) {
  for (const auto& [n, v] : p.values)
    if (n == name) return v;
  FAIL("no value for " << name);
  return 0.0;
}

}  // namespace

TEST_CASE("mps: column order and the CBC/glpsol variant", "[reference][output]") {
  CHECK(mps_column_order(kFreeMps) == std::vector<std::string>{"x", "y"});
  const std::string variant = mps_for_cbc_and_glpk(kFreeMps);
  CHECK(variant.find("OBJSENSE") == std::string::npos);
  CHECK(variant.find("MAX") == std::string::npos);
  CHECK(variant.rfind("NAME tiny FREE\nROWS\n", 0) == 0);
  CHECK(variant.find(" MARKER 'MARKER' 'INTORG'\n") != std::string::npos);
  CHECK(variant.find(" UP BND y 10\nENDATA\n") != std::string::npos);
  // The one-line form and a nameless model.
  const std::string one_line = mps_for_cbc_and_glpk("NAME\nOBJSENSE MAX\nROWS\n N obj\nENDATA\n");
  CHECK(one_line == "NAME model FREE\nROWS\n N obj\nENDATA\n");
  // A model whose right-hand sides are all zero has no RHS section; CBC needs the header.
  CHECK(mps_for_cbc_and_glpk("NAME t FREE\nROWS\n N obj\n L c\nCOLUMNS\n x obj 1 c 1\nBOUNDS\n UP BND x 4\nENDATA\n") ==
        "NAME t FREE\nROWS\n N obj\n L c\nCOLUMNS\n x obj 1 c 1\nRHS\nBOUNDS\n UP BND x 4\nENDATA\n");
  CHECK(mps_for_cbc_and_glpk("NAME t\nROWS\n N obj\nCOLUMNS\n x obj 1\nENDATA\n") ==
        "NAME t FREE\nROWS\n N obj\nCOLUMNS\n x obj 1\nRHS\nENDATA\n");
}

TEST_CASE("cbc: optimal solution, values from the binary file at full precision", "[reference][output]") {
  const std::string text =
      "Optimal - objective value 2.66666667\n"
      "      0 x              1.6666667                       0\n"
      "      1 y                      1              0.66666667\n";
  const std::string log = "Welcome to the CBC MILP Solver \nVersion: 2.10.8 \nResult - Optimal solution found\n";
  const ParsedSolution p = parse_cbc(text, log, cbc_binary(8.0 / 3.0, {11.0 / 3.0, 6.0}, {5.0 / 3.0, 1.0}),
                                     {"x", "y"});
  CHECK(p.status == ReferenceStatus::optimal);
  CHECK(p.solver_version == "2.10.8");
  CHECK(*p.objective == 8.0 / 3.0);
  CHECK(value_of(p, "x") == 5.0 / 3.0);  // exact, not the text's 1.6666667
  CHECK(value_of(p, "y") == 1.0);

  // Without the binary file (or with one for another column count) the text is used.
  const ParsedSolution q = parse_cbc(text, log, "", {"x", "y"});
  CHECK(*q.objective == Approx(8.0 / 3.0).epsilon(1e-8));
  CHECK(value_of(q, "x") == 1.6666667);
  const ParsedSolution r = parse_cbc(text, log, cbc_binary(1.0, {1.0}, {1.0, 2.0, 3.0}), {"x", "y"});
  CHECK(value_of(r, "x") == 1.6666667);
}

TEST_CASE("cbc: infeasible, stopped with and without a solution", "[reference][output]") {
  CHECK(parse_cbc("Infeasible - objective value 2.00000000\n      0 y  2  1\n", "", "", {"y"}).status ==
        ReferenceStatus::infeasible);
  CHECK(parse_cbc("Integer infeasible - objective value 0\n", "", "", {"y"}).status == ReferenceStatus::infeasible);
  CHECK(parse_cbc("Unbounded - objective value 0\n", "", "", {"y"}).status == ReferenceStatus::unbounded);
  const ParsedSolution none = parse_cbc(
      "Stopped on time (no integer solution - continuous used) - objective value 10917.00151657\n"
      "      0 x0                     1               0.7188705\n",
      "Result - Stopped on time limit\n\nNo feasible solution found\nUpper bound:  10915.861\n", "", {"x0"});
  CHECK(none.status == ReferenceStatus::no_solution);
  CHECK(none.values.empty());
  const ParsedSolution stopped = parse_cbc(
      "Stopped on time - objective value 10896.00000000\n      0 x0                     1    70\n",
      "Result - Stopped on time limit\n\nObjective value:                10896.00000000\n"
      "Upper bound:                    10916.023\nGap:                            -0.00\n",
      "", {"x0", "x1"});
  CHECK(stopped.status == ReferenceStatus::feasible);
  CHECK(*stopped.objective == 10896.0);
  CHECK(*stopped.best_bound == 10916.023);
  CHECK(stopped.values.size() == 1);  // only the nonzero column is printed
  CHECK(parse_cbc("", "", "", {"x"}).status == ReferenceStatus::error);
  CHECK(parse_cbc("Something else\n", "", "", {"x"}).status == ReferenceStatus::error);
}

TEST_CASE("glpk: MIP and LP raw solutions", "[reference][output]") {
  const std::string log = "GLPSOL--GLPK LP/MIP Solver 5.0\nParameter(s) specified in the command line:\n";
  const ParsedSolution mip = parse_glpk(
      "c Problem:    tiny\nc Status:     INTEGER OPTIMAL\nc\ns mip 2 2 o 2.66666666666667\n"
      "i 1 3.66666666666667\ni 2 6\nj 1 1.66666666666667\nj 2 1\ne o f\n",
      log, {"x", "y"});
  CHECK(mip.status == ReferenceStatus::optimal);
  CHECK(mip.solver_version == "5.0");
  CHECK(*mip.objective == 2.66666666666667);
  CHECK(value_of(mip, "x") == 1.66666666666667);
  CHECK(value_of(mip, "y") == 1.0);

  const ParsedSolution lp = parse_glpk(
      "c Status:     OPTIMAL\ns bas 2 2 f f 2.8\ni 1 u 4 0.4\ni 2 u 6 0.2\nj 1 b 1.6 0\nj 2 b 1.2 0\ne o f\n",
      log, {"x", "y"});
  CHECK(lp.status == ReferenceStatus::optimal);
  CHECK(value_of(lp, "x") == 1.6);
  CHECK(value_of(lp, "y") == 1.2);

  CHECK(parse_glpk("s mip 1 1 n 0\ni 1 0\nj 1 0\ne o f\n", log, {"y"}).status == ReferenceStatus::infeasible);
  CHECK(parse_glpk("s bas 1 1 n f 0\n", log, {"y"}).status == ReferenceStatus::infeasible);
  CHECK(parse_glpk("s bas 1 1 f n 0\n", log, {"y"}).status == ReferenceStatus::unbounded);
  CHECK(parse_glpk("s mip 1 1 u 0\n", log, {"y"}).status == ReferenceStatus::no_solution);
  CHECK(parse_glpk("", log, {"y"}).status == ReferenceStatus::error);
  CHECK(parse_glpk("s mip 1 1 o 0\nj 7 1\n", log, {"y"}).status == ReferenceStatus::error);  // no column 7

  // Stopped by the time limit: the bound is the last progress line's.
  const ParsedSolution stopped = parse_glpk(
      "s mip 12 2 f 10905\nj 1 1\nj 2 0\n",
      log + "+  1000: mip =   1.089000000e+04 <=   1.092000000e+04 < 0.3% (100; 200)\n"
            "+  9672: mip =   1.090500000e+04 <=   1.091400000e+04 < 0.1% (1079; 2120)\n"
            "TIME LIMIT EXCEEDED; SEARCH TERMINATED\n",
      {"a", "b"});
  CHECK(stopped.status == ReferenceStatus::feasible);
  CHECK(*stopped.best_bound == 10914.0);
}

TEST_CASE("scipy_highs.py: JSON and solution file", "[reference][output]") {
  const ParsedSolution p = parse_scipy_highs(
      "{\"status\": \"optimal\", \"objective\": 12.666666666666666, \"best_bound\": 12.666666666666666, "
      "\"mip_gap\": 0.0, \"nodes\": 1, \"iterations\": null, \"seconds\": 0.0009, "
      "\"solver_version\": \"1.10.1\", \"message\": \"Optimal\"}\n",
      "x 1.6666666666666665\ny 1.0\n");
  CHECK(p.status == ReferenceStatus::optimal);
  CHECK(*p.objective == 12.666666666666666);
  CHECK(*p.solver_seconds == 0.0009);
  CHECK(p.solver_version == "1.10.1");
  CHECK(value_of(p, "x") == 1.6666666666666665);
  CHECK(parse_scipy_highs("warning: something\n{\"status\": \"infeasible\", \"objective\": null}\n", "")
            .status == ReferenceStatus::infeasible);
  CHECK(parse_scipy_highs("Traceback ...\n", "").status == ReferenceStatus::error);
  CHECK(parse_scipy_highs("{\"status\": \"optimal\", \"objective\": 1}\n", "x one\n").status ==
        ReferenceStatus::error);
}

TEST_CASE("scipy_highs.py --batch: one JSON object per model, matched by its model path", "[reference][output]") {
  // Out of order, stderr mixed in, an object for a model not asked about, a broken line, and
  // nothing at all for /t/c.mps (the process died before it).
  const std::string out =
      "{\"status\": \"infeasible\", \"objective\": null, \"model\": \"/t/b.mps\"}\n"
      "/usr/lib/python3/dist-packages/scipy/optimize/_milp.py: a warning\n"
      "{\"status\": \"optimal\", \"objective\": 2.5, \"seconds\": 0.01, \"model\": \"/t/a.mps\"}\n"
      "{\"status\": \"optimal\", \"objective\": 9, \"model\": \"/t/other.mps\"}\n"
      "{\"status\": \"optimal\", \"model\": \"/t/c.mps\"\n"
      "{\"status\": \"optimal\", \"objective\": 7}\n";
  const std::vector<std::string> lines = split_scipy_highs_batch(out, {"/t/a.mps", "/t/b.mps", "/t/c.mps"});
  REQUIRE(lines.size() == 3);
  const ParsedSolution a = parse_scipy_highs(lines[0], "x 2.5\n");
  CHECK(a.status == ReferenceStatus::optimal);
  CHECK(*a.objective == 2.5);
  CHECK(*a.solver_seconds == 0.01);
  CHECK(value_of(a, "x") == 2.5);
  CHECK(parse_scipy_highs(lines[1], "").status == ReferenceStatus::infeasible);
  CHECK(lines[2].empty());
  CHECK(parse_scipy_highs(lines[2], "").status == ReferenceStatus::error);
  CHECK(split_scipy_highs_batch("", {"/t/a.mps"}) == std::vector<std::string>{""});
}

TEST_CASE("run_process: exit code, output, time limit, missing program", "[reference][output]") {
  const fs::path out = fleetopt::test::scratch_file("run_process.txt");
  ProcessResult r = run_process({"sh", "-c", "echo hello; echo oops >&2; exit 3"}, out, 30);
  CHECK(r.exit_code == 3);
  CHECK_FALSE(r.killed_after_timeout);
  std::ifstream in(out);
  std::stringstream text;
  text << in.rdbuf();
  CHECK(text.str() == "hello\noops\n");

  r = run_process({"sleep", "20"}, out, 0.2);
  CHECK(r.killed_after_timeout);
  CHECK(r.signal == 9);
  CHECK(r.seconds < 5);

  CHECK(run_process({"fleetopt-no-such-program"}, out, 5).could_not_start);
  CHECK(find_on_path("sh").size() > 2);
  CHECK(find_on_path("fleetopt-no-such-program").empty());
  fs::remove(out);
}
