"""A commented answers file with every item and its allowed values, ready to fill in."""
from __future__ import annotations

import json

from ..i18n import pick
from ..model.questionnaire import Questionnaire


def _comment(text: str) -> str:
    return " ".join(text.split())


def condition_text(q: Questionnaire, cond, lang: str) -> str:
    """A show-if condition in words, in ``lang``: 'alleen als bij "Hoe gebruikt ...?" niet "We gebruiken nog
    geen social media" is gekozen' rather than ``social_status not in [none]``."""
    nl = lang == "nl"
    if cond.all:
        return (" en " if nl else " and ").join(condition_text(q, c, lang) for c in cond.all)
    item = q.by_id[cond.item]

    def label(value) -> str:
        if item.type == "likert5":
            return f"{value} ({pick(q.likert5_labels[value], lang)})"
        option = item.option(value) if item.type in ("single", "multi") else None
        return f"\"{pick(option.label, lang)}\"" if option else str(value)

    values = (" of " if nl else " or ").join(label(v) for v in cond.values)
    question = f"\"{_comment(pick(item.text, lang))}\""
    if nl:
        return f"bij {question} {'niet ' if cond.negate else ''}{values} is gekozen"
    return f"{question} is {'not ' if cond.negate else ''}answered {values}"


def _scalar(value) -> str:
    """A value as YAML reads it back unchanged: strings always quoted (yes, no, on, null, 1e3 ...)."""
    return json.dumps(value, ensure_ascii=False)


def answers_template(q: Questionnaire, lang: str) -> str:
    """A commented answers file with every question: allowed values, help, whether it is required,
    and when it applies (in words). A question that does not apply may be left as the template has it
    (``null`` or ``[]``, no answer): it is ignored without a warning."""
    nl = lang == "nl"
    out = [f"# {pick(q.title, lang)}",
           "# " + ("Vul bij elke vraag een antwoord in. null = weet ik niet / niet van toepassing (waar toegestaan)."
                   if nl else "Fill in an answer for every question. null = don't know / not applicable (where allowed)."),
           "# " + ("Teksten tussen aanhalingstekens zo laten: \"yes\" en yes zijn in YAML niet hetzelfde."
                   if nl else "Keep quoted values quoted: in YAML \"yes\" and yes are not the same."),
           "# " + ("Een vraag die voor u niet geldt (zie 'alleen als') laat u staan zoals hij staat."
                   if nl else "Leave a question that does not apply to you (see 'only if') as it stands."),
           "# " + ("Scoor met: socialfit score <dit bestand>" if nl else "Score with: socialfit score <this file>"),
           f"questionnaire: {q.ref}", f"language: {lang}", "organisation: \"\"", "answers:"]
    section = None
    for item in q.items:
        if item.section != section:
            section = item.section
            out += ["", f"  # === {pick(q.sections[section], lang)} ==="]
        mark = ("verplicht" if nl else "required") if item.required else ("optioneel" if nl else "optional")
        out.append(f"  # {_comment(pick(item.text, lang))}  [{mark}]")
        if item.help:
            out.append(f"  #   {_comment(pick(item.help, lang))}")
        if item.type == "likert5":
            out.append("  #   " + ", ".join(f"{v} = {pick(q.likert5_labels[v], lang)}" for v in range(1, 6)))
        elif item.type in ("single", "multi"):
            lead = ("een lijst van: " if nl else "a list of: ") if item.type == "multi" else ""
            out.append("  #   " + lead + ", ".join(f"{_scalar(o.value)} = {pick(o.label, lang)}" for o in item.options))
        else:
            unit = f" {pick(item.unit, lang)}" if item.unit else ""
            out.append(f"  #   {item.min:g} .. {item.max:g}{unit}")
        notes = []
        if item.dont_know:
            notes.append("null = " + pick(q.dont_know_label, lang))
        if not item.required:
            notes.append("mag leeg blijven" if nl else "may stay empty")
        if item.show_if:
            notes.append(("alleen als " if nl else "only if ") + condition_text(q, item.show_if, lang))
        if notes:
            out.append("  #   (" + "; ".join(notes) + ")")
        out.append(f"  {item.id}: {'[]' if item.type == 'multi' else 'null'}")
    return "\n".join(out) + "\n"
