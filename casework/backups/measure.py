"""Row counts and checksums of every table: what a manifest records and a check compares.

A table's checksum is order-independent, so a restore that lays rows out in another physical
order still matches: each row's text is hashed with MD5, and the two 64-bit halves of the
hashes are each summed modulo 2^64 (a sum, not a XOR, so that two equal rows do not cancel).
Rows are read as the database prints them, so a checksum compares a table with its copy on the
same kind of database, not a PostgreSQL table with a SQLite one.
"""
import hashlib
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa

HALF = 2 ** 64
#: Pinned so that a row's text is the same in every session (dates, times, floats, bytes).
PG_SETTINGS = {"TimeZone": "UTC", "DateStyle": "ISO, YMD", "IntervalStyle": "postgres",
               "extra_float_digits": "1", "bytea_output": "hex"}


@dataclass(frozen=True)
class Table:
    rows: int
    checksum: str

    def as_json(self) -> dict:
        return {"rows": self.rows, "checksum": self.checksum}


def _folded(rows: int, low: int, high: int) -> Table:
    return Table(rows, f"{int(low) % HALF:016x}{int(high) % HALF:016x}")


def postgres_tables(conn: sa.Connection) -> dict[str, Table]:
    """Every ordinary table outside the system schemas, as ``schema.table``, in the current
    transaction (and so its snapshot)."""
    for name, value in PG_SETTINGS.items():
        conn.execute(sa.text("SELECT set_config(:name, :value, true)"),
                     {"name": name, "value": value})
    names = conn.execute(sa.text(
        "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
        " AND n.nspname NOT LIKE 'pg\\_%' ORDER BY 1, 2")).all()
    found = {}
    for schema, table in names:
        quoted = f'"{schema.replace(chr(34), chr(34) * 2)}"."{table.replace(chr(34), chr(34) * 2)}"'
        rows, low, high = conn.execute(sa.text(
            "SELECT count(*), coalesce(sum(('x' || substr(h, 1, 16))::bit(64)::bigint::numeric), 0),"
            " coalesce(sum(('x' || substr(h, 17, 16))::bit(64)::bigint::numeric), 0)"
            f" FROM (SELECT md5(t::text) AS h FROM {quoted} AS t) AS hashed")).one()
        found[f"{schema}.{table}"] = _folded(rows, low, high)
    return found


def sqlite_tables(conn: sqlite3.Connection) -> dict[str, Table]:
    """Every table of a SQLite database but SQLite's own (``sqlite_sequence`` ...)."""
    names = [name for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%'"
        " ESCAPE '\\' ORDER BY name")]
    return {name: _sqlite_table(conn.execute(f'SELECT * FROM "{name.replace(chr(34), chr(34) * 2)}"'))
            for name in names}


def _sqlite_table(rows: Iterable[tuple]) -> Table:
    count = low = high = 0
    for row in rows:
        digest = hashlib.md5(repr(row).encode()).digest()
        count += 1
        low += int.from_bytes(digest[:8], "big")
        high += int.from_bytes(digest[8:], "big")
    return _folded(count, low, high)
