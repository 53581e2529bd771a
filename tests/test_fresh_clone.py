"""A newcomer's first hour, in a fresh clone: the README's set-up and every command it shows, run as
written in a shell (the environment activated as the README says), and afterwards `git status` finds
the checkout clean: nothing written outside `out/`, no tracked file changed.

The clone reuses this test run's environment instead of installing again (that is what `make run`
would do first; `make` is told the install is done), so the test stays fast. It tests what is
committed (a clone has no uncommitted changes).
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

BLOCK = re.compile(r"^```(sh|console)\n(.*?)^```", re.S | re.M)
SKIP = ("make test", "make bench", "make calibrate", "jupyter ")  # the suite itself, minutes, an editor
VENV_BIN = Path(sys.executable).parent


def readme_commands(text: str) -> list[tuple[str, int | None]]:
    """(command, expected exit code or None when the README does not say) in README order."""
    out: list[tuple[str, int | None]] = []
    for m in BLOCK.finditer(text):
        kind, body = m.group(1), m.group(2)
        if kind == "sh":
            for line in body.splitlines():
                cmd = line.split("  #")[0].split(" # ")[0].strip()
                if cmd:
                    out.append((cmd, None))
            continue
        lines = body.splitlines()
        for k, line in enumerate(lines):
            if not line.startswith("$ "):
                continue
            rest = lines[k + 1:]
            end = next((j for j, x in enumerate(rest) if x.startswith("$ ")), len(rest))
            code = next((int(x[6:-1]) for x in rest[:end] if re.fullmatch(r"\[exit \d+\]", x.strip())), 0)
            out.append((line[2:], code))
    return out


@pytest.fixture(scope="module")
def clone(tmp_path_factory):
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs git and a git checkout")
    where = tmp_path_factory.mktemp("fresh") / "socialfit"
    done = subprocess.run(["git", "clone", "--quiet", str(ROOT), str(where)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return where


def _run(cmd: str, cwd: Path, env: dict, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-c", cmd], cwd=cwd, env=env, input=stdin, capture_output=True, text=True,
                          timeout=300)


def test_readme_setup_and_examples_leave_the_clone_clean(clone):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHON"))}
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env['PATH']}"  # what `. .venv/bin/activate` does
    venv = VENV_BIN.parent
    # `make run`: the environment exists and is installed (-o: never remake those), so it starts the intake
    stamps = " ".join(f"-o {venv}/{s}" for s in (".installed-run", ".installed", "bin/python"))
    made = _run(f"make run VENV={venv} {stamps}", clone, env, stdin="en\n1\n")
    assert "Question 1 of" in made.stdout + made.stderr, made.stdout + made.stderr
    assert "--save FILE" in made.stderr  # input ended early: says how to keep answers, writes nothing

    failures = []
    for cmd, code in readme_commands((clone / "README.md").read_text(encoding="utf-8")):
        if cmd.startswith(SKIP) or cmd in ("make run",):
            continue
        if cmd.startswith(". .venv/bin/activate"):
            continue  # done through PATH above
        done = _run(cmd, clone, env)
        allowed = (0, 1) if code is None and cmd.startswith("socialfit intake") else (code or 0,)
        if done.returncode not in allowed:
            failures.append(f"{cmd}\n  exit {done.returncode}, expected {allowed}: {done.stderr.strip()[-400:]}")
    if shutil.which("chromium") or shutil.which("chromium-browser"):
        done = _run("scripts/screenshot_report.sh", clone, env)
        if done.returncode != 0:
            failures.append(f"scripts/screenshot_report.sh: {done.stderr[-400:]}")
        assert (clone / "out" / "report.png").stat().st_size > 10_000
    assert not failures, "\n".join(failures)
    assert (clone / "out" / "results.csv").is_file()
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=clone,
                            capture_output=True, text=True).stdout
    assert status == "", f"the README's commands changed the checkout:\n{status}"
