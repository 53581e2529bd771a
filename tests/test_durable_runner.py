"""Our durable-rules wrapper: no loops on negative conditions, correct results past durable's
1,024-session cap, and one Host per engine (no process-global registration clashes)."""
from __future__ import annotations

import json
import random
import subprocess
import sys
import textwrap

import pytest
import yaml

from conftest import EXAMPLE_ANSWERS, ROOT
from engine import Engine
from engine.assessment import rule_fact
from engine.errors import DataError
from engine.calibration.random_answers import random_answers
from engine.rules.model import condition_holds

NEGATIVE_RULES = """\
kind: socialfit.rules
format_version: 1
rules:
  - id: only_ne
    stage: advice
    priority: 10
    description: {nl: Niet klantenservice, en: Not customer service}
    when: {field: ownership.primary, op: ne, value: service}
    then:
      - advice: {text: {nl: ne vuurde, en: ne fired}}
  - id: only_not_in
    stage: advice
    priority: 20
    description: {nl: Er is budget, en: There is a budget}
    when: {field: answers.budget, op: not_in, value: [none, small]}
    then:
      - advice: {text: {nl: not_in vuurde, en: not_in fired}}
  - id: not_in_on_dont_know
    stage: advice
    priority: 30
    description: {nl: Focus bekend, en: Focus known}
    when: {field: answers.campaign_focus, op: not_in, value: [ongoing]}
    then:
      - advice: {text: {nl: focus, en: focus}}
"""

SCRIPT = """\
import json, sys, yaml
from engine import Engine
engine = Engine.load(rules=sys.argv[1])
answers = yaml.safe_load(open(sys.argv[2], encoding="utf-8"))["answers"]
out = []
for budget, focus, who in [("adequate", "campaigns", "marketing"), ("small", None, "customer_service"),
                           ("large", "ongoing", "marketing")]:
    values = {**answers, "budget": budget, "campaign_focus": focus, "who_posts": who, "who_answers": who,
              "who_sets_goals": who, "who_reports": who}
    result = engine.assess(values, language="en")
    out.append({"fired": [t["rule"] for t in result.trace], "primary": result.profile.primary_owner})
print(json.dumps(out))
"""


def test_rules_with_only_negative_conditions_do_not_loop(tmp_path):
    """A rule whose only condition is ne / not_in would match durable's own state record and loop
    forever without our guard field; run it in a child process so that a loop fails, not hangs."""
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "negative.yaml").write_text(NEGATIVE_RULES, encoding="utf-8")
    script = tmp_path / "run.py"
    script.write_text(SCRIPT, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script), str(rules), str(EXAMPLE_ANSWERS)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    runs = json.loads(done.stdout)
    assert [r["primary"] for r in runs] == ["marketing", "service", "marketing"]
    assert runs[0]["fired"] == ["only_ne", "only_not_in", "not_in_on_dont_know"]
    # service owns it, the budget is small, the focus is "don't know": a leaf on an unknown value is false
    assert runs[1]["fired"] == []
    assert runs[2]["fired"] == ["only_ne", "only_not_in"]


# ------------------------------------------------------------------ many assessments in one process





def test_two_thousand_assessments_stay_correct():
    """2,000 assessments in one process: past durable's 1,024 live sessions per ruleset, every result
    still fires exactly the rules the oracle says, and early results are reproduced at the end."""
    engine = Engine.load()  # a fresh runner, so the count below is this runner's sessions
    rng = random.Random(20240501)
    types = {i.id: i.type for i in engine.questionnaire.items}
    example = yaml.safe_load(EXAMPLE_ANSWERS.read_text(encoding="utf-8"))["answers"]
    cases = [random_answers(engine.questionnaire, rng) for _ in range(200)] + [example]
    first: dict[int, dict] = {}
    fired_somewhere: set[str] = set()
    for n in range(2000):
        index = n % len(cases)
        values, _ = engine.validate(cases[index])
        result = engine.assess_valid(values, language="en")
        expected = [r.id for r in engine.rules.rules
                    if condition_holds(r.when, rule_fact(result.profile, values, types))]
        got = [t["rule"] for t in result.trace]
        assert got == expected, f"assessment {n} (case {index}): fired {got}, oracle says {expected}"
        fired_somewhere.update(got)
        data = result.to_dict()
        if index in first:
            assert data == first[index], f"assessment {n} differs from the first run of case {index}"
        else:
            first[index] = data
    assert len(fired_somewhere) >= 8, f"too few rules exercised: {sorted(fired_somewhere)}"


def test_each_engine_has_its_own_host():
    """durable registers ruleset names per host: two engines with the same rules must both work."""
    a, b = Engine.load(), Engine.load()
    example = yaml.safe_load(EXAMPLE_ANSWERS.read_text(encoding="utf-8"))["answers"]
    assert a.assess(example).to_dict() == b.assess(example).to_dict()
    assert a.runner.name != b.runner.name


def test_a_rule_on_durables_state_record_is_rejected_at_load(tmp_path):
    """``sid`` is a field of durable's own state record; a rule naming it fails at load, with file, line,
    rule id and the allowed names."""
    rules = tmp_path / "rules"
    rules.mkdir()
    path = rules / "negative.yaml"
    path.write_text(NEGATIVE_RULES.replace("field: ownership.primary", "field: sid"), encoding="utf-8")
    with pytest.raises(DataError) as err:
        Engine.load(rules=rules)
    message = str(err.value)
    assert message.startswith(f"{path}:8: rules[0] (only_ne).when.field: unknown score or answer 'sid'; "
                              "allowed: maturity.score, ")


def test_numbers_durable_cannot_parse_are_passed_safely(tmp_path):
    """Python's JSON writes 1e-06 and 1e+16 without a decimal point, which durable's parser rejects
    ("Could not assert fact, error code: 204"); a valid answer of 1e-06 hours must still assess."""
    from engine.rules.durable import durable_number

    assert durable_number(1e-06) < 1e-06 and "." in repr(durable_number(1e-06))
    assert repr(durable_number(1e16)) == "9999999999999998.0"
    assert durable_number(-1e-07) > -1e-07
    assert durable_number(0.5) == 0.5 and durable_number(1.5e-05) == 1.5e-05 and durable_number("1e-06") == "1e-06"

    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "tiny.yaml").write_text(textwrap.dedent("""\
        kind: socialfit.rules
        format_version: 1
        rules:
          - id: some_hours
            stage: advice
            priority: 10
            description: {nl: Enige uren, en: Some hours}
            when: {field: answers.capacity_hours, op: gt, value: 0}
            then: [{advice: {text: {nl: uren, en: hours}}}]
          - id: hardly_any_hours
            stage: advice
            priority: 20
            description: {nl: Bijna geen uren, en: Hardly any hours}
            when: {field: answers.capacity_hours, op: lt, value: 1.0e-05}
            then: [{advice: {text: {nl: bijna geen, en: hardly any}}}]
        """), encoding="utf-8")
    engine = Engine.load(rules=rules)
    example = yaml.safe_load(EXAMPLE_ANSWERS.read_text(encoding="utf-8"))["answers"]
    fired = {v: [t["rule"] for t in engine.assess({**example, "capacity_hours": v}).trace]
             for v in (1e-06, 0, 1e-07, 20)}
    assert fired == {1e-06: ["some_hours", "hardly_any_hours"], 0: ["hardly_any_hours"],
                     1e-07: ["some_hours", "hardly_any_hours"], 20: ["some_hours"]}
