"""The receipt's text: the most specific kvittens text that applies, else the built-in one."""
from casework.replies.receipts import receipt_text
from tests import factories
from tests.replies.conftest import add_text


def test_without_a_kvittens_text_the_built_in_one_is_used(unit):
    case = factories.case(unit, contact_email="anna@example.se")
    subject, body = receipt_text(case)
    assert subject == f"Vi har tagit emot ditt ärende {case.number}"
    assert "Aspudden hemtjänst" in body and "4 mars 2025" in body and "{" not in body
    assert case.description not in subject


def test_the_units_kvittens_goes_before_the_one_for_every_unit(unit, chief, area):
    admin = factories.user("admin", area.parent)
    add_text(admin, purpose="kvittens", subject="Tack, {ärendenummer}", body="Alla: {enhet}")
    add_text(chief, purpose="kvittens", node_id=unit.id, subject="Mottaget {ärendenummer}",
             body="Enheten {enhet} har ditt ärende {ärendenummer}.")
    add_text(admin, purpose="kvittens", case_type="synpunkt", subject="S", body="Synpunkt")
    case = factories.case(unit)
    assert receipt_text(case) == (f"Mottaget {case.number}",
                                  f"Enheten Aspudden hemtjänst har ditt ärende {case.number}.")
    other = factories.case(factories.node("enhet", parent=area))
    assert receipt_text(other) == (f"Tack, {other.number}", "Alla: " + other.unit.name)


def test_the_callers_own_text_stands_in_when_no_kvittens_applies(unit):
    case = factories.case(unit)
    assert receipt_text(case, fallback=lambda c: ("Egen", c.number)) == ("Egen", case.number)
