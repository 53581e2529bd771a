"""The agreement scales the survey tools offer out of the box, in English and Dutch, read onto our
five points (1 = strongly disagree .. 5 = strongly agree) without a values map in a mapping file.

Five-point scales map one to one. Seven-point scales are folded onto five: the two ends stay the
ends, the middle stays the middle, and the two steps on each side between them ("disagree" and
"somewhat disagree"; "somewhat agree" and "agree") both become 2 or 4. That keeps the direction and
the extremes of every answer and loses only the difference between the inner steps; a mapping file's
``values:`` can say otherwise per item. See docs/batch.md ("Built-in answer scales").

Sources: the default answer sets of SurveyMonkey (agreement 5 and 7), Qualtrics (Likert agreement
5 and 7, and the older "Agree strongly" wording), Microsoft Forms (Likert), LimeSurvey (the 5-point
choice array and its agreement label set) and Google Forms (a linear scale: numbers only, which the
reader already takes), in the tools' English and Dutch interfaces.
"""
from __future__ import annotations

# label -> point on our scale (1..5). Labels compare after engine.survey.layout.norm (case, spacing).
AGREEMENT: dict[str, int] = {}


def _add(point: int, *labels: str) -> None:
    for label in labels:
        AGREEMENT[" ".join(label.split()).casefold()] = point


# English: SurveyMonkey, Qualtrics, Microsoft Forms, LimeSurvey
_add(1, "Strongly disagree", "Disagree strongly", "Completely disagree", "Totally disagree", "Strongly Disagree")
_add(2, "Disagree", "Somewhat disagree", "Disagree somewhat", "Slightly disagree", "Mostly disagree",
     "Tend to disagree", "Moderately disagree")
_add(3, "Neither agree nor disagree", "Neither agree or disagree", "Neutral", "Undecided", "Uncertain",
     "Neither disagree nor agree", "Agree nor disagree")
_add(4, "Agree", "Somewhat agree", "Agree somewhat", "Slightly agree", "Mostly agree", "Tend to agree",
     "Moderately agree")
_add(5, "Strongly agree", "Agree strongly", "Completely agree", "Totally agree")

# Dutch: the same tools' Dutch interfaces, and the variants Dutch questionnaires use
_add(1, "Helemaal mee oneens", "Zeer mee oneens", "Helemaal oneens", "Zeer oneens", "Totaal mee oneens",
     "Volledig mee oneens", "Sterk mee oneens", "Geheel mee oneens")
_add(2, "Mee oneens", "Oneens", "Enigszins mee oneens", "Een beetje mee oneens", "Beetje mee oneens",
     "Eerder mee oneens", "Deels mee oneens", "Gedeeltelijk mee oneens", "Niet mee eens")
_add(3, "Neutraal", "Noch mee eens, noch mee oneens", "Noch eens, noch oneens", "Niet mee eens, niet mee oneens",
     "Niet mee eens en niet mee oneens", "Niet eens, niet oneens", "Niet eens/niet oneens",
     "Niet mee eens/niet mee oneens", "Neutraal / geen mening", "Neutraal/geen mening", "Neutraal of geen mening",
     "Eens noch oneens", "Mee eens noch oneens", "Mee eens noch mee oneens")
_add(4, "Mee eens", "Eens", "Enigszins mee eens", "Een beetje mee eens", "Beetje mee eens", "Eerder mee eens",
     "Deels mee eens", "Gedeeltelijk mee eens")
_add(5, "Helemaal mee eens", "Zeer mee eens", "Helemaal eens", "Zeer eens", "Totaal mee eens", "Volledig mee eens",
     "Sterk mee eens", "Geheel mee eens")

# The seven-point sets, for the documentation and the tests: label, its point on 7, our point on 5.
SEVEN_POINT = {
    "en": ("Strongly disagree", "Disagree", "Somewhat disagree", "Neither agree nor disagree", "Somewhat agree",
           "Agree", "Strongly agree"),
    "nl": ("Helemaal mee oneens", "Mee oneens", "Enigszins mee oneens", "Neutraal", "Enigszins mee eens", "Mee eens",
           "Helemaal mee eens"),
}
FOLD_SEVEN = (1, 2, 2, 3, 4, 4, 5)  # point on 7 (1..7) -> point on our 5
