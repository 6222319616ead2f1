"""Reads for the case pages: the filtered case list, keyset-paginated, its hit count and its
export, and the start page's latest registered (Att göra's list is ``casework.cases.urgency``).

Every query starts from ``policy.case_scope``, so a filter can only narrow what the user may see.
Rows are plain tuples (no ORM objects) joined with unit and handler names; the categories of a
list page come in one more query.

The description: whoever may see a case reads its description in full (the case page shows it
to everyone who reaches the case, the medarbetare who filed a report included: see
``policy.sees_handling``, which hides only the handling from them). The list is scoped exactly
by that right, so every row of it carries the start of its description (``ListedCase.excerpt``)
and every exported row the whole text.
"""
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from casework.access.policy import Action, handles_cases
from casework.auth.models import User
from casework.cases import workflow
from casework.cases.models import NUMBER_ORDER, Case, CaseCategory, CaseType
from casework.cases.scope import case_scope
from casework.core.case_types import ENDED_STATUSES, INITIAL_STATUS, WITHDRAWN_STATUS
from casework.core.columns import db_int
from casework.core.extensions import db
from casework.core.taxonomy import E_SERVICE, catalogue
from casework.organisation.models import OrgNode

PAGE_SIZE = 50
#: The status filter's value for every case still worked on (neither closed nor withdrawn).
OPEN = "oppna"
#: The hit count counts this far and then says "more than": an exact count over a whole
#: förvaltning's register reads every matching row (see bench/list_bench.py for the timings).
COUNT_CAP = 10_000
#: The most rows an export holds; a list longer than this is refused, to be narrowed first.
EXPORT_LIMIT = 50_000
#: The list shows about this many characters of each description.
EXCERPT = 80
#: How much of each description the list reads: enough to cut at a word after tidying spaces.
_EXCERPT_READ = EXCERPT + 40
#: Rows of the start page's list of the cases one registered.
SHORT_LIST = 10
#: Types whose återkoppling the handler owes (beröm is counted, not answered).
FEEDBACK_TYPES = (CaseType.KLAGOMAL, CaseType.SYNPUNKT, CaseType.AVVIKELSE)
_NUMBER_PREFIX = re.compile(r"\d{4}-\d*")

_unit = aliased(OrgNode)
_handler = aliased(User)

#: Sort key → the columns of the keyset, ending in a unique one. One direction for all of
#: them, so every order is one index scan.
SORTS: dict[str, tuple] = {
    "inkom": (Case.received_on, Case.id),
    "nummer": NUMBER_ORDER,
    "typ": (Case.type, Case.received_on, Case.id),
    "status": (Case.status, Case.received_on, Case.id),
}
#: How to read each keyset column back from a page link.
_PARSERS = {
    "inkom": (date.fromisoformat, db_int),
    "nummer": (str, db_int, str),
    "typ": (CaseType, date.fromisoformat, db_int),
    "status": (str, date.fromisoformat, db_int),
}


@dataclass(frozen=True)
class Filters:
    type: CaseType | None = None
    status: str | None = None
    category: str | None = None
    unit_id: int | None = None
    received_from: date | None = None
    received_to: date | None = None
    overdue: bool = False
    mine: bool = False
    search: str = ""


@dataclass(frozen=True)
class Order:
    key: str = "inkom"
    descending: bool = True


@dataclass(frozen=True)
class Cursor:
    """A page boundary: the keyset values of the row next to it."""

    values: tuple
    #: The page ends just before ``values`` (Föregående sida) instead of starting after them.
    before: bool = False

    @property
    def token(self) -> str:
        return "~".join(v.isoformat() if isinstance(v, date) else str(v) for v in self.values)

    @classmethod
    def parse(cls, order: Order, token: str, before: bool = False) -> "Cursor | None":
        """The cursor of a page link, or None if the link was mangled."""
        parts = token.split("~")
        parsers = _PARSERS[order.key]
        if len(parts) != len(parsers):
            return None
        try:
            return cls(tuple(parse(part) for parse, part in zip(parsers, parts)), before)
        except ValueError:
            return None


@dataclass
class ListedCase:
    id: int
    number: str
    type: CaseType
    status: str
    received_on: date
    due_on: date | None
    due_at: datetime | None
    feedback_on: date | None
    unit_name: str
    handler_name: str | None
    overdue: bool
    #: The first ``_EXCERPT_READ`` characters of the description.
    description_start: str | None = None
    categories: list[str] = field(default_factory=list)
    #: How it came in (a taxonomy key); the lists mark those from the e-service.
    channel: str | None = None

    @property
    def status_label(self) -> str:
        return workflow.status_label(self.status)

    @property
    def excerpt(self) -> str:
        start = self.description_start or ""
        return excerpt(start, goes_on=len(start) >= _EXCERPT_READ)


@dataclass(frozen=True)
class HitCount:
    """How many cases the filters find, counted up to ``COUNT_CAP``."""

    value: int
    #: There are more than ``value``.
    more: bool = False


