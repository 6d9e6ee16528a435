// CPLEX LP writer: the choices and their reasons are in include/fleetopt/core/lp_format.hpp.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <unordered_set>

#include "fleetopt/core/lp_format.hpp"
#include "fleetopt/core/output_dir.hpp"
#include "number_text.hpp"

namespace fleetopt::core {
namespace {

using detail::number_text;

constexpr size_t kWrapColumn = 100;
// CPLEX allows 255-character names, but lines may not be longer than 255 either: with 200 a term
// ("+ " coefficient blank name) or a bound line always fits on one line.
constexpr size_t kMaxNameLength = 200;

bool is_keyword(const std::string& name) {
  static const std::unordered_set<std::string> keywords = {
      "minimize", "maximize", "minimise", "maximise", "minimum", "maximum", "min",     "max",
      "subject",  "to",       "st",       "s.t.",     "st.",     "such",    "that",    "bound",
      "bounds",   "general",  "generals", "gen",      "integer", "integers", "binary", "binaries",
      "bin",      "end",      "free",     "inf",      "infinity", "semi",   "semis",   "sos"};
  std::string lower = name;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return keywords.count(lower) > 0;
}

void check_lp_name(const std::string& name, const char* kind) {
  auto bad = [&](const std::string& why) {
    throw std::invalid_argument(std::string("LP format: ") + kind + " name '" + name + "' " + why);
  };
  if (name.empty()) bad("is empty");
  if (name.size() > kMaxNameLength) bad("is longer than 200 characters");
  if (std::isdigit(static_cast<unsigned char>(name[0])) || name[0] == '.')
    bad("starts with a digit or '.'");
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && !std::strchr("!\"#$%&()/,.;?@_`'{}|~", c))
      bad(std::string("contains '") + c + "', which LP format does not allow");
  if (is_keyword(name)) bad("is an LP format keyword");
}

std::string unique_name(std::string name, const std::unordered_set<std::string>& taken) {
  while (taken.count(name)) name += '_';
  return name;
}

// Accumulates "name: terms sense rhs" with line wrapping.
class LineWriter {
 public:
  explicit LineWriter(std::string& out) : out_(out) {}

  void start(const std::string& text) {
    out_ += ' ';
    out_ += text;
    length_ = text.size() + 1;
    first_term_ = true;
  }
  void piece(const std::string& text) {
    if (length_ + text.size() + 1 > kWrapColumn) {
      out_ += "\n ";
      length_ = 1;
    } else {
      out_ += ' ';
      ++length_;
    }
    out_ += text;
    length_ += text.size();
  }
  void term(double coefficient, const std::string& column) {
    std::string text;
    if (coefficient < 0.0)
      text = "- ";
    else if (!first_term_)
      text = "+ ";
    text += number_text(std::abs(coefficient)) + ' ' + column;
    piece(text);
    first_term_ = false;
  }
  void finish() { out_ += '\n'; }

 private:
  std::string& out_;
  size_t length_ = 0;
  bool first_term_ = true;
};

}  // namespace

