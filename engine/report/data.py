"""What a report shows, gathered from an :class:`~engine.assessment.Assessment` and the loaded
configuration (catalogue for the roadmap, rules for the knock-out thresholds and fix-first texts,
questionnaire for the stage description). Templates only lay this out."""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any

from ..assessment import Assessment
from ..i18n import pick, t
from ..rules.model import Leaf, RuleSet
from .ownership import ownership_caption, ownership_line, ownership_note, ownership_parts

_OPS_BELOW = ("lt", "lte")


@dataclass(frozen=True)
class Dimension:
    key: str
    label: str
    value: float | None
    threshold: float | None = None  # a knock-out fires below this

    @property
    def below_threshold(self) -> bool:
        return self.threshold is not None and self.value is not None and self.value < self.threshold


@dataclass(frozen=True)
class Knockout:
    rule: str
    description: str
    reason: str
    fix_first: str


@dataclass(frozen=True)
class Step:
    name: str
    description: str
    own: bool = False                    # socialfit's own guidance, not the source's
    steps: tuple["Step", ...] = ()       # the sub-steps the source names


def _steps(raw, lang: str) -> list[Step]:
    return [Step(pick(s["name"], lang), pick(s.get("description"), lang), s.get("basis") == "socialfit",
                 tuple(_steps(s.get("steps", ()), lang))) for s in raw]


@dataclass(frozen=True)
class Roadmap:
    """The recommended model: its steps/phases/tracks and the first actions."""

    model: str
    name: str
    character: str
    description: str
    when_it_fits: str
    structure_label: str     # "steps" / "stappen" ...
    count: int | None        # how many steps the model has (may exceed the names known)
    ordered: bool
    steps: list[Step]
    note: str                # what the source names and what is socialfit's own
    has_own: bool            # some steps are socialfit's own guidance
    first_actions: list[str]
    origin: str
    sources: list[str]


@dataclass
class Report:
    """Everything the HTML and markdown templates show, in one language."""

    language: str
    title: str
    organisation: str | None
    date: str
    questionnaire: str
    assessment: dict[str, Any]           # the documented JSON form, for numbers the templates print
    maturity: float | None
    stage: int | None
    stage_name: str | None
    stage_description: str | None
    maturity_dimensions: list[Dimension]
    readiness: float | None
    readiness_threshold: float | None
    readiness_dimensions: list[Dimension]
    shares: list[tuple[str, str, float]]  # (owner, label, share)
    primary_owner: str
    ownership_note: str                    # primary owner (and lean), or that nobody owns it yet
    ownership_line: str                    # the shares and the note, as the terminal says it
    ownership_caption: str
    decision: str                          # go | go_with_conditions | not_now
    take_exit: bool
    knockouts: list[Knockout]
    fix_first: list[str]
    conditions: list[dict]                 # [{rule, text, check}] of a go with conditions
    ranking: list[dict[str, Any]]
    recommended: str
    roadmap: Roadmap
    advice: list[str]
    trace: list[dict]
    warnings: list[str]
    unknown_share: float
    explain: bool = False                 # show the rules that fired (rule ids): for the consultant, not the client
    charts: dict[str, str] = field(default_factory=dict)  # chart name -> inline SVG (HTML only)
    explanations: Any = None  # engine.report.explain_data.ExplainView, when built with the answers
    agreement: Any = None     # engine.report.agreement_data.AgreementView, for a group's combined result


def knockout_thresholds(rules: RuleSet) -> dict[str, float]:
    """Score field -> the highest "below this, take the exit" threshold among the knock-out rules whose
    condition is that one comparison (a compound rule has no single threshold to draw)."""
    found: dict[str, float] = {}
    for rule in rules.rules:
        leaf = rule.when
        if rule.stage != "knockout" or not isinstance(leaf, Leaf):
            continue
        if leaf.kind == "numeric" and leaf.op in _OPS_BELOW and isinstance(leaf.value, float):
            found[leaf.field] = max(found.get(leaf.field, leaf.value), leaf.value)
    return found


def _knockouts(a: Assessment, rules: RuleSet, lang: str) -> list[Knockout]:
    by_id = rules.by_id
    out = []
    for r in a.exit_reasons:
        rule = by_id.get(r["rule"])
        fix = ""
        if rule is not None:
            fix = next((pick(x.fix_first, lang) for x in rule.then if x.kind == "take_exit" and x.fix_first), "")
        out.append(Knockout(rule=r["rule"], description=pick(rule.description, lang) if rule else "",
                            reason=r["text"], fix_first=fix))
    return out


