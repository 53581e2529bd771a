"""Agreement statistics (engine.survey.agreement) against pingouin and the published formulas, and
the web's combined answers against ``batch --group-by`` (one code path)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from engine.survey import agreement as ag
from engine.survey.groups import combine_answer_sets

pg = pytest.importorskip("pingouin")
# pingouin still passes inplace= to pandas, which pandas 3.1 deprecates: not our code.
pytestmark = pytest.mark.filterwarnings("ignore:The inplace keyword")


def test_icc_matches_pingouin_on_balanced_groups():
    rng = np.random.default_rng(3)
    groups = np.repeat(np.arange(8), 4)
    scores = rng.normal(50, 10, 8)[groups] + rng.normal(0, 8, 32)
    icc1, icc2 = ag.icc_one_way(scores, groups)
    df = pd.DataFrame({"target": groups, "rater": np.tile(np.arange(4), 8), "score": scores})
    ref = pg.intraclass_corr(df, targets="target", raters="rater", ratings="score").set_index("Type")["ICC"]
    assert icc1 == pytest.approx(ref["ICC(1,1)"], abs=1e-9)
    assert icc2 == pytest.approx(ref["ICC(1,k)"], abs=1e-9)


def test_icc_unequal_groups_uses_k0():
    # hand computation with the k0 correction (Bliese 2000)
    scores = [1, 2, 3, 6, 7, 8, 9, 4, 5]
    groups = ["a", "a", "a", "b", "b", "b", "b", "c", "c"]
    y = np.array(scores, float)
    g = np.array(groups)
    means = {k: y[g == k].mean() for k in "abc"}
    sizes = {k: (g == k).sum() for k in "abc"}
    msb = sum(sizes[k] * (means[k] - y.mean()) ** 2 for k in "abc") / 2
    msw = sum((y[g == k] - means[k]).dot(y[g == k] - means[k]) for k in "abc") / (9 - 3)
    k0 = (9 - sum(s * s for s in sizes.values()) / 9) / 2
    icc1, icc2 = ag.icc_one_way(scores, groups)
    assert icc1 == pytest.approx((msb - msw) / (msb + (k0 - 1) * msw))
    assert icc2 == pytest.approx((msb - msw) / msb)


def test_icc_needs_two_groups():
    assert ag.icc_one_way([1, 2, 3], ["a", "a", "a"]) == (None, None)


def test_cronbach_alpha_matches_pingouin():
    rng = np.random.default_rng(5)
    trait = rng.normal(size=40)
    x = np.clip(np.round(3 + trait[:, None] + rng.normal(0, 0.8, (40, 4))), 1, 5)
    alpha, _ = pg.cronbach_alpha(pd.DataFrame(x))
    assert ag.cronbach_alpha(x) == pytest.approx(alpha, abs=1e-9)


def test_r_wg_j_formula_and_bounds():
    # perfect agreement -> 1; uniform-like spread -> 0 (truncated); a known case by hand
    assert ag.r_wg_j(np.array([[4, 2], [4, 2], [4, 2]])) is None or ag.r_wg_j(np.array([[4, 2], [4, 2], [4, 2]])) == 1.0
    assert ag.r_wg_j(np.array([[1, 1], [5, 5], [1, 5], [5, 1]])) == 0.0
    x = np.array([[4, 3, 4], [5, 3, 4], [4, 4, 5], [3, 3, 4]], float)
    s2 = np.mean(x.var(axis=0, ddof=1))
    j = 3
    expected = j * (1 - s2 / 2) / (j * (1 - s2 / 2) + s2 / 2)
    assert ag.r_wg_j(x) == pytest.approx(expected)
    # a missing answer uses the others on that item
    y = x.copy()
    y[0, 0] = np.nan
    s2 = np.mean([np.var(y[1:, 0], ddof=1), *x[:, 1:].var(axis=0, ddof=1)])
    assert ag.r_wg_j(y) == pytest.approx(j * (1 - s2 / 2) / (j * (1 - s2 / 2) + s2 / 2))


def _answers(engine, shift: int):
    base = engine.read_answers("data/samples/example_answers.yaml").values
    out = dict(base)
    for item in engine.questionnaire.items:
        if item.type == "likert5" and out.get(item.id) is not None:
            out[item.id] = int(min(5, max(1, out[item.id] + shift)))
    return engine.validate(out)[0]


def test_agreement_flags_disagreement_and_role_gaps(engine):
    same = [_answers(engine, 0)] * 3
    a = ag.agreement(engine.questionnaire, engine.weights, same, ["marketing", "management", "other"])
    assert all(d.level in ("agree", "unknown") for d in a.dimensions)
    assert a.items == []
    split = [_answers(engine, -2), _answers(engine, 2), _answers(engine, -2), _answers(engine, 2)]
    b = ag.agreement(engine.questionnaire, engine.weights, split, ["marketing", "management"] * 2)
    assert any(d.level == "disagree" for d in b.dimensions)
    assert b.items and b.items[0].spread >= b.items[-1].spread
    gaps = [d.role_gap for d in b.dimensions if d.role_gap is not None]
    assert max(gaps) > ag.ROLE_GAP
    assert all(d.alpha is None and d.alpha_note for d in b.dimensions)


def test_combined_answers_equal_batch_group_by(engine, cli, tmp_path):
    """The web's combined result and `batch --group-by` score the same answers the same way."""
    from engine.scoring.vectorised import coded_columns, coded_from_values
    from engine.survey.template import RESPONDENT_ID

    sets = [_answers(engine, s) for s in (-1, 0, 2)]
    values, spread = combine_answer_sets(engine.questionnaire, engine.weights, sets)
    combined = engine.assess_valid(values)
    frame = coded_from_values(engine.questionnaire, sets)
    frame.insert(0, RESPONDENT_ID, ["r1", "r2", "r3"])
    frame["organisation"] = "acme"
    # the template layout: multi items as 0/1 columns; single items as option values
    q = engine.questionnaire
    for item in q.items:
        if item.type == "single":
            frame[item.id] = [None if v.get(item.id) is None else v[item.id] for v in sets]
    cols = [RESPONDENT_ID] + coded_columns(q) + ["organisation"]
    src = tmp_path / "answers.csv"
    frame[cols].to_csv(src, index=False)
    out = tmp_path / "groups.csv"
    assert cli("batch", src, "--group-by", "organisation", "-o", out, "-q").exit_code == 0
    row = pd.read_csv(out).iloc[0]
    assert row["maturity"] == pytest.approx(round(combined.profile.maturity, 1))
    assert row["recommended"] == combined.recommended
    assert row["spread_maturity.goals"] == pytest.approx(round(spread["maturity.goals"], 1))
