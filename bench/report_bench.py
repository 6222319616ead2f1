"""Time the report table on a generated district of N cases over 500 enheter and three years.

    CASEWORK_DATABASE_URL=postgresql://.../bench_report python bench/report_bench.py --cases 1000000

Only the PostgreSQL database named by ``CASEWORK_DATABASE_URL`` is used, never a default, so the
benchmark cannot fill a development database by mistake. On an empty database it runs the migrations
and generates the demo district (``casework.demo.generator.generate``); ``--reuse`` times a database
built before, and ``--reuse --copies 4`` first copies its cases four times in SQL
(``district.copy_cases``: a million from 200,000 generated). Then it times, as the median of
``--runs`` runs: the city-wide 2025 table (the förvaltning node), one enhet's table, and the two
statements a report is made of (every cell; the cases no row can place) on their own, for the city,
and a hand-written SQL baseline computing the same city-wide cells in one statement (checked equal
to the report's cells). Beside it, the floor the data sets: two plain GROUP BY statements over the
same cases, one over the case columns a clause reads, one over the case-category join, timed
together. It prints a table of milliseconds, the machine, and as the last line a JSON object of the
figures in seconds; ratio is the city-wide table over the one-statement baseline, group_by_ratio the
city-wide table over the two GROUP BYs."""
import json
import os
import platform
import sys
import tracemalloc
from datetime import date
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import district  # noqa: E402  (bench/district.py and timing.py, beside this script)
from timing import median_ms  # noqa: E402

from casework import create_app  # noqa: E402
from casework.cases.models import Case  # noqa: E402
from casework.core.extensions import db  # noqa: E402
from casework.core.case_types import WITHDRAWN_STATUS  # noqa: E402
from casework.core.taxonomy import catalogue  # noqa: E402
from casework.demo.generator import FORVALTNING, OMRADEN  # noqa: E402
from casework.organisation.services import node_by_code  # noqa: E402
from casework.reports import counting  # noqa: E402

YEAR = 2025
#: The enhet timed alone: the first seeded one, where the demo users work.
UNIT = OMRADEN[0][2][0][0]


def main() -> None:
    args = district.parse(district.parser(__doc__.split("\n\n")[0]))
    app = create_app({"ENV_NAME": "development", "DATABASE_URL": args.database_url})
    with app.app_context():
        district.prepare(args)
        figures = measure(args.runs)
        db.session.rollback()
    print(json.dumps(figures))


def measure(runs: int) -> dict:
    """Print the table of medians and the machine; return the figures for the JSON line."""
    template = catalogue().template_for(YEAR)
    city, unit = node_by_code(FORVALTNING[0]), node_by_code(UNIT)
    cutoff = date(YEAR, 12, 31)

    def scope():
        return counting.cases_in_scope(city, YEAR, cutoff)

    baseline_sql, baseline_keys = baseline_statement(template, city, YEAR, cutoff)
    # The two statements as count_report runs them: rendered once, the path filled in.
    cells_sql, unmapped_sql = counting._statements(catalogue(), db.engine.dialect.name, template,
                                                   YEAR, cutoff)

    def baseline():
        return run_baseline(baseline_sql, baseline_keys)

    report_cells = {row.key: (row.t1, row.t2, row.vb)
                    for row in counting.count_report(template, city, YEAR, cutoff).rows}
    assert baseline() == report_cells, "the baseline's cells differ from the report's"

    timings = {
        f"city-wide table ({city.code}, both statements)":
            lambda: counting.count_report(template, city, YEAR, cutoff),
        f"one enhet's table ({unit.code})":
            lambda: counting.count_report(template, unit, YEAR, cutoff),
        "city: the cells statement alone": lambda: cells_sql.rows(city.path),
        "city: the unmapped statement alone": lambda: unmapped_sql.rows(city.path),
        "city: hand-written SQL baseline (one statement)": baseline,
        "city: two plain GROUP BYs (cases; case-category)":
            lambda: [db.session.execute(sa.text(sql)).all()
                     for sql in group_bys(city, YEAR, cutoff)],
    }
    ms = {label: median_ms(run, runs) for label, run in timings.items()}
    peak = peak_mb(timings[next(iter(timings))])
    cases = db.session.scalar(sa.select(sa.func.count(Case.id)))
    in_year = db.session.scalar(sa.select(sa.func.count(Case.id)).where(scope()))
    version = db.session.scalar(sa.text("SHOW server_version"))
    print(f"\n{cases:,} cases ({in_year:,} in the city's {YEAR}), {district.UNITS} enheter, "
          f"template {template.year}; median of {runs} runs\n")
    for label, value in ms.items():
        print(f"{label:<48}{value:>10.1f} ms")
    print(f"{'peak Python memory of the city-wide table':<48}{peak:>10.1f} MB")
    print(f"\nmachine: {os.cpu_count()} CPUs (nproc), {platform.machine()}, "
          f"Python {platform.python_version()}, PostgreSQL {version}")
    city_ms, unit_ms, cells_ms, unmapped_ms, baseline_ms, group_by_ms = ms.values()
    return {"cases": cases, "units": district.UNITS, "city_s": round(city_ms / 1000, 4),
            "unit_s": round(unit_ms / 1000, 4), "baseline_s": round(baseline_ms / 1000, 4),
            "ratio": round(city_ms / baseline_ms, 2), "group_by_s": round(group_by_ms / 1000, 4),
            "group_by_ratio": round(city_ms / group_by_ms, 2), "cells_s": round(cells_ms / 1000, 4),
            "unmapped_s": round(unmapped_ms / 1000, 4), "peak_mb": round(peak, 1)}


