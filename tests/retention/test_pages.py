"""/admin/gallring and the hold on the case page: what the enhetschef sees of their units,
the hold placed and lifted (audited, refused when hostile or twice), the notice of an anonymised
case, and a förvaltning's rules for its admin."""
from datetime import date

import pytest
import sqlalchemy as sa

from casework.cases.models import Case
from casework.core.case_types import CLOSED_STATUS
from casework.core.extensions import db
from casework.retention import services
from casework.retention.models import LegalHold, RetentionRuleChange
from casework.attachments.models import Attachment
from casework.trail.models import AuditEvent
from tests import factories
from tests.attachments import samples
from tests.attachments.conftest import files, post_files

OLD = date(2020, 2, 3)


@pytest.fixture
def world(app_ctx):
    district = factories.node("forvaltning", "Förvaltning G")
    area = factories.node("omrade", "Område G", district)
    unit = factories.node("enhet", "Enhet G1", area)
    other = factories.node("enhet", "Enhet G2", area)
    chef = factories.user("enhetschef", unit, name="Ella Enhetschef")
    case, elsewhere = factories.case(unit, received_on=OLD), factories.case(other, received_on=OLD)
    for closed in (case, elsewhere):
        closed.status, closed.closed_on = CLOSED_STATUS, OLD
    db.session.flush()
    return district, unit, chef, case, elsewhere


def _holds() -> list[int]:
    return list(db.session.scalars(sa.select(LegalHold.case_id)))


def test_the_enhetschef_sees_their_units_cases_due_and_holds_one_from_the_case_page(client, world):
    _, _, chef, case, elsewhere = world
    factories.log_in(client, chef)
    page = client.get("/admin/gallring").get_data(as_text=True)
    assert "Gallras inom 90 dagar" in page and case.number in page
    assert elsewhere.number not in page

    assert "Spärra mot gallring" in client.get(f"/cases/{case.id}").get_data(as_text=True)
    answer = client.post("/admin/gallring/sparr",
                         data={"number": case.number, "reason": "Pågående ärende hos IVO."})
    assert answer.status_code == 302 and answer.location.endswith(f"/cases/{case.id}#gallring")
    assert _holds() == [case.id]
    again = client.post("/admin/gallring/sparr",
                        data={"number": case.number, "reason": "Pågående ärende hos IVO."})
    assert again.status_code == 400 and "redan spärrat" in again.get_data(as_text=True)
    assert "Häv spärren" in client.get(f"/cases/{case.id}").get_data(as_text=True)

    services.run(date(2030, 1, 1))
    assert db.session.get(Case, case.id).description != "[gallrad]"
    assert client.post(f"/admin/gallring/sparr/{case.id}/hav").status_code == 302
    assert client.post(f"/admin/gallring/sparr/{case.id}/hav").status_code == 302  # twice: said
    assert _holds() == []
    assert [e.action for e in db.session.scalars(sa.select(AuditEvent).where(
        AuditEvent.case_id == case.id, AuditEvent.action.like("legal_hold%")))] == [
        "legal_hold", "legal_hold_lift"]


@pytest.mark.parametrize(("number", "reason", "message"), [
    ("{number}", "", "Skriv varför ärendet ska spärras mot gallring."),
    ("{number}", "   ", "Skriv varför ärendet ska spärras mot gallring."),
    ("{number}", "x" * 1001, "Texten får vara högst"),
    ("", "Pågående ärende hos IVO.", "Ange ärendenumret"),
    ("{other}", "Pågående ärende hos IVO.", "inget ärende med det numret som du kan spärra"),
    ("2099-9999", "Pågående ärende hos IVO.", "inget ärende med det numret som du kan spärra"),
    ("9" * 40, "Pågående ärende hos IVO.", "Texten får vara högst 20 tecken; den här har 40."),
])
def test_a_hostile_hold_is_refused_with_a_swedish_message_and_saves_nothing(
        client, world, number, reason, message):
    _, _, chef, case, elsewhere = world
    factories.log_in(client, chef)
    answer = client.post("/admin/gallring/sparr", data={
        "number": number.format(number=case.number, other=elsewhere.number), "reason": reason})
    assert answer.status_code == 400 and message in answer.get_data(as_text=True)
    assert _holds() == []


