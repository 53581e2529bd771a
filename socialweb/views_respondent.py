"""A respondent's pages: the intake one section per page, saved answer by answer (htmx) or per page
(a plain form post without JavaScript), review, submit, and their own result.

The link's token is the only key: it reaches that one invitation's answers and nothing else; an
unknown token is a 404, a revoked or expired one a page that says so.
"""
from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, PlainTextResponse
from starlette.concurrency import run_in_threadpool
from sqlalchemy.engine import Connection

from engine.errors import DataError
from engine.intake import InvalidReply, describe_answer
from engine.i18n import pick

from . import store
from .app import REPORT_CSP, csrf_form, redirect, render
from .forms import NOT_ANSWERED, field_value, read_item
from .results import report_html, report_markdown
from .texts import LANGUAGES, text

router = APIRouter(prefix="/r/{token}")


def _guard(request: Request, token: str, fn):
    """Open the link (one query: the invitation with its answers) and call ``fn(db, link, answers)``;
    an unknown token is a 404, a revoked or expired link or another questionnaire version a page that
    says so. The respondent's pages run on an autocommit connection: every write is one statement
    that is committed when it returns (an acknowledged answer is stored), and a read costs no
    BEGIN/ROLLBACK round trips."""
    with request.app.state.autocommit.connect() as db:
        found = store.open_link(db, token)
        if found is None:
            raise HTTPException(404)
        link, answers = found
        lang = link.language
        if link.gone:
            message = text("link.revoked", lang) if link.revoked_at else \
                text("link.expired", lang, when=link.expires_at.strftime("%Y-%m-%d"))
            return render(request, "message.html", 410, lang=lang, title=text("link.gone", lang), message=message)
        have = request.app.state.engine.questionnaire.ref
        if link.questionnaire is not None and link.questionnaire != have:
            return render(request, "message.html", 409, lang=lang, title=text("error.title", lang),
                          message=text("version.mismatch", lang, ref=link.questionnaire, have=have))
        return fn(db, link, answers)


async def _light(request: Request, token: str, fn):
    """:func:`_guard` for the pages that only read and write a few rows (not the result pages, which
    assess). On SQLite it runs right here on the event loop: its statements take microseconds in this
    process, and a handoff to a worker thread and back (with the GIL contended by the other requests'
    threads) costs more than the work, so under load a save waited mostly for threads, not for the
    database. SQLite writes are serialised by its lock anyway. PostgreSQL waits on the network and on
    its commit's flush: there the work goes to the thread pool, so other requests go on meanwhile."""
    if request.app.state.inline_db:
        return _guard(request, token, fn)
    return await run_in_threadpool(_guard, request, token, fn)


class Page:
    """The intake as the respondent sees it now: sections with visible items, given the stored answers."""

    def __init__(self, request: Request, db: Connection, link: store.Link, token: str,
                 answers: dict[str, store.Stored] | None = None):
        self.request, self.db, self.inv, self.token = request, db, link, token
        self.engine = request.app.state.engine
        self.q = self.engine.questionnaire
        self.lang = link.language
        self.reload(answers)

    def reload(self, answers: dict[str, store.Stored] | None = None) -> None:
        """The stored answers (``answers`` when just read with the link, else read again)."""
        self.rows = store.answers_of(self.db, self.inv.id) if answers is None else dict(answers)
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
        store.delete_answers(self.db, self.inv, hidden)
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


@router.get("")
async def entry(request: Request, token: str):
    def go(db, inv, answers):
        if inv.submitted_at:
            return redirect(f"/r/{token}/done")
        page = Page(request, db, inv, token, answers)
        missing = page.missing()
        if not page.values or not missing:
            return redirect(f"/r/{token}/s/{page.sections()[0]}" if not page.values else f"/r/{token}/review")
        return redirect(f"/r/{token}/s/{missing[0].section}")
    return await _light(request, token, go)


@router.get("/s/{section}")
async def section_page(request: Request, token: str, section: str):
    def go(db, inv, answers):
        if inv.submitted_at:
            return redirect(f"/r/{token}/done")
        page = Page(request, db, inv, token, answers)
        if section not in page.sections():
            raise HTTPException(404)
        return render(request, "section.html", **page.context(section))
    return await _light(request, token, go)


