"""Celery, wired to Flask the way Flask's documentation shows (``celery_init_app``).

``celery -A workers worker`` and ``celery -A workers beat`` find the app in ``workers.celery``.
Without ``CASEWORK_REDIS_URL`` tasks run in-process, so the embedded default needs no Redis.
Beat's times are Stockholm's; tasks that run on a schedule check for themselves whether they
are due, so a daily entry serves a calendar that crontab cannot express (working days).
"""
from datetime import timedelta

from celery import Celery, Task
from celery.schedules import crontab
from flask import Flask

from casework.core import unit_of_work
from casework.core.configuration import ConfigurationError

#: Beat's entries: name -> (task, the setting that says when it runs).
BEAT_ENTRIES = {
    "tertial-snapshots": ("workers.tasks.take_tertial_snapshots", "TERTIAL_JOB_SCHEDULE"),
    "reminders-dispatch": ("workers.tasks.dispatch_reminders", "REMINDER_DISPATCH_SCHEDULE"),
    "weekly-digests": ("workers.tasks.make_weekly_digests", "REMINDER_DIGEST_SCHEDULE"),
    "outbox-retries": ("workers.tasks.send_due_mail", "REMINDER_DISPATCH_SCHEDULE"),
    "retention": ("workers.tasks.run_retention", "RETENTION_JOB_SCHEDULE"),
}


def schedule_from(setting: str, value: str | int) -> crontab | timedelta:
    """A crontab line ("minute hour day month weekday") or a number of seconds."""
    if isinstance(value, int) or str(value).isdigit():
        return timedelta(seconds=int(value))
    fields = str(value).split()
    if len(fields) != 5:
        raise ConfigurationError(
            f"{setting}={value!r}: give a crontab line with five fields "
            "(minute hour day month weekday), e.g. '0 6 * * *', or a number of seconds")
    minute, hour, day_of_month, month_of_year, day_of_week = fields
    try:
        return crontab(minute=minute, hour=hour, day_of_month=day_of_month,
                       month_of_year=month_of_year, day_of_week=day_of_week)
    except ValueError as error:
        raise ConfigurationError(f"{setting}={value!r}: {error}") from None


def beat_schedule(config) -> dict:
    return {name: {"task": task, "schedule": schedule_from(setting, config[setting])}
            for name, (task, setting) in BEAT_ENTRIES.items()}


def celery_init_app(app: Flask) -> Celery:
    class FlaskTask(Task):
        """A task runs in an app context of its own, as one unit of work: it commits when it
        returns and rolls back when it raises."""

        def __call__(self, *args, **kwargs):
            with app.app_context(), unit_of_work.unit():
                return self.run(*args, **kwargs)

    redis_url = app.config.get("REDIS_URL")
    celery_app = Celery(app.name, task_cls=FlaskTask)
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
        task_default_queue=app.config["CELERY_QUEUE"],
        beat_schedule=beat_schedule(app.config),
    )
    celery_app.set_default()
    import workers.tasks  # noqa: F401  (registers the tasks, also for the web app's dispatch)
    app.extensions["celery"] = celery_app
    return celery_app
