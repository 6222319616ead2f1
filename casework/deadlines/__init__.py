"""Deadlines: rules as data in config/deadlines.toml, counted in Swedish working days."""
from collections.abc import Mapping
from datetime import date, datetime, timedelta

from flask import current_app

from casework.cases.details import clock_conditions, clock_started_at
from casework.columns import utcnow
from casework.extensions import db
from casework.deadlines.rules import CaseFacts, Clock, DeadlineRules


def deadline_rules() -> DeadlineRules:
    return current_app.extensions["casework.deadlines"]


def facts_of(case: Mapping | object) -> CaseFacts:
    """The facts of a case given as a Case or as a mapping of its columns (the bulk insert
    path has no Case objects, and no legal steps yet). A breach's clock starts at its recorded
    discovery; the legal steps add the conditions some rules wait for."""
    if isinstance(case, Mapping):
        get, started_at, conditions = case.get, None, frozenset()
    else:
        get = lambda name: getattr(case, name)  # noqa: E731
        # Without flushing: a step's changes are flushed once, with the new clocks.
        with db.session.no_autoflush:
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


def clocks_of(case: Mapping | object) -> list[Clock]:
    return deadline_rules().clocks(facts_of(case))


def earliest_deadline(case: Mapping | object) -> tuple[date | None, datetime | None]:
    """The earliest running deadline of a case: its last day, and the moment it is missed."""
    running = [clock for clock in clocks_of(case) if not clock.done]
    if not running:
        return None, None
    first = min(running, key=lambda clock: clock.due_at)
    return first.due_on, first.due_at


def next_alert_for(case: Mapping | object, now: datetime | None = None) -> datetime | None:
    """When the reminders' due-scan must next look at the case: its first alert that is not
    older than the catch-up window (``REMINDER_CATCH_UP_HOURS``)."""
    window = timedelta(hours=current_app.config["REMINDER_CATCH_UP_HOURS"])
    return deadline_rules().next_alert_at(facts_of(case), (now or utcnow()) - window)


def refresh_clocks(case, now: datetime | None = None) -> None:
    """Recompute ``case.due_on``, ``due_at`` and ``next_alert_at``; services call it after
    changing dates, status or anything else a rule reads."""
    case.due_on, case.due_at = earliest_deadline(case)
    case.next_alert_at = next_alert_for(case, now)
