"""Fixtures of the web workspace tests: every storage-touching test runs on SQLite and, when
SOCIALFIT_TEST_DATABASE_URL names a server, on PostgreSQL (a fresh schema per test)."""
from __future__ import annotations

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed: pip install -e '.[web]'")

from web.webtools import PgSchema, make_app, pg_base_url  # noqa: E402


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'socialfit.db'}"
        return
    schema = PgSchema(pg_base_url())
    try:
        yield schema.url
    finally:
        schema.drop()


@pytest.fixture
def app(db_url, tmp_path, engine):
    application = make_app(db_url, tmp_path / "data", engine)
    yield application
    application.state.db.dispose()


