"""One audit row per access to a case or a report, with who, role, unit and action, no content;
on PostgreSQL the trail cannot be changed or erased."""
from dataclasses import replace
from datetime import date

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade
from sqlalchemy.exc import DBAPIError

from casework.cases import handling
from casework.cases.models import CaseEvent
from casework.cases.steps import STEPS
from casework.core.extensions import db
from casework.trail.models import AuditEvent
from tests import factories
from tests.conftest import make_app
from tests.databases import fresh_postgres_database


def events() -> list[AuditEvent]:
    return list(db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id)))


@pytest.fixture
def unit_case(app_ctx):
    unit = factories.node("enhet", "Aspudden hemtjänst")
    case = factories.case(unit, "klagomal", date(2025, 3, 10),
                          description="Hemligt innehåll om en brukare.")
    db.session.commit()
    return unit, case


def test_each_view_and_change_of_a_case_leaves_one_row(client, unit_case):
    unit, case = unit_case
    manager = factories.user("bitradande_enhetschef", unit)
    db.session.commit()
    factories.log_in(client, manager)
    assert client.get(f"/cases/{case.id}").status_code == 200
    assert client.get(f"/cases/{case.id}").status_code == 200
    client.post(f"/cases/{case.id}/apt", data={"mark_for_apt-version": case.version})
    rows = events()
    assert [(r.action, r.case_id, r.unit_id, r.user_id) for r in rows] == [
        ("view", case.id, unit.id, manager.id), ("view", case.id, unit.id, manager.id),
        ("change", case.id, unit.id, manager.id)]
    assert rows[0].roles == "bitradande_enhetschef"
    assert "Hemligt" not in str([(r.detail, r.roles, r.action) for r in rows])


def test_a_refused_attempt_is_recorded_too(client, unit_case):
    _, case = unit_case
    outsider = factories.user("planerare")  # a planner of another unit
    db.session.commit()
    factories.log_in(client, outsider)
    assert client.get(f"/cases/{case.id}").status_code == 404
    [row] = events()
    assert (row.action, row.case_id, row.user_id, row.detail) == (
        "refused", case.id, outsider.id, {"status": 404})


def test_report_reads_and_downloads_are_recorded(client, unit_case):
    unit, _ = unit_case
    chief = factories.user("enhetschef", unit)
    db.session.commit()
    factories.log_in(client, chief)
    assert client.get(f"/reports?node={unit.code}&year=2025").status_code == 200
    response = client.get(f"/reports/download?node={unit.code}&year=2025&format=csv")
    assert response.status_code == 200
    assert [(r.action, r.unit_id, r.detail.get("format")) for r in events()] == [
        ("report_view", unit.id, None), ("report_download", unit.id, "csv")]


def test_the_trail_is_append_only_on_postgresql(tmp_path):
    with fresh_postgres_database() as url:
        app = make_app(url, tmp_path)
        with app.app_context():
            upgrade()
            db.session.add(AuditEvent(action="view", roles="", detail={}))
            db.session.commit()
            for statement in (sa.update(AuditEvent).values(action="edited"),
                              sa.delete(AuditEvent), sa.text("TRUNCATE audit_events")):
                with pytest.raises(DBAPIError, match="append-only"):
                    db.session.execute(statement)
                db.session.rollback()
            assert [e.action for e in events()] == ["view"]
            db.session.remove()
            db.engine.dispose()


def test_a_list_records_which_cases_it_showed_but_not_the_search(client, unit_case):
    unit, case = unit_case
    manager = factories.user("enhetschef", unit)
    db.session.commit()
    factories.log_in(client, manager)
    searched = client.post("/cases", data={"sok": "otrevlig personal"}).location
    assert client.get(searched).status_code == 200
    assert client.get("/cases").status_code == 200
    rows = events()
    assert [(r.action, r.detail) for r in rows] == [
        ("list", {"shown": []}), ("list", {"shown": [case.id]})]
    assert "otrevlig" not in str([r.detail for r in rows])


@pytest.fixture
def failing_step(monkeypatch, app):
    """The APT mark made to fail after its change is flushed and its audit row is added, as a
    crash late in a request would; the 500 page answers instead of the exception."""
    def mark_then_fail(case, version, user):
        handling.mark_for_apt(case, version, user)
        raise RuntimeError("a fault after the change and its audit call")

    monkeypatch.setitem(STEPS, "mark_for_apt",
                        replace(STEPS["mark_for_apt"], service=mark_then_fail))
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)


@pytest.mark.parametrize("fault", ["crash", "stale"])
def test_a_change_that_fails_after_its_audit_call_leaves_no_change_row(
        request, client, unit_case, fault):
    """The change's row is rolled back with the change; the read it still was is kept."""
    unit, case = unit_case
    manager = factories.user("bitradande_enhetschef", unit)
    db.session.commit()
    factories.log_in(client, manager)
    version = case.version
    if fault == "crash":
        request.getfixturevalue("failing_step")
    response = client.post(f"/cases/{case.id}/apt", data={
        "mark_for_apt-version": version if fault == "crash" else version + 1})

    assert response.status_code == (500 if fault == "crash" else 409)
    db.session.expire_all()
    assert [(r.action, r.case_id) for r in events()] == [("view", case.id)]
    assert not case.apt_pending and case.version == version
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CaseEvent).where(
        CaseEvent.case_id == case.id, CaseEvent.event == "apt_marked")) == 0
