"""Synthetic labelled cases for calibration. SYNTHETIC: no real organisation answered these.

Three steps, each seeded by one ``numpy.random.Generator``:

1. **Profiles** (:func:`draw_profile`): a latent organisation -- size, maturity, readiness, an owner
   (marketing / communication / service / strategic, communication the most frequent as in surveys of the
   field; in some small, young organisations nobody yet) with ownership shares, and eleven needs on the
   model-attribute axes.
   The latent traits are correlated the way domain.md describes organisations: larger organisations
   need more strategy anchoring and organisational change, mature ones want more depth and
   completeness, marketing-owned ones plan campaigns and paid/owned/earned media, doubtful readiness
   comes with a wish for a go/no-go moment.
2. **Answers** (:func:`answer`): one questionnaire response from the latent profile, with the noise of
   real respondents: per-respondent *acquiescence* (a tendency to agree, also with reverse-worded
   items), item noise, *don't know* at a per-respondent rate, and answers left *missing*.
3. **Labels** (:func:`expert_label`): the model and exit an expert chooses, from the latent profile
   (which the engine only sees through the noisy answers). The expert function is deliberately NOT
   the engine's prior (:mod:`engine.calibration.prior`, a linear match of every need with every attribute):

   - the expert looks only at the organisation's three strongest needs and matches them against what
     is distinctive about each model (its attribute 0-3 minus the model's mean attribute), ignoring
     the other needs;
   - maturity counts as a band (low < 0.35 <= middle < 0.65 <= high): +1.5 when the model's
     maturity fit includes the band, -1.0 otherwise (the prior uses a smooth slope);
   - only the primary owner counts (+1.0 when the model fits it), not the shares;
   - a clearly stated **signature** (:data:`SIGNATURES`, the catalogue's ``signature`` as rules/fit.yaml
     tests it: its needs at 0.75 or more, maturity not far outside the model's range) puts that model first;
   - otherwise three rules of thumb override the match: doubtful readiness (< 0.4) with a strong wish for a
     go/no-go (> 0.65) -> Social Strategy Model; a small, low-maturity organisation that wants to do it
     itself (> 0.65) -> EP Strategy Model; a marketing-owned organisation with strong campaign and
     paid/owned/earned needs (both > 0.6) -> Faseringsmodel;
   - experts disagree: with probability ``label_noise`` the expert picks the runner-up instead;
   - exit: a knock-out (audience absent, legal prohibitive, no management support, closed culture)
     no hours and no budget together, or overall readiness below 0.33 (on a 0-1 scale; the answers overstate readiness a little, through acquiescence).

The output is a DataFrame in the labelled-data format of :mod:`engine.calibration.data` with
``source = "synthetic"`` on every row.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np
import pandas as pd

from ..model.catalogue import Catalogue
from ..model.questionnaire import Item, Questionnaire
from ..model.vocabulary import MATURITY_DIMENSIONS, NEEDS, OWNERS, READINESS_DIMENSIONS

SIZES = ("small", "medium", "large", "enterprise")
DONT_KNOW = "dont_know"  # the labelled-data token for an explicit don't-know answer
MATURITY_BANDS = ((0.35, "low"), (0.65, "middle"), (1.01, "high"))
EXPERT_EXIT_READINESS = 0.33
# Departments that answer "who posts / answers / sets goals / reports" for each owner.
_OWNER_DEPARTMENTS = {"marketing": ("marketing",), "communication": ("communication",),
                      "service": ("customer_service",), "strategic": ("management",)}
_OBJECTIVES = {"marketing": ("talking", "energizing"), "service": ("supporting",),
               "strategic": ("listening", "embracing")}
UNASSIGNED = "unassigned"
# Who owns social media (domain.md, models_research.md section 11): communication/PR most often, then
# marketing; strategy/management more in large organisations; nobody yet in some young, small ones.
OWNER_P = (0.30, 0.32, 0.13, 0.25)
# Signatures the synthetic expert recognises (the catalogue's `signature`, as rules/fit.yaml tests them):
# (model, needs that must be >= SIGNATURE_HIGH, needs that must stay below it, maturity range), the more
# specific first.
SIGNATURE_HIGH = 0.75
SIGNATURES = (
    ("oasis", ("memorable", "evaluation"), (), (0.0, 0.70)),
    ("post", ("memorable",), ("evaluation", "integration"), (0.0, 0.70)),
    ("aht_framework", ("org_change",), (), (0.30, 1.01)),
    ("access", ("integration",), ("org_change",), (0.0, 1.01)),
    ("social_strategy_model", ("go_no_go",), (), (0.0, 1.01)),
    ("strategie_framework", ("strategy", "depth"), (), (0.30, 1.01)),
    ("faseringsmodel", ("campaign", "poe"), (), (0.0, 1.01)),
    ("social_media_cycle", ("completeness",), (), (0.20, 1.01)),
    ("ep_strategy_model", ("diy",), ("memorable",), (0.0, 0.70)),
)


@dataclass(frozen=True)
class LatentProfile:
    """The truth about one synthetic organisation (all traits 0..1)."""

    size: str
    maturity: float
    maturity_dims: Mapping[str, float]
    readiness: float
    readiness_dims: Mapping[str, float]
    owner: str
    shares: Mapping[str, float]
    needs: Mapping[str, float]
    acquiescence: float  # likert points added to every agreement answer
    dont_know_rate: float
    missing_rate: float


def _clip(x: float, lo: float = 0.0, hi: float = 1.0) -> float:
    return float(min(hi, max(lo, x)))


def draw_profile(rng: np.random.Generator) -> LatentProfile:
    """One latent organisation (see the module docstring for the correlations)."""
    size_i = int(rng.choice(4, p=[0.35, 0.3, 0.2, 0.15]))
    size = SIZES[size_i]
    maturity = _clip(rng.beta(2.2, 2.6) + 0.06 * (size_i - 1.5))
    readiness = _clip(rng.beta(3.0, 2.2))
    owner_p = np.array(OWNER_P) + np.array([-0.03, 0.0, -0.01, 0.04]) * (size_i - 1.5)
    owner = OWNERS[int(rng.choice(len(OWNERS), p=owner_p / owner_p.sum()))]
    alpha = np.full(len(OWNERS), 1.0)
    alpha[OWNERS.index(owner)] = 4.0
    shares = dict(zip(OWNERS, rng.dirichlet(alpha)))
    if maturity < 0.3 and size_i == 0 and rng.random() < 0.25:
        owner = UNASSIGNED  # nobody owns social media yet
    needs = {n: float(rng.beta(2, 2)) for n in NEEDS}
    needs["depth"] = _clip(needs["depth"] + 0.35 * (maturity - 0.5))
    needs["completeness"] = _clip(needs["completeness"] + 0.3 * (maturity - 0.5))
    needs["diy"] = _clip(needs["diy"] - 0.12 * (size_i - 1.5))
    needs["strategy"] = _clip(needs["strategy"] + 0.1 * (size_i - 1.5) + 0.2 * (owner == "strategic"))
    needs["org_change"] = _clip(needs["org_change"] + 0.08 * (size_i - 1.5))
    needs["campaign"] = _clip(needs["campaign"] + 0.2 * (owner == "marketing") - 0.1)
    needs["poe"] = _clip(0.5 * needs["poe"] + 0.5 * needs["campaign"] + rng.normal(0, 0.08))
    needs["integration"] = _clip(needs["integration"] + 0.15 * (owner != "marketing") - 0.05)
    needs["go_no_go"] = _clip(needs["go_no_go"] + 0.5 * (0.55 - readiness))
    needs["memorable"] = _clip(needs["memorable"] - 0.3 * (maturity - 0.5))
    needs["evaluation"] = _clip(needs["evaluation"] + 0.15 * (owner == "communication"))
    mat_dims = {d: _clip(maturity + rng.normal(0, 0.12)) for d in MATURITY_DIMENSIONS}
    ready_dims = {d: _clip(readiness + rng.normal(0, 0.15)) for d in READINESS_DIMENSIONS}
    acquiescence = float(rng.uniform(0.0, 1.0)) if rng.random() < 0.4 else 0.0
    return LatentProfile(size=size, maturity=maturity, maturity_dims=mat_dims, readiness=readiness,
                         readiness_dims=ready_dims, owner=owner, shares=shares, needs=needs,
                         acquiescence=acquiescence, dont_know_rate=float(rng.beta(1.0, 12.0)),
                         missing_rate=float(rng.beta(1.0, 30.0)))


# ----------------------------------------------------------------------------------- answers

def _latent_for(p: LatentProfile, scale: str) -> float:
    group, _, name = scale.partition(".")
    if group == "maturity":
        return p.maturity_dims[name]
    if group == "readiness":
        return p.readiness_dims[name]
    return p.needs[name]


def _closest_option(item: Item, scale: str, target: float) -> Any:
    return min(item.options, key=lambda o: abs(o.scores.get(scale, 0.0) - target)).value


def _ownership_answer(item: Item, p: LatentProfile, rng: np.random.Generator) -> Any:
    if item.id == "objectives":
        count = int(rng.integers(1, 4))
        pool = [(o, obj) for o in _OBJECTIVES for obj in _OBJECTIVES[o]]
        weights = np.array([p.shares[o] + 0.05 for o, _ in pool])
        picks = rng.choice(len(pool), size=count, replace=False, p=weights / weights.sum())
        return [pool[i][1] for i in sorted(picks)]
    if p.owner == UNASSIGNED:
        return "nobody_yet" if rng.random() < 0.85 else "distributed"
    if rng.random() < 0.12:
        return str(rng.choice(["distributed", "nobody_yet"])) if p.maturity < 0.4 else "distributed"
    owner = OWNERS[int(rng.choice(len(OWNERS), p=np.array([p.shares[o] for o in OWNERS])))]
    return str(rng.choice(_OWNER_DEPARTMENTS[owner]))


def _answer_item(item: Item, p: LatentProfile, rng: np.random.Generator) -> Any:
    scales = [s for s in item.feeds if s != "ownership"]
    if item.id == "org_size":
        return p.size
    if item.id == "org_structure":
        return _closest_option(item, "maturity.governance", 100 * _clip(p.maturity_dims["governance"] + rng.normal(0, 0.15)))
    if not scales:
        return _ownership_answer(item, p, rng)
    primary = max(scales, key=lambda s: item.feeds[s])
    latent = _latent_for(p, primary)
    if item.type == "likert5":
        target = 1 - latent if item.reverse else latent
        v = 1 + 4 * target + rng.normal(0, 0.7) + p.acquiescence
        return int(min(5, max(1, round(v))))
    if item.type == "number":
        hours = np.exp(rng.normal(np.log(1 + 50 * latent ** 1.5), 0.5)) - 1
        return float(round(min(item.max, max(item.min, hours)), 1))
    if item.type == "multi":  # monitoring tools: more tools as monitoring matures
        count = int(min(len(item.options), max(0, round(latent * 4 + rng.normal(0, 0.7)))))
        picks = rng.choice(len(item.options), size=count, replace=False)
        return [item.options[i].value for i in sorted(picks)]
    if item.id == "audience_on_social":
        if rng.random() < 0.06:
            return "unknown"
        return "no" if latent < 0.12 else ("partly" if latent < 0.55 else "yes")
    if item.id == "campaign_focus":  # public information campaigns: communication departments (OASIS variant B)
        if p.owner == "communication" and p.needs["campaign"] > 0.4 and rng.random() < 0.35:
            return "public_information"
        others = [o for o in item.options if o.value != "public_information"]
        return min(others, key=lambda o: abs(o.scores.get(primary, 0.0) - 100 * latent)).value
    if item.id == "legal_constraints":
        return "prohibitive" if latent < 0.08 else ("some" if latent < 0.55 else "none")
    return _closest_option(item, primary, 100 * _clip(latent + rng.normal(0, 0.12)))


def answer(q: Questionnaire, p: LatentProfile, rng: np.random.Generator) -> dict[str, Any]:
    """One response: ``{item_id: value}``; ``DONT_KNOW`` for don't know, absent when left missing.

    Hidden items (show-if) are not answered; only items that allow it get don't-know or go missing.
    """
    values: dict[str, Any] = {}
    for item in q.items:
        values[item.id] = _answer_item(item, p, rng)
    if p.maturity < 0.12:
        values["social_status"] = "none"
    shown = q.visible(values)
    out: dict[str, Any] = {}
    for item in q.items:
        if not shown[item.id]:
            continue
        value = values[item.id]
        if item.type == "multi" and not item.required and not value:
            continue  # a multi left empty: no answer
        if item.dont_know and rng.random() < p.dont_know_rate:
            out[item.id] = DONT_KNOW
        elif (item.dont_know or not item.required) and rng.random() < p.missing_rate:
            continue
        else:
            out[item.id] = value
    return out


# ------------------------------------------------------------------------------------ labels

def maturity_band(maturity: float) -> str:
    return next(name for upper, name in MATURITY_BANDS if maturity < upper)


def expert_scores(catalogue: Catalogue, p: LatentProfile) -> dict[str, float]:
    """The expert's match score per model (before the rules of thumb); see the module docstring."""
    top = sorted(NEEDS, key=lambda n: -p.needs[n])[:3]
    band = maturity_band(p.maturity)
    scores = {}
    for m in catalogue.models:
        centre = sum(m.attributes[n] for n in NEEDS) / len(NEEDS)
        s = 1.5 * sum(p.needs[n] * (m.attributes[n] - centre) for n in top)
        s += 1.5 if band in m.maturity_fit else -1.0
        s += 1.0 if p.owner in m.ownership_fit else 0.0
        scores[m.id] = s
    return scores


