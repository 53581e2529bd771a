"""The batch summary as a page a consultant can hand on: the report's style, every name in the
chosen language, bar charts sorted by count with whole-number axes, the distributions of maturity
and readiness, and statistics only where they mean something (each withheld one says why).

Charts are drawn with matplotlib as inline SVG, with the report's colours and font; the page is one
self-contained HTML file (no network), rendered by Jinja2 with autoescaping on.
"""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from pathlib import Path

import matplotlib

from ..i18n import message, pick, t
from ..report import charts as rc
from .agreement import MIN_ALPHA_RESPONDENTS as MIN_ALPHA_N  # fewer complete respondents: no alpha

_TEXT = {
    "title": {"nl": "Overzicht van een survey-export", "en": "Summary of a survey export"},
    "made": {"nl": "Opgesteld op {date} met socialfit batch ({engine}, {seconds:.1f} s)",
             "en": "Prepared on {date} with socialfit batch ({engine}, {seconds:.1f} s)"},
    "respondents": {"nl": "Respondenten", "en": "Respondents"},
    "scored": {"nl": "gescoord", "en": "scored"},
    "partial": {"nl": "waarvan {n} gedeeltelijk", "en": "{n} of them partial"},
    "not_scored": {"nl": "Niet gescoord", "en": "Not scored"},
    "invalid_incomplete": {"nl": "{i} ongeldig, {c} onvolledig", "en": "{i} invalid, {c} incomplete"},
    "exit": {"nl": "Exit genomen", "en": "Exit taken"},
    "of_scored": {"nl": "van de gescoorde respondenten", "en": "of the scored respondents"},
    "top_model": {"nl": "Meest aanbevolen", "en": "Most recommended"},
    "recommended": {"nl": "Aanbevolen modellen", "en": "Recommended models"},
    "exit_reasons": {"nl": "Redenen voor de exit", "en": "Reasons for the exit"},
    "exit_none": {"nl": "Geen enkele gescoorde respondent neemt de exit.",
                  "en": "No scored respondent takes the exit."},
    "maturity": {"nl": "Volwassenheid (0-100)", "en": "Maturity (0-100)"},
    "readiness": {"nl": "Bereidheid (0-100)", "en": "Readiness (0-100)"},
    "stages": {"nl": "Volwassenheidsfasen", "en": "Maturity stages"},
    "owners": {"nl": "Primaire eigenaar", "en": "Primary owner"},
    "distributions": {"nl": "Verdelingen", "en": "Distributions"},
    "respondents_axis": {"nl": "respondenten", "en": "respondents"},
    "status": {"nl": "Status van de rijen", "en": "Status of the rows"},
    "status.ok": {"nl": "gescoord", "en": "scored"},
    "status.invalid": {"nl": "ongeldig", "en": "invalid"},
    "status.incomplete": {"nl": "onvolledig", "en": "incomplete"},
    "input": {"nl": "Invoer", "en": "Input"},
    "file": {"nl": "bestand", "en": "file"},
    "layout": {"nl": "indeling", "en": "layout"},
    "encoding": {"nl": "tekenset", "en": "encoding"},
    "delimiter": {"nl": "scheidingsteken", "en": "delimiter"},
    "header_rows": {"nl": "kopregels", "en": "header rows"},
    "columns": {"nl": "kolommen", "en": "columns"},
    "items_matched": {"nl": "vragen gevonden", "en": "questions matched"},
    "output": {"nl": "resultaten", "en": "results"},
    "missing": {"nl": "Vragen zonder kolom ({n})", "en": "Questions without a column ({n})"},
    "ignored": {"nl": "Genegeerde kolommen ({n})", "en": "Ignored columns ({n})"},
    "problems": {"nl": "Problemen", "en": "Problems"},
    "reason_code": {"nl": "reden", "en": "reason"},
    "rows": {"nl": "rijen", "en": "rows"},
    "unmapped": {"nl": "Onbekende antwoorden", "en": "Unknown answers"},
    "alpha": {"nl": "Betrouwbaarheid van de schalen (Cronbach's alfa)", "en": "Reliability of the scales (Cronbach's alpha)"},
    "alpha_intro": {"nl": "Alleen voor schalen van twee of meer stellingen (eens/oneens) en ten minste {n} respondenten "
                          "die ze alle beantwoordden; de andere zeggen waarom niet.",
                    "en": "Only for scales of two or more agreement statements and at least {n} respondents who "
                          "answered all of them; the others say why not."},
    "scale": {"nl": "schaal", "en": "scale"},
    "items": {"nl": "vragen", "en": "questions"},
    "n": {"nl": "n", "en": "n"},
    "why.few": {"nl": "niet getoond: {n} respondenten beantwoordden alle vragen (minimaal {min} nodig)",
                "en": "not shown: {n} respondents answered every question (at least {min} needed)"},
    "why.mixed": {"nl": "niet van toepassing: de schaal telt ook andere vragen dan stellingen mee (een index, "
                        "geen meetschaal)",
                  "en": "does not apply: the scale also counts questions other than statements (an index, not a "
                        "measurement scale)"},
    "why.novar": {"nl": "niet getoond: de antwoorden variëren niet", "en": "not shown: the answers do not vary"},
    "alpha.low": {"nl": "laag: de vragen meten hier niet één ding", "en": "low: the questions do not measure one thing "
                                                                          "here"},
    "alpha.negative": {"nl": "negatief: de vragen spreken elkaar tegen (of een omgekeerde vraag is verkeerd "
                                "gecodeerd)",
                       "en": "negative: the questions contradict each other (or a reversed question is coded the "
                             "wrong way)"},
    "alpha.ok": {"nl": "voldoende", "en": "adequate"},
    "indices": {"nl": "Geen alfa voor deze schalen: ze tellen ook andere vragen dan stellingen mee (een index, geen "
                       "meetschaal)",
                "en": "No alpha for these scales: they also count questions other than statements (an index, not a "
                      "measurement scale)"},
    "dist_none": {"nl": "Geen gescoorde respondenten met een score.", "en": "No scored respondents with a score."},
    "median": {"nl": "mediaan {m}", "en": "median {m}"},
    "unknown": {"nl": "onbekend", "en": "unknown"},
}


