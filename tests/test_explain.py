"""Why not, what if and stability (engine.explain): the gap terms add up, every what-if change gives the
outcome it claims when re-scored, and the stability figure is reproducible and honest."""
from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from conftest import EXAMPLE_ANSWERS, TESTS
from engine.explain import stability as st_mod
from engine.explain.changes import alternatives, apply
from engine.explain.decision import DECISIONS
from engine.explain.decision import of as decision_of
from engine.explain.stability import perturbed_outcomes, stability
from engine.explain.whatif import what_if
from engine.files.schemas import ASSESSMENT
from engine.files.validation import schema_problems
from engine.scoring import vectorised as bs
from test_properties import ENGINE, answers

VIGNETTES = sorted((TESTS / "vignettes").glob("*.yaml"))


def vignette_values(engine, path):
    import yaml

    from engine.model.answers import answers_from_document

    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc = {k: v for k, v in doc.items() if k not in ("expect", "rationale")}
    return answers_from_document(engine.questionnaire, doc, str(path)).values


# ---------------------------------------------------------------- why not


def check_terms_add_up(result):
    top = result.ranking[0]
    assert top.why_not is None
    for m in result.ranking[1:]:
        w = m.why_not
        assert w.behind == top.model
        # unrounded: exact up to float error; as printed (2 decimals): within rounding of every term
        assert sum(x.points for x in w.terms) == pytest.approx(w.gap, abs=1e-6)
        assert abs(sum(round(x.points, 2) for x in w.terms) - round(w.gap, 2)) <= 0.005 * (len(w.terms) + 1)
        # the gap is the difference of the fits the ranking shows (rounded to one decimal there)
        assert abs(w.gap - (top.fit - m.fit)) <= 0.1 + 1e-9


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers())
def test_why_not_terms_add_up_to_the_fit_difference(values):
    check_terms_add_up(ENGINE.assess_valid(values, language="en"))


@pytest.mark.parametrize("path", VIGNETTES, ids=[p.stem for p in VIGNETTES])
def test_why_not_terms_add_up_on_the_vignettes(engine, path):
    check_terms_add_up(engine.assess_valid(vignette_values(engine, path), language="nl"))


def test_why_not_is_in_the_json_and_valid(engine):
    result = engine.assess_file(EXAMPLE_ANSWERS)
    doc = result.to_dict()
    assert not schema_problems(doc, ASSESSMENT, "json")
    assert doc["ranking"][0]["why_not"] is None
    second = doc["ranking"][1]["why_not"]
    assert second["behind"] == doc["recommended"]
    kinds = {t["kind"] for t in second["terms"]}
    assert "baseline" in kinds and "need" in kinds
    # the largest cost comes first and is named in the summary
    assert second["terms"][0]["text"] in second["summary"]


def test_why_not_names_the_rules_that_moved_a_model(engine):
    """A fit rule that lowered a model shows up as its own term with the rule's points."""
    for path in VIGNETTES:
        result = engine.assess_valid(vignette_values(engine, path), language="en")
        for m in result.ranking[1:]:
            rule_terms = [x for x in m.why_not.terms if x.kind == "rule"]
            for term in rule_terms:
                rule = engine.rules.by_id[term.key]
                moved = {a.model: a.by for a in rule.then if a.kind == "adjust"}
                expected = moved.get(m.why_not.behind, 0.0) - moved.get(m.model, 0.0)
                assert term.points == pytest.approx(expected)
                assert term.key in [t["rule"] for t in result.trace]
            if rule_terms:
                return
    pytest.fail("no vignette has a rule term; the test proves nothing")


def test_excluded_model_is_explained_by_its_exclusion(engine):
    for path in VIGNETTES:
        result = engine.assess_valid(vignette_values(engine, path), language="en")
        for m in result.ranking[1:]:
            if m.excluded:
                assert [x.kind for x in m.why_not.terms] and all(x.kind == "excluded" for x in m.why_not.terms)
                assert sum(x.points for x in m.why_not.terms) == pytest.approx(m.why_not.gap)
                return
    pytest.skip("no vignette excludes a model")


def test_score_why_not_cli(cli):
    out = cli("score", str(EXAMPLE_ANSWERS), "--why-not", "oasis")
    assert out.exit_code == 0, out.output
    assert "OASIS is" in out.stdout and "together: the difference in fit" in out.stdout
    nl = cli("score", str(EXAMPLE_ANSWERS), "--why-not", "oasis", "--lang", "nl")
    assert "OASIS staat" in nl.stdout and "samen: het verschil in fit" in nl.stdout
    bad = cli("score", str(EXAMPLE_ANSWERS), "--why-not", "nope")
    assert bad.exit_code == 2 and "unknown model 'nope'" in bad.stderr


