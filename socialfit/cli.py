"""The ``socialfit`` command. Each command lives in a small module and is registered here by name."""
from __future__ import annotations

import click

from . import cmd_core
from .common import SocialfitGroup


@click.group(cls=SocialfitGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", is_flag=True, help="Show tracebacks for errors.")
@click.version_option(package_name="socialfit")
@click.pass_context
def main(ctx: click.Context, verbose: bool) -> None:
    """socialfit: which social-media implementation model fits an organisation, and should it take the exit?"""
    ctx.ensure_object(dict)["verbose"] = verbose


for command in (cmd_core.models, cmd_core.questionnaire, cmd_core.template, cmd_core.score, cmd_core.validate):
    main.add_command(command)
