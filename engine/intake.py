"""The interactive intake as a library: which question is current, how a typed line is read, going
back, skipping, and saving a partial answers file that can be resumed.

The session knows nothing about terminals: :func:`converse` asks through two callables (``read``
returns a line or ``None`` at end of input; ``write`` shows text), so the CLI, tests and any other
front end drive the same flow.

    session = IntakeSession(questionnaire, language="nl")
    outcome = converse(session, read=..., write=..., on_change=lambda s: s.save(path))
    # outcome: "done" (every visible required item answered), "quit" or "eof"

Answers are kept as ``{item_id: value}`` with the same values as an answers file (``None`` = don't
know). Changing an answer re-evaluates the show-if conditions and drops answers to items that became
hidden, exactly as ``socialfit score`` would ignore them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import yaml

from .model.answers import Answers, check_answer, load_answers
from .files.atomic import atomic_write_text
from .i18n import pick, t
from .model.numbers import parse_number
from .model.questionnaire import Item, Questionnaire

# Typed commands, accepted in either language (they never collide with an option label).
COMMANDS = {
    "back": ("b", "terug", "back", "vorige"),
    "help": ("?", "help", "uitleg"),
    "skip": ("s", "skip", "overslaan"),
    "quit": ("q", "quit", "stop", "stoppen"),
}
_COMMAND_OF = {word: kind for kind, words in COMMANDS.items() for word in words}


class _AnswersDumper(yaml.SafeDumper):
    """Block mappings with inline lists, like the hand-written answers files: ``objectives: [a, b]``."""


_AnswersDumper.add_representer(
    list, lambda dumper, value: dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True))


class InvalidReply(ValueError):
    """A typed line that is not an answer to the current item; ``reason`` is in the session language."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Reply:
    """What a typed line means: ``answer`` (with ``value``), ``keep`` (Enter on an answered item),
    ``back``, ``help``, ``skip`` or ``quit``."""

    kind: str
    value: Any = None


def _casefold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _label_match(labels: dict, text: str) -> Any:
    """The value whose label (in either language) equals ``text``, else ``None``."""
    wanted = _casefold(text)
    for value, label in labels.items():
        if any(_casefold(v) == wanted for v in label.values()):
            return value
    return None


def parse_reply(q: Questionnaire, item: Item, text: str, lang: str, *, has_answer: bool = False) -> Reply:
    """Read one typed line as a reply to ``item``; raises :class:`InvalidReply` with the reason."""
    raw = text.strip()
    if not raw:
        if has_answer:
            return Reply("keep")
        raise InvalidReply(t("intake.err.empty", lang))
    command = _COMMAND_OF.get(raw.casefold())
    if command:
        return Reply(command)
    if item.type == "number":
        return Reply("answer", _parse_number(item, raw, lang))
    if item.type == "likert5":
        labels = {v: q.likert5_labels[v] for v in range(1, 6)}
        if _small_number(raw) and 1 <= int(raw) <= 5:
            return Reply("answer", int(raw))
        value = _label_match(labels, raw)
        if value is None:
            raise InvalidReply(t("intake.err.choice", lang, got=raw, n=5))
        return Reply("answer", value)
    if item.type == "single":
        return Reply("answer", _parse_option(item, raw, lang))
    return Reply("answer", _parse_multi(item, raw, lang))


def _small_number(raw: str) -> bool:
    """ASCII digits only, and few: ``str.isdigit`` also says yes to ``²`` and ``٣``, which int() refuses,
    and int() refuses 5,000 digits."""
    return raw.isascii() and raw.isdigit() and len(raw) <= 6


def _parse_option(item: Item, raw: str, lang: str) -> Any:
    n = len(item.options)
    if _small_number(raw):
        if 1 <= int(raw) <= n:
            return item.options[int(raw) - 1].value
        raise InvalidReply(t("intake.err.choice", lang, got=raw, n=n))
    for option in item.options:  # the option's stable value, as in an answers file
        if str(option.value).casefold() == raw.casefold():
            return option.value
    value = _label_match({o.value: o.label for o in item.options}, raw)
    if value is None:
        value = _partial_match(item, raw, lang)
    if value is None:
        raise InvalidReply(t("intake.err.choice", lang, got=raw, n=n))
    return value


