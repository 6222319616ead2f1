"""The outbox with the real parts: PostgreSQL, Redis, a Celery worker process and an SMTP server
on 127.0.0.1. A mail stored with its change arrives once, also after a failure."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from casework.core import unit_of_work
from casework.core.clock import utcnow
from casework.core.delivery import Status
from casework.core.extensions import db
from casework.outbox.models import OutgoingMail, Purpose
from casework.outbox.services import queue_mail, send_due
from tests.smtp import smtp_server
from tests.workers.conftest import dispose, migrated_app
from tests.workers.processes import (
    celery_env,
    celery_process,
    unique_queue,
    wait_for,
    worker_args,
)


@pytest.fixture
def outbox(postgres_url, tmp_path):
    with smtp_server() as (port, inbox):
        queue = unique_queue("outbox")
        settings = {"CELERY_QUEUE": queue, "SMTP_HOST": "127.0.0.1", "SMTP_PORT": port}
        app = migrated_app(postgres_url, tmp_path, **settings)
        yield app, celery_env(postgres_url, **settings), queue, inbox
        dispose(app)


def statuses(app) -> list[tuple[str, int]]:
    with app.app_context():
        try:
            return [(m.status.value, m.attempts) for m in db.session.scalars(
                sa.select(OutgoingMail).order_by(OutgoingMail.id))]
        finally:
            db.session.remove()


def test_a_worker_sends_the_mail_once_after_the_commit_and_a_retry_after_a_failure(
        outbox, tmp_path):
    app, env, queue, inbox = outbox
    inbox.replies = ["451 4.3.0 try again later"]
    with celery_process(worker_args(queue), env, tmp_path / "worker.log"):
        with app.app_context(), unit_of_work.unit():
            queue_mail("anna@example.se", "Svar på ditt ärende", "Hej Anna!",
                       purpose=Purpose.ANSWER)
        wait_for(lambda: statuses(app) == [(Status.PENDING.value, 1)],
                 what="the first attempt refused")
        with app.app_context():
            assert send_due(utcnow() + timedelta(minutes=2)) == 1
            db.session.remove()
        wait_for(lambda: inbox.messages, what="the retried mail")
        wait_for(lambda: statuses(app) == [(Status.SENT.value, 2)], what="the mail marked sent")
    [message] = inbox.messages
    assert message["To"] == "anna@example.se" and message["Subject"] == "Svar på ditt ärende"
