"""socialfit batch options: formats, --excel, --engine durable, --group-by, --summary."""
from __future__ import annotations

import csv
import json

import pyarrow.parquet as pq

from conftest import FIXTURES

BAD = FIXTURES / "survey" / "bad"
MANY = BAD / "ten_percent_invalid.csv"


def _rows(path, delimiter=","):
    with open(path, newline="", encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh, delimiter=delimiter))


def test_durable_engine_writes_the_same_results(cli, tmp_path):
    a, b = tmp_path / "vector.csv", tmp_path / "durable.csv"
    assert cli("batch", MANY, "-o", a, "-q").exit_code == 0
    assert cli("batch", MANY, "-o", b, "-q", "--engine", "durable").exit_code == 0
    assert a.read_bytes() == b.read_bytes()


def test_parquet_jsonl_and_xlsx_hold_the_same_rows(cli, tmp_path):
    cli("batch", MANY, "-o", tmp_path / "o.csv", "-q")
    want = _rows(tmp_path / "o.csv")
    for suffix in ("parquet", "jsonl", "xlsx"):
        out = tmp_path / f"o.{suffix}"
        assert cli("batch", MANY, "-o", out, "-q").exit_code == 0
        if suffix == "parquet":
            got = pq.read_table(out).to_pylist()
        elif suffix == "jsonl":
            got = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        else:
            from openpyxl import load_workbook

            values = list(load_workbook(out).active.iter_rows(values_only=True))
            got = [dict(zip(values[0], v)) for v in values[1:]]
        assert len(got) == 100, suffix
        assert "recommended" in got[0], (suffix, list(got[0]))
        assert [g["recommended"] for g in got] == [w["recommended"] or None for w in want]
        assert [g["status"] for g in got] == [w["status"] for w in want]


def test_excel_csv_has_bom_semicolons_decimal_commas_and_neutralised_formulas(cli, tmp_path):
    out = tmp_path / "o.csv"
    assert cli("batch", BAD / "formula.csv", "-o", out, "--excel", "-q").exit_code == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = _rows(out, delimiter=";")
    assert rows[0]["respondent_id"] == "'=cmd|' /C calc'!A0" and rows[1]["respondent_id"] == "'@SUM(1+1)"
    plain = tmp_path / "plain.csv"
    assert cli("batch", BAD / "formula.csv", "-o", plain, "-q").exit_code == 0
    maturity = _rows(plain)[0]["maturity"]
    assert "." in maturity and rows[0]["maturity"] == maturity.replace(".", ",")  # the same figure, decimal comma


def test_unknown_output_suffix_is_a_usage_error(cli, tmp_path):
    result = cli("batch", MANY, "-o", tmp_path / "o.txt")
    assert result.exit_code == 2
    assert "unknown output format '.txt'; use .csv, .tsv, .parquet, .jsonl or .xlsx" in result.stderr


def test_group_by_scores_each_organisation_once(cli, engine, tmp_path):
    src = tmp_path / "teams.csv"
    rows = _rows(BAD / "bom.csv")
    with open(src, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]) + ["organisation"])
        w.writeheader()
        for k, r in enumerate(rows):
            w.writerow(r | {"organisation": "Acme" if k < 4 else "Bolt"})
    out, summary = tmp_path / "per_org.csv", tmp_path / "s.json"
    result = cli("batch", src, "--group-by", "organisation", "-o", out, "--summary", summary)
    assert result.exit_code == 0, result.stderr
    got = _rows(out)
    assert [(g["group"], g["respondents"]) for g in got] == [("Acme", "4"), ("Bolt", "2")]
    assert float(got[0]["answer.goals_documented"]) == sum(int(r["goals_documented"]) for r in rows[:4]) / 4
    assert got[0]["spread_maturity.goals"] != ""
    doc = json.loads(summary.read_text(encoding="utf-8"))
    assert doc["format"] == "socialfit.batch_summary" and doc["rows"] == 6
    assert set(doc["alpha"]) >= {"maturity.goals", "needs.diy"}
    alpha_line = next(line for line in result.stderr.splitlines() if line.startswith("Cronbach's alpha"))
    # six respondents: alpha is computed (in the JSON) but not shown as if it meant something
    assert doc["alpha"]["maturity.goals"]["n"] <= 6 and doc["alpha"]["maturity.goals"]["statements_only"]
    assert alpha_line.endswith("withheld, too few respondents answered all items of a scale")
    assert doc["alpha"]["needs.diy"]["statements_only"] is False or "needs.diy" not in alpha_line


def test_html_summary_is_self_contained(cli, tmp_path):
    page = tmp_path / "s.html"
    assert cli("batch", MANY, "-o", tmp_path / "o.csv", "--summary", page, "-q").exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert html.count("<svg") >= 2
    assert "<script" not in html and "<link" not in html and "src=" not in html  # nothing fetched from elsewhere
    assert "Recommended models" in html and "10 invalid, 0 incomplete" in html


def test_small_chunks_give_the_same_output(cli, tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    cli("batch", MANY, "-o", a, "-q")
    cli("batch", MANY, "-o", b, "-q", "--chunk-rows", "7")
    assert a.read_bytes() == b.read_bytes()


def test_an_interruption_mid_file_leaves_no_output_behind(cli, tmp_path, monkeypatch):
    """Ctrl-C (or any error) after some chunks were written: no output file, no temporary file."""
    import engine.survey.batch as batch_module

    calls = {"n": 0}
    real = batch_module.score

    def interrupted(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:  # two chunks scored and written, then the user presses Ctrl-C
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(batch_module, "score", interrupted)
    out, errors = tmp_path / "out.csv", tmp_path / "errors.csv"
    result = cli("batch", FIXTURES / "survey" / "limesurvey.csv", "-o", out, "--errors", errors,
                 "--chunk-rows", "3", "-q")
    assert result.exit_code == 130 and "Interrupted; no output was written." in result.stderr  # no traceback
    assert calls["n"] == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_answers_to_hidden_questions_are_ignored_and_counted(cli, engine, tmp_path):
    """social_status "none" hides five items: answers to them never count, the summary says how many
    were ignored, and the row scores exactly as if they had been left blank."""
    with (FIXTURES / "survey" / "template.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header, first = rows[0], rows[1]
    hidden_items = {i.id for i in engine.questionnaire.items if i.show_if is not None}
    hidden_cols = [k for k, name in enumerate(header) if name.split("[")[0] in hidden_items]
    answered_row = list(first)
    answered_row[header.index("social_status")] = "none"
    answered_row[header.index("adhoc_posting")] = "4"
    answered_row[header.index("monitoring_tools[dashboard]")] = "1"
    blank_row = ["" if k in hidden_cols else cell for k, cell in enumerate(answered_row)]
    blank_row[header.index("respondent_id")] = "r-blank"
    with (tmp_path / "in.csv").open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([header, answered_row, blank_row])
    result = cli("batch", tmp_path / "in.csv", "-o", tmp_path / "out.csv")
    assert result.exit_code == 0, result.output
    ignored = [line for line in result.stderr.splitlines() if line.startswith("Ignored")]
    assert ignored == [f"Ignored {len(hidden_items)} answer(s) to questions that show-if hides "
                       "(they never count, as in socialfit score)"]
    with (tmp_path / "out.csv").open(encoding="utf-8", newline="") as f:
        out = list(csv.DictReader(f))
    keep = [k for k in out[0] if k not in ("row", "respondent_id")]
    assert out[0]["status"] == "ok" and [out[0][k] for k in keep] == [out[1][k] for k in keep]
