#!/usr/bin/python3
"""fleetopt solve against HiGHS (scipy.optimize.milp) on the fleet shapes of issue 8, with targets.

Run with the Debian python (it has SciPy):  /usr/bin/python3 bench/fleet_vs_highs.py [options]
(bench/fleet_vs_highs.sh does that). It needs a built fleetopt (build/fleetopt or --fleetopt PATH).

For each shape (assets x steps x markets plus generator options: SHAPES below, or any other
AxTxM with the suffixes of SUFFIX_OPTIONS, which has no target): generate the
instance (`fleetopt generate`, seed 0 unless --seed), solve it with `fleetopt solve --gap 1e-4
--time-limit 600 --threads 2` (read back from its summary.json: status, objective, bound, nodes,
seconds, root_bound, blocks and the time split "times"), export the same instance's tight MILP
(`fleetopt export --mps`) and solve that with HiGHS through scipy.optimize.milp (presolve on,
mip_rel_gap 1e-4, the same time limit). Then a table: our side, HiGHS's side, the time ratio ours
/ HiGHS, the shape's target and whether we met it.

A target is met when our solve is proven (status optimal: gap <= 1e-4) within the target's
seconds; "missed by 2.3x" means proven but 2.3 times the target, "missed: not proven" that the
time limit came first. Gaps are |bound - objective| / max(1, |objective|) for both solvers; the
root gap is the same with our root LP bound (summary.json "root_bound") in place of the bound.

--highs-cache FILE keeps HiGHS results in a JSON file keyed by the SHA-256 of the exported MPS
file's bytes and of the HiGHS options (time limit, relative gap, presolve, SciPy version): a run
whose model and options are already there reuses the result (the table says "cached") instead of
spending up to --time-limit seconds again. New entries record the date, the load average before
and after the run and --highs-note (say so when other jobs share the machine).
"""
import argparse
import datetime
import hashlib
import json
import math
import os
import platform
import re
import shlex
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import mip_vs_highs as common  # noqa: E402  (its table helpers; it imports the reference HiGHS adapter)

ROOT = common.ROOT
scipy_highs = common.scipy_highs
gap, number = common.gap, common.number

REL_GAP = 1e-4


class Shape:
    def __init__(self, name, assets, steps, markets, options, target, proven_only=False, about=""):
        self.name, self.assets, self.steps, self.markets = name, assets, steps, markets
        self.options = options          # extra `fleetopt generate` options
        self.target = target            # seconds within which our solve is to be proven
        self.proven_only = proven_only  # target stated as "proven in under N s"
        self.about = about

    def target_text(self):
        if self.target is None:
            return "-"
        return f"proven < {self.target:g} s" if self.proven_only else f"{self.target:g} s"


# The shapes of issue 8 (assets x steps x markets) and their targets.
# 1x96x6+negres: reserve-settled markets (each market reserve with probability 0.5) and negative
# price spikes (5% of the prices) on the daily profile with 30% noise; with seed 0 this gives a
# model on which HiGHS 1.10 needs tens of seconds (the issue measured 24 s for HiGHS 1.15).
SHAPES = [
    Shape("10x96x4", 10, 96, 4, [], 0.5),
    Shape("100x96x4", 100, 96, 4, [], 3.0),
    Shape("1x96x6+negres", 1, 96, 6,
          ["--reserve-fraction", "0.5", "--negative-spikes", "0.05", "--price-shape", "daily",
           "--price-noise", "0.3"], 2.0, about="negative prices, reserve markets"),
    Shape("1x8760x4", 1, 8760, 4, [], 60.0, proven_only=True),
    Shape("10x24x4+capped", 10, 24, 4, ["--cap-fraction", "0.5", "--min-bid", "1"], 10.0),
    Shape("10x96x4+capped", 10, 96, 4, ["--cap-fraction", "0.5", "--min-bid", "1"], 60.0, proven_only=True),
]
SHAPE_BY_NAME = {s.name: s for s in SHAPES}

# Any other fleet of the family, without a target: AxTxM (assets x steps x markets) followed by
# any of these suffixes, each adding its generator options (the issue's shapes use the same ones).
SUFFIX_OPTIONS = {
    "capped": ["--cap-fraction", "0.5", "--min-bid", "1"],
    "negres": ["--reserve-fraction", "0.5", "--negative-spikes", "0.05", "--price-shape", "daily",
               "--price-noise", "0.3"],
    # Identical units: only 1, 2 or 3 assets drawn, the others copies (asset symmetry).
    "types1": ["--asset-types", "1"],
    "types2": ["--asset-types", "2"],
    "types3": ["--asset-types", "3"],
    # With a types suffix: the copies alike, not identical (each within 3%; count columns only).
    "spread3": ["--asset-spread", "0.03"],
}


