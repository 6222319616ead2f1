"""Test fixtures: one migrated database per backend per run, one rolled-back transaction per test.

Tests that use ``app`` (directly or through ``client``, ``cli`` ...) run once on SQLite and once
on PostgreSQL. The schema is built by the migrations (``upgrade head``), not by ``create_all``.
"""
import pytest
from argon2 import PasswordHasher
from flask import g, request_started
from flask_migrate import upgrade

from casework import create_app
from casework.core.extensions import db
from tests.databases import fresh_database
from tests.smtp import smtp_server


def make_app(database_url: str, instance_path, **overrides):
    config = {"ENV_NAME": "testing", "DATABASE_URL": database_url, "WTF_CSRF_ENABLED": False}
    config.update(overrides)
    return create_app(config, instance_path=str(instance_path))


@pytest.fixture(autouse=True, scope="session")
def _cheap_password_hashing():
    """argon2 at production cost takes half a second per hash, and tests create many users."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("casework.auth.passwords._hasher",
                      PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
        yield


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def backend(request) -> str:
    return request.param


@pytest.fixture(scope="session")
def database_url(backend, tmp_path_factory):
    with fresh_database(backend, tmp_path_factory.mktemp("db")) as url:
        yield url


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    app = make_app(database_url, tmp_path_factory.mktemp("instance"))
    with app.app_context():
        upgrade()
        # Sessions join the test's outer transaction through savepoints, so that a service's
        # or a request's commit stays inside it and the test can roll everything back.
        db.session.session_factory.configure(join_transaction_mode="create_savepoint")
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _rollback(request):
    """Run each test that uses the app inside one transaction, rolled back at the end.

    The app context is pushed only to set up and to clean up, so that each request of a test
    gets a fresh one (and a fresh ``g``), as in production, unless the test holds ``app_ctx``
    (see ``_user_loaded_per_request``).
    """
    if "app" not in request.fixturenames:
        yield
        return
    app = request.getfixturevalue("app")
    with app.app_context():
        engines = db._app_engines[app]  # Flask-SQLAlchemy picks binds here, not session.bind
        engine = engines[None]
        connection = engine.connect()
        outer = connection.begin()
        engines[None] = connection
    try:
        yield
    finally:
        with app.app_context():
            db.session.remove()
            engines[None] = engine
            outer.rollback()
            connection.close()


@pytest.fixture(autouse=True)
def _user_loaded_per_request(request):
    """Every request loads its user afresh, as in production.

    A test holding ``app_ctx`` shares that app context, and so ``g``, with its requests;
    Flask-Login caches the user in ``g``, so without this a request could run as the user of
    the one before it, and a refused session cookie could pass unnoticed.
    """
    if "app" not in request.fixturenames:
        yield
        return
    app = request.getfixturevalue("app")

    def forget_user(_sender, **_extra):
        g.pop("_login_user", None)

    request_started.connect(forget_user, app)
    yield
    request_started.disconnect(forget_user, app)


@pytest.fixture
def app_ctx(app):
    with app.app_context():
        yield


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def smtp(app, monkeypatch):
    """The app sends through a real SMTP server for this test; yields its inbox."""
    with smtp_server() as (port, inbox):
        monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
        monkeypatch.setitem(app.config, "SMTP_PORT", port)
        yield inbox


@pytest.fixture
def cli(app):
    return app.test_cli_runner()


def pytest_terminal_summary(terminalreporter):
    """The layers of the app and the order of its domains, as the import contract reads them."""
    from tests import layers

    terminalreporter.section("layers (tests/test_layers.py)")
    for line in layers.summary():
        terminalreporter.write_line(line)
