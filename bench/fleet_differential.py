#!/usr/bin/python3
"""Differential test of `fleetopt solve` against HiGHS on mid-size generated fleets.

Run with the Debian python (the HiGHS reference needs SciPy):

    /usr/bin/python3 bench/fleet_differential.py [--fleetopt build/fleetopt] [--cases 0-99]
        [--time-limit 120] [--jobs 1] [--keep DIR]
    python3 bench/fleet_differential.py --self-test    # the verdicts on hand-made summaries

The ctest differential (tests/reference/test_differential.cpp) draws 1,200 small fleets (1-3
assets, 3-12 steps), where trees are shallow. This script draws coupled fleets of 2-8 assets,
2-6 markets and 6-24 steps (caps of 0.2-0.7 of the prequalified power in three cases of four,
minimum bids of 1-8 MW in two of four, both in one), solved as one model, where the root cuts,
conflicts, dual steps, the LPs solved ahead and the sub-MIP heuristics all act and trees reach
thousands of nodes. The generator makes feasible fleets: infeasibility is the ctest
differential's part. Case k is drawn from its own
`random.Random` seed (nothing depends on the clock): the generator options (heterogeneous fleets,
reserve markets, daily prices, negative spikes, half-hour steps), the formulation (hull, tight or
basic), the number of threads and a random set of switched-off plug-ins and other branching
rules and cut sets. Each fleet is solved by `fleetopt solve --gap 1e-6` and by HiGHS through
`fleetopt reference --solver highs` (the same model; SciPy's HiGHS at its default 1e-4 gap), both
with the same time limit.

Checks per case: the statuses agree on infeasibility; our proven bound is not below HiGHS's
schedule (a wrong proof), beyond 1e-6 relative (feasibility tolerances); HiGHS's bound is not
below our schedule (both also when either stopped at the time limit with a schedule); and when
both are optimal the objectives agree within 2e-4 relative (the sum of both gaps). Our schedule
passed `fleetopt check`'s independent checker inside `fleetopt solve`, or the run fails. Verdicts: agree; limit (ours stopped at the time limit: only the bounds are
compared); HiGHS limit (HiGHS not optimal: only the bounds are compared, if it has a schedule);
error (ours crashed or wrote no summary); DISAGREE.
Prints a markdown table, a summary line, and the command line that rebuilds every case that does
not simply agree. Exit code 1 on any DISAGREE or error.
"""
import argparse
import concurrent.futures
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# HiGHS stops at its default relative gap of 1e-4, ours at 1e-6: two optima may differ by the sum.
OPTIMUM_TOLERANCE = 2e-4
# A schedule may pass an exact bound by what the feasibility tolerances let through.
BOUND_TOLERANCE = 1e-6


def draw_case(k):
    """Generator options, formulation and solve flags of case k."""
    r = random.Random(1000003 * k + 17)
    gen = ["--assets", str(r.choice([2, 3, 4, 5, 6, 8])), "--markets", str(r.choice([2, 3, 4, 6])),
           "--steps", str(r.choice([6, 8, 12, 16, 24])), "--seed", str(r.randrange(10**6))]
    kind = r.randrange(4)  # 0: caps, 1: minimum bids, 2: both, 3: caps (3 in 4 coupled by caps or bids)
    if kind in (0, 2, 3):
        gen += ["--cap-fraction", str(r.choice([0.2, 0.3, 0.5, 0.7]))]
    if kind in (1, 2):
        gen += ["--min-bid", str(r.choice([1, 2, 4, 8]))]
    if r.random() < 0.5:
        gen += ["--heterogeneous"]
    if r.random() < 0.4:
        gen += ["--reserve-fraction", str(r.choice([0.3, 0.6]))]
    if r.random() < 0.3:
        gen += ["--price-shape", "daily", "--price-noise", "0.2"]
    if r.random() < 0.4:
        gen += ["--negative-spikes", str(r.choice([0.1, 0.3]))]
    if r.random() < 0.3:
        gen += ["--step-hours", "0.5"]
    formulation = r.choice(["hull", "hull", "hull", "tight", "basic"])
    flags = [f for f in ["--no-conflicts", "--no-propagation", "--no-dual-steps", "--no-lps-ahead", "--no-rins",
                         "--no-window-search", "--no-net-flow", "--no-flow-rounding", "--no-mode-repair",
                         "--parallel-strong-branching"] if r.random() < 0.15]
    if r.random() < 0.2:
        flags += ["--branching", r.choice(["pseudocost", "strong", "most-fractional", "flow"])]
    if r.random() < 0.2:
        flags += ["--cuts", r.choice(["none", "gomory", "cmir"])]
    flags += ["--threads", r.choice(["1", "2"])]
    return gen, formulation, flags


