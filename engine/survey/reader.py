"""Open a survey export and stream its responses as chunks of text columns.

The fast path parses CSV with pyarrow's streaming reader (bounded memory, any size). A file with
ragged rows (too few or too many cells) is read again by the tolerant path (Python's csv module),
which keeps every row and marks the ragged ones, so that no response is ever dropped. Excel
workbooks (Microsoft Forms) are read with openpyxl.

Row numbers are record numbers counting the header rows: the row number a spreadsheet shows.
"""
from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from ..errors import DataError, Problem
from ..files import limits
from .layout import TextFormat, detect_delimiter, detect_text_encoding, head_text, looks_utf16
from .scan import quote_count

XLSX_SUFFIXES = (".xlsx", ".xlsm")


@dataclass
class RawChunk:
    """Text cells of consecutive responses: one pyarrow string array per column of the export."""

    columns: list[pa.Array]
    first_row: int  # row number of the first response
    ragged: np.ndarray | None = None  # cells per row where it differs from the header, else -1
    encoded: dict | None = None  # the converter's text work, done ahead (Converter.prepare)
    id_hashes: tuple | None = None

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
    sheet: str | None = None  # xlsx: the sheet that is read (the active one, never a hidden one)

    def chunks(self, *, header_rows: int, n_columns: int, chunk_rows: int, tolerant: bool = False,
               progress: Callable[[int], None] | None = None) -> Iterator[RawChunk]:
        if self.kind == "xlsx":
            return _xlsx_chunks(self.path, self.sheet, header_rows, n_columns, chunk_rows)
        if tolerant or not _quotes_balanced(self.path):  # an unclosed quote: the tolerant reader says where
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
    size = limits.regular_file(path, what="a survey export (CSV, TSV or Excel .xlsx)")
    if path.suffix.lower() in XLSX_SUFFIXES:
        sheet = _xlsx_sheet(path)
        return Source(path, "xlsx", None, _xlsx_records(path, 4, sheet), size, sheet)
    if size == 0:
        raise DataError(Problem(str(path), "", "the file is empty; expected a header row and responses"))
    _not_binary(path)
    enc, bom = detect_text_encoding(path, encoding)
    text = head_text(path, enc)
    delim = detect_delimiter(text, delimiter)
    records = []
    try:
        with _field_limit():
            for record in csv.reader(io.StringIO(text, newline=""), delimiter=delim):
                records.append(record)
                if len(records) == 1 and len(record) > limits.MAX_COLUMNS:
                    break
                if len(records) >= 4:
                    break
    except csv.Error as exc:
        raise DataError(Problem(f"{path}:{len(records) + 1}", "", f"malformed CSV: {exc}")) from None
    if not records or not any(c.strip() for c in records[0]):
        raise DataError(Problem(f"{path}:1", "", "the first row is empty; expected a header row"))
    if len(records[0]) > limits.MAX_COLUMNS:
        raise DataError(Problem(f"{path}:1", "", f"the header has more than {limits.MAX_COLUMNS:,} columns; "
                                                 "expected one column per question (is this a survey export?)"))
    return Source(path, "csv", TextFormat(enc, delim, bom), records, size)


def _not_binary(path: Path) -> None:
    """NUL bytes in the header line, or many near the start, mean a binary file, unless the text is
    UTF-16 (with or without a BOM). A stray NUL in one answer is no reason to refuse the file: that
    row is read, and neutralised on output."""
    with open(path, "rb") as fh:
        head = fh.read(8192)
    if looks_utf16(head):
        return
    if b"\x00" in head.split(b"\n", 1)[0] or head.count(b"\x00") > len(head) // 100:
        raise DataError(Problem(str(path), "", f"contains NUL bytes at byte {head.index(0)}; expected a text "
                                               "file (CSV or TSV) or an Excel workbook (.xlsx)"))


@contextlib.contextmanager
def _field_limit():
    """Python's csv module refuses cells over 128 KiB; ours refuses rows over MAX_ROW_BYTES, clearly."""
    old = csv.field_size_limit()
    csv.field_size_limit(limits.MAX_ROW_BYTES)
    try:
        yield
    finally:
        csv.field_size_limit(old)


def _quotes_balanced(path: Path) -> bool:
    """An even number of double quotes: every quoted cell is closed (a bare quote inside an unquoted
    cell, which no survey tool writes, also sends the file to the tolerant reader, which handles it)."""
    return quote_count(path) % 2 == 0


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
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        # a ragged row, a row longer than a block, bytes that are not in the encoding: the tolerant
        # reader keeps the ragged rows and names the row of anything else
        raise Ragged(met[0] if met else str(exc)) from None


