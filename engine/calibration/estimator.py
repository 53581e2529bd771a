"""``WeightsCalibrator``: fits the weights the engine uses to labelled cases (scikit-learn contract).

What it fits:

- **model-fit weights** (bias and one weight per feature for each of the nine models): a multinomial
  logistic model ``P(model | x) = softmax(z)`` with ``z = bias + W x`` -- the engine's own linear score,
  whose ``sigmoid(z - mean z)`` is the base fit -- by L-BFGS on the weighted log-likelihood with an L2 penalty
  ``alpha/2 * ||(bias, W) - prior||^2`` that pulls every weight towards the expert prior;
- **item weights within the needs scales** (``w = w0 * exp(u)``, penalty ``item_alpha/2 * ||u||^2``),
  fitted jointly with the model weights, and kept only where the data supports it: a random
  (``random_state``) stratified validation split of the training cases must show a lower log-loss with
  them than without;
- **the exit threshold** (``params.exit_readiness_threshold``): the readiness score below which the
  rule ``exit_low_readiness`` takes the exit, chosen to maximise the F1 score of the exit on the
  training cases (the other knock-outs fire as they do), ties going to the value nearest the prior.

``__init__`` only stores its arguments; ``fit`` validates, learns and returns ``self``; learned
attributes end in ``_``.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any, Mapping, Sequence

import numpy as np
from scipy.optimize import minimize
from scipy.special import log_softmax, softmax
from sklearn.base import BaseEstimator
from sklearn.model_selection import train_test_split

from ..errors import DataError, Problem, UsageError
from .prior import prior_weights
from ..model.vocabulary import FEATURES
from ..model.weights import Weights
from ..rules.vectorised import assess_frame
from .design import Design, build_design, coded_cases

THRESHOLD_PARAM = "exit_readiness_threshold"


class WeightsCalibrator(BaseEstimator):
    """Fit model-fit weights, needs item weights and the exit threshold to labelled cases.

    Parameters
    ----------
    engine : engine.Engine
        Questionnaire, catalogue and rules to calibrate for; its weights supply the item and dimension
        weights the fit starts from.
    prior : Weights or None
        The weights to regularise towards; ``None`` = the expert prior of :mod:`engine.calibration.prior`.
    alpha : float
        L2 strength towards the prior for the model-fit weights (per case; larger = closer to the prior).
    item_alpha : float
        L2 strength on the item log-weights.
    class_weight : "balanced", None or dict
        Case weights per model: "balanced" weighs each model inversely to its frequency.
    fit_item_weights, fit_exit_threshold : bool
        Whether to fit these parts at all.
    validation_size : float
        Share of the training cases held out to decide whether fitted item weights are kept.
    max_iter : int
        L-BFGS iterations.
    random_state : int
        Seed of the validation split (the only random step).
    """

    def __init__(self, engine=None, *, prior: Weights | None = None, alpha: float = 0.005, item_alpha: float = 0.05,
                 class_weight: str | dict | None = None, fit_item_weights: bool = True,
                 fit_exit_threshold: bool = True, validation_size: float = 0.25, max_iter: int = 500,
                 random_state: int = 0):
        self.engine = engine
        self.prior = prior
        self.alpha = alpha
        self.item_alpha = item_alpha
        self.class_weight = class_weight
        self.fit_item_weights = fit_item_weights
        self.fit_exit_threshold = fit_exit_threshold
        self.validation_size = validation_size
        self.max_iter = max_iter
        self.random_state = random_state

    # ------------------------------------------------------------------ fitting

    def _check_params(self) -> None:
        if self.engine is None:
            raise UsageError("WeightsCalibrator needs engine=Engine.load(...) (questionnaire, catalogue, rules)")
        for name in ("alpha", "item_alpha"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not value >= 0:
                raise UsageError(f"{name} must be a float in the range [0, inf). Got {value!r} instead.")
        if not 0 < self.validation_size < 1:
            raise UsageError(f"validation_size must be a float in the range (0, 1). Got {self.validation_size!r} instead.")
        if not (self.class_weight in (None, "balanced") or isinstance(self.class_weight, dict)):
            raise UsageError(f"class_weight must be 'balanced', None or a dict. Got {self.class_weight!r} instead.")

    def fit(self, X: Sequence[Mapping[str, Any]], y: Sequence[str], *, take_exit: Sequence[bool] | None = None,
            sample_weight: Sequence[float] | None = None) -> "WeightsCalibrator":
        """Learn from validated answers ``X`` (one mapping per case), model ids ``y`` and exit labels."""
        self._check_params()
        catalogue = self.engine.catalogue
        self.classes_ = np.array(catalogue.ids, dtype=object)
        y = np.asarray(y, dtype=object)
        if len(X) != len(y):
            raise UsageError(f"X has {len(X)} cases but y has {len(y)} labels")
        if len(y) == 0:
            raise DataError(Problem("", "label", "no cases to calibrate on"))
        unknown = sorted(set(y) - set(catalogue.ids))
        if unknown:
            raise DataError(Problem("", "label", f"unknown model id(s) {', '.join(map(repr, unknown))}; "
                                                 f"expected one of: {', '.join(catalogue.ids)}"))
        sw = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, dtype=float)
        sw = sw * self._class_weights(y)
        self.prior_ = self.prior if self.prior is not None else prior_weights(catalogue)
        start = self.engine.weights
        Y = (y[:, None] == self.classes_[None, :]).astype(float)
        design = build_design(self.engine.questionnaire, start, X)
        self.n_features_in_ = len(FEATURES)
        self.feature_names_in_ = np.array(FEATURES, dtype=object)

        fit_mask = self._item_mask(design) if self.fit_item_weights else np.zeros(len(design.pairs()), bool)
        theta, info = self._optimise(design, Y, sw, fit_mask)
        self.item_weights_kept_ = False
        if fit_mask.any():
            kept, theta_items, theta_plain = self._items_supported(design, Y, sw, y, fit_mask)
            self.item_weights_kept_ = kept
            if not kept:
                theta, info = self._optimise(design, Y, sw, np.zeros_like(fit_mask))
        self.n_iter_ = int(info.nit)
        self.converged_ = bool(info.success)
        K, F = len(self.classes_), len(FEATURES)
        self.intercept_ = theta[:K]
        self.coef_ = theta[K:K + K * F].reshape(K, F)
        u = theta[K + K * F:]
        self.item_log_weights_ = {pair: float(v) for pair, v, m in zip(design.pairs(), u, fit_mask) if m}
        self.training_loss_ = float(info.fun)

        item_weights = {i: dict(s) for i, s in start.item_weights.items()}
        for (item, scale), value in self.item_log_weights_.items():
            base = start.item_weights.get(item, {}).get(scale, self.engine.questionnaire.by_id[item].feeds[scale])
            new = round(float(base * np.exp(value)), 4)
            if abs(new - self.engine.questionnaire.by_id[item].feeds[scale]) > 1e-9:
                item_weights.setdefault(item, {})[scale] = new
            elif item in item_weights:
                item_weights[item].pop(scale, None)
        item_weights = {i: s for i, s in item_weights.items() if s}
        model_fit = {m: {"bias": round(float(self.intercept_[k]), 6),
                         **{f: round(float(self.coef_[k, j]), 6) for j, f in enumerate(FEATURES)}}
                     for k, m in enumerate(self.classes_)}
        weights = replace(start, features=FEATURES, model_fit=model_fit, item_weights=item_weights)
        self.exit_threshold_ = float(start.params[THRESHOLD_PARAM])
        if self.fit_exit_threshold and take_exit is not None:
            self.exit_threshold_ = self._fit_threshold(weights, X, np.asarray(take_exit, dtype=bool),
                                                       np.asarray(sample_weight if sample_weight is not None
                                                                  else np.ones(len(y)), dtype=float))
        self.weights_ = replace(weights, params={**start.params, THRESHOLD_PARAM: self.exit_threshold_})
        return self

    def _class_weights(self, y: np.ndarray) -> np.ndarray:
        if self.class_weight is None:
            return np.ones(len(y))
        if self.class_weight == "balanced":
            present, counts = np.unique(y, return_counts=True)
            per = {c: len(y) / (len(present) * n) for c, n in zip(present, counts)}
            return np.array([per[c] for c in y])
        return np.array([float(self.class_weight.get(c, 1.0)) for c in y])

    def _item_mask(self, design: Design) -> np.ndarray:
        """Fit an item weight only in scales with two or more items that were both answered often."""
        mask = []
        for s in design.needs:
            both = (s.answered.sum(axis=1) >= 2).sum()
            ok = len(s.items) >= 2 and both >= 30
            mask += [ok] * len(s.items)
        return np.array(mask, dtype=bool)

    def _prior_vector(self) -> np.ndarray:
        rows = [self.prior_.coefficients(m) for m in self.classes_]
        return np.concatenate([[b for b, _ in rows], np.array([w for _, w in rows]).ravel()])

    def _optimise(self, design: Design, Y: np.ndarray, sw: np.ndarray, fit_mask: np.ndarray):
        K, F = Y.shape[1], len(FEATURES)
        prior = self._prior_vector()
        n_u = len(fit_mask)
        total = sw.sum()
        alpha, item_alpha = float(self.alpha), float(self.item_alpha)
        use_u = bool(fit_mask.any())
        x0 = design.matrix(None)

        def loss(theta: np.ndarray):
            b, W, u = theta[:K], theta[K:K + K * F].reshape(K, F), theta[K + K * F:] * fit_mask
            x = design.matrix(u) if use_u else x0
            z = b + x @ W.T
            logp = log_softmax(z, axis=1)
            nll = -(sw * (Y * logp).sum(axis=1)).sum() / total
            G = (np.exp(logp) - Y) * (sw / total)[:, None]
            d = theta[:K + K * F] - prior
            value = nll + 0.5 * alpha * d @ d + 0.5 * item_alpha * u @ u
            grad = np.concatenate([G.sum(axis=0), (G.T @ x).ravel(),
                                   (design.grad_u(u, x, G @ W) + item_alpha * u) * fit_mask if use_u else np.zeros(n_u)])
            grad[:K + K * F] += alpha * d
            return value, grad

        start = np.concatenate([prior, np.zeros(n_u)])
        res = minimize(loss, start, jac=True, method="L-BFGS-B",
                       options={"maxiter": int(self.max_iter), "gtol": 1e-7})
        return res.x, res

    def _items_supported(self, design: Design, Y, sw, y, fit_mask):
        """Does a held-out split prefer fitted item weights to the current ones? (lower log-loss)"""
        idx = np.arange(len(y))
        _, counts = np.unique(y, return_counts=True)
        strat = y if counts.min() >= 2 else None
        train, val = train_test_split(idx, test_size=self.validation_size, random_state=self.random_state,
                                      stratify=strat)
        sub = lambda d, i: Design(fixed=d.fixed[i], needs=tuple(replace(s, scores=s.scores[i], answered=s.answered[i])
                                                                 for s in d.needs))
        dtrain, dval = sub(design, train), sub(design, val)
        losses = []
        thetas = []
        for mask in (fit_mask, np.zeros_like(fit_mask)):
            theta, _ = self._optimise(dtrain, Y[train], sw[train], mask)
            K, F = Y.shape[1], len(FEATURES)
            x = dval.matrix(theta[K + K * F:] * mask)
            z = theta[:K] + x @ theta[K:K + K * F].reshape(K, F).T
            losses.append(-(sw[val] * (Y[val] * log_softmax(z, axis=1)).sum(axis=1)).sum() / sw[val].sum())
            thetas.append(theta)
        self.item_validation_loss_ = {"fitted": float(losses[0]), "current": float(losses[1])}
        return losses[0] < losses[1], thetas[0], thetas[1]

    def _fit_threshold(self, weights: Weights, X, take_exit: np.ndarray, sw: np.ndarray) -> float:
        """Best F1 of the exit over thresholds 0..100 (step 0.5); ties to the value nearest the prior."""
        prior_t = float(self.prior_.params.get(THRESHOLD_PARAM, weights.params[THRESHOLD_PARAM]))
        if take_exit.sum() < 5 or (~take_exit).sum() < 5:
            return float(weights.params[THRESHOLD_PARAM])
        probe = self.engine.with_weights(replace(weights, params={**weights.params, THRESHOLD_PARAM: -1.0}))
        # all cases at once through the vectorised rules (the same decisions as assess_valid, row by row)
        p, _base, outcome = assess_frame(probe, coded_cases(self.engine.questionnaire, X))
        other = np.asarray(outcome.take_exit, dtype=bool)
        readiness = np.where(np.isnan(p.readiness), np.inf, p.readiness)
        best = (-1.0, 0.0, prior_t)
        for t in np.arange(0.0, 100.5, 0.5):
            pred = other | (readiness < t)
            tp = sw[pred & take_exit].sum()
            fp = sw[pred & ~take_exit].sum()
            fn = sw[~pred & take_exit].sum()
            f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
            key = (round(f1, 9), -abs(t - prior_t), float(t))
            if key > best:
                best = key
        return best[2]

    # ------------------------------------------------------------------ using the fit

    def _check_fitted(self) -> None:
        if not hasattr(self, "weights_"):
            raise UsageError("This WeightsCalibrator is not fitted yet; call fit(X, y) first.")

    def decision_function(self, X: Sequence[Mapping[str, Any]]) -> np.ndarray:
        """The linear score ``z`` per case and model (columns in ``classes_`` order)."""
        self._check_fitted()
        x = build_design(self.engine.questionnaire, self.weights_, X).fixed
        return self.intercept_ + x @ self.coef_.T

    def predict_proba(self, X: Sequence[Mapping[str, Any]]) -> np.ndarray:
        """``softmax(z)``: the probability of each model being the expert's choice."""
        return softmax(self.decision_function(X), axis=1)

    def predict(self, X: Sequence[Mapping[str, Any]]) -> np.ndarray:
        """The engine's recommendation with the fitted weights (rules included)."""
        self._check_fitted()
        _p, _base, outcome = assess_frame(self.engine.with_weights(self.weights_), coded_cases(self.engine.questionnaire, X))
        return np.array(self.engine.catalogue.ids, dtype=object)[outcome.order[:, 0]]
