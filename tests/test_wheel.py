"""The built wheel works on its own: installed (non-editable) into a fresh venv, `socialfit score` runs
from another folder with the questionnaire, rules, catalogue and weights that ship inside the wheel.

To stay fast and offline, the wheel is built without build isolation when hatchling is installed,
and the fresh venv borrows the dependencies of the project's venv through a .pth line (only the
wheel itself is installed into it, with --no-deps). A path added by a .pth line does not run that
folder's own .pth files, so the project's editable install stays invisible to the fresh venv.
"""
from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

from engine.files.resources import default_questionnaire_path
from engine.model.questionnaire import load_questionnaire

Q = load_questionnaire(default_questionnaire_path())

import pytest

from conftest import EXAMPLE_ANSWERS, ROOT

pytestmark = pytest.mark.slow


def run(args, **kwargs) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=300, env=env, **kwargs)
    assert done.returncode == 0, f"{args}\nstdout:\n{done.stdout}\nstderr:\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    # build from a copy: a build must not leave anything in the working tree others edit
    src = tmp_path_factory.mktemp("src") / "socialfit"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".venv", ".git", "__pycache__", "*.pyc", ".hypothesis",
                                                             "build", "dist", ".pytest_cache", "notebooks"))
    flags = ["--no-isolation"] if importlib.util.find_spec("hatchling") else []
    run([sys.executable, "-m", "build", "--wheel", "--outdir", out, *flags, src])
    (built,) = out.glob("socialfit-*.whl")
    return built


def test_wheel_bundles_the_default_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in ("engine/_bundled/questionnaires/intake.yaml", "engine/_bundled/data/models.yaml",
                     "engine/_bundled/data/weights.yaml", "engine/_bundled/rules/knockouts.yaml",
                     "engine/_bundled/rules/fit.yaml", "engine/_bundled/rules/advice.yaml",
                     "socialfit/cli.py", "engine/api.py",
                     # calibrate's guard rail: an installed package checks the same golden vignettes
                     "engine/_bundled/tests/vignettes/exit_1.yaml"):
        assert required in names, required
    assert not any(n.startswith("tests/") for n in names)


def test_installed_wheel_scores_from_another_folder(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    # dependencies: the project's venv (its site-packages on the path, its own .pth files not run)
    purelib = Path(run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    (purelib / "project_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    run([sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps",
         "--no-index", "--disable-pip-version-check", wheel])

    work = tmp_path / "elsewhere"
    work.mkdir()
    shutil.copy(EXAMPLE_ANSWERS, work / "answers.yaml")
    where = run([python, "-c", "import engine, engine.files.resources as r; print(engine.__file__); print(r.bundled_root())"],
                cwd=work).stdout.splitlines()
    assert Path(where[0]).is_relative_to(env_dir), f"engine imported from {where[0]}, not the installed wheel"
    assert Path(where[1]) == Path(where[0]).parent / "_bundled"

    done = run([env_dir / "bin" / "socialfit", "score", "answers.yaml", "--format", "json"], cwd=work)
    data = json.loads(done.stdout)
    assert data["recommended"] == "faseringsmodel" and data["organisation"] == "Example webshop"
    assert len(data["ranking"]) == 9
    table = run([env_dir / "bin" / "socialfit", "score", "answers.yaml", "--lang", "nl"], cwd=work).stdout
    assert table.startswith("Beoordeling: Example webshop")
    checked = run([env_dir / "bin" / "socialfit", "validate", "answers.yaml"], cwd=work).stdout
    assert checked.startswith(f"ok: questionnaire {Q.ref}")