def _batches(reader, met: list[str]) -> Iterator[pa.RecordBatch]:
    while True:
        try:
            yield reader.read_next_batch()
        except StopIteration:
            return
        except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
            raise Ragged(met[0] if met else str(exc)) from None


def _tolerant_chunks(source: Source, header_rows: int, n_columns: int, chunk_rows: int,
                     progress: Callable[[int], None] | None) -> Iterator[RawChunk]:
    """Python's csv module, strict: a quote that is never closed or a cell over the limit is an
    error naming the row where it starts, never a silently swallowed rest of the file."""
    path = source.path
    row = header_rows + 1
    start = row  # the record being read, for messages
    try:
        with _field_limit(), open(path, encoding=source.text.encoding, newline="") as fh:
            reader = csv.reader(fh, delimiter=source.text.delimiter, strict=True)
            for _ in range(header_rows):
                next(reader, None)
            while True:
                records = []
                start = row
                for record in reader:
                    start = row + len(records)
                    if sum(map(len, record)) > limits.MAX_ROW_BYTES:
                        raise DataError(Problem(f"{path}: row {start}", "", f"longer than "
                                                f"{limits.describe_size(limits.MAX_ROW_BYTES)}; expected one survey "
                                                "response (is a quote left open?)"))
                    records.append(record)
                    start += 1
                    if len(records) >= chunk_rows:
                        break
                if not records:
                    break
                yield _records_chunk(records, n_columns, row)
                row += len(records)
                if progress:
                    progress(min(source.size, int(source.size * 0.99)))
    except csv.Error as exc:
        raise DataError(Problem(f"{path}: row {start}", "", _csv_problem(str(exc)))) from None
    except UnicodeDecodeError as exc:
        raise DataError(Problem(f"{path}: row {start}", "", f"not valid {source.text.encoding} text "
                                f"({exc.reason}); give the right --encoding (utf-8, cp1252, ...)")) from None
    if progress:
        progress(source.size)


def _csv_problem(message: str) -> str:
    if "unexpected end of data" in message:
        return ("a quoted cell that starts in this row is never closed (an unclosed \" runs to the end of "
                "the file); close the quote, nothing was written")
    if "field larger than field limit" in message:
        return (f"a cell longer than {limits.describe_size(limits.MAX_ROW_BYTES)}; expected one answer "
                "(is a quote left open?)")
    if "expected after" in message:
        return f"malformed CSV: {message} (text after a closing quote); quote the whole cell"
    return f"malformed CSV: {message}"


def _records_chunk(records: list[list[str]], n_columns: int, first_row: int) -> RawChunk:
    cells = np.array([len(r) for r in records])
    ragged = np.where((cells != n_columns) & (cells != 0), cells, -1)  # an empty line is a blank row
    cols = [pa.array([r[i] if i < len(r) else "" for r in records], type=pa.string()) for i in range(n_columns)]
    return RawChunk(cols, first_row, ragged if (ragged >= 0).any() else None)


# ---------------------------------------------------------------- Excel (Microsoft Forms)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):  # an Excel TRUE is not the answer 1: it is read as the text TRUE
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return str(value)


_ROW_NUMBER = re.compile(rb'<row r="([0-9]{1,12})"')
_FORMULA_WITHOUT_VALUE = re.compile(rb'<c r="([A-Z]+[0-9]+)"[^>]*>\s*<f(?:\s[^>]*)?(?:/>|>[^<]*</f>)\s*'
                                    rb'(?:<v\s*/>|<v>\s*</v>)?\s*</c>')


