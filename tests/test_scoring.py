"""Scoring rules worked out by hand on small answer sets."""
from __future__ import annotations

import math

import pytest
import yaml

from conftest import EXAMPLE_ANSWERS
from engine.scoring.scalar import base_fits, features, linear_scores, ownership, scale_scores, sigmoid_fit


@pytest.fixture(scope="module")
def example(engine):
    return engine.read_answers(EXAMPLE_ANSWERS).values


def test_likert_scores_and_reverse_scoring(engine):
    q, w = engine.questionnaire, engine.weights
    # goals_documented feeds maturity.goals at 1.0: 4 -> 75; adhoc_posting is reversed: 4 -> 25
    values = {"social_status": "active", "goals_documented": 4, "adhoc_posting": 4}
    goals_items = {i.id: i.feeds["maturity.goals"] for i in q.items if "maturity.goals" in i.feeds}
    assert set(goals_items) >= {"goals_documented", "adhoc_posting"}
    score = scale_scores(q, w, values)["maturity.goals"]
    wg, wa = goals_items["goals_documented"], goals_items["adhoc_posting"]
    assert score == pytest.approx((wg * 75 + wa * 25) / (wg + wa))


def test_dont_know_is_left_out_of_the_denominator(engine):
    q, w = engine.questionnaire, engine.weights
    with_unknown = scale_scores(q, w, {"social_status": "active", "goals_documented": 5, "adhoc_posting": None})
    alone = scale_scores(q, w, {"social_status": "active", "goals_documented": 5})
    assert with_unknown["maturity.goals"] == alone["maturity.goals"] == 100.0


def test_a_scale_with_nothing_known_is_absent(engine):
    scores = scale_scores(engine.questionnaire, engine.weights, {"goals_documented": None})
    assert "maturity.goals" not in scores


def test_answers_to_hidden_items_never_count(engine):
    values, warnings = engine.validate({**engine.read_answers(EXAMPLE_ANSWERS).values,
                                        "social_status": "none", "adhoc_posting": 1})
    assert "adhoc_posting" not in values and "monitoring_tools" not in values
    assert any("adhoc_posting: ignored: the item is hidden" in w for w in warnings)


def test_ownership_shares_are_normalised_weighted_vectors(engine):
    q, w = engine.questionnaire, engine.weights
    item = q.by_id["who_posts"]
    shares, primary, leans = ownership(q, w, {"who_posts": "marketing"})
    expected = dict(zip(("marketing", "communication", "service", "strategic"), item.option("marketing").shares))
    assert shares == pytest.approx(expected)
    assert (primary, leans) == ("marketing", "marketing")
    shares, primary, leans = ownership(q, w, {})
    assert shares == pytest.approx({"marketing": 0.25, "communication": 0.25, "service": 0.25, "strategic": 0.25})
    assert primary == "marketing"  # documented tie-break: marketing, communication, service, strategic
    assert leans is None  # nothing known: no lean


OWNER_QUESTIONS = ("who_posts", "who_answers", "who_sets_goals", "who_reports")


def test_communication_is_an_owner_of_its_own_and_says_where_it_leans(engine):
    q, w = engine.questionnaire, engine.weights
    answers = dict.fromkeys(OWNER_QUESTIONS, "communication")
    shares, primary, leans = ownership(q, w, answers)
    assert primary == "communication" and shares["communication"] == 1.0 and shares["marketing"] == 0.0
    assert leans is None  # a communication department that names no objective leans nowhere
    shares, primary, leans = ownership(q, w, {**answers, "objectives": ["supporting"]})
    assert (primary, leans) == ("communication", "service")
    shares, primary, leans = ownership(q, w, {**answers, "objectives": ["listening", "embracing", "talking"]})
    assert (primary, leans) == ("communication", "strategic")


def test_nobody_yet_everywhere_leaves_ownership_unassigned(engine):
    q, w = engine.questionnaire, engine.weights
    nobody = dict.fromkeys(OWNER_QUESTIONS, "nobody_yet")
    shares, primary, leans = ownership(q, w, nobody)
    assert primary == "unassigned" and leans is None
    assert shares == pytest.approx(dict.fromkeys(("marketing", "communication", "service", "strategic"), 0.25))
    # the objectives still tilt the shares and give a lean, but name no owner
    shares, primary, leans = ownership(q, w, {**nobody, "objectives": ["talking"]})
    assert (primary, leans) == ("unassigned", "marketing") and shares["marketing"] == 1.0
    # one owner question answered with a department assigns ownership
    shares, primary, leans = ownership(q, w, {**nobody, "who_answers": "customer_service"})
    assert primary == "service"


