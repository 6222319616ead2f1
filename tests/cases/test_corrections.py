"""Correcting a case (casework.cases.corrections): what changed is written, told in the history
and the audit with old and new values, the validator's reasons refuse a bad correction, and a
stale version conflicts. Ångra: the registrant takes the case back within the window."""
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from casework.cases import corrections, handling, queries, urgency
from casework.cases.corrections import (
    TEXTS,
    NothingToChange,
    NotYours,
    correct_case,
    withdraw_case,
)
from casework.cases.handling import StaleVersion
from casework.cases.models import CaseEvent, CaseType
from casework.core.clock import as_utc, local_today
from casework.core.errors import DomainError, InvalidFields
from casework.core.extensions import db
from casework.trail.models import AuditEvent
from tests import factories

RECEIVED = factories.RECEIVED


def last_event(case):
    return db.session.scalars(sa.select(CaseEvent).where(CaseEvent.case_id == case.id)
                              .order_by(CaseEvent.id.desc())).first()


def audit(case, action):
    return db.session.scalars(sa.select(AuditEvent.detail).where(
        AuditEvent.case_id == case.id, AuditEvent.action == action)).all()


def event_names(case) -> list[str]:
    return db.session.scalars(sa.select(CaseEvent.event).where(CaseEvent.case_id == case.id)
                              .order_by(CaseEvent.id)).all()


def history(case) -> list[str]:
    return [entry.text for entry in handling.timeline(case)]


# field, the value corrected to, as the audit keeps the old and the new value (a free text as
# None: the audit keeps no case content), the start of its text in the history
KLAGOMAL_CHANGES = [
    ("type", "synpunkt", ["klagomal", "synpunkt"], "Typ: Klagomål → Synpunkt"),
    ("received_on", date(2025, 3, 3), ["2025-03-04", "2025-03-03"],
     "Inkom: 4 mars 2025 → 3 mars 2025"),
    ("source", "narstaende", ["annan", "narstaende"], "Från vem: Annan → Närstående"),
    ("channel", "telefon", [None, "telefon"], "Kanal: inget → Telefon"),
    ("categories", ["bemotande", "bemanning"], [["annat"], ["bemanning", "bemotande"]],
     "Kategori: Annat → Bemanning, Bemötande"),
    ("description", "Kvällsbesöket uteblev.", [None, None], "Beskrivning"),
    ("contact", "Dottern, 070-123 45 67", [None, None], "Kontaktuppgifter"),
]
AVVIKELSE_CHANGES = [
    ("identified_by", "extern", ["medarbetare", "extern"],
     ("Vem har identifierat avvikelsen: Medarbetare inom den egna verksamheten → "
      "Extern samverkanspart")),
    ("concerns", "annan_verksamhet", ["egen_verksamhet", "annan_verksamhet"],
     "Vem avser avvikelsen: Den egna verksamheten → Annan verksamhet"),
    ("occurred_on", date(2025, 3, 1), [None, "2025-03-01"], "När det hände: inget → 1 mars 2025"),
    ("immediate_measures", "Sjuksköterskan ringdes.", [None, None], "Omedelbara åtgärder"),
]


@pytest.mark.parametrize("case_type, field, value, recorded, told",
                         [("klagomal", *c) for c in KLAGOMAL_CHANGES]
                         + [("avvikelse", *c) for c in AVVIKELSE_CHANGES])
def test_a_corrected_field_is_written_and_in_the_history_and_the_audit(
        unit, manager, case_type, field, value, recorded, told):
    case = factories.case(unit, case_type)
    before = getattr(case, field) or None

    changes = correct_case(case, case.version, manager, **{field: value})

    assert list(changes) == [field] and case.version == 2
    if field == "categories":
        assert case.categories == sorted(value)
    else:
        assert getattr(case, field) == (CaseType(value) if field == "type" else value)
    event = last_event(case)
    # The history, part of the case, keeps a free text's old and new wording too.
    kept = [before, value] if field in TEXTS else recorded
    assert (event.event, event.user_id, event.data) == (
        "corrected", manager.id, {"changes": [[field, *kept]]})
    assert audit(case, "correct") == [{"corrected": {field: recorded}}]
    assert history(case)[-1].startswith(f"Rättade {told}")


