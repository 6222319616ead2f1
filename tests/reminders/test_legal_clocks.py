"""The legal steps start and stop the deadline clocks: a breach's 72 hours run from its
discovery and stop with the IMY decision; lex Sarah's protective measures are due the same day."""
from datetime import date, datetime, timedelta

from casework.cases import legal
from casework.cases.clocks import clocks_of
from casework.cases.services import create_case
from tests.factories import log_in
from tests.reminders.conftest import STOCKHOLM


def running(case) -> dict[str, datetime]:
    return {clock.rule.key: clock.due_at for clock in clocks_of(case) if not clock.done}


def test_a_breach_clock_runs_from_its_discovery_and_stops_when_imy_is_decided(unit, people):
    manager = people["bitradande"]
    breach = create_case(type="personuppgiftsincident", unit_id=unit.id,
                         received_on=date(2025, 3, 4), registered_by_id=None,
                         description="Fel mottagare.")
    discovered = datetime(2025, 3, 3, 21, 15, tzinfo=STOCKHOLM)  # the evening before
    legal.record_breach(breach, breach.version, manager, discovered_at=discovered,
                        what_happened="Fel mottagare.", data_categories="Namn.", approx_people=3,
                        approx_records=3, consequences="Liten.", measures="Raderat.")
    assert running(breach) == {"breach_imy": discovered + timedelta(hours=72)}
    assert (breach.due_on, breach.due_at) == (date(2025, 3, 6), discovered + timedelta(hours=72))
    legal.decide_imy(breach, breach.version, manager, notify=False, notified_at=None,
                     reference="", reason="Ingen risk för de registrerades rättigheter.")
    assert running(breach) == {} and breach.due_on is None and breach.next_alert_at is None


def test_lex_sarah_protective_measures_are_due_the_day_the_rapport_comes_in(unit, people):
    sarah = create_case(type="lex_sarah", unit_id=unit.id, received_on=date(2025, 3, 4),
                        registered_by_id=None, description="Brukaren lämnades ensam.")
    midnight = datetime(2025, 3, 5, tzinfo=STOCKHOLM)
    assert running(sarah)["lex_sarah_protection"] == midnight
    [protection] = [c for c in clocks_of(sarah) if c.rule.key == "lex_sarah_protection"]
    assert protection.alerts[0].at == datetime(2025, 3, 4, 7, 0, tzinfo=STOCKHOLM)
    legal.record_protection(sarah, sarah.version, people["bitradande"],
                            measures="Personalen flyttad.", taken_on=date(2025, 3, 4))
    assert "lex_sarah_protection" not in running(sarah)
    assert sarah.due_on == date(2025, 3, 6)  # the utredning must start within 2 working days


def test_att_gora_shows_the_hour_a_breach_must_reach_imy_by(unit, people, client):
    manager = people["bitradande"]
    breach = create_case(type="personuppgiftsincident", unit_id=unit.id,
                         received_on=date(2025, 3, 4), registered_by_id=None,
                         description="Fel mottagare.")
    legal.record_breach(breach, breach.version, manager,
                        discovered_at=datetime(2025, 3, 3, 21, 15, tzinfo=STOCKHOLM),
                        what_happened="Fel mottagare.", data_categories="Namn.", approx_people=3,
                        approx_records=3, consequences="Liten.", measures="Raderat.")
    complaint = create_case(type="klagomal", unit_id=unit.id, received_on=date(2025, 3, 10),
                            registered_by_id=None, description="Sent.", source="narstaende",
                            categories=["bemotande"])
    log_in(client, manager)
    page = client.get("/att-gora").get_data(as_text=True)
    assert "6 mars 2025 kl. 21:15" in page
    assert complaint.due_on == date(2025, 3, 12) and "12 mars 2025 kl." not in page
