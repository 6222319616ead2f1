"""The outbox in-process (no Redis: the send task runs at the commit), with a real SMTP server."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from casework.core import unit_of_work
from casework.core.clock import utcnow
from casework.core.delivery import Status
from casework.core.extensions import db
from casework.outbox.models import OutgoingMail, Purpose
from casework.outbox.queries import mail_of_case, state_label
from casework.outbox.services import queue_mail, retry, send_due
from tests import factories
from tests.services import free_port
from workers import celery_init_app


def queued(**extra) -> int:
    with unit_of_work.unit():
        mail = queue_mail("anna@example.se", "Svar på ditt ärende", "Hej Anna!",
                          purpose=Purpose.ANSWER, **extra)
        return mail.id


def stored(mail_id: int) -> OutgoingMail:
    db.session.expire_all()
    return db.session.get(OutgoingMail, mail_id)


def test_a_mail_goes_out_once_its_change_is_committed(app_ctx, smtp):
    case = factories.case(factories.node())
    mail_id = queued(case=case)
    [message] = smtp.delivered()
    assert (message["To"], message["Subject"]) == ("anna@example.se", "Svar på ditt ärende")
    assert smtp.bodies()[0].strip() == "Hej Anna!"
    mail = stored(mail_id)
    assert (mail.status, mail.attempts, state_label(mail)) == (Status.SENT, 1, "Skickat")
    assert mail_of_case(case) == [mail]


def test_a_rolled_back_change_sends_nothing(app_ctx, smtp):
    with pytest.raises(RuntimeError), unit_of_work.unit():
        queue_mail("anna@example.se", "Svar", "Hej", purpose=Purpose.ANSWER)
        raise RuntimeError("the change failed")
    assert smtp.messages == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutgoingMail)) == 0


def test_a_temporary_failure_is_retried_by_the_scan(app_ctx, smtp):
    smtp.replies = ["451 4.3.0 try again later"]
    mail_id = queued()
    mail = stored(mail_id)
    assert (mail.status, mail.attempts, mail.error) == (Status.PENDING, 1, "451 SMTPDataError")
    assert state_label(mail) == "Väntar på nytt försök" and smtp.messages == []
    assert send_due(utcnow()) == 0  # not before its retry time
    assert send_due(utcnow() + timedelta(minutes=2)) == 1
    assert [m["To"] for m in smtp.delivered()] == ["anna@example.se"]
    assert (stored(mail_id).status, stored(mail_id).attempts) == (Status.SENT, 2)


def test_a_refusal_fails_at_once_and_a_retry_sends_it(app_ctx, smtp):
    smtp.replies = ["550 5.1.1 no such mailbox"]
    mail_id = queued()
    mail = stored(mail_id)
    assert (mail.status, state_label(mail)) == (Status.FAILED, "Kunde inte skickas")
    assert send_due(utcnow() + timedelta(days=1)) == 0
    with unit_of_work.unit():
        retry(stored(mail_id))
    assert len(smtp.delivered()) == 1 and stored(mail_id).status is Status.SENT


def test_a_mail_claimed_by_a_worker_that_died_is_sent_again_later(app_ctx, smtp, app):
    mail_id = queued()
    mail = stored(mail_id)
    mail.status, mail.claimed_at = Status.SENDING, utcnow()
    db.session.commit()
    smtp.messages.clear()
    assert send_due(utcnow()) == 0
    later = utcnow() + timedelta(seconds=app.config["REMINDER_REQUEUE_SECONDS"] + 1)
    assert send_due(later) == 1 and len(smtp.delivered()) == 1


def test_with_the_queue_away_the_change_is_kept_and_the_scan_sends_it_later(app, app_ctx, smtp):
    """The broker (Redis) cannot be reached when the change commits: the change stays, the
    mail waits as pending, and beat's scan sends it once the queue takes work again."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(app.config, "REDIS_URL", f"redis://127.0.0.1:{free_port()}/0")
        celery_init_app(app)  # a broker where nothing listens
        try:
            mail_id = queued()
            assert stored(mail_id).status is Status.PENDING and smtp.messages == []
        finally:
            patch.undo()
            celery_init_app(app)  # the test's own: tasks run in process
    assert send_due(utcnow()) == 1
    assert [m["To"] for m in smtp.delivered()] == ["anna@example.se"]
    assert stored(mail_id).status is Status.SENT
