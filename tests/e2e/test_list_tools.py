"""The case list's tools over HTTP on the real server (issue 13, item 6): a handler searches the
list, sees the count, downloads it and assigns the cases to herself in one go."""
import csv
import io
import re
import urllib.parse
import urllib.request

import pytest
import sqlalchemy as sa

from casework.cases.models import Case, CaseEvent
from casework.core.extensions import db
from casework.trail.models import AuditEvent
from tests.e2e.site import PEOPLE, UNIT_CODE
from tests.e2e.test_concurrency import at_once
from tests.e2e.test_workflows import first_choice
from tests.e2e.walk import Walk

pytestmark = pytest.mark.e2e

#: A word only these cases' descriptions hold, so that the list shows them and no other test's.
WORD = "Listverktygsprov"


def download(client, form, values: dict) -> tuple[int, dict, bytes]:
    """Post ``form`` like a browser and keep the answer's bytes and headers (a file, not a page)."""
    data = urllib.parse.urlencode(form.filled({}) + list(values.items())).encode()
    with client.opener.open(urllib.request.Request(form.action, data=data), timeout=60) as answer:
        return answer.status, dict(answer.headers), answer.read()


def test_a_handler_filters_exports_and_assigns_in_bulk(site):
    walk = Walk(site)
    source = first_choice(walk, "planner", "/cases/new", "source")
    category = first_choice(walk, "planner", "/cases/new", "categories")
    walk.register("klagomal", "planner", "/cases/new", {
        "type": "klagomal", "source": source, "categories": [category],
        "description": f'=HYPERLINK("http://x","y") {WORD}: hemtjänsten kom inte.'})
    walk.register("berom", "planner", "/cases/new", {
        "type": "berom", "description": f"{WORD}: tack för hjälpen med flytten."})
    cases = [walk.cases["klagomal"], walk.cases["berom"]]
    deputy = walk.as_("deputy")

    # The search is posted; the list's URL holds only its key.
    listing = deputy.get("/cases")
    search = next(f for f in listing.forms if f.action.endswith("/cases") and "sok" in f.names)
    page = deputy.submit(search, {"sok": WORD})
    assert WORD not in page.url
    assert re.search(r'id="traffar">2 ärenden</p>', page.text)
    assert "hemtjänsten kom inte." in page.text  # the description column

    export = next(f for f in page.forms if f.action.endswith("/cases/export"))
    status, headers, body = download(deputy, export, {"format": "csv"})
    assert status == 200 and "filename=arenden-" in headers["Content-Disposition"]
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Ärendenummer", "Typ", "Status"]
    assert sorted(row[0] for row in rows[1:]) == sorted(case.number for case in cases)
    assert any(row[7].startswith("'=HYPERLINK") for row in rows[1:])
    status, headers, body = download(deputy, export, {"format": "xlsx"})
    assert status == 200 and body.startswith(b"PK")

    # Tick both rows by their labels, then confirm once.
    bulk = page.form("bulk-title")
    ticked = [value for value, label in bulk.names["arenden"]
              if label in {f"Välj {case.number}" for case in cases}]
    assert len(ticked) == 2
    confirm = deputy.post(bulk.action, bulk.filled({"arenden": ticked}) + [("atgard", "tilldela")])
    assert "Du tilldelar dig 2 ärenden:" in confirm.text
    form = confirm.form("bulk-confirm-title")
    done = deputy.submit(form)
    assert done.messages() == ["Du är handläggare för 2 ärenden."]
    assert WORD not in done.url and "sokning=" in done.url  # back to the same list
    again = deputy.submit(form, expect=400)  # the same confirmation a second time
    assert any("har ändrats av någon annan" in error for error in again.errors), again.errors

    with site.app.app_context():
        handlers = db.session.scalars(sa.select(Case.handler_id).where(
            Case.id.in_([case.id for case in cases]))).all()
        deputy_id = db.session.scalar(sa.text("SELECT id FROM users WHERE email = :e"),
                                      {"e": PEOPLE["deputy"].email})
        exports = db.session.scalars(sa.select(AuditEvent).where(
            AuditEvent.action == "export", AuditEvent.user_id == deputy_id)).all()
        db.session.remove()
    assert handlers == [deputy_id, deputy_id]
    assert [e.detail["format"] for e in exports][-2:] == ["csv", "xlsx"]
    assert all(e.detail["count"] == 2 and e.detail["filters"] == {"search": True}
               for e in exports[-2:])


def test_two_clicks_at_once_on_bekrafta_mark_each_case_once(site):
    walk = Walk(site)
    word = f"Dubbelbekräftelse{site.backend}"
    for name in ("first", "second"):
        walk.register(name, "planner", "/cases/new", {
            "type": "berom", "description": f"{word}: tack för i går."})
    deputy = walk.as_("deputy")
    listing = deputy.get("/cases")
    search = next(f for f in listing.forms if f.action.endswith("/cases") and "sok" in f.names)
    page = deputy.submit(search, {"sok": word})
    bulk = page.form("bulk-title")
    ids = [value for value, _ in bulk.names["arenden"]]
    assert len(ids) == 2
    form = deputy.post(bulk.action, bulk.filled({"arenden": ids}) + [("atgard", "apt")]) \
        .form("bulk-confirm-title")
    data = urllib.parse.urlencode(form.filled({})).encode()

    answers = at_once(2, lambda _: deputy._open(form.action, data)[0])

    # One runs; the other finds the cases changed (400) or clashes at the save (409).
    first, second = sorted(answers)
    assert first == 303 and second in (400, 409), answers
    with site.app.app_context():
        marks = db.session.scalar(sa.select(sa.func.count()).select_from(CaseEvent).where(
            CaseEvent.event == "apt_marked", CaseEvent.case_id.in_([int(i) for i in ids])))
        db.session.remove()
    assert marks == 2
    # The meeting takes them up: the unit's next APT list is left as the other walks expect it.
    taken = deputy.submit(deputy.get(f"/apt/{UNIT_CODE}").form("registrera"), {"cases": ids})
    assert "Registrerat att 2 ärenden togs upp på APT" in " ".join(taken.messages())
