"""intake (ask the questionnaire at the terminal, or from piped answers) and report (HTML/markdown)."""
from __future__ import annotations

import shlex
import shutil
import sys
from pathlib import Path

import click

from engine.errors import UsageError
from engine.i18n import t

from .common import (EXIT_INTERRUPTED, LANG_CHOICE, check_outputs, config_inputs, config_options, default_language, echo,
                     load_engine, locale_language, runnable)

PATH = click.Path(dir_okay=False, path_type=Path)


def _interactive() -> bool:
    return sys.stdin.isatty()


def _read_line(prompt: str) -> str | None:
    """One typed line, or ``None`` at end of input. Piped answers are echoed so the output reads like
    the conversation; Ctrl-C (KeyboardInterrupt) is left to the caller."""
    interactive = sys.stdin.isatty()
    if interactive:
        try:
            import readline  # noqa: F401 - gives input() line editing at a terminal
        except ImportError:  # pragma: no cover - not on every platform
            pass
    try:
        line = input(prompt)
    except EOFError:
        echo()
        return None
    if not interactive:
        echo(line)
    return line


def _ask_language() -> str | None:
    while True:
        line = _read_line("Taal / Language [nl/en]: ")
        if line is None:
            return None
        choice = line.strip().lower()
        if choice in ("nl", "en", "nederlands", "english"):
            return choice[:2] if choice in ("nl", "en") else {"nederlands": "nl", "english": "en"}[choice]
        echo("Kies nl of en / Choose nl or en.")


def _report_format(path: Path, fmt: str | None) -> str:
    if fmt:
        return fmt
    return "markdown" if path.suffix.lower() in (".md", ".markdown") else "html"


def _write_report(engine, assessment, path: Path, fmt: str | None, values=None) -> None:
    from engine.files.atomic import atomic_write_text
    from engine.report import build_report, render_html, render_markdown

    html = _report_format(path, fmt) == "html"
    data = build_report(engine, assessment, charts=html, values=values)
    atomic_write_text(path, render_html(data) if html else render_markdown(data))


@click.command()
@click.option("--lang", type=LANG_CHOICE, help="Language (default: the resumed file's, else the locale, else asked).")
@click.option("--save", type=PATH, help="Save the answers to this file as you go (a partial file can be resumed).")
@click.option("--resume", type=PATH, help="Continue a saved (possibly partial) answers file; saves to it unless --save says otherwise.")
@click.option("--report", "report_path", type=PATH, help="Write the report here at the end (.md: markdown, else HTML).")
@click.option("--organisation", help="The organisation's name, shown in the summary and report.")
@config_options
def intake(lang, save, resume, report_path, organisation, questionnaire, rules_path, catalogue, weights):
    """Answer the intake questionnaire, one question at a time; then see the advice.

    Type the number of an answer (or its text); b/terug goes back, ? shows help, s skips where
    "don't know" is allowed, q stops. Answers may also be piped on stdin, one line per question.
    """
    # --save may be the --resume file (that is how a partial intake goes on); nothing else read may be written
    inputs = config_inputs(questionnaire, rules_path, catalogue, weights)
    report_path = with_report_suffix(report_path) if report_path else None
    check_outputs([("--save", save or resume), ("--report", report_path)], inputs)
    if resume and save:
        check_outputs([("--report", report_path)], [("--resume", resume)])
    engine = load_engine(questionnaire, rules_path, catalogue, weights)
    try:
        _run(engine, lang=lang, save=save, resume=resume, report_path=report_path, organisation=organisation,
             inputs=inputs + [("--resume", resume)])
    except KeyboardInterrupt:  # Ctrl-C outside the questions (language, offers): nothing to save
        echo()
        echo("Onderbroken / Interrupted.", err=True)
        sys.exit(EXIT_INTERRUPTED)


def _folder_exists(path: Path) -> bool:
    return (path.parent if str(path.parent) else Path(".")).is_dir()


def _run(engine, *, lang, save, resume, report_path, organisation, inputs) -> None:
    from engine.intake import IntakeSession, converse

    q = engine.questionnaire
    if resume:
        session, read = IntakeSession.resume(q, resume, language=lang)
        for w in read.warnings:
            echo(f"Warning: {w}", err=True)
        if lang is None and read.language is None:
            session.language = locale_language() or _ask_language() or "en"
        if organisation:
            session.organisation = organisation
    else:
        language = lang or locale_language() or _ask_language()
        if language is None:  # end of input at the language question
            echo(t("intake.incomplete", "en", n=0, total=len(q.items)), err=True)
            sys.exit(1)
        session = IntakeSession(q, language=language, organisation=organisation)
    lang = session.language
    target = save or resume

    from engine.i18n import pick

    echo(pick(q.title, lang))
    if resume:
        n = session.answered_count()
        echo(t("intake.resuming_one", lang, path=resume) if n == 1 else t("intake.resuming", lang, path=resume, n=n))
    elif q.intro:
        echo(click.wrap_text(pick(q.intro, lang), width=min(shutil.get_terminal_size().columns, 100)))
    named = False
    if not session.organisation and _interactive():  # the report is headed by it; scripts pass --organisation
        name = _read_line(t("intake.ask_organisation", lang))
        session.organisation = name.strip() if name and name.strip() else None
        named = bool(session.organisation)
    if not session.done:
        echo(t("intake.keys", lang))

    changed = named  # a name typed in counts as a change of a resumed file

    def save_now(s) -> None:
        # A resumed file is rewritten only when an answer changed (it may be a hand-written, commented file).
        if target and (save or changed):
            s.save(target)

    def on_change(s) -> None:
        nonlocal changed
        changed = True
        save_now(s)

    try:
        outcome = converse(session, read=_read_line, write=echo, on_change=on_change)
    except KeyboardInterrupt:
        echo()
        save_now(session)
        _stopped(session, target, t("intake.interrupted", lang))
        sys.exit(EXIT_INTERRUPTED)
    if outcome == "eof":
        save_now(session)
        _stopped(session, target, t("intake.incomplete", lang, n=session.answered_count(), total=session.total()))
        sys.exit(1)
    if outcome == "quit":
        if target is None:
            target = _offer_path(t("intake.offer_save", lang), lang, inputs)
        save_now(session)
        _stopped(session, target, t("intake.quit", lang, n=session.answered_count()))
        return

    save_now(session)
    _finish(engine, session, target, report_path, inputs)


