"""Our one wrapper around durable-rules. Nothing else imports ``durable``.

durable-rules keeps process-global state and bites in known ways (see shared/durable_rules.md):
- a rule that could match the session's own state record loops forever: every compiled rule tests a
  guard field (``sf_fact == 1``) that only our facts carry, and every leaf also tests that its field
  exists, so absent values never match;
- exceptions in actions are swallowed: our actions only record the rule id, and we check the state
  for an ``exception`` after every assertion;
- ``MessageNotHandledException`` means "no rule matched"; worse, deleting the state of a session whose
  only fact was not handled segfaults (measured on 2.0.28). So every ruleset carries a catch-all rule
  (``sf_always``, matching the guard alone, fired last) and every fact is handled;
- at most 1,024 live sessions per ruleset: one session per assessment, deleted right after;
- strings compare as text: every numeric value is cast to float, in facts and in rules;
- durable's JSON parser rejects a number with an exponent but no decimal point (``1e-06``, ``1e+16``,
  which is how Python writes such floats): :func:`durable_number` moves those one ulp towards
  zero, in facts and in rules alike, so that their text has a point;
- a ruleset name can be registered once per host: each runner owns its own ``Host`` and a unique name;
- facts fire every matching rule (events only the first), so we assert facts.
"""
from __future__ import annotations

import itertools
import math
import threading
from typing import Any, Mapping

from durable.engine import Host, MessageNotHandledException

from .model import GUARD_FIELD, Group, Leaf, Rule, RuleSet, fact_name, set_fact_name

_names = itertools.count(1)
CATCH_ALL = "sf-always"  # a hyphen: no rule id of ours can take this name


class RulesEngineError(RuntimeError):
    """durable-rules reported a failure inside a session (an engine bug, not bad user data)."""


def durable_number(value: Any) -> Any:
    """``value``, or for a float that Python's JSON writes as ``1e-06`` / ``1e+16`` (which durable cannot
    parse), the float one ulp nearer zero (``9.999999999999999e-07``). Rules and facts pass through the
    same map, so equal values stay equal and order is kept except between such a float and its neighbour."""
    if isinstance(value, float) and math.isfinite(value):
        text = repr(value)
        if "e" in text and "." not in text:
            return math.nextafter(value, 0.0)
    return value


def compile_condition(cond: Leaf | Group) -> dict:
    """Our condition tree -> a durable-rules JSON expression."""
    if isinstance(cond, Group):
        parts = [compile_condition(c) for c in cond.parts]
        if len(parts) == 1:
            return parts[0]
        return {"$and" if cond.op == "all" else "$or": parts}
    name = fact_name(cond.field)
    exists = {"$ex": {name: 1}}
    value = tuple(map(durable_number, cond.value)) if isinstance(cond.value, tuple) else durable_number(cond.value)
    cond = Leaf(cond.field, cond.kind, cond.op, value)
    if cond.op == "contains":
        return {set_fact_name(cond.field, cond.value): 1.0}
    if cond.op == "eq":
        return {name: cond.value}
    if cond.op == "ne":
        return {"$and": [exists, {"$neq": {name: cond.value}}]}
    if cond.op in ("lt", "lte", "gt", "gte"):
        return {f"${cond.op}": {name: cond.value}}
    if cond.op == "in":
        options = [{name: v} for v in cond.value]
        return options[0] if len(options) == 1 else {"$or": options}
    if cond.op == "not_in":
        return {"$and": [exists] + [{"$neq": {name: v}} for v in cond.value]}
    raise ValueError(f"unknown operator {cond.op!r}")  # pragma: no cover - validated at load


def compile_ruleset(rules: RuleSet) -> dict:
    """The durable-rules ruleset body: one rule per rule of ours, ``pri`` in our evaluation order."""
    body = {}
    pri = 0
    for pri, rule in enumerate(rules.rules, start=1):
        body[rule.id] = {
            "all": [{"m": {"$and": [{GUARD_FIELD: 1.0}, compile_condition(rule.when)]}}],
            "run": rule.id,
            "pri": pri,
        }
    body[CATCH_ALL] = {"all": [{"m": {GUARD_FIELD: 1.0}}], "run": CATCH_ALL, "pri": pri + 1}
    return body


class _RecordingHost(Host):
    """A durable Host whose named actions only record which rule fired for which session."""

    def __init__(self, fired: dict[str, list[str]]):
        self._fired = fired
        super().__init__()

    def _run(self) -> None:
        """Start no background threads. ``Host`` normally starts two timer threads that, every 0.2 s,
        take any session's pending action and run it (``Ruleset.dispatch``). We run every action
        synchronously inside ``assert_fact``; a timer thread that takes one of ours in between records
        the rule after we read the session (a rule seen as not fired) or touches a session we already
        deleted (a segfault). Both were seen under load; without the threads neither can happen."""

    def get_action(self, action_name: str):
        fired = self._fired

        def record(c):
            fired[c.s.sid].append(action_name)

        return record


class DurableRuleRunner:
    """Runs a :class:`RuleSet` on one fact at a time, each in its own durable session.

    Thread-safe by a lock (the C core holds the GIL anyway). One runner per rule set; it owns its Host.
    """

    def __init__(self, rules: RuleSet):
        self.rules = rules
        self.name = f"socialfit_rules_{next(_names)}"
        self._fired: dict[str, list[str]] = {}
        self._sids = itertools.count(1)
        self._lock = threading.Lock()
        self._host = _RecordingHost(self._fired)
        self._host.set_rulesets({self.name: compile_ruleset(rules)})

    def matching_rules(self, fact: Mapping[str, Any]) -> list[Rule]:
        """The rules whose conditions hold for ``fact``, in evaluation order."""
        with self._lock:
            sid = str(next(self._sids))
            self._fired[sid] = []
            try:
                try:
                    record = {k: durable_number(v) for k, v in fact.items()}
                    self._host.assert_fact(self.name, {**record, GUARD_FIELD: 1.0, "sid": sid})
                except MessageNotHandledException:
                    pass  # no rule matched: a normal outcome
                state = self._host.get_state(self.name, sid)
                if state and "exception" in state:
                    raise RulesEngineError(f"durable-rules failed in session {sid}: {state['exception']}")
                fired = set(self._fired[sid])
            finally:
                self._fired.pop(sid, None)
                self._host.delete_state(self.name, sid)
        return [r for r in self.rules.rules if r.id in fired]
