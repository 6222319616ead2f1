"""Which enheter a viewer checks, and the state of their weeks.

An enhetschef checks the enheter of their grants' subtrees, an admin those of theirs: the roles
that read the audit trail (``casework.access.policy.AUDIT_ROLES``). Closed enheter are checked
too: their cases are still read. An enhet out of reach answers 404.
"""
from dataclasses import dataclass

import sqlalchemy as sa

from casework.access.policy import AUDIT_ROLES
from casework.auth.models import User
from casework.core.extensions import db
from casework.logchecks import checks
from casework.logchecks.models import LogCheck
from casework.logchecks.weeks import Week
from casework.organisation.models import NodeKind, OrgNode
from casework.trail.models import AuditEvent


@dataclass(frozen=True)
class Cell:
    """One enhet's week in the overview."""

    unit: OrgNode
    week: Week
    reads: int
    signed: LogCheck | None


def _units(user: User) -> sa.Select:
    paths = [grant.node.path for grant in user.grants if grant.role in AUDIT_ROLES]
    if not paths or not user.is_active:
        return sa.select(OrgNode).where(sa.false())
    return sa.select(OrgNode).where(OrgNode.kind == NodeKind.ENHET,
                                    sa.or_(*(OrgNode.path.startswith(p) for p in paths)))


def units(user: User) -> list[OrgNode]:
    """The enheter ``user`` checks, by name."""
    return list(db.session.scalars(_units(user).order_by(OrgNode.name, OrgNode.code)))


def unit_or_none(user: User, unit_id: int) -> OrgNode | None:
    return db.session.scalar(_units(user).where(OrgNode.id == unit_id))


def check(unit: OrgNode, week: Week) -> checks.Check:
    """The week's check: as signed, or as the trail has it now."""
    signed = sign_off(unit, week)
    return checks.signed(signed) if signed else checks.live(unit, week)


def sign_off(unit: OrgNode, week: Week) -> LogCheck | None:
    return db.session.scalar(sa.select(LogCheck).where(
        LogCheck.unit_id == unit.id, LogCheck.year == week.year, LogCheck.week == week.number))


def overview(units: list[OrgNode], weeks: list[Week]) -> list[list[Cell]]:
    """Per enhet (a row), per week (a column): its reads and its sign-off, if signed. One count
    per week, grouped by enhet in the database."""
    ids = [unit.id for unit in units]
    if not ids:
        return []
    signed = {(row.unit_id, Week(row.year, row.week)): row for row in db.session.scalars(
        sa.select(LogCheck).where(LogCheck.unit_id.in_(ids), sa.or_(*(
            sa.and_(LogCheck.year == week.year, LogCheck.week == week.number)
            for week in weeks))))}
    reads = {}
    for week in weeks:
        for unit_id, count in db.session.execute(
                sa.select(AuditEvent.unit_id, sa.func.count())
                .where(AuditEvent.unit_id.in_(ids), checks.reads_in(week))
                .group_by(AuditEvent.unit_id)):
            reads[unit_id, week] = count
    return [[Cell(unit, week, reads.get((unit.id, week), 0), signed.get((unit.id, week)))
             for week in weeks] for unit in units]
