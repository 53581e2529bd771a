"""The weights part of the stability figure, for one organisation or many at once.

One seeded set of ``draws`` perturbed weight sets (:class:`WeightDraws`: every model's bias and feature
weights and the maturity and readiness dimension weights, each times a uniform factor in ``1 ± spread``)
is applied to every row alike -- common random numbers, so that a row's figure in a batch is exactly
the figure :func:`engine.explain.stability.stability` gives for that organisation alone, and two rows
differ only because their answers do.

Rows are expanded to ``rows x draws`` evaluations a chunk at a time (:data:`CELLS` evaluations per
chunk), so memory stays bounded whatever the number of rows. Only what the weights move is recomputed
per draw: maturity (and with it the stage), readiness, the linear scores, and the rules whose condition
names one of those; the rest of the profile and the other rules are computed once per row.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..model.vocabulary import MATURITY_DIMENSIONS, READINESS_DIMENSIONS
from ..rules.model import Group, Leaf
from ..rules.vectorised import apply_effects, condition_mask, fired_matrix, rule_fields
from ..scoring import vectorised as bs
from .decision import codes as decision_codes

# Evaluations (rows x draws) per chunk: about 60 MB at the bundled questionnaire and rules.
CELLS = 50_000
# The rule fields that a weight draw moves (every other field is the same in every draw).
MOVED_FIELDS = frozenset({"maturity.score", "maturity.stage", "readiness.score"})


@dataclass(frozen=True)
class WeightDraws:
    """The multiplicative factors of ``draws`` perturbed weight sets (one row per draw)."""

    maturity: np.ndarray  # (draws, maturity dimensions)
    readiness: np.ndarray  # (draws, readiness dimensions)
    bias: np.ndarray  # (draws, models)
    coef: np.ndarray  # (draws, models, features)

    @property
    def draws(self) -> int:
        return len(self.bias)


def weight_draws(engine, *, draws: int, spread: float, seed: int) -> WeightDraws:
    """The factors, drawn from one generator seeded with ``seed`` in a fixed order (maturity dimensions,
    readiness dimensions, biases, feature weights), so that a seed always gives the same draws."""
    rng = np.random.default_rng(seed)

    def factor(*shape) -> np.ndarray:
        return rng.uniform(1.0 - spread, 1.0 + spread, size=(draws, *shape))

    return WeightDraws(maturity=factor(len(MATURITY_DIMENSIONS)), readiness=factor(len(READINESS_DIMENSIONS)),
                       bias=factor(len(engine.catalogue.ids)),
                       coef=factor(len(engine.catalogue.ids), len(engine.weights.features)))


def perturbed_outcomes_many(engine, frame: pd.DataFrame, wd: WeightDraws, *,
                            cells: int = CELLS) -> tuple[np.ndarray, np.ndarray]:
    """Top model index and exit decision (index into DECISIONS) of every row of a coded frame (hidden
    answers blank) under every weight draw: two ``(rows, draws)`` arrays."""
    n, d = len(frame), wd.draws
    tops, exits = np.zeros((n, d), dtype=np.int64), np.zeros((n, d), dtype=np.int64)
    step = max(1, cells // max(d, 1))
    for start in range(0, n, step):
        part = frame.iloc[start:start + step].reset_index(drop=True)
        t, e = _chunk(engine, part, wd)
        tops[start:start + len(part)] = t.reshape(len(part), d)
        exits[start:start + len(part)] = e.reshape(len(part), d)
    return tops, exits


def _chunk(engine, frame: pd.DataFrame, wd: WeightDraws) -> tuple[np.ndarray, np.ndarray]:
    """Outcomes of ``len(frame) x draws`` evaluations, row-major (row, then draw)."""
    q, cat, weights, rules = engine.questionnaire, engine.catalogue, engine.weights, engine.rules
    n, d = len(frame), wd.draws
    base = bs.profile(q, weights, frame)

    def rep(values: np.ndarray) -> np.ndarray:  # every row's value once per draw
        return np.repeat(values, d, axis=0)

    def tile(factors: np.ndarray) -> np.ndarray:  # every draw's factors once per row
        return np.tile(factors, (n,) + (1,) * (factors.ndim - 1))

    mat_dims = {k: rep(v) for k, v in base.maturity_dimensions.items()}
    ready_dims = {k: rep(v) for k, v in base.readiness_dimensions.items()}
    maturity = _perturbed_mean(mat_dims, weights.maturity_dimensions, tile(wd.maturity))
    readiness = _perturbed_mean(ready_dims, weights.readiness_dimensions, tile(wd.readiness))
    p = bs.BatchProfile(maturity=maturity, stage=bs.stage_of(q, maturity), maturity_dimensions=mat_dims,
                        readiness=readiness, readiness_dimensions=ready_dims,
                        needs={k: rep(v) for k, v in base.needs.items()}, shares=rep(base.shares),
                        primary=rep(base.primary), unknown_share=rep(base.unknown_share), leans=rep(base.leans))
    x = bs.features(p)
    coefs = [weights.coefficients(m) for m in cat.ids]
    bias = tile(np.array([b for b, _ in coefs]) * wd.bias)
    w = np.array([c for _, c in coefs]) * wd.coef  # (draws, models, features)
    z = bias
    for k, f in enumerate(weights.features):  # added in feature order, elementwise: the same per row in any chunk
        z = z + tile(w[:, :, k]) * x[f][:, None]
    fired = rep(fired_matrix(q, rules, base, frame))
    moved = [j for j, r in enumerate(rules.rules) if _fields(r.when) & MOVED_FIELDS]
    if moved:
        names = set().union(*(_fields(rules.rules[j].when) for j in moved))
        fields = {k: rep(v) for k, v in rule_fields(q, base, frame).items() if k in names}
        fields.update({"maturity.score": p.maturity, "maturity.stage": p.stage, "readiness.score": p.readiness})
        sets = [c for item in q.items if item.type == "multi" for c in bs.item_columns(item)]  # what 'contains' reads
        expanded = pd.DataFrame({c: rep(frame[c].to_numpy()) for c in sets})
        for j in moved:
            fired[:, j] = condition_mask(q, rules.rules[j].when, fields, expanded)
    outcome = apply_effects(cat, rules, bs.base_fits(z), fired)
    return outcome.order[:, 0], decision_codes(outcome)


def _fields(cond: Leaf | Group) -> set[str]:
    if isinstance(cond, Leaf):
        return {cond.field}
    return set().union(*(_fields(c) for c in cond.parts))


def _perturbed_mean(values: dict[str, np.ndarray], dim_weights, factors: np.ndarray) -> np.ndarray:
    """:func:`engine.scoring.vectorised.weighted_mean` with every evaluation's own dimension weights."""
    dims = list(values)
    base_w = np.array([dim_weights.get(k, 1.0) for k in dims])
    v = np.stack([values[k] for k in dims], axis=1)
    use = ~np.isnan(v) & (base_w > 0)
    w = base_w * factors
    num = np.where(use, w * np.nan_to_num(v), 0.0).sum(axis=1)
    den = np.where(use, w, 0.0).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return bs.clamp_score(np.where(den > 0, num / den, np.nan))
