"""The ASGI application: FastAPI with server-rendered Jinja2 pages, signed session cookies, a CSRF
token on every form and strict security headers.

    uvicorn socialweb.app:app_from_env --factory      # what `socialfit serve` runs
"""
from __future__ import annotations

import secrets
from urllib.parse import quote
from pathlib import Path

import jinja2
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from .config import Settings, secret_key
from .db import make_engine, make_sessionmaker
from .migrate import check_schema
from .texts import LANGUAGES, ROLES, text

HERE = Path(__file__).parent
SESSION_COOKIE = "socialfit_session"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
# The report is the engine's self-contained page (inline CSS and SVG charts), never a script.
REPORT_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; "
              "base-uri 'none'; form-action 'none'")
SECURITY_HEADERS = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"), (b"cross-origin-opener-policy", b"same-origin"),
                    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()")]


class SecurityHeaders:
    """Plain ASGI middleware (no per-request task): CSP and the usual headers on every response; a
    response that set its own CSP (the report) keeps it."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                if b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", CSP.encode()))
                headers += [h for h in SECURITY_HEADERS if h[0] not in names]
                if scope["path"].startswith(("/r/", "/rounds/", "/orgs", "/login")):
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def templates() -> jinja2.Environment:
    # compiled once per process: auto_reload off, so a render does not stat the template files
    env = jinja2.Environment(loader=jinja2.PackageLoader("socialweb", "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             auto_reload=False)
    env.filters["num"] = lambda v, d=1: "–" if v is None else f"{v:.{d}f}"
    env.filters["when"] = lambda v: "–" if v is None else v.strftime("%Y-%m-%d %H:%M")
    env.filters["day"] = lambda v: "–" if v is None else v.strftime("%Y-%m-%d")
    return env


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return token


def language(request: Request, default: str | None = None) -> str:
    lang = request.session.get("lang") or default
    if lang not in LANGUAGES:
        header = request.headers.get("accept-language", "")
        lang = "nl" if header.lower().startswith("nl") else "en"
    return lang


def render(request: Request, name: str, status_code: int = 200, *, lang: str | None = None, **context) -> HTMLResponse:
    lang = lang or language(request)
    app = request.app
    html = app.state.templates.get_template(name).render(
        request=request, lang=lang, t=lambda key, **kw: text(key, lang, **kw), csrf=csrf_token(request),
        user_email=request.session.get("email"), roles=ROLES, languages=LANGUAGES, q=app.state.engine.questionnaire,
        **context)
    return HTMLResponse(html, status_code=status_code)


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def create_app(settings: Settings, *, engine=None, check: bool = True) -> FastAPI:
    """The workspace app. ``engine``: a loaded :class:`engine.Engine` (default: the bundled files).
    ``check``: refuse to start unless the database schema is the newest."""
    from engine import Engine

    db = make_engine(settings.database_url)
    if check:
        check_schema(db)
    app = FastAPI(title="socialfit", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.settings = settings
    app.state.db = db
    app.state.sessions = make_sessionmaker(db)
    # the respondent's pages: one statement per read or write, each its own transaction (same pool)
    app.state.autocommit = db.execution_options(isolation_level="AUTOCOMMIT")
    app.state.inline_db = db.dialect.name == "sqlite"  # see views_respondent._light
    app.state.engine = engine or Engine.load()
    app.state.templates = templates()

    from . import views_consultant, views_public, views_respondent

    # the respondent's routes first: they take most requests, and a request is matched in this order
    # (the paths do not overlap: only the respondent's begin with /r/)
    app.include_router(views_respondent.router)
    app.include_router(views_public.router)
    app.include_router(views_consultant.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, exc: LoginRequired):
        return redirect("/login?next=" + quote(request.url.path, safe="/"))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if exc.status_code == 404:
            return render(request, "message.html", 404, title=text("notfound", language(request)),
                          message=text("notfound.text", language(request)))
        if exc.status_code == 403 and exc.detail == "csrf":
            return render(request, "message.html", 403, title=text("error.title", language(request)),
                          message=text("csrf", language(request)))
        return render(request, "message.html", exc.status_code, title=text("error.title", language(request)),
                      message=text("error.text", language(request)))

    app.add_middleware(SessionMiddleware, secret_key=secret_key(settings.data_dir), session_cookie=SESSION_COOKIE,
                       same_site="lax", https_only=settings.secure_cookies, max_age=14 * 24 * 3600)
    app.add_middleware(SecurityHeaders)
    return app


def app_from_env() -> FastAPI:
    """For uvicorn's ``--factory``: settings from ``SOCIALFIT_DATABASE_URL`` and ``SOCIALFIT_DATA_DIR``."""
    return create_app(Settings.from_env())


def bare_app() -> FastAPI:
    """The same framework and middleware with one trivial endpoint: the load benchmark's baseline."""
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)

    @app.post("/bare")
    async def bare(request: Request):
        await request.form()
        return Response("ok", media_type="text/plain")

    @app.get("/bare")
    async def bare_get():
        return Response("ok", media_type="text/plain")

    app.add_middleware(SessionMiddleware, secret_key=secrets.token_urlsafe(32), session_cookie=SESSION_COOKIE)
    app.add_middleware(SecurityHeaders)
    return app


# ---------------------------------------------------------------- dependencies the views share


class LoginRequired(Exception):
    pass


async def csrf_form(request: Request):
    """The posted form, after checking its CSRF token against the session's (403 when it differs)."""
    form = await request.form()
    expected = request.session.get("csrf")
    given = form.get("csrf") or request.headers.get("x-csrf-token") or ""
    if not expected or not isinstance(given, str) or not secrets.compare_digest(given.encode(), expected.encode()):
        raise StarletteHTTPException(403, "csrf")
    return form


def require_user(request: Request) -> int:
    """The logged-in assessor's id; otherwise the page redirects to the login form."""
    user_id = request.session.get("user_id")
    if not isinstance(user_id, int):
        raise LoginRequired()
    return user_id
