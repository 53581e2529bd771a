"""Before/after metrics on held-out cases, and stratified cross-validation.

Predictions come from the whole engine (profile, linear fit, rules, ranking): what a user would see.
Probabilities for the Brier score and the calibration curve are ``softmax(z)`` of the linear scores.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.special import softmax
from sklearn.calibration import calibration_curve
from sklearn.metrics import confusion_matrix, f1_score, precision_score, recall_score
from sklearn.model_selection import StratifiedKFold

from ..errors import DataError, Problem
from ..rules.vectorised import assess_frame
from ..scoring import vectorised as bs
from .design import coded_cases
from .data import LabelledCases
from .estimator import WeightsCalibrator


@dataclass
class Predictions:
    recommended: np.ndarray   # model id per case
    second: np.ndarray        # the engine's second-ranked model per case
    take_exit: np.ndarray     # bool per case
    proba: np.ndarray         # N x models, softmax of z (catalogue order)


def assess_many(engine, answers):
    """Profile and rule outcome of many validated answer sets at once: the vectorised twin of
    ``engine.assess_valid`` (tests/test_batch_equality.py proves the two give the same ranking, fits
    and exit), which keeps calibration and its tests quick."""
    p, _base, outcome = assess_frame(engine, coded_cases(engine.questionnaire, answers))
    return p, outcome


def predict_cases(engine, cases: LabelledCases) -> Predictions:
    """Run the engine on every case, all at once through the vectorised scoring and rules (the same
    rankings and exit decisions as :meth:`engine.Engine.assess_valid`; tests/test_batch_equality.py)."""
    ids = engine.catalogue.ids
    if not len(cases.answers):
        empty = np.zeros(0, dtype=object)
        return Predictions(empty, empty, np.zeros(0, dtype=bool), np.zeros((0, len(ids))))
    p, out = assess_many(engine, cases.answers)
    names = np.array(ids, dtype=object)
    z = bs.linear_scores(engine.weights, ids, bs.features(p))
    return Predictions(names[out.order[:, 0]], names[out.order[:, 1]], np.asarray(out.take_exit, dtype=bool),
                       softmax(z, axis=1))


def metrics(cases: LabelledCases, pred: Predictions, model_ids: tuple[str, ...], *, bins: int = 10) -> dict[str, Any]:
    """top-1, top-2, macro-F1, confusion matrix, exit precision/recall, Brier score, calibration curve."""
    y = cases.labels
    Y = (y[:, None] == np.array(model_ids, dtype=object)[None, :]).astype(float)
    confidence = pred.proba.max(axis=1)
    correct = (np.array(model_ids, dtype=object)[pred.proba.argmax(axis=1)] == y).astype(int)
    frac, mean_conf = calibration_curve(correct, confidence, n_bins=bins, strategy="quantile") \
        if len(set(correct)) > 1 else (np.array([correct.mean()]), np.array([confidence.mean()]))
    present = [m for m in model_ids if m in set(y) or m in set(pred.recommended)]
    return {
        "n": int(len(y)),
        "top1": float((pred.recommended == y).mean()),
        "top2": float(((pred.recommended == y) | (pred.second == y)).mean()),
        "macro_f1": float(f1_score(y, pred.recommended, labels=present, average="macro", zero_division=0)),
        "confusion": {"labels": list(model_ids),
                      "matrix": confusion_matrix(y, pred.recommended, labels=list(model_ids)).tolist()},
        "exit_precision": float(precision_score(cases.take_exit, pred.take_exit, zero_division=0)),
        "exit_recall": float(recall_score(cases.take_exit, pred.take_exit, zero_division=0)),
        "exit_rate_true": float(cases.take_exit.mean()),
        "brier": float(((pred.proba - Y) ** 2).sum(axis=1).mean()),
        "calibration_curve": {"confidence": [float(v) for v in mean_conf], "accuracy": [float(v) for v in frac]},
    }


def check_class_counts(cases: LabelledCases, folds: int) -> None:
    """A clear error when a model among the labels has fewer cases than there are folds."""
    labels, counts = np.unique(cases.labels, return_counts=True)
    few = [(m, int(c)) for m, c in zip(labels, counts) if c < folds]
    if few:
        listing = ", ".join(f"{m!r} has {c}" for m, c in few)
        raise DataError(Problem(cases.path, "label", f"too few cases per model for {folds}-fold cross-validation: "
                                                     f"{listing}; each model among the labels needs at least "
                                                     f"{folds} cases (add cases or use fewer folds)"))


@dataclass
class CrossValidation:
    """Pooled held-out predictions of every fold, before (``prior``) and after (``calibrated``)."""

    folds: int
    prior: dict[str, Any]
    calibrated: dict[str, Any]
    fold_top1: list[dict[str, float]] = field(default_factory=list)
    thresholds: list[float] = field(default_factory=list)


def cross_validate(estimator: WeightsCalibrator, cases: LabelledCases, *, folds: int = 5, random_state: int = 0,
                   baseline=None, log=None) -> CrossValidation:
    """Stratified k-fold: fit on k-1 folds, predict the held-out fold; metrics over all held-out cases.

    ``baseline`` is the engine whose weights are "before" (default: the estimator's engine).
    """
    check_class_counts(cases, folds)
    baseline = baseline or estimator.engine
    ids = baseline.catalogue.ids
    skf = StratifiedKFold(n_splits=folds, shuffle=True, random_state=random_state)
    n = len(cases)
    per_fold, thresholds = [], []
    before_all = predict_cases(baseline, cases)
    after = Predictions(np.empty(n, dtype=object), np.empty(n, dtype=object), np.zeros(n, bool), np.zeros((n, len(ids))))
    for k, (train, test) in enumerate(skf.split(np.zeros(n), cases.labels), start=1):
        if log:  # a long run says where it is (a fold on many cases takes a while)
            log(f"fold {k} of {folds}: fitting on {len(train):,} cases")
        tr = cases.subset(train)
        est = estimator.__class__(**estimator.get_params())
        est.fit(tr.answers, tr.labels, take_exit=tr.take_exit, sample_weight=tr.weight)
        thresholds.append(est.exit_threshold_)
        p = predict_cases(estimator.engine.with_weights(est.weights_), cases.subset(test))
        after.recommended[test], after.second[test] = p.recommended, p.second
        after.take_exit[test], after.proba[test] = p.take_exit, p.proba
        per_fold.append({"prior": float((before_all.recommended[test] == cases.labels[test]).mean()),
                         "calibrated": float((p.recommended == cases.labels[test]).mean())})
    return CrossValidation(folds=folds, prior=metrics(cases, before_all, ids), calibrated=metrics(cases, after, ids),
                           fold_top1=per_fold, thresholds=thresholds)
