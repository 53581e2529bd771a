"""Schema migrations (Alembic, shipped inside the package so an installed wheel can upgrade) and the
check that ``serve`` runs on the newest schema."""
from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import Engine


class SchemaOutdated(Exception):
    """The database's schema is not the one this version of socialfit needs."""


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", "socialweb:migrations")
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> tuple[str | None, str | None]:
    """Migrate to ``revision``; returns (revision before, revision after)."""
    before = current_revision(engine)
    with engine.begin() as conn:
        cfg = alembic_config(str(engine.url))
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    return before, current_revision(engine)


def check_schema(engine: Engine) -> None:
    """Raise :class:`SchemaOutdated` unless the database is at the newest revision."""
    current, head = current_revision(engine), head_revision()
    if current != head:
        state = "has no socialfit tables yet" if current is None else f"is at schema {current}, this version needs {head}"
        raise SchemaOutdated(f"the database {engine.url.render_as_string(hide_password=True)} {state}; "
                             "run `socialfit db upgrade` first (with the same --database)")


def is_empty(engine: Engine) -> bool:
    """No tables at all: a database made for us but never used."""
    with engine.connect() as conn:
        return not inspect(conn).get_table_names()
