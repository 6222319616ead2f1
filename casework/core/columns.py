"""Shared column types and helpers for the models."""
from datetime import datetime, timezone
from enum import StrEnum

import sqlalchemy as sa

#: The largest value an id or integer column holds on every backend (PostgreSQL's INTEGER).
DB_INT_MAX = 2**31 - 1


def db_int(value: str | int) -> int:
    """A non-negative integer a column can hold, from text (or an int); ValueError for anything
    else, so a number from a URL or a form that no row can have never reaches the database."""
    text = str(value)
    if not (text.isascii() and text.isdigit()) or int(text) > DB_INT_MAX:
        raise ValueError(f"not an integer from 0 to {DB_INT_MAX}")
    return int(text)


def enum_column(enum: type[StrEnum]) -> sa.Enum:
    """A portable enum column: VARCHAR holding the member's value, checked in Python."""
    return sa.Enum(
        enum,
        native_enum=False,
        create_constraint=False,
        length=max(len(m.value) for m in enum),
        values_callable=lambda e: [m.value for m in e],
    )


class TZDateTime(sa.TypeDecorator):
    """A moment, aware on every backend: stored in UTC and read back in UTC. PostgreSQL keeps
    the offset itself; SQLite keeps none, so without this it would hand back naive values and
    store an aware one's local wall time as if it were UTC. A naive value is taken as UTC."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None or value.tzinfo is None:
            return value
        return value.astimezone(timezone.utc)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)
