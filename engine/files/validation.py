"""Structural validation of a loaded document against a JSON Schema, turned into plain problems.

jsonschema is imported on first use: it costs tens of milliseconds, which matters for a one-file
``socialfit score``; see :mod:`engine.files.cache`.
"""
from __future__ import annotations

from typing import Any

from ..errors import Problem, describe_value
from .loading import field_path, locate

_TYPE_NAMES = {"number": "a number", "integer": "a whole number", "string": "text", "object": "a mapping",
               "array": "a list", "boolean": "true or false", "null": "null"}


def _expected_type(expected: Any) -> str:
    if isinstance(expected, list):
        return " or ".join(_TYPE_NAMES.get(t, t) for t in expected)
    return _TYPE_NAMES.get(expected, str(expected))


def _message(error) -> tuple[list[Any], str]:
    """(field path, message) for one jsonschema error."""
    path = list(error.absolute_path)
    kind = error.validator
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        if error.schema.get("title") == "text":
            return path, f"missing the '{missing}' translation"
        return path, f"missing required field '{missing}'"
    if kind == "additionalProperties":
        allowed = sorted((error.schema.get("properties") or {}).keys())
        extra = sorted(set(error.instance) - set(allowed)) if isinstance(error.instance, dict) else []
        names = ", ".join(repr(e) for e in extra) or error.message
        hint = f"; allowed: {', '.join(allowed)}" if allowed else ""
        return path, f"unexpected field {names}{hint}"
    if kind == "enum":
        return path, f"got {describe_value(error.instance)}; expected one of: {', '.join(map(str, error.validator_value))}"
    if kind == "const":
        return path, f"got {describe_value(error.instance)}; expected {describe_value(error.validator_value)}"
    if kind == "type":
        return path, f"got {describe_value(error.instance)}; expected {_expected_type(error.validator_value)}"
    if kind == "pattern":
        return path, f"got {describe_value(error.instance)}; expected text matching {error.validator_value}"
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        words = {"minimum": "at least", "maximum": "at most", "exclusiveMinimum": "more than",
                 "exclusiveMaximum": "less than"}[kind]
        return path, f"got {describe_value(error.instance)}; expected a number {words} {error.validator_value}"
    if kind in ("minItems", "maxItems", "minLength", "minProperties", "maxProperties"):
        return path, f"got {describe_value(error.instance)}; {error.message.split(' is ', 1)[-1]}"
    if kind == "oneOf" and error.context:
        from jsonschema.exceptions import best_match

        return _message(best_match(error.context))
    return path, error.message


def _named_path(doc: Any, path: list[Any]) -> str:
    """Like field_path, but a list element that has an ``id`` is named by it: ``models[0] (post).attributes``."""
    out, node = "", doc
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            node = None
        if isinstance(part, int) and isinstance(node, dict) and isinstance(node.get("id"), str):
            out += f"[{part}] ({node['id']})"
        else:
            out += field_path([part]) if isinstance(part, int) else ("." if out else "") + str(part)
    return out


def schema_problems(doc: Any, schema: dict, source: str) -> list[Problem]:
    """Every structural problem of ``doc``, each with ``file:line`` and a field path."""
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(schema)
    problems = []
    for error in sorted(validator.iter_errors(doc), key=lambda e: [str(p) for p in e.absolute_path]):
        path, message = _message(error)
        problems.append(Problem(locate(source, doc, path), _named_path(doc, path), message))
    return problems
