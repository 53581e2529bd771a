"""One fixture per survey-tool layout (built from our items by tests/fixtures/survey/make_fixtures.py):
each is recognised, and every response scores exactly as its answers do through the per-row engine."""
from __future__ import annotations

import csv
import importlib.util

import pytest

from conftest import FIXTURES
from engine.files.resources import default_questionnaire_path
from engine.model.questionnaire import load_questionnaire

Q = load_questionnaire(default_questionnaire_path())  # the bundled questionnaire: its ref and item count

SURVEY = FIXTURES / "survey"
_spec = importlib.util.spec_from_file_location("make_fixtures", SURVEY / "make_fixtures.py")
make = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make)

# file, layout, encoding, header rows, seed key, does the tool write an empty multi-select as a blank?
CASES = [
    ("google_forms.csv", "google", "utf-8", 1, "google", True),
    ("msforms.xlsx", "msforms", "xlsx", 1, "msforms", True),
    ("msforms_excel_nl.csv", "msforms", "cp1252", 1, "msforms_csv", True),
    ("limesurvey.csv", "limesurvey", "utf-8-sig", 1, "limesurvey", True),
    ("qualtrics.csv", "qualtrics", "utf-8", 3, "qualtrics", True),
    ("surveymonkey.csv", "surveymonkey", "utf-8", 2, "surveymonkey", True),
    ("template.csv", "template", "utf-8", 1, "template", False),
]


def _read(path):
    with open(path, newline="", encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("name,layout,encoding,header_rows,seed,blank_multi", CASES)
def test_layout_is_recognised_and_scores_like_the_answers(cli, engine, tmp_path, name, layout, encoding,
                                                          header_rows, seed, blank_multi):
    out = tmp_path / "out.csv"
    result = cli("batch", SURVEY / name, "-o", out, "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert f"layout {layout}, encoding {encoding}" in result.stderr
    assert f"{header_rows} header row(s), {len(engine.questionnaire.items)} items matched" in result.stderr
    rows = _read(out)
    answers = make.answers(engine.questionnaire, seed)
    assert [r["status"] for r in rows[:len(answers)]] == ["ok"] * len(answers)
    assert int(rows[0]["row"]) == header_rows + 1
    for row, a in zip(rows, answers):
        if blank_multi:  # an empty multi-select reads back as unanswered
            a = {k: v for k, v in a.items() if v != []}
        want = engine.assess_valid(a, language="en")
        assert row["recommended"] == want.recommended
        assert [row[f"model_{k}"] for k in (1, 2, 3)] == [m.model for m in want.ranking[:3]]
        assert [float(row[f"fit_{k}"]) for k in (1, 2, 3)] == [m.fit for m in want.ranking[:3]]
        assert (row["take_exit"] == "true") == want.take_exit
        assert row["exit_rules"] == "; ".join(r["rule"] for r in want.exit_reasons)
        assert float(row["maturity"]) == round(want.profile.maturity, 1)


def test_surveymonkey_drop_out_row_is_kept_as_incomplete(cli, tmp_path):
    out = tmp_path / "out.csv"
    assert cli("batch", SURVEY / "surveymonkey.csv", "-o", out).exit_code == 0
    last = _read(out)[-1]
    assert (last["Respondent ID"], last["status"], last["reason"]) == ("11999", "incomplete", "blank_row: no answers")


def test_source_forces_a_layout(cli, tmp_path):
    result = cli("batch", SURVEY / "qualtrics.csv", "-o", tmp_path / "o.csv", "--source", "generic")
    # read as one plain header row, the export tags Q1, Q2, ... match no item: the diff says so
    assert result.exit_code == 1
    columns = len(Q.items) + 2  # the two multiple-choice items take more than one column in this export
    assert (f"no column matches an item of {Q.ref} (layout generic, {columns} question column(s), {len(Q.items)} items)"
            in result.stderr)
    assert f"none of its {columns} headings shares a word with our questions" in result.stderr
    assert len(result.stderr.splitlines()) <= 8  # short: no 60-line diff


def test_template_csv_is_read_without_a_mapping(cli, engine, tmp_path):
    tpl = tmp_path / "answers_template.csv"
    assert cli("template", "--csv", tpl).exit_code == 0
    header = tpl.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header[:3] == ["respondent_id", "org_size", "social_status"]
    assert "objectives[talking]" in header
    result = cli("batch", tpl, "-o", tmp_path / "o.csv")
    assert result.exit_code == 0 and "Rows: 0 read" in result.stderr
    assert _read(tmp_path / "o.csv") == []
