// Reading an experiment's result folder for `fleetopt experiment report` (docs/report.md,
// "Experiment reports"): results.csv (header exactly result_columns(), numbers finite) into the
// report library's plain rows, and disagreements.csv. Kept apart from the library so that it
// never depends on the app layer's results.csv type.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "fleetopt/report/experiment_report.hpp"

namespace fleetopt::app {

struct ExperimentResults {
  std::string experiment;  // the rows' experiment name (the folder's name when there are no rows)
  std::vector<report::ExperimentCell> cells;
  report::DisagreementTable disagreements;  // empty rows when disagreements.csv is absent
};

// Throws core::InputError with file and line for a missing folder or results.csv, a wrong header,
// a bad number, a cell id that does not start with its instance id, or a disagreements.csv with a
// wrong header.
ExperimentResults read_experiment_results(const std::filesystem::path& dir);

}  // namespace fleetopt::app
