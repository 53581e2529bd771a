"""The problems of a converted chunk, kept in two forms because their numbers differ wildly.

Problems that make a row invalid (a cell that cannot be read, a ragged row, a repeated respondent
id) are few and are :class:`RowProblem` objects. Rows without enough answers (blank, or too few
required answers) can be a third of a large export, so they are kept columnar
(:class:`Incomplete`) and only turned into objects for the first few shown by ``--strict``. The
two never share a row: an invalid row is never also incomplete.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


@dataclass
class RowProblem:
    row: int
    column: str
    item: str
    value: str
    code: str
    message: str


@dataclass
class Incomplete:
    """Rows (chunk indices, ascending) that are blank or have too few answers, with code and message."""

    rows: np.ndarray
    code: pa.Array  # string
    message: pa.Array  # string

    def __len__(self) -> int:
        return len(self.rows)


def strings(values: list[str], index: np.ndarray) -> pa.Array:
    """``values[index]`` as a pyarrow string array (null where ``index`` < 0), without a Python loop."""
    return pa.array(values, pa.string()).take(pa.array(index.astype(np.int32), mask=index < 0))


def merged(problems: list[RowProblem], incomplete: Incomplete | None, first_row: int, limit: int) -> list[RowProblem]:
    """The first ``limit`` problems of the chunk in row order (both kinds)."""
    more = []
    if incomplete is not None:
        k = min(limit, len(incomplete))
        codes, messages = incomplete.code.slice(0, k).to_pylist(), incomplete.message.slice(0, k).to_pylist()
        more = [RowProblem(first_row + int(r), "", "", "", c, m) for r, c, m in zip(incomplete.rows[:k], codes, messages)]
    return sorted(problems + more, key=lambda p: p.row)[:limit]


def code_counts(problems: list[RowProblem], incomplete: Incomplete | None, first_row: int) -> list[tuple[str, int]]:
    """(code, count) in the order each code first appears in the chunk's rows."""
    first: dict[str, tuple[int, int]] = {}
    counts: dict[str, int] = {}
    for k, p in enumerate(problems):  # in row order
        first.setdefault(p.code, (p.row, k))
        counts[p.code] = counts.get(p.code, 0) + 1
    if incomplete is not None and len(incomplete):
        enc = pc.dictionary_encode(incomplete.code)
        idx = enc.indices.to_numpy()
        for k, (code, n) in enumerate(zip(enc.dictionary.to_pylist(), np.bincount(idx))):
            first[code] = (first_row + int(incomplete.rows[np.argmax(idx == k)]), -1)  # never a row of `problems`
            counts[code] = int(n)
    return [(c, counts[c]) for c in sorted(first, key=lambda c: first[c])]


def problem_table(problems: list[RowProblem], incomplete: Incomplete | None, first_row: int,
                  respondent_ids: pa.Array | None) -> pa.Table:
    """Every problem of a chunk, in row order: row, respondent_id, column, item, value, code, message."""
    rows = np.array([p.row for p in problems], dtype=np.int64)
    parts = {"row": pa.array(rows, pa.int64()),
             "column": pa.array([p.column for p in problems], pa.string()),
             "item": pa.array([p.item for p in problems], pa.string()),
             "value": pa.array([p.value for p in problems], pa.string()),
             "code": pa.array([p.code for p in problems], pa.string()),
             "message": pa.array([p.message for p in problems], pa.string())}
    if incomplete is not None and len(incomplete):
        m = len(incomplete)
        blank = pa.repeat(pa.scalar("", pa.string()), m)
        extra = {"row": pa.array(incomplete.rows + first_row, pa.int64()), "column": blank, "item": blank,
                 "value": blank, "code": incomplete.code, "message": incomplete.message}
        parts = {k: pa.concat_arrays([v, extra[k]]) for k, v in parts.items()}
    order = pc.sort_indices(parts["row"])  # stable: the problems of one row keep their order
    table = pa.table(parts).take(order)
    if respondent_ids is not None:
        rid = respondent_ids.take(pc.subtract(table.column("row"), first_row).combine_chunks())
    else:
        rid = pa.nulls(table.num_rows, pa.string())
    return table.add_column(1, "respondent_id", rid)
