"""models, questionnaire, template, score, validate."""
from __future__ import annotations

import json
from pathlib import Path

import click

from engine.report import text as render
from engine.errors import DataError

from .common import (LANG_CHOICE, check_outputs, config_inputs, config_options, default_language, echo, load_engine,
                     not_found, write_output)
from engine.files.safe_text import json_safe


@click.command()
@click.argument("model_id", required=False)
@click.option("--lang", type=LANG_CHOICE, help="Language (default: from the locale).")
@click.option("--json", "as_json", is_flag=True, help="Print the catalogue entries as JSON.")
@click.option("--catalogue", type=click.Path(dir_okay=False, path_type=Path), help="Model catalogue file.")
def models(model_id, lang, as_json, catalogue):
    """List the nine implementation models, or show MODEL_ID in full."""
    from engine.files import resources
    from engine.model.catalogue import load_catalogue

    cat = load_catalogue(catalogue or resources.default_catalogue_path())
    lang = default_language(lang)
    if model_id and model_id not in cat.by_id:
        raise not_found("model", model_id, cat.ids)
    chosen = [cat.by_id[model_id]] if model_id else list(cat.models)
    if as_json:
        from dataclasses import asdict

        echo(json_safe(json.dumps([asdict(m) for m in chosen], ensure_ascii=False, indent=2)))
    elif model_id:
        echo(render.model_detail(cat, chosen[0], lang), nl=False)
    else:
        echo(render.models_list(cat, lang), nl=False)


@click.command()
@click.option("--lang", type=LANG_CHOICE, help="Language (default: from the locale).")
@click.option("--json", "as_json", is_flag=True, help="The questionnaire as data (documented in docs/formats.md).")
@click.option("--questionnaire", type=click.Path(dir_okay=False, path_type=Path), help="Questionnaire file.")
def questionnaire(lang, as_json, questionnaire):
    """Show the intake questionnaire, readable or as JSON."""
    from engine.files import resources
    from engine.model.questionnaire import load_questionnaire

    q = load_questionnaire(questionnaire or resources.default_questionnaire_path())
    if as_json:
        echo(json_safe(json.dumps(render.questionnaire_json(q), ensure_ascii=False, indent=2)))
    else:
        echo(render.questionnaire_text(q, default_language(lang)), nl=False)


@click.command()
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path), required=False)
@click.option("--lang", type=LANG_CHOICE, help="Language of the comments (default: from the locale).")
@click.option("--csv", "as_csv", is_flag=True, help="An empty CSV with our item columns, for any survey tool.")
@click.option("--questionnaire", type=click.Path(dir_okay=False, path_type=Path), help="Questionnaire file.")
def template(output, lang, as_csv, questionnaire):
    """Write a commented answers file (or --csv: a survey CSV header) to OUTPUT, or print it."""
    from engine.files import resources
    from engine.model.questionnaire import load_questionnaire

    check_outputs([("OUTPUT", output)], [("--questionnaire", questionnaire or resources.default_questionnaire_path())])
    q = load_questionnaire(questionnaire or resources.default_questionnaire_path())
    if as_csv:
        from engine.survey.template import csv_template

        text = csv_template(q)
    else:
        from engine.report.template import answers_template

        text = answers_template(q, default_language(lang))
    write_output(text, output)


@click.command()
@click.argument("answers", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "json", "markdown"]),
              help="Output format (default: from the suffix of -o, .json or .md; else table).")
@click.option("--lang", type=LANG_CHOICE, help="Language (default: the answers file's, else the locale).")
@click.option("--explain", is_flag=True, help="Show the rules that fired and their effects.")
@click.option("--why-not", "why_not", metavar="MODEL",
              help="Explain why MODEL is not first: every term of its gap to the winner, with points.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file instead of stdout.")
@config_options
def score(answers, fmt, lang, explain, why_not, output, questionnaire, rules_path, catalogue, weights):
    """Recommend a model for the organisation in an ANSWERS file (YAML or JSON), with how firm the advice is."""
    check_outputs([("-o", output)], [("ANSWERS", answers)] + config_inputs(questionnaire, rules_path, catalogue, weights))
    engine = load_engine(questionnaire, rules_path, catalogue, weights)
    read = engine.read_answers(answers)
    result = engine.assess_valid(read.values, language=default_language(lang, read.language),
                                 organisation=read.organisation, warnings=read.warnings)
    engine.stability(read.values, result)
    if why_not is not None and why_not not in engine.catalogue.by_id:
        raise not_found("model", why_not, engine.catalogue.ids)
    if fmt is None:  # as batch and report do: the suffix of -o says what to write
        fmt = {".json": "json", ".md": "markdown", ".markdown": "markdown"}.get(
            output.suffix.lower() if output else "", "table")
    if not (fmt == "table" and output is None):  # the table on the terminal lists them itself: once is enough
        for w in read.warnings:
            echo(f"Warning: {w}", err=True)
    if fmt == "json":
        text = json_safe(render.assessment_json(result)) + "\n"
    elif fmt == "markdown":
        text = render.assessment_markdown(result, explain=explain)
    else:
        from engine.report.explain_text import stability_text

        text = render.assessment_table(result, explain=explain) + "\n" + stability_text(result)
    if why_not is not None and fmt != "json":
        from engine.report.explain_text import why_not_text

        text += "\n" + why_not_text(result, why_not)
    write_output(text, output)


@click.command()
@click.argument("answers", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@config_options
def validate(answers, questionnaire, rules_path, catalogue, weights):
    """Check the questionnaire, rules (with `socialfit rules check`), catalogue and weights (and any ANSWERS files); report every problem."""
    from engine.files.cache import no_cache

    from engine import Engine

    with no_cache():  # validate means: parse and check everything now
        engine, problems = Engine.check(questionnaire=questionnaire, rules=rules_path, catalogue=catalogue,
                                        weights=weights)
    if engine is None:
        raise DataError(problems)
    from engine.rules.check import check_rules, problems_of

    problems += problems_of(check_rules(engine.rules, engine.questionnaire))  # as `socialfit rules check`
    q = engine.questionnaire
    if not problems:
        echo(f"ok: questionnaire {q.ref} ({len(q.items)} items), {len(engine.catalogue.models)} models, "
             f"{len(engine.rules.rules)} rules, weights ({engine.weights.provenance.get('method', '?')})")
    for path in answers:
        try:
            read = engine.read_answers(path)
        except DataError as exc:
            problems += exc.problems
            continue
        for w in read.warnings:
            echo(f"Warning: {w}", err=True)
        echo(f"ok: {path} ({len(read.values)} answers)")
    if problems:
        raise DataError(problems)
