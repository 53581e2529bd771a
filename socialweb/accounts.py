"""Assessor accounts: argon2 password hashes, login with rate limiting, invitation tokens.

Failed logins are recorded in the database (not in one process's memory) so that the limit holds
across workers: more than :data:`MAX_FAILURES` failures for one e-mail address or one client address
within :data:`WINDOW` locks further attempts until the window has passed.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .db import LoginAttempt, User, utcnow

MIN_PASSWORD = 10
MAX_FAILURES = 5
WINDOW = dt.timedelta(minutes=15)
TOKEN_BYTES = 24  # 192 random bits per invitation link

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("not a password of anyone")


class PasswordTooShort(ValueError):
    pass


class RateLimited(Exception):
    pass


def normalise_email(email: str) -> str:
    email = email.strip().lower()
    if "@" not in email or len(email) > 320 or any(c.isspace() for c in email):
        raise ValueError(f"{email!r}: expected an e-mail address such as consultant@example.nl")
    return email


def add_user(session: Session, email: str, password: str) -> User:
    email = normalise_email(email)
    if len(password) < MIN_PASSWORD:
        raise PasswordTooShort(f"the password has {len(password)} characters; use at least {MIN_PASSWORD}")
    user = User(email=email, password_hash=_hasher.hash(password))
    session.add(user)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise ValueError(f"{email}: an assessor with this address exists already") from None
    return user


def authenticate(session: Session, email: str, password: str, client: str) -> User | None:
    """The user for a correct e-mail and password, else ``None``; raises :class:`RateLimited`."""
    key_email, key_client = "email:" + email.strip().lower()[:320], "client:" + client[:60]
    since = utcnow() - WINDOW
    counts = session.execute(select(LoginAttempt.key, func.count()).where(
        LoginAttempt.key.in_([key_email, key_client]), LoginAttempt.at > since).group_by(LoginAttempt.key)).all()
    if max((n for _key, n in counts), default=0) >= MAX_FAILURES:
        raise RateLimited()
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    try:
        ok = _hasher.verify(user.password_hash if user else _DUMMY_HASH, password) and user is not None
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok:
        session.add_all([LoginAttempt(key=key_email), LoginAttempt(key=key_client)])
        session.execute(delete(LoginAttempt).where(LoginAttempt.at < utcnow() - 2 * WINDOW))
        session.commit()
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    session.execute(delete(LoginAttempt).where(LoginAttempt.key == key_email))
    session.commit()
    return user


def new_token() -> tuple[str, str]:
    """(token for the link, its hash for the database)."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    """SHA-256: the token has 192 random bits, so a fast hash is enough and lookups stay indexed."""
    return hashlib.sha256(token.encode()).hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
