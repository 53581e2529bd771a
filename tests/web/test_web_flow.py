"""The workspace through its HTTP interface (no browser), on SQLite and on PostgreSQL: a consultant
makes a round with invitations, respondents answer and submit, the combined result, agreement, report
and exports appear; the alone-intake; conflict notices; progress."""
from __future__ import annotations

import json
import re

import pytest
from web.webtools import (CSRF, add_user, answer_all, client, form_data, invite,
                      login, new_round, post, sample_answers, submit)


def test_consultant_round_respondents_combined_result_and_exports(app, engine, cli, tmp_path):
    add_user(app, "consultant@example.nl")
    c = client(app)
    login(c, "consultant@example.nl")
    _org, rnd = new_round(c)
    links = invite(c, rnd, ["marketing", "communication", "management"], ["nl", "en", "en"], ["Ann", "Bob", ""])
    assert len(links) == 3 and len(set(links)) == 3
    assert all(len(link.rsplit("/", 1)[1]) >= 22 for link in links)  # >= 128 bits in base64url
    sets = [sample_answers(engine, s) for s in (-1, 0, 1)]
    for link, values in zip(links, sets):
        r = client(app)
        answer_all(r, engine, link, values)
        submit(r, link)
        done = r.get(link + "/done")
        assert "Recommended model" in done.text or "Aanbevolen model" in done.text
    page = c.get(f"/rounds/{rnd}")
    assert page.status_code == 200
    assert re.search(r'id="count-submitted">3<', page.text)
    assert "Combined result" in page.text and "r_wg(j)" in page.text
    report = c.get(f"/rounds/{rnd}/report")
    assert report.status_code == 200 and "<html" in report.text
    assert "unsafe-inline" in report.headers["content-security-policy"]
    md = c.get(f"/rounds/{rnd}/report?format=md")
    assert md.status_code == 200 and md.text.startswith("#")
    doc = json.loads(c.get(f"/rounds/{rnd}/export/assessments.json").text)
    assert doc["submitted"] == 3 and len(doc["respondents"]) == 3
    # the answers export reads back through `socialfit batch` with the same combined scores
    csv_path = tmp_path / "answers.csv"
    csv_path.write_bytes(c.get(f"/rounds/{rnd}/export/answers.csv").content)
    out = tmp_path / "scored.csv"
    assert cli("batch", csv_path, "-o", out, "-q").exit_code == 0
    import pandas as pd

    scored = pd.read_csv(out)
    assert list(scored["status"]) == ["ok"] * 3
    for k, values in enumerate(sets):
        assert scored["maturity"][k] == pytest.approx(round(engine.assess_valid(values).profile.maturity, 1))
        assert scored["recommended"][k] == engine.assess_valid(values).recommended
    grouped = tmp_path / "grouped.csv"
    assert cli("batch", csv_path, "--group-by", "organisation", "-o", grouped, "-q").exit_code == 0
    g = pd.read_csv(grouped).iloc[0]
    assert g["maturity"] == pytest.approx(doc["combined"]["maturity"]["score"])
    assert g["recommended"] == doc["combined"]["recommended"]
    xlsx = c.get(f"/rounds/{rnd}/export/answers.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_small_groups_hide_individual_answers(app, engine):
    add_user(app, "c@example.nl")
    c = client(app)
    login(c, "c@example.nl")
    _org, rnd = new_round(c, min_group_size="3")
    links = invite(c, rnd, ["marketing", "management"])
    for link, shift in zip(links, (0, 1)):
        r = client(app)
        answer_all(r, engine, link, sample_answers(engine, shift))
        submit(r, link)
    page = c.get(f"/rounds/{rnd}").text
    assert "Individual answers are shown only from 3" in page
    assert "/respondents/" not in page
    assert c.get(f"/rounds/{rnd}/export/answers.csv").status_code == 404
    doc = json.loads(c.get(f"/rounds/{rnd}/export/assessments.json").text)
    assert doc["respondents"] is None and doc["combined"] is not None


def test_alone_intake_from_the_start_page(app, engine):
    c = client(app)
    r = post(c, "/solo")
    assert r.status_code == 303
    link = r.headers["location"]
    answer_all(c, engine, link, sample_answers(engine))
    submit(c, link)
    report = c.get(link + "/report")
    assert report.status_code == 200 and engine.assess_valid(sample_answers(engine)).ranking[0].name in report.text


def test_resume_on_another_device_continues_where_stopped(app, engine):
    c = client(app)
    link = post(c, "/solo").headers["location"]
    values = sample_answers(engine)
    assert answer_all(c, engine, link, values, stop_after=2) == 2
    other = client(app)  # a new device: no cookies, only the link
    r = other.get(link)
    assert r.status_code == 303
    third = [s for s in engine.questionnaire.sections][2]
    assert r.headers["location"].endswith(f"/s/{third}")
    answer_all(other, engine, link, values)
    submit(other, link)


def test_item_save_validation_messages_and_conflict_notice(app, engine):
    c = client(app)
    link = post(c, "/solo").headers["location"]
    page = c.get(c.get(link).headers["location"])
    token = CSRF.search(page.text).group(1)
    q = engine.questionnaire
    number = next(i for i in q.items if i.type == "number" and i.show_if is None)
    bad = c.post(f"{link}/item/{number.id}", data={"csrf": token, number.id: "veel"})
    assert bad.status_code == 200
    from engine.i18n import t

    assert t("intake.err.number", "en", got="veel", min=number.min, max=number.max).replace("'", "&#39;") in bad.text
    ok = c.post(f"{link}/item/{number.id}", data={"csrf": token, number.id: "12,5", f"rev_{number.id}": "0"})
    assert "Saved" in ok.text and f'name="rev_{number.id}" value="1"' in ok.text
    # a second tab that still shows revision 0 writes: last write wins, and it is told
    other = c.post(f"{link}/item/{number.id}", data={"csrf": token, number.id: "20", f"rev_{number.id}": "0"})
    assert "changed elsewhere" in other.text
    with app.state.sessions() as s:
        from socialweb import store

        inv = store.invitation_by_token(s, link.rsplit("/", 1)[1])
        assert store.answers_of(s, inv.id)[number.id].value == 20


def test_show_if_reveals_items_and_drops_hidden_answers(app, engine):
    q = engine.questionnaire
    dependent = next(i for i in q.items if i.show_if is not None and i.show_if.item)
    trigger = q.by_id[dependent.show_if.item]
    c = client(app)
    link = post(c, "/solo").headers["location"]
    shown_value = dependent.show_if.values[0] if not dependent.show_if.negate else \
        next(v for v in trigger.allowed_values if v not in dependent.show_if.values)
    hidden_value = next(v for v in trigger.allowed_values
                        if (v in dependent.show_if.values) == dependent.show_if.negate)
    # jump to the trigger's section by answering nothing earlier: the section URL is direct
    section_url = f"{link}/s/{trigger.section}"
    page = c.get(section_url)
    assert page.status_code == 200
    token = CSRF.search(page.text).group(1)
    r = c.post(f"{link}/item/{trigger.id}", data={"csrf": token, trigger.id: str(shown_value)})
    if trigger.section == dependent.section:
        assert r.headers.get("HX-Retarget") == "#section-form"
        assert f'id="item-{dependent.id}"' in r.text
    dep_value = form_data(engine, {dependent.id: dependent.allowed_values[0] if dependent.type != "number"
                                   else dependent.min})
    dep_value = {k: (v[0] if isinstance(v, list) and dependent.type != "multi" else v) for k, v in dep_value.items()}
    c.post(f"{link}/item/{dependent.id}", data={"csrf": token, **dep_value})
    r = c.post(f"{link}/item/{trigger.id}", data={"csrf": token, trigger.id: str(hidden_value)})
    assert r.status_code == 200, r.text
    with app.state.sessions() as s:
        from socialweb import store

        inv = store.invitation_by_token(s, link.rsplit("/", 1)[1])
        assert dependent.id not in store.answers_of(s, inv.id)


def test_language_switch_on_respondent_pages(app, engine):
    c = client(app)
    link = post(c, "/solo").headers["location"]
    section = c.get(link).headers["location"]
    page = c.get(section)
    token = CSRF.search(page.text).group(1)
    r = c.post(f"{link}/lang", data={"csrf": token, "lang": "nl", "next": section})
    assert r.status_code == 303 and r.headers["location"] == section
    page = c.get(section)
    assert '<html lang="nl">' in page.text and "Volgende" in page.text


def test_invitation_links_as_csv(app):
    add_user(app, "c@example.nl")
    c = client(app)
    login(c, "c@example.nl")
    _org, rnd = new_round(c)
    r = post(c, f"/rounds/{rnd}/invitations", {"role_0": "marketing", "name_0": "=HYPERLINK(1)", "format": "csv",
                                               "role_1": "other"}, f"/rounds/{rnd}")
    assert r.headers["content-type"].startswith("text/csv")
    lines = r.text.strip().splitlines()
    assert lines[0] == "name,role,language,expires,link" and len(lines) == 3
    assert lines[1].startswith("'=HYPERLINK(1)") and "/r/" in lines[1]


def test_serve_refuses_an_old_schema(tmp_path, cli):
    from socialweb.db import make_engine
    from socialweb.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(make_engine(url), "0001")
    result = cli("serve", "--database", url, "--data-dir", tmp_path)
    assert result.exit_code == 1
    assert "socialfit db upgrade" in result.stderr


def test_rounds_side_by_side_show_the_change(app, engine):
    add_user(app, "c@example.nl")
    c = client(app)
    login(c, "c@example.nl")
    org, first = new_round(c, "Acme", "nulmeting 2025", min_group_size="1")
    second = int(post(c, f"/orgs/{org}/rounds", {"name": "meting 2026", "min_group_size": "1"},
                      f"/orgs/{org}").headers["location"].rsplit("/", 1)[1])
    for rnd, shift in ((first, -2), (second, 1)):
        (link,) = invite(c, rnd, ["management"])
        r = client(app)
        answer_all(r, engine, link, sample_answers(engine, shift))
        submit(r, link)
    page = c.get(f"/orgs/{org}/compare")
    assert page.status_code == 200
    text = page.text
    assert text.index("nulmeting 2025") < text.index("meting 2026")
    before = engine.assess_valid(sample_answers(engine, -2)).profile.maturity
    after = engine.assess_valid(sample_answers(engine, 1)).profile.maturity
    assert f"({after - before:+.1f})" in text
    assert "Recommended model" in text and "Decision" in text