def shape_from_name(name):
    """The issue's shape of that name, or a shape without a target parsed from AxTxM[+suffix...]."""
    if name in SHAPE_BY_NAME:
        return SHAPE_BY_NAME[name]
    found = re.fullmatch(r"(\d+)x(\d+)x(\d+)((?:\+[a-z0-9]+)*)", name)
    if not found:
        return None
    assets, steps, markets = (int(found.group(k)) for k in (1, 2, 3))
    suffixes = [x for x in found.group(4).split("+") if x]
    if min(assets, steps, markets) < 1 or any(x not in SUFFIX_OPTIONS for x in suffixes) or \
            len(set(suffixes)) != len(suffixes):
        return None
    options = [o for x in suffixes for o in SUFFIX_OPTIONS[x]]
    return Shape(name, assets, steps, markets, options, None)

# Parts of summary.json "times" with their own column, in this order; any other part (a plug-in's)
# gets a column after them. "total" is the "our s" column's twin and is left out.
KNOWN_TIMES = [("root_lp", "root LP s"), ("node_lp", "node LPs s"), ("strong_branching", "strong br. s"),
               ("heuristics", "heur. s"), ("heuristics_beside", "of which beside s"),
               ("node_lps_ahead", "LPs ahead s"), ("cuts", "cuts s")]


def fail(message):
    print(f"fleet_vs_highs: error: {message}", file=sys.stderr)
    sys.exit(2)


def run_tool(command, what):
    """Runs a fleetopt step that must succeed (generate, export); exits with its output otherwise."""
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        fail(f"{what} failed (exit {done.returncode}): {' '.join(shlex.quote(c) for c in command)}\n"
             + (done.stderr or done.stdout).strip())
    return done.stdout


# --- our side -------------------------------------------------------------------------------------

def ours(args, instance, out_dir):
    command = [args.fleetopt, "solve", instance, "--gap", str(REL_GAP), "--time-limit", str(args.time_limit),
               "--threads", str(args.threads), "--out", out_dir, "--quiet"] + args.ours_extra
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode == 2:  # bad input: for a generated instance, that is the command line (--ours-args)
        fail("fleetopt solve refused its command line (exit 2): "
             + " ".join(shlex.quote(c) for c in command) + "\n" + (done.stderr or done.stdout).strip())
    summary = os.path.join(out_dir, "summary.json")
    if not os.path.exists(summary):
        text = (done.stderr or done.stdout).strip().replace("\n", " ")[:300]
        print(f"{instance}: fleetopt solve wrote no summary.json (exit {done.returncode}): {text}", file=sys.stderr)
        return {"status": "error"}
    with open(summary, encoding="utf-8") as f:
        return json.load(f)


def root_gap(mine):
    objective, root = mine.get("objective"), mine.get("root_bound")
    if objective is None or root is None or not math.isfinite(root):
        return None
    return abs(root - objective) / max(1.0, abs(objective))


def verdict(shape, mine):
    """'met', 'missed by 2.3x' (proven, too slow) or 'missed: not proven ...'."""
    status, seconds = mine.get("status"), mine.get("seconds")
    if shape.target is None:
        return "no target"
    if status != "optimal" or seconds is None:
        g = gap(mine)
        detail = f"gap {g:.1e}" if g is not None else status
        return f"missed: not proven ({detail})" if status != "error" else "missed: error"
    if seconds < shape.target or (not shape.proven_only and seconds == shape.target):
        return "met"
    return f"missed by {seconds / shape.target:.1f}x"


# --- HiGHS side -----------------------------------------------------------------------------------

def highs_options(args):
    import scipy
    return {"solver": "scipy.optimize.milp", "scipy": scipy.__version__, "presolve": True,
            "mip_rel_gap": REL_GAP, "time_limit": args.time_limit}


