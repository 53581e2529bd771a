"""Answers files and answer mappings: loading, validation against the questionnaire, visibility.

An answers file is YAML or JSON::

    questionnaire: intake@1.0
    language: nl            # optional, nl or en
    organisation: Acme BV   # optional
    answers:
      goals_documented: 4   # likert5: 1..5; null = don't know
      who_posts: marketing  # single: an option value
      objectives: [talking, supporting]   # multi: a list of option values
      capacity_hours: 12    # number

Every problem is collected before anything is raised; an answer to an item that the show-if
conditions hide never counts and is dropped with a warning.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from ..errors import DataError, Problem, describe_value
from ..files.loading import LineDict, load_document
from .questionnaire import Item, Questionnaire

_ENVELOPE = {"questionnaire": str, "language": str, "organisation": str, "answers": dict}


@dataclass
class Answers:
    """Validated answers to the visible items (``None`` = don't know), plus what was dropped."""

    values: dict[str, Any]
    questionnaire: str
    language: str | None = None
    organisation: str | None = None
    warnings: list[str] = field(default_factory=list)
    source: str = ""


def expected_values(q: Questionnaire, item: Item) -> str:
    """What an item accepts, for error messages and templates."""
    dk = " or null (don't know)" if item.dont_know else ""
    if item.type == "likert5":
        return f"one of 1, 2, 3, 4, 5{dk}"
    if item.type == "single":
        return f"one of {', '.join(map(str, item.allowed_values))}{dk}"
    if item.type == "multi":
        return f"a list of {', '.join(map(str, item.allowed_values))}{dk}"
    return f"a number from {item.min:g} to {item.max:g}{dk}"


def check_answer(q: Questionnaire, item: Item, value: Any) -> str | None:
    """Why ``value`` is not a valid answer to ``item`` (``None`` when it is valid)."""
    if value is None:
        return None if item.dont_know else f"got null, but this item has no don't-know option; expected {expected_values(q, item)}"
    expected = expected_values(q, item)
    if item.type == "likert5":
        if isinstance(value, bool) or not isinstance(value, int):
            return f"got {describe_value(value)} ({type(value).__name__}); expected {expected}"
        return None if 1 <= value <= 5 else f"got {describe_value(value)}; expected {expected}"
    if item.type == "single":
        return None if _is_option(item, value) else f"got {describe_value(value)}; expected {expected}"
    if item.type == "multi":
        if not isinstance(value, list):
            return f"got {describe_value(value)} ({type(value).__name__}); expected {expected}"
        bad = [v for v in value if not _is_option(item, v)]
        if bad:
            return f"got {describe_value(bad[0])} in the list; expected {expected}"
        if len(set(value)) != len(value):
            return f"got {describe_value(value)}: an option is listed twice"
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return f"got {describe_value(value)} ({type(value).__name__}); expected {expected}"
    if value != value or not item.min <= value <= item.max:  # NaN or out of range
        return f"got {describe_value(value)}; expected {expected}"
    return None


def _is_option(item: Item, value: Any) -> bool:
    try:
        return not isinstance(value, bool) and item.option(value) is not None
    except TypeError:  # unhashable
        return False


_YES, _NO = ("yes", "ja", "true", "on"), ("no", "nee", "false", "off")


def normalise_answer(item: Item, value: Any) -> Any:
    """An option value as people and YAML write it, as the option it names: ``Adequate`` for
    ``adequate``, and ``yes``/``no`` that YAML read as true/false for an option ``yes``/``no``."""
    if item.type == "single":
        return _option_value(item, value)
    if item.type == "multi" and isinstance(value, list):
        return [_option_value(item, v) for v in value]
    return value


def _option_value(item: Item, value: Any) -> Any:
    if isinstance(value, bool):
        words = _YES if value else _NO
        return next((o.value for o in item.options if str(o.value).casefold() in words), value)
    if isinstance(value, str) and not _is_option(item, value):
        wanted = value.strip().casefold()
        return next((o.value for o in item.options if isinstance(o.value, str) and o.value.casefold() == wanted), value)
    return value


def validate_answers(q: Questionnaire, raw: Mapping[str, Any], *, source: str = "answers",
                     lines: Mapping[str, int] | None = None, prefix: str = "answers.",
                     complete: bool = True) -> tuple[dict[str, Any], list[str]]:
    """Check an ``{item_id: value}`` mapping; return (answers to visible items, warnings).

    Raises :class:`DataError` with every problem: unknown item ids, invalid values, missing required
    answers (only when ``complete``: a partial intake being resumed may lack them). ``lines`` maps
    item ids to source lines for messages.
    """
    lines = lines or {}
    by_id = q.by_id
    problems: list[Problem] = []

    def where(item_id: str | None) -> str:
        line = lines.get(item_id) if item_id else None
        return f"{source}:{line}" if line else source

    values: dict[str, Any] = {}
    for item_id, value in raw.items():
        item = by_id.get(item_id)
        if item is None:
            close = difflib.get_close_matches(str(item_id), list(by_id), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            problems.append(Problem(where(item_id), f"{prefix}{item_id}", f"unknown item id{hint}"))
            continue
        value = normalise_answer(item, value)
        reason = check_answer(q, item, value)
        if reason:
            problems.append(Problem(where(item_id), f"{prefix}{item_id}", reason))
        else:
            values[item_id] = value

    shown = q.visible(values)
    warnings = []
    for item_id in list(values):
        if not shown[item_id]:
            if values.pop(item_id) in (None, []):
                continue  # null or [] is no answer (as the template leaves it): nothing ignored, no warning
            cond = by_id[item_id].show_if
            warnings.append(f"{where(item_id)}: {prefix}{item_id}: ignored: the item is hidden "
                            f"(shown only when {cond.describe() if cond else '...'})")
    if complete and not problems:  # only meaningful once the given answers are valid
        for item in q.items:
            if shown[item.id] and item.required and item.id not in values and item.id not in raw:
                problems.append(Problem(source, f"{prefix}{item.id}",
                                        f"missing required answer; expected {expected_values(q, item)}"))
    if problems:
        raise DataError(problems)
    return values, warnings


def _check_envelope(doc: Any, source: str) -> None:
    """The file's top level: ``questionnaire``, ``answers``, optional ``language`` and ``organisation``.

    Checked by hand rather than by JSON Schema: importing jsonschema would double the start-up time of
    a one-file ``socialfit score``.
    """
    if not isinstance(doc, dict):
        raise DataError(Problem(source, "", f"got {describe_value(doc)}; expected a mapping with "
                                            "'questionnaire' and 'answers'"))
    lines = doc.key_lines if isinstance(doc, LineDict) else {}
    problems = []
    for key, value in doc.items():
        where = f"{source}:{lines[key]}" if key in lines else source
        if key not in _ENVELOPE:
            problems.append(Problem(where, str(key), f"unexpected field; allowed: {', '.join(_ENVELOPE)}"))
        elif not isinstance(value, _ENVELOPE[key]):
            kind = "a mapping of item id to answer" if key == "answers" else "text"
            problems.append(Problem(where, key, f"got {describe_value(value)}; expected {kind}"))
        elif key == "language" and value not in ("nl", "en"):
            problems.append(Problem(where, key, f"got {describe_value(value)}; expected one of: nl, en"))
    for key in ("questionnaire", "answers"):
        if key not in doc:
            problems.append(Problem(source, key, "missing required field"))
    if problems:
        raise DataError(problems)


def answers_from_document(q: Questionnaire, doc: Any, source: str, *, complete: bool = True) -> Answers:
    """Validate a parsed answers document (file content) against the questionnaire.

    ``complete=False`` accepts missing required answers (a partial intake to resume)."""
    _check_envelope(doc, source)
    version = q.reads(doc["questionnaire"])
    if version is None:
        line = doc.key_lines.get("questionnaire") if isinstance(doc, LineDict) else None
        older = "".join(f", or {q.id}@{v}" for v in q.compatible_versions)
        raise DataError(Problem(f"{source}:{line}" if line else source, "questionnaire",
                                f"got {doc['questionnaire']!r}; these answers are for another questionnaire "
                                f"or version, expected {q.ref!r}{older}"))
    raw = doc["answers"]
    lines = raw.key_lines if isinstance(raw, LineDict) else None
    values, warnings = validate_answers(q, raw, source=source, lines=lines, complete=complete)
    if version != q.version:
        note = upgrade_note(q, version, raw)
        if note:
            warnings.append(f"{source}: {note}")
    return Answers(values=values, questionnaire=q.ref, language=doc.get("language"),
                   organisation=doc.get("organisation"), warnings=warnings, source=source)


def upgrade_note(q: Questionnaire, version: str, answered: Mapping[str, Any] = {}) -> str | None:
    """What a file written for an older version of the questionnaire misses, and how to bring it up to date."""
    new = [i.id for i in q.added_since(version) if i.id not in answered]
    if not new:
        return f"written for {q.id}@{version}; change 'questionnaire' to {q.ref!r} to bring it up to date"
    return (f"written for {q.id}@{version}: {len(new)} question(s) added in {q.ref} are unanswered and count as "
            f"not known ({', '.join(new)}); to bring the file up to date, change 'questionnaire' to "
            f"{q.ref!r} and answer them ('socialfit template' shows each question and its options)")


def load_answers(q: Questionnaire, path: str | Path, *, complete: bool = True) -> Answers:
    """Read and validate an answers file (YAML or JSON); ``complete=False``: a partial one may be read."""
    return answers_from_document(q, load_document(path), str(path), complete=complete)
