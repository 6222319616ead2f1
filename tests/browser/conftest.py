"""The real app on 127.0.0.1 with a migrated PostgreSQL database, driven by the system Chromium."""
import threading

import pytest
from flask_migrate import upgrade
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from casework.extensions import db
from tests import factories
from tests.conftest import make_app
from tests.databases import fresh_postgres_database
from tests.services import CHROMIUM, require_chromium, require_postgres

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync",
]

#: The people the browser tests sign in as: e-mail → (name, role).
PEOPLE = {
    "pia.planerare@example.se": ("Pia Planerare", "planerare"),
    "bea.bitradande@example.se": ("Bea Biträdande", "bitradande_enhetschef"),
    "mats.medarbetare@example.se": ("Mats Medarbetare", "medarbetare"),
}
#: A planner of another unit in the same område, for the scope tests.
OTHER_PLANNER = "tove.planerare@example.se"


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    """The app ``live_server`` serves, on a migrated PostgreSQL database holding ``PEOPLE``.

    Tests may use its app context to add data or to check what a page saved.
    """
    require_chromium()
    require_postgres()
    with fresh_postgres_database("casework_browser") as url:
        app = make_app(url, tmp_path_factory.mktemp("browser"), WTF_CSRF_ENABLED=True)
        with app.app_context():
            upgrade()
            _add_people()
            db.session.commit()
        try:
            yield app
        finally:
            with app.app_context():
                db.engine.dispose()


@pytest.fixture(scope="session")
def live_server(live_app):
    """Yield the base URL of the app served in a thread, with CSRF protection on."""
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        server.shutdown()
        thread.join()
        server.server_close()


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
