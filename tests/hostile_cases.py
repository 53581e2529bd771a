"""The hostile-input corpus: faulty and malicious inputs for every command and input kind.

Each case writes its files into an empty folder (the working directory of the run), runs one
``socialfit`` command there and states the exit code and the exact message the user gets; the
goldens live in ``tests/golden/hostile_inputs.yaml`` (reviewed by eye; ``python
scripts/hostile_inputs.py --regen`` rewrites them after a deliberate change) and the table of cases
in ``docs/hostile_inputs.md`` is generated from both. Cases marked ``limited`` run in a subprocess
under a memory limit and a timeout, so that a regression fails instead of eating the machine.
"""
from __future__ import annotations

import csv
import io
import json
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = (ROOT / "data" / "samples" / "example_answers.yaml").read_text(encoding="utf-8")
TEMPLATE_CSV = (ROOT / "tests" / "fixtures" / "survey" / "template.csv").read_text(encoding="utf-8")
QUESTIONNAIRE = (ROOT / "questionnaires" / "intake.yaml").read_text(encoding="utf-8")
WEIGHTS = (ROOT / "data" / "weights.yaml").read_text(encoding="utf-8")
CATALOGUE = (ROOT / "data" / "models.yaml").read_text(encoding="utf-8")
ESC = "\x1b]0;PWNED\x07\x1b[2J"  # sets the terminal title and clears the screen
ESC_YAML = "\\e]0;PWNED\\a\\e[2J"  # the same, as escapes in a double-quoted YAML string
SHOWN = "\\x1b]0;PWNED\\x07\\x1b[2J"  # what the terminal gets instead: visible escapes


@dataclass
class Case:
    id: str
    kind: str  # the input kind, for the table
    what: str  # what is tried
    args: list[str]
    files: Callable[[Path], None] = lambda tmp: None
    stdin: str | None = None
    limited: bool = False  # run in a subprocess under resource limits
    check: Callable[[Path, str], None] | None = None  # more assertions: (folder, stdout)
    tags: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- builders

def text(name: str, content: str | bytes) -> Callable[[Path], None]:
    def write(tmp: Path) -> None:
        (tmp / name).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return write


def both(*writers: Callable[[Path], None]) -> Callable[[Path], None]:
    def write(tmp: Path) -> None:
        for w in writers:
            w(tmp)
    return write


def answers(old: str, new: str, name: str = "answers.yaml") -> Callable[[Path], None]:
    assert old in EXAMPLE, old
    return text(name, EXAMPLE.replace(old, new, 1))


def survey_rows() -> list[list[str]]:
    return list(csv.reader(io.StringIO(TEMPLATE_CSV)))


def survey_csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def cell(column: str, value: str, row: int = 1, name: str = "export.csv") -> Callable[[Path], None]:
    """The template export with one cell replaced (``row`` 1 = the first response)."""
    rows = survey_rows()
    rows[row][rows[0].index(column)] = value
    return text(name, survey_csv(rows))


def raw_survey(transform: Callable[[str], str], name: str = "export.csv") -> Callable[[Path], None]:
    return text(name, transform(TEMPLATE_CSV))


def unclosed_quote(src: str) -> str:
    lines = src.splitlines()
    first, rest = lines[6].split(",", 1)
    lines[6] = f'{first},"{rest}'
    return "\n".join(lines) + "\n"


