"""``--group-by``: several respondents of one organisation scored as one, and Cronbach's alpha.

Per group: the number of rows and of scored respondents, the mean answer per item (``--median``: the
median) — for a single-choice item the most chosen option, for a multiple-choice item an option
counts as chosen when at least half chose it — and the spread (standard deviation) of the
respondents' maturity and readiness dimension scores, the agreement within the organisation. The
aggregated answers are then scored as one organisation.

Cronbach's alpha per multi-item scale (two or more items feed it) is accumulated over all scored
respondents from sums, so it costs no memory; respondents who answered every item of the scale count.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from .. import batch_scoring as bs
from ..questionnaire import Questionnaire
from ..vocabulary import MATURITY_DIMENSIONS, OWNERSHIP, READINESS_DIMENSIONS
from ..weights import Weights


class AlphaAccumulator:
    """Running sums for Cronbach's alpha of every scale fed by two or more items."""

    def __init__(self, q: Questionnaire, weights: Weights):
        self.scales: dict[str, list] = {}
        for item in q.items:
            for scale in item.feeds:
                if scale != OWNERSHIP:
                    self.scales.setdefault(scale, []).append(item)
        self.scales = {s: items for s, items in self.scales.items() if len(items) >= 2}
        self.sums = {s: np.zeros((len(items) + 1, 2)) for s, items in self.scales.items()}  # sum, sum of squares
        self.n = dict.fromkeys(self.scales, 0)

    def add(self, frame: pd.DataFrame) -> None:
        if not len(frame):
            return
        for scale, items in self.scales.items():
            scores = np.column_stack([bs.item_scores(i, scale, frame) for i in items])
            complete = ~np.isnan(scores).any(axis=1)
            x = scores[complete]
            x = np.column_stack([x, x.sum(axis=1)])
            self.sums[scale] += np.column_stack([x.sum(axis=0), (x * x).sum(axis=0)])
            self.n[scale] += int(complete.sum())

    def result(self, q: Questionnaire) -> dict[str, dict]:
        """{scale: {alpha, items, n}}; alpha is null with fewer than 2 complete respondents or no variance."""
        out = {}
        for scale, items in self.scales.items():
            n = self.n[scale]
            alpha = None
            if n >= 2:
                s, ss = self.sums[scale][:, 0], self.sums[scale][:, 1]
                var = (ss - s * s / n) / (n - 1)
                k = len(items)
                if var[-1] > 0:
                    alpha = round(float(k / (k - 1) * (1 - var[:-1].sum() / var[-1])), 3)
            out[scale] = {"alpha": alpha, "items": [i.id for i in items], "n": n}
        return out


class GroupCollector:
    """Keeps the coded answers of scored rows with their group key (answers only: 8 bytes a cell)."""

    def __init__(self, q: Questionnaire, position: int):
        self.q, self.position = q, position
        self.frames: list[pd.DataFrame] = []
        self.keys: list[np.ndarray] = []
        self.all_keys: list[np.ndarray] = []

    def add(self, raw, frame: pd.DataFrame, ok: np.ndarray) -> None:
        keys = np.array([s.strip() for s in raw.columns[self.position].to_numpy(zero_copy_only=False)], dtype=object)
        self.all_keys.append(keys)
        self.frames.append(frame.reset_index(drop=True))
        self.keys.append(keys[ok])


def aggregate(q: Questionnaire, frame: pd.DataFrame, keys: np.ndarray, *, median: bool) -> pd.DataFrame:
    """One coded row per group (index: the group keys, sorted)."""
    by = frame.groupby(keys, sort=True)
    out = by.median() if median else by.mean()
    for item in q.items:
        if item.type == "single":  # the most chosen option; ties to the first in questionnaire order
            out[item.id] = by[item.id].agg(lambda s: s.mode().min() if s.notna().any() else np.nan)
        elif item.type == "multi":
            for c in bs.item_columns(item):
                share = by[c].mean()
                out[c] = np.where(share.isna(), np.nan, (share >= 0.5).astype(float))
    return out


def group_table(engine, groups: GroupCollector, *, median: bool, how: str, lang: str, result_table, score) -> pa.Table:
    q = engine.questionnaire
    frame = pd.concat(groups.frames, ignore_index=True) if groups.frames else bs.coded_from_values(q, [])
    keys = np.concatenate(groups.keys) if groups.keys else np.zeros(0, dtype=object)
    all_keys = np.concatenate(groups.all_keys) if groups.all_keys else np.zeros(0, dtype=object)
    names = sorted(set(all_keys))
    agg = aggregate(q, frame, keys, median=median).reindex(names) if len(frame) else \
        pd.DataFrame({c: np.full(len(names), np.nan) for c in bs.coded_columns(q)}, index=names)
    agg, _ = bs.drop_hidden(q, agg[bs.coded_columns(q)].reset_index(drop=True))
    counts = pd.Series(keys).value_counts()
    respondents = np.array([int(counts.get(k, 0)) for k in names])
    rows = pd.Series(all_keys).value_counts()
    cols: dict[str, pa.Array] = {"group": pa.array(names, pa.string()),
                                 "rows": pa.array([int(rows.get(k, 0)) for k in names], pa.int64()),
                                 "respondents": pa.array(respondents, pa.int64())}
    prof = bs.profile(q, engine.weights, frame)
    dims = {f"maturity.{d}": prof.maturity_dimensions[d] for d in MATURITY_DIMENSIONS}
    dims |= {f"readiness.{d}": prof.readiness_dimensions[d] for d in READINESS_DIMENSIONS}
    spread = pd.DataFrame(dims).groupby(keys).std(ddof=0).reindex(names) if len(frame) else None
    for dim in dims:
        values = spread[dim].to_numpy() if spread is not None else np.full(len(names), np.nan)
        cols[f"spread_{dim}"] = pa.array(np.round(values, 1), mask=np.isnan(values))
    ok = respondents > 0
    scored = score(engine, agg[ok], how=how, language=lang) if ok.any() else None
    cols.update(result_table(engine, scored, ok, lang))
    for item in q.items:
        for c in bs.item_columns(item):
            v = agg[c].to_numpy()
            if item.type == "single":
                labels = [str(o.value) for o in item.options]
                cols[f"answer.{c}"] = pa.array([None if np.isnan(x) else labels[int(x)] for x in v], pa.string())
            else:
                cols[f"answer.{c}"] = pa.array(np.round(v, 2), mask=np.isnan(v))
    return pa.table(cols)
