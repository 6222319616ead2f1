"""Detail that only one case type has: lex Sarah, lex Maria and personal-data breaches."""
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.cases.models import Case
from casework.extensions import db
from casework.columns import TZDateTime


def _case_pk() -> Mapped[int]:
    return mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)


class LexSarahDetails(db.Model):
    """Rapport → immediate measures → utredning → assessment → (anmälan to IVO) → decision."""

    __tablename__ = "lex_sarah_details"

    case_id: Mapped[int] = _case_pk()
    protective_measures: Mapped[str | None] = mapped_column(sa.Text)
    protective_measures_on: Mapped[date | None]
    investigation_started_on: Mapped[date | None]
    investigation_finished_on: Mapped[date | None]
    what_happened: Mapped[str | None] = mapped_column(sa.Text)
    why: Mapped[str | None] = mapped_column(sa.Text)
    prevention: Mapped[str | None] = mapped_column(sa.Text)
    measures: Mapped[str | None] = mapped_column(sa.Text)
    #: ej_missforhallande, missforhallande, patagl_risk, allvarligt, patagl_risk_allvarligt
    assessment: Mapped[str | None] = mapped_column(sa.String(40))
    assessed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    assessed_on: Mapped[date | None]
    ivo_reference: Mapped[str | None] = mapped_column(sa.String(64))
    ivo_documents: Mapped[str | None] = mapped_column(sa.Text)
    ivo_decision: Mapped[str | None] = mapped_column(sa.Text)
    ivo_decision_on: Mapped[date | None]
    lessons: Mapped[str | None] = mapped_column(sa.Text)

    case: Mapped[Case] = relationship()


class LexMariaDetails(db.Model):
    """The event, the assessment of (risk for) allvarlig vårdskada, anmälan to IVO by the MAS."""

    __tablename__ = "lex_maria_details"

    case_id: Mapped[int] = _case_pk()
    event: Mapped[str | None] = mapped_column(sa.Text)
    assessment: Mapped[str | None] = mapped_column(sa.String(40))
    ivo_reference: Mapped[str | None] = mapped_column(sa.String(64))
    investigation: Mapped[str | None] = mapped_column(sa.Text)
    investigation_finished_on: Mapped[date | None]

    case: Mapped[Case] = relationship()


class DataBreachDetails(db.Model):
    """A personuppgiftsincident (GDPR art. 33/34): the 72-hour clock runs from ``discovered_at``."""

    __tablename__ = "data_breach_details"

    case_id: Mapped[int] = _case_pk()
    discovered_at: Mapped[datetime | None] = mapped_column(TZDateTime)
    what_happened: Mapped[str | None] = mapped_column(sa.Text)
    data_categories: Mapped[str | None] = mapped_column(sa.Text)
    approx_people: Mapped[int | None]
    approx_records: Mapped[int | None]
    consequences: Mapped[str | None] = mapped_column(sa.Text)
    measures: Mapped[str | None] = mapped_column(sa.Text)
    notify_imy: Mapped[bool | None]
    not_notified_reason: Mapped[str | None] = mapped_column(sa.Text)
    imy_notified_at: Mapped[datetime | None] = mapped_column(TZDateTime)
    imy_reference: Mapped[str | None] = mapped_column(sa.String(64))
    subjects_informed: Mapped[bool | None]
    subjects_not_informed_reason: Mapped[str | None] = mapped_column(sa.Text)

    case: Mapped[Case] = relationship()
