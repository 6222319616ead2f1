"""A district's deadline rule changed in the browser, on the real server, on a SQLite file and on
PostgreSQL: the admin (with the second factor the server requires) changes it; the rule's
history names them and the change; a klagomål a planner then registers gets the new due date,
one registered before keeps the old, and another district's new case the file's."""
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from casework.cases.models import Case
from casework.core.extensions import db
from casework.deadlines import deadline_rules
from casework.deadlines.calendar import add_working_days
from tests import factories
from tests.databases import fresh_database
from tests.e2e.client import Client
from tests.server import Server, migrate, own_app

pytestmark = pytest.mark.e2e

ADMIN, PLANNER, OTHER = ("ada.admin@example.se", "pia.planerare@example.se",
                         "olle.planerare@example.se")
#: The quick entry's confirmation above a new form, linking to the case registered.
CONFIRMED = re.compile(r'class="confirmation".*?href="/cases/(\d+)"', re.DOTALL)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def site(request, tmp_path_factory):
    """``casework run`` with two districts, an admin of the first, a planner in each; yields
    (server, app, district id)."""
    tmp_dir = tmp_path_factory.mktemp(f"rules-{request.param}")
    with fresh_database(request.param, tmp_dir) as url:
        env = migrate(url, tmp_dir)
        with own_app(url, tmp_dir / "instance") as app:
            with app.app_context():
                district = factories.node("forvaltning", "Hägersten-Älvsjö stadsdelsförvaltning")
                unit = factories.node("enhet", "Aspudden hemtjänst", district)
                other = factories.node("enhet", "Skarpnäck hemtjänst",
                                       factories.node("forvaltning", "Skarpnäcks sdf"))
                secret = factories.admin(district, email=ADMIN)
                factories.user("planerare", unit, name="Pia Planerare", email=PLANNER)
                factories.user("planerare", other, name="Olle Planerare", email=OTHER)
                db.session.commit()
                district_id = district.id
            with Server(env, tmp_dir / "server.log") as server:
                yield server, app, district_id, secret


def register_complaint(server, email: str) -> int:
    """A klagomål registered on the quick entry page, received today; its id."""
    planner = Client(server)
    planner.log_in(email, factories.PASSWORD)
    page = planner.get("/cases/new")
    form = next(f for f in page.forms if "type" in f.names)
    source = form.names[form.name_of("source")][1][0]
    category = form.names[form.name_of("categories")][0][0]
    done = planner.submit(form, {"type": "klagomal", "source": source, "categories": [category],
                                 "description": "Ingen kom på tisdagen."})
    found = CONFIRMED.search(done.text)
    assert found, done.errors
    return int(found.group(1))


def test_a_rule_changed_in_the_browser_gives_a_new_case_the_new_due_date(site):
    server, app, district_id, secret = site
    before = register_complaint(server, PLANNER)
    admin = Client(server)
    admin.log_in_with_code(ADMIN, factories.PASSWORD, secret)

    rules = admin.get("/admin/tidsfrister")  # one district: straight to its rules
    assert rules.url.endswith(f"/admin/tidsfrister/{district_id}")
    rule_page = admin.get(rules.link("Bekräftelse till den som lämnat klagomålet"))
    form = next(f for f in rule_page.forms if "length" in f.names)
    saved = admin.submit(form, {"length": "5", "reminder": "2"})
    assert saved.messages() == [("Tidsfristen ”Bekräftelse till den som lämnat klagomålet” är "
                                 "sparad för Hägersten-Älvsjö stadsdelsförvaltning.")]
    history = saved.text.split('id="historik"')[1]
    assert "Ada Admin" in history and "Tidsfrist, arbetsdagar: 2 → 5" in history

    after = register_complaint(server, PLANNER)
    elsewhere = register_complaint(server, OTHER)

    with app.app_context():
        holidays = deadline_rules().holiday_categories
        due = {case.id: (case.received_on, case.due_on) for case in db.session.scalars(
            sa.select(Case).where(Case.id.in_([before, after, elsewhere])))}
    received, _ = due[after]
    assert received == datetime.now(ZoneInfo(app.config["BABEL_DEFAULT_TIMEZONE"])).date()
    assert due[after][1] == add_working_days(received, 5, holidays)
    # A running case of the district follows the change at once; the other district's not.
    assert due[before][1] == add_working_days(due[before][0], 5, holidays)
    assert due[elsewhere][1] == add_working_days(due[elsewhere][0], 2, holidays)
