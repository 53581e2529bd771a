"""`socialfit intake` driven through CliRunner with scripted input, one line per question."""
from __future__ import annotations

import pytest
import yaml

from conftest import EXAMPLE_ANSWERS

EXAMPLE = yaml.safe_load(EXAMPLE_ANSWERS.read_text(encoding="utf-8"))["answers"]
NO_LOCALE = {"LC_ALL": None, "LC_MESSAGES": None, "LANG": None, "LANGUAGE": None}


def typed(q, item_id: str, value) -> str:
    """What a respondent types for ``value``: the option number(s), the number, or s for don't know."""
    item = q.by_id[item_id]
    if value is None:
        return "s"
    values = [o.value for o in item.options]
    if item.type == "single":
        return str(values.index(value) + 1)
    if item.type == "multi":
        return ",".join(str(values.index(v) + 1) for v in value)
    return str(value)


def script(q, answers: dict) -> list[str]:
    """The input lines that answer every visible question of ``answers`` in questionnaire order."""
    shown = q.visible(answers)
    return [typed(q, i.id, answers[i.id]) for i in q.items if shown[i.id] and i.id in answers]


def feed(lines) -> str:
    return "\n".join(lines) + "\n"


def saved(path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_full_run_in_dutch(cli, engine, tmp_path):
    q = engine.questionnaire
    answers, report = tmp_path / "a.yaml", tmp_path / "r.html"
    result = cli("intake", "--lang", "nl", "--save", answers, "--report", report, input=feed(script(q, EXAMPLE)))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Vraag 1 van 49 · Over uw organisatie" in out
    assert "Vraag 49 van 49 · Wat zoekt u in een aanpak?" in out
    assert "  2  Middelgroot (50-249 medewerkers)" in out
    assert "Antwoord [1-4, ?, b, q]: 2" in out          # piped answers are echoed like a session
    expected = engine.assess(EXAMPLE, language="nl")
    assert "Aanbevolen model  " + expected.ranking[0].name in out
    assert f"fase {expected.profile.stage} {expected.stage_name}" in out
    doc = saved(answers)
    assert doc["language"] == "nl" and doc["answers"] == EXAMPLE
    assert "Onvolledig" not in answers.read_text(encoding="utf-8")
    assert report.read_text(encoding="utf-8").startswith("<!DOCTYPE html>\n<html lang=\"nl\">")
    assert f"Rapport geschreven: {report}" in result.stderr
    assert cli("score", answers).exit_code == 0    # the saved file is an ordinary answers file


def test_full_run_in_english_from_the_locale(cli, engine, tmp_path):
    q = engine.questionnaire
    answers, report = tmp_path / "a.yaml", tmp_path / "r.md"
    env = dict(NO_LOCALE, LANG="en_GB.UTF-8")
    result = cli("intake", "--save", answers, "--report", report, input=feed(script(q, EXAMPLE)), env=env)
    assert result.exit_code == 0, result.output
    assert "Question 1 of 49 · About your organisation" in result.stdout
    assert "Taal / Language" not in result.stdout
    expected = engine.assess(EXAMPLE, language="en")
    assert "Recommended model  " + expected.ranking[0].name in result.stdout
    assert saved(answers)["language"] == "en"
    md = report.read_text(encoding="utf-8")
    assert md.startswith("# Social media implementation advice")
    assert f"**{expected.ranking[0].name}**" in md


def test_language_is_asked_once_without_a_usable_locale(cli, engine, tmp_path):
    q = engine.questionnaire
    answers = tmp_path / "a.yaml"
    lines = ["fr", "nl"] + script(q, EXAMPLE)
    result = cli("intake", "--save", answers, "--report", tmp_path / "r.html", input=feed(lines),
                 env=dict(NO_LOCALE, LANG="C"))
    assert result.exit_code == 0, result.output
    assert result.stdout.count("Taal / Language [nl/en]: ") == 2   # once, re-asked after the bad reply
    assert "Kies nl of en / Choose nl or en." in result.stdout
    assert "Vraag 1 van 49" in result.stdout
    assert saved(answers)["language"] == "nl"


def test_going_back_and_changing_an_answer_hides_and_drops_later_answers(cli, engine, tmp_path):
    q = engine.questionnaire
    first = script(q, EXAMPLE)[:8]          # up to monitoring_tools (item 8), now at cross_dept_collab
    assert q.items[7].id == "monitoring_tools"
    lines = first + ["b"] * 7 + ["1"]      # back to social_status (item 2) and answer "none"
    lines += [""] * 4                       # keep goals_documented, team_skills, social_policy, results_measured
    changed = dict(EXAMPLE, social_status="none")
    shown = q.visible(changed)
    rest = [i for i in q.items[8:] if shown[i.id]]
    lines += [typed(q, i.id, EXAMPLE[i.id]) for i in rest]
    answers = tmp_path / "a.yaml"
    result = cli("intake", "--lang", "en", "--save", answers, "--report", tmp_path / "r.html", input=feed(lines))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "These questions no longer apply; their answers are dropped: adhoc_posting, monitoring_tools" in out
    assert "Current answer: 3 Neutral (Enter = keep)" in out
    assert "Question 3 of 44 ·" in out and "Question 44 of 44 ·" in out  # five items hidden now
    doc = saved(answers)["answers"]
    for hidden in ("adhoc_posting", "monitoring_tools", "social_in_processes", "engagement_response", "org_structure"):
        assert hidden not in doc
    assert doc["social_status"] == "none"
    assert doc["goals_documented"] == EXAMPLE["goals_documented"]   # kept with Enter
    check = cli("score", answers)
    assert check.exit_code == 0 and "Warning" not in check.stderr


def test_back_at_the_first_question_and_help(cli, engine, tmp_path):
    q = engine.questionnaire
    lines = ["b", "?"] + script(q, EXAMPLE)
    result = cli("intake", "--lang", "en", "--save", tmp_path / "a.yaml", "--report", tmp_path / "r.html",
                 input=feed(lines))
    assert result.exit_code == 0, result.output
    assert "This is the first question." in result.stdout
    assert "Count all employees, including part-timers." in result.stdout   # org_size's help text


def test_skip_dont_know_optional_and_refused(cli, engine, tmp_path):
    q = engine.questionnaire
    lines = script(q, EXAMPLE)
    lines.insert(0, "s")            # org_size: required, no don't know -> refused, re-asked
    lines[3] = "s"                  # goals_documented: don't know -> null
    lines[8] = "s"                  # monitoring_tools: optional -> left out
    answers = tmp_path / "a.yaml"
    result = cli("intake", "--lang", "en", "--save", answers, "--report", tmp_path / "r.html", input=feed(lines))
    assert result.exit_code == 0, result.output
    assert "That is not a valid answer: this question cannot be skipped" in result.stdout
    assert "  s  Skip: no answer (optional question; not counted)" in result.stdout
    doc = saved(answers)["answers"]
    assert doc["goals_documented"] is None
    assert "monitoring_tools" not in doc
    assert doc["org_size"] == EXAMPLE["org_size"]


def test_invalid_input_is_re_asked_with_the_reason(cli, engine, tmp_path):
    q = engine.questionnaire
    lines = script(q, EXAMPLE)
    n_capacity = [i.id for i in q.items].index("capacity_hours")
    lines = (["7", "", "Medium (50-249 employees)"] + lines[1:2] + ["Neutraal"] + lines[3:n_capacity]
             + ["lots", "-1", "20,5"] + lines[n_capacity + 1:])
    answers = tmp_path / "a.yaml"
    result = cli("intake", "--lang", "en", "--save", answers, "--report", tmp_path / "r.html", input=feed(lines))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "That is not a valid answer: '7' is not a choice; type a number from 1 to 4 or the text of an answer" in out
    assert "That is not a valid answer: type an answer" in out
    assert "That is not a valid answer: 'lots' is not a number from 0 to 2000" in out
    assert "That is not a valid answer: '-1' is not a number from 0 to 2000" in out
    assert out.count("Question 1 of 49 ·") == 1      # the question is re-asked by its prompt, not repeated
    doc = saved(answers)["answers"]
    assert doc["org_size"] == "medium"                 # typed as the option's label
    assert doc["goals_documented"] == 3                # Dutch label accepted in an English session
    assert doc["capacity_hours"] == 20.5               # decimal comma


def test_quit_and_resume(cli, engine, tmp_path):
    q = engine.questionnaire
    lines = script(q, EXAMPLE)
    answers = tmp_path / "a.yaml"
    first = cli("intake", "--lang", "en", "--save", answers, input=feed(lines[:10] + ["q"]))
    assert first.exit_code == 0, first.output
    assert "Stopped after 10 answered questions." in first.stderr
    assert f"Answers saved to {answers}. Continue with: socialfit intake --resume {answers}" in first.stderr
    text = answers.read_text(encoding="utf-8")
    assert "# Incomplete: 10 of 49 questions answered." in text
    assert len(saved(answers)["answers"]) == 10
    score = cli("score", answers)                     # score rejects a partial file ...
    assert score.exit_code == 1 and "missing required answer" in score.stderr
    second = cli("intake", "--resume", answers, "--report", tmp_path / "r.html", input=feed(lines[10:]))
    assert second.exit_code == 0, second.output       # ... the intake resumes it
    assert f"Resuming {answers}: 10 questions already answered." in second.stdout
    assert "Question 11 of 49 ·" in second.stdout and "Question 10 of 49" not in second.stdout
    assert saved(answers)["answers"] == EXAMPLE       # --resume keeps saving to the same file


def test_end_of_input_midway_saves_a_partial_file_that_resumes_to_the_same_result(cli, engine, tmp_path):
    q = engine.questionnaire
    lines = script(q, EXAMPLE)
    lines[7] = "s"                                     # skip optional monitoring_tools before the break
    whole, part = tmp_path / "whole.yaml", tmp_path / "part.yaml"
    uninterrupted = cli("intake", "--lang", "nl", "--save", whole, "--report", tmp_path / "w.html", input=feed(lines))
    assert uninterrupted.exit_code == 0, uninterrupted.output

    cut = cli("intake", "--lang", "nl", "--save", part, input=feed(lines[:20]))
    assert cut.exit_code == 1
    assert "De antwoorden zijn onvolledig: 19 van 49 vragen beantwoord." in cut.stderr
    assert f"Antwoorden bewaard in {part}." in cut.stderr
    assert "Traceback" not in cut.output
    resumed = cli("intake", "--resume", part, "--report", tmp_path / "p.html", input=feed(lines[20:]))
    assert resumed.exit_code == 0, resumed.output
    assert "Vraag 21 van 49 ·" in resumed.stdout        # right after the last answer, skipped item stays skipped

    assert saved(part) == saved(whole)
    a, b = engine.assess_file(whole).to_dict(), engine.assess_file(part).to_dict()
    assert a == b
    summary = uninterrupted.stdout[uninterrupted.stdout.index("Beoordeling"):]
    assert summary in resumed.stdout


def test_end_of_input_without_save_says_nothing_was_saved(cli, engine):
    result = cli("intake", "--lang", "en", input=feed(script(engine.questionnaire, EXAMPLE)[:3]))
    assert result.exit_code == 1
    assert "The answers are incomplete: 3 of 49 questions answered." in result.stderr
    assert "The answers were not saved (save them with --save FILE)." in result.stderr


def ctrl_c_after(monkeypatch, typed: list[str]) -> None:
    """The person types ``typed``, one line per prompt, then presses Ctrl-C."""
    import socialfit.cmd_intake as cmd

    lines = iter(typed)

    def read(prompt):
        try:
            return next(lines)
        except StopIteration:
            raise KeyboardInterrupt from None

    monkeypatch.setattr(cmd, "_read_line", read)


def test_ctrl_c_saves_and_exits_cleanly(cli, engine, tmp_path, monkeypatch):
    ctrl_c_after(monkeypatch, script(engine.questionnaire, EXAMPLE)[:5])
    answers = tmp_path / "a.yaml"
    result = cli("intake", "--lang", "en", "--save", answers)
    assert result.exit_code == 130
    assert "Interrupted." in result.stderr and "Traceback" not in result.output
    assert len(saved(answers)["answers"]) == 5


def test_the_end_offers_to_save_and_write_the_report(cli, engine, tmp_path):
    lines = script(engine.questionnaire, EXAMPLE)
    answers, report = tmp_path / "offered.yaml", tmp_path / "offered.md"
    result = cli("intake", "--lang", "en", input=feed(lines + [str(answers), str(report)]))
    assert result.exit_code == 0, result.output
    assert "Save the answers? File name (Enter = do not save): " in result.stdout
    assert "Write the report? File name, .html or .md (Enter = no report): " in result.stdout
    assert saved(answers)["answers"] == EXAMPLE
    assert report.read_text(encoding="utf-8").startswith("# Social media implementation advice")

    declined = cli("intake", "--lang", "en", input=feed(lines + ["", ""]))
    assert declined.exit_code == 0
    assert "Report written" not in declined.stderr and "saved" not in declined.stderr


def test_resume_of_a_complete_file_goes_to_the_summary_and_leaves_the_file_alone(cli, tmp_path):
    commented = tmp_path / "example.yaml"
    commented.write_bytes(EXAMPLE_ANSWERS.read_bytes())
    result = cli("intake", "--resume", commented, "--report", tmp_path / "r.html", input="")
    assert result.exit_code == 0, result.output
    assert "Question" not in result.stdout
    assert "Recommended model" in result.stdout
    assert commented.read_bytes() == EXAMPLE_ANSWERS.read_bytes()   # nothing changed: not rewritten
    copy = tmp_path / "copy.yaml"
    assert cli("intake", "--resume", commented, "--save", copy, "--report", tmp_path / "r.html").exit_code == 0
    assert saved(copy)["answers"] == EXAMPLE


@pytest.mark.parametrize("content, message", [
    ("questionnaire: intake@1.0\nanswers:\n  org_size: huge\n",
     "answers.org_size: got 'huge'; expected one of small, medium, large, enterprise"),
    ("questionnaire: intake@9\nanswers: {}\n", "these answers are for another questionnaire or version"),
])
def test_resume_of_a_bad_file_names_the_problem(cli, tmp_path, content, message):
    bad = tmp_path / "bad.yaml"
    bad.write_text(content, encoding="utf-8")
    result = cli("intake", "--resume", bad, "--lang", "en", input="")
    assert result.exit_code == 1
    assert str(bad) in result.stderr and message in result.stderr


def test_a_missing_output_folder_is_a_usage_error(cli, tmp_path):
    result = cli("intake", "--lang", "en", "--save", tmp_path / "nope" / "a.yaml", input="")
    assert result.exit_code == 2
    assert result.stderr == f"Usage error: --save {tmp_path / 'nope' / 'a.yaml'}: the folder {tmp_path / 'nope'} does not exist\n"


def test_an_offered_file_name_in_a_missing_folder_is_re_asked(cli, engine, tmp_path):
    answers = tmp_path / "ok.yaml"
    lines = script(engine.questionnaire, EXAMPLE) + [str(tmp_path / "nope" / "a.yaml"), str(answers), ""]
    result = cli("intake", "--lang", "en", input=feed(lines))
    assert result.exit_code == 0, result.output
    assert f"The folder {tmp_path / 'nope'} does not exist; type another file name." in result.stdout
    assert saved(answers)["answers"] == EXAMPLE


def test_ctrl_c_at_the_offers_after_the_summary(cli, engine, monkeypatch):
    ctrl_c_after(monkeypatch, script(engine.questionnaire, EXAMPLE))
    result = cli("intake", "--lang", "en")
    assert result.exit_code == 130
    assert "Recommended model" in result.stdout
    assert "Interrupted." in result.stderr and "Traceback" not in result.output
