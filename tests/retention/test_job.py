"""The retention job on a random case set: the report tables and the frozen snapshots are the
same after it, every personal field of an anonymised case is gone, the others are untouched, the
files are gone from storage, a second run changes nothing, a held case is kept and a dry run
only counts."""
from datetime import date, datetime, timezone

import pytest
import sqlalchemy as sa

from casework.attachments.models import Attachment
from casework.attachments.storage import MissingFile, storage
from casework.access.policy import LEGAL_TYPES
from casework.cases.models import Case, CaseAction, CaseEvent
from casework.core.case_types import CLOSED_STATUS, ENDED_STATUSES
from casework.core.delivery import Status
from casework.core.extensions import db
from casework.outbox.models import OutgoingMail
from casework.retention import MARKER, services
from casework.trail.models import AuditEvent
from tests import factories
from tests.retention import world


@pytest.fixture
def old(app_ctx):
    return world.build()


@pytest.fixture
def held(old):
    """Another closed complaint, held by its unit's enhetschef."""
    case = db.session.scalar(sa.select(Case).where(
        Case.type == old.type, Case.status == old.status, Case.id != old.id,
        Case.closed_on.is_not(None)).order_by(Case.closed_on, Case.id).limit(1))
    chef = factories.user("enhetschef", case.unit)
    services.place_hold(case, "Pågående ärende hos IVO.", chef)
    return case


def test_the_report_tables_stay_and_the_personal_data_of_the_cases_due_goes(old, held):
    tables, frozen, fields = world.report_tables(), world.snapshots(), world.personal_fields()
    keys = [row.storage_key for row in db.session.scalars(
        sa.select(Attachment).where(Attachment.case_id == old.id))]

    result = services.run(world.run_day(), batch=7)  # several batches per rule

    done = world.anonymised_ids()
    assert old.id in done and held.id not in done
    assert result.cases == len(done) and {rule for rule, _ in result.counts} == {
        "complaints", "deviations"}
    assert world.report_tables() == tables
    assert world.snapshots() == frozen
    after = world.personal_fields()
    changed = {key for key in fields if after[key] != fields[key]}
    assert {case_id for _, case_id, _, _ in changed} <= done  # nobody else's data changed
    for key, value in after.items():
        if key[1] in done:
            assert world.removed(value), key
    assert (fields["cases", old.id, (old.id,), "description"] != MARKER
            and after["cases", old.id, (old.id,), "description"] == MARKER)
    assert after["cases", old.id, (old.id,), "contact_email"] is None
    assert db.session.scalar(sa.select(OutgoingMail.status).where(
        OutgoingMail.case_id == old.id)) is Status.CANCELLED  # it would go to the marker
    for key in keys:
        with pytest.raises(MissingFile):
            storage().get(key)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "anonymise")) == len(done)

    # Three years later again every ended case is due, the legal ones too.
    services.run(world.run_day() + world.LATER)
    done = world.anonymised_ids()
    legal = set(db.session.scalars(sa.select(Case.id).where(Case.type.in_(LEGAL_TYPES),
                                                            Case.status.in_(ENDED_STATUSES))))
    assert legal and legal <= done
    assert world.report_tables() == tables and world.snapshots() == frozen
    for key, value in world.personal_fields().items():
        assert world.removed(value) if key[1] in done else value == fields[key], key


def test_a_second_run_changes_nothing(old):
    services.run(world.run_day())
    fields, done = world.personal_fields(), world.anonymised_ids()
    audit = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))

    again = services.run(world.run_day())

    assert (again.cases, again.pruned) == (0, 0)
    assert world.personal_fields() == fields and world.anonymised_ids() == done
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == audit


def test_a_dry_run_counts_per_rule_and_unit_and_changes_nothing(old, held):
    fields = world.personal_fields()

    dry = services.run(world.run_day(), dry_run=True)

    assert world.personal_fields() == fields and world.anonymised_ids() == set()
    assert dry.counts[("complaints", old.unit.code)] >= 1
    real = services.run(world.run_day())
    assert real.counts == dry.counts


def test_a_lifted_hold_lets_the_job_reach_the_case(held):
    chef = factories.user("enhetschef", held.unit)
    services.run(world.run_day())
    assert held.id not in world.anonymised_ids()
    assert db.session.get(Case, held.id).description != MARKER

    services.lift_hold(held, chef)
    services.run(world.run_day())

    assert held.id in world.anonymised_ids()
    assert [row.action for row in db.session.scalars(sa.select(AuditEvent).where(
        AuditEvent.case_id == held.id, AuditEvent.action.like("legal_hold%"))
        .order_by(AuditEvent.id))] == ["legal_hold", "legal_hold_lift"]


def test_the_last_entry_is_the_latest_day_anything_was_recorded(app_ctx):
    """A deviation closed in 2020 whose last action is of 2022 is kept five years from 2022;
    its history's steps (moved back to 2020 here) count as entries too."""
    unit = factories.node("enhet", "Enhet L", factories.node("forvaltning", "Förvaltning L"))
    case = factories.case(unit, "avvikelse", received_on=date(2020, 1, 2))
    case.status, case.closed_on = CLOSED_STATUS, date(2020, 1, 3)
    db.session.execute(sa.update(CaseEvent).where(CaseEvent.case_id == case.id)
                       .values(at=datetime(2020, 1, 3, 12, tzinfo=timezone.utc)))
    db.session.add(CaseAction(case_id=case.id, description="Rutinen ändrad.",
                              taken_on=date(2022, 6, 1)))
    db.session.flush()
    assert services.run(date(2027, 5, 31)).cases == 0
    assert services.run(date(2027, 6, 1)).cases == 1
