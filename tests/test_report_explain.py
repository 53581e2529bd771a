"""The report's explanation sections (engine/report/explain_data.py, templates explain.*.j2): how firm
the advice is, why not the others (folded per model), and what would change it, in nl and en."""
from __future__ import annotations

import datetime as dt

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import EXAMPLE_ANSWERS
from engine.explain.changes import apply
from engine.report import build_report, render_html, render_markdown

EXAMPLE = yaml.safe_load(EXAMPLE_ANSWERS.read_text(encoding="utf-8"))["answers"]
NO_SUPPORT = dict(EXAMPLE, mgmt_support=1, mgmt_sideline=5)  # one knock-out: management support
DAY = dt.date(2026, 1, 15)


def page(engine, values, lang):
    valid, _ = engine.validate(values)
    a = engine.assess_valid(valid, language=lang)
    return a, BeautifulSoup(render_html(build_report(engine, a, date=DAY, values=valid)), "html.parser")


@pytest.mark.parametrize("lang,heading", [("en", "What would change this advice"), ("nl", "Wat dit advies zou veranderen")])
def test_sections_in_both_languages(engine, lang, heading):
    a, soup = page(engine, EXAMPLE, lang)
    assert soup.select_one("#what-would-change h2").get_text() == heading
    firm = soup.select_one("#stability").get_text()
    assert ("firm" if lang == "en" else "stevig") in firm and "1000" in firm
    folds = soup.select("#why-not details")
    assert [d["id"] for d in folds] == [f"why-not-{m.model}" for m in a.ranking[1:]]
    assert folds[0].has_attr("open") and not folds[1].has_attr("open")


def test_why_not_rows_add_up_to_the_gap(engine):
    a, soup = page(engine, EXAMPLE, "en")
    for m in a.ranking[1:]:
        rows = soup.select(f"#why-not-{m.model} tr")
        values = [float(r.select("td")[-1].get_text()) for r in rows]
        parts, total = values[:-1], values[-1]
        assert total == pytest.approx(m.why_not.gap, abs=0.05)
        assert sum(parts) == pytest.approx(total, abs=0.05 * len(parts))


def test_exit_report_says_what_would_let_you_start_and_it_does(engine):
    a, soup = page(engine, NO_SUPPORT, "en")
    assert a.take_exit
    section = soup.select_one("#what-would-change")
    assert section.h2.get_text() == "What would let you start"
    assert section.select_one("#what-if-exit").get_text() == "Lifting the exit"
    first = section.select("ol.what-if")[0].select_one("li")
    # the first proposal, made, does lift the exit, and the page names the decision it leads to
    from engine.explain.decision import label
    from engine.explain.whatif import what_if

    valid, _ = engine.validate(NO_SUPPORT)
    (r,) = what_if(engine, valid, goals=("exit",))
    assert r.found[0].outcome.decision != "not_now"
    assert label(r.found[0].outcome.decision, "en") in first.get_text()
    assert engine.assess_valid(apply(valid, r.found[0].changes, engine.questionnaire)).take_exit is False
    _, nl = page(engine, NO_SUPPORT, "nl")
    assert nl.select_one("#what-would-change h2").get_text() == "Wat u zou laten starten"


def test_markdown_has_the_sections(engine):
    valid, _ = engine.validate(EXAMPLE)
    a = engine.assess_valid(valid, language="nl")
    text = render_markdown(build_report(engine, a, date=DAY, values=valid))
    for heading in ("## Hoe stevig is dit advies", "## Waarom niet de andere modellen", "## Wat dit advies zou veranderen"):
        assert heading in text
    assert "samen: het verschil in fit" in text


def test_without_values_the_report_has_no_explanations(engine):
    a = engine.assess(EXAMPLE, language="en")
    soup = BeautifulSoup(render_html(build_report(engine, a, date=DAY)), "html.parser")
    assert soup.select_one("#what-would-change") is None


def test_report_command_has_the_sections(cli, tmp_path):
    out = tmp_path / "r.html"
    done = cli("report", str(EXAMPLE_ANSWERS), "-o", str(out))
    assert done.exit_code == 0, done.output
    soup = BeautifulSoup(out.read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one("#stability") and soup.select_one("#why-not") and soup.select_one("#what-would-change")
