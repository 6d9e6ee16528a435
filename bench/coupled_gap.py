#!/usr/bin/python3
"""Where a coupled fleet's integrality gap sits: a table of relaxations of one fleet model.

Usage:
    fleetopt export INSTANCE.toml --mps MODEL.mps
    /usr/bin/python3 bench/coupled_gap.py MODEL.mps [--relax-steps 6-17,4-19] [--dantzig-wolfe]
                                          [--time-limit S]

Each row relaxes part of the model's integrality (or adds structure) and solves it with HiGHS
through SciPy (the reference adapter's reader, solvers/reference/scipy_highs.py), at a relative
gap of 1e-6 and HiGHS's presolve off (docs/reference.md: the HiGHS inside SciPy 1.10 gives wrong
MILP answers with presolve on for some small fleet models):

  LP relaxation                      every binary relaxed
  u integral, y relaxed              the charge/discharge binaries only
  y integral, u relaxed              the minimum-bid binaries only
  MILP                               the reference value the shares are measured against
  u relaxed at steps A-B             --relax-steps: the binaries of those steps relaxed, the rest
                                     integral (which steps carry the gap)
  Dantzig-Wolfe bound                --dantzig-wolfe: column generation with one block per asset
                                     (its p, soc and u columns and the rows only they touch),
                                     pricing by the asset's MILP; equals the Lagrangian dual of
                                     the rows that couple the assets (Geoffrion 1974), i.e. the
                                     best bound any argument about one asset at a time can give
  uncoupled LP / MILP                caps (x upper bounds) and minimum-bid rows dropped

"share of gap" is (bound - MILP) / (LP - MILP): 1 for the LP, 0 for the optimum.

Column and row names are those of fleetopt's writer (docs/model.md section 3): u_a_t, y_t_m,
x_t_m, p_a_t_m, soc_a_t; rows minbid_*, mbcover_* hold the minimum bids. A time limit that stops
a MILP leaves HiGHS's bound in the table (marked "limit").
"""
import argparse
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "solvers", "reference"))
import scipy_highs  # noqa: E402  (the reference adapter's MPS reader, as mip_vs_highs.py uses it)

GAP = 1e-6
# Column generation stops when no asset prices out by more than this (EUR, minimisation terms).
REDUCED_COST_TOLERANCE = 1e-6
# Penalty per unit of artificial slack on the master's equality rows, so the first master (a
# single column per asset) is feasible.
ARTIFICIAL_PENALTY = 1e4


class Model:
    def __init__(self, data):
        import numpy as np
        from scipy.sparse import csr_matrix
        self.names = data["col_names"]
        self.row_names = data["row_names"]
        self.sign = -1.0 if data["sense"] == "max" else 1.0
        self.constant = data["constant"]
        self.c = self.sign * np.array(data["cost"], dtype=float)
        n, m = len(self.names), len(self.row_names)
        rows = [e[0] for e in data["entries"]]
        cols = [e[1] for e in data["entries"]]
        vals = [e[2] for e in data["entries"]]
        self.A = csr_matrix((vals, (rows, cols)), shape=(m, n))
        self.row_lower = np.array(data["row_lower"], dtype=float)
        self.row_upper = np.array(data["row_upper"], dtype=float)
        self.lower = np.array(data["lower"], dtype=float)
        self.upper = np.array(data["upper"], dtype=float)
        self.integer = np.array(data["integer"], dtype=bool)

    def columns(self, prefix):
        return [j for j, name in enumerate(self.names) if name.split("_")[0] == prefix]

    def step_of(self, j):
        return int(self.names[j].split("_")[2])  # u_a_t

    def value(self, internal):
        return self.sign * internal + self.constant

    def solve(self, integral, time_limit, row_lower=None, row_upper=None, upper=None):
        """Returns (bound in model sense, finished?)."""
        import numpy as np
        from scipy.optimize import Bounds, LinearConstraint, milp
        lo = self.row_lower if row_lower is None else row_lower
        hi = self.row_upper if row_upper is None else row_upper
        ub = self.upper if upper is None else upper
        options = {"presolve": False, "mip_rel_gap": GAP, "disp": False}
        if time_limit is not None:
            options["time_limit"] = time_limit
        integrality = np.zeros(len(self.names))
        integrality[list(integral)] = 1
        res = milp(self.c, integrality=integrality, bounds=Bounds(self.lower, ub),
                   constraints=[LinearConstraint(self.A, lo, hi)], options=options)
        bound = getattr(res, "mip_dual_bound", None)
        if res.status == 0 and res.fun is not None:
            # Optimal within GAP: the bound is the tighter statement for a relaxation.
            value = bound if bound is not None and np.isfinite(bound) else res.fun
            return self.value(value), True
        if bound is not None and np.isfinite(bound):
            return self.value(bound), False
        raise RuntimeError(f"HiGHS: {res.message}")


