#!/usr/bin/python3
"""Differential test of fleetopt's MILP solver against HiGHS on generated MILPs.

Run with the Debian python (it has SciPy):

    /usr/bin/python3 bench/milp_differential.py [--fleetopt build/fleetopt] [--quick] [--strict]
        [--families setcover,knapsack,...] [--seeds 0-3] [--time-limit 60] [--jobs 1] [--keep DIR]

Generates random MILPs in seven families (set cover and partitioning, multi-dimensional knapsack,
capacitated facility location, lot sizing and fixed-charge network flow, general integers with
mixed-scale coefficients, bin packing, special cases: infeasible, unbounded, fixed and empty
columns, degenerate rows; an eighth, large, with 500-80,000 columns, runs only when --families
names it), each from its own seed with Python's `random.Random` (nothing depends on
the clock or the machine), writes them as MPS files (into a temporary folder, or DIR with
--keep), and solves each with `fleetopt mip FILE --json --time-limit T` and with HiGHS through
SciPy (`scipy.optimize.milp`, default options, the same time limit). HiGHS reads the file with the
reference adapter's own MPS reader (solvers/reference/scipy_highs.py, no code shared with
fleetopt's), so both solvers see the same file and a reading mistake on either side shows up as a
disagreement.

Checks per instance: the statuses agree (optimal / infeasible / unbounded); when both are optimal
the objectives agree within both solvers' gaps; our solution is not better than HiGHS's proven
bound, and HiGHS's solution is not better than our bound. When HiGHS (presolve on) disagrees with
us, HiGHS runs again with presolve off; if that run gives a definite answer that agrees with ours,
the verdict is "HiGHS presolve" (SciPy 1.10's HiGHS returns wrong answers with presolve on for
some models, docs/reference.md).

Verdicts: agree; HiGHS presolve; error (our status `error`, a crash, or a search that stopped
early for another reason than the time limit); time limit (ours); HiGHS limit (HiGHS gave no
answer to compare with); DISAGREE (wrong status, wrong optimum, or an invalid bound or solution).
Prints a markdown table, a note for every instance that does not simply agree, and a summary line
(progress goes to stderr). Exit code 1 if any instance DISAGREEs (with --strict also on an
"error" verdict), 2 on bad usage.

--seeds gives the seed indices of every family's sizes (the special cases are fixed); by default
each family has its own (173 instances in all). --quick is the default list without the open
problems and the slowest instances (QUICK_LEAVES_OUT): about 3 minutes with --jobs 1. ctest runs
it with --strict as "mip long: milp_differential --quick, generated MILPs against HiGHS".
"""
import argparse
import concurrent.futures
import importlib.util
import json
import math
import os
import random
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "solvers", "reference"))
import scipy_highs  # noqa: E402  (the reference adapter's MPS reader and HiGHS call)

INF = math.inf

# Both solvers stop at a relative gap of 1e-4 (fleetopt's --gap default, |bound - objective| /
# max(1, |objective|), and HiGHS's mip_rel_gap default), so two "optimal" objectives of one model
# may differ by up to the sum of the two gaps.
OPTIMUM_TOLERANCE = 2e-4
# A solution may pass an exact bound by what the feasibility tolerances let through (both solvers
# accept rows and bounds violated by about 1e-7..1e-6 relative, and integers within 1e-6), never
# by more: relative to max(1, |value|).
BOUND_TOLERANCE = 1e-6
# Added to both tolerances: objectives at or near 0, and HiGHS's absolute gap (mip_abs_gap 1e-6).
ABSOLUTE_SLACK = 1e-6
# Seconds past --time-limit before a run of ours counts as hung: the limit is checked between
# nodes and node LPs, and runs of the old harness overshot a 60 s limit by up to 9 s.
OVERRUN_GRACE = 60.0

# The --quick subset is the default instance list without these (measured 2026-12-05 with 60 s
# per solve; every other instance agrees, or agrees with HiGHS without presolve, within 17 s for
# both solvers together). The open problems stay in the full run.
QUICK_LEAVES_OUT = {
    "fcnf_n30_a170_s30770_int",  # open: we do not prove it in 60 s (HiGHS: 5 s)
    "fcnf_n30_a170_s30771_int",  # open: likewise (HiGHS: 9 s)
    "fcnf_n30_a170_s30772_mixed",  # open: likewise (HiGHS: 5 s)
    "fcnf_n30_a170_s30773_mixed",  # open: likewise (HiGHS: 7 s)
    "general_n400_s4704_mixed",  # open: status error, node LPs fail on its scaling (HiGHS: not proven in 60 s)
    "general_n200_s2702_int",  # neither solver proves it in 60 s
    "general_n120_s1904_int",  # HiGHS with presolve takes the whole 60 s
    "general_n120_s1900_int",  # slow: 30 s for both solvers together
    "general_n120_s1902_int",  # slow: 28 s
    "general_n400_s4703_mixed",  # slow: 23 s
}


# ------------------------------------------------------------------------------------------------
# The model, held in MPS terms (row type, right-hand side, range) and written as free MPS


