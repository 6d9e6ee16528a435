// MPS reader: the rules it follows are listed in include/fleetopt/core/mps.hpp.
#include <zlib.h>

#include <cerrno>
#include <charconv>
#include <cctype>
#include <cmath>
#include <cstring>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "fleetopt/core/csv.hpp"
#include "fleetopt/core/errors.hpp"
#include "fleetopt/core/mps.hpp"
#include "fleetopt/core/tolerances.hpp"
#include "fleetopt/core/text_file.hpp"
#include "number_text.hpp"

namespace fleetopt::core {
namespace {

// A piece of a line and the 1-based column where it starts (for error messages).
struct Field {
  std::string_view text;
  int column = 0;
};

bool is_blank(char c) { return c == ' ' || c == '\t'; }

std::vector<Field> split_at_blanks(std::string_view line) {
  std::vector<Field> fields;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && is_blank(line[i])) ++i;
    if (i == line.size()) break;
    const size_t start = i;
    while (i < line.size() && !is_blank(line[i])) ++i;
    fields.push_back({line.substr(start, i - start), static_cast<int>(start) + 1});
  }
  return fields;
}

// Fixed-format field: characters [start, start + length) of the line (0-based), blanks trimmed.
Field fixed_field(std::string_view line, size_t start, size_t length) {
  if (start >= line.size()) return {{}, static_cast<int>(start) + 1};
  std::string_view piece = line.substr(start, length);
  size_t b = 0;
  while (b < piece.size() && is_blank(piece[b])) ++b;
  size_t e = piece.size();
  while (e > b && is_blank(piece[e - 1])) --e;
  return {piece.substr(b, e - b), static_cast<int>(start + b) + 1};
}

// The fixed MPS columns (1-based 2-3, 5-12, 15-22, 25-36, 40-47, 50-61). Numbers are allowed to
// run on to the next name field: some writers put 15 digits in the 12-character number fields.
Field fixed_code(std::string_view l) { return fixed_field(l, 1, 2); }
Field fixed_name1(std::string_view l) { return fixed_field(l, 4, 8); }
Field fixed_name2(std::string_view l) { return fixed_field(l, 14, 8); }
Field fixed_number1(std::string_view l) { return fixed_field(l, 24, 15); }
Field fixed_name3(std::string_view l) { return fixed_field(l, 39, 8); }
Field fixed_number2(std::string_view l) { return fixed_field(l, 49, std::string_view::npos); }

std::string upper_case(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string strip_quotes(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != '\'' && c != '"') out += c;
  return out;
}

enum class Section { none, name, objsense, rows, columns, rhs, ranges, bounds };

constexpr int kObjectiveRow = -1;
constexpr int kDroppedRow = -2;

class MpsParser {
 public:
  MpsParser(const std::string& text, const std::string& file) : text_(text), file_(file) {}

  Model parse() {
    size_t pos = 0;
    bool ended = false;
    while (pos < text_.size() && !ended) {
      size_t end = text_.find('\n', pos);
      if (end == std::string::npos) end = text_.size();
      std::string_view line(text_.data() + pos, end - pos);
      pos = end + 1;
      ++line_no_;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      line_ = line;
      if (line.empty() || line[0] == '*') continue;
      const std::vector<Field> tokens = split_at_blanks(line);
      if (tokens.empty()) continue;
      if (!is_blank(line[0]))
        ended = header(tokens);
      else
        data(tokens);
    }
    if (!ended)
      throw InputError(file_, line_no_, 0, "file ends without ENDATA (truncated file?)");
    return build();
  }

 private:
  [[noreturn]] void fail(int column, const std::string& message) const {
    throw InputError(file_, line_no_, column, message);
  }

