// libFuzzer target: the result-folder reader (fleet::read_result, include/fleetopt/fleet/solution.hpp).
// Feeds: one input split at "\n====\n" lines into summary.json, bids.csv and dispatch.csv,
// written into a scratch folder (a missing part means that file is absent), then read_result on
// the folder.
// Failure: any exception other than core::InputError, a crash, a hang, a leak or a sanitizer report.
#include <cstdint>
#include <string>

#include "fleetopt/fleet/solution.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace fleetopt;
  const std::vector<std::string> parts =
      fuzz::split_files(std::string_view(reinterpret_cast<const char*>(data), size), 3);
  const std::filesystem::path dir = fuzz::scratch_dir();
  fuzz::write_or_remove(dir / "summary.json", parts, 0);
  fuzz::write_or_remove(dir / "bids.csv", parts, 1);
  fuzz::write_or_remove(dir / "dispatch.csv", parts, 2);
  fuzz::expect_only_input_errors("read_result", [&] { fleet::read_result(dir); });
  return 0;
}