def _t(key: str, lang: str, **kw) -> str:
    return message(_TEXT[key], lang, **kw)


@lru_cache(maxsize=1)
def report_style() -> str:
    """The CSS of the assessment report (engine/report/templates/report.html.j2): one style for both pages."""
    text = (Path(rc.__file__).parent / "templates" / "report.html.j2").read_text(encoding="utf-8")
    m = re.search(r"<style>(.*?)</style>", text, flags=re.S)
    return m.group(1) if m else ""


# ---------------------------------------------------------------- charts


def _bar_chart(pairs: list[tuple[str, int]], *, axis: str, colour: str = rc.ACCENT, keep_order: bool = False,
               width: float = 6.4, wrap: int = 44) -> str:
    """Horizontal bars, largest first (or in the given order), counts on a whole-number axis and at
    the bar ends; long labels wrap, so that the chart keeps its size and its text stays readable."""
    import textwrap

    from matplotlib.ticker import MaxNLocator

    pairs = list(pairs) if keep_order else sorted(pairs, key=lambda kv: -kv[1])
    pairs = [("\n".join(textwrap.wrap(k, wrap)) or k, v) for k, v in pairs]
    lines = sum(max(1, k.count("\n") + 1) for k, _ in pairs)
    with matplotlib.rc_context(rc._RC):
        fig = rc._figure(width, 0.22 * lines + 0.16 * len(pairs) + 0.7)
        ax = fig.subplots()
        labels = [k for k, _ in pairs][::-1]
        values = [v for _, v in pairs][::-1]
        ax.barh(range(len(values)), values, color=colour, height=0.6)
        ax.set_yticks(range(len(values)), labels)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel(axis)
        top = max(values) if values else 1
        ax.set_xlim(0, top * 1.12 + 0.5)
        for y, v in enumerate(values):
            ax.text(v + top * 0.01, y, f"{v:,}", va="center", fontsize=8, color=rc.INK)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        return rc._svg(fig)


