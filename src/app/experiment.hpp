// Experiments from a config file (docs/experiments.md): a grid of instances (generated fleets x
// seeds, instance files) times a grid of solver settings (solver, time limit, gap, formulation,
// threads). Every cell runs as its own `fleetopt solve` or `fleetopt reference` process (so a crash
// or a hang costs one cell, not the grid), is checked by the independent checker on the folder it
// wrote, and appends one row to results.csv as soon as it ends (a killed run loses only the cells
// in flight). Solvers whose checked schedule earns more than another solver's proven bound on the
// same instance are written to disagreements.csv.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "fleetopt/fleet/generator.hpp"
#include "fleetopt/fleet/instance.hpp"

namespace fleetopt::app {

struct SolverSettings {
  std::string solver;  // fleetopt, highs, cbc, glpk
  double time_limit = 60.0;
  double gap = 1e-4;  // fleetopt's relative gap; the reference solvers use their own default
  std::string formulation = "hull";
  int threads = 1;  // fleetopt's threads; a reference solver counts as 1
  std::string label() const;  // "fleetopt-tl60-gap0.0001-hull-t1"
};

struct InstanceSpec {
  std::string id;  // unique in the experiment, a folder name
  bool generated = false;
  fleet::GeneratorOptions generator;   // when generated
  // A window of real 2021 prices (import-prices, docs/real-prices.md): the instance itself, built
  // when the config is read, and what its ATTRIBUTION.md and instance.toml header say.
  std::optional<fleet::Instance> real_prices;
  std::string attribution;
  std::filesystem::path path;          // instance.toml of an [[instance]] (absolute)
  int assets = 0, markets = 0, steps = 0;
  std::optional<std::uint64_t> seed;   // generated only
};

struct Cell {
  std::string id;  // "<instance id>/<settings label>"
  int instance = 0;
  SolverSettings settings;
};

struct ExperimentConfig {
  std::string name;
  std::string description;
  std::filesystem::path file;
  std::vector<InstanceSpec> instances;
  std::vector<SolverSettings> settings;
  // Cells in a fixed order (instances outer, settings inner): shards and resumes rely on it.
  std::vector<Cell> cells() const;
  // Identifies the grid (name and cell ids): results of another config are refused.
  std::string hash() const;
};

// Reads and validates a config. Throws core::InputError (file, line, what was expected) for an
// unknown key, a wrong type, an empty grid, an unknown solver or a missing instance file.
ExperimentConfig read_experiment_config(const std::filesystem::path& file);

struct RunOptions {
  std::filesystem::path out;
  int jobs = 0;                  // 0: all cores
  int shard_index = 1, shard_count = 1;
  bool resume = false;
  bool progress_bar = false;     // a terminal: one updating line; otherwise a line per cell
  std::filesystem::path fleetopt_binary;  // what runs the cells
};

// One row of results.csv.
struct ResultRow {
  std::vector<std::string> fields;  // in kResultColumns order
  const std::string& get(const std::string& column) const;
};
const std::vector<std::string>& result_columns();

struct RunSummary {
  int cells_in_shard = 0, skipped = 0, run = 0, failed_checks = 0, crashed_or_timed_out = 0;
  int disagreements = 0;
};

// Runs the shard's cells not yet in results.csv. Throws core::InputError for a result folder that
// belongs to another config, or an existing folder without --resume.
RunSummary run_experiment(const ExperimentConfig& config, const RunOptions& options);

// Combines result folders of the same config into `out` (results.csv, experiment.json,
// disagreements.csv). Throws core::InputError for folders of different configs or a cell that
// appears twice. Returns the number of disagreements.
int merge_experiments(const std::vector<std::filesystem::path>& dirs, const std::filesystem::path& out);

}  // namespace fleetopt::app