def test_several_fields_at_once_are_one_event_told_in_order(unit, manager):
    case = factories.case(unit, description="Fel text.")
    correct_case(case, 1, manager, type="synpunkt", categories=["fraga_ide"],
                 description="Rätt text.")
    assert history(case)[-1] == ("Rättade Typ: Klagomål → Synpunkt; Kategori: Annat → Fråga/idé; "
                                 "Beskrivning: ”Fel text.” → ”Rätt text.”")
    assert case.description == "Rätt text." and case.type is CaseType.SYNPUNKT
    assert case.category_bits == 1 << 7  # fraga_ide's bit, no longer annat's
    assert "Rätt text" not in str(audit(case, "correct"))


def test_anonymity_is_corrected_as_intake_takes_it(unit, manager):
    case = factories.case(unit)
    correct_case(case, 1, manager, source="anonym")
    assert (case.source, case.anonymous) == (None, True)
    assert history(case)[-1] == "Rättade Från vem: Annan → inget; Anonym: Nej → Ja"


def test_nothing_changed_writes_nothing(unit, manager):
    case = factories.case(unit)
    with pytest.raises(NothingToChange, match="Inget att ändra") as raised:
        correct_case(case, 1, manager, source="annan", categories=["annat"], description=(
            " " + factories.DESCRIPTION + " "), contact="")
    assert not raised.value.stale
    assert (case.version, last_event(case).event, audit(case, "correct")) == (1, "created", [])


def test_a_second_submission_of_a_saved_correction_finds_nothing_to_change(unit, manager):
    case = factories.case(unit)
    correct_case(case, 1, manager, type="synpunkt")
    with pytest.raises(NothingToChange) as raised:
        correct_case(case, 1, manager, type="synpunkt")  # the same form, sent again
    assert raised.value.stale
    assert event_names(case) == ["created", "corrected"]


def test_a_stale_version_conflicts(unit, manager):
    case = factories.case(unit)
    handling.assign_handler(case, 1, manager, handler_id=manager.id)
    with pytest.raises(StaleVersion):
        correct_case(case, 1, manager, type="synpunkt")
    assert case.type is CaseType.KLAGOMAL


@pytest.mark.parametrize("fields, field, message", [
    ({"type": "nonsense"}, "type", "Välj typ."),
    ({"type": "lex_sarah"}, "type", "kan bara rättas till klagomål, synpunkt, beröm"),
    ({"received_on": None}, "received_on", "Ange när ärendet kom in."),
    ({"received_on": date(9999, 12, 31)}, "received_on", "Datumet kan inte vara senare än i dag."),
    ({"received_on": date(1, 1, 1)}, "received_on", "Datumet kan inte vara före 2000-01-01."),
    ({"source": "hittepa"}, "source", "Välj från vem ur mallen för 2025."),
    ({"source": None}, "source", "Välj från vem ärendet kom, eller Anonym."),
    ({"channel": "brevduva"}, "channel", "Välj ett av alternativen."),
    ({"categories": []}, "categories", "Välj minst en kategori."),
    ({"categories": ["avv_annat"]}, "categories", "Välj kategorier från mallen för 2025."),
    ({"description": "  "}, "description", "Skriv vad ärendet gäller."),
    ({"type": "berom"}, "categories", "Beröm registreras utan kategori."),
])
def test_the_validator_refuses_a_bad_correction_at_its_field(unit, manager, fields, field,
                                                             message):
    case = factories.case(unit)
    with pytest.raises(InvalidFields) as raised:
        correct_case(case, 1, manager, **fields)
    assert any(e.field == field and message in e.message for e in raised.value.errors), (
        raised.value.errors)
    assert case.version == 1 and event_names(case) == ["created"]


def test_an_avvikelse_is_refused_an_event_after_it_came_in(unit, manager):
    case = factories.case(unit, "avvikelse")
    with pytest.raises(InvalidFields, match="Det kan inte ha hänt efter att ärendet kom in."):
        correct_case(case, 1, manager, occurred_on=RECEIVED + timedelta(days=1))
    with pytest.raises(InvalidFields, match="kan bara rättas till avvikelse"):
        correct_case(case, 1, manager, type="klagomal")


def test_a_closed_withdrawn_or_legal_case_is_not_corrected(unit, manager):
    closed = factories.case(unit, "berom")
    handling.close(closed, 1, manager, summary="Tackade.")
    planner = factories.user("planerare", unit)
    withdrawn = factories.case(unit, by=planner)
    withdraw_case(withdrawn, planner)
    sarah = factories.case(unit, "lex_sarah")
    for case, message in [(closed, "Ärendet är avslutat: återöppna det"),
                          (withdrawn, "Ärendet är återtaget"),
                          (sarah, "Lex Sarah rättas i dess steg")]:
        with pytest.raises(DomainError, match=message):
            correct_case(case, case.version, manager, description="Annat.")
        assert not corrections.may_correct(manager, case)
    assert corrections.may_correct(manager, factories.case(unit))
    assert not corrections.may_correct(planner, factories.case(unit))  # sees, does not handle