def _partial_match(item: Item, raw: str, lang: str) -> Any:
    """The one option whose label (in either language) contains the typed words: "Actief op meerdere
    kanalen" for "We zijn actief op meerdere kanalen". Several fit: refused, naming their numbers."""
    wanted = _casefold(raw)
    if len(wanted) < 3:
        return None
    fits = [(k, o) for k, o in enumerate(item.options, start=1)
            if any(wanted in _casefold(label) for label in o.label.values())]
    if len(fits) > 1:
        raise InvalidReply(t("intake.err.ambiguous", lang, got=raw,
                             options=", ".join(f"{k} {pick(o.label, lang)}" for k, o in fits)))
    return fits[0][1].value if fits else None


def _parse_multi(item: Item, raw: str, lang: str) -> list:
    # Numbers may be separated by commas or spaces; labels contain spaces, so only commas split them.
    if raw.strip() == "0" and not item.required:
        return []  # none of these: an answer, unlike skipping
    parts = re.split(r"[,;\s]+", raw) if re.fullmatch(r"[0-9,;\s]+", raw) else re.split(r"[,;]", raw)
    chosen = {_parse_option(item, p.strip(), lang) for p in parts if p.strip()}
    if not chosen:
        raise InvalidReply(t("intake.err.empty", lang))
    return [o.value for o in item.options if o.value in chosen]  # questionnaire order, no duplicates


def _parse_number(item: Item, raw: str, lang: str) -> int | float:
    number = parse_number(raw, "mixed", item.unit)  # "12,5", "12.5", "100 uur", "40 hours per week"
    if number is None or not item.min <= number <= item.max:
        raise InvalidReply(t("intake.err.number", lang, got=raw, min=item.min, max=item.max))
    return int(number) if number.is_integer() else number


