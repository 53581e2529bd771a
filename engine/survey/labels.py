"""What a survey cell means for an item: answer codes, labels in nl and en, don't know, numbers.

Each item gets a :class:`ValueMap` (normalised label -> value). Cells are parsed once per distinct
text, so a million rows with five distinct answers cost five look-ups.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Mapping

from ..model.numbers import parse_number
from ..errors import describe_value
from ..model.questionnaire import Item, Questionnaire
from .layout import norm
from .scales import AGREEMENT

DONT_KNOW = object()  # a cell that says "don't know / not applicable"
DONT_KNOW_LABELS = ("weet ik niet", "weet niet", "niet van toepassing", "n.v.t.", "nvt", "geen mening",
                    "don't know", "dont know", "do not know", "not applicable", "n/a", "na",
                    "don't know / not applicable", "weet ik niet / niet van toepassing")
CHOSEN_FALSE = {"0", "0.0", "n", "no", "nee", "false", "onwaar", "not selected", "niet geselecteerd"}
# what a one-column-per-option cell may say for "chosen": ours 1, LimeSurvey Y, an Excel TRUE; SurveyMonkey
# and Qualtrics write the option's own label, which the converter adds per column
CHOSEN_TRUE = {"1", "1.0", "y", "true", "waar", "selected", "geselecteerd"}
# "5 - Helemaal mee eens", "5. Helemaal", "5) ..." -- but never "3.5" or "4,9": the code is followed by a
# separator and then a non-digit
_LEADING_CODE = re.compile(r"^\s*([0-9])\s*[-–:.)=]\s*[^\s0-9]")
_DECIMAL_COMMA = re.compile(r"^[+-]?[0-9]+,[0-9]+$")
_DECIMAL_POINT = re.compile(r"^[+-]?[0-9]*\.[0-9]+$")


@dataclass(frozen=True)
class CellError:
    code: str  # unmapped_label | out_of_range | not_a_number | dont_know_not_allowed | unknown_option | duplicate_option
    message: str


@dataclass
class ValueMap:
    """Labels of one item -> values (``DONT_KNOW`` for don't know); mapping-file labels first."""

    item: Item
    labels: dict[str, Any] = field(default_factory=dict)

    def lookup(self, text: str) -> Any:
        return self.labels.get(norm(text), _MISSING)


_MISSING = object()


def value_map(q: Questionnaire, item: Item, extra: Mapping[str, Any] | None = None) -> ValueMap:
    """Everything a survey tool may write for ``item``: values, codes and labels in nl and en."""
    labels: dict[str, Any] = {}
    if item.dont_know:
        for text in DONT_KNOW_LABELS + tuple(q.dont_know_label.values()):
            labels[norm(text)] = DONT_KNOW
        for part in (p for t in q.dont_know_label.values() for p in t.split("/")):
            labels[norm(part)] = DONT_KNOW
    if item.type == "likert5":
        labels.update(AGREEMENT)  # the tools' default agreement scales; the questionnaire's own labels win
        for v, text in q.likert5_labels.items():
            v = int(v)
            for key in (str(v), f"{v}.0", f"a{v}", *text.values()):
                labels[norm(key)] = v
    elif item.type in ("single", "multi"):
        for o in item.options:
            for key in (str(o.value), *o.label.values()):
                labels[norm(key)] = o.value
    for text, value in (extra or {}).items():  # the mapping file has the last word
        labels[norm(str(text))] = DONT_KNOW if value is None else value
    return ValueMap(item, labels)


def decimal_of(texts: list[str]) -> str:
    """The decimal mark of a number column, decided once from its distinct texts: ``.``, ``,``, or
    ``mixed`` when some cells use a point and others a comma (each cell then reads with its own)."""
    comma = any(_DECIMAL_COMMA.match(t.strip()) for t in texts)
    point = any(_DECIMAL_POINT.match(t.strip()) for t in texts)
    if comma and point:
        return "mixed"
    return "," if comma else "."


def parse_cell(q: Questionnaire, vm: ValueMap, text: str, decimal: str = ".") -> Any:
    """One non-blank cell -> a valid value, ``DONT_KNOW``, or a :class:`CellError`."""
    item = vm.item
    found = vm.lookup(text)
    if found is DONT_KNOW:
        return DONT_KNOW
    if item.type == "number":
        value = found if found is not _MISSING else parse_number(text, decimal, item.unit)
        if value is None:
            dk = _dont_know_error(q, item, text)
            return dk or CellError("not_a_number", f"got {describe_value(text)}; expected a number from {item.min:g} to "
                                                   f"{item.max:g}" + (" (decimal comma)" if decimal == "," else ""))
        if not item.min <= value <= item.max:
            return CellError("out_of_range", f"got {describe_value(text)}; expected a number from {item.min:g} to {item.max:g}")
        return int(value) if float(value).is_integer() else float(value)
    if item.type == "multi":
        return _parse_multi(q, vm, text)
    if found is _MISSING and item.type == "likert5":
        m = _LEADING_CODE.match(text)
        if m:
            found = vm.lookup(m.group(1))
        elif re.fullmatch(r"\s*[+-]?[0-9]+([.,][0-9]*)?\s*", text):
            return CellError("out_of_range", f"got {describe_value(text)}; expected one of 1, 2, 3, 4, 5 (or a label such "
                                             f"as {q.likert5_labels[5]['nl']!r})")
    if found is _MISSING:
        return _dont_know_error(q, item, text) or CellError("unmapped_label", f"got {describe_value(text)}; {expected(q, item)}")
    return found


def _dont_know_error(q: Questionnaire, item: Item, text: str) -> CellError | None:
    if not item.dont_know and norm(text) in {norm(t) for t in DONT_KNOW_LABELS}:
        return CellError("dont_know_not_allowed", f"got {describe_value(text)}; this item has no don't-know answer")
    return None


def expected(q: Questionnaire, item: Item) -> str:
    if item.type == "likert5":
        return "expected 1-5 or a label " + "/".join(q.likert5_labels[v]["nl"] for v in (1, 5)) + (
            ", or Weet ik niet" if item.dont_know else "")
    labels = ", ".join(f"{o.value}" for o in item.options)
    return f"expected one of {labels} (or their labels in nl/en); add it under values: in a mapping file"


def _parse_multi(q: Questionnaire, vm: ValueMap, text: str) -> Any:
    """A joined multi-select cell: Microsoft Forms ``a;b;`` or Google ``a, b`` (labels may hold ", ")."""
    whole = vm.lookup(text)
    if whole is not _MISSING:
        return [whole]
    parts = [p for p in text.split(";") if p.strip()] if ";" in text else text.split(",")
    chosen: list = []
    pending = ""
    for part in parts:
        pending = f"{pending},{part}" if pending else part
        value = vm.lookup(pending)
        if value is not _MISSING and value is not DONT_KNOW:
            if value in chosen:
                return CellError("duplicate_option", f"got {describe_value(text)}: {describe_value(pending.strip())} is listed twice")
            chosen.append(value)
            pending = ""
    if pending.strip():
        return CellError("unmapped_label", f"got {describe_value(pending.strip())} in {describe_value(text)}; {expected(q, vm.item)}")
    order = {o.value: k for k, o in enumerate(vm.item.options)}
    return sorted(chosen, key=order.__getitem__)


def option_labels(item: Item, option: Any) -> frozenset[str]:
    """What a tool may write in the column of ``option`` to say it was chosen: its value and labels."""
    o = next(o for o in item.options if o.value == option)
    return frozenset(norm(t) for t in (str(o.value), *o.label.values()))


def chosen_flag(text: str, labels: frozenset[str] = frozenset()) -> bool | CellError:
    """A one-column-per-option cell (ours 0/1, LimeSurvey Y, SurveyMonkey the option's label): chosen?

    Anything else (``yes``, ``2``, ``x``, ``Weet ik niet``) is a :class:`CellError`, never "chosen"."""
    key = norm(text)
    if key in CHOSEN_FALSE:
        return False
    if key in CHOSEN_TRUE or key in labels:
        return True
    return CellError("not_a_choice", f"got {describe_value(text)}; expected 1 (chosen) or 0 (not chosen), or blank")
