// libFuzzer target: the experiment config reader (app::read_experiment_config, src/app/experiment.hpp).
// Feeds: the input as experiment.toml in a scratch folder that also holds a small valid instance
// (inst/instance.toml, inst/prices.csv), so [[instance]] path = "inst/instance.toml" reads. The
// shared data folder is pointed at a missing folder: [[prices]] tables fail fast instead of
// importing a year of real prices per input.
// Failure: any exception other than core::InputError, a crash, a hang, a leak or a sanitizer report.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <toml++/toml.h>

#include "experiment.hpp"
#include "fuzz_support.hpp"

namespace {

// A valid one-asset, one-market, two-step instance for [[instance]] tables to name.
constexpr std::string_view kInstanceToml = R"(name = "fuzz"
step_hours = 1
prices = "prices.csv"

[[market]]
name = "up"
direction = "up"

[[asset]]
name = "a1"
power_mw = 1
energy_mwh = 2
soc_initial_mwh = 1
soc_min_mwh = 0
prequalified_mw = { up = 1 }
)";
constexpr std::string_view kPricesCsv = "time,up\nt0,10\nt1,20\n";

// As in fuzz_instance.cpp: [[instance]] paths may only name files below the scratch folder.
bool names_only_scratch_files(const std::string& toml_text) {
  try {
    const toml::table doc = toml::parse(toml_text);
    const toml::array* instances = doc["instance"].as_array();
    if (!instances) return true;
    for (const toml::node& element : *instances) {
      const toml::table* table = element.as_table();
      const std::optional<std::string> path = table ? (*table)["path"].value<std::string>() : std::nullopt;
      if (path && (path->empty() || path->front() == '/' || path->find("..") != std::string::npos))
        return false;
    }
  } catch (const toml::parse_error&) {
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  using namespace fleetopt;
  const std::filesystem::path dir = fuzz::scratch_dir();
  std::filesystem::create_directories(dir / "inst");
  fuzz::write_file(dir / "inst" / "instance.toml", kInstanceToml);
  fuzz::write_file(dir / "inst" / "prices.csv", kPricesCsv);
  ::setenv("FLEETOPT_SHARED_DATA", (dir / "no-shared-data").c_str(), 1);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace fleetopt;
  const std::string text(reinterpret_cast<const char*>(data), size);
  if (!names_only_scratch_files(text)) return -1;  // -1: not added to the corpus
  const std::filesystem::path config = fuzz::scratch_dir() / "experiment.toml";
  fuzz::write_file(config, text);
  fuzz::expect_only_input_errors("read_experiment_config", [&] { app::read_experiment_config(config); });
  return 0;
}
