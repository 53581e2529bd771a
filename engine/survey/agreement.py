"""Agreement between colleagues who answered the intake for one organisation, and reliability over
organisations: the statistics a consultant needs before trusting a combined result.

Per maturity and readiness dimension, within one organisation:

- ``spread``: the standard deviation (ddof 1) of the respondents' dimension scores (0-100);
- ``r_wg(j)`` (James, Demaree & Wolf 1984): agreement on the dimension's 5-point items against a uniform
  ("random answering") null, ``J(1 - s²/σ²) / (J(1 - s²/σ²) + s²/σ²)`` with ``s²`` the mean observed item
  variance and ``σ² = (A² - 1) / 12 = 2`` for ``A = 5`` options; set to 0 when the observed variance
  exceeds the null's, as the authors advise. Read with LeBreton & Senter (2008): 0.71 and above strong,
  0.51-0.70 moderate, 0.50 and below weak agreement.

Over organisations (respondents nested in organisations), per dimension, from a one-way ANOVA:
``ICC(1) = (MSB - MSW) / (MSB + (k - 1) MSW)`` (how much of a respondent's score is the organisation's)
and ``ICC(2) = (MSB - MSW) / MSB`` (how reliable an organisation's mean is); ``k`` is the average group
size corrected for unequal groups (``k0``). These are Bliese's ICC(1) and ICC(2), Shrout & Fleiss'
ICC(1,1) and ICC(1,k) on balanced groups.

Cronbach's alpha of a scale within one organisation is only reported from :data:`MIN_ALPHA_RESPONDENTS`
respondents on; below that it says why not (a handful of colleagues cannot estimate it).

Everything here works on validated ``{item_id: value}`` answer sets and the engine's scoring; numbers
are plain floats or ``None``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import numpy as np

from ..model.questionnaire import Questionnaire
from ..model.vocabulary import MATURITY_DIMENSIONS, OWNERSHIP, READINESS_DIMENSIONS
from ..model.weights import Weights
from ..scoring.scalar import profile

LIKERT_NULL_VARIANCE = (5 ** 2 - 1) / 12  # a uniform answer on 1..5
# one threshold for every alpha socialfit shows (the batch summary page, the report's agreement section): with
# fewer respondents the estimate is too unstable to mean anything
MIN_ALPHA_RESPONDENTS = 30
STRONG, MODERATE = 0.71, 0.51  # LeBreton & Senter (2008)
ROLE_GAP = 15.0  # points between the highest and lowest role mean that deserve a conversation

DIMENSIONS = tuple(f"maturity.{d}" for d in MATURITY_DIMENSIONS) + tuple(f"readiness.{d}" for d in READINESS_DIMENSIONS)


def r_wg_j(ratings: np.ndarray, null_variance: float = LIKERT_NULL_VARIANCE) -> float | None:
    """r_wg(j) of a (respondents x items) array of ratings; NaN = not answered.

    Item variances use the respondents who answered that item (at least two); ``None`` when no item has
    two answers."""
    ratings = np.asarray(ratings, dtype=float)
    if ratings.ndim != 2:
        raise ValueError("ratings must be a respondents x items array")
    variances = [np.var(col[~np.isnan(col)], ddof=1) for col in ratings.T if np.count_nonzero(~np.isnan(col)) >= 2]
    if not variances:
        return None
    j = len(variances)
    ratio = min(float(np.mean(variances)) / null_variance, 1.0)
    agree = j * (1 - ratio)
    return float(agree / (agree + ratio)) if agree + ratio > 0 else None


def icc_one_way(scores: Sequence[float], groups: Sequence[Any]) -> tuple[float | None, float | None]:
    """(ICC(1), ICC(2)) of ``scores`` nested in ``groups`` (one-way random effects; NaN scores left out).

    ``None`` for both with fewer than two groups, no group with two members, or no variance."""
    y = np.asarray(scores, dtype=float)
    g = np.asarray(groups, dtype=object)
    keep = ~np.isnan(y)
    y, g = y[keep], g[keep]
    labels, codes = np.unique(g.astype(str), return_inverse=True)
    n_groups, n = len(labels), len(y)
    sizes = np.bincount(codes, minlength=n_groups).astype(float)
    if n_groups < 2 or n <= n_groups:
        return None, None
    means = np.bincount(codes, weights=y, minlength=n_groups) / sizes
    grand = y.mean()
    msb = float(np.sum(sizes * (means - grand) ** 2) / (n_groups - 1))
    msw = float(np.sum((y - means[codes]) ** 2) / (n - n_groups))
    k0 = (n - np.sum(sizes ** 2) / n) / (n_groups - 1)
    if msb <= 0 or msb + (k0 - 1) * msw <= 0:
        return None, None
    return (msb - msw) / (msb + (k0 - 1) * msw), (msb - msw) / msb


def cronbach_alpha(items: np.ndarray) -> float | None:
    """Cronbach's alpha of a (respondents x items) array; respondents with a missing item are left out."""
    x = np.asarray(items, dtype=float)
    x = x[~np.isnan(x).any(axis=1)]
    n, k = x.shape
    if n < 2 or k < 2:
        return None
    total = x.sum(axis=1).var(ddof=1)
    if total <= 0:
        return None
    return float(k / (k - 1) * (1 - x.var(axis=0, ddof=1).sum() / total))


