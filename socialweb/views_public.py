"""The start page, taking the intake alone, logging in and out, the language switch."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from .accounts import RateLimited, authenticate
from .app import csrf_form, language, redirect, render
from .store import SOLO_VALID_DAYS, create_invitation
from .texts import LANGUAGES, text

router = APIRouter()


def _safe_next(target: str | None, default: str) -> str:
    """Only a path on this site (never //host or a scheme): no open redirect."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default


@router.get("/")
def start(request: Request):
    return render(request, "start.html")


@router.post("/solo")
def solo(request: Request, form=Depends(csrf_form)):
    """One person alone: an invitation without a round, opened straight away."""
    lang = language(request)
    with request.app.state.sessions() as s:
        _inv, token = create_invitation(s, None, "other", lang, None, days=SOLO_VALID_DAYS)
        s.commit()
    return redirect(f"/r/{token}")


@router.post("/lang")
def switch_language(request: Request, form=Depends(csrf_form)):
    lang = form.get("lang")
    if lang in LANGUAGES:
        request.session["lang"] = lang
    return redirect(_safe_next(form.get("next"), "/"))


@router.get("/login")
def login_form(request: Request, next: str | None = None):
    return render(request, "login.html", next=_safe_next(next, "/orgs"), error=None, email="")


@router.post("/login")
def login(request: Request, form=Depends(csrf_form)):
    lang = language(request)
    email = (form.get("email") or "")[:320]
    target = _safe_next(form.get("next"), "/orgs")
    client = request.client.host if request.client else "?"
    with request.app.state.sessions() as s:
        try:
            user = authenticate(s, email, form.get("password") or "", client)
        except RateLimited:
            return render(request, "login.html", 429, next=target, error=text("login.limited", lang), email=email)
    if user is None:
        return render(request, "login.html", 401, next=target, error=text("login.failed", lang), email=email)
    keep_lang = request.session.get("lang")
    request.session.clear()  # a fresh session (and CSRF token) after logging in
    request.session.update({"user_id": user.id, "email": user.email})
    if keep_lang:
        request.session["lang"] = keep_lang
    return redirect(target)


@router.post("/logout")
def logout(request: Request, form=Depends(csrf_form)):
    request.session.clear()
    return redirect("/")
