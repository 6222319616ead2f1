"""A planner whose quick entry is sent while the database is away sees the 503 page, and the
browser's back button brings her form back with what she typed, to send again once the
database is back. Chromium restores a form's typed values when it goes back to it even though
the page is sent with ``Cache-Control: no-store`` (it loads the page anew, then fills in the
fields it kept), so the 503 page only has to say so."""
import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from casework.cases.models import Case
from casework.core.extensions import db
from tests import factories
from tests.browser.intake_helpers import log_in, open_quick_entry
from tests.cluster import own_cluster
from tests.server import Server, casework_command, own_app, server_environment

pytestmark = pytest.mark.browser

PLANNER = "pia.planerare@example.se"
TYPED = "Ingen kom i morse, brukaren väntade till tio."


@pytest.fixture
def site(tmp_path):
    """``casework run`` on a PostgreSQL cluster of its own, which the test stops."""
    with own_cluster() as cluster:
        # Migrated here, not by ``migrate``: that may copy a template of the shared server.
        env = server_environment(cluster.url)
        casework_command("db", "upgrade", env=env, log=tmp_path / "upgrade.log")
        with own_app(cluster.url, tmp_path / "instance") as app:
            with app.app_context():
                factories.user("planerare", factories.node(), name="Pia", email=PLANNER)
                db.session.commit()
            with Server(env, tmp_path / "server.log") as server:
                yield server.url, cluster, app


def test_back_from_the_503_page_keeps_what_the_planner_typed(browser, site):
    url, cluster, app = site
    context = browser.new_context(base_url=url, locale="sv-SE")
    page = context.new_page()
    try:
        log_in(page, PLANNER)
        open_quick_entry(page)
        page.get_by_role("radio", name="Klagomål", exact=True).check()
        page.locator("#source").select_option("brukare")
        page.locator("#description").fill(TYPED)
        cluster.stop()
        try:
            with page.expect_navigation():
                page.keyboard.press("Control+Enter")
            expect(page.get_by_role("heading", level=1)).to_have_text(
                "Tjänsten är tillfälligt otillgänglig")
            expect(page.get_by_text("ingenting sparades")).to_be_visible()
        finally:
            cluster.start()
        page.go_back()
        expect(page.locator("#description")).to_have_value(TYPED)
        expect(page.get_by_role("radio", name="Klagomål", exact=True)).to_be_checked()
        expect(page.locator("#source")).to_have_value("brukare")
    finally:
        context.close()
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Case.id))) == 0
