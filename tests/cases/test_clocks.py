"""casework.cases.clocks: a case's clock columns follow every change at the flush, whoever makes
it, so no service has to remember to recompute them."""
from datetime import date, datetime, timezone

from casework.cases.clocks import refresh_clocks
from casework.cases.details import details_of
from casework.cases.services import create_case
from casework.core.extensions import db
from tests import factories
from tests.drafts import needed


def test_a_change_made_past_the_services_moves_the_clock_at_the_flush(app_ctx):
    case = create_case(**needed("klagomal", unit_id=factories.node().id,
                                received_on=date(2025, 3, 10), registered_by_id=None))
    assert case.due_on == date(2025, 3, 12)

    case.received_on = date(2025, 3, 17)
    db.session.flush()
    assert case.due_on == date(2025, 3, 19)

    case.first_action_on = date(2025, 3, 18)  # acknowledged: the answer is next
    db.session.flush()
    assert case.due_on == date(2025, 3, 31)


def test_a_changed_detail_row_moves_its_cases_clock(app_ctx):
    breach = create_case(type="personuppgiftsincident", unit_id=factories.node().id,
                         received_on=date(2025, 3, 10), registered_by_id=None,
                         description="Fel mottagare.")
    db.session.flush()
    details_of(breach, create=True).discovered_at = datetime(2025, 3, 9, 14, 0, tzinfo=timezone.utc)
    db.session.flush()

    assert breach.due_at == datetime(2025, 3, 12, 14, 0, tzinfo=timezone.utc)


def test_clocks_refreshed_as_of_another_moment_are_kept_until_the_next_change(app_ctx):
    case = create_case(**needed("klagomal", unit_id=factories.node().id,
                                received_on=date(2025, 3, 10), registered_by_id=None))
    saved_at = datetime(2025, 3, 10, 9, 0, tzinfo=timezone.utc)
    refresh_clocks(case, saved_at)
    as_of_then = case.next_alert_at
    assert as_of_then is not None
    db.session.flush()
    assert case.next_alert_at == as_of_then

    case.description = "Sent, igen."
    db.session.flush()  # a change: the clocks as of now, whose catch-up window has passed
    assert case.next_alert_at != as_of_then
