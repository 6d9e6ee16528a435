// Deterministic random test data for the mip tests: a 64-bit LCG (Knuth's MMIX constants), the
// same numbers on every machine, unlike the standard library's distributions.
#pragma once

#include <cstdint>

namespace fleetopt::test {

struct Lcg {
  std::uint64_t state;
  explicit Lcg(std::uint64_t seed) : state(seed * 2862933555777941757ULL + 3037000493ULL) {}
  // Uniform in [0, n).
  int below(int n) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<int>((state >> 33) % static_cast<std::uint64_t>(n));
  }
};

}  // namespace fleetopt::test
