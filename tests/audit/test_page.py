"""The audit page /audit and its CSV export: who may read which events, filters, pages, export.
The user filter's staying out of URLs is tested in test_user_filter.py."""
import re
from datetime import UTC, date, datetime
from html import unescape

import pytest
import sqlalchemy as sa

from casework.audit import queries
from casework.auth.models import Role, RoleGrant
from casework.core.extensions import db
from casework.core.fields import FIRST_DAY, LAST_DAY
from casework.trail.models import AuditEvent
from tests import factories
from tests.documents import csv_rows, xlsx_rows


@pytest.fixture
def org(app_ctx):
    """Two enheter in one område, a case in each, and events on both, oldest first."""
    area = factories.node("omrade", "Område 1", code="O1")
    a = factories.node("enhet", "Aspudden hemtjänst", area, code="ASP")
    b = factories.node("enhet", "Trekanten hemtjänst", area, code="TRE")
    reader_a = factories.user("bitradande_enhetschef", a, email="bea@stad.se")
    reader_b = factories.user("bitradande_enhetschef", b, email="bo@stad.se")
    case_a = factories.case(a, "klagomal", date(2025, 3, 10), description="Hemligt A.")
    case_b = factories.case(b, "klagomal", date(2025, 3, 11), description="Hemligt B.")
    events = [
        event("view", reader_a, case_a, datetime(2025, 3, 12, 9, 0, tzinfo=UTC)),
        event("view", reader_b, case_b, datetime(2025, 3, 13, 9, 0, tzinfo=UTC)),
        event("change", reader_a, case_a, datetime(2025, 3, 14, 9, 0, tzinfo=UTC)),
        AuditEvent(action="report_view", user_id=reader_b.id, roles="bitradande_enhetschef",
                   unit_id=area.id, detail={"year": 2025},
                   at=datetime(2025, 3, 15, 9, 0, tzinfo=UTC)),
        AuditEvent(action="list", user_id=reader_a.id, roles="bitradande_enhetschef",
                   detail={"shown": [case_a.id, case_b.id]},
                   at=datetime(2025, 3, 16, 9, 0, tzinfo=UTC)),
    ]
    db.session.add_all(events)
    db.session.commit()
    return {"area": area, "a": a, "b": b, "case_a": case_a, "case_b": case_b,
            "reader_a": reader_a, "reader_b": reader_b}


def event(action, user, case, at) -> AuditEvent:
    return AuditEvent(action=action, user_id=user.id, roles="bitradande_enhetschef",
                      case_id=case.id, unit_id=case.unit_id, detail={}, at=at)


def sign_in(client, role, node):
    user = factories.user(role, node)
    db.session.commit()
    factories.log_in(client, user)
    return user


def text(response) -> str:
    return response.get_data(as_text=True)


def filtered(client, **data):
    """Post the filter form and follow its answer (the user filter never enters the URL)."""
    response = client.post("/audit", data=data)
    assert response.status_code == 303, text(response)
    return client.get(response.location)


def export_link(response) -> str:
    return unescape(re.search(r'href="([^"]+)">Exportera som CSV</a>', text(response)).group(1))


def listed(response) -> list[tuple[str, str]]:
    """(action label, case number or –) of each row of the page's table, top to bottom."""
    body = text(response)
    assert response.status_code == 200, body
    return re.findall(r'<th scope="row"[^>]*>([^<]+)</th>\s*<td[^>]*>([^<]+)</td>', body)


def test_an_enhetschef_sees_the_events_of_their_unit_only(client, org):
    sign_in(client, "enhetschef", org["a"])

    response = client.get("/audit")

    assert listed(response) == [("Ändrade ärende", org["case_a"].number),
                                ("Läste ärende", org["case_a"].number)]
    page = text(response)
    assert "bea@stad.se" in page and "bo@stad.se" not in page
    assert "Hemligt" not in page
    assert response.headers["Cache-Control"] == "no-store"


def test_an_enhetschef_over_the_omrade_sees_both_units_and_its_report(client, org):
    sign_in(client, "enhetschef", org["area"])

    assert [label for label, _ in listed(client.get("/audit"))] == [
        "Läste rapport", "Ändrade ärende", "Läste ärende", "Läste ärende"]


def test_the_admin_sees_everything_including_lists(client, org):
    sign_in(client, "admin", org["area"])

    rows = listed(client.get("/audit"))

    assert [label for label, _ in rows] == [
        "Visade ärendelista", "Läste rapport", "Ändrade ärende", "Läste ärende", "Läste ärende"]


