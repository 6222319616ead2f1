"""The case page of the legal workflows: the steps offered, the legal step route, refusals shown
in Swedish, the escalation link on both cases, the documents and the legal intake page."""
import io
import re
from datetime import date

import pytest
from docx import Document
from flask import g

from casework.cases.details import details_of
from casework.cases.submissions import new_token
from casework.core.clock import local_today
from casework.core.extensions import db
from casework.legal import services as legal
from casework.legal.models import escalated_to
from tests import factories


@pytest.fixture
def chief(unit):
    return factories.user("enhetschef", unit.parent, name="Erik Enhetschef")


@pytest.fixture
def sarah(unit):
    case = factories.case(unit, "lex_sarah", immediate_measures="Ringde sjuksköterskan.")
    db.session.commit()
    return case


def log_in(client, user):
    """Sign in as another user; the test's app context caches the signed-in user in ``g``."""
    factories.log_in(client, user)
    g.pop("_login_user", None)


def step(client, case, name, **fields):
    data = {f"{name}-{key}": value for key, value in fields.items()}
    data.setdefault(f"{name}-version", str(case.version))
    return client.post(f"/cases/{case.id}/steps/{name}", data=data)


def text_of(client, case):
    return client.get(f"/cases/{case.id}").get_data(as_text=True)


def test_a_new_lex_sarah_case_offers_the_protective_measures_first(client, sarah, manager):
    factories.log_in(client, manager)

    text = text_of(client, sarah)

    assert '-title">Registrera omedelbara skyddsåtgärder</span></summary>' in text
    assert "Ringde sjuksköterskan.</textarea>" in text  # the reporter's measures as a start
    assert "Registrera utredningen</span></summary>" not in text and "Bedöm ärendet</span></summary>" not in text
    assert f'action="/cases/{sarah.id}/steps/record_protection"' in text
    assert "14 kap. 3–7 §§ socialtjänstlagen (2001:453)" in text  # received before 2025-07-01
    assert "SFS 2025:400" not in text and "(2025:400)" not in text


def test_the_steps_run_through_the_legal_route(client, sarah, manager, chief):
    factories.log_in(client, manager)
    response = step(client, sarah, "record_protection", measures="Extra besök.",
                    taken_on="2025-03-04")
    assert response.status_code == 302
    step(client, sarah, "record_investigation", started_on="2025-03-05",
         finished_on="2025-03-20", what_happened="Dosetten fylldes inte.", why="Ingen rutin.",
         prevention="Checklista.", measures="APT.")

    text = text_of(client, sarah)
    assert '<strong class="tag">Utreds</strong>' in text
    assert "Bedömningen signeras av enhetschefen." in text and "Bedöm ärendet</span></summary>" not in text
    # The deputy may not sign, even by posting the form.
    step(client, sarah, "assess", assessment="allvarligt", assessed_on="2025-03-21")
    assert details_of(sarah).assessment is None

    log_in(client, chief)
    assert "Bedöm ärendet</span></summary>" in text_of(client, sarah)
    step(client, sarah, "assess", assessment="allvarligt", assessed_on="2025-03-21")
    text = text_of(client, sarah)
    assert "Allvarligt missförhållande" in text and "Erik Enhetschef, 21 mars 2025" in text
    assert "Registrera anmälan till IVO</span></summary>" in text


def test_an_illegal_step_is_refused_with_a_swedish_message(client, sarah, manager):
    factories.log_in(client, manager)

    response = step(client, sarah, "notify_ivo", notified_on="2025-03-05", documents="x")

    assert response.status_code == 400
    assert ("Ärendet har status Ny: det går inte att registrera anmälan till IVO."
            in response.get_data(as_text=True))
    assert sarah.authority_notified_on is None
    assert client.post(f"/cases/{sarah.id}/steps/drop_table").status_code == 404
    # A step of another case type's workflow is refused in words.
    response = step(client, sarah, "decide_imy", notify="nej", reason="Ingen risk.")
    assert response.status_code == 400
    assert ("För ärendetypen Lex Sarah går det inte att registrera beslutet om anmälan till IMY."
            in response.get_data(as_text=True))
    breach = factories.case(sarah.unit, "personuppgiftsincident")
    db.session.commit()
    response = step(client, breach, "assess", assessment="allvarligt", assessed_on="2025-03-05")
    assert response.status_code == 400  # a breach has no assessments to choose from
    assert "Inte ett giltigt val" in response.get_data(as_text=True)


