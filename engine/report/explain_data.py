"""The report's explanation sections, gathered from one assessment: how firm the advice is, why not the
other models (folded per model), and what would change the advice ("what would let you start" when
the exit is taken). Kept apart from :mod:`engine.report.data` so that each can change on its own;
the templates lay it out in ``explain.html.j2`` / ``explain.md.j2``."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from ..assessment import Assessment
from ..explain.changes import describe
from ..explain.decision import label as decision_label
from ..explain.whatif import headline
from ..i18n import t

CHANGES_SHOWN = 3  # sets of changes per goal in the report
FAVOUR_SHOWN = 2  # terms in a lower model's favour shown beside the ones that cost it


@dataclass(frozen=True)
class WhyNotView:
    model: str
    name: str
    gap: float
    summary: str
    main: list[tuple[str, float]]  # (text, points) of the terms that cost it most
    favour: list[tuple[str, float]]  # (text, points < 0) of the terms that speak for it most
    rest: float  # every other term together, so that the rows add up to the gap


@dataclass(frozen=True)
class ChangeOption:
    changes: list[str]
    outcome: str


@dataclass(frozen=True)
class ChangeGoal:
    goal: str
    heading: str
    options: list[ChangeOption]
    more: int  # how many more of the same size were found
    none: str | None  # the sentence when nothing within two changes reaches the goal


@dataclass
class ExplainView:
    stability: list[str]  # one sentence per outcome, then the close call if it is one
    top_firm: bool
    exit_firm: bool
    close: str | None
    why_not: list[WhyNotView]
    changes_heading: str
    changes: list[ChangeGoal] = field(default_factory=list)


def build_explain(engine, a: Assessment, values: Mapping[str, Any]) -> ExplainView:
    """Stability (computed if the assessment does not carry it yet), why not, and what if."""
    lang = a.language
    stab = a.stability or engine.stability(values, a)
    whys = []
    for m in a.ranking[1:]:
        w = m.why_not
        main = [(x.text, x.points) for x in w.main]
        favour = [(x.text, x.points) for x in sorted(w.terms, key=lambda x: x.points) if x.points <= -0.5][:FAVOUR_SHOWN]
        rest = w.gap - sum(p for _, p in main) - sum(p for _, p in favour)
        whys.append(WhyNotView(m.model, m.name, w.gap, w.summary, main, favour, 0.0 if abs(rest) < 0.05 else rest))
    goals = ("exit", "top") if a.take_exit else ("top", "exit")
    results = engine.what_if(values, goals=goals)
    changes = []
    for r in results:
        options = [ChangeOption([describe(engine.questionnaire, c, lang) for c in f.changes],
                                _outcome(engine, f.outcome, lang)) for f in r.found[:CHANGES_SHOWN]]
        heading = t("report.lift_exit", lang) if r.goal == "exit" and a.take_exit else headline(r, engine, lang)
        changes.append(ChangeGoal(r.goal, heading, options, max(0, len(r.found) - CHANGES_SHOWN),
                                  None if r.found else t("whatif.none", lang)))
    return ExplainView(stability=stab.lines(engine.catalogue, lang), top_firm=stab.top_figure.firm,
                       exit_firm=stab.exit_figure.firm, close=stab.close_text(engine.catalogue, lang),
                       why_not=whys, changes_heading=t("report.start_heading" if a.take_exit else "report.change_heading", lang),
                       changes=changes)


def _outcome(engine, outcome, lang: str) -> str:
    return t("whatif.outcome", lang, model=engine.catalogue.by_id[outcome.top].name, fit=outcome.top_fit,
             exit=decision_label(outcome.decision, lang))
