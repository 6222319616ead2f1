"""When the tertial job is due: the fifth Swedish working day after each tertial by default."""
from datetime import date

import pytest

from casework.core.errors import DomainError
from casework.reports.schedule import (
    due_period_end,
    last_period_end,
    run_day,
    tertial_of,
)
from config.settings import Config

HOLIDAYS = ("public", "de_facto")


@pytest.mark.parametrize("period_end, expected", [
    (date(2025, 4, 30), date(2025, 5, 8)),  # 1 May is a holiday
    (date(2025, 8, 31), date(2025, 9, 5)),  # a Sunday
    (date(2025, 12, 31), date(2026, 1, 9)),  # New Year's Day and Epiphany
])
def test_the_run_day_skips_weekends_and_swedish_holidays(period_end, expected):
    assert run_day(period_end, 5, HOLIDAYS) == expected


def test_five_working_days_is_the_default():
    assert Config.TERTIAL_JOB_WORKING_DAYS == 5


@pytest.mark.parametrize("period_end, tertial", [
    (date(2025, 4, 30), 1), (date(2025, 8, 31), 2), (date(2025, 12, 31), 3)])
def test_each_tertial_end_names_its_tertial(period_end, tertial):
    assert tertial_of(period_end) == tertial


def test_another_day_ends_no_tertial():
    with pytest.raises(DomainError, match="not the last day of a tertial"):
        tertial_of(date(2025, 5, 1))


@pytest.mark.parametrize("today, expected", [
    (date(2025, 5, 8), date(2025, 4, 30)),
    (date(2025, 4, 30), date(2024, 12, 31)),
    (date(2026, 1, 2), date(2025, 12, 31)),
])
def test_the_last_period_end_is_strictly_before_today(today, expected):
    assert last_period_end(today) == expected


@pytest.mark.parametrize("today, expected", [
    (date(2025, 5, 8), date(2025, 4, 30)),  # the run day itself
    (date(2025, 5, 9), date(2025, 4, 30)),  # a missed run day is caught up
    (date(2025, 9, 4), date(2025, 4, 30)),  # T2 ended, but its run day has not come
    (date(2025, 9, 5), date(2025, 8, 31)),
    (date(2026, 1, 9), date(2025, 12, 31)),
    (date(2026, 1, 8), date(2025, 8, 31)),  # last year's T2 until T3's run day
    (date(2025, 5, 7), date(2024, 12, 31)),
])
def test_the_latest_tertial_whose_run_day_has_come_is_due(app_ctx, today, expected):
    assert due_period_end(today) == expected


def test_the_number_of_working_days_is_a_setting(app, app_ctx, monkeypatch):
    monkeypatch.setitem(app.config, "TERTIAL_JOB_WORKING_DAYS", 1)
    assert due_period_end(date(2025, 5, 2)) == date(2025, 4, 30)
    assert due_period_end(date(2025, 4, 30)) == date(2024, 12, 31)
