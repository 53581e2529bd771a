"""The vectorised twin of :mod:`engine.scoring.scalar`: profiles, features and linear scores for many
organisations at once, over a *coded frame*.

A coded frame is a float64 :class:`pandas.DataFrame`, one row per organisation, one column per scalar
item and one per option of a multiple-choice item:

- likert5 and number items: column ``item_id`` holds the answer;
- single items: column ``item_id`` holds the index of the chosen option (0-based, questionnaire order);
- multi items: column ``item_id[option_value]`` holds 1.0 when chosen, 0.0 when not;
- ``NaN`` everywhere an answer is unknown (don't know, left open, or hidden by show-if).

Every sum here is formed in the same order, with the same operations, as in :mod:`engine.scoring.scalar`
(adding ``0.0`` for a row where a term does not apply leaves a float unchanged), so both paths give
bit-identical profiles; only ``np.exp`` may differ from ``math.exp`` in the last place.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping

import numpy as np
import pandas as pd

from ..model.questionnaire import Item, Questionnaire, ShowIf
from .scalar import item_weight
from ..model.vocabulary import (LEANS, MATURITY_DIMENSIONS, NEEDS, NEUTRAL, OWNERS, OWNERSHIP, PRIMARY_VALUES,
                                READINESS_DIMENSIONS)
from ..model.weights import Weights


# ---------------------------------------------------------------- the coded frame


def option_column(item_id: str, value: Any) -> str:
    """The coded (and template) column of one option of a multi item: ``objectives[talking]``."""
    return f"{item_id}[{value}]"


def item_columns(item: Item) -> list[str]:
    if item.type == "multi":
        return [option_column(item.id, o.value) for o in item.options]
    return [item.id]


def coded_columns(q: Questionnaire) -> list[str]:
    """Every column of a coded frame, in questionnaire order."""
    return [c for item in q.items for c in item_columns(item)]


def coded_from_values(q: Questionnaire, rows: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """Validated ``{item_id: value}`` mappings -> a coded frame (absent or ``None`` -> NaN)."""
    cols: dict[str, list[float]] = {c: [] for c in coded_columns(q)}
    index = {item.id: {o.value: k for k, o in enumerate(item.options)} for item in q.items}
    for row in rows:
        for item in q.items:
            value = row.get(item.id)
            if item.type == "multi":
                chosen = set(value) if value is not None else None
                for o in item.options:
                    cols[option_column(item.id, o.value)].append(
                        np.nan if chosen is None else float(o.value in chosen))
            elif value is None:
                cols[item.id].append(np.nan)
            elif item.type == "single":
                cols[item.id].append(float(index[item.id][value]))
            else:
                cols[item.id].append(float(value))
    return pd.DataFrame({c: np.asarray(v, dtype=float) for c, v in cols.items()})


def values_from_coded(q: Questionnaire, frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The inverse of :func:`coded_from_values`: one ``{item_id: value}`` per row, unknowns left out.

    Multi answers list their options in questionnaire order; likert5 answers that are whole numbers
    become ints (a group mean may be fractional and stays a float).
    """
    arrays = {c: frame[c].to_numpy() for c in coded_columns(q)}
    out: list[dict[str, Any]] = []
    for r in range(len(frame)):
        row: dict[str, Any] = {}
        for item in q.items:
            if item.type == "multi":
                flags = [arrays[option_column(item.id, o.value)][r] for o in item.options]
                if not np.isnan(flags[0]):
                    row[item.id] = [o.value for o, f in zip(item.options, flags) if f >= 0.5]
                continue
            v = arrays[item.id][r]
            if np.isnan(v):
                continue
            if item.type == "single":
                row[item.id] = item.options[int(v)].value
            elif item.type == "likert5" and float(v).is_integer():
                row[item.id] = int(v)
            else:
                row[item.id] = int(v) if float(v).is_integer() else float(v)
        out.append(row)
    return out


def answered(item: Item, frame: pd.DataFrame) -> np.ndarray:
    """Rows where the item has a known answer (an empty multi answer counts as known)."""
    return ~np.isnan(frame[item_columns(item)[0]].to_numpy())