def test_unassigned_ownership_is_said_in_every_output_and_advised(engine, example):
    from engine.report import text as render

    values = {**example, **dict.fromkeys(OWNER_QUESTIONS, "nobody_yet")}
    result = engine.assess_valid(values, language="en")
    assert result.profile.primary_owner == "unassigned"
    doc = result.to_dict()
    assert doc["ownership"]["primary"] == "unassigned" and doc["ownership"]["assigned"] is False
    assert "ownership unassigned" in render.assessment_table(result)
    assert any(a.startswith("Assign ownership of social media") for a in result.advice)
    nl = engine.assess_valid(values, language="nl")
    assert "eigenaarschap nog niet belegd" in render.assessment_table(nl)
    assert any(a.startswith("Beleg het eigenaarschap") for a in nl.advice)


def test_communication_owned_result_says_where_it_leans(engine, example):
    from engine.report import text as render

    values = {**example, **dict.fromkeys(OWNER_QUESTIONS, "communication"), "objectives": ["supporting"]}
    result = engine.assess_valid(values, language="en")
    doc = result.to_dict()["ownership"]
    assert (doc["primary"], doc["leans"], doc["assigned"]) == ("communication", "service", True)
    assert "primary: communication, leans towards customer service" in render.assessment_table(result)


def test_base_fit_is_the_sigmoid_of_the_centred_linear_score(engine, example):
    p = engine.profile(example)
    x = features(p)
    z = linear_scores(engine.weights, engine.catalogue.ids, x)
    bias, coef = engine.weights.coefficients("post")
    assert z["post"] == pytest.approx(bias + sum(c * x[f] for f, c in zip(engine.weights.features, coef)))
    mean = sum(z.values()) / len(z)
    result = engine.assess_valid(example)
    post = next(m for m in result.ranking if m.model == "post")
    assert post.base_fit == round(100 / (1 + math.exp(-(z["post"] - mean))), 1)
    # shifting every z alike (which a softmax cannot see) changes no fit
    assert base_fits({m: v + 7.0 for m, v in z.items()}) == pytest.approx(base_fits(z))
    assert sigmoid_fit(-800) == 0.0 and sigmoid_fit(800) == 100.0  # no overflow at the extremes


def test_ranking_is_by_fit_then_catalogue_order(engine, example):
    result = engine.assess_valid(example)
    order = {m: i for i, m in enumerate(engine.catalogue.ids)}
    keys = [(m.excluded, -round(m.fit, 2), order[m.model]) for m in result.ranking]
    assert keys == sorted(keys)
    assert sorted(m.model for m in result.ranking) == sorted(engine.catalogue.ids)


def test_excluded_model_ranks_last_with_fit_zero(engine, example):
    values = dict(example, campaign_planning=1, poe_planning=1, campaign_focus="ongoing")
    result = engine.assess_valid(values)
    assert result.ranking[-1].model == "faseringsmodel" and result.ranking[-1].excluded
    assert result.ranking[-1].fit == 0.0
    assert "no_campaigns_no_fasering" in [t["rule"] for t in result.trace]


def test_knockout_takes_the_exit_with_reason_and_fix(engine, example):
    result = engine.assess_valid(dict(example, audience_on_social="no"), language="nl")
    assert result.take_exit
    assert [r["rule"] for r in result.exit_reasons] == ["exit_audience_absent"]
    assert "doelgroep" in result.exit_reasons[0]["text"] and result.fix_first
    assert result.trace[0]["rule"] == "exit_audience_absent"  # knock-outs are evaluated first


def test_weights_item_override_changes_the_scale(engine, example):
    from dataclasses import replace

    heavier = replace(engine.weights, item_weights={"goals_documented": {"maturity.goals": 10.0}})
    q = engine.questionnaire
    values = {"social_status": "active", "goals_documented": 5, "adhoc_posting": 5}  # item scores 100 and 0
    before = scale_scores(q, engine.weights, values)["maturity.goals"]
    after = scale_scores(q, heavier, values)["maturity.goals"]
    wa = q.by_id["adhoc_posting"].feeds["maturity.goals"]
    assert after == pytest.approx(100 * 10 / (10 + wa)) and after > before


