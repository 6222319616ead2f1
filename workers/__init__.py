"""Celery, wired to Flask the way Flask's documentation shows (``celery_init_app``).

``celery -A workers worker`` and ``celery -A workers beat`` find the app in ``workers.celery``.
Without ``CASEWORK_REDIS_URL`` tasks run in-process, so the embedded default needs no Redis.
Beat's times are Stockholm's; tasks that run on a schedule check for themselves whether they
are due, so a daily entry serves a calendar that crontab cannot express (working days).
"""
from celery import Celery, Task
from celery.schedules import crontab
from flask import Flask

BEAT_SCHEDULE = {
    "tertial-snapshots": {
        "task": "workers.tasks.take_tertial_snapshots",
        "schedule": crontab(hour=6, minute=0),
    },
}


def celery_init_app(app: Flask) -> Celery:
    class FlaskTask(Task):
        def __call__(self, *args, **kwargs):
            with app.app_context():
                return self.run(*args, **kwargs)

    redis_url = app.config.get("REDIS_URL")
    celery_app = Celery(app.name, task_cls=FlaskTask, include=["workers.tasks"])
    celery_app.conf.update(
        broker_url=redis_url or "memory://",
        result_backend=redis_url,
        task_ignore_result=True,
        task_always_eager=not redis_url,
        task_eager_propagates=True,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        broker_connection_retry_on_startup=True,
        timezone=app.config["BABEL_DEFAULT_TIMEZONE"],
        beat_schedule=BEAT_SCHEDULE,
    )
    celery_app.set_default()
    app.extensions["celery"] = celery_app
    return celery_app
