"""Reorganising on the real server, on a SQLite file and on PostgreSQL, over HTTP only: the
admin adds an enhet under an område; a planner registers a case there; the admin moves the
enhet to another område, and the case follows it in the områden's reports; the admin closes
it, and the planner can no longer register a case there while the case is still reported."""
import json

import pytest

from casework.core.clock import local_today
from casework.core.extensions import db
from casework.organisation.services import node_by_code
from tests import factories
from tests.databases import fresh_database
from tests.e2e.client import Client, Page
from tests.server import Server, migrate, own_app

pytestmark = pytest.mark.e2e

ADMIN, PLANNER = "olle.admin@example.se", "pia.planerare@example.se"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def site(request, tmp_path_factory):
    """``casework run`` on a förvaltning with områden NORR and SODER and its admin (with a
    second factor, which the server asks the admin for); yields (server, app, secret)."""
    tmp_dir = tmp_path_factory.mktemp(f"org-{request.param}")
    with fresh_database(request.param, tmp_dir) as url:
        env = migrate(url, tmp_dir)
        with own_app(url, tmp_dir / "instance") as app:
            with app.app_context():
                district = factories.node("forvaltning", "Skärholmen", code="SKH")
                for code, name in (("NORR", "Hemtjänst Norr"), ("SODER", "Hemtjänst Söder")):
                    factories.node("omrade", name, district, code=code)
                secret = factories.admin(district, email=ADMIN, name="Olle Admin")
                db.session.commit()
            with Server(env, tmp_dir / "server.log") as server:
                yield server, app, secret


def form_to(page: Page, ending: str):
    return next(f for f in page.forms if f.action.endswith(ending))


def node_page(client: Client, app, code: str) -> tuple[str, Page]:
    with app.app_context():
        path = f"/admin/organisation/{node_by_code(code).id}"
    return path, client.get(path)


def praise_total(client: Client, code: str, year: int) -> int:
    table = json.loads(client.get(f"/reports/download?node={code}&year={year}&format=json").text)
    return next(row["total"] for row in table["rows"] if row["section"] == "Beröm")


def test_an_enhet_is_added_used_moved_and_closed(site):
    server, app, secret = site
    with app.app_context():
        today = local_today()

    def praise(code: str) -> int:
        return praise_total(admin, code, today.year)

    admin = Client(server)
    admin.log_in_with_code(ADMIN, factories.PASSWORD, secret)
    _, north = node_page(admin, app, "NORR")
    added = admin.submit(form_to(north, "/ny"), {"code": "BRE", "name": "Bredäng hemtjänst",
                                                 "kind": "enhet"})
    assert "Lade till Bredäng hemtjänst." in added.messages()
    assert "Bredäng hemtjänst" in admin.get("/admin/organisation").text

    with app.app_context():
        factories.user("planerare", node_by_code("BRE"), name="Pia Planerare", email=PLANNER)
        db.session.commit()
    planner = Client(server)
    planner.log_in(PLANNER, factories.PASSWORD)
    intake = next(f for f in planner.get("/cases/new").forms if "type" in f.names)
    planner.submit(intake, {"type": "berom", "description": "Tack för en fin höst."})
    assert (praise("NORR"), praise("SODER")) == (1, 0)

    path, unit = node_page(admin, app, "BRE")
    moved = admin.submit(form_to(unit, "/flytta"), {"parent": "Hemtjänst Söder (område)"})
    assert "Flyttade Bredäng hemtjänst." in moved.messages()
    assert (praise("NORR"), praise("SODER")) == (0, 1)

    closed = admin.submit(form_to(admin.get(path), "/stang"))
    assert "Stängd sedan" in closed.text
    planner.get("/cases/new", expect=403)  # the planner's only unit takes no new case
    planner.post("/cases/new", intake.filled({"type": "berom", "description": "Igen."}),
                 expect=403)
    assert praise("SODER") == 1 and praise("BRE") == 1
    with app.app_context():
        unit = node_by_code("BRE")
        assert unit.parent.code == "SODER" and unit.closed_on == today
