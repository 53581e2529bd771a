"""What would change the advice: the smallest sets of answer changes (one change, else two) that change
the exit decision (:mod:`engine.explain.decision`) or the top model, or make a chosen model first.

Only items the questionnaire marks ``changeable`` are changed (management support can change, the size
of the organisation cannot). Every candidate is scored at once on the vectorised path
(:func:`engine.rules.vectorised.assess_frame`): all single changes first; pairs of changes to two
different items only for a goal that no single change reaches. The order is deterministic: fewest
changes, then fewest steps, then questionnaire order, then by value.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import Any, Mapping

import numpy as np

from ..errors import UsageError
from ..i18n import t
from ..rules.vectorised import assess_frame
from .changes import Change, alternatives, describe, variant_frame
from .decision import DECISIONS
from .decision import codes as decision_codes

MAX_CHANGES = 2
GOALS = ("top", "exit", "target")


@dataclass(frozen=True)
class Outcome:
    top: str
    top_fit: float
    decision: str  # go | (go_with_conditions) | not_now: see engine.explain.decision

    @property
    def take_exit(self) -> bool:
        return self.decision == "not_now"

    def to_dict(self) -> dict:
        return {"recommended": self.top, "fit": round(self.top_fit, 1), "decision": self.decision,
                "take_exit": self.take_exit}


@dataclass(frozen=True)
class Found:
    """One set of changes and the advice it leads to."""

    changes: tuple[Change, ...]
    outcome: Outcome

    @property
    def steps(self) -> int:
        return sum(c.distance for c in self.changes)

    def to_dict(self, q, lang: str) -> dict:
        return {"changes": [dict(c.to_dict(), text=describe(q, c, lang)) for c in self.changes],
                "steps": self.steps, "outcome": self.outcome.to_dict()}


@dataclass(frozen=True)
class WhatIf:
    goal: str  # top | exit | target
    target: str | None
    current: Outcome
    size: int | None  # how many changes the found sets have (None: none within MAX_CHANGES)
    found: tuple[Found, ...]
    candidates: int  # how many change sets were scored

    def to_dict(self, q, lang: str, limit: int | None = None) -> dict:
        shown = self.found if limit is None else self.found[:limit]
        return {"goal": self.goal, "target": self.target, "current": self.current.to_dict(), "size": self.size,
                "count": len(self.found), "found": [f.to_dict(q, lang) for f in shown],
                "candidates": self.candidates}


def what_if(engine, values: Mapping[str, Any], *, goals: tuple[str, ...] = ("top", "exit"),
            target: str | None = None) -> list[WhatIf]:
    """The smallest changes for each goal: ``top`` (another model first), ``exit`` (the exit decision
    flips) and ``target`` (``target`` becomes first)."""
    if target is not None:
        if target not in engine.catalogue.by_id:
            raise UsageError(f"unknown model {target!r}; known: {', '.join(engine.catalogue.ids)}")
        goals = tuple(dict.fromkeys(tuple(goals) + ("target",)))
    elif "target" in goals:
        raise UsageError("the goal 'target' needs a target model")
    q = engine.questionnaire
    singles = alternatives(q, values, changeable_only=True, one_step=False)
    tops, fits, exits = _score(engine, values, [(c,) for c in singles])
    current = Outcome(str(tops[0]), float(fits[0]), DECISIONS[exits[0]])
    if target == current.top:
        raise UsageError(f"{target} is already the recommended model")
    results = {}
    scored = len(singles)
    for goal in goals:
        hit = _reaches(goal, target, current, tops[1:], exits[1:])
        if hit.any():
            found = [Found((singles[i],), Outcome(str(tops[i + 1]), float(fits[i + 1]), DECISIONS[exits[i + 1]]))
                     for i in np.nonzero(hit)[0]]
            results[goal] = (1, found)
    todo = [g for g in goals if g not in results]
    if todo:
        pairs = [(a, b) for a, b in combinations(singles, 2) if a.item != b.item]
        ptops, pfits, pexits = _score(engine, values, pairs)
        scored += len(pairs)
        for goal in todo:
            hit = _reaches(goal, target, current, ptops[1:], pexits[1:])
            found = [Found(pairs[i], Outcome(str(ptops[i + 1]), float(pfits[i + 1]), DECISIONS[pexits[i + 1]]))
                     for i in np.nonzero(hit)[0]]
            results[goal] = (2 if found else None, found)
    out = []
    for goal in goals:
        size, found = results[goal]
        found.sort(key=lambda f: (f.steps, [c.key for c in f.changes]))
        out.append(WhatIf(goal, target if goal == "target" else None, current, size, tuple(found), scored))
    return out


def _reaches(goal, target, current: Outcome, tops: np.ndarray, exits: np.ndarray) -> np.ndarray:
    if goal == "exit":
        return exits != DECISIONS.index(current.decision)
    if goal == "target":
        return tops == target
    return tops != current.top


def _score(engine, values, change_sets) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Top model, its fit and the exit decision (an index into DECISIONS) of the base answers (row 0) and
    of every change set."""
    frame = variant_frame(engine.questionnaire, values, change_sets)
    _, _, outcome = assess_frame(engine, frame)
    ids = np.asarray(engine.catalogue.ids, dtype=object)
    first = outcome.order[:, 0]
    return ids[first], outcome.fits[np.arange(len(first)), first].astype(float), decision_codes(outcome)


def headline(result: WhatIf, engine, lang: str) -> str:
    """The one sentence above a goal's list."""
    name = engine.catalogue.by_id
    if result.goal == "exit":
        key = "whatif.heading_start" if result.current.take_exit else "whatif.heading_exit"
        return t(key, lang)
    if result.goal == "target":
        return t("whatif.heading_target", lang, model=name[result.target].name)
    return t("whatif.heading_top", lang, model=name[result.current.top].name)
