"""Lex Sarah: each step of the workflow, its refusals, the escalation link and the report rows."""
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from casework.cases.details import details_of
from casework.cases.handling import InvalidInput, StaleVersion
from casework.cases.models import CaseEvent
from casework.cases.services import create_case
from casework.core.clock import local_today
from casework.core.errors import DomainError, InvalidFields
from casework.core.extensions import db
from casework.core.taxonomy import catalogue
from casework.legal import services as legal
from casework.legal.models import LexSarahDetails, escalated_from, escalated_to
from casework.organisation.services import close_unit
from casework.reports import count_report
from tests import factories

RECEIVED = factories.RECEIVED  # the day the factory cases came in
ASSESSED = date(2025, 3, 21)


@pytest.fixture
def chief(unit):
    return factories.user("enhetschef", unit.parent, name="Erik Enhetschef")


def events(case):
    query = sa.select(CaseEvent.event, CaseEvent.data).where(CaseEvent.case_id == case.id)
    return [tuple(row) for row in db.session.execute(query.order_by(CaseEvent.id))]


def investigate(case, user, finished_on=date(2025, 3, 20), **fields):
    values = dict(started_on=case.received_on + timedelta(days=1), finished_on=finished_on,
                  what_happened="Dosetten fylldes inte på fredagen.",
                  why="Rutinen för överlämning saknades.",
                  prevention="Ny checklista för överlämning.",
                  measures="Genomgång på APT.")
    return legal.record_investigation(case, case.version, user, **(values | fields))


def walk_to_assessment(case, manager):
    legal.record_protection(case, case.version, manager, measures="Extra besök samma dag.",
                            taken_on=case.received_on)
    investigate(case, manager, finished_on=case.received_on + timedelta(days=16))


def test_the_whole_workflow_of_a_serious_case(unit, manager, chief):
    case = factories.case(unit, "lex_sarah")

    legal.record_protection(case, 1, manager, measures="Extra besök samma dag.",
                            taken_on=date(2025, 3, 4))
    assert case.status == "skyddsatgarder"
    investigate(case, manager, finished_on=None)
    assert case.status == "utreds"
    investigate(case, manager)
    legal.assess(case, case.version, chief, assessment="allvarligt", assessed_on=ASSESSED)
    assert case.status == "bedomd"
    legal.notify_ivo(case, case.version, manager, notified_on=date(2025, 3, 24),
                     reference="", documents="Anmälan och utredningen.")
    assert (case.status, case.authority_notified_on) == ("anmald_ivo", date(2025, 3, 24))
    legal.record_ivo_decision(case, case.version, manager, decision="Ärendet avslutas.",
                              decided_on=date(2025, 4, 10), reference="IVO 3.5.1-12345/2025")
    assert case.status == "ivo_beslut"
    legal.close_lex_sarah(case, case.version, manager, summary="Rutinen är ändrad.",
                          lessons="Överlämningar behöver en checklista.")

    row = details_of(case)
    assert case.status == "avslutad" and case.closed_on == local_today()
    assert (row.protective_measures, row.protective_measures_on) == (
        "Extra besök samma dag.", date(2025, 3, 4))
    assert (row.investigation_started_on, row.investigation_finished_on) == (
        date(2025, 3, 5), date(2025, 3, 20))
    assert (row.assessment, row.assessed_by, row.assessed_on) == ("allvarligt", chief, ASSESSED)
    assert (row.ivo_reference, row.ivo_documents) == (
        "IVO 3.5.1-12345/2025", "Anmälan och utredningen.")
    assert (row.ivo_decision_on, row.lessons) == (
        date(2025, 4, 10), "Överlämningar behöver en checklista.")
    assert [name for name, _ in events(case)] == [
        "created", "protection_recorded", "investigation_recorded", "investigation_recorded",
        "assessed", "ivo_notified", "ivo_decision_recorded", "closed",
    ]
    # Event data holds dates and statuses, never the content of the case.
    assert all(set(data) <= {"on", "from", "to"} for _, data in events(case))


def test_a_case_not_serious_closes_after_the_assessment_without_ivo(unit, manager, chief):
    case = factories.case(unit, "lex_sarah")
    walk_to_assessment(case, manager)
    legal.assess(case, case.version, chief, assessment="missforhallande", assessed_on=ASSESSED)

    with pytest.raises(DomainError, match="kräver ingen anmälan till IVO"):
        legal.notify_ivo(case, case.version, manager, notified_on=date(2025, 3, 24),
                         reference="", documents="x")
    legal.close_lex_sarah(case, case.version, manager, summary="Klart.", lessons="Vi lärde oss.")

    assert case.status == "avslutad" and case.authority_notified_on is None


