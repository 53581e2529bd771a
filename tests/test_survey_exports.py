"""Survey exports as they come (issue 11): every file of the corpus (real public exports in
realdata/, hand-made specimens of further layouts in formats/) is recognised without --source, gives
every row out with its id (or timestamp), gets a draft mapping that loads, and scores once a few
columns are mapped. Then the encodings, the built-in agreement scales and the "no column matches" report.
"""
from __future__ import annotations

import codecs
import csv
import io

import pytest

from conftest import FIXTURES
from engine.files.resources import default_questionnaire_path
from engine.model.questionnaire import load_questionnaire

Q = load_questionnaire(default_questionnaire_path())  # the bundled questionnaire: its ref and item count

SURVEY = FIXTURES / "survey"
REAL = SURVEY / "realdata"
FORMATS = SURVEY / "formats"

# file, layout, header rows, responses, id column, mapping file (None: the headings match by themselves)
CORPUS = [
    (REAL / "surveymonkey_2header_steak.csv", "surveymonkey", 2, 550, "RespondentID", REAL / "steak.map.yaml"),
    (REAL / "googleforms_sheets_responses.csv", "google", 1, 64, "Timestamp", REAL / "hotdog.map.yaml"),
    (REAL / "qualtrics_3header_sample.csv", "qualtrics", 3, 1, "ResponseId", REAL / "qualtrics.map.yaml"),
    (REAL / "qualtrics_legacy2header_sample.csv", "qualtrics-legacy", 2, 1, "ResponseID", REAL / "qualtrics.map.yaml"),
    (REAL / "kobo_csv_export_repeats.csv", "kobo", 1, 1, "_uuid", REAL / "kobo.map.yaml"),
    (REAL / "surveymonkey_2header_starwars_cp1252.csv", "surveymonkey", 2, 150, "RespondentID", REAL / "starwars.map.yaml"),
    (REAL / "limesurvey_fulltext_amsterdam.csv", "limesurvey", 1, 3, "Response ID", REAL / "limesurvey_amsterdam.map.yaml"),
    (REAL / "limesurvey_fulltext_resilience_nl_en.csv", "limesurvey", 1, 7, "Response ID",
     REAL / "limesurvey_resilience.map.yaml"),
    (FORMATS / "qualtrics_insights.csv", "qualtrics", 3, 5, "ResponseID", None),
    (FORMATS / "surveymonkey_startdate.csv", "surveymonkey", 2, 4, "EndDate", None),
    (FORMATS / "limesurvey_fulltext.csv", "limesurvey", 1, 3, "Response ID", None),
    (FORMATS / "kobo_xml_names.csv", "kobo", 1, 3, "_uuid", None),
    (SURVEY / "msforms.xlsx", "msforms", 1, 12, "ID", None),
    (SURVEY / "limesurvey.csv", "limesurvey", 1, 12, "id", None),
]
IDS = [c[0].name for c in CORPUS]


def _rows(path):
    with open(path, newline="", encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def _raw_ids(path, header_rows, id_column):
    """The id cells of the export itself, read with the csv module (or openpyxl), for comparison."""
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True)
        rows = [[("" if v is None else str(v)) for v in r] for r in wb.worksheets[0].iter_rows(values_only=True)]
        wb.close()
    else:
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:  # the Star Wars export: Windows-1252 bytes
            text = raw.decode("cp1252")
        delimiter = ";" if text.splitlines()[0].count(";") > text.splitlines()[0].count(",") else ","
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    k = (rows[0] if id_column in rows[0] else rows[1]).index(id_column)  # legacy Qualtrics: V1.. then labels
    return [r[k] for r in rows[header_rows:] if any(c.strip() for c in r)]


@pytest.mark.parametrize("path, layout, header_rows, n, id_column, mapping", CORPUS, ids=IDS)
def test_corpus_file_is_read_whole_with_its_ids(cli, tmp_path, path, layout, header_rows, n, id_column, mapping):
    out = tmp_path / "out.csv"
    args = ["--map", mapping] if mapping else []
    result = cli("batch", path, *args, "-o", out, "--min-answered", "0.02")
    assert result.exit_code == 0, result.stderr
    assert f"layout {layout}," in result.stderr and f"{header_rows} header row(s)" in result.stderr
    rows = _rows(out)
    assert len(rows) == n  # every response out, none of the header rows
    assert [r["row"] for r in rows] == [str(header_rows + 1 + k) for k in range(n)]
    assert [r[id_column] for r in rows] == _raw_ids(path, header_rows, id_column)
    # scores once a few columns are mapped: every answered row is scored, the rest say why not
    scored = [r for r in rows if r["status"] == "ok"]
    assert scored and all(r["recommended"] and r["fit_1"] and r["take_exit"] for r in scored)
    assert all(r["reason"] for r in rows if r["status"] != "ok")


