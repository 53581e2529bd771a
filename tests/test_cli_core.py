"""The core commands (models, questionnaire, template, score, validate), the Python API, and the
library's boundaries (engine/ never imports click, never exits the process)."""
from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLE_ANSWERS, ROOT

MODEL_IDS = ["post", "oasis", "access", "social_strategy_model", "social_media_cycle", "strategie_framework",
             "faseringsmodel", "aht_framework", "ep_strategy_model"]
VIGNETTES = Path(__file__).resolve().parent / "vignettes"


def answers_file(tmp_path: Path, vignette: str) -> Path:
    """A vignette as a plain answers file (without its test keys)."""
    doc = yaml.safe_load((VIGNETTES / f"{vignette}.yaml").read_text(encoding="utf-8"))
    doc.pop("expect"), doc.pop("rationale")
    path = tmp_path / f"{vignette}.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def ok(result):
    assert result.exit_code == 0, result.output
    return result


# ------------------------------------------------------------------ models

def test_models_lists_nine_one_line_each(cli):
    out = ok(cli("models", "--lang", "en")).stdout
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == MODEL_IDS
    assert lines[0].split(None, 1)[1].startswith("POST method — ")
    assert any("Social Media Faseringsmodel" in line for line in lines)


def test_models_in_dutch_differs(cli):
    en = ok(cli("models", "--lang", "en")).stdout
    nl = ok(cli("models", "--lang", "nl")).stdout
    assert en != nl and [l.split()[0] for l in nl.splitlines()] == MODEL_IDS


def test_model_detail(cli):
    out = ok(cli("models", "faseringsmodel", "--lang", "en")).stdout
    assert out.startswith("Social Media Faseringsmodel (faseringsmodel)\n")
    assert "Origin: Sjef Kerkhofs, Robbert Gangadin, 2011" in out
    assert "Phases: 4" in out
    assert "1. Campaign (Campagne)" in out
    assert "https://www.adformatie.nl/reputatiemanagement/social-media-implementeren-denk-aan-de-juiste-fasering" in out


def test_model_detail_unknown_origin_says_so(cli):
    out = ok(cli("models", "aht_framework", "--lang", "en")).stdout
    assert "unknown" in out.lower()


def test_models_json(cli):
    data = json.loads(ok(cli("models", "--json")).stdout)
    assert [m["id"] for m in data] == MODEL_IDS
    assert data[0]["attributes"]["diy"] == 2


# ------------------------------------------------------------------ questionnaire

def test_questionnaire_readable_both_languages(cli, engine):
    en = ok(cli("questionnaire", "--lang", "en")).stdout
    nl = ok(cli("questionnaire", "--lang", "nl")).stdout
    assert en.startswith("Intake: which social media implementation model fits your organisation?\n")
    assert nl.startswith("Intake: welk implementatiemodel voor social media past bij uw organisatie?\n")
    for item in engine.questionnaire.items:
        assert f"[{item.id}] {item.text['en']}" in en
        assert f"[{item.id}] {item.text['nl']}" in nl


def test_questionnaire_json_documented_shape(cli, engine):
    data = json.loads(ok(cli("questionnaire", "--json")).stdout)
    assert data["id"] == "intake" and data["version"] == "2.0" and data["languages"] == ["nl", "en"]
    q = engine.questionnaire
    assert [i["id"] for i in data["items"]] == [i.id for i in q.items]
    for entry in data["items"]:
        assert {"id", "type", "options", "min", "max", "required", "show_if", "dimension"} <= set(entry), entry["id"]
        item = q.by_id[entry["id"]]
        assert entry["type"] == item.type in ("likert5", "single", "multi", "number")
        assert entry["required"] is item.required
        for option in entry["options"]:
            assert set(option) == {"value", "label"} and set(option["label"]) == {"nl", "en"}
        if item.type == "number":
            assert entry["options"] == [] and entry["min"] == item.min and entry["max"] == item.max
        else:
            assert [o["value"] for o in entry["options"]] == list(item.allowed_values)
            assert entry["min"] is None and entry["max"] is None
        assert entry["dimension"] in item.feeds
    by_id = {i["id"]: i for i in data["items"]}
    assert by_id["adhoc_posting"]["show_if"] == {"item": "social_status", "not_in": ["none"]}
    assert by_id["org_size"]["show_if"] is None
    assert [o["value"] for o in by_id["goals_documented"]["options"]] == [1, 2, 3, 4, 5]


