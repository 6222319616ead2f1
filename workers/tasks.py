"""Celery tasks. Each re-reads its state and may run twice without doing its work twice."""
from datetime import date, datetime

from celery import shared_task

from casework.core.clock import local_today
from casework.outbox import services as outbox
from casework.reminders import digests, dispatch, sending
from casework.reports.schedule import due_period_end
from casework.reports.snapshots import take_snapshots
from casework.retention import services as retention


@shared_task
def take_tertial_snapshots(today_iso: str | None = None) -> int:
    """Beat runs this daily: from a tertial's run day on, it freezes every node's table once.

    ``today_iso`` (YYYY-MM-DD) stands in for today in Stockholm. Returns how many snapshots it
    took: 0 once every node has its snapshot of the latest tertial due.
    """
    today = date.fromisoformat(today_iso) if today_iso else local_today()
    return len(take_snapshots(due_period_end(today)))


@shared_task
def dispatch_reminders(now_iso: str | None = None) -> dict:
    """Beat runs this every minute: the due-scan of casework.reminders.dispatch."""
    scan = dispatch.dispatch(datetime.fromisoformat(now_iso) if now_iso else None)
    return {"created": scan.created, "queued": scan.queued, "ran": scan.ran}


@shared_task
def make_weekly_digests() -> int:
    """Beat runs this on Monday mornings; the next due-scan sends the digests."""
    return digests.make_digests()


@shared_task
def send_notifications(notification_ids: list[int], now_iso: str | None = None) -> list:
    """Send these reminders, escalations or digests, each unless another worker has.
    ``now_iso`` is the clock of a due-scan run with ``--now``."""
    now = datetime.fromisoformat(now_iso) if now_iso else None
    return [status.value if status else None
            for status in sending.send(notification_ids, now)]


@shared_task
def send_outgoing_mail(mail_ids: list[int]) -> list:
    """Send these mails of the outbox, each unless another worker has."""
    return [status.value if status else None for status in outbox.send(mail_ids)]


@shared_task
def send_due_mail() -> int:
    """Beat runs this every minute: the outbox's retries and lost mails."""
    return outbox.send_due()


@shared_task
def run_retention(today_iso: str | None = None) -> dict:
    """Beat runs this nightly: anonymise the cases whose time has come (each batch committed on
    its own) and prune the audit trail. Running it twice anonymises nothing twice."""
    result = retention.run(date.fromisoformat(today_iso) if today_iso else None)
    return {"cases": result.cases, "pruned": result.pruned}
