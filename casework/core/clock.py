"""The clock: now in UTC, today in the app's time zone, and moments between the database, the
deadline rules and the forms. Stored moments are UTC; forms show naive local times."""
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from flask import current_app


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def app_zone() -> ZoneInfo:
    """The app's time zone (``BABEL_DEFAULT_TIMEZONE``, Stockholm)."""
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def local_today() -> date:
    """Today in the app's time zone: a case received late in the evening keeps its Swedish date."""
    return datetime.now(app_zone()).date()


def as_utc(moment: datetime) -> datetime:
    """A moment read back from the database: SQLite gives naive UTC, PostgreSQL aware."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def aware(moment: datetime) -> datetime:
    """A form's moment (a naive time is local) in UTC: the deadline clocks add hours to it, and
    hours added to a local time would move by the wall clock across a change to or from
    summer time (72 hours from 10:00 on the Friday before the change ending in 73)."""
    moment = moment if moment.tzinfo else moment.replace(tzinfo=app_zone())
    return moment.astimezone(timezone.utc)


def local_time(moment: datetime) -> datetime:
    """A stored moment as the naive local time a form field shows."""
    return as_utc(moment).astimezone(app_zone()).replace(tzinfo=None)