def _histogram(counts: list[int], *, axis: str) -> str:
    """Columns 0-10, 10-20 ... 90-100 with a whole-number count axis."""
    from matplotlib.ticker import MaxNLocator

    with matplotlib.rc_context(rc._RC):
        fig = rc._figure(4.6, 2.4)
        ax = fig.subplots()
        ax.bar([i * 10 + 5 for i in range(10)], counts, width=9.2, color=rc.ACCENT)
        ax.set_xlim(0, 100)
        ax.set_xticks(range(0, 101, 20))
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylabel(axis)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        return rc._svg(fig)


# ---------------------------------------------------------------- the page


def _median_of(hist: list[int]) -> str | None:
    n = sum(hist)
    if not n:
        return None
    seen = 0
    for k, c in enumerate(hist):
        seen += c
        if seen * 2 >= n:
            return f"{k * 10}-{k * 10 + 10}"
    return None


def alpha_rows(s, engine, lang: str) -> list[dict]:
    """One row per multi-item scale: alpha where it means something, else why it is withheld."""
    q = engine.questionnaire
    rows = []
    for scale, v in sorted(s.alpha.items()):
        items = [q.by_id[i] for i in v["items"] if i in q.by_id]
        kind, _, dim = scale.partition(".")
        if kind == "needs" and dim in engine.catalogue.attribute_labels:  # a need is named as the attribute it matches
            name = pick(engine.catalogue.attribute_labels[dim], lang)
        else:
            try:
                name = t(f"dimension.{scale}", lang)
            except KeyError:
                name = dim.replace("_", " ")
        label = {"maturity": {"nl": "volwassenheid", "en": "maturity"}, "readiness": {"nl": "bereidheid", "en": "readiness"},
                 "needs": {"nl": "behoefte", "en": "need"}}.get(kind, {"nl": kind, "en": kind})
        row = {"scale": f"{pick(label, lang)}: {name}", "items": ", ".join(i.id for i in items), "n": v["n"],
               "alpha": None, "note": "", "index": False}
        if any(i.type != "likert5" for i in items):
            row["note"], row["index"] = _t("why.mixed", lang), True
        elif v["n"] < MIN_ALPHA_N:
            row["note"] = _t("why.few", lang, n=v["n"], min=MIN_ALPHA_N)
        elif v["alpha"] is None:
            row["note"] = _t("why.novar", lang)
        else:
            a = v["alpha"]
            row["alpha"] = f"{a:.2f}"
            row["note"] = _t("alpha.negative" if a < 0 else "alpha.low" if a < 0.6 else "alpha.ok", lang)
        rows.append(row)
    return rows


