// libFuzzer target: the instance reader (fleet::read_instance, include/fleetopt/fleet/instance_io.hpp)
// with its prices CSV and assets CSV. Feeds: one input split at "\n====\n" lines into
// instance.toml, prices.csv and assets.csv, written into a scratch folder (a missing part means
// that file is absent), then read_instance on the TOML. The TOML names the CSV files itself, so
// seeds say prices = "prices.csv" (and assets = "assets.csv").
// Failure: any exception other than core::InputError, a crash, a hang, a leak or a sanitizer report.
#include <cstdint>
#include <string>
#include <toml++/toml.h>

#include "fleetopt/fleet/instance_io.hpp"
#include "fuzz_support.hpp"

namespace {

// The reader opens whatever paths the TOML names. Only plain names inside the scratch folder are
// let through, so a mutated path never reaches /dev/stdin, /proc or a slow disk: reading such
// files is the operating system's behaviour, not the parser's.
bool names_only_scratch_files(const std::string& toml_text) {
  try {
    const toml::table doc = toml::parse(toml_text);
    for (const char* key : {"prices", "assets"}) {
      const std::optional<std::string> path = doc[key].value<std::string>();
      if (path && (path->find('/') != std::string::npos || path->find("..") != std::string::npos))
        return false;
    }
  } catch (const toml::parse_error&) {
    // The reader refuses it before opening anything.
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace fleetopt;
  const std::vector<std::string> parts =
      fuzz::split_files(std::string_view(reinterpret_cast<const char*>(data), size), 3);
  if (!names_only_scratch_files(parts[0])) return -1;  // -1: not added to the corpus
  const std::filesystem::path dir = fuzz::scratch_dir();
  fuzz::write_or_remove(dir / "instance.toml", parts, 0);
  fuzz::write_or_remove(dir / "prices.csv", parts, 1);
  fuzz::write_or_remove(dir / "assets.csv", parts, 2);
  fuzz::expect_only_input_errors("read_instance", [&] { fleet::read_instance(dir / "instance.toml"); });
  return 0;
}
