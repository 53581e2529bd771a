"""Security of the workspace: CSRF, who reaches what (two assessors, two respondents), revoked and
expired links, escaping of user text, headers, rate-limited login, secret key, token storage."""
from __future__ import annotations

import datetime as dt
import re

from web.webtools import (CSRF, add_user, client, csrf_of, invite, login, new_round, post)


def test_post_without_or_with_a_wrong_csrf_token_is_rejected(app):
    add_user(app, "c@example.nl")
    c = client(app)
    login(c, "c@example.nl")
    assert c.post("/orgs", data={"name": "Acme"}).status_code == 403
    assert c.post("/orgs", data={"name": "Acme", "csrf": "forged"}).status_code == 403
    assert "expired or did not come from this site" in c.post("/orgs", data={"name": "x"}).text
    solo = client(app)
    assert solo.post("/solo", data={}).status_code == 403
    r = client(app).post("/login", data={"email": "c@example.nl", "password": "correct horse battery"})
    assert r.status_code == 403


def test_an_assessor_never_reaches_another_assessors_organisation(app):
    add_user(app, "a@example.nl")
    add_user(app, "b@example.nl")
    a, b = client(app), client(app)
    login(a, "a@example.nl")
    login(b, "b@example.nl")
    org, rnd = new_round(a, "Alpha BV")
    invite(a, rnd, ["marketing"])
    for path in (f"/orgs/{org}", f"/rounds/{rnd}", f"/rounds/{rnd}/report", f"/orgs/{org}/compare",
                 f"/rounds/{rnd}/export/assessments.json", f"/rounds/{rnd}/export/answers.csv"):
        assert b.get(path).status_code == 404, path
    token = csrf_of(b, "/orgs")
    assert b.post(f"/orgs/{org}/rounds", data={"csrf": token, "name": "x"}).status_code == 404
    assert b.post(f"/rounds/{rnd}/invitations", data={"csrf": token, "role_0": "other"}).status_code == 404
    with app.state.sessions() as s:
        from socialweb.db import Invitation

        inv_id = s.query(Invitation).first().id
    assert b.post(f"/invitations/{inv_id}/revoke", data={"csrf": token}).status_code == 404
    assert "Alpha BV" not in b.get("/orgs").text
    # not logged in: the login page, never the data
    anon = client(app)
    r = anon.get(f"/rounds/{rnd}")
    assert r.status_code == 303 and r.headers["location"].startswith("/login")


def test_a_respondent_reaches_only_their_own_invitation(app, engine):
    add_user(app, "c@example.nl")
    c = client(app)
    login(c, "c@example.nl")
    _org, rnd = new_round(c)
    first, second = invite(c, rnd, ["marketing", "management"])
    r = client(app)
    r.get(first)
    # another respondent's pages with this respondent's cookie but a made-up or altered token: 404
    for path in (first[:-2] + "xx", first + "x", "/r/" + "A" * 32, f"/rounds/{rnd}/respondents/2"):
        got = r.get(path)
        assert got.status_code in (404, 303), path
        if got.status_code == 303:
            assert got.headers["location"].startswith("/login")
    assert r.get(first[:-2] + "xx" + "/s/organisation").status_code == 404
    token = CSRF.search(r.get(r.get(first).headers["location"]).text).group(1)
    assert r.post(second[:-1] + ("A" if second[-1] != "A" else "B") + "/item/org_size",
                  data={"csrf": token, "org_size": "small"}).status_code == 404
    # tokens are stored hashed: the database never holds the link
    with app.state.sessions() as s:
        from socialweb.db import Invitation

        hashes = [i.token_hash for i in s.query(Invitation)]
    assert all(h not in first + second for h in hashes)
    assert first.rsplit("/", 1)[1] not in hashes


