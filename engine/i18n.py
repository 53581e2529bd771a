"""User-facing messages in Dutch and English. Data-file text (items, models, rules) carries its own
translations; these are the engine's own sentences. A test checks every key has both languages."""
from __future__ import annotations

from typing import Mapping

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "en"

MESSAGES: dict[str, dict[str, str]] = {
    "reason.need_for_high": {
        "nl": "sluit aan bij uw behoefte aan {label} (model: {attr}/3, uw behoefte: {need:.0f}/100)",
        "en": "matches your need for {label} (model: {attr}/3, your need: {need:.0f}/100)",
    },
    "reason.need_for_low": {
        "nl": "houdt {label} licht, waar u weinig behoefte aan heeft (model: {attr}/3, uw behoefte: {need:.0f}/100)",
        "en": "keeps {label} light, which you need little of (model: {attr}/3, your need: {need:.0f}/100)",
    },
    "reason.need_against_high": {
        "nl": "biedt weinig {label}, terwijl u daar behoefte aan heeft (model: {attr}/3, uw behoefte: {need:.0f}/100)",
        "en": "offers little {label}, which you need (model: {attr}/3, your need: {need:.0f}/100)",
    },
    "reason.need_against_low": {
        "nl": "draait om {label}, waar u weinig behoefte aan heeft (model: {attr}/3, uw behoefte: {need:.0f}/100)",
        "en": "centres on {label}, which you need little of (model: {attr}/3, your need: {need:.0f}/100)",
    },
    "reason.maturity_for": {"nl": "past bij uw volwassenheid ({maturity:.0f}/100)",
                            "en": "suits your maturity ({maturity:.0f}/100)"},
    "reason.maturity_against": {"nl": "past minder bij uw volwassenheid ({maturity:.0f}/100)",
                                "en": "suits your maturity ({maturity:.0f}/100) less well"},
    "reason.readiness_for": {"nl": "helpt bij twijfel over de bereidheid ({readiness:.0f}/100)",
                             "en": "helps where readiness is in doubt ({readiness:.0f}/100)"},
    "reason.readiness_against": {"nl": "vraagt meer bereidheid dan er nu is ({readiness:.0f}/100)",
                                 "en": "asks for more readiness than there is now ({readiness:.0f}/100)"},
    "reason.owner_for": {"nl": "past bij eigenaarschap bij {owner} ({share:.0%})",
                         "en": "fits ownership by {owner} ({share:.0%})"},
    "reason.owner_against": {"nl": "past minder bij eigenaarschap bij {owner} ({share:.0%})",
                             "en": "fits ownership by {owner} ({share:.0%}) less well"},
    "maturity_level.low": {"nl": "laag", "en": "low"},
    "maturity_level.middle": {"nl": "midden", "en": "middle"},
    "maturity_level.high": {"nl": "hoog", "en": "high"},
    "owner.marketing": {"nl": "marketing", "en": "marketing"},
    "owner.service": {"nl": "klantenservice", "en": "customer service"},
    "owner.strategic": {"nl": "strategie/management", "en": "strategy/management"},
    "effect.take_exit": {"nl": "neemt de exit: {text}", "en": "takes the exit: {text}"},
    "effect.exclude": {"nl": "sluit {model} uit: {text}", "en": "excludes {model}: {text}"},
    "effect.adjust": {"nl": "{model} {by:+g} punten: {text}", "en": "{model} {by:+g} points: {text}"},
    "effect.advice": {"nl": "advies: {text}", "en": "advice: {text}"},
    "dimension.maturity.goals": {"nl": "doelen & strategie", "en": "goals & strategy"},
    "dimension.maturity.people": {"nl": "mensen & capaciteit", "en": "people & capacity"},
    "dimension.maturity.governance": {"nl": "governance & beleid", "en": "governance & policy"},
    "dimension.maturity.monitoring": {"nl": "monitoring & meten", "en": "monitoring & measurement"},
    "dimension.maturity.integration": {"nl": "integratie tussen afdelingen", "en": "integration across departments"},
    "dimension.maturity.content": {"nl": "content & interactie", "en": "content & engagement"},
    "dimension.maturity.management": {"nl": "steun van management", "en": "management support"},
    "dimension.readiness.support": {"nl": "steun van management", "en": "management support"},
    "dimension.readiness.capacity": {"nl": "capaciteit", "en": "capacity"},
    "dimension.readiness.budget": {"nl": "budget", "en": "budget"},
    "dimension.readiness.audience": {"nl": "doelgroep op sociale media", "en": "audience on social media"},
    "dimension.readiness.legal": {"nl": "juridische ruimte", "en": "legal room"},
    "dimension.readiness.culture": {"nl": "cultuur (publiek reageren)", "en": "culture (responding publicly)"},
    "label.maturity": {"nl": "Volwassenheid", "en": "Maturity"},
    "label.stage": {"nl": "Fase", "en": "Stage"},
    "label.ownership": {"nl": "Eigenaarschap", "en": "Ownership"},
    "label.primary": {"nl": "primair", "en": "primary"},
    "label.readiness": {"nl": "Bereidheid", "en": "Readiness"},
    "label.exit": {"nl": "Exit", "en": "Exit"},
    "label.take_exit_yes": {"nl": "ja: stop het implementatietraject (nog) niet starten",
                            "en": "yes: stop the implementation trajectory for now"},
    "label.take_exit_no": {"nl": "nee: de organisatie is er klaar voor", "en": "no: the organisation is ready"},
    "label.reasons": {"nl": "Redenen", "en": "Reasons"},
    "label.fix_first": {"nl": "Eerst oplossen", "en": "Fix first"},
    "label.recommended": {"nl": "Aanbevolen model", "en": "Recommended model"},
    "label.ranking": {"nl": "Alle modellen", "en": "All models"},
    "label.model": {"nl": "Model", "en": "Model"},
    "label.fit": {"nl": "Fit", "en": "Fit"},
    "label.why": {"nl": "Waarom", "en": "Why"},
    "label.against": {"nl": "Tegen", "en": "Against"},
    "label.excluded": {"nl": "uitgesloten", "en": "excluded"},
    "label.advice": {"nl": "Advies", "en": "Advice"},
    "label.trace": {"nl": "Regels die vuurden", "en": "Rules that fired"},
    "label.warnings": {"nl": "Waarschuwingen", "en": "Warnings"},
    "label.unknown": {"nl": "onbekend", "en": "unknown"},
    "label.dimensions": {"nl": "Dimensies", "en": "Dimensions"},
    "label.no_rules": {"nl": "geen regels gevuurd", "en": "no rules fired"},
    "label.assessment_of": {"nl": "Beoordeling", "en": "Assessment"},
}


def t(key: str, lang: str, **kwargs) -> str:
    """The message ``key`` in ``lang`` (falling back to English), formatted with ``kwargs``."""
    entry = MESSAGES[key]
    text = entry.get(lang) or entry[DEFAULT_LANGUAGE]
    return text.format(**kwargs) if kwargs else text


def pick(text: Mapping[str, str] | None, lang: str) -> str:
    """One language from a ``{nl, en}`` text of a data file."""
    if not text:
        return ""
    return text.get(lang) or text.get(DEFAULT_LANGUAGE) or next(iter(text.values()))
