"""``socialfit db backup``: a consistent copy by the database's own online backup."""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(Exception):
    pass


def backup(url: str, target: Path) -> str:
    """Copy the database at ``url`` to ``target`` (never over the database itself); returns how."""
    target = Path(target)
    u = make_url(url)
    if target.exists() and target.is_dir():
        raise BackupError(f"{target}: is a folder; give a file name")
    tmp = target.with_name(f".{target.name}.partial")
    if u.get_backend_name() == "sqlite":
        source = Path(u.database or "")
        if not source.exists():
            raise BackupError(f"{source}: no such database file")
        if target.resolve() == source.resolve():
            raise BackupError(f"{target}: is the database itself; give another file name")
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)  # SQLite's online backup API: consistent while the server writes
        finally:
            dst.close()
            src.close()
        os.replace(tmp, target)
        return "SQLite online backup"
    if u.get_backend_name() == "postgresql":
        pg_dump = shutil.which("pg_dump")
        if pg_dump is None:
            raise BackupError("backing up PostgreSQL needs pg_dump, which is not on PATH; install the PostgreSQL "
                              "client tools (Debian: apt-get install postgresql-client) and run this again")
        env = dict(os.environ)
        if u.password:
            env["PGPASSWORD"] = u.password
        args = [pg_dump, "--format=custom", "--no-owner", f"--file={tmp}", "--dbname",
                u.set(drivername="postgresql", password=None).render_as_string(hide_password=False)]
        done = subprocess.run(args, env=env, capture_output=True, text=True)
        if done.returncode:
            tmp.unlink(missing_ok=True)
            raise BackupError(f"pg_dump failed: {done.stderr.strip()}")
        os.replace(tmp, target)
        return "pg_dump custom format; restore with pg_restore"
    raise BackupError(f"cannot back up a {u.get_backend_name()} database")
