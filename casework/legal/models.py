"""The detail rows of the legal case types: lex Sarah, lex Maria and personal-data breaches.

Each legal case has at most one detail row, created by its first legal step
(casework.legal.services) and registered with casework.cases.details, through which cases find
it. The notification dates the report rows and deadline clocks read are kept on ``cases``
(``authority_notified_on``); the rows here hold the content of each step.
"""
from collections.abc import Mapping
from datetime import date, datetime
from functools import partial

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.auth.models import User
from casework.cases.details import details_of, register_details
from casework.cases.models import Case
from casework.core.case_types import CaseType
from casework.core.columns import TZDateTime
from casework.core.extensions import db
from casework.legal.terms import legal_terms


def _case_pk() -> Mapped[int]:
    return mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)


class LexSarahDetails(db.Model):
    """Rapport → immediate measures → utredning → assessment → (anmälan to IVO) → decision."""

    __tablename__ = "lex_sarah_details"

    case_id: Mapped[int] = _case_pk()
    #: The klagomål or avvikelse this case was escalated from (shown on both cases).
    origin_case_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("cases.id", ondelete="SET NULL"), unique=True
    )
    protective_measures: Mapped[str | None] = mapped_column(sa.Text)
    protective_measures_on: Mapped[date | None]
    investigation_started_on: Mapped[date | None]
    investigation_finished_on: Mapped[date | None]
    what_happened: Mapped[str | None] = mapped_column(sa.Text)
    why: Mapped[str | None] = mapped_column(sa.Text)
    prevention: Mapped[str | None] = mapped_column(sa.Text)
    measures: Mapped[str | None] = mapped_column(sa.Text)
    #: A key of [lex_sarah] assessments in config/legal.toml: ej_missforhallande,
    #: missforhallande, patagl_risk, allvarligt, patagl_risk_allvarligt. Signed by the enhetschef.
    assessment: Mapped[str | None] = mapped_column(sa.String(40))
    assessed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    assessed_on: Mapped[date | None]
    ivo_reference: Mapped[str | None] = mapped_column(sa.String(64))
    ivo_documents: Mapped[str | None] = mapped_column(sa.Text)
    ivo_decision: Mapped[str | None] = mapped_column(sa.Text)
    ivo_decision_on: Mapped[date | None]
    lessons: Mapped[str | None] = mapped_column(sa.Text)

    case: Mapped[Case] = relationship(foreign_keys=[case_id])
    origin: Mapped[Case | None] = relationship(foreign_keys=[origin_case_id])
    assessed_by: Mapped[User | None] = relationship()


class LexMariaDetails(db.Model):
    """The event, the assessment of (risk for) allvarlig vårdskada, anmälan to IVO by the MAS."""

    __tablename__ = "lex_maria_details"

    case_id: Mapped[int] = _case_pk()
    event: Mapped[str | None] = mapped_column(sa.Text)
    #: A key of [lex_maria] assessments in config/legal.toml.
    assessment: Mapped[str | None] = mapped_column(sa.String(40))
    assessed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    assessed_on: Mapped[date | None]
    ivo_reference: Mapped[str | None] = mapped_column(sa.String(64))
    ivo_documents: Mapped[str | None] = mapped_column(sa.Text)
    investigation: Mapped[str | None] = mapped_column(sa.Text)
    investigation_finished_on: Mapped[date | None]

    case: Mapped[Case] = relationship()
    assessed_by: Mapped[User | None] = relationship()


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
    #: The decision: True notify IMY, False not (``not_notified_reason`` says why), None undecided.
    notify_imy: Mapped[bool | None]
    not_notified_reason: Mapped[str | None] = mapped_column(sa.Text)
    imy_notified_at: Mapped[datetime | None] = mapped_column(TZDateTime)
    imy_reference: Mapped[str | None] = mapped_column(sa.String(64))
    #: Art. 34: True informed (on ``subjects_informed_on``), False not (the reason), None undecided.
    subjects_informed: Mapped[bool | None]
    subjects_informed_on: Mapped[date | None]
    subjects_not_informed_reason: Mapped[str | None] = mapped_column(sa.Text)

    case: Mapped[Case] = relationship()


def escalated_from(case: Case) -> Case | None:
    """The klagomål or avvikelse a lex Sarah case was escalated from."""
    row = details_of(case) if case.type is CaseType.LEX_SARAH else None
    return row.origin if row else None


def escalated_to(case: Case) -> Case | None:
    """The lex Sarah case a klagomål or avvikelse was escalated into."""
    if case.id is None:
        return None
    query = (
        sa.select(Case)
        .join(LexSarahDetails, LexSarahDetails.case_id == Case.id)
        .where(LexSarahDetails.origin_case_id == case.id)
    )
    return db.session.scalar(query)


def _clock_facts(case_type: CaseType, row) -> tuple[datetime | None, frozenset[str]]:
    """The start of an hours clock (a breach's discovery) and the conditions a detail row
    establishes: ``protective_measures`` (lex Sarah), ``investigation_started`` /
    ``investigation_finished`` (lex Sarah, lex Maria), ``ivo_required`` (the signed assessment
    obliges an anmälan to IVO) and ``imy_waived`` (the decision not to notify IMY is recorded,
    with its reason). ``row`` is the row or its columns as a mapping (the bulk insert path has
    no objects)."""
    get = row.get if isinstance(row, Mapping) else lambda name: getattr(row, name, None)
    started_at = get("discovered_at") if case_type is CaseType.PERSONUPPGIFTSINCIDENT else None
    facts = {fact for fact, column in _DATED_FACTS if get(column)}
    if legal_terms(case_type).requires_notification(get("assessment")):
        facts.add("ivo_required")
    if get("notify_imy") is False:
        facts.add("imy_waived")
    return started_at, frozenset(facts)


#: The conditions a detail row establishes by a date being recorded.
_DATED_FACTS = (
    ("protective_measures", "protective_measures_on"),
    ("investigation_started", "investigation_started_on"),
    ("investigation_finished", "investigation_finished_on"),
)


#: The detail table of each legal case type.
DETAILS = {
    CaseType.LEX_SARAH: LexSarahDetails,
    CaseType.LEX_MARIA: LexMariaDetails,
    CaseType.PERSONUPPGIFTSINCIDENT: DataBreachDetails,
}
for case_type, model in DETAILS.items():
    register_details(case_type, model, partial(_clock_facts, case_type))
