"""What every command shares: loading the engine, the language choice, error translation."""
from __future__ import annotations

import contextlib
import locale
import os
import re
import shlex
import shutil
import signal
import sys
import traceback
from pathlib import Path
from typing import Iterator

import click

from engine.errors import DataError, SocialfitError, UsageError
from engine.files.safe_text import terminal_safe

EXIT_INTERRUPTED = 130  # the shell's convention for Ctrl-C


def echo(text: str = "", *, err: bool = False, nl: bool = True) -> None:
    """click.echo, with every control character from user text shown as a visible escape."""
    click.echo(terminal_safe(str(text)), err=err, nl=nl)


@contextlib.contextmanager
def interrupts_as_ctrl_c() -> Iterator[None]:
    """SIGTERM (``timeout``, ``kill``) and SIGHUP (a dropped ssh session) end a run as Ctrl-C does:
    temporary files are removed, no partial output is left, exit code 130.

    Like Ctrl-C, the signal takes effect when the current C call returns (Python runs handlers
    between bytecodes); the long C calls of a run (a pyarrow block, a numpy chunk) are short, and the
    one that was not (durable-rules compiling thousands of rules) is refused by a limit up front.
    """
    def handler(signum, _frame):
        raise KeyboardInterrupt(signal.Signals(signum).name)

    previous = {}
    try:
        for sig in (signal.SIGTERM, signal.SIGHUP):
            previous[sig] = signal.signal(sig, handler)
    except (ValueError, AttributeError, OSError):  # not the main thread, or no SIGHUP on this platform
        pass
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)

LANG_CHOICE = click.Choice(["nl", "en"])