def page_data(s, engine, lang: str) -> dict:
    """Everything the template shows, already in ``lang``."""
    cat = engine.catalogue
    names = {m.id: m.name for m in cat.models}
    reasons = {}
    for rule in engine.rules.rules:
        for a in rule.then:
            if a.kind == "take_exit":
                reasons[rule.id] = pick(a.text, lang) or pick(rule.description, lang)
    stages = {st.stage: pick(st.name, lang) for st in engine.questionnaire.stages}
    charts = {"status": _bar_chart([(_t(f"status.{k}", lang), n) for k, n in
                                    (("ok", s.scored), ("invalid", s.invalid), ("incomplete", s.incomplete)) if n],
                                   axis=_t("rows", lang), colour=rc.MUTED)}
    rec = [(names.get(m, m), n) for m, n in s.recommended.items() if n]
    if rec:
        charts["recommended"] = _bar_chart(rec, axis=_t("respondents_axis", lang))
    if s.exit_rules:
        charts["exit"] = _bar_chart([(reasons.get(r, r), n) for r, n in s.exit_rules.items()],
                                    axis=_t("respondents_axis", lang), colour=rc.BAD, width=7.2, wrap=52)
    if any(s.maturity_hist):
        charts["maturity"] = _histogram(s.maturity_hist, axis=_t("respondents_axis", lang))
    if any(s.readiness_hist):
        charts["readiness"] = _histogram(s.readiness_hist, axis=_t("respondents_axis", lang))
    if s.stages:  # in stage order, every stage (a stage nobody reached is a finding too)
        charts["stages"] = _bar_chart([(f"{k} {name}", s.stages.get(str(k), 0)) for k, name in sorted(stages.items())],
                                      axis=_t("respondents_axis", lang), keep_order=True, width=4.6, wrap=24)
    if s.owners:
        charts["owners"] = _bar_chart([(t(f"owner.{o}", lang), n) for o, n in s.owners.items() if n],
                                      axis=_t("respondents_axis", lang), width=4.6, wrap=24)
    top = max(s.recommended.items(), key=lambda kv: kv[1]) if s.scored else None
    alphas = alpha_rows(s, engine, lang)
    d = s.detected
    detected = [(_t(k, lang), d[k]) for k in ("layout", "encoding", "delimiter", "header_rows", "columns", "items_matched")
                if d.get(k) is not None]
    return {
        "lang": lang, "tt": lambda key, **kw: _t(key, lang, **kw), "style": report_style(), "charts": charts,
        "date": date.today().isoformat(), "top": (names.get(top[0], top[0]), top[1]) if top and top[1] else None,
        "detected": [(_t("file", lang), s.input)] + detected + [(_t("output", lang), s.output)],
        "alpha": [r for r in alphas if not r["index"]], "min_alpha": MIN_ALPHA_N,
        "indices": ", ".join(r["scale"] for r in alphas if r["index"]),
        "maturity_median": _median_of(s.maturity_hist), "readiness_median": _median_of(s.readiness_hist),
        "unmapped": sorted(s.unmapped_labels.items(), key=lambda kv: -kv[1])[:30],
        "problems": sorted(s.problem_codes.items(), key=lambda kv: -kv[1]),
    }


