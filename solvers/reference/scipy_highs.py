#!/usr/bin/python3
"""Solve a free-format MPS model with HiGHS through SciPy (the reference "highs" backend).

Usage:
    /usr/bin/python3 scipy_highs.py MODEL.mps [--relax] [--no-presolve] [--time-limit S] [--solution FILE]
    /usr/bin/python3 scipy_highs.py --batch LIST_FILE [--relax] [--no-presolve] [--time-limit S]

--no-presolve switches HiGHS's presolve off. The HiGHS inside SciPy 1.10 returns wrong MILP answers
with presolve on for some small fleet models (docs/reference.md); without it they are right.

Prints ONE JSON object on stdout:
    {"status": "optimal"|"feasible"|"infeasible"|"unbounded"|"no_solution"|"error",
     "objective": float|null,      # in the model's own sense, including the objective constant
     "best_bound": float|null,     # MIP only: HiGHS's dual bound, same sense and constant
     "mip_gap": float|null,        # MIP only: HiGHS's relative gap
     "nodes": int|null,            # MIP only
     "iterations": int|null,       # LP only (--relax or a model without integers): res.nit
     "seconds": float,             # wall time of the solve call alone (not reading the file)
     "solver_version": "...",      # the SciPy version (HiGHS is bundled inside SciPy)
     "message": "..."}
and, with --solution, writes one "name value" line per column (values with repr precision).

Batch mode (one Python start-up and one SciPy import for many models): LIST_FILE has one job per
line, "MODEL.mps" or "MODEL.mps<TAB>SOLUTION_FILE" (empty lines are skipped). For each job, in
order, the script prints one JSON object on its own line, as above plus "model": the MODEL path
as given, and writes its solution file. The time limit applies to each model. A model that cannot
be read gets an "error" object and the batch goes on.

MPS: free format as fleetopt's writer emits it (docs/reference.md): NAME, OBJSENSE (MIN/MAX on
the same or the next line), ROWS, COLUMNS with MARKER INTORG/INTEND, RHS (the objective row's RHS
is minus the objective constant, the CPLEX/HiGHS convention), RANGES, BOUNDS (UP LO FX FR MI PL BV
LI UI), ENDATA. Set names in RHS/RANGES/BOUNDS are optional; |values| >= 1e30 are infinite;
integer (MARKER) columns with no BOUNDS line are binary, as CBC, GLPK and HiGHS read them.
This is a small independent reader: it shares no code with fleetopt's C++ MPS reader, so a model
both read alike is evidence that both are right.

Exit code: 0 whenever a JSON object was printed (the status says what happened), 2 on bad usage.
"""

import json
import math
import sys
import time


class MpsError(Exception):
    pass


