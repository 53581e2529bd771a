"""Property: any text in any cell of a template CSV gives either a scored row that equals the cell's
valid reading, or a row marked ``invalid`` with a reason -- never an ``ok`` row with a value the
cell does not say, and never an ``ok`` row that scores differently from ``socialfit score`` on the
same answers.

The valid reading is worked out here, independently of the converter: a code (``1``-``5``, an option
value), a label of the questionnaire (the vocabulary, from ``value_map``), ``N - label`` for an
agreement item, a plain decimal number (``.`` or ``,``) with an optional unit for a number item,
and ``0``/``1`` (or the option's label) in a one-column-per-option column.
"""
from __future__ import annotations

import csv
import io
import math
import re
import tempfile
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from conftest import FIXTURES
from engine import Engine
from engine.scoring.vectorised import values_from_coded
from engine.survey import open_survey
from engine.survey.batch import score_vector
from engine.survey.labels import DONT_KNOW, value_map
from engine.survey.layout import norm

ENGINE = Engine.load()
Q = ENGINE.questionnaire
ROWS = list(csv.reader(io.StringIO((FIXTURES / "survey" / "template.csv").read_text(encoding="utf-8"))))
HEADER, BASE = ROWS[0], ROWS[1]
COLUMNS = [c for c in HEADER if c.split("[")[0] in Q.by_id]
NEAR_MISSES = ["3.5", "4.9", "5.5", "3,5", "1_000", "1e3", "inf", "nan", "TRUE", "FALSE", "yes", "x", "-1", "2", "0",
               "1", "\u00b2", "\u0663", "=1+1", " 3 ", "5 - Helemaal mee eens", "5 - 5", "", " ", "Weet ik niet",
               "weet ik niet", "N/A", "\x00", "\x1b[2J", '"', "3\n4", "00003", "+3", "1.0", "0.0"]
CHOSEN = {"1", "1.0", "y", "true", "waar", "selected", "geselecteerd"}
NOT_CHOSEN = {"0", "0.0", "n", "no", "nee", "false", "onwaar", "not selected", "niet geselecteerd"}
NO_READING = object()  # the cell says nothing valid: the row must not be ok with it


def reading(column: str, text: str):
    """What the cell validly says: a value, DONT_KNOW, None (blank), or NO_READING."""
    item_id, _, option = column.partition("[")
    item = Q.by_id[item_id]
    key = norm(text)
    if not key:
        return None
    if option:
        option = option.rstrip("]")
        o = next(o for o in item.options if str(o.value) == option)
        if key in NOT_CHOSEN:
            return 0.0
        if key in CHOSEN or key in {norm(str(o.value)), *(norm(t) for t in o.label.values())}:
            return 1.0
        return NO_READING
    labels = value_map(Q, item).labels  # the questionnaire's vocabulary of labels
    if key in labels:
        return labels[key]
    if item.type == "likert5":
        m = re.match(r"^\s*([1-5])\s*[-–:.)=]\s*[^\s0-9]", text)
        return int(m.group(1)) if m else NO_READING
    if item.type == "number":
        m = re.fullmatch(r"\s*([+-]?[0-9]+(?:[.,][0-9]+)?)(\s+\S.*)?", text, flags=re.S)
        if not m or m.group(1).count(",") + m.group(1).count(".") > 1:
            return NO_READING
        value = float(m.group(1).replace(",", "."))
        return value if item.min <= value <= item.max else NO_READING
    return NO_READING


def coded(item, value) -> float:
    """A reading as the coded frame holds it."""
    if value is DONT_KNOW or value is None:
        return math.nan
    if item.type == "single":
        return float(next(k for k, o in enumerate(item.options) if o.value == value))
    return float(value)


def batch_row(column: str, text: str):
    rows = [list(HEADER), list(BASE)]
    rows[1][HEADER.index(column)] = text
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows(rows)
        survey = open_survey(path, Q, source="template")
        converted = [conv for _raw, conv in survey.chunks(100, tolerant=True)]
    assert len(converted) == 1 and len(converted[0].status) == 1, "one input row must give one output row"
    return converted[0]


def test_the_base_row_scores():
    conv = batch_row(COLUMNS[0], BASE[HEADER.index(COLUMNS[0])])
    assert int(conv.status[0]) == 0, conv.reason


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(COLUMNS), st.one_of(st.text(max_size=40), st.sampled_from(NEAR_MISSES)))
def test_any_cell_text_is_scored_as_it_reads_or_flagged(column, text):
    assume("\x00" not in text or column == "respondent_id")
    conv = batch_row(column, text)
    status = ("ok", "invalid", "incomplete")[int(conv.status[0])]
    expected = reading(column, text)
    if status != "ok":
        assert conv.reason[0].as_py(), f"a {status} row must say why"
        return
    item_id, _, option = column.partition("[")
    item = Q.by_id[item_id]
    assert expected is not NO_READING, f"{text!r} in {column} was scored as a valid answer: {conv.frame.iloc[0].to_dict()}"
    frame_col = f"{item_id}[{option.rstrip(']')}]" if option else item_id
    got = conv.frame.iloc[0][frame_col] if frame_col in conv.frame.columns else math.nan
    if not (Q.visible(values_from_coded(Q, conv.frame)[0])[item_id]):
        return  # hidden by a show-if: ignored, as `score` ignores it
    if option and expected is None:  # a blank option column: not chosen, unless the whole question is blank
        assert math.isnan(got) or got == 0.0
        want = got
    else:
        want = coded(item, expected) if not option else expected
    assert (math.isnan(got) and math.isnan(want)) or math.isclose(got, want), (text, got, want)
    # the same answers through `socialfit score`'s path give the same advice
    values = values_from_coded(Q, conv.frame)[0]
    single = ENGINE.assess_valid(values, language="en")
    vector = score_vector(ENGINE, conv.frame)
    ids = ENGINE.catalogue.ids
    assert ids[int(vector.order[0, 0])] == single.recommended
    assert bool(vector.take_exit[0]) == single.take_exit
    fits = {m.model: m.fit for m in single.ranking}
    assert np.allclose([fits[m] for m in ids], vector.fits[0], atol=0.051)
