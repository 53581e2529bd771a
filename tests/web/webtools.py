"""Helpers for the web workspace tests: databases (SQLite always, PostgreSQL when
SOCIALFIT_TEST_DATABASE_URL is given), an app per test, logging in, answering the intake.

``SOCIALFIT_REQUIRE_ALL=1`` (set by .ci/run) turns "PostgreSQL / Chromium not available" skips into failures."""
from __future__ import annotations

import os
import re
import secrets
import shutil
from pathlib import Path

import pytest


PG_ENV = "SOCIALFIT_TEST_DATABASE_URL"
CHROMIUM = "/usr/bin/chromium"


def skip_or_fail(reason: str):
    if os.environ.get("SOCIALFIT_REQUIRE_ALL") == "1":
        pytest.fail(f"{reason} (SOCIALFIT_REQUIRE_ALL=1: this run must not skip it)")
    pytest.skip(reason)


def pg_base_url() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        skip_or_fail(f"PostgreSQL tests skipped: set {PG_ENV}=postgresql://user@host/db to run them")
    return url


class PgSchema:
    """A fresh schema in the test database, named for one test, dropped afterwards."""

    def __init__(self, base: str):
        from sqlalchemy import create_engine, text

        from socialweb.config import normalise_url

        self.base = normalise_url(base)
        self.name = "t_" + secrets.token_hex(6)
        admin = create_engine(self.base)
        with admin.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {self.name}"))
        admin.dispose()
        sep = "&" if "?" in self.base else "?"
        self.url = f"{self.base}{sep}options=-csearch_path%3D{self.name}"

    def drop(self):
        from sqlalchemy import create_engine, text

        admin = create_engine(self.base)
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {self.name} CASCADE"))
        admin.dispose()


def make_app(db_url: str, data_dir: Path, engine):
    from socialweb.app import create_app
    from socialweb.config import Settings
    from socialweb.db import make_engine
    from socialweb.migrate import upgrade

    e = make_engine(db_url)
    upgrade(e)
    e.dispose()
    return create_app(Settings(db_url, data_dir), engine=engine)


def client(app):
    from fastapi.testclient import TestClient

    return TestClient(app, follow_redirects=False)


CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_of(c, path: str = "/") -> str:
    r = c.get(path)
    return CSRF.search(r.text).group(1)


def add_user(app, email: str, password: str = "correct horse battery"):
    from socialweb.accounts import add_user as add

    with app.state.sessions() as s:
        return add(s, email, password).id


def login(c, email: str, password: str = "correct horse battery"):
    r = c.post("/login", data={"email": email, "password": password, "csrf": csrf_of(c, "/login"), "next": "/orgs"})
    assert r.status_code == 303, r.text
    return r


def post(c, path: str, data: dict | None = None, page: str | None = None):
    data = dict(data or {})
    data["csrf"] = csrf_of(c, page or "/")
    return c.post(path, data=data)


def new_round(c, org_name: str = "Acme", round_name: str = "nulmeting 2026-Q4", **extra) -> tuple[int, int]:
    r = post(c, "/orgs", {"name": org_name}, "/orgs")
    org_id = int(r.headers["location"].rsplit("/", 1)[1])
    r = post(c, f"/orgs/{org_id}/rounds", {"name": round_name, "show_own_result": "1", **extra}, f"/orgs/{org_id}")
    return org_id, int(r.headers["location"].rsplit("/", 1)[1])


LINK = re.compile(r'value="(http://testserver/r/[^"]+)"')


def invite(c, round_id: int, roles: list[str], langs: list[str] | None = None, names: list[str] | None = None) -> list[str]:
    data = {}
    for k, role in enumerate(roles):
        data[f"role_{k}"] = role
        data[f"lang_{k}"] = (langs or ["en"] * len(roles))[k]
        data[f"name_{k}"] = (names or [""] * len(roles))[k]
    r = post(c, f"/rounds/{round_id}/invitations", data, f"/rounds/{round_id}")
    assert r.status_code == 200, r.text
    return [link.replace("http://testserver", "") for link in LINK.findall(r.text)]


def form_data(engine, values: dict) -> dict:
    """Answers -> the form fields the section pages post."""
    q = engine.questionnaire
    data: dict = {}
    for item_id, value in values.items():
        item = q.by_id[item_id]
        if value is None:
            data[item_id + "__dk"] = "1" if item.type in ("multi", "number") else None
            if item.type not in ("multi", "number"):
                data[item_id] = "__dk"
            data = {k: v for k, v in data.items() if v is not None}
        elif item.type == "multi":
            data[item_id] = [str(v) for v in value]
        elif item.type == "number":
            data[item_id] = f"{value:g}"
        else:
            data[item_id] = str(value)
    return data


def answer_all(c, engine, link: str, values: dict, *, stop_after: int | None = None) -> int:
    """Walk the section pages posting ``values``; returns the number of sections posted."""
    r = c.get(link)
    assert r.status_code == 303, r.text
    location = r.headers["location"]
    posted = 0
    while "/s/" in location:
        page = c.get(location)
        assert page.status_code == 200, page.text
        section_items = re.findall(r'<fieldset id="item-([^"]+)"', page.text)
        data = form_data(engine, {k: v for k, v in values.items() if k in section_items})
        data["csrf"] = CSRF.search(page.text).group(1)
        data["action"] = "next"
        r = c.post(location, data=data)
        if r.status_code == 200:  # new questions appeared (show-if): post the page again
            section_items = re.findall(r'<fieldset id="item-([^"]+)"', r.text)
            data.update(form_data(engine, {k: v for k, v in values.items() if k in section_items}))
            r = c.post(location, data=data)
        assert r.status_code == 303, r.text[:2000]
        posted += 1
        location = r.headers["location"]
        if stop_after is not None and posted >= stop_after:
            return posted
    return posted


def submit(c, link: str):
    r = c.get(link + "/review")
    assert r.status_code == 200
    r = c.post(link + "/submit", data={"csrf": CSRF.search(r.text).group(1)})
    assert r.status_code == 303 and r.headers["location"].endswith("/done"), r.text
    return r


def sample_answers(engine, shift: int = 0) -> dict:
    base = engine.read_answers(Path(__file__).parents[2] / "data" / "samples" / "example_answers.yaml").values
    out = dict(base)
    for item in engine.questionnaire.items:
        if item.type == "likert5" and out.get(item.id) is not None:
            out[item.id] = int(min(5, max(1, out[item.id] + shift)))
    return engine.validate(out)[0]


def chromium_or_skip():
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        skip_or_fail("browser tests skipped: Chromium is not installed (apt-get install -y chromium)")
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')")
