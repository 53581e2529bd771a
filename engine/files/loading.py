"""Reading data files safely: YAML (safe loader only) or JSON, with line numbers kept for errors.

Nothing read here is ever executed. Mappings come back as :class:`LineDict`, which remembers the line
of every key, so that a later check (schema or vocabulary) can point at ``file:line``.
"""
from __future__ import annotations

import hashlib
import json
import re
import os
import sys
from pathlib import Path
from typing import Any, Sequence

import yaml

from ..errors import DataError, Problem
from .limits import MAX_DATA_FILE_BYTES, MAX_NESTING, check_values, read_bounded
from .resources import cache_dir

try:  # libyaml's parser is several times faster; the constructor stays the safe one.
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader


class LineDict(dict):
    """A dict that knows the (1-based) line of each key in its source file."""

    __slots__ = ("key_lines", "line", "digest")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.key_lines: dict[Any, int] = {}
        self.line: int | None = None
        self.digest: str | None = None  # on a file's top mapping: SHA-256 of its bytes (the validation cache key)


class _LineLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader that records line numbers and rejects duplicate keys."""

    def construct_mapping(self, node, deep=False):  # noqa: D401 - PyYAML hook
        if not isinstance(node, yaml.MappingNode):
            return super().construct_mapping(node, deep=deep)
        self.flatten_mapping(node)
        mapping = LineDict()
        mapping.line = node.start_mark.line + 1
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping", node.start_mark,
                    "found an unhashable key", key_node.start_mark) from None
            if key in mapping:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping", node.start_mark,
                    f"found duplicate key {key!r}", key_node.start_mark)
            mapping[key] = self.construct_object(value_node, deep=deep)
            mapping.key_lines[key] = key_node.start_mark.line + 1
        return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _LineLoader.construct_mapping)


def load_document(path: str | Path) -> Any:
    """Read a YAML or JSON file (by suffix; YAML otherwise) and return its data.

    Raises :class:`DataError` naming the file, line and column for a syntax error, and for anything
    beyond :mod:`engine.files.limits` (size, nesting, alias expansion, non-finite or huge numbers).
    Parsed YAML is kept in the cache folder by the SHA-256 of the file's bytes (as JSON, never
    pickle), because PyYAML's constructor is the slowest part of a one-file ``socialfit score``.
    """
    path = Path(path)
    raw = read_bounded(path, MAX_DATA_FILE_BYTES)
    digest = hashlib.sha256(raw).hexdigest()
    cached = _cache_get(raw)
    if cached is not _MISS:
        return _stamped(cached, digest)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(Problem(str(path), "", f"is not UTF-8 text ({exc.reason} at byte {exc.start})")) from None
    if "\x00" in text:
        raise DataError(Problem(f"{path}:{text.count(chr(10), 0, text.index(chr(0))) + 1}", "",
                                "contains a NUL byte; expected a text file (YAML or JSON)"))
    doc = parse_text(text, str(path), json_syntax=path.suffix.lower() == ".json")
    _cache_put(raw, doc)
    return _stamped(doc, digest)


def _stamped(doc: Any, digest: str) -> Any:
    if isinstance(doc, LineDict):
        doc.digest = digest
    return doc


# ---------------------------------------------------------------- parse cache

_MISS = object()
_CACHE_FORMAT = "1"


_CACHE_MIN_BYTES = 8192  # small files (answers) parse fast; caching them would only fill the folder


def _cache_file(raw: bytes) -> Path | None:
    folder = cache_dir() if len(raw) >= _CACHE_MIN_BYTES else None
    if folder is None:
        return None
    return folder / f"parsed-{hashlib.sha256(_CACHE_FORMAT.encode() + raw).hexdigest()}.json"


def _encode(obj: Any) -> Any:
    """Every mapping becomes {"d": [[key, value, line], ...], "l": line}, every list {"a": [...]}."""
    if isinstance(obj, dict):
        lines = obj.key_lines if isinstance(obj, LineDict) else {}
        return {"d": [[k, _encode(v), lines.get(k)] for k, v in obj.items()],
                "l": getattr(obj, "line", None)}
    if isinstance(obj, list):
        return {"a": [_encode(v) for v in obj]}
    return obj


def _decode(obj: Any) -> Any:
    if isinstance(obj, dict):
        if "a" in obj:
            return [_decode(v) for v in obj["a"]]
        out = LineDict()
        out.line = obj["l"]
        for key, value, line in obj["d"]:
            out[key] = _decode(value)
            if line is not None:
                out.key_lines[key] = line
        return out
    return obj


def _cache_get(raw: bytes) -> Any:
    target = _cache_file(raw)
    if target is None:
        return _MISS
    try:
        return _decode(json.loads(target.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return _MISS


def _cache_put(raw: bytes, doc: Any) -> None:
    target = _cache_file(raw)
    if target is None:
        return
    try:
        # keys must survive JSON: only str and int keys (all our formats use these) are cached
        text = json.dumps(_encode(doc), ensure_ascii=False)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, target)
    except (OSError, TypeError, ValueError):
        pass


def parse_text(text: str, source: str, *, json_syntax: bool = False) -> Any:
    """Parse YAML (or JSON) text; ``source`` names it in error messages. The result is checked
    against :func:`engine.files.limits.check_values` (nesting, alias expansion, numbers)."""
    doc = _parse_json(text, source) if json_syntax else _parse_yaml(text, source)
    check_values(doc, source)
    return doc


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_JSON_BRACKET = re.compile(r"[\[\]{}]")


def _json_too_deep(text: str) -> bool:
    """Whether brackets outside strings nest deeper than MAX_NESTING. Checked before parsing, so that the
    answer does not depend on how deep the interpreter's own JSON parser can go (3.11 stops near 1,000
    levels with a RecursionError, 3.13 goes on)."""
    depth = 0
    for match in _JSON_BRACKET.finditer(_JSON_STRING.sub("", text)):
        depth += 1 if match.group() in "[{" else -1
        if depth > MAX_NESTING:
            return True
    return False


def _parse_json(text: str, source: str) -> Any:
    if _json_too_deep(text):
        raise DataError(Problem(source, "", f"nested more than {MAX_NESTING} levels deep; expected a flat data file"))

    def pairs(items: list[tuple[str, Any]]) -> dict:
        out: dict = {}
        for key, value in items:
            if key in out:
                raise _DuplicateKey(key)
            out[key] = value
        return out

    def constant(name: str):
        raise _BadConstant(name)

    try:
        return json.loads(text, object_pairs_hook=pairs, parse_constant=constant)
    except json.JSONDecodeError as exc:
        raise DataError(Problem(f"{source}:{exc.lineno}:{exc.colno}", "", f"malformed JSON: {exc.msg}")) from None
    except _DuplicateKey as exc:
        key = exc.args[0]
        raise DataError(Problem(_second_key_line(text, key, source), "",
                                f"malformed JSON: duplicate key {key!r} (a key may appear once per object)")) from None
    except _BadConstant as exc:
        raise DataError(Problem(source, "", f"got {exc.args[0]}; expected a finite number")) from None
    except RecursionError:
        raise DataError(Problem(source, "", f"nested more than {MAX_NESTING} levels deep; expected a flat data file")) from None
    except ValueError as exc:  # e.g. an integer of thousands of digits
        raise DataError(Problem(source, "", f"malformed JSON: {_value_error(exc)}")) from None


class _DuplicateKey(Exception):
    pass


class _BadConstant(Exception):
    pass


def _second_key_line(text: str, key: str, source: str) -> str:
    """``file:line`` of the second ``"key":`` in the text (near enough for a person to find it)."""
    import re

    hits = [m.start() for m in re.finditer(re.escape(json.dumps(key)) + r"\s*:", text)]
    if len(hits) < 2:
        return source
    return f"{source}:{text.count(chr(10), 0, hits[1]) + 1}"


def _value_error(exc: Exception) -> str:
    text = str(exc)
    if "integer string conversion" in text:  # Python's own limit, with advice for programmers
        return f"a number of more than {sys.get_int_max_str_digits():,} digits; expected a number of at most 1e15"
    if "must be in" in text or "out of range" in text:  # constructing a date such as 2026-13-45
        return f"an impossible date ({text}); expected a date as YYYY-MM-DD, or quote the text"
    return _short(exc)


def _short(exc: Exception) -> str:
    text = str(exc)
    return text if len(text) <= 200 else text[:197] + "..."


def _parse_yaml(text: str, source: str) -> Any:
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - _LineLoader derives from the safe loader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{source}:{mark.line + 1}:{mark.column + 1}" if mark else source
        what = exc.problem or exc.context or "syntax error"
        ctx = exc.context_mark
        if exc.problem and exc.context and ctx and mark and ctx.line != mark.line:
            # the error surfaces lines later (an unclosed bracket or quote): say where it began
            what += f" ({exc.context} that starts at line {ctx.line + 1}, column {ctx.column + 1})"
        raise DataError(Problem(where, "", f"malformed YAML: {what}")) from None
    except yaml.reader.ReaderError as exc:  # a control character: say where, and how to write one
        line = text.count("\n", 0, exc.position) + 1 if isinstance(exc.position, int) else None
        raise DataError(Problem(f"{source}:{line}" if line else source, "",
                                f"malformed YAML: control character U+{exc.character:04X} is not allowed as it is; "
                                "write it as an escape inside double quotes (\\e, \\x1b)"
                                if isinstance(exc.character, int) else f"malformed YAML: {exc.reason}")) from None
    except yaml.YAMLError as exc:
        raise DataError(Problem(source, "", f"malformed YAML: {exc}")) from None
    except RecursionError:
        raise DataError(Problem(source, "", f"nested more than {MAX_NESTING} levels deep; expected a flat data file")) from None
    except (ValueError, OverflowError) as exc:  # a date like 2026-13-45, an integer of thousands of digits
        raise DataError(Problem(source, "", f"malformed YAML: {_value_error(exc)}")) from None


def field_path(path: Sequence[Any]) -> str:
    """``['items', 3, 'text', 'en']`` -> ``items[3].text.en``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def line_of(doc: Any, path: Sequence[Any]) -> int | None:
    """The line of the deepest mapping key along ``path`` that we know of."""
    line = getattr(doc, "line", None)
    node = doc
    for part in path:
        if isinstance(node, LineDict) and part in node.key_lines:
            line = node.key_lines[part]
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, LineDict) and node.line is not None and not isinstance(part, str):
            line = node.line
    return line


def locate(source: str, doc: Any, path: Sequence[Any]) -> str:
    """``file:line`` for a field path, or just ``file`` when the line is unknown."""
    line = line_of(doc, path)
    return f"{source}:{line}" if line else source