def signature_models(p: LatentProfile) -> list[str]:
    """The models whose signature the organisation states clearly (see SIGNATURES)."""
    return [model for model, high, below, (lo, hi) in SIGNATURES
            if all(p.needs[n] >= SIGNATURE_HIGH for n in high) and all(p.needs[n] < SIGNATURE_HIGH for n in below)
            and lo <= p.maturity < hi]


def expert_label(catalogue: Catalogue, p: LatentProfile, rng: np.random.Generator, *,
                 label_noise: float = 0.08) -> tuple[str, str, bool]:
    """(model, second choice, take exit) as the synthetic expert decides them."""
    scores = expert_scores(catalogue, p)
    ranked = sorted(catalogue.ids, key=lambda m: -scores[m])
    stated = signature_models(p)  # several stated: the best match among them, as the fit rules leave it
    override = max(stated, key=lambda m: (scores[m], -catalogue.ids.index(m))) if stated else None
    if override is not None:
        pass
    elif p.readiness < 0.4 and p.needs["go_no_go"] > 0.65:
        override = "social_strategy_model"
    elif p.size == "small" and p.maturity < 0.4 and p.needs["diy"] > 0.65:
        override = "ep_strategy_model"
    elif p.owner == "marketing" and p.needs["campaign"] > 0.6 and p.needs["poe"] > 0.6:
        override = "faseringsmodel"
    if override is not None:
        ranked.remove(override)
        ranked.insert(0, override)
    first, second = ranked[0], ranked[1]
    if rng.random() < label_noise:
        first, second = second, first
    r = p.readiness_dims
    take_exit = (p.readiness < EXPERT_EXIT_READINESS or r["audience"] < 0.12 or r["legal"] < 0.08
                 or r["support"] < 0.15 or r["culture"] < 0.12 or (r["capacity"] < 0.25 and r["budget"] < 0.05))
    return first, second, bool(take_exit)


