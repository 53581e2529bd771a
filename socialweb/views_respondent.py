"""A respondent's pages: the intake one section per page, saved answer by answer (htmx) or per page
(a plain form post without JavaScript), review, submit, and their own result.

The link's token is the only key: it reaches that one invitation's answers and nothing else; an
unknown token is a 404, a revoked or expired one a page that says so.
"""
from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, PlainTextResponse
from sqlalchemy.orm import Session

from engine.errors import DataError
from engine.intake import InvalidReply, describe_answer
from engine.i18n import pick

from . import store
from .app import REPORT_CSP, csrf_form, redirect, render
from .db import Invitation, utcnow
from .forms import NOT_ANSWERED, field_value, read_item
from .results import report_html, report_markdown
from .texts import LANGUAGES, text

router = APIRouter(prefix="/r/{token}")


class LinkGone(Exception):
    pass


def _open(request: Request, s: Session, token: str, *, for_writing: bool = False) -> Invitation:
    inv = store.invitation_by_token(s, token)
    if inv is None:
        raise HTTPException(404)
    if inv.submitted_at is None and (inv.revoked_at or inv.expires_at <= utcnow()):
        raise HTTPException(410, detail="gone")
    engine = request.app.state.engine
    if inv.round is not None and inv.round.questionnaire != engine.questionnaire.ref:
        raise HTTPException(409, detail="version")
    return inv


def _gone_page(request: Request, s: Session, token: str):
    inv = store.invitation_by_token(s, token)
    lang = inv.language if inv else "en"
    message = text("link.revoked", lang) if inv and inv.revoked_at else \
        text("link.expired", lang, when=inv.expires_at.strftime("%Y-%m-%d") if inv else "")
    return render(request, "message.html", 410, lang=lang, title=text("link.gone", lang), message=message)


class Page:
    """The intake as the respondent sees it now: sections with visible items, given the stored answers."""

    def __init__(self, request: Request, s: Session, inv: Invitation, token: str):
        self.request, self.s, self.inv, self.token = request, s, inv, token
        self.engine = request.app.state.engine
        self.q = self.engine.questionnaire
        self.lang = inv.language
        self.reload()

    def reload(self) -> None:
        self.rows = store.answers_of(self.s, self.inv.id)
        self.values = {k: a.value for k, a in self.rows.items()}
        self.revision = {k: a.revision for k, a in self.rows.items()}
        self.shown = self.q.visible(self.values)

    def sections(self) -> list[str]:
        return [sid for sid in self.q.sections if any(self.shown[i.id] for i in self.q.items if i.section == sid)]

    def items(self, section: str) -> list:
        return [i for i in self.q.items if i.section == section and self.shown[i.id]]

    def missing(self) -> list:
        return [i for i in self.q.items if self.shown[i.id] and i.required and i.id not in self.values]

    def drop_hidden(self) -> list[str]:
        """Answers to items that the show-if conditions now hide are dropped, as the terminal does."""
        hidden = [k for k in self.values if not self.shown.get(k, False)]
        store.delete_answers(self.s, self.inv, hidden)
        self.reload()
        return hidden

    def context(self, section: str, **extra) -> dict:
        sections = self.sections()
        k = sections.index(section)
        items = self.items(section)
        fields = {i.id: field_value(i, self.values[i.id]) if i.id in self.values else
                  {"dk": False, "chosen": set(), "text": ""} for i in items}
        context = dict(lang=self.lang, token=self.token, inv=self.inv, section=section, sections=sections,
                    position=k + 1, total=len(sections), items=items, fields=fields,
                    revisions={i.id: self.rows[i.id].revision if i.id in self.rows else 0 for i in items},
                    previous=sections[k - 1] if k else None, next=sections[k + 1] if k + 1 < len(sections) else None,
                    pick=lambda text_: pick(text_, self.lang), errors={}, notes={}, dropped=[],
                    answered=len(self.values), visible=sum(self.shown.values()))
        context.update(extra)
        return context


