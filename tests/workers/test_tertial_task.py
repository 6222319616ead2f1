"""The tertial job: in-process as without Redis, and by a real worker through Redis into a
migrated PostgreSQL database. Either way a second run of the day creates nothing."""
import os
import subprocess
import uuid
from datetime import date

import sqlalchemy as sa
from celery.schedules import crontab
from flask_migrate import upgrade

import workers.tasks  # noqa: F401  (registers the shared task with every Celery app)
from casework.cases.models import CaseType
from casework.cases.services import bulk_insert_cases
from casework.extensions import db
from casework.reports.snapshot_models import ReportSnapshot
from tests import factories
from tests.conftest import make_app
from tests.databases import fresh_postgres_database
from tests.services import REDIS_URL, require_redis
from tests.workers.test_celery_processes import CELERY, stop

TASK = "workers.tasks.take_tertial_snapshots"
RUN_DAY = "2025-05-08"  # the fifth working day after 30 April 2025


def unit_with_a_case():
    """Område O1 and its enhet ASP, with a complaint received in T1 2025."""
    unit = factories.node("enhet", "Aspudden hemtjänst",
                          factories.node("omrade", "Område 1", code="O1"), "ASP")
    bulk_insert_cases([{"type": CaseType.KLAGOMAL, "unit_id": unit.id,
                        "received_on": date(2025, 2, 3), "source": "narstaende",
                        "categories": ["bemotande"]}])


def snapshots() -> list[tuple[str, int, int]]:
    query = sa.select(ReportSnapshot).order_by(ReportSnapshot.node_id)
    return [(s.node.code, s.year, s.tertial) for s in db.session.scalars(query)]


def test_beat_calls_the_job_daily_at_six_in_stockholm(app):
    celery = app.extensions["celery"]
    entry = celery.conf.beat_schedule["tertial-snapshots"]
    assert entry["task"] == TASK and entry["schedule"] == crontab(hour=6, minute=0)
    assert celery.conf.timezone == "Europe/Stockholm"


def test_in_process_the_job_runs_on_the_run_day_only_and_once(app, app_ctx):
    unit_with_a_case()
    task = app.extensions["celery"].tasks[TASK]
    assert task.delay("2025-05-07").get() == 0
    assert task.delay(RUN_DAY).get() == 2
    assert task.delay(RUN_DAY).get() == 0
    assert snapshots() == [("O1", 2025, 1), ("ASP", 2025, 1)]


def run_once(celery, queue: str) -> int:
    """Send the job for the run day and wait for its answer; forgetting the result releases
    its Redis subscription now rather than at interpreter exit."""
    result = celery.send_task(TASK, args=[RUN_DAY], queue=queue, ignore_result=False)
    try:
        return result.get(timeout=60)
    finally:
        result.forget()


def test_a_real_worker_takes_the_snapshots_once(tmp_path):
    require_redis()
    with fresh_postgres_database() as url:
        app = make_app(url, tmp_path / "instance", REDIS_URL=REDIS_URL)
        with app.app_context():
            upgrade()
            unit_with_a_case()
            db.session.commit()
        env = {**os.environ, "CASEWORK_ENV": "testing", "CASEWORK_REDIS_URL": REDIS_URL,
               "CASEWORK_DATABASE_URL": url}
        # A queue of its own, so that a worker of another test run on this Redis cannot take
        # the task to its own database.
        queue = f"casework-tertial-{uuid.uuid4().hex[:12]}"
        worker = subprocess.Popen(
            [CELERY, "-A", "workers", "worker", "--pool", "solo", "--loglevel", "WARNING",
             "-Q", queue, "-n", f"{queue}@127.0.0.1"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        try:
            celery = app.extensions["celery"]
            taken = [run_once(celery, queue) for _ in range(2)]
        finally:
            stop(worker)
        with app.app_context():
            stored = snapshots()
            db.session.remove()
            db.engine.dispose()
    assert taken == [2, 0]
    assert stored == [("O1", 2025, 1), ("ASP", 2025, 1)]
