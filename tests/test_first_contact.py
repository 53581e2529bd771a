"""What a newcomer meets first (issue 11): the set-up installs only what each job needs, Python 3.13
is supported, printed hints run as shown, outputs follow their suffix, calibration keeps a clean
checkout, and the catalogue lists every phase it counts."""
from __future__ import annotations

import json
import os
import subprocess
import tomllib

import pytest

from conftest import EXAMPLE_ANSWERS, ROOT


def _make_n(target: str, tmp_path) -> str:
    done = subprocess.run(["make", "-n", "-C", str(ROOT), target, f"VENV={tmp_path}/venv"], capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_make_run_installs_only_what_running_needs(tmp_path):
    run = _make_n("run", tmp_path)
    # the program and its web workspace (README: `socialfit serve` right after `make run`), no test tools
    assert "pip install --quiet -e '.[web]'\n" in run and "dev," not in run and "[dev" not in run and "notebook" not in run
    assert "-DPyEval_CallObject=PyObject_CallObject" in run  # durable-rules builds on 3.13 too
    assert "(3,11)<=v<(3,14)" in run
    test = _make_n("test", tmp_path)
    assert "-e '.[dev" in test and "pytest" in test


def test_python_313_is_allowed_and_ci_runs_it():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert meta["project"]["requires-python"] == ">=3.11,<3.14"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test\n" in ci and 'make test PYTHON="$py313" VENV=.venv-3.13' in ci


def test_ci_says_clearly_when_python_313_is_missing(tmp_path):
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    # only the part that looks for 3.13 and says when it is missing (not the 3.11 run, Chromium, PostgreSQL)
    part = script[script.index("find_python313() {"):].replace('make test PYTHON="$py313" VENV=.venv-3.13',
                                                                'echo "found $py313"')
    probe = tmp_path / "probe.sh"
    probe.write_text("set -euo pipefail\n" + part, encoding="utf-8")
    empty = tmp_path / "bin"
    empty.mkdir()
    for tool in ("dirname", "grep", "sort", "tail"):  # what the script itself needs, and no python3.13 or pyenv
        (empty / tool).symlink_to(subprocess.run(["bash", "-c", f"command -v {tool}"], capture_output=True,
                                                 text=True).stdout.strip())
    done = subprocess.run(["/bin/bash", str(probe)], cwd=tmp_path, capture_output=True, text=True,
                          env={"PATH": str(empty), "HOME": str(tmp_path)})
    assert done.returncode == 1
    assert "Python 3.13 is missing" in done.stderr and "pyenv install 3.13" in done.stderr


def test_hints_name_the_command_that_runs_here(monkeypatch, tmp_path):
    from socialfit import common

    fake = tmp_path / ".venv" / "bin" / "socialfit"
    fake.parent.mkdir(parents=True)
    fake.write_text("#!/bin/sh\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.argv", [str(fake), "intake"])
    monkeypatch.setenv("PATH", "/usr/bin:/bin")  # not on PATH: as `make run` starts it
    assert common.runnable("Continue with: socialfit intake --resume a.yaml") == \
        f"Continue with: {os.path.join('.venv', 'bin', 'socialfit')} intake --resume a.yaml"
    assert common.runnable("kind: socialfit.survey_mapping") == "kind: socialfit.survey_mapping"
    monkeypatch.setenv("PATH", str(fake.parent))  # activated: the plain name runs
    assert common.runnable("socialfit score x.yaml") == "socialfit score x.yaml"


@pytest.mark.parametrize("suffix, start", [(".json", '{\n  "format": "socialfit.assessment"'), (".md", "# "),
                                           (".txt", "Assessment: Example webshop")])
def test_score_output_format_follows_the_suffix(cli, tmp_path, suffix, start):
    out = tmp_path / f"x{suffix}"
    assert cli("score", EXAMPLE_ANSWERS, "-o", out).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith(start)
    table = tmp_path / "y.json"
    assert cli("score", EXAMPLE_ANSWERS, "-o", table, "--format", "table").exit_code == 0  # an explicit --format wins
    assert table.read_text(encoding="utf-8").startswith("Assessment:")


def test_calibration_keeps_a_weights_file_that_holds_the_same_result(engine, tmp_path):
    import yaml

    from engine.calibration.output import write_weights

    shipped = yaml.safe_load((ROOT / "data" / "weights.yaml").read_text(encoding="utf-8"))
    target = tmp_path / "weights.yaml"
    target.write_bytes((ROOT / "data" / "weights.yaml").read_bytes())
    before = target.stat().st_mtime_ns
    prov = {**shipped["provenance"], "date": "2099-01-01"}  # a later run: only the date differs
    write_weights(engine.weights, prov, target, engine=engine)
    assert target.read_bytes() == (ROOT / "data" / "weights.yaml").read_bytes()
    assert target.stat().st_mtime_ns == before
    changed = {**prov, "data": {**prov["data"], "n": 1}}
    write_weights(engine.weights, changed, target, engine=engine)
    assert "date: '2099-01-01'" in target.read_text(encoding="utf-8")


def test_models_lists_every_phase_it_counts(cli):
    out = cli("models", "faseringsmodel").stdout
    assert "Phases: 4 (1 known by name)" in out
    assert all(f"\n  {k}. " in out for k in (1, 2, 3, 4))  # as many phases listed as counted
    assert "  1. Campaign (Campagne)" in out
    nl = cli("models", "faseringsmodel", "--lang", "nl").stdout
    assert "Fasen: 4 (1 bekend)" in nl and "\n  4. " in nl


def test_summary_json_lists_every_missing_item(cli, engine, tmp_path):
    from conftest import FIXTURES

    s = tmp_path / "s.json"
    real = FIXTURES / "survey" / "realdata"
    result = cli("batch", real / "surveymonkey_2header_steak.csv", "--map", real / "steak.map.yaml",
                 "-o", tmp_path / "o.csv", "--summary", s)
    missing = len(engine.questionnaire.items) - 2
    assert f"... and {missing - 12} more (--summary FILE.json lists all)" in result.stderr
    assert len(json.loads(s.read_text(encoding="utf-8"))["diff"]["missing_items"]) == missing
