"""A random case set for the retention tests: the demo's district of handled cases (seeded),
with one old complaint given everything personal a case can hang on to (contact details, an
attachment, a correction, a follow-up answer and its reopen request, an outgoing mail), and
the report tables and personal fields read whole, to compare before and after a run."""
from datetime import date, timedelta

import sqlalchemy as sa

from casework.attachments.services import add_files
from casework.cases.models import Case, CaseEvent
from casework.core import unit_of_work
from casework.core.case_types import CLOSED_STATUS, CaseType
from casework.core.clock import local_today, utcnow
from casework.core.extensions import db
from casework.core.taxonomy import catalogue
from casework.demo.generator import generate
from casework.followup.models import Answer, FollowUp, ReopenRequest, RequestStatus
from casework.organisation.models import OrgNode
from casework.outbox.models import OutgoingMail, Purpose
from casework.reports import export
from casework.reports.counting import count_reports
from casework.reports.notes import with_notes
from casework.reports.snapshot_models import ReportSnapshot
from casework.retention import MARKER
from casework.retention.anonymise import CONTACT, PERSONAL_TEXTS
from casework.retention.models import RetentionLogEntry
from tests.attachments import samples
from tests.attachments.samples import upload

#: The run's day: three years on, every closed complaint of the demo is due (two years after
#: closing) and the deviations of its first year or so (five years after the last entry).
LATER = timedelta(days=3 * 365)


def build(cases: int = 160, seed: int = 11) -> Case:
    """The demo's cases; returns the complaint given every personal extra."""
    generate(cases, seed=seed)
    old = db.session.scalar(sa.select(Case).where(
        Case.type == CaseType.KLAGOMAL, Case.status == CLOSED_STATUS)
        .order_by(Case.closed_on, Case.id).limit(1))
    old.contact, old.contact_email = "Anna Andersson, 070-123 45 67", "anna@example.se"
    db.session.add(CaseEvent(case_id=old.id, event="corrected", data={"changes": [
        ["description", "Hemtjänsten kom inte till Anna.", old.description],
        ["source", "annan", old.source]]}))
    answer = FollowUp(case_id=old.id, token_hash="a" * 64, expires_at=utcnow(),
                      answered_at=utcnow(), answer=Answer.NEJ, comment="Ingen ringde mig.")
    db.session.add(answer)
    db.session.flush()
    db.session.add(ReopenRequest(case_id=old.id, follow_up_id=answer.id,
                                 status=RequestStatus.DECLINED, reason="Anna fick svar per brev."))
    db.session.add(OutgoingMail(case_id=old.id, purpose=Purpose.ANSWER, send_at=utcnow(),
                                to_address="anna@example.se", subject="Svar på ditt klagomål",
                                body="Hej Anna, vi har pratat med personalen."))
    with unit_of_work.unit():
        add_files(old, [upload("brev.pdf", samples.pdf()), upload("foto.png", samples.png())],
                  by=None)
    return old


def run_day() -> date:
    return local_today() + LATER


def report_tables() -> dict:
    """Every report table as ``casework report --format json`` gives it: for every node, every
    year with cases, every template and the cut-offs of each tertial, of today and of the run."""
    nodes = list(db.session.scalars(sa.select(OrgNode).order_by(OrgNode.id)))
    first, last = db.session.execute(sa.select(sa.func.min(Case.received_on),
                                               sa.func.max(Case.received_on))).one()
    tables = {}
    for year in range(first.year, last.year + 1):
        cutoffs = {date(year, 4, 30), date(year, 8, 31), date(year, 12, 31), local_today(),
                   run_day()}
        for template in catalogue().templates.values():
            for cutoff in cutoffs:
                for node_id, table in count_reports(template, nodes, year, cutoff).items():
                    tables[node_id, year, template.year, cutoff] = export.to_json(
                        with_notes(table))
    return tables


def snapshots() -> list:
    return [(row.id, row.data) for row in db.session.scalars(
        sa.select(ReportSnapshot).order_by(ReportSnapshot.id))]


def personal_fields() -> dict:
    """(table, case id, row id, column) → value of every personal field there is."""
    found = {}
    for model, (case_column, names) in PERSONAL_TEXTS.items():
        columns = names + (CONTACT if model is Case else ())
        for row in db.session.execute(sa.select(model)).scalars():
            for name in columns:
                found[model.__tablename__, getattr(row, case_column),
                      sa.inspect(row).identity, name] = getattr(row, name)
    for event in db.session.scalars(sa.select(CaseEvent).where(CaseEvent.event == "corrected")):
        found["corrected", event.case_id, event.id, "data"] = event.data
    return found


def anonymised_ids() -> set[int]:
    return set(db.session.scalars(sa.select(RetentionLogEntry.case_id)))


def removed(value) -> bool:
    """An anonymised field: nothing, or the marker (a correction's texts: each one)."""
    if isinstance(value, dict):
        return all(rest[0] in (None, MARKER) and rest[1] in (None, MARKER)
                   for _name, *rest in value["changes"] if _name == "description")
    return value in (None, "", MARKER)