class Model:
    def __init__(self, name, family, sense="min"):
        self.name = name
        self.family = family
        self.sense = sense
        self.cols = []  # dicts: name, cost, lb, ub, int, style (how its bounds are written)
        self.rows = []  # dicts: name, type (L/G/E), rhs, range (None or value), coefs {col: value}
        self.extra_n_rows = []  # further N rows (readers drop them): {col: value}
        self.zero_entries = []  # (row, col) written with an explicit 0 coefficient

    def add_col(self, cost, lb=0.0, ub=INF, integer=False, style=None):
        j = len(self.cols)
        self.cols.append(dict(name="x%d" % j, cost=float(cost), lb=float(lb), ub=float(ub),
                              int=bool(integer), style=style))
        return j

    def add_row(self, coefs, typ, rhs, rng=None):
        i = len(self.rows)
        self.rows.append(dict(name="r%d" % i, type=typ, rhs=float(rhs),
                              range=None if rng is None else float(rng),
                              coefs={j: float(v) for j, v in coefs.items() if v != 0.0}))
        return i

    def add_le(self, coefs, rhs):
        return self.add_row(coefs, "L", rhs)

    def add_ge(self, coefs, rhs):
        return self.add_row(coefs, "G", rhs)

    def add_eq(self, coefs, rhs):
        return self.add_row(coefs, "E", rhs)

    def add_ranged(self, coefs, lo, hi, rng):
        """lo <= a x <= hi as one MPS row with a range; G, L or E (either sign) chosen at random."""
        width = hi - lo
        form = rng.choice(["G", "L", "Epos", "Eneg"])
        if form == "G":
            return self.add_row(coefs, "G", lo, width)
        if form == "L":
            return self.add_row(coefs, "L", hi, width if rng.random() < 0.5 else -width)
        if form == "Epos":
            return self.add_row(coefs, "E", lo, width)
        return self.add_row(coefs, "E", hi, -width)

    def n_int(self):
        return sum(c["int"] for c in self.cols)

    def write_mps(self, path):
        def num(v):
            if v == INF:
                return "1e30"
            if v == -INF:
                return "-1e30"
            if float(v).is_integer() and abs(v) < 1e15:
                return str(int(v))
            return repr(float(v))

        by_col = [[] for _ in self.cols]
        for r in self.rows:
            for j, v in r["coefs"].items():
                by_col[j].append((r["name"], v))
        for i, j in self.zero_entries:
            by_col[j].append((self.rows[i]["name"], 0.0))
        extra_by_col = [[] for _ in self.cols]
        for k, row in enumerate(self.extra_n_rows):
            for j, v in row.items():
                extra_by_col[j].append(("nobj%d" % k, v))
        lines = ["NAME " + self.name]
        if self.sense == "max":
            lines += ["OBJSENSE", "    MAX"]
        lines += ["ROWS", " N  obj"]
        lines += [" N  nobj%d" % k for k in range(len(self.extra_n_rows))]
        lines += [" %s  %s" % (r["type"], r["name"]) for r in self.rows]
        lines.append("COLUMNS")
        in_int, marker = False, 0
        for j, c in enumerate(self.cols):
            if c["int"] != in_int:
                lines.append("    M%d  'MARKER'  '%s'" % (marker, "INTORG" if c["int"] else "INTEND"))
                marker += 1
                in_int = c["int"]
            entries = ([("obj", c["cost"])] if c["cost"] != 0.0 else []) + extra_by_col[j] + by_col[j]
            if not entries:
                entries = [("obj", 0.0)]  # declares an empty column
            k = 0
            while k < len(entries):  # one or two entries a line, both forms
                if k + 1 < len(entries) and (j + k) % 2 == 0:
                    lines.append("    %s  %s  %s  %s  %s" % (c["name"], entries[k][0], num(entries[k][1]),
                                                            entries[k + 1][0], num(entries[k + 1][1])))
                    k += 2
                else:
                    lines.append("    %s  %s  %s" % (c["name"], entries[k][0], num(entries[k][1])))
                    k += 1
        if in_int:
            lines.append("    M%d  'MARKER'  'INTEND'" % marker)
        lines.append("RHS")
        lines += ["    rhs  %s  %s" % (r["name"], num(r["rhs"])) for r in self.rows if r["rhs"] != 0.0]
        if any(r["range"] is not None for r in self.rows):
            lines.append("RANGES")
            lines += ["    rng  %s  %s" % (r["name"], num(r["range"])) for r in self.rows
                      if r["range"] is not None]
        bounds = []
        for c in self.cols:
            bounds += bound_lines(c, num)
        if bounds:
            lines.append("BOUNDS")
            lines += bounds
        lines.append("ENDATA")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")


def bound_lines(c, num):
    """A column's BOUNDS lines, using every bound type: BV, FX, FR, MI, PL, LO/UP, LI/UI, and a
    negative UP without LO (the classic rule: the lower bound becomes -infinity)."""
    lb, ub, name, style = c["lb"], c["ub"], c["name"], c["style"]
    if style == "UPNEG":
        return [" UP bnd %s %s" % (name, num(ub))]
    if lb == ub:
        return [" FX bnd %s %s" % (name, num(lb))]
    if c["int"] and lb == 0 and ub == 1 and style != "UP1":
        return [" BV bnd %s" % name]
    if lb == -INF and ub == INF:
        return [" FR bnd %s" % name]
    out = []
    if lb == -INF:
        out.append(" MI bnd %s" % name)
    elif c["int"] or lb != 0.0:
        out.append(" %s bnd %s %s" % ("LI" if style == "LIUI" else "LO", name, num(lb)))
    if ub != INF:
        out.append(" %s bnd %s %s" % ("UI" if style == "LIUI" else "UP", name, num(ub)))
    elif c["int"]:
        out.append(" PL bnd %s" % name)
    return out


# ------------------------------------------------------------------------------------------------
# Coefficients


def mixed_coef(rng, numerics, lo=1, hi=10):
    """An integer in [lo, hi]; with numerics "mixed" sometimes fractional, 1e-3 or 1e3 scaled."""
    v = rng.randint(lo, hi)
    if numerics == "mixed":
        u = rng.random()
        if u < 0.2:
            v = round(v + rng.random(), 2)
        elif u < 0.27:
            v = round(v * 1e-3 + rng.random() * 1e-4, 7)
        elif u < 0.34:
            v = v * 1000 + rng.randint(0, 999)
    return float(v)


def row_scale(rng, numerics):
    """1, or with numerics "mixed" sometimes 1e3, 1e-3 or 0.37: a whole row rescaled."""
    if numerics != "mixed":
        return 1.0
    u = rng.random()
    if u < 0.1:
        return 1e3
    if u < 0.2:
        return 1e-3
    if u < 0.3:
        return 0.37
    return 1.0


def scaled(coefs, s):
    return {j: v * s for j, v in coefs.items()}


# ------------------------------------------------------------------------------------------------
# Generators, one per structure


