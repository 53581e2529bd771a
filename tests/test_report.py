"""The report: the HTML is parsed and each chart checked against the assessment's numbers."""
from __future__ import annotations

import datetime as dt
import re

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import EXAMPLE_ANSWERS
from engine.report import build_report, knockout_thresholds, render_html, render_markdown

EXAMPLE = yaml.safe_load(EXAMPLE_ANSWERS.read_text(encoding="utf-8"))["answers"]
# Target group absent, no management support, a closed culture: three knock-outs.
CLOSED = dict(EXAMPLE, audience_on_social="no", mgmt_support=1, mgmt_sideline=5, respond_publicly=1,
              quick_response_allowed=1, employees_share=1)
DAY = dt.date(2026, 1, 15)


@pytest.fixture(scope="module")
def example(engine):
    assessment = engine.assess(EXAMPLE, language="en", organisation="Example webshop")
    html = render_html(build_report(engine, assessment, date=DAY))
    return assessment, BeautifulSoup(html, "html.parser"), html


def texts(node) -> list[str]:
    return [t.get_text() for t in node.find_all("text")]


def x_extent(path) -> float:
    """Width of an SVG bar drawn as a path 'M x y L x y ...'."""
    xs = [float(x) for x in re.findall(r"([-\d.]+) [-\d.]+", path["d"])]
    return max(xs) - min(xs)


def test_the_page_has_the_four_charts_as_inline_svg(example):
    _, soup, _ = example
    figures = soup.select("figure.chart")
    assert [f["id"] for f in figures] == ["chart-maturity", "chart-ownership", "chart-readiness", "chart-fit"]
    for figure in figures:
        assert figure.find("svg") is not None, figure["id"]


def test_fit_chart_carries_every_model_and_its_fit(example):
    a, soup, _ = example
    chart = soup.select_one("#chart-fit")
    assert chart["data-recommended"] == a.recommended
    labels = texts(chart)
    widths = {}
    for m in a.ranking:
        assert m.name in labels
        assert f"{m.fit:.1f}" in labels
        widths[m.model] = x_extent(chart.select_one(f"g#fit-{m.model} path"))
    assert len(widths) == 9
    top = a.ranking[0]
    for m in a.ranking[1:]:   # bar lengths are proportional to the fit scores
        assert widths[m.model] / widths[top.model] == pytest.approx(m.fit / top.fit, rel=0.01)
    assert soup.select_one("#card-recommended")["data-model"] == a.recommended
    assert soup.select_one(f"#rank-{a.recommended}")["class"] == ["recommended"]


def test_maturity_radar_carries_the_score_stage_and_dimensions(example, engine):
    a, soup, _ = example
    chart = soup.select_one("#chart-maturity")
    p = a.profile
    assert chart["data-stage"] == str(p.stage)
    labels = texts(chart)
    assert f"Maturity {p.maturity:.1f}/100 · stage {p.stage} {a.stage_name}" in labels
    for key, value in p.maturity_dimensions.items():
        assert f"{value:.0f}" in labels, key
    assert len(chart.select("g[id^=radar-point-]")) == len(p.maturity_dimensions)
    assert a.stage_name in chart.figcaption.get_text()


def test_ownership_and_readiness_charts(example, engine):
    a, soup, _ = example
    own = soup.select_one("#chart-ownership")
    for owner, share in a.profile.shares.items():
        assert own.select_one(f"g#ownership-{owner}") is not None
        assert any(f"{share:.0%}" in text for text in texts(own))
    ready = soup.select_one("#chart-readiness")
    labels = texts(ready)
    assert f"Readiness {a.profile.readiness:.1f}/100" in labels
    for key, value in a.profile.readiness_dimensions.items():
        assert ready.select_one(f"g#readiness-{key}") is not None
        assert f"{value:.1f}" in labels
    # Knock-out thresholds come from the single-comparison knock-out rules.
    thresholds = knockout_thresholds(engine.rules)
    assert thresholds["readiness.support"] == 25.0 and thresholds["readiness.culture"] == 20.0
    assert thresholds["readiness.score"] == engine.weights.params["exit_readiness_threshold"]
    marked = {g["id"] for g in ready.select("g[id^=readiness-threshold-]")}
    assert marked == {"readiness-threshold-score", "readiness-threshold-support", "readiness-threshold-culture"}
    assert "No knock-outs" in ready.figcaption.get_text()


def test_roadmap_ranking_and_rules(example, engine):
    a, soup, _ = example
    model = engine.catalogue.by_id[a.recommended]
    roadmap = soup.select("ol.roadmap > li")
    assert [li.strong.get_text() for li in roadmap] == [s["name"]["en"] for s in model.steps]
    assert [li.get_text() for li in soup.select("#first-actions li")] == model.first_actions["en"]
    assert [tr["id"] for tr in soup.select("#ranking tbody tr")] == [f"rank-{m.model}" for m in a.ranking]
    assert [tr["data-fit"] for tr in soup.select("#ranking tbody tr")] == [f"{m.fit:.1f}" for m in a.ranking]
    assert soup.select_one("#trace") is None  # the client's report names no rules
    explained = BeautifulSoup(render_html(build_report(engine, a, date=DAY, explain=True)), "html.parser")
    fired = [step["rule"] for step in a.trace]
    trace = explained.select_one("#trace")
    if fired:
        assert [tr["id"] for tr in trace.select("tbody tr")] == [f"rule-{r}" for r in fired]
    else:
        assert trace.get_text() == "no rules fired"
    assert soup.select_one("#exit-advice") is None
    assert soup.select_one("#card-exit")["data-take-exit"] == "false"
    assert soup.select_one("#card-exit")["data-decision"] == a.decision == "go"


