"""The generated district the PostgreSQL benchmarks share: their common options, and building
(or reusing) the database named by ``CASEWORK_DATABASE_URL``."""
import argparse
import os
import sys
import time

import sqlalchemy as sa

from casework.cases.models import Case
from casework.core.extensions import db
from casework.demo.generator import generate

UNITS = 500


def parser(description: str) -> argparse.ArgumentParser:
    """--cases, --runs and --reuse; ``parse`` adds ``database_url``."""
    options = argparse.ArgumentParser(description=description)
    options.add_argument("--cases", type=int, default=1_000_000)
    options.add_argument("--runs", type=int, default=5, help="timed runs per measurement")
    options.add_argument("--reuse", action="store_true",
                         help="time a database this script built before")
    options.add_argument("--copies", type=int, default=0,
                         help="with --reuse: first add N copies of the cases in SQL (a million "
                              "from 200,000 generated: 4), each once more in every enhet")
    return options


def parse(options: argparse.ArgumentParser) -> argparse.Namespace:
    """The arguments, with the PostgreSQL URL from the environment (never a default, so that a
    benchmark cannot fill a development database by mistake)."""
    args = options.parse_args()
    args.database_url = os.environ.get("CASEWORK_DATABASE_URL", "")
    if not args.database_url.startswith(("postgresql:", "postgresql+", "postgres:")):
        options.error("CASEWORK_DATABASE_URL must name a PostgreSQL database")
    return args


def prepare(args: argparse.Namespace) -> None:
    """Migrate an empty database and generate the district of ``--cases`` cases over 500
    enheter and three years; with ``--reuse``, check the one built before (and copy its cases
    ``--copies`` times)."""
    from flask_migrate import upgrade

    built = sa.inspect(db.engine).get_table_names()
    if args.reuse:
        upgrade()
        if not db.session.scalar(sa.select(sa.func.count(Case.id))):
            sys.exit("--reuse: the database holds no cases; build it first without --reuse")
        if args.copies:
            copy_cases(args.copies)
        return
    if args.copies:
        sys.exit("--copies copies a database built before: pass --reuse")
    if built:
        sys.exit("the database is not empty; create a fresh one (createdb) or pass --reuse")
    started = time.perf_counter()
    upgrade()
    generate(cases=args.cases, units=UNITS)
    db.session.commit()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM ANALYZE")
    print(f"built {args.cases} cases in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def copy_cases(copies: int) -> None:
    """Add ``copies`` copies of every case and its categories, in SQL: generating a million
    cases takes over 25 minutes on a loaded machine, copying 200,000 four times a minute or two.

    Copy k of a case has its id plus k times the largest id and its serial plus k times its
    year's counter, so numbers stay unique and the counters go on after the last copy. Its
    records (history, åtgärder, återkoppling, details) are not copied: the counting dates the
    reports and lists read are columns of the case.
    """
    started = time.perf_counter()
    last_id = db.session.scalar(sa.select(sa.func.max(Case.id)))
    columns = [c.name for c in Case.__table__.c if c.name not in ("id", "number")]
    for k in range(1, copies + 1):
        db.session.execute(sa.text(f"""
            INSERT INTO cases (id, number, {", ".join(columns)})
            SELECT c.id + :shift, n.year || '-' || lpad(serial, greatest(length(serial), 4), '0'),
                   {", ".join(f"c.{name}" for name in columns)}
              FROM cases c
              JOIN case_number_counters n ON n.year = split_part(c.number, '-', 1)::int,
                   LATERAL (SELECT (split_part(c.number, '-', 2)::int + :k * n.last)::text
                                   AS serial) AS s
             WHERE c.id <= :last_id"""), {"shift": k * last_id, "k": k, "last_id": last_id})
        db.session.execute(sa.text("""
            INSERT INTO case_categories (case_id, category)
            SELECT case_id + :shift, category FROM case_categories WHERE case_id <= :last_id"""),
            {"shift": k * last_id, "last_id": last_id})
    db.session.execute(sa.text("UPDATE case_number_counters SET last = last * :times"),
                       {"times": copies + 1})
    db.session.execute(sa.text("SELECT setval(pg_get_serial_sequence('cases', 'id'), "
                               "(SELECT max(id) FROM cases))"))
    db.session.commit()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM ANALYZE")
    total = db.session.scalar(sa.select(sa.func.count(Case.id)))
    print(f"copied the cases {copies} times in {time.perf_counter() - started:.0f} s: "
          f"{total} cases", file=sys.stderr)
