"""The consultant's pages: organisations, rounds, invitations, the round overview with the combined
result and agreement, the report, rounds side by side, and the exports. Every lookup goes through
:mod:`socialweb.store`'s owner-checked queries: another assessor's organisation is a 404."""
from __future__ import annotations

import csv
import io
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response
from sqlalchemy import select

from engine.report.agreement_data import dimension_label

from . import store
from .app import REPORT_CSP, csrf_form, language, redirect, render, require_user
from .db import Organisation, Round, utcnow
from .results import (answers_csv, answers_xlsx, assessments_json, icc_over, report_html, report_markdown,
                      round_result)
from .texts import LANGUAGES, ROLES, text

router = APIRouter()
MAX_INVITES = 50


def _name(form, key: str = "name", limit: int = 200) -> str:
    value = " ".join(str(form.get(key) or "").split())
    return value[:limit]


def _filename(name: str) -> str:
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in name)[:60].strip("_") or "round"
    return safe


@router.get("/orgs")
def organisations(request: Request, user: int = Depends(require_user)):
    with request.app.state.sessions() as s:
        orgs = s.scalars(select(Organisation).where(Organisation.owner_id == user).order_by(Organisation.name)).all()
        rows = [(o, len(o.rounds)) for o in orgs]
        return render(request, "orgs.html", orgs=rows, error=None)


@router.post("/orgs")
def create_organisation(request: Request, user: int = Depends(require_user), form=Depends(csrf_form)):
    name = _name(form)
    if not name:
        return redirect("/orgs")
    with request.app.state.sessions() as s:
        org = Organisation(owner_id=user, name=name)
        s.add(org)
        s.commit()
        return redirect(f"/orgs/{org.id}")


@router.get("/orgs/{org_id}")
def organisation(request: Request, org_id: int, user: int = Depends(require_user)):
    with request.app.state.sessions() as s:
        org = store.organisation_of(s, user, org_id) or _404()
        rounds = [(r, store.progress(s, r.id)) for r in org.rounds]
        return render(request, "org.html", org=org, rounds=rounds)


@router.post("/orgs/{org_id}/rounds")
def create_round(request: Request, org_id: int, user: int = Depends(require_user), form=Depends(csrf_form)):
    with request.app.state.sessions() as s:
        org = store.organisation_of(s, user, org_id) or _404()
        name = _name(form) or utcnow().strftime("%Y-%m-%d")
        try:
            min_group = max(1, min(50, int(form.get("min_group_size") or 3)))
        except ValueError:
            min_group = 3
        rnd = Round(organisation_id=org.id, name=name, questionnaire=request.app.state.engine.questionnaire.ref,
                    show_own_result=bool(form.get("show_own_result")), min_group_size=min_group)
        s.add(rnd)
        s.commit()
        return redirect(f"/rounds/{rnd.id}")


def _404():
    raise HTTPException(404)


def _round_context(request: Request, s, rnd: Round, lang: str):
    engine = request.app.state.engine
    values = store.answer_values(s, [i.id for i in rnd.invitations if i.submitted_at])
    return round_result(engine, rnd, values, lang)


@router.get("/rounds/{round_id}")
def round_overview(request: Request, round_id: int, user: int = Depends(require_user)):
    lang = language(request)
    with request.app.state.sessions() as s:
        rnd = store.round_of(s, user, round_id) or _404()
        result = _round_context(request, s, rnd, lang)
        return render(request, "round.html", rnd=rnd, progress=store.progress(s, rnd.id), result=result,
                      new_links=None, dim_label=lambda d: dimension_label(d, lang),
                      icc=_icc(request, s, user))


