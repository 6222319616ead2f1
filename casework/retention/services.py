"""The retention job and the legal holds.

``run`` anonymises, rule by rule and förvaltning by förvaltning, the cases that are due, in
batches of ``BATCH`` cases, each batch a unit of work of its own (committed when it ends, its
attachments' files deleted then): a run stopped halfway keeps what it did, and the next picks
up the rest (in a task, whose unit is open already, the first batch's end commits it, and each
next batch opens its own). A case is anonymised once (the deletion log's row excludes it), so running twice
changes nothing the second time. Then it prunes the audit trail of rows older than the
``[audit] keep_years`` of config/retention.toml, through the one path the PostgreSQL trigger
lets a DELETE through (``AUDIT_PRUNE_SETTING``, on for that statement only). Each anonymised
case and each pruning is audited: ids, rule keys, counts and days, never content.
"""
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from casework import trail
from casework.access.policy import may_hold
from casework.auth.models import User
from casework.cases.models import Case
from casework.core import unit_of_work
from casework.core.clock import app_zone, local_today
from casework.core.errors import DomainError
from casework.core.extensions import db
from casework.retention import retention_rules
from casework.retention.anonymise import anonymise
from casework.retention.models import LegalHold, RetentionLogEntry
from casework.retention.queries import Reach, due_ids, due_per_unit, reaches, years_before
from casework.trail.models import AuditEvent

BATCH = 200
#: The transaction-local PostgreSQL setting under which the audit trail's trigger lets a
#: DELETE of a row older than five years through (migration a17e0b2c4d61).
AUDIT_PRUNE_SETTING = "casework.audit_prune"
#: The longest reason a legal hold takes.
REASON_MAX = 1000


@dataclass
class RunResult:
    today: date
    dry_run: bool
    #: (rule key, unit code) → cases anonymised (or, in a dry run, due).
    counts: Counter = field(default_factory=Counter)
    #: Audit rows from before this moment are pruned.
    audit_cutoff: datetime | None = None
    pruned: int = 0

    @property
    def cases(self) -> int:
        return sum(self.counts.values())


def run(today: date | None = None, *, dry_run: bool = False, batch: int = BATCH) -> RunResult:
    """Anonymise every case due by ``today`` (default: today in Stockholm) and prune the audit
    trail; with ``dry_run``, count what would be done and change nothing."""
    today = today or local_today()
    result = RunResult(today, dry_run)
    for reach in reaches():
        if dry_run:
            result.counts.update({(reach.rule.key, unit.code): n
                                  for unit, n in due_per_unit(reach, today).items()})
            continue
        while ids := due_ids(reach, today, batch):
            with unit_of_work.unit():
                result.counts.update(_anonymise_batch(reach, ids))
    result.audit_cutoff = audit_cutoff(today)
    if dry_run:
        result.pruned = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)
                                          .where(AuditEvent.at < result.audit_cutoff))
    else:
        with unit_of_work.unit():
            result.pruned = prune_audit(result.audit_cutoff)
    return result


def _anonymise_batch(reach: Reach, ids: list[int]) -> Counter:
    cases = list(db.session.scalars(sa.select(Case).where(Case.id.in_(ids))
                                    .options(selectinload(Case.unit))))
    units = {case.id: case.unit.code for case in cases}
    anonymise(cases)
    for case in cases:
        db.session.add(RetentionLogEntry(case_id=case.id, rule_key=reach.rule.key,
                                         years=reach.rule.years))
        sa.inspect(case).info.pop(ANONYMISED_SEEN, None)  # the steps' guard asks again
        trail.record("anonymise", case_id=case.id, unit_id=case.unit_id, rule=reach.rule.key,
                     years=reach.rule.years)
    db.session.flush()
    return Counter((reach.rule.key, units[case_id]) for case_id in ids)


def audit_cutoff(today: date) -> datetime:
    """Local midnight ``keep_years`` before ``today``, never later than that before the real
    today: a clock moved forward (``--now``) anonymises early in a test, but never prunes a
    row the law still keeps."""
    day = years_before(min(today, local_today()), retention_rules().audit_keep_years)
    return datetime.combine(day, time(), app_zone())


def prune_audit(cutoff: datetime) -> int:
    """Delete the audit rows from before ``cutoff`` and record how many, with the cut-off, in
    a row of its own (none when there was nothing to prune)."""
    postgres = db.session.get_bind().dialect.name == "postgresql"
    if postgres:
        db.session.execute(sa.select(sa.func.set_config(AUDIT_PRUNE_SETTING, "on", True)))
    try:
        pruned = db.session.execute(sa.delete(AuditEvent).where(AuditEvent.at < cutoff)
                                    .execution_options(synchronize_session=False)).rowcount
    finally:
        if postgres:
            db.session.execute(sa.select(sa.func.set_config(AUDIT_PRUNE_SETTING, "off", True)))
    if pruned:
        trail.record("audit_prune", pruned=pruned, before=cutoff.isoformat())
    return pruned


#: Where the steps' guard (casework.retention.steps) keeps, on a loaded case, whether it was
#: anonymised: the case page asks once for each of its steps.
ANONYMISED_SEEN = "casework.retention.anonymised"


def anonymised(case_id: int) -> RetentionLogEntry | None:
    return db.session.get(RetentionLogEntry, case_id)


def hold_of(case_id: int) -> LegalHold | None:
    return db.session.get(LegalHold, case_id)


def place_hold(case: Case, reason: str, user: User) -> LegalHold:
    """Put a legal hold on ``case`` with ``reason`` (required), as an enhetschef of its unit or
    an admin over it. Refused, saving nothing, for a case already held or already anonymised."""
    if not may_hold(user, case):
        raise DomainError("Du får inte spärra det här ärendet mot gallring.")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Skriv varför ärendet ska spärras mot gallring.")
    if len(reason) > REASON_MAX or "\x00" in reason:
        raise DomainError(f"Skälet får vara högst {REASON_MAX} tecken, utan styrtecken.")
    if anonymised(case.id):
        raise DomainError("Ärendet är redan gallrat; det går inte att spärra.")
    if hold_of(case.id):
        raise DomainError("Ärendet är redan spärrat mot gallring.")
    hold = LegalHold(case_id=case.id, reason=reason, placed_by_id=user.id)
    try:
        with db.session.begin_nested():
            db.session.add(hold)
    except IntegrityError:  # placed by someone else at the same moment
        raise DomainError("Ärendet är redan spärrat mot gallring.") from None
    trail.record("legal_hold", case_id=case.id, unit_id=case.unit_id)
    return hold


def lift_hold(case: Case, user: User) -> None:
    """Lift the legal hold of ``case``: the job reaches it again when its time has come."""
    if not may_hold(user, case):
        raise DomainError("Du får inte häva spärren på det här ärendet.")
    hold = hold_of(case.id)
    if hold is None:
        raise DomainError("Ärendet är inte spärrat mot gallring.")
    db.session.delete(hold)
    db.session.flush()
    trail.record("legal_hold_lift", case_id=case.id, unit_id=case.unit_id)
