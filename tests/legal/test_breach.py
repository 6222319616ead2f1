"""Personuppgiftsincidenter: documented → IMY decided (notified, or why not) → art. 34 → closed.
The deadline clock reads ``discovered_at`` and ``authority_notified_on``."""
from datetime import date, datetime, timedelta, timezone

import pytest

from casework.cases import handling
from casework.cases.details import details_of
from casework.cases.handling import InvalidInput
from casework.core.clock import as_utc
from casework.core.errors import DomainError
from casework.core.taxonomy import catalogue
from casework.legal import services as legal
from casework.reports import count_report
from tests import factories


@pytest.fixture
def breach(unit):
    return factories.case(unit, "personuppgiftsincident")


def document(case, user, at=datetime(2025, 3, 4, 9, 30)):
    return legal.record_breach(
        case, case.version, user, discovered_at=at, what_happened="Listan skickades fel.",
        data_categories="Namn och adress på brukare.", approx_people=40, approx_records=40,
        consequences="Obehörig kan se vilka som har hemtjänst.", measures="Bad mottagaren radera.",
    )


def test_a_notified_breach_from_start_to_end(unit, manager, breach):
    document(breach, manager)
    assert breach.status == "utreds"
    legal.decide_imy(breach, breach.version, manager, notify=True,
                     notified_at=datetime(2025, 3, 5, 23, 30), reference="IMY-2025-1", reason="")
    legal.inform_subjects(breach, breach.version, manager, informed=True,
                          informed_on=date(2025, 3, 6), reason="")
    handling.close(breach, breach.version, manager, summary="Rutin för utskick ändrad.")

    row = details_of(breach)
    # Local (Stockholm) times are stored as UTC moments; the report date is the local date.
    assert as_utc(row.discovered_at) == datetime(2025, 3, 4, 8, 30, tzinfo=timezone.utc)
    assert as_utc(row.imy_notified_at) == datetime(2025, 3, 5, 22, 30, tzinfo=timezone.utc)
    assert breach.authority_notified_on == date(2025, 3, 5)
    assert (row.notify_imy, row.imy_reference, row.subjects_informed) == (True, "IMY-2025-1", True)
    assert (row.approx_people, row.approx_records) == (40, 40)
    assert breach.status == "avslutad"
    table = count_report(catalogue().templates[2025], unit, 2025, date(2025, 12, 31))
    assert [(r.t1, r.total) for r in table.rows if r.key == "personuppgifter"] == [(1, 1)]


def test_not_notifying_needs_a_reason_and_so_does_not_informing(manager, breach):
    document(breach, manager)
    with pytest.raises(InvalidInput, match="varför incidenten inte anmäls") as raised:
        legal.decide_imy(breach, 2, manager, notify=False, notified_at=None, reference="",
                         reason=" ")
    assert raised.value.field == "reason"
    legal.decide_imy(breach, 2, manager, notify=False, notified_at=None, reference="",
                     reason="Krypterad fil; ingen risk för de registrerade.")
    with pytest.raises(InvalidInput, match="varför de registrerade inte informeras"):
        legal.inform_subjects(breach, 3, manager, informed=False, informed_on=None, reason="")
    legal.inform_subjects(breach, 3, manager, informed=False, informed_on=None,
                          reason="Ingen hög risk.")
    row = details_of(breach)
    assert (row.notify_imy, breach.authority_notified_on) == (False, None)
    assert row.not_notified_reason == "Krypterad fil; ingen risk för de registrerade."


def test_the_order_and_the_times_are_checked(manager, breach):
    with pytest.raises(DomainError, match="Ärendet har status Ny: det går inte att registrera "
                                          "beslutet om anmälan till IMY."):
        legal.decide_imy(breach, 1, manager, notify=False, notified_at=None, reference="",
                         reason="x")
    with pytest.raises(DomainError, match="Ärendet har status Ny: det går inte att avsluta"):
        handling.close(breach, 1, manager, summary="x")
    with pytest.raises(InvalidInput, match="i framtiden"):
        document(breach, manager, at=datetime.now() + timedelta(days=2))
    with pytest.raises(InvalidInput, match="efter den dag ärendet kom in"):
        document(breach, manager, at=datetime(2025, 3, 5, 0, 10))  # received 4 March
    document(breach, manager)
    with pytest.raises(InvalidInput, match="innan incidenten upptäcktes"):
        legal.decide_imy(breach, 2, manager, notify=True, notified_at=datetime(2025, 3, 4, 8),
                         reference="", reason="")
    with pytest.raises(InvalidInput, match="Ange när incidenten anmäldes"):
        legal.decide_imy(breach, 2, manager, notify=True, notified_at=None, reference="",
                         reason="")
    with pytest.raises(DomainError, match="Registrera beslutet om anmälan till IMY"):
        handling.close(breach, 2, manager, summary="x")
    legal.decide_imy(breach, 2, manager, notify=False, notified_at=None, reference="", reason="x")
    with pytest.raises(DomainError, match="redan registrerat"):
        legal.decide_imy(breach, 3, manager, notify=True, notified_at=datetime(2025, 3, 5),
                         reference="", reason="")
    with pytest.raises(DomainError, match="Registrera om de registrerade har informerats"):
        handling.close(breach, 3, manager, summary="x")


def test_the_72_hour_clock_reads_the_discovery_and_the_waiver(manager, breach):
    from casework.cases.details import clock_conditions, clock_started_at

    assert clock_started_at(breach) is None
    document(breach, manager)
    started = as_utc(clock_started_at(breach))
    assert started == datetime(2025, 3, 4, 8, 30, tzinfo=timezone.utc)
    legal.decide_imy(breach, 2, manager, notify=False, notified_at=None, reference="", reason="x")
    assert clock_conditions(breach) == {"imy_waived"}
