"""Which cases a retention rule reaches, and when: the one definition of a case's last entry
and of the day each rule counts from, used by the job, its dry run and the admin page alike.

A case is due under its förvaltning's rule for its type when it has ended (closed or
withdrawn), is under no legal hold, is not anonymised yet, and its day (``basis``) lies at least
the rule's years back. Read only.
"""
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import GenericFunction

from casework.cases.models import Case, CaseAction, CaseEvent, CaseFeedback
from casework.core.case_types import ENDED_STATUSES
from casework.core.extensions import db
from casework.deadlines.overrides import districts
from casework.organisation.models import OrgNode
from casework.retention.models import LegalHold, RetentionLogEntry
from casework.retention.overrides import rule_states
from casework.retention.rules import RetentionRule


class greatest(GenericFunction):  # noqa: N801  (SQL's name)
    """GREATEST(a, b, ...) on PostgreSQL; SQLite's many-argument max() is the same for values
    that are never NULL."""

    type = sa.Date()
    inherit_cache = True


@compiles(greatest, "sqlite")
def _greatest_sqlite(element, compiler, **kw) -> str:
    return f"max({compiler.process(element.clauses, **kw)})"


def _latest(column, *where) -> sa.ColumnElement:
    return sa.select(sa.func.max(column)).where(*where).scalar_subquery()


def last_entry_on() -> sa.ColumnElement[date]:
    """The case's last entry: the latest of its received, closing, återkoppling, action,
    notification and APT days and the day of each step of its history (every step, the legal
    ones too, records one). What retention does to a case records none, so it never moves."""
    received = Case.received_on
    return greatest(
        received,
        sa.func.coalesce(Case.closed_on, received),
        sa.func.coalesce(Case.authority_notified_on, received),
        sa.func.coalesce(Case.apt_discussed_on, received),
        sa.func.coalesce(_latest(CaseAction.taken_on, CaseAction.case_id == Case.id), received),
        sa.func.coalesce(_latest(CaseFeedback.given_on, CaseFeedback.case_id == Case.id),
                         received),
        sa.func.coalesce(sa.func.date(_latest(CaseEvent.at, CaseEvent.case_id == Case.id)),
                         received),
    )


def basis(rule: RetentionRule) -> sa.ColumnElement[date]:
    """The day ``rule`` counts its years from: the closing day (the last entry for a case
    withdrawn without one), or the last entry."""
    if rule.counted_from == "closed":
        return sa.func.coalesce(Case.closed_on, last_entry_on())
    return last_entry_on()


def years_before(day: date, years: int) -> date:
    """``day`` ``years`` back; 29 February becomes 28 February in a year without it."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def years_after(day: date, years: int) -> date:
    return years_before(day, -years)


@dataclass(frozen=True)
class Reach:
    """One förvaltning's rule: the cases it may reach, before their day is looked at."""

    district: OrgNode
    rule: RetentionRule

    def candidates(self) -> sa.Select:
        """Ended cases of the rule's types in the förvaltning, not held, not anonymised."""
        return (sa.select(Case.id).join(OrgNode, OrgNode.id == Case.unit_id)
                .where(OrgNode.path.startswith(self.district.path),
                       Case.type.in_(sorted(self.rule.types)),
                       Case.status.in_(ENDED_STATUSES),
                       ~sa.exists().where(LegalHold.case_id == Case.id),
                       ~sa.exists().where(RetentionLogEntry.case_id == Case.id)))

    def due(self, today: date) -> sa.Select:
        """The candidates whose day lies the rule's years before ``today`` or earlier. The
        closing day is never after the last entry, so it narrows cheaply first."""
        cutoff = years_before(today, self.rule.years)
        return (self.candidates()
                .where(sa.func.coalesce(Case.closed_on, Case.received_on) <= cutoff,
                       basis(self.rule) <= cutoff))


def reaches(district_ids: set[int] | None = None) -> list[Reach]:
    """Every förvaltning's rules (or those of ``district_ids``), as it has them."""
    return [Reach(node, state.rule) for node in districts()
            if district_ids is None or node.id in district_ids
            for state in rule_states(node.id)]


def due_ids(reach: Reach, today: date, limit: int) -> list[int]:
    return list(db.session.scalars(reach.due(today).order_by(Case.id).limit(limit)))


@dataclass(frozen=True)
class DueCase:
    id: int
    number: str
    type: str
    unit_id: int
    rule: RetentionRule
    #: The day the rule reaches the case.
    due_on: date


def _within(query: sa.Select, unit_paths: list[str] | None) -> sa.Select:
    if unit_paths is None:
        return query
    return query.where(sa.or_(sa.false(), *(OrgNode.path.startswith(p) for p in unit_paths)))


def due_per_unit(reach: Reach, today: date,
                 unit_paths: list[str] | None = None) -> dict[OrgNode, int]:
    """How many cases ``reach`` anonymises by ``today`` in each enhet, within the subtrees of
    ``unit_paths`` (None: all)."""
    query = _within(reach.due(today).with_only_columns(OrgNode, sa.func.count())
                    .group_by(OrgNode.id), unit_paths)
    return {unit: count for unit, count in db.session.execute(query)}


def due_cases(reach: Reach, today: date, unit_paths: list[str] | None = None,
              limit: int | None = None) -> list[DueCase]:
    """The cases ``reach`` anonymises by ``today``, with the day each is due, within the
    subtrees of ``unit_paths`` (None: all), the earliest first; at most ``limit``."""
    day = basis(reach.rule).label("day")
    query = _within(reach.due(today).add_columns(Case.number, Case.type, Case.unit_id, day),
                    unit_paths).order_by(day, Case.number).limit(limit)
    return [DueCase(row.id, row.number, row.type, row.unit_id, reach.rule,
                    years_after(row.day, reach.rule.years)) for row in db.session.execute(query)]