def _finish(engine, session, target: Path | None, report_path: Path | None, inputs) -> None:
    """The summary, then the offers to save and to write the report (unless the options said)."""
    from engine.report.text import assessment_table

    lang = session.language
    assessment = engine.assess(session.answers, language=lang, organisation=session.organisation)
    echo()
    echo(assessment_table(assessment), nl=False)
    echo()
    for line in _roadmap(engine, assessment, lang):  # what the intro promises: a first roadmap
        echo(line)
    echo()
    if target is None:
        target = _offer_path(t("intake.offer_save", lang), lang, inputs)
        if target:
            session.save(target)
    if target:
        echo(t("intake.saved", lang, path=target), err=True)
    if report_path is None:
        report_path = _offer_path(t("intake.offer_report", lang), lang, inputs + [("--save", target)], report=True)
    if report_path:
        _write_report(engine, assessment, report_path, None, engine.validate(session.answers)[0])
        echo(t("intake.report_written", lang, path=report_path), err=True)


def _roadmap(engine, assessment, lang: str) -> list[str]:
    """The recommended model's steps and first actions, or, when the exit is taken, what to fix first."""
    from engine.i18n import pick

    if assessment.take_exit:
        return [t("intake.roadmap_exit", lang)] + [f"  - {x}" for x in assessment.fix_first]
    model = engine.catalogue.by_id[assessment.recommended]
    lines = [t("intake.roadmap", lang, model=model.name)]
    lines += [f"  {k}. {pick(step['name'], lang)}" for k, step in enumerate(model.steps, start=1)]
    lines += [t("intake.roadmap_first", lang)] + [f"  - {x}" for x in model.first_actions[lang]]
    return lines


def with_report_suffix(path: Path) -> Path:
    """A report name without an extension (``P02-rapport``) gets ``.html``."""
    return path if path.suffix else path.with_name(path.name + ".html")


def _offer_path(prompt: str, lang: str, inputs, *, report: bool = False) -> Path | None:
    """A file name typed at an offer; Enter or end of input means no. A missing folder, or a file
    this run reads (the questionnaire, the saved answers for the report), is re-asked."""
    while True:
        line = _read_line(prompt)
        if not line or not line.strip():
            return None
        path = Path(line.strip()).expanduser()
        if report and not path.suffix:
            path = with_report_suffix(path)
            echo(t("intake.report_suffix", lang, path=path))
        if not _folder_exists(path):
            echo(t("intake.no_folder", lang, folder=path.parent))
            continue
        try:
            check_outputs([("", path)], inputs)
        except UsageError as exc:
            echo(str(exc).lstrip())
            continue
        return path


def _stopped(session, target: Path | None, message: str) -> None:
    lang = session.language
    echo(message, err=True)
    if target:
        echo(t("intake.saved", lang, path=target) + " "
             + runnable(t("intake.resume_hint", lang, path=shlex.quote(str(target)))), err=True)
    else:
        echo(t("intake.not_saved", lang), err=True)


@click.command()
@click.argument("answers", type=PATH)
@click.option("-o", "--output", type=PATH, help="Write to this file (default: stdout).")
@click.option("--format", "fmt", type=click.Choice(["html", "markdown"]),
              help="Report format (default: from the output's extension, .md = markdown; else html).")
@click.option("--lang", type=LANG_CHOICE, help="Language (default: the answers file's, else the locale).")
@click.option("--explain", is_flag=True, help="Add the rules that fired and their effects (for the consultant).")
@config_options
def report(answers, output, fmt, lang, explain, questionnaire, rules_path, catalogue, weights):
    """Write the report for the organisation in an ANSWERS file: a self-contained HTML page or markdown."""
    from engine.report import build_report, render_html, render_markdown

    check_outputs([("-o", output)], [("ANSWERS", answers)] + config_inputs(questionnaire, rules_path, catalogue, weights))
    engine = load_engine(questionnaire, rules_path, catalogue, weights)
    read = engine.read_answers(answers)
    for w in read.warnings:
        echo(f"Warning: {w}", err=True)
    assessment = engine.assess_valid(read.values, language=default_language(lang, read.language),
                                     organisation=read.organisation, warnings=read.warnings)
    fmt = fmt or (_report_format(output, None) if output else "html")
    data = build_report(engine, assessment, charts=fmt == "html", explain=explain, values=read.values)
    text = render_markdown(data) if fmt == "markdown" else render_html(data)
    if output is None:
        echo(text, nl=False)
    else:
        from engine.files.atomic import atomic_write_text

        atomic_write_text(output, text)
        echo(f"Wrote {output}", err=True)
