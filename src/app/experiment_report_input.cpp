// Reads results.csv and disagreements.csv of an experiment folder for the experiment report.
#include "experiment_report_input.hpp"

#include <cmath>

#include "experiment.hpp"
#include "fleetopt/core/csv.hpp"
#include "fleetopt/core/errors.hpp"

namespace fleetopt::app {

namespace fs = std::filesystem;
using core::InputError;

namespace {

const std::vector<std::string>& disagreement_columns() {
  static const std::vector<std::string> columns = {"instance", "cell_with_schedule", "objective",
                                                   "cell_with_bound", "best_bound", "excess"};
  return columns;
}

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& n : names) text += (text.empty() ? "" : ",") + n;
  return text;
}

// A row's fields by column name, with file and line for errors.
struct RowReader {
  const core::CsvTable& table;
  const core::CsvRecord& record;

  const std::string& text(const std::string& column) const {
    return record.fields[static_cast<size_t>(table.column(column))];
  }
  double number(const std::string& column) const {
    return core::parse_finite_double(text(column), table.file, record.line, table.column(column) + 1, column);
  }
  std::optional<double> optional_number(const std::string& column) const {
    if (text(column).empty()) return std::nullopt;
    return number(column);
  }
  int count(const std::string& column) const {
    const double v = number(column);
    if (v < 0 || v != std::floor(v) || v > 1e9)
      throw InputError(table.file, record.line, table.column(column) + 1,
                       column + ": expected a whole number >= 0, got '" + text(column) + "'");
    return static_cast<int>(v);
  }
};

}  // namespace

ExperimentResults read_experiment_results(const fs::path& dir) {
  if (!fs::is_directory(dir)) throw InputError(dir.string(), "not an experiment result folder (no such folder)");
  const fs::path results_file = dir / "results.csv";
  if (!fs::is_regular_file(results_file))
    throw InputError(results_file.string(), "not found: run fleetopt experiment CONFIG.toml --out " + dir.string());
  const core::CsvTable table = core::read_csv(results_file.string());
  if (table.header != result_columns())
    throw InputError(table.file, 1, 0,
                     "not a fleetopt experiment results file: expected the header " + joined(result_columns()));
  ExperimentResults results;
  for (const core::CsvRecord& record : table.rows) {
    const RowReader row{table, record};
    report::ExperimentCell c;
    c.cell = row.text("cell");
    c.instance = row.text("instance");
    const std::string prefix = c.instance + "/";
    if (c.instance.empty() || c.cell.size() <= prefix.size() || c.cell.compare(0, prefix.size(), prefix) != 0)
      throw InputError(table.file, record.line, table.column("cell") + 1,
                       "cell: expected '<instance>/<settings>' with instance '" + c.instance + "', got '" + c.cell + "'");
    c.settings = c.cell.substr(prefix.size());
    c.assets = row.count("assets");
    c.markets = row.count("markets");
    c.steps = row.count("steps");
    c.status = row.text("status");
    c.check = row.text("check");
    c.seconds = row.number("seconds");
    c.time_limit = row.number("time_limit");
    c.objective = row.optional_number("objective");
    c.best_bound = row.optional_number("best_bound");
    c.gap = row.optional_number("gap");
    if (results.experiment.empty()) results.experiment = row.text("experiment");
    results.cells.push_back(std::move(c));
  }
  if (results.experiment.empty()) {
    fs::path folder = fs::absolute(dir).lexically_normal();
    if (folder.filename().empty()) folder = folder.parent_path();  // "DIR/" names DIR
    results.experiment = folder.filename().string();
  }

  results.disagreements.header = disagreement_columns();
  const fs::path disagreements_file = dir / "disagreements.csv";
  if (fs::exists(disagreements_file)) {
    const core::CsvTable d = core::read_csv(disagreements_file.string());
    if (d.header != disagreement_columns())
      throw InputError(d.file, 1, 0, "not a fleetopt disagreements file: expected the header " +
                                         joined(disagreement_columns()));
    for (const core::CsvRecord& record : d.rows) results.disagreements.rows.push_back(record.fields);
  }
  return results;
}

}  // namespace fleetopt::app
