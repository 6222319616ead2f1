"""Quick entry at the floor: the planner's entry form over HTTP beside a bare Flask + SQLAlchemy
insert, both under gunicorn (2 sync workers) on the same fresh PostgreSQL database.

    python bench/intake_bench.py [--seconds 10] [--connections 1,10,50]
                                 [--admin-url postgresql://postgres@127.0.0.1:5432/postgres]

Makes a database for the run (dropped at the end), migrates it and creates the demo district
of two enheter with its users (cases: none). First it profiles one quick-entry POST in process
(the Flask test client, CSRF on): milliseconds, SQL statements and commits per request, the
statements of one request, and the time spent in session and user loading, form construction,
validation, the case's insert and the audit row. Then it serves the app
(``gunicorn --workers 2 wsgi:app``, production settings) and the baseline
(bench/intake_baseline.py, the same gunicorn settings), signs in one planner session per
connection (login form, CSRF), and drives ``POST /cases/new`` with wrk, the redirect not
followed, at each number of connections, alternating app and baseline.

Each POST carries a fresh one-time submission token, as a freshly shown form does (the token is
random and made by the form; the server learns it at the first submission, so the GET that
shows the form is not part of what is timed). Every redirect (302) the app answered must be one
case in the database, and the baseline's one row. Last line: JSON at 10 connections.
"""
import argparse
import cProfile
import json
import os
import pstats
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from served import (  # noqa: E402  (bench/served.py, beside this script)
    csrf_token, free_port, gunicorn, load_average, sign_in, wait_for_port)

PLANNER = "planerare@demo.casework.se"
#: The functions whose cumulative time the profile reports, by what they do.
PROFILED = {
    "session and user loading": ("casework/auth/views.py", "load_user"),
    "form construction": ("casework/cases/forms.py", "__init__"),
    "validation": ("casework/cases/forms.py", "validate"),
    "double-submit claim": ("casework/cases/submissions.py", "claim"),
    "case insert (create_case)": ("casework/cases/services.py", "create_case"),
    "audit row (trail.record)": ("casework/trail/__init__.py", "record"),
    "commit (unit of work end)": ("casework/core/unit_of_work.py", "end"),
}


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--seconds", type=int, default=10, help="of each wrk run")
    options.add_argument("--connections", default="1,10,50")
    options.add_argument("--profile-requests", type=int, default=200)
    options.add_argument("--profile-only", action="store_true",
                         help="profile in process and print the heaviest functions; no HTTP")
    options.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = options.parse_args()
    if not args.profile_only and shutil.which("wrk") is None:
        options.error("wrk, the load generator, is not installed (Debian: apt-get install wrk)")
    connections = [int(c) for c in args.connections.split(",")]
    name = f"bench_intake_{os.getpid()}"
    url = args.admin_url.rsplit("/", 1)[0] + "/" + name
    admin = sa.create_engine(args.admin_url.replace("postgresql://", "postgresql+psycopg://", 1),
                             isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        entry = prepare(url)
        profile(url, entry, args.profile_requests, top=40 if args.profile_only else 0)
        if args.profile_only:
            return
        results = serve_and_load(url, entry, connections, args.seconds)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    at_ten = results.get(10) or results[connections[-1]]
    print(json.dumps({"users": at_ten["connections"], "rps": at_ten["app"]["rps"],
                      "p95_ms": at_ten["app"]["p95_ms"],
                      "baseline_rps": at_ten["baseline"]["rps"],
                      "ratio": round(at_ten["app"]["rps"] / at_ten["baseline"]["rps"], 2)}))


def prepare(url: str) -> dict:
    """Migrate, create the demo district and the baseline's table; the form's field values."""
    from flask_migrate import upgrade

    from casework import create_app
    from casework.auth.models import User
    from casework.core.clock import local_today
    from casework.core.extensions import db
    from casework.core.taxonomy import catalogue
    from casework.demo.generator import DEMO_PASSWORD, generate

    app = create_app({"ENV_NAME": "development", "DATABASE_URL": url})
    with app.app_context():
        upgrade()
        generate(cases=0, units=2)
        db.session.commit()
        planner = db.session.scalar(sa.select(User).where(User.email == PLANNER))
        year = local_today().year
        terms = catalogue()
        entry = {
            "password": DEMO_PASSWORD, "planner_id": planner.id,
            "fields": {
                "type": "klagomal", "received_on": "idag",
                "unit": str(planner.grants[0].node.id),
                "source": next(key for key, _ in terms.source_choices(year)),
                "categories": terms.category_choices(year, "klagomal")[0][0],
                "description": "Hemtjänsten kom en timme för sent i morse.",
            },
        }
        db.session.remove()
        db.engine.dispose()
    os.environ["CASEWORK_DATABASE_URL"] = url
    sys.path.insert(0, str(ROOT / "bench"))
    import intake_baseline

    with intake_baseline.app.app_context():
        intake_baseline.db.create_all()
        intake_baseline.db.engine.dispose()
    return entry


def profile(url: str, entry: dict, requests: int, top: int = 0) -> None:
    """Time quick-entry POSTs in process and count what each runs; print to standard error."""
    from casework import create_app
    from casework.core.extensions import db

    app = create_app({"ENV_NAME": "production", "DATABASE_URL": url,
                      "SECRET_KEY": secrets.token_urlsafe(32)})
    client = app.test_client()
    login_page = client.get("/login").get_data(as_text=True)
    client.post("/login", data={"csrf_token": csrf_token(login_page),
                                "email": PLANNER, "password": entry["password"]})
    csrf = csrf_token(client.get("/cases/new").get_data(as_text=True))
    statements: list[str] = []
    commits = [0]
    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute",
                    lambda conn, cursor, statement, *rest: statements.append(statement))
    sa.event.listen(engine, "commit", lambda conn: commits.__setitem__(0, commits[0] + 1))

    def post():
        response = client.post("/cases/new", data=entry["fields"] | {
            "csrf_token": csrf, "submission": secrets.token_urlsafe(16)})
        assert response.status_code == 302, response.get_data(as_text=True)[-2000:]

    for _ in range(20):  # warm the caches, and move the session's last-seen time on once
        post()
    samples, counts, commit_counts = [], [], []
    for _ in range(requests):
        del statements[:]
        commits[0] = 0
        started = time.perf_counter()
        post()
        samples.append((time.perf_counter() - started) * 1000)
        counts.append(len(statements))
        commit_counts.append(commits[0])
    one = list(statements)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        post()
    profiler.disable()
    out = sys.stderr
    print(f"in process, {requests} POSTs: median {statistics.median(samples):.2f} ms, "
          f"statements per request {statistics.mean(counts):.2f} (max {max(counts)}), "
          f"commits per request {statistics.mean(commit_counts):.2f}", file=out)
    print("statements of one request:", file=out)
    for statement, times in Counter(" ".join(s.split())[:110] for s in one).items():
        print(f"  {times} x {statement}", file=out)
    if top:
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats("casework", top)
    stats = pstats.Stats(profiler).stats
    print("cumulative ms per request (cProfile, so inflated):", file=out)
    for label, (path, function) in PROFILED.items():
        # The outermost of same-named functions (a subclass's __init__ calling its base's).
        total = max((row[3] for (file, _, name), row in stats.items()
                     if file.endswith(path) and name == function), default=0)
        print(f"  {label:28} {total * 1000 / requests:6.2f}", file=out)
    print(json.dumps({"profile_ms": round(statistics.median(samples), 2),
                      "statements": round(statistics.mean(counts), 2),
                      "commits": round(statistics.mean(commit_counts), 2)}), file=out)