_PAGE = """<!DOCTYPE html>
<html lang="{{ lang }}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="generator" content="socialfit">
<title>{{ tt('title') }}: {{ s.input }}</title>
<style>{{ style|safe }}
  .bars svg { max-width: 720px; }
  ul.cols { columns: 2; font-size: 13px; color: var(--muted); }
</style></head><body><main>
<header>
  <h1>{{ tt('title') }}</h1>
  <p class="meta">{{ s.input }} · {{ tt('made', date=date, engine=s.engine, seconds=s.seconds) }}</p>
</header>
<section class="cards">
  <div class="card"><div class="label">{{ tt('respondents') }}</div><div class="value">{{ "{:,}".format(s.scored) }}</div>
    <div class="sub">{{ tt('scored') }}{% if s.partial %}, {{ tt('partial', n=s.partial) }}{% endif %}</div></div>
  <div class="card"><div class="label">{{ tt('not_scored') }}</div><div class="value">{{ "{:,}".format(s.invalid + s.incomplete) }}</div>
    <div class="sub">{{ tt('invalid_incomplete', i=s.invalid, c=s.incomplete) }}</div></div>
  <div class="card {{ 'exit-yes' if s.exits else 'exit-no' }}"><div class="label">{{ tt('exit') }}</div>
    <div class="value">{{ "%.0f%%"|format(100 * s.exit_rate) if s.exit_rate is not none else "–" }}</div>
    <div class="sub">{{ "{:,}".format(s.exits) }} {{ tt('of_scored') }}</div></div>
  <div class="card"><div class="label">{{ tt('top_model') }}</div>
    <div class="value" style="font-size:16px">{{ top[0] if top else "–" }}</div>
    <div class="sub">{% if top %}{{ "{:,}".format(top[1]) }} {{ tt('respondents_axis') }}{% endif %}</div></div>
</section>
{% if charts.recommended %}<h2>{{ tt('recommended') }}</h2><figure class="chart bars">{{ charts.recommended|safe }}</figure>{% endif %}
<h2>{{ tt('exit_reasons') }}</h2>
{% if charts.exit %}<figure class="chart bars">{{ charts.exit|safe }}</figure>{% else %}<p>{{ tt('exit_none') }}</p>{% endif %}
<h2>{{ tt('distributions') }}</h2>
{% if charts.maturity or charts.readiness %}<div class="charts">
{% if charts.maturity %}<figure class="chart">{{ charts.maturity|safe }}<figcaption>{{ tt('maturity') }}{% if maturity_median %} · {{ tt('median', m=maturity_median) }}{% endif %}</figcaption></figure>{% endif %}
{% if charts.readiness %}<figure class="chart">{{ charts.readiness|safe }}<figcaption>{{ tt('readiness') }}{% if readiness_median %} · {{ tt('median', m=readiness_median) }}{% endif %}</figcaption></figure>{% endif %}
{% if charts.stages %}<figure class="chart">{{ charts.stages|safe }}<figcaption>{{ tt('stages') }}</figcaption></figure>{% endif %}
{% if charts.owners %}<figure class="chart">{{ charts.owners|safe }}<figcaption>{{ tt('owners') }}</figcaption></figure>{% endif %}
</div>{% else %}<p>{{ tt('dist_none') }}</p>{% endif %}
{% if alpha or indices %}<h2>{{ tt('alpha') }}</h2><p class="small">{{ tt('alpha_intro', n=min_alpha) }}</p>{% endif %}
{% if alpha %}
<table><tr><th>{{ tt('scale') }}</th><th class="num">alpha</th><th></th><th class="num">{{ tt('n') }}</th><th>{{ tt('items') }}</th></tr>
{% for r in alpha %}<tr><td>{{ r.scale }}</td><td class="num">{{ r.alpha or "–" }}</td><td class="small">{{ r.note }}</td>
<td class="num">{{ r.n }}</td><td class="small">{{ r["items"] }}</td></tr>{% endfor %}</table>{% endif %}
{% if indices %}<p class="small">{{ tt('indices') }}: {{ indices }}.</p>{% endif %}
<h2>{{ tt('input') }}</h2>
<table>{% for k, v in detected %}<tr><th>{{ k }}</th><td>{{ v }}</td></tr>{% endfor %}</table>
<figure class="chart bars" style="margin-top:12px">{{ charts.status|safe }}<figcaption>{{ tt('status') }}</figcaption></figure>
{% if problems %}<h3>{{ tt('problems') }}</h3><table><tr><th>{{ tt('reason_code') }}</th><th class="num">{{ tt('rows') }}</th></tr>
{% for k, v in problems %}<tr><td><code>{{ k }}</code></td><td class="num">{{ "{:,}".format(v) }}</td></tr>{% endfor %}</table>{% endif %}
{% if unmapped %}<h3>{{ tt('unmapped') }}</h3><table>{% for k, v in unmapped %}
<tr><td>{{ k }}</td><td class="num">{{ "{:,}".format(v) }}</td></tr>{% endfor %}</table>{% endif %}
{% if s.diff.missing_items %}<h3>{{ tt('missing', n=s.diff.missing_items|length) }}</h3>
<ul class="cols">{% for i in s.diff.missing_items %}<li><code>{{ i }}</code></li>{% endfor %}</ul>{% endif %}
{% if s.diff.unexpected_columns %}<h3>{{ tt('ignored', n=s.diff.unexpected_columns|length) }}</h3>
<ul class="cols">{% for c in s.diff.unexpected_columns %}<li>{{ c|truncate(90) }}</li>{% endfor %}</ul>{% endif %}
<footer>socialfit · {{ s.input }} → {{ s.output }}</footer>
</main></body></html>
"""


def summary_html(s, engine, lang: str) -> str:
    """The self-contained HTML page of a batch run's summary ``s``."""
    from jinja2 import Environment

    env = Environment(autoescape=True)
    return env.from_string(_PAGE).render(s=s, **page_data(s, engine, lang))
