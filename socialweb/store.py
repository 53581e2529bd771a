"""Reading and writing the workspace's rows: what the views need, with the ownership checks in the
queries (an assessor's lookups only ever find their own organisations)."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
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


def answers_of(session: Session, invitation_id: int) -> dict[str, Answer]:
    # populate_existing: answers are written by a Core upsert, which the identity map does not see
    rows = session.scalars(select(Answer).where(Answer.invitation_id == invitation_id)
                           .execution_options(populate_existing=True))
    return {a.item_id: a for a in rows}


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


def save_answer(session: Session, inv: Invitation, item_id: str, value: Any, seen_revision: int | None,
                previous: Answer | None = _UNKNOWN) -> Saved:
    """Write one answer (last write wins) in one statement; tell whether someone else wrote it since
    ``seen_revision`` (the revision the page showed). Commits, so an acknowledged answer is stored.
    ``previous``: the stored row as just read in this request (saves a query); else it is looked up."""
    now = utcnow()
    if previous is _UNKNOWN:
        previous = session.execute(select(Answer.revision, Answer.updated_at).where(
            Answer.invitation_id == inv.id, Answer.item_id == item_id)).first()
    insert = (postgresql.insert if session.bind.dialect.name == "postgresql" else sqlite.insert)(Answer)
    stmt = insert.values(invitation_id=inv.id, item_id=item_id, value_json=json.dumps(value), revision=1,
                         updated_at=now).on_conflict_do_update(
        index_elements=[Answer.invitation_id, Answer.item_id],
        set_={"value_json": json.dumps(value), "revision": Answer.revision + 1, "updated_at": now},
    ).returning(Answer.revision)
    revision = session.execute(stmt).scalar_one()
    if inv.started_at is None:
        inv.started_at = now
    session.commit()
    seen = seen_revision or 0
    # someone else wrote since the page was shown: the stored revision was not the page's, or another
    # write slipped in between (the upsert's revision is then more than one above the page's)
    elsewhere = previous is not None and (previous.revision != seen or revision != seen + 1)
    return Saved(revision, previous.updated_at if elsewhere else None)


def delete_answers(session: Session, inv: Invitation, item_ids: list[str]) -> None:
    if item_ids:
        session.execute(delete(Answer).where(Answer.invitation_id == inv.id, Answer.item_id.in_(item_ids)))
        session.commit()


def progress(session: Session, round_id: int) -> dict[str, int]:
    counts = dict.fromkeys(("invited", "started", "submitted", "revoked", "expired"), 0)
    for inv in session.scalars(select(Invitation).where(Invitation.round_id == round_id)):
        counts[inv.status] += 1
    counts["total"] = sum(counts.values())
    return counts


def count_answers(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Answer)) or 0
