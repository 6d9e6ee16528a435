#!/usr/bin/env bash
# One-step setup on a fresh Debian 12 machine (as root): installs what is missing, builds, then
#   bash scripts/setup.sh run    solves the embedded default instance (the main job)
#   bash scripts/setup.sh test   runs the test suite (ctest, without the "long" and "slurm" labels)
#   bash scripts/setup.sh build  only installs and builds
# Environment: BUILD_DIR (default build), JOBS (default: number of cores).
set -euo pipefail
cd "$(dirname "$0")/.."
action="${1:-build}"
shift || true
BUILD_DIR="${BUILD_DIR:-build}"
JOBS="${JOBS:-$(nproc)}"

# Debian packages: build tools and libraries, reference solvers, and the browser for report tests.
packages=(build-essential cmake pkg-config git
          libeigen3-dev libsuitesparse-dev libcli11-dev catch2 libbenchmark-dev
          libtomlplusplus-dev nlohmann-json3-dev zlib1g-dev
          coinor-cbc coinor-clp glpk-utils python3-scipy chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node and npm may come from elsewhere than Debian (a newer npm conflicts with Debian's package):
# install Debian's only where the commands are missing.
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm packages pinned by their lock files (plotly for the HTML report, playwright-core for its
# browser test).
for dir in src/report/web; do
  if [[ -f "$dir/package-lock.json" && ! -d "$dir/node_modules" ]]; then
    echo "setup: npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done

cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD_DIR" -j "$JOBS"

case "$action" in
  run) exec "$BUILD_DIR/fleetopt" demo "$@" ;;
  test) cd "$BUILD_DIR" && exec ctest --output-on-failure -j "$JOBS" -LE "long|slurm" "$@" ;;
  build) ;;
  *) echo "usage: bash scripts/setup.sh [run|test|build]" >&2; exit 2 ;;
esac
