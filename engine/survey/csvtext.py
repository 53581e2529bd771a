"""CSV text of a pyarrow table: byte for byte what ``pyarrow.csv.CSVWriter`` writes with
``quoting_style="needed"`` (every text cell quoted, ``"`` doubled; numbers and booleans bare; null
empty; ``\\n`` after each row), in a fifth of the time for a batch's results.

Why: pyarrow formats every float cell on its own (about 0.3 us each: 3 of the 4.6 s of writing a
million result rows), and decodes and scans every dictionary cell. Our columns repeat few values: a
fit rounded to one decimal has at most 1,001 texts, a share rounded to four 10,001, a model id nine.
So each column becomes *codes* into a small table of its cells' texts -- texts made by pyarrow
itself (``pc.cast``), so that they are the writer's to the byte -- and neighbouring coded columns
are merged into one code (their tables' product, while it stays small), so that the final row join
(``binary_join_element_wise``, whose cost is per cell) has a dozen arguments instead of 26. The
CSV bytes are then the joined array's data buffer, written as they are.

A float column is coded only when every value is exactly (bit for bit) ``k / 10**d`` for a small
range of ``k``; any other value sends the column to ``pc.cast``, which is what the writer does. A
type this module does not know, or a table too large for 32-bit string offsets, is written by
pyarrow's writer itself: the output is the same either way, only slower.
"""
from __future__ import annotations

from typing import Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

_MAX_TABLE = 1 << 14  # largest lookup table of one column
_MAX_MERGED = 1 << 16  # largest table of merged columns (its texts are built per chunk: a few ms)
_DECIMALS = (1, 4, 0, 2, 3)  # a batch's fits have one decimal, its shares four: tried first (any match gives the same text)
_MAX_BYTES = 1 << 30  # a chunk's estimated text beyond this goes to pyarrow's writer (2 GiB offsets)
_FLOAT_TEXTS: dict[tuple[int, int, int], tuple[np.ndarray, pa.Array]] = {}


def header(names: list[str], delimiter: str) -> bytes:
    """The header line: every name quoted, as pyarrow writes it."""
    return (delimiter.join('"' + n.replace('"', '""') + '"' for n in names) + "\n").encode("utf-8")


def _quoted(texts: pa.Array) -> pa.Array:
    return pc.binary_join_element_wise('"', pc.replace_substring(texts, '"', '""'), '"', "")


class _Coded:
    """A column as codes (int64, every row) into ``texts`` (a string array without nulls)."""

    def __init__(self, codes: np.ndarray, texts: pa.Array):
        self.codes, self.texts = codes, texts


def _with_null(texts: pa.Array, valid: np.ndarray | None, codes: np.ndarray) -> _Coded:
    """Null rows point at an empty text appended to the table."""
    if valid is not None and not valid.all():
        codes = np.where(valid, codes, len(texts))
        texts = pa.concat_arrays([texts, pa.array([""], pa.string())])
    return _Coded(codes, texts)


def _valid(col: pa.Array) -> np.ndarray | None:
    return None if col.null_count == 0 else col.is_valid().to_numpy(zero_copy_only=False)


def _float_texts(decimals: int, lo: int, hi: int) -> tuple[np.ndarray, pa.Array]:
    key = (decimals, lo, hi)
    if key not in _FLOAT_TEXTS:
        if len(_FLOAT_TEXTS) > 64:
            _FLOAT_TEXTS.clear()
        values = np.arange(lo, hi + 1) / 10.0 ** decimals  # correctly rounded: what round(x, d) gives
        _FLOAT_TEXTS[key] = values, pc.cast(pa.array(values), pa.string())
    return _FLOAT_TEXTS[key]


def _floats(col: pa.Array) -> _Coded | pa.Array:
    valid = _valid(col)
    v = col.to_numpy(zero_copy_only=False)
    known = v if valid is None else v[valid]
    if known.size and np.isfinite(known).all():
        for d in _DECIMALS:
            k = np.rint(known * 10.0 ** d)
            lo, hi = k.min(), k.max()
            if hi - lo >= _MAX_TABLE:
                continue
            values, texts = _float_texts(d, int(lo), int(hi))
            ki = (k - lo).astype(np.int64)
            if np.array_equal(values[ki].view(np.int64), known.view(np.int64)):  # bit for bit: -0.0 is not 0.0
                codes = np.zeros(len(v), dtype=np.int64)
                if valid is None:
                    codes = ki
                else:
                    codes[valid] = ki
                return _with_null(texts, valid, codes)
    return pc.cast(col, pa.string())


