"""A district's deadline rules: the file's, with the district's changes; validated as the file
is; each change in the rule's history and the audit trail; and the clocks of a district's new
cases computed by them, another district's untouched."""
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from casework.cases.clocks import clock_columns
from casework.core.case_types import CLOSED_STATUS
from casework.core.errors import DomainError, UnknownValue
from casework.core.extensions import db
from casework.deadlines import deadline_rules, overrides
from casework.deadlines.models import DeadlineRuleChange
from casework.deadlines.overrides import RuleValues
from casework.deadlines.rules import DeadlineConfigError, load_rules
from casework.trail.models import AuditEvent
from tests import factories

MONDAY = date(2025, 3, 10)
ACK = "complaint_acknowledge"  # 2 working days, reminded 1 before


@pytest.fixture
def world(app_ctx):
    """Two districts, each with an enhet, and an admin of the first."""
    x = factories.node("forvaltning", "Förvaltning X", code="DX")
    y = factories.node("forvaltning", "Förvaltning Y", code="DY")
    unit_x = factories.node("enhet", "Enhet X", factories.node("omrade", "Område X", x))
    unit_y = factories.node("enhet", "Enhet Y", y)
    admin = factories.user("admin", x, name="Ada Admin")
    return x, y, unit_x, unit_y, admin


def test_a_district_without_changes_has_the_files_rules(world):
    x, *_ = world
    assert overrides.district_rules(x.id) == deadline_rules()
    assert not any(state.overridden for state in overrides.rule_states(x.id))


def test_a_change_gives_new_cases_of_the_district_the_new_due_date_and_not_the_other(world):
    x, _y, unit_x, unit_y, admin = world
    before = factories.case(unit_x, "klagomal", MONDAY)
    assert before.due_on == date(2025, 3, 12)

    overrides.set_rule(x.id, ACK, RuleValues(5, 2), by=admin.id)
    db.session.flush()

    assert factories.case(unit_x, "klagomal", MONDAY).due_on == date(2025, 3, 17)
    assert factories.case(unit_y, "klagomal", MONDAY).due_on == date(2025, 3, 12)
    (ack,) = [s for s in overrides.rule_states(x.id) if s.rule.key == ACK]
    assert (ack.rule.working_days, ack.rule.remind_working_days_before, ack.overridden) == (5, 2, True)


def test_a_change_recomputes_the_districts_running_cases_of_its_types_at_once(world):
    x, _y, unit_x, unit_y, admin = world
    running = factories.case(unit_x, "klagomal", MONDAY)
    praise = factories.case(unit_x, "berom", MONDAY)  # no such rule: untouched
    elsewhere = factories.case(unit_y, "klagomal", MONDAY)
    closed = factories.case(unit_x, "klagomal", MONDAY)
    closed.status = CLOSED_STATUS
    db.session.flush()
    closed_due = closed.due_on

    overrides.set_rule(x.id, ACK, RuleValues(5, 2), by=admin.id)

    assert running.due_on == date(2025, 3, 17)  # stored, as lists and the due-scan read it
    assert elsewhere.due_on == date(2025, 3, 12) and praise.due_on is None
    assert closed.due_on == closed_due
    overrides.reset_rule(x.id, ACK, by=admin.id)
    assert running.due_on == date(2025, 3, 12)


def test_the_bulk_path_uses_the_districts_rules_too(world):
    x, _y, unit_x, unit_y, admin = world
    overrides.set_rule(x.id, ACK, RuleValues(5, 1), by=admin.id)
    row = factories.case_fields("klagomal", unit_id=unit_x.id, received_on=MONDAY,
                                status="ny", feedback_on=None, first_action_on=None,
                                authority_notified_on=None)
    assert clock_columns(row)["due_on"] == date(2025, 3, 17)
    assert clock_columns(row | {"unit_id": unit_y.id})["due_on"] == date(2025, 3, 12)


def test_a_rule_turned_off_puts_no_clock_on_new_cases(world):
    x, _y, unit_x, _unit_y, admin = world
    overrides.set_rule(x.id, ACK, RuleValues(2, 1, enabled=False), by=admin.id)
    assert ACK not in [rule.key for rule in overrides.district_rules(x.id).rules]
    # The answer's 10 working days are the earliest left.
    assert factories.case(unit_x, "klagomal", MONDAY).due_on == date(2025, 3, 24)


def test_an_hours_rule_takes_its_reminders_in_hours(world):
    x, _y, _unit_x, _unit_y, admin = world
    state = overrides.set_rule(x.id, "breach_imy", RuleValues(48, None, (24, 6)), by=admin.id)
    assert (state.rule.hours, state.rule.remind_hours_before) == (48, (24, 6))


