"""Who is told: the handler, else the unit's responsible handler if one is chosen, else the
unit's manager who handles such cases; on a missed deadline, the unit's chosen escalation
manager, else its enhetschef (else områdeschef). Only active users who may see the case: a
choice that no longer holds is passed over (``casework.reminders.responsible``)."""
import sqlalchemy as sa

from casework.access.policy import Action, allowed_types
from casework.auth.models import Role, RoleGrant, User
from casework.cases.models import Case
from casework.core.case_types import CaseType
from casework.core.extensions import db
from casework.organisation.models import OrgNode
from casework.reminders.responsible import escalation_manager, responsible_handler

#: Who is reminded when the case has no handler and the unit no responsible handler, in order.
STAND_INS = (Role.BITRADANDE_ENHETSCHEF, Role.MAS, Role.ENHETSCHEF)
#: Who is told when a deadline is missed and the unit has no escalation manager, in order.
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
        chosen = responsible_handler(case.unit, case.type)
        return [chosen] if chosen else self.stand_ins(case.unit, case.type)

    def escalated_to(self, case: Case) -> list[User]:
        chosen = escalation_manager(case.unit)
        if chosen:
            return [chosen]
        return self.first_holders(case.unit, case.type, ESCALATE_TO, Action.VIEW) \
            or self.reminded(case)

    def fallbacks(self, unit: OrgNode) -> tuple[list[User], list[User]]:
        """Who is reminded of a complaint in ``unit`` without a handler, and who gets its
        escalation, when nobody is chosen there: what the admin's page of the unit says."""
        reminded = self.stand_ins(unit, CaseType.KLAGOMAL)
        return reminded, self.first_holders(unit, CaseType.KLAGOMAL, ESCALATE_TO,
                                            Action.VIEW) or reminded

    def stand_ins(self, unit: OrgNode, case_type: CaseType) -> list[User]:
        """Who is reminded of a case without a handler when nobody is chosen for ``unit``."""
        return self.first_holders(unit, case_type, STAND_INS, Action.HANDLE)

    def first_holders(self, unit: OrgNode, case_type: CaseType, roles: tuple[Role, ...],
                      action: Action) -> list[User]:
        """The active holders of the first of ``roles`` that may ``action`` the case type,
        granted nearest to ``unit`` (the unit itself before the area above it)."""
        for role in roles:
            if case_type in allowed_types(role, action):
                key = (unit.id, role)
                if key not in self._holders:
                    self._holders[key] = self._nearest_holders(unit, role)
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
