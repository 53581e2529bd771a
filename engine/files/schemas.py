"""JSON Schemas for the data files: structure only. Cross-references (an item id a rule names, a model
id in the weights) are checked against the loaded vocabulary by each loader."""
from __future__ import annotations

LANGUAGES = ("nl", "en")

TEXT = {
    "title": "text",
    "type": "object",
    "required": list(LANGUAGES),
    "properties": {lang: {"type": "string", "minLength": 1, "pattern": r"\S"} for lang in LANGUAGES},
    "additionalProperties": False,
}
TEXT_LIST = {
    "title": "text",
    "type": "object",
    "required": list(LANGUAGES),
    "properties": {lang: {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}} for lang in LANGUAGES},
    "additionalProperties": False,
}
IDENT = {"type": "string", "pattern": r"^[a-z][a-z0-9_]*$"}
OPTION_VALUE = {"oneOf": [{"type": "string", "pattern": r"^[a-z0-9_]+$"}, {"type": "integer"}]}
SCORE = {"type": "number", "minimum": 0, "maximum": 100}
HEADER = {"format_version": {"const": 1}}


def _header(kind: str) -> dict:
    return {"kind": {"const": kind}, **HEADER}


_CONDITION = {
    "type": "object",
    "properties": {
        "item": IDENT,
        "in": {"type": "array", "minItems": 1, "items": OPTION_VALUE},
        "not_in": {"type": "array", "minItems": 1, "items": OPTION_VALUE},
        "all": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/condition"}},
    },
    "oneOf": [
        {"required": ["item", "in"], "not": {"required": ["not_in"]}},
        {"required": ["item", "not_in"], "not": {"required": ["in"]}},
        {"required": ["all"], "not": {"required": ["item"]}},
    ],
    "additionalProperties": False,
}

