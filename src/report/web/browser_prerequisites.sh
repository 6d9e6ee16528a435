# Sourced by the run_*browser_test.sh scripts: what a browser test needs (Debian's chromium, node,
# and the npm packages playwright-core and plotly.js of this folder). Missing ones skip the test
# (exit 77, ctest's SKIP_RETURN_CODE), except under CI (CI=true), where the setup must have
# installed them and their absence is a failure.
#   require_browser_tools FOLDER_OF_THIS_FILE CHROMIUM
require_browser_tools() {
  local web="$1" chromium="$2" need
  for need in "$chromium" "$web/node_modules/playwright-core" "$web/node_modules/plotly.js-dist-min/plotly.min.js"; do
    if [[ ! -e "$need" ]]; then
      echo "SKIP: $need is missing: run scripts/setup.sh (apt-get install chromium; npm ci in src/report/web)"
      [[ "${CI:-}" == "true" ]] && exit 1
      exit 77
    fi
  done
  command -v node >/dev/null || { echo "SKIP: node is not installed"; [[ "${CI:-}" == "true" ]] && exit 1; exit 77; }
}
