"""Reading the audit trail: who may read which events, the filters, and keyset pages.

An enhetschef or an admin reads the events of the cases and reports within the subtrees of
their grants of those roles, that is, events whose ``unit_id`` lies there. Events without a unit
(lists spanning units, exports of the trail itself) belong to no subtree, so only an admin over
the whole organisation reads them: one granted every top node of the tree (the root, where the
tree has one).
"""
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from casework.access.policy import AUDIT_ROLES
from casework.auth.models import ROLE_LABELS, Role, User
from casework.cases.models import Case
from casework.core.clock import app_zone
from casework.core.extensions import db
from casework.organisation.models import OrgNode
from casework.trail.admin import ADMIN_ACTIONS
from casework.trail.models import AuditEvent

#: The actions written by the app, in Swedish. An action not listed is shown by its code.
ACTION_LABELS = {
    "view": "Läste ärende",
    "change": "Ändrade ärende",
    "create": "Registrerade ärende",
    "correct": "Rättade uppgifter i ärende",
    "withdraw": "Återtog ärende efter registreringen",
    "cases_import": "Läste in ärenden från fil",
    "export": "Exporterade",
    "refused": "Nekades åtkomst till ärende",
    "list": "Visade ärendelista",
    "report_view": "Läste rapport",
    "report_download": "Laddade ned rapport",
    "report_notes_save": "Sparade rapporttexter",
    "report_trends": "Läste trender",
    "snapshot_download": "Laddade ned ögonblicksbild",
    "snapshot_compare": "Jämförde ögonblicksbild",
    "audit_export": "Exporterade åtkomstloggen",
    "password_reset_link": "Fick en länk för glömt lösenord",
    "password_reset": "Bytte glömt lösenord med länken",
    "attachment_add": "Bifogade fil till ärende",
    "attachment_remove": "Tog bort ärendets bilagor (gallring)",
    "log_check_list": "Visade loggkontrollerna",
    "log_check_view": "Läste loggkontroll",
    "log_check_sign": "Signerade loggkontroll",
    "anonymise": "Gallrade personuppgifterna i ärende",
    "audit_prune": "Gallrade åtkomstloggen",
    "legal_hold": "Spärrade ärende mot gallring",
    "legal_hold_lift": "Hävde spärr mot gallring",
    "extract_search": "Sökte ärenden till registerutdrag",
    **ADMIN_ACTIONS,
}

#: The keys of ``detail`` in Swedish; the route (``endpoint``) is left out of the page.
DETAIL_LABELS = {
    "year": "år", "template": "mall", "cutoff": "brytdatum", "format": "format",
    "status": "status", "snapshot": "ögonblicksbild", "rows": "rader", "report": "rapport",
    "action_filter": "händelsefilter", "user_filter": "användarfilter", "from": "från",
    "to": "till", "corrected": "rättat (gammalt, nytt; text visas inte)",
    "before": "före", "after": "efter", "user": "användar-id", "count": "antal ärenden",
    "attachment": "bilaga", "attachments": "bilagor", "size": "byte",
    "token": "API-nyckel", "shown": "visade ärenden", "week": "vecka", "check": "kontroll",
    "rule": "regel", "years": "antal år", "pruned": "borttagna rader",
}

PAGE_SIZE = 50


@dataclass(frozen=True)
class Filters:
    email: str | None = None
    case_number: str | None = None
    action: str | None = None
    date_from: date | None = None
    date_to: date | None = None


class Row(NamedTuple):
    id: int
    at: datetime
    email: str | None
    roles: str
    action: str
    case_id: int | None
    case_number: str | None
    unit_code: str | None
    unit_name: str | None
    detail: dict

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)

    @property
    def summary(self) -> str:
        """The detail in a few words: how many cases a list showed, else its codes."""
        if "shown" in self.detail:
            count = len(self.detail["shown"])
            cases = f"{count} ärende{'' if count == 1 else 'n'}"
            if self.action == "export":  # the case list as a file
                return f"{cases} i en fil ({self.detail.get('format', '')})"
            return f"{cases} visades"
        return ", ".join(f"{DETAIL_LABELS.get(key, key)}: {_value_text(value)}"
                         for key, value in self.detail.items() if key != "endpoint")

    @property
    def role_labels(self) -> list[str]:
        return role_labels(self.roles)


def role_labels(roles: str) -> list[str]:
    """A row's roles (comma-separated codes, as held at the time) in Swedish."""
    return [ROLE_LABELS.get(role, role) for role in roles.split(",") if role]


def _value_text(value) -> str:
    """A detail value in words: an admin change's before and after as ``key=value`` pairs."""
    if isinstance(value, dict):
        return "(" + ", ".join(f"{key}={_value_text(item)}" for key, item in value.items()) + ")"
    if isinstance(value, list):
        return " ".join(_value_text(item) for item in value) or "–"
    return str(value)


