"""Speed target of `socialfit score`: one answers file, whole process, at most 3x the time of
`python -c "import click, durable.lang"` (the two libraries the command cannot do without).

Prints the median of several runs of both, and the ratio. Run from anywhere:

    .venv/bin/python benchmarks/score_speed.py [--runs 15]

The parse/validation cache is left as a user would have it (warm after the first run); pass
--no-cache to measure with SOCIALFIT_NO_CACHE=1 as well.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 3.0


def timed(cmd: list[str], env: dict[str, str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            sys.exit(f"{' '.join(cmd)} failed:\n{done.stderr.decode()}")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--no-cache", action="store_true", help="also measure with the caches off")
    args = parser.parse_args()

    bindir = Path(sys.executable).parent
    socialfit = str(bindir / "socialfit")
    answers = "data/samples/example_answers.yaml"
    env = dict(os.environ)
    baseline_cmd = [sys.executable, "-c", "import click, durable.lang"]
    score_cmd = [socialfit, "score", answers]

    timed(baseline_cmd, env, 2)  # warm the OS file cache
    timed(score_cmd, env, 2)     # ... and socialfit's parse cache
    rows = [("baseline: python -c 'import click, durable.lang'", baseline_cmd, env),
            (f"socialfit score {answers}", score_cmd, env)]
    if args.no_cache:
        rows.append((f"socialfit score {answers} (SOCIALFIT_NO_CACHE=1)", score_cmd, {**env, "SOCIALFIT_NO_CACHE": "1"}))

    # interleave the runs so that machine noise hits both alike
    samples: dict[str, list[float]] = {label: [] for label, _, _ in rows}
    for _ in range(args.runs):
        for label, cmd, run_env in rows:
            samples[label] += timed(cmd, run_env, 1)

    base = statistics.median(samples[rows[0][0]])
    print(f"median of {args.runs} runs each (whole process, wall clock):")
    for label, _, _ in rows:
        med = statistics.median(samples[label])
        ratio = med / base
        verdict = "" if label == rows[0][0] else f"  ratio {ratio:.2f}x (target <= {TARGET:g}x: {'ok' if ratio <= TARGET else 'OVER'})"
        print(f"  {med * 1000:7.1f} ms  {label}{verdict}")


if __name__ == "__main__":
    main()
