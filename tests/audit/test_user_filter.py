"""The audit page's user filter (issue 7.3): an e-mail address names a person, so it is posted,
kept in the session, and the page's URL, its page links and the export link carry only a key."""
import csv
import io
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import sqlalchemy as sa

from casework.audit import queries
from casework.core.extensions import db
from casework.trail.models import AuditEvent
from casework.web.private_terms import PARAM
from tests.audit.test_page import export_link, listed, org, sign_in, text  # noqa: F401  (a fixture)
from tests.privacy import carries, record_access_log, urls_in

EMAIL = "bea@stad.se"
EXPIRED = "Sökningen gäller inte längre – sök igen."


def newest_id() -> int:
    return db.session.scalar(sa.select(sa.func.max(AuditEvent.id)))


def test_the_address_is_in_no_url_and_no_access_log_line(
        app, client, org, monkeypatch):  # noqa: F811
    sign_in(client, "admin", org["area"])
    log = record_access_log(app, monkeypatch)

    posted = client.post("/audit", data={"anvandare": EMAIL, "handelse": "view"})
    page = client.get(posted.location)
    export = client.get(export_link(page))

    assert posted.status_code == 303
    query = parse_qs(urlsplit(posted.location).query)
    assert query["handelse"] == ["view"] and len(query[PARAM]) == 1
    assert listed(page) == [("Läste ärende", org["case_a"].number)]
    assert f'value="{EMAIL}"' in text(page)  # the box keeps the filter, in the page only
    assert not [url for url in urls_in(text(page)) if carries(url, EMAIL)]
    assert parse_qs(urlsplit(export_link(page)).query)[PARAM] == query[PARAM]
    assert len(list(csv.DictReader(io.StringIO(text(export))))) == 1
    assert [line.split()[0] for line in log] == ["POST", "GET", "GET"]
    assert not [line for line in log if carries(line, EMAIL) or carries(line, "bea")]
    assert not carries(posted.location, EMAIL)


def test_the_filter_holds_across_older_and_newer_pages(client, org, monkeypatch):  # noqa: F811
    monkeypatch.setattr(queries, "PAGE_SIZE", 1)
    sign_in(client, "admin", org["area"])

    first = client.get(client.post("/audit", data={"anvandare": EMAIL}).location)
    older = client.get(_link(first, "next"))
    newer = client.get(_link(older, "prev"))

    assert [label for label, _ in listed(first)] == ["Visade ärendelista"]
    assert [label for label, _ in listed(older)] == ["Ändrade ärende"]
    assert listed(newer) == listed(first)
    for page in (first, older, newer):
        assert not [url for url in urls_in(text(page)) if carries(url, EMAIL)]


def _link(response, rel: str) -> str:
    return unescape(re.search(rf'rel="{rel}" href="([^"]+)"', text(response)).group(1))


def test_an_unknown_key_shows_the_page_without_the_filter_and_says_so(client, org):  # noqa: F811
    sign_in(client, "admin", org["area"])

    response = client.get(f"/audit?{PARAM}=finns-inte&handelse=view")

    assert response.status_code == 200 and EXPIRED in text(response)
    assert len(listed(response)) == 2  # both readers' views: no user filter
    assert PARAM not in export_link(response) and "handelse=view" in export_link(response)


def test_an_export_with_an_unknown_key_exports_nothing_and_goes_to_the_page(
        client, org):  # noqa: F811
    sign_in(client, "admin", org["area"])
    before = newest_id()

    response = client.get(f"/audit/export.csv?{PARAM}=finns-inte&handelse=view")

    assert response.status_code == 303 and response.location == "/audit?handelse=view"
    assert newest_id() == before  # no export row
    assert EXPIRED in text(client.get(response.location))


def test_an_address_typed_into_the_url_is_neither_read_nor_passed_on(client, org):  # noqa: F811
    sign_in(client, "admin", org["area"])

    page = client.get(f"/audit?anvandare={EMAIL}")
    export = client.get(f"/audit/export.csv?anvandare={EMAIL}")

    assert EXPIRED in text(page) and len(listed(page)) == 5
    assert not [url for url in urls_in(text(page)) if carries(url, EMAIL)]
    assert export.status_code == 303 and not carries(export.location, EMAIL)


def test_a_bad_address_posted_shows_the_form_again_with_400_and_the_input_kept(
        client, org):  # noqa: F811
    sign_in(client, "enhetschef", org["a"])

    response = client.post("/audit", data={"anvandare": "bea", "arende": "42"})
    page = text(response)

    assert response.status_code == 400
    assert 'id="anvandare-error"' in page and "Skriv en e-postadress" in page
    assert 'id="arende-error"' in page and 'value="bea"' in page and 'value="42"' in page
    assert "Formuläret innehåller fel" in page


def test_the_post_is_refused_to_those_who_may_not_read_the_trail(client, org):  # noqa: F811
    sign_in(client, "bitradande_enhetschef", org["a"])

    assert client.post("/audit", data={"anvandare": EMAIL}).status_code == 403
