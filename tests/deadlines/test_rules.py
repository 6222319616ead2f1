"""Deadline rules: Swedish working days, clocks that stop, and refusing broken rule files."""
from datetime import date
from pathlib import Path

import pytest

from casework.deadlines.calendar import add_working_days, is_working_day
from casework.deadlines.rules import DeadlineConfigError, load_rules
from config.settings import CONFIG_DIR

RULES = load_rules(CONFIG_DIR / "deadlines.toml")
HOLIDAYS = RULES.holiday_categories


def test_working_days_skip_weekends_and_swedish_holidays():
    assert not is_working_day(date(2025, 6, 6), HOLIDAYS)  # Nationaldagen
    assert not is_working_day(date(2025, 6, 20), HOLIDAYS)  # Midsommarafton (de facto)
    assert is_working_day(date(2025, 6, 19), HOLIDAYS)
    # Thursday 17 April 2025 + 2 working days: Good Friday and Easter Monday do not count.
    assert add_working_days(date(2025, 4, 17), 2, HOLIDAYS) == date(2025, 4, 23)
    # Monday 22 December 2025 + 2: Christmas Eve, Christmas Day and Boxing Day are closed.
    assert add_working_days(date(2025, 12, 22), 2, HOLIDAYS) == date(2025, 12, 29)


def test_a_complaint_is_due_for_acknowledgement_then_for_an_answer():
    received = date(2025, 3, 10)  # a Monday
    assert RULES.due_on("klagomal", received, status="ny") == date(2025, 3, 12)
    after_action = RULES.due_on("klagomal", received, status="pagaende",
                                first_action_on=date(2025, 3, 11))
    assert after_action == date(2025, 3, 24)  # 10 working days
    assert RULES.due_on("klagomal", received, status="pagaende",
                        feedback_on=date(2025, 3, 11)) is None
    assert RULES.due_on("klagomal", received, status="avslutad") is None


def test_praise_has_no_clock_and_a_breach_has_72_hours():
    assert RULES.due_on("berom", date(2025, 3, 10), status="ny") is None
    assert RULES.due_on("personuppgiftsincident", date(2025, 3, 10), status="ny") == date(2025, 3, 13)
    assert RULES.due_on("personuppgiftsincident", date(2025, 3, 10), status="ny",
                        authority_notified_on=date(2025, 3, 11)) is None


@pytest.mark.parametrize(("rule", "message"), [
    ('types = ["klagomol"]\nworking_days = 2\ndone_when = ["closed"]', "unknown or missing types"),
    ('types = ["klagomal"]\nworking_days = 2\ndone_when = ["answered"]', "done_when must list"),
    ('types = ["klagomal"]\ndays = 2\nhours = 3\ndone_when = ["closed"]', "exactly one of"),
])
def test_broken_rules_stop_start_up_naming_the_rule(tmp_path: Path, rule, message):
    path = tmp_path / "deadlines.toml"
    path.write_text(f'[[rules]]\nkey = "svar"\n{rule}\n', encoding="utf-8")
    with pytest.raises(DeadlineConfigError, match=message) as error:
        load_rules(path)
    assert "rule 'svar'" in str(error.value)
