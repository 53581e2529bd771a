"""Random *valid* answers to a questionnaire, for equality tests, property tests, calibration and
benchmarks. Every answer passes :func:`engine.model.answers.validate_answers`; answers to items hidden by
show-if are left out, as a survey tool would leave them blank.

    rng = random.Random(7)
    answers = random_answers(engine.questionnaire, rng)          # one {item_id: value}
    rows = random_answer_rows(engine.questionnaire, 10_000, seed=7)
"""
from __future__ import annotations

import random
from typing import Any

from ..model.questionnaire import Item, Questionnaire


def _value(item: Item, rng: random.Random) -> Any:
    if item.type == "likert5":
        return rng.randint(1, 5)
    if item.type == "single":
        return rng.choice(item.options).value
    if item.type == "multi":  # any subset, listed in questionnaire order
        return [o.value for o in item.options if rng.random() < 0.4]
    lo, hi = item.min, item.max
    if rng.random() < 0.7:  # mostly small numbers, where the bands are; some anywhere in range
        hi = min(hi, lo + 60)
    value = rng.uniform(lo, hi)
    return int(value) if rng.random() < 0.8 else round(value, 1)


def random_answers(q: Questionnaire, rng: random.Random, *, dont_know: float = 0.1,
                   skip_optional: float = 0.3) -> dict[str, Any]:
    """One valid answer set: every visible required item answered (``None`` = don't know where
    allowed, with probability ``dont_know``); optional items left out with ``skip_optional``."""
    values: dict[str, Any] = {}
    for item in q.items:
        if not item.required and rng.random() < skip_optional:
            continue
        if item.dont_know and rng.random() < dont_know:
            values[item.id] = None
        else:
            values[item.id] = _value(item, rng)
    shown = q.visible(values)  # show-if only looks back, so the final answers decide it
    return {k: v for k, v in values.items() if shown[k]}


def random_answer_rows(q: Questionnaire, n: int, *, seed: int = 0,
                       dont_know: float | None = None) -> list[dict[str, Any]]:
    """``n`` independent answer sets from one seed (reproducible). Without ``dont_know`` each row
    draws its own rate (0, 0.1 or 0.45), so that both careful and unsure respondents occur."""
    rng = random.Random(seed)
    return [random_answers(q, rng, dont_know=rng.choice((0.0, 0.1, 0.45)) if dont_know is None else dont_know)
            for _ in range(n)]
