"""A demo district with users and realistic cases, for trying casework out and for benchmarks.

The organisation follows the seeds (Hägersten-Älvsjö, äldreomsorg, the hemtjänst units of the
2024 report, grupp- och servicebostäder, Beställarenhet 2). Cases are spread over three calendar
years ending today in proportions like the seed reports': mostly complaints, suggestions and
praise. Each is handled as its unit's deputy manager (the manager, the MAS) would have handled
it, step by step along its workflow (casework.demo.plans, casework.demo.stories): old cases are
closed, recent ones stand at every stage, and the first unit holds some current work of each
kind for its demo users. The past tertials are frozen as the tertial job would have frozen them.

Generation is deterministic for a given seed and day, and streams its rows in chunks through
the bulk insert, so a million cases never sit in memory at once. Flushes only; the caller
commits.
"""
import gc
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time

import sqlalchemy as sa
from flask import current_app

from casework.auth.models import Role
from casework.auth.services import add_user, add_users
from casework.cases.models import CaseType
from casework.cases.services import CHUNK_SIZE, bulk_insert_cases
from casework.core.clock import app_zone
from casework.core.errors import DomainError
from casework.core.extensions import db
from casework.deadlines import deadline_rules
from casework.demo.plans import Staff, Work
from casework.demo.rows import CaseFactory
from casework.organisation.models import OrgNode
from casework.organisation.services import add_node
from casework.replies.defaults import add_defaults as add_default_texts
from casework.reports.schedule import PERIOD_ENDS, run_day
from casework.reports.snapshots import take_snapshots

FORVALTNING = ("HAE", "Hägersten-Älvsjö stadsdelsförvaltning")
AVDELNING = ("HAE-AO", "Äldreomsorg")
#: Where the letters of every demo unit come from (a unit without its own address uses it).
FORVALTNING_ADDRESS = "Box 4046\n129 04 Hägersten"
#: (område code, name, enheter); the first enhet is where the unit-level demo users work.
OMRADEN = (
    ("HAE-HH", "Hemtjänst Hägersten", (
        ("HAE-ASP", "Aspudden hemtjänst"),
        ("HAE-TRE", "Trekanten hemtjänst"),
        ("HAE-HAS", "Hägerstensåsen hemtjänst"),
        ("HAE-VBG", "Västberga hemtjänst"),
    )),
    ("HAE-HA", "Hemtjänst Älvsjö", (
        ("HAE-KRA", "Kransen hemtjänst"),
        ("HAE-FRU", "Fruängen hemtjänst"),
        ("HAE-VTP", "Västertorp hemtjänst"),
        ("HAE-ALV", "Älvsjö hemtjänst"),
    )),
    ("HAE-BS", "Boende och stöd", (
        ("HAE-GSB", "Älvsjö grupp- och servicebostäder"),
        ("HAE-HGS", "Hägersten grupp- och servicebostäder"),
    )),
    ("HAE-MY", "Myndighet äldre", (
        ("HAE-BE1", "Beställarenhet 1"),
        ("HAE-BE2", "Beställarenhet 2"),
    )),
)
#: Places for the extra enheter of a benchmark organisation (``--units`` beyond the seeds').
PLACES = ("Midsommarkransen", "Liljeholmen", "Mälarhöjden", "Solberga", "Herrängen", "Långbro",
          "Örby", "Liseberg", "Telefonplan", "Fruängsgården", "Västertorpshöjden", "Segeltorp")
EXTRA_PER_OMRADE = 20

EMAIL_DOMAIN = "demo.casework.se"
#: Printed for everyone to use; demo data is refused in production.
DEMO_PASSWORD = "demo-Hagersten-Alvsjo"
#: Where each role's demo user holds it: the first enhet, its område, or the förvaltning.
USER_SCOPES = {
    Role.MEDARBETARE: "enhet",
    Role.PLANERARE: "enhet",
    Role.BITRADANDE_ENHETSCHEF: "enhet",
    Role.ENHETSCHEF: "enhet",
    Role.OMRADESCHEF: "omrade",
    Role.MAS: "forvaltning",
    Role.ADMIN: "forvaltning",
}

#: Who registers a case of each type at the users' own enhet. Elsewhere the deputy manager
#: registers what comes in (the paper avvikelserapport is handed to them), the MAS lex Maria.
REGISTERED_BY = {
    CaseType.KLAGOMAL: Role.PLANERARE, CaseType.SYNPUNKT: Role.PLANERARE,
    CaseType.BEROM: Role.PLANERARE, CaseType.AVVIKELSE: Role.MEDARBETARE,
    CaseType.LEX_SARAH: Role.MEDARBETARE, CaseType.LEX_MARIA: Role.MAS,
    CaseType.PERSONUPPGIFTSINCIDENT: Role.BITRADANDE_ENHETSCHEF,
}
#: The managers every other enhet has, so that its cases are handled by its own people.
UNIT_STAFF = (Role.BITRADANDE_ENHETSCHEF, Role.ENHETSCHEF)
#: When the tertial job runs on its run day (TERTIAL_JOB_SCHEDULE's default, local time).
JOB_HOUR = time(6, 0)