QUESTIONNAIRE = {
    "type": "object",
    "$defs": {"condition": _CONDITION},
    "required": ["kind", "format_version", "id", "version", "languages", "title", "likert5_labels",
                 "dont_know_label", "sections", "stages", "items"],
    "additionalProperties": False,
    "properties": {
        **_header("socialfit.questionnaire"),
        "id": IDENT,
        "version": {"type": "string", "pattern": r"^[0-9]+(\.[0-9]+)*$"},
        "languages": {"const": list(LANGUAGES)},
        "title": TEXT,
        "intro": TEXT,
        # keys are the integers 1..5; checked by the questionnaire loader (JSON Schema keys are strings)
        "likert5_labels": {"type": "object", "additionalProperties": TEXT},
        "compatible_versions": {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
        "dont_know_label": TEXT,
        "sections": {"type": "array", "minItems": 1, "items": {
            "type": "object", "required": ["id", "title"], "additionalProperties": False,
            "properties": {"id": IDENT, "title": TEXT, "intro": TEXT}}},
        "stages": {"type": "array", "minItems": 5, "maxItems": 5, "items": {
            "type": "object", "required": ["stage", "min", "name"], "additionalProperties": False,
            "properties": {"stage": {"type": "integer", "minimum": 1, "maximum": 5}, "min": SCORE,
                           "name": TEXT, "description": TEXT}}},
        "items": {"type": "array", "minItems": 1, "items": {
            "type": "object",
            "required": ["id", "section", "type", "text"],
            "additionalProperties": False,
            "properties": {
                "id": IDENT,
                "section": IDENT,
                "type": {"enum": ["likert5", "single", "multi", "number"]},
                "text": TEXT,
                "help": TEXT,
                "required": {"type": "boolean"},
                "dont_know": {"type": "boolean"},
                "reverse": {"type": "boolean"},
                "changeable": {"type": "boolean"},
                "since": {"type": "string"},
                "show_if": {"$ref": "#/$defs/condition"},
                "feeds": {"type": "object", "additionalProperties": {"type": "number", "exclusiveMinimum": 0}},
                "options": {"type": "array", "minItems": 2, "items": {
                    "type": "object", "required": ["value", "label"], "additionalProperties": False,
                    "properties": {
                        "value": OPTION_VALUE,
                        "label": TEXT,
                        "scores": {"type": "object", "additionalProperties": SCORE},
                        "shares": {"type": "object", "required": ["marketing", "service", "strategic"],
                                   "additionalProperties": False,
                                   "properties": {k: {"type": "number", "minimum": 0, "maximum": 1}
                                                  for k in ("marketing", "communication", "service", "strategic")}},
                    }}},
                "min": {"type": "number"},
                "max": {"type": "number"},
                "unit": TEXT,
                "bands": {"type": "array", "minItems": 1, "items": {
                    "type": "object", "required": ["score"], "additionalProperties": False,
                    "properties": {"below": {"type": "number"}, "score": SCORE}}},
            },
            "allOf": [
                {"if": {"properties": {"type": {"enum": ["single", "multi"]}}},
                 "then": {"required": ["options"]}},
                {"if": {"properties": {"type": {"const": "number"}}},
                 "then": {"required": ["min", "max"]}},
            ],
        }},
    },
}

ATTRIBUTE_IDS = ("complexity", "depth", "integration", "campaign", "poe", "go_no_go", "diy",
                 "org_change", "strategy", "completeness", "memorable", "evaluation")

# A step, phase or track of a model. ``basis: socialfit`` marks socialfit's own guidance where the source
# names nothing (never shown as the source's); a step may hold the sub-steps the source names.
_STEP_FIELDS = {"name": TEXT, "description": TEXT, "basis": {"enum": ["source", "socialfit"]}}
_STEP = {"type": "object", "required": ["name"], "additionalProperties": False,
         "properties": {**_STEP_FIELDS, "steps": {"type": "array", "minItems": 1, "items": {
             "type": "object", "required": ["name"], "additionalProperties": False, "properties": _STEP_FIELDS}}}}
CATALOGUE = {
    "type": "object",
    "required": ["kind", "format_version", "attributes", "models"],
    "additionalProperties": False,
    "properties": {
        **_header("socialfit.catalogue"),
        "attributes": {"type": "object", "required": list(ATTRIBUTE_IDS),
                       "properties": {a: TEXT for a in ATTRIBUTE_IDS}, "additionalProperties": False},
        "models": {"type": "array", "minItems": 1, "items": {
            "type": "object",
            "required": ["id", "name", "character", "description", "origin", "structure", "steps",
                         "attributes", "maturity_fit", "ownership_fit", "when_it_fits", "first_actions",
                         "sources"],
            "additionalProperties": False,
            "properties": {
                "id": IDENT,
                "name": {"type": "string", "minLength": 1},
                "character": TEXT,
                "description": TEXT,
                "origin": {"type": "object", "required": ["authors", "year", "publication"],
                           "additionalProperties": False,
                           "properties": {"authors": {"type": "array", "items": {"type": "string"}},
                                          "organisation": {"type": ["string", "null"]},
                                          "year": {"type": ["integer", "null"]},
                                          "publication": TEXT, "note": TEXT}},
                "structure": {"type": "object", "required": ["kind", "count"], "additionalProperties": False,
                              "properties": {"kind": {"enum": ["steps", "phases", "tracks"]},
                                             "count": {"type": ["integer", "null"], "minimum": 1},
                                             "ordered": {"type": "boolean"},
                                             "note": TEXT}},
                "steps": {"type": "array", "items": _STEP},
                "attributes": {"type": "object", "required": list(ATTRIBUTE_IDS), "additionalProperties": False,
                               "properties": {a: {"type": "integer", "minimum": 0, "maximum": 3}
                                              for a in ATTRIBUTE_IDS}},
                "maturity_fit": {"type": "array", "minItems": 1, "uniqueItems": True,
                                 "items": {"enum": ["low", "middle", "high"]}},
                "ownership_fit": {"type": "array", "minItems": 1, "uniqueItems": True,
                                  "items": {"enum": ["marketing", "communication", "service", "strategic"]}},
                "signature": {"type": "object", "required": ["trait", "needs", "source"], "additionalProperties": False,
                              "properties": {"trait": TEXT,
                                             "needs": {"type": "object", "minProperties": 1,
                                                       "propertyNames": {"enum": list(ATTRIBUTE_IDS)},
                                                       "additionalProperties": {"enum": ["high", "low"]}},
                                             "source": {"type": "string", "pattern": "^https?://"}}},
                "when_it_fits": TEXT,
                "first_actions": TEXT_LIST,
                "sources": {"type": "array", "minItems": 1, "items": {"type": "string", "pattern": "^https?://"}},
            },
        }},
    },
}

_NUM_MAP = {"type": "object", "additionalProperties": {"type": "number"}}

WEIGHTS = {
    "type": "object",
    "required": ["kind", "format_version", "provenance", "features", "model_fit", "dimension_weights", "params"],
    "additionalProperties": False,
    "properties": {
        **_header("socialfit.weights"),
        "provenance": {"type": "object", "required": ["method"], "properties": {"method": {"type": "string"}}},
        "features": {"type": "array", "minItems": 1, "uniqueItems": True, "items": IDENT},
        "model_fit": {"type": "object", "additionalProperties": _NUM_MAP},
        "dimension_weights": {"type": "object", "required": ["maturity", "readiness"], "additionalProperties": False,
                              "properties": {"maturity": _NUM_MAP, "readiness": _NUM_MAP}},
        "item_weights": {"type": "object", "additionalProperties": _NUM_MAP},
        "params": _NUM_MAP,
    },
}

_RULE_VALUE = {"oneOf": [{"type": ["number", "string", "boolean"]},
                         {"type": "array", "minItems": 1, "items": {"type": ["number", "string"]}},
                         {"type": "object", "required": ["param"], "additionalProperties": False,
                          "properties": {"param": IDENT}}]}
_RULE_CONDITION = {
    "type": "object",
    "properties": {
        "field": {"type": "string"},
        "op": {"enum": ["eq", "ne", "lt", "lte", "gt", "gte", "in", "not_in", "contains"]},
        "value": _RULE_VALUE,
        "all": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/condition"}},
        "any": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/condition"}},
    },
    "oneOf": [{"required": ["field", "op", "value"], "not": {"anyOf": [{"required": ["all"]}, {"required": ["any"]}]}},
              {"required": ["all"], "not": {"anyOf": [{"required": ["field"]}, {"required": ["any"]}]}},
              {"required": ["any"], "not": {"anyOf": [{"required": ["field"]}, {"required": ["all"]}]}}],
    "additionalProperties": False,
}
_ABOUT = {"type": "array", "minItems": 1, "uniqueItems": True, "items": {"type": "string"}}
_ACTION = {
    "type": "object", "minProperties": 1, "maxProperties": 1, "additionalProperties": False,
    "properties": {
        "take_exit": {"type": "object", "required": ["reason", "fix_first"], "additionalProperties": False,
                      "properties": {"reason": TEXT, "fix_first": TEXT}},
        "condition": {"type": "object", "required": ["reason", "check"], "additionalProperties": False,
                      "properties": {"reason": TEXT, "check": TEXT}},
        "exclude": {"type": "object", "required": ["model", "reason"], "additionalProperties": False,
                    "properties": {"model": IDENT, "reason": TEXT, "about": _ABOUT}},
        "adjust": {"type": "object", "required": ["model", "by", "reason"], "additionalProperties": False,
                   "properties": {"model": IDENT, "by": {"type": "number", "minimum": -100, "maximum": 100,
                                                         "not": {"const": 0}}, "reason": TEXT, "about": _ABOUT}},
        "advice": {"type": "object", "required": ["text"], "additionalProperties": False,
                   "properties": {"text": TEXT, "decisions": {
                       "type": "array", "minItems": 1, "uniqueItems": True,
                       "items": {"enum": ["go", "go_with_conditions", "not_now"]}}}},
    },
}
RULES = {
    "type": "object",
    "$defs": {"condition": _RULE_CONDITION},
    "required": ["kind", "format_version", "rules"],
    "additionalProperties": False,
    "properties": {
        **_header("socialfit.rules"),
        "description": TEXT,
        "rules": {"type": "array", "minItems": 1, "items": {
            "type": "object", "required": ["id", "stage", "priority", "description", "when", "then"],
            "additionalProperties": False,
            "properties": {
                "id": IDENT,
                "stage": {"enum": ["knockout", "condition", "fit", "advice"]},
                "priority": {"type": "integer", "minimum": 1, "maximum": 999},
                "description": TEXT,
                "when": {"$ref": "#/$defs/condition"},
                "then": {"type": "array", "minItems": 1, "items": _ACTION},
            }}},
    },
}


_SCORE_OR_NULL = {"type": ["number", "null"], "minimum": 0, "maximum": 100}
# ranking[].why_not: why a model is not first; the terms' points add up to gap (docs/assessment.md).
_WHY_NOT = {
    "type": "object", "required": ["behind", "gap", "summary", "terms"], "additionalProperties": False,
    "properties": {"behind": IDENT, "gap": {"type": "number", "minimum": -0.1}, "summary": {"type": "string"},
                   "terms": {"type": "array", "items": {
                       "type": "object", "required": ["kind", "key", "points", "text"], "additionalProperties": False,
                       "properties": {"kind": {"enum": ["need", "maturity", "readiness", "ownership", "feature",
                                                         "baseline", "rule", "cap", "excluded"]},
                                      "key": {"type": ["string", "null"]}, "points": {"type": "number"},
                                      "text": {"type": "string"}}}}},
}
_MODEL_RESULT = {
    "type": "object",
    "required": ["rank", "model", "name", "fit", "base_fit", "excluded", "reasons_for", "reasons_against"],
    "additionalProperties": False,
    "properties": {"rank": {"type": "integer", "minimum": 1}, "model": IDENT, "name": {"type": "string"},
                   "fit": SCORE, "base_fit": SCORE, "excluded": {"type": "boolean"}, "tied": {"type": "boolean"},
                   "reasons_for": {"type": "array", "items": {"type": "string"}},
                   "reasons_against": {"type": "array", "items": {"type": "string"}},
                   "why_not": {"oneOf": [{"type": "null"}, _WHY_NOT]}},
}
_FIGURE = {"type": "object", "required": ["verdict", "share", "weights", "answers", "draws", "steps"],
           "properties": {"verdict": {"enum": ["firm", "sensitive"]}, "share": {"type": "number", "minimum": 0, "maximum": 1},
                          "weights": {"type": "number", "minimum": 0, "maximum": 1},
                          "answers": {"type": ["number", "null"], "minimum": 0, "maximum": 1},
                          "draws": {"type": "integer", "minimum": 0}, "steps": {"type": "integer", "minimum": 0},
                          "model": IDENT, "take_exit": {"type": "boolean"}}}
# stability (optional): how firm the advice is (docs/assessment.md)
_STABILITY = {"type": "object", "required": ["top_model", "exit", "close", "runner_up", "gap", "spread", "seed"],
              "additionalProperties": False,
              "properties": {"top_model": _FIGURE, "exit": _FIGURE, "close": {"type": "boolean"}, "runner_up": IDENT,
                             "gap": {"type": "number"}, "spread": {"type": "number"}, "seed": {"type": "integer"},
                             "text": {"type": "array", "items": {"type": "string"}}}}
# The documented output of Assessment.to_dict() (docs/assessment.md).
ASSESSMENT = {
    "type": "object",
    "required": ["format", "format_version", "questionnaire", "language", "organisation", "maturity", "ownership",
                 "readiness", "needs", "unknown_share", "exit", "ranking", "recommended", "advice", "trace", "warnings"],
    "additionalProperties": False,
    "properties": {
        "format": {"const": "socialfit.assessment"},
        "format_version": {"const": 1},
        "questionnaire": {"type": "string"},
        "language": {"enum": list(LANGUAGES)},
        "organisation": {"type": ["string", "null"]},
        "maturity": {"type": "object", "required": ["score", "stage", "stage_name", "dimensions"],
                     "properties": {"score": _SCORE_OR_NULL,
                                    "stage": {"type": ["integer", "null"], "minimum": 1, "maximum": 5},
                                    "stage_name": {"type": ["string", "null"]},
                                    "dimensions": {"type": "object", "additionalProperties": _SCORE_OR_NULL}}},
        "ownership": {"type": "object", "required": ["shares", "primary", "assigned", "leans"],
                      "properties": {"shares": {"type": "object",
                                                "required": ["marketing", "communication", "service", "strategic"],
                                                "additionalProperties": {"type": "number", "minimum": 0, "maximum": 1}},
                                     "primary": {"enum": ["marketing", "communication", "service", "strategic",
                                                          "unassigned"]},
                                     "assigned": {"type": "boolean"},
                                     "leans": {"enum": ["marketing", "service", "strategic", None]}}},
        "readiness": {"type": "object", "required": ["score", "dimensions", "knockouts"],
                      "properties": {"score": _SCORE_OR_NULL,
                                     "dimensions": {"type": "object", "additionalProperties": _SCORE_OR_NULL},
                                     "knockouts": {"type": "array", "items": IDENT}}},
        "needs": {"type": "object", "additionalProperties": _SCORE_OR_NULL},
        "unknown_share": {"type": "number", "minimum": 0, "maximum": 1},
        "exit": {"type": "object", "required": ["decision", "take_exit", "reasons", "fix_first", "conditions"],
                 "properties": {"decision": {"enum": ["go", "go_with_conditions", "not_now"]},
                                "take_exit": {"type": "boolean"},
                                "conditions": {"type": "array", "items": {
                                    "type": "object", "required": ["rule", "text", "check"],
                                    "properties": {"rule": IDENT, "text": {"type": "string", "minLength": 1},
                                                   "check": {"type": "string", "minLength": 1}}}},
                                "reasons": {"type": "array", "items": {
                                    "type": "object", "required": ["rule", "text"],
                                    "properties": {"rule": IDENT, "text": {"type": "string", "minLength": 1}}}},
                                "fix_first": {"type": "array", "items": {"type": "string"}}},
                 # take_exit (kept for compatibility) is true exactly when the decision is "not now"
                 "if": {"properties": {"take_exit": {"const": True}}},
                 "then": {"properties": {"decision": {"const": "not_now"}}},
                 "else": {"properties": {"decision": {"enum": ["go", "go_with_conditions"]}}}},
        "ranking": {"type": "array", "minItems": 1, "items": _MODEL_RESULT},
        "recommended": IDENT,
        "advice": {"type": "array", "items": {"type": "string"}},
        "trace": {"type": "array", "items": {
            "type": "object", "required": ["rule", "stage", "priority", "description", "effects"],
            "properties": {"rule": IDENT, "stage": {"enum": ["knockout", "condition", "fit", "advice"]},
                           "priority": {"type": "integer"}, "description": {"type": "string"},
                           "effects": {"type": "array", "items": {"type": "string"}}}}},
        "warnings": {"type": "array", "items": {"type": "string"}},
        "stability": _STABILITY,
    },
}


# Scenario files (docs/scenarios.md): answers (a file or inline) and the advice they must give.
_EXPECT = {
    "type": "object", "minProperties": 1, "additionalProperties": False,
    "properties": {"recommended": IDENT, "recommended_one_of": {"type": "array", "minItems": 1, "items": IDENT},
                   "not_recommended": {"type": "array", "minItems": 1, "items": IDENT},
                   "take_exit": {"type": "boolean"},
                   "decision": {"enum": ["go", "go_with_conditions", "not_now"]},
                   "fires": {"type": "array", "minItems": 1, "items": IDENT},
                   "does_not_fire": {"type": "array", "minItems": 1, "items": IDENT}},
}
SCENARIO_SUITE = {
    "type": "object", "required": ["kind", "format_version", "scenarios"], "additionalProperties": False,
    "properties": {
        **_header("socialfit.scenarios"),
        "description": {"type": "string"},
        "questionnaire": {"type": "string"},
        "scenarios": {"type": "array", "minItems": 1, "items": {
            "type": "object", "required": ["name", "expect"], "additionalProperties": False,
            "properties": {"name": {"type": "string", "minLength": 1},
                           "answers_file": {"type": "string", "minLength": 1},
                           "answers": {"type": "object"},
                           "language": {"enum": list(LANGUAGES)},
                           "organisation": {"type": "string"},
                           "rationale": {"type": "string"},
                           "expect": _EXPECT},
            "oneOf": [{"required": ["answers_file"]}, {"required": ["answers"]}]}},
    },
}
# One scenario in one file: an answers file with `expect` (and an optional `name` and `rationale`).
SCENARIO_FILE = {
    "type": "object", "required": ["questionnaire", "answers", "expect"], "additionalProperties": False,
    "properties": {"questionnaire": {"type": "string"}, "language": {"enum": list(LANGUAGES)},
                   "organisation": {"type": "string"}, "answers": {"type": "object"},
                   "name": {"type": "string", "minLength": 1}, "rationale": {"type": "string"},
                   "expect": _EXPECT},
}
