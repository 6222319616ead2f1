"""Handling services: each step, its counting dates, its event, stale versions and refusals."""
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from casework.cases import handling
from casework.cases.handling import InvalidInput, StaleVersion
from casework.cases.models import Case, CaseEvent
from casework.cases.services import create_case
from casework.core.clock import local_today
from casework.core.errors import DomainError
from casework.core.extensions import db
from tests import factories
from tests.drafts import needed

RECEIVED = date(2025, 3, 4)


def new_case(unit, **fields):
    values = dict(type="klagomal", unit_id=unit.id, received_on=RECEIVED, registered_by_id=None,
                  description="Morgonbesöket kom för sent.")
    return create_case(**needed(**(values | fields)))


def events(case):
    query = sa.select(CaseEvent.event, CaseEvent.data).where(CaseEvent.case_id == case.id)
    return [tuple(row) for row in db.session.execute(query.order_by(CaseEvent.id))]


def test_handlers_are_the_active_managers_over_the_unit(unit, manager):
    chief = factories.user("enhetschef", unit.parent, name="Erik Enhetschef")
    factories.user("planerare", unit)
    factories.user("bitradande_enhetschef", unit, active=False)
    factories.user("bitradande_enhetschef")  # another unit
    mas = factories.user("mas", unit.parent, name="Maja MAS")

    assert handling.eligible_handlers(new_case(unit)) == [manager, chief]
    assert handling.eligible_handlers(new_case(unit, type="lex_maria")) == [mas]


def test_assigning_starts_the_work_and_names_the_handler(unit, manager):
    case = new_case(unit)

    handling.assign_handler(case, 1, manager, handler_id=manager.id)

    assert (case.handler, case.status, case.version) == (manager, "pagaende", 2)
    assert events(case)[-1] == ("assigned", {"handler": manager.id, "from": "ny", "to": "pagaende"})
    with pytest.raises(InvalidInput, match="redan handläggare") as raised:
        handling.assign_handler(case, 2, manager, handler_id=manager.id)
    assert raised.value.field == "handler_id"


def test_only_someone_who_may_handle_the_case_is_assigned(unit, manager):
    case = new_case(unit)
    for outsider in (factories.user("planerare", unit), factories.user("bitradande_enhetschef")):
        with pytest.raises(InvalidInput, match="Välj någon som får handlägga"):
            handling.assign_handler(case, 1, manager, handler_id=outsider.id)
    assert (case.handler, case.status, case.version) == (None, "ny", 1)


def test_first_action_on_is_the_earliest_action_date(unit, manager):
    case = new_case(unit)

    handling.add_action(case, 1, manager, description="Ringde.", taken_on=date(2025, 3, 10))
    handling.add_action(case, 2, manager, description="Ändrade schemat.", taken_on=date(2025, 3, 6))
    handling.add_action(case, 3, manager, description="Följde upp.", taken_on=date(2025, 3, 20))

    assert case.first_action_on == date(2025, 3, 6)
    assert len(case.actions) == 3
    assert (case.status, case.version) == ("pagaende", 4)  # every step moves the version
    assert [data for name, data in events(case) if name == "action_added"] == [
        {"on": "2025-03-10", "from": "ny", "to": "pagaende"},
        {"on": "2025-03-06"},
        {"on": "2025-03-20"},
    ]


def test_feedback_on_is_the_earliest_aterkoppling_date(unit, manager):
    case = new_case(unit)

    handling.record_feedback(case, 1, manager, given_on=date(2025, 3, 12), method="brev",
                             recipient="Närstående (dotter)", content="Skrev om det nya schemat.")
    handling.record_feedback(case, 2, manager, given_on=date(2025, 3, 7), method="telefon",
                             recipient="Brukaren", content="Bad om ursäkt för förseningen.")

    assert case.feedback_on == date(2025, 3, 7) and case.status == "pagaende"
    assert [(f.method, f.recipient, f.content) for f in case.feedback] == [
        ("brev", "Närstående (dotter)", "Skrev om det nya schemat."),
        ("telefon", "Brukaren", "Bad om ursäkt för förseningen."),
    ]
    assert events(case)[-1] == ("feedback_recorded", {"on": "2025-03-07", "method": "telefon"})


