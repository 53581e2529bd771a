"""`socialfit test`: scenario files (suites and single answers-plus-expect files) run with a pass/fail table
and exit code; bad scenario files are reported with file, line and field. Rule coverage over cases and a
random sample."""
from __future__ import annotations

import json

import numpy as np
import pytest

from conftest import ROOT, TESTS
from engine.errors import DataError
from engine.explain.coverage import coverage, random_frame
from engine.model.answers import validate_answers
from engine.scenarios import load_scenarios, run
from engine.scoring import vectorised as bs

SUITE = """kind: socialfit.scenarios
format_version: 1
scenarios:
  - name: webshop
    answers_file: {answers}
    expect:
      recommended: {model}
      does_not_fire: [{rule}]
"""


def write_suite(tmp_path, model="faseringsmodel", rule="no_campaigns_no_fasering"):
    path = tmp_path / "suite.yaml"
    path.write_text(SUITE.format(answers=ROOT / "data" / "samples" / "example_answers.yaml", model=model, rule=rule),
                    encoding="utf-8")
    return path


def test_vignettes_and_examples_pass(cli):
    out = cli("test", str(TESTS / "vignettes"), str(ROOT / "scenarios"))
    assert out.exit_code == 0, out.stdout
    vignettes = len(list((TESTS / "vignettes").glob("*.yaml")))
    last = out.stdout.splitlines()[-1]
    assert last.startswith(f"{vignettes + 2} passed, 0 failed"), last  # scenarios/examples.yaml holds two


def test_a_failing_expectation_fails_with_what_the_engine_said(cli, tmp_path, engine):
    assert cli("test", str(write_suite(tmp_path))).exit_code == 0
    suite = write_suite(tmp_path, model="oasis")
    out = cli("test", str(suite))
    assert out.exit_code == 1
    assert "FAIL" in out.stdout and "expected oasis first, got faseringsmodel" in out.stdout
    assert "got: faseringsmodel" in out.stdout
    js = json.loads(cli("test", str(suite), "--format", "json").stdout)
    assert js["failed"] == 1 and js["scenarios"][0]["failures"] == ["expected oasis first, got faseringsmodel"]


@pytest.mark.parametrize("text,where", [
    ("kind: socialfit.scenarios\nformat_version: 1\nscenarios:\n  - name: x\n    answers_file: a.yaml\n"
     "    expect: {recommend: post}\n", ":6"),
    ("kind: socialfit.scenarios\nformat_version: 1\nscenarios:\n  - name: x\n    expect: {take_exit: true}\n", ":4"),
])
def test_bad_scenario_files_name_file_line_and_field(cli, tmp_path, text, where):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    out = cli("test", str(path))
    assert out.exit_code == 1
    assert f"{path}{where}" in out.stderr, out.stderr


def test_unknown_model_or_rule_in_an_expectation(tmp_path, engine):
    suite = write_suite(tmp_path, model="nope", rule="no_such_rule")
    with pytest.raises(DataError) as info:
        load_scenarios(engine, [suite])
    text = str(info.value)
    assert "unknown model 'nope'" in text and "unknown rule 'no_such_rule'" in text and f"{suite}:7" in text


def test_inline_answers_are_validated_with_lines(tmp_path, engine):
    path = tmp_path / "inline.yaml"
    path.write_text("kind: socialfit.scenarios\nformat_version: 1\nscenarios:\n  - name: x\n    answers:\n"
                    "      org_size: huge\n    expect: {take_exit: true}\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_scenarios(engine, [path])
    assert f"{path}:6: answers.org_size: got 'huge'" in str(info.value)


def test_runner_checks_every_kind_of_expectation(engine):
    (s,) = [x for x in load_scenarios(engine, [ROOT / "scenarios" / "examples.yaml"]) if "budget" in x.name]
    s.expect = {"recommended_one_of": ["post", "oasis"], "not_recommended": [], "take_exit": False,
                "decision": "go_with_conditions",
                "fires": ["exit_no_capacity_or_budget"], "does_not_fire": ["exit_no_capacity_or_budget"]}
    (o,) = run(engine, [s])
    assert not o.passed
    assert "expected take_exit false, got true" in o.failures
    assert "expected decision go_with_conditions, got not_now" in o.failures
    assert "decision not_now" in o.got
    assert "expected rule exit_no_capacity_or_budget not to fire; it fired" in o.failures


def test_missing_path_is_bad_data(cli, tmp_path):
    out = cli("test", str(tmp_path / "nothing"))
    assert out.exit_code == 1 and "no such file or folder" in out.stderr


# ---------------------------------------------------------------- coverage


def test_random_frame_is_valid_and_reproducible(engine):
    q = engine.questionnaire
    a, b = random_frame(q, 500, seed=5), random_frame(q, 500, seed=5)
    assert a.equals(b)
    for row in bs.values_from_coded(q, a):
        shown = q.visible(row)
        row.update({i.id: None for i in q.items if shown[i.id] and i.id not in row and i.dont_know})
        validate_answers(q, row)  # raises on an invalid response


def test_coverage_counts_match_rule_by_rule_evaluation(engine):
    cases = [(s.name, s.values) for s in load_scenarios(engine, [TESTS / "vignettes"])]
    result = coverage(engine, cases, sample=2000, seed=3)
    by_rule = {r.rule: r for r in result.rules}
    fired: dict[str, int] = {}
    for _, values in cases:
        for t in engine.assess_valid(values).trace:
            fired[t["rule"]] = fired.get(t["rule"], 0) + 1
    assert {k: v.cases for k, v in by_rule.items()} == {r.id: fired.get(r.id, 0) for r in engine.rules.rules}
    frame = random_frame(engine.questionnaire, 2000, seed=3)
    rows = bs.values_from_coded(engine.questionnaire, frame)[:200]
    sub = coverage(engine, [(str(i), v) for i, v in enumerate(rows)], sample=0)
    direct = {r.id: 0 for r in engine.rules.rules}
    for v in rows:
        for t in engine.assess_valid(v).trace:
            direct[t["rule"]] += 1
    assert {r.rule: r.cases for r in sub.rules} == direct
    assert np.all([0 <= r.sample <= 2000 for r in result.rules])


def test_coverage_cli_reports_never_fired(cli, tmp_path):
    out = cli("rules", "coverage", str(TESTS / "vignettes"), "--sample", "1000", "--format", "json")
    doc = json.loads(out.stdout)
    assert out.exit_code == 0 and doc["cases"] == len(list((TESTS / "vignettes").glob("*.yaml"))) and doc["sample"] == 1000
    assert set(doc["never_fired_in_cases"]) <= {r["rule"] for r in doc["rules"]}
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "never.yaml").write_text(
        "kind: socialfit.rules\nformat_version: 1\nrules:\n  - id: never_fires\n    stage: advice\n    priority: 1\n"
        "    description: {nl: nooit, en: never}\n    when:\n      all:\n"
        "        - {field: readiness.score, op: lt, value: 1}\n        - {field: maturity.score, op: gt, value: 99}\n"
        "    then:\n      - advice: {text: {nl: nooit, en: never}}\n", encoding="utf-8")
    table = cli("rules", "coverage", "--rules", str(rules), "--sample", "2000")
    assert table.exit_code == 0 and "Never fired: never_fires." in table.stdout


