"""Retention's tables: a förvaltning's changes to the rules of config/retention.toml and their
history, the legal holds that keep a case from anonymisation, and the deletion log.

The log keeps, per anonymised case, when and by which rule (and how many years it then said),
never what was removed.
"""
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from casework.core.clock import utcnow
from casework.core.columns import TZDateTime
from casework.core.extensions import db
from casework.deadlines.models import RuleChangeColumns


class RetentionRuleOverride(db.Model):
    """One förvaltning's years of one rule; no row: the file's."""

    __tablename__ = "retention_rule_overrides"
    __table_args__ = (
        sa.UniqueConstraint("district_id", "rule_key", name="uq_retention_rule_overrides_district_rule"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(sa.ForeignKey("org_nodes.id"), index=True)
    rule_key: Mapped[str] = mapped_column(sa.String(64))
    years: Mapped[int]
    updated_at: Mapped[datetime] = mapped_column(TZDateTime, default=utcnow, onupdate=utcnow)


class RetentionRuleChange(RuleChangeColumns, db.Model):
    """One change of a förvaltning's retention rule (values: ``{"years": n}``)."""

    __tablename__ = "retention_rule_changes"
    __table_args__ = (sa.Index("ix_retention_rule_changes_district_rule", "district_id", "rule_key", "id"),)


class LegalHold(db.Model):
    """Rättslig spärr: while this row exists the retention job leaves the case as it is. At most
    one per case (the primary key), so a double submit cannot place two; lifting deletes it, and
    the audit trail keeps both (ids only)."""

    __tablename__ = "legal_holds"

    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"),
                                         primary_key=True, autoincrement=False)
    #: Why, e.g. an ongoing IVO matter: required, at most ``services.REASON_MAX`` characters.
    reason: Mapped[str] = mapped_column(sa.Text)
    placed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    placed_at: Mapped[datetime] = mapped_column(TZDateTime, default=utcnow)


class RetentionLogEntry(db.Model):
    """The deletion log: the case's personal data was removed at ``anonymised_at`` by rule
    ``rule_key`` (``years`` after its day). One row per case: a case is anonymised once."""

    __tablename__ = "retention_log"

    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"),
                                         primary_key=True, autoincrement=False)
    rule_key: Mapped[str] = mapped_column(sa.String(64))
    years: Mapped[int]
    anonymised_at: Mapped[datetime] = mapped_column(TZDateTime, default=utcnow, index=True)
