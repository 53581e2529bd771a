"""Memory target of the durable-rules wrapper: 10,000 assessments in one process stay correct and
keep RSS flat (durable keeps sessions in process memory; ours are deleted after each assessment).

Each assessment is checked against a recomputation: the same answers assessed once, up front, by a
separate engine (its own durable Host), and the fired rules against a plain-Python reading of the
rule conditions. Prints RSS after 1,000 and after 10,000 assessments.

    .venv/bin/python benchmarks/durable_memory.py [--n 10000]
"""
from __future__ import annotations

import argparse
import gc
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine import Engine  # noqa: E402
from engine.assessment import rule_fact  # noqa: E402
from engine.calibration.random_answers import random_answers  # noqa: E402
from engine.rules.model import condition_holds  # noqa: E402


def rss_mib() -> float:
    """Resident set size of this process (Linux /proc; psutil elsewhere)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import psutil

    return psutil.Process().memory_info().rss / 2**20






def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--cases", type=int, default=500, help="distinct answer sets cycled through")
    args = parser.parse_args()

    engine = Engine.load()
    reference = Engine.load()  # recomputation: its own durable Host and sessions
    types = {i.id: i.type for i in engine.questionnaire.items}
    rng = random.Random(7)
    cases = []
    for _ in range(args.cases):
        values, _ = engine.validate(random_answers(engine.questionnaire, rng))
        cases.append((values, reference.assess_valid(values, language="en").to_dict()))

    engine.assess_valid(cases[0][0], language="en")  # start the Host before the first measurement
    gc.collect()
    start_rss = rss_mib()
    checkpoints = {}
    errors = 0
    start = time.perf_counter()
    for n in range(1, args.n + 1):
        values, expected = cases[n % len(cases)]
        result = engine.assess_valid(values, language="en")
        fired = [t["rule"] for t in result.trace]
        oracle = [r.id for r in engine.rules.rules if condition_holds(r.when, rule_fact(result.profile, values, types))]
        if result.to_dict() != expected or fired != oracle:
            errors += 1
            if errors <= 5:
                print(f"MISMATCH at assessment {n}: fired {fired}, oracle {oracle}", file=sys.stderr)
        if n in (1_000, args.n):
            gc.collect()
            checkpoints[n] = rss_mib()
    elapsed = time.perf_counter() - start

    print(f"{args.n} assessments through the durable wrapper in {elapsed:.1f} s "
          f"({elapsed / args.n * 1000:.2f} ms each, incl. the correctness checks)")
    print(f"  RSS before:            {start_rss:7.1f} MiB")
    for n, rss in checkpoints.items():
        print(f"  RSS after {n:>6,}:     {rss:7.1f} MiB")
    growth = checkpoints[args.n] - checkpoints.get(1_000, start_rss)
    print(f"  growth 1,000 -> {args.n:,}: {growth:+.1f} MiB")
    print(f"  correct: {args.n - errors}/{args.n} (against a recomputation and a plain-Python rule check)")
    if errors:
        sys.exit(1)


if __name__ == "__main__":
    main()
