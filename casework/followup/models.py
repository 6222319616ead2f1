"""The follow-up question after a klagomål is closed, its answer, and the reopen request a
"Nej" with a comment makes.

A question's link is a random token of which only the SHA-256 is stored
(``casework.core.secret_tokens``); the URL carries neither the case number nor an id.
"""
from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.auth.models import User
from casework.cases.models import Case
from casework.core.clock import utcnow
from casework.core.columns import TZDateTime, enum_column
from casework.core.extensions import db


class Answer(StrEnum):
    JA = "ja"
    DELVIS = "delvis"
    NEJ = "nej"

    @property
    def label(self) -> str:
        return ANSWER_LABELS[self]


ANSWER_LABELS = {Answer.JA: "Ja", Answer.DELVIS: "Delvis", Answer.NEJ: "Nej"}


class FollowUp(db.Model):
    """One question sent: the link's hash, when it was sent and stops working, and the answer
    once given (the link then works no more)."""

    __tablename__ = "follow_ups"
    __table_args__ = (sa.Index("ix_follow_ups_case_sent", "case_id", "sent_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    sent_at: Mapped[datetime] = mapped_column(TZDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(TZDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(TZDateTime)
    answer: Mapped[Answer | None] = mapped_column(enum_column(Answer))
    #: What the person wrote (optional, at most ``services.COMMENT_MAX`` characters).
    comment: Mapped[str | None] = mapped_column(sa.Text)

    case: Mapped[Case] = relationship()


class RequestStatus(StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class ReopenRequest(db.Model):
    """A "Nej" with a comment: the person asks, in effect, for the case to be looked at again.
    The handler decides once: reopen the case (accepted) or decline with a reason."""

    __tablename__ = "reopen_requests"
    __table_args__ = (sa.Index("ix_reopen_requests_case_status", "case_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"))
    #: The answer that made it; one request per answer.
    follow_up_id: Mapped[int] = mapped_column(
        sa.ForeignKey("follow_ups.id", ondelete="CASCADE"), unique=True)
    created_at: Mapped[datetime] = mapped_column(TZDateTime, default=utcnow)
    status: Mapped[RequestStatus] = mapped_column(enum_column(RequestStatus),
                                                  default=RequestStatus.OPEN)
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(TZDateTime)
    #: Why it was declined (required then); None when accepted.
    reason: Mapped[str | None] = mapped_column(sa.Text)

    case: Mapped[Case] = relationship()
    answer: Mapped[FollowUp] = relationship()
    decided_by: Mapped[User | None] = relationship()
