"""The labelled-data format: one row per assessed organisation, read and validated lazily.

A CSV file (UTF-8, with or without BOM; ``,`` or ``;`` separated) with a header row:

=================  ========  ==============================================================
column             required  meaning
=================  ========  ==============================================================
``label``          yes       the model id the expert chose (one of the catalogue's nine ids)
``take_exit``      yes       whether the expert advised the exit: yes/no (also true/false, 1/0, ja/nee)
``label_second``   no        the expert's ordered second choice (a model id, or blank)
``weight``         no        case weight, a number above 0 (blank = 1)
``source``         no        where the case comes from, e.g. ``expert``, ``synthetic``, ``field``
``case_id``        no        an identifier for messages and reports (default: ``row N``)
``organisation``   no        free text
item ids           --        one column per questionnaire item (``goals_documented``, ...)
=================  ========  ==============================================================

Answer cells: likert5 ``1``-``5``; single: an option value; multi: option values joined by ``;``;
number: a number (``.`` or ``,`` as decimal mark); blank = no answer; ``dont_know`` = don't know.
Blank and don't know both count as "not known" for the engine; a blank required item without a
don't-know option is an error. Every problem in the file is collected before anything is raised.
"""
from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import pandas as pd

from ..model.answers import validate_answers
from ..model.catalogue import Catalogue
from ..errors import DataError, Problem, describe_value
from ..files import limits
from ..model.questionnaire import Item, Questionnaire

LABEL, SECOND, EXIT, WEIGHT, SOURCE, CASE_ID, ORGANISATION = (
    "label", "label_second", "take_exit", "weight", "source", "case_id", "organisation")
META_COLUMNS = (CASE_ID, SOURCE, LABEL, SECOND, EXIT, WEIGHT, ORGANISATION)
DONT_KNOW = "dont_know"
_TRUE = {"yes", "true", "1", "ja", "y", "j"}
_FALSE = {"no", "false", "0", "nee", "n"}
MAX_PROBLEMS = 50
_PLAIN_NUMBER = re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$")


@dataclass(frozen=True)
class LabelledCases:
    """Validated labelled cases, in file order."""

    answers: tuple[dict[str, Any], ...]   # visible, validated answers (None = not known)
    labels: np.ndarray                    # model ids (str)
    second: np.ndarray                    # model ids or "" when not given
    take_exit: np.ndarray                 # bool
    weight: np.ndarray                    # float > 0
    source: np.ndarray                    # str ("" when not given)
    case_ids: tuple[str, ...]
    path: str = ""
    sha256: str = ""

    def __len__(self) -> int:
        return len(self.answers)

    def subset(self, index: Sequence[int]) -> "LabelledCases":
        """The cases at ``index`` (for cross-validation folds)."""
        idx = np.asarray(index, dtype=int)
        return LabelledCases(answers=tuple(self.answers[i] for i in idx), labels=self.labels[idx],
                             second=self.second[idx], take_exit=self.take_exit[idx], weight=self.weight[idx],
                             source=self.source[idx], case_ids=tuple(self.case_ids[i] for i in idx),
                             path=self.path, sha256=self.sha256)


def file_sha256(path: str | Path) -> str:
    return hashlib.sha256(limits.read_bounded(path, limits.MAX_CALIBRATION_BYTES)).hexdigest()