@dataclass
class DimensionAgreement:
    dimension: str
    n: int                      # respondents with a score on this dimension
    mean: float | None
    spread: float | None        # SD of the respondents' scores (ddof 1)
    r_wg: float | None          # over the dimension's 5-point items
    likert_items: int
    alpha: float | None = None
    alpha_note: str | None = None  # why alpha is not given
    by_role: dict[str, float] = field(default_factory=dict)  # mean score per role
    role_gap: float | None = None

    @property
    def level(self) -> str:
        """``agree`` / ``moderate`` / ``disagree`` / ``unknown`` (too few answers)."""
        if self.r_wg is None:
            if self.spread is None:
                return "unknown"
            return "agree" if self.spread < 10 else "moderate" if self.spread < 20 else "disagree"
        return "agree" if self.r_wg >= STRONG else "moderate" if self.r_wg >= MODERATE else "disagree"


@dataclass
class ItemDisagreement:
    item: str
    spread: float   # 0-100: SD of the item scores, or for a choice item 100 x the share not choosing the mode
    n: int


@dataclass
class Agreement:
    respondents: int
    dimensions: list[DimensionAgreement]
    items: list[ItemDisagreement]  # most disagreed first

    def by_dimension(self) -> dict[str, DimensionAgreement]:
        return {d.dimension: d for d in self.dimensions}


def _scale_items(q: Questionnaire) -> dict[str, list]:
    out: dict[str, list] = {}
    for item in q.items:
        for scale in item.feeds:
            if scale != OWNERSHIP:
                out.setdefault(scale, []).append(item)
    return out


def agreement(q: Questionnaire, weights: Weights, answer_sets: Sequence[Mapping[str, Any]],
              roles: Sequence[str] | None = None, *, top_items: int = 5) -> Agreement:
    """Agreement among the respondents of one organisation (validated answer sets, one per respondent)."""
    sets = list(answer_sets)
    roles = list(roles) if roles is not None else [None] * len(sets)
    profiles = [profile(q, weights, values) for values in sets]
    scale_items = _scale_items(q)
    dims = []
    for dim in DIMENSIONS:
        group, name = dim.split(".")
        scores = np.array([np.nan if (v := (p.maturity_dimensions if group == "maturity" else p.readiness_dimensions)[name])
                           is None else v for p in profiles], dtype=float)
        known = ~np.isnan(scores)
        likert = [i for i in scale_items.get(dim, []) if i.type == "likert5"]
        ratings = np.array([[np.nan if values.get(i.id) is None else float(values[i.id]) for i in likert]
                            for values in sets], dtype=float).reshape(len(sets), len(likert))
        d = DimensionAgreement(
            dimension=dim, n=int(known.sum()),
            mean=float(scores[known].mean()) if known.any() else None,
            spread=float(scores[known].std(ddof=1)) if known.sum() >= 2 else None,
            r_wg=r_wg_j(ratings) if likert and len(sets) >= 2 else None, likert_items=len(likert))
        items = scale_items.get(dim, [])
        if len(items) < 2:
            d.alpha_note = "one item"
        elif len(sets) < MIN_ALPHA_RESPONDENTS:
            d.alpha_note = f"needs {MIN_ALPHA_RESPONDENTS} respondents"
        else:
            x = np.array([[np.nan if values.get(i.id) is None else i.score(dim, values[i.id]) for i in items]
                          for values in sets], dtype=float)
            d.alpha = cronbach_alpha(x)
        role_scores: dict[str, list[float]] = {}
        for role, s in zip(roles, scores):
            if role is not None and not np.isnan(s):
                role_scores.setdefault(role, []).append(float(s))
        d.by_role = {r: float(np.mean(v)) for r, v in sorted(role_scores.items())}
        if len(d.by_role) >= 2:
            d.role_gap = max(d.by_role.values()) - min(d.by_role.values())
        dims.append(d)
    return Agreement(len(sets), dims, _item_disagreement(q, sets)[:top_items])


def _item_disagreement(q: Questionnaire, sets: list[Mapping[str, Any]]) -> list[ItemDisagreement]:
    out = []
    for item in q.items:
        values = [v[item.id] for v in sets if v.get(item.id) is not None]
        if len(values) < 2:
            continue
        scales = [s for s in item.feeds if s != OWNERSHIP]
        if item.type in ("likert5", "number") and scales:
            spread = float(np.std([item.score(scales[0], v) for v in values], ddof=1))
        elif item.type == "likert5":
            spread = float(np.std([(v - 1) * 25 for v in values], ddof=1))
        else:  # a choice: how many did not pick the most common answer
            keys = [tuple(v) if isinstance(v, list) else v for v in values]
            modal = max(keys.count(k) for k in set(keys))
            spread = 100.0 * (1 - modal / len(keys))
        if spread > 0:
            out.append(ItemDisagreement(item.id, round(spread, 1), len(values)))
    out.sort(key=lambda d: -d.spread)
    return out


def reliability(q: Questionnaire, weights: Weights, answer_sets: Sequence[Mapping[str, Any]],
                groups: Sequence[Any]) -> dict[str, tuple[float | None, float | None]]:
    """ICC(1) and ICC(2) per dimension over respondents nested in organisations (``groups``)."""
    profiles = [profile(q, weights, values) for values in answer_sets]
    out = {}
    for dim in DIMENSIONS:
        group, name = dim.split(".")
        scores = [np.nan if (v := (p.maturity_dimensions if group == "maturity" else p.readiness_dimensions)[name])
                  is None else v for p in profiles]
        out[dim] = icc_one_way(scores, groups)
    return out
