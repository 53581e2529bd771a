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
import pyarrow.compute as pc

from ..scoring import vectorised as bs
from ..model.questionnaire import Questionnaire
from ..model.vocabulary import MATURITY_DIMENSIONS, OWNERSHIP, READINESS_DIMENSIONS
from ..model.weights import Weights


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
        for scale, items in self.scales.items():  # column by column: row-major axis sums are slow
            scores = [bs.item_scores(i, scale, frame) for i in items]
            complete = ~np.isnan(scores[0])
            for x in scores[1:]:
                complete &= ~np.isnan(x)
            x = [v[complete] for v in scores]
            total = x[0]
            for v in x[1:]:
                total = total + v
            for k, v in enumerate(x + [total]):
                self.sums[scale][k] += (v.sum(), np.dot(v, v))
            self.n[scale] += len(total)

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
    """Per group running sums over the scored rows, so memory grows with the number of groups, not rows.

    Kept per group: rows read and respondents scored; per coded column the sum and count of the
    answers (means; for a multiple-choice option the share that chose it); per single-choice item
    the count of each option (the most chosen); per maturity and readiness dimension the count,
    mean and variance of the respondents' scores, merged chunk by chunk with Chan's formula (the
    spread). Only ``median=True`` keeps per-row values: the likert and number answers of every
    scored row (4 bytes a likert answer, 8 a number, 4 for the group): about 130 bytes a respondent
    with the intake questionnaire.
    """

    def __init__(self, q: Questionnaire, weights: Weights, position: int, *, median: bool = False):
        self.q, self.weights, self.position, self.median = q, weights, position, median
        self.rows = pd.Series(dtype=float)
        self.respondents = pd.Series(dtype=float)
        self.sums = pd.DataFrame()
        self.counts = pd.DataFrame()
        self.choices = {i.id: pd.DataFrame() for i in q.items if i.type == "single"}
        self.dims: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame] | None = None  # count, mean, variance
        self.median_columns = [i.id for i in q.items if i.type in ("likert5", "number")]
        self.values: list[pd.DataFrame] = []  # with median: the answers, indexed by a group number
        self.numbers: dict[str, int] = {}

    def add(self, raw, frame: pd.DataFrame, ok: np.ndarray) -> None:
        """One chunk: ``raw`` its text columns, ``frame`` the coded answers of its rows where ``ok``."""
        col = raw.columns[self.position]
        enc = pc.dictionary_encode(col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col)
        labels, back = np.unique(np.array([t.strip() for t in enc.dictionary.to_pylist()], dtype=object),
                                 return_inverse=True)
        codes = back[enc.indices.to_numpy()]
        self.rows = _plus(self.rows, pd.Series(np.bincount(codes, minlength=len(labels)), index=labels))
        if not len(frame):
            return
        codes = codes[ok]
        present = np.unique(codes)
        names = labels[present]
        self.respondents = _plus(self.respondents, pd.Series(np.bincount(codes)[present], index=names))
        by = frame.groupby(codes, sort=True)
        self.sums = _plus(self.sums, by.sum().set_axis(names))
        self.counts = _plus(self.counts, by.count().set_axis(names))
        for item_id in self.choices:
            v = frame[item_id].to_numpy()
            k = len(self.q.by_id[item_id].options)
            known = ~np.isnan(v)
            n = np.bincount(np.searchsorted(present, codes[known]) * k + v[known].astype(np.int64),
                            minlength=len(present) * k).reshape(len(present), k)
            self.choices[item_id] = _plus(self.choices[item_id], pd.DataFrame(n, index=names))
        prof = bs.profile(self.q, self.weights, frame)
        dims = pd.DataFrame({f"maturity.{d}": prof.maturity_dimensions[d] for d in MATURITY_DIMENSIONS}
                            | {f"readiness.{d}": prof.readiness_dimensions[d] for d in READINESS_DIMENSIONS})
        by = dims.groupby(codes, sort=True)
        chunk = (by.count().astype(float).set_axis(names), by.mean().set_axis(names), by.var(ddof=0).set_axis(names))
        self.dims = chunk if self.dims is None else _merge_moments(self.dims, chunk)
        if self.median:
            kept = frame[self.median_columns].astype({i.id: np.float32 for i in self.q.items if i.type == "likert5"})
            number = np.array([self.numbers.setdefault(n, len(self.numbers)) for n in names], dtype=np.int32)
            self.values.append(kept.set_axis(number[np.searchsorted(present, codes)]))

    def names(self) -> list[str]:
        return sorted(self.rows.index)

    def aggregate(self, names: list[str]) -> pd.DataFrame:
        """One coded row per group in ``names`` order (NaN where a group has no answer)."""
        q = self.q
        columns = bs.coded_columns(q)
        sums = self.sums.reindex(index=names, columns=columns)
        counts = self.counts.reindex(index=names, columns=columns)
        with np.errstate(invalid="ignore", divide="ignore"):
            out = sums / counts.where(counts > 0)
        if self.median and self.values:
            values = pd.concat(self.values)
            med = values.groupby(level=0).median().astype(float)
            med = med.set_axis(np.array(list(self.numbers), dtype=object)[med.index.to_numpy()]).reindex(names)
            out[self.median_columns] = med[self.median_columns]
        for item in q.items:
            if item.type == "single":  # the most chosen option; ties to the first in questionnaire order
                n = self.choices[item.id].reindex(index=names, columns=range(len(item.options))).fillna(0).to_numpy()
                out[item.id] = np.where(n.sum(axis=1) > 0, n.argmax(axis=1), np.nan)
            elif item.type == "multi":  # chosen when at least half of those who answered chose it
                for c in bs.item_columns(item):
                    out[c] = np.where(out[c].isna(), np.nan, (out[c] >= 0.5).astype(float))
        return out.reset_index(drop=True)

    def spread(self, names: list[str]) -> dict[str, np.ndarray]:
        """Standard deviation (ddof 0) of the respondents' dimension scores, per group."""
        dims = [f"maturity.{d}" for d in MATURITY_DIMENSIONS] + [f"readiness.{d}" for d in READINESS_DIMENSIONS]
        if self.dims is None:
            return {d: np.full(len(names), np.nan) for d in dims}
        var = self.dims[2].reindex(names)
        return {d: np.sqrt(var[d].to_numpy()) for d in dims}


