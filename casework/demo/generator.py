"""A demo district with users and realistic cases, for trying casework out and for benchmarks.

The organisation follows the seeds (Hägersten-Älvsjö, äldreomsorg, the hemtjänst units of the
2024 report, grupp- och servicebostäder, Beställarenhet 2). Cases are spread over three calendar
years ending today in proportions like the seed reports': mostly complaints, suggestions and
praise. Generation is deterministic for a given seed and streams its rows in chunks through the
bulk insert, so a million cases never sit in memory at once. Flushes only; the caller commits.
"""
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate

import sqlalchemy as sa
from flask import current_app

from casework.auth.models import Role
from casework.auth.services import add_user
from casework.cases.models import CaseType
from casework.cases.services import CHUNK_SIZE, bulk_insert_cases, catalogue, local_today
from casework.demo.texts import BY_CATEGORY, BY_TYPE, IMMEDIATE_MEASURES
from casework.errors import DomainError
from casework.extensions import db
from casework.organisation.models import OrgNode
from casework.organisation.services import add_node
from casework.taxonomy import ANONYMOUS

FORVALTNING = ("HAE", "Hägersten-Älvsjö stadsdelsförvaltning")
AVDELNING = ("HAE-AO", "Äldreomsorg")
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

TYPE_WEIGHTS = {
    CaseType.KLAGOMAL: 34, CaseType.SYNPUNKT: 20, CaseType.BEROM: 25, CaseType.AVVIKELSE: 16,
    CaseType.LEX_SARAH: 3, CaseType.LEX_MARIA: 1, CaseType.PERSONUPPGIFTSINCIDENT: 1,
}
#: Who registers a case of each type at the users' own enhet.
REGISTERED_BY = {
    CaseType.KLAGOMAL: Role.PLANERARE, CaseType.SYNPUNKT: Role.PLANERARE,
    CaseType.BEROM: Role.PLANERARE, CaseType.AVVIKELSE: Role.MEDARBETARE,
    CaseType.LEX_SARAH: Role.MEDARBETARE, CaseType.LEX_MARIA: Role.MAS,
    CaseType.PERSONUPPGIFTSINCIDENT: Role.BITRADANDE_ENHETSCHEF,
}
SOURCE_WEIGHTS = {"brukare": 40, "narstaende": 35, "medarbetare": 6, "samverkanspart": 7,
                  "patientnamnden": 4, "tillsynsmyndighet": 1, "annan": 5}
CATEGORY_WEIGHTS = {"bemotande": 6, "utebliven_insats": 6, "bemanning": 5, "information": 4,
                    "avv_utforande": 6, "avv_rattssakerhet": 3, "avv_bemotande": 2}
CHANNEL_WEIGHTS = {"telefon": 45, "e_post": 25, "brev": 6, "besok": 14, "e_tjanst": 10}
ANONYMOUS_SHARE = 0.10
#: Share of each type notified to IVO (lex Sarah, lex Maria) or IMY (breaches), and how soon.
NOTIFIED = {CaseType.LEX_SARAH: (0.25, 3, 14), CaseType.LEX_MARIA: (0.6, 2, 20),
            CaseType.PERSONUPPGIFTSINCIDENT: (0.3, 0, 3)}


@dataclass
class DemoResult:
    created: bool
    units: int = 0
    omraden: int = 0
    cases: int = 0
    #: (e-mail, role, the node the role covers)
    users: list[tuple[str, Role, str]] = field(default_factory=list)
    password: str = DEMO_PASSWORD


