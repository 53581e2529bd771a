"""The CSV template for any survey tool: a header row with our item columns (``socialfit template --csv``).

A likert5 or number item is one column named by its id; a single-choice item one column holding an
option value or its label; a multiple-choice item one 0/1 column per option, ``item_id[option]``.
"""
from __future__ import annotations

import csv
import io

from ..scoring.vectorised import item_columns
from ..model.questionnaire import Questionnaire

RESPONDENT_ID = "respondent_id"


def template_columns(q: Questionnaire) -> list[str]:
    return [RESPONDENT_ID] + [c for item in q.items for c in item_columns(item)]


def csv_template(q: Questionnaire) -> str:
    """The header row (comma-separated, UTF-8) that ``socialfit batch`` reads without a mapping."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(template_columns(q))
    return out.getvalue()