@pytest.mark.parametrize("days", [(10, 6, 20), (6, 20, 10), (20, 10, 6)])
def test_first_dates_are_the_earliest_records_whatever_order_they_come_in(unit, manager, days):
    """Each record added as a request adds it: the case read afresh, the step committed."""
    case_id = new_case(unit).id
    db.session.commit()
    for day in days:
        db.session.expire_all()
        case = db.session.get(Case, case_id)
        on = date(2025, 3, day)
        handling.add_action(case, case.version, manager, description="Åtgärd.", taken_on=on)
        handling.record_feedback(case, case.version, manager, given_on=on, method="telefon",
                                 recipient="Brukaren", content="Svar.")
        db.session.commit()

    db.session.expire_all()
    case = db.session.get(Case, case_id)
    assert case.first_action_on == min(a.taken_on for a in case.actions) == date(2025, 3, 6)
    assert case.feedback_on == min(f.given_on for f in case.feedback) == date(2025, 3, 6)
    assert len(case.actions) == len(case.feedback) == 3


@pytest.mark.parametrize("taken_on, message", [
    (RECEIVED - timedelta(days=1), "före den dag ärendet kom in"),
    (None, "i framtiden"),
])
def test_impossible_dates_are_refused_on_their_field(unit, manager, taken_on, message):
    case = new_case(unit)
    with pytest.raises(InvalidInput, match=message) as raised:
        handling.add_action(case, 1, manager, description="x",
                            taken_on=taken_on or local_today() + timedelta(days=1))
    assert raised.value.field == "taken_on"
    assert (case.actions, case.first_action_on, case.status) == ([], None, "ny")


def test_feedback_needs_a_known_method_a_recipient_and_what_was_said(unit, manager):
    case = new_case(unit)
    for method, recipient, content, field, message in (
        ("fax", "A", "Svar.", "method", "Välj hur"),
        ("brev", " ", "Svar.", "recipient", "till vem"),
        ("brev", "A", " \n ", "content", "vad som återkopplades"),
    ):
        with pytest.raises(InvalidInput, match=message) as raised:
            handling.record_feedback(case, 1, manager, given_on=RECEIVED, method=method,
                                     recipient=recipient, content=content)
        assert raised.value.field == field
    assert case.feedback == [] and case.feedback_on is None


STEPS = {
    "assign_handler": lambda case, v, user: handling.assign_handler(
        case, v, user, handler_id=user.id),
    "add_action": lambda case, v, user: handling.add_action(
        case, v, user, description="x", taken_on=RECEIVED),
    "record_feedback": lambda case, v, user: handling.record_feedback(
        case, v, user, given_on=RECEIVED, method="mote", recipient="Brukaren", content="Svar."),
    "mark_for_apt": handling.mark_for_apt,
    "record_apt": lambda case, v, user: handling.record_apt(
        [case.id], RECEIVED, user, versions={case.id: v}),
    "close": lambda case, v, user: handling.close(case, v, user, summary="Klart."),
    "reopen": handling.reopen,
}


#: Steps that only add to the case: a version the user saw before others saved is no conflict.
APPENDS = ("add_action", "record_feedback")


@pytest.mark.parametrize("step", [step for step in STEPS if step not in APPENDS])
def test_a_stale_version_is_refused_with_the_current_one(unit, manager, step):
    case = new_case(unit, type="berom", anonymous=True)
    handling.mark_for_apt(case, 1, manager)
    if step in ("mark_for_apt", "reopen"):
        handling.close(case, 2, manager, summary="Tack framförd.")
    before = (case.version, case.status, len(events(case)))

    with pytest.raises(StaleVersion) as raised:
        STEPS[step](case, 1, manager)

    assert raised.value.current_version == case.version == before[0]
    assert (case.version, case.status, len(events(case))) == before
    assert "har ändrats av någon annan" in str(raised.value)


@pytest.mark.parametrize("step", APPENDS)
def test_an_append_goes_on_from_the_case_as_stored_now(unit, manager, step):
    case = new_case(unit)
    handling.assign_handler(case, 1, manager, handler_id=manager.id)
    db.session.execute(sa.update(Case).where(Case.id == case.id).values(version=Case.version + 1)
                       .execution_options(synchronize_session=False))

    STEPS[step](case, 1, manager)

    assert case.version == 4 and events(case)[-1][0] in ("action_added", "feedback_recorded")


def test_a_version_changed_under_the_session_is_a_conflict_at_flush(unit, manager):
    case = new_case(unit)
    db.session.execute(sa.update(Case).where(Case.id == case.id).values(version=Case.version + 1)
                       .execution_options(synchronize_session=False))

    with pytest.raises(StaleVersion) as raised:
        handling.mark_for_apt(case, 1, manager)
    assert raised.value.current_version is None


