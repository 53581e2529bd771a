"""Text renderings of an assessment and of the catalogue: table (terminal), markdown, JSON."""
from __future__ import annotations

import json
import textwrap
from typing import Any

from ..assessment import Assessment
from ..files.safe_text import markdown_text
from ..model.catalogue import Catalogue, Model
from ..i18n import pick, t
from ..model.questionnaire import Questionnaire
from .ownership import ownership_line


LINE_WIDTH = 100
TABLE_EXPLAINED = 3  # models in the terminal table that show their reasons


def _num(value: float | None, lang: str) -> str:
    return t("label.unknown", lang) if value is None else f"{value:.1f}"


def _dims(prefix: str, dims: dict, lang: str) -> str:
    return " · ".join(f"{t(f'dimension.{prefix}.{k}', lang)} {_num(v, lang)}" for k, v in dims.items())


def _ownership(a: Assessment, lang: str) -> str:
    return ownership_line(a.profile, lang)


def assessment_json(a: Assessment) -> str:
    return json.dumps(a.to_dict(), ensure_ascii=False, indent=2)


def decision_lines(a: Assessment) -> list[str]:
    """The exit decision in plain words: the decision, then the knock-outs and what to fix first (not
    now), or the go/no-go moment and its conditions (go with conditions). Shared by table and markdown."""
    lang = a.language
    lines = [t(f"decision.{a.decision}", lang)]
    if a.decision == "not_now":
        lines += [f"- {r['text']}" for r in a.exit_reasons]
        lines += [f"{t('label.fix_first', lang)}: {fix}" for fix in a.fix_first]
    elif a.decision == "go_with_conditions":
        lines.append(t("decision.go_no_go_moment", lang))
        lines += [f"- {c['text']} {c['check']}" for c in a.conditions]
    return lines


def recommended_label(a: Assessment) -> str:
    """"Recommended model", or with "not now" the model for once the fixes are made."""
    return t("label.recommended_later" if a.decision == "not_now" else "label.recommended", a.language)


def excluded_note(m, lang: str) -> str:
    """"(excluded: why)": an excluded model always says why (its first reason against)."""
    why = m.reasons_against[0] if m.reasons_against else ""
    return f"({t('label.excluded', lang)}: {why})" if why else f"({t('label.excluded', lang)})"


def assessment_table(a: Assessment, *, explain: bool = False) -> str:
    """A terminal summary: scores, the exit decision, then every model ranked with why. Rule ids and the
    rules that fired are shown only with ``explain``."""
    lang, p = a.language, a.profile
    lines = []
    title = t("label.assessment_of", lang) + (f": {a.organisation}" if a.organisation else "")
    lines += [title, "=" * len(title)]
    stage = f", {t('label.stage', lang).lower()} {p.stage} {a.stage_name}" if p.stage else ""
    rows = [
        (t("label.maturity", lang), f"{_num(p.maturity, lang)}/100{stage}"),
        ("", _dims("maturity", dict(p.maturity_dimensions), lang)),
        (t("label.ownership", lang), _ownership(a, lang)),
        (t("label.readiness", lang), f"{_num(p.readiness, lang)}/100"),
        ("", _dims("readiness", dict(p.readiness_dimensions), lang)),
    ]
    decision = decision_lines(a)
    rows.append((t("label.decision", lang), decision[0]))
    rows += [("", line) for line in decision[1:]]
    top = a.ranking[0]
    tie = f", {t('label.tie', lang)}" if top.tied else ""
    rows.append((recommended_label(a), f"{top.name} ({t('label.fit', lang).lower()} {top.fit:.1f}{tie})"))
    width = max(len(k) for k, _ in rows) + 2
    for key, value in rows:  # wrap long values under their own column
        wrapped = textwrap.wrap(value, width=max(40, LINE_WIDTH - width), break_on_hyphens=False) or [""]
        lines.append(f"{key:<{width}}{wrapped[0]}")
        lines += [" " * width + more for more in wrapped[1:]]
    lines += ["", f"{'#':>2}  {t('label.model', lang):<36}{t('label.fit', lang):>6}"]
    for i, m in enumerate(a.ranking, start=1):
        lines.append(f"{i:>2}  {m.name:<36}{m.fit:>6.1f}" + (f"  ({t('label.tie', lang)})" if m.tied else ""))
        if m.excluded:
            lines.append(f"      {excluded_note(m, lang)}")
        elif i <= TABLE_EXPLAINED:  # the full reasons of every model are in --format markdown / json
            lines += [f"      + {r}" for r in m.reasons_for[:2]]
            lines += [f"      - {r}" for r in m.reasons_against[:1]]
    if a.advice:
        lines += ["", t("label.advice", lang) + ":"] + [f"- {x}" for x in a.advice]
    if explain:
        lines += ["", t("label.trace", lang) + ":"]
        lines += _trace_lines(a) or [f"  ({t('label.no_rules', lang)})"]
    if a.warnings:
        lines += ["", t("label.warnings", lang) + ":"] + [f"- {w}" for w in a.warnings]
    return "\n".join(lines) + "\n"


