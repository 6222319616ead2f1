from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.auth.models import User
from casework.core.clock import utcnow
from casework.core.columns import TZDateTime
from casework.core.extensions import db
from casework.organisation.models import OrgNode


class LogCheck(db.Model):
    """The sign-off of one enhet's access-log check for one ISO week: who, when, what they
    found, and what they reviewed. Kept: it is the record that the log was followed up.

    ``sample`` is the sampled reads, ``[{"event": id, "handled": bool}, ...]``, and
    ``anomalies`` the flagged ones, ``[{"kind": code, "user": id, "events": [id, ...]}, ...]``:
    ids and codes only, so that the signed check stays what was reviewed even when the rules
    or the cases change later.
    """

    __tablename__ = "log_checks"
    __table_args__ = (sa.UniqueConstraint("unit_id", "year", "week",
                                          name="uq_log_checks_unit_week"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("org_nodes.id"))
    year: Mapped[int]
    week: Mapped[int]
    signed_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    signed_at: Mapped[datetime] = mapped_column(TZDateTime, default=utcnow)
    comment: Mapped[str] = mapped_column(sa.Text)
    #: How many reads the week had when it was signed, of which ``sample`` is drawn.
    read_count: Mapped[int]
    sample: Mapped[list] = mapped_column(sa.JSON, default=list)
    anomalies: Mapped[list] = mapped_column(sa.JSON, default=list)

    unit: Mapped[OrgNode] = relationship()
    signed_by: Mapped[User] = relationship()
