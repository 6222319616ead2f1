"""Load with faults: planners and handlers at work on the real stack while Redis, PostgreSQL and a
Celery worker fail; every acknowledged save must be stored once, every reminder sent once.

    python bench/load_faults.py [--minutes 5]

Everything runs on its own and is removed at the end: a PostgreSQL cluster (initdb into a
temporary directory, a free port; tests/cluster.py), redis-server on a free port, an SMTP server
on 127.0.0.1 that keeps every message (tests/smtp.py), the app under ``gunicorn --workers 2`` with
production settings, two Celery workers (solo pool) and beat, its due-scan every two seconds.

For ``--minutes`` of load, planners (threads, one signed-in session each: login form, CSRF) log
klagomål through ``/cases/new``, a fresh submission token per form; a 503 is answered by sending
the same form again a second later, as a planner does who goes back and submits again. Handlers
(biträdande enhetschef) open cases from the list and add an åtgärd through the case page's step
form. Every save carries a marker of its own in its text, so the database can be asked
afterwards, independently of the app's own bookkeeping, which acknowledged saves it holds
(``lost``: acknowledged, not stored; ``duplicates``: stored more than once).

The fault schedule scales with the run's length T: Redis is stopped at 0.1 T for min(60 s, T/3)
and started again, empty; one worker is killed with SIGKILL at 0.55 T and a new one started; at
0.65 T PostgreSQL is shut down fast (``pg_ctl stop -m fast``: open transactions roll back, none
that committed is lost), kept down for five seconds so that requests meet it, and started again.
Personal-data breaches are registered at the start with discovery times placed so that the
first reminder of their 72-hour clock (24 hours in) falls due at moments spread over 0.1–0.75 T,
through all three faults. After the load, the script waits for the workers to catch up and
counts the messages per (case, recipient) in the SMTP server: each must have come exactly once.

Answers: every request's status is counted; ``errors`` are answers that are not 2xx/3xx, other
than the 503 page while the database is away (which must be the Swedish page), and requests
that got no answer. Last line: JSON with ``acknowledged``, ``stored``, ``lost``, ``duplicates``,
``errors``, ``p95_ms``, ``reminders_due`` and ``reminders_sent`` (the due reminders that
arrived exactly once).
"""
import argparse
import json
import os
import random
import re
import secrets
import shutil
import signal
import string
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from served import (  # noqa: E402  (bench/served.py, beside this script)
    Session, csrf_token, free_port, gunicorn, load_average, wait_for_port, wait_until_serving)
from tests.cluster import Cluster, own_cluster  # noqa: E402
from tests.e2e.client import parse  # noqa: E402
from tests.smtp import Inbox, smtp_server  # noqa: E402
from tests.workers.processes import CELERY, stop  # noqa: E402

PLANNER = "planerare@demo.casework.se"
HANDLER = "bitradande_enhetschef@demo.casework.se"
PLANNERS, HANDLERS = 6, 2
#: The heading of the page a request meets while the database is away.
UNAVAILABLE = "<h1>Tjänsten är tillfälligt otillgänglig</h1>"
#: How long PostgreSQL stays down, and how long after it is back a 503 still counts as its.
PG_DOWN_SECONDS, PG_SETTLE_SECONDS = 5, 10
#: A save met by a 503 is sent again for this long before it counts as given up.
RETRY_SECONDS = 60
#: The marker a save carries at the end of its text.
MARKER = re.compile(r"\(([a-z]{16})\)\.$")
#: The settings of the run's processes (beside the database, Redis and SMTP addresses).
SETTINGS = {"REMINDER_DISPATCH_SCHEDULE": 2, "REMINDER_REQUEUE_SECONDS": 10}


@dataclass
class Schedule:
    """When each fault happens, in seconds from the start of the load."""
    seconds: float

    @property
    def redis_down(self) -> tuple[float, float]:
        return 0.1 * self.seconds, 0.1 * self.seconds + min(60, self.seconds / 3)

    @property
    def worker_killed(self) -> float:
        return 0.55 * self.seconds

    @property
    def database_down(self) -> tuple[float, float]:
        return 0.65 * self.seconds, 0.65 * self.seconds + PG_DOWN_SECONDS

    def alerts(self) -> list[float]:
        """When the breaches' reminders fall due: one every three seconds over 0.1–0.75 T."""
        first, last = 0.1 * self.seconds, 0.75 * self.seconds
        count = max(10, int((last - first) / 3))
        return [first + (last - first) * i / (count - 1) for i in range(count)]


