"""User-facing messages in Dutch and English. Data-file text (items, models, rules) carries its own
translations; these are the engine's own sentences. A test checks every key has both languages."""
from __future__ import annotations

from typing import Mapping

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "en"

MESSAGES: dict[str, dict[str, str]] = {
    # ---- reasons for and against a model (engine/reasons.py); {label} is a catalogue attribute label
    "reason.need_for_high": {
        "nl": "biedt waar u om vraagt: {label} (uw behoefte {need:.0f}/100; het model {attr}/3)",
        "en": "gives what you ask for: {label} (your need {need:.0f}/100; the model {attr}/3)",
    },
    "reason.need_against_high": {
        "nl": "biedt weinig van waar u om vraagt: {label} (uw behoefte {need:.0f}/100; het model {attr}/3)",
        "en": "offers little of what you ask for: {label} (your need {need:.0f}/100; the model {attr}/3)",
    },
    "reason.need_against_low": {
        "nl": "draait om iets waar u niet om vraagt: {label} (uw behoefte {need:.0f}/100; het model {attr}/3)",
        "en": "centres on something you do not ask for: {label} (your need {need:.0f}/100; the model {attr}/3)",
    },
    "reason.maturity_for": {"nl": "past bij uw volwassenheid ({maturity:.0f}/100)",
                            "en": "suits your maturity ({maturity:.0f}/100)"},
    "reason.maturity_against_higher": {"nl": "is bedoeld voor organisaties die verder zijn dan de uwe ({maturity:.0f}/100)",
                                       "en": "is meant for organisations further along than yours ({maturity:.0f}/100)"},
    "reason.maturity_against_lower": {"nl": "is bedoeld voor organisaties die minder ver zijn dan de uwe ({maturity:.0f}/100)",
                                      "en": "is meant for organisations at an earlier stage than yours ({maturity:.0f}/100)"},
    "reason.maturity_against_other": {"nl": "past minder goed bij uw volwassenheid ({maturity:.0f}/100) dan andere modellen",
                                      "en": "suits your maturity ({maturity:.0f}/100) less well than other models do"},
    "reason.readiness_for_ready": {"nl": "past bij een organisatie die klaar is om te beginnen (bereidheid {readiness:.0f}/100)",
                                   "en": "suits an organisation that is ready to start (readiness {readiness:.0f}/100)"},
    "reason.readiness_for_doubtful": {"nl": "helpt waar de bereidheid nog twijfelachtig is ({readiness:.0f}/100)",
                                      "en": "helps where readiness is still in doubt ({readiness:.0f}/100)"},
    "reason.readiness_against_doubtful": {"nl": "vraagt meer bereidheid dan er nu is ({readiness:.0f}/100)",
                                          "en": "asks for more readiness than there is now ({readiness:.0f}/100)"},
    "reason.readiness_against_ready": {"nl": "is bedoeld voor organisaties die twijfelen of ze klaar zijn; uw bereidheid is hoog ({readiness:.0f}/100)",
                                       "en": "is meant for organisations that doubt whether they are ready; your readiness is high ({readiness:.0f}/100)"},
    "reason.owner_for": {"nl": "past bij {owner} als eigenaar ({share:.0%})",
                         "en": "suits {owner} as the owner ({share:.0%})"},
    "reason.owner_against": {"nl": "past minder goed bij {owner} als eigenaar ({share:.0%})",
                             "en": "suits {owner} as the owner less well ({share:.0%})"},
    "maturity_level.low": {"nl": "laag", "en": "low"},
    "maturity_level.middle": {"nl": "midden", "en": "middle"},
    "maturity_level.high": {"nl": "hoog", "en": "high"},
    "owner.marketing": {"nl": "marketing", "en": "marketing"},
    "owner.communication": {"nl": "communicatie", "en": "communication"},
    "owner.unassigned": {"nl": "niet belegd", "en": "unassigned"},
    "ownership.leans": {"nl": "neigt naar {owner}", "en": "leans towards {owner}"},
    "ownership.objectives_lean": {"nl": "de doelen neigen naar {owner}", "en": "the objectives lean towards {owner}"},
    "ownership.no_lean": {"nl": "geen voorkeur voor marketing, klantenservice of strategie", "en": "no lean towards marketing, customer service or strategy"},
    "ownership.unassigned": {"nl": "eigenaarschap nog niet belegd: niemand is eigenaar van social media",
                             "en": "ownership unassigned: nobody owns social media yet"},
    "owner.service": {"nl": "klantenservice", "en": "customer service"},
    "owner.strategic": {"nl": "strategie/management", "en": "strategy/management"},
    "effect.take_exit": {"nl": "neemt de exit: {text}", "en": "takes the exit: {text}"},
    "effect.condition": {"nl": "voorwaarde: {text}", "en": "condition: {text}"},
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
    "dimension.readiness.audience": {"nl": "doelgroep op social media", "en": "audience on social media"},
    "dimension.readiness.legal": {"nl": "juridische ruimte", "en": "legal room"},
    "dimension.readiness.culture": {"nl": "cultuur (publiek reageren)", "en": "culture (responding publicly)"},
    "label.maturity": {"nl": "Volwassenheid", "en": "Maturity"},
    "label.stage": {"nl": "Fase", "en": "Stage"},
    "label.ownership": {"nl": "Eigenaarschap", "en": "Ownership"},
    "label.primary": {"nl": "primair", "en": "primary"},
    "label.readiness": {"nl": "Bereidheid", "en": "Readiness"},
    "label.decision": {"nl": "Besluit", "en": "Decision"},
    # ---- the exit decision (engine.assessment.decide): the same words in every output
    "decision.go": {"nl": "Go: start het implementatietraject; er zijn geen knock-outs en de randvoorwaarden zijn op orde.",
                    "en": "Go: start the implementation trajectory; there are no knock-outs and the preconditions are in place."},
    "decision.go_with_conditions": {
        "nl": "Go onder voorwaarden: start het implementatietraject en besluit op een go/no-go-moment of u doorgaat.",
        "en": "Go with conditions: start the implementation trajectory and decide at a go/no-go moment whether to go on."},
    "decision.not_now": {"nl": "Nu niet: start het implementatietraject (nog) niet; los eerst de knock-outs hieronder op.",
                         "en": "Not now: do not start the implementation trajectory yet; fix the knock-outs below first."},
    "decision.short.go": {"nl": "Go", "en": "Go"},
    "decision.short.go_with_conditions": {"nl": "Go onder voorwaarden", "en": "Go with conditions"},
    "decision.short.not_now": {"nl": "Nu niet", "en": "Not now"},
    "decision.go_no_go_moment": {
        "nl": "Plan het go/no-go-moment na de voorbereiding en een nulmeting, uiterlijk drie maanden na de start. "
              "Ga alleen door als aan deze voorwaarden is voldaan:",
        "en": "Plan the go/no-go moment after the preparation and a baseline measurement, at the latest three months "
              "after the start. Go on only if these conditions are met:"},
    "label.conditions": {"nl": "Voorwaarden", "en": "Conditions"},
    "label.recommended_later": {"nl": "Model zodra de knelpunten zijn opgelost", "en": "Model once the fixes are made"},
    "label.reasons": {"nl": "Redenen", "en": "Reasons"},
    "label.fix_first": {"nl": "Eerst oplossen", "en": "Fix first"},
    "label.recommended": {"nl": "Aanbevolen model", "en": "Recommended model"},
    "label.ranking": {"nl": "Alle modellen", "en": "All models"},
    "label.model": {"nl": "Model", "en": "Model"},
    "label.fit": {"nl": "Fit", "en": "Fit"},
    "label.why": {"nl": "Waarom", "en": "Why"},
    "label.against": {"nl": "Tegen", "en": "Against"},
    "label.excluded": {"nl": "uitgesloten", "en": "excluded"},
    "label.tie": {"nl": "gelijke stand", "en": "tie"},
    "label.advice": {"nl": "Advies", "en": "Advice"},
    "label.trace": {"nl": "Regels die vuurden", "en": "Rules that fired"},
    "label.warnings": {"nl": "Waarschuwingen", "en": "Warnings"},
    "label.unknown": {"nl": "onbekend", "en": "unknown"},
    "label.dimensions": {"nl": "Dimensies", "en": "Dimensions"},
    "label.no_rules": {"nl": "geen regels gevuurd", "en": "no rules fired"},
    "label.assessment_of": {"nl": "Beoordeling", "en": "Assessment"},
    # ---- socialfit intake (engine/intake.py, socialfit/cmd_intake.py)
    "intake.progress": {"nl": "Vraag {n} van {total}", "en": "Question {n} of {total}"},
    "intake.prompt": {"nl": "Antwoord", "en": "Answer"},
    "intake.keys": {"nl": "Typ het nummer van uw antwoord (of de tekst). ? = uitleg, b = terug, "
                          "s = weet ik niet / overslaan (waar dat kan), q = stoppen.",
                    "en": "Type the number of your answer (or its text). ? = help, b = back, "
                          "s = don't know / skip (where allowed), q = quit."},
    "intake.multi_hint": {"nl": "(meerdere mogelijk: bijvoorbeeld 1,3)", "en": "(select all that apply: e.g. 1,3)"},
    "intake.skip_optional": {"nl": "Overslaan: geen antwoord (optionele vraag; telt niet mee)",
                             "en": "Skip: no answer (optional question; not counted)"},
    "intake.current_answer": {"nl": "Huidig antwoord: {answer} (Enter = behouden)",
                              "en": "Current answer: {answer} (Enter = keep)"},
    "intake.invalid": {"nl": "Dat is geen geldig antwoord: {reason}", "en": "That is not a valid answer: {reason}"},
    "intake.err.empty": {"nl": "typ een antwoord", "en": "type an answer"},
    "intake.err.choice": {"nl": "'{got}' is geen keuze; typ een nummer van 1 tot {n} of de tekst van een antwoord",
                          "en": "'{got}' is not a choice; type a number from 1 to {n} or the text of an answer"},
    "intake.err.number": {"nl": "'{got}' is geen getal van {min:g} tot {max:g}",
                          "en": "'{got}' is not a number from {min:g} to {max:g}"},
    "intake.err.no_skip": {"nl": "deze vraag kan niet worden overgeslagen", "en": "this question cannot be skipped"},
    "intake.err.finished": {"nl": "alle vragen zijn beantwoord", "en": "every question has been answered"},
    "intake.no_help": {"nl": "Bij deze vraag is geen extra uitleg.", "en": "There is no further help for this question."},
    "intake.at_first": {"nl": "Dit is de eerste vraag.", "en": "This is the first question."},
    "intake.dropped": {"nl": "Deze vragen gelden nu niet meer; hun antwoorden vervallen: {items}",
                       "en": "These questions no longer apply; their answers are dropped: {items}"},
    "intake.resuming": {"nl": "Verder met {path}: {n} vragen al beantwoord.",
                        "en": "Resuming {path}: {n} questions already answered."},
    "intake.resuming_one": {"nl": "Verder met {path}: 1 vraag al beantwoord.",
                            "en": "Resuming {path}: 1 question already answered."},
    "intake.incomplete": {"nl": "De antwoorden zijn onvolledig: {n} van {total} vragen beantwoord.",
                          "en": "The answers are incomplete: {n} of {total} questions answered."},
    "intake.interrupted": {"nl": "Onderbroken.", "en": "Interrupted."},
    "intake.quit": {"nl": "Gestopt na {n} beantwoorde vragen.", "en": "Stopped after {n} answered questions."},
    "intake.saved": {"nl": "Antwoorden bewaard in {path}.", "en": "Answers saved to {path}."},
    "intake.resume_hint": {"nl": "Ga verder met: socialfit intake --resume {path}",
                           "en": "Continue with: socialfit intake --resume {path}"},
    "intake.not_saved": {"nl": "De antwoorden zijn niet bewaard (bewaar ze met --save BESTAND).",
                         "en": "The answers were not saved (save them with --save FILE)."},
    "intake.offer_save": {"nl": "Antwoorden bewaren? Bestandsnaam (Enter = niet bewaren): ",
                          "en": "Save the answers? File name (Enter = do not save): "},
    "intake.offer_report": {"nl": "Rapport schrijven? Bestandsnaam, .html of .md (Enter = geen rapport): ",
                            "en": "Write the report? File name, .html or .md (Enter = no report): "},
    "intake.report_written": {"nl": "Rapport geschreven: {path}", "en": "Report written: {path}"},
    "intake.no_folder": {"nl": "De map {folder} bestaat niet; typ een andere bestandsnaam.",
                         "en": "The folder {folder} does not exist; type another file name."},
    "intake.file_partial": {"nl": "Onvolledig: {n} van {total} vragen beantwoord. Ga verder met: "
                                  "socialfit intake --resume {path}",
                            "en": "Incomplete: {n} of {total} questions answered. Continue with: "
                                  "socialfit intake --resume {path}"},
    "intake.help": {"nl": "Toelichting: {text}", "en": "Note: {text}"},
    "intake.err.ambiguous": {"nl": "'{got}' past bij meer dan één antwoord ({options}); typ het nummer",
                             "en": "'{got}' fits more than one answer ({options}); type the number"},
    "intake.none_hint": {"nl": "(of 0 = geen van deze)", "en": "(or 0 = none of these)"},
    "intake.required_mark": {"nl": "verplicht", "en": "required"},
    "intake.ask_organisation": {"nl": "Naam van de organisatie (voor het rapport; Enter = overslaan): ",
                                "en": "Name of the organisation (for the report; Enter = skip): "},
    "intake.roadmap": {"nl": "Eerste routekaart: {model}", "en": "A first roadmap: {model}"},
    "intake.roadmap_first": {"nl": "Eerst doen:", "en": "First actions:"},
    "intake.roadmap_exit": {"nl": "Eerste routekaart: eerst dit oplossen, dan opnieuw beoordelen",
                            "en": "A first roadmap: fix this first, then assess again"},
    "intake.report_suffix": {"nl": "(het rapport krijgt de extensie .html: {path})",
                             "en": "(the report gets the .html extension: {path})"},
    # ---- report (engine/report/)
    "report.heading": {"nl": "Advies implementatiemodel social media", "en": "Social media implementation advice"},
    "report.generated": {"nl": "Opgesteld op {date} met socialfit (vragenlijst {questionnaire})",
                         "en": "Prepared on {date} with socialfit (questionnaire {questionnaire})"},
    "report.profile": {"nl": "Profiel van de organisatie", "en": "The organisation's profile"},
    "report.overall": {"nl": "Totaal", "en": "Overall"},
    "report.knockout_line": {"nl": "knock-outgrens", "en": "knock-out threshold"},
    "report.knockouts": {"nl": "Knock-outs: daarom nu (nog) niet starten", "en": "Knock-outs: why not to start now"},
    "report.no_knockouts": {"nl": "Geen knock-outs: de randvoorwaarden zijn op orde.",
                            "en": "No knock-outs: the preconditions are in place."},
    "report.fit_title": {"nl": "Fit per model (0-100)", "en": "Fit per model (0-100)"},
    "report.fit_caption": {"nl": "Alle negen modellen, van best tot minst passend; uitgesloten modellen staan onderaan.",
                           "en": "All nine models, from best to least fitting; excluded models come last."},
    "report.ownership_caption_unassigned": {"nl": "Wie is eigenaar van social media? Nog niemand: het eigenaarschap is niet belegd.",
                                            "en": "Who owns social media? Nobody yet: ownership is unassigned."},
    "report.ownership_caption": {"nl": "Wie is eigenaar van social media? Vooral {owner}.",
                                 "en": "Who owns social media? Mainly {owner}."},
    "report.decision_sub.go": {"nl": "geen knock-outs; de randvoorwaarden zijn op orde",
                               "en": "no knock-outs; the preconditions are in place"},
    "report.decision_sub.go_with_conditions": {"nl": "start, met een go/no-go-moment en voorwaarden",
                                               "en": "start, with a go/no-go moment and conditions"},
    "report.decision_sub.not_now": {"nl": "los eerst de knock-outs op", "en": "fix the knock-outs first"},
    "report.not_yet_to_start": {"nl": "nog niet starten", "en": "not to start yet"},
    "report.weak_preconditions": {"nl": "Geen knock-outs, maar deze randvoorwaarden zijn zwak",
                                  "en": "No knock-outs, but these preconditions are weak"},
    "report.go_next": {"nl": "Begin met de routekaart van {model} hieronder.", "en": "Begin with the roadmap of {model} below."},
    "report.conditions_heading": {"nl": "Advies: start onder voorwaarden", "en": "Advice: start with conditions"},
    "report.roadmap_later": {"nl": "Routekaart voor als de knelpunten zijn opgelost", "en": "Roadmap for once the fixes are made"},
    "report.exit_heading": {"nl": "Advies: start het traject (nog) niet", "en": "Advice: do not start the trajectory (yet)"},
    "report.exit_intro": {"nl": "Het model dat past zodra de knelpunten zijn opgelost, is {model}; de routekaart "
                                "hieronder is voor dat moment, niet om nu te beginnen.",
                          "en": "The model that fits once the fixes are made is {model}; the roadmap below is for "
                                "that moment, not for starting now."},
    "report.reassess_heading": {"nl": "Wanneer opnieuw beoordelen", "en": "When to re-assess"},
    "report.reassess": {"nl": "Zodra de punten hierboven zijn opgelost, en uiterlijk over drie tot zes maanden: vul de "
                              "intake opnieuw in en maak een nieuw rapport.",
                        "en": "As soon as the points above are fixed, and in three to six months at the latest: "
                              "answer the intake again and make a new report."},
    "report.roadmap": {"nl": "Routekaart", "en": "Roadmap"},
    "report.structure.steps": {"nl": "Stappen", "en": "Steps"},
    "report.structure.phases": {"nl": "Fasen", "en": "Phases"},
    "report.structure.tracks": {"nl": "Sporen", "en": "Tracks"},
    "report.steps_unknown": {"nl": "De namen van de stappen zijn niet gepubliceerd.",
                             "en": "The names of the steps are not published."},
    "report.steps_partial": {"nl": "Van de {count} onderdelen zijn er {known} met naam gepubliceerd; de andere namen zijn onbekend.",
                             "en": "Of its {count} parts, {known} are published by name; the other names are unknown."},
    "report.own_guidance": {"nl": "richtlijn van socialfit", "en": "socialfit's guidance"},
    "report.own_guidance_legend": {
        "nl": "Gemarkeerd als 'richtlijn van socialfit': het eigen advies van socialfit waar de bron geen stappen noemt; "
              "het hoort niet bij het gepubliceerde model.",
        "en": "Marked \"socialfit's guidance\": socialfit's own advice where the source names no steps; it is not "
              "part of the published model."},
    "report.show_reasons": {"nl": "waarom (niet)", "en": "why (not)"},
    "report.first_actions": {"nl": "Eerste acties", "en": "First actions"},
    "report.when_it_fits": {"nl": "Wanneer het past", "en": "When it fits"},
    "report.origin": {"nl": "Herkomst", "en": "Origin"},
    "report.sources": {"nl": "Bronnen", "en": "Sources"},
    "report.rule": {"nl": "Regel", "en": "Rule"},
    "report.stage_column": {"nl": "Soort", "en": "Kind"},
    "report.condition": {"nl": "Wanneer", "en": "When"},
    "report.effects": {"nl": "Effect", "en": "Effect"},
    "report.unknown_share": {"nl": "'Weet ik niet' of open: {share:.0%} van de vragen",
                             "en": "\"Don't know\" or open: {share:.0%} of the questions"},
    "report.footer": {"nl": "Gemaakt met socialfit. Grafieken en opmaak zitten in dit ene bestand; het opent zonder internet.",
                      "en": "Made with socialfit. Charts and styling are inside this one file; it opens without internet."},
    # ---- agreement between the respondents of one organisation (engine/report/agreement_data.py)
    "agreement.heading": {"nl": "Overeenstemming tussen collega's", "en": "Agreement between colleagues"},
    "agreement.basis": {"nl": "Dit advies gaat over de gecombineerde antwoorden van de {n} respondenten (het gemiddelde "
                              "per vraag, de meest gekozen optie); ook de uitleg hieronder gaat over die antwoorden.",
                        "en": "This advice is about the combined answers of the {n} respondents (the mean per question, "
                              "the most chosen option); so are the explanations below."},
    "agreement.basis_one": {"nl": "Dit advies gaat over de antwoorden van de enige respondent tot nu toe.",
                            "en": "This advice is about the answers of the only respondent so far."},
    "agreement.lead": {"nl": "Per dimensie: de spreiding van de scores (standaarddeviatie, 0-100) en r_wg(j), de "
                             "overeenstemming op de 5-puntsvragen (1 = volledig eens, 0 = niet meer dan willekeurig).",
                       "en": "Per dimension: the spread of the scores (standard deviation, 0-100) and r_wg(j), "
                             "agreement on the 5-point questions (1 = full agreement, 0 = no more than random)."},
    "agreement.one": {"nl": "Er is één respondent: overeenstemming is pas te meten vanaf twee.",
                      "en": "There is one respondent: agreement can be measured from two on."},
    "agreement.summary_agree": {"nl": "Collega's zijn het op geen enkele dimensie duidelijk oneens.",
                                "en": "Colleagues do not clearly disagree on any dimension."},
    "agreement.summary_disagree": {"nl": "Collega's zijn het oneens over: {dims}. Bespreek dit samen voordat u op "
                                         "het advies bouwt.",
                                   "en": "Colleagues disagree on: {dims}. Look at it together before you build on "
                                         "the advice."},
    "agreement.level.agree": {"nl": "collega's zijn het eens", "en": "colleagues agree"},
    "agreement.level.moderate": {"nl": "redelijk eens", "en": "moderate agreement"},
    "agreement.level.disagree": {"nl": "collega's zijn het oneens: bespreek dit samen",
                                 "en": "colleagues disagree: look at it together"},
    "agreement.level.unknown": {"nl": "te weinig antwoorden", "en": "too few answers"},
    "agreement.dimension": {"nl": "Dimensie", "en": "Dimension"},
    "agreement.mean": {"nl": "Gemiddelde", "en": "Mean"},
    "agreement.spread": {"nl": "Spreiding", "en": "Spread"},
    "agreement.verdict": {"nl": "Oordeel", "en": "Verdict"},
    "agreement.alpha": {"nl": "Cronbachs alfa", "en": "Cronbach's alpha"},
    "agreement.alpha_note": {"nl": "Cronbachs alfa wordt pas berekend vanaf {n} respondenten; met minder zegt het weinig.",
                             "en": "Cronbach's alpha is computed only from {n} respondents on; with fewer it means little."},
    "agreement.roles": {"nl": "Gemiddelde per rol", "en": "Mean per role"},
    "agreement.role_gap": {"nl": "rollen liggen {gap} punten uiteen", "en": "roles {gap} points apart"},
    "agreement.items": {"nl": "Vragen waarover men het meest verschilt", "en": "Questions with the most disagreement"},
    "agreement.items_lead": {"nl": "Spreiding 0-100: de standaarddeviatie van de scores, of bij een keuzevraag het "
                                   "deel dat niet het meest gekozen antwoord gaf.",
                             "en": "Spread 0-100: the standard deviation of the scores, or for a choice question the "
                                   "share who did not give the most common answer."},
    "agreement.question": {"nl": "Vraag", "en": "Question"},
    "agreement.answered": {"nl": "Antwoorden", "en": "Answers"},
    "agreement.hidden": {"nl": "De gemiddelden per rol en de vragen waarover men verschilt worden pas getoond vanaf "
                               "{n} ingediende respondenten (nu {k}): zo is niemands antwoord af te leiden.",
                         "en": "The means per role and the questions people disagree on are shown only from {n} "
                               "submitted respondents on (now {k}), so that nobody's answers can be worked out."},
}


from .i18n_explain import MESSAGES as _EXPLAIN_MESSAGES  # noqa: E402  (why not, what if, stability, rules, scenarios)

MESSAGES.update(_EXPLAIN_MESSAGES)

def t(key: str, lang: str, **kwargs) -> str:
    """The message ``key`` in ``lang`` (falling back to English), formatted with ``kwargs``."""
    return message(MESSAGES[key], lang, **kwargs)


def message(entry: Mapping[str, str], lang: str, **kwargs) -> str:
    """One ``{nl, en}`` entry of a message table in ``lang`` (falling back to English), formatted with
    ``kwargs``: the rule of :func:`t`, for the tables a page keeps of its own (batch summary, web)."""
    text = entry.get(lang) or entry[DEFAULT_LANGUAGE]
    return text.format(**kwargs) if kwargs else text


def pick(text: Mapping[str, str] | None, lang: str) -> str:
    """One language from a ``{nl, en}`` text of a data file."""
    if not text:
        return ""
    return text.get(lang) or text.get(DEFAULT_LANGUAGE) or next(iter(text.values()))
