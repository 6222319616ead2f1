"""The deadline rules of config/deadlines.toml, and the clocks they put on a case.

A clock runs from the case's received date (or, for an hours rule, from the moment the case
records, e.g. a breach's discovery) to its deadline, and stops when its stage is done. Each clock
also says when to remind (before the deadline) and when to escalate (the moment it is missed).
``due_on``, the earliest running deadline, is stored on each case (indexed) so that lists can
filter on overdue cases; services recompute it whenever a case's dates or status change.
"""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from casework.core.case_types import CLOSED_STATUS, WITHDRAWN_STATUS, CaseType
from casework.core.config_files import read_toml
from casework.deadlines.calendar import add_working_days, subtract_working_days

#: Facts the legal steps establish (casework.cases.details.clock_conditions): a rule may apply
#: only when one holds (``only_when``), or stop when one does (``done_when``).
CONDITIONS = ("protective_measures", "investigation_started", "investigation_finished",
              "ivo_required", "imy_waived")
DONE_WHEN = ("feedback", "action", "authority_notified", "closed", *CONDITIONS)
#: Reminders before a day's deadline go out at this local time.
REMINDER_TIME = time(7, 0)
#: The step name of the alert sent when a deadline is missed.
MISSED = "missed"
#: How a rule's length is given, and the longest each may be (a year, or 30 days in hours):
#: anything longer is a typo, not a routine. Reminders are bounded alike.
LENGTHS = {"working_days": 365, "days": 365, "hours": 720}


class DeadlineConfigError(Exception):
    """config/deadlines.toml is not usable; the message names the rule and the fault."""


@dataclass(frozen=True)
class CaseFacts:
    """What the rules need to know of a case."""

    type: str
    received_on: date
    status: str
    feedback_on: date | None = None
    first_action_on: date | None = None
    authority_notified_on: date | None = None
    #: Where an hours clock starts more precisely than the received date (a breach's discovery).
    started_at: datetime | None = None
    conditions: frozenset[str] = frozenset()

    def done(self, stage: str) -> bool:
        if stage in CONDITIONS:
            return stage in self.conditions
        return {
            "feedback": self.feedback_on is not None,
            "action": self.first_action_on is not None,
            "authority_notified": self.authority_notified_on is not None,
            "closed": self.status == CLOSED_STATUS,
        }[stage]


@dataclass(frozen=True)
class Alert:
    """A moment to tell someone about a clock: a reminder before it ends, or ``MISSED``."""

    step: str
    at: datetime

    @property
    def escalation(self) -> bool:
        return self.step == MISSED


@dataclass(frozen=True)
class Rule:
    key: str
    label: str
    types: frozenset[str]
    done_when: tuple[str, ...]
    working_days: int | None = None
    days: int | None = None
    hours: int | None = None
    only_when: str | None = None
    #: Remind this many working days before a day's deadline (at REMINDER_TIME; 0: that day).
    remind_working_days_before: int | None = None
    #: Remind this many hours before an hours deadline, for each number given.
    remind_hours_before: tuple[int, ...] = ()

    @property
    def length_unit(self) -> str:
        """Which of ``LENGTHS`` the rule is given in."""
        return next(name for name in LENGTHS if getattr(self, name) is not None)

    @property
    def length(self) -> int:
        return getattr(self, self.length_unit)

    def as_raw(self) -> dict:
        """The rule as the file writes it, for ``parse_rule`` to read back (with changes)."""
        raw = {"key": self.key, "label": self.label, "types": sorted(self.types),
               "done_when": list(self.done_when), self.length_unit: self.length}
        if self.only_when is not None:
            raw["only_when"] = self.only_when
        if self.remind_working_days_before is not None:
            raw["remind_working_days_before"] = self.remind_working_days_before
        if self.remind_hours_before:
            raw["remind_hours_before"] = list(self.remind_hours_before)
        return raw

    def applies(self, facts: CaseFacts) -> bool:
        return facts.type in self.types and (
            self.only_when is None or self.only_when in facts.conditions)

    def done(self, facts: CaseFacts) -> bool:
        """Whether the clock has stopped: a stage it waits for is done, or the case was
        withdrawn (whatever the rule lists, a case taken back has nothing left to do)."""
        return facts.status == WITHDRAWN_STATUS or any(
            facts.done(stage) for stage in self.done_when)


@dataclass(frozen=True)
class Clock:
    """One rule's clock on one case: its deadline as a day and as the moment it is missed."""

    rule: Rule
    due_on: date
    due_at: datetime
    done: bool
    alerts: tuple[Alert, ...]