def _guard(request: Request, token: str, fn):
    with request.app.state.sessions() as s:
        try:
            inv = _open(request, s, token)
        except HTTPException as exc:
            if exc.status_code == 410:
                return _gone_page(request, s, token)
            if exc.status_code == 409:
                found = store.invitation_by_token(s, token)
                lang = found.language
                return render(request, "message.html", 409, lang=lang, title=text("error.title", lang),
                              message=text("version.mismatch", lang, ref=found.round.questionnaire,
                                           have=request.app.state.engine.questionnaire.ref))
            raise
        return fn(s, inv)


@router.get("")
def entry(request: Request, token: str):
    def go(s, inv):
        if inv.submitted_at:
            return redirect(f"/r/{token}/done")
        page = Page(request, s, inv, token)
        missing = page.missing()
        if not page.values or not missing:
            return redirect(f"/r/{token}/s/{page.sections()[0]}" if not page.values else f"/r/{token}/review")
        return redirect(f"/r/{token}/s/{missing[0].section}")
    return _guard(request, token, go)


@router.get("/s/{section}")
def section_page(request: Request, token: str, section: str):
    def go(s, inv):
        if inv.submitted_at:
            return redirect(f"/r/{token}/done")
        page = Page(request, s, inv, token)
        if section not in page.sections():
            raise HTTPException(404)
        return render(request, "section.html", **page.context(section))
    return _guard(request, token, go)


def _save_item(page: Page, item, form) -> tuple[str | None, str | None]:
    """(error, note): read and store one item's answer from the form; ``page.values`` follows."""
    try:
        value = read_item(page.q, item, form, page.lang)
    except InvalidReply as exc:
        return exc.reason, None
    if value is NOT_ANSWERED:
        if item.id in page.values:
            store.delete_answers(page.s, page.inv, [item.id])
            page.values.pop(item.id)
            page.rows.pop(item.id, None)
        return None, None
    try:
        seen = int(form.get(f"rev_{item.id}") or 0)
    except ValueError:
        seen = 0
    saved = store.save_answer(page.s, page.inv, item.id, value, seen, page.rows.get(item.id))
    page.values[item.id] = value
    page.revision[item.id] = saved.revision
    note = text("changed_elsewhere", page.lang, when=saved.changed_elsewhere.strftime("%H:%M")) \
        if saved.changed_elsewhere else None
    return None, note


@router.post("/s/{section}")
def save_section(request: Request, token: str, section: str, form=Depends(csrf_form)):
    """The page posted as a whole (no JavaScript): save every answer, then go on or show what to fix."""
    def go(s, inv):
        if inv.submitted_at:
            return redirect(f"/r/{token}/done")
        page = Page(request, s, inv, token)
        if section not in page.sections():
            raise HTTPException(404)
        before = [i.id for i in page.items(section)]
        errors, notes = {}, {}
        for item in page.items(section):
            error, note = _save_item(page, item, form)
            if error:
                errors[item.id] = error
            if note:
                notes[item.id] = note
        page.reload()
        dropped = page.drop_hidden()
        action = form.get("action")
        if action == "next":
            for item in page.items(section):
                if item.required and item.id not in page.values and item.id not in errors:
                    errors[item.id] = text("choose", page.lang)
        appeared = [i.id for i in page.items(section) if i.id not in before]
        if section not in page.sections():  # every item of this page got hidden
            return redirect(f"/r/{token}")
        if errors or notes or dropped or appeared:
            return render(request, "section.html", 422 if errors else 200,
                          **page.context(section, errors=errors, notes=notes, dropped=dropped))
        sections = page.sections()
        k = sections.index(section)
        if action == "back":
            return redirect(f"/r/{token}/s/{sections[k - 1]}" if k else f"/r/{token}/s/{section}")
        if action == "next":
            return redirect(f"/r/{token}/s/{sections[k + 1]}" if k + 1 < len(sections) else f"/r/{token}/review")
        return redirect(f"/r/{token}/s/{section}")
    return _guard(request, token, go)


