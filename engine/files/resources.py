"""Where the bundled questionnaire, rules, catalogue and weights live, and where the caches go.

In a source checkout (or an editable install) they are the project's top-level folders; in an
installed wheel they are copied into ``engine/_bundled`` (see pyproject.toml).
"""
from __future__ import annotations

import contextlib
import contextvars
import os
from pathlib import Path
from typing import Iterator

_PACKAGE_DIR = Path(__file__).resolve().parents[1]  # the engine package


def bundled_root() -> Path:
    """The folder holding ``questionnaires/``, ``rules/`` and ``data/``."""
    installed = _PACKAGE_DIR / "_bundled"
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent


def default_questionnaire_path() -> Path:
    return bundled_root() / "questionnaires" / "intake.yaml"


def default_rules_dir() -> Path:
    return bundled_root() / "rules"


def default_catalogue_path() -> Path:
    return bundled_root() / "data" / "models.yaml"


def default_weights_path() -> Path:
    return bundled_root() / "data" / "weights.yaml"


def samples_dir() -> Path:
    return bundled_root() / "data" / "samples"


# ---------------------------------------------------------------- the cache folder
# It lives here, beside the other locations, so that the loader and the validation cache both look
# it up downwards instead of importing each other.

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