@dataclass(frozen=True)
class DeadlineRules:
    rules: tuple[Rule, ...]
    holiday_categories: tuple[str, ...]
    time_zone: str = "Europe/Stockholm"

    def clocks(self, facts: CaseFacts) -> list[Clock]:
        """Every clock the rules put on a case with these facts, running or done."""
        return [self._clock(rule, facts) for rule in self.rules if rule.applies(facts)]

    def _clock(self, rule: Rule, facts: CaseFacts) -> Clock:
        zone = ZoneInfo(self.time_zone)
        if rule.hours is not None:
            start = facts.started_at or datetime.combine(facts.received_on, time(), zone)
            # Hours elapsed, not wall-clock hours: counted in UTC across a change of summer time.
            due_at = start.astimezone(timezone.utc) + timedelta(hours=rule.hours)
            # The last day with time left: a clock ending at midnight ends with the day before.
            due_on = (due_at - timedelta(microseconds=1)).astimezone(zone).date()
            reminders = [Alert(f"{hours}h", due_at - timedelta(hours=hours))
                         for hours in rule.remind_hours_before]
        else:
            if rule.working_days is not None:
                due_on = add_working_days(facts.received_on, rule.working_days,
                                          self.holiday_categories)
            else:
                due_on = facts.received_on + timedelta(days=rule.days)
            # A day's deadline is missed when the day is over.
            due_at = datetime.combine(due_on + timedelta(days=1), time(), zone)
            reminders = []
            if rule.remind_working_days_before is not None:
                day = subtract_working_days(due_on, rule.remind_working_days_before,
                                            self.holiday_categories)
                reminders.append(Alert(f"{rule.remind_working_days_before}wd",
                                       datetime.combine(day, REMINDER_TIME, zone)))
        alerts = tuple(sorted([*reminders, Alert(MISSED, due_at)], key=lambda a: a.at))
        return Clock(rule, due_on, due_at, rule.done(facts), alerts)


def earliest(clocks: list[Clock]) -> tuple[date | None, datetime | None]:
    """The earliest running deadline: its last day, and the moment it is missed."""
    running = [clock for clock in clocks if not clock.done]
    if not running:
        return None, None
    first = min(running, key=lambda clock: clock.due_at)
    return first.due_on, first.due_at


def first_alert(clocks: list[Clock], since: datetime) -> datetime | None:
    """The first alert of a running clock at or after ``since``: when the due-scan must next
    look at the case."""
    return min((alert.at for clock in clocks if not clock.done
                for alert in clock.alerts if alert.at >= since), default=None)


def load_rules(path: Path, time_zone: str = "Europe/Stockholm") -> DeadlineRules:
    data = read_toml(path, error=DeadlineConfigError)
    rules = tuple(parse_rule(raw, path.name) for raw in data.get("rules", []))
    keys = [rule.key for rule in rules]
    if len(set(keys)) != len(keys):
        raise DeadlineConfigError(f"{path}: rule keys must be unique: {', '.join(keys)}")
    return DeadlineRules(rules, tuple(data.get("holiday_categories", ["public"])), time_zone)


def parse_rule(raw: dict, source: str) -> Rule:
    """The one validator of a rule, whether it comes from the file or from an admin's change
    (``casework.deadlines.overrides``); ``source`` names where it came from in the message."""
    key = raw.get("key", "?")
    where = f"{source}, rule {key!r}"
    unknown_types = set(raw.get("types", [])) - {t.value for t in CaseType}
    if not raw.get("types") or unknown_types:
        raise DeadlineConfigError(f"{where}: unknown or missing types {sorted(unknown_types)}")
    unknown_done = set(raw.get("done_when", [])) - set(DONE_WHEN)
    if not raw.get("done_when") or unknown_done:
        raise DeadlineConfigError(
            f"{where}: done_when must list some of {', '.join(DONE_WHEN)}; got {raw.get('done_when')}"
        )
    if raw.get("only_when") not in (None, *CONDITIONS):
        raise DeadlineConfigError(
            f"{where}: only_when must be one of {', '.join(CONDITIONS)}; got {raw['only_when']!r}")
    lengths = [name for name in LENGTHS if name in raw]
    if len(lengths) != 1:
        raise DeadlineConfigError(f"{where}: give exactly one of working_days, days or hours")
    unit = lengths[0]
    if not _bounded(raw[unit], LENGTHS[unit]):
        raise DeadlineConfigError(f"{where}: {unit} must be a whole number from 0 to {LENGTHS[unit]}")
    if "remind_hours_before" in raw and unit != "hours":
        raise DeadlineConfigError(f"{where}: remind_hours_before needs a rule in hours")
    if "remind_working_days_before" in raw and unit == "hours":
        raise DeadlineConfigError(f"{where}: a rule in hours is reminded with remind_hours_before")
    hours_before = raw.get("remind_hours_before", [])
    if not isinstance(hours_before, list) or not all(
            _bounded(hours, LENGTHS["hours"]) for hours in hours_before):
        raise DeadlineConfigError(
            f"{where}: remind_hours_before must list whole numbers from 0 to {LENGTHS['hours']}")
    if "remind_working_days_before" in raw and not _bounded(
            raw["remind_working_days_before"], LENGTHS["working_days"]):
        raise DeadlineConfigError(f"{where}: remind_working_days_before must be a whole number "
                                  f"from 0 to {LENGTHS['working_days']}")
    return Rule(
        key=key, label=raw.get("label", key), types=frozenset(raw["types"]),
        done_when=tuple(raw["done_when"]), only_when=raw.get("only_when"),
        remind_working_days_before=raw.get("remind_working_days_before"),
        remind_hours_before=tuple(raw.get("remind_hours_before", ())),
        **{unit: raw[unit]},
    )


def _bounded(value, most: int) -> bool:
    # bool is an int to Python, never a length to a person.
    return type(value) is int and 0 <= value <= most
