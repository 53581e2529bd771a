"""The design matrix of the model-fit score, computed the way :mod:`engine.scoring.scalar` does, plus what the
estimator needs to fit item weights within the needs scales.

A needs feature is the weighted mean of the item scores of the answered items that feed the scale
(``x = sum(w_i * s_i) / sum(w_i)``; 0.5 when none is answered). With ``w_i = w0_i * exp(u_i)`` the
feature is differentiable in ``u``, which lets L-BFGS fit item weights and model weights together.
Maturity, readiness and ownership features are taken from the engine's own scoring (their item
weights are not fitted: they also drive stages and knock-out rules, which a model-choice label
says nothing about).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import numpy as np

from ..model.questionnaire import Questionnaire
from ..scoring import vectorised as bs
from ..model.vocabulary import FEATURES, NEEDS, NEUTRAL
from ..model.weights import Weights


@dataclass(frozen=True)
class NeedScale:
    """One needs scale: its feature column, the (item, scale) pairs feeding it and their scores."""

    column: int                  # index into FEATURES
    scale: str                   # e.g. "needs.depth"
    items: tuple[str, ...]
    base_weights: np.ndarray     # w0 per item (current weights file or the questionnaire's feeds)
    scores: np.ndarray           # N x items, item score 0..1 (0 where not answered)
    answered: np.ndarray         # N x items, 1.0 where answered


@dataclass(frozen=True)
class Design:
    """Features of N cases; ``fixed`` holds every column, the needs columns as computed with ``u = 0``."""

    fixed: np.ndarray            # N x len(FEATURES)
    needs: tuple[NeedScale, ...]

    def pairs(self) -> list[tuple[str, str]]:
        """Every (item, scale) pair of the needs scales, in parameter order."""
        return [(item, s.scale) for s in self.needs for item in s.items]

    def matrix(self, u: np.ndarray | None = None) -> np.ndarray:
        """The features with item log-weight offsets ``u`` (one per :meth:`pairs` entry)."""
        x = self.fixed.copy()
        if u is None:
            return x
        k = 0
        for s in self.needs:
            w = s.base_weights * np.exp(u[k:k + len(s.items)])
            k += len(s.items)
            den = s.answered @ w
            num = (s.answered * s.scores) @ w
            x[:, s.column] = np.where(den > 0, num / np.where(den > 0, den, 1.0), NEUTRAL)
        return x

    def grad_u(self, u: np.ndarray, x: np.ndarray, dx: np.ndarray) -> np.ndarray:
        """d(loss)/du given d(loss)/dx (``dx``, N x features) at features ``x = matrix(u)``."""
        out = np.zeros(len(u))
        k = 0
        for s in self.needs:
            n_items = len(s.items)
            w = s.base_weights * np.exp(u[k:k + n_items])
            den = s.answered @ w
            safe = np.where(den > 0, den, 1.0)
            # dx_c/du_i = w_i * a_ci * (s_ci - x_c) / den_c
            d = s.answered * w * (s.scores - x[:, [s.column]]) / safe[:, None]
            d[den <= 0] = 0.0
            out[k:k + n_items] = dx[:, s.column] @ d
            k += n_items
        return out


def coded_cases(q: Questionnaire, answers: Sequence[Mapping[str, Any]]):
    """The cases as one coded frame with hidden answers blank, as the batch path scores them."""
    return bs.drop_hidden(q, bs.coded_from_values(q, answers))[0]


def case_features(q: Questionnaire, weights: Weights, answers: Sequence[Mapping[str, Any]]) -> np.ndarray:
    """The model-fit features of every case (N x features), with the vectorised twin of the scalar
    profile (tests/test_batch_equality.py proves them equal): calibration scores thousands of cases
    many times over, and row by row that was most of its run time."""
    if not len(answers):
        return np.zeros((0, len(FEATURES)))
    f = bs.features(bs.profile(q, weights, coded_cases(q, answers)))
    return np.column_stack([np.asarray(f[name], dtype=float) for name in FEATURES])


def build_design(q: Questionnaire, weights: Weights, answers: Sequence[Mapping[str, Any]]) -> Design:
    """Features of every case with ``weights``' item and dimension weights."""
    fixed = case_features(q, weights, answers)
    scales = []
    for need in NEEDS:
        scale = f"needs.{need}"
        items = [i for i in q.items if scale in i.feeds]
        base = np.array([weights.item_weights.get(i.id, {}).get(scale, i.feeds[scale]) for i in items])
        scores = np.zeros((len(answers), len(items)))
        answered = np.zeros((len(answers), len(items)))
        for c, a in enumerate(answers):
            for j, item in enumerate(items):
                value = a.get(item.id)
                if value is not None:
                    scores[c, j] = item.score(scale, value) / 100.0
                    answered[c, j] = 1.0
        scales.append(NeedScale(column=FEATURES.index(f"need_{need}"), scale=scale, items=tuple(i.id for i in items),
                                base_weights=base, scores=scores, answered=answered))
    return Design(fixed=fixed, needs=tuple(scales))
