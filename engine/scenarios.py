"""Scenario tests: answers (an answers file, or inline) and the advice they must give, run with a
pass/fail table, like the test scenarios of decision-table tools. A consultant who changes a rule or a
weight adds cases here and runs ``socialfit test``. Format: docs/scenarios.md.

Two shapes of file, both validated against a JSON Schema when loaded (problems name file, line, field):

- a suite (``kind: socialfit.scenarios``) with a list of ``scenarios``, each with ``name``,
  ``answers_file`` (relative to the suite) or inline ``answers``, and ``expect``;
- one scenario: an ordinary answers file plus ``expect`` (and ``name``, ``rationale``) — the golden
  vignettes in tests/vignettes/ are such files.

``expect`` may hold ``recommended`` (the top model), ``recommended_one_of``, ``not_recommended``, ``decision``,
``take_exit``, and the rule ids that ``fires`` or ``does_not_fire``. Scenarios are assessed on the
product's own path (:meth:`engine.Engine.assess_valid`, durable-rules).
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .errors import DataError, Problem
from .explain.decision import DECISIONS
from .files.cache import checked_schema
from .files.loading import LineDict, load_document, locate
from .files.schemas import SCENARIO_FILE, SCENARIO_SUITE
from .i18n import t
from .model.answers import answers_from_document, load_answers

SUITE_KIND = "socialfit.scenarios"


@dataclass
class Scenario:
    name: str
    source: str  # file:line of the scenario
    values: dict
    language: str | None
    expect: dict
    rationale: str | None = None
    organisation: str | None = None


@dataclass
class Outcome:
    scenario: Scenario
    passed: bool
    problems: list[tuple[str, dict]] = field(default_factory=list)  # (message key, its values) per failure
    said: dict = field(default_factory=dict)  # what the engine said: the values of "scenario.got_line"

    def failures_in(self, lang: str) -> list[str]:
        return [t(key, lang, **kw) for key, kw in self.problems]

    def got_in(self, lang: str) -> str:
        if not self.said:
            return ""
        fired = ", ".join(self.said["fired"]) or t("scenario.none", lang)
        return t("scenario.got_line", lang, **dict(self.said, fired=fired))

    @property
    def failures(self) -> list[str]:
        return self.failures_in("en")

    @property
    def got(self) -> str:
        return self.got_in("en")

    def to_dict(self, lang: str = "en") -> dict:
        return {"name": self.scenario.name, "source": self.scenario.source, "passed": self.passed,
                "failures": self.failures_in(lang), "got": self.got_in(lang)}


def scenario_files(paths: Iterable[str | Path]) -> list[Path]:
    """The YAML files named, folders expanded to their ``*.yaml`` / ``*.yml`` (sorted)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(x for x in p.rglob("*") if x.suffix in (".yaml", ".yml") and x.is_file())
            if not found:
                raise DataError(Problem(str(p), "", "no scenario files (*.yaml) in this folder"))
            out += found
        elif p.exists():
            out.append(p)
        else:
            raise DataError(Problem(str(p), "", "no such file or folder"))
    return out


def load_scenarios(engine, paths: Iterable[str | Path], *, expect_required: bool = True) -> list[Scenario]:
    """Every scenario of every file, validated (schema, answers, model and rule ids); raises
    :class:`DataError` with every problem of every file. ``expect_required=False`` also takes plain
    answers files (as cases without expectations, for rule coverage)."""
    scenarios: list[Scenario] = []
    problems: list[Problem] = []
    for path in scenario_files(paths):
        try:
            scenarios += _load_file(engine, path, problems, expect_required)
        except DataError as exc:
            problems += exc.problems
    if problems:
        raise DataError(problems)
    return scenarios


def _load_file(engine, path: Path, problems: list[Problem], expect_required: bool) -> list[Scenario]:
    source = str(path)
    doc = load_document(path)
    if not expect_required and isinstance(doc, dict) and "expect" not in doc and doc.get("kind") != SUITE_KIND:
        answers = answers_from_document(engine.questionnaire, doc, source)
        return [Scenario(path.stem, source, answers.values, answers.language, {}, None, answers.organisation)]
    if isinstance(doc, dict) and doc.get("kind") == SUITE_KIND:
        errors = checked_schema(doc, SCENARIO_SUITE, source)
        if errors:
            raise DataError(errors)
        out = []
        for k, raw in enumerate(doc["scenarios"]):
            where = ["scenarios", k]
            try:
                if "answers_file" in raw:
                    answers = load_answers(engine.questionnaire, path.parent / raw["answers_file"])
                else:
                    envelope = LineDict(questionnaire=doc.get("questionnaire", engine.questionnaire.ref),
                                        answers=raw["answers"])
                    answers = answers_from_document(engine.questionnaire, envelope, source)
            except DataError as exc:
                problems += exc.problems
                continue
            problems += _check_expect(engine, raw["expect"], source, doc, where + ["expect"])
            out.append(Scenario(raw["name"], locate(source, doc, where + ["name"]), answers.values,
                                raw.get("language") or answers.language, dict(raw["expect"]),
                                raw.get("rationale"), raw.get("organisation") or answers.organisation))
        return out
    errors = checked_schema(doc, SCENARIO_FILE, source)
    if errors:
        raise DataError(errors)
    answers_doc = copy.copy(doc)
    for key in ("expect", "name", "rationale"):
        answers_doc.pop(key, None)
    answers = answers_from_document(engine.questionnaire, answers_doc, source)
    problems += _check_expect(engine, doc["expect"], source, doc, ["expect"])
    return [Scenario(doc.get("name") or path.stem, source, answers.values, answers.language,
                     dict(doc["expect"]), doc.get("rationale"), answers.organisation)]


