"""The same :class:`engine.rules.model.RuleSet` as the durable-rules runner, evaluated as boolean masks over
many rows, with the effects applied in rule order exactly as :func:`engine.assessment.apply_rules` and
ranked exactly as :func:`engine.assessment.rank`.

Semantics shared with the durable path: a condition on an unknown value (NaN) is false whatever the
operator (``ne`` and ``not_in`` included); numbers compare as numbers.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..scoring.vectorised import BatchProfile, option_column
from .fitscale import ceiling, shown_fits
from ..model.catalogue import Catalogue
from ..model.questionnaire import Questionnaire
from .model import Group, Leaf, Rule, RuleSet
from ..model.vocabulary import DECISIONS, NEEDS, OWNERS, PRIMARY_VALUES


def rule_fields(q: Questionnaire, p: BatchProfile, frame: pd.DataFrame) -> dict[str, np.ndarray]:
    """Every numeric or categorical field a rule may name, as arrays (NaN = unknown).

    Categorical fields hold codes: an option index for ``answers.<single item>``, an index into
    PRIMARY_VALUES (the owners, then "unassigned") for ``ownership.primary``. Set fields are looked up per option (see :func:`_leaf`).
    """
    f: dict[str, np.ndarray] = {
        "maturity.score": p.maturity, "maturity.stage": p.stage, "readiness.score": p.readiness,
        "meta.unknown_share": p.unknown_share, "ownership.primary": p.primary.astype(float)}
    for d, v in p.maturity_dimensions.items():
        f[f"maturity.{d}"] = v
    for d, v in p.readiness_dimensions.items():
        f[f"readiness.{d}"] = v
    for i, o in enumerate(OWNERS):
        f[f"ownership.{o}"] = p.shares[:, i]
    for k in NEEDS:
        f[f"needs.{k}"] = p.needs[k]
    for item in q.items:
        if item.type != "multi":
            f[f"answers.{item.id}"] = frame[item.id].to_numpy()
    return f


def _codes(q: Questionnaire, field: str, values: tuple) -> list[float]:
    """Categorical leaf values (text) -> the codes the fields hold."""
    if field == "ownership.primary":
        return [float(PRIMARY_VALUES.index(v)) for v in values]
    item = q.by_id[field.split(".", 1)[1]]
    return [float(k) for k, o in enumerate(item.options) if str(o.value) in values]


def _leaf(q: Questionnaire, leaf: Leaf, fields: dict[str, np.ndarray], frame: pd.DataFrame) -> np.ndarray:
    if leaf.kind == "set":  # contains: the option's 0/1 column
        return frame[option_column(leaf.field.split(".", 1)[1], _option_value(q, leaf))].to_numpy() == 1.0
    v = fields[leaf.field]
    many = leaf.value if isinstance(leaf.value, tuple) else (leaf.value,)
    targets = _codes(q, leaf.field, many) if leaf.kind == "categorical" else [float(x) for x in many]
    known = ~np.isnan(v)
    with np.errstate(invalid="ignore"):
        if leaf.op in ("eq", "in"):
            return np.isin(v, targets)
        if leaf.op in ("ne", "not_in"):
            return known & ~np.isin(v, targets)
        t = targets[0]
        return {"lt": v < t, "lte": v <= t, "gt": v > t, "gte": v >= t}[leaf.op]


def _option_value(q: Questionnaire, leaf: Leaf):
    item = q.by_id[leaf.field.split(".", 1)[1]]
    return next(o.value for o in item.options if str(o.value) == str(leaf.value))


def condition_mask(q: Questionnaire, cond: Leaf | Group, fields: dict[str, np.ndarray],
                   frame: pd.DataFrame) -> np.ndarray:
    """Where a condition tree holds."""
    if isinstance(cond, Leaf):
        return _leaf(q, cond, fields, frame)
    masks = [condition_mask(q, c, fields, frame) for c in cond.parts]
    return np.logical_and.reduce(masks) if cond.op == "all" else np.logical_or.reduce(masks)


def fired_matrix(q: Questionnaire, rules: RuleSet, p: BatchProfile, frame: pd.DataFrame) -> np.ndarray:
    """(rows, rules) booleans: which rules match each row, columns in evaluation order."""
    fields = rule_fields(q, p, frame)
    out = np.zeros((len(frame), len(rules.rules)), dtype=bool)
    for j, rule in enumerate(rules.rules):
        out[:, j] = condition_mask(q, rule.when, fields, frame)
    return out


@dataclass
class BatchOutcome:
    """What :func:`engine.assessment.apply_rules` + ``rank`` give, for many rows."""

    fits: np.ndarray  # (n, models) shown fits (engine.rules.fitscale) after adjustments, catalogue order
    excluded: np.ndarray  # (n, models) bool
    take_exit: np.ndarray  # (n,) bool
    decision: np.ndarray  # (n,) int: index into engine.model.vocabulary.DECISIONS
    order: np.ndarray  # (n, models) model indices, best first
    fired: np.ndarray  # (n, rules) bool


def apply_effects(catalogue: Catalogue, rules: RuleSet, base_fits: np.ndarray, fired: np.ndarray) -> BatchOutcome:
    fits = base_fits.copy()
    excluded = np.zeros(base_fits.shape, dtype=bool)
    take_exit = np.zeros(len(base_fits), dtype=bool)
    conditions = np.zeros(len(base_fits), dtype=bool)
    col = {m: j for j, m in enumerate(catalogue.ids)}
    for r, rule in enumerate(rules.rules):
        mask = fired[:, r]
        for action in rule.then:
            if action.kind == "take_exit":
                take_exit |= mask
            elif action.kind == "condition":
                conditions |= mask
            elif action.kind == "exclude":
                excluded[:, col[action.model]] |= mask
            elif action.kind == "adjust":
                j = col[action.model]
                fits[:, j] = fits[:, j] + np.where(mask, action.by, 0.0)
    # rank on the shown fit, a strictly increasing function of the score (as engine.assessment does)
    fits = shown_fits(fits, ceiling(rules))
    order = rank(fits, excluded)
    # as engine.assessment.decide: a knock-out means not now, else a condition means go with conditions
    decision = np.where(take_exit, DECISIONS.index("not_now"),
                        np.where(conditions, DECISIONS.index("go_with_conditions"), DECISIONS.index("go")))
    return BatchOutcome(fits=fits, excluded=excluded, take_exit=take_exit, decision=decision, order=order,
                        fired=fired)


def py_round(values: np.ndarray, digits: int) -> np.ndarray:
    """``round(x, digits)`` as Python computes it (correctly rounded, halves to even), elementwise.

    ``np.round`` scales first and can land on the other side of a half; the few values that sit
    within a hair of a half are rounded by Python itself.
    """
    scale = 10.0 ** digits
    scaled = values * scale
    out = np.rint(scaled) / scale
    frac = scaled - np.floor(scaled)
    close = np.abs(frac - 0.5) < 1e-6
    if close.any():
        idx = np.nonzero(close)
        out[idx] = [round(float(x), digits) for x in values[idx]]
    return out


def rank(scores: np.ndarray, excluded: np.ndarray) -> np.ndarray:
    """Model indices best first: excluded last, then the shown fit rounded to 1 decimal descending, then
    catalogue order (the key of :func:`engine.assessment.rank`)."""
    n_models = scores.shape[1]
    if scores.size == 0:
        return np.zeros(scores.shape, dtype=np.int64)
    cents = np.rint(py_round(scores, 1) * 10).astype(np.int64)  # tenths, exact after py_round
    low, high = int(cents.min()), int(cents.max())
    span = high - low + 1
    key = (excluded.astype(np.int64) * span + (high - cents)) * n_models + np.arange(n_models)
    return np.argsort(key, axis=1, kind="stable")


def assess_rules(q: Questionnaire, catalogue: Catalogue, rules: RuleSet, p: BatchProfile,
                 frame: pd.DataFrame, base_fits: np.ndarray) -> BatchOutcome:
    """Fire the rules on every row and apply their effects."""
    return apply_effects(catalogue, rules, base_fits, fired_matrix(q, rules, p, frame))


def exit_rules(rules: RuleSet) -> list[Rule]:
    """The rules that take the exit, in evaluation order."""
    return [r for r in rules.rules if any(a.kind == "take_exit" for a in r.then)]


def assess_frame(engine, frame: pd.DataFrame) -> tuple[BatchProfile, np.ndarray, BatchOutcome]:
    """Profile, base fits and rule outcome of a coded frame (hidden answers already blank):
    the vectorised :meth:`engine.Engine.assess_valid`."""
    from ..scoring import vectorised as bs

    q, cat = engine.questionnaire, engine.catalogue
    p = bs.profile(q, engine.weights, frame)
    base = bs.base_fits(bs.linear_scores(engine.weights, cat.ids, bs.features(p)))
    return p, base, assess_rules(q, cat, engine.rules, p, frame, base)
