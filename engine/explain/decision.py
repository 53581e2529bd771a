"""The exit decision as the explanations compare it, on both paths.

With the three-way decision (``engine.model.vocabulary.DECISIONS``: go, go with conditions, not now)
the what-if and stability figures compare that; where the engine has only ``take_exit`` they compare
that, as "not now" against "go". One place, so that the rest of :mod:`engine.explain` does not care.
"""
from __future__ import annotations

import numpy as np

from ..i18n import MESSAGES, t
from ..model import vocabulary

DECISIONS: tuple[str, ...] = tuple(getattr(vocabulary, "DECISIONS", ("go", "not_now")))
NOT_NOW = DECISIONS.index("not_now")


def codes(outcome) -> np.ndarray:
    """Per row of a :class:`engine.rules.vectorised.BatchOutcome`: the index of its decision in DECISIONS."""
    decision = getattr(outcome, "decision", None)
    if decision is not None:
        return np.asarray(decision, dtype=np.int64)
    return np.where(outcome.take_exit, NOT_NOW, DECISIONS.index("go")).astype(np.int64)


def of(assessment) -> str:
    """The decision of one :class:`engine.assessment.Assessment`."""
    decision = getattr(assessment, "decision", None)
    if isinstance(decision, str):
        return decision
    return "not_now" if assessment.take_exit else "go"


def label(decision: str, lang: str) -> str:
    """The short name of a decision in ``lang`` ("exit taken" / "no exit" without the three-way one)."""
    key = f"decision.short.{decision}"
    if key in MESSAGES:
        return t(key, lang)
    return t("whatif.exit_yes" if decision == "not_now" else "whatif.exit_no", lang)