@dataclass
class Tally:
    """What the simulated users saw, shared by their threads."""
    started: float
    schedule: Schedule
    acknowledged: list[tuple[str, str]] = field(default_factory=list)  # (kind, marker)
    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    refused: Counter = field(default_factory=Counter)
    unavailable: int = 0
    #: Saves acknowledged once the database was back: the app recovered without a restart.
    after_database: int = 0
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def call(self, session: Session, method: str, path: str, body=None):
        """One request: (status, page), or None when it got no answer (counted as an error)."""
        sent = time.monotonic()
        try:
            status, page, _ = session.call(method, path, body)
        except OSError as error:
            self._error(f"{method} {path}: {type(error).__name__}")
            return None
        with self.lock:
            self.latencies.append((time.monotonic() - sent) * 1000)
            self.statuses[status] += 1
        if status == 503:
            # The database's: answered once its shutdown began, sent before it had settled
            # again (a request sent just before the shutdown may be answered during it).
            down, up = self.schedule.database_down
            at, answered = sent - self.started, time.monotonic() - self.started
            if UNAVAILABLE not in page or answered < down or at > up + PG_SETTLE_SECONDS:
                self._error(f"{method} {path}: 503 sent at {at:.1f} s, answered at "
                            f"{answered:.1f} s")
            else:
                with self.lock:
                    self.unavailable += 1
        elif status in (400, 409):  # a refusal (a stale step, say), the form tried again
            heading = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)
            reasons = "; ".join([heading.group(1).strip() if heading else "",
                                 *parse(status, path, page).errors])[:160]
            with self.lock:
                self.refused[f"{status} {method} {re.sub(r'[0-9]+', 'N', path)}: {reasons}"] += 1
        elif status >= 400:
            self._error(f"{method} {path}: {status}")
        return status, page

    def acknowledge(self, kind: str, marker: str) -> None:
        with self.lock:
            self.acknowledged.append((kind, marker))
            if time.monotonic() - self.started > self.schedule.database_down[1]:
                self.after_database += 1

    def _error(self, what: str) -> None:
        with self.lock:
            self.errors.append(what)


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--minutes", type=float, default=5, help="of load (and faults)")
    options.add_argument("--keep-logs", type=Path,
                         help="copy the processes' logs here at the end (else removed)")
    args = options.parse_args()
    signal.signal(signal.SIGTERM, _terminated)
    with ExitStack() as stack:
        figures = load(serve(stack, args.keep_logs), Schedule(args.minutes * 60))
    print(json.dumps(figures))


@dataclass
class Parts:
    """The run's parts, as ``serve`` started them."""
    cluster: Cluster
    redis: "Redis"
    inbox: Inbox
    processes: "Processes"
    app: object
    district: dict
    planners: list[Session]
    handlers: list[Session]


def serve(stack: ExitStack, keep_logs: Path | None) -> Parts:
    """Start every part, each stopped and removed when ``stack`` closes. The server processes
    start while the database is migrated (both take a while on a busy machine); beat only
    once it is."""
    begun = time.monotonic()
    cluster = stack.enter_context(own_cluster())
    smtp_port, inbox = stack.enter_context(smtp_server())
    logs = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="load-faults-")))
    if keep_logs:
        stack.callback(shutil.copytree, logs, keep_logs, dirs_exist_ok=True)
    redis = Redis(free_port(), logs / "redis.log")
    stack.callback(redis.stop)
    redis.start()
    settings = SETTINGS | {
        "DATABASE_URL": cluster.url, "REDIS_URL": f"redis://127.0.0.1:{redis.port}/0",
        "CELERY_QUEUE": f"load-faults-{os.getpid()}", "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": smtp_port}
    env = os.environ | {f"CASEWORK_{k}": str(v) for k, v in settings.items()} | {
        "CASEWORK_ENV": "production", "CASEWORK_SECRET_KEY": secrets.token_urlsafe(32)}
    processes = Processes(stack, env, logs, settings["CELERY_QUEUE"])
    port = free_port()
    processes.add("gunicorn", gunicorn(port, env, log=(logs / "gunicorn.log").open("w")))
    for name in ("worker-1", "worker-2"):
        processes.worker(name)
    app, district = prepare(settings)
    print(f"migrated in {time.monotonic() - begun:.0f} s", file=sys.stderr)
    processes.celery("beat", ["beat", "--schedule", str(logs / "beat-schedule"),
                              "--pidfile", str(logs / "beat.pid"), "--loglevel", "INFO"])
    stack.callback(app_dispose, app)
    wait_until_serving(port)
    print(f"serving in {time.monotonic() - begun:.0f} s", file=sys.stderr)
    with ThreadPoolExecutor(PLANNERS + HANDLERS) as pool:  # both server workers busy
        sessions = list(pool.map(lambda email: signed_in(port, email, district["password"]),
                                 [PLANNER] * PLANNERS + [HANDLER] * HANDLERS))
    print(f"ready in {time.monotonic() - begun:.0f} s (load {load_average()})", file=sys.stderr)
    return Parts(cluster, redis, inbox, processes, app, district, sessions[:PLANNERS],
                 sessions[PLANNERS:])


