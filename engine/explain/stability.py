"""How firm the advice is: the share of small disturbances that keep the top model and the exit decision.

(a) *Weights*: ``draws`` seeded random multiplicative perturbations, each weight times a uniform factor
in ``1 ± spread``, independently: every model's bias and feature weights, and the weights of the
maturity and readiness dimensions (which move the maturity stage and the readiness the knock-outs
test). Item weights and rule thresholds stay as they are: thresholds are rules, and the answers part
covers what moves a score across them.
(b) *Answers*: every answer moved one step (a Likert point up or down, the neighbouring option, one
option of a multiple choice toggled, the next band of a number), one at a time.

Both are scored at once on the vectorised path. An outcome is *firm* when both shares are at least
:data:`FIRM`; a top model that is not firm, or whose lead is under :data:`CLOSE_GAP` fit points, is a close
call and says against which model.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np
import pandas as pd

from ..i18n import t
from ..rules.vectorised import assess_frame
from ..scoring import vectorised as bs
from .changes import alternatives, variant_frame
from .perturb import perturbed_outcomes_many, weight_draws
from .decision import DECISIONS
from .decision import codes as decision_codes
from .decision import label as decision_label

FIRM = 0.9
CLOSE_GAP = 3.0
DRAWS = 1000
SPREAD = 0.2
SEED = 20260101
STEP_CELLS = 50_000  # moved answer sets scored per call in the batch (memory: about 1 kB each)


@dataclass(frozen=True)
class Figure:
    """How often one outcome survives the two kinds of disturbance."""

    weights: float  # share of weight draws that keep it
    answers: float | None  # share of one-step answer moves that keep it (None: no answer to move)
    draws: int
    steps: int

    @property
    def firm(self) -> bool:
        return self.weights >= FIRM and (self.answers is None or self.answers >= FIRM)

    @property
    def share(self) -> float:
        """The lower of the two shares: the figure shown next to firm/sensitive."""
        return min(self.weights, self.answers if self.answers is not None else 1.0)

    def to_dict(self) -> dict:
        return {"verdict": "firm" if self.firm else "sensitive", "share": round(self.share, 3),
                "weights": round(self.weights, 3),
                "answers": None if self.answers is None else round(self.answers, 3),
                "draws": self.draws, "steps": self.steps}


@dataclass(frozen=True)
class Stability:
    top: str
    decision: str  # the exit decision (engine.explain.decision)
    top_figure: Figure
    exit_figure: Figure
    runner_up: str  # the model that most often takes over (the second of the ranking if none does)
    runner_up_weights: float  # share of weight draws in which it comes first
    runner_up_answers: float  # share of answer moves in which it comes first
    gap: float  # fit of the top model minus that of the second
    fits: Mapping[str, float]
    spread: float
    seed: int

    @property
    def take_exit(self) -> bool:
        return self.decision == "not_now"

    @property
    def close(self) -> bool:
        return not self.top_figure.firm or self.gap < CLOSE_GAP

    def close_text(self, catalogue, lang: str) -> str | None:
        if not self.close:
            return None
        return t("stability.close", lang, first=catalogue.by_id[self.top].name,
                 second=catalogue.by_id[self.runner_up].name, fit1=self.fits[self.top],
                 fit2=self.fits[self.runner_up], share=self.runner_up_weights, answers=self.runner_up_answers)

    def lines(self, catalogue, lang: str) -> list[str]:
        """One sentence per outcome (and the close call, if it is one), in ``lang``."""
        decision = decision_label(self.decision, lang)
        out = []
        for label, fig in ((t("stability.top", lang, model=catalogue.by_id[self.top].name), self.top_figure),
                           (t("stability.exit", lang, decision=decision), self.exit_figure)):
            out.append(t("stability.line", lang, label=label, verdict=t(f"stability.{'firm' if fig.firm else 'sensitive'}", lang),
                         weights=fig.weights, draws=fig.draws, spread=self.spread,
                         answers=fig.answers if fig.answers is not None else 1.0, steps=fig.steps))
        close = self.close_text(catalogue, lang)
        if close:
            out.append(close)
        return out

    def to_dict(self, catalogue=None, lang: str = "en") -> dict:
        out = {"top_model": dict(self.top_figure.to_dict(), model=self.top),
               "exit": dict(self.exit_figure.to_dict(), decision=self.decision, take_exit=self.take_exit),
               "close": self.close, "runner_up": self.runner_up, "gap": round(self.gap, 2),
               "spread": self.spread, "seed": self.seed}
        if catalogue is not None:
            out["text"] = self.lines(catalogue, lang)
        return out


def stability(engine, values: Mapping[str, Any], *, draws: int = DRAWS, spread: float = SPREAD,
              seed: int = SEED) -> Stability:
    """The stability of the advice for one organisation's validated answers (reproducible per seed)."""
    q, cat = engine.questionnaire, engine.catalogue
    moves = alternatives(q, values, changeable_only=False, one_step=True)
    frame = variant_frame(q, values, [(c,) for c in moves])
    _, _, moved = assess_frame(engine, frame)
    decisions = decision_codes(moved)
    top_idx, base_exit = int(moved.order[0, 0]), int(decisions[0])
    second_idx = int(moved.order[0, 1])
    w_tops, w_exit = perturbed_outcomes(engine, frame.iloc[:1], draws=draws, spread=spread, seed=seed)
    m_tops, m_exit = moved.order[1:, 0], decisions[1:]
    others = Counter(int(i) for i in w_tops if i != top_idx) + Counter(int(i) for i in m_tops if i != top_idx)
    runner = others.most_common(1)[0][0] if others else second_idx
    steps = len(moves)

    def share(hit: np.ndarray) -> float | None:
        return float(hit.mean()) if len(hit) else None

    fits = {m: float(moved.fits[0, j]) for j, m in enumerate(cat.ids)}
    return Stability(
        top=cat.ids[top_idx], decision=DECISIONS[base_exit],
        top_figure=Figure(float((w_tops == top_idx).mean()), share(m_tops == top_idx), draws, steps),
        exit_figure=Figure(float((w_exit == base_exit).mean()), share(m_exit == base_exit), draws, steps),
        runner_up=cat.ids[runner], runner_up_weights=float((w_tops == runner).mean()),
        runner_up_answers=share(m_tops == runner) or 0.0,
        gap=fits[cat.ids[top_idx]] - fits[cat.ids[second_idx]], fits=fits, spread=spread, seed=seed)