  // `describe` builds the "what" of an error message; it runs only when the number is bad, so
  // reading a million coefficients builds no strings.
  template <class Describe>
  double number(const Field& f, Describe describe) const {
    const std::string_view t = f.text;
    bool plain = !t.empty();
    for (char c : t)
      plain = plain && (std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '-' ||
                        c == '+' || c == 'e' || c == 'E');
    if (plain) {
      // from_chars takes no leading '+' (so skip one, but not "+-1"); the character check above
      // already refused inf, nan and hex.
      const char* begin = t.data();
      const char* end = t.data() + t.size();
      if (*begin == '+') ++begin;
      double value = 0.0;
      if (begin != end && (begin == t.data() || (*begin != '-' && *begin != '+'))) {
        const auto result = std::from_chars(begin, end, value);
        if (result.ec == std::errc() && result.ptr == end && std::isfinite(value)) return value;
      }
    }
    // The shared strict parser gives the standard message (and accepts nothing from_chars refused).
    return parse_finite_double(std::string(t), file_, line_no_, f.column, describe());
  }
  // RHS, RANGES and BOUNDS values: +-1e30 and beyond mean "no bound".
  template <class Describe>
  double bound_number(const Field& f, Describe describe) const {
    const double v = number(f, describe);
    if (v >= tol::kMpsInfinity) return kInfinity;
    if (v <= -tol::kMpsInfinity) return -kInfinity;
    return v;
  }

  // ---- section headers ----

  bool header(const std::vector<Field>& tokens) {
    const std::string word = upper_case(tokens[0].text);
    Section next = Section::none;
    if (word == "NAME") {
      if (tokens.size() > 1 && !(tokens.size() == 2 && upper_case(tokens[1].text) == "FREE"))
        name_ = std::string(tokens[1].text);
      next = Section::name;
    } else if (word == "OBJSENSE") {
      if (tokens.size() > 2) fail(tokens[2].column, "unexpected text after OBJSENSE MAX|MIN");
      if (tokens.size() == 2) set_sense(tokens[1]);
      next = Section::objsense;
    } else if (word == "ROWS") {
      next = Section::rows;
    } else if (word == "COLUMNS") {
      next = Section::columns;
    } else if (word == "RHS") {
      next = Section::rhs;
    } else if (word == "RANGES") {
      next = Section::ranges;
    } else if (word == "BOUNDS") {
      next = Section::bounds;
    } else if (word == "ENDATA") {
      return true;
    } else if (word == "QUADOBJ" || word == "QMATRIX" || word == "QSECTION" || word == "QCMATRIX" ||
               word == "SOS" || word == "SETS" || word == "CSECTION" || word == "INDICATORS" ||
               word == "GENCONS" || word == "PWLOBJ" || word == "PWLNAM" || word == "PWLCON" ||
               word == "OBJSENCE" || word == "OBJNAME" || word == "RANGES2" ||
               word == "DELAYEDROWS" || word == "MODELCUTS" || word == "USERCUTS") {
      fail(tokens[0].column, "MPS section '" + std::string(tokens[0].text) +
                                 "' is not supported (linear and integer models only)");
    } else {
      fail(tokens[0].column, "unknown MPS section '" + std::string(tokens[0].text) + "'");
    }
    if (next != Section::name && next != Section::objsense && tokens.size() > 1)
      fail(tokens[1].column, "unexpected text after section name " + word);
    if (next == Section::name && saw_name_) fail(tokens[0].column, "second NAME section");
    if (next == Section::rows && saw_rows_) fail(tokens[0].column, "second ROWS section");
    if (next == Section::columns && saw_columns_) fail(tokens[0].column, "second COLUMNS section");
    saw_name_ |= next == Section::name;
    saw_rows_ |= next == Section::rows;
    saw_columns_ |= next == Section::columns;
    section_ = next;
    in_integer_block_ = false;
    return false;
  }

  void set_sense(const Field& f) {
    const std::string s = upper_case(f.text);
    if (s == "MAX" || s == "MAXIMIZE" || s == "MAXIMISE")
      sense_ = ObjectiveSense::maximize;
    else if (s == "MIN" || s == "MINIMIZE" || s == "MINIMISE")
      sense_ = ObjectiveSense::minimize;
    else
      fail(f.column, "expected MAX or MIN after OBJSENSE, got '" + std::string(f.text) + "'");
  }

