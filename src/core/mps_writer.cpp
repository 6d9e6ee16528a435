// Free MPS writer: the layout and why each choice was made are in include/fleetopt/core/mps.hpp.
#include <cctype>
#include <cmath>
#include <stdexcept>
#include <unordered_set>

#include "fleetopt/core/mps.hpp"
#include "fleetopt/core/output_dir.hpp"
#include "fleetopt/core/tolerances.hpp"
#include "number_text.hpp"

namespace fleetopt::core {
namespace {

using detail::number_text;

void check_name(const std::string& name, const char* kind) {
  if (name.empty()) throw std::invalid_argument(std::string("MPS: a ") + kind + " has an empty name");
  for (char c : name)
    if (std::isspace(static_cast<unsigned char>(c)) || c == '\0')
      throw std::invalid_argument(std::string("MPS: ") + kind + " name '" + name +
                                  "' contains a blank; free MPS cannot hold it");
}

// HiGHS's free-format reader takes the first word of every line, indented or not, as a section
// keyword if it is one: a column with such a name (columns start COLUMNS lines) would be misread.
void check_column_name_for_highs(const std::string& name) {
  static const std::unordered_set<std::string> keywords = {
      "NAME",     "OBJSENSE", "MAX",        "MIN",        "ROWS",        "COLUMNS", "RHS",
      "BOUNDS",   "RANGES",   "QSECTION",   "QMATRIX",    "QUADOBJ",     "QCMATRIX", "CSECTION",
      "DELAYEDROWS", "MODELCUTS", "INDICATORS", "SETS",   "SOS",         "GENCONS", "PWLOBJ",
      "PWLNAM",   "PWLCON",   "ENDATA"};
  if (keywords.count(name))
    throw std::invalid_argument("MPS: column name '" + name +
                                "' is an MPS section keyword, which HiGHS would misread");
}

std::string model_name_for_mps(const std::string& name) {
  if (name.empty()) return "model";
  std::string out = name;
  for (char& c : out)
    if (std::isspace(static_cast<unsigned char>(c))) c = '_';
  return out;
}

// A name for the objective row that no constraint uses (the model does not forbid a clash).
std::string objective_row_name(const Model& model) {
  std::unordered_set<std::string> rows(model.row_names.begin(), model.row_names.end());
  std::string name = model.objective_name.empty() ? "obj" : model.objective_name;
  check_name(name, "objective");
  while (rows.count(name)) name += '_';
  return name;
}

// A ranged row lower <= a x <= upper as a G row (rhs = lower, readers compute upper = rhs + R)
// or an L row (rhs = upper, lower = rhs - R), with R chosen so that the reader's rounded sum
// gives back exactly the model's double: R = upper - lower is often one ulp off, so R is stepped
// ulp by ulp. When the exact width is not a double and both sums are exact (bounds of opposite
// sign and similar size, e.g. [-971.2..., 990.9...]) no R works: MPS cannot hold the row exactly
// and it reads back with its upper bound one ulp off. Returns the type, fills rhs and range.
char ranged_row(double lower, double upper, double& rhs, double& range) {
  const double width = upper - lower;
  constexpr int kMaxSteps = 64;
  auto search = [&](auto reconstructs, auto too_small) {
    double r = width;
    for (int step = 0; step < kMaxSteps && r > 0.0 && std::isfinite(r); ++step) {
      if (reconstructs(r)) return r;
      r = too_small(r) ? std::nextafter(r, kInfinity) : std::nextafter(r, 0.0);
    }
    return 0.0;
  };
  const double r_g = search([&](double r) { return lower + r == upper; },
                            [&](double r) { return lower + r < upper; });
  if (r_g > 0.0) {
    rhs = lower;
    range = r_g;
    return 'G';
  }
  const double r_l = search([&](double r) { return upper - r == lower; },
                            [&](double r) { return upper - r > lower; });
  if (r_l > 0.0) {
    rhs = upper;
    range = r_l;
    return 'L';
  }
  rhs = lower;  // no exact form: upper reads back as lower + width, one ulp from upper
  range = width;
  return 'G';
}

// Finite values of magnitude >= 1e30 would be read back as infinite (mps.hpp): refuse them rather
// than change the model silently.
void check_magnitudes(const Model& model) {
  auto check = [](double v, const std::string& what) {
    if (std::isfinite(v) && std::abs(v) >= tol::kMpsInfinity)
      throw std::invalid_argument("MPS: " + what + " is " + number_text(v) +
                                  ", which MPS readers take as infinite");
  };
  for (int j = 0; j < model.num_cols(); ++j) {
    check(model.col_lower[j], "lower bound of column '" + model.col_names[j] + "'");
    check(model.col_upper[j], "upper bound of column '" + model.col_names[j] + "'");
    check(model.objective[j], "cost of column '" + model.col_names[j] + "'");
  }
  for (int i = 0; i < model.num_rows(); ++i) {
    check(model.row_lower[i], "lower bound of row '" + model.row_names[i] + "'");
    check(model.row_upper[i], "upper bound of row '" + model.row_names[i] + "'");
  }
  for (double v : model.matrix.value) check(v, "a matrix coefficient");
  check(model.objective_constant, "the objective constant");
}

}  // namespace

std::string to_mps_string(const Model& model) {
  const int m = model.num_rows(), n = model.num_cols();
  for (const auto& name : model.row_names) check_name(name, "row");
  for (const auto& name : model.col_names) {
    check_name(name, "column");
    check_column_name_for_highs(name);
  }
  check_magnitudes(model);
  const std::string objective = objective_row_name(model);

  std::string out;
  out.reserve(64 * (static_cast<size_t>(m) + 2 * static_cast<size_t>(n) + model.matrix.value.size() / 2));
  out += "NAME " + model_name_for_mps(model.name) + " FREE\n";
  if (model.sense == ObjectiveSense::maximize) out += "OBJSENSE\n    MAX\n";

  std::vector<char> type(m);
  std::vector<double> rhs(m, 0.0), range(m, 0.0);
  for (int i = 0; i < m; ++i) {
    const double lo = model.row_lower[i], up = model.row_upper[i];
    if (lo == up) {
      type[i] = 'E';
      rhs[i] = lo;
    } else if (lo == -kInfinity && up == kInfinity) {
      type[i] = 'L';  // a free row: see mps.hpp
      rhs[i] = 1e30;
    } else if (lo == -kInfinity) {
      type[i] = 'L';
      rhs[i] = up;
    } else if (up == kInfinity) {
      type[i] = 'G';
      rhs[i] = lo;
    } else {
      type[i] = ranged_row(lo, up, rhs[i], range[i]);
    }
  }

  out += "ROWS\n N " + objective + "\n";
  for (int i = 0; i < m; ++i) {
    out += ' ';
    out += type[i];
    out += ' ';
    out += model.row_names[i];
    out += '\n';
  }

  out += "COLUMNS\n";
  bool in_integer_block = false;
  for (int j = 0; j < n; ++j) {
    const bool integer = model.is_integer[j] != 0;
    if (integer != in_integer_block) {
      out += integer ? " MARKER 'MARKER' 'INTORG'\n" : " MARKER 'MARKER' 'INTEND'\n";
      in_integer_block = integer;
    }
    const std::string& col = model.col_names[j];
    // Pairs (row name, value), two per line; the objective first. A column with no entry at all
    // still needs one line to exist, hence the explicit zero cost.
    int on_line = 0;
    auto put = [&](const std::string& row, double value) {
      if (on_line == 0) {
        out += ' ';
        out += col;
      }
      out += ' ';
      out += row;
      out += ' ';
      out += number_text(value);
      if (++on_line == 2) {
        out += '\n';
        on_line = 0;
      }
    };
    const int begin = model.matrix.col_start[j], end = model.matrix.col_start[j + 1];
    if (model.objective[j] != 0.0 || begin == end) put(objective, model.objective[j]);
    for (int k = begin; k < end; ++k) put(model.row_names[model.matrix.row_index[k]], model.matrix.value[k]);
    if (on_line) out += '\n';
  }
  if (in_integer_block) out += " MARKER 'MARKER' 'INTEND'\n";

  std::string sides;
  if (model.objective_constant != 0.0)
    sides += " RHS " + objective + ' ' + number_text(-model.objective_constant) + '\n';
  for (int i = 0; i < m; ++i)
    if (rhs[i] != 0.0) sides += " RHS " + model.row_names[i] + ' ' + number_text(rhs[i]) + '\n';
  // The RHS header is written even when the section is empty: CBC 2.10.8 rejects a file without
  // it ("Bad image").
  out += "RHS\n" + sides;

  bool any_range = false;
  for (int i = 0; i < m; ++i) {
    if (range[i] == 0.0) continue;
    if (!any_range) out += "RANGES\n";
    any_range = true;
    out += " RNG " + model.row_names[i] + ' ' + number_text(range[i]) + '\n';
  }

  std::string bounds;
  auto bound = [&](const char* kind, const std::string& col) {
    bounds += ' ';
    bounds += kind;
    bounds += " BND ";
    bounds += col;
    bounds += '\n';
  };
  auto bound_value = [&](const char* kind, const std::string& col, double value) {
    bounds += ' ';
    bounds += kind;
    bounds += " BND ";
    bounds += col;
    bounds += ' ';
    bounds += number_text(value);
    bounds += '\n';
  };
  for (int j = 0; j < n; ++j) {
    const std::string& col = model.col_names[j];
    const double lo = model.col_lower[j], up = model.col_upper[j];
    const bool integer = model.is_integer[j] != 0;
    // Every line is written so that each reader sets each side at most once (HiGHS ignores a
    // second setting of the same side) and the lower side first (so the negative-UP rule never
    // applies), and integer columns always state both sides (the readers' defaults differ).
    if (lo == up) {
      bound_value("FX", col, lo);
    } else if (lo == -kInfinity && up == kInfinity) {
      bound("FR", col);
    } else if (integer && lo == 0.0 && up == 1.0) {
      bound("BV", col);
    } else {
      if (lo == -kInfinity)
        bound("MI", col);
      else if (lo != 0.0)
        bound_value("LO", col, lo);
      if (up != kInfinity)
        bound_value("UP", col, up);
      else if (integer)
        bound("PL", col);
    }
  }
  if (!bounds.empty()) out += "BOUNDS\n" + bounds;
  out += "ENDATA\n";
  return out;
}

void write_mps(const Model& model, const std::filesystem::path& path) {
  write_file_atomically(path, to_mps_string(model));
}

}  // namespace fleetopt::core
