"""Deadlines: rules as data in config/deadlines.toml, counted in Swedish working days."""
from collections.abc import Mapping
from datetime import date

from flask import current_app

from casework.deadlines.rules import DeadlineRules


def deadline_rules() -> DeadlineRules:
    return current_app.extensions["casework.deadlines"]


def due_on_for(case: Mapping | object) -> date | None:
    """The earliest running deadline of a case, given as a Case or as a mapping of its columns
    (the bulk insert path has no Case objects)."""
    get = case.get if isinstance(case, Mapping) else lambda name: getattr(case, name)
    return deadline_rules().due_on(
        str(get("type")),
        get("received_on"),
        status=get("status"),
        feedback_on=get("feedback_on"),
        first_action_on=get("first_action_on"),
        authority_notified_on=get("authority_notified_on"),
    )


def refresh_due_on(case) -> None:
    """Recompute ``case.due_on``; services call it after changing dates or status."""
    case.due_on = due_on_for(case)