# Set covering: 0-1 columns, >= 1 rows of ones (some rescaled); LP bounds weak, many ties.
def set_cover(m, n, seed, numerics):
    rng = random.Random(seed)
    M = Model("setcover_m%d_n%d_s%d_%s" % (m, n, seed, numerics), "setcover")
    density = max(0.03, min(0.15, 6.0 / n * 2))
    for _ in range(n):
        M.add_col(mixed_coef(rng, numerics, 1, 100), 0, 1, True)
    for _ in range(m):
        S = [j for j in range(n) if rng.random() < density]
        while len(S) < 2:
            S.append(rng.randrange(n))
        s = row_scale(rng, numerics)
        M.add_ge(scaled({j: 1.0 for j in sorted(set(S))}, s), 1.0 * s)
    return M


# The rows of columns given as lists of row indices (each entry 1): row i's {column: 1.0}.
def rows_of_columns(m, cols):
    rows = [dict() for _ in range(m)]
    for j, S in enumerate(cols):
        for i in S:
            rows[i][j] = 1.0
    return rows


# Columns that partition the rows: for each (smallest, largest), the rows shuffled and cut into
# blocks of those sizes, each block a column (a planted feasible partition per pair).
def planted_partitions(rng, m, block_sizes):
    cols = []
    perm = list(range(m))
    for smallest, largest in block_sizes:
        rng.shuffle(perm)
        k = 0
        while k < m:
            size = rng.randint(smallest, largest)
            cols.append(sorted(perm[k:k + size]))
            k += size
    return cols


# Set partitioning: = 1 rows, feasible by a planted partition (or random, maybe infeasible);
# degenerate LPs, branching on equalities.
def set_partition(m, n, seed, planted):
    rng = random.Random(seed)
    M = Model("setpart_m%d_n%d_s%d_%s" % (m, n, seed, "planted" if planted else "random"), "setcover")
    # Two hidden partitions of the rows into blocks, then random columns.
    cols = planted_partitions(rng, m, ((1, 4), (2, 5))) if planted else []
    while len(cols) < n:
        cols.append(sorted(rng.sample(range(m), rng.randint(2, 6))))
    rng.shuffle(cols)
    for S in cols:
        M.add_col(rng.randint(len(S) * 5, len(S) * 20), 0, 1, True)
    for row in rows_of_columns(m, cols):
        M.add_eq(row, 1.0)
    return M


# Multi-dimensional knapsack (maximise): dense <= rows; Gomory and c-MIR cuts on rows whose
# units span 1e-3 to 1e6 with "mixed" numerics (a wrong Gomory cut was found here).
def multi_knapsack(m, n, seed, kind, numerics):
    rng = random.Random(seed)
    M = Model("mknap_m%d_n%d_s%d_%s_%s" % (m, n, seed, kind, numerics), "knapsack", "max")
    W = [[mixed_coef(rng, numerics, 1, 1000) for _ in range(n)] for _ in range(m)]
    for j in range(n):
        if kind == "corr":  # profits correlated with weights: harder
            p = sum(W[i][j] for i in range(m)) / m + rng.randint(0, 100)
        else:
            p = rng.randint(1, 1000)
        if numerics == "mixed" and rng.random() < 0.2:
            p = round(p + rng.random(), 3)
        M.add_col(p, 0, 1, True, style="UP1" if j % 3 == 0 else None)
    for i in range(m):
        cap = round(sum(W[i]) * rng.uniform(0.25, 0.75))
        s = row_scale(rng, numerics)
        M.add_le(scaled({j: W[i][j] for j in range(n)}, s), cap * s)
    return M


# Capacitated facility location: big-M capacity rows (weak) or x <= d y rows (strong);
# continuous flows scaled by 1e-3 with "mixed" numerics.
def facility_location(nf, nc, seed, strong, numerics):
    rng = random.Random(seed)
    M = Model("cfl_f%d_c%d_s%d_%s_%s" % (nf, nc, seed, "strong" if strong else "weak", numerics),
              "facility")
    fpos = [(rng.random(), rng.random()) for _ in range(nf)]
    cpos = [(rng.random(), rng.random()) for _ in range(nc)]
    d = [rng.randint(5, 35) if numerics != "mixed" else round(rng.uniform(5, 35), 2) for _ in range(nc)]
    D = sum(d)
    cap = [rng.randint(int(D / nf * 1.5), int(D / nf * 4)) for _ in range(nf)]
    y = [M.add_col(rng.randint(300, 1500), 0, 1, True) for _ in range(nf)]
    unit = 1000.0 if numerics == "mixed" else 1.0  # flows in 1/unit
    x = {}
    for i in range(nf):
        for k in range(nc):
            dist = math.hypot(fpos[i][0] - cpos[k][0], fpos[i][1] - cpos[k][1])
            cost = round(10 * dist, 3) if numerics == "mixed" else int(10 * dist) + 1
            x[i, k] = M.add_col(cost / unit)
    for k in range(nc):
        M.add_eq({x[i, k]: 1.0 / unit for i in range(nf)}, d[k])
    for i in range(nf):
        row = {x[i, k]: 1.0 / unit for k in range(nc)}
        row[y[i]] = -cap[i]
        M.add_le(row, 0.0)
    if strong:
        for i in range(nf):
            for k in range(nc):
                M.add_le({x[i, k]: 1.0 / unit, y[i]: -d[k]}, 0.0)
    return M


# Multi-item lot sizing: inventory balance equalities, x <= M y setup rows, a shared capacity
# row with setup times; variable upper bounds for c-MIR and flow-cover-like cuts.
def lot_sizing(K, T, seed, numerics):
    rng = random.Random(seed)
    M = Model("lotsize_k%d_t%d_s%d_%s" % (K, T, seed, numerics), "fixedcharge")
    dem = [[rng.choice([0, rng.randint(10, 80)]) if numerics != "mixed" else round(rng.uniform(0, 80), 1)
            for _ in range(T)] for _ in range(K)]
    tot = [sum(dem[k][t] for k in range(K)) for t in range(T)]
    need = max(sum(tot[:t + 1]) / (t + 1) for t in range(T))  # enough cumulative capacity
    cap = [int(need * rng.uniform(1.2, 1.8)) + 1 for _ in range(T)]
    x, s, y = {}, {}, {}
    for k in range(K):
        for t in range(T):
            x[k, t] = M.add_col(rng.randint(1, 5), 0, INF)
            s[k, t] = M.add_col(rng.randint(1, 3) if numerics != "mixed" else round(rng.uniform(0.5, 3), 2), 0, INF)
            y[k, t] = M.add_col(rng.randint(50, 400), 0, 1, True)
    for k in range(K):
        remaining = [sum(dem[k][t:]) for t in range(T)]
        for t in range(T):
            row = {x[k, t]: 1.0, s[k, t]: -1.0}
            if t > 0:
                row[s[k, t - 1]] = 1.0
            M.add_eq(row, dem[k][t])
            M.add_le({x[k, t]: 1.0, y[k, t]: -max(remaining[t], 1.0)}, 0.0)
    setup = [rng.randint(0, 10) for _ in range(K)]
    for t in range(T):
        row = {x[k, t]: 1.0 for k in range(K)}
        for k in range(K):
            row[y[k, t]] = float(setup[k])
        M.add_le(row, cap[t] + sum(setup))
    return M


