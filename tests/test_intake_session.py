"""engine.intake without a terminal: parsing typed replies, the session's cursor, saving and resuming."""
from __future__ import annotations

import pytest
import yaml

from conftest import EXAMPLE_ANSWERS
from engine.errors import DataError
from engine.intake import InvalidReply, IntakeSession, Reply, converse, parse_reply

EXAMPLE = yaml.safe_load(EXAMPLE_ANSWERS.read_text(encoding="utf-8"))["answers"]


@pytest.fixture
def q(engine):
    return engine.questionnaire


@pytest.mark.parametrize("item_id, text, expected", [
    ("org_size", "3", Reply("answer", "large")),
    ("org_size", "  LARGE ", Reply("answer", "large")),                       # the option's value
    ("org_size", "groot (250-999 medewerkers)", Reply("answer", "large")),    # a label, either language
    ("goals_documented", "4", Reply("answer", 4)),
    ("goals_documented", "strongly  agree", Reply("answer", 5)),
    ("monitoring_tools", "3, 1", Reply("answer", ["native_insights", "dashboard"])),
    ("monitoring_tools", "1 3 3", Reply("answer", ["native_insights", "dashboard"])),
    ("capacity_hours", "12,5", Reply("answer", 12.5)),
    ("capacity_hours", "40", Reply("answer", 40)),
    ("org_size", "terug", Reply("back")),
    ("org_size", "B", Reply("back")),
    ("org_size", "?", Reply("help")),
    ("goals_documented", "s", Reply("skip")),
    ("org_size", "q", Reply("quit")),
])
def test_parse_reply(q, item_id, text, expected):
    assert parse_reply(q, q.by_id[item_id], text, "en") == expected


@pytest.mark.parametrize("item_id, text, reason", [
    ("org_size", "0", "'0' is not a choice; type a number from 1 to 4 or the text of an answer"),
    ("goals_documented", "6", "'6' is not a choice; type a number from 1 to 5"),
    ("monitoring_tools", "1,9", "'9' is not a choice; type a number from 1 to 4"),
    ("capacity_hours", "2001", "'2001' is not a number from 0 to 2000"),
    ("capacity_hours", "nan", "'nan' is not a number from 0 to 2000"),
    ("org_size", "", "type an answer"),
])
def test_parse_reply_rejects_with_the_reason(q, item_id, text, reason):
    with pytest.raises(InvalidReply) as exc:
        parse_reply(q, q.by_id[item_id], text, "en")
    assert exc.value.reason.startswith(reason)


def test_reasons_are_dutch_in_a_dutch_session(q):
    with pytest.raises(InvalidReply, match="'x' is geen getal van 0 tot 2000"):
        parse_reply(q, q.by_id["capacity_hours"], "x", "nl")


def test_enter_keeps_an_existing_answer(q):
    assert parse_reply(q, q.by_id["org_size"], "", "en", has_answer=True) == Reply("keep")


def test_progress_counts_questions_that_may_still_appear(q):
    s = IntakeSession(q, language="en")
    assert s.progress() == (1, 49)                  # social_status not answered yet: its dependants count
    s.answer("small")
    s.answer("none")                                # hides five items
    assert s.progress() == (3, 44)
    assert s.back() and s.current.id == "social_status"
    s.answer("active")
    assert s.progress() == (3, 49)


def test_back_stops_at_the_first_question_and_keep_moves_on(q):
    s = IntakeSession(q, language="en")
    assert not s.back()
    s.answer("small")
    assert s.back() and s.current.id == "org_size"
    s.keep()
    assert s.current.id == "social_status" and s.answers == {"org_size": "small"}


def test_changing_an_answer_drops_answers_that_became_hidden(q):
    s = IntakeSession(q, language="en")
    for _ in range(8):
        s.answer(EXAMPLE[s.current.id])
    assert "monitoring_tools" in s.answers
    while s.current.id != "social_status":
        s.back()
    s.answer("none")
    assert s.dropped == ["adhoc_posting", "monitoring_tools"]
    assert "adhoc_posting" not in s.answers and "monitoring_tools" not in s.answers
    assert s.current.id == "goals_documented"


def test_skip(q):
    s = IntakeSession(q, language="en")
    with pytest.raises(InvalidReply, match="cannot be skipped"):
        s.skip()                                      # org_size: required, no don't know
    s.answer("small")
    s.answer("active")
    s.skip()                                          # goals_documented: don't know
    assert s.answers["goals_documented"] is None
    while s.current.id != "monitoring_tools":
        s.answer(3)
    s.skip()                                          # optional: left unanswered
    assert "monitoring_tools" not in s.answers and s.current.id == "cross_dept_collab"


def test_partial_file_round_trip_resumes_after_the_last_answer(q, tmp_path, engine):
    s = IntakeSession(q, language="nl", organisation="Acme")
    for _ in range(7):
        s.answer(EXAMPLE[s.current.id])
    s.skip()                                          # monitoring_tools
    path = tmp_path / "partial.yaml"
    s.save(path)
    # A file cannot record a skip: an optional item skipped last is asked again on resume.
    assert IntakeSession.resume(q, path)[0].current.id == "monitoring_tools"
    s.answer(2)                                       # cross_dept_collab
    s.save(path)
    with pytest.raises(DataError, match="missing required answer"):
        engine.read_answers(path)                     # what score and report say
    resumed, read = IntakeSession.resume(q, path)
    assert resumed.language == "nl" and resumed.organisation == "Acme"
    assert resumed.answers == s.answers and resumed.current.id == "social_in_processes"
    assert "monitoring_tools" not in resumed.answers  # skipped before the last answer: stays skipped


def test_a_finished_session_with_an_open_required_item_goes_back_to_it(q):
    answers = {k: v for k, v in EXAMPLE.items() if k != "team_skills"}
    s = IntakeSession(q, language="en", answers=answers)
    assert s.current.id == "team_skills"
    s.answer(4)
    assert s.done and s.missing_required() == []


def test_converse_through_plain_callables(q):
    lines = iter(["1", "x", "2"])
    shown = []
    s = IntakeSession(q, language="en")
    outcome = converse(s, read=lambda prompt: next(lines, None), write=shown.append)
    assert outcome == "eof"
    assert s.answers == {"org_size": "small", "social_status": "experimenting"}
    assert any("That is not a valid answer: 'x' is not a choice" in w for w in shown)
    assert shown[0].splitlines()[1] == "Question 1 of 49 · About your organisation"
