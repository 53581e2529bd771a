"""``socialfit map-init``: a draft mapping file for an export, to complete by hand.

Columns that match an item already are written out (so the file documents the whole export);
columns that match nothing map to ``null`` (ignored) with the closest items as a hint; answer
labels that could not be read are listed under ``values:`` as ``TODO``, which fails loudly until
replaced by a value.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from ..model.questionnaire import Questionnaire
from . import open_survey
from .layout import norm
from .mapping import closest_items, position_key

SAMPLE_ROWS = 2000


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML scalar


MAX_KEY = 200  # YAML allows implicit keys of at most 1024 characters; long headings are named by position


def _comment(text: str, n: int = 90) -> str:
    text = " ".join(text.split())  # a comment ends at a line break
    return text if len(text) <= n else text[: n - 1] + "…"


def column_keys(layout) -> dict[int, tuple[str, str]]:
    """position -> (the key the draft names the column by, a comment). The heading when it is short
    and unique; else a code the export gives (LimeSurvey code, Qualtrics QID) when unique; else the
    position ``#N``. So a draft never has a duplicate or an over-long key."""
    counts: dict[str, int] = {}
    for col in layout.columns:
        for t in {norm(t) for t in col.texts if t.strip()}:
            counts[t] = counts.get(t, 0) + 1
    keys = {}
    for col in layout.columns:
        name = norm(col.name)
        if col.name.strip() and counts.get(name) == 1 and len(col.name) <= MAX_KEY and "\n" not in col.name:
            keys[col.position] = (col.name, "")
            continue
        codes = [t for t in col.texts[1:] if t.strip() and counts.get(norm(t)) == 1 and len(t) <= 40
                 and re.fullmatch(r"[\w\[\]#.-]+", t)]
        why = "repeated heading" if counts.get(name, 0) > 1 else ("long heading" if len(col.name) > MAX_KEY else "heading")
        keys[col.position] = (codes[0] if codes else position_key(col.position), f"{why}: {_comment(col.name)}")
    return keys


def draft_mapping(path: str | Path, q: Questionnaire, *, source: str | None = None, encoding: str | None = None,
                  delimiter: str | None = None, mapping: str | Path | None = None,
                  output: str | Path | None = None) -> str:
    """The text of a draft mapping file for ``path``; it always loads with ``batch --map``. With
    ``mapping`` (a completed draft), its columns and values are kept and the answer labels of the
    mapped columns that are still not understood are listed."""
    survey = open_survey(path, q, source=source, encoding=encoding, delimiter=delimiter, mapping=mapping,
                         require_match=False)
    plan, layout = survey.plan, survey.layout
    keys = column_keys(layout)
    import shlex

    this_path = Path(output or "mapping.yaml")
    export, this = shlex.quote(str(path)), shlex.quote(str(this_path))
    after = shlex.quote(str(this_path.with_name(f"{this_path.stem}_2{this_path.suffix}")))  # never over its input
    out = ["# Mapping of a survey export onto the socialfit questionnaire (socialfit map-init).",
           f"# Export: {_comment(Path(path).name)}; layout {layout.tool}, {survey.describe()['encoding']}.",
           "# A column is named by its heading, by a code (LimeSurvey code, Qualtrics QID) or by its position (#N).",
           "# Write an item id (socialfit questionnaire lists them) after each column that asks one of our questions;",
           f"# then: socialfit batch {export} --map {this} -o results.csv",
           "kind: socialfit.survey_mapping", "format_version: 1", f"source: {layout.tool}"]
    if layout.id_column is not None:
        key, note = keys[layout.id_column]
        what = "respondent id" if layout.id_is_key else "no respondent id in this export: the submission time"
        out.append(f"id_column: {_q(key)}  # {what}" + (f"; {note}" if note else ""))
    out.append("columns:")
    for col in layout.columns:
        if not col.name.strip() or col.position in layout.meta or col.position == layout.id_column:
            continue
        key, note = keys[col.position]
        note = f"  # {note}" if note else ""
        target = plan.targets.get(col.position)
        if target is not None:
            name = target.item.id if target.option is None else f"{target.item.id}[{target.option}]"
            out.append(f"  {_q(key)}: {name}{note}")
            continue
        close = [item_id for _, item_id in closest_items(q, col)]
        hint = f"TODO item id? shares words with {', '.join(close)}" if close else "TODO item id, or null to ignore"
        out.append(f"  {_q(key)}: null  # {hint}" + (f"; {note[4:]}" if note else ""))
    out.append("values:")
    if not plan.targets:
        out.append("  # no column is mapped to an item yet: answer labels are checked once columns are mapped")
        out.append(f"  # (then draft again from it: socialfit map-init {export} --map {this} -o {after})")
        return "\n".join(out) + "\n"
    unread: dict[str, dict[str, int]] = {}
    rows = 0
    for raw, conv in survey.chunks(SAMPLE_ROWS, tolerant=True):
        for p in conv.problems:
            if p.code == "unmapped_label" and p.item:
                unread.setdefault(p.item, {})
                unread[p.item][p.value] = unread[p.item].get(p.value, 0) + 1
        rows += len(raw)
        break
    known = survey.mapping.values if survey.mapping else {}
    for item_id in [i for i in known if i not in unread]:
        out.append(f"  {item_id}:")
        out += [f"    {_q(str(label))}: {json.dumps(value, ensure_ascii=False)}" for label, value in known[item_id].items()]
    if not unread:
        out.append(f"  # every answer label of the mapped columns was understood in the first {rows} rows")
    for item_id, labels in unread.items():
        item = q.by_id[item_id]
        allowed = ", ".join(map(str, item.allowed_values)) + (", null (don't know)" if item.dont_know else "")
        out.append(f"  {item_id}:  # allowed: {allowed}")
        out += [f"    {_q(str(label))}: {json.dumps(value, ensure_ascii=False)}"
                for label, value in known.get(item_id, {}).items()]
        for label, n in sorted(labels.items(), key=lambda kv: -kv[1]):
            out.append(f"    {_q(label)}: TODO  # {n}x in the first {rows} rows")
    return "\n".join(out) + "\n"