def excerpt(text: str, limit: int = EXCERPT, goes_on: bool = False) -> str:
    """The start of ``text`` on one line: whole if it fits in ``limit`` characters, else cut at
    the last word boundary before it (mid-word only for a word longer than the limit), with "…";
    ``goes_on``: ``text`` is itself the start of a longer one."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text + ("…" if goes_on and text else "")
    cut = text[:limit + 1].rsplit(" ", 1)[0] if " " in text[:limit + 1] else text[:limit]
    return cut.rstrip(" ,.;:–-") + "…"


@dataclass
class CasePage:
    rows: list[ListedCase]
    previous: Cursor | None
    next: Cursor | None


def still_open() -> sa.ColumnElement[bool]:
    """Cases still worked on: neither closed nor withdrawn."""
    return Case.status.not_in(ENDED_STATUSES)


def not_withdrawn() -> sa.ColumnElement[bool]:
    return Case.status != WITHDRAWN_STATUS


def overdue(today: date) -> sa.ColumnElement[bool]:
    """A deadline passed and the case still open."""
    return sa.and_(Case.due_on < today, still_open())


def mine(user: User) -> sa.ColumnElement[bool]:
    """The "Mina" filter: the cases I handle; for those who handle none, those I registered."""
    if handles_cases(user):
        return Case.handler_id == user.id
    return Case.registered_by_id == user.id


def matches(term: str) -> sa.ColumnElement[bool]:
    """Case numbers starting with ``term`` if it looks like one (``2025-00``), else the
    descriptions containing it, in any case."""
    if _NUMBER_PREFIX.fullmatch(term):
        return Case.number.like(f"{term}%")
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return Case.description.ilike(f"%{escaped}%", escape="\\")


def _status(status: str | None) -> sa.ColumnElement[bool]:
    """The status filter: one status, the open ones (``OPEN``), or any but withdrawn (a case
    taken back with Ångra is listed only when that status is asked for)."""
    if status == OPEN:
        return still_open()
    return Case.status == status if status else not_withdrawn()


def conditions(user: User, filters: Filters, today: date) -> list[sa.ColumnElement[bool]]:
    f = filters
    where = [case_scope(user), _status(f.status)]
    if f.type:
        where.append(Case.type == f.type)
    if f.category:
        tagged = sa.select(CaseCategory.case_id).where(CaseCategory.category == f.category)
        where.append(Case.id.in_(tagged))
    if f.unit_id:
        where.append(Case.unit_id == f.unit_id)
    if f.received_from:
        where.append(Case.received_on >= f.received_from)
    if f.received_to:
        where.append(Case.received_on <= f.received_to)
    if f.overdue:
        where.append(overdue(today))
    if f.mine:
        where.append(mine(user))
    if f.search:
        where.append(matches(f.search))
    return where


def case_count(user: User, filters: Filters, today: date, cap: int | None = None) -> HitCount:
    """How many cases ``case_page`` pages through with ``filters``, up to ``cap`` (by default
    ``COUNT_CAP``): the count reads at most ``cap`` + 1 rows, so a broad filter over a large
    register stays quick."""
    cap = COUNT_CAP if cap is None else cap
    found = sa.select(Case.id).where(*conditions(user, filters, today)).limit(cap + 1)
    value = db.session.scalar(sa.select(sa.func.count()).select_from(found.subquery()))
    return HitCount(min(value, cap), more=value > cap)


def page_count(user: User, filters: Filters, today: date, page: "CasePage",
               cursor: Cursor | None) -> HitCount:
    """The hit count above ``page``: a first page that is also the last counts itself (a search
    without hits, a narrow filter), else ``case_count``."""
    if cursor is None and page.next is None:
        return HitCount(len(page.rows))
    return case_count(user, filters, today)


@dataclass
class ExportedCase:
    case: ListedCase
    description: str


class TooManyToExport(Exception):
    """The filters find more than ``EXPORT_LIMIT`` cases."""


def export_rows(user: User, filters: Filters, order: Order, today: date,
                limit: int | None = None) -> list[ExportedCase]:
    """Every case the list shows with ``filters``, in its ``order``, with its categories and
    whole description; TooManyToExport beyond ``limit`` rows (by default ``EXPORT_LIMIT``)."""
    limit = EXPORT_LIMIT if limit is None else limit
    if case_count(user, filters, today, cap=limit).more:  # before reading a row of them
        raise TooManyToExport()
    columns = SORTS[order.key]
    query = (
        listed_columns(today, Case.description)
        .where(*conditions(user, filters, today))
        .order_by(*(c.desc() if order.descending else c.asc() for c in columns))
        .limit(limit)
    )
    result = db.session.execute(query).all()
    rows = as_listed(result)
    for start in range(0, len(rows), 1000):  # bounded IN lists (SQLite's parameter limit)
        _add_categories(rows[start:start + 1000])
    return [ExportedCase(case, row[_LISTED_COLUMNS] or "") for case, row in zip(rows, result)]


def page_query(user: User, filters: Filters, order: Order, today: date,
               cursor: Cursor | None = None) -> sa.Select:
    """The statement behind ``case_page``: one row more than a page, in the page's order."""
    columns = SORTS[order.key]
    descending = order.descending != (cursor is not None and cursor.before)
    query = listed_columns(today, *columns).where(*conditions(user, filters, today))
    if cursor is not None:
        key = sa.tuple_(*columns)
        query = query.where(key < cursor.values if descending else key > cursor.values)
    ordering = [c.desc() if descending else c.asc() for c in columns]
    return query.order_by(*ordering).limit(PAGE_SIZE + 1)


