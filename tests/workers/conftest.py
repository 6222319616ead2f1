"""A migrated fresh PostgreSQL database for tests with real worker and beat processes."""
import pytest
from flask_migrate import upgrade

from casework.core.extensions import db
from tests.conftest import make_app
from tests.databases import fresh_postgres_database
from tests.services import REDIS_URL, require_redis


@pytest.fixture
def postgres_url():
    require_redis()
    with fresh_postgres_database() as url:
        yield url


def migrated_app(url: str, tmp_path, **settings):
    """An app on ``url`` (migrated to head) whose tasks go through the test Redis."""
    app = make_app(url, tmp_path / "instance", REDIS_URL=REDIS_URL, **settings)
    with app.app_context():
        upgrade()
        db.session.remove()
    return app


def dispose(app) -> None:
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
