"""Time the reminders' due-scan over N cases, and 10,000 reminders through a real worker.

    CASEWORK_DATABASE_URL=postgresql://.../bench_reminders python bench/reminders_bench.py

Only the PostgreSQL database named by ``CASEWORK_DATABASE_URL`` is used (an empty one: the
script migrates it and generates the demo district of ``--cases`` cases over 500 enheter and
three years, the recent ones open; ``--reuse`` times a database built before). It measures, as
the median of ``--runs`` runs each rolled back:

- the due-scan that finds and handles the cases with an alert due (``make_alerts``), for the
  moment 24 hours from now, so the alerts of the cases of the last days are due;
- the same scan for a moment when nothing is due: the index probe beat pays every minute.

Then it makes ``--reminders`` reminders (default 10,000) about open cases, starts one Celery
worker (``--concurrency`` processes, default 4: sending waits on the network and the database) on Redis (``CASEWORK_REDIS_URL``, default
127.0.0.1:6379) and an SMTP server on 127.0.0.1 (aiosmtpd), runs one dispatch and times until the
server has accepted every reminder and none is left queued. Prints the machine, and as the last line a JSON object.
"""
import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import district  # noqa: E402  (bench/district.py and timing.py, beside this script)
from timing import median_ms  # noqa: E402

from casework import create_app  # noqa: E402
from casework.auth.models import User  # noqa: E402
from casework.cases.clocks import clocks_of  # noqa: E402
from casework.cases.models import Case
from casework.core.case_types import CLOSED_STATUS  # noqa: E402
from casework.core.clock import utcnow  # noqa: E402
from casework.core.extensions import db  # noqa: E402
from casework.reminders.dispatch import dispatch, make_alerts  # noqa: E402
from casework.reminders.models import Kind, Notification, Status, insert_new  # noqa: E402
from tests.smtp import smtp_server  # noqa: E402

CELERY = str(Path(sys.executable).with_name("celery"))


def main() -> None:
    args = parse_args()
    settings = {"ENV_NAME": "development", "DATABASE_URL": args.database_url,
                "REDIS_URL": args.redis_url, "CELERY_QUEUE": f"bench-{os.getpid()}"}
    with smtp_server() as (port, inbox):
        settings |= {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": port}
        app = create_app(settings)
        with app.app_context():
            district.prepare(args)
            figures = {"cases": open_cases(), **time_scans(args.runs)}
            figures |= time_sending(args, settings, inbox)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, PostgreSQL "
          f"{figures.pop('server_version')}", file=sys.stderr)
    print(json.dumps(figures))


def parse_args() -> argparse.Namespace:
    options = district.parser(__doc__.split("\n\n")[0])
    options.add_argument("--reminders", type=int, default=10_000)
    options.add_argument("--concurrency", type=int, default=4)
    args = district.parse(options)
    args.redis_url = os.environ.get("CASEWORK_REDIS_URL", "redis://127.0.0.1:6379/0")
    return args


def open_cases() -> int:
    return db.session.scalar(sa.select(sa.func.count()).where(Case.status != CLOSED_STATUS))


def time_scans(runs: int) -> dict:
    """The due-scan with the last days' alerts due, and with nothing due."""
    moment = utcnow() + timedelta(hours=24)
    due = db.session.scalar(sa.select(sa.func.count()).where(Case.next_alert_at <= moment))
    made = []

    def busy():
        made.append(make_alerts(moment))
        db.session.rollback()

    busy_ms = median_ms(busy, runs)
    quiet = db.session.scalar(sa.select(sa.func.min(Case.next_alert_at))) - timedelta(seconds=1)
    idle_ms = median_ms(lambda: (make_alerts(quiet), db.session.rollback()), runs)
    print(f"due-scan: {due} cases due, {made[-1]} alerts made in {busy_ms:.0f} ms; "
          f"nothing due: {idle_ms:.1f} ms", file=sys.stderr)
    return {"due_cases": due, "alerts_made": made[-1], "scan_s": round(busy_ms / 1000, 4),
            "idle_scan_s": round(idle_ms / 1000, 4),
            "server_version": db.session.scalar(sa.text("SHOW server_version"))}


def time_sending(args, settings: dict, inbox) -> dict:
    """Make the reminders, start the worker, dispatch once and wait for the last message."""
    now = utcnow()
    rows = reminder_rows(args.reminders, now)
    for start in range(0, len(rows), 1000):  # within PostgreSQL's limit of bound parameters
        insert_new(rows[start:start + 1000])
    db.session.commit()
    env = {**os.environ, **{f"CASEWORK_{k}": str(v) for k, v in settings.items()
                            if k != "ENV_NAME"}}
    with tempfile.TemporaryFile("w+") as log:
        worker = subprocess.Popen(
            [CELERY, "-A", "workers", "worker", "--concurrency", str(args.concurrency),
             "-Q", settings["CELERY_QUEUE"], "--loglevel", "WARNING"],
            env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            time.sleep(5)  # let the worker connect before the clock starts
            started = time.perf_counter()
            queued = dispatch(now).queued
            while len(inbox.messages) < len(rows) or in_flight():
                if worker.poll() is not None:
                    log.seek(0)
                    sys.exit(f"the worker stopped:\n{log.read()}")
                time.sleep(0.05)
            seconds = time.perf_counter() - started
        finally:
            worker.terminate()
            worker.wait(timeout=30)
    sent = len(inbox.messages)
    print(f"{queued} queued ({len(rows)} made here), {sent} delivered in {seconds:.1f} s: "
          f"{sent / seconds:.0f} per second with {args.concurrency} worker processes",
          file=sys.stderr)
    return {"reminders": sent, "send_s": round(seconds, 2), "per_second": round(sent / seconds)}


def in_flight() -> bool:
    """Whether a notification is still queued or being sent."""
    count = db.session.scalar(sa.select(sa.func.count()).where(
        Notification.status.in_([Status.QUEUED, Status.SENDING])))
    db.session.rollback()
    return count > 0


def reminder_rows(count: int, now) -> list[dict]:
    """One reminder per running clock of the newest open cases, to one user (the SMTP server
    does not care); as the due-scan would make them."""
    user_id = db.session.scalar(sa.select(User.id).order_by(User.id))
    rows = []
    cases = db.session.scalars(sa.select(Case).where(Case.status != CLOSED_STATUS)
                               .order_by(Case.received_on.desc()).execution_options(
                                   yield_per=1000))
    for case in cases:
        for clock in clocks_of(case):
            if not clock.done and len(rows) < count:
                rows.append({"key": f"bench:{case.id}:{clock.rule.key}:{now.isoformat()}",
                             "kind": Kind.REMINDER, "user_id": user_id, "case_id": case.id,
                             "rule_key": clock.rule.key, "due_at": clock.due_at,
                             "send_at": now})
        if len(rows) >= count:
            break
    db.session.execute(sa.delete(Notification).where(Notification.key.startswith("bench:")))
    return rows


if __name__ == "__main__":
    main()
