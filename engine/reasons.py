"""Why a model fits or not: one reason per subject per model, never both for and against, never twice.

A model's linear score is a sum of feature contributions ``w * (x - neutral)``. Features are grouped
by the subject they speak to (:func:`engine.model.vocabulary.feature_subject`: both maturity features
are "maturity", every owner share is "ownership"), and a subject whose net contribution is large
enough becomes one reason, for or against by its sign. A reason *for* is a stated need the model
serves, or a fit (maturity, readiness, owner); the absence of something the organisation does not ask
for is no reason for, so a low need that happens to favour a model is left unsaid.

Rule reasons (adjust, exclude) come first and win: a rule that names its subjects (``about``) takes
that subject's place, so the model's own reason on it is dropped. An exclusion is always kept, so
every excluded model says why.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from .i18n import pick, t
from .model.catalogue import Catalogue, Model
from .model.vocabulary import OWNERS, feature_subject
from .scoring.scalar import Profile

REASON_THRESHOLD = 0.15  # a subject's net contribution to z this large (either way) becomes a reason
MAX_REASONS = 3          # per side, after the rule reasons
_LEVELS = ("low", "middle", "high")


@dataclass(frozen=True)
class Reason:
    """One reason for (``positive``) or against a model, on ``subjects`` (none: a rule that names none)."""

    text: str
    positive: bool
    subjects: tuple[str, ...] = ()
    exclusion: bool = False


def feature_reasons(catalogue: Catalogue, model_id: str, row: Mapping[str, float], x: Mapping[str, float],
                    profile: Profile, lang: str) -> list[Reason]:
    """The model's own reasons: the subjects with the largest net contributions, at most
    :data:`MAX_REASONS` per side, strongest first."""
    model = catalogue.by_id[model_id]
    owner_neutral = 1 / len(OWNERS)
    net: dict[str, float] = {}
    owners: dict[str, float] = {}
    for f, value in x.items():
        owner = f.startswith("own_")
        if owner and value <= owner_neutral:
            continue  # only an owner with more than its share speaks for or against a model
        c = row.get(f, 0.0) * (value - (owner_neutral if owner else 0.5))
        subject = feature_subject(f)
        net[subject] = net.get(subject, 0.0) + c
        if owner:
            owners[f[4:]] = c
    reasons = []
    for subject, c in sorted(net.items(), key=lambda kv: -abs(kv[1])):
        if abs(c) < REASON_THRESHOLD:
            continue
        text = _text(catalogue, model, subject, c > 0, x, owners, profile, lang)
        if text is not None:
            reasons.append(Reason(text, c > 0, (subject,)))
    pros = [r for r in reasons if r.positive][:MAX_REASONS]
    cons = [r for r in reasons if not r.positive][:MAX_REASONS]
    return pros + cons


def merge(rule_reasons: list[Reason], own: list[Reason]) -> tuple[list[Reason], list[Reason]]:
    """Rule reasons first (exclusions before all), then the model's own; one reason per subject and
    no text twice. Returns (for, against)."""
    taken: set[str] = set()
    seen: set[str] = set()
    kept: list[Reason] = []
    for r in sorted(rule_reasons, key=lambda r: not r.exclusion) + own:
        subjects = set(r.subjects)
        if r.text in seen or (subjects & taken and not r.exclusion):
            continue
        kept.append(r)
        seen.add(r.text)
        taken |= subjects
    return [r for r in kept if r.positive], [r for r in kept if not r.positive]


def _text(catalogue: Catalogue, model: Model, subject: str, positive: bool, x: Mapping[str, float],
          owners: Mapping[str, float], p: Profile, lang: str) -> str | None:
    side = "for" if positive else "against"
    if subject.startswith("needs."):
        need_id = subject[6:]
        need = p.needs[need_id]
        if need is None:
            return None
        high = need > 50
        if positive and not high:
            return None  # not wanting something is no reason for a model that lacks it
        level = "high" if high else "low"
        return t(f"reason.need_{side}_{level}", lang, label=pick(catalogue.attribute_labels[need_id], lang),
                 attr=model.attributes[need_id], need=need)
    if subject == "maturity":
        if p.maturity is None:
            return None
        if positive:
            return t("reason.maturity_for", lang, maturity=p.maturity)
        level = min(2, int(p.maturity / (100 / 3)))
        fits = [_LEVELS.index(v) for v in model.maturity_fit]
        direction = "higher" if level < min(fits) else "lower" if level > max(fits) else "other"
        return t(f"reason.maturity_against_{direction}", lang, maturity=p.maturity)
    if subject == "readiness":
        if p.readiness is None:
            return None
        ready = x["readiness"] > 0.5
        key = {(True, True): "for_ready", (True, False): "for_doubtful",
               (False, False): "against_doubtful", (False, True): "against_ready"}[(positive, ready)]
        return t(f"reason.readiness_{key}", lang, readiness=p.readiness)
    # ownership: the owner that weighs most on the reason's side
    side_owners = [(c, o) for o, c in owners.items() if (c > 0) == positive]
    if not side_owners:
        return None
    _, owner = max(side_owners, key=lambda co: abs(co[0]))
    return t(f"reason.owner_{side}", lang, owner=t(f"owner.{owner}", lang), share=p.shares[owner])
