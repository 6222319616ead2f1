"""Fresh databases for a test run: a SQLite file, or a PostgreSQL database created and dropped."""
import uuid
from contextlib import contextmanager
from pathlib import Path

import psycopg

from tests.services import PG_ADMIN_URL, require_postgres


@contextmanager
def fresh_postgres_database(prefix: str = "casework_test"):
    """Create an empty PostgreSQL database, yield its URL, drop it afterwards."""
    require_postgres()
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def fresh_database(backend: str, tmp_dir: Path):
    if backend == "postgresql":
        with fresh_postgres_database() as url:
            yield url
    else:
        yield f"sqlite:///{tmp_dir / f'{uuid.uuid4().hex[:8]}.sqlite'}"
