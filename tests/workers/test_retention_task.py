"""The retention job as beat starts it: nightly, in a unit of work of the task's own, and
idempotent (the second run anonymises nothing)."""
from datetime import date

from celery.schedules import crontab

import workers.tasks  # noqa: F401  (registers the shared task with every Celery app)
from casework.core.case_types import CLOSED_STATUS
from casework.core.extensions import db
from tests import factories
from tests.retention.world import anonymised_ids


def test_beat_calls_the_job_nightly(app):
    entry = app.extensions["celery"].conf.beat_schedule["retention"]
    assert entry == {"task": "workers.tasks.run_retention",
                     "schedule": crontab(hour=2, minute=30)}


def test_the_task_anonymises_the_cases_due_once(app, app_ctx):
    # The task of this app's Celery: the shared task's own proxy follows the Celery app made
    # last, which may be another test's.
    task = app.extensions["celery"].tasks["workers.tasks.run_retention"]
    unit = factories.node("enhet", "Enhet W", factories.node("forvaltning", "Förvaltning W"))
    case = factories.case(unit, received_on=date(2020, 1, 2))
    case.status, case.closed_on = CLOSED_STATUS, date(2020, 1, 3)
    db.session.flush()
    assert task.delay("2023-01-04").get() == {"cases": 1, "pruned": 0}
    assert anonymised_ids() == {case.id}
    assert task.delay("2023-01-04").get() == {"cases": 0, "pruned": 0}
