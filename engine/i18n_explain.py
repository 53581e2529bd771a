"""The messages of the explanations (why not, what if, stability, rule checks, coverage, scenarios) in
Dutch and English, kept apart from :mod:`engine.i18n` so that the two grow without colliding;
:mod:`engine.i18n` merges them into its ``MESSAGES``."""
from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # why not
    "whynot.summary": {"nl": "{model} staat {gap:.1f} punten achter {winner}, vooral door: {terms}.",
                       "en": "{model} is {gap:.1f} points behind {winner}, mainly because of: {terms}."},
    "whynot.with_points": {"nl": "{text} ({points:.1f} punten)", "en": "{text} ({points:.1f} points)"},
    "whynot.nothing": {"nl": "geen enkel onderdeel in het bijzonder", "en": "no single part in particular"},
    "whynot.need": {"nl": "uw behoefte aan {label} ({value}) past beter bij {side}",
                    "en": "your need for {label} ({value}) suits {side} better"},
    "whynot.maturity": {"nl": "uw volwassenheid ({value}) past beter bij {side}",
                        "en": "your maturity ({value}) suits {side} better"},
    "whynot.readiness": {"nl": "uw bereidheid ({value}) past beter bij {side}",
                         "en": "your readiness ({value}) suits {side} better"},
    "whynot.ownership": {"nl": "het eigenaarschap (vooral {owner}, {share:.0%}) past beter bij {side}",
                         "en": "the ownership (mostly {owner}, {share:.0%}) suits {side} better"},
    "whynot.feature": {"nl": "kenmerk {feature} past beter bij {side}",
                       "en": "feature {feature} suits {side} better"},
    "whynot.baseline": {"nl": "het algemene verschil tussen de modellen, los van uw antwoorden",
                        "en": "the general difference between the models, whatever the answers"},
    "whynot.rule": {"nl": "regel {rule}: {effects}", "en": "rule {rule}: {effects}"},
    "whynot.rule_effect": {"nl": "{model} {by:+g} ({text})", "en": "{model} {by:+g} ({text})"},
    "whynot.cap": {"nl": "boven 90 telt een punt minder zwaar (de fit blijft onder 100) en onder 0 stopt de fit: "
                         "zo veel van de voorsprong valt daardoor weg",
                   "en": "above 90 a point counts for less (a fit stays below 100) and a fit stops at 0: "
                         "this much of the lead goes there"},
    "whynot.tied": {"nl": "{model} heeft dezelfde fit als {winner} ({fit:.1f}): een gelijke stand; {winner} staat "
                          "eerst omdat het eerder in de lijst van modellen staat.",
                    "en": "{model} has the same fit as {winner} ({fit:.1f}): a tie; {winner} is listed first because "
                          "it comes first in the list of models."},
    "whynot.excluded": {"nl": "{model} is uitgesloten: {text}", "en": "{model} is excluded: {text}"},
}
MESSAGES.update({
    # what if
    "whatif.change": {"nl": "{question} {old} → {new}", "en": "{question} {old} → {new}"},
    "whatif.none_chosen": {"nl": "niets gekozen", "en": "nothing chosen"},
    "whatif.heading_top": {"nl": "Wat een ander model dan {model} op de eerste plaats zet", "en": "What would put another model before {model}"},
    "whatif.heading_target": {"nl": "Wat {model} op de eerste plaats zet", "en": "What would make {model} first"},
    "whatif.heading_start": {"nl": "Wat u zou laten starten (de exit opheffen)", "en": "What would let you start (lift the exit)"},
    "whatif.heading_exit": {"nl": "Wat het exitbesluit zou veranderen", "en": "What would change the exit decision"},
    "whatif.outcome": {"nl": "dan: {model} eerst ({fit:.1f}); exitbesluit: {exit}",
                       "en": "then: {model} first ({fit:.1f}); exit decision: {exit}"},
    "whatif.exit_yes": {"nl": "exit genomen", "en": "exit taken"},
    "whatif.exit_no": {"nl": "geen exit", "en": "no exit"},
    "whatif.none": {"nl": "Geen wijziging van één of twee beïnvloedbare antwoorden doet dit.",
                    "en": "No change of one or two answers the organisation can influence does this."},
    "whatif.more": {"nl": "… en nog {count} andere mogelijkheden van dezelfde omvang.",
                    "en": "… and {count} more possibilities of the same size."},
    "whatif.size": {"nl": "{size} wijziging(en) nodig; {count} gevonden", "en": "{size} change(s) needed; {count} found"},
    # stability
    "stability.firm": {"nl": "stevig", "en": "firm"},
    "stability.sensitive": {"nl": "gevoelig", "en": "sensitive"},
    "stability.top": {"nl": "Aanbevolen model ({model})", "en": "Recommended model ({model})"},
    "stability.exit": {"nl": "Exitbesluit ({decision})", "en": "Exit decision ({decision})"},
    "stability.line": {"nl": "{label}: {verdict}. Blijft gelijk bij {weights:.0%} van {draws} gewichtsvariaties (±{spread:.0%}) "
                             "en bij {answers:.0%} van {steps} antwoorden één stap verschoven.",
                       "en": "{label}: {verdict}. Stays the same in {weights:.0%} of {draws} weight variations (±{spread:.0%}) "
                             "and in {answers:.0%} of {steps} answers moved one step."},
    "stability.close": {"nl": "{first} en {second} liggen dicht bij elkaar: fit {fit1:.1f} tegen {fit2:.1f}; "
                              "bij andere gewichten komt {second} in {share:.0%} van de variaties eerst, "
                              "en bij {answers:.0%} van de verschoven antwoorden.",
                        "en": "{first} and {second} are close: fit {fit1:.1f} against {fit2:.1f}; with other weights "
                              "{second} comes first in {share:.0%} of the variations, and in {answers:.0%} of the moved answers."},
})
MESSAGES.update({
    "whynot.is_first": {"nl": "{model} staat al op de eerste plaats.", "en": "{model} is already first."},
    "whynot.points": {"nl": "punten", "en": "points"},
    "whynot.term": {"nl": "onderdeel (positief: kost dit model punten tegen de winnaar)",
                    "en": "part (positive: costs this model points against the winner)"},
    "whynot.total": {"nl": "samen: het verschil in fit", "en": "together: the difference in fit"},
    "stability.heading": {"nl": "Hoe stevig is dit advies", "en": "How firm this advice is"},
    "whatif.now": {"nl": "Nu: {model} eerst ({fit:.1f}); exitbesluit: {exit}.",
                   "en": "Now: {model} first ({fit:.1f}); exit decision: {exit}."},
})
MESSAGES.update({
    "report.change_heading": {"nl": "Wat dit advies zou veranderen", "en": "What would change this advice"},
    "report.lift_exit": {"nl": "De exit opheffen", "en": "Lifting the exit"},
    "report.start_heading": {"nl": "Wat u zou laten starten", "en": "What would let you start"},
    "report.change_intro": {"nl": "De kleinste wijzigingen (één, anders twee) in antwoorden die de organisatie zelf "
                                  "kan beïnvloeden, met het advies dat daaruit volgt.",
                            "en": "The smallest changes (one, else two) to answers the organisation can influence, "
                                  "with the advice they would lead to."},
    "report.whynot_heading": {"nl": "Waarom niet de andere modellen", "en": "Why not the other models"},
    "report.whynot_intro": {"nl": "Per model de onderdelen die het de meeste punten kosten tegen {winner}; "
                                  "samen met de rest tellen ze op tot het verschil in fit.",
                            "en": "For each model, the parts that cost it most points against {winner}; with the "
                                  "rest they add up to the difference in fit."},
    "report.whynot_rest": {"nl": "alle andere onderdelen samen", "en": "every other part together"},
    "report.whynot_gap": {"nl": "{gap:.1f} punten achter", "en": "{gap:.1f} points behind"},
    "report.points": {"nl": "punten", "en": "points"},
    "report.stability_heading": {"nl": "Hoe stevig is dit advies", "en": "How firm this advice is"},
})
MESSAGES.update({
    # rule checks (engine/rules/check.py, socialfit rules check); rule ids, fields and operators stay as written
    "check.kind.unsatisfiable": {"nl": "onvervulbaar", "en": "unsatisfiable"},
    "check.kind.threshold": {"nl": "drempel", "en": "threshold"},
    "check.kind.shadowed": {"nl": "overschaduwd", "en": "shadowed"},
    "check.kind.conflict": {"nl": "tegenstrijdig", "en": "conflict"},
    "check.or": {"nl": " of ", "en": " or "},
    "check.and": {"nl": " en ", "en": " and "},
    "check.or_reasons": {"nl": "; of ", "en": "; or "},
    "check.nothing": {"nl": "niets", "en": "nothing"},
    "check.always": {"nl": "altijd", "en": "always"},
    "check.in": {"nl": "{field} in {values}", "en": "{field} in {values}"},
    "check.options": {"nl": "opties: {values}", "en": "options: {values}"},
    "check.range": {"nl": "bereik {range}", "en": "range {range}"},
    "check.never": {"nl": "dus is deze vergelijking nooit waar", "en": "so it is never true"},
    "check.always_true": {"nl": "dus is deze vergelijking altijd waar zodra de waarde bekend is",
                          "en": "so it is true whenever the value is known"},
    "check.no_effect": {"nl": "dus maakt de waarde daar geen verschil", "en": "so the value has no effect there"},
    "check.threshold": {"nl": "{leaf}: buiten het bereik {range} van {field}, {effect}",
                        "en": "{leaf}: outside the range {range} of {field}, {effect}"},
    "check.leaves_one": {"nl": "{leaves} laat geen waarde van {field} over ({domain})",
                         "en": "{leaves} leaves no value of {field} ({domain})"},
    "check.leaves_many": {"nl": "{leaves} laten geen waarde van {field} over ({domain})",
                          "en": "{leaves} leave no value of {field} ({domain})"},
    "check.unsatisfiable": {"nl": "aan de voorwaarde kan nooit worden voldaan: {reasons}",
                            "en": "the condition can never hold: {reasons}"},
    "check.shadowed": {"nl": "overschaduwd door {other} ({place}, prioriteit {priority}): steeds als deze regel afgaat, "
                             "gaat {other} ook af (met dezelfde of een ruimere voorwaarde) en doet die hetzelfde "
                             "({actions}), dus herhaalt deze regel dat alleen",
                       "en": "shadowed by {other} ({place}, priority {priority}): whenever this rule fires, {other} "
                             "fires too (its condition is the same or wider) and does the same ({actions}), so this "
                             "rule only repeats it"},
    "check.action.adjust": {"nl": "{model} {by:+g} punten", "en": "adjust {model} by {by:+g}"},
    "check.action.exclude": {"nl": "{model} uitsluiten", "en": "exclude {model}"},
    "check.action.take_exit": {"nl": "de exit nemen", "en": "take_exit"},
    "check.action.condition": {"nl": "een voorwaarde stellen", "en": "condition"},
    "check.action.advice": {"nl": "een advies geven", "en": "advice"},
    "check.raises": {"nl": "verhoogt het met {by:g}", "en": "raises it by {by:g}"},
    "check.lowers": {"nl": "verlaagt het met {by:g}", "en": "lowers it by {by:g}"},
    "check.excludes": {"nl": "sluit het uit", "en": "excludes it"},
    "check.conflict": {"nl": "werkt {other} ({place}) tegen bij {model}: deze regel {mine}, {other} {theirs}, en beide "
                             "kunnen tegelijk afgaan (bijvoorbeeld als {case})",
                       "en": "acts against {other} ({place}) on {model}: this rule {mine}, {other} {theirs}, and both "
                             "can fire at once (for instance when {case})"},
    "check.summary_found": {"nl": "{rules} regels in {files} bestand(en): {count} bevinding(en)",
                            "en": "{rules} rules in {files} files: {count} finding(s)"},
    "check.summary_clean": {"nl": "{rules} regels in {files} bestand(en): geen problemen gevonden",
                            "en": "{rules} rules in {files} files: no problems found"},
    # rule coverage (socialfit rules coverage)
    "coverage.rule": {"nl": "regel", "en": "rule"},
    "coverage.stage": {"nl": "fase", "en": "stage"},
    "coverage.cases": {"nl": "gevallen", "en": "cases"},
    "coverage.sample": {"nl": "steekproef", "en": "random sample"},
    "coverage.stage.knockout": {"nl": "knock-out", "en": "knockout"},
    "coverage.stage.condition": {"nl": "voorwaarde", "en": "condition"},
    "coverage.stage.fit": {"nl": "fit", "en": "fit"},
    "coverage.stage.advice": {"nl": "advies", "en": "advice"},
    "coverage.totals": {"nl": "{cases} geval(len), {sample} willekeurige antwoordsets (seed {seed}).",
                        "en": "{cases} case(s), {sample} random responses (seed {seed})."},
    "coverage.never": {"nl": "Nooit afgegaan: {rules}.", "en": "Never fired: {rules}."},
    "coverage.never_cases": {"nl": "Op geen enkel geval afgegaan: {rules}.", "en": "Never fired on a case: {rules}."},
    "coverage.none": {"nl": "geen", "en": "none"},
    # scenario tests (socialfit test)
    "scenario.result": {"nl": "uitslag", "en": "result"},
    "scenario.scenario": {"nl": "scenario", "en": "scenario"},
    "scenario.where": {"nl": "waar / waarom", "en": "where / why"},
    "scenario.pass": {"nl": "GOED", "en": "PASS"},
    "scenario.fail": {"nl": "FOUT", "en": "FAIL"},
    "scenario.none": {"nl": "geen", "en": "none"},
    "scenario.got": {"nl": "kreeg: {got}", "en": "got: {got}"},
    "scenario.totals": {"nl": "{passed} geslaagd, {failed} mislukt ({count} scenario's)",
                        "en": "{passed} passed, {failed} failed ({count} scenarios)"},
    "scenario.expected_first": {"nl": "verwacht {model} eerst, kreeg {top}", "en": "expected {model} first, got {top}"},
    "scenario.expected_one_of": {"nl": "verwacht een van {models} eerst, kreeg {top}",
                                 "en": "expected one of {models} first, got {top}"},
    "scenario.expected_not": {"nl": "verwacht iets anders dan {top} eerst", "en": "expected anything but {top} first"},
    "scenario.expected_exit": {"nl": "verwacht take_exit {want}, kreeg {got}", "en": "expected take_exit {want}, got {got}"},
    "scenario.expected_decision": {"nl": "verwacht besluit {want}, kreeg {got}", "en": "expected decision {want}, got {got}"},
    "scenario.expected_fires": {"nl": "verwacht dat regel {rule} afgaat; dat gebeurde niet",
                                "en": "expected rule {rule} to fire; it did not"},
    "scenario.expected_silent": {"nl": "verwacht dat regel {rule} niet afgaat; hij ging af",
                                 "en": "expected rule {rule} not to fire; it fired"},
    "scenario.got_line": {"nl": "{top} {fit1:.1f}, tweede {second} {fit2:.1f}; besluit {decision}; afgegaan: {fired}",
                          "en": "{top} {fit1:.1f}, second {second} {fit2:.1f}; decision {decision}; fired: {fired}"},
})