def test_an_admin_of_one_unit_sees_its_events_only_on_the_page_and_in_the_export(client, org):
    """Events of no unit (the list, the export itself) belong to no subtree: not theirs."""
    sign_in(client, "admin", org["a"])
    number_a = org["case_a"].number

    assert listed(client.get("/audit")) == [("Ändrade ärende", number_a),
                                            ("Läste ärende", number_a)]
    rows = csv_rows(client.get("/audit/export.csv").get_data())
    assert [(r["Händelse"], r["Ärende"]) for r in rows] == [("Ändrade ärende", number_a),
                                                            ("Läste ärende", number_a)]
    sheet = xlsx_rows(client.get("/audit/export.xlsx").get_data())
    assert [(r["Händelse"], r["Ärende"]) for r in sheet] == [("Ändrade ärende", number_a),
                                                             ("Läste ärende", number_a)]
    assert listed(client.get(f"/audit?arende={org['case_b'].number}")) == []


def test_the_events_of_no_unit_need_an_admin_over_every_top_node(client, org):
    other_tree = factories.node("forvaltning", "Annan förvaltning", code="AF")
    admin = sign_in(client, "admin", org["area"])
    assert "Visade ärendelista" not in [label for label, _ in listed(client.get("/audit"))]

    admin.grants.append(RoleGrant(role=Role.ADMIN, org_node_id=other_tree.id))
    db.session.commit()
    assert "Visade ärendelista" in [label for label, _ in listed(client.get("/audit"))]


@pytest.mark.parametrize("role", ["planerare", "medarbetare", "bitradande_enhetschef",
                                  "omradeschef", "mas"])
def test_other_roles_are_refused(client, org, role):
    sign_in(client, role, org["area"])

    assert client.get("/audit").status_code == 403
    assert client.get("/audit/export.csv").status_code == 403


def test_a_deactivated_enhetschef_and_the_anonymous_are_refused(client, org):
    assert client.get("/audit").status_code == 302  # to the login page
    user = factories.user("enhetschef", org["a"], active=False)
    db.session.commit()
    assert queries.scope(user) is None


def test_filters_by_user_case_action_and_period(client, org):
    sign_in(client, "admin", org["area"])
    number_a = org["case_a"].number

    assert [n for _, n in listed(filtered(client, anvandare="BO@stad.se"))] == [
        "–", org["case_b"].number]
    assert [label for label, _ in listed(client.get(f"/audit?arende={number_a}"))] == [
        "Ändrade ärende", "Läste ärende"]
    assert listed(client.get("/audit?handelse=change")) == [("Ändrade ärende", number_a)]
    assert [label for label, _ in listed(client.get("/audit?fran=2025-03-13&till=2025-03-14"))
            ] == ["Ändrade ärende", "Läste ärende"]
    empty = filtered(client, anvandare="ingen@stad.se")
    assert listed(empty) == [] and "Inga händelser matchar filtren." in text(empty)


def test_the_period_is_read_in_swedish_time(client, org):
    """23:30 UTC on 16 March is 00:30 on 17 March in Stockholm."""
    db.session.add(AuditEvent(action="view", roles="", detail={}, case_id=org["case_a"].id,
                              unit_id=org["a"].id,
                              at=datetime(2025, 3, 16, 23, 30, tzinfo=UTC)))
    db.session.commit()
    sign_in(client, "admin", org["area"])

    assert len(listed(client.get("/audit?fran=2025-03-17&till=2025-03-17"))) == 1
    assert [label for label, _ in listed(client.get("/audit?fran=2025-03-16&till=2025-03-16"))
            ] == ["Visade ärendelista"]


def test_a_filter_error_is_shown_at_its_field_with_the_input_kept(client, org):
    sign_in(client, "enhetschef", org["a"])

    response = client.get("/audit?arende=42&fran=2025-03-20&till=2025-03-01&handelse=hack")
    page = text(response)

    assert response.status_code == 200
    assert "Formuläret innehåller fel" in page
    assert 'id="arende-error"' in page and "Skriv ärendenumret som ÅÅÅÅ-NNNN" in page
    assert 'value="42"' in page and 'value="2025-03-01"' in page
    assert "Till-datumet kan inte vara före Från-datumet." in page
    assert "Välj ett av alternativen i listan." in page
    assert "Rätta filtren ovan" in page


def test_pages_go_back_in_time_and_forward_again(client, org, monkeypatch):
    monkeypatch.setattr(queries, "PAGE_SIZE", 2)
    sign_in(client, "admin", org["area"])

    first = client.get("/audit")
    older = text(first).split('rel="next" href="')[1].split('"')[0].replace("&amp;", "&")
    second = client.get(older)
    newer = text(second).split('rel="prev" href="')[1].split('"')[0].replace("&amp;", "&")

    assert [label for label, _ in listed(first)] == ["Visade ärendelista", "Läste rapport"]
    assert [label for label, _ in listed(second)] == ["Ändrade ärende", "Läste ärende"]
    assert listed(client.get(newer)) == listed(first)


