"""Attachments on the case page and the staff report: upload, list, download, who may do what,
and hostile input, which gets a Swedish message or a 404 and stores nothing."""
import io
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from casework.attachments import queries
from casework.attachments.checks import MIB
from casework.cases.models import Case
from casework.cases.submissions import new_token
from casework.core.clock import local_today
from casework.core.extensions import db
from casework.trail.models import AuditEvent
from tests import factories
from tests.attachments import samples
from tests.attachments.conftest import files, post_files, rows


def upload(client, case_id: int, *pairs):
    return post_files(client, f"/cases/{case_id}/bilagor", {"attachments": files(*pairs)})


def text(response) -> str:
    return response.get_data(as_text=True)


def events(action: str, case_id: int) -> list[dict]:
    return list(db.session.scalars(sa.select(AuditEvent.detail).where(
        AuditEvent.action == action, AuditEvent.case_id == case_id).order_by(AuditEvent.id)))


@pytest.fixture
def signed_in(client, manager):
    factories.log_in(client, manager)
    return manager


def test_the_handler_attaches_a_letter_and_a_photo_and_the_page_lists_them(
        client, signed_in, case, stored_files):
    before, pdf = stored_files(), samples.pdf()
    response = upload(client, case.id, ("Brev från dottern.pdf", pdf),
                      ("IMG_0042.JPG", samples.jpeg_with_gps()))

    assert response.status_code == 302
    assert response.headers["Location"] == f"/cases/{case.id}#bilagor"
    letter, photo = rows()
    assert (letter.file_name, letter.content_type, letter.uploaded_by_id) == (
        "Brev från dottern.pdf", "application/pdf", signed_in.id)
    assert (photo.file_name, photo.content_type) == ("IMG_0042.JPG", "image/jpeg")
    assert sorted(set(stored_files()) - set(before)) == sorted([letter.storage_key,
                                                               photo.storage_key])
    assert samples.gps_of(queries.content(photo)) == {}
    assert queries.content(letter) == pdf  # stored as it came
    assert [e["format"] for e in events("attachment_add", case.id)] == ["pdf", "jpeg"]

    page = text(client.get(f"/cases/{case.id}"))
    assert "2 bilagor är sparade." in page
    assert f'href="/cases/{case.id}/bilagor/{letter.id}" download>Brev från dottern.pdf</a>' in page
    assert re.search(r"PDF, \d+ (byte|kB), [^,]+, Bea Biträdande", page)
    assert 'enctype="multipart/form-data"' in page and "Högst 10 filer per ärende" in page


def test_the_download_is_a_file_never_shown_nor_cached_and_is_audited(client, signed_in, case):
    pdf = samples.pdf()
    upload(client, case.id, ("Beslut IVO – svar.pdf", pdf))
    [attachment] = rows()

    response = client.get(f"/cases/{case.id}/bilagor/{attachment.id}")

    assert response.status_code == 200
    assert response.data == pdf
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        "attachment; filename=\"Beslut IVO _ svar.pdf\"; "
        "filename*=UTF-8''Beslut%20IVO%20%E2%80%93%20svar.pdf")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"
    assert events("export", case.id) == [{"endpoint": "attachments.download", "format": "pdf",
                                          "attachment": attachment.id}]


def test_a_text_file_is_served_as_utf8_text(client, signed_in, case):
    upload(client, case.id, ("samtal.txt", samples.TEXT))
    response = client.get(f"/cases/{case.id}/bilagor/{rows()[0].id}")
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert response.data == samples.TEXT


def test_another_units_handler_gets_404_for_the_case_and_its_files(client, signed_in, case,
                                                                   other_unit, app):
    upload(client, case.id, ("brev.pdf", samples.pdf()))
    [attachment] = rows()
    other = app.test_client()
    factories.log_in(other, factories.user("bitradande_enhetschef", other_unit))

    assert other.get(f"/cases/{case.id}/bilagor/{attachment.id}").status_code == 404
    assert upload(other, case.id, ("mer.pdf", samples.pdf())).status_code == 404
    assert len(rows()) == 1
    assert events("refused", case.id) == [{"status": 404, "attachment": attachment.id},
                                          {"status": 404}]
    assert events("export", case.id) == []


@pytest.mark.parametrize("path", [
    "/cases/{case}/bilagor/2147483648", "/cases/{case}/bilagor/99999999999999999999",
    "/cases/{case}/bilagor/-1", "/cases/{case}/bilagor/0", "/cases/{case}/bilagor/987654",
    "/cases/2147483648/bilagor/1",
])
def test_an_attachment_id_of_no_attachment_is_404(client, signed_in, case, path):
    assert client.get(path.format(case=case.id)).status_code == 404


def test_an_attachment_is_found_only_under_its_own_case(client, signed_in, case, unit):
    upload(client, case.id, ("brev.pdf", samples.pdf()))
    [attachment] = rows()
    sibling = factories.case(unit, "synpunkt")
    assert client.get(f"/cases/{sibling.id}/bilagor/{attachment.id}").status_code == 404


