from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from casework.core.clock import utcnow
from casework.core.columns import TZDateTime
from casework.core.extensions import db


class AuditEvent(db.Model):
    """One access: append-only (on PostgreSQL a trigger refuses UPDATE, DELETE and TRUNCATE).

    ``case_id`` and ``unit_id`` carry no foreign keys, so that the trail outlives the deletion
    of a case when its retention period ends. ``detail`` holds codes and numbers only.
    """

    __tablename__ = "audit_events"
    __table_args__ = (
        sa.Index("ix_audit_events_case_at", "case_id", "at"),
        sa.Index("ix_audit_events_user_at", "user_id", "at"),
        # The enhetschef's audit page: the events of the units in their subtree, newest first.
        sa.Index("ix_audit_events_unit_id", "unit_id", "id"),
        # The access-log checks (casework.logchecks): an enhet's reads in a week.
        sa.Index("ix_audit_events_unit_at", "unit_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(TZDateTime, default=utcnow, index=True)
    user_id: Mapped[int | None]
    #: The roles the user held at the time, comma-separated (grants change later).
    roles: Mapped[str] = mapped_column(sa.String(200), default="")
    action: Mapped[str] = mapped_column(sa.String(32))
    case_id: Mapped[int | None]
    unit_id: Mapped[int | None]
    detail: Mapped[dict] = mapped_column(sa.JSON, default=dict)
