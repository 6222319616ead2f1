"""Telling the unit a case has come in from outside (the public e-service): the unit's
responsible handler, else those who stand in for one (``Recipients.reminded``), get a
notification of kind ``NEW_CASE``, sent after the commit through the reminders' own claim,
retry and sending (``casework.reminders.sending``); beat's due-scan retries what failed."""
import sqlalchemy as sa

from casework.cases.models import Case
from casework.core import delivery, unit_of_work
from casework.core.clock import utcnow
from casework.core.extensions import db
from casework.reminders.dispatch import PER_TASK, SEND_TASK
from casework.reminders.models import Kind, Notification, insert_new
from casework.reminders.recipients import Recipients


def notify_new_case(case: Case) -> int:
    """Store a notification per person told (flushed with the case), sent once the unit of
    work commits; returns how many are told."""
    users = Recipients().reminded(case)
    if not users:
        return 0
    keys = [f"case:{case.id}:new_case:user:{user.id}" for user in users]
    insert_new([{"key": key, "kind": Kind.NEW_CASE, "user_id": user.id, "case_id": case.id,
                 "send_at": utcnow()} for key, user in zip(keys, users)])
    ids = list(db.session.scalars(sa.select(Notification.id).where(Notification.key.in_(keys))))
    unit_of_work.after_commit(
        lambda: delivery.send_soon(Notification, SEND_TASK, ids, PER_TASK))
    return len(users)