# Fixed-charge network flow: flow conservation at every node, f <= u y per arc; large trees,
# bounds that move slowly (our weakest family: the two largest are not proven in 60 s).
def fixed_charge_flow(N, A, seed, numerics):
    rng = random.Random(seed)
    M = Model("fcnf_n%d_a%d_s%d_%s" % (N, A, seed, numerics), "fixedcharge")
    arcs = set()
    for i in range(N - 1):  # a path in both directions keeps it feasible
        arcs.add((i, i + 1))
        arcs.add((i + 1, i))
    while len(arcs) < A:
        arcs.add(tuple(rng.sample(range(N), 2)))
    arcs = sorted(arcs)
    rng.shuffle(arcs)
    b = [0.0] * N
    sources = rng.sample(range(N), max(1, N // 5))
    for v in range(N):
        if v not in sources and rng.random() < 0.6:
            demand = rng.randint(5, 30) if numerics != "mixed" else round(rng.uniform(5, 30), 2)
            b[v] -= demand
            b[rng.choice(sources)] += demand
    total = sum(v for v in b if v > 0)
    f, y = {}, {}
    for (u, v) in arcs:
        capacity = total if rng.random() < 0.5 else rng.randint(int(total / 4) + 1, int(total) + 1)
        f[u, v] = M.add_col(rng.randint(1, 10) if numerics != "mixed" else round(rng.uniform(0.1, 10), 3), 0, INF)
        y[u, v] = M.add_col(rng.randint(20, 200), 0, 1, True)
        M.add_le({f[u, v]: 1.0, y[u, v]: -float(capacity)}, 0.0)
    for v in range(N):
        row = {}
        for (a, c) in arcs:
            if a == v:
                row[f[a, c]] = row.get(f[a, c], 0.0) + 1.0
            if c == v:
                row[f[a, c]] = row.get(f[a, c], 0.0) - 1.0
        M.add_eq(row, b[v])
    return M


# General integers: negative and unbounded integer ranges, free continuous columns, ranged rows
# in every MPS form, min or max; "mixed" scales coefficients and rows from 1e-3 to 1e3 (the LP's
# hardest numerics). Feasible by construction: every row holds at a planted point.
def general_integer(n, seed, numerics):
    rng = random.Random(seed)
    M = Model("general_n%d_s%d_%s" % (n, seed, numerics), "general", rng.choice(["min", "max"]))
    x0 = []  # the planted point
    unbounded = []
    for _ in range(n):
        u = rng.random()
        style = rng.choice([None, None, "LIUI"])
        if u < 0.45:
            lo = rng.randint(-5, 0)
            hi = rng.randint(lo + 1, 10)
            M.add_col(0, lo, hi, True, style=style)
            x0.append(rng.randint(lo, hi))
        elif u < 0.55:
            M.add_col(0, 0, 1, True)
            x0.append(rng.randint(0, 1))
        elif u < 0.65:
            lo = rng.randint(0, 3)
            unbounded.append(M.add_col(0, lo, INF, True, style=style))
            x0.append(lo + rng.randint(0, 6))
        elif u < 0.68:
            v = rng.randint(-3, 3)
            M.add_col(0, v, v, True)
            x0.append(v)
        elif u < 0.85:
            lo = rng.choice([0.0, -10.0, -2.5])
            hi = lo + rng.choice([5.0, 20.0, 7.25])
            M.add_col(0, lo, hi, False)
            x0.append(round(rng.uniform(lo, hi), 3))
        else:
            unbounded.append(M.add_col(0, -INF, INF, False))
            x0.append(round(rng.uniform(-5, 5), 3))
    bounded = [j for j in range(n) if j not in unbounded]
    for j in range(n):
        c = rng.randint(-10, 10)
        if numerics == "mixed" and rng.random() < 0.3:
            c = rng.choice([round(c + rng.random(), 3), c * 1e-3, c * 1e3 + rng.randint(0, 99)])
        M.cols[j]["cost"] = float(c)

    def activity(row):
        return sum(v * x0[j] for j, v in row.items())

    for _ in range(max(4, int(n * rng.uniform(0.4, 0.8)))):
        row = {}
        for j in rng.sample(range(n), rng.randint(2, min(10, n))):
            v = rng.randint(-9, 9) or 1
            if numerics == "mixed" and rng.random() < 0.3:
                v = rng.choice([round(v * 0.37, 4), round(v + 0.5, 1), v * 1e-3, v * 1e3])
            row[j] = float(v)
        s = row_scale(rng, numerics)
        row = scaled(row, s)
        a = activity(row)
        kind = rng.random()

        def slack():
            return rng.choice([0, 1, 2, 5, 10]) * max(abs(s), 1e-9) * (1 if rng.random() < 0.7 else 0.5)

        if kind < 0.3:
            M.add_le(row, a + slack())
        elif kind < 0.6:
            M.add_ge(row, a - slack())
        elif kind < 0.7 and any(not M.cols[j]["int"] for j in row):
            M.add_eq(row, a)
        else:
            M.add_ranged(row, a - slack(), a + slack() + 1.0 * abs(s), rng)
    for j in unbounded:  # each unbounded column boxed by a ranged row with bounded columns
        row = {j: float(rng.choice([1, -1, 2, 3]))}
        for k in rng.sample(bounded, min(3, len(bounded))):
            row[k] = float(rng.randint(-5, 5) or 1)
        a = activity(row)
        M.add_ranged(row, a - rng.randint(0, 20), a + rng.randint(0, 20), rng)
    return M


# Large covering and partitioning (the "large" family, run only when named): set covering with
# costs 1-3 and 2-10 rows per column (LP bound far below the optimum, dense bases: a first
# incumbent from rounding is poor, which one-opt was added for), and set partitioning over three
# planted partitions of the rows into blocks of 2-6 plus random columns of 2-8 rows.
def set_cover_large(m, n, seed):
    rng = random.Random(seed)
    M = Model("setcover_large_m%d_n%d_s%d" % (m, n, seed), "large")
    for _ in range(n):
        M.add_col(float(rng.randint(1, 3)), 0, 1, True)
    cols = [rng.sample(range(m), rng.randint(2, 10)) for _ in range(n)]
    for row in rows_of_columns(m, cols):
        M.add_ge(row, 1.0)
    return M


def set_partition_large(m, n, seed):
    rng = random.Random(seed)
    M = Model("setpart_large_m%d_n%d_s%d" % (m, n, seed), "large")
    cols = planted_partitions(rng, m, ((2, 6),) * 3)
    while len(cols) < n:
        cols.append(sorted(rng.sample(range(m), rng.randint(2, 8))))
    rng.shuffle(cols)
    for S in cols:
        M.add_col(float(sum(rng.randint(5, 20) for _ in S)), 0, 1, True)
    for row in rows_of_columns(m, cols):
        M.add_eq(row, 1.0)
    return M


# Bin packing with as many bins as items: symmetric, LP bound far below the optimum; proofs by
# search alone.
def bin_packing(k, seed, numerics):
    rng = random.Random(seed)
    M = Model("binpack_k%d_s%d_%s" % (k, seed, numerics), "binpack")
    w = [rng.randint(10, 70) if numerics != "mixed" else round(rng.uniform(10, 70), 2) for _ in range(k)]
    y = [M.add_col(1.0, 0, 1, True) for _ in range(k)]
    x = {(i, b): M.add_col(0.0, 0, 1, True) for i in range(k) for b in range(k)}
    for i in range(k):
        M.add_eq({x[i, b]: 1.0 for b in range(k)}, 1.0)
    for b in range(k):
        row = {x[i, b]: w[i] for i in range(k)}
        row[y[b]] = -100.0
        M.add_le(row, 0.0)
    return M


# Special cases: infeasible (parity, cardinality, empty row, fractional fixed integer, rounding,
# LP contradiction, divisibility), unbounded (integer and mixed rays, an LP ray without integer
# points), and degenerate models (fixed and empty columns, empty, duplicate and doubled rows,
# explicit zeros, a second N row, a negative UP without LO). Fixed instances, no seed range.
def special_cases():
    out = []
    family = "special"

    def renamed(M, name):
        M.name, M.family = name, family
        return M

    for n in (11, 21):  # Jeroslow: 2 sum x = n odd
        M = Model("infeas_jeroslow_n%d" % n, family, "max")
        for j in range(n):
            M.add_col(1 if j == 0 else 0, 0, 1, True)
        M.add_eq({j: 2.0 for j in range(n)}, float(n))
        out.append(M)
    rng = random.Random(7)
    M = Model("infeas_cardinality", family, "max")  # at most 10 of 40, at least 6 + 5
    for j in range(40):
        M.add_col(rng.randint(1, 50), 0, 1, True)
    M.add_le({j: float(rng.randint(1, 30)) for j in range(40)}, 300)
    M.add_le({j: 1.0 for j in range(40)}, 10)
    M.add_ge({j: 1.0 for j in range(0, 40, 2)}, 6)
    M.add_ge({j: 1.0 for j in range(1, 40, 2)}, 5)
    out.append(M)
    M = renamed(set_cover(20, 40, 901, "int"), "infeas_empty_row")  # 0 >= 1
    M.add_ge({}, 1.0)
    out.append(M)
    M = renamed(multi_knapsack(3, 30, 902, "uncorr", "int"), "infeas_int_fixed_fractional")
    M.add_col(1.0, 2.5, 2.5, True)
    out.append(M)
    M = Model("infeas_round_gap", family)  # a = b and 2a in [8.5, 9.4]: LP a = 4.5, no integer
    a = M.add_col(1, 0, 5, True)
    b = M.add_col(1, 0, 5, True)
    M.add_ge({a: 1.0, b: 1.0}, 8.5)
    M.add_le({a: 1.0, b: 1.0}, 9.4)
    M.add_le({a: 1.0, b: -1.0}, 0.2)
    M.add_ge({a: 1.0, b: -1.0}, -0.2)
    out.append(M)
    M = renamed(general_integer(40, 903, "int"), "infeas_lp_contradiction")
    M.add_ge({0: 1.0, 1: 1.0}, 1e4)
    M.add_le({0: 1.0, 1: 1.0}, 0.0)
    out.append(M)
    M = Model("infeas_gcd_equality", family)  # coefficients multiples of 3, right-hand side 100
    for _ in range(30):
        M.add_col(rng.randint(1, 9), 0, 10, True)
    M.add_eq({j: float(3 * rng.randint(1, 7)) for j in range(30)}, 100.0)
    out.append(M)

    M = Model("unbnd_integer_ray", family)  # 2x - 3y = 1, min -x
    x = M.add_col(-1, 0, INF, True)
    y = M.add_col(0, 0, INF, True)
    M.add_eq({x: 2.0, y: -3.0}, 1.0)
    out.append(M)
    M = renamed(multi_knapsack(3, 30, 904, "uncorr", "int"), "unbnd_knap_plus_free_int")
    z = M.add_col(5.0, 0, INF, True)  # z - 2w <= 3 with w >= 0 integer and free of cost: z = 2t
    w = M.add_col(0.0, 0, INF, True)
    M.add_le({z: 1.0, w: -2.0}, 3.0)
    out.append(M)
    M = renamed(general_integer(30, 905, "int"), "unbnd_general_free_cont")
    f = M.add_col(0.0, -INF, INF, False)
    g = M.add_col(0.0, 0, INF, True)
    M.cols[f]["cost"] = -1.0 if M.sense == "min" else 1.0
    M.add_le({f: 1.0, g: -1.0}, 0.5)
    out.append(M)
    M = Model("unbndlp_parity_infeasible", family)  # 2x - 2y = 1: LP unbounded, no integer point
    x = M.add_col(-1, -INF, INF, True)
    y = M.add_col(0, -INF, INF, True)
    M.add_eq({x: 2.0, y: -2.0}, 1.0)
    out.append(M)
    M = Model("unbnd_mixed_ray", family, "max")  # a ray in the continuous columns only
    xs = [M.add_col(rng.randint(1, 5), 0, 3, True) for _ in range(10)]
    c1 = M.add_col(0.5, 0, INF, False)
    c2 = M.add_col(-0.25, 0, INF, False)
    M.add_le({**{j: 1.0 for j in xs}, c1: 1.0, c2: -1.0}, 12.5)
    out.append(M)

    for sd, base in enumerate(["setcover", "mknap", "general", "cfl", "general2"]):
        out.append(degenerate(base, sd))
    return out


def degenerate(base, sd):
    """A model of another family with fixed columns, empty columns with costs, empty rows, a
    duplicate and a doubled copy of three rows, explicit zeros and a second N row."""
    r2 = random.Random(1000 + sd)
    M = {"setcover": lambda: set_cover(40, 90, 1000 + sd, "int"),
         "mknap": lambda: multi_knapsack(5, 40, 1000 + sd, "uncorr", "mixed"),
         "general": lambda: general_integer(60, 1000 + sd, "int"),
         "general2": lambda: general_integer(120, 1000 + sd, "mixed"),
         "cfl": lambda: facility_location(6, 12, 1000 + sd, False, "int")}[base]()
    M.name, M.family = "degenerate_%s_%d" % (base, sd), "special"
    n0, m0 = len(M.cols), len(M.rows)
    for j in r2.sample(range(n0), max(2, n0 // 10)):  # fix binaries where it keeps the model feasible
        c = M.cols[j]
        if c["lb"] == 0 and c["ub"] == 1 and c["int"] and base in ("mknap", "setcover", "cfl"):
            c["lb"] = c["ub"] = 0.0 if base == "mknap" else 1.0
    sgn = 1.0 if M.sense == "min" else -1.0
    M.add_col(-3.0 * sgn, 0, 4, True)  # empty columns: at 4, at -1, free, unbounded integer, at 2.5
    M.add_col(2.0 * sgn, -1, 6, True)
    M.add_col(0.0, -INF, INF, False)
    M.add_col(0.0, 0, INF, True)
    M.add_col(-1.5 * sgn, -2, 2.5, False)
    M.add_le({}, 0.0)  # empty rows that hold
    M.add_ge({}, -3.0)
    M.add_row({}, "G", -1.0, 2.0)
    M.add_row({}, "E", 0.0, 0.0)
    for i in r2.sample(range(m0), min(3, m0)):
        r = M.rows[i]
        M.add_row(dict(r["coefs"]), r["type"], r["rhs"], r["range"])
        M.add_row({j: 2 * v for j, v in r["coefs"].items()}, r["type"], 2 * r["rhs"],
                  None if r["range"] is None else 2 * r["range"])
    for _ in range(5):
        i, j = r2.randrange(m0), r2.randrange(n0)
        if j not in M.rows[i]["coefs"]:
            M.zero_entries.append((i, j))
    M.extra_n_rows.append({j: float(r2.randint(-5, 5) or 1) for j in r2.sample(range(n0), 5)})
    if base in ("general", "general2"):
        k = M.add_col(1.0 * sgn, -INF, -3.0, True, style="UPNEG")
        M.add_ge({k: 1.0}, -7.0)
    return M


# ------------------------------------------------------------------------------------------------
# The instance list: sizes per family, one instance per size and seed index. The seed index also
# picks the variant (integer or mixed numerics, correlated or not, strong or weak, planted or not).


def family_setcover(seeds):
    out = []
    for m, n in [(30, 60), (60, 150), (100, 250), (150, 400)]:
        for s in seeds if seeds is not None else range(3):
            out.append(set_cover(m, n, 100 + 10 * n + s, "mixed" if s % 3 == 2 else "int"))
    for m, n in [(20, 60), (30, 120), (40, 200), (50, 350)]:
        for s in seeds if seeds is not None else range(4):
            out.append(set_partition(m, n, 200 + 10 * n + s, planted=(s % 4 != 3)))
    return out


def family_knapsack(seeds):
    return [multi_knapsack(m, n, 300 + 10 * n + m + s, "corr" if s % 2 else "uncorr",
                           "mixed" if s % 4 >= 2 else "int")
            for m, n in [(5, 30), (5, 60), (10, 40), (10, 80), (5, 120), (3, 200)]
            for s in (seeds if seeds is not None else range(4))]


def family_facility(seeds):
    return [facility_location(nf, nc, 400 + 100 * nf + nc + s, strong=(s % 2 == 0),
                              numerics="mixed" if s % 4 >= 2 else "int")
            for nf, nc in [(5, 10), (8, 20), (10, 30), (15, 25)]
            for s in (seeds if seeds is not None else range(4))]


def family_fixedcharge(seeds):
    seeds = seeds if seeds is not None else range(4)
    out = [lot_sizing(K, T, 500 + 100 * K + T + s, "mixed" if s % 4 >= 2 else "int")
           for K, T in [(2, 10), (3, 15), (4, 20), (5, 24)] for s in seeds]
    out += [fixed_charge_flow(N, A, 600 + 1000 * N + A + s, "mixed" if s % 4 >= 2 else "int")
            for N, A in [(10, 30), (15, 60), (20, 100), (30, 170)] for s in seeds]
    return out


def family_general(seeds):
    out = [general_integer(n, 700 + 10 * n + s, "mixed" if s % 2 else "int")
           for n in [30, 50, 80, 120] for s in (seeds if seeds is not None else range(6))]
    for n in [200, 300, 400]:
        for s in seeds if seeds is not None else range(5):
            if s % 5 == 2 and n >= 300:
                continue  # integer data from 300 columns: neither solver ends in 60 s (200 does not)
            out.append(general_integer(n, 700 + 10 * n + s, "int" if s % 5 == 2 else "mixed"))
    return out


def family_binpack(seeds):
    return [bin_packing(k, 800 + 10 * k + s, "mixed" if s % 3 == 2 else "int")
            for k in [5, 6, 7, 8, 9, 10] for s in (seeds if seeds is not None else range(3))]


def family_special(seeds):
    return special_cases()


def family_large(seeds):
    """Thousands of columns: where per-node work and first incumbents show (not in the default
    list: minutes per instance; --families large)."""
    out = []
    for s in seeds if seeds is not None else range(1):
        out += [set_cover_large(400, 8000, 900 + s), set_cover_large(100, 20000, 910 + s),
                set_partition_large(300, 6000, 920 + s), set_partition_large(800, 8000, 930 + s),
                set_partition_large(36, 80000, 940 + s)]
        for M in (general_integer(2000, 950 + s, "int"), multi_knapsack(30, 500, 960 + s, "uncorr", "int"),
                  lot_sizing(20, 60, 970 + s, "mixed"), fixed_charge_flow(60, 400, 980 + s, "int")):
            M.family = "large"
            out.append(M)
    return out


FAMILIES = {
    "setcover": family_setcover,
    "knapsack": family_knapsack,
    "facility": family_facility,
    "fixedcharge": family_fixedcharge,
    "general": family_general,
    "binpack": family_binpack,
    "special": family_special,
    "large": family_large,
}
# Families run only when --families names them.
OPT_IN_FAMILIES = {"large"}


# ------------------------------------------------------------------------------------------------
# Solving and comparing


def run_ours(fleetopt, path, time_limit):
    """`fleetopt mip --json`: its JSON object, or status "error" with why there is none."""
    command = [fleetopt, "mip", path, "--json", "--time-limit", str(time_limit)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=time_limit + OVERRUN_GRACE)
    except subprocess.TimeoutExpired:
        return {"status": "error", "message": "did not stop within %g s" % (time_limit + OVERRUN_GRACE)}
    try:
        return json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        tail = (done.stderr or done.stdout).strip().replace("\n", " ")[-300:]
        return {"status": "error", "message": "no JSON (exit code %d): %s" % (done.returncode, tail)}


def run_highs(model, time_limit, presolve):
    out, _ = scipy_highs.solve(model, False, time_limit, mip_rel_gap=None, presolve=presolve)
    message = out["message"].lower()
    if out["status"] == "error" and ("unbounded or infeasible" in message or "infeasible or unbounded" in message):
        out["status"] = "infeasible or unbounded"
    return out


def problems(ours, ref, sense):
    """The ways our answer contradicts HiGHS's (ref): wrong status, optimum, bound or solution."""
    def better(a, b, tolerance):  # a better than b by more than tolerance
        return a < b - tolerance if sense == "min" else a > b + tolerance

    def tol(relative, value):
        return relative * max(1.0, abs(value)) + ABSOLUTE_SLACK

    found = []
    status, objective, bound = ours.get("status"), ours.get("objective"), ours.get("best_bound")
    ref_status, ref_objective, ref_bound = ref["status"], ref["objective"], ref["best_bound"]
    if objective is not None and ref_bound is not None and \
            better(objective, ref_bound, tol(BOUND_TOLERANCE, ref_bound)):
        found.append("our solution %.10g is better than HiGHS's bound %.10g" % (objective, ref_bound))
    if bound is not None and ref_objective is not None and \
            better(ref_objective, bound, tol(BOUND_TOLERANCE, bound)):
        found.append("HiGHS's solution %.10g is better than our bound %.10g" % (ref_objective, bound))
    if status == "optimal" and ref_status == "optimal" and objective is not None and \
            abs(objective - ref_objective) > tol(OPTIMUM_TOLERANCE, ref_objective):
        found.append("optimum %.10g, HiGHS's %.10g" % (objective, ref_objective))
    if status == "infeasible" and (ref_objective is not None or ref_status == "unbounded"):
        found.append("we say infeasible, HiGHS %s %s" % (ref_status, number(ref_objective)))
    if status == "unbounded" and ref_status in ("optimal", "infeasible"):
        found.append("we say unbounded, HiGHS %s" % ref_status)
    if ref_status == "infeasible" and objective is not None:
        found.append("we have a solution (status %s), HiGHS says infeasible" % status)
    if ref_status in ("unbounded", "infeasible or unbounded") and status == "optimal":
        found.append("we say optimal, HiGHS %s" % ref_status)
    return found


def verdict_without_problems(ours, ref, time_limit):
    if ours.get("status") == "error":
        return "error"
    if ours.get("status") in ("feasible", "no_solution", "interrupted"):
        # The message says why the search stopped (binaries before 2026-12-05 give none).
        stopped_by_clock = "time limit" in ours.get("message", "") or (ours.get("seconds") or 0) >= time_limit
        return "time limit" if stopped_by_clock else "error"
    if ref["status"] not in ("optimal", "infeasible", "unbounded", "infeasible or unbounded"):
        return "HiGHS limit"
    return "agree"


def compare(task):
    """Solves one written instance with both solvers; returns its table row data."""
    info, path, fleetopt, time_limit = task
    ours = run_ours(fleetopt, path, time_limit)
    model = scipy_highs.read_mps(path)
    ref = run_highs(model, time_limit, presolve=True)
    found = problems(ours, ref, info["sense"])
    note = ""
    if found:
        plain = run_highs(model, time_limit, presolve=False)
        plain_text = "HiGHS without presolve: " + plain["status"]
        if plain["objective"] is not None:
            plain_text += " " + number(plain["objective"])
        # Only a definite answer overrules HiGHS's presolve ("infeasible or unbounded" does not:
        # it also holds for an infeasible model that we call unbounded).
        if not problems(ours, plain, info["sense"]) and plain["status"] in ("optimal", "infeasible", "unbounded"):
            verdict = verdict_without_problems(ours, plain, time_limit)
            verdict = "HiGHS presolve" if verdict == "agree" else verdict
            note = "HiGHS with presolve: " + "; ".join(found) + "; " + plain_text + ", agrees with us"
        else:
            verdict = "DISAGREE"
            note = "; ".join(found) + "; " + plain_text
    else:
        verdict = verdict_without_problems(ours, ref, time_limit)
    if verdict in ("error", "time limit") and ours.get("message"):
        note = (note + "; " if note else "") + "our message: " + ours["message"]
    elif verdict == "HiGHS limit":
        note = "HiGHS: %s, %s" % (ref["status"], ref["message"])
    return dict(info, ours=ours, highs=ref, verdict=verdict, note=note)


# ------------------------------------------------------------------------------------------------
# Output


def number(value, spec=".10g"):
    return format(value, spec) if value is not None else "-"


COLUMNS = ["instance", "family", "rows", "cols", "ints", "our status", "our objective", "our bound",
           "our s", "HiGHS status", "HiGHS objective", "HiGHS s", "verdict"]
VERDICTS = ["agree", "HiGHS presolve", "error", "time limit", "HiGHS limit", "DISAGREE"]


def print_report(results):
    print("| " + " | ".join(COLUMNS) + " |")
    numeric = {"rows", "cols", "ints", "our objective", "our bound", "our s", "HiGHS objective", "HiGHS s"}
    print("|" + "|".join("---:" if c in numeric else "---" for c in COLUMNS) + "|")
    for r in results:
        ours, ref = r["ours"], r["highs"]
        cells = [r["name"], r["family"], str(r["rows"]), str(r["cols"]), str(r["ints"]),
                 ours.get("status", "-"), number(ours.get("objective")), number(ours.get("best_bound")),
                 number(ours.get("seconds"), ".2f"), ref["status"], number(ref["objective"]),
                 number(ref["seconds"], ".2f"), r["verdict"]]
        print("| " + " | ".join(cells) + " |")
    noted = [r for r in results if r["note"]]
    if noted:
        print()
        for r in noted:
            print("- %s (%s): %s" % (r["name"], r["verdict"], r["note"]))
    counts = {v: sum(r["verdict"] == v for r in results) for v in VERDICTS}
    print()
    print("%d instances: %s; ours %.1f s, HiGHS %.1f s" % (
        len(results), ", ".join("%d %s" % (counts[v], v) for v in VERDICTS),
        sum(r["ours"].get("seconds") or 0.0 for r in results), sum(r["highs"]["seconds"] for r in results)))
    return counts


# ------------------------------------------------------------------------------------------------


def parse_seeds(text):
    """"0-3,7" -> [0, 1, 2, 3, 7]."""
    seeds = []
    for part in text.split(","):
        first, _, last = part.partition("-")
        seeds += list(range(int(first), int(last or first) + 1))
    return seeds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fleetopt", default=os.path.join(ROOT, "build", "fleetopt"))
    parser.add_argument("--quick", action="store_true",
                        help="the default list without QUICK_LEAVES_OUT (about 3 minutes)")
    parser.add_argument("--families", default=",".join(f for f in FAMILIES if f not in OPT_IN_FAMILIES),
                        help="comma-separated, from: " + ", ".join(FAMILIES) +
                             " (default: all but " + ", ".join(sorted(OPT_IN_FAMILIES)) + ")")
    parser.add_argument("--seeds", default=None,
                        help="seed indices for every size, e.g. 0-3,7 (default: each family's own; "
                             "the special cases are fixed)")
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds per solve, both solvers")
    parser.add_argument("--jobs", type=int, default=1, help="instances solved at once (default 1)")
    parser.add_argument("--keep", metavar="DIR", help="write the MPS files to DIR and keep them")
    parser.add_argument("--strict", action="store_true",
                        help="also exit 1 on an 'error' verdict (the --quick instances are all solved today)")
    args = parser.parse_args()

    families = [f for f in args.families.split(",") if f]
    unknown = [f for f in families if f not in FAMILIES]
    if unknown or not families:
        parser.error("unknown families %s (choose from %s)" % (unknown, ", ".join(FAMILIES)))
    try:
        seeds = parse_seeds(args.seeds) if args.seeds is not None else None
    except ValueError:
        parser.error("--seeds takes indices and ranges, e.g. 0-3,7")
    if args.jobs < 1 or not args.time_limit > 0:
        parser.error("--jobs must be at least 1 and --time-limit positive")
    if not os.access(args.fleetopt, os.X_OK):
        parser.error("no fleetopt binary at %s: build it (cmake --build build) or pass --fleetopt" % args.fleetopt)
    if importlib.util.find_spec("scipy") is None:
        parser.error("SciPy is not installed for %s (Debian: apt-get install python3-scipy)" % sys.executable)

    if args.quick and seeds is not None:
        parser.error("--quick takes each family's own seeds")
    models = [M for f in families for M in FAMILIES[f](seeds)]
    if args.quick:
        models = [M for M in models if M.name not in QUICK_LEAVES_OUT]
    if not models:
        parser.error("no instance selected")
    if len({M.name for M in models}) != len(models):
        parser.error("the selection names an instance twice")

    if args.keep:
        os.makedirs(args.keep, exist_ok=True)
        results = solve_all(models, args.keep, args)
    else:
        with tempfile.TemporaryDirectory(prefix="milp_differential_") as folder:
            results = solve_all(models, folder, args)
    counts = print_report(results)
    if counts["DISAGREE"] or (args.strict and counts["error"]):
        return 1
    return 0


def solve_all(models, folder, args):
    tasks = []
    for M in models:
        path = os.path.join(folder, M.name + ".mps")
        M.write_mps(path)
        info = dict(name=M.name, family=M.family, sense=M.sense, rows=len(M.rows), cols=len(M.cols),
                    ints=M.n_int())
        tasks.append((info, path, os.path.abspath(args.fleetopt), args.time_limit))
    results = []
    with concurrent.futures.ProcessPoolExecutor(max_workers=args.jobs) as pool:
        for k, r in enumerate(pool.map(compare, tasks), start=1):
            print("[%d/%d] %s: %s" % (k, len(tasks), r["name"], r["verdict"]), file=sys.stderr, flush=True)
            results.append(r)
    return results


if __name__ == "__main__":
    sys.exit(main())