def latent_from_profile(profile, size: str) -> LatentProfile:
    """The synthetic expert's view of an organisation the engine scored: its profile as the latent traits
    (unknown = 0.5, ownership unassigned kept), so that :func:`expert_label` can be held against
    hand-labelled expert cases (``benchmarks/expert_cases.py`` measures how often they agree)."""
    def unit(v):
        return 0.5 if v is None else v / 100.0
    return LatentProfile(
        size=size, maturity=unit(profile.maturity),
        maturity_dims={d: unit(v) for d, v in profile.maturity_dimensions.items()},
        readiness=unit(profile.readiness), readiness_dims={d: unit(v) for d, v in profile.readiness_dimensions.items()},
        owner=profile.primary_owner if profile.primary_owner in OWNERS else UNASSIGNED, shares=dict(profile.shares),
        needs={n: unit(profile.needs[n]) for n in NEEDS}, acquiescence=0.0, dont_know_rate=0.0, missing_rate=0.0)


# ---------------------------------------------------------------------------------- data set

def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return ";".join(map(str, value))
    return value


def generate(q: Questionnaire, catalogue: Catalogue, n: int, *, random_state: int = 0,
             label_noise: float = 0.08) -> pd.DataFrame:
    """``n`` synthetic labelled cases as a DataFrame in the labelled-data format.

    Columns: ``case_id, source (= "synthetic"), label, label_second, take_exit, weight``, then one
    column per item (blank = missing, ``dont_know`` = don't know, multi values joined by ``;``).
    Deterministic for a given ``random_state``.
    """
    rng = np.random.default_rng(random_state)
    rows = []
    for i in range(n):
        p = draw_profile(rng)
        values = answer(q, p, rng)
        first, second, take_exit = expert_label(catalogue, p, rng, label_noise=label_noise)
        row = {"case_id": f"syn-{random_state}-{i + 1:05d}", "source": "synthetic", "label": first,
               "label_second": second, "take_exit": "yes" if take_exit else "no", "weight": 1.0}
        row.update({item.id: _cell(values[item.id]) if item.id in values else "" for item in q.items})
        rows.append(row)
    return pd.DataFrame(rows, columns=["case_id", "source", "label", "label_second", "take_exit", "weight"]
                        + [item.id for item in q.items])
