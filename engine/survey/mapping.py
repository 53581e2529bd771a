"""Which column of an export answers which item: by item id, by question text (nl or en), by
``question [option]`` headings, or through a mapping file. Mismatches are reported as a diff.

A mapping file (``socialfit map-init`` writes a draft)::

    kind: socialfit.survey_mapping
    format_version: 1
    source: surveymonkey          # optional: the layout, as --source
    id_column: Respondent ID      # optional: the column with the respondent id
    columns:                      # column -> item id, item_id[option] or null (ignore)
      "Do you eat steak?": audience_on_social     # by heading (any header row's text)
      "G01Q05": social_status                     # by code: LimeSurvey code, Qualtrics tag or QID
      "#12": goals_documented                     # by position: the 12th column (repeated or long headings)
      "Q5[other]": null
    values:                       # per item: answer label or code -> value (null = don't know)
      audience_on_social: {"Yes": "yes", "No": "no"}
"""
from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model.answers import check_answer
from ..scoring.vectorised import option_column
from ..errors import DataError, Problem
from ..files.loading import load_document, locate
from ..model.questionnaire import Item, Questionnaire
from .layout import LAYOUTS, Column, Layout, norm

KIND = "socialfit.survey_mapping"


@dataclass
class Mapping:
    columns: dict[str, str | None] = field(default_factory=dict)  # normalised heading -> target or None
    values: dict[str, dict[str, Any]] = field(default_factory=dict)  # item id -> label -> value
    source: str | None = None
    id_column: str | None = None
    path: str = ""


@dataclass(frozen=True)
class Target:
    item: Item
    option: Any = None  # an option value: a one-column-per-option column of a multi item


@dataclass
class ColumnPlan:
    """How the columns of an export map onto the questionnaire, and what did not match."""

    targets: dict[int, Target]
    ignored: list[int]  # metadata and columns the mapping file ignores
    unexpected: list[Column]
    missing: list[str]  # item ids without a column
    columns: list[Column]
    unused: list[str] = field(default_factory=list)  # mapping-file columns that name no column of the export

    def diff(self) -> list[str]:
        """The mismatch, one line each: ``- item`` missing, ``+ column`` unexpected."""
        lines = [f"- {item_id}  (no column answers this item)" for item_id in self.missing]
        lines += [f"+ {c.name!r}  (column {c.position + 1}: no item matches; ignored)" for c in self.unexpected]
        lines += [f"? {k!r}  (in the mapping file, but no column of the export has it)" for k in self.unused]
        return lines


def _parse_target(q: Questionnaire, text: str) -> Target | None:
    m = re.fullmatch(r"([a-z][a-z0-9_]*)(?:\[(.+)\])?", text.strip())
    if not m or m.group(1) not in q.by_id:
        return None
    item = q.by_id[m.group(1)]
    if m.group(2) is None:
        return Target(item)
    if item.type != "multi":
        return None
    option = next((o.value for o in item.options if str(o.value) == m.group(2)), None)
    return None if option is None else Target(item, option)


