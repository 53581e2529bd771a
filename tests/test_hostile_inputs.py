"""The hostile-input corpus (tests/hostile_cases.py): every case gets its golden exit code and
message, never an internal error or a traceback, and no terminal control character from the input.
Cases that could exhaust the machine run in a subprocess under a memory limit and a timeout."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from hostile_cases import CASES  # noqa: E402
from hostile_inputs import GOLDEN, DOCS, docs_table, run_case, shown  # noqa: E402

GOLDENS = yaml.safe_load(GOLDEN.read_text(encoding="utf-8"))
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def test_the_corpus_is_large_and_covers_every_input_kind():
    assert len(CASES) >= 80
    kinds = {c.kind for c in CASES}
    assert kinds >= {"answers", "survey CSV", "survey XLSX", "mapping", "rules", "questionnaire", "catalogue",
                     "weights", "labelled data", "intake", "output path"}
    commands = {c.args[0] for c in CASES}
    assert commands >= {"score", "report", "validate", "batch", "map-init", "template", "calibrate", "intake",
                        "questionnaire", "models"}
    assert len({c.id for c in CASES}) == len(CASES)
    assert set(GOLDENS) == {c.id for c in CASES}, "goldens out of date: run scripts/hostile_inputs.py --regen"


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_input(case, tmp_path):
    code, stdout, stderr = run_case(case, tmp_path)
    golden = GOLDENS[case.id]
    assert "Internal error" not in stderr and "Traceback" not in stderr, stderr
    assert not CONTROL.search(stderr), f"control character on stderr: {stderr!r}"
    assert "\x1b" not in stdout and "\x07" not in stdout
    assert (code, shown(stderr, tmp_path)) == (golden["exit"], golden["message"])
    if case.check:
        case.check(tmp_path, stdout)
    leftovers = [p.name for p in tmp_path.rglob("*.tmp")]
    assert not leftovers, f"temporary files left behind: {leftovers}"


def test_the_docs_table_lists_every_case():
    text = DOCS.read_text(encoding="utf-8")
    assert docs_table() in text, "docs/hostile_inputs.md is out of date: run scripts/hostile_inputs.py --docs"