def read_mps(path):
    """Returns a dict with the model's data in dense-per-column, sparse-matrix form."""
    sense = "min"
    obj_row = None
    row_names, row_type, row_index = [], [], {}
    col_names, col_index = [], {}
    col_integer = []
    cost = []
    entries = []  # (row, col, value)
    rhs = {}
    ranges = {}
    lower, upper = [], []
    bound_set = []  # columns whose bounds were given explicitly
    constant = 0.0
    section = None
    integer_block = False

    def number(token, line_no):
        try:
            v = float(token)
        except ValueError:
            raise MpsError(f"{path}:{line_no}: expected a number, got '{token}'")
        if math.isnan(v):
            raise MpsError(f"{path}:{line_no}: NaN is not a valid number")
        # 1e30 and beyond is MPS's infinity (fleetopt's writer puts free rows at 1e30).
        if abs(v) >= 1e30:
            return math.copysign(math.inf, v)
        return v

    def column(name):
        j = col_index.get(name)
        if j is None:
            j = len(col_names)
            col_index[name] = j
            col_names.append(name)
            col_integer.append(integer_block)
            cost.append(0.0)
            lower.append(0.0)
            upper.append(math.inf)
            bound_set.append(False)
        return j

    with open(path, "r", encoding="utf-8") as f:
        for line_no, raw in enumerate(f, start=1):
            line = raw.rstrip("\n\r")
            if not line.strip() or line.lstrip().startswith("*"):
                continue
            tokens = line.split()
            if not line[0].isspace():  # a section header
                head = tokens[0].upper()
                section = head
                if head == "NAME":
                    continue
                if head == "OBJSENSE":
                    if len(tokens) > 1:
                        sense = parse_sense(tokens[1], path, line_no)
                    continue
                if head in ("ROWS", "COLUMNS", "RHS", "RANGES", "BOUNDS"):
                    continue
                if head == "ENDATA":
                    break
                if head in ("MAX", "MAXIMIZE", "MIN", "MINIMIZE"):
                    raise MpsError(f"{path}:{line_no}: objective sense outside OBJSENSE")
                raise MpsError(f"{path}:{line_no}: unknown section '{tokens[0]}'")
            if section == "OBJSENSE":
                sense = parse_sense(tokens[0], path, line_no)
            elif section == "ROWS":
                if len(tokens) != 2:
                    raise MpsError(f"{path}:{line_no}: expected 'TYPE NAME' in ROWS")
                kind, name = tokens[0].upper(), tokens[1]
                if kind not in ("N", "L", "G", "E"):
                    raise MpsError(f"{path}:{line_no}: unknown row type '{tokens[0]}'")
                if name in row_index or name == obj_row:
                    raise MpsError(f"{path}:{line_no}: duplicate row '{name}'")
                if kind == "N":
                    if obj_row is None:
                        obj_row = name
                    else:
                        row_index[name] = -1  # a further free row: ignored
                    continue
                row_index[name] = len(row_names)
                row_names.append(name)
                row_type.append(kind)
            elif section == "COLUMNS":
                if len(tokens) >= 3 and tokens[1].strip("'\"").upper() == "MARKER":
                    marker = tokens[2].strip("'\"").upper()
                    if marker == "INTORG":
                        integer_block = True
                    elif marker == "INTEND":
                        integer_block = False
                    else:
                        raise MpsError(f"{path}:{line_no}: unknown marker '{tokens[2]}'")
                    continue
                if len(tokens) not in (3, 5):
                    raise MpsError(f"{path}:{line_no}: expected 'COLUMN ROW VALUE [ROW VALUE]'")
                j = column(tokens[0])
                for k in range(1, len(tokens), 2):
                    rname, value = tokens[k], number(tokens[k + 1], line_no)
                    if rname == obj_row:
                        cost[j] += value
                    elif rname in row_index:
                        if row_index[rname] >= 0:
                            entries.append((row_index[rname], j, value))
                    else:
                        raise MpsError(f"{path}:{line_no}: unknown row '{rname}'")
            elif section in ("RHS", "RANGES"):
                pairs = tokens[1:] if len(tokens) % 2 == 1 else tokens
                if len(pairs) not in (2, 4):
                    raise MpsError(f"{path}:{line_no}: expected '[SET] ROW VALUE [ROW VALUE]'")
                for k in range(0, len(pairs), 2):
                    rname, value = pairs[k], number(pairs[k + 1], line_no)
                    if section == "RHS" and rname == obj_row:
                        constant = -value
                    elif rname in row_index:
                        if row_index[rname] >= 0:
                            (rhs if section == "RHS" else ranges)[row_index[rname]] = value
                    else:
                        raise MpsError(f"{path}:{line_no}: unknown row '{rname}'")
            elif section == "BOUNDS":
                kind = tokens[0].upper()
                needs_value = kind in ("UP", "LO", "FX", "LI", "UI")
                if kind not in ("UP", "LO", "FX", "LI", "UI", "FR", "MI", "PL", "BV"):
                    raise MpsError(f"{path}:{line_no}: unknown bound type '{tokens[0]}'")
                rest = tokens[1:]
                if needs_value:
                    if len(rest) == 3:
                        rest = rest[1:]
                    if len(rest) != 2:
                        raise MpsError(f"{path}:{line_no}: expected 'TYPE [SET] COLUMN VALUE'")
                    cname, value = rest[0], number(rest[1], line_no)
                else:
                    # "[SET] COLUMN [VALUE]": a trailing value (BV 1) is allowed and ignored.
                    if len(rest) == 3:
                        rest = rest[1:2]
                    elif len(rest) == 2:
                        rest = rest[1:] if rest[1] in col_index else rest[:1]
                    if len(rest) != 1:
                        raise MpsError(f"{path}:{line_no}: expected 'TYPE [SET] COLUMN'")
                    cname, value = rest[0], None
                if cname not in col_index:
                    raise MpsError(f"{path}:{line_no}: unknown column '{cname}'")
                j = col_index[cname]
                bound_set[j] = True
                if kind == "UP":
                    upper[j] = value
                    if value < 0 and lower[j] == 0.0:
                        lower[j] = -math.inf
                elif kind == "LO":
                    lower[j] = value
                elif kind == "FX":
                    lower[j] = upper[j] = value
                elif kind == "FR":
                    lower[j], upper[j] = -math.inf, math.inf
                elif kind == "MI":
                    lower[j] = -math.inf
                elif kind == "PL":
                    upper[j] = math.inf
                elif kind == "BV":
                    lower[j], upper[j] = 0.0, 1.0
                    col_integer[j] = True
                elif kind == "LI":
                    lower[j] = value
                    col_integer[j] = True
                elif kind == "UI":
                    upper[j] = value
                    col_integer[j] = True
            else:
                raise MpsError(f"{path}:{line_no}: data line outside a section")
        else:
            raise MpsError(f"{path}: missing ENDATA")

    # MARKER integers without any BOUNDS line are binary, as CBC, GLPK and HiGHS read them.
    for j in range(len(col_names)):
        if col_integer[j] and not bound_set[j]:
            upper[j] = 1.0

    row_lower, row_upper = [], []
    for i, kind in enumerate(row_type):
        b = rhs.get(i, 0.0)
        lo, up = {"L": (-math.inf, b), "G": (b, math.inf), "E": (b, b)}[kind]
        if i in ranges:
            r = ranges[i]
            if kind == "L":
                lo = b - abs(r)
            elif kind == "G":
                up = b + abs(r)
            elif r > 0:
                up = b + r
            else:
                lo = b + r
        row_lower.append(lo)
        row_upper.append(up)
    return {
        "sense": sense, "constant": constant, "cost": cost, "col_names": col_names,
        "integer": col_integer, "lower": lower, "upper": upper, "entries": entries,
        "row_lower": row_lower, "row_upper": row_upper, "row_names": row_names,
    }


