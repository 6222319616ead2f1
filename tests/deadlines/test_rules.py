"""Deadline rules: Swedish working days, clocks that stop, and refusing broken rule files."""
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from casework.deadlines.calendar import add_working_days, is_working_day
from casework.deadlines.rules import (
    CaseFacts,
    DeadlineConfigError,
    earliest,
    load_rules,
)
from config.settings import CONFIG_DIR

RULES = load_rules(CONFIG_DIR / "deadlines.toml")
HOLIDAYS = RULES.holiday_categories
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def due_on(case_type: str, received_on: date, status: str = "ny", **facts):
    return earliest(RULES.clocks(CaseFacts(case_type, received_on, status, **facts)))[0]


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
    assert due_on("klagomal", received) == date(2025, 3, 12)
    after_action = due_on("klagomal", received, "pagaende", first_action_on=date(2025, 3, 11))
    assert after_action == date(2025, 3, 24)  # 10 working days
    assert due_on("klagomal", received, "pagaende", feedback_on=date(2025, 3, 11)) is None
    assert due_on("klagomal", received, "avslutad") is None


def test_praise_has_no_clock_and_a_breach_has_72_hours():
    assert due_on("berom", date(2025, 3, 10)) is None
    # 72 hours from the start of the received day end at midnight: the 12th is the last day.
    assert due_on("personuppgiftsincident", date(2025, 3, 10)) == date(2025, 3, 12)
    assert due_on("personuppgiftsincident", date(2025, 3, 10),
                  authority_notified_on=date(2025, 3, 11)) is None


def test_a_breach_clock_runs_72_hours_from_its_discovery_with_reminders_at_24_and_48():
    discovered = datetime(2025, 3, 10, 15, 30, tzinfo=STOCKHOLM)
    facts = CaseFacts("personuppgiftsincident", date(2025, 3, 10), "ny", started_at=discovered)
    [clock] = RULES.clocks(facts)
    assert clock.due_at == datetime(2025, 3, 13, 15, 30, tzinfo=STOCKHOLM)
    local = [(a.step, a.at.astimezone(STOCKHOLM)) for a in clock.alerts]
    assert [(step, at.day, at.hour) for step, at in local] == [
        ("48h", 11, 15), ("24h", 12, 15), ("missed", 13, 15)]


def test_72_hours_are_72_elapsed_hours_across_a_change_to_summer_time():
    discovered = datetime(2025, 3, 29, 12, 0, tzinfo=STOCKHOLM)  # summer time starts 30 March
    facts = CaseFacts("personuppgiftsincident", date(2025, 3, 29), "ny", started_at=discovered)
    [clock] = RULES.clocks(facts)
    assert clock.due_at.astimezone(STOCKHOLM) == datetime(2025, 4, 1, 13, 0, tzinfo=STOCKHOLM)


def test_a_day_deadline_is_reminded_the_working_day_before_and_missed_at_midnight():
    # Thursday 17 April 2025: the acknowledgement is due Wednesday 23 April (Easter between).
    [acknowledge, _] = RULES.clocks(CaseFacts("klagomal", date(2025, 4, 17), "ny"))
    assert [(a.step, a.at) for a in acknowledge.alerts] == [
        ("1wd", datetime(2025, 4, 22, 7, 0, tzinfo=STOCKHOLM)),
        ("missed", datetime(2025, 4, 24, 0, 0, tzinfo=STOCKHOLM))]


def test_the_ivo_clock_of_a_lex_sarah_runs_only_once_it_is_assessed_serious():
    received = date(2025, 3, 10)
    keys = lambda facts: [c.rule.key for c in RULES.clocks(facts)]  # noqa: E731
    assert "lex_sarah_ivo" not in keys(CaseFacts("lex_sarah", received, "ny"))
    serious = CaseFacts("lex_sarah", received, "pagaende",
                        conditions=frozenset({"ivo_required"}))
    assert "lex_sarah_ivo" in keys(serious)
    under_way = frozenset({"protective_measures", "investigation_started", "ivo_required"})
    assert due_on("lex_sarah", received, "pagaende", conditions=under_way) == date(2025, 3, 24)


@pytest.mark.parametrize(("rule", "message"), [
    ('types = ["klagomol"]\nworking_days = 2\ndone_when = ["closed"]', "unknown or missing types"),
    ('types = ["klagomal"]\nworking_days = 2\ndone_when = ["answered"]', "done_when must list"),
    ('types = ["klagomal"]\ndays = 2\nhours = 3\ndone_when = ["closed"]', "exactly one of"),
    ('types = ["klagomal"]\ndays = 2\nonly_when = "x"\ndone_when = ["closed"]', "only_when"),
    ('types = ["klagomal"]\ndays = 2\nremind_hours_before = [1]\ndone_when = ["closed"]',
     "needs a rule in hours"),
])
def test_broken_rules_stop_start_up_naming_the_rule(tmp_path: Path, rule, message):
    path = tmp_path / "deadlines.toml"
    path.write_text(f'[[rules]]\nkey = "svar"\n{rule}\n', encoding="utf-8")
    with pytest.raises(DeadlineConfigError, match=message) as error:
        load_rules(path)
    assert "rule 'svar'" in str(error.value)
