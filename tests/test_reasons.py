"""Reasons that hold, as a property over random valid answers (engine.calibration.random_answers):
one reason per subject per model, never both for and against, never twice; a reason for is a stated
need the model serves or a fit; every excluded model says why."""
from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from engine import Engine
from engine.calibration.random_answers import random_answers
from engine.i18n import t
from engine.reasons import merge, Reason

ENGINE = Engine.load()  # module level: hypothesis runs the test body many times with one engine
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assess(seed: int, lang: str):
    rng = random.Random(seed)
    values, warnings = ENGINE.validate(random_answers(ENGINE.questionnaire, rng, dont_know=rng.choice((0.0, 0.1, 0.45))))
    return ENGINE.assess_valid(values, language=lang, warnings=warnings)


def exclusion_texts(model_id: str, lang: str) -> set[str]:
    return {a.text[lang] for r in ENGINE.rules.rules for a in r.then if a.kind == "exclude" and a.model == model_id}


@SETTINGS
@given(seed=st.integers(0, 2**32 - 1), lang=st.sampled_from(["nl", "en"]))
def test_reasons_hold(seed, lang):
    a = assess(seed, lang)
    for m in a.ranking:
        texts = m.reasons_for + m.reasons_against
        assert len(texts) == len(set(texts)), (m.model, texts)                      # never twice
        assert len(m.subjects_for) == len(m.reasons_for) and len(m.subjects_against) == len(m.reasons_against)
        pro = [s for subjects in m.subjects_for for s in subjects]
        con = [s for subjects in m.subjects_against for s in subjects]
        assert not set(pro) & set(con), (m.model, m.reasons_for, m.reasons_against)  # never for and against
        if m.excluded:                                                                # always says why
            assert m.reasons_against and m.reasons_against[0] in exclusion_texts(m.model, lang), m.model
        for subjects, text in zip(m.subjects_for, m.reasons_for):
            for s in subjects:  # a need speaks for a model only when the organisation states it
                need = a.profile.needs.get(s[6:]) if s.startswith("needs.") else None
                if s.startswith("needs.") and text not in _rule_texts(m.model, lang):
                    assert need is not None and need > 50, (m.model, text)
        assert not any(_low_need_phrase(lang) in x for x in m.reasons_for)


def _rule_texts(model_id: str, lang: str) -> set[str]:
    return {a.text[lang] for r in ENGINE.rules.rules for a in r.then if a.model == model_id}


def _low_need_phrase(lang: str) -> str:
    return {"en": "which you need little of", "nl": "waar u weinig behoefte aan heeft"}[lang]


def test_a_rule_reason_takes_its_subjects_place():
    rule = Reason("too heavy in the first stage", False, ("maturity",))
    own = [Reason("suits your maturity (20/100)", True, ("maturity",)),
           Reason("gives what you ask for: x", True, ("needs.depth",))]
    pros, cons = merge([rule], own)
    assert [r.text for r in pros] == ["gives what you ask for: x"]
    assert [r.text for r in cons] == ["too heavy in the first stage"]


def test_an_exclusion_is_kept_and_comes_first():
    adjust = Reason("a rule against", False, ("needs.campaign",))
    exclusion = Reason("excluded because", False, ("needs.campaign",), exclusion=True)
    pros, cons = merge([adjust, exclusion], [])
    assert pros == [] and [r.text for r in cons] == ["excluded because"]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_reason_sentence_fills_in(lang):
    """Each reason template formats with the values the engine passes (a typo in a placeholder fails)."""
    kw = dict(label="x", attr=2, need=80.0, maturity=50.0, readiness=50.0, owner="marketing", share=0.5)
    from engine.i18n import MESSAGES

    for key in (k for k in MESSAGES if k.startswith("reason.")):
        assert "{" not in t(key, lang, **kw), key


@SETTINGS
@given(seed=st.integers(0, 2**32 - 1))
def test_the_decision_agrees_with_the_rules_that_fired(seed):
    """Never "go" while a rule says readiness is in doubt; not now exactly when a knock-out fired."""
    a = assess(seed, "en")
    stages = {step["stage"] for step in a.trace}
    fired = {step["rule"] for step in a.trace}
    assert (a.decision == "not_now") == ("knockout" in stages) == a.take_exit
    if a.decision != "not_now":
        assert (a.decision == "go_with_conditions") == ("condition" in stages)
    if "go_no_go_when_readiness_doubtful" in fired:
        assert a.decision != "go"
    if a.decision == "not_now":
        assert a.conditions == [] and a.fix_first
