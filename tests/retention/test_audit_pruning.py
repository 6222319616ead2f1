"""The job prunes the audit trail of rows older than the keep setting, through the one DELETE
the PostgreSQL trigger lets through, and logs the pruning in a row of its own; every other
DELETE (and UPDATE) is still refused."""
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from casework.core.clock import local_today, utcnow
from casework.core.extensions import db
from casework.retention import services
from casework.retention.services import AUDIT_PRUNE_SETTING
from casework.trail.models import AuditEvent


@pytest.fixture
def rows(app_ctx):
    """An audit row of six years ago and one of four."""
    old, young = (AuditEvent(at=utcnow() - timedelta(days=365 * years + 2), action="view",
                             user_id=7, case_id=9, detail={}) for years in (6, 4))
    db.session.add_all([old, young])
    db.session.flush()
    return old.id, young.id


def _ids() -> set[int]:
    return set(db.session.scalars(sa.select(AuditEvent.id)))


def test_rows_past_five_years_are_pruned_and_the_pruning_logged(rows):
    old, young = rows
    # A clock moved ten years on anonymises early, but never prunes what the law still keeps.
    result = services.run(local_today() + timedelta(days=3650))

    assert result.pruned == 1 and old not in _ids() and young in _ids()
    [logged] = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "audit_prune"))
    assert logged.detail == {"pruned": 1, "before": result.audit_cutoff.isoformat()}
    assert logged.case_id is None and logged.user_id is None
    assert services.run().pruned == 0  # once


def test_a_dry_run_counts_the_rows_and_prunes_none(rows):
    assert services.run(dry_run=True).pruned == 1
    assert set(rows) <= _ids()


# PostgreSQL only: SQLite, the embedded demo database, has no trigger.
@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
@pytest.mark.parametrize("statement", ["plain", "young", "update", "truncate"])
def test_the_trigger_still_refuses_every_other_change(rows, statement):
    old, young = rows
    setting = sa.select(sa.func.set_config(AUDIT_PRUNE_SETTING, "on", True))
    sql = {
        "plain": [sa.delete(AuditEvent).where(AuditEvent.id == old)],
        "young": [setting, sa.delete(AuditEvent).where(AuditEvent.id == young)],
        "update": [setting, sa.update(AuditEvent).where(AuditEvent.id == old).values(action="x")],
        "truncate": [setting, sa.text("TRUNCATE audit_events")],
    }[statement]
    with pytest.raises(DBAPIError, match="append-only"), db.session.begin_nested():
        for one in sql:
            db.session.execute(one)
    assert set(rows) <= _ids()