def case_page(user: User, filters: Filters, order: Order, today: date,
              cursor: Cursor | None = None) -> CasePage:
    """One page of the cases ``user`` may see, after (or before) ``cursor``."""
    result = db.session.execute(page_query(user, filters, order, today, cursor)).all()
    backwards = cursor is not None and cursor.before
    more = len(result) > PAGE_SIZE
    result = result[:PAGE_SIZE]
    if backwards:
        result.reverse()
    if not result:
        return CasePage([], None, None)
    # Coming back from a later page, there is a next one; going on from an earlier, a previous.
    has_previous, has_next = (more, True) if backwards else (cursor is not None, more)
    keys = len(SORTS[order.key])
    rows = as_listed(result)
    _add_categories(rows)
    _add_excerpts(rows)
    return CasePage(
        rows=rows,
        previous=Cursor(tuple(result[0][-keys:]), before=True) if has_previous else None,
        next=Cursor(tuple(result[-1][-keys:])) if has_next else None,
    )


def handled_among(user: User, ids: list[int]) -> set[int]:
    """Which of the cases ``ids`` (a page's) ``user`` may handle: those get a checkbox for the
    bulk actions."""
    if not ids or not handles_cases(user):
        return set()
    query = sa.select(Case.id).where(Case.id.in_(ids), case_scope(user, Action.HANDLE))
    return set(db.session.scalars(query))


def registered_by(user: User, today: date) -> list[ListedCase]:
    """The cases ``user`` registered most recently, without categories: what a planner or a
    reporter follows up."""
    query = (
        listed_columns(today)
        .where(case_scope(user), Case.registered_by_id == user.id, not_withdrawn())
        .order_by(Case.id.desc())
        .limit(SHORT_LIST)
    )
    return as_listed(db.session.execute(query))


def from_e_service(user: User, today: date) -> list[ListedCase]:
    """The newest cases sent through the public e-service that are still new, of those
    ``user`` may see: what a planner looks out for, as nobody registered them."""
    query = (
        listed_columns(today)
        .where(case_scope(user), Case.channel == E_SERVICE, Case.status == INITIAL_STATUS)
        .order_by(Case.id.desc())
        .limit(SHORT_LIST)
    )
    return as_listed(db.session.execute(query))


def listed_columns(today: date, *keys) -> sa.Select:
    """The columns of ListedCase in its order, then ``keys`` (keyset values for page links)."""
    return (
        sa.select(
            Case.id, Case.number, Case.type, Case.status, Case.received_on, Case.due_on,
            Case.due_at, Case.feedback_on, _unit.name, _handler.name,
            sa.case((overdue(today), True), else_=False), Case.channel, *keys,
        )
        .join(_unit, _unit.id == Case.unit_id)
        .outerjoin(_handler, _handler.id == Case.handler_id)
    )


#: How many of ``listed_columns``'s columns are ListedCase's (the last, the channel, by name); the
#: keys follow.
_LISTED_COLUMNS = 12


def as_listed(rows) -> list[ListedCase]:
    return [ListedCase(*row[:_LISTED_COLUMNS - 1], channel=row[_LISTED_COLUMNS - 1])
            for row in rows]


def _add_excerpts(cases: list[ListedCase]) -> None:
    """Fill in the start of each description with one query by id: in the page query itself it
    would be computed for every row a sort reads, not only for the page's."""
    if not cases:
        return
    starts = dict(db.session.execute(
        sa.select(Case.id, sa.func.substr(Case.description, 1, _EXCERPT_READ))
        .where(Case.id.in_([case.id for case in cases]))
    ).all())
    for case in cases:
        case.description_start = starts.get(case.id)


def _add_categories(cases: list[ListedCase]) -> None:
    """Fill in the category labels of ``cases`` with one query."""
    if not cases:
        return
    terms = catalogue().taxonomy.categories
    links = db.session.execute(
        sa.select(CaseCategory.case_id, CaseCategory.category)
        .where(CaseCategory.case_id.in_([case.id for case in cases]))
    )
    labels = defaultdict(list)
    for case_id, key in links:
        labels[case_id].append(terms[key].label if key in terms else key)
    for case in cases:
        case.categories = sorted(labels[case.id])
