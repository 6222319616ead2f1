"""The case and what hangs off it: categories, actions, återkoppling, history, per-type detail.

Fields every report row can count on (type, unit, received date, source, categories, the
återkoppling / first-action / notification dates) live on ``cases`` so that report queries are
plain ``GROUP BY``s. Detail that only one type has lives in a table of its own.
"""
from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.auth.models import User
from casework.core.case_types import INITIAL_STATUS, CaseType
from casework.core.clock import utcnow
from casework.core.columns import TZDateTime, enum_column
from casework.core.database import POSTGRESQL_ONLY
from casework.core.extensions import db
from casework.organisation.models import OrgNode


#: What the report reads of a case besides its enhet and received date (casework.reports.counting).
COUNTING_COLUMNS = ("status", "type", "source", "anonymous", "identified_by", "concerns",
                    "category_bits", "feedback_on", "first_action_on", "authority_notified_on",
                    "number")


class Case(db.Model):
    __tablename__ = "cases"
    __table_args__ = (
        sa.Index("ix_cases_unit_received", "unit_id", "received_on"),
        sa.Index("ix_cases_type_received", "type", "received_on"),
        sa.Index("ix_cases_received_id", "received_on", "id"),
        sa.Index("ix_cases_unit_apt", "unit_id", "apt_pending"),
        sa.Index("ix_cases_status_received", "status", "received_on", "id"),
        # Case-number prefix search: LIKE '2025-00%' cannot use the unique index under a
        # non-C collation.
        sa.Index("ix_cases_number_pattern", "number",
                 postgresql_ops={"number": "varchar_pattern_ops"}, info=POSTGRESQL_ONLY),
        # The report reads an enhet's cases of a year from the index alone (an index-only scan:
        # at a million cases, scattered over as many heap pages as the enhet has cases, its
        # table took 11 ms instead of 3).
        sa.Index("ix_cases_unit_received_counting", "unit_id", "received_on",
                 postgresql_include=list(COUNTING_COLUMNS), info=POSTGRESQL_ONLY),
        # Free-text search over descriptions (ILIKE '%...%') through trigrams.
        sa.Index("ix_cases_description_trgm", "description", postgresql_using="gin",
                 postgresql_ops={"description": "gin_trgm_ops"}, info=POSTGRESQL_ONLY),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Human case number, ``YYYY-NNNN`` by received year, unique across the system.
    number: Mapped[str] = mapped_column(sa.String(20), unique=True)
    type: Mapped[CaseType] = mapped_column(enum_column(CaseType))
    status: Mapped[str] = mapped_column(sa.String(32), default=INITIAL_STATUS)
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("org_nodes.id"))
    received_on: Mapped[date]
    registered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    handler_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    description: Mapped[str] = mapped_column(sa.Text, default="")

    # Keys of the taxonomy in config/taxonomy.toml (year-neutral).
    channel: Mapped[str | None] = mapped_column(sa.String(32))
    source: Mapped[str | None] = mapped_column(sa.String(32))
    anonymous: Mapped[bool] = mapped_column(default=False)
    identified_by: Mapped[str | None] = mapped_column(sa.String(32))
    concerns: Mapped[str | None] = mapped_column(sa.String(32))

    #: How to reach the person who raised the case, for återkoppling (optional, minimal).
    contact: Mapped[str | None] = mapped_column(sa.Text)
    #: Where the answer, the receipt and the follow-up question go by e-mail (optional).
    contact_email: Mapped[str | None] = mapped_column(sa.String(254))
    occurred_on: Mapped[date | None]
    immediate_measures: Mapped[str | None] = mapped_column(sa.Text)

    # The dates the counting rules need, kept in step by the services.
    feedback_on: Mapped[date | None]
    first_action_on: Mapped[date | None]
    #: Notified to the supervisory authority: IVO (lex Sarah/Maria) or IMY (breaches).
    authority_notified_on: Mapped[date | None]
    #: The case's categories as one integer, a bit each (the taxonomy's ``bit``), kept in step
    #: with ``category_links`` by the services: the report counts one row per case with no
    #: join (``Taxonomy.category_mask``).
    category_bits: Mapped[int] = mapped_column(sa.BigInteger, default=0, server_default="0")

    #: Marked to be taken up at the unit's next workplace meeting (APT), and when it was.
    apt_pending: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    apt_discussed_on: Mapped[date | None]
    #: What the APT handout says of the case: a short neutral text the handler writes for the
    #: meeting, so that the whole workplace never reads the description with client details.
    apt_note: Mapped[str | None] = mapped_column(sa.Text)
    #: The earliest deadline still running (see casework.deadlines); NULL when none runs.
    due_on: Mapped[date | None] = mapped_column(index=True)
    #: The moment that deadline is missed: the midnight after ``due_on``, or for a clock in
    #: hours (a breach's 72) the hour itself, which lists show.
    due_at: Mapped[datetime | None] = mapped_column(TZDateTime)
    #: When the reminders' due-scan must next look at the case (casework.reminders); NULL
    #: when no clock has an alert left.
    next_alert_at: Mapped[datetime | None] = mapped_column(TZDateTime, index=True)

    closed_on: Mapped[date | None]
    #: Feeds the report's "Sammanfattning och planerade åtgärder".
    closing_summary: Mapped[str | None] = mapped_column(sa.Text)

    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(TZDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(TZDateTime, default=utcnow, onupdate=utcnow)

    __mapper_args__ = {"version_id_col": version}

    unit: Mapped[OrgNode] = relationship()
    registered_by: Mapped[User | None] = relationship(foreign_keys=[registered_by_id])
    handler: Mapped[User | None] = relationship(foreign_keys=[handler_id])
    category_links: Mapped[list["CaseCategory"]] = relationship(
        back_populates="case", cascade="all, delete-orphan"
    )
    actions: Mapped[list["CaseAction"]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseAction.taken_on"
    )
    feedback: Mapped[list["CaseFeedback"]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseFeedback.given_on"
    )
    events: Mapped[list["CaseEvent"]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseEvent.at"
    )

    @property
    def categories(self) -> list[str]:
        return sorted(link.category for link in self.category_links)

    def __repr__(self) -> str:
        return f"<Case {self.number} {self.type}>"


#: Case numbers in numeric order: by year, then serial; a serial past 9999 has five digits, so
#: the length goes before the text. Constants are written out so that PostgreSQL matches the
#: list's ORDER BY to the index below, which it cannot do with bound parameters.
NUMBER_ORDER = (
    sa.func.substr(Case.number, sa.literal_column("1"), sa.literal_column("4")),
    sa.func.length(Case.number),
    Case.number,
)
# The list sorted by number reads this index instead of sorting every case in scope. SQLite's
# reflection cannot read an index on expressions, and its databases are small.
sa.Index("ix_cases_number_order", *NUMBER_ORDER, info=POSTGRESQL_ONLY)


class CaseCategory(db.Model):
    """A category (taxonomy key) a case carries; a case may carry several."""

    __tablename__ = "case_categories"

    case_id: Mapped[int] = mapped_column(
        sa.ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True
    )
    category: Mapped[str] = mapped_column(sa.String(40), primary_key=True, index=True)

    case: Mapped[Case] = relationship(back_populates="category_links")


class CaseAction(db.Model):
    """An åtgärd: what was done about the case, and when."""

    __tablename__ = "case_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    description: Mapped[str] = mapped_column(sa.Text)
    taken_on: Mapped[date]
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(TZDateTime, default=utcnow)

    case: Mapped[Case] = relationship(back_populates="actions")
    created_by: Mapped[User | None] = relationship()


class FeedbackMethod(StrEnum):
    TELEFON = "telefon"
    BREV = "brev"
    E_POST = "e_post"
    MOTE = "mote"


class CaseFeedback(db.Model):
    """Återkoppling to the person who raised the case: when, how, to whom and what was said."""

    __tablename__ = "case_feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    given_on: Mapped[date]
    method: Mapped[FeedbackMethod] = mapped_column(enum_column(FeedbackMethod))
    recipient: Mapped[str] = mapped_column(sa.String(200))
    #: What was said, which the person who filed the report reads on the case page. Required of
    #: every new entry; None only on entries recorded before it was asked for.
    content: Mapped[str | None] = mapped_column(sa.Text)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(TZDateTime, default=utcnow)

    case: Mapped[Case] = relationship(back_populates="feedback")
    created_by: Mapped[User | None] = relationship()


class CaseEvent(db.Model):
    """One step of a case's history: who did what, when. ``data`` never holds case content."""

    __tablename__ = "case_events"
    __table_args__ = (sa.Index("ix_case_events_case_at", "case_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(TZDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    event: Mapped[str] = mapped_column(sa.String(40))
    data: Mapped[dict] = mapped_column(sa.JSON, default=dict)

    case: Mapped[Case] = relationship(back_populates="events")
    user: Mapped[User | None] = relationship()


class CaseNumberCounter(db.Model):
    """The last case number handed out per year; one row lock serialises concurrent numbering."""

    __tablename__ = "case_number_counters"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(default=0)
