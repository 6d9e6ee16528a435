// libFuzzer target: the MPS reader (core::read_mps, include/fleetopt/core/mps.hpp), plain and gzip.
// Feeds: the input bytes as a file (so .mps.gz inputs exercise zlib's error paths too) and, when
// the input is not already gzip, the same bytes gzip-compressed, which must read exactly as the
// plain file does (same model size, or the same error).
// Failure: any exception other than core::InputError, a crash, a hang, a leak or a sanitizer
// report; or the gzip and plain readings disagreeing.
#include <zlib.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

#include "fleetopt/core/mps.hpp"
#include "fuzz_support.hpp"

namespace {

using namespace fleetopt;

// What a reading gave: the model's size, or the error's position and message.
struct Outcome {
  bool ok = false;
  int rows = 0, cols = 0, nonzeros = 0, integers = 0;
  int line = 0, column = 0;
  std::string message;
  bool operator==(const Outcome& o) const {
    return ok == o.ok && rows == o.rows && cols == o.cols && nonzeros == o.nonzeros &&
           integers == o.integers && line == o.line && column == o.column && message == o.message;
  }
};

std::optional<Outcome> read(const std::filesystem::path& path) {
  std::optional<Outcome> outcome;
  fuzz::expect_only_input_errors("read_mps", [&] {
    Outcome o;
    try {
      const core::Model model = core::read_mps(path);
      o.ok = true;
      o.rows = model.num_rows();
      o.cols = model.num_cols();
      o.nonzeros = static_cast<int>(model.matrix.value.size());
      o.integers = model.num_integers();
    } catch (const core::InputError& e) {
      o.line = e.line();
      o.column = e.column();
      o.message = e.message();
    }
    outcome = o;
  });
  return outcome;
}

void write_gzip(const std::filesystem::path& path, const uint8_t* data, size_t size) {
  gzFile out = gzopen(path.c_str(), "wb");
  if (!out || (size > 0 && gzwrite(out, data, static_cast<unsigned>(size)) != static_cast<int>(size)) ||
      gzclose(out) != Z_OK) {
    std::fprintf(stderr, "fuzz harness: cannot write %s\n", path.c_str());
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // One file name for both readings, so error messages (which name the file) compare equal.
  const std::filesystem::path path = fuzz::scratch_dir() / "model.mps";
  fuzz::write_file(path, std::string_view(reinterpret_cast<const char*>(data), size));
  const std::optional<Outcome> plain = read(path);
  const bool is_gzip = size >= 2 && data[0] == 0x1f && data[1] == 0x8b;
  if (is_gzip) return 0;
  write_gzip(path, data, size);
  const std::optional<Outcome> gzipped = read(path);
  if (!(*plain == *gzipped)) {
    std::fprintf(stderr, "FINDING: read_mps reads the gzip copy differently: plain %s vs gzip %s\n",
                 plain->ok ? "ok" : plain->message.c_str(), gzipped->ok ? "ok" : gzipped->message.c_str());
    std::abort();
  }
  return 0;
}
