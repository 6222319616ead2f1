"""Issue 15.1 end to end: a resident sends a complaint through the public e-service of the real
server (SQLite file and PostgreSQL, CSRF on, Celery in-process) over HTTP; the receipt page shows
the number, the receipt e-mail reaches a real SMTP server and so does the handler's notice; the
planner finds the case in the unit's list marked e-tjänst; the session cookie is HttpOnly and
the client's address is stored nowhere."""
import time

import pytest
import sqlalchemy as sa

from casework.cases.models import Case
from casework.core.extensions import db
from casework.public.models import PublicSubmission
from tests import factories
from tests.e2e.client import Client
from tests.e2e.site import PEOPLE, add_organisation
from tests.server import mailing_site

pytestmark = pytest.mark.e2e

DESCRIPTION = "Min mamma fick ingen lunch i går. Ingen ringde."
EMAIL = "sara.son@example.se"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def public_site(request, tmp_path_factory):
    """``casework run`` sending through a real SMTP server, the form's minimum fill time one
    second; yields (server, inbox, the test's own app)."""
    tmp_dir = tmp_path_factory.mktemp(f"public-{request.param}")
    with mailing_site(request.param, tmp_dir, add_organisation,
                      CASEWORK_PUBLIC_FORM_MIN_SECONDS="1") as (server, inbox, app, _):
        yield server, inbox, app


def wait_for(inbox, to: str, seconds: float = 30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = [m for m in inbox.messages if m["To"] == to]
        if found:
            return found
        time.sleep(0.05)
    return []


def test_a_resident_sends_a_complaint_and_gets_a_receipt(public_site):
    server, inbox, app = public_site
    resident = Client(server)
    shown = resident.get("/lamna-synpunkt")
    [form] = shown.forms
    assert "csrf_token" in form.names
    time.sleep(1.1)  # the minimum fill time
    receipt = resident.submit(form, {
        "unit": "hemtjänst aspudden", "type": "klagomal", "categories": ["utebliven_insats"],
        "description": DESCRIPTION, "source": "narstaende", "name": "Sara Son",
        "contact_email": EMAIL, "phone": "070-765 43 21"})
    assert receipt.url.endswith("/lamna-synpunkt/kvitto")
    with app.app_context():
        case = db.session.scalars(sa.select(Case)).one()
        number, case_id = case.number, case.id
        assert (case.channel, case.status, case.registered_by_id, case.unit.name) == (
            "e_tjanst", "ny", None, "Aspudden hemtjänst")
        assert (case.contact, case.contact_email) == ("Sara Son, tel. 070-765 43 21", EMAIL)
        keys = db.session.scalars(sa.select(PublicSubmission.address_key)).all()
        assert len(keys) == 1 and "127.0.0.1" not in keys[0]
    assert number in receipt.text and "Aspudden hemtjänst" in receipt.text
    assert number not in receipt.url

    [mail] = wait_for(inbox, EMAIL)
    assert mail["Subject"] == f"Vi har tagit emot ditt ärende {number}"
    assert DESCRIPTION not in mail.get_content() and number in mail.get_content()
    told = wait_for(inbox, PEOPLE["deputy"].email)
    assert [m["Subject"] for m in told] == [f"Nytt ärende via e-tjänsten – {number}"]
    assert f"/cases/{case_id}" in told[0].get_content()

    cookies = {cookie.name: cookie for cookie in resident.jar}
    assert cookies["session"].has_nonstandard_attr("HttpOnly")

    # Another browser sees no receipt, and the form without its CSRF token stores nothing.
    stranger = Client(server)
    assert number not in stranger.get("/lamna-synpunkt/kvitto", expect=404).text
    stranger.post("/lamna-synpunkt", [(k, v) for k, v in form.filled({
        "unit": "Aspudden hemtjänst", "type": "berom", "description": "Tack!"})
        if k != "csrf_token"], expect=400)

    planner = Client(server)
    planner.log_in(PEOPLE["planner"].email, factories.PASSWORD)
    listed = planner.get("/cases")
    assert number in listed.text and "via e-tjänst" in listed.text
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Case)) == 1
