"""Celery tasks. Each re-reads its state and may run twice without doing its work twice."""
from datetime import date

from celery import shared_task

from casework.cases.services import local_today
from casework.extensions import db
from casework.reports.schedule import due_period_end
from casework.reports.snapshots import take_snapshots


@shared_task
def take_tertial_snapshots(today_iso: str | None = None) -> int:
    """Beat runs this daily: from a tertial's run day on, it freezes every node's table once.

    ``today_iso`` (YYYY-MM-DD) stands in for today in Stockholm. Returns how many snapshots it
    took: 0 once every node has its snapshot of the latest tertial due.
    """
    today = date.fromisoformat(today_iso) if today_iso else local_today()
    created = take_snapshots(due_period_end(today))
    db.session.commit()
    return len(created)