def test_closing_records_the_summary_and_needs_aterkoppling_first(unit, manager):
    case = new_case(unit)
    handling.add_action(case, 1, manager, description="Ringde.", taken_on=RECEIVED)
    with pytest.raises(DomainError, match="Återkoppling sker alltid"):
        handling.close(case, 2, manager, summary="Klart.")
    handling.record_feedback(case, 2, manager, given_on=RECEIVED, method="telefon",
                             recipient="Brukaren", content="Berättade om det nya schemat.")

    handling.close(case, 3, manager, summary="  Nytt schema från april.  ")

    assert (case.status, case.closed_on) == ("avslutad", local_today())
    assert case.closing_summary == "Nytt schema från april."
    assert events(case)[-1] == ("closed", {"from": "pagaende", "to": "avslutad"})


def test_an_illegal_transition_changes_nothing(unit, manager):
    case = new_case(unit, type="berom")
    handling.close(case, 1, manager, summary="Tack framförd till personalen.")

    for step in ("close", "add_action", "record_feedback"):
        with pytest.raises(DomainError) as raised:
            STEPS[step](case, 2, manager)
        assert not isinstance(raised.value, (InvalidInput, StaleVersion))
    assert (case.status, case.version, case.actions, case.feedback) == ("avslutad", 2, [], [])
    assert [name for name, _ in events(case)] == ["created", "closed"]


def test_reopening_clears_the_closing_date_and_keeps_the_summary(unit, manager):
    case = new_case(unit, type="berom")
    handling.close(case, 1, manager, summary="Tack framförd.")

    handling.reopen(case, 2, manager)

    assert (case.status, case.closed_on, case.closing_summary) == (
        "pagaende", None, "Tack framförd.",
    )
    assert events(case)[-1] == ("reopened", {"from": "avslutad", "to": "pagaende"})


def test_cases_marked_for_apt_are_recorded_together(unit, manager):
    first, second, unmarked = new_case(unit), new_case(unit, type="avvikelse"), new_case(unit)
    for case in (first, second):
        handling.mark_for_apt(case, 1, manager)
    with pytest.raises(DomainError, match="redan markerat"):
        handling.mark_for_apt(first, 2, manager)

    recorded = handling.record_apt([second.id, first.id], date(2025, 3, 20), manager)

    assert recorded == [first, second]
    for case in (first, second):
        assert (case.apt_pending, case.apt_discussed_on, case.status) == (
            False, date(2025, 3, 20), "ny",
        )
        assert [name for name, _ in events(case)] == ["created", "apt_marked", "apt_recorded"]
    assert handling.apt_agenda(unit, manager) == []
    with pytest.raises(DomainError, match=f"Ärende {unmarked.number}: Ärendet är inte markerat"):
        handling.record_apt([unmarked.id], date(2025, 3, 20), manager)


def test_apt_recording_is_all_or_nothing_within_scope(unit, manager):
    own = new_case(unit)
    handling.mark_for_apt(own, 1, manager)
    elsewhere = new_case(factories.node(name="Trekanten hemtjänst"))

    with pytest.raises(DomainError, match="får inte handläggas av dig"):
        handling.record_apt([own.id, elsewhere.id], RECEIVED, manager)
    with pytest.raises(InvalidInput, match="Välj minst ett ärende"):
        handling.record_apt([], RECEIVED, manager)
    with pytest.raises(InvalidInput, match=f"Ärende {own.number}: Datumet kan inte vara före"):
        handling.record_apt([own.id], RECEIVED - timedelta(days=3), manager)
    assert own.apt_pending and own.apt_discussed_on is None


def test_events_hold_no_case_content_and_the_timeline_is_in_swedish(app, unit, manager):
    case = new_case(unit, registered_by_id=manager.id)
    handling.assign_handler(case, 1, manager, handler_id=manager.id)
    handling.add_action(case, 2, manager, description="Hemligt innehåll", taken_on=RECEIVED)
    handling.record_feedback(case, 3, manager, given_on=date(2025, 3, 14), method="e_post",
                             recipient="Anna Andersson", content="Hemligt svar")
    handling.mark_for_apt(case, 4, manager)
    handling.close(case, 5, manager, summary="Sammanfattande text")

    assert not any(
        text in str(data)
        for _, data in events(case)
        for text in ("Hemligt", "Anna", "Sammanfattande", "Morgonbesöket")
    )
    with app.test_request_context():
        entries = handling.timeline(case)
    assert {entry.who for entry in entries} == {"Bea Biträdande"}
    assert [entry.text for entry in entries] == [
        "Registrerade ärendet",
        "Tilldelade ärendet till Bea Biträdande. Status: Ny → Pågående",
        "Lade till en åtgärd daterad 4 mars 2025",
        "Registrerade återkoppling (e-post) daterad 14 mars 2025",
        "Markerade ärendet för nästa APT",
        "Avslutade ärendet. Status: Pågående → Avslutad",
    ]
