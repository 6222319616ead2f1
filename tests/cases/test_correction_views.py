"""The pages of correcting a case (/cases/<id>/ratta) and of Ångra (/cases/<id>/angra)."""
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from casework.cases import corrections, handling
from casework.cases.models import Case, CaseEvent, CaseType
from casework.core.clock import as_utc
from casework.core.extensions import db
from casework.trail.models import AuditEvent
from tests import factories

BIG = 2**31 + 1


@pytest.fixture
def planner(unit):
    return factories.user("planerare", unit, name="Pia Planerare")


@pytest.fixture
def complaint(unit, planner):
    case = factories.case(unit, by=planner, description="Morgonbesöket kom för sent.",
                          source="narstaende", channel="telefon", categories=["bemotande"],
                          contact="Dottern")
    db.session.commit()
    return case


@pytest.fixture
def handler(client, manager):
    db.session.commit()
    factories.log_in(client, manager)
    return client


def correction(case, **changes) -> dict:
    """The correction form as its page fills it, with ``changes``."""
    data = {"type": case.type.value, "received_on": case.received_on.isoformat(),
            "source": case.source or "", "channel": case.channel or "",
            "categories": case.categories, "description": case.description,
            "contact": case.contact or "", "version": str(case.version)}
    if case.type is CaseType.AVVIKELSE:
        data |= {"occurred_on": case.occurred_on.isoformat() if case.occurred_on else "",
                 "identified_by": case.identified_by, "concerns": case.concerns,
                 "immediate_measures": case.immediate_measures or ""}
    return {name: value for name, value in (data | changes).items() if value is not None}


def events(case) -> list[str]:
    return db.session.scalars(sa.select(CaseEvent.event).where(CaseEvent.case_id == case.id)
                              .order_by(CaseEvent.id)).all()


def test_the_page_shows_the_registered_facts_in_the_intake_fields(handler, complaint):
    response = handler.get(f"/cases/{complaint.id}/ratta")
    text = response.get_data(as_text=True)

    assert response.status_code == 200
    assert "<h1>Rätta uppgifter</h1>" in text
    assert re.search(r'value="klagomal"\s+checked', text)
    assert 'value="2025-03-04"' in text
    assert re.search(r'<option selected value="narstaende">|<option value="narstaende" selected',
                     text)
    assert re.search(r'value="bemotande"\s+checked', text)
    assert "Morgonbesöket kom för sent." in text and 'value="Dottern"' in text
    assert f'name="version" type="hidden" value="{complaint.version}"' in text or (
        f'value="{complaint.version}"' in text)
    assert "style=" not in text


def test_a_correction_is_saved_told_and_shown_in_the_history(handler, complaint):
    response = handler.post(f"/cases/{complaint.id}/ratta",
                            data=correction(complaint, type="synpunkt",
                                            categories=["bemotande", "bemanning"]))

    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/cases/{complaint.id}")
    text = handler.get(f"/cases/{complaint.id}").get_data(as_text=True)
    assert "Uppgifterna är rättade: typ, kategori." in text
    assert "Rättade Typ: Klagomål → Synpunkt; Kategori: Bemötande → Bemanning, Bemötande" in text
    db.session.expire_all()
    case = db.session.get(Case, complaint.id)
    assert case.type is CaseType.SYNPUNKT and case.version == 2
    detail = db.session.scalars(sa.select(AuditEvent.detail).where(
        AuditEvent.case_id == case.id, AuditEvent.action == "correct")).one()
    assert detail == {"corrected": {"type": ["klagomal", "synpunkt"],
                                    "categories": [["bemotande"], ["bemanning", "bemotande"]]}}


def test_an_avvikelse_corrects_its_staff_fields(handler, unit):
    case = factories.case(unit, "avvikelse", occurred_on=factories.RECEIVED)
    db.session.commit()
    page = handler.get(f"/cases/{case.id}/ratta").get_data(as_text=True)
    assert "Vem har identifierat avvikelsen?" in page and "Kanal" not in page

    response = handler.post(f"/cases/{case.id}/ratta",
                            data=correction(case, concerns="annan_verksamhet"))

    assert response.status_code == 302
    assert "Vem avser avvikelsen: Den egna verksamheten → Annan verksamhet" in handler.get(
        f"/cases/{case.id}").get_data(as_text=True)


