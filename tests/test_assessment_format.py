"""The JSON output matches its documented, versioned schema; every engine message has both languages."""
from __future__ import annotations

import json

import jsonschema

from conftest import EXAMPLE_ANSWERS
from engine.i18n import LANGUAGES, MESSAGES
from engine.files.schemas import ASSESSMENT


def test_json_output_validates_against_the_documented_schema(cli):
    for lang in LANGUAGES:
        result = cli("score", EXAMPLE_ANSWERS, "--format", "json", "--lang", lang)
        assert result.exit_code == 0, result.output
        doc = json.loads(result.stdout)
        jsonschema.validate(doc, ASSESSMENT)
        assert doc["language"] == lang
        assert len(doc["ranking"]) == 9 and doc["recommended"] == doc["ranking"][0]["model"]
        assert abs(sum(doc["ownership"]["shares"].values()) - 1) < 1e-3


def test_exit_output_validates_too(engine):
    values = dict(engine.read_answers(EXAMPLE_ANSWERS).values, audience_on_social="no", legal_constraints="prohibitive")
    doc = engine.assess_valid(values).to_dict()
    jsonschema.validate(doc, ASSESSMENT)
    assert doc["exit"]["take_exit"] and len(doc["exit"]["reasons"]) == 2
    assert doc["readiness"]["knockouts"] == ["exit_audience_absent", "exit_legal_prohibitive"]


def test_every_message_has_dutch_and_english():
    missing = [key for key, text in MESSAGES.items() if any(not text.get(lang) for lang in LANGUAGES)]
    assert missing == []