def cache_key(mps_path, options):
    h = hashlib.sha256()
    with open(mps_path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    h.update(b"\0" + json.dumps(options, sort_keys=True).encode())
    return h.hexdigest()


def load_cache(path):
    if not path or not os.path.exists(path):
        return {"about": "HiGHS results of bench/fleet_vs_highs.py, keyed by the SHA-256 of the exported "
                         "MPS file and the HiGHS options (see the script)", "entries": {}}
    try:
        with open(path, encoding="utf-8") as f:
            cache = json.load(f)
    except (OSError, json.JSONDecodeError) as e:
        fail(f"cannot read the HiGHS cache {path}: {e}")
    if not isinstance(cache, dict) or not isinstance(cache.get("entries"), dict):
        fail(f"{path} is not a HiGHS cache of this script (no 'entries' object)")
    return cache


def save_cache(path, cache):
    """Written after every new entry, through a renamed temporary file: an interrupted run keeps
    what it measured."""
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(cache, f, indent=1, sort_keys=True)
        f.write("\n")
    os.replace(tmp, path)


def load_average():
    try:
        return [round(v, 2) for v in os.getloadavg()]
    except OSError:
        return None


def highs(args, shape, mps, cache):
    """HiGHS's result for the model in `mps`: from the cache when there, else solved (and cached)."""
    options = highs_options(args)
    key = cache_key(mps, options)
    entry = cache["entries"].get(key)
    if entry is not None:
        return dict(entry["result"], run="cached", note=entry.get("note", ""))
    model = scipy_highs.read_mps(mps)
    before = load_average()
    started = datetime.datetime.now(datetime.timezone.utc)
    out, _ = scipy_highs.solve(model, False, args.time_limit, mip_rel_gap=REL_GAP, presolve=True)
    result = {k: out[k] for k in ("status", "objective", "best_bound", "mip_gap", "nodes", "seconds", "message")}
    if args.highs_cache:
        cache["entries"][key] = {
            "shape": shape.name, "seed": args.seed,
            "generate": ["--assets", str(shape.assets), "--steps", str(shape.steps), "--markets",
                         str(shape.markets)] + shape.options,
            "options": options, "result": result,
            "measured": started.strftime("%Y-%m-%dT%H:%M:%SZ"), "host": platform.node(),
            "cpus": os.cpu_count(), "nice": os.nice(0),
            "load_average_before": before, "load_average_after": load_average(),
            "note": args.highs_note}
        save_cache(args.highs_cache, cache)
    return dict(result, run="now", note=args.highs_note)


# --- the table ------------------------------------------------------------------------------------

def time_parts(results):
    """The "times" parts that get a column: the known ones, then any others (sorted), skipping "total"."""
    seen = []
    for _, _, mine, _ in results:
        for part in (mine.get("times") or {}):
            if part != "total" and part not in seen:
                seen.append(part)
    known = [p for p, _ in KNOWN_TIMES]
    labels = dict(KNOWN_TIMES)
    parts = known + sorted(p for p in seen if p not in known)
    return [(p, labels.get(p, p.replace("_", " ") + " s")) for p in parts]


def seconds_text(value):
    return number(value, ".2f")


def build_table(results, parts):
    header = (["shape", "rows", "cols", "our status", "our objective", "our bound", "our gap", "root gap",
               "blocks", "nodes", "our s"] + [label for _, label in parts]
              + ["HiGHS status", "HiGHS objective", "HiGHS bound", "HiGHS gap", "HiGHS s", "HiGHS run",
                 "ratio", "target", "result"])
    rows = []
    for shape, size, mine, ref in results:
        times = mine.get("times") or {}
        ratio = (mine["seconds"] / ref["seconds"]
                 if mine.get("seconds") is not None and ref.get("seconds") else None)
        rows.append(
            [shape.name, str(size[0]), str(size[1]), mine.get("status", "-"),
             number(mine.get("objective"), ".10g"), number(mine.get("best_bound"), ".10g"),
             number(gap(mine), ".1e"), number(root_gap(mine), ".1e"), number(mine.get("blocks"), "d"),
             number(mine.get("nodes"), "d"), seconds_text(mine.get("seconds"))]
            + [seconds_text(times.get(p)) for p, _ in parts]
            + [ref.get("status", "-"), number(ref.get("objective"), ".10g"), number(ref.get("best_bound"), ".10g"),
               number(gap(ref), ".1e"), seconds_text(ref.get("seconds")), ref.get("run", "-"),
               number(ratio, ".2f"), shape.target_text(), verdict(shape, mine) if mine else "-"])
    return header, rows


def print_table(header, rows, markdown):
    if markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|")
        for r in rows:
            print("| " + " | ".join(r) + " |")
        return
    widths = [max(len(header[i]), *(len(r[i]) for r in rows)) + 2 for i in range(len(header))]
    for r in [header] + rows:
        print("".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))))


# --- driver ---------------------------------------------------------------------------------------