def test_a_serious_case_does_not_close_before_ivo_has_decided(unit, manager, chief):
    case = factories.case(unit, "lex_sarah")
    walk_to_assessment(case, manager)
    legal.assess(case, case.version, chief, assessment="patagl_risk_allvarligt",
                 assessed_on=ASSESSED)

    with pytest.raises(DomainError, match="kräver en anmälan till IVO"):
        legal.close_lex_sarah(case, case.version, manager, summary="Klart.", lessons="x")
    legal.notify_ivo(case, case.version, manager, notified_on=date(2025, 3, 24),
                     reference="", documents="Anmälan.")
    with pytest.raises(DomainError, match="Ärendet har status Anmäld till IVO"):
        legal.close_lex_sarah(case, case.version, manager, summary="Klart.", lessons="x")


@pytest.mark.parametrize("step, kwargs, message", [
    ("record_investigation", dict(started_on=RECEIVED, finished_on=None, what_happened="",
                                  why="", prevention="", measures=""),
     "Ärendet har status Ny: det går inte att registrera utredningen."),
    ("assess", dict(assessment="allvarligt", assessed_on=ASSESSED),
     "Ärendet har status Ny: det går inte att registrera bedömningen."),
    ("notify_ivo", dict(notified_on=RECEIVED, reference="", documents="x"),
     "Ärendet har status Ny: det går inte att registrera anmälan till IVO."),
    ("record_ivo_decision", dict(decision="x", decided_on=RECEIVED, reference=""),
     "Ärendet har status Ny: det går inte att registrera IVO:s beslut."),
])
def test_steps_out_of_order_are_refused_in_swedish(unit, chief, step, kwargs, message):
    case = factories.case(unit, "lex_sarah")
    with pytest.raises(DomainError) as raised:
        getattr(legal, step)(case, 1, chief, **kwargs)
    assert str(raised.value) == message
    assert (case.status, case.version) == ("ny", 1)


def test_closing_needs_what_was_learnt_and_a_new_case_no_protection_twice(unit, manager, chief):
    case = factories.case(unit, "lex_sarah")
    with pytest.raises(DomainError, match="Ärendet har status Ny: det går inte att avsluta"):
        legal.close_lex_sarah(case, 1, manager, summary="x", lessons="x")
    walk_to_assessment(case, manager)
    with pytest.raises(DomainError, match="det går inte att registrera omedelbara"):
        legal.record_protection(case, case.version, manager, measures="x", taken_on=RECEIVED)
    legal.assess(case, case.version, chief, assessment="ej_missforhallande", assessed_on=ASSESSED)
    with pytest.raises(DomainError, match="Skriv vad verksamheten har lärt sig"):
        legal.close_lex_sarah(case, case.version, manager, summary="Klart.", lessons=" ")


def test_the_assessment_is_signed_by_the_enhetschef_only(unit, manager, chief):
    case = factories.case(unit, "lex_sarah")
    walk_to_assessment(case, manager)

    with pytest.raises(DomainError, match="Bedömningen signeras av enhetschefen."):
        legal.assess(case, case.version, manager, assessment="allvarligt", assessed_on=ASSESSED)
    with pytest.raises(InvalidInput, match="Välj en bedömning") as raised:
        legal.assess(case, case.version, chief, assessment="lite_allvarligt", assessed_on=ASSESSED)
    assert raised.value.field == "assessment"
    other_chief = factories.user("enhetschef")  # another unit's
    with pytest.raises(DomainError, match="signeras av enhetschefen"):
        legal.assess(case, case.version, other_chief, assessment="allvarligt", assessed_on=ASSESSED)
    assert case.status == "utreds"


def test_the_assessment_waits_for_a_finished_investigation(unit, manager, chief):
    case = factories.case(unit, "lex_sarah")
    legal.record_protection(case, 1, manager, measures="x", taken_on=RECEIVED)
    investigate(case, manager, finished_on=None, why="")

    with pytest.raises(DomainError, match="Utredningen är inte klar"):
        legal.assess(case, case.version, chief, assessment="allvarligt", assessed_on=ASSESSED)
    with pytest.raises(InvalidInput, match="Beskriv varför det hände") as raised:
        investigate(case, manager, why="  ")
    assert raised.value.field == "why"
    with pytest.raises(InvalidInput, match="innan den började"):
        investigate(case, manager, started_on=date(2025, 3, 10), finished_on=date(2025, 3, 9))


def test_dates_are_checked(unit, manager, chief):
    case = factories.case(unit, "lex_sarah")
    with pytest.raises(InvalidInput, match="i framtiden"):
        legal.record_protection(case, 1, manager, measures="x",
                                taken_on=local_today() + timedelta(days=1))
    with pytest.raises(InvalidInput, match="före den dag ärendet kom in"):
        legal.record_protection(case, 1, manager, measures="x", taken_on=date(2025, 3, 1))
    walk_to_assessment(case, manager)
    legal.assess(case, case.version, chief, assessment="allvarligt", assessed_on=ASSESSED)
    with pytest.raises(InvalidInput, match="före bedömningen"):
        legal.notify_ivo(case, case.version, manager, notified_on=date(2025, 3, 20),
                         reference="", documents="x")


