// Private to the core file writers (MPS, LP): the shortest decimal text of a double that reads
// back to the same double (std::to_chars without a precision, C++17), so written models round
// trip bit for bit and stay readable (0.1, not 0.10000000000000001).
#pragma once

#include <charconv>
#include <stdexcept>
#include <string>

namespace fleetopt::core::detail {

inline std::string number_text(double value) {
  if (value == 0.0) return "0";  // also turns -0 into 0, which every reader takes the same way
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  if (result.ec != std::errc()) throw std::logic_error("number_text: to_chars failed");
  return std::string(buffer, result.ptr);
}

}  // namespace fleetopt::core::detail
