#!/usr/bin/env bash
# Browser test of a real experiment's report: runs a ready config of experiments/ with
# `fleetopt experiment`, writes its report with `fleetopt experiment report`, and opens the page in
# headless chromium (experiment_browser_test.mjs: no console errors, no network requests, every
# expected plot drawn with its traces, the expected number of disagreements).
#
#   run_experiment_config_browser_test.sh FLEETOPT_BIN CONFIG.toml OUT_DIR EXPECT DISAGREEMENTS
#
# EXPECT is experiment_browser_test.mjs's --expect ("scaling-assets=4,profile-plot=2").
# Exit 77 (ctest SKIP_RETURN_CODE) when chromium, node or the npm packages are missing, except
# under CI (CI=true), where their absence is a failure.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
fleetopt="$1"
config="$2"
out="$3"
expect="$4"
disagreements="$5"
chromium="${FLEETOPT_CHROMIUM:-/usr/bin/chromium}"

source "$here/browser_prerequisites.sh"
require_browser_tools "$here" "$chromium"

rm -rf "$out"
mkdir -p "$out"
"$fleetopt" experiment "$config" --out "$out/experiment" --jobs 2
"$fleetopt" experiment report "$out/experiment" --out "$out/report.html"
node "$here/experiment_browser_test.mjs" --html "$out/report.html" --screenshot "$out/report.png" \
  --chromium "$chromium" --expect "$expect" --disagreements "$disagreements"