@pytest.mark.parametrize("path, layout, header_rows, n, id_column, mapping", CORPUS, ids=IDS)
def test_corpus_draft_mapping_loads(cli, engine, tmp_path, path, layout, header_rows, n, id_column, mapping):
    from engine.survey.mapping import load_mapping

    draft = tmp_path / "draft.yaml"
    result = cli("map-init", path, "-o", draft)
    assert result.exit_code == 0, result.stderr
    m = load_mapping(draft, engine.questionnaire)  # the draft loads as it stands
    assert m.source == layout
    result = cli("batch", path, "--map", draft, "-o", tmp_path / "o.csv", "--min-answered", "0.02")
    assert result.exit_code in (0, 1), result.stderr
    if result.exit_code == 1:  # nothing mapped yet: said, briefly, with the next step
        assert "no column matches an item" in result.stderr and "maps every column to null" in result.stderr
        assert len(result.stderr.splitlines()) <= 8


def test_long_and_repeated_headings_are_named_by_position(cli, engine, tmp_path):
    draft = tmp_path / "draft.yaml"
    assert cli("map-init", FORMATS / "limesurvey_fulltext.csv", "-o", draft).exit_code == 0
    text = draft.read_text(encoding="utf-8")
    assert '"#6": null' in text and "long heading: Please read the following" in text
    assert '"#7": null' in text and '"#8": null' in text and "repeated heading: Comment" in text
    assert '"How many employees does your organisation have?": org_size' in text
    # complete the draft by position and code: the long column answers goals_documented
    done = text.replace('"#6": null', '"#6": goals_documented')
    draft.write_text(done, encoding="utf-8")
    out = tmp_path / "o.csv"
    result = cli("batch", FORMATS / "limesurvey_fulltext.csv", "--map", draft, "-o", out, "--errors",
                 tmp_path / "e.csv", "--min-answered", "0.02")
    assert result.exit_code == 0, result.stderr
    assert "2 items matched" in result.stderr
    again = tmp_path / "again.yaml"  # map-init --map keeps what was filled in
    assert cli("map-init", FORMATS / "limesurvey_fulltext.csv", "--map", draft, "-o", again).exit_code == 0
    assert '"#6": goals_documented' in again.read_text(encoding="utf-8")


def test_columns_by_qualtrics_qid_and_unused_mapping_keys(cli, tmp_path):
    m = tmp_path / "m.yaml"
    m.write_text('kind: socialfit.survey_mapping\nformat_version: 1\ncolumns:\n  QID2_1: goals_documented\n'
                 '  "No such column": adhoc_posting\n', encoding="utf-8")
    result = cli("batch", FORMATS / "qualtrics_insights.csv", "--map", m, "-o", tmp_path / "o.csv",
                 "--min-answered", "0.02")
    assert result.exit_code == 0, result.stderr
    assert "2 items matched" in result.stderr  # Q1 by its text, Q2_1 by its ImportId
    rows = _rows(tmp_path / "o.csv")
    assert rows[0]["ResponseID"] == "R_1a" and rows[0]["status"] == "ok"


def test_timestamp_is_carried_but_repeats_are_no_error(cli, tmp_path):
    out = tmp_path / "o.csv"
    assert cli("batch", FORMATS / "surveymonkey_startdate.csv", "-o", out, "--min-answered", "0.02").exit_code == 0
    rows = _rows(out)
    assert [r["status"] for r in rows] == ["ok", "ok", "ok", "incomplete"]  # two equal start times: no duplicate_id


# ---------------------------------------------------------------- encodings


def _template_rows(tmp_path, cli):
    out = tmp_path / "ref.csv"
    assert cli("batch", SURVEY / "template.csv", "-o", out, "-q").exit_code == 0
    return _rows(out)


