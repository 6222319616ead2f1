"""The frozen tertial tables: what a unit's table said when its tertial was closed."""
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.core.clock import utcnow
from casework.core.columns import TZDateTime
from casework.core.extensions import db
from casework.organisation.models import OrgNode


class ReportSnapshot(db.Model):
    """One node's table for a tertial, as ``export.to_json`` gave it when the tertial closed.

    The unique constraint makes the tertial job idempotent even when two runs race: at most one
    snapshot per node, year, tertial and template. ``data`` is never updated, so it keeps the
    figures, labels and unmapped cases of the day it was taken.
    """

    __tablename__ = "report_snapshots"
    __table_args__ = (
        sa.UniqueConstraint("node_id", "year", "tertial", "template",
                            name="uq_report_snapshots_period"),
        sa.CheckConstraint("tertial BETWEEN 1 AND 3", name="tertial"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    node_id: Mapped[int] = mapped_column(sa.ForeignKey("org_nodes.id"))
    year: Mapped[int]
    tertial: Mapped[int] = mapped_column(sa.SmallInteger)
    #: The template year the table was counted with.
    template: Mapped[int]
    cutoff_on: Mapped[date]
    taken_at: Mapped[datetime] = mapped_column(TZDateTime, default=utcnow)
    data: Mapped[dict] = mapped_column(sa.JSON)

    node: Mapped[OrgNode] = relationship()
