"""Why not the others: for each model below the first, the terms that put it behind the winner.

The reported fit of a model is ``shown(100 * sigmoid(z - mean z) + rule adjustments)`` (:mod:`engine.rules.fitscale`), with
``z = bias + sum(w[f] * x[f])``. The gap between the winner ``W`` and a model ``M`` splits exactly into

- one term per feature family (a need, maturity, readiness, ownership, ...): the difference of the two
  models' weights times how far the organisation's value is from neutral, ``(w_W - w_M) * (x - neutral)``;
- a *baseline* term: what separates the two models for a neutral organisation (biases and the neutral
  part of every feature);
- these ``z`` terms are in logit units; the sigmoid is not linear, so they are scaled by the secant
  ``(base_W - base_M) / (z_W - z_M)``, which makes them add up to the base-fit gap exactly;
- one term per fired rule that adjusted either model (in fit points, as the rule says);
- a *cap* term when a score was scaled onto the top of the range (above 90) or stopped at 0: what the
  shown fits differ from the scores there.

So the terms sum to ``fit_W - fit_M`` (up to rounding of the printed numbers); a test proves it.
An excluded model's gap is its exclusion: one term per rule that excluded it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

from ..i18n import pick, t
from ..model.catalogue import Catalogue
from ..rules.model import RuleSet
from ..scoring.scalar import Profile

SHOWN_TERMS = 3  # terms named in the one-line summary and the report
NEUTRAL = 0.5


@dataclass(frozen=True)
class Term:
    """One part of the gap: ``points`` of fit that it costs the model against the winner (negative: it
    speaks for the model)."""

    kind: str  # need | maturity | readiness | ownership | feature | baseline | rule | cap | excluded
    key: str | None
    points: float
    text: str

    def to_dict(self) -> dict:
        return {"kind": self.kind, "key": self.key, "points": round(self.points, 2), "text": self.text}


@dataclass(frozen=True)
class WhyNot:
    model: str
    behind: str  # the winner
    gap: float   # fit of the winner minus fit of this model (unrounded)
    terms: tuple[Term, ...]  # every term, largest cost first; they sum to gap
    summary: str

    @property
    def main(self) -> tuple[Term, ...]:
        """The few terms that cost the model most (only terms that cost it)."""
        return tuple(x for x in self.terms if x.points > 0.05)[:SHOWN_TERMS]

    def to_dict(self) -> dict:
        return {"behind": self.behind, "gap": round(self.gap, 2), "summary": self.summary,
                "terms": [x.to_dict() for x in self.terms]}


def family(feature: str) -> tuple[str, str | None]:
    """The family a feature is explained under: needs one by one, ownership and maturity as a whole."""
    if feature.startswith("need_"):
        return "need", feature[len("need_"):]
    if feature.startswith("own_"):
        return "ownership", None
    if feature.startswith("maturity"):
        return "maturity", None
    if feature == "readiness":
        return "readiness", None
    return "feature", feature


def neutral_value(feature: str, n_owners: int) -> float:
    """The feature value of an organisation that leans neither way (equal shares for the owners)."""
    return 1.0 / n_owners if feature.startswith("own_") else NEUTRAL


def why_not_all(catalogue: Catalogue, weights, rules: RuleSet, profile: Profile, x: Mapping[str, float],
                z: Mapping[str, float], base: Mapping[str, float], scores: Mapping[str, float],
                fits: Mapping[str, float], excluded: set[str], order: Sequence[str], fired_ids: Sequence[str],
                lang: str) -> dict[str, WhyNot]:
    """:class:`WhyNot` for every model but the first of ``order`` (the ranking); ``scores`` are the
    ranking scores, ``fits`` the fits shown for them."""
    winner = order[0]
    out: dict[str, WhyNot] = {}
    for model in order[1:]:
        out[model] = why_not(catalogue, weights, rules, profile, x, z, base, scores, fits, excluded, winner, model,
                             fired_ids, lang)
    return out


def why_not(catalogue, weights, rules, profile, x, z, base, scores, fits, excluded, winner, model, fired_ids,
            lang) -> WhyNot:
    names = {m: catalogue.by_id[m].name for m in (winner, model)}
    fit_w = fits[winner] if winner not in excluded else 0.0
    fit_m = 0.0 if model in excluded else fits[model]
    gap = fit_w - fit_m
    terms: list[Term] = []
    if model in excluded:
        by = [r for r in fired_ids if any(a.kind == "exclude" and a.model == model for a in rules.by_id[r].then)]
        share = gap / len(by) if by else gap
        for rid in by:
            text = next(pick(a.text, lang) for a in rules.by_id[rid].then if a.kind == "exclude" and a.model == model)
            terms.append(Term("excluded", rid, share, t("whynot.excluded", lang, model=names[model], text=text)))
    else:
        terms += _fit_terms(catalogue, weights, profile, x, z, base, winner, model, names, lang)
        terms += _rule_terms(rules, fired_ids, winner, model, names, lang)
        cap = (fit_w - scores[winner]) - (fit_m - scores[model])
        if abs(cap) > 1e-9:
            terms.append(Term("cap", None, cap, t("whynot.cap", lang)))
    terms.sort(key=lambda term: (-term.points, term.kind, term.key or ""))
    main = [term for term in terms if term.points > 0.05][:SHOWN_TERMS]
    if model not in excluded and round(fit_w, 1) == round(fit_m, 1):  # a tie at the shown precision says so
        summary = t("whynot.tied", lang, model=names[model], winner=names[winner], fit=round(fit_w, 1))
    else:
        summary = t("whynot.summary", lang, model=names[model], winner=names[winner], gap=gap,
                    terms="; ".join(t("whynot.with_points", lang, text=term.text, points=term.points) for term in main)
                    or t("whynot.nothing", lang))
    return WhyNot(model=model, behind=winner, gap=gap, terms=tuple(terms), summary=summary)


def _fit_terms(catalogue, weights, p: Profile, x, z, base, winner, model, names, lang) -> list[Term]:
    bias_w, coef_w = weights.coefficients(winner)
    bias_m, coef_m = weights.coefficients(model)
    n_owners = max(1, sum(1 for f in weights.features if f.startswith("own_")))
    dz = z[winner] - z[model]
    dbase = base[winner] - base[model]
    # the secant of the sigmoid between the two models turns logit terms into fit points that add up
    scale = dbase / dz if abs(dz) > 1e-12 else _slope(base[winner])
    parts: dict[tuple[str, str | None], float] = {}
    baseline = bias_w - bias_m
    for f, ww, wm in zip(weights.features, coef_w, coef_m):
        neutral = neutral_value(f, n_owners)
        baseline += (ww - wm) * neutral
        key = family(f)
        parts[key] = parts.get(key, 0.0) + (ww - wm) * (x[f] - neutral)
    terms = [Term("baseline", None, scale * baseline, t("whynot.baseline", lang, winner=names[winner]))]
    for (kind, key), value in parts.items():
        points = scale * value
        terms.append(Term(kind, key, points, _feature_text(catalogue, p, kind, key, points, names, lang)))
    return terms


def _slope(fit: float) -> float:
    """d fit / d z of ``100 * sigmoid`` at a fit value (used when the two z are equal)."""
    s = fit / 100.0
    return 100.0 * s * (1.0 - s)


def _rule_terms(rules: RuleSet, fired_ids, winner, model, names, lang) -> list[Term]:
    out = []
    for rid in fired_ids:
        points = 0.0
        texts = []
        for a in rules.by_id[rid].then:
            if a.kind != "adjust" or a.model not in (winner, model):
                continue
            points += a.by if a.model == winner else -a.by
            texts.append(t("whynot.rule_effect", lang, model=names[a.model], by=a.by, text=pick(a.text, lang)))
        if texts and abs(points) > 1e-12:
            out.append(Term("rule", rid, points, t("whynot.rule", lang, rule=rid, effects="; ".join(texts))))
    return out


def _feature_text(catalogue, p: Profile, kind, key, points, names, lang) -> str:
    side = names[_favoured(points, names)]
    if kind == "need":
        need = p.needs.get(key)
        label = pick(catalogue.attribute_labels.get(key), lang) or key
        return t("whynot.need", lang, label=label, value=_score(need, lang), side=side)
    if kind == "maturity":
        return t("whynot.maturity", lang, value=_score(p.maturity, lang), side=side)
    if kind == "readiness":
        return t("whynot.readiness", lang, value=_score(p.readiness, lang), side=side)
    if kind == "ownership":
        owner = p.primary_owner
        return t("whynot.ownership", lang, owner=owner_label(owner, lang), share=p.shares.get(owner, 0.0),
                 side=side)
    return t("whynot.feature", lang, feature=key, side=side)


def _favoured(points: float, names: Mapping[str, str]) -> str:
    winner, model = list(names)[0], list(names)[-1]
    return winner if points >= 0 else model


def _score(value: float | None, lang: str) -> str:
    return t("label.unknown", lang) if value is None else f"{value:.0f}/100"


def owner_label(owner: str, lang: str) -> str:
    """The owner's name in ``lang`` (its id when the message catalogue does not know it yet)."""
    from ..i18n import MESSAGES

    return t(f"owner.{owner}", lang) if f"owner.{owner}" in MESSAGES else owner
