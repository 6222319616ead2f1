from datetime import date
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.core.columns import enum_column
from casework.core.extensions import db


class NodeKind(StrEnum):
    FORVALTNING = "forvaltning"
    AVDELNING = "avdelning"
    OMRADE = "omrade"
    ENHET = "enhet"

    @property
    def rank(self) -> int:
        """Depth in the hierarchy: a child must rank below its parent."""
        return list(NodeKind).index(self)


class OrgNode(db.Model):
    """A node of the organisation tree. Cases belong to nodes of kind ``enhet``.

    ``path`` is a materialised path of ids (``/1/4/17/``) so that a whole subtree, the scope of a
    role grant or of a rolled-up report, is one indexed prefix comparison.
    """

    __tablename__ = "org_nodes"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(32), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[NodeKind] = mapped_column(enum_column(NodeKind))
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("org_nodes.id"), index=True)
    path: Mapped[str] = mapped_column(sa.String(400), index=True)
    #: When an enhet was closed: it takes no new cases; its cases stay readable, handleable
    #: and reportable. None while open.
    closed_on: Mapped[date | None] = mapped_column(sa.Date)
    #: The postal address a letter from the node carries (lines), for its nodes below too
    #: when they have none of their own.
    postal_address: Mapped[str | None] = mapped_column(sa.Text)
    #: Who is responsible in an enhet (``casework.reminders.responsible`` sets and checks them):
    #: the handler reminded of the cases that have none, and the enhetschef a missed deadline
    #: escalates to. Ids only: the users table belongs to ``casework.auth``, a layer above.
    responsible_handler_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    escalation_manager_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))

    parent: Mapped["OrgNode | None"] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list["OrgNode"]] = relationship(back_populates="parent")

    @property
    def closed(self) -> bool:
        return self.closed_on is not None

    def __repr__(self) -> str:
        return f"<OrgNode {self.code} {self.kind}>"
