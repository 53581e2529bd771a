"""Text chunks of an export -> coded frames, with lazy validation: every problem of every row is
collected (row, column, value, reason code), and every row gets a status.

Status: ``ok`` (scored; a partial response counts when at least ``min_answered`` of its visible
required items are answered, the rest taken as unknown), ``invalid`` (a cell could not be read, a
ragged row, a repeated respondent id) or ``incomplete`` (a blank row, or too few answers).
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..scoring.vectorised import coded_columns, item_columns, option_column, visible_masks
from ..model.questionnaire import Questionnaire
from .idset import HashSet, hash_texts
from .labels import DONT_KNOW, CellError, chosen_flag, decimal_of, option_labels, parse_cell, value_map
from .mapping import ColumnPlan, Mapping
from .problems import Incomplete, RowProblem, code_counts, merged, problem_table, strings
from .reader import RawChunk

OK, INVALID, INCOMPLETE = 0, 1, 2
STATUS_NAMES = ("ok", "invalid", "incomplete")
MISSING, DK, VALUE, ERROR = 0, 1, 2, 3
DEFAULT_MIN_ANSWERED = 0.8
_CACHE_LIMIT = 50_000


@dataclass
class Converted:
    frame: pd.DataFrame  # coded; unknown and hidden answers NaN; rows that are not ok stay in, unscored
    status: np.ndarray  # int8: OK, INVALID, INCOMPLETE
    reason: pa.Array  # string per row: why it is invalid, incomplete or partial (null: nothing to say)
    problems: list[RowProblem]  # what makes rows invalid (few), in row order
    ids: list[pa.Array]  # the id columns' text, in the order given to the converter
    answered_share: np.ndarray
    first_row: int = 0
    incomplete: Incomplete | None = None  # blank rows and rows with too few answers (maybe very many)
    unmapped: dict[tuple[str, str], int] = field(default_factory=dict)  # (column, label) -> count
    hidden_answers: int = 0  # answers to items that show-if hides: ignored, as for a single answers file

    def first_problems(self, limit: int) -> list[RowProblem]:
        """The first ``limit`` problems of both kinds, in row order."""
        return merged(self.problems, self.incomplete, self.first_row, limit)

    def problem_counts(self) -> list[tuple[str, int]]:
        """(reason code, rows) in the order the codes first appear."""
        return code_counts(self.problems, self.incomplete, self.first_row)

    def problem_table(self) -> pa.Table:
        """Every problem, in row order: row, respondent_id (the first id column), column, item, value, code, message."""
        return problem_table(self.problems, self.incomplete, self.first_row, self.ids[0] if self.ids else None)

    @property
    def has_problems(self) -> bool:
        return bool(self.problems) or (self.incomplete is not None and len(self.incomplete) > 0)


class Converter:
    """Turns :class:`RawChunk` s into :class:`Converted`, remembering per-column decisions (decimal
    separator) and seen respondent ids across chunks."""

    def __init__(self, q: Questionnaire, plan: ColumnPlan, mapping: Mapping | None, *, id_positions: list[int],
                 respondent_id: int | None, min_answered: float = DEFAULT_MIN_ANSWERED):
        self.q, self.plan = q, plan
        self.id_positions, self.respondent_id, self.min_answered = id_positions, respondent_id, min_answered
        extra = mapping.values if mapping else {}
        self.maps = {i.id: value_map(q, i, extra.get(i.id)) for i in q.items}
        self.decimal: dict[int, str] = {}
        self.cache: dict[int, dict[str, object]] = {}
        self.seen = HashSet()
        self._spares: list[np.ndarray] = []
        self._partial: dict[int, str] = {}  # combination of missing required items -> its reason text
        self.columns = coded_columns(q)
        self.column_index = {c: k for k, c in enumerate(self.columns)}
        self.names = {c.position: c.name for c in plan.columns}
        self.by_item: dict[str, list[int]] = {}
        for pos, t in plan.targets.items():
            self.by_item.setdefault(t.item.id, []).append(pos)

    # ---------------------------------------------------------------- cells

    def _parse(self, pos: int, item, text: str):
        cache = self.cache.setdefault(pos, {})
        hit = cache.get(text)
        if hit is None:
            t = self.plan.targets[pos]
            if t.option is not None:
                hit = chosen_flag(text, option_labels(item, t.option))
            else:
                hit = parse_cell(self.q, self.maps[item.id], text, self.decimal.get(pos, "."))
            if len(cache) < _CACHE_LIMIT:
                cache[text] = hit
        return hit

    def prepare(self, chunk: RawChunk) -> RawChunk:
        """Do the chunk's text work ahead of :meth:`convert`: the distinct texts of every answer
        column and the hashes of the respondent ids. Called by the thread that reads the chunks
        (:func:`.pipeline.prefetch`), in file order: pyarrow's hashing runs without the GIL there while
        the previous chunk is scored, and the per-column decisions (decimal marks) are taken in file
        order as before."""
        chunk.encoded = {pos: self._column(chunk, pos) for pos in self.plan.targets}
        if self.respondent_id is not None:
            chunk.id_hashes = self._id_hashes(chunk)
        return chunk

    def _column(self, chunk: RawChunk, pos: int):
        """(indices into the distinct texts, the distinct texts stripped)."""
        if chunk.encoded is not None:
            return chunk.encoded[pos]
        enc = pc.dictionary_encode(chunk.columns[pos]).combine_chunks() if isinstance(
            chunk.columns[pos], pa.ChunkedArray) else pc.dictionary_encode(chunk.columns[pos])
        texts = [t.strip() for t in enc.dictionary.to_pylist()]
        pos_item = self.plan.targets[pos].item
        if pos_item.type == "number" and pos not in self.decimal and any(texts):
            self.decimal[pos] = decimal_of([t for t in texts if t])
        return enc.indices.to_numpy(zero_copy_only=False), texts

    # ---------------------------------------------------------------- a chunk

    def _block(self, n: int) -> np.ndarray:
        """A (columns, n) block of NaN for the coded frame. A block of an earlier chunk is filled
        again when nothing refers to it any more (its frame, views of its columns, all gone): a
        fresh 50 MB block per chunk cost more in page faults than the filling (a tenth of a run)."""
        shape = (len(self.columns), n)
        for k in range(len(self._spares)):
            # references: the list's and getrefcount's argument; a frame or a view of a column adds one
            if self._spares[k].shape == shape and sys.getrefcount(self._spares[k]) == 2:
                self._spares[k].fill(np.nan)
                return self._spares[k]
        block = np.full(shape, np.nan)
        self._spares = (self._spares + [block])[-2:]  # this chunk's and the previous one's
        return block

    def convert(self, chunk: RawChunk) -> Converted:
        n = len(chunk)
        q = self.q
        # one (columns, rows) block, written in place and wrapped by the frame without a copy
        block = self._block(n)
        cols = {c: block[k] for k, c in enumerate(self.columns)}
        state: dict[str, np.ndarray] = {}
        unmapped: dict[tuple[str, str], int] = {}
        problems: list[RowProblem] = []
        for item in q.items:
            st = np.zeros(n, dtype=np.int8)
            for pos in self.by_item.get(item.id, []):
                idx, texts = self._column(chunk, pos)
                target = self.plan.targets[pos]
                parsed = [None if not t else self._parse(pos, item, t) for t in texts]
                kinds = np.array([_kind(p) for p in parsed], dtype=np.int8)
                if target.option is not None:  # one column per option: blank = not chosen (unless all blank)
                    flag = cols[option_column(item.id, target.option)]
                    np.take(np.array([float(p) if _kind(p) == VALUE else np.nan for p in parsed] + [np.nan]), idx,
                            out=flag)
                    st = np.maximum(st, np.where(np.isnan(flag), MISSING, VALUE).astype(np.int8))
                elif item.type == "multi":
                    st = kinds[idx]
                    for o in item.options:
                        table = np.array([float(o.value in p) if _kind(p) == VALUE else np.nan for p in parsed])
                        np.take(table, idx, out=cols[option_column(item.id, o.value)])
                else:
                    st = kinds[idx]
                    table = np.array([_code(item, p) for p in parsed])
                    np.take(table, idx, out=cols[item.id])
                bad = np.nonzero(kinds == ERROR)[0]
                if len(bad):
                    hits = np.nonzero(np.isin(idx, bad))[0]
                    for r in hits:
                        err: CellError = parsed[idx[r]]
                        problems.append(RowProblem(chunk.first_row + int(r), self.names[pos], item.id,
                                                   texts[idx[r]], err.code, err.message))
                        if err.code == "unmapped_label":
                            key = (self.names[pos], texts[idx[r]])
                            unmapped[key] = unmapped.get(key, 0) + 1
            if item.type == "multi" and any(self.plan.targets[p].option is not None for p in self.by_item.get(item.id, [])):
                answered = st == VALUE
                for o in item.options:  # options without a column of their own: not chosen
                    c = option_column(item.id, o.value)
                    cols[c][:] = np.where(answered, np.nan_to_num(cols[c]), np.nan)
            state[item.id] = st
        frame = pd.DataFrame(block.T, columns=self.columns, copy=False)
        shown = visible_masks(q, frame)
        ignored = 0
        for item in q.items:  # blank hidden answers (engine.batch_scoring.drop_hidden, in place)
            hidden = ~shown[item.id]
            if item.show_if is not None and hidden.any():
                ignored += int((hidden & (state[item.id] != MISSING)).sum())
                for c in item_columns(item):
                    cols[c][hidden] = np.nan
        converted = self._status(chunk, frame, shown, state, problems, unmapped)
        converted.hidden_answers = ignored
        return converted

    def _status(self, chunk, frame, shown, state, problems, unmapped) -> Converted:
        n = len(chunk)
        q = self.q
        invalid = np.zeros(n, dtype=bool)
        invalid[np.array([p.row - chunk.first_row for p in problems], dtype=np.int64)] = True
        if chunk.ragged is not None:
            expected = len(chunk.columns)
            for r in np.nonzero(chunk.ragged >= 0)[0]:
                invalid[r] = True
                problems.append(RowProblem(chunk.first_row + int(r), "", "", "", "ragged_row",
                                           f"got {chunk.ragged[r]} cells; expected {expected} like the header"))
        ids = [_array(chunk.columns[p]) for p in self.id_positions]
        if self.respondent_id is not None:
            self._duplicates(chunk, invalid, problems)
        required = np.zeros(n, dtype=np.int64)
        missing = np.zeros(n, dtype=np.int64)
        blank = np.ones(n, dtype=bool)
        for item in q.items:
            st = state[item.id]
            blank &= st == MISSING
            if item.required:
                required += shown[item.id]
                missing += shown[item.id] & (st == MISSING)
        with np.errstate(invalid="ignore", divide="ignore"):
            share = np.where(required > 0, 1.0 - missing / required, 1.0)
        status = np.where(invalid, INVALID, OK).astype(np.int8)
        few = ~invalid & (blank | (share < self.min_answered))
        status[few] = INCOMPLETE
        problems.sort(key=lambda p: p.row)
        # the reason per row, as an index into a few distinct texts: one text per kind of row, not per row
        reason = np.full(n, -1, dtype=np.int64)
        texts: list[str] = []
        by_row: dict[int, list[str]] = {}
        for p in problems:
            by_row.setdefault(p.row - chunk.first_row, []).append(
                f"{p.code}: {p.column}: {p.message}" if p.column else f"{p.code}: {p.message}")
        for r, parts in by_row.items():
            reason[r] = len(texts)
            texts.append(" | ".join(parts))
        incomplete = None
        if few.any():
            rows = np.nonzero(few)[0]
            given = required[rows] - missing[rows]
            key = np.where(blank[rows], -1, given * (int(required.max()) + 1) + required[rows])
            uniq, first, inv = np.unique(key, return_index=True, return_inverse=True)
            codes, messages = [], []
            for k, r in zip(uniq, first):
                if k < 0:
                    codes.append("blank_row")
                    messages.append("no answers")
                else:
                    codes.append("too_few_answers")
                    messages.append(f"{int(given[r])} of {int(required[rows[r]])} required answers given; "
                                    f"at least {self.min_answered:.0%} needed")
            incomplete = Incomplete(rows, strings(codes, inv), strings(messages, inv))
            reason[rows] = len(texts) + inv
            texts += [f"{c}: {m}" for c, m in zip(codes, messages)]
        partial = (status == OK) & (missing > 0)
        if partial.any():  # one text per combination of missing items
            required_items = [i for i in q.items if i.required]
            wide = len(required_items) > 62  # Python ints then; int64 bit masks otherwise
            combo = np.zeros(n, dtype=object if wide else np.int64)
            for k, i in enumerate(required_items):
                hit = shown[i.id] & (state[i.id] == MISSING)
                combo = combo + (np.where(hit, 1 << k, 0).astype(object) if wide else hit.astype(np.int64) << k)
            rows = np.nonzero(partial)[0]
            uniq, inv = np.unique(combo[rows], return_inverse=True)
            for key in uniq:
                text = self._partial.get(key)
                if text is None:  # remembered: the same few thousand combinations come back chunk after chunk
                    absent = [i.id for k, i in enumerate(required_items) if int(key) >> k & 1]
                    text = f"partial: {len(absent)} required answer(s) missing, taken as unknown: {', '.join(absent)}"
                    if len(self._partial) < _CACHE_LIMIT:
                        self._partial[key] = text
                texts.append(text)
            reason[rows] = len(texts) - len(uniq) + inv
        return Converted(frame=frame, status=status, reason=strings(texts, reason), problems=problems, ids=ids,
                         answered_share=share, first_row=chunk.first_row, incomplete=incomplete, unmapped=unmapped)

    def _id_hashes(self, chunk: RawChunk):
        """(the ids trimmed, rows with an id, distinct hashes, first row of each, row -> distinct)."""
        text = pc.utf8_trim_whitespace(_array(chunk.columns[self.respondent_id])).to_numpy(zero_copy_only=False)
        at = np.nonzero(text != "")[0]
        if not len(at):
            return text, at, None, None, None
        return (text, at, *np.unique(hash_texts(text[at]), return_index=True, return_inverse=True))

    def _duplicates(self, chunk: RawChunk, invalid: np.ndarray, problems: list[RowProblem]) -> None:
        """Mark later rows that repeat an earlier respondent id (64-bit hashes, see :mod:`.idset`)."""
        text, at, uniq, first, inv = chunk.id_hashes if chunk.id_hashes is not None else self._id_hashes(chunk)
        if not len(at):
            return
        dup = self.seen.add(uniq)[inv]  # seen in an earlier chunk
        repeat = np.ones(len(at), dtype=bool)
        repeat[first] = False  # or not the first in this chunk
        dup |= repeat
        for r in at[dup]:
            invalid[r] = True
            problems.append(RowProblem(chunk.first_row + int(r), self.names[self.respondent_id], "", str(text[r]),
                                       "duplicate_id", f"respondent id {text[r]!r} already appeared in an earlier row"))


def _array(col) -> pa.Array:
    return col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col


def _kind(parsed) -> int:
    if parsed is None:
        return MISSING
    if parsed is DONT_KNOW:
        return DK
    if isinstance(parsed, CellError):
        return ERROR
    return VALUE


def _code(item, parsed) -> float:
    if _kind(parsed) != VALUE:
        return np.nan
    if item.type == "single":
        return float(next(k for k, o in enumerate(item.options) if o.value == parsed))
    return float(parsed)