@router.post("/item/{item_id}")
def save_item(request: Request, token: str, item_id: str, form=Depends(csrf_form)):
    """One answer saved as it is given (htmx). Returns the item's status; when the answer changes which
    questions are shown, the whole section instead (HX-Retarget)."""
    def go(s, inv):
        page = Page(request, s, inv, token)
        if inv.submitted_at:
            return HTMLResponse(f'<span class="error">{text("submitted.locked", page.lang)}</span>', status_code=200)
        item = page.q.by_id.get(item_id)
        if item is None or not page.shown.get(item_id):
            raise HTTPException(404)
        section = item.section
        before = [i.id for i in page.items(section)]
        error, note = _save_item(page, item, form)
        page.shown = page.q.visible(page.values)  # in memory: most answers change no show-if
        dropped = page.drop_hidden() if any(not page.shown[k] for k in page.values) else []
        if [i.id for i in page.items(section)] != before or dropped:
            page.reload()
            response = render(request, "section_form.html", **page.context(
                section, errors={item_id: error} if error else {}, notes={item_id: note} if note else {},
                dropped=dropped))
            response.headers["HX-Retarget"] = "#section-form"
            response.headers["HX-Reswap"] = "outerHTML"
            return response
        revision = page.revision.get(item_id, 0) if item_id in page.values else 0
        return render(request, "item_status.html", lang=page.lang, item=item, error=error, note=note,
                      revision=revision, saved=error is None and item_id in page.values)
    return _guard(request, token, go)


@router.post("/lang")
def switch_language(request: Request, token: str, form=Depends(csrf_form)):
    def go(s, inv):
        if form.get("lang") in LANGUAGES:
            inv.language = form.get("lang")
            s.commit()
        target = form.get("next") or ""
        return redirect(target if target.startswith(f"/r/{token}") else f"/r/{token}")
    return _guard(request, token, go)


@router.get("/review")
def review(request: Request, token: str):
    def go(s, inv):
        if inv.submitted_at:
            return redirect(f"/r/{token}/done")
        page = Page(request, s, inv, token)
        q = page.q
        summary = [(sid, pick(q.sections[sid], page.lang),
                    [(i, describe_answer(q, i, page.values[i.id], page.lang) if i.id in page.values else None)
                     for i in page.items(sid)]) for sid in page.sections()]
        return render(request, "review.html", lang=page.lang, token=token, inv=inv, missing=page.missing(),
                      summary=summary, pick=lambda x: pick(x, page.lang))
    return _guard(request, token, go)


@router.post("/submit")
def submit(request: Request, token: str, form=Depends(csrf_form)):
    def go(s, inv):
        if inv.submitted_at:
            return redirect(f"/r/{token}/done")
        page = Page(request, s, inv, token)
        try:
            page.engine.validate(page.values)
        except DataError:
            return redirect(f"/r/{token}/review")
        inv.submitted_at = utcnow()
        s.commit()
        return redirect(f"/r/{token}/done")
    return _guard(request, token, go)


def _own_result_allowed(inv: Invitation) -> bool:
    return inv.round is None or inv.round.show_own_result


def _own_assessment(request: Request, s: Session, inv: Invitation):
    """(validated answers, assessment) of the invitation's stored answers."""
    engine = request.app.state.engine
    values = {k: a.value for k, a in store.answers_of(s, inv.id).items()}
    valid, warnings = engine.validate(values)
    org = inv.round.organisation.name if inv.round else None
    return valid, engine.assess_valid(valid, language=inv.language, organisation=org, warnings=warnings)


@router.get("/done")
def done(request: Request, token: str):
    def go(s, inv):
        if not inv.submitted_at:
            return redirect(f"/r/{token}")
        allowed = _own_result_allowed(inv)
        assessment = _own_assessment(request, s, inv)[1] if allowed else None
        return render(request, "done.html", lang=inv.language, token=token, inv=inv, allowed=allowed,
                      a=assessment)
    return _guard(request, token, go)


@router.get("/report")
def own_report(request: Request, token: str, format: str = "html"):
    def go(s, inv):
        if not inv.submitted_at or not _own_result_allowed(inv):
            raise HTTPException(404)
        values, a = _own_assessment(request, s, inv)
        engine = request.app.state.engine
        if format == "md":
            return PlainTextResponse(report_markdown(engine, a, values), media_type="text/markdown; charset=utf-8")
        return HTMLResponse(report_html(engine, a, values), headers={"Content-Security-Policy": REPORT_CSP})
    return _guard(request, token, go)
