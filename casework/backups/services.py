"""``backup create`` and ``backup check``: a dump with a manifest of what it holds, and a
restore into a scratch database that must find the same.

PostgreSQL: one REPEATABLE READ transaction exports its snapshot, ``pg_dump --snapshot`` dumps
that snapshot, and the same transaction counts and checksums every table, so the manifest
describes the dump exactly, whatever is written meanwhile. SQLite: SQLite's backup API copies
the database (consistent even while the app writes), and the manifest is taken from the copy.
"""
import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from casework.backups import measure, tools
from casework.backups.tools import BackupError
from casework.core.clock import utcnow
from casework.core.extensions import db

FORMAT = 1
PG_MAGIC, SQLITE_MAGIC = b"PGDMP", b"SQLite format 3\x00"


@dataclass(frozen=True)
class Difference:
    table: str
    expected: measure.Table | None
    found: measure.Table | None


@dataclass(frozen=True)
class Comparison:
    expected: dict[str, measure.Table]
    found: dict[str, measure.Table]

    @property
    def tables(self) -> list[Difference]:
        return [Difference(name, self.expected.get(name), self.found.get(name))
                for name in sorted(self.expected.keys() | self.found.keys())]

    @property
    def differing(self) -> list[str]:
        return [d.table for d in self.tables if d.expected != d.found]


def manifest_path(file: Path) -> Path:
    return file.with_name(file.name + ".manifest.json")


def create(file: Path) -> dict[str, measure.Table]:
    """Write the dump of the app's database to ``file`` and its manifest beside it; return the
    tables. Both are written under temporary names first, so a failed backup leaves neither."""
    file = Path(file)
    for path in (file, manifest_path(file)):
        if path.exists():
            raise BackupError(f"{path} exists already; choose another name")
    url = db.engine.url
    partial = file.with_name(f".{file.name}.{uuid.uuid4().hex[:8]}.partial")
    try:
        if url.get_backend_name() == "postgresql":
            tables = _dump_postgres(partial, url)
        else:
            tables = _copy_sqlite(partial, url)
        manifest = {"format": FORMAT, "backend": url.get_backend_name(),
                    "created_at": utcnow().isoformat(), "file": file.name,
                    "size": partial.stat().st_size, "sha256": _sha256(partial),
                    "tables": {name: table.as_json() for name, table in tables.items()}}
        manifest_path(file).write_text(json.dumps(manifest, indent=2) + "\n")
        partial.replace(file)
    finally:
        partial.unlink(missing_ok=True)
    return tables


def _dump_postgres(target: Path, url: sa.URL) -> dict[str, measure.Table]:
    with db.engine.connect() as conn:
        conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            conn.execute(sa.text("SET TRANSACTION READ ONLY"))
            snapshot = conn.scalar(sa.text("SELECT pg_export_snapshot()"))
            tools.run("pg_dump", "--format=custom", f"--snapshot={snapshot}",
                      f"--file={target}", url=url)
            return measure.postgres_tables(conn)


def _copy_sqlite(target: Path, url: sa.URL) -> dict[str, measure.Table]:
    path = Path(url.database or "")
    if not path.is_file():
        raise BackupError(f"the database {path} does not exist: nothing to back up")
    source = sqlite3.connect(path, timeout=30)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        # The copy is one self-contained file, with no write-ahead log beside it.
        copy.execute("PRAGMA journal_mode=DELETE")
        return measure.sqlite_tables(copy)
    finally:
        copy.close()
        source.close()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check(file: Path) -> Comparison:
    """Restore ``file`` into a scratch database and compare it with its manifest."""
    file = Path(file)
    kind = _kind(file)
    manifest = _manifest(file, kind)
    expected = {name: measure.Table(int(t["rows"]), str(t["checksum"]))
                for name, t in manifest["tables"].items()}
    if kind == "postgresql":
        return Comparison(expected, _restored_postgres(file))
    return Comparison(expected, _restored_sqlite(file))


def _kind(file: Path) -> str:
    if not file.is_file():
        raise BackupError(f"{file}: no such file")
    with file.open("rb") as f:
        head = f.read(len(SQLITE_MAGIC))
    if not head:
        raise BackupError(f"{file} is empty: not a backup")
    if head.startswith(PG_MAGIC):
        return "postgresql"
    if head == SQLITE_MAGIC:
        return "sqlite"
    raise BackupError(f"{file} is not a backup: neither a PostgreSQL dump in pg_dump's custom "
                      f"format (-Fc) nor a SQLite database")


def _manifest(file: Path, kind: str) -> dict:
    path = manifest_path(file)
    if not path.is_file():
        raise BackupError(f"no manifest {path} beside the dump: `casework backup create` writes "
                          f"one; without it there is nothing to compare with")
    try:
        manifest = json.loads(path.read_text())
        tables = manifest["tables"]
        valid = isinstance(tables, dict) and all(
            isinstance(t, dict) and isinstance(t.get("rows"), int) and isinstance(t.get("checksum"), str)
            for t in tables.values())
    except (ValueError, TypeError, KeyError, UnicodeDecodeError):
        valid = False
    if not valid or manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is not a manifest of `casework backup create`")
    if manifest.get("backend") != kind or manifest.get("sha256") != _sha256(file):
        raise BackupError(f"{path} describes another dump ({manifest.get('file')}, made "
                          f"{manifest.get('created_at')}): its SHA-256 is not this file's")
    return manifest


def _restored_postgres(file: Path) -> dict[str, measure.Table]:
    tools.listing(file)
    with _scratch_database() as url:
        tools.run("pg_restore", "--no-owner", "--no-acl", "--exit-on-error",
                  "--single-transaction", str(file), url=url)
        engine = sa.create_engine(url, poolclass=NullPool)
        try:
            with engine.connect() as conn, conn.begin():
                return measure.postgres_tables(conn)
        finally:
            engine.dispose()


@contextmanager
def _scratch_database() -> Iterator[sa.URL]:
    """A new, empty database on the app's PostgreSQL server, dropped afterwards whatever
    happens (even while something is still connected to it)."""
    url = db.engine.url
    if url.get_backend_name() != "postgresql":
        raise BackupError("a PostgreSQL dump is checked by restoring it on a PostgreSQL server: "
                          "set CASEWORK_DATABASE_URL to one (the scratch database is made there)")
    name = f"casework_backup_check_{uuid.uuid4().hex[:12]}"
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE template0')
    try:
        yield url.set(database=name)
    finally:
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _restored_sqlite(file: Path) -> dict[str, measure.Table]:
    """Open a scratch copy, so that checking never changes the backup itself."""
    with tempfile.TemporaryDirectory(prefix="casework-backup-check-") as folder:
        scratch = Path(folder) / "restored.sqlite"
        shutil.copyfile(file, scratch)
        os.chmod(scratch, 0o600)
        conn = sqlite3.connect(scratch)
        try:
            verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
            if verdict != "ok":
                raise BackupError(f"{file} is a damaged SQLite database: {verdict}")
            return measure.sqlite_tables(conn)
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{file} is not a readable SQLite database: {error}") from None
        finally:
            conn.close()