def _icc(request: Request, s, user: int) -> dict | None:
    """ICC(1)/ICC(2) per dimension over the latest round with submissions of each of the user's organisations."""
    engine = request.app.state.engine
    sets, groups = [], []
    for org in s.scalars(select(Organisation).where(Organisation.owner_id == user)):
        rounds = [r for r in org.rounds if any(i.submitted_at for i in r.invitations)]
        if not rounds:
            continue
        latest = rounds[-1]
        ids = [i.id for i in latest.invitations if i.submitted_at]
        for values in store.answer_values(s, ids).values():
            sets.append(engine.validate(values)[0])
            groups.append(org.id)
    if len(set(groups)) < 2:
        return None
    return icc_over(engine, sets, groups)


@router.post("/rounds/{round_id}/invitations")
def create_invitations(request: Request, round_id: int, user: int = Depends(require_user), form=Depends(csrf_form)):
    lang = language(request)
    with request.app.state.sessions() as s:
        rnd = store.round_of(s, user, round_id) or _404()
        try:
            days = max(1, min(365, int(form.get("days") or 30)))
        except ValueError:
            days = 30
        created = []
        for k in range(MAX_INVITES):
            role = form.get(f"role_{k}")
            if role not in ROLES:
                continue
            inv_lang = form.get(f"lang_{k}") if form.get(f"lang_{k}") in LANGUAGES else lang
            inv, token = store.create_invitation(s, rnd.id, role, inv_lang, _name(form, f"name_{k}"), days)
            created.append((inv, token))
        s.commit()
        base = str(request.base_url).rstrip("/")
        links = [(inv, f"{base}/r/{token}") for inv, token in created]
        if form.get("format") == "csv":
            out = io.StringIO()
            w = csv.writer(out, lineterminator="\n")
            w.writerow(["name", "role", "language", "expires", "link"])
            for inv, link in links:
                name = inv.name or ""
                w.writerow(["'" + name if name[:1] in "=+-@" else name, inv.role, inv.language,
                            inv.expires_at.strftime("%Y-%m-%d"), link])
            filename = _filename(f"{rnd.organisation.name}-{rnd.name}-links") + ".csv"
            return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                            headers={"Content-Disposition": f"attachment; filename=\"{filename}\""})
        result = _round_context(request, s, rnd, lang)
        return render(request, "round.html", rnd=rnd, progress=store.progress(s, rnd.id), result=result,
                      new_links=links, dim_label=lambda d: dimension_label(d, lang),
                      icc=None, error=None if links else text("invite.none", lang))


@router.post("/invitations/{inv_id}/revoke")
def revoke(request: Request, inv_id: int, user: int = Depends(require_user), form=Depends(csrf_form)):
    with request.app.state.sessions() as s:
        inv = store.invitation_of(s, user, inv_id) or _404()
        inv.revoked_at = inv.revoked_at or utcnow()
        s.commit()
        return redirect(f"/rounds/{inv.round_id}#invitations")


@router.post("/invitations/{inv_id}/reissue")
def reissue(request: Request, inv_id: int, user: int = Depends(require_user), form=Depends(csrf_form)):
    lang = language(request)
    with request.app.state.sessions() as s:
        inv = store.invitation_of(s, user, inv_id) or _404()
        token = store.reissue(s, inv)
        s.commit()
        rnd = inv.round
        link = f"{str(request.base_url).rstrip('/')}/r/{token}"
        result = _round_context(request, s, rnd, lang)
        return render(request, "round.html", rnd=rnd, progress=store.progress(s, rnd.id), result=result,
                      new_links=[(inv, link)], dim_label=lambda d: dimension_label(d, lang),
                      icc=None)


@router.get("/rounds/{round_id}/respondents/{inv_id}")
def respondent_result(request: Request, round_id: int, inv_id: int, user: int = Depends(require_user)):
    lang = language(request)
    with request.app.state.sessions() as s:
        rnd = store.round_of(s, user, round_id) or _404()
        result = _round_context(request, s, rnd, lang)
        person = next((p for p in result.respondents if p.invitation.id == inv_id), None)
        if person is None or not result.show_individuals:
            raise HTTPException(404)
        return HTMLResponse(report_html(request.app.state.engine, person.assessment, person.values),
                            headers={"Content-Security-Policy": REPORT_CSP})


