"""One calibration run, as ``socialfit calibrate`` and the notebook do it:

load labelled cases -> cross-validate (prior vs calibrated on held-out folds) -> fit on every case ->
check the golden vignettes -> write the weights file with provenance (refused when a vignette fails,
unless ``force``).

Calibration always starts from the expert prior (:func:`engine.calibration.prior.prior_weights`), whatever weights
file the engine was loaded with, so a run does not depend on an earlier calibration.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ..errors import DataError, Problem
from .prior import prior_weights
from ..files.resources import bundled_root
from .data import LabelledCases, load_cases
from .estimator import WeightsCalibrator
from .evaluation import CrossValidation, check_class_counts, cross_validate
from .guard import load_vignettes, vignette_failures
from .output import provenance, write_weights


def _shown(path: Path) -> str:
    """A path relative to the working directory when it lies below it (provenance stays portable)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def default_vignettes_dir() -> Path:
    """tests/vignettes of a source checkout; an installed wheel ships them as engine/_bundled/tests/vignettes."""
    return bundled_root() / "tests" / "vignettes"


@dataclass
class CalibrationResult:
    estimator: WeightsCalibrator
    cases: LabelledCases
    cv: CrossValidation
    vignettes: int
    failures: list[str]
    prior_failures: list[str]
    provenance: dict[str, Any]
    written: Path | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def weights(self):
        return self.estimator.weights_

    @property
    def prior_threshold(self) -> float:
        return float(self.estimator.prior_.params["exit_readiness_threshold"])


class GuardRailError(DataError):
    """The calibrated weights make a golden vignette fail (exit 1; ``--force`` writes anyway)."""


def calibrate(data: str | Path | LabelledCases, *, engine=None, output: str | Path | None = None, folds: int = 5,
              alpha: float = 0.005, item_alpha: float = 0.05, class_weight: str | None = None,
              fit_item_weights: bool = True, random_state: int = 0, vignettes_dir: str | Path | None = None,
              force: bool = False, log: Callable[[str], None] | None = None) -> CalibrationResult:
    """Run a calibration; see the module docstring. ``log`` receives progress lines."""
    from .. import Engine

    say = log or (lambda _msg: None)
    folder = Path(vignettes_dir) if vignettes_dir is not None else default_vignettes_dir()
    if not folder.is_dir():  # never a silent "checked nothing": the guard rail is the point of -o
        from ..errors import UsageError

        if vignettes_dir is not None:
            raise UsageError(f"--vignettes {folder}: no such folder; the golden vignettes guard the calibrated weights")
        raise DataError(Problem(str(folder), "", "the golden vignettes are missing from this installation; "
                                                 "pass --vignettes FOLDER"))
    loaded = engine or Engine.load()
    base = loaded.with_weights(prior_weights(loaded.catalogue))
    vignettes = load_vignettes(folder, base.questionnaire)  # before the fit: a broken vignette fails fast
    cases = data if isinstance(data, LabelledCases) else load_cases(data, base.questionnaire, base.catalogue)
    check_class_counts(cases, folds)
    estimator = WeightsCalibrator(base, alpha=alpha, item_alpha=item_alpha, class_weight=class_weight,
                                  fit_item_weights=fit_item_weights, random_state=random_state)
    say(f"{len(cases)} labelled cases; {folds}-fold cross-validation")
    cv = cross_validate(estimator, cases, folds=folds, random_state=random_state, log=say)
    say(f"held-out top-1: prior {cv.prior['top1']:.3f}, calibrated {cv.calibrated['top1']:.3f}")
    say("fitting on every case")
    estimator.fit(cases.answers, cases.labels, take_exit=cases.take_exit, sample_weight=cases.weight)
    calibrated = base.with_weights(estimator.weights_)
    failures = vignette_failures(calibrated, vignettes)
    prior_failures = vignette_failures(base, vignettes)
    notes = [] if vignettes else [f"no golden vignettes found in {folder}: the guard rail checked nothing"]
    settings = {"folds": folds, "alpha": alpha, "item_alpha": item_alpha, "class_weight": class_weight,
                "fit_item_weights": fit_item_weights, "random_state": random_state,
                "item_weights_kept": bool(estimator.item_weights_kept_),
                "exit_readiness_threshold": estimator.exit_threshold_}
    prov = provenance(data_path=cases.path, sha256=cases.sha256, n=len(cases),
                      sources=dict(sorted(Counter(s or "unspecified" for s in cases.source).items())),
                      settings=settings, cv_prior=cv.prior, cv_calibrated=cv.calibrated, folds=folds,
                      vignettes={"folder": _shown(folder), "checked": len(vignettes), "failed": len(failures),
                                 "forced": bool(force and failures)})
    result = CalibrationResult(estimator, cases, cv, len(vignettes), failures, prior_failures, prov, notes=notes)
    if output is not None:
        save(result, output, force=force)
        say(f"wrote {result.written}")
    return result


def save(result: CalibrationResult, output: str | Path, *, force: bool = False) -> Path:
    """Write the calibrated weights; refused (:class:`GuardRailError`) when a golden vignette fails."""
    if result.failures and not force:
        raise GuardRailError([Problem(str(output), "", f"not written: {len(result.failures)} golden vignette(s) "
                                                       f"fail with the calibrated weights (use --force to write anyway)")]
                             + [Problem("", "", f) for f in result.failures])
    result.provenance["golden_vignettes"]["forced"] = bool(force and result.failures)
    result.written = write_weights(result.weights, result.provenance, output, engine=result.estimator.engine)
    return result.written
