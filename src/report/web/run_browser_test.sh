#!/usr/bin/env bash
# Browser test of `fleetopt report` (docs/report.md): makes a synthetic instance and feasible
# result of A assets x M markets x T steps (tests/report/make_synthetic_result.py), writes its
# report with FLEETOPT_BIN, then opens it in headless chromium (browser_test.mjs), which checks
# trace counts, console errors and network requests and saves OUT_DIR/report.png.
#
#   run_browser_test.sh FLEETOPT_BIN OUT_DIR [A M T]
#
# Exit 77 (ctest SKIP_RETURN_CODE) when chromium, node or the npm packages are missing, except
# under CI (CI=true), where the setup must have installed them and their absence is a failure.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source_dir="$(cd "$here/../../.." && pwd)"
fleetopt="$1"
out="$2"
assets="${3:-3}"
markets="${4:-4}"
steps="${5:-48}"
chromium="${FLEETOPT_CHROMIUM:-/usr/bin/chromium}"

source "$here/browser_prerequisites.sh"
require_browser_tools "$here" "$chromium"

rm -rf "$out"
mkdir -p "$out"
python3 "$source_dir/tests/report/make_synthetic_result.py" "$out/data" \
  --assets "$assets" --markets "$markets" --steps "$steps"
"$fleetopt" report "$out/data/result" --instance "$out/data/instance/instance.toml" --out "$out/report.html"
node "$here/browser_test.mjs" --html "$out/report.html" --assets "$assets" --markets "$markets" \
  --screenshot "$out/report.png" --chromium "$chromium" --timeout-ms 600000
