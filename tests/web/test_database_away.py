"""A database that goes away answers the Swedish 503 page, logs a warning without personal data
(no crash with a traceback), saves nothing, and the app takes up its work again by itself when
the server is back: the pool's pre-ping replaces the connections the restart cut."""
import logging

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from casework.cases.models import Case
from casework.core.extensions import db
from tests import factories
from tests.cluster import own_cluster
from tests.conftest import make_app

DESCRIPTION = "Fru Grönlund fick ingen lunch i dag."


@pytest.fixture(scope="module")
def away(tmp_path_factory):
    """An app on a PostgreSQL cluster of its own (the test stops it), reporting errors as
    production does, and a planner signed in on it."""
    with own_cluster() as cluster:
        app = make_app(cluster.url, tmp_path_factory.mktemp("instance"),
                       PROPAGATE_EXCEPTIONS=False)
        client = app.test_client()
        with app.app_context():
            upgrade()
            unit = factories.node()
            planner = factories.user("planerare", unit)
            factories.log_in(client, planner)
            form = {"type": "klagomal", "received_on": "idag", "unit": str(unit.id),
                    "source": "brukare", "categories": "bemotande", "description": DESCRIPTION}
            db.session.remove()
        yield app, client, cluster, form
        with app.app_context():
            db.engine.dispose()


def cases(app) -> int:
    with app.app_context():
        try:
            return db.session.scalar(sa.select(sa.func.count(Case.id)))
        finally:
            db.session.remove()


def test_database_away_gives_503_saves_nothing_and_recovers(away, caplog):
    app, client, cluster, form = away
    assert client.get("/cases/new").status_code == 200  # the pool holds a live connection
    cluster.stop()
    try:
        with caplog.at_level(logging.INFO):
            shown = client.get("/cases/new")
            posted = client.post("/cases/new", data=form | {"submission": "t-1"})
    finally:
        cluster.start()
    for response in (shown, posted):
        page = response.get_data(as_text=True)
        assert response.status_code == 503
        assert "<h1>Tjänsten är tillfälligt otillgänglig</h1>" in page
        assert "ingenting sparades" in page
        assert "Logga ut" not in page and "Traceback" not in page
        assert response.headers["Retry-After"] == "10"
        assert response.headers["Cache-Control"] == "no-store"
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert "database unavailable (OperationalError): answered 503 to POST /cases/new" in warnings
    assert DESCRIPTION not in caplog.text and "INSERT" not in caplog.text
    # Back without a restart of the app: the same client saves the same form.
    assert client.post("/cases/new", data=form | {"submission": "t-1"}).status_code == 302
    assert cases(app) == 1


def test_a_commit_cut_off_by_the_server_gives_503(away, caplog):
    """The server ends the request's connection between its statements and its commit (as a
    fast shutdown does): the save is undone and answered with the 503 page, not a crash."""
    app, client, cluster, form = away
    before = cases(app)

    def cut(session, *args):
        session.connection().exec_driver_sql("SELECT pg_terminate_backend(pg_backend_pid())")

    with app.app_context():
        sa.event.listen(db.session, "before_commit", cut)
        try:
            with caplog.at_level(logging.WARNING):
                response = client.post("/cases/new", data=form | {"submission": "t-2"})
        finally:
            sa.event.remove(db.session, "before_commit", cut)
    assert response.status_code == 503, response.get_data(as_text=True)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert cases(app) == before
    assert client.post("/cases/new", data=form | {"submission": "t-2"}).status_code == 302
    assert cases(app) == before + 1