# ------------------------------------------------------------------ template

def fill_template(text: str, values: dict) -> str:
    """Put the example's values into the template's empty answers (``null``, or ``[]`` for a multiple
    choice), leaving everything else."""
    def fill(match):
        item_id = match.group(1)
        return f"  {item_id}: {json.dumps(values[item_id])}" if item_id in values else match.group(0)

    return re.sub(r"^  ([a-z][a-z0-9_]*): (?:null|\[\])$", fill, text, flags=re.MULTILINE)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_template_filled_with_the_example_scores_like_the_example(cli, tmp_path, lang):
    target = tmp_path / "answers.yaml"
    result = ok(cli("template", target, "--lang", lang))
    assert result.stdout == "" and result.stderr == f"Wrote {target}\n"
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# ") and "questionnaire: intake@2.0" in text
    example = yaml.safe_load(EXAMPLE_ANSWERS.read_text(encoding="utf-8"))
    filled = fill_template(text, example["answers"])
    assert not re.search(r": (null|\[\])$", re.sub(r"#.*", "", filled), flags=re.MULTILINE)  # all filled
    target.write_text(filled, encoding="utf-8")
    from_template = json.loads(ok(cli("score", target, "--format", "json", "--lang", "en")).stdout)
    from_example = json.loads(ok(cli("score", EXAMPLE_ANSWERS, "--format", "json", "--lang", "en")).stdout)
    from_template.pop("organisation"), from_example.pop("organisation")
    assert from_template == from_example


def test_template_to_stdout_lists_every_item(cli, engine):
    out = ok(cli("template", "--lang", "en")).stdout
    for item in engine.questionnaire.items:
        empty = r"\[\]" if item.type == "multi" else "null"
        assert re.search(rf"^  {item.id}: {empty}$", out, flags=re.MULTILINE), item.id


# ------------------------------------------------------------------ validate

def test_validate_ok(cli, engine):
    result = ok(cli("validate", EXAMPLE_ANSWERS))
    method = engine.weights.provenance["method"]  # expert_prior, or calibrated once calibration ran
    assert result.stdout == (f"ok: questionnaire intake@2.0 (49 items), 9 models, 40 rules, weights ({method})\n"
                             f"ok: {EXAMPLE_ANSWERS} (49 answers)\n")


def test_validate_reports_every_broken_file(cli, tmp_path):
    text = EXAMPLE_ANSWERS.read_text(encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("  budget: adequate\n", "  budget: lots\n"), encoding="utf-8")
    missing = tmp_path / "missing.yaml"
    missing.write_text(text.replace("  budget: adequate\n", ""), encoding="utf-8")
    result = cli("validate", EXAMPLE_ANSWERS, bad, missing)
    assert result.exit_code == 1
    assert f"ok: {EXAMPLE_ANSWERS} (49 answers)\n" in result.stdout
    line = text.splitlines().index("  budget: adequate") + 1
    assert result.stderr == (
        "Error: 2 problems:\n"
        f"  {bad}:{line}: answers.budget: got 'lots'; expected one of none, small, adequate, large\n"
        f"  {missing}: answers.budget: missing required answer; expected one of none, small, adequate, large\n")


def test_validate_warns_about_answers_to_hidden_items(cli, tmp_path):
    text = EXAMPLE_ANSWERS.read_text(encoding="utf-8").replace("  social_status: active\n", "  social_status: none\n")
    path = tmp_path / "hidden.yaml"
    path.write_text(text, encoding="utf-8")
    result = ok(cli("validate", path))
    line = text.splitlines().index("  adhoc_posting: 3") + 1
    assert (f"Warning: {path}:{line}: answers.adhoc_posting: ignored: the item is hidden "
            "(shown only when social_status not in [none])") in result.stderr