def test_nothing_changed_says_so_and_records_nothing(handler, complaint):
    response = handler.post(f"/cases/{complaint.id}/ratta", data=correction(complaint))

    assert response.status_code == 200
    assert "Inget att ändra" in response.get_data(as_text=True)
    assert events(complaint) == ["created"]


def test_a_double_submit_records_once(handler, complaint):
    data = correction(complaint, description="Kvällsbesöket uteblev.")
    first = handler.post(f"/cases/{complaint.id}/ratta", data=data)
    second = handler.post(f"/cases/{complaint.id}/ratta", data=data)

    assert (first.status_code, second.status_code) == (302, 302)
    assert "har redan de här uppgifterna" in handler.get(
        f"/cases/{complaint.id}").get_data(as_text=True)
    assert events(complaint) == ["created", "corrected"]


def test_a_stale_version_shows_the_conflict_with_the_input(handler, complaint, manager):
    data = correction(complaint, description="Kvällsbesöket uteblev.")
    handling.assign_handler(complaint, 1, manager, handler_id=manager.id)
    db.session.commit()

    response = handler.post(f"/cases/{complaint.id}/ratta", data=data)
    text = response.get_data(as_text=True)

    assert response.status_code == 409
    assert "Ärendet har ändrats av någon annan" in text
    assert "Kvällsbesöket uteblev." in text and 'value="2"' in text
    assert "Tilldelade ärendet till Bea Biträdande" in text
    assert events(complaint) == ["created", "assigned"]
    resent = handler.post(f"/cases/{complaint.id}/ratta", data=data | {"version": "2"})
    assert resent.status_code == 302 and events(complaint)[-1] == "corrected"


@pytest.mark.parametrize("changes, message", [
    ({"received_on": "0001-01-01"}, "Datumet kan inte vara före"),
    ({"received_on": "9999-12-31"}, "Datumet kan inte vara senare än i dag."),
    ({"received_on": "den fjärde"}, ""),
    ({"type": "lex_sarah"}, "Välj typ."),
    ({"categories": []}, "Välj minst en kategori."),
    ({"description": "x" * 20001}, "Texten får vara högst"),
    ({"contact": "y" * 501}, "Texten får vara högst 500 tecken"),
    ({"source": "hittepa"}, "Välj från vem ur mallen för 2025."),
    ({"channel": "brevduva"}, "Välj ett av alternativen."),
    ({"version": "x"}, "har ändrats av någon annan"),
])
def test_bad_input_is_refused_in_swedish_and_nothing_is_saved(handler, complaint, changes,
                                                              message):
    data = correction(complaint, description="Kvällsbesöket uteblev.") | changes
    response = handler.post(f"/cases/{complaint.id}/ratta", data=data)

    assert response.status_code in (400, 409)
    assert message in response.get_data(as_text=True)
    assert events(complaint) == ["created"]


def test_nul_bytes_and_out_of_range_ids_are_refused(handler, complaint):
    response = handler.post(f"/cases/{complaint.id}/ratta",
                            data=correction(complaint, description="Tack\0"))
    assert response.status_code == 400
    assert handler.get(f"/cases/{BIG}/ratta").status_code == 404
    assert handler.post(f"/cases/{BIG}/ratta", data={}).status_code == 404
    assert handler.post(f"/cases/{BIG}/angra").status_code == 404
    assert events(complaint) == ["created"]


def test_a_closed_case_is_not_corrected(handler, unit, manager):
    case = factories.case(unit, "berom")
    handling.close(case, 1, manager, summary="Tackade.")
    db.session.commit()
    response = handler.get(f"/cases/{case.id}/ratta")
    assert response.status_code == 409
    assert "Ärendet är avslutat: återöppna det för att rätta uppgifterna." in (
        response.get_data(as_text=True))
    assert handler.post(f"/cases/{case.id}/ratta", data=correction(case)).status_code == 409
    assert "Rätta uppgifter" not in handler.get(f"/cases/{case.id}").get_data(as_text=True)