def test_a_new_received_date_or_type_moves_the_deadlines(unit, manager):
    case = factories.case(unit, "berom")
    assert case.due_on is None  # beröm has no clock
    correct_case(case, 1, manager, type="klagomal", source="annan", categories=["annat"])
    first = case.due_on
    assert first is not None
    correct_case(case, 2, manager, received_on=RECEIVED - timedelta(days=7))
    assert case.due_on == first - timedelta(days=7)
    assert case.next_alert_at is not None or case.due_on < local_today()


# ---- Ångra ------------------------------------------------------------------------------------

@pytest.fixture
def planner(unit):
    return factories.user("planerare", unit, name="Pia Planerare")


def test_the_registrant_takes_the_case_back_within_the_window(unit, planner):
    case = factories.case(unit, by=planner)
    assert case.due_on is not None

    withdraw_case(case, planner)

    assert (case.status, case.number, case.due_on, case.next_alert_at) == (
        "atertaget", case.number, None, None)
    assert history(case) == ["Registrerade ärendet",
                             ("Återtaget av Pia Planerare direkt efter registreringen. "
                              "Status: Ny → Återtaget")]
    assert len(audit(case, "withdraw")) == 1
    withdraw_case(case, planner)  # a second click changes nothing
    assert event_names(case) == ["created", "withdrawn"]


def test_no_one_else_takes_it_back(unit, planner, manager):
    case = factories.case(unit, by=planner)
    with pytest.raises(NotYours, match="Bara den som registrerade ärendet"):
        withdraw_case(case, manager)
    assert case.status == "ny"


def test_after_the_window_it_is_too_late(unit, planner, monkeypatch, app):
    case = factories.case(unit, by=planner)
    registered = as_utc(case.created_at)
    monkeypatch.setattr(corrections, "utcnow", lambda: registered + timedelta(minutes=4))
    assert app.config["WITHDRAW_WINDOW_MINUTES"] == 5
    other = factories.case(unit, by=planner)
    withdraw_case(other, planner)  # four minutes on: still in time

    monkeypatch.setattr(corrections, "utcnow", lambda: registered + timedelta(minutes=5, seconds=1))
    with pytest.raises(DomainError, match="bara ångras inom 5 minuter"):
        withdraw_case(case, planner)
    monkeypatch.setitem(app.config, "WITHDRAW_WINDOW_MINUTES", 10)
    withdraw_case(case, planner)
    assert case.status == "atertaget"


def test_a_case_someone_has_worked_on_is_not_taken_back(unit, planner, manager):
    assigned = factories.case(unit, by=planner)
    handling.assign_handler(assigned, 1, manager, handler_id=manager.id)
    corrected = factories.case(unit, by=planner)
    correct_case(corrected, 1, manager, type="synpunkt")
    for case in (assigned, corrected):
        with pytest.raises(DomainError, match="redan börjat handläggas"):
            withdraw_case(case, planner)


def test_a_withdrawn_case_takes_no_step_and_leaves_the_lists_of_work(unit, planner, manager):
    case = factories.case(unit, by=planner, received_on=local_today() - timedelta(days=30))
    kept = factories.case(unit, by=planner, received_on=local_today() - timedelta(days=30))
    withdraw_case(case, planner)
    with pytest.raises(DomainError, match="Ärendet har status Återtaget"):
        handling.assign_handler(case, case.version, manager, handler_id=manager.id)

    today = local_today()
    listed = urgency.urgent(manager, today, limit=100)
    reasons = {row.case.id: row.reason for row in listed.rows}
    assert case.id not in reasons and reasons[kept.id] is urgency.Reason.OVERDUE
    listed = queries.case_page(manager, queries.Filters(), queries.Order(), today).rows
    assert [row.id for row in listed] == [kept.id]
    asked = queries.case_page(manager, queries.Filters(status="atertaget"), queries.Order(), today)
    assert [row.id for row in asked.rows] == [case.id]
    assert [row.id for row in queries.registered_by(planner, today)] == [kept.id]
