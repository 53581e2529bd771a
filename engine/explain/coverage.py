"""Rule coverage: how often each rule fires over the golden cases and over a seeded random sample of
valid responses, and which rules never fire.

The random sample is drawn straight into a coded frame (:func:`random_frame`), column by column with
numpy, with the same distribution as :mod:`engine.calibration.random_answers` (Likert and choices
uniform, each option of a multiple choice with probability 0.4, numbers mostly small; "don't know"
per row at a rate of 0, 10% or 45%; optional items left open 30% of the time), then the answers to
hidden items are blanked as the validation drops them. Every rule is evaluated on every row at once
(:func:`engine.rules.vectorised.assess_frame`).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from ..i18n import t
from ..model.questionnaire import Questionnaire
from ..rules.vectorised import assess_frame
from ..scoring import vectorised as bs

SAMPLE = 100_000
SEED = 20260101
DONT_KNOW_RATES = (0.0, 0.1, 0.45)
SKIP_OPTIONAL = 0.3
MULTI_CHOSEN = 0.4


def random_frame(q: Questionnaire, n: int, *, seed: int = SEED) -> pd.DataFrame:
    """``n`` random valid responses as a coded frame (hidden answers blank)."""
    rng = np.random.default_rng(seed)
    dont_know = rng.choice(np.asarray(DONT_KNOW_RATES), size=n)
    cols: dict[str, np.ndarray] = {}
    for item in q.items:
        unknown = np.zeros(n, dtype=bool)
        if not item.required:
            unknown |= rng.random(n) < SKIP_OPTIONAL
        if item.dont_know:
            unknown |= rng.random(n) < dont_know
        if item.type == "multi":
            chosen = rng.random((n, len(item.options))) < MULTI_CHOSEN
            for k, o in enumerate(item.options):
                cols[bs.option_column(item.id, o.value)] = np.where(unknown, np.nan, chosen[:, k].astype(float))
            continue
        if item.type == "likert5":
            v = rng.integers(1, 6, size=n).astype(float)
        elif item.type == "single":
            v = rng.integers(0, len(item.options), size=n).astype(float)
        else:
            lo, hi = float(item.min), float(item.max)
            small = rng.random(n) < 0.7
            top = np.where(small, np.minimum(hi, lo + 60), hi)
            v = lo + rng.random(n) * (top - lo)
            v = np.where(rng.random(n) < 0.8, np.floor(v), np.round(v, 1))
        cols[item.id] = np.where(unknown, np.nan, v)
    frame = pd.DataFrame({c: cols[c] for c in bs.coded_columns(q)})
    return bs.drop_hidden(q, frame)[0]


@dataclass(frozen=True)
class RuleCoverage:
    rule: str
    stage: str
    source: str
    cases: int  # golden cases it fires on
    sample: int  # random responses it fires on

    def to_dict(self, n_cases: int, n_sample: int) -> dict:
        return {"rule": self.rule, "stage": self.stage, "file": self.source, "cases": self.cases,
                "cases_share": round(self.cases / n_cases, 4) if n_cases else None,
                "sample": self.sample, "sample_share": round(self.sample / n_sample, 4) if n_sample else None}


@dataclass(frozen=True)
class Coverage:
    rules: tuple[RuleCoverage, ...]
    case_names: tuple[str, ...]
    sample_size: int
    seed: int

    @property
    def never(self) -> list[str]:
        """Rules that fire on no golden case and no sampled response."""
        return [r.rule for r in self.rules if r.cases == 0 and r.sample == 0]

    @property
    def never_in_cases(self) -> list[str]:
        return [r.rule for r in self.rules if r.cases == 0]

    def to_dict(self) -> dict:
        n, m = len(self.case_names), self.sample_size
        return {"format": "socialfit.coverage", "format_version": 1, "cases": n, "sample": m, "seed": self.seed,
                "rules": [r.to_dict(n, m) for r in self.rules], "never_fired": self.never,
                "never_fired_in_cases": self.never_in_cases}


def fired_counts(engine, frame: pd.DataFrame) -> np.ndarray:
    """How many rows each rule (evaluation order) fires on."""
    if len(frame) == 0:
        return np.zeros(len(engine.rules.rules), dtype=np.int64)
    _, _, outcome = assess_frame(engine, frame)
    return outcome.fired.sum(axis=0)


def coverage(engine, cases: Sequence[tuple[str, Mapping[str, Any]]], *, sample: int = SAMPLE,
             seed: int = SEED) -> Coverage:
    """Fire counts over ``cases`` (name, validated answers) and ``sample`` random responses."""
    q = engine.questionnaire
    case_frame = bs.coded_from_values(q, [values for _, values in cases])
    on_cases = fired_counts(engine, case_frame)
    on_sample = fired_counts(engine, random_frame(q, sample, seed=seed)) if sample else np.zeros_like(on_cases)
    rows = tuple(RuleCoverage(r.id, r.stage, r.source, int(c), int(s))
                 for r, c, s in zip(engine.rules.rules, on_cases, on_sample))
    return Coverage(rows, tuple(name for name, _ in cases), sample, seed)


def coverage_table(result: Coverage, lang: str = "en") -> str:
    """The table of ``socialfit rules coverage`` in ``lang``: per rule its stage, on how many cases and on
    how many sampled responses it fires; then the totals and the rules that never fire."""
    n, m = len(result.case_names), result.sample_size
    width = max([len(r.rule) for r in result.rules] + [len(t("coverage.rule", lang))])
    stages = {r.stage: t(f"coverage.stage.{r.stage}", lang) for r in result.rules}
    sw = max([len(v) for v in stages.values()] + [len(t("coverage.stage", lang)), 8])
    lines = [f"{t('coverage.rule', lang):<{width}}  {t('coverage.stage', lang):<{sw}}  "
             f"{t('coverage.cases', lang):>11}  {t('coverage.sample', lang):>18}"]
    for r in result.rules:
        cases = f"{r.cases}/{n}" if n else "-"
        share = f"{r.sample:,} ({r.sample / m:.1%})" if m else "-"
        lines.append(f"{r.rule:<{width}}  {stages[r.stage]:<{sw}}  {cases:>11}  {share:>18}")
    none = t("coverage.none", lang)
    lines.append("")
    lines.append(t("coverage.totals", lang, cases=n, sample=f"{m:,}", seed=result.seed))
    lines.append(t("coverage.never", lang, rules=", ".join(result.never) or none))
    if n:
        lines.append(t("coverage.never_cases", lang, rules=", ".join(result.never_in_cases) or none))
    return "\n".join(lines) + "\n"
