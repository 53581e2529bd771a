"""How every rendering says who owns social media: the shares, the primary owner (or that nobody does
yet) and, for a communication department, where it leans on the source's three-way question
(marketing, customer service or strategic?). One wording for the terminal, markdown and the report."""
from __future__ import annotations

from ..i18n import t
from ..model.vocabulary import OWNERS
from ..scoring.scalar import Profile


def ownership_note(p: Profile, lang: str) -> str:
    """``primary: communication, leans towards customer service``, or that ownership is unassigned."""
    lean = t("ownership.leans", lang, owner=t(f"owner.{p.leans}", lang)) if p.leans else t("ownership.no_lean", lang)
    if not p.ownership_assigned:  # the shares then come from the objectives alone: say so, name no owner
        objectives = (t("ownership.objectives_lean", lang, owner=t(f"owner.{p.leans}", lang)) if p.leans
                      else t("ownership.no_lean", lang))
        return f"{t('ownership.unassigned', lang)}; {objectives}"
    note = f"{t('label.primary', lang)}: {t(f'owner.{p.primary_owner}', lang)}"
    return f"{note}, {lean}" if p.primary_owner == "communication" else note


def ownership_line(p: Profile, lang: str) -> str:
    """The shares of the four owners, then :func:`ownership_note` in brackets; with ownership unassigned
    only the note (shares from the objectives alone would read as owners)."""
    if not p.ownership_assigned:
        return ownership_note(p, lang)
    shares = " · ".join(f"{t(f'owner.{o}', lang)} {p.shares[o]:.0%}" for o in OWNERS)
    return f"{shares} ({ownership_note(p, lang)})"


def ownership_caption(p: Profile, lang: str) -> str:
    """The caption under the report's ownership chart."""
    if not p.ownership_assigned:
        return t("report.ownership_caption_unassigned", lang)
    caption = t("report.ownership_caption", lang, owner=t(f"owner.{p.primary_owner}", lang))
    if p.primary_owner == "communication":
        lean = t("ownership.leans", lang, owner=t(f"owner.{p.leans}", lang)) if p.leans else t("ownership.no_lean", lang)
        caption = f"{caption.rstrip('.')} ({lean})."
    return caption


def ownership_parts(p: Profile, lang: str) -> list[tuple[str, str, float]]:
    """(owner, label, share) for the report's ownership bar; one grey "unassigned" bar when nobody owns it."""
    if not p.ownership_assigned:
        return [("unassigned", t("owner.unassigned", lang), 1.0)]
    return [(o, t(f"owner.{o}", lang), p.shares[o]) for o in OWNERS]
