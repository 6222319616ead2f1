"""One audit row per access, for every kind of access: view, creation, change, list, report read
and download, snapshot download; each with who, role, unit and case, and no content."""
from datetime import date

import pytest
import sqlalchemy as sa

from casework.cases import handling
from casework.cases.models import Case
from casework.cases.submissions import new_token
from casework.core.clock import local_today
from casework.core.extensions import db
from casework.reports.snapshots import take_snapshots
from casework.trail.models import AuditEvent
from tests import factories

#: Content that must never reach the trail: a description, a contact, a name, search text.
SECRETS = ("Hemligt", "070-111", "Greta Grönlund", "otrevlig")


@pytest.fixture
def unit(app_ctx):
    return factories.node("enhet", "Aspudden hemtjänst", factories.node("omrade", "Område 1"),
                          code="ASP")


@pytest.fixture
def case(unit):
    created = factories.case(unit, "klagomal", date(2025, 3, 10),
                             description="Hemligt innehåll om en brukare.",
                             contact="070-111 22 33")
    db.session.commit()
    return created


@pytest.fixture
def manager(unit, client):
    user = factories.user("bitradande_enhetschef", unit, name="Greta Grönlund")
    db.session.commit()
    factories.log_in(client, user)
    return user


def new_rows(request) -> list[AuditEvent]:
    """The rows that one request (a callable) added to the trail."""
    last = db.session.scalar(sa.select(sa.func.max(AuditEvent.id))) or 0
    response = request()
    assert response.status_code < 400, response.status_code
    db.session.expire_all()
    return list(db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.id > last).order_by(AuditEvent.id)))


def summary(rows: list[AuditEvent]) -> list[tuple]:
    return [(row.action, row.case_id, row.unit_id) for row in rows]


def assert_no_content(rows: list[AuditEvent]) -> None:
    stored = str([(row.action, row.roles, row.detail) for row in rows])
    for secret in SECRETS:
        assert secret not in stored


def test_a_view_leaves_one_row_with_who_role_unit_and_case(client, case, unit, manager):
    [row] = new_rows(lambda: client.get(f"/cases/{case.id}"))

    assert (row.action, row.case_id, row.unit_id, row.user_id, row.roles) == (
        "view", case.id, unit.id, manager.id, "bitradande_enhetschef")
    assert row.at is not None
    assert_no_content([row])


def test_a_creation_leaves_one_row(client, unit, manager):
    data = {"submission": new_token(), "type": "klagomal", "received_on": local_today().isoformat(),
            "source": "narstaende", "categories": ["bemotande"],
            "description": "Hemligt: Greta Grönlund var otrevlig.", "contact": "070-111 00 00"}

    rows = new_rows(lambda: client.post("/cases/new", data=data))

    created = db.session.scalar(sa.select(Case).order_by(Case.id.desc()))
    assert summary(rows) == [("create", created.id, unit.id)]
    assert_no_content(rows)


def test_a_change_leaves_one_row(client, case, unit, manager):
    rows = new_rows(lambda: client.post(f"/cases/{case.id}/actions", data={
        "add_action-version": str(case.version), "add_action-taken_on": "2025-03-11",
        "add_action-description": "Hemligt samtal med Greta Grönlund."}))

    assert summary(rows) == [("change", case.id, unit.id)]
    assert rows[0].detail == {"endpoint": "cases.add_action"}
    assert_no_content(rows)


def test_a_change_that_meets_a_conflict_leaves_one_view_row(client, case, unit, manager):
    """The change is rolled back, so its row is too; the user still saw the case (the
    conflict page shows it, loading it again after the rollback): one "view" row."""
    other = factories.user("enhetschef", unit)
    handling.assign_handler(case, 1, other, handler_id=other.id)
    db.session.commit()
    last = db.session.scalar(sa.select(sa.func.max(AuditEvent.id))) or 0

    response = client.post(f"/cases/{case.id}/apt", data={"mark_for_apt-version": "1"})

    assert response.status_code == 409
    db.session.expire_all()
    rows = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.id > last)).all()
    assert summary(rows) == [("view", case.id, unit.id)]


def test_a_refused_change_leaves_a_view_row_and_no_change_row(client, case, unit, manager):
    """Closing without återkoppling is refused after the step began: nothing of it stays."""
    last = db.session.scalar(sa.select(sa.func.max(AuditEvent.id))) or 0
    handling.assign_handler(case, 1, manager, handler_id=manager.id)
    db.session.commit()

    response = client.post(f"/cases/{case.id}/close", data={
        "close-version": str(case.version), "close-summary": "Klart."})

    assert response.status_code == 400
    assert "Återkoppling sker alltid" in response.get_data(as_text=True)
    db.session.expire_all()
    rows = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.id > last)).all()
    assert summary(rows) == [("view", case.id, unit.id)]
    assert db.session.get(Case, case.id).status == "pagaende"


