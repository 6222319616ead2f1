"""The API's own tables: the Idempotency-Key of a create, and the rate limit's windows."""
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from casework.core.clock import utcnow
from casework.core.columns import TZDateTime
from casework.core.extensions import db


class IdempotencyKey(db.Model):
    """A create sent with an ``Idempotency-Key``: the first claims the key for its token and
    registers its case; a retry finds the claim and gets that case (casework.api.idempotency).
    Only a hash of the request is kept, never its content."""

    __tablename__ = "api_idempotency_keys"
    __table_args__ = (sa.UniqueConstraint("token_id", "key", name="uq_api_idempotency_keys_token_key"),
                      sa.Index("ix_api_idempotency_keys_created_at", "created_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    token_id: Mapped[int] = mapped_column(sa.ForeignKey("api_tokens.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(sa.String(200))
    #: SHA-256 of the request's canonical JSON: the same key with another body is refused.
    request_hash: Mapped[str] = mapped_column(sa.String(64))
    case_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(TZDateTime, default=utcnow)


class RateWindow(db.Model):
    """The calls made with one presented token (by its secret's hash) in one minute."""

    __tablename__ = "api_rate_windows"

    key: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(TZDateTime, primary_key=True, index=True)
    calls: Mapped[int] = mapped_column(default=0)
