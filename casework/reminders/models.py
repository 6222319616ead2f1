"""A reminder, escalation or digest e-mail, from its creation by the due-scan to its sending."""
from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.auth.models import User
from casework.cases.models import Case
from casework.core.clock import utcnow
from casework.core.columns import TZDateTime, enum_column
from casework.core.delivery import Delivery, Status
from casework.core.extensions import db


class Kind(StrEnum):
    REMINDER = "reminder"
    ESCALATION = "escalation"
    DIGEST = "digest"
    #: A case has come in through the public e-service (casework.reminders.arrivals).
    NEW_CASE = "new_case"


class Notification(Delivery, db.Model):
    __tablename__ = "notifications"
    __table_args__ = (sa.Index("ix_notifications_status_send_at", "status", "send_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: What makes it unique: case, rule, deadline, step and recipient; or recipient and week.
    key: Mapped[str] = mapped_column(sa.String(200), unique=True)
    kind: Mapped[Kind] = mapped_column(enum_column(Kind))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    rule_key: Mapped[str | None] = mapped_column(sa.String(64))
    #: The deadline the reminder or escalation is about.
    due_at: Mapped[datetime | None] = mapped_column(TZDateTime)
    created_at: Mapped[datetime] = mapped_column(TZDateTime, default=utcnow)

    user: Mapped[User] = relationship()
    case: Mapped[Case | None] = relationship()


def insert_new(rows: list[dict]) -> int:
    """INSERT the rows, skipping those whose key exists (made by an earlier scan); returns
    how many were new."""
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    defaults = {"status": Status.PENDING, "attempts": 0, "created_at": utcnow()}
    statement = (dialect.insert(Notification).values([defaults | row for row in rows])
                 .on_conflict_do_nothing(index_elements=["key"]).returning(Notification.id))
    return len(db.session.execute(statement).all())
