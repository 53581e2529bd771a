"""Run the hostile-input corpus (tests/hostile_cases.py) and show, check or rewrite its goldens.

    python scripts/hostile_inputs.py            # print every case's exit code and message
    python scripts/hostile_inputs.py --regen    # rewrite tests/golden/hostile_inputs.yaml (review the diff!)
    python scripts/hostile_inputs.py --docs     # rewrite the table in docs/hostile_inputs.md

The test suite (tests/test_hostile_inputs.py) runs the same cases against the goldens.
"""
from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from hostile_cases import CASES, Case  # noqa: E402

GOLDEN = ROOT / "tests" / "golden" / "hostile_inputs.yaml"
DOCS = ROOT / "docs" / "hostile_inputs.md"
MEMORY_LIMIT = 3 << 30  # address space of a limited case: pyarrow and numpy reserve much, use little
TIME_LIMIT = 90  # seconds of wall time (the machine may be shared); a hang fails the case


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_FSIZE, (256 << 20, 256 << 20))


def run_case(case: Case, folder: Path) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of one case, run in ``folder`` (files written first)."""
    case.files(folder)
    env = {**os.environ, "LC_ALL": "C.UTF-8", "SOCIALFIT_NO_CACHE": "1", "COLUMNS": "100"}
    for var in ("LANGUAGE", "LC_MESSAGES", "LANG"):
        env.pop(var, None)
    if case.limited or "fifo" in case.tags:
        return _subprocess(case, folder, env)
    from click.testing import CliRunner

    from socialfit.cli import main

    old = Path.cwd()
    os.chdir(folder)
    try:
        result = CliRunner().invoke(main, case.args, input=case.stdin, env=env, catch_exceptions=False,
                                    prog_name="socialfit")
    finally:
        os.chdir(old)
    return result.exit_code, result.stdout, result.stderr


def _subprocess(case: Case, folder: Path, env: dict) -> tuple[int, str, str]:
    reader = None
    if "fifo" in case.tags:  # something must read the FIFO, or writing it blocks
        import threading

        got: list[bytes] = []

        def drain() -> None:
            with open(folder / "pipe", "rb") as fh:
                got.append(fh.read())

        reader = threading.Thread(target=drain, daemon=True)
        reader.start()
    code = "import sys; from socialfit.cli import main; sys.exit(main())"
    try:
        proc = subprocess.run([sys.executable, "-c", code, *case.args], cwd=folder, env=env, input=case.stdin,
                              capture_output=True, text=True, timeout=TIME_LIMIT,
                              preexec_fn=_limits if case.limited else None)
    except subprocess.TimeoutExpired:
        return -1, "", f"TIMEOUT after {TIME_LIMIT} s"
    if reader:
        reader.join(10)
    return proc.returncode, proc.stdout, proc.stderr


def shown(stderr: str, folder: Path) -> str:
    """The message as the golden keeps it: the run's folder and the checkout as placeholders."""
    return stderr.replace(str(folder), "{tmp}").replace(str(ROOT), "{root}")


def run_all() -> dict[str, dict]:
    out = {}
    for case in CASES:
        with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
            code, _stdout, stderr = run_case(case, Path(tmp))
            out[case.id] = {"exit": code, "message": shown(stderr, Path(tmp))}
            print(f"--- {case.id}: exit {code}\n{shown(stderr, Path(tmp))[:2000]}", flush=True)
    return out


def write_golden(results: dict[str, dict]) -> None:
    import yaml

    GOLDEN.parent.mkdir(parents=True, exist_ok=True)
    header = "# Goldens of tests/hostile_cases.py: exit code and stderr per case. Reviewed by eye; see scripts/hostile_inputs.py.\n"
    GOLDEN.write_text(header + yaml.safe_dump(results, allow_unicode=True, sort_keys=False, width=100000),
                      encoding="utf-8")


def docs_table() -> str:
    """The table in docs/hostile_inputs.md, from the cases and their goldens."""
    import yaml

    golden = yaml.safe_load(GOLDEN.read_text(encoding="utf-8"))
    lines = ["| case | input | what is tried | exit | what the user gets (stderr, first line) |", "|---|---|---|---:|---|"]
    for case in CASES:
        g = golden[case.id]
        first = next((line for line in g["message"].splitlines() if line.strip()), "(nothing)")
        if len(first) > 160:
            first = first[:157] + "..."
        cell = first.replace("|", "\\|").replace("`", "'")
        what = case.what.replace("|", "\\|")
        lines.append(f"| `{case.id}` | {case.kind} | {what} | {g['exit']} | {cell} |")
    return "\n".join(lines) + "\n"


def write_docs() -> None:
    text = DOCS.read_text(encoding="utf-8")
    head, rest = text.split("<!-- cases -->", 1)
    _, tail = rest.split("<!-- cases -->", 1)
    DOCS.write_text(f"{head}<!-- cases -->\n{docs_table()}<!-- cases -->{tail}", encoding="utf-8")


if __name__ == "__main__":
    if "--docs" in sys.argv:
        write_docs()
    else:
        results = run_all()
        if "--regen" in sys.argv:
            write_golden(results)
            write_docs()
