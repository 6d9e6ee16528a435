// `fleetopt report RESULT_DIR [--instance INSTANCE] [--out FILE.html]`: one self-contained HTML
// page of a result folder (docs/report.md), written atomically; prints where, how big, how long.
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>

#include "command.hpp"
#include "fleetopt/report/report.hpp"

namespace fleetopt::app {
namespace {

struct ReportOptions {
  std::string result_dir;
  std::string instance;
  std::string out;  // empty: RESULT_DIR/report.html
};

int run_report(const ReportOptions& options) {
  const std::filesystem::path result_dir = options.result_dir;
  const std::filesystem::path out = options.out.empty() ? result_dir / "report.html" : std::filesystem::path(options.out);
  std::optional<std::filesystem::path> instance;
  if (!options.instance.empty()) instance = options.instance;
  const report::ReportStats stats = report::write_report(result_dir, instance, out);
  char size[32];
  std::snprintf(size, sizeof size, "%.2f MB", static_cast<double>(stats.bytes) / 1e6);
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.2f s", stats.seconds);
  std::cout << "Wrote " << stats.out.string() << " (" << size << ") in " << seconds << "; plotly.js from "
            << report::locate_plotly_js().string() << "\n";
  return kExitOk;
}

CommandRunner setup_report(CLI::App& command) {
  auto options = std::make_shared<ReportOptions>();
  command.add_option("RESULT_DIR", options->result_dir, "Result folder (summary.json, bids.csv, dispatch.csv)")
      ->required();
  command.add_option("--instance", options->instance,
                     "Instance TOML the result solves: adds revenue, bounds, asset and market tables");
  command.add_option("--out", options->out, "Output HTML file (default: RESULT_DIR/report.html)");
  return [options] { return run_report(*options); };
}

const bool registered = register_command(
    {"report", "Write a self-contained HTML report (plots, revenue, tables) of a result folder", setup_report});

}  // namespace
}  // namespace fleetopt::app
