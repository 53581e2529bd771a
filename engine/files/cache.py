"""Remember documents that already passed schema validation.

A one-file ``socialfit score`` must start fast, and importing jsonschema alone costs more than the
rest of the run. Structural validation only depends on the document's content and the schema, so a
passing (file bytes, schema, code version) triple is recorded by its SHA-256 in the user's cache folder and not checked
again. Cross-reference checks against the vocabulary always run. Set ``SOCIALFIT_NO_CACHE=1`` to
validate every time; a cache folder that cannot be written is simply not used.
"""
from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path
from typing import Any

from ..errors import Problem
from .resources import cache_dir, no_cache  # noqa: F401  (no_cache: part of this module's API)

_VERSION = "2"


@functools.lru_cache(maxsize=1)
def _code_version() -> str:
    """SHA-256 of the code that decides validity (the schemas and the validator), so that a changed
    schema or check never trusts a stamp written by older code, in a checkout as in a wheel."""
    h = hashlib.sha256()
    for name in ("schemas.py", "validation.py", "cache.py"):
        h.update((Path(__file__).parent / name).read_bytes())
    return h.hexdigest()


def _digest(doc: Any, schema: dict) -> str | None:
    """The cache key: the file's own bytes (their SHA-256, kept by the loader), the schema and the
    code version -- nothing derived from the parsed values, so that two different files (a date and
    the same date as text) can never share a key. None for a document that did not come from a file."""
    file_digest = getattr(doc, "digest", None)
    if not file_digest:
        return None
    h = hashlib.sha256(f"{_VERSION}\0{_code_version()}\0{file_digest}\0".encode())
    h.update(json.dumps(schema, sort_keys=True).encode())
    return h.hexdigest()


def checked_schema(doc: Any, schema: dict, source: str) -> list[Problem]:
    """Schema problems of ``doc`` (empty when it is valid), using the cache for valid documents."""
    folder = cache_dir()
    key = _digest(doc, schema) if folder else None
    stamp = folder / key if folder and key else None
    if stamp is not None and stamp.exists():
        return []
    from .validation import schema_problems

    problems = schema_problems(doc, schema, source)
    if not problems and stamp is not None:
        try:
            stamp.parent.mkdir(parents=True, exist_ok=True)
            stamp.touch()
        except OSError:
            pass
    return problems


def load_valid_document(path: str | Path, schema: dict) -> Any:
    """Read a data file and check its structure; raises :class:`DataError` listing every problem."""
    from ..errors import DataError
    from .loading import load_document

    doc = load_document(path)
    problems = checked_schema(doc, schema, str(path))
    if problems:
        raise DataError(problems)
    return doc
