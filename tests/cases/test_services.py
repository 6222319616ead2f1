"""Creating cases: one from a form (validated against the catalogue) or many in bulk."""
from datetime import date, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from casework.cases.details import details_of
from casework.cases.models import Case, CaseEvent, CaseType
from casework.cases.services import bulk_insert_cases, create_case
from casework.cases.validation import (
    AFTER_RECEIVED,
    CHOOSE_ONE,
    IN_FUTURE,
    NOT_AN_ENHET,
)
from casework.core.case_types import INITIAL_STATUS
from casework.core.clock import local_today
from casework.core.errors import FieldError, InvalidFields
from casework.core.extensions import db
from tests import factories


@pytest.fixture
def unit(app_ctx):
    return factories.node("enhet", "Aspudden hemtjänst", factories.node("omrade", "Område 1"))


def test_a_case_is_numbered_categorised_and_has_a_created_event(unit):
    planner = factories.user("planerare", unit)
    first = factories.case(unit, by=planner, source="narstaende", channel="telefon",
                           categories=["utebliven_insats", "bemotande", "bemotande"])
    second = factories.case(unit)
    assert (first.number, second.number) == ("2025-0001", "2025-0002")
    assert first.categories == ["bemotande", "utebliven_insats"]
    # The taxonomy's bits 3 and 15, which the report counts by.
    assert (first.category_bits, second.category_bits) == (1 << 3 | 1 << 15, 1 << 0)
    assert first.status == INITIAL_STATUS and first.type is CaseType.KLAGOMAL
    assert [(e.event, e.user_id) for e in first.events] == [("created", planner.id)]


def test_the_anonymous_source_makes_an_anonymous_case_without_a_source(unit):
    case = factories.case(unit, source="anonym")
    assert case.anonymous is True and case.source is None


@pytest.mark.parametrize("field, value, message", [
    ("type", "klagomål", "Välj typ."),
    ("source", "granne", "Välj från vem ur mallen för 2025."),
    ("channel", "fax", CHOOSE_ONE),
    ("categories", ["bemotande", "vader"], "Välj kategorier från mallen för 2025."),
    ("identified_by", "chefen", CHOOSE_ONE),
    ("concerns", "alla", CHOOSE_ONE),
])
def test_an_unknown_key_is_refused_at_its_field(unit, field, value, message):
    with pytest.raises(InvalidFields) as raised:
        factories.case(unit, **{field: value})
    assert raised.value.errors == (FieldError(field, message),)
    assert db.session.scalar(sa.select(sa.func.count(Case.id))) == 0


def test_cases_belong_to_an_enhet(unit):
    for elsewhere in (unit.parent_id, unit.id + 1000):
        with pytest.raises(InvalidFields) as raised:
            create_case(**factories.case_fields(unit_id=elsewhere, received_on=factories.RECEIVED,
                                                registered_by_id=None))
        assert raised.value.errors == (FieldError("unit", NOT_AN_ENHET),)


def test_impossible_dates_are_refused(unit):
    with pytest.raises(InvalidFields) as raised:
        factories.case(unit, received_on=local_today() + timedelta(days=1))
    assert raised.value.errors == (FieldError("received_on", IN_FUTURE),)
    with pytest.raises(InvalidFields) as raised:
        factories.case(unit, "avvikelse", occurred_on=date(2025, 3, 5))
    assert raised.value.errors == (FieldError("occurred_on", AFTER_RECEIVED),)


def test_bulk_insert_numbers_by_received_date_with_categories_and_events(unit):
    rows = [
        {"type": "berom", "unit_id": unit.id, "received_on": date(2025, 2, 1)},
        {"type": "klagomal", "unit_id": unit.id, "received_on": date(2024, 12, 30),
         "categories": ["bemanning", "kompetens"], "source": "brukare",
         "description": "Ny personal varje dag.", "feedback_on": date(2025, 1, 3)},
        {"type": "avvikelse", "unit_id": unit.id, "received_on": date(2025, 1, 15),
         "identified_by": "medarbetare", "concerns": "egen_verksamhet",
         "categories": ["avv_annat"], "description": "Larmet var urkopplat."},
    ]
    assert bulk_insert_cases(rows, event="imported") == 3
    cases = db.session.scalars(sa.select(Case).order_by(Case.number)).all()
    assert [(c.number, c.type.value) for c in cases] == [
        ("2024-0001", "klagomal"), ("2025-0001", "avvikelse"), ("2025-0002", "berom")
    ]
    assert [c.categories for c in cases] == [["bemanning", "kompetens"], ["avv_annat"], []]
    assert [c.category_bits for c in cases] == [1 << 2 | 1 << 11, 1 << 16, 0]
    assert all(c.version == 1 and c.status == INITIAL_STATUS and c.created_at for c in cases)
    events = db.session.scalars(sa.select(CaseEvent.event)).all()
    assert events == ["imported"] * 3
    assert factories.case(unit).number == "2025-0003"


def test_bulk_insert_refuses_columns_it_manages(unit):
    with pytest.raises(ValueError, match="number"):
        bulk_insert_cases([{"type": "berom", "unit_id": unit.id, "received_on": date(2025, 1, 1),
                            "number": "2025-0001"}])


def test_bulk_inserted_handled_cases_keep_their_records_history_and_details(unit):
    deputy = factories.user("bitradande_enhetschef", unit)
    at = datetime(2025, 3, 4, 9, 30, tzinfo=timezone.utc)
    discovered = datetime(2025, 3, 4, 7, 15, tzinfo=timezone.utc)
    bulk_insert_cases([
        {**factories.case_fields("klagomal"), "unit_id": unit.id, "received_on": date(2025, 3, 4),
         "status": "pagaende", "handler_id": deputy.id,
         "actions": [{"description": "Ringde.", "taken_on": date(2025, 3, 10),
                      "created_by_id": deputy.id},
                     {"description": "Ändrade schemat.", "taken_on": date(2025, 3, 6)}],
         "feedback": [{"given_on": date(2025, 3, 12), "method": "telefon",
                       "recipient": "dottern", "content": "Schemat är ändrat."}],
         "events": [{"at": at, "user_id": None, "event": "created", "data": {}},
                    {"at": at + timedelta(hours=1), "user_id": deputy.id, "event": "assigned",
                     "data": {"handler": deputy.id, "from": "ny", "to": "pagaende"}}]},
        {**factories.case_fields("personuppgiftsincident"), "unit_id": unit.id,
         "received_on": date(2025, 3, 4), "status": "utreds", "actions": [],
         "details": {"discovered_at": discovered, "what_happened": "Fel mottagare."}},
    ], event="imported")
    complaint, breach = db.session.scalars(sa.select(Case).order_by(Case.id)).all()

    assert (complaint.status, complaint.handler, complaint.version) == ("pagaende", deputy, 1)
    assert (complaint.first_action_on, complaint.feedback_on) == (date(2025, 3, 6),
                                                                  date(2025, 3, 12))
    assert [a.description for a in complaint.actions] == ["Ändrade schemat.", "Ringde."]
    assert complaint.feedback[0].content == "Schemat är ändrat."
    assert [(e.event, e.at) for e in complaint.events] == [
        ("created", at), ("assigned", at + timedelta(hours=1))]
    assert complaint.due_on is None  # answered: the återkoppling stopped both clocks
    assert breach.first_action_on is None and breach.feedback_on is None
    assert [e.event for e in breach.events] == ["imported"]
    assert details_of(breach).what_happened == "Fel mottagare."
    # The 72 hours run from the discovery, not from the midnight of the received date.
    assert breach.due_at == discovered + timedelta(hours=72)
