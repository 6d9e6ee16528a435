// MPS reader and writer: hand-written files with every section and bound type (expected values
// derived by hand from the MPS rules in mps.hpp), exact round trips of built models, every Netlib
// file of the shared data against the sizes in netlib/optima.tsv, and the error messages.
#include <catch2/catch.hpp>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include "fleetopt/core/errors.hpp"
#include "fleetopt/core/mps.hpp"
#include "fleetopt/core/paths.hpp"
#include "requirements.hpp"
#include "scratch.hpp"

using namespace fleetopt::core;
namespace fs = std::filesystem;

namespace {

constexpr double inf = kInfinity;

int col(const Model& m, const std::string& name) {
  for (int j = 0; j < m.num_cols(); ++j)
    if (m.col_names[j] == name) return j;
  FAIL("no column " << name);
  return -1;
}

int row(const Model& m, const std::string& name) {
  for (int i = 0; i < m.num_rows(); ++i)
    if (m.row_names[i] == name) return i;
  FAIL("no row " << name);
  return -1;
}

// A(i, j) from the CSC matrix (0 if absent).
double entry(const Model& m, int i, int j) {
  for (int k = m.matrix.col_start[j]; k < m.matrix.col_start[j + 1]; ++k)
    if (m.matrix.row_index[k] == i) return m.matrix.value[k];
  return 0.0;
}

// Compares every field bit for bit (== on doubles; NaN never occurs in a valid model).
void require_same(const Model& a, const Model& b) {
  CHECK(a.name == b.name);
  CHECK(a.sense == b.sense);
  CHECK(a.objective_name == b.objective_name);
  CHECK(a.objective_constant == b.objective_constant);
  CHECK(a.objective == b.objective);
  CHECK(a.col_lower == b.col_lower);
  CHECK(a.col_upper == b.col_upper);
  CHECK(a.is_integer == b.is_integer);
  CHECK(a.col_names == b.col_names);
  CHECK(a.row_lower == b.row_lower);
  CHECK(a.row_upper == b.row_upper);
  CHECK(a.row_names == b.row_names);
  CHECK(a.matrix.num_rows == b.matrix.num_rows);
  CHECK(a.matrix.num_cols == b.matrix.num_cols);
  CHECK(a.matrix.col_start == b.matrix.col_start);
  CHECK(a.matrix.row_index == b.matrix.row_index);
  CHECK(a.matrix.value == b.matrix.value);
}

InputError error_of(const std::string& text) {
  try {
    parse_mps(text, "bad.mps");
  } catch (const InputError& e) {
    return e;
  }
  FAIL("no InputError for:\n" << text);
  return InputError("", "");
}

}  // namespace