def test_a_missing_field_shows_next_to_the_form(client, sarah, manager):
    factories.log_in(client, manager)

    response = step(client, sarah, "record_protection", measures="", taken_on="2025-03-04")

    assert response.status_code == 400
    assert "Beskriv skyddsåtgärderna." in response.get_data(as_text=True)


def test_escalation_links_both_cases_for_those_who_may_see_them(client, unit, manager):
    complaint = factories.case(unit, description="Brukaren blev utskälld.")
    db.session.commit()
    factories.log_in(client, manager)

    assert "Gör ett lex Sarah-ärende</span></summary>" in text_of(client, complaint)
    step(client, complaint, "escalate_lex_sarah", description="Brukaren blev utskälld.")


    sarah = escalated_to(complaint)
    text = text_of(client, complaint)
    assert f"Lex Sarah-ärende {sarah.number} är skapat." in text
    assert re.search(rf'<dt>Lex Sarah-ärende</dt><dd><a href="/cases/{sarah.id}">'
                     rf'Lex Sarah {sarah.number}</a></dd>', text)
    assert "Gör ett lex Sarah-ärende</span></summary>" not in text
    assert re.search(rf'<dt>Skapat från ärende</dt><dd><a href="/cases/{complaint.id}">'
                     rf'Klagomål {complaint.number}</a></dd>', text_of(client, sarah))
    # A planner reads the complaint but not the lex Sarah case: no link.
    log_in(client, factories.user("planerare", unit))
    assert sarah.number not in text_of(client, complaint)


def test_the_utredning_downloads_in_ivos_structure(client, sarah, manager, chief):
    legal.record_protection(sarah, 1, manager, measures="Extra besök.", taken_on=date(2025, 3, 4))
    legal.record_investigation(sarah, 2, manager, started_on=date(2025, 3, 5),
                               finished_on=date(2025, 3, 20), what_happened="Dosetten.",
                               why="Ingen rutin.", prevention="Checklista.", measures="APT.")
    legal.assess(sarah, 3, chief, assessment="allvarligt", assessed_on=date(2025, 3, 21))
    db.session.commit()
    factories.log_in(client, manager)

    docx = client.get(f"/cases/{sarah.id}/utredning.docx")
    pdf = client.get(f"/cases/{sarah.id}/utredning.pdf")

    assert docx.status_code == 200 and pdf.status_code == 200
    assert pdf.data.startswith(b"%PDF") and pdf.mimetype == "application/pdf"
    assert f'filename="utredning-{sarah.number}.docx"' in docx.headers["Content-Disposition"]
    paragraphs = [p.text for p in Document(io.BytesIO(docx.data)).paragraphs]
    headings = [h for h in paragraphs if h.endswith("?") or h in (
        "Omedelbara skyddsåtgärder", "Vidtagna och planerade åtgärder", "Bedömning", "Lagrum")]
    assert headings == ["Vad har hänt?", "Varför hände det?", "Omedelbara skyddsåtgärder",
                        "Vidtagna och planerade åtgärder",
                        "Vad ska förhindra att det händer igen?", "Bedömning", "Lagrum"]
    assert "Allvarligt missförhållande" in paragraphs and "Dosetten." in paragraphs
    assert "Erik Enhetschef, 21 mars 2025" in paragraphs


def test_the_mas_registers_a_lex_maria_case_and_a_manager_a_breach(client, unit, manager):
    mas = factories.user("mas", unit.parent)
    factories.log_in(client, mas)
    page = client.get("/cases/legal/new").get_data(as_text=True)
    assert "Lex Maria" in page and "Personuppgiftsincident" not in page
    assert "Upptäcktes" not in page  # the discovery is a breach's only

    response = client.post("/cases/legal/new", data={
        "submission": new_token(), "type": "lex_maria", "unit": str(unit.id), "received_on": "2025-03-04",
        "description": "Fel dos insulin.",
    })
    assert response.status_code == 302
    log_in(client, manager)
    response = client.post("/cases/legal/new", data={
        "submission": new_token(), "type": "lex_maria", "unit": str(unit.id), "received_on": "2025-03-04",
        "description": "x",
    })
    assert response.status_code == 400
    response = client.post("/cases/legal/new", data={
        "submission": new_token(), "type": "personuppgiftsincident", "unit": str(unit.id),
        "received_on": local_today().isoformat(), "description": "Lista på fel e-post.",
        "discovered_at": f"{local_today().isoformat()}T00:00",
    })
    assert response.status_code == 302
    log_in(client, factories.user("planerare", unit))
    assert client.get("/cases/legal/new").status_code == 403
