"""The bad-input corpus (tests/fixtures/survey/bad) against golden outputs: exit code, the stderr
summary, every output row and every reported problem. Regenerate after a deliberate change with
``SOCIALFIT_REGEN=1 pytest tests/test_batch_corpus.py`` and review the diff by eye."""
from __future__ import annotations

import os
import re

import pytest

from conftest import FIXTURES

BAD = FIXTURES / "survey" / "bad"
GOLDEN = BAD / "golden"
FILES = sorted(p.name for p in BAD.glob("*.csv"))


def _render(cli, tmp_path, name: str) -> str:
    out, err = tmp_path / "out.csv", tmp_path / "errors.csv"
    result = cli("batch", BAD / name, "-o", out, "--errors", err, "--lang", "en")
    stderr = result.stderr.replace(str(BAD), "<bad>")
    stderr = re.sub(r"(?m)^Wrote .* in .*\n", "", stderr)  # timings vary
    parts = [f"exit code: {result.exit_code}", "--- stderr", stderr.rstrip()]
    for label, path in (("output", out), ("errors", err)):
        parts += [f"--- {label}", path.read_text(encoding="utf-8").rstrip() if path.exists() else "(not written)"]
    return "\n".join(parts) + "\n"


@pytest.mark.parametrize("name", FILES)
def test_golden(cli, tmp_path, name):
    got = _render(cli, tmp_path, name)
    golden = GOLDEN / (name + ".txt")
    if os.environ.get("SOCIALFIT_REGEN"):
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(got, encoding="utf-8")
    assert got == golden.read_text(encoding="utf-8")


def test_every_row_is_in_the_output_in_input_order(cli, tmp_path):
    out = tmp_path / "out.csv"
    assert cli("batch", BAD / "ten_percent_invalid.csv", "-o", out).exit_code == 0
    lines = out.read_text(encoding="utf-8").splitlines()[1:]
    assert [int(line.split(",")[0]) for line in lines] == list(range(2, 102))
    assert sum('"invalid"' in line for line in lines) == 10


def test_strict_fails_and_writes_nothing_but_the_errors(cli, tmp_path):
    out, err = tmp_path / "out.csv", tmp_path / "errors.csv"
    result = cli("batch", BAD / "out_of_range.csv", "-o", out, "--errors", err, "--strict")
    assert result.exit_code == 1
    assert "--strict: 2 of 6 rows are invalid; nothing was written" in result.stderr
    assert f"{BAD / 'out_of_range.csv'}: row 4: goals_documented: out_of_range: got '7'; expected one of 1, 2, 3, 4, 5" in result.stderr
    assert not out.exists() and err.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["errors.csv"]  # no temporary files left behind
