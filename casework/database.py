"""Engine-level behaviour that must hold on every backend."""
import sqlite3

import sqlalchemy as sa
from sqlalchemy.engine import Engine

#: ``info`` of schema objects that exist only on PostgreSQL (trigram and pattern indexes).
POSTGRESQL_ONLY = {"postgresql_only": True}

_registered = False


def migration_filter(dialect: str):
    """Alembic's ``include_object``: leave PostgreSQL-only objects out of other backends."""

    def include_object(obj, _name, type_, _reflected, _compare_to) -> bool:
        return not (type_ == "index" and obj.info.get("postgresql_only") and dialect != "postgresql")

    return include_object


def register_engine_events() -> None:
    """Make SQLite behave like the production database where it matters.

    pysqlite defers BEGIN and ignores SAVEPOINT semantics; the SQLAlchemy recipe below hands
    transaction control to SQLAlchemy, foreign keys are switched on (SQLite's default is off),
    and the write-ahead log lets readers and one writer work at the same time.
    """
    global _registered
    if _registered:
        return
    _registered = True

    @sa.event.listens_for(Engine, "connect")
    def _on_connect(dbapi_connection, _record):
        if isinstance(dbapi_connection, sqlite3.Connection):
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=5000")
            # Readers do not block the writer (the audit trail writes beside a request's reads).
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

    @sa.event.listens_for(Engine, "begin")
    def _on_begin(conn):
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN")
