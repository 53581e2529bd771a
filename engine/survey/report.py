"""The run summary of ``socialfit batch``: counts, recommended models, exit rate, what was detected.
Printed to stderr at the end; ``--summary`` writes it as JSON or as a self-contained HTML page
(charts drawn by matplotlib, inlined as SVG; page from a Jinja2 template)."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from ..files.atomic import atomic_write_text
from ..errors import UsageError
from .convert import INCOMPLETE, INVALID, OK
from ..model.vocabulary import DECISIONS
from .mapping import short_text

FORMAT = "socialfit.batch_summary"


def _older_version(q, missing: list[str]) -> str | None:
    """A note when the export lacks exactly the items a newer questionnaire version added (an export of
    an older version): they count as unanswered, and how to bring the survey up to date."""
    for version in q.compatible_versions:
        added = [i.id for i in q.added_since(version)]
        older = [i.id for i in q.items if i.id not in added]
        matched_older = sum(i not in missing for i in older)
        # only an export that answers (nearly) every item of the older version, not any unrelated survey
        if added and set(added) <= set(missing) and matched_older >= 0.8 * len(older):
            return (f"This looks like an export of {q.id}@{version}: the {len(added)} question(s) added in {q.ref} "
                    f"({', '.join(added)}) are unanswered and count as not known; add them to the survey "
                    f"('socialfit template --csv' gives the current header) to use them")
    return None


@dataclass
class Summary:
    input: str
    output: str
    engine: str
    detected: dict
    diff: dict
    rows: int = 0
    scored: int = 0
    partial: int = 0
    invalid: int = 0
    incomplete: int = 0
    exits: int = 0
    decisions: dict = field(default_factory=lambda: dict.fromkeys(DECISIONS, 0))
    recommended: dict = field(default_factory=dict)
    exit_rules: dict = field(default_factory=dict)
    problem_codes: dict = field(default_factory=dict)
    unmapped_labels: dict = field(default_factory=dict)
    hidden_answers: int = 0
    alpha: dict = field(default_factory=dict)
    group_by: str | None = None
    seconds: float = 0.0
    min_answered: float = 0.8
    maturity_hist: list = field(default_factory=lambda: [0] * 10)  # respondents per 10 points, 0-10 .. 90-100
    readiness_hist: list = field(default_factory=lambda: [0] * 10)
    stages: dict = field(default_factory=dict)  # stage number (as text) -> respondents
    owners: dict = field(default_factory=dict)  # primary owner -> respondents
    language: str = "en"

    @classmethod
    def start(cls, survey, engine, opts) -> "Summary":
        plan = survey.plan
        return cls(input=str(survey.path), output=str(opts.output), engine=opts.engine, detected=survey.describe(),
                   diff={"missing_items": list(plan.missing), "unexpected_columns": [c.name for c in plan.unexpected],
                         "older_version": _older_version(engine.questionnaire, plan.missing)},
                   recommended=dict.fromkeys(engine.catalogue.ids, 0), group_by=opts.group_by,
                   min_answered=opts.min_answered, language=opts.language)

    def add(self, conv, scored, engine) -> None:
        status = conv.status
        self.rows += len(status)
        self.scored += int((status == OK).sum())
        self.invalid += int((status == INVALID).sum())
        self.incomplete += int((status == INCOMPLETE).sum())
        self.partial += int(((status == OK) & (conv.answered_share < 1.0)).sum())
        for code, n in conv.problem_counts():
            self.problem_codes[code] = self.problem_codes.get(code, 0) + n
        for (col, label), n in conv.unmapped.items():
            key = f"{col}: {label}"
            self.unmapped_labels[key] = self.unmapped_labels.get(key, 0) + n
        self.hidden_answers += conv.hidden_answers
        if scored is None:
            return
        self.exits += int(scored.take_exit.sum())
        for k, n in enumerate(np.bincount(scored.decision, minlength=len(DECISIONS))):
            self.decisions[DECISIONS[k]] += int(n)
        for name, values in (("maturity_hist", scored.maturity), ("readiness_hist", scored.readiness)):
            known = values[~np.isnan(values)]
            counts = np.bincount(np.clip((known // 10).astype(int), 0, 9), minlength=10)
            setattr(self, name, [a + int(b) for a, b in zip(getattr(self, name), counts)])
        stage = scored.stage[~np.isnan(scored.stage)].astype(np.int64)
        for k, n in enumerate(np.bincount(stage)):
            if n:
                self.stages[str(k)] = self.stages.get(str(k), 0) + int(n)
        from ..model.vocabulary import PRIMARY_VALUES

        for k, n in enumerate(np.bincount(np.asarray(scored.primary, dtype=np.int64), minlength=len(PRIMARY_VALUES))):
            if n:
                self.owners[PRIMARY_VALUES[k]] = self.owners.get(PRIMARY_VALUES[k], 0) + int(n)
        ids = engine.catalogue.ids
        for j, n in enumerate(np.bincount(scored.order[:, 0], minlength=len(ids))):
            self.recommended[ids[j]] += int(n)
        from ..rules.vectorised import exit_rules

        for k, rule in enumerate(exit_rules(engine.rules)):
            hits = int(scored.exits[:, k].sum())
            if hits:
                self.exit_rules[rule.id] = self.exit_rules.get(rule.id, 0) + hits

    @property
    def exit_rate(self) -> float | None:
        return round(self.exits / self.scored, 4) if self.scored else None

    def to_dict(self) -> dict:
        d = {"format": FORMAT, "format_version": 1, **asdict(self), "exit_rate": self.exit_rate,
             "rows_per_second": round(self.rows / self.seconds) if self.seconds > 0 else None}
        d["seconds"] = round(self.seconds, 3)
        return d

    def text(self) -> str:
        """The few lines printed on stderr at the end of a run."""
        d = self.detected
        lines = [f"Read {self.input}: layout {d['layout']}, encoding {d['encoding']}"
                 + (f", delimiter {d['delimiter']}" if d.get("delimiter") else "")
                 + (f", sheet {d['sheet']!r}" if d.get("sheet") else "")
                 + f", {d['header_rows']} header row(s), {d['items_matched']} items matched",
                 f"Rows: {self.rows:,} read, {self.scored:,} scored ({self.partial:,} partial), "
                 f"{self.invalid:,} invalid, {self.incomplete:,} incomplete"]
        for col, mark in d.get("decimal_marks", {}).items():
            if mark == "mixed":  # a decimal comma alone is said in the JSON summary only
                lines.append(f"Decimal marks in {col!r}: mixed, points and commas; each cell is read with its own "
                             "(1.234,5 is refused)")
        if self.rows and not self.scored and self.problem_codes.get("too_few_answers"):
            lines.append(f"Nothing scored: the columns answer {d['items_matched']} of {len(self.diff['missing_items']) + d['items_matched']} "
                         f"items, and a response is scored when at least {self.min_answered:.0%} of its required items "
                         "are answered (--min-answered): map more columns, or lower --min-answered to score on what "
                         "there is (the rest counts as unknown)")
        if self.diff["missing_items"]:
            missing = self.diff["missing_items"]
            lines.append(f"Items without a column ({len(missing)}): " + ", ".join(missing[:12])
                         + (f", ... and {len(missing) - 12} more (--summary FILE.json lists all)" if len(missing) > 12 else ""))
        if self.diff.get("older_version"):
            lines.append(self.diff["older_version"])
        if self.diff["unexpected_columns"]:
            cols = self.diff["unexpected_columns"]
            lines.append(f"Columns ignored (no item matches, {len(cols)}): " + ", ".join(repr(short_text(c)) for c in cols[:10])
                         + (f", ... and {len(cols) - 10} more" if len(cols) > 10 else ""))
        for key, n in sorted(self.unmapped_labels.items(), key=lambda kv: -kv[1])[:10]:
            lines.append(f"Unmapped label ({n}x): {key}")
        if self.hidden_answers:
            lines.append(f"Ignored {self.hidden_answers:,} answer(s) to questions that show-if hides "
                         "(they never count, as in socialfit score)")
        if self.scored:
            top = sorted(((n, m) for m, n in self.recommended.items() if n), reverse=True)
            lines.append("Recommended: " + ", ".join(f"{m} {n:,}" for n, m in top))
            lines.append(f"Exit: {self.exits:,} of {self.scored:,} ({self.exit_rate:.1%})")
            lines.append("Decision: " + ", ".join(f"{k} {n:,}" for k, n in self.decisions.items()))
        if self.group_by and self.alpha:  # how well each scale's items agree, over all respondents
            from .summary_page import MIN_ALPHA_N

            scales = {k: v for k, v in self.alpha.items() if v.get("statements_only", True)}
            known = sorted((k, v["alpha"]) for k, v in scales.items() if v["alpha"] is not None and v["n"] >= MIN_ALPHA_N)
            lines.append(f"Cronbach's alpha (scales of agreement statements, {MIN_ALPHA_N}+ respondents who answered "
                         "all their items): " + (", ".join(f"{k} {a:.2f}" for k, a in known)
                                                 or "withheld, too few respondents answered all items of a scale"))
        if self.seconds > 0:
            lines.append(f"Wrote {self.output} in {self.seconds:.1f} s ({self.rows / self.seconds:,.0f} rows/s)")
        return "\n".join(lines) + "\n"


def summary_format(path: Path) -> str:
    """json or html, from the suffix of ``--summary``; checked before a run starts."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix in (".html", ".htm"):
        return "html"
    raise UsageError(f"--summary {path}: unknown summary format {path.suffix!r}; expected a .json or .html file")


def write_summary(s: Summary, path: Path, engine=None) -> None:
    """The summary as JSON, or as the HTML page of :mod:`engine.survey.summary_page` (``engine`` gives
    the names of models, stages and exit reasons in the summary's language)."""
    if summary_format(path) == "json":
        atomic_write_text(path, json.dumps(s.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        from .summary_page import summary_html

        atomic_write_text(path, summary_html(s, engine, s.language))
