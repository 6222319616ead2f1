"""A case's deadline clocks, computed by the rules of ``casework.deadlines`` from what the case
and its detail row hold, and kept on the case in one place: before every flush, the clock
columns of each case added or changed, or whose detail row was, are recomputed. No service has
to remember to; the bulk path (no objects) computes the same ``clock_columns`` from its rows.
"""
from collections.abc import Mapping
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import Session

from casework.cases.details import (
    clock_conditions,
    clock_facts,
    clock_started_at,
    detail_models,
)
from casework.cases.models import Case
from casework.core.case_types import ENDED_STATUSES, CaseType
from casework.core.clock import utcnow
from casework.core.extensions import db
from casework.deadlines import overrides
from casework.deadlines.overrides import rules_for_unit
from casework.deadlines.rules import CaseFacts, Clock, earliest, first_alert
from casework.organisation.models import OrgNode

#: The moment a case's clocks were last refreshed as of, when that was not the flush's own.
_AS_OF = "casework_clocks_as_of"


def facts_of(case: Mapping | Case) -> CaseFacts:
    """The facts of a case given as a Case or as a mapping of its columns (the bulk insert
    path has no Case objects; its ``details`` are the columns of the detail row, if any). A
    breach's clock starts at its recorded discovery; the legal steps add the conditions some
    rules wait for."""
    if isinstance(case, Mapping):
        get = case.get
        started_at, conditions = clock_facts(CaseType(case["type"]), case.get("details"))
    else:
        get = lambda name: getattr(case, name)  # noqa: E731
        with db.session.no_autoflush:  # the caller may be in the middle of a change
            started_at, conditions = clock_started_at(case), clock_conditions(case)
    return CaseFacts(
        type=str(get("type")),
        received_on=get("received_on"),
        status=get("status"),
        feedback_on=get("feedback_on"),
        first_action_on=get("first_action_on"),
        authority_notified_on=get("authority_notified_on"),
        started_at=started_at,
        conditions=conditions,
    )


def clocks_of(case: Mapping | Case) -> list[Clock]:
    """The clocks the rules of the case's district put on it (``casework.deadlines.overrides``)."""
    if isinstance(case, Mapping):
        unit_id = case["unit_id"]
    else:  # a case added with its unit object has no unit_id until the flush
        unit_id = case.unit.id if case.unit_id is None else case.unit_id
    return rules_for_unit(unit_id).clocks(facts_of(case))


def clock_columns(case: Mapping | Case, now: datetime | None = None) -> dict:
    """The columns a case stores of its clocks: ``due_on`` and ``due_at`` of the earliest
    running deadline (lists filter and show it), and ``next_alert_at``, when the reminders'
    due-scan must next look at it: its first alert not older than the catch-up window
    (``REMINDER_CATCH_UP_HOURS``)."""
    clocks = clocks_of(case)
    due_on, due_at = earliest(clocks)
    window = timedelta(hours=current_app.config["REMINDER_CATCH_UP_HOURS"])
    return {"due_on": due_on, "due_at": due_at,
            "next_alert_at": first_alert(clocks, (now or utcnow()) - window)}


def refresh_clocks(case: Case, now: datetime | None = None) -> None:
    """Recompute the clock columns as of ``now``. The flush does this for every change, as of
    the moment it runs; a case refreshed as of another moment (a test, a script catching up)
    keeps that until its next flush."""
    for name, value in clock_columns(case, now).items():
        setattr(case, name, value)
    if now is not None:
        sa.inspect(case).info[_AS_OF] = now


#: Cases whose clocks a rule change recomputes per flush.
_BATCH = 500


@overrides.on_change
def refresh_district(district_id: int, case_types: frozenset[str]) -> int:
    """A rule of the district changed: recompute the stored clock columns of its running cases
    of those types, so that lists, the overdue filter and the due-scan follow the new rule as
    the case page does. Returns how many cases it looked at."""
    ids = list(db.session.scalars(
        sa.select(Case.id).join(OrgNode, OrgNode.id == Case.unit_id)
        .where(OrgNode.path.startswith(f"/{district_id}/"),
               Case.type.in_([CaseType(t) for t in case_types]),
               Case.status.not_in(ENDED_STATUSES))
        .order_by(Case.id)))
    for start in range(0, len(ids), _BATCH):
        for case in db.session.scalars(sa.select(Case).where(
                Case.id.in_(ids[start:start + _BATCH]))):
            refresh_clocks(case)
        db.session.flush()
    return len(ids)


@sa.event.listens_for(Session, "before_flush")
def _refresh_changed_cases(session: Session, _context, _instances) -> None:
    details = detail_models()
    changed = [o for o in (*session.new, *session.dirty) if isinstance(o, (Case, *details))]
    if not changed:
        return
    with session.no_autoflush:
        cases = {id(o): o for o in changed if isinstance(o, Case)}
        for row in changed:
            if isinstance(row, details):
                case = session.get(Case, row.case_id)
                cases.setdefault(id(case), case)
        for case in cases.values():
            if sa.inspect(case).info.pop(_AS_OF, None) is None:
                refresh_clocks(case)
