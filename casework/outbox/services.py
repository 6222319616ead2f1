"""Putting a mail in the outbox, and handing it to the workers once it is stored."""
import logging
import smtplib
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from casework.core import delivery, unit_of_work
from casework.core.clock import utcnow
from casework.core.delivery import Status
from casework.core.extensions import db
from casework.core.mail import mail_session
from casework.outbox.models import OutgoingMail, Purpose

log = logging.getLogger(__name__)

SEND_TASK = "workers.tasks.send_outgoing_mail"
PER_TASK = 25
#: Mails queued per scan.
BATCH = 1000


def queue_mail(to: str, subject: str, body: str, *, purpose: Purpose, case=None,
               by=None) -> OutgoingMail:
    """Store a mail with the caller's change (flushed, not committed); it is sent once the
    unit of work commits, and not at all if it rolls back."""
    mail = OutgoingMail(to_address=to, subject=subject, body=body, purpose=purpose,
                        case_id=case.id if case is not None else None,
                        created_by_id=by.id if by is not None else None, send_at=utcnow())
    db.session.add(mail)
    db.session.flush()
    unit_of_work.after_commit(lambda: _send_soon([mail.id]))
    return mail


def retry(mail: OutgoingMail) -> None:
    """Send a failed mail again (a handler corrected nothing but wants another try)."""
    if mail.status is Status.FAILED:
        mail.status, mail.attempts, mail.send_at = Status.PENDING, 0, utcnow()
        unit_of_work.after_commit(lambda: _send_soon([mail.id]))


def send_due(now: datetime | None = None) -> int:
    """Beat's scan: queue every mail due to go (a retry whose time has come, one whose worker
    died); returns how many were handed over."""
    now = now or utcnow()
    stale = timedelta(seconds=current_app.config["REMINDER_REQUEUE_SECONDS"])
    due = delivery.mark_due(OutgoingMail, now, stale, BATCH)
    db.session.commit()
    return delivery.hand_over(OutgoingMail, SEND_TASK, due, now, PER_TASK)


def send(mail_ids: list[int], now: datetime | None = None) -> list[Status | None]:
    """Send each mail nobody else has; each one's new status, or None where it was not this
    call's to send."""
    now = now or utcnow()
    mails = {m.id: m for m in db.session.scalars(
        sa.select(OutgoingMail).where(OutgoingMail.id.in_(mail_ids)))}
    statuses = []
    with mail_session() as deliver:
        for mail_id in mail_ids:
            mail = mails.get(mail_id)
            attempts = delivery.claim(OutgoingMail, mail_id, now) if mail else None
            if attempts is None:
                statuses.append(None)
                continue
            mail.attempts = attempts
            try:
                deliver(mail.to_address, mail.subject, mail.body)
            except (smtplib.SMTPException, OSError) as error:
                delivery.failed(mail, error, now, current_app.config["REMINDER_MAX_ATTEMPTS"])
                log.warning("outgoing mail %s not sent (%s); now %s", mail.id, mail.error,
                            mail.status.value)
            else:
                delivery.sent(OutgoingMail, mail, now)
            statuses.append(mail.status)
    db.session.commit()
    return statuses


def _send_soon(mail_ids: list[int]) -> None:
    delivery.send_soon(OutgoingMail, SEND_TASK, mail_ids, PER_TASK)
