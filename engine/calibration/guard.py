"""Guard rail: the golden vignettes (tests/vignettes/*.yaml) must still pass with new weights.

A vignette is an answers file plus ``expect: {recommended: <model>}`` and/or ``{take_exit: <bool>}``
and a one-line ``rationale``; those two keys are stripped before the engine validates the answers.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model.answers import answers_from_document
from ..errors import DataError, Problem
from ..files.loading import load_document

TEST_KEYS = ("expect", "rationale")
EXPECT_KEYS = ("recommended", "take_exit")


@dataclass(frozen=True)
class Vignette:
    path: str
    values: dict[str, Any]
    expect: dict[str, Any]
    rationale: str


def load_vignettes(folder: str | Path, q) -> list[Vignette]:
    """Every ``*.yaml`` in ``folder`` (none when the folder does not exist)."""
    folder = Path(folder)
    out = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        doc = dict(load_document(path))
        expect = doc.get("expect")
        if not isinstance(expect, dict) or not expect or set(expect) - set(EXPECT_KEYS):
            raise DataError(Problem(str(path), "expect", f"got {expect!r}; expected a mapping with "
                                                         f"{' and/or '.join(EXPECT_KEYS)}"))
        rationale = str(doc.get("rationale", ""))
        for key in TEST_KEYS:
            doc.pop(key, None)
        answers = answers_from_document(q, doc, str(path))
        out.append(Vignette(str(path), answers.values, dict(expect), rationale))
    return out


def vignette_failures(engine, vignettes: list[Vignette]) -> list[str]:
    """One line per vignette whose expectation the engine does not meet."""
    failures = []
    for v in vignettes:
        result = engine.assess_valid(v.values, language="en")
        wrong = []
        if "recommended" in v.expect and result.recommended != v.expect["recommended"]:
            wrong.append(f"expected recommended={v.expect['recommended']}, got {result.recommended}")
        if "take_exit" in v.expect and result.take_exit != bool(v.expect["take_exit"]):
            wrong.append(f"expected take_exit={v.expect['take_exit']}, got {result.take_exit}")
        if wrong:
            failures.append(f"{Path(v.path).name}: {'; '.join(wrong)}")
    return failures
