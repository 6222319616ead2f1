"""What a week's access-log check of one enhet holds: the reads of its cases, a reproducible
random sample of them, and the reads flagged as anomalies.

A read is an audit row of a person (``user_id`` set) viewing or exporting one case
(``READ_ACTIONS``): the case pages, the legal pages, the documents and attachments handed out.
API tokens have no person behind them and the follow-up answer no user, so neither is here.

Whether the reader *handled* the case: they are its handler, they registered it, or they took
a step in it (a ``CaseEvent`` row) before the week ended. The anomalies (``Kind``):

* ``MANY_READS``: more than ``LOG_CHECK_MANY_READS`` cases of the enhet read in the week by
  someone whose grants let them handle no case there (``casework.access.policy``);
* ``OFF_HOURS``: a read outside ``LOG_CHECK_DAY_STARTS``–``LOG_CHECK_DAY_ENDS`` local time, or
  on a weekend or holiday (the deadline rules' holiday calendar);
* ``PROTECTED``: a read of a lex Sarah, lex Maria or personuppgiftsincident case by someone who
  did not handle it.
"""
import random
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import selectinload

from casework.access.policy import LEGAL_TYPES, Action, can
from casework.audit.queries import role_labels
from casework.auth.models import RoleGrant, User
from casework.cases.models import Case, CaseEvent
from casework.core.case_types import CaseType
from casework.core.clock import app_zone
from casework.core.extensions import db
from casework.deadlines.calendar import is_working_day
from casework.deadlines import deadline_rules
from casework.logchecks.models import LogCheck
from casework.logchecks.weeks import Week
from casework.organisation.models import OrgNode
from casework.trail.models import AuditEvent

READ_ACTIONS = ("view", "export")
WEEKDAYS = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")


class Kind(StrEnum):
    MANY_READS = "many_reads"
    OFF_HOURS = "off_hours"
    PROTECTED = "protected"


@dataclass(frozen=True)
class Read:
    event_id: int
    at: datetime
    user_id: int
    roles: str
    case_id: int
    #: None when the case is gone (the trail outlives a case's retention).
    case_number: str | None
    case_type: CaseType | None
    handled: bool = False

    @property
    def role_labels(self) -> list[str]:
        return role_labels(self.roles)


@dataclass(frozen=True)
class Anomaly:
    kind: Kind
    user_id: int
    reads: tuple[Read, ...]

    @property
    def reason(self) -> str:
        if self.kind is Kind.MANY_READS:
            cases = len({read.case_id for read in self.reads})
            return (f"Läste {cases} av enhetens ärenden under veckan utan att ha behörighet "
                    "att handlägga ärenden i enheten.")
        if self.kind is Kind.OFF_HOURS:
            start, end = working_hours()
            local = self.reads[0].at.astimezone(app_zone())
            holiday = ", helgdag" if local.weekday() < 5 and _day_off(local) else ""
            return (f"Läst utanför arbetstid (vardagar {start:02d}–{end:02d}): "
                    f"{WEEKDAYS[local.weekday()]} {local:%Y-%m-%d %H:%M}{holiday}.")
        return "Skyddat ärende (lex Sarah, lex Maria eller personuppgiftsincident) läst av " \
               "någon som inte handlägger det."


@dataclass(frozen=True)
class Check:
    """One enhet's week: ``reads`` counts its reads; a signed check holds what was signed."""

    unit: OrgNode
    week: Week
    reads: int
    sample: list[Read]
    anomalies: list[Anomaly]
    signed: LogCheck | None = None

    def stored(self) -> tuple[list[dict], list[dict]]:
        """The sample and the anomalies as a sign-off keeps them: ids and codes."""
        return ([{"event": read.event_id, "handled": read.handled} for read in self.sample],
                [{"kind": str(a.kind), "user": a.user_id,
                  "events": [read.event_id for read in a.reads]} for a in self.anomalies])


def working_hours() -> tuple[int, int]:
    return current_app.config["LOG_CHECK_DAY_STARTS"], current_app.config["LOG_CHECK_DAY_ENDS"]


def live(unit: OrgNode, week: Week) -> Check:
    """The week's check as the trail has it now."""
    reads = week_reads(unit, week)
    size = current_app.config["LOG_CHECK_SAMPLE_SIZE"]
    return Check(unit, week, len(reads), sample(reads, unit, week, size), anomalies(reads, unit))


def signed(check: LogCheck) -> Check:
    """A signed check as it was signed: its stored sample and anomalies."""
    ids = {entry["event"] for entry in check.sample}
    ids |= {event for anomaly in check.anomalies for event in anomaly["events"]}
    found = {read.event_id: read for read in _reads(AuditEvent.id.in_(sorted(ids)))}
    handled = {entry["event"]: entry["handled"] for entry in check.sample}
    shown = [replace(found[entry["event"]], handled=handled[entry["event"]])
             for entry in check.sample if entry["event"] in found]
    flagged = [Anomaly(Kind(anomaly["kind"]), anomaly["user"],
                       tuple(found[event] for event in anomaly["events"] if event in found))
               for anomaly in check.anomalies]
    return Check(check.unit, Week(check.year, check.week), check.read_count, shown, flagged,
                 check)


