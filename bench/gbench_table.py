#!/usr/bin/env python3
"""Turns Google Benchmark JSON output into the Markdown tables of bench/README.md.

Usage: python3 bench/gbench_table.py RESULT.json [RESULT.json ...]
       (from e.g. build/bench/bench_scaling --benchmark_out=scaling.json --benchmark_out_format=json)

One table per benchmark family (the part of the name before the first "/"), one row per run:
its arguments (assets:10/steps:96 -> columns assets and steps), the real time in the run's unit,
and every user counter (rows, nodes, lp_iterations, objective, ...). Aggregates (mean, median,
stddev of --benchmark_repetitions) are shown instead of the single runs when present. Where a
family varies one argument with the others fixed, the line under the table gives the fitted
exponent of time against it (least squares on log time against log argument), the number the
scaling experiments report. Plain Python 3, no packages. Exit code 2 for a file that is not
Google Benchmark JSON.
"""
import json
import math
import sys
from collections import OrderedDict


def load(path):
    try:
        with open(path) as f:
            data = json.load(f)
        return data["benchmarks"], data.get("context", {})
    except (OSError, ValueError, KeyError) as e:
        sys.exit(f"gbench_table.py: {path}: not Google Benchmark JSON output ({e})")


def parse_name(name):
    """"branch_and_bound/assets:10/steps:96/iterations:1" -> ("branch_and_bound", {"assets": "10", ...})."""
    parts = name.split("/")
    args = OrderedDict()
    for p in parts[1:]:
        key, sep, value = p.partition(":")
        if sep and key not in ("iterations", "repeats", "min_time", "real_time", "process_time"):
            args[key] = value
    return parts[0], args


def fmt(v):
    if isinstance(v, float):
        if v == 0 or 1e-3 <= abs(v) < 1e7:
            return f"{v:,.3f}".rstrip("0").rstrip(".") if abs(v) < 1000 else f"{v:,.0f}"
        return f"{v:.3e}"
    return str(v)


def exponent(points):
    """Least-squares slope of log(time) on log(size) over points with size, time > 0."""
    pts = [(math.log(x), math.log(t)) for x, t in points if x > 0 and t > 0]
    if len(pts) < 2:
        return None
    mx = sum(p[0] for p in pts) / len(pts)
    my = sum(p[1] for p in pts) / len(pts)
    sxx = sum((p[0] - mx) ** 2 for p in pts)
    if sxx == 0:
        return None
    return sum((p[0] - mx) * (p[1] - my) for p in pts) / sxx


def main(paths):
    if not paths:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    families = OrderedDict()
    for path in paths:
        runs, context = load(path)
        aggregated = any(r.get("run_type") == "aggregate" for r in runs)
        for r in runs:
            if aggregated and r.get("aggregate_name") not in (None, "median"):
                continue
            if aggregated and r.get("run_type") != "aggregate":
                continue
            if r.get("error_occurred"):
                r = dict(r, real_time=float("nan"))
            family, args = parse_name(r.get("run_name", r["name"]))
            families.setdefault(family, []).append((args, r))
    skip = {"name", "run_name", "run_type", "repetitions", "repetition_index", "threads", "iterations",
            "real_time", "cpu_time", "time_unit", "family_index", "per_family_instance_index",
            "aggregate_name", "aggregate_unit", "error_occurred", "error_message"}
    for family, rows in families.items():
        arg_names = list(OrderedDict((k, None) for args, _ in rows for k in args))
        counters = list(OrderedDict((k, None) for _, r in rows for k in r if k not in skip))
        unit = rows[0][1].get("time_unit", "ns")
        print(f"### {family}\n")
        print("| " + " | ".join(arg_names + [f"time ({unit})"] + counters) + " |")
        print("|" + "---:|" * (len(arg_names) + 1 + len(counters)))
        for args, r in rows:
            cells = [args.get(a, "") for a in arg_names] + [fmt(r["real_time"])]
            cells += [fmt(r.get(c, "")) for c in counters]
            if r.get("error_occurred"):
                cells[len(arg_names)] = "error: " + r.get("error_message", "")
            print("| " + " | ".join(cells) + " |")
        # Exponents: for each argument, over the rows where every other argument is at its most
        # common value (e.g. assets at steps = 96).
        notes = []
        for a in arg_names:
            others = [o for o in arg_names if o != a]
            if not others:
                groups = {(): rows}
            else:
                groups = {}
                for args, r in rows:
                    groups.setdefault(tuple(args.get(o) for o in others), []).append((args, r))
            for key, members in groups.items():
                pts = [(float(args[a]), float(r["real_time"])) for args, r in members
                       if a in args and not r.get("error_occurred")]
                if len({x for x, _ in pts}) >= 3:
                    e = exponent(pts)
                    if e is not None:
                        fixed = ", ".join(f"{o} = {v}" for o, v in zip(others, key))
                        notes.append(f"time ~ {a}^{e:.2f}" + (f" ({fixed})" if fixed else ""))
        if notes:
            print("\nFitted: " + "; ".join(notes) + ".")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
