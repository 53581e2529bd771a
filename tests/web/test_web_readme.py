"""The README's web workspace commands work as written (in a scratch folder; `serve` as a real process,
probed and stopped; the PostgreSQL line against the test server when SOCIALFIT_TEST_DATABASE_URL is set)."""
from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from web.test_web_storage import _free_port
from web.webtools import PgSchema, pg_base_url

from conftest import ROOT


def web_commands() -> list[list[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## The web workspace"):]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    return [shlex.split(line.split("#", 1)[0]) for line in block.splitlines() if line.startswith(".venv/bin/socialfit")]


def _serve(args: list[str], cwd, port: int):
    args = [a for a in args]
    if "--port" in args:
        args[args.index("--port") + 1] = str(port)
    else:
        args += ["--port", str(port)]
    if "--host" in args:
        args[args.index("--host") + 1] = "127.0.0.1"  # loopback only in tests
    with open(cwd / f"serve-{port}.log", "wb") as log:
        proc = subprocess.Popen([str(Path(sys.executable).parent / "socialfit"), *args[1:]], cwd=cwd, stdout=log,
                                stderr=subprocess.STDOUT)
    try:
        for _ in range(200):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as r:
                    assert r.status == 200
                    return
            except OSError:
                assert proc.poll() is None, (cwd / f"serve-{port}.log").read_text()
                time.sleep(0.2)
        raise AssertionError("serve did not answer")
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_readme_web_commands(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()  # the README's set-up makes it once (`mkdir -p out`)
    monkeypatch.delenv("SOCIALFIT_DATABASE_URL", raising=False)
    monkeypatch.delenv("SOCIALFIT_DATA_DIR", raising=False)
    commands = web_commands()
    assert [c[1] for c in commands] == ["db", "users", "serve", "serve", "db"]
    for args in commands:
        assert args[0] == ".venv/bin/socialfit"
        if args[1] == "serve" and "--database" in args:
            base = os.environ.get("SOCIALFIT_TEST_DATABASE_URL")
            if not base:
                continue  # covered below when a server is given
            schema = PgSchema(pg_base_url())
            try:
                pg = list(args)
                pg[pg.index("--database") + 1] = schema.url
                assert cli("db", "upgrade", "--database", schema.url).exit_code == 0
                _serve(pg, tmp_path, _free_port())
            finally:
                schema.drop()
        elif args[1] == "serve":
            _serve(args, tmp_path, _free_port())
        elif args[1] == "users":
            result = cli(*args[1:], input="a long password\na long password\n")
            assert result.exit_code == 0, result.output
            assert "a long password" not in result.stdout
        else:
            result = cli(*args[1:])
            assert result.exit_code == 0, result.output
    assert (tmp_path / "socialfit-data" / "socialfit.db").exists()
    assert (tmp_path / "socialfit-data" / "secret_key").exists()
    assert (tmp_path / "out" / "socialfit-backup.db").stat().st_size > 0


def test_serve_without_the_web_extra_says_how_to_install_it(cli, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "fastapi" else real(name, *a))
    result = cli("serve")
    assert result.exit_code == 1
    assert "pip install -e '.[web]'" in result.stderr and "fastapi" in result.stderr


@pytest.mark.parametrize("url", ["mysql://x@y/z", "nonsense"])
def test_serve_with_a_bad_database_url_is_a_usage_error(cli, url, tmp_path):
    result = cli("serve", "--database", url, "--data-dir", tmp_path)
    assert result.exit_code in (1, 2) and "Internal error" not in result.stderr
