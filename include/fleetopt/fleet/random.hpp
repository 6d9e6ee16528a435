// SplitMix64, the random number generator of generated instances (docs/model.md section 5), and
// our own mappings from its 64-bit outputs to reals and bounded integers. Everything here is
// specified bit for bit so that a seed gives the same instance on every machine and compiler
// (the <random> distributions are implementation-defined, the engines alone are not enough).
//
// SplitMix64 (Steele, Lea, Flood: "Fast splittable pseudorandom number generators", OOPSLA 2014;
// constants as in Vigna's public-domain splitmix64.c):
//     state += 0x9E3779B97F4A7C15
//     z = state
//     z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
//     z = (z ^ (z >> 27)) * 0x94D049BB133111EB
//     return z ^ (z >> 31)                         (all arithmetic modulo 2^64)
//
// uniform01():  (next() >> 11) * 2^-53, a multiple of 2^-53 in [0, 1) (exact in a double).
// below(n):     uniform integer in [0, n) by rejection: draws x = next() until
//               x >= (2^64 mod n), then returns x mod n. Unbiased; the expected number of draws
//               is below 2 and equals 1 for all practical n (2^64 mod n < n).
#pragma once

#include <cstdint>
#include <stdexcept>

namespace fleetopt::fleet {

class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next() {
    state_ += 0x9E3779B97F4A7C15ULL;
    std::uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

  double uniform01() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  std::uint64_t below(std::uint64_t n) {
    if (n == 0) throw std::invalid_argument("SplitMix64::below(0): empty range");
    // (0 - n) % n == 2^64 mod n in unsigned 64-bit arithmetic: the size of the biased tail.
    const std::uint64_t reject_under = (0 - n) % n;
    std::uint64_t x = next();
    while (x < reject_under) x = next();
    return x % n;
  }

 private:
  std::uint64_t state_;
};

}  // namespace fleetopt::fleet
