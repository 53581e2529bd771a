"""Open a survey export and stream its responses as chunks of text columns.

The fast path parses CSV with pyarrow's streaming reader (bounded memory, any size). A file with
ragged rows (too few or too many cells) is read again by the tolerant path (Python's csv module),
which keeps every row and marks the ragged ones, so that no response is ever dropped. Excel
workbooks (Microsoft Forms) are read with openpyxl.

Row numbers are record numbers counting the header rows: the row number a spreadsheet shows.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from ..errors import DataError, Problem
from .layout import TextFormat, detect_delimiter, detect_text_encoding, head_text

XLSX_SUFFIXES = (".xlsx", ".xlsm")


@dataclass
class RawChunk:
    """Text cells of consecutive responses: one pyarrow string array per column of the export."""

    columns: list[pa.Array]
    first_row: int  # row number of the first response
    ragged: np.ndarray | None = None  # cells per row where it differs from the header, else -1

    def __len__(self) -> int:
        return len(self.columns[0]) if self.columns else 0


class Ragged(Exception):
    """The fast reader met a row with the wrong number of cells; read again tolerantly."""


@dataclass
class Source:
    """An opened export: its format, its first records (header rows first) and how to stream it."""

    path: Path
    kind: str  # csv | xlsx
    text: TextFormat | None
    records: list[list[str]]  # the first few records, for layout detection
    size: int  # bytes, for the progress bar

    def chunks(self, *, header_rows: int, n_columns: int, chunk_rows: int, tolerant: bool = False,
               progress: Callable[[int], None] | None = None) -> Iterator[RawChunk]:
        if self.kind == "xlsx":
            return _xlsx_chunks(self.path, header_rows, n_columns, chunk_rows)
        if tolerant:
            return _trim_tail(_tolerant_chunks(self, header_rows, n_columns, chunk_rows, progress))
        return _trim_tail(_fast_chunks(self, header_rows, n_columns, chunk_rows, progress))


def _trim_tail(chunks: Iterator[RawChunk]) -> Iterator[RawChunk]:
    """Drop empty lines at the very end of the file (an editor's trailing newline is no response).

    Empty lines between responses stay: they are rows, reported as blank.
    """
    previous = None
    for chunk in chunks:
        if previous is not None:
            yield previous
        previous = chunk
    if previous is None:
        return
    empty = np.ones(len(previous), dtype=bool)
    for col in previous.columns:
        empty &= pc.equal(col, "").to_numpy(zero_copy_only=False)
    if previous.ragged is not None:
        empty &= previous.ragged < 0
    keep = len(empty)
    while keep and empty[keep - 1]:
        keep -= 1
    if keep:
        yield RawChunk([c.slice(0, keep) for c in previous.columns], previous.first_row,
                       None if previous.ragged is None else previous.ragged[:keep])


def open_source(path: str | Path, *, encoding: str | None = None, delimiter: str | None = None) -> Source:
    """Detect the file's kind, encoding and delimiter; read its first records."""
    path = Path(path)
    if not path.is_file():
        raise DataError(Problem(str(path), "", "no such file"))
    size = path.stat().st_size
    if path.suffix.lower() in XLSX_SUFFIXES:
        return Source(path, "xlsx", None, _xlsx_records(path, 4), size)
    if size == 0:
        raise DataError(Problem(str(path), "", "the file is empty; expected a header row and responses"))
    enc, bom = detect_text_encoding(path, encoding)
    text = head_text(path, enc)
    delim = detect_delimiter(text, delimiter)
    records = []
    for record in csv.reader(io.StringIO(text, newline=""), delimiter=delim):
        records.append(record)
        if len(records) >= 4:
            break
    if not records or not any(c.strip() for c in records[0]):
        raise DataError(Problem(f"{path}:1", "", "the first row is empty; expected a header row"))
    return Source(path, "csv", TextFormat(enc, delim, bom), records, size)


def _data_offset(source: Source, header_rows: int) -> int:
    """Byte offset of the first response (header cells may hold line breaks)."""
    enc = source.text.encoding
    text = head_text(source.path, enc)
    sio = io.StringIO(text, newline="")
    reader = csv.reader(iter(sio.readline, ""), delimiter=source.text.delimiter)
    for _ in range(header_rows):
        next(reader, None)
    consumed = text[:sio.tell()]
    sig = enc.replace("_", "-").lower() == "utf-8-sig"
    bom = 3 if sig else source.text.bom  # head_text leaves a byte-order mark out
    return bom + len(consumed.encode("utf-8" if sig else enc))


def _fast_chunks(source: Source, header_rows: int, n_columns: int, chunk_rows: int,
                 progress: Callable[[int], None] | None) -> Iterator[RawChunk]:
    names = [f"c{i}" for i in range(n_columns)]

    met: list[str] = []

    def ragged(row) -> str:
        met.append(row.text)  # an exception raised here would come back as a parse error anyway
        return "error"

    enc = source.text.encoding.lower().replace("_", "-")
    offset = _data_offset(source, header_rows)
    if offset >= source.size:  # a header and nothing else
        return
    # a native file: pyarrow's reads then stay in its own memory pool instead of Python bytes objects
    with pa.OSFile(str(source.path)) as fh:
        fh.seek(offset)
        reader = _open_csv(met,
            fh,
            read_options=pacsv.ReadOptions(column_names=names, block_size=1 << 20,
                                           encoding="utf8" if enc.startswith("utf-8") else enc),
            parse_options=pacsv.ParseOptions(delimiter=source.text.delimiter, newlines_in_values=True,
                                             ignore_empty_lines=False, invalid_row_handler=ragged),
            convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False))
        row = header_rows + 1
        pending: list[pa.RecordBatch] = []
        count = 0
        for batch in _batches(reader, met):
            pending.append(batch)
            count += batch.num_rows
            while count >= chunk_rows:
                table = pa.Table.from_batches(pending)
                head, rest = table.slice(0, chunk_rows), table.slice(chunk_rows)
                yield RawChunk([head.column(i).combine_chunks() for i in range(n_columns)], row)
                row += chunk_rows
                pending, count = rest.to_batches(), rest.num_rows
                if progress:
                    progress(fh.tell())
        if count:
            table = pa.Table.from_batches(pending)
            yield RawChunk([table.column(i).combine_chunks() for i in range(n_columns)], row)
        if progress:
            progress(source.size)


