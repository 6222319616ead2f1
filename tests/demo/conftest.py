"""One generated demo district per backend, shared by the tests that only read it."""
from types import SimpleNamespace

import pytest
from flask_migrate import upgrade

from casework.core.extensions import db
from casework.demo.generator import generate
from tests.conftest import make_app
from tests.databases import fresh_database

#: Enough cases for every type in every status the stories reach, small enough to be quick.
CASES = 1500


@pytest.fixture(scope="package")
def demo(backend, tmp_path_factory):
    """The demo of ``CASES`` cases, committed to a database of its own; the app and what
    ``generate`` said. Tests push its app context (``demo_ctx``) and must not change it."""
    with fresh_database(backend, tmp_path_factory.mktemp("demo")) as url:
        app = make_app(url, tmp_path_factory.mktemp("demo-instance"))
        with app.app_context():
            upgrade()
            result = generate(CASES, seed=3)
            db.session.commit()
        try:
            yield SimpleNamespace(app=app, result=result)
        finally:
            with app.app_context():
                db.engine.dispose()


@pytest.fixture
def demo_ctx(demo):
    with demo.app.app_context():
        yield
        db.session.rollback()
