"""A district's changes to the deadline rules of config/deadlines.toml, and their history.

A district is a top node of the organisation tree (a förvaltning). The file's rules are the
defaults; a row here replaces, for one district, the length, the reminder and whether the rule
is on. No row: the file's values.
"""
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from casework.core.clock import utcnow
from casework.core.columns import TZDateTime
from casework.core.extensions import db


class DeadlineRuleOverride(db.Model):
    """One district's values of one rule. The length is in the unit of the file's rule
    (working days, days or hours); so is the reminder (``remind_working_days_before`` for a
    rule in days, ``remind_hours_before`` for one in hours)."""

    __tablename__ = "deadline_rule_overrides"
    __table_args__ = (
        sa.UniqueConstraint("district_id", "rule_key", name="uq_deadline_rule_overrides_district_rule"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(sa.ForeignKey("org_nodes.id"), index=True)
    rule_key: Mapped[str] = mapped_column(sa.String(64))
    length: Mapped[int]
    remind_working_days_before: Mapped[int | None]
    remind_hours_before: Mapped[list] = mapped_column(sa.JSON, default=list)
    enabled: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(TZDateTime, default=utcnow, onupdate=utcnow)


class RuleChangeColumns:
    """The columns of one change of a district's rule, as a rule's page shows it ("Historik"):
    who (None on the command line), when, and the rule's values before and after. Shared by the
    deadline rules' history and the retention rules' (casework.retention.models)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(TZDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    district_id: Mapped[int] = mapped_column(sa.ForeignKey("org_nodes.id"))
    rule_key: Mapped[str] = mapped_column(sa.String(64))
    before: Mapped[dict] = mapped_column(sa.JSON)
    after: Mapped[dict] = mapped_column(sa.JSON)


class DeadlineRuleChange(RuleChangeColumns, db.Model):
    """One change of a district's deadline rule (values: ``RuleValues.as_dict``)."""

    __tablename__ = "deadline_rule_changes"
    __table_args__ = (sa.Index("ix_deadline_rule_changes_district_rule", "district_id", "rule_key", "id"),)
