"""Time the case list's queries on a generated district of N cases over 500 enheter.

    python bench/list_bench.py --cases 200000 --database-url postgresql://.../bench_list

On an empty PostgreSQL database: runs the migrations, generates the demo district
(``casework.demo.generator.generate``), then makes it look like a register in use, since the
generator leaves every case new: cases older than 30 days are closed but one in 25 (the open
ones keep the deadline the rules gave them, so most are overdue), half the recent ones are in
progress, and one open case in 50 waits for the APT. Then it times ``queries.case_page`` (what
GET /cases runs: the page and its categories) for three users, on the first page and on a page
deep in the keyset, and the list's hit count (``queries.case_count``, capped) beside an exact
count, and prints the median milliseconds and EXPLAIN ANALYZE summaries; the last line is a JSON
object of the issue's four targets (page 1 for one enhet and for the förvaltning, a filtered
page and a text search for the förvaltning), in ms, each to be under 100.
``--reuse`` times a database built before, after applying any new migrations; ``--copies K``
first makes the register K+1 times as large in SQL (``district.copy_cases``), e.g.
``--cases 200000 --copies 4`` for a million.
"""
import argparse
import json
import os
import sys
import time
from pathlib import Path

import sqlalchemy as sa
from flask_migrate import upgrade

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from district import copy_cases  # bench/district.py, beside this script
from timing import median_ms  # bench/timing.py, beside this script

from casework import create_app  # noqa: E402
from casework.auth.models import User  # noqa: E402
from casework.auth.services import add_user  # noqa: E402
from casework.cases import queries, urgency  # noqa: E402
from casework.cases.models import Case  # noqa: E402
from casework.cases.queries import Filters, Order  # noqa: E402
from casework.core.clock import local_today  # noqa: E402
from casework.core.extensions import db  # noqa: E402
from casework.demo.generator import DEMO_PASSWORD, FORVALTNING, generate  # noqa: E402

UNITS = 500
#: How far into each user's list the deep page starts (or the last page, for fewer cases).
DEPTH = 5000
#: (label, filters, order), each timed for every user; "{year}" is this year.
VARIANTS = [
    ("alla", {}, Order()),
    ("sök 'nyckel'", {"search": "nyckel"}, Order()),
    ("sök utan träff", {"search": "xyzzy"}, Order()),
    ("sök nr-prefix", {"search": "{year}-01"}, Order()),
    ("försenade", {"overdue": True}, Order()),
    ("sort nummer", {}, Order("nummer", True)),
    ("sort status", {}, Order("status", False)),
]
USERS = {
    "enhetschef@demo.casework.se": "enhetschef, 1 enhet",
    "bench.omrade@example.se": "områdeschef, 20 enheter",
    "bench.forvaltning@example.se": "förvaltningen, 500 enheter",
}
REALISM = [
    """UPDATE cases SET status = 'avslutad', closed_on = LEAST(received_on + 21, :today),
       due_on = NULL WHERE received_on < :today - 30 AND id % 25 <> 0""",
    """UPDATE cases SET status = 'pagaende' WHERE received_on >= :today - 30 AND id % 2 = 0""",
    """UPDATE cases SET apt_pending = true WHERE status <> 'avslutad' AND id % 50 = 0""",
    """UPDATE cases SET handler_id = (SELECT min(id) FROM users WHERE email LIKE 'bitradande%')
       WHERE status = 'pagaende' AND unit_id = (SELECT id FROM org_nodes WHERE code = 'HAE-ASP')""",
]


def main() -> None:
    args = parse_args()
    app = create_app({"ENV_NAME": "development", "DATABASE_URL": args.database_url})
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            sys.exit("the benchmark needs PostgreSQL (--database-url postgresql://...)")
        prepare(args)
        report(args.runs)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=os.environ.get("CASEWORK_DATABASE_URL"))
    parser.add_argument("--runs", type=int, default=7, help="timed runs per query")
    parser.add_argument("--reuse", action="store_true",
                        help="time a database this script built before")
    parser.add_argument("--copies", type=int, default=0,
                        help="copies of the cases, added in SQL first (district.copy_cases)")
    args = parser.parse_args()
    if not args.database_url or not args.database_url.startswith(("postgresql", "postgres:")):
        parser.error("--database-url (or CASEWORK_DATABASE_URL) must be a PostgreSQL URL")
    return args


def prepare(args: argparse.Namespace) -> None:
    if args.reuse:
        upgrade()
    else:
        build(args)
    if args.copies:
        copy_cases(args.copies)


