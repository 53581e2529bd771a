"""Prior against the shipped (calibrated) weights on a fresh held-out synthetic set.

The cases are drawn with a seed the shipped weights were never trained on (the bundled
data/calibration/cases_synthetic.csv uses another), labelled by engine.calibration.synthetic's expert function,
and scored by the whole engine (profile, fit, rules, ranking), as a user would see it.

    .venv/bin/python benchmarks/calibration_holdout.py [--n 2000] [--seed 99]
"""
from __future__ import annotations

import argparse

import pandas as pd

from engine import Engine
from engine.calibration.data import cases_from_frame
from engine.calibration.evaluation import metrics, predict_cases
from engine.calibration.prior import prior_weights
from engine.calibration.synthetic import generate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=99)
    args = parser.parse_args()

    shipped = Engine.load()
    prior = shipped.with_weights(prior_weights(shipped.catalogue))
    frame = generate(shipped.questionnaire, shipped.catalogue, args.n, random_state=args.seed)
    cells = frame.astype(str).where(frame.notna(), "")
    cases = cases_from_frame(pd.DataFrame(cells), shipped.questionnaire, shipped.catalogue, source="synthetic")
    print(f"held-out synthetic set: {args.n} cases, seed {args.seed}")
    print(f"{'metric':<16}{'prior':>10}{'calibrated':>12}")
    results = {name: metrics(cases, predict_cases(engine, cases), shipped.catalogue.ids)
               for name, engine in (("prior", prior), ("calibrated", shipped))}
    for key in ("top1", "top2", "macro_f1", "brier", "exit_precision", "exit_recall"):
        print(f"{key:<16}{results['prior'][key]:>10.3f}{results['calibrated'][key]:>12.3f}")


if __name__ == "__main__":
    main()