def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="shapes:\n" + "\n".join(
                                         f"  {s.name:16} target {s.target_text():16} generate: "
                                         f"{' '.join(s.options) or '(defaults)'}" for s in SHAPES))
    parser.add_argument("--shapes", default=",".join(s.name for s in SHAPES),
                        help="comma-separated shapes: those below (default: all of them), or any other "
                             "AxTxM (assets x steps x markets) with optional suffixes "
                             f"{', '.join('+' + x for x in SUFFIX_OPTIONS)} (the options the issue's shapes "
                             "use), which has no target")
    parser.add_argument("--fleetopt", default=os.path.join(ROOT, "build", "fleetopt"))
    parser.add_argument("--seed", type=int, default=0, help="generator seed of every instance (default 0)")
    parser.add_argument("--time-limit", type=float, default=600.0, help="seconds per solve, both solvers")
    parser.add_argument("--threads", type=int, default=2, help="threads of fleetopt solve (default 2)")
    parser.add_argument("--ours-args", default="",
                        help='extra `fleetopt solve` options as one string; write it with "=" since it starts with '
                             '"--": --ours-args="--no-decompose"')
    parser.add_argument("--highs-cache", default=None, metavar="FILE",
                        help="JSON file of HiGHS results to reuse and extend")
    parser.add_argument("--highs-note", default="",
                        help="note stored with new cache entries (e.g. that other jobs shared the machine)")
    parser.add_argument("--no-highs", action="store_true", help="skip HiGHS")
    parser.add_argument("--no-ours", action="store_true", help="skip our solver (fill the HiGHS cache only)")
    parser.add_argument("--work-dir", default=None,
                        help="keep instances, MPS files and result folders here (default: a temporary folder)")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args(argv)

    names = [n.strip() for n in args.shapes.split(",") if n.strip()]
    unknown = [n for n in names if shape_from_name(n) is None]
    if unknown or not names:
        fail(f"unknown shape(s) {', '.join(unknown) or '(none given)'}; known: "
             + ", ".join(SHAPE_BY_NAME) + f", or AxTxM with suffixes {', '.join('+' + x for x in SUFFIX_OPTIONS)}")
    args.shape_list = [shape_from_name(n) for n in names]
    if not (args.time_limit > 0):
        fail("--time-limit must be positive")
    if args.threads < 0:
        fail("--threads must be >= 0")
    args.fleetopt = os.path.abspath(args.fleetopt)
    if not (os.path.isfile(args.fleetopt) and os.access(args.fleetopt, os.X_OK)):
        fail(f"no fleetopt executable at {args.fleetopt}: build it (cmake --build build) or give --fleetopt PATH")
    try:
        args.ours_extra = shlex.split(args.ours_args)
    except ValueError as e:
        fail(f"--ours-args: {e}")
    if args.no_highs and args.no_ours:
        fail("--no-highs and --no-ours together leave nothing to run")
    if not args.no_highs:
        try:
            import scipy.optimize  # noqa: F401
        except ImportError:
            fail(f"HiGHS needs SciPy, which {sys.executable} does not have: run with /usr/bin/python3 "
                 "(bench/fleet_vs_highs.sh) or pass --no-highs")
    if args.highs_cache:
        args.highs_cache = os.path.abspath(args.highs_cache)
    return args


def run_shape(args, shape, work, cache):
    name = shape.name.replace("+", "_")
    instance_dir = os.path.join(work, name)
    run_tool([args.fleetopt, "generate", "--assets", str(shape.assets), "--steps", str(shape.steps),
              "--markets", str(shape.markets), "--seed", str(args.seed), "--out", instance_dir] + shape.options,
             f"fleetopt generate for {shape.name}")
    instance = os.path.join(instance_dir, "instance.toml")
    mps = os.path.join(work, name + ".mps")
    said = run_tool([args.fleetopt, "export", instance, "--mps", mps, "--formulation", "tight"],
                    f"fleetopt export for {shape.name}")
    found = re.search(r"(\d+) rows, (\d+) columns", said)
    size = (int(found.group(1)), int(found.group(2))) if found else ("?", "?")
    mine = {} if args.no_ours else ours(args, instance, os.path.join(work, name + "-result"))
    ref = {} if args.no_highs else highs(args, shape, mps, cache)
    if mine and ref.get("status") == "optimal" and mine.get("status") == "optimal":
        a, b = mine["objective"], ref["objective"]
        if abs(a - b) > 2 * REL_GAP * max(1.0, abs(a), abs(b)):
            print(f"{shape.name}: WARNING: both optimal but objectives differ beyond the gaps: ours {a}, "
                  f"HiGHS {b}", file=sys.stderr)
    print(f"{shape.name}: ours {mine.get('status', '-')} {number(mine.get('seconds'), '.2f')} s, "
          f"HiGHS {ref.get('status', '-')} {number(ref.get('seconds'), '.2f')} s ({ref.get('run', '-')})",
          file=sys.stderr, flush=True)
    return shape, size, mine, ref


def main(argv):
    args = parse_args(argv)
    cache = load_cache(args.highs_cache) if not args.no_highs else None
    if args.work_dir:
        os.makedirs(args.work_dir, exist_ok=True)
        results = [run_shape(args, s, args.work_dir, cache) for s in args.shape_list]
    else:
        with tempfile.TemporaryDirectory(prefix="fleet_vs_highs_") as work:
            results = [run_shape(args, s, work, cache) for s in args.shape_list]
    header, rows = build_table(results, time_parts(results))
    print_table(header, rows, args.markdown)
    notes = sorted({ref["note"] for _, _, _, ref in results if ref.get("note")})
    for note in notes:
        print(f"\nHiGHS note: {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
