"""Lex Maria, the MAS's: event and assessment → anmälan to IVO → investigation → closed."""
from datetime import date

import pytest

from casework.cases import handling
from casework.cases.details import details_of
from casework.core.errors import DomainError
from casework.core.taxonomy import catalogue
from casework.legal import services as legal
from casework.reports import count_report
from tests import factories

RECEIVED = date(2024, 3, 4)


@pytest.fixture
def mas(unit):
    return factories.user("mas", unit.parent, name="Maja MAS")


@pytest.fixture
def maria(unit):
    return factories.case(unit, "lex_maria", RECEIVED)


def test_the_whole_workflow_of_a_serious_event(unit, mas, maria):
    legal.assess(maria, 1, mas, event="Fel dos insulin gavs på kvällen.",
                 assessment="risk_allvarlig_vardskada", assessed_on=date(2024, 3, 5))
    assert maria.status == "bedomd"
    legal.notify_ivo(maria, maria.version, mas, notified_on=date(2024, 3, 8),
                     reference="IVO 3.5.1-999/2024", documents="Anmälan.")
    assert (maria.status, maria.authority_notified_on) == ("anmald_ivo", date(2024, 3, 8))
    with pytest.raises(DomainError, match="Utredningen är inte klar"):
        handling.close(maria, maria.version, mas, summary="Klart.")
    legal.record_investigation(maria, maria.version, mas, investigation="Händelseanalys gjord.",
                               finished_on=date(2024, 4, 2))
    handling.close(maria, maria.version, mas, summary="Rutin för dubbelkontroll.")

    row = details_of(maria)
    assert maria.status == "avslutad"
    assert (row.event, row.assessment, row.assessed_by, row.ivo_reference) == (
        "Fel dos insulin gavs på kvällen.", "risk_allvarlig_vardskada", mas, "IVO 3.5.1-999/2024")
    table = count_report(catalogue().templates[2024], unit, 2024, date(2024, 12, 31))
    rows = {r.key: (r.t1, r.t2, r.vb) for r in table.rows if r.key.startswith("lex_maria")}
    assert rows == {"lex_maria_reports": (1, 0, 0), "lex_maria_ivo": (1, 0, 0)}


def test_an_event_without_risk_is_not_notified_and_closes_after_the_investigation(mas, maria):
    legal.assess(maria, 1, mas, event="x", assessment="ej_allvarlig_vardskada",
                 assessed_on=date(2024, 3, 5))
    with pytest.raises(DomainError, match="kräver ingen anmälan till IVO"):
        legal.notify_ivo(maria, 2, mas, notified_on=date(2024, 3, 8), reference="", documents="x")
    legal.record_investigation(maria, 2, mas, investigation="Analys.", finished_on=None)
    with pytest.raises(DomainError, match="Utredningen är inte klar"):
        handling.close(maria, 3, mas, summary="x")
    legal.record_investigation(maria, 3, mas, investigation="Analys.",
                               finished_on=date(2024, 3, 20))
    handling.close(maria, 4, mas, summary="x")
    assert maria.status == "avslutad" and maria.authority_notified_on is None


def test_only_the_mas_signs_and_steps_keep_their_order(unit, mas, maria):
    chief = factories.user("enhetschef", unit.parent)
    with pytest.raises(DomainError, match="Bedömningen signeras av MAS."):
        legal.assess(maria, 1, chief, event="x", assessment="allvarlig_vardskada",
                     assessed_on=RECEIVED)
    with pytest.raises(DomainError, match="Ärendet har status Ny: det går inte att registrera "
                                          "anmälan till IVO."):
        legal.notify_ivo(maria, 1, mas, notified_on=RECEIVED, reference="", documents="x")
    with pytest.raises(DomainError, match="Ärendet har status Ny: det går inte att registrera "
                                          "utredningen."):
        legal.record_investigation(maria, 1, mas, investigation="x", finished_on=None)
    with pytest.raises(DomainError, match="För ärendetypen Lex Maria går det inte att"):
        legal.record_protection(maria, 1, mas, measures="x", taken_on=RECEIVED)
