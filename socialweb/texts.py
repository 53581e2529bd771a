"""The workspace's own page texts in Dutch and English (the questionnaire, the intake's validation
messages and the report come from the engine)."""
from __future__ import annotations

from engine.i18n import message as engine_message
from engine.i18n import t as engine_t

LANGUAGES = ("nl", "en")
ROLES = ("marketing", "communication", "customer_service", "management", "other")

TEXTS: dict[str, dict[str, str]] = {
    "app": {"nl": "socialfit werkruimte", "en": "socialfit workspace"},
    "skip": {"nl": "Naar de inhoud", "en": "Skip to content"},
    "lang.switch": {"nl": "English", "en": "Nederlands"},
    "lang.label": {"nl": "Taal", "en": "Language"},
    "start.title": {"nl": "Welk social-mediamodel past bij uw organisatie?",
                    "en": "Which social-media model fits your organisation?"},
    "start.lead": {"nl": "Beantwoord de intake en krijg een advies: welk van de negen implementatiemodellen past, "
                         "en of u het traject nu moet starten.",
                   "en": "Answer the intake and get advice: which of the nine implementation models fits, and "
                         "whether to start the trajectory now."},
    "start.solo": {"nl": "Alleen invullen (zonder account)", "en": "Answer on your own (no account)"},
    "start.solo_note": {"nl": "Bewaar de link van de vragenlijst om later verder te gaan.",
                        "en": "Keep the questionnaire's link to continue later."},
    "start.consultant": {"nl": "Adviseur? Log in om organisaties en rondes te beheren.",
                         "en": "Consultant? Log in to manage organisations and rounds."},
    "login": {"nl": "Inloggen", "en": "Log in"},
    "logout": {"nl": "Uitloggen", "en": "Log out"},
    "email": {"nl": "E-mailadres", "en": "E-mail address"},
    "password": {"nl": "Wachtwoord", "en": "Password"},
    "login.failed": {"nl": "E-mailadres of wachtwoord klopt niet.", "en": "E-mail address or password is wrong."},
    "login.limited": {"nl": "Te veel mislukte pogingen. Probeer het over een kwartier opnieuw.",
                      "en": "Too many failed attempts. Try again in fifteen minutes."},
    "csrf": {"nl": "Dit formulier is verlopen of komt niet van deze site. Laad de pagina opnieuw en probeer het nog eens.",
             "en": "This form has expired or did not come from this site. Reload the page and try again."},
    "orgs": {"nl": "Organisaties", "en": "Organisations"},
    "orgs.none": {"nl": "Nog geen organisaties.", "en": "No organisations yet."},
    "org.new": {"nl": "Nieuwe organisatie", "en": "New organisation"},
    "org.name": {"nl": "Naam", "en": "Name"},
    "create": {"nl": "Aanmaken", "en": "Create"},
    "rounds": {"nl": "Rondes", "en": "Rounds"},
    "rounds.none": {"nl": "Nog geen rondes.", "en": "No rounds yet."},
    "round.new": {"nl": "Nieuwe ronde", "en": "New round"},
    "round.name": {"nl": "Naam van de ronde (bijv. nulmeting 2026-Q4)", "en": "Round name (e.g. baseline 2026-Q4)"},
    "round.questionnaire": {"nl": "Vragenlijst", "en": "Questionnaire"},
    "round.own_result": {"nl": "Respondenten zien hun eigen uitslag", "en": "Respondents see their own result"},
    "round.min_group": {"nl": "Minimale groepsgrootte voor het tonen van individuele antwoorden",
                        "en": "Minimum group size for showing individual answers"},
    "compare": {"nl": "Rondes vergelijken", "en": "Compare rounds"},
    "progress": {"nl": "Voortgang", "en": "Progress"},
    "status.invited": {"nl": "uitgenodigd", "en": "invited"},
    "status.started": {"nl": "begonnen", "en": "started"},
    "status.submitted": {"nl": "ingediend", "en": "submitted"},
    "status.revoked": {"nl": "ingetrokken", "en": "revoked"},
    "status.expired": {"nl": "verlopen", "en": "expired"},
    "invitations": {"nl": "Uitnodigingen", "en": "Invitations"},
    "invite.new": {"nl": "Uitnodigingen maken", "en": "Create invitations"},
    "invite.help": {"nl": "Eén link per respondent. Laat de rol leeg om een regel over te slaan.",
                    "en": "One link per respondent. Leave the role empty to skip a row."},
    "invite.name": {"nl": "Naam (optioneel)", "en": "Name (optional)"},
    "invite.role": {"nl": "Rol", "en": "Role"},
    "invite.days": {"nl": "Geldig (dagen)", "en": "Valid (days)"},
    "invite.show": {"nl": "Aanmaken en links tonen", "en": "Create and show links"},
    "invite.csv": {"nl": "Aanmaken en als CSV downloaden", "en": "Create and download as CSV"},
    "invite.links": {"nl": "Nieuwe links", "en": "New links"},
    "invite.once": {"nl": "Kopieer deze links nu: ze worden niet bewaard en zijn later niet meer te zien "
                          "(alleen opnieuw uit te geven).",
                    "en": "Copy these links now: they are not stored and cannot be shown again (only reissued)."},
    "invite.copy": {"nl": "Kopieer", "en": "Copy"},
    "invite.copied": {"nl": "Gekopieerd", "en": "Copied"},
    "invite.revoke": {"nl": "Intrekken", "en": "Revoke"},
    "invite.reissue": {"nl": "Nieuwe link", "en": "New link"},
    "invite.expires": {"nl": "Verloopt", "en": "Expires"},
    "invite.none": {"nl": "Kies bij minstens één regel een rol.", "en": "Choose a role on at least one row."},
    "role.marketing": {"nl": "marketing", "en": "marketing"},
    "role.communication": {"nl": "communicatie", "en": "communication"},
    "role.customer_service": {"nl": "klantenservice", "en": "customer service"},
    "role.management": {"nl": "management", "en": "management"},
    "role.other": {"nl": "anders", "en": "other"},
    "role.solo": {"nl": "alleen", "en": "on their own"},
    "respondent": {"nl": "Respondent", "en": "Respondent"},
    "result": {"nl": "Uitslag", "en": "Result"},
    "results": {"nl": "Uitslag per respondent", "en": "Result per respondent"},
    "combined": {"nl": "Gecombineerde uitslag", "en": "Combined result"},
    "combined.none": {"nl": "Nog niemand heeft ingediend.", "en": "Nobody has submitted yet."},
    "combined.how": {"nl": "De ingediende antwoorden zijn gecombineerd zoals `socialfit batch --group-by` dat doet "
                           "(gemiddelde per vraag, meest gekozen optie) en als één organisatie gescoord.",
                     "en": "The submitted answers are combined as `socialfit batch --group-by` combines them "
                           "(mean per question, most chosen option) and scored as one organisation."},
    "hidden.small": {"nl": "Individuele antwoorden worden pas getoond vanaf {n} ingediende respondenten (nu {k}).",
                     "en": "Individual answers are shown only from {n} submitted respondents on (now {k})."},
    "recommended": {"nl": "Aanbevolen model", "en": "Recommended model"},
    "exit": {"nl": "Besluit", "en": "Decision"},
    "maturity": {"nl": "Volwassenheid", "en": "Maturity"},
    "readiness": {"nl": "Bereidheid", "en": "Readiness"},  # the report's word (engine i18n label.readiness)
    "stage": {"nl": "Fase", "en": "Stage"},
    "report": {"nl": "Rapport", "en": "Report"},
    "report.open": {"nl": "Rapport openen", "en": "Open the report"},
    "report.other_language": {"nl": "Rapport in het Engels", "en": "Report in Dutch"},
    "exports": {"nl": "Exporteren", "en": "Export"},
    "export.csv": {"nl": "Antwoorden (CSV, batch-sjabloon)", "en": "Answers (CSV, batch template)"},
    "export.xlsx": {"nl": "Antwoorden (Excel)", "en": "Answers (Excel)"},
    "export.json": {"nl": "Uitslagen (JSON)", "en": "Assessments (JSON)"},
    "export.html": {"nl": "Rapport (HTML)", "en": "Report (HTML)"},
    "export.md": {"nl": "Rapport (markdown)", "en": "Report (markdown)"},
    "dimension": {"nl": "Dimensie", "en": "Dimension"},
    "icc": {"nl": "Betrouwbaarheid over organisaties (ICC)", "en": "Reliability over organisations (ICC)"},
    "icc.lead": {"nl": "ICC(1): welk deel van de verschillen tussen respondenten bij de organisatie hoort; ICC(2): "
                       "hoe betrouwbaar het gemiddelde van een organisatie is. Over de laatste ronde van elk van uw "
                       "organisaties met ingediende antwoorden.",
                 "en": "ICC(1): how much of the differences between respondents belongs to the organisation; ICC(2): "
                       "how reliable an organisation's mean is. Over the latest round of each of your organisations "
                       "with submitted answers."},
    "icc.none": {"nl": "Nodig: minstens twee organisaties met elk twee of meer ingediende respondenten.",
                 "en": "Needs at least two organisations with two or more submitted respondents each."},
    "change": {"nl": "Verandering", "en": "Change"},
    "back": {"nl": "Vorige", "en": "Previous"},
    "next": {"nl": "Volgende", "en": "Next"},
    "save": {"nl": "Bewaren", "en": "Save"},
    "saved": {"nl": "Bewaard", "en": "Saved"},
    "section": {"nl": "Onderdeel {n} van {total}", "en": "Section {n} of {total}"},
    "help": {"nl": "Uitleg", "en": "Help"},
    "optional": {"nl": "optioneel", "en": "optional"},
    "choose": {"nl": "kies een antwoord", "en": "choose an answer"},
    "changed_elsewhere": {"nl": "Dit antwoord was intussen elders gewijzigd (ander tabblad of apparaat, {when} UTC); "
                                "uw antwoord vervangt het nu.",
                          "en": "This answer had been changed elsewhere in the meantime (another tab or device, {when} "
                                "UTC); your answer now replaces it."},
    "dropped": {"nl": "Deze vragen gelden nu niet meer; hun antwoorden vervallen: {items}",
                "en": "These questions no longer apply; their answers were dropped: {items}"},
    "review": {"nl": "Controleren en indienen", "en": "Review and submit"},
    "review.missing": {"nl": "Nog niet beantwoord (verplicht):", "en": "Not answered yet (required):"},
    "review.ready": {"nl": "Alle verplichte vragen zijn beantwoord.", "en": "Every required question is answered."},
    "submit": {"nl": "Indienen", "en": "Submit"},
    "submitted": {"nl": "Bedankt, uw antwoorden zijn ingediend.", "en": "Thank you, your answers have been submitted."},
    "submitted.locked": {"nl": "De antwoorden zijn ingediend en kunnen niet meer worden gewijzigd.",
                         "en": "The answers have been submitted and can no longer be changed."},
    "answered": {"nl": "{n} van {total} beantwoord", "en": "{n} of {total} answered"},
    "resume": {"nl": "Met deze link gaat u later verder, ook op een ander apparaat.",
               "en": "With this link you can continue later, also on another device."},
    "link.gone": {"nl": "Deze link werkt niet meer", "en": "This link no longer works"},
    "link.revoked": {"nl": "De adviseur heeft deze uitnodiging ingetrokken. Vraag om een nieuwe link als u wilt "
                           "meedoen.", "en": "The consultant has revoked this invitation. Ask for a new link if you "
                                         "want to take part."},
    "link.expired": {"nl": "Deze uitnodiging is verlopen op {when}. Vraag de adviseur om een nieuwe link.",
                     "en": "This invitation expired on {when}. Ask the consultant for a new link."},
    "notfound": {"nl": "Niet gevonden", "en": "Not found"},
    "notfound.text": {"nl": "Deze pagina bestaat niet, of u heeft er geen toegang toe.",
                      "en": "This page does not exist, or you have no access to it."},
    "error.title": {"nl": "Er ging iets mis", "en": "Something went wrong"},
    "error.text": {"nl": "Dit verzoek kon niet worden verwerkt.", "en": "This request could not be processed."},
    "version.mismatch": {"nl": "Deze ronde gebruikt vragenlijst {ref}; deze server heeft {have}.",
                         "en": "This round uses questionnaire {ref}; this server has {have}."},
    "own_result.off": {"nl": "De adviseur deelt de uitslag in deze ronde zelf.",
                       "en": "The consultant shares the result of this round."},
    "dont_know": {"nl": "Weet ik niet", "en": "Don't know"},
    "side_by_side": {"nl": "Rondes naast elkaar", "en": "Rounds side by side"},
    "na": {"nl": "–", "en": "–"},
    "created": {"nl": "Aangemaakt", "en": "Created"},
    "name": {"nl": "Naam", "en": "Name"},
    "status": {"nl": "Status", "en": "Status"},
    "actions": {"nl": "Acties", "en": "Actions"},
}


def text(key: str, lang: str, **kwargs) -> str:
    """A page text; falls back to the engine's catalogue (``intake.*``, ``report.*``)."""
    entry = TEXTS.get(key)
    if entry is None:
        return engine_t(key, lang, **kwargs)
    return engine_message(entry, lang, **kwargs)