class SocialfitGroup(click.Group):
    """Turns the library's domain errors into exit codes: bad data 1, bad usage 2.

    A traceback is shown only with ``-v``; an unexpected error says so and points at ``-v``.
    """

    def invoke(self, ctx: click.Context):
        try:
            with interrupts_as_ctrl_c():
                return super().invoke(ctx)
        except DataError as exc:
            _report(ctx, exc, "Error")
            ctx.exit(1)
        except UsageError as exc:
            _report(ctx, exc, "Usage error")
            ctx.exit(2)
        except SocialfitError as exc:
            _report(ctx, exc, "Error")
            ctx.exit(1)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:  # Ctrl-C, SIGTERM, SIGHUP: outputs were cleaned up on the way out
            echo("", err=True)
            echo("Interrupted; no output was written.", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except BrokenPipeError:  # `socialfit ... | head`: the reader left; nothing more to say
            _silence_stdout()
            ctx.exit(0)
        except MemoryError:
            echo("Error: out of memory; the input is too large for this machine (try smaller --chunk-rows "
                 "or split the file)", err=True)
            ctx.exit(1)
        except OSError as exc:  # a file the user named could not be read or written
            if _verbose(ctx):
                raise
            name = f"{exc.filename}: " if exc.filename else ""
            echo(f"Error: {name}{exc.strerror or exc}", err=True)
            ctx.exit(1)
        except Exception as exc:  # a bug: say so, keep the traceback behind -v
            if _verbose(ctx):
                raise
            echo(f"Internal error: {type(exc).__name__}: {exc} (run with -v for the traceback)", err=True)
            ctx.exit(1)


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that Python's flush at exit does not raise again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # not a real file (e.g. under a test runner)
        pass


def _verbose(ctx: click.Context) -> bool:
    return bool((ctx.obj or {}).get("verbose"))


def program() -> str:
    """How to run socialfit again from here, as the user can type it: ``socialfit`` when that is on
    PATH (an activated venv, a pip install), else the path this process was started by (``make run``
    starts ``.venv/bin/socialfit``)."""
    argv0 = sys.argv[0] if sys.argv else ""
    if os.path.basename(argv0) != "socialfit" or not os.path.exists(argv0):
        return "socialfit"  # run in-process (tests) or as python -m
    found = shutil.which("socialfit")
    if found and os.path.realpath(found) == os.path.realpath(argv0):
        return "socialfit"
    rel = os.path.relpath(argv0)
    rel = os.path.abspath(argv0) if rel.startswith("..") else rel
    return shlex.quote(rel if os.sep in rel else f".{os.sep}{rel}")


_HINT = re.compile(r"\bsocialfit (?=(intake|score|batch|map-init|report|template|validate|models|questionnaire|"
                   r"calibrate)\b)")


def runnable(text: str) -> str:
    """``text`` with every ``socialfit <command>`` it suggests spelled as :func:`program` says."""
    prog = program()
    return text if prog == "socialfit" else _HINT.sub(prog + " ", text)


def _report(ctx: click.Context, exc: Exception, label: str) -> None:
    if _verbose(ctx):
        traceback.print_exc(file=sys.stderr)
    problems = getattr(exc, "problems", None)
    if problems and len(problems) > 1:
        echo(f"{label}: {len(problems)} problems:", err=True)
        for p in problems:
            echo(runnable(f"  {p}"), err=True)
    else:
        echo(runnable(f"{label}: {exc}"), err=True)


def default_language(explicit: str | None = None, from_file: str | None = None) -> str:
    """--lang, else the file's language, else the locale (nl or en), else English."""
    if explicit:
        return explicit
    if from_file:
        return from_file
    value = _locale_setting()
    if value is None:
        value = locale.getlocale()[0] or ""
    return "nl" if value.lower().startswith("nl") else "en"


def locale_language() -> str | None:
    """nl or en when the locale names one of them; None when it says nothing useful (C, POSIX, de_DE)."""
    value = (_locale_setting() or "")[:2].lower()
    return value if value in ("nl", "en") else None


def _locale_setting() -> str | None:
    """The first locale variable that is set, in the order POSIX gives them precedence."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        if os.environ.get(var):
            return os.environ[var]
    return None


def config_options(f):
    """--questionnaire, --rules, --catalogue, --weights: override the bundled files."""
    f = click.option("--weights", type=click.Path(dir_okay=False, path_type=Path),
                     help="Weights file (default: the bundled data/weights.yaml).")(f)
    f = click.option("--catalogue", type=click.Path(dir_okay=False, path_type=Path),
                     help="Model catalogue (default: the bundled data/models.yaml).")(f)
    f = click.option("--rules", "rules_path", type=click.Path(path_type=Path),
                     help="Rules folder or file (default: the bundled rules/).")(f)
    f = click.option("--questionnaire", type=click.Path(dir_okay=False, path_type=Path),
                     help="Questionnaire file (default: the bundled questionnaires/intake.yaml).")(f)
    return f


def load_engine(questionnaire=None, rules_path=None, catalogue=None, weights=None):
    from engine import Engine

    return Engine.load(questionnaire=questionnaire, rules=rules_path, catalogue=catalogue, weights=weights)


def write_output(text: str, output: Path | None) -> None:
    """Text to stdout (control characters from user text made visible), or atomically to a file."""
    if output is None:
        echo(text, nl=False)
    else:
        from engine.files.atomic import atomic_write_text

        atomic_write_text(output, text)
        echo(f"Wrote {output}", err=True)


def config_inputs(questionnaire=None, rules_path=None, catalogue=None, weights=None) -> list[tuple[str, Path]]:
    """The configuration files a run reads, the bundled ones where no option names another."""
    from engine.files import resources

    return [("--questionnaire", questionnaire or resources.default_questionnaire_path()),
            ("--rules", rules_path or resources.default_rules_dir()),
            ("--catalogue", catalogue or resources.default_catalogue_path()),
            ("--weights", weights or resources.default_weights_path())]


def check_outputs(outputs, inputs) -> None:
    """Every output usable, none an input of this run or another output: checked before any input
    is read (see :mod:`engine.files.outputs`)."""
    from engine.files.outputs import check_outputs as check

    check(list(outputs), list(inputs))


def not_found(kind: str, value: str, known) -> UsageError:
    return UsageError(f"unknown {kind} {value!r}; known: {', '.join(known)}")
