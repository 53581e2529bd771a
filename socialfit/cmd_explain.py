"""whatif: which answer changes would change the advice."""
from __future__ import annotations

from pathlib import Path

import click

from .common import (LANG_CHOICE, check_outputs, config_inputs, config_options, default_language, echo, load_engine,
                     not_found, write_output)


@click.command()
@click.argument("answers", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--target", metavar="MODEL", help="Only the changes that would make MODEL the recommended model.")
@click.option("--exit", "exit_only", is_flag=True,
              help="Only the changes that would lift the exit (or, when it is not taken, lead to it).")
@click.option("--limit", type=click.IntRange(min=1), default=5, show_default=True,
              help="How many sets of changes to show per goal (JSON: all).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="table for the terminal, or json.")
@click.option("--lang", type=LANG_CHOICE, help="Language (default: the answers file's, else the locale).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file instead of stdout.")
@config_options
def whatif(answers, target, exit_only, limit, fmt, lang, output, questionnaire, rules_path, catalogue, weights):
    """The smallest changes to the ANSWERS (one, else two) that would change the advice.

    Only answers the organisation can influence are changed (the questionnaire marks them
    `changeable`). Without --target or --exit: both what would put another model first and what
    would flip the exit decision.
    """
    from engine.files.safe_text import json_safe
    from engine.report.explain_text import what_if_json, what_if_text

    check_outputs([("-o", output)], [("ANSWERS", answers)] + config_inputs(questionnaire, rules_path, catalogue, weights))
    engine = load_engine(questionnaire, rules_path, catalogue, weights)
    if target is not None and target not in engine.catalogue.by_id:
        raise not_found("model", target, engine.catalogue.ids)
    read = engine.read_answers(answers)
    for w in read.warnings:
        echo(f"Warning: {w}", err=True)
    lang = default_language(lang, read.language)
    if exit_only:
        goals = ("exit",) + (("target",) if target else ())
    else:
        goals = ("target",) if target else ("top", "exit")
    results = engine.what_if(read.values, goals=goals, target=target)
    text = json_safe(what_if_json(engine, results, lang)) + "\n" if fmt == "json" else what_if_text(engine, results, lang, limit=limit)
    write_output(text, output)
