"""Every example in README.md runs, and where the README shows output, the command prints it.

- ```console blocks: lines starting with "$ " are commands (``socialfit ...`` runs in-process through
  click's CliRunner); the lines after a command are its expected output. A line "..." stands for any
  number of lines. Trailing spaces are ignored.
  A last line "[exit N]" expects exit code N (also 0), and then stdout and stderr are compared together.
  "< FILE" at the end of a command feeds FILE on standard input (scripted intake).
- ```python blocks run in a fresh interpreter and must exit 0.
Examples run in a scratch folder that links to the project's data, rules and questionnaires, so files they
write do not land in the checkout.
"""
from __future__ import annotations

import re
import shlex
import subprocess
import sys

import pytest

from conftest import ROOT

README = ROOT / "README.md"
BLOCK = re.compile(r"^```(\w+)\n(.*?)^```", re.S | re.M)
LINKED = ("data", "rules", "questionnaires", "notebooks", "tests", "docs", "scenarios")


def blocks(kind: str) -> list[tuple[int, str]]:
    text = README.read_text(encoding="utf-8")
    return [(text[: m.start()].count("\n") + 1, m.group(2)) for m in BLOCK.finditer(text) if m.group(1) == kind]


def commands(block: str) -> list[tuple[str, list[str]]]:
    out: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            out.append((line[2:], []))
        elif out:
            out[-1][1].append(line.rstrip())
    return out


def matches(expected: list[str], actual: list[str]) -> bool:
    """``expected`` with "..." wildcards matches ``actual`` (both without trailing spaces)."""
    if not expected:
        return True
    head, rest = expected[0], expected[1:]
    if head == "...":
        return any(matches(rest, actual[i:]) for i in range(len(actual) + 1))
    return bool(actual) and actual[0] == head and matches(rest, actual[1:])


@pytest.fixture
def scratch(tmp_path, monkeypatch):
    for name in LINKED:
        (tmp_path / name).symlink_to(ROOT / name)
    (tmp_path / "out").mkdir()  # the README's `mkdir -p out`
    monkeypatch.chdir(tmp_path)
    return tmp_path


CONSOLE = [(line, cmd, expected) for line, block in blocks("console") for cmd, expected in commands(block)]


def test_readme_has_examples():
    assert len(CONSOLE) >= 3 and blocks("python")


@pytest.mark.parametrize("line,cmd,expected", CONSOLE, ids=[f"L{c[0]}:{c[1][:40]}" for c in CONSOLE])
def test_console_example(line, cmd, expected, scratch, cli):
    args = shlex.split(cmd)
    stdin = None
    if len(args) > 2 and args[-2] == "<":
        stdin = (scratch / args[-1]).read_text(encoding="utf-8")
        args = args[:-2]
    assert args[0] == "socialfit", f"README line {line}: only socialfit commands run here: {cmd}"
    while expected and expected[-1] == "":
        expected = expected[:-1]
    code, combined = 0, False
    if expected and re.fullmatch(r"\[exit \d+\]", expected[-1]):
        code, combined = int(expected.pop()[6:-1]), True
    result = cli(*args[1:], input=stdin)
    assert result.exit_code == code, f"README line {line}: {cmd}\n{result.output}"
    actual = [x.rstrip() for x in (result.output if combined else result.stdout).splitlines()]
    assert matches(expected, actual), f"README line {line}: {cmd}\nexpected:\n" + "\n".join(expected) + \
        "\n\ngot:\n" + "\n".join(actual)


@pytest.mark.parametrize("line,code", blocks("python"), ids=[f"L{b[0]}" for b in blocks("python")])
def test_python_example(line, code, scratch):
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"README line {line}:\n{done.stdout}\n{done.stderr}"


@pytest.mark.parametrize("line,text", blocks("yaml"), ids=[f"L{b[0]}" for b in blocks("yaml")])
def test_yaml_example_is_a_valid_partial_answers_file(line, text, engine):
    """The answers-file example is valid as far as it goes (it shows a few items, not all 44)."""
    from engine.model.answers import answers_from_document
    from engine.files.loading import parse_text

    doc = parse_text(text, f"README.md:{line}")
    answers = answers_from_document(engine.questionnaire, doc, f"README.md:{line}", complete=False)
    assert set(answers.values) == set(doc["answers"])
