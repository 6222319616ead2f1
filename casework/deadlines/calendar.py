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
    day = start
    while count > 0:
        day += timedelta(days=1)
        if is_working_day(day, categories):
            count -= 1
    return day