def test_who_reads_the_case_but_does_not_handle_it_may_download_but_not_upload(
        client, signed_in, case, unit, app):
    upload(client, case.id, ("brev.pdf", samples.pdf()))
    [attachment] = rows()
    planner = app.test_client()
    factories.log_in(planner, factories.user("planerare", unit))

    page = text(planner.get(f"/cases/{case.id}"))
    assert "brev.pdf" in page and "Bifoga filerna" not in page
    assert planner.get(f"/cases/{case.id}/bilagor/{attachment.id}").status_code == 200
    assert upload(planner, case.id, ("mer.pdf", samples.pdf())).status_code == 403
    assert len(rows()) == 1


def test_the_reporter_sees_their_own_files_but_not_the_handlers(client, unit, manager, app,
                                                               stored_files):
    reporter = app.test_client()
    staff = factories.user("medarbetare", unit, name="Mats Medarbetare")
    factories.log_in(reporter, staff)
    response = post_files(reporter, "/cases/report", deviation(attachments=files(
        ("larmet.jpg", samples.jpeg_with_gps()))))
    assert response.status_code == 302
    case = db.session.scalar(sa.select(Case))
    factories.log_in(client, manager)
    upload(client, case.id, ("IVO-beslut.pdf", samples.pdf()))
    own, handlers = rows()

    page = text(reporter.get(f"/cases/{case.id}"))
    assert "larmet.jpg" in page and "IVO-beslut.pdf" not in page
    assert reporter.get(f"/cases/{case.id}/bilagor/{own.id}").status_code == 200
    assert reporter.get(f"/cases/{case.id}/bilagor/{handlers.id}").status_code == 404
    assert "larmet.jpg" in text(client.get(f"/cases/{case.id}"))


def deviation(**fields) -> dict:
    return {
        "submission": new_token(), "type": "avvikelse",
        "description": "Larmet var urkopplat vid besöket.",
        "occurred_on": (local_today() - timedelta(days=1)).isoformat(),
        "identified_by": "medarbetare", "categories": ["avv_utforande"],
        "concerns": "egen_verksamhet", "immediate_measures": "Larmet kopplades in.",
    } | fields


def test_the_staff_report_attaches_its_files_to_the_new_case(client, unit):
    staff = factories.user("medarbetare", unit)
    factories.log_in(client, staff)
    form = text(client.get("/cases/report"))
    assert 'enctype="multipart/form-data"' in form and 'type="file"' in form
    assert 'multiple' in form and ">Bilagor</label>" in form

    response = post_files(client, "/cases/report", deviation(attachments=files(
        ("foto.png", samples.png()), ("anteckning.txt", samples.TEXT))))

    assert response.status_code == 302
    case = db.session.scalar(sa.select(Case))
    assert [(a.case_id, a.file_name, a.uploaded_by_id) for a in rows()] == [
        (case.id, "foto.png", staff.id), (case.id, "anteckning.txt", staff.id)]
    assert [e["action"] for e in _case_events(case.id)] == [
        "attachment_add", "attachment_add", "create"]


def _case_events(case_id: int) -> list[dict]:
    return [{"action": action} for action in db.session.scalars(
        sa.select(AuditEvent.action).where(AuditEvent.case_id == case_id)
        .order_by(AuditEvent.id))]


def test_the_staff_report_without_files_still_works(client, unit):
    factories.log_in(client, factories.user("medarbetare", unit))
    assert client.post("/cases/report", data=deviation()).status_code == 302
    assert post_files(client, "/cases/report",
                      deviation(attachments=files(("", b"")))).status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Case)) == 2
    assert rows() == []


def test_a_bad_file_on_the_staff_report_registers_nothing_and_keeps_the_text(
        client, unit, stored_files):
    factories.log_in(client, factories.user("medarbetare", unit))
    before = stored_files()
    response = post_files(client, "/cases/report", deviation(attachments=files(
        ("ok.pdf", samples.pdf()), ("faktura.pdf", samples.exe()))))

    assert response.status_code == 400
    page = text(response)
    assert "faktura.pdf: filen är inte en PDF fast den heter .pdf." in page
    assert "Välj filerna igen: de sparas först när formuläret skickas utan fel." in page
    assert "Larmet var urkopplat vid besöket." in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Case)) == 0
    assert rows() == [] and stored_files() == before


def test_a_bad_file_and_a_missing_description_are_told_at_once(client, unit):
    factories.log_in(client, factories.user("medarbetare", unit))
    response = post_files(client, "/cases/report", deviation(
        description="", attachments=files(("bild.jpg", samples.png()))))
    page = text(response)
    assert response.status_code == 400
    assert "bild.jpg: filen är inte en JPEG-bild fast den heter .jpg; den är en PNG-bild." in page
    assert "Beskriv avvikelsen" in page or 'id="description-error"' in page