def _ints(col: pa.Array) -> _Coded | pa.Array:
    valid = _valid(col)
    v = col.to_numpy(zero_copy_only=False) if valid is None else pc.fill_null(col, 0).to_numpy()
    if len(v) and 0 <= v.min() and v.max() < _MAX_TABLE and len(v) > 4 * (int(v.max()) + 1):
        texts = pc.cast(pa.array(np.arange(int(v.max()) + 1, dtype=np.int64)), pa.string())
        return _with_null(texts, valid, v.astype(np.int64))
    return pc.cast(col, pa.string())


def _column(col: pa.Array) -> _Coded | pa.Array | None:
    """The column's cells as text (codes into a table, or an array); None: a type not handled here."""
    t = col.type
    if pa.types.is_dictionary(t) and (pa.types.is_string(t.value_type) or pa.types.is_large_string(t.value_type)):
        texts = _quoted(col.dictionary.cast(pa.string()))
        valid = _valid(col)
        codes = pc.fill_null(col.indices, 0).to_numpy().astype(np.int64)
        return _with_null(texts, valid, codes)
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return _quoted(col.cast(pa.string()))
    if pa.types.is_float64(t):
        return _floats(col)
    if pa.types.is_integer(t):
        return _ints(col)
    if pa.types.is_boolean(t):
        valid = _valid(col)
        codes = pc.fill_null(col, False).to_numpy(zero_copy_only=False).astype(np.int64)
        return _with_null(pa.array(["false", "true"]), valid, codes)
    if pa.types.is_null(t):
        return _Coded(np.zeros(len(col), dtype=np.int64), pa.array([""]))
    return None


def _merge(a: _Coded, b: _Coded, delimiter: str) -> _Coded:
    nb = len(b.texts)
    pairs = np.arange(len(a.texts) * nb)
    texts = pc.binary_join_element_wise(a.texts.take(pa.array(pairs // nb)), b.texts.take(pa.array(pairs % nb)),
                                        delimiter)
    return _Coded(a.codes * nb + b.codes, texts)


def _rows(table: pa.Table, delimiter: str) -> pa.Array | None:
    """One string per row: its cells joined, ending in a newline; None: use pyarrow's writer."""
    parts: list[_Coded | pa.Array] = []
    for col in table.columns:
        text = _column(col.combine_chunks())
        if text is None:
            return None
        last = parts[-1] if parts else None
        if isinstance(text, _Coded) and isinstance(last, _Coded) and len(last.texts) * len(text.texts) <= _MAX_MERGED:
            parts[-1] = _merge(last, text, delimiter)
        else:
            parts.append(text)
    if isinstance(parts[-1], _Coded):
        parts[-1] = _Coded(parts[-1].codes, pc.binary_join_element_wise(parts[-1].texts, "", "\n"))
    else:
        parts[-1] = pc.binary_join_element_wise(pc.fill_null(parts[-1], ""), "", "\n")
    cells = [p.texts.take(pa.array(p.codes)) if isinstance(p, _Coded) else pc.fill_null(p, "") for p in parts]
    return cells[0] if len(cells) == 1 else pc.binary_join_element_wise(*cells, delimiter)


def write_rows(table: pa.Table, delimiter: str, write: Callable[[object], object]) -> None:
    """Pass the CSV text of ``table``'s rows (no header) to ``write`` (a binary file's ``write``)."""
    if table.num_rows == 0:
        return
    rows = None
    if table.nbytes + 32 * table.num_rows * table.num_columns < _MAX_BYTES:
        rows = _rows(table, delimiter)
    if rows is None:
        sink = pa.BufferOutputStream()
        pacsv.write_csv(table, sink, write_options=pacsv.WriteOptions(
            include_header=False, delimiter=delimiter, quoting_style="needed"))
        write(memoryview(sink.getvalue()))
        return
    offsets = np.frombuffer(rows.buffers()[1], dtype=np.int32)
    start, end = offsets[rows.offset], offsets[rows.offset + len(rows)]
    write(memoryview(rows.buffers()[2])[start:end])
