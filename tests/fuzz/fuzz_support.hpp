// Shared helpers of the libFuzzer targets in tests/fuzz (docs/fuzzing.md): a private scratch
// folder per fuzzer process, splitting one input into several files, and the one rule every
// target checks -- a reader may only throw core::InputError for bad input.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <unistd.h>
#include <vector>

#include "fleetopt/core/errors.hpp"

namespace fleetopt::fuzz {

// Separates the files packed into one fuzz input (instance: TOML, prices, assets; result:
// summary.json, bids.csv, dispatch.csv). A line of its own, so seeds stay readable.
inline constexpr std::string_view kFileSeparator = "\n====\n";

// Splits `data` at kFileSeparator into at most `parts` pieces; the last piece keeps any further
// separators. Fewer pieces than `parts` means the later files are absent.
inline std::vector<std::string> split_files(std::string_view data, size_t parts) {
  std::vector<std::string> out;
  while (out.size() + 1 < parts) {
    const size_t at = data.find(kFileSeparator);
    if (at == std::string_view::npos) break;
    out.emplace_back(data.substr(0, at));
    data.remove_prefix(at + kFileSeparator.size());
  }
  out.emplace_back(data);
  return out;
}

// A scratch folder of this process under $TMPDIR (or /tmp), made once, removed at exit.
inline const std::filesystem::path& scratch_dir() {
  static const std::filesystem::path dir = [] {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/fleetopt-fuzz-XXXXXX";
    if (!::mkdtemp(pattern.data())) {
      std::perror("mkdtemp");
      std::abort();
    }
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(scratch_dir(), ec);
    });
    return std::filesystem::path(pattern);
  }();
  return dir;
}

// Writes `text` to `path` (replacing it); a harness failure, not a finding, if that fails.
inline void write_file(const std::filesystem::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!out.flush()) {
    std::fprintf(stderr, "fuzz harness: cannot write %s\n", path.c_str());
    std::abort();
  }
}

// Writes `text` to `path`, or removes `path` when the input has no such part.
inline void write_or_remove(const std::filesystem::path& path, const std::vector<std::string>& parts,
                            size_t index) {
  if (index < parts.size()) {
    write_file(path, parts[index]);
  } else {
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
}

// Runs one reader call: core::InputError is the expected answer to bad input; any other
// exception is a finding, reported with its message and turned into a crash for libFuzzer.
template <class ReaderCall>
void expect_only_input_errors(const char* reader, ReaderCall call) {
  try {
    call();
  } catch (const core::InputError&) {
  } catch (const std::exception& e) {
    std::fprintf(stderr, "FINDING: %s threw a non-InputError exception: %s\n", reader, e.what());
    std::abort();
  } catch (...) {
    std::fprintf(stderr, "FINDING: %s threw a non-standard exception\n", reader);
    std::abort();
  }
}

}  // namespace fleetopt::fuzz
