"""Remember documents that already passed schema validation.

A one-file ``socialfit score`` must start fast, and importing jsonschema alone costs more than the
rest of the run. Structural validation only depends on the document's content and the schema, so a
passing (content, schema) pair is recorded by its SHA-256 in the user's cache folder and not checked
again. Cross-reference checks against the vocabulary always run. Set ``SOCIALFIT_NO_CACHE=1`` to
validate every time; a cache folder that cannot be written is simply not used.
"""
from __future__ import annotations

import contextlib
import contextvars
import hashlib
import json
import os
from pathlib import Path
from typing import Any, Iterator

from .errors import Problem

_VERSION = "1"


_disabled = contextvars.ContextVar("socialfit_cache_disabled", default=False)


@contextlib.contextmanager
def no_cache() -> Iterator[None]:
    """Within this block every document is parsed and validated afresh (``socialfit validate``)."""
    token = _disabled.set(True)
    try:
        yield
    finally:
        _disabled.reset(token)


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is off (env ``SOCIALFIT_NO_CACHE`` or :func:`no_cache`)."""
    if os.environ.get("SOCIALFIT_NO_CACHE") or _disabled.get():
        return None
    if os.environ.get("SOCIALFIT_CACHE_DIR"):
        return Path(os.environ["SOCIALFIT_CACHE_DIR"])
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return root / "socialfit" / "validated"


def _digest(doc: Any, schema: dict) -> str:
    h = hashlib.sha256(_VERSION.encode())
    h.update(json.dumps(schema, sort_keys=True, default=str).encode())
    h.update(json.dumps(doc, sort_keys=True, default=str).encode())
    return h.hexdigest()


def checked_schema(doc: Any, schema: dict, source: str) -> list[Problem]:
    """Schema problems of ``doc`` (empty when it is valid), using the cache for valid documents."""
    folder = cache_dir()
    stamp = folder / _digest(doc, schema) if folder else None
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
    from .errors import DataError
    from .loading import load_document

    doc = load_document(path)
    problems = checked_schema(doc, schema, str(path))
    if problems:
        raise DataError(problems)
    return doc