def generate(cases: int, units: int | None = None, seed: int = 1,
             progress: Callable[[int], None] = lambda n: None) -> DemoResult:
    """Create the demo district, one user per role and ``cases`` cases; flush, never commit.

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
    rng = random.Random(seed)
    registrars = {t: users[role][1] for t, role in REGISTERED_BY.items()}
    rows = _CaseFactory(rng, unit_ids, registrars).rows(cases)
    done = 0
    for chunk in _chunks(rows, CHUNK_SIZE):
        done += bulk_insert_cases(chunk, event="created")
        progress(len(chunk))
    return DemoResult(
        created=True,
        units=len(plan),
        omraden=len({omrade for omrade, *_ in plan}),
        cases=done,
        users=[(email, role, scope) for role, (email, _, scope) in users.items()],
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
    add_node(*FORVALTNING, "forvaltning")
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


def _chunks(rows: Iterator[dict], size: int) -> Iterator[list[dict]]:
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


_Weighted = tuple[list[str], list[float]]


def _weighted(weights: dict[str, int], keys: list[str]) -> _Weighted:
    """Keys with cumulative weights (1 for a key not weighted), ready for ``random.choices``."""
    keys = list(dict.fromkeys(keys))
    return keys, list(accumulate(weights.get(k, 1) for k in keys))


class _CaseFactory:
    """Rows for ``bulk_insert_cases``, in order of received date."""

    def __init__(self, rng: random.Random, unit_ids: list[int], registrars: dict):
        self.rng = rng
        self.today = local_today()
        self.catalogue = catalogue()
        self.unit_ids = unit_ids
        # Units differ in size, and so in how many cases they get.
        self.unit_weights = list(accumulate(rng.uniform(0.4, 2.0) for _ in unit_ids))
        self.registrars = registrars
        self.types = list(TYPE_WEIGHTS)
        self.type_weights = list(accumulate(TYPE_WEIGHTS.values()))
        self.channels = _weighted(CHANNEL_WEIGHTS, list(CHANNEL_WEIGHTS))
        self._categories: dict[tuple[CaseType, int], _Weighted] = {}
        self._sources_by_year: dict[int, _Weighted] = {}

    def rows(self, count: int) -> Iterator[dict]:
        for day, on_day in self._days(count):
            types = self.rng.choices(self.types, cum_weights=self.type_weights, k=on_day)
            units = self.rng.choices(self.unit_ids, cum_weights=self.unit_weights, k=on_day)
            for case_type, unit_id in zip(types, units):
                yield self._row(case_type, unit_id, day)

    def _days(self, count: int) -> Iterator[tuple[date, int]]:
        """How many cases arrive on each day: fewer at weekends, noisy, exactly ``count`` in all."""
        first = date(self.today.year - 2, 1, 1)
        days = [first + timedelta(n) for n in range((self.today - first).days + 1)]
        weights = [(0.3 if d.weekday() >= 5 else 1.0) * self.rng.uniform(0.5, 1.5) for d in days]
        scale = count / sum(weights)
        expected = handed_out = 0
        for i, (day, weight) in enumerate(zip(days, weights)):
            expected += weight * scale
            on_day = count - handed_out if i == len(days) - 1 else round(expected) - handed_out
            handed_out += on_day
            if on_day:
                yield day, on_day

    def _row(self, case_type: CaseType, unit_id: int, day: date) -> dict:
        rng = self.rng
        own_unit = unit_id == self.unit_ids[0]
        row = {"type": case_type, "unit_id": unit_id, "received_on": day,
               "registered_by_id": self.registrars[case_type] if own_unit else None}
        categories = self._pick_categories(case_type, day.year)
        if case_type in (CaseType.KLAGOMAL, CaseType.SYNPUNKT, CaseType.BEROM):
            row["channel"] = self._choose(self.channels)
            if rng.random() < ANONYMOUS_SHARE:
                row["anonymous"] = True
            else:
                row["source"] = self._choose(self._sources(day.year))
        if case_type in (CaseType.KLAGOMAL, CaseType.SYNPUNKT, CaseType.AVVIKELSE):
            row["feedback_on"] = self._later(day, 0.9, 1, 20)
            row["first_action_on"] = self._later(day, 0.75, 0, 15)
        if case_type == CaseType.AVVIKELSE:
            extern = rng.random() < 0.3
            row["identified_by"] = "extern" if extern else "medarbetare"
            own = rng.random() < (0.35 if extern else 0.85)
            row["concerns"] = "egen_verksamhet" if own else "annan_verksamhet"
        if case_type in (CaseType.AVVIKELSE, CaseType.LEX_SARAH, CaseType.LEX_MARIA):
            row["occurred_on"] = day - timedelta(rng.choice((0, 0, 0, 1, 2, 3)))
        if case_type == CaseType.LEX_SARAH:
            row["immediate_measures"] = rng.choice(IMMEDIATE_MEASURES)
        if case_type in NOTIFIED:
            row["authority_notified_on"] = self._later(day, *NOTIFIED[case_type])
        texts = BY_CATEGORY.get(categories[0]) if categories else None
        row["description"] = rng.choice(texts or BY_TYPE[case_type])
        row["categories"] = categories
        return row

    def _pick_categories(self, case_type: CaseType, year: int) -> list[str]:
        offered = self._categories_offered(case_type, year)
        if not offered[0]:
            return []
        picked = [self._choose(offered)]
        if case_type != CaseType.AVVIKELSE and self.rng.random() < 0.15:
            picked.append(self._choose(offered))
        return list(dict.fromkeys(picked))

    def _categories_offered(self, case_type: CaseType, year: int) -> _Weighted:
        """The categories the form of ``year`` offers for the type (the template in force)."""
        if (case_type, year) not in self._categories:
            choices = self.catalogue.category_choices(year, case_type.value)
            self._categories[case_type, year] = _weighted(CATEGORY_WEIGHTS, [k for k, _ in choices])
        return self._categories[case_type, year]

    def _sources(self, year: int) -> _Weighted:
        if year not in self._sources_by_year:
            keys = [k for k, _ in self.catalogue.source_choices(year) if k != ANONYMOUS]
            self._sources_by_year[year] = _weighted(SOURCE_WEIGHTS, keys)
        return self._sources_by_year[year]

    def _choose(self, weighted: _Weighted) -> str:
        keys, cum_weights = weighted
        return self.rng.choices(keys, cum_weights=cum_weights)[0]

    def _later(self, day: date, share: float, least: int, most: int) -> date | None:
        """A follow-up date for ``share`` of cases, never after today (recent cases lag)."""
        if self.rng.random() >= share:
            return None
        later = day + timedelta(self.rng.randint(least, most))
        return later if later <= self.today else None
