"""A day typed as it is said on the phone; the parser reads, the validator judges."""
from datetime import date

import pytest

from casework.core.day_text import NO_SUCH_DAY, UNREADABLE, DayTextError, parse_day

TODAY = date(2025, 3, 20)


@pytest.mark.parametrize(("text", "day"), [
    ("idag", TODAY), ("i dag", TODAY), ("IDAG", TODAY), ("  idag ", TODAY),
    ("igår", date(2025, 3, 19)), ("i går", date(2025, 3, 19)),
    ("i förrgår", date(2025, 3, 18)), ("förrgår", date(2025, 3, 18)),
    ("14/3", date(2025, 3, 14)), ("14.3", date(2025, 3, 14)), ("14.3.", date(2025, 3, 14)),
    ("1/1", date(2025, 1, 1)), ("14/3 2024", date(2024, 3, 14)), ("14/3/2024", date(2024, 3, 14)),
    ("14.3.2024", date(2024, 3, 14)), ("14/3-2024", date(2024, 3, 14)),
    ("2025-03-14", date(2025, 3, 14)), ("2025-3-4", date(2025, 3, 4)),
    # Read, not judged: the validator refuses these with its own words.
    ("0001-01-01", date(1, 1, 1)), ("9999-12-31", date(9999, 12, 31)),
    ("30/12", date(2025, 12, 30)),  # this year, though in the future: no guess of the year
])
def test_the_ways_a_day_is_said(text, day):
    assert parse_day(text, TODAY) == day


def test_relative_days_cross_the_year():
    assert parse_day("igår", date(2025, 1, 1)) == date(2024, 12, 31)


@pytest.mark.parametrize(("text", "message"), [
    ("31/2", NO_SUCH_DAY), ("29/2 2025", NO_SUCH_DAY), ("0/3", NO_SUCH_DAY),
    ("2025-13-01", NO_SUCH_DAY), ("0000-01-01", NO_SUCH_DAY),
    ("i morgon", UNREADABLE), ("14 mars", UNREADABLE), ("14/3 25", UNREADABLE),
    ("20250314", UNREADABLE), ("2025-03-14\x00", UNREADABLE), ("\x00", UNREADABLE),
    ("x" * 10_000, UNREADABLE), ("1" * 10_000, UNREADABLE), ("14//3", UNREADABLE),
    ("١٤/٣", UNREADABLE),
])
def test_anything_else_is_refused_in_swedish(text, message):
    with pytest.raises(DayTextError) as refused:
        parse_day(text, TODAY)
    assert str(refused.value) == message


def test_a_leap_day_exists_in_a_leap_year():
    assert parse_day("29/2", date(2024, 3, 1)) == date(2024, 2, 29)