def test_decision_expectation(engine, tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text(SUITE.format(answers=ROOT / "data" / "samples" / "example_answers.yaml", model="faseringsmodel",
                                 rule="no_campaigns_no_fasering").replace("expect:\n", "expect:\n      decision: not_now\n"),
                    encoding="utf-8")
    (o,) = run(engine, load_scenarios(engine, [path]))
    assert not o.passed and o.failures[0].startswith("expected decision not_now, got ")
    path.write_text(path.read_text(encoding="utf-8").replace("decision: not_now", "decision: maybe"), encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_scenarios(engine, [path])
    text = str(info.value)
    assert f"{path}:7:" in text and "expect.decision: got 'maybe'" in text and "go_with_conditions" in text


# ---------------------------------------------------------------- nl and en


def test_scenario_table_and_failures_in_dutch_and_english(cli, tmp_path):
    suite = write_suite(tmp_path, model="oasis")
    nl = cli("test", str(suite), "--lang", "nl")
    assert nl.exit_code == 1
    lines = nl.stdout.splitlines()
    assert lines[0].split() == ["uitslag", "scenario", "waar", "/", "waarom"]
    assert lines[1].startswith("FOUT ") and "verwacht oasis eerst, kreeg faseringsmodel" in nl.stdout
    assert "kreeg: faseringsmodel" in nl.stdout and "tweede" in nl.stdout and "besluit" in nl.stdout
    assert lines[-1] == "0 geslaagd, 1 mislukt (1 scenario's)"
    en = cli("test", str(suite), "--lang", "en")
    assert en.stdout.splitlines()[0].split() == ["result", "scenario", "where", "/", "why"]
    assert en.stdout.splitlines()[-1] == "0 passed, 1 failed (1 scenarios)" and "expected oasis first" in en.stdout
    js = json.loads(cli("test", str(suite), "--format", "json", "--lang", "nl").stdout)
    assert js["scenarios"][0]["failures"] == ["verwacht oasis eerst, kreeg faseringsmodel"]


def test_scenario_table_follows_the_locale(cli, tmp_path):
    suite = write_suite(tmp_path)
    out = cli("test", str(suite), env={"LC_ALL": "nl_NL.UTF-8"})
    assert out.exit_code == 0 and out.stdout.splitlines()[-1] == "1 geslaagd, 0 mislukt (1 scenario's)"
    assert out.stdout.splitlines()[1].startswith("GOED ")


def test_coverage_table_in_dutch_and_english(cli):
    args = ("rules", "coverage", str(TESTS / "vignettes"), "--sample", "500")
    nl, en = cli(*args, "--lang", "nl"), cli(*args, "--lang", "en")
    assert nl.exit_code == en.exit_code == 0
    assert nl.stdout.splitlines()[0].split() == ["regel", "fase", "gevallen", "steekproef"]
    assert en.stdout.splitlines()[0].split() == ["rule", "stage", "cases", "random", "sample"]
    assert "exit_audience_absent" in nl.stdout and " knock-out " in nl.stdout and " knockout " in en.stdout
    assert "willekeurige antwoordsets (seed 20260101)." in nl.stdout and "random responses (seed 20260101)." in en.stdout
    assert "Op geen enkel geval afgegaan: " in nl.stdout and "Never fired on a case: " in en.stdout
    # the same rules and counts in both, row by row
    strip = [line.split()[0] for line in nl.stdout.splitlines()[1:] if line and not line[0].isupper()]
    assert strip == [line.split()[0] for line in en.stdout.splitlines()[1:] if line and not line[0].isupper()]