@pytest.mark.parametrize("encoding, bom, label", [
    ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16-le with BOM"),
    ("utf-16-le", b"", "utf-16-le"),
    ("utf-16-be", codecs.BOM_UTF16_BE, "utf-16-be with BOM"),
])
def test_utf16_exports_read_like_utf8(cli, tmp_path, encoding, bom, label):
    text = (SURVEY / "template.csv").read_text(encoding="utf-8").replace(",", "\t")  # Excel's "Unicode text"
    path = tmp_path / "unicode.txt"
    path.write_bytes(bom + text.encode(encoding))
    out = tmp_path / "o.csv"
    result = cli("batch", path, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert f"encoding {label}, delimiter tab" in result.stderr
    assert _rows(out) == _template_rows(tmp_path, cli)


def test_bom_followed_by_cp1252_is_read_and_said(cli, tmp_path):
    text = (SURVEY / "template.csv").read_text(encoding="utf-8").replace("r0,", "Zoë's café,", 1)
    path = tmp_path / "mixed.csv"
    path.write_bytes(codecs.BOM_UTF8 + text.encode("cp1252"))
    out = tmp_path / "o.csv"
    result = cli("batch", path, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert "encoding cp1252 after a UTF-8 BOM" in result.stderr
    rows = _rows(out)
    assert rows[0]["respondent_id"] == "Zoë's café"
    ref = _template_rows(tmp_path, cli)
    assert [r["maturity"] for r in rows] == [r["maturity"] for r in ref]


def test_mixed_decimal_marks_are_read_and_said(cli, tmp_path):
    out = tmp_path / "o.csv"
    result = cli("batch", FORMATS / "kobo_xml_names.csv", "-o", out, "--summary", tmp_path / "s.json",
                 "--min-answered", "0.02")
    assert result.exit_code == 0, result.stderr
    assert "Decimal marks in 'group_org/capacity_hours': mixed" in result.stderr
    assert [r["status"] for r in _rows(out)] == ["ok", "ok", "ok"]  # 16, 12,5 and 16.25 all read
    import json

    assert json.loads((tmp_path / "s.json").read_text())["detected"]["decimal_marks"] == {
        "group_org/capacity_hours": "mixed"}


def test_hours_with_a_unit(engine):
    from engine.model.numbers import parse_number

    unit = engine.questionnaire.by_id["capacity_hours"].unit
    assert [parse_number(t, "mixed", unit) for t in ("100 uur", "40 hours per week", "12,5 u", "8 uur per week")] == [
        100, 40, 12.5, 8]
    assert parse_number("10 kg", "mixed", unit) is None and parse_number("1.234,5", "mixed", unit) is None


# ---------------------------------------------------------------- built-in agreement scales


@pytest.mark.parametrize("label, value", [
    ("Strongly disagree", 1), ("Somewhat disagree", 2), ("Neither agree nor disagree", 3), ("Somewhat agree", 4),
    ("Agree strongly", 5), ("Disagree somewhat", 2), ("Zeer mee oneens", 1), ("Helemaal oneens", 1),
    ("Enigszins mee oneens", 2), ("Neutraal / geen mening", 3), ("Noch mee eens, noch mee oneens", 3),
    ("Enigszins mee eens", 4), ("Zeer mee eens", 5), ("STRONGLY AGREE", 5),
])
def test_default_agreement_labels(engine, label, value):
    from engine.survey.labels import parse_cell, value_map

    q = engine.questionnaire
    vm = value_map(q, q.by_id["goals_documented"])
    assert parse_cell(q, vm, label) == value


def test_seven_point_scales_fold_onto_five(engine):
    from engine.survey.labels import parse_cell, value_map
    from engine.survey.scales import FOLD_SEVEN, SEVEN_POINT

    q = engine.questionnaire
    vm = value_map(q, q.by_id["goals_documented"])
    for lang, labels in SEVEN_POINT.items():
        assert [parse_cell(q, vm, t) for t in labels] == list(FOLD_SEVEN), lang
    assert FOLD_SEVEN == (1, 2, 2, 3, 4, 4, 5)


# ---------------------------------------------------------------- "no column matches"


def test_no_match_report_is_short_ranked_and_true(cli, tmp_path):
    path = tmp_path / "pets.csv"
    path.write_text("id,pets [cats],pets [dogs],How many employees work in your organisation today?\n1,yes,no,12\n",
                    encoding="utf-8")
    result = cli("batch", path, "-o", tmp_path / "o.csv")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) <= 6
    assert f"no column matches an item of {Q.ref} (layout generic, 3 question column(s), {len(Q.items)} items)" in lines[0]
    assert "column 4 'How many employees work in your organisation today?' may be org_size" in result.stderr
    assert "pets" not in result.stderr.split("\n", 1)[1].split("next:")[0]  # no hint for a column about pets
    assert f"next: socialfit map-init {path} -o mapping.yaml" in result.stderr


def test_steak_demo_says_why_nothing_is_scored(cli, tmp_path):
    result = cli("batch", REAL / "surveymonkey_2header_steak.csv", "--map", REAL / "steak.map.yaml",
                 "-o", tmp_path / "o.csv")
    assert result.exit_code == 0
    assert (f"Nothing scored: the columns answer 2 of {len(Q.items)} items, and a response is scored when at least 80% of its "
            "required items are answered (--min-answered)") in result.stderr


def test_hints_name_only_columns_that_ask_our_questions(engine):
    """The real LimeSurvey exports ask about pets, Amsterdam and alcohol: no hint at all. Our own
    questions, nl and en, hint at their own item first."""
    from engine.survey.mapping import closest_items

    class Heading:
        def __init__(self, text):
            self.texts = [text]

    q = engine.questionnaire
    for noise in ("  How many pets do you have  [cats]", "Where are you planning to stay? [I will not book accommodation]",
                  "When it comes to planning how to handle problems related to alcohol, I prefer to plan ahead",
                  "Hoe groot is uw organisatie?"):
        assert closest_items(q, Heading(noise)) == [], noise
    for item in q.items:
        for lang in ("nl", "en"):
            assert closest_items(q, Heading(item.text[lang]), 1)[0][1] == item.id, (item.id, lang)
    assert closest_items(q, Heading("Hoeveel uur per week besteedt u aan social media?"), 1)[0][1] == "capacity_hours"


def test_limesurvey_timings_and_equations_are_metadata(cli, tmp_path):
    result = cli("batch", REAL / "limesurvey_fulltext_amsterdam.csv", "-o", tmp_path / "o.csv")
    assert result.exit_code == 1
    # 646 columns: 7 response fields, 336 timings, one blank heading and 126 equations such as "{if(targetPop, "1", "0")}"
    assert "(layout limesurvey, 176 question column(s)" in result.stderr
    assert "may be" not in result.stderr and "NAOK" not in result.stderr
