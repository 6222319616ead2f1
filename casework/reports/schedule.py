"""When the tertial job runs: a number of Swedish working days after each tertial ends.

The count (``TERTIAL_JOB_WORKING_DAYS``, default 5) gives the units time to register the cases
of the last days before the table is frozen. The holidays are those of the deadline rules
(config/deadlines.toml), so one calendar decides what a working day is.
"""
from datetime import date

from flask import current_app

from casework.core.errors import DomainError
from casework.deadlines import deadline_rules
from casework.deadlines.calendar import add_working_days
from casework.reports.counting import TERTIAL_ENDS

#: Last (month, day) of T1, T2 and T3 (the VB column).
PERIOD_ENDS = (*TERTIAL_ENDS, (12, 31))


def tertial_of(period_end: date) -> int:
    """1, 2 or 3 for the last day of that tertial; DomainError for any other day."""
    try:
        return PERIOD_ENDS.index((period_end.month, period_end.day)) + 1
    except ValueError:
        raise DomainError(f"{period_end} is not the last day of a tertial "
                          "(30 April, 31 August or 31 December)") from None


def last_period_end(today: date) -> date:
    """The latest tertial end before ``today``."""
    return max(end for end in _period_ends(today) if end < today)


def run_day(period_end: date, working_days: int, holiday_categories: tuple[str, ...]) -> date:
    return add_working_days(period_end, working_days, holiday_categories)


def due_period_end(today: date) -> date:
    """The latest tertial end whose run day has come by ``today``.

    The job runs daily and freezes that tertial for every node that has no snapshot of it yet,
    so a run day missed (the worker was down, the server moved) is caught up the next time the
    job runs, and on every other day the job finds nothing to do.
    """
    working_days = current_app.config["TERTIAL_JOB_WORKING_DAYS"]
    categories = deadline_rules().holiday_categories
    return max(end for end in _period_ends(today)
               if end <= today and run_day(end, working_days, categories) <= today)


def _period_ends(today: date) -> list[date]:
    """This year's and last year's tertial ends: a run day can fall in the next year."""
    return [date(year, month, day) for year in (today.year - 1, today.year)
            for month, day in PERIOD_ENDS]
