"""The due-scan: make the rows of the alerts that have come, then queue what is due to be sent.

Beat runs it every minute (``casework reminders dispatch`` runs the same). It finds the cases
to look at by ``cases.next_alert_at`` (indexed), so its cost follows the alerts due, not the
number of open cases. On PostgreSQL a transaction-level advisory lock lets one scan run at a time;
sending twice is prevented anyway, by the unique keys and by the claim before sending.
"""
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import selectinload

from casework.cases.clocks import clocks_of
from casework.cases.details import preload_details
from casework.cases.models import Case
from casework.core import delivery
from casework.core.case_types import ENDED_STATUSES
from casework.core.clock import utcnow
from casework.core.extensions import db
from casework.deadlines.rules import Clock, first_alert
from casework.reminders.models import Kind, Notification, insert_new
from casework.reminders.recipients import Recipients

log = logging.getLogger(__name__)

#: Cases looked at, and notifications queued, per round.
BATCH = 500
#: Any fixed number: the key of the advisory lock that lets one due-scan run at a time.
LOCK_KEY = 0x6361_7365_7265_6D  # "caserem"
SEND_TASK = "workers.tasks.send_notifications"
#: Notifications per task: fewer round trips through the queue; each is still claimed alone.
PER_TASK = 25


@dataclass(frozen=True)
class Scan:
    created: int
    queued: int
    ran: bool = True


def dispatch(now: datetime | None = None) -> Scan:
    """Make the rows of every alert due at ``now`` and queue every notification due to go.

    A ``now`` given (``--now``) is the clock of the sends too, so a test can move time.
    """
    clock = now
    now = now or utcnow()
    if not _lock():
        db.session.rollback()
        return Scan(0, 0, ran=False)
    created = make_alerts(now)
    due = _mark_queued(now)
    db.session.commit()  # the rows exist, and the lock is released, before anything is queued
    return Scan(created, _enqueue(due, now, clock.isoformat() if clock else None))


def make_alerts(now: datetime) -> int:
    """Insert a notification for each alert of a running clock that has come, for the cases
    whose ``next_alert_at`` has come; move their ``next_alert_at`` on. Flushes only."""
    window = timedelta(hours=current_app.config["REMINDER_CATCH_UP_HOURS"])
    created, after, people = 0, None, Recipients()
    while True:
        query = (sa.select(Case).where(Case.next_alert_at <= now)
                 .options(selectinload(Case.handler), selectinload(Case.unit))
                 .order_by(Case.next_alert_at, Case.id).limit(BATCH))
        if after is not None:
            query = query.where(sa.tuple_(Case.next_alert_at, Case.id) > after)
        cases = db.session.scalars(query).all()
        if not cases:
            return created
        after = (cases[-1].next_alert_at, cases[-1].id)
        preload_details(cases)
        clocks = {case.id: clocks_of(case) for case in cases}
        rows = [row for case in cases
                for row in _alert_rows(case, clocks[case.id], now, window, people)]
        if rows:
            created += insert_new(rows)
        later = now + timedelta(microseconds=1)
        _set_next_alerts({case_id: first_alert(running, later)
                          for case_id, running in clocks.items()})


def _alert_rows(case: Case, clocks: list[Clock], now: datetime, window: timedelta,
                people: Recipients) -> list[dict]:
    if case.status in ENDED_STATUSES:
        return []
    rows = []
    for clock in clocks:
        if clock.done:
            continue
        for alert in clock.alerts:
            # A reminder after its deadline helps no one: by then the escalation has gone out.
            if not now - window <= alert.at <= now or (not alert.escalation
                                                       and now >= clock.due_at):
                continue
            kind = Kind.ESCALATION if alert.escalation else Kind.REMINDER
            told = people.escalated_to(case) if alert.escalation else people.reminded(case)
            rows += [{
                "key": f"case:{case.id}:{clock.rule.key}:{clock.due_at.isoformat()}:"
                       f"{alert.step}:user:{user.id}",
                "kind": kind, "user_id": user.id, "case_id": case.id,
                "rule_key": clock.rule.key, "due_at": clock.due_at, "send_at": now,
            } for user in told]
    return rows


def _set_next_alerts(next_alerts: dict[int, datetime | None]) -> None:
    """In one executemany, and without the ORM's version counter and ``updated_at``: the scan
    is not an edit of the case, and must not make a handler's open form stale."""
    cases = Case.__table__
    db.session.execute(
        cases.update().where(cases.c.id == sa.bindparam("case_id"))
        .values(next_alert_at=sa.bindparam("at"), updated_at=cases.c.updated_at),
        [{"case_id": case_id, "at": at} for case_id, at in next_alerts.items()])


def _mark_queued(now: datetime) -> list[int]:
    """The notifications due to go, marked queued (casework.core.delivery)."""
    stale = timedelta(seconds=current_app.config["REMINDER_REQUEUE_SECONDS"])
    return delivery.mark_due(Notification, now, stale, BATCH * 20)


def _enqueue(ids: list[int], now: datetime, clock: str | None) -> int:
    """Hand the notifications to the workers; those the queue does not take wait for the next
    scan."""
    return delivery.hand_over(Notification, SEND_TASK, ids, now, PER_TASK, clock)


def _lock() -> bool:
    """One scan at a time on PostgreSQL; SQLite (one machine) serialises writers itself."""
    if db.engine.dialect.name != "postgresql":
        return True
    return db.session.scalar(sa.select(sa.func.pg_try_advisory_xact_lock(LOCK_KEY)))
