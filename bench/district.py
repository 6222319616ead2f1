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
    enheter and three years; with ``--reuse``, check the one built before."""
    from flask_migrate import upgrade

    built = sa.inspect(db.engine).get_table_names()
    if args.reuse:
        upgrade()
        if not db.session.scalar(sa.select(sa.func.count(Case.id))):
            sys.exit("--reuse: the database holds no cases; build it first without --reuse")
        return
    if built:
        sys.exit("the database is not empty; create a fresh one (createdb) or pass --reuse")
    started = time.perf_counter()
    upgrade()
    generate(cases=args.cases, units=UNITS)
    db.session.commit()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM ANALYZE")
    print(f"built {args.cases} cases in {time.perf_counter() - started:.0f} s", file=sys.stderr)
