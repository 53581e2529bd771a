"""calibrate: fit the scoring weights to labelled cases."""
from __future__ import annotations

from pathlib import Path

import click

from .common import check_outputs, config_inputs, config_options, echo, load_engine


@click.command()
@click.argument("data", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the calibrated weights here (e.g. data/weights.yaml). Without it, only report.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write an HTML report (metrics, confusion matrices, weights against the prior).")
@click.option("--folds", type=click.IntRange(min=2), default=5, show_default=True,
              help="Folds of the stratified cross-validation.")
@click.option("--alpha", type=click.FloatRange(min=0), default=0.005, show_default=True,
              help="Pull of the model-fit weights towards the expert prior (larger = closer).")
@click.option("--class-weight", type=click.Choice(["none", "balanced"]), default="none", show_default=True,
              help="'balanced' weighs each model inversely to how often it is the label.")
@click.option("--no-item-weights", is_flag=True, help="Keep the questionnaire's item weights.")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed (folds, validation split).")
@click.option("--vignettes", type=click.Path(file_okay=False, path_type=Path),
              help="Golden vignettes folder for the guard rail (default: tests/vignettes).")
@click.option("--force", is_flag=True, help="Write the weights even when a golden vignette fails with them.")
@config_options
def calibrate(data, output, report_path, folds, alpha, class_weight, no_item_weights, seed, vignettes, force,
              questionnaire, rules_path, catalogue, weights):
    """Fit the weights to labelled cases in DATA (CSV; format in docs/calibration.md).

    Prints prior against calibrated metrics on held-out folds; writes the weights with -o.
    """
    from engine.calibration.pipeline import calibrate as run
    from engine.calibration.output import SUMMARY_KEYS

    # -o may name the weights file the engine was loaded with (calibrating data/weights.yaml is the
    # point): calibration starts from the expert prior and never reads it for the fit.
    inputs = [("DATA", data), ("--vignettes", vignettes)] + [
        (name, path) for name, path in config_inputs(questionnaire, rules_path, catalogue, weights) if name != "--weights"]
    check_outputs([("-o", output), ("--report", report_path)], inputs)
    engine = load_engine(questionnaire, rules_path, catalogue, weights)
    log = lambda msg: echo(msg, err=True)  # noqa: E731 - progress goes to stderr
    result = run(data, engine=engine, output=output, folds=folds, alpha=alpha,
                 class_weight=None if class_weight == "none" else class_weight,
                 fit_item_weights=not no_item_weights, random_state=seed, vignettes_dir=vignettes,
                 force=force, log=log)
    for note in result.notes:
        echo(f"Warning: {note}", err=True)
    if result.failures:
        echo(f"Warning: {len(result.failures)} golden vignette(s) fail with the calibrated weights:", err=True)
        for f in result.failures:
            echo(f"  {f}", err=True)
    echo(f"{'metric (held-out folds)':<26}{'prior':>10}{'calibrated':>12}")
    for key in SUMMARY_KEYS:
        p, c = result.cv.prior[key], result.cv.calibrated[key]
        fmt = "{:>10}{:>12}" if key == "n" else "{:>10.3f}{:>12.3f}"
        echo(f"{key:<26}" + fmt.format(p, c))
    echo(f"{'exit_readiness_threshold':<26}{result.prior_threshold:>10g}{result.estimator.exit_threshold_:>12g}")
    echo(f"golden vignettes: {result.vignettes - len(result.failures)} of {result.vignettes} pass")
    if report_path is not None:
        from engine.calibration.report import write_report

        write_report(result, report_path)
        echo(f"Wrote {report_path}", err=True)
