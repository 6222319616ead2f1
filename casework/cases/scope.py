"""The cases a user may reach, by the rules of casework.access.policy: in a list query
(``case_scope``) or one by its id (``case_or_404``), whose access the audit trail records."""
import sqlalchemy as sa
from flask import abort
from flask_login import current_user
from sqlalchemy.sql.elements import ColumnElement

from casework import trail
from casework.access.policy import Action, allowed_types, can_on_case
from casework.auth.models import User
from casework.cases.models import Case
from casework.core.extensions import db
from casework.organisation.models import OrgNode


def case_scope(user: User, action: Action = Action.VIEW) -> ColumnElement[bool]:
    """A WHERE clause selecting exactly the cases ``user`` may ``action``, for list queries."""
    if not user.is_active:
        return sa.false()
    clauses = []
    for grant in user.grants:
        types = allowed_types(grant.role, action)
        if types:
            # Ids, not a subquery: inside the OR below, only a list lets the database use the
            # unit indexes (a one-unit list goes from a scan of every case to a few rows).
            units = db.session.scalars(
                sa.select(OrgNode.id).where(OrgNode.path.startswith(grant.node.path))
            ).all()
            clauses.append(sa.and_(Case.type.in_(sorted(types)), Case.unit_id.in_(units)))
    if action is Action.VIEW:
        clauses.append(Case.registered_by_id == user.id)
    return sa.or_(*clauses) if clauses else sa.false()


def case_or_404(case_id: int, action: Action = Action.VIEW, audit: dict | None = None) -> Case:
    """The case, if ``current_user`` may ``action`` it; the access is audited, with ``audit``
    in its detail (which attachment was downloaded, say).

    A case the user may not even see answers 404, so that ids do not reveal which cases exist;
    a visible case the user may not change answers 403.
    """
    case = db.session.get(Case, case_id)
    if case is None or not can_on_case(current_user, Action.VIEW, case):
        _refused(case, 404)
    if action is not Action.VIEW and not can_on_case(current_user, action, case):
        _refused(case, 403)
    trail.record_case_access(case, **(audit or {}))
    return case


def _refused(case: Case | None, status: int) -> None:
    if case is not None:  # an attempt on a case out of reach is worth knowing about
        trail.record("refused", case_id=case.id, unit_id=case.unit_id, status=status)
    abort(status)