  // ---- data lines ----

  void data(const std::vector<Field>& tokens) {
    switch (section_) {
      case Section::none:
        fail(tokens[0].column, "data line before the first section header");
      case Section::name:
        fail(tokens[0].column, "unexpected data line in the NAME section");
      case Section::objsense:
        if (tokens.size() != 1) fail(tokens[1].column, "expected only MAX or MIN in OBJSENSE");
        set_sense(tokens[0]);
        return;
      case Section::rows:
        return row_line(tokens);
      case Section::columns:
        return column_line(tokens);
      case Section::rhs:
      case Section::ranges:
        return rhs_or_range_line(tokens);
      case Section::bounds:
        return bound_line(tokens);
    }
  }

  // Runs `free_reading`; if it fails, tries `fixed_reading` (names with spaces in fixed columns)
  // and reports the free reading's error if that fails too.
  template <class Record, class FreeReading, class FixedReading>
  Record free_or_fixed(FreeReading free_reading, FixedReading fixed_reading) const {
    try {
      return free_reading();
    } catch (const InputError&) {
      try {
        return fixed_reading();
      } catch (const InputError&) {
      }
      throw;
    }
  }

  // ROWS

  struct RowRecord {
    Field type;
    Field name;
  };

  void row_line(const std::vector<Field>& tokens) {
    const RowRecord r = free_or_fixed<RowRecord>(
        [&] {
          if (tokens.size() != 2) fail(tokens[0].column, "expected 'TYPE NAME' in ROWS");
          return checked_row({tokens[0], tokens[1]});
        },
        [&] { return checked_row({fixed_code(line_), fixed_name1(line_)}); });
    const std::string type = upper_case(r.type.text);
    std::string name(r.name.text);
    if (row_index_.count(name)) fail(r.name.column, "duplicate row name '" + name + "'");
    if (type == "N") {
      if (!has_objective_) {
        has_objective_ = true;
        objective_name_ = name;
        row_index_.emplace(std::move(name), kObjectiveRow);
      } else {
        row_index_.emplace(std::move(name), kDroppedRow);
      }
      return;
    }
    row_index_.emplace(name, static_cast<int>(row_names_.size()));
    row_names_.push_back(std::move(name));
    row_type_.push_back(type[0]);
    rhs_.push_back(0.0);
    rhs_line_.push_back(0);
    range_.push_back(0.0);
    range_line_.push_back(0);
  }

  RowRecord checked_row(RowRecord r) const {
    const std::string type = upper_case(r.type.text);
    if (type != "N" && type != "E" && type != "L" && type != "G")
      fail(r.type.column, "unknown row type '" + std::string(r.type.text) + "' (expected N, E, L or G)");
    if (r.name.text.empty()) fail(r.type.column, "row without a name");
    return r;
  }

  // COLUMNS

  struct Entry {
    int row = 0;
    double value = 0.0;
    Field name;
  };
  struct ColumnRecord {
    Field column;
    Entry entries[2];
    int count = 0;
  };

  Entry checked_entry(const Field& row, const Field& value, std::string_view column) const {
    const auto it = row_index_.find(std::string(row.text));
    if (it == row_index_.end()) fail(row.column, "unknown row '" + std::string(row.text) + "'");
    const double v = number(value, [&] {
      return "coefficient of column '" + std::string(column) + "' in row '" + std::string(row.text) + "'";
    });
    if (std::abs(v) >= tol::kMpsInfinity)
      fail(value.column, "coefficient of column '" + std::string(column) + "' in row '" +
                             std::string(row.text) + "' is infinite");
    return {it->second, v, row};
  }

  ColumnRecord checked_column(const Field& column, const Field* pieces, int pairs) const {
    if (column.text.empty()) fail(column.column, "column without a name");
    ColumnRecord r;
    r.column = column;
    r.count = pairs;
    for (int k = 0; k < pairs; ++k)
      r.entries[k] = checked_entry(pieces[2 * k], pieces[2 * k + 1], column.text);
    return r;
  }

