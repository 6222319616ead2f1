"""Detail rows: the columns only one case type has, in a table of its own.

A package that adds case types with such rows (casework.legal: lex Sarah, lex Maria and
personal-data breaches) registers each table here, with what its rows establish for the deadline
clocks. Cases find, preload and bulk-insert the rows through this registry without knowing them.
"""
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from casework.cases.models import Case
from casework.core.case_types import CaseType
from casework.core.extensions import db

#: (row, or its columns as a mapping, or None) → the start of an hours clock more precise than
#: the received date, and the conditions the row establishes for deadline rules.
ClockFacts = Callable[[Any], tuple[datetime | None, frozenset[str]]]


@dataclass(frozen=True)
class DetailKind:
    model: type
    clock_facts: ClockFacts


_KINDS: dict[CaseType, DetailKind] = {}


def register_details(case_type: CaseType, model: type, clock_facts: ClockFacts) -> None:
    _KINDS[case_type] = DetailKind(model, clock_facts)


def detail_model(case_type: CaseType) -> type | None:
    kind = _KINDS.get(case_type)
    return kind.model if kind else None


def detail_models() -> tuple[type, ...]:
    return tuple(kind.model for kind in _KINDS.values())


def details_of(case: Case, *, create: bool = False):
    """The case's detail row (None for other types, or before the first step that writes one
    unless ``create``). A lookup by primary key, answered from the session when already loaded
    or added, so that it works without flushing (the deadline clocks read it mid-step)."""
    model = detail_model(case.type)
    if model is None or case.id is None:
        return None
    row = next((o for o in db.session.new if isinstance(o, model) and o.case_id == case.id),
               None) or db.session.get(model, case.id)
    if row is None and create:
        row = model(case_id=case.id)
        db.session.add(row)
    return row


def preload_details(cases: list[Case]) -> None:
    """Load the detail rows of ``cases`` in one query per type, so that ``details_of`` finds
    them in the session (a case without one still costs its own lookup)."""
    for case_type, kind in _KINDS.items():
        ids = [case.id for case in cases if case.type == case_type]
        if ids:
            db.session.scalars(sa.select(kind.model).where(kind.model.case_id.in_(ids))).all()


def clock_facts(case_type: CaseType, row: Any) -> tuple[datetime | None, frozenset[str]]:
    """What a detail row (an object, its columns as a mapping, or None) establishes for the
    deadline clocks: the start of an hours clock, and the conditions some rules wait for."""
    kind = _KINDS.get(CaseType(case_type))
    if kind is None or row is None:
        return None, frozenset()
    return kind.clock_facts(row)


def clock_started_at(case: Case) -> datetime | None:
    return clock_facts(case.type, details_of(case))[0]


def clock_conditions(case: Case) -> frozenset[str]:
    return clock_facts(case.type, details_of(case))[1]

