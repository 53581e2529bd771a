"""Output writers for ``socialfit batch`` (format from the file suffix), and formula neutralisation.

Every writer takes pyarrow tables chunk by chunk, so memory stays bounded. CSV for Dutch Excel
(``--excel``) uses ``;``, a BOM and decimal commas. Every text cell that starts with ``=``, ``+``,
``-``, ``@`` (or a tab / carriage return) is prefixed with ``'`` in CSV and Excel output -- respondent
text, and rule texts too (a rules file is data someone wrote) -- so that a spreadsheet shows it as
text instead of running it as a formula. Control characters an Excel sheet cannot hold (a NUL in a
respondent id) become U+FFFD instead of losing the whole batch.
"""
from __future__ import annotations

import codecs
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from ..errors import DataError, Problem, UsageError

FORMATS = {".csv": "csv", ".tsv": "csv", ".parquet": "parquet", ".jsonl": "jsonl", ".ndjson": "jsonl", ".xlsx": "xlsx"}
XLSX_MAX_ROWS = 1_048_575  # one header row
_XML_ILLEGAL = "[\x00-\x08\x0b\x0c\x0e-\x1f]"  # what openpyxl refuses to write


def output_format(path: Path, option: str = "-o") -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise UsageError(f"{option} {path}: unknown output format {path.suffix!r}; use .csv, .tsv, .parquet, "
                         ".jsonl or .xlsx")
    return fmt


def neutralise(col: pa.Array) -> pa.Array:
    """Prefix ``'`` to cells that a spreadsheet would run as a formula."""
    if pa.types.is_dictionary(col.type):  # the distinct values only: a million rows, a dozen texts
        return pa.DictionaryArray.from_arrays(col.indices, neutralise(col.dictionary))
    risky = pc.fill_null(pc.match_substring_regex(col, r"^[=+\-@\t\r]"), False)
    return pc.if_else(risky, pc.binary_join_element_wise("'", col, ""), col)


class Writer:
    """Opened on a (temporary) path; ``write`` each chunk's table; ``close`` at the end."""

    def __init__(self, path: Path, fmt: str, *, excel: bool = False, text_columns: tuple[str, ...] = (),
                 tab: bool = False):
        self.path, self.fmt, self.excel, self.text_columns, self.tab = path, fmt, excel, set(text_columns), tab
        self.rows = 0
        self._w = None
        self._fh = None
        if fmt in ("csv", "jsonl"):
            self._fh = open(path, "wb")
            if fmt == "csv" and excel:
                self._fh.write(codecs.BOM_UTF8)
        elif fmt == "xlsx":
            from openpyxl import Workbook

            self._wb = Workbook(write_only=True)
            self._ws = self._wb.create_sheet("results")

    def _prepare(self, table: pa.Table) -> pa.Table:
        if self.fmt not in ("csv", "xlsx"):
            return table
        cols = []
        for col in table.columns:
            col = col.combine_chunks()
            if pa.types.is_string(col.type) or (pa.types.is_dictionary(col.type)
                                                and pa.types.is_string(col.type.value_type)):
                col = neutralise(col)
                if self.fmt == "xlsx":
                    col = col.cast(pa.string()) if pa.types.is_dictionary(col.type) else col
                    col = pc.replace_substring_regex(col, _XML_ILLEGAL, "\ufffd")
            if self.excel and pa.types.is_floating(col.type):  # Dutch Excel reads 54,3 as a number
                col = pc.replace_substring(col.cast(pa.string()), ".", ",")
            cols.append(col)
        return pa.table(cols, names=table.column_names)

    def write(self, table: pa.Table) -> None:
        table = self._prepare(table)
        if self.fmt == "csv":
            if self._w is None:
                opts = pacsv.WriteOptions(delimiter=";" if self.excel else ("\t" if self.tab else ","),
                                          quoting_style="needed")
                self._w = pacsv.CSVWriter(self._fh, table.schema, write_options=opts)
            self._w.write_table(table)
        elif self.fmt == "parquet":
            import pyarrow.parquet as pq

            if self._w is None:
                self._w = pq.ParquetWriter(self.path, table.schema)
            self._w.write_table(table)
        elif self.fmt == "jsonl":
            for row in table.to_pylist():
                self._fh.write(json.dumps(row, ensure_ascii=False).encode("utf-8") + b"\n")
        else:
            if self.rows + table.num_rows > XLSX_MAX_ROWS:
                raise DataError(Problem(str(self.path), "", f"more than {XLSX_MAX_ROWS:,} rows do not fit in an Excel "
                                                            "sheet; write .csv or .parquet instead"))
            if self.rows == 0:
                self._ws.append(table.column_names)
            for row in zip(*(c.to_pylist() for c in table.columns)):
                self._ws.append(list(row))
        self.rows += table.num_rows

    def close(self) -> None:
        if self._w is not None:
            self._w.close()
        if self.fmt == "xlsx":
            self._wb.save(self.path)
        if self._fh is not None:
            self._fh.close()
