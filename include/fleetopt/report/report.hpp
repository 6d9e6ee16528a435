// The HTML report of a result folder (`fleetopt report`, docs/report.md): ONE self-contained page
// with plotly.js inlined, the solve summary, a "State of charge" figure (one line per asset, the
// asset's soc_min/soc_max as dashed bounds when the instance is given), a "Bids" figure (one line
// per market; up markets above the axis, down markets below), revenue by market and by asset and
// tables of assets and markets (those need the instance).
//
// Revenue follows docs/model.md section 3: market m earns sum_t s[m] * pi[t,m] * dt * x[t,m];
// asset a earns its share sum_t sum_m s[m] * pi[t,m] * dt * p[a,t,m], less its cycling cost
// kappa[a] * dt * sum_t sum_{m in U} p[a,t,m]. For a feasible schedule (x = sum_a p) the asset
// totals add up to the objective.
//
// The schedule is embedded once as JSON in <script type="application/json" id="fleetopt-data">,
// numbers rounded to kEmbeddedDecimals; the page's own script (src/report/web/report.js) draws
// everything from it with WebGL traces, so 100 assets x 8,760 steps stay responsive.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fleetopt/fleet/instance.hpp"
#include "fleetopt/fleet/solution.hpp"

namespace fleetopt::report {

// MW, MWh and EUR values in the page are rounded to this many decimals: 0.1 kW / 0.1 kWh is far
// below what a plot or a table shows, and short numbers keep a 100 x 8,760 page near 10 MB.
inline constexpr int kEmbeddedDecimals = 4;
// Assets whose state-of-charge line is shown when the page opens (the selector shows the rest):
// ten lines stay readable, a hundred do not.
inline constexpr int kDefaultVisibleAssets = 10;

// Where plotly.min.js is read from: $FLEETOPT_PLOTLY_JS if set; else <prefix>/share/fleetopt/
// plotly.min.js for an installed binary at <prefix>/bin (cmake --install, the Debian package);
// else the npm folder of the source tree the binary was built from
// (src/report/web/node_modules/plotly.js-dist-min/plotly.min.js). Throws core::InputError naming
// the path and what to do if none exists.
inline constexpr const char* kInstalledPlotlyJs = "share/fleetopt/plotly.min.js";
std::filesystem::path locate_plotly_js();

// Unix time in milliseconds of an ISO 8601 label: YYYY-MM-DD, optionally followed by 'T' or ' '
// and hh:mm[:ss[.fff...]], optionally followed by 'Z' or +hh:mm / -hh:mm / +hhmm. A label without a
// zone is taken as UTC. nullopt if the label is not of this form or names an impossible date.
std::optional<std::int64_t> iso8601_to_unix_ms(const std::string& label);

struct Revenue {
  std::vector<double> by_market;            // sum_t s[m] pi[t,m] dt x[t,m]        (EUR)
  std::vector<double> by_asset_gross;       // sum_t sum_m s[m] pi[t,m] dt p[a,t,m] (EUR)
  std::vector<double> by_asset_cycle_cost;  // kappa[a] dt sum_t sum_{m in U} p[a,t,m] (EUR)
  std::vector<double> by_asset_net;         // gross - cycle cost                  (EUR)
  std::vector<std::vector<double>> by_asset_market;  // [a][m]: asset a's share of market m (EUR)
  double markets_total = 0.0;  // sum of by_market
  double assets_net_total = 0.0;  // sum of by_asset_net: the objective for a feasible schedule
};

// `schedule` must be in the instance's market and asset order (fleet::align_to_instance).
Revenue compute_revenue(const fleet::Instance& instance, const fleet::FleetSolution& schedule);

// Everything the page draws, as the JSON object embedded in it (layout in docs/report.md).
// `instance` may be null: the page then shows only what the result folder gives and says so.
nlohmann::ordered_json report_data(const fleet::ResultFolder& result, const fleet::Instance* instance);

// The complete page: the template with plotly.js source, page script, style and data inlined.
std::string render_report_html(const nlohmann::ordered_json& data, const std::string& plotly_js_source);

// Reads the JSON embedded by render_report_html back out of a page (for tests and tools).
// Throws std::runtime_error if the page has no data block.
nlohmann::json extract_report_data(const std::string& html);

struct ReportStats {
  std::filesystem::path out;
  std::uintmax_t bytes = 0;
  double seconds = 0.0;  // reading inputs, building and writing the page
};

// Reads the result folder (and the instance, if given), renders the page and writes it
// atomically to `out`. Input problems throw core::InputError; nothing is written then.
ReportStats write_report(const std::filesystem::path& result_dir,
                         const std::optional<std::filesystem::path>& instance_path,
                         const std::filesystem::path& out);

}  // namespace fleetopt::report