def _work(case_type: CaseType, days_ago: int, *stop_before: str, **fixed) -> Work:
    return Work(case_type, days_ago, frozenset(stop_before), **fixed)


#: The first unit's current work, whatever the random cases bring: a case of each kind its
#: deputy manager, manager and MAS meet on a normal day, most urgent first (a demo of fewer
#: cases gets the first ones). Received that many days ago; the story stops before the steps
#: named.
CURRENT_WORK = (
    _work(CaseType.KLAGOMAL, 0, "assign"),  # new today
    _work(CaseType.LEX_SARAH, 1, "start_investigation"),  # skyddsåtgärder vidtagna
    _work(CaseType.PERSONUPPGIFTSINCIDENT, 1, "decide_imy"),  # the 72 hours running
    _work(CaseType.KLAGOMAL, 6, "record_feedback", "close"),  # waiting for återkoppling
    _work(CaseType.AVVIKELSE, 24, "record_feedback", "close"),  # återkoppling overdue
    _work(CaseType.KLAGOMAL, 30, "add_action", "record_feedback", "close"),  # nothing done
    _work(CaseType.AVVIKELSE, 9, "close", "record_apt", apt=True),  # open, for the next APT
    _work(CaseType.KLAGOMAL, 35, "record_apt", apt=True),  # closed, for the next APT
    _work(CaseType.SYNPUNKT, 5, "assign"),  # unassigned past its two working days
    # Unassigned with its deadline weeks away, so "Ej tilldelade" has a case whatever the
    # weekday (a klagomål of today is "Frist snart" from Saturday to Wednesday).
    _work(CaseType.AVVIKELSE, 0, "assign"),
    _work(CaseType.LEX_SARAH, 12, "finish_investigation"),  # utreds
    _work(CaseType.LEX_SARAH, 12, "notify_ivo", serious=True),  # bedömd, anmälan due
    _work(CaseType.LEX_SARAH, 75, "record_ivo_decision", serious=True),  # anmäld till IVO
    _work(CaseType.LEX_SARAH, 120, "close", serious=True),  # IVO has decided: to close
    _work(CaseType.LEX_MARIA, 0, "assess"),  # for the MAS to assess
    _work(CaseType.LEX_MARIA, 10, "close", serious=True),  # anmäld till IVO, under investigation
    _work(CaseType.PERSONUPPGIFTSINCIDENT, 20, "close", serious=True),  # anmäld till IMY
)


@dataclass
class DemoResult:
    created: bool
    units: int = 0
    omraden: int = 0
    cases: int = 0
    snapshots: int = 0
    #: (e-mail, role, the node the role covers)
    users: list[tuple[str, Role, str]] = field(default_factory=list)
    #: How many managers the other enheter have (UNIT_STAFF each), on the same password.
    staff: int = 0
    password: str = DEMO_PASSWORD


def generate(cases: int, units: int | None = None, seed: int = 1,
             progress: Callable[[int], None] = lambda n: None) -> DemoResult:
    """Create the demo district, one user per role, the managers of the other enheter and
    ``cases`` handled cases, and freeze the past tertials; flush, never commit.

    ``units`` sets the number of enheter (default: the seeds' twelve). Does nothing and returns
    ``created=False`` if the demo förvaltning exists. ``progress`` hears how many cases each
    chunk inserted.
    """
    if current_app.config["ENV_NAME"] == "production":
        raise DomainError("demo data is never created in production")
    if units is not None and units < 1:
        raise DomainError("a demo organisation needs at least one enhet")
    if db.session.scalar(sa.select(OrgNode.id).where(OrgNode.code == FORVALTNING[0])):
        return DemoResult(created=False)
    plan = unit_plan(units)
    unit_ids = _create_organisation(plan)
    users = _create_users(plan[0])
    add_default_texts()
    people = _District(unit_ids, {role: user_id for role, (_, user_id, _) in users.items()},
                       _create_staff(plan[1:]))
    factory = CaseFactory(random.Random(seed), unit_ids, people, CURRENT_WORK)
    done = 0
    with _collector_paused():
        for chunk in _chunks(factory.rows(cases), CHUNK_SIZE):
            done += bulk_insert_cases(chunk)
            progress(len(chunk))
    return DemoResult(
        created=True,
        units=len(plan),
        omraden=len({omrade for omrade, *_ in plan}),
        cases=done,
        snapshots=_freeze_past_tertials(factory.first_day, factory.today),
        users=[(email, role, scope) for role, (email, _, scope) in users.items()],
        staff=len(people.staff) * len(UNIT_STAFF),
    )


