"""The intake and the answers template as respondents meet them (issue 11, part 10)."""
from __future__ import annotations

import pytest
import yaml

from conftest import EXAMPLE_ANSWERS


@pytest.fixture
def q(engine):
    return engine.questionnaire


def _session(q, lang="nl", **answers):
    from engine.intake import IntakeSession

    return IntakeSession(q, language=lang, answers=answers)


def test_help_texts_are_on_screen(q):
    from engine.intake import question_text

    s = _session(q, "en")
    text = question_text(s)
    assert "Note: Count all employees, including part-timers." in text
    assert "Toelichting:" in question_text(_session(q, "nl"))


def test_hours_with_a_unit_and_partial_option_texts(q):
    from engine.intake import InvalidReply, parse_reply

    hours = q.by_id["capacity_hours"]
    assert parse_reply(q, hours, "100 uur", "nl").value == 100
    assert parse_reply(q, hours, "12,5 hours per week", "en").value == 12.5
    status = q.by_id["social_status"]
    assert parse_reply(q, status, "Actief op meerdere kanalen", "nl").value == "active"
    assert parse_reply(q, status, "pilot", "nl").value == "experimenting"
    with pytest.raises(InvalidReply, match="fits more than one answer"):
        parse_reply(q, status, "social media", "en")  # in "do not use social media yet" and "Social media is embedded"


def test_optional_multiple_choice_takes_none_and_skip_says_what_it_means(q):
    from engine.intake import parse_reply, question_text

    tools = q.by_id["monitoring_tools"]
    assert parse_reply(q, tools, "0", "en").value == []
    s = _session(q, "en", org_size="small", social_status="active")
    while s.current.id != "monitoring_tools":
        s.skip() if s.current.dont_know else s.answer(s.current.options[0].value if s.current.options else 3)
    text = question_text(s)
    assert "(or 0 = none of these)" in text and "s  Skip: no answer (optional question; not counted)" in text


def test_objectives_may_be_none_for_an_organisation_that_wants_no_social_media(q, engine):
    """Issue 11: an organisation that wants nothing from social media (yet) can say so."""
    from engine.intake import parse_reply

    objectives = q.by_id["objectives"]
    assert not objectives.required
    assert parse_reply(q, objectives, "0", "nl").value == []
    assert "laat de vraag dan leeg" in objectives.help["nl"] and "leave the question empty" in objectives.help["en"]
    import yaml

    from conftest import TESTS

    doc = yaml.safe_load((TESTS / "vignettes" / "access_1.yaml").read_text(encoding="utf-8"))
    answers = dict(doc["answers"], objectives=[])
    with_none = engine.assess(answers)  # valid: an empty choice is an answer, not a missing one
    with_goals = engine.assess(doc["answers"])
    # the owner shares then come from the other ownership answers alone
    assert with_none.profile.shares != with_goals.profile.shares
    assert abs(sum(with_none.profile.shares.values()) - 1.0) < 1e-6
    assert with_none.profile.unknown_share == with_goals.profile.unknown_share  # none is not "don't know"


def test_one_count_of_questions_on_screen_and_in_the_file(q, tmp_path):
    from engine.intake import question_text

    s = _session(q, "nl")
    s.answer("small")
    shown = question_text(s)
    n, total = s.progress()
    assert f"Vraag {n} van {total}" in shown
    s.save(tmp_path / "a.yaml")
    assert f"1 van {total} vragen beantwoord" in (tmp_path / "a.yaml").read_text(encoding="utf-8")


def test_resuming_one_answer_says_vraag(cli, tmp_path):
    one = tmp_path / "one.yaml"
    one.write_text("questionnaire: intake@2.0\nlanguage: nl\nanswers:\n  org_size: small\n", encoding="utf-8")
    result = cli("intake", "--resume", one, input="")
    assert "1 vraag al beantwoord" in result.stdout


def test_organisation_asked_roadmap_shown_report_gets_html(cli, tmp_path, monkeypatch):
    from socialfit import cmd_intake

    monkeypatch.setattr(cmd_intake, "_interactive", lambda: True)
    answers = yaml.safe_load(EXAMPLE_ANSWERS.read_text(encoding="utf-8"))
    partial = tmp_path / "p.yaml"
    partial.write_text(yaml.safe_dump({"questionnaire": answers["questionnaire"], "language": "en",
                                       "answers": answers["answers"]}), encoding="utf-8")
    result = cli("intake", "--resume", partial, "--report", tmp_path / "P02-rapport", input="Acme BV\n")
    assert result.exit_code == 0, result.output
    assert "Name of the organisation" in result.stdout
    assert "Assessment: Acme BV" in result.stdout
    assert "A first roadmap: Social Media Faseringsmodel" in result.stdout and "First actions:" in result.stdout
    assert (tmp_path / "P02-rapport.html").is_file()
    assert yaml.safe_load(partial.read_text(encoding="utf-8"))["organisation"] == "Acme BV"


def test_template_conditions_in_words_required_marked_values_quoted(cli, tmp_path):
    nl = cli("template", "--lang", "nl").stdout
    assert "social_status not in" not in nl and "only if" not in nl
    assert ('alleen als bij "Hoe gebruikt uw organisatie social media op dit moment?" niet "We gebruiken nog geen '
            'social media" is gekozen') in nl
    assert "Hoeveel medewerkers heeft uw organisatie?  [verplicht]" in nl and "[optioneel]" in nl
    assert '"yes" = Ja' in nl or '"yes" = ' in nl
    en = cli("template", "--lang", "en").stdout
    assert '"How does your organisation use social media at the moment?" is not answered "We do not use social' in en


def test_answers_yaml_reads_back_case_and_yes_no(engine):
    from engine.model.answers import validate_answers

    raw = yaml.safe_load("budget: Adequate\naudience_on_social: yes\nobjectives: [Listening, TALKING]\n")
    assert raw["audience_on_social"] is True  # what YAML makes of an unquoted yes
    values, _ = validate_answers(engine.questionnaire, raw, complete=False)
    assert values == {"budget": "adequate", "audience_on_social": "yes", "objectives": ["listening", "talking"]}


def test_filled_template_leaves_questions_that_do_not_apply_without_warnings(cli, engine, tmp_path):
    tpl = tmp_path / "t.yaml"
    assert cli("template", tpl, "--lang", "en").exit_code == 0
    doc = yaml.safe_load(tpl.read_text(encoding="utf-8"))
    q = engine.questionnaire
    for item in q.items:  # an organisation without social media answers what applies to it
        if item.show_if is None:
            doc["answers"][item.id] = (None if item.dont_know else
                                       3 if item.type == "likert5" else
                                       [item.options[0].value] if item.type == "multi" else
                                       item.options[0].value if item.type == "single" else 10)
    doc["answers"]["social_status"] = "none"
    tpl.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    result = cli("score", tpl, "-o", tmp_path / "r.json")
    assert result.exit_code == 0, result.stderr
    assert "Warning" not in result.stderr  # the template's null/[] of the questions that do not apply: no answer


def test_warnings_are_shown_once(cli, tmp_path):
    text = EXAMPLE_ANSWERS.read_text(encoding="utf-8")
    doc = yaml.safe_load(text)
    path = tmp_path / "h.yaml"
    path.write_text(text.replace(f"social_status: {doc['answers']['social_status']}", "social_status: none"),
                    encoding="utf-8")
    result = cli("score", path, "--explain")
    assert result.exit_code == 0
    assert (result.stdout + result.stderr).count("answers.adhoc_posting: ignored") == 1
