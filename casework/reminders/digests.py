"""The weekly digest: one per handler with running clocks, made on Monday morning by beat."""
from datetime import datetime, timedelta

import sqlalchemy as sa

from casework.auth.models import User
from casework.cases.clocks import clocks_of
from casework.cases.models import Case
from casework.core.case_types import ENDED_STATUSES
from casework.core.clock import app_zone, utcnow
from casework.core.extensions import db
from casework.deadlines.rules import Clock
from casework.reminders.models import Kind, insert_new

#: The digest lists the deadlines of the coming week, and those already missed.
AHEAD = timedelta(days=7)


def make_digests(now: datetime | None = None) -> int:
    """A digest row for each active handler with a running deadline within a week, once per
    ISO week. Commits; returns how many were new."""
    now = now or utcnow()
    horizon = _local_date(now + AHEAD)
    handlers = db.session.scalars(
        sa.select(Case.handler_id).join(User, User.id == Case.handler_id)
        .where(Case.status.not_in(ENDED_STATUSES), Case.due_on <= horizon, User.active.is_(True))
        .group_by(Case.handler_id)).all()
    if not handlers:
        return 0
    year, week, _ = _local_date(now).isocalendar()
    created = insert_new([
        {"key": f"digest:{user_id}:{year}-W{week:02d}", "kind": Kind.DIGEST,
         "user_id": user_id, "send_at": now} for user_id in handlers])
    db.session.commit()
    return created


def digest_lines(user: User, now: datetime) -> list[tuple[Case, Clock]]:
    """The user's open cases' running clocks that end within a week or have ended, earliest
    first."""
    horizon = now + AHEAD
    cases = db.session.scalars(sa.select(Case).where(
        Case.handler_id == user.id, Case.status.not_in(ENDED_STATUSES),
        Case.due_on <= _local_date(horizon)))
    lines = [(case, clock) for case in cases for clock in clocks_of(case)
             if not clock.done and clock.due_at <= horizon]
    return sorted(lines, key=lambda line: (line[1].due_at, line[0].number))


def _local_date(moment: datetime):
    return moment.astimezone(app_zone()).date()
