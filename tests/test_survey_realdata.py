"""The real exports of tests/fixtures/survey/realdata (see its README for sources and licences), read
through a mapping file onto our items: row counts, multi-row headers, BOM, line breaks, drop-outs."""
from __future__ import annotations

import csv

from conftest import FIXTURES
from engine.files.resources import default_questionnaire_path
from engine.model.questionnaire import load_questionnaire

Q = load_questionnaire(default_questionnaire_path())  # the bundled questionnaire: its ref and item count

REAL = FIXTURES / "survey" / "realdata"


def _run(cli, tmp_path, name, mapping, *extra):
    out = tmp_path / "out.csv"
    result = cli("batch", REAL / name, "--map", REAL / mapping, "-o", out, "--errors", tmp_path / "err.csv", *extra)
    assert result.exit_code == 0, result.stderr
    with open(out, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    with open(tmp_path / "err.csv", newline="", encoding="utf-8") as fh:
        errors = list(csv.DictReader(fh))
    return result, rows, errors


def test_surveymonkey_two_header_rows_and_550_responses(cli, tmp_path):
    result, rows, errors = _run(cli, tmp_path, "surveymonkey_2header_steak.csv", "steak.map.yaml")
    assert "layout surveymonkey, encoding utf-8, delimiter comma, 2 header row(s), 2 items matched" in result.stderr
    assert len(rows) == 550 and rows[0]["row"] == "3" and rows[-1]["row"] == "552"
    assert rows[0]["RespondentID"] == "3237565956"
    with open(REAL / "surveymonkey_2header_steak.csv", newline="", encoding="utf-8") as fh:
        raw = list(csv.reader(fh))[2:]
    neither = [r[0] for r in raw if not r[8].strip() and not r[9].strip()]  # drop-outs on both mapped questions
    assert [r["RespondentID"] for r in rows if r["reason"] == "blank_row: no answers"] == neither
    assert len(neither) == 9
    assert {r["status"] for r in rows} == {"incomplete"}  # two of our items: never enough to score
    assert "'How do you like your steak prepared?'" not in result.stderr  # mapped, so not ignored


def test_google_forms_labels_and_unmapped_labels_with_counts(cli, tmp_path):
    result, rows, errors = _run(cli, tmp_path, "googleforms_sheets_responses.csv", "hotdog.map.yaml")
    assert "layout google, encoding utf-8" in result.stderr
    assert len(rows) == 64
    assert "Unmapped label (1x): Do you believe that a hotdog falls under the category of a sandwich?: Yesss" in result.stderr
    invalid = [r for r in rows if r["status"] == "invalid"]
    assert len(invalid) == 5
    assert {e["value"] for e in errors if e["code"] == "unmapped_label"} == {"Yesss", "Nope", "Yeah", "Noooo", "Yesssssss"}


def test_qualtrics_three_header_rows(cli, tmp_path):
    result, rows, errors = _run(cli, tmp_path, "qualtrics_3header_sample.csv", "qualtrics.map.yaml")
    assert "layout qualtrics, encoding utf-8, delimiter comma, 3 header row(s), 1 items matched" in result.stderr
    assert [(r["row"], r["ResponseId"]) for r in rows] == [("4", "R_2YPOQ602ER1jkf1")]


def test_qualtrics_legacy_two_header_rows_with_bom(cli, tmp_path):
    result, rows, errors = _run(cli, tmp_path, "qualtrics_legacy2header_sample.csv", "qualtrics.map.yaml")
    assert "layout qualtrics-legacy, encoding utf-8-sig, delimiter comma, 2 header row(s)" in result.stderr
    assert [(r["row"], r["ResponseID"]) for r in rows] == [("3", "R_2YPOQ602ER1jkf1")]


def test_map_init_drafts_a_mapping_that_names_the_columns(cli, tmp_path):
    draft = tmp_path / "draft.yaml"
    result = cli("map-init", REAL / "surveymonkey_2header_steak.csv", "-o", draft)
    assert result.exit_code == 0
    text = draft.read_text(encoding="utf-8")
    assert "kind: socialfit.survey_mapping" in text and "source: surveymonkey" in text
    assert '"Do you eat steak?": null  # TODO' in text
    # the draft is a valid mapping as it stands (every column ignored): batch reports the diff
    result = cli("batch", REAL / "surveymonkey_2header_steak.csv", "--map", draft, "-o", tmp_path / "o.csv")
    assert result.exit_code == 1
    assert f"no column matches an item of {Q.ref}" in result.stderr


def test_bad_mapping_file_is_reported_with_line_numbers(cli, tmp_path):
    bad = tmp_path / "m.yaml"
    bad.write_text("kind: socialfit.survey_mapping\nformat_version: 1\ncolumns:\n  Q1: org_sise\n"
                   "values:\n  org_size: {'1': tiny}\n", encoding="utf-8")
    result = cli("batch", REAL / "qualtrics_3header_sample.csv", "--map", bad, "-o", tmp_path / "o.csv")
    assert result.exit_code == 1
    assert f"{bad}:4: columns.Q1: got 'org_sise'; expected an item id, item_id[option] or null; did you mean 'org_size'?" in result.stderr
    assert "values.org_size.1: got 'tiny'; expected one of small, medium, large, enterprise" in result.stderr
