#!/usr/bin/env python3
"""Regenerates data/reference/optima.csv: the optimum of every reference instance, solved by
every reference solver (CBC, GLPK, HiGHS through SciPy) in both formulations with `fleetopt
reference`, each result verified by `fleetopt check`.

Usage: python3 experiments/make_reference_set.py [--fleetopt build/fleetopt] [--time-limit 60]

Fails (exit 1) unless, for every instance, all solvers and both formulations agree on the
status and, for solved instances, on the objective within a relative 1e-7
(core::tol::kObjectiveAgreementRelative), and every result folder passes `fleetopt check`.
Uses only the Python standard library. See docs/reference.md.
"""

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
SOLVERS = ["cbc", "glpk", "highs"]
FORMULATIONS = ["tight", "basic"]
AGREEMENT = 1e-7  # core::tol::kObjectiveAgreementRelative


def instances():
    """The reference instances as paths relative to the repository root, seed-numpy0 first."""
    out = ["data/seed-numpy0/instance.toml"]
    base = os.path.join(ROOT, "data", "reference")
    for name in sorted(os.listdir(base)):
        if os.path.isfile(os.path.join(base, name, "instance.toml")):
            out.append(f"data/reference/{name}/instance.toml")
    return out


def instance_name(path):
    return os.path.basename(os.path.dirname(path))


def run(cmd):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def relative_difference(a, b):
    return abs(a - b) / max(1.0, abs(a), abs(b))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fleetopt", default=os.path.join(ROOT, "build", "fleetopt"))
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--output", default=os.path.join(ROOT, "data", "reference", "optima.csv"))
    args = parser.parse_args()
    if not os.access(args.fleetopt, os.X_OK):
        sys.exit(f"make_reference_set.py: {args.fleetopt} is not an executable (build fleetopt first)")

    rows, failures = [], []
    with tempfile.TemporaryDirectory(prefix="fleetopt-reference-set-") as scratch:
        for path in instances():
            name = instance_name(path)
            results = {}
            for solver in SOLVERS:
                for formulation in FORMULATIONS:
                    out = os.path.join(scratch, f"{name}-{solver}-{formulation}")
                    r = run([args.fleetopt, "reference", os.path.join(ROOT, path), "--solver", solver,
                             "--formulation", formulation, "--time-limit", str(args.time_limit), "--out", out])
                    if r.returncode not in (0, 1) or not os.path.exists(os.path.join(out, "summary.json")):
                        failures.append(f"{name} {solver} {formulation}: exit {r.returncode}\n{r.stdout}")
                        continue
                    with open(os.path.join(out, "summary.json")) as f:
                        summary = json.load(f)
                    check = run([args.fleetopt, "check", os.path.join(ROOT, path), out])
                    if check.returncode != 0:
                        failures.append(f"{name} {solver} {formulation}: fleetopt check failed\n{check.stdout}")
                    results[(solver, formulation)] = summary
            statuses = {s["status"] for s in results.values()}
            if len(results) != len(SOLVERS) * len(FORMULATIONS) or len(statuses) != 1:
                failures.append(f"{name}: statuses differ or runs failed: "
                                + ", ".join(f"{k[0]}/{k[1]}={v['status']}" for k, v in results.items()))
                continue
            status = statuses.pop()
            if status not in ("optimal", "infeasible"):
                failures.append(f"{name}: status {status}, expected optimal or infeasible")
                continue
            objectives = [s["objective"] for s in results.values() if s["objective"] is not None]
            worst = 0.0
            for a in objectives:
                for b in objectives:
                    worst = max(worst, relative_difference(a, b))
            if worst >= AGREEMENT:
                failures.append(f"{name}: objectives differ by {worst:.3g} relative: "
                                + ", ".join(f"{k[0]}/{k[1]}={v['objective']!r}" for k, v in results.items()))
                continue
            row = {"instance": path, "status": status,
                   "objective": "" if status == "infeasible" else repr(results[("cbc", "tight")]["objective"]),
                   "max_relative_difference": f"{worst:.3g}"}
            for solver in SOLVERS:
                s = results[(solver, "tight")]
                row[f"{solver}_objective"] = "" if s["objective"] is None else repr(s["objective"])
                row[f"{solver}_seconds"] = f"{s['seconds']:.4f}"
                row[f"{solver}_version"] = s["solver_version"]
            rows.append(row)
            print(f"{name:34s} {status:10s} {row['objective']:>22s}  agreement {worst:.2g}")

    if failures:
        print("\n".join(failures), file=sys.stderr)
        print(f"make_reference_set.py: {len(failures)} problem(s); {args.output} not written", file=sys.stderr)
        return 1
    fields = ["instance", "status", "objective"]
    for solver in SOLVERS:
        fields += [f"{solver}_objective", f"{solver}_seconds", f"{solver}_version"]
    fields.append("max_relative_difference")
    tmp = args.output + ".tmp"
    with open(tmp, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    os.replace(tmp, args.output)
    print(f"wrote {args.output} ({len(rows)} instances)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
