"""The hand-written expert cases scored as a whole: per-model top-1/top-2, the confusion matrix, the exit's
precision and recall, and how often the synthetic expert (:func:`engine.calibration.synthetic.expert_label`)
agrees with the hand-written labels.

The cases are answers files with ``expect`` and ``rationale`` (the format of :mod:`engine.calibration.guard`):
the golden vignettes in ``tests/vignettes`` (tests require them; calibration trains on them) and the
held-out cases in ``benchmarks/cases`` (only ``benchmarks/expert_cases.py`` scores them; never trained on).
A case without ``take_exit`` expects no exit: an exit there is a false exit.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .guard import Vignette, load_vignettes
from .synthetic import expert_label, latent_from_profile


@dataclass(frozen=True)
class CaseResult:
    name: str
    expected: str | None  # the model, None for an exit case that names none
    expect_exit: bool
    ranking: tuple[str, ...]
    took_exit: bool


def score_cases(engine, cases: list[Vignette]) -> list[CaseResult]:
    out = []
    for case in cases:
        result = engine.assess_valid(case.values, language="en")
        out.append(CaseResult(Path(case.path).stem, case.expect.get("recommended"),
                              bool(case.expect.get("take_exit", False)),
                              tuple(m.model for m in result.ranking), result.take_exit))
    return out


def case_metrics(results: list[CaseResult], model_ids: tuple[str, ...]) -> dict:
    """top-1/top-2 overall and per model (recall), the confusion matrix (expected x recommended) and the
    exit's precision, recall and false exits."""
    labelled = [r for r in results if r.expected is not None]
    per_model = {}
    for m in model_ids:
        rows = [r for r in labelled if r.expected == m]
        per_model[m] = {"n": len(rows),
                        "top1": sum(r.ranking[0] == m for r in rows) / len(rows) if rows else None,
                        "top2": sum(m in r.ranking[:2] for r in rows) / len(rows) if rows else None}
    index = {m: i for i, m in enumerate(model_ids)}
    confusion = np.zeros((len(model_ids), len(model_ids)), dtype=int)
    for r in labelled:
        confusion[index[r.expected], index[r.ranking[0]]] += 1
    tp = sum(r.expect_exit and r.took_exit for r in results)
    predicted = sum(r.took_exit for r in results)
    actual = sum(r.expect_exit for r in results)
    return {
        "n": len(results), "n_models": len(labelled), "n_exits": actual,
        "top1": sum(r.ranking[0] == r.expected for r in labelled) / len(labelled) if labelled else None,
        "top2": sum(r.expected in r.ranking[:2] for r in labelled) / len(labelled) if labelled else None,
        "per_model": per_model, "confusion": confusion,
        "exit_precision": tp / predicted if predicted else None, "exit_recall": tp / actual if actual else None,
        "false_exits": predicted - tp,
        "misses": [f"{r.name}: expected {r.expected or 'exit'}, got {r.ranking[0]}"
                   + (" (exit)" if r.took_exit else "") for r in results
                   if (r.expected is not None and r.ranking[0] != r.expected) or r.took_exit != r.expect_exit],
    }


def labelling_agreement(engine, cases: list[Vignette]) -> dict:
    """How often the synthetic expert, shown each case's scored profile as its latent traits, picks the
    hand-written label (model cases) and the hand-written exit (all cases). No label noise."""
    rng = np.random.default_rng(0)
    models = exits = n_models = 0
    disagree = []
    for case in cases:
        profile = engine.profile(case.values)
        latent = latent_from_profile(profile, str(case.values.get("org_size", "medium")))
        first, _second, take_exit = expert_label(engine.catalogue, latent, rng, label_noise=0.0)
        expected = case.expect.get("recommended")
        expect_exit = bool(case.expect.get("take_exit", False))
        ok_model = expected is None or first == expected
        if expected is not None:
            n_models += 1
            models += ok_model
        exits += take_exit == expect_exit
        if not ok_model or take_exit != expect_exit:
            disagree.append(f"{Path(case.path).stem}: expected {expected or 'exit'}"
                            f"{' (exit)' if expect_exit and expected else ''}, synthetic expert says {first}"
                            f"{' (exit)' if take_exit else ''}")
    return {"n": len(cases), "model": models / n_models if n_models else None,
            "exit": exits / len(cases) if cases else None, "disagree": disagree}


def load_case_folder(folder: str | Path, q) -> list[Vignette]:
    return load_vignettes(folder, q)
