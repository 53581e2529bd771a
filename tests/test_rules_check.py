"""`socialfit rules check`: each planted problem in tests/fixtures/rules/ is found, with file, line, rule
id and why; the bundled rules and the look-alike clean fixtures give nothing."""
from __future__ import annotations

import json

import pytest

from conftest import FIXTURES, ROOT
from engine.rules.check import check_rules
from engine.rules.model import load_rules

RULES = FIXTURES / "rules"

# (folder, check, rule id, line of the finding, words of the message)
PLANTED = [
    ("unsatisfiable", "unsatisfiable", "doubt_and_confidence", 8,
     "readiness.score lt 20 and readiness.score gt 40 leave no value of readiness.score (range [0, 100])"),
    ("unsatisfiable", "unsatisfiable", "early_stage_but_mature", 19,
     "maturity.stage eq 1 and maturity.score gte 60 leave no value of maturity.score"),
    ("unsatisfiable", "unsatisfiable", "budget_none_and_not_none", 30,
     "leave no value of answers.budget (options: none, small, adequate, large)"),
    ("threshold", "threshold", "readiness_above_hundred", 8,
     "readiness.score gt 120: outside the range [0, 100] of readiness.score, so it is never true"),
    ("threshold", "threshold", "support_below_one", 16,
     "answers.mgmt_support lte 0: outside the range [1, 5] of answers.mgmt_support, so it is never true"),
    ("threshold", "threshold", "unknown_share_under_two", 24,
     "outside the range [0, 1] of meta.unknown_share, so it is true whenever the value is known"),
    ("shadowed", "shadowed", "very_low_readiness_small_org", 12,
     "shadowed by low_readiness_simple_model"),
    ("conflict", "conflict", "small_orgs_avoid_ep", 12,
     "acts against diy_wants_ep"),
]


def findings(engine, folder):
    rules = load_rules(RULES / folder, engine.questionnaire, engine.catalogue, engine.weights)
    return check_rules(rules, engine.questionnaire)


@pytest.mark.parametrize("folder,check,rule,line,words", PLANTED, ids=[p[2] for p in PLANTED])
def test_planted_problem_is_found(engine, folder, check, rule, line, words):
    found = [f for f in findings(engine, folder) if f.rule == rule]
    assert len(found) == 1, found
    f = found[0]
    assert (f.check, f.line) == (check, line)
    assert f.source.endswith(f"rules/{folder}/rules.yaml")
    assert words in f.message, f.message


def test_each_fixture_folder_has_only_its_planted_problems(engine):
    for folder in ("unsatisfiable", "threshold", "shadowed", "conflict"):
        got = {(f.check, f.rule) for f in findings(engine, folder)}
        assert got == {(c, r) for d, c, r, _, _ in PLANTED if d == folder}


def test_conflict_names_the_model_and_a_case_where_both_fire(engine):
    (f,) = findings(engine, "conflict")
    assert "on ep_strategy_model: this rule excludes it, diy_wants_ep raises it by 5" in f.message
    assert "answers.org_size in small and needs.diy in [50, 100]" in f.message


def test_clean_look_alikes_and_bundled_rules_pass(engine):
    assert findings(engine, "clean") == []
    assert check_rules(engine.rules, engine.questionnaire) == []


def test_rules_check_cli(cli, engine):
    ok = cli("rules", "check")
    files = len({r.source for r in engine.rules.rules})
    assert ok.exit_code == 0 and f"{len(engine.rules.rules)} rules in {files} files: no problems found" in ok.output
    bad = cli("rules", "check", str(RULES / "shadowed"))
    assert bad.exit_code == 1
    assert f"{RULES / 'shadowed' / 'rules.yaml'}:12: very_low_readiness_small_org: [shadowed]" in bad.stdout
    js = cli("rules", "check", str(RULES / "threshold"), "--format", "json")
    doc = json.loads(js.stdout)
    assert js.exit_code == 1 and {f["rule"] for f in doc["findings"]} == {
        "readiness_above_hundred", "support_below_one", "unknown_share_under_two"}


def test_validate_runs_the_rule_checks(cli):
    bad = cli("validate", "--rules", str(RULES / "unsatisfiable"))
    assert bad.exit_code == 1
    assert "rule early_stage_but_mature: [unsatisfiable]" in bad.stderr
    assert cli("validate").exit_code == 0


def test_bundled_rules_folder_is_what_is_checked():
    assert (ROOT / "rules").is_dir()


# (folder, words of the Dutch message) for each planted problem
PLANTED_NL = [
    ("unsatisfiable", "aan de voorwaarde kan nooit worden voldaan: readiness.score lt 20 en readiness.score gt 40 "
                      "laten geen waarde van readiness.score over (bereik [0, 100])"),
    ("unsatisfiable", "laten geen waarde van answers.budget over (opties: none, small, adequate, large)"),
    ("threshold", "readiness.score gt 120: buiten het bereik [0, 100] van readiness.score, dus is deze vergelijking "
                  "nooit waar"),
    ("threshold", "dus is deze vergelijking altijd waar zodra de waarde bekend is"),
    ("shadowed", "[overschaduwd] overschaduwd door low_readiness_simple_model"),
    ("conflict", "[tegenstrijdig] werkt diy_wants_ep"),
    ("conflict", "deze regel sluit het uit, diy_wants_ep verhoogt het met 5, en beide kunnen tegelijk afgaan "
                 "(bijvoorbeeld als answers.org_size in small en needs.diy in [50, 100])"),
]


@pytest.mark.parametrize("folder,words", PLANTED_NL)
def test_rules_check_in_dutch(cli, folder, words):
    out = cli("rules", "check", str(RULES / folder), "--lang", "nl")
    assert out.exit_code == 1 and words in out.stdout, out.stdout
    assert "bevinding(en)" in out.stderr and "finding" not in out.output


def test_every_finding_has_both_languages_and_english_by_default(cli, engine):
    for folder in ("unsatisfiable", "threshold", "shadowed", "conflict"):
        for f in findings(engine, folder):
            assert set(f.texts) == {"nl", "en"} and f.texts["nl"] != f.texts["en"]
            assert f.message == f.text("en") and str(f).endswith(f.texts["en"])
    en = cli("rules", "check", str(RULES / "shadowed"))  # the tests' locale is C: English
    assert "[shadowed] shadowed by" in en.stdout and "1 finding(s)" in en.stderr
    doc = json.loads(cli("rules", "check", str(RULES / "conflict"), "--format", "json", "--lang", "nl").stdout)
    assert doc["findings"][0]["check"] == "conflict" and doc["findings"][0]["message"].startswith("werkt diy_wants_ep")
    ok = cli("rules", "check", "--lang", "nl")
    assert ok.exit_code == 0 and f"{len(engine.rules.rules)} regels in" in ok.output and "geen problemen gevonden" in ok.output