def _open_csv(met: list[str], *args, **kwargs):
    try:  # the first block is parsed when the reader opens
        return pacsv.open_csv(*args, **kwargs)
    except pa.ArrowInvalid:
        if met:
            raise Ragged(met[0]) from None
        raise


def _batches(reader, met: list[str]) -> Iterator[pa.RecordBatch]:
    while True:
        try:
            yield reader.read_next_batch()
        except StopIteration:
            return
        except pa.ArrowInvalid:
            if met:
                raise Ragged(met[0]) from None
            raise


def _tolerant_chunks(source: Source, header_rows: int, n_columns: int, chunk_rows: int,
                     progress: Callable[[int], None] | None) -> Iterator[RawChunk]:
    with open(source.path, encoding=source.text.encoding, newline="") as fh:
        reader = csv.reader(fh, delimiter=source.text.delimiter)
        for _ in range(header_rows):
            next(reader, None)
        row = header_rows + 1
        while True:
            records = []
            for record in reader:
                records.append(record)
                if len(records) >= chunk_rows:
                    break
            if not records:
                break
            yield _records_chunk(records, n_columns, row)
            row += len(records)
            if progress:
                progress(min(source.size, int(source.size * 0.99)))
    if progress:
        progress(source.size)


def _records_chunk(records: list[list[str]], n_columns: int, first_row: int) -> RawChunk:
    cells = np.array([len(r) for r in records])
    ragged = np.where((cells != n_columns) & (cells != 0), cells, -1)  # an empty line is a blank row
    cols = [pa.array([r[i] if i < len(r) else "" for r in records], type=pa.string()) for i in range(n_columns)]
    return RawChunk(cols, first_row, ragged if (ragged >= 0).any() else None)


# ---------------------------------------------------------------- Excel (Microsoft Forms)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return str(value)


def _xlsx_rows(path: Path):
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException
    import zipfile

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError) as exc:
        raise DataError(Problem(str(path), "", f"not a readable Excel workbook ({exc}); save it again as .xlsx "
                                               "or export CSV")) from None
    try:
        for values in wb.worksheets[0].iter_rows(values_only=True):
            yield [_cell_text(v) for v in values]
    finally:
        wb.close()


def _xlsx_records(path: Path, n: int) -> list[list[str]]:
    out = []
    for record in _xlsx_rows(path):
        out.append(record)
        if len(out) >= n:
            break
    while out and not any(c.strip() for c in out[-1]):
        out.pop()  # openpyxl pads sheets with empty rows
    if not out:
        raise DataError(Problem(str(path), "", "the workbook's first sheet is empty; expected a header row and responses"))
    return out


def _xlsx_chunks(path: Path, header_rows: int, n_columns: int, chunk_rows: int) -> Iterator[RawChunk]:
    rows = _xlsx_rows(path)
    for _ in range(header_rows):
        next(rows, None)
    row = header_rows + 1
    records: list[list[str]] = []
    trailing_blank = 0
    for record in rows:
        record = record[:n_columns] if not any(c for c in record[n_columns:]) else record
        records.append(record)
        trailing_blank = trailing_blank + 1 if not any(c.strip() for c in record) else 0
        if len(records) >= chunk_rows + trailing_blank:
            keep = len(records) - trailing_blank
            yield _records_chunk(records[:keep], n_columns, row)
            row += keep
            records = records[keep:]
    records = records[:len(records) - trailing_blank]  # a sheet's formatted but empty tail is no response
    if records:
        yield _records_chunk(records, n_columns, row)


def encoding_label(source: Source) -> str:
    if source.kind == "xlsx":
        return "xlsx"
    return source.text.label
