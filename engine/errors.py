"""Domain exceptions. The library raises these; only the CLI turns them into exit codes.

Every problem names where it is (file, line/row, field), the value that arrived and what was
expected, so that a user can fix it without reading a traceback.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable


class SocialfitError(Exception):
    """Base class of every error the engine raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One problem in one place. ``location`` is e.g. ``answers.yaml:12:3`` or ``row 7``."""

    location: str
    field: str
    message: str

    def __str__(self) -> str:
        parts = [p for p in (self.location, self.field) if p]
        return f"{': '.join(parts)}: {self.message}" if parts else self.message


def describe_value(value: Any) -> str:
    """A short, quoted rendering of a user value for an error message."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class DataError(SocialfitError):
    """Bad input data (answers, survey files, questionnaire, rules, catalogue, weights): exit code 1.

    Holds every problem found, not only the first (lazy validation).
    """

    def __init__(self, problems: Iterable[Problem] | Problem | str):
        if isinstance(problems, (Problem, str)):
            problems = [problems]
        self.problems: list[Problem] = [
            p if isinstance(p, Problem) else Problem("", "", str(p)) for p in problems
        ]
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(SocialfitError):
    """The call itself is wrong (an unknown model id, a missing option): exit code 2."""


class OutputError(SocialfitError):
    """An output could not be written (full disk, permissions): exit code 1. The message names the
    output the user asked for, never the temporary file beside it."""
