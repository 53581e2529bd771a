"""One exit decision, three outcomes, the same in every output: the terminal table, the JSON, the
markdown summary, the markdown report and the HTML report; and no respondent-facing output names a
rule (rule ids, rule kinds and the rules that fired belong to --explain and the JSON trace)."""
from __future__ import annotations

import datetime as dt
import json
import re

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import EXAMPLE_ANSWERS
from engine.files.schemas import ASSESSMENT
from engine.i18n import t
from engine.model.vocabulary import DECISIONS
from engine.report import build_report, render_html, render_markdown
from engine.report.text import assessment_json, assessment_markdown, assessment_table

EXAMPLE = yaml.safe_load(EXAMPLE_ANSWERS.read_text(encoding="utf-8"))["answers"]
CASES = {
    # ready, but hardly anything is measured: an advice rule fires
    "go": dict(EXAMPLE, results_measured=1),
    # no knock-out, but the organisation doubts whether social media suits it
    "go_with_conditions": dict(EXAMPLE, readiness_doubt=5),
    # the target group is absent and management does not back it: knock-outs
    "not_now": dict(EXAMPLE, audience_on_social="no", mgmt_support=1, mgmt_sideline=5, respond_publicly=1),
}
DAY = dt.date(2026, 1, 15)


def flat(text: str) -> str:
    """Whitespace collapsed, so that wrapped table lines compare as sentences."""
    return " ".join(text.split())


@pytest.fixture(scope="module", params=[(d, lang) for d in DECISIONS for lang in ("nl", "en")],
                ids=lambda p: f"{p[0]}-{p[1]}")
def outputs(request, engine):
    decision, lang = request.param
    a = engine.assess(CASES[decision], language=lang, organisation="Example webshop")
    html = render_html(build_report(engine, a, date=DAY))
    soup = BeautifulSoup(html, "html.parser")
    return {
        "decision": decision, "lang": lang, "assessment": a, "json": json.loads(assessment_json(a)),
        "table": assessment_table(a), "markdown": assessment_markdown(a),
        "report_md": render_markdown(build_report(engine, a, date=DAY, charts=False)),
        "html": html, "soup": soup, "html_text": soup.get_text(" "),
    }


def respondent_facing(o) -> dict[str, str]:
    return {k: o[k] for k in ("table", "markdown", "report_md", "html_text")}


def test_the_case_has_the_intended_decision(outputs):
    assert outputs["assessment"].decision == outputs["decision"]


def test_every_output_states_the_same_decision(outputs):
    d, lang = outputs["decision"], outputs["lang"]
    said, others = t(f"decision.{d}", lang), [t(f"decision.{x}", lang) for x in DECISIONS if x != d]
    for name, text in respondent_facing(outputs).items():
        assert said in flat(text), name
        assert not any(o in flat(text) for o in others), name
    doc = outputs["json"]
    assert doc["exit"]["decision"] == d
    assert doc["exit"]["take_exit"] is (d == "not_now")       # kept for compatibility
    card = outputs["soup"].select_one("#card-exit")
    assert card["data-decision"] == d and card["data-take-exit"] == ("true" if d == "not_now" else "false")
    assert card.select_one(".value").get_text() == t(f"decision.short.{d}", lang)


def test_the_json_validates_with_its_decision(outputs):
    import jsonschema

    jsonschema.validate(outputs["json"], ASSESSMENT)
    broken = json.loads(json.dumps(outputs["json"]))
    broken["exit"]["take_exit"] = not broken["exit"]["take_exit"]  # take_exit and decision must agree
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, ASSESSMENT)