  bool marker_line(const std::vector<Field>& tokens) {
    if (tokens.size() < 3 || upper_case(strip_quotes(tokens[1].text)) != "MARKER") return false;
    const std::string kind = upper_case(strip_quotes(tokens[2].text));
    if (kind == "INTORG") {
      if (in_integer_block_) fail(tokens[2].column, "INTORG marker inside an integer block");
      in_integer_block_ = true;
    } else if (kind == "INTEND") {
      if (!in_integer_block_) fail(tokens[2].column, "INTEND marker without INTORG");
      in_integer_block_ = false;
    } else {
      fail(tokens[2].column, "unknown marker '" + std::string(tokens[2].text) +
                                 "' (expected 'INTORG' or 'INTEND')");
    }
    return true;
  }

  void column_line(const std::vector<Field>& tokens) {
    if (marker_line(tokens)) return;
    const ColumnRecord r = free_or_fixed<ColumnRecord>(
        [&] {
          if (tokens.size() != 3 && tokens.size() != 5)
            fail(tokens[0].column, "expected 'COLUMN ROW VALUE [ROW VALUE]' in COLUMNS");
          return checked_column(tokens[0], tokens.data() + 1, static_cast<int>(tokens.size() - 1) / 2);
        },
        [&] {
          const Field pieces[4] = {fixed_name2(line_), fixed_number1(line_), fixed_name3(line_),
                                   fixed_number2(line_)};
          if (pieces[0].text.empty() || pieces[1].text.empty())
            fail(0, "fixed-format COLUMNS line without a row and value");
          return checked_column(fixed_name1(line_), pieces, pieces[2].text.empty() ? 1 : 2);
        });
    const std::string name(r.column.text);
    if (current_col_ < 0 || col_names_[current_col_] != name) {
      if (col_index_.count(name))
        fail(r.column.column, "column '" + name +
                                  "' appears again after other columns (its lines must be together)");
      current_col_ = static_cast<int>(col_names_.size());
      col_index_.emplace(name, current_col_);
      col_names_.push_back(name);
      cost_.push_back(0.0);
      cost_seen_ = false;
      lower_.push_back(0.0);
      upper_.push_back(kInfinity);
      integer_.push_back(in_integer_block_ ? 1 : 0);
      marker_integer_.push_back(in_integer_block_ ? 1 : 0);
      bounds_given_.push_back(0);
      lower_given_.push_back(0);
      bound_line_.push_back(0);
    }
    if (row_last_col_.size() != row_names_.size()) row_last_col_.assign(row_names_.size(), -1);
    for (int k = 0; k < r.count; ++k) {
      const Entry& e = r.entries[k];
      if (e.row == kDroppedRow) continue;
      if (e.row == kObjectiveRow) {
        if (cost_seen_) fail(e.name.column, "second objective coefficient for column '" + name + "'");
        cost_seen_ = true;
        cost_[current_col_] = e.value;
        continue;
      }
      if (row_last_col_[e.row] == current_col_)
        fail(e.name.column, "second coefficient for column '" + name + "' in row '" +
                                std::string(e.name.text) + "'");
      row_last_col_[e.row] = current_col_;
      if (e.value == 0.0) continue;
      entry_row_.push_back(e.row);
      entry_col_.push_back(current_col_);
      entry_value_.push_back(e.value);
    }
  }

  // RHS and RANGES

  struct SideRecord {
    Entry entries[2];
    int count = 0;
  };

  SideRecord checked_sides(const Field* pieces, int pairs) const {
    SideRecord r;
    r.count = pairs;
    const std::string what = section_ == Section::rhs ? "right-hand side" : "range";
    for (int k = 0; k < pairs; ++k) {
      const Field& row = pieces[2 * k];
      const auto it = row_index_.find(std::string(row.text));
      if (it == row_index_.end())
        fail(row.column, "unknown row '" + std::string(row.text) + "' in " +
                             (section_ == Section::rhs ? "RHS" : "RANGES"));
      r.entries[k] = {it->second,
                      bound_number(pieces[2 * k + 1],
                                   [&] { return what + " of row '" + std::string(row.text) + "'"; }),
                      row};
    }
    return r;
  }