def serve_and_load(url: str, entry: dict, connections: list[int], seconds: int) -> dict:
    """Start both servers, sign in, run wrk at each number of connections; check the rows."""
    secret = secrets.token_urlsafe(32)
    env = os.environ | {"CASEWORK_ENV": "production", "CASEWORK_DATABASE_URL": url,
                        "CASEWORK_SECRET_KEY": secret}
    app_port, baseline_port = free_port(), free_port()
    servers = [gunicorn(app_port, env),
               gunicorn(baseline_port, env, "intake_baseline:app", cwd=ROOT / "bench")]
    results: dict[int, dict] = {}
    counter = _RowCounter(url, entry["planner_id"])
    try:
        for port in (app_port, baseline_port):
            wait_for_port(port)
        sessions = [sign_in(app_port, PLANNER, entry["password"])
                    for _ in range(max(connections))]
        with tempfile.TemporaryDirectory() as scratch:
            def run(kind: str, count: int, length: int) -> dict:
                port, pairs = ((app_port, sessions) if kind == "app"
                               else (baseline_port, [("", "")] * count))
                script = Path(scratch) / f"{kind}{count}.lua"
                script.write_text(_lua(pairs[:count], entry["fields"]))
                before = counter.rows(kind)
                result = _wrk(port, count, length, script)
                result["stored"] = counter.settled(kind) - before
                counter.check(kind, count, result)
                return result

            for kind in ("app", "baseline"):  # warm both servers' workers up
                run(kind, 2, 2)
            for count in connections:
                results[count] = {"connections": count}
                for kind in ("app", "baseline"):
                    results[count][kind] = run(kind, count, seconds)
                print(f"{count:3} connections (load {load_average()}): "
                      f"app {_line(results[count]['app'])}"
                      f"; baseline {_line(results[count]['baseline'])}; ratio "
                      f"{results[count]['app']['rps'] / results[count]['baseline']['rps']:.2f}")
    finally:
        for server in servers:
            server.send_signal(signal.SIGTERM)
        for server in servers:
            server.wait(timeout=30)
    counter.check_once()
    return results


