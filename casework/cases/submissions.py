"""One case per submitted form, however often it is sent.

Every intake form carries a random token, made when the form is shown. The first submission of
a token claims it and registers its case; a second one (a double click, a browser or proxy
that retries, a second tab sending the same page) finds the claim and is answered with the
first one's case instead of a new one. The claim is an INSERT that skips an existing token, so
of two submissions running at the same time the second waits for the first and then finds its
claim (PostgreSQL), or runs after it (SQLite's one writer). Claims are kept for at least a
day: a user's older ones are removed when the user signs in (``prune``), not by every
submission, whose request then runs one statement less.

Services flush; the caller commits.
"""
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, mapped_column

from casework.core.clock import utcnow
from casework.core.columns import TZDateTime
from casework.core.extensions import db

#: How long a token is remembered: far longer than any retry, short enough to keep few rows.
KEPT_FOR = timedelta(days=1)


class FormSubmission(db.Model):
    """A claimed form token, and the case its submission registered."""

    __tablename__ = "form_submissions"
    __table_args__ = (sa.Index("ix_form_submissions_user_at", "user_id", "created_at"),)

    token: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    case_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(TZDateTime, default=utcnow)


def new_token() -> str:
    return secrets.token_urlsafe(16)


def prune(user_id: int) -> None:
    """Forget ``user_id``'s claims older than ``KEPT_FOR`` (a form older than that was shown in
    an earlier session, which has ended: sessions last at most ``SESSION_MAX_HOURS``)."""
    db.session.execute(sa.delete(FormSubmission).where(
        FormSubmission.user_id == user_id, FormSubmission.created_at < utcnow() - KEPT_FOR))


def claim(token: str, user_id: int) -> FormSubmission | None:
    """Claim ``token`` for ``user_id``'s submission: None when this is the first, else the
    earlier claim (whose ``case_id`` is its case; another user's claim is never handed out:
    its ``case_id`` reads as None)."""
    now = utcnow()
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    inserted = db.session.execute(
        dialect.insert(FormSubmission)
        .values(token=token, user_id=user_id, created_at=now)
        .on_conflict_do_nothing(index_elements=["token"])
        .returning(FormSubmission.token)
    ).first()
    if inserted is not None:
        return None
    earlier = db.session.get(FormSubmission, token)
    if earlier.user_id != user_id:
        return FormSubmission(token=token, user_id=user_id, case_id=None)
    return earlier


def settle(token: str, case_id: int) -> None:
    """Record the case the claimed submission registered."""
    db.session.execute(sa.update(FormSubmission).where(FormSubmission.token == token)
                       .values(case_id=case_id))
