"""Writing calibrated weights with their provenance (``data/weights.yaml``)."""
from __future__ import annotations

import platform
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import Any, Mapping

import yaml

from ..files.atomic import atomic_write_text
from ..model.weights import Weights, weights_from_document

SUMMARY_KEYS = ("n", "top1", "top2", "macro_f1", "exit_precision", "exit_recall", "brier")
LIBRARIES = ("socialfit", "numpy", "scipy", "scikit-learn", "pandas")


def library_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def summary(metrics: Mapping[str, Any]) -> dict[str, float]:
    """The scalar metrics, rounded for the provenance block."""
    return {k: (metrics[k] if k == "n" else round(float(metrics[k]), 4)) for k in SUMMARY_KEYS}


def weights_document(weights: Weights, provenance: Mapping[str, Any]) -> str:
    """The YAML text of a weights file (``kind: socialfit.weights``) with ``provenance``."""
    doc = weights.to_document()
    doc["provenance"] = dict(provenance)
    header = ("# Scoring weights calibrated by `socialfit calibrate` (engine.calibration) on labelled cases.\n"
              "# See provenance for the data, settings and held-out metrics; docs/calibration.md explains them.\n")
    return header + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)


def write_weights(weights: Weights, provenance: Mapping[str, Any], path: str | Path, *, engine=None) -> Path:
    """Validate the document as the engine will load it, then write it atomically."""
    text = weights_document(weights, provenance)
    doc = yaml.safe_load(text)
    kwargs = {}
    if engine is not None:
        kwargs = {"model_ids": engine.catalogue.ids,
                  "item_scales": {i.id: i.feeds for i in engine.questionnaire.items}}
    weights_from_document(doc, str(path), **kwargs)  # raises DataError if the engine would reject it
    path = Path(path)
    if _same_weights(path, doc):
        return path  # the same result as the file holds: only the date would change, so keep it (a clean checkout)
    atomic_write_text(path, text)
    path.chmod(0o644)  # mkstemp creates 0600; a weights file is meant to be shared
    return path


def _same_weights(path: Path, doc: Mapping[str, Any]) -> bool:
    """Whether ``path`` already holds ``doc``, apart from the date of its provenance."""
    if not path.is_file():
        return False
    try:
        old = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return False
    if not isinstance(old, dict) or not isinstance(old.get("provenance"), dict):
        return False

    def undated(d: Mapping[str, Any]) -> dict:
        return {**d, "provenance": {k: v for k, v in d["provenance"].items() if k != "date"}}

    return undated(old) == undated(doc)


def provenance(*, data_path: str, sha256: str, n: int, sources: Mapping[str, int], settings: Mapping[str, Any],
               cv_prior: Mapping[str, Any], cv_calibrated: Mapping[str, Any], folds: int,
               vignettes: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "method": "calibrated",
        "date": date.today().isoformat(),
        "data": {"path": str(data_path), "sha256": sha256, "n": int(n), "sources": dict(sources)},
        "prior": "engine.calibration.prior (expert prior from data/models.yaml); the model-fit weights are regularised towards it",
        "settings": dict(settings),
        "metrics": {"evaluation": f"stratified {folds}-fold cross-validation, held-out folds pooled",
                    "prior": summary(cv_prior), "calibrated": summary(cv_calibrated)},
        "golden_vignettes": dict(vignettes),
        "versions": library_versions(),
    }
