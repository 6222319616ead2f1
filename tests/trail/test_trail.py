"""One audit row per access to a case or a report, with who, role, unit and action, no content;
on PostgreSQL the trail cannot be changed or erased."""
from datetime import date

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade
from sqlalchemy.exc import DBAPIError

from casework.cases.services import create_case
from casework.core.extensions import db
from casework.trail.models import AuditEvent
from tests import factories
from tests.conftest import make_app
from tests.databases import fresh_postgres_database
from tests.drafts import needed


def events() -> list[AuditEvent]:
    return list(db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id)))


@pytest.fixture
def unit_case(app_ctx):
    unit = factories.node("enhet", "Aspudden hemtjänst")
    case = create_case(**needed("klagomal", unit_id=unit.id, received_on=date(2025, 3, 10),
                                registered_by_id=None,
                                description="Hemligt innehåll om en brukare."))
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
