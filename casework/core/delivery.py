"""The life of an e-mail waiting to go out, shared by every table of them (the reminders'
notifications, the outbox of mail to the people who raised cases).

A row is claimed by a conditional UPDATE (pending or queued → sending), so of two workers given
the same row only one sends it. A worker killed after a claim leaves it "sending"; the next
due-scan queues it again after a while. A temporary SMTP failure sends it back to pending with
a growing delay; a refusal (5xx), or the last attempt, marks it failed. A message the SMTP
server has accepted is recorded as sent at once, waiting out a database that is away for a
moment (a restart): left "sending", it would be queued again and sent twice.
"""
import logging
import smtplib
import time
from datetime import datetime, timedelta
from enum import StrEnum

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import Mapped, mapped_column

from casework.core.clock import utcnow
from casework.core.columns import TZDateTime, enum_column
from casework.core.database import unreachable
from casework.core.extensions import db

log = logging.getLogger(__name__)

#: The first retry waits this long; each next one twice as long.
FIRST_RETRY = timedelta(minutes=1)
#: How long a worker tries to record a message the SMTP server has accepted, once a second.
RECORD_PATIENCE = timedelta(minutes=2)


class Status(StrEnum):
    PENDING = "pending"  # waits for ``send_at`` and the next due-scan
    QUEUED = "queued"  # handed to the queue at ``claimed_at``
    SENDING = "sending"  # a worker claimed it at ``claimed_at``
    SENT = "sent"
    FAILED = "failed"  # permanently, or after the last attempt; ``error`` says how
    CANCELLED = "cancelled"  # there was nothing to say any more when its turn came


class Delivery:
    """The columns of a row's way out: a mixin of the models of mail to send."""

    #: Not before this moment; a temporary SMTP failure moves it on.
    send_at: Mapped[datetime] = mapped_column(TZDateTime)
    status: Mapped[Status] = mapped_column(enum_column(Status), default=Status.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    claimed_at: Mapped[datetime | None] = mapped_column(TZDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(TZDateTime)
    #: The SMTP reply code and error class of the last failure; never an address.
    error: Mapped[str | None] = mapped_column(sa.String(200))


def claim(model: type[Delivery], row_id: int, now: datetime) -> int | None:
    """Claim the row for sending and commit the claim; its attempt number, or None when another
    worker has it or it has gone out."""
    attempts = db.session.scalar(
        sa.update(model)
        .where(model.id == row_id, model.status.in_([Status.PENDING, Status.QUEUED]))
        .values(status=Status.SENDING, claimed_at=now, attempts=model.attempts + 1)
        .returning(model.attempts)
        .execution_options(synchronize_session=False))
    db.session.commit()
    return attempts


def sent(model: type[Delivery], row: Delivery, now: datetime) -> None:
    """The SMTP server has accepted the message: commit it as sent now, trying again while the
    database cannot be reached, for up to RECORD_PATIENCE. Marked sent whatever its status has
    become meanwhile (a due-scan may have taken it for stale): it did go out."""
    row_id = row.id
    row.status, row.sent_at, row.error = Status.SENT, now, None

    def again() -> None:  # the rollback dropped the change: made anew, by its id
        db.session.execute(sa.update(model).where(model.id == row_id)
                           .values(status=Status.SENT, sent_at=now, error=None)
                           .execution_options(synchronize_session=False))
        db.session.commit()

    deadline = time.monotonic() + RECORD_PATIENCE.total_seconds()
    attempt = db.session.commit
    while True:
        try:
            attempt()
            return
        except sa.exc.SQLAlchemyError as error:
            db.session.rollback()
            if not unreachable(error) or time.monotonic() > deadline:
                raise
            log.warning("%s %s was sent but cannot be recorded yet (%s); trying again",
                        model.__tablename__, row_id, type(error).__name__)
        time.sleep(1)
        attempt = again


def failed(row: Delivery, error: Exception, now: datetime, max_attempts: int) -> None:
    """Record a failed send: retry later, or give up on a refusal or the last attempt."""
    code = _smtp_code(error)
    row.error = f"{code or '-'} {type(error).__name__}"
    if (code and code >= 500) or row.attempts >= max_attempts:
        row.status = Status.FAILED
    else:
        row.status, row.claimed_at = Status.PENDING, None
        row.send_at = now + FIRST_RETRY * 2 ** (row.attempts - 1)


def mark_due(model: type[Delivery], now: datetime, stale_after: timedelta,
             limit: int) -> list[int]:
    """The rows due to go, marked queued: pending ones whose time has come, and queued or
    sending ones nobody finished within ``stale_after`` (their worker died or the queue lost
    them)."""
    due = db.session.scalars(
        sa.select(model.id).where(sa.or_(
            sa.and_(model.status == Status.PENDING, model.send_at <= now),
            sa.and_(model.status.in_([Status.QUEUED, Status.SENDING]),
                    model.claimed_at < now - stale_after),
        )).order_by(model.send_at, model.id).limit(limit)
    ).all()
    if due:
        db.session.execute(sa.update(model).where(model.id.in_(due))
                           .values(status=Status.QUEUED, claimed_at=now))
    return due


def release(model: type[Delivery], ids: list[int], claimed_at: datetime) -> None:
    """Rows marked queued that never reached the queue go back to pending, for the next scan."""
    db.session.execute(
        sa.update(model)
        .where(model.id.in_(ids), model.status == Status.QUEUED, model.claimed_at == claimed_at)
        .values(status=Status.PENDING, claimed_at=None))


def _smtp_code(error: Exception) -> int | None:
    """The SMTP reply code of a refusal; for a refused recipient, the recipient's code."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return max(code for code, _ in error.recipients.values())
    return getattr(error, "smtp_code", None)


def hand_over(model: type[Delivery], task_name: str, ids: list[int], now: datetime,
              per_task: int, *arguments) -> int:
    """Give the rows marked queued at ``now`` to the workers, ``per_task`` a task; returns how
    many were handed over. When the queue cannot be reached, the rest go back to pending."""
    task = current_app.extensions["celery"].tasks[task_name]
    for done in range(0, len(ids), per_task):
        try:
            task.delay(ids[done:done + per_task], *arguments)
        except Exception as error:  # noqa: BLE001  (kombu raises several kinds when the broker is away)
            log.warning("the queue is unreachable (%s); %d e-mails wait for the next scan",
                        type(error).__name__, len(ids) - done)
            db.session.rollback()
            release(model, ids[done:], now)
            db.session.commit()
            return done
    return len(ids)


def send_soon(model: type[Delivery], task_name: str, ids: list[int], per_task: int) -> None:
    """After a commit: mark the rows queued and hand them over; if the queue is away they
    stay pending for beat's scan."""
    now = utcnow()
    db.session.execute(sa.update(model)
                       .where(model.id.in_(ids), model.status == Status.PENDING)
                       .values(status=Status.QUEUED, claimed_at=now))
    db.session.commit()
    hand_over(model, task_name, ids, now, per_task)