# ------------------------------------------------------------------ score

def test_score_table_default(cli):
    out = ok(cli("score", EXAMPLE_ANSWERS, "--lang", "en")).stdout
    assert out.startswith("Assessment: Example webshop\n")
    assert "Recommended model  Social Media Faseringsmodel" in out
    assert "Rules that fired" not in out


def test_score_table_dutch(cli):
    out = ok(cli("score", EXAMPLE_ANSWERS, "--lang", "nl")).stdout
    assert out.startswith("Beoordeling: Example webshop\n")
    assert "Aanbevolen model  Social Media Faseringsmodel" in out


def test_score_json_documented_shape(cli):
    data = json.loads(ok(cli("score", EXAMPLE_ANSWERS, "--format", "json")).stdout)
    assert data["format"] == "socialfit.assessment" and data["format_version"] == 1
    assert set(data["maturity"]) >= {"score", "stage", "dimensions"}
    assert set(data["ownership"]["shares"]) == {"marketing", "communication", "service", "strategic"}
    assert abs(sum(data["ownership"]["shares"].values()) - 1) < 1e-3
    assert data["ownership"]["primary"] == "marketing"
    assert 0 <= data["readiness"]["score"] <= 100
    assert set(data["exit"]) == {"decision", "take_exit", "reasons", "fix_first", "conditions"}
    assert data["exit"]["take_exit"] is False and data["exit"]["decision"] == "go"
    assert sorted(r["model"] for r in data["ranking"]) == sorted(MODEL_IDS)
    fits = [r["fit"] for r in data["ranking"]]
    assert fits == sorted(fits, reverse=True)
    assert all({"model", "fit", "reasons_for", "reasons_against"} <= set(r) for r in data["ranking"])
    assert data["recommended"] == data["ranking"][0]["model"] == "faseringsmodel"
    assert [t["rule"] for t in data["trace"]] == ["signature_faseringsmodel"]  # the webshop states its signature


def test_score_json_language_changes_texts_not_numbers(cli):
    en = json.loads(ok(cli("score", EXAMPLE_ANSWERS, "--format", "json", "--lang", "en")).stdout)
    nl = json.loads(ok(cli("score", EXAMPLE_ANSWERS, "--format", "json", "--lang", "nl")).stdout)
    assert en["language"] == "en" and nl["language"] == "nl"
    assert [(r["model"], r["fit"]) for r in en["ranking"]] == [(r["model"], r["fit"]) for r in nl["ranking"]]
    assert en["maturity"]["stage_name"] == "Coordinating" and nl["maturity"]["stage_name"] == "Coördinerend"
    assert en["ranking"][0]["reasons_for"] != nl["ranking"][0]["reasons_for"]


@pytest.mark.parametrize("fmt", ["table", "markdown"])
@pytest.mark.parametrize("lang", ["en", "nl"])
def test_score_explain_shows_the_trace(cli, tmp_path, fmt, lang, engine):
    path = answers_file(tmp_path, "exit_3")
    plain = ok(cli("score", path, "--format", fmt, "--lang", lang)).stdout
    explained = ok(cli("score", path, "--format", fmt, "--lang", lang, "--explain")).stdout
    result = engine.assess_file(path, language=lang)
    assert result.trace, "the vignette fires rules"
    for entry in result.trace:
        assert entry["rule"] in explained and entry["rule"] not in plain
        assert entry["description"] in explained
    heading = {"en": "Rules that fired", "nl": "Regels die vuurden"}[lang]
    assert heading in explained


