"""The workspace's tables (SQLAlchemy 2) and the database connection.

Assessors own organisations; an organisation has rounds (one questionnaire version each); a round has
invitations (one per respondent, a hashed token); an invitation has answers, one row per item, each
with a revision counter so that a write from another tab or device is noticed (last write wins).
An invitation without a round is a person taking the intake alone from the start page.
Schema changes go through the Alembic migrations in ``socialweb/migrations``.
"""
from __future__ import annotations

import datetime as dt
import json
import os
from typing import Any

from sqlalchemy import (Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint, create_engine,
                        event, func)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, sessionmaker


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)  # stored naive, always UTC


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Organisation(Base):
    __tablename__ = "organisations"
    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    rounds: Mapped[list["Round"]] = relationship(back_populates="organisation", order_by="Round.id")


class Round(Base):
    __tablename__ = "rounds"
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    questionnaire: Mapped[str] = mapped_column(String(100))  # the ref, e.g. intake@1.0
    show_own_result: Mapped[bool] = mapped_column(Boolean, default=True)
    min_group_size: Mapped[int] = mapped_column(Integer, default=3, server_default="3")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    organisation: Mapped[Organisation] = relationship(back_populates="rounds")
    invitations: Mapped[list["Invitation"]] = relationship(back_populates="round", order_by="Invitation.id")


class Invitation(Base):
    __tablename__ = "invitations"
    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int | None] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256 of the link's token
    role: Mapped[str] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(String(2))
    name: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    round: Mapped[Round | None] = relationship(back_populates="invitations")

    @property
    def status(self) -> str:
        if self.submitted_at:
            return "submitted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= utcnow():
            return "expired"
        return "started" if self.started_at else "invited"


class Answer(Base):
    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("invitation_id", "item_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitations.id", ondelete="CASCADE"))
    item_id: Mapped[str] = mapped_column(String(100))
    value_json: Mapped[str] = mapped_column(Text)  # the answer as in an answers file; null = don't know
    revision: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, server_default=func.now())

    @property
    def value(self) -> Any:
        return json.loads(self.value_json)


class LoginAttempt(Base):
    """Failed logins, for rate limiting across processes (added in migration 0002)."""

    __tablename__ = "login_attempts"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(400), index=True)  # the e-mail address or the client address
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)


def make_engine(url: str) -> Engine:
    """A SQLAlchemy engine; SQLite gets WAL, foreign keys and a busy timeout.

    SQLite runs with ``synchronous=NORMAL``, the setting SQLite documents for WAL: a committed answer
    survives the server process being killed at any moment (the WAL is on disk); only a power cut or an
    OS crash may lose the last commits before the next checkpoint. A full fsync on every commit
    (``SOCIALFIT_SQLITE_SYNC=FULL``) closes that too, at about twice the save latency here. PostgreSQL
    flushes its log on every commit by default."""
    if url.startswith("sqlite"):
        sync = "FULL" if os.environ.get("SOCIALFIT_SQLITE_SYNC", "").upper() == "FULL" else "NORMAL"
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(conn, _record):
            cur = conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")      # readers never block the writer
            cur.execute(f"PRAGMA synchronous={sync}")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        return engine
    # A fixed pool (no overflow): an overflow connection is closed on return and a new PostgreSQL connection
    # (a forked backend) costs more than waiting a moment for a pooled one. 20 per worker process.
    return create_engine(url, pool_pre_ping=True, pool_size=20, max_overflow=0, pool_timeout=30)


def make_sessionmaker(engine: Engine) -> sessionmaker:
    return sessionmaker(engine, expire_on_commit=False)
