"""The intake questionnaire: loading, validation against the vocabulary, visibility and item scores."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Mapping

from ..errors import DataError, Problem
from ..files.loading import field_path, locate
from ..files.schemas import QUESTIONNAIRE
from ..files.cache import load_valid_document
from .vocabulary import OWNERS, OWNERSHIP, SCALES

Text = Mapping[str, str]
LIKERT_VALUES = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Option:
    value: str | int
    label: Text
    scores: Mapping[str, float]
    shares: tuple[float, ...] | None = None  # one share per owner, in the order of OWNERS

    @property
    def assigns_nobody(self) -> bool:
        """An answer such as "nobody yet": it feeds ownership but names no owner (every share 0)."""
        return self.shares is not None and not any(self.shares)


@dataclass(frozen=True)
class ShowIf:
    """``item in values`` (or ``not in`` when ``negate``), or the conjunction of ``all``."""

    item: str | None = None
    values: tuple = ()
    negate: bool = False
    all: tuple["ShowIf", ...] = ()

    def describe(self) -> str:
        if self.all:
            return " and ".join(c.describe() for c in self.all)
        op = "not in" if self.negate else "in"
        return f"{self.item} {op} [{', '.join(map(str, self.values))}]"


@dataclass(frozen=True)
class Band:
    below: float | None
    score: float


@dataclass(frozen=True)
class Item:
    id: str
    section: str
    type: str
    text: Text
    help: Text | None
    required: bool
    dont_know: bool
    reverse: bool
    show_if: ShowIf | None
    feeds: Mapping[str, float]
    options: tuple[Option, ...] = ()
    min: float | None = None
    max: float | None = None
    unit: Text | None = None
    bands: tuple[Band, ...] = ()
    changeable: bool = False  # the organisation can influence this answer (what-if proposes only these)
    since: str | None = None  # the questionnaire version that added this item (None: the first)
    _by_value: Mapping[Any, Option] = field(default_factory=dict, repr=False, compare=False)

    def option(self, value: Any) -> Option | None:
        return self._by_value.get(value)

    @property
    def allowed_values(self) -> tuple:
        if self.type == "likert5":
            return LIKERT_VALUES
        return tuple(o.value for o in self.options)

    def score(self, scale: str, value: Any) -> float:
        """The 0-100 score of a (valid, non-null) answer for one scale this item feeds."""
        if self.type == "likert5":
            base = (value - 1) * 25.0
            return 100.0 - base if self.reverse else base
        if self.type == "single":
            return float(self._by_value[value].scores.get(scale, 0.0))
        if self.type == "multi":
            return min(100.0, float(sum(self._by_value[v].scores.get(scale, 0.0) for v in value)))
        for band in self.bands:  # number
            if band.below is None or value < band.below:
                return float(band.score)
        raise AssertionError("validated bands end with an open band")  # pragma: no cover

    @cached_property
    def asks_owner(self) -> bool:
        """An owner question ("who posts ...?"): one of its options is "nobody yet". Only these decide
        whether ownership is assigned at all; objectives and structure only tilt the shares."""
        return any(o.assigns_nobody for o in self.options)

    def shares(self, value: Any) -> tuple[float, ...] | None:
        """Ownership share vector of an answer (multi: the mean of the chosen options)."""
        if self.type == "single":
            return self._by_value[value].shares
        if self.type == "multi" and value:
            vectors = [self._by_value[v].shares for v in value]
            return tuple(sum(vec[i] for vec in vectors) / len(vectors) for i in range(len(OWNERS)))
        return None


@dataclass(frozen=True)
class Stage:
    stage: int
    min: float
    name: Text
    description: Text | None


@dataclass(frozen=True)
class Questionnaire:
    id: str
    version: str
    title: Text
    intro: Text | None
    likert5_labels: Mapping[int, Text]
    dont_know_label: Text
    sections: Mapping[str, Text]
    stages: tuple[Stage, ...]
    items: tuple[Item, ...]
    source: str = ""
    compatible_versions: tuple[str, ...] = ()  # older versions whose answers files still score

    def reads(self, ref: str) -> str | None:
        """The version an answers file's ``questionnaire`` reference names when this questionnaire scores
        it (its own or a compatible older one); ``None`` when it cannot."""
        qid, _, version = str(ref).partition("@")
        if qid == self.id and (version == self.version or version in self.compatible_versions):
            return version
        return None

    def added_since(self, version: str) -> tuple[Item, ...]:
        """The items a file written for an older ``version`` cannot have answered."""
        old = _version_key(version)
        return tuple(i for i in self.items if i.since is not None and _version_key(i.since) > old)

    @property
    def ref(self) -> str:
        """What an answers file names: ``intake@1.0``."""
        return f"{self.id}@{self.version}"

    @cached_property
    def by_id(self) -> Mapping[str, Item]:
        return {i.id: i for i in self.items}

    def stage_for(self, score: float | None) -> Stage | None:
        if score is None:
            return None
        current = self.stages[0]
        for stage in self.stages:
            if score >= stage.min:
                current = stage
        return current

    def visible(self, answers: Mapping[str, Any]) -> dict[str, bool]:
        """Which items are shown, given the answers so far (in questionnaire order)."""
        shown: dict[str, bool] = {}
        for item in self.items:
            shown[item.id] = item.show_if is None or _holds(item.show_if, answers, shown)
        return shown


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else 0 for part in str(version).split("."))


def _holds(cond: ShowIf, answers: Mapping[str, Any], shown: Mapping[str, bool]) -> bool:
    if cond.all:
        return all(_holds(c, answers, shown) for c in cond.all)
    value = answers.get(cond.item) if shown.get(cond.item, False) else None
    if value is None:  # the condition's item is hidden or unanswered: the dependent item stays hidden
        return False
    chosen = set(value) if isinstance(value, list) else {value}
    hit = bool(chosen & set(cond.values))
    return not hit if cond.negate else hit


# ---------------------------------------------------------------- loading


def load_questionnaire(path: str | Path) -> Questionnaire:
    """Load and validate a questionnaire file; raises :class:`DataError` listing every problem."""
    source = str(path)
    doc = load_valid_document(path, QUESTIONNAIRE)
    problems: list[Problem] = []
    q = _build(doc, source, problems)
    if problems:
        raise DataError(problems)
    return q


def _build(doc: Mapping, source: str, problems: list[Problem]) -> Questionnaire:
    def problem(path: list, message: str) -> None:
        problems.append(Problem(locate(source, doc, path), field_path(path), message))

    labels = {}
    for key, text in doc["likert5_labels"].items():
        labels[key] = text
    if sorted(labels, key=str) != list(LIKERT_VALUES):
        problem(["likert5_labels"], f"got keys {sorted(labels, key=str)}; expected exactly 1, 2, 3, 4, 5")

    sections = {}
    for i, sec in enumerate(doc["sections"]):
        if sec["id"] in sections:
            problem(["sections", i, "id"], f"duplicate section id {sec['id']!r}")
        sections[sec["id"]] = sec["title"]

    stages = []
    for i, st in enumerate(doc["stages"]):
        if st["stage"] != i + 1:
            problem(["stages", i, "stage"], f"got {st['stage']}; expected {i + 1} (stages 1..5 in order)")
        if i == 0 and st["min"] != 0:
            problem(["stages", i, "min"], f"got {st['min']}; the first stage must start at 0")
        if i and st["min"] <= stages[-1].min:
            problem(["stages", i, "min"], f"got {st['min']}; expected more than the previous stage's {stages[-1].min}")
        stages.append(Stage(st["stage"], float(st["min"]), st["name"], st.get("description")))

    items: list[Item] = []
    seen: dict[str, Item] = {}
    fed: set[str] = set()
    for i, raw in enumerate(doc["items"]):
        item = _build_item(raw, ["items", i], seen, sections, problem)
        if item.id in seen:
            problem(["items", i, "id"], f"duplicate item id {item.id!r}")
        seen[item.id] = item
        items.append(item)
        fed.update(item.feeds)
    for i, item in enumerate(items):
        if item.since is None:
            continue
        if _version_key(item.since) > _version_key(doc["version"]):
            problem(["items", i, "since"], f"got {item.since!r}; expected at most the questionnaire's version {doc['version']!r}")
        if item.required and any(_version_key(item.since) > _version_key(v) for v in doc.get("compatible_versions") or ()):
            problem(["items", i, "required"], "an item added since a compatible older version must not be required "
                    "(answers files of that version cannot have answered it); add 'required: false'")
    for scale in SCALES:
        if scale not in fed:
            problem(["items"], f"no item feeds the scale {scale!r}; every scale needs at least one item")

    return Questionnaire(
        id=doc["id"], version=doc["version"], title=doc["title"], intro=doc.get("intro"),
        likert5_labels=labels, dont_know_label=doc["dont_know_label"], sections=sections,
        stages=tuple(stages), items=tuple(items), source=source,
        compatible_versions=tuple(str(v) for v in doc.get("compatible_versions") or ()),
    )


def _build_item(raw: Mapping, path: list, seen: Mapping[str, Item], sections: Mapping, problem) -> Item:
    kind = raw["type"]
    feeds = dict(raw.get("feeds") or {})
    for scale in feeds:
        if scale not in SCALES:
            problem(path + ["feeds", scale], f"unknown scale {scale!r}; allowed: {', '.join(SCALES)}")
    if raw["section"] not in sections:
        problem(path + ["section"], f"unknown section {raw['section']!r}; allowed: {', '.join(sections)}")
    if raw.get("reverse") and kind != "likert5":
        problem(path + ["reverse"], "only likert5 items can be reverse-scored")
    if OWNERSHIP in feeds and kind not in ("single", "multi"):
        problem(path + ["feeds", OWNERSHIP], "only single and multi items can feed ownership")

    options = []
    by_value: dict[Any, Option] = {}
    for j, opt in enumerate(raw.get("options") or []):
        opath = path + ["options", j]
        if kind not in ("single", "multi"):
            problem(opath, f"a {kind} item has no options")
            break
        if opt["value"] in by_value:
            problem(opath + ["value"], f"duplicate option value {opt['value']!r}")
        for scale in opt.get("scores") or {}:
            if scale not in feeds or scale == OWNERSHIP:
                problem(opath + ["scores", scale], f"scores a scale the item does not feed; it feeds: {', '.join(feeds) or 'nothing'}")
        shares = None
        if "shares" in opt:
            # communication may be left out (questionnaires written before it was an owner): share 0
            vec = tuple(float(opt["shares"].get(o, 0.0)) for o in OWNERS)
            if abs(sum(vec) - 1.0) > 1e-6 and (sum(vec) != 0 or kind != "single"):
                problem(opath + ["shares"], f"shares sum to {sum(vec):g}; expected 1 (or all 0 for an answer "
                        "such as 'nobody yet' that names no owner, single items only)")
            shares = vec
        if (OWNERSHIP in feeds) != (shares is not None):
            problem(opath, "options carry shares exactly when the item feeds ownership")
        option = Option(opt["value"], opt["label"], dict(opt.get("scores") or {}), shares)
        options.append(option)
        by_value[option.value] = option

    bands = tuple(Band(b.get("below"), float(b["score"])) for b in raw.get("bands") or [])
    if kind == "number":
        if raw["min"] >= raw["max"]:
            problem(path + ["max"], f"got {raw['max']}; expected more than min {raw['min']}")
        if feeds and not bands:
            problem(path, "a number item that feeds a scale needs bands")
        if bands and bands[-1].below is not None:
            problem(path + ["bands"], "the last band must have no 'below'")
        belows = [b.below for b in bands[:-1]]
        if any(b is None for b in belows) or belows != sorted(belows):
            problem(path + ["bands"], "every band but the last needs a 'below', in ascending order")
    elif bands or "min" in raw or "max" in raw:
        problem(path, f"a {kind} item has no min, max or bands")

    show_if = _build_show_if(raw["show_if"], path + ["show_if"], seen, problem) if "show_if" in raw else None
    return Item(
        id=raw["id"], section=raw["section"], type=kind, text=raw["text"], help=raw.get("help"),
        required=raw.get("required", True), dont_know=raw.get("dont_know", False),
        reverse=raw.get("reverse", False), show_if=show_if, feeds=feeds, options=tuple(options),
        min=raw.get("min"), max=raw.get("max"), unit=raw.get("unit"), bands=bands,
        changeable=raw.get("changeable", False),
        since=str(raw["since"]) if "since" in raw else None, _by_value=by_value,
    )


def _build_show_if(raw: Mapping, path: list, seen: Mapping[str, Item], problem) -> ShowIf:
    if "all" in raw:
        return ShowIf(all=tuple(_build_show_if(c, path + ["all", k], seen, problem) for k, c in enumerate(raw["all"])))
    target = seen.get(raw["item"])
    values = tuple(raw.get("in") or raw.get("not_in"))
    if target is None:
        problem(path + ["item"], f"unknown item {raw['item']!r}; show_if may only name an item that comes earlier")
    else:
        allowed = target.allowed_values
        for v in values:
            if v not in allowed:
                problem(path, f"value {v!r} is not an option of {target.id!r}; allowed: {', '.join(map(str, allowed))}")
    return ShowIf(item=raw["item"], values=values, negate="not_in" in raw)