def _check_expect(engine, expect, source, doc, where) -> list[Problem]:
    out = []
    if "decision" in expect and expect["decision"] not in DECISIONS:
        out.append(Problem(locate(source, doc, where + ["decision"]), "expect.decision",
                           f"got {expect['decision']!r}; expected one of {', '.join(DECISIONS)}"))
    models, rules = engine.catalogue.by_id, engine.rules.by_id
    for key in ("recommended", "recommended_one_of", "not_recommended", "fires", "does_not_fire"):
        if key not in expect:
            continue
        known = rules if key in ("fires", "does_not_fire") else models
        kind = "rule" if known is rules else "model"
        values = expect[key] if isinstance(expect[key], list) else [expect[key]]
        for v in values:
            if v not in known:
                out.append(Problem(locate(source, doc, where + [key]), f"expect.{key}",
                                   f"unknown {kind} {v!r}; known: {', '.join(known)}"))
    return out


def run(engine, scenarios: list[Scenario]) -> list[Outcome]:
    """Assess every scenario and compare with its expectations."""
    return [_run_one(engine, s) for s in scenarios]


def _run_one(engine, s: Scenario) -> Outcome:
    result = engine.assess_valid(s.values, language=s.language or "en", organisation=s.organisation)
    fired = [r["rule"] for r in result.trace]
    e, failures = s.expect, []
    top = result.recommended
    if "recommended" in e and top != e["recommended"]:
        failures.append(("scenario.expected_first", {"model": e["recommended"], "top": top}))
    if "recommended_one_of" in e and top not in e["recommended_one_of"]:
        failures.append(("scenario.expected_one_of", {"models": ", ".join(e["recommended_one_of"]), "top": top}))
    if "not_recommended" in e and top in e["not_recommended"]:
        failures.append(("scenario.expected_not", {"top": top}))
    if "take_exit" in e and result.take_exit != e["take_exit"]:
        failures.append(("scenario.expected_exit", {"want": str(e["take_exit"]).lower(),
                                                    "got": str(result.take_exit).lower()}))
    if "decision" in e and result.decision != e["decision"]:
        failures.append(("scenario.expected_decision", {"want": e["decision"], "got": result.decision}))
    for rule in e.get("fires", []):
        if rule not in fired:
            failures.append(("scenario.expected_fires", {"rule": rule}))
    for rule in e.get("does_not_fire", []):
        if rule in fired:
            failures.append(("scenario.expected_silent", {"rule": rule}))
    said = {"top": top, "fit1": result.ranking[0].fit, "second": result.ranking[1].model,
            "fit2": result.ranking[1].fit, "decision": result.decision, "fired": tuple(fired)}
    return Outcome(s, not failures, failures, said)


def table(outcomes: list[Outcome], lang: str = "en") -> str:
    """The pass/fail table and a count line, in ``lang`` (scenario names and places as written)."""
    width = max([len(o.scenario.name) for o in outcomes] + [len(t("scenario.scenario", lang)), 8])
    rw = max(len(t(k, lang)) for k in ("scenario.result", "scenario.pass", "scenario.fail"))
    lines = [f"{t('scenario.result', lang):<{rw}}  {t('scenario.scenario', lang):<{width}}  {t('scenario.where', lang)}"]
    for o in outcomes:
        verdict = t("scenario.pass" if o.passed else "scenario.fail", lang)
        lines.append(f"{verdict:<{rw}}  {o.scenario.name:<{width}}  {o.scenario.source}")
        for f in o.failures_in(lang):
            lines.append(f"{'':<{rw}}  {'':<{width}}  - {f}")
        if not o.passed:
            lines.append(f"{'':<{rw}}  {'':<{width}}    {t('scenario.got', lang, got=o.got_in(lang))}")
    passed = sum(o.passed for o in outcomes)
    lines.append(t("scenario.totals", lang, passed=passed, failed=len(outcomes) - passed, count=len(outcomes)))
    return "\n".join(lines) + "\n"
