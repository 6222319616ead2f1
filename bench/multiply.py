"""Make a generated register K+1 times as large in SQL: a million cases in minutes, where the
demo generator (each case handled along its workflow, with its history) needs half an hour.

Each copy repeats every case and its categories, with ids and serial numbers moved past the
originals' (``2025-0042`` becomes ``2025-200042`` in the first copy of a 200,000-case register);
what the lists and reports read (the case's columns and its categories) is the same, the
history, åtgärder and återkoppling rows are not copied. PostgreSQL only.
"""
import sqlalchemy as sa

from casework.cases.models import Case
from casework.core.extensions import db


def multiply(copies: int) -> int:
    """Add ``copies`` copies of the cases there are; returns the number of cases after."""
    top = db.session.scalar(sa.select(sa.func.max(Case.id))) or 0
    columns = [c.name for c in Case.__table__.columns if c.name not in ("id", "number")]
    names = ", ".join(columns)
    for copy in range(1, copies + 1):
        shift = {"shift": copy * top, "top": top}
        db.session.execute(sa.text(
            f"INSERT INTO cases (id, number, {names}) SELECT id + :shift, "
            "substr(number, 1, 5) || (CAST(substr(number, 6) AS integer) + :shift), "
            f"{names} FROM cases WHERE id <= :top"
        ), shift)
        db.session.execute(sa.text(
            "INSERT INTO case_categories (case_id, category) "
            "SELECT case_id + :shift, category FROM case_categories WHERE case_id <= :top"
        ), shift)
    db.session.execute(sa.text(
        "SELECT setval(pg_get_serial_sequence('cases', 'id'), (SELECT max(id) FROM cases))"
    ))
    db.session.commit()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM ANALYZE cases")
        conn.exec_driver_sql("VACUUM ANALYZE case_categories")
    return db.session.scalar(sa.select(sa.func.count(Case.id)))