def load(parts: Parts, schedule: Schedule) -> dict:
    """The load with its faults, the wait for the reminders, and the count."""
    print(f"{schedule.seconds:.0f} s of load", file=sys.stderr)
    tally = Tally(time.monotonic(), schedule)
    due = register_breaches(parts.app, parts.district, schedule)
    done = threading.Event()
    threads = [threading.Thread(target=plan, args=(tally, s, parts.district, done), daemon=True)
               for s in parts.planners]
    threads += [threading.Thread(target=handle, args=(tally, s, done), daemon=True)
                for s in parts.handlers]
    for thread in threads:
        thread.start()
    run_faults(tally, schedule, parts.redis, parts.cluster, parts.processes)
    done.wait(max(0.0, schedule.seconds - (time.monotonic() - tally.started)))
    done.set()
    for thread in threads:
        thread.join(RETRY_SECONDS + 30)
    print(f"load over (load {load_average()}); waiting for the reminders", file=sys.stderr)
    mails = wait_for_reminders(parts.inbox, due, parts.processes)
    parts.processes.check_alive()
    return count(parts.app, tally, due, mails)


def _terminated(*_) -> None:
    """SIGTERM ends the run as an error does: every process stopped, every file removed."""
    sys.exit("terminated")


class Redis:
    """redis-server on its own port, without persistence: a restart starts it empty, so what
    was queued when it stopped is gone, as when a broker is lost."""

    def __init__(self, port: int, log: Path):
        self.port, self.log, self.process = port, log, None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"], stdout=self.log.open("a"), stderr=subprocess.STDOUT)
        wait_for_port(self.port)

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)
            self.process = None


class Processes:
    """The run's server and Celery processes, stopped (and killed if need be) at the end."""

    def __init__(self, stack: ExitStack, env: dict, logs: Path, queue: str):
        self.env, self.logs, self.queue = env, logs, queue
        self.running: dict[str, subprocess.Popen] = {}
        stack.callback(self.stop_all)

    def add(self, name: str, process: subprocess.Popen) -> None:
        self.running[name] = process

    def celery(self, name: str, args: list[str]) -> None:
        log = (self.logs / f"{name}.log").open("w")
        self.add(name, subprocess.Popen([CELERY, "-A", "workers", *args], env=self.env,
                                        stdout=log, stderr=subprocess.STDOUT))

    def worker(self, name: str) -> None:
        self.celery(name, ["worker", "--pool", "solo", "--loglevel", "INFO", "-Q", self.queue,
                           "-n", f"{name}@127.0.0.1"])

    def kill(self, name: str) -> None:
        process = self.running.pop(name)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def check_alive(self) -> None:
        gone = [name for name, process in self.running.items() if process.poll() is not None]
        if gone:
            sys.exit(f"stopped during the run: {gone}; logs in {self.logs}")

    def stop_all(self) -> None:
        for process in self.running.values():
            stop(process)
        self.running.clear()


def prepare(settings: dict):
    """Migrate and create the demo district (two enheter, no cases), in process with
    development settings (the demo is never made in production); the app and what the
    simulated users need."""
    from flask_migrate import upgrade

    from casework import create_app
    from casework.auth.models import User
    from casework.core.extensions import db
    from casework.core.taxonomy import catalogue
    from casework.demo.generator import DEMO_PASSWORD, generate

    app = create_app({"ENV_NAME": "development"} | settings)
    with app.app_context():
        upgrade()
        generate(cases=0, units=2)
        db.session.commit()
        planner = db.session.scalar(sa.select(User).where(User.email == PLANNER))
        year = datetime.now().year
        terms = catalogue()
        district = {
            "password": DEMO_PASSWORD, "unit_id": planner.grants[0].node.id,
            "fields": {
                "type": "klagomal", "received_on": "idag",
                "unit": str(planner.grants[0].node.id),
                "source": next(key for key, _ in terms.source_choices(year)),
                "categories": terms.category_choices(year, "klagomal")[0][0],
            },
        }
        db.session.remove()
    return app, district