def test_the_export_is_the_filtered_events_as_csv_and_is_recorded(client, org):
    chief = sign_in(client, "enhetschef", org["a"])
    last = db.session.scalar(sa.select(sa.func.max(AuditEvent.id)))

    response = client.get(f"/audit/export.csv?arende={org['case_a'].number}")
    body = text(response)

    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Cache-Control"] == "no-store"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = csv_rows(response.get_data())
    assert [(r["Händelse"], r["Ärende"], r["Användare"], r["Enhet"]) for r in rows] == [
        ("Ändrade ärende", org["case_a"].number, "bea@stad.se", "ASP"),
        ("Läste ärende", org["case_a"].number, "bea@stad.se", "ASP")]
    assert rows[1]["Tidpunkt"] == "2025-03-12 10:00:00"  # Stockholm time
    assert "Hemligt" not in body
    [recorded] = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.id > last))
    assert (recorded.action, recorded.user_id, recorded.case_id) == (
        "audit_export", chief.id, org["case_a"].id)
    assert "arende" not in str(recorded.detail)


def test_the_export_records_a_user_filter_by_id_not_by_address(client, org):
    sign_in(client, "admin", org["area"])

    response = client.get(export_link(filtered(client, anvandare="bea@stad.se",
                                               handelse="view")))

    assert len(csv_rows(response.get_data())) == 1
    recorded = db.session.scalar(sa.select(AuditEvent).order_by(AuditEvent.id.desc()))
    assert recorded.detail == {"action_filter": "view", "user_filter": org["reader_a"].id,
                               "format": "csv"}


def test_an_export_with_bad_filters_shows_the_errors_and_records_nothing(client, org):
    sign_in(client, "admin", org["area"])
    before = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))

    response = client.get("/audit/export.csv?fran=igår")

    assert response.status_code == 400 and "Skriv datumet som ÅÅÅÅ-MM-DD" in text(response)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == before


@pytest.mark.parametrize("path", ["/audit", "/audit/export.csv"])
@pytest.mark.parametrize("query, message", [
    ("till=9999-12-31", "Datumet kan inte vara efter 2100-12-31."),
    ("fran=0001-01-01", "Datumet kan inte vara före 1900-01-01."),
])
def test_a_date_out_of_bounds_is_a_field_error_on_the_page_and_the_export(client, org, path,
                                                                           query, message):
    sign_in(client, "admin", org["area"])

    response = client.get(f"{path}?{query}")

    field = query.partition("=")[0]
    assert response.status_code == (400 if path.endswith(".csv") else 200)
    assert f'id="{field}-error"' in text(response) and message in text(response)


def test_the_query_takes_the_first_and_last_day_a_filter_accepts(org):
    filters = queries.Filters(date_from=FIRST_DAY, date_to=LAST_DAY)

    found = queries.page(queries.events(sa.true(), filters))

    assert len(found.rows) == 5


def test_a_cell_that_would_start_a_formula_is_defused(client, org):
    db.session.add(AuditEvent(action="=HYPERLINK()", roles="", detail={},
                              at=datetime(2025, 3, 17, tzinfo=UTC)))
    db.session.commit()
    sign_in(client, "admin", org["area"])

    rows = csv_rows(client.get("/audit/export.csv").get_data())

    assert [r["Händelse"] for r in rows if "HYPERLINK" in r["Händelse"]] == ["'=HYPERLINK()"]
    assert rows[0]["Händelse"] == "Exporterade åtkomstloggen"  # the newest event of all


@pytest.mark.parametrize("role, offered", [("enhetschef", True), ("admin", True),
                                           ("bitradande_enhetschef", False)])
def test_the_navigation_offers_the_page_to_enhetschef_and_admin_only(client, org, role, offered):
    sign_in(client, role, org["a"])

    assert ('href="/audit"' in text(client.get("/"))) is offered


def test_a_list_shown_or_exported_is_summed_up_by_its_count():
    def row(action, **detail):
        return queries.Row(1, datetime(2025, 3, 4, tzinfo=UTC), "bea@example.se", "enhetschef",
                   action, None, None, None, None, detail)

    assert row("list", shown=[1, 2]).summary == "2 ärenden visades"
    assert row("export", shown=[7], format="xlsx", count=1).summary == "1 ärende i en fil (xlsx)"
