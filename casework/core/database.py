"""Engine-level behaviour that must hold on every backend."""
import sqlite3
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import sqlalchemy as sa
from sqlalchemy.engine import Engine

#: ``info`` of schema objects that exist only on PostgreSQL (trigram and pattern indexes).
POSTGRESQL_ONLY = {"postgresql_only": True}

_registered = False
#: Set while transactions that only read begin (see ``reading_only``).
_read_only: ContextVar[bool] = ContextVar("casework_read_only", default=False)


def migration_filter(dialect: str):
    """Alembic's ``include_object``: leave PostgreSQL-only objects out of other backends.

    Alembic warns of an index on expressions before it asks ``include_object``; on SQLite such
    an index is PostgreSQL-only by design, so the warning says nothing there."""
    if dialect != "postgresql":
        warnings.filterwarnings(
            "ignore", "autogenerate skipping metadata-specified expression-based index",
            UserWarning,
        )

    def include_object(obj, _name, type_, _reflected, _compare_to) -> bool:
        return not (type_ == "index" and obj.info.get("postgresql_only") and dialect != "postgresql")

    return include_object


@contextmanager
def reading_only() -> Iterator[None]:
    """Transactions begun inside only read, so on SQLite they take no write lock: for a long
    read after the unit of work has committed (a streamed export), which must not hold every
    writer up while a slow client downloads."""
    token = _read_only.set(True)
    try:
        yield
    finally:
        _read_only.reset(token)


def register_engine_events() -> None:
    """Make SQLite behave like the production database where it matters.

    pysqlite defers BEGIN and ignores SAVEPOINT semantics; the SQLAlchemy recipe below hands
    transaction control to SQLAlchemy, foreign keys are switched on (SQLite's default is off),
    and the write-ahead log lets readers work while one writer writes.

    Every transaction begins IMMEDIATE, taking SQLite's one write lock at its start. A unit of
    work (a request, a task) reads and then writes; begun DEFERRED, it reads from a snapshot,
    and once another connection has committed since, SQLite refuses its first write at once
    ("database is locked": a stale snapshot cannot be upgraded, however long it waits). Begun
    IMMEDIATE, the second writer waits for the first (``busy_timeout``) and then reads what it
    committed. Rails and Django offer the same choice for SQLite for this reason.
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
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

    @sa.event.listens_for(Engine, "begin")
    def _on_begin(conn):
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN DEFERRED" if _read_only.get() else "BEGIN IMMEDIATE")


#: SQLSTATE classes of a server that is away: connection exceptions (08) and operator
#: intervention (57P: shutting down, starting up, a connection ended by the administrator).
_AWAY_STATES = ("08", "57P")


def unreachable(error: Exception) -> bool:
    """Whether ``error`` means the database cannot be reached for the moment (refused,
    restarting, a connection lost in the middle of a request, no connection free in the pool),
    rather than a fault of the statement: the first is worth trying again shortly."""
    if isinstance(error, sa.exc.TimeoutError):
        return True
    if not isinstance(error, sa.exc.DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    state = getattr(error.orig, "sqlstate", "")  # psycopg's; None where the client failed
    return isinstance(error, sa.exc.OperationalError) and (
        state is None or str(state).startswith(_AWAY_STATES))