def week_reads(unit: OrgNode, week: Week) -> list[Read]:
    """Every read of ``unit``'s cases in ``week``, oldest first, with its handled flag."""
    where = sa.and_(AuditEvent.unit_id == unit.id, reads_in(week))
    reads = _reads(where)
    handled = _handled(sa.select(AuditEvent.case_id).where(where), week.bounds()[1])
    return [replace(read, handled=(read.user_id, read.case_id) in handled) for read in reads]


def reads_in(week: Week) -> sa.ColumnElement[bool]:
    """The audit rows that are reads (see the module's docstring) in ``week``."""
    start, end = week.bounds()
    return sa.and_(AuditEvent.at >= start, AuditEvent.at < end,
                   AuditEvent.action.in_(READ_ACTIONS), AuditEvent.case_id.is_not(None),
                   AuditEvent.user_id.is_not(None))


def _reads(where) -> list[Read]:
    query = (sa.select(AuditEvent.id, AuditEvent.at, AuditEvent.user_id, AuditEvent.roles,
                       AuditEvent.case_id, Case.number, Case.type)
             .outerjoin(Case, Case.id == AuditEvent.case_id)
             .where(where).order_by(AuditEvent.id))
    return [Read(*row) for row in db.session.execute(query)]


def _handled(case_ids: sa.Select, until: datetime) -> set[tuple[int, int]]:
    """The (user, case) pairs of ``case_ids`` where the user handled the case by ``until``."""
    pairs = set()
    for case_id, handler, registrant in db.session.execute(
            sa.select(Case.id, Case.handler_id, Case.registered_by_id)
            .where(Case.id.in_(case_ids))):
        pairs |= {(user, case_id) for user in (handler, registrant) if user is not None}
    pairs |= {(user, case_id) for user, case_id in db.session.execute(
        sa.select(CaseEvent.user_id, CaseEvent.case_id).distinct()
        .where(CaseEvent.case_id.in_(case_ids), CaseEvent.at < until,
               CaseEvent.user_id.is_not(None)))}
    return pairs


def sample(reads: list[Read], unit: OrgNode, week: Week, size: int) -> list[Read]:
    """``size`` of ``reads``, chosen at random but the same each time for the enhet and week
    (seeded by both), by time."""
    chooser = random.Random(f"loggkontroll:{unit.id}:{week.year}-W{week.number}")
    chosen = chooser.sample(reads, min(size, len(reads)))
    return sorted(chosen, key=_when)


def _when(read: Read) -> tuple[datetime, int]:
    return read.at, read.event_id


def anomalies(reads: list[Read], unit: OrgNode) -> list[Anomaly]:
    """The week's flagged reads: the many reads of each reader outside the enhet first, then
    each read out of hours or of a protected case, by time."""
    by_user = defaultdict(list)
    for read in reads:
        by_user[read.user_id].append(read)
    limit = current_app.config["LOG_CHECK_MANY_READS"]
    crowded = _users(user for user, theirs in by_user.items()
                     if len({read.case_id for read in theirs}) > limit)
    flagged = [Anomaly(Kind.MANY_READS, user, tuple(by_user[user]))
               for user in sorted(by_user) if user in crowded
               and not handles_in(crowded[user], unit)]
    for read in sorted(reads, key=_when):
        if not _in_working_time(read.at):
            flagged.append(Anomaly(Kind.OFF_HOURS, read.user_id, (read,)))
        if read.case_type in LEGAL_TYPES and not read.handled:
            flagged.append(Anomaly(Kind.PROTECTED, read.user_id, (read,)))
    return flagged


def handles_in(user: User | None, unit: OrgNode) -> bool:
    """Whether ``user``'s grants let them handle some type of case in ``unit``."""
    return user is not None and any(can(user, Action.HANDLE, case_type, unit)
                                    for case_type in CaseType)


def _in_working_time(moment: datetime) -> bool:
    local = moment.astimezone(app_zone())
    start, end = working_hours()
    return not _day_off(local) and start <= local.hour < end


def _day_off(local: datetime) -> bool:
    """A weekend day or a holiday of the deadline rules' calendar."""
    return not is_working_day(local.date(), deadline_rules().holiday_categories)


def reader_names(unit: OrgNode, user_ids: set[int]) -> dict[int, str]:
    """The names of the readers the viewer may see: those holding a grant over ``unit`` (on
    it or above it) or within it. Anyone else is shown by number only."""
    names = {}
    for user in _users(user_ids).values():
        if any(unit.path.startswith(grant.node.path) or grant.node.path.startswith(unit.path)
               for grant in user.grants):
            names[user.id] = user.name
    return names


def _users(user_ids) -> dict[int, User]:
    found = db.session.scalars(
        sa.select(User).where(User.id.in_(sorted(user_ids)))
        .options(selectinload(User.grants).selectinload(RoleGrant.node)))
    return {user.id: user for user in found}
