"""Writes that create cases: one at a time from a form, or in bulk from an import or the demo.

Services flush; the caller commits. Keys stored on a case are taxonomy keys (year-neutral), so
the catalogue decides what is valid, never a hard-coded list: every case, however it comes in,
passes the one validator (casework.cases.validation) first.
"""
from collections import Counter
from datetime import datetime
from operator import itemgetter

import sqlalchemy as sa
from sqlalchemy.orm.util import identity_key

from casework.cases.clocks import clock_columns
from casework.cases.details import detail_model
from casework.cases.models import (
    Case,
    CaseAction,
    CaseCategory,
    CaseEvent,
    CaseFeedback,
    CaseType,
)
from casework.cases.numbering import format_number, next_number, reserve
from casework.cases.validation import Draft, validate
from casework.core.case_types import INITIAL_STATUS
from casework.core.clock import local_today, utcnow
from casework.core.columns import TZDateTime
from casework.core.errors import InvalidFields, UnknownValue
from casework.core.extensions import db
from casework.core.taxonomy import catalogue
from casework.organisation.models import NodeKind, OrgNode

#: Cases per step of the bulk path (an executemany, an id lookup, the events): large enough to
#: amortise the per-step statements, small enough for SQLite's limit of bound parameters.
CHUNK_SIZE = 5000

_cases = Case.__table__
_categories = CaseCategory.__table__
_events = CaseEvent.__table__
# Columns the bulk path fills itself, so that every row is complete and consistent.
_MANAGED = {"id", "number", "version", "created_at", "updated_at", "due_on", "due_at",
            "next_alert_at", "category_bits"}
#: What a row may hold besides case columns: its categories, and the records of a case handled
#: before it is inserted (the demo's past years), each a list of its table's columns.
_RECORD_TABLES = {"actions": CaseAction.__table__, "feedback": CaseFeedback.__table__,
                  "events": _events}
_RECORDS = {"categories", "details", *_RECORD_TABLES}
#: The counting date each kind of record sets on its case: the earliest record's.
_FIRST_DATES = {"actions": ("first_action_on", "taken_on"),
                "feedback": ("feedback_on", "given_on")}


def _scalar_default(column: sa.Column):
    """The column's model default if it is a value (not a function), else None (NULL)."""
    return column.default.arg if column.default is not None and column.default.is_scalar else None


# Every other column starts at its model default (a scalar one), else NULL.
_BULK_DEFAULTS = {c.name: _scalar_default(c) for c in _cases.c if c.name not in _MANAGED}


def parse_type(value: str) -> CaseType:
    try:
        return CaseType(value)
    except ValueError:
        raise UnknownValue("type", value, [t.value for t in CaseType]) from None


def create_case(*, registered_by_id: int | None, follows_up: bool = False,
                event_data: dict | None = None, **fields) -> Case:
    """Register a case, number it and record a ``created`` event.

    ``fields`` are those of a ``Draft`` (casework.cases.validation), as a person enters them:
    the source ``"anonym"`` means an anonymous case without a source. Raises InvalidFields with
    every reason the validator finds, before anything is written. A case that ``follows_up``
    one already there (a lex Sarah case made of an avvikelse) may be made in a closed unit: the
    duty to report outlives the unit. ``event_data`` goes into the ``created`` event (ids and
    codes only: the API token a case came through).
    """
    draft = Draft.entered(**fields)
    _refuse([draft], closed_too=follows_up)
    case = Case(
        **draft.columns() | {"type": CaseType(draft.type)},
        number=next_number(draft.received_on.year),
        status=INITIAL_STATUS,
        registered_by_id=registered_by_id,
        category_links=[CaseCategory(category=key) for key in dict.fromkeys(draft.categories)],
        category_bits=catalogue().taxonomy.category_mask(draft.categories),
        events=[CaseEvent(user_id=registered_by_id, event="created", data=event_data or {})],
    )
    db.session.add(case)
    db.session.flush()
    return case


def _refuse(drafts: list[Draft], rows: bool = False, closed_too: bool = False) -> None:
    """Raise InvalidFields for the first of ``drafts`` the validator refuses; with ``rows``,
    naming it by its place; with ``closed_too``, a closed unit is no reason."""
    terms, today = catalogue(), local_today()
    enheter, closed = _enheter({draft.unit_id for draft in drafts})
    closed = set() if closed_too else closed
    for number, draft in enumerate(drafts, 1):
        if errors := validate(draft, terms, enheter=enheter, today=today, closed=closed):
            raise InvalidFields(errors, f"row {number}" if rows else "")


def _enheter(unit_ids) -> tuple[set[int], set[int]]:
    """Those of ``unit_ids`` that are enheter, the units that take cases, and those of them
    that are closed: one query for the units this transaction has not loaded yet (the intake
    form has loaded its user's)."""
    ids = {unit_id for unit_id in unit_ids if isinstance(unit_id, int)}
    loaded = [node for unit_id in ids
              if (node := db.session.identity_map.get(identity_key(OrgNode, unit_id)))]
    found = [(node.id, node.closed_on) for node in loaded if node.kind == NodeKind.ENHET]
    if missing := ids - {node.id for node in loaded}:
        found += db.session.execute(sa.select(OrgNode.id, OrgNode.closed_on).where(
            OrgNode.id.in_(missing), OrgNode.kind == NodeKind.ENHET)).all()
    return {unit_id for unit_id, _ in found}, {unit_id for unit_id, on in found if on}


