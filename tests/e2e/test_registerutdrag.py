"""A person's data on request over HTTP on the real server, on a SQLite file and on PostgreSQL:
the admin (with a second factor) searches for a person, ticks the case that concerns them and
downloads it as PDF and JSON; the search text appears in no URL and nowhere in the server's
log, which does record the requests."""
import json
import urllib.parse

import pytest

from casework.core.extensions import db
from casework.organisation.services import node_by_code
from tests import factories
from tests.databases import fresh_database
from tests.documents import pdf_text
from tests.e2e.client import Client
from tests.e2e.site import UNIT_CODE, add_organisation
from tests.e2e.test_list_tools import download
from tests.server import Server, migrate, own_app

pytestmark = pytest.mark.e2e

ADMIN = "kim.kvalitet@example.se"
#: What the admin types, and the person's name as the case holds it.
TYPED, STORED = "greta odmark", "Greta Ödmark"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def extract_site(request, tmp_path_factory):
    """``casework run`` with an admin over the förvaltning and two cases, one naming the
    person; yields (server, the admin's TOTP secret, the two case numbers)."""
    tmp_dir = tmp_path_factory.mktemp(f"extract-{request.param}")
    with fresh_database(request.param, tmp_dir) as url:
        env = migrate(url, tmp_dir)
        with own_app(url, tmp_dir / "instance") as app:
            with app.app_context():
                add_organisation()
                secret = factories.admin(node_by_code("HAV"), email=ADMIN, name="Kim Kvalitet")
                unit = node_by_code(UNIT_CODE)
                named = factories.case(unit, contact=f"{STORED}, 08-123 456",
                                       description="Hemtjänsten kom för sent.")
                other = factories.case(unit, description="Maten var kall.")
                numbers = (named.number, other.number)
                db.session.commit()
            with Server(env, tmp_dir / "server.log") as server:
                mark = server.mark()
                yield server, secret, numbers
                server.check(mark)


def test_the_admin_exports_a_persons_case_and_the_text_stays_out_of_the_log(extract_site):
    server, secret, (named, other) = extract_site
    mark = server.mark()
    admin = Client(server)
    admin.log_in_with_code(ADMIN, factories.PASSWORD, secret)

    page = admin.get("/admin/registerutdrag")
    search = next(f for f in page.forms if "sok" in f.names)
    found = admin.submit(search, {"sok": TYPED})
    assert urllib.parse.urlsplit(found.url).path == "/admin/registerutdrag"
    assert not urllib.parse.urlsplit(found.url).query
    assert "1 ärende" in found.text and named in found.text and other not in found.text
    assert "<mark>Greta Ödmark</mark>" in found.text

    export = found.form("utdrag-titel")
    ticked = [value for value, label in export.names["arenden"] if label == f"Välj {named}"]
    assert len(ticked) == 1
    status, headers, body = download(admin, export, {"arenden": ticked[0], "format": "json"})
    assert status == 200 and headers["Cache-Control"] == "no-store"
    document = json.loads(body)
    assert [case["number"] for case in document["cases"]] == [named]
    assert document["cases"][0]["contact"].startswith(STORED)
    status, headers, body = download(admin, export, {"arenden": ticked[0], "format": "pdf"})
    assert status == 200 and headers["Content-Type"] == "application/pdf"
    assert named in pdf_text(body)

    log = server.output_since(mark)
    assert "POST /admin/registerutdrag " in log and "POST /admin/registerutdrag/export " in log
    for trace in (TYPED, "greta", "odmark", "Ödmark", urllib.parse.quote(TYPED),
                  urllib.parse.quote_plus(TYPED)):
        assert trace.casefold() not in log.casefold(), trace
