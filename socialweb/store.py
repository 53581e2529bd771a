"""Reading and writing the workspace's rows: what the views need, with the ownership checks in the
queries (an assessor's lookups only ever find their own organisations)."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import DateTime, bindparam, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from .accounts import hash_token, new_token
from .db import Answer, Invitation, Organisation, Round, utcnow

DEFAULT_VALID_DAYS = 30
SOLO_VALID_DAYS = 90


def organisation_of(session: Session, user_id: int, org_id: int) -> Organisation | None:
    return session.scalar(select(Organisation).where(Organisation.id == org_id, Organisation.owner_id == user_id))


def round_of(session: Session, user_id: int, round_id: int) -> Round | None:
    return session.scalar(select(Round).join(Organisation).where(Round.id == round_id,
                                                                  Organisation.owner_id == user_id))


def invitation_of(session: Session, user_id: int, invitation_id: int) -> Invitation | None:
    return session.scalar(select(Invitation).join(Round).join(Organisation).where(
        Invitation.id == invitation_id, Organisation.owner_id == user_id))


def invitation_by_token(session: Session, token: str) -> Invitation | None:
    if not token or len(token) > 100:
        return None
    return session.scalar(select(Invitation).where(Invitation.token_hash == hash_token(token)))


def create_invitation(session: Session, round_id: int | None, role: str, language: str, name: str | None,
                      days: int = DEFAULT_VALID_DAYS) -> tuple[Invitation, str]:
    """A new invitation and the token of its link (only its hash is stored)."""
    token, digest = new_token()
    inv = Invitation(round_id=round_id, token_hash=digest, role=role, language=language, name=name or None,
                     expires_at=utcnow() + dt.timedelta(days=days))
    session.add(inv)
    session.flush()
    return inv, token


def reissue(session: Session, inv: Invitation) -> str:
    """A new token for the same invitation (answers kept); the old link stops working."""
    token, digest = new_token()
    inv.token_hash = digest
    inv.revoked_at = None
    if inv.expires_at <= utcnow():
        inv.expires_at = utcnow() + dt.timedelta(days=DEFAULT_VALID_DAYS)
    return token


@dataclass
class Link:
    """What a respondent's link opens: the invitation, its round's questionnaire and organisation,
    read in one query with the answers (see :func:`open_link`)."""

    id: int
    round_id: int | None
    language: str
    expires_at: dt.datetime
    revoked_at: dt.datetime | None
    started_at: dt.datetime | None
    submitted_at: dt.datetime | None
    questionnaire: str | None  # the round's questionnaire ref; None for a person alone
    show_own_result: bool
    organisation: str | None

    @property
    def gone(self) -> bool:
        """Revoked or expired before it was submitted (a submitted link still shows its result)."""
        return self.submitted_at is None and (self.revoked_at is not None or self.expires_at <= utcnow())


@dataclass(frozen=True)
class Stored:
    """One stored answer as the respondent pages need it."""

    value: Any
    revision: int
    updated_at: dt.datetime


# The statements of the respondent's pages are built once (a statement built per request costs more
# CPU than running it) and run as plain Core: one SELECT opens a link with its answers, one upsert
# saves an answer.
_OPEN = (select(Invitation.id, Invitation.round_id, Invitation.language, Invitation.expires_at,
                Invitation.revoked_at, Invitation.started_at, Invitation.submitted_at, Round.questionnaire,
                Round.show_own_result, Organisation.name, Answer.item_id, Answer.value_json, Answer.revision,
                Answer.updated_at)
         .select_from(Invitation)
         .outerjoin(Round, Round.id == Invitation.round_id)
         .outerjoin(Organisation, Organisation.id == Round.organisation_id)
         .outerjoin(Answer, Answer.invitation_id == Invitation.id)
         .where(Invitation.token_hash == bindparam("token_hash")))
_ANSWERS = select(Answer.item_id, Answer.value_json, Answer.revision, Answer.updated_at).where(
    Answer.invitation_id == bindparam("inv"))
_PREVIOUS = select(Answer.revision, Answer.updated_at).where(
    Answer.invitation_id == bindparam("inv"), Answer.item_id == bindparam("item"))
_STARTED = (update(Invitation).where(Invitation.id == bindparam("inv"), Invitation.started_at.is_(None))
            .values(started_at=bindparam("now", type_=DateTime())))
_UPSERTS: dict[str, Any] = {}


def _upsert(dialect: str):
    """Insert the answer, or on the (invitation, item) conflict replace it and count the revision up."""
    stmt = _UPSERTS.get(dialect)
    if stmt is None:
        insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(Answer).values(
            invitation_id=bindparam("inv"), item_id=bindparam("item"), value_json=bindparam("value"),
            revision=1, updated_at=bindparam("now", type_=DateTime()))
        stmt = _UPSERTS[dialect] = insert.on_conflict_do_update(
            index_elements=[Answer.invitation_id, Answer.item_id],
            set_={"value_json": insert.excluded.value_json, "revision": Answer.revision + 1,
                  "updated_at": insert.excluded.updated_at},
        ).returning(Answer.revision)
    return stmt


def _dialect(db: Connection | Session) -> str:
    return db.dialect.name if isinstance(db, Connection) else db.get_bind().dialect.name


def open_link(db: Connection | Session, token: str) -> tuple[Link, dict[str, Stored]] | None:
    """The link of ``token`` and its stored answers, in one query; ``None`` for an unknown token."""
    if not token or len(token) > 100:
        return None
    rows = db.execute(_OPEN, {"token_hash": hash_token(token)}).all()
    if not rows:
        return None
    first = rows[0]
    link = Link(first[0], first[1], first[2], first[3], first[4], first[5], first[6], first[7],
                True if first[8] is None else bool(first[8]), first[9])
    return link, {r[10]: Stored(json.loads(r[11]), r[12], r[13]) for r in rows if r[10] is not None}


def answers_of(db: Connection | Session, invitation_id: int) -> dict[str, Stored]:
    """The stored answers of one invitation, by item id."""
    return {item_id: Stored(json.loads(value), revision, updated)
            for item_id, value, revision, updated in db.execute(_ANSWERS, {"inv": invitation_id})}


def answer_values(session: Session, invitation_ids: list[int]) -> dict[int, dict[str, Any]]:
    out: dict[int, dict[str, Any]] = {i: {} for i in invitation_ids}
    if invitation_ids:
        rows = session.execute(select(Answer.invitation_id, Answer.item_id, Answer.value_json)
                               .where(Answer.invitation_id.in_(invitation_ids)))
        for inv_id, item_id, value in rows:
            out[inv_id][item_id] = json.loads(value)
    return out


@dataclass
class Saved:
    revision: int
    changed_elsewhere: dt.datetime | None  # when another tab or device had written this item since


_UNKNOWN = object()


def save_answer(db: Connection | Session, inv: Link | Invitation, item_id: str, value: Any,
                seen_revision: int | None, previous: Stored | None = _UNKNOWN) -> Saved:
    """Write one answer (last write wins) in one statement; tell whether someone else wrote it since
    ``seen_revision`` (the revision the page showed). Commits, so an acknowledged answer is stored.
    ``previous``: the stored answer as just read in this request (saves a query); else it is looked up.

    The first answer of a link also marks it started, in the statement before (on an autocommit
    connection its own transaction: an invitation with answers is always started)."""
    now = utcnow()
    if previous is _UNKNOWN:
        previous = db.execute(_PREVIOUS, {"inv": inv.id, "item": item_id}).first()
    if inv.started_at is None:
        db.execute(_STARTED, {"inv": inv.id, "now": now})
        if isinstance(inv, Link):  # an ORM invitation keeps its loaded state; the statement did the write
            inv.started_at = now
    revision = db.execute(_upsert(_dialect(db)), {"inv": inv.id, "item": item_id, "value": json.dumps(value),
                                                  "now": now}).scalar_one()
    db.commit()
    seen = seen_revision or 0
    # someone else wrote since the page was shown: the stored revision was not the page's, or another
    # write slipped in between (the upsert's revision is then more than one above the page's)
    elsewhere = previous is not None and (previous.revision != seen or revision != seen + 1)
    return Saved(revision, previous.updated_at if elsewhere else None)


def delete_answers(db: Connection | Session, inv: Link | Invitation, item_ids: list[str]) -> None:
    if item_ids:
        db.execute(delete(Answer).where(Answer.invitation_id == inv.id, Answer.item_id.in_(item_ids)))
        db.commit()


def set_language(db: Connection | Session, link: Link, language: str) -> None:
    db.execute(update(Invitation).where(Invitation.id == link.id).values(language=language))
    db.commit()
    link.language = language


def mark_submitted(db: Connection | Session, link: Link) -> None:
    """Submit once: a second submit (another tab) keeps the first time."""
    db.execute(update(Invitation).where(Invitation.id == link.id, Invitation.submitted_at.is_(None))
               .values(submitted_at=utcnow()))
    db.commit()


def progress(session: Session, round_id: int) -> dict[str, int]:
    counts = dict.fromkeys(("invited", "started", "submitted", "revoked", "expired"), 0)
    for inv in session.scalars(select(Invitation).where(Invitation.round_id == round_id)):
        counts[inv.status] += 1
    counts["total"] = sum(counts.values())
    return counts


def count_answers(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Answer)) or 0