  void rhs_or_range_line(const std::vector<Field>& tokens) {
    const SideRecord r = free_or_fixed<SideRecord>(
        [&] {
          // An odd count starts with the vector's name; an even count leaves it out.
          if (tokens.size() < 2 || tokens.size() > 5)
            fail(tokens[0].column, "expected '[SET] ROW VALUE [ROW VALUE]'");
          const size_t skip = tokens.size() % 2;
          return checked_sides(tokens.data() + skip, static_cast<int>(tokens.size() - skip) / 2);
        },
        [&] {
          const Field pieces[4] = {fixed_name2(line_), fixed_number1(line_), fixed_name3(line_),
                                   fixed_number2(line_)};
          if (pieces[0].text.empty() || pieces[1].text.empty())
            fail(0, "fixed-format line without a row and value");
          return checked_sides(pieces, pieces[2].text.empty() ? 1 : 2);
        });
    for (int k = 0; k < r.count; ++k) {
      const Entry& e = r.entries[k];
      if (e.row == kDroppedRow) continue;
      const std::string row(e.name.text);
      if (section_ == Section::rhs) {
        if (e.row == kObjectiveRow) {
          if (objective_rhs_line_)
            fail(e.name.column, "second right-hand side for the objective row '" + row +
                                    "' (first on line " + std::to_string(objective_rhs_line_) + ")");
          objective_rhs_line_ = line_no_;
          if (!std::isfinite(e.value)) fail(e.name.column, "infinite objective constant");
          objective_constant_ = -e.value;
          continue;
        }
        if (rhs_line_[e.row])
          fail(e.name.column, "second right-hand side for row '" + row + "' (first on line " +
                                  std::to_string(rhs_line_[e.row]) + ")");
        rhs_line_[e.row] = line_no_;
        rhs_[e.row] = e.value;
      } else {
        if (e.row == kObjectiveRow) continue;  // a range on the objective means nothing
        if (range_line_[e.row])
          fail(e.name.column, "second range for row '" + row + "' (first on line " +
                                  std::to_string(range_line_[e.row]) + ")");
        range_line_[e.row] = line_no_;
        range_[e.row] = e.value;
      }
    }
  }

  // BOUNDS

  struct BoundRecord {
    std::string type;
    Field column;
    int index = -1;
    double value = 0.0;
    bool has_value = false;
  };

  static bool bound_needs_value(const std::string& type) {
    return type == "UP" || type == "LO" || type == "FX" || type == "LI" || type == "UI";
  }
  static bool bound_without_value(const std::string& type) {
    return type == "FR" || type == "MI" || type == "PL" || type == "BV";
  }

  int column_of(const Field& f) const {
    const auto it = col_index_.find(std::string(f.text));
    if (it == col_index_.end()) fail(f.column, "unknown column '" + std::string(f.text) + "' in BOUNDS");
    return it->second;
  }
  bool is_column(const Field& f) const { return col_index_.count(std::string(f.text)) > 0; }

  BoundRecord checked_bound(const Field& type_field, const Field& column, const Field* value) const {
    BoundRecord r;
    r.type = upper_case(type_field.text);
    r.column = column;
    r.index = column_of(column);
    if (bound_needs_value(r.type)) {
      if (!value || value->text.empty())
        fail(column.column, r.type + " bound of column '" + std::string(column.text) + "' has no value");
      r.value = bound_number(*value, [&] { return r.type + " bound of column '" + std::string(column.text) + "'"; });
      r.has_value = true;
    } else if (value && !value->text.empty()) {
      // A value after FR/MI/PL/BV (some writers put "BV BND x 1") must still be a number.
      number(*value, [&] { return r.type + " bound of column '" + std::string(column.text) + "'"; });
    }
    return r;
  }