def test_a_stale_version_is_refused(unit, manager):
    case = factories.case(unit, "lex_sarah")
    with pytest.raises(StaleVersion):
        legal.record_protection(case, 2, manager, measures="x", taken_on=RECEIVED)


# Escalation


def test_a_complaint_is_escalated_into_a_linked_lex_sarah_case(unit, manager):
    complaint = factories.case(unit, "avvikelse", description="Larmet fungerade inte.",
                               occurred_on=date(2025, 3, 3))

    sarah = legal.escalate_to_lex_sarah(complaint, 1, manager, description="Larmet fungerade inte.")

    assert (sarah.type, sarah.unit, sarah.received_on) == ("lex_sarah", unit, local_today())
    assert (sarah.registered_by_id, sarah.occurred_on) == (manager.id, date(2025, 3, 3))
    assert escalated_from(sarah) == complaint and escalated_to(complaint) == sarah
    assert complaint.status == "pagaende"
    assert events(complaint)[-1] == ("escalated", {"number": sarah.number, "from": "ny",
                                                   "to": "pagaende"})
    assert events(sarah)[-1] == ("escalated_from", {"number": complaint.number})
    with pytest.raises(DomainError, match="redan blivit ett lex Sarah-ärende"):
        legal.escalate_to_lex_sarah(complaint, complaint.version, manager, description="x")


def test_an_avvikelse_of_a_unit_since_closed_is_still_escalated(unit, manager):
    """The duty to report a missförhållande outlives the unit; a new case there is refused."""
    deviation = factories.case(unit, "avvikelse", description="Larmet fungerade inte.")
    close_unit(unit)

    sarah = legal.escalate_to_lex_sarah(deviation, 1, manager, description="Larmet.")

    assert sarah.unit == unit and escalated_from(sarah) == deviation
    with pytest.raises(InvalidFields, match="Enheten är stängd"):
        create_case(**factories.case_fields("avvikelse", unit_id=unit.id,
                                            received_on=local_today(), registered_by_id=None))


def test_praise_and_legal_cases_are_not_escalated(unit, manager):
    praise = factories.case(unit, "berom")
    with pytest.raises(DomainError, match="För ärendetypen Beröm går det inte"):
        legal.escalate_to_lex_sarah(praise, 1, manager, description="x")
    with pytest.raises(DomainError, match="För ärendetypen Lex Sarah går det inte"):
        legal.escalate_to_lex_sarah(factories.case(unit, "lex_sarah"), 1, manager, description="x")


def test_deleting_the_original_keeps_the_lex_sarah_case(unit, manager):
    complaint = factories.case(unit)
    sarah = legal.escalate_to_lex_sarah(complaint, 1, manager, description="x")
    db.session.delete(complaint)
    db.session.flush()
    db.session.expire_all()

    assert db.session.get(LexSarahDetails, sarah.id).origin_case_id is None


# The report rows


@pytest.mark.parametrize("template", [2024, 2025])
def test_a_case_notified_to_ivo_lands_in_the_rows_of_its_tertial(unit, manager, chief, template):
    may = factories.case(unit, "lex_sarah", date(2025, 5, 12))
    walk_to_assessment(may, manager)
    legal.assess(may, may.version, chief, assessment="allvarligt", assessed_on=date(2025, 5, 28))
    legal.notify_ivo(may, may.version, manager, notified_on=date(2025, 6, 2), reference="",
                     documents="Anmälan.")
    factories.case(unit, "lex_sarah", date(2025, 2, 3))  # received in T1, not notified

    def rows(cutoff):
        table = count_report(catalogue().templates[template], unit, 2025, cutoff)
        return {r.key: (r.t1, r.t2, r.vb) for r in table.rows if r.key.startswith("lex_sarah")}

    assert rows(date(2025, 12, 31)) == {
        "lex_sarah_reports": (1, 1, 0), "lex_sarah_ivo": (0, 1, 0),
    }
    # Counted as notified only from the notification date on (counting rule 2).
    assert rows(date(2025, 6, 1))["lex_sarah_ivo"] == (0, 0, 0)


def test_what_the_deadline_clocks_can_read(unit, manager, chief):
    from casework.cases.details import clock_conditions, clock_started_at

    case = factories.case(unit, "lex_sarah")
    assert clock_conditions(case) == frozenset() and clock_started_at(case) is None
    walk_to_assessment(case, manager)
    assert clock_conditions(case) == {"protective_measures", "investigation_started",
                                      "investigation_finished"}
    legal.assess(case, case.version, chief, assessment="allvarligt", assessed_on=ASSESSED)
    assert "ivo_required" in clock_conditions(case)