def read_table(path: str | Path) -> pd.DataFrame:
    """The CSV as text cells (nothing converted yet); ``;`` or ``,`` as separator, from the header line."""
    path = Path(path)
    limits.regular_file(path, what="a CSV file of labelled cases")
    raw = limits.read_bounded(path, limits.MAX_CALIBRATION_BYTES, what="a CSV file of labelled cases")
    if b"\x00" in raw[:8192]:
        raise DataError(Problem(str(path), "", f"contains NUL bytes at byte {raw.index(0)}; expected a CSV file of "
                                               "labelled cases (text)"))
    encoding = "utf-8-sig"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        encoding = "cp1252"
        text = raw.decode(encoding, errors="replace")
    header = text.split("\n", 1)[0]
    if not header.strip():
        raise DataError(Problem(str(path), "", "the file is empty; expected a header row with at least "
                                               "'label', 'take_exit' and item columns"))
    sep = ";" if header.count(";") > header.count(",") else ","
    rows = text.count("\n")
    if rows > limits.MAX_CALIBRATION_ROWS + 1:
        raise DataError(Problem(str(path), "", f"about {rows:,} lines, more than {limits.MAX_CALIBRATION_ROWS:,} "
                                               "cases; calibrate on a sample (the fit needs thousands, not millions)"))
    import csv
    import io

    # Python's csv module, strict: a ragged row, an unclosed quote or text after a closing quote is an
    # error naming its line, never a silently merged or dropped case
    records = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    try:
        for record in reader:
            records.append(record)
    except csv.Error as exc:
        what = ("a quoted cell is never closed (an unclosed \" runs to the end of the file)"
                if "unexpected end of data" in str(exc) else f"malformed CSV: {exc}")
        raise DataError(Problem(f"{path}:{reader.line_num}", "", what)) from None
    while records and not any(c.strip() for c in records[-1]):
        records.pop()
    head, body = [c.strip() for c in records[0]], records[1:]
    twice = sorted({c for c in head if head.count(c) > 1})
    if twice:
        raise DataError(Problem(f"{path}:1", ", ".join(twice), "column named more than once; expected each column once"))
    problems = [Problem(f"{path}: row {n}", "", f"got {len(r)} cells; expected {len(head)} like the header")
                for n, r in enumerate(body, start=1) if len(r) != len(head) and any(c.strip() for c in r)]
    if problems:
        raise DataError(problems[:MAX_PROBLEMS] + ([Problem(str(path), "", f"... and {len(problems) - MAX_PROBLEMS} "
                                                            "more ragged rows")] if len(problems) > MAX_PROBLEMS else []))
    body = [r for r in body if len(r) == len(head)]
    return pd.DataFrame(body, columns=head, dtype=str)


def _parse_cell(item: Item, text: str) -> tuple[Any, str | None]:
    """A cell's text -> (value, reason it is not valid). Blank and dont_know -> None."""
    text = text.strip()
    if text == "" or text.lower() == DONT_KNOW:
        return None, None
    if item.type in ("likert5", "number"):
        plain = text.replace(",", ".") if text.count(",") <= 1 else ""
        # no float() on its own: it takes "1_000", "1e3", "inf" and digits of other scripts
        number = float(plain) if _PLAIN_NUMBER.match(plain) and len(plain) <= 32 else float("nan")
        if number != number:
            what = "one of 1, 2, 3, 4, 5" if item.type == "likert5" else f"from {item.min:g} to {item.max:g}"
            return None, f"got {describe_value(text)}; expected a number {what}, blank or {DONT_KNOW}"
        if item.type == "likert5":
            return (int(number) if number.is_integer() else number), None
        return number, None
    if item.type == "multi":
        return [_option_value(item, v.strip()) for v in text.split(";") if v.strip()], None
    return _option_value(item, text), None


def _option_value(item: Item, text: str) -> Any:
    """Option values are text or integers; a CSV cell is always text."""
    if item.option(text) is None and text.lstrip("-").isdigit() and item.option(int(text)) is not None:
        return int(text)
    return text


