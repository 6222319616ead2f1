"""The migrations build the schema from empty, and the models agree with them."""
import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from casework.cases.models import Case
from casework.core.database import migration_filter
from casework.core.extensions import db
from tests import factories
from tests.conftest import make_app
from tests.databases import fresh_database

BACKENDS = ["sqlite", "postgresql"]
CASEWORK = Path(sys.executable).with_name("casework")


@contextmanager
def migrated(backend: str, tmp_path):
    """A fresh database of ``backend`` upgraded to head, inside its app's context."""
    with fresh_database(backend, tmp_path) as url:
        app = make_app(url, tmp_path / "instance")
        with app.app_context():
            upgrade()
            yield
            db.session.remove()
            db.engine.dispose()


@pytest.mark.parametrize("backend", BACKENDS)
def test_models_and_migrations_agree(backend, tmp_path):
    with migrated(backend, tmp_path):
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={
                "compare_type": True,
                "include_object": migration_filter(connection.dialect.name),
            })
            assert compare_metadata(context, db.metadata) == []
        downgrade(revision="base")
        upgrade()


@pytest.mark.parametrize("backend", BACKENDS)
def test_db_upgrade_and_check_from_the_command_line(backend, tmp_path):
    with fresh_database(backend, tmp_path) as url:
        env = {**os.environ, "CASEWORK_DATABASE_URL": url, "CASEWORK_ENV": "testing"}
        for args in (["db", "upgrade"], ["db", "check"]):
            result = subprocess.run(
                [str(CASEWORK), *args], env=env, capture_output=True, text=True, timeout=120
            )
            assert result.returncode == 0, result.stderr
        assert "No new upgrade operations detected" in result.stdout + result.stderr


@pytest.mark.parametrize("backend", BACKENDS)
def test_category_bits_are_backfilled_from_the_categories(backend, tmp_path):
    """Cases made before revision c9e2b7a4f1d8 get the bits the services would give them."""
    with migrated(backend, tmp_path):
        unit = factories.node()
        made = [factories.case(unit, categories=["bemotande", "utebliven_insats"]),
                factories.case(unit, "avvikelse"), factories.case(unit, "berom", categories=[])]
        expected = [case.category_bits for case in made]
        assert expected == [1 << 3 | 1 << 15, 1 << 16, 0]  # the taxonomy's bits
        db.session.commit()
        db.session.remove()
        downgrade(revision="b5d7f9a1c3e6")
        upgrade()
        bits = db.session.scalars(sa.select(Case.category_bits).order_by(Case.id)).all()
        assert bits == expected
