"""A checked import file waiting for its confirmation.

The file is kept in the database, not on the web server's disk, so that the confirmation may
reach another server than the upload did. Taking it deletes it, so of two confirmations (a
double click, two tabs) one imports and the other finds nothing; a rolled-back import puts it
back with the rollback. Drafts left unconfirmed are removed after a day.
"""
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from casework.core.clock import utcnow
from casework.core.columns import TZDateTime
from casework.core.extensions import db

KEPT_FOR = timedelta(days=1)


class ImportDraft(db.Model):
    __tablename__ = "import_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(sa.String(64), unique=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    filename: Mapped[str] = mapped_column(sa.String(200))
    data: Mapped[bytes] = mapped_column(sa.LargeBinary)
    created_at: Mapped[datetime] = mapped_column(TZDateTime, default=utcnow)


def keep(user_id: int, filename: str, data: bytes) -> str:
    """Keep the file for ``user_id``'s confirmation; the token the confirmation names it by."""
    db.session.execute(sa.delete(ImportDraft).where(ImportDraft.created_at < utcnow() - KEPT_FOR))
    token = secrets.token_urlsafe(24)
    db.session.add(ImportDraft(token=token, user_id=user_id, filename=filename[:200], data=data))
    db.session.flush()
    return token


def take(user_id: int, token: str) -> tuple[str, bytes] | None:
    """The file's name and content, removed; None when it is gone (confirmed already, too old)
    or another user's."""
    found = db.session.execute(
        sa.delete(ImportDraft)
        .where(ImportDraft.token == token, ImportDraft.user_id == user_id,
               ImportDraft.created_at >= utcnow() - KEPT_FOR)
        .returning(ImportDraft.filename, ImportDraft.data)).first()
    return (found.filename, found.data) if found else None
