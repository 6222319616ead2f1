"""The app as users run it: ``casework run`` on a SQLite file and on PostgreSQL, spoken to over
HTTP only. The organisation and its people are added before the server starts, through an app
of the test's own whose connections are closed; the test reads the database afterwards to check.
"""
import pytest

from casework.core.extensions import db
from tests.databases import fresh_database
from tests.e2e.site import Site, add_organisation
from tests.server import Server, migrate, own_app


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def site(request, tmp_path_factory) -> Site:
    backend = request.param
    tmp_dir = tmp_path_factory.mktemp(f"e2e-{backend}")
    with fresh_database(backend, tmp_dir) as url:
        env = migrate(url, tmp_dir)
        with own_app(url, tmp_dir / "instance") as app:
            with app.app_context():
                add_organisation()
                db.session.commit()
            with Server(env, tmp_dir / "server.log") as server:
                yield Site(backend, server, app, tmp_dir)
