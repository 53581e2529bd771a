"""A round's results, all computed by the engine: each respondent's assessment, the combined result
(:func:`engine.survey.groups.combine_answer_sets`, the ``batch --group-by`` code path), the agreement
statistics (:mod:`engine.survey.agreement`), the report and the exports in the batch template layout."""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Any

from engine.assessment import Assessment
from engine.report import build_report, render_html, render_markdown
from engine.report.agreement_data import AgreementView, build_agreement
from engine.scoring.vectorised import coded_from_values, item_columns
from engine.survey.agreement import Agreement, agreement, reliability
from engine.survey.groups import combine_answer_sets
from engine.survey.template import template_columns

from .db import Invitation, Round
from .texts import ROLES, text

GROUP_COLUMN = "organisation"
ROLE_COLUMN = "role"


@dataclass
class RespondentResult:
    invitation: Invitation
    values: dict[str, Any]          # the validated answers: the report explains the advice from them
    assessment: Assessment | None


@dataclass
class RoundResult:
    round: Round
    respondents: list[RespondentResult]           # submitted ones
    combined_values: dict[str, Any] = field(default_factory=dict)
    combined: Assessment | None = None
    spread: dict[str, float | None] = field(default_factory=dict)
    agreement: Agreement | None = None
    agreement_view: AgreementView | None = None  # the report's agreement section, also on the round page

    @property
    def show_individuals(self) -> bool:
        """Individual answers and results are shown to others only from the round's minimum group size."""
        return len(self.respondents) >= max(1, self.round.min_group_size)


def respondent_id(inv: Invitation) -> str:
    return f"r{inv.id}"


def round_result(engine, rnd: Round, values_by_invitation: dict[int, dict], lang: str) -> RoundResult:
    submitted = [inv for inv in rnd.invitations if inv.submitted_at is not None]
    people = []
    for inv in submitted:
        values, warnings = engine.validate(values_by_invitation.get(inv.id, {}))
        people.append(RespondentResult(inv, values, engine.assess_valid(
            values, language=lang, organisation=rnd.organisation.name, warnings=warnings)))
    result = RoundResult(rnd, people)
    if people:
        q = engine.questionnaire
        result.combined_values, result.spread = combine_answer_sets(q, engine.weights, [p.values for p in people])
        result.combined = engine.assess_valid(result.combined_values, language=lang, organisation=rnd.organisation.name)
        result.agreement = agreement(q, engine.weights, [p.values for p in people], [p.invitation.role for p in people])
        result.agreement_view = build_agreement(engine, result.agreement, lang, individuals=result.show_individuals,
                                                min_group=rnd.min_group_size,
                                                role_labels={r: text(f"role.{r}", lang) for r in ROLES})
    return result


def icc_over(engine, answer_sets: list[dict], groups: list[Any]) -> dict:
    return reliability(engine.questionnaire, engine.weights, answer_sets, groups)


def report_html(engine, assessment: Assessment, values: dict[str, Any], agreement: AgreementView | None = None) -> str:
    """The report of ``socialfit report`` (one code path: :func:`engine.report.build_report`), with its
    explanations (how firm, why not the others, what would change it) worked out from ``values``; a
    round's combined report passes the combined answers and the agreement between its respondents."""
    return render_html(build_report(engine, assessment, charts=True, values=values, agreement=agreement))


def report_markdown(engine, assessment: Assessment, values: dict[str, Any],
                    agreement: AgreementView | None = None) -> str:
    return render_markdown(build_report(engine, assessment, charts=False, values=values, agreement=agreement))


# ---------------------------------------------------------------- exports


def export_rows(engine, result: RoundResult) -> tuple[list[str], list[list]]:
    """The batch template's columns (respondent id, one column per item, 0/1 per multiple-choice option)
    plus ``organisation`` and ``role``, one row per submitted respondent: ``socialfit batch`` reads it
    as it is, and ``--group-by organisation`` combines it as the workspace does."""
    q = engine.questionnaire
    columns = template_columns(q) + [GROUP_COLUMN, ROLE_COLUMN]
    frame = coded_from_values(q, [p.values for p in result.respondents])
    rows = []
    for k, p in enumerate(result.respondents):
        row: list = [respondent_id(p.invitation)]
        for item in q.items:
            for c in item_columns(item):
                v = frame[c].iloc[k]
                if v != v:  # NaN: not answered, hidden or don't know
                    row.append("")
                elif item.type == "single":
                    row.append(str(item.options[int(v)].value))
                elif item.type == "number":
                    row.append(f"{v:g}")
                else:
                    row.append(str(int(v)))
        row += [result.round.organisation.name, p.invitation.role]
        rows.append(row)
    return columns, rows


def _safe_cell(value: Any) -> Any:
    """A cell a spreadsheet would run as a formula gets a leading ' (as batch output does)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def answers_csv(engine, result: RoundResult) -> str:
    columns, rows = export_rows(engine, result)
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(columns)
    for row in rows:
        w.writerow([_safe_cell(c) for c in row])
    return out.getvalue()


def answers_xlsx(engine, result: RoundResult) -> bytes:
    from openpyxl import Workbook

    columns, rows = export_rows(engine, result)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("answers")
    ws.append(columns)
    for row in rows:
        ws.append([_safe_cell(c) for c in row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def assessments_json(result: RoundResult) -> str:
    rnd = result.round
    doc: dict[str, Any] = {
        "organisation": rnd.organisation.name, "round": rnd.name, "questionnaire": rnd.questionnaire,
        "submitted": len(result.respondents),
        "combined": result.combined.to_dict() if result.combined else None,
        "spread": result.spread,
    }
    if result.agreement:
        # below the minimum group size the means per role and the most disagreed items (which describe a
        # few people) are left out, as on the round page and in the report
        shown = result.show_individuals
        doc["agreement"] = [{"dimension": d.dimension, "n": d.n, "mean": d.mean, "spread": d.spread, "r_wg": d.r_wg,
                             "level": d.level, "alpha": d.alpha, "alpha_note": d.alpha_note,
                             "by_role": d.by_role if shown else None, "role_gap": d.role_gap if shown else None}
                            for d in result.agreement.dimensions]
        doc["most_disagreed_items"] = [vars(i) for i in result.agreement.items] if shown else None
    if result.show_individuals:
        doc["respondents"] = [{"respondent_id": respondent_id(p.invitation), "role": p.invitation.role,
                               "assessment": p.assessment.to_dict()} for p in result.respondents]
    else:
        doc["respondents"] = None
        doc["respondents_hidden"] = f"fewer than {rnd.min_group_size} submitted respondents"
    return json.dumps(doc, ensure_ascii=False, indent=2)
