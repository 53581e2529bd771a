"""Speed of the explanations for one organisation, in one process, against a baseline measured in the
same run: one plain assessment (`Engine.assess_valid`, durable-rules) of the same answers.

Targets: `what_if` (the smallest changes for the top model and the exit) at most 1 s, and `stability`
(1,000 perturbed weight sets plus every answer moved one step) at most 1 s, for each organisation of
the golden vignettes and the example answers. Prints the median and the worst per job, and the ratios
to the baseline. Also the cost of the batch's stability columns per 1,000 rows (1,000 weight draws and
the answer steps, each part alone and together). Run from anywhere:

    .venv/bin/python benchmarks/explain_speed.py [--runs 5]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from engine import Engine  # noqa: E402
from engine.explain.coverage import random_frame  # noqa: E402
from engine.explain.perturb import perturbed_outcomes_many, weight_draws  # noqa: E402
from engine.explain.stability import answer_step_shares, figure_shares, stability  # noqa: E402
from engine.explain.whatif import what_if  # noqa: E402
from engine.model.answers import answers_from_document  # noqa: E402

TARGET_S = 1.0


def organisations(engine) -> list[tuple[str, dict]]:
    out = [("example", engine.read_answers(ROOT / "data" / "samples" / "example_answers.yaml").values)]
    for path in sorted((ROOT / "tests" / "vignettes").glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        doc = {k: v for k, v in doc.items() if k not in ("expect", "rationale", "name")}
        out.append((path.stem, answers_from_document(engine.questionnaire, doc, str(path)).values))
    return out


def best_of(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def batch_stability(engine, rows: int = 1000) -> None:
    """The batch's stability columns (figure_shares) per 1,000 rows, and its two parts, measured once each."""
    frame = random_frame(engine.questionnaire, rows, seed=1)
    wd = weight_draws(engine, draws=1000, spread=0.2, seed=1)
    took = {}
    for name, job in (("answer steps", lambda: answer_step_shares(engine, frame)),
                      ("1,000 weight draws", lambda: perturbed_outcomes_many(engine, frame, wd)),
                      ("both (the columns)", lambda: figure_shares(engine, frame))):
        start = time.perf_counter()
        job()
        took[name] = time.perf_counter() - start
    for name, s in took.items():
        print(f"batch --stability, {name:<20} {s * 1000 / rows:6.2f} s per 1,000 rows ({rows / s:,.0f} rows/s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per organisation and job (the best counts)")
    args = parser.parse_args()
    engine = Engine.load()
    orgs = organisations(engine)
    engine.assess_valid(orgs[0][1])  # start the durable host and warm the caches
    what_if(engine, orgs[0][1])
    stability(engine, orgs[0][1])
    jobs = {
        "assess (baseline)": lambda v: engine.assess_valid(v),
        "what_if (top model and exit)": lambda v: what_if(engine, v),
        "stability (1,000 weight draws + answer steps)": lambda v: stability(engine, v),
    }
    results: dict[str, list[float]] = {name: [] for name in jobs}
    for _, values in orgs:
        for name, job in jobs.items():
            results[name].append(best_of(lambda job=job, values=values: job(values), args.runs))
    base = statistics.median(results["assess (baseline)"])
    print(f"{len(orgs)} organisations, best of {args.runs} runs each")
    print(f"{'job':<48} {'median':>10} {'worst':>10} {'× baseline':>11}  target")
    failed = False
    for name, times in results.items():
        med, worst = statistics.median(times), max(times)
        target = "" if name.startswith("assess") else f"≤ {TARGET_S:.0f} s: {'ok' if worst <= TARGET_S else 'MISSED'}"
        failed |= not name.startswith("assess") and worst > TARGET_S
        print(f"{name:<48} {med * 1000:>8.1f} ms {worst * 1000:>7.1f} ms {med / base:>10.1f}×  {target}")
    batch_stability(engine)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