def build(args: argparse.Namespace) -> None:
    if sa.inspect(db.engine).get_table_names():
        sys.exit("the database is not empty; create a fresh one (createdb) or pass --reuse")
    started = time.perf_counter()
    upgrade()
    generate(cases=args.cases, units=UNITS)
    today = local_today()
    for statement in REALISM:
        db.session.execute(sa.text(statement), {"today": today})
    add_user("bench.omrade@example.se", "Områdeschef, 20 enheter", DEMO_PASSWORD,
             "omradeschef", "HAE-O05")
    add_user("bench.forvaltning@example.se", "Hela förvaltningen", DEMO_PASSWORD,
             "omradeschef", FORVALTNING[0])
    db.session.commit()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM ANALYZE")
    print(f"built in {time.perf_counter() - started:.0f} s")


def report(runs: int) -> None:
    today = local_today()
    total = db.session.scalar(sa.select(sa.func.count(Case.id)))
    print(f"\n{total:,} cases, {UNITS} enheter; median of {runs} runs, in ms\n")
    print(f"{'user':<28}{'variant':<16}{'in scope':>10}{'page 1':>9}{'deep page':>11}"
          f"{'count':>8}{'exact':>8}")
    users = {u.email: u for u in db.session.scalars(sa.select(User).where(User.email.in_(USERS)))}
    plans, first_pages = [], {}
    for email, label in USERS.items():
        for variant, raw, order in VARIANTS:
            filters = Filters(**{
                k: v.format(year=today.year) if isinstance(v, str) else v for k, v in raw.items()
            })
            row, plan, first_pages[email, variant] = measure(
                users[email], filters, order, today, runs)
            print(f"{label:<28}{variant:<16}" + row)
            plans.append((f"{label}, {variant}", plan))
    chief = users["enhetschef@demo.casework.se"]
    todo = median_ms(lambda: urgency.urgent(chief, today), runs)
    print(f"\nAtt göra (2 queries) for {USERS[chief.email]}: {todo:.1f} ms")
    print("\nEXPLAIN ANALYZE of the page query: page 1, then the deep page")
    for title, (first, deep) in plans:
        print(f"\n{title}\n  {first}\n  {deep}")
    db.session.rollback()
    city = "bench.forvaltning@example.se"
    print(json.dumps({"cases": total, **{name: round(first_pages[key], 1) for name, key in [
        ("unit_page_ms", ("enhetschef@demo.casework.se", "alla")),
        ("forvaltning_page_ms", (city, "alla")), ("filtered_page_ms", (city, "försenade")),
        ("search_page_ms", (city, "sök 'nyckel'"))]}}))


def measure(user: User, filters: Filters, order: Order, today, runs: int):
    """The table row (cases in scope, ms for page 1 and the deep page, the hit count as the list takes it, capped at
    ``queries.COUNT_CAP``, and the exact count), the two plans and page 1's ms."""
    first = queries.page_query(user, filters, order, today)
    in_scope = db.session.scalar(
        sa.select(sa.func.count(Case.id)).where(*queries.conditions(user, filters, today))
    )
    keys = len(queries.SORTS[order.key])
    deep_row = db.session.execute(
        first.limit(1).offset(max(min(DEPTH, in_scope - queries.PAGE_SIZE), 0))
    ).first()
    cursors = (None, queries.Cursor(tuple(deep_row[-keys:])) if deep_row else None)
    times = [
        median_ms(lambda: queries.case_page(user, filters, order, today, cursor), runs)
        for cursor in cursors
    ]
    times.append(median_ms(lambda: queries.case_count(user, filters, today), runs))
    times.append(median_ms(lambda: db.session.scalar(
        sa.select(sa.func.count(Case.id)).where(*queries.conditions(user, filters, today))
    ), runs))
    plans = tuple(
        explain(queries.page_query(user, filters, order, today, cursor)) for cursor in cursors
    )
    return (f"{in_scope:>10,}{times[0]:>9.1f}{times[1]:>11.1f}{times[2]:>8.1f}{times[3]:>8.1f}",
            plans, times[0])


def explain(statement: sa.Select) -> str:
    """The plan in one line: each scan with its index, rows found and rows filtered away."""
    compiled = statement.compile(
        dialect=db.engine.dialect, compile_kwargs={"render_postcompile": True}
    )
    result = db.session.connection().exec_driver_sql(
        "EXPLAIN (ANALYZE, FORMAT JSON) " + compiled.string, compiled.params
    ).scalar_one()
    plan = (json.loads(result) if isinstance(result, str) else result)[0]
    scans = []
    for node in walk(plan["Plan"]):
        if "Relation Name" in node or "Index Name" in node:
            loops = node["Actual Loops"]
            removed = node.get("Rows Removed by Filter", 0) * loops
            scans.append(
                f"{node['Node Type']} {node.get('Index Name') or node['Relation Name']} "
                f"({node['Actual Rows'] * loops:,} rows"
                + (f", {removed:,} filtered out)" if removed else ")")
            )
    return (f"{plan['Execution Time']:.1f} ms (planning {plan['Planning Time']:.1f}): "
            + "; ".join(scans))


def walk(node: dict):
    yield node
    for child in node.get("Plans", ()):
        yield from walk(child)


if __name__ == "__main__":
    main()
