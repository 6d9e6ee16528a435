#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "fleetopt/core/errors.hpp"
#include "fleetopt/core/text_file.hpp"
#include "scratch.hpp"

using namespace fleetopt::core;
namespace fs = std::filesystem;

TEST_CASE("read_text_file returns the bytes and names what is wrong with a path", "[core][text_file]") {
  const fs::path dir = fleetopt::test::scratch_root() / "text_file";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string bytes = std::string("a,b\r\n1,2\n") + '\0' + "\xEF\xBB\xBF tail";
  {
    std::ofstream out(dir / "data.csv", std::ios::binary);
    out << bytes;
  }
  std::ofstream(dir / "empty.toml").close();

  CHECK(read_text_file(dir / "data.csv", "CSV file") == bytes);
  CHECK(read_text_file(dir / "empty.toml", "instance file").empty());
  CHECK(unreadable_file_reason(dir / "data.csv", "CSV file").empty());

  // A directory opens as an std::ifstream on Linux and reads as empty: it must be refused by name.
  try {
    read_text_file(dir, "instance file");
    FAIL("a directory was read");
  } catch (const InputError& e) {
    CHECK(e.file() == dir.string());
    CHECK(e.message() == "cannot read the instance file: this is a directory, not a file");
  }
  try {
    read_text_file(dir / "absent.csv", "price CSV file");
    FAIL("a missing file was read");
  } catch (const InputError& e) {
    CHECK(e.file() == (dir / "absent.csv").string());
    CHECK(e.message() == "cannot read the price CSV file: no such file");
  }
  fs::remove_all(dir);
}
