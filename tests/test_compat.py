"""Compatibility: answers files and survey exports written for intake@1.0 keep scoring with intake@2.0."""
from __future__ import annotations

from conftest import EXAMPLE_ANSWERS, FIXTURES

OLD = FIXTURES / "compat" / "answers_intake_1_0.yaml"
OLD_EXPORT = FIXTURES / "compat" / "google_forms_intake_1_0.csv"  # a Google Forms export of intake@1.0
NEW_ITEMS = ("want_known_frame", "frame_explainable", "parallel_tracks", "want_aftercare", "want_cycle")


def test_the_questionnaire_reads_its_older_version(engine):
    q = engine.questionnaire
    assert q.ref == "intake@2.0" and q.reads("intake@1.0") == "1.0" and q.reads("intake@0.9") is None
    assert tuple(i.id for i in q.added_since("1.0")) == NEW_ITEMS
    assert all(not i.required for i in q.added_since("1.0"))


def test_an_intake_1_0_file_scores_with_the_new_items_unanswered_and_a_note(engine, cli):
    read = engine.read_answers(OLD)
    assert not set(NEW_ITEMS) & {k for k, v in read.values.items() if v is not None}
    (note,) = read.warnings
    assert "written for intake@1.0: 5 question(s) added in intake@2.0 are unanswered" in note
    assert all(i in note for i in NEW_ITEMS)
    result = cli("score", OLD, "--format", "json")
    assert result.exit_code == 0, result.output
    assert "Warning: " in result.stderr and "written for intake@1.0" in result.stderr
    assert '"recommended": "faseringsmodel"' in result.stdout  # the webshop still gets its model


def test_validate_says_how_to_bring_an_old_file_up_to_date(cli):
    result = cli("validate", OLD)
    assert result.exit_code == 0, result.output
    assert f"ok: {OLD}" in result.stdout
    assert "change 'questionnaire' to 'intake@2.0' and answer them" in result.stderr
    assert "socialfit template" in result.stderr


def test_a_current_file_gets_no_note(engine):
    assert engine.read_answers(EXAMPLE_ANSWERS).warnings == []


def test_a_survey_export_of_intake_1_0_scores_every_row_with_a_note(cli, tmp_path):
    out = tmp_path / "scored.csv"
    result = cli("batch", OLD_EXPORT, "-o", out)
    assert result.exit_code == 0, result.output
    assert "44 items matched" in result.stderr
    assert ("This looks like an export of intake@1.0: the 5 question(s) added in intake@2.0 "
            "(want_known_frame, frame_explainable, parallel_tracks, want_aftercare, want_cycle) are unanswered"
            in result.stderr)
    assert "'socialfit template --csv' gives the current header" in result.stderr
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 13 and all(',"ok",' in line or '"ok"' in line for line in lines[1:])