def test_escalating_to_lex_sarah_is_a_change_and_a_creation(client, case, unit, manager):
    rows = new_rows(lambda: client.post(f"/cases/{case.id}/steps/escalate_lex_sarah", data={
        "escalate_lex_sarah-version": str(case.version),
        "escalate_lex_sarah-description": "Hemligt: Greta Grönlund blev utskälld."}))

    sarah = db.session.scalar(sa.select(Case).where(Case.type == "lex_sarah"))
    assert summary(rows) == [("change", case.id, unit.id), ("create", sarah.id, unit.id)]
    assert_no_content(rows)


def test_the_apt_list_is_one_row_and_recording_it_one_row_per_case(client, case, unit, manager):
    handling.mark_for_apt(case, case.version, manager)
    db.session.commit()

    listed = new_rows(lambda: client.get("/apt/ASP"))
    recorded = new_rows(lambda: client.post("/apt/ASP", data={
        "cases": [str(case.id)], "discussed_on": "2025-03-20"}))

    assert [(r.action, r.unit_id, r.detail["shown"]) for r in listed] == [
        ("list", unit.id, [case.id])]
    assert summary(recorded) == [("change", case.id, unit.id)]
    assert_no_content(listed + recorded)


def test_a_list_is_one_row_naming_the_cases_shown_without_the_search(client, case, manager):
    posted = new_rows(lambda: client.post("/cases", data={"sok": "otrevlig"}))
    [row] = new_rows(lambda: client.get(client.post("/cases", data={"sok": "otrevlig"}).location))
    [shown] = new_rows(lambda: client.get("/cases"))

    assert posted == []  # the form's post only stores the search and answers with the list's URL
    assert (row.action, row.detail, shown.detail) == ("list", {"shown": []}, {"shown": [case.id]})
    assert_no_content([row, shown])


@pytest.fixture
def chief(unit, client):
    user = factories.user("enhetschef", unit)
    db.session.commit()
    factories.log_in(client, user)
    return user


@pytest.mark.parametrize("name", ["csv", "json"])
def test_a_report_download_is_one_row(client, case, unit, chief, name):
    rows = new_rows(lambda: client.get(f"/reports/download?node=ASP&year=2025&format={name}"))

    assert [(r.action, r.unit_id, r.user_id, r.detail["format"]) for r in rows] == [
        ("report_download", unit.id, chief.id, name)]
    assert_no_content(rows)


def test_a_report_read_is_one_row(client, case, unit, chief):
    rows = new_rows(lambda: client.get("/reports?node=ASP&year=2025"))

    assert summary(rows) == [("report_view", None, unit.id)]


def test_the_trends_page_and_a_chart_file_are_one_row_each(client, case, unit, chief):
    page = new_rows(lambda: client.get("/reports/trends?node=ASP&year=2025"))
    chart = new_rows(lambda: client.get("/reports/trends.svg?node=ASP&year=2025&section=1"))

    assert summary(page) == [("report_trends", None, unit.id)]
    assert [(r.action, r.unit_id, r.detail["format"]) for r in chart] == [
        ("report_download", unit.id, "svg")]


def test_a_snapshot_download_and_comparison_are_one_row_each(client, case, unit, chief):
    snapshot = next(s for s in take_snapshots(date(2025, 4, 30)) if s.node_id == unit.id)
    db.session.commit()

    download = new_rows(lambda: client.get(f"/reports/snapshots/{snapshot.id}.csv"))
    compare = new_rows(lambda: client.get(f"/reports/snapshots/{snapshot.id}/compare"))

    assert [(r.action, r.unit_id, r.detail) for r in download] == [
        ("snapshot_download", unit.id, {"snapshot": snapshot.id, "format": "csv"})]
    assert summary(compare) == [("snapshot_compare", None, unit.id)]


def test_a_case_document_download_is_one_export_row(client, unit, chief):
    sarah = factories.case(unit, "lex_sarah", date(2025, 3, 10),
                           description="Hemligt: Greta Grönlund föll.")
    db.session.commit()

    rows = new_rows(lambda: client.get(f"/cases/{sarah.id}/utredning.pdf"))

    assert [(r.action, r.case_id, r.unit_id, r.detail["format"]) for r in rows] == [
        ("export", sarah.id, unit.id, "pdf")]
    assert_no_content(rows)


def test_a_refused_view_is_one_row_too(client, case):
    outsider = factories.user("planerare")
    db.session.commit()
    factories.log_in(client, outsider)
    last = db.session.scalar(sa.select(sa.func.max(AuditEvent.id))) or 0

    assert client.get(f"/cases/{case.id}").status_code == 404

    rows = list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.id > last)))
    assert [(r.action, r.case_id, r.user_id, r.detail) for r in rows] == [
        ("refused", case.id, outsider.id, {"status": 404})]
