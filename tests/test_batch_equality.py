"""The vectorised batch path (engine.batch_scoring + engine.batch_rules) equals the per-row path
(Engine.assess_valid, rules on durable-rules) on 10,000 random valid responses."""
from __future__ import annotations

import numpy as np
import pytest

from engine.rules import vectorised as br
from engine.scoring import vectorised as bs
from engine.model.answers import validate_answers
from engine.model.vocabulary import DECISIONS
from engine.calibration.random_answers import random_answer_rows

N = 10_000


@pytest.fixture(scope="module")
def both(engine):
    q = engine.questionnaire
    rows = random_answer_rows(q, N, seed=20240611)
    frame, dropped = bs.drop_hidden(q, bs.coded_from_values(q, rows))
    prof, base, outcome = br.assess_frame(engine, frame)
    per_row = [engine.assess_valid(r, language="en") for r in rows]
    return rows, frame, dropped, prof, base, outcome, per_row


def test_random_answers_are_valid_and_cover_every_rule(engine, both):
    rows, frame, dropped, prof, base, outcome, per_row = both
    for r in rows[:500]:
        values, warnings = validate_answers(engine.questionnaire, r)
        assert values == r and warnings == []
    assert not dropped.any()  # hidden items were already left out
    # every rule fires for some rows and not for others, so the comparison below means something
    counts = outcome.fired.sum(axis=0)
    assert all(0 < c < N for c in counts), dict(zip((r.id for r in engine.rules.rules), counts))


def test_coded_frame_round_trips(engine, both):
    rows, frame, *_ = both
    known = [{k: v for k, v in r.items() if v is not None} for r in rows[:300]]  # don't know is left out
    assert bs.values_from_coded(engine.questionnaire, frame.iloc[:300]) == known


def test_profiles_are_identical(both):
    rows, frame, dropped, prof, base, outcome, per_row = both
    for i, a in enumerate(per_row):
        p = a.profile
        for name in ("maturity", "readiness"):
            got = getattr(prof, name)[i]
            want = getattr(p, name)
            assert (np.isnan(got) and want is None) or got == want, (i, name)
        assert tuple(prof.shares[i]) == tuple(p.shares.values())
        assert prof.unknown_share[i] == p.unknown_share
        assert (np.isnan(prof.stage[i]) and p.stage is None) or prof.stage[i] == p.stage


def test_exit_ranking_and_reasons_are_identical(engine, both):
    rows, frame, dropped, prof, base, outcome, per_row = both
    ids = engine.catalogue.ids
    rule_ids = [r.id for r in engine.rules.rules]
    exits = [r.id for r in br.exit_rules(engine.rules)]
    fits1 = br.py_round(outcome.fits, 1)
    for i, a in enumerate(per_row):
        assert bool(outcome.take_exit[i]) == a.take_exit, i
        assert DECISIONS[outcome.decision[i]] == a.decision, i
        assert [ids[j] for j in outcome.order[i]] == [m.model for m in a.ranking], i
        fired = [rule_ids[j] for j in np.nonzero(outcome.fired[i])[0]]
        assert fired == [t["rule"] for t in a.trace], i
        assert [r for r in fired if r in exits] == [r["rule"] for r in a.exit_reasons], i
        for m in a.ranking:
            j = ids.index(m.model)
            assert bool(outcome.excluded[i, j]) == m.excluded
            assert (0.0 if m.excluded else fits1[i, j]) == m.fit, (i, m.model)


def test_every_exit_decision_occurs(both):
    *_, outcome, per_row = both
    counts = np.bincount(outcome.decision, minlength=len(DECISIONS))
    assert all(counts > 0), dict(zip(DECISIONS, counts))  # so the equality above covers all three


def test_py_round_matches_python_round():
    rng = np.random.default_rng(3)
    values = np.concatenate([rng.uniform(0, 100, 5000), np.array([0.125, 2.675, 1.005, 0.5, 99.995, 12.345])])
    for digits in (1, 2):
        assert list(br.py_round(values, digits)) == [round(float(v), digits) for v in values]
