"""Cases carry their earliest running deadline, whichever way they are created."""
from datetime import date

import sqlalchemy as sa

from casework.cases import handling
from casework.cases.models import Case
from casework.cases.services import bulk_insert_cases
from casework.core.extensions import db
from tests import factories


def test_created_and_bulk_inserted_cases_get_their_due_date(app_ctx):
    unit = factories.node("enhet")
    complaint = factories.case(unit, "klagomal", date(2025, 3, 10))
    assert complaint.due_on == date(2025, 3, 12)
    bulk_insert_cases([
        factories.case_fields("avvikelse", unit_id=unit.id, received_on=date(2025, 3, 10)),
        factories.case_fields("avvikelse", unit_id=unit.id, received_on=date(2025, 3, 10),
               feedback_on=date(2025, 3, 12)),
        {"type": "berom", "unit_id": unit.id, "received_on": date(2025, 3, 10)},
    ])
    due = db.session.execute(
        sa.select(Case.type, Case.feedback_on, Case.due_on).where(Case.id != complaint.id)
    ).all()
    assert sorted((str(t), str(f), d) for t, f, d in due) == [
        ("avvikelse", "2025-03-12", None), ("avvikelse", "None", date(2025, 3, 24)),
        ("berom", "None", None)]


def test_handling_moves_the_due_date_on_and_closing_stops_the_clock(app_ctx):
    unit = factories.node("enhet")
    manager = factories.user("bitradande_enhetschef", unit)
    case = factories.case(unit, "klagomal", date(2025, 3, 10))
    handling.add_action(case, case.version, manager, description="Ringde", taken_on=date(2025, 3, 11))
    assert case.due_on == date(2025, 3, 24)  # acknowledged; the answer is due in 10 working days
    handling.record_feedback(case, case.version, manager, given_on=date(2025, 3, 12),
                             method="telefon", recipient="Anhörig",
                             content="Svar på klagomålet.")
    assert case.due_on is None
