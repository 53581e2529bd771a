"""The HTML report of a calibration run (Jinja2, figures as inline SVG: one self-contained file)."""
from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from ..files.atomic import atomic_write_text
from .prior import prior_weights
from . import plots
from .output import SUMMARY_KEYS

LABELS = {"n": "cases", "top1": "top-1 accuracy", "top2": "top-2 accuracy", "macro_f1": "macro-F1",
          "exit_precision": "exit precision", "exit_recall": "exit recall", "brier": "Brier score (lower is better)"}


def render_report(result) -> str:
    """The report of a :class:`~engine.calibration.pipeline.CalibrationResult` as HTML text."""
    est = result.estimator
    ids = list(est.classes_)
    prior = prior_weights(est.engine.catalogue)
    env = Environment(loader=PackageLoader("engine.calibration", "templates"), autoescape=select_autoescape())
    rows = [{"name": LABELS[k], "prior": result.cv.prior[k], "calibrated": result.cv.calibrated[k]}
            for k in SUMMARY_KEYS]
    figures = {
        "confusion_prior": plots.svg(plots.confusion_figure(result.cv.prior, "Prior (held-out folds)")),
        "confusion_calibrated": plots.svg(plots.confusion_figure(result.cv.calibrated, "Calibrated (held-out folds)")),
        "weights": plots.svg(plots.weights_figure(prior, est.weights_, ids)),
        "calibration": plots.svg(plots.calibration_figure(result.cv.prior, result.cv.calibrated)),
    }
    items = sorted(est.weights_.item_weights.items())
    return env.get_template("report.html.j2").render(
        result=result, rows=rows, figures=figures, provenance=result.provenance, items=items,
        threshold=(prior.params["exit_readiness_threshold"], est.exit_threshold_), fold_top1=result.cv.fold_top1)


def write_report(result, path: str | Path) -> Path:
    atomic_write_text(path, render_report(result))
    return Path(path)