def test_score_exit_is_shown(cli, tmp_path):
    path = answers_file(tmp_path, "exit_1")
    data = json.loads(ok(cli("score", path, "--format", "json", "--lang", "en")).stdout)
    assert data["exit"]["take_exit"] is True
    assert data["exit"]["reasons"][0]["rule"] == "exit_audience_absent"
    assert data["exit"]["fix_first"]
    table = " ".join(ok(cli("score", path, "--lang", "en")).stdout.split())  # undo the wrapping
    assert data["exit"]["reasons"][0]["text"] in table
    assert data["exit"]["fix_first"][0] in table


def test_score_language_from_the_file(cli, tmp_path):
    path = answers_file(tmp_path, "post_1")  # language: nl
    assert ok(cli("score", path, env={"LANG": "en_GB.UTF-8", "LC_ALL": None})).stdout.startswith("Beoordeling: ")


def test_score_output_file(cli, tmp_path):
    target = tmp_path / "out" / "result.json"
    target.parent.mkdir()
    result = ok(cli("score", EXAMPLE_ANSWERS, "--format", "json", "-o", target))
    assert result.stdout == "" and result.stderr == f"Wrote {target}\n"
    assert json.loads(target.read_text(encoding="utf-8"))["recommended"] == "faseringsmodel"
    assert [p.name for p in target.parent.iterdir()] == ["result.json"]  # no temporary file left


def test_score_bad_format_is_a_usage_error(cli):
    result = cli("score", EXAMPLE_ANSWERS, "--format", "xml")
    assert result.exit_code == 2
    assert "'xml' is not one of 'table', 'json', 'markdown'" in result.stderr


# ------------------------------------------------------------------ Python API

def test_python_api_assess_mapping(tmp_path):
    from engine import Assessment, DataError, Engine

    engine = Engine.load()
    answers = yaml.safe_load(EXAMPLE_ANSWERS.read_text(encoding="utf-8"))["answers"]
    result = engine.assess(answers, language="nl", organisation="Webwinkel")
    assert isinstance(result, Assessment)
    assert result.recommended == "faseringsmodel" and result.take_exit is False
    data = result.to_dict()
    assert data["organisation"] == "Webwinkel" and data["language"] == "nl"
    assert json.loads(json.dumps(data)) == data  # plain JSON data
    with pytest.raises(DataError) as err:
        engine.assess({**answers, "budget": "huge"})
    assert [str(p) for p in err.value.problems] == [
        "answers: answers.budget: got 'huge'; expected one of none, small, adequate, large"]


def test_python_api_given_files_equal_bundled(engine):
    from engine import Engine

    explicit = Engine.load(questionnaire=ROOT / "questionnaires" / "intake.yaml", rules=ROOT / "rules",
                           catalogue=ROOT / "data" / "models.yaml", weights=ROOT / "data" / "weights.yaml")
    a = explicit.assess_file(EXAMPLE_ANSWERS).to_dict()
    b = engine.assess_file(EXAMPLE_ANSWERS).to_dict()
    assert a == b


def test_python_api_with_weights(engine):
    from engine.calibration.prior import prior_weights

    other = engine.with_weights(prior_weights(engine.catalogue))
    assert other.assess_file(EXAMPLE_ANSWERS).recommended == engine.assess_file(EXAMPLE_ANSWERS).recommended


# ------------------------------------------------------------------ library boundaries

ENGINE_FILES = sorted((ROOT / "engine").rglob("*.py"))


@pytest.mark.parametrize("path", ENGINE_FILES, ids=[str(p.relative_to(ROOT)) for p in ENGINE_FILES])
def test_engine_never_imports_click_nor_exits(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            names = []
        assert not any(n == "click" or n.startswith("click.") for n in names), f"{path}:{node.lineno} imports click"
        if isinstance(node, ast.Call):
            func = node.func
            dotted = ast.unparse(func)
            assert dotted not in ("sys.exit", "exit", "quit", "os._exit", "SystemExit"), \
                f"{path}:{node.lineno} calls {dotted}"
        if isinstance(node, ast.Raise) and node.exc is not None:
            assert "SystemExit" not in ast.unparse(node.exc), f"{path}:{node.lineno} raises SystemExit"
