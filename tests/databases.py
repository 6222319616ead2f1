"""Fresh databases for a test run: a SQLite file, or a PostgreSQL database created and dropped."""
import atexit
import shutil
import tempfile
import uuid
from collections.abc import Callable
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


#: Per backend, the URL of a database that was migrated once in this test process; the
#: end-to-end sites start as copies of it.
_migrated: dict[str, str] = {}


def copy_migrated(url: str, build: Callable[[str, Path], None]) -> None:
    """Make the empty database ``url`` a copy of one that ``build(template_url, log_dir)``
    migrated: once per test process and backend, where every site of its own would otherwise
    run the same migrations again (seconds each). PostgreSQL copies a template database, SQLite
    the file."""
    postgres = url.startswith("postgresql")
    backend = "postgresql" if postgres else "sqlite"
    if backend not in _migrated:
        _migrated[backend] = _template(postgres, build)
    template = _migrated[backend]
    if postgres:
        name, source = url.rsplit("/", 1)[1], template.rsplit("/", 1)[1]
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{name}"')
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
    else:
        shutil.copyfile(template.removeprefix("sqlite:///"), url.removeprefix("sqlite:///"))


def _template(postgres: bool, build: Callable[[str, Path], None]) -> str:
    """A database migrated by ``build``, removed when the test process ends."""
    folder = Path(tempfile.mkdtemp(prefix="casework-template-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    if not postgres:
        url = f"sqlite:///{folder / 'template.sqlite'}"
        build(url, folder)
        return url
    name = f"casework_test_template_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    atexit.register(_drop, name)
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    build(url, folder)
    return url


def _drop(name: str) -> None:
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
