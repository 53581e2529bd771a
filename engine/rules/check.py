"""Static checks of a loaded rule set, the ones decision-table tools give their authors:

- ``unsatisfiable``: a condition no answer can satisfy, given the ranges of the scores and answers and
  the options of the choices (``readiness.score lt 20`` *and* ``gt 40``; a stage and a maturity score
  that exclude each other);
- ``threshold``: a comparison with a number outside the field's range (``readiness.score gt 120``);
- ``shadowed``: a rule whose condition is the same as, or narrower than, that of a rule evaluated
  before it in the same stage that does the same: whenever it fires the other fires too, so it only
  repeats that effect;
- ``conflict``: two rules that push the same model in opposite directions (raise against lower or
  exclude) under conditions that can hold at once.

Each finding names the file, the line, the rule id and why. Conditions are read as boxes: a
condition is turned into a disjunction of conjunctions (:func:`boxes`), each conjunction into one
allowed set per field (intervals for numbers, option sets for choices). A stage condition is read as
the maturity scores of that stage, so that "stage 1" and "maturity at least 60" exclude each other. A
field left unconstrained may also be unknown; one that a leaf names must be known (a leaf on an unknown
value is false). Relations between different scores (readiness and its dimensions, say) are not
modelled: the checks report only what they can prove from the conditions themselves.

Every message is built in Dutch and English at once (:attr:`Finding.texts`, through :mod:`engine.i18n`);
rule ids, fields, operators and file names stay as the rule files write them.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import product
from typing import Any, Callable, Iterable, Mapping

from ..files.loading import line_of, load_document
from ..i18n import LANGUAGES, t
from ..model.questionnaire import Questionnaire
from .model import Group, Leaf, Rule, RuleSet

MAX_BOXES = 512  # a condition whose disjunctive form grows beyond this is not analysed
STAGE_FIELD = "maturity.stage"
MATURITY_FIELD = "maturity.score"


@dataclass(frozen=True)
class Finding:
    check: str  # unsatisfiable | threshold | shadowed | conflict
    source: str
    line: int | None
    rule: str
    texts: Mapping[str, str]  # the message per language
    never: bool = False  # a threshold no value reaches (then the condition is not reported again)

    @property
    def location(self) -> str:
        return f"{self.source}:{self.line}" if self.line else self.source

    @property
    def message(self) -> str:
        """The message in English (``socialfit validate`` and the error lists are English)."""
        return self.texts["en"]

    def text(self, lang: str) -> str:
        return self.texts.get(lang) or self.message

    def line_text(self, lang: str = "en") -> str:
        """One line of ``socialfit rules check``: place, rule, the kind of check and why, in ``lang``."""
        return f"{self.location}: {self.rule}: [{t(f'check.kind.{self.check}', lang)}] {self.text(lang)}"

    def __str__(self) -> str:
        return self.line_text("en")

    def to_dict(self, lang: str = "en") -> dict:
        return {"check": self.check, "file": self.source, "line": self.line, "rule": self.rule,
                "message": self.text(lang)}


def _both(build: Callable[[str], str]) -> dict[str, str]:
    """A message in every language."""
    return {lang: build(lang) for lang in LANGUAGES}


# ---------------------------------------------------------------- allowed sets


@dataclass(frozen=True)
class Interval:
    lo: float
    lo_in: bool
    hi: float
    hi_in: bool

    @property
    def empty(self) -> bool:
        return self.lo > self.hi or (self.lo == self.hi and not (self.lo_in and self.hi_in))

    def meet(self, other: "Interval") -> "Interval":
        lo, lo_in = max((self.lo, not self.lo_in), (other.lo, not other.lo_in))
        hi, hi_in = min((self.hi, self.hi_in), (other.hi, other.hi_in))
        return Interval(lo, not lo_in, hi, hi_in)

    def within(self, other: "Interval") -> bool:
        lo_ok = other.lo < self.lo or (other.lo == self.lo and (other.lo_in or not self.lo_in))
        hi_ok = self.hi < other.hi or (self.hi == other.hi and (other.hi_in or not self.hi_in))
        return lo_ok and hi_ok

    def describe(self) -> str:
        if self.lo == self.hi:
            return _n(self.lo)
        return f"{'[' if self.lo_in else '('}{_n(self.lo)}, {_n(self.hi)}{']' if self.hi_in else ')'}"


def _n(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


@dataclass(frozen=True)
class Numbers:
    """A union of disjoint intervals."""

    parts: tuple[Interval, ...]

    @property
    def empty(self) -> bool:
        return not self.parts

    def meet(self, other: "Numbers") -> "Numbers":
        out = [a.meet(b) for a in self.parts for b in other.parts]
        return Numbers(tuple(sorted((i for i in out if not i.empty), key=lambda i: (i.lo, not i.lo_in))))

    def within(self, other: "Numbers") -> bool:
        return all(any(a.within(b) for b in other.parts) for a in self.parts)

    def describe(self, lang: str = "en") -> str:
        return t("check.or", lang).join(i.describe() for i in self.parts) or t("check.nothing", lang)


@dataclass(frozen=True)
class Choices:
    values: frozenset

    @property
    def empty(self) -> bool:
        return not self.values

    def meet(self, other: "Choices") -> "Choices":
        return Choices(self.values & other.values)

    def within(self, other: "Choices") -> bool:
        return self.values <= other.values

    def describe(self, lang: str = "en") -> str:
        return ", ".join(sorted(map(str, self.values))) or t("check.nothing", lang)


def ranges(q: Questionnaire) -> dict[str, Interval]:
    """The range of every numeric field a rule may name."""
    out: dict[str, Interval] = {}
    for item in q.items:
        if item.type == "likert5":
            out[f"answers.{item.id}"] = Interval(1, True, 5, True)
        elif item.type == "number":
            out[f"answers.{item.id}"] = Interval(float(item.min), True, float(item.max), True)
    stages = [s.stage for s in q.stages]
    out[STAGE_FIELD] = Interval(min(stages), True, max(stages), True)
    out["meta.unknown_share"] = Interval(0, True, 1, True)
    return out


class Domain:
    """What a field can hold: its range (numbers) or options (choices), for a rule set and questionnaire."""

    def __init__(self, rules: RuleSet, q: Questionnaire):
        self.fields = rules.fields
        self.q = q
        self.ranges = ranges(q)

    def range_of(self, field: str) -> Interval:
        if field in self.ranges:
            return self.ranges[field]
        if field.startswith("ownership."):
            return Interval(0, True, 1, True)
        return Interval(0, True, 100, True)  # every score

    def describe(self, key: str, lang: str = "en") -> str:
        spec = self.fields.get(key)
        if spec is not None and spec.kind == "categorical":
            return t("check.options", lang, values=", ".join(spec.allowed))
        return t("check.range", lang, range=self.range_of(key).describe())

    def stage_scores(self, stages: Iterable[float]) -> Numbers:
        """The maturity scores of the given stages (a stage runs from its min to the next stage's)."""
        order = sorted(self.q.stages, key=lambda s: s.min)
        parts = []
        for k, s in enumerate(order):
            if s.stage in stages:
                hi = order[k + 1].min if k + 1 < len(order) else 100.0
                parts.append(Interval(float(s.min), True, float(hi), k + 1 == len(order)))
        return Numbers(tuple(parts))

    def allowed(self, leaf: Leaf) -> tuple[str, Numbers | Choices]:
        """(key, allowed set) of a leaf; a stage leaf becomes a set of maturity scores."""
        if leaf.kind == "set":
            return f"{leaf.field}[{leaf.value}]", Choices(frozenset({True}))
        many = leaf.value if isinstance(leaf.value, tuple) else (leaf.value,)
        if leaf.kind == "categorical":
            everything = frozenset(self.fields[leaf.field].allowed)
            chosen = frozenset(map(str, many))
            return leaf.field, Choices(chosen if leaf.op in ("eq", "in") else everything - chosen)
        numbers = _numbers(leaf.op, [float(v) for v in many], self.range_of(leaf.field))
        if leaf.field == STAGE_FIELD:
            stages = [s.stage for s in self.q.stages
                      if any(i.lo <= s.stage <= i.hi and not Interval(s.stage, True, s.stage, True).meet(i).empty
                             for i in numbers.parts)]
            return MATURITY_FIELD, self.stage_scores(stages)
        return leaf.field, numbers


def _numbers(op: str, values: list[float], dom: Interval) -> Numbers:
    v = values[0]
    if op == "lt":
        parts = [Interval(dom.lo, dom.lo_in, v, False)]
    elif op == "lte":
        parts = [Interval(dom.lo, dom.lo_in, v, True)]
    elif op == "gt":
        parts = [Interval(v, False, dom.hi, dom.hi_in)]
    elif op == "gte":
        parts = [Interval(v, True, dom.hi, dom.hi_in)]
    elif op in ("eq", "in"):
        parts = [Interval(x, True, x, True) for x in sorted(set(values))]
    else:  # ne, not_in: the range with the values carved out
        parts, lo, lo_in = [], dom.lo, dom.lo_in
        for x in sorted(set(values)):
            parts.append(Interval(lo, lo_in, x, False))
            lo, lo_in = x, False
        parts.append(Interval(lo, lo_in, dom.hi, dom.hi_in))
    return Numbers(tuple(i.meet(dom) for i in parts if not i.meet(dom).empty))


# ---------------------------------------------------------------- boxes


Box = dict  # key -> Numbers | Choices; a key absent: anything, also unknown


def leaves_dnf(cond: Leaf | Group) -> list[list[Leaf]] | None:
    """The condition as a disjunction of conjunctions of leaves (None when it grows too large)."""
    if isinstance(cond, Leaf):
        return [[cond]]
    parts = [leaves_dnf(c) for c in cond.parts]
    if any(p is None for p in parts):
        return None
    if cond.op == "any":
        out = [conj for p in parts for conj in p]
    else:
        out = [sum(combo, []) for combo in product(*parts)] if len(parts) else [[]]
    return out if len(out) <= MAX_BOXES else None


def box_of(domain: Domain, leaves: list[Leaf]) -> tuple[Box, Leaf | None]:
    """The allowed set per field of a conjunction, and the leaf that made it empty (None if it is not)."""
    box: Box = {}
    for leaf in leaves:
        key, allowed = domain.allowed(leaf)
        box[key] = box[key].meet(allowed) if key in box else allowed
        if box[key].empty:
            return box, leaf
    return box, None


def boxes(domain: Domain, cond) -> list[Box] | None:
    """The non-empty boxes of a condition (None: too large to analyse)."""
    dnf = leaves_dnf(cond)
    if dnf is None:
        return None
    out = []
    for conj in dnf:
        box, empty_at = box_of(domain, conj)
        if empty_at is None:
            out.append(box)
    return out


def box_within(inner: Box, outer: Box) -> bool:
    return all(key in inner and inner[key].within(allowed) for key, allowed in outer.items())


def box_meet(a: Box, b: Box) -> Box | None:
    out = dict(a)
    for key, allowed in b.items():
        out[key] = out[key].meet(allowed) if key in out else allowed
        if out[key].empty:
            return None
    return out


def describe_box(box: Box, lang: str = "en") -> str:
    return (t("check.and", lang).join(t("check.in", lang, field=k, values=v.describe(lang)) for k, v in sorted(box.items()))
            or t("check.always", lang))


# ---------------------------------------------------------------- the checks


def check_rules(rules: RuleSet, q: Questionnaire) -> list[Finding]:
    """Every finding of every check, in file and line order."""
    domain = Domain(rules, q)
    places = _places(rules)
    found: list[Finding] = []
    analysed = {r.id: boxes(domain, r.when) for r in rules.rules}
    for rule in rules.rules:
        limits = _thresholds(domain, rule, places)
        found += limits
        if not any(f.never for f in limits):  # a threshold no value reaches says it already
            found += _unsatisfiable(domain, rule, places, analysed[rule.id])
    found += _shadowed(rules, places, analysed)
    found += _conflicts(rules, places, analysed)
    return sorted(found, key=lambda f: (f.source, f.line or 0, f.rule, f.check))


class _Places:
    """Lines in the rule files: the rule, its condition, and each leaf of it."""

    def __init__(self):
        self.rule: dict[str, int | None] = {}
        self.when: dict[str, int | None] = {}
        self.leaf: dict[tuple[str, int], int | None] = {}


def _places(rules: RuleSet) -> _Places:
    places = _Places()
    docs: dict[str, Any] = {}
    for rule in rules.rules:
        doc = docs.setdefault(rule.source, load_document(rule.source))
        index = next((i for i, raw in enumerate(doc.get("rules", [])) if raw.get("id") == rule.id), None)
        if index is None:
            continue
        base = ["rules", index]
        places.rule[rule.id] = line_of(doc, base + ["id"])
        places.when[rule.id] = line_of(doc, base + ["when"])
        for k, path in enumerate(_leaf_paths(rule.when, base + ["when"])):
            places.leaf[(rule.id, k)] = line_of(doc, path + ["value"])
    return places


def _leaf_paths(cond, path: list) -> list[list]:
    if isinstance(cond, Leaf):
        return [path]
    return [p for k, c in enumerate(cond.parts) for p in _leaf_paths(c, path + [cond.op, k])]


def _leaves(cond) -> list[Leaf]:
    return [cond] if isinstance(cond, Leaf) else [x for c in cond.parts for x in _leaves(c)]


def _thresholds(domain: Domain, rule: Rule, places: _Places) -> list[Finding]:
    out = []
    for k, leaf in enumerate(_leaves(rule.when)):
        if leaf.kind != "numeric":
            continue
        dom = domain.range_of(leaf.field)
        many = leaf.value if isinstance(leaf.value, tuple) else (leaf.value,)
        outside = [v for v in many if v < dom.lo or v > dom.hi]
        if not outside:
            continue
        allowed = _numbers(leaf.op, [float(v) for v in many], dom)
        if allowed.empty:
            effect = "check.never"
        elif Numbers((dom,)).within(allowed):
            effect = "check.always_true"
        else:
            effect = "check.no_effect"
        said = f"{leaf.field} {leaf.op} {', '.join(_n(v) for v in outside)}"
        out.append(Finding("threshold", rule.source, places.leaf.get((rule.id, k)), rule.id,
                           _both(lambda lang, said=said, dom=dom, leaf=leaf, effect=effect: t(
                               "check.threshold", lang, leaf=said, range=dom.describe(), field=leaf.field,
                               effect=t(effect, lang))),
                           never=effect == "check.never"))
    return out


def _unsatisfiable(domain: Domain, rule: Rule, places: _Places, analysed) -> list[Finding]:
    if analysed is None or analysed:
        return []
    dnf = leaves_dnf(rule.when)
    emptied = []  # per conjunction (the first three): the field left without a value, and the leaves on it
    for conj in dnf[:3]:
        box, leaf = box_of(domain, conj)
        key, _ = domain.allowed(leaf)
        emptied.append((key, [x for x in conj if domain.allowed(x)[0] == key]))

    def message(lang: str) -> str:
        reasons = [t("check.leaves_many" if len(others) > 1 else "check.leaves_one", lang,
                     leaves=t("check.and", lang).join(_leaf_text(x) for x in others), field=key,
                     domain=domain.describe(key, lang)) for key, others in emptied]
        return t("check.unsatisfiable", lang, reasons=t("check.or_reasons", lang).join(reasons))

    return [Finding("unsatisfiable", rule.source, places.when.get(rule.id), rule.id, _both(message))]


def _leaf_text(leaf: Leaf) -> str:
    value = leaf.value
    shown = "[" + ", ".join(map(str, value)) + "]" if isinstance(value, tuple) else (
        _n(value) if isinstance(value, float) else str(value))
    return f"{leaf.field} {leaf.op} {shown}"


def _signature(rule: Rule) -> list[tuple]:
    """What a rule does, without its wording: the same signature means the same action."""
    out = []
    for a in rule.then:
        if a.kind == "adjust":
            out.append(("adjust", a.model, a.by))
        elif a.kind == "exclude":
            out.append(("exclude", a.model))
        elif a.kind == "take_exit":
            out.append(("take_exit",))
        else:
            out.append(("advice", tuple(sorted((a.text or {}).items()))))
    return out


def _shadowed(rules: RuleSet, places: _Places, analysed) -> list[Finding]:
    out = []
    ordered = list(rules.rules)
    for j, later in enumerate(ordered):
        inner = analysed[later.id]
        if not inner:
            continue  # unsatisfiable or too large: reported (or skipped) elsewhere
        mine = _signature(later)
        for earlier in ordered[:j]:
            outer = analysed[earlier.id]
            if earlier.stage != later.stage or not outer:
                continue
            theirs = _signature(earlier)
            if not all(s in theirs for s in mine):
                continue
            if all(any(box_within(b, o) for o in outer) for b in inner):
                place = f"{earlier.source}:{places.rule.get(earlier.id)}"
                out.append(Finding(
                    "shadowed", later.source, places.rule.get(later.id), later.id,
                    _both(lambda lang, earlier=earlier, later=later, place=place: t(
                        "check.shadowed", lang, other=earlier.id, place=place, priority=earlier.priority,
                        actions=_actions_text(later, lang)))))
                break
    return out


def _actions_text(rule: Rule, lang: str) -> str:
    parts = []
    for a in rule.then:
        if a.kind in ("adjust", "exclude"):
            parts.append(t(f"check.action.{a.kind}", lang, model=a.model, by=a.by or 0))
        else:
            parts.append(t(f"check.action.{a.kind}", lang))
    return ", ".join(parts)


def _directions(rule: Rule) -> dict[str, tuple[int, Callable[[str], str]]]:
    """model -> (+1 raised / -1 lowered or excluded, what the rule does to it, per language)."""
    out: dict[str, tuple[int, Callable[[str], str]]] = {}
    for a in rule.then:
        if a.kind == "adjust" and a.by != 0:
            key = "check.raises" if a.by > 0 else "check.lowers"
            out[a.model] = (1 if a.by > 0 else -1, lambda lang, key=key, by=abs(a.by): t(key, lang, by=by))
        elif a.kind == "exclude":
            out[a.model] = (-1, lambda lang: t("check.excludes", lang))
    return out


def _conflicts(rules: RuleSet, places: _Places, analysed) -> list[Finding]:
    out = []
    ordered = list(rules.rules)
    for j, b in enumerate(ordered):
        for a in ordered[:j]:
            da, db = _directions(a), _directions(b)
            for model in sorted(set(da) & set(db)):
                if da[model][0] == db[model][0] or not analysed[a.id] or not analysed[b.id]:
                    continue
                both = next((m for x in analysed[a.id] for y in analysed[b.id] if (m := box_meet(x, y)) is not None), None)
                if both is None:
                    continue
                place = f"{a.source}:{places.rule.get(a.id)}"
                out.append(Finding(
                    "conflict", b.source, places.rule.get(b.id), b.id,
                    _both(lambda lang, a=a, place=place, model=model, mine=db[model][1], theirs=da[model][1],
                          both=both: t("check.conflict", lang, other=a.id, place=place, model=model,
                                       mine=mine(lang), theirs=theirs(lang), case=describe_box(both, lang)))))
    return out


def problems_of(findings: Iterable[Finding]) -> list:
    """The findings as :class:`engine.errors.Problem` (for ``socialfit validate``)."""
    from ..errors import Problem

    return [Problem(f.location, f"rule {f.rule}", f"[{f.check}] {f.message}") for f in findings]


def summary(findings: list[Finding]) -> Mapping[str, int]:
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.check] = counts.get(f.check, 0) + 1
    return counts
