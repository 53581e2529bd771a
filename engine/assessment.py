"""The result of one assessment, and how rules turn base fits into the final ranking.

Rules only decide *which* effects apply; the effects are applied here, in rule evaluation order, so
that the per-assessment path (durable-rules) and the vectorised batch path agree by construction.

Ranking: excluded models last; otherwise by the shown fit (rounded to 1 decimal, as it is shown)
descending, then catalogue order (the order of ``data/models.yaml``). The shown fit is a strictly
increasing function of the ranking score, base fit plus rule adjustments (:mod:`engine.rules.fitscale`:
scores above 90 are scaled onto 90..100 instead of clamped at 100), so a model a rule raised further
shows a higher fit and stays ahead, and two models share a rank's fit only when they tie at the shown
precision; those are marked ``tied``. ``recommended`` is the first of the ranking, also when the exit
is taken: the decision says "not now", the recommendation says which model fits once the fixes are made.

The exit decision has three outcomes (:func:`decide`): go; go with conditions (no knock-out, but a
condition rule fired: start, with a go/no-go moment at which the named conditions are checked); not
now (a knock-out: the exit).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from .model.catalogue import Catalogue
from .i18n import pick, t
from .reasons import Reason
from .rules.fitscale import TOP, shown_fit
from .rules.model import Rule, fact_name, set_fact_name
from .scoring.scalar import Profile
from .model.vocabulary import NEEDS, OWNERS

FORMAT = "socialfit.assessment"
FORMAT_VERSION = 1


@dataclass
class ModelResult:
    model: str
    name: str
    fit: float
    base_fit: float
    excluded: bool = False
    reasons_for: list[str] = field(default_factory=list)
    reasons_against: list[str] = field(default_factory=list)
    # the subjects of each reason (parallel lists; empty for a rule reason that names none)
    subjects_for: list[tuple[str, ...]] = field(default_factory=list, repr=False)
    subjects_against: list[tuple[str, ...]] = field(default_factory=list, repr=False)
    why_not: Any = None  # engine.explain.whynot.WhyNot for every model below the first
    tied: bool = False  # another model that is not excluded shows the same fit (ranked by catalogue order)


@dataclass
class Assessment:
    """Everything the engine concluded about one organisation (texts in ``language``)."""

    questionnaire: str
    language: str
    profile: Profile
    stage_name: str | None
    take_exit: bool
    exit_reasons: list[dict]
    fix_first: list[str]
    conditions: list[dict]
    ranking: list[ModelResult]
    advice: list[str]
    trace: list[dict]
    warnings: list[str] = field(default_factory=list)
    organisation: str | None = None
    stability: Any = None  # engine.explain.stability.Stability, when computed (Engine.stability)
    catalogue: Any = field(default=None, repr=False, compare=False)  # for the texts of the stability

    @property
    def recommended(self) -> str:
        """The best-fitting model; with "not now" it is the model for once the fixes are made."""
        return self.ranking[0].model

    @property
    def decision(self) -> str:
        """``go``, ``go_with_conditions`` or ``not_now`` (:data:`engine.model.vocabulary.DECISIONS`)."""
        return decide(self.take_exit, bool(self.conditions))

    def to_dict(self) -> dict:
        """The documented, versioned JSON form (see docs/assessment.md)."""
        p = self.profile
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "questionnaire": self.questionnaire,
            "language": self.language,
            "organisation": self.organisation,
            "maturity": {"score": _r(p.maturity), "stage": p.stage, "stage_name": self.stage_name,
                         "dimensions": {k: _r(v) for k, v in p.maturity_dimensions.items()}},
            "ownership": {"shares": {k: round(v, 4) for k, v in p.shares.items()}, "primary": p.primary_owner,
                          "assigned": p.ownership_assigned, "leans": p.leans},
            "readiness": {"score": _r(p.readiness), "dimensions": {k: _r(v) for k, v in p.readiness_dimensions.items()},
                          "knockouts": [r["rule"] for r in self.exit_reasons]},
            "needs": {k: _r(v) for k, v in p.needs.items()},
            "unknown_share": round(p.unknown_share, 4),
            "exit": {"decision": self.decision, "take_exit": self.take_exit, "reasons": self.exit_reasons,
                     "fix_first": self.fix_first, "conditions": self.conditions},
            "ranking": [{"rank": i + 1, "model": m.model, "name": m.name, "fit": m.fit, "base_fit": m.base_fit,
                         "excluded": m.excluded, "tied": m.tied, "reasons_for": m.reasons_for, "reasons_against": m.reasons_against,
                         "why_not": m.why_not.to_dict() if m.why_not is not None else None}
                        for i, m in enumerate(self.ranking)],
            "recommended": self.recommended,
            "advice": self.advice,
            "trace": self.trace,
            "warnings": self.warnings,
            **({"stability": self.stability.to_dict(self.catalogue, self.language)} if self.stability else {}),
        }


def _r(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def rule_fact(profile: Profile, answers: Mapping[str, Any], item_types: Mapping[str, str]) -> dict[str, Any]:
    """The flat record the rules see. Unknown values are left out, so no condition on them holds."""
    p = profile
    fact: dict[str, Any] = {}

    def put(name: str, value: float | None) -> None:
        if value is not None:
            fact[fact_name(name)] = float(value)

    put("maturity.score", p.maturity)
    put("maturity.stage", p.stage)
    put("readiness.score", p.readiness)
    put("meta.unknown_share", p.unknown_share)
    for d, v in p.maturity_dimensions.items():
        put(f"maturity.{d}", v)
    for d, v in p.readiness_dimensions.items():
        put(f"readiness.{d}", v)
    for o in OWNERS:
        put(f"ownership.{o}", p.shares[o])
    fact[fact_name("ownership.primary")] = p.primary_owner
    for n in NEEDS:
        put(f"needs.{n}", p.needs[n])
    for item_id, value in answers.items():
        if value is None:
            continue
        kind = item_types[item_id]
        name = f"answers.{item_id}"
        if kind == "single":
            fact[fact_name(name)] = str(value)
        elif kind == "multi":
            for option in value:
                fact[set_fact_name(name, option)] = 1.0
        else:
            put(name, value)
    return fact


@dataclass
class RuleOutcome:
    """What the fired rules did to one assessment (see :func:`apply_rules`)."""

    scores: dict[str, float]                 # ranking scores: base fits plus adjustments
    fits: dict[str, float]                   # the fits shown for them (engine.rules.fitscale), unrounded
    excluded: set[str]
    reasons: dict[str, list[Reason]]         # per model, in rule order
    exit_reasons: list[dict]
    fix_first: list[str]
    conditions: list[dict]                   # [{rule, text, check}]; empty when a knock-out applies
    advice: list[str]
    trace: list[dict]

    @property
    def decision(self) -> str:
        return decide(bool(self.exit_reasons), bool(self.conditions))


def decide(take_exit: bool, conditions: bool) -> str:
    """The exit decision: a knock-out means not now, a weak precondition go with conditions, else go."""
    return "not_now" if take_exit else "go_with_conditions" if conditions else "go"


def apply_rules(catalogue: Catalogue, base_fits: Mapping[str, float], fired: list[Rule], lang: str, *,
                top: float = TOP) -> RuleOutcome:
    """Apply the effects of the fired rules (in evaluation order) to the base fits.

    The reported fit is :func:`engine.rules.fitscale.shown_fit` of the ranking score (``top``: the
    ceiling of the rule set, :func:`engine.rules.fitscale.ceiling`). Advice that names the decisions it
    applies to is kept only under those (no "before you start" advice with a "not now").
    """
    fits = dict(base_fits)
    excluded: set[str] = set()
    reasons: dict[str, list[Reason]] = {m: [] for m in fits}
    exit_reasons: list[dict] = []
    fix_first: list[str] = []
    conditions: list[dict] = []
    advice: list[tuple[str, tuple[str, ...]]] = []
    trace: list[dict] = []
    for rule in fired:
        effects = []
        for action in rule.then:
            text = pick(action.text, lang)
            name = catalogue.by_id[action.model].name if action.model else ""
            if action.kind == "take_exit":
                exit_reasons.append({"rule": rule.id, "text": text})
                fix = pick(action.fix_first, lang)
                if fix not in fix_first:
                    fix_first.append(fix)
            elif action.kind == "condition":
                conditions.append({"rule": rule.id, "text": text, "check": pick(action.fix_first, lang)})
            elif action.kind == "exclude":
                excluded.add(action.model)
                reasons[action.model].append(Reason(text, False, action.about, exclusion=True))
            elif action.kind == "adjust":
                fits[action.model] += action.by
                reasons[action.model].append(Reason(text, action.by > 0, action.about))
            else:
                advice.append((text, action.decisions))
            effects.append(t(f"effect.{action.kind}", lang, text=text, model=name, by=action.by))
        trace.append({"rule": rule.id, "stage": rule.stage, "priority": rule.priority,
                      "description": pick(rule.description, lang), "effects": effects})
    if exit_reasons:  # not now: the knock-outs and what to fix first say what to do, not the conditions
        conditions = []
    decision = decide(bool(exit_reasons), bool(conditions))
    kept = [text for text, decisions in advice if decision in decisions]
    shown = {m: shown_fit(s, top) for m, s in fits.items()}
    return RuleOutcome(fits, shown, excluded, reasons, exit_reasons, fix_first, conditions, kept, trace)


def rank(catalogue: Catalogue, fits: Mapping[str, float], excluded: set[str]) -> list[str]:
    """Model ids, best first, from the shown fits (see the module docstring for the tie-breaking)."""
    order = {m: i for i, m in enumerate(catalogue.ids)}
    # rounded as the fit is shown (one decimal), so that two models that look tied go by catalogue order and a
    # model never shows a lower fit than the one ranked below it
    return sorted(fits, key=lambda m: (m in excluded, -round(fits[m], 1), order[m]))


def tied(fits: Mapping[str, float], excluded: set[str]) -> set[str]:
    """The models (not excluded) whose shown fit, rounded to 1 decimal, another such model shares."""
    seen: dict[float, list[str]] = {}
    for m, f in fits.items():
        if m not in excluded:
            seen.setdefault(round(f, 1), []).append(m)
    return {m for group in seen.values() if len(group) > 1 for m in group}
