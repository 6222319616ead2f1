"""The tables' checksums: the same rows in another order give the same checksum, any changed
value or a repeated row another, on both backends."""
import sqlite3

import psycopg
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from casework.backups import measure
from tests.databases import fresh_postgres_database

ROWS = [(1, "Aspudden", "2025-03-04"), (2, "Trekanten", None), (3, "Årsta", "2026-12-31")]
VARIANTS = {"same": ROWS, "reversed": ROWS[::-1],
            "changed": [*ROWS[:2], (3, "Årsta", "2026-12-30")], "repeated": [*ROWS, ROWS[0]]}


def by_variant(tables: dict[str, measure.Table], prefix: str = "") -> dict[str, measure.Table]:
    return {name: tables[prefix + name] for name in VARIANTS}


def assert_order_free_and_sensitive(tables: dict[str, measure.Table]) -> None:
    assert tables["same"] == tables["reversed"]
    assert tables["same"].rows == 3 and len(tables["same"].checksum) == 32
    assert tables["changed"].checksum != tables["same"].checksum
    assert tables["changed"].rows == tables["same"].rows
    assert tables["repeated"].checksum not in (tables["same"].checksum, "0" * 32)


def test_sqlite_checksums():
    conn = sqlite3.connect(":memory:")
    for name, rows in VARIANTS.items():
        conn.execute(f"CREATE TABLE {name} (id INTEGER, name TEXT, received_on TEXT)")
        conn.executemany(f"INSERT INTO {name} VALUES (?, ?, ?)", rows)

    assert_order_free_and_sensitive(by_variant(measure.sqlite_tables(conn)))


def test_postgres_checksums():
    with fresh_postgres_database("casework_measure") as url:
        with psycopg.connect(url, autocommit=True) as conn:
            for name, rows in VARIANTS.items():
                conn.execute(f"CREATE TABLE {name} (id int, name text, received_on date)")
                with conn.cursor() as cursor:
                    cursor.executemany(f"INSERT INTO {name} VALUES (%s, %s, %s)", rows)
        engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"),
                                  poolclass=NullPool)
        try:
            with engine.connect() as conn, conn.begin():
                tables = measure.postgres_tables(conn)
        finally:
            engine.dispose()

    assert_order_free_and_sensitive(by_variant(tables, "public."))