def _model_problem(where: str, column: str, value: str, catalogue: Catalogue) -> Problem:
    close = difflib.get_close_matches(value, catalogue.ids, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return Problem(where, column, f"got {describe_value(value)}; expected a model id, one of: "
                                  f"{', '.join(catalogue.ids)}{hint}")


def _check_columns(columns: list[str], q: Questionnaire, source: str) -> list[Problem]:
    problems = []
    known = set(META_COLUMNS) | set(q.by_id)
    for required, what in ((LABEL, "the model the expert chose"), (EXIT, "whether the exit was taken: yes or no")):
        if required not in columns:
            problems.append(Problem(source, required, f"missing column ({what}); columns are: "
                                                       f"{', '.join(columns) or 'none'}"))
    for col in columns:
        if col not in known:
            close = difflib.get_close_matches(col, sorted(known), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            problems.append(Problem(source, col, f"unexpected column: neither an item of {q.ref} nor one of "
                                                 f"{', '.join(META_COLUMNS)}{hint}"))
    missing = [i.id for i in q.items if i.required and not i.dont_know and i.show_if is None and i.id not in columns]
    if missing:
        problems.append(Problem(source, "", f"missing item columns (required answers): {', '.join(missing)}"))
    return problems


def cases_from_frame(frame: pd.DataFrame, q: Questionnaire, catalogue: Catalogue, *,
                     source: str = "cases", sha256: str = "") -> LabelledCases:
    """Validate a DataFrame of text cells (see the module docstring) into :class:`LabelledCases`."""
    columns = [str(c) for c in frame.columns]
    problems = _check_columns(columns, q, source)
    if problems:
        raise DataError(problems)
    if frame.empty:
        raise DataError(Problem(source, "", "no cases: the file has a header but no rows"))
    item_cols = [c for c in columns if c in q.by_id]
    answers, labels, second, exits, weights, sources, ids = [], [], [], [], [], [], []
    for n, row in enumerate(frame.itertuples(index=False, name=None), start=1):
        cells = dict(zip(columns, ("" if v is None else str(v) for v in row)))
        where = f"{source}, row {n}"
        raw: dict[str, Any] = {}
        row_problems = []
        for col in item_cols:
            value, reason = _parse_cell(q.by_id[col], cells[col])
            if reason:
                row_problems.append(Problem(where, col, reason))
            elif value is not None or cells[col].strip():
                raw[col] = value
            elif q.by_id[col].dont_know:
                raw[col] = None  # blank: not known
        label = cells[LABEL].strip()
        if label not in catalogue.by_id:
            row_problems.append(_model_problem(where, LABEL, label, catalogue) if label else
                                Problem(where, LABEL, f"missing label; expected a model id, one of: {', '.join(catalogue.ids)}"))
        sec = cells.get(SECOND, "").strip()
        if sec and sec not in catalogue.by_id:
            row_problems.append(_model_problem(where, SECOND, sec, catalogue))
        exit_text = cells[EXIT].strip().lower()
        if exit_text not in _TRUE | _FALSE:
            row_problems.append(Problem(where, EXIT, f"got {describe_value(cells[EXIT])}; expected yes or no"))
        weight = 1.0
        wtext = cells.get(WEIGHT, "").strip()
        if wtext:
            plain = wtext.replace(",", ".")
            weight = float(plain) if _PLAIN_NUMBER.match(plain) and len(plain) <= 32 else float("nan")
            if not weight > 0 or weight == float("inf"):
                row_problems.append(Problem(where, WEIGHT, f"got {describe_value(wtext)}; expected a number above 0"))
        if not row_problems:
            try:
                values, _ = validate_answers(q, raw, source=where, prefix="")
            except DataError as exc:
                row_problems.extend(exc.problems)
        if row_problems:
            problems.extend(row_problems)
            continue
        answers.append(values)
        labels.append(label)
        second.append(sec)
        exits.append(exit_text in _TRUE)
        weights.append(weight)
        sources.append(cells.get(SOURCE, "").strip())
        ids.append(cells.get(CASE_ID, "").strip() or f"row {n}")
    if problems:
        if len(problems) > MAX_PROBLEMS:
            extra = len(problems) - MAX_PROBLEMS
            problems = problems[:MAX_PROBLEMS] + [Problem(source, "", f"... and {extra} more problems")]
        raise DataError(problems)
    return LabelledCases(answers=tuple(answers), labels=np.array(labels, dtype=object),
                         second=np.array(second, dtype=object), take_exit=np.array(exits, dtype=bool),
                         weight=np.array(weights, dtype=float), source=np.array(sources, dtype=object),
                         case_ids=tuple(ids), path=source, sha256=sha256)


def load_cases(path: str | Path, q: Questionnaire, catalogue: Catalogue) -> LabelledCases:
    """Read and validate a labelled-data CSV file; raises :class:`DataError` listing every problem."""
    frame = read_table(path)
    return cases_from_frame(frame, q, catalogue, source=str(path), sha256=file_sha256(path))
