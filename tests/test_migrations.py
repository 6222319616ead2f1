"""The migrations build the schema from empty, and the models agree with them."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from casework.core.database import migration_filter
from casework.core.extensions import db
from tests.conftest import make_app
from tests.databases import fresh_database

BACKENDS = ["sqlite", "postgresql"]
CASEWORK = Path(sys.executable).with_name("casework")


@pytest.mark.parametrize("backend", BACKENDS)
def test_models_and_migrations_agree(backend, tmp_path):
    with fresh_database(backend, tmp_path) as url:
        app = make_app(url, tmp_path / "instance")
        with app.app_context():
            upgrade()
            with db.engine.connect() as connection:
                context = MigrationContext.configure(connection, opts={
                    "compare_type": True,
                    "include_object": migration_filter(connection.dialect.name),
                })
                assert compare_metadata(context, db.metadata) == []
            downgrade(revision="base")
            upgrade()
            db.engine.dispose()


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
