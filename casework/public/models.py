"""What the e-service remembers of a submission for an hour: enough to count it against the
limits and to answer a second sending of the same form with the first one's case.

No client address is stored: ``address_key`` is an HMAC of it under the secret key (see
``casework.auth.throttle.keyed``), so no address can be recovered by trying them all. Rows are
deleted once they are older than the window (``PUBLIC_FORM_WINDOW_MINUTES``).
"""
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from casework.core.clock import utcnow
from casework.core.columns import TZDateTime
from casework.core.extensions import db


class PublicSubmission(db.Model):
    __tablename__ = "public_submissions"
    __table_args__ = (
        sa.Index("ix_public_submissions_address_at", "address_key", "at"),
        sa.Index("ix_public_submissions_unit_at", "unit_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: SHA-256 of the form's signed start token: one case per form shown, however often sent.
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    address_key: Mapped[str] = mapped_column(sa.String(64))
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("org_nodes.id", ondelete="CASCADE"))
    case_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(TZDateTime, default=utcnow)