def alias_bomb(top: str) -> str:
    lines = [top, 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    return "\n".join(lines) + "\n"


def xlsx(sheets: list[tuple[str, list[list], str]], name: str = "export.xlsx", active: int = 0) -> Callable[[Path], None]:
    """A workbook: (title, rows, state) per sheet."""
    def write(tmp: Path) -> None:
        from openpyxl import Workbook

        wb = Workbook()
        wb.remove(wb.active)
        for title, rows, state in sheets:
            ws = wb.create_sheet(title)
            for r in rows:
                ws.append(r)
            ws.sheet_state = state
        wb.active = active
        wb.save(tmp / name)
    return write


def template_rows_typed() -> list[list]:
    rows = survey_rows()
    return [rows[0]] + [[int(c) if c.isdigit() else c for c in r] for r in rows[1:]]


def xlsx_with_cell(column: str, value) -> Callable[[Path], None]:
    rows = template_rows_typed()
    rows[1][rows[0].index(column)] = value
    return xlsx([("responses", rows, "visible")])


def xlsx_patched(replace: tuple[bytes, bytes], name: str = "export.xlsx") -> Callable[[Path], None]:
    import re

    """A valid workbook whose sheet XML has one text replaced (a forged dimension, a huge row number)."""
    def write(tmp: Path) -> None:
        xlsx([("responses", template_rows_typed(), "visible")], name="plain.xlsx")(tmp)
        with zipfile.ZipFile(tmp / "plain.xlsx") as src, zipfile.ZipFile(tmp / name, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                data = src.read(info)
                if info.filename.startswith("xl/worksheets/"):
                    data = re.sub(*replace, data)
                dst.writestr(info, data)
        (tmp / "plain.xlsx").unlink()
    return write


def xlsx_zip_bomb(tmp: Path) -> None:
    """A few MB on disk that unzip to 600 MiB (a 2 GiB cell works the same way)."""
    xlsx([("responses", template_rows_typed(), "visible")], name="plain.xlsx")(tmp)
    with zipfile.ZipFile(tmp / "plain.xlsx") as src, zipfile.ZipFile(tmp / "export.xlsx", "w", zipfile.ZIP_DEFLATED,
                                                                     compresslevel=1) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        with dst.open("xl/padding.bin", "w") as fh:
            block = b"\0" * (1 << 20)
            for _ in range(600):
                fh.write(block)
    (tmp / "plain.xlsx").unlink()


def rules_folder(extra: str) -> Callable[[Path], None]:
    """The bundled rules plus one more file."""
    def write(tmp: Path) -> None:
        folder = tmp / "rules"
        folder.mkdir()
        for f in (ROOT / "rules").glob("*.yaml"):
            (folder / f.name).write_bytes(f.read_bytes())
        (folder / "zz_extra.yaml").write_text(extra, encoding="utf-8")
    return write


def rule(rid: str, when: str, text_en: str = "Extra advice.", priority: int = 900) -> str:
    return (f"  - id: {rid}\n    stage: advice\n    priority: {priority}\n    description: {{nl: Extra, en: Extra}}\n"
            f"    when: {when}\n    then:\n      - advice:\n          text: {{nl: {json.dumps(text_en)}, "
            f"en: {json.dumps(text_en)}}}\n")


RULES_HEAD = "kind: socialfit.rules\nformat_version: 1\nrules:\n"


def nested_condition(depth: int) -> str:
    cond = "{field: maturity.score, op: lt, value: 50}"
    for _ in range(depth):
        cond = "{all: [" + cond + "]}"
    return cond


def replaced(src: str, old: str, new: str, name: str) -> Callable[[Path], None]:
    assert old in src, old
    return text(name, src.replace(old, new, 1))


def labelled(rows: list[list[str]] | None = None, raw: str | None = None) -> Callable[[Path], None]:
    if raw is not None:
        return text("cases.csv", raw)
    return text("cases.csv", survey_csv(rows))


def cases_csv() -> list[list[str]]:
    """A small labelled-cases file: the template export's answers with labels (option columns joined)."""
    rows = survey_rows()
    head = ["case_id", "label", "take_exit"]
    multi: dict[str, list[int]] = {}
    for i, c in enumerate(rows[0]):
        if "[" in c:
            multi.setdefault(c.split("[")[0], []).append(i)
        elif c != "respondent_id":
            head.append(c)
    head += list(multi)
    body = []
    for n, r in enumerate(rows[1:], start=1):
        row = [f"c{n}", "access", "no"] + [r[rows[0].index(c)].replace("Weet ik niet", "dont_know")
                                           for c in head[3:] if c not in multi]
        for cols in multi.values():
            row.append(";".join(rows[0][i].split("[")[1].rstrip("]") for i in cols if r[i] == "1"))
        body.append(row)
    return [head] + body


def calibrate_cell(column: str, value: str) -> Callable[[Path], None]:
    rows = cases_csv()
    rows[1][rows[0].index(column)] = value
    return labelled(rows)


def output_untouched(name: str, content: str = "precious\n") -> Callable[[Path, str], None]:
    def check(tmp: Path, _stdout: str) -> None:
        assert (tmp / name).read_text(encoding="utf-8") == content, f"{name} was changed"
    return check


def keep(name: str, content: str = "precious\n") -> Callable[[Path], None]:
    return text(name, content)


def stdout_has(*parts: str, absent: tuple[str, ...] = ("\x1b", "\x07")) -> Callable[[Path, str], None]:
    def check(_tmp: Path, stdout: str) -> None:
        for p in parts:
            assert p in stdout, (p, stdout[:500])
        for a in absent:
            assert a not in stdout, (a, stdout[:500])
    return check


def file_has(name: str, *parts: str, absent: tuple[str, ...] = ()) -> Callable[[Path, str], None]:
    def check(tmp: Path, _stdout: str) -> None:
        data = (tmp / name).read_text(encoding="utf-8-sig") if not name.endswith(".xlsx") else _xlsx_text(tmp / name)
        for p in parts:
            assert p in data, (p, data[:800])
        for a in absent:
            assert a not in data, (a, data[:800])
    return check


def _xlsx_text(path: Path) -> str:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    return "\n".join(",".join("" if v is None else str(v) for v in row) for row in wb.worksheets[0].iter_rows(values_only=True))


def fifo_output(tmp: Path, _stdout: str) -> None:
    import stat

    assert stat.S_ISFIFO(os.stat(tmp / "pipe").st_mode), "the FIFO was replaced by a regular file"


ANS = "answers.yaml"
STRICT = ["batch", "export.csv", "-o", "out.csv", "--strict", "-q"]
CAL = ["calibrate", "cases.csv", "--folds", "2"]

CASES: list[Case] = [
    # ------------------------------------------------------------ answers files (score, report, validate)
    Case("answers-alias-bomb", "answers", "YAML alias bomb ('billion laughs') in an answers file",
         ["score", "bomb.yaml"], text("bomb.yaml", alias_bomb("questionnaire: intake@2.0")), limited=True),
    Case("answers-recursive-alias", "answers", "a YAML alias that contains itself",
         ["score", ANS], text(ANS, "questionnaire: intake@2.0\nanswers: &a {org_size: *a}\n")),
    Case("answers-json-deep", "answers", "JSON nested 1,000 deep", ["score", "deep.json"],
         text("deep.json", "[" * 1000 + "]" * 1000), limited=True),
    Case("answers-yaml-deep", "answers", "YAML nested 200 deep", ["score", ANS],
         text(ANS, "answers: " + "[" * 200 + "]" * 200 + "\n")),
    Case("answers-json-duplicate-key", "answers", "JSON answers with a duplicate key (YAML refuses them too)",
         ["score", "answers.json"],
         text("answers.json", '{"questionnaire": "intake@2.0",\n "answers": {"org_size": "small",\n'
                              '  "org_size": "large"}}\n')),
    Case("answers-json-nan", "answers", "JSON NaN literal as an answer", ["score", "answers.json"],
         text("answers.json", '{"questionnaire": "intake@2.0", "answers": {"capacity_hours": NaN}}')),
    Case("answers-yaml-nan", "answers", "YAML .nan as a number answer", ["score", ANS],
         answers("  capacity_hours: 20", "  capacity_hours: .nan")),
    Case("answers-yaml-inf", "answers", "YAML -.inf as a number answer", ["score", ANS],
         answers("  capacity_hours: 20", "  capacity_hours: -.inf")),
    Case("answers-huge-int-yaml", "answers", "an integer of 5,000 digits (YAML)", ["score", ANS],
         answers("  capacity_hours: 20", "  capacity_hours: " + "9" * 5000)),
    Case("answers-huge-int-json", "answers", "an integer of 5,000 digits (JSON)", ["score", "answers.json"],
         text("answers.json", '{"questionnaire": "intake@2.0", "answers": {"capacity_hours": ' + "9" * 5000 + "}}")),
    Case("answers-big-number", "answers", "an overflowing number (1e400 reads as infinity)", ["score", ANS],
         answers("  capacity_hours: 20", "  capacity_hours: 1.0e+400")),
    Case("answers-dev-zero", "answers", "/dev/zero as the answers file (reads forever)", ["score", "/dev/zero"],
         limited=True),
    Case("answers-folder", "answers", "a folder as the answers file", ["score", "sub"],
         lambda tmp: (tmp / "sub").mkdir()),
    Case("answers-too-large", "answers", "a 17 MiB answers file", ["score", ANS],
         text(ANS, "# " + "x" * (17 << 20) + "\n")),
    Case("answers-binary", "answers", "binary data (NUL bytes) as answers", ["score", ANS],
         text(ANS, b"questionnaire: intake@2.0\n\x00\x01\x02\n")),
    Case("answers-not-utf8", "answers", "cp1252 bytes in an answers file", ["score", ANS],
         text(ANS, EXAMPLE.replace("Example webshop", "Caf\u00e9").encode("cp1252"))),
    Case("answers-bad-date", "answers", "an impossible date (2026-13-45) as a value", ["score", ANS],
         answers("organisation: Example webshop", "organisation: 2026-13-45")),
    Case("answers-top-level-list", "answers", "a list instead of a mapping", ["score", ANS], text(ANS, "- a\n- b\n")),
    Case("answers-empty", "answers", "an empty answers file", ["score", ANS], text(ANS, "")),
    Case("answers-unknown-key-escape", "answers", "an unknown answer key holding terminal escapes", ["score", ANS],
         answers("  team_skills: 4\n", f'  "team{ESC_YAML}": 4\n  team_skills: 4\n')),
    Case("answers-raw-control-char", "answers", "a raw ESC byte in an answers file", ["score", ANS],
         answers("organisation: Example webshop", f"organisation: Shop{ESC}")),
    Case("answers-organisation-escape", "answers", "an organisation name that changes the terminal title and clears "
         "the screen", ["score", ANS], answers("organisation: Example webshop", f'organisation: "{ESC_YAML}Shop"'),
         check=stdout_has(SHOWN + "Shop")),
    Case("answers-organisation-json", "answers", "C1 and bidi controls in the organisation, --format json",
         ["score", ANS, "--format", "json"], answers("organisation: Example webshop", 'organisation: "A\\x9bB\\u202eC"'),
         check=stdout_has('"A\\u009bB\\u202eC"', absent=("\x9b", "\u202e"))),
    Case("answers-organisation-markdown", "answers", "raw HTML and a javascript: link as the organisation, markdown",
         ["score", ANS, "--format", "markdown"],
         answers("organisation: Example webshop", 'organisation: "<script>alert(1)</script> [x](javascript:alert(1))"'),
         check=stdout_has("&lt;script&gt;alert(1)&lt;/script&gt; \\[x\\](javascript:alert(1))",
                          absent=("<script>", "[x](javascript"))),
    Case("report-organisation-markdown", "answers", "the same name in the markdown report",
         ["report", ANS, "-o", "r.md"],
         answers("organisation: Example webshop", 'organisation: "<img src=x onerror=alert(1)>"'),
         check=file_has("r.md", "&lt;img src=x onerror=alert(1)&gt;", absent=("<img",))),
    Case("validate-answers-bomb", "answers", "validate on an alias bomb", ["validate", "bomb.yaml"],
         text("bomb.yaml", alias_bomb("questionnaire: intake@2.0")), limited=True),

    # ------------------------------------------------------------ survey CSV / TSV (batch)
    *[Case(f"survey-choice-{slug}", "survey CSV", f"multiple-choice 0/1 column holding {value!r}", STRICT,
           cell("objectives[embracing]", value)) for slug, value in
      (("yes", "yes"), ("two", "2"), ("x", "x"), ("minus-one", "-1"), ("junk", "999999-not-an-answer"),
       ("dont-know", "Weet ik niet"))],
    *[Case(f"survey-agree-{slug}", "survey CSV", f"agreement cell {value!r}", STRICT, cell("goals_documented", value))
      for slug, value in (("3-5", "3.5"), ("4-9", "4.9"), ("5-5", "5.5"), ("3-comma-5", "3,5"),
                          ("arabic-digit", "\u0663"), ("true", "TRUE"))],
    *[Case(f"survey-number-{slug}", "survey CSV", f"number cell {value!r}", STRICT, cell("capacity_hours", value))
      for slug, value in (("underscore", "1_000"), ("exponent", "1e3"), ("inf", "inf"), ("nan", "nan"))],
    Case("survey-unclosed-quote", "survey CSV", "an unclosed quote in row 7 of 13 (used to swallow the rest)",
         STRICT, raw_survey(unclosed_quote)),
    Case("survey-long-row", "survey CSV", "a row over 1 MiB (read: a big but well-formed row)", STRICT, cell("respondent_id", "r" * (1 << 20) + "1", row=3)),
    Case("survey-big-cell-top", "survey CSV", "a 200 KiB cell in the first response", STRICT,
         cell("goals_documented", "5" * (200 << 10))),
    Case("survey-million-columns", "survey CSV", "a header of a million columns", STRICT,
         text("export.csv", ",".join(f"c{i}" for i in range(1_000_000)) + "\n1\n"), limited=True),
    Case("survey-dev-zero", "survey CSV", "/dev/zero as the export", ["batch", "/dev/zero", "-o", "out.csv"]),
    Case("survey-binary", "survey CSV", "a binary file named .csv", STRICT, text("export.csv", b"PK\x03\x04\x00\x00" * 100)),
    Case("survey-encoding-ascii", "survey CSV", "--encoding ascii on UTF-8 data", STRICT + ["--encoding", "ascii"],
         cell("respondent_id", "Jos\u00e9")),
    Case("survey-encoding-unknown", "survey CSV", "--encoding that does not exist", STRICT + ["--encoding", "klingon"],
         cell("respondent_id", "r0")),
    Case("survey-empty", "survey CSV", "an empty export", STRICT, text("export.csv", "")),
    Case("survey-ragged", "survey CSV", "a row with too few cells", STRICT,
         raw_survey(lambda s: s.replace("\nr4,", "\nr4,small\nr4b,", 1))),
    Case("survey-nul-id-xlsx", "survey CSV", "a NUL in a respondent id, written to .xlsx",
         ["batch", "export.csv", "-o", "out.xlsx", "-q"], cell("respondent_id", "r\x000"),
         check=file_has("out.xlsx", "r\ufffd0")),
    Case("survey-formula-id", "survey CSV", "a respondent id that is a formula, written to CSV",
         ["batch", "export.csv", "-o", "out.csv", "-q"], cell("respondent_id", "=HYPERLINK(\"http://x\")"),
         check=file_has("out.csv", "'=HYPERLINK")),
    Case("survey-escape-label", "survey CSV", "terminal escapes in an unmapped answer label (batch summary)",
         ["batch", "export.csv", "-o", "out.csv", "--strict"], cell("org_size", f"huge{ESC}")),

    Case("survey-respondent-id-blank", "survey CSV", "a 'Respondent ID' column whose first id is blank (was taken "
         "for SurveyMonkey's second header row)", STRICT,
         lambda tmp: text("export.csv", survey_csv([["Respondent ID"] + survey_rows()[0][1:],
                                                    [""] + survey_rows()[1][1:], *survey_rows()[2:]]))(tmp)),
    Case("survey-encoding-utf16", "survey CSV", "--encoding utf-16 on UTF-8 data", STRICT + ["--encoding", "utf-16"],
         cell("respondent_id", "r0")),

    # ------------------------------------------------------------ Excel workbooks
    Case("xlsx-hidden-first-sheet", "survey XLSX", "a hidden first sheet of junk before the visible responses",
         ["batch", "export.xlsx", "-o", "out.csv", "--summary", "s.json", "-q"],
         xlsx([("old", [["junk"], ["1"]], "hidden"), ("responses", template_rows_typed(), "visible")], active=1),
         check=file_has("s.json", '"sheet": "responses"')),
    Case("xlsx-formula-no-value", "survey XLSX", "formula cells without cached values",
         ["batch", "export.xlsx", "-o", "out.csv", "-q"], xlsx_with_cell("goals_documented", "=1+2")),
    Case("xlsx-true", "survey XLSX", "an Excel TRUE in an agreement item",
         ["batch", "export.xlsx", "-o", "out.csv", "--strict", "-q"], xlsx_with_cell("goals_documented", True)),
    Case("xlsx-zip-bomb", "survey XLSX", "a workbook that unzips to 600 MiB", ["batch", "export.xlsx", "-o", "out.csv"],
         xlsx_zip_bomb, limited=True),
    Case("xlsx-30m-rows", "survey XLSX", "a sheet that claims 30 million rows",
         ["batch", "export.xlsx", "-o", "out.csv"], xlsx_patched((rb'<dimension ref="[^"]*"', b'<dimension ref="A1:AZ30000000"'))),
    Case("xlsx-row-30m", "survey XLSX", "a response in row 30,000,000",
         ["batch", "export.xlsx", "-o", "out.csv"], xlsx_patched((rb'<row r="13"', b'<row r="30000000"')), limited=True),
    Case("xlsx-not-a-zip", "survey XLSX", "a text file named .xlsx", ["batch", "export.xlsx", "-o", "out.csv"],
         text("export.xlsx", "respondent_id\nr1\n")),

    # ------------------------------------------------------------ mapping files (batch --map)
    Case("mapping-alias-bomb", "mapping", "YAML alias bomb in a mapping file",
         ["batch", "export.csv", "--map", "map.yaml", "-o", "out.csv"],
         both(cell("respondent_id", "r0"), text("map.yaml", alias_bomb("kind: socialfit.survey_mapping"))), limited=True),
    Case("mapping-duplicate-key", "mapping", "a duplicate column in a mapping file",
         ["batch", "export.csv", "--map", "map.yaml", "-o", "out.csv"],
         both(cell("respondent_id", "r0"), text("map.yaml", "kind: socialfit.survey_mapping\nformat_version: 1\n"
                                                 "columns:\n  a: org_size\n  a: budget\n"))),
    Case("mapping-nan", "mapping", "a .nan value label in a mapping file",
         ["batch", "export.csv", "--map", "map.yaml", "-o", "out.csv"],
         both(cell("respondent_id", "r0"), text("map.yaml", "kind: socialfit.survey_mapping\nformat_version: 1\n"
                                                 "values:\n  capacity_hours: {lots: .nan}\n"))),

    # ------------------------------------------------------------ rules
    Case("rules-alias-bomb", "rules", "YAML alias bomb in a rules file", ["score", ANS, "--rules", "bomb.yaml"],
         both(text(ANS, EXAMPLE), text("bomb.yaml", alias_bomb("kind: socialfit.rules"))), limited=True),
    Case("rules-nested-200", "rules", "rule conditions nested 200 deep", ["score", ANS, "--rules", "rules"],
         both(text(ANS, EXAMPLE), rules_folder(RULES_HEAD + rule("deep", nested_condition(200))))),
    Case("rules-nested-20", "rules", "rule conditions nested 20 deep", ["score", ANS, "--rules", "rules"],
         both(text(ANS, EXAMPLE), rules_folder(RULES_HEAD + rule("deep", nested_condition(20))))),
    Case("rules-too-many", "rules", "3,000 rules (durable-rules: 'error code 108', or a hang from ~515)",
         ["score", ANS, "--rules", "rules"],
         both(text(ANS, EXAMPLE), rules_folder(RULES_HEAD + "".join(
             rule(f"extra_{i}", f"{{field: maturity.score, op: lt, value: {i % 100}}}", priority=500)
             for i in range(3000)))), limited=True),
    Case("rules-nan-threshold", "rules", "a .nan threshold in a rule condition", ["score", ANS, "--rules", "rules"],
         both(text(ANS, EXAMPLE), rules_folder(RULES_HEAD + rule("nan", "{field: maturity.score, op: lt, value: .nan}")))),
    Case("rules-formula-exit-reason", "rules", "a take_exit reason starting with '=' in batch CSV output",
         ["batch", "export.csv", "-o", "out.csv", "--rules", "rules", "-q"],
         both(cell("respondent_id", "r0"), rules_folder(RULES_HEAD + (
             "  - id: exit_formula\n    stage: knockout\n    priority: 900\n    description: {nl: x, en: x}\n"
             "    when: {field: maturity.score, op: gte, value: 0}\n    then:\n      - take_exit:\n"
             "          reason: {nl: \"=1+1\", en: \"=1+1\"}\n          fix_first: {nl: x, en: x}\n"))),
         check=file_has("out.csv", "'=1+1", absent=(",=1+1",))),

    # ------------------------------------------------------------ questionnaire
    Case("questionnaire-max-nan", "questionnaire", "max: .nan for a number item (used to blame the answers)",
         ["score", ANS, "--questionnaire", "q.yaml"],
         both(text(ANS, EXAMPLE), replaced(QUESTIONNAIRE, "    max: 2000", "    max: .nan", "q.yaml"))),
    Case("questionnaire-inf", "questionnaire", "min: -.inf for a number item", ["questionnaire", "--questionnaire", "q.yaml"],
         replaced(QUESTIONNAIRE, "    max: 2000", "    max: .inf", "q.yaml")),
    Case("questionnaire-bomb", "questionnaire", "YAML alias bomb as the questionnaire",
         ["questionnaire", "--questionnaire", "q.yaml"], text("q.yaml", alias_bomb("kind: socialfit.questionnaire")),
         limited=True),
    Case("questionnaire-escape-title", "questionnaire", "terminal escapes in the questionnaire's title",
         ["questionnaire", "--questionnaire", "q.yaml", "--lang", "en"],
         replaced(QUESTIONNAIRE, '  en: "Intake: which', '  en: "\\e]0;PWNED\\a\\e[2JIntake: which', "q.yaml"),
         check=stdout_has("\\x1b]0;PWNED\\x07\\x1b[2JIntake: which")),

    # ------------------------------------------------------------ catalogue
    Case("catalogue-inf", "catalogue", "an infinite model attribute", ["models", "--catalogue", "m.yaml"],
         replaced(CATALOGUE, "attributes: {complexity: 1,", "attributes: {complexity: .inf,", "m.yaml")),
    Case("catalogue-duplicate-key", "catalogue", "a duplicate key in the catalogue", ["models", "--catalogue", "m.yaml"],
         replaced(CATALOGUE, "attributes: {complexity: 1,", "attributes: {complexity: 1, complexity: 2,", "m.yaml")),

    # ------------------------------------------------------------ weights
    Case("weights-bias-nan", "weights", "bias: .nan (every model fit became 0)", ["score", ANS, "--weights", "w.yaml"],
         both(text(ANS, EXAMPLE), replaced(WEIGHTS, "    bias: 4.186116", "    bias: .nan", "w.yaml"))),
    Case("weights-threshold-nan", "weights", "exit_readiness_threshold: .nan (silently disabled the exit)",
         ["score", ANS, "--weights", "w.yaml"],
         both(text(ANS, EXAMPLE), replaced(WEIGHTS, "params:\n  exit_readiness_threshold: 41.5",
                                           "params:\n  exit_readiness_threshold: .nan", "w.yaml"))),
    Case("weights-overflow", "weights", "a weight of 1e308", ["score", ANS, "--weights", "w.yaml"],
         both(text(ANS, EXAMPLE), replaced(WEIGHTS, "    bias: 4.186116", "    bias: 1.0e+308", "w.yaml"))),
    Case("weights-huge-int", "weights", "a bias of 5,000 digits", ["score", ANS, "--weights", "w.yaml"],
         both(text(ANS, EXAMPLE), replaced(WEIGHTS, "    bias: 4.186116", "    bias: " + "7" * 5000, "w.yaml"))),

    # ------------------------------------------------------------ labelled cases (calibrate)
    Case("labelled-ragged", "labelled data", "a ragged row", CAL,
         lambda tmp: labelled(raw=survey_csv(cases_csv()).replace("\nc3,access,no,", "\nc3,access,no\nc3b,access,no,", 1))(tmp)),
    Case("labelled-unclosed-quote", "labelled data", "an unclosed quote", CAL,
         lambda tmp: labelled(raw=survey_csv(cases_csv()).replace("\nc3,access", '\nc3,"access', 1))(tmp)),
    Case("labelled-binary", "labelled data", "binary data", CAL, text("cases.csv", b"\x89PNG\r\n\x1a\n\x00\x00" * 50)),
    Case("labelled-agree-3-5", "labelled data", "an agreement answer 3.5", CAL, calibrate_cell("goals_documented", "3.5")),
    Case("labelled-weight-underscore", "labelled data", "a case weight 1_000",
         CAL, lambda tmp: labelled([r + [w] for r, w in zip(cases_csv(), ["weight"] + ["1_000"] + ["1"] * 20)])(tmp)),
    Case("labelled-too-many-rows", "labelled data", "200,000 rows (a million took 4 GB and five silent minutes)", CAL,
         text("cases.csv", "label,take_exit\n" + "access,no\n" * 200_000)),
    Case("labelled-dev-zero", "labelled data", "/dev/zero as the cases", ["calibrate", "/dev/zero"]),
    Case("calibrate-no-vignettes", "labelled data", "--vignettes naming a missing folder", CAL + ["--vignettes", "none"],
         labelled(cases_csv())),

    # ------------------------------------------------------------ intake keystrokes
    Case("intake-superscript", "intake", "the answer '\u00b2' (a digit to str.isdigit, not to int)",
         ["intake", "--lang", "en", "--organisation", "X"], stdin="\u00b2\n",
         check=stdout_has("'\u00b2' is not a choice; type a number from 1 to")),
    Case("intake-arabic-digit", "intake", "the answer '\u0663' (Arabic-Indic three)", ["intake", "--lang", "en"],
         stdin="\u0663\n", check=stdout_has("'\u0663' is not a choice; type a number from 1 to")),
    Case("intake-huge-number", "intake", "a choice of 5,000 digits", ["intake", "--lang", "en"], stdin="9" * 5000 + "\n",
         check=stdout_has("' is not a choice; type a number from 1 to")),
    Case("intake-escape-answer", "intake", "terminal escapes typed as an answer", ["intake", "--lang", "en"],
         stdin=f"{ESC}\n", check=stdout_has(f"'{SHOWN}' is not a choice")),
    Case("intake-organisation-escape", "intake", "terminal escapes in --organisation, and in the saved answers",
         ["intake", "--lang", "en", "--organisation", f"{ESC}Org", "--save", "a.yaml"], stdin="q\n",
         check=file_has("a.yaml", "organisation: \"\\e]0;PWNED\\a\\e[2JOrg\"")),

    # ------------------------------------------------------------ output paths
    Case("out-batch-over-export", "output path", "batch x.csv -o x.csv", ["batch", "export.csv", "-o", "export.csv"],
         cell("respondent_id", "r0")),
    Case("out-batch-errors-over-export", "output path", "batch --errors naming the export",
         ["batch", "export.csv", "-o", "out.csv", "--errors", "./export.csv"], cell("respondent_id", "r0")),
    Case("out-batch-errors-is-output", "output path", "--errors equal to -o (kept only the errors)",
         ["batch", "export.csv", "-o", "out.csv", "--errors", "out.csv"], both(cell("respondent_id", "r0"), keep("out.csv")),
         check=output_untouched("out.csv")),
    Case("out-batch-summary-is-output", "output path", "--summary a hard link to the -o file",
         ["batch", "export.csv", "-o", "out.jsonl", "--summary", "link.json"],
         both(cell("respondent_id", "r0"), keep("out.jsonl"), lambda tmp: os.link(tmp / "out.jsonl", tmp / "link.json")),
         check=output_untouched("out.jsonl")),
    Case("out-batch-over-mapping", "output path", "batch -o naming the mapping file",
         ["batch", "export.csv", "--map", "map.csv", "-o", "map.csv"],
         both(cell("respondent_id", "r0"), keep("map.csv"))),
    Case("out-batch-summary-txt", "output path", "--summary summary.txt (refused only after the run)",
         ["batch", "missing.csv", "-o", "out.csv", "--summary", "summary.txt"]),
    Case("out-batch-errors-txt", "output path", "--errors errors.txt (was reported as -o)",
         ["batch", "missing.csv", "-o", "out.csv", "--errors", "errors.txt"]),
    Case("out-batch-missing-folder", "output path", "-o in a folder that does not exist",
         ["batch", "export.csv", "-o", "nowhere/out.csv"], cell("respondent_id", "r0")),
    Case("out-batch-too-long", "output path", "-o with a 300-byte file name",
         ["batch", "export.csv", "-o", "x" * 296 + ".csv"], cell("respondent_id", "r0")),
    Case("out-batch-summary-missing-folder", "output path", "--summary in a missing folder (after the output was written)",
         ["batch", "export.csv", "-o", "out.csv", "--summary", "nowhere/s.json"], cell("respondent_id", "r0")),
    Case("out-batch-folder", "output path", "-o naming a folder", ["batch", "export.csv", "-o", "sub"],
         both(cell("respondent_id", "r0"), lambda tmp: (tmp / "sub").mkdir())),
    Case("out-calibrate-bundled-rules", "output path", "calibrate -o naming a file of the bundled rules",
         CAL + ["-o", str(ROOT / "rules" / "advice.yaml")], labelled(cases_csv())),
    Case("out-batch-min-answered-0", "output path", "--min-answered 0 (offered by the help, then refused)",
         ["batch", "export.csv", "-o", "out.csv", "--min-answered", "0"], cell("respondent_id", "r0")),
    Case("out-score-over-answers", "output path", "score answers.yaml -o answers.yaml", ["score", ANS, "-o", ANS],
         text(ANS, EXAMPLE), check=lambda tmp, _: (tmp / ANS).read_text(encoding="utf-8") == EXAMPLE or 1 / 0),
    Case("out-score-over-weights", "output path", "score -o naming the --weights file",
         ["score", ANS, "--weights", "w.yaml", "-o", "w.yaml"], both(text(ANS, EXAMPLE), text("w.yaml", WEIGHTS))),
    Case("out-score-too-long", "output path", "score -o with a 300-byte name", ["score", ANS, "-o", "y" * 300],
         text(ANS, EXAMPLE)),
    Case("out-score-fifo", "output path", "score -o naming a FIFO (written in place, not renamed over)",
         ["score", ANS, "-o", "pipe"], both(text(ANS, EXAMPLE), lambda tmp: os.mkfifo(tmp / "pipe")),
         check=fifo_output, tags=["fifo"]),
    Case("out-score-dev-null", "output path", "score -o /dev/null (stays the device)", ["score", ANS, "-o", "/dev/null"],
         text(ANS, EXAMPLE), check=lambda tmp, _: Path("/dev/null").is_char_device() or 1 / 0),
    Case("out-report-over-answers", "output path", "report answers.yaml -o answers.yaml", ["report", ANS, "-o", ANS],
         text(ANS, EXAMPLE)),
    Case("out-template-over-questionnaire", "output path", "template OUTPUT naming its --questionnaire",
         ["template", "q.yaml", "--questionnaire", "q.yaml"], text("q.yaml", QUESTIONNAIRE)),
    Case("out-map-init-over-export", "output path", "map-init -o naming the export",
         ["map-init", "export.csv", "-o", "export.csv"], cell("respondent_id", "r0")),
    Case("out-calibrate-over-data", "output path", "calibrate cases.csv -o cases.csv", CAL + ["-o", "cases.csv"],
         labelled(cases_csv())),
    Case("out-calibrate-report-is-output", "output path", "calibrate --report equal to -o",
         CAL + ["-o", "w.yaml", "--report", "w.yaml"], labelled(cases_csv())),
    Case("out-intake-save-over-questionnaire", "output path", "intake --questionnaire q.yaml --save q.yaml",
         ["intake", "--questionnaire", "q.yaml", "--save", "q.yaml"], text("q.yaml", QUESTIONNAIRE), stdin=""),
    Case("out-intake-report-is-save", "output path", "intake --report equal to --save",
         ["intake", "--save", "a.yaml", "--report", "a.yaml"], stdin=""),
    Case("out-intake-save-missing-folder", "output path", "intake --save in a missing folder",
         ["intake", "--save", "nowhere/a.yaml"], stdin=""),
]
