// `fleetopt experiment CONFIG.toml [--out DIR] [--jobs J] [--shard K/N] [--resume]` runs an
// experiment grid (experiment.hpp, docs/experiments.md); `fleetopt experiment merge DIR...
// --out DIR` combines shards' result folders; `fleetopt experiment report DIR [--out FILE.html]`
// analyses one (docs/report.md, "Experiment reports"): DIR/report.html and DIR/report.md.
//
// Exit codes: 0 every cell ran and every schedule passed the check; 1 a check failed or two
// solvers disagree (disagreements.csv); 2 bad config or usage (nothing run); 3 internal error.
// Cells that crashed or timed out are recorded as such and do not change the exit code.
// `experiment report`: 0 written; 2 bad input (missing folder, malformed results.csv), nothing
// written then.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

#include "command.hpp"
#include "experiment.hpp"
#include "experiment_report_input.hpp"
#include "fleetopt/core/errors.hpp"
#include "fleetopt/core/output_dir.hpp"
#include "fleetopt/core/text_file.hpp"
#include "fleetopt/report/experiment_report.hpp"
#include "fleetopt/report/report.hpp"

namespace fleetopt::app {
namespace {

namespace fs = std::filesystem;

struct ExperimentOptions {
  std::string config;
  std::string out;
  int jobs = 0;
  std::string shard = "1/1";
  bool resume = false;
  bool dry_run = false;
  std::vector<std::string> merge_dirs;
  std::string merge_out;
  std::string report_dir;
  std::string report_out;  // default report_dir/report.html
};

void parse_shard(const std::string& text, int& index, int& count) {
  const size_t slash = text.find('/');
  try {
    if (slash == std::string::npos) throw std::invalid_argument("no slash");
    size_t used = 0;
    index = std::stoi(text.substr(0, slash), &used);
    if (used != slash) throw std::invalid_argument("index");
    count = std::stoi(text.substr(slash + 1), &used);
    if (used != text.size() - slash - 1) throw std::invalid_argument("count");
  } catch (const std::exception&) {
    throw core::InputError("--shard", "expected K/N (the K-th of N parts, 1 <= K <= N), got '" + text + "'");
  }
  if (count < 1 || index < 1 || index > count)
    throw core::InputError("--shard", "expected K/N with 1 <= K <= N, got '" + text + "'");
}

fs::path own_binary() {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (ec) throw std::runtime_error("cannot find the fleetopt binary (/proc/self/exe): " + ec.message());
  return self;
}

int run(const ExperimentOptions& o) {
  const ExperimentConfig config = read_experiment_config(o.config);
  RunOptions run_options;
  run_options.out = o.out.empty() ? fs::path("experiment-" + config.name) : fs::path(o.out);
  run_options.jobs = o.jobs;
  parse_shard(o.shard, run_options.shard_index, run_options.shard_count);
  run_options.resume = o.resume;
  run_options.progress_bar = isatty(STDERR_FILENO) != 0;
  run_options.fleetopt_binary = own_binary();
  const size_t cells = config.cells().size();
  std::cout << "Experiment " << config.name << ": " << config.instances.size() << " instances x "
            << config.settings.size() << " solver settings = " << cells << " cells";
  if (run_options.shard_count > 1) std::cout << ", shard " << o.shard;
  if (o.dry_run) {
    // The config is valid (read_experiment_config refused anything else): list the shard's cells.
    std::cout << "; dry run, nothing is solved or written\n";
    const std::vector<Cell> all = config.cells();
    for (size_t i = 0; i < all.size(); ++i)
      if (static_cast<int>(i) % run_options.shard_count == run_options.shard_index - 1) std::cout << "  " << all[i].id << "\n";
    return kExitOk;
  }
  std::cout << "; results in " << run_options.out.string() << "/results.csv\n";
  const RunSummary s = run_experiment(config, run_options);
  std::cout << "Ran " << s.run << " cells (" << s.skipped << " already in results.csv) of " << s.cells_in_shard
            << " in this shard; " << s.crashed_or_timed_out << " crashed or timed out, " << s.failed_checks
            << " failed the check, " << s.disagreements << " disagreements between solvers\n";
  if (s.disagreements > 0)
    std::cerr << "fleetopt: DISAGREEMENT: a checked schedule earns more than another solver's proven bound on the "
                 "same instance; see "
              << (run_options.out / "disagreements.csv").string() << "\n";
  return s.disagreements > 0 || s.failed_checks > 0 ? kExitInfeasibleOrCheckFailed : kExitOk;
}

int run_merge(const ExperimentOptions& o) {
  std::vector<fs::path> dirs(o.merge_dirs.begin(), o.merge_dirs.end());
  const int disagreements = merge_experiments(dirs, o.merge_out);
  std::cout << "Merged " << dirs.size() << " folders into " << o.merge_out << "; " << disagreements
            << " disagreements between solvers\n";
  if (disagreements > 0)
    std::cerr << "fleetopt: DISAGREEMENT: see " << (fs::path(o.merge_out) / "disagreements.csv").string() << "\n";
  return disagreements > 0 ? kExitInfeasibleOrCheckFailed : kExitOk;
}

int run_report(const ExperimentOptions& o) {
  const fs::path dir(o.report_dir);
  const fs::path html_file = o.report_out.empty() ? dir / "report.html" : fs::path(o.report_out);
  const fs::path markdown_file = dir / "report.md";
  // Every input is read and both texts are built before anything is written.
  const fs::path plotly_path = report::locate_plotly_js();
  ExperimentResults results = read_experiment_results(dir);
  const fs::path html_folder = html_file.has_parent_path() ? html_file.parent_path() : fs::path(".");
  if (!fs::is_directory(html_folder))
    throw core::InputError(html_file.string(), "the folder of the output file does not exist");
  const report::ExperimentReport analysis = report::build_experiment_report(
      results.experiment, std::move(results.cells), std::move(results.disagreements));
  const std::string html = report::render_experiment_html(report::experiment_report_data(analysis),
                                                          core::read_text_file(plotly_path, "bundled plotly.js"));
  const std::string markdown = report::render_experiment_markdown(analysis);
  core::write_file_atomically(html_file, html);
  core::write_file_atomically(markdown_file, markdown);
  std::printf("Wrote %s (%.2f MB) and %s: %zu cells, %zu solver settings, %zu scaling plots, %zu disagreements\n",
              html_file.string().c_str(), static_cast<double>(html.size()) / 1e6, markdown_file.string().c_str(),
              analysis.cells.size(), analysis.solvers.size(), analysis.scaling.size(),
              analysis.disagreements.rows.size());
  if (!analysis.disagreements.rows.empty())
    std::cerr << "fleetopt: DISAGREEMENT: see the Disagreements section of " << markdown_file.string() << "\n";
  return kExitOk;
}

CommandRunner setup_experiment(CLI::App& command) {
  auto options = std::make_shared<ExperimentOptions>();
  command.add_option("CONFIG", options->config, "Experiment config (TOML, docs/experiments.md)");
  command.add_option("--out", options->out, "Result folder (default experiment-<name>)");
  command.add_option("--jobs", options->jobs, "Cells run at once, a cell's threads counted (0 = all cores)")
      ->check(CLI::NonNegativeNumber);
  command.add_option("--shard", options->shard, "Run only the K-th of N disjoint parts of the grid: K/N");
  command.add_flag("--resume", options->resume, "Go on with an existing result folder, skipping its cells");
  command.add_flag("--dry-run", options->dry_run, "Check the config and list the cells, without running them");
  CLI::App* merge = command.add_subcommand("merge", "Combine result folders of one experiment (shards)");
  merge->add_option("DIRS", options->merge_dirs, "Result folders to combine")->required();
  merge->add_option("--out", options->merge_out, "Merged result folder")->required();
  CLI::App* report = command.add_subcommand("report", "Analyse a result folder: DIR/report.html and DIR/report.md");
  report->add_option("DIR", options->report_dir, "Experiment result folder (with results.csv)")->required();
  report->add_option("--out", options->report_out, "The HTML page (default DIR/report.html)");
  return [options, merge, report, &command]() {
    if (merge->parsed()) return run_merge(*options);
    if (report->parsed()) return run_report(*options);
    if (options->config.empty())
      throw core::InputError("experiment", "expected a config file: fleetopt experiment CONFIG.toml (or: experiment merge, experiment report)");
    return run(*options);
  };
}

const bool registered = register_command(
    {"experiment", "Run an experiment grid from a config file, or merge shards (docs/experiments.md)", setup_experiment});

}  // namespace
}  // namespace fleetopt::app
