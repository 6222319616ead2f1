"""Shared column types and helpers for the models."""
from datetime import datetime, timezone
from enum import StrEnum

import sqlalchemy as sa


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def enum_column(enum: type[StrEnum]) -> sa.Enum:
    """A portable enum column: VARCHAR holding the member's value, checked in Python."""
    return sa.Enum(
        enum,
        native_enum=False,
        create_constraint=False,
        length=max(len(m.value) for m in enum),
        values_callable=lambda e: [m.value for m in e],
    )


TZDateTime = sa.DateTime(timezone=True)