std::string to_lp_string(const Model& model) {
  const int m = model.num_rows(), n = model.num_cols();
  for (const auto& name : model.row_names) check_lp_name(name, "row");
  for (const auto& name : model.col_names) check_lp_name(name, "column");

  std::unordered_set<std::string> row_names(model.row_names.begin(), model.row_names.end());
  std::unordered_set<std::string> col_names(model.col_names.begin(), model.col_names.end());
  std::string objective = model.objective_name;
  try {
    check_lp_name(objective, "objective");
  } catch (const std::invalid_argument&) {
    objective = "obj";  // the objective's label carries no meaning for the solver
  }
  objective = unique_name(objective, row_names);
  const std::string constant_column =
      model.objective_constant != 0.0 ? unique_name("obj_constant", col_names) : std::string();
  if (n == 0 && constant_column.empty())
    throw std::invalid_argument("LP format: a model without columns cannot be written");
  const std::string& any_column = n > 0 ? model.col_names[0] : constant_column;

  std::string out;
  std::string title = model.name;
  std::replace(title.begin(), title.end(), '\n', ' ');
  if (title.size() > kMaxNameLength) title.resize(kMaxNameLength);
  out += "\\ Problem: " + title + "\n";
  out += model.sense == ObjectiveSense::maximize ? "Maximize\n" : "Minimize\n";
  LineWriter line(out);
  line.start(objective + ":");
  bool any_term = false;
  for (int j = 0; j < n; ++j) {
    if (model.objective[j] == 0.0) continue;
    line.term(model.objective[j], model.col_names[j]);
    any_term = true;
  }
  if (!constant_column.empty()) {
    line.term(model.objective_constant, constant_column);
    any_term = true;
  }
  if (!any_term) line.piece("0 " + any_column);
  line.finish();

  out += "Subject To\n";
  const SparseMatrix rows = model.matrix.transpose();
  auto write_row = [&](const std::string& name, int i, const char* sense, double rhs) {
    line.start(name + ":");
    for (int k = rows.col_start[i]; k < rows.col_start[i + 1]; ++k)
      line.term(rows.value[k], model.col_names[rows.row_index[k]]);
    if (rows.col_start[i] == rows.col_start[i + 1]) line.piece("0 " + any_column);
    line.piece(std::string(sense) + ' ' + number_text(rhs));
    line.finish();
  };
  std::unordered_set<std::string> taken = row_names;
  taken.insert(objective);
  for (int i = 0; i < m; ++i) {
    const double lo = model.row_lower[i], up = model.row_upper[i];
    const std::string& name = model.row_names[i];
    if (lo == up) {
      write_row(name, i, "=", lo);
    } else if (lo == -kInfinity && up == kInfinity) {
      out += "\\ row " + name + " is free and left out\n";
    } else if (lo == -kInfinity) {
      write_row(name, i, "<=", up);
    } else if (up == kInfinity) {
      write_row(name, i, ">=", lo);
    } else {
      const std::string lo_name = unique_name(name + "_lo", taken);
      taken.insert(lo_name);
      const std::string hi_name = unique_name(name + "_hi", taken);
      taken.insert(hi_name);
      write_row(lo_name, i, ">=", lo);
      write_row(hi_name, i, "<=", up);
    }
  }

  out += "Bounds\n";
  std::vector<std::string> generals, binaries;
  for (int j = 0; j < n; ++j) {
    const std::string& col = model.col_names[j];
    const double lo = model.col_lower[j], up = model.col_upper[j];
    if (model.is_integer[j]) {
      if (lo == 0.0 && up == 1.0) {
        binaries.push_back(col);
        continue;
      }
      generals.push_back(col);
    }
    if (lo == up)
      out += ' ' + col + " = " + number_text(lo) + '\n';
    else if (lo == -kInfinity && up == kInfinity)
      out += ' ' + col + " free\n";
    else if (lo == -kInfinity)
      out += " -inf <= " + col + " <= " + number_text(up) + '\n';
    else if (up == kInfinity && lo != 0.0)
      out += ' ' + col + " >= " + number_text(lo) + '\n';
    else if (up != kInfinity && lo == 0.0)
      out += ' ' + col + " <= " + number_text(up) + '\n';
    else if (up != kInfinity)
      out += ' ' + number_text(lo) + " <= " + col + " <= " + number_text(up) + '\n';
  }
  if (!constant_column.empty()) out += ' ' + constant_column + " = 1\n";

  auto name_list = [&](const char* section, const std::vector<std::string>& names) {
    if (names.empty()) return;
    out += section;
    out += '\n';
    size_t length = 0;
    for (const auto& name : names) {
      if (length > 0 && length + name.size() + 1 > kWrapColumn) {
        out += '\n';
        length = 0;
      }
      out += ' ' + name;
      length += name.size() + 1;
    }
    out += '\n';
  };
  name_list("Generals", generals);
  name_list("Binaries", binaries);
  out += "End\n";
  return out;
}

void write_lp(const Model& model, const std::filesystem::path& path) {
  write_file_atomically(path, to_lp_string(model));
}

}  // namespace fleetopt::core
