"""A tiny cookie-keeping HTTP client on urllib for tests against a real server process (no browser)."""
from __future__ import annotations

import http.cookiejar
import re
import urllib.parse
import urllib.request


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browserless:
    def __init__(self, port: int):
        self.base = f"http://127.0.0.1:{port}"
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())

    def _open(self, path: str, data: bytes | None = None):
        try:
            return self.opener.open(self.base + path, data=data, timeout=30)
        except urllib.error.HTTPError as exc:  # 3xx land here with redirects off
            return exc

    def get_text(self, path: str) -> str:
        with self._open(path) as r:
            return r.read().decode()

    def get_location(self, path: str) -> str:
        with self._open(path) as r:
            return r.headers["location"]

    def csrf(self, page: str = "/") -> str:
        return re.search(r'name="csrf" value="([^"]+)"', self.get_text(page)).group(1)

    def post_form(self, path: str, fields: dict, page: str = "/") -> str:
        body = urllib.parse.urlencode({**fields, "csrf": self.csrf(page)}).encode()
        with self._open(path, body) as r:
            return r.headers.get("location") or r.read().decode()