def app_dispose(app) -> None:
    from casework.core.extensions import db

    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def signed_in(port: int, email: str, password: str) -> Session:
    session = Session(port, timeout=60)  # a login hashes at production cost
    session.sign_in(email, password)
    return session


def register_breaches(app, district: dict, schedule: Schedule) -> set[tuple[str, str]]:
    """Breaches whose first reminder falls due at each of ``schedule.alerts()``; the
    (case number, recipient) pairs that must each get one message."""
    from casework.cases.models import Case
    from casework.core.clock import app_zone
    from casework.core.extensions import db
    from casework.legal.services import register
    from casework.reminders.recipients import Recipients

    now = datetime.now(timezone.utc)
    due = set()
    with app.app_context():
        people = Recipients()
        for n, at in enumerate(schedule.alerts()):
            discovered = now + timedelta(seconds=at) - timedelta(hours=24)
            case = register(type="personuppgiftsincident", unit_id=district["unit_id"],
                            received_on=discovered.astimezone(app_zone()).date(),
                            registered_by_id=None, discovered_at=discovered,
                            description=f"Ett brev skickades till fel adress (nr {n}).")
            db.session.flush()
            case = db.session.get(Case, case.id)
            due |= {(case.number, user.email) for user in people.reminded(case)}
        db.session.commit()
        db.session.remove()
    return due


def new_marker() -> str:
    """Letters only: digits in a description can read as a personnummer, which the form
    refuses."""
    return "".join(secrets.choice(string.ascii_lowercase) for _ in range(16))


def plan(tally: Tally, session: Session, district: dict, done: threading.Event) -> None:
    """A planner logging klagomål until the load ends; a form met by the 503 page (or by no
    answer) is sent again, the same form, until it is saved. A refusal is not sent again."""
    _, page = tally.call(session, "GET", "/cases/new") or (0, "")
    csrf = csrf_token(page)
    while not done.is_set():
        marker = new_marker()
        form = district["fields"] | {
            "csrf_token": csrf, "submission": marker,
            "description": f"Hemtjänsten kom en timme för sent i morse ({marker})."}
        give_up = time.monotonic() + RETRY_SECONDS
        while time.monotonic() < give_up:
            answer = tally.call(session, "POST", "/cases/new", form)
            if answer and answer[0] == 302:
                tally.acknowledge("case", marker)
            if answer and answer[0] in (302, 400):
                break
            time.sleep(1)


def handle(tally: Tally, session: Session, done: threading.Event) -> None:
    """A biträdande enhetschef adding an åtgärd to a case of the list, again and again."""
    while not done.is_set():
        marker = new_marker()
        give_up = time.monotonic() + RETRY_SECONDS
        while time.monotonic() < give_up and not _add_action(tally, session, marker):
            time.sleep(1)
        time.sleep(0.5)


def _add_action(tally: Tally, session: Session, marker: str) -> bool:
    """Open a case of the list and add an åtgärd; whether it was saved (or there is no case
    to act on yet)."""
    listed = tally.call(session, "GET", "/cases")
    if not listed or listed[0] != 200:
        return False
    ids = sorted(set(re.findall(r'href="/cases/(\d+)"', listed[1])))
    if not ids:
        time.sleep(1)
        return True
    case_id = random.choice(ids)
    shown = tally.call(session, "GET", f"/cases/{case_id}")
    if not shown or shown[0] != 200:
        return False
    page = parse(200, f"/cases/{case_id}", shown[1])
    if not page.has_step("add_action"):
        return True
    fields = page.step_form("add_action").filled(
        {"description": f"Ringde upp och bad om ursäkt ({marker})."})
    answer = tally.call(session, "POST", f"/cases/{case_id}/actions", fields)
    if answer and answer[0] == 302:
        tally.acknowledge("action", marker)
        return True
    return False