class _RowCounter:
    """The rows each server stored, to hold against the redirects it answered."""

    def __init__(self, url: str, planner_id: int):
        self.engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
        self.planner_id = planner_id

    def rows(self, kind: str) -> int:
        query = ("SELECT count(*) FROM cases WHERE registered_by_id = :id" if kind == "app"
                 else "SELECT count(*) FROM bench_baseline_cases")
        with self.engine.connect() as conn:
            return conn.scalar(sa.text(query), {"id": self.planner_id})

    def settled(self, kind: str) -> int:
        """The count once the requests still running when wrk stopped have ended."""
        last = self.rows(kind)
        while True:
            time.sleep(0.5)
            now = self.rows(kind)
            if now == last:
                return now
            last = now

    def check(self, kind: str, count: int, result: dict) -> None:
        """Every redirect is a stored row; a row more is a request still running when wrk
        stopped (at most one per connection), whose answer wrk did not wait for."""
        unanswered = result["stored"] - result["redirects"]
        if result["others"] or result["errors"] or not 0 <= unanswered <= count:
            sys.exit(f"{kind} at {count} connections: {result}")

    def check_once(self) -> None:
        """No case twice: one claimed submission token per case, one number per case."""
        with self.engine.connect() as conn:
            cases, numbers, claims = conn.execute(sa.text(
                "SELECT count(*), count(DISTINCT number), "
                "(SELECT count(DISTINCT case_id) FROM form_submissions) FROM cases")).one()
        self.engine.dispose()
        print(f"stored once: {cases} cases, {numbers} numbers, {claims} claimed tokens")
        if not cases == numbers == claims:
            sys.exit("a case is stored twice")


def _lua(sessions: list[tuple[str, str]], fields: dict) -> str:
    """A wrk script: one signed-in session per thread, a fresh submission token per POST,
    counting the redirects and other answers."""
    body = urllib.parse.urlencode(fields).replace("%", "%%") + "&csrf_token=%s&submission=%s"
    table = ",\n".join(f"  {{{json.dumps(cookie)}, {json.dumps(csrf)}}}" for cookie, csrf in sessions)
    return f"""
local sessions = {{
{table}
}}
local body = {json.dumps(body)}
local run = "{secrets.token_hex(4)}"
local threads, next_id = {{}}, 1
function setup(thread)
  local s = sessions[next_id]
  thread:set("id", next_id)
  thread:set("cookie", s[1])
  thread:set("csrf", s[2])
  table.insert(threads, thread)
  next_id = next_id + 1
end
function init(args)
  sent, redirects, others = 0, 0, 0
  headers = {{["Content-Type"] = "application/x-www-form-urlencoded"}}
  if cookie ~= "" then headers["Cookie"] = cookie end
end
function request()
  sent = sent + 1
  return wrk.format("POST", "/cases/new", headers,
                    string.format(body, csrf, run .. "-" .. id .. "-" .. sent))
end
function response(status, hdrs, b)
  if status == 302 then redirects = redirects + 1 else others = others + 1 end
end
function done(summary, latency, requests)
  local r, o = 0, 0
  for _, t in ipairs(threads) do r = r + t:get("redirects"); o = o + t:get("others") end
  local e = summary.errors
  io.write(string.format(
    'RESULT {{"requests": %d, "duration_us": %d, "redirects": %d, "others": %d, ' ..
    '"errors": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d}}\\n',
    summary.requests, summary.duration, r, o, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def _wrk(port: int, count: int, seconds: int, script: Path) -> dict:
    out = subprocess.run(["wrk", "-t", str(count), "-c", str(count), "-d", f"{seconds}s",
                          "--timeout", "30s", "-s", str(script), f"http://127.0.0.1:{port}"],
                         capture_output=True, text=True)
    if out.returncode:
        sys.exit(f"wrk failed: {out.stderr}{out.stdout}")
    out = out.stdout
    raw = json.loads(re.search(r"^RESULT (.*)$", out, re.M).group(1))
    return {"rps": round(raw["requests"] / (raw["duration_us"] / 1e6), 1),
            "p50_ms": round(raw["p50_us"] / 1000, 1), "p95_ms": round(raw["p95_us"] / 1000, 1),
            "p99_ms": round(raw["p99_us"] / 1000, 1), "redirects": raw["redirects"],
            "others": raw["others"], "errors": raw["errors"]}


def _line(r: dict) -> str:
    return (f"{r['rps']} rps, p50 {r['p50_ms']} / p95 {r['p95_ms']} / p99 {r['p99_ms']} ms, "
            f"{r['redirects']} redirects / {r['stored']} rows")


if __name__ == "__main__":
    main()
