"""``socialfit serve``, ``socialfit users add``, ``socialfit db upgrade|backup``: the web workspace.

The web packages are an optional extra (``pip install -e '.[web]'``; ``make run`` and ``make test``
install it); without them these commands say how to install them instead of failing on an import."""
from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import click

from engine.errors import SocialfitError, UsageError

WEB_MODULES = ("fastapi", "uvicorn", "sqlalchemy", "alembic", "argon2", "itsdangerous", "multipart")
INSTALL_HINT = ("the web workspace needs the 'web' extra, which is not installed; install it with "
                "`.venv/bin/pip install -e '.[web]'` in the socialfit folder (`make run` does it), "
                "or `pip install 'socialfit[web]'`")


def _need_web() -> None:
    missing = [m for m in WEB_MODULES if importlib.util.find_spec(m) is None]
    if missing:
        raise SocialfitError(f"{INSTALL_HINT} (missing: {', '.join(missing)})")


def _database_option(f):
    f = click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                     help="Data folder: the SQLite database and the secret key (default: ./socialfit-data).")(f)
    return click.option("--database", "database", metavar="URL", default=None,
                        help="Database URL, e.g. postgresql://user@host/db (default: SQLite in the data folder; "
                             "also SOCIALFIT_DATABASE_URL).")(f)


def _settings(database: str | None, data_dir: Path | None):
    from socialweb.config import Settings, default_database_url, normalise_url

    env = Settings.from_env()
    data = data_dir or env.data_dir
    url = normalise_url(database) if database else (env.database_url if os.environ.get("SOCIALFIT_DATABASE_URL")
                                                      else default_database_url(data))
    if url.startswith("sqlite:///"):
        Path(url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
    return Settings(url, data, env.secure_cookies)


def _engine(settings):
    from sqlalchemy.exc import ArgumentError

    from socialweb.db import make_engine

    try:
        return make_engine(settings.database_url)
    except (ArgumentError, ImportError) as exc:
        raise UsageError(f"--database {settings.database_url!r}: {exc}") from None


def _schema_error(exc) -> SocialfitError:
    return SocialfitError(str(exc))


@click.command()
@_database_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: every interface).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64), help="Worker processes.")
def serve(database, data_dir, host, port, workers):
    """Start the web workspace: http://127.0.0.1:8000 (refuses to start on an old database schema)."""
    _need_web()
    import uvicorn
    from sqlalchemy.exc import OperationalError

    from socialweb.config import secret_key
    from socialweb.migrate import SchemaOutdated, check_schema, is_empty, upgrade

    settings = _settings(database, data_dir)
    engine = _engine(settings)
    try:
        if is_empty(engine):
            upgrade(engine)  # a brand-new database: create the schema; an old one is refused below
        check_schema(engine)
    except SchemaOutdated as exc:
        raise _schema_error(exc) from None
    except OperationalError as exc:
        raise SocialfitError(f"cannot open the database: {exc.orig}") from None
    finally:
        engine.dispose()
    secret_key(settings.data_dir)  # generated once, before the workers start
    os.environ["SOCIALFIT_DATABASE_URL"] = settings.database_url
    os.environ["SOCIALFIT_DATA_DIR"] = str(settings.data_dir)
    click.echo(f"socialfit workspace on http://{host}:{port}  (database: "
               f"{engine.url.render_as_string(hide_password=True)}; Ctrl+C stops)", err=True)
    uvicorn.run("socialweb.app:app_from_env", factory=True, host=host, port=port, workers=workers,
                log_level="warning", proxy_headers=False)


@click.group()
def users():
    """Assessor accounts of the web workspace."""


@users.command("add")
@click.argument("email")
@_database_option
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (for scripts).")
def users_add(email, database, data_dir, password_stdin):
    """Add an assessor account; the password is asked twice and never echoed."""
    _need_web()
    import sys

    from socialweb.accounts import PasswordTooShort, add_user
    from socialweb.db import make_sessionmaker
    from socialweb.migrate import SchemaOutdated, check_schema

    settings = _settings(database, data_dir)
    engine = _engine(settings)
    try:
        check_schema(engine)
    except SchemaOutdated as exc:
        engine.dispose()
        raise _schema_error(exc) from None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True, err=True)
    try:
        with make_sessionmaker(engine)() as session:
            add_user(session, email, password)
    except (PasswordTooShort, ValueError) as exc:
        raise UsageError(str(exc)) from None
    finally:
        engine.dispose()
    click.echo(f"Added assessor {email.strip().lower()}", err=True)


@click.group()
def db():
    """The workspace database: upgrade its schema, back it up."""


@db.command("upgrade")
@_database_option
def db_upgrade(database, data_dir):
    """Create or migrate the schema to this version's."""
    _need_web()
    from socialweb.migrate import upgrade

    engine = _engine(_settings(database, data_dir))
    try:
        before, after = upgrade(engine)
    finally:
        engine.dispose()
    click.echo(f"Database schema: {before or 'empty'} -> {after}" if before != after
               else f"Database schema already at {after}", err=True)


@db.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@_database_option
def db_backup(file, database, data_dir):
    """Write a consistent copy of the database to FILE while the server runs."""
    _need_web()
    from socialweb.backup import BackupError, backup

    from engine.files.outputs import check_outputs

    settings = _settings(database, data_dir)
    url = settings.database_url
    live = [("--database", Path(url[len("sqlite:///"):]))] if url.startswith("sqlite:///") else []
    check_outputs([("FILE", file)], live)  # never over the live database, a folder that exists
    try:
        how = backup(settings.database_url, file)
    except BackupError as exc:
        raise SocialfitError(str(exc)) from None
    click.echo(f"Wrote {file} ({how})", err=True)