  void bound_line(const std::vector<Field>& tokens) {
    const std::string type = upper_case(tokens[0].text);
    if (!bound_needs_value(type) && !bound_without_value(type))
      fail(tokens[0].column, "unknown bound type '" + std::string(tokens[0].text) +
                                 "' (expected UP, LO, FX, FR, MI, PL, BV, LI or UI)");
    const BoundRecord r = free_or_fixed<BoundRecord>(
        [&] {
          const size_t n = tokens.size();
          if (bound_needs_value(type)) {
            if (n == 4) return checked_bound(tokens[0], tokens[2], &tokens[3]);
            if (n == 3) return checked_bound(tokens[0], tokens[1], &tokens[2]);
            fail(tokens[0].column, "expected '" + type + " [SET] COLUMN VALUE'");
          }
          if (n == 2) return checked_bound(tokens[0], tokens[1], nullptr);
          if (n == 3) {
            // "TYPE SET COLUMN" or "TYPE COLUMN VALUE"
            if (is_column(tokens[2]) || !is_column(tokens[1]))
              return checked_bound(tokens[0], tokens[2], nullptr);
            return checked_bound(tokens[0], tokens[1], &tokens[2]);
          }
          if (n == 4) return checked_bound(tokens[0], tokens[2], &tokens[3]);
          fail(tokens[0].column, "expected '" + type + " [SET] COLUMN'");
        },
        [&] {
          const Field value = fixed_number1(line_);
          return checked_bound(fixed_code(line_), fixed_name2(line_), &value);
        });
    apply_bound(r);
  }

  void apply_bound(const BoundRecord& r) {
    const int j = r.index;
    const std::string name(r.column.text);
    bounds_given_[j] = 1;
    bound_line_[j] = line_no_;
    const double v = r.value;
    auto set_lower = [&](double value) {
      if (value == kInfinity) fail(r.column.column, "lower bound of column '" + name + "' is +infinity");
      lower_[j] = value;
      lower_given_[j] = 1;
    };
    auto set_upper = [&](double value) {
      if (value == -kInfinity) fail(r.column.column, "upper bound of column '" + name + "' is -infinity");
      upper_[j] = value;
      // The classic rule: a negative upper bound on a column still at the default lower bound 0
      // makes the column unbounded below (CPLEX, CBC, GLPK).
      if (value < 0.0 && !lower_given_[j] && lower_[j] == 0.0) lower_[j] = -kInfinity;
    };
    if (r.type == "UP") {
      set_upper(v);
    } else if (r.type == "LO") {
      set_lower(v);
    } else if (r.type == "FX") {
      if (!std::isfinite(v)) fail(r.column.column, "infinite fixed value for column '" + name + "'");
      set_lower(v);
      upper_[j] = v;
    } else if (r.type == "FR") {
      lower_[j] = -kInfinity;
      lower_given_[j] = 1;
      upper_[j] = kInfinity;
    } else if (r.type == "MI") {
      lower_[j] = -kInfinity;
      lower_given_[j] = 1;
    } else if (r.type == "PL") {
      upper_[j] = kInfinity;
    } else if (r.type == "BV") {
      lower_[j] = 0.0;
      lower_given_[j] = 1;
      upper_[j] = 1.0;
      integer_[j] = 1;
    } else if (r.type == "LI") {
      set_lower(v);
      integer_[j] = 1;
    } else if (r.type == "UI") {
      set_upper(v);
      integer_[j] = 1;
    }
  }

  // ---- the model ----

