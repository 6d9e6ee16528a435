#!/usr/bin/python3
"""fleetopt's LP solver against HiGHS (dual simplex through SciPy, presolve off) on the LP
relaxations of generated fleets and on the Netlib LPs.

Run with the Debian python (it has SciPy):  /usr/bin/python3 bench/lp_vs_highs.py [options]
It uses build/fleetopt (built with cmake if missing, or --fleetopt PATH), exports the tight
relaxations with `fleetopt export --generate A,M,T --mps F` (fleets named assets x steps x markets,
as in the LP issue; with +capped, `fleetopt generate` with caps and minimum bids, then
`fleetopt export`), solves each with `fleetopt lp --json`
and with scipy.optimize.linprog(method="highs-ds", presolve=False), and prints one table row per
model: size, our iterations and seconds, HiGHS iterations and seconds, the time ratio ours/HiGHS,
and the relative difference of the two optima. Times are solve times only (no file reading).
"""
import argparse
import gzip
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Fleets as the LP issue names them: assets x steps x markets (fleetopt's --generate takes A,M,T).
# "+capped": each market capped at half the fleet's prequalified power with 1 MW minimum bids,
# the coupled fleets of issue 8, whose LPs are far more dual degenerate (docs/lp.md section 6).
FLEETS = ["10x96x4", "50x96x4", "20x672x4", "1x8760x4", "20x96x4+capped", "40x96x4+capped"]
CAPPED_OPTIONS = ["--cap-fraction", "0.5", "--min-bid", "1"]


def load_reference_reader():
    path = os.path.join(ROOT, "solvers", "reference", "scipy_highs.py")
    spec = importlib.util.spec_from_file_location("scipy_highs", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.read_mps


def highs_relaxation(read_mps, path, time_limit):
    import numpy as np
    from scipy.optimize import linprog
    from scipy.sparse import csr_matrix, vstack

    model = read_mps(path)
    n, m = len(model["cost"]), len(model["row_lower"])
    sign = -1.0 if model["sense"] == "max" else 1.0
    c = sign * np.array(model["cost"], dtype=float)
    e = model["entries"]
    A = csr_matrix(([v[2] for v in e], ([v[0] for v in e], [v[1] for v in e])), shape=(m, n))
    lo, hi = np.array(model["row_lower"], float), np.array(model["row_upper"], float)
    eq = lo == hi
    up, dn = ~eq & np.isfinite(hi), ~eq & np.isfinite(lo)
    A_ub = vstack([A[up], -A[dn]]).tocsr() if (up.any() or dn.any()) else None
    b_ub = np.concatenate([hi[up], -lo[dn]]) if A_ub is not None else None
    options = {"presolve": False, "time_limit": time_limit}
    start = time.perf_counter()
    res = linprog(c, A_ub=A_ub, b_ub=b_ub, A_eq=A[eq] if eq.any() else None,
                  b_eq=lo[eq] if eq.any() else None,
                  bounds=list(zip(model["lower"], model["upper"])), method="highs-ds", options=options)
    seconds = time.perf_counter() - start
    objective = float(np.dot(model["cost"], res.x)) + model["constant"] if res.status == 0 else None
    return {"status": res.status, "iterations": int(res.nit), "seconds": seconds,
            "objective": objective, "rows": m, "cols": n}


def ours(fleetopt, path, time_limit):
    out = subprocess.run([fleetopt, "lp", "--json", "--time-limit", str(time_limit), path],
                         capture_output=True, text=True)
    try:
        return json.loads(out.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        return {"status": "error: " + out.stderr.strip()[:60], "iterations": 0, "seconds": 0.0,
                "objective": None}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fleetopt", default=os.path.join(ROOT, "build", "fleetopt"))
    parser.add_argument("--fleets", default=";".join(FLEETS),
                        help="AxTxM;AxTxM+capped;... assets x steps x markets, +capped for caps and minimum bids ('' for none)")
    parser.add_argument("--no-netlib", action="store_true")
    parser.add_argument("--netlib-dir", default=os.environ.get(
        "FLEETOPT_SHARED_DATA", os.path.join(ROOT, "..", "shared", "data")) + "/netlib")
    parser.add_argument("--time-limit", type=float, default=300.0)
    args = parser.parse_args()

    if not os.path.exists(args.fleetopt):
        build = os.path.dirname(args.fleetopt)
        subprocess.run(["cmake", "-S", ROOT, "-B", build], check=True)
        subprocess.run(["cmake", "--build", build, "--target", "fleetopt", "-j2"], check=True)
    read_mps = load_reference_reader()

    models = []
    tmp = tempfile.mkdtemp(prefix="lp_vs_highs_")
    for label in [s for s in args.fleets.split(";") if s]:
        shape, _, suffix = label.partition("+")
        if suffix not in ("", "capped"):
            parser.error(f"--fleets: unknown suffix '+{suffix}' in '{label}' (only +capped)")
        assets, steps, markets = shape.split("x")
        path = os.path.join(tmp, "fleet_" + label.replace("+", "_") + ".mps")
        if suffix:
            folder = os.path.join(tmp, "fleet_" + label.replace("+", "_"))
            subprocess.run([args.fleetopt, "generate", "--assets", assets, "--steps", steps, "--markets", markets,
                            *CAPPED_OPTIONS, "--out", folder], check=True, capture_output=True)
            subprocess.run([args.fleetopt, "export", folder, "--mps", path], check=True, capture_output=True)
        else:
            subprocess.run([args.fleetopt, "export", "--generate", f"{assets},{markets},{steps}", "--mps", path],
                           check=True, capture_output=True)
        models.append(("fleet " + label, path))
    if not args.no_netlib and os.path.isdir(args.netlib_dir):
        for line in open(os.path.join(args.netlib_dir, "optima.tsv")).read().splitlines()[1:]:
            name = line.split("\t")[0]
            # Plain copies: the reference reader takes uncompressed MPS only.
            path = os.path.join(tmp, name + ".mps")
            with gzip.open(os.path.join(args.netlib_dir, name + ".mps.gz"), "rb") as src, open(path, "wb") as dst:
                dst.write(src.read())
            models.append((name, path))

    header = f"{'model':<22}{'rows':>7}{'cols':>7}{'our it':>9}{'our s':>9}{'HiGHS it':>10}{'HiGHS s':>9}{'ratio':>7}  {'rel diff':>9}  status"
    print(header)
    print("-" * len(header))
    total_ours = total_highs = 0.0
    for label, path in models:
        mine = ours(args.fleetopt, path, args.time_limit)
        ref = highs_relaxation(read_mps, path, args.time_limit)
        total_ours += mine["seconds"]
        total_highs += ref["seconds"]
        ratio = mine["seconds"] / ref["seconds"] if ref["seconds"] > 0 else float("nan")
        if mine.get("objective") is not None and ref["objective"] is not None:
            diff = abs(mine["objective"] - ref["objective"]) / max(1.0, abs(ref["objective"]))
            diff_text = f"{diff:9.1e}"
        else:
            diff_text = f"{'-':>9}"
        print(f"{label:<22}{ref['rows']:>7}{ref['cols']:>7}{mine['iterations']:>9}{mine['seconds']:>9.3f}"
              f"{ref['iterations']:>10}{ref['seconds']:>9.3f}{ratio:>7.2f}  {diff_text}  {mine['status']}",
              flush=True)
    print(f"{'total':<22}{'':>7}{'':>7}{'':>9}{total_ours:>9.3f}{'':>10}{total_highs:>9.3f}"
          f"{total_ours / total_highs if total_highs else float('nan'):>7.2f}")


if __name__ == "__main__":
    sys.exit(main())
