"""Shared fixtures. Fixture files are found from this file's folder, never the working directory."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# Keep the parse/validation cache out of the user's home during tests.
os.environ.setdefault("SOCIALFIT_CACHE_DIR", tempfile.mkdtemp(prefix="socialfit-test-cache-"))
# The language defaults to the locale: the suite expects English unless a test asks for Dutch, also on a
# developer's machine with a Dutch locale.
for _var in ("LANGUAGE", "LC_MESSAGES", "LANG"):
    os.environ.pop(_var, None)
os.environ["LC_ALL"] = "C.UTF-8"

ROOT = Path(__file__).resolve().parent.parent
TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"
EXAMPLE_ANSWERS = ROOT / "data" / "samples" / "example_answers.yaml"


@pytest.fixture(scope="session")
def engine():
    """The bundled configuration, loaded once (an Engine owns one durable Host)."""
    from engine import Engine

    return Engine.load()


@pytest.fixture
def cli():
    """Run ``socialfit`` in-process: ``cli("score", path)`` -> click Result (stdout and stderr apart)."""
    from click.testing import CliRunner

    from socialfit.cli import main

    runner = CliRunner()

    def run(*args, input=None, env=None):
        return runner.invoke(main, [str(a) for a in args], input=input, env=env, catch_exceptions=False)

    return run
