"""Time the report table on a generated district of N cases over 500 enheter and three years.

    CASEWORK_DATABASE_URL=postgresql://.../bench_report python bench/report_bench.py --cases 1000000

Only the PostgreSQL database named by ``CASEWORK_DATABASE_URL`` is used, never a default, so the
benchmark cannot fill a development database by mistake. On an empty database it runs the
migrations and generates the demo district (``casework.demo.generator.generate``); ``--reuse``
times a database built before. Then it times, as the median of ``--runs`` runs: the city-wide
2025 table (the förvaltning node), one enhet's table, and the two statements a report is made
of (every cell; the cases no row can place) on their own, for the city. It prints a table of
milliseconds, the machine, and as the last line a JSON object of the figures in seconds.
"""
import argparse
import json
import os
import platform
import statistics
import sys
import time
import tracemalloc
from datetime import date
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from casework import create_app  # noqa: E402
from casework.cases.models import Case  # noqa: E402
from casework.cases.services import catalogue  # noqa: E402
from casework.demo.generator import FORVALTNING, OMRADEN, generate  # noqa: E402
from casework.extensions import db  # noqa: E402
from casework.organisation.services import node_by_code  # noqa: E402
from casework.reports import counting  # noqa: E402

UNITS = 500
YEAR = 2025
#: The enhet timed alone: the first seeded one, where the demo users work.
UNIT = OMRADEN[0][2][0][0]


def main() -> None:
    args = parse_args()
    app = create_app({"ENV_NAME": "development", "DATABASE_URL": args.database_url})
    with app.app_context():
        prepare(args)
        figures = measure(args.runs)
        db.session.rollback()
    print(json.dumps(figures))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5, help="timed runs per measurement")
    parser.add_argument("--reuse", action="store_true",
                        help="time a database this script built before")
    args = parser.parse_args()
    args.database_url = os.environ.get("CASEWORK_DATABASE_URL", "")
    if not args.database_url.startswith(("postgresql:", "postgresql+", "postgres:")):
        parser.error("CASEWORK_DATABASE_URL must name a PostgreSQL database")
    return args


def prepare(args: argparse.Namespace) -> None:
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
    print(f"built in {time.perf_counter() - started:.0f} s")


def measure(runs: int) -> dict:
    """Print the table of medians and the machine; return the figures for the JSON line."""
    template = catalogue().template_for(YEAR)
    city, unit = node_by_code(FORVALTNING[0]), node_by_code(UNIT)
    cutoff = date(YEAR, 12, 31)

    def scope():
        return counting.cases_in_scope(city, YEAR, cutoff)

    timings = {
        f"city-wide table ({city.code}, both statements)":
            lambda: counting.count_report(template, city, YEAR, cutoff),
        f"one enhet's table ({unit.code})":
            lambda: counting.count_report(template, unit, YEAR, cutoff),
        "city: the cells statement alone":
            lambda: counting._cells(template, scope(), YEAR, cutoff),
        "city: the unmapped statement alone":
            lambda: counting._unmapped(template, scope(), cutoff),
    }
    ms = {label: median_ms(run, runs) for label, run in timings.items()}
    peak = peak_mb(timings[next(iter(timings))])
    cases = db.session.scalar(sa.select(sa.func.count(Case.id)))
    in_year = db.session.scalar(sa.select(sa.func.count(Case.id)).where(scope()))
    version = db.session.scalar(sa.text("SHOW server_version"))
    print(f"\n{cases:,} cases ({in_year:,} in the city's {YEAR}), {UNITS} enheter, "
          f"template {template.year}; median of {runs} runs\n")
    for label, value in ms.items():
        print(f"{label:<48}{value:>10.1f} ms")
    print(f"{'peak Python memory of the city-wide table':<48}{peak:>10.1f} MB")
    print(f"\nmachine: {os.cpu_count()} CPUs (nproc), {platform.machine()}, "
          f"Python {platform.python_version()}, PostgreSQL {version}")
    city_ms, unit_ms, cells_ms, unmapped_ms = ms.values()
    return {"cases": cases, "units": UNITS, "city_s": round(city_ms / 1000, 4),
            "unit_s": round(unit_ms / 1000, 4), "cells_s": round(cells_ms / 1000, 4),
            "unmapped_s": round(unmapped_ms / 1000, 4), "peak_mb": round(peak, 1)}


def median_ms(run, runs: int) -> float:
    run()  # warm the caches
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def peak_mb(run) -> float:
    """Peak Python allocation of one run, apart from the timed ones (tracing slows them)."""
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


if __name__ == "__main__":
    main()
