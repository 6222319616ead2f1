"""The tertial job: in-process as without Redis, by a real worker through Redis into a migrated
PostgreSQL database, and started by a real beat. However often it runs, nothing is made twice."""
import re
from datetime import date

import pytest
import sqlalchemy as sa
from celery.schedules import crontab

import workers.tasks  # noqa: F401  (registers the shared task with every Celery app)
from casework.cases.models import CaseType
from casework.cases.services import bulk_insert_cases
from casework.core.clock import local_today
from casework.core.configuration import ConfigurationError
from casework.core.extensions import db
from casework.reports.schedule import due_period_end
from casework.reports.snapshot_models import ReportSnapshot
from tests import factories
from tests.workers.conftest import dispose, migrated_app
from tests.workers.processes import (
    celery_env,
    celery_process,
    unique_queue,
    wait_for,
    worker_args,
)
from workers import schedule_from

TASK = "workers.tasks.take_tertial_snapshots"
RUN_DAY = "2025-05-08"  # the fifth working day after 30 April 2025


def unit_with_a_case():
    """Område O1 and its enhet ASP, with a complaint received in T1 2025."""
    unit = factories.node("enhet", "Aspudden hemtjänst",
                          factories.node("omrade", "Område 1", code="O1"), "ASP")
    bulk_insert_cases([{"type": CaseType.KLAGOMAL, "unit_id": unit.id,
                        "received_on": date(2025, 2, 3), "source": "narstaende",
                        "categories": ["bemotande"], "description": "Personalen var otrevlig."}])


def snapshots() -> list[tuple[str, int, int]]:
    query = sa.select(ReportSnapshot).order_by(ReportSnapshot.node_id)
    return [(s.node.code, s.year, s.tertial) for s in db.session.scalars(query)]


def test_beat_calls_the_job_daily_at_six_in_stockholm(app):
    celery = app.extensions["celery"]
    entry = celery.conf.beat_schedule["tertial-snapshots"]
    assert entry["task"] == TASK and entry["schedule"] == crontab(hour=6, minute=0)
    assert celery.conf.timezone == "Europe/Stockholm"


@pytest.mark.parametrize("value, seconds", [(30, 30), ("30", 30)])
def test_the_schedule_may_be_a_number_of_seconds(value, seconds):
    assert schedule_from("TERTIAL_JOB_SCHEDULE", value).total_seconds() == seconds


@pytest.mark.parametrize("value, message", [
    ("0 6 * *", "five fields"), ("0 25 * * *", "TERTIAL_JOB_SCHEDULE='0 25 \\* \\* \\*'")])
def test_a_bad_schedule_stops_start_up_naming_it(value, message):
    with pytest.raises(ConfigurationError, match=message):
        schedule_from("TERTIAL_JOB_SCHEDULE", value)


def test_in_process_the_job_catches_up_and_runs_once(app, app_ctx):
    unit_with_a_case()
    task = app.extensions["celery"].tasks[TASK]
    assert task.delay("2025-05-07").get() == 2  # T3 2024, its run day long past
    assert task.delay(RUN_DAY).get() == 2
    assert task.delay(RUN_DAY).get() == 0
    assert task.delay("2025-05-09").get() == 0
    assert snapshots() == [("O1", 2024, 3), ("O1", 2025, 1), ("ASP", 2024, 3), ("ASP", 2025, 1)]


def run_once(celery, queue: str) -> int:
    """Send the job for the run day and wait for its answer; forgetting the result releases
    its Redis subscription now rather than at interpreter exit."""
    result = celery.send_task(TASK, args=[RUN_DAY], queue=queue, ignore_result=False)
    try:
        return result.get(timeout=60)
    finally:
        result.forget()


@pytest.fixture
def postgres_app(postgres_url, tmp_path):
    """A migrated fresh PostgreSQL database holding ``unit_with_a_case``, and its app."""
    app = migrated_app(postgres_url, tmp_path)
    with app.app_context():
        unit_with_a_case()
        db.session.commit()
    yield app
    dispose(app)


def stored_snapshots(app) -> list[tuple[str, int, int]]:
    with app.app_context():
        try:
            return snapshots()
        finally:
            db.session.remove()


def test_a_real_worker_takes_the_snapshots_once(postgres_app, tmp_path):
    queue = unique_queue("tertial")
    env = celery_env(postgres_app.config["DATABASE_URL"])
    with celery_process(worker_args(queue), env, tmp_path / "worker.log"):
        taken = [run_once(postgres_app.extensions["celery"], queue) for _ in range(2)]
    assert taken == [2, 0]
    assert stored_snapshots(postgres_app) == [("O1", 2025, 1), ("ASP", 2025, 1)]


def test_beat_fires_the_job_and_a_real_worker_freezes_the_due_tertial_once(postgres_app,
                                                                             tmp_path):
    """Beat runs the job every second here; by the time the worker has run it three times,
    every node holds exactly one snapshot of the tertial due today."""
    queue = unique_queue("beat")
    env = celery_env(postgres_app.config["DATABASE_URL"], CELERY_QUEUE=queue,
                     TERTIAL_JOB_SCHEDULE=1)
    worker_log = tmp_path / "worker.log"
    beat_args = ["beat", "--schedule", str(tmp_path / "schedule"), "--loglevel", "INFO"]
    with celery_process(worker_args(queue), env, worker_log), \
            celery_process(beat_args, env, tmp_path / "beat.log"):
        succeeded = re.compile(rf"Task {TASK}\[[-0-9a-f]+\] succeeded")
        wait_for(lambda: len(succeeded.findall(worker_log.read_text())) >= 3,
                 what="three runs of the job by the worker")
    with postgres_app.app_context():
        due = due_period_end(local_today())
    tertial = due.month // 4
    assert stored_snapshots(postgres_app) == [("O1", due.year, tertial),
                                              ("ASP", due.year, tertial)]
