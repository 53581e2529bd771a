"""The respondent's save and page path stays cheap (the load target of `benchmarks/web_load.py`), on
SQLite and on PostgreSQL: a save is one read and one write, a page one read, and nothing immutable
(the engine, templates, secret key, database engine) is loaded again per request."""
from __future__ import annotations

import pytest
from sqlalchemy import event
from web.webtools import CSRF, client, post


def _statements(app) -> list[str]:
    """Every SQL statement the app's database engine runs from now on (its first word, upper case)."""
    seen: list[str] = []
    event.listen(app.state.db, "before_cursor_execute",
                 lambda _conn, _cursor, statement, *_rest: seen.append(statement.split(None, 1)[0].upper()))
    return seen


def _open_section(c, engine) -> tuple[str, list, str]:
    """A new link opened on a section with at least two plain items: (link, those items, CSRF token)."""
    link = post(c, "/solo").headers["location"]
    section, items = next((sid, items) for sid in engine.questionnaire.sections
                          if len(items := _plain_items(engine, sid)) >= 2)
    page = c.get(f"{link}/s/{section}")
    assert page.status_code == 200
    return link, items, CSRF.search(page.text).group(1)


def _plain_items(engine, section: str) -> list:
    """Items of ``section`` that no show-if hides and whose answer shows or hides nothing else."""
    q = engine.questionnaire

    def conditions_on(cond) -> set[str]:
        return set().union(*map(conditions_on, cond.all)) if cond.all else {cond.item}

    named = set().union(*(conditions_on(i.show_if) for i in q.items if i.show_if is not None))
    return [i for i in q.items if i.section == section and i.show_if is None and i.id not in named
            and i.type in ("likert5", "single")]


def _value(item) -> str:
    return "3" if item.type == "likert5" else str(item.options[0].value)


def test_a_save_is_one_read_and_one_write_and_a_page_one_read(app, engine):
    c = client(app)
    link, (first, second, *_), csrf = _open_section(c, engine)
    section = first.section
    seen = _statements(app)

    r = c.post(f"{link}/item/{first.id}", data={"csrf": csrf, first.id: _value(first), f"rev_{first.id}": "0"})
    assert "Saved" in r.text
    # the link with its answers; the invitation marked started (its first answer only); the upsert
    assert seen == ["SELECT", "UPDATE", "INSERT"], seen

    seen.clear()
    r = c.post(f"{link}/item/{second.id}", data={"csrf": csrf, second.id: _value(second), f"rev_{second.id}": "0"})
    assert "Saved" in r.text and f'name="rev_{second.id}" value="1"' in r.text
    assert seen == ["SELECT", "INSERT"], seen

    seen.clear()
    page = c.get(f"{link}/s/{section}")
    assert page.status_code == 200 and seen == ["SELECT"], seen
    # the page shows what was saved, with the revisions the next save checks against
    assert f'name="rev_{first.id}" value="1"' in page.text and f'name="rev_{second.id}" value="1"' in page.text


def test_an_acknowledged_save_is_committed_before_the_response(app, engine):
    """Autocommit: what the response acknowledges is already in the database for every other reader."""
    c = client(app)
    link, (item, *_), csrf = _open_section(c, engine)
    r = c.post(f"{link}/item/{item.id}", data={"csrf": csrf, item.id: _value(item), f"rev_{item.id}": "0"})
    assert "Saved" in r.text
    from socialweb import store

    with app.state.db.connect() as other:  # another connection, as another worker process would have
        _link, answers = store.open_link(other, link.rsplit("/", 1)[1])
        assert answers[item.id].revision == 1 and _link.started_at is not None


def test_nothing_immutable_is_loaded_per_request(app, engine, monkeypatch):
    def loaded_again(*_args, **_kwargs):
        raise AssertionError("loaded per request: should be loaded once when the app is made")

    import engine as engine_package
    import jinja2
    from socialweb import app as app_module

    monkeypatch.setattr(engine_package.Engine, "load", loaded_again)
    monkeypatch.setattr(jinja2.Environment, "__init__", loaded_again)
    for name in ("secret_key", "make_engine", "make_sessionmaker", "check_schema", "templates"):
        monkeypatch.setattr(app_module, name, loaded_again)
    c = client(app)
    link, (item, *_), csrf = _open_section(c, engine)
    assert "Saved" in c.post(f"{link}/item/{item.id}",
                             data={"csrf": csrf, item.id: _value(item), f"rev_{item.id}": "0"}).text
    assert c.get(f"{link}/review").status_code == 200


@pytest.mark.parametrize("revoked", [False, True])
def test_the_one_query_open_tells_a_gone_link(app, engine, revoked):
    """The link's state comes from the same single query as its answers: a revoked or expired link
    is refused before anything is written."""
    import datetime as dt

    from socialweb.db import Invitation

    c = client(app)
    link, (item, *_), csrf = _open_section(c, engine)
    with app.state.sessions() as s:
        inv = s.query(Invitation).one()
        if revoked:
            inv.revoked_at = dt.datetime(2020, 1, 1)
        else:
            inv.expires_at = dt.datetime(2020, 1, 1)
        s.commit()
    seen = _statements(app)
    r = c.post(f"{link}/item/{item.id}", data={"csrf": csrf, item.id: _value(item), f"rev_{item.id}": "0"})
    assert r.status_code == 410 and seen == ["SELECT"], seen


def test_the_answered_count_follows_each_save_out_of_band(app, engine):
    """The page's "n of m answered" line is updated by the save's response (htmx out-of-band swap), not
    only when the page is loaded again."""
    import re

    c = client(app)
    link, (first, second, *_), csrf = _open_section(c, engine)
    page = c.get(f"{link}/s/{first.section}")
    count = re.compile(r'<p class="progress" id="progress"( hx-swap-oob="true")?>[^<]*· (\d+) ')
    assert count.search(page.text).group(2) == "0" and count.search(page.text).group(1) is None
    for n, item in enumerate((first, second), start=1):
        r = c.post(f"{link}/item/{item.id}", data={"csrf": csrf, item.id: _value(item), f"rev_{item.id}": "0"})
        m = count.search(r.text)
        assert m and m.group(1) and m.group(2) == str(n), r.text
    assert count.search(c.get(f"{link}/s/{first.section}").text).group(2) == "2"  # the same figure on a reload