def test_a_nul_in_the_reason_and_ids_beyond_the_database_are_refused(client, world):
    _, _, chef, case, elsewhere = world
    factories.log_in(client, chef)
    nul = client.post("/admin/gallring/sparr", data={"number": case.number, "reason": "a\x00b"})
    assert nul.status_code == 400 and _holds() == []
    for case_id in (2**31, 2**63, elsewhere.id):
        assert client.post(f"/admin/gallring/sparr/{case_id}/hav").status_code == 404
    assert client.get(f"/admin/gallring/regler/{2**31}").status_code == 404  # matches no route


def test_an_anonymised_case_says_so_on_its_page(client, world):
    _, _, chef, case, _ = world
    services.run(date(2030, 1, 1))
    factories.log_in(client, chef)
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Personuppgifterna i ärendet gallrades" in page
    assert "”Klagomål, synpunkter och beröm” (2 år efter avslut)" in page
    assert "Spärra mot gallring" not in page
    assert case.number in client.get("/admin/gallring").get_data(as_text=True)  # Gallrat


def test_an_anonymised_case_takes_no_new_attachments(client, world):
    """The job passes a case once, so a file added afterwards would never be removed."""
    _, _, chef, case, _ = world
    services.run(date(2030, 1, 1))
    factories.log_in(client, chef)
    assert "Bifoga filerna" not in client.get(f"/cases/{case.id}").get_data(as_text=True)
    response = post_files(client, f"/cases/{case.id}/bilagor",
                          {"attachments": files(("brev.pdf", samples.pdf()))})
    assert response.status_code == 409
    assert "tar inte emot nya bilagor" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Attachment)) == 0


def test_an_anonymised_case_takes_no_more_steps(client, world):
    """Reopened, it would take new text that the job, which passes a case once, never removes."""
    _, _, chef, case, _ = world
    factories.log_in(client, chef)
    assert 'id="reopen-title"' in client.get(f"/cases/{case.id}").get_data(as_text=True)
    services.run(date(2030, 1, 1))

    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    response = client.post(f"/cases/{case.id}/reopen", data={"reopen-version": case.version})

    assert 'id="reopen-title"' not in page
    assert response.status_code in (400, 409)
    assert "Ärendet är gallrat" in response.get_data(as_text=True)
    db.session.refresh(case)
    assert case.status == CLOSED_STATUS


def test_the_admin_changes_a_rule_of_their_forvaltning_and_the_job_follows(client, world):
    district, unit, _, case, _ = world
    factories.admin(district, email="ada@example.se")
    admin = db.session.scalar(sa.select(factories.User).where(
        factories.User.email == "ada@example.se"))
    factories.log_in(client, admin)
    url = f"/admin/gallring/regler/{district.id}"
    assert "Gallringsregler" in client.get(url).get_data(as_text=True)
    for years, message in (("", "Ange antal år."), ("0", "från 1 till 100"),
                           ("101", "från 1 till 100"), ("2.5", "från 1 till 100"),
                           ("9" * 30, "från 1 till 100")):
        refused = client.post(f"{url}/complaints", data={"years": years})
        assert refused.status_code == 400 and message in refused.get_data(as_text=True)
    law = client.post(f"{url}/deviations", data={"years": "4"})
    assert law.status_code == 400 and "från 5 till 100" in law.get_data(as_text=True)
    assert client.post(f"{url}/complaints", data={"years": "20"}).status_code == 302
    assert client.post(f"{url}/ingen_regel", data={"years": "20"}).status_code == 404
    assert services.run(date(2030, 1, 1)).cases == 0  # kept 20 years now
    assert client.post(f"{url}/complaints/aterstall").status_code == 302
    assert services.run(date(2030, 1, 1)).cases == 2
    assert [(c.before, c.after) for c in db.session.scalars(sa.select(RetentionRuleChange)
            .order_by(RetentionRuleChange.id))] == [({"years": 2}, {"years": 20}),
                                                    ({"years": 20}, {"years": 2})]
    assert [e.action for e in db.session.scalars(sa.select(AuditEvent).where(
        AuditEvent.action == "retention_rule_change"))] == ["retention_rule_change"] * 2