#: The case column each clause flag's date is in (as counting.FLAG_DATES).
FLAG_COLUMNS = {"feedback": "feedback_on", "action": "first_action_on",
                "authority_notified": "authority_notified_on"}


def baseline_statement(template, node, year: int, cutoff: date) -> tuple[str, list[str]]:
    """The cells of ``template`` for ``node``'s subtree as one PostgreSQL statement written for
    speed, independently of counting.py.

    The inner query folds each case's categories into one boolean per distinct category set
    (bool_or over the joined rows, GROUP BY the case's primary key); the outer one counts the
    cases per tertial with COUNT(*) FILTER, one column per row. Template values, the scope and
    the dates are literals in the text: psycopg prepares a statement run five times, and
    PostgreSQL's generic plan for bound dates and path was about twice as slow.
    """
    assert set(node.path) <= set("/0123456789"), node.path
    rows = [row for _, row in template.rows()]
    sets = sorted({clause.categories for row in rows for clause in row.clauses
                   if clause.categories is not None})
    flag_of = {categories: f"k{i}" for i, categories in enumerate(sets)}

    def clause_sql(clause) -> str:
        parts = [f"type IN ({literals(clause.types)})"]
        if clause.categories is not None:
            parts.append(flag_of[clause.categories])
        if clause.sources is not None:
            parts += [f"source IN ({literals(clause.sources)})", "NOT anonymous"]
        if clause.anonymous is not None:
            parts.append("anonymous" if clause.anonymous else "NOT anonymous")
        if clause.identified_by is not None:
            parts.append(f"identified_by IN ({literals(clause.identified_by)})")
        if clause.concerns is not None:
            parts.append(f"concerns IN ({literals(clause.concerns)})")
        if clause.flag is not None:
            parts.append(f"{FLAG_COLUMNS[clause.flag]} <= DATE '{cutoff}'")
        return "(" + " AND ".join(parts) + ")"

    counts = ",\n       ".join(
        f"COUNT(*) FILTER (WHERE {' OR '.join(clause_sql(c) for c in row.clauses)})"
        for row in rows)
    flags = "".join(
        f",\n                bool_or(cc.category IN ({literals(categories)})) AS {flag}"
        for categories, flag in flag_of.items())
    (m1, d1), (m2, d2) = counting.TERTIAL_ENDS
    sql = f"""
SELECT CASE WHEN received_on <= DATE '{date(year, m1, d1)}' THEN 1
            WHEN received_on <= DATE '{date(year, m2, d2)}' THEN 2 ELSE 3 END AS tertial,
       {counts}
  FROM (SELECT c.id, c.received_on, c.type, c.source, c.anonymous, c.identified_by, c.concerns,
               c.feedback_on, c.first_action_on, c.authority_notified_on{flags}
          FROM cases c LEFT JOIN case_categories cc ON cc.case_id = c.id
         WHERE c.unit_id IN (SELECT id FROM org_nodes WHERE path LIKE '{node.path}%')
           AND c.received_on BETWEEN DATE '{date(year, 1, 1)}'
                                 AND DATE '{min(cutoff, date(year, 12, 31))}'
         GROUP BY c.id) AS per_case
 GROUP BY 1"""
    return sql, [row.key for row in rows]


def group_bys(node, year: int, cutoff: date) -> tuple[str, str]:
    """The two plain GROUP BY statements over the cases ``count_report`` counts: one over the
    case columns a clause reads (the flags as dated on or before the cut-off), one over the
    case-category join (type and category). Their time together is the floor a report that
    reads the same rows can hope for."""
    assert set(node.path) <= set("/0123456789"), node.path
    (m1, d1), (m2, d2) = counting.TERTIAL_ENDS
    tertial = (f"CASE WHEN c.received_on <= DATE '{date(year, m1, d1)}' THEN 1 "
               f"WHEN c.received_on <= DATE '{date(year, m2, d2)}' THEN 2 ELSE 3 END")
    scope = (f"c.unit_id IN (SELECT id FROM org_nodes WHERE path LIKE '{node.path}%') "
             f"AND c.received_on BETWEEN DATE '{date(year, 1, 1)}' "
             f"AND DATE '{min(cutoff, date(year, 12, 31))}' AND c.status <> '{WITHDRAWN_STATUS}'")
    flags = ", ".join(f"c.{column} <= DATE '{cutoff}'" for column in FLAG_COLUMNS.values())
    columns = f"c.type, c.source, c.anonymous, c.identified_by, c.concerns, {flags}"
    return (f"SELECT {tertial}, {columns}, count(*) FROM cases c WHERE {scope} "
            f"GROUP BY {tertial}, {columns}",
            f"SELECT {tertial}, c.type, cc.category, count(*) FROM cases c "
            f"JOIN case_categories cc ON cc.case_id = c.id WHERE {scope} "
            f"GROUP BY {tertial}, c.type, cc.category")


def run_baseline(sql: str, keys: list[str]) -> dict[str, tuple[int, int, int]]:
    """Row key -> (T1, T2, VB) from the baseline statement."""
    counts = {key: [0, 0, 0] for key in keys}
    for tertial, *values in db.session.execute(sa.text(sql)):
        for key, value in zip(keys, values):
            counts[key][tertial - 1] = value
    return {key: tuple(value) for key, value in counts.items()}


def literals(values) -> str:
    """Template values as SQL string literals; they are identifiers, never user input."""
    assert all(value.replace("_", "").isalnum() for value in values), values
    return ", ".join(f"'{value}'" for value in values)


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