def test_example_file_is_valid_yaml_and_complete(engine):
    doc = yaml.safe_load(EXAMPLE_ANSWERS.read_text())
    required = {i.id for i in engine.questionnaire.items if i.required}
    assert required <= set(doc["answers"])


def test_raised_models_show_distinct_fits_below_100_in_score_order(engine):
    """Scores past 100 (a signature raise on a high base fit) are scaled onto 90..100, not clamped: a model
    raised further shows a higher fit, both paths alike, and no fit reaches 100."""
    import numpy as np

    from engine.assessment import rank
    from engine.rules.fitscale import KNEE, ceiling, shown_fit, shown_fits
    from engine.rules.vectorised import apply_effects

    ids = engine.catalogue.ids
    top = ceiling(engine.rules)
    assert top == 140.0  # 100 plus the most raises one model can get from the bundled rules (oasis: 30 + 10)
    scores = {m: 50.0 for m in ids}
    scores[ids[0]] = 100.0        # reached the top on its own
    scores[ids[1]] = 96.0 + 30    # a signature on a high base fit
    scores[ids[-1]] = 99.5 + 30   # another, higher
    fits = {m: shown_fit(s, top) for m, s in scores.items()}
    assert rank(engine.catalogue, fits, set())[:3] == [ids[-1], ids[1], ids[0]]
    assert KNEE < fits[ids[0]] < fits[ids[1]] < fits[ids[-1]] < 100.0
    assert len({round(fits[m], 1) for m in (ids[0], ids[1], ids[-1])}) == 3
    row = np.array([[scores[m] for m in ids]])
    outcome = apply_effects(engine.catalogue, engine.rules, row, np.zeros((1, len(engine.rules.rules)), dtype=bool))
    assert [ids[j] for j in outcome.order[0][:3]] == [ids[-1], ids[1], ids[0]]
    assert list(outcome.fits[0]) == [fits[m] for m in ids]  # the same floats on both paths
    # the identity up to the knee, 0 below 0, and the identity everywhere when no rule raises anything
    grid = np.linspace(-20, top, 321)
    assert np.array_equal(shown_fits(grid, top), [shown_fit(float(x), top) for x in grid])
    assert np.all(np.diff(shown_fits(grid[grid >= 0], top)) > 0)
    assert shown_fit(73.25, top) == 73.25 and shown_fit(-3.0, top) == 0.0 and shown_fit(top, top) == 100.0
    assert shown_fit(97.0, 100.0) == 97.0


def test_ownership_twins_agree_on_unassigned_communication_and_leans(engine):
    """The vectorised ownership equals the scalar one, also for "nobody yet" everywhere and for the lean."""
    import numpy as np

    from engine.model.vocabulary import LEANS, OWNERS, PRIMARY_VALUES
    from engine.scoring import vectorised as bs

    q, w = engine.questionnaire, engine.weights
    nobody = dict.fromkeys(OWNER_QUESTIONS, "nobody_yet")
    comm = dict.fromkeys(OWNER_QUESTIONS, "communication")
    rows = [{}, nobody, {**nobody, "objectives": ["talking"]}, {**nobody, "who_answers": "customer_service"},
            comm, {**comm, "objectives": ["supporting"]}, {**comm, "objectives": ["listening", "talking"]},
            {**dict.fromkeys(OWNER_QUESTIONS, "distributed"), "objectives": []},
            {"who_posts": "nobody_yet", "who_sets_goals": None, "objectives": ["embracing"]}]
    frame, _ = bs.drop_hidden(q, bs.coded_from_values(q, rows))
    shares, primary, leans = bs.ownership(q, w, frame)
    for i, row in enumerate(rows):
        s, p, lean = ownership(q, w, row)
        assert list(shares[i]) == [s[o] for o in OWNERS], row
        assert PRIMARY_VALUES[primary[i]] == p, row
        assert (None if leans[i] < 0 else LEANS[leans[i]]) == lean, row
    assert np.array_equal(primary[[1, 2]], [len(OWNERS)] * 2)  # unassigned
