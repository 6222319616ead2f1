"""Who is responsible in an enhet, chosen by the admin: the handler reminded of the unit's
cases that have no handler, and the enhetschef a missed deadline escalates to.

Stored as ids on the enhet (``OrgNode.responsible_handler_id``, ``escalation_manager_id``).
Who may be chosen, and who still counts when the reminders go, is one rule (``HANDLER_ROLES``,
``MANAGER_ROLES``): an active user holding such a role over the unit. A choice that no longer
holds (deactivated, the grant taken away) is passed over and the grants decide, as when nobody
is chosen (``casework.reminders.recipients``).
"""
import sqlalchemy as sa

from casework import trail
from casework.access.policy import Action, can
from casework.auth.models import Role, RoleGrant, User
from casework.core.case_types import CaseType
from casework.core.errors import FieldError, InvalidFields
from casework.core.extensions import db
from casework.organisation.models import NodeKind, OrgNode

#: Who may be the unit's responsible handler: those who handle its cases.
HANDLER_ROLES = frozenset({Role.BITRADANDE_ENHETSCHEF, Role.ENHETSCHEF})
#: Who may get the unit's escalations.
MANAGER_ROLES = frozenset({Role.ENHETSCHEF})

NOT_A_HANDLER = "Välj en aktiv biträdande enhetschef eller enhetschef för enheten."
NOT_A_MANAGER = "Välj en aktiv enhetschef för enheten."


def set_responsible(unit: OrgNode, handler_id: int | None, manager_id: int | None) -> OrgNode:
    """Choose the unit's responsible handler and escalation manager (None: nobody, the grants
    decide). Flushes; audited with the users' ids."""
    if unit.kind is not NodeKind.ENHET:
        raise InvalidFields([FieldError("handler_id", "Ansvariga väljs för en enhet.")])
    errors = []
    if handler_id is not None and not _holds(db.session.get(User, handler_id), unit,
                                             HANDLER_ROLES):
        errors.append(FieldError("handler_id", NOT_A_HANDLER))
    if manager_id is not None and not _holds(db.session.get(User, manager_id), unit,
                                             MANAGER_ROLES):
        errors.append(FieldError("manager_id", NOT_A_MANAGER))
    if errors:
        raise InvalidFields(errors)
    before = {"code": unit.code, "handler": unit.responsible_handler_id,
              "manager": unit.escalation_manager_id}
    unit.responsible_handler_id, unit.escalation_manager_id = handler_id, manager_id
    after = {"code": unit.code, "handler": handler_id, "manager": manager_id}
    if after != before:
        trail.record_admin_change("unit_responsible", before=before, after=after,
                                  unit_id=unit.id)
    db.session.flush()
    return unit


def responsible_handler(unit: OrgNode, case_type: CaseType | None = None) -> User | None:
    """The chosen handler if the choice still holds (and, for ``case_type``, they may handle
    such cases there: lex Maria is the MAS's)."""
    user = _chosen(unit.responsible_handler_id, unit, HANDLER_ROLES)
    if user is not None and case_type is not None and not can(user, Action.HANDLE, case_type,
                                                              unit):
        return None
    return user


def escalation_manager(unit: OrgNode) -> User | None:
    """The chosen escalation manager if the choice still holds."""
    return _chosen(unit.escalation_manager_id, unit, MANAGER_ROLES)


def candidates(unit: OrgNode, roles: frozenset[Role]) -> list[User]:
    """The active users holding one of ``roles`` over ``unit``, by name: whom the admin may
    choose."""
    query = (sa.select(User).join(RoleGrant, RoleGrant.user_id == User.id)
             .join(OrgNode, OrgNode.id == RoleGrant.org_node_id)
             .where(User.active.is_(True), RoleGrant.role.in_(set(roles)),
                    OrgNode.path.in_(_ancestor_paths(unit)))
             .distinct().order_by(User.name, User.id))
    return list(db.session.scalars(query))


def _chosen(user_id: int | None, unit: OrgNode, roles: frozenset[Role]) -> User | None:
    user = db.session.get(User, user_id) if user_id is not None else None
    return user if _holds(user, unit, roles) else None


def _holds(user: User | None, unit: OrgNode, roles: frozenset[Role]) -> bool:
    return user is not None and user.active and any(
        grant.role in roles and unit.path.startswith(grant.node.path) for grant in user.grants)


def _ancestor_paths(unit: OrgNode) -> list[str]:
    """``/1/4/17/`` → ``/1/``, ``/1/4/``, ``/1/4/17/``: the nodes whose grants cover it."""
    ids = unit.path.strip("/").split("/")
    return ["/" + "/".join(ids[:n]) + "/" for n in range(1, len(ids) + 1)]