def _trace_lines(a: Assessment) -> list[str]:
    out = []
    for step in a.trace:
        out.append(f"- [{step['stage']} {step['priority']}] {step['rule']}: {step['description']}")
        out += [f"    → {e}" for e in step["effects"]]
    return out


def assessment_markdown(a: Assessment, *, explain: bool = False) -> str:
    lang, p = a.language, a.profile
    title = t("label.assessment_of", lang) + (f": {markdown_text(a.organisation)}" if a.organisation else "")
    out = [f"# {title}", ""]
    stage = f", {t('label.stage', lang).lower()} {p.stage} ({a.stage_name})" if p.stage else ""
    decision = decision_lines(a)
    out += [f"- **{t('label.maturity', lang)}**: {_num(p.maturity, lang)}/100{stage}",
            f"- **{t('label.ownership', lang)}**: {_ownership(a, lang)}",
            f"- **{t('label.readiness', lang)}**: {_num(p.readiness, lang)}/100",
            f"- **{t('label.decision', lang)}**: {decision[0]}"]
    out += [f"  - {line[2:] if line.startswith('- ') else line}" for line in decision[1:]]
    out += [f"- **{recommended_label(a)}**: {a.ranking[0].name}", "",
            f"## {t('label.ranking', lang)}", "",
            f"| # | {t('label.model', lang)} | {t('label.fit', lang)} | {t('label.why', lang)} | {t('label.against', lang)} |",
            "|---|---|---:|---|---|"]
    for i, m in enumerate(a.ranking, start=1):
        name = m.name + (f" ({t('label.excluded', lang)})" if m.excluded else "")
        fit = f"{m.fit:.1f}" + (f" ({t('label.tie', lang)})" if m.tied else "")
        out.append(f"| {i} | {_cell(name)} | {fit} | {_cell('; '.join(m.reasons_for)) or '-'} "
                   f"| {_cell('; '.join(m.reasons_against)) or '-'} |")
    if a.advice:
        out += ["", f"## {t('label.advice', lang)}", ""] + [f"- {x}" for x in a.advice]
    if explain:
        out += ["", f"## {t('label.trace', lang)}", ""] + (_trace_lines(a) or [f"- {t('label.no_rules', lang)}"])
    return "\n".join(out) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def models_list(cat: Catalogue, lang: str) -> str:
    width = max(len(m.id) for m in cat.models) + 2
    return "".join(f"{m.id:<{width}}{m.name} — {pick(m.character, lang)}\n" for m in cat.models)


def model_detail(cat: Catalogue, m: Model, lang: str) -> str:
    unknown = "onbekend" if lang == "nl" else "unknown"
    origin = m.origin
    who = ", ".join(origin.get("authors") or []) or unknown
    org = origin.get("organisation")
    lines = [f"{m.name} ({m.id})", "=" * len(f"{m.name} ({m.id})"), pick(m.character, lang), "",
             pick(m.description, lang), "",
             f"{'Herkomst' if lang == 'nl' else 'Origin'}: {who}" + (f" ({org})" if org else "")
             + f", {origin.get('year') or unknown}; {pick(origin['publication'], lang)}"]
    s = m.structure
    kind = {"steps": ("stappen", "steps"), "phases": ("fasen", "phases"), "tracks": ("sporen", "tracks")}[s["kind"]]
    label = kind[0] if lang == "nl" else kind[1]
    # a note says how the listed steps relate to the source's (the Social Strategy Model's are not counted)
    count = s.get("count") or (len(m.steps) if m.steps and not s.get("note") else None)
    known = sum(1 for step in m.steps if step.get("basis") != "socialfit")
    lines.append(f"{label.capitalize()}: {count or unknown}"
                 + (f" ({known} {'bekend' if lang == 'nl' else 'known by name'})" if count and 0 < known < count else ""))
    if s.get("note"):
        lines += textwrap.wrap(pick(s["note"], lang), width=LINE_WIDTH, initial_indent="  ", subsequent_indent="  ")
    own = t("report.own_guidance", lang)
    n = 0  # sub-steps are numbered through, as the sources number them (the Social Media Cycle's 1-12)
    for i, step in enumerate(m.steps, start=1):
        desc = pick(step.get("description"), lang)
        mark = f" [{own}]" if step.get("basis") == "socialfit" else ""
        lines.append(f"  {i}. {pick(step['name'], lang)}{mark}" + (f" — {desc}" if desc else ""))
        for sub in step.get("steps", ()):
            n += 1
            desc = pick(sub.get("description"), lang)
            mark = f" [{own}]" if sub.get("basis") == "socialfit" else ""
            lines.append(f"     {n:>2}) {pick(sub['name'], lang)}{mark}" + (f" — {desc}" if desc else ""))
    # parts the sources do not name and socialfit does not fill in are still there: say so rather than
    # list fewer than the count (socialfit's own step plan, as for EP, is not the model's steps: no filler)
    if not any(step.get("basis") == "socialfit" for step in m.steps):
        lines += [f"  {i}. ({'naam niet vastgelegd' if lang == 'nl' else 'name not recorded'})"
                  for i in range(len(m.steps) + 1, (count or 0) + 1)]
    if not m.steps and not count:
        lines.append(f"  ({'namen onbekend' if lang == 'nl' else 'names unknown'})")
    lines += ["", f"{'Wanneer het past' if lang == 'nl' else 'When it fits'}: {pick(m.when_it_fits, lang)}",
              f"{'Volwassenheid' if lang == 'nl' else 'Maturity'}: "
              + ", ".join(t(f"maturity_level.{x}", lang) for x in m.maturity_fit)
              + f"; {'eigenaarschap' if lang == 'nl' else 'ownership'}: "
              + ", ".join(t(f"owner.{o}", lang) for o in m.ownership_fit),
              f"{'Kenmerken' if lang == 'nl' else 'Attributes'} (0-3): "
              + ", ".join(f"{pick(cat.attribute_labels[k], lang)} {v}" for k, v in m.attributes.items()),
              f"{'Eerste acties' if lang == 'nl' else 'First actions'}:"]
    lines += [f"  - {x}" for x in m.first_actions[lang]]
    lines += [f"{'Bronnen' if lang == 'nl' else 'Sources'}:"] + [f"  - {u}" for u in m.sources]
    return "\n".join(lines) + "\n"


