"""A standard text: what it is for, where it applies, and its words."""
from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.core.case_types import CaseType
from casework.core.clock import utcnow
from casework.core.columns import TZDateTime, enum_column
from casework.core.extensions import db
from casework.organisation.models import OrgNode


class TextPurpose(StrEnum):
    RECEIPT = "kvittens"
    ANSWER = "svar"
    APT = "apt"

    @property
    def label(self) -> str:
        return PURPOSE_LABELS[self]


PURPOSE_LABELS = {
    TextPurpose.RECEIPT: "Kvittens",
    TextPurpose.ANSWER: "Svar",
    TextPurpose.APT: "APT-sammanfattning",
}


class ReplyText(db.Model):
    """A standard text (svarsmall). It applies to the cases of ``case_type`` (None: every type
    it may be used for), carrying ``category`` (None: whatever they carry), in the subtree of
    ``org_node`` (None: everywhere). ``subject`` is the e-mail's subject line, which never
    holds a case's description."""

    __tablename__ = "reply_texts"
    __table_args__ = (sa.Index("ix_reply_texts_purpose_type", "purpose", "case_type"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[TextPurpose] = mapped_column(enum_column(TextPurpose))
    case_type: Mapped[CaseType | None] = mapped_column(enum_column(CaseType))
    #: A taxonomy key (config/taxonomy.toml).
    category: Mapped[str | None] = mapped_column(sa.String(40))
    org_node_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("org_nodes.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    subject: Mapped[str | None] = mapped_column(sa.String(200))
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(TZDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(TZDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))

    org_node: Mapped[OrgNode | None] = relationship()

    def __repr__(self) -> str:
        return f"<ReplyText {self.id} {self.purpose}>"
