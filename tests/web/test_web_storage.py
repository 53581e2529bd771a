"""Storage of the workspace on SQLite and PostgreSQL: migrations from empty and from the previous
schema, answers never lost or doubled under concurrent writes, two server processes sharing one
PostgreSQL, and `socialfit db backup`."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from web.webtools import PgSchema, pg_base_url

from socialweb import migrate
from socialweb.db import Invitation, make_engine, make_sessionmaker, utcnow


def test_migrations_from_an_empty_database_reach_the_models(db_url):
    from socialweb.db import Base

    e = make_engine(db_url)
    assert migrate.is_empty(e)
    before, after = migrate.upgrade(e)
    assert before is None and after == migrate.head_revision()
    migrate.check_schema(e)
    tables = set(inspect(e).get_table_names())
    assert set(Base.metadata.tables) <= tables
    for name, table in Base.metadata.tables.items():  # every model column exists in the migrated table
        assert {c.name for c in table.columns} <= {c["name"] for c in inspect(e).get_columns(name)}, name
    assert migrate.upgrade(e) == (after, after)  # again: nothing to do
    e.dispose()


def test_migration_from_the_previous_schema_keeps_the_data(db_url):
    e = make_engine(db_url)
    migrate.upgrade(e, "0001")
    with pytest.raises(migrate.SchemaOutdated, match="socialfit db upgrade"):
        migrate.check_schema(e)
    with e.begin() as conn:  # rows as the 0001 schema wrote them
        conn.execute(text("INSERT INTO users (id, email, password_hash, created_at) VALUES (1, 'a@b.nl', 'x', :t)"),
                     {"t": utcnow().isoformat(sep=" ")})
        conn.execute(text("INSERT INTO organisations (id, owner_id, name, created_at) VALUES (1, 1, 'Acme', :t)"),
                     {"t": utcnow().isoformat(sep=" ")})
        conn.execute(text("INSERT INTO rounds (id, organisation_id, name, questionnaire, show_own_result, created_at) "
                          "VALUES (1, 1, 'r1', 'intake@1.0', true, :t)"), {"t": utcnow().isoformat(sep=" ")})
    migrate.upgrade(e)
    migrate.check_schema(e)
    with e.connect() as conn:
        row = conn.execute(text("SELECT name, min_group_size FROM rounds")).one()
    assert tuple(row) == ("r1", 3)
    e.dispose()


def test_concurrent_saves_lose_and_double_nothing(db_url):
    from socialweb import store

    e = make_engine(db_url)
    migrate.upgrade(e)
    sessions = make_sessionmaker(e)
    with sessions() as s:
        inv, _token = store.create_invitation(s, None, "other", "en", None)
        s.commit()
        inv_id = inv.id
    errors = []

    def writer(k: int):
        try:
            with sessions() as s:
                inv = s.get(Invitation, inv_id)
                for n in range(15):
                    store.save_answer(s, inv, f"item_{k}", n, n)
                    store.save_answer(s, inv, "shared", [k, n], None)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    with sessions() as s:
        answers = store.answers_of(s, inv_id)
        assert len(answers) == 7 and store.count_answers(s) == 7
        assert all(answers[f"item_{k}"].value == 14 and answers[f"item_{k}"].revision == 15 for k in range(6))
        assert answers["shared"].revision == 90  # every write counted, the last one kept
    e.dispose()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_server(url: str, data_dir: Path, port: int) -> subprocess.Popen:
    env = dict(os.environ, SOCIALFIT_DATABASE_URL=url, SOCIALFIT_DATA_DIR=str(data_dir))
    log = data_dir.parent / f"server-{port}.log"
    with open(log, "wb") as fh:
        proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "socialweb.app:app_from_env", "--factory",
                                 "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"], env=env,
                                stdout=subprocess.DEVNULL, stderr=fh)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2):
                return proc
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(log.read_text()) from None
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("server did not start")


def test_two_server_processes_on_one_postgresql_see_each_others_writes(tmp_path):
    schema = PgSchema(pg_base_url())
    procs = []
    try:
        e = make_engine(schema.url)
        migrate.upgrade(e)
        e.dispose()
        ports = [_free_port(), _free_port()]
        procs = [_start_server(schema.url, tmp_path / "data", p) for p in ports]
        from web.httpclient import Browserless

        a, b = Browserless(ports[0]), Browserless(ports[1])
        link = a.post_form("/solo", {})
        section = a.get_location(link)
        item = "org_size"
        a.post_form(f"{link}/item/{item}", {item: "small", f"rev_{item}": "0"}, page=section)
        # the other process reads the answer written through the first
        page = b.get_text(section)
        assert 'value="small" checked' in page
        b.post_form(f"{link}/item/{item}", {item: "large", f"rev_{item}": "1"}, page=section)
        assert 'value="large" checked' in a.get_text(section)
    finally:
        for p in procs:
            p.terminate()
            p.wait(timeout=20)
        schema.drop()


def test_db_backup_of_sqlite_while_it_is_open(tmp_path, cli):
    url = f"sqlite:///{tmp_path / 'live.db'}"
    e = make_engine(url)
    migrate.upgrade(e)
    sessions = make_sessionmaker(e)
    from socialweb import store

    with sessions() as s:
        inv, _ = store.create_invitation(s, None, "other", "en", None)
        store.save_answer(s, inv, "org_size", "small", 0)
    with e.connect():  # a connection stays open, as a running server's would
        out = tmp_path / "copy.db"
        result = cli("db", "backup", out, "--database", url)
        assert result.exit_code == 0, result.stderr
    copy = make_engine(f"sqlite:///{out}")
    with copy.connect() as conn:
        assert json.loads(conn.execute(text("SELECT value_json FROM answers")).scalar_one()) == "small"
    migrate.check_schema(copy)
    assert cli("db", "backup", tmp_path / "live.db", "--database", url).exit_code == 2  # never over the database (a usage error, as for every output)


def test_db_backup_of_postgresql_uses_pg_dump(tmp_path, cli):
    import shutil

    base = pg_base_url()
    if shutil.which("pg_dump") is None:
        pytest.skip("pg_dump is not installed")
    e = make_engine(base)
    with e.connect():
        pass
    e.dispose()
    out = tmp_path / "pg.dump"
    result = cli("db", "backup", out, "--database", base)
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes()[:5] == b"PGDMP"