def questionnaire_text(q: Questionnaire, lang: str) -> str:
    """The questionnaire, readable: sections, numbered items, options, help, show-if."""
    out = [pick(q.title, lang), "=" * len(pick(q.title, lang))]
    if q.intro:
        out += [pick(q.intro, lang)]
    section = None
    for n, item in enumerate(q.items, start=1):
        if item.section != section:
            section = item.section
            out += ["", f"## {pick(q.sections[section], lang)}", ""]
        out.append(f"{n}. [{item.id}] {pick(item.text, lang)}")
        if item.help:
            out.append(f"   ({pick(item.help, lang)})")
        if item.type == "likert5":
            out.append("   " + " | ".join(f"{v} {pick(q.likert5_labels[v], lang)}" for v in range(1, 6)))
        elif item.type in ("single", "multi"):
            many = " (meerdere mogelijk)" if lang == "nl" else " (select all that apply)"
            out.append("   " + " | ".join(f"{o.value}: {pick(o.label, lang)}" for o in item.options)
                       + (many if item.type == "multi" else ""))
        else:
            unit = f" {pick(item.unit, lang)}" if item.unit else ""
            out.append(f"   {item.min:g}–{item.max:g}{unit}")
        if item.dont_know:
            out.append(f"   null: {pick(q.dont_know_label, lang)}")
        if item.show_if:
            out.append(f"   {'alleen als' if lang == 'nl' else 'only if'}: {item.show_if.describe()}")
    return "\n".join(out) + "\n"


def _condition_json(cond) -> Any:
    if cond is None:
        return None
    if cond.all:
        return {"all": [_condition_json(c) for c in cond.all]}
    return {"item": cond.item, "not_in" if cond.negate else "in": list(cond.values)}


def questionnaire_json(q: Questionnaire) -> dict:
    """The documented machine-readable shape of ``socialfit questionnaire --json``."""
    items = []
    for item in q.items:
        if item.type == "likert5":
            options = [{"value": v, "label": dict(q.likert5_labels[v])} for v in range(1, 6)]
        else:
            options = [{"value": o.value, "label": dict(o.label)} for o in item.options]
        scales = [s for s in item.feeds]
        items.append({
            "id": item.id, "type": item.type, "section": item.section, "text": dict(item.text),
            "help": dict(item.help) if item.help else None, "options": options,
            "min": item.min, "max": item.max, "unit": dict(item.unit) if item.unit else None,
            "required": item.required, "dont_know": item.dont_know, "reverse": item.reverse,
            "show_if": _condition_json(item.show_if),
            "dimension": scales[0] if scales else None, "feeds": dict(item.feeds),
        })
    return {"format": "socialfit.questionnaire.json", "format_version": 1, "id": q.id, "version": q.version,
            "ref": q.ref, "languages": ["nl", "en"], "title": dict(q.title),
            "sections": [{"id": k, "title": dict(v)} for k, v in q.sections.items()],
            "stages": [{"stage": s.stage, "min": s.min, "name": dict(s.name)} for s in q.stages],
            "items": items}
