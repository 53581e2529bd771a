"""Speed of the explanations for one organisation, in one process, against a baseline measured in the
same run: one plain assessment (`Engine.assess_valid`, durable-rules) of the same answers.

Targets: `what_if` (the smallest changes for the top model and the exit) at most 1 s, and `stability`
(1,000 perturbed weight sets plus every answer moved one step) at most 1 s, for each organisation of
the golden vignettes and the example answers. Prints the median and the worst per job, and the ratios
to the baseline. Also the batch's answer-step columns per row. Run from anywhere:

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
from engine.explain.stability import answer_step_shares, stability  # noqa: E402
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
    frame = random_frame(engine.questionnaire, 5000, seed=1)
    start = time.perf_counter()
    answer_step_shares(engine, frame)
    took = time.perf_counter() - start
    print(f"batch --stability (answer steps), 5,000 rows: {took:.2f} s, {5000 / took:,.0f} rows/s")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