def parse_sense(token, path, line_no):
    t = token.upper()
    if t in ("MAX", "MAXIMIZE", "MAXIMISE"):
        return "max"
    if t in ("MIN", "MINIMIZE", "MINIMISE"):
        return "min"
    raise MpsError(f"{path}:{line_no}: expected MIN or MAX after OBJSENSE, got '{token}'")


def solve(model, relax, time_limit, mip_rel_gap=0.0, presolve=True):
    """Solves a model from read_mps. mip_rel_gap None leaves HiGHS's default relative gap."""
    import numpy as np
    import scipy
    from scipy.optimize import Bounds, LinearConstraint, linprog, milp
    from scipy.sparse import csr_matrix

    n, m = len(model["cost"]), len(model["row_lower"])
    sign = -1.0 if model["sense"] == "max" else 1.0  # HiGHS through SciPy always minimises
    c = sign * np.array(model["cost"], dtype=float)
    rows = [e[0] for e in model["entries"]]
    cols = [e[1] for e in model["entries"]]
    vals = [e[2] for e in model["entries"]]
    A = csr_matrix((vals, (rows, cols)), shape=(m, n))  # repeated entries are summed
    lower = np.array(model["lower"], dtype=float)
    upper = np.array(model["upper"], dtype=float)
    integer = np.array(model["integer"], dtype=bool)
    out = {"status": "error", "objective": None, "best_bound": None, "mip_gap": None,
           "nodes": None, "iterations": None, "seconds": 0.0,
           "solver_version": scipy.__version__, "message": ""}
    x = None
    is_mip = bool(integer.any()) and not relax
    if is_mip:
        options = {"presolve": presolve}
        if mip_rel_gap is not None:
            options["mip_rel_gap"] = mip_rel_gap
        if time_limit is not None:
            options["time_limit"] = time_limit
        constraints = [LinearConstraint(A, np.array(model["row_lower"]), np.array(model["row_upper"]))] if m else []
        start = time.perf_counter()
        res = milp(c, integrality=integer.astype(int), bounds=Bounds(lower, upper),
                   constraints=constraints, options=options)
        out["seconds"] = time.perf_counter() - start
        out["message"] = str(res.message)
        x = res.x
        if res.status == 0:
            out["status"] = "optimal"
        elif res.status == 1:
            out["status"] = "feasible" if x is not None else "no_solution"
        elif res.status == 2:
            out["status"] = "infeasible"
        elif res.status == 3:
            out["status"] = "unbounded"
        bound = getattr(res, "mip_dual_bound", None)
        if bound is not None and math.isfinite(bound):
            out["best_bound"] = sign * bound + model["constant"]
        gap = getattr(res, "mip_gap", None)
        if gap is not None and math.isfinite(gap):
            out["mip_gap"] = gap
        nodes = getattr(res, "mip_node_count", None)
        if nodes is not None:
            out["nodes"] = int(nodes)
    else:
        row_lower = np.array(model["row_lower"], dtype=float)
        row_upper = np.array(model["row_upper"], dtype=float)
        # linprog takes A_ub x <= b_ub and A_eq x = b_eq: split ranged rows into two.
        eq = row_lower == row_upper
        has_up = ~eq & np.isfinite(row_upper)
        has_lo = ~eq & np.isfinite(row_lower)
        from scipy.sparse import vstack
        A_ub = vstack([A[has_up], -A[has_lo]]).tocsr() if (has_up.any() or has_lo.any()) else None
        b_ub = np.concatenate([row_upper[has_up], -row_lower[has_lo]]) if A_ub is not None else None
        A_eq = A[eq] if eq.any() else None
        b_eq = row_lower[eq] if eq.any() else None
        options = {"presolve": presolve}
        if time_limit is not None:
            options["time_limit"] = time_limit
        start = time.perf_counter()
        res = linprog(c, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=b_eq,
                      bounds=list(zip(lower, upper)), method="highs-ds", options=options)
        out["seconds"] = time.perf_counter() - start
        out["message"] = str(res.message)
        out["iterations"] = int(res.nit)
        x = res.x if res.status == 0 else None
        out["status"] = {0: "optimal", 1: "no_solution", 2: "infeasible", 3: "unbounded"}.get(res.status, "error")
    if x is not None and out["status"] in ("optimal", "feasible"):
        out["objective"] = float(np.dot(model["cost"], x)) + model["constant"]
        if out["status"] == "optimal" and out["best_bound"] is None and not is_mip:
            out["best_bound"] = out["objective"]
    else:
        x = None
    return out, x