def unit_plan(units: int | None) -> list[tuple[str, str, str, str]]:
    """(område code, område name, enhet code, enhet name) per enhet, the seeds' first."""
    plan = [(code, name, *enhet) for code, name, enheter in OMRADEN for enhet in enheter]
    wanted = len(plan) if units is None else units
    seeded = len(plan)
    for i in range(seeded, wanted):
        extra = i - seeded
        number = len(OMRADEN) + 1 + extra // EXTRA_PER_OMRADE
        place = PLACES[extra % len(PLACES)]
        round_ = extra // len(PLACES)
        name = f"{place} hemtjänst" + (f" {round_ + 1}" if round_ else "")
        plan.append((f"HAE-O{number:02d}", f"Område {number}", f"HAE-E{i + 1:04d}", name))
    return plan[:wanted]


def _create_organisation(plan) -> list[int]:
    add_node(*FORVALTNING, "forvaltning").postal_address = FORVALTNING_ADDRESS
    add_node(*AVDELNING, "avdelning", FORVALTNING[0])
    created = set()
    unit_ids = []
    for omrade_code, omrade_name, code, name in plan:
        if omrade_code not in created:
            add_node(omrade_code, omrade_name, "omrade", AVDELNING[0])
            created.add(omrade_code)
        unit_ids.append(add_node(code, name, "enhet", omrade_code).id)
    return unit_ids


def _create_users(first_unit) -> dict[Role, tuple[str, int, str]]:
    """One user per role; returns role -> (e-mail, user id, name of the node the role covers)."""
    omrade_code, omrade_name, enhet_code, enhet_name = first_unit
    scopes = {
        "enhet": (enhet_code, enhet_name),
        "omrade": (omrade_code, omrade_name),
        "forvaltning": FORVALTNING,
    }
    users = {}
    for role, scope in USER_SCOPES.items():
        code, node_name = scopes[scope]
        email = f"{role.value}@{EMAIL_DOMAIN}"
        user = add_user(email, f"{role.label} (demo)", DEMO_PASSWORD, role.value, code)
        users[role] = (email, user.id, node_name)
    return users


def staff_email(role: Role, enhet_code: str) -> str:
    return f"{role.value}.{enhet_code.lower()}@{EMAIL_DOMAIN}"


def _create_staff(enheter) -> dict[str, dict[Role, int]]:
    """The UNIT_STAFF of each of ``enheter`` (unit plan entries), on the demo password; returns
    enhet code -> role -> user id."""
    people = [(staff_email(role, code), f"{role.label}, {name} (demo)", role.value, code)
              for _, _, code, name in enheter for role in UNIT_STAFF]
    ids = iter(user.id for user in add_users(people, DEMO_PASSWORD))
    return {code: {role: next(ids) for role in UNIT_STAFF} for _, _, code, _ in enheter}


@dataclass
class _District:
    """Who works where: the staff of each enhet's cases, and who registers them."""

    unit_ids: list[int]
    #: The demo users (of the first enhet, or above it), by role.
    users: dict[Role, int]
    #: The other enheter's managers: enhet code -> role -> user id, in unit order.
    staff: dict[str, dict[Role, int]]

    def __post_init__(self):
        first = {role: self.users[role] for role in UNIT_STAFF}
        managers = [first, *self.staff.values()]
        mas = self.users[Role.MAS]
        self.handlers = {
            unit_id: Staff(people[Role.BITRADANDE_ENHETSCHEF], people[Role.ENHETSCHEF], mas)
            for unit_id, people in zip(self.unit_ids, managers)
        }
        self.reporters = {self.users[Role.MEDARBETARE]: f"{Role.MEDARBETARE.label} (demo)"}

    def registrar(self, unit_id: int, case_type: CaseType) -> int:
        if unit_id == self.unit_ids[0]:
            return self.users[REGISTERED_BY[case_type]]
        if case_type is CaseType.LEX_MARIA:
            return self.users[Role.MAS]
        return self.handlers[unit_id].deputy


def _freeze_past_tertials(first_day: date, today: date) -> int:
    """Freeze every tertial since ``first_day`` whose run day has come, as the tertial job
    would have on that day (at the hour of its default schedule); returns how many."""
    working_days = current_app.config["TERTIAL_JOB_WORKING_DAYS"]
    categories = deadline_rules().holiday_categories
    zone = app_zone()
    taken = 0
    for year in range(first_day.year, today.year + 1):
        for month, day in PERIOD_ENDS:
            end = date(year, month, day)
            ran = run_day(end, working_days, categories)
            if end >= first_day and ran <= today:
                taken += len(take_snapshots(end, datetime.combine(ran, JOB_HOUR, zone)))
    return taken


@contextmanager
def _collector_paused():
    """Python's cyclic garbage collector off while the rows are made and inserted: they are
    millions of small dicts without cycles, which it scanned again and again (a quarter of the
    time). A chunk at a time, memory stays bounded."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _chunks(rows: Iterator[dict], size: int) -> Iterator[list[dict]]:
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