def perturbed_outcomes(engine, row: pd.DataFrame, *, draws: int, spread: float,
                       seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Top model index and exit decision (index into DECISIONS) of one coded row under ``draws``
    perturbed weight sets (:mod:`engine.explain.perturb`, which does the same for many rows)."""
    tops, exits = perturbed_outcomes_many(engine, row, weight_draws(engine, draws=draws, spread=spread, seed=seed))
    return tops[0], exits[0]


# ---------------------------------------------------------------- many rows at once (batch)


def answer_step_shares(engine, frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For every row of a coded frame (hidden answers blank): the share of its one-step answer moves
    that keep the top model, the share that keep the exit decision, and how many moves it has (NaN
    shares where it has none). The same moves as :func:`stability` makes for one organisation, made
    item by item for all rows at once: the batch's stability columns."""
    q = engine.questionnaire
    n = len(frame)
    _, _, base = assess_frame(engine, frame)
    top0, exit0 = base.order[:, 0], decision_codes(base)
    kept_top, kept_exit, steps = np.zeros(n), np.zeros(n), np.zeros(n)
    shown = bs.visible_masks(q, frame)
    pending: list[tuple[np.ndarray, pd.DataFrame]] = []  # (row numbers, moved answers), scored together

    def flush() -> None:
        rows = np.concatenate([r for r, _ in pending])
        moved = pd.concat([m for _, m in pending], ignore_index=True)
        pending.clear()
        _, _, out = assess_frame(engine, bs.drop_hidden(q, moved)[0])
        np.add.at(kept_top, rows, out.order[:, 0] == top0[rows])
        np.add.at(kept_exit, rows, decision_codes(out) == exit0[rows])
        np.add.at(steps, rows, 1)

    waiting = 0
    for item in q.items:
        for mask, values in _one_steps(item, frame, shown[item.id]):
            if not mask.any():
                continue
            moved = frame.loc[mask].copy()
            for col, v in values.items():
                moved[col] = v
            pending.append((np.flatnonzero(mask), moved))
            waiting += len(moved)
            if waiting >= STEP_CELLS:  # many small moves scored at once: one call costs about as much as 1,000 rows
                flush()
                waiting = 0
    if pending:
        flush()
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(steps > 0, kept_top / steps, np.nan), np.where(steps > 0, kept_exit / steps, np.nan), steps


def figure_shares(engine, frame: pd.DataFrame, *, draws: int = DRAWS, spread: float = SPREAD,
                  seed: int = SEED, cells: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """For every row of a coded frame (hidden answers blank): :attr:`Figure.share` of its top model and
    of its exit decision -- the lower of the weight share (the same ``draws`` seeded weight sets for
    every row, :mod:`engine.explain.perturb`) and the answer share (:func:`answer_step_shares`), exactly
    as :func:`stability` gives them for that row alone. The batch's stability columns."""
    _, _, base = assess_frame(engine, frame)
    top0, exit0 = base.order[:, 0], decision_codes(base)
    a_top, a_exit, _ = answer_step_shares(engine, frame)
    wd = weight_draws(engine, draws=draws, spread=spread, seed=seed)
    tops, exits = perturbed_outcomes_many(engine, frame, wd, **({} if cells is None else {"cells": cells}))
    w_top = (tops == top0[:, None]).mean(axis=1)
    w_exit = (exits == exit0[:, None]).mean(axis=1)
    return (np.minimum(w_top, np.where(np.isnan(a_top), 1.0, a_top)),
            np.minimum(w_exit, np.where(np.isnan(a_exit), 1.0, a_exit)))


def _one_steps(item, frame: pd.DataFrame, shown: np.ndarray):
    """(rows that can make the move, {column: new values on those rows}) per one-step move of an item."""
    if item.type == "multi":
        cols = [bs.option_column(item.id, o.value) for o in item.options]
        known = shown & ~np.isnan(frame[cols[0]].to_numpy())
        for col in cols:
            yield known, {col: 1.0 - frame[col].to_numpy()[known]}
        return
    v = frame[item.id].to_numpy()
    known = shown & ~np.isnan(v)
    if item.type == "likert5":
        for step in (-1.0, 1.0):
            new = v + step
            ok = known & (new >= 1) & (new <= 5)
            yield ok, {item.id: new[ok]}
    elif item.type == "single":
        for step in (-1.0, 1.0):
            new = v + step
            ok = known & (new >= 0) & (new <= len(item.options) - 1)
            yield ok, {item.id: new[ok]}
    elif item.bands:
        belows = np.array([b.below for b in item.bands[:-1]], dtype=float)
        lows = np.array([item.min] + list(belows), dtype=float)
        band = np.searchsorted(belows, np.nan_to_num(v), side="right")  # the first band whose below exceeds v
        for step in (-1, 1):
            target = band + step
            ok = known & (target >= 0) & (target < len(lows))
            yield ok, {item.id: lows[np.clip(target, 0, len(lows) - 1)][ok]}