# ---------------------------------------------------------------- what if


def rescored(engine, values, changes):
    """The scalar (durable-rules) path on the changed answers; an item a change reveals stays unanswered."""
    return engine.assess_valid(apply(values, changes, engine.questionnaire), language="en")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers())
def test_every_what_if_change_gives_the_outcome_it_claims(values):
    results = what_if(ENGINE, values, goals=("top", "exit"))
    now = ENGINE.assess_valid(values, language="en")
    for r in results:
        assert (r.current.top, r.current.decision) == (now.recommended, decision_of(now))
        for f in r.found:
            assert len(f.changes) == r.size
            assert all(ENGINE.questionnaire.by_id[c.item].changeable for c in f.changes)
            again = rescored(ENGINE, values, f.changes)
            assert (again.recommended, decision_of(again)) == (f.outcome.top, f.outcome.decision), f.changes
            assert again.ranking[0].fit == pytest.approx(f.outcome.top_fit, abs=0.051)
            if r.goal == "top":
                assert again.recommended != now.recommended
            else:
                assert decision_of(again) != decision_of(now)


def test_what_if_is_minimal_and_ordered(engine):
    values = engine.read_answers(EXAMPLE_ANSWERS).values
    top, exit_ = what_if(engine, values)
    for r in (top, exit_):
        if r.size == 2:  # two changes only when no single change reaches the goal
            for c in alternatives(engine.questionnaire, values, changeable_only=True, one_step=False):
                again = rescored(engine, values, [c])
                if r.goal == "top":
                    assert again.recommended == r.current.top, c
                else:
                    assert decision_of(again) == r.current.decision, c
        keys = [(f.steps, [c.key for c in f.changes]) for f in r.found]
        assert keys == sorted(keys)
    assert what_if(engine, values) == [top, exit_]  # deterministic


def test_what_if_target_and_fixed_items(engine):
    values = vignette_values(engine, TESTS / "vignettes" / "post_1.yaml")
    (r,) = what_if(engine, values, goals=("target",), target="access")
    assert r.found and r.size == 1, "one change should make ACCESS first for this organisation"
    for f in r.found:
        assert rescored(engine, values, f.changes).recommended == "access"
    fixed = {i.id for i in engine.questionnaire.items if not i.changeable}
    assert {"org_size", "audience_on_social", "legal_constraints"} <= fixed
    assert not fixed & {c.item for f in r.found for c in f.changes}


def test_what_if_lifts_the_exit(engine):
    """For an organisation that takes the exit, what-if names what would let it start."""
    for path in VIGNETTES:
        values = vignette_values(engine, path)
        if not engine.assess_valid(values).take_exit:
            continue
        (r,) = what_if(engine, values, goals=("exit",))
        if r.found:
            assert all(decision_of(rescored(engine, values, f.changes)) != "not_now" for f in r.found)
            return
    pytest.fail("no exit vignette can be lifted with one or two changes")


def test_whatif_cli(cli, tmp_path):
    out = cli("whatif", str(EXAMPLE_ANSWERS))
    assert out.exit_code == 0, out.output
    assert "What would put another model before" in out.stdout and "What would change the exit decision" in out.stdout
    js = cli("whatif", str(EXAMPLE_ANSWERS), "--exit", "--format", "json")
    doc = json.loads(js.stdout)
    assert [g["goal"] for g in doc["goals"]] == ["exit"]
    nl = cli("whatif", str(TESTS / "vignettes" / "exit_1.yaml"), "--exit", "--lang", "nl")
    assert nl.exit_code in (0, 1)
    bad = cli("whatif", str(EXAMPLE_ANSWERS), "--target", "nope")
    assert bad.exit_code == 2 and "unknown model" in bad.stderr


# ---------------------------------------------------------------- stability


def test_unperturbed_weights_reproduce_the_advice(engine):
    for path in VIGNETTES[:8]:
        values = vignette_values(engine, path)
        result = engine.assess_valid(values)
        row = bs.coded_from_values(engine.questionnaire, [values])
        tops, exits = perturbed_outcomes(engine, row, draws=5, spread=0.0, seed=1)
        assert {engine.catalogue.ids[i] for i in tops} == {result.recommended}
        assert {DECISIONS[i] for i in exits} == {decision_of(result)}