def test_the_case_page_links_the_correction_for_its_handlers_only(client, complaint, manager,
                                                                  planner):
    link = f'<a href="/cases/{complaint.id}/ratta">Rätta uppgifter</a>'
    factories.log_in(client, manager)
    assert link in client.get(f"/cases/{complaint.id}").get_data(as_text=True)
    factories.log_in(client, planner)
    assert link not in client.get(f"/cases/{complaint.id}").get_data(as_text=True)
    assert client.get(f"/cases/{complaint.id}/ratta").status_code == 403


# ---- Ångra ------------------------------------------------------------------------------------

def register(client, **fields) -> Case:
    data = {"type": "klagomal", "received_on": "2025-03-04", "source": "narstaende",
            "categories": ["bemotande"], "description": "Fel uppringare."} | fields
    page = client.get("/cases/new").get_data(as_text=True)
    data["submission"] = re.search(r'name="submission" type="hidden" value="([^"]+)"',
                                   page).group(1)
    assert client.post("/cases/new", data=data).status_code == 302
    return db.session.scalars(sa.select(Case).order_by(Case.id.desc())).first()


def test_the_planner_undoes_a_case_just_saved(client, unit, planner):
    db.session.commit()
    factories.log_in(client, planner)
    case = register(client)

    page = client.get("/cases/new").get_data(as_text=True)
    assert f'action="/cases/{case.id}/angra"' in page and ">Ångra</button>" in page
    assert "inom 5 minuter" in page
    assert ">Ångra</button>" not in client.get("/cases/new").get_data(as_text=True)  # once

    response = client.post(f"/cases/{case.id}/angra")

    assert response.status_code == 302 and response.headers["Location"].endswith("/cases/new")
    text = client.get("/cases/new").get_data(as_text=True)
    assert f"Ärende {case.number} är återtaget. Det räknas inte i någon rapport." in text
    db.session.expire_all()
    assert db.session.get(Case, case.id).status == "atertaget"
    history = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Återtaget av Pia Planerare direkt efter registreringen" in history
    assert '<strong class="tag tag--closed">Återtaget</strong>' in history
    assert client.post(f"/cases/{case.id}/angra").status_code == 302  # a second click: done


def test_the_staff_report_offers_no_undo(client, unit):
    staff = factories.user("medarbetare", unit)
    db.session.commit()
    factories.log_in(client, staff)
    page = client.get("/cases/report").get_data(as_text=True)
    data = {"type": "avvikelse", "description": "Medicinen gavs sent.",
            "occurred_on": "2025-03-04", "identified_by": "medarbetare",
            "concerns": "egen_verksamhet", "categories": ["avv_annat"],
            "submission": re.search(r'name="submission" type="hidden" value="([^"]+)"',
                                    page).group(1)}
    assert client.post("/cases/report", data=data).status_code == 302
    assert ">Ångra</button>" not in client.get("/cases/report").get_data(as_text=True)


def test_undo_is_refused_to_others_and_after_the_window(client, unit, planner, monkeypatch):
    other = factories.user("planerare", unit)
    db.session.commit()
    factories.log_in(client, planner)
    case = register(client)

    factories.log_in(client, other)
    refused = client.post(f"/cases/{case.id}/angra")
    assert refused.status_code == 403
    assert "Bara den som registrerade ärendet kan ångra registreringen." in (
        refused.get_data(as_text=True))

    factories.log_in(client, planner)
    later = as_utc(case.created_at) + timedelta(minutes=6)
    monkeypatch.setattr(corrections, "utcnow", lambda: later)
    late = client.post(f"/cases/{case.id}/angra")
    assert late.status_code == 409
    assert "Registreringen kan bara ångras inom 5 minuter." in late.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Case, case.id).status == "ny"
    assert events(case) == ["created"]
