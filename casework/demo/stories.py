"""How one demo case was handled: its steps along its type's workflow, as the services record them.

A story is planned as dated steps (``Step``) and then told: the steps are taken in date order
until the first one after today, or the one its plan stops before, so old cases are closed and
recent ones stop part way. Each step moves the status as config/workflows.toml says (a step the
workflow refuses is a fault of the plan and raises), and leaves what its service would leave:
the event with the same name and data, the åtgärd or återkoppling, the columns of the case and
of its detail row. The counting dates follow from the records in ``bulk_insert_cases``.
"""
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from operator import attrgetter

from casework.cases import steps as registry
from casework.cases.models import CaseType
from casework.cases.workflow import workflow_for
from casework.core.case_types import INITIAL_STATUS
from casework.deadlines.calendar import is_working_day

#: The office hours in which steps are taken (local time), in minutes after midnight.
OFFICE = (8 * 60, 16 * 60 + 30)


@dataclass
class Step:
    on: date
    action: str
    user_id: int | None
    #: The event's data, as the service writes it (a date as ``on``, the handler, the method).
    data: dict = field(default_factory=dict)
    #: Columns of the case the step sets.
    columns: dict = field(default_factory=dict)
    #: Columns of the detail row the step sets.
    details: dict = field(default_factory=dict)
    #: The CaseAction or CaseFeedback the step records (its columns), if any.
    action_record: dict | None = None
    feedback_record: dict | None = None
    #: What a plan may stop before, when steps share an action (the utredning is saved twice).
    name: str = ""
    #: The moment, when the step records one (an IMY notification); else an office hour.
    at: datetime | None = None

    def __post_init__(self):
        self.name = self.name or self.action


class WorkingDays:
    """The Swedish working days around the demo's years, to count delays in them quickly."""

    def __init__(self, first: date, last: date, holiday_categories: tuple[str, ...]):
        span = (last - first).days + 1
        self.days = [d for d in (first + timedelta(n) for n in range(span))
                     if is_working_day(d, holiday_categories)]

    def after(self, day: date, count: int) -> date:
        """The working day ``count`` working days after ``day`` (0: ``day`` if it is one, else
        the next); past the end of the span, a day far ahead (a step that never comes)."""
        index = bisect_left(self.days, day) + count
        return self.days[index] if index < len(self.days) else date.max


@dataclass
class Told:
    """A told story: what a row of ``bulk_insert_cases`` takes from it."""

    status: str
    columns: dict
    details: dict
    actions: list
    feedback: list
    events: list

    def row(self) -> dict:
        row = dict(self.columns, status=self.status, actions=self.actions,
                   feedback=self.feedback, events=self.events)
        if self.details:
            row["details"] = self.details
        return row


class Teller:
    """Tells stories as of ``now`` (nothing is later), in ``zone``'s office hours."""

    def __init__(self, now: datetime, zone, rng):
        self.now, self.zone, self.rng = now, zone, rng
        self.today = now.astimezone(zone).date()
        self._targets: dict[tuple[CaseType, str, str], str] = {}

    def tell(self, case_type: CaseType, steps: list[Step], *, created_at: datetime,
             registrar: int | None, stop_before=frozenset()) -> Told:
        """Take ``steps`` in date order (a stable sort: a day's steps keep their planned
        order) until one lies after today or is named in ``stop_before``. ``created_at`` is
        when the case was registered, by ``registrar``."""
        status, last = INITIAL_STATUS, min(created_at, self.now)
        told = Told(status, {}, {}, [], [], [_event(last, registrar, "created", {})])
        for step in sorted(steps, key=attrgetter("on")):
            if step.on > self.today or step.name in stop_before:
                break
            data, target = dict(step.data), self._target(case_type, step.action, status)
            if target != status:
                data |= {"from": status, "to": target}
                status = target
            moment = step.at or office_hour(step.on, self.zone, self.rng)
            last = min(max(moment, last + timedelta(minutes=2)), self.now)
            told.events.append(_event(last, step.user_id, registry.step(step.action).event, data))
            told.columns.update(step.columns)
            told.details.update(step.details)
            for records, record in ((told.actions, step.action_record),
                                    (told.feedback, step.feedback_record)):
                if record is not None:
                    records.append(record | {"created_by_id": step.user_id, "created_at": last})
        told.status = status
        return told

    def _target(self, case_type: CaseType, action: str, status: str) -> str:
        """The status ``action`` gives a case in ``status``, as its workflow says (looked up
        once per type, action and status)."""
        key = (case_type, action, status)
        if key not in self._targets:
            transition = workflow_for(case_type).find(action, status)
            if transition is None:
                raise ValueError(f"demo plan: {case_type} cannot {action} from {status}")
            self._targets[key] = transition.target or status
        return self._targets[key]


def _event(at: datetime, user_id: int | None, event: str, data: dict) -> dict:
    return {"at": at, "user_id": user_id, "event": event, "data": data}


def office_hour(day: date, zone, rng) -> datetime:
    return local_moment(day, rng.randint(*OFFICE), zone)


def local_moment(day: date, minute: int, zone) -> datetime:
    """``minute`` minutes into ``day`` in ``zone``, in UTC (the moments are stored so)."""
    return datetime.combine(day, time(minute // 60, minute % 60), zone).astimezone(timezone.utc)