def _roadmap(engine, model_id: str, lang: str) -> Roadmap:
    m = engine.catalogue.by_id[model_id]
    kind = m.structure.get("kind", "steps")
    origin = m.origin
    steps = _steps(m.steps, lang)
    who = ", ".join(origin.get("authors") or []) or t("label.unknown", lang)
    parts = [who] + [str(x) for x in (origin.get("organisation"), origin.get("year")) if x]
    return Roadmap(
        model=m.id, name=m.name, character=pick(m.character, lang), description=pick(m.description, lang),
        when_it_fits=pick(m.when_it_fits, lang), structure_label=t(f"report.structure.{kind}", lang),
        count=m.structure.get("count"), ordered=bool(m.structure.get("ordered", True)),
        steps=steps, note=pick(m.structure.get("note"), lang),
        has_own=any(x.own or any(y.own for y in x.steps) for x in steps),
        first_actions=list(m.first_actions.get(lang) or m.first_actions.get("en") or []),
        origin=", ".join(parts) + f" — {pick(origin.get('publication'), lang)}", sources=list(m.sources))


def build_report(engine, assessment: Assessment, *, date: _dt.date | None = None, charts: bool = True,
                 explain: bool = False, values: dict | None = None, agreement: Any = None) -> Report:
    """Gather the report of ``assessment`` (in its language); ``charts`` draws the SVG charts too;
    ``explain`` adds the rules that fired (with their ids), which the client's report leaves out; with
    the assessed ``values`` also how firm the advice is, why not the others and what would change it.
    ``agreement`` (an :class:`engine.report.agreement_data.AgreementView`) marks the report as a group's
    combined result and adds how far its respondents agree."""
    a, p, lang = assessment, assessment.profile, assessment.language
    thresholds = knockout_thresholds(engine.rules)
    stage = engine.questionnaire.stage_for(p.maturity)
    doc = a.to_dict()
    report = Report(
        language=lang, title=pick(engine.questionnaire.title, lang), organisation=a.organisation,
        date=(date or _dt.date.today()).isoformat(), questionnaire=a.questionnaire, assessment=doc,
        maturity=p.maturity, stage=p.stage, stage_name=a.stage_name,
        stage_description=pick(stage.description, lang) if stage and stage.description else None,
        maturity_dimensions=[Dimension(k, t(f"dimension.maturity.{k}", lang), v)
                             for k, v in p.maturity_dimensions.items()],
        readiness=p.readiness, readiness_threshold=thresholds.get("readiness.score"),
        readiness_dimensions=[Dimension(k, t(f"dimension.readiness.{k}", lang), v, thresholds.get(f"readiness.{k}"))
                              for k, v in p.readiness_dimensions.items()],
        shares=ownership_parts(p, lang), primary_owner=p.primary_owner,
        ownership_note=ownership_note(p, lang), ownership_line=ownership_line(p, lang), ownership_caption=ownership_caption(p, lang),
        decision=a.decision, take_exit=a.take_exit, knockouts=_knockouts(a, engine.rules, lang),
        fix_first=list(a.fix_first), conditions=list(a.conditions),
        ranking=[dict(r, character=pick(engine.catalogue.by_id[r["model"]].character, lang)) for r in doc["ranking"]],
        recommended=a.recommended, roadmap=_roadmap(engine, a.recommended, lang), advice=list(a.advice),
        trace=list(a.trace), warnings=list(a.warnings), unknown_share=p.unknown_share, explain=explain,
        agreement=agreement)
    if values is not None:
        from .explain_data import build_explain

        report.explanations = build_explain(engine, assessment, values)
    if charts:
        report.charts = draw_charts(report)
    return report


def draw_charts(r: Report) -> dict[str, str]:
    """The four charts of the HTML report, as inline SVG."""
    from . import charts

    lang = r.language
    unknown = t("label.unknown", lang)
    maturity = unknown if r.maturity is None else f"{r.maturity:.1f}/100"
    stage = f" · {t('label.stage', lang).lower()} {r.stage} {r.stage_name}" if r.stage else ""
    readiness_bars = [charts.Bar("score", t("report.overall", lang), r.readiness, r.readiness_threshold,
                                 highlight=True)]
    readiness_bars += [charts.Bar(d.key, d.label, d.value, d.threshold, muted=d.value is None)
                       for d in r.readiness_dimensions]
    fit_bars = [charts.Bar(m["model"], m["name"], m["fit"], highlight=m["model"] == r.recommended,
                           muted=m["excluded"], note=t("label.excluded", lang) if m["excluded"] else None)
                for m in r.ranking]
    readiness = unknown if r.readiness is None else f"{r.readiness:.1f}/100"
    return {
        "maturity": charts.radar([d.label for d in r.maturity_dimensions], [d.value for d in r.maturity_dimensions],
                                 title=f"{t('label.maturity', lang)} {maturity}{stage}", unknown=unknown),
        "ownership": charts.ownership(r.shares, title=t("label.ownership", lang)),
        "readiness": charts.bars(readiness_bars, title=f"{t('label.readiness', lang)} {readiness}",
                                 prefix="readiness", unknown=unknown, threshold_label=t("report.knockout_line", lang),
                                 width=4.6),
        "fit": charts.bars(fit_bars, title=t("report.fit_title", lang), prefix="fit", unknown=unknown, width=9.6),
    }
