"""A commented answers file with every item and its allowed values, ready to fill in."""
from __future__ import annotations

import json

from ..i18n import pick
from ..model.questionnaire import Questionnaire


def _comment(text: str) -> str:
    return " ".join(text.split())


def answers_template(q: Questionnaire, lang: str) -> str:
    nl = lang == "nl"
    out = [f"# {pick(q.title, lang)}",
           "# " + ("Vul bij elke vraag een antwoord in. null = weet ik niet / niet van toepassing (waar toegestaan)."
                   if nl else "Fill in an answer for every question. null = don't know / not applicable (where allowed)."),
           "# " + ("Scoor met: socialfit score <dit bestand>" if nl else "Score with: socialfit score <this file>"),
           f"questionnaire: {q.ref}", f"language: {lang}", "organisation: \"\"", "answers:"]
    section = None
    for item in q.items:
        if item.section != section:
            section = item.section
            out += ["", f"  # === {pick(q.sections[section], lang)} ==="]
        out.append(f"  # {_comment(pick(item.text, lang))}")
        if item.help:
            out.append(f"  #   {_comment(pick(item.help, lang))}")
        if item.type == "likert5":
            out.append("  #   " + ", ".join(f"{v} = {pick(q.likert5_labels[v], lang)}" for v in range(1, 6)))
        elif item.type in ("single", "multi"):
            lead = ("een lijst van: " if nl else "a list of: ") if item.type == "multi" else ""
            out.append("  #   " + lead + ", ".join(f"{json.dumps(o.value)} = {pick(o.label, lang)}" for o in item.options))
        else:
            unit = f" {pick(item.unit, lang)}" if item.unit else ""
            out.append(f"  #   {item.min:g} .. {item.max:g}{unit}")
        notes = []
        if item.dont_know:
            notes.append("null = " + pick(q.dont_know_label, lang))
        if not item.required:
            notes.append("optioneel" if nl else "optional")
        if item.show_if:
            notes.append(("alleen als " if nl else "only if ") + item.show_if.describe())
        if notes:
            out.append("  #   (" + "; ".join(notes) + ")")
        out.append(f"  {item.id}: {'[]' if item.type == 'multi' else 'null'}")
    return "\n".join(out) + "\n"