def _plus(total, part):
    """Running sums aligned on the group (and column) labels; a label new to either side counts 0."""
    if not len(total):
        return part.astype(float)
    return total.add(part, fill_value=0)


def _merge_moments(a, b):
    """Count, mean and variance (ddof 0) of two parts merged (Chan et al.); a group only in one part
    keeps its values untouched, so a group within one chunk gets exactly pandas' own numbers."""
    index = a[0].index.union(b[0].index)
    (na, ma, va), (nb, mb, vb) = ([x.reindex(index) for x in part] for part in (a, b))
    na, nb = na.fillna(0), nb.fillna(0)
    n = na + nb
    with np.errstate(invalid="ignore", divide="ignore"):
        delta = mb - ma
        mean = ma + delta * nb / n
        var = (va * na + vb * nb + delta * delta * na * nb / n) / n
    only_a, only_b = nb == 0, na == 0
    mean, var = mean.mask(only_a, ma).mask(only_b, mb), var.mask(only_a, va).mask(only_b, vb)
    return n, mean, var


def group_table(engine, groups: GroupCollector, *, how: str, lang: str, result_table, score) -> pa.Table:
    """One row per group: rows, respondents, spread per dimension, the scores of the aggregated answers."""
    q = engine.questionnaire
    names = groups.names()
    agg, _ = bs.drop_hidden(q, groups.aggregate(names))
    respondents = groups.respondents.reindex(names).fillna(0).to_numpy().astype(np.int64)
    cols: dict[str, pa.Array] = {"group": pa.array(names, pa.string()),
                                 "rows": pa.array(groups.rows.reindex(names).to_numpy().astype(np.int64), pa.int64()),
                                 "respondents": pa.array(respondents, pa.int64())}
    for dim, values in groups.spread(names).items():
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


def combine_answer_sets(q: Questionnaire, weights: Weights, answer_sets: list, *, median: bool = False):
    """Several respondents' validated ``{item_id: value}`` answers combined as ``batch --group-by``
    combines one group's rows (the same :class:`GroupCollector`, so one code path).

    Returns ``(values, spread)``: the combined answers to the visible items (as an answers mapping, ready
    for :meth:`engine.Engine.assess_valid`) and the standard deviation of the respondents' dimension
    scores (``{"maturity.<dim>" | "readiness.<dim>": sd or None}``). An empty list combines to ``{}``.
    """
    from ..scoring.vectorised import coded_from_values, values_from_coded

    answer_sets = list(answer_sets)
    if not answer_sets:
        return {}, {}
    frame = coded_from_values(q, answer_sets)
    raw = _OneGroup([pa.array(["group"] * len(answer_sets), pa.string())])
    collector = GroupCollector(q, weights, 0, median=median)
    collector.add(raw, frame, np.ones(len(answer_sets), dtype=bool))
    agg, _ = bs.drop_hidden(q, collector.aggregate(["group"]))
    spread = {d: (None if np.isnan(v[0]) else float(v[0])) for d, v in collector.spread(["group"]).items()}
    return values_from_coded(q, agg)[0], spread


class _OneGroup:
    """The one text column :meth:`GroupCollector.add` reads the group label from."""

    def __init__(self, columns):
        self.columns = columns