def bulk_insert_cases(
    rows: list[dict], *, event: str = "imported", user_id: int | None = None
) -> int:
    """Insert validated cases without ORM objects; return how many were inserted.

    Each row holds ``cases`` columns (``type``, ``unit_id``, ``received_on`` ... but no number,
    version or timestamps, which are set here; the status defaults to new) plus ``categories``,
    a list of keys. Rows are numbered in order of received date, with one block of numbers per
    year. Each case gets one ``event`` by ``user_id``, or by the row's ``registered_by_id`` when
    ``user_id`` is None.

    A case handled before it is inserted (the demo) also holds its records: ``actions``,
    ``feedback`` and ``events`` (its whole history, then in place of the one ``event``), lists
    of their tables' columns, and ``details``, the columns of its type's detail row. Its
    ``first_action_on`` and ``feedback_on`` are then those of its earliest records, and its
    clocks see what the detail row establishes.

    Each row's draft must pass the validator (casework.cases.validation), as any new case's
    must: the first that does not is refused (InvalidFields, naming the row by its place in
    ``rows``) before anything is written. Its records are not checked against the workflow:
    the demo, which tells them, keeps to it.
    """
    if not rows:
        return 0
    db.session.flush()  # ORM objects the rows refer to (units, users) must exist first
    _refuse([Draft.of(row) for row in rows], rows=True)
    connection = db.session.connection()
    now = utcnow()
    ordered = sorted(rows, key=itemgetter("received_on"))
    numbers = _number_blocks(ordered)
    for start in range(0, len(ordered), CHUNK_SIZE):
        chunk = ordered[start:start + CHUNK_SIZE]
        params = [_case_params(row, numbers[start + i], now) for i, row in enumerate(chunk)]
        ids = _insert_cases(connection, params)
        for table, records in _records(ids, chunk, now).items():
            if records:
                connection.execute(sa.insert(table), records)
        bare = [case_id for case_id, row in zip(ids, chunk) if "events" not in row]
        if bare:
            connection.execute(_events_for(bare, event, user_id, now))
    return len(ordered)


def _records(case_ids: list[int], rows: list[dict], now: datetime) -> dict[sa.Table, list[dict]]:
    """The rows of each related table for the cases inserted, for one executemany per table.

    The records of a table all get the same keys, as one executemany needs: every column but
    the surrogate key, at its scalar default (``created_at``: now) unless the record gives it.
    """
    records = {_categories: [{"case_id": case_id, "category": key}
                             for case_id, row in zip(case_ids, rows)
                             for key in dict.fromkeys(row.get("categories", ()))]}
    blanks = {}

    def add(table: sa.Table, case_id: int, record: dict) -> None:
        if table not in blanks:
            blanks[table] = {c.name: now if c.name == "created_at" else _scalar_default(c)
                             for c in table.c if c.name != "id"}
            records[table] = []
        records[table].append(blanks[table] | record | {"case_id": case_id})

    for case_id, row in zip(case_ids, rows):
        for name, table in _RECORD_TABLES.items():
            for record in row.get(name, ()):
                add(table, case_id, record)
        if row.get("details"):
            add(detail_model(CaseType(row["type"])).__table__, case_id, row["details"])
    return records


def _events_for(case_ids: list[int], event: str, user_id: int | None, now: datetime) -> sa.Insert:
    """One statement adding an event to each case: far cheaper than a row per case."""
    author = _cases.c.registered_by_id if user_id is None else sa.literal(user_id, sa.Integer)
    values = sa.select(
        _cases.c.id, sa.literal(now, TZDateTime), author, sa.literal(event), sa.literal({}, sa.JSON)
    ).where(_cases.c.id.in_(case_ids))
    return sa.insert(_events).from_select(["case_id", "at", "user_id", "event", "data"], values)


def _insert_cases(connection: sa.Connection, params: list[dict]) -> list[int]:
    """Insert case rows; return their ids in the order of ``params``.

    The ids are looked up by case number (unique) instead of ``INSERT ... RETURNING``: psycopg
    parses each placeholder of the multi-row statement that RETURNING needs in Python, which
    made PostgreSQL imports several times slower than a plain executemany and one lookup.
    """
    connection.execute(sa.insert(_cases), params)
    numbers = [p["number"] for p in params]
    lookup = sa.select(_cases.c.number, _cases.c.id).where(_cases.c.number.in_(numbers))
    ids = dict(connection.execute(lookup).all())
    return [ids[number] for number in numbers]


def _number_blocks(ordered: list[dict]) -> list[str]:
    """Case numbers for rows sorted by received date: one reserved block per year."""
    per_year = Counter(row["received_on"].year for row in ordered)
    next_serial = {year: reserve(year, count) for year, count in sorted(per_year.items())}
    numbers = []
    for row in ordered:
        year = row["received_on"].year
        numbers.append(format_number(year, next_serial[year]))
        next_serial[year] += 1
    return numbers


def _case_params(row: dict, number: str, now: datetime) -> dict:
    unknown = row.keys() - _BULK_DEFAULTS.keys() - _RECORDS
    if unknown:
        raise ValueError(f"not a settable case column: {', '.join(sorted(unknown))}")
    params = _BULK_DEFAULTS | {name: value for name, value in row.items() if name not in _RECORDS}
    for records, (column, dated) in _FIRST_DATES.items():
        if records in row:
            params[column] = min((record[dated] for record in row[records]), default=None)
    params.update(number=number, version=1, created_at=now, updated_at=now,
                  category_bits=catalogue().taxonomy.category_mask(row.get("categories", ())))
    params.update(clock_columns(params | {"details": row.get("details")}, now))
    return params
