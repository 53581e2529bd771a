"""Form fields -> answers, with the terminal intake's reading and messages (engine.intake.parse_reply,
engine.model.answers.check_answer), so that the web accepts exactly what ``socialfit intake`` accepts.

An item's field is named by its id (several values for a multiple-choice item); ``<id>__dk`` is the
"don't know" box. An empty field means "not answered".
"""
from __future__ import annotations

from typing import Any

from engine.intake import InvalidReply, parse_reply
from engine.model.answers import check_answer
from engine.model.questionnaire import Item, Questionnaire

from .texts import text

NOT_ANSWERED = object()
DONT_KNOW = "__dk"


def read_item(q: Questionnaire, item: Item, form, lang: str) -> Any:
    """The answer in ``form`` (a multidict) for ``item``, :data:`NOT_ANSWERED`, or raises InvalidReply."""
    if form.get(item.id + DONT_KNOW) or form.get(item.id) == DONT_KNOW:
        if not item.dont_know:
            raise InvalidReply(text("intake.err.no_skip", lang))
        return None
    if item.type == "multi":
        raw = [v for v in form.getlist(item.id) if v]
        if not raw:
            return NOT_ANSWERED
        by_text = {str(o.value): o.value for o in item.options}
        unknown = [v for v in raw if v not in by_text]
        if unknown:
            raise InvalidReply(text("intake.err.choice", lang, got=unknown[0][:40], n=len(item.options)))
        chosen = {by_text[v] for v in raw}
        value: Any = [o.value for o in item.options if o.value in chosen]
    else:
        raw_text = (form.get(item.id) or "").strip()
        if not raw_text:
            return NOT_ANSWERED
        if item.type == "single":
            by_text = {str(o.value): o.value for o in item.options}
            if raw_text not in by_text:
                raise InvalidReply(text("intake.err.choice", lang, got=raw_text[:40], n=len(item.options)))
            value = by_text[raw_text]
        else:  # likert5 and number read as the terminal reads a typed line (Dutch decimal comma too)
            reply = parse_reply(q, item, raw_text[:60], lang)
            if reply.kind != "answer":
                raise InvalidReply(text("intake.err.choice", lang, got=raw_text[:40], n=5)
                                   if item.type == "likert5" else
                                   text("intake.err.number", lang, got=raw_text[:40], min=item.min, max=item.max))
            value = reply.value
    reason = check_answer(q, item, value)
    if reason:
        raise InvalidReply(reason)
    return value


def field_value(item: Item, value: Any) -> dict:
    """What the form shows for a stored answer: checked values, the number's text, don't know."""
    if value is None:
        return {"dk": True, "chosen": set(), "text": ""}
    if item.type == "multi":
        return {"dk": False, "chosen": {str(v) for v in value}, "text": ""}
    if item.type == "number":
        return {"dk": False, "chosen": set(), "text": f"{value:g}"}
    return {"dk": False, "chosen": {str(value)}, "text": str(value)}
