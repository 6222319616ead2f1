"""A deputy attaches a phone photo to a case on a 390 px screen and downloads it again, without
its location."""
import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from casework.attachments.models import Attachment
from casework.core.extensions import db
from casework.organisation.models import OrgNode
from tests import factories
from tests.attachments import samples
from tests.browser.intake_helpers import PHONE, log_in, phone_page

pytestmark = pytest.mark.browser


def test_a_deputy_attaches_a_photo_on_a_phone_and_downloads_it_without_its_location(
        browser, live_server, live_app, tmp_path):
    with live_app.app_context():
        unit = db.session.scalar(sa.select(OrgNode).where(OrgNode.code == "ASP"))
        case = factories.case(unit, "klagomal", description="Trasig ramp vid entrén.")
        db.session.commit()
        case_id = case.id
    photo = tmp_path / "IMG_0042.JPG"
    photo.write_bytes(samples.jpeg_with_gps())

    with phone_page(browser, live_server) as page:
        log_in(page, "bea.bitradande@example.se")
        page.goto(f"/cases/{case_id}")
        section = page.get_by_role("region", name="Bilagor")
        expect(section).to_contain_text("Inga filer är bifogade.")
        field = section.get_by_label("Bilagor")
        expect(field).to_have_attribute("type", "file")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

        field.set_input_files(str(photo))
        section.get_by_role("button", name="Bifoga filerna").tap()

        expect(page.get_by_text("Bilagan är sparad.")).to_be_visible()
        expect(page).to_have_url(re.compile(rf"/cases/{case_id}#bilagor$"))
        link = page.get_by_role("region", name="Bilagor").get_by_role("link", name="IMG_0042.JPG")
        expect(link).to_be_visible()
        expect(page.get_by_role("region", name="Bilagor")).to_contain_text("JPEG")
        expect(page.get_by_role("region", name="Bilagor")).to_contain_text("Bea Biträdande")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        box = link.bounding_box()
        assert box["x"] + box["width"] <= PHONE["width"]

        with page.expect_download() as download:
            link.tap()
        assert download.value.suggested_filename == "IMG_0042.JPG"
        saved = download.value.path().read_bytes()

    assert saved[:3] == b"\xff\xd8\xff" and samples.gps_of(saved) == {}
    with live_app.app_context():
        [stored] = db.session.scalars(sa.select(Attachment).where(Attachment.case_id == case_id))
        assert (stored.file_name, stored.content_type) == ("IMG_0042.JPG", "image/jpeg")
