"""Terminal and JSON renderings of the explanations: why not, what if, stability."""
from __future__ import annotations

import json
import textwrap

from ..assessment import Assessment
from ..explain.changes import describe
from ..explain.decision import label as decision_label
from ..explain.whatif import headline
from ..i18n import t
from .text import LINE_WIDTH


def _wrap(text: str, indent: str = "") -> list[str]:
    return textwrap.wrap(text, width=LINE_WIDTH, initial_indent=indent,
                         subsequent_indent=" " * len(indent) + "  ") or [indent]


def why_not_text(a: Assessment, model: str) -> str:
    """Every term of the gap between the winner and ``model``, largest cost first, and their sum."""
    lang = a.language
    result = next(m for m in a.ranking if m.model == model)
    if result.why_not is None:
        return "\n".join(_wrap(t("whynot.is_first", lang, model=result.name))) + "\n"
    w = result.why_not
    lines = _wrap(w.summary) + [""]
    width = max(8, len(t("whynot.points", lang)))
    lines.append(f"{t('whynot.points', lang):>{width}}  {t('whynot.term', lang)}")
    for term in w.terms:
        if abs(term.points) < 0.005:
            continue
        head = f"{term.points:>{width}.2f}  "
        wrapped = textwrap.wrap(term.text, width=LINE_WIDTH - len(head)) or [""]
        lines.append(head + wrapped[0])
        lines += [" " * len(head) + more for more in wrapped[1:]]
    lines.append(f"{w.gap:>{width}.2f}  {t('whynot.total', lang)}")
    return "\n".join(lines) + "\n"


def stability_text(a: Assessment) -> str:
    if a.stability is None:
        return ""
    lines = [t("stability.heading", a.language)]
    for line in a.stability.lines(a.catalogue, a.language):
        lines += _wrap(line, "- ")
    return "\n".join(lines) + "\n"


def what_if_text(engine, results, lang: str, *, limit: int = 5) -> str:
    """Each goal's heading, its changes (numbered) and the advice they lead to."""
    q, lines = engine.questionnaire, []
    current = results[0].current
    lines += _wrap(t("whatif.now", lang, model=engine.catalogue.by_id[current.top].name, fit=current.top_fit,
                     exit=decision_label(current.decision, lang)))
    for r in results:
        lines += ["", headline(r, engine, lang), "-" * len(headline(r, engine, lang))]
        if not r.found:
            lines += _wrap(t("whatif.none", lang))
            continue
        lines += _wrap(t("whatif.size", lang, size=r.size, count=len(r.found)))
        for k, f in enumerate(r.found[:limit], start=1):
            for j, c in enumerate(f.changes):
                lines += _wrap(describe(q, c, lang), f"{k:>2}. " if j == 0 else "    + ")
            lines += _wrap(outcome_text(engine, f.outcome, lang), "    ")
        if len(r.found) > limit:
            lines += _wrap(t("whatif.more", lang, count=len(r.found) - limit))
    return "\n".join(lines) + "\n"


def outcome_text(engine, outcome, lang: str) -> str:
    return t("whatif.outcome", lang, model=engine.catalogue.by_id[outcome.top].name, fit=outcome.top_fit,
             exit=decision_label(outcome.decision, lang))


def what_if_json(engine, results, lang: str, *, limit: int | None = None) -> str:
    return json.dumps({"format": "socialfit.whatif", "format_version": 1, "language": lang,
                       "goals": [r.to_dict(engine.questionnaire, lang, limit) for r in results]},
                      ensure_ascii=False, indent=2)
