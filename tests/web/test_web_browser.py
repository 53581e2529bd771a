"""End to end in Debian's Chromium (Playwright): a consultant creates an organisation, a round and
three invitations; three respondents answer at the same time in their own browser contexts, one stops
halfway and resumes in a new context; the combined result and report appear; the answers export reads
back through `socialfit batch` with the same scores. Every page kind passes an axe-core scan with no
serious or critical violation, no page breaks its Content-Security-Policy, and screenshots of the
respondent page, the round overview and the combined report are written (SOCIALFIT_SCREENSHOTS=dir
keeps them). One browser, one scenario: the suite's extra time stays small. Beside it: one respondent
in two tabs, told when an answer changed elsewhere (last write per item wins)."""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from web.test_web_storage import _free_port, _start_server
from web.webtools import CHROMIUM, chromium_or_skip, sample_answers

AXE = Path(__file__).parents[1] / "vendor" / "axe-4.14.1.min.js"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync"]
PASSWORD = "correct horse battery"


class Scan:
    """axe-core on a page: the serious and critical violations, by page kind."""

    def __init__(self):
        self.source = AXE.read_text(encoding="utf-8")
        self.found: dict[str, list] = {}
        self.csp: list[str] = []

    def watch(self, page):
        page.on("console", lambda m: self.csp.append(f"{page.url}: {m.text}")
                if "Content Security Policy" in m.text else None)

    def __call__(self, page, kind: str):
        page.evaluate(self.source)  # evaluated through the devtools protocol: the page's CSP stays in force
        result = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
        bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result
               if v["impact"] in ("serious", "critical")]
        self.found[kind] = bad


def _answer_section(page, engine, values: dict) -> None:
    """Answer every visible question of the page the way a person does (htmx saves each change)."""
    q = engine.questionnaire
    done: set[str] = set()
    while True:
        ids = [i for i in page.eval_on_selector_all("fieldset.item", "els => els.map(e => e.id.slice(5))")
               if i not in done]
        if not ids:
            break
        for item_id in ids:
            done.add(item_id)
            if item_id not in values:
                continue
            item, value = q.by_id[item_id], values[item_id]
            actions = []
            if value is None:
                sel = f'input[name="{item_id}"][value="__dk"]' if item.type in ("likert5", "single") \
                    else f'input[name="{item_id}__dk"]'
                actions.append(lambda sel=sel: page.check(sel))
            elif item.type == "multi":
                for v in value:
                    actions.append(lambda v=v, i=item_id: page.check(f'input[name="{i}"][value="{v}"]'))
            elif item.type == "number":
                def fill(item_id=item_id, value=value):
                    page.fill(f"#in-{item_id}", f"{value:g}".replace(".", ","))
                    page.press(f"#in-{item_id}", "Tab")
                actions.append(fill)
            else:
                actions.append(lambda v=value, i=item_id: page.check(f'input[name="{i}"][value="{v}"]'))
            for act in actions:
                with page.expect_response(lambda r: "/item/" in r.url):
                    act()
                page.wait_for_timeout(30)  # htmx settles the swap


def _next(page) -> None:
    with page.expect_navigation():
        page.click('button[name="action"][value="next"]')


@pytest.fixture(scope="module")
def server(tmp_path_factory, engine):
    chromium_or_skip()
    root = tmp_path_factory.mktemp("e2e")
    url = f"sqlite:///{root / 'socialfit.db'}"
    from click.testing import CliRunner

    from socialfit.cli import main

    runner = CliRunner()
    assert runner.invoke(main, ["db", "upgrade", "--database", url]).exit_code == 0
    added = runner.invoke(main, ["users", "add", "consultant@example.nl", "--database", url, "--password-stdin"],
                          input=PASSWORD + "\n")
    assert added.exit_code == 0, added.output
    port = _free_port()
    proc = _start_server(url, root / "data", port)
    yield f"http://127.0.0.1:{port}", root
    proc.terminate()
    proc.wait(timeout=20)


