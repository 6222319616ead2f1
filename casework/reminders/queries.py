"""What the app shows of the reminders: a user's recent ones, and the addresses that fail."""
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from casework.auth.models import User
from casework.cases.models import Case
from casework.core.case_types import ENDED_STATUSES
from casework.core.clock import app_zone, utcnow
from casework.core.extensions import db
from casework.deadlines import deadline_rules
from casework.reminders.models import Kind, Notification, Status

#: How far back the start page and the admins' page look.
RECENT = timedelta(days=14)
FAILING = timedelta(days=30)


@dataclass(frozen=True)
class ShownReminder:
    case_id: int
    number: str
    escalation: bool
    rule_label: str
    #: The last day of the deadline (a day's deadline ends at the midnight after it).
    due_on: date


def recent_for(user: User, now: datetime | None = None) -> list[ShownReminder]:
    """The reminders and escalations of the last two weeks about the user's cases still open,
    as the e-mails said them (whether or not the e-mail got through)."""
    now = now or utcnow()
    labels = {rule.key: rule.label for rule in deadline_rules().rules}
    rows = db.session.execute(
        sa.select(Notification.case_id, Case.number, Notification.kind, Notification.rule_key,
                  Notification.due_at)
        .join(Case, Case.id == Notification.case_id)
        .where(Notification.user_id == user.id,
               Notification.kind.in_([Kind.REMINDER, Kind.ESCALATION]),
               Notification.status != Status.CANCELLED,
               Notification.send_at.between(now - RECENT, now),
               Case.status.not_in(ENDED_STATUSES))
        .order_by(Notification.due_at, Case.number).limit(50))
    zone = app_zone()
    return [ShownReminder(case_id, number, kind is Kind.ESCALATION,
                          labels.get(rule_key, rule_key),
                          (due_at - timedelta(seconds=1)).astimezone(zone).date())
            for case_id, number, kind, rule_key, due_at in rows]


@dataclass(frozen=True)
class FailingAddress:
    name: str
    email: str
    failures: int
    last_error: str | None
    last_at: datetime


def failing_addresses(now: datetime | None = None) -> list[FailingAddress]:
    """Users with notifications made in the last 30 days that failed for good, the most
    failures first."""
    now = now or utcnow()
    last_at = sa.func.max(Notification.claimed_at)
    rows = db.session.execute(
        sa.select(User.id, User.name, User.email, sa.func.count(), last_at)
        .join(Notification, Notification.user_id == User.id)
        .where(Notification.status == Status.FAILED,
               Notification.created_at >= now - FAILING)
        .group_by(User.id, User.name, User.email)
        .order_by(sa.func.count().desc(), User.name)).all()
    errors = dict(db.session.execute(
        sa.select(Notification.user_id, Notification.error)
        .where(Notification.status == Status.FAILED,
               Notification.user_id.in_([row[0] for row in rows]))
        .order_by(Notification.claimed_at)).all())  # the latest per user wins
    return [FailingAddress(name, email, count, errors.get(user_id), at)
            for user_id, name, email, count, at in rows]
