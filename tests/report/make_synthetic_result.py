#!/usr/bin/env python3
"""Writes a synthetic instance and a feasible result folder in the formats of docs/model.md
sections 4 and 6, for report tests at any size (100 assets x 8,760 steps included).

    make_synthetic_result.py OUT_DIR --assets A --markets M --steps T [--seed S]

gives OUT_DIR/instance/{instance.toml,prices.csv} and OUT_DIR/result/{summary.json,bids.csv,
dispatch.csv}. The schedule is random but feasible (each asset either charges, discharges or idles
within its prequalified powers, power and state-of-charge bounds; x = sum of p), and summary.json's
objective is the spec's revenue of that schedule, computed here independently of fleetopt.
Standard library only; its own xorshift generator, so the files are the same on every machine.
"""
import argparse
import json
import os


class XorShift64:
    def __init__(self, seed):
        self.state = (seed * 0x9E3779B97F4A7C15 + 1) & 0xFFFFFFFFFFFFFFFF or 1

    def next(self):
        x = self.state
        x ^= (x << 13) & 0xFFFFFFFFFFFFFFFF
        x ^= x >> 7
        x ^= (x << 17) & 0xFFFFFFFFFFFFFFFF
        self.state = x
        return x

    def uniform(self):  # [0, 1) with 53 random bits
        return (self.next() >> 11) / float(1 << 53)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--assets", type=int, default=3)
    ap.add_argument("--markets", type=int, default=4)
    ap.add_argument("--steps", type=int, default=48)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    A, M, T = args.assets, args.markets, args.steps
    rng = XorShift64(args.seed)
    dt = 1.0
    directions = ["up" if m % 2 == 0 else "down" for m in range(M)]
    settlements = ["reserve" if m == M - 1 and M >= 3 else "energy" for m in range(M)]
    mnames = ["m%d_%s" % (m, directions[m]) for m in range(M)]
    anames = ["a%d" % a for a in range(A)]
    labels = ["%04d-%02d-%02dT%02d:00:00Z" % ymdh for ymdh in hours_from_2025(T)]
    prices = [[round(100 * rng.uniform(), 2) for _ in range(M)] for _ in range(T)]
    assets = []
    for a in range(A):
        energy = 20.0
        assets.append(dict(power=10.0, energy=energy, soc0=10.0, socmin=2.0, socmax=energy,
                           kappa=0.5, q=[float(int(10 * rng.uniform())) for _ in range(M)]))

    inst_dir = os.path.join(args.out, "instance")
    res_dir = os.path.join(args.out, "result")
    os.makedirs(inst_dir, exist_ok=True)
    os.makedirs(res_dir, exist_ok=True)
    with open(os.path.join(inst_dir, "instance.toml"), "w") as f:
        f.write('name = "synthetic-%dx%dx%d"\nstep_hours = %r\nprices = "prices.csv"\n' % (A, M, T, dt))
        for m in range(M):
            f.write('\n[[market]]\nname = "%s"\ndirection = "%s"\nsettlement = "%s"\n'
                    % (mnames[m], directions[m], settlements[m]))
        for a, s in enumerate(assets):
            q = ", ".join("%s = %r" % (mnames[m], s["q"][m]) for m in range(M))
            f.write('\n[[asset]]\nname = "%s"\npower_mw = %r\nenergy_mwh = %r\nsoc_initial_mwh = %r\n'
                    'soc_min_mwh = %r\ncycle_cost_eur_per_mwh = %r\nprequalified_mw = { %s }\n'
                    % (anames[a], s["power"], s["energy"], s["soc0"], s["socmin"], s["kappa"], q))
    with open(os.path.join(inst_dir, "prices.csv"), "w") as f:
        f.write("time," + ",".join(mnames) + "\n")
        for t in range(T):
            f.write(labels[t] + "," + ",".join("%.2f" % p for p in prices[t]) + "\n")

    up = [m for m in range(M) if directions[m] == "up"]
    down = [m for m in range(M) if directions[m] == "down"]
    x = [[0.0] * M for _ in range(T)]
    rows = []
    objective = 0.0
    for a, s in enumerate(assets):
        soc = s["soc0"]
        for t in range(T):
            p = [0.0] * M
            u = rng.uniform()
            # Quarter-MW amounts keep every sum exact in binary floating point.
            if u < 0.4 and soc > s["socmin"]:
                room = min(s["power"], (soc - s["socmin"]) / dt)
                for m in up:
                    take = min(s["q"][m], room, int(4 * s["q"][m] * rng.uniform()) / 4)
                    p[m], room = take, room - take
                mode = "discharge"
            elif u < 0.8 and soc < s["socmax"]:
                room = min(s["power"], (s["socmax"] - soc) / dt)
                for m in down:
                    take = min(s["q"][m], room, int(4 * s["q"][m] * rng.uniform()) / 4)
                    p[m], room = take, room - take
                mode = "charge"
            soc += dt * (sum(p[m] for m in down) - sum(p[m] for m in up))
            if not any(p):
                mode = "idle"
            for m in range(M):
                x[t][m] += p[m]
            objective -= s["kappa"] * dt * sum(p[m] for m in up)
            rows.append((anames[a], labels[t], mode, soc, p))
        if soc < s["socmin"]:
            raise SystemExit("bug: final state below its minimum")
    for t in range(T):
        for m in range(M):
            sign = 1.0 if directions[m] == "up" or settlements[m] == "reserve" else -1.0
            objective += sign * prices[t][m] * dt * x[t][m]

    summary = dict(instance="synthetic-%dx%dx%d" % (A, M, T), status="feasible", objective=objective,
                   best_bound=objective * 1.01 + 1.0, gap=None, nodes=0, lp_iterations=0, seconds=0.0,
                   assets=A, markets=M, steps=T, solver="synthetic", solver_version="1",
                   formulation="tight", message="random feasible schedule (tests/report)")
    summary["gap"] = (summary["best_bound"] - objective) / max(1.0, abs(objective))
    with open(os.path.join(res_dir, "summary.json"), "w") as f:
        json.dump(summary, f, indent=2)
    with open(os.path.join(res_dir, "bids.csv"), "w") as f:
        f.write("time,market,direction,mw\n")
        for t in range(T):
            for m in range(M):
                f.write("%s,%s,%s,%r\n" % (labels[t], mnames[m], directions[m], x[t][m]))
    with open(os.path.join(res_dir, "dispatch.csv"), "w") as f:
        f.write("asset,time,mode,soc_mwh," + ",".join(n + "_mw" for n in mnames) + "\n")
        for name, label, mode, soc, p in rows:
            f.write("%s,%s,%s,%r,%s\n" % (name, label, mode, soc, ",".join(repr(v) for v in p)))


def hours_from_2025(count):
    days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    y, mo, d, h = 2025, 1, 1, 0
    for _ in range(count):
        yield (y, mo, d, h)
        h += 1
        if h == 24:
            h, d = 0, d + 1
            leap = y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
            if d > days[mo - 1] + (1 if mo == 2 and leap else 0):
                d, mo = 1, mo + 1
                if mo == 13:
                    mo, y = 1, y + 1


if __name__ == "__main__":
    main()