def run_faults(tally: Tally, schedule: Schedule, redis: Redis, cluster,
               processes: Processes) -> None:
    """Each fault at its moment, in order."""
    def at(seconds: float, what: str) -> None:
        time.sleep(max(0.0, tally.started + seconds - time.monotonic()))
        print(f"{time.monotonic() - tally.started:6.1f} s: {what} (load {load_average()})",
              file=sys.stderr)

    down, up = schedule.redis_down
    at(down, "Redis stopped")
    redis.stop()
    at(up, "Redis started, empty")
    redis.start()
    at(schedule.worker_killed, "worker-1 killed (SIGKILL), worker-3 started")
    processes.kill("worker-1")
    processes.worker("worker-3")
    down, up = schedule.database_down
    at(down, "PostgreSQL: fast shutdown")
    cluster.stop()
    at(up, "PostgreSQL started")
    cluster.start()


def wait_for_reminders(inbox, due: set[tuple[str, str]], processes: Processes,
                       seconds: float = 90) -> Counter:
    """The messages per (case number, recipient), once every due reminder has come (or after
    ``seconds``), and a few scans more, so that one sent twice has the time to show."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not due <= set(_mails(inbox)):
        processes.check_alive()
        time.sleep(0.5)
    time.sleep(3 * SETTINGS["REMINDER_DISPATCH_SCHEDULE"])
    return _mails(inbox)


def _mails(inbox) -> Counter:
    return Counter((message["Subject"].rsplit("– ", 1)[-1], message["To"])
                   for message in list(inbox.messages))


def count(app, tally: Tally, due: set[tuple[str, str]], mails: Counter) -> dict:
    """Hold what was acknowledged against what the database holds, and the due reminders
    against the messages."""
    from casework.cases.models import Case, CaseAction
    from casework.core.extensions import db

    texts = {"case": Case.description, "action": CaseAction.description}
    stored = Counter()
    with app.app_context():
        for kind, column in texts.items():
            for text in db.session.scalars(sa.select(column)):
                if found := MARKER.search(text):
                    stored[(kind, found.group(1))] += 1
        db.session.remove()
    acknowledged = set(tally.acknowledged)
    kept = [key for key in acknowledged if stored[key]]
    duplicates = sum(times - 1 for times in stored.values() if times > 1)
    once = [key for key in due if mails[key] == 1]
    twice = [key for key in due if mails[key] > 1]
    latencies = sorted(tally.latencies)
    p95 = latencies[int(0.95 * (len(latencies) - 1))] if latencies else 0
    kinds = Counter(kind for kind, _ in acknowledged)
    print("answers: " + json.dumps({str(k): n for k, n in sorted(tally.statuses.items())}),
          file=sys.stderr)
    print(f"refused: {dict(tally.refused)}", file=sys.stderr)
    print(f"503 pages while the database was away: {tally.unavailable}; acknowledged: "
          f"{dict(kinds)}, {tally.after_database} of them after the database was back; stored "
          f"without an acknowledgement (answer lost, or given up): "
          f"{sum(1 for key in stored if key not in acknowledged)}", file=sys.stderr)
    print(f"reminders: {len(due)} due, {len(once)} arrived once, {len(twice)} more than once, "
          f"{len(due) - len(once) - len(twice)} missing; other messages: "
          f"{sum(n for key, n in mails.items() if key not in due)}", file=sys.stderr)
    if twice:
        _show_notifications(app, {number for number, _ in twice})
    for error in tally.errors[:20]:
        print(f"error: {error}", file=sys.stderr)
    return {"acknowledged": len(acknowledged), "stored": len(kept),
            "lost": len(acknowledged) - len(kept), "duplicates": duplicates,
            "errors": len(tally.errors), "p95_ms": round(p95, 1), "reminders_due": len(due),
            "reminders_sent": len(once)}


def _show_notifications(app, numbers: set[str]) -> None:
    """The rows of the reminders that came more than once: how often each was claimed."""
    from casework.cases.models import Case
    from casework.core.extensions import db
    from casework.reminders.models import Notification

    with app.app_context():
        rows = db.session.execute(
            sa.select(Case.number, Notification.key, Notification.status, Notification.attempts,
                      Notification.claimed_at, Notification.sent_at)
            .join(Case, Case.id == Notification.case_id).where(Case.number.in_(numbers))).all()
        db.session.remove()
    for row in rows:
        print("sent more than once:", *row, file=sys.stderr)


if __name__ == "__main__":
    main()
