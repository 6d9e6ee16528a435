#!/usr/bin/python3
"""fleetopt's MILP solver against HiGHS (scipy.optimize.milp) on generated fleets and MIPLIB 3.

Run with the Debian python (it has SciPy):  /usr/bin/python3 bench/mip_vs_highs.py [options]
It uses build/fleetopt (built with cmake if missing, or --fleetopt PATH). Fleets are named
assets x steps x markets as in the issue (`fleetopt generate` takes --assets, --markets, --steps);
a "+coupled" suffix adds a market cap and minimum bids (--cap-fraction 0.35 --min-bid 6 by
default). Each fleet is generated once (`fleetopt generate`), solved by `fleetopt solve` (its
summary.json) and exported as the same tight MILP (`fleetopt export --mps`) for HiGHS. MIPLIB 3
instances from the shared data folder are solved by `fleetopt mip --json` and by HiGHS on the
same file. Both solvers get the same time limit and their default gap (1e-4 relative for both)
unless --gap is given; HiGHS runs with its default options otherwise (presolve on).

Columns: our status, objective, best bound, gap, nodes and seconds; the same for HiGHS; the time
ratio ours/HiGHS. Gaps are computed for both the same way, |bound - objective| / max(1, |objective|)
(fleetopt's definition); seconds are each solver's own solve time (no file reading, no Python
start-up).
"""
import argparse
import gzip
import json
import math
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "solvers", "reference"))
import scipy_highs  # noqa: E402  (the reference adapter's MPS reader and HiGHS call)

# The fleet shapes of the issue: assets x steps x markets.
FLEETS = ["1x96x4", "10x96x4", "100x96x4", "10x96x4+coupled"]


def parse_fleet(label):
    shape, _, suffix = label.partition("+")
    assets, steps, markets = (int(v) for v in shape.split("x"))
    if suffix not in ("", "coupled"):
        raise SystemExit(f"unknown fleet suffix '+{suffix}' in '{label}' (only +coupled)")
    return assets, steps, markets, suffix == "coupled"


def run(command):
    return subprocess.run(command, capture_output=True, text=True)


def failure(label, text):
    """Our run gave no result: say why on stderr, "error" in the table."""
    print(f"{label}: fleetopt failed: " + text.strip().replace("\n", " ")[:300], file=sys.stderr)
    return {"status": "error"}


def ours_fleet(fleetopt, instance, out_dir, args):
    command = [fleetopt, "solve", instance, "--time-limit", str(args.time_limit), "--out", out_dir,
               "--quiet", "--threads", str(args.threads)]
    if args.gap is not None:
        command += ["--gap", str(args.gap)]
    done = run(command)
    summary = os.path.join(out_dir, "summary.json")
    if not os.path.exists(summary):
        return failure(instance, done.stderr or done.stdout)
    with open(summary, encoding="utf-8") as f:
        return json.load(f)


def ours_mps(fleetopt, path, args):
    command = [fleetopt, "mip", path, "--json", "--time-limit", str(args.time_limit)]
    if args.gap is not None:
        command += ["--gap", str(args.gap)]
    done = run(command)
    try:
        return json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        return failure(path, done.stderr or done.stdout)


def highs(path, args):
    model = scipy_highs.read_mps(path)
    out, _ = scipy_highs.solve(model, False, args.time_limit, mip_rel_gap=args.gap)
    return {"status": out["status"], "objective": out["objective"], "best_bound": out["best_bound"],
            "nodes": out["nodes"], "seconds": out["seconds"], "rows": len(model["row_lower"]),
            "cols": len(model["cost"])}


def gap(result):
    objective, bound = result.get("objective"), result.get("best_bound")
    if objective is None or bound is None or not math.isfinite(bound):
        return None
    return abs(bound - objective) / max(1.0, abs(objective))


def number(value, spec):
    return format(value, spec) if value is not None else "-"


COLUMNS = ["model", "rows", "cols", "our status", "our objective", "our bound", "our gap", "our nodes",
           "our s", "HiGHS status", "HiGHS objective", "HiGHS bound", "HiGHS gap", "HiGHS s", "ratio"]


def row(label, mine, ref):
    ratio = (mine["seconds"] / ref["seconds"]
             if mine.get("seconds") is not None and ref.get("seconds") else None)
    return [label, str(ref["rows"]), str(ref["cols"]),
            mine.get("status", "-"), number(mine.get("objective"), ".10g"), number(mine.get("best_bound"), ".10g"),
            number(gap(mine), ".1e"), number(mine.get("nodes"), "d"), number(mine.get("seconds"), ".2f"),
            ref["status"], number(ref["objective"], ".10g"), number(ref["best_bound"], ".10g"),
            number(gap(ref), ".1e"), number(ref["seconds"], ".2f"), number(ratio, ".2f")]


