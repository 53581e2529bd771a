"""Numbers as people type them: ``16``, ``12,5`` (Dutch decimal comma), ``100 uur``, ``40 hours per week``.

Shared by the intake (one typed answer) and the survey reader (a column of cells), so that both
accept the same texts. Thousands separators are never guessed at: ``1.234,5`` is refused rather
than read as 1.2345 or 1234.5.
"""
from __future__ import annotations

import re
from typing import Mapping

_PLAIN_NUMBER = re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$")  # no 1_000, 1e3, inf, nan or other digits
_UNIT_WORDS = {"u", "h", "hr", "hrs", "uur", "uren", "hour", "hours", "per", "p", "week", "wk", "w", "pw", "p/w",
               "u/w", "h/w", "/", "a", "in", "de", "the", "een", "a.", "p.w.", "/week", "/wk"}


def strip_unit(text: str, unit: Mapping[str, str] | None = None) -> str:
    """``text`` without a trailing unit: the item's own unit (in any language) or its words."""
    s = " ".join(text.split())
    m = re.match(r"^([+-]?[\d.,]+)\s*(.*)$", s)
    if not m or not m.group(2):
        return s
    tail = m.group(2).casefold().rstrip(".")
    words = set(_UNIT_WORDS)
    for u in (unit or {}).values():
        words.update(u.casefold().split())
    if all(w in words for w in re.split(r"\s+|(?<=\w)(?=/)|(?<=/)(?=\w)", tail) if w):
        return m.group(1)
    return s


def parse_number(text: str, decimal: str = ".", unit: Mapping[str, str] | None = None) -> float | None:
    """The number in ``text``, or None. ``decimal`` is ``.``, ``,`` or ``mixed`` (either, one per cell)."""
    s = strip_unit(text, unit).replace("\u00a0", "").replace(" ", "")
    if decimal == "mixed":
        if s.count(",") + s.count(".") > 1:
            return None
        s = s.replace(",", ".")
    elif decimal == ",":
        if "." in s:
            return None  # "1.234,5": thousands separators are not guessed at
        s = s.replace(",", ".")
    elif "," in s:
        return None
    if not _PLAIN_NUMBER.match(s) or len(s) > 32:
        return None  # float() would take "1_000", "1e3", "inf" and digits of other scripts
    return float(s)