def _open_workbook(path: Path):
    """openpyxl's read-only workbook, after the zip has been checked against the size limits."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException
    import zipfile

    unreadable = ("not a readable Excel workbook; save it again as .xlsx or export CSV")
    try:
        with zipfile.ZipFile(path) as zf:
            total = sum(info.file_size for info in zf.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise DataError(Problem(str(path), "", f"{unreadable} ({exc})")) from None
    if total > limits.MAX_XLSX_UNCOMPRESSED:
        raise DataError(Problem(str(path), "", f"unzips to {total / limits.MIB:,.0f} MiB, more than "
                                               f"{limits.describe_size(limits.MAX_XLSX_UNCOMPRESSED)}; expected a "
                                               "survey export (export CSV for very large surveys)"))
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as exc:
        raise DataError(Problem(str(path), "", f"{unreadable} ({type(exc).__name__}: {exc})")) from None


def _xlsx_sheet(path: Path) -> str:
    """The sheet a person sees on opening the file: the active one, or the first visible one. Hidden
    sheets are never read. Refuses a sheet whose formulas have no computed values (openpyxl would
    read them as blank answers) and a sheet larger than Excel allows."""
    wb = _open_workbook(path)
    try:
        visible = [ws for ws in wb.worksheets if getattr(ws, "sheet_state", "visible") == "visible"]
        if not visible:
            raise DataError(Problem(str(path), "", "every sheet of the workbook is hidden; expected a visible "
                                                   "sheet of responses"))
        try:
            active = wb.active
        except (IndexError, KeyError, AttributeError):
            active = None
        ws = active if active is not None and active in visible else visible[0]
        where = f"{path} (sheet {ws.title!r})"
        rows = ws.max_row or 0
        if rows > limits.MAX_XLSX_ROWS:
            raise DataError(Problem(where, "", f"the sheet claims {rows:,} rows, more than Excel's "
                                               f"{limits.MAX_XLSX_ROWS:,}; expected a survey export"))
        if (ws.max_column or 0) > limits.MAX_COLUMNS:
            raise DataError(Problem(where, "", f"more than {limits.MAX_COLUMNS:,} columns; expected one column "
                                               "per question"))
        _check_formulas(path, getattr(ws, "_worksheet_path", None), where, rows)
        return ws.title
    finally:
        wb.close()


def _check_formulas(path: Path, part: str | None, where: str, declared_rows: int) -> None:
    if not part:
        return
    import zipfile

    count, first, last_row = 0, None, 0
    with zipfile.ZipFile(path) as zf, zf.open(part) as fh:
        tail = b""
        while block := fh.read(1 << 22):
            text = tail + block
            cut = text.rfind(b"</c>") + 4 if b"</c>" in text else 0  # never split a cell between blocks
            for m in _FORMULA_WITHOUT_VALUE.finditer(text, 0, cut):
                count += 1
                first = first or m.group(1).decode()
            for m in _ROW_NUMBER.finditer(text, 0, cut):
                last_row = max(last_row, int(m.group(1)))
            tail = text[cut:]
    if last_row > limits.MAX_XLSX_ROWS:
        raise DataError(Problem(where, "", f"a row numbered {last_row:,}, beyond Excel's {limits.MAX_XLSX_ROWS:,} rows; "
                                           "expected a survey export"))
    if declared_rows and last_row > declared_rows:  # the sheet's dimension is wrong: openpyxl would stop early and drop rows
        raise DataError(Problem(where, "", f"rows up to {last_row:,} but the sheet says it has {declared_rows:,}; "
                                           "open the file in Excel and save it again, or export CSV"))
    if count:
        raise DataError(Problem(where, f"cell {first}", f"{count} formula cell(s) without a computed value "
                                                        "(they would read as blank answers); open the file in Excel "
                                                        "and save it again, or export CSV"))


def _xlsx_rows(path: Path, sheet: str):
    wb = _open_workbook(path)
    try:
        for n, values in enumerate(wb[sheet].iter_rows(values_only=True), start=1):
            if n > limits.MAX_XLSX_ROWS:
                raise DataError(Problem(f"{path} (sheet {sheet!r})", "", f"more than {limits.MAX_XLSX_ROWS:,} rows"))
            record = [_cell_text(v) for v in values]
            for col, cell in enumerate(record):
                if len(cell) > limits.MAX_CELL_BYTES:
                    raise DataError(Problem(f"{path} (sheet {sheet!r}): row {n}", f"column {col + 1}",
                                            f"a cell of {len(cell):,} characters, more than "
                                            f"{limits.describe_size(limits.MAX_CELL_BYTES)}; expected one answer"))
            yield record
    finally:
        wb.close()


def _xlsx_records(path: Path, n: int, sheet: str) -> list[list[str]]:
    out = []
    for record in _xlsx_rows(path, sheet):
        out.append(record)
        if len(out) >= n:
            break
    while out and not any(c.strip() for c in out[-1]):
        out.pop()  # openpyxl pads sheets with empty rows
    if not out:
        raise DataError(Problem(str(path), "", f"the sheet {sheet!r} is empty; expected a header row and responses"))
    return out


def _xlsx_chunks(path: Path, sheet: str, header_rows: int, n_columns: int, chunk_rows: int) -> Iterator[RawChunk]:
    rows = _xlsx_rows(path, sheet)
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