def test_linear_scores_per_row_equals_the_shared_weights_version(engine):
    rows = bs.coded_from_values(engine.questionnaire, [vignette_values(engine, p) for p in VIGNETTES])
    x = bs.features(bs.profile(engine.questionnaire, engine.weights, rows))
    ids = engine.catalogue.ids
    coefs = [engine.weights.coefficients(m) for m in ids]
    n = len(rows)
    bias = np.tile([b for b, _ in coefs], (n, 1))
    w = np.tile(np.array([c for _, c in coefs]), (n, 1, 1))
    X = np.stack([x[f] for f in engine.weights.features], axis=1)
    assert np.allclose(bs.linear_scores_per_row(bias, w, X), bs.linear_scores(engine.weights, ids, x))


def test_stability_is_reproducible_and_in_range(engine):
    values = engine.read_answers(EXAMPLE_ANSWERS).values
    a, b = stability(engine, values), stability(engine, values)
    assert a == b
    for fig in (a.top_figure, a.exit_figure):
        assert 0.0 <= fig.weights <= 1.0 and 0.0 <= fig.answers <= 1.0
        assert fig.draws == st_mod.DRAWS and fig.steps > 0
    other = stability(engine, values, seed=7)
    assert other.top == a.top


def test_answer_step_share_matches_rescoring(engine):
    """The answers part is the share of one-step moves that keep the outcome, re-scored one by one."""
    values = vignette_values(engine, TESTS / "vignettes" / "oasis_1.yaml")
    s = stability(engine, values, draws=50)
    moves = alternatives(engine.questionnaire, values, changeable_only=False, one_step=True)
    kept = [rescored(engine, values, [c]) for c in moves]
    assert s.top_figure.answers == pytest.approx(sum(r.recommended == s.top for r in kept) / len(moves))
    assert s.exit_figure.answers == pytest.approx(sum(decision_of(r) == s.decision for r in kept) / len(moves))


def test_close_call_names_both_models(engine):
    for path in VIGNETTES:
        values = vignette_values(engine, path)
        result = engine.assess_valid(values, language="en")
        s = engine.stability(values, result)
        if s.close:
            text = s.close_text(engine.catalogue, "en")
            assert engine.catalogue.by_id[s.top].name in text and engine.catalogue.by_id[s.runner_up].name in text
            assert " are close: " in text
            assert not schema_problems(result.to_dict(), ASSESSMENT, "json")
            assert result.to_dict()["stability"]["close"] is True
            return
    pytest.fail("no vignette is a close call; the test proves nothing")


# ---------------------------------------------------------------- stability in batch


def test_batch_answer_step_shares_equal_the_single_organisation_figure(engine):
    from engine.explain.coverage import random_frame
    from engine.explain.stability import answer_step_shares

    frame = random_frame(engine.questionnaire, 40, seed=11)
    top, exit_, steps = answer_step_shares(engine, frame)
    for i, values in enumerate(bs.values_from_coded(engine.questionnaire, frame)):
        s = stability(engine, values, draws=5)
        assert s.top_figure.steps == steps[i]
        if s.top_figure.answers is None:
            assert np.isnan(top[i]) and np.isnan(exit_[i])
        else:
            assert (s.top_figure.answers, s.exit_figure.answers) == pytest.approx((top[i], exit_[i]), abs=1e-12)


def write_template_csv(engine, rows, path):
    """Validated answer sets as a template export (blank = unknown), the way a survey tool writes them."""
    import csv

    from engine.survey.template import template_columns

    q = engine.questionnaire
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(template_columns(q))
        for i, values in enumerate(rows):
            cells = [f"r{i}"]
            for item in q.items:
                v = values.get(item.id)
                if item.type == "multi":
                    cells += ["" if v is None else str(int(o.value in v)) for o in item.options]
                else:
                    cells.append("" if v is None else str(v))
            out.writerow(cells)


def batch_rows(cli, survey, out, *args):
    import csv

    done = cli("batch", str(survey), "-o", str(out), "-q", *args)
    assert done.exit_code == 0, done.output
    return list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))


