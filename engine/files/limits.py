"""Every resource limit in one place, so that a hostile or broken file fails with a clear message
instead of eating the machine.

The limits are far above anything a real file of ours needs (the bundled questionnaire is some 60 KB,
a rules file a few hundred lines, a survey export a few columns per question) and far below what would
exhaust memory. Each message says which limit was hit and what was expected.
"""
from __future__ import annotations

import math
import stat
from pathlib import Path
from typing import Any

from ..errors import DataError, Problem

MIB = 1 << 20

# data files: answers, questionnaire, rules, catalogue, weights, mapping (YAML or JSON)
MAX_DATA_FILE_BYTES = 16 * MIB
MAX_NESTING = 64  # mappings and lists inside each other; a rule condition tree uses a handful
MAX_VALUES = 500_000  # values after YAML aliases are expanded (a "billion laughs" file expands to 10**9)
MAX_NUMBER = 1e15  # any number in a data file; weights and scores are small, money fits easily
MAX_INT_DIGITS = 16

# rules
MAX_RULE_DEPTH = 16  # all/any groups inside each other in one condition
MAX_RULES = 400  # durable-rules 2.0.28 hangs on a ruleset of some 515 rules and fails at thousands (code 108)

# survey exports (CSV/TSV/XLSX) and labelled cases
MAX_COLUMNS = 5000  # a questionnaire of ours has ~60 items; a survey tool adds some dozens of columns
MAX_CELL_BYTES = 64 * 1024  # one answer; a free-text comment is a few KB
MAX_ROW_BYTES = 1 * MIB
MAX_XLSX_ROWS = 1_048_576  # Excel's own sheet limit
MAX_XLSX_UNCOMPRESSED = 512 * MIB  # the sum of a workbook's parts once unzipped
MAX_CALIBRATION_BYTES = 64 * MIB  # labelled cases
MAX_CALIBRATION_ROWS = 100_000  # expert-labelled cases number hundreds; the synthetic set 2,000


def describe_size(n: int) -> str:
    """``16 MiB``, ``64 KiB``: a limit as a person reads it."""
    return f"{n // MIB} MiB" if n >= MIB and n % MIB == 0 else f"{n // 1024} KiB" if n % 1024 == 0 else f"{n} bytes"


def read_bounded(path: str | Path, limit: int = MAX_DATA_FILE_BYTES, *, what: str = "a data file") -> bytes:
    """The bytes of ``path``, at most ``limit`` of them; anything longer is refused.

    Works for pipes and process substitution (``<(...)``) too; ``/dev/zero`` and friends stop at the limit.
    """
    path = Path(path)
    try:
        with open(path, "rb") as fh:
            raw = fh.read(limit + 1)
    except FileNotFoundError:
        raise DataError(Problem(str(path), "", "file not found")) from None
    except IsADirectoryError:
        raise DataError(Problem(str(path), "", "is a folder, expected a file")) from None
    except PermissionError:
        raise DataError(Problem(str(path), "", "cannot read the file: permission denied")) from None
    except OSError as exc:
        raise DataError(Problem(str(path), "", f"cannot read the file: {exc.strerror or exc}")) from None
    if len(raw) > limit:
        raise DataError(Problem(str(path), "", f"larger than {describe_size(limit)}; expected {what} "
                                               f"(is this the right file?)"))
    return raw


def regular_file(path: str | Path, *, what: str) -> int:
    """The size of ``path``; refuses folders, devices and missing files with a clear message."""
    path = Path(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        raise DataError(Problem(str(path), "", "file not found")) from None
    except OSError as exc:
        raise DataError(Problem(str(path), "", f"cannot read the file: {exc.strerror or exc}")) from None
    if stat.S_ISDIR(st.st_mode):
        raise DataError(Problem(str(path), "", f"is a folder; expected {what}"))
    if not stat.S_ISREG(st.st_mode):
        raise DataError(Problem(str(path), "", f"is not a regular file (a device, pipe or socket); expected {what}"))
    return st.st_size


def check_values(doc: Any, source: str) -> None:
    """Refuse nesting deeper than :data:`MAX_NESTING`, more than :data:`MAX_VALUES` values, and
    numbers that are not finite or beyond :data:`MAX_NUMBER` anywhere in a parsed document."""
    count = 0  # a YAML alias is counted each time it is used: that is what expanding it would cost
    stack: list[tuple[Any, int, str]] = [(doc, 0, "")]
    while stack:
        node, depth, where = stack.pop()
        count += 1
        if count > MAX_VALUES:
            raise DataError(Problem(source, "", f"more than {MAX_VALUES:,} values (each use of a YAML alias counts); "
                                                "expected a data file "
                                                "of ours (is this the right file?)"))
        if isinstance(node, bool) or node is None or isinstance(node, str):
            continue
        if isinstance(node, (int, float)):
            _check_number(node, source, where)
            continue
        if isinstance(node, (dict, list)):
            if depth >= MAX_NESTING:
                shown = where if len(where) <= 60 else where[:57] + "..."
                raise DataError(Problem(source, shown, f"nested more than {MAX_NESTING} levels deep; "
                                                       "expected a flat data file"))
            items = node.items() if isinstance(node, dict) else enumerate(node)
            for key, value in items:
                if isinstance(key, (int, float)) and not isinstance(key, bool):
                    _check_number(key, source, where)
                stack.append((value, depth + 1, _join(where, key)))


def _join(where: str, key: Any) -> str:
    if isinstance(key, int):
        return f"{where}[{key}]"
    return f"{where}.{key}" if where else str(key)


def _check_number(value: int | float, source: str, where: str) -> None:
    if isinstance(value, float):
        if math.isnan(value):
            raise DataError(Problem(source, where, "got .nan (not a number); expected a finite number"))
        if math.isinf(value):
            raise DataError(Problem(source, where, f"got {'-' if value < 0 else ''}.inf (infinite); "
                                                   "expected a finite number"))
    if abs(value) > MAX_NUMBER:
        text = repr(value)
        shown = text if len(text) <= 24 else f"{text[:12]}... ({len(text)} characters)"
        raise DataError(Problem(source, where, f"got {shown}; expected a number of at most {MAX_NUMBER:.0e} "
                                               "in size"))