def test_revoked_and_expired_links_show_a_clear_page(app):
    add_user(app, "c@example.nl")
    c = client(app)
    login(c, "c@example.nl")
    _org, rnd = new_round(c)
    revoked, expired = invite(c, rnd, ["marketing", "other"], ["en", "nl"])
    with app.state.sessions() as s:
        from socialweb import store

        inv = store.invitation_by_token(s, revoked.rsplit("/", 1)[1])
        inv_id = inv.id
        old = store.invitation_by_token(s, expired.rsplit("/", 1)[1])
        old.expires_at = dt.datetime(2020, 1, 1)
        s.commit()
    assert post(c, f"/invitations/{inv_id}/revoke", {}, f"/rounds/{rnd}").status_code == 303
    r = client(app).get(revoked)
    assert r.status_code == 410 and "revoked" in r.text and "Ask for a new link" in r.text
    r = client(app).get(expired + "/s/organisation")
    assert r.status_code == 410 and "verlopen op 2020-01-01" in r.text
    # a reissued link works again and the old one stays dead
    page = post(c, f"/invitations/{inv_id}/reissue", {}, f"/rounds/{rnd}")
    new = re.search(r'value="http://testserver(/r/[^"]+)"', page.text).group(1)
    assert client(app).get(new).status_code == 303
    assert client(app).get(revoked).status_code == 404


def test_script_in_names_and_answers_is_shown_as_text(app, engine):
    add_user(app, "c@example.nl")
    c = client(app)
    login(c, "c@example.nl")
    evil = '<script>alert("x")</script>'
    org, rnd = new_round(c, evil, evil)
    (link,) = invite(c, rnd, ["marketing"], names=[evil])
    for path in ("/orgs", f"/orgs/{org}", f"/rounds/{rnd}"):
        html = c.get(path).text
        assert evil not in html and "&lt;script&gt;" in html, path
    r = client(app)
    section = r.get(link).headers["location"]
    page = r.get(section)
    assert evil not in page.text and "&lt;script&gt;" in page.text
    token = CSRF.search(page.text).group(1)
    number = next(i for i in engine.questionnaire.items if i.type == "number" and i.show_if is None)
    got = r.post(f"{link}/item/{number.id}", data={"csrf": token, number.id: evil})
    assert evil not in got.text and "&lt;script&gt;" in got.text


def test_security_headers_and_cookie_flags(app):
    c = client(app)
    r = c.get("/")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert "<script>" not in r.text.replace('<script src="/static/', "")  # no inline script anywhere
    assert c.get("/static/vendor/htmx-2.0.11.min.js").status_code == 200


def test_login_is_rate_limited(app):
    add_user(app, "c@example.nl")
    c = client(app)
    for _ in range(5):
        r = c.post("/login", data={"email": "c@example.nl", "password": "wrong password!", "csrf": csrf_of(c, "/login")})
        assert r.status_code == 401
    r = c.post("/login", data={"email": "c@example.nl", "password": "correct horse battery", "csrf": csrf_of(c, "/login")})
    assert r.status_code == 429 and "Too many failed attempts" in r.text


def test_login_redirects_only_within_the_site(app):
    add_user(app, "c@example.nl")
    c = client(app)
    r = c.post("/login", data={"email": "c@example.nl", "password": "correct horse battery",
                               "csrf": csrf_of(c, "/login"), "next": "//evil.example/x"})
    assert r.headers["location"] == "/orgs"


def test_passwords_are_argon2_hashes(app):
    add_user(app, "c@example.nl", "a long secret pass")
    with app.state.sessions() as s:
        from socialweb.db import User

        h = s.query(User).one().password_hash
    assert h.startswith("$argon2id$") and "a long secret pass" not in h


def test_the_secret_key_is_generated_once_into_the_data_folder(tmp_path):
    from socialweb.config import secret_key

    key = secret_key(tmp_path / "data")
    assert len(key) >= 48 and secret_key(tmp_path / "data") == key
    assert (tmp_path / "data" / "secret_key").stat().st_mode & 0o077 == 0
