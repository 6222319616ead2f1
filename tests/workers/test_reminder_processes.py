"""Reminders with the real parts: PostgreSQL, Redis, Celery worker and beat processes and an SMTP
server on 127.0.0.1. A reminder arrives once, whatever is run twice, stopped or killed."""
import os
import signal
import subprocess
import threading
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from casework.core.extensions import db
from casework.reminders.dispatch import dispatch
from tests import factories
from tests.services import free_port
from tests.smtp import smtp_server
from tests.workers.conftest import dispose, migrated_app
from tests.workers.processes import (
    celery_env,
    celery_process,
    unique_queue,
    wait_for,
    worker_args,
)
from workers import celery_init_app

STOCKHOLM = ZoneInfo("Europe/Stockholm")
#: The case type the tests remind of: a personal-data breach, whose 72 hours run from the
#: received day's start while no discovery time is recorded.
BREACH = "personuppgiftsincident"


def setup_unit():
    """An enhet with its biträdande enhetschef (the reminded) and enhetschef (escalations)."""
    unit = factories.node("enhet", "Aspudden hemtjänst", factories.node("omrade", "Område 1"))
    factories.user("bitradande_enhetschef", unit, email="bea@stad.example")
    factories.user("enhetschef", unit, email="chef@stad.example")
    return unit


@pytest.fixture
def mail():
    with smtp_server() as server:
        yield server


@pytest.fixture
def pipeline(postgres_url, mail, tmp_path):
    """The app (dispatching in the test process) and the environment of its worker processes,
    on a queue of their own; the unit has a breach received today."""
    port, inbox = mail
    queue = unique_queue("reminders")
    settings = {"CELERY_QUEUE": queue, "SMTP_HOST": "127.0.0.1", "SMTP_PORT": port}
    app = migrated_app(postgres_url, tmp_path, **settings)
    with app.app_context():
        case = factories.case(setup_unit(), BREACH, today())
        db.session.commit()
        number = case.number
    yield app, celery_env(postgres_url, **settings), queue, inbox, number
    dispose(app)


def today() -> date:
    return datetime.now(STOCKHOLM).date()


def run_dispatch(app, now: datetime):
    with app.app_context():
        try:
            return dispatch(now)
        finally:
            db.session.remove()


def first_reminder_time() -> datetime:
    """24 hours into today's breach clock: its first reminder."""
    return datetime.combine(today() + timedelta(days=1), datetime.min.time(), STOCKHOLM)


def test_a_due_reminder_arrives_once_to_the_right_person_without_the_description(
        pipeline, tmp_path):
    app, env, queue, inbox, number = pipeline
    now = first_reminder_time()
    with celery_process(worker_args(queue), env, tmp_path / "worker.log"):
        scans = [run_dispatch(app, now), run_dispatch(app, now + timedelta(minutes=1))]
        wait_for(lambda: inbox.messages, what="the reminder")
        run_dispatch(app, now + timedelta(minutes=2))
    assert [(s.created, s.queued) for s in scans] == [(1, 1), (0, 0)]
    [message] = inbox.messages
    assert message["To"] == "bea@stad.example" and number in message["Subject"]
    body = message.get_content()
    assert "Anmälan till IMY inom 72 timmar" in body
    assert "Greta" not in body and "duschen" not in body


def test_with_redis_down_cases_are_saved_and_reminders_go_out_once_it_is_back(
        postgres_url, mail, tmp_path):
    port, inbox = mail
    redis_port, queue = free_port(), unique_queue("redis-down")
    redis_url = f"redis://127.0.0.1:{redis_port}/0"
    settings = {"CELERY_QUEUE": queue, "SMTP_HOST": "127.0.0.1", "SMTP_PORT": port}
    app = migrated_app(postgres_url, tmp_path, **settings)
    app.config["REDIS_URL"] = redis_url  # no Redis listens there yet
    celery_init_app(app)
    try:
        with app.app_context():
            number = factories.case(setup_unit(), BREACH, today()).number  # saving needs no Redis
            db.session.commit()
        assert run_dispatch(app, first_reminder_time()).queued == 0
        env = celery_env(postgres_url, **settings) | {"CASEWORK_REDIS_URL": redis_url}
        redis_server = subprocess.Popen(
            ["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"], stdout=subprocess.DEVNULL)
        try:
            with celery_process(worker_args(queue), env, tmp_path / "worker.log"):
                wait_for(lambda: run_dispatch(app, first_reminder_time()).queued,
                         what="the reminder queued once Redis is back")
                wait_for(lambda: inbox.messages, what="the reminder")
        finally:
            redis_server.terminate()
            redis_server.wait(timeout=10)
    finally:
        dispose(app)
    [message] = inbox.messages
    assert number in message["Subject"]


def test_a_worker_killed_while_sending_loses_no_reminder(pipeline, tmp_path):
    app, env, queue, inbox, number = pipeline
    requeue = app.config["REMINDER_REQUEUE_SECONDS"]
    now = first_reminder_time()
    released = inbox.hold = threading.Event()
    with celery_process(worker_args(queue), env, tmp_path / "killed.log") as worker:
        run_dispatch(app, now)
        assert inbox.arrived.wait(60), (tmp_path / "killed.log").read_text()
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    released.set()  # the server answers a sender that is gone; nothing was delivered
    assert inbox.messages == []
    with celery_process(worker_args(queue), env, tmp_path / "worker.log"):
        assert run_dispatch(app, now + timedelta(seconds=requeue - 1)).queued == 0
        assert run_dispatch(app, now + timedelta(seconds=requeue + 1)).queued == 1
        wait_for(lambda: inbox.messages, what="the reminder after the kill")
    [message] = inbox.messages
    assert number in message["Subject"]


def test_two_beats_send_no_duplicate(postgres_url, mail, tmp_path):
    """Two beat processes run the due-scan every second against one database: the escalation
    of a breach whose 72 hours ended at midnight goes out once."""
    port, inbox = mail
    queue = unique_queue("two-beats")
    settings = {"CELERY_QUEUE": queue, "SMTP_HOST": "127.0.0.1", "SMTP_PORT": port}
    app = migrated_app(postgres_url, tmp_path, **settings)
    with app.app_context():
        number = factories.case(setup_unit(), BREACH, today() - timedelta(days=3)).number
        db.session.commit()
    env = celery_env(postgres_url, REMINDER_DISPATCH_SCHEDULE=1, **settings)
    worker_log = tmp_path / "worker.log"
    beats = [["beat", "--schedule", str(tmp_path / f"schedule-{n}"), "--loglevel", "INFO",
              "--pidfile", str(tmp_path / f"beat-{n}.pid")] for n in (1, 2)]
    try:
        with celery_process(worker_args(queue), env, worker_log), \
                celery_process(beats[0], env, tmp_path / "beat-1.log"), \
                celery_process(beats[1], env, tmp_path / "beat-2.log"):
            wait_for(lambda: worker_log.read_text().count(
                "workers.tasks.dispatch_reminders") >= 12, what="six scans by each beat")
            wait_for(lambda: inbox.messages, what="the escalation")
    finally:
        dispose(app)
    [message] = inbox.messages
    assert message["To"] == "chef@stad.example" and number in message["Subject"]
    assert "Försenat" in message["Subject"]