def test_consultant_and_three_respondents_in_chromium(server, engine, cli, tmp_path):
    from playwright.sync_api import sync_playwright

    base, root = server
    shots = Path(os.environ.get("SOCIALFIT_SCREENSHOTS") or tmp_path / "screenshots")
    shots.mkdir(parents=True, exist_ok=True)
    scan = Scan()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            consultant = browser.new_context(base_url=base, accept_downloads=True)
            page = consultant.new_page()
            scan.watch(page)
            page.goto("/")
            scan(page, "start")
            page.click("text=Consultant? Log in")
            scan(page, "login")
            page.fill("#email", "consultant@example.nl")
            page.fill("#password", PASSWORD)
            with page.expect_navigation():
                page.click("main button[type=submit]")
            scan(page, "organisations")
            page.fill("#org-name", "Bakkerij <De Molen>")
            with page.expect_navigation():
                page.click("text=Create")
            scan(page, "organisation")
            page.fill("#round-name", "nulmeting 2026-Q4")
            with page.expect_navigation():
                page.click("form[action$='/rounds'] button[type=submit]")
            round_url = page.url
            rows = [("Anne", "marketing", "nl"), ("Bram", "communication", "en"), ("Chris", "management", "en")]
            for k, (name, role, lang) in enumerate(rows):
                page.fill(f"input[name=name_{k}]", name)
                page.select_option(f"select[name=role_{k}]", role)
                page.select_option(f"select[name=lang_{k}]", lang)
            with page.expect_navigation():
                page.click("button[name=format][value=show]")
            links = page.eval_on_selector_all("input.link-field", "els => els.map(e => e.value)")
            assert len(links) == 3
            scan(page, "round with new links")

            # three respondents at the same time, each in an own context; the third stops halfway
            sets = [sample_answers(engine, s) for s in (-1, 0, 1)]
            people = []
            for link in links:
                ctx = browser.new_context()
                pg = ctx.new_page()
                scan.watch(pg)
                pg.goto(link)
                people.append([ctx, pg])
            assert "Vraag" in people[0][1].content() or "<html lang=\"nl\"" in people[0][1].content()
            sections = len(engine.questionnaire.sections)
            half = sections // 2
            for k in range(sections):
                for n, (ctx, pg) in enumerate(people):
                    if "/s/" not in pg.url:
                        continue
                    if n == 2 and k == half:  # stops: the browser is closed
                        ctx.close()
                        continue
                    if n == 2 and k > half:
                        continue
                    _answer_section(pg, engine, sets[n])
                    if n == 0 and k == 1:
                        scan(pg, "respondent section")
                        pg.screenshot(path=str(shots / "respondent.png"), full_page=True)
                    _next(pg)
            ctx = browser.new_context()  # later, another device: only the link
            pg = ctx.new_page()
            pg.goto(links[2])
            assert re.search(r"/s/[a-z_]+$", pg.url), pg.url
            assert pg.url.endswith("/s/" + list(engine.questionnaire.sections)[half]), pg.url
            people[2] = [ctx, pg]
            while "/s/" in pg.url:
                _answer_section(pg, engine, sets[2])
                _next(pg)
            for n, (_ctx, pg) in enumerate(people):
                assert pg.url.endswith("/review"), pg.url
                if n == 0:
                    scan(pg, "review")
                with pg.expect_navigation():
                    pg.click("form[action$='/submit'] button")
                assert pg.url.endswith("/done")
                if n == 1:
                    scan(pg, "own result")
            # the consultant's overview, the combined report, the exports
            page.goto(round_url)
            assert page.inner_text("#count-submitted") == "3"
            assert "Bakkerij <De Molen>" in page.inner_text("h1 ~ p, .crumb")
            scan(page, "round overview")
            page.screenshot(path=str(shots / "round.png"), full_page=True)
            with page.expect_navigation():
                page.click("text=Open the report")
            scan(page, "report")
            page.screenshot(path=str(shots / "report.png"), full_page=True)
            combined = json.loads(consultant.request.get(round_url + "/export/assessments.json").text())
            csv_bytes = consultant.request.get(round_url + "/export/answers.csv").body()
            page.goto(base + "/orgs")
            page.click("text=Bakkerij <De Molen>")
            page.click("text=Compare rounds") if page.locator("text=Compare rounds").count() else \
                page.goto(page.url + "/compare")
            scan(page, "rounds side by side")
            gone = browser.new_context().new_page()
            gone.goto(base + "/r/" + "x" * 32)
            scan(gone, "not found")
        finally:
            browser.close()

    assert not scan.csp, scan.csp
    assert all(not v for v in scan.found.values()), {k: v for k, v in scan.found.items() if v}
    assert len(scan.found) >= 11
    # the export reads back through `socialfit batch` with the same scores
    src = tmp_path / "answers.csv"
    src.write_bytes(csv_bytes)
    out = tmp_path / "groups.csv"
    assert cli("batch", src, "--group-by", "organisation", "-o", out, "-q").exit_code == 0
    import pandas as pd

    row = pd.read_csv(out).iloc[0]
    assert row["group"] == "Bakkerij <De Molen>"
    assert row["maturity"] == pytest.approx(combined["combined"]["maturity"]["score"])
    assert row["recommended"] == combined["combined"]["recommended"]
    per_person = tmp_path / "rows.csv"
    assert cli("batch", src, "-o", per_person, "-q").exit_code == 0
    scored = pd.read_csv(per_person)
    by_id = {r["respondent_id"]: r for r in combined["respondents"]}
    for _, r in scored.iterrows():
        assert r["maturity"] == pytest.approx(by_id[r["respondent_id"]]["assessment"]["maturity"]["score"])
    for name in ("respondent.png", "round.png", "report.png"):
        assert (shots / name).stat().st_size > 10_000


