"""Survey exports (Google Forms, Microsoft Forms, LimeSurvey, Qualtrics, SurveyMonkey, our own CSV
template) read onto the questionnaire's items: :func:`open_survey` recognises the file, matches its
columns, and streams coded chunks with every problem collected (see :mod:`engine.survey.convert`).
"""
from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence

from ..errors import DataError, UsageError
from ..model.questionnaire import Questionnaire
from .convert import DEFAULT_MIN_ANSWERED, Converted, Converter
from .layout import DELIMITERS, Layout, build_layout, detect_tool, norm
from .mapping import ColumnPlan, Mapping, load_mapping, no_match_problems, plan_columns
from .pipeline import prefetch
from .reader import Ragged, RawChunk, Source, encoding_label, open_source

__all__ = ["Survey", "open_survey", "Converted", "DEFAULT_MIN_ANSWERED", "Ragged"]


@dataclass
class Survey:
    """An opened export, matched onto the questionnaire; :meth:`chunks` streams it."""

    q: Questionnaire
    source: Source
    layout: Layout
    plan: ColumnPlan
    mapping: Mapping | None
    id_positions: list[int]  # respondent id first, then --id-column columns
    group_position: int | None
    min_answered: float

    @property
    def path(self) -> Path:
        return self.source.path

    def describe(self) -> dict:
        """What was detected: tool layout, encoding, delimiter, header rows, columns matched."""
        text = self.source.text
        return {"layout": self.layout.tool, "encoding": encoding_label(self.source),
                "delimiter": DELIMITERS.get(text.delimiter, text.delimiter) if text else None,
                "header_rows": self.layout.header_rows, **({"sheet": self.source.sheet} if self.source.sheet else {}), "columns": len(self.layout.columns),
                "items_matched": len(self.q.items) - len(self.plan.missing)}

    def id_names(self) -> list[str]:
        return [self.layout.columns[p].name for p in self.id_positions]

    def chunks(self, chunk_rows: int, *, tolerant: bool = False, progress=None,
               read_ahead: bool = False) -> Iterator[tuple[RawChunk, Converted]]:
        """(raw chunk, converted chunk) pairs in file order. Raises :class:`Ragged` on the fast path
        when a row has the wrong number of cells: call again with ``tolerant=True``. With
        ``read_ahead`` the next chunk is read by a background thread while this one is used
        (:mod:`.pipeline`); close the iterator when leaving it early."""
        conv = Converter(self.q, self.plan, self.mapping, id_positions=self.id_positions,
                         respondent_id=self.id_positions[0] if self.layout.id_column is not None and self.layout.id_is_key else None,
                         min_answered=self.min_answered)
        self.converter = conv  # what it decided per column (decimal marks), for the run summary
        raws = self.source.chunks(header_rows=self.layout.header_rows, n_columns=len(self.layout.columns),
                                  chunk_rows=chunk_rows, tolerant=tolerant, progress=progress)
        with contextlib.closing(prefetch(raws, prepare=conv.prepare) if read_ahead else raws) as raws:
            for raw in raws:
                yield raw, conv.convert(raw)


def _find_column(layout: Layout, name: str, what: str) -> int:
    for c in layout.columns:
        if norm(name) == f"#{c.position + 1}" or norm(c.name) == norm(name) or any(norm(t) == norm(name) for t in c.texts):
            return c.position
    raise UsageError(f"{what} {name!r}: no such column; columns are: {', '.join(repr(c.name) for c in layout.columns)}")


def open_survey(path: str | Path, q: Questionnaire, *, source: str | None = None, mapping: str | Path | None = None,
                encoding: str | None = None, delimiter: str | None = None, id_columns: Sequence[str] = (),
                group_by: str | None = None, min_answered: float = DEFAULT_MIN_ANSWERED,
                require_match: bool = True) -> Survey:
    """Open ``path``, recognise its layout (or use ``source``), and match its columns onto ``q``.

    Raises :class:`DataError` when the file cannot be read or no column matches any item (with the
    diff), :class:`UsageError` for an unknown ``--source``, ``--id-column`` or ``--group-by``.
    """
    if not 0 < min_answered <= 1:
        raise UsageError(f"--min-answered {min_answered}: expected a fraction above 0 and at most 1")
    m = load_mapping(mapping, q) if mapping else None
    src = open_source(path, encoding=encoding, delimiter=delimiter)
    tool = source or (m.source if m and m.source else None) or detect_tool(src.records, {i.id for i in q.items})
    layout = build_layout(tool, src.records)
    ids: list[int] = []
    if m and m.id_column:
        layout.id_column = _find_column(layout, m.id_column, "id_column in the mapping file")
    if layout.id_column is not None:
        ids.append(layout.id_column)
    ids += [p for p in (_find_column(layout, n, "--id-column") for n in id_columns) if p not in ids]
    group = _find_column(layout, group_by, "--group-by") if group_by else None
    keep = set(ids) | ({group} if group is not None else set())
    plan = plan_columns(q, layout, m, keep=keep)
    if require_match and not plan.targets:
        raise DataError(no_match_problems(q, str(path), layout, plan, m))
    return Survey(q, src, layout, plan, m, ids, group, min_answered)