def _save_item(page: Page, item, form) -> tuple[str | None, str | None]:
    """(error, note): read and store one item's answer from the form; ``page.values`` follows."""
    try:
        value = read_item(page.q, item, form, page.lang)
    except InvalidReply as exc:
        return exc.reason, None
    if value is NOT_ANSWERED:
        if item.id in page.values:
            store.delete_answers(page.db, page.inv, [item.id])
            page.values.pop(item.id)
            page.rows.pop(item.id, None)
        return None, None
    try:
        seen = int(form.get(f"rev_{item.id}") or 0)
    except ValueError:
        seen = 0
    saved = store.save_answer(page.db, page.inv, item.id, value, seen, page.rows.get(item.id))
    page.values[item.id] = value
    page.revision[item.id] = saved.revision
    note = text("changed_elsewhere", page.lang, when=saved.changed_elsewhere.strftime("%H:%M")) \
        if saved.changed_elsewhere else None
    return None, note


@router.post("/s/{section}")
async def save_section(request: Request, token: str, section: str, form=Depends(csrf_form)):
    """The page posted as a whole (no JavaScript): save every answer, then go on or show what to fix."""
    def go(db, inv, answers):
        if inv.submitted_at:
            return redirect(f"/r/{token}/done")
        page = Page(request, db, inv, token, answers)
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
    return await _light(request, token, go)


@router.post("/item/{item_id}")
async def save_item(request: Request, token: str, item_id: str, form=Depends(csrf_form)):
    """One answer saved as it is given (htmx). Returns the item's status; when the answer changes which
    questions are shown, the whole section instead (HX-Retarget)."""
    def go(db, inv, answers):
        page = Page(request, db, inv, token, answers)
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
        sections = page.sections()
        # the page's "n of m answered" follows the answer out of band (htmx), without a reload
        progress = dict(position=sections.index(section) + 1, total=len(sections), answered=len(page.values),
                        visible=sum(page.shown.values()))
        return render(request, "item_status.html", lang=page.lang, item=item, error=error, note=note,
                      revision=revision, saved=error is None and item_id in page.values, progress=progress)
    return await _light(request, token, go)


@router.post("/lang")
async def switch_language(request: Request, token: str, form=Depends(csrf_form)):
    def go(db, inv, _answers):
        if form.get("lang") in LANGUAGES:
            store.set_language(db, inv, form.get("lang"))
        target = form.get("next") or ""
        return redirect(target if target.startswith(f"/r/{token}") else f"/r/{token}")
    return await _light(request, token, go)


@router.get("/review")
async def review(request: Request, token: str):
    def go(db, inv, answers):
        if inv.submitted_at:
            return redirect(f"/r/{token}/done")
        page = Page(request, db, inv, token, answers)
        q = page.q
        summary = [(sid, pick(q.sections[sid], page.lang),
                    [(i, describe_answer(q, i, page.values[i.id], page.lang) if i.id in page.values else None)
                     for i in page.items(sid)]) for sid in page.sections()]
        return render(request, "review.html", lang=page.lang, token=token, inv=inv, missing=page.missing(),
                      summary=summary, pick=lambda x: pick(x, page.lang))
    return await _light(request, token, go)


@router.post("/submit")
async def submit(request: Request, token: str, form=Depends(csrf_form)):
    def go(db, inv, answers):
        if inv.submitted_at:
            return redirect(f"/r/{token}/done")
        page = Page(request, db, inv, token, answers)
        try:
            page.engine.validate(page.values)
        except DataError:
            return redirect(f"/r/{token}/review")
        store.mark_submitted(db, inv)
        return redirect(f"/r/{token}/done")
    return await _light(request, token, go)


def _own_result_allowed(inv: store.Link) -> bool:
    return inv.round_id is None or inv.show_own_result


def _own_assessment(request: Request, inv: store.Link, answers: dict[str, store.Stored]):
    """(validated answers, assessment) of the invitation's stored answers."""
    engine = request.app.state.engine
    valid, warnings = engine.validate({k: a.value for k, a in answers.items()})
    return valid, engine.assess_valid(valid, language=inv.language, organisation=inv.organisation, warnings=warnings)


@router.get("/done")
def done(request: Request, token: str):
    def go(_db, inv, answers):
        if not inv.submitted_at:
            return redirect(f"/r/{token}")
        allowed = _own_result_allowed(inv)
        assessment = _own_assessment(request, inv, answers)[1] if allowed else None
        return render(request, "done.html", lang=inv.language, token=token, inv=inv, allowed=allowed,
                      a=assessment)
    return _guard(request, token, go)


@router.get("/report")
def own_report(request: Request, token: str, format: str = "html"):
    def go(_db, inv, answers):
        if not inv.submitted_at or not _own_result_allowed(inv):
            raise HTTPException(404)
        values, a = _own_assessment(request, inv, answers)
        engine = request.app.state.engine
        if format == "md":
            return PlainTextResponse(report_markdown(engine, a, values), media_type="text/markdown; charset=utf-8")
        return HTMLResponse(report_html(engine, a, values), headers={"Content-Security-Policy": REPORT_CSP})
    return _guard(request, token, go)
