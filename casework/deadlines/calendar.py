"""Working days under the Swedish holiday calendar of the maintained ``holidays`` library."""
from datetime import date, timedelta
from functools import cache

import holidays


@cache
def _holidays(year: int, categories: tuple[str, ...]) -> frozenset[date]:
    return frozenset(holidays.country_holidays("SE", years=year, categories=categories))


def is_working_day(day: date, categories: tuple[str, ...]) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year, categories)


def add_working_days(start: date, count: int, categories: tuple[str, ...]) -> date:
    """The ``count``-th working day after ``start`` (``start`` itself does not count)."""
    return _step_working_days(start, count, categories, timedelta(days=1))


def subtract_working_days(start: date, count: int, categories: tuple[str, ...]) -> date:
    """The ``count``-th working day before ``start``."""
    return _step_working_days(start, count, categories, timedelta(days=-1))


def working_days_between(start: date, end: date, categories: tuple[str, ...]) -> int:
    """How many working days after ``start`` up to and including ``end``."""
    days = (end - start).days
    return sum(is_working_day(start + timedelta(days=n), categories) for n in range(1, days + 1))


def _step_working_days(day: date, count: int, categories: tuple[str, ...],
                       step: timedelta) -> date:
    while count > 0:
        day += step
        if is_working_day(day, categories):
            count -= 1
    return day
