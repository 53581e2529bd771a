"""The ``socialfit`` command. Each command lives in a small module, named here explicitly and
imported only when it runs, so that ``socialfit score`` does not pay for pandas or scikit-learn."""
from __future__ import annotations

import importlib
import importlib.util

import click

from .common import SocialfitGroup

# command name -> (module, function); help texts come from the functions' docstrings.
COMMANDS = {
    "models": ("socialfit.cmd_core", "models"),
    "questionnaire": ("socialfit.cmd_core", "questionnaire"),
    "template": ("socialfit.cmd_core", "template"),
    "score": ("socialfit.cmd_core", "score"),
    "validate": ("socialfit.cmd_core", "validate"),
    "whatif": ("socialfit.cmd_explain", "whatif"),
    "rules": ("socialfit.cmd_rules", "rules"),
    "test": ("socialfit.cmd_test", "test"),
    "intake": ("socialfit.cmd_intake", "intake"),
    "report": ("socialfit.cmd_intake", "report"),
    "batch": ("socialfit.cmd_batch", "batch"),
    "map-init": ("socialfit.cmd_batch", "map_init"),
    "calibrate": ("socialfit.cmd_calibrate", "calibrate"),
    "serve": ("socialfit.cmd_web", "serve"),
    "users": ("socialfit.cmd_web", "users"),
    "db": ("socialfit.cmd_web", "db"),
}


class LazyGroup(SocialfitGroup):
    def list_commands(self, ctx):
        return [name for name, (module, _) in COMMANDS.items() if importlib.util.find_spec(module)]

    def get_command(self, ctx, name):
        if name not in COMMANDS or not importlib.util.find_spec(COMMANDS[name][0]):
            return None
        module, attr = COMMANDS[name]
        return getattr(importlib.import_module(module), attr)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", is_flag=True, help="Show tracebacks for errors.")
@click.version_option(package_name="socialfit")
@click.pass_context
def main(ctx: click.Context, verbose: bool) -> None:
    """socialfit: which social-media implementation model fits an organisation, and should it take the exit?"""
    ctx.ensure_object(dict)["verbose"] = verbose
