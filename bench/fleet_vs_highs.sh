#!/bin/sh
# Thin wrapper: the benchmark itself is bench/fleet_vs_highs.py, run with the Debian python3 that
# has SciPy (the python3 on PATH may not). Arguments are passed through (see --help).
exec /usr/bin/python3 "$(dirname "$0")/fleet_vs_highs.py" "$@"
