"""The retention page's figures for one viewer: within the subtrees of their enhetschef and
admin grants, what the job will anonymise in the next ``HORIZON_DAYS`` days (per unit and rule,
and the cases), what it has anonymised (the deletion log), and the cases under legal hold."""
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from casework.access.policy import Action, can, retention_paths
from casework.auth.models import User
from casework.cases.models import Case
from casework.core.extensions import db
from casework.organisation.models import OrgNode
from casework.retention import retention_rules
from casework.retention.models import LegalHold, RetentionLogEntry
from casework.retention.queries import DueCase, due_cases, due_per_unit, reaches

HORIZON_DAYS = 90
#: The most cases each list shows (the counts count all).
LIST_LIMIT = 500


@dataclass(frozen=True)
class Listed:
    """A case on the page: its number, linked when the viewer may open it."""

    id: int
    number: str
    unit: OrgNode
    viewable: bool


@dataclass(frozen=True)
class Overview:
    today: date
    horizon: date
    #: (unit, rule label) → cases due by ``horizon``.
    counts: dict[tuple[OrgNode, str], int]
    due: list[tuple[Listed, DueCase]]
    done: list[tuple[Listed, str, datetime]]
    holds: list[tuple[Listed, LegalHold]]

    @property
    def due_total(self) -> int:
        return sum(self.counts.values())


def overview(user: User, today: date) -> Overview:
    paths = retention_paths(user)
    horizon = today + timedelta(days=HORIZON_DAYS)
    counts = Counter()
    due = []
    for reach in reaches():
        counts.update({(unit, reach.rule.label): n
                       for unit, n in due_per_unit(reach, horizon, paths).items()})
        due += due_cases(reach, horizon, paths, LIST_LIMIT)
    due = sorted(due, key=lambda case: (case.due_on, case.number))[:LIST_LIMIT]
    units = _units({case.unit_id for case in due})
    labels = {rule.key: rule.label for rule in retention_rules().rules}
    return Overview(
        today, horizon,
        dict(sorted(counts.items(), key=lambda item: (item[0][0].name, item[0][1]))),
        [(_listed(user, case.id, case.number, case.type, units[case.unit_id]), case)
         for case in due],
        [(_listed(user, *row[:4]), labels.get(row.rule_key, row.rule_key), row.anonymised_at)
         for row in _logged(paths)],
        [(_listed(user, *row[:4]), row.LegalHold) for row in _held(paths)],
    )


def _in(paths: list[str]) -> sa.ColumnElement[bool]:
    return sa.or_(sa.false(), *(OrgNode.path.startswith(path) for path in paths))


def _logged(paths: list[str]):
    return db.session.execute(
        sa.select(Case.id, Case.number, Case.type, OrgNode, RetentionLogEntry.rule_key,
                  RetentionLogEntry.anonymised_at)
        .join(RetentionLogEntry, RetentionLogEntry.case_id == Case.id)
        .join(OrgNode, OrgNode.id == Case.unit_id).where(_in(paths))
        .order_by(RetentionLogEntry.anonymised_at.desc(), Case.id.desc()).limit(LIST_LIMIT))


def _held(paths: list[str]):
    return db.session.execute(
        sa.select(Case.id, Case.number, Case.type, OrgNode, LegalHold)
        .join(LegalHold, LegalHold.case_id == Case.id)
        .join(OrgNode, OrgNode.id == Case.unit_id).where(_in(paths))
        .order_by(LegalHold.placed_at.desc()).limit(LIST_LIMIT))


def _units(ids: set[int]) -> dict[int, OrgNode]:
    if not ids:
        return {}
    return {node.id: node for node in db.session.scalars(
        sa.select(OrgNode).where(OrgNode.id.in_(ids)))}


def _listed(user: User, case_id: int, number: str, case_type, unit: OrgNode) -> Listed:
    return Listed(case_id, number, unit, can(user, Action.VIEW, case_type, unit))
