"""Where the bundled questionnaire, rules, catalogue and weights live.

In a source checkout (or an editable install) they are the project's top-level folders; in an
installed wheel they are copied into ``engine/_bundled`` (see pyproject.toml).
"""
from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


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