def test_one_respondent_in_two_tabs_is_told_the_answer_changed_elsewhere(server, engine):
    """Tab A and tab B show the same section; A answers item X, then B (still showing the old page)
    answers X too: B's status says the answer had changed elsewhere, and B's answer (the last write)
    is the stored one, which A sees on reloading."""
    import sqlite3

    from playwright.sync_api import sync_playwright

    base, root = server
    q = engine.questionnaire
    first = list(q.sections)[0]
    item = next(i for i in q.items if i.section == first and i.type in ("single", "likert5") and i.show_if is None)
    older, newer = (o.value for o in item.options[:2]) if item.type == "single" else (2, 4)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            ctx = browser.new_context(base_url=base)  # one person: one browser, two tabs
            a = ctx.new_page()
            a.goto("/")
            with a.expect_navigation():
                a.click("form[action='/solo'] button")
            section_url = a.url
            assert section_url.endswith("/s/" + first), section_url
            b = ctx.new_page()
            b.goto(section_url)
            assert " 0 " in a.inner_text("#progress")  # "… · 0 of 49 answered"
            for page, value in ((a, older), (b, newer)):
                with page.expect_response(lambda r: f"/item/{item.id}" in r.url) as response:
                    page.check(f'input[name="{item.id}"][value="{value}"]')
                assert response.value.ok
                page.wait_for_timeout(50)  # htmx swaps the status in
            assert a.inner_text(f"#status-{item.id}").strip() in ("Saved", "Bewaard")
            assert " 1 " in a.inner_text("#progress") and a.locator("#progress").count() == 1  # swapped in, once
            notice = b.inner_text(f"#status-{item.id}")
            assert "changed elsewhere" in notice or "elders gewijzigd" in notice, notice
            token = section_url.split("/r/", 1)[1].split("/", 1)[0]
            a.reload()
            assert a.is_checked(f'input[name="{item.id}"][value="{newer}"]')
        finally:
            browser.close()
    from socialweb.accounts import hash_token

    with sqlite3.connect(root / "socialfit.db") as db:
        stored = db.execute("SELECT a.value_json, a.revision FROM answers a JOIN invitations i ON i.id = a.invitation_id "
                            "WHERE i.token_hash = ? AND a.item_id = ?",
                            (hash_token(token), item.id)).fetchall()
    assert stored == [(json.dumps(newer), 2)]  # one row, revised once: B's answer
