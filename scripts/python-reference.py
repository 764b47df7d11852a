#!/usr/bin/env python3
"""Reference computations for Linli's tests, with the pinned test-only Python
tools in .build-py/ (scripts/deps.d/python-tools.sh): SALib's Sobol indices
and ema_workbench's PRIM on the same data Linli used. Prints JSON on stdout.

  python-reference.py sobol RUNS_CSV METRIC FACTOR[,FACTOR...]
      Per-point means of METRIC over replicates from a saltelli sweep's
      runs.csv, in point order, into SALib.analyze.sobol.analyze
      (calc_second_order=False): {"S1": [...], "ST": [...], "salib": version}.
  python-reference.py sobol-values VALUES_TXT FACTOR[,FACTOR...]
      The same on outputs given one per line (in Saltelli point order).
  python-reference.py prim DATA_CSV PEEL_ALPHA PASTE_ALPHA MASS_MIN
      DATA_CSV: factor columns then `y` (0/1); every factor is a float.
      ema_workbench's Prim (lenient1 objective), one box: the trajectory
      (coverage, density, mass, res_dim) and each box's limits.
"""
import csv
import json
import sys
import warnings

warnings.filterwarnings("ignore")


def sobol(runs_csv, metric, factors):
    sums, counts = {}, {}
    with open(runs_csv, newline="") as f:
        for row in csv.DictReader(f):
            p = int(row["point"])
            v = float(row[metric]) if row[metric] not in ("NA", "") else float("nan")
            sums[p] = sums.get(p, 0.0) + v
            counts[p] = counts.get(p, 0) + 1
    points = sorted(sums)
    return salib_indices([sums[p] / counts[p] for p in points], factors)


def sobol_values(values_txt, factors):
    with open(values_txt) as f:
        return salib_indices([float(line) for line in f if line.strip()], factors)


def salib_indices(values, factors):
    import numpy as np
    from importlib.metadata import version
    from SALib.analyze import sobol as salib_sobol

    y = np.array(values)
    names = factors.split(",")
    problem = {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names)}
    s = salib_sobol.analyze(problem, y, calc_second_order=False, num_resamples=100, seed=1, print_to_console=False)
    return {"S1": [float(v) for v in s["S1"]], "ST": [float(v) for v in s["ST"]], "salib": version("SALib")}


def prim(data_csv, peel_alpha, paste_alpha, mass_min):
    import numpy as np
    import pandas as pd
    import ema_workbench
    from ema_workbench.analysis import prim as ema_prim

    data = pd.read_csv(data_csv, dtype=float)
    y = data.pop("y").astype(int).to_numpy()
    p = ema_prim.Prim(data, y, peel_alpha=float(peel_alpha), paste_alpha=float(paste_alpha), mass_min=float(mass_min))
    box = p.find_box()
    t = box.peeling_trajectory
    limits = [{c: [float(b.loc[0, c]), float(b.loc[1, c])] for c in data.columns} for b in box.box_lims]
    return {
        "coverage": [float(v) for v in t["coverage"]],
        "density": [float(v) for v in t["density"]],
        "mass": [float(v) for v in t["mass"]],
        "res_dim": [int(v) for v in t["res_dim"]],
        "limits": limits,
        "ema_workbench": ema_workbench.__version__,
    }


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    out = {"sobol": sobol, "sobol-values": sobol_values, "prim": prim}[command](*args)
    json.dump(out, sys.stdout)
    print()
