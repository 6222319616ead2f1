"""Server-side sessions: the record that makes a session cookie worth anything.

Flask's session cookie is signed, not stored, so on its own it stays valid for as long as the
secret key does: a copied cookie would outlive a logout. Each login therefore starts a
``UserSession`` row and puts a random token in the cookie; a request is signed in only while
that row is open, recently used (``SESSION_IDLE_MINUTES``), young enough
(``SESSION_MAX_HOURS``) and its user active. Logout ends the row; a password change, a change
of the second factor and deactivation end every row of the user.

Services flush; the caller commits.
"""
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy import orm
from flask import current_app, g

from casework.auth.models import RoleGrant, User, UserSession
from casework.core.clock import as_utc, utcnow
from casework.core.extensions import db
from casework.core.secret_tokens import new_token, token_hash

#: ``last_seen_at`` is written at most this often, so that most requests write nothing.
TOUCH_INTERVAL = timedelta(minutes=1)


def start_session(user: User) -> str:
    """Open a session for ``user``; the token returned goes into the session cookie."""
    token = new_token()
    db.session.add(UserSession(token_hash=token_hash(token), user_id=user.id))
    db.session.flush()
    return token


def session_user(token: str | None, user_id: int) -> User | None:
    """The user of the open session ``token``, or ``None`` if it is not (any more) valid.

    A session found idle or too old is ended here, and the record's ``last_seen_at`` moves on
    when it is older than a minute; neither is flushed, so the caller can tell by
    ``db.session.dirty`` whether there is anything to commit.
    """
    if not token:
        return None
    # One statement: the session, its user and the user's grants with their nodes, which
    # every guarded view reads (casework.access.policy).
    found = db.session.execute(
        sa.select(UserSession, User)
        .join(User, User.id == UserSession.user_id)
        .where(UserSession.token_hash == token_hash(token))
        .options(orm.joinedload(User.grants).joinedload(RoleGrant.node))
    ).unique().first()
    if found is None:
        return None
    record, user = found
    if record.ended_at is not None or record.user_id != user_id:
        return None
    now = utcnow()
    reason = _expiry(record, now)
    if reason:
        _end(record, reason, now)
        return None
    if not user.active:
        _end(record, "deactivated", now)
        return None
    if now - as_utc(record.last_seen_at) >= TOUCH_INTERVAL:
        record.last_seen_at = now
    g.casework_session = record
    return user


def current_session() -> UserSession | None:
    """The open session of this request's signed-in user, once the user is loaded."""
    return g.get("casework_session")


def end_session(token: str | None, reason: str = "logout") -> None:
    if not token:
        return
    record = db.session.scalar(
        sa.select(UserSession).where(UserSession.token_hash == token_hash(token)))
    if record is not None and record.ended_at is None:
        _end(record, reason, utcnow())
        db.session.flush()


def end_all_sessions(user_id: int, reason: str) -> int:
    """End every open session of the user; the number ended."""
    now = utcnow()
    records = db.session.scalars(
        sa.select(UserSession).where(UserSession.user_id == user_id, UserSession.ended_at.is_(None))
    ).all()
    for record in records:
        record.ended_at, record.end_reason = now, reason
    db.session.flush()
    return len(records)


def _expiry(record: UserSession, now: datetime) -> str | None:
    config = current_app.config
    if now - as_utc(record.created_at) >= timedelta(hours=config["SESSION_MAX_HOURS"]):
        return "expired"
    if now - as_utc(record.last_seen_at) >= timedelta(minutes=config["SESSION_IDLE_MINUTES"]):
        return "idle"
    return None


def _end(record: UserSession, reason: str, now: datetime) -> None:
    record.ended_at = now
    record.end_reason = reason