// Fixed format with names containing spaces (row "LIM 1", column "X ONE"), a NAME line with a
// comment, the objective row last, a second N row, all RANGES sign cases and every bound type.
TEST_CASE("mps: fixed format, every section and bound type", "[core][mps]") {
  // Card layout: fields in columns 2-3, 5-12, 15-22, 25-36 (right-aligned), 40-47, 50-61.
  auto card = [](std::string code, std::string n1, std::string n2 = "", std::string v1 = "",
                 std::string n3 = "", std::string v2 = "") {
    auto left = [](std::string s, size_t w) { return s + std::string(w - s.size(), ' '); };
    auto right = [](std::string s, size_t w) { return std::string(w - s.size(), ' ') + s; };
    std::string l = " " + left(code, 2) + " " + left(n1, 8) + "  " + left(n2, 8) + "  " +
                    (v1.empty() ? std::string(12, ' ') : right(v1, 12)) + "   " + left(n3, 8) +
                    "  " + (v2.empty() ? std::string() : right(v2, 12));
    return l.substr(0, l.find_last_not_of(' ') + 1) + "\n";
  };
  const std::string text =
      "* a comment line\n"
      "NAME          TESTFIX  (a comment after the name)\n"
      "ROWS\n" +
      card("L", "LIM 1") + card("G", "LIM2") + card("E", "EQ+") + card("E", "EQ-") +
      card("E", "EQ0") + card("N", "COST") + card("N", "OTHER") +
      "COLUMNS\n" +
      card("", "X ONE", "COST", "1.", "LIM 1", "2.") +
      card("", "X ONE", "OTHER", "99.", "EQ+", "1.") +
      card("", "Y", "COST", "-2.", "LIM2", "-1.5") +
      card("", "Y", "EQ-", "1.", "EQ0", "1.") +
      "    MARKER                 'MARKER'                 'INTORG'\n" +
      card("", "Z", "LIM 1", "1.") + card("", "W", "LIM2", "1.") +
      "    MARKER                 'MARKER'                 'INTEND'\n" +
      card("", "FREEC", "EQ0", "3.") + card("", "MINF", "EQ0", "4.") +
      card("", "NEGUP", "EQ0", "5.") + card("", "FIXED", "EQ0", "6.") +
      card("", "BIN", "EQ0", "7.") + card("", "LOWI", "EQ0", "8.") +
      card("", "UPI", "EQ0", "9.") + card("", "PLUS", "EQ0", "10.") +
      card("", "BOTH", "EQ0", "11.") +
      "RHS\n" +
      card("", "RHS", "LIM 1", "10.", "LIM2", "2.") + card("", "RHS", "EQ+", "5.", "EQ-", "6.") +
      card("", "RHS", "EQ0", "7.", "COST", "-12.5") + card("", "RHS", "OTHER", "100.") +
      "RANGES\n" +
      card("", "RNG", "LIM 1", "4.", "LIM2", "-3.") + card("", "RNG", "EQ+", "2.", "EQ-", "-2.") +
      card("", "RNG", "EQ0", "0.") +
      "BOUNDS\n" +
      card("UP", "BND", "X ONE", "4.") + card("LO", "BND", "Y", "-1.") +
      card("UP", "BND", "Y", "1.e+30") + card("UP", "BND", "W", "7.") +
      card("FR", "BND", "FREEC") + card("MI", "BND", "MINF") + card("UP", "BND", "MINF", "3.") +
      card("UP", "BND", "NEGUP", "-2.") + card("FX", "BND", "FIXED", "2.5") +
      card("BV", "BND", "BIN") + card("LI", "BND", "LOWI", "-3.") +
      card("UI", "BND", "UPI", "6.") + card("UP", "BND", "PLUS", "5.") + card("PL", "BND", "PLUS") +
      card("LO", "BND", "BOTH", "-1.e30") + card("UP", "BND", "BOTH", "2.") +
      "ENDATA\n"
      "anything after ENDATA is ignored\n";
  const Model m = parse_mps(text, "fix.mps");
  CHECK(m.name == "TESTFIX");
  CHECK(m.sense == ObjectiveSense::minimize);
  CHECK(m.objective_name == "COST");
  CHECK(m.objective_constant == 12.5);  // RHS on the objective = -c0
  REQUIRE(m.num_rows() == 5);           // OTHER (second N row) is dropped
  REQUIRE(m.num_cols() == 13);
  CHECK(m.row_names == std::vector<std::string>{"LIM 1", "LIM2", "EQ+", "EQ-", "EQ0"});
  CHECK(m.col_names == std::vector<std::string>{"X ONE", "Y", "Z", "W", "FREEC", "MINF", "NEGUP",
                                                "FIXED", "BIN", "LOWI", "UPI", "PLUS", "BOTH"});
  // Rows: L [10-4, 10]; G [2, 2+3]; E R>0 [5, 7]; E R<0 [4, 6]; E R=0 [7, 7].
  CHECK(m.row_lower == std::vector<double>{6.0, 2.0, 5.0, 4.0, 7.0});
  CHECK(m.row_upper == std::vector<double>{10.0, 5.0, 7.0, 6.0, 7.0});
  CHECK(m.objective == std::vector<double>{1.0, -2.0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
  CHECK(m.matrix.nonzeros() == 16);
  CHECK(entry(m, row(m, "LIM 1"), col(m, "X ONE")) == 2.0);
  CHECK(entry(m, row(m, "EQ+"), col(m, "X ONE")) == 1.0);
  CHECK(entry(m, row(m, "LIM2"), col(m, "Y")) == -1.5);
  CHECK(entry(m, row(m, "EQ0"), col(m, "BOTH")) == 11.0);
  // Bounds, column by column.
  const std::vector<double> lower{0.0, -1.0, 0.0, 0.0, -inf, -inf, -inf, 2.5, 0.0, -3.0, 0.0, 0.0, -inf};
  const std::vector<double> upper{4.0, inf, 1.0, 7.0, inf, 3.0, -2.0, 2.5, 1.0, inf, 6.0, inf, 2.0};
  CHECK(m.col_lower == lower);
  CHECK(m.col_upper == upper);
  // Z: marker integer without bounds -> [0, 1]; W: marker integer with UP -> [0, 7];
  // BIN, LOWI, UPI: integer by their bound type.
  CHECK(m.is_integer == std::vector<char>{0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 1, 0, 0});
}

// Free format: OBJSENSE on its own line, RHS and BOUNDS without a set name, CRLF line ends,
// tabs, a column that appears only with a zero, lower-case section words.
TEST_CASE("mps: free format with OBJSENSE, optional set names, CRLF", "[core][mps]") {
  const std::string text =
      "NAME knap FREE\r\n"
      "OBJSENSE\r\n"
      "    MAXIMIZE\r\n"
      "ROWS\r\n"
      " N profit\r\n"
      " L weight_limit\r\n"
      " G at_least\r\n"
      "COLUMNS\r\n"
      " MARKER MARKER INTORG\r\n"
      " item_a profit 5 weight_limit 2\r\n"
      " item_a at_least 1\r\n"
      " item_b\tprofit\t4\tweight_limit\t3\r\n"
      " MARKER MARKER INTEND\r\n"
      " slack profit 0\r\n"
      "rhs\r\n"
      " weight_limit 4 at_least 1\r\n"
      " profit -10\r\n"
      "BOUNDS\r\n"
      " UP item_b 3\r\n"
      " LO item_a 1\r\n"
      " MI slack\r\n"
      "ENDATA\r\n";
  const Model m = parse_mps(text, "free.mps");
  CHECK(m.name == "knap");
  CHECK(m.sense == ObjectiveSense::maximize);
  CHECK(m.objective_name == "profit");
  CHECK(m.objective_constant == 10.0);
  CHECK(m.col_names == std::vector<std::string>{"item_a", "item_b", "slack"});
  CHECK(m.objective == std::vector<double>{5.0, 4.0, 0.0});
  // item_a: marker integer, LO 1 cancels the [0,1] default -> [1, +inf) (CBC/HiGHS rule).
  CHECK(m.col_lower == std::vector<double>{1.0, 0.0, -inf});
  CHECK(m.col_upper == std::vector<double>{inf, 3.0, inf});
  CHECK(m.is_integer == std::vector<char>{1, 1, 0});
  CHECK(m.row_lower == std::vector<double>{-inf, 1.0});
  CHECK(m.row_upper == std::vector<double>{4.0, inf});
  CHECK(m.matrix.col_start == std::vector<int>{0, 2, 3, 3});
  CHECK(m.matrix.row_index == std::vector<int>{0, 1, 0});
  CHECK(m.matrix.value == std::vector<double>{2.0, 1.0, 3.0});

  // The one-line OBJSENSE form, a model without NAME, an RHS that means infinity, BV with a value.
  const Model one = parse_mps(
      "OBJSENSE MAX\nROWS\n N o\n L c\n G d\nCOLUMNS\n x c 1 d 1\nRHS\n RHS c 1e30 d -1e+30\n"
      "BOUNDS\n BV BND x 1\nENDATA\n",
      "one.mps");
  CHECK(one.sense == ObjectiveSense::maximize);
  CHECK(one.name.empty());
  CHECK(one.row_lower == std::vector<double>{-inf, -inf});
  CHECK(one.row_upper == std::vector<double>{inf, inf});
  CHECK(one.col_lower == std::vector<double>{0.0});
  CHECK(one.col_upper == std::vector<double>{1.0});
  CHECK(one.is_integer == std::vector<char>{1});
}

TEST_CASE("mps: error messages name file, line and column", "[core][mps]") {
  const std::string head = "NAME t\nROWS\n N obj\n L c1\nCOLUMNS\n";
  {
    const InputError e = error_of(head + " x c1 1.5q\nENDATA\n");
    CHECK(e.file() == "bad.mps");
    CHECK(e.line() == 6);
    CHECK(e.column() == 7);
    CHECK_THAT(e.what(), Catch::Contains("expected a finite number, got '1.5q'"));
  }
  {
    const InputError e = error_of(head + " x c1 1\n x c9 2\nENDATA\n");
    CHECK(e.line() == 7);
    CHECK(e.column() == 4);
    CHECK(e.message() == "unknown row 'c9'");
  }
  {
    const InputError e = error_of(head + " x c1 1\nRHS\n RHS c1 1\nBOUNDARIES\nENDATA\n");
    CHECK(e.line() == 9);
    CHECK(e.column() == 1);
    CHECK(e.message() == "unknown MPS section 'BOUNDARIES'");
  }
  CHECK(error_of(head + " x c1 1\n").message() == "file ends without ENDATA (truncated file?)");
  CHECK(error_of(head + " x c1 1\n").line() == 6);
  CHECK(error_of("ROWS\n N obj\n L c1\n G c1\nENDATA\n").message() == "duplicate row name 'c1'");
  CHECK(error_of("ROWS\n N obj\n L c1\n G c1\nENDATA\n").line() == 4);
  CHECK_THAT(error_of(head + " x c1 1\n y c1 1\n x obj 1\nENDATA\n").what(),
             Catch::StartsWith("bad.mps:8:2: column 'x' appears again"));
  CHECK_THAT(error_of(head + " x c1 1\n x c1 2\nENDATA\n").what(),
             Catch::StartsWith("bad.mps:7:4: second coefficient for column 'x' in row 'c1'"));
  CHECK_THAT(error_of(head + " x c1 1\nBOUNDS\n UP BND y 1\nENDATA\n").what(),
             Catch::StartsWith("bad.mps:8:9: unknown column 'y' in BOUNDS"));
  CHECK_THAT(error_of(head + " x c1 1\nBOUNDS\n XX BND x 1\nENDATA\n").what(),
             Catch::StartsWith("bad.mps:8:2: unknown bound type 'XX'"));
  CHECK_THAT(error_of(head + " x c1 1\nBOUNDS\n LO BND x 5\n UP BND x 2\nENDATA\n").what(),
             Catch::StartsWith("bad.mps:9: column 'x' has lower bound 5"));
  // An explicit lower bound 0 is not turned into -inf by a negative UP: the bounds conflict.
  CHECK_THAT(error_of(head + " x c1 1\nBOUNDS\n LO BND x 0\n UP BND x -1\nENDATA\n").what(),
             Catch::StartsWith("bad.mps:9: column 'x' has lower bound 0 above its upper bound -1"));
  CHECK_THAT(error_of(head + " x c1 1\nRHS\n RHS c1 1\n RHS c1 2\nENDATA\n").what(),
             Catch::Contains("second right-hand side for row 'c1' (first on line 8)"));
  CHECK_THAT(error_of("ROWS\n N obj\n E e\nCOLUMNS\n x e 1\nRHS\n R e 1e30\nENDATA\n").what(),
             Catch::StartsWith("bad.mps:7: row 'e' (type E) gets impossible bounds"));
  CHECK_THAT(error_of(head + " x c1 1\nQUADOBJ\n x x 1\nENDATA\n").what(),
             Catch::Contains("'QUADOBJ' is not supported"));
  CHECK_THAT(error_of(" x c1 1\n").what(), Catch::Contains("data line before the first section"));
  CHECK_THAT(error_of(head + " x c1 1e400\nENDATA\n").what(), Catch::Contains("got '1e400'"));
  CHECK_THAT(error_of(head + " x c1 1e30\nENDATA\n").what(), Catch::Contains("is infinite"));
  CHECK_THAT(error_of("OBJSENSE\n    UP\nENDATA\n").what(),
             Catch::StartsWith("bad.mps:2:5: expected MAX or MIN after OBJSENSE"));

  CHECK_THROWS_WITH(read_mps("/nonexistent/x.mps"), Catch::Contains("no such file"));
}

namespace {

// One model exercising every bound shape, ranged/free/equality rows, integers inside and outside
// blocks, an empty column, a constant and a maximize sense; values that are not short decimals.
Model every_shape_model(ObjectiveSense sense, double constant) {
  ModelBuilder b("shapes", sense);
  const int x0 = b.add_column("x_default", 1.0 / 3.0, 0.0, inf);
  const int x1 = b.add_column("x_free", -2.5, -inf, inf);
  const int x2 = b.add_column("x_minf", 0.1, -inf, -7.25);
  const int x3 = b.add_column("x_box", 0.0, -1e-9, 1e12);
  const int x4 = b.add_column("i_bin", 3.0, 0.0, 1.0, true);
  const int x5 = b.add_column("i_gen", 1.0, 0.0, inf, true);
  const int x6 = b.add_column("x_fixed", 0.7, 2.0 / 3.0, 2.0 / 3.0);
  const int x7 = b.add_column("i_neg", -1.0, -5.0, 5.0, true);
  b.add_column("x_empty", 0.0, 0.0, 4.0);  // no entries, no cost
  const int x9 = b.add_column("i_minf", 2.0, -inf, 3.0, true);
  const int x10 = b.add_column("i_free", 0.0, -inf, inf, true);
  const int x11 = b.add_column("x_lo", 0.0, -3.5, inf);
  b.add_row("r_range", 0.1, 0.3, {x0, x1, x2}, {1.0, 1e-3, -2.0});
  b.add_row("r_range2", -1e5 / 7.0, 1e6 / 3.0, {x3, x4}, {3.0, 4.0});
  b.add_row("r_le", -inf, -4.0, {x5, x6}, {1.0, 1.0});
  b.add_row("r_ge", 1e-7, inf, {x7, x9}, {1.0, -1.0});
  b.add_row("r_eq", 12.0, 12.0, {x10, x11}, {5.0, 6.0});
  b.add_row("r_free", -inf, inf, {x0, x11}, {1.0, 1.0});
  b.add_row("r_empty", -1.0, 1.0);
  b.set_objective_constant(constant);
  b.set_objective_name("the_objective");
  return b.build();
}

}  // namespace

TEST_CASE("mps: write then read gives back every field exactly", "[core][mps]") {
  for (auto sense : {ObjectiveSense::minimize, ObjectiveSense::maximize}) {
    for (double constant : {0.0, -123.456, 1.0 / 7.0}) {
      const Model original = every_shape_model(sense, constant);
      const std::string text = to_mps_string(original);
      const Model back = parse_mps(text, "roundtrip.mps");
      require_same(original, back);
      CHECK(to_mps_string(back) == text);
      CHECK((text.find("OBJSENSE\n    MAX\n") != std::string::npos) ==
            (sense == ObjectiveSense::maximize));
    }
  }
  // Through a file: write_mps then read_mps (plain text through the gzip reader).
  const fs::path file = fleetopt::test::scratch_file("mps_roundtrip.mps");
  const Model shapes = every_shape_model(ObjectiveSense::maximize, 3.5);
  write_mps(shapes, file);
  require_same(shapes, read_mps(file));
  fs::remove(file);
  // Pieces of the text that other programs rely on (mps.hpp).
  const std::string text = to_mps_string(every_shape_model(ObjectiveSense::maximize, 2.0));
  CHECK(text.rfind("NAME shapes FREE\nOBJSENSE\n    MAX\nROWS\n N the_objective\n", 0) == 0);
  CHECK(text.find(" RHS the_objective -2\n") != std::string::npos);
  CHECK(text.find(" MARKER 'MARKER' 'INTORG'\n i_bin") != std::string::npos);
  CHECK(text.find(" BV BND i_bin\n") != std::string::npos);
  CHECK(text.find(" PL BND i_gen\n") != std::string::npos);
  CHECK(text.find(" L r_free\n") != std::string::npos);
  CHECK(text.find(" RHS r_free 1e+30\n") != std::string::npos);
  CHECK(text.find(" x_empty the_objective 0\n") != std::string::npos);
}

TEST_CASE("mps: random models round trip bit for bit", "[core][mps]") {
  std::mt19937_64 rng(20240611);
  std::uniform_real_distribution<double> value(-1e3, 1e3);
  std::uniform_int_distribution<int> shape(0, 6);
  int inexact_ranges = 0;
  for (int trial = 0; trial < 30; ++trial) {
    ModelBuilder b("random_" + std::to_string(trial),
                   trial % 2 ? ObjectiveSense::maximize : ObjectiveSense::minimize);
    const int n = 1 + trial % 7, m = 1 + trial % 5;
    auto bounds = [&](double& lo, double& up) {
      const double a = value(rng), c = value(rng);
      lo = std::min(a, c);
      up = std::max(a, c);
      switch (shape(rng)) {
        case 0: lo = -inf; break;
        case 1: up = inf; break;
        case 2: lo = -inf, up = inf; break;
        case 3: up = lo; break;
        case 4: lo = 0.0, up = std::abs(up) + 1.0; break;
        default: break;
      }
    };
    for (int j = 0; j < n; ++j) {
      double lo, up;
      bounds(lo, up);
      b.add_column("c" + std::to_string(j), value(rng), lo, up, rng() % 3 == 0);
    }
    for (int i = 0; i < m; ++i) {
      double lo, up;
      bounds(lo, up);
      const int r = b.add_row("r" + std::to_string(i), lo, up);
      for (int j = 0; j < n; ++j)
        if (rng() % 2) b.add_entry(r, j, value(rng));
    }
    b.set_objective_constant(trial % 3 ? value(rng) : 0.0);
    const Model original = b.build();
    const Model back = parse_mps(to_mps_string(original), "random.mps");
    // A ranged row whose width upper - lower is not a double cannot be held exactly by MPS
    // (mps.hpp): its upper bound may come back one ulp off. Everything else is exact.
    Model expected = original;
    for (int i = 0; i < original.num_rows(); ++i) {
      const double lo = original.row_lower[i], up = original.row_upper[i];
      if (!std::isfinite(lo) || !std::isfinite(up) || lo == up) continue;
      const double width = up - lo;
      if (lo + width == up || up - width == lo) continue;  // representable: must be exact
      ++inexact_ranges;
      CHECK(std::abs(back.row_upper[i] - up) <= std::abs(std::nextafter(up, inf) - up));
      expected.row_upper[i] = back.row_upper[i];
    }
    require_same(expected, back);
  }
  CHECK(inexact_ranges <= 3);  // rare: most ranged rows are held exactly
}

TEST_CASE("mps: writer refuses names free MPS cannot hold", "[core][mps]") {
  ModelBuilder b("name with blanks");
  b.add_column("bad name", 1.0, 0.0, 1.0);
  const Model m = b.build();
  CHECK_THROWS_WITH(to_mps_string(m), Catch::Contains("'bad name' contains a blank"));
  ModelBuilder keyword("k");
  keyword.add_column("RHS", 1.0, 0.0, 1.0);
  CHECK_THROWS_WITH(to_mps_string(keyword.build()), Catch::Contains("'RHS' is an MPS section keyword"));
  ModelBuilder ok("name with blanks");
  ok.add_column("x", 1.0, 0.0, 1.0);
  CHECK(to_mps_string(ok.build()).rfind("NAME name_with_blanks FREE\n", 0) == 0);
}

TEST_CASE("mps: every Netlib file matches the sizes in optima.tsv", "[core][mps][netlib]") {
  const auto dir = shared_data_dir();
  if (!dir) {
    fleetopt::test::missing_shared_data();
    return;
  }
  std::ifstream tsv(*dir / "netlib" / "optima.tsv");
  REQUIRE(tsv);
  std::string header;
  std::getline(tsv, header);
  CHECK(header == "name\trows\tcols\tnonzeros\toptimal_objective");
  // optima.tsv counts constraint rows and their nonzeros, without the objective row (afiro: 27
  // rows and 83 nonzeros, where the file has 28 rows and 88 entries).
  int files = 0;
  double slowest = 0.0;
  std::string line;
  while (std::getline(tsv, line)) {
    std::istringstream fields(line);
    std::string name;
    int rows = 0, cols = 0, nonzeros = 0;
    fields >> name >> rows >> cols >> nonzeros;
    INFO(name);
    const auto start = std::chrono::steady_clock::now();
    const Model m = read_mps(*dir / "netlib" / (name + ".mps.gz"));
    slowest = std::max(slowest, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    CHECK(m.num_rows() == rows);
    CHECK(m.num_cols() == cols);
    CHECK(m.matrix.nonzeros() == nonzeros);
    CHECK(m.num_integers() == 0);
    // A written copy reads back identically.
    require_same(m, parse_mps(to_mps_string(m), name + " (rewritten)"));
    ++files;
  }
  CHECK(files == 35);
  CHECK(slowest < 1.0);
}
