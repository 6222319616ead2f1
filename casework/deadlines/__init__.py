"""Deadlines: rules as data in config/deadlines.toml, counted in Swedish working days."""
from collections.abc import Mapping
from datetime import datetime, timedelta

from flask import current_app

from casework.cases.details import clock_conditions, clock_facts, clock_started_at
from casework.core.case_types import CaseType
from casework.core.clock import utcnow
from casework.core.extensions import db
from casework.deadlines.rules import (
    CaseFacts,
    Clock,
    DeadlineRules,
    earliest,
    first_alert,
)


def deadline_rules() -> DeadlineRules:
    return current_app.extensions["casework.deadlines"]


def facts_of(case: Mapping | object) -> CaseFacts:
    """The facts of a case given as a Case or as a mapping of its columns (the bulk insert
    path has no Case objects; its ``details`` are the columns of the detail row, if any). A
    breach's clock starts at its recorded discovery; the legal steps add the conditions some
    rules wait for."""
    if isinstance(case, Mapping):
        get = case.get
        started_at, conditions = clock_facts(CaseType(case["type"]), case.get("details"))
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


def clock_columns(case: Mapping | object, now: datetime | None = None) -> dict:
    """The columns a case stores of its clocks: ``due_on`` and ``due_at`` of the earliest
    running deadline (lists filter and show it), and ``next_alert_at``, when the reminders'
    due-scan must next look at it: its first alert not older than the catch-up window
    (``REMINDER_CATCH_UP_HOURS``)."""
    clocks = clocks_of(case)
    due_on, due_at = earliest(clocks)
    window = timedelta(hours=current_app.config["REMINDER_CATCH_UP_HOURS"])
    return {"due_on": due_on, "due_at": due_at,
            "next_alert_at": first_alert(clocks, (now or utcnow()) - window)}


def refresh_clocks(case, now: datetime | None = None) -> None:
    """Recompute the clock columns; services call it after changing dates, status or anything
    else a rule reads."""
    for name, value in clock_columns(case, now).items():
        setattr(case, name, value)
