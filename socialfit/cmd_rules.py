"""rules check, rules coverage: the rule author's tools."""
from __future__ import annotations

import json
from pathlib import Path

import click

from engine.files.safe_text import json_safe

from .common import (LANG_CHOICE, check_outputs, config_inputs, config_options, default_language, echo, load_engine,
                     write_output)


@click.group()
def rules():
    """Check rule files statically, and see how often each rule fires."""


@rules.command()
@click.argument("path", type=click.Path(path_type=Path), required=False)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="One line per finding, or JSON.")
@click.option("--questionnaire", type=click.Path(dir_okay=False, path_type=Path),
              help="Questionnaire file (default: the bundled questionnaires/intake.yaml).")
@click.option("--catalogue", type=click.Path(dir_okay=False, path_type=Path),
              help="Model catalogue (default: the bundled data/models.yaml).")
@click.option("--weights", type=click.Path(dir_okay=False, path_type=Path),
              help="Weights file (default: the bundled data/weights.yaml).")
@click.option("--lang", type=LANG_CHOICE, help="Language of the messages (default: from the locale).")
def check(path, fmt, questionnaire, catalogue, weights, lang):
    """Static checks of the rule files in PATH (a folder or one file; default: the bundled rules/).

    Reports conditions no answer can satisfy, thresholds outside a score's range, rules shadowed by an
    earlier rule with the same or a wider condition and the same action, and rules that push the same
    model in opposite directions under conditions that can hold at once; each with file, line, rule id
    and why. Exit code 1 when there is a finding.
    """
    from engine.i18n import t
    from engine.rules.check import check_rules

    lang = default_language(lang)
    engine = load_engine(questionnaire, path, catalogue, weights)
    findings = check_rules(engine.rules, engine.questionnaire)
    files = len({r.source for r in engine.rules.rules})
    if fmt == "json":
        write_output(json_safe(json.dumps({"format": "socialfit.rules_check", "format_version": 1,
                                 "rules": len(engine.rules.rules), "files": files,
                                 "findings": [f.to_dict(lang) for f in findings]}, ensure_ascii=False, indent=2)) + "\n", None)
    else:
        for f in findings:
            echo(f.line_text(lang))
        echo(t("check.summary_found" if findings else "check.summary_clean", lang, rules=len(engine.rules.rules),
               files=files, count=len(findings)), err=bool(findings))
    if findings:
        raise click.exceptions.Exit(1)


@rules.command()
@click.argument("cases", nargs=-1, type=click.Path(path_type=Path))
@click.option("--sample", type=click.IntRange(min=0, max=10_000_000), default=100_000, show_default=True,
              help="How many seeded random valid responses to add (0: the cases only).")
@click.option("--seed", type=int, default=20260101, show_default=True, help="Seed of the random sample.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="A table, or JSON.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file instead of stdout.")
@click.option("--lang", type=LANG_CHOICE, help="Language of the table (default: from the locale).")
@config_options
def coverage(cases, sample, seed, fmt, output, lang, questionnaire, rules_path, catalogue, weights):
    """How often each rule fires over the CASES and a random sample, and which rules never fire.

    CASES are scenario files or folders (see `socialfit test`), or answers files; the random sample
    is drawn with the seed, so the counts are reproducible.
    """
    from engine.explain.coverage import coverage as run_coverage
    from engine.explain.coverage import coverage_table
    from engine.scenarios import load_scenarios

    check_outputs([("-o", output)], [(str(c), c) for c in cases] + config_inputs(questionnaire, rules_path, catalogue, weights))
    engine = load_engine(questionnaire, rules_path, catalogue, weights)
    loaded = load_scenarios(engine, cases, expect_required=False) if cases else []
    result = run_coverage(engine, [(s.name, s.values) for s in loaded], sample=sample, seed=seed)
    if fmt == "json":
        write_output(json_safe(json.dumps(result.to_dict(), ensure_ascii=False, indent=2)) + "\n", output)
        return
    write_output(coverage_table(result, default_language(lang)), output)