def load_summary(folder):
    try:
        with open(os.path.join(folder, "summary.json")) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def judge(ours, highs, our_exit):
    """(verdict, note) for one case."""
    if ours is None:
        return "error", "ours wrote no summary (exit code %d)" % our_exit
    if highs is None or highs.get("status") not in ("optimal", "infeasible", "feasible"):
        return "HiGHS limit", "HiGHS: %s" % (highs or {}).get("status", "no summary")
    if "infeasible" in (ours["status"], highs["status"]):
        if ours["status"] != highs["status"]:
            return "DISAGREE", "status: ours %s, HiGHS %s" % (ours["status"], highs["status"])
        return "agree", ""
    scale = max(1.0, abs(highs["objective"]))
    notes = []
    bound = ours.get("best_bound")
    if bound is not None and bound < highs["objective"] - BOUND_TOLERANCE * scale:
        notes.append("our bound %.9g cuts off HiGHS's schedule %.9g" % (bound, highs["objective"]))
    objective = ours.get("objective")
    highs_bound = highs.get("best_bound")
    if objective is not None and highs_bound is not None and objective > highs_bound + BOUND_TOLERANCE * scale:
        notes.append("our schedule %.9g beats HiGHS's bound %.9g" % (objective, highs_bound))
    # Two optima only: a HiGHS schedule at its time limit may be worse than our proven optimum
    # (its bound is checked above).
    if ours["status"] == "optimal" and highs["status"] == "optimal" and objective is not None and \
            abs(objective - highs["objective"]) > OPTIMUM_TOLERANCE * scale:
        notes.append("optimum: ours %.9g, HiGHS %.9g" % (objective, highs["objective"]))
    if notes:
        return "DISAGREE", "; ".join(notes)
    if highs["status"] != "optimal":
        return "HiGHS limit", "HiGHS %s at %.9g (bound %s); bounds checked" % (
            highs["status"], highs["objective"], highs_bound)
    if ours["status"] != "optimal":
        return "limit", "ours %s, gap %.3g" % (ours["status"], ours.get("gap") or float("nan"))
    return "agree", ""


def run_case(k, args, work):
    gen, formulation, flags = draw_case(k)
    folder = os.path.join(work, "case%d" % k)
    shutil.rmtree(folder, ignore_errors=True)
    subprocess.run([args.fleetopt, "generate", *gen, "--out", folder], check=True, capture_output=True)
    instance = os.path.join(folder, "instance.toml")
    limit = str(args.time_limit)
    subprocess.run([args.fleetopt, "reference", instance, "--solver", "highs", "--formulation", formulation,
                    "--time-limit", limit, "--out", os.path.join(folder, "highs")], capture_output=True)
    ours_run = subprocess.run([args.fleetopt, "solve", instance, "--formulation", formulation, "--gap", "1e-6",
                               "--time-limit", limit, "--quiet", *flags, "--out", os.path.join(folder, "ours")],
                              capture_output=True)
    ours = load_summary(os.path.join(folder, "ours"))
    highs = load_summary(os.path.join(folder, "highs"))
    verdict, note = judge(ours, highs, ours_run.returncode)
    # Exit codes (docs/fleet-solve.md): 0 a checked schedule, 1 infeasible (or a failed check), 4 no
    # schedule before a limit; anything else, or 1 without "infeasible", is an error.
    expected_exit = (1,) if ours is not None and ours["status"] == "infeasible" else (0, 4)
    if ours is not None and ours_run.returncode not in expected_exit and verdict in ("agree", "limit"):
        verdict, note = "error", "exit code %d" % ours_run.returncode
    command = "fleetopt generate %s --out DIR; fleetopt solve DIR/instance.toml --formulation %s %s" % (
        " ".join(gen), formulation, " ".join(flags))
    return {"case": k, "verdict": verdict, "note": note, "command": command,
            "shape": "%sx%sx%s" % (gen[1], gen[5], gen[3]), "formulation": formulation,
            "ours": ours, "highs": highs}