def dantzig_wolfe(model, log):
    """Column generation over per-asset blocks; returns the master's final value (model sense)."""
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, linprog, milp
    from scipy.sparse import csr_matrix, eye, hstack, vstack

    def owner(name):
        part = name.split("_")
        return int(part[1]) if part[0] in ("p", "soc", "u") else -1

    own = np.array([owner(name) for name in model.names])
    assets = sorted(set(own.tolist()) - {-1})
    linking_cols = np.where(own == -1)[0]
    A = model.A.tocsr()
    block_rows = {a: [] for a in assets}
    master_rows, coupling_rows = [], []
    for i in range(A.shape[0]):
        owners = set(own[A.indices[A.indptr[i]:A.indptr[i + 1]]].tolist())
        if owners == {-1}:
            master_rows.append(i)
        elif len(owners) == 1:
            block_rows[owners.pop()].append(i)
        else:
            coupling_rows.append(i)
    cols = {a: np.where(own == a)[0] for a in assets}
    couple = {a: A[coupling_rows][:, cols[a]] for a in assets}
    couple_x = A[coupling_rows][:, linking_cols]
    master_x = A[master_rows][:, linking_cols]
    lo_c, hi_c = model.row_lower[coupling_rows], model.row_upper[coupling_rows]
    eq = np.where(lo_c == hi_c)[0]
    le = np.where((lo_c != hi_c) & np.isfinite(hi_c))[0]
    ge = np.where((lo_c != hi_c) & np.isfinite(lo_c))[0]
    lo_m, hi_m = model.row_lower[master_rows], model.row_upper[master_rows]

    def price(a, duals):
        rows = block_rows[a]
        objective = model.c[cols[a]] - couple[a].T @ duals
        res = milp(objective, integrality=model.integer[cols[a]].astype(int),
                   bounds=Bounds(model.lower[cols[a]], model.upper[cols[a]]),
                   constraints=[LinearConstraint(A[rows][:, cols[a]], model.row_lower[rows], model.row_upper[rows])],
                   options={"presolve": False, "mip_rel_gap": 1e-9, "disp": False})
        if res.status != 0:
            raise RuntimeError(f"pricing asset {a}: {res.message}")
        return res.x, res.fun

    schedules = {a: [price(a, np.zeros(len(coupling_rows)))[0]] for a in assets}
    nx, ne = len(linking_cols), len(eq)
    iteration = 0
    while True:
        iteration += 1
        lam = [(a, k) for a in assets for k in range(len(schedules[a]))]
        cost = np.concatenate([model.c[linking_cols], [model.c[cols[a]] @ schedules[a][k] for a, k in lam],
                               np.full(2 * ne, ARTIFICIAL_PENALTY)])
        use = csr_matrix(np.column_stack([couple[a] @ schedules[a][k] for a, k in lam]))
        rows_all = hstack([couple_x, use]).tocsr()
        convexity = np.zeros((len(assets), nx + len(lam) + 2 * ne))
        for q, (a, _) in enumerate(lam):
            convexity[assets.index(a), nx + q] = 1.0
        A_eq = vstack([hstack([rows_all[eq], eye(ne), -eye(ne)]), csr_matrix(convexity)]).tocsr()
        b_eq = np.concatenate([lo_c[eq], np.ones(len(assets))])
        pad = lambda B: hstack([B, csr_matrix((B.shape[0], 2 * ne))])  # noqa: E731
        master_full = hstack([master_x, csr_matrix((len(master_rows), len(lam)))]).tocsr()
        fin_hi, fin_lo = np.isfinite(hi_m), np.isfinite(lo_m)
        A_ub = vstack([pad(rows_all[le]), -pad(rows_all[ge]), pad(master_full[fin_hi]), -pad(master_full[fin_lo])]).tocsr()
        b_ub = np.concatenate([hi_c[le], -lo_c[ge], hi_m[fin_hi], -lo_m[fin_lo]])
        bounds = list(zip(model.lower[linking_cols], model.upper[linking_cols])) + [(0, None)] * (len(lam) + 2 * ne)
        res = linprog(cost, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=b_eq, bounds=bounds, method="highs")
        if res.status != 0:
            raise RuntimeError(f"master: {res.message}")
        duals = np.zeros(len(coupling_rows))
        duals[eq] = res.eqlin.marginals[:ne]
        duals[le] += res.ineqlin.marginals[:len(le)]
        duals[ge] -= res.ineqlin.marginals[len(le):len(le) + len(ge)]
        convexity_duals = res.eqlin.marginals[ne:]
        added = 0
        for k, a in enumerate(assets):
            x, reduced = price(a, duals)
            if reduced - convexity_duals[k] < -REDUCED_COST_TOLERANCE:
                schedules[a].append(x)
                added += 1
        if log:
            print(f"  column generation {iteration}: master {model.value(res.fun):.3f}, {added} columns added",
                  file=sys.stderr, flush=True)
        if added == 0:
            return model.value(res.fun), iteration


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("mps", help="the fleet model, written by `fleetopt export --mps`")
    parser.add_argument("--relax-steps", default="", help="comma-separated step ranges A-B whose u to relax")
    parser.add_argument("--dantzig-wolfe", action="store_true", help="the per-asset Dantzig-Wolfe bound (minutes)")
    parser.add_argument("--time-limit", type=float, default=300.0, help="per MILP, seconds")
    parser.add_argument("--log", action="store_true", help="column generation progress on stderr")
    args = parser.parse_args(argv)
    if not os.path.exists(args.mps):
        print(f"{args.mps}: no such file", file=sys.stderr)
        return 2
    model = Model(scipy_highs.read_mps(args.mps))
    u_cols, y_cols = model.columns("u"), model.columns("y")
    if not u_cols:
        print(f"{args.mps}: no u_a_t columns: not a fleet model written by fleetopt", file=sys.stderr)
        return 2
    results = []

    def run(label, fn):
        start = time.perf_counter()
        value, done = fn()
        results.append((label, value, done, time.perf_counter() - start))

    run("LP relaxation", lambda: model.solve([], None))
    run("MILP", lambda: model.solve(u_cols + y_cols, args.time_limit))
    run("u integral, y relaxed", lambda: model.solve(u_cols, args.time_limit))
    run("y integral, u relaxed", lambda: model.solve(y_cols, args.time_limit))
    for window in filter(None, args.relax_steps.split(",")):
        first, last = (int(v) for v in window.split("-"))
        kept = [j for j in u_cols if not first <= model.step_of(j) <= last] + y_cols
        run(f"u relaxed at steps {first}-{last}", lambda kept=kept: model.solve(kept, args.time_limit))
    if args.dantzig_wolfe:
        def dw():
            value, iterations = dantzig_wolfe(model, args.log)
            return value, True
        run("Dantzig-Wolfe bound (per asset)", dw)
    import numpy as np
    loose_lo, loose_hi = model.row_lower.copy(), model.row_upper.copy()
    for i, name in enumerate(model.row_names):
        if name.startswith("minbid") or name.startswith("mbcover"):
            loose_lo[i], loose_hi[i] = -np.inf, np.inf
    loose_upper = model.upper.copy()
    loose_upper[model.columns("x")] = np.inf
    run("uncoupled LP", lambda: model.solve([], None, loose_lo, loose_hi, loose_upper))
    run("uncoupled MILP", lambda: model.solve(u_cols + y_cols, args.time_limit, loose_lo, loose_hi, loose_upper))

    lp = results[0][1]
    milp_value = results[1][1]
    print(f"| {os.path.basename(args.mps)} | bound | share of gap | seconds |")
    print("|---|---:|---:|---:|")
    for label, value, done, seconds in results:
        share = "" if label.startswith("uncoupled") or lp == milp_value else f"{(value - milp_value) / (lp - milp_value):.2f}"
        mark = "" if done else " (limit)"
        print(f"| {label} | {value:.3f}{mark} | {share} | {seconds:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
