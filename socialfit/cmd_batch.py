"""batch, map-init: score survey exports."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import (LANG_CHOICE, check_outputs, config_inputs, config_options, default_language, echo, load_engine,
                     write_output)

LAYOUT_CHOICE = click.Choice(["template", "google", "msforms", "limesurvey", "qualtrics", "qualtrics-legacy",
                              "surveymonkey", "kobo", "generic"])
PATH = click.Path(dir_okay=False, path_type=Path)


def _reading_options(f):
    f = click.option("--delimiter", help="Force the delimiter: , ; or tab (default: detected).")(f)
    f = click.option("--encoding", help="Force the encoding (default: utf-8, utf-8 with BOM, else cp1252).")(f)
    f = click.option("--source", type=LAYOUT_CHOICE, help="Force the survey tool's layout (default: recognised).")(f)
    return f


@click.command()
@click.argument("export", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=PATH, required=True,
              help="Results file; the format follows the suffix: .csv, .tsv, .parquet, .jsonl, .xlsx.")
@click.option("--map", "mapping", type=PATH, help="Mapping file: columns and answer labels -> items and values.")
@_reading_options
@click.option("--id-column", "id_columns", multiple=True, help="Copy this column to the output (repeatable).")
@click.option("--errors", type=PATH, help="Write every problem (row, column, value, reason code) to this CSV.")
@click.option("--strict", is_flag=True, help="Fail (exit 1, no output) when any row is invalid.")
@click.option("--summary", type=PATH, help="Write the run summary as .json or as a self-contained .html page.")
@click.option("--excel", is_flag=True, help="CSV for Dutch Excel: ';', decimal comma and a BOM.")
@click.option("--group-by", help="Score the respondents of each value of this column as one organisation.")
@click.option("--median", is_flag=True, help="With --group-by: the median answer instead of the mean.")
@click.option("--engine", "how", type=click.Choice(["vector", "durable"]), default="vector", show_default=True,
              help="vector: all rows at once; durable: row by row through durable-rules (slow, same results).")
@click.option("--min-answered", type=click.FloatRange(0, 1, min_open=True), default=0.8, show_default=True,
              help="Score a partial response when at least this share of its required items is answered.")
@click.option("--chunk-rows", type=click.IntRange(min=1), default=100_000, show_default=True,
              help="Rows per chunk (memory use grows with it).")
@click.option("--lang", type=LANG_CHOICE, help="Language of stage names and exit reasons (default: the locale).")
@click.option("--stability", is_flag=True,
              help="Add stability_top, stability_exit and their verdicts: the stability figure of socialfit score "
                   "(weight draws and answers moved one step that keep the advice). Costs about 5 s per 1,000 rows "
                   "at 1,000 draws instead of under 0.01 s.")
@click.option("--stability-draws", type=click.IntRange(min=1), default=1000, show_default=True,
              help="With --stability: perturbed weight sets per row; the weight part's time grows with it.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary on stderr.")
@config_options
def batch(export, output, mapping, source, encoding, delimiter, id_columns, errors, strict, summary, excel,
          group_by, median, how, min_answered, chunk_rows, lang, stability, stability_draws, quiet, questionnaire,
          rules_path, catalogue, weights):
    """Score every response in a survey EXPORT (CSV or Excel) into one results row each."""
    from engine.survey.batch import BatchOptions, check_options, run_batch

    opts = BatchOptions(output=output, source=source, mapping=mapping, encoding=encoding, delimiter=delimiter,
                        id_columns=id_columns, errors=errors, strict=strict, summary=summary, excel=excel,
                        group_by=group_by, median=median, engine=how, language=default_language(lang),
                        chunk_rows=chunk_rows, min_answered=min_answered, stability=stability,
                        stability_draws=stability_draws,
                        progress=not quiet and sys.stderr.isatty())
    check_options(export, opts)  # before the configuration and the export are read
    check_outputs([("-o", output), ("--errors", errors), ("--summary", summary)],
                  [("EXPORT", export), ("--map", mapping)] + config_inputs(questionnaire, rules_path, catalogue, weights))
    engine = load_engine(questionnaire, rules_path, catalogue, weights)
    result = run_batch(engine, export, opts)
    if not quiet:
        echo(result.text(), err=True, nl=False)


@click.command("map-init")
@click.argument("export", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=PATH, help="Write the draft mapping here (default: stdout).")
@click.option("--map", "mapping", type=PATH, help="A mapping file to complete: its columns and values are kept.")
@_reading_options
@click.option("--questionnaire", type=PATH, help="Questionnaire file.")
def map_init(export, output, mapping, source, encoding, delimiter, questionnaire):
    """Write a draft mapping file for a survey EXPORT, to complete by hand and pass to batch --map."""
    from engine.files import resources
    from engine.model.questionnaire import load_questionnaire
    from engine.survey.draft import draft_mapping

    check_outputs([("-o", output)], [("EXPORT", export), ("--questionnaire", questionnaire)])
    q = load_questionnaire(questionnaire or resources.default_questionnaire_path())
    write_output(draft_mapping(export, q, source=source, encoding=encoding, delimiter=delimiter,
                                                mapping=mapping, output=output), output)