# ---------------------------------------------------------------- visibility


def visible_masks(q: Questionnaire, frame: pd.DataFrame) -> dict[str, np.ndarray]:
    """Which items each row is shown (the vectorised :meth:`Questionnaire.visible`)."""
    n = len(frame)
    shown: dict[str, np.ndarray] = {}
    for item in q.items:
        shown[item.id] = np.ones(n, dtype=bool) if item.show_if is None else _holds(q, item.show_if, frame, shown)
    return shown


def _holds(q: Questionnaire, cond: ShowIf, frame: pd.DataFrame, shown: Mapping[str, np.ndarray]) -> np.ndarray:
    if cond.all:
        out = np.ones(len(frame), dtype=bool)
        for c in cond.all:
            out &= _holds(q, c, frame, shown)
        return out
    target = q.by_id[cond.item]
    known = shown[target.id] & answered(target, frame)  # hidden or unanswered: the dependant stays hidden
    if target.type == "multi":
        hit = np.zeros(len(frame), dtype=bool)
        for v in cond.values:
            hit |= frame[option_column(target.id, v)].to_numpy() == 1.0
    elif target.type == "single":
        codes = [float(k) for k, o in enumerate(target.options) if o.value in cond.values]
        hit = np.isin(frame[target.id].to_numpy(), codes)
    else:
        hit = np.isin(frame[target.id].to_numpy(), [float(v) for v in cond.values])
    return known & (~hit if cond.negate else hit)


