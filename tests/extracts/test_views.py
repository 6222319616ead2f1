"""The registerutdrag pages: the search posted and answered on its own page, the export of the
ticked cases as JSON and PDF, every answer no-store, ids out of reach refused with nothing
exported, and the trail recording each search and export without the search text."""
import json

import pytest
import sqlalchemy as sa

from casework.core.extensions import db
from casework.extracts import search
from casework.trail.models import AuditEvent
from tests import factories
from tests.documents import pdf_text
from tests.extracts.conftest import EMAIL, PERSON


@pytest.fixture
def admin(client, world):
    factories.log_in(client, world.admin)
    return client


def rows(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)
                                   .order_by(AuditEvent.id)))


def test_the_search_answers_its_post_with_the_hits_and_keeps_no_copy(admin, world):
    page = admin.post("/admin/registerutdrag", data={"sok": "anna lindkvist"})

    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    html = page.get_data(as_text=True)
    assert "2 ärenden" in html
    assert world.contact.number in html and world.free_text.number in html
    assert world.outside.number not in html
    assert "<mark>Anna</mark>" in html and "<mark>Lindqvist</mark>" in html
    assert f'value="{world.contact.id}"' in html
    (row,) = rows("extract_search")
    assert row.user_id == world.admin.id
    assert row.detail["hits"] == 2 and row.detail["capped"] is False
    assert sorted(row.detail["shown"]) == sorted([world.contact.id, world.free_text.id])


def test_the_page_says_when_the_hits_are_capped(admin, world, monkeypatch):
    monkeypatch.setattr(search, "RESULT_LIMIT", 1)
    html = admin.post("/admin/registerutdrag", data={"sok": PERSON}).get_data(as_text=True)

    assert "1 ärende" in html
    assert "Sökningen gav fler träffar än som visas här (högst 1)." in html


@pytest.mark.parametrize(("text", "message"), [
    ("", "Skriv ett namn, en e-postadress eller ett telefonnummer att söka efter."),
    ("Å" * 201, "Söktexten får vara högst 200 tecken; den här har 201."),
])
def test_a_hostile_search_is_refused_in_swedish_and_not_audited(admin, world, text, message):
    page = admin.post("/admin/registerutdrag", data={"sok": text})

    assert page.status_code == 400
    assert message in page.get_data(as_text=True)
    assert rows("extract_search") == []


def test_a_nul_byte_answers_400(admin, world):
    assert admin.post("/admin/registerutdrag", data={"sok": "Anna\0"}).status_code == 400


def test_the_json_holds_exactly_the_ticked_cases_and_their_data(admin, world):
    answer = admin.post("/admin/registerutdrag/export", data={
        "arenden": [str(world.contact.id), str(world.sarah.id)], "format": "json"})

    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
    assert answer.mimetype == "application/json"
    assert "attachment; filename=registerutdrag-" in answer.headers["Content-Disposition"]
    document = json.loads(answer.get_data())
    assert document["kind"] == "casework.registerutdrag" and document["version"] == 1
    assert document["created_by"] == "Ada Admin"
    contact, sarah = document["cases"]
    assert [contact["number"], sarah["number"]] == [world.contact.number, world.sarah.number]
    assert contact["contact"] == f"{PERSON}, 070-123 45 67"
    assert contact["contact_email"] == EMAIL
    assert contact["type_label"] == "Klagomål" and contact["unit"] == "Enhet Alfa"
    assert contact["received_on"] == "2025-02-01"
    assert contact["actions"] == [{"taken_on": "2025-02-03",
                                   "description": "Ringde upp och bad om ursäkt."}]
    assert contact["feedback"] == [{"given_on": "2025-02-04", "method": "Telefon",
                                    "recipient": PERSON, "content": "Vi har ändrat schemat."}]
    assert contact["categories"] and contact["legal"] is None
    assert [entry["text"] for entry in contact["history"]][0].startswith("Registrerade")
    (attachment,) = contact["attachments"]
    assert attachment["file_name"] == "brev-från-Anna.pdf" and attachment["size"] == 1234
    assert sarah["legal"]["fields"] == [{"key": "what_happened", "label": "Vad hände?",
                                         "value": "Brukaren Åsa Öberg föll i badrummet."}]
    exported = rows("export")
    assert {row.detail["format"] for row in exported} == {"json"}
    assert sorted((row.case_id, row.unit_id) for row in exported) == sorted(
        (case.id, case.unit_id) for case in (world.contact, world.sarah))


def test_the_pdf_opens_and_holds_the_case_numbers(admin, world):
    answer = admin.post("/admin/registerutdrag/export", data={
        "arenden": [str(world.contact.id), str(world.free_text.id)], "format": "pdf"})

    assert answer.status_code == 200 and answer.mimetype == "application/pdf"
    content = answer.get_data()
    assert content.startswith(b"%PDF") and b"/Lang (sv-SE)" in content
    assert b"/MediaBox [ 0 0 595.2756 841.8898 ]" in content  # A4
    text = pdf_text(content)
    assert "Registerutdrag" in text and "Ada Admin" in text
    assert world.contact.number in text and world.free_text.number in text
    assert world.sarah.number not in text
    assert "brev-fr" in text  # the attachment by its name
    assert rows("export")[0].detail["format"] == "pdf"


@pytest.mark.parametrize("outside", ["outside", "beyond"])
def test_an_id_out_of_reach_answers_404_and_nothing_is_exported(admin, world, outside):
    case_id = str(world.outside.id) if outside == "outside" else str(2**31)
    answer = admin.post("/admin/registerutdrag/export", data={
        "arenden": [str(world.contact.id), case_id], "format": "json"})

    assert answer.status_code in (400, 404)
    assert PERSON not in answer.get_data(as_text=True)
    assert rows("export") == []
    if outside == "outside":
        assert answer.status_code == 404
        assert [(r.case_id, r.detail["status"]) for r in rows("refused")] \
            == [(world.outside.id, 404)]
    else:
        assert "Välj ärenden ur listan." in answer.get_data(as_text=True)


def test_an_export_without_cases_or_format_is_refused_in_swedish(admin, world):
    none = admin.post("/admin/registerutdrag/export", data={"format": "pdf"})
    bad = admin.post("/admin/registerutdrag/export", data={
        "arenden": [str(world.contact.id)], "format": "exe"})

    assert none.status_code == bad.status_code == 400
    assert "Välj minst ett ärende." in none.get_data(as_text=True)
    assert "Välj ett av alternativen i listan." in bad.get_data(as_text=True)


def test_no_search_text_enters_the_audit_trail(admin, world):
    admin.post("/admin/registerutdrag", data={"sok": "Lindqvist"})
    admin.post("/admin/registerutdrag", data={"sok": EMAIL})
    admin.post("/admin/registerutdrag/export", data={
        "arenden": [str(world.contact.id)], "format": "pdf"})

    everything = " ".join(f"{row.action} {json.dumps(row.detail, ensure_ascii=False)}"
                          for row in db.session.scalars(sa.select(AuditEvent)))
    assert "extract_search" in everything and "export" in everything
    for word in ("Lindqvist", "lindqvist", EMAIL, "anna"):
        assert word not in everything


def test_others_are_refused(client, world):
    factories.log_in(client, world.deputy)
    assert client.get("/admin/registerutdrag").status_code == 403
    assert client.post("/admin/registerutdrag", data={"sok": PERSON}).status_code == 403
    assert client.post("/admin/registerutdrag/export", data={
        "arenden": [str(world.contact.id)], "format": "json"}).status_code == 403
