"""Scoring weights (``data/weights.yaml``): the expert prior now, the calibrated weights later.

The model-fit part is linear per model: ``z = bias + sum(w[f] * x[f])`` over the features of
:data:`engine.model.vocabulary.FEATURES`, and ``fit = 100 / (1 + exp(-(z - mean z)))``. This is the form the
calibration fits.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from ..errors import DataError, Problem
from ..files.loading import field_path, load_document, locate
from ..files.schemas import WEIGHTS
from ..files.cache import checked_schema
from .vocabulary import FEATURES, MATURITY_DIMENSIONS, READINESS_DIMENSIONS

# Parameters the rules may name as {param: NAME}; each must be present in the weights file.
KNOWN_PARAMS = ("exit_readiness_threshold",)


@dataclass(frozen=True)
class Weights:
    features: tuple[str, ...]
    model_fit: Mapping[str, Mapping[str, float]]  # model id -> {"bias": b, feature: w}
    maturity_dimensions: Mapping[str, float]
    readiness_dimensions: Mapping[str, float]
    item_weights: Mapping[str, Mapping[str, float]]  # item id -> scale -> weight (overrides)
    params: Mapping[str, float]
    provenance: Mapping[str, Any] = field(default_factory=dict)
    source: str = ""

    def coefficients(self, model_id: str) -> tuple[float, list[float]]:
        """(bias, weights in feature order) for one model; missing features weigh 0."""
        row = self.model_fit[model_id]
        return float(row.get("bias", 0.0)), [float(row.get(f, 0.0)) for f in self.features]

    def to_document(self) -> dict:
        """The weights as a data document (what :func:`save_weights` writes)."""
        return {
            "kind": "socialfit.weights",
            "format_version": 1,
            "provenance": dict(self.provenance),
            "features": list(self.features),
            "model_fit": {m: {k: float(v) for k, v in row.items()} for m, row in self.model_fit.items()},
            "dimension_weights": {"maturity": dict(self.maturity_dimensions),
                                  "readiness": dict(self.readiness_dimensions)},
            "item_weights": {i: dict(w) for i, w in self.item_weights.items()},
            "params": dict(self.params),
        }


def weights_from_document(doc: Mapping, source: str, *, model_ids: tuple[str, ...] | None = None,
                          item_scales: Mapping[str, Any] | None = None) -> Weights:
    """Validate a weights document against the vocabulary and build :class:`Weights`."""
    problems = checked_schema(doc, WEIGHTS, source)
    if problems:
        raise DataError(problems)

    def problem(path: list, message: str) -> None:
        problems.append(Problem(locate(source, doc, path), field_path(path), message))

    for i, name in enumerate(doc["features"]):
        if name not in FEATURES:
            problem(["features", i], f"unknown feature {name!r}; allowed: {', '.join(FEATURES)}")
    allowed_keys = set(doc["features"]) | {"bias"}
    for model, row in doc["model_fit"].items():
        if model_ids is not None and model not in model_ids:
            problem(["model_fit", model], f"unknown model {model!r}; known: {', '.join(model_ids)}")
        for key in row:
            if key not in allowed_keys:
                problem(["model_fit", model, key], f"unknown weight {key!r}; allowed: bias, {', '.join(doc['features'])}")
    if model_ids is not None:
        for model in model_ids:
            if model not in doc["model_fit"]:
                problem(["model_fit"], f"no weights for model {model!r}")
    for group, dims in (("maturity", MATURITY_DIMENSIONS), ("readiness", READINESS_DIMENSIONS)):
        given = doc["dimension_weights"][group]
        for key, value in given.items():
            if key not in dims:
                problem(["dimension_weights", group, key], f"unknown {group} dimension {key!r}; allowed: {', '.join(dims)}")
            elif value < 0:
                problem(["dimension_weights", group, key], f"got {value}; expected a weight of 0 or more")
    for item, scales in (doc.get("item_weights") or {}).items():
        if item_scales is not None and item not in item_scales:
            problem(["item_weights", item], f"unknown item {item!r}")
            continue
        for scale, value in scales.items():
            if item_scales is not None and scale not in item_scales[item]:
                problem(["item_weights", item, scale], f"item {item!r} does not feed {scale!r}")
            if value <= 0:
                problem(["item_weights", item, scale], f"got {value}; expected a weight above 0")
    for name in KNOWN_PARAMS:
        if name not in doc["params"]:
            problem(["params"], f"missing parameter {name!r}")
    if problems:
        raise DataError(problems)
    return Weights(
        features=tuple(doc["features"]),
        model_fit={m: dict(r) for m, r in doc["model_fit"].items()},
        maturity_dimensions={d: float(doc["dimension_weights"]["maturity"].get(d, 1.0)) for d in MATURITY_DIMENSIONS},
        readiness_dimensions={d: float(doc["dimension_weights"]["readiness"].get(d, 1.0)) for d in READINESS_DIMENSIONS},
        item_weights={i: dict(w) for i, w in (doc.get("item_weights") or {}).items()},
        params={k: float(v) for k, v in doc["params"].items()},
        provenance=dict(doc["provenance"]),
        source=source,
    )


def load_weights(path: str | Path, *, model_ids=None, item_scales=None) -> Weights:
    """Load and validate ``data/weights.yaml``."""
    return weights_from_document(load_document(path), str(path), model_ids=model_ids, item_scales=item_scales)
