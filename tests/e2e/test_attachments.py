"""Attachments over HTTP on the real server (a SQLite file and PostgreSQL): a care worker files
an avvikelse with a photo, the deputy adds the scanned letter on the case page and downloads
both, the photo without its location; a renamed executable and an oversized request are
refused with nothing stored."""
import urllib.parse

import pytest
import sqlalchemy as sa

from casework.attachments.models import Attachment
from casework.cases.models import Case
from casework.core.extensions import db
from casework.trail.models import AuditEvent
from tests.attachments import samples
from tests.e2e.walk import Walk

pytestmark = pytest.mark.e2e


def first_choice(form, field: str) -> str:
    return next(value for value, _ in form.names[form.name_of(field)] if value)


def upload_form(page):
    return next(f for f in page.forms if urllib.parse.urlsplit(f.action).path.endswith("/bilagor"))


def test_a_report_with_a_photo_and_a_letter_added_on_the_case_page(site):
    walk = Walk(site)
    staff = walk.as_("staff")
    page = staff.get("/cases/report")
    form = next(f for f in page.forms if "type" in f.names)
    page = staff.submit_files(form, {
        "type": "avvikelse", "description": "Rampen vid entrén är trasig.",
        "occurred_on": site.local_now().date().isoformat(),
        "identified_by": first_choice(form, "identified_by"),
        "categories": [first_choice(form, "categories")],
        "concerns": first_choice(form, "concerns"),
    }, {"attachments": [("IMG_0042.JPG", samples.jpeg_with_gps())]})
    assert page.url.endswith("/cases/report"), page.errors
    with site.app.app_context():
        case = db.session.scalar(sa.select(Case).where(
            Case.description == "Rampen vid entrén är trasig."))
        case_id = case.id

    deputy = walk.as_("deputy")
    page = deputy.get(f"/cases/{case_id}")
    photo_url = page.link("IMG_0042.JPG")
    refused = deputy.submit_files(upload_form(page), {},
                                  {"attachments": [("faktura.pdf", samples.exe())]}, expect=400)
    assert "faktura.pdf: filen är inte en PDF fast den heter .pdf." in refused.errors
    pdf = samples.pdf()
    page = deputy.submit_files(upload_form(page), {},
                               {"attachments": [("Brev från sonen.pdf", pdf)]})
    assert page.messages() == ["Bilagan är sparad."]
    letter_url = page.link("Brev från sonen.pdf")

    status, headers, body = deputy.download(photo_url)
    assert status == 200 and body[:3] == b"\xff\xd8\xff" and samples.gps_of(body) == {}
    status, headers, body = deputy.download(letter_url)
    assert (status, body, headers["Content-Type"]) == (200, pdf, "application/pdf")
    assert headers["Content-Disposition"] == (
        "attachment; filename=\"Brev fr_n sonen.pdf\"; "
        "filename*=UTF-8''Brev%20fr%C3%A5n%20sonen.pdf")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cache-Control"] == "no-store"
    # The staff member opens their own photo, not the deputy's letter.
    assert staff.download(photo_url)[0] == 200
    assert staff.download(letter_url)[0] == 404

    with site.app.app_context():
        stored = db.session.scalars(sa.select(Attachment).where(
            Attachment.case_id == case_id).order_by(Attachment.id)).all()
        assert [a.file_name for a in stored] == ["IMG_0042.JPG", "Brev från sonen.pdf"]
        actions = db.session.scalars(sa.select(AuditEvent.action).where(
            AuditEvent.case_id == case_id, AuditEvent.action.in_(
                ["attachment_add", "export", "refused"])).order_by(AuditEvent.id)).all()
        assert actions == ["attachment_add", "attachment_add", "export", "export", "export",
                           "refused"]


def test_a_request_too_large_gets_the_swedish_page(site):
    planner = Walk(site).as_("planner")
    page = planner.post("/cases/new", [("description", "x" * (9 * 1024 * 1024))], expect=413)
    assert "För mycket på en gång" in page.text
