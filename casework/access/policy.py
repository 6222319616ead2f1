"""The authorization policy. Every view and every case query asks it; menus only mirror it.

A role grant covers its node's whole subtree. What each role may do is the table ``RULES``:
role → action → the case types it applies to. Three rules sit outside the table: whoever filed a
report may read it (and its återkoppling, not the handling: see ``sees_handling``), the admin
manages users and units but reads no case content, except to draw up a person's registerutdrag
(``EXTRACT_ROLES``), and a legal assessment is signed only by the
roles in ``SIGNERS``. The report table's text column is case content too (``reads_report_notes``).

The legal cases (lex Sarah, lex Maria, personuppgiftsincidenter) are seen only by the managers
over the unit (biträdande enhetschef, enhetschef, and the områdeschef above them, who reads
but does not handle), the MAS for lex Maria, and the person who filed the report.

Authorization has two layers. Each route declares what it needs with ``@requires(NEED)``
(``casework.access.needs``): a role × case type × action the user holds somewhere, such as
"handles some type of case" or "reads reports", or only being signed in; without it, 403. Then
the view asks about the object itself (``units_for``, ``report_nodes``, ``reads_report_notes``,
``may_write_report_notes`` here; for a case ``casework.cases.scope``, which applies these rules
to the case tables: ``case_or_404`` and ``case_scope``): whether it lies in the subtree of a
grant that allows the action. An object out of reach answers 404, so that ids reveal nothing;
one seen but not changeable answers 403.
"""
from enum import StrEnum
from typing import TYPE_CHECKING

import sqlalchemy as sa

from casework.auth.models import Role, TokenScope, User
from casework.core.case_types import CaseType
from casework.core.extensions import db
from casework.organisation.models import NodeKind, OrgNode

if TYPE_CHECKING:  # the cases depend on this policy, not the other way round
    from casework.cases.models import Case


class Action(StrEnum):
    VIEW = "view"  # read the case and its history
    CREATE = "create"  # register a case of the type in the unit
    HANDLE = "handle"  # assign, record åtgärder and återkoppling, APT, close, reopen


COMPLAINTS = frozenset({CaseType.KLAGOMAL, CaseType.SYNPUNKT, CaseType.BEROM})
STAFF_REPORTS = frozenset({CaseType.AVVIKELSE, CaseType.LEX_SARAH})
ALL_TYPES = frozenset(CaseType)
WITHOUT_LEX_MARIA = ALL_TYPES - {CaseType.LEX_MARIA}
LEGAL_TYPES = frozenset({CaseType.LEX_SARAH, CaseType.LEX_MARIA, CaseType.PERSONUPPGIFTSINCIDENT})

RULES: dict[Role | TokenScope, dict[Action, frozenset[CaseType]]] = {
    Role.PLANERARE: {Action.VIEW: COMPLAINTS, Action.CREATE: COMPLAINTS},
    Role.MEDARBETARE: {Action.CREATE: STAFF_REPORTS},
    Role.BITRADANDE_ENHETSCHEF: {
        Action.VIEW: ALL_TYPES, Action.CREATE: WITHOUT_LEX_MARIA, Action.HANDLE: WITHOUT_LEX_MARIA,
    },
    Role.ENHETSCHEF: {
        Action.VIEW: ALL_TYPES, Action.CREATE: WITHOUT_LEX_MARIA, Action.HANDLE: WITHOUT_LEX_MARIA,
    },
    Role.OMRADESCHEF: {Action.VIEW: ALL_TYPES},
    Role.MAS: {
        Action.VIEW: frozenset({CaseType.LEX_MARIA}),
        Action.CREATE: frozenset({CaseType.LEX_MARIA}),
        Action.HANDLE: frozenset({CaseType.LEX_MARIA}),
    },
    Role.ADMIN: {},
}

#: The types other systems exchange through the API (casework.auth.tokens): klagomål,
#: synpunkter, beröm and avvikelser. The legal cases stay in the browser, where named people
#: sign their steps and only the unit's managers see them.
API_TYPES = COMPLAINTS | {CaseType.AVVIKELSE}

