"""The demo's cases as rows for ``bulk_insert_cases``: who, what and when, and how each was handled.

Cases arrive on every day of three calendar years ending today, fewer at weekends, in the
proportions of the seed reports, each with the categories and sources of the template in force
that year. Each row carries its story (casework.demo.stories): its status, records, detail row
and history.
"""
import random
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta
from itertools import accumulate

from casework.cases.models import CaseType
from casework.core.clock import app_zone, utcnow
from casework.core.taxonomy import ANONYMOUS, catalogue
from casework.deadlines import deadline_rules
from casework.demo.plans import SARAH_BY_DESCRIPTION, Plan, Work
from casework.demo.stories import Teller, WorkingDays
from casework.demo.texts import BY_CATEGORY, BY_TYPE

TYPE_WEIGHTS = {
    CaseType.KLAGOMAL: 34, CaseType.SYNPUNKT: 20, CaseType.BEROM: 25, CaseType.AVVIKELSE: 16,
    CaseType.LEX_SARAH: 3, CaseType.LEX_MARIA: 1, CaseType.PERSONUPPGIFTSINCIDENT: 1,
}
SOURCE_WEIGHTS = {"brukare": 40, "narstaende": 35, "medarbetare": 6, "samverkanspart": 7,
                  "patientnamnden": 4, "tillsynsmyndighet": 1, "annan": 5}
CATEGORY_WEIGHTS = {"bemotande": 6, "utebliven_insats": 6, "bemanning": 5, "information": 4,
                    "avv_utforande": 6, "avv_rattssakerhet": 3, "avv_bemotande": 2}
CHANNEL_WEIGHTS = {"telefon": 45, "e_post": 25, "brev": 6, "besok": 14, "e_tjanst": 10}
ANONYMOUS_SHARE = 0.10
#: How far past today a plan's working days are counted (steps there are never taken).
PLANNED_AHEAD = timedelta(days=366)

_Weighted = tuple[list[str], list[float]]


def _weighted(weights: dict[str, int], keys: list[str]) -> _Weighted:
    """Keys with cumulative weights (1 for a key not weighted), ready for ``random.choices``."""
    keys = list(dict.fromkeys(keys))
    return keys, list(accumulate(weights.get(k, 1) for k in keys))


class CaseFactory:
    """Rows for ``bulk_insert_cases``, in order of received date.

    ``district`` says who works where (``handlers``, ``reporters`` and ``registrar``, see
    casework.demo.generator); ``work`` is the first unit's current work.
    """

    def __init__(self, rng: random.Random, unit_ids: list[int], district, work: tuple[Work, ...]):
        self.rng = rng
        self.zone = app_zone()
        self.now = utcnow()
        self.today = self.now.astimezone(self.zone).date()
        self.first_day = date(self.today.year - 2, 1, 1)
        self.days = WorkingDays(self.first_day, self.today + PLANNED_AHEAD,
                                deadline_rules().holiday_categories)
        self.teller = Teller(self.now, self.zone, rng)
        self.catalogue = catalogue()
        self.unit_ids = unit_ids
        # Units differ in size, and so in how many cases they get; the demo users' is large.
        sizes = [rng.uniform(0.4, 2.0) for _ in unit_ids]
        self.unit_weights = list(accumulate([2.0, *sizes[1:]]))
        self.district = district
        self.work = work
        self.types = list(TYPE_WEIGHTS)
        self.type_weights = list(accumulate(TYPE_WEIGHTS.values()))
        self.channels = _weighted(CHANNEL_WEIGHTS, list(CHANNEL_WEIGHTS))
        self._categories: dict[tuple[CaseType, int], _Weighted] = {}
        self._sources_by_year: dict[int, _Weighted] = {}

    def rows(self, count: int) -> Iterator[dict]:
        """``count`` rows: the current work first (as much of it as fits), the rest drawn."""
        work = self.work[:count]
        due = defaultdict(list)
        for item in work:
            due[self.today - timedelta(item.days_ago)].append(item)
        for day, on_day in self._days(count - len(work)):
            types = self.rng.choices(self.types, cum_weights=self.type_weights, k=on_day)
            units = self.rng.choices(self.unit_ids, cum_weights=self.unit_weights, k=on_day)
            for case_type, unit_id in zip(types, units):
                yield self._row(case_type, unit_id, day)
            for item in due.pop(day, ()):
                yield self._row(item.type, self.unit_ids[0], day, item)

    def _days(self, count: int) -> Iterator[tuple[date, int]]:
        """How many cases arrive on each day: fewer at weekends, noisy, exactly ``count`` in all."""
        days = [self.first_day + timedelta(n)
                for n in range((self.today - self.first_day).days + 1)]
        weights = [(0.3 if d.weekday() >= 5 else 1.0) * self.rng.uniform(0.5, 1.5) for d in days]
        scale = count / sum(weights)
        expected = handed_out = 0
        for i, (day, weight) in enumerate(zip(days, weights)):
            expected += weight * scale
            on_day = count - handed_out if i == len(days) - 1 else round(expected) - handed_out
            handed_out += on_day
            yield day, on_day

    def _row(self, case_type: CaseType, unit_id: int, day: date, work: Work | None = None) -> dict:
        rng = self.rng
        registrar = self.district.registrar(unit_id, case_type)
        row = {"type": case_type, "unit_id": unit_id, "received_on": day,
               "registered_by_id": registrar}
        categories = self._pick_categories(case_type, day.year)
        if case_type in (CaseType.KLAGOMAL, CaseType.SYNPUNKT, CaseType.BEROM):
            row["channel"] = self._choose(self.channels)
            # The current work answers someone: it is never anonymous.
            if work is None and rng.random() < ANONYMOUS_SHARE:
                row["anonymous"] = True
            else:
                row["source"] = self._choose(self._sources(day.year))
        if case_type == CaseType.AVVIKELSE:
            extern = rng.random() < 0.3
            row["identified_by"] = "extern" if extern else "medarbetare"
            own = rng.random() < (0.35 if extern else 0.85)
            row["concerns"] = "egen_verksamhet" if own else "annan_verksamhet"
        if case_type in (CaseType.AVVIKELSE, CaseType.LEX_SARAH, CaseType.LEX_MARIA):
            row["occurred_on"] = day - timedelta(rng.choice((0, 0, 0, 1, 2, 3)))
        texts = BY_CATEGORY.get(categories[0]) if categories else None
        row["description"] = rng.choice(texts or BY_TYPE[case_type])
        if case_type == CaseType.LEX_SARAH:
            row["immediate_measures"] = SARAH_BY_DESCRIPTION[row["description"]].reported_measures
        row["categories"] = categories
        plan = Plan(rng, self.days, self.zone, row, self.district.handlers[unit_id],
                    reporter=self.district.reporters.get(registrar), work=work)
        told = self.teller.tell(case_type, plan.steps, created_at=plan.created_at,
                                registrar=registrar,
                                stop_before=work.stop_before if work else frozenset())
        return row | told.row()

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