ELEVEN_MB = b"%PDF-1.7\n" + b"0" * (11 * MIB)


@pytest.mark.parametrize(("pairs", "message"), [
    ((), "Välj minst en fil att bifoga."),
    ((("", b""),), "Välj minst en fil att bifoga."),
    ((("tom.pdf", b""),), "tom.pdf: filen är tom."),
    (tuple((f"{n}.txt", samples.TEXT) for n in range(11)),
     "Högst 10 filer kan bifogas till ett ärende; du valde 11."),
    ((("skanning.pdf", ELEVEN_MB),), "skanning.pdf: filen är större än 10 MB."),
    ((("faktura.pdf", samples.exe()),), "faktura.pdf: filen är inte en PDF fast den heter .pdf."),
    ((("program.exe", samples.exe()),), "program.exe: den filtypen tas inte emot."),
    ((("bild.jpg", samples.png()),),
     "bild.jpg: filen är inte en JPEG-bild fast den heter .jpg; den är en PNG-bild."),
    ((("brev\0.pdf", samples.pdf()),), "brev.pdf: filnamnet innehåller ett otillåtet tecken."),
    ((("sida.txt", samples.HTML),), "sida.txt: filen är inte en textfil fast den heter .txt."),
    ((("makro.docx", samples.docm()),), "makro.docx: Office-filer med makron tas inte emot."),
    ((("trasig.jpg", samples.jpeg_with_gps()[:200]),),
     "trasig.jpg: bilden går inte att läsa; filen kan vara skadad."),
], ids=["zero-files", "empty-input", "empty-file", "eleven-files", "eleven-mb", "exe-as-pdf",
        "exe", "png-as-jpg", "nul-in-name", "html-as-txt", "macro", "broken-jpeg"])
def test_hostile_uploads_get_a_swedish_message_and_store_nothing(client, signed_in, case,
                                                                 stored_files, pairs, message):
    before = stored_files()
    response = upload(client, case.id, *pairs)
    assert response.status_code == 400
    assert message in text(response)
    assert rows() == [] and stored_files() == before
    assert events("attachment_add", case.id) == []


def test_the_case_limit_counts_the_files_it_has(client, signed_in, case):
    upload(client, case.id, *((f"{n}.txt", samples.TEXT) for n in range(9)))
    response = upload(client, case.id, ("a.txt", samples.TEXT), ("b.txt", samples.TEXT))
    assert response.status_code == 400
    assert "Ärendet har redan 9 bilagor av högst 10: du kan bifoga 1 till, men valde 2." in \
        text(response)
    assert len(rows()) == 9


def test_a_request_larger_than_the_route_takes_gets_the_swedish_413_page(
        client, signed_in, case, app, monkeypatch):
    monkeypatch.setitem(app.config, "ATTACHMENT_MAX_FILES", 2)
    monkeypatch.setitem(app.config, "ATTACHMENT_MAX_MB", 1)  # the route takes 3 MiB
    over_one = b"%PDF-1.7\n" + b"0" * (MIB + 10)
    told = upload(client, case.id, ("stor.pdf", over_one))
    assert told.status_code == 400 and "stor.pdf: filen är större än 1 MB." in text(told)

    refused = upload(client, case.id, ("a.pdf", over_one), ("b.pdf", over_one),
                     ("c.pdf", over_one))
    assert refused.status_code == 413
    assert "För mycket på en gång" in text(refused) and "Ingenting är sparat." in text(refused)
    assert rows() == []


def test_an_ordinary_route_takes_no_large_body(client, signed_in):
    response = client.post("/cases/new", data={"description": "x" * (9 * MIB)})
    assert response.status_code == 413
    assert "För mycket på en gång" in text(response)


def test_a_heic_photo_is_stored_as_jpeg_under_a_jpeg_name(client, signed_in, case):
    assert upload(client, case.id, ("IMG_1234.HEIC", samples.heic())).status_code == 302
    [photo] = rows()
    assert (photo.file_name, photo.content_type) == ("IMG_1234.jpg", "image/jpeg")
    assert queries.content(photo)[:3] == b"\xff\xd8\xff"


def test_the_upload_form_comes_back_with_the_reason_on_the_case_page(client, signed_in, case):
    page = text(upload(client, case.id, ("faktura.pdf", samples.exe())))
    assert '<div class="error-summary"' in page
    assert 'href="#attachments"' in page and 'aria-invalid="true"' in page
    assert "Välj filen igen" in page
    assert f"Klagomål {case.number}" in page


def test_a_browser_content_type_is_not_believed(client, signed_in, case):
    response = post_files(client, f"/cases/{case.id}/bilagor", {"attachments": [
        (io.BytesIO(samples.HTML), "sida.pdf", "application/pdf")]})
    assert response.status_code == 400 and rows() == []