@dataclass(frozen=True)
class Page:
    rows: list[Row]
    #: The id to pass as ``fore`` for the next (older) page, or ``efter`` for the newer one.
    older: int | None
    newer: int | None


def scope(user: User) -> ColumnElement[bool] | None:
    """A WHERE clause for the events ``user`` may read; None if they may read none."""
    if not user.is_active:
        return None
    grants = [grant for grant in user.grants if grant.role in AUDIT_ROLES]
    if not grants:
        return None
    if _over_the_whole_tree({grant.org_node_id for grant in grants if grant.role is Role.ADMIN}):
        return sa.true()
    units = sa.select(OrgNode.id).where(
        sa.or_(*(OrgNode.path.startswith(grant.node.path) for grant in grants))
    )
    return AuditEvent.unit_id.in_(units)


def _over_the_whole_tree(node_ids: set[int]) -> bool:
    """Whether ``node_ids`` include every top node of the organisation tree."""
    if not node_ids:
        return False
    tops = set(db.session.scalars(sa.select(OrgNode.id).where(OrgNode.parent_id.is_(None))))
    return tops <= node_ids


def events(where: ColumnElement[bool], filters: Filters) -> sa.Select:
    """The events matching ``where`` and ``filters``, with the user's e-mail, the case number
    and the unit; unordered (``page`` and ``all_rows`` order by id, which is insertion order)."""
    query = (
        sa.select(AuditEvent.id, AuditEvent.at, User.email, AuditEvent.roles, AuditEvent.action,
                  AuditEvent.case_id, Case.number, OrgNode.code, OrgNode.name, AuditEvent.detail)
        .outerjoin(User, User.id == AuditEvent.user_id)
        .outerjoin(Case, Case.id == AuditEvent.case_id)
        .outerjoin(OrgNode, OrgNode.id == AuditEvent.unit_id)
        .where(where)
    )
    if filters.email:
        query = query.where(AuditEvent.user_id.in_(
            sa.select(User.id).where(User.email == filters.email.strip().lower())))
    if filters.case_number:
        query = query.where(AuditEvent.case_id.in_(
            sa.select(Case.id).where(Case.number == filters.case_number)))
    if filters.action:
        query = query.where(AuditEvent.action == filters.action)
    if filters.date_from:
        query = query.where(AuditEvent.at >= _start_of(filters.date_from))
    if filters.date_to:
        query = query.where(AuditEvent.at < _start_of(filters.date_to + timedelta(days=1)))
    return query


def page(query: sa.Select, *, before: int | None = None, after: int | None = None) -> Page:
    """Newest first: ``PAGE_SIZE`` events older than ``before``, or newer than ``after``."""
    size = PAGE_SIZE
    if after is not None:
        found = _rows(query.where(AuditEvent.id > after).order_by(AuditEvent.id), size + 1)
        more_newer, found = len(found) > size, found[:size][::-1]
        return Page(found, found[-1].id if found else None,
                    found[0].id if found and more_newer else None)
    if before is not None:
        query = query.where(AuditEvent.id < before)
    found = _rows(query.order_by(AuditEvent.id.desc()), size + 1)
    more_older, found = len(found) > size, found[:size]
    return Page(found, found[-1].id if more_older else None,
                found[0].id if found and before is not None else None)


def all_rows(query: sa.Select, chunk: int = 1000) -> Iterator[Row]:
    """Every matching event, newest first, read a chunk at a time (an export can be large)."""
    before = None
    while True:
        part = query if before is None else query.where(AuditEvent.id < before)
        found = _rows(part.order_by(AuditEvent.id.desc()), chunk)
        yield from found
        if len(found) < chunk:
            return
        before = found[-1].id


def count(query: sa.Select, up_to: int) -> int:
    """How many events ``query`` finds, counting no further than ``up_to``."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(
        query.limit(up_to).subquery()))


def case_id_of(number: str) -> int | None:
    return db.session.scalar(sa.select(Case.id).where(Case.number == number))


def user_id_of(email: str) -> int | None:
    return db.session.scalar(sa.select(User.id).where(User.email == email.strip().lower()))


def _rows(query: sa.Select, limit: int) -> list[Row]:
    return [Row(*values) for values in db.session.execute(query.limit(limit))]


def _start_of(day: date) -> datetime:
    """Midnight starting ``day`` in the app's time zone, in UTC: SQLite compares the stored
    UTC wall-clock text, so the bound must be UTC too."""
    zone = app_zone()
    return datetime.combine(day, time(), zone).astimezone(timezone.utc)
