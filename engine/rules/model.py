"""Declarative rules (``rules/*.yaml``): loading, validation against the engine's vocabulary, and the
compiled form that both the durable-rules runner and the vectorised batch evaluator use.

A rule::

    - id: exit_audience_absent
      stage: knockout          # knockout rules are evaluated first, then condition, fit, advice
      priority: 10             # lower first within a stage; ties by id
      description: {nl: ..., en: ...}
      when: {all: [{field: answers.audience_on_social, op: eq, value: "no"},
                   {field: readiness.score, op: lt, value: {param: exit_readiness_threshold}}]}
      then:
        - take_exit: {reason: {nl: ..., en: ...}, fix_first: {nl: ..., en: ...}}
        - condition: {reason: {nl: ..., en: ...}, check: {nl: ..., en: ...}}   # stage condition only
        - adjust: {model: social_strategy_model, by: 10, reason: {nl: ..., en: ...}, about: [needs.go_no_go]}
        - exclude: {model: faseringsmodel, reason: {nl: ..., en: ...}, about: [needs.campaign]}
        - advice: {text: {nl: ..., en: ...}, decisions: [go, go_with_conditions]}

The exit decision (:data:`DECISIONS`) follows from the rules that fire: a knock-out (``take_exit``) means
"not now"; otherwise a ``condition`` (readiness doubtful, a precondition weak) means "go with
conditions"; otherwise "go". ``about`` names the subjects a model reason speaks to (``maturity``,
``readiness``, ``ownership``, ``needs.<need>``), so that the model's own reason on that subject gives
way to the rule's (one reason per subject per model). ``decisions`` limits advice to those outcomes.

A condition on a field with no value (every answer "don't know") is false, whatever the operator.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from ..model.catalogue import Catalogue
from ..errors import DataError, Problem
from ..files import limits
from ..files.loading import field_path, load_document, locate
from ..model.questionnaire import Questionnaire
from ..files.schemas import RULES
from ..files.cache import checked_schema
from ..model.vocabulary import (DECISIONS, MATURITY_DIMENSIONS, NEEDS, OWNERS, PRIMARY_VALUES, READINESS_DIMENSIONS,
                                REASON_SUBJECTS)
from ..model.weights import Weights

STAGES = ("knockout", "condition", "fit", "advice")
NUMERIC_OPS = ("eq", "ne", "lt", "lte", "gt", "gte", "in", "not_in")
CATEGORICAL_OPS = ("eq", "ne", "in", "not_in")
SET_OPS = ("contains",)
# Every compiled rule also requires this field, which only our facts carry: durable's own state record
# (sid, id, $s) can never match a rule and loop. Fact names of scores and answers all contain "__".
GUARD_FIELD = "sf_fact"


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: str  # numeric | categorical | set
    allowed: tuple = ()  # categorical and set: the allowed values

    @property
    def ops(self) -> tuple[str, ...]:
        return {"numeric": NUMERIC_OPS, "categorical": CATEGORICAL_OPS, "set": SET_OPS}[self.kind]


def fact_name(field: str) -> str:
    """``answers.who_posts`` -> ``answers__who_posts`` (durable field names carry no dots)."""
    return field.replace(".", "__")


def set_fact_name(field: str, option: Any) -> str:
    return f"{fact_name(field)}__{option}"


def field_vocabulary(q: Questionnaire) -> dict[str, FieldSpec]:
    """Every field a rule condition may name."""
    specs = [FieldSpec("maturity.score", "numeric"), FieldSpec("maturity.stage", "numeric"),
             FieldSpec("readiness.score", "numeric"), FieldSpec("meta.unknown_share", "numeric"),
             FieldSpec("ownership.primary", "categorical", PRIMARY_VALUES)]
    specs += [FieldSpec(f"maturity.{d}", "numeric") for d in MATURITY_DIMENSIONS]
    specs += [FieldSpec(f"readiness.{d}", "numeric") for d in READINESS_DIMENSIONS]
    specs += [FieldSpec(f"ownership.{o}", "numeric") for o in OWNERS]
    specs += [FieldSpec(f"needs.{n}", "numeric") for n in NEEDS]
    for item in q.items:
        name = f"answers.{item.id}"
        if item.type in ("likert5", "number"):
            specs.append(FieldSpec(name, "numeric"))
        elif item.type == "single":
            specs.append(FieldSpec(name, "categorical", tuple(str(v) for v in item.allowed_values)))
        else:
            specs.append(FieldSpec(name, "set", tuple(str(v) for v in item.allowed_values)))
    return {s.name: s for s in specs}


# ---------------------------------------------------------------- compiled form


@dataclass(frozen=True)
class Leaf:
    field: str
    kind: str
    op: str
    value: Any  # float, str, or a tuple of them for in / not_in


@dataclass(frozen=True)
class Group:
    op: str  # all | any
    parts: tuple["Leaf | Group", ...]


@dataclass(frozen=True)
class Action:
    kind: str  # take_exit | condition | exclude | adjust | advice
    model: str | None = None
    by: float = 0.0
    text: Mapping[str, str] | None = None  # reason (exit, condition, exclude, adjust) or advice text
    fix_first: Mapping[str, str] | None = None  # take_exit: what to fix first; condition: what to check
    about: tuple[str, ...] = ()  # adjust, exclude: the reason subjects this reason speaks to
    decisions: tuple[str, ...] = DECISIONS  # advice: the exit decisions it applies to


@dataclass(frozen=True)
class Rule:
    id: str
    stage: str
    priority: int
    description: Mapping[str, str]
    when: Leaf | Group
    then: tuple[Action, ...]
    source: str

    @property
    def order_key(self) -> tuple:
        """Knock-outs first, then conditions, fit, advice; lower priority first; then by id."""
        return (STAGES.index(self.stage), self.priority, self.id)


@dataclass(frozen=True)
class RuleSet:
    """All rules, in evaluation order."""

    rules: tuple[Rule, ...]
    fields: Mapping[str, FieldSpec]

    @property
    def by_id(self) -> dict[str, Rule]:
        return {r.id: r for r in self.rules}


def load_rules(paths: list[Path] | Path, q: Questionnaire, catalogue: Catalogue, weights: Weights) -> RuleSet:
    """Load rule files (a folder means every ``*.yaml`` in it, sorted) and validate them together."""
    if isinstance(paths, Path) or isinstance(paths, str):
        folder = Path(paths)
        paths = sorted(folder.glob("*.yaml")) if folder.is_dir() else [folder]
        if not paths:
            raise DataError(Problem(str(folder), "", "no rule files (*.yaml) found"))
    fields = field_vocabulary(q)
    rules: list[Rule] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for path in paths:
        source = str(path)
        doc = load_document(path)
        schema_errors = checked_schema(doc, RULES, source)
        if schema_errors:
            problems += schema_errors
            continue
        for i, raw in enumerate(doc["rules"]):
            rule = _build_rule(raw, i, doc, source, fields, catalogue, weights, problems)
            if rule.id in seen:
                problems.append(Problem(locate(source, doc, ["rules", i, "id"]), f"rules[{i}] ({rule.id}).id",
                                        f"duplicate rule id; first defined in {seen[rule.id]}"))
            seen[rule.id] = source
            rules.append(rule)
    if len(rules) > limits.MAX_RULES and not problems:
        where = str(paths[0]) if len(paths) == 1 else f"{len(paths)} rule files ({paths[0]}, ...)"
        problems.append(Problem(where, "", f"{len(rules):,} rules, more than {limits.MAX_RULES}; the rules engine "
                                           "(durable-rules) does not handle more in one ruleset -- merge similar rules"))
    if problems:
        raise DataError(problems)
    return RuleSet(rules=tuple(sorted(rules, key=lambda r: r.order_key)), fields=fields)


def _build_rule(raw, i, doc, source, fields, catalogue, weights, problems) -> Rule:
    rid = raw["id"]

    def problem(path: list, message: str) -> None:
        full = ["rules", i] + path
        problems.append(Problem(locate(source, doc, full), f"rules[{i}] ({rid})" + (
            "." + field_path(path) if path else ""), message))

    when = _build_condition(raw["when"], ["when"], fields, weights, problem)
    actions = []
    for k, act in enumerate(raw["then"]):
        (kind, body), = act.items()
        model = body.get("model")
        if model is not None and model not in catalogue.by_id:
            problem(["then", k, kind, "model"], f"unknown model {model!r}; known: {', '.join(catalogue.ids)}")
        if kind == "take_exit" and raw["stage"] != "knockout":
            problem(["then", k], "take_exit belongs in a rule of stage knockout")
        if kind == "condition" and raw["stage"] != "condition":
            problem(["then", k], "condition belongs in a rule of stage condition")
        for j, subject in enumerate(body.get("about", ())):
            if subject not in REASON_SUBJECTS:
                problem(["then", k, kind, "about", j],
                        f"unknown reason subject {subject!r}; allowed: {', '.join(REASON_SUBJECTS)}")
        text = body.get("reason") or body.get("text")
        actions.append(Action(kind=kind, model=model, by=float(body.get("by", 0.0)), text=text,
                              fix_first=body.get("fix_first") or body.get("check"),
                              about=tuple(body.get("about", ())),
                              decisions=tuple(body.get("decisions", DECISIONS))))
    if raw["stage"] == "knockout" and not any(a.kind == "take_exit" for a in actions):
        problem(["then"], "a knockout rule must take the exit (take_exit)")
    if raw["stage"] == "condition" and not any(a.kind == "condition" for a in actions):
        problem(["then"], "a condition rule must name a condition (condition)")
    return Rule(id=rid, stage=raw["stage"], priority=raw["priority"], description=raw["description"],
                when=when, then=tuple(actions), source=source)


def _build_condition(raw, path, fields, weights, problem, depth: int = 1) -> Leaf | Group:
    for op in ("all", "any"):
        if op in raw:
            if depth > limits.MAX_RULE_DEPTH:
                problem(path, f"conditions nested more than {limits.MAX_RULE_DEPTH} levels deep (all/any inside "
                              "all/any); expected a flatter condition")
                return Group(op, ())
            return Group(op, tuple(_build_condition(c, path + [op, k], fields, weights, problem, depth + 1)
                                   for k, c in enumerate(raw[op])))
    name, op, value = raw["field"], raw["op"], raw["value"]
    spec = fields.get(name)
    if spec is None:
        close = difflib.get_close_matches(name, list(fields), n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        scores = [f for f in fields if not f.startswith("answers.")]
        problem(path + ["field"], f"unknown score or answer {name!r}; {hint}allowed: {', '.join(scores)}, "
                                  f"or answers.<item id> for an item of the questionnaire")
        return Leaf(name, "numeric", op, value)
    if op not in spec.ops:
        problem(path + ["op"], f"operator {op!r} does not apply to {spec.kind} field {name!r}; allowed: {', '.join(spec.ops)}")
        return Leaf(name, spec.kind, op, value)
    if isinstance(value, Mapping):  # {param: name}
        if value["param"] not in weights.params:
            problem(path + ["value"], f"unknown parameter {value['param']!r}; known: {', '.join(weights.params)}")
            return Leaf(name, spec.kind, op, 0.0)
        value = weights.params[value["param"]]
    multi = op in ("in", "not_in")
    values = value if isinstance(value, list) else [value]
    if multi != isinstance(value, list):
        problem(path + ["value"], f"operator {op!r} takes {'a list of values' if multi else 'a single value'}")
        return Leaf(name, spec.kind, op, value)
    clean = []
    for v in values:
        if spec.kind == "numeric":
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                problem(path + ["value"], f"got {v!r}; {name!r} is a number, so the value must be a number")
                continue
            clean.append(float(v))  # numbers compare as numbers, never as text
        else:
            if str(v) not in spec.allowed:
                problem(path + ["value"], f"got {v!r}; allowed values of {name!r}: {', '.join(spec.allowed)}")
                continue
            clean.append(str(v))
    if not clean:
        return Leaf(name, spec.kind, op, value)
    return Leaf(name, spec.kind, op, tuple(clean) if multi else clean[0])


def condition_holds(cond: Leaf | Group, fact: Mapping[str, Any]) -> bool:
    """A plain-Python reading of a condition over a rule fact (see :func:`engine.assessment.rule_fact`).

    Not used to score: it is the independent reference that tests and benchmarks hold the durable-rules
    runner and the vectorised batch evaluator against. A leaf on a missing value is false.
    """
    if isinstance(cond, Group):
        results = [condition_holds(part, fact) for part in cond.parts]
        return all(results) if cond.op == "all" else any(results)
    if cond.op == "contains":
        return fact.get(set_fact_name(cond.field, cond.value)) == 1.0
    name = fact_name(cond.field)
    if name not in fact:
        return False
    v, target = fact[name], cond.value
    if cond.op == "in":
        return v in target
    if cond.op == "not_in":
        return v not in target
    if cond.op in ("eq", "ne"):
        return (v == target) == (cond.op == "eq")
    return {"lt": v < target, "lte": v <= target, "gt": v > target, "gte": v >= target}[cond.op]
