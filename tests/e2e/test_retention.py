"""Retention on the real server and the real command, on a SQLite file and on PostgreSQL: the
enhetschef finds the unit's old complaints on /admin/gallring, holds one from its case page,
``casework retention run --dry-run`` counts without changing anything, ``casework retention run``
anonymises the other (its attachment's file gone); the case page then says so and the page
lists it as anonymised. (A second run is tests/retention's: it needs no process of its own.)"""
import subprocess
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from casework.attachments.models import Attachment
from casework.attachments.services import add_files
from casework.cases.models import Case
from casework.core import unit_of_work
from casework.core.case_types import CLOSED_STATUS
from casework.core.extensions import db
from casework.retention import MARKER
from casework.retention.models import LegalHold, RetentionLogEntry
from tests import factories
from tests.attachments import samples
from tests.databases import fresh_database
from tests.e2e.client import Client
from tests.server import CASEWORK, PROJECT, Server, migrate, own_app

pytestmark = pytest.mark.e2e

CHEF = "ella.enhetschef@example.se"
OLD = date(2021, 3, 4)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def site(request, tmp_path_factory):
    """``casework run`` with an enhet, its enhetschef and two complaints closed in 2021, one
    with an attachment; yields (server, app, env, the two case ids)."""
    tmp_dir = tmp_path_factory.mktemp(f"retention-{request.param}")
    with fresh_database(request.param, tmp_dir) as url:
        env = migrate(url, tmp_dir)
        with own_app(url, tmp_dir / "instance") as app:
            with app.app_context():
                unit = factories.node("enhet", "Aspudden hemtjänst",
                                      factories.node("forvaltning", "Hägersten-Älvsjö sdf"))
                factories.user("enhetschef", unit, name="Ella Enhetschef", email=CHEF)
                cases = [factories.case(unit, received_on=OLD, contact="Anna, 070-1234567")
                         for _ in range(2)]
                for case in cases:
                    case.status, case.closed_on = CLOSED_STATUS, OLD
                with unit_of_work.unit():
                    add_files(cases[0], [samples.upload("brev.pdf", samples.pdf())], by=None)
                ids = [case.id for case in cases]
            with Server(env, tmp_dir / "server.log") as server:
                yield server, app, env, ids


def retention(env: dict, *args: str) -> str:
    """``casework retention run`` as a process of its own: its output; fails on an error."""
    done = subprocess.run([str(CASEWORK), "retention", "run", *args], cwd=PROJECT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def stored(app, case_id: int) -> tuple:
    """The case's description, contact, whether it is logged, held, and its attachment rows."""
    with app.app_context():
        case = db.session.get(Case, case_id)
        found = (case.description, case.contact, db.session.get(RetentionLogEntry, case_id)
                 is not None, db.session.get(LegalHold, case_id) is not None,
                 [(row.file_name, row.removed_at is not None) for row in db.session.scalars(
                     sa.select(Attachment).where(Attachment.case_id == case_id))])
        db.session.remove()
        return found


def test_the_enhetschef_holds_one_case_and_the_command_anonymises_the_other(site):
    server, app, env, (gone, held) = site
    chef = Client(server)
    chef.log_in(CHEF, factories.PASSWORD)
    page = chef.get("/admin/gallring")
    with app.app_context():
        numbers = [db.session.get(Case, case_id).number for case_id in (gone, held)]
    assert all(number in page.text for number in numbers)

    case_page = chef.get(page.link(numbers[1]))
    form = next(f for f in case_page.forms if f.action.endswith("/admin/gallring/sparr"))
    done = chef.submit(form, {"reason": "Pågående ärende hos IVO, dnr 3.5.1-1234/2026."})
    assert done.messages() == [f"Ärende {numbers[1]} är spärrat mot gallring."]
    assert "Häv spärren" in done.text

    before = stored(app, gone), stored(app, held)
    dry = retention(env, "--dry-run")
    assert "complaints\tN" in dry and "would anonymise 1 cases" in dry
    assert (stored(app, gone), stored(app, held)) == before
    files = Path(env["CASEWORK_ATTACHMENT_STORAGE_DIR"])
    assert len(list(files.iterdir())) == 1

    assert "anonymised 1 cases" in retention(env)
    assert stored(app, gone) == (MARKER, None, True, False, [("", True)])
    assert stored(app, held) == before[1]
    assert list(files.iterdir()) == []

    notice = chef.get(f"/cases/{gone}").text
    assert "Personuppgifterna i ärendet gallrades" in notice and "070-1234567" not in notice
    assert numbers[0] in chef.get("/admin/gallring").text.split('id="gallrat"')[1]
