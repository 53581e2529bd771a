"""test: run scenario files (answers -> expected advice)."""
from __future__ import annotations

import json
from pathlib import Path

import click

from engine.files.safe_text import json_safe

from .common import LANG_CHOICE, config_options, default_language, load_engine, write_output


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="A pass/fail table, or JSON.")
@click.option("--lang", type=LANG_CHOICE, help="Language of the table and the failures (default: from the locale).")
@config_options
def test(paths, fmt, lang, questionnaire, rules_path, catalogue, weights):
    """Run the scenario files in PATHS (files or folders): answers and the advice they must give.

    Each scenario names an answers file or holds its answers inline, and expects a top model (or one
    of several, or not some), the exit decision, and rules that must or must not fire. Prints a
    pass/fail table; exit code 0 when every scenario passes, 1 when one fails or a file is invalid.
    Format: docs/scenarios.md.
    """
    from engine.scenarios import load_scenarios, run, table

    lang = default_language(lang)
    engine = load_engine(questionnaire, rules_path, catalogue, weights)
    outcomes = run(engine, load_scenarios(engine, paths))
    if fmt == "json":
        write_output(json_safe(json.dumps({"format": "socialfit.scenario_results", "format_version": 1,
                                 "passed": sum(o.passed for o in outcomes), "failed": sum(not o.passed for o in outcomes),
                                 "scenarios": [o.to_dict(lang) for o in outcomes]}, ensure_ascii=False, indent=2)) + "\n", None)
    else:
        write_output(table(outcomes, lang), None)
    if not all(o.passed for o in outcomes):
        raise click.exceptions.Exit(1)