#: An API token's scope acts as a role over the token's node: write implies read; reports reads
#: the report tables (``REPORT_ROLES``) and no case.
RULES |= {
    TokenScope.READ: {Action.VIEW: API_TYPES},
    TokenScope.WRITE: {Action.VIEW: API_TYPES, Action.CREATE: API_TYPES,
                       Action.HANDLE: API_TYPES},
    TokenScope.REPORTS: {},
}


#: Who signs the assessment of a legal case: the enhetschef signs lex Sarah decisions (the
#: deputy prepares them), the MAS lex Maria.
SIGNERS: dict[CaseType, frozenset[Role]] = {
    CaseType.LEX_SARAH: frozenset({Role.ENHETSCHEF}),
    CaseType.LEX_MARIA: frozenset({Role.MAS}),
}


#: Who reads the report table, over the subtree of the grant holding the role.
REPORT_ROLES = frozenset({
    Role.BITRADANDE_ENHETSCHEF, Role.ENHETSCHEF, Role.OMRADESCHEF, Role.MAS, Role.ADMIN,
    TokenScope.REPORTS,
})


#: Who reads the audit trail, over the subtree of the grant (``casework.audit.queries.scope``).
AUDIT_ROLES = frozenset({Role.ENHETSCHEF, Role.ADMIN})

#: Who imports a unit's earlier cases from a spreadsheet, into the enheter of the grant's
#: subtree (``import_units``).
IMPORT_ROLES = frozenset({Role.ENHETSCHEF, Role.ADMIN})

#: Who draws up a person's registerutdrag (GDPR art. 15, ``casework.extracts``): every type of
#: case in the enheter of the grant's subtree (``extract_units``). The one place the admin reads
#: case content, for the person's request, searched and exported under the audit trail.
EXTRACT_ROLES = frozenset({Role.ADMIN})

#: Who manages the standard texts (svarsmallar), over the subtree of the grant; an admin also
#: those that apply everywhere (``casework.replies.services``).
REPLY_TEXT_ROLES = frozenset({Role.ENHETSCHEF, Role.ADMIN})

#: Who reads the retention page (/admin/gallring) and puts or lifts a legal hold, on the
#: cases of the grant's subtree (``retention_paths``).
RETENTION_ROLES = frozenset({Role.ENHETSCHEF, Role.ADMIN})

#: The types answered to the person who raised them, from a standard text.
ANSWERED_TYPES = COMPLAINTS

#: The types registered on the legal intake page: lex Maria (the MAS), breaches (the managers).
LEGAL_INTAKE_TYPES = (CaseType.LEX_MARIA, CaseType.PERSONUPPGIFTSINCIDENT)


#: Who writes the report's text column, over the subtree of the grant: enhetschef and above
#: (who also read it: see ``may_write_report_notes``).
REPORT_NOTE_ROLES = frozenset({Role.ENHETSCHEF, Role.OMRADESCHEF})


def allowed_types(role: Role | TokenScope, action: Action) -> frozenset[CaseType]:
    return RULES[role].get(action, frozenset())


def handles_cases(user: User) -> bool:
    """Whether any grant lets ``user`` handle some type of case (who gets "Att göra")."""
    return user.is_active and any(allowed_types(g.role, Action.HANDLE) for g in user.grants)


def creates_some(user: User, case_types) -> bool:
    """Whether any grant lets ``user`` create one of ``case_types``; in which enheter is
    ``units_for``'s to say."""
    return user.is_active and any(
        allowed_types(g.role, Action.CREATE) & set(case_types) for g in user.grants
    )


def holds_role(user: User, roles: frozenset[Role]) -> bool:
    """Whether ``user`` is active and holds one of ``roles`` over some node."""
    return user.is_active and any(g.role in roles for g in user.grants)


def can(user: User, action: Action, case_type: CaseType, unit: OrgNode) -> bool:
    """Whether one of the user's grants covers ``unit`` for ``action`` on ``case_type``."""
    if not user.is_active:
        return False
    return any(
        case_type in allowed_types(grant.role, action) and unit.path.startswith(grant.node.path)
        for grant in user.grants
    )


def can_on_case(user: User, action: Action, case: "Case") -> bool:
    # An API client has no id: it files no case (and None must not match unregistered ones).
    if action is Action.VIEW and user.id is not None and case.registered_by_id == user.id \
            and user.is_active:
        return True
    return can(user, action, case.type, case.unit)


