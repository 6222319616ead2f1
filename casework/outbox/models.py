"""A mail to a person outside, stored until it has gone out (casework.core.delivery)."""
from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from casework.core.clock import utcnow
from casework.core.columns import TZDateTime, enum_column
from casework.core.delivery import Delivery
from casework.core.extensions import db


class Purpose(StrEnum):
    RECEIPT = "kvittens"
    ANSWER = "svar"
    FOLLOW_UP = "uppfoljning"

    @property
    def label(self) -> str:
        return PURPOSE_LABELS[self]


PURPOSE_LABELS = {
    Purpose.RECEIPT: "Kvittens",
    Purpose.ANSWER: "Svar",
    Purpose.FOLLOW_UP: "Uppföljningsfråga",
}


class OutgoingMail(Delivery, db.Model):
    __tablename__ = "outgoing_mail"
    __table_args__ = (sa.Index("ix_outgoing_mail_status_send_at", "status", "send_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[Purpose] = mapped_column(enum_column(Purpose))
    to_address: Mapped[str] = mapped_column(sa.String(254))
    subject: Mapped[str] = mapped_column(sa.String(200))
    body: Mapped[str] = mapped_column(sa.Text)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(TZDateTime, default=utcnow)
