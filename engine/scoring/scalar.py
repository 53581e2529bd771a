"""Answers -> scores for one organisation: maturity, readiness, needs, ownership, features and the
base fit of every model (before the rules). Pure Python: ``socialfit score`` must start fast.
The vectorised twin for DataFrames is :mod:`engine.scoring.scalar.vectorised`; a test proves them equal.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Mapping

from ..model.questionnaire import Questionnaire
from ..model.vocabulary import (FEATURES, LEANS, MATURITY_DIMENSIONS, NEEDS, NEUTRAL, OWNERS, OWNERSHIP,
                                READINESS_DIMENSIONS, UNASSIGNED)
from ..model.weights import Weights


@dataclass(frozen=True)
class Profile:
    """Everything measured about one organisation (scores 0-100; ``None`` when nothing was known)."""

    maturity: float | None
    stage: int | None
    maturity_dimensions: Mapping[str, float | None]
    readiness: float | None
    readiness_dimensions: Mapping[str, float | None]
    needs: Mapping[str, float | None]
    shares: Mapping[str, float]
    primary_owner: str  # one of OWNERS, or UNASSIGNED when every owner question says "nobody yet"
    unknown_share: float  # fraction of visible items answered "don't know" or left open
    leans: str | None = None  # marketing, service or strategic (the source's three-way question); None: no lean

    @property
    def ownership_assigned(self) -> bool:
        return self.primary_owner != UNASSIGNED


def item_weight(weights: Weights, item_id: str, scale: str, default: float) -> float:
    return weights.item_weights.get(item_id, {}).get(scale, default)


def scale_scores(q: Questionnaire, weights: Weights, answers: Mapping[str, Any]) -> dict[str, float | None]:
    """Weighted mean item score per scale over answered items (don't know left out)."""
    num: dict[str, float] = {}
    den: dict[str, float] = {}
    for item in q.items:
        value = answers.get(item.id)
        if value is None:
            continue
        for scale, default in item.feeds.items():
            if scale == OWNERSHIP:
                continue
            w = item_weight(weights, item.id, scale, default)
            num[scale] = num.get(scale, 0.0) + w * item.score(scale, value)
            den[scale] = den.get(scale, 0.0) + w
    return {scale: clamp_score(num[scale] / den[scale]) for scale in num if den[scale] > 0}


def clamp_score(value: float) -> float:
    """Keep a score inside 0..100: a weighted mean with fractional weights can overshoot by one ulp, and
    a fit raised or lowered by rules can leave the range."""
    return min(100.0, max(0.0, value))


def weighted_mean(values: Mapping[str, float | None], dim_weights: Mapping[str, float]) -> float | None:
    num = den = 0.0
    for dim, value in values.items():
        w = dim_weights.get(dim, 1.0)
        if value is not None and w > 0:
            num += w * value
            den += w
    return clamp_score(num / den) if den > 0 else None


def ownership(q: Questionnaire, weights: Weights, answers: Mapping[str, Any]) -> tuple[dict[str, float], str, str | None]:
    """Shares per owner (sum 1, in the order of OWNERS), the primary owner and the lean.

    Ties for the primary owner go to the first in the order of OWNERS. The primary owner is
    ``UNASSIGNED`` when at least one owner question was answered and every answered one says "nobody
    yet" (an option with all shares 0); the shares then come from the other ownership items
    (objectives, structure), or are even when there are none. The lean answers the source's three-way
    question: the largest of the marketing, service and strategic shares (first on ties), ``None`` when
    all three are 0 or nothing was known.
    """
    n = len(OWNERS)
    total = [0.0] * n
    owner_answers = assigned = 0
    for item in q.items:
        if OWNERSHIP not in item.feeds:
            continue
        value = answers.get(item.id)
        vec = item.shares(value) if value is not None else None
        if vec is None:
            continue
        w = item_weight(weights, item.id, OWNERSHIP, item.feeds[OWNERSHIP])
        for i in range(n):
            total[i] += w * vec[i]
        if item.asks_owner:
            owner_answers += 1
            assigned += any(vec)
    s = 0.0
    for t in total:  # left to right, as the vectorised twin adds its columns
        s += t
    shares = [t / s for t in total] if s > 0 else [1 / n] * n
    if owner_answers and not assigned:
        primary = UNASSIGNED
    else:
        primary = OWNERS[max(range(n), key=lambda i: (shares[i], -i))]
    lean_idx = [OWNERS.index(o) for o in LEANS]
    best = max(lean_idx, key=lambda i: (shares[i], -i))
    leans = LEANS[lean_idx.index(best)] if s > 0 and shares[best] > 0 else None
    return dict(zip(OWNERS, shares)), primary, leans


def profile(q: Questionnaire, weights: Weights, answers: Mapping[str, Any]) -> Profile:
    """Score one organisation's validated answers."""
    scores = scale_scores(q, weights, answers)
    mat_dims = {d: scores.get(f"maturity.{d}") for d in MATURITY_DIMENSIONS}
    ready_dims = {d: scores.get(f"readiness.{d}") for d in READINESS_DIMENSIONS}
    maturity = weighted_mean(mat_dims, weights.maturity_dimensions)
    stage = q.stage_for(maturity)
    shares, primary, leans = ownership(q, weights, answers)
    shown = q.visible(answers)
    visible = [i for i in q.items if shown[i.id]]
    unknown = sum(1 for i in visible if answers.get(i.id) is None)
    return Profile(
        maturity=maturity, stage=stage.stage if stage else None, maturity_dimensions=mat_dims,
        readiness=weighted_mean(ready_dims, weights.readiness_dimensions), readiness_dimensions=ready_dims,
        needs={n: scores.get(f"needs.{n}") for n in NEEDS}, shares=shares, primary_owner=primary,
        unknown_share=unknown / len(visible) if visible else 0.0, leans=leans,
    )


def _unit(score: float | None) -> float:
    return NEUTRAL if score is None else score / 100.0


def features(p: Profile) -> dict[str, float]:
    """The model-fit features (0..1) of a profile, keyed by :data:`FEATURES` names."""
    x = {f"need_{n}": _unit(p.needs[n]) for n in NEEDS}
    m = _unit(p.maturity)
    x["maturity"] = m
    x["maturity_mid"] = 1.0 - abs(2.0 * m - 1.0)
    x["readiness"] = _unit(p.readiness)
    for o in OWNERS:
        x[f"own_{o}"] = p.shares[o]
    return {f: x[f] for f in FEATURES}


def sigmoid_fit(z: float) -> float:
    """Linear score -> fit 0..100."""
    if z >= 0:
        return 100.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return 100.0 * e / (1.0 + e)


def base_fits(z: Mapping[str, float]) -> dict[str, float]:
    """Base fit per model: ``100 * sigmoid(z - mean(z))``.

    The calibrated model is a softmax over the nine models, which only fixes the differences between
    the ``z`` values; centring them on their mean makes the fit say how much better or worse than the
    average model each one suits (50 = average) instead of piling every fit up near 100.
    The mean is a left-to-right sum, as the vectorised twin computes it.
    """
    mean = sum(z.values()) / len(z)
    return {m: sigmoid_fit(v - mean) for m, v in z.items()}


def linear_scores(weights: Weights, model_ids: tuple[str, ...], x: Mapping[str, float]) -> dict[str, float]:
    """``z`` per model; terms are added in feature order (the vectorised twin does the same)."""
    out = {}
    for model in model_ids:
        bias, coef = weights.coefficients(model)
        z = bias
        for f, w in zip(weights.features, coef):
            z += w * x[f]
        out[model] = z
    return out
