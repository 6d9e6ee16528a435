#include <catch2/catch.hpp>

#include "fleetopt/core/csv.hpp"
#include "fleetopt/core/errors.hpp"

using namespace fleetopt::core;

TEST_CASE("CSV parser keeps line numbers, quotes and BOM", "[core][csv]") {
  const std::string text = "\xEF\xBB\xBFtime,a,b\r\n2025-01-01,1.5,\"x,\"\"y\"\r\n\n2025-01-02,2,3\n";
  CsvTable t = parse_csv(text, "p.csv");
  CHECK(t.header == std::vector<std::string>{"time", "a", "b"});
  REQUIRE(t.rows.size() == 2);
  CHECK(t.rows[0].line == 2);
  CHECK(t.rows[0].fields[2] == "x,\"y");
  CHECK(t.rows[1].line == 4);
  CHECK(t.column("b") == 2);
  CHECK(t.column("c") == -1);
}

TEST_CASE("CSV parser reports the line of a short row and empty files", "[core][csv]") {
  try {
    parse_csv("time,a\n1,2\n3\n", "p.csv");
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(e.file() == "p.csv");
    CHECK(e.line() == 3);
    CHECK_THAT(e.what(), Catch::StartsWith("p.csv:3: expected 2 fields"));
  }
  CHECK_THROWS_AS(parse_csv("", "e.csv"), InputError);
  CHECK_THROWS_WITH(parse_csv("a,\"b\n", "q.csv"), Catch::Contains("unclosed double quote"));
}

TEST_CASE("parse_finite_double refuses NaN, inf and garbage", "[core][csv]") {
  CHECK(parse_finite_double(" -12.5e1 ", "f", 1, 1, "price") == -125.0);
  for (const char* bad : {"nan", "NaN", "inf", "-inf", "1e999", "", "1.0x", "0x10", "1,5"})
    CHECK_THROWS_AS(parse_finite_double(bad, "f", 3, 4, "price"), InputError);
  CHECK_THROWS_WITH(parse_finite_double("abc", "f.csv", 3, 4, "price"),
                    "f.csv:3:4: price: expected a finite number, got 'abc'");
}
