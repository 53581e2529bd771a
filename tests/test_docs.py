"""Every command has help text and is documented in the README; every docs/ link in the README exists."""
from __future__ import annotations

import re

import pytest

from conftest import ROOT
from socialfit.cli import COMMANDS, main

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", list(COMMANDS))
def test_command_has_help_and_is_in_the_readme(name):
    command = main.get_command(None, name)
    assert command is not None, f"{name}: its module is missing"
    assert (command.help or "").strip(), f"{name} has no help text"
    for param in command.params:
        if param.param_type_name == "option" and not param.hidden:
            assert param.help, f"{name} {param.opts[0]} has no help text"
    assert f"socialfit {name}" in README, f"the README does not show `socialfit {name}`"


def test_readme_links_exist():
    for target in re.findall(r"\]\(((?:docs|data|rules|questionnaires|notebooks)/[^)#]+)\)", README):
        assert (ROOT / target).exists(), target