  Model build() {
    ModelBuilder builder(name_, sense_);
    if (has_objective_) builder.set_objective_name(objective_name_);
    builder.set_objective_constant(objective_constant_);
    for (size_t j = 0; j < col_names_.size(); ++j) {
      if (marker_integer_[j] && !bounds_given_[j]) upper_[j] = 1.0;  // see mps.hpp
      if (lower_[j] > upper_[j])
        throw InputError(file_, bound_line_[j], 0,
                         "column '" + col_names_[j] + "' has lower bound " +
                             detail::number_text(lower_[j]) + " above its upper bound " +
                             detail::number_text(upper_[j]));
      builder.add_column(col_names_[j], cost_[j], lower_[j], upper_[j], integer_[j] != 0);
    }
    for (size_t i = 0; i < row_names_.size(); ++i) {
      const double b = rhs_[i];
      double lower = b, upper = b;
      if (row_type_[i] == 'L') lower = -kInfinity;
      if (row_type_[i] == 'G') upper = kInfinity;
      if (range_line_[i]) {
        const double r = range_[i];
        if (row_type_[i] == 'L') lower = b - std::abs(r);
        if (row_type_[i] == 'G') upper = b + std::abs(r);
        if (row_type_[i] == 'E') (r > 0.0 ? upper : lower) = b + r;
      }
      if (lower > upper || lower == kInfinity || upper == -kInfinity || std::isnan(lower) ||
          std::isnan(upper)) {
        const int line = range_line_[i] ? range_line_[i] : rhs_line_[i];
        throw InputError(file_, line, 0,
                         "row '" + row_names_[i] + "' (type " + row_type_[i] +
                             ") gets impossible bounds from its right-hand side and range");
      }
      builder.add_row(row_names_[i], lower, upper);
    }
    for (size_t k = 0; k < entry_row_.size(); ++k)
      builder.add_entry(entry_row_[k], entry_col_[k], entry_value_[k]);
    return builder.build();
  }

  const std::string& text_;
  const std::string& file_;
  int line_no_ = 0;
  std::string_view line_;
  Section section_ = Section::none;
  bool saw_name_ = false, saw_rows_ = false, saw_columns_ = false;

  std::string name_;
  ObjectiveSense sense_ = ObjectiveSense::minimize;
  bool has_objective_ = false;
  std::string objective_name_;
  double objective_constant_ = 0.0;
  int objective_rhs_line_ = 0;

  std::unordered_map<std::string, int> row_index_;  // constraint index, kObjectiveRow or kDroppedRow
  std::vector<std::string> row_names_;
  std::vector<char> row_type_;  // 'E', 'L' or 'G'
  std::vector<double> rhs_, range_;
  std::vector<int> rhs_line_, range_line_;  // line that set it, 0 if none

  std::unordered_map<std::string, int> col_index_;
  std::vector<std::string> col_names_;
  std::vector<double> cost_, lower_, upper_;
  std::vector<char> integer_, marker_integer_, bounds_given_, lower_given_;
  std::vector<int> bound_line_;
  int current_col_ = -1;
  bool cost_seen_ = false;
  bool in_integer_block_ = false;
  std::vector<int> row_last_col_;  // last column with an entry in each row: finds duplicates
  std::vector<int> entry_row_, entry_col_;
  std::vector<double> entry_value_;
};

std::string read_whole_file(const std::filesystem::path& path) {
  if (const std::string why = unreadable_file_reason(path, "MPS file"); !why.empty())
    throw InputError(path.string(), why);
  // gzread passes uncompressed files through unchanged, so one path reads .mps and .mps.gz.
  gzFile in = gzopen(path.string().c_str(), "rb");
  if (!in) throw InputError(path.string(), std::string("cannot open MPS file: ") + std::strerror(errno));
  std::string text;
  char buffer[1 << 16];
  for (;;) {
    const int got = gzread(in, buffer, sizeof buffer);
    if (got < 0) {
      int code = 0;
      const std::string message = gzerror(in, &code);
      gzclose(in);
      throw InputError(path.string(), "cannot read MPS file: " + message);
    }
    if (got == 0) break;
    text.append(buffer, static_cast<size_t>(got));
  }
  gzclose(in);
  return text;
}

}  // namespace

Model parse_mps(const std::string& text, const std::string& file_label) {
  return MpsParser(text, file_label).parse();
}

Model read_mps(const std::filesystem::path& path) {
  return parse_mps(read_whole_file(path), path.string());
}

}  // namespace fleetopt::core
