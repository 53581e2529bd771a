"""Bad input reaches the user as one clear message (file, line, field, value, what was expected) and
exit code 1 -- never as a traceback, unless -v asks for one."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLE_ANSWERS, ROOT

EXAMPLE = EXAMPLE_ANSWERS.read_text(encoding="utf-8")


def line_of(text: str, start: str) -> int:
    """The 1-based number of the line that starts with ``start`` (after indentation)."""
    for n, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith(start):
            return n
    raise AssertionError(f"no line starts with {start!r}")


def write_variant(tmp_path: Path, old: str | None, new: str | None, name: str = "answers.yaml") -> tuple[Path, str]:
    """The example answers with one line replaced (``new=None`` drops it)."""
    text = EXAMPLE
    if old is not None:
        assert old in text
        text = text.replace(old, new if new is not None else "", 1)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path, text


def assert_error(result, message: str) -> None:
    """Exit code 1, exactly ``Error: <message>`` on stderr, nothing on stdout, no traceback."""
    assert result.exit_code == 1, result.output
    assert result.stderr == f"Error: {message}\n"
    assert result.stdout == ""
    assert "Traceback" not in result.output


# ------------------------------------------------------------------ answers files

def test_unknown_item_id(cli, tmp_path):
    path, text = write_variant(tmp_path, "  team_skills: 4\n", "  team_skils: 4\n")
    line = line_of(text, "team_skils:")
    assert_error(cli("score", path),
                 f"{path}:{line}: answers.team_skils: unknown item id; did you mean 'team_skills'?")


def test_value_outside_the_allowed_set(cli, tmp_path):
    path, text = write_variant(tmp_path, "  budget: adequate\n", "  budget: huge\n")
    assert_error(cli("score", path),
                 f"{path}:{line_of(text, 'budget:')}: answers.budget: got 'huge'; "
                 "expected one of none, small, adequate, large")


def test_likert_value_out_of_range(cli, tmp_path):
    path, text = write_variant(tmp_path, "  team_skills: 4\n", "  team_skills: 6\n")
    assert_error(cli("score", path),
                 f"{path}:{line_of(text, 'team_skills:')}: answers.team_skills: got 6; "
                 "expected one of 1, 2, 3, 4, 5 or null (don't know)")


def test_wrong_type(cli, tmp_path):
    path, text = write_variant(tmp_path, "  goals_documented: 3\n", '  goals_documented: "three"\n')
    assert_error(cli("score", path),
                 f"{path}:{line_of(text, 'goals_documented:')}: answers.goals_documented: got 'three' (str); "
                 "expected one of 1, 2, 3, 4, 5 or null (don't know)")


def test_wrong_type_for_multiple_choice(cli, tmp_path):
    path, text = write_variant(tmp_path, "  objectives: [talking, energizing]\n", "  objectives: talking\n")
    assert_error(cli("score", path),
                 f"{path}:{line_of(text, 'objectives:')}: answers.objectives: got 'talking' (str); "
                 "expected a list of listening, talking, energizing, supporting, embracing")


def test_missing_required_answer(cli, tmp_path):
    path, _ = write_variant(tmp_path, "  budget: adequate\n", None)
    assert_error(cli("score", path),
                 f"{path}: answers.budget: missing required answer; expected one of none, small, adequate, large")


def test_answers_for_another_questionnaire_version(cli, tmp_path):
    path, text = write_variant(tmp_path, "questionnaire: intake@2.0\n", "questionnaire: intake@3.0\n")
    assert_error(cli("score", path),
                 f"{path}:{line_of(text, 'questionnaire:')}: questionnaire: got 'intake@3.0'; these answers are "
                 "for another questionnaire or version, expected 'intake@2.0', or intake@1.0")


def test_malformed_yaml_names_line_and_column(cli, tmp_path):
    path, text = write_variant(tmp_path, "  org_size: medium\n", "  org_size: [medium\n")
    start = line_of(text, "org_size:")
    # the parser notices the unclosed bracket on the next line; the message also says where it began
    assert_error(cli("score", path),
                 f"{path}:{start + 1}:16: malformed YAML: did not find expected ',' or ']' "
                 f"(while parsing a flow sequence that starts at line {start}, column 13)")


def test_malformed_yaml_duplicate_key(cli, tmp_path):
    path, text = write_variant(tmp_path, "  budget: adequate\n", "  budget: adequate\n  budget: small\n")
    second = line_of(text, "budget: small")
    assert_error(cli("score", path),
                 f"{path}:{second}:3: malformed YAML: found duplicate key 'budget' "
                 f"(while constructing a mapping that starts at line {line_of(text, 'org_size:')}, column 3)")


def test_malformed_json_names_line_and_column(cli, tmp_path):
    path = tmp_path / "answers.json"
    path.write_text('{"questionnaire": "intake@1.0",\n "answers": {"org_size": "small",,}}\n', encoding="utf-8")
    assert_error(cli("score", path),
                 f"{path}:2:34: malformed JSON: Expecting property name enclosed in double quotes")


def test_json_answers_file_scores(cli, tmp_path):
    """The same answers as JSON are accepted (the format is YAML or JSON)."""
    doc = yaml.safe_load(EXAMPLE)
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    result = cli("score", path, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["recommended"] == "faseringsmodel"


def test_every_problem_is_reported_at_once(cli, tmp_path):
    text = EXAMPLE.replace("  budget: adequate\n", "  budget: huge\n").replace("  team_skills: 4\n", "  team_skills: 9\n")
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    result = cli("score", path)
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: 2 problems:\n"
        f"  {path}:{line_of(text, 'team_skills:')}: answers.team_skills: got 9; expected one of 1, 2, 3, 4, 5 "
        "or null (don't know)\n"
        f"  {path}:{line_of(text, 'budget:')}: answers.budget: got 'huge'; expected one of none, small, adequate, large\n")


def test_missing_file(cli, tmp_path):
    path = tmp_path / "nowhere.yaml"
    assert_error(cli("score", path), f"{path}: file not found")


# ------------------------------------------------------------------ configuration files

def test_rule_naming_an_unknown_score(cli, tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    knockouts = rules / "knockouts.yaml"
    text = knockouts.read_text(encoding="utf-8")
    old = "{field: readiness.support, op: lt, value: 25}"
    assert old in text
    text = text.replace(old, "{field: readiness.suport, op: lt, value: 25}")
    knockouts.write_text(text, encoding="utf-8")
    allowed = ("maturity.score, maturity.stage, readiness.score, meta.unknown_share, ownership.primary, "
               "maturity.goals, maturity.people, maturity.governance, maturity.monitoring, maturity.integration, "
               "maturity.content, maturity.management, readiness.support, readiness.capacity, readiness.budget, "
               "readiness.audience, readiness.legal, readiness.culture, ownership.marketing, ownership.communication, "
               "ownership.service, ownership.strategic, needs.depth, needs.diy, needs.integration, needs.campaign, "
               "needs.poe, needs.go_no_go, needs.org_change, needs.strategy, needs.completeness, needs.memorable, "
               "needs.evaluation, or answers.<item id> for "
               "an item of the questionnaire")
    expected = (f"{knockouts}:{line_of(text, 'when: {field: readiness.suport')}: rules[1] (exit_no_management_support)"
                f".when.field: unknown score or answer 'readiness.suport'; did you mean 'readiness.support'? "
                f"allowed: {allowed}")
    assert_error(cli("score", EXAMPLE_ANSWERS, "--rules", rules), expected)
    # validate reports the same problem, with the same exit code
    assert_error(cli("validate", "--rules", rules), expected)


def test_questionnaire_missing_a_translation(cli, tmp_path):
    text = (ROOT / "questionnaires" / "intake.yaml").read_text(encoding="utf-8")
    old = '      en: "We have written, measurable goals for social media."\n'
    assert old in text
    text = text.replace(old, "", 1)
    path = tmp_path / "intake.yaml"
    path.write_text(text, encoding="utf-8")
    line = line_of(text, 'nl: "We hebben schriftelijk vastgelegde') - 1  # the `text:` key above it
    assert_error(cli("score", EXAMPLE_ANSWERS, "--questionnaire", path),
                 f"{path}:{line}: items[2] (goals_documented).text: missing the 'en' translation")
    assert_error(cli("questionnaire", "--questionnaire", path),
                 f"{path}:{line}: items[2] (goals_documented).text: missing the 'en' translation")


def test_catalogue_entry_missing_an_attribute(cli, tmp_path):
    text = (ROOT / "data" / "models.yaml").read_text(encoding="utf-8")
    old = ("attributes: {complexity: 1, depth: 1, integration: 1, campaign: 1, poe: 0, go_no_go: 0, diy: 2, "
           "org_change: 1, strategy: 1, completeness: 2, memorable: 3, evaluation: 3}")
    assert text.count(old) == 1  # OASIS
    text = text.replace(old, old.replace(" diy: 2,", ""))
    path = tmp_path / "models.yaml"
    path.write_text(text, encoding="utf-8")
    line = line_of(text, "attributes: {complexity: 1, depth: 1, integration: 1, campaign: 1")
    message = f"{path}:{line}: models[1] (oasis).attributes: missing required field 'diy'"
    assert_error(cli("score", EXAMPLE_ANSWERS, "--catalogue", path), message)
    assert_error(cli("models", "--catalogue", path), message)


# ------------------------------------------------------------------ tracebacks only with -v

@pytest.mark.parametrize("args", [("score",), ("validate",)])
def test_traceback_only_with_verbose(cli, tmp_path, args):
    path, _ = write_variant(tmp_path, "  budget: adequate\n", "  budget: huge\n")
    quiet = cli(*args, path)
    assert quiet.exit_code == 1
    assert "Traceback" not in quiet.output
    loud = cli("-v", *args, path)
    assert loud.exit_code == 1
    assert "Traceback (most recent call last)" in loud.stderr
    assert "engine.errors.DataError" in loud.stderr
    assert loud.stderr.rstrip().endswith("answers.budget: got 'huge'; expected one of none, small, adequate, large")


def test_unknown_model_is_a_usage_error(cli):
    result = cli("models", "fasering")
    assert result.exit_code == 2
    assert result.stderr == ("Usage error: unknown model 'fasering'; known: post, oasis, access, social_strategy_model, "
                             "social_media_cycle, strategie_framework, faseringsmodel, aht_framework, "
                             "ep_strategy_model\n")
    assert "Traceback" not in result.output


@pytest.mark.parametrize("old, new, message", [
    ("          about: [maturity]\n", "          about: [maturty]\n",
     "unknown reason subject 'maturty'; allowed: maturity, readiness, ownership, needs."),
    ("    stage: fit\n    priority: 10\n", "    stage: condition\n    priority: 10\n",
     "a condition rule must name a condition (condition)"),
])
def test_bad_condition_and_reason_subject_in_a_rule(cli, tmp_path, old, new, message):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    fit = rules / "fit.yaml"
    text = fit.read_text(encoding="utf-8")
    assert old in text
    fit.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = cli("validate", "--rules", rules)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{fit}:" in result.stderr and message in result.stderr


def test_a_condition_in_a_knockout_rule_is_refused(cli, tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    conditions = rules / "conditions.yaml"
    text = conditions.read_text(encoding="utf-8")
    conditions.write_text(text.replace("    stage: condition\n", "    stage: knockout\n", 1), encoding="utf-8")
    result = cli("validate", "--rules", rules)
    assert result.exit_code == 1
    assert "rules[0] (condition_readiness_doubtful).then[0]: condition belongs in a rule of stage condition" in result.stderr
