"""What needs the handler now: one list of the open cases they may handle, most urgent first.

Each case stands once, under the most urgent of its reasons, in this order:

1. **Försenad**: a deadline passed (``queries.overdue``), the longest overdue first;
2. **Frist snart**: a deadline today or within ``DUE_SOON_DAYS`` calendar days;
3. **Ej tilldelad**: nobody handles it yet;
4. **Väntar på återkoppling**: a klagomål, synpunkt or avvikelse with an åtgärd taken and no
   återkoppling yet (unless anonymous): "återkoppling sker alltid", and once something has been
   done the person is owed word of it.

Within a reason: the earliest deadline first (none last), then the oldest received. A beröm is
counted, not handled: it is left out unless a deadline runs on it (none does by default), so
years of logged praise never crowd the list.

Two statements whatever the size of the scope: the counts per reason (one ``GROUP BY``) and the
page. Both read only the open cases of the user's handling scope (``case_scope(HANDLE)``: the
unit ids and types of their grants, which the unit and type indexes serve).
"""
from dataclasses import dataclass
from datetime import date, timedelta
from enum import IntEnum

import sqlalchemy as sa

from casework.access.policy import Action
from casework.auth.models import User
from casework.cases.models import Case, CaseType
from casework.cases.queries import (
    FEEDBACK_TYPES,
    ListedCase,
    as_listed,
    listed_columns,
    overdue,
    still_open,
)
from casework.cases.scope import case_scope
from casework.core.extensions import db
from casework.organisation.models import OrgNode

#: "Frist snart": a deadline today or within this many calendar days (so up to three days'
#: notice, a weekend included).
DUE_SOON_DAYS = 3
#: Rows on the start page; Att göra shows them all, a page at a time.
START_ROWS = 10
PAGE_SIZE = 50


class Reason(IntEnum):
    """Why a case is listed; the value is its rank."""

    OVERDUE = 1
    DUE_SOON = 2
    UNASSIGNED = 3
    AWAITING_FEEDBACK = 4

    @property
    def title(self) -> str:
        return _TITLES[self]


_TITLES = {
    Reason.OVERDUE: "Försenade",
    Reason.DUE_SOON: f"Frist i dag eller inom {DUE_SOON_DAYS} dagar",
    Reason.UNASSIGNED: "Ej tilldelade",
    Reason.AWAITING_FEEDBACK: "Väntar på återkoppling",
}


@dataclass
class UrgentCase:
    case: ListedCase
    reason: Reason
    today: date

    @property
    def label(self) -> str:
        """Why it is listed, in a few words: "Försenad 3 dagar", "Frist i morgon"."""
        if self.reason is Reason.OVERDUE:
            days = (self.today - self.case.due_on).days
            return f"Försenad {days} dag" + ("ar" if days != 1 else "")
        if self.reason is Reason.DUE_SOON:
            days = (self.case.due_on - self.today).days
            return {0: "Frist i dag", 1: "Frist i morgon"}.get(days, f"Frist om {days} dagar")
        if self.reason is Reason.UNASSIGNED:
            return "Ej tilldelad"
        return "Väntar på återkoppling"


@dataclass
class Urgent:
    rows: list[UrgentCase]
    #: Cases listed, per reason (every reason present, zero or not).
    counts: dict[Reason, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def reasons(user: User, today: date) -> dict[Reason, sa.ColumnElement[bool]]:
    """Reason → which of the open cases in the user's handling scope it takes (before the more
    urgent reasons have taken theirs)."""
    soon = Case.due_on.between(today, today + timedelta(days=DUE_SOON_DAYS))
    return {
        Reason.OVERDUE: overdue(today),
        Reason.DUE_SOON: soon,
        Reason.UNASSIGNED: Case.handler_id.is_(None),
        Reason.AWAITING_FEEDBACK: sa.and_(
            Case.type.in_(FEEDBACK_TYPES), Case.first_action_on.is_not(None),
            Case.feedback_on.is_(None), Case.anonymous.is_(False),
        ),
    }


def _listed_where(conditions) -> list[sa.ColumnElement[bool]]:
    """The cases listed: open, in the handling scope, not a beröm without a running deadline,
    and with a reason."""
    return [
        still_open(),
        sa.or_(Case.type != CaseType.BEROM, Case.due_on.is_not(None)),
        sa.or_(*conditions),
    ]


def urgent(user: User, today: date, limit: int = START_ROWS, offset: int = 0) -> Urgent:
    """The cases that need ``user`` now, ``limit`` of them from ``offset``, and the counts."""
    wanted = reasons(user, today)
    # The most urgent reason's rank: the first condition that holds.
    rank = sa.case(*((cond, int(reason)) for reason, cond in wanted.items())).label("rank")
    where = [case_scope(user, Action.HANDLE), *_listed_where(wanted.values())]
    counted = sa.select(rank, sa.func.count()).where(*where).group_by(sa.literal_column("rank"))
    counts = {reason: 0 for reason in Reason}
    counts.update({Reason(r): n for r, n in db.session.execute(counted)})
    rows: list[UrgentCase] = []
    if sum(counts.values()) > offset:
        page = (
            listed_columns(today, rank).where(*where)
            .order_by(sa.literal_column("rank"), Case.due_on.is_(None), Case.due_on,
                      Case.due_at, Case.received_on, Case.id)
            .limit(limit).offset(offset)
        )
        result = db.session.execute(page).all()
        rows = [UrgentCase(case, Reason(row[-1]), today)
                for case, row in zip(as_listed(result), result, strict=True)]
    return Urgent(rows, counts)


@dataclass(frozen=True)
class AptUnit:
    code: str
    name: str
    count: int


def apt_waiting(user: User) -> list[AptUnit]:
    """The enheter with cases marked for the next APT that ``user`` may handle, and how many
    (what ``handling.apt_agenda`` lists on each enhet's APT page)."""
    query = (
        sa.select(OrgNode.code, OrgNode.name, sa.func.count())
        .select_from(Case).join(OrgNode, OrgNode.id == Case.unit_id)
        .where(Case.apt_pending, case_scope(user, Action.HANDLE))
        .group_by(OrgNode.code, OrgNode.name).order_by(OrgNode.name, OrgNode.code)
    )
    return [AptUnit(*row) for row in db.session.execute(query)]
