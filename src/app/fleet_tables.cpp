#include "fleet_tables.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "text_table.hpp"

namespace fleetopt::app {

namespace {

// Prints the table, then a line saying how many rows were left out (if any).
void print_limited(const TextTable& table, int rows_left_out, std::ostream& out) {
  table.print(out);
  if (rows_left_out > 0) out << "... " << rows_left_out << " more rows (all of them are in the result folder)\n";
}

}  // namespace

void print_instance(const fleet::Instance& in, std::ostream& out, const TableLimits& limits) {
  out << "Instance " << in.name << ": " << in.num_assets() << " assets, " << in.num_markets()
      << " markets, " << in.num_steps() << " steps of " << in.step_hours << " h\n\n";
  TextTable markets({"market", "direction", "settlement"});
  for (const auto& m : in.markets) markets.add_row({m.name, fleet::to_string(m.direction), fleet::to_string(m.settlement)});
  markets.print(out);

  out << "\nPrequalified power (MW)\n";
  std::vector<std::string> header{"asset"};
  for (const auto& m : in.markets) header.push_back(m.name);
  TextTable q(header);
  const int assets_shown = std::min(in.num_assets(), limits.max_rows);
  for (int a = 0; a < assets_shown; ++a) {
    std::vector<std::string> row{in.assets[a].name};
    for (double v : in.assets[a].prequalified_mw) row.push_back(fixed(v, 1));
    q.add_row(row);
  }
  print_limited(q, in.num_assets() - assets_shown, out);

  out << "\nPrices (EUR/MWh)\n";
  header[0] = "time";
  TextTable prices(header);
  const int steps_shown = std::min(in.num_steps(), limits.max_rows);
  for (int t = 0; t < steps_shown; ++t) {
    std::vector<std::string> row{in.time_labels[t]};
    for (int m = 0; m < in.num_markets(); ++m) row.push_back(fixed(in.price(t, m)));
    prices.add_row(row);
  }
  print_limited(prices, in.num_steps() - steps_shown, out);
}

void print_schedule(const fleet::Instance& in, const fleet::FleetSolution& s, std::ostream& out,
                    const TableLimits& limits) {
  out << "\nNon-zero bids (MW)\n";
  TextTable bids({"time", "market", "direction", "MW"});
  int bid_rows = 0;
  for (int t = 0; t < in.num_steps(); ++t)
    for (int m = 0; m < in.num_markets(); ++m)
      if (fixed(s.x(t, m), 3) != fixed(0.0, 3) && bid_rows++ < limits.max_rows)
        bids.add_row({in.time_labels[t], in.markets[m].name, fleet::to_string(in.markets[m].direction),
                      fixed(s.x(t, m), 3)});
  print_limited(bids, bid_rows - std::min(bid_rows, limits.max_rows), out);

  const int assets_shown = std::min(in.num_assets(), limits.max_assets);
  out << "\nState of charge at the end of each step (MWh)";
  if (assets_shown < in.num_assets()) out << ", first " << assets_shown << " of " << in.num_assets() << " assets";
  out << "\n";
  std::vector<std::string> header{"time"};
  for (int a = 0; a < assets_shown; ++a) header.push_back(in.assets[a].name);
  TextTable soc(header);
  std::vector<std::string> start{"start"};
  for (int a = 0; a < assets_shown; ++a) start.push_back(fixed(in.assets[a].soc_initial_mwh, 3));
  soc.add_row(start);
  const int steps_shown = std::min(in.num_steps(), limits.max_rows);
  for (int t = 0; t < steps_shown; ++t) {
    std::vector<std::string> row{in.time_labels[t]};
    for (int a = 0; a < assets_shown; ++a) row.push_back(fixed(s.state(a, t), 3));
    soc.add_row(row);
  }
  print_limited(soc, in.num_steps() - steps_shown, out);
}

}  // namespace fleetopt::app