def test_conditions_are_named_with_go_with_conditions(outputs):
    d, lang, a = outputs["decision"], outputs["lang"], outputs["assessment"]
    soup = outputs["soup"]
    if d != "go_with_conditions":
        assert a.conditions == [] and soup.select_one("#conditions-advice") is None
        return
    assert a.conditions
    moment = t("decision.go_no_go_moment", lang)
    for name, text in respondent_facing(outputs).items():
        assert moment in flat(text), name
        for c in a.conditions:
            assert c["text"] in flat(text) and c["check"] in flat(text), name
    box = soup.select_one("#conditions-advice")
    assert [li.strong.get_text() for li in box.select("li")] == [c["text"] for c in a.conditions]
    caption = soup.select_one("#chart-readiness figcaption").get_text()
    assert t("report.weak_preconditions", lang) in caption and t("report.no_knockouts", lang) not in caption


def test_not_now_presents_the_model_for_later_and_no_start_advice(outputs):
    d, lang, a = outputs["decision"], outputs["lang"], outputs["assessment"]
    soup = outputs["soup"]
    later, now = t("label.recommended_later", lang), t("label.recommended", lang)
    card = soup.select_one("#card-recommended .label").get_text()
    if d != "not_now":
        assert card == now and soup.select_one("#exit-advice") is None
        return
    assert card == later
    for name, text in respondent_facing(outputs).items():
        assert later in flat(text) and now not in text, name
    assert soup.select_one("#roadmap").get_text().startswith(t("report.roadmap_later", lang))
    before_start = {"en": "before you start", "nl": "voordat u begint"}[lang]
    assert not any(before_start in x for x in a.advice)
    assert a.fix_first and all(f in flat(outputs["html_text"]) for f in a.fix_first)


def test_no_respondent_facing_output_names_a_rule(outputs, engine):
    ids = [r.id for r in engine.rules.rules]
    fired = {"en": "Rules that fired", "nl": "Regels die vuurden"}[outputs["lang"]]
    for name, text in {**respondent_facing(outputs), "html": outputs["html"]}.items():
        assert not [i for i in ids if i in text], name
        assert fired not in text, name
        assert not re.search(r"\[(knockout|condition|fit|advice) \d+\]", text), name
    assert outputs["assessment"].trace  # rules did fire: it is the outputs that keep quiet about them


def test_explain_shows_the_rules(outputs, engine):
    a = outputs["assessment"]
    explained = [assessment_table(a, explain=True), assessment_markdown(a, explain=True),
                 render_markdown(build_report(engine, a, date=DAY, charts=False, explain=True))]
    for text in explained:
        assert all(step["rule"] in text for step in a.trace)


def test_the_report_command_says_the_same(cli, tmp_path):
    for decision, answers in CASES.items():
        path = tmp_path / f"{decision}.yaml"
        path.write_text(yaml.safe_dump({"questionnaire": "intake@1.0", "language": "en", "answers": answers}),
                        encoding="utf-8")
        out = tmp_path / f"{decision}.html"
        assert cli("report", path, "-o", out).exit_code == 0
        soup = BeautifulSoup(out.read_text(encoding="utf-8"), "html.parser")
        assert soup.select_one("#card-exit")["data-decision"] == decision
        doc = json.loads(cli("score", path, "--format", "json").stdout)
        assert doc["exit"]["decision"] == decision
        assert t(f"decision.{decision}", "en") in flat(cli("score", path).stdout)
        explained = cli("report", path, "--format", "markdown", "--explain").stdout
        assert "Rules that fired" in explained


def test_an_excluded_model_says_why_in_every_output(engine):
    answers = dict(EXAMPLE, campaign_planning=1, campaign_focus="ongoing", poe_planning=1)
    a = engine.assess(answers, language="en")
    excluded = [m for m in a.ranking if m.excluded]
    assert excluded, "no campaigns and no paid/owned/earned planning exclude the Faseringsmodel"
    soup = BeautifulSoup(render_html(build_report(engine, a, date=DAY)), "html.parser")
    table, markdown = flat(assessment_table(a)), assessment_markdown(a)
    for m in excluded:
        why = m.reasons_against[0]
        assert why in soup.select_one(f"#rank-{m.model} .excluded-why").get_text()   # visible, not folded away
        assert f"(excluded: {why})" in table
        assert re.search(rf"\| {re.escape(m.name)} \(excluded\) \| 0.0 \|.*\| {re.escape(why)}", markdown)