def self_test():
    """Checks judge() on hand-made summaries (a maximised fleet); returns the failures."""
    def summary(status, objective=None, bound=None):
        return {"status": status, "objective": objective, "best_bound": bound}
    cases = [
        # (ours, HiGHS, expected verdict, what it shows)
        (summary("optimal", 100.0, 100.015), summary("optimal", 100.01, 100.01), "agree",
         "two optima within 2e-4"),
        (summary("optimal", 100.0, 100.0), summary("optimal", 99.0, 99.0), "DISAGREE",
         "two optima 1% apart"),
        (summary("optimal", 47373.87, 47373.92), summary("feasible", 47218.17, 47716.44), "HiGHS limit",
         "case 262: our optimum against HiGHS's schedule at its limit"),
        (summary("optimal", 100.0, 100.0), summary("feasible", 99.0, 99.5), "DISAGREE",
         "our schedule above HiGHS's bound"),
        (summary("optimal", 100.0, 100.0), summary("feasible", 101.0, 102.0), "DISAGREE",
         "HiGHS's schedule above our bound"),
        (summary("feasible", 99.0, 101.0), summary("optimal", 100.0, 100.0), "limit",
         "ours at its limit, bounds consistent"),
        (summary("infeasible"), summary("optimal", 5.0, 5.0), "DISAGREE", "infeasible against optimal"),
        (summary("infeasible"), summary("infeasible"), "agree", "both infeasible"),
        (None, summary("optimal", 5.0, 5.0), "error", "ours wrote nothing"),
    ]
    failures = []
    for ours, highs, expected, what in cases:
        verdict, note = judge(ours, highs, 0)
        if verdict != expected:
            failures.append("%s: expected %s, got %s (%s)" % (what, expected, verdict, note))
    return failures


def fmt(summary, key, pattern):
    if summary is None or summary.get(key) is None:
        return "-"
    return pattern % summary[key]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fleetopt", default=os.path.join(ROOT, "build", "fleetopt"))
    parser.add_argument("--cases", default="0-99", help="case indices, FIRST-LAST (default 0-99)")
    parser.add_argument("--time-limit", type=float, default=120.0, help="seconds per solve, both solvers")
    parser.add_argument("--jobs", type=int, default=1, help="cases solved at once (default 1)")
    parser.add_argument("--keep", metavar="DIR", help="keep every case's instance and result folders in DIR")
    parser.add_argument("--self-test", action="store_true",
                        help="check the verdicts on hand-made summaries and exit (no solver needed)")
    args = parser.parse_args()
    if args.self_test:
        failures = self_test()
        for failure in failures:
            print("self-test failed: " + failure, file=sys.stderr)
        print("self-test: %s" % ("failed" if failures else "passed"))
        return 1 if failures else 0
    try:
        first, last = (int(v) for v in args.cases.split("-"))
    except ValueError:
        parser.error("--cases: expected FIRST-LAST, got '%s'" % args.cases)
    if first < 0 or last < first:
        parser.error("--cases: expected 0 <= FIRST <= LAST")
    if not os.access(args.fleetopt, os.X_OK):
        parser.error("no fleetopt binary at %s (build first, or pass --fleetopt)" % args.fleetopt)

    work = args.keep or tempfile.mkdtemp(prefix="fleet_differential_")
    os.makedirs(work, exist_ok=True)
    results = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [pool.submit(run_case, k, args, work) for k in range(first, last + 1)]
        for future in concurrent.futures.as_completed(futures):
            row = future.result()
            results.append(row)
            print("case %d: %s %s" % (row["case"], row["verdict"], row["note"]), file=sys.stderr, flush=True)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    results.sort(key=lambda row: row["case"])

    print("| case | shape | formulation | verdict | ours: status, objective, bound, s | HiGHS: objective, s |")
    print("|---:|---|---|---|---|---|")
    for row in results:
        o, h = row["ours"], row["highs"]
        print("| %d | %s | %s | %s | %s, %s, %s, %s | %s, %s |" % (
            row["case"], row["shape"], row["formulation"], row["verdict"], fmt(o, "status", "%s"),
            fmt(o, "objective", "%.2f"), fmt(o, "best_bound", "%.2f"), fmt(o, "seconds", "%.1f"),
            fmt(h, "objective", "%.2f"), fmt(h, "seconds", "%.1f")))
    counts = {}
    for row in results:
        counts[row["verdict"]] = counts.get(row["verdict"], 0) + 1
    print("\n%d cases: %s" % (len(results), ", ".join("%s %d" % kv for kv in sorted(counts.items()))))
    for row in results:
        if row["verdict"] != "agree":
            print("- case %d (%s): %s\n  `%s`" % (row["case"], row["verdict"], row["note"], row["command"]))
    return 1 if any(row["verdict"] in ("DISAGREE", "error") for row in results) else 0


if __name__ == "__main__":
    sys.exit(main())