def load_mapping(path: str | Path, q: Questionnaire) -> Mapping:
    """Load and check a mapping file against the questionnaire; every problem is reported at once."""
    source = str(path)
    doc = load_document(path)
    problems: list[Problem] = []

    def problem(where: list, field_name: str, message: str) -> None:
        problems.append(Problem(locate(source, doc, where), field_name, message))

    if not isinstance(doc, dict):
        raise DataError(Problem(source, "", "expected a mapping with kind: socialfit.survey_mapping and columns:"))
    for key in doc:
        if key not in ("kind", "format_version", "source", "id_column", "columns", "values"):
            problem([key], str(key), "unexpected field; allowed: kind, format_version, source, id_column, columns, values")
    if doc.get("kind") != KIND:
        problem(["kind"], "kind", f"got {doc.get('kind')!r}; expected {KIND!r}")
    if doc.get("format_version") != 1:
        problem(["format_version"], "format_version", f"got {doc.get('format_version')!r}; expected 1")
    layout = doc.get("source")
    if layout is not None and layout not in LAYOUTS:
        problem(["source"], "source", f"got {layout!r}; expected one of {', '.join(LAYOUTS)}")
    mapping = Mapping(source=layout, id_column=doc.get("id_column"), path=source)
    columns = doc.get("columns") or {}
    if not isinstance(columns, dict):
        problem(["columns"], "columns", "expected a mapping of column heading -> item id")
        columns = {}
    for heading, target in columns.items():
        if target is not None and _parse_target(q, str(target)) is None:
            close = difflib.get_close_matches(str(target), [i.id for i in q.items], n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            problem(["columns", heading], f"columns.{heading}",
                    f"got {target!r}; expected an item id, item_id[option] or null{hint}")
        mapping.columns[norm(str(heading))] = None if target is None else str(target)
    values = doc.get("values") or {}
    for item_id, labels in (values.items() if isinstance(values, dict) else []):
        item = q.by_id.get(item_id)
        if item is None or not isinstance(labels, dict):
            problem(["values", item_id], f"values.{item_id}", "expected an item id with a mapping of label -> value")
            continue
        for label, value in labels.items():
            check = [value] if item.type == "multi" and value is not None else value
            reason = check_answer(q, item, check)
            if reason:
                problem(["values", item_id, label], f"values.{item_id}.{label}", reason)
        mapping.values[item_id] = dict(labels)
    if problems:
        raise DataError(problems)
    return mapping


def plan_columns(q: Questionnaire, layout: Layout, mapping: Mapping | None, *,
                 keep: set[int] = frozenset()) -> ColumnPlan:
    """Match every column of ``layout`` to an item (or an option of one); ``keep`` are id columns."""
    index: dict[str, Target] = {}
    for item in q.items:
        for key in (item.id, *item.text.values()):
            index.setdefault(norm(key), Target(item))
        for o in item.options if item.type == "multi" else ():
            for key in (option_column(item.id, o.value),
                        *(f"{t} [{lab}]" for t in item.text.values() for lab in o.label.values())):
                index.setdefault(norm(key), Target(item, o.value))
    loose: dict[str, Target] = {}
    for key, target in index.items():
        loose.setdefault(_loose(key), target)
    targets: dict[int, Target] = {}
    ignored: list[int] = []
    unexpected: list[Column] = []
    problems: list[Problem] = []
    used: set[str] = set()
    for col in layout.columns:
        texts = [norm(t) for t in col.texts if t.strip()]
        mapped = [t for t in (position_key(col.position), *texts) if mapping and t in mapping.columns]
        used.update(mapped)
        if col.position in keep:
            continue
        if mapped:
            target_text = mapping.columns[mapped[0]]
            if target_text is None:
                ignored.append(col.position)
                continue
            target = _parse_target(q, target_text)
        else:
            target = next((index[t] for t in texts if t in index), None)
            if target is None:  # the same question with other punctuation (a tool dropped a comma or a '?')
                target = next((loose[k] for k in map(_loose, texts) if k in loose), None)
        if target is None:
            (ignored.append(col.position) if col.position in layout.meta or not texts else unexpected.append(col))
            continue
        clash = next((p for p, t in targets.items() if t == target), None)
        if clash is not None:
            where = f"columns {clash + 1} and {col.position + 1}"
            problems.append(Problem(where, target.item.id, f"{layout.columns[clash].name!r} and {col.name!r} both "
                                    "answer this item; ignore one with `<heading>: null` in a mapping file"))
        targets[col.position] = target
    joined = {t.item.id for t in targets.values() if t.option is None}
    for pos, t in targets.items():
        if t.option is not None and t.item.id in joined:
            problems.append(Problem(f"column {pos + 1}", t.item.id, "the item has both a joined column and "
                                    "one-column-per-option columns; keep one form"))
    if problems:
        raise DataError(problems)
    answered = {t.item.id for t in targets.values()}
    missing = [i.id for i in q.items if i.id not in answered]
    unused = [k for k in (mapping.columns if mapping else ()) if k not in used]
    return ColumnPlan(targets=targets, ignored=ignored, unexpected=unexpected, missing=missing, columns=layout.columns,
                      unused=unused)


def _loose(text: str) -> str:
    return " ".join(re.sub(r"[^\w\[\]]+", " ", text).split())


def position_key(position: int) -> str:
    """How a mapping file names a column by position: ``#1`` is the first column."""
    return f"#{position + 1}"


# ---------------------------------------------------------------- suggestions and the "nothing matches" report

_STOP = set("""the and for you your our does how what which with are have has this that from who whom when where
would could should about into per than then there their they them not yes any all one een het de van voor met wat
hoe welke zijn heeft hebben onze uw jouw wij die dat niet ook als bij aan naar door over wordt worden kan kunnen
is er op te in en of we je u will wil willen want wants can must moeten need needs through via wie ons use
gebruik gebruikt""".split())
# every one of our questions is about social media in an organisation: these words tell no item from another
_DOMAIN = set("social media sociale organisation organisations organization organizations organisatie organisaties".split())


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[^\W\d_]{3,}", norm(text)) if w not in _STOP}


def _stems(words: set[str]) -> set[str]:
    """One word per family: a word that starts another (``plan`` / ``planning``) counts once, as the shorter."""
    out: set[str] = set()
    for w in sorted(words, key=len):
        if not any(w.startswith(s[:max(4, len(s) - 1)]) and len(w) - len(s) <= 3 for s in out):
            out.add(w)
    return out


_item_words_cache: list = []  # [(questionnaire, words, idf)]: one questionnaire at a time in practice
MIN_HINT_SCORE = 0.3  # the share of the heading's weight an item must cover to be named as a hint


def _item_words(q: Questionnaire) -> tuple[dict[str, set[str]], dict[str, float]]:
    """Per item its stemmed words (id, nl and en text); per word its rarity over the items (idf)."""
    if not _item_words_cache or _item_words_cache[0][0] is not q:  # the object itself, not its id (ids are reused)
        words = {i.id: _stems(_words(" ".join((i.id.replace("_", " "), *i.text.values()))) - _DOMAIN) for i in q.items}
        df: dict[str, int] = {}
        for ws in words.values():
            for w in ws:
                df[w] = df.get(w, 0) + 1
        idf = {w: math.log((1 + len(words)) / (1 + n)) + 1.0 for w, n in df.items()}
        _item_words_cache[:] = [(q, words, idf)]
    return _item_words_cache[0][1], _item_words_cache[0][2]


def _shared(heading: set[str], item: set[str]) -> set[str]:
    """Heading words that match an item word, allowing a common stem (``channel`` / ``channels``)."""
    return {w for w in heading if any(w == v or (min(len(w), len(v)) >= 4 and abs(len(w) - len(v)) <= 3
                                                 and (w.startswith(v) or v.startswith(w))) for v in item)}


def closest_items(q: Questionnaire, column: Column, n: int = 2) -> list[tuple[float, str]]:
    """Items whose id or question text (nl or en) shares words with the column's headings, best
    first: (score, item id), where the score is the share of the heading's words (weighted by how
    rare each word is among our items, so "social media" or "organisation" count little) that the
    item has. Only hints that mean something: at least two shared word families, or one rare long
    word for a heading of one or two words, and a score of at least :data:`MIN_HINT_SCORE`. So a column
    about pets, Amsterdam or alcohol never gets an organisation-size hint."""
    words = _stems(_words(" ".join(column.texts)) - _DOMAIN)
    if not words:
        return []
    item_words, idf = _item_words(q)
    rare = max(idf.values(), default=1.0)

    def weight(w: str) -> float:
        return idf.get(w, rare)  # a word none of our items has weighs as much as the rarest one

    total = sum(weight(w) for w in words)
    out = []
    for item in q.items:
        shared = _shared(words, item_words[item.id])
        if not (len(shared) >= 2 or (len(words) <= 2 and any(len(w) >= 6 for w in shared))):
            continue
        score = sum(weight(w) for w in shared) / total
        if score >= MIN_HINT_SCORE:
            # ties go to the item whose own words the heading covers best
            covered = len(_shared(item_words[item.id], words)) / max(1, len(item_words[item.id]))
            out.append((score, covered, item.id))
    return [(s, i) for s, _, i in sorted(out, key=lambda sci: (-sci[0], -sci[1], sci[2]))[:n]]


def no_match_problems(q: Questionnaire, path: str, layout: Layout, plan: ColumnPlan,
                      mapping: Mapping | None) -> Problem:
    """A short, true report of why no column answers any item, and what to do next: one problem
    whose message runs over a few lines (the closest columns first, only where words are shared)."""
    shown = [c for c in layout.columns if c.name.strip() and c.position not in layout.meta
             and c.position != layout.id_column]
    lines = [(f"no column matches an item of {q.ref} (layout {layout.tool}, {len(shown)} question "
                               f"column(s), {len(q.items)} items)")]
    if mapping is not None:
        mapped = [k for k, v in mapping.columns.items() if v is not None]
        if not mapped:
            lines.append((f"the mapping file {mapping.path} maps every column to null: write an item "
                                         "id after each column that asks one of our questions"))
        elif plan.unused:
            lines.append((f"the mapping file names {len(plan.unused)} column(s) that this export does "
                                         "not have, e.g. " + ", ".join(repr(k) for k in plan.unused[:3])
                                 + " (a mapping for another export? columns can be named '#N' by position)"))
    ranked = sorted(((closest_items(q, c, 1), c) for c in shown), key=lambda sc: -(sc[0][0][0] if sc[0] else 0))
    hints = [(s[0][1], c) for s, c in ranked if s][:5]
    for item_id, c in hints:
        lines.append((f"column {c.position + 1} {short_text(c.name)!r} may be {item_id} (shared words)"))
    if mapping is not None:
        lines.append(f"next: write item ids into {mapping.path} (or name columns there by position, '#N'), "
                     "then run the same command again")
        return Problem(path, "", "\n  ".join(lines))
    if not hints:
        lines.append((f"none of its {len(shown)} headings shares a word with our questions: is this "
                                     "the intake questionnaire's export?"))
    lines.append((f"next: socialfit map-init {path} -o mapping.yaml, write the item ids into it, then "
                                 f"socialfit batch {path} --map mapping.yaml -o results.csv"))
    return Problem(path, "", "\n  ".join(lines))


def short_text(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"
