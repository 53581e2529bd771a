"""From a model's ranking score (base fit plus the rule adjustments) to the fit that is shown, 0..100.

Rule raises stack: a model whose signature the organisation states gets +30 on a base fit that may
already be 90, so scores run up to 100 plus every raise one model can get (140 with the bundled rules).
Clamping them at 100 put several models on the same shown 100.0 while a score the user never saw
decided their order. Instead, scores from :data:`KNEE` up to :func:`ceiling` are scaled linearly onto
``KNEE..100``: the shown fit is a strictly increasing function of the score, so a higher score always
shows a higher fit (at the shown precision, up to a rounding tie, which the ranking marks) and the
shown fit orders the ranking. Scores up to the knee are shown as they are; below 0 a fit stops at 0
(a score below 0 needs a lowered model whose base fit is already almost nil). With no raise in the
rules the ceiling is 100 and the scale is the identity.

Both paths use these two functions (:mod:`engine.assessment` for one organisation,
:mod:`engine.rules.vectorised` for batches); the operations are the same, so both give the same floats.
"""
from __future__ import annotations

import numpy as np

from .model import RuleSet

KNEE = 90.0  # scores up to here are shown as they are
TOP = 100.0


def ceiling(rules: RuleSet) -> float:
    """The highest ranking score the rules allow: 100 plus the largest sum of raises of one model."""
    raises: dict[str, float] = {}
    for rule in rules.rules:
        for a in rule.then:
            if a.kind == "adjust" and a.by > 0:
                raises[a.model] = raises.get(a.model, 0.0) + float(a.by)
    return TOP + max(raises.values(), default=0.0)


def shown_fit(score: float, top: float) -> float:
    """The fit shown for a ranking score (``top``: :func:`ceiling` of the rule set)."""
    if score <= KNEE:
        return max(0.0, score)
    return min(TOP, KNEE + (score - KNEE) * ((TOP - KNEE) / (top - KNEE)))


def shown_fits(scores: np.ndarray, top: float) -> np.ndarray:
    """:func:`shown_fit` elementwise (the same operations, so the same floats)."""
    scaled = np.minimum(TOP, KNEE + (scores - KNEE) * ((TOP - KNEE) / (top - KNEE)))
    return np.where(scores <= KNEE, np.maximum(0.0, scores), scaled)
