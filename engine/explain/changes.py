"""Answer changes and how to score many of them at once.

A :class:`Change` sets one item to another answer. :func:`alternatives` lists, for one organisation,
every other answer of every item it is shown (every value for ``what if``; only the neighbours, one
step away, for the stability figure). :func:`variant_frame` turns the base answers plus many sets of
changes into one coded frame, so that the vectorised path scores them all in one go; items that a
change hides are blanked exactly as the validation drops them.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from ..i18n import pick, t
from ..model.questionnaire import Item, Questionnaire
from ..scoring import vectorised as bs


@dataclass(frozen=True)
class Change:
    """Answer ``item`` with ``new`` instead of ``old`` (``None``: don't know / not answered)."""

    item: str
    old: Any
    new: Any
    distance: int  # steps from old to new (1 for a choice, an option toggled or an unknown answered)
    position: int  # the item's place in the questionnaire, for a stable order

    @property
    def key(self) -> tuple:
        return (self.position, _sort_value(self.new))

    def to_dict(self) -> dict:
        return {"item": self.item, "from": _plain(self.old), "to": _plain(self.new)}


def _plain(value):
    return list(value) if isinstance(value, tuple) else value


def _sort_value(value) -> tuple:
    if value is None:
        return (0, "")
    if isinstance(value, tuple):
        return (1, ",".join(map(str, value)))
    return (2, f"{value:012.3f}") if isinstance(value, (int, float)) else (3, str(value))


def alternatives(q: Questionnaire, values: Mapping[str, Any], *, changeable_only: bool,
                 one_step: bool) -> list[Change]:
    """Every single-item change to ``values`` (questionnaire order, then by value).

    ``changeable_only`` keeps the items the questionnaire marks ``changeable`` (what an organisation can
    influence). ``one_step`` keeps neighbours only: a Likert answer one point up or down, the option next
    to the chosen one, one option of a multiple choice toggled, the next band of a number; unknown
    answers have no neighbours then.
    """
    shown = q.visible(values)
    out: list[Change] = []
    for pos, item in enumerate(q.items):
        if not shown[item.id] or (changeable_only and not item.changeable):
            continue
        old = values.get(item.id)
        if isinstance(old, list):
            old = tuple(old)
        if one_step and old is None:
            continue
        for new, dist in _item_alternatives(item, old, one_step):
            out.append(Change(item.id, old, new, dist, pos))
    return out


def _item_alternatives(item: Item, old, one_step: bool) -> list[tuple[Any, int]]:
    if item.type == "likert5":
        if old is None:
            return [(v, 1) for v in range(1, 6)]
        if one_step:  # one point up or down (a group mean 3.5 moves to 2.5 and 4.5)
            return [(v, 1) for v in (old - 1, old + 1) if 1 <= v <= 5]
        return [(v, int(abs(v - old) + 0.5) or 1) for v in range(1, 6) if v != old]
    if item.type == "single":
        values = [o.value for o in item.options]
        if old is None:
            return [(v, 1) for v in values]
        k = values.index(old)
        return [(v, 1) for j, v in enumerate(values) if j != k and (not one_step or abs(j - k) == 1)]
    if item.type == "multi":
        chosen = set(old or ())
        out = []
        for o in item.options:  # toggle one option; the list keeps questionnaire order
            new = chosen ^ {o.value}
            out.append((tuple(v.value for v in item.options if v.value in new), 1))
        return out
    return _number_alternatives(item, old, one_step)


def _number_alternatives(item: Item, old, one_step: bool) -> list[tuple[Any, int]]:
    """One representative per band: its lowest value (the item's minimum for the first band)."""
    if not item.bands:
        return []
    lows = [item.min] + [b.below for b in item.bands[:-1]]
    lows = [int(v) if float(v).is_integer() else v for v in lows if item.min <= v <= item.max]
    if old is None:
        return [(v, 1) for v in lows]
    here = _band_index(item, old)
    out = []
    for j, v in enumerate(lows):
        if j == here or (one_step and abs(j - here) != 1):
            continue
        out.append((v, abs(j - here)))
    return out


def _band_index(item: Item, value) -> int:
    for j, band in enumerate(item.bands):
        if band.below is None or value < band.below:
            return j
    return len(item.bands) - 1


def apply(values: Mapping[str, Any], changes: Sequence[Change], q: Questionnaire) -> dict[str, Any]:
    """The answers with ``changes`` made, answers to items that became hidden dropped."""
    new = dict(values)
    for c in changes:
        new[c.item] = list(c.new) if isinstance(c.new, tuple) else c.new
    shown = q.visible(new)
    return {k: v for k, v in new.items() if shown.get(k, False)}


def describe(q: Questionnaire, change: Change, lang: str) -> str:
    """"<question>: <old answer> -> <new answer>" in ``lang``."""
    item = q.by_id[change.item]
    question = pick(item.text, lang).strip()
    # "Who posts ...? A → B", "We measure results: A → B"
    question = question if question.endswith("?") else question.rstrip(".") + ":"
    return t("whatif.change", lang, question=question, old=answer_label(q, item, change.old, lang),
             new=answer_label(q, item, change.new, lang))


def answer_label(q: Questionnaire, item: Item, value, lang: str) -> str:
    if value is None:
        return pick(q.dont_know_label, lang)
    if item.type == "likert5":
        # a group's combined answer is a mean (3.67): named after the nearest point of the scale
        label = q.likert5_labels.get(int(round(value)))
        return f"{_number(value)} ({pick(label, lang)})" if label else _number(value)
    if item.type == "single":
        return pick(item.option(value).label, lang)
    if item.type == "multi":
        return ", ".join(pick(item.option(v).label, lang) for v in value) or t("whatif.none_chosen", lang)
    unit = pick(item.unit, lang) if item.unit else ""
    return f"{_number(value)} {unit}".strip()


def _number(value) -> str:
    """3 as 3, a mean 3.6666... as 3.67 (not 3.6666666666666665)."""
    if isinstance(value, float):
        return f"{value:.0f}" if value.is_integer() else f"{value:.2f}".rstrip("0")
    return str(value)


def variant_frame(q: Questionnaire, values: Mapping[str, Any], change_sets: Sequence[Sequence[Change]]) -> pd.DataFrame:
    """A coded frame: row 0 the answers as they are, then one row per set of changes, hidden answers
    blanked (see :func:`engine.scoring.vectorised.drop_hidden`)."""
    base = bs.coded_from_values(q, [values])
    columns = list(base.columns)
    col = {c: j for j, c in enumerate(columns)}
    data = np.repeat(base.to_numpy(), len(change_sets) + 1, axis=0)
    for r, changes in enumerate(change_sets, start=1):
        for c in changes:
            item = q.by_id[c.item]
            if item.type == "multi":
                chosen = set(c.new)
                for o in item.options:
                    data[r, col[bs.option_column(item.id, o.value)]] = float(o.value in chosen)
            elif item.type == "single":
                data[r, col[item.id]] = float(next(k for k, o in enumerate(item.options) if o.value == c.new))
            else:
                data[r, col[item.id]] = float(c.new)
    frame, _ = bs.drop_hidden(q, pd.DataFrame(data, columns=columns))
    return frame