def drop_hidden(q: Questionnaire, frame: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """Blank the answers to hidden items (as :func:`engine.model.answers.validate_answers` drops them).

    Returns the cleaned frame and, per row, how many answers were dropped.
    """
    shown = visible_masks(q, frame)
    dropped = np.zeros(len(frame), dtype=np.int64)
    frame = frame.copy(deep=False)  # copy-on-write: only the blanked columns are copied
    for item in q.items:
        hidden = ~shown[item.id]
        if item.show_if is None or not hidden.any():
            continue
        dropped += hidden & answered(item, frame)
        for col in item_columns(item):
            frame.loc[hidden, col] = np.nan
    return frame, dropped


# ---------------------------------------------------------------- scores


def item_scores(item: Item, scale: str, frame: pd.DataFrame) -> np.ndarray:
    """The 0-100 score of every row's answer for one scale (NaN where unanswered)."""
    if item.type == "multi":
        acc = np.zeros(len(frame))
        for o in item.options:
            acc = acc + frame[option_column(item.id, o.value)].to_numpy() * float(o.scores.get(scale, 0.0))
        return np.minimum(100.0, acc)
    v = frame[item.id].to_numpy()
    if item.type == "likert5":
        base = (v - 1.0) * 25.0
        return 100.0 - base if item.reverse else base
    if item.type == "single":
        table = np.array([float(o.scores.get(scale, 0.0)) for o in item.options] + [np.nan])
        codes = np.where(np.isnan(v), len(item.options), v).astype(np.int64)
        return table[codes]
    out = np.full(len(v), np.nan)  # number: the first band whose `below` exceeds the answer
    todo = ~np.isnan(v)
    for band in item.bands:
        hit = todo if band.below is None else todo & (v < band.below)
        out[hit] = float(band.score)
        todo = todo & ~hit
    return out


def scale_scores(q: Questionnaire, weights: Weights, frame: pd.DataFrame) -> dict[str, np.ndarray]:
    """Weighted mean item score per scale (NaN where no item feeding it was answered)."""
    n = len(frame)
    num: dict[str, np.ndarray] = {}
    den: dict[str, np.ndarray] = {}
    for item in q.items:
        known = answered(item, frame)
        for scale, default in item.feeds.items():
            if scale == OWNERSHIP:
                continue
            w = item_weight(weights, item.id, scale, default)
            term = np.where(known, w * item_scores(item, scale, frame), 0.0)
            num[scale] = num.get(scale, np.zeros(n)) + term
            den[scale] = den.get(scale, np.zeros(n)) + np.where(known, w, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return {s: clamp_score(np.where(den[s] > 0, num[s] / den[s], np.nan)) for s in num}


def clamp_score(values: np.ndarray) -> np.ndarray:
    """The twin of :func:`engine.scoring.scalar.clamp_score` (NaN stays NaN)."""
    return np.minimum(100.0, np.maximum(0.0, values))


def weighted_mean(values: Mapping[str, np.ndarray], dim_weights: Mapping[str, float], n: int) -> np.ndarray:
    num = np.zeros(n)
    den = np.zeros(n)
    for dim, value in values.items():
        w = dim_weights.get(dim, 1.0)
        if w <= 0:
            continue
        known = ~np.isnan(value)
        num = num + np.where(known, w * value, 0.0)
        den = den + np.where(known, w, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return clamp_score(np.where(den > 0, num / den, np.nan))


def ownership(q: Questionnaire, weights: Weights, frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Twin of :func:`engine.scoring.scalar.ownership`: shares (n, owners) in the order of OWNERS, the
    primary owner as an index into PRIMARY_VALUES (the last one is UNASSIGNED), and the lean as an index
    into LEANS (-1: no lean)."""
    n = len(frame)
    k_owners = len(OWNERS)
    total = np.zeros((n, k_owners))
    owner_answers = np.zeros(n)
    assigned = np.zeros(n)
    for item in q.items:
        if OWNERSHIP not in item.feeds:
            continue
        w = item_weight(weights, item.id, OWNERSHIP, item.feeds[OWNERSHIP])
        shares = np.array([o.shares for o in item.options], dtype=float)
        if item.type == "single":
            v = frame[item.id].to_numpy()
            known = ~np.isnan(v)
            vec = shares[np.where(known, v, 0).astype(np.int64)]
        else:
            acc = np.zeros((n, k_owners))
            count = np.zeros(n)
            for k, o in enumerate(item.options):
                chosen = frame[option_column(item.id, o.value)].to_numpy()
                acc = acc + np.nan_to_num(chosen)[:, None] * shares[k]
                count = count + np.nan_to_num(chosen)
            known = count > 0  # an empty (or unknown) choice carries no ownership
            with np.errstate(invalid="ignore", divide="ignore"):
                vec = acc / count[:, None]
        total = total + np.where(known[:, None], w * vec, 0.0)
        if item.asks_owner:
            owner_answers = owner_answers + known
            assigned = assigned + (known & (np.where(known[:, None], vec, 0.0) > 0).any(axis=1))
    s = np.zeros(n)
    for i in range(k_owners):  # left to right, as the scalar twin adds
        s = s + total[:, i]
    with np.errstate(invalid="ignore", divide="ignore"):
        shares_out = np.where((s > 0)[:, None], total / s[:, None], 1 / k_owners)
    primary = np.argmax(shares_out, axis=1)  # argmax returns the first maximum: the scalar tie-break
    primary = np.where((owner_answers > 0) & (assigned == 0), len(PRIMARY_VALUES) - 1, primary)
    lean_cols = shares_out[:, [OWNERS.index(o) for o in LEANS]]
    leans = np.argmax(lean_cols, axis=1)
    leans = np.where((s > 0) & (lean_cols.max(axis=1) > 0), leans, -1)
    return shares_out, primary, leans


@dataclass
class BatchProfile:
    """:class:`engine.scoring.scalar.Profile` for many rows: arrays, NaN where the scalar profile has None."""

    maturity: np.ndarray
    stage: np.ndarray
    maturity_dimensions: dict[str, np.ndarray]
    readiness: np.ndarray
    readiness_dimensions: dict[str, np.ndarray]
    needs: dict[str, np.ndarray]
    shares: np.ndarray  # (n, owners), columns in the order of OWNERS
    primary: np.ndarray  # index into PRIMARY_VALUES (OWNERS, then UNASSIGNED)
    unknown_share: np.ndarray
    leans: np.ndarray  # index into LEANS, -1 for no lean

    def __len__(self) -> int:
        return len(self.maturity)


def stage_of(q: Questionnaire, maturity: np.ndarray) -> np.ndarray:
    stage = np.full(len(maturity), np.nan)
    for st in q.stages:  # stages ascend: the last one reached wins
        stage[maturity >= st.min] = float(st.stage)
    return stage


def profile(q: Questionnaire, weights: Weights, frame: pd.DataFrame) -> BatchProfile:
    """Score a coded frame whose hidden answers are already blank (see :func:`drop_hidden`)."""
    n = len(frame)
    scores = scale_scores(q, weights, frame)
    nan = np.full(n, np.nan)
    mat = {d: scores.get(f"maturity.{d}", nan) for d in MATURITY_DIMENSIONS}
    ready = {d: scores.get(f"readiness.{d}", nan) for d in READINESS_DIMENSIONS}
    maturity = weighted_mean(mat, weights.maturity_dimensions, n)
    shares, primary, leans = ownership(q, weights, frame)
    shown = visible_masks(q, frame)
    visible = np.zeros(n)
    unknown = np.zeros(n)
    for item in q.items:
        visible += shown[item.id]
        unknown += shown[item.id] & ~answered(item, frame)
    with np.errstate(invalid="ignore", divide="ignore"):
        unknown_share = np.where(visible > 0, unknown / visible, 0.0)
    return BatchProfile(
        maturity=maturity, stage=stage_of(q, maturity), maturity_dimensions=mat,
        readiness=weighted_mean(ready, weights.readiness_dimensions, n), readiness_dimensions=ready,
        needs={k: scores.get(f"needs.{k}", nan) for k in NEEDS}, shares=shares, primary=primary,
        unknown_share=unknown_share, leans=leans)


def _unit(score: np.ndarray) -> np.ndarray:
    return np.where(np.isnan(score), NEUTRAL, score / 100.0)


def features(p: BatchProfile) -> dict[str, np.ndarray]:
    """The model-fit features (0..1) per row, keyed like :func:`engine.scoring.scalar.features`."""
    x = {f"need_{k}": _unit(p.needs[k]) for k in NEEDS}
    m = _unit(p.maturity)
    x["maturity"] = m
    x["maturity_mid"] = 1.0 - np.abs(2.0 * m - 1.0)
    x["readiness"] = _unit(p.readiness)
    for i, o in enumerate(OWNERS):
        x[f"own_{o}"] = p.shares[:, i]
    return x


def linear_scores(weights: Weights, model_ids: tuple[str, ...], x: Mapping[str, np.ndarray]) -> np.ndarray:
    """``z`` (n, models); terms added in feature order, as :func:`engine.scoring.scalar.linear_scores`."""
    n = len(next(iter(x.values())))
    z = np.empty((n, len(model_ids)))
    for j, model in enumerate(model_ids):
        bias, coef = weights.coefficients(model)
        col = np.full(n, bias)
        for f, w in zip(weights.features, coef):
            col = col + w * x[f]
        z[:, j] = col
    return z


def base_fits(z: np.ndarray) -> np.ndarray:
    """Twin of :func:`engine.scoring.scalar.base_fits`: the mean is summed column by column, left to right,
    so that it equals Python's ``sum`` bit for bit (``np.mean`` sums pairwise)."""
    total = np.zeros(len(z))
    for j in range(z.shape[1]):
        total = total + z[:, j]
    return sigmoid_fit(z - (total / z.shape[1])[:, None])


def sigmoid_fit(z: np.ndarray) -> np.ndarray:
    """Linear score -> fit 0..100, the two branches of :func:`engine.scoring.scalar.sigmoid_fit`."""
    with np.errstate(over="ignore", invalid="ignore"):  # inf/inf in the branch np.where does not pick
        pos = 100.0 / (1.0 + np.exp(-z))
        e = np.exp(z)
        neg = 100.0 * e / (1.0 + e)
    return np.where(z >= 0, pos, neg)


def linear_scores_per_row(bias: np.ndarray, coef: np.ndarray, x: np.ndarray) -> np.ndarray:
    """``z`` (n, models) when every row has its own weights: ``bias`` (n, models), ``coef`` (n, models,
    features) and ``x`` (n, features) in the order of ``weights.features``. With the same weights on every
    row it equals :func:`linear_scores` up to the order of the additions (the stability figure uses it)."""
    return bias + np.einsum("nmf,nf->nm", coef, x)