@router.get("/rounds/{round_id}/report")
def round_report(request: Request, round_id: int, format: str = "html", lang: str | None = None,
                 user: int = Depends(require_user)):
    """The combined report in the session's language, or in ``lang`` (the round page links to the other
    language too: a report for a client who reads the other one, without switching the workspace)."""
    lang = lang if lang in LANGUAGES else language(request)
    with request.app.state.sessions() as s:
        rnd = store.round_of(s, user, round_id) or _404()
        result = _round_context(request, s, rnd, lang)
        if result.combined is None:
            raise HTTPException(404)
        engine = request.app.state.engine
        name = _filename(f"{rnd.organisation.name}-{rnd.name}")
        if format == "md":
            md = report_markdown(engine, result.combined, result.combined_values, result.agreement_view)
            return PlainTextResponse(md, media_type="text/markdown; charset=utf-8",
                                     headers={"Content-Disposition": f"attachment; filename=\"{name}.md\""})
        headers = {"Content-Security-Policy": REPORT_CSP}
        if format == "download":
            headers["Content-Disposition"] = f"attachment; filename=\"{name}.html\""
        return HTMLResponse(report_html(engine, result.combined, result.combined_values, result.agreement_view),
                            headers=headers)


@router.get("/rounds/{round_id}/export/{kind}")
def export(request: Request, round_id: int, kind: str, user: int = Depends(require_user)):
    lang = language(request)
    with request.app.state.sessions() as s:
        rnd = store.round_of(s, user, round_id) or _404()
        result = _round_context(request, s, rnd, lang)
        engine = request.app.state.engine
        name = _filename(f"{rnd.organisation.name}-{rnd.name}")
        if kind in ("answers.csv", "answers.xlsx") and not result.show_individuals:
            raise HTTPException(404)
        if kind == "answers.csv":
            body, media = answers_csv(engine, result), "text/csv; charset=utf-8"
        elif kind == "answers.xlsx":
            body, media = answers_xlsx(engine, result), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        elif kind == "assessments.json":
            body, media = assessments_json(result), "application/json"
        else:
            raise HTTPException(404)
        filename = f"{name}-{kind}"
        return Response(body, media_type=media, headers={
            "Content-Disposition": f"attachment; filename=\"{filename}\"; filename*=UTF-8''{quote(filename)}"})


@router.get("/orgs/{org_id}/compare")
def compare(request: Request, org_id: int, user: int = Depends(require_user)):
    """Every round of the organisation with submissions, side by side: scores per dimension, the change
    from the previous round, the recommendation and the exit decision."""
    lang = language(request)
    with request.app.state.sessions() as s:
        org = store.organisation_of(s, user, org_id) or _404()
        results = [r for r in (_round_context(request, s, rnd, lang) for rnd in org.rounds) if r.combined]
        dims = [("maturity", None)] + [(f"maturity.{d}", d) for d in results[0].combined.profile.maturity_dimensions] \
            + [("readiness", None)] + [(f"readiness.{d}", d) for d in results[0].combined.profile.readiness_dimensions] \
            if results else []

        def score(result, key):
            p = result.combined.profile
            if key == "maturity":
                return p.maturity
            if key == "readiness":
                return p.readiness
            group, name = key.split(".")
            return (p.maturity_dimensions if group == "maturity" else p.readiness_dimensions)[name]

        table = []
        for key, _ in dims:
            values = [score(r, key) for r in results]
            changes = [None] + [None if a is None or b is None else b - a for a, b in zip(values, values[1:])]
            label = text(key, lang) if key in ("maturity", "readiness") else dimension_label(key, lang)
            table.append((label, list(zip(values, changes))))
        return render(request, "compare.html", org=org, results=results, table=table)
