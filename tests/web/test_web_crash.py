"""A server killed mid-request loses at most that request: a real uvicorn process on SQLite (and on
PostgreSQL when SOCIALFIT_TEST_DATABASE_URL is given) takes a respondent's answers one by one; in a tight
loop of saves it is SIGKILLed the moment a request has been sent and before its answer has been read.
After a restart every acknowledged answer is there (the last acknowledged value of an item, or a later
one the killed request may have committed), the database is sound (SQLite's integrity_check), and the
respondent continues with the same link and the same browser session."""
from __future__ import annotations

import http.client
import json
import re
import signal
import sqlite3
import threading
import urllib.parse

from web.httpclient import Browserless
from web.test_web_storage import _free_port, _start_server

from socialweb import migrate
from socialweb.db import make_engine

REV = re.compile(r'name="rev_([a-z_]+)" value="(\d+)"')


def _walk(cond, out: set) -> None:
    if cond is None:
        return
    if cond.item:
        out.add(cond.item)
    for c in cond.all:
        _walk(c, out)


def _plain_items(engine) -> list:
    """5-point items shown from the start that no show-if depends on: saving them never hides anything."""
    q = engine.questionnaire
    shown = q.visible({})
    used: set = set()
    for item in q.items:
        _walk(item.show_if, used)
    return [i for i in q.items if i.type == "likert5" and shown[i.id] and i.id not in used]


class Saver:
    """Saves answers over one keep-alive connection, as htmx does, with the browser's session cookie."""

    def __init__(self, port: int, cookie: str, csrf: str, link: str):
        self.port, self.cookie, self.csrf, self.link = port, cookie, csrf, link
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)

    def send(self, item: str, value: int, rev: int) -> None:
        body = urllib.parse.urlencode({item: str(value), f"rev_{item}": str(rev), "csrf": self.csrf})
        self.conn.request("POST", f"{self.link}/item/{item}", body=body, headers={
            "Content-Type": "application/x-www-form-urlencoded", "Cookie": self.cookie, "HX-Request": "true"})

    def receive(self) -> int | None:
        """The revision the server acknowledged, or None when no (complete) answer came."""
        try:
            r = self.conn.getresponse()
            text = r.read().decode()
        except (OSError, http.client.HTTPException):
            return None
        found = REV.search(text)
        return int(found.group(2)) if r.status == 200 and found else None

    def close(self) -> None:
        self.conn.close()


def test_a_killed_server_loses_at_most_the_request_in_flight(db_url, tmp_path, engine):
    e = make_engine(db_url)
    migrate.upgrade(e)
    e.dispose()
    data = tmp_path / "data"
    port = _free_port()
    proc = _start_server(db_url, data, port)
    try:
        browser = Browserless(port)
        link = browser.post_form("/solo", {})
        csrf = browser.csrf(browser.get_location(link))
        cookie = "; ".join(f"{c.name}={c.value}" for c in browser.jar)
        items = [i.id for i in _plain_items(engine)][:8]  # a few items, each saved several times
        assert len(items) == 8
        sent: dict[str, list[tuple[int, bool]]] = {i: [] for i in items}  # per item: (value, acknowledged)
        revs = dict.fromkeys(items, 0)
        saver = Saver(port, cookie, csrf, link)
        in_flight = threading.Event()
        state = {"n": 0, "missed": 0}

        def loop():
            while True:
                k = state["n"]
                item, value = items[k % len(items)], 1 + (k * 7 + k // len(items)) % 5
                try:
                    saver.send(item, value, revs[item])
                except OSError:
                    return  # the server is gone before this request left
                sent[item].append((value, False))
                if k >= 3 * len(items):
                    in_flight.set()  # enough acknowledged: the next sent request is the one killed
                rev = saver.receive()
                if rev is None:
                    state["missed"] += 1
                    return
                sent[item][-1] = (value, True)
                revs[item] = rev
                state["n"] += 1

        writer = threading.Thread(target=loop)
        writer.start()
        assert in_flight.wait(30), "the saves did not get going"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        writer.join(10)
        assert not writer.is_alive()
        saver.close()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    acknowledged = state["n"]
    assert acknowledged >= 3 * len(items) and state["missed"] <= 1

    if db_url.startswith("sqlite"):
        path = db_url.split("sqlite:///", 1)[1]
        with sqlite3.connect(path) as db:  # opening after a kill replays the WAL
            assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]

    proc = _start_server(db_url, data, port := _free_port())
    try:
        from sqlalchemy import text

        e = make_engine(db_url)
        with e.connect() as conn:
            stored = {row.item_id: json.loads(row.value_json) for row in conn.execute(text(
                "SELECT item_id, value_json FROM answers"))}
        e.dispose()
        for item, history in sent.items():
            last = max(k for k, (_v, ok) in enumerate(history) if ok)
            allowed = [v for v, _ok in history[last:]]  # the acknowledged value, or the killed request's
            assert stored.get(item) in allowed, (item, stored.get(item), history)
        # the respondent goes on: same link, same session cookie (the secret key is in the data folder)
        saver = Saver(port, cookie, csrf, link)
        item = items[0]
        value = 5 if stored[item] != 5 else 1
        saver.send(item, value, revs[item] + 1)
        assert saver.receive() is not None
        saver.close()
        browser.base = f"http://127.0.0.1:{port}"  # the same cookie jar, the new server
        page = browser.get_text(f"{link}/s/{engine.questionnaire.by_id[item].section}")
        assert f'name="{item}" value="{value}" checked' in page
    finally:
        proc.terminate()
        proc.wait(timeout=20)