@pytest.mark.parametrize("values, message", [
    (RuleValues(-1, 1), "working_days must be a whole number from 0 to 365"),
    (RuleValues(366, 1), "from 0 to 365"),
    (RuleValues(True, 1), "working_days must be a whole number"),
    (RuleValues(2, -1), "remind_working_days_before must be"),
    (RuleValues(2, 366), "remind_working_days_before must be"),
])
def test_values_the_file_would_refuse_are_refused_and_nothing_is_saved(world, values, message):
    x, _y, _unit_x, _unit_y, admin = world
    with pytest.raises(DomainError, match=message):
        overrides.set_rule(x.id, ACK, values, by=admin.id)
    assert not overrides.rule_state(x.id, ACK).overridden
    assert overrides.history(x.id, ACK) == []


def test_hours_beyond_720_are_refused(world):
    x, _y, _unit_x, _unit_y, admin = world
    with pytest.raises(DomainError, match="from 0 to 720"):
        overrides.set_rule(x.id, "breach_imy", RuleValues(721, None, (24,)), by=admin.id)
    with pytest.raises(DomainError, match="remind_hours_before must list"):
        overrides.set_rule(x.id, "breach_imy", RuleValues(72, None, (800,)), by=admin.id)


def test_an_unknown_rule_or_a_node_that_is_no_district_is_refused(world):
    x, _y, unit_x, _unit_y, admin = world
    with pytest.raises(UnknownValue):
        overrides.set_rule(x.id, "no_such_rule", RuleValues(2, 1), by=admin.id)
    with pytest.raises(UnknownValue):
        overrides.set_rule(unit_x.id, ACK, RuleValues(2, 1), by=admin.id)


def test_each_change_and_the_reset_are_in_the_history_and_the_audit_trail(world):
    x, y, _unit_x, _unit_y, admin = world
    overrides.set_rule(x.id, ACK, RuleValues(5, 2), by=admin.id)
    overrides.set_rule(x.id, ACK, RuleValues(5, 2), by=admin.id)  # the same again: nothing
    overrides.set_rule(x.id, ACK, RuleValues(4, 2, enabled=False), by=None)  # the CLI
    overrides.reset_rule(x.id, ACK, by=admin.id)
    overrides.reset_rule(x.id, ACK, by=admin.id)  # nothing left to reset

    history = overrides.history(x.id, ACK)
    assert [(h.who, h.before, h.after) for h in history] == [
        ("Ada Admin", {"working_days": 4, "enabled": False, "remind_working_days_before": 2},
         {"working_days": 2, "enabled": True, "remind_working_days_before": 1}),
        (None, {"working_days": 5, "enabled": True, "remind_working_days_before": 2},
         {"working_days": 4, "enabled": False, "remind_working_days_before": 2}),
        ("Ada Admin", {"working_days": 2, "enabled": True, "remind_working_days_before": 1},
         {"working_days": 5, "enabled": True, "remind_working_days_before": 2}),
    ]
    assert history[1].changes() == [("working_days", 5, 4), ("enabled", True, False)]
    assert overrides.history(y.id, ACK) == []
    audited = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "rule_change")
                                 .order_by(AuditEvent.id)).all()
    # Who is the signed-in user's to say (tests/admin/test_rules_pages.py); here there is none.
    assert [(a.unit_id, a.detail["rule"], a.detail["before"], a.detail["after"])
            for a in audited] == [(x.id, ACK, h.before, h.after) for h in reversed(history)]
    assert not overrides.rule_state(x.id, ACK).overridden
    assert overrides.district_rules(x.id) == deadline_rules()


def test_the_rules_are_read_once_per_app_context_and_again_after_a_save(world):
    x, _y, _unit_x, _unit_y, admin = world
    first = overrides.district_rules(x.id)
    assert overrides.district_rules(x.id) is first
    overrides.set_rule(x.id, ACK, RuleValues(3, 1), by=admin.id)
    assert overrides.district_rules(x.id) is not first
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DeadlineRuleChange)) == 1


def test_the_admin_manages_the_districts_a_grant_covers_whole(world):
    x, y, unit_x, _unit_y, admin = world
    assert overrides.districts_of_admin(admin) == [x]
    lower = factories.user("admin", unit_x)
    assert overrides.districts_of_admin(lower) == []
    factories.grant(lower, "admin", y)
    assert overrides.districts_of_admin(lower) == [y]


@pytest.mark.parametrize("line, message", [
    ("working_days = 366", "from 0 to 365"),
    ("hours = 721", "from 0 to 720"),
    ("days = true", "whole number"),
    ("working_days = 2\nremind_working_days_before = -1", "remind_working_days_before must be"),
])
def test_the_file_is_held_to_the_same_bounds(tmp_path: Path, line, message):
    path = tmp_path / "deadlines.toml"
    path.write_text(f'[[rules]]\nkey = "svar"\ntypes = ["klagomal"]\ndone_when = ["closed"]\n'
                    f'{line}\n', encoding="utf-8")
    with pytest.raises(DeadlineConfigError, match=message):
        load_rules(path)
