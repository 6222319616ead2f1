"""Sending notifications: claim each, check it still matters, send it, record the outcome.

The claim is a conditional UPDATE (pending or queued → sending), so of two workers given the same
notification only one sends it. A worker killed after a claim leaves it "sending"; the due-scan
queues it again after REMINDER_REQUEUE_SECONDS. Temporary SMTP failures go back to pending with
a growing delay; a refusal (5xx), or the last attempt, marks it failed, for the admins' page.
A task's notifications are loaded together and sent over one SMTP connection.
"""
import logging
import smtplib
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import selectinload

from casework.cases.clocks import clocks_of
from casework.cases.models import Case
from casework.core import delivery
from casework.core.case_types import ENDED_STATUSES
from casework.core.clock import utcnow
from casework.core.extensions import db
from casework.core.mail import Send, mail_session
from casework.reminders import messages
from casework.reminders.digests import digest_lines
from casework.reminders.models import Kind, Notification, Status

log = logging.getLogger(__name__)

def send(notification_ids: list[int], now: datetime | None = None) -> list[Status | None]:
    """Send each notification nobody else has; returns each one's new status, or None where it
    was not this call's to send."""
    now = now or utcnow()
    session = db.session()
    # Rows this call claims are its own: what was loaded stays true across its commits.
    expiring, session.expire_on_commit = session.expire_on_commit, False
    try:
        loaded = {n.id: n for n in db.session.scalars(
            sa.select(Notification).where(Notification.id.in_(notification_ids))
            .options(selectinload(Notification.user),
                     selectinload(Notification.case).selectinload(Case.unit)))}
        with mail_session() as deliver:
            statuses = [_send_one(loaded[i], now, deliver) if i in loaded else None
                        for i in notification_ids]
        db.session.commit()
        return statuses
    finally:
        session.expire_on_commit = expiring


def _send_one(notification: Notification, now: datetime, deliver: Send) -> Status | None:
    """Claim, send and set the outcome: a message sent is committed at once
    (casework.core.delivery.sent), any other outcome with the next claim, or at the end."""
    attempts = delivery.claim(Notification, notification.id, now)
    if attempts is None:
        return None
    notification.attempts = attempts
    message = _message(notification, now)
    if message is None:
        notification.status = Status.CANCELLED
    else:
        _deliver(notification, message, now, deliver)
    return notification.status


def _message(notification: Notification, now: datetime) -> messages.Message | None:
    """The e-mail, or None when there is nothing to say any more."""
    if not notification.user.active:
        return None
    if notification.kind is Kind.DIGEST:
        lines = digest_lines(notification.user, now)
        return messages.digest(lines, now) if lines else None
    case: Case = notification.case
    if case.status in ENDED_STATUSES:
        return None
    if notification.kind is Kind.NEW_CASE:
        return messages.new_case(notification)
    clock = next((c for c in clocks_of(case) if c.rule.key == notification.rule_key
                  and c.due_at == notification.due_at and not c.done), None)
    return messages.about_a_clock(notification, clock) if clock else None


def _deliver(notification: Notification, message: messages.Message, now: datetime,
             deliver: Send) -> None:
    try:
        deliver(notification.user.email, message.subject, message.body)
    except (smtplib.SMTPException, OSError) as error:
        delivery.failed(notification, error, now, current_app.config["REMINDER_MAX_ATTEMPTS"])
        log.warning("notification %s not sent (%s); now %s", notification.id,
                    notification.error, notification.status.value)
    else:
        delivery.sent(Notification, notification, now)
