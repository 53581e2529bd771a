"""``socialfit map-init``: a draft mapping file for an export, to complete by hand.

Columns that match an item already are written out (so the file documents the whole export);
columns that match nothing map to ``null`` (ignored) with the closest items as a hint; answer
labels that could not be read are listed under ``values:`` as ``TODO``, which fails loudly until
replaced by a value.
"""
from __future__ import annotations

import difflib
import json
from pathlib import Path

from ..i18n import pick
from ..model.questionnaire import Questionnaire
from . import open_survey
from .layout import norm

SAMPLE_ROWS = 2000


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML scalar


def draft_mapping(path: str | Path, q: Questionnaire, *, source: str | None = None, encoding: str | None = None,
                  delimiter: str | None = None) -> str:
    survey = open_survey(path, q, source=source, encoding=encoding, delimiter=delimiter, require_match=False)
    plan, layout = survey.plan, survey.layout
    texts = {item.id: norm(pick(item.text, "nl")) + " | " + norm(pick(item.text, "en")) for item in q.items}
    out = ["# Mapping of a survey export onto the socialfit questionnaire (socialfit map-init).",
           f"# Export: {Path(path).name}; layout {layout.tool}, {survey.describe()['encoding']}.",
           "# Complete the TODOs, then: socialfit batch <export> --map <this file> -o results.csv",
           "kind: socialfit.survey_mapping", "format_version: 1", f"source: {layout.tool}"]
    if layout.id_column is not None:
        out.append(f"id_column: {_q(layout.columns[layout.id_column].name)}")
    out.append("columns:")
    for col in layout.columns:
        if not col.name.strip() or col.position in layout.meta or col.position == layout.id_column:
            continue
        target = plan.targets.get(col.position)
        if target is not None:
            name = target.item.id if target.option is None else f"{target.item.id}[{target.option}]"
            out.append(f"  {_q(col.name)}: {name}")
            continue
        close = difflib.get_close_matches(norm(" ".join(col.texts)), list(texts.values()), n=2, cutoff=0.3)
        ids = [k for k, v in texts.items() if v in close]
        hint = f"  # TODO: item id? closest: {', '.join(ids)}" if ids else "  # TODO: item id, item_id[option], or leave null to ignore"
        out.append(f"  {_q(col.name)}: null{hint}")
    unread: dict[str, dict[str, int]] = {}
    rows = 0
    for raw, conv in survey.chunks(SAMPLE_ROWS, tolerant=True):
        for p in conv.problems:
            if p.code == "unmapped_label" and p.item:
                unread.setdefault(p.item, {})
                unread[p.item][p.value] = unread[p.item].get(p.value, 0) + 1
        rows += len(raw)
        break
    out.append("values:")
    if not unread:
        out.append("  # every answer label in the first rows was understood")
    for item_id, labels in unread.items():
        item = q.by_id[item_id]
        allowed = ", ".join(map(str, item.allowed_values)) + (", null (don't know)" if item.dont_know else "")
        out.append(f"  {item_id}:  # allowed: {allowed}")
        for label, n in sorted(labels.items(), key=lambda kv: -kv[1]):
            out.append(f"    {_q(label)}: TODO  # {n}x in the first {rows} rows")
    return "\n".join(out) + "\n"

