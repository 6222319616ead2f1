"""The deadline rules and the one thing cases need of them now: the earliest running deadline.

``due_on`` is stored on each case (and indexed) so that lists can filter on overdue cases; it
is recomputed by the services whenever a case's dates or status change.
"""
import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from casework.case_types import CaseType
from casework.cases.models import CLOSED_STATUS
from casework.deadlines.calendar import add_working_days

DONE_WHEN = ("feedback", "action", "authority_notified", "closed")


class DeadlineConfigError(Exception):
    """config/deadlines.toml is not usable; the message names the rule and the fault."""


@dataclass(frozen=True)
class Rule:
    key: str
    label: str
    types: frozenset[str]
    done_when: tuple[str, ...]
    working_days: int | None = None
    days: int | None = None
    hours: int | None = None

    def deadline(self, start: date, holiday_categories: tuple[str, ...]) -> date:
        """The last day to meet the rule when its clock starts on ``start``."""
        if self.working_days is not None:
            return add_working_days(start, self.working_days, holiday_categories)
        if self.hours is not None:  # a clock in hours ends on the day its last hour falls in
            return start + timedelta(days=self.hours // 24)
        return start + timedelta(days=self.days)


@dataclass(frozen=True)
class DeadlineRules:
    rules: tuple[Rule, ...]
    holiday_categories: tuple[str, ...]

    def due_on(self, case_type: str, received_on: date, *, status: str,
               feedback_on: date | None = None, first_action_on: date | None = None,
               authority_notified_on: date | None = None) -> date | None:
        """The date of the earliest deadline still running for a case with these fields."""
        done = {
            "feedback": feedback_on is not None,
            "action": first_action_on is not None,
            "authority_notified": authority_notified_on is not None,
            "closed": status == CLOSED_STATUS,
        }
        return min(
            (
                rule.deadline(received_on, self.holiday_categories)
                for rule in self.rules
                if case_type in rule.types and not any(done[d] for d in rule.done_when)
            ),
            default=None,
        )


def load_rules(path: Path) -> DeadlineRules:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise DeadlineConfigError(f"{path}: {error}") from None
    rules = tuple(_rule(path, raw) for raw in data.get("rules", []))
    keys = [rule.key for rule in rules]
    if len(set(keys)) != len(keys):
        raise DeadlineConfigError(f"{path}: rule keys must be unique: {', '.join(keys)}")
    return DeadlineRules(rules, tuple(data.get("holiday_categories", ["public"])))


def _rule(path: Path, raw: dict) -> Rule:
    key = raw.get("key", "?")
    where = f"{path.name}, rule {key!r}"
    unknown_types = set(raw.get("types", [])) - {t.value for t in CaseType}
    if not raw.get("types") or unknown_types:
        raise DeadlineConfigError(f"{where}: unknown or missing types {sorted(unknown_types)}")
    unknown_done = set(raw.get("done_when", [])) - set(DONE_WHEN)
    if not raw.get("done_when") or unknown_done:
        raise DeadlineConfigError(
            f"{where}: done_when must list some of {', '.join(DONE_WHEN)}; got {raw.get('done_when')}"
        )
    lengths = [name for name in ("working_days", "days", "hours") if name in raw]
    if len(lengths) != 1 or not isinstance(raw[lengths[0]], int) or raw[lengths[0]] < 0:
        raise DeadlineConfigError(f"{where}: give exactly one of working_days, days or hours")
    return Rule(
        key=key, label=raw.get("label", key), types=frozenset(raw["types"]),
        done_when=tuple(raw["done_when"]), **{lengths[0]: raw[lengths[0]]},
    )