def sees_handling(user: User, case: "Case") -> bool:
    """Whether ``user`` reads the handling of ``case`` (åtgärder, utredning, bedömning, history),
    beyond the report and its återkoppling that whoever filed it reads."""
    return can(user, Action.VIEW, case.type, case.unit)


def may_sign(user: User, case: "Case") -> bool:
    """Whether ``user`` may sign the assessment of ``case`` (its type has signers)."""
    roles = SIGNERS.get(case.type, frozenset())
    return user.is_active and any(
        grant.role in roles and case.unit.path.startswith(grant.node.path)
        for grant in user.grants
    )


def units_for(user: User, action: Action, case_types=ALL_TYPES) -> list[OrgNode]:
    """The enheter in which ``user`` may ``action`` at least one of ``case_types``, by name.
    A closed enhet takes no new cases: it is left out for ``CREATE``."""
    paths = [g.node.path for g in user.grants if allowed_types(g.role, action) & set(case_types)]
    if not paths or not user.is_active:
        return []
    query = sa.select(OrgNode).where(
        OrgNode.kind == NodeKind.ENHET, sa.or_(*(OrgNode.path.startswith(p) for p in paths))
    )
    if action is Action.CREATE:
        query = query.where(OrgNode.closed_on.is_(None))
    return list(db.session.scalars(query.order_by(OrgNode.name)))


def import_units(user: User) -> list[OrgNode]:
    """The open enheter into which ``user`` may import cases, by name."""
    return _enheter_under(user, IMPORT_ROLES, OrgNode.closed_on.is_(None))


def extract_units(user: User) -> list[OrgNode]:
    """The enheter, closed ones too, whose cases ``user`` searches and exports for a
    registerutdrag, by name."""
    return _enheter_under(user, EXTRACT_ROLES)


def _enheter_under(user: User, roles: frozenset[Role], *where) -> list[OrgNode]:
    paths = [grant.node.path for grant in user.grants if grant.role in roles]
    if not paths or not user.is_active:
        return []
    return list(db.session.scalars(sa.select(OrgNode).where(
        OrgNode.kind == NodeKind.ENHET, *where,
        sa.or_(*(OrgNode.path.startswith(p) for p in paths))).order_by(OrgNode.name)))


def report_nodes(user: User) -> list[OrgNode]:
    """The organisation nodes whose report table ``user`` may read, by name."""
    paths = [grant.node.path for grant in user.grants if grant.role in REPORT_ROLES]
    if not paths or not user.is_active:
        return []
    query = sa.select(OrgNode).where(sa.or_(*(OrgNode.path.startswith(p) for p in paths)))
    return list(db.session.scalars(query.order_by(OrgNode.name, OrgNode.code)))


def reads_report_notes(user: User, node: OrgNode) -> bool:
    """Whether ``user`` reads the text column of ``node``'s report table, saved or drafted.

    The drafts quote the closing summaries of the cases the rows count, and a saved text may
    quote any case of the node's subtree, so the column is case content: only someone whose
    grants over the node, together, let them read every type of case there reads it (the
    managers and the områdeschef; not the admin, who reads no case content, nor the MAS, who
    reads lex Maria only). The figures are for every report reader.
    """
    if not user.is_active:
        return False
    types = set()
    for grant in user.grants:
        if node.path.startswith(grant.node.path):
            types |= allowed_types(grant.role, Action.VIEW)
    return types >= ALL_TYPES


def may_write_report_notes(user: User, node: OrgNode) -> bool:
    """Whether ``user`` may write the text column of ``node``'s report table: one who reads it
    and holds one of ``REPORT_NOTE_ROLES`` over the node."""
    return reads_report_notes(user, node) and any(
        grant.role in REPORT_NOTE_ROLES and node.path.startswith(grant.node.path)
        for grant in user.grants
    )


def retention_paths(user: User) -> list[str]:
    """The subtrees whose cases ``user`` holds from retention, and sees on its page."""
    if not user.is_active:
        return []
    return [grant.node.path for grant in user.grants if grant.role in RETENTION_ROLES]


def may_hold(user: User, case: "Case") -> bool:
    """Whether ``user`` may put or lift a legal hold on ``case``: an enhetschef of its unit,
    or an admin over it."""
    return any(case.unit.path.startswith(path) for path in retention_paths(user))
