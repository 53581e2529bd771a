"""Golden vignettes: hand-written organisations for which the recommendation (or the exit) is known.

Each file in tests/vignettes/ is a scenario file (docs/scenarios.md; `socialfit test tests/vignettes`): an
ordinary answers file plus two top-level keys:

    expect: {recommended: <model id>}          # and/or take_exit: true|false
    rationale: "<one line drawn from shared/domain.md>"

The answers are validated by the engine's own answers validation (as `socialfit score` does) and then
assessed with the bundled questionnaire, rules, catalogue and weights. Calibration must keep these
passing: they state what the expert prior (domain.md) requires, whatever the fitted weights are.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml


VIGNETTES = Path(__file__).resolve().parent / "vignettes"
FILES = sorted(VIGNETTES.glob("*.yaml"))
MODEL_IDS = ("post", "oasis", "access", "social_strategy_model", "social_media_cycle", "strategie_framework",
             "faseringsmodel", "aht_framework", "ep_strategy_model")


def load_vignette(path: Path) -> tuple[dict, dict, str]:
    """(answers document without the test keys, expectation, rationale)."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    expect = doc.pop("expect")
    rationale = doc.pop("rationale")
    return doc, expect, rationale


def describe(result) -> str:
    top = ", ".join(f"{m.model} {m.fit:.1f}" + (" (excluded)" if m.excluded else "") for m in result.ranking[:3])
    p = result.profile
    exits = ", ".join(r["rule"] for r in result.exit_reasons) or "none"
    return (f"top 3: {top}; take_exit={result.take_exit} (knock-outs: {exits}); "
            f"maturity {p.maturity:.1f} (stage {p.stage}), readiness {p.readiness:.1f}, "
            f"primary owner {p.primary_owner}; rules fired: {', '.join(t['rule'] for t in result.trace) or 'none'}")


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_vignette(engine, path):
    """Each vignette is a scenario file (docs/scenarios.md), run as `socialfit test tests/vignettes` runs it."""
    from engine.scenarios import load_scenarios, run

    (outcome,) = run(engine, load_scenarios(engine, [path]))
    s = outcome.scenario
    result = engine.assess_valid(s.values, language=s.language, organisation=s.organisation)
    assert outcome.passed, (f"{path.name} ({s.organisation}): {'; '.join(outcome.failures)}\n  {describe(result)}\n"
                            f"  rationale: {s.rationale}")


def test_vignette_files_are_well_formed():
    """Every vignette states a known expectation and a one-line rationale; the set covers every model
    (three each), eight exits, both languages and every owner, communication and "nobody yet" included."""
    covered: dict[str, int] = {m: 0 for m in MODEL_IDS}
    exits = 0
    owners: set[str] = set()
    for path in FILES:
        doc, expect, rationale = load_vignette(path)
        assert set(expect) <= {"recommended", "take_exit"} and expect, f"{path.name}: expect {expect!r}"
        assert isinstance(rationale, str) and rationale.strip() and "\n" not in rationale.strip(), path.name
        assert doc.get("language") in ("nl", "en") and doc.get("organisation"), path.name
        owners.update(doc["answers"].get(k) for k in ("who_posts", "who_answers", "who_sets_goals", "who_reports"))
        if expect.get("take_exit") is True:
            exits += 1
        elif "recommended" in expect:
            assert expect["recommended"] in covered, f"{path.name}: unknown model {expect['recommended']!r}"
            covered[expect["recommended"]] += 1
    assert all(n >= 3 for n in covered.values()), f"fewer than three vignettes for: {covered}"
    assert exits >= 8, f"only {exits} exit vignettes"
    assert {"marketing", "communication", "customer_service", "management", "nobody_yet"} <= owners, owners
    languages = {load_vignette(p)[0]["language"] for p in FILES}
    assert languages == {"nl", "en"}


HELD_OUT = Path(__file__).resolve().parent.parent / "benchmarks" / "cases"


def test_held_out_cases_are_well_formed_and_with_the_golden_ones_cover_each_model_five_times():
    """The held-out cases are only scored by benchmarks/expert_cases.py; here only their form is checked."""
    per_model: dict[str, int] = {m: 0 for m in MODEL_IDS}
    exits = 0
    golden_answers = [load_vignette(p)[0]["answers"] for p in FILES]
    held = sorted(HELD_OUT.glob("*.yaml"))
    assert len(held) >= 30
    for path in FILES + held:
        doc, expect, rationale = load_vignette(path)
        assert isinstance(rationale, str) and rationale.strip() and "\n" not in rationale.strip(), path.name
        assert doc.get("language") in ("nl", "en") and doc.get("organisation"), path.name
        if expect.get("take_exit") is True:
            exits += 1
        else:
            per_model[expect["recommended"]] += 1
        if path in held:
            assert doc["answers"] not in golden_answers, f"{path.name} repeats a golden vignette"
    assert all(n >= 5 for n in per_model.values()), per_model
    assert exits >= 8, exits


def test_synthetic_labelling_agrees_with_the_golden_vignettes(engine):
    """engine.calibration.synthetic's expert, shown each vignette's scored profile, picks its label."""
    from engine.calibration.expert_cases import labelling_agreement, load_case_folder

    agreement = labelling_agreement(engine, load_case_folder(VIGNETTES, engine.questionnaire))
    print(f"synthetic labelling agrees: model {agreement['model']:.0%}, exit {agreement['exit']:.0%}")
    assert agreement["model"] >= 0.9 and agreement["exit"] >= 0.9, agreement["disagree"]