class IntakeSession:
    """The answers so far and the current item. Not tied to any terminal."""

    def __init__(self, questionnaire: Questionnaire, *, language: str,
                 answers: dict[str, Any] | None = None, organisation: str | None = None):
        self.q = questionnaire
        self.language = language
        self.organisation = organisation
        self.answers: dict[str, Any] = {}
        for item_id, value in (answers or {}).items():
            if questionnaire.by_id.get(item_id) is None or check_answer(questionnaire, questionnaire.by_id[item_id], value):
                raise ValueError(f"invalid answer {item_id}={value!r}; validate answers before resuming")
            self.answers[item_id] = value
        self.dropped: list[str] = []  # items whose answers the last change hid
        self._filling_gaps = False    # past the last item, visiting required items left open
        self._drop_hidden()
        self._index: int | None = self._resume_index()

    # ---------------------------------------------------------------- where we are

    def visible_items(self) -> list[Item]:
        shown = self.q.visible(self.answers)
        return [i for i in self.q.items if shown[i.id]]

    @property
    def current(self) -> Item | None:
        """The item being asked, or ``None`` when the intake is complete."""
        return None if self._index is None else self.q.items[self._index]

    @property
    def done(self) -> bool:
        return self._index is None

    def progress(self) -> tuple[int, int]:
        """(position of the current item, number of items to ask). The count includes later items whose
        show-if depends on a question not yet asked, so it does not jump up while answering."""
        counted = self._counted_items()
        if self.current is None:
            return len(counted), len(counted)
        return counted.index(self.current) + 1, len(counted)

    def _counted_items(self) -> list[Item]:
        shown = self.q.visible(self.answers)
        position = len(self.q.items) if self._index is None else self._index
        order = {i.id: k for k, i in enumerate(self.q.items)}
        return [i for k, i in enumerate(self.q.items)
                if shown[i.id] or (k > position and i.show_if is not None and any(
                    ref not in self.answers and order[ref] >= position for ref in _condition_items(i.show_if)))]

    def answered_count(self) -> int:
        return len(self.answers)

    def total(self) -> int:
        """The number of questions, as the screen counts them ("Question 2 of 44"): also in the file."""
        return self.progress()[1]

    def missing_required(self) -> list[Item]:
        """Visible required items without an answer (what ``socialfit score`` would reject)."""
        return [i for i in self.visible_items() if i.required and i.id not in self.answers]

    def _resume_index(self) -> int | None:
        """Right after the last answered visible item, so that skipped optional items stay skipped."""
        visible = self.visible_items()
        answered = [k for k, i in enumerate(visible) if i.id in self.answers]
        start = answered[-1] + 1 if answered else 0
        return self._next_from(visible, start)

    def _next_from(self, visible: list[Item], start: int) -> int | None:
        if start < len(visible) and not self._filling_gaps:
            return self.q.items.index(visible[start])
        missing = self.missing_required()  # at the end: go back to anything required left open
        self._filling_gaps = bool(missing)  # ... and from there on to the next one, not item by item
        return self.q.items.index(missing[0]) if missing else None

    def _advance(self) -> None:
        visible = self.visible_items()
        item = self.current
        if item in visible:
            start = visible.index(item) + 1
        else:  # cannot happen for an item being answered, but stay safe: continue after it in order
            start = sum(1 for i in visible if self.q.items.index(i) < self._index)
        self._index = self._next_from(visible, start)

    def _drop_hidden(self) -> None:
        shown = self.q.visible(self.answers)
        self.dropped = [k for k in self.answers if not shown[k]]
        for k in self.dropped:
            del self.answers[k]

    # ---------------------------------------------------------------- changing the answers

    def answer(self, value: Any) -> None:
        """Answer the current item (a value as in an answers file) and move to the next visible item."""
        item = self._require_current()
        reason = check_answer(self.q, item, value)
        if reason:
            raise InvalidReply(reason)
        self.answers[item.id] = value
        self._drop_hidden()
        self._advance()

    def keep(self) -> None:
        """Keep the current item's existing answer and move on."""
        item = self._require_current()
        if item.id not in self.answers and item.required:
            raise InvalidReply(t("intake.err.empty", self.language))
        self.dropped = []
        self._advance()

    def skip(self) -> None:
        """Don't know (``None``) where allowed; an optional item is left unanswered; else refused."""
        item = self._require_current()
        if item.dont_know:
            self.answers[item.id] = None
        elif not item.required:
            self.answers.pop(item.id, None)
        else:
            raise InvalidReply(t("intake.err.no_skip", self.language))
        self._drop_hidden()
        self._advance()

    def back(self) -> bool:
        """Go to the previous visible item; ``False`` at the first one. Its answer is kept until changed."""
        visible = self.visible_items()
        if self.current is None:
            position = len(visible)
        else:
            position = visible.index(self.current)
        if position == 0:
            return False
        self._index = self.q.items.index(visible[position - 1])
        self.dropped = []
        self._filling_gaps = False
        return True

    def _require_current(self) -> Item:
        if self.current is None:
            raise InvalidReply(t("intake.err.finished", self.language))
        return self.current

    # ---------------------------------------------------------------- saving and resuming

    def document(self) -> dict:
        """The answers file content (as ``socialfit score`` reads it), in questionnaire order."""
        doc: dict[str, Any] = {"questionnaire": self.q.ref, "language": self.language}
        if self.organisation:
            doc["organisation"] = self.organisation
        doc["answers"] = {i.id: self.answers[i.id] for i in self.q.items if i.id in self.answers}
        return doc

    def save(self, path: str | Path) -> None:
        """Write the answers file atomically; a partial file says so in a comment."""
        missing = self.missing_required() if self.done else [i for i in self.visible_items()
                                                               if i.id not in self.answers]
        header = [f"# {pick(self.q.title, self.language)}"]
        if missing or not self.done:
            header.append("# " + t("intake.file_partial", self.language, path=path,
                                   n=self.answered_count(), total=self.total()))
        body = yaml.dump(self.document(), Dumper=_AnswersDumper, sort_keys=False, allow_unicode=True,
                         default_flow_style=False)
        atomic_write_text(path, "\n".join(header) + "\n" + body)

    @classmethod
    def resume(cls, questionnaire: Questionnaire, path: str | Path, *,
               language: str | None = None) -> tuple["IntakeSession", Answers]:
        """A session continuing a (possibly partial) answers file; also returns what was read."""
        read = load_answers(questionnaire, path, complete=False)
        session = cls(questionnaire, language=language or read.language or "en", answers=read.values,
                      organisation=read.organisation)
        return session, read