def print_row(cells, markdown, widths):
    if markdown:
        print("| " + " | ".join(cells) + " |", flush=True)
    else:
        print("".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths))),
              flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fleetopt", default=os.path.join(ROOT, "build", "fleetopt"))
    parser.add_argument("--fleets", default=";".join(FLEETS),
                        help="AxTxM[+coupled];... assets x steps x markets ('' for none)")
    parser.add_argument("--seed", type=int, default=0, help="generator seed of every fleet")
    parser.add_argument("--cap-fraction", type=float, default=0.35, help="cap of +coupled fleets")
    parser.add_argument("--min-bid", type=float, default=6.0, help="minimum bid (MW) of +coupled fleets")
    parser.add_argument("--no-miplib", action="store_true")
    parser.add_argument("--miplib-dir", default=os.path.join(os.environ.get(
        "FLEETOPT_SHARED_DATA", os.path.join(ROOT, "..", "shared", "data")), "miplib3"))
    parser.add_argument("--time-limit", type=float, default=120.0, help="seconds per solve, both solvers")
    parser.add_argument("--gap", type=float, default=None,
                        help="relative gap for both (default: each solver's default, 1e-4)")
    parser.add_argument("--threads", type=int, default=1,
                        help="threads of fleetopt solve (blocks of a decomposed fleet); default 1")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()

    if not os.path.exists(args.fleetopt):
        build = os.path.dirname(args.fleetopt)
        subprocess.run(["cmake", "-S", ROOT, "-B", build], check=True)
        subprocess.run(["cmake", "--build", build, "--target", "fleetopt", "-j2"], check=True)

    with tempfile.TemporaryDirectory(prefix="mip_vs_highs_") as tmp:
        run_all(args, tmp)


def run_all(args, tmp):
    """Generates and exports the models into `tmp`, solves each with both solvers, prints the table."""
    jobs = []  # (label, how ours runs, MPS path for HiGHS)
    for label in [s for s in args.fleets.split(";") if s]:
        assets, steps, markets, coupled = parse_fleet(label)
        name = label.replace("+", "_")
        instance_dir = os.path.join(tmp, name)
        generate = [args.fleetopt, "generate", "--assets", str(assets), "--markets", str(markets),
                    "--steps", str(steps), "--seed", str(args.seed), "--out", instance_dir]
        if coupled:
            generate += ["--cap-fraction", str(args.cap_fraction), "--min-bid", str(args.min_bid)]
        subprocess.run(generate, check=True, capture_output=True)
        instance = os.path.join(instance_dir, "instance.toml")
        mps = os.path.join(tmp, name + ".mps")
        subprocess.run([args.fleetopt, "export", instance, "--mps", mps], check=True, capture_output=True)
        result_dir = os.path.join(tmp, name + "-result")
        jobs.append(("fleet " + label, lambda i=instance, r=result_dir: ours_fleet(args.fleetopt, i, r, args), mps))
    if not args.no_miplib:
        table = os.path.join(args.miplib_dir, "optima.tsv")
        if os.path.exists(table):
            for line in open(table, encoding="utf-8").read().splitlines()[1:]:
                name = line.split("\t")[0]
                packed = os.path.join(args.miplib_dir, name + ".mps.gz")
                # HiGHS's reader takes plain text: an uncompressed copy in the temporary folder.
                mps = os.path.join(tmp, name + ".mps")
                with gzip.open(packed, "rb") as src, open(mps, "wb") as dst:
                    dst.write(src.read())
                jobs.append((name, lambda p=packed: ours_mps(args.fleetopt, p, args), mps))
        else:
            print(f"(no MIPLIB 3 data at {args.miplib_dir}: skipped)", file=sys.stderr)

    widths = [20, 7, 7, 13, 16, 16, 9, 10, 9, 14, 16, 16, 10, 9, 7]
    print_row(COLUMNS, args.markdown, widths)
    if args.markdown:
        print("|" + "|".join(["---"] + ["---:"] * (len(COLUMNS) - 1)) + "|")
    else:
        print("-" * sum(widths))
    for label, solve_ours, mps in jobs:
        mine = solve_ours()
        ref = highs(mps, args)
        print_row(row(label, mine, ref), args.markdown, widths)


if __name__ == "__main__":
    sys.exit(main())
