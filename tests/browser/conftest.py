"""The real server process (``casework run``, as the README starts it) on a migrated database,
once on PostgreSQL and once on a SQLite file, driven by the system Chromium.

The server shares nothing with the test but HTTP. Tests prepare data and check what a page
saved through ``live_app``, an app of their own on the same database whose connections close
when its context ends. A request that answers 5xx fails the test, with the server's traceback.
"""
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from casework.core.extensions import db
from tests import factories
from tests.databases import fresh_database
from tests.server import Server, migrate, own_app
from tests.services import CHROMIUM, require_chromium

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync",
]
#: The backend the browser tests run on: the README's embedded default, a SQLite file, which
#: every newcomer sees first. Each feature's walk on PostgreSQL is its end-to-end test over HTTP
#: (tests/e2e, on both backends); running every browser test on both too took the suite past
#: its 20 minutes on 2 cores.
BACKENDS = ["sqlite"]

#: The people the browser tests sign in as: e-mail → (name, role).
PEOPLE = {
    "pia.planerare@example.se": ("Pia Planerare", "planerare"),
    "bea.bitradande@example.se": ("Bea Biträdande", "bitradande_enhetschef"),
    "mats.medarbetare@example.se": ("Mats Medarbetare", "medarbetare"),
}
#: A planner of another unit in the same område, for the scope tests.
OTHER_PLANNER = "tove.planerare@example.se"


@dataclass(frozen=True)
class LiveDatabase:
    url: str
    #: The server's process environment.
    env: dict[str, str]
    tmp_dir: Path


@pytest.fixture(scope="session", params=BACKENDS)
def live_database(request, tmp_path_factory) -> LiveDatabase:
    """A fresh database of the backend, migrated by ``casework db upgrade``."""
    require_chromium()
    tmp_dir = tmp_path_factory.mktemp(f"browser-{request.param}")
    with fresh_database(request.param, tmp_dir) as url:
        yield LiveDatabase(url, migrate(url, tmp_dir), tmp_dir)


@pytest.fixture(scope="session")
def live_app(live_database):
    """The test's own app on the database ``live_server`` serves, holding ``PEOPLE``.

    Tests may use its app context to add data (committed) or to check what a page saved.
    """
    with own_app(live_database.url, live_database.tmp_dir / "instance") as app:
        with app.app_context():
            _add_people()
            db.session.commit()
        yield app


@pytest.fixture(scope="session")
def _server(live_database, live_app) -> Server:
    with Server(live_database.env, live_database.tmp_dir / "server.log") as server:
        yield server


@pytest.fixture
def live_server(_server) -> str:
    """The base URL of the server process; a request of the test answering 5xx fails it."""
    mark = _server.mark()
    yield _server.url
    _server.check(mark)


@pytest.fixture
def access_log(_server, live_server):
    """The lines the server has logged since the test began (werkzeug's access log among
    them), read when called."""
    mark = _server.mark()
    return lambda: _server.output_since(mark).splitlines()


def _add_people() -> None:
    district = factories.node("forvaltning", "Hägersten-Älvsjö stadsdelsförvaltning", code="HAV")
    elderly = factories.node("avdelning", "Äldreomsorg", district, code="HAV-AO")
    area = factories.node("omrade", "Hemtjänst Hägersten", elderly, code="HAV-HT")
    unit = factories.node("enhet", "Aspudden hemtjänst", area, code="ASP")
    for email, (name, role) in PEOPLE.items():
        factories.user(role, unit, name=name, email=email)
    other = factories.node("enhet", "Trekanten hemtjänst", area, code="TRE")
    factories.user("planerare", other, name="Tove Planerare", email=OTHER_PLANNER)


@pytest.fixture(scope="session")
def browser():
    require_chromium()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server, locale="sv-SE")
    page = context.new_page()
    yield page
    context.close()