def test_the_page_is_self_contained(example):
    _, soup, html = example
    assert not soup.find_all(["script", "link", "img", "iframe", "object", "embed"])
    for tag in soup.find_all(True):
        for attr in ("src", "href", "xlink:href", "action"):
            value = tag.get(attr)
            assert value is None or value.startswith("#"), (tag.name, attr, value)
    for style in soup.find_all("style"):
        assert "url(" not in style.get_text() and "@import" not in style.get_text()
    assert "<!DOCTYPE svg" not in html and "<?xml" not in html


def test_exit_advice_with_knockouts_in_dutch(engine):
    a = engine.assess(CLOSED, language="nl")
    assert a.take_exit
    soup = BeautifulSoup(render_html(build_report(engine, a, date=DAY)), "html.parser")
    assert soup.html["lang"] == "nl"
    advice = soup.select_one("#exit-advice")
    assert advice.h2.get_text() == "Advies: start het traject (nog) niet"
    assert [li.get_text() for li in advice.ol.find_all("li")] == a.fix_first
    assert "over drie tot zes maanden" in advice.get_text()
    ready = soup.select_one("#chart-readiness")
    assert [li.strong.get_text() for li in ready.select("li")] == [
        engine.rules.by_id[r["rule"]].description["nl"] for r in a.exit_reasons]
    assert soup.select_one("#card-exit")["data-take-exit"] == "true"
    assert "Routekaart" in soup.select_one("#roadmap").get_text()   # what to use once ready


def test_same_answers_give_the_same_page(engine):
    a = engine.assess(EXAMPLE, language="en")
    first = render_html(build_report(engine, a, date=DAY))
    assert first == render_html(build_report(engine, a, date=DAY))


def test_markdown_report(engine):
    a = engine.assess(CLOSED, language="en")
    md = render_markdown(build_report(engine, a, date=DAY, charts=False))
    assert md.startswith("# Social media implementation advice\n\n_Prepared on 2026-01-15")
    assert "## Advice: do not start the trajectory (yet)" in md
    for m in a.ranking:
        assert re.search(rf"^\| \d \| (\*\*)?{re.escape(m.name)}(\*\*)? .*\| {m.fit:.1f} \|", md, re.M), m.name
    assert "<svg" not in md
    for r in a.exit_reasons:
        assert f"- {r['text']}\n" in md and r["rule"] not in md


def test_report_command_writes_html_and_markdown(cli, tmp_path, engine):
    out = tmp_path / "report.html"
    result = cli("report", EXAMPLE_ANSWERS, "-o", out, "--lang", "nl")
    assert result.exit_code == 0, result.output
    assert result.stderr == f"Wrote {out}\n"
    soup = BeautifulSoup(out.read_text(encoding="utf-8"), "html.parser")
    assert soup.html["lang"] == "nl"
    assert soup.select_one("#chart-fit")["data-recommended"] == engine.assess_file(EXAMPLE_ANSWERS).recommended

    md = cli("report", EXAMPLE_ANSWERS, "--format", "markdown")
    assert md.exit_code == 0 and md.stdout.startswith("# Social media implementation advice: Example webshop")

    by_suffix = tmp_path / "report.md"
    assert cli("report", EXAMPLE_ANSWERS, "-o", by_suffix).exit_code == 0
    assert by_suffix.read_text(encoding="utf-8").startswith("# Social media")


def test_report_command_rejects_a_partial_answers_file(cli, tmp_path):
    partial = tmp_path / "partial.yaml"
    partial.write_text("questionnaire: intake@1.0\nanswers:\n  org_size: small\n", encoding="utf-8")
    result = cli("report", partial, "-o", tmp_path / "r.html")
    assert result.exit_code == 1
    assert f"{partial}: answers.social_status: missing required answer" in result.stderr
    assert not (tmp_path / "r.html").exists()


def test_a_tie_at_the_top_is_marked_in_every_rendering(engine):
    """Two models with the same shown fit: the table, the markdown and the JSON say "tie" (nl: "gelijke
    stand") for both, and the second's why-not says it is a tie rather than explaining a gap of 0."""
    from engine.explain.coverage import random_frame
    from engine.report.text import assessment_markdown, assessment_table
    from engine.scoring import vectorised as bs

    q = engine.questionnaire
    values = next(v for v in bs.values_from_coded(q, random_frame(q, 3000, seed=9))
                  if (r := engine.assess_valid(v)).ranking[0].tied and not r.ranking[1].excluded)
    for lang, word, says in (("en", "tie", " a tie; "), ("nl", "gelijke stand", " een gelijke stand; ")):
        a = engine.assess_valid(values, language=lang)
        first, second = a.ranking[:2]
        assert first.fit == second.fit and first.tied and second.tied
        table = assessment_table(a)
        assert f"{first.fit:.1f}  ({word})" in table and f"fit {first.fit:.1f}, {word})" in table
        assert f"| {first.fit:.1f} ({word}) |" in assessment_markdown(a)
        assert says in second.why_not.summary
        assert [m["tied"] for m in a.to_dict()["ranking"][:2]] == [True, True]
