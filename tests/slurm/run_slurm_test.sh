#!/usr/bin/env bash
# The Slurm test of issue 10 (ctest label "slurm"): starts a real single-node Slurm on this machine
# (munged, slurmctld and slurmd on localhost from Debian's munge and slurm-wlm packages, with their
# own config, ports and state under WORK_DIR), runs a small experiment grid as a 4-task job array
# through experiments/slurm/submit.sh, and checks that the merged results equal a single-process
# run of the same grid, cell by cell. Everything it started is stopped on exit.
#
#   bash tests/slurm/run_slurm_test.sh FLEETOPT_BINARY SOURCE_DIR WORK_DIR
#
# Needs root (the daemons run as root here). Exit 77 (skipped) when the packages are missing,
# unless FLEETOPT_REQUIRE_SLURM=1 (CI), where that is a failure.
set -euo pipefail
fleetopt="$(realpath "$1")"
source_dir="$(realpath "$2")"
work="$(realpath -m "$3")"

skip() {
  if [[ "${FLEETOPT_REQUIRE_SLURM:-0}" == 1 ]]; then echo "slurm test: $1 (required in CI)" >&2; exit 1; fi
  echo "slurm test skipped: $1" >&2
  exit 77
}
for tool in munged slurmctld slurmd sbatch scontrol pgrep; do
  command -v "$tool" >/dev/null || skip "$tool is not installed (apt-get install -y slurm-wlm munge procps)"
done
[[ "$(id -u)" == 0 ]] || skip "needs root to start the Slurm daemons"
[[ -r /etc/munge/munge.key ]] || skip "no /etc/munge/munge.key"

rm -rf "$work"
mkdir -p "$work"/{state,spool,log}
started_munge=0
cleanup() {
  for pidfile in "$work/slurmd.pid" "$work/slurmctld.pid"; do
    [[ -f "$pidfile" ]] && kill "$(cat "$pidfile")" 2>/dev/null || true
  done
  sleep 1
  if ((started_munge)); then pkill -x munged 2>/dev/null || true; fi
}
trap cleanup EXIT

# munge: the Slurm daemons authenticate through it.
if ! pgrep -x munged >/dev/null; then
  mkdir -p /run/munge && chown munge:munge /run/munge
  runuser -u munge -- /usr/sbin/munged
  started_munge=1
fi
munge -n | unmunge >/dev/null || skip "munge does not work here"

# Ports from the process id, away from Slurm's defaults (6817/6818), so a real Slurm is untouched.
ctld_port=$((20000 + ($$ % 10000) * 2))
host="$(hostname -s)"
cat > "$work/slurm.conf" <<CONF
ClusterName=fleetopt-test
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$((ctld_port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/builtin
NodeName=$host NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$work/slurm.conf"
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
for _ in $(seq 60); do
  sinfo -h -o %T 2>/dev/null | grep -qE "idle|mixed" && break
  sleep 1
done
sinfo -h -o %T | grep -qE "idle|mixed" || { cat "$work/log/"*.log >&2; echo "slurm test: the node never came up" >&2; exit 1; }

# The grid: 8 small fleets, uncoupled and capped, solved by fleetopt.
cat > "$work/grid.toml" <<'TOML'
name = "slurm-test"
[solvers]
names = "fleetopt"
time_limit = 60
gap = 1e-6
[[generate]]
assets = [1, 2]
markets = 3
steps = [6, 12]
seeds = [0, 1]
cap_fraction = [0.0, 0.5]
TOML

FLEETOPT="$fleetopt" FLEETOPT_SLURM_WAIT=1 bash "$source_dir/experiments/slurm/submit.sh" \
  "$work/grid.toml" "$work/cluster" 4
[[ -f "$work/cluster/merged/results.csv" ]] || {
  cat "$work/cluster/logs/"*.log >&2 || true
  echo "slurm test: no merged results" >&2
  exit 1
}
"$fleetopt" experiment "$work/grid.toml" --out "$work/single" --jobs 2 >/dev/null

# Cell by cell: the same cells, statuses, objectives, bounds, node counts and checks.
python3 - "$work/cluster/merged/results.csv" "$work/single/results.csv" <<'PY'
import csv, sys
def rows(path):
    with open(path, newline="") as f:
        return {r["cell"]: r for r in csv.DictReader(f)}
merged, single = rows(sys.argv[1]), rows(sys.argv[2])
assert len(single) == 16, f"the single run has {len(single)} cells, expected 16"
assert set(merged) == set(single), f"cells differ: {sorted(set(merged) ^ set(single))}"
for cell, r in single.items():
    for key in ("status", "objective", "best_bound", "nodes", "check"):
        assert merged[cell][key] == r[key], f"{cell}: {key} {merged[cell][key]!r} (cluster) != {r[key]!r} (single)"
    assert r["check"] == "passed", f"{cell}: check {r['check']}"
print(f"slurm test: {len(single)} cells, the 4-task array merged equals the single run")
PY
