"""Human case numbers, ``YYYY-NNNN``: one sequence per received year, unique across the system.

Numbers come from ``case_number_counters``. The counter row is bumped with a single
``UPDATE ... RETURNING``, whose row lock makes a concurrent transaction wait until this one ends,
so two transactions never get the same number; a rolled-back transaction leaves no gap because
its increment is rolled back with it. Bulk inserts reserve a whole block in one statement.
"""
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from casework.cases.models import CaseNumberCounter
from casework.core.extensions import db

_counters = CaseNumberCounter.__table__
_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def format_number(year: int, serial: int) -> str:
    """``2025-0042``; the serial is padded to four digits and simply grows past 9999."""
    return f"{year}-{serial:04d}"


def reserve(year: int, count: int = 1) -> int:
    """Reserve ``count`` consecutive serials of ``year``; return the first of them."""
    if count < 1:
        raise ValueError(f"cannot reserve {count} case numbers")
    connection = db.session.connection()
    bump = (sa.update(_counters).where(_counters.c.year == year)
            .values(last=_counters.c.last + count).returning(_counters.c.last))
    last = connection.execute(bump).scalar()
    if last is None:  # the year's first case: one more statement, once a year
        _ensure_counter(connection, year)
        last = connection.execute(bump).scalar_one()
    return last - count + 1


def next_number(year: int) -> str:
    return format_number(year, reserve(year))


def _ensure_counter(connection: sa.Connection, year: int) -> None:
    """Create the year's counter unless it exists; a row created concurrently is kept as it is."""
    insert = _INSERTS[connection.dialect.name](_counters).values(year=year, last=0)
    connection.execute(insert.on_conflict_do_nothing(index_elements=[_counters.c.year]))