USAGE = ("usage: scipy_highs.py MODEL.mps [--relax] [--no-presolve] [--time-limit S] [--solution FILE]\n"
         "       scipy_highs.py --batch LIST_FILE [--relax] [--no-presolve] [--time-limit S]")


def error_object(message):
    return {"status": "error", "objective": None, "seconds": 0.0, "solver_version": "",
            "message": message}


def solve_file(path, relax, presolve, time_limit, solution):
    """Reads and solves one MPS file, writes its solution file; returns the JSON object."""
    try:
        model = read_mps(path)
    except (MpsError, OSError, UnicodeDecodeError) as e:
        return error_object(str(e))
    out, x = solve(model, relax, time_limit, presolve=presolve)
    if solution is not None:
        with open(solution, "w", encoding="utf-8") as f:
            if x is not None:
                for name, value in zip(model["col_names"], x):
                    f.write(f"{name} {float(value)!r}\n")
    return out


def read_batch_list(path):
    """Jobs of a --batch list file: (model path, solution path or None) per non-empty line."""
    jobs = []
    with open(path, "r", encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n\r")
            if not line.strip():
                continue
            fields = line.split("\t")
            if len(fields) > 2:
                raise ValueError(f"{path}: expected 'MODEL[<TAB>SOLUTION]', got '{line}'")
            jobs.append((fields[0], fields[1] if len(fields) == 2 and fields[1] else None))
    return jobs


def main(argv):
    args = argv[1:]
    path, relax, presolve, time_limit, solution, batch = None, False, True, None, None, None
    i = 0
    try:
        while i < len(args):
            a = args[i]
            if a == "--relax":
                relax = True
            elif a == "--no-presolve":
                presolve = False
            elif a == "--time-limit":
                i += 1
                time_limit = float(args[i])
                if not time_limit > 0:
                    raise ValueError("--time-limit must be positive")
            elif a == "--solution":
                i += 1
                solution = args[i]
            elif a == "--batch":
                i += 1
                batch = args[i]
            elif a.startswith("--") or path is not None:
                raise ValueError(f"unexpected argument '{a}'")
            else:
                path = a
            i += 1
        if batch is not None and (path is not None or solution is not None):
            raise ValueError("--batch takes its models and solution files from LIST_FILE")
        if batch is None and path is None:
            raise ValueError("missing MODEL.mps")
        jobs = read_batch_list(batch) if batch is not None else [(path, solution)]
    except (ValueError, IndexError, OSError) as e:
        print(f"scipy_highs.py: {e}\n{USAGE}", file=sys.stderr)
        return 2

    try:
        import scipy  # noqa: F401
    except ImportError:
        missing = error_object(f"SciPy is not installed for {sys.executable} (Debian: apt-get install python3-scipy)")
        for model_path, _ in jobs:
            print(json.dumps(dict(missing, model=model_path) if batch is not None else missing))
        return 0
    for model_path, solution_path in jobs:
        out = solve_file(model_path, relax, presolve, time_limit, solution_path)
        if batch is not None:
            out["model"] = model_path
        print(json.dumps(out), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
