"""Who is told: the handler, else the unit's manager who handles such cases; on a missed
deadline, the unit's enhetschef (else områdeschef). Only active users who may see the case."""
import sqlalchemy as sa

from casework.access.policy import Action, allowed_types
from casework.auth.models import Role, RoleGrant, User
from casework.cases.models import Case
from casework.core.extensions import db
from casework.organisation.models import OrgNode

#: Who is reminded when the case has no handler, in this order.
STAND_INS = (Role.BITRADANDE_ENHETSCHEF, Role.MAS, Role.ENHETSCHEF)
#: Who is told when a deadline is missed, in this order.
ESCALATE_TO = (Role.ENHETSCHEF, Role.OMRADESCHEF)


class Recipients:
    """Answers for one due-scan. The grants of the roles told are read once, in one query, and
    each unit's answer is remembered: a scan meets the same units many times."""

    def __init__(self):
        self._holders: dict[tuple[int, Role], list[User]] = {}
        self._grants: list[tuple[Role, str, User]] | None = None

    def reminded(self, case: Case) -> list[User]:
        if case.handler is not None and case.handler.active:
            return [case.handler]
        return self._first_holders(case, STAND_INS, Action.HANDLE)

    def escalated_to(self, case: Case) -> list[User]:
        return self._first_holders(case, ESCALATE_TO, Action.VIEW) or self.reminded(case)

    def _first_holders(self, case: Case, roles: tuple[Role, ...], action: Action) -> list[User]:
        """The active holders of the first of ``roles`` that may ``action`` the case, granted
        nearest to its unit (the unit itself before the area above it)."""
        for role in roles:
            if case.type in allowed_types(role, action):
                key = (case.unit_id, role)
                if key not in self._holders:
                    self._holders[key] = self._nearest_holders(case.unit, role)
                if self._holders[key]:
                    return self._holders[key]
        return []


    def _nearest_holders(self, unit: OrgNode, role: Role) -> list[User]:
        if self._grants is None:
            self._grants = _grants_of(STAND_INS + ESCALATE_TO)
        holders = [(path, user) for held, path, user in self._grants
                   if held is role and unit.path.startswith(path)]
        if not holders:
            return []
        nearest = max(len(path) for path, _ in holders)
        return sorted({user for path, user in holders if len(path) == nearest},
                      key=lambda user: user.id)


def _grants_of(roles: tuple[Role, ...]) -> list[tuple[Role, str, User]]:
    """(role, the granted node's path, user) of the active users holding any of ``roles``."""
    query = (
        sa.select(RoleGrant.role, OrgNode.path, User)
        .join(User, User.id == RoleGrant.user_id)
        .join(OrgNode, OrgNode.id == RoleGrant.org_node_id)
        .where(RoleGrant.role.in_(set(roles)), User.active.is_(True))
    )
    return [tuple(row) for row in db.session.execute(query)]
