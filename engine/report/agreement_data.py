"""The report's agreement section for a combined (group) result: per dimension the spread, r_wg(j) and
a plain-language badge, the difference between roles, the questions colleagues disagree on most, and
Cronbach's alpha where the group is large enough. Built from an :class:`engine.survey.agreement.Agreement`
(computed by the caller, so this module only lays it out); the templates show it in
``agreement.html.j2`` / ``agreement.md.j2``, and the web workspace's round page renders the same view.

Individual answers must not be deducible below a minimum group size: with ``individuals=False`` the
view leaves out what describes a few people (the means per role and the most disagreed questions) and
says why; the dimension statistics are aggregates over the whole group and stay."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from ..i18n import pick, t


@dataclass(frozen=True)
class AgreementRow:
    dimension: str                 # "maturity.goals"
    label: str                     # "Maturity: goals & strategy"
    n: int
    mean: float | None
    spread: float | None
    r_wg: float | None
    alpha: float | None
    level: str                     # agree | moderate | disagree | unknown
    badge: str                     # the plain-language verdict
    roles: list[tuple[str, float]]  # (role label, mean score); empty when individuals are hidden
    role_gap: str | None           # "25 points apart" when the roles differ by survey.agreement.ROLE_GAP or more


@dataclass(frozen=True)
class ItemRow:
    question: str
    spread: float
    n: int


@dataclass
class AgreementView:
    respondents: int
    heading: str
    basis: str                     # "this advice is based on the combined answers of n respondents"
    lead: str                      # what the columns mean
    summary: str | None            # where they disagree, in one sentence (None with one respondent)
    rows: list[AgreementRow]
    show_alpha: bool               # alpha was computed for some dimension
    alpha_note: str
    individuals: bool
    items: list[ItemRow] = field(default_factory=list)
    hidden: str | None = None      # why roles and questions are not shown


def dimension_label(dim: str, lang: str) -> str:
    """"Maturity: management support": both groups have a dimension of that name."""
    group = dim.split(".")[0]
    return f"{t(f'label.{group}', lang)}: {t(f'dimension.{dim}', lang)}"


def build_agreement(engine, agreement: Any, lang: str, *, individuals: bool, min_group: int,
                    role_labels: Mapping[str, str] | None = None) -> AgreementView:
    """The section for ``agreement`` (an :class:`engine.survey.agreement.Agreement`) in ``lang``;
    ``individuals`` says whether the group reached ``min_group`` (roles and questions shown)."""
    # imported here: `socialfit report` of one organisation never loads the survey package
    from ..survey.agreement import MIN_ALPHA_RESPONDENTS, ROLE_GAP

    roles = role_labels or {}
    rows = []
    for d in agreement.dimensions:
        label = dimension_label(d.dimension, lang)
        level = d.level if agreement.respondents >= 2 else "unknown"
        gap = d.role_gap if individuals and d.role_gap is not None and d.role_gap >= ROLE_GAP else None
        rows.append(AgreementRow(
            dimension=d.dimension, label=label, n=d.n, mean=d.mean, spread=d.spread, r_wg=d.r_wg, alpha=d.alpha,
            level=level, badge=t(f"agreement.level.{level}", lang),
            roles=[(roles.get(r, r), v) for r, v in d.by_role.items()] if individuals else [],
            role_gap=t("agreement.role_gap", lang, gap=f"{gap:.0f}") if gap is not None else None))
    disagree = [r.label for r in rows if r.level == "disagree"]
    if agreement.respondents < 2:
        summary = t("agreement.one", lang)
    elif disagree:
        summary = t("agreement.summary_disagree", lang, dims="; ".join(disagree))
    else:
        summary = t("agreement.summary_agree", lang)
    q = engine.questionnaire
    items = [ItemRow(pick(q.by_id[i.item].text, lang), i.spread, i.n) for i in agreement.items] if individuals else []
    n = agreement.respondents
    return AgreementView(
        respondents=n, heading=t("agreement.heading", lang),
        basis=t("agreement.basis", lang, n=n) if n >= 2 else t("agreement.basis_one", lang), lead=t("agreement.lead", lang),
        summary=summary, rows=rows, show_alpha=any(r.alpha is not None for r in rows),
        alpha_note=t("agreement.alpha_note", lang, n=MIN_ALPHA_RESPONDENTS), individuals=individuals,
        items=items, hidden=None if individuals else t("agreement.hidden", lang, n=min_group, k=n))