def _condition_items(cond) -> list[str]:
    if cond.all:
        return [ref for c in cond.all for ref in _condition_items(c)]
    return [cond.item]


# -------------------------------------------------------------------- the conversation


def describe_answer(q: Questionnaire, item: Item, value: Any, lang: str) -> str:
    """An answer as the respondent sees it: the label(s), the number with its unit, or don't know."""
    if value is None:
        return pick(q.dont_know_label, lang)
    if item.type == "likert5":
        return f"{value} {pick(q.likert5_labels[value], lang)}"
    if item.type == "single":
        return pick(item.option(value).label, lang)
    if item.type == "multi":
        return ", ".join(pick(item.option(v).label, lang) for v in value) or "-"
    unit = f" {pick(item.unit, lang)}" if item.unit else ""
    return f"{value:g}{unit}"


def question_text(session: IntakeSession) -> str:
    """The current question: progress, section, text, numbered options, the answer so far."""
    q, item, lang = session.q, session.current, session.language
    n, total = session.progress()
    lines = ["", t("intake.progress", lang, n=n, total=total) + " · " + pick(q.sections[item.section], lang),
             pick(item.text, lang)]
    if item.help:  # on screen: the definitions that decide an answer (hours, go/no-go, paid/owned/earned)
        lines.append("  " + t("intake.help", lang, text=" ".join(pick(item.help, lang).split())))
    if item.type == "likert5":
        lines += [f"  {v}  {pick(q.likert5_labels[v], lang)}" for v in range(1, 6)]
    elif item.type in ("single", "multi"):
        lines += [f"  {k}  {pick(o.label, lang)}" for k, o in enumerate(item.options, start=1)]
        if item.type == "multi":
            lines.append("  " + t("intake.multi_hint", lang)
                         + ("" if item.required else " " + t("intake.none_hint", lang)))
    if item.dont_know:
        lines.append(f"  s  {pick(q.dont_know_label, lang)}")
    elif not item.required:
        lines.append(f"  s  {t('intake.skip_optional', lang)}")
    if item.id in session.answers:
        lines.append(t("intake.current_answer", lang,
                       answer=describe_answer(q, item, session.answers[item.id], lang)))
    return "\n".join(lines)


def prompt_text(session: IntakeSession) -> str:
    """The prompt line: what may be typed."""
    item, lang = session.current, session.language
    keys = ["s"] if (item.dont_know or not item.required) else []
    keys += ["?", "b", "q"]
    if item.type == "number":
        unit = f" {pick(item.unit, session.language)}" if item.unit else ""
        first = f"{item.min:g}-{item.max:g}{unit}"
    else:
        first = f"1-{5 if item.type == 'likert5' else len(item.options)}"
    return f"{t('intake.prompt', lang)} [{first}, {', '.join(keys)}]: "


def converse(session: IntakeSession, *, read: Callable[[str], str | None], write: Callable[[str], None],
             on_change: Callable[[IntakeSession], None] | None = None) -> str:
    """Ask until the intake is complete. Returns ``"done"``, ``"quit"`` or ``"eof"`` (end of input).

    Invalid input is re-asked with the reason; ``on_change`` runs after every change (save as you go).
    """
    q, lang = session.q, session.language
    while not session.done:
        item = session.current
        write(question_text(session))
        while True:
            line = read(prompt_text(session))
            if line is None:
                return "eof"
            try:
                reply = parse_reply(q, item, line, lang, has_answer=item.id in session.answers)
                if reply.kind == "help":
                    write(pick(item.help, lang) if item.help else t("intake.no_help", lang))
                    continue
                if reply.kind == "quit":
                    return "quit"
                if reply.kind == "back":
                    if not session.back():
                        write(t("intake.at_first", lang))
                        continue
                elif reply.kind == "skip":
                    session.skip()
                elif reply.kind == "keep":
                    session.keep()
                else:
                    session.answer(reply.value)
            except InvalidReply as exc:
                write(t("intake.invalid", lang, reason=exc.reason))
                continue
            break
        if session.dropped:
            write(t("intake.dropped", lang, items=", ".join(session.dropped)))
        if on_change:
            on_change(session)
    return "done"