def test_batch_stability_columns_equal_the_score_figure(engine, cli, tmp_path):
    """Each scored row's columns are the figure socialfit score shows for that organisation alone:
    the same 1,000 seeded weight draws for every row, the same answer moves."""
    from engine.calibration.random_answers import random_answer_rows

    rows = [engine.validate(r)[0] for r in random_answer_rows(engine.questionnaire, 8, seed=5, dont_know=0.05)]
    rows.insert(3, {"org_size": rows[0]["org_size"]})  # incomplete: not scored, empty columns
    survey = tmp_path / "generated.csv"
    write_template_csv(engine, rows, survey)
    got = batch_rows(cli, survey, tmp_path / "stab.csv", "--stability")
    assert [c for c in got[0] if c.startswith("stability")] == [
        "stability_top", "stability_top_verdict", "stability_exit", "stability_exit_verdict"]
    checked = 0
    for row, values in zip(got, rows):
        if row["status"] != "ok":
            assert row["stability_top"] == row["stability_top_verdict"] == ""
            continue
        s = stability(engine, values)
        assert row["recommended"] == s.top
        for name, fig in (("stability_top", s.top_figure), ("stability_exit", s.exit_figure)):
            assert float(row[name]) == round(fig.share, 3), (row["row"], name, fig)
            assert row[f"{name}_verdict"] == ("firm" if fig.firm else "sensitive")
        checked += 1
    assert checked >= 5 and any(r["status"] != "ok" for r in got)
    # the weight part is really in the figure: some row's figure is below its answers-only share
    from engine.explain.stability import answer_step_shares

    ok = [v for v, r in zip(rows, got) if r["status"] == "ok"]
    answers_only, _, _ = answer_step_shares(engine, bs.drop_hidden(engine.questionnaire,
                                                                   bs.coded_from_values(engine.questionnaire, ok))[0])
    shown = [float(r["stability_top"]) for r in got if r["status"] == "ok"]
    assert any(s < round(float(a), 3) for s, a in zip(shown, answers_only) if not np.isnan(a))


def test_figure_shares_do_not_depend_on_the_chunking(engine):
    from engine.explain.coverage import random_frame
    from engine.explain.stability import figure_shares

    frame = random_frame(engine.questionnaire, 12, seed=4)
    whole = figure_shares(engine, frame, draws=300)
    small = figure_shares(engine, frame, draws=300, cells=700)  # two rows per chunk
    assert all(np.array_equal(a, b) for a, b in zip(whole, small))
    for i, values in enumerate(bs.values_from_coded(engine.questionnaire, frame)[:4]):
        s = stability(engine, values, draws=300)
        assert (whole[0][i], whole[1][i]) == (s.top_figure.share, s.exit_figure.share)


def test_batch_stability_draws_option(cli, tmp_path):
    from conftest import ROOT

    survey = ROOT / "data" / "samples" / "team_survey.csv"
    plain = batch_rows(cli, survey, tmp_path / "plain.csv")
    assert "stability_top" not in plain[0]
    few = batch_rows(cli, survey, tmp_path / "few.csv", "--stability", "--stability-draws", "20")
    for row in few:
        if row["status"] == "ok":
            assert 0.0 <= float(row["stability_top"]) <= 1.0 and 0.0 <= float(row["stability_exit"]) <= 1.0
            assert row["stability_exit_verdict"] in ("firm", "sensitive")
        else:
            assert row["stability_top"] == ""
    bad = cli("batch", str(survey), "-o", str(tmp_path / "bad.csv"), "--stability", "--stability-draws", "0")
    assert bad.exit_code == 2 and "--stability-draws" in bad.stderr


# ---------------------------------------------------------------- the questionnaire's changeable marks


def test_changeable_is_validated_with_file_and_line(cli, tmp_path):
    from conftest import ROOT

    text = (ROOT / "questionnaires" / "intake.yaml").read_text(encoding="utf-8")
    old = "  - id: org_size\n    section: organisation\n    type: single\n    changeable: false\n"
    assert old in text
    path = tmp_path / "intake.yaml"
    path.write_text(text.replace(old, old.replace("changeable: false", "changeable: sometimes"), 1), encoding="utf-8")
    out = cli("validate", "--questionnaire", str(path))
    assert out.exit_code == 1
    line = text.splitlines().index("  - id: org_size") + 4
    assert f"{path}:{line}:" in out.stderr and "changeable" in out.stderr, out.stderr


def test_what_an_organisation_can_and_cannot_influence(engine):
    by_id = engine.questionnaire.by_id
    assert by_id["mgmt_support"].changeable and by_id["budget"].changeable and by_id["team_skills"].changeable
    assert not by_id["org_size"].changeable and not by_id["audience_on_social"].changeable
    assert not by_id["legal_constraints"].changeable
